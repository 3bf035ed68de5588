// Package findings is the workbench page of the findings register and the
// corrective actions (GB/T 32926—2016 8.1 a)–e)): the list with a filter by
// state, source, severity and overdue, the selected finding in full with its
// action, notice (8.1 b)), controls change (8.1 c)), comparison (8.1 d)),
// evidence and history, and the forms that record, move, verify and close a
// finding. Opened with F on the dashboard.
package findings

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"outsec/model"
	"outsec/model/findings"
	"outsec/templates"
	"outsec/tui/ui"
)

// Registration is the findings register in the root's registry.
var Registration = ui.Registration{Kind: ui.KindFindings, New: New}

// Filter is what the list shows: a state ("" every one, filterActive those
// neither closed nor dismissed), a source, a severity (0 every one), and
// overdue only.
type Filter struct {
	State    string
	Source   findings.Source
	Severity findings.Severity
	Overdue  bool
}

const filterActive = "active"

func (f Filter) match(x *findings.Finding, today model.Date) bool {
	switch {
	case f.State == filterActive && x.State.Final():
		return false
	case f.State != "" && f.State != filterActive && string(x.State) != f.State:
		return false
	case f.Source != "" && x.Source != f.Source:
		return false
	case f.Severity != 0 && x.Severity != f.Severity:
		return false
	case f.Overdue && !x.Overdue(today):
		return false
	}
	return true
}

func (f Filter) on() bool { return f != Filter{} }

type screen struct {
	sh  *ui.Context
	eng model.Engagement

	data    Data
	ready   bool
	loadErr string

	filter Filter
	cursor int // in the findings shown
	offset int

	marked map[int64]bool // for the rectification notice

	form *ui.RecordForm[Write]
	// filterForm is the open filter form (it writes nothing).
	filterForm *ui.RecordForm[Filter]

	w, h int
}

// New makes the findings page of an engagement.
func New(sh *ui.Context, engID int64) ui.Page {
	return &screen{sh: sh, eng: model.Engagement{ID: engID}}
}

func (s *screen) key() ui.PageKey { return ui.KindFindings.Key(s.eng.ID) }

func (s *screen) Init() tea.Cmd {
	s.sh.SetStatus("")
	return load(s.sh, s.key())
}

func (s *screen) Title() string { return s.sh.T("tui.page.findings", ui.OneLine(s.eng.Code)) }

func (s *screen) Capturing() bool { return s.form != nil || s.filterForm != nil }

func (s *screen) KeyMap() help.KeyMap { return s.help() }

func (s *screen) SetSize(w, h int) {
	s.w, s.h = w, h
	if s.form != nil {
		s.form.SetSize(w, h)
	}
	if s.filterForm != nil {
		s.filterForm.SetSize(w, h)
	}
}

func (s *screen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case LoadedMsg:
		if msg.Eng.ID != 0 {
			s.eng = msg.Eng
		}
		if msg.Err != nil {
			s.loadErr = s.sh.Describe(msg.Err)[0]
			s.sh.SetError(msg.Err)
			return nil
		}
		s.data, s.ready, s.loadErr = msg.Data, true, ""
		s.clamp()
		return nil
	case SavedMsg:
		if msg.LoadErr == nil {
			s.data, s.ready = msg.Data, true
		}
		s.sh.SetOutcome(msg.Err, msg.LoadErr, status(s.sh.T, msg.w))
		if msg.Err == nil && msg.w.kind == writeAdd {
			s.selectID(msg.w.f.ID)
		}
		s.clamp()
		if f := s.form; f != nil && f.Submitting() {
			if msg.Err != nil {
				return f.Rejected(msg.Err)
			}
			s.form = nil
		}
		return nil
	case tea.KeyPressMsg:
		return s.keyPress(msg)
	case tea.WindowSizeMsg, tea.BackgroundColorMsg:
		return nil
	}
	return s.formMsg(msg)
}

// formMsg hands the open form a message.
func (s *screen) formMsg(msg tea.Msg) tea.Cmd {
	if ff := s.filterForm; ff != nil {
		cmd, flt, closed := ff.Step(msg)
		switch {
		case closed:
			s.filterForm = nil
		case flt != nil:
			s.filterForm = nil
			s.setFilter(*flt)
		}
		return cmd
	}
	f := s.form
	if f == nil {
		return nil
	}
	cmd, w, closed := f.Step(msg)
	switch {
	case closed:
		s.form = nil
		s.sh.SetStatus(s.sh.T("tui.status.nothing_changed"))
	case w != nil:
		return tea.Batch(cmd, save(s.sh, s.key(), *w))
	}
	return cmd
}

func (s *screen) setFilter(f Filter) {
	id := int64(0)
	if x := s.selected(); x != nil {
		id = x.ID
	}
	s.filter = f
	s.cursor = 0
	s.selectID(id)
	s.clamp()
	s.sh.SetStatus(s.sh.T("tui.findings.status.filter", len(s.shown()), len(s.data.Findings)))
}

func (s *screen) keyPress(msg tea.KeyPressMsg) tea.Cmd {
	if s.Capturing() {
		return s.formMsg(msg)
	}
	k, fk := s.sh.Keys, s.sh.Keys.Findings
	page := max(s.listRows()-1, 1)
	switch {
	case key.Matches(msg, k.Back):
		if s.filter.on() {
			s.setFilter(Filter{})
			return nil
		}
		return ui.Back()
	case key.Matches(msg, fk.Incidents):
		return ui.Go(ui.KindIncidents, s.eng.ID)
	case key.Matches(msg, fk.Docs):
		return ui.GoTo(ui.GoMsg{Key: ui.KindDocs.Key(s.eng.ID), Arg: string(templates.RectificationRecord)})
	case key.Matches(msg, fk.Notice):
		return s.notice()
	case key.Matches(msg, k.Up):
		s.cursor--
	case key.Matches(msg, k.Down):
		s.cursor++
	case key.Matches(msg, k.PageUp):
		s.cursor -= page
	case key.Matches(msg, k.PageDown):
		s.cursor += page
	case key.Matches(msg, k.Home):
		s.cursor = 0
	case key.Matches(msg, k.End):
		s.cursor = 1 << 30
	}
	s.clamp()
	if !s.ready {
		return nil
	}
	switch {
	case key.Matches(msg, fk.New):
		return s.open(newFindingForm(s))
	case key.Matches(msg, fk.Filter):
		s.filterForm = newFilterForm(s)
		return s.filterForm.Rebuild()
	case key.Matches(msg, fk.Overdue):
		f := s.filter
		f.Overdue = !f.Overdue
		s.setFilter(f)
		return nil
	}
	x := s.selected()
	if x == nil {
		return nil
	}
	switch {
	case key.Matches(msg, fk.Mark):
		if s.marked == nil {
			s.marked = map[int64]bool{}
		}
		s.marked[x.ID] = !s.marked[x.ID]
		if !s.marked[x.ID] {
			delete(s.marked, x.ID)
		}
		s.sh.SetStatus(s.sh.T("tui.findings.status.marked", len(s.marked), s.sh.Keys.Findings.Notice.Help().Key))
		s.cursor++
		s.clamp()
		return nil
	case key.Matches(msg, fk.Edit):
		return s.open(newEditForm(s, *x))
	case key.Matches(msg, fk.Move):
		if x.State.Final() {
			s.sh.SetStatusText(s.sh.T("findings.err.final"), true)
			return nil
		}
		return s.open(newMoveForm(s, *x))
	case key.Matches(msg, fk.Verify):
		return s.open(newVerifyForm(s, *x))
	case key.Matches(msg, fk.Evidence):
		return s.open(newEvidenceForm(s, *x))
	}
	return nil
}

func (s *screen) open(f *ui.RecordForm[Write]) tea.Cmd {
	s.form = f
	return f.Rebuild()
}

// shown is the findings the filter lets through, in the register's order.
func (s *screen) shown() []*findings.Finding {
	var out []*findings.Finding
	for i := range s.data.Findings {
		if x := &s.data.Findings[i]; s.filter.match(x, s.data.Today) {
			out = append(out, x)
		}
	}
	return out
}

func (s *screen) selected() *findings.Finding {
	xs := s.shown()
	if s.cursor < 0 || s.cursor >= len(xs) {
		return nil
	}
	return xs[s.cursor]
}

func (s *screen) selectID(id int64) {
	for i, x := range s.shown() {
		if x.ID == id {
			s.cursor = i
		}
	}
}

func (s *screen) clamp() {
	s.cursor = min(max(s.cursor, 0), max(len(s.shown())-1, 0))
}

func (s *screen) help() ui.KeyHelp {
	k, fk := s.sh.Keys, s.sh.Keys.Findings
	if s.Capturing() {
		return k.FormHelp()
	}
	short := []key.Binding{fk.New, fk.Edit, fk.Move, fk.Evidence, fk.Verify, fk.Filter, fk.Overdue, fk.Mark, fk.Notice, fk.Incidents, fk.Docs, k.Back, k.Help, k.Quit}
	return ui.KeyHelp{Short: short, Full: [][]key.Binding{{k.Up, k.Down, fk.New, fk.Edit, fk.Move, fk.Evidence, fk.Verify},
		{fk.Filter, fk.Overdue, fk.Mark, fk.Notice, fk.Incidents, fk.Docs, k.Back, k.Help, k.Quit}}}
}

// sourceText names where a finding came from: its source, and the incident
// by its title.
func (s *screen) sourceText(x *findings.Finding) string {
	t := s.sh.T(x.Source.Key())
	if x.Source == findings.SourceIncident {
		for _, in := range s.data.Incidents {
			if in.ID == x.SourceID {
				return s.sh.T("tui.findings.source_of", t, ui.OneLine(in.Title))
			}
		}
	}
	if x.SourceID != 0 {
		t += " #" + ui.Itoa(int(x.SourceID))
	}
	return t
}

func (s *screen) headLines() []string {
	T, st := s.sh.T, s.sh.Styles
	lines := []string{st.Title.Render(ui.Fit(" "+T("tui.findings.title", ui.OneLine(s.eng.Code), ui.OneLine(s.eng.Name)), s.w))}
	if !s.ready {
		return lines
	}
	c := findings.Count(s.data.Findings, s.data.Today)
	state, _ := findings.LifecycleState(s.data.Findings, s.data.Today)
	line := " " + T("tui.screening.state") + ui.StateStyle(st, state).Render("["+T(state.Key())+"]") + "  " +
		T("tui.findings.counts", c.Total, c.Open)
	if c.Overdue > 0 {
		line += "  " + st.Stop.Render(T("tui.findings.overdue_count", c.Overdue))
	}
	if c.Pending > 0 {
		line += "  " + st.Update.Render(T("tui.findings.pending_count", c.Pending))
	}
	lines = append(lines, ui.Clip(line, s.w))
	if s.filter.on() {
		lines = append(lines, st.Bold.Render(ui.Clip(" "+s.filterText(), s.w)))
	}
	return lines
}

func (s *screen) filterText() string {
	T := s.sh.T
	var parts []string
	switch s.filter.State {
	case "":
	case filterActive:
		parts = append(parts, T("tui.findings.filter.active"))
	default:
		parts = append(parts, T(findings.State(s.filter.State).Key()))
	}
	if s.filter.Source != "" {
		parts = append(parts, T(s.filter.Source.Key()))
	}
	if s.filter.Severity != 0 {
		parts = append(parts, T(s.filter.Severity.Key()))
	}
	if s.filter.Overdue {
		parts = append(parts, T("tui.findings.filter.overdue_only"))
	}
	return T("tui.findings.filter.on", strings.Join(parts, T("tui.findings.sep")), len(s.shown()), len(s.data.Findings))
}

type columns struct{ id, sev, state, due int }

func (s *screen) columns() columns {
	T := s.sh.T
	c := columns{id: 4, due: len(model.DateLayout) + 1}
	c.sev = ui.CellWidth(T("tui.findings.col.severity"))
	for _, v := range findings.Severities {
		c.sev = max(c.sev, ui.CellWidth(T(v.Key())))
	}
	c.state = ui.CellWidth(T("tui.findings.col.state"))
	for _, v := range findings.States {
		c.state = max(c.state, ui.CellWidth(T(v.Key())))
	}
	c.state = min(c.state, 14)
	return c
}

// listRows is how many list lines fit, leaving the detail at least a few.
func (s *screen) listRows() int {
	return max(min(len(s.shown()), (s.h-len(s.headLines())-2)/2), 3)
}

func (s *screen) View() string {
	switch {
	case s.filterForm != nil:
		return s.filterForm.View()
	case s.form != nil:
		return s.form.View()
	}
	T, st := s.sh.T, s.sh.Styles
	lines := s.headLines()
	if !s.ready {
		if s.loadErr != "" {
			lines = append(lines, st.Error.Render(ui.Clip(" ! "+s.loadErr, s.w)))
		} else {
			lines = append(lines, st.Dim.Render(" "+T("tui.loading")))
		}
		return ui.JoinLines(lines)
	}
	xs := s.shown()
	if len(s.data.Findings) == 0 {
		lines = append(lines, "")
		lines = append(lines, ui.Wrap(T("tui.findings.none", s.sh.Keys.Findings.New.Help().Key), s.w, "  ", "  ")...)
		return ui.JoinLines(lines)
	}
	c := s.columns()
	lines = append(lines, st.Header.Render(ui.Fit("  "+ui.Fit(T("tui.findings.col.id"), c.id)+" "+ui.Fit(T("tui.findings.col.severity"), c.sev)+" "+
		ui.Fit(T("tui.findings.col.state"), c.state)+" "+ui.Fit(T("tui.findings.col.due"), c.due)+" "+T("tui.findings.col.description"), s.w)))
	if len(xs) == 0 {
		lines = append(lines, "")
		lines = append(lines, ui.Wrap(T("tui.findings.none_shown"), s.w, "  ", "  ")...)
		return ui.JoinLines(lines)
	}
	n := s.listRows()
	if s.cursor < s.offset {
		s.offset = s.cursor
	}
	if s.cursor >= s.offset+n {
		s.offset = s.cursor - n + 1
	}
	s.offset = max(min(s.offset, len(xs)-n), 0)
	for i := s.offset; i < s.offset+n && i < len(xs); i++ {
		x := xs[i]
		due := string(x.Action.Due())
		over := x.Overdue(s.data.Today)
		if over {
			due += "!"
		}
		id := "#" + ui.Itoa(int(x.ID))
		if s.marked[x.ID] {
			id = "*" + id
		}
		row := ui.Fit(id, c.id) + " " + ui.Fit(T(x.Severity.Key()), c.sev) + " " + ui.Fit(T(x.State.Key()), c.state) + " " +
			ui.Fit(due, c.due) + " " + ui.OneLine(x.Description)
		if i == s.cursor {
			lines = append(lines, st.Selected.Render(ui.Fit("> "+row, s.w)))
			continue
		}
		line := ui.Clip("  "+row, s.w)
		switch {
		case over:
			line = st.Stop.Render(line)
		case x.State.Final():
			line = st.Dim.Render(line)
		}
		lines = append(lines, line)
	}
	lines = append(lines, "")
	room := s.h - len(lines)
	detail := s.detailLines()
	if room > 0 {
		if len(detail) > room {
			detail = detail[:room]
			detail[room-1] = ui.Clip(detail[room-1], s.w-1) + ui.Ellipsis
		}
		lines = append(lines, detail...)
	}
	return ui.JoinLines(lines)
}

func (s *screen) hang(text string) []string { return ui.Wrap(text, s.w-2, " ", "   ") }

// detailLines are the selected finding in full: what, where from, the
// action, the notice, the controls change, the comparison, the evidence,
// the verification or dismissal, and its history.
func (s *screen) detailLines() []string {
	T, st := s.sh.T, s.sh.Styles
	x := s.selected()
	if x == nil {
		return nil
	}
	unset := T("tui.panel.unset")
	or := func(v string) string {
		if strings.TrimSpace(v) == "" {
			return unset
		}
		return ui.OneLine(v)
	}
	var out []string
	head := "#" + ui.Itoa(int(x.ID)) + "  [" + T(x.Severity.Key()) + "]  " + T(x.State.Key()) + "  " + s.sourceText(x)
	if x.Concerns != "" {
		head += "  " + T("tui.findings.concerns", ui.OneLine(x.Concerns))
	}
	out = append(out, st.Bold.Render(ui.Clip(" "+head, s.w)))
	out = append(out, s.hang(ui.OneLine(x.Description))...)
	out = append(out, st.Dim.Render(ui.Clip(" "+T("tui.findings.reported", ui.OneLine(x.Reporter), string(x.ReportedOn), T(x.Position.Key()))+
		s.remarks(x.PositionRemarks), s.w)))
	a := x.Action
	due := or(string(a.Due()))
	if x.Overdue(s.data.Today) {
		due = st.Stop.Render(due + " " + T("tui.findings.overdue_mark", string(findings.ClauseNotice)))
	}
	out = append(out, s.hang(T("tui.findings.action", or(a.Measure), or(a.Owner), T(a.Status.Key())))...)
	out = append(out, " "+T("tui.findings.due", due))
	if a.NoticeDate != "" {
		out = append(out, s.hang(T("tui.findings.notice", string(a.NoticeDate), string(a.NoticeDeadline), or(a.NoticeDocument)))...)
	}
	if a.ControlsChange || a.PolicyRevised {
		yes := func(b bool) string {
			if b {
				return T("tui.yes")
			}
			return T("tui.no")
		}
		out = append(out, st.Update.Render(ui.Clip(" "+T("tui.findings.change", yes(a.ControlsChange), yes(a.PolicyRevised), or(a.ChangeNote)), s.w)))
	}
	if a.ComparisonPlanned() || a.Target != "" {
		line := T("tui.findings.comparison", or(a.Before), or(a.Target), or(string(a.CheckDate)), or(a.Result))
		if x.ComparisonDue(s.data.Today) {
			out = append(out, st.Update.Render(ui.Clip(" "+line+" "+T("tui.findings.comparison_due"), s.w)))
		} else {
			out = append(out, s.hang(line)...)
		}
	}
	evs := s.data.Evidence[x.ID]
	if len(evs) == 0 {
		out = append(out, " "+T("tui.findings.no_evidence", s.sh.Keys.Findings.Evidence.Help().Key))
	} else {
		out = append(out, " "+T("tui.findings.evidence", len(evs)))
	}
	for _, e := range evs {
		out = append(out, st.Dim.Render(ui.Clip("   "+T("tui.findings.evidence_line", ui.OneLine(e.Name), ui.FileSize(T, int(e.Size)), e.SHA256[:16], e.SM3[:16]), s.w)))
	}
	switch x.State {
	case findings.Closed:
		out = append(out, st.Done.Render(ui.Clip(" "+T("tui.findings.verified", ui.OneLine(x.Verifier), string(x.VerifiedOn))+s.remarks(x.Verification), s.w)))
	case findings.Dismissed:
		out = append(out, st.Dim.Render(ui.Clip(" "+T("tui.findings.dismissed", ui.OneLine(x.DismissedBy), ui.OneLine(x.DismissReason)), s.w)))
	}
	if len(x.History) > 0 {
		out = append(out, " "+T("tui.findings.history"))
		for i := len(x.History) - 1; i >= 0; i-- {
			e := x.History[i]
			what := T(e.To.Key())
			if e.From != "" {
				what = T(e.From.Key()) + " → " + what
			}
			if e.To == "" {
				what = T("tui.findings.history_change")
			}
			line := "   " + e.At.Local().Format(findings.TimeLayout) + "  " + ui.OneLine(e.Operator) + "  " + what
			if e.Note != "" {
				line += "  " + ui.OneLine(e.Note)
			}
			out = append(out, st.Dim.Render(ui.Clip(line, s.w)))
		}
	}
	return out
}

func (s *screen) remarks(r string) string {
	if strings.TrimSpace(r) == "" {
		return ""
	}
	return s.sh.T("tui.findings.sep") + ui.OneLine(r)
}

// notice opens the documents on the rectification notice of the marked
// findings, or of the selected one when none is marked (8.1 b)).
func (s *screen) notice() tea.Cmd {
	var ids []int64
	for _, x := range s.data.Findings {
		if s.marked[x.ID] {
			ids = append(ids, x.ID)
		}
	}
	if len(ids) == 0 {
		x := s.selected()
		if x == nil {
			return nil
		}
		ids = []int64{x.ID}
	}
	return ui.GoTo(ui.GoMsg{Key: ui.KindDocs.Key(s.eng.ID), Arg: ui.DocArg(templates.RectificationNotice, ids, 0),
		Status: s.sh.T("tui.findings.status.notice", len(ids))})
}
