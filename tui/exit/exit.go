// Package exit is the workbench page of the service exit (GB/T 32926—2016
// 8.2 a)–d), with the contract's exit strategy of 6.2.2 and seed 001 clause
// 9): starting the exit, the checklist generated from the contract, the
// handover and destruction inventory (a folder added with its checksums and
// a progress bar, the receiving check, items handed back or destroyed with
// their evidence), the destruction's authorisation and deletion plan, and
// the report's acknowledgement, with every reason the exit is not complete.
// Opened with X on the dashboard.
package exit

import (
	"errors"
	"io/fs"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	tea "charm.land/bubbletea/v2"

	"outsec/internal/handover"
	"outsec/model"
	"outsec/model/contract"
	xm "outsec/model/exit"
	"outsec/store"
	"outsec/templates"
	"outsec/tui/ui"
)

// Registration is the exit page in the root's registry.
var Registration = ui.Registration{Kind: ui.KindExit, New: New}

type tab int

const (
	tabChecklist tab = iota
	tabInventory
	tabReport
)

type screen struct {
	sh  *ui.Context
	eng model.Engagement

	view    store.ExitView
	ready   bool
	loadErr string

	tab    tab
	cursor [3]int
	offset [3]int
	marked map[int64]bool

	form *ui.RecordForm[Write]
	// job is the folder being read: its progress.
	job      *Write
	jobDone  int
	jobTotal int
	bar      progress.Model
	// result is the last receiving check's lines.
	result []string

	w, h int
}

// New makes the exit page of an engagement.
func New(sh *ui.Context, engID int64) ui.Page {
	return &screen{sh: sh, eng: model.Engagement{ID: engID}, marked: map[int64]bool{},
		bar: progress.New(progress.WithFillCharacters('█', '░'), progress.WithColors(sh.Styles.Done.GetForeground()))}
}

func (s *screen) key() ui.PageKey { return ui.KindExit.Key(s.eng.ID) }

func (s *screen) Init() tea.Cmd {
	s.sh.SetStatus("")
	return load(s.sh, s.key())
}

func (s *screen) Title() string { return s.sh.T("tui.page.exit", ui.OneLine(s.eng.Code)) }

func (s *screen) Capturing() bool { return s.form != nil }

func (s *screen) KeyMap() help.KeyMap { return s.help() }

func (s *screen) SetSize(w, h int) {
	s.w, s.h = w, h
	s.bar.SetWidth(max(min(w-4, 64), 12))
	if s.form != nil {
		s.form.SetSize(w, h)
	}
}

func (s *screen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case LoadedMsg:
		if msg.Err != nil {
			s.loadErr = s.sh.Describe(msg.Err)[0]
			s.sh.SetError(msg.Err)
			return nil
		}
		s.eng, s.view, s.ready, s.loadErr = msg.Eng, msg.View, true, ""
		s.clamp()
		return nil
	case progressMsg:
		s.jobDone, s.jobTotal = msg.done, msg.total
		return wait(msg.ch)
	case SavedMsg:
		return s.saved(msg)
	case tea.KeyPressMsg:
		return s.keyPress(msg)
	case tea.WindowSizeMsg, tea.BackgroundColorMsg:
		return nil
	}
	return s.formMsg(msg)
}

func (s *screen) saved(msg SavedMsg) tea.Cmd {
	if msg.LoadErr == nil {
		s.view, s.ready = msg.View, true
		s.eng = msg.View.Engagement
	}
	s.job = nil
	err := msg.Err
	var pe pageError
	var fe *handover.FileError
	var pathErr *fs.PathError
	switch {
	case errors.As(err, &pe):
		s.sh.SetStatusText(s.sh.T(string(pe)), true)
		err = nil
	case errors.As(err, &fe):
		s.sh.SetStatusText(s.sh.T("tui.exit.err.unreadable", ui.OneLine(fe.Rel), ui.IOReason(s.sh.T, fe.Err)), true)
		err = nil
	case errors.As(err, &pathErr):
		s.sh.SetStatusText(s.sh.T("tui.exit.err.folder", ui.OneLine(msg.w.dir), ui.IOReason(s.sh.T, err)), true)
		err = nil
	default:
		s.sh.SetOutcome(err, msg.LoadErr, s.status(msg))
	}
	if msg.Err == nil {
		switch msg.w.kind {
		case writeDispose:
			s.marked = map[int64]bool{}
		case writeReceive:
			s.result = s.receiptLines(msg.Result)
		}
	}
	s.clamp()
	if f := s.form; f != nil && f.Submitting() {
		if err != nil {
			return f.Rejected(err)
		}
		s.form = nil
	}
	return nil
}

func (s *screen) status(m SavedMsg) string {
	T := s.sh.T
	switch m.w.kind {
	case writeStart:
		return T("tui.exit.status.started", len(m.View.Checks))
	case writeUpdate:
		return T("tui.exit.status.updated")
	case writeCheck:
		return T("tui.exit.status.checked", m.w.check.ID, T(m.w.check.Status.Key()))
	case writeDispose:
		return T("tui.exit.status.disposed", len(m.w.ids), T(m.w.disp.Disposition.Key()))
	case writeFolder:
		return T("tui.exit.status.added", m.Added, ui.OneLine(m.w.dir))
	case writeReceive:
		return T("tui.exit.status.received", m.Result.Matched, len(m.Result.Changed), len(m.Result.Missing))
	}
	return ""
}

func (s *screen) receiptLines(r handover.Result) []string {
	T := s.sh.T
	var out []string
	for _, it := range r.Changed {
		out = append(out, T("tui.exit.recv.changed_line", it.ID, ui.OneLine(it.Location)))
	}
	for _, it := range r.Missing {
		out = append(out, T("tui.exit.recv.missing_line", it.ID, ui.OneLine(it.Location)))
	}
	for _, x := range r.Extra {
		out = append(out, T("tui.exit.recv.extra_line", ui.OneLine(x)))
	}
	return out
}

// formMsg hands the open form a message; a completed folder form starts
// its job (the form closes, the progress bar shows).
func (s *screen) formMsg(msg tea.Msg) tea.Cmd {
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
		if w.kind == writeFolder || w.kind == writeReceive {
			s.form = nil
			s.job, s.jobDone, s.jobTotal, s.result = w, 0, 0, nil
		}
		return tea.Batch(cmd, save(s.sh, s.key(), *w))
	}
	return cmd
}

func (s *screen) open(f *ui.RecordForm[Write]) tea.Cmd {
	s.form = f
	return f.Rebuild()
}

func (s *screen) rows() int {
	switch s.tab {
	case tabChecklist:
		return len(s.view.Checks)
	case tabInventory:
		return len(s.view.Items)
	}
	// The report scrolls by lines: its cursor is the top line shown.
	return max(len(s.reportLines())-s.reportRows()+1, 1)
}

func (s *screen) reportRows() int { return max(s.h-len(s.headLines()), 3) }

func (s *screen) clamp() {
	for t := range s.cursor {
		n := [3]int{len(s.view.Checks), len(s.view.Items), 1 << 30}[t]
		s.cursor[t] = max(min(s.cursor[t], n-1), 0)
	}
}

// targets are the marked items, or the one under the cursor.
func (s *screen) targets() []int64 {
	var ids []int64
	for _, it := range s.view.Items {
		if s.marked[it.ID] {
			ids = append(ids, it.ID)
		}
	}
	if len(ids) == 0 && len(s.view.Items) > 0 {
		ids = []int64{s.view.Items[s.cursor[tabInventory]].ID}
	}
	return ids
}

func (s *screen) keyPress(msg tea.KeyPressMsg) tea.Cmd {
	if s.Capturing() {
		return s.formMsg(msg)
	}
	k, xk := s.sh.Keys, s.sh.Keys.Exit
	if key.Matches(msg, k.Back) {
		return ui.Back()
	}
	if !s.ready || s.job != nil {
		return nil
	}
	if s.view.Exit == nil {
		if key.Matches(msg, xk.Start) {
			return s.open(startForm(s))
		}
		return nil
	}
	t := s.tab
	switch {
	case key.Matches(msg, xk.Tab):
		s.tab = (s.tab + 1) % 3
		return nil
	case msg.String() == "1" || msg.String() == "2" || msg.String() == "3":
		s.tab = tab(msg.String()[0] - '1')
		return nil
	case key.Matches(msg, k.Up):
		s.cursor[t] = max(s.cursor[t]-1, 0)
		return nil
	case key.Matches(msg, k.Down):
		s.cursor[t] = max(min(s.cursor[t]+1, s.rows()-1), 0)
		return nil
	case key.Matches(msg, k.PageDown):
		s.cursor[t] = max(min(s.cursor[t]+s.listRows(), s.rows()-1), 0)
		return nil
	case key.Matches(msg, k.PageUp):
		s.cursor[t] = max(s.cursor[t]-s.listRows(), 0)
		return nil
	case key.Matches(msg, xk.Docs):
		return ui.GoTo(ui.GoMsg{Key: ui.KindDocs.Key(s.eng.ID), Arg: string(templates.ExitReport)})
	case key.Matches(msg, xk.Record):
		return s.open(recordForm(s, *s.view.Exit))
	case key.Matches(msg, xk.Folder):
		return s.open(folderForm(s, false))
	case key.Matches(msg, xk.Check):
		return s.open(folderForm(s, true))
	}
	switch t {
	case tabChecklist:
		if len(s.view.Checks) == 0 {
			return nil
		}
		c := s.view.Checks[s.cursor[t]]
		switch {
		case key.Matches(msg, xk.Edit):
			return s.open(checkForm(s, c))
		case key.Matches(msg, xk.Toggle):
			next := xm.Check{ID: c.ID, Status: xm.CheckDone, Note: c.Note, Evidence: c.Evidence}
			if c.Status != xm.CheckOpen {
				next = xm.Check{ID: c.ID, Note: c.Note, Evidence: c.Evidence}
			}
			return save(s.sh, s.key(), Write{kind: writeCheck, check: next})
		}
	case tabInventory:
		if len(s.view.Items) == 0 {
			return nil
		}
		switch {
		case key.Matches(msg, xk.Toggle):
			id := s.view.Items[s.cursor[t]].ID
			if s.marked[id] {
				delete(s.marked, id)
			} else {
				s.marked[id] = true
			}
			s.cursor[t] = min(s.cursor[t]+1, len(s.view.Items)-1)
		case key.Matches(msg, xk.MarkAll):
			if len(s.marked) > 0 {
				s.marked = map[int64]bool{}
			} else {
				for _, it := range s.view.Items {
					if it.Disposition == xm.Undisposed {
						s.marked[it.ID] = true
					}
				}
			}
		case key.Matches(msg, xk.Back):
			return s.open(disposeForm(s, s.targets(), xm.HandedBack))
		case key.Matches(msg, xk.Destroy):
			// Cloud: nothing is destroyed before the written authorisation
			// and the deletion plan (seed 001 9.3.5 a)–b)); say so at once.
			probe := xm.Item{Name: "-"}
			if ve := probe.Apply(s.view.Exit, s.view.Cloud, xm.Disposal{Disposition: xm.Destroyed, On: "2000-01-01", Method: "-", Witness: "-"}); ve != nil {
				s.sh.SetError(ve)
				return nil
			}
			return s.open(disposeForm(s, s.targets(), xm.Destroyed))
		}
	}
	return nil
}

func (s *screen) help() ui.KeyHelp {
	k, xk := s.sh.Keys, s.sh.Keys.Exit
	if s.Capturing() {
		return k.FormHelp()
	}
	if s.view.Exit == nil {
		return ui.KeyHelp{Short: []key.Binding{xk.Start, k.Back, k.Help, k.Quit}, Full: [][]key.Binding{{xk.Start, k.Back, k.Help, k.Quit}}}
	}
	short := []key.Binding{xk.Tab, xk.Record, xk.Folder, xk.Check, xk.Docs}
	switch s.tab {
	case tabChecklist:
		short = append(short, xk.Toggle, xk.Edit)
	case tabInventory:
		short = append(short, xk.Toggle, xk.MarkAll, xk.Back, xk.Destroy)
	}
	short = append(short, k.Back, k.Help, k.Quit)
	return ui.KeyHelp{Short: short, Full: [][]key.Binding{{k.Up, k.Down, xk.Tab, xk.Section, xk.Record},
		{xk.Toggle, xk.Edit, xk.MarkAll, xk.Folder, xk.Check, xk.Back, xk.Destroy}, {xk.Docs, k.Back, k.Help, k.Quit}}}
}

func (s *screen) headLines() []string {
	T, st := s.sh.T, s.sh.Styles
	lines := []string{st.Title.Render(ui.Fit(" "+T("tui.exit.title", ui.OneLine(s.eng.Code), ui.OneLine(s.eng.Name)), s.w))}
	if !s.ready || s.view.Exit == nil {
		return lines
	}
	x := s.view.Exit
	state, blocks := s.view.LifecycleState()
	trig := T(x.Trigger.Key())
	if x.FindingID != 0 {
		trig += " #" + strconv.FormatInt(x.FindingID, 10)
	}
	lines = append(lines, ui.Clip(" "+T("tui.screening.state")+ui.StateStyle(st, state).Render("["+T(state.Key())+"]")+"  "+
		T("tui.exit.head", trig, string(x.PlannedStart), string(x.PlannedEnd), len(blocks)), s.w))
	tabs := []string{T("tui.exit.tab.checklist", s.doneChecks(), len(s.view.Checks)), T("tui.exit.tab.inventory", len(s.view.Items)), T("tui.exit.tab.report")}
	var parts []string
	for i, name := range tabs {
		if tab(i) == s.tab {
			parts = append(parts, st.Selected.Render(" "+strconv.Itoa(i+1)+" "+name+" "))
		} else {
			parts = append(parts, " "+strconv.Itoa(i+1)+" "+name+" ")
		}
	}
	return append(lines, ui.Clip(" "+strings.Join(parts, " "), s.w))
}

func (s *screen) doneChecks() int {
	n := 0
	for _, c := range s.view.Checks {
		if c.Status != xm.CheckOpen {
			n++
		}
	}
	return n
}

func (s *screen) listRows() int {
	n := s.h - len(s.headLines()) - 3
	if s.tab == tabInventory {
		n -= len(s.resultLines())
	}
	return max(n, 3)
}

// resultLines are the last receiving check's problems under the inventory:
// the first four, and how many more.
func (s *screen) resultLines() []string {
	if len(s.result) <= 5 {
		return s.result
	}
	return append(s.result[:4:4], s.sh.T("tui.exit.recv.more", len(s.result)-4))
}

func (s *screen) View() string {
	if s.form != nil {
		return s.form.View()
	}
	T, st := s.sh.T, s.sh.Styles
	lines := s.headLines()
	switch {
	case !s.ready && s.loadErr != "":
		return ui.JoinLines(append(lines, st.Error.Render(ui.Clip(" ! "+s.loadErr, s.w))))
	case !s.ready:
		return ui.JoinLines(append(lines, st.Dim.Render(" "+T("tui.loading"))))
	case s.job != nil:
		return ui.JoinLines(append(lines, s.jobLines()...))
	case s.view.Exit == nil:
		lines = append(lines, "")
		lines = append(lines, ui.Wrap(T("tui.exit.none", s.sh.Keys.Exit.Start.Help().Key, s.clause(xm.ClauseStrategy)), s.w, "  ", "  ")...)
		if s.view.ConfidentialityPeriod != "" {
			lines = append(lines, ui.Wrap(T("tui.exit.conf_period", period(s.sh, s.view.ConfidentialityPeriod)), s.w, "  ", "  ")...)
		}
		return ui.JoinLines(lines)
	}
	switch s.tab {
	case tabChecklist:
		lines = append(lines, s.checklistLines()...)
	case tabInventory:
		lines = append(lines, s.inventoryLines()...)
	default:
		rep := s.reportLines()
		top := min(s.cursor[tabReport], max(len(rep)-s.reportRows(), 0))
		lines = append(lines, rep[top:min(top+s.reportRows(), len(rep))]...)
	}
	return ui.JoinLines(lines)
}

func (s *screen) jobLines() []string {
	T := s.sh.T
	pct := 0.0
	if s.jobTotal > 0 {
		pct = float64(s.jobDone) / float64(s.jobTotal)
	}
	key := "tui.exit.job.adding"
	if s.job.kind == writeReceive {
		key = "tui.exit.job.checking"
	}
	return []string{"", ui.Clip(" "+T(key, ui.OneLine(s.job.dir)), s.w), "", " " + s.bar.ViewAs(pct), " " + T("tui.exit.job.progress", s.jobDone, s.jobTotal)}
}

// window is the part of n rows the cursor of the tab shows.
func (s *screen) window(n int) (from, to int) {
	t, rows := s.tab, s.listRows()
	if s.cursor[t] < s.offset[t] {
		s.offset[t] = s.cursor[t]
	}
	if s.cursor[t] >= s.offset[t]+rows {
		s.offset[t] = s.cursor[t] - rows + 1
	}
	s.offset[t] = max(min(s.offset[t], n-rows), 0)
	return s.offset[t], min(s.offset[t]+rows, n)
}

func (s *screen) checklistLines() []string {
	T, st := s.sh.T, s.sh.Styles
	lang := string(s.sh.Catalog.Lang())
	sw := ui.CellWidth(T("tui.exit.col.status"))
	for _, c := range []xm.CheckStatus{xm.CheckOpen, xm.CheckDone, xm.CheckNA} {
		sw = max(sw, ui.CellWidth(T(c.Key())))
	}
	lines := []string{st.Header.Render(ui.Fit("  "+ui.Fit(T("tui.exit.col.status"), sw)+" "+ui.Fit(T("tui.exit.col.item"), 15)+" "+T("tui.exit.col.what"), s.w))}
	from, to := s.window(len(s.view.Checks))
	for i := from; i < to; i++ {
		c := s.view.Checks[i]
		d, _ := xm.CheckDefByID(c.ID)
		mark := "  "
		if i == s.cursor[tabChecklist] {
			mark = "> "
		}
		status := ui.Fit(T(c.Status.Key()), sw)
		switch c.Status {
		case xm.CheckDone:
			status = st.Done.Render(status)
		case xm.CheckNA:
			status = st.Dim.Render(status)
		default:
			status = st.Pending.Render(status)
		}
		what := d.Title.In(lang)
		if c.Note != "" {
			what += " — " + ui.OneLine(c.Note)
		}
		row := mark + status + " " + ui.Fit(c.ID, 15) + " " + what
		if i == s.cursor[tabChecklist] {
			row = st.Selected.Render(ui.Fit(row, s.w))
		}
		lines = append(lines, ui.Clip(row, s.w))
	}
	if len(s.view.Checks) > 0 {
		c := s.view.Checks[s.cursor[tabChecklist]]
		d, _ := xm.CheckDefByID(c.ID)
		info := T("err.clause", s.clause(d.Clause))
		if c.On != "" {
			info += "  " + T("tui.exit.checked_by", string(c.On), ui.OneLine(c.CheckedBy))
		}
		if c.Evidence != "" {
			info += "  " + T("tui.exit.evidence", ui.OneLine(c.Evidence))
		}
		lines = append(lines, st.Dim.Render(ui.Clip(" "+info, s.w)))
	}
	return lines
}

func (s *screen) inventoryLines() []string {
	T, st := s.sh.T, s.sh.Styles
	sum := xm.Summarise(s.view.Items)
	lines := []string{ui.Clip(" "+T("tui.exit.items_sum", sum.Items, sum.HandedBack, sum.Destroyed, sum.Undisposed, ui.FileSize(T, int(sum.Bytes)), len(s.marked)), s.w)}
	if len(s.view.Items) == 0 {
		lines = append(lines, "")
		return append(lines, ui.Wrap(T("tui.exit.no_items", s.sh.Keys.Exit.Folder.Help().Key, s.clause(xm.ClauseInventory)), s.w, "  ", "  ")...)
	}
	lines = append(lines, st.Header.Render(ui.Fit("    "+ui.Fit("#", 6)+" "+ui.Fit(T("tui.exit.col.disposition"), 8)+" "+
		ui.Fit(T("tui.exit.col.received"), 8)+" "+ui.Fit(T("tui.exit.col.size"), 9)+" "+T("tui.exit.col.name"), s.w)))
	from, to := s.window(len(s.view.Items))
	for i := from; i < to; i++ {
		it := s.view.Items[i]
		cur, mk := " ", " "
		if i == s.cursor[tabInventory] {
			cur = ">"
		}
		if s.marked[it.ID] {
			mk = "*"
		}
		disp := ui.Fit(T(it.Disposition.Key()), 8)
		if it.Disposition != xm.Undisposed {
			disp = st.Done.Render(disp)
		}
		recv := ui.Fit(T(it.Received.Key()), 8)
		if it.Received == xm.Changed || it.Received == xm.Missing {
			recv = st.Stop.Render(recv)
		}
		row := cur + mk + "  " + ui.Fit(strconv.FormatInt(it.ID, 10), 6) + " " + disp + " " + recv + " " + ui.Fit(ui.FileSize(T, int(it.Size)), 9) + " " +
			ui.OneLine(it.Label())
		if i == s.cursor[tabInventory] {
			row = st.Selected.Render(ui.Fit(row, s.w))
		}
		lines = append(lines, ui.Clip(row, s.w))
	}
	for _, r := range s.resultLines() {
		lines = append(lines, st.Stop.Render(ui.Clip(" "+r, s.w)))
	}
	return lines
}

func (s *screen) reportLines() []string {
	T, st := s.sh.T, s.sh.Styles
	x, v := s.view.Exit, &s.view
	none := T("tui.exit.none_yet")
	or := func(a string) string {
		if strings.TrimSpace(a) == "" {
			return none
		}
		return ui.OneLine(a)
	}
	var lines []string
	add := func(key string, args ...any) {
		lines = append(lines, ui.Wrap(T(key, args...), s.w, " ", "   ")...)
	}
	succ := T(x.Successor.Key())
	if x.SuccessorName != "" {
		succ += " " + ui.OneLine(x.SuccessorName)
	}
	add("tui.exit.rep.successor", succ)
	if v.Cloud {
		auth := none
		if x.Authorised() {
			auth = ui.OneLine(x.AuthorisedBy) + " " + string(x.AuthorisedOn) + " " + ui.OneLine(x.AuthorisedRef)
		}
		add("tui.exit.rep.authorisation", auth, s.clause(xm.ClauseAuthorised))
		add("tui.exit.rep.plan", or(x.DeletionPlan), s.clause(xm.ClauseDeletePlan))
	}
	add("tui.exit.rep.confirmation", or(strings.TrimSpace(x.ConfirmedBy+" "+string(x.ConfirmedOn))), s.clause(xm.ClauseConfirm))
	add("tui.exit.rep.findings", v.OpenFindings, or(x.CarryOver))
	add("tui.exit.rep.access", len(v.OpenAccess), s.clause(xm.ClauseAccess))
	add("tui.exit.rep.ack", or(strings.TrimSpace(x.AckBy+" "+string(x.AckOn))), s.clause(xm.ClauseReport))
	if v.ConfidentialityEnd != "" {
		add("tui.exit.rep.confidentiality", period(s.sh, v.ConfidentialityPeriod), string(v.ConfidentialityEnd), s.clause(xm.ClauseConfidentia))
	}
	lines = append(lines, "")
	blocks := v.Blocks()
	if len(blocks) == 0 {
		return append(lines, st.Done.Render(ui.Clip(" "+T("tui.exit.complete"), s.w)))
	}
	lines = append(lines, st.Bold.Render(ui.Clip(" "+T("tui.exit.open", len(blocks)), s.w)))
	for _, b := range blocks {
		for _, l := range ui.Wrap(T(b.Key, b.Args...)+s.paren(T("err.clause", s.clause(b.Clause))), s.w, " - ", "   ") {
			lines = append(lines, st.Stop.Render(l))
		}
	}
	return lines
}

// period is the contract's confidentiality_period as the user reads it
// ("5 年", "5 years").
func period(sh *ui.Context, v string) string {
	if p, ok := contract.ParamByName("confidentiality_period"); ok {
		return p.Format(string(sh.Catalog.Lang()), v)
	}
	return v
}

// clause is a clause as the user's language writes it.
func (s *screen) clause(c model.Clause) string {
	return templates.ClauseText(string(s.sh.Catalog.Lang()), c)
}

// paren puts text in brackets as the language writes them.
func (s *screen) paren(text string) string {
	if s.sh.Catalog.Lang() == "en" {
		return " (" + text + ")"
	}
	return "（" + text + "）"
}
