package docx_test

// Tests on the documents the tool really produces: every template, filled
// with the sample engagement, in both languages.

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

	"outsec/model"
	"outsec/model/risk"
	"outsec/model/screening"
	"outsec/templates"
	"outsec/templates/render"
	"outsec/templates/render/docx"
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

// TestEveryTemplateLibreOffice converts every document to PDF with
// LibreOffice; pdftotext must find the title and document number in each,
// and the risk register's names in the risk report.
func TestEveryTemplateLibreOffice(t *testing.T) {
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
	dir := t.TempDir()
	docs := map[string]*render.Document{}
	args := []string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless", "--convert-to", "pdf", "--outdir", dir}
	for _, lang := range langs {
		for _, k := range templates.Kinds {
			d := fill(t, k, templates.SampleData(lang), lang)
			out, err := docx.Render(d)
			if err != nil {
				t.Fatal(err)
			}
			name := lang + "-" + string(k)
			docs[name] = d
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
		wants := []string{d.Title, d.Number}
		if strings.HasSuffix(name, string(templates.RiskReport)) {
			wants = append(wants, "portal", "intrusion", "weak passwords")
		}
		for _, want := range wants {
			if !strings.Contains(flat, strings.ReplaceAll(want, " ", "")) {
				t.Errorf("%s: PDF text lacks %q", name, want)
			}
		}
	}
}

// riskReport500 is the risk assessment report of an engagement with 500
// risks (50 assets, 20 threats, 500 vulnerabilities).
func riskReport500(t testing.TB) *render.Document {
	e := model.SampleEngagement("zh-CN")
	e.ID, e.Code = 1, "2026-001"
	a := risk.Assessment{Settings: risk.DefaultSettings(risk.MethodMatrix)}
	for i := 1; i <= 50; i++ {
		a.Assets = append(a.Assets, risk.Asset{ID: int64(i), Name: fmt.Sprintf("政务服务系统 %d", i), Type: "software", C: i%5 + 1, I: (i+2)%5 + 1, A: (i+4)%5 + 1})
	}
	for i := 1; i <= 20; i++ {
		a.Threats = append(a.Threats, risk.Threat{ID: int64(i), Name: fmt.Sprintf("外包人员越权访问 %d", i), Source: risk.SourceHumanMalicious, Path: risk.PathIndirect, Frequency: i%5 + 1})
	}
	for i := 1; i <= 500; i++ {
		a.Vulns = append(a.Vulns, risk.Vulnerability{ID: int64(i), AssetID: int64(i%50 + 1), Description: fmt.Sprintf("未实施最小权限与双人复核 %d", i), Category: "host", Severity: i%5 + 1, Identified: "scan"})
		a.Risks = append(a.Risks, risk.Risk{ID: int64(i), AssetID: int64(i%50 + 1), ThreatID: int64(i%20 + 1), VulnID: int64(i),
			Treatment: risk.Treatment{Option: risk.TreatControl, Measure: "堡垒机审计", Owner: "信息技术处", Deadline: "2026-04-01", Status: "planned"}})
	}
	a.Conclusion = risk.Conclusion{AcceptableLevel: 2, Leader: e.Leader, Date: "2026-03-01", Decision: risk.ProposeProceed}
	data := templates.Assemble(e, a, screening.Screening{}, "2026-03-01", "zh-CN")
	return fill(t, templates.RiskReport, data, "zh-CN")
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
