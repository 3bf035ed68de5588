package registerio_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"outsec/i18n"
	"outsec/model/registerio"
	"outsec/model/risk"
)

var (
	zh = i18n.New(i18n.ZH)
	en = i18n.New(i18n.EN)
)

// keys lists the problems as "row/col key" for comparison; the sheet when set.
func keys(ps registerio.Problems) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		s := fmt.Sprintf("%d/%s %s", p.Row, registerio.ColumnLetter(p.Col), p.Key)
		if p.Sheet != "" {
			s = p.Sheet + "!" + s
		}
		out[i] = s
	}
	return out
}

func texts(ps registerio.Problems, t registerio.Translator) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Text(t)
	}
	return out
}

func wantKeys(t *testing.T, ps registerio.Problems, want ...string) {
	t.Helper()
	got := keys(ps)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n  %s\nwant:\n  %s\n(zh: %s)", strings.Join(got, "\n  "), strings.Join(want, "\n  "),
			strings.Join(texts(ps, zh.T), " | "))
	}
}

func parse(t *testing.T, kind registerio.Kind, data string, existing ...string) (registerio.Result, registerio.Problems) {
	t.Helper()
	return registerio.Parse(kind, "test.csv", []byte(data), existing)
}

func mustParse(t *testing.T, kind registerio.Kind, data []byte, existing ...string) registerio.Result {
	t.Helper()
	res, ps := registerio.Parse(kind, "test", data, existing)
	if len(ps) > 0 {
		t.Fatalf("problems: %s", strings.Join(texts(ps, en.T), "\n"))
	}
	return res
}

var wantAssets = []risk.Asset{
	{Name: "业务数据库", Type: "data", Owner: "张伟", C: 5, I: 4, A: 3, Notes: "含个人信息"},
	{Name: "门户网站", Type: "software", Owner: "", C: 2, I: 4, A: 5},
}

func TestParseCSVAssetsBothLanguagesAnyOrder(t *testing.T) {
	files := map[string]string{
		"zh": "\ufeff资产名称,资产类型,责任人,保密性,完整性,可用性,备注\r\n" +
			"业务数据库,数据,张伟,5,4,3,含个人信息\r\n" +
			"门户网站,软件,,2,4,5,\r\n",
		"en shuffled": "Availability,notes,Name,C,Type,Integrity,owner\n" +
			"3,含个人信息,业务数据库,5,data,4,张伟\n" +
			"5,,门户网站,2,Software,4,\n",
		"tab, codes and exported headings": "资产名称\t资产类型\t保密性(C)\t完整性(I)\t可用性(A)\t资产价值\t资产等级\t责任人\t备注\n" +
			"业务数据库\tdata\t5\t4\t3\t5\t5\t张伟\t含个人信息\n" +
			"\n" + // a blank line is skipped
			"门户网站\t软件\t2.0\t４\t很高\t\t\t\t\n",
		"xlsx-like headings with remarks": "序号,名称（资产）,类型,负责人,保密性【1-5】,完整性 (1–5),可用性(1-5),说明\n" +
			"1,业务数据库,数据,张伟,5,4,3,含个人信息\n" +
			"2,门户网站,软件,,2,4,5,\n",
	}
	for name, data := range files {
		t.Run(name, func(t *testing.T) {
			for _, kind := range []registerio.Kind{"", registerio.KindAssets} {
				res := mustParse(t, kind, []byte(data))
				if !reflect.DeepEqual(res.Assets, wantAssets) {
					t.Errorf("kind %q: %+v", kind, res.Assets)
				}
				if res.Format != registerio.FormatCSV || !reflect.DeepEqual(res.Kinds, []registerio.Kind{registerio.KindAssets}) {
					t.Errorf("format %s kinds %v", res.Format, res.Kinds)
				}
			}
		})
	}
	res := mustParse(t, "", []byte(files["zh"]))
	if got := res.Rows[registerio.KindAssets]; !reflect.DeepEqual(got, []int{2, 3}) {
		t.Errorf("rows %v", got)
	}
	res = mustParse(t, "", []byte(files["tab, codes and exported headings"]))
	if got := res.Rows[registerio.KindAssets]; !reflect.DeepEqual(got, []int{2, 4}) {
		t.Errorf("rows with a blank line %v", got)
	}
}

func TestParseCSVThreatsAndVulnerabilities(t *testing.T) {
	res, ps := parse(t, "", "威胁名称,威胁来源,威胁途径,威胁方式,出现频率\n"+
		"恶意代码,人为因素(恶意),间接接触(网络、语音、视频等),传播计算机病毒,4\n"+
		"机房断电,\"environmental, facility failure\",direct,,1\n"+
		"误操作,human_non_malicious,直接,,中\n")
	if len(ps) > 0 {
		t.Fatal(texts(ps, en.T))
	}
	want := []risk.Threat{
		{Name: "恶意代码", Source: risk.SourceHumanMalicious, Path: risk.PathIndirect, Method: "传播计算机病毒", Frequency: 4},
		{Name: "机房断电", Source: risk.SourceFacilityFailure, Path: risk.PathDirect, Frequency: 1},
		{Name: "误操作", Source: risk.SourceHumanNonMalicious, Path: risk.PathDirect, Frequency: 3},
	}
	if !reflect.DeepEqual(res.Threats, want) || res.Kinds[0] != registerio.KindThreats {
		t.Errorf("%+v", res.Threats)
	}

	// A vulnerability names an asset of the engagement.
	res, ps = parse(t, "", "Severity,Asset,Description,Category,Identified by\n"+
		"4,门户网站,未及时安装安全补丁,host,vulnerability scan\n"+
		"3,业务数据库,备份未异地保存,数据,文档审核\n", "门户网站", "业务数据库")
	if len(ps) > 0 {
		t.Fatal(texts(ps, en.T))
	}
	wantV := []registerio.Vuln{
		{Asset: "门户网站", Vulnerability: risk.Vulnerability{Description: "未及时安装安全补丁", Category: "host", Severity: 4, Identified: "scan"}},
		{Asset: "业务数据库", Vulnerability: risk.Vulnerability{Description: "备份未异地保存", Category: "data", Severity: 3, Identified: "document_review"}},
	}
	if !reflect.DeepEqual(res.Vulns, wantV) {
		t.Errorf("%+v", res.Vulns)
	}
	// Not among the engagement's assets: row and column named.
	_, ps = parse(t, registerio.KindVulns, "Severity,Asset,Description,Category,Identified by\n"+
		"4,门户网站,未及时安装安全补丁,host,scan\n", "业务数据库")
	wantKeys(t, ps, "2/B "+registerio.KeyUnknownAsset)
	if got := ps[0].Text(zh.T); got != "第 2 行，“Asset”列：没有名为“门户网站”的资产（本次导入和项目中都没有）" {
		t.Errorf("zh: %s", got)
	}
}

func TestParseValuesOutsideOneToFive(t *testing.T) {
	data := "资产名称,资产类型,保密性,完整性,可用性\n" +
		"a,数据,1,1,1\n" +
		"b,数据,0,5,5\n" +
		"c,数据,6,3.5,三\n" +
		"d,数据,,-1,5\n" +
		"e,数据,2,2,2\n" +
		"f,数据,1,1,1\n"
	_, ps := parse(t, "", data)
	wantKeys(t, ps,
		"3/C "+registerio.KeyRange,
		"4/C "+registerio.KeyRange,
		"4/D "+registerio.KeyNotInteger,
		"4/E "+registerio.KeyNotInteger,
		"5/C "+registerio.KeyRequired,
		"5/D "+registerio.KeyRange,
	)
	if got := ps[1].Text(zh.T); got != "第 4 行，“保密性”列：值 6 不在 1–5 之间" {
		t.Errorf("zh: %s", got)
	}
	if got := ps[1].Text(en.T); got != `row 4, column "保密性": 6 is not within 1–5` {
		t.Errorf("en: %s", got)
	}

	// The brief's example: a severity of 6 on row 7.
	vulns := "资产,脆弱性描述,类别,严重程度,识别方式\n"
	for i := 2; i <= 6; i++ {
		vulns += fmt.Sprintf("门户网站,弱口令 %d,应用,3,验证\n", i)
	}
	vulns += "门户网站,弱口令,应用,6,验证\n"
	_, ps = parse(t, "", vulns, "门户网站")
	if len(ps) != 1 || ps[0].Text(zh.T) != "第 7 行，“严重程度”列：值 6 不在 1–5 之间" ||
		ps[0].Text(en.T) != `row 7, column "严重程度": 6 is not within 1–5` {
		t.Errorf("%v", texts(ps, zh.T))
	}
}

func TestParseWrongColumns(t *testing.T) {
	// Unknown, missing and doubled columns, each named; rows are still checked.
	_, ps := parse(t, registerio.KindAssets, "资产名称,资产类型,保密,完整性,Integrity,可用性\n"+
		"a,数据,5,4,4,9\n")
	wantKeys(t, ps,
		"1/C "+registerio.KeyUnknownColumn,
		"1/E "+registerio.KeyDuplicateCol,
		"1/ "+registerio.KeyMissingColumn,
		"2/F "+registerio.KeyRange,
	)
	got := texts(ps, zh.T)
	want := []string{
		"第 1 行，“保密”列：不是资产登记表的列；可用的列：资产名称、资产类型、责任人、保密性（C）、完整性（I）、可用性（A）、备注",
		"第 1 行，“Integrity”列：与“完整性”列是同一列，出现了两次",
		"第 1 行：缺少必需的列“保密性（C）”（资产登记表）",
		"第 2 行，“可用性”列：值 9 不在 1–5 之间",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("zh:\n%s", strings.Join(got, "\n"))
	}
	got = texts(ps, en.T)
	want = []string{
		`row 1, column "保密": not a column of the assets register; the columns are: Name, Type, Owner, Confidentiality (C), Integrity (I), Availability (A), Notes`,
		`row 1, column "Integrity": the same column as "完整性", given twice`,
		`row 1: the required column "Confidentiality (C)" is missing (assets register)`,
		`row 2, column "可用性": 9 is not within 1–5`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("en:\n%s", strings.Join(got, "\n"))
	}

	// A file whose headings name no register.
	_, ps = parse(t, "", "foo,bar\n1,2\n")
	wantKeys(t, ps, "1/ "+registerio.KeyKindUnknown)

	// A value beyond the headings, and a column with data but no heading.
	_, ps = parse(t, registerio.KindThreats, "名称,来源,,途径,频率\n"+
		"t,恶意,x,直接,3,extra\n")
	wantKeys(t, ps, "1/C "+registerio.KeyBlankHeading, "2/F "+registerio.KeyBlankHeading)

	// Bad choices and empty required values.
	_, ps = parse(t, registerio.KindThreats, "名称,来源,途径,频率\n"+
		",外星人,直接,3\n")
	wantKeys(t, ps, "2/A "+registerio.KeyRequired, "2/B "+registerio.KeyChoice)
	if got := ps[1].Text(zh.T); got != "第 2 行，“来源”列：“外星人”不是可选的值；可选：人为因素（恶意）、人为因素（非恶意）、环境因素（自然灾害）、环境因素（设施故障）" {
		t.Errorf("zh: %s", got)
	}
	// A short row: the missing cells are empty values.
	_, ps = parse(t, registerio.KindThreats, "名称,来源,途径,频率\n"+
		"t,恶意\n")
	wantKeys(t, ps, "2/C "+registerio.KeyRequired, "2/D "+registerio.KeyRequired)
}

func TestParseTextRules(t *testing.T) {
	long := strings.Repeat("长", 201)
	_, ps := parse(t, registerio.KindAssets, "名称,类型,C,I,A,责任人,备注\n"+
		long+",数据,1,1,1,\"two\nlines\",\"notes may\nspan lines\"\n"+
		"b\x01,数据,1,1,1,,\n")
	wantKeys(t, ps, "2/A "+registerio.KeyTooLong, "2/F "+registerio.KeyOneLine, "3/A "+registerio.KeyBadText)

	// An exported value guarded against formulas reads back as it was.
	res := mustParse(t, registerio.KindAssets, []byte("名称,类型,C,I,A,备注\n'=cmd,数据,1,1,1,'-1\n"))
	if res.Assets[0].Name != "=cmd" || res.Assets[0].Notes != "-1" {
		t.Errorf("%+v", res.Assets[0])
	}
	// A CSV quoting error names its row.
	_, ps = parse(t, registerio.KindAssets, "名称,类型,C,I,A\na,数据,1,1,1\nb\"x,数据,1,1,1\n")
	wantKeys(t, ps, "3/B "+registerio.KeyCSVBareQuote)
	_, ps = parse(t, registerio.KindAssets, "名称,类型,C,I,A\na,数据,1,1,1\n\"b,数据,1,1,1\n")
	wantKeys(t, ps, "3/ "+registerio.KeyCSVQuote)
}

func TestParseAssetNames(t *testing.T) {
	_, ps := parse(t, registerio.KindAssets, "名称,类型,C,I,A\n"+
		"a,数据,1,1,1\n"+
		"b,数据,1,1,1\n"+
		"a,数据,1,1,1\n", "b")
	// "b" is in the engagement: a duplicate to skip or update, not a problem.
	wantKeys(t, ps, "4/A "+registerio.KeyDuplicateAsset)
	if got := ps[0].Text(en.T); got != `row 4, column "名称": the asset name "a" is already on row 2; vulnerabilities name their asset, so names must be unique` {
		t.Error(got)
	}
}

func TestParseNotUTF8(t *testing.T) {
	utf := "名称,类型,C,I,A\n数据库,数据,1,1,1\n门户网站,软件,1,1,1\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(utf)
	if err != nil {
		t.Fatal(err)
	}
	_, ps := parse(t, "", gbk)
	wantKeys(t, ps, "1/A "+registerio.KeyGBK)
	if !strings.Contains(ps[0].Text(zh.T), "GBK") || !strings.HasPrefix(ps[0].Text(en.T), "row 1, column A: the text is GBK/GB18030") {
		t.Error(ps[0].Text(en.T))
	}

	// GBK only in one cell of a UTF-8 file: that row and column.
	cell, _ := simplifiedchinese.GBK.NewEncoder().String("门户网站")
	_, ps = parse(t, "", "名称,类型,C,I,A\n数据库,数据,1,1,1\n"+cell+",软件,1,1,1\n")
	wantKeys(t, ps, "3/A "+registerio.KeyGBK)
	if got := ps[0].Text(zh.T); !strings.HasPrefix(got, "第 3 行，“名称”列：文字是 GBK/GB18030 编码") {
		t.Error(got)
	}

	// Latin-1 is not UTF-8 and not Chinese.
	_, ps = parse(t, "", "name,type,c,i,a\ncaf\xe9,data,1,1,1\n")
	wantKeys(t, ps, "2/A "+registerio.KeyNotUTF8)

	// Bad bytes where CSV reading stops still name a row.
	_, ps = parse(t, "", "name,type,c,i,a\na,data,1,1,1\n\"b\xff,data,1,1,1\n")
	wantKeys(t, ps, "3/ "+registerio.KeyNotUTF8)

	// UTF-16 (Excel's "Unicode text").
	_, ps = registerio.Parse("", "x.txt", []byte{0xff, 0xfe, 'n', 0, 'a', 0}, nil)
	wantKeys(t, ps, "0/ "+registerio.KeyUTF16)
}

func TestParseEmptyAndHeaderOnly(t *testing.T) {
	for _, data := range []string{"", "\ufeff", "  \r\n\r\n", ",,,\n,,\n"} {
		_, ps := parse(t, "", data)
		wantKeys(t, ps, "0/ "+registerio.KeyEmpty)
	}
	_, ps := parse(t, "", "名称,类型,C,I,A\r\n")
	wantKeys(t, ps, "0/ "+registerio.KeyHeaderOnly)
	_, ps = parse(t, registerio.KindAssets, "名称,类型,C,I,A\n,,,,\n")
	wantKeys(t, ps, "0/ "+registerio.KeyHeaderOnly)
	if ps[0].Text(zh.T) != "只有表头，没有数据行" {
		t.Error(ps[0].Text(zh.T))
	}

	f := excelize.NewFile()
	_, ps = registerio.Parse("", "x.xlsx", xlsxBytes(t, f), nil)
	wantKeys(t, ps, "0/ "+registerio.KeyEmpty)

	f = excelize.NewFile()
	f.SetSheetName("Sheet1", "资产")
	f.SetSheetRow("资产", "A1", &[]any{"名称", "类型", "C", "I", "A"})
	_, ps = registerio.Parse("", "x.xlsx", xlsxBytes(t, f), nil)
	wantKeys(t, ps, "资产!0/ "+registerio.KeyHeaderOnly)
	_, ps = registerio.Parse(registerio.KindAssets, "x.xlsx", xlsxBytes(t, f), nil)
	wantKeys(t, ps, "资产!0/ "+registerio.KeyHeaderOnly)
	// Several registers, each with headings only.
	f.NewSheet("威胁")
	f.SetSheetRow("威胁", "A1", &[]any{"名称", "来源", "途径", "频率"})
	_, ps = registerio.Parse("", "x.xlsx", xlsxBytes(t, f), nil)
	wantKeys(t, ps, "0/ "+registerio.KeyHeaderOnly)
}

func TestParseSizeLimits(t *testing.T) {
	// A 50 MB file is refused by its size, before anything is read: the
	// file is sparse, so making it costs nothing.
	p := filepath.Join(t.TempDir(), "big.csv")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(50 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	ps := registerio.CheckSize(fi.Size())
	wantKeys(t, ps, "0/ "+registerio.KeyTooLarge)
	if got := ps[0].Text(zh.T); got != "文件有 50 MiB，超过 10 MiB 的上限；请把登记表分成几个文件导入" {
		t.Error(got)
	}
	if registerio.CheckSize(registerio.MaxSize) != nil {
		t.Error("a file of exactly MaxSize refused")
	}
	// What a caller reads is at most MaxSize+1 bytes: Parse refuses that
	// too, at once.
	data := bytes.Repeat([]byte("a,b\n"), registerio.MaxSize/4+1)
	start := time.Now()
	_, ps = registerio.Parse("", "big.csv", data, nil)
	wantKeys(t, ps, "0/ "+registerio.KeyTooLarge)
	if d := time.Since(start); d > 100*time.Millisecond {
		t.Errorf("refusing took %v", d)
	}
	if got := ps[0].Text(en.T); got != "the file is 10.1 MiB, over the limit of 10 MiB; split the register into several files" {
		t.Error(got)
	}
}

func TestParseTooManyRows(t *testing.T) {
	var b strings.Builder
	b.WriteString("名称,类型,C,I,A\n")
	for i := range registerio.MaxRows + 1 {
		fmt.Fprintf(&b, "a%d,数据,1,1,1\n", i)
	}
	_, ps := parse(t, "", b.String())
	wantKeys(t, ps, fmt.Sprintf("%d/ %s", registerio.MaxRows+2, registerio.KeyTooManyRows))
	// Exactly MaxRows is fine.
	s := b.String()
	s = s[:strings.LastIndex(s[:len(s)-1], "\n")+1]
	res, ps := parse(t, "", s)
	if len(ps) > 0 || len(res.Assets) != registerio.MaxRows {
		t.Errorf("%d assets, %v", len(res.Assets), keys(ps))
	}
}

func xlsxBytes(t *testing.T, f *excelize.File) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A workbook with the three registers in sheets named in either language,
// headings shuffled, a blank row, and a sheet of notes that is skipped.
func TestParseXLSXWorkbook(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "说明")
	f.SetCellValue("说明", "A1", "填表说明")
	f.NewSheet("Assets")
	f.SetSheetRow("Assets", "A1", &[]any{"Owner", "Name", "Type", "C", "I", "A", "Notes"})
	f.SetSheetRow("Assets", "A2", &[]any{"张伟", "业务数据库", "数据", 5, 4, 3, "含个人信息"})
	f.SetSheetRow("Assets", "A4", &[]any{nil, "门户网站", "software", 2.0, "4", 5})
	f.NewSheet("威胁")
	f.SetSheetRow("威胁", "A1", &[]any{"出现频率", "威胁名称", "威胁来源", "威胁途径"})
	f.SetSheetRow("威胁", "A2", &[]any{4, "恶意代码", "人为因素(恶意)", "间接"}) // as older files wrote it
	f.NewSheet("脆弱性")
	f.SetSheetRow("脆弱性", "A1", &[]any{"资产", "脆弱性描述", "类别", "严重程度", "识别方式"})
	f.SetSheetRow("脆弱性", "A2", &[]any{"门户网站", "弱口令", "应用", 4, "验证"})
	f.SetSheetRow("脆弱性", "A3", &[]any{"办公终端", "未安装防病毒软件", "主机", 3, "现场观察"})
	data := xlsxBytes(t, f)

	res := mustParse(t, "", data, "办公终端")
	if !reflect.DeepEqual(res.Assets, wantAssets) {
		t.Errorf("assets %+v", res.Assets)
	}
	if len(res.Threats) != 1 || res.Threats[0].Frequency != 4 || res.Threats[0].Path != risk.PathIndirect {
		t.Errorf("threats %+v", res.Threats)
	}
	if len(res.Vulns) != 2 || res.Vulns[1].Asset != "办公终端" || res.Vulns[0].Identified != "verification" {
		t.Errorf("vulns %+v", res.Vulns)
	}
	if !reflect.DeepEqual(res.Kinds, registerio.ImportKinds) || !reflect.DeepEqual(res.Skipped, []string{"说明"}) {
		t.Errorf("kinds %v skipped %v", res.Kinds, res.Skipped)
	}
	if !reflect.DeepEqual(res.Rows[registerio.KindAssets], []int{2, 4}) || res.Sheets[registerio.KindVulns] != "脆弱性" {
		t.Errorf("rows %v sheets %v", res.Rows, res.Sheets)
	}
	if res.Format != registerio.FormatXLSX {
		t.Error(res.Format)
	}

	// One register asked for: only its sheet is read.
	res = mustParse(t, registerio.KindThreats, data)
	if len(res.Assets) != 0 || len(res.Threats) != 1 {
		t.Errorf("%+v", res)
	}
	// A vulnerability whose asset is nowhere: sheet, row and column.
	_, ps := registerio.Parse("", "r.xlsx", data, nil)
	wantKeys(t, ps, "脆弱性!3/A "+registerio.KeyUnknownAsset)
	if got := ps[0].Text(zh.T); got != "工作表“脆弱性”，第 3 行，“资产”列：没有名为“办公终端”的资产（本次导入和项目中都没有）" {
		t.Error(got)
	}
	if got := ps[0].Text(en.T); got != `sheet "脆弱性", row 3, column "资产": there is no asset named "办公终端" (neither in this import nor in the engagement)` {
		t.Error(got)
	}
}

func TestParseXLSXProblems(t *testing.T) {
	// One sheet, any name: the register is told by its headings.
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"威胁名称", "威胁来源", "威胁途径", "出现频率"})
	f.SetSheetRow("Sheet1", "A2", &[]any{"恶意代码", "恶意", "间接", 6})
	f.SetSheetRow("Sheet1", "A5", &[]any{"断电", "设施故障", "直接", 0.5})
	_, ps := registerio.Parse("", "t.xlsx", xlsxBytes(t, f), nil)
	wantKeys(t, ps, "Sheet1!2/D "+registerio.KeyRange, "Sheet1!5/D "+registerio.KeyNotInteger)

	// Asked for a register the workbook has no sheet for, among several.
	f = excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"x"})
	f.NewSheet("Sheet2")
	f.SetSheetRow("Sheet2", "A1", &[]any{"y"})
	_, ps = registerio.Parse(registerio.KindAssets, "t.xlsx", xlsxBytes(t, f), nil)
	wantKeys(t, ps, "0/ "+registerio.KeyNoSheet)
	if got := ps[0].Text(zh.T); got != "工作簿中没有资产工作表（名称应为 资产, assets）；已有的工作表：Sheet1, Sheet2" {
		t.Error(got)
	}
	_, ps = registerio.Parse("", "t.xlsx", xlsxBytes(t, f), nil)
	wantKeys(t, ps, "0/ "+registerio.KeyNoRegisterSht)

	// Not a workbook: a damaged archive, an old .xls.
	data := xlsxBytes(t, excelize.NewFile())
	_, ps = registerio.Parse("", "t.xlsx", data[:len(data)/2], nil)
	wantKeys(t, ps, "0/ "+registerio.KeyXLSXBroken)
	_, ps = registerio.Parse("", "t.xls", append([]byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}, make([]byte, 512)...), nil)
	wantKeys(t, ps, "0/ "+registerio.KeyXLS)

	// Risks are exported, not imported: asked for, or found by the headings.
	_, ps = registerio.Parse(registerio.KindRisks, "t.csv", []byte("a\n"), nil)
	wantKeys(t, ps, "0/ "+registerio.KeyNotImportable)
	_, ps = registerio.Parse("", "r.csv", []byte("资产,威胁,脆弱性,可能性,风险等级,处置方式\na,b,c,1,1,\n"), nil)
	wantKeys(t, ps, "0/ "+registerio.KeyNotImportable)
	if got := ps[0].Text(en.T); got != "the risks register cannot be imported (only exported)" {
		t.Error(got)
	}

	// The name says XLSX, the content does not; a web page named .xls.
	_, ps = registerio.Parse("", "t.xlsx", []byte("名称,类型,C,I,A\na,数据,1,1,1\n"), nil)
	wantKeys(t, ps, "0/ "+registerio.KeyNotXLSX)
	_, ps = registerio.Parse("", "t.xls", []byte("<html><table><tr><td>名称</td></tr></table></html>"), nil)
	wantKeys(t, ps, "0/ "+registerio.KeyXLS)
	// A tab-separated text named .xls is read as what it is.
	if _, ps = registerio.Parse("", "t.xls", []byte("名称\t类型\tC\tI\tA\na\t数据\t1\t1\t1\n"), nil); len(ps) > 0 {
		t.Error(keys(ps))
	}

	// Two sheets for one register.
	f = excelize.NewFile()
	f.SetSheetName("Sheet1", "资产")
	f.SetSheetRow("资产", "A1", &[]any{"名称", "类型", "C", "I", "A"})
	f.NewSheet("Assets")
	f.SetSheetRow("Assets", "A1", &[]any{"名称", "类型", "C", "I", "A"})
	_, ps = registerio.Parse("", "t.xlsx", xlsxBytes(t, f), nil)
	wantKeys(t, ps, "0/ "+registerio.KeyDuplicateSheet)
	if got := ps[0].Text(zh.T); got != "工作簿中有两个资产工作表：“资产”和“Assets”；请合并为一个" {
		t.Error(got)
	}
}

// Every problem about a cell names its row and its column.
func TestEveryCellProblemHasRowAndColumn(t *testing.T) {
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String("门户")
	files := []string{
		"名称,类型,C,I,A,备注\n,x,0,6,a,\x01\n" + strings.Repeat("长", 201) + ",数据,1,1,1,\n",
		"名称,来源,途径,频率,方式\nt,x,y,9,\"a\nb\"\n",
		"资产,描述,类别,严重程度,识别方式\nnone,d,x,7,y\n",
		"名称,类型,C,I,A\n" + gbk + ",数据,1,1,1\n",
	}
	cellKeys := map[string]bool{}
	for _, k := range []string{registerio.KeyRequired, registerio.KeyNotInteger, registerio.KeyRange, registerio.KeyChoice,
		registerio.KeyTooLong, registerio.KeyBadText, registerio.KeyOneLine, registerio.KeyUnknownAsset, registerio.KeyGBK} {
		cellKeys[k] = true
	}
	n := 0
	for _, data := range files {
		_, ps := parse(t, "", data)
		for _, p := range ps {
			if !cellKeys[p.Key] {
				t.Errorf("unexpected %v", p)
				continue
			}
			n++
			if p.Row < 2 || p.Col < 1 || p.Column == "" {
				t.Errorf("no row or column: %v", p)
			}
			if w := p.Where(zh.T); !strings.Contains(w, "行") || !strings.Contains(w, "列") {
				t.Errorf("where: %s", w)
			}
		}
	}
	if n < 15 {
		t.Errorf("only %d problems", n)
	}
}

func TestParseKind(t *testing.T) {
	for s, want := range map[string]registerio.Kind{
		"资产": registerio.KindAssets, "Assets": registerio.KindAssets, " threats ": registerio.KindThreats,
		"脆弱性": registerio.KindVulns, "vulns": registerio.KindVulns, "vulnerabilities": registerio.KindVulns,
		"风险": registerio.KindRisks,
	} {
		if k, ok := registerio.ParseKind(s); !ok || k != want {
			t.Errorf("%q: %q", s, k)
		}
	}
	if _, ok := registerio.ParseKind("controls"); ok {
		t.Error("controls")
	}
}
