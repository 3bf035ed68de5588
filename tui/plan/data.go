package plan

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"outsec/model"
	"outsec/model/contract"
	"outsec/model/plan"
	"outsec/model/screening"
	"outsec/store"
	"outsec/tui/ui"
)

// The data of the plan page and its store calls, addressed to the page.

// Data is what the page shows.
type Data struct {
	Eng     model.Engagement
	Signing contract.Signing
	Plan    plan.Plan
	People  []screening.Person
	// Step is the step "security plan" as the lifecycle derives it.
	Step model.StepStatus
}

type (
	loadedMsg struct {
		to   ui.PageKey
		Data Data
		Err  error
	}
	savedMsg struct {
		to      ui.PageKey
		w       write
		Data    Data
		LoadErr error
		Err     error
	}
)

func (m loadedMsg) Recipient() ui.PageKey { return m.to }
func (m savedMsg) Recipient() ui.PageKey  { return m.to }
func (savedMsg) EndsWrite() bool          { return true }

type writeKind int

const (
	writeSigning writeKind = iota
	writeSections
	writeControl
	writeApproval
)

// write is one store action of the page.
type write struct {
	kind     writeKind
	signing  contract.Signing
	plan     plan.Plan
	control  plan.Deployment
	approval plan.Approval
}

func read(st *store.Store, ctx context.Context, id int64) (Data, error) {
	var d Data
	var err error
	if d.Eng, err = st.Engagement(ctx, id); err != nil {
		return d, err
	}
	c, err := st.Contract(ctx, id)
	if err != nil {
		return d, err
	}
	d.Signing = c.Signing
	if d.Plan, err = st.Plan(ctx, id); err != nil {
		return d, err
	}
	sc, err := st.Screening(ctx, id)
	if err != nil {
		return d, err
	}
	d.People = sc.People
	f, err := st.EngagementFacts(ctx, id)
	if err != nil {
		return d, err
	}
	for _, s := range model.Lifecycle(&d.Eng, f) {
		if s.ID == model.StepSecurityPlan {
			d.Step = s
		}
	}
	return d, nil
}

func load(sh *ui.Context, to ui.PageKey) tea.Cmd {
	st, ctx := sh.Store, sh.Ctx
	return func() tea.Msg {
		d, err := read(st, ctx, to.Engagement)
		return loadedMsg{to: to, Data: d, Err: err}
	}
}

func save(sh *ui.Context, to ui.PageKey, w write) tea.Cmd {
	st, ctx, op, id := sh.Store, sh.Ctx, sh.Operator, to.Engagement
	sh.Writing()
	return func() tea.Msg {
		var err error
		switch w.kind {
		case writeSigning:
			err = st.RecordContractSigning(ctx, op, id, w.signing)
		case writeSections:
			err = st.SavePlanSections(ctx, op, id, w.plan)
		case writeControl:
			err = st.SavePlanControl(ctx, op, id, w.control)
		case writeApproval:
			err = st.SavePlanApproval(ctx, op, id, w.approval)
		}
		d, lerr := read(st, ctx, id)
		return savedMsg{to: to, w: w, Data: d, LoadErr: lerr, Err: err}
	}
}
