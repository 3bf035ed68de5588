package registerio

import (
	"strconv"
	"strings"

	"outsec/model"
	"outsec/model/risk"
)

// Records are the result as the store's ImportRegisters takes them: copies of
// the records, each asset with a temporary id -1, -2, … in file order, and each
// vulnerability's AssetID the temporary id of the asset of this import it
// names, or else the id of the engagement's asset (existing) of that name (0
// when there is none: Parse has reported it).
func (r Result) Records(existing []risk.Asset) ([]risk.Asset, []risk.Threat, []risk.Vulnerability) {
	assets := make([]risk.Asset, len(r.Assets))
	ids := make(map[string]int64, len(r.Assets)+len(existing))
	for _, a := range existing {
		ids[strings.TrimSpace(a.Name)] = a.ID
	}
	seen := map[string]bool{}
	for i, a := range r.Assets {
		a.ID = -int64(i + 1)
		assets[i] = a
		if !seen[a.Name] { // the first of two with one name: Parse reports the second
			seen[a.Name] = true
			ids[a.Name] = a.ID
		}
	}
	threats := append([]risk.Threat(nil), r.Threats...)
	vulns := make([]risk.Vulnerability, len(r.Vulns))
	for i, v := range r.Vulns {
		vulns[i] = v.Vulnerability
		vulns[i].AssetID = ids[v.Asset]
	}
	return assets, threats, vulns
}

// heading is where a field's column is in the file.
type heading struct {
	col  int
	text string
}

// FieldProblem locates a problem the store found with one imported record (a
// store.RecordError: the register, the record's index in the slices Records
// gave, and the model's field error) at the record's row and the field's
// column, so that it is shown like the problems of Parse.
func (r Result) FieldProblem(k Kind, index int, fe model.FieldError) Problem {
	p := Problem{Sheet: r.Sheets[k], Key: fe.Key, Args: fe.Args}
	if rows := r.Rows[k]; index >= 0 && index < len(rows) {
		p.Row = rows[index]
	}
	field := fe.Field
	if i := strings.IndexByte(field, '.'); i >= 0 {
		field = field[i+1:]
	}
	if field == "asset_id" {
		field = "asset"
	}
	if h, ok := r.headings[k][field]; ok {
		p.Col, p.Column = h.col, h.text
	}
	return p
}

// previewFields are the columns a preview shows of each register.
var previewFields = map[Kind][]string{
	KindAssets:  {"name", "type", "owner", "c", "i", "a"},
	KindThreats: {"name", "source", "path", "method", "frequency"},
	KindVulns:   {"asset", "description", "category", "severity", "identified"},
}

// Preview is the first n records of a register as text, for a preview before
// the import is confirmed: the headings (the catalog's, in the translator's
// language) and each record's values, list values by their labels; the
// record's row in the file is Rows[k][i]. Long texts are given whole; the
// caller fits them to its width.
func (r Result) Preview(k Kind, t Translator, n int) (heads []string, rows [][]string) {
	fields := previewFields[k]
	byField := map[string]column{}
	for _, c := range registers[k] {
		byField[c.field] = c
	}
	for _, f := range fields {
		heads = append(heads, t(header(k, f)))
	}
	n = min(n, r.Count(k))
	for i := range n {
		var vals map[string]string
		switch k {
		case KindAssets:
			a := r.Assets[i]
			vals = map[string]string{"name": a.Name, "type": string(a.Type), "owner": a.Owner,
				"c": rating(a.C), "i": rating(a.I), "a": rating(a.A)}
		case KindThreats:
			th := r.Threats[i]
			vals = map[string]string{"name": th.Name, "source": string(th.Source), "path": string(th.Path),
				"method": th.Method, "frequency": rating(th.Frequency)}
		case KindVulns:
			v := r.Vulns[i]
			vals = map[string]string{"asset": v.Asset, "description": v.Description, "category": string(v.Category),
				"severity": rating(v.Severity), "identified": string(v.Identified)}
		}
		row := make([]string, len(fields))
		for j, f := range fields {
			row[j] = vals[f]
			if e := byField[f].enum; e != nil && row[j] != "" {
				row[j] = label(t, e, row[j]).s
			}
		}
		rows = append(rows, row)
	}
	return heads, rows
}

func rating(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}
