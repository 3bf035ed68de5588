package dashboard

import (
	"bytes"
	"sort"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"outsec/i18n"
	"outsec/model"
	"outsec/tui/ui"
)

// row is one engagement as the dashboard lists it, with what the list shows
// and searches prepared once when the engagements are loaded.
type row struct {
	e      model.Engagement
	code   string // one-line display values
	name   string
	vendor string
	hay    string // lower-cased code, name, department and vendor: what "/" searches
	// nameKey orders names as a reader of the language expects: Chinese by
	// pinyin (CLDR zh collation), English alphabetically ignoring case.
	nameKey []byte
	phase   model.Phase
	stop    bool        // 5.1.2 b) 3): must not proceed
	facts   model.Facts // what the workflows' records report (store.LifecycleFacts)
}

// buildRows prepares the rows; it runs in the loading command. facts is what
// the workflows report for each engagement by id; an engagement absent from it
// has no records of any workflow yet.
func buildRows(es []model.Engagement, facts map[int64]model.Facts, lang i18n.Lang) []row {
	tag := language.English
	if lang == i18n.ZH {
		tag = language.Chinese
	}
	coll := collate.New(tag, collate.IgnoreCase, collate.IgnoreWidth)
	var buf collate.Buffer
	rows := make([]row, len(es))
	for i := range es {
		e := es[i]
		f := facts[e.ID]
		rows[i] = row{
			e:      e,
			code:   ui.OneLine(e.Code),
			name:   ui.OneLine(e.Name),
			vendor: ui.OneLine(e.Vendor.Name),
			hay:    strings.ToLower(e.Code + "\x00" + e.Name + "\x00" + e.Department + "\x00" + e.Vendor.Name),
			phase:  model.CurrentPhase(model.Lifecycle(&e, f)),
			stop:   model.MustNotProceed(f),
			facts:  f,
		}
		rows[i].nameKey = append([]byte(nil), coll.KeyFromString(&buf, e.Name)...)
		buf.Reset()
	}
	return rows
}

// sortMode is the order of the list; s cycles through them.
type sortMode int

const (
	sortUpdated sortMode = iota // newest change first
	sortName
	sortCode
	sortPhase
	sortModes
)

func (s sortMode) key() string {
	switch s {
	case sortName:
		return "tui.sort.name"
	case sortCode:
		return "tui.sort.code"
	case sortPhase:
		return "tui.sort.phase"
	}
	return "tui.sort.updated"
}

// phaseShortKey is the short name of a phase, for the list's narrow column.
func phaseShortKey(p model.Phase) string {
	switch p {
	case model.PhaseSelection:
		return "tui.phase_short.selection"
	case model.PhaseSupervision:
		return "tui.phase_short.supervision"
	case model.PhaseExit:
		return "tui.phase_short.exit"
	case model.PhaseDone:
		return "tui.phase_short.done"
	}
	return "tui.phase_short.planning"
}

// wideMin is the width from which the list and the lifecycle panel are shown
// side by side; below it one of them fills the body and tab switches.
const wideMin = 120

// columns are the list's column widths in cells.
type columns struct {
	code, name, vendor, phase, marks int
	findings                         int // open/overdue findings (8.1)
}

// dashboard is the engagement list with its filter and sort, and the
// lifecycle panel of the selected engagement.
type dashboard struct {
	sh *ui.Context

	rows   []row
	loaded bool
	// view holds the indices into rows that pass the filter, in sort order.
	view   []int
	cursor int // index into view
	offset int // first row of view on screen
	sort   sortMode
	filter textinput.Model
	query  string // the applied filter, lower-cased

	panelFocus  bool // the panel, not the list, has the keys (set by the page)
	panelScroll int
	panel       panelCache

	w, h          int
	wide          bool
	listW, panelW int
	cols          columns
	// marks are the rendered sample and must-not-proceed marks, built once per
	// style and language rather than once per row and frame.
	markSample, markStop, markBlank string
}

type panelCache struct {
	id      int64
	updated int64
	width   int
	lines   []string
}

func newDashboard(sh *ui.Context) *dashboard {
	ti := textinput.New()
	ti.Prompt = "/ "
	ti.Placeholder = sh.T("tui.filter.placeholder")
	ti.CharLimit = 100
	d := &dashboard{sh: sh, filter: ti}
	d.restyle()
	return d
}

// restyle applies the current styles (after a background change).
func (d *dashboard) restyle() {
	d.filter.SetStyles(d.sh.Styles.InputStyles())
	s := d.sh.Styles
	sample, stop := d.sh.T("tui.mark.sample"), d.sh.T("tui.mark.stop")
	sw := ansi.StringWidth(sample)
	d.markSample = s.Sample.Render(sample)
	d.markStop = s.Stop.Render(stop)
	d.markBlank = strings.Repeat(" ", sw)
	d.panel = panelCache{}
}

// SetSize gives the dashboard its body: everything between the top of the
// screen and the status bar.
func (d *dashboard) SetSize(w, h int) {
	d.w, d.h = w, h
	d.wide = w >= wideMin
	if d.wide {
		d.listW = w * 3 / 5
		d.panelW = w - d.listW - 1
	} else {
		d.listW, d.panelW = w, w
	}
	d.filter.SetWidth(max(w-4, 1))
	d.computeColumns()
	d.ensureVisible()
}

func (d *dashboard) computeColumns() {
	T := d.sh.T
	c := columns{code: ansi.StringWidth(T("tui.col.code")), phase: ansi.StringWidth(T("tui.col.phase"))}
	for _, r := range d.rows {
		if w := ansi.StringWidth(r.code); w > c.code {
			c.code = w
		}
	}
	c.code = min(c.code, 12)
	for _, p := range model.Phases {
		c.phase = max(c.phase, ansi.StringWidth(T(phaseShortKey(p))))
	}
	c.marks = max(ansi.StringWidth(T("tui.col.marks")),
		ansi.StringWidth(T("tui.mark.sample"))+1+ansi.StringWidth(T("tui.mark.stop")))
	// cursor mark (2) and one space between the five columns (4), and the
	// findings column when there are any (findings.go)
	rest := d.listW - 2 - 4 - c.code - c.phase - c.marks - d.findingsColumn(&c)
	if rest >= 24 {
		c.name = rest * 3 / 5
		c.vendor = rest - c.name
	} else {
		c.name = max(rest+1, 4)
	}
	d.cols = c
}

// listRows is how many engagements fit on screen.
func (d *dashboard) listRows() int { return max(d.h-3, 1) }

func (d *dashboard) setRows(rows []row, selectID int64) {
	keep := selectID
	if keep == 0 {
		if r := d.selected(); r != nil {
			keep = r.e.ID
		}
	}
	d.rows, d.loaded = rows, true
	d.panel = panelCache{}
	d.computeColumns()
	d.rebuild(keep)
}

// rebuild filters and sorts the rows again, keeping the engagement keep
// selected when it is still listed.
func (d *dashboard) rebuild(keep int64) {
	d.view = d.view[:0]
	for i := range d.rows {
		if d.query == "" || strings.Contains(d.rows[i].hay, d.query) {
			d.view = append(d.view, i)
		}
	}
	rows := d.rows
	var less func(a, b *row) bool
	switch d.sort {
	case sortName:
		less = func(a, b *row) bool { return bytes.Compare(a.nameKey, b.nameKey) < 0 }
	case sortCode:
		less = func(a, b *row) bool { return a.e.Code < b.e.Code }
	case sortPhase:
		less = func(a, b *row) bool { return a.phase < b.phase }
	}
	if less != nil {
		// Stable, so that ties keep the store's order: newest change first.
		sort.SliceStable(d.view, func(i, j int) bool { return less(&rows[d.view[i]], &rows[d.view[j]]) })
	}
	// Finished engagements (the exit complete, 8.2) are listed apart, after
	// the others, in the same order.
	sort.SliceStable(d.view, func(i, j int) bool {
		return rows[d.view[i]].phase != model.PhaseDone && rows[d.view[j]].phase == model.PhaseDone
	})
	d.cursor = 0
	if keep != 0 {
		for i, ri := range d.view {
			if d.rows[ri].e.ID == keep {
				d.cursor = i
				break
			}
		}
	}
	d.offset = max(d.cursor-d.listRows()/2, 0)
	d.panelScroll = 0
	d.ensureVisible()
}

func (d *dashboard) selected() *row {
	if d.cursor < 0 || d.cursor >= len(d.view) {
		return nil
	}
	return &d.rows[d.view[d.cursor]]
}

// empty reports whether there is no engagement at all (not merely none that
// passes the filter).
func (d *dashboard) empty() bool { return d.loaded && len(d.rows) == 0 }

func (d *dashboard) move(delta int) {
	if len(d.view) == 0 {
		return
	}
	c := min(max(d.cursor+delta, 0), len(d.view)-1)
	if c != d.cursor {
		d.cursor = c
		d.panelScroll = 0
	}
	d.ensureVisible()
}

func (d *dashboard) moveTo(i int) { d.move(i - d.cursor) }

func (d *dashboard) ensureVisible() {
	n := d.listRows()
	if d.cursor < d.offset {
		d.offset = d.cursor
	}
	if d.cursor >= d.offset+n {
		d.offset = d.cursor - n + 1
	}
	d.offset = max(min(d.offset, len(d.view)-n), 0)
}

func (d *dashboard) cycleSort() {
	d.sort = (d.sort + 1) % sortModes
	var keep int64
	if r := d.selected(); r != nil {
		keep = r.e.ID
	}
	d.rebuild(keep)
}

func (d *dashboard) focusFilter() tea.Cmd { return d.filter.Focus() }

// Update passes a message to the filter input (the one part of the
// dashboard with state of its own) and applies the filter as it is typed.
func (d *dashboard) Update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	d.filter, cmd = d.filter.Update(msg)
	d.applyFilter()
	return cmd
}

func (d *dashboard) applyFilter() {
	q := strings.ToLower(strings.TrimSpace(d.filter.Value()))
	if q == d.query {
		return
	}
	d.query = q
	var keep int64
	if r := d.selected(); r != nil {
		keep = r.e.ID
	}
	d.rebuild(keep)
}

func (d *dashboard) blurFilter() { d.filter.Blur() }

func (d *dashboard) clearFilter() {
	d.filter.SetValue("")
	d.filter.Blur()
	d.applyFilter()
}

func (d *dashboard) scrollPanel(delta int) {
	d.panelScroll = max(d.panelScroll+delta, 0)
	// clamped when drawn, since the panel's length depends on its width
}

// View draws the dashboard body: the top bar, the filter line and the list
// with the lifecycle panel.
func (d *dashboard) View() string {
	T, s := d.sh.T, d.sh.Styles
	var b strings.Builder
	// Top bar.
	left := " " + T("tui.app.title")
	right := d.supervisionBar() + T("tui.dashboard.count", len(d.view), len(d.rows)) + "  " + T("tui.dashboard.sort", T(d.sort.key())) + " "
	b.WriteString(s.Title.Render(ui.Spread(left, right, d.w)))
	b.WriteByte('\n')
	// Filter line.
	if d.filter.Focused() || d.filter.Value() != "" {
		b.WriteString(ui.Clip(d.filter.View(), d.w))
	} else {
		b.WriteString(s.Dim.Render(ui.Clip("/ "+T("tui.filter.hint"), d.w)))
	}
	b.WriteByte('\n')
	bodyH := d.h - 2
	if bodyH <= 0 {
		return b.String()
	}
	switch {
	case d.empty():
		b.WriteString(d.emptyView(bodyH))
	case !d.loaded:
		b.WriteString(s.Dim.Render(T("tui.loading")))
	case d.wide:
		list := strings.Split(d.listView(bodyH), "\n")
		panel := d.panelView(bodyH)
		div := s.Divider.Render("│")
		for i := 0; i < bodyH; i++ {
			l, p := "", ""
			if i < len(list) {
				l = list[i]
			}
			if i < len(panel) {
				p = panel[i]
			}
			b.WriteString(ui.PadCells(l, d.listW))
			b.WriteString(div)
			b.WriteString(p)
			if i < bodyH-1 {
				b.WriteByte('\n')
			}
		}
	case d.panelFocus:
		b.WriteString(strings.Join(d.panelView(bodyH), "\n"))
	default:
		b.WriteString(d.listView(bodyH))
	}
	return b.String()
}

func (d *dashboard) emptyView(h int) string {
	T, s, k := d.sh.T, d.sh.Styles, d.sh.Keys
	var lines []string
	lines = append(lines, "")
	lines = append(lines, ui.Wrap(T("tui.empty.what"), d.w, "  ", "  ")...)
	lines = append(lines, "")
	lines = append(lines, ui.Wrap(T("tui.empty.none"), d.w, "  ", "  ")...)
	lines = append(lines, "")
	for _, kb := range []struct{ key, desc string }{
		{k.New.Help().Key, T("tui.empty.new")},
		{k.Sample.Help().Key, T("tui.empty.sample")},
		{k.Help.Help().Key, T("tui.empty.help")},
	} {
		lines = append(lines, "    "+s.Bold.Render(ui.Fit(kb.key, 3))+" "+ui.Clip(kb.desc, d.w-8))
	}
	if len(lines) > h {
		lines = lines[:h]
	}
	return strings.Join(lines, "\n")
}

func (d *dashboard) listView(h int) string {
	T, s, c := d.sh.T, d.sh.Styles, d.cols
	var b strings.Builder
	head := "  " + ui.Fit(T("tui.col.code"), c.code) + " " + ui.Fit(T("tui.col.name"), c.name) + " "
	if c.vendor > 0 {
		head += ui.Fit(T("tui.col.vendor"), c.vendor) + " "
	}
	head += ui.Fit(T("tui.col.phase"), c.phase) + " " + ui.Fit(T("tui.col.marks"), c.marks)
	if c.findings > 0 {
		head += " " + ui.Fit(T("tui.col.findings"), c.findings)
	}
	b.WriteString(s.Header.Render(head))
	if len(d.view) == 0 {
		b.WriteByte('\n')
		b.WriteString(s.Dim.Render(ui.Clip("  "+T("tui.dashboard.no_match"), d.listW)))
		return b.String()
	}
	n := min(h-1, len(d.view)-d.offset)
	for i := 0; i < n; i++ {
		vi := d.offset + i
		b.WriteByte('\n')
		b.WriteString(d.renderRow(&d.rows[d.view[vi]], vi == d.cursor))
	}
	return b.String()
}

func (d *dashboard) renderRow(r *row, selected bool) string {
	c, s := d.cols, d.sh.Styles
	var b strings.Builder
	if selected {
		b.WriteString("> ")
	} else {
		b.WriteString("  ")
	}
	b.WriteString(ui.Fit(r.code, c.code))
	b.WriteByte(' ')
	b.WriteString(ui.Fit(r.name, c.name))
	b.WriteByte(' ')
	if c.vendor > 0 {
		b.WriteString(ui.Fit(r.vendor, c.vendor))
		b.WriteByte(' ')
	}
	b.WriteString(ui.Fit(d.sh.T(phaseShortKey(r.phase)), c.phase))
	b.WriteByte(' ')
	if selected {
		// One style over the whole row: marks in plain text so the selection
		// reads as one bar.
		marks := ""
		if r.e.Sample {
			marks = d.sh.T("tui.mark.sample") + " "
		} else {
			marks = d.markBlank + " "
		}
		if r.stop {
			marks += d.sh.T("tui.mark.stop")
		}
		b.WriteString(ui.Fit(marks, c.marks))
		if c.findings > 0 {
			b.WriteString(" " + ui.Fit(findingsCount(r.facts.Improvement), c.findings))
		}
		st := s.Selected
		if d.panelFocus && d.wide {
			st = s.Cursor
		}
		return st.Render(b.String())
	}
	if r.e.Sample {
		b.WriteString(d.markSample)
	} else {
		b.WriteString(d.markBlank)
	}
	b.WriteByte(' ')
	if r.stop {
		b.WriteString(d.markStop)
	}
	d.writeFindings(&b, r)
	return b.String()
}

// panelView is the lifecycle panel of the selected engagement: h lines.
func (d *dashboard) panelView(h int) []string {
	r := d.selected()
	if r == nil {
		return nil
	}
	lines := d.panelLines(r)
	maxScroll := max(len(lines)-h, 0)
	d.panelScroll = min(d.panelScroll, maxScroll)
	end := min(d.panelScroll+h, len(lines))
	out := lines[d.panelScroll:end]
	if maxScroll > 0 && len(out) > 0 {
		// Say there is more, in the last line, so nothing is silently hidden.
		more := d.sh.Styles.Dim.Render(ui.Clip(d.sh.T("tui.panel.more", d.panelScroll+len(out), len(lines)), d.panelW))
		out = append(out[:len(out)-1:len(out)-1], more)
	}
	return out
}

// panelLines renders the panel for one engagement at the panel's width; the
// result is kept until the selection, the engagement or the width changes.
func (d *dashboard) panelLines(r *row) []string {
	pc := &d.panel
	if pc.lines != nil && pc.id == r.e.ID && pc.updated == r.e.UpdatedAt.UnixNano() && pc.width == d.panelW {
		return pc.lines
	}
	T, s, w := d.sh.T, d.sh.Styles, d.panelW
	e := &r.e
	var lines []string
	add := func(ls ...string) { lines = append(lines, ls...) }
	styled := func(st interface{ Render(...string) string }, ls []string) []string {
		for i := range ls {
			ls[i] = st.Render(ls[i])
		}
		return ls
	}
	add(styled(s.Bold, ui.Wrap(e.Code+"  "+e.Name, w, " ", " "))...)
	field := func(labelKey, value string) {
		add(ui.Wrap(T("tui.panel.field", T(labelKey), value), w, " ", "   ")...)
	}
	field("field.department", e.Department)
	field("field.responsible_unit", e.ResponsibleUnit)
	field("field.leader", e.Leader)
	vendor := e.Vendor.Name
	if vendor == "" {
		vendor = T("tui.panel.no_vendor")
	}
	field("field.vendor.name", vendor)
	st := T("tui.panel.unset")
	if e.ServiceType != "" {
		st = T("service." + string(e.ServiceType))
	}
	if e.CloudWebsite {
		st += " | " + T("field.cloud_website")
	}
	field("field.service_type", st)
	period := T("tui.panel.unset")
	if !e.PeriodStart.IsZero() || !e.PeriodEnd.IsZero() {
		period = T("tui.panel.period", string(e.PeriodStart), string(e.PeriodEnd))
	}
	field("tui.panel.period_label", period)
	if e.Sample {
		add(styled(s.Sample, ui.Wrap(T("tui.panel.sample"), w, " ", " "))...)
	}
	f := r.facts
	if r.stop {
		add(styled(s.Stop, ui.Wrap(T("lifecycle.must_not_proceed")+" ("+T("err.clause", string(clauseMustNotProceed))+")", w, " ! ", "   "))...)
	}
	steps := model.Lifecycle(e, f)
	for _, p := range model.Phases {
		add("")
		add(s.Phase.Render(ui.Clip(" "+T(p.Key()), w)))
		for _, stp := range steps {
			if stp.Phase != p {
				continue
			}
			state := "[" + T(stp.State.Key()) + "]"
			text := state + " " + T(stp.Key())
			if stp.Blocked() {
				text += " (" + T("state.blocked") + ")"
			}
			sl := ui.Wrap(text, w, "   ", "     ")
			// Colour the state, which the first line begins with.
			if rest, ok := strings.CutPrefix(sl[0], "   "+state); ok {
				sl[0] = "   " + ui.StateStyle(s, stp.State).Render(state) + rest
			}
			add(sl...)
			for _, bl := range stp.Blocks {
				text := T(bl.Key, bl.Args...)
				if bl.Clause != "" {
					text += " (" + T("err.clause", string(bl.Clause)) + ")"
				}
				add(styled(s.Dim, ui.Wrap(text, w, "     - ", "       "))...)
			}
			add(ui.LifecycleDocLines(T, s, stp.Documents, w)...)
		}
	}
	*pc = panelCache{id: e.ID, updated: e.UpdatedAt.UnixNano(), width: w, lines: lines}
	return lines
}

// clauseMustNotProceed is where the rule that marks an engagement comes from.
const clauseMustNotProceed model.Clause = "GB/T 32926—2016 5.1.2 b) 3)"
