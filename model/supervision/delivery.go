package supervision

import (
	"strings"

	"outsec/model"
	"outsec/model/contract"
	"outsec/model/plan"
	"outsec/model/screening"
)

// The deliverable verification of 7.2 (阶段成果交付验证), one record per
// milestone of the plan (6.3 a) 1)): a) 1) every contract security clause
// implemented or not, with evidence; a) 2) every person's authorisations
// granted and revoked as the work needed, from the people register; a) 3)
// the records of service content, time and method; a) 4) each person's
// training; b) every problem with its cause analysis and the leader's
// decision, each a corrective action.

// Clauses of the deliverable verification.
const (
	ClauseDelivery  model.Clause = "GB/T 32926—2016 7.2"
	ClauseClauses   model.Clause = "GB/T 32926—2016 7.2 a) 1)"
	ClauseAccess    model.Clause = "GB/T 32926—2016 7.2 a) 2)"
	ClauseRecords   model.Clause = "GB/T 32926—2016 7.2 a) 3)"
	ClauseTraining  model.Clause = "GB/T 32926—2016 7.2 a) 4)"
	ClauseProblems  model.Clause = "GB/T 32926—2016 7.2 b)"
	ClauseMilestone model.Clause = "GB/T 32926—2016 7.2; 6.3 a) 1)"
)

// Implemented is the finding on one contract clause.
type Implemented string

const (
	ImplUnknown Implemented = ""
	ImplYes     Implemented = "yes"
	ImplNo      Implemented = "no"
)

// Valid reports whether i is known or unset.
func (i Implemented) Valid() bool { return i == ImplUnknown || i == ImplYes || i == ImplNo }

// Key is the catalog key of its name.
func (i Implemented) Key() string {
	if i == ImplUnknown {
		return "delivery.impl.unknown"
	}
	return "delivery.impl." + string(i)
}

// ClauseCheck is a) 1) for one contract clause.
type ClauseCheck struct {
	Item        string      `json:"item"` // contract.Item ID: sec.a1 …
	Implemented Implemented `json:"implemented,omitempty"`
	Evidence    string      `json:"evidence,omitempty"`
}

// Problem is one problem of b).
type Problem struct {
	Description string `json:"description"`
	Cause       string `json:"cause,omitempty"`
	Decision    string `json:"decision,omitempty"` // the leader's
	Finding     int64  `json:"finding,omitempty"`
}

// Verification is the deliverable verification of one milestone.
type Verification struct {
	ID        int64      `json:"-"`
	UID       string     `json:"uid"`
	Milestone string     `json:"milestone"` // the plan milestone's name
	Due       model.Date `json:"due"`       // its date
	Date      model.Date `json:"date,omitempty"`
	Verifier  string     `json:"verifier,omitempty"`

	Clauses []ClauseCheck `json:"clauses,omitempty"`
	// AccessChecked, TrainingChecked: a) 2) and a) 4) were checked against
	// the people register, with the notes.
	AccessChecked   bool   `json:"access_checked,omitempty"`
	AccessNotes     string `json:"access_notes,omitempty"`
	Records         string `json:"records,omitempty"` // a) 3)
	TrainingChecked bool   `json:"training_checked,omitempty"`
	TrainingNotes   string `json:"training_notes,omitempty"`

	Problems []Problem `json:"problems,omitempty"`
	Leader   string    `json:"leader,omitempty"`
}

// DeliveryItems are the contract clauses a) 1) verifies: the security
// clauses, and for a cloud engagement the cloud and data clauses.
func DeliveryItems(cloud bool) []contract.Item {
	var out []contract.Item
	for _, it := range contract.ItemsFor(cloud) {
		if strings.HasPrefix(it.ID, "sec.") || strings.HasPrefix(it.ID, "cloud.") || strings.HasPrefix(it.ID, "data.") {
			out = append(out, it)
		}
	}
	return out
}

// Clause is the check of item id; unknown when none.
func (v *Verification) Clause(id string) ClauseCheck {
	for _, c := range v.Clauses {
		if c.Item == id {
			return c
		}
	}
	return ClauseCheck{Item: id}
}

// Gaps is what keeps the verification from being complete, given the
// engagement's clauses and the people register: each clause not yet found
// implemented or not, a) 2)–a) 4) not recorded, who verified and when; and
// the people flagged (a leaver with access open, someone without
// training).
func (v *Verification) Gaps(cloud bool, sc *screening.Screening) []model.Block {
	var out []model.Block
	if v.Date == "" || strings.TrimSpace(v.Verifier) == "" {
		out = append(out, model.Block{Key: "delivery.gap.who", Clause: ClauseDelivery})
	}
	n := 0
	for _, it := range DeliveryItems(cloud) {
		if v.Clause(it.ID).Implemented == ImplUnknown {
			n++
		}
	}
	if n > 0 {
		out = append(out, model.Block{Key: "delivery.gap.clauses", Args: []any{n}, Clause: ClauseClauses})
	}
	if !v.AccessChecked {
		out = append(out, model.Block{Key: "delivery.gap.access", Clause: ClauseAccess})
	}
	if strings.TrimSpace(v.Records) == "" {
		out = append(out, model.Block{Key: "delivery.gap.records", Clause: ClauseRecords})
	}
	if !v.TrainingChecked {
		out = append(out, model.Block{Key: "delivery.gap.training", Clause: ClauseTraining})
	}
	if sc != nil {
		for _, p := range sc.LeftWithAccess() {
			out = append(out, model.Block{Key: "delivery.gap.leaver", Args: []any{p.Name, len(p.OpenAccesses())}, Clause: screening.ClauseLeaverAccess})
		}
	}
	for i, p := range v.Problems {
		if strings.TrimSpace(p.Decision) == "" {
			out = append(out, model.Block{Key: "delivery.gap.decision", Args: []any{i + 1}, Clause: ClauseProblems})
		}
	}
	return out
}

// Complete reports whether the verification has no gaps.
func (v *Verification) Complete(cloud bool, sc *screening.Screening) bool {
	return len(v.Gaps(cloud, sc)) == 0
}

// Validate checks the record before it is saved.
func (v *Verification) Validate(cloud bool) model.ValidationError {
	c := &checker{}
	const p = "delivery"
	if strings.TrimSpace(v.Milestone) == "" {
		c.add(p+".milestone", "err.required", ClauseMilestone)
	}
	c.text(p+".milestone", v.Milestone, model.MaxShortText)
	if !v.Due.Valid() {
		c.add(p+".due", "err.date", ClauseMilestone)
	}
	if !v.Date.Valid() {
		c.add(p+".date", "err.date", ClauseDelivery)
	}
	c.text(p+".verifier", v.Verifier, model.MaxShortText)
	allowed := map[string]bool{}
	for _, it := range DeliveryItems(cloud) {
		allowed[it.ID] = true
	}
	seen := map[string]bool{}
	for i, cl := range v.Clauses {
		f := p + ".clauses[" + itoa(i) + "]"
		if !allowed[cl.Item] || seen[cl.Item] {
			c.add(f+".item", "delivery.err.item", ClauseClauses, cl.Item)
		}
		seen[cl.Item] = true
		if !cl.Implemented.Valid() {
			c.add(f+".implemented", "delivery.err.implemented", ClauseClauses, string(cl.Implemented))
		}
		c.text(f+".evidence", cl.Evidence, model.MaxLongText)
	}
	for _, t := range []struct{ f, v string }{{"access_notes", v.AccessNotes}, {"records", v.Records}, {"training_notes", v.TrainingNotes}} {
		c.text(p+"."+t.f, t.v, model.MaxLongText)
	}
	for i, pr := range v.Problems {
		f := p + ".problems[" + itoa(i) + "]"
		if strings.TrimSpace(pr.Description) == "" {
			c.add(f+".description", "err.required", ClauseProblems)
		}
		c.text(f+".description", pr.Description, model.MaxLongText)
		c.text(f+".cause", pr.Cause, model.MaxLongText)
		c.text(f+".decision", pr.Decision, model.MaxLongText)
	}
	c.text(p+".leader", v.Leader, model.MaxShortText)
	if len(c.errs) == 0 {
		return nil
	}
	return c.errs
}

// DueMilestones are the plan's milestones due on or before today.
func DueMilestones(p *plan.Plan, today model.Date) []plan.Milestone {
	var out []plan.Milestone
	for _, m := range p.Milestones {
		if m.Date != "" && !today.Before(m.Date) {
			out = append(out, m)
		}
	}
	return out
}

// DeliveryState is the state of the step "deliverable verification": not
// started while no milestone is due and none verified; done when every
// milestone due by today has a complete verification; otherwise in progress,
// each milestone due and not verified a block.
func DeliveryState(p *plan.Plan, vs []Verification, cloud bool, sc *screening.Screening, today model.Date) (model.State, []model.Block) {
	due := DueMilestones(p, today)
	if len(due) == 0 && len(vs) == 0 {
		return model.NotStarted, nil
	}
	var blocks []model.Block
	for _, m := range due {
		var v *Verification
		for i := range vs {
			if vs[i].Milestone == m.Name {
				v = &vs[i]
			}
		}
		if v == nil || !v.Complete(cloud, sc) {
			blocks = append(blocks, model.Block{Key: "delivery.block.unverified", Args: []any{m.Name, string(m.Date)}, Clause: ClauseMilestone})
		}
	}
	if sc != nil {
		for _, p := range sc.LeftWithAccess() {
			blocks = append(blocks, model.Block{Key: "delivery.gap.leaver", Args: []any{p.Name, len(p.OpenAccesses())}, Clause: screening.ClauseLeaverAccess})
		}
	}
	if len(blocks) == 0 {
		return model.Done, nil
	}
	return model.InProgress, blocks
}
