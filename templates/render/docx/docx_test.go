package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"outsec/templates/render"
)

const sampleZh = `# 风险评估报告

本报告依据 GB/T 20984—2022 对**政务云运维外包**服务开展风险评估，
评估范围见下文。*斜体*、~~删除线~~ 与 ` + "`outsec export`" + ` 均应保留。
参见 [国家标准全文公开系统](https://openstd.samr.gov.cn)。特殊字符：<a & b> "引号"。

## 一、评估范围

1. 政务云平台
2. 运维外包人员
   - 驻场人员
   - 远程运维人员
3. 数据备份系统

## 二、风险登记表

| 编号 | 风险名称 | 可能性 | 影响 | 等级 |
|:----:|----------|:------:|:----:|-----:|
| R-001 | 外包人员越权访问生产数据库 | 4 | 5 | 高 |
| R-002 | 远程运维通道未启用双因素认证 | 3 | 4 | 中 |

### （一）检查项

- [x] 签署保密协议
- [ ] 完成背景审查

> 领导意见：同意按计划处置。

---

#### 附注

` + "```\noutsec export --format docx\n```\n"

const sampleEn = `# Risk Assessment Report

This report covers the **outsourced operations** of the e-government cloud.

## Scope

1. Cloud platform
2. Operators

| ID | Risk | Level |
|----|------|-------|
| R-001 | Unauthorised access by contractor staff | High |

- [x] Confidentiality agreement signed
`

func sampleDoc(lang string) *render.Document {
	d := &render.Document{
		Lang: lang, Title: "风险评估报告", Number: "2026-001-RA-01", Version: "1.0",
		Date: "2026-03-15", Marking: "内部", Source: []byte(sampleZh),
	}
	if lang == "en" {
		d.Title, d.Marking, d.Source = "Risk Assessment Report", "Internal", []byte(sampleEn)
	}
	d.Parse()
	return d
}

var wantParts = []string{
	"[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml",
	"word/document.xml", "word/styles.xml", "word/numbering.xml", "word/settings.xml",
	"word/fontTable.xml", "word/header1.xml", "word/footer1.xml", "word/_rels/document.xml.rels",
}

// unpack renders d and returns its parts by name.
func unpack(t testing.TB, d *render.Document) map[string]string {
	t.Helper()
	out, err := Render(d)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(out), int64(len(out)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, f := range zr.File {
		if want := fixedTime(d.Date); !f.Modified.Equal(want) {
			t.Errorf("%s: modified %v, want %v", f.Name, f.Modified, want)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name] = string(b)
	}
	return parts
}

// wellFormed decodes every token of s.
func wellFormed(s string) error {
	dec := xml.NewDecoder(strings.NewReader(s))
	for {
		_, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// elements counts the elements of s by local name (namespace prefix w:).
func elements(t *testing.T, s string) map[string]int {
	t.Helper()
	n := map[string]int{}
	dec := xml.NewDecoder(strings.NewReader(s))
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return n
		}
		if err != nil {
			t.Fatal(err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			n[se.Name.Local]++
		}
	}
}

// wtext is the character data of the w:t elements of s, concatenated.
func wtext(t *testing.T, s string) string {
	t.Helper()
	var b strings.Builder
	dec := xml.NewDecoder(strings.NewReader(s))
	in := false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return b.String()
		}
		if err != nil {
			t.Fatal(err)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			in = tk.Name.Local == "t"
		case xml.EndElement:
			in = false
		case xml.CharData:
			if in {
				b.Write(tk)
			}
		}
	}
}

func TestPartsPresentAndWellFormed(t *testing.T) {
	for _, lang := range []string{"zh-CN", "en"} {
		t.Run(lang, func(t *testing.T) {
			parts := unpack(t, sampleDoc(lang))
			if len(parts) != len(wantParts) {
				t.Errorf("%d parts, want %d", len(parts), len(wantParts))
			}
			for _, name := range wantParts {
				s, ok := parts[name]
				if !ok {
					t.Errorf("part %s missing", name)
					continue
				}
				if err := wellFormed(s); err != nil {
					t.Errorf("%s not well-formed: %v", name, err)
				}
			}
			for _, ref := range []string{"/word/document.xml", "/word/styles.xml", "/word/numbering.xml", "/word/header1.xml", "/word/footer1.xml", "/docProps/core.xml"} {
				if !strings.Contains(parts["[Content_Types].xml"], `PartName="`+ref+`"`) {
					t.Errorf("[Content_Types].xml lacks %s", ref)
				}
			}
		})
	}
}

func TestStylesEastAsianFonts(t *testing.T) {
	styles := unpack(t, sampleDoc("zh-CN"))["word/styles.xml"]
	var doc struct {
		Defaults struct {
			Fonts struct {
				ASCII    string `xml:"ascii,attr"`
				EastAsia string `xml:"eastAsia,attr"`
			} `xml:"rPrDefault>rPr>rFonts"`
		} `xml:"docDefaults"`
		Styles []struct {
			ID    string `xml:"styleId,attr"`
			Fonts struct {
				ASCII    string `xml:"ascii,attr"`
				EastAsia string `xml:"eastAsia,attr"`
			} `xml:"rPr>rFonts"`
		} `xml:"style"`
	}
	if err := xml.Unmarshal([]byte(styles), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Defaults.Fonts.EastAsia != "宋体" || doc.Defaults.Fonts.ASCII == "" {
		t.Errorf("default fonts %+v, want eastAsia 宋体 and a Latin font", doc.Defaults.Fonts)
	}
	heads := map[string]bool{}
	for _, s := range doc.Styles {
		if strings.HasPrefix(s.ID, "Heading") || s.ID == "Title" {
			if s.Fonts.EastAsia != "黑体" || s.Fonts.ASCII == "" {
				t.Errorf("style %s fonts %+v, want eastAsia 黑体 and a Latin font", s.ID, s.Fonts)
			}
			heads[s.ID] = true
		}
	}
	for _, id := range []string{"Title", "Heading1", "Heading2", "Heading3", "Heading4"} {
		if !heads[id] {
			t.Errorf("style %s missing", id)
		}
	}
	if ft := unpack(t, sampleDoc("zh-CN"))["word/fontTable.xml"]; !strings.Contains(ft, `w:name="宋体"`) || !strings.Contains(ft, `w:val="SimSun"`) {
		t.Error("fontTable lacks 宋体/SimSun")
	}
}

func TestDocumentStructureZh(t *testing.T) {
	parts := unpack(t, sampleDoc("zh-CN"))
	doc := parts["word/document.xml"]
	n := elements(t, doc)
	if n["tbl"] != 1 {
		t.Errorf("%d tables, want 1", n["tbl"])
	}
	if n["tblHeader"] != 1 || n["cantSplit"] != 3 {
		t.Errorf("%d header rows flagged (want 1), %d rows kept whole (want 3)", n["tblHeader"], n["cantSplit"])
	}
	if n["tr"] != 3 || n["tc"] != 15 || n["gridCol"] != 5 {
		t.Errorf("rows %d cells %d gridCols %d, want 3 15 5", n["tr"], n["tc"], n["gridCol"])
	}
	if n["numPr"] != 5 { // three ordered items, two nested bullets
		t.Errorf("%d numbered paragraphs, want 5", n["numPr"])
	}
	if n["pgSz"] != 1 || !strings.Contains(doc, `<w:pgSz w:w="11906" w:h="16838"/>`) {
		t.Error("page is not A4")
	}
	for _, style := range []string{"Title", "Heading2", "Heading3", "Heading4", "Quote", "Rule", "Code", "TableHeading", "TableText"} {
		if !strings.Contains(doc, `<w:pStyle w:val="`+style+`"/>`) {
			t.Errorf("no paragraph in style %s", style)
		}
	}
	if n["b"] < 1 || n["i"] < 1 || n["strike"] != 1 || !strings.Contains(doc, `<w:rStyle w:val="CodeChar"/>`) {
		t.Errorf("inline formats: b %d i %d strike %d", n["b"], n["i"], n["strike"])
	}

	body := wtext(t, doc)
	for _, want := range []string{
		"风险评估报告",
		"政务云运维外包",
		"服务开展风险评估，评估范围见下文。", // soft break between CJK: no space
		"国家标准全文公开系统（https://openstd.samr.gov.cn）",
		`<a & b> "引号"`,
		"外包人员越权访问生产数据库",
		"☑ 签署保密协议", "☐ 完成背景审查",
		"领导意见：同意按计划处置。",
		"outsec export --format docx",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("document text lacks %q", want)
		}
	}
	if !strings.Contains(doc, "&lt;a &amp; b&gt; &quot;引号&quot;") {
		t.Error("special characters not escaped as expected")
	}

	// Gridcol widths fill the type area exactly.
	var grid struct {
		Cols []struct {
			W int `xml:"w,attr"`
		} `xml:"body>tbl>tblGrid>gridCol"`
	}
	if err := xml.Unmarshal([]byte(doc), &grid); err != nil {
		t.Fatal(err)
	}
	sum := 0
	for _, c := range grid.Cols {
		sum += c.W
		if c.W < 600 {
			t.Errorf("column %d twips wide: too narrow", c.W)
		}
	}
	if sum != textWidth {
		t.Errorf("columns sum to %d, want %d", sum, textWidth)
	}
	if grid.Cols[1].W <= grid.Cols[0].W {
		t.Errorf("risk-name column (%d) not wider than the ID column (%d)", grid.Cols[1].W, grid.Cols[0].W)
	}

	num := parts["word/numbering.xml"]
	nn := elements(t, num)
	if nn["abstractNum"] != 2 || nn["num"] != 2 || nn["startOverride"] != 1 {
		t.Errorf("numbering: abstractNum %d num %d startOverride %d, want 2 2 1", nn["abstractNum"], nn["num"], nn["startOverride"])
	}
	if !strings.Contains(num, `<w:numFmt w:val="decimal"/>`) || !strings.Contains(num, `<w:numFmt w:val="bullet"/>`) {
		t.Error("numbering lacks decimal or bullet formats")
	}

	ftr := parts["word/footer1.xml"]
	if !strings.Contains(ftr, " PAGE ") || !strings.Contains(ftr, " NUMPAGES ") {
		t.Error("footer lacks PAGE/NUMPAGES fields")
	}
	if got := wtext(t, ftr); got != "第 1 页 共 1 页" {
		t.Errorf("footer text %q", got)
	}
	if got := wtext(t, parts["word/header1.xml"]); !strings.Contains(got, "2026-001-RA-01") || !strings.Contains(got, "内部") {
		t.Errorf("header text %q lacks number or marking", got)
	}
	core := parts["docProps/core.xml"]
	for _, want := range []string{"<dc:title>风险评估报告</dc:title>", ">2026-03-15T00:00:00Z</dcterms:created>", ">2026-03-15T00:00:00Z</dcterms:modified>"} {
		if !strings.Contains(core, want) {
			t.Errorf("core.xml lacks %s", want)
		}
	}
}

func TestDocumentStructureEn(t *testing.T) {
	parts := unpack(t, sampleDoc("en"))
	doc := parts["word/document.xml"]
	n := elements(t, doc)
	if n["tbl"] != 1 || n["tblHeader"] != 1 || n["numPr"] != 2 {
		t.Errorf("tables %d header rows %d numbered %d, want 1 1 2", n["tbl"], n["tblHeader"], n["numPr"])
	}
	body := wtext(t, doc)
	for _, want := range []string{"Risk Assessment Report", "outsourced operations", "Unauthorised access by contractor staff", "☑ Confidentiality agreement signed"} {
		if !strings.Contains(body, want) {
			t.Errorf("document text lacks %q", want)
		}
	}
	if got := wtext(t, parts["word/footer1.xml"]); got != "Page 1 of 1" {
		t.Errorf("footer text %q", got)
	}
	if got := wtext(t, parts["word/header1.xml"]); got != "No. 2026-001-RA-01    Version 1.0Internal" {
		t.Errorf("header text %q", got)
	}
	if !strings.Contains(parts["docProps/core.xml"], "<dc:language>en-US</dc:language>") {
		t.Error("core.xml language not en-US")
	}
}

func TestDeterministic(t *testing.T) {
	render2 := func() [][]byte {
		var out [][]byte
		for _, lang := range []string{"zh-CN", "en"} {
			b, err := Render(sampleDoc(lang))
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, b)
		}
		return out
	}
	first := render2()
	time.Sleep(1100 * time.Millisecond) // a clock-derived time would now differ
	for i, b := range render2() {
		if !bytes.Equal(first[i], b) {
			t.Errorf("render %d: two renders differ", i)
		}
	}
	// The date is the only source of time.
	d := sampleDoc("zh-CN")
	d.Date = "2027-01-02"
	c, _ := Render(d)
	a, _ := Render(sampleDoc("zh-CN"))
	if bytes.Equal(a, c) {
		t.Error("a different date gives the same bytes")
	}
}

func TestEdgeCases(t *testing.T) {
	if _, err := Render(nil); err == nil {
		t.Error("nil document: no error")
	}
	// No AST: Render parses Source. Empty document, bad date, control characters.
	d := &render.Document{Lang: "zh-CN", Title: "a\x01b", Date: "not a date", Source: []byte("x\x00y &amp; \\* 1 < 2\n\n5. five\n6. six\n\npara\n\n0. zero\n1.\n")}
	parts := unpack(t, d)
	for name, s := range parts {
		if err := wellFormed(s); err != nil {
			t.Errorf("%s not well-formed: %v", name, err)
		}
	}
	body := wtext(t, parts["word/document.xml"])
	if !strings.Contains(body, "& * 1 < 2") {
		t.Errorf("escapes not resolved: %q", body)
	}
	num := parts["word/numbering.xml"]
	if !strings.Contains(num, `<w:startOverride w:val="5"/>`) || !strings.Contains(num, `<w:startOverride w:val="0"/>`) {
		t.Error("ordered lists starting at 5 and 0 do not start there")
	}
	if n := elements(t, parts["word/document.xml"])["numPr"]; n != 4 {
		t.Errorf("%d numbered paragraphs, want 4 (the empty item too)", n)
	}
	if _, err := Render(&render.Document{}); err != nil {
		t.Errorf("empty document: %v", err)
	}
}

// TestLibreOfficeConverts converts the DOCX to PDF with LibreOffice and checks
// that pdftotext reads the Chinese title, a risk name and the footer back.
func TestLibreOfficeConverts(t *testing.T) {
	if testing.Short() {
		t.Skip("short: skipping the LibreOffice conversion")
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice not installed (apt-get install libreoffice-writer-nogui): skipping the DOCX→PDF check")
	}
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not installed (apt-get install poppler-utils): skipping the DOCX→PDF check")
	}
	for _, lang := range []string{"zh-CN", "en"} {
		t.Run(lang, func(t *testing.T) {
			dir := t.TempDir()
			out, err := Render(sampleDoc(lang))
			if err != nil {
				t.Fatal(err)
			}
			src := filepath.Join(dir, "sample.docx")
			if err := os.WriteFile(src, out, 0o644); err != nil {
				t.Fatal(err)
			}
			// A private profile, so parallel runs and a user's LibreOffice do not collide.
			cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
				"--headless", "--convert-to", "pdf", "--outdir", dir, src)
			if msg, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("soffice: %v\n%s", err, msg)
			}
			txt, err := exec.Command(pdftotext, "-layout", filepath.Join(dir, "sample.pdf"), "-").Output()
			if err != nil {
				t.Fatalf("pdftotext: %v", err)
			}
			wants := []string{"风险评估报告", "外包人员越权访问生产数据库", "第 1 页 共 1 页", "2026-001-RA-01", "内部"}
			if lang == "en" {
				wants = []string{"Risk Assessment Report", "Unauthorised access by contractor staff", "Page 1 of 1", "2026-001-RA-01", "Internal"}
			}
			// pdftotext may drop the narrow spaces between CJK and digits.
			flat := strings.Join(strings.Fields(string(txt)), "")
			for _, want := range wants {
				if !strings.Contains(flat, strings.ReplaceAll(want, " ", "")) {
					t.Errorf("PDF text lacks %q:\n%s", want, txt)
				}
			}
		})
	}
}

// riskDoc is a risk assessment report with n risks in its register.
func riskDoc(n int) *render.Document {
	var b strings.Builder
	b.WriteString("# 风险评估报告\n\n## 一、评估范围\n\n本次评估覆盖政务云平台运维外包服务的全部资产、威胁与脆弱性。\n\n")
	b.WriteString("## 二、风险登记表\n\n| 编号 | 资产 | 威胁 | 脆弱性 | 风险名称 | 可能性 | 影响 | 风险值 | 等级 | 处置 |\n")
	b.WriteString("|---|---|---|---|---|:-:|:-:|:-:|:-:|---|\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "| R-%03d | 政务云数据库 %d | 外包人员越权访问 | 未实施最小权限与双人复核 | 外包人员越权访问生产数据库导致数据泄露 %d | %d | %d | %d | 高 | 降低：实施堡垒机审计 |\n",
			i, i, i, i%5+1, (i*3)%5+1, (i%5+1)*((i*3)%5+1))
	}
	b.WriteString("\n## 三、结论\n\n- 高风险 120 项\n- 中风险 250 项\n\n> 领导意见：同意。\n")
	d := &render.Document{Lang: "zh-CN", Title: "风险评估报告", Number: "2026-001-RA-01", Version: "1.0", Date: "2026-03-15", Marking: "内部", Source: []byte(b.String())}
	d.Parse()
	return d
}

func TestRiskRegister500(t *testing.T) {
	parts := unpack(t, riskDoc(500))
	n := elements(t, parts["word/document.xml"])
	if n["tr"] != 501 || n["tblHeader"] != 1 {
		t.Errorf("rows %d header rows %d, want 501 1", n["tr"], n["tblHeader"])
	}
}

// BenchmarkDOCX500Risks renders a report with a 500-row risk register (the
// AST parsed once, as the exporter does).
func BenchmarkDOCX500Risks(b *testing.B) {
	d := riskDoc(500)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Render(d); err != nil {
			b.Fatal(err)
		}
	}
}
