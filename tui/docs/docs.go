package docs

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"outsec/model"
	"outsec/store"
	"outsec/templates"
	"outsec/tui/ui"
)

// The documents of an engagement (issue 4): the list of the five documents
// of the planning phase, the preview of one (the filled Markdown drawn for
// the terminal, scrollable), the export dialog (formats, the remembered
// folder, signed with the operator's key when asked, progress, the files
// written with their sizes and SHA-256) and the Exports tab (every export of
// the engagement, newest first, signed or not). Opened with p
// on the dashboard, the risk assessment's conclusion and the screening, E on
// the dashboard for the Exports tab.

type docTab int

const (
	docTabList docTab = iota
	docTabExports
)

type docMode int

const (
	docModeList    docMode = iota
	docModePreview         // the preview of one document
	docModeForm            // the export dialog's form
	docModeBusy            // rendering and writing
	docModeResult          // the files written, or why nothing was
)

// docCacheKey is what a rendered preview depends on.
type docCacheKey struct {
	kind    templates.Kind
	width   int
	version int
	dark    bool // the styles' background
}

// docPreview is a rendered preview, or the lines saying why there is none.
type docPreview struct {
	lines []string
	title string
	err   bool
}

// docScreen is the documents of one engagement.
type docScreen struct {
	sh   *ui.Context
	eng  model.Engagement
	w, h int

	tab    docTab
	mode   docMode
	cursor int

	// The engagement's data, loaded when the screen opens; version counts
	// the loads, so that a preview of older data is not shown.
	data    *templates.DocData
	version int
	loadErr []string
	hasData map[templates.Kind]bool
	sel     docSelection // what the register's documents are about (selection.go)

	kind      templates.Kind // the document previewed or exported
	cache     map[docCacheKey]docPreview
	rendering map[docCacheKey]bool
	vp        viewport.Model

	form   *ui.ExportDialog
	exp    *docExport
	result []string // the result panel's lines
	resVP  viewport.Model

	exports       []store.ExportRecord
	exportsLoaded bool
	exportsErr    []string
	exVP          viewport.Model

	serial int

	// openTab is set by Open when the Exports tab is asked for.
	openTab bool

	resultRec store.ExportRecord
	resultErr bool
}

func newDocScreen(sh *ui.Context, e model.Engagement, w, h int) *docScreen {
	d := &docScreen{
		sh: sh, eng: e, cache: map[docCacheKey]docPreview{}, rendering: map[docCacheKey]bool{},
		vp: viewport.New(), resVP: viewport.New(), exVP: viewport.New(),
	}
	d.SetSize(w, h)
	return d
}

// SetSize lays the screen out for w×h cells of body.
func (d *docScreen) SetSize(w, h int) {
	d.w, d.h = w, h
	for _, vp := range []*viewport.Model{&d.vp, &d.resVP, &d.exVP} {
		vp.SetWidth(max(w, 1))
		vp.SetHeight(max(h-2, 1))
	}
	d.vp.SetHeight(max(h-3, 1)) // and the position line
	if d.form != nil {
		d.form.SetSize(w, h)
	}
	d.layoutExports()
	d.layoutResult()
}

// previewKey is the cache key of the current preview at the current width.
func (d *docScreen) previewKey() docCacheKey {
	return docCacheKey{kind: d.kind, width: d.w, version: d.version, dark: d.sh.Styles.Dark}
}

// showPreview puts the cached preview in the viewport, or asks for it to be
// rendered.
func (d *docScreen) showPreview(reset bool) tea.Cmd {
	if d.data == nil {
		return nil
	}
	k := d.previewKey()
	if p, ok := d.cache[k]; ok {
		off := d.vp.YOffset()
		d.vp.SetContentLines(p.lines)
		if reset {
			d.vp.GotoTop()
		} else {
			d.vp.SetYOffset(off)
		}
		return nil
	}
	if d.rendering[k] {
		return nil
	}
	d.rendering[k] = true
	if reset {
		d.vp.SetContentLines(nil)
		d.vp.GotoTop()
	}
	return renderDocPreview(d.sh, d.data, k)
}

func (d *docScreen) selectedKind() templates.Kind { return templates.Kinds[d.cursor] }

// handleKey takes a key press; leave is true when the screen is left.
func (d *docScreen) handleKey(msg tea.KeyPressMsg) (cmd tea.Cmd, leave bool) {
	k, dk := d.sh.Keys, d.sh.Keys.Docs
	if d.mode == docModeForm {
		return d.formMsg(msg), false
	}
	if d.mode == docModeBusy {
		return nil, false
	}
	scroll := func(vp *viewport.Model) { k.Scroll(vp, msg) }
	if d.tab == docTabExports {
		switch {
		case key.Matches(msg, dk.Tab):
			d.tab = docTabList
		case key.Matches(msg, k.Back):
			return nil, true
		default:
			scroll(&d.exVP)
		}
		return nil, false
	}
	switch d.mode {
	case docModeList:
		switch {
		case key.Matches(msg, k.Back):
			return nil, true
		case key.Matches(msg, dk.Tab):
			return d.openExports(), false
		case key.Matches(msg, k.Up):
			d.cursor = max(d.cursor-1, 0)
		case key.Matches(msg, k.Down):
			d.cursor = min(d.cursor+1, len(templates.Kinds)-1)
		case key.Matches(msg, k.Home):
			d.cursor = 0
		case key.Matches(msg, k.End):
			d.cursor = len(templates.Kinds) - 1
		case key.Matches(msg, dk.Preview):
			d.kind, d.mode = d.selectedKind(), docModePreview
			return d.showPreview(true), false
		case key.Matches(msg, dk.Export):
			d.kind = d.selectedKind()
			return d.startExportDialog(), false
		}
	case docModePreview:
		switch {
		case key.Matches(msg, k.Back):
			d.mode = docModeList
		case key.Matches(msg, dk.Export):
			return d.startExportDialog(), false
		default:
			scroll(&d.vp)
		}
	case docModeResult:
		switch {
		case key.Matches(msg, k.Back), key.Matches(msg, k.Choose):
			d.mode = docModePreview
			return d.showPreview(false), false
		case key.Matches(msg, dk.Tab):
			d.mode = docModePreview
			return d.openExports(), false
		default:
			scroll(&d.resVP)
		}
	}
	return nil, false
}

// openExports shows the Exports tab and loads the engagement's exports.
func (d *docScreen) openExports() tea.Cmd {
	d.tab = docTabExports
	return loadDocExportsCmd(d.sh, d.eng)
}

// typing tells whether a form has the keys (ctrl+c leaves the form).
func (d *docScreen) typing() bool { return d.tab == docTabList && d.mode == docModeForm }

// help is the help line of the screen as it stands.
func (d *docScreen) help() ui.KeyHelp {
	k, dk := d.sh.Keys, d.sh.Keys.Docs
	var short []key.Binding
	switch {
	case d.tab == docTabExports:
		short = []key.Binding{k.Up, k.Down, k.PageDown, dk.Tab, k.Back, k.Quit}
	case d.mode == docModeList:
		short = []key.Binding{k.Up, k.Down, dk.Preview, dk.Export, dk.Tab, k.Back, k.Help, k.Quit}
	case d.mode == docModePreview:
		short = []key.Binding{k.Up, k.Down, k.PageDown, dk.Export, k.Back, k.Quit}
	case d.mode == docModeForm:
		return k.FormHelp()
	case d.mode == docModeBusy:
		short = []key.Binding{k.Quit}
	default:
		short = []key.Binding{k.Up, k.Down, k.Choose, dk.Tab, k.Quit}
	}
	return ui.KeyHelp{Short: short, Full: [][]key.Binding{short}}
}

// View draws the screen: a title line, a tab line and the body.
func (d *docScreen) View() string {
	T, s := d.sh.T, d.sh.Styles
	title := s.Title.Render(ui.Fit(" "+T("tui.doc.title", ui.OneLine(d.eng.Code), ui.OneLine(d.eng.Name)), d.w))
	tabs := []string{T("tui.doc.tab.documents"), T("tui.doc.tab.exports")}
	var tl strings.Builder
	tl.WriteString(" ")
	for i, t := range tabs {
		if i > 0 {
			tl.WriteString(" │ ")
		}
		if docTab(i) == d.tab {
			tl.WriteString(s.Selected.Render(" " + t + " "))
		} else {
			tl.WriteString(s.Dim.Render(" " + t + " "))
		}
	}
	if d.tab == docTabList && d.mode != docModeList {
		tl.WriteString(s.Dim.Render("  › " + T(d.kind.TitleKey())))
	}
	head := title + "\n" + ui.Clip(tl.String(), d.w)
	var body string
	switch {
	case d.tab == docTabExports:
		body = d.exportsView()
	case d.mode == docModeList:
		body = d.listView()
	case d.mode == docModePreview:
		body = d.previewView()
	case d.mode == docModeForm:
		body = d.formView()
	case d.mode == docModeBusy:
		body = d.busyView()
	default:
		body = d.resVP.View()
	}
	return head + "\n" + body
}

func (d *docScreen) listView() string {
	T, s := d.sh.T, d.sh.Styles
	if d.loadErr != nil {
		var lines []string
		for _, l := range d.loadErr {
			lines = append(lines, ui.Wrap(l, d.w, " ! ", "   ")...)
		}
		return s.Error.Render(ui.JoinLines(lines))
	}
	if d.data == nil {
		return s.Dim.Render(" " + T("tui.doc.loading"))
	}
	var lines []string
	lines = append(lines, s.Header.Render(ui.Fit(" "+T("tui.doc.col.document"), d.w-14))+" "+s.Header.Render(ui.Fit(T("tui.doc.col.data"), 12)))
	for i, kd := range templates.Kinds {
		mark := T("tui.doc.data.none")
		if d.hasData[kd] {
			mark = T("tui.doc.data.yes")
		}
		num := templates.Number(d.eng.Code, kd, 1)
		if kd.PerPerson() {
			num = T("tui.doc.per_person_number", d.eng.Code+"-"+kd.TypeCode()+"-nn")
		}
		left := " " + T(kd.TitleKey()) + "  " + num
		line := ui.Fit(left, d.w-14) + " " + ui.Fit(mark, 12)
		switch {
		case i == d.cursor:
			line = s.Selected.Render(ui.Fit(line, d.w))
		case !d.hasData[kd]:
			line = s.Dim.Render(line)
		}
		lines = append(lines, line)
	}
	lines = append(lines, "")
	lines = append(lines, ui.Wrap(T("tui.doc.list.hint"), d.w, " ", " ")...)
	return ui.JoinLines(lines)
}

func (d *docScreen) previewView() string {
	T, s := d.sh.T, d.sh.Styles
	if d.loadErr != nil {
		return d.listView() // why the data could not be loaded
	}
	p, ok := d.cache[d.previewKey()]
	if !ok {
		return s.Dim.Render(" " + T("tui.doc.preview.rendering"))
	}
	if p.err {
		return s.Error.Render(ui.JoinLines(p.lines))
	}
	pos := ""
	if n := d.vp.TotalLineCount(); n > 0 {
		pos = T("tui.doc.preview.position", min(d.vp.YOffset()+d.vp.VisibleLineCount(), n), n)
	}
	return d.vp.View() + "\n" + s.Dim.Render(ui.Spread("", pos+" ", d.w))
}

func (d *docScreen) busyView() string {
	T, s := d.sh.T, d.sh.Styles
	e := d.exp
	if e == nil {
		return ""
	}
	lines := []string{"", " " + T("tui.doc.export.busy", T(e.kind.TitleKey())), ""}
	pct := 0.0
	if e.total > 0 {
		pct = float64(e.done) / float64(e.total)
	}
	if e.unlocking {
		return ui.JoinLines(append(lines, s.Dim.Render(ui.Clip(" "+T("tui.sign.export.unlocking"), d.w))))
	}
	lines = append(lines, " "+ui.ProgressBar(pct, max(min(d.w-4, 60), 10)), " "+T("tui.doc.export.progress", e.done, e.total), "")
	for i, f := range e.formats {
		if i < e.done {
			lines = append(lines, s.Done.Render(ui.Clip(" ✓ "+f.Label+"  "+ui.FileSize(T, e.sizes[i]), d.w)))
		}
	}
	if e.signer != nil {
		lines = append(lines, "", ui.Clip(" "+T("tui.sign.export.signing", ui.OneLine(e.signer.Name)), d.w))
	}
	return ui.JoinLines(lines)
}

// formUpdate hands the open form a message that is not a key press.
func (d *docScreen) formUpdate(msg tea.Msg) tea.Cmd {
	if d.mode == docModeForm && d.tab == docTabList {
		return d.formMsg(msg)
	}
	return nil
}

// preview results and data loads ------------------------------------------

// docResult is a result of the documents screen's commands, addressed to
// the documents page of its engagement.
type docResult interface {
	ui.Result
	docEngagement() int64
}

type (
	docDataMsg struct {
		engID   int64
		version int
		data    *templates.DocData
		err     error
	}
	docPreviewMsg struct {
		engID int64
		key   docCacheKey
		prev  docPreview
	}
	docExportsMsg struct {
		engID int64
		recs  []store.ExportRecord
		err   error
	}
)

func (m docDataMsg) docEngagement() int64    { return m.engID }
func (m docPreviewMsg) docEngagement() int64 { return m.engID }
func (m docExportsMsg) docEngagement() int64 { return m.engID }

func (m docDataMsg) Recipient() ui.PageKey    { return ui.KindDocs.Key(m.engID) }
func (m docPreviewMsg) Recipient() ui.PageKey { return ui.KindDocs.Key(m.engID) }
func (m docExportsMsg) Recipient() ui.PageKey { return ui.KindDocs.Key(m.engID) }

// loadDocData loads what the documents are filled with.
func loadDocData(sh *ui.Context, engID int64, version int) tea.Cmd {
	st, ctx, lang, op := sh.Store, sh.Ctx, string(sh.Catalog.Lang()), sh.Operator
	return func() tea.Msg {
		data, err := templates.Load(ctx, st, engID, lang)
		if err == nil {
			data.Sign.Prepared.Name = op.Name
		}
		return docDataMsg{engID: engID, version: version, data: data, err: err}
	}
}

// hasDocData tells, for each document, whether its workflow has data.
func hasDocData(data *templates.DocData) map[templates.Kind]bool {
	a := data.Assessment
	treated := false
	for _, r := range a.Risks {
		treated = treated || r.Treatment.Option != ""
	}
	t := data.VendorTally
	return map[templates.Kind]bool{
		templates.RiskReport:     len(a.Assets)+len(a.Risks) > 0,
		templates.TreatmentPlan:  treated,
		templates.ResidualReport: data.Residuals > 0,
		templates.ScreeningForm:  len(data.People) > 0 || t.Met+t.NotMet > 0,
		templates.ContractReview: !data.Contract.Review.Empty(),
		templates.ContractAnnex:  !data.Contract.Review.Empty() || len(data.Contract.Params) > 0,
		templates.NDAVendor:      true,
		templates.NDAPerson:      len(data.People) > 0,
		templates.Summary:        true,
		templates.SecurityPlan:   !data.Plan.Plan.Empty(),
		templates.FilingForm:     data.Filing != nil,
		templates.FilingChange:   data.Filing != nil && data.Filing.Previous != "",
		// The register's documents (selection.go).
		templates.RectificationNotice: len(data.Register.Notice) > 0,
		templates.RectificationRecord: len(data.Register.Findings) > 0,
		templates.IncidentReport:      data.Register.Incident != nil,
	}
}

// renderDocPreview fills the document and draws it for the terminal.
func renderDocPreview(sh *ui.Context, data *templates.DocData, k docCacheKey) tea.Cmd {
	lang, tdir, styles, T, engID := string(sh.Catalog.Lang()), sh.TemplatesDir, sh.Styles, sh.Catalog.T, data.Engagement.ID
	return func() tea.Msg {
		doc, err := templates.Fill(k.kind, data, lang, tdir)
		if err != nil {
			var lines []string
			for _, l := range ui.DescribeDocError(T, err) {
				lines = append(lines, ui.Wrap(l, k.width, " ! ", "   ")...)
			}
			return docPreviewMsg{engID: engID, key: k, prev: docPreview{lines: lines, err: true}}
		}
		lines := termDoc(doc, k.width-2, styles)
		for i, l := range lines {
			lines[i] = " " + l
		}
		return docPreviewMsg{engID: engID, key: k, prev: docPreview{lines: lines, title: doc.Title}}
	}
}

// onDocResult takes a result of the documents screen.
func (d *docScreen) onResult(msg docResult) tea.Cmd {
	switch msg := msg.(type) {
	case docDataMsg:
		if msg.version != d.version {
			return nil
		}
		if msg.err != nil {
			d.loadErr = d.sh.Describe(msg.err)
			return nil
		}
		d.loadErr, d.data = nil, msg.data
		d.sel.apply(d.data) // the notice's findings, the report's incident (selection.go)
		d.eng = msg.data.Engagement
		d.hasData = hasDocData(msg.data)
		if d.mode == docModePreview {
			return d.showPreview(false)
		}
	case docPreviewMsg:
		delete(d.rendering, msg.key)
		if msg.key.version != d.version {
			return nil
		}
		d.cache[msg.key] = msg.prev
		if d.mode == docModePreview && msg.key == d.previewKey() {
			return d.showPreview(true)
		}
	case docExportsMsg:
		d.exportsLoaded = true
		d.exportsErr = d.sh.Describe(msg.err)
		d.exports = msg.recs
		d.layoutExports()
	}
	return d.exportResult(msg)
}
