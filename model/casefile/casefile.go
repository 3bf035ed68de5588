// Package casefile reads and writes outsec case files: one engagement, whole, as
// versioned JSON, for carrying between machines with no network (an inspector's
// laptop and the office workstation). It is pure: bytes in, bytes out, no files
// and no SQL. docs/case-file.md describes the format for people.
//
// Decode checks everything a file can get wrong and reports every problem at
// once, each with the JSON path of the value concerned, so that a user can fix a
// file in one go; nothing is imported from a file with any problem.
package casefile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"

	"outsec/model"
	"outsec/model/contract"
	"outsec/model/exit"
	"outsec/model/filing"
	"outsec/model/findings"
	"outsec/model/plan"
	"outsec/model/risk"
	"outsec/model/screening"
)

// Format is the value of "format" in every case file.
const Format = "outsec-case"

// Version is the version of the format this build writes and the newest it reads.
//
// The rule for changing the format (docs/case-file.md, "Versions"): a new
// optional top-level section (say "risk_assessment") or a new optional field is
// added without changing Version; the writer leaves it out when it would be
// empty, and a reader that finds it missing takes it as "no records". Version is
// raised only when a file of the old version would be read wrongly by the new
// rules: a field renamed, removed, retyped or made required, or a meaning
// changed. A reader refuses a version newer than its own, and refuses any field
// it does not know rather than drop it silently.
const Version = 1

// MaxSize is the largest case file read, so that a wrong file (a disk image, a
// video) is refused rather than read into memory.
const MaxSize = 32 << 20

// SensitiveNote is what a case file says of itself in "sensitive".
const SensitiveNote = "personal data in full (ID and phone numbers unmasked): keep and hand over as sensitive data (GB/T 39477—2020 6.2.3)"

// Case is the content of a case file. Fields are written in this order.
// Sections added later go after Engagement, each a pointer or a slice with
// omitempty, so that a file without them stays valid (see Version).
type Case struct {
	Format     string    `json:"format"`
	Version    int       `json:"version"`
	ExportedAt time.Time `json:"exported_at"`
	Tool       string    `json:"tool"`
	// Sensitive marks the file: it carries every record in full, ID and
	// phone numbers unmasked (GB/T 39477—2020 6.2.3); "" in files of
	// before the mark.
	Sensitive  string           `json:"sensitive,omitempty"`
	Engagement model.Engagement `json:"engagement"`
	// RiskAssessment is the outsourcing risk assessment (risk.go); nil when
	// the engagement has none.
	RiskAssessment *risk.Assessment `json:"risk_assessment,omitempty"`
	// Screening is the vendor and personnel screening (screening.go); nil
	// when nothing has been recorded.
	Screening *screening.Screening `json:"screening,omitempty"`
	// Contract is the contract review, drafting parameters, factor changes
	// and vendor NDA (contract.go); nil when nothing has been recorded.
	Contract *contract.Contract `json:"contract,omitempty"`
	// Plan is the security management plan (planfiling.go); nil when
	// nothing has been recorded. Filings are the filing's versions, v1
	// first, each with its frozen snapshot.
	Plan    *plan.Plan       `json:"plan,omitempty"`
	Filings []filing.Version `json:"filings,omitempty"`
	// Findings is the findings register, the incidents and the evidence
	// (findings.go); nil when nothing has been recorded.
	Findings *findings.Register `json:"findings,omitempty"`
	// Exit is the service exit (exit.go); nil when none has started.
	Exit *exit.Record `json:"exit,omitempty"`
	// Supervision is the inspections, process assessments and deliverable
	// verifications of clause 7 (supervision.go); nil when none.
	Supervision *Supervision `json:"supervision,omitempty"`
}

// New is the case file of e, exported at the given time by the given tool
// ("outsec 1.2.0").
func New(e model.Engagement, exportedAt time.Time, tool string) Case {
	return Case{Format: Format, Version: Version, ExportedAt: exportedAt, Tool: tool, Engagement: e}
}

// Encode writes c as a case file: indented JSON in UTF-8 with a final newline,
// fields in a fixed order, times in UTC. The same case gives the same bytes.
func Encode(c Case) ([]byte, error) {
	c.Format, c.Version = Format, Version
	c.ExportedAt = c.ExportedAt.UTC().Truncate(time.Second)
	e := &c.Engagement
	e.CreatedAt, e.UpdatedAt = e.CreatedAt.UTC(), e.UpdatedAt.UTC()
	if e.Managers == nil {
		e.Managers = []model.Contact{}
	}
	c.RiskAssessment = encodableRisk(c.RiskAssessment)
	c.Screening = encodableScreening(c.Screening)
	c.Contract = encodableContract(c.Contract)
	c.Plan = encodablePlan(c.Plan)
	c.encodableFilings()
	c.Findings = encodableFindings(c.Findings)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(c); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Keys of the problems this package reports, besides the model's own "err.*"
// keys. Each is in the catalogs (i18n/locales/*/casefile.json).
const (
	KeyEmpty           = "case.err.empty"
	KeyTooLarge        = "case.err.too_large"
	KeyNotUTF8         = "case.err.not_utf8"
	KeyUTF16           = "case.err.utf16"
	KeySyntax          = "case.err.syntax"
	KeySyntaxEOF       = "case.err.syntax_eof"
	KeyNotObject       = "case.err.not_object"
	KeyNotCaseFile     = "case.err.not_case_file"
	KeyNewerVersion    = "case.err.newer_version"
	KeyBadVersion      = "case.err.bad_version"
	KeyMissing         = "case.err.missing"
	KeyUnknownField    = "case.err.unknown_field"
	KeyUnknownCase     = "case.err.unknown_field_case"
	KeyUnknownSection  = "case.err.unknown_section"
	KeyDuplicate       = "case.err.duplicate"
	KeyType            = "case.err.type"
	KeyInteger         = "case.err.integer"
	KeyDateTime        = "case.err.datetime"
	KeyUID             = "case.err.uid"
	KeyTimeUnset       = "case.err.time_unset"
	KeyUpdatedBefore   = "case.err.updated_before_created"
	KeyAfterExport     = "case.err.after_export"
	KeyUnsupportedType = "case.err.unsupported"
	KeyControl         = "case.err.control"
)

// SyntaxKeys names the message of each kind of JSON syntax error: the Go
// decoder's description of the place, and its key. Others get KeySyntax alone.
var SyntaxKeys = map[string]string{
	"looking for beginning of value":             "case.syntax.value",
	"after object key":                           "case.syntax.colon",
	"after object key:value pair":                "case.syntax.object_comma",
	"after array element":                        "case.syntax.array_comma",
	"looking for beginning of object key string": "case.syntax.key",
	"after top-level value":                      "case.syntax.trailing",
	"in string literal":                          "case.syntax.string",
	"in string escape code":                      "case.syntax.escape",
	"in numeric literal":                         "case.syntax.number",
}

// Kind is the kind of a JSON value, named in type errors. A Kind argument of a
// Problem is shown through the catalog key "case.kind.<kind>".
type Kind string

// The kinds of value.
const (
	KindObject   Kind = "object"
	KindArray    Kind = "array"
	KindString   Kind = "string"
	KindNumber   Kind = "number"
	KindInteger  Kind = "integer"
	KindBool     Kind = "boolean"
	KindNull     Kind = "null"
	KindDateTime Kind = "datetime"
)

// Kinds lists every kind, for the catalog test.
var Kinds = []Kind{KindObject, KindArray, KindString, KindNumber, KindInteger, KindBool, KindNull, KindDateTime}

// Problem is one thing wrong with a case file.
type Problem struct {
	// Path is the JSON path of the value concerned, "$.engagement.managers[1].email";
	// "$" is the file as a whole.
	Path string
	// Line and Column (from 1, column in characters) locate a problem of the JSON
	// text itself; both are 0 for problems of content.
	Line, Column int
	// Label is the catalog key of the field's name, for the model's own checks.
	Label string
	// Key names the message in the catalogs; Args fill it.
	Key  string
	Args []any
	// Clause is the requirement the check comes from, if any.
	Clause model.Clause
}

func (p Problem) String() string {
	s := p.Path
	if p.Line > 0 {
		s = fmt.Sprintf("%d:%d", p.Line, p.Column)
	}
	s += ": " + p.Key
	if len(p.Args) > 0 {
		s += fmt.Sprint(p.Args)
	}
	if p.Clause != "" {
		s += " (" + string(p.Clause) + ")"
	}
	return s
}

// Error is every problem found in one case file.
type Error []Problem

func (e Error) Error() string {
	parts := make([]string, len(e))
	for i, p := range e {
		parts[i] = p.String()
	}
	return "case file: " + strings.Join(parts, "; ")
}

// Translator is a catalog's T.
type Translator func(key string, args ...any) string

// Message is the problem in the catalog's language, without its path: the
// field's name when known, the message, and the clause. Arguments of type Kind
// are translated too.
func (p Problem) Message(t Translator) string {
	args := make([]any, len(p.Args))
	for i, a := range p.Args {
		if k, ok := a.(Kind); ok {
			a = t("case.kind." + string(k))
		}
		args[i] = a
	}
	msg := t(p.Key, args...)
	if p.Label != "" {
		msg = t("err.field_line", t(p.Label), msg)
	}
	if p.Clause != "" {
		msg += " (" + t("err.clause", string(p.Clause)) + ")"
	}
	return msg
}

// Text is the whole line a user sees: where, then what.
func (p Problem) Text(t Translator) string {
	if p.Line > 0 {
		return t("case.problem.at", p.Line, p.Column, p.Message(t))
	}
	return t("case.problem.path", p.Path, p.Message(t))
}

var uidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// ValidUID reports whether s is a uid as outsec writes them: a UUID in
// lower-case canonical form.
func ValidUID(s string) bool { return uidRE.MatchString(s) }

// Check is what must hold of a decoded case besides its JSON shape: the
// engagement's identity and times, and every rule of model.Engagement.Validate.
// It returns nil when the case can be imported. present says which paths the
// file gave; nil means all of them (a case built in memory).
func (c *Case) Check() Error {
	return c.check(nil, nil)
}

func (c *Case) check(present map[string]bool, bad func(string) bool) Error {
	var out Error
	add := func(p Problem) {
		if bad != nil && bad(p.Path) {
			return // the value was already reported as wrongly typed or unknown
		}
		out = append(out, p)
	}
	has := func(path string) bool { return present == nil || present[path] }
	e := &c.Engagement
	const ep = "$.engagement."
	for _, f := range []string{"uid", "code", "created_at", "updated_at"} {
		if !has(ep + f) {
			add(Problem{Path: ep + f, Key: KeyMissing})
		}
	}
	if has(ep+"uid") && !ValidUID(e.UID) {
		add(Problem{Path: ep + "uid", Key: KeyUID, Args: []any{e.UID}})
	}
	if has(ep+"code") && strings.TrimSpace(e.Code) == "" {
		add(Problem{Path: ep + "code", Label: "field.code", Key: "err.required"})
	}
	if has(ep+"created_at") && e.CreatedAt.IsZero() {
		add(Problem{Path: ep + "created_at", Key: KeyTimeUnset})
	}
	if has(ep+"updated_at") && e.UpdatedAt.IsZero() {
		add(Problem{Path: ep + "updated_at", Key: KeyTimeUnset})
	}
	if !e.CreatedAt.IsZero() && !e.UpdatedAt.IsZero() && e.UpdatedAt.Before(e.CreatedAt) {
		add(Problem{Path: ep + "updated_at", Key: KeyUpdatedBefore})
	}
	// exported_at is written to the second; the last change may fall within
	// that same second.
	if !c.ExportedAt.IsZero() && !e.UpdatedAt.IsZero() && e.UpdatedAt.Truncate(time.Second).After(c.ExportedAt) {
		add(Problem{Path: ep + "updated_at", Key: KeyAfterExport})
	}
	for _, f := range e.Validate() {
		add(Problem{Path: ep + f.Field, Label: f.LabelKey(), Key: f.Key, Args: f.Args, Clause: f.Clause})
	}
	out = append(out, c.checkRisk(has, bad)...)
	out = append(out, c.checkScreening(has, bad)...)
	out = append(out, c.checkContract(has, bad)...)
	out = append(out, c.checkPlanFiling(has, bad)...)
	out = append(out, c.checkFindings(bad)...)
	out = append(out, c.checkExit(bad)...)
	out = append(out, c.checkSupervision(bad)...)
	if len(out) == 0 {
		return nil
	}
	return out
}
