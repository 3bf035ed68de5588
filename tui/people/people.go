// Package people is the workbench page of people's access and training
// (人员权限与培训, GB/T 32926—2016 7.2 a) 2), 4); annex A A.4 b)): for each
// person of the register, when they joined and left, the accounts and access
// rights granted (privileged or not, physical or electronic) and revoked, and
// the training received. A person who left with an access still open is
// flagged, citing 7.2 a) 2) and A.4 b). Opened with A on the screening page's
// people register.
package people

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"outsec/model"
	"outsec/model/screening"
	"outsec/store"
	"outsec/tui/ui"
)

// Kind is the page's kind.
const Kind = ui.KindPeople

// Registration is the page in the root's registry.
var Registration = ui.Registration{Kind: Kind, New: New}

// Open is the key (on the screening page's register) that opens the page.
func OpenBinding(sh *ui.Context) key.Binding {
	return key.NewBinding(key.WithKeys("A"), key.WithHelp("A", sh.T("people.help.open")))
}

type keys struct {
	Grant, Revoke, Train, Left, Focus key.Binding
}

func keysOf(sh *ui.Context) keys {
	b := func(k, help string) key.Binding { return key.NewBinding(key.WithKeys(k), key.WithHelp(k, sh.T(help))) }
	return keys{
		Grant:  b("a", "people.help.grant"),
		Revoke: b("r", "people.help.revoke"),
		Train:  b("t", "people.help.train"),
		Left:   b("l", "people.help.left"),
		Focus:  b("tab", "people.help.focus"),
	}
}

type (
	loadedMsg struct {
		to  ui.PageKey
		eng model.Engagement
		sc  screening.Screening
		err error
	}
	savedMsg struct {
		to      ui.PageKey
		w       write
		sc      screening.Screening
		loadErr error
		err     error
	}
)

func (m loadedMsg) Recipient() ui.PageKey { return m.to }
func (m savedMsg) Recipient() ui.PageKey  { return m.to }
func (savedMsg) EndsWrite() bool          { return true }

// write is one store action of the page.
type write struct {
	person   int64
	name     string
	grant    *screening.Access
	revoke   int64
	revokeOn model.Date
	training *screening.Training
	left     *model.Date
}

func load(sh *ui.Context, to ui.PageKey) tea.Cmd {
	st, ctx := sh.Store, sh.Ctx
	return func() tea.Msg {
		e, err := st.Engagement(ctx, to.Engagement)
		if err != nil {
			return loadedMsg{to: to, err: err}
		}
		sc, err := st.Screening(ctx, to.Engagement)
		return loadedMsg{to: to, eng: e, sc: sc, err: err}
	}
}

func save(sh *ui.Context, to ui.PageKey, w write) tea.Cmd {
	st, ctx, op := sh.Store, sh.Ctx, sh.Operator
	sh.Writing()
	return func() tea.Msg {
		err := run(st, ctx, op, w)
		sc, lerr := st.Screening(ctx, to.Engagement)
		return savedMsg{to: to, w: w, sc: sc, loadErr: lerr, err: err}
	}
}

func run(st *store.Store, ctx context.Context, op store.Operator, w write) error {
	switch {
	case w.grant != nil:
		a := *w.grant
		return st.GrantAccess(ctx, op, w.person, &a)
	case w.revoke != 0:
		return st.RevokeAccess(ctx, op, w.revoke, w.revokeOn)
	case w.training != nil:
		t := *w.training
		return st.AddTraining(ctx, op, w.person, &t)
	case w.left != nil:
		return st.SetPersonLeft(ctx, op, w.person, *w.left)
	}
	return nil
}

type focus int

const (
	focusPeople focus = iota
	focusAccess
)

type screen struct {
	sh      *ui.Context
	keys    keys
	eng     model.Engagement
	sc      screening.Screening
	ready   bool
	loadErr string
	cursor  int // the person
	access  int // the access, when focusAccess
	focus   focus
	want    int64 // the person to select once loaded (Open)
	form    *ui.RecordForm[write]
	w, h    int
}

// New makes the page of an engagement.
func New(sh *ui.Context, engID int64) ui.Page {
	return &screen{sh: sh, keys: keysOf(sh), eng: model.Engagement{ID: engID}}
}

// Open selects the person whose id is arg.
func (s *screen) Open(arg string) {
	if id, err := strconv.ParseInt(arg, 10, 64); err == nil {
		s.want = id
	}
}

func (s *screen) key() ui.PageKey { return Kind.Key(s.eng.ID) }

func (s *screen) Init() tea.Cmd {
	s.sh.SetStatus("")
	return load(s.sh, s.key())
}

func (s *screen) Title() string       { return s.sh.T("people.page", ui.OneLine(s.eng.Code)) }
func (s *screen) Capturing() bool     { return s.form != nil }
func (s *screen) KeyMap() help.KeyMap { return s.help() }

func (s *screen) SetSize(w, h int) {
	s.w, s.h = w, h
	if s.form != nil {
		s.form.SetSize(w, h)
	}
}

func (s *screen) help() ui.KeyHelp {
	k, pk := s.sh.Keys, s.keys
	if s.form != nil {
		return k.FormHelp()
	}
	short := []key.Binding{pk.Grant, pk.Revoke, pk.Train, pk.Left, pk.Focus, k.Back, k.Help, k.Quit}
	return ui.KeyHelp{Short: short, Full: [][]key.Binding{{k.Up, k.Down, pk.Focus, pk.Grant, pk.Revoke}, {pk.Train, pk.Left, k.Back, k.Help, k.Quit}}}
}

func (s *screen) setData(sc screening.Screening) {
	s.sc, s.ready = sc, true
	if s.want != 0 {
		for i := range sc.People {
			if sc.People[i].ID == s.want {
				s.cursor, s.focus, s.access = i, focusPeople, 0
			}
		}
		s.want = 0
	}
	s.clamp()
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
		s.loadErr = ""
		s.setData(msg.sc)
		return nil
	case savedMsg:
		if msg.loadErr == nil {
			s.setData(msg.sc)
		}
		s.sh.SetOutcome(msg.err, msg.loadErr, s.status(msg.w))
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

func (s *screen) status(w write) string {
	T, n := s.sh.T, ui.OneLine(w.name)
	switch {
	case w.grant != nil:
		return T("people.status.granted", ui.OneLine(w.grant.Account), n)
	case w.revoke != 0:
		return T("people.status.revoked", n, string(w.revokeOn))
	case w.training != nil:
		return T("people.status.trained", ui.OneLine(w.training.Topic), n)
	case w.left != nil:
		if w.left.IsZero() {
			return T("people.status.not_left", n)
		}
		return T("people.status.left", n, string(*w.left))
	}
	return ""
}

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
		return tea.Batch(cmd, save(s.sh, s.key(), *w))
	}
	return cmd
}

func (s *screen) selected() *screening.Person {
	if s.cursor < 0 || s.cursor >= len(s.sc.People) {
		return nil
	}
	return &s.sc.People[s.cursor]
}

func (s *screen) selectedAccess() *screening.Access {
	p := s.selected()
	if p == nil || s.focus != focusAccess || s.access < 0 || s.access >= len(p.Accesses) {
		return nil
	}
	return &p.Accesses[s.access]
}

func (s *screen) clamp() {
	s.cursor = min(max(s.cursor, 0), max(len(s.sc.People)-1, 0))
	n := 0
	if p := s.selected(); p != nil {
		n = len(p.Accesses)
	}
	if n == 0 {
		s.focus = focusPeople
	}
	s.access = min(max(s.access, 0), max(n-1, 0))
}

func (s *screen) move(d int) {
	if s.focus == focusAccess {
		s.access += d
	} else {
		s.cursor += d
		s.access = 0
	}
	s.clamp()
}

func (s *screen) keyPress(msg tea.KeyPressMsg) tea.Cmd {
	if s.form != nil {
		return s.formMsg(msg)
	}
	k, pk := s.sh.Keys, s.keys
	switch {
	case key.Matches(msg, k.Back):
		if s.focus == focusAccess {
			s.focus = focusPeople
			return nil
		}
		return ui.Back()
	case key.Matches(msg, k.Up):
		s.move(-1)
	case key.Matches(msg, k.Down):
		s.move(1)
	case key.Matches(msg, k.Home):
		s.move(-1 << 20)
	case key.Matches(msg, k.End):
		s.move(1 << 20)
	case key.Matches(msg, pk.Focus):
		if s.focus == focusAccess {
			s.focus = focusPeople
		} else if p := s.selected(); p != nil && len(p.Accesses) > 0 {
			s.focus = focusAccess
		}
	}
	if !s.ready {
		return nil
	}
	p := s.selected()
	if p == nil {
		return nil
	}
	switch {
	case key.Matches(msg, pk.Grant):
		return s.open(s.grantForm(p))
	case key.Matches(msg, pk.Train):
		return s.open(s.trainingForm(p))
	case key.Matches(msg, pk.Left):
		return s.open(s.leftForm(p))
	case key.Matches(msg, pk.Revoke):
		a := s.selectedAccess()
		if a == nil {
			// The first open access when none is selected.
			for i := range p.Accesses {
				if p.Accesses[i].Open() {
					a = &p.Accesses[i]
					break
				}
			}
		}
		if a == nil || !a.Open() {
			s.sh.SetStatusText(s.sh.T("people.status.nothing_to_revoke", ui.OneLine(p.Name)), true)
			return nil
		}
		return s.open(s.revokeForm(p, *a))
	}
	return nil
}

func (s *screen) open(f *ui.RecordForm[write]) tea.Cmd {
	s.form = f
	return f.Rebuild()
}

func (s *screen) today() string { return s.sh.Store.Now().Format(model.DateLayout) }

func (s *screen) grantForm(p *screening.Person) *ui.RecordForm[write] {
	T := s.sh.T
	v := struct {
		account, rights, kind, granted, notes string
		privileged                            bool
	}{kind: string(screening.AccessElectronic), granted: s.today()}
	var kinds []huh.Option[string]
	for _, k := range screening.AccessKinds {
		kinds = append(kinds, huh.NewOption(T(k.Key()), string(k)))
	}
	build := func() *huh.Form {
		return huh.NewForm(huh.NewGroup(
			huh.NewInput().Key("account").Title(T("field.access.account")).Description(T("people.form.account_hint")).Value(&v.account).CharLimit(model.MaxShortText),
			huh.NewInput().Key("rights").Title(T("field.access.rights")).Value(&v.rights).CharLimit(model.MaxShortText),
			huh.NewSelect[string]().Key("kind").Title(T("field.access.kind")).Options(kinds...).Value(&v.kind),
			huh.NewConfirm().Key("privileged").Title(T("field.access.privileged")).Affirmative(T("tui.yes")).Negative(T("tui.no")).Value(&v.privileged),
			huh.NewInput().Key("granted").Title(T("field.access.granted")).Description(T("tui.findings.form.date_hint")).
				Value(&v.granted).Validate(ui.ValidateDate(s.sh, "field.access.granted", false)),
			huh.NewInput().Key("notes").Title(T("field.access.notes")).Value(&v.notes).CharLimit(model.MaxShortText),
		))
	}
	pid, name := p.ID, p.Name
	wr := func() (write, error, bool) {
		a := screening.Access{Account: strings.TrimSpace(v.account), Rights: strings.TrimSpace(v.rights), Kind: screening.AccessKind(v.kind),
			Privileged: v.privileged, Granted: ui.DateOf(v.granted), Notes: strings.TrimSpace(v.notes)}
		if ve := a.Validate("access"); ve != nil {
			return write{}, ve, false
		}
		return write{person: pid, name: name, grant: &a}, nil, false
	}
	return ui.NewRecordForm(s.sh, s.w, s.h, T("people.form.grant_title", ui.OneLine(p.Name)),
		[]string{T("people.form.grant_about", string(screening.ClauseAccessGranted))}, build, wr)
}

func (s *screen) revokeForm(p *screening.Person, a screening.Access) *ui.RecordForm[write] {
	T := s.sh.T
	on := s.today()
	if !p.LeftDate.IsZero() {
		on = string(p.LeftDate)
	}
	build := func() *huh.Form {
		return huh.NewForm(huh.NewGroup(
			huh.NewInput().Key("revoked").Title(T("field.access.revoked")).Description(T("tui.findings.form.date_hint")).
				Value(&on).Validate(ui.ValidateDate(s.sh, "field.access.revoked", false)),
		))
	}
	pid, name, id := p.ID, p.Name, a.ID
	wr := func() (write, error, bool) {
		x := a
		x.Revoked = ui.DateOf(on)
		if ve := x.Validate("access"); ve != nil {
			return write{}, ve, false
		}
		return write{person: pid, name: name, revoke: id, revokeOn: x.Revoked}, nil, false
	}
	return ui.NewRecordForm(s.sh, s.w, s.h, T("people.form.revoke_title", ui.OneLine(a.Account), ui.OneLine(p.Name)),
		[]string{T("people.form.revoke_about", string(a.Granted))}, build, wr)
}

func (s *screen) trainingForm(p *screening.Person) *ui.RecordForm[write] {
	T := s.sh.T
	v := struct{ date, topic, hours, record string }{date: s.today()}
	build := func() *huh.Form {
		return huh.NewForm(huh.NewGroup(
			huh.NewInput().Key("date").Title(T("field.training.date")).Description(T("tui.findings.form.date_hint")).
				Value(&v.date).Validate(ui.ValidateDate(s.sh, "field.training.date", false)),
			huh.NewInput().Key("topic").Title(T("field.training.topic")).Value(&v.topic).CharLimit(model.MaxShortText),
			huh.NewInput().Key("hours").Title(T("field.training.hours")).Value(&v.hours).CharLimit(8).
				Validate(func(x string) error {
					if _, ok := parseHours(x); !ok {
						return ui.Errorf(T("err.field_line", T("field.training.hours"), T("people.err.hours", screening.MaxHours)))
					}
					return nil
				}),
			huh.NewInput().Key("record").Title(T("field.training.record")).Description(T("people.form.record_hint")).Value(&v.record).CharLimit(model.MaxShortText),
		))
	}
	pid, name := p.ID, p.Name
	wr := func() (write, error, bool) {
		h, _ := parseHours(v.hours)
		t := screening.Training{Date: ui.DateOf(v.date), Topic: strings.TrimSpace(v.topic), Hours: h, Record: strings.TrimSpace(v.record)}
		if ve := t.Validate("training"); ve != nil {
			return write{}, ve, false
		}
		return write{person: pid, name: name, training: &t}, nil, false
	}
	return ui.NewRecordForm(s.sh, s.w, s.h, T("people.form.train_title", ui.OneLine(p.Name)),
		[]string{T("people.form.train_about", string(screening.ClauseTraining))}, build, wr)
}

func parseHours(x string) (float64, bool) {
	x = strings.TrimSpace(x)
	if x == "" {
		return 0, true
	}
	h, err := strconv.ParseFloat(x, 64)
	return h, err == nil && h >= 0 && h <= screening.MaxHours
}

func (s *screen) leftForm(p *screening.Person) *ui.RecordForm[write] {
	T := s.sh.T
	on := string(p.LeftDate)
	if on == "" {
		on = s.today()
	}
	build := func() *huh.Form {
		return huh.NewForm(huh.NewGroup(
			huh.NewInput().Key("left").Title(T("field.person.left_date")).Description(T("people.form.left_hint")).
				Value(&on).Validate(ui.ValidateDate(s.sh, "field.person.left_date", true)),
		))
	}
	pid, name, start := p.ID, p.Name, p.StartDate
	wr := func() (write, error, bool) {
		d := ui.DateOf(on)
		x := screening.Person{Name: name, StartDate: start, LeftDate: d}
		if ve := x.Validate(); ve != nil {
			return write{}, ve, false
		}
		if d == p.LeftDate {
			return write{}, nil, true
		}
		return write{person: pid, name: name, left: &d}, nil, false
	}
	return ui.NewRecordForm(s.sh, s.w, s.h, T("people.form.left_title", ui.OneLine(p.Name)),
		[]string{T("people.form.left_about", string(screening.ClauseLeaverAccess))}, build, wr)
}

// View: the people with joining and leaving dates, open accesses and
// training hours, the flag of a leaver with access; the selected person's
// accesses and trainings below.
func (s *screen) View() string {
	if s.form != nil {
		return s.form.View()
	}
	T, st := s.sh.T, s.sh.Styles
	lines := []string{st.Title.Render(ui.Fit(" "+T("people.title", ui.OneLine(s.eng.Code), ui.OneLine(s.eng.Name)), s.w))}
	if !s.ready {
		if s.loadErr != "" {
			lines = append(lines, st.Error.Render(ui.Clip(" ! "+s.loadErr, s.w)))
		} else {
			lines = append(lines, st.Dim.Render(" "+T("tui.loading")))
		}
		return ui.JoinLines(lines)
	}
	leavers := s.sc.LeftWithAccess()
	head := " " + T("people.count", len(s.sc.People))
	if len(leavers) > 0 {
		head += "  " + st.Stop.Render(T("people.leavers_count", len(leavers), string(screening.ClauseLeaverAccess)))
	}
	lines = append(lines, ui.Clip(head, s.w))
	if len(s.sc.People) == 0 {
		lines = append(lines, "", ui.Clip("  "+T("people.none"), s.w))
		return ui.JoinLines(lines)
	}
	dw := len(model.DateLayout)
	flagW := max(ui.CellWidth(T("people.flag.left_access")), ui.CellWidth(T("people.col.flag")))
	nameW := max(s.w-2-dw-1-dw-1-6-1-6-1-flagW-1, 6)
	lines = append(lines, st.Header.Render(ui.Fit("  "+ui.Fit(T("people.col.name"), nameW)+" "+ui.Fit(T("people.col.joined"), dw)+" "+
		ui.Fit(T("people.col.left"), dw)+" "+ui.Fit(T("people.col.open"), 6)+" "+ui.Fit(T("people.col.hours"), 6)+" "+T("people.col.flag"), s.w)))
	n := max(min(len(s.sc.People), (s.h-len(lines))/3), 2)
	first := max(min(s.cursor-n+1, len(s.sc.People)-n), 0)
	if s.cursor < first {
		first = s.cursor
	}
	for i := first; i < first+n && i < len(s.sc.People); i++ {
		p := &s.sc.People[i]
		left := string(p.LeftDate)
		if left == "" {
			left = "-"
		}
		flag := ""
		if p.LeftWithAccess() {
			flag = T("people.flag.left_access")
		}
		row := ui.Fit(ui.OneLine(p.Name), nameW) + " " + ui.Fit(orDash(string(p.StartDate)), dw) + " " + ui.Fit(left, dw) + " " +
			ui.Fit(strconv.Itoa(len(p.OpenAccesses())), 6) + " " + ui.Fit(strconv.FormatFloat(p.TrainingHours(), 'g', -1, 64), 6) + " " + flag
		switch {
		case i == s.cursor:
			lines = append(lines, st.Selected.Render(ui.Fit("> "+row, s.w)))
		case flag != "":
			lines = append(lines, st.Stop.Render(ui.Clip("  "+row, s.w)))
		default:
			lines = append(lines, ui.Clip("  "+row, s.w))
		}
	}
	lines = append(lines, "")
	detail := s.detail()
	if room := s.h - len(lines); room > 0 {
		if len(detail) > room {
			detail = detail[:room]
			detail[room-1] = ui.Clip(detail[room-1], s.w-1) + ui.Ellipsis
		}
		lines = append(lines, detail...)
	}
	return ui.JoinLines(lines)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func (s *screen) detail() []string {
	T, st := s.sh.T, s.sh.Styles
	p := s.selected()
	if p == nil {
		return nil
	}
	var out []string
	if p.LeftWithAccess() {
		out = append(out, st.Stop.Render(ui.Clip(" ! "+T("people.flag.detail", ui.OneLine(p.Name), string(p.LeftDate), len(p.OpenAccesses()),
			string(screening.ClauseLeaverAccess)), s.w)))
	}
	out = append(out, st.Bold.Render(ui.Clip(" "+T("people.accesses", len(p.Accesses), string(screening.ClauseAccessGranted)), s.w)))
	if len(p.Accesses) == 0 {
		out = append(out, st.Dim.Render(ui.Clip("   "+T("people.no_accesses", s.keys.Grant.Help().Key), s.w)))
	}
	for i := range p.Accesses {
		a := &p.Accesses[i]
		state := T("people.access.open")
		if !a.Open() {
			state = T("people.access.revoked", string(a.Revoked))
		}
		priv := ""
		if a.Privileged {
			priv = " " + T("people.access.privileged")
		}
		row := fmt.Sprintf("%s [%s]%s %s  %s", ui.OneLine(a.Account), T(a.Kind.Key()), priv, string(a.Granted), state)
		if a.Rights != "" {
			row += "  " + ui.OneLine(a.Rights)
		}
		switch {
		case s.focus == focusAccess && i == s.access:
			out = append(out, st.Selected.Render(ui.Fit(" > "+row, s.w)))
		case a.Open() && p.Left():
			out = append(out, st.Stop.Render(ui.Clip("   "+row, s.w)))
		default:
			out = append(out, ui.Clip("   "+row, s.w))
		}
	}
	out = append(out, st.Bold.Render(ui.Clip(" "+T("people.trainings", len(p.Trainings), strconv.FormatFloat(p.TrainingHours(), 'g', -1, 64),
		string(screening.ClauseTraining)), s.w)))
	if len(p.Trainings) == 0 {
		out = append(out, st.Dim.Render(ui.Clip("   "+T("people.no_trainings", s.keys.Train.Help().Key), s.w)))
	}
	for _, t := range p.Trainings {
		row := fmt.Sprintf("%s  %s  %sh", string(t.Date), ui.OneLine(t.Topic), strconv.FormatFloat(t.Hours, 'g', -1, 64))
		if t.Record != "" {
			row += "  " + ui.OneLine(t.Record)
		}
		out = append(out, ui.Clip("   "+row, s.w))
	}
	return out
}
