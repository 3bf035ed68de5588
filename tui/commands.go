package tui

import (
	"context"
	"errors"
	"strings"

	tea "charm.land/bubbletea/v2"

	"outsec/i18n"
	"outsec/internal/explain"
	"outsec/model"
	"outsec/store"
)

// shared is what every screen needs: the catalog, the store, the keys, the
// styles and who is at the keyboard. The root owns it; children read it.
type shared struct {
	cat    *i18n.Catalog
	st     *store.Store
	ctx    context.Context
	keys   KeyMap
	styles Styles
	op     store.Operator
	// writes counts the store writes under way, so that quitting waits for
	// them (a write is one transaction; leaving mid-way would lose it).
	writes int
	// wizards numbers the wizards opened, so that a store result reaches
	// the wizard that asked for it.
	wizards int
	// templatesDir is the user's template folder (Options.TemplatesDir).
	templatesDir string
}

// T translates a catalog key.
func (sh *shared) T(key string, args ...any) string { return sh.cat.T(key, args...) }

// describe turns an error of the store or the model into lines in the user's
// language, as the command line does (internal/explain).
func (sh *shared) describe(err error) []string {
	if err == nil {
		return nil
	}
	if lines, ok := explain.Lines(sh.cat, err); ok {
		return lines
	}
	if errors.Is(err, context.Canceled) {
		return []string{sh.T("tui.err.canceled")}
	}
	return []string{sh.T("tui.err.unexpected", strings.TrimSpace(err.Error()))}
}

// The results of the store calls. Each call runs in a tea.Cmd; its message is
// the only way its outcome reaches the model.
type (
	operatorMsg struct {
		op  store.Operator
		err error
	}
	operatorCreatedMsg struct {
		op  store.Operator
		err error
	}
	operatorsMsg struct {
		ops []store.Operator
		err error
	}
	operatorSelectedMsg struct{ err error }
	engagementsMsg      struct {
		rows []row
		err  error
		// selectID is the engagement to select once loaded (0: keep the selection).
		selectID int64
	}
	draftsMsg struct {
		drafts []store.Draft
		err    error
	}
	draftSavedMsg struct {
		serial int // the wizard that saved
		id     int64
		err    error
	}
	draftDiscardedMsg  struct{ err error }
	engagementSavedMsg struct {
		serial  int
		e       model.Engagement
		created bool
		err     error
	}
	engagementDeletedMsg struct {
		e   model.Engagement
		err error
	}
	sampleLoadedMsg struct {
		e   model.Engagement
		err error
	}
)

func loadOperator(sh *shared) tea.Cmd {
	st, ctx := sh.st, sh.ctx
	return func() tea.Msg {
		op, err := st.CurrentOperator(ctx)
		return operatorMsg{op: op, err: err}
	}
}

func createOperator(sh *shared, o store.Operator) tea.Cmd {
	st, ctx := sh.st, sh.ctx
	sh.writes++
	return func() tea.Msg {
		op, err := st.CreateOperator(ctx, o)
		return operatorCreatedMsg{op: op, err: err}
	}
}

func loadOperators(sh *shared) tea.Cmd {
	st, ctx := sh.st, sh.ctx
	return func() tea.Msg {
		ops, err := st.Operators(ctx)
		return operatorsMsg{ops: ops, err: err}
	}
}

func selectOperator(sh *shared, id int64) tea.Cmd {
	st, ctx := sh.st, sh.ctx
	sh.writes++
	return func() tea.Msg {
		return operatorSelectedMsg{err: st.SelectOperator(ctx, id)}
	}
}

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

func saveDraft(sh *shared, serial int, d store.Draft) tea.Cmd {
	st, ctx, op := sh.st, sh.ctx, sh.op
	sh.writes++
	return func() tea.Msg {
		id, err := st.SaveDraft(ctx, op, d)
		return draftSavedMsg{serial: serial, id: id, err: err}
	}
}

func discardDraft(sh *shared, id int64) tea.Cmd {
	st, ctx, op := sh.st, sh.ctx, sh.op
	sh.writes++
	return func() tea.Msg {
		return draftDiscardedMsg{err: st.DiscardDraft(ctx, op, id)}
	}
}

// saveEngagement creates (ID 0) or updates the engagement; the store removes
// the wizard's draft in the same transaction.
func saveEngagement(sh *shared, serial int, e model.Engagement, draftID int64) tea.Cmd {
	st, ctx, op := sh.st, sh.ctx, sh.op
	sh.writes++
	return func() tea.Msg {
		if e.ID == 0 {
			err := st.CreateEngagement(ctx, op, &e, draftID)
			return engagementSavedMsg{serial: serial, e: e, created: true, err: err}
		}
		err := st.UpdateEngagement(ctx, op, &e, draftID)
		return engagementSavedMsg{serial: serial, e: e, err: err}
	}
}

func deleteEngagement(sh *shared, e model.Engagement) tea.Cmd {
	st, ctx, op := sh.st, sh.ctx, sh.op
	sh.writes++
	return func() tea.Msg {
		return engagementDeletedMsg{e: e, err: st.DeleteEngagement(ctx, op, e.ID)}
	}
}

func loadSample(sh *shared) tea.Cmd {
	st, ctx, op, lang := sh.st, sh.ctx, sh.op, string(sh.cat.Lang())
	sh.writes++
	return func() tea.Msg {
		e, err := st.LoadSample(ctx, op, lang)
		return sampleLoadedMsg{e: e, err: err}
	}
}
