package casefile

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"outsec/i18n"
	"outsec/model/risk"
)

// riskCase is the valid case with a small assessment, scored, with file ids.
func riskCase(t *testing.T, st risk.Settings) Case {
	t.Helper()
	c, err := Decode([]byte(valid))
	if err != nil {
		t.Fatal(err)
	}
	a := risk.Assessment{
		Settings: st,
		Assets: []risk.Asset{
			{ID: 10, Name: "人口信息数据库", Type: "data", C: 5, I: 4, A: 3},
			{ID: 20, Name: "门户网站", Type: "service", C: 2, I: 3, A: 4},
		},
		Threats: []risk.Threat{{ID: 7, Name: "外部攻击", Source: risk.SourceHumanMalicious, Path: risk.PathIndirect, Frequency: 4}},
		Vulns: []risk.Vulnerability{
			{ID: 3, AssetID: 10, Description: "弱口令", Category: "host", Severity: 4, Identified: "scan"},
			{ID: 5, AssetID: 20, Description: "未打补丁", Category: "application", Severity: 2, Identified: "verification"},
		},
		Risks: []risk.Risk{
			{ID: 100, AssetID: 10, ThreatID: 7, VulnID: 3, Treatment: risk.Treatment{Option: risk.TreatControl, Measure: "双因素认证"},
				ResidualThreat: 2, ResidualVuln: 1},
			{ID: 90, AssetID: 20, ThreatID: 7, VulnID: 5},
		},
		Controls:   []risk.Control{{ID: 1, Name: "防火墙", Status: risk.ControlExisting, Effectiveness: "effective", RiskIDs: []int64{100, 90}}},
		Conclusion: risk.Conclusion{AcceptableLevel: 3},
	}
	a.Recompute()
	local := LocalIDs(a)
	c.RiskAssessment = &local
	return c
}

func encodeCase(t *testing.T, c Case) []byte {
	t.Helper()
	b, err := Encode(c)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestLocalIDs(t *testing.T) {
	c := riskCase(t, risk.DefaultSettings(risk.MethodMatrix))
	a := c.RiskAssessment
	if a.Assets[1].ID != 2 || a.Threats[0].ID != 1 || a.Vulns[1].ID != 2 || a.Vulns[1].AssetID != 2 ||
		a.Risks[0].ID != 1 || a.Risks[1].ID != 2 || a.Risks[1].AssetID != 2 || a.Risks[1].VulnID != 2 || a.Risks[1].ThreatID != 1 {
		t.Errorf("renumbered: %+v", a)
	}
	if got := a.Controls[0].RiskIDs; len(got) != 2 || got[0] != 1 || got[1] != 2 {
		t.Errorf("control links %v, want [1 2]", got)
	}
	if a.Risks[0].Residual == nil {
		t.Fatal("residual lost")
	}
}

func TestRiskSectionRoundTrip(t *testing.T) {
	for _, m := range risk.Methods {
		st := risk.DefaultSettings(m)
		st.Rounding = risk.RoundHalfUp
		c := riskCase(t, st)
		b := encodeCase(t, c)
		got, err := Decode(b)
		if err != nil {
			t.Fatalf("%s: %v", m, err)
		}
		if again := encodeCase(t, got); string(again) != string(b) {
			t.Errorf("%s: decode → encode differs", m)
		}
	}
	// Empty registers are written as [], never null.
	c, _ := Decode([]byte(valid))
	c.RiskAssessment = &risk.Assessment{Settings: risk.DefaultSettings(risk.MethodMatrix)}
	b := encodeCase(t, c)
	if strings.Contains(string(b), "null") {
		t.Errorf("null in\n%s", b)
	}
	if _, err := Decode(b); err != nil {
		t.Error(err)
	}
	// No section: none written.
	c.RiskAssessment = nil
	if b := encodeCase(t, c); strings.Contains(string(b), "risk_assessment") {
		t.Error("empty section written")
	}
}

// editRisk changes the risk section of a valid file through a generic map.
func editRisk(t *testing.T, c Case, fn func(ra map[string]any)) []byte {
	t.Helper()
	var top map[string]any
	if err := json.Unmarshal(encodeCase(t, c), &top); err != nil {
		t.Fatal(err)
	}
	fn(top["risk_assessment"].(map[string]any))
	b, err := json.MarshalIndent(top, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func at(ra map[string]any, list string, i int) map[string]any {
	return ra[list].([]any)[i].(map[string]any)
}

func TestRiskSectionProblems(t *testing.T) {
	c := riskCase(t, risk.DefaultSettings(risk.MethodMatrix))
	cases := []struct {
		name  string
		edit  func(ra map[string]any)
		wants []want
	}{
		{"matrix cell: the path counts from 0", func(ra map[string]any) {
			ra["settings"].(map[string]any)["likelihood_matrix"].([]any)[1].([]any)[2] = 30.0
		}, []want{{"$.risk_assessment.settings.likelihood_matrix[1][2]", "risk.err.matrix_cell", []any{30}}}},
		{"matrix row too long", func(ra map[string]any) {
			m := ra["settings"].(map[string]any)["risk_matrix"].([]any)
			m[0] = append(m[0].([]any), 1.0)
		}, []want{{"$.risk_assessment.settings.risk_matrix[0]", KeyArrayLength, []any{5, 6}}}},
		{"matrix cell as text", func(ra map[string]any) {
			ra["settings"].(map[string]any)["loss_matrix"].([]any)[4].([]any)[0] = "6"
		}, []want{{"$.risk_assessment.settings.loss_matrix[4][0]", KeyType, []any{KindInteger, KindString}}}},
		{"a setting missing", func(ra map[string]any) {
			delete(ra["settings"].(map[string]any), "asset_rule")
		}, []want{{"$.risk_assessment.settings.asset_rule", KeyMissing, nil}}},
		{"settings missing", func(ra map[string]any) {
			delete(ra, "settings")
		}, []want{{"$.risk_assessment.settings", KeyMissing, nil}}},
		{"unknown field of a record", func(ra map[string]any) {
			at(ra, "threats", 0)["likelihood"] = 3.0
		}, []want{{"$.risk_assessment.threats[0].likelihood", KeyUnknownField, nil}}},
		{"required fields of a record", func(ra map[string]any) {
			delete(at(ra, "vulnerabilities", 1), "severity")
			delete(at(ra, "risks", 0), "inherent")
		}, []want{
			{"$.risk_assessment.vulnerabilities[1].severity", KeyMissing, nil},
			{"$.risk_assessment.risks[0].inherent", KeyMissing, nil},
		}},
		{"rating, enum, id", func(ra map[string]any) {
			at(ra, "assets", 1)["c"] = 6.0
			at(ra, "assets", 1)["type"] = "spaceship"
			at(ra, "threats", 0)["id"] = 0.0
		}, []want{
			{"$.risk_assessment.assets[1].type", risk.KeyEnum, []any{"spaceship"}},
			{"$.risk_assessment.assets[1].c", risk.KeyRating, []any{6}},
			{"$.risk_assessment.threats[0].id", KeyRiskID, []any{int64(0)}},
			{"$.risk_assessment.risks[0].threat_id", risk.KeyReference, []any{int64(1)}},
			{"$.risk_assessment.risks[1].threat_id", risk.KeyReference, []any{int64(1)}},
		}},
		{"duplicate id and link", func(ra map[string]any) {
			at(ra, "assets", 1)["id"] = 1.0
			at(ra, "controls", 0)["risk_ids"] = []any{1.0, 1.0, 3.0}
		}, []want{
			{"$.risk_assessment.assets[1].id", KeyRiskDuplicateID, []any{int64(1)}},
			{"$.risk_assessment.vulnerabilities[1].asset_id", risk.KeyReference, []any{int64(2)}},
			{"$.risk_assessment.risks[1].asset_id", risk.KeyReference, []any{int64(2)}},
			{"$.risk_assessment.controls[0].risk_ids[1]", KeyRiskDuplicateID, []any{int64(1)}},
			{"$.risk_assessment.controls[0].risk_ids[2]", risk.KeyReference, []any{int64(3)}},
		}},
		{"residual given without ratings", func(ra map[string]any) {
			r := at(ra, "risks", 0)
			delete(r, "residual_threat")
			delete(r, "residual_vulnerability")
		}, []want{{"$.risk_assessment.risks[0].residual", KeyResidualExtra, nil}}},
		{"one residual rating", func(ra map[string]any) {
			delete(at(ra, "risks", 0), "residual_vulnerability")
		}, []want{{"$.risk_assessment.risks[0].residual_vulnerability", risk.KeyResidualPair, nil}}},
		{"asset value altered", func(ra map[string]any) {
			at(ra, "assets", 0)["value"] = 4.0
		}, []want{{"$.risk_assessment.assets[0].value", KeyScoreMismatch, []any{4.0, 5.0}}}},
		{"conclusion", func(ra map[string]any) {
			ra["conclusion"] = map[string]any{"acceptable_level": 7.0, "decision": "proceed"}
		}, []want{
			{"$.risk_assessment.conclusion.acceptable_level", risk.KeyAcceptableLevel, []any{7}},
			{"$.risk_assessment.conclusion.leader", "err.required", nil},
			{"$.risk_assessment.conclusion.date", "err.required", nil},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			check(t, problems(t, editRisk(t, c, tc.edit)), tc.wants...)
		})
	}
}

// A file scored by other settings: the first problems are listed, then how
// many more.
func TestRiskSectionManyMismatches(t *testing.T) {
	c := riskCase(t, risk.DefaultSettings(risk.MethodMatrix))
	a := c.RiskAssessment
	base := a.Risks[1]
	a.Assets = append(a.Assets, risk.Asset{ID: 3, Name: "x", Type: "data", C: 1, I: 1, A: 1})
	for i := 0; i < 200; i++ {
		a.Threats = append(a.Threats, risk.Threat{ID: int64(2 + i), Name: "t", Source: risk.SourceNatural, Path: risk.PathDirect, Frequency: 5})
		r := base
		r.ID, r.ThreatID = int64(3+i), int64(2+i)
		a.Risks = append(a.Risks, r)
	}
	a.Recompute()
	a.Settings.Method = risk.MethodProduct
	a.Settings.LikelihoodLevels, a.Settings.LossLevels, a.Settings.RiskLevels = risk.DefaultRanges(risk.MethodProduct)
	ps := problems(t, encodeCase(t, c))
	if len(ps) != maxScoreProblems+1 || ps[len(ps)-1].Key != KeyScoreMore || ps[len(ps)-1].Path != "$.risk_assessment" {
		t.Fatalf("%d problems, last %v", len(ps), ps[len(ps)-1])
	}
}

func TestRiskCheckInMemory(t *testing.T) {
	c := riskCase(t, risk.DefaultSettings(risk.MethodMultiplication))
	if err := c.Check(); err != nil {
		t.Fatal(err)
	}
	c.RiskAssessment.Risks[1].Inherent.Level = 5
	err := c.Check()
	if len(err) != 1 || err[0].Path != "$.risk_assessment.risks[1].inherent.level" {
		t.Errorf("%v", err)
	}
}

func TestRiskProblemMessages(t *testing.T) {
	c := riskCase(t, risk.DefaultSettings(risk.MethodMatrix))
	data := editRisk(t, c, func(ra map[string]any) {
		at(ra, "assets", 0)["value"] = 4.0
		at(ra, "risks", 1)["asset_id"] = 1.0
		ra["settings"].(map[string]any)["risk_matrix"].([]any)[0] = []any{1.0}
	})
	for _, l := range i18n.Langs {
		cat := i18n.New(l)
		for _, p := range problems(t, data) {
			if m := p.Text(cat.T); strings.Contains(m, "⟦") || strings.Contains(m, "%!") {
				t.Errorf("%s: %s", l, m)
			}
		}
	}
}

// The example of the risk assessment section in docs/case-file.md is valid,
// its numbers are those its settings give, and it is in the written form.
func TestDocumentedRiskExample(t *testing.T) {
	doc, err := os.ReadFile("../../docs/case-file.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(doc), "Example of the section (the value of `\"risk_assessment\"`")
	_, rest, ok2 := strings.Cut(rest, "```json\n")
	example, _, ok3 := strings.Cut(rest, "```")
	if !ok || !ok2 || !ok3 {
		t.Fatal("no risk assessment example in docs/case-file.md")
	}
	// Where it goes in a file: after the engagement, indented one level.
	indented := strings.ReplaceAll(strings.TrimSuffix(example, "\n"), "\n", "\n  ")
	file, found := strings.CutSuffix(valid, "  }\n}\n")
	if !found {
		t.Fatal("valid does not end as expected")
	}
	file += "  },\n  \"risk_assessment\": " + indented + "\n}\n"
	c, err := Decode([]byte(file))
	if err != nil {
		t.Fatal(err)
	}
	if p, reasons := c.RiskAssessment.Propose(); p != c.RiskAssessment.Conclusion.Decision {
		t.Errorf("the example decides %s, its data proposes %s %v", c.RiskAssessment.Conclusion.Decision, p, reasons)
	}
	b := encodeCase(t, c)
	if !strings.Contains(string(b), "\n  \"risk_assessment\": "+indented+"\n") {
		t.Errorf("the example is not in the written form:\n%s", b)
	}
}
