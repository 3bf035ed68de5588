package model

// The lifecycle of an engagement: the four phases of GB/T 32926—2016 4.3 and the
// steps of each. A step's state is never stored; it is derived every time from
// the engagement and the facts its workflow reports, so it cannot drift from the
// data.

// Phase is one of the four management phases (GB/T 32926—2016 4.3).
type Phase int

const (
	PhasePlanning    Phase = iota // 规划准备, clause 5
	PhaseSelection                // 机构和人员选择, clause 6
	PhaseSupervision              // 运行监督, clause 7
	PhaseExit                     // 改进和完成, clause 8
	// PhaseDone: the exit is complete (8.2); not one of Phases, where an
	// engagement stands once all of them are behind it.
	PhaseDone
)

// Phases lists the phases in order.
var Phases = []Phase{PhasePlanning, PhaseSelection, PhaseSupervision, PhaseExit}

// Key is the catalog key of the phase's name.
func (p Phase) Key() string {
	return [...]string{"phase.planning", "phase.selection", "phase.supervision", "phase.exit", "phase.done"}[p]
}

// StepID names a step of the lifecycle.
type StepID string

const (
	StepRecord       StepID = "record"          // the engagement record itself
	StepRisk         StepID = "risk_assessment" // 5.1
	StepScreening    StepID = "screening"       // 6.1
	StepContract     StepID = "contract"        // 6.2
	StepSecurityPlan StepID = "security_plan"   // 6.3
	StepNDA          StepID = "nda"             // 6.4
	StepFiling       StepID = "filing"          // 6.5
	StepProcessAudit StepID = "process_audit"   // 7.1
	StepInspection   StepID = "inspection"      // annex A
	StepDelivery     StepID = "delivery"        // 7.2
	StepImprovement  StepID = "improvement"     // 8.1
	StepExit         StepID = "exit"            // 8.2
)

// Step is a step of the lifecycle with the clause that defines it.
type Step struct {
	ID     StepID
	Phase  Phase
	Clause Clause
}

// Key is the catalog key of the step's name.
func (s Step) Key() string { return "step." + string(s.ID) }

// Steps lists every step in lifecycle order (DESIGN.md table).
var Steps = []Step{
	{StepRecord, PhasePlanning, "GB/T 32926—2016 4.2, 6.5 a) 1)–3)"},
	{StepRisk, PhasePlanning, "GB/T 32926—2016 5.1.1 a)–d), 5.1.2"},
	{StepScreening, PhaseSelection, "GB/T 32926—2016 6.1 b) 1)–10), c) 1)–7)"},
	{StepContract, PhaseSelection, "GB/T 32926—2016 6.2.1, 6.2.2"},
	{StepSecurityPlan, PhaseSelection, "GB/T 32926—2016 6.3 a) 1)–6), b)"},
	{StepNDA, PhaseSelection, "GB/T 32926—2016 6.4 a), b) 1)–5)"},
	{StepFiling, PhaseSelection, "GB/T 32926—2016 6.5 a) 1)–5), b)"},
	{StepProcessAudit, PhaseSupervision, "GB/T 32926—2016 7.1 a)–d)"},
	{StepInspection, PhaseSupervision, "GB/T 32926—2016 附录 A A.1–A.8"},
	{StepDelivery, PhaseSupervision, "GB/T 32926—2016 7.2 a) 1)–4), b)"},
	{StepImprovement, PhaseExit, "GB/T 32926—2016 8.1 a)–e)"},
	{StepExit, PhaseExit, "GB/T 32926—2016 8.2 a)–d)"},
}

// State is where a step stands.
type State int

const (
	NotStarted  State = iota // 未开始
	InProgress               // 进行中
	Done                     // 已完成
	NeedsUpdate              // 需更新
	// Closing: a supervision step of an engagement whose exit has started
	// (8.2): the service is winding down, nothing more is expected of it.
	Closing // 收尾中
)

// Key is the catalog key of the state's name.
func (s State) Key() string {
	return [...]string{"state.not_started", "state.in_progress", "state.done", "state.needs_update", "state.closing"}[s]
}

// Block is one reason a step cannot be done yet, with the clause that says so.
type Block struct {
	Key    string
	Args   []any
	Clause Clause
}

// Facts is what the workflows report about an engagement: for each step whose
// workflow exists, the state its own records give, and any blocks of its own (a
// person without an NDA, an unacceptable risk without treatment). Steps absent
// from the map have no records yet.
type Facts struct {
	States map[StepID]State
	Blocks map[StepID][]Block
	// Documents are the documents exported for each step, the latest issue
	// of each kind, signed or not (issue 5: the lifecycle shows signed and
	// unsigned documents).
	Documents map[StepID][]DocumentFact
	// ContractSigned is the day the contract was signed (model/contract
	// Signing); empty: not signed. 6.3 a) and 6.5 a) count from it.
	ContractSigned Date
	// Improvement is the findings register's summary (improvement.go).
	Improvement ImprovementFacts
}

// DocumentFact is the latest export of one kind of document: its number,
// and who signed it and when, if anyone did.
type DocumentFact struct {
	Kind     string // templates.Kind: risk-report …
	Number   string // 2026-001-RA-02
	Exported Date
	Signed   bool
	Signer   string
	SignedOn Date
	// LastSigned is the latest signed export of the kind ("" when none was
	// signed): a later unsigned export does not undo it.
	LastSigned   string
	LastSignedOn Date
}

// documentSteps places each kind of document in the step it belongs to.
var documentSteps = map[string]StepID{
	"risk-report": StepRisk, "treatment-plan": StepRisk, "residual-report": StepRisk,
	"screening-form":  StepScreening,
	"contract-review": StepContract, "contract-annex": StepContract,
	"nda-vendor": StepNDA, "nda-person": StepNDA,
	"summary":       StepRecord,
	"security-plan": StepSecurityPlan,
	"filing-form":   StepFiling, "filing-change": StepFiling,
	// The findings register (8.1).
	"rectification-notice": StepImprovement, "rectification-record": StepImprovement, "incident-report": StepImprovement,
	// The service exit (8.2).
	"exit-checklist": StepExit, "handover-list": StepExit, "destruction": StepExit, "exit-report": StepExit,
	"exit-plan": StepExit, "deletion-plan": StepExit,
}

// DocumentStep is the step a kind of document belongs to.
func DocumentStep(kind string) (StepID, bool) {
	id, ok := documentSteps[kind]
	return id, ok
}

// ClauseSignedApproval: the leader decides on the acceptable risk (5.1.2 a));
// under the policy "approvals are signed" the decision counts once signed.
const ClauseSignedApproval Clause = "GB/T 32926—2016 5.1.2 a)"

// RequireSignedApproval applies the policy "approvals are signed" to the
// risk assessment: when its records make it done, it stays in progress,
// with a block, until a risk report exported on or after the leader's
// decision (decided) is signed.
func RequireSignedApproval(f *Facts, decided Date) {
	if f.state(StepRisk) != Done {
		return
	}
	for _, d := range f.Documents[StepRisk] {
		if d.Kind == "risk-report" && d.Signed && string(d.SignedOn) >= string(decided) {
			return
		}
		// A signed report stays the approval when an unsigned copy is
		// exported after it.
		if d.Kind == "risk-report" && d.LastSigned != "" && string(d.LastSignedOn) >= string(decided) {
			return
		}
	}
	f.States[StepRisk] = InProgress
	if f.Blocks == nil {
		f.Blocks = map[StepID][]Block{}
	}
	f.Blocks[StepRisk] = append(f.Blocks[StepRisk], Block{Key: "block.approval_unsigned", Clause: ClauseSignedApproval})
}

func (f Facts) state(id StepID) State {
	if f.States == nil {
		return NotStarted
	}
	return f.States[id]
}

// StepStatus is a step as it stands for one engagement.
type StepStatus struct {
	Step
	State     State
	Blocks    []Block
	Documents []DocumentFact
}

// Blocked reports whether something keeps the step from being done.
func (s StepStatus) Blocked() bool { return len(s.Blocks) > 0 }

// Lifecycle derives the state of every step of an engagement.
func Lifecycle(e *Engagement, f Facts) []StepStatus {
	out := make([]StepStatus, len(Steps))
	for i, st := range Steps {
		out[i] = StepStatus{Step: st, State: f.state(st.ID), Documents: f.Documents[st.ID]}
		if f.Blocks != nil {
			out[i].Blocks = append(out[i].Blocks, f.Blocks[st.ID]...)
		}
	}
	at := func(id StepID) *StepStatus {
		for i := range out {
			if out[i].ID == id {
				return &out[i]
			}
		}
		panic("unknown step " + id)
	}

	// The record is complete when it holds everything a filing needs (6.5 a) 1)–3)).
	rec := at(StepRecord)
	if gaps := e.FilingGaps(); len(gaps) > 0 {
		rec.State = InProgress
		for _, g := range gaps {
			rec.Blocks = append(rec.Blocks, Block{Key: g.Key, Args: g.Args, Clause: g.Clause})
		}
	} else {
		rec.State = Done
	}

	// 5.1.2 b) 3): while the risk assessment is incomplete the outsourcing must not
	// go ahead, so nothing of the selection phase can be done; nor when it
	// concluded that the outsourcing must not proceed or be reconsidered (b) 2), 3)).
	if MustNotProceed(f) {
		key, clause := "block.risk_incomplete", Clause("GB/T 32926—2016 5.1.2 b) 3)")
		if f.state(StepRisk) == Done {
			key, clause = "block.risk_decided", "GB/T 32926—2016 5.1.2 b) 2), 3)"
		}
		for _, id := range []StepID{StepScreening, StepContract, StepSecurityPlan, StepNDA, StepFiling} {
			s := at(id)
			s.Blocks = append(s.Blocks, Block{Key: key, Clause: clause})
		}
	}
	// 6.3 a), 6.5 a): what counts is the recorded signing of the contract, not
	// its review; a signed contract whose clauses need revising is still signed.
	contractDone := !f.ContractSigned.IsZero()
	// 6.3 a): the security management plan is drawn up after the contract is signed.
	if !contractDone {
		s := at(StepSecurityPlan)
		s.Blocks = append(s.Blocks, Block{Key: "block.contract_unsigned", Clause: "GB/T 32926—2016 6.3 a)"})
	}
	// 6.5 a): the filing is made after the contract and the NDAs are signed, and
	// needs the record's data (6.5 a) 1)–3)).
	fil := at(StepFiling)
	if !contractDone {
		fil.Blocks = append(fil.Blocks, Block{Key: "block.contract_unsigned", Clause: "GB/T 32926—2016 6.5 a)"})
	}
	if f.state(StepNDA) != Done {
		fil.Blocks = append(fil.Blocks, Block{Key: "block.nda_unsigned", Clause: "GB/T 32926—2016 6.5 a)"})
	}
	if rec.State != Done {
		fil.Blocks = append(fil.Blocks, Block{Key: "block.record_incomplete", Clause: "GB/T 32926—2016 6.5 a) 1)–3)"})
	}
	// 6.5 a) 4): the filing describes the risk-control measures of the plan,
	// which is in force once the leader approved it (6.3 b)).
	if st := f.state(StepSecurityPlan); st != Done && st != NeedsUpdate {
		fil.Blocks = append(fil.Blocks, Block{Key: "block.plan_unapproved", Clause: "GB/T 32926—2016 6.5 a) 4), 6.3 b)"})
	}
	// Supervision and exit concern a service that is running: 7.1 a) "在信息技术服务过程中".
	if !contractDone {
		for _, id := range []StepID{StepProcessAudit, StepInspection, StepDelivery, StepImprovement, StepExit} {
			s := at(id)
			s.Blocks = append(s.Blocks, Block{Key: "block.service_not_started", Clause: "GB/T 32926—2016 7.1 a)"})
		}
	}
	// 8.2: once the exit has started, the supervision steps are closing.
	if f.state(StepExit) != NotStarted {
		for _, id := range []StepID{StepProcessAudit, StepInspection, StepDelivery} {
			if s := at(id); s.State != Done {
				s.State = Closing
			}
		}
	}
	return out
}

// MustNotProceed reports whether, by GB/T 32926—2016 5.1.2 b) 3), the outsourcing
// must not go ahead: the risk assessment is not complete, or it reported a risk
// that cannot be treated.
func MustNotProceed(f Facts) bool {
	return f.state(StepRisk) != Done || len(f.Blocks[StepRisk]) > 0
}

// CurrentPhase is the first phase that still has a step not done (a step
// closing counts as done): where the engagement stands; PhaseDone once the
// exit is complete (8.2) and nothing blocks it (a service that never
// started, 7.1 a), is not done by an exit).
func CurrentPhase(steps []StepStatus) Phase {
	for _, s := range steps {
		if s.ID == StepExit && s.State == Done && !s.Blocked() {
			return PhaseDone
		}
	}
	for _, p := range Phases {
		for _, s := range steps {
			if s.Phase == p && s.State != Done && s.State != Closing {
				return p
			}
		}
	}
	return PhaseExit
}
