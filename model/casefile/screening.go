package casefile

import (
	"fmt"
	"strings"

	"outsec/model/screening"
)

// The section "screening": the vendor and personnel screening of the
// engagement (GB/T 32926—2016 6.1): the answers on the vendor's checklist
// (6.1 b) 1)–10)) and the register of service personnel, each with the answers
// on their checklist (6.1 c) 1)–7)). It is model/screening.Screening as JSON.
// An item without an answer is unknown; the writer leaves the section out when
// nothing has been recorded.

const screeningPath = "$.screening"

// screeningFieldPath is the JSON path of a field named by
// screening.Screening.Validate: "person[2].checklist[0].result" is
// "$.screening.people[2].checklist[0].result".
func screeningFieldPath(field string) string {
	if rest, ok := strings.CutPrefix(field, "person["); ok {
		return screeningPath + ".people[" + rest
	}
	return screeningPath + "." + field
}

// encodableScreening is the section as Encode writes it: nil when it records
// nothing.
func encodableScreening(s *screening.Screening) *screening.Screening {
	if s == nil || s.Empty() {
		return nil
	}
	return s
}

// checkScreening checks the screening section: the fields every answer and
// every person must give, and every rule of the model (each answer names an
// item of its own checklist once, with a known result; each person as
// screening.Person.Validate requires), each at its JSON path with its clause.
func (c *Case) checkScreening(has func(string) bool, bad func(string) bool) Error {
	s := c.Screening
	if s == nil {
		return nil
	}
	if bad == nil {
		bad = func(string) bool { return false }
	}
	var out Error
	reported := map[string]bool{}
	add := func(p Problem) {
		if bad(p.Path) || reported[p.Path] {
			return
		}
		reported[p.Path] = true
		out = append(out, p)
	}
	required := func(record string, names ...string) {
		for _, n := range names {
			if !has(record + "." + n) {
				add(Problem{Path: record + "." + n, Key: KeyMissing})
			}
		}
	}
	for i := range s.Vendor {
		required(fmt.Sprintf("%s.vendor_checklist[%d]", screeningPath, i), "item", "result")
	}
	for i := range s.People {
		rec := fmt.Sprintf("%s.people[%d]", screeningPath, i)
		required(rec, "name")
		for j := range s.People[i].Checklist {
			required(fmt.Sprintf("%s.checklist[%d]", rec, j), "item", "result")
		}
	}
	for _, f := range s.Validate() {
		add(Problem{Path: screeningFieldPath(f.Field), Label: f.LabelKey(), Key: f.Key, Args: f.Args, Clause: f.Clause})
	}
	return out
}
