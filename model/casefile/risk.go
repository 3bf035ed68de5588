package casefile

import (
	"fmt"
	"math"
	"reflect"
	"regexp"
	"strings"

	"outsec/model"
	"outsec/model/risk"
)

// The section "risk_assessment": the outsourcing risk assessment of the
// engagement (GB/T 32926—2016 5.1), whole: its settings (method, asset rule,
// weights, rounding, matrices, level ranges), the registers (assets, threats,
// vulnerabilities, controls with the risks they treat, risks with their
// treatment and residual ratings), the derived values as they were stored
// (asset values and levels, inherent and residual scores), and the conclusion.
// It is model/risk.Assessment as JSON.
//
// The ids in the section are references within the file: each register is
// numbered from 1 in the order written (LocalIDs), and an import gives the
// records ids of its own. A reader recomputes every derived value with the
// file's own settings and refuses the file if any stored value disagrees, so a
// file whose ratings or scores were altered by hand cannot be imported with
// scores its settings do not give.

// Keys of the problems of the risk assessment section
// (i18n/locales/*/riskstore.json).
const (
	KeyArrayLength     = "riskstore.case.array_length"
	KeyRiskID          = "riskstore.case.id"
	KeyRiskDuplicateID = "riskstore.case.duplicate_id"
	KeyScoreMismatch   = "riskstore.case.score"
	KeyResidualMissing = "riskstore.case.residual_missing"
	KeyResidualExtra   = "riskstore.case.residual_extra"
	KeyScoreMore       = "riskstore.case.score_more"
)

const (
	riskPath = "$.risk_assessment"
	// maxScoreProblems: a file scored by other settings disagrees on every
	// risk; the first ones say enough.
	maxScoreProblems = 100
	// scoreTolerance allows for a value written with fewer digits than a
	// float64 has (relative, or absolute below 1).
	scoreTolerance = 1e-9
)

// LocalIDs returns a copy of a whose ids are those of a file: each register
// numbered from 1 in its order, every reference (a vulnerability's asset, a
// risk's asset, threat and vulnerability, a control's risks) renumbered with
// it, a control's risks in ascending order.
func LocalIDs(a risk.Assessment) risk.Assessment {
	out := a
	assets := make(map[int64]int64, len(a.Assets))
	out.Assets = make([]risk.Asset, len(a.Assets))
	for i, x := range a.Assets {
		assets[x.ID] = int64(i + 1)
		x.ID = int64(i + 1)
		out.Assets[i] = x
	}
	threats := make(map[int64]int64, len(a.Threats))
	out.Threats = make([]risk.Threat, len(a.Threats))
	for i, x := range a.Threats {
		threats[x.ID] = int64(i + 1)
		x.ID = int64(i + 1)
		out.Threats[i] = x
	}
	vulns := make(map[int64]int64, len(a.Vulns))
	out.Vulns = make([]risk.Vulnerability, len(a.Vulns))
	for i, x := range a.Vulns {
		vulns[x.ID] = int64(i + 1)
		x.ID, x.AssetID = int64(i+1), assets[x.AssetID]
		out.Vulns[i] = x
	}
	risks := make(map[int64]int64, len(a.Risks))
	out.Risks = make([]risk.Risk, len(a.Risks))
	for i, x := range a.Risks {
		risks[x.ID] = int64(i + 1)
		x.ID, x.AssetID, x.ThreatID, x.VulnID = int64(i+1), assets[x.AssetID], threats[x.ThreatID], vulns[x.VulnID]
		if x.Residual != nil {
			r := *x.Residual
			x.Residual = &r
		}
		out.Risks[i] = x
	}
	for i, x := range a.Risks {
		if x.Retreatment != nil {
			rt := *x.Retreatment
			if rt.Residual != nil {
				sc := *rt.Residual
				rt.Residual = &sc
			}
			out.Risks[i].Retreatment = &rt
		}
	}
	if a.Units != nil {
		out.Units = make([]risk.Unit, len(a.Units))
		for i, x := range a.Units {
			x.ID = int64(i + 1)
			out.Units[i] = x
		}
	}
	out.Controls = make([]risk.Control, len(a.Controls))
	for i, x := range a.Controls {
		x.ID = int64(i + 1)
		var ids []int64
		for _, r := range x.RiskIDs {
			ids = append(ids, risks[r])
		}
		for j := 1; j < len(ids); j++ {
			for k := j; k > 0 && ids[k] < ids[k-1]; k-- {
				ids[k], ids[k-1] = ids[k-1], ids[k]
			}
		}
		x.RiskIDs = ids
		out.Controls[i] = x
	}
	return out
}

// encodableRisk is the section as Encode writes it: every register an array,
// never null.
func encodableRisk(a *risk.Assessment) *risk.Assessment {
	if a == nil {
		return nil
	}
	x := *a
	if x.Assets == nil {
		x.Assets = []risk.Asset{}
	}
	if x.Threats == nil {
		x.Threats = []risk.Threat{}
	}
	if x.Vulns == nil {
		x.Vulns = []risk.Vulnerability{}
	}
	if x.Controls == nil {
		x.Controls = []risk.Control{}
	}
	if x.Risks == nil {
		x.Risks = []risk.Risk{}
	}
	return &x
}

// Required fields of each record: the writer always writes them; a reader
// does not guess them. Optional text, the treatment and the residual ratings
// may be left out.
var (
	requiredAsset   = []string{"id", "name", "type", "c", "i", "a", "value", "level"}
	requiredThreat  = []string{"id", "name", "source", "path", "frequency"}
	requiredVuln    = []string{"id", "asset_id", "description", "category", "severity", "identified"}
	requiredControl = []string{"id", "name", "status", "effectiveness"}
	requiredRisk    = []string{"id", "asset_id", "threat_id", "vulnerability_id", "inherent"}
	requiredScore   = []string{"likelihood", "likelihood_level", "loss", "loss_level", "value", "level"}
	requiredUnit    = []string{"id", "name", "role", "effect"}
)

// matrixField is a settings field naming a matrix cell as Settings.Validate
// does, row and column from 1; a JSON path counts from 0.
var matrixField = regexp.MustCompile(`^(\w+_matrix)\[(\d+)\]\[(\d+)\]$`)

func settingsPath(field string) string {
	if m := matrixField.FindStringSubmatch(field); m != nil {
		var r, c int
		fmt.Sscan(m[2], &r)
		fmt.Sscan(m[3], &c)
		return fmt.Sprintf("%s.settings.%s[%d][%d]", riskPath, m[1], r-1, c-1)
	}
	return riskPath + ".settings." + field
}

// riskChecker collects the problems of the section.
type riskChecker struct {
	has     func(string) bool
	bad     func(string) bool
	out     Error
	paths   map[string]bool // paths with a problem: reported once
	flagged map[string]bool // records with a problem: their scores are not compared
	// ambiguous: some id is missing, invalid or repeated, so a risk cannot be
	// scored with certainty; the risks' scores are not compared.
	ambiguous bool
}

func (k *riskChecker) add(record string, p Problem) {
	if record != "" {
		k.flagged[record] = true
	}
	if k.bad(p.Path) {
		return
	}
	if k.paths[p.Path] {
		return
	}
	k.paths[p.Path] = true
	k.out = append(k.out, p)
}

// fields reports a record's validation errors at their JSON paths: the field
// "asset.c" of record "$.risk_assessment.assets[2]" is ".c" of it.
func (k *riskChecker) fields(record, prefix string, errs model.ValidationError) {
	for _, f := range errs {
		k.add(record, Problem{Path: record + "." + strings.TrimPrefix(f.Field, prefix), Label: f.LabelKey(),
			Key: f.Key, Args: f.Args, Clause: f.Clause})
	}
}

func (k *riskChecker) required(record string, names []string) {
	for _, n := range names {
		if !k.has(record + "." + n) {
			k.add(record, Problem{Path: record + "." + n, Key: KeyMissing})
		}
	}
}

// ids checks the id of each record of a register and returns the index of
// each id (its first record). A register with a missing, invalid or repeated
// id makes the references to it ambiguous: k.ambiguous is set.
func (k *riskChecker) ids(register string, n int, id func(int) int64) map[int64]int {
	idx := make(map[int64]int, n)
	defer func() {
		if len(idx) != n {
			k.ambiguous = true
		}
	}()
	for i := 0; i < n; i++ {
		rec := fmt.Sprintf("%s.%s[%d]", riskPath, register, i)
		x := id(i)
		if !k.has(rec + ".id") {
			continue
		}
		if x <= 0 {
			k.add(rec, Problem{Path: rec + ".id", Key: KeyRiskID, Args: []any{x}})
			continue
		}
		if _, dup := idx[x]; dup {
			k.add(rec, Problem{Path: rec + ".id", Key: KeyRiskDuplicateID, Args: []any{x}})
			continue
		}
		idx[x] = i
	}
	return idx
}

// ref checks that a reference is to a record of the file; label is the
// field's label key.
func (k *riskChecker) ref(record, field, label string, id int64, idx map[int64]int, clause model.Clause) bool {
	if !k.has(record + "." + field) {
		return false
	}
	if _, ok := idx[id]; !ok {
		k.add(record, Problem{Path: record + "." + field, Label: label, Key: risk.KeyReference, Args: []any{id}, Clause: clause})
		return false
	}
	return true
}

// checkRisk checks the risk assessment section: settings, every record, every
// reference, and every derived value against a recomputation with the file's
// settings.
func (c *Case) checkRisk(has func(string) bool, bad func(string) bool) Error {
	a := c.RiskAssessment
	if a == nil {
		return nil
	}
	if bad == nil {
		bad = func(string) bool { return false }
	}
	k := &riskChecker{has: has, bad: bad, paths: map[string]bool{}, flagged: map[string]bool{}}

	// Settings: all of them, valid.
	sp := riskPath + ".settings"
	settingsOK := true
	if !has(sp) {
		k.add("", Problem{Path: sp, Key: KeyMissing})
		settingsOK = false
	} else {
		for _, name := range fieldsOf(reflect.TypeOf(risk.Settings{})).names {
			if name == "revision" {
				continue // absent: revision 0, the rules before issue 11
			}
			p := sp + "." + name
			if !has(p) {
				k.add("", Problem{Path: p, Key: KeyMissing})
				settingsOK = false
			} else if strings.HasSuffix(name, "_levels") && !has(p+".upper") {
				k.add("", Problem{Path: p + ".upper", Key: KeyMissing})
				settingsOK = false
			}
		}
		for _, f := range risk.ValidateSettings(a.Settings) {
			field := strings.TrimPrefix(f.Field, risk.FieldSettings)
			k.add("", Problem{Path: settingsPath(field), Label: f.LabelKey(), Key: f.Key, Args: f.Args})
			settingsOK = false
		}
		if bad(sp) {
			settingsOK = false
		}
	}

	rec := func(register string, i int) string { return fmt.Sprintf("%s.%s[%d]", riskPath, register, i) }

	assets := k.ids("assets", len(a.Assets), func(i int) int64 { return a.Assets[i].ID })
	for i := range a.Assets {
		r := rec("assets", i)
		k.required(r, requiredAsset)
		k.fields(r, risk.FieldAsset, a.Assets[i].Validate())
	}
	threats := k.ids("threats", len(a.Threats), func(i int) int64 { return a.Threats[i].ID })
	for i := range a.Threats {
		r := rec("threats", i)
		k.required(r, requiredThreat)
		k.fields(r, risk.FieldThreat, a.Threats[i].Validate())
	}
	vulns := k.ids("vulnerabilities", len(a.Vulns), func(i int) int64 { return a.Vulns[i].ID })
	for i := range a.Vulns {
		r, v := rec("vulnerabilities", i), &a.Vulns[i]
		k.required(r, requiredVuln)
		k.fields(r, risk.FieldVulnerability, v.Validate())
		if v.AssetID > 0 {
			k.ref(r, "asset_id", "field.vulnerability.asset_id", v.AssetID, assets, risk.ClauseVulnerability)
		}
	}
	risks := k.ids("risks", len(a.Risks), func(i int) int64 { return a.Risks[i].ID })
	triples := map[[3]int64]int64{}
	for i := range a.Risks {
		r, x := rec("risks", i), &a.Risks[i]
		k.required(r, requiredRisk)
		if has(r + ".inherent") {
			k.required(r+".inherent", requiredScore)
		}
		if x.Residual != nil && has(r+".residual") {
			k.required(r+".residual", requiredScore)
		}
		k.fields(r, risk.FieldRisk, x.Validate())
		okA := x.AssetID > 0 && k.ref(r, "asset_id", "field.risk.asset_id", x.AssetID, assets, risk.ClauseRisk)
		okT := x.ThreatID > 0 && k.ref(r, "threat_id", "field.risk.threat_id", x.ThreatID, threats, risk.ClauseRisk)
		okV := x.VulnID > 0 && k.ref(r, "vulnerability_id", "field.risk.vulnerability_id", x.VulnID, vulns, risk.ClauseRisk)
		if okV && okA {
			if owner := a.Vulns[vulns[x.VulnID]].AssetID; owner != x.AssetID {
				k.add(r, Problem{Path: r + ".vulnerability_id", Label: "field.risk.vulnerability_id", Key: risk.KeyVulnOtherAsset,
					Args: []any{x.VulnID, owner, x.AssetID}, Clause: risk.ClauseVulnerability})
			}
		}
		if okA && okT && okV {
			t := [3]int64{x.AssetID, x.ThreatID, x.VulnID}
			if first, dup := triples[t]; dup {
				k.add(r, Problem{Path: r, Key: risk.KeyDuplicateRisk, Args: []any{first}, Clause: risk.ClauseRisk})
			} else if x.ID > 0 {
				triples[t] = x.ID
			}
		}
	}
	k.ids("controls", len(a.Controls), func(i int) int64 { return a.Controls[i].ID })
	for i := range a.Controls {
		r, x := rec("controls", i), &a.Controls[i]
		k.required(r, requiredControl)
		k.fields(r, risk.FieldControl, x.Validate())
		seen := map[int64]bool{}
		for j, id := range x.RiskIDs {
			p := fmt.Sprintf("%s.risk_ids[%d]", r, j)
			if id <= 0 {
				continue // reported by Validate
			}
			if _, ok := risks[id]; !ok {
				k.add(r, Problem{Path: p, Label: "field.control.risk_ids", Key: risk.KeyReference, Args: []any{id}, Clause: risk.ClauseControl})
			} else if seen[id] {
				k.add(r, Problem{Path: p, Key: KeyRiskDuplicateID, Args: []any{id}})
			}
			seen[id] = true
		}
	}
	k.ids("units", len(a.Units), func(i int) int64 { return a.Units[i].ID })
	for i := range a.Units {
		r := rec("units", i)
		k.required(r, requiredUnit)
		k.fields(r, risk.FieldUnit, a.Units[i].Validate())
	}
	k.fields(riskPath+".conclusion", risk.FieldConclusion, a.Conclusion.Validate())

	if settingsOK {
		k.scores(a, assets, threats, vulns)
	}
	return k.out
}

// scores recomputes the section with its own settings and reports each stored
// value that differs, for records that are otherwise sound.
func (k *riskChecker) scores(a *risk.Assessment, assets, threats, vulns map[int64]int) {
	calc := *a
	calc.Assets = append([]risk.Asset(nil), a.Assets...)
	calc.Risks = append([]risk.Risk(nil), a.Risks...)
	calc.Recompute()
	n := 0
	report := func(record string, p Problem) {
		if n < maxScoreProblems {
			k.add(record, p)
		}
		n++
	}
	same := func(x, y float64) bool {
		return math.Abs(x-y) <= scoreTolerance*math.Max(1, math.Abs(y))
	}
	for i := range a.Assets {
		r := fmt.Sprintf("%s.assets[%d]", riskPath, i)
		if k.flagged[r] || k.bad(r) {
			continue
		}
		st, want := a.Assets[i], calc.Assets[i]
		if !same(st.Value, want.Value) {
			report(r, Problem{Path: r + ".value", Key: KeyScoreMismatch, Args: []any{st.Value, want.Value}, Clause: risk.ClauseAsset})
		}
		if st.Level != want.Level {
			report(r, Problem{Path: r + ".level", Key: KeyScoreMismatch, Args: []any{st.Level, want.Level}, Clause: risk.ClauseAsset})
		}
	}
	recordOf := func(register string, idx map[int64]int, id int64) string {
		i, ok := idx[id]
		if !ok {
			return ""
		}
		return fmt.Sprintf("%s.%s[%d]", riskPath, register, i)
	}
	for i := range a.Risks {
		if k.ambiguous {
			break
		}
		r := fmt.Sprintf("%s.risks[%d]", riskPath, i)
		st, want := &a.Risks[i], &calc.Risks[i]
		sound := !k.flagged[r] && !k.bad(r)
		for _, dep := range []string{recordOf("assets", assets, st.AssetID), recordOf("threats", threats, st.ThreatID),
			recordOf("vulnerabilities", vulns, st.VulnID)} {
			if dep == "" || k.flagged[dep] || k.bad(dep) {
				sound = false
			}
		}
		if !sound {
			continue
		}
		compare := func(path string, s, w risk.Score) {
			for _, f := range []struct {
				name string
				s, w float64
			}{
				{"likelihood", s.Likelihood, w.Likelihood},
				{"likelihood_level", float64(s.LikelihoodLevel), float64(w.LikelihoodLevel)},
				{"loss", s.Loss, w.Loss},
				{"loss_level", float64(s.LossLevel), float64(w.LossLevel)},
				{"value", s.Value, w.Value},
				{"level", float64(s.Level), float64(w.Level)},
			} {
				if !same(f.s, f.w) {
					report(r, Problem{Path: path + "." + f.name, Key: KeyScoreMismatch, Args: []any{f.s, f.w}, Clause: risk.ClauseRisk})
				}
			}
		}
		compare(r+".inherent", st.Inherent, want.Inherent)
		switch {
		case st.Residual == nil && want.Residual != nil:
			report(r, Problem{Path: r + ".residual", Key: KeyResidualMissing, Args: []any{want.Residual.Level}, Clause: risk.ClauseResidual})
		case st.Residual != nil && want.Residual == nil:
			report(r, Problem{Path: r + ".residual", Key: KeyResidualExtra, Clause: risk.ClauseResidual})
		case st.Residual != nil:
			compare(r+".residual", *st.Residual, *want.Residual)
		}
		if st.Retreatment != nil && want.Retreatment != nil {
			sr, wr := st.Retreatment.Residual, want.Retreatment.Residual
			p := r + ".retreatment.residual"
			switch {
			case sr == nil && wr != nil:
				report(r, Problem{Path: p, Key: KeyResidualMissing, Args: []any{wr.Level}, Clause: risk.ClauseRetreatment})
			case sr != nil && wr == nil:
				report(r, Problem{Path: p, Key: KeyResidualExtra, Clause: risk.ClauseRetreatment})
			case sr != nil:
				compare(p, *sr, *wr)
			}
		}
	}
	if n > maxScoreProblems {
		k.out = append(k.out, Problem{Path: riskPath, Key: KeyScoreMore, Args: []any{n - maxScoreProblems}})
	}
}
