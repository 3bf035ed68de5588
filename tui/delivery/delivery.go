// Package delivery is the workbench page of the deliverable verification
// (阶段成果交付验证, GB/T 32926—2016 7.2), one record per milestone of the
// plan: a) 1) each contract security clause implemented or not (y / n, the
// next clause follows), a) 2) the people's authorisations and a) 4) their
// training from the people register — a leaver with an access open is
// flagged —, a) 3) the service records, b) a problem with its cause and the
// leader's decision (a corrective action). Opened with D on the dashboard.
package delivery

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"outsec/model"
	"outsec/model/contract"
	"outsec/model/plan"
	"outsec/model/screening"
	sv "outsec/model/supervision"
	"outsec/tui/ui"
)

// Registration is the page in the root's registry.
var Registration = ui.Registration{Kind: ui.KindDelivery, New: New}

type keys struct{ Yes, No, Edit, Focus key.Binding }

// Data is what the page shows.
type Data struct {
	Plan   plan.Plan
	List   []sv.Verification
	People screening.Screening
}

type (
	loadedMsg struct {
		to   ui.PageKey
		eng  model.Engagement
		data Data
		err  error
	}
	savedMsg struct {
		to      ui.PageKey
		v       sv.Verification
		data    Data
		loadErr error
		err     error
	}
)

func (m loadedMsg) Recipient() ui.PageKey { return m.to }
func (m savedMsg) Recipient() ui.PageKey  { return m.to }
func (savedMsg) EndsWrite() bool          { return true }

func readData(sh *ui.Context, engID int64) (Data, error) {
	st, ctx := sh.Store, sh.Ctx
	p, err := st.Plan(ctx, engID)
	if err != nil {
		return Data{}, err
	}
	list, err := st.Deliveries(ctx, engID)
	if err != nil {
		return Data{}, err
	}
	sc, err := st.Screening(ctx, engID)
	return Data{Plan: p, List: list, People: sc}, err
}

func load(sh *ui.Context, to ui.PageKey) tea.Cmd {
	return func() tea.Msg {
		e, err := sh.Store.Engagement(sh.Ctx, to.Engagement)
		if err != nil {
			return loadedMsg{to: to, err: err}
		}
		d, err := readData(sh, to.Engagement)
		return loadedMsg{to: to, eng: e, data: d, err: err}
	}
}

func save(sh *ui.Context, to ui.PageKey, v sv.Verification) tea.Cmd {
	st, ctx, op := sh.Store, sh.Ctx, sh.Operator
	sh.Writing()
	return func() tea.Msg {
		err := st.SaveDelivery(ctx, op, to.Engagement, &v)
		d, lerr := readData(sh, to.Engagement)
		return savedMsg{to: to, v: v, data: d, loadErr: lerr, err: err}
	}
}

type screen struct {
	sh      *ui.Context
	keys    keys
	eng     model.Engagement
	data    Data
	ready   bool
	loadErr string
	cursor  int  // the milestone
	clause  int  // the clause, when onClauses
	onItems bool // the clauses have the keys
	form    *ui.RecordForm[sv.Verification]
	w, h    int
}

// New makes the page of an engagement.
func New(sh *ui.Context, engID int64) ui.Page {
	b := func(k, h string) key.Binding { return key.NewBinding(key.WithKeys(k), key.WithHelp(k, sh.T(h))) }
	return &screen{sh: sh, eng: model.Engagement{ID: engID},
		keys: keys{Yes: b("y", "delivery.help.yes"), No: b("n", "delivery.help.no"), Edit: b("e", "delivery.help.edit"), Focus: b("tab", "delivery.help.focus")}}
}

func (s *screen) key() ui.PageKey { return ui.KindDelivery.Key(s.eng.ID) }

func (s *screen) Init() tea.Cmd {
	s.sh.SetStatus("")
	return load(s.sh, s.key())
}

func (s *screen) Title() string       { return s.sh.T("delivery.page", ui.OneLine(s.eng.Code)) }
func (s *screen) Capturing() bool     { return s.form != nil }
func (s *screen) KeyMap() help.KeyMap { return s.help() }

func (s *screen) SetSize(w, h int) {
	s.w, s.h = w, h
	if s.form != nil {
		s.form.SetSize(w, h)
	}
}

func (s *screen) help() ui.KeyHelp {
	k := s.sh.Keys
	if s.form != nil {
		return k.FormHelp()
	}
	short := []key.Binding{s.keys.Focus, s.keys.Edit, k.Back, k.Help, k.Quit}
	if s.onItems {
		short = []key.Binding{s.keys.Yes, s.keys.No, s.keys.Focus, s.keys.Edit, k.Back, k.Help, k.Quit}
	}
	return ui.KeyHelp{Short: short, Full: [][]key.Binding{append([]key.Binding{k.Up, k.Down}, short...)}}
}

func (s *screen) items() []contract.Item { return sv.DeliveryItems(s.eng.CloudWebsite) }

// milestone is the selected milestone and its verification (a new one
// when none is recorded).
func (s *screen) milestone() (plan.Milestone, sv.Verification, bool) {
	ms := s.data.Plan.Milestones
	if s.cursor < 0 || s.cursor >= len(ms) {
		return plan.Milestone{}, sv.Verification{}, false
	}
	m := ms[s.cursor]
	for _, v := range s.data.List {
		if v.Milestone == m.Name {
			return m, v, true
		}
	}
	return m, sv.Verification{Milestone: m.Name, Due: m.Date}, true
}

func (s *screen) clamp() {
	s.cursor = min(max(s.cursor, 0), max(len(s.data.Plan.Milestones)-1, 0))
	s.clause = min(max(s.clause, 0), max(len(s.items())-1, 0))
}

func (s *screen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.eng.ID != 0 {
			s.eng = msg.eng
		}
		if msg.err != nil {
			s.loadErr = s.sh.Describe(msg.err)[0]
			s.sh.SetError(msg.err)
			return nil
		}
		s.data, s.ready, s.loadErr = msg.data, true, ""
		s.clamp()
		return nil
	case savedMsg:
		if msg.loadErr == nil {
			s.data, s.ready = msg.data, true
		}
		s.clamp()
		s.sh.SetOutcome(msg.err, msg.loadErr, s.sh.T("delivery.status.saved", ui.OneLine(msg.v.Milestone)))
		if f := s.form; f != nil && f.Submitting() {
			if msg.err != nil {
				return f.Rejected(msg.err)
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

func (s *screen) formMsg(msg tea.Msg) tea.Cmd {
	f := s.form
	if f == nil {
		return nil
	}
	cmd, v, closed := f.Step(msg)
	switch {
	case closed:
		s.form = nil
		s.sh.SetStatus(s.sh.T("tui.status.nothing_changed"))
	case v != nil:
		return tea.Batch(cmd, save(s.sh, s.key(), *v))
	}
	return cmd
}

func (s *screen) keyPress(msg tea.KeyPressMsg) tea.Cmd {
	if s.form != nil {
		return s.formMsg(msg)
	}
	k := s.sh.Keys
	switch {
	case key.Matches(msg, k.Back):
		if s.onItems {
			s.onItems = false
			return nil
		}
		return ui.Back()
	case key.Matches(msg, k.Up):
		if s.onItems {
			s.clause--
		} else {
			s.cursor--
		}
	case key.Matches(msg, k.Down):
		if s.onItems {
			s.clause++
		} else {
			s.cursor++
		}
	case key.Matches(msg, s.keys.Focus):
		s.onItems = !s.onItems
	}
	s.clamp()
	if !s.ready {
		return nil
	}
	_, v, ok := s.milestone()
	if !ok {
		return nil
	}
	switch {
	case key.Matches(msg, s.keys.Edit):
		return s.open(s.verificationForm(v))
	case s.onItems && key.Matches(msg, s.keys.Yes, s.keys.No):
		items := s.items()
		if s.clause >= len(items) {
			return nil
		}
		impl := sv.ImplYes
		if key.Matches(msg, s.keys.No) {
			impl = sv.ImplNo
		}
		c := v.Clause(items[s.clause].ID)
		c.Implemented = impl
		v.Clauses = withClause(v.Clauses, c)
		s.clause++
		s.clamp()
		return save(s.sh, s.key(), v)
	}
	return nil
}

func withClause(cs []sv.ClauseCheck, c sv.ClauseCheck) []sv.ClauseCheck {
	out := append([]sv.ClauseCheck(nil), cs...)
	for i := range out {
		if out[i].Item == c.Item {
			out[i] = c
			return out
		}
	}
	return append(out, c)
}

func (s *screen) open(f *ui.RecordForm[sv.Verification]) tea.Cmd {
	s.form = f
	return f.Rebuild()
}

func (s *screen) verificationForm(v sv.Verification) *ui.RecordForm[sv.Verification] {
	T := s.sh.T
	var pr sv.Problem
	if len(v.Problems) > 0 {
		pr = v.Problems[len(v.Problems)-1]
	}
	x := struct {
		date, verifier, accessNotes, records, trainingNotes, problem, cause, decision, leader string
		access, training                                                                      bool
	}{string(v.Date), v.Verifier, v.AccessNotes, v.Records, v.TrainingNotes, "", "", "", v.Leader, v.AccessChecked, v.TrainingChecked}
	if x.date == "" {
		x.date = s.sh.Store.Now().Format(model.DateLayout)
	}
	if x.verifier == "" {
		x.verifier = s.sh.Operator.Name
	}
	if pr.Finding == 0 {
		x.problem, x.cause, x.decision = pr.Description, pr.Cause, pr.Decision
	}
	build := func() *huh.Form {
		return huh.NewForm(
			huh.NewGroup(
				huh.NewInput().Key("date").Title(T("field.delivery.date")).Description(T("tui.findings.form.date_hint")).
					Value(&x.date).Validate(ui.ValidateDate(s.sh, "field.delivery.date", false)),
				huh.NewInput().Key("verifier").Title(T("field.delivery.verifier")).Value(&x.verifier).CharLimit(model.MaxShortText),
				huh.NewConfirm().Key("access").Title(T("field.delivery.access_checked")).Description(T("delivery.form.access_hint", len(s.data.People.LeftWithAccess()))).
					Affirmative(T("tui.yes")).Negative(T("tui.no")).Value(&x.access),
				huh.NewInput().Key("access_notes").Title(T("field.delivery.access_notes")).Value(&x.accessNotes).CharLimit(model.MaxLongText),
				huh.NewInput().Key("records").Title(T("field.delivery.records")).Description(T("delivery.form.records_hint")).Value(&x.records).CharLimit(model.MaxLongText),
				huh.NewConfirm().Key("training").Title(T("field.delivery.training_checked")).Affirmative(T("tui.yes")).Negative(T("tui.no")).Value(&x.training),
				huh.NewInput().Key("training_notes").Title(T("field.delivery.training_notes")).Value(&x.trainingNotes).CharLimit(model.MaxLongText),
			).Title(T("delivery.form.group_a")),
			huh.NewGroup(
				huh.NewInput().Key("problem").Title(T("field.delivery.problems.description")).Value(&x.problem).CharLimit(model.MaxLongText),
				huh.NewInput().Key("cause").Title(T("field.delivery.problems.cause")).Value(&x.cause).CharLimit(model.MaxLongText),
				huh.NewInput().Key("decision").Title(T("field.delivery.problems.decision")).Description(T("delivery.form.decision_hint")).Value(&x.decision).CharLimit(model.MaxLongText),
				huh.NewInput().Key("leader").Title(T("field.delivery.leader")).Value(&x.leader).CharLimit(model.MaxShortText),
			).Title(T("delivery.form.group_b", string(sv.ClauseProblems))),
		)
	}
	wr := func() (sv.Verification, error, bool) {
		n := v
		n.Date, n.Verifier, n.AccessChecked, n.AccessNotes = ui.DateOf(x.date), strings.TrimSpace(x.verifier), x.access, strings.TrimSpace(x.accessNotes)
		n.Records, n.TrainingChecked, n.TrainingNotes, n.Leader = strings.TrimSpace(x.records), x.training, strings.TrimSpace(x.trainingNotes), strings.TrimSpace(x.leader)
		n.Problems = append([]sv.Problem(nil), v.Problems...)
		if d := strings.TrimSpace(x.problem); d != "" {
			p := sv.Problem{Description: d, Cause: strings.TrimSpace(x.cause), Decision: strings.TrimSpace(x.decision)}
			if len(n.Problems) > 0 && n.Problems[len(n.Problems)-1].Finding == 0 {
				n.Problems[len(n.Problems)-1] = p
			} else {
				n.Problems = append(n.Problems, p)
			}
		}
		if ve := n.Validate(s.eng.CloudWebsite); ve != nil {
			return n, ve, false
		}
		return n, nil, false
	}
	return ui.NewRecordForm(s.sh, s.w, s.h, T("delivery.form.title", ui.OneLine(v.Milestone), string(v.Due)), nil, build, wr)
}

func (s *screen) View() string {
	if s.form != nil {
		return s.form.View()
	}
	T, st := s.sh.T, s.sh.Styles
	lines := []string{st.Title.Render(ui.Fit(" "+T("delivery.title", ui.OneLine(s.eng.Code), ui.OneLine(s.eng.Name)), s.w))}
	if !s.ready {
		if s.loadErr != "" {
			lines = append(lines, st.Error.Render(ui.Clip(" ! "+s.loadErr, s.w)))
		} else {
			lines = append(lines, st.Dim.Render(" "+T("tui.loading")))
		}
		return ui.JoinLines(lines)
	}
	ms := s.data.Plan.Milestones
	if len(ms) == 0 {
		lines = append(lines, "", ui.Clip("  "+T("delivery.no_milestones", string(sv.ClauseMilestone)), s.w))
		return ui.JoinLines(lines)
	}
	today := model.Date(s.sh.Store.Now().Format(model.DateLayout))
	for i, m := range ms {
		state := T("delivery.state.not_due")
		var v *sv.Verification
		for j := range s.data.List {
			if s.data.List[j].Milestone == m.Name {
				v = &s.data.List[j]
			}
		}
		switch {
		case v != nil && v.Complete(s.eng.CloudWebsite, &s.data.People):
			state = T("delivery.state.verified", string(v.Date))
		case v != nil:
			state = T("delivery.state.in_progress")
		case !today.Before(m.Date):
			state = T("delivery.state.due")
		}
		row := fmt.Sprintf("%s  %s  %s", m.Date, ui.OneLine(m.Name), state)
		if i == s.cursor && !s.onItems {
			lines = append(lines, st.Selected.Render(ui.Fit("> "+row, s.w)))
		} else {
			lines = append(lines, ui.Clip("  "+row, s.w))
		}
	}
	_, v, _ := s.milestone()
	// a) 2), a) 4): from the people register.
	leavers := s.data.People.LeftWithAccess()
	trained := 0
	for _, p := range s.data.People.People {
		if len(p.Trainings) > 0 {
			trained++
		}
	}
	peopleLine := " " + T("delivery.people", len(s.data.People.People), trained, string(sv.ClauseTraining))
	lines = append(lines, ui.Clip(peopleLine, s.w))
	for _, p := range leavers {
		lines = append(lines, st.Stop.Render(ui.Clip(" ! "+T("people.flag.detail", ui.OneLine(p.Name), string(p.LeftDate), len(p.OpenAccesses()),
			string(screening.ClauseLeaverAccess)), s.w)))
	}
	gaps := v.Gaps(s.eng.CloudWebsite, &s.data.People)
	gapLine := " " + st.Done.Render(T("delivery.complete"))
	if len(gaps) > 0 {
		var parts []string
		for _, g := range gaps {
			if g.Key == "delivery.gap.leaver" {
				continue
			}
			parts = append(parts, T(g.Key, g.Args...))
		}
		gapLine = " " + st.Stop.Render(T("delivery.gaps", strings.Join(parts, T("people.list_sep"))))
		if len(parts) == 0 {
			gapLine = " " + st.Stop.Render(T("delivery.leavers_open"))
		}
	}
	lines = append(lines, ui.Clip(gapLine, s.w))
	lines = append(lines, st.Header.Render(ui.Fit("  "+T("delivery.col.clauses", string(sv.ClauseClauses)), s.w)))
	items := s.items()
	room := max(s.h-len(lines), 2)
	first := 0
	if s.clause >= room {
		first = s.clause - room + 1
	}
	lang := string(s.sh.Catalog.Lang())
	for i := first; i < len(items) && i < first+room; i++ {
		it := items[i]
		c := v.Clause(it.ID)
		mark := T(c.Implemented.Key())
		row := ui.Fit(it.ID, 9) + " " + ui.Fit(it.Title(lang), max(s.w-2-10-12, 6)) + " " + mark
		switch {
		case s.onItems && i == s.clause:
			lines = append(lines, st.Selected.Render(ui.Fit("> "+row, s.w)))
		case c.Implemented == sv.ImplNo:
			lines = append(lines, st.Stop.Render(ui.Clip("  "+row, s.w)))
		default:
			lines = append(lines, ui.Clip("  "+row, s.w))
		}
	}
	return ui.JoinLines(lines)
}

var _ = strconv.Itoa
