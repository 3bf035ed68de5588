package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"outsec/i18n"
	"outsec/model/casefile"
	"outsec/model/risk"
)

// rkCase builds an assessment that uses everything a case file carries, with
// database ids that are not 1, 2, 3 (records were deleted).
func rkCase(t *testing.T, s *Store, op Operator, eng int64) {
	t.Helper()
	tmp := rkAsset("临时", 1, 1, 1)
	rkMust(t, s.SaveAsset(ctx, op, eng, tmp))
	ids := rkSmall(t, s, eng)
	rkMust(t, s.DeleteAsset(ctx, op, tmp.ID))
	extra := rkAsset("备份系统", 3, 2, 5)
	extra.Owner, extra.Notes, extra.Type = "运维科", "异地备份\n第二行", "hardware"
	rkMust(t, s.SaveAsset(ctx, op, eng, extra))
	st := risk.DefaultSettings(risk.MethodMultiplication)
	st.Rounding, st.AssetRule, st.Weights = risk.RoundNone, risk.AssetWeighted, [3]float64{2, 1, 1.5}
	rkMust(t, s.SaveSettings(ctx, op, eng, st))
	rkMust(t, s.SaveTreatment(ctx, op, ids.risks[0], risk.Treatment{Option: risk.TreatControl, Measure: "启用双因素认证",
		Owner: "李华", Deadline: "2026-06-30", Cost: 12345.5, Status: "in_progress"}, 2, 1))
	rkMust(t, s.SaveTreatment(ctx, op, ids.risks[2], risk.Treatment{Option: risk.TreatAccept}, 0, 0))
	rkMust(t, s.SaveControl(ctx, op, eng, &risk.Control{Name: "防火墙", Description: "边界防护", Status: risk.ControlExisting,
		Effectiveness: "partly_effective", RiskIDs: []int64{ids.risks[3], ids.risks[0]}}))
	rkMust(t, s.SaveControl(ctx, op, eng, &risk.Control{Name: "安全培训", Status: risk.ControlPlanned, Effectiveness: "not_assessed"}))
	// A second treatment (§7.14) of a risk still above the level after control.
	rkMust(t, s.SaveConclusion(ctx, op, eng, risk.Conclusion{AcceptableLevel: 3}))
	rkMust(t, s.SaveTreatment(ctx, op, ids.risks[1], risk.Treatment{Option: risk.TreatControl, Measure: "加密传输", Cost: 800}, 5, 5))
	rkMust(t, s.SaveRetreatment(ctx, op, ids.risks[1], &risk.Retreatment{Treatment: risk.Treatment{Option: risk.TreatControl,
		Measure: "专线传输", Owner: "赵磊", Deadline: "2026-09-30", Cost: 5000, Status: "planned"}, ResidualThreat: 1, ResidualVuln: 2}))
	rkMust(t, s.SaveConclusion(ctx, op, eng, risk.Conclusion{AcceptableLevel: 3, Leader: "王明 副局长", Date: "2026-04-01",
		Decision: risk.ProposeStop, Remarks: "待补充处置措施", Benefit: 50000.5, BenefitBasis: risk.BenefitBudget}))
}

// riskSection is the "risk_assessment" of a case file, as written.
func riskSection(t *testing.T, file []byte) string {
	t.Helper()
	var top map[string]json.RawMessage
	rkMust(t, json.Unmarshal(file, &top))
	return string(top["risk_assessment"])
}

func TestCaseRoundTripCarriesTheRiskAssessment(t *testing.T) {
	a, opA := caseStore(t, time.Date(2026, 3, 1, 8, 30, 15, 0, time.UTC))
	engagement(t, a, opA)
	e := engagement(t, a, opA)
	rkCase(t, a, opA, e.ID)
	first := export(t, a, opA, e.ID)
	sec := riskSection(t, first)
	if sec == "" || !strings.Contains(sec, `"method": "multiplication"`) || !strings.Contains(sec, `"residual": {`) ||
		!strings.Contains(sec, `"retreatment": {`) || !strings.Contains(sec, `"units": [`) || !strings.Contains(sec, `"benefit": 50000.5`) {
		t.Fatalf("risk section:\n%s", sec)
	}
	// File-local ids: every register from 1.
	c, err := casefile.Decode(first)
	rkMust(t, err)
	ra := c.RiskAssessment
	if ra.Assets[0].ID != 1 || ra.Assets[2].ID != 3 || ra.Vulns[0].AssetID != 1 || ra.Risks[3].ID != 4 ||
		fmt.Sprint(ra.Controls[0].RiskIDs) != "[1 4]" {
		t.Errorf("file ids: assets %+v, controls %+v", ra.Assets, ra.Controls)
	}
	// An engagement without an assessment has no section.
	if plain := export(t, a, opA, 1); riskSection(t, plain) != "" {
		t.Error("empty assessment exported")
	}

	b, opB := caseStore(t, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	res, err := b.ImportCase(ctx, opB, first, ImportOptions{})
	rkMust(t, err)
	log, _ := b.AuditLog(ctx, 1)
	if !strings.Contains(log[0].Detail, "risk_assessment: method=multiplication assets=3 threats=2 vulnerabilities=3 controls=2 (links=2) risks=4") {
		t.Errorf("import detail: %s", log[0].Detail)
	}
	got, err := b.RiskAssessment(ctx, res.Engagement.ID)
	rkMust(t, err)
	rkCheckScores(t, got, got.Settings)
	second := export(t, b, opB, res.Engagement.ID)
	if s2 := riskSection(t, second); s2 != sec {
		t.Fatalf("risk sections differ:\n%s\n---\n%s", sec, s2)
	}

	// Replace brings the file's assessment in place of the one here.
	rkMust(t, b.SaveAsset(ctx, opB, res.Engagement.ID, rkAsset("本地新增", 2, 2, 2)))
	// The asset added here is newer than the file: a replace is refused
	// without Force, naming what it would remove (issue 16), and changes nothing.
	nrisks := count(t, b, "assets")
	_, err = b.ImportCase(ctx, opB, first, ImportOptions{OnConflict: ConflictReplace})
	var newer *NewerError
	if !errors.As(err, &newer) || !errors.Is(err, ErrConflict) || len(newer.Conflict.Sections) != 1 ||
		newer.Conflict.Sections[0].Section != "case.section.assets" || newer.Conflict.Sections[0].Removed != 1 ||
		newer.Conflict.Sections[0].RemovedNames[0] != "本地新增" || !newer.Conflict.Changed.After(newer.Conflict.Exported) {
		t.Fatalf("replace of newer data: %v %+v", err, newer)
	}
	if count(t, b, "assets") != nrisks {
		t.Fatal("a refused replace changed the assets")
	}
	_, err = b.ImportCase(ctx, opB, first, ImportOptions{OnConflict: ConflictReplace, Force: true})
	rkMust(t, err)
	if third := export(t, b, opB, res.Engagement.ID); riskSection(t, third) != sec {
		t.Error("replace did not restore the file's assessment")
	}
	log, _ = b.AuditLog(ctx, 2) // the import, then the export
	if log[1].Event != EventEngagementImport || !strings.Contains(log[1].Detail, "risk_assessment replaced: assets=4") {
		t.Errorf("replace record: %+v", log[1])
	}
	// Keep both: the copy has its own records.
	res2, err := b.ImportCase(ctx, opB, first, ImportOptions{OnConflict: ConflictKeepBoth})
	rkMust(t, err)
	if copyOf := export(t, b, opB, res2.Engagement.ID); riskSection(t, copyOf) != sec {
		t.Error("copy differs")
	}
	if count(t, b, "risks") != 8 {
		t.Errorf("%d risks after keep-both", count(t, b, "risks"))
	}
}

func TestCaseImportRefusesTamperedScores(t *testing.T) {
	a, opA := caseStore(t, time.Date(2026, 3, 1, 8, 30, 15, 0, time.UTC))
	e := engagement(t, a, opA)
	rkCase(t, a, opA, e.ID)
	file := export(t, a, opA, e.ID)

	tamper := func(edit func(ra map[string]any)) []byte {
		var top map[string]any
		rkMust(t, json.Unmarshal(file, &top))
		edit(top["risk_assessment"].(map[string]any))
		out, err := json.MarshalIndent(top, "", "  ")
		rkMust(t, err)
		return out
	}
	item := func(ra map[string]any, list string, i int) map[string]any {
		return ra[list].([]any)[i].(map[string]any)
	}
	cases := []struct {
		name  string
		edit  func(ra map[string]any)
		paths []string
		key   string
	}{
		{"risk level", func(ra map[string]any) {
			inh := item(ra, "risks", 1)["inherent"].(map[string]any)
			inh["level"] = inh["level"].(float64) + 1
		}, []string{"$.risk_assessment.risks[1].inherent.level"}, casefile.KeyScoreMismatch},
		{"a rating raised, its scores left", func(ra map[string]any) {
			item(ra, "assets", 0)["c"] = 1.0
			item(ra, "assets", 0)["i"] = 1.0
			item(ra, "assets", 0)["a"] = 1.0
		}, []string{"$.risk_assessment.assets[0].value", "$.risk_assessment.assets[0].level"}, casefile.KeyScoreMismatch},
		{"the method changed, the scores left", func(ra map[string]any) {
			ra["settings"].(map[string]any)["rounding"] = "up"
		}, []string{"$.risk_assessment.risks[1].inherent.likelihood", "$.risk_assessment.risks[1].inherent.level"}, casefile.KeyScoreMismatch},
		{"a residual score removed", func(ra map[string]any) {
			delete(item(ra, "risks", 0), "residual")
		}, []string{"$.risk_assessment.risks[0].residual"}, casefile.KeyResidualMissing},
		{"a dangling reference", func(ra map[string]any) {
			item(ra, "risks", 3)["threat_id"] = 99.0
		}, []string{"$.risk_assessment.risks[3].threat_id"}, risk.KeyReference},
		{"a vulnerability of another asset", func(ra map[string]any) {
			item(ra, "risks", 0)["asset_id"] = 2.0
		}, []string{"$.risk_assessment.risks[0].vulnerability_id"}, risk.KeyVulnOtherAsset},
		{"a matrix row too short", func(ra map[string]any) {
			m := ra["settings"].(map[string]any)["risk_matrix"].([]any)
			m[2] = m[2].([]any)[:4]
		}, []string{"$.risk_assessment.settings.risk_matrix[2]"}, casefile.KeyArrayLength},
		{"level bounds out of order", func(ra map[string]any) {
			ra["settings"].(map[string]any)["risk_levels"].(map[string]any)["upper"].([]any)[2] = 1.0
		}, []string{"$.risk_assessment.settings.risk_levels.upper[2]"}, "risk.err.ranges_order"},
		{"a duplicate risk", func(ra map[string]any) {
			item(ra, "risks", 1)["threat_id"] = item(ra, "risks", 0)["threat_id"]
			item(ra, "risks", 1)["vulnerability_id"] = item(ra, "risks", 0)["vulnerability_id"]
		}, []string{"$.risk_assessment.risks[1]"}, risk.KeyDuplicateRisk},
	}
	before := countRows(t, a)
	risksBefore := count(t, a, "risks")
	b, opB := caseStore(t, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	for _, c := range cases {
		data := tamper(c.edit)
		for _, st := range []*Store{a, b} {
			op := opA
			if st == b {
				op = opB
			}
			_, err := st.ImportCase(ctx, op, data, ImportOptions{OnConflict: ConflictReplace})
			ps := casefile.Problems(err)
			if ps == nil {
				t.Fatalf("%s: imported (%v)", c.name, err)
			}
			found := map[string]casefile.Problem{}
			for _, p := range ps {
				found[p.Path] = p
			}
			for _, p := range c.paths {
				if found[p].Key != c.key {
					t.Errorf("%s: no %s at %s: %v", c.name, c.key, p, ps)
				}
			}
		}
	}
	// Nothing written here (the file's own database, replace) or there (a
	// fresh one), but the failures.
	if after := countRows(t, a); !onlyFailures(t, a, before, after, len(cases)) || count(t, a, "risks") != risksBefore {
		t.Errorf("the refused files changed the database: %+v → %+v", before, after)
	}
	if count(t, b, "engagements")+count(t, b, "risks")+count(t, b, "assets")+count(t, b, "risk_assessments") != 0 {
		t.Error("a refused file was written")
	}
	// The message names the path and says why, in both languages.
	_, err := b.ImportCase(ctx, opB, tamper(cases[0].edit), ImportOptions{})
	for _, l := range i18n.Langs {
		cat := i18n.New(l)
		for _, p := range casefile.Problems(err) {
			if txt := p.Text(cat.T); strings.Contains(txt, "⟦") || strings.Contains(txt, "%!") {
				t.Errorf("%s: %s", l, txt)
			}
		}
	}
}
