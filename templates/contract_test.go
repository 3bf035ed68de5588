package templates_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"

	"outsec/model/contract"
	"outsec/templates"
	"outsec/templates/render"
	"outsec/templates/render/docx"
	"outsec/templates/render/pdf"
	"outsec/templates/templatetest"
)

// loadContract is the fixed engagement with its twenty service people and
// the fixed contract review (two items missing, one partly covered).
func loadContract(t *testing.T, lang string) *templates.DocData {
	t.Helper()
	st := templatetest.Open(t)
	e := templatetest.Engagement(t, st, lang)
	templatetest.MorePeople(t, st, e, lang)
	templatetest.SaveContract(t, st, e, lang)
	d, err := templates.Load(context.Background(), st, e.ID, lang)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.ContractGaps) != 3 || d.Contract.Review.Version != "v2" {
		t.Fatalf("the stored contract did not load: %d gaps", len(d.ContractGaps))
	}
	d.Sign.Prepared.Name = "Tester"
	return d
}

var han = regexp.MustCompile(`.*\p{Han}.*`)

func noChinese(t *testing.T, what string, b []byte) {
	t.Helper()
	if m := han.Find(b); m != nil {
		t.Errorf("%s: Chinese in an English document: %q", what, m)
	}
}

// section is the text of the Markdown from the heading that starts with
// head to the next heading of level 2.
func section(md, head string) string {
	i := strings.Index(md, head)
	if i < 0 {
		return ""
	}
	rest := md[i+len(head):]
	if j := strings.Index(rest, "\n## "); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

// pdfText is what pdftotext extracts from b, pages separated by \f; the test
// is skipped without poppler-utils (unless OUTSEC_DOCS_TOOLS=required).
func pdfText(t *testing.T, b []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("OUTSEC_DOCS_TOOLS") == "required" {
			t.Fatal("pdftotext not installed")
		}
		t.Skip("pdftotext (poppler-utils) not installed: cannot check the PDF's text")
	}
	p := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", p, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func flat(s string) string { return strings.Join(strings.Fields(s), "") }

// The review with two items missing and one partly covered lists exactly
// those three in its gap section, each with its clause and what to add — in
// the Markdown and in the PDF's text.
func TestContractReviewGaps(t *testing.T) {
	for _, lang := range templates.Langs {
		t.Run(lang, func(t *testing.T) {
			d := loadContract(t, lang)
			doc, err := templates.Fill(templates.ContractReview, d, lang, "")
			if err != nil {
				t.Fatal(err)
			}
			md := string(doc.Source)
			head, stop := "## 四、需补充的条款", "## 五、"
			if lang == "en" {
				head, stop = "## 4. Clauses to add", "## 5. "
			}
			gaps := section(md, head)
			if gaps == "" || !strings.Contains(md, stop) {
				t.Fatalf("no gap section %q:\n%s", head, md)
			}
			var want []contract.Item
			for _, it := range contract.ItemsFor(true) {
				if it.ID == templatetest.MissingItems[0] || it.ID == templatetest.MissingItems[1] || it.ID == templatetest.PartialItem {
					want = append(want, it)
				}
			}
			heads := regexp.MustCompile(`(?m)^### .*$`).FindAllString(gaps, -1)
			if len(heads) != 3 || len(d.ContractGaps) != 3 {
				t.Fatalf("gap headings %q, gaps %d; want 3", heads, len(d.ContractGaps))
			}
			for i, it := range want {
				title := templates.Escape(it.Title(lang))
				if !strings.HasSuffix(heads[i], title) {
					t.Errorf("gap %d is %q, want %q", i+1, heads[i], title)
				}
				for _, s := range []string{string(it.Clause), templates.Escape(it.Must(lang))} {
					if lang == "en" {
						s = strings.ReplaceAll(s, contract.CloudStd, "")
					}
					if !strings.Contains(gaps, s) {
						t.Errorf("gap section lacks %q", s)
					}
				}
			}
			if lang == "en" {
				noChinese(t, "contract review", doc.Source)
			}

			b, err := pdf.Render(doc)
			if err != nil {
				t.Fatal(err)
			}
			text := flat(pdfText(t, b))
			ps := map[string]string{"zh-CN": "四、需补充的条款", "en": "4.Clausestoadd"}[lang]
			pe := map[string]string{"zh-CN": "五、", "en": "5.Changesofthefactors"}[lang]
			i, j := strings.Index(text, ps), strings.LastIndex(text, pe)
			if i < 0 || j < i {
				t.Fatalf("PDF text has no gap section (%d, %d)", i, j)
			}
			pgaps := text[i:j]
			for _, it := range contract.ItemsFor(true) {
				in := strings.Contains(pgaps, flat(it.Must(lang)))
				gap := it.ID == templatetest.MissingItems[0] || it.ID == templatetest.MissingItems[1] || it.ID == templatetest.PartialItem
				if in != gap {
					t.Errorf("PDF gap section: %s listed %v, want %v", it.ID, in, gap)
				}
				if gap && !strings.Contains(pgaps, flat(strings.TrimPrefix(string(it.Clause), contract.Std))) {
					t.Errorf("PDF gap section lacks the clause of %s", it.ID)
				}
			}
		})
	}
}

// paragraphs are the texts of the document's paragraphs.
func paragraphs(doc *render.Document) []string {
	var out []string
	ast.Walk(doc.AST, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if p, ok := n.(*ast.Paragraph); ok && entering {
			var b strings.Builder
			for c := p.FirstChild(); c != nil; c = c.NextSibling() {
				b.WriteString(inlineText(c, doc.Source))
			}
			out = append(out, b.String())
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return out
}

func inlineText(n ast.Node, src []byte) string {
	if t, ok := n.(*ast.Text); ok {
		s := string(t.Segment.Value(src))
		if t.SoftLineBreak() {
			s += " "
		}
		return s
	}
	if s, ok := n.(*ast.String); ok {
		return string(s.Value)
	}
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		b.WriteString(inlineText(c, src))
	}
	return b.String()
}

// The annex has a numbered paragraph for every item of the catalog the
// contract is reviewed against — with the item's title and clause, its
// parameters filled in — for a cloud and a non-cloud engagement; the SLA
// with every indicator for the cloud one only.
func TestContractAnnexEveryItem(t *testing.T) {
	for _, lang := range templates.Langs {
		for _, cloud := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/cloud=%v", lang, cloud), func(t *testing.T) {
				d := templatetest.PeopleData(lang, 1)
				d.Engagement.CloudWebsite = cloud
				d.SetContract(templatetest.Contract(lang, cloud))
				doc, err := templates.Fill(templates.ContractAnnex, d, lang, "")
				if err != nil {
					t.Fatal(err)
				}
				paras := paragraphs(doc)
				numbered := regexp.MustCompile(`^(\d+)\.(\d+) `)
				found := map[string]bool{}
				items := contract.ItemsFor(cloud)
				required := 0
				for _, it := range items {
					if it.Required {
						required++
					}
					clause := string(it.Clause)
					if lang == "en" {
						clause = strings.ReplaceAll(strings.ReplaceAll(clause, contract.CloudStd, "Security guide of government website cloud computing services (draft)"), "附录 A 合同范本 ", "annex A, sample contract ")
					}
					for _, p := range paras {
						if numbered.MatchString(p) && strings.Contains(p, it.Title(lang)) && strings.Contains(p, clause) {
							if found[it.ID] {
								t.Errorf("%s in two paragraphs", it.ID)
							}
							found[it.ID] = true
							if strings.Contains(p, "{") {
								t.Errorf("%s: a placeholder is left: %q", it.ID, p)
							}
						}
					}
					if !found[it.ID] {
						t.Errorf("no numbered paragraph for %s (%s, %s)", it.ID, it.Title(lang), clause)
					}
				}
				if required == 0 || len(found) != len(items) {
					t.Errorf("%d of %d items found (%d required)", len(found), len(items), required)
				}
				md := string(doc.Source)
				for _, s := range contract.SLAIndicators() {
					if strings.Contains(md, "| "+templates.Escape(s.Title(lang))+" |") != cloud {
						t.Errorf("SLA indicator %s in the table: %v, want %v", s.ID, !cloud, cloud)
					}
				}
				if cloud != strings.Contains(md, "6.6.2") {
					t.Errorf("SLA section present: %v, want %v", !cloud, cloud)
				}
				if !strings.Contains(md, templates.Escape(d.Engagement.Department)) || !strings.Contains(md, templates.Escape(d.Engagement.Vendor.Name)) {
					t.Error("the parties are not named")
				}
				if lang == "en" {
					noChinese(t, "annex", doc.Source)
				}
			})
		}
	}
}

// ndaTerms are what each NDA must speak of (6.4 b) 1)–5); seed 001 annex 3).
var ndaTerms = map[string][]string{
	"zh-CN": {"6.4 b) 1)", "6.4 b) 2)", "6.4 b) 3)", "6.4 b) 4)", "6.4 b) 5)", "数据", "文档", "代码", "日志", "技术信息", "业务信息",
		"账号、口令、密钥", "立即报告", "依法要求", "通知甲方", "不因", "违约", "争议", "生效", "签署"},
	"en": {"6.4 b) 1)", "6.4 b) 2)", "6.4 b) 3)", "6.4 b) 4)", "6.4 b) 5)", "data", "documents", "code", "logs", "technical information",
		"business information", "accounts, passwords, keys", "at once", "lawfully requires", "notifies Party A", "does not end", "breach", "Disputes",
		"enters into force", "Signatures"},
}

// Twenty people give twenty person NDAs, each naming its person (name and
// identity number, no one else's) with its own number, and one vendor NDA;
// the progress callback counts them; the combined document puts each on a
// page of its own.
func TestNDAs20(t *testing.T) {
	for _, lang := range templates.Langs {
		t.Run(lang, func(t *testing.T) {
			d := loadContract(t, lang)
			if len(d.People) != templatetest.NPeople {
				t.Fatalf("%d people", len(d.People))
			}
			var calls []int
			docs, err := templates.FillNDAs(d, lang, "", func(i, n int) {
				if n != templatetest.NPeople {
					t.Errorf("n = %d", n)
				}
				calls = append(calls, i)
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(docs) != templatetest.NPeople || len(calls) != templatetest.NPeople || calls[len(calls)-1] != templatetest.NPeople {
				t.Fatalf("%d documents, progress %v", len(docs), calls)
			}
			numbers := map[string]bool{}
			for i, doc := range docs {
				p := d.People[i]
				md := string(doc.Source)
				want := fmt.Sprintf("2026-001-NP-%02d", p.Person.ID)
				if doc.Number != want || !strings.Contains(md, "| "+want+" |") || numbers[want] {
					t.Errorf("person %d: number %q, want %q once", i+1, doc.Number, want)
				}
				numbers[want] = true
				for j, q := range d.People {
					if has := strings.Contains(md, templates.Escape(q.Person.Name)); has != (i == j) {
						t.Errorf("NDA %d names %s: %v", i+1, q.Person.Name, has)
					}
				}
				// The register is masked (MaskPersonal); the signatory's own NDA names the full number.
				full := d.ForPerson(i).Person.Person.IDNumber
				if (full != "" && (!strings.Contains(md, full) || strings.Contains(full, "*"))) || !strings.Contains(md, templates.Escape(p.Employer)) {
					t.Errorf("NDA %d lacks the identity number or employer of %s", i+1, p.Person.Name)
				}
				for _, term := range ndaTerms[lang] {
					if !strings.Contains(md, term) {
						t.Errorf("NDA %d lacks %q", i+1, term)
					}
				}
				if lang == "en" {
					noChinese(t, doc.Number, doc.Source)
				}
			}
			vendor, err := templates.Fill(templates.NDAVendor, d, lang, "")
			if err != nil {
				t.Fatal(err)
			}
			vmd := string(vendor.Source)
			if vendor.Number != "2026-001-NV-01" || !strings.Contains(vmd, templates.Escape(d.Engagement.Vendor.Name)) ||
				!strings.Contains(vmd, templates.Escape(d.Engagement.Department)) || !strings.Contains(vmd, "6.6.3") {
				t.Errorf("vendor NDA %s lacks a party or the cloud clause", vendor.Number)
			}
			for _, term := range ndaTerms[lang] {
				if !strings.Contains(vmd, term) {
					t.Errorf("vendor NDA lacks %q", term)
				}
			}
			for _, p := range d.People {
				if strings.Contains(vmd, templates.Escape(p.Person.Name)) {
					t.Errorf("vendor NDA names %s", p.Person.Name)
				}
			}

			all, err := templates.CombineNDAs(docs, templates.CombinedNumber(d.Engagement.Code))
			if err != nil {
				t.Fatal(err)
			}
			if all.Number != "2026-001-NP-ALL" || strings.Count(string(all.Source), render.PageBreak) != templatetest.NPeople-1 {
				t.Fatalf("combined: %s, %d breaks", all.Number, strings.Count(string(all.Source), render.PageBreak))
			}
			if _, err := docx.Render(all); err != nil {
				t.Fatal(err)
			}
			b, err := pdf.Render(all)
			if err != nil {
				t.Fatal(err)
			}
			pages := strings.Split(pdfText(t, b), "\f")
			starts := map[int]bool{}
			for i, p := range d.People {
				first := -1
				for n, pg := range pages {
					if strings.Contains(flat(pg), flat(p.Person.Name)) {
						first = n
						break
					}
				}
				if first < 0 || !strings.Contains(flat(pages[first]), flat(docs[i].Title)) || !strings.Contains(pages[first], docs[i].Number) || starts[first] {
					t.Errorf("%s: first page %d does not start their NDA", p.Person.Name, first)
				}
				starts[first] = true
			}
		})
	}
}

// The person NDA without a person has blanks to fill in by hand; its number
// ends in 00, which no person's has.
func TestNDAPersonBlank(t *testing.T) {
	d := templatetest.PeopleData("zh-CN", 2)
	doc, err := templates.Fill(templates.NDAPerson, d, "zh-CN", "")
	if err != nil {
		t.Fatal(err)
	}
	md := string(doc.Source)
	if doc.Number != "2026-001-NP-00" || !strings.Contains(md, "乙方（服务人员）："+templates.Blank) || strings.Contains(md, d.People[0].Person.Name) {
		t.Errorf("blank person NDA:\n%s", md)
	}
	one, ok := d.ForPersonID(2)
	if !ok {
		t.Fatal("no person 2")
	}
	doc, err = templates.Fill(templates.NDAPerson, one, "zh-CN", "")
	if err != nil || doc.Number != "2026-001-NP-02" || !strings.Contains(string(doc.Source), "乙方（服务人员）："+d.People[1].Person.Name) {
		t.Errorf("person 2: %v %s", err, doc.Number)
	}
	if _, ok := d.ForPersonID(3); ok {
		t.Error("person 3 found")
	}
	if _, err := templates.FillNDAs(templatetest.PeopleData("zh-CN", 0), "zh-CN", "", nil); err != templates.ErrNoPeople {
		t.Errorf("no people: %v", err)
	}
}

// Check tries every embedded template of the new documents out as a user's
// own copy; a misspelt parameter is reported with its line and column.
func TestCheckContractTemplates(t *testing.T) {
	dir := t.TempDir()
	for _, lang := range templates.Langs {
		for _, k := range []templates.Kind{templates.ContractReview, templates.ContractAnnex, templates.NDAVendor, templates.NDAPerson} {
			b, err := templates.Embedded(lang, k)
			if err != nil {
				t.Fatal(err)
			}
			writeUser(t, dir, lang, k, string(b))
		}
	}
	if err := templates.Check(dir); err != nil {
		t.Fatal(err)
	}
	p := writeUser(t, dir, "zh-CN", templates.NDAVendor, "# t\n\n期限：{{.Param \"no_such\"}}\n")
	err := templates.Check(dir)
	if err == nil || !strings.Contains(err.Error(), p+":3:") || !strings.Contains(err.Error(), "no_such") {
		t.Fatalf("%v", err)
	}
}

// BenchmarkNDAs200 fills the person NDA for 200 people and renders each to
// DOCX and PDF (target: under 10 s in all).
func BenchmarkNDAs200(b *testing.B) {
	d := templatetest.PeopleData("zh-CN", 200)
	dx, _ := templates.FormatByName("docx")
	pf, _ := templates.FormatByName("pdf")
	formats := []templates.Format{dx, pf}
	for b.Loop() {
		docs, err := templates.FillNDAs(d, "zh-CN", "", nil)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := templates.RenderAll(d, docs, formats, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// A review with nothing to add says so; a factor change recorded after the
// review's date asks for the clauses to be revised (6.2.1 b)).
func TestContractReviewNoGapsStale(t *testing.T) {
	for _, lang := range templates.Langs {
		d := templatetest.PeopleData(lang, 1)
		c := templatetest.Contract(lang, true)
		for i := range c.Review.Items {
			c.Review.Items[i].Status = contract.Present
		}
		c.FactorChanges = append(c.FactorChanges, contract.FactorChange{Date: "2026-02-28", Description: "x"})
		d.SetContract(c)
		doc, err := templates.Fill(templates.ContractReview, d, lang, "")
		if err != nil {
			t.Fatal(err)
		}
		md := string(doc.Source)
		want := map[string][]string{
			"zh-CN": {"所有审查事项均已包含，无需补充。", "应修订信息安全条款并重新审查（GB/T 32926—2016 6.2.1 b)）", "需补充 0 项", "| 2 | 2026年2月28日 | x |"},
			"en":    {"Every item is covered: nothing to add.", "the security clauses are to be revised", "0 to be added", "| 2 | 28 February 2026 | x |"},
		}[lang]
		for _, w := range want {
			if !strings.Contains(md, w) {
				t.Errorf("%s: lacks %q", lang, w)
			}
		}
		if strings.Contains(md, "### ") {
			t.Errorf("%s: a gap is listed", lang)
		}
	}
}

// RenderAll gives each document in each format, the same bytes as rendering
// one at a time, and counts the documents done.
func TestRenderAll(t *testing.T) {
	d := templatetest.PeopleData("en", 5)
	docs, err := templates.FillNDAs(d, "en", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	md, _ := templates.FormatByName("md")
	dx, _ := templates.FormatByName("docx")
	var calls []int
	out, err := templates.RenderAll(d, docs, []templates.Format{md, dx}, func(i, n int) {
		if n != 5 {
			t.Errorf("n = %d", n)
		}
		calls = append(calls, i)
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 5 || fmt.Sprint(calls) != "[1 2 3 4 5]" {
		t.Fatalf("%d results, progress %v", len(out), calls)
	}
	for i, doc := range docs {
		want, _ := docx.Render(doc)
		if string(out[i][0]) != string(doc.Source) || string(out[i][1]) != string(want) {
			t.Errorf("document %d differs from its own rendering", i)
		}
	}
}
