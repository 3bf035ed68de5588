package casefile

import (
	"fmt"

	"outsec/model/contract"
)

// The section "contract": the contract security clauses and NDAs of the
// engagement (GB/T 32926—2016 6.2.1, 6.2.2, 6.4 a); cloud: seed 001 6.6):
// the review of the contract against the clause catalog of model/contract
// (its header and the finding on each item, by item id), the parameters set
// for the drafted annex and the SLA (by name; a parameter not given takes its
// default), the recorded changes of the security factors (6.2.1 b)) and the
// date the vendor signed its NDA. It is model/contract.Contract as JSON. An
// item without a finding is unassessed; the writer leaves the section out
// when nothing has been recorded. The service personnel's NDAs are in the
// section "screening" (people[i].nda_signed).

const contractPath = "$.contract"

// encodableContract is the section as Encode writes it: nil when it records
// nothing.
func encodableContract(c *contract.Contract) *contract.Contract {
	if c == nil || c.Empty() {
		return nil
	}
	return c
}

// checkContract checks the contract section: the fields every finding and
// every factor change must give, and every rule of the model (each finding
// names an item of the contract review once, with a known status, a required
// item "not applicable" only with a note; each parameter is known and has a
// value of its kind; dates are real dates), each at its JSON path with its
// clause.
func (c *Case) checkContract(has func(string) bool, bad func(string) bool) Error {
	k := c.Contract
	if k == nil {
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
	for i := range k.Review.Items {
		required(fmt.Sprintf("%s.review.items[%d]", contractPath, i), "item", "status")
	}
	for i := range k.FactorChanges {
		required(fmt.Sprintf("%s.factor_changes[%d]", contractPath, i), "date", "description")
	}
	// The model names its fields by their JSON paths without "$.".
	for _, f := range k.Validate() {
		add(Problem{Path: "$." + f.Field, Label: f.LabelKey(), Key: f.Key, Args: f.Args, Clause: f.Clause})
	}
	return out
}
