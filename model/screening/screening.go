// Package screening is the vendor and personnel screening of GB/T 32926—2016 6.1:
// the conditions a vendor is assessed against (6.1 b) 1)–10)), those each service
// person is assessed against (6.1 c) 1)–7)), the register of the engagement's
// service personnel, and what the answers mean for the lifecycle. It is pure: no
// SQL, no terminal, no files.
package screening

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"outsec/model"
)

// Clauses the screening rules come from.
const (
	ClauseIdentify model.Clause = "GB/T 32926—2016 6.1 a)"
	ClauseVendor   model.Clause = "GB/T 32926—2016 6.1 b)"
	ClausePerson   model.Clause = "GB/T 32926—2016 6.1 c)"
	// ClauseNDA: an NDA with the vendor and one with each service person.
	ClauseNDA model.Clause = "GB/T 32926—2016 6.4 a)"
)

// Item is one condition of the checklist: a list item of clause 6.1 b) or c).
// Its wording is the project's own, in the catalogs under Key.
type Item struct {
	// ID names the list item, "b1" … "b10" for the vendor, "c1" … "c7" for a
	// person. It is stable: answers are stored and exchanged under it.
	ID     string
	Clause model.Clause
}

// Key is the catalog key of the item's text.
func (it Item) Key() string { return "screening.item." + it.ID }

// BlockKey is the catalog key of the block reported when the item is not met.
// The message of a person's item takes the person's name.
func (it Item) BlockKey() string { return "screening.block." + it.ID }

// Label is the item's place in the clause as the standard writes it: "b) 3)".
func (it Item) Label() string {
	if it.ID == "" {
		return ""
	}
	return it.ID[:1] + ") " + it.ID[1:] + ")"
}

func items(letter string, n int) []Item {
	out := make([]Item, n)
	for i := range out {
		id := fmt.Sprintf("%s%d", letter, i+1)
		out[i] = Item{ID: id, Clause: model.Clause(fmt.Sprintf("GB/T 32926—2016 6.1 %s) %d)", letter, i+1))}
	}
	return out
}

// VendorItems are the conditions for choosing the vendor, 6.1 b) 1)–10):
// registered in China; Chinese investment; no criminal record of the legal
// person and key staff; a fixed office; a working information security
// management system; technical and financial capacity; no threat to national
// security, public order or the public interest; a security review of its
// background; its qualifications; other conditions of law.
var VendorItems = items("b", 10)

// PersonItems are the conditions for each service person, 6.1 c) 1)–7): a
// Chinese citizen; a defined role and responsibilities; qualifications;
// security awareness; a security review of background and competence; a
// long-term employment contract with the vendor and a signed NDA; other
// conditions of law.
var PersonItems = items("c", 7)

// ItemByID finds an item of either list.
func ItemByID(id string) (Item, bool) {
	for _, list := range [][]Item{VendorItems, PersonItems} {
		for _, it := range list {
			if it.ID == id {
				return it, true
			}
		}
	}
	return Item{}, false
}

func inList(id string, list []Item) bool {
	for _, it := range list {
		if it.ID == id {
			return true
		}
	}
	return false
}

// Result is the finding on one item.
type Result string

const (
	Unknown Result = "unknown" // not yet assessed, or not known
	Met     Result = "met"
	NotMet  Result = "not_met"
)

// Results lists the results in the order a key cycles through them.
var Results = []Result{Unknown, Met, NotMet}

// Valid reports whether r is one of the results.
func (r Result) Valid() bool { return r == Unknown || r == Met || r == NotMet }

// Key is the catalog key of the result's name.
func (r Result) Key() string {
	if !r.Valid() {
		return Unknown.Key()
	}
	return "screening.result." + string(r)
}

// Next is the result after r in Results, round again after the last.
func (r Result) Next() Result {
	for i, x := range Results {
		if x == r {
			return Results[(i+1)%len(Results)]
		}
	}
	return Met
}

// Answer is the finding on one item with the evidence it rests on (a licence
// number, a report, who checked what and when).
type Answer struct {
	Item     string `json:"item"`
	Result   Result `json:"result"`
	Evidence string `json:"evidence,omitempty"`
}

// Recorded reports whether the answer says anything: a result other than
// unknown, or evidence. An answer that does not is the same as none.
func (a Answer) Recorded() bool {
	return (a.Result != Unknown && a.Result != "") || strings.TrimSpace(a.Evidence) != ""
}

// Checklist is the answers recorded for one checklist, in item order. An item
// without an answer is unknown.
type Checklist []Answer

// Answer is the answer on item id; Unknown when none is recorded.
func (c Checklist) Answer(id string) Answer {
	for _, a := range c {
		if a.Item == id {
			if a.Result == "" {
				a.Result = Unknown
			}
			return a
		}
	}
	return Answer{Item: id, Result: Unknown}
}

// With is the checklist with a in place of the answer on the same item, in the
// order of items; an answer that records nothing is dropped.
func (c Checklist) With(a Answer, items []Item) Checklist {
	var out Checklist
	for _, it := range items {
		x := c.Answer(it.ID)
		if it.ID == a.Item {
			x = a
		}
		if x.Recorded() {
			out = append(out, x)
		}
	}
	return out
}

// Tally counts the results on items.
type Tally struct{ Met, NotMet, Unknown int }

// Count tallies the checklist over items.
func (c Checklist) Count(items []Item) Tally {
	var t Tally
	for _, it := range items {
		switch c.Answer(it.ID).Result {
		case Met:
			t.Met++
		case NotMet:
			t.NotMet++
		default:
			t.Unknown++
		}
	}
	return t
}

// Passes reports whether every item is met.
func (c Checklist) Passes(items []Item) bool {
	t := c.Count(items)
	return t.NotMet == 0 && t.Unknown == 0
}

// Verdict is the outcome of one checklist: passed (every item met), failed
// (an item not met) or pending (nothing not met, something unknown).
type Verdict string

const (
	Pending Verdict = "pending"
	Passed  Verdict = "passed"
	Failed  Verdict = "failed"
)

// Key is the catalog key of the verdict's name.
func (v Verdict) Key() string { return "screening.verdict." + string(v) }

// Verdict is the outcome of the checklist over items.
func (c Checklist) Verdict(items []Item) Verdict {
	t := c.Count(items)
	switch {
	case t.NotMet > 0:
		return Failed
	case t.Unknown > 0:
		return Pending
	}
	return Passed
}

// Limits of the register's fields.
const MaxIDNumber = 40

// IDType is the kind of identity document a person's number belongs to.
type IDType string

const (
	IDUnset    IDType = ""
	IDResident IDType = "resident_id"     // 居民身份证
	IDPassport IDType = "passport"        // 护照
	IDHKMacao  IDType = "hk_macao_permit" // 港澳居民来往内地通行证 / 居住证
	IDTaiwan   IDType = "taiwan_permit"   // 台湾居民来往大陆通行证 / 居住证
	IDForeign  IDType = "foreign_permanent_residence"
	IDOther    IDType = "other"
)

// IDTypes lists the kinds in the order a form offers them.
var IDTypes = []IDType{IDResident, IDPassport, IDHKMacao, IDTaiwan, IDForeign, IDOther}

// Valid reports whether t is a known kind or unset.
func (t IDType) Valid() bool {
	if t == IDUnset {
		return true
	}
	for _, x := range IDTypes {
		if t == x {
			return true
		}
	}
	return false
}

// Key is the catalog key of the kind's name.
func (t IDType) Key() string {
	if t == IDUnset {
		return "screening.id_type.unset"
	}
	return "screening.id_type." + string(t)
}

// Person is one service person (服务人员) working on the engagement, with their
// own checklist of 6.1 c).
type Person struct {
	ID   int64  `json:"-"`
	Name string `json:"name"`
	Role string `json:"role,omitempty"`
	// IDType and IDNumber are the identity document. The number is kept exactly
	// as entered: documents differ, and a screening record must show what the
	// person presented.
	IDType   IDType `json:"id_type,omitempty"`
	IDNumber string `json:"id_number,omitempty"`
	// Employer is empty when the person is employed by the engagement's vendor.
	Employer  string     `json:"employer,omitempty"`
	Phone     string     `json:"phone,omitempty"`
	StartDate model.Date `json:"start_date,omitempty"`
	// NDASigned is when the person signed the information security NDA (6.4 a));
	// empty: no NDA.
	NDASigned model.Date `json:"nda_signed,omitempty"`
	Notes     string     `json:"notes,omitempty"`
	Checklist Checklist  `json:"checklist,omitempty"`
	// LeftDate is when the person left the service (StartDate is when they
	// joined); the accesses and trainings are those of 7.2 a) 2), 4) (access.go).
	LeftDate  model.Date `json:"left_date,omitempty"`
	Accesses  []Access   `json:"accesses,omitempty"`
	Trainings []Training `json:"trainings,omitempty"`
}

// HasNDA reports whether a signed NDA is recorded. A person without one is
// flagged wherever people are listed (6.4 a)).
func (p *Person) HasNDA() bool { return !p.NDASigned.IsZero() }

// EmployerOr is who employs the person: the employer given, or the vendor.
func (p *Person) EmployerOr(vendor string) string {
	if p.Employer != "" {
		return p.Employer
	}
	return vendor
}

// Verdict is the outcome of the person's checklist.
func (p *Person) Verdict() Verdict { return p.Checklist.Verdict(PersonItems) }

// Passes reports whether every condition of 6.1 c) is met for the person.
func (p *Person) Passes() bool { return p.Checklist.Passes(PersonItems) }

type checker struct{ errs model.ValidationError }

func (c *checker) add(field, key string, clause model.Clause, args ...any) {
	c.errs = append(c.errs, model.FieldError{Field: field, Key: key, Args: args, Clause: clause})
}

func (c *checker) text(field, value string, max int) {
	if n := utf8.RuneCountInString(value); n > max {
		c.add(field, "err.too_long", "", max)
	}
	if !utf8.ValidString(value) || strings.ContainsRune(value, 0) {
		c.add(field, "err.bad_text", "")
	}
}

// line is text that must stay on one line: a name, a number.
func (c *checker) line(field, value string, max int) {
	c.text(field, value, max)
	if strings.ContainsAny(value, "\r\n\t") {
		c.add(field, "err.bad_text", "")
	}
}

// Validate checks what must hold before a person is saved. Fields are named
// "person.<field>" and "person.checklist[i].<field>".
func (p *Person) Validate() model.ValidationError {
	c := &checker{}
	if strings.TrimSpace(p.Name) == "" {
		c.add("person.name", "err.required", ClausePerson)
	} else {
		c.line("person.name", p.Name, model.MaxShortText)
	}
	c.line("person.role", p.Role, model.MaxShortText)
	if !p.IDType.Valid() {
		c.add("person.id_type", "screening.err.id_type", ClausePerson, string(p.IDType))
	}
	c.line("person.id_number", p.IDNumber, MaxIDNumber)
	if p.IDNumber != "" && p.IDType == IDUnset {
		c.add("person.id_type", "screening.err.id_type_needed", ClausePerson)
	}
	c.line("person.employer", p.Employer, model.MaxShortText)
	if p.Phone != "" && !model.ValidPhone(p.Phone) {
		c.add("person.phone", "err.phone", "")
	}
	if !p.StartDate.Valid() {
		c.add("person.start_date", "err.date", "")
	}
	if !p.NDASigned.Valid() {
		c.add("person.nda_signed", "err.date", ClauseNDA)
	}
	c.text("person.notes", p.Notes, model.MaxLongText)
	c.errs = append(c.errs, ValidateChecklist(p.Checklist, PersonItems, "person.checklist")...)
	p.validateSupervision(c)
	if len(c.errs) == 0 {
		return nil
	}
	return c.errs
}

// ValidateChecklist checks the answers of one checklist against its items:
// each names an item of the list once, with a known result and evidence of a
// sensible length. Fields are named prefix+"[i].<field>".
func ValidateChecklist(cl Checklist, items []Item, prefix string) model.ValidationError {
	c := &checker{}
	clause := ClauseVendor
	if len(items) > 0 && strings.HasPrefix(items[0].ID, "c") {
		clause = ClausePerson
	}
	seen := map[string]bool{}
	for i, a := range cl {
		f := fmt.Sprintf("%s[%d].", prefix, i)
		switch {
		case !inList(a.Item, items):
			c.add(f+"item", "screening.err.item", clause, a.Item)
		case seen[a.Item]:
			c.add(f+"item", "screening.err.item_twice", clause, a.Item)
		}
		seen[a.Item] = true
		if !a.Result.Valid() {
			c.add(f+"result", "screening.err.result", "", string(a.Result))
		}
		c.text(f+"evidence", a.Evidence, model.MaxLongText)
	}
	if len(c.errs) == 0 {
		return nil
	}
	return c.errs
}

// Screening is everything screened for one engagement: the vendor's checklist
// and the register of service personnel with theirs.
type Screening struct {
	Vendor Checklist `json:"vendor_checklist,omitempty"`
	People []Person  `json:"people,omitempty"`
}

// Empty reports whether nothing has been recorded: no answer about the vendor
// and no person.
func (s *Screening) Empty() bool {
	for _, a := range s.Vendor {
		if a.Recorded() {
			return false
		}
	}
	return len(s.People) == 0
}

// Validate checks the whole record. Fields are named "vendor_checklist[i].…" and
// "person[i].…" (the i-th of People), so that their labels are those of
// Person.Validate.
func (s *Screening) Validate() model.ValidationError {
	errs := ValidateChecklist(s.Vendor, VendorItems, "vendor_checklist")
	for i := range s.People {
		for _, f := range s.People[i].Validate() {
			f.Field = fmt.Sprintf("person[%d].", i) + strings.TrimPrefix(f.Field, "person.")
			errs = append(errs, f)
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// Conflict is an answer of a person's checklist that the person's own record
// contradicts: it is flagged wherever the person is shown and keeps the step
// in progress, never silently accepted.
type Conflict struct {
	Item   string // the checklist item, "c1" or "c6"
	Key    string // catalog message, with the person's name as argument
	Clause model.Clause
}

// Conflicts are the contradictions in the person's record:
//   - 6.1 c) 6) (long-term contract and a signed NDA) "met" while no NDA date is
//     recorded (6.4 a));
//   - 6.1 c) 1) (a Chinese citizen) "met" while the identity document is not a
//     PRC resident identity card (居民身份证), the document of a citizen
//     resident in the mainland: another document does not show it.
func (p *Person) Conflicts() []Conflict {
	var out []Conflict
	if p.Checklist.Answer("c1").Result == Met && p.IDType != IDResident {
		out = append(out, Conflict{Item: "c1", Key: "screening.conflict.c1_id_type", Clause: "GB/T 32926—2016 6.1 c) 1)"})
	}
	if p.Checklist.Answer("c6").Result == Met && !p.HasNDA() {
		out = append(out, Conflict{Item: "c6", Key: "screening.conflict.c6_no_nda", Clause: "GB/T 32926—2016 6.1 c) 6); 6.4 a)"})
	}
	return out
}

// WithoutNDA counts the people with no signed NDA recorded.
func (s *Screening) WithoutNDA() int {
	n := 0
	for i := range s.People {
		if !s.People[i].HasNDA() {
			n++
		}
	}
	return n
}

// LifecycleState is what the screening reports to the lifecycle for the step
// "screening" (model.StepScreening): not started while nothing is recorded;
// done when the vendor meets every condition of 6.1 b) and there are service
// people, each meeting every condition of 6.1 c); otherwise in progress. The
// blocks name every condition not met, with its clause, and the want of
// people; an item still unknown keeps the step in progress without a block.
func (s *Screening) LifecycleState() (model.State, []model.Block) {
	if s.Empty() {
		return model.NotStarted, nil
	}
	var blocks []model.Block
	done := true
	for _, it := range VendorItems {
		switch s.Vendor.Answer(it.ID).Result {
		case Met:
		case NotMet:
			blocks = append(blocks, model.Block{Key: it.BlockKey(), Clause: it.Clause})
			done = false
		default:
			done = false
		}
	}
	if len(s.People) == 0 {
		// 6.1 a), c): the service personnel are identified and assessed too;
		// a vendor alone does not complete the step.
		blocks = append(blocks, model.Block{Key: "screening.block.no_people", Clause: ClauseIdentify})
		done = false
	}
	for i := range s.People {
		p := &s.People[i]
		for _, it := range PersonItems {
			switch p.Checklist.Answer(it.ID).Result {
			case Met:
			case NotMet:
				blocks = append(blocks, model.Block{Key: it.BlockKey(), Args: []any{p.Name}, Clause: it.Clause})
				done = false
			default:
				done = false
			}
		}
		for _, c := range p.Conflicts() {
			blocks = append(blocks, model.Block{Key: c.Key, Args: []any{p.Name}, Clause: c.Clause})
			done = false
		}
	}
	if done {
		return model.Done, nil
	}
	return model.InProgress, blocks
}

// Facts puts the screening's state and blocks into f, for model.Lifecycle.
func (s *Screening) Facts(f *model.Facts) {
	state, blocks := s.LifecycleState()
	if f.States == nil {
		f.States = map[model.StepID]model.State{}
	}
	f.States[model.StepScreening] = state
	if len(blocks) > 0 {
		if f.Blocks == nil {
			f.Blocks = map[model.StepID][]model.Block{}
		}
		f.Blocks[model.StepScreening] = blocks
	} else if f.Blocks != nil {
		delete(f.Blocks, model.StepScreening)
	}
}
