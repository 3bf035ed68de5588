package risk

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"outsec/model"
	"outsec/model/risk"
	"outsec/tui/ui"
)

// riskTab is one page of the risk assessment screen.
type riskTab int

const (
	riskTabAssets riskTab = iota
	riskTabThreats
	riskTabVulns
	riskTabControls
	riskTabRisks
	riskTabHeat
	riskTabSettings
	riskTabConclusion
	riskTabUnits // 9: the department's own units (5.1.1 b))
	riskTabCount
)

var riskTabKeys = [riskTabCount]string{
	"tui.risk.tab.assets", "tui.risk.tab.threats", "tui.risk.tab.vulns", "tui.risk.tab.controls",
	"tui.risk.tab.risks", "tui.risk.tab.heat", "tui.risk.tab.settings", "tui.risk.tab.conclusion",
	"tui.risk.tab.units",
}

// register is the register a tab shows, if it is one.
func (t riskTab) register() (regKind, bool) {
	if t <= riskTabRisks {
		return regKind(t), true
	}
	if t == riskTabUnits {
		return regUnits, true
	}
	return 0, false
}

// riskMode is what the keys of the risk screen go to.
type riskMode int

const (
	riskModeNav      riskMode = iota // the tab's own keys
	riskModeFilter                   // typing the "/" filter
	riskModeForm                     // a huh form, or a yes/no question
	riskModeDetail                   // the detail view of a record
	riskModeEditCell                 // typing a value into the matrix editor
	riskModeIO                       // importing or exporting a register (io.go)
)

// riskScreen is the risk assessment of one engagement (GB/T 32926—2016 5.1):
// the registers, the heat map, the method settings with the matrix editor,
// and the conclusion.
type riskScreen struct {
	sh  *ui.Context
	eng model.Engagement

	data    *riskData // nil until the first load
	loadErr string
	serial  int // numbers the store writes, so a result reaches what asked for it

	tab    riskTab
	mode   riskMode
	tables [regKinds]regTable
	filter textinput.Model

	form    *riskForm
	confirm *ui.ConfirmForm
	pendDel riskDeletion

	detail       []string // the detail view's lines
	detailScroll int

	heatL, heatS int  // the heat map's cell: likelihood and loss level, 1–5
	heatRes      bool // the heat map shows residual risks

	set riskSettingsEditor

	concScroll int

	io riskIO // an import or export under way (io.go)

	// leave is set when the screen is to be left (a question answered).
	leave bool

	w, h int
	st   riskStyles
}

func newRiskScreen(sh *ui.Context, e model.Engagement, w, h int) *riskScreen {
	ti := textinput.New()
	ti.Prompt = "/ "
	ti.Placeholder = sh.T("tui.risk.filter.placeholder")
	ti.CharLimit = 100
	r := &riskScreen{sh: sh, eng: e, filter: ti, heatL: 3, heatS: 3}
	for k := range r.tables {
		r.tables[k].kind = regKind(k)
	}
	r.restyle()
	r.SetSize(w, h)
	return r
}

func (r *riskScreen) restyle() {
	r.filter.SetStyles(r.sh.Styles.InputStyles())
	r.st = newRiskStyles(r.sh.Styles)
}

// SetSize gives the screen its body.
func (r *riskScreen) SetSize(w, h int) {
	r.w, r.h = w, h
	r.filter.SetWidth(max(w-4, 1))
	if r.data != nil {
		for k := range r.tables {
			r.tables[k].layout(r.data.natural[k], w)
			r.tables[k].ensureVisible(r.page())
		}
	}
	if r.form != nil {
		r.form.SetSize(w, h)
	}
	if r.confirm != nil {
		r.confirm.SetSize(w, h)
	}
	if r.mode == riskModeDetail {
		r.openDetail()
	}
	r.ioSetSize()
}

// page is how many rows of a register fit: the title, the tabs, the info
// line and the column headings take four lines.
func (r *riskScreen) page() int { return max(r.h-4, 1) }

func (r *riskScreen) setStatus(s string)    { r.sh.SetStatus(s) }
func (r *riskScreen) setError(err error)    { r.sh.SetError(err) }
func (r *riskScreen) setErrorText(s string) { r.sh.SetStatusText(s, true) }

// setData takes a new load of the assessment, keeping each register's
// selection, or selecting selectID in the register of tab when given.
func (r *riskScreen) setData(d *riskData, selectKind regKind, selectID int64) {
	var keep [regKinds]int64
	if r.data != nil {
		for k := range r.tables {
			keep[k] = r.tables[k].selectedID(r.data.rows[k])
		}
	}
	if selectID != 0 {
		keep[selectKind] = selectID
	}
	r.data = d
	r.loadErr = ""
	for k := range r.tables {
		t := &r.tables[k]
		t.layout(d.natural[k], r.w)
		t.rebuild(d.rows[k], keep[k], r.page())
	}
	r.set.loaded(d.a.Settings)
	if r.mode == riskModeDetail {
		r.openDetail()
	}
}

// navigating reports whether the screen is at its own keys, where ? and q
// keep their workbench meaning.
func (r *riskScreen) navigating() bool { return r.mode == riskModeNav || r.mode == riskModeDetail }

// update takes a message that is not a key press: the active form's own
// messages, the filter input's.
func (r *riskScreen) update(msg tea.Msg) tea.Cmd {
	switch r.mode {
	case riskModeForm:
		return r.toForm(msg)
	case riskModeFilter:
		return r.updateFilter(msg)
	case riskModeIO:
		return r.ioUpdate(msg)
	}
	return nil
}

// handleKey routes a key press by mode; leave is true when the user leaves
// the screen.
func (r *riskScreen) handleKey(msg tea.KeyPressMsg) (cmd tea.Cmd, leave bool) {
	k, rk := r.sh.Keys, r.sh.Keys.Risks
	switch r.mode {
	case riskModeForm:
		return r.toForm(msg), false
	case riskModeFilter:
		switch {
		case key.Matches(msg, k.FilterApply):
			r.filter.Blur()
			r.mode = riskModeNav
		case key.Matches(msg, k.FilterClear):
			r.clearFilter()
			r.mode = riskModeNav
		case msg.String() == "up":
			r.moveRow(-1)
		case msg.String() == "down":
			r.moveRow(1)
		default:
			return r.updateFilter(msg), false
		}
		return nil, false
	case riskModeDetail:
		switch {
		case key.Matches(msg, rk.Back), key.Matches(msg, rk.Detail):
			r.mode = riskModeNav
		case key.Matches(msg, k.Up):
			r.detailScroll = max(r.detailScroll-1, 0)
		case key.Matches(msg, k.Down):
			r.detailScroll++
		case key.Matches(msg, k.PageUp):
			r.detailScroll = max(r.detailScroll-r.page(), 0)
		case key.Matches(msg, k.PageDown):
			r.detailScroll += r.page()
		}
		return nil, false
	case riskModeEditCell:
		return r.editCellKey(msg), false
	case riskModeIO:
		return r.ioKey(msg), false
	}
	// Tabs.
	switch {
	case key.Matches(msg, rk.Tabs):
		n, _ := strconv.Atoi(msg.String())
		// On the method settings, digits are values for the matrix editor.
		if n >= 1 && n <= int(riskTabCount) && r.tab != riskTabSettings {
			r.tab = riskTab(n - 1)
			return nil, false
		}
	case key.Matches(msg, rk.NextTab):
		r.tab = (r.tab + 1) % riskTabCount
		return nil, false
	case key.Matches(msg, rk.PrevTab):
		r.tab = (r.tab + riskTabCount - 1) % riskTabCount
		return nil, false
	}
	if r.data == nil {
		if key.Matches(msg, rk.Back) {
			return nil, true
		}
		return nil, false
	}
	if kind, ok := r.tab.register(); ok {
		return r.registerKey(kind, msg)
	}
	switch r.tab {
	case riskTabHeat:
		return r.heatKey(msg)
	case riskTabSettings:
		return r.settingsKey(msg)
	case riskTabConclusion:
		return r.conclusionKey(msg)
	}
	return nil, false
}

func (r *riskScreen) table() (*regTable, []regRow) {
	kind, ok := r.tab.register()
	if !ok || r.data == nil {
		return nil, nil
	}
	return &r.tables[kind], r.data.rows[kind]
}

func (r *riskScreen) moveRow(delta int) {
	if t, _ := r.table(); t != nil {
		t.move(delta, r.page())
	}
}

func (r *riskScreen) registerKey(kind regKind, msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k, rk := r.sh.Keys, r.sh.Keys.Risks
	t, rows := &r.tables[kind], r.data.rows[kind]
	page := r.page()
	switch {
	case key.Matches(msg, rk.Back):
		if t.query != "" || t.cell[0] != 0 {
			r.clearFilter()
			return nil, false
		}
		return nil, true
	case key.Matches(msg, k.Up):
		t.move(-1, page)
	case key.Matches(msg, k.Down):
		t.move(1, page)
	case key.Matches(msg, k.PageUp):
		t.move(-max(page-1, 1), page)
	case key.Matches(msg, k.PageDown):
		t.move(max(page-1, 1), page)
	case key.Matches(msg, k.Home):
		t.move(-len(t.view), page)
	case key.Matches(msg, k.End):
		t.move(len(t.view), page)
	case key.Matches(msg, rk.Filter):
		r.mode = riskModeFilter
		r.filter.SetValue(t.query)
		r.filter.CursorEnd()
		return r.filter.Focus(), false
	case key.Matches(msg, rk.Sort):
		t.sort = (t.sort + 1) % len(regSorts[kind])
		t.rebuild(rows, t.selectedID(rows), page)
		r.setStatus(r.sh.T("tui.risk.status.sorted", r.sh.T(regSorts[kind][t.sort].key)))
	case key.Matches(msg, rk.Add):
		return r.openRecordForm(kind, 0), false
	case key.Matches(msg, rk.Edit):
		if id := t.selectedID(rows); id != 0 {
			return r.openRecordForm(kind, id), false
		}
	case key.Matches(msg, rk.Delete):
		if id := t.selectedID(rows); id != 0 {
			return r.askDelete(kind, id), false
		}
	case key.Matches(msg, rk.Detail):
		if t.selected(rows) != nil {
			r.mode = riskModeDetail
			r.detailScroll = 0
			r.openDetail()
		}
	case kind == regRisks && key.Matches(msg, rk.Treat):
		if id := t.selectedID(rows); id != 0 {
			return r.openTreatmentForm(id), false
		}
	case key.Matches(msg, rk.Import):
		return r.startImport(kind), false
	case key.Matches(msg, rk.Export):
		return r.startExport(kind), false
	}
	return nil, false
}

func (r *riskScreen) updateFilter(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	r.filter, cmd = r.filter.Update(msg)
	if t, rows := r.table(); t != nil {
		q := strings.ToLower(strings.TrimSpace(r.filter.Value()))
		if q != t.query {
			t.query = q
			t.rebuild(rows, t.selectedID(rows), r.page())
		}
	}
	return cmd
}

func (r *riskScreen) clearFilter() {
	r.filter.SetValue("")
	r.filter.Blur()
	if t, rows := r.table(); t != nil {
		t.query = ""
		t.cell = [2]int8{}
		t.rebuild(rows, t.selectedID(rows), r.page())
	}
}

// View draws the screen: title, tabs, then the tab or the form.
func (r *riskScreen) View() string {
	T, s := r.sh.T, r.sh.Styles
	var b strings.Builder
	left := " " + T("tui.risk.title", ui.OneLine(r.eng.Code), ui.OneLine(r.eng.Name))
	right := ""
	if r.data != nil {
		right = T("tui.risk.title_right", r.sh.T("tui.risk.method_short."+string(r.data.a.Settings.Method)),
			T("risk.proposal."+string(r.data.proposal))) + " "
		if ui.CellWidth(right) > r.w/2 {
			right = ui.Clip(right, r.w/2)
		}
	}
	b.WriteString(s.Title.Render(ui.Spread(left, right, r.w)))
	b.WriteByte('\n')
	if r.mode == riskModeForm {
		if r.confirm != nil {
			b.WriteString(r.confirm.View())
		} else if r.form != nil {
			b.WriteString(r.form.View())
		}
		return b.String()
	}
	if r.mode == riskModeIO {
		b.WriteString(r.ioView())
		return b.String()
	}
	b.WriteString(r.tabBar())
	b.WriteByte('\n')
	h := r.h - 2
	switch {
	case r.data == nil && r.loadErr != "":
		b.WriteString(s.Error.Render(ui.Clip(" ! "+r.loadErr, r.w)))
		return b.String()
	case r.data == nil:
		b.WriteString(s.Dim.Render(" " + T("tui.loading")))
		return b.String()
	case r.mode == riskModeDetail:
		b.WriteString(r.detailView(h))
		return b.String()
	}
	if kind, ok := r.tab.register(); ok {
		b.WriteString(r.registerView(kind, h))
		return b.String()
	}
	switch r.tab {
	case riskTabHeat:
		b.WriteString(r.heatView(h))
	case riskTabSettings:
		b.WriteString(r.settingsView(h))
	case riskTabConclusion:
		b.WriteString(r.conclusionView(h))
	}
	return b.String()
}

// tabBar lists the tabs, the current one marked; counts follow the
// registers' names when the line has room.
func (r *riskScreen) tabBar() string {
	T := r.sh.T
	labels := make([]string, riskTabCount)
	withCounts := make([]string, riskTabCount)
	for i := riskTab(0); i < riskTabCount; i++ {
		l := strconv.Itoa(int(i)+1) + " " + T(riskTabKeys[i])
		if i == riskTabSettings && r.set.dirty() {
			l += "*"
		}
		labels[i] = l
		withCounts[i] = l
		if kind, ok := i.register(); ok && r.data != nil {
			withCounts[i] = l + "(" + strconv.Itoa(len(r.data.rows[kind])) + ")"
		}
	}
	// With the counts and room around each tab; without the counts; with
	// less room: whatever fits the width first.
	width := func(ls []string, pad int) int {
		n := 1
		for _, l := range ls {
			n += ui.CellWidth(l) + pad
		}
		return n
	}
	use, pad := withCounts, 2
	switch {
	case width(withCounts, 2) <= r.w:
	case width(labels, 2) <= r.w:
		use = labels
	default:
		use, pad = labels, 1
	}
	var b strings.Builder
	b.WriteByte(' ')
	for i, l := range use {
		text := " " + l
		if pad == 2 {
			text += " "
		}
		if riskTab(i) == r.tab {
			b.WriteString(r.st.tabActive.Render(text))
		} else {
			b.WriteString(r.st.tab.Render(text))
		}
	}
	return ui.Clip(b.String(), r.w)
}

// registerView is a register: the info or filter line, the headings and the
// rows on screen.
func (r *riskScreen) registerView(kind regKind, h int) string {
	T, s := r.sh.T, r.sh.Styles
	t, rows := &r.tables[kind], r.data.rows[kind]
	var b strings.Builder
	// Info line.
	if r.mode == riskModeFilter {
		b.WriteString(ui.Clip(r.filter.View(), r.w))
	} else {
		info := T("tui.risk.info.count", len(t.view), len(rows)) + "  " + T("tui.risk.info.sort", T(regSorts[kind][t.sort].key))
		if t.query != "" {
			info += "  " + T("tui.risk.info.filter", t.query)
		}
		if t.cell[0] != 0 {
			ck := "tui.risk.info.cell"
			if t.cellRes {
				ck = "tui.risk.info.cell_residual"
			}
			info += "  " + T(ck, t.cell[0], t.cell[1])
		}
		if kind == regRisks {
			c := r.data.a.Conclusion
			if c.AcceptableLevel >= 1 {
				info += "  " + T("tui.risk.info.acceptable", riskRated(riskLabels{T: T}, c.AcceptableLevel), r.data.over)
			} else {
				info += "  " + T("tui.risk.info.no_acceptable")
			}
		} else {
			info += "  " + s.Dim.Render(T("tui.risk.info.keys"))
		}
		b.WriteString(ui.Clip(" "+info, r.w))
	}
	b.WriteByte('\n')
	if h-1 <= 0 {
		return b.String()
	}
	if len(rows) == 0 {
		for i, l := range ui.Wrap(T(riskEmptyKeys[kind]), r.w, "  ", "  ") {
			if i > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(s.Dim.Render(l))
		}
		return b.String()
	}
	// Headings.
	cols := regCols[kind]
	var hb strings.Builder
	hb.WriteString("  ")
	first := true
	for i, c := range cols {
		if t.widths[i] == 0 {
			continue
		}
		if !first {
			hb.WriteByte(' ')
		}
		first = false
		hb.WriteString(riskAlign(T(c.key), t.widths[i], c.right))
	}
	b.WriteString(s.Header.Render(ui.Clip(hb.String(), r.w)))
	if len(t.view) == 0 {
		b.WriteByte('\n')
		b.WriteString(s.Dim.Render(ui.Clip("  "+T("tui.risk.no_match"), r.w)))
		return b.String()
	}
	n := min(h-2, len(t.view)-t.offset)
	for i := 0; i < n; i++ {
		vi := t.offset + i
		b.WriteByte('\n')
		b.WriteString(r.renderRow(kind, &rows[t.view[vi]], vi == t.cursor))
	}
	return b.String()
}

var riskEmptyKeys = [regKinds]string{
	"tui.risk.empty.assets", "tui.risk.empty.threats", "tui.risk.empty.vulns",
	"tui.risk.empty.controls", "tui.risk.empty.risks", "tui.risk.empty.units",
}

func riskAlign(s string, w int, right bool) string {
	if right {
		if sw := ui.CellWidth(s); sw < w {
			return strings.Repeat(" ", w-sw) + s
		}
	}
	return ui.Fit(s, w)
}

func (r *riskScreen) renderRow(kind regKind, row *regRow, selected bool) string {
	t := &r.tables[kind]
	cols := regCols[kind]
	var b strings.Builder
	mark := "  "
	switch {
	case selected && row.flag:
		mark = ">!"
	case selected:
		mark = "> "
	case row.flag:
		mark = " !"
	}
	if !selected && row.flag {
		b.WriteString(r.st.flag.Render(mark))
	} else {
		b.WriteString(mark)
	}
	first := true
	for i, c := range cols {
		w := t.widths[i]
		if w == 0 {
			continue
		}
		if !first {
			b.WriteByte(' ')
		}
		first = false
		cell := riskAlign(row.cells[i], w, c.right)
		if !selected && c.level > 0 {
			lv := row.level
			if c.level == 2 {
				lv = row.level2
			}
			if lv >= 1 && lv <= 5 {
				cell = r.st.level[lv].Render(cell)
			}
		}
		b.WriteString(cell)
	}
	line := b.String()
	if selected {
		return r.sh.Styles.Selected.Render(ui.Fit(line, r.w))
	}
	return line
}

// openDetail prepares the detail view of the selected record.
func (r *riskScreen) openDetail() {
	t, rows := r.table()
	if t == nil {
		r.mode = riskModeNav
		return
	}
	row := t.selected(rows)
	if row == nil {
		r.mode = riskModeNav
		return
	}
	r.detail = r.detailLines(t.kind, row.id)
}

func (r *riskScreen) detailView(h int) string {
	s := r.sh.Styles
	lines := r.detail
	maxScroll := max(len(lines)-(h-1), 0)
	r.detailScroll = min(r.detailScroll, maxScroll)
	end := min(r.detailScroll+h-1, len(lines))
	var b strings.Builder
	b.WriteString(s.Dim.Render(ui.Clip(" "+r.sh.T("tui.risk.detail.hint"), r.w)))
	for _, l := range lines[r.detailScroll:end] {
		b.WriteByte('\n')
		b.WriteString(l)
	}
	return b.String()
}

// detailLines is everything recorded about one record, with what follows
// from it.
func (r *riskScreen) detailLines(kind regKind, id int64) []string {
	T, s, d := r.sh.T, r.sh.Styles, r.data
	L := riskLabels{T: T}
	a := &d.a
	var lines []string
	head := func(text string) { lines = append(lines, s.Bold.Render(ui.Clip(" "+text, r.w))) }
	field := func(labelKey, value string) {
		lines = append(lines, ui.Wrap(T("tui.panel.field", T(labelKey), value), r.w, "   ", "     ")...)
	}
	para := func(text string) { lines = append(lines, ui.Wrap(text, r.w, "     ", "     ")...) }
	dim := func(text string) {
		for _, l := range ui.Wrap(text, r.w, "       ", "       ") {
			lines = append(lines, s.Dim.Render(l))
		}
	}
	def := func(prefix string, n int) {
		if n >= 1 && n <= 5 {
			dim(T(prefix + strconv.Itoa(n)))
		}
	}
	switch kind {
	case regAssets:
		x := a.Assets[d.assetIdx[id]]
		head(T("tui.risk.detail.asset", x.ID, ui.OneLine(x.Name)))
		field("tui.risk.f.type", L.assetType(x.Type))
		field("tui.risk.f.owner", riskOrNone(T, x.Owner))
		field("tui.risk.f.c", riskRated(L, x.C))
		def("risk.def.confidentiality.", x.C)
		field("tui.risk.f.i", riskRated(L, x.I))
		def("risk.def.integrity.", x.I)
		field("tui.risk.f.a", riskRated(L, x.A))
		def("risk.def.availability.", x.A)
		field("tui.risk.f.value", T("tui.risk.detail.value", strconv.FormatFloat(x.Value, 'f', 1, 64), L.level(x.Level), L.rule(a.Settings.AssetRule)))
		def("risk.def.asset_value.", x.Level)
		field("tui.risk.f.notes", riskOrNone(T, x.Notes))
		field("tui.risk.detail.vulns", strconv.Itoa(len(d.vulnsOf[x.ID])))
		field("tui.risk.detail.risks", strconv.Itoa(d.risksOfAsset[x.ID]))
	case regThreats:
		x := a.Threats[d.thrIdx[id]]
		head(T("tui.risk.detail.threat", x.ID, ui.OneLine(x.Name)))
		field("tui.risk.f.source", L.source(x.Source))
		field("tui.risk.f.path", L.path(x.Path))
		field("tui.risk.f.method", riskOrNone(T, x.Method))
		field("tui.risk.f.frequency", riskRated(L, x.Frequency))
		def("risk.def.frequency.", x.Frequency)
		field("tui.risk.f.notes", riskOrNone(T, x.Notes))
		field("tui.risk.detail.risks", strconv.Itoa(d.risksOfThr[x.ID]))
	case regVulns:
		x := a.Vulns[d.vulnIdx[id]]
		head(T("tui.risk.detail.vuln", x.ID))
		para(ui.OneLine(x.Description))
		field("tui.risk.f.asset", r.assetLabel(x.AssetID))
		field("tui.risk.f.category", L.category(x.Category))
		field("tui.risk.f.severity", riskRated(L, x.Severity))
		def("risk.def.severity.", x.Severity)
		field("tui.risk.f.identified", L.identified(x.Identified))
		field("tui.risk.f.notes", riskOrNone(T, x.Notes))
		field("tui.risk.detail.risks", strconv.Itoa(d.risksOfVuln[x.ID]))
	case regControls:
		x := a.Controls[d.ctlIdx[id]]
		head(T("tui.risk.detail.control", x.ID, ui.OneLine(x.Name)))
		field("tui.risk.f.description", riskOrNone(T, x.Description))
		field("tui.risk.f.cstatus", L.controlStatus(x.Status))
		field("tui.risk.f.effectiveness", L.effectiveness(x.Effectiveness))
		field("tui.risk.f.linked", strconv.Itoa(len(x.RiskIDs)))
		for _, rid := range x.RiskIDs {
			if i, ok := d.riskIdx[rid]; ok {
				para(r.riskLabel(&a.Risks[i]))
			}
		}
	case regRisks:
		x := &a.Risks[d.riskIdx[id]]
		head(T("tui.risk.detail.risk", x.ID))
		field("tui.risk.f.asset", r.assetLabel(x.AssetID))
		if i, ok := d.thrIdx[x.ThreatID]; ok {
			th := a.Threats[i]
			field("tui.risk.f.threat", T("tui.risk.detail.rated", ui.OneLine(th.Name), riskRated(L, th.Frequency)))
		}
		if i, ok := d.vulnIdx[x.VulnID]; ok {
			v := a.Vulns[i]
			field("tui.risk.col.vuln", T("tui.risk.detail.rated", ui.OneLine(v.Description), riskRated(L, v.Severity)))
		}
		lines = append(lines, "")
		score := func(labelKey string, sc risk.Score) {
			field(labelKey, T("tui.risk.detail.score", riskNum(sc.Likelihood), L.level(sc.LikelihoodLevel),
				riskNum(sc.Loss), L.level(sc.LossLevel), riskNum(sc.Value), L.level(sc.Level)))
		}
		if x.Inherent.Level > 0 {
			score("tui.risk.detail.inherent", x.Inherent)
		} else {
			field("tui.risk.detail.inherent", T("risk.level.0"))
		}
		if x.Residual != nil {
			score("tui.risk.detail.residual", *x.Residual)
			field("tui.risk.detail.residual_ratings", T("tui.risk.detail.residual_tv", x.ResidualThreat, x.ResidualVuln))
		} else {
			field("tui.risk.detail.residual", T("tui.risk.detail.not_assessed"))
		}
		c := a.Conclusion
		if c.AcceptableLevel >= 1 && x.Inherent.Level > 0 {
			key := "tui.risk.detail.acceptable"
			if !c.Acceptable(x.Inherent.Level) {
				key = "tui.risk.detail.unacceptable"
			}
			field("tui.risk.detail.acceptability", T(key, riskRated(L, c.AcceptableLevel)))
		}
		lines = append(lines, "")
		tr := x.Treatment
		field("tui.risk.f.option", L.treatment(tr.Option))
		if tr.Option != risk.TreatNone {
			dim(T("risk.treatment_desc." + string(tr.Option)))
		}
		field("tui.risk.f.measure", riskOrNone(T, tr.Measure))
		field("tui.risk.f.towner", riskOrNone(T, tr.Owner))
		field("tui.risk.f.deadline", riskOrNone(T, string(tr.Deadline)))
		cost := T("tui.risk.none")
		if tr.Cost > 0 {
			cost = riskNum(tr.Cost)
		}
		field("tui.risk.f.cost", cost)
		field("tui.risk.f.tstatus", L.tstatus(tr.Status))
		if cs := d.controlsOf[x.ID]; len(cs) > 0 {
			field("tui.risk.detail.controls", strconv.Itoa(len(cs)))
			for _, cid := range cs {
				if i, ok := d.ctlIdx[cid]; ok {
					ct := a.Controls[i]
					para(T("tui.risk.detail.control_line", ui.OneLine(ct.Name), L.controlStatus(ct.Status), L.effectiveness(ct.Effectiveness)))
				}
			}
		}
		if x.Treatment.Option == risk.TreatAvoid {
			field("tui.risk.detail.residual", T("risk.avoided"))
		}
		// Seed 002 §7.14: the second treatment, kept beside the first.
		if rt := x.Retreatment; rt != nil {
			lines = append(lines, "")
			field("tui.risk.detail.retreatment", L.treatment(rt.Treatment.Option))
			field("tui.risk.f.measure", riskOrNone(T, rt.Treatment.Measure))
			if rt.Treatment.Cost > 0 {
				field("tui.risk.f.cost", riskNum(rt.Treatment.Cost))
			}
			switch {
			case rt.Treatment.Option == risk.TreatAccept:
				field("tui.risk.detail.approved", T("tui.risk.detail.approved_by", riskOrNone(T, rt.ApprovedBy), riskOrNone(T, string(rt.ApprovedOn))))
			case rt.Residual != nil:
				score("tui.risk.detail.residual2", *rt.Residual)
			}
		}
	case regUnits:
		x := a.Units[d.unitIdx[id]]
		head(T("tui.risk.detail.unit", x.ID, ui.OneLine(x.Name)))
		field("field.unit.role", T("risk.unit_role."+string(x.Role)))
		field("field.unit.effect", "")
		para(x.Effect)
		field("field.unit.treatment", riskOrNone(T, x.Treatment))
		field("field.unit.owner", riskOrNone(T, x.Owner))
		dim(string(risk.ClauseUnits))
	}
	return lines
}

func riskOrNone(T func(string, ...any) string, s string) string {
	if strings.TrimSpace(s) == "" {
		return T("tui.risk.none")
	}
	return ui.OneLine(s)
}

func (r *riskScreen) assetLabel(id int64) string {
	d := r.data
	if i, ok := d.assetIdx[id]; ok {
		x := d.a.Assets[i]
		return r.sh.T("tui.risk.detail.asset_value", ui.OneLine(x.Name), strconv.FormatFloat(x.Value, 'f', 1, 64), riskLabels{T: r.sh.T}.level(x.Level))
	}
	return "?"
}

// riskLabel names a risk by its triple: "#3 门户网站 / 黑客攻击 / 弱口令".
func (r *riskScreen) riskLabel(x *risk.Risk) string {
	d := r.data
	name := func(ok bool, s string) string {
		if !ok {
			return "?"
		}
		return ui.OneLine(s)
	}
	ai, aok := d.assetIdx[x.AssetID]
	ti, tok := d.thrIdx[x.ThreatID]
	vi, vok := d.vulnIdx[x.VulnID]
	var an, tn, vn string
	if aok {
		an = d.a.Assets[ai].Name
	}
	if tok {
		tn = d.a.Threats[ti].Name
	}
	if vok {
		vn = d.a.Vulns[vi].Description
	}
	return "#" + strconv.FormatInt(x.ID, 10) + " " + name(aok, an) + " / " + name(tok, tn) + " / " + name(vok, vn)
}

// riskStyles are the risk screens' own styles, made from the workbench's.
type riskStyles struct {
	level     [6]lipgloss.Style // text of a level 1–5
	cell      [6]lipgloss.Style // a heat-map cell of a level 1–5
	cellSel   lipgloss.Style
	flag      lipgloss.Style
	tab       lipgloss.Style
	tabActive lipgloss.Style
	gridSel   lipgloss.Style
	gridBad   lipgloss.Style
	gridOff   lipgloss.Style // a matrix the method does not use
}

func newRiskStyles(s ui.Styles) riskStyles {
	plain := lipgloss.NewStyle()
	var r riskStyles
	if s.NoColor {
		for i := range r.level {
			r.level[i], r.cell[i] = plain, plain
		}
		r.level[5], r.level[4] = plain.Bold(true), plain.Bold(true)
		r.cellSel = plain.Reverse(true).Bold(true)
		r.flag = plain.Bold(true)
		r.tab = plain
		r.tabActive = plain.Reverse(true).Bold(true)
		r.gridSel = plain.Reverse(true).Bold(true)
		r.gridBad = plain.Underline(true).Bold(true)
		r.gridOff = plain
		return r
	}
	ld := lipgloss.LightDark(s.Dark)
	fg := [6]string{"", "#1B7F3B", "#3F7F00", "#8A5A00", "#B34700", "#B00020"}
	fgDark := [6]string{"", "#7BD88F", "#B5E07B", "#E5C07B", "#FFA657", "#FF6B7A"}
	bg := [6]string{"", "#CDEFD6", "#E6F2C2", "#FBE7B0", "#FFD0A8", "#FFB3BD"}
	bgDark := [6]string{"", "#1E4D2B", "#3D4D1E", "#5C4A12", "#6B3414", "#6E1B26"}
	text := ld(lipgloss.Color("#1A1A1A"), lipgloss.Color("#F0F0F0"))
	for i := 1; i <= 5; i++ {
		r.level[i] = plain.Foreground(ld(lipgloss.Color(fg[i]), lipgloss.Color(fgDark[i])))
		r.cell[i] = plain.Foreground(text).Background(ld(lipgloss.Color(bg[i]), lipgloss.Color(bgDark[i])))
	}
	r.level[0], r.cell[0] = plain, plain
	r.cellSel = plain.Reverse(true).Bold(true)
	r.flag = s.Stop
	r.tab = s.Dim
	r.tabActive = s.Title
	r.gridSel = s.Selected.Underline(true)
	r.gridBad = s.Error.Underline(true)
	r.gridOff = s.Dim
	return r
}

// huhState tells whether a form has finished.
func riskFormDone(f *huh.Form) bool { return f.State != huh.StateNormal }
