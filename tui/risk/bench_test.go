package risk

import (
	"fmt"
	"sort"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"outsec/i18n"
	"outsec/model"
	"outsec/model/risk"
	"outsec/tui/tuitest"
	"outsec/tui/ui"
	"outsec/tui/workbench"
)

// bigAssessment is an assessment of n risks: 100 assets with 20
// vulnerabilities each and n/2000 threats, every vulnerability linked with
// every threat.
func bigAssessment(n int) risk.Assessment {
	a := risk.Assessment{Settings: risk.DefaultSettings(risk.MethodMatrix)}
	var id int64
	next := func() int64 { id++; return id }
	for i := 0; i < 100; i++ {
		a.Assets = append(a.Assets, risk.Asset{ID: next(), Name: fmt.Sprintf("资产%03d 政务业务系统", i), Type: "software",
			Owner: "信息中心", C: 1 + i%5, I: 1 + (i/5)%5, A: 1 + (i/25)%5})
	}
	for _, as := range a.Assets {
		for j := 0; j < 20; j++ {
			a.Vulns = append(a.Vulns, risk.Vulnerability{ID: next(), AssetID: as.ID, Description: fmt.Sprintf("脆弱性%02d 弱口令或未打补丁", j),
				Category: "host", Severity: 1 + j%5, Identified: "scan"})
		}
	}
	threats := max(n/len(a.Vulns), 1)
	for i := 0; i < threats; i++ {
		a.Threats = append(a.Threats, risk.Threat{ID: next(), Name: fmt.Sprintf("威胁%02d 网络攻击", i), Source: risk.SourceHumanMalicious,
			Path: risk.PathIndirect, Frequency: 1 + i%5})
	}
	for _, v := range a.Vulns {
		for _, t := range a.Threats {
			if len(a.Risks) == n {
				break
			}
			r := risk.Risk{ID: next(), AssetID: v.AssetID, ThreatID: t.ID, VulnID: v.ID}
			if len(a.Risks)%7 == 0 {
				r.Treatment = risk.Treatment{Option: risk.TreatControl, Measure: "加固", Status: "planned"}
				r.ResidualThreat, r.ResidualVuln = 1, 1
			}
			a.Risks = append(a.Risks, r)
		}
	}
	a.Conclusion.AcceptableLevel = 3
	return a
}

// BenchmarkRiskRegisterKeyPress100k measures one down-arrow press (Update and
// View) on the risks register of an assessment of 100,000 risks, and reports
// the median press. The data is prepared as the loading command does.
func BenchmarkRiskRegisterKeyPress100k(b *testing.B) {
	cat := i18n.New(i18n.ZH)
	a := bigAssessment(100000)
	t0 := time.Now()
	data := buildRiskData(a, cat)
	build := time.Since(t0)
	if len(data.rows[regRisks]) != 100000 {
		b.Fatalf("%d risks", len(data.rows[regRisks]))
	}
	m := workbench.NewModel(workbench.Config{Catalog: cat, Width: 120, Height: 36, NoColor: true, Pages: tuitest.Pages})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 36})
	// The page as the navigator shows it, with the data the load would bring.
	m.Update(ui.GoMsg{Key: ui.KindRisk.Key(1)})
	r := m.Kept(ui.KindRisk).(*riskScreen)
	r.eng = model.Engagement{ID: 1, Code: "2026-001", Name: "基准测试"}
	r.setData(data, 0, 0)
	r.tab = riskTabRisks
	down, up := tuitest.KeyMsg("down"), tuitest.KeyMsg("up")
	key := down
	t := &r.tables[regRisks]
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if t.cursor == len(t.view)-1 {
			key = up
		} else if t.cursor == 0 {
			key = down
		}
		t0 := time.Now()
		m.Update(key)
		_ = m.View()
		times = append(times, time.Since(t0))
	}
	b.StopTimer()
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Nanoseconds()), "median-ns/press")
	b.ReportMetric(float64(build.Milliseconds()), "load-ms")
}
