package screening

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"outsec/model"
	"outsec/model/screening"
	"outsec/tui/ui"
)

// screeningPart is the page of the screening screen.
type screeningPart int

const (
	partVendor screeningPart = iota // the vendor's checklist, 6.1 b) 1)–10)
	partPeople                      // the register of service personnel
	partPerson                      // one person's checklist, 6.1 c) 1)–7)
)

// screeningScreen is the vendor and personnel screening of one engagement
// (GB/T 32926—2016 6.1): the vendor's checklist, the register of service
// personnel, and each person's checklist.
type screeningScreen struct {
	sh  *ui.Context
	eng model.Engagement

	sc      screening.Screening
	ready   bool // the first load has arrived
	loadErr string

	part screeningPart
	// the selected row of each page, kept while the other pages are shown
	cursor [3]int
	offset [3]int
	// personID is the person whose checklist partPerson shows.
	personID int64

	form *screeningForm // the open form or question; nil when none

	w, h int
}

func newScreeningScreen(sh *ui.Context, e model.Engagement, w, h int) *screeningScreen {
	s := &screeningScreen{sh: sh, eng: e}
	s.SetSize(w, h)
	return s
}

// SetSize gives the screen its body.
func (s *screeningScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	if s.form != nil {
		s.form.SetSize(w, h)
	}
}

func (s *screeningScreen) formOpen() bool { return s.form != nil }

func (s *screeningScreen) setData(sc screening.Screening) {
	s.sc, s.ready = sc, true
	s.clamp()
}

// loaded takes the screening read from the store.
func (s *screeningScreen) loaded(e model.Engagement, sc screening.Screening, err error) {
	if e.ID != 0 {
		s.eng = e
	}
	if err != nil {
		s.loadErr = s.sh.Describe(err)[0]
		return
	}
	s.loadErr = ""
	s.setData(sc)
}

// saved takes the result of a write: the screening as now stored, and the
// form back with the problem when the store refused it.
func (s *screeningScreen) saved(msg screeningSavedMsg) tea.Cmd {
	if msg.loadErr == nil {
		s.setData(msg.sc)
	}
	if msg.w.kind == writeCreatePerson && msg.err == nil {
		// Select the person just added.
		s.cursor[partPeople] = len(s.sc.People) - 1
		s.clamp()
	}
	if s.form == nil || !s.form.submitting {
		return nil
	}
	if msg.err != nil && s.form.kind != formDeletePerson {
		return s.form.rejected(msg.err)
	}
	s.form = nil
	return nil
}

// clamp keeps the selections within their lists, and leaves a person's
// checklist whose person is gone.
func (s *screeningScreen) clamp() {
	s.cursor[partVendor] = min(max(s.cursor[partVendor], 0), len(screening.VendorItems)-1)
	s.cursor[partPerson] = min(max(s.cursor[partPerson], 0), len(screening.PersonItems)-1)
	s.cursor[partPeople] = min(max(s.cursor[partPeople], 0), max(len(s.sc.People)-1, 0))
	if s.part == partPerson && s.person() == nil {
		s.part = partPeople
	}
}

// person is the person whose checklist is open.
func (s *screeningScreen) person() *screening.Person {
	for i := range s.sc.People {
		if s.sc.People[i].ID == s.personID {
			return &s.sc.People[i]
		}
	}
	return nil
}

// selectedPerson is the person selected in the register.
func (s *screeningScreen) selectedPerson() *screening.Person {
	i := s.cursor[partPeople]
	if i < 0 || i >= len(s.sc.People) {
		return nil
	}
	return &s.sc.People[i]
}

// formUpdate takes a message for the open form: its own messages and, while
// it is open, the keys.
func (s *screeningScreen) formUpdate(msg tea.Msg) tea.Cmd {
	if s.form == nil {
		return nil
	}
	cmd, done := s.form.Update(msg)
	if !done {
		return cmd
	}
	f := s.form
	if f.aborted() {
		s.form = nil
		return cmd
	}
	w, ok := f.write()
	if !ok {
		return tea.Batch(cmd, f.rebuild())
	}
	f.submitting = true
	return tea.Batch(cmd, saveScreeningCmd(s.sh, s.eng.ID, w))
}

// items is the checklist the page shows, with its answers.
func (s *screeningScreen) items() ([]screening.Item, screening.Checklist) {
	switch s.part {
	case partVendor:
		return screening.VendorItems, s.sc.Vendor
	case partPerson:
		if p := s.person(); p != nil {
			return screening.PersonItems, p.Checklist
		}
	}
	return nil, nil
}

func (s *screeningScreen) rows() int {
	switch s.part {
	case partPeople:
		return len(s.sc.People)
	case partPerson:
		return len(screening.PersonItems)
	}
	return len(screening.VendorItems)
}

func (s *screeningScreen) move(delta int) {
	n := s.rows()
	if n == 0 {
		return
	}
	s.cursor[s.part] = min(max(s.cursor[s.part]+delta, 0), n-1)
}

// handleKey is a key press with no form open; leave is true when the user
// leaves the screen.
func (s *screeningScreen) handleKey(msg tea.KeyPressMsg) (cmd tea.Cmd, leave bool) {
	k, sk := s.sh.Keys, s.sh.Keys.Screen
	switch {
	case key.Matches(msg, k.Up):
		s.move(-1)
		return nil, false
	case key.Matches(msg, k.Down):
		s.move(1)
		return nil, false
	case key.Matches(msg, k.PageUp):
		s.move(-max(s.h/2, 1))
		return nil, false
	case key.Matches(msg, k.PageDown):
		s.move(max(s.h/2, 1))
		return nil, false
	case key.Matches(msg, k.Home):
		s.move(-1 << 20)
		return nil, false
	case key.Matches(msg, k.End):
		s.move(1 << 20)
		return nil, false
	case key.Matches(msg, sk.ToPeople):
		if s.part == partVendor {
			s.part = partPeople
		} else {
			s.part = partVendor
		}
		return nil, false
	case key.Matches(msg, k.Back):
		if s.part == partPerson {
			s.part = partPeople
			return nil, false
		}
		return nil, true
	}
	if !s.ready {
		return nil, false
	}
	if s.part == partPeople {
		return s.peopleKey(msg), false
	}
	items, cl := s.items()
	if items == nil {
		return nil, false
	}
	it := items[s.cursor[s.part]]
	a := cl.Answer(it.ID)
	switch {
	case key.Matches(msg, sk.AllMet):
		// Every item not yet assessed marked met, in one write (issue 16).
		var as []screening.Answer
		for _, x := range items {
			if b := cl.Answer(x.ID); b.Result == screening.Unknown || b.Result == "" {
				b.Item, b.Result = x.ID, screening.Met
				as = append(as, b)
			}
		}
		if len(as) == 0 {
			s.sh.SetStatusText(s.sh.T("tui.screening.status.all_met_none"), false)
			return nil, false
		}
		w := screeningWrite{kind: writeAnswersMet, answers: as}
		if s.part == partPerson {
			w.personID = s.personID
		}
		return saveScreeningCmd(s.sh, s.eng.ID, w), false
	case key.Matches(msg, sk.Cycle):
		a.Result = a.Result.Next()
		return saveScreeningCmd(s.sh, s.eng.ID, s.answerWrite(a)), false
	case key.Matches(msg, sk.Answer):
		var cmd tea.Cmd
		s.form, cmd = newAnswerForm(s.sh, s.subject(), it, a, s.personID, s.w, s.h)
		return cmd, false
	}
	return nil, false
}

// answerWrite is the store action that records a on the page's checklist.
func (s *screeningScreen) answerWrite(a screening.Answer) screeningWrite {
	if s.part == partPerson {
		return screeningWrite{kind: writePersonAnswer, answer: a, personID: s.personID}
	}
	return screeningWrite{kind: writeVendorAnswer, answer: a}
}

// subject is whom the page's checklist is about.
func (s *screeningScreen) subject() string {
	if p := s.person(); s.part == partPerson && p != nil {
		return s.sh.T("tui.screening.subject.person", ui.OneLine(p.Name))
	}
	return s.sh.T("tui.screening.subject.vendor", s.vendorName())
}

func (s *screeningScreen) vendorName() string {
	if s.eng.Vendor.Name == "" {
		return s.sh.T("tui.panel.no_vendor")
	}
	return ui.OneLine(s.eng.Vendor.Name)
}

func (s *screeningScreen) peopleKey(msg tea.KeyPressMsg) tea.Cmd {
	sk := s.sh.Keys.Screen
	var cmd tea.Cmd
	switch {
	case key.Matches(msg, sk.AddP):
		s.form, cmd = newPersonForm(s.sh, nil, s.eng.Vendor.Name, s.w, s.h)
	case key.Matches(msg, sk.EditP):
		if p := s.selectedPerson(); p != nil {
			s.form, cmd = newPersonForm(s.sh, p, s.eng.Vendor.Name, s.w, s.h)
		}
	case key.Matches(msg, sk.DeleteP):
		if p := s.selectedPerson(); p != nil {
			s.form, cmd = newDeletePersonForm(s.sh, p, s.w, s.h)
		}
	case key.Matches(msg, accessBinding(s.sh)):
		// The person's accesses and training (7.2 a) 2), 4)), page people.
		if p := s.selectedPerson(); p != nil {
			return ui.GoTo(ui.GoMsg{Key: ui.KindPeople.Key(s.eng.ID), Arg: strconv.FormatInt(p.ID, 10)})
		}
	case key.Matches(msg, sk.Open):
		if p := s.selectedPerson(); p != nil {
			if s.personID != p.ID {
				s.cursor[partPerson], s.offset[partPerson] = 0, 0
			}
			s.personID, s.part = p.ID, partPerson
		}
	}
	return cmd
}

// help is the screen's help line as it stands.
func (s *screeningScreen) help() ui.KeyHelp {
	if s.form != nil {
		return s.form.help(s.sh.Keys)
	}
	h := screeningHelp(s.sh.Keys, s.part)
	if s.part == partPeople {
		h.Short = append(h.Short, accessBinding(s.sh))
		h.Full = [][]key.Binding{h.Short}
	}
	return h
}

// View draws the screen: what it is about, the state of the step, the pages,
// then the page.
func (s *screeningScreen) View() string {
	if s.form != nil {
		return s.form.View()
	}
	T, st := s.sh.T, s.sh.Styles
	lines := []string{
		st.Title.Render(ui.Fit(" "+T("tui.screening.title", ui.OneLine(s.eng.Code), ui.OneLine(s.eng.Name)), s.w)),
	}
	if !s.ready {
		if s.loadErr != "" {
			lines = append(lines, st.Error.Render(ui.Clip(" ! "+s.loadErr, s.w)))
		} else {
			lines = append(lines, st.Dim.Render(" "+T("tui.loading")))
		}
		return ui.JoinLines(lines)
	}
	state, blocks := s.sc.LifecycleState()
	lines = append(lines, s.summaryLine(state), s.tabLine())
	room := max(s.h-len(lines), 1)
	var page []string
	if s.part == partPeople {
		page = s.peopleView(room, blocks)
	} else {
		page = s.checklistView(room, blocks)
	}
	return ui.JoinLines(append(lines, page...))
}

func (s *screeningScreen) summaryLine(state model.State) string {
	T, st := s.sh.T, s.sh.Styles
	label := "[" + T(state.Key()) + "]"
	t := s.sc.Vendor.Count(screening.VendorItems)
	text := T("tui.screening.summary", t.Met, t.NotMet, t.Unknown)
	line := " " + T("tui.screening.state") + ui.StateStyle(st, state).Render(label) + "  " + text
	if n := s.sc.WithoutNDA(); n > 0 {
		line += "  " + st.Stop.Render(T("tui.screening.summary_no_nda", n))
	}
	return ui.Clip(line, s.w)
}

func (s *screeningScreen) tabLine() string {
	T, st := s.sh.T, s.sh.Styles
	tab := func(text string, on bool) string {
		if on {
			return st.Selected.Render(" " + text + " ")
		}
		return " " + text + " "
	}
	line := " " + tab(T("tui.screening.part.vendor"), s.part == partVendor) + " " +
		tab(T("tui.screening.part.people", len(s.sc.People)), s.part != partVendor)
	if p := s.person(); s.part == partPerson && p != nil {
		line += " › " + st.Bold.Render(ui.OneLine(p.Name))
		if !p.HasNDA() {
			line += " " + st.Stop.Render(T("tui.screening.no_nda"))
		}
	}
	return ui.Clip(line, s.w)
}

// resultText is a result's name, coloured by what it means.
func (s *screeningScreen) resultText(r screening.Result, width int, plain bool) string {
	text := ui.Fit(s.sh.T(r.Key()), width)
	if plain {
		return text
	}
	st := s.sh.Styles
	switch r {
	case screening.Met:
		return st.Done.Render(text)
	case screening.NotMet:
		return st.Stop.Render(text)
	}
	return st.Dim.Render(text)
}

func (s *screeningScreen) resultWidth() int {
	w := ui.CellWidth(s.sh.T("tui.screening.col.result"))
	for _, r := range screening.Results {
		w = max(w, ui.CellWidth(s.sh.T(r.Key())))
	}
	return w
}

// window is the first row to show so that the cursor of page p is among
// the n rows shown.
func (s *screeningScreen) window(p screeningPart, total, n int) int {
	c := s.cursor[p]
	off := s.offset[p]
	if c < off {
		off = c
	}
	if c >= off+n {
		off = c - n + 1
	}
	off = max(min(off, total-n), 0)
	s.offset[p] = off
	return off
}

// checklistView is the vendor's or a person's checklist in h lines: the
// items with their results, the selected item in full with its evidence, and
// what blocks the step.
func (s *screeningScreen) checklistView(h int, blocks []model.Block) []string {
	T, st := s.sh.T, s.sh.Styles
	items, cl := s.items()
	if items == nil {
		return nil
	}
	labelW := 0
	for _, it := range items {
		labelW = max(labelW, ui.CellWidth(it.Label()))
	}
	labelW = max(labelW, ui.CellWidth(T("tui.screening.col.clause")))
	resW := s.resultWidth()
	textW := max(s.w-2-labelW-1-1-resW-1, 4)

	// The detail takes what the list leaves, but at least a few lines.
	listN := min(len(items), max(h-1-4, 3))
	var out []string
	out = append(out, st.Header.Render(ui.Fit("  "+ui.Fit(T("tui.screening.col.clause"), labelW)+" "+
		ui.Fit(T("tui.screening.col.item"), textW)+" "+ui.Fit(T("tui.screening.col.result"), resW), s.w)))
	first := s.window(s.part, len(items), listN)
	for i := first; i < first+listN && i < len(items); i++ {
		it := items[i]
		a := cl.Answer(it.ID)
		sel := i == s.cursor[s.part]
		mark := "  "
		if sel {
			mark = "> "
		}
		row := mark + ui.Fit(it.Label(), labelW) + " " + ui.Fit(T(it.Key()), textW) + " "
		if sel {
			out = append(out, st.Selected.Render(ui.Fit(row+s.resultText(a.Result, resW, true), s.w)))
		} else {
			out = append(out, row+s.resultText(a.Result, resW, false))
		}
	}
	// The selected item in full.
	it := items[s.cursor[s.part]]
	a := cl.Answer(it.ID)
	var detail []string
	detail = append(detail, "")
	detail = append(detail, ui.Wrap(T(it.Key())+" ("+T("err.clause", string(it.Clause))+")", s.w,
		" "+ui.Fit(it.Label(), labelW)+" ", strings.Repeat(" ", labelW+2))...)
	ev := a.Evidence
	if strings.TrimSpace(ev) == "" {
		ev = T("tui.screening.no_evidence")
	}
	for _, l := range ui.Wrap(T("tui.screening.evidence", ev), s.w, " ", "   ") {
		detail = append(detail, st.Dim.Render(l))
	}
	return s.fill(out, detail, blocks, h)
}

// fill puts the detail and the blocks under the list, within h lines; what
// does not fit is counted, never silently dropped.
func (s *screeningScreen) fill(out, detail []string, blocks []model.Block, h int) []string {
	T, st := s.sh.T, s.sh.Styles
	room := h - len(out)
	if room <= 0 {
		return out[:h]
	}
	if len(detail) > room {
		detail = detail[:room]
	}
	out = append(out, detail...)
	room -= len(detail)
	if len(blocks) == 0 || room < 2 {
		return out
	}
	var bl []string
	bl = append(bl, st.Stop.Render(ui.Clip(" "+T("tui.screening.blocks", len(blocks)), s.w)))
	for _, b := range blocks {
		text := T(b.Key, b.Args...)
		if b.Clause != "" {
			text += " (" + T("err.clause", string(b.Clause)) + ")"
		}
		bl = append(bl, ui.Wrap(text, s.w, "  ! ", "    ")...)
	}
	if len(bl) > room {
		bl = bl[:room]
		bl[room-1] = st.Dim.Render(ui.Clip("  "+T("tui.screening.more", len(blocks)), s.w))
	}
	return append(out, bl...)
}

// peopleColumns are the register's column widths.
type peopleColumns struct{ name, role, id, nda, verdict int }

func (s *screeningScreen) peopleColumns() peopleColumns {
	T := s.sh.T
	c := peopleColumns{
		nda:     max(ui.CellWidth(T("tui.screening.col.nda")), ui.CellWidth(T("tui.screening.no_nda")), len(model.DateLayout)),
		verdict: max(ui.CellWidth(T("tui.screening.col.verdict")), ui.CellWidth(T("tui.screening.conflict"))),
		id:      max(ui.CellWidth(T("tui.screening.col.id")), 18),
	}
	for _, v := range []screening.Verdict{screening.Passed, screening.Failed, screening.Pending} {
		c.verdict = max(c.verdict, ui.CellWidth(T(v.Key())))
	}
	if len(s.sc.LeftWithAccess()) > 0 {
		c.verdict = max(c.verdict, ui.CellWidth(T("people.flag.left_access")))
	}
	rest := s.w - 2 - 4 - c.id - c.nda - c.verdict
	if rest < 16 {
		c.id = max(c.id+rest-16, 8)
		rest = 16
	}
	c.name = rest * 2 / 5
	c.role = rest - c.name
	return c
}

// peopleView is the register in h lines: name, role, identity document, the
// NDA (flagged when there is none, 6.4 a)) and the screening verdict; the
// selected person in detail; what blocks the step.
func (s *screeningScreen) peopleView(h int, blocks []model.Block) []string {
	T, st := s.sh.T, s.sh.Styles
	c := s.peopleColumns()
	var out []string
	out = append(out, st.Header.Render(ui.Fit("  "+ui.Fit(T("tui.screening.col.name"), c.name)+" "+ui.Fit(T("tui.screening.col.role"), c.role)+" "+
		ui.Fit(T("tui.screening.col.id"), c.id)+" "+ui.Fit(T("tui.screening.col.nda"), c.nda)+" "+ui.Fit(T("tui.screening.col.verdict"), c.verdict), s.w)))
	if len(s.sc.People) == 0 {
		out = append(out, "")
		out = append(out, ui.Wrap(T("tui.screening.no_people", s.sh.Keys.Screen.AddP.Help().Key), s.w, "  ", "  ")...)
		return s.fill(out, nil, blocks, h)
	}
	listN := min(len(s.sc.People), max(h-1-5, 3))
	first := s.window(partPeople, len(s.sc.People), listN)
	for i := first; i < first+listN && i < len(s.sc.People); i++ {
		p := &s.sc.People[i]
		sel := i == s.cursor[partPeople]
		mark := "  "
		if sel {
			mark = "> "
		}
		row := mark + ui.Fit(ui.OneLine(p.Name), c.name) + " " + ui.Fit(ui.OneLine(p.Role), c.role) + " " + ui.Fit(ui.OneLine(p.IDNumber), c.id) + " "
		nda := ui.Fit(string(p.NDASigned), c.nda)
		if !p.HasNDA() {
			nda = ui.Fit(T("tui.screening.no_nda"), c.nda)
		}
		verdict := ui.Fit(T(p.Verdict().Key()), c.verdict)
		conflict := len(p.Conflicts()) > 0 || p.LeftWithAccess()
		if p.LeftWithAccess() {
			// Left with an access still open (7.2 a) 2); A.4 b)).
			verdict = ui.Fit(T("people.flag.left_access"), c.verdict)
		} else if conflict {
			// An answer the person's record contradicts is flagged, never
			// taken as met (Person.Conflicts).
			verdict = ui.Fit(T("tui.screening.conflict"), c.verdict)
		}
		if sel {
			out = append(out, st.Selected.Render(ui.Fit(row+nda+" "+verdict, s.w)))
			continue
		}
		if !p.HasNDA() {
			nda = st.Stop.Render(nda)
		}
		switch v := p.Verdict(); {
		case conflict:
			verdict = st.Stop.Render(verdict)
		case v == screening.Passed:
			verdict = st.Done.Render(verdict)
		case v == screening.Failed:
			verdict = st.Stop.Render(verdict)
		default:
			verdict = st.Dim.Render(verdict)
		}
		out = append(out, row+nda+" "+verdict)
	}
	if len(s.sc.People) > listN {
		out = append(out, st.Dim.Render(ui.Clip("  "+T("tui.screening.rows", first+1, min(first+listN, len(s.sc.People)), len(s.sc.People)), s.w)))
	}
	return s.fill(out, s.personDetail(s.selectedPerson()), blocks, h)
}

// personDetail is what the register's columns leave out about p.
func (s *screeningScreen) personDetail(p *screening.Person) []string {
	if p == nil {
		return nil
	}
	T, st := s.sh.T, s.sh.Styles
	unset := T("tui.panel.unset")
	or := func(v string) string {
		if strings.TrimSpace(v) == "" {
			return unset
		}
		return ui.OneLine(v)
	}
	id := T(p.IDType.Key())
	if p.IDNumber != "" {
		id += " " + ui.OneLine(p.IDNumber)
	}
	t := p.Checklist.Count(screening.PersonItems)
	lines := []string{""}
	add := func(text string) {
		for _, l := range ui.Wrap(text, s.w, " ", "   ") {
			lines = append(lines, st.Dim.Render(l))
		}
	}
	add(T("tui.screening.detail.employer", or(p.EmployerOr(s.eng.Vendor.Name)), or(p.Phone), or(string(p.StartDate))))
	add(T("tui.screening.detail.id", id))
	add(T("tui.screening.detail.checklist", t.Met, t.NotMet, t.Unknown))
	if !p.HasNDA() {
		for _, l := range ui.Wrap(T("tui.screening.detail.no_nda", T("err.clause", string(screening.ClauseNDA))), s.w, " ", "   ") {
			lines = append(lines, st.Stop.Render(l))
		}
	}
	for _, c := range p.Conflicts() {
		for _, l := range ui.Wrap("! "+T(c.Key, p.Name)+" "+T("err.clause", string(c.Clause)), s.w, " ", "   ") {
			lines = append(lines, st.Stop.Render(l))
		}
	}
	lines = append(lines, s.accessLines(p)...)
	return lines
}
