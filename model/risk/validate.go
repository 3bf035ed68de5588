package risk

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"outsec/model"
)

// Validation of the registers: what must hold of one record before it is saved
// (by the store, a case-file import or a CSV import). Each problem is a
// model.FieldError whose Field is "<record>.<json field>" (asset.c,
// risk.treatment.deadline), so that its label is the catalog key
// "field.<record>.<json field>" and a case file can turn it into the JSON path
// of the value; the clause is the one the rule comes from.

// Clauses of the registers (seed 002 is 风险评估程序).
const (
	ClauseAsset         model.Clause = "风险评估程序 §7.5"
	ClauseThreat        model.Clause = "风险评估程序 §7.6"
	ClauseVulnerability model.Clause = "风险评估程序 §7.7"
	ClauseIdentified    model.Clause = "风险评估程序 §7.3"
	ClauseRisk          model.Clause = "风险评估程序 §7.8"
	ClauseControl       model.Clause = "GB/T 32926—2016 5.1.1 c)"
)

// Field prefixes of the records, as FieldError.Field begins.
const (
	FieldAsset         = "asset."
	FieldThreat        = "threat."
	FieldVulnerability = "vulnerability."
	FieldControl       = "control."
	FieldRisk          = "risk."
	FieldConclusion    = "conclusion."
	FieldUnit          = "unit."
	FieldRetreatment   = "risk.retreatment."
	FieldSettings      = "settings."
)

// Catalog keys of the problems this file reports besides the model's own
// "err.required", "err.too_long", "err.bad_text" and "err.date"
// (i18n/locales/*/riskstore.json).
const (
	KeyRating          = "riskstore.err.rating"
	KeyResidualRating  = "riskstore.err.residual_rating"
	KeyResidualPair    = "riskstore.err.residual_pair"
	KeyEnum            = "riskstore.err.enum"
	KeyReference       = "riskstore.err.reference"
	KeyCost            = "riskstore.err.cost"
	KeyAcceptableLevel = "riskstore.err.acceptable_level"
	KeyRetreatOption   = "riskstore.err.retreat_option"
	KeyRetreatFirst    = "riskstore.err.retreat_first"
	KeyRetreatNotHigh  = "riskstore.err.retreat_not_high"
	KeyBenefit         = "riskstore.err.benefit"
	// Checked where the records are known (the store, a case file).
	KeyDuplicateRisk  = "riskstore.err.duplicate_risk"
	KeyVulnOtherAsset = "riskstore.err.vuln_other_asset"
	KeyVulnHasRisks   = "riskstore.err.vuln_has_risks"
	// A decision more permissive than the proposal: "must not proceed"
	// (5.1.2 b) 3)) or "reconsider" (b) 2)).
	KeyDecisionOverStop       = "riskstore.err.decision_over_stop"
	KeyDecisionOverReconsider = "riskstore.err.decision_over_reconsider"
)

type checker struct{ errs model.ValidationError }

func (c *checker) add(field, key string, clause model.Clause, args ...any) {
	c.errs = append(c.errs, model.FieldError{Field: field, Key: key, Args: args, Clause: clause})
}

func (c *checker) text(field, v string, max int) {
	if n := utf8.RuneCountInString(v); n > max {
		c.add(field, "err.too_long", "", max)
	}
	if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
		c.add(field, "err.bad_text", "")
	}
}

func (c *checker) required(field, v string, max int, clause model.Clause) {
	if strings.TrimSpace(v) == "" {
		c.add(field, "err.required", clause)
		return
	}
	c.text(field, v, max)
}

func (c *checker) rating(field string, v int, clause model.Clause) {
	if v < 1 || v > 5 {
		c.add(field, KeyRating, clause, v)
	}
}

func (c *checker) ref(field string, id int64, clause model.Clause) {
	if id <= 0 {
		c.add(field, "err.required", clause)
	}
}

func enum[T ~string](c *checker, field string, v T, set []T, clause model.Clause, optional bool) {
	if optional && v == "" {
		return
	}
	if v == "" {
		c.add(field, "err.required", clause)
		return
	}
	if !oneOf(v, set) {
		c.add(field, KeyEnum, clause, string(v))
	}
}

func (c *checker) result() model.ValidationError {
	if len(c.errs) == 0 {
		return nil
	}
	return c.errs
}

// Validate checks an asset: a name, a known type, C, I and A each 1–5 (seed
// 002 §7.5). AssetID references are checked by the store.
func (a *Asset) Validate() model.ValidationError {
	c := &checker{}
	p := FieldAsset
	c.required(p+"name", a.Name, model.MaxShortText, "")
	enum(c, p+"type", a.Type, AssetTypes, ClauseAsset, false)
	c.text(p+"owner", a.Owner, model.MaxShortText)
	c.rating(p+"c", a.C, ClauseAsset)
	c.rating(p+"i", a.I, ClauseAsset)
	c.rating(p+"a", a.A, ClauseAsset)
	c.text(p+"notes", a.Notes, model.MaxLongText)
	return c.result()
}

// Validate checks a threat: a name, a known source and path, a frequency 1–5
// (seed 002 §7.6).
func (t *Threat) Validate() model.ValidationError {
	c := &checker{}
	p := FieldThreat
	c.required(p+"name", t.Name, model.MaxShortText, "")
	enum(c, p+"source", t.Source, ThreatSources, ClauseThreat, false)
	enum(c, p+"path", t.Path, ThreatPaths, ClauseThreat, false)
	c.text(p+"method", t.Method, model.MaxShortText)
	c.rating(p+"frequency", t.Frequency, ClauseThreat)
	c.text(p+"notes", t.Notes, model.MaxLongText)
	return c.result()
}

// Validate checks a vulnerability: the asset it belongs to, a description, a
// known category, a severity 1–5 (seed 002 §7.7) and how it was identified
// (§7.3).
func (v *Vulnerability) Validate() model.ValidationError {
	c := &checker{}
	p := FieldVulnerability
	c.ref(p+"asset_id", v.AssetID, ClauseVulnerability)
	c.required(p+"description", v.Description, model.MaxLongText, ClauseVulnerability)
	enum(c, p+"category", v.Category, VulnCategories, ClauseVulnerability, false)
	c.rating(p+"severity", v.Severity, ClauseVulnerability)
	enum(c, p+"identified", v.Identified, Identifications, ClauseIdentified, false)
	c.text(p+"notes", v.Notes, model.MaxLongText)
	return c.result()
}

// Validate checks a control: a name, existing or planned, a known
// effectiveness (GB/T 32926—2016 5.1.1 c)). The risks it is linked to are
// checked by the store.
func (ct *Control) Validate() model.ValidationError {
	c := &checker{}
	p := FieldControl
	c.required(p+"name", ct.Name, model.MaxShortText, ClauseControl)
	c.text(p+"description", ct.Description, model.MaxLongText)
	enum(c, p+"status", ct.Status, []ControlStatus{ControlExisting, ControlPlanned}, ClauseControl, false)
	enum(c, p+"effectiveness", ct.Effectiveness, Effectivenesses, ClauseControl, false)
	for i, id := range ct.RiskIDs {
		if id <= 0 {
			c.add(fmt.Sprintf("%srisk_ids[%d]", p, i), KeyReference, ClauseControl, id)
		}
	}
	return c.result()
}

// Validate checks a risk: the three records it links (§7.8), its treatment
// (§7.13) and its residual ratings (§7.14). That the vulnerability belongs to
// the asset is checked where the records are known (the store, a case file).
func (r *Risk) Validate() model.ValidationError {
	c := &checker{}
	p := FieldRisk
	c.ref(p+"asset_id", r.AssetID, ClauseRisk)
	c.ref(p+"threat_id", r.ThreatID, ClauseRisk)
	c.ref(p+"vulnerability_id", r.VulnID, ClauseRisk)
	c.treatment(r.Treatment)
	c.residual(r.ResidualThreat, r.ResidualVuln)
	if r.Retreatment != nil {
		c.errs = append(c.errs, r.Retreatment.Validate()...)
	}
	return c.result()
}

// Validate checks a unit of the department: a name, its role, the negative
// effect it may have (GB/T 32926—2016 5.1.1 b)). The treatment may follow
// later; until it is recorded the proposal says the assessment is incomplete.
func (u *Unit) Validate() model.ValidationError {
	c := &checker{}
	p := FieldUnit
	c.required(p+"name", u.Name, model.MaxShortText, ClauseUnits)
	enum(c, p+"role", u.Role, UnitRoles, ClauseUnits, false)
	c.required(p+"effect", u.Effect, model.MaxLongText, ClauseUnits)
	c.text(p+"treatment", u.Treatment, model.MaxLongText)
	c.text(p+"owner", u.Owner, model.MaxShortText)
	return c.result()
}

// Normalise trims the text fields.
func (u *Unit) Normalise() { trim(&u.Name, &u.Effect, &u.Treatment, &u.Owner) }

// Validate checks a second treatment (seed 002 §7.14): a further treatment
// (control, transfer, avoid; keeping the controls that did not suffice is no
// treatment) with its residual ratings, or an acceptance with the leader's
// name and the date of the approval (5.1.2 a)). An avoidance and an
// acceptance have no residual ratings. That the first treatment left the
// risk above the acceptable level is checked by the store.
func (rt *Retreatment) Validate() model.ValidationError {
	c := &checker{}
	p := FieldRetreatment
	t := rt.Treatment
	if t.Option == TreatNone {
		c.add(p+"treatment.option", "err.required", ClauseRetreatment)
	} else if !oneOf(t.Option, []TreatmentOption{TreatControl, TreatTransfer, TreatAvoid, TreatAccept}) {
		c.add(p+"treatment.option", KeyRetreatOption, ClauseRetreatment, string(t.Option))
	}
	c.text(p+"treatment.measure", t.Measure, model.MaxLongText)
	c.text(p+"treatment.owner", t.Owner, model.MaxShortText)
	if !t.Deadline.Valid() {
		c.add(p+"treatment.deadline", "err.date", "")
	}
	if t.Cost < 0 || math.IsNaN(t.Cost) || math.IsInf(t.Cost, 0) {
		c.add(p+"treatment.cost", KeyCost, "")
	}
	enum(c, p+"treatment.status", t.Status, TreatmentStatuses, ClauseTreatment, true)
	c.text(p+"approved_by", rt.ApprovedBy, model.MaxShortText)
	if !rt.ApprovedOn.Valid() {
		c.add(p+"approved_on", "err.date", "")
	}
	switch t.Option {
	case TreatAccept:
		if strings.TrimSpace(rt.ApprovedBy) == "" {
			c.add(p+"approved_by", "err.required", ClauseRetreatment)
		}
		if rt.ApprovedOn.IsZero() {
			c.add(p+"approved_on", "err.required", ClauseRetreatment)
		}
	case TreatControl, TreatTransfer:
		sub := &checker{}
		sub.residual(rt.ResidualThreat, rt.ResidualVuln)
		for _, f := range sub.errs {
			f.Field = p + strings.TrimPrefix(f.Field, FieldRisk)
			c.errs = append(c.errs, f)
		}
	}
	return c.result()
}

// Normalise trims the text fields and drops what the option does not use:
// the residual ratings of an avoidance or acceptance, the approval of a
// further treatment.
func (rt *Retreatment) Normalise() {
	rt.Treatment.Normalise()
	trim(&rt.ApprovedBy)
	switch rt.Treatment.Option {
	case TreatAvoid, TreatAccept:
		rt.ResidualThreat, rt.ResidualVuln = 0, 0
	}
	if rt.Treatment.Option != TreatAccept {
		rt.ApprovedBy, rt.ApprovedOn = "", ""
	}
}

// ValidateTreatment checks a treatment and the residual ratings that go with it,
// as the fields of a risk.
func ValidateTreatment(t Treatment, residualThreat, residualVuln int) model.ValidationError {
	c := &checker{}
	c.treatment(t)
	c.residual(residualThreat, residualVuln)
	return c.result()
}

func (c *checker) treatment(t Treatment) {
	p := FieldRisk + "treatment."
	enum(c, p+"option", t.Option, TreatmentOptions, ClauseTreatment, true)
	c.text(p+"measure", t.Measure, model.MaxLongText)
	c.text(p+"owner", t.Owner, model.MaxShortText)
	if !t.Deadline.Valid() {
		c.add(p+"deadline", "err.date", "")
	}
	if t.Cost < 0 || math.IsNaN(t.Cost) || math.IsInf(t.Cost, 0) {
		c.add(p+"cost", KeyCost, "")
	}
	enum(c, p+"status", t.Status, TreatmentStatuses, ClauseTreatment, true)
}

func (c *checker) residual(threat, vuln int) {
	p := FieldRisk
	ok := true
	for _, f := range []struct {
		name string
		v    int
	}{{"residual_threat", threat}, {"residual_vulnerability", vuln}} {
		if f.v < 0 || f.v > 5 {
			c.add(p+f.name, KeyResidualRating, ClauseResidual, f.v)
			ok = false
		}
	}
	// One rating alone cannot be scored: both are re-rated with the treatment
	// in place, or neither yet.
	if ok && (threat == 0) != (vuln == 0) {
		field := "residual_vulnerability"
		if threat == 0 {
			field = "residual_threat"
		}
		c.add(p+field, KeyResidualPair, ClauseResidual)
	}
}

// Validate checks the conclusion: an acceptable level 0 (not set) or 1–5; and
// once a decision is recorded, the level, the leader and the date it rests on
// (GB/T 32926—2016 5.1.2 a)). Whether the decision agrees with the proposal is
// checked by the store against the assessment as it stands.
func (cn *Conclusion) Validate() model.ValidationError {
	c := &checker{}
	p := FieldConclusion
	if cn.AcceptableLevel < 0 || cn.AcceptableLevel > 5 {
		c.add(p+"acceptable_level", KeyAcceptableLevel, ClauseAcceptable, cn.AcceptableLevel)
	}
	c.text(p+"leader", cn.Leader, model.MaxShortText)
	if !cn.Date.Valid() {
		c.add(p+"date", "err.date", "")
	}
	enum(c, p+"decision", cn.Decision, []Proposal{ProposeProceed, ProposeReconsider, ProposeStop}, ClauseAcceptable, true)
	if cn.Decision != "" {
		if cn.AcceptableLevel == 0 {
			c.add(p+"acceptable_level", "err.required", ClauseAcceptable)
		}
		if strings.TrimSpace(cn.Leader) == "" {
			c.add(p+"leader", "err.required", ClauseAcceptable)
		}
		if cn.Date.IsZero() {
			c.add(p+"date", "err.required", ClauseAcceptable)
		}
	}
	c.text(p+"remarks", cn.Remarks, model.MaxLongText)
	if cn.Benefit < 0 || math.IsNaN(cn.Benefit) || math.IsInf(cn.Benefit, 0) {
		c.add(p+"benefit", KeyBenefit, ClauseReconsider)
	}
	enum(c, p+"benefit_basis", cn.BenefitBasis, BenefitBases, ClauseReconsider, true)
	return c.result()
}

// ValidateSettings is Settings.Validate as field errors: Field is
// "settings." + the setting's path, Key and Args as Validate gives them.
func ValidateSettings(s Settings) model.ValidationError {
	var out model.ValidationError
	for _, e := range s.Validate() {
		out = append(out, model.FieldError{Field: FieldSettings + e.Field, Key: e.Key, Args: e.Args})
	}
	return out
}

func trim(ps ...*string) {
	for _, p := range ps {
		*p = strings.TrimSpace(*p)
	}
}

// Normalise trims the text fields, as typed in a form.
func (a *Asset) Normalise() { trim(&a.Name, &a.Owner, &a.Notes) }

// Normalise trims the text fields.
func (t *Threat) Normalise() { trim(&t.Name, &t.Method, &t.Notes) }

// Normalise trims the text fields.
func (v *Vulnerability) Normalise() { trim(&v.Description, &v.Notes) }

// Normalise trims the text fields and drops repeated risk ids, keeping the
// first of each.
func (ct *Control) Normalise() {
	trim(&ct.Name, &ct.Description)
	seen := map[int64]bool{}
	ids := ct.RiskIDs[:0:0]
	for _, id := range ct.RiskIDs {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	ct.RiskIDs = ids
	if len(ids) == 0 {
		ct.RiskIDs = nil
	}
}

// Normalise trims the text fields of the treatment.
func (t *Treatment) Normalise() { trim(&t.Measure, &t.Owner) }

// Normalise trims the text fields.
func (cn *Conclusion) Normalise() { trim(&cn.Leader, &cn.Remarks) }

// Normalise trims every text field of the assessment.
func (a *Assessment) Normalise() {
	for i := range a.Assets {
		a.Assets[i].Normalise()
	}
	for i := range a.Threats {
		a.Threats[i].Normalise()
	}
	for i := range a.Vulns {
		a.Vulns[i].Normalise()
	}
	for i := range a.Controls {
		a.Controls[i].Normalise()
	}
	for i := range a.Risks {
		a.Risks[i].Treatment.Normalise()
		if rt := a.Risks[i].Retreatment; rt != nil {
			rt.Normalise()
		}
	}
	for i := range a.Units {
		a.Units[i].Normalise()
	}
	a.Conclusion.Normalise()
}
