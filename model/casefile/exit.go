package casefile

import (
	"outsec/model/exit"
)

// The section "exit": the service exit (GB/T 32926—2016 8.2; seed 001
// clause 9) as model/exit.Record: the exit record, its checklist and its
// inventory with every disposition. A trigger's finding is the file's own
// id of a finding of the section "findings". Absent when no exit started.

const exitPath = "$.exit"

// checkExit checks the section by the exit's rules, each problem at its
// JSON path with its clause.
func (c *Case) checkExit(bad func(string) bool) Error {
	if c.Exit == nil {
		return nil
	}
	var out Error
	for _, p := range c.Exit.Check() {
		path := exitPath + "." + p.Path
		if bad != nil && bad(path) {
			continue
		}
		out = append(out, Problem{Path: path, Label: p.Label, Key: p.Key, Args: p.Args, Clause: p.Clause})
	}
	if x := c.Exit.Exit; x.Trigger == exit.TriggerAuditFinding {
		found := false
		if c.Findings != nil {
			for _, f := range c.Findings.Findings {
				found = found || f.ID == x.FindingID
			}
		}
		if !found {
			out = append(out, Problem{Path: exitPath + ".exit.finding_id", Label: "field.exit.finding", Key: "exits.err.no_finding",
				Args: []any{x.FindingID}, Clause: exit.ClauseTerminate})
		}
	}
	return out
}
