package templates_test

import (
	"fmt"
	"testing"

	"outsec/model"
	"outsec/model/risk"
	"outsec/model/screening"
	"outsec/templates"
	"outsec/templates/render/html"
)

// Large500 is an assessment with 500 risks over 100 assets, 50 threats and
// 200 vulnerabilities, for the benchmarks.
func Large500(lang string) *templates.DocData {
	e := model.SampleEngagement(lang)
	e.Code = "2026-001"
	a := risk.Assessment{Settings: risk.DefaultSettings(risk.MethodMatrix)}
	for i := 1; i <= 100; i++ {
		a.Assets = append(a.Assets, risk.Asset{ID: int64(i), Name: fmt.Sprintf("资产 %d", i), Type: "data", C: 1 + i%5, I: 1 + i%4, A: 2})
	}
	for i := 1; i <= 50; i++ {
		a.Threats = append(a.Threats, risk.Threat{ID: int64(i), Name: fmt.Sprintf("威胁 %d", i), Source: risk.SourceHumanMalicious, Path: risk.PathIndirect, Frequency: 1 + i%5})
	}
	for i := 1; i <= 200; i++ {
		a.Vulns = append(a.Vulns, risk.Vulnerability{ID: int64(i), AssetID: int64(1 + i%100), Description: fmt.Sprintf("脆弱性 %d", i), Category: "host", Severity: 1 + i%5, Identified: "scan"})
	}
	for i := 1; i <= 500; i++ {
		a.Risks = append(a.Risks, risk.Risk{ID: int64(i), AssetID: int64(1 + i%100), ThreatID: int64(1 + i%50), VulnID: int64(1 + i%200),
			Treatment: risk.Treatment{Option: risk.TreatControl, Measure: "措施", Status: "planned"}, ResidualThreat: 1, ResidualVuln: 1})
	}
	a.Conclusion = risk.Conclusion{AcceptableLevel: 2}
	return templates.Assemble(e, a, screening.Screening{}, "2026-03-01", lang)
}

func BenchmarkFillRiskReport500(b *testing.B) {
	d := Large500("zh-CN")
	for b.Loop() {
		if _, err := templates.Fill(templates.RiskReport, d, "zh-CN", ""); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHTMLRiskReport500(b *testing.B) {
	doc, err := templates.Fill(templates.RiskReport, Large500("zh-CN"), "zh-CN", "")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := html.Render(doc); err != nil {
			b.Fatal(err)
		}
	}
}
