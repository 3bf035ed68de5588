package risk

import (
	"strings"
	"testing"

	"outsec/model"
)

func fieldKeys(errs model.ValidationError) map[string]string {
	m := map[string]string{}
	for _, f := range errs {
		m[f.Field] = f.Key
	}
	return m
}

func TestValidateRecords(t *testing.T) {
	good := []interface{ Validate() model.ValidationError }{
		&Asset{Name: "数据库", Type: "data", C: 1, I: 5, A: 3},
		&Threat{Name: "攻击", Source: SourceNatural, Path: PathDirect, Frequency: 5},
		&Vulnerability{AssetID: 1, Description: "弱口令", Category: "people", Severity: 1, Identified: "interview"},
		&Control{Name: "防火墙", Status: ControlPlanned, Effectiveness: "ineffective", RiskIDs: []int64{1, 2}},
		&Risk{AssetID: 1, ThreatID: 2, VulnID: 3},
		&Risk{AssetID: 1, ThreatID: 2, VulnID: 3, Treatment: Treatment{Option: TreatTransfer, Deadline: "2026-12-31",
			Cost: 1.5, Status: "done"}, ResidualThreat: 1, ResidualVuln: 5},
		&Conclusion{},
		&Conclusion{AcceptableLevel: 2},
		&Conclusion{AcceptableLevel: 2, Leader: "王明", Date: "2026-04-01", Decision: ProposeStop},
	}
	for _, g := range good {
		if errs := g.Validate(); errs != nil {
			t.Errorf("%+v: %v", g, errs)
		}
	}

	got := fieldKeys((&Asset{Name: " ", Type: "", C: 0, I: 6, A: 3, Owner: strings.Repeat("x", 201)}).Validate())
	want := map[string]string{"asset.name": "err.required", "asset.type": "err.required", "asset.c": KeyRating,
		"asset.i": KeyRating, "asset.owner": "err.too_long"}
	if len(got) != len(want) {
		t.Errorf("asset: %v", got)
	}
	for f, k := range want {
		if got[f] != k {
			t.Errorf("asset %s: %q, want %q", f, got[f], k)
		}
	}
	got = fieldKeys((&Risk{Treatment: Treatment{Option: "later", Cost: -3}, ResidualThreat: 0, ResidualVuln: 3}).Validate())
	for f, k := range map[string]string{"risk.asset_id": "err.required", "risk.threat_id": "err.required",
		"risk.vulnerability_id": "err.required", "risk.treatment.option": KeyEnum, "risk.treatment.cost": KeyCost,
		"risk.residual_threat": KeyResidualPair} {
		if got[f] != k {
			t.Errorf("risk %s: %q, want %q (%v)", f, got[f], k, got)
		}
	}
	got = fieldKeys(ValidateTreatment(Treatment{}, 6, -1))
	if got["risk.residual_threat"] != KeyResidualRating || got["risk.residual_vulnerability"] != KeyResidualRating || len(got) != 2 {
		t.Errorf("residual ratings: %v", got)
	}
	got = fieldKeys((&Conclusion{AcceptableLevel: 6, Decision: "go", Date: "2026-02-30"}).Validate())
	if got["conclusion.acceptable_level"] != KeyAcceptableLevel || got["conclusion.decision"] != KeyEnum ||
		got["conclusion.date"] != "err.date" || got["conclusion.leader"] != "err.required" {
		t.Errorf("conclusion: %v", got)
	}
	// Clauses: each rating names where its scale is defined.
	for _, f := range (&Threat{Name: "x", Source: SourceNatural, Path: PathDirect}).Validate() {
		if f.Field == "threat.frequency" && f.Clause != ClauseThreat {
			t.Errorf("frequency clause %q", f.Clause)
		}
	}
}

func TestValidateSettingsAsFields(t *testing.T) {
	if errs := ValidateSettings(DefaultSettings(MethodMatrix)); errs != nil {
		t.Fatal(errs)
	}
	s := DefaultSettings(MethodMatrix)
	s.RiskMatrix[4][4] = 0
	errs := ValidateSettings(s)
	if len(errs) != 1 || errs[0].Field != "settings.risk_matrix[5][5]" || errs[0].LabelKey() != "field.settings.risk_matrix" {
		t.Errorf("%+v", errs)
	}
}

func TestNormalise(t *testing.T) {
	c := Control{Name: " 防火墙 ", RiskIDs: []int64{3, 1, 3, 1}}
	c.Normalise()
	if c.Name != "防火墙" || len(c.RiskIDs) != 2 || c.RiskIDs[0] != 3 || c.RiskIDs[1] != 1 {
		t.Errorf("%+v", c)
	}
	c = Control{RiskIDs: []int64{}}
	c.Normalise()
	if c.RiskIDs != nil {
		t.Errorf("empty links: %#v", c.RiskIDs)
	}
}
