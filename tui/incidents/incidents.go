// Package incidents is the workbench page of the incident register
// (安全事件, GB/T 32926—2016 附录 A A.7, 8.1 e)): each incident with when it
// was found and reported, against the contract's reporting deadline
// (notify_hours of the clauses sec.a5 and nda.b3), what happened, its impact,
// handling and cause analysis, and its measures against recurrence, each a
// finding of the register with its corrective action. Opened with I on the
// dashboard and on the findings page.
package incidents

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
	"outsec/model/findings"
	"outsec/store"
	"outsec/templates"
	"outsec/tui/ui"
)

// Registration is the incident register in the root's registry.
var Registration = ui.Registration{Kind: ui.KindIncidents, New: New}

// Data is what the page shows.
type Data struct {
	Incidents []findings.Incident
	Findings  []findings.Finding
	Hours     float64 // the contract's reporting deadline
	Evidence  map[int64][]store.Evidence
}

type (
	LoadedMsg struct {
		to   ui.PageKey
		Eng  model.Engagement
		Data Data
		Err  error
	}
	SavedMsg struct {
		to      ui.PageKey
		w       Write
		Data    Data
		LoadErr error
		Err     error
	}
)

func (m LoadedMsg) Recipient() ui.PageKey { return m.to }
func (m SavedMsg) Recipient() ui.PageKey  { return m.to }
func (SavedMsg) EndsWrite() bool          { return true }

// Write is one store action of the page: an incident saved, or a measure
// against recurrence recorded as a finding.
type Write struct {
	incident *findings.Incident
	measure  *findings.Finding
	// evidence for the incident of id evidenceOf: a file's path, or a note.
	evidenceOf        int64
	path, title, note string
}

func readData(st *store.Store, ctx context.Context, engID int64) (Data, error) {
	in, err := st.Incidents(ctx, engID)
	if err != nil {
		return Data{}, err
	}
	fs, err := st.Findings(ctx, engID)
	if err != nil {
		return Data{}, err
	}
	ev, err := st.EvidenceByOwner(ctx, engID, store.OwnerIncident)
	if err != nil {
		return Data{}, err
	}
	h, err := st.NotifyHours(ctx, engID)
	return Data{Incidents: in, Findings: fs, Hours: h, Evidence: ev}, err
}

func load(sh *ui.Context, to ui.PageKey) tea.Cmd {
	st, ctx := sh.Store, sh.Ctx
	return func() tea.Msg {
		e, err := st.Engagement(ctx, to.Engagement)
		if err != nil {
			return LoadedMsg{to: to, Err: err}
		}
		d, err := readData(st, ctx, to.Engagement)
		return LoadedMsg{to: to, Eng: e, Data: d, Err: err}
	}
}

func save(sh *ui.Context, to ui.PageKey, w Write) tea.Cmd {
	st, ctx, op, engID := sh.Store, sh.Ctx, sh.Operator, to.Engagement
	sh.Writing()
	return func() tea.Msg {
		var err error
		switch {
		case w.incident != nil:
			in := *w.incident
			err = st.SaveIncident(ctx, op, engID, &in)
			w.incident = &in
		case w.measure != nil:
			f := *w.measure
			err = st.AddFinding(ctx, op, engID, &f)
			w.measure = &f
		case w.path != "":
			_, err = st.AddEvidenceFile(ctx, op, engID, w.path, store.Owner{Kind: store.OwnerIncident, ID: w.evidenceOf})
		case w.note != "":
			_, err = st.AddEvidenceNote(ctx, op, engID, w.title, w.note, store.Owner{Kind: store.OwnerIncident, ID: w.evidenceOf})
		}
		d, lerr := readData(st, ctx, engID)
		return SavedMsg{to: to, w: w, Data: d, LoadErr: lerr, Err: err}
	}
}

type screen struct {
	sh      *ui.Context
	eng     model.Engagement
	data    Data
	ready   bool
	loadErr string
	cursor  int
	offset  int
	form    *ui.RecordForm[Write]
	w, h    int
}

// New makes the incident page of an engagement.
func New(sh *ui.Context, engID int64) ui.Page {
	return &screen{sh: sh, eng: model.Engagement{ID: engID}}
}

func (s *screen) key() ui.PageKey { return ui.KindIncidents.Key(s.eng.ID) }

func (s *screen) Init() tea.Cmd {
	s.sh.SetStatus("")
	return load(s.sh, s.key())
}

func (s *screen) Title() string       { return s.sh.T("tui.page.incidents", ui.OneLine(s.eng.Code)) }
func (s *screen) Capturing() bool     { return s.form != nil }
func (s *screen) KeyMap() help.KeyMap { return s.help() }

func (s *screen) SetSize(w, h int) {
	s.w, s.h = w, h
	if s.form != nil {
		s.form.SetSize(w, h)
	}
}

func (s *screen) help() ui.KeyHelp {
	k, fk := s.sh.Keys, s.sh.Keys.Findings
	if s.form != nil {
		return k.FormHelp()
	}
	report := s.sh.Keys.Findings.Notice
	report.SetHelp("x", s.sh.T("tui.incidents.help.report"))
	short := []key.Binding{fk.New, fk.Edit, fk.Measure, fk.Evidence, report, fk.Findings, k.Back, k.Help, k.Quit}
	return ui.KeyHelp{Short: short, Full: [][]key.Binding{{k.Up, k.Down, fk.New, fk.Edit, fk.Evidence}, {fk.Measure, report, fk.Findings, k.Back, k.Help, k.Quit}}}
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
		done := ""
		switch {
		case msg.w.incident != nil:
			done = s.sh.T("tui.incidents.status.saved", ui.OneLine(msg.w.incident.Title))
			for i, in := range s.data.Incidents {
				if in.ID == msg.w.incident.ID {
					s.cursor = i
				}
			}
		case msg.w.measure != nil:
			done = s.sh.T("tui.incidents.status.measure", msg.w.measure.ID)
		case msg.w.evidenceOf != 0:
			done = s.sh.T("tui.incidents.status.evidence")
		}
		s.sh.SetOutcome(msg.Err, msg.LoadErr, done)
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

func (s *screen) keyPress(msg tea.KeyPressMsg) tea.Cmd {
	if s.form != nil {
		return s.formMsg(msg)
	}
	k, fk := s.sh.Keys, s.sh.Keys.Findings
	switch {
	case key.Matches(msg, k.Back):
		return ui.Back()
	case key.Matches(msg, fk.Findings):
		return ui.Go(ui.KindFindings, s.eng.ID)
	case key.Matches(msg, k.Up):
		s.cursor--
	case key.Matches(msg, k.Down):
		s.cursor++
	case key.Matches(msg, k.Home):
		s.cursor = 0
	case key.Matches(msg, k.End):
		s.cursor = 1 << 30
	}
	s.clamp()
	if !s.ready {
		return nil
	}
	if key.Matches(msg, fk.New) {
		return s.open(newIncidentForm(s, findings.Incident{}))
	}
	in := s.selected()
	if in == nil {
		return nil
	}
	switch {
	case key.Matches(msg, fk.Edit):
		return s.open(newIncidentForm(s, *in))
	case key.Matches(msg, fk.Measure):
		return s.open(newMeasureForm(s, *in))
	case key.Matches(msg, fk.Evidence):
		return s.open(newEvidenceForm(s, *in))
	case key.Matches(msg, fk.Notice):
		return ui.GoTo(ui.GoMsg{Key: ui.KindDocs.Key(s.eng.ID), Arg: ui.DocArg(templates.IncidentReport, nil, in.ID)})
	}
	return nil
}

func (s *screen) open(f *ui.RecordForm[Write]) tea.Cmd {
	s.form = f
	return f.Rebuild()
}

func (s *screen) selected() *findings.Incident {
	if s.cursor < 0 || s.cursor >= len(s.data.Incidents) {
		return nil
	}
	return &s.data.Incidents[s.cursor]
}

func (s *screen) clamp() {
	s.cursor = min(max(s.cursor, 0), max(len(s.data.Incidents)-1, 0))
}

func (s *screen) hours() string { return strconv.FormatFloat(s.data.Hours, 'g', -1, 64) }

func (s *screen) View() string {
	if s.form != nil {
		return s.form.View()
	}
	T, st := s.sh.T, s.sh.Styles
	lines := []string{st.Title.Render(ui.Fit(" "+T("tui.incidents.title", ui.OneLine(s.eng.Code), ui.OneLine(s.eng.Name)), s.w))}
	if !s.ready {
		if s.loadErr != "" {
			lines = append(lines, st.Error.Render(ui.Clip(" ! "+s.loadErr, s.w)))
		} else {
			lines = append(lines, st.Dim.Render(" "+T("tui.loading")))
		}
		return ui.JoinLines(lines)
	}
	now := s.sh.Store.Now()
	late := 0
	for i := range s.data.Incidents {
		if s.data.Incidents[i].Late(s.data.Hours, now) {
			late++
		}
	}
	head := " " + T("tui.incidents.deadline", s.hours(), findings.ContractClauses) + "  "
	if late > 0 {
		head += st.Stop.Render(T("tui.incidents.late_count", late)) + "  "
	}
	head += T("tui.incidents.count", len(s.data.Incidents))
	lines = append(lines, ui.Clip(head, s.w))
	if len(s.data.Incidents) == 0 {
		lines = append(lines, "")
		lines = append(lines, ui.Wrap(T("tui.incidents.none", s.sh.Keys.Findings.New.Help().Key), s.w, "  ", "  ")...)
		return ui.JoinLines(lines)
	}
	tw := len(findings.TimeLayout)
	lines = append(lines, st.Header.Render(ui.Fit("  "+ui.Fit(T("tui.incidents.col.found"), tw)+" "+ui.Fit(T("tui.incidents.col.reported"), tw)+" "+
		ui.Fit(T("tui.incidents.col.hours"), 7)+" "+T("tui.incidents.col.title"), s.w)))
	n := max(min(len(s.data.Incidents), (s.h-len(lines)-1)/3), 2)
	if s.cursor < s.offset {
		s.offset = s.cursor
	}
	if s.cursor >= s.offset+n {
		s.offset = s.cursor - n + 1
	}
	for i := s.offset; i < s.offset+n && i < len(s.data.Incidents); i++ {
		in := &s.data.Incidents[i]
		rep, hrs := T("tui.incidents.not_reported"), "-"
		if !in.ReportedAt.IsZero() {
			rep, hrs = findings.FormatTime(in.ReportedAt), strconv.FormatFloat(in.HoursToReport(), 'f', 1, 64)
		}
		isLate := in.Late(s.data.Hours, now)
		if isLate {
			hrs += "!"
		}
		title := ui.OneLine(in.Title)
		if in.Closed() {
			title += " " + T("tui.incidents.closed_mark")
		}
		row := ui.Fit(findings.FormatTime(in.FoundAt), tw) + " " + ui.Fit(rep, tw) + " " + ui.Fit(hrs, 7) + " " + title
		switch {
		case i == s.cursor:
			lines = append(lines, st.Selected.Render(ui.Fit("> "+row, s.w)))
		case isLate:
			lines = append(lines, st.Stop.Render(ui.Clip("  "+row, s.w)))
		default:
			lines = append(lines, ui.Clip("  "+row, s.w))
		}
	}
	lines = append(lines, "")
	detail := s.detail(now)
	if room := s.h - len(lines); room > 0 {
		if len(detail) > room {
			detail = detail[:room]
			detail[room-1] = ui.Clip(detail[room-1], s.w-1) + ui.Ellipsis
		}
		lines = append(lines, detail...)
	}
	return ui.JoinLines(lines)
}

func (s *screen) hang(text string) []string { return ui.Wrap(text, s.w-2, " ", "   ") }

func (s *screen) detail(now interface{ Format(string) string }) []string {
	T, st := s.sh.T, s.sh.Styles
	in := s.selected()
	if in == nil {
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
	out = append(out, st.Bold.Render(ui.Clip(" "+ui.OneLine(in.Title), s.w)))
	dl := findings.FormatTime(in.Deadline(s.data.Hours))
	line := T("tui.incidents.reporting", or(in.ReportedTo), dl)
	if in.Late(s.data.Hours, s.sh.Store.Now()) {
		out = append(out, st.Stop.Render(ui.Clip(" ! "+T("tui.incidents.late", s.hours(), string(findings.ClauseReport), findings.ContractClauses), s.w)))
	}
	out = append(out, s.hang(line)...)
	out = append(out, s.hang(T("field.incident.description")+T("tui.incidents.colon")+or(in.Description))...)
	out = append(out, s.hang(T("field.incident.impact")+T("tui.incidents.colon")+or(in.Impact))...)
	out = append(out, s.hang(T("field.incident.handling")+T("tui.incidents.colon")+or(in.Handling))...)
	out = append(out, s.hang(T("field.incident.cause")+T("tui.incidents.colon")+or(in.Cause)+T("tui.incidents.clause", string(findings.ClauseCause)))...)
	if in.Closed() {
		out = append(out, st.Done.Render(ui.Clip(" "+T("tui.incidents.closed", string(in.ClosedOn)), s.w)))
	}
	var ms []string
	for _, f := range s.data.Findings {
		if f.Source == findings.SourceIncident && f.SourceID == in.ID {
			due := string(f.Action.Due())
			if f.Overdue(model.Date(s.sh.Store.Now().Format(model.DateLayout))) {
				due += "!"
			}
			ms = append(ms, fmt.Sprintf("   #%d [%s] %s  %s", f.ID, T(f.State.Key()), ui.OneLine(f.Description), due))
		}
	}
	out = append(out, " "+T("tui.incidents.measures", len(ms), s.sh.Keys.Findings.Measure.Help().Key))
	for _, m := range ms {
		out = append(out, st.Dim.Render(ui.Clip(m, s.w)))
	}
	if evs := s.data.Evidence[in.ID]; len(evs) > 0 {
		out = append(out, " "+T("tui.findings.evidence", len(evs)))
		for _, e := range evs {
			out = append(out, st.Dim.Render(ui.Clip("   "+T("tui.findings.evidence_line", ui.OneLine(e.Name), ui.FileSize(T, int(e.Size)), e.SHA256[:16], e.SM3[:16]), s.w)))
		}
	}
	return out
}

// newIncidentForm records a new incident (in.ID 0) or edits one.
func newIncidentForm(s *screen, in findings.Incident) *ui.RecordForm[Write] {
	T := s.sh.T
	v := struct{ title, found, to, reported, desc, impact, handling, cause, closed string }{in.Title, findings.FormatTime(in.FoundAt), in.ReportedTo,
		findings.FormatTime(in.ReportedAt), in.Description, in.Impact, in.Handling, in.Cause, string(in.ClosedOn)}
	if in.ID == 0 {
		v.found = findings.FormatTime(s.sh.Store.Now().Truncate(60e9))
	}
	timeCheck := func(label string, optional bool) func(string) error {
		return func(x string) error {
			if strings.TrimSpace(x) == "" && !optional {
				return ui.Errorf(T("err.field_line", T(label), T("err.required")))
			}
			if _, ok := findings.ParseTime(x); !ok {
				return ui.Errorf(T("err.field_line", T(label), T("tui.incidents.err.time")))
			}
			return nil
		}
	}
	build := func() *huh.Form {
		return huh.NewForm(
			huh.NewGroup(
				huh.NewInput().Key("title").Title(T("field.incident.title")).Value(&v.title).CharLimit(model.MaxShortText),
				huh.NewInput().Key("found").Title(T("field.incident.found_at")).Description(T("tui.incidents.form.time_hint")).
					Value(&v.found).Validate(timeCheck("field.incident.found_at", false)),
				huh.NewInput().Key("to").Title(T("field.incident.reported_to")).Value(&v.to).CharLimit(model.MaxShortText),
				huh.NewInput().Key("reported").Title(T("field.incident.reported_at")).Description(T("tui.incidents.form.reported_hint", s.hours())).
					Value(&v.reported).Validate(timeCheck("field.incident.reported_at", true)),
			),
			huh.NewGroup(
				huh.NewText().Key("desc").Title(T("field.incident.description")).Value(&v.desc).CharLimit(model.MaxLongText).Lines(2),
				huh.NewText().Key("impact").Title(T("field.incident.impact")).Value(&v.impact).CharLimit(model.MaxLongText).Lines(2),
				huh.NewText().Key("handling").Title(T("field.incident.handling")).Value(&v.handling).CharLimit(model.MaxLongText).Lines(2),
			),
			huh.NewGroup(
				huh.NewText().Key("cause").Title(T("field.incident.cause")).Value(&v.cause).CharLimit(model.MaxLongText).Lines(3),
				huh.NewInput().Key("closed").Title(T("field.incident.closed_on")).Description(T("tui.findings.form.date_hint")).
					Value(&v.closed).Validate(ui.ValidateDate(s.sh, "field.incident.closed_on", true)),
			).Title(T("tui.incidents.form.cause_group", string(findings.ClauseCause))),
		)
	}
	write := func() (Write, error, bool) {
		n := in
		n.Title, n.ReportedTo, n.Description, n.Impact, n.Handling, n.Cause = v.title, v.to, v.desc, v.impact, v.handling, v.cause
		n.FoundAt, _ = findings.ParseTime(v.found)
		n.ReportedAt, _ = findings.ParseTime(v.reported)
		n.ClosedOn = ui.DateOf(v.closed)
		n.Normalise()
		if ve := n.Validate(); ve != nil {
			return Write{}, ve, false
		}
		return Write{incident: &n}, nil, false
	}
	title := T("tui.incidents.form.new_title")
	if in.ID != 0 {
		title = T("tui.incidents.form.edit_title", ui.OneLine(in.Title))
	}
	return ui.NewRecordForm(s.sh, s.w, s.h, title, []string{T("tui.incidents.form.about", s.hours(), string(findings.ClauseReport), findings.ContractClauses)}, build, write)
}

// newMeasureForm records a measure against the incident's recurrence
// (8.1 e)): a finding with the source "incident", and its corrective action.
func newMeasureForm(s *screen, in findings.Incident) *ui.RecordForm[Write] {
	T := s.sh.T
	v := struct{ desc, concerns, sev, measure, owner, deadline string }{sev: "3", concerns: "A.7 d)", owner: s.eng.Vendor.Name}
	var sevs []huh.Option[string]
	for _, x := range findings.Severities {
		sevs = append(sevs, huh.NewOption(T(x.Key()), strconv.Itoa(int(x))))
	}
	build := func() *huh.Form {
		return huh.NewForm(huh.NewGroup(
			huh.NewText().Key("desc").Title(T("tui.incidents.form.measure_desc")).Value(&v.desc).CharLimit(model.MaxLongText).Lines(2),
			huh.NewInput().Key("concerns").Title(T("field.finding.concerns")).Value(&v.concerns).CharLimit(model.MaxShortText),
			huh.NewSelect[string]().Key("sev").Title(T("field.finding.severity")).Options(sevs...).Value(&v.sev),
			huh.NewText().Key("measure").Title(T("field.finding.action.measure")).Value(&v.measure).CharLimit(model.MaxLongText).Lines(2),
			huh.NewInput().Key("owner").Title(T("field.finding.action.owner")).Value(&v.owner).CharLimit(model.MaxShortText),
			huh.NewInput().Key("deadline").Title(T("field.finding.action.deadline")).Description(T("tui.findings.form.date_hint")).
				Value(&v.deadline).Validate(ui.ValidateDate(s.sh, "field.finding.action.deadline", true)),
		))
	}
	write := func() (Write, error, bool) {
		n, _ := strconv.Atoi(v.sev)
		f := findings.Finding{Source: findings.SourceIncident, SourceID: in.ID, Description: v.desc, Concerns: v.concerns, Severity: findings.Severity(n),
			Action: findings.Action{Measure: v.measure, Owner: v.owner, Deadline: ui.DateOf(v.deadline)}}
		f.Normalise()
		if ve := f.Validate(); ve != nil {
			return Write{}, ve, false
		}
		return Write{measure: &f}, nil, false
	}
	return ui.NewRecordForm(s.sh, s.w, s.h, T("tui.incidents.form.measure_title", ui.OneLine(in.Title)),
		[]string{T("tui.incidents.form.measure_about", string(findings.ClauseCause))}, build, write)
}

// newEvidenceForm adds evidence to an incident: a file by its path (copied
// into the evidence folder, named by its digest), or a text note.
func newEvidenceForm(s *screen, in findings.Incident) *ui.RecordForm[Write] {
	T := s.sh.T
	v := struct{ path, title, note string }{}
	build := func() *huh.Form {
		return huh.NewForm(huh.NewGroup(
			huh.NewInput().Key("path").Title(T("field.evidence.path")).Description(T("tui.findings.form.path_hint")).Value(&v.path),
			huh.NewInput().Key("title").Title(T("field.evidence.name")).Value(&v.title).CharLimit(model.MaxShortText),
			huh.NewText().Key("note").Title(T("field.evidence.note")).Description(T("tui.findings.form.note_hint")).
				Value(&v.note).CharLimit(model.MaxLongText).Lines(3),
		))
	}
	write := func() (Write, error, bool) {
		if p := ui.UserPath(v.path); p != "" {
			return Write{evidenceOf: in.ID, path: p}, nil, false
		}
		if strings.TrimSpace(v.note) != "" {
			return Write{evidenceOf: in.ID, title: v.title, note: v.note}, nil, false
		}
		return Write{}, nil, true
	}
	return ui.NewRecordForm(s.sh, s.w, s.h, T("tui.incidents.form.evidence_title", ui.OneLine(in.Title)),
		[]string{T("tui.findings.form.evidence_about", s.sh.Store.EvidenceDir())}, build, write)
}
