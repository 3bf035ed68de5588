package docx_test

// Tests on the documents the tool really produces: every template, filled
// with the sample engagement, in both languages.

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"outsec/templates"
	"outsec/templates/render"
	"outsec/templates/render/docx"
	"outsec/templates/templatetest"
)

var langs = []string{"zh-CN", "en"}

func fill(t testing.TB, k templates.Kind, data *templates.DocData, lang string) *render.Document {
	t.Helper()
	d, err := templates.Fill(k, data, lang, "")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestEveryTemplate(t *testing.T) {
	for _, lang := range langs {
		for _, k := range templates.Kinds {
			t.Run(lang+"/"+string(k), func(t *testing.T) {
				d := fill(t, k, templates.SampleData(lang), lang)
				a, err := docx.Render(d)
				if err != nil {
					t.Fatal(err)
				}
				b, err := docx.Render(fill(t, k, templates.SampleData(lang), lang))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(a, b) {
					t.Error("two exports differ")
				}
				zr, err := zip.NewReader(bytes.NewReader(a), int64(len(a)))
				if err != nil {
					t.Fatal(err)
				}
				for _, f := range zr.File {
					rc, err := f.Open()
					if err != nil {
						t.Fatal(err)
					}
					dec := xml.NewDecoder(rc)
					for {
						_, err := dec.Token()
						if errors.Is(err, io.EOF) {
							break
						}
						if err != nil {
							t.Errorf("%s: %v", f.Name, err)
							break
						}
					}
					rc.Close()
				}
			})
		}
	}
}

// missingTool skips the test, or fails it when OUTSEC_DOCS_TOOLS=required
// (make check-docs, CI): there the check must not pass by not running.
func missingTool(t *testing.T, msg string) {
	t.Helper()
	if os.Getenv("OUTSEC_DOCS_TOOLS") == "required" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// TestEveryTemplateLibreOffice converts every document, filled from the store
// with templatetest's engagement in both languages, to PDF with LibreOffice;
// pdftotext must find the title (the Chinese one in Chinese) and document
// number in each, and every risk in the documents that list them.
func TestEveryTemplateLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("short: skipping the LibreOffice conversion")
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		missingTool(t, "soffice not installed (apt-get install libreoffice-writer-nogui): the DOCX→PDF check cannot run")
	}
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		missingTool(t, "pdftotext not installed (apt-get install poppler-utils): the DOCX→PDF check cannot run")
	}
	dir := t.TempDir()
	docs := map[string]*render.Document{}
	risks := map[string][]string{}
	args := []string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless", "--convert-to", "pdf", "--outdir", dir}
	for _, lang := range langs {
		st := templatetest.Open(t)
		e := templatetest.Engagement(t, st, lang)
		for _, k := range templates.Kinds {
			data, err := templates.Load(context.Background(), st, e.ID, lang)
			if err != nil {
				t.Fatal(err)
			}
			d := fill(t, k, data, lang)
			out, err := docx.Render(d)
			if err != nil {
				t.Fatal(err)
			}
			name := lang + "-" + string(k)
			docs[name], risks[name] = d, templatetest.RiskNames(data, k)
			p := filepath.Join(dir, name+".docx")
			if err := os.WriteFile(p, out, 0o644); err != nil {
				t.Fatal(err)
			}
			args = append(args, p)
		}
	}
	if msg, err := exec.Command(soffice, args...).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, msg)
	}
	for name, d := range docs {
		txt, err := exec.Command(pdftotext, filepath.Join(dir, name+".pdf"), "-").Output()
		if err != nil {
			t.Errorf("%s: pdftotext: %v (did LibreOffice convert it?)", name, err)
			continue
		}
		// Table cells wrap words; compare without white space.
		flat := strings.Join(strings.Fields(string(txt)), "")
		wants := append([]string{d.Title, d.Number}, risks[name]...)
		if strings.HasPrefix(name, "zh-CN") && !strings.ContainsFunc(d.Title, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
			t.Errorf("%s: the Chinese document's title %q has no Chinese", name, d.Title)
		}
		for _, want := range wants {
			if !strings.Contains(flat, strings.ReplaceAll(want, " ", "")) {
				t.Errorf("%s: PDF text lacks %q", name, want)
			}
		}
	}
}

// riskReport500 is the risk assessment report of an engagement with 500
// risks (50 assets, 20 threats, 500 vulnerabilities): templatetest's, the one
// the PDF benchmark and scripts/bench.sh's pandoc run use too.
func riskReport500(t testing.TB) *render.Document {
	return fill(t, templates.RiskReport, templatetest.RiskReport500(), "zh-CN")
}

func TestRiskReport500(t *testing.T) {
	d := riskReport500(t)
	out, err := docx.Render(d)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(out), int64(len(out)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			continue
		}
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		for _, want := range []string{"未实施最小权限与双人复核 1<", "未实施最小权限与双人复核 500<"} {
			if !bytes.Contains(b, []byte(want)) {
				t.Errorf("document.xml lacks %q", want)
			}
		}
	}
}

// BenchmarkDOCXRiskReport500 renders the real risk assessment report template
// filled with 500 risks (the filling is outside the timing; the exporter
// parses once too).
func BenchmarkDOCXRiskReport500(b *testing.B) {
	d := riskReport500(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := docx.Render(d); err != nil {
			b.Fatal(err)
		}
	}
}
