// Package findings is the one register of problems found in an engagement
// and what is done about them (GB/T 32926—2016 8.1 a)–e)): every finding of
// the process assessment (7.1), the deliverable verification (7.2), the
// on-site inspection (annex A), an incident (A.7, 8.1 e)), the exit (8.2) or
// entered by hand, each with its corrective action (整改措施), its evidence,
// its verification and the comparison that confirms the effect (8.1 d)).
// The incident register (安全事件) is incidents.go. Pure: no SQL, no files.
package findings

import (
	"strings"
	"time"
	"unicode/utf8"

	"outsec/model"
)

// Clauses the rules of the register come from.
const (
	Clause        model.Clause = "GB/T 32926—2016 8.1"
	ClauseA       model.Clause = "GB/T 32926—2016 8.1 a)"
	ClauseNotice  model.Clause = "GB/T 32926—2016 8.1 b)"
	ClauseAdjust  model.Clause = "GB/T 32926—2016 8.1 c)"
	ClauseCompare model.Clause = "GB/T 32926—2016 8.1 d)"
	ClauseCause   model.Clause = "GB/T 32926—2016 8.1 e)"
	ClauseReport  model.Clause = "GB/T 32926—2016 A.7 c)"
	ClauseFixVul  model.Clause = "GB/T 32926—2016 A.7 d)"
)

// Source is where a finding comes from. A finding links to the record it
// came from by (Source, SourceID); the workflows of the later issues (the
// process assessment, the deliverable verification, the inspection, the
// exit) write their findings with their own source and record id.
type Source string

const (
	SourceManual     Source = "manual"        // entered by hand
	SourceIncident   Source = "incident"      // an incident's cause analysis (8.1 e))
	SourceAssessment Source = "process_audit" // the process assessment and audit (7.1 d), 8.1 a))
	SourceDelivery   Source = "delivery"      // deliverable verification (7.2 b), 8.1 b))
	SourceInspection Source = "inspection"    // an on-site inspection item (annex A)
	SourceExit       Source = "exit"          // the service exit (8.2 a))
)

// Sources lists the sources in the order the screens offer them.
var Sources = []Source{SourceManual, SourceIncident, SourceAssessment, SourceDelivery, SourceInspection, SourceExit}

// Valid reports whether s is one of Sources.
func (s Source) Valid() bool {
	for _, x := range Sources {
		if x == s {
			return true
		}
	}
	return false
}

// Key is the catalog key of the source's name.
func (s Source) Key() string { return "findings.source." + string(s) }

// Severity is one of four levels, 1 (low) to 4 (critical).
type Severity int

const (
	Low Severity = iota + 1
	Medium
	High
	Critical
)

// Severities lists the levels from low to critical.
var Severities = []Severity{Low, Medium, High, Critical}

func (s Severity) Valid() bool { return s >= Low && s <= Critical }

// Key is the catalog key of the level's name.
func (s Severity) Key() string {
	if !s.Valid() {
		return "findings.severity.none"
	}
	return "findings.severity." + string(rune('0'+int(s)))
}

// Position is the vendor's position on a finding.
type Position string

const (
	PositionNone     Position = ""
	PositionAgrees   Position = "agrees"
	PositionDisputes Position = "disputes"
)

func (p Position) Valid() bool {
	return p == PositionNone || p == PositionAgrees || p == PositionDisputes
}

func (p Position) Key() string {
	if p == PositionNone {
		return "findings.position.none"
	}
	return "findings.position." + string(p)
}

// State is where a finding stands.
type State string

const (
	Open            State = "open"             // 待处理
	NoticeSent      State = "notice_sent"      // 已发整改通知 (8.1 b))
	InRectification State = "in_rectification" // 整改中
	Reported        State = "reported"         // 已报整改结果
	Closed          State = "closed"           // 已验证关闭
	Dismissed       State = "dismissed"        // 已撤销
)

// States lists the states in their order.
var States = []State{Open, NoticeSent, InRectification, Reported, Closed, Dismissed}

func (s State) Valid() bool {
	for _, x := range States {
		if x == s {
			return true
		}
	}
	return false
}

func (s State) Key() string { return "findings.state." + string(s) }

// Final reports whether nothing more happens to a finding in state s.
func (s State) Final() bool { return s == Closed || s == Dismissed }

// transitions are the moves a finding can make. Closing (verified closed) is
// only from "rectification reported", and "reported" may go back to "in
// rectification" when the verification finds the fix wanting.
var transitions = map[State][]State{
	Open:            {NoticeSent, InRectification, Dismissed},
	NoticeSent:      {InRectification, Reported, Dismissed},
	InRectification: {Reported, Dismissed},
	Reported:        {Closed, InRectification, Dismissed},
}

// Next lists the states a finding in s can move to.
func (s State) Next() []State { return append([]State(nil), transitions[s]...) }

// CanMove reports whether a finding can move from s to t.
func (s State) CanMove(t State) bool {
	for _, x := range transitions[s] {
		if x == t {
			return true
		}
	}
	return false
}

// ActionStatus is where the corrective action stands.
type ActionStatus string

const (
	ActionPlanned    ActionStatus = "planned"
	ActionInProgress ActionStatus = "in_progress"
	ActionDone       ActionStatus = "done"
)

var ActionStatuses = []ActionStatus{ActionPlanned, ActionInProgress, ActionDone}

func (a ActionStatus) Valid() bool {
	return a == ActionPlanned || a == ActionInProgress || a == ActionDone
}

func (a ActionStatus) Key() string { return "findings.action_status." + string(a) }

// Action is the corrective action (整改措施) of a finding.
type Action struct {
	Measure  string       `json:"measure,omitempty"`
	Owner    string       `json:"owner,omitempty"` // the department or the vendor
	Deadline model.Date   `json:"deadline,omitempty"`
	Cost     string       `json:"cost,omitempty"` // as written: 3000 元, 2 人日
	Status   ActionStatus `json:"status,omitempty"`

	// 8.1 b): the rectification notice to the vendor.
	NoticeDate     model.Date `json:"notice_date,omitempty"`
	NoticeDeadline model.Date `json:"notice_deadline,omitempty"`
	NoticeDocument string     `json:"notice_document,omitempty"` // the document number

	// 8.1 c): controls to change, policy and rules to revise. ChangeAt is
	// when "yes" was recorded (the plan and the risk assessment need an
	// update from then on).
	ControlsChange bool      `json:"controls_change,omitempty"`
	PolicyRevised  bool      `json:"policy_revised,omitempty"`
	ChangeNote     string    `json:"change_note,omitempty"`
	ChangeAt       time.Time `json:"change_at,omitzero"`

	// 8.1 d): the comparison that confirms the effect.
	Before    string     `json:"before,omitempty"`
	Target    string     `json:"target,omitempty"`
	CheckDate model.Date `json:"check_date,omitempty"`
	Result    string     `json:"result,omitempty"`
}

// Due is the date the action is due: the notice's deadline when a notice
// was issued, else the action's own.
func (a Action) Due() model.Date {
	if a.NoticeDeadline != "" {
		return a.NoticeDeadline
	}
	return a.Deadline
}

// ComparisonPlanned reports whether a comparison of 8.1 d) is set up.
func (a Action) ComparisonPlanned() bool { return a.CheckDate != "" }

// Event is one entry of a finding's history: a move of its state, or a
// change worth remembering, with who and when.
type Event struct {
	At       time.Time `json:"at"`
	Operator string    `json:"operator"`
	From     State     `json:"from,omitempty"`
	To       State     `json:"to,omitempty"`
	Note     string    `json:"note,omitempty"`
}

// Finding is one problem (问题) and its corrective action.
type Finding struct {
	ID       int64  `json:"id"`
	Source   Source `json:"source"`
	SourceID int64  `json:"source_id,omitempty"`
	// Ref is the record the finding came from as the reader knows it (an
	// incident's time, an inspection item), kept for the documents.
	Description string   `json:"description"`
	Concerns    string   `json:"concerns,omitempty"` // the annex A item or contract clause: A.7 c), sec.a5
	Severity    Severity `json:"severity"`

	Position        Position `json:"position,omitempty"`
	PositionRemarks string   `json:"position_remarks,omitempty"`

	State State `json:"state"`

	// Who reported it: the operator profile (its id decides who may verify).
	ReporterID int64      `json:"reporter_id,omitempty"`
	Reporter   string     `json:"reporter"`
	ReportedOn model.Date `json:"reported_on"`

	VerifierID   int64      `json:"verifier_id,omitempty"`
	Verifier     string     `json:"verifier,omitempty"`
	VerifiedOn   model.Date `json:"verified_on,omitempty"`
	Verification string     `json:"verification,omitempty"`

	DismissReason string `json:"dismiss_reason,omitempty"`
	DismissedBy   string `json:"dismissed_by,omitempty"`

	Action Action `json:"action"`

	// Filled by the store: the history and how many evidence items are
	// linked to the finding.
	History  []Event `json:"history,omitempty"`
	Evidence int     `json:"-"`
}

// Overdue reports whether the action is past its due date on today while
// the finding is not closed or dismissed (8.1 b)).
func (f *Finding) Overdue(today model.Date) bool {
	due := f.Action.Due()
	return !f.State.Final() && due != "" && due.Before(today)
}

// ComparisonPending reports whether the comparison of 8.1 d) is still to be
// made: planned, and no result recorded, on a finding not dismissed.
func (f *Finding) ComparisonPending() bool {
	return f.State != Dismissed && f.Action.ComparisonPlanned() && strings.TrimSpace(f.Action.Result) == ""
}

// ComparisonDue reports whether the comparison's check date has come (on or
// before today) and its result is not recorded.
func (f *Finding) ComparisonDue(today model.Date) bool {
	return f.ComparisonPending() && !today.Before(f.Action.CheckDate)
}

// Closing is the verification that closes a finding.
type Closing struct {
	VerifierID int64
	Verifier   string
	On         model.Date
	Remarks    string
}

// Error keys of the register's refusals.
const (
	KeyNoEvidence     = "findings.err.no_evidence"
	KeySelfVerify     = "findings.err.self_verify"
	KeyNoComparison   = "findings.err.no_comparison"
	KeyBadMove        = "findings.err.bad_move"
	KeyDismissReason  = "findings.err.dismiss_reason"
	KeyNoticeDates    = "findings.err.notice_dates"
	KeyNoticeOrder    = "findings.err.notice_order"
	KeyNoVerifier     = "findings.err.no_verifier"
	KeyFinal          = "findings.err.final"
	KeyFindingMissing = "findings.err.not_in_engagement"
)

// CheckClose is every reason the finding cannot be closed by c on today
// (8.1 b), d)): it must stand at "rectification reported"; it needs
// evidence (the vendor's rectification report, 8.1 b)); the verifier must be
// another operator than the one who reported it; and once the check date of
// the comparison has passed, its result (8.1 d)).
func (f *Finding) CheckClose(c Closing, today model.Date) model.ValidationError {
	var v model.ValidationError
	add := func(field, key string, clause model.Clause, args ...any) {
		v = append(v, model.FieldError{Field: field, Key: key, Args: args, Clause: clause})
	}
	if !f.State.CanMove(Closed) {
		add("finding.state", KeyBadMove, Clause)
	}
	if f.Evidence == 0 {
		add("finding.evidence", KeyNoEvidence, ClauseNotice)
	}
	if c.VerifierID == 0 || strings.TrimSpace(c.Verifier) == "" {
		add("finding.verifier", KeyNoVerifier, ClauseNotice)
	} else if (f.ReporterID != 0 && c.VerifierID == f.ReporterID) || c.Verifier == f.Reporter {
		// A reporter id of 0 is a person of another database (a case file,
		// the sample): the two are then told apart by name.
		add("finding.verifier", KeySelfVerify, ClauseNotice, f.Reporter)
	}
	if !c.On.Valid() || c.On == "" {
		add("finding.verified_on", "err.date", ClauseNotice)
	}
	if f.Action.ComparisonPlanned() && !today.Before(f.Action.CheckDate) && strings.TrimSpace(f.Action.Result) == "" {
		add("finding.action.result", KeyNoComparison, ClauseCompare, string(f.Action.CheckDate))
	}
	if utf8.RuneCountInString(c.Remarks) > model.MaxLongText {
		add("finding.verification", "err.too_long", ClauseNotice, model.MaxLongText)
	}
	return v
}

// CheckMove is every reason the finding cannot move to t (other than
// closing, CheckClose): the move must be one of State.Next; dismissing needs
// a reason; "notice sent" needs the notice's date and deadline (8.1 b)).
func (f *Finding) CheckMove(t State, reason string) model.ValidationError {
	var v model.ValidationError
	add := func(field, key string, clause model.Clause, args ...any) {
		v = append(v, model.FieldError{Field: field, Key: key, Args: args, Clause: clause})
	}
	if f.State.Final() {
		add("finding.state", KeyFinal, Clause)
		return v
	}
	if !f.State.CanMove(t) {
		add("finding.state", KeyBadMove, Clause)
		return v
	}
	switch t {
	case Dismissed:
		if strings.TrimSpace(reason) == "" {
			add("finding.dismiss_reason", KeyDismissReason, Clause)
		}
	case NoticeSent:
		if f.Action.NoticeDate == "" || f.Action.NoticeDeadline == "" {
			add("finding.action.notice_date", KeyNoticeDates, ClauseNotice)
		}
	}
	return v
}

// Validate is every problem of the finding's own fields, as a form or an
// import sends them.
func (f *Finding) Validate() model.ValidationError {
	var v model.ValidationError
	add := func(field, key string, clause model.Clause, args ...any) {
		v = append(v, model.FieldError{Field: field, Key: key, Args: args, Clause: clause})
	}
	text := func(field, s string, max int, required bool, clause model.Clause) {
		switch {
		case required && strings.TrimSpace(s) == "":
			add(field, "err.required", clause)
		case utf8.RuneCountInString(s) > max:
			add(field, "err.too_long", clause, max)
		}
	}
	date := func(field string, d model.Date, clause model.Clause) {
		if !d.Valid() {
			add(field, "err.date", clause)
		}
	}
	if !f.Source.Valid() {
		add("finding.source", "findings.err.source", Clause)
	}
	text("finding.description", f.Description, model.MaxLongText, true, Clause)
	text("finding.concerns", f.Concerns, model.MaxShortText, false, Clause)
	if !f.Severity.Valid() {
		add("finding.severity", "findings.err.severity", Clause)
	}
	if !f.Position.Valid() {
		add("finding.position", "findings.err.position", Clause)
	}
	text("finding.position_remarks", f.PositionRemarks, model.MaxLongText, false, Clause)
	if !f.State.Valid() {
		add("finding.state", "findings.err.state", Clause)
	}
	date("finding.reported_on", f.ReportedOn, Clause)
	date("finding.verified_on", f.VerifiedOn, ClauseNotice)
	a := f.Action
	text("finding.action.measure", a.Measure, model.MaxLongText, false, ClauseA)
	text("finding.action.owner", a.Owner, model.MaxShortText, false, ClauseA)
	text("finding.action.cost", a.Cost, model.MaxShortText, false, ClauseA)
	if a.Status != "" && !a.Status.Valid() {
		add("finding.action.status", "findings.err.action_status", ClauseA)
	}
	date("finding.action.deadline", a.Deadline, ClauseA)
	date("finding.action.notice_date", a.NoticeDate, ClauseNotice)
	date("finding.action.notice_deadline", a.NoticeDeadline, ClauseNotice)
	if a.NoticeDate != "" && a.NoticeDeadline != "" && a.NoticeDeadline.Before(a.NoticeDate) {
		add("finding.action.notice_deadline", KeyNoticeOrder, ClauseNotice)
	}
	text("finding.action.notice_document", a.NoticeDocument, model.MaxShortText, false, ClauseNotice)
	text("finding.action.change_note", a.ChangeNote, model.MaxLongText, false, ClauseAdjust)
	text("finding.action.before", a.Before, model.MaxLongText, false, ClauseCompare)
	text("finding.action.target", a.Target, model.MaxLongText, false, ClauseCompare)
	text("finding.action.result", a.Result, model.MaxLongText, false, ClauseCompare)
	date("finding.action.check_date", a.CheckDate, ClauseCompare)
	if a.CheckDate != "" && strings.TrimSpace(a.Target) == "" {
		// A comparison needs the target it measures against (8.1 d)).
		add("finding.action.target", "findings.err.comparison_target", ClauseCompare)
	}
	text("finding.dismiss_reason", f.DismissReason, model.MaxLongText, false, Clause)
	return v
}

// Normalise trims the text fields and fills the defaults: a new finding is
// open, and its action planned.
func (f *Finding) Normalise() {
	for _, p := range []*string{&f.Description, &f.Concerns, &f.PositionRemarks, &f.Reporter, &f.Verification,
		&f.DismissReason, &f.Action.Measure, &f.Action.Owner, &f.Action.Cost, &f.Action.NoticeDocument,
		&f.Action.ChangeNote, &f.Action.Before, &f.Action.Target, &f.Action.Result} {
		*p = strings.TrimSpace(*p)
	}
	if f.State == "" {
		f.State = Open
	}
	if f.Source == "" {
		f.Source = SourceManual
	}
	if f.Action.Status == "" {
		f.Action.Status = ActionPlanned
	}
}

// Counts is what the dashboard shows of an engagement's register.
type Counts struct {
	Open    int // neither closed nor dismissed
	Overdue int // open and past the action's due date
	Pending int // comparisons of 8.1 d) still to be made
	Total   int
}

// Count counts the findings on today.
func Count(fs []Finding, today model.Date) Counts {
	var c Counts
	for i := range fs {
		f := &fs[i]
		c.Total++
		if !f.State.Final() {
			c.Open++
		}
		if f.Overdue(today) {
			c.Overdue++
		}
		if f.ComparisonPending() {
			c.Pending++
		}
	}
	return c
}

// LifecycleState is what the register reports for the step "improvement"
// (model.StepImprovement, 8.1): not started while there are no findings;
// done when every finding is closed or dismissed (with its reason) and no
// comparison of 8.1 d) is pending; otherwise in progress, with a block for
// the open findings, the overdue ones and the pending comparisons.
func LifecycleState(fs []Finding, today model.Date) (model.State, []model.Block) {
	if len(fs) == 0 {
		return model.NotStarted, nil
	}
	c := Count(fs, today)
	var blocks []model.Block
	if c.Open > 0 {
		blocks = append(blocks, model.Block{Key: "findings.block.open", Args: []any{c.Open}, Clause: Clause})
	}
	if c.Overdue > 0 {
		blocks = append(blocks, model.Block{Key: "findings.block.overdue", Args: []any{c.Overdue}, Clause: ClauseNotice})
	}
	if c.Pending > 0 {
		blocks = append(blocks, model.Block{Key: "findings.block.comparison", Args: []any{c.Pending}, Clause: ClauseCompare})
	}
	if len(blocks) > 0 {
		return model.InProgress, blocks
	}
	return model.Done, nil
}

// LatestControlsChange is the latest time "controls must change" (8.1 c))
// was recorded on any action; the zero time when never.
func LatestControlsChange(fs []Finding) time.Time {
	var t time.Time
	for _, f := range fs {
		if f.Action.ControlsChange && f.Action.ChangeAt.After(t) {
			t = f.Action.ChangeAt
		}
	}
	return t
}
