package casefile

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// What replacing an engagement with a case file would change, section by
// section: each section of both is digested (SHA-256 of its canonical JSON);
// where the digests differ, its records are matched by what names them (an
// asset by its name, a checklist answer by its item …) and counted as added,
// removed or changed, with their names. The direction is the import's: added
// is in the file and not in the database.

// Section names a part of a case: Key is its catalog key ("case.section.…").
type Section struct {
	Key string
	// path into the case's JSON: "risk_assessment.assets".
	path []string
	// list: the records are a list matched by the first non-empty of these
	// fields; not a list: the fields of one object are compared.
	match []string
	// skip are fields of an object section left out of the comparison (the
	// sections listed separately, and the times).
	skip []string
}

// Sections are the parts of a case compared, in the order shown.
var Sections = []Section{
	{Key: "case.section.engagement", path: []string{"engagement"}, skip: []string{"managers", "created_at", "updated_at"}},
	{Key: "case.section.managers", path: []string{"engagement", "managers"}, match: []string{"name"}},
	{Key: "case.section.risk_settings", path: []string{"risk_assessment", "settings"}},
	{Key: "case.section.assets", path: []string{"risk_assessment", "assets"}, match: []string{"name"}},
	{Key: "case.section.threats", path: []string{"risk_assessment", "threats"}, match: []string{"name"}},
	{Key: "case.section.vulnerabilities", path: []string{"risk_assessment", "vulnerabilities"}, match: []string{"description"}},
	{Key: "case.section.controls", path: []string{"risk_assessment", "controls"}, match: []string{"name"}},
	{Key: "case.section.risks", path: []string{"risk_assessment", "risks"}, match: []string{"id"}},
	{Key: "case.section.units", path: []string{"risk_assessment", "units"}, match: []string{"name"}},
	{Key: "case.section.conclusion", path: []string{"risk_assessment", "conclusion"}},
	{Key: "case.section.vendor_checklist", path: []string{"screening", "vendor_checklist"}, match: []string{"item"}},
	{Key: "case.section.people", path: []string{"screening", "people"}, match: []string{"id_number", "name"}},
	{Key: "case.section.contract_items", path: []string{"contract", "review", "items"}, match: []string{"item"}},
	{Key: "case.section.contract", path: []string{"contract"}, skip: []string{"review"}},
	{Key: "case.section.contract_review", path: []string{"contract", "review"}, skip: []string{"items"}},
	// The plan and the filing (6.3, 6.5), the findings register (8.1) and
	// the exit (8.2).
	{Key: "case.section.plan", path: []string{"plan"}},
	{Key: "case.section.filings", path: []string{"filings"}, match: []string{"version"}},
	{Key: "case.section.findings", path: []string{"findings", "findings"}, match: []string{"description"}},
	{Key: "case.section.incidents", path: []string{"findings", "incidents"}, match: []string{"title"}},
	{Key: "case.section.evidence", path: []string{"findings", "evidence"}, match: []string{"sha256", "name"}},
	{Key: "case.section.exit", path: []string{"exit", "exit"}},
	{Key: "case.section.exit_checks", path: []string{"exit", "checks"}, match: []string{"id"}},
	{Key: "case.section.exit_items", path: []string{"exit", "items"}, match: []string{"name"}},
	// The records of clause 7, each by its id in the file.
	{Key: "case.section.inspections", path: []string{"supervision", "inspections"}, match: []string{"id"}},
	{Key: "case.section.process_audits", path: []string{"supervision", "process_audits"}, match: []string{"id"}},
	{Key: "case.section.deliveries", path: []string{"supervision", "deliveries"}, match: []string{"id"}},
}

// SectionDiff is one section that differs.
type SectionDiff struct {
	Section string // catalog key
	// DigestDB and DigestFile are the SHA-256 of the section in each.
	DigestDB, DigestFile     string
	Added, Removed, Changed  int
	AddedNames, RemovedNames []string
	ChangedNames             []string
}

// Diff compares the case in the database with the case in the file and
// returns the sections that differ, in the order of Sections. None: the
// same content (times aside).
func Diff(db, file Case) ([]SectionDiff, error) {
	a, err := generic(db)
	if err != nil {
		return nil, err
	}
	b, err := generic(file)
	if err != nil {
		return nil, err
	}
	var out []SectionDiff
	for _, s := range Sections {
		x, y := sectionAt(a, s.path), sectionAt(b, s.path)
		x, y = without(x, s.skip), without(y, s.skip)
		d := SectionDiff{Section: s.Key, DigestDB: digest(x), DigestFile: digest(y)}
		if d.DigestDB == d.DigestFile {
			continue
		}
		if s.match != nil {
			diffList(&d, asList(x), asList(y), s.match)
		} else {
			diffObject(&d, asObject(x), asObject(y))
		}
		if d.Added+d.Removed+d.Changed > 0 {
			out = append(out, d)
		}
	}
	return out, nil
}

func generic(c Case) (map[string]any, error) {
	c.ExportedAt, c.Tool = c.ExportedAt.UTC().Truncate(0), ""
	b, err := Encode(c)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(&m); err != nil {
		return nil, err
	}
	return m, nil
}

func sectionAt(m map[string]any, path []string) any {
	var v any = m
	for _, p := range path {
		o, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = o[p]
	}
	return v
}

func without(v any, skip []string) any {
	o, ok := v.(map[string]any)
	if !ok || len(skip) == 0 {
		return v
	}
	c := make(map[string]any, len(o))
	for k, x := range o {
		c[k] = x
	}
	for _, k := range skip {
		delete(c, k)
	}
	return c
}

// digest is the SHA-256 of v's JSON (encoding/json sorts a map's keys, so
// equal content gives equal digests); an absent or empty section digests as
// empty.
func digest(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case []any:
		if len(x) == 0 {
			return ""
		}
	case map[string]any:
		if len(x) == 0 {
			return ""
		}
	}
	b, _ := json.Marshal(v)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

func asObject(v any) map[string]any {
	o, _ := v.(map[string]any)
	return o
}

// recordName is what names a record to the user: the first of its
// matching fields that is set.
func recordName(r any, match []string) string {
	o, ok := r.(map[string]any)
	if !ok {
		return fmt.Sprint(r)
	}
	for _, f := range match {
		if v, ok := o[f]; ok {
			if s := strings.TrimSpace(fmt.Sprint(v)); s != "" {
				if f == "id" {
					return "#" + s
				}
				return s
			}
		}
	}
	return "?"
}

func diffList(d *SectionDiff, db, file []any, match []string) {
	type entry struct {
		digest string
		used   bool
	}
	index := map[string][]*entry{}
	for _, r := range db {
		n := recordName(r, match)
		index[n] = append(index[n], &entry{digest: digest(r)})
	}
	for _, r := range file {
		n := recordName(r, match)
		var hit *entry
		for _, e := range index[n] {
			if !e.used {
				hit = e
				break
			}
		}
		switch {
		case hit == nil:
			d.Added++
			d.AddedNames = append(d.AddedNames, n)
		case hit.digest != digest(r):
			hit.used = true
			d.Changed++
			d.ChangedNames = append(d.ChangedNames, n)
		default:
			hit.used = true
		}
	}
	for _, r := range db {
		n := recordName(r, match)
		for _, e := range index[n] {
			if !e.used {
				e.used = true
				d.Removed++
				d.RemovedNames = append(d.RemovedNames, n)
				break
			}
		}
	}
}

func diffObject(d *SectionDiff, db, file map[string]any) {
	keys := map[string]bool{}
	for k := range db {
		keys[k] = true
	}
	for k := range file {
		keys[k] = true
	}
	names := make([]string, 0, len(keys))
	for k := range keys {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		x, inDB := db[k]
		y, inFile := file[k]
		switch {
		case inDB && inFile && digest(x) == digest(y):
		case !inDB || digest(x) == "":
			if digest(y) != "" {
				d.Added++
				d.AddedNames = append(d.AddedNames, k)
			}
		case !inFile || digest(y) == "":
			d.Removed++
			d.RemovedNames = append(d.RemovedNames, k)
		default:
			d.Changed++
			d.ChangedNames = append(d.ChangedNames, k)
		}
	}
}
