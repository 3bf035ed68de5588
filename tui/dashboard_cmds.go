package tui

import (
	tea "charm.land/bubbletea/v2"

	"outsec/model"
	"outsec/store"
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
func loadEngagements(sh *shared, selectID int64) tea.Cmd {
	st, ctx, lang := sh.st, sh.ctx, sh.cat.Lang()
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

func loadDrafts(sh *shared) tea.Cmd {
	st, ctx := sh.st, sh.ctx
	return func() tea.Msg {
		ds, err := st.Drafts(ctx, store.DraftEngagement)
		return draftsMsg{drafts: ds, err: err}
	}
}

func discardDraft(sh *shared, id int64) tea.Cmd {
	st, ctx, op := sh.st, sh.ctx, sh.op
	sh.writing()
	return func() tea.Msg {
		return draftDiscardedMsg{err: st.DiscardDraft(ctx, op, id)}
	}
}

func deleteEngagement(sh *shared, e model.Engagement) tea.Cmd {
	st, ctx, op := sh.st, sh.ctx, sh.op
	sh.writing()
	return func() tea.Msg {
		return engagementDeletedMsg{e: e, err: st.DeleteEngagement(ctx, op, e.ID)}
	}
}

func loadSample(sh *shared) tea.Cmd {
	st, ctx, op, lang := sh.st, sh.ctx, sh.op, string(sh.cat.Lang())
	sh.writing()
	return func() tea.Msg {
		e, err := st.LoadSample(ctx, op, lang)
		return sampleLoadedMsg{e: e, err: err}
	}
}

// dashboardKey is the one dashboard page.
var dashboardKey = PageKey{Kind: KindDashboard}

func (engagementsMsg) Recipient() PageKey       { return dashboardKey }
func (draftsMsg) Recipient() PageKey            { return dashboardKey }
func (draftDiscardedMsg) Recipient() PageKey    { return dashboardKey }
func (engagementDeletedMsg) Recipient() PageKey { return dashboardKey }
func (sampleLoadedMsg) Recipient() PageKey      { return dashboardKey }

func (draftDiscardedMsg) EndsWrite() bool    { return true }
func (engagementDeletedMsg) EndsWrite() bool { return true }
func (sampleLoadedMsg) EndsWrite() bool      { return true }
