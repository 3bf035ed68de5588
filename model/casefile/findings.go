package casefile

import (
	"outsec/model/findings"
)

// The section "findings": the findings register with its corrective
// actions and history, the incidents, and the evidence with its links and a
// file's bytes (GB/T 32926—2016 8.1, A.7). It is model/findings.Register as
// JSON; ids are the file's own. Absent when nothing is recorded.

const findingsPath = "$.findings"

func encodableFindings(r *findings.Register) *findings.Register {
	if r.Empty() {
		return nil
	}
	return r
}

// checkFindings checks the section by the register's rules
// (findings.Register.Check), each problem at its JSON path with its clause.
func (c *Case) checkFindings(bad func(string) bool) Error {
	if c.Findings == nil {
		return nil
	}
	var out Error
	for _, p := range c.Findings.Check() {
		path := findingsPath + "." + p.Path
		if bad != nil && bad(path) {
			continue
		}
		out = append(out, Problem{Path: path, Label: p.Label, Key: p.Key, Args: p.Args, Clause: p.Clause})
	}
	return out
}
