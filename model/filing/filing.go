// Package filing is the filing of an engagement with the e-government
// information security authority (外包服务机构备案, GB/T 32926—2016 6.5): kept
// in versions v1, v2, …, each with a frozen snapshot of the items of 6.5 a)
// 1)–5); the difference between the latest snapshot and the data now (6.5
// b)); the rules of when a filing may be drafted, what it must hold and when
// it is late ("及时"). Pure: no SQL, no terminal, no files.
package filing

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"outsec/model"
	"outsec/model/annexa"
	"outsec/model/plan"
)

// Std is GB/T 32926—2016.
const Std = "GB/T 32926—2016"

// Clauses of the filing.
const (
	ClauseFiling   model.Clause = Std + " 6.5 a)"
	ClauseItem1    model.Clause = Std + " 6.5 a) 1)"
	ClauseItem2    model.Clause = Std + " 6.5 a) 2)"
	ClauseItem3    model.Clause = Std + " 6.5 a) 3)"
	ClauseItem4    model.Clause = Std + " 6.5 a) 4)"
	ClauseItem5    model.Clause = Std + " 6.5 a) 5)"
	ClauseChange   model.Clause = Std + " 6.5 b)"
	ClauseTimely   model.Clause = Std + " 6.5 a)"
	DefaultDueDays              = 10
	MaxDueDays                  = 365
)

// Status is where a version stands.
type Status string

const (
	Drafted   Status = "drafted"
	Submitted Status = "submitted"
	Accepted  Status = "accepted"
)

// Statuses in order.
var Statuses = []Status{Drafted, Submitted, Accepted}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return s == Drafted || s == Submitted || s == Accepted }

// Key is the catalog key of the status's name.
func (s Status) Key() string { return "filing.status." + string(s) }

// Reason is why a version was made.
type Reason string

const (
	Initial Reason = "initial" // the first filing (6.5 a))
	Change  Reason = "change"  // the vendor, its data or the service changed (6.5 b))
)

// Key is the catalog key of the reason's name.
func (r Reason) Key() string { return "filing.reason." + string(r) }

// Measure is one risk-control measure of item 4): an annex A item of the
// plan's section 3 with its measure, or a treatment of the risk assessment
// (Item "risk").
type Measure struct {
	Item string `json:"item"`
	Text string `json:"text"`
}

// MeasureRisk is the Item of a measure from the risk treatment.
const MeasureRisk = "risk"

// KV is one other item the authority asks for (item 5)).
type KV struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Snapshot is the content of a filing, items 6.5 a) 1)–5), as it was when
// the version was drafted.
type Snapshot struct {
	// 1) the department, its responsible unit, managers and contacts.
	Department      string          `json:"department"`
	ResponsibleUnit string          `json:"responsible_unit"`
	Managers        []model.Contact `json:"managers"`
	// 2) the service type and content.
	ServiceType    model.ServiceType `json:"service_type"`
	ServiceContent string            `json:"service_content"`
	// 3) the vendor: name, scale, qualifications, lead and contacts.
	Vendor model.Vendor `json:"vendor"`
	// 4) the plan's risk-control measures and the main treatments.
	Measures []Measure `json:"measures"`
	// 5) the other items the authority asks for.
	Other []KV `json:"other"`
}

// Take is the snapshot of the data now: the engagement (items 1)–3)), the
// plan's section 3 and the main treatments (item 4)), and the other items
// given (item 5)). Not applicable and unplanned controls are left out; the
// treatments are the measures of the risks treated.
func Take(e *model.Engagement, p *plan.Plan, treatments []string, other []KV) Snapshot {
	s := Snapshot{
		Department: e.Department, ResponsibleUnit: e.ResponsibleUnit,
		Managers:    append([]model.Contact{}, e.Managers...),
		ServiceType: e.ServiceType, ServiceContent: e.ServiceContent, Vendor: e.Vendor,
		Measures: []Measure{}, Other: append([]KV{}, other...),
	}
	if p != nil {
		for _, r := range p.ControlRows(e.CloudWebsite) {
			if r.Settled() && r.Status != plan.NA {
				s.Measures = append(s.Measures, Measure{Item: r.Item.ID, Text: r.Measure})
			}
		}
	}
	for _, t := range treatments {
		if t = strings.TrimSpace(t); t != "" {
			s.Measures = append(s.Measures, Measure{Item: MeasureRisk, Text: t})
		}
	}
	return s
}

// Version is one version of the filing.
type Version struct {
	ID          int64      `json:"-"`
	Number      int        `json:"version"`
	Reason      Reason     `json:"reason"`
	Authority   string     `json:"authority"`
	Status      Status     `json:"status"`
	SubmittedOn model.Date `json:"submitted_on,omitempty"`
	FilingNo    string     `json:"filing_number,omitempty"`
	Snapshot    Snapshot   `json:"snapshot"`
	CreatedAt   time.Time  `json:"created_at"`
}

// Label is "v1", "v2" ….
func (v Version) Label() string { return fmt.Sprintf("v%d", v.Number) }

// Filed reports whether the version has gone to the authority.
func (v Version) Filed() bool { return v.Status == Submitted || v.Status == Accepted }

// Field is one field of items 1)–4) as the diff compares them.
type Field struct {
	Path  string // "vendor.scale", "managers[0].phone", "measures.A.2.2.a"
	Key   string // catalog key of its label: "filing.field.vendor.scale"
	Arg   string // what the label needs: the manager's number, the item's id
	Value string
	// Enum is the catalog prefix of the value's name when it is a code
	// ("scale.", "service."); empty for text.
	Enum string
}

// Fields is items 1)–4) of s as a flat list in a fixed order; item 5) is
// the authority's and is not compared.
func (s *Snapshot) Fields() []Field {
	var out []Field
	add := func(path, key, arg, v string) { out = append(out, Field{Path: path, Key: key, Arg: arg, Value: v}) }
	add("department", "filing.field.department", "", s.Department)
	add("responsible_unit", "filing.field.responsible_unit", "", s.ResponsibleUnit)
	for i, m := range s.Managers {
		n := fmt.Sprint(i + 1)
		add(fmt.Sprintf("managers[%d].name", i), "filing.field.manager.name", n, m.Name)
		add(fmt.Sprintf("managers[%d].role", i), "filing.field.manager.role", n, m.Role)
		add(fmt.Sprintf("managers[%d].phone", i), "filing.field.manager.phone", n, m.Phone)
		add(fmt.Sprintf("managers[%d].email", i), "filing.field.manager.email", n, m.Email)
	}
	add("service_type", "filing.field.service_type", "", string(s.ServiceType))
	out[len(out)-1].Enum = "service."
	add("service_content", "filing.field.service_content", "", s.ServiceContent)
	add("vendor.name", "filing.field.vendor.name", "", s.Vendor.Name)
	add("vendor.scale", "filing.field.vendor.scale", "", string(s.Vendor.Scale))
	out[len(out)-1].Enum = "scale."
	add("vendor.qualifications", "filing.field.vendor.qualifications", "", s.Vendor.Qualifications)
	add("vendor.lead.name", "filing.field.vendor.lead.name", "", s.Vendor.Lead.Name)
	add("vendor.lead.role", "filing.field.vendor.lead.role", "", s.Vendor.Lead.Role)
	add("vendor.lead.phone", "filing.field.vendor.lead.phone", "", s.Vendor.Lead.Phone)
	add("vendor.lead.email", "filing.field.vendor.lead.email", "", s.Vendor.Lead.Email)
	risk := 0
	for _, m := range s.Measures {
		if m.Item == MeasureRisk {
			risk++
			add(fmt.Sprintf("measures.risk[%d]", risk), "filing.field.treatment", fmt.Sprint(risk), m.Text)
			continue
		}
		add("measures."+m.Item, "filing.field.measure", m.Item, m.Text)
	}
	return out
}

// Difference is one field whose value changed: Old is empty for a field
// that is new, New for one that is gone.
type Difference struct {
	Field
	Old, New string
}

// Term is a value that is a catalog entry ("scale.medium"): the catalog
// shows it in its language wherever it is an argument (i18n.Catalog.T).
type Term string

// CatalogKey is the entry's key.
func (t Term) CatalogKey() string { return string(t) }

// String is the key, for logs.
func (t Term) String() string { return string(t) }

// Blank is how an empty value shows in a difference.
const Blank = "—"

// Block is the difference as a block of the step "filing" (6.5 b)): its
// key is "filing.changed." and the field ("filing.changed.vendor.scale"),
// its arguments the field's number or item when it has one, then old and
// new.
func (d Difference) Block() model.Block {
	or := func(s string) string {
		if s == "" {
			return Blank
		}
		return s
	}
	val := func(v string) any {
		if v != "" && d.Enum != "" {
			return Term(d.Enum + v) // the scale's or the type's name, in the reader's language
		}
		return or(v)
	}
	args := []any{val(d.Old), val(d.New)}
	if d.Arg != "" {
		args = append([]any{d.Arg}, args...)
	}
	return model.Block{Key: "filing.changed." + strings.TrimPrefix(d.Key, "filing.field."), Args: args, Clause: ClauseChange}
}

// Diff lists every field of items 1)–4) whose value differs between old
// and now, in the order of now's fields, then those only old has.
func Diff(old, now *Snapshot) []Difference {
	of := old.Fields()
	byPath := make(map[string]Field, len(of))
	for _, f := range of {
		byPath[f.Path] = f
	}
	var out []Difference
	seen := map[string]bool{}
	for _, f := range now.Fields() {
		seen[f.Path] = true
		o := byPath[f.Path]
		if o.Value != f.Value {
			out = append(out, Difference{Field: f, Old: o.Value, New: f.Value})
		}
	}
	for _, f := range of {
		if !seen[f.Path] && f.Value != "" {
			out = append(out, Difference{Field: f, Old: f.Value})
		}
	}
	return out
}

// Gaps lists the items of 6.5 a) 1)–5) the snapshot lacks: each must be
// present for the filing to be drafted.
func (s *Snapshot) Gaps() []model.Block {
	var out []model.Block
	add := func(key string, clause model.Clause) { out = append(out, model.Block{Key: key, Clause: clause}) }
	contact := false
	for _, m := range s.Managers {
		if m.Name != "" && (m.Phone != "" || m.Email != "") {
			contact = true
		}
	}
	if s.Department == "" || s.ResponsibleUnit == "" || !contact {
		add("filing.gap.item1", ClauseItem1)
	}
	if !s.ServiceType.Valid() || strings.TrimSpace(s.ServiceContent) == "" {
		add("filing.gap.item2", ClauseItem2)
	}
	v := s.Vendor
	if v.Name == "" || v.Scale == model.ScaleUnknown || v.Qualifications == "" || v.Lead.Name == "" ||
		(v.Lead.Phone == "" && v.Lead.Email == "") {
		add("filing.gap.item3", ClauseItem3)
	}
	if len(s.Measures) == 0 {
		add("filing.gap.item4", ClauseItem4)
	}
	if len(s.Other) == 0 {
		add("filing.gap.item5", ClauseItem5)
	}
	return out
}

// Prerequisites are the blocks that keep a filing from being drafted, from
// the lifecycle's facts (6.5 a)): the contract signed, the NDAs of the
// vendor and every person signed, the plan approved.
func Prerequisites(f model.Facts) []model.Block {
	var out []model.Block
	if f.ContractSigned.IsZero() {
		out = append(out, model.Block{Key: "block.contract_unsigned", Clause: ClauseFiling})
	}
	if f.States[model.StepNDA] != model.Done {
		out = append(out, model.Block{Key: "block.nda_unsigned", Clause: ClauseFiling})
	}
	if st := f.States[model.StepSecurityPlan]; st != model.Done && st != model.NeedsUpdate {
		out = append(out, model.Block{Key: "block.plan_unapproved", Clause: ClauseItem4})
	}
	return out
}

// Due is the last day of a timely filing: DueDays days after the later of
// the contract's signing and the last NDA; empty while either is missing.
func Due(signed, lastNDA model.Date, dueDays int) model.Date {
	if signed == "" || lastNDA == "" {
		return ""
	}
	from := signed
	if signed.Before(lastNDA) {
		from = lastNDA
	}
	return model.Date(from.Time().AddDate(0, 0, dueDays).Format("2006-01-02"))
}

// Inputs is everything outside the versions the filing's state depends on.
type Inputs struct {
	Now      Snapshot   // the data now (Take, with the latest version's item 5))
	Signed   model.Date // the contract's signing
	LastNDA  model.Date // the last NDA signed (vendor and people); empty while one is missing
	DueDays  int        // the setting of the days a timely filing has (store)
	Today    model.Date
	Eligible bool // Prerequisites are met
}

// LifecycleState is what the versions report for the step "filing"
// (model.StepFiling):
//   - not started while there is no version; late ("及时", 6.5 a)) once the
//     due day has passed, with a block;
//   - needs update when the data differ from the latest version's snapshot
//     in items 1)–4) (6.5 b)), a block per changed field;
//   - in progress while the latest version is only drafted;
//   - otherwise done.
func LifecycleState(versions []Version, in Inputs) (model.State, []model.Block) {
	var blocks []model.Block
	due := Due(in.Signed, in.LastNDA, in.DueDays)
	filedOn := model.Date("")
	for _, v := range versions {
		if v.Filed() && v.SubmittedOn != "" && (filedOn == "" || v.SubmittedOn.Before(filedOn)) {
			filedOn = v.SubmittedOn
		}
	}
	if due != "" && filedOn == "" && in.Today != "" && due.Before(in.Today) {
		blocks = append(blocks, model.Block{Key: "filing.block.overdue", Args: []any{string(due), in.DueDays}, Clause: ClauseTimely})
	}
	if len(versions) == 0 {
		if len(blocks) > 0 {
			return model.InProgress, blocks
		}
		return model.NotStarted, nil
	}
	latest := versions[len(versions)-1]
	if diff := Diff(&latest.Snapshot, &in.Now); len(diff) > 0 {
		for _, d := range diff {
			blocks = append(blocks, d.Block())
		}
		return model.NeedsUpdate, blocks
	}
	if !latest.Filed() {
		blocks = append(blocks, model.Block{Key: "filing.block.not_submitted", Args: []any{latest.Label()}, Clause: ClauseFiling})
		return model.InProgress, blocks
	}
	return model.Done, nil
}

// fp starts the name of every field this package reports: the JSON paths
// of the section "filings" of a case file.
const fp = "filing."

// Fields named by the store's refusals.
const (
	FieldDueDays = fp + "due_days"
	FieldStatus  = fp + "status"
	FieldVersion = fp + "version"
)

// Limits.
const (
	MaxLine = model.MaxShortText
	MaxText = model.MaxLongText
)

// ValidateDraft checks what a user gives to draft a version: the authority
// and the other items (item 5)).
func ValidateDraft(authority string, other []KV) model.ValidationError {
	var errs model.ValidationError
	add := func(field, key string, clause model.Clause, args ...any) {
		errs = append(errs, model.FieldError{Field: field, Key: key, Args: args, Clause: clause})
	}
	if strings.TrimSpace(authority) == "" {
		add(fp+"authority", "err.required", ClauseFiling)
	}
	if utf8.RuneCountInString(authority) > MaxLine || strings.ContainsAny(authority, "\r\n\t\x00") {
		add(fp+"authority", "err.bad_text", ClauseFiling)
	}
	for i, kv := range other {
		p := fmt.Sprintf(fp+"other[%d]", i)
		if strings.TrimSpace(kv.Key) == "" {
			add(p+".key", "err.required", ClauseItem5)
		}
		if strings.TrimSpace(kv.Value) == "" {
			add(p+".value", "err.required", ClauseItem5)
		}
		if utf8.RuneCountInString(kv.Key) > MaxLine || utf8.RuneCountInString(kv.Value) > MaxText ||
			strings.ContainsRune(kv.Key+kv.Value, 0) {
			add(p, "err.bad_text", ClauseItem5)
		}
	}
	return errs
}

// ValidateStatus checks a change of a version's status: submitted needs the
// submission date, accepted also the filing number received.
func ValidateStatus(st Status, submittedOn model.Date, number string) model.ValidationError {
	var errs model.ValidationError
	add := func(field, key string, args ...any) {
		errs = append(errs, model.FieldError{Field: field, Key: key, Args: args, Clause: ClauseFiling})
	}
	if !st.Valid() {
		add(fp+"status", "filing.err.status", string(st))
	}
	if !submittedOn.Valid() {
		add(fp+"submitted_on", "err.date")
	}
	if (st == Submitted || st == Accepted) && submittedOn == "" {
		add(fp+"submitted_on", "err.required")
	}
	if st == Accepted && strings.TrimSpace(number) == "" {
		add(fp+"filing_number", "err.required")
	}
	if utf8.RuneCountInString(number) > MaxLine || strings.ContainsAny(number, "\r\n\t\x00") {
		add(fp+"filing_number", "err.bad_text")
	}
	return errs
}

// Validate checks a version read from a case file.
func (v *Version) Validate(prefix string) model.ValidationError {
	var errs model.ValidationError
	if v.Number < 1 {
		errs = append(errs, model.FieldError{Field: prefix + ".version", Key: "filing.err.version", Clause: ClauseChange})
	}
	if v.Reason != Initial && v.Reason != Change {
		errs = append(errs, model.FieldError{Field: prefix + ".reason", Key: "filing.err.reason", Args: []any{string(v.Reason)}, Clause: ClauseChange})
	}
	errs = append(errs, ValidateDraft(v.Authority, v.Snapshot.Other)...)
	errs = append(errs, ValidateStatus(v.Status, v.SubmittedOn, v.FilingNo)...)
	for i, m := range v.Snapshot.Measures {
		if _, ok := annexa.ByID(m.Item); !ok && m.Item != MeasureRisk {
			errs = append(errs, model.FieldError{Field: fmt.Sprintf("%s.snapshot.measures[%d].item", prefix, i),
				Key: "plan.err.item", Args: []any{m.Item}, Clause: ClauseItem4})
		}
	}
	return errs
}

// SampleOther is the other information (item 5)) of the sample engagement's
// filing. lang is "zh-CN" or "en".
func SampleOther(lang string) []KV {
	if lang == "en" {
		return []KV{{"Classified protection filing of the portal", "level 2, no. 11010099999-00001 (sample)"}}
	}
	return []KV{{"门户网站等级保护备案", "第二级，备案号 11010099999-00001(示例)"}}
}

// SampleLead is the vendor's project lead at the time of the sample's
// filing v1; the sample engagement's lead has changed since, so that the
// filing needs an update (6.5 b)).
func SampleLead(lang string) model.Contact {
	if lang == "en" {
		return model.Contact{Name: "Sun Li", Role: "Project lead", Phone: "138 0000 0009", Email: "sunli@example.com"}
	}
	return model.Contact{Name: "孙丽", Role: "项目负责人", Phone: "138 0000 0009", Email: "sunli@example.com"}
}
