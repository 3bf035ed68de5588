package pdf_test

// The documents check of the issue on the tool's own PDF: every real template,
// filled from the store with templatetest's engagement in both languages, and
// the 500-risk report, rendered to PDF; pdftotext must give back the title
// (the Chinese one in Chinese) and every risk, and pdffonts must show the font
// embedded. Skipped when poppler-utils is not installed; `make check-docs`
// runs these with the LibreOffice check of the DOCX.

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"outsec/templates"
	"outsec/templates/render"
	"outsec/templates/render/pdf"
	"outsec/templates/templatetest"
)

func needPoppler(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"pdftotext", "pdffonts"} {
		if _, err := exec.LookPath(tool); err != nil {
			msg := tool + " not installed (apt-get install poppler-utils): the PDF text and font check cannot run"
			if os.Getenv("OUTSEC_DOCS_TOOLS") == "required" {
				// make check-docs, CI: the check must not pass by not running.
				t.Fatal(msg)
			}
			t.Skip(msg)
		}
	}
}

// realPDF renders d and writes it to a temporary file (also to
// $OUTSEC_PDF_KEEP, when set, to look at).
func realPDF(t *testing.T, name string, d *render.Document) string {
	t.Helper()
	b, err := pdf.Render(d)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), name+".pdf")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("OUTSEC_PDF_KEEP"); dir != "" {
		_ = os.WriteFile(filepath.Join(dir, name+".pdf"), b, 0o644)
	}
	return p
}

// flatText is what pdftotext extracts, without white space: table cells wrap
// words and lines anywhere.
func flatText(t *testing.T, p string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", p, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", p, err)
	}
	return strings.Join(strings.Fields(string(out)), "")
}

func flat(s string) string { return strings.Join(strings.Fields(s), "") }

// checkFontsEmbedded: every font pdffonts lists is embedded, and the
// document's own font is among them.
func checkFontsEmbedded(t *testing.T, p string) {
	t.Helper()
	out, err := exec.Command("pdffonts", p).Output()
	if err != nil {
		t.Fatalf("pdffonts %s: %v", p, err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) < 3 {
		t.Fatalf("pdffonts lists no font:\n%s", out)
	}
	emb := regexp.MustCompile(`\byes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$`)
	ours := false
	for _, l := range lines[2:] {
		if !emb.MatchString(l) {
			t.Errorf("font not embedded: %q", l)
		}
		ours = ours || strings.Contains(strings.ToLower(l), "wenquanyi")
	}
	if !ours {
		t.Errorf("the embedded CJK font is not listed:\n%s", out)
	}
}

func TestRealPDFEveryTemplate(t *testing.T) {
	if testing.Short() {
		t.Skip("short: skipping the pdftotext check of every template")
	}
	needPoppler(t)
	for _, lang := range []string{"zh-CN", "en"} {
		st := templatetest.Open(t)
		e := templatetest.Engagement(t, st, lang)
		for _, k := range templates.Kinds {
			name := lang + "-" + string(k)
			t.Run(name, func(t *testing.T) {
				data, err := templates.Load(context.Background(), st, e.ID, lang)
				if err != nil {
					t.Fatal(err)
				}
				d, err := templates.Fill(k, data, lang, "")
				if err != nil {
					t.Fatal(err)
				}
				p := realPDF(t, name, d)
				text := flatText(t, p)
				wants := []string{d.Title, d.Number}
				if lang == "zh-CN" && !regexp.MustCompile(`\p{Han}`).MatchString(d.Title) {
					t.Errorf("Chinese document's title %q has no Chinese", d.Title)
				}
				wants = append(wants, templatetest.RiskNames(data, k)...)
				for _, w := range wants {
					if !strings.Contains(text, flat(w)) {
						t.Errorf("pdftotext lacks %q", w)
					}
				}
				checkFontsEmbedded(t, p)
			})
		}
	}
}

// TestRealPDFRiskReport500: every one of the 500 risks of the large report is
// in the PDF's text, each once in the risk register.
func TestRealPDFRiskReport500(t *testing.T) {
	if testing.Short() {
		t.Skip("short: skipping the 500-risk PDF text check")
	}
	needPoppler(t)
	d, err := templates.Fill(templates.RiskReport, templatetest.RiskReport500(), "zh-CN", "")
	if err != nil {
		t.Fatal(err)
	}
	p := realPDF(t, "risk-report-500", d)
	text := flatText(t, p)
	if !strings.Contains(text, flat(d.Title)) || !strings.Contains(text, d.Number) {
		t.Errorf("pdftotext lacks the title %q or number %q", d.Title, d.Number)
	}
	// "…复核 1" must not be found inside "…复核 10": the name is followed by
	// something other than a digit (the next cell).
	missing := 0
	for i := 1; i <= 500; i++ {
		re := regexp.MustCompile(regexp.QuoteMeta(flat(templatetest.RiskName500(i))) + `([^0-9]|$)`)
		if !re.MatchString(text) {
			missing++
			if missing <= 10 {
				t.Errorf("pdftotext lacks risk %d %q", i, templatetest.RiskName500(i))
			}
		}
	}
	if missing > 10 {
		t.Errorf("… %d risks missing in all", missing)
	}
	checkFontsEmbedded(t, p)
}

// BenchmarkPDFRiskReport500 renders the real risk assessment report template
// filled with 500 risks to PDF (the filling is outside the timing), the same
// report as the DOCX benchmark (BenchmarkDOCXRiskReport500).
func BenchmarkPDFRiskReport500(b *testing.B) {
	d, err := templates.Fill(templates.RiskReport, templatetest.RiskReport500(), "zh-CN", "")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var size int
	for b.Loop() {
		out, err := pdf.Render(d)
		if err != nil {
			b.Fatal(err)
		}
		size = len(out)
	}
	b.ReportMetric(float64(size)/1024, "KiB")
}
