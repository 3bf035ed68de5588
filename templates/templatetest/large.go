package templatetest

import (
	"fmt"

	"outsec/model"
	"outsec/model/risk"
	"outsec/model/screening"
	"outsec/templates"
)

// RiskReport500 is the data of the risk assessment report of an engagement
// with 500 risks (50 assets, 20 threats, 500 vulnerabilities, each risk
// treated), for the performance figures of the issue: the same report is
// rendered to DOCX and PDF by the benchmarks and written as Markdown for
// pandoc by scripts/bench.sh. The risk names are the vulnerabilities'
// descriptions, "未实施最小权限与双人复核 1" … "… 500".
func RiskReport500() *templates.DocData {
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
		a.Vulns = append(a.Vulns, risk.Vulnerability{ID: int64(i), AssetID: int64(i%50 + 1), Description: RiskName500(i), Category: "host", Severity: i%5 + 1, Identified: "scan"})
		a.Risks = append(a.Risks, risk.Risk{ID: int64(i), AssetID: int64(i%50 + 1), ThreatID: int64(i%20 + 1), VulnID: int64(i),
			Treatment: risk.Treatment{Option: risk.TreatControl, Measure: "堡垒机审计", Owner: "信息技术处", Deadline: "2026-04-01", Status: "planned"}})
	}
	a.Conclusion = risk.Conclusion{AcceptableLevel: 2, Leader: e.Leader, Date: "2026-03-01", Decision: risk.ProposeProceed}
	return templates.Assemble(e, a, screening.Screening{}, "2026-03-01", "zh-CN")
}

// RiskName500 is the vulnerability that names risk i (1–500) of RiskReport500.
func RiskName500(i int) string { return fmt.Sprintf("未实施最小权限与双人复核 %d", i) }

// RiskNames are what name each risk of data in the document of kind k, as a
// reader looks for them: in the risk report the asset, threat and
// vulnerability of each risk; in the treatment plan and the residual risk
// report "asset / threat"; none in the other documents.
func RiskNames(data *templates.DocData, k templates.Kind) []string {
	a := &data.Assessment
	assets, threats, vulns := map[int64]string{}, map[int64]string{}, map[int64]string{}
	for _, x := range a.Assets {
		assets[x.ID] = x.Name
	}
	for _, x := range a.Threats {
		threats[x.ID] = x.Name
	}
	for _, x := range a.Vulns {
		vulns[x.ID] = x.Description
	}
	var out []string
	for _, r := range a.Risks {
		switch k {
		case templates.RiskReport:
			out = append(out, assets[r.AssetID], threats[r.ThreatID], vulns[r.VulnID])
		case templates.TreatmentPlan, templates.ResidualReport:
			out = append(out, assets[r.AssetID]+" / "+threats[r.ThreatID])
		}
	}
	return out
}
