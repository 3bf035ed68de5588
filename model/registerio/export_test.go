package registerio_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"outsec/i18n"
	"outsec/model"
	"outsec/model/registerio"
	"outsec/model/risk"
)

// sample is an assessment with every register filled, recomputed.
func sample() *risk.Assessment {
	a := &risk.Assessment{
		Settings: risk.DefaultSettings(risk.MethodMatrix),
		Assets: []risk.Asset{
			{ID: 1, Name: "业务数据库", Type: "data", Owner: "张伟", C: 5, I: 4, A: 3, Notes: "含个人信息\n第二行"},
			{ID: 2, Name: "门户网站", Type: "software", C: 2, I: 4, A: 5},
			{ID: 3, Name: "=HYPERLINK(\"x\")", Type: "other", C: 1, I: 1, A: 1, Notes: "-1 @x"},
		},
		Threats: []risk.Threat{
			{ID: 1, Name: "恶意代码", Source: risk.SourceHumanMalicious, Path: risk.PathIndirect, Method: "传播计算机病毒", Frequency: 4},
			{ID: 2, Name: "机房断电", Source: risk.SourceFacilityFailure, Path: risk.PathDirect, Frequency: 1, Notes: "UPS 30 分钟"},
		},
		Vulns: []risk.Vulnerability{
			{ID: 1, AssetID: 2, Description: "未及时安装安全补丁", Category: "host", Severity: 4, Identified: "scan"},
			{ID: 2, AssetID: 1, Description: "备份未异地保存, \"仅本地\"", Category: "data", Severity: 3, Identified: "document_review"},
		},
		Risks: []risk.Risk{
			{ID: 1, AssetID: 2, ThreatID: 1, VulnID: 1, Treatment: risk.Treatment{Option: risk.TreatControl, Measure: "每月打补丁", Owner: "李娜", Deadline: "2026-06-30", Cost: 12000.5, Status: "planned"}, ResidualThreat: 2, ResidualVuln: 2},
			{ID: 2, AssetID: 1, ThreatID: 2, VulnID: 2},
		},
	}
	a.Recompute()
	return a
}

func TestExportCSVRoundTrip(t *testing.T) {
	a := sample()
	regs := registerio.FromAssessment(a)
	for _, cat := range []*i18n.Catalog{zh, en} {
		b, err := registerio.ExportCSV(registerio.KindAssets, regs, cat.T)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte("\ufeff")) || !bytes.Contains(b, []byte("\r\n")) {
			t.Errorf("no BOM or CRLF: %q", b[:20])
		}
		// A value a spreadsheet would run is guarded.
		if !bytes.Contains(b, []byte(`"'=HYPERLINK(""x"")"`)) || !bytes.Contains(b, []byte("'-1 @x")) {
			t.Errorf("not guarded:\n%s", b)
		}
		res := mustParse(t, "", b)
		want := make([]risk.Asset, len(a.Assets))
		for i, as := range a.Assets {
			as.ID, as.Value, as.Level = 0, 0, 0
			want[i] = as
		}
		if !reflect.DeepEqual(res.Assets, want) {
			t.Errorf("%s: assets\n%+v\nwant\n%+v", cat.Lang(), res.Assets, want)
		}

		b, err = registerio.ExportCSV(registerio.KindThreats, regs, cat.T)
		if err != nil {
			t.Fatal(err)
		}
		res = mustParse(t, "", b)
		wantT := make([]risk.Threat, len(a.Threats))
		for i, th := range a.Threats {
			th.ID = 0
			wantT[i] = th
		}
		if !reflect.DeepEqual(res.Threats, wantT) {
			t.Errorf("%s: threats %+v", cat.Lang(), res.Threats)
		}

		b, err = registerio.ExportCSV(registerio.KindVulns, regs, cat.T)
		if err != nil {
			t.Fatal(err)
		}
		res = mustParse(t, "", b, "业务数据库", "门户网站")
		if len(res.Vulns) != 2 || res.Vulns[0].Asset != "门户网站" || res.Vulns[1].Description != a.Vulns[1].Description ||
			res.Vulns[1].Identified != "document_review" || res.Vulns[0].Severity != 4 {
			t.Errorf("%s: vulns %+v", cat.Lang(), res.Vulns)
		}
	}
}

func TestExportCSVContent(t *testing.T) {
	regs := registerio.FromAssessment(sample())
	b, err := registerio.ExportCSV(registerio.KindAssets, regs, zh.T)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\r\n")
	if lines[0] != "\ufeff资产名称,资产类型,责任人,保密性（C）,完整性（I）,可用性（A）,资产价值,资产等级,备注" ||
		lines[1] != "业务数据库,数据,张伟,5,4,3,5,5,\"含个人信息" {
		t.Errorf("%q", lines[:2])
	}
	b, err = registerio.ExportCSV(registerio.KindRisks, regs, en.T)
	if err != nil {
		t.Fatal(err)
	}
	lines = strings.Split(string(b), "\r\n")
	want := []string{
		"\ufeffAsset,Threat,Vulnerability,Likelihood,Likelihood level,Loss,Loss level,Risk value,Risk level,Treatment,Measure,Owner,Deadline,Cost estimate (yuan),Status,Residual risk value,Residual risk level",
		// threat 4 × vuln 4 → 18 (level 4); asset 门户网站 max(2,4,5)=5 × vuln 4 → 21 (level 5); risk (4,5) → 23, level 4.
		// Residual: threat 2 × vuln 2 → 6 (level 2); asset 5 × vuln 2 → 10 (level 2); risk (2,2) → 8, level 2.
		"门户网站,恶意代码,未及时安装安全补丁,18,4,21,5,23,4,control,每月打补丁,李娜,2026-06-30,12000.5,planned,8,2",
		// threat 1 × vuln 3 → 7 (level 2); asset 业务数据库 5 × vuln 3 → 16 (level 4); risk A.5 (2,4) → 15, level 3.
		"业务数据库,机房断电,\"备份未异地保存, \"\"仅本地\"\"\",7,2,16,4,15,3,,,,,,,,",
		"",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("risks:\n%s", strings.Join(lines, "\n"))
	}
}

func TestExportXLSX(t *testing.T) {
	regs := registerio.FromAssessment(sample())
	b, err := registerio.ExportXLSX(nil, regs, zh.T)
	if err != nil {
		t.Fatal(err)
	}
	// The same data gives the same bytes.
	b2, err := registerio.ExportXLSX(nil, regs, zh.T)
	if err != nil || !bytes.Equal(b, b2) {
		t.Fatalf("not deterministic (%v)", err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"资产", "威胁", "脆弱性", "风险", "选项"}) {
		t.Errorf("sheets %v", got)
	}
	if v, _ := f.GetSheetVisible("选项"); v {
		t.Error("the lists sheet is visible")
	}
	// Numbers are numbers; the heading row is styled and frozen.
	// (A cell with no type attribute is a number.)
	if typ, _ := f.GetCellType("资产", "D2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("C is %v", typ)
	}
	if typ, _ := f.GetCellType("资产", "A2"); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
		t.Errorf("name is %v", typ)
	}
	if v, _ := f.GetCellValue("资产", "G3"); v != "5" {
		t.Errorf("value %q", v)
	}
	style, _ := f.GetCellStyle("资产", "A1")
	if st, _ := f.GetStyle(style); st == nil || st.Font == nil || !st.Font.Bold {
		t.Errorf("heading style %+v", st)
	}
	panes, _ := f.GetPanes("资产")
	if !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
		t.Errorf("panes %+v", panes)
	}
	if w, _ := f.GetColWidth("资产", "A"); w < 10 {
		t.Errorf("width %v", w)
	}
	// 1–5 columns and value lists are validated.
	dvs, _ := f.GetDataValidations("资产")
	byRef := map[string]*excelize.DataValidation{}
	for _, dv := range dvs {
		byRef[dv.Sqref] = dv
	}
	if dv := byRef["D2:D1048576"]; dv == nil || dv.Type != "whole" || dv.Formula1 != "1" || dv.Formula2 != "5" {
		t.Errorf("C validation %+v", dv)
	}
	if dv := byRef["B2:B1048576"]; dv == nil || dv.Type != "list" || !strings.HasPrefix(dv.Formula1, "'选项'!$A$1:$A$") {
		t.Errorf("type validation %+v", dv)
	}
	if dvs, _ := f.GetDataValidations("脆弱性"); len(dvs) != 3 {
		t.Errorf("vulnerability validations %d", len(dvs))
	}
	if dvs, _ := f.GetDataValidations("风险"); len(dvs) != 0 {
		t.Errorf("risk validations %d", len(dvs))
	}

	// The workbook imports as it is: the risks and the lists are skipped.
	for _, cat := range []*i18n.Catalog{zh, en} {
		b, err := registerio.ExportXLSX(nil, regs, cat.T)
		if err != nil {
			t.Fatal(err)
		}
		res := mustParse(t, "", b)
		if len(res.Assets) != 3 || len(res.Threats) != 2 || len(res.Vulns) != 2 {
			t.Fatalf("%s: %+v", cat.Lang(), res)
		}
		if res.Assets[2].Name != regs.Assets[2].Name || res.Vulns[1].Description != regs.Vulns[1].Description ||
			res.Threats[1].Source != risk.SourceFacilityFailure || res.Assets[0].Notes != regs.Assets[0].Notes {
			t.Errorf("%s: %+v", cat.Lang(), res)
		}
		wantSkipped := []string{cat.T("registerio.sheet.risks")}
		if !reflect.DeepEqual(res.Skipped, wantSkipped) {
			t.Errorf("skipped %v", res.Skipped)
		}
	}

	// One register.
	b, err = registerio.ExportXLSX([]registerio.Kind{registerio.KindThreats}, regs, en.T)
	if err != nil {
		t.Fatal(err)
	}
	res := mustParse(t, registerio.KindThreats, b)
	if len(res.Threats) != 2 {
		t.Errorf("%+v", res)
	}

	// Empty registers: headings only, and it still opens.
	b, err = registerio.ExportXLSX(nil, registerio.Registers{}, en.T)
	if err != nil {
		t.Fatal(err)
	}
	if _, ps := registerio.Parse("", "e.xlsx", b, nil); len(ps) != 1 || ps[0].Key != registerio.KeyHeaderOnly {
		t.Errorf("%v", ps)
	}
}

// Every label the catalogs give a value or a column is read back as that value
// or column, in both languages: what outsec writes, it reads.
func TestCatalogLabelsAreAccepted(t *testing.T) {
	regs := registerio.Registers{}
	for _, cat := range []*i18n.Catalog{zh, en} {
		for _, k := range registerio.ImportKinds {
			b, err := registerio.ExportCSV(k, regs, cat.T)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(b), "⟦") {
				t.Errorf("%s %s: missing key: %s", cat.Lang(), k, b)
			}
			// Headings only: every column is known.
			if _, ps := registerio.Parse(k, "h.csv", b, nil); len(ps) != 1 || ps[0].Key != registerio.KeyHeaderOnly {
				t.Errorf("%s %s: %v", cat.Lang(), k, texts(ps, cat.T))
			}
			if _, ps := registerio.Parse("", "h.csv", b, nil); len(ps) != 1 || ps[0].Key != registerio.KeyHeaderOnly {
				t.Errorf("%s %s detected: %v", cat.Lang(), k, texts(ps, cat.T))
			}
		}
		b, _ := registerio.ExportCSV(registerio.KindRisks, regs, cat.T)
		if strings.Contains(string(b), "⟦") {
			t.Errorf("%s risks: missing key: %s", cat.Lang(), b)
		}
		// An exported risks file is told as one, and refused.
		if _, ps := registerio.Parse("", "r.csv", append(b, "a,b,c\r\n"...), nil); len(ps) != 1 || ps[0].Key != registerio.KeyNotImportable {
			t.Errorf("%s risks: %v", cat.Lang(), texts(ps, cat.T))
		}
		// Each value of each list, by its label.
		for _, as := range risk.AssetTypes {
			label := cat.T("risk.asset_type." + string(as))
			res, ps := registerio.Parse(registerio.KindAssets, "", []byte("名称,类型,C,I,A\nx,\""+label+"\",1,1,1\n"), nil)
			if len(ps) > 0 || res.Assets[0].Type != as {
				t.Errorf("%s asset type %q: %v", cat.Lang(), label, texts(ps, en.T))
			}
		}
		for _, s := range risk.ThreatSources {
			for _, p := range risk.ThreatPaths {
				ls, lp := cat.T("risk.source."+string(s)), cat.T("risk.path."+string(p))
				res, ps := registerio.Parse(registerio.KindThreats, "", []byte("名称,来源,途径,频率\nx,\""+ls+"\",\""+lp+"\",1\n"), nil)
				if len(ps) > 0 || res.Threats[0].Source != s || res.Threats[0].Path != p {
					t.Errorf("%s threat %q %q: %v", cat.Lang(), ls, lp, texts(ps, en.T))
				}
			}
		}
		for _, c := range risk.VulnCategories {
			for _, id := range risk.Identifications {
				lc, li := cat.T("risk.category."+string(c)), cat.T("risk.identified."+string(id))
				res, ps := registerio.Parse(registerio.KindVulns, "", []byte("资产,描述,类别,严重程度,识别方式\na,d,\""+lc+"\",1,\""+li+"\"\n"), []string{"a"})
				if len(ps) > 0 || res.Vulns[0].Category != c || res.Vulns[0].Identified != id {
					t.Errorf("%s vuln %q %q: %v", cat.Lang(), lc, li, texts(ps, en.T))
				}
			}
		}
	}
}

// Every message a problem can carry is in both catalogs.
func TestProblemKeysExist(t *testing.T) {
	for _, k := range []string{
		registerio.KeyEmpty, registerio.KeyTooLarge, registerio.KeyHeaderOnly, registerio.KeyTooManyRows,
		registerio.KeyNotUTF8, registerio.KeyGBK, registerio.KeyUTF16, registerio.KeyXLS, registerio.KeyXLSXBroken,
		registerio.KeyXLSXUnzipped, registerio.KeyCSVQuote, registerio.KeyCSVBareQuote, registerio.KeyCSVSyntax,
		registerio.KeyKindUnknown, registerio.KeyNoSheet, registerio.KeyNoRegisterSht, registerio.KeyUnknownColumn,
		registerio.KeyMissingColumn, registerio.KeyDuplicateCol, registerio.KeyBlankHeading, registerio.KeyRequired,
		registerio.KeyNotInteger, registerio.KeyRange, registerio.KeyChoice, registerio.KeyTooLong, registerio.KeyBadText,
		registerio.KeyOneLine, registerio.KeyUnknownAsset, registerio.KeyDuplicateAsset, registerio.KeyAssetExists,
		registerio.KeyNotImportable, registerio.KeyNotXLSX, registerio.KeyDuplicateSheet,
	} {
		for _, c := range []*i18n.Catalog{zh, en} {
			if !c.Has(k) {
				t.Errorf("%s: no %q", c.Lang(), k)
			}
		}
	}
	for _, k := range registerio.Kinds {
		for _, c := range []*i18n.Catalog{zh, en} {
			if !c.Has(k.Label()) || !c.Has(k.SheetLabel()) {
				t.Errorf("%s: no label of %s", c.Lang(), k)
			}
			// An exported sheet's name is read back as its register.
			if got, ok := registerio.ParseKind(c.T(k.SheetLabel())); !ok || got != k {
				t.Errorf("%s: sheet %q read as %q", c.Lang(), c.T(k.SheetLabel()), got)
			}
		}
	}
}

func TestRecordsPreviewAndFieldProblem(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "资产")
	f.SetSheetRow("资产", "A1", &[]any{"名称", "类型", "C", "I", "A"})
	f.SetSheetRow("资产", "A2", &[]any{"新资产", "数据", 1, 2, 3})
	f.NewSheet("脆弱性")
	f.SetSheetRow("脆弱性", "A1", &[]any{"资产", "描述", "类别", "严重程度", "识别方式"})
	f.SetSheetRow("脆弱性", "A2", &[]any{"新资产", "弱口令", "应用", 4, "验证"})
	f.SetSheetRow("脆弱性", "A4", &[]any{"旧资产", "未加密", "数据", 2, "interview"})
	res := mustParse(t, "", xlsxBytes(t, f), "旧资产")

	assets, threats, vulns := res.Records([]risk.Asset{{ID: 7, Name: "旧资产"}})
	if len(assets) != 1 || assets[0].ID != -1 || len(threats) != 0 || len(vulns) != 2 ||
		vulns[0].AssetID != -1 || vulns[1].AssetID != 7 {
		t.Errorf("%+v %+v", assets, vulns)
	}
	// Records are copies.
	assets[0].Name = "x"
	if res.Assets[0].Name != "新资产" {
		t.Error("Records shares the result's slices")
	}

	heads, rows := res.Preview(registerio.KindVulns, en.T, 5)
	if strings.Join(heads, "|") != "Asset|Description|Category|Severity|Identified by" ||
		len(rows) != 2 || strings.Join(rows[1], "|") != "旧资产|未加密|data|2|interview" {
		t.Errorf("%q %q", heads, rows)
	}
	if _, rows := res.Preview(registerio.KindVulns, zh.T, 1); len(rows) != 1 || rows[0][2] != "应用" {
		t.Errorf("%q", rows)
	}

	// A problem the store finds with record 1 of the vulnerabilities is
	// shown at its row and column.
	p := res.FieldProblem(registerio.KindVulns, 1, model.FieldError{Field: "vulnerability.severity", Key: "riskstore.err.rating", Args: []any{9}})
	if p.Sheet != "脆弱性" || p.Row != 4 || p.Col != 4 || p.Column != "严重程度" {
		t.Errorf("%+v", p)
	}
	p = res.FieldProblem(registerio.KindVulns, 0, model.FieldError{Field: "vulnerability.asset_id", Key: "err.required"})
	if p.Row != 2 || p.Column != "资产" {
		t.Errorf("%+v", p)
	}
}

// A text that looks like a formula is written to XLSX as text.
func TestExportXLSXWritesNoFormula(t *testing.T) {
	b, err := registerio.ExportXLSX([]registerio.Kind{registerio.KindAssets}, registerio.FromAssessment(sample()), zh.T)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if fm, _ := f.GetCellFormula("资产", "A4"); fm != "" {
		t.Errorf("formula %q", fm)
	}
	if v, _ := f.GetCellValue("资产", "A4"); v != `=HYPERLINK("x")` {
		t.Errorf("%q", v)
	}
}
