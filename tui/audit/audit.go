// Package audit is the workbench page of the process assessment and audit
// (服务过程评估审计, GB/T 32926—2016 7.1): one record per period of the
// plan's section 6, with a) the rating, b) 1)–5) change or no change, c) the
// audit of the outsourcing's management, d) the measures the leader approved
// (each a corrective action) and the adjustment of the requirements on the
// vendor (a contract factor change, 6.2.1 b)). When the next assessment is
// due, and whether it is overdue, is on top. Opened with U on the
// dashboard.
package audit

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"outsec/model"
	"outsec/model/supervision"
	"outsec/tui/ui"
)

// Registration is the page in the root's registry.
var Registration = ui.Registration{Kind: ui.KindAudit, New: New}

type keys struct{ New, Edit key.Binding }

// Data is what the page shows.
type Data struct {
	List   []supervision.Assessment
	Months int        // the plan's period
	Due    model.Date // when the next one is due
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
		a       supervision.Assessment
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
	list, err := st.ProcessAssessments(ctx, engID)
	if err != nil {
		return Data{}, err
	}
	p, err := st.Plan(ctx, engID)
	if err != nil {
		return Data{}, err
	}
	c, err := st.Contract(ctx, engID)
	if err != nil {
		return Data{}, err
	}
	var last model.Date
	if l := supervision.Latest(list); l != nil {
		last = l.Date
	}
	return Data{List: list, Months: p.Tracking.PeriodMonths, Due: supervision.NextDue(last, c.Signing.Date, p.Tracking.PeriodMonths)}, nil
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

func save(sh *ui.Context, to ui.PageKey, a supervision.Assessment) tea.Cmd {
	st, ctx, op := sh.Store, sh.Ctx, sh.Operator
	sh.Writing()
	return func() tea.Msg {
		err := st.SaveProcessAssessment(ctx, op, to.Engagement, &a)
		d, lerr := readData(sh, to.Engagement)
		return savedMsg{to: to, a: a, data: d, loadErr: lerr, err: err}
	}
}

type screen struct {
	sh      *ui.Context
	keys    keys
	eng     model.Engagement
	data    Data
	ready   bool
	loadErr string
	cursor  int
	form    *ui.RecordForm[supervision.Assessment]
	w, h    int
}

// New makes the page of an engagement.
func New(sh *ui.Context, engID int64) ui.Page {
	b := func(k, h string) key.Binding { return key.NewBinding(key.WithKeys(k), key.WithHelp(k, sh.T(h))) }
	return &screen{sh: sh, eng: model.Engagement{ID: engID}, keys: keys{New: b("n", "audit.help.new"), Edit: b("e", "audit.help.edit")}}
}

func (s *screen) key() ui.PageKey { return ui.KindAudit.Key(s.eng.ID) }

func (s *screen) Init() tea.Cmd {
	s.sh.SetStatus("")
	return load(s.sh, s.key())
}

func (s *screen) Title() string       { return s.sh.T("audit.page", ui.OneLine(s.eng.Code)) }
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
	short := []key.Binding{s.keys.New, s.keys.Edit, k.Back, k.Help, k.Quit}
	return ui.KeyHelp{Short: short, Full: [][]key.Binding{{k.Up, k.Down, s.keys.New, s.keys.Edit, k.Back, k.Help, k.Quit}}}
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
		for i := range s.data.List {
			if s.data.List[i].ID == msg.a.ID {
				s.cursor = i
			}
		}
		s.clamp()
		s.sh.SetOutcome(msg.err, msg.loadErr, s.sh.T("audit.status.saved", ui.OneLine(msg.a.Period)))
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
	cmd, a, closed := f.Step(msg)
	switch {
	case closed:
		s.form = nil
		s.sh.SetStatus(s.sh.T("tui.status.nothing_changed"))
	case a != nil:
		return tea.Batch(cmd, save(s.sh, s.key(), *a))
	}
	return cmd
}

func (s *screen) clamp() { s.cursor = min(max(s.cursor, 0), max(len(s.data.List)-1, 0)) }

func (s *screen) keyPress(msg tea.KeyPressMsg) tea.Cmd {
	if s.form != nil {
		return s.formMsg(msg)
	}
	k := s.sh.Keys
	switch {
	case key.Matches(msg, k.Back):
		return ui.Back()
	case key.Matches(msg, k.Up):
		s.cursor--
	case key.Matches(msg, k.Down):
		s.cursor++
	case !s.ready:
	case key.Matches(msg, s.keys.New):
		return s.open(s.assessmentForm(supervision.Assessment{Assessor: s.sh.Operator.Name, Date: model.Date(s.sh.Store.Now().Format(model.DateLayout))}))
	case key.Matches(msg, s.keys.Edit):
		if s.cursor < len(s.data.List) {
			return s.open(s.assessmentForm(s.data.List[s.cursor]))
		}
	}
	s.clamp()
	return nil
}

func (s *screen) open(f *ui.RecordForm[supervision.Assessment]) tea.Cmd {
	s.form = f
	return f.Rebuild()
}

// maxMeasures is how many measures of d) the form offers.
const maxMeasures = 3

func (s *screen) assessmentForm(a supervision.Assessment) *ui.RecordForm[supervision.Assessment] {
	T := s.sh.T
	type measureV struct{ text, owner, due string }
	v := struct {
		period, date, assessor, rating, summary string
		changed                                 [5]bool
		what                                    [5]string
		items, findings                         string
		measures                                [maxMeasures]measureV
		leader, approved                        string
		adjust                                  bool
		adjustNote                              string
	}{period: a.Period, date: string(a.Date), assessor: a.Assessor, rating: string(a.Rating), summary: a.Summary,
		items: a.AuditItems, findings: a.AuditFindings, leader: a.Leader, approved: string(a.ApprovedOn), adjust: a.Adjust, adjustNote: a.AdjustNote}
	if v.rating == "" {
		v.rating = string(supervision.Good)
	}
	for i, c := range a.Changes {
		v.changed[i], v.what[i] = c.Changed, c.Description
	}
	for i := 0; i < len(a.Measures) && i < maxMeasures; i++ {
		m := a.Measures[i]
		v.measures[i] = measureV{m.Text, m.Owner, string(m.Due)}
	}
	var ratings []huh.Option[string]
	for _, r := range supervision.Ratings {
		ratings = append(ratings, huh.NewOption(T(r.Key()), string(r)))
	}
	build := func() *huh.Form {
		head := huh.NewGroup(
			huh.NewInput().Key("period").Title(T("field.audit.period")).Description(T("audit.form.period_hint")).Value(&v.period).CharLimit(model.MaxShortText),
			huh.NewInput().Key("date").Title(T("field.audit.date")).Description(T("tui.findings.form.date_hint")).
				Value(&v.date).Validate(ui.ValidateDate(s.sh, "field.audit.date", false)),
			huh.NewInput().Key("assessor").Title(T("field.audit.assessor")).Value(&v.assessor).CharLimit(model.MaxShortText),
			huh.NewSelect[string]().Key("rating").Title(T("field.audit.rating")).Options(ratings...).Value(&v.rating),
			huh.NewText().Key("summary").Title(T("field.audit.summary")).Value(&v.summary).CharLimit(model.MaxLongText).Lines(2),
		).Title(T("audit.form.group_a", string(supervision.ClauseA)))
		groups := []*huh.Group{head}
		for _, pair := range [][]supervision.Aspect{{0, 1}, {2, 3}, {4}} {
			var fields []huh.Field
			for _, asp := range pair {
				fields = append(fields,
					huh.NewConfirm().Key(fmt.Sprintf("changed%d", asp)).Title(asp.Label()+" "+T(asp.Key())).
						Affirmative(T("audit.change")).Negative(T("audit.no_change")).Value(&v.changed[asp]),
					huh.NewInput().Key(fmt.Sprintf("what%d", asp)).Title(T("audit.form.what")).Value(&v.what[asp]).CharLimit(model.MaxLongText))
			}
			groups = append(groups, huh.NewGroup(fields...).Title(T("audit.form.group_b", string(supervision.ClauseB))))
		}
		groups = append(groups, huh.NewGroup(
			huh.NewText().Key("items").Title(T("field.audit.audit_items")).Value(&v.items).CharLimit(model.MaxLongText).Lines(2),
			huh.NewText().Key("findings").Title(T("field.audit.audit_findings")).Value(&v.findings).CharLimit(model.MaxLongText).Lines(2),
		).Title(T("audit.form.group_c", string(supervision.ClauseC))))
		var ms []huh.Field
		for i := range v.measures {
			ms = append(ms, huh.NewInput().Key(fmt.Sprintf("m%d", i)).Title(T("audit.form.measure", i+1)).Value(&v.measures[i].text).CharLimit(model.MaxShortText),
				huh.NewInput().Key(fmt.Sprintf("o%d", i)).Title(T("audit.form.owner_due")).Description(T("audit.form.owner_due_hint")).
					Value(&v.measures[i].owner).CharLimit(model.MaxShortText))
		}
		groups = append(groups, huh.NewGroup(ms...).Title(T("audit.form.group_d", string(supervision.ClauseD))))
		groups = append(groups, huh.NewGroup(
			huh.NewInput().Key("leader").Title(T("field.audit.leader")).Value(&v.leader).CharLimit(model.MaxShortText),
			huh.NewInput().Key("approved").Title(T("field.audit.approved_on")).Description(T("audit.form.approved_hint")).
				Value(&v.approved).Validate(ui.ValidateDate(s.sh, "field.audit.approved_on", true)),
			huh.NewConfirm().Key("adjust").Title(T("field.audit.adjust")).Description(T("audit.form.adjust_hint", string(supervision.ClauseAdjust))).
				Affirmative(T("tui.yes")).Negative(T("tui.no")).Value(&v.adjust),
			huh.NewInput().Key("adjust_note").Title(T("field.audit.adjust_note")).Value(&v.adjustNote).CharLimit(model.MaxLongText),
		).Title(T("audit.form.group_approval", string(supervision.ClauseD))))
		return huh.NewForm(groups...)
	}
	wr := func() (supervision.Assessment, error, bool) {
		x := a
		x.Period, x.Date, x.Assessor, x.Rating, x.Summary = v.period, ui.DateOf(v.date), v.assessor, supervision.Rating(v.rating), v.summary
		for i := range x.Changes {
			x.Changes[i] = supervision.Change{Changed: v.changed[i], Description: strings.TrimSpace(v.what[i])}
		}
		x.AuditItems, x.AuditFindings = v.items, v.findings
		var ms []supervision.Measure
		for i, mv := range v.measures {
			m := supervision.Measure{Text: strings.TrimSpace(mv.text)}
			// "owner, due": the owner and an optional date after a comma.
			owner, due, _ := strings.Cut(mv.owner, ",")
			if o2, d2, ok := strings.Cut(mv.owner, "，"); ok {
				owner, due = o2, d2
			}
			m.Owner, m.Due = strings.TrimSpace(owner), ui.DateOf(due)
			if i < len(a.Measures) {
				m.Finding = a.Measures[i].Finding
			}
			if m.Text != "" || m.Finding != 0 {
				ms = append(ms, m)
			}
		}
		x.Measures = ms
		x.Leader, x.ApprovedOn, x.Adjust, x.AdjustNote = strings.TrimSpace(v.leader), ui.DateOf(v.approved), v.adjust, v.adjustNote
		if ve := x.Validate(); ve != nil {
			return x, ve, false
		}
		return x, nil, false
	}
	title := T("audit.form.new_title")
	if a.ID != 0 {
		title = T("audit.form.edit_title", ui.OneLine(a.Period))
	}
	return ui.NewRecordForm(s.sh, s.w, s.h, title, []string{T("audit.form.about", string(supervision.ClauseRisk), string(supervision.ClauseRescreen))}, build, wr)
}

func (s *screen) View() string {
	if s.form != nil {
		return s.form.View()
	}
	T, st := s.sh.T, s.sh.Styles
	lines := []string{st.Title.Render(ui.Fit(" "+T("audit.title", ui.OneLine(s.eng.Code), ui.OneLine(s.eng.Name)), s.w))}
	if !s.ready {
		if s.loadErr != "" {
			lines = append(lines, st.Error.Render(ui.Clip(" ! "+s.loadErr, s.w)))
		} else {
			lines = append(lines, st.Dim.Render(" "+T("tui.loading")))
		}
		return ui.JoinLines(lines)
	}
	today := model.Date(s.sh.Store.Now().Format(model.DateLayout))
	switch {
	case s.data.Months <= 0:
		lines = append(lines, st.Dim.Render(ui.Clip(" "+T("audit.no_period", string(supervision.ClausePeriod)), s.w)))
	case supervision.Overdue(s.data.Due, today):
		lines = append(lines, st.Stop.Render(ui.Clip(" ! "+T("audit.overdue", string(s.data.Due), s.data.Months, string(supervision.ClausePeriod)), s.w)))
	default:
		lines = append(lines, ui.Clip(" "+T("audit.due", string(s.data.Due), s.data.Months), s.w))
	}
	if len(s.data.List) == 0 {
		lines = append(lines, "", ui.Clip("  "+T("audit.none", s.keys.New.Help().Key), s.w))
		return ui.JoinLines(lines)
	}
	for i := range s.data.List {
		a := &s.data.List[i]
		var ch []string
		for j, c := range a.Changes {
			if c.Changed {
				ch = append(ch, supervision.Aspects[j].Label())
			}
		}
		changes := T("audit.no_changes")
		if len(ch) > 0 {
			changes = T("audit.changes", strings.Join(ch, " "))
		}
		row := fmt.Sprintf("%s  %s  %s  %s", a.Date, ui.OneLine(a.Period), T(a.Rating.Key()), changes)
		if i == s.cursor {
			lines = append(lines, st.Selected.Render(ui.Fit("> "+row, s.w)))
		} else {
			lines = append(lines, ui.Clip("  "+row, s.w))
		}
	}
	lines = append(lines, "")
	if s.cursor < len(s.data.List) {
		lines = append(lines, s.detail(&s.data.List[s.cursor])...)
	}
	if len(lines) > s.h {
		lines = lines[:s.h]
	}
	return ui.JoinLines(lines)
}

func (s *screen) detail(a *supervision.Assessment) []string {
	T, st := s.sh.T, s.sh.Styles
	var out []string
	wrap := func(text string) { out = append(out, ui.Wrap(text, s.w-1, " ", "   ")...) }
	wrap(T("audit.detail.a", ui.OneLine(a.Assessor), T(a.Rating.Key()), ui.OneLine(a.Summary)))
	for i, c := range a.Changes {
		if c.Changed {
			out = append(out, st.Stop.Render(ui.Clip(" "+supervision.Aspects[i].Label()+" "+T("audit.change")+": "+ui.OneLine(c.Description), s.w)))
		}
	}
	if a.RiskChange() {
		out = append(out, st.Stop.Render(ui.Clip(" ! "+T("audit.risk_rule", string(supervision.ClauseRisk)), s.w)))
	}
	if a.ReliabilityChange() {
		out = append(out, st.Stop.Render(ui.Clip(" ! "+T("audit.rescreen_rule", string(supervision.ClauseRescreen)), s.w)))
	}
	if a.AuditItems != "" || a.AuditFindings != "" {
		wrap(T("audit.detail.c", ui.OneLine(a.AuditItems), ui.OneLine(a.AuditFindings)))
	}
	for i, m := range a.Measures {
		line := fmt.Sprintf(" d) %d. %s", i+1, ui.OneLine(m.Text))
		if m.Finding != 0 {
			line += "  " + T("audit.finding", m.Finding)
		}
		out = append(out, ui.Clip(line, s.w))
	}
	if a.Approved() {
		out = append(out, st.Done.Render(ui.Clip(" "+T("audit.approved", ui.OneLine(a.Leader), string(a.ApprovedOn)), s.w)))
	} else if len(a.Measures) > 0 {
		out = append(out, st.Dim.Render(ui.Clip(" "+T("audit.unapproved"), s.w)))
	}
	if a.Adjust {
		out = append(out, ui.Clip(" "+T("audit.adjusted", ui.OneLine(a.AdjustNote), string(supervision.ClauseAdjust)), s.w))
	}
	return out
}
