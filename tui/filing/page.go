// Package filing is the workbench page of the filing with the e-government
// information security authority (外包服务机构备案, GB/T 32926—2016 6.5): the
// versions v1, v2, … with the selected one's frozen snapshot, the difference
// between the latest version and the data now (6.5 b)), filing a new
// version, its status, the service content (6.5 a) 2)) and the days a
// timely filing has. Opened with B on the dashboard, the contract and the
// plan pages.
package filing

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"outsec/model"
	"outsec/model/annexa"
	"outsec/model/filing"
	"outsec/tui/ui"
)

// Registration is the filing in the root's registry.
var Registration = ui.Registration{Kind: ui.KindFiling, New: New}

// Page is the filing of one engagement.
type Page struct {
	sh   *ui.Context
	id   int64
	data Data

	ready   bool
	loadErr string

	diffTab bool // the difference from the data now, else the versions
	cursor  int  // the version selected
	scroll  int

	form *ui.RecordForm[write]
	w, h int
}

// New makes the page of engagement id.
func New(sh *ui.Context, id int64) ui.Page { return &Page{sh: sh, id: id} }

func (p *Page) key() ui.PageKey { return ui.KindFiling.Key(p.id) }

func (p *Page) Init() tea.Cmd {
	p.sh.SetStatus("")
	return load(p.sh, p.key())
}

func (p *Page) Title() string { return p.sh.T("tui.page.filing", ui.OneLine(p.data.Eng.Code)) }

func (p *Page) Capturing() bool { return p.form != nil }

func (p *Page) SetSize(w, h int) {
	p.w, p.h = w, h
	if p.form != nil {
		p.form.SetSize(w, h)
	}
}

func (p *Page) lang() string { return string(p.sh.Catalog.Lang()) }

func (p *Page) KeyMap() help.KeyMap {
	k, pk := p.sh.Keys, p.sh.Keys.Plan
	if p.form != nil {
		return k.FormHelp()
	}
	tab := key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", p.sh.T("tui.filing.help.tab")))
	short := []key.Binding{tab, pk.NewVersion, pk.Status, pk.Content, pk.DueDays, k.PageDown, pk.Docs, pk.Open, k.Back, k.Help, k.Quit}
	return ui.KeyHelp{Short: short, Full: [][]key.Binding{short}}
}

func (p *Page) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.Err != nil {
			p.loadErr = p.sh.Describe(msg.Err)[0]
			p.sh.SetError(msg.Err)
			return nil
		}
		p.take(msg.Data)
		return nil
	case savedMsg:
		if msg.LoadErr == nil {
			p.take(msg.Data)
		}
		p.sh.SetOutcome(msg.Err, msg.LoadErr, p.status(msg))
		if msg.Err == nil && msg.w.kind == writeDraft {
			p.cursor, p.diffTab = len(p.data.Versions)-1, false
		}
		if p.form != nil && p.form.Submitting() {
			if msg.Err != nil {
				return p.form.Rejected(msg.Err)
			}
			p.form = nil
		}
		return nil
	case tea.KeyPressMsg:
		if p.form != nil {
			return p.formMsg(msg)
		}
		return p.keyPress(msg)
	case tea.WindowSizeMsg, tea.BackgroundColorMsg:
		return nil
	}
	if p.form != nil {
		return p.formMsg(msg)
	}
	return nil
}

func (p *Page) take(d Data) {
	first := !p.ready
	p.data, p.ready, p.loadErr = d, true, ""
	if first {
		p.cursor = len(d.Versions) - 1
	}
	p.cursor = min(max(p.cursor, 0), max(len(d.Versions)-1, 0))
}

func (p *Page) status(msg savedMsg) string {
	T := p.sh.T
	switch msg.w.kind {
	case writeDraft:
		return T("tui.filing.status.drafted", msg.Version.Label())
	case writeStatus:
		return T("tui.filing.status.status", fmt.Sprintf("v%d", msg.w.version), T(msg.w.status.Key()))
	case writeContent:
		return T("tui.filing.status.content")
	}
	return T("tui.filing.status.due_days", msg.w.days)
}

func (p *Page) formMsg(msg tea.Msg) tea.Cmd {
	cmd, w, closed := p.form.Step(msg)
	switch {
	case closed:
		p.form = nil
		p.sh.SetStatusText(p.sh.T("tui.status.nothing_changed"), false)
	case w != nil:
		return tea.Batch(cmd, save(p.sh, p.key(), *w))
	}
	return cmd
}

func (p *Page) openForm(f *ui.RecordForm[write]) tea.Cmd {
	p.form = f
	return f.Rebuild()
}

func (p *Page) keyPress(msg tea.KeyPressMsg) tea.Cmd {
	k, pk := p.sh.Keys, p.sh.Keys.Plan
	switch {
	case key.Matches(msg, k.Back):
		return ui.Back()
	case key.Matches(msg, pk.Open):
		return ui.Go(ui.KindPlan, p.id)
	case key.Matches(msg, pk.Docs):
		return ui.GoTo(ui.GoMsg{Key: ui.PageKey{Kind: ui.KindDocs, Engagement: p.id}, Arg: "filing-form"})
	case key.Matches(msg, pk.Tab):
		p.diffTab = !p.diffTab
		p.scroll = 0
		return nil
	case key.Matches(msg, k.PageDown):
		p.scroll += max(p.h/2, 1)
		return nil
	case key.Matches(msg, k.PageUp):
		p.scroll = max(p.scroll-max(p.h/2, 1), 0)
		return nil
	case key.Matches(msg, k.Up):
		p.scroll = 0
		if p.diffTab {
			p.scroll = max(p.scroll-1, 0)
		} else {
			p.cursor = max(p.cursor-1, 0)
		}
		return nil
	case key.Matches(msg, k.Down):
		if !p.diffTab {
			p.scroll = 0
		}
		if p.diffTab {
			p.scroll++
		} else {
			p.cursor = min(p.cursor+1, max(len(p.data.Versions)-1, 0))
		}
		return nil
	}
	if !p.ready {
		return nil
	}
	switch {
	case key.Matches(msg, pk.NewVersion):
		return p.openForm(p.draftForm())
	case key.Matches(msg, pk.Status):
		if len(p.data.Versions) > 0 && !p.diffTab {
			return p.openForm(p.statusForm(p.data.Versions[p.cursor]))
		}
	case key.Matches(msg, pk.Content):
		return p.openForm(p.contentForm())
	case key.Matches(msg, pk.DueDays):
		return p.openForm(p.dueForm())
	}
	return nil
}

// View draws the page.
func (p *Page) View() string {
	if p.form != nil {
		return p.form.View()
	}
	T, st := p.sh.T, p.sh.Styles
	lines := []string{st.Title.Render(ui.Fit(" "+T("tui.filing.title", ui.OneLine(p.data.Eng.Code), ui.OneLine(p.data.Eng.Name)), p.w))}
	if !p.ready {
		if p.loadErr != "" {
			lines = append(lines, st.Error.Render(ui.Clip(" ! "+p.loadErr, p.w)))
		} else {
			lines = append(lines, st.Dim.Render(" "+T("tui.loading")))
		}
		return ui.JoinLines(lines)
	}
	d := p.data
	state := " " + T("tui.screening.state") + ui.StateStyle(st, d.Step.State).Render("["+T(d.Step.State.Key())+"]") + "  " +
		T("tui.filing.versions", len(d.Versions))
	if d.Due != "" {
		state += "  " + T("tui.filing.due", string(d.Due), d.DueDays)
	}
	lines = append(lines, ui.Clip(state, p.w))
	for _, b := range d.Prereq {
		lines = append(lines, st.Update.Render(ui.Clip(" ! "+T(b.Key, b.Args...)+" ("+string(b.Clause)+")", p.w)))
	}
	for _, b := range d.Step.Blocks {
		if b.Key == "filing.block.overdue" || b.Key == "filing.block.not_submitted" {
			lines = append(lines, st.Update.Render(ui.Clip(" ! "+T(b.Key, b.Args...)+" ("+string(b.Clause)+")", p.w)))
		}
	}
	if len(d.Diff) > 0 {
		lines = append(lines, st.Update.Render(ui.Clip(" ! "+T("tui.filing.needs_update", len(d.Diff), p.sh.Keys.Plan.NewVersion.Help().Key)+
			" ("+string(filing.ClauseChange)+")", p.w)))
	}
	tabs := []string{T("tui.filing.tab.versions"), T("tui.filing.tab.diff", len(d.Diff))}
	var parts []string
	for i, t := range tabs {
		if (i == 1) == p.diffTab {
			parts = append(parts, st.Selected.Render(" "+t+" "))
		} else {
			parts = append(parts, st.Dim.Render(" "+t+" "))
		}
	}
	lines = append(lines, ui.Clip(" "+strings.Join(parts, ""), p.w), "")
	var body []string
	if p.diffTab {
		body = p.diffLines()
	} else {
		body = p.versionLines()
	}
	room := max(p.h-len(lines), 1)
	p.scroll = min(p.scroll, max(len(body)-room, 0))
	body = body[min(p.scroll, len(body)):]
	if len(body) > room {
		body = body[:room]
	}
	return ui.JoinLines(append(lines, body...))
}

// value shows a field's value: a code by its name, empty as the blank.
func (p *Page) value(f filing.Field, v string) string {
	if v == "" || v == filing.Blank {
		return filing.Blank
	}
	if f.Enum != "" {
		return p.sh.T(f.Enum + v)
	}
	return ui.OneLine(v)
}

func (p *Page) label(f filing.Field) string {
	if f.Arg != "" {
		return p.sh.T(f.Key, f.Arg)
	}
	return p.sh.T(f.Key)
}

func (p *Page) diffLines() []string {
	T, st := p.sh.T, p.sh.Styles
	d := p.data
	if len(d.Versions) == 0 {
		return ui.Wrap(T("tui.filing.no_versions", p.sh.Keys.Plan.NewVersion.Help().Key), p.w, "  ", "  ")
	}
	if len(d.Diff) == 0 {
		return []string{st.Done.Render(ui.Clip("  "+T("tui.filing.no_diff", d.Versions[len(d.Versions)-1].Label()), p.w))}
	}
	out := []string{st.Header.Render(ui.Fit("  "+T("tui.filing.diff_head", d.Versions[len(d.Versions)-1].Label()), p.w))}
	for _, x := range d.Diff {
		out = append(out, ui.Wrap(p.label(x.Field)+T("tui.plan.colon")+p.value(x.Field, x.Old)+" → "+p.value(x.Field, x.New), p.w-2, "  ", "    ")...)
	}
	return out
}

func (p *Page) versionLines() []string {
	T, st := p.sh.T, p.sh.Styles
	d := p.data
	if len(d.Versions) == 0 {
		return ui.Wrap(T("tui.filing.no_versions", p.sh.Keys.Plan.NewVersion.Help().Key), p.w, "  ", "  ")
	}
	out := []string{st.Header.Render(ui.Fit("  "+ui.Fit(T("field.filing.version"), 6)+ui.Fit(T("field.filing.reason"), 12)+
		ui.Fit(T("field.filing.status"), 10)+ui.Fit(T("field.filing.submitted_on"), 12)+T("field.filing.filing_number"), p.w))}
	for i, v := range d.Versions {
		row := ui.Fit(v.Label(), 6) + ui.Fit(T(v.Reason.Key()), 12) + ui.Fit(T(v.Status.Key()), 10) + ui.Fit(or(string(v.SubmittedOn)), 12) + or(ui.OneLine(v.FilingNo))
		if i == p.cursor {
			out = append(out, st.Selected.Render(ui.Fit("> "+row, p.w)))
		} else {
			out = append(out, ui.Clip("  "+row, p.w))
		}
	}
	out = append(out, "")
	return append(out, p.snapshotLines(d.Versions[p.cursor])...)
}

func or(s string) string {
	if strings.TrimSpace(s) == "" {
		return filing.Blank
	}
	return s
}

// snapshotLines are the frozen items 1)–5) of a version.
func (p *Page) snapshotLines(v filing.Version) []string {
	T, st, lang := p.sh.T, p.sh.Styles, p.lang()
	out := []string{st.Bold.Render(ui.Clip(" "+T("tui.filing.snapshot", v.Label(), ui.OneLine(v.Authority), v.CreatedAt.Local().Format(model.DateLayout)), p.w))}
	s := v.Snapshot
	for _, f := range s.Fields() {
		if strings.HasPrefix(f.Path, "measures.") {
			continue
		}
		out = append(out, ui.Clip("  "+p.label(f)+T("tui.plan.colon")+p.value(f, f.Value), p.w))
	}
	out = append(out, ui.Clip("  "+T("tui.filing.measures", len(s.Measures)), p.w))
	for i, m := range s.Measures {
		if i == 5 {
			out = append(out, st.Dim.Render(ui.Clip("    "+T("tui.plan.more_blocks", len(s.Measures)-5), p.w)))
			break
		}
		label := T("tui.filing.treatment")
		if it, ok := annexa.ByID(m.Item); ok {
			label = it.Label() + " " + it.Title(lang)
		}
		out = append(out, ui.Clip("    "+label+T("tui.plan.colon")+ui.OneLine(m.Text), p.w))
	}
	for _, kv := range s.Other {
		out = append(out, ui.Clip("  "+ui.OneLine(kv.Key)+T("tui.plan.colon")+ui.OneLine(kv.Value), p.w))
	}
	return out
}

func problems(errs model.ValidationError) error {
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// draftForm files a new version: the authority and the other items the
// authority asks for, one "name: value" a line.
func (p *Page) draftForm() *ui.RecordForm[write] {
	T := p.sh.T
	var authority, other string
	if n := len(p.data.Versions); n > 0 {
		last := p.data.Versions[n-1]
		authority = last.Authority
		var ls []string
		for _, kv := range last.Snapshot.Other {
			ls = append(ls, kv.Key+": "+kv.Value)
		}
		other = strings.Join(ls, "\n")
	}
	about := []string{T("tui.filing.form.draft_about")}
	for _, b := range p.data.Prereq {
		about = append(about, "! "+T(b.Key, b.Args...))
	}
	build := func() *huh.Form {
		return huh.NewForm(huh.NewGroup(
			huh.NewInput().Key("authority").Title(T("field.filing.authority")).Value(&authority).CharLimit(model.MaxShortText),
			huh.NewText().Key("other").Title(T("field.filing.other")).Description(T("tui.filing.form.other_hint")).Value(&other).CharLimit(filing.MaxText),
		))
	}
	return ui.NewRecordForm(p.sh, p.w, p.h, T("tui.filing.form.draft"), about, build, func() (write, error, bool) {
		kvs := ParseOther(other)
		return write{kind: writeDraft, authority: authority, other: kvs}, problems(filing.ValidateDraft(authority, kvs)), false
	})
}

// ParseOther reads the other items, one "name: value" (or "name：value") a
// line; a line without a separator is a name without a value.
func ParseOther(s string) []filing.KV {
	var out []filing.KV
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		k, v, ok := strings.Cut(l, ":")
		if i := strings.Index(l, "："); i >= 0 && (!ok || i < len(k)) {
			k, v = l[:i], l[i+len("："):]
		}
		out = append(out, filing.KV{Key: strings.TrimSpace(k), Value: strings.TrimSpace(v)})
	}
	return out
}

func (p *Page) statusForm(v filing.Version) *ui.RecordForm[write] {
	T := p.sh.T
	st, sub, num := string(v.Status), string(v.SubmittedOn), v.FilingNo
	if sub == "" {
		sub = p.sh.Store.Now().Format(model.DateLayout)
	}
	var opts []huh.Option[string]
	for _, s := range filing.Statuses {
		opts = append(opts, huh.NewOption(T(s.Key()), string(s)))
	}
	build := func() *huh.Form {
		return huh.NewForm(huh.NewGroup(
			huh.NewSelect[string]().Key("status").Title(T("field.filing.status")).Value(&st).Options(opts...),
			huh.NewInput().Key("submitted").Title(T("field.filing.submitted_on")).Value(&sub).
				Validate(ui.ValidateDate(p.sh, "field.filing.submitted_on", true)),
			huh.NewInput().Key("number").Title(T("field.filing.filing_number")).Value(&num).CharLimit(model.MaxShortText),
		))
	}
	return ui.NewRecordForm(p.sh, p.w, p.h, T("tui.filing.form.status", v.Label()), []string{T("tui.filing.form.status_about")}, build,
		func() (write, error, bool) {
			w := write{kind: writeStatus, versionID: v.ID, version: v.Number, status: filing.Status(st), submitted: ui.DateOf(sub), number: strings.TrimSpace(num)}
			if w.status == v.Status && w.submitted == v.SubmittedOn && w.number == v.FilingNo {
				return w, nil, true
			}
			return w, problems(filing.ValidateStatus(w.status, w.submitted, w.number)), false
		})
}

func (p *Page) contentForm() *ui.RecordForm[write] {
	T := p.sh.T
	content := p.data.Eng.ServiceContent
	build := func() *huh.Form {
		return huh.NewForm(huh.NewGroup(
			huh.NewText().Key("content").Title(T("field.service_content")).Value(&content).CharLimit(model.MaxLongText),
		))
	}
	about := []string{T("tui.filing.form.content_about", T("service."+string(p.data.Eng.ServiceType)))}
	return ui.NewRecordForm(p.sh, p.w, p.h, T("tui.filing.form.content"), about, build, func() (write, error, bool) {
		c := strings.TrimSpace(content)
		return write{kind: writeContent, content: c}, nil, c == p.data.Eng.ServiceContent
	})
}

func (p *Page) dueForm() *ui.RecordForm[write] {
	T := p.sh.T
	days := strconv.Itoa(p.data.DueDays)
	check := func(s string) error {
		if n, err := strconv.Atoi(strings.TrimSpace(s)); err != nil || n < 1 || n > filing.MaxDueDays {
			return ui.Errorf(T("err.field_line", T("field.filing.due_days"), T("filing.err.due_days", filing.MaxDueDays)))
		}
		return nil
	}
	build := func() *huh.Form {
		return huh.NewForm(huh.NewGroup(huh.NewInput().Key("days").Title(T("field.filing.due_days")).Value(&days).Validate(check)))
	}
	return ui.NewRecordForm(p.sh, p.w, p.h, T("tui.filing.form.due_days"), []string{T("tui.filing.form.due_about")}, build,
		func() (write, error, bool) {
			n, _ := strconv.Atoi(strings.TrimSpace(days))
			return write{kind: writeDueDays, days: n}, nil, n == p.data.DueDays
		})
}
