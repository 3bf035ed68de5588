package templates_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"outsec/templates"
	"outsec/templates/render/html"
	"outsec/templates/render/markdown"
	"outsec/templates/templatetest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test ./templates -update)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) && i < len(wl); i++ {
			if gl[i] != wl[i] {
				t.Fatalf("%s differs at line %d:\n got  %q\n want %q\n(go test ./templates -update rewrites it)", name, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("%s differs in length: got %d lines, want %d", name, len(gl), len(wl))
	}
}

func load(t *testing.T, lang string) *templates.DocData {
	t.Helper()
	st := templatetest.Open(t)
	e := templatetest.Engagement(t, st, lang)
	d, err := templates.Load(context.Background(), st, e.ID, lang)
	if err != nil {
		t.Fatal(err)
	}
	d.Sign.Prepared.Name = "Tester"
	return d
}

// Every document in both languages, against the golden Markdown and HTML;
// filling and rendering twice gives the same bytes. The documents of the
// contract and the NDAs are filled from the engagement with the contract
// review and twenty people (loadContract); the person NDA for the first.
func TestGoldenDocuments(t *testing.T) {
	for _, lang := range templates.Langs {
		base, withContract := load(t, lang), loadContract(t, lang)
		for _, k := range templates.Kinds {
			d := base
			switch k {
			case templates.ContractReview, templates.ContractAnnex, templates.NDAVendor:
				d = withContract
			case templates.NDAPerson:
				d = withContract.ForPerson(0)
			case templates.ExitChecklist, templates.HandoverList, templates.Destruction, templates.ExitReport, templates.ExitPlan, templates.DeletionPlan:
				wx := *base
				wx.SetExit(sampleExit(lang, base.Engagement.CloudWebsite))
				d = &wx
			case templates.ProcessAuditRecord, templates.InspectionRecord, templates.DeliveryRecord:
				// The sample's records of clause 7.
				ws := *base
				ws.SetSupervision(templates.SampleSupervisionSnapshot(lang, ws.Engagement.CloudWebsite))
				d = &ws
			case templates.RectificationNotice, templates.RectificationRecord, templates.IncidentReport:
				// The sample's register: a closed and an overdue finding, a late incident.
				wr := *base
				wr.SetRegister(templates.SampleRegisterSnapshot(lang, wr.Date))
				d = &wr
			}
			t.Run(lang+"/"+string(k), func(t *testing.T) {
				var outs [2][2][]byte
				for i := range outs {
					doc, err := templates.Fill(k, d, lang, "")
					if err != nil {
						t.Fatal(err)
					}
					if doc.Number != "2026-001-"+k.TypeCode()+"-01" || doc.Date != "2026-03-01" || doc.Title == "" || doc.Marking == "" {
						t.Fatalf("document fields: %+v", doc)
					}
					md, err := markdown.Render(doc)
					if err != nil {
						t.Fatal(err)
					}
					h, err := html.Render(doc)
					if err != nil {
						t.Fatal(err)
					}
					outs[i] = [2][]byte{md, h}
				}
				if !bytes.Equal(outs[0][0], outs[1][0]) || !bytes.Equal(outs[0][1], outs[1][1]) {
					t.Fatal("two runs differ")
				}
				golden(t, lang+"-"+string(k)+".md", outs[0][0])
				golden(t, lang+"-"+string(k)+".html", outs[0][1])
				if strings.Contains(string(outs[0][0]), "⟦") {
					t.Fatal("a catalog key is missing")
				}
				if lang == "en" {
					if m := regexp.MustCompile(`.*\p{Han}.*`).FindString(string(outs[0][0])); m != "" {
						t.Fatalf("Chinese in an English document: %q", m)
					}
				}
			})
		}
	}
}

func TestRiskReportContents(t *testing.T) {
	d := load(t, "zh-CN")
	doc, err := templates.Fill(templates.RiskReport, d, "zh-CN", "")
	if err != nil {
		t.Fatal(err)
	}
	md := string(doc.Source)
	for _, want := range []string{
		"2026-001-RA-01", "2026年3月1日", "| 威胁＼脆弱性 | 1 | 2 | 3 | 4 | 5 |", "| 1 | 2 | 4 | 7 | 11 | 14 |", // the frozen matrix
		"≤ 6", "备份未加密 \\<b>", // markup in a cell "- [x] 实施外包", "- [ ] 不得实施外包", "| 编制 | Tester | 2026年3月1日 |  |",
		"5.1.2 a)", "1 项：R1", "（一）",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("risk report lacks %q", want)
		}
	}
	plan, err := templates.Fill(templates.TreatmentPlan, d, "zh-CN", "")
	if err != nil {
		t.Fatal(err)
	}
	if want := "启用多因素认证 \\| 双人复核 每季度复查"; !strings.Contains(string(plan.Source), want) {
		t.Errorf("treatment plan lacks %q", want) // a pipe and a new line in a cell
	}
	h, _ := html.Render(doc)
	hs := string(h)
	for _, bad := range []string{"<b>", "<script", "http://", "https://", "src="} {
		if strings.Contains(hs, bad) {
			t.Errorf("HTML contains %q", bad)
		}
	}
	for _, want := range []string{"@page { size: A4;", "display: table-header-group", "SimSun", "Noto Serif CJK SC", "<thead>", "&lt;b&gt;"} {
		if !strings.Contains(hs, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
}

func TestHelpers(t *testing.T) {
	for n, want := range map[int]string{1: "一", 10: "十", 11: "十一", 20: "二十", 23: "二十三", 100: "100"} {
		if got := templates.ChineseNumber(n); got != want {
			t.Errorf("ChineseNumber(%d) = %q, want %q", n, got, want)
		}
	}
	if got := templates.FormatDate("zh-CN", "2026-03-01"); got != "2026年3月1日" {
		t.Error(got)
	}
	if got := templates.FormatDate("en", "2026-03-01"); got != "1 March 2026" {
		t.Error(got)
	}
	tb := templates.Table([]string{"a", "b"}, [][]string{{"x|y", "1\n2"}, {"", "*"}})
	if tb != "| a | b |\n| --- | --- |\n| x\\|y | 1 2 |\n| — | \\* |\n" {
		t.Errorf("table %q", tb)
	}
	if templates.Check1(true, "x") != "- [x] x" || templates.Check1(false, "x") != "- [ ] x" {
		t.Error("check")
	}
}

func writeUser(t *testing.T, dir, lang string, k templates.Kind, text string) string {
	t.Helper()
	p := templates.UserFile(dir, lang, k)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestUserTemplateReplacesEmbedded(t *testing.T) {
	dir := t.TempDir()
	writeUser(t, dir, "zh-CN", templates.Summary, "# 我们自己的{{.Title}}\n\n编号 {{.Number}}，{{date .Date}}。\n")
	d := load(t, "zh-CN")
	doc, err := templates.Fill(templates.Summary, d, "zh-CN", dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(doc.Source); got != "# 我们自己的外包项目概况\n\n编号 2026-001-ES-01，2026年3月1日。\n" {
		t.Fatalf("user template not used: %q", got)
	}
	// Other documents and the other language still use the embedded set.
	doc, err = templates.Fill(templates.Summary, d, "en", dir)
	if err != nil || !strings.Contains(string(doc.Source), "Engagement summary") {
		t.Fatalf("en: %v", err)
	}
	if err := templates.Check(dir); err != nil {
		t.Fatal(err)
	}
}

func TestBrokenTemplateLineAndColumn(t *testing.T) {
	cases := []struct {
		text      string
		line, col int
		msg       string
	}{
		// parse errors: text/template gives the line; the column is found
		{"# 标题\n\n项目：{{.Number}} {{date .Date | 没有}}\n", 3, 0, "not defined"},
		{"# t\n\n一二三 {{.Number\n", 3, 5, "unclosed action"},
		{"# t\n\n中文 {{if .Number}}x\n", 0, 0, ""},
		// execution error: line and column of the field
		{"# t\n\n中文：{{.Engagement.Nope}}\n", 3, 0, "Nope"},
	}
	for i, c := range cases {
		dir := t.TempDir()
		p := writeUser(t, dir, "zh-CN", templates.RiskReport, c.text)
		err := templates.Check(dir)
		var ce templates.CheckErrors
		if !errors.As(err, &ce) || len(ce) != 1 {
			t.Fatalf("%d: %v", i, err)
		}
		te := ce[0]
		if te.File != p {
			t.Errorf("%d: file %q", i, te.File)
		}
		if c.line != 0 && te.Line != c.line {
			t.Errorf("%d: line %d, want %d (%v)", i, te.Line, c.line, te)
		}
		if c.col != 0 && te.Col != c.col {
			t.Errorf("%d: col %d, want %d (%v)", i, te.Col, c.col, te)
		}
		if te.Line == 0 || te.Col == 0 {
			t.Errorf("%d: no position: %v", i, te)
		}
		if !strings.Contains(te.Msg, c.msg) {
			t.Errorf("%d: message %q", i, te.Msg)
		}
		if !strings.HasPrefix(te.Error(), p+":") {
			t.Errorf("%d: %q", i, te.Error())
		}
		// Filling with the broken template fails the same way.
		if _, err := templates.Fill(templates.RiskReport, templates.SampleData("zh-CN"), "zh-CN", dir); err == nil {
			t.Errorf("%d: Fill accepted a broken template", i)
		}
	}
}

// The column counts characters, not bytes: Chinese text before the error.
func TestColumnCountsCharacters(t *testing.T) {
	dir := t.TempDir()
	writeUser(t, dir, "zh-CN", templates.RiskReport, "中文中文 {{nosuch .Number}}\n")
	err := templates.Check(dir)
	var ce templates.CheckErrors
	if !errors.As(err, &ce) || ce[0].Line != 1 || ce[0].Col != 8 {
		t.Fatalf("%v", err)
	}
}

func TestExportedSetIsTheEmbeddedOne(t *testing.T) {
	files := templates.EmbeddedFiles()
	if len(files) != 2*len(templates.Kinds) {
		t.Fatalf("%v", files)
	}
	for _, lang := range templates.Langs {
		for _, k := range templates.Kinds {
			b, err := templates.Embedded(lang, k)
			if err != nil || len(b) == 0 {
				t.Fatalf("%s %s: %v", lang, k, err)
			}
			if lang == "en" && strings.ContainsAny(string(b), "风险评估") {
				t.Errorf("en/%s contains Chinese", k.File())
			}
		}
	}
}
