package dashboard

import (
	tea "charm.land/bubbletea/v2"

	"outsec/model"
	"outsec/store"
	"outsec/tui/ui"
)

// The dashboard's store calls. Their results are addressed to the dashboard
// page, which hosts the wizard, the drafts and the questions.

// The results of the store calls. Each call runs in a tea.Cmd; its message is
// the only way its outcome reaches the model.
type (
	engagementsMsg struct {
		rows []row
		err  error
		// selectID is the engagement to select once loaded (0: keep the selection).
		selectID int64
	}
	draftsMsg struct {
		drafts []store.Draft
		err    error
	}
	draftDiscardedMsg    struct{ err error }
	engagementDeletedMsg struct {
		e   model.Engagement
		err error
	}
	sampleLoadedMsg struct {
		e   model.Engagement
		err error
	}
)

// loadEngagements reads every engagement and prepares the dashboard's rows
// (search text, lifecycle summary) in the command, off the key-press path.
func loadEngagements(sh *ui.Context, selectID int64) tea.Cmd {
	st, ctx, lang := sh.Store, sh.Ctx, sh.Catalog.Lang()
	return func() tea.Msg {
		es, err := st.Engagements(ctx)
		if err != nil {
			return engagementsMsg{err: err}
		}
		facts, err := st.LifecycleFacts(ctx)
		if err != nil {
			return engagementsMsg{err: err}
		}
		return engagementsMsg{rows: buildRows(es, facts, lang), selectID: selectID}
	}
}

func loadDrafts(sh *ui.Context) tea.Cmd {
	st, ctx := sh.Store, sh.Ctx
	return func() tea.Msg {
		ds, err := st.Drafts(ctx, store.DraftEngagement)
		return draftsMsg{drafts: ds, err: err}
	}
}

func discardDraft(sh *ui.Context, id int64) tea.Cmd {
	st, ctx, op := sh.Store, sh.Ctx, sh.Operator
	sh.Writing()
	return func() tea.Msg {
		return draftDiscardedMsg{err: st.DiscardDraft(ctx, op, id)}
	}
}

func deleteEngagement(sh *ui.Context, e model.Engagement, a ui.Approval) tea.Cmd {
	st, ctx, op := sh.Store, sh.Ctx, sh.Operator
	sh.Writing()
	return func() tea.Msg {
		return engagementDeletedMsg{e: e, err: st.DeleteEngagementApproved(ctx, op, e.ID, store.Deletion{Approver: a.Approver, Reason: a.Reason})}
	}
}

func loadSample(sh *ui.Context) tea.Cmd {
	st, ctx, op, lang := sh.Store, sh.Ctx, sh.Operator, string(sh.Catalog.Lang())
	sh.Writing()
	return func() tea.Msg {
		e, err := st.LoadSample(ctx, op, lang)
		return sampleLoadedMsg{e: e, err: err}
	}
}

// dashboardKey is the one dashboard page.
var dashboardKey = ui.PageKey{Kind: ui.KindDashboard}

func (engagementsMsg) Recipient() ui.PageKey       { return dashboardKey }
func (draftsMsg) Recipient() ui.PageKey            { return dashboardKey }
func (draftDiscardedMsg) Recipient() ui.PageKey    { return dashboardKey }
func (engagementDeletedMsg) Recipient() ui.PageKey { return dashboardKey }
func (sampleLoadedMsg) Recipient() ui.PageKey      { return dashboardKey }

func (draftDiscardedMsg) EndsWrite() bool    { return true }
func (engagementDeletedMsg) EndsWrite() bool { return true }
func (sampleLoadedMsg) EndsWrite() bool      { return true }
