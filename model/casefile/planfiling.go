package casefile

import (
	"fmt"

	"outsec/model"
	"outsec/model/filing"
	"outsec/model/plan"
)

// The sections "plan" and "filings": the security management plan (GB/T
// 32926—2016 6.3) as model/plan.Plan, and the filing's versions (6.5) as
// model/filing.Version, v1 first, each with its snapshot as frozen when it
// was drafted and the time it was drafted, so that a case file moves the
// filing's history unchanged. The writer leaves each out when empty.

const (
	planPath    = "$.plan"
	filingsPath = "$.filings"
)

func encodablePlan(p *plan.Plan) *plan.Plan {
	if p == nil || p.Empty() {
		return nil
	}
	return p
}

// encodableFilings writes each version's time in UTC, whole seconds.
func (c *Case) encodableFilings() {
	for i := range c.Filings {
		c.Filings[i].CreatedAt = c.Filings[i].CreatedAt.UTC().Truncate(1e9)
		if c.Filings[i].Snapshot.Managers == nil {
			c.Filings[i].Snapshot.Managers = []model.Contact{}
		}
		if c.Filings[i].Snapshot.Measures == nil {
			c.Filings[i].Snapshot.Measures = []filing.Measure{}
		}
		if c.Filings[i].Snapshot.Other == nil {
			c.Filings[i].Snapshot.Other = []filing.KV{}
		}
	}
}

// checkPlanFiling checks both sections: every rule of the plan (6.3), each
// version's fields, the versions numbered 1, 2, … in order, the first the
// initial filing and the others changes, and a time for each.
func (c *Case) checkPlanFiling(has func(string) bool, bad func(string) bool) Error {
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
	if c.Plan != nil {
		for i := range c.Plan.Controls {
			if p := fmt.Sprintf("%s.controls[%d].item", planPath, i); !has(p) {
				add(Problem{Path: p, Key: KeyMissing})
			}
		}
		for _, f := range c.Plan.Validate() {
			add(Problem{Path: "$." + f.Field, Label: f.LabelKey(), Key: f.Key, Args: f.Args, Clause: f.Clause})
		}
	}
	for i := range c.Filings {
		v := &c.Filings[i]
		pre := fmt.Sprintf("%s[%d]", filingsPath, i)
		for _, n := range []string{"version", "reason", "authority", "status", "snapshot", "created_at"} {
			if !has(pre + "." + n) {
				add(Problem{Path: pre + "." + n, Key: KeyMissing})
			}
		}
		if has(pre+".created_at") && v.CreatedAt.IsZero() {
			add(Problem{Path: pre + ".created_at", Key: KeyTimeUnset})
		}
		want := filing.Change
		if i == 0 {
			want = filing.Initial
		}
		if v.Number != i+1 || v.Reason != want {
			add(Problem{Path: pre + ".version", Label: "field.filing.version", Key: "filing.err.sequence", Args: []any{i + 1},
				Clause: filing.ClauseChange})
		}
		for _, f := range v.Validate("filings") {
			path := "$." + f.Field
			if len(f.Field) > len("filing.") && f.Field[:len("filing.")] == "filing." {
				path = pre + "." + f.Field[len("filing."):]
			} else if len(f.Field) > len("filings") && f.Field[:len("filings")] == "filings" {
				path = pre + f.Field[len("filings"):]
			}
			add(Problem{Path: path, Label: f.LabelKey(), Key: f.Key, Args: f.Args, Clause: f.Clause})
		}
	}
	return out
}
