package casefile

import (
	"strconv"

	"outsec/model"

	"outsec/model/inspection"
	"outsec/model/supervision"
)

// The section "supervision": the records of GB/T 32926—2016 clause 7 — the
// on-site inspections against annex A with every check, the process
// assessments and audits (7.1) and the deliverable verifications (7.2). Ids
// are the file's own: a finding of the section "findings" names its record
// by (source, source_id) — an inspection check, an assessment, a
// verification — and a check names its finding by the finding's id; the
// evidence of a check links to it with the owner kind "inspection_item".
// Absent when nothing is recorded.

const supervisionPath = "$.supervision"

// Supervision is the section.
type Supervision struct {
	Inspections []Inspection `json:"inspections,omitempty"`
	Assessments []Assessment `json:"process_audits,omitempty"`
	Deliveries  []Delivery   `json:"deliveries,omitempty"`
}

// Inspection is one inspection with the file's ids of its checks, in the
// order of Checks.
type Inspection struct {
	ID       int64                 `json:"id"`
	Record   inspection.Inspection `json:"record"`
	CheckIDs []int64               `json:"check_ids"`
}

// Assessment is one process assessment with the file's id.
type Assessment struct {
	ID     int64                  `json:"id"`
	Record supervision.Assessment `json:"record"`
}

// Delivery is one deliverable verification with the file's id.
type Delivery struct {
	ID     int64                    `json:"id"`
	Record supervision.Verification `json:"record"`
}

// Empty reports whether the section records nothing.
func (s *Supervision) Empty() bool {
	return s == nil || len(s.Inspections)+len(s.Assessments)+len(s.Deliveries) == 0
}

// checkSupervision checks each record by its model's rules, at its path.
func (c *Case) checkSupervision(bad func(string) bool) Error {
	s := c.Supervision
	if s == nil {
		return nil
	}
	var out Error
	add := func(path, field, label, key string, args []any, clause model.Clause) {
		p := path + "." + field
		if bad != nil && bad(p) {
			return
		}
		out = append(out, Problem{Path: p, Label: label, Key: key, Args: args, Clause: clause})
	}
	for i := range s.Inspections {
		in := &s.Inspections[i].Record
		path := supervisionPath + ".inspections[" + strconv.Itoa(i) + "].record"
		for _, f := range in.Validate() {
			add(path, f.Field, f.LabelKey(), f.Key, f.Args, f.Clause)
		}
		if ids := s.Inspections[i].CheckIDs; len(ids) != len(in.Checks) {
			add(supervisionPath+".inspections["+strconv.Itoa(i)+"]", "check_ids", "", "casefile.err.check_ids", []any{len(ids), len(in.Checks)}, "")
		}
	}
	for i := range s.Assessments {
		path := supervisionPath + ".process_audits[" + strconv.Itoa(i) + "].record"
		for _, f := range s.Assessments[i].Record.Validate() {
			add(path, f.Field, f.LabelKey(), f.Key, f.Args, f.Clause)
		}
	}
	for i := range s.Deliveries {
		path := supervisionPath + ".deliveries[" + strconv.Itoa(i) + "].record"
		for _, f := range s.Deliveries[i].Record.Validate(true) { // the import checks against the engagement
			add(path, f.Field, f.LabelKey(), f.Key, f.Args, f.Clause)
		}
	}
	return out
}
