package templates_test

import (
	"os"
	"testing"

	"outsec/templates"
	"outsec/templates/render/markdown"
	"outsec/templates/templatetest"
)

// TestWriteRiskReport500Markdown writes the filled Markdown of the 500-risk
// risk assessment report (the one BenchmarkDOCXRiskReport500 and
// BenchmarkPDFRiskReport500 render) to $OUTSEC_BENCH_MD, for scripts/bench.sh
// to time pandoc on the same text. Without the variable it does nothing.
func TestWriteRiskReport500Markdown(t *testing.T) {
	p := os.Getenv("OUTSEC_BENCH_MD")
	if p == "" {
		t.Skip("OUTSEC_BENCH_MD not set: nothing to write")
	}
	d, err := templates.Fill(templates.RiskReport, templatetest.RiskReport500(), "zh-CN", "")
	if err != nil {
		t.Fatal(err)
	}
	b, err := markdown.Render(d)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
