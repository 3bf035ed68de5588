package contract

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"outsec/model"
	"outsec/model/contract"
	"outsec/tui/ui"
)

// contractScreen is the review of one engagement's contract against the
// clause catalog (GB/T 32926—2016 6.2.1, 6.2.2; for a government website on
// cloud services seed 001 6.6 and the data protections of its sample
// contract): the contract's header, the progress and the open gaps, the
// items by group with their findings, the selected item's "what a good
// clause must say", and the forms of the header, a finding, a factor change
// (6.2.1 b)) and the drafting parameters. Opened with c on the dashboard.
type contractScreen struct {
	sh  *ui.Context
	eng model.Engagement

	data    Data
	ready   bool
	loadErr string

	gapsOnly bool
	cursor   int // in the items shown
	offset   int // the first list line shown

	form *Form

	// The factor changes recorded (F): the list, its selection, and the
	// question before one is deleted.
	factors       bool
	factorCursor  int
	confirm       *ui.ConfirmForm
	confirmFactor contract.FactorChange

	w, h int
}

func newContractScreen(sh *ui.Context, e model.Engagement, w, h int) *contractScreen {
	c := &contractScreen{sh: sh, eng: e}
	c.SetSize(w, h)
	return c
}

// SetSize gives the screen its body.
func (c *contractScreen) SetSize(w, h int) {
	c.w, c.h = w, h
	if c.form != nil {
		c.form.SetSize(w, h)
	}
	if c.confirm != nil {
		c.confirm.SetSize(w, h)
	}
}

func (c *contractScreen) cloud() bool { return c.eng.CloudWebsite }

func (c *contractScreen) lang() string { return string(c.sh.Catalog.Lang()) }

func (c *contractScreen) loaded(d Data, err error) {
	if err != nil {
		c.loadErr = c.sh.Describe(err)[0]
		return
	}
	c.loadErr, c.data, c.ready = "", d, true
	c.clamp()
}

// saved takes the result of a write: the record as now stored, and the form
// back with the problems when the store refused it.
func (c *contractScreen) saved(msg SavedMsg) tea.Cmd {
	if msg.LoadErr == nil {
		c.data, c.ready = msg.Data, true
		c.clamp()
	}
	f := c.form
	if f == nil || !f.submitting {
		return nil
	}
	if msg.Err != nil {
		return f.Rejected(msg.Err)
	}
	c.form = nil
	return nil
}

// items is what the list shows: every item the contract is reviewed
// against, or only the open gaps.
func (c *contractScreen) items() []contract.Item {
	all := contract.ItemsFor(c.cloud())
	if !c.gapsOnly {
		return all
	}
	gap := map[string]bool{}
	for _, g := range c.data.C.Gaps(c.cloud()) {
		gap[g.Item.ID] = true
	}
	var out []contract.Item
	for _, it := range all {
		if gap[it.ID] {
			out = append(out, it)
		}
	}
	return out
}

func (c *contractScreen) clamp() {
	c.cursor = min(max(c.cursor, 0), max(len(c.items())-1, 0))
	c.factorCursor = min(max(c.factorCursor, 0), max(len(c.data.C.FactorChanges)-1, 0))
}

func (c *contractScreen) selected() (contract.Item, bool) {
	items := c.items()
	if c.cursor < 0 || c.cursor >= len(items) {
		return contract.Item{}, false
	}
	return items[c.cursor], true
}

func (c *contractScreen) move(n int) {
	c.cursor += n
	c.clamp()
}

// nextStatus is the finding space gives: covered, partly, missing, not
// applicable and round again; never back to "not reviewed", and a required
// item becomes "not applicable" only through the form, with its note.
func nextStatus(it contract.Item, a contract.Assessment) contract.Status {
	s := a.Status.Next()
	if s == contract.Unassessed {
		s = contract.Present
	}
	if s == contract.NA && it.Required && strings.TrimSpace(a.Note) == "" {
		s = contract.Present
	}
	return s
}

// handleKey is a key press with no form open.
func (c *contractScreen) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k, ck := c.sh.Keys, c.sh.Keys.Contract
	if c.factors {
		return c.factorKey(msg)
	}
	page := max(c.listRows()-1, 1)
	switch {
	case key.Matches(msg, k.Up):
		c.move(-1)
		return nil
	case key.Matches(msg, k.Down):
		c.move(1)
		return nil
	case key.Matches(msg, k.PageUp):
		c.move(-page)
		return nil
	case key.Matches(msg, k.PageDown):
		c.move(page)
		return nil
	case key.Matches(msg, k.Home):
		c.move(-1 << 20)
		return nil
	case key.Matches(msg, k.End):
		c.move(1 << 20)
		return nil
	}
	if !c.ready {
		return nil
	}
	switch {
	case key.Matches(msg, ck.Gaps):
		id := ""
		if it, ok := c.selected(); ok {
			id = it.ID
		}
		c.gapsOnly = !c.gapsOnly
		c.cursor = 0
		for i, it := range c.items() {
			if it.ID == id {
				c.cursor = i
			}
		}
		if c.gapsOnly {
			c.setStatus(c.sh.T("tui.contract.status.gaps_only", len(c.items())), false)
		} else {
			c.setStatus(c.sh.T("tui.contract.status.all_items"), false)
		}
		return nil
	case key.Matches(msg, ck.Header):
		return c.openForm(newReviewForm(c))
	case key.Matches(msg, ck.Factor):
		return c.openForm(newFactorForm(c))
	case key.Matches(msg, ck.Factors):
		c.factors = true
		return nil
	case key.Matches(msg, ck.Params):
		return c.openForm(newParamsForm(c))
	}
	it, ok := c.selected()
	if !ok {
		return nil
	}
	a := c.data.C.Review.Assessment(it.ID)
	if s, isDigit := statusKeys[msg.String()]; isDigit {
		if s == contract.NA && it.Required && strings.TrimSpace(a.Note) == "" {
			// Not applicable needs a note saying why: the form asks for it.
			a.Status = s
			return c.openForm(newAssessForm(c, it, a))
		}
		a.Status = s
		return Save(c.sh, ui.KindContract.Key(c.eng.ID), Write{Kind: writeAssessment, assess: a})
	}
	switch {
	case key.Matches(msg, ck.GroupPresent):
		return c.markGroupPresent(it)
	case key.Matches(msg, ck.Cycle):
		a.Status = nextStatus(it, a)
		return Save(c.sh, ui.KindContract.Key(c.eng.ID), Write{Kind: writeAssessment, assess: a})
	case key.Matches(msg, ck.Edit):
		return c.openForm(newAssessForm(c, it, a))
	}
	return nil
}

func (c *contractScreen) setStatus(s string, isErr bool) { c.sh.SetStatusText(s, isErr) }

func (c *contractScreen) openForm(f *Form) tea.Cmd {
	c.form = f
	return f.Rebuild()
}

// formMsg hands the open form a message; a completed form is checked as the
// store will check it, then saved.
func (c *contractScreen) formMsg(msg tea.Msg) tea.Cmd {
	if c.confirm != nil {
		return c.confirmMsg(msg)
	}
	f := c.form
	if f == nil {
		return nil
	}
	cmd, save, closed := f.Step(msg)
	switch {
	case closed:
		c.form = nil
		c.setStatus(c.sh.T("tui.status.nothing_changed"), false)
	case save != nil:
		return tea.Batch(cmd, Save(c.sh, ui.KindContract.Key(c.eng.ID), *save))
	}
	return cmd
}

// help is the screen's help line as it stands.
func (c *contractScreen) help() ui.KeyHelp {
	k, ck := c.sh.Keys, c.sh.Keys.Contract
	switch {
	case c.confirm != nil:
		return k.QuestionHelp()
	case c.form != nil:
		return k.FormHelp()
	case c.factors:
		short := []key.Binding{k.Up, k.Down, ck.Delete, ck.Factor, k.Back, k.Help, k.Quit}
		return ui.KeyHelp{Short: short, Full: [][]key.Binding{short}}
	}
	short := []key.Binding{ck.Cycle, ck.Set, ck.GroupPresent, ck.Edit, ck.Gaps, ck.Header, ck.Factor, ck.Params, ck.Docs, ck.OpenNDA, k.Back, k.Help, k.Quit}
	pk := k.Plan
	return ui.KeyHelp{Short: short, Full: [][]key.Binding{short, {pk.Sign, pk.Open, pk.OpenFiling}}}
}

// statusMark is a finding's one-cell mark in the list.
func statusMark(s contract.Status) string {
	switch s {
	case contract.Present:
		return "✓"
	case contract.Partial:
		return "~"
	case contract.Missing:
		return "✗"
	case contract.NA:
		return "-"
	}
	return "?"
}

func (c *contractScreen) statusStyled(s contract.Status, text string) string {
	st := c.sh.Styles
	switch s {
	case contract.Present:
		return st.Done.Render(text)
	case contract.Partial:
		return st.Progress.Render(text)
	case contract.Missing:
		return st.Stop.Render(text)
	}
	return st.Dim.Render(text)
}

// headLines are the lines above the list: title, the contract's header, the
// state with progress and gaps, and the factor change when the review is
// out of date.
func (c *contractScreen) headLines() []string {
	T, st := c.sh.T, c.sh.Styles
	lines := []string{st.Title.Render(ui.Fit(" "+T("tui.contract.title", ui.OneLine(c.eng.Code), ui.OneLine(c.eng.Name)), c.w))}
	if !c.ready {
		return lines
	}
	r := c.data.C.Review
	or := func(s string) string {
		if strings.TrimSpace(s) == "" {
			return T("tui.panel.unset")
		}
		return ui.OneLine(s)
	}
	lines = append(lines, ui.Clip(" "+T("tui.contract.header", or(r.Title), or(r.Version), or(string(r.Date)), or(r.Reviewer)), c.w))
	state, _ := c.data.C.LifecycleState(c.cloud())
	done, total := c.data.C.Progress(c.cloud())
	gaps := len(c.data.C.Gaps(c.cloud()))
	line := " " + T("tui.screening.state") + ui.StateStyle(st, state).Render("["+T(state.Key())+"]") + "  " +
		T("tui.contract.progress", done, total) + "  "
	if gaps > 0 {
		line += st.Stop.Render(T("tui.contract.gaps", gaps))
	} else {
		line += st.Done.Render(T("tui.contract.gaps", gaps))
	}
	if c.gapsOnly {
		line += "  " + st.Bold.Render(T("tui.contract.filter_on"))
	}
	lines = append(lines, ui.Clip(line, c.w))
	// The signing, which the plan and the filing count from (6.3 a), 6.5 a)).
	if sg := c.data.C.Signing; sg.Signed() {
		lines = append(lines, st.Dim.Render(ui.Clip(" "+T("tui.contract.signed", string(sg.Date), ui.OneLine(sg.Number)), c.w)))
	} else if state == model.Done {
		lines = append(lines, st.Update.Render(ui.Clip(" ! "+T("tui.contract.unsigned", c.sh.Keys.Plan.Sign.Help().Key), c.w)))
	}
	if c.data.C.Stale() {
		text := T("contract.block.factor_change", string(c.data.C.LatestFactorChange()), string(r.Date)) +
			" (" + T("err.clause", string(contract.ClauseFactorChange)) + ")"
		lines = append(lines, st.Update.Render(ui.Clip(" ! "+text, c.w)))
	} else if r.Date == "" && !r.Empty() {
		text := T("contract.block.review_date") + " (" + T("tui.contract.press", c.sh.Keys.Contract.Header.Help().Key) + ")"
		lines = append(lines, st.Update.Render(ui.Clip(" ! "+text, c.w)))
	} else if n := len(c.data.C.FactorChanges); n > 0 {
		lines = append(lines, st.Dim.Render(ui.Clip(" "+T("tui.contract.factors", n, string(c.data.C.LatestFactorChange())), c.w)))
	}
	return lines
}

// columns are the list's column widths.
type contractColumns struct{ id, clause, status, title int }

func (c *contractScreen) columns() contractColumns {
	T := c.sh.T
	col := contractColumns{}
	for _, it := range contract.ItemsFor(c.cloud()) {
		col.id = max(col.id, len(it.ID))
		col.clause = max(col.clause, ui.CellWidth(it.Label()))
	}
	col.id = max(col.id, ui.CellWidth(T("tui.contract.col.id")))
	col.clause = min(max(col.clause, ui.CellWidth(T("tui.contract.col.clause"))), 13)
	col.status = ui.CellWidth(T("tui.contract.col.status"))
	for _, s := range contract.Statuses {
		col.status = max(col.status, ui.CellWidth(T(s.Key())))
	}
	col.title = max(c.w-4-col.id-1-col.clause-1-col.status-1, 8)
	return col
}

// listEntry is one line of the list: a group's heading or an item.
type listEntry struct {
	group contract.Group
	item  int // index in items; -1 for a heading
}

func (c *contractScreen) entries(items []contract.Item) []listEntry {
	var out []listEntry
	var g contract.Group
	for i, it := range items {
		if i == 0 || it.Group != g {
			g = it.Group
			out = append(out, listEntry{group: g, item: -1})
		}
		out = append(out, listEntry{group: g, item: i})
	}
	return out
}

// detailLines are the selected item in full: its clause and title, what a
// good clause must say, and where the contract says it.
func (c *contractScreen) detailLines() []string {
	T, st, lang := c.sh.T, c.sh.Styles, c.lang()
	it, ok := c.selected()
	if !ok {
		return nil
	}
	a := c.data.C.Review.Assessment(it.ID)
	need := T("tui.contract.required")
	if !it.Required {
		need = T("tui.contract.recommended")
	}
	var out []string
	head := it.ID + "  " + string(it.Clause) + "  " + T(a.Status.Key()) + "  (" + need + ")"
	out = append(out, st.Bold.Render(ui.Clip(" "+head, c.w)))
	out = append(out, hang(T("tui.contract.must", it.Must(lang)), c.w)...)
	art, note := a.Article, a.Note
	if strings.TrimSpace(art) == "" {
		art = T("tui.panel.unset")
	}
	for _, l := range hang(T("tui.contract.article", ui.OneLine(art)), c.w) {
		out = append(out, st.Dim.Render(l))
	}
	if strings.TrimSpace(note) != "" {
		for _, l := range hang(T("tui.contract.note", ui.OneLine(note)), c.w) {
			out = append(out, st.Dim.Render(l))
		}
	}
	return out
}

// listRows is how many list lines fit under the head, leaving the detail a
// few lines.
func (c *contractScreen) listRows() int {
	return max(c.h-len(c.headLines())-1-6, 3)
}

// View draws the screen.
func (c *contractScreen) View() string {
	switch {
	case c.confirm != nil:
		return c.confirm.View()
	case c.form != nil:
		return c.form.View()
	}
	T, st := c.sh.T, c.sh.Styles
	lines := c.headLines()
	if c.factors && c.ready {
		return ui.JoinLines(append(lines, c.factorLines(c.h-len(lines))...))
	}
	if !c.ready {
		if c.loadErr != "" {
			lines = append(lines, st.Error.Render(ui.Clip(" ! "+c.loadErr, c.w)))
		} else {
			lines = append(lines, st.Dim.Render(" "+T("tui.loading")))
		}
		return ui.JoinLines(lines)
	}
	col := c.columns()
	lines = append(lines, st.Header.Render(ui.Fit("    "+ui.Fit(T("tui.contract.col.id"), col.id)+" "+ui.Fit(T("tui.contract.col.clause"), col.clause)+" "+
		ui.Fit(T("tui.contract.col.status"), col.status)+" "+T("tui.contract.col.title"), c.w)))
	items := c.items()
	if len(items) == 0 {
		lines = append(lines, "")
		lines = append(lines, ui.Wrap(T("tui.contract.no_gaps", c.sh.Keys.Contract.Gaps.Help().Key), c.w, "  ", "  ")...)
		return ui.JoinLines(lines)
	}
	detail := c.detailLines()
	room := c.h - len(lines)
	n := max(room-min(len(detail)+1, 8), 3)
	ents := c.entries(items)
	ci := 0
	for i, e := range ents {
		if e.item == c.cursor {
			ci = i
		}
	}
	if ci < c.offset {
		c.offset = ci
	}
	if ci >= c.offset+n {
		c.offset = ci - n + 1
	}
	if c.offset == ci && ci > 0 && ents[ci-1].item < 0 {
		c.offset = ci - 1 // the group's heading with its first item
	}
	c.offset = max(min(c.offset, len(ents)-n), 0)
	lang := c.lang()
	for i := c.offset; i < c.offset+n && i < len(ents); i++ {
		e := ents[i]
		if e.item < 0 {
			lines = append(lines, st.Phase.Render(ui.Clip(" "+T(e.group.Key())+groupClause(e.group), c.w)))
			continue
		}
		it := items[e.item]
		a := c.data.C.Review.Assessment(it.ID)
		sel := e.item == c.cursor
		mark := "  "
		if sel {
			mark = "> "
		}
		title := it.Title(lang)
		if !it.Required {
			title += " " + T("tui.contract.optional_mark")
		}
		stText := ui.Fit(T(a.Status.Key()), col.status)
		sym := statusMark(a.Status)
		rest := " " + ui.Fit(it.ID, col.id) + " " + ui.Fit(it.Label(), col.clause) + " "
		if sel {
			lines = append(lines, st.Selected.Render(ui.Fit(mark+sym+rest+stText+" "+title, c.w)))
			continue
		}
		lines = append(lines, mark+c.statusStyled(a.Status, sym)+rest+c.statusStyled(a.Status, stText)+" "+ui.Clip(title, col.title))
	}
	lines = append(lines, "")
	room = c.h - len(lines)
	if room > 0 {
		if len(detail) > room {
			detail = detail[:room]
			detail[room-1] = ui.Clip(detail[room-1], c.w-1) + ui.Ellipsis
		}
		lines = append(lines, detail...)
	}
	return ui.JoinLines(lines)
}

// groupClause is the clause a group of the catalog comes from, for its
// heading.
func groupClause(g contract.Group) string {
	switch g {
	case contract.GroupSecurity:
		return "  6.2.1"
	case contract.GroupExit:
		return "  6.2.2"
	case contract.GroupCloud:
		return "  6.6"
	}
	return ""
}

// hang wraps text into lines of at most w cells with a hanging indent.
func hang(text string, w int) []string { return ui.Wrap(text, w-2, " ", "   ") }

// open tells whether a form or a question has the keys.
func (c *contractScreen) open() bool { return c.form != nil || c.confirm != nil }

// factorKey is a key press on the list of factor changes.
func (c *contractScreen) factorKey(msg tea.KeyPressMsg) tea.Cmd {
	k, ck := c.sh.Keys, c.sh.Keys.Contract
	fs := c.data.C.FactorChanges
	switch {
	case key.Matches(msg, k.Back), key.Matches(msg, ck.Factors):
		c.factors = false
	case key.Matches(msg, k.Up):
		c.factorCursor--
	case key.Matches(msg, k.Down):
		c.factorCursor++
	case key.Matches(msg, ck.Factor):
		return c.openForm(newFactorForm(c))
	case key.Matches(msg, ck.Delete):
		if c.factorCursor < len(fs) {
			f := fs[c.factorCursor]
			var cmd tea.Cmd
			c.confirm, cmd = ui.NewConfirmForm(c.sh, c.sh.T("tui.contract.factor_delete.title", string(f.Date)),
				c.sh.T("tui.contract.factor_delete.desc", ui.OneLine(f.Description)), c.w, c.h)
			c.confirmFactor = f
			return cmd
		}
	}
	c.clamp()
	return nil
}

// confirmMsg hands the question a message; Yes deletes the factor change.
func (c *contractScreen) confirmMsg(msg tea.Msg) tea.Cmd {
	q := c.confirm
	cmd := q.Update(msg)
	if q.Form.State == huh.StateNormal {
		return cmd
	}
	c.confirm = nil
	if q.Form.State != huh.StateCompleted || !q.Yes {
		c.setStatus(c.sh.T("tui.status.nothing_changed"), false)
		return cmd
	}
	return tea.Batch(cmd, Save(c.sh, ui.KindContract.Key(c.eng.ID), Write{Kind: writeDeleteFactor, factor: c.confirmFactor}))
}

// factorLines are the factor changes recorded, newest last, in h lines.
func (c *contractScreen) factorLines(h int) []string {
	T, st := c.sh.T, c.sh.Styles
	fs := c.data.C.FactorChanges
	dw := max(ui.CellWidth(T("field.contract.factor_changes.date")), len(model.DateLayout))
	out := []string{st.Header.Render(ui.Fit("  "+ui.Fit(T("field.contract.factor_changes.date"), dw)+" "+
		T("field.contract.factor_changes.description"), c.w))}
	if len(fs) == 0 {
		out = append(out, "")
		return append(out, hang(T("tui.contract.factors_none", c.sh.Keys.Contract.Factor.Help().Key), c.w)...)
	}
	n := max(h-3, 1)
	first := max(min(c.factorCursor-n+1, len(fs)-n), 0)
	if c.factorCursor < first {
		first = c.factorCursor
	}
	for i := first; i < first+n && i < len(fs); i++ {
		f := fs[i]
		row := ui.Fit(string(f.Date), dw) + " " + ui.OneLine(f.Description)
		if i == c.factorCursor {
			out = append(out, st.Selected.Render(ui.Fit("> "+row, c.w)))
		} else {
			out = append(out, ui.Clip("  "+row, c.w))
		}
	}
	out = append(out, "", st.Dim.Render(ui.Clip(" "+T("tui.contract.factors_hint", c.sh.Keys.Contract.Delete.Help().Key), c.w)))
	return out
}

// markGroupPresent marks every unassessed item of it's group present in
// one write (issue 16: a review where all is there takes one key per group,
// not two per item), then moves to the first item of the next group.
// Items already assessed keep their finding.
func (c *contractScreen) markGroupPresent(it contract.Item) tea.Cmd {
	var as []contract.Assessment
	items := c.items()
	next := -1
	for i, x := range items {
		if x.Group != it.Group {
			if next < 0 && i > c.cursor {
				next = i
			}
			continue
		}
		if a := c.data.C.Review.Assessment(x.ID); a.Status == contract.Unassessed {
			a.ItemID, a.Status = x.ID, contract.Present
			as = append(as, a)
		}
	}
	if next >= 0 {
		c.cursor = next
	}
	if len(as) == 0 {
		c.setStatus(c.sh.T("tui.contract.status.group_none"), false)
		return nil
	}
	return Save(c.sh, ui.KindContract.Key(c.eng.ID), Write{Kind: writeAssessments, assessAll: as})
}
