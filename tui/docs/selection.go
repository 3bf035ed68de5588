package docs

import (
	"net/url"
	"strconv"
	"strings"

	"outsec/templates"
)

// What the register's documents are about, when another page opens the
// documents for them: the findings the rectification notice lists (the
// findings page's marked findings) and the incident of the incident report.
// The argument of the navigation is the kind with a query (ui.DocArg):
// "rectification-notice?findings=1,3", "incident-report?incident=2".

// docSelection is the selection of the register's documents; the zero value
// leaves their defaults (the notice: every finding not closed; the report:
// the latest incident).
type docSelection struct {
	findings []int64
	incident int64
}

func splitDocArg(arg string) (string, docSelection) {
	kind, query, ok := strings.Cut(arg, "?")
	if !ok {
		return arg, docSelection{}
	}
	q, _ := url.ParseQuery(query)
	var sel docSelection
	if ids, ok := templates.ParseIDs(q.Get("findings")); ok {
		sel.findings = ids
	}
	sel.incident, _ = strconv.ParseInt(q.Get("incident"), 10, 64)
	return kind, sel
}

func (s docSelection) apply(d *templates.DocData) {
	if len(s.findings) > 0 {
		d.SelectFindings(s.findings)
	}
	if s.incident != 0 {
		d.SelectIncident(s.incident)
	}
}
