// Package inspection is the on-site inspection (现场检查) of a vendor against
// the basic controls of GB/T 32926—2016 annex A: a header (inspectors, date,
// place, the vendor's representative), one check per applicable item —
// pre-selected from section 3 of the security management plan (6.3 a) 3)) —
// with its result, method, notes and evidence, and the vendor's
// acknowledgement at the end, after which every "partly" or "does not
// conform" is a corrective action of the findings register, due within the
// contract's fix time (fix_time of clause sec.a8). Pure: no SQL, no terminal,
// no files.
package inspection

import (
	"strings"
	"time"
	"unicode/utf8"

	"outsec/model"
	"outsec/model/annexa"
	"outsec/model/plan"
)

// Clauses of the inspection.
const (
	// Clause: the annex A controls are what is checked on site (7.2; annex A).
	Clause model.Clause = "GB/T 32926—2016 附录 A"
	// ClauseFix: the vendor accepts inspection and fixes its findings within
	// the contract's deadline (6.2.1 a) 8), the clause sec.a8).
	ClauseFix model.Clause = "GB/T 32926—2016 6.2.1 a) 8)"
	// ClauseFindings: every problem found is a corrective action (8.1 a)).
	ClauseFindings model.Clause = "GB/T 32926—2016 8.1 a)"
)

// DefaultFixTime is fix_time's default: 15 working days.
const DefaultFixTime = "15wd"

// Result is the finding on one item.
type Result string

const (
	Open       Result = ""           // not yet checked
	Conforms   Result = "conforms"   // 符合
	Partly     Result = "partly"     // 部分符合
	NotConform Result = "nonconform" // 不符合
	NA         Result = "na"         // 不适用, with a reason
)

// Results lists the results in the order of their keys (1–4).
var Results = []Result{Conforms, Partly, NotConform, NA}

// Valid reports whether r is a result or open.
func (r Result) Valid() bool {
	return r == Open || r == Conforms || r == Partly || r == NotConform || r == NA
}

// Key is the catalog key of the result's name.
func (r Result) Key() string {
	if r == Open {
		return "inspection.result.open"
	}
	return "inspection.result." + string(r)
}

// Finding reports whether the result is a problem: partly or not conform.
func (r Result) Finding() bool { return r == Partly || r == NotConform }

// Method is how an item was checked.
type Method string

const (
	Interview    Method = "interview"    // 访谈
	DocReview    Method = "document"     // 文档审查
	Observation  Method = "observation"  // 现场观察
	Verification Method = "verification" // 验证测试
	Scan         Method = "scan"         // 技术检测
)

// Methods lists the methods in the order a key cycles through them.
var Methods = []Method{Interview, DocReview, Observation, Verification, Scan}

// Valid reports whether m is a method or unset.
func (m Method) Valid() bool {
	if m == "" {
		return true
	}
	for _, x := range Methods {
		if m == x {
			return true
		}
	}
	return false
}

// Key is the catalog key of the method's name.
func (m Method) Key() string {
	if m == "" {
		return "inspection.method.unset"
	}
	return "inspection.method." + string(m)
}

// Next is the method after m, round again after the last.
func (m Method) Next() Method {
	for i, x := range Methods {
		if x == m {
			return Methods[(i+1)%len(Methods)]
		}
	}
	return Methods[0]
}

// Check is the inspection of one annex A item.
type Check struct {
	ID     int64  `json:"-"`
	Item   string `json:"item"` // annexa.Item ID
	Result Result `json:"result,omitempty"`
	Method Method `json:"method,omitempty"`
	Reason string `json:"reason,omitempty"` // why not applicable
	Notes  string `json:"notes,omitempty"`
	// Finding is the corrective action the acknowledgement made of a
	// "partly" or "does not conform"; 0: none.
	Finding int64 `json:"finding,omitempty"`
	// Evidence is filled by the store: the digests of the evidence linked.
	Evidence []string `json:"-"`
}

// Acknowledgement is the vendor's representative acknowledging the findings
// at the end of the inspection.
type Acknowledgement struct {
	Name         string     `json:"name"`
	Date         model.Date `json:"date"`
	Remarks      string     `json:"remarks,omitempty"`
	Disagreement string     `json:"disagreement,omitempty"` // where the vendor disagrees
}

// Done reports whether the acknowledgement is recorded.
func (a Acknowledgement) Done() bool { return a.Name != "" && a.Date != "" }

// Inspection is one on-site inspection.
type Inspection struct {
	ID int64 `json:"-"`
	// UID names the inspection across databases: a bundle imported twice adds
	// it once.
	UID        string     `json:"uid"`
	Date       model.Date `json:"date"`
	Place      string     `json:"place"`
	Inspectors string     `json:"inspectors"`
	VendorRep  string     `json:"vendor_rep,omitempty"`
	Checks     []Check    `json:"checks"`

	Ack Acknowledgement `json:"acknowledgement,omitzero"`

	CreatedBy string    `json:"created_by,omitempty"`
	CreatedAt time.Time `json:"created_at,omitzero"`
}

// Acknowledged reports whether the vendor has acknowledged the findings: the
// inspection is then closed to changes of its results.
func (in *Inspection) Acknowledged() bool { return in.Ack.Done() }

// Applicable is the annex A items an inspection checks: every item of the
// catalog that applies, less those the plan's section 3 marks not
// applicable (6.3 a) 3)), in annex order.
func Applicable(p *plan.Plan, cloud bool) []annexa.Item {
	var out []annexa.Item
	for _, it := range annexa.ItemsFor(cloud) {
		if p != nil && p.Deployment(it.ID).Status == plan.NA {
			continue
		}
		out = append(out, it)
	}
	return out
}

// ChecksFor is a fresh check list over items, all open.
func ChecksFor(items []annexa.Item) []Check {
	out := make([]Check, len(items))
	for i, it := range items {
		out[i] = Check{Item: it.ID}
	}
	return out
}

// Tally is the running count of an inspection.
type Tally struct{ Total, Open, Conforms, Partly, NotConform, NA int }

// Done is how many items have a result.
func (t Tally) Done() int { return t.Total - t.Open }

// Count tallies the checks.
func (in *Inspection) Count() Tally {
	t := Tally{Total: len(in.Checks)}
	for _, c := range in.Checks {
		switch c.Result {
		case Open:
			t.Open++
		case Conforms:
			t.Conforms++
		case Partly:
			t.Partly++
		case NotConform:
			t.NotConform++
		case NA:
			t.NA++
		}
	}
	return t
}

// Findings are the checks that are problems.
func (in *Inspection) Findings() []Check {
	var out []Check
	for _, c := range in.Checks {
		if c.Result.Finding() {
			out = append(out, c)
		}
	}
	return out
}

// Check is the check of item id; nil when the inspection has none.
func (in *Inspection) Check(id string) *Check {
	for i := range in.Checks {
		if in.Checks[i].Item == id {
			return &in.Checks[i]
		}
	}
	return nil
}

// Matches reports whether an item's text (its label, title, what good looks
// like, the evidence asked for, in both languages) or the check's notes
// contain every word of q, case-insensitively: the inspection's search.
func Matches(it annexa.Item, c *Check, q string) bool {
	words := strings.Fields(strings.ToLower(q))
	if len(words) == 0 {
		return true
	}
	hay := strings.ToLower(strings.Join([]string{it.Label(), it.ID, it.Name.ZH, it.Name.EN, it.Good.ZH, it.Good.EN,
		it.Evidence.ZH, it.Evidence.EN, it.Parent.ZH, it.Parent.EN, c.Notes}, "\n"))
	for _, w := range words {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}

// Due is the date a finding of an inspection on date is due, fix after
// it: a stored duration of the contract ("15wd", "10d", "2w", "1mo");
// working days skip Saturdays and Sundays. An unreadable fix time is the
// default.
func Due(date model.Date, fix string) model.Date {
	t := date.Time()
	if t.IsZero() {
		return ""
	}
	i := 0
	for i < len(fix) && fix[i] >= '0' && fix[i] <= '9' {
		i++
	}
	n := 0
	for _, r := range fix[:i] {
		n = n*10 + int(r-'0')
		if n > 100000 {
			break
		}
	}
	unit := fix[i:]
	if i == 0 || n > 100000 {
		return Due(date, DefaultFixTime)
	}
	switch unit {
	case "wd":
		for k := 0; k < n; {
			t = t.AddDate(0, 0, 1)
			if wd := t.Weekday(); wd != time.Saturday && wd != time.Sunday {
				k++
			}
		}
	case "d":
		t = t.AddDate(0, 0, n)
	case "w":
		t = t.AddDate(0, 0, 7*n)
	case "mo":
		t = t.AddDate(0, n, 0)
	case "y":
		t = t.AddDate(n, 0, 0)
	case "h", "min":
		// Less than a day is due the same day... or the next for hours.
		if unit == "h" {
			t = t.Add(time.Duration(n) * time.Hour)
		}
	default:
		return Due(date, DefaultFixTime)
	}
	return model.Date(t.Format(model.DateLayout))
}

// fp is the prefix of the fields validation names: inspection.date is
// labelled by the catalog's "field.inspection.date".
const fp = "inspection"

type checker struct{ errs model.ValidationError }

func (c *checker) add(field, key string, clause model.Clause, args ...any) {
	c.errs = append(c.errs, model.FieldError{Field: field, Key: key, Args: args, Clause: clause})
}

func (c *checker) text(field, v string, max int, line bool) {
	if utf8.RuneCountInString(v) > max {
		c.add(field, "err.too_long", "", max)
	}
	if !utf8.ValidString(v) || strings.ContainsRune(v, 0) || (line && strings.ContainsAny(v, "\r\n\t")) {
		c.add(field, "err.bad_text", "")
	}
}

// ValidateHeader checks the header.
func (in *Inspection) ValidateHeader() model.ValidationError {
	c := &checker{}
	if strings.TrimSpace(in.Inspectors) == "" {
		c.add(fp+".inspectors", "err.required", Clause)
	}
	c.text(fp+".inspectors", in.Inspectors, model.MaxShortText, true)
	switch {
	case in.Date.IsZero():
		c.add(fp+".date", "err.required", Clause)
	case !in.Date.Valid():
		c.add(fp+".date", "err.date", Clause)
	}
	if strings.TrimSpace(in.Place) == "" {
		c.add(fp+".place", "err.required", Clause)
	}
	c.text(fp+".place", in.Place, model.MaxShortText, true)
	c.text(fp+".vendor_rep", in.VendorRep, model.MaxShortText, true)
	if len(c.errs) == 0 {
		return nil
	}
	return c.errs
}

// ValidateCheck checks one check: an item of the catalog, a known result and
// method, a reason when not applicable.
func ValidateCheck(ch Check, prefix string) model.ValidationError {
	c := &checker{}
	it, ok := annexa.ByID(ch.Item)
	if !ok {
		c.add(prefix+".item", "inspection.err.item", Clause, ch.Item)
	}
	if !ch.Result.Valid() {
		c.add(prefix+".result", "inspection.err.result", Clause, string(ch.Result))
	}
	if !ch.Method.Valid() {
		c.add(prefix+".method", "inspection.err.method", Clause, string(ch.Method))
	}
	if ch.Result == NA && strings.TrimSpace(ch.Reason) == "" {
		c.add(prefix+".reason", "inspection.err.na_reason", it.Clause)
	}
	c.text(prefix+".reason", ch.Reason, model.MaxLongText, false)
	c.text(prefix+".notes", ch.Notes, model.MaxLongText, false)
	if len(c.errs) == 0 {
		return nil
	}
	return c.errs
}

// ValidateAck checks the acknowledgement: who and when, on or after the
// inspection.
func (in *Inspection) ValidateAck(a Acknowledgement) model.ValidationError {
	c := &checker{}
	if strings.TrimSpace(a.Name) == "" {
		c.add(fp+".ack.name", "err.required", ClauseFindings)
	}
	c.text(fp+".ack.name", a.Name, model.MaxShortText, true)
	switch {
	case a.Date.IsZero():
		c.add(fp+".ack.date", "err.required", ClauseFindings)
	case !a.Date.Valid():
		c.add(fp+".ack.date", "err.date", ClauseFindings)
	case a.Date.Before(in.Date):
		c.add(fp+".ack.date", "inspection.err.ack_before", ClauseFindings, string(in.Date))
	}
	c.text(fp+".ack.remarks", a.Remarks, model.MaxLongText, false)
	c.text(fp+".ack.disagreement", a.Disagreement, model.MaxLongText, false)
	if n := in.Count().Open; n > 0 {
		c.add(fp+".ack", "inspection.err.open_items", Clause, n)
	}
	if len(c.errs) == 0 {
		return nil
	}
	return c.errs
}

// Validate checks the whole record (a bundle's, a case file's).
func (in *Inspection) Validate() model.ValidationError {
	errs := in.ValidateHeader()
	seen := map[string]bool{}
	for i, ch := range in.Checks {
		p := "inspection.checks[" + itoa(i) + "]"
		errs = append(errs, ValidateCheck(ch, p)...)
		if seen[ch.Item] {
			errs = append(errs, model.FieldError{Field: p + ".item", Key: "inspection.err.item_twice", Args: []any{ch.Item}, Clause: Clause})
		}
		seen[ch.Item] = true
	}
	if in.Ack != (Acknowledgement{}) {
		for _, f := range in.ValidateAck(in.Ack) {
			errs = append(errs, f)
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}
