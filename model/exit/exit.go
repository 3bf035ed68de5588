// Package exit is the service exit of GB/T 32926—2016 8.2 a)–d), with the
// contract's exit strategy (6.2.2) and, for a government website on cloud
// services, seed 001 clause 9: the exit record (trigger, planned dates,
// successor), the checklist generated from the contract's clauses, the
// handover and destruction inventory with its checksums and dispositions,
// the destruction's authorisation and deletion plan, and the rules that keep
// the exit open, each with its clause. Pure: no SQL, no files.
package exit

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"outsec/model"
	"outsec/model/contract"
)

func std(s string) model.Clause   { return model.Clause(contract.Std + " " + s) }
func cloud(s string) model.Clause { return model.Clause(contract.CloudStd + " " + s) }

// Clauses of the rules.
var (
	ClauseTerminate   = std("8.2 a)")
	ClauseStrategy    = std("8.2 b), 6.2.2")
	ClauseDisposed    = std("8.2 c)")
	ClauseReport      = std("8.2 d)")
	ClauseTrigger     = std("6.2.2 a) 1)–4), 8.2 a)")
	ClauseSuccessor   = cloud("9.2.1 d)")
	ClauseReceive     = cloud("9.2.1 a)–b)")
	ClauseInventory   = cloud("9.2.2 a), 9.3.3 a)–d)")
	ClauseMedia       = cloud("9.2.2 b)–c)")
	ClauseAuthorised  = cloud("9.3.5 a)")
	ClauseDeletePlan  = cloud("9.3.5 b)")
	ClauseAccess      = model.Clause(contract.CloudStd + " 9.3.1 d), " + contract.Std + " 附录 A A.4 b)")
	ClauseFindings    = std("8.2 a), 8.1 b)")
	ClauseConfidentia = std("6.2.2 b) 4)")
	ClauseConfirm     = cloud("9.2.2 b)")
)

// Trigger is why the service ends.
type Trigger string

const (
	TriggerExpiry       Trigger = "expiry"     // 6.2.2 a) 1) the contract expires
	TriggerFailure      Trigger = "failure"    // 6.2.2 a) 2) a failure not fixed in time
	TriggerNegotiated   Trigger = "negotiated" // 6.2.2 a) 3) cancellation agreed
	TriggerChange       Trigger = "change"     // 6.2.2 a) 4) the contract changes
	TriggerAuditFinding Trigger = "audit"      // 8.2 a) problems an audit found, with the finding
)

// Triggers lists the triggers in the order the screens offer them.
var Triggers = []Trigger{TriggerExpiry, TriggerFailure, TriggerNegotiated, TriggerChange, TriggerAuditFinding}

// Valid reports whether t is one of Triggers.
func (t Trigger) Valid() bool {
	for _, x := range Triggers {
		if x == t {
			return true
		}
	}
	return false
}

// Key is the catalog key of the trigger's name.
func (t Trigger) Key() string { return "exits.trigger." + string(t) }

// Clause is the clause that names the trigger.
func (t Trigger) Clause() model.Clause {
	switch t {
	case TriggerExpiry:
		return std("6.2.2 a) 1)")
	case TriggerFailure:
		return std("6.2.2 a) 2)")
	case TriggerNegotiated:
		return std("6.2.2 a) 3)")
	case TriggerChange:
		return std("6.2.2 a) 4)")
	}
	return ClauseTerminate
}

// Successor is who runs the service after the exit.
type Successor string

const (
	SuccessorSelf   Successor = "self"   // the department itself
	SuccessorVendor Successor = "vendor" // a new vendor: secure migration (seed 001 9.2.1 d))
)

// Valid reports whether s is a successor.
func (s Successor) Valid() bool { return s == SuccessorSelf || s == SuccessorVendor }

// Key is the catalog key of the successor's kind.
func (s Successor) Key() string { return "exits.successor." + string(s) }

// Exit is the exit record of one engagement.
type Exit struct {
	Trigger   Trigger `json:"trigger"`
	FindingID int64   `json:"finding_id,omitempty"` // TriggerAuditFinding: the finding (8.2 a))
	Reason    string  `json:"reason,omitempty"`
	// PlannedStart and PlannedEnd: when the exit is to begin and be complete.
	PlannedStart  model.Date `json:"planned_start"`
	PlannedEnd    model.Date `json:"planned_end"`
	Successor     Successor  `json:"successor"`
	SuccessorName string     `json:"successor_name,omitempty"`
	StartedOn     model.Date `json:"started_on"`
	StartedBy     string     `json:"started_by"`
	// Destruction (cloud: seed 001 9.3.5 a)–b)): the client's written
	// authorisation and the deletion plan come before any destruction.
	AuthorisedBy  string     `json:"authorised_by,omitempty"`
	AuthorisedOn  model.Date `json:"authorised_on,omitempty"`
	AuthorisedRef string     `json:"authorised_ref,omitempty"`
	DeletionPlan  string     `json:"deletion_plan,omitempty"`
	// The vendor's signed confirmation of the destruction (9.2.2 b)).
	ConfirmedBy string     `json:"confirmed_by,omitempty"`
	ConfirmedOn model.Date `json:"confirmed_on,omitempty"`
	// Open findings carried over by the leader's decision (8.2 a), 8.1).
	CarryOver   string `json:"carry_over,omitempty"`
	CarryOverBy string `json:"carry_over_by,omitempty"`
	// The exit report acknowledged by the leader (8.2 d)).
	AckBy string     `json:"ack_by,omitempty"`
	AckOn model.Date `json:"ack_on,omitempty"`
}

// Authorised reports whether the written authorisation to delete is recorded.
func (x *Exit) Authorised() bool { return x.AuthorisedBy != "" && x.AuthorisedOn != "" }

// CheckStatus is where a checklist item stands.
type CheckStatus string

const (
	CheckOpen CheckStatus = ""
	CheckDone CheckStatus = "done"
	CheckNA   CheckStatus = "na" // not applicable, with a note
)

// Valid reports whether s is a status.
func (s CheckStatus) Valid() bool { return s == CheckOpen || s == CheckDone || s == CheckNA }

// Key is the catalog key of the status.
func (s CheckStatus) Key() string {
	if s == CheckOpen {
		return "exits.check.open"
	}
	return "exits.check." + string(s)
}

// CheckDef is one item of the exit checklist: a contract clause to carry out,
// or a duty of seed 001 9.3.1.
type CheckDef struct {
	ID     string // the contract item ("exit.b3", "cloud.f", "data.deletion") or "duty.c" …
	Clause model.Clause
	Title  contract.Text
}

// duties are the client's duties at exit of seed 001 9.3.1 c)–f) that no
// contract item covers.
var duties = []CheckDef{
	{"duty.c", cloud("9.3.1 c)"), contract.Text{ZH: "退出后业务的可用性和持续性", EN: "Availability and continuity of the service after exit"}},
	{"duty.d", cloud("9.3.1 d)"), contract.Text{ZH: "取消云服务商的物理和电子访问权限", EN: "Revoke the provider's physical and electronic access"}},
	{"duty.e", cloud("9.3.1 e)"), contract.Text{ZH: "提醒云服务商退出后仍应承担的责任和义务（如保密）", EN: "Remind the provider of the duties that last after exit (such as confidentiality)"}},
	{"duty.f", ClauseAuthorised, contract.Text{ZH: "数据仅在书面授权后删除", EN: "Data deleted only on written authorisation"}},
}

// Checklist is the exit checklist of an engagement (服务退出检查单): every
// exit.* clause of the contract (6.2.2), and for cloud engagements cloud.f,
// the data.* clauses and the duties of seed 001 9.3.1.
func Checklist(isCloud bool) []CheckDef {
	var out []CheckDef
	for _, it := range contract.ItemsFor(isCloud) {
		if strings.HasPrefix(it.ID, "exit.") || (isCloud && (it.ID == "cloud.f" || strings.HasPrefix(it.ID, "data."))) {
			out = append(out, CheckDef{ID: it.ID, Clause: it.Clause, Title: it.Name})
		}
	}
	if isCloud {
		out = append(out, duties...)
	}
	return out
}

// CheckDefByID finds a checklist item of either kind of engagement.
func CheckDefByID(id string) (CheckDef, bool) {
	for _, d := range Checklist(true) {
		if d.ID == id {
			return d, true
		}
	}
	return CheckDef{}, false
}

// Check is the record of one checklist item.
type Check struct {
	ID        string      `json:"id"`
	Status    CheckStatus `json:"status"`
	Note      string      `json:"note,omitempty"`
	Evidence  string      `json:"evidence,omitempty"`
	On        model.Date  `json:"on,omitempty"`
	CheckedBy string      `json:"checked_by,omitempty"`
}

// ItemType is the kind of a handover item (seed 001 9.3.3 a)–d)).
type ItemType string

const (
	TypeData      ItemType = "data"
	TypeDocument  ItemType = "document"
	TypeCode      ItemType = "code" // executables, source, design documents, manuals, environment
	TypeAccount   ItemType = "account"
	TypeMedium    ItemType = "medium"
	TypeEquipment ItemType = "equipment"
	TypeOther     ItemType = "other"
)

// ItemTypes lists the types.
var ItemTypes = []ItemType{TypeData, TypeDocument, TypeCode, TypeAccount, TypeMedium, TypeEquipment, TypeOther}

// Valid reports whether t is one of ItemTypes.
func (t ItemType) Valid() bool {
	for _, x := range ItemTypes {
		if x == t {
			return true
		}
	}
	return false
}

// Key is the catalog key of the type.
func (t ItemType) Key() string { return "exits.type." + string(t) }

// Holds reports whether destroying an item of this type clears or destroys
// a storage medium (seed 001 9.2.2 b)–c)).
func (t ItemType) Holds() bool { return t == TypeData || t == TypeMedium || t == TypeEquipment }

// Disposition is what became of an item.
type Disposition string

const (
	Undisposed Disposition = ""
	HandedBack Disposition = "handed_back"
	Destroyed  Disposition = "destroyed"
)

// Valid reports whether d is a disposition.
func (d Disposition) Valid() bool { return d == Undisposed || d == HandedBack || d == Destroyed }

// Key is the catalog key of the disposition.
func (d Disposition) Key() string {
	if d == Undisposed {
		return "exits.disp.none"
	}
	return "exits.disp." + string(d)
}

// CheckState is the receiving check of an item (seed 001 9.2.1 a)–b)).
type CheckState string

const (
	Unchecked CheckState = ""
	Matched   CheckState = "matched"
	Changed   CheckState = "changed"
	Missing   CheckState = "missing"
)

// Key is the catalog key of the state.
func (c CheckState) Key() string {
	if c == Unchecked {
		return "exits.recv.unchecked"
	}
	return "exits.recv." + string(c)
}

// Item is one entry of the handover and destruction inventory (数据移交清单).
type Item struct {
	ID          int64    `json:"id"`
	Type        ItemType `json:"type"`
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	Format      string   `json:"format,omitempty"`
	Size        int64    `json:"size"`
	SHA256      string   `json:"sha256,omitempty"`
	SM3         string   `json:"sm3,omitempty"`
	Sensitive   bool     `json:"sensitive"`
	// Location is where the item is: for a file added from a folder, its
	// path under that folder, with "/" ("db/2026/orders.csv").
	Location string `json:"location,omitempty"`

	Disposition  Disposition `json:"disposition,omitempty"`
	DisposedOn   model.Date  `json:"disposed_on,omitempty"`
	Method       string      `json:"method,omitempty"`
	Witness      string      `json:"witness,omitempty"`
	MediaCleared bool        `json:"media_cleared,omitempty"`
	Evidence     string      `json:"evidence,omitempty"`
	VerifiedBy   string      `json:"verified_by,omitempty"`
	Received     CheckState  `json:"received,omitempty"`
}

// Disposal is what a user records of one or more items at once.
type Disposal struct {
	Disposition  Disposition
	On           model.Date
	Method       string
	Witness      string
	MediaCleared bool
	Evidence     string
	VerifiedBy   string
}

// Validation keys.
const (
	KeyRequired     = "err.required"
	KeyTooLong      = "err.too_long"
	KeyBadDate      = "err.date"
	KeyBadTrigger   = "exits.err.trigger"
	KeyNeedFinding  = "exits.err.finding"
	KeyBadSuccessor = "exits.err.successor"
	KeyDatesOrder   = "exits.err.dates_order"
	KeyNANote       = "exits.err.na_note"
	KeyBadType      = "exits.err.type"
	KeyBadDisp      = "exits.err.disposition"
	KeyUnauthorised = "exits.err.unauthorised"
	KeyNoPlan       = "exits.err.no_plan"
	KeyDigest       = "exits.err.digest"
	KeyNoCheck      = "exits.err.no_check"
)

type checker struct{ errs model.ValidationError }

func (c *checker) add(field, key string, clause model.Clause, args ...any) {
	c.errs = append(c.errs, model.FieldError{Field: field, Key: key, Args: args, Clause: clause})
}

func (c *checker) text(field, v string, max int, required bool, clause model.Clause) {
	if required && strings.TrimSpace(v) == "" {
		c.add(field, KeyRequired, clause)
	} else if utf8.RuneCountInString(v) > max {
		c.add(field, KeyTooLong, clause, max)
	}
}

func (c *checker) date(field string, d model.Date, required bool, clause model.Clause) {
	if d == "" {
		if required {
			c.add(field, KeyRequired, clause)
		}
		return
	}
	if !d.Valid() {
		c.add(field, KeyBadDate, clause)
	}
}

// Normalise trims the record's text.
func (x *Exit) Normalise() {
	for _, p := range []*string{&x.Reason, &x.SuccessorName, &x.AuthorisedBy, &x.AuthorisedRef, &x.DeletionPlan,
		&x.ConfirmedBy, &x.CarryOver, &x.CarryOverBy, &x.AckBy, &x.StartedBy} {
		*p = strings.TrimSpace(*p)
	}
	x.Trigger = Trigger(strings.TrimSpace(string(x.Trigger)))
	x.Successor = Successor(strings.TrimSpace(string(x.Successor)))
}

// Validate is what must hold to save the exit record.
func (x *Exit) Validate() model.ValidationError {
	var c checker
	if !x.Trigger.Valid() {
		c.add("exit.trigger", KeyBadTrigger, ClauseTrigger)
	}
	if x.Trigger == TriggerAuditFinding && x.FindingID <= 0 {
		c.add("exit.finding", KeyNeedFinding, ClauseTerminate)
	}
	c.text("exit.reason", x.Reason, model.MaxLongText, false, ClauseTrigger)
	c.date("exit.planned_start", x.PlannedStart, true, ClauseStrategy)
	c.date("exit.planned_end", x.PlannedEnd, true, ClauseStrategy)
	if x.PlannedStart.Valid() && x.PlannedEnd.Valid() && x.PlannedEnd.Before(x.PlannedStart) {
		c.add("exit.planned_end", KeyDatesOrder, ClauseStrategy)
	}
	if !x.Successor.Valid() {
		c.add("exit.successor", KeyBadSuccessor, ClauseSuccessor)
	}
	c.text("exit.successor_name", x.SuccessorName, model.MaxShortText, x.Successor == SuccessorVendor, ClauseSuccessor)
	c.text("exit.authorised_by", x.AuthorisedBy, model.MaxShortText, x.AuthorisedOn != "", ClauseAuthorised)
	c.date("exit.authorised_on", x.AuthorisedOn, x.AuthorisedBy != "", ClauseAuthorised)
	c.text("exit.authorised_ref", x.AuthorisedRef, model.MaxShortText, false, ClauseAuthorised)
	c.text("exit.deletion_plan", x.DeletionPlan, model.MaxLongText, false, ClauseDeletePlan)
	c.text("exit.confirmed_by", x.ConfirmedBy, model.MaxShortText, x.ConfirmedOn != "", ClauseConfirm)
	c.date("exit.confirmed_on", x.ConfirmedOn, x.ConfirmedBy != "", ClauseConfirm)
	c.text("exit.carry_over", x.CarryOver, model.MaxLongText, x.CarryOverBy != "", ClauseFindings)
	c.text("exit.carry_over_by", x.CarryOverBy, model.MaxShortText, x.CarryOver != "", ClauseFindings)
	c.text("exit.ack_by", x.AckBy, model.MaxShortText, x.AckOn != "", ClauseReport)
	c.date("exit.ack_on", x.AckOn, x.AckBy != "", ClauseReport)
	return c.errs
}

// Validate is what must hold to record a checklist item.
func (k *Check) Validate() model.ValidationError {
	var c checker
	def, ok := CheckDefByID(k.ID)
	if !ok {
		c.add("exit_check.id", KeyNoCheck, ClauseStrategy, k.ID)
		return c.errs
	}
	if !k.Status.Valid() {
		c.add("exit_check.status", KeyBadDisp, def.Clause)
	}
	// A clause that does not apply says why (as in the contract review, 6.2.2).
	if k.Status == CheckNA && strings.TrimSpace(k.Note) == "" {
		c.add("exit_check.note", KeyNANote, def.Clause)
	}
	c.text("exit_check.note", k.Note, model.MaxLongText, false, def.Clause)
	c.text("exit_check.evidence", k.Evidence, model.MaxShortText, false, def.Clause)
	c.date("exit_check.on", k.On, k.Status != CheckOpen, def.Clause)
	return c.errs
}

// Normalise trims the item's text and fills its defaults.
func (it *Item) Normalise() {
	for _, p := range []*string{&it.Name, &it.Description, &it.Format, &it.Location, &it.Method, &it.Witness, &it.Evidence, &it.VerifiedBy} {
		*p = strings.TrimSpace(*p)
	}
	it.SHA256, it.SM3 = strings.ToLower(strings.TrimSpace(it.SHA256)), strings.ToLower(strings.TrimSpace(it.SM3))
	if it.Type == "" {
		it.Type = TypeData
	}
}

func hex64(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
			return false
		}
	}
	return true
}

// Validate is what must hold to save an inventory item (seed 001 9.3.3 a)).
func (it *Item) Validate() model.ValidationError {
	var c checker
	if !it.Type.Valid() {
		c.add("exit_item.type", KeyBadType, ClauseInventory)
	}
	c.text("exit_item.name", it.Name, model.MaxShortText, true, ClauseInventory)
	c.text("exit_item.description", it.Description, model.MaxLongText, false, ClauseInventory)
	c.text("exit_item.format", it.Format, model.MaxShortText, false, ClauseInventory)
	c.text("exit_item.location", it.Location, model.MaxLongText, false, ClauseInventory)
	if it.Size < 0 {
		c.add("exit_item.size", KeyBadDisp, ClauseInventory)
	}
	if it.SHA256 != "" && !hex64(it.SHA256) {
		c.add("exit_item.sha256", KeyDigest, ClauseInventory, "SHA-256")
	}
	if it.SM3 != "" && !hex64(it.SM3) {
		c.add("exit_item.sm3", KeyDigest, ClauseInventory, "SM3")
	}
	if !it.Disposition.Valid() {
		c.add("exit_item.disposition", KeyBadDisp, ClauseDisposed)
	}
	c.date("exit_item.disposed_on", it.DisposedOn, it.Disposition != Undisposed, ClauseDisposed)
	c.text("exit_item.method", it.Method, model.MaxShortText, it.Disposition == Destroyed, ClauseMedia)
	c.text("exit_item.witness", it.Witness, model.MaxShortText, it.Disposition == Destroyed, ClauseMedia)
	c.text("exit_item.evidence", it.Evidence, model.MaxShortText, false, ClauseDisposed)
	c.text("exit_item.verified_by", it.VerifiedBy, model.MaxShortText, false, ClauseDisposed)
	return c.errs
}

// Apply records d on the item, checking what the exit requires first: for a
// cloud engagement nothing is destroyed before the client's written
// authorisation (seed 001 9.3.5 a)) and the deletion plan (9.3.5 b)).
// Clearing the disposition (Undisposed) clears its record.
func (it *Item) Apply(x *Exit, isCloud bool, d Disposal) model.ValidationError {
	var c checker
	if !d.Disposition.Valid() {
		c.add("exit_item.disposition", KeyBadDisp, ClauseDisposed)
		return c.errs
	}
	if d.Disposition == Destroyed && isCloud {
		if !x.Authorised() {
			c.add("exit_item.disposition", KeyUnauthorised, ClauseAuthorised)
		}
		if strings.TrimSpace(x.DeletionPlan) == "" {
			c.add("exit_item.disposition", KeyNoPlan, ClauseDeletePlan)
		}
		if c.errs != nil {
			return c.errs
		}
	}
	if d.Disposition == Undisposed {
		d = Disposal{}
	}
	it.Disposition, it.DisposedOn, it.Method, it.Witness = d.Disposition, d.On, d.Method, d.Witness
	it.MediaCleared, it.Evidence, it.VerifiedBy = d.MediaCleared, d.Evidence, d.VerifiedBy
	it.Normalise()
	return it.Validate()
}

// Summary counts the inventory.
type Summary struct {
	Items, HandedBack, Destroyed, Undisposed int
	// Unproven: disposed without evidence or without a verification (8.2 c)).
	Unproven int
	// NotCleared: destroyed data, media or equipment without the media
	// cleared (seed 001 9.2.2 b)–c)).
	NotCleared int
	// Changed and Missing: items handed back that failed the receiving check.
	Matched, Changed, Missing int
	Bytes                     int64
	Sensitive                 int
	// First names an item of each problem, for the block's message.
	FirstUndisposed, FirstUnproven, FirstNotCleared, FirstBadCheck string
}

// Summarise counts items.
func Summarise(items []Item) Summary {
	var s Summary
	for i := range items {
		it := &items[i]
		s.Items++
		s.Bytes += it.Size
		if it.Sensitive {
			s.Sensitive++
		}
		switch it.Received {
		case Matched:
			s.Matched++
		case Changed:
			s.Changed++
		case Missing:
			s.Missing++
		}
		label := it.Label()
		switch it.Disposition {
		case Undisposed:
			s.Undisposed++
			if s.FirstUndisposed == "" {
				s.FirstUndisposed = label
			}
			continue
		case HandedBack:
			s.HandedBack++
			if (it.Received == Changed || it.Received == Missing) && s.FirstBadCheck == "" {
				s.FirstBadCheck = label
			}
		case Destroyed:
			s.Destroyed++
			if it.Type.Holds() && !it.MediaCleared {
				s.NotCleared++
				if s.FirstNotCleared == "" {
					s.FirstNotCleared = label
				}
			}
		}
		if it.Evidence == "" || it.VerifiedBy == "" {
			s.Unproven++
			if s.FirstUnproven == "" {
				s.FirstUnproven = label
			}
		}
	}
	return s
}

// BadChecks counts handed-back items whose receiving check failed.
func (s Summary) BadChecks(items []Item) int {
	n := 0
	for i := range items {
		if items[i].Disposition == HandedBack && (items[i].Received == Changed || items[i].Received == Missing) {
			n++
		}
	}
	return n
}

// Label names an item in messages: its location, or its name.
func (it *Item) Label() string {
	if it.Location != "" {
		return it.Location
	}
	return it.Name
}

// State is everything the rules look at for one engagement's exit.
type State struct {
	Exit   *Exit // nil: not started
	Cloud  bool
	Checks []Check // as recorded; items of the checklist not recorded are open
	Items  []Item
	// OpenAccess names the people whose accounts or access are not all
	// revoked (9.3.1 d), A.4 b)); nil when the people register does not say.
	OpenAccess []string
	// OpenFindings counts the engagement's findings neither closed nor
	// dismissed.
	OpenFindings int
}

// Blocks lists every reason the exit is not complete, each with its clause.
func (s *State) Blocks() []model.Block {
	if s.Exit == nil {
		return nil
	}
	var out []model.Block
	add := func(key string, clause model.Clause, args ...any) {
		out = append(out, model.Block{Key: key, Args: args, Clause: clause})
	}
	recorded := map[string]Check{}
	for _, c := range s.Checks {
		recorded[c.ID] = c
	}
	// The open items in one block, named (8.2 b): the contract's exit
	// strategy carried out); one item alone carries its own clause.
	var open []string
	var clause model.Clause
	for _, d := range Checklist(s.Cloud) {
		if c := recorded[d.ID]; c.Status == CheckOpen {
			open = append(open, d.ID)
			clause = d.Clause
		}
	}
	if len(open) > 1 {
		clause = ClauseStrategy
	}
	if len(open) > 0 {
		add("exits.block.check_open", clause, len(open), strings.Join(open, ", "))
	}
	sum := Summarise(s.Items)
	if sum.Items == 0 {
		add("exits.block.no_items", ClauseInventory)
	}
	if sum.Undisposed > 0 {
		add("exits.block.undisposed", ClauseDisposed, sum.Undisposed, sum.FirstUndisposed)
	}
	if sum.Unproven > 0 {
		add("exits.block.unproven", ClauseDisposed, sum.Unproven, sum.FirstUnproven)
	}
	if n := sum.BadChecks(s.Items); n > 0 {
		add("exits.block.bad_check", ClauseReceive, n, sum.FirstBadCheck)
	}
	if sum.NotCleared > 0 {
		add("exits.block.media", ClauseMedia, sum.NotCleared, sum.FirstNotCleared)
	}
	if sum.Destroyed > 0 && (s.Exit.ConfirmedBy == "" || s.Exit.ConfirmedOn == "") {
		add("exits.block.unconfirmed", ClauseConfirm)
	}
	for _, name := range s.OpenAccess {
		add("exits.block.access", ClauseAccess, name)
	}
	if s.OpenFindings > 0 && s.Exit.CarryOver == "" {
		add("exits.block.findings", ClauseFindings, s.OpenFindings)
	}
	if s.Exit.AckBy == "" || s.Exit.AckOn == "" {
		add("exits.block.unacknowledged", ClauseReport)
	}
	return out
}

// LifecycleState is the state of the step "exit" (8.2): not started without
// an exit record, done when nothing blocks it, in progress otherwise.
func (s *State) LifecycleState() (model.State, []model.Block) {
	if s.Exit == nil {
		return model.NotStarted, nil
	}
	b := s.Blocks()
	if len(b) == 0 {
		return model.Done, nil
	}
	return model.InProgress, b
}

// ConfidentialityEnd is the day the confidentiality that outlasts the
// contract ends: the contract's end (end) plus the contract's
// confidentiality_period (6.2.2 b) 4), e.g. "5y"). ok is false when either
// is missing or unreadable.
func ConfidentialityEnd(end model.Date, period string) (model.Date, bool) {
	if end == "" || !end.Valid() {
		return "", false
	}
	i := 0
	for i < len(period) && period[i] >= '0' && period[i] <= '9' {
		i++
	}
	n, err := strconv.Atoi(period[:i])
	if i == 0 || err != nil {
		return "", false
	}
	t := end.Time()
	switch period[i:] {
	case "y":
		t = t.AddDate(n, 0, 0)
	case "mo":
		t = t.AddDate(0, n, 0)
	case "w":
		t = t.AddDate(0, 0, 7*n)
	case "d":
		t = t.AddDate(0, 0, n)
	case "wd":
		for n > 0 {
			t = t.AddDate(0, 0, 1)
			if wd := t.Weekday(); wd != time.Saturday && wd != time.Sunday {
				n--
			}
		}
	case "h", "min":
		// less than a day: the contract's end itself
	default:
		return "", false
	}
	return model.Date(t.Format(model.DateLayout)), true
}

// Record is everything of one engagement's exit, as a case file carries it.
type Record struct {
	Exit   Exit    `json:"exit"`
	Checks []Check `json:"checks"`
	Items  []Item  `json:"items,omitempty"`
}

// RecordProblem is one thing wrong with a Record, at its path under the
// record.
type RecordProblem struct {
	Path   string
	Label  string
	Key    string
	Args   []any
	Clause model.Clause
}

// Check is what must hold of a record read from a file: the exit, each
// checklist item and each inventory item valid, no checklist item twice.
func (r *Record) Check() []RecordProblem {
	var out []RecordProblem
	add := func(prefix string, v model.ValidationError) {
		for _, f := range v {
			field := f.Field
			for _, p := range []string{"exit.", "exit_check.", "exit_item."} {
				field = strings.TrimPrefix(field, p)
			}
			out = append(out, RecordProblem{Path: prefix + field, Label: f.LabelKey(), Key: f.Key, Args: f.Args, Clause: f.Clause})
		}
	}
	x := r.Exit
	x.Normalise()
	if x.StartedOn == "" || !x.StartedOn.Valid() {
		out = append(out, RecordProblem{Path: "exit.started_on", Label: "field.exit", Key: KeyBadDate, Clause: ClauseStrategy})
	}
	add("exit.", x.Validate())
	seen := map[string]bool{}
	for i := range r.Checks {
		c := r.Checks[i]
		if seen[c.ID] {
			out = append(out, RecordProblem{Path: "checks[" + strconv.Itoa(i) + "].id", Label: "field.exit_check.id", Key: KeyNoCheck, Args: []any{c.ID}, Clause: ClauseStrategy})
		}
		seen[c.ID] = true
		add("checks["+strconv.Itoa(i)+"].", c.Validate())
	}
	for i := range r.Items {
		it := r.Items[i]
		it.Normalise()
		add("items["+strconv.Itoa(i)+"].", it.Validate())
	}
	return out
}
