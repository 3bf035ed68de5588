package risk

import (
	"context"
	"fmt"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"outsec/i18n"
	"outsec/model/risk"
)

// goldenRiskFixture is the fixture with an acceptable level and one treated
// risk, so that the marks and the residual column have something to show.
func goldenRiskFixture(t *testing.T, lang i18n.Lang) *riskFixture {
	t.Helper()
	f := newRiskFixture(t, lang, true)
	ctx := context.Background()
	if err := f.st.SaveConclusion(ctx, f.op, f.e.ID, risk.Conclusion{AcceptableLevel: 2}); err != nil {
		t.Fatal(err)
	}
	measure := "启用双因素认证并限制管理后台的访问来源"
	if lang == i18n.EN {
		measure = "Two-factor sign-in; admin pages reachable from the office network only"
	}
	tr := risk.Treatment{Option: risk.TreatControl, Measure: measure, Owner: "IT", Deadline: "2026-06-30", Cost: 20000, Status: "in_progress"}
	if err := f.st.SaveTreatment(ctx, f.op, f.risks[0].ID, tr, 2, 2); err != nil {
		t.Fatal(err)
	}
	ctl := risk.Control{Name: "WAF", Description: "Web application firewall", Status: risk.ControlExisting,
		Effectiveness: "partly_effective", RiskIDs: []int64{f.risks[0].ID}}
	if err := f.st.SaveControl(ctx, f.op, f.e.ID, &ctl); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestRiskGolden keeps every tab of the risk assessment, and its forms, as
// screens without colour. Update with: go test ./tui/ -run TestRiskGolden -update
func TestRiskGolden(t *testing.T) {
	type screen struct {
		name string
		keys []string
	}
	var tabs []screen
	for i := 1; i <= 8; i++ {
		// 1 to 8 from the first tab; the settings tab takes digits as values.
		keys := []string{}
		for j := 1; j < i; j++ {
			keys = append(keys, "tab")
		}
		tabs = append(tabs, screen{fmt.Sprintf("tab%d", i), keys})
	}
	extra := []screen{
		{"asset_form_c", []string{"a", "X", "enter", "enter", "enter"}},
		{"risk_detail", []string{"5", "i"}},
		{"treatment_form", []string{"5", "t"}},
		{"heat_cell", []string{"6", "up", "right", "enter"}},
		{"matrix_edit", []string{"7", "right", "down", "1", "9"}},
		{"conclusion_form", []string{"8", "e"}},
		{"help", []string{"?"}},
		{"delete", []string{"5", "d"}},
	}
	run := func(lang i18n.Lang, w, h int, screens []screen) {
		for _, sc := range screens {
			t.Run(fmt.Sprintf("%s_%s_%dx%d", sc.name, lang, w, h), func(t *testing.T) {
				f := goldenRiskFixture(t, lang)
				hs := f.open(t, lang, w, h)
				hs.Keys(sc.keys...)
				hs.CheckFrame(w, h)
				golden.RequireEqual(t, hs.Screen())
			})
		}
	}
	run(i18n.ZH, 120, 36, append(tabs, extra...))
	run(i18n.ZH, 80, 24, append(tabs, extra...))
	run(i18n.EN, 120, 36, tabs)
	run(i18n.EN, 80, 24, tabs[:1])
}
