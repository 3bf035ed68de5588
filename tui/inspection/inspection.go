// Package inspection is the workbench page of on-site inspections (现场检查)
// against GB/T 32926—2016 annex A: the engagement's inspections, a new one
// with its header, and the check of every applicable item — pre-selected
// from the plan's section 3 — built for speed at the vendor's desk: one key
// per result (1 conforms, 2 partly, 3 does not conform, 4 not applicable)
// and the next item follows; f shows the open items only; / searches the
// items; the running count is always on screen; usable at 80×24. At the end
// the vendor's representative acknowledges (a) and every partly or
// non-conform becomes a corrective action (store.Acknowledge). Opened with
// S on the dashboard.
package inspection

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"outsec/bundle"
	"outsec/model"
	"outsec/model/annexa"
	"outsec/model/contract"
	"outsec/model/findings"
	insp "outsec/model/inspection"
	"outsec/store"
	"outsec/templates"
	"outsec/tui/ui"
)

// Registration is the page in the root's registry.
var Registration = ui.Registration{Kind: ui.KindInspection, New: New}

// OpenBinding is the dashboard's key to the page.
func OpenBinding(sh *ui.Context) key.Binding {
	return key.NewBinding(key.WithKeys("S"), key.WithHelp("S", sh.T("inspection.help.open")))
}

type keys struct {
	New, Open, Results, NA, Method, Notes, Filter, Search, Evidence, Ack, Header, Docs, Import key.Binding
}

func keysOf(sh *ui.Context) keys {
	b := func(ks []string, label, help string) key.Binding {
		return key.NewBinding(key.WithKeys(ks...), key.WithHelp(label, sh.T(help)))
	}
	return keys{
		New:      b([]string{"n"}, "n", "inspection.help.new"),
		Open:     b([]string{"enter"}, "enter", "inspection.help.open_one"),
		Results:  b([]string{"1", "2", "3"}, "1-3", "inspection.help.results"),
		NA:       b([]string{"4"}, "4", "inspection.help.na"),
		Method:   b([]string{"m"}, "m", "inspection.help.method"),
		Notes:    b([]string{"e"}, "e", "inspection.help.notes"),
		Filter:   b([]string{"f"}, "f", "inspection.help.filter"),
		Search:   b([]string{"/"}, "/", "inspection.help.search"),
		Evidence: b([]string{"x"}, "x", "inspection.help.evidence"),
		Ack:      b([]string{"a"}, "a", "inspection.help.ack"),
		Header:   b([]string{"h"}, "h", "inspection.help.header"),
		Docs:     b([]string{"p"}, "p", "inspection.help.docs"),
		Import:   b([]string{"i"}, "i", "inspection.help.import"),
	}
}

// Data is what the page shows.
type Data struct {
	List  []insp.Inspection
	Items int    // how many items a new inspection checks
	Fix   string // the contract's fix time
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
		w       write
		data    Data
		made    []findings.Finding
		loadErr error
		err     error
	}
)

func (m loadedMsg) Recipient() ui.PageKey { return m.to }
func (m savedMsg) Recipient() ui.PageKey  { return m.to }
func (savedMsg) EndsWrite() bool          { return true }

// write is one store action of the page.
type write struct {
	create   *insp.Inspection
	header   *insp.Inspection
	check    *insp.Check
	inspID   int64
	ack      *insp.Acknowledgement
	evidence *evidenceIn
	// bundlePath is a bundle to read and verify (the preview); bundle the
	// one read, to import.
	bundlePath string
	bundle     *bundle.Bundle
	already    bool
}

type evidenceIn struct{ item, path, title, note string }

func readData(sh *ui.Context, engID int64) (Data, error) {
	st, ctx := sh.Store, sh.Ctx
	list, err := st.Inspections(ctx, engID)
	if err != nil {
		return Data{}, err
	}
	items, err := st.InspectionItems(ctx, engID)
	if err != nil {
		return Data{}, err
	}
	fix, err := st.FixTime(ctx, engID)
	return Data{List: list, Items: len(items), Fix: fix}, err
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

func save(sh *ui.Context, to ui.PageKey, w write) tea.Cmd {
	st, ctx, op := sh.Store, sh.Ctx, sh.Operator
	sh.Writing()
	return func() tea.Msg {
		var err error
		var made []findings.Finding
		switch {
		case w.create != nil:
			in := *w.create
			err = st.CreateInspection(ctx, op, to.Engagement, &in)
			w.create = &in
		case w.header != nil:
			in := *w.header
			err = st.UpdateInspectionHeader(ctx, op, &in)
		case w.check != nil:
			err = st.SaveCheck(ctx, op, w.inspID, *w.check)
			if err == nil {
				// A result is a key press: the page already shows it.
				return savedMsg{to: to, w: w}
			}
		case w.ack != nil:
			made, err = st.Acknowledge(ctx, op, w.inspID, *w.ack)
		case w.evidence != nil:
			_, err = st.AddCheckEvidence(ctx, op, w.inspID, w.evidence.item, w.evidence.path, w.evidence.title, w.evidence.note)
		case w.bundlePath != "":
			b, rerr := bundle.Read(w.bundlePath, func(fpr string) ([]store.SigningKey, error) { return st.KeysByFingerprint(ctx, fpr) })
			w.bundle, err = b, rerr
			return savedMsg{to: to, w: w, err: err}
		case w.bundle != nil:
			var res store.BundleImport
			res, err = bundle.Import(ctx, st, op, w.bundle)
			if err == nil && !res.Added {
				w.already = true
			}
		}
		d, lerr := readData(sh, to.Engagement)
		return savedMsg{to: to, w: w, data: d, made: made, loadErr: lerr, err: err}
	}
}

type screen struct {
	sh      *ui.Context
	keys    keys
	eng     model.Engagement
	data    Data
	ready   bool
	loadErr string

	listCursor int
	open       int64 // the inspection shown; 0: the list
	cursor     int   // in the visible items
	offset     int
	onlyOpen   bool
	query      string
	searching  bool
	method     insp.Method // the method a result key records, sticky

	rows int // the check list's rows as last drawn
	// visible caches the indexes of the checks shown (filter and search).
	visible []int

	form *ui.RecordForm[write]
	// preview is a bundle read and verified, waiting for y to import it.
	preview *bundle.Bundle
	w, h    int
}

// New makes the page of an engagement.
func New(sh *ui.Context, engID int64) ui.Page {
	return &screen{sh: sh, keys: keysOf(sh), eng: model.Engagement{ID: engID}, method: insp.DocReview}
}

func (s *screen) key() ui.PageKey { return ui.KindInspection.Key(s.eng.ID) }

func (s *screen) Init() tea.Cmd {
	s.sh.SetStatus("")
	return load(s.sh, s.key())
}

func (s *screen) Title() string       { return s.sh.T("inspection.page", ui.OneLine(s.eng.Code)) }
func (s *screen) Capturing() bool     { return s.form != nil || s.searching || s.preview != nil }
func (s *screen) KeyMap() help.KeyMap { return s.help() }

func (s *screen) SetSize(w, h int) {
	s.w, s.h = w, h
	if s.form != nil {
		s.form.SetSize(w, h)
	}
}

func (s *screen) help() ui.KeyHelp {
	k, ik := s.sh.Keys, s.keys
	switch {
	case s.form != nil:
		return k.FormHelp()
	case s.searching:
		return k.FilterHelp()
	case s.open == 0:
		short := []key.Binding{ik.New, ik.Open, ik.Import, ik.Docs, k.Back, k.Help, k.Quit}
		return ui.KeyHelp{Short: short, Full: [][]key.Binding{short}}
	}
	short := []key.Binding{ik.Results, ik.NA, ik.Method, ik.Notes, ik.Filter, ik.Search, ik.Evidence, ik.Ack, k.Back}
	return ui.KeyHelp{Short: short, Full: [][]key.Binding{{k.Up, k.Down, ik.Results, ik.NA, ik.Method, ik.Notes}, {ik.Filter, ik.Search, ik.Evidence, ik.Ack, ik.Header, ik.Docs, k.Back, k.Help, k.Quit}}}
}

// current is the inspection shown.
func (s *screen) current() *insp.Inspection {
	for i := range s.data.List {
		if s.data.List[i].ID == s.open {
			return &s.data.List[i]
		}
	}
	return nil
}

// refilter recomputes the visible checks, keeping the cursor on the same
// check when it is still shown.
func (s *screen) refilter(keep int) {
	in := s.current()
	s.visible = s.visible[:0]
	if in == nil {
		return
	}
	at := -1
	for i := range in.Checks {
		c := &in.Checks[i]
		if s.onlyOpen && c.Result != insp.Open && i != keep {
			continue
		}
		if s.query != "" {
			it, _ := annexa.ByID(c.Item)
			if !insp.Matches(it, c, s.query) {
				continue
			}
		}
		if i == keep {
			at = len(s.visible)
		}
		s.visible = append(s.visible, i)
	}
	if at >= 0 {
		s.cursor = at
	}
	s.clamp()
}

func (s *screen) clamp() {
	s.listCursor = min(max(s.listCursor, 0), max(len(s.data.List)-1, 0))
	s.cursor = min(max(s.cursor, 0), max(len(s.visible)-1, 0))
}

// selected is the check under the cursor.
func (s *screen) selected() *insp.Check {
	in := s.current()
	if in == nil || s.cursor >= len(s.visible) {
		return nil
	}
	return &in.Checks[s.visible[s.cursor]]
}

func (s *screen) setData(d Data) {
	keep := -1
	if len(s.visible) > 0 && s.cursor < len(s.visible) {
		keep = s.visible[s.cursor]
	}
	s.data, s.ready = d, true
	if s.open != 0 && s.current() == nil {
		s.open = 0
	}
	s.refilter(keep)
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
		s.setData(msg.data)
		return nil
	case savedMsg:
		return s.saved(msg)
	case tea.KeyPressMsg:
		return s.keyPress(msg)
	case tea.WindowSizeMsg, tea.BackgroundColorMsg:
		return nil
	}
	return s.formMsg(msg)
}

func (s *screen) saved(msg savedMsg) tea.Cmd {
	if msg.w.check != nil && msg.err == nil {
		return nil
	}
	if msg.w.bundlePath != "" {
		// The bundle read: its preview, or why it is refused.
		if f := s.form; f != nil && f.Submitting() {
			s.form = nil
		}
		if msg.err != nil {
			s.sh.SetStatusText(s.refusal(msg.err), true)
			return nil
		}
		s.preview = msg.w.bundle
		return nil
	}
	if msg.loadErr == nil && msg.data.List != nil || msg.err == nil {
		s.setData(msg.data)
	}
	T := s.sh.T
	done := ""
	switch {
	case msg.w.create != nil:
		done = T("inspection.status.created", len(msg.w.create.Checks))
		s.open, s.cursor, s.offset = msg.w.create.ID, 0, 0
		s.refilter(-1)
	case msg.w.header != nil:
		done = T("inspection.status.header")
	case msg.w.ack != nil:
		done = T("inspection.status.acknowledged", len(msg.made), s.data.Fix)
	case msg.w.evidence != nil:
		done = T("inspection.status.evidence")
	case msg.w.bundle != nil:
		done = T("inspection.status.imported", msg.w.bundle.Number)
		if msg.w.already {
			done = T("inspection.status.already", msg.w.bundle.Number)
		}
		if errors.Is(msg.err, store.ErrNoEngagement) {
			s.sh.SetStatusText(T("inspection.err.no_engagement", msg.w.bundle.Record.Engagement.Code, msg.w.bundle.Record.Engagement.UID), true)
			return nil
		}
	}
	s.sh.SetOutcome(msg.err, msg.loadErr, done)
	if f := s.form; f != nil && f.Submitting() {
		if msg.err != nil {
			return f.Rejected(msg.err)
		}
		s.form = nil
	}
	if msg.w.check != nil && msg.err != nil {
		// The page showed a result the store refused: show what it holds.
		return load(s.sh, s.key())
	}
	return nil
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
		if w.check != nil {
			// Notes and not-applicable reasons: shown at once, like a key.
			s.form = nil
			return tea.Batch(cmd, s.record(*w.check, false))
		}
		return tea.Batch(cmd, save(s.sh, s.key(), *w))
	}
	return cmd
}

func (s *screen) keyPress(msg tea.KeyPressMsg) tea.Cmd {
	if s.form != nil {
		return s.formMsg(msg)
	}
	if s.searching {
		return s.searchKey(msg)
	}
	if b := s.preview; b != nil {
		s.preview = nil
		if msg.String() == "y" {
			return save(s.sh, s.key(), write{bundle: b})
		}
		s.sh.SetStatus(s.sh.T("tui.status.nothing_changed"))
		return nil
	}
	k := s.sh.Keys
	if key.Matches(msg, s.keys.Docs) {
		return ui.GoTo(ui.GoMsg{Key: ui.KindDocs.Key(s.eng.ID), Arg: ui.DocArg(templates.InspectionRecord, nil, 0)})
	}
	if s.open == 0 {
		switch {
		case key.Matches(msg, k.Back):
			return ui.Back()
		case key.Matches(msg, k.Up):
			s.listCursor--
		case key.Matches(msg, k.Down):
			s.listCursor++
		case !s.ready:
		case key.Matches(msg, s.keys.New):
			return s.openForm(s.headerForm(nil))
		case key.Matches(msg, s.keys.Import):
			return s.openForm(s.importForm())
		case key.Matches(msg, s.keys.Open):
			if s.listCursor < len(s.data.List) {
				s.open, s.cursor, s.offset = s.data.List[s.listCursor].ID, 0, 0
				s.refilter(-1)
			}
		}
		s.clamp()
		return nil
	}
	return s.checkKey(msg)
}

func (s *screen) searchKey(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "enter":
		s.searching = false
	case "esc":
		s.searching, s.query = false, ""
		s.refilter(-1)
	case "backspace":
		if r := []rune(s.query); len(r) > 0 {
			s.query = string(r[:len(r)-1])
			s.refilter(-1)
		}
	default:
		if msg.Text != "" {
			s.query += msg.Text
			s.cursor = 0
			s.refilter(-1)
		}
	}
	return nil
}

func (s *screen) checkKey(msg tea.KeyPressMsg) tea.Cmd {
	k, ik := s.sh.Keys, s.keys
	switch {
	case key.Matches(msg, k.Back):
		if s.query != "" {
			s.query = ""
			s.refilter(s.index())
			return nil
		}
		s.open = 0
		return nil
	case key.Matches(msg, k.Up):
		s.cursor--
	case key.Matches(msg, k.Down):
		s.cursor++
	case key.Matches(msg, k.PageUp):
		s.cursor -= max(s.listRows()-1, 1)
	case key.Matches(msg, k.PageDown):
		s.cursor += max(s.listRows()-1, 1)
	case key.Matches(msg, k.Home):
		s.cursor = 0
	case key.Matches(msg, k.End):
		s.cursor = 1 << 30
	case key.Matches(msg, ik.Filter):
		s.onlyOpen = !s.onlyOpen
		s.refilter(s.index())
	case key.Matches(msg, ik.Search):
		s.searching = true
	}
	s.clamp()
	in, c := s.current(), s.selected()
	if in == nil {
		return nil
	}
	switch {
	case key.Matches(msg, ik.Ack):
		return s.openForm(s.ackForm(in))
	case key.Matches(msg, ik.Header):
		return s.openForm(s.headerForm(in))
	}
	if c == nil {
		return nil
	}
	if in.Acknowledged() && (key.Matches(msg, ik.Results, ik.NA, ik.Method, ik.Notes)) {
		s.sh.SetStatusText(s.sh.T("inspection.err.acknowledged"), true)
		return nil
	}
	switch {
	case key.Matches(msg, ik.Results):
		x := *c
		x.Result = insp.Results[msg.String()[0]-'1']
		if x.Method == "" {
			x.Method = s.method
		}
		return s.record(x, true)
	case key.Matches(msg, ik.NA):
		x := *c
		x.Result = insp.NA
		if x.Method == "" {
			x.Method = s.method
		}
		if strings.TrimSpace(x.Reason) != "" {
			return s.record(x, true)
		}
		return s.openForm(s.notesForm(in, x, true))
	case key.Matches(msg, ik.Method):
		x := *c
		x.Method = x.Method.Next()
		if c.Method == "" {
			x.Method = s.method.Next()
		}
		s.method = x.Method
		return s.record(x, false)
	case key.Matches(msg, ik.Notes):
		return s.openForm(s.notesForm(in, *c, false))
	case key.Matches(msg, ik.Evidence):
		return s.openForm(s.evidenceForm(in, *c))
	}
	return nil
}

// index is the check under the cursor, as an index of the inspection's
// checks; -1 when none.
func (s *screen) index() int {
	if s.cursor < len(s.visible) {
		return s.visible[s.cursor]
	}
	return -1
}

// record shows the check as given at once and saves it; advance moves to
// the next item (with the open filter, the next open one).
func (s *screen) record(c insp.Check, advance bool) tea.Cmd {
	in := s.current()
	if in == nil {
		return nil
	}
	i := -1
	for j := range in.Checks {
		if in.Checks[j].Item == c.Item {
			i = j
		}
	}
	if i < 0 {
		return nil
	}
	in.Checks[i] = c
	if c.Method != "" {
		s.method = c.Method
	}
	if advance {
		if s.onlyOpen {
			// The item leaves the list: the next open item takes its place.
			s.refilter(-1)
		} else {
			s.cursor++
			s.clamp()
		}
	}
	it, _ := annexa.ByID(c.Item)
	s.sh.SetStatus(s.sh.T("inspection.status.check", it.Label(), s.sh.T(c.Result.Key())))
	return save(s.sh, s.key(), write{check: &c, inspID: in.ID})
}

func (s *screen) openForm(f *ui.RecordForm[write]) tea.Cmd {
	s.form = f
	return f.Rebuild()
}

func (s *screen) today() string { return s.sh.Store.Now().Format(model.DateLayout) }

func (s *screen) headerForm(in *insp.Inspection) *ui.RecordForm[write] {
	T := s.sh.T
	v := struct{ inspectors, date, place, rep string }{inspectors: s.sh.Operator.Name, date: s.today(), rep: ""}
	if in != nil {
		v.inspectors, v.date, v.place, v.rep = in.Inspectors, string(in.Date), in.Place, in.VendorRep
	}
	build := func() *huh.Form {
		return huh.NewForm(huh.NewGroup(
			huh.NewInput().Key("inspectors").Title(T("field.inspection.inspectors")).Description(T("inspection.form.inspectors_hint")).Value(&v.inspectors).CharLimit(model.MaxShortText),
			huh.NewInput().Key("date").Title(T("field.inspection.date")).Description(T("tui.findings.form.date_hint")).
				Value(&v.date).Validate(ui.ValidateDate(s.sh, "field.inspection.date", false)),
			huh.NewInput().Key("place").Title(T("field.inspection.place")).Value(&v.place).CharLimit(model.MaxShortText),
			huh.NewInput().Key("rep").Title(T("field.inspection.vendor_rep")).Value(&v.rep).CharLimit(model.MaxShortText),
		))
	}
	wr := func() (write, error, bool) {
		x := insp.Inspection{Inspectors: strings.TrimSpace(v.inspectors), Date: ui.DateOf(v.date), Place: strings.TrimSpace(v.place),
			VendorRep: strings.TrimSpace(v.rep)}
		if ve := x.ValidateHeader(); ve != nil {
			return write{}, ve, false
		}
		if in != nil {
			x.ID = in.ID
			return write{header: &x}, nil, false
		}
		return write{create: &x}, nil, false
	}
	title, about := T("inspection.form.new_title"), T("inspection.form.new_about", s.data.Items)
	if in != nil {
		title, about = T("inspection.form.header_title"), T("inspection.form.header_about")
	}
	return ui.NewRecordForm(s.sh, s.w, s.h, title, []string{about}, build, wr)
}

// notesForm edits a check's result, method, reason and notes; reasonOnly
// asks only why the item does not apply (the key 4).
func (s *screen) notesForm(in *insp.Inspection, c insp.Check, reasonOnly bool) *ui.RecordForm[write] {
	T := s.sh.T
	it, _ := annexa.ByID(c.Item)
	v := struct{ result, method, reason, notes string }{string(c.Result), string(c.Method), c.Reason, c.Notes}
	if v.method == "" {
		v.method = string(s.method)
	}
	results := []huh.Option[string]{huh.NewOption(T(insp.Open.Key()), "")}
	for _, r := range insp.Results {
		results = append(results, huh.NewOption(T(r.Key()), string(r)))
	}
	var methods []huh.Option[string]
	for _, m := range insp.Methods {
		methods = append(methods, huh.NewOption(T(m.Key()), string(m)))
	}
	build := func() *huh.Form {
		reason := huh.NewInput().Key("reason").Title(T("field.check.reason")).Description(T("inspection.form.reason_hint")).Value(&v.reason).CharLimit(model.MaxShortText)
		if reasonOnly {
			return huh.NewForm(huh.NewGroup(reason))
		}
		return huh.NewForm(huh.NewGroup(
			huh.NewSelect[string]().Key("result").Title(T("field.check.result")).Options(results...).Value(&v.result),
			huh.NewSelect[string]().Key("method").Title(T("field.check.method")).Options(methods...).Value(&v.method),
			reason,
			huh.NewText().Key("notes").Title(T("field.check.notes")).Value(&v.notes).CharLimit(model.MaxLongText).Lines(3),
		))
	}
	wr := func() (write, error, bool) {
		x := c
		x.Result, x.Method, x.Reason, x.Notes = insp.Result(v.result), insp.Method(v.method), strings.TrimSpace(v.reason), strings.TrimSpace(v.notes)
		if ve := insp.ValidateCheck(x, "check"); ve != nil {
			return write{}, ve, false
		}
		if x.Result == c.Result && x.Method == c.Method && x.Reason == c.Reason && x.Notes == c.Notes {
			return write{}, nil, true
		}
		return write{check: &x, inspID: in.ID}, nil, false
	}
	return ui.NewRecordForm(s.sh, s.w, s.h, T("inspection.form.check_title", it.Label(), it.Title(string(s.sh.Catalog.Lang()))),
		[]string{T("inspection.form.check_about", it.Good.In(string(s.sh.Catalog.Lang())))}, build, wr)
}

func (s *screen) evidenceForm(in *insp.Inspection, c insp.Check) *ui.RecordForm[write] {
	T := s.sh.T
	it, _ := annexa.ByID(c.Item)
	v := struct{ path, title, note string }{}
	build := func() *huh.Form {
		return huh.NewForm(huh.NewGroup(
			huh.NewInput().Key("path").Title(T("field.evidence.path")).Description(T("inspection.form.path_hint")).Value(&v.path).CharLimit(4096),
			huh.NewInput().Key("title").Title(T("field.evidence.name")).Value(&v.title).CharLimit(model.MaxShortText),
			huh.NewText().Key("note").Title(T("field.evidence.note")).Value(&v.note).CharLimit(model.MaxLongText).Lines(3),
		))
	}
	wr := func() (write, error, bool) {
		path := ui.UserPath(strings.TrimSpace(v.path))
		if path == "" && strings.TrimSpace(v.note) == "" {
			return write{}, nil, true
		}
		title := strings.TrimSpace(v.title)
		if path == "" && title == "" {
			title = it.Label()
		}
		return write{inspID: in.ID, evidence: &evidenceIn{item: c.Item, path: path, title: title, note: strings.TrimSpace(v.note)}}, nil, false
	}
	return ui.NewRecordForm(s.sh, s.w, s.h, T("inspection.form.evidence_title", it.Label()),
		[]string{T("inspection.form.evidence_about", it.Evidence.In(string(s.sh.Catalog.Lang())))}, build, wr)
}

func (s *screen) ackForm(in *insp.Inspection) *ui.RecordForm[write] {
	T := s.sh.T
	v := struct{ name, date, remarks, disagreement string }{in.VendorRep, s.today(), "", ""}
	build := func() *huh.Form {
		return huh.NewForm(huh.NewGroup(
			huh.NewInput().Key("name").Title(T("field.inspection.ack.name")).Value(&v.name).CharLimit(model.MaxShortText),
			huh.NewInput().Key("date").Title(T("field.inspection.ack.date")).Description(T("tui.findings.form.date_hint")).
				Value(&v.date).Validate(ui.ValidateDate(s.sh, "field.inspection.ack.date", false)),
			huh.NewText().Key("remarks").Title(T("field.inspection.ack.remarks")).Value(&v.remarks).CharLimit(model.MaxLongText).Lines(2),
			huh.NewText().Key("disagreement").Title(T("field.inspection.ack.disagreement")).Value(&v.disagreement).CharLimit(model.MaxLongText).Lines(2),
		))
	}
	wr := func() (write, error, bool) {
		a := insp.Acknowledgement{Name: strings.TrimSpace(v.name), Date: ui.DateOf(v.date), Remarks: strings.TrimSpace(v.remarks),
			Disagreement: strings.TrimSpace(v.disagreement)}
		if ve := in.ValidateAck(a); ve != nil {
			return write{}, ve, false
		}
		return write{inspID: in.ID, ack: &a}, nil, false
	}
	t := in.Count()
	return ui.NewRecordForm(s.sh, s.w, s.h, T("inspection.form.ack_title"),
		[]string{T("inspection.form.ack_about", t.Partly+t.NotConform, insp.Due(in.Date, s.data.Fix), string(insp.ClauseFix))}, build, wr)
}

// listRows is how many items the check list showed last.
func (s *screen) listRows() int { return max(s.rows, 3) }

func (s *screen) View() string {
	if s.form != nil {
		return s.form.View()
	}
	T, st := s.sh.T, s.sh.Styles
	lines := []string{st.Title.Render(ui.Fit(" "+T("inspection.title", ui.OneLine(s.eng.Code), ui.OneLine(s.eng.Name)), s.w))}
	if !s.ready {
		if s.loadErr != "" {
			lines = append(lines, st.Error.Render(ui.Clip(" ! "+s.loadErr, s.w)))
		} else {
			lines = append(lines, st.Dim.Render(" "+T("tui.loading")))
		}
		return ui.JoinLines(lines)
	}
	if in := s.current(); in != nil {
		return ui.JoinLines(append(lines, s.checkView(in)...))
	}
	return ui.JoinLines(append(lines, s.listView()...))
}

// importForm asks for the folder of a bundle.
func (s *screen) importForm() *ui.RecordForm[write] {
	T := s.sh.T
	var dir string
	build := func() *huh.Form {
		return huh.NewForm(huh.NewGroup(
			huh.NewInput().Key("dir").Title(T("inspection.form.bundle_dir")).Description(T("inspection.form.bundle_hint")).Value(&dir).CharLimit(4096),
		))
	}
	wr := func() (write, error, bool) {
		p := ui.UserPath(dir)
		if p == "" {
			return write{}, nil, true
		}
		return write{bundlePath: p}, nil, false
	}
	return ui.NewRecordForm(s.sh, s.w, s.h, T("inspection.form.import_title"), []string{T("inspection.form.import_about")}, build, wr)
}

// refusal is a bundle's refusal in words, naming the file or the key.
func (s *screen) refusal(err error) string {
	var r *bundle.Refusal
	if errors.As(err, &r) {
		return s.sh.T(r.Key, r.File, r.Fingerprint)
	}
	return s.sh.Describe(err)[0]
}

// previewView is what a bundle will add, before y imports it.
func (s *screen) previewView(b *bundle.Bundle) []string {
	T, st := s.sh.T, s.sh.Styles
	rec := b.Record
	in := rec.Inspection
	c := in.Count()
	out := []string{
		st.Bold.Render(ui.Clip(" "+T("cli.inspection.preview", b.Number, ui.OneLine(b.Signer.Name), b.Code), s.w)),
		ui.Clip(" "+T("cli.inspection.preview_eng", ui.OneLine(rec.Engagement.Code), rec.Engagement.UID, ui.OneLine(rec.Engagement.Name)), s.w),
		ui.Clip(" "+T("cli.inspection.preview_in", string(in.Date), ui.OneLine(in.Place), ui.OneLine(in.Inspectors), len(in.Checks), len(rec.Evidence)), s.w),
		ui.Clip(" "+T("inspection.count", c.Done(), c.Total, c.Conforms, c.Partly, c.NotConform, c.NA), s.w),
	}
	lang := string(s.sh.Catalog.Lang())
	for _, f := range b.Findings() {
		it, _ := annexa.ByID(f.Item)
		out = append(out, st.Stop.Render(ui.Clip("  ! "+it.Label()+" "+it.Title(lang)+" "+T(f.Result.Key()), s.w)))
	}
	return append(out, "", st.Bold.Render(ui.Clip(" "+T("inspection.import_ask"), s.w)))
}

func (s *screen) listView() []string {
	T, st := s.sh.T, s.sh.Styles
	if s.preview != nil {
		return s.previewView(s.preview)
	}
	fix := s.data.Fix
	if p, ok := contract.ParamByName("fix_time"); ok {
		fix = p.Format(string(s.sh.Catalog.Lang()), fix)
	}
	out := []string{ui.Clip(" "+T("inspection.list.head", len(s.data.List), s.data.Items, fix), s.w)}
	if len(s.data.List) == 0 {
		return append(out, "", ui.Clip("  "+T("inspection.list.none", s.keys.New.Help().Key), s.w))
	}
	for i := range s.data.List {
		in := &s.data.List[i]
		t := in.Count()
		state := T("inspection.list.open", t.Done(), t.Total)
		if in.Acknowledged() {
			state = T("inspection.list.acknowledged", string(in.Ack.Date))
		}
		row := fmt.Sprintf("#%d %s  %s  %s  %s", in.ID, in.Date, state, ui.OneLine(in.Place), ui.OneLine(in.Inspectors))
		if i == s.listCursor {
			out = append(out, st.Selected.Render(ui.Fit("> "+row, s.w)))
		} else {
			out = append(out, ui.Clip("  "+row, s.w))
		}
	}
	return out
}

func (s *screen) resultText(r insp.Result, w int, plain bool) string {
	text := ui.Fit(s.sh.T(r.Key()), w)
	if plain {
		return text
	}
	st := s.sh.Styles
	switch r {
	case insp.Conforms:
		return st.Done.Render(text)
	case insp.Partly, insp.NotConform:
		return st.Stop.Render(text)
	case insp.Open:
		return st.Dim.Render(text)
	}
	return text
}

func (s *screen) checkView(in *insp.Inspection) []string {
	T, st := s.sh.T, s.sh.Styles
	lang := string(s.sh.Catalog.Lang())
	t := in.Count()
	count := " " + T("inspection.count", t.Done(), t.Total, t.Conforms, t.Partly, t.NotConform, t.NA)
	out := []string{ui.Clip(count, s.w)}
	filter := " " + T("inspection.where", string(in.Date), ui.OneLine(in.Place))
	if in.Acknowledged() {
		filter = " " + st.Done.Render(T("inspection.acknowledged", ui.OneLine(in.Ack.Name), string(in.Ack.Date)))
	}
	if s.onlyOpen {
		filter += "  " + st.Bold.Render(T("inspection.filter_open"))
	}
	if s.searching || s.query != "" {
		q := T("inspection.search", s.query)
		if s.searching {
			q += "▏"
		}
		filter += "  " + st.Bold.Render(q)
	}
	filter += "  " + T("inspection.shown", len(s.visible))
	out = append(out, ui.Clip(filter, s.w))
	labelW := 12
	resW := 0
	for _, r := range append([]insp.Result{insp.Open}, insp.Results...) {
		resW = max(resW, ui.CellWidth(T(r.Key())))
	}
	methW := 0
	for _, m := range insp.Methods {
		methW = max(methW, ui.CellWidth(T(m.Key())))
	}
	titleW := max(s.w-2-labelW-1-resW-1-methW-1, 6)
	detail := s.detail()
	n := max(s.h-len(out)-1-len(detail), 3)
	s.rows = n
	if s.cursor < s.offset {
		s.offset = s.cursor
	}
	if s.cursor >= s.offset+n {
		s.offset = s.cursor - n + 1
	}
	s.offset = max(min(s.offset, len(s.visible)-n), 0)
	if len(s.visible) == 0 {
		out = append(out, "", ui.Clip("  "+T("inspection.none_shown"), s.w))
	}
	for row := s.offset; row < s.offset+n && row < len(s.visible); row++ {
		c := &in.Checks[s.visible[row]]
		it, _ := annexa.ByID(c.Item)
		meth := ""
		if c.Method != "" {
			meth = T(c.Method.Key())
		}
		ev := " "
		if len(c.Evidence) > 0 || c.Notes != "" {
			ev = "*"
		}
		head := ui.Fit(it.Label(), labelW) + " " + ui.Fit(it.Title(lang), titleW-1) + ev + " "
		tail := " " + ui.Fit(meth, methW)
		if row == s.cursor {
			out = append(out, st.Selected.Render(ui.Fit("> "+head+s.resultText(c.Result, resW, true)+tail, s.w)))
		} else {
			out = append(out, "  "+head+s.resultText(c.Result, resW, false)+tail)
		}
	}
	for len(out) < 2+n {
		out = append(out, "")
	}
	out = append(out, detail...)
	if len(out) > s.h-1 {
		out = out[:s.h-1]
	}
	return out
}

// detail is the selected item in full, in at most five lines.
func (s *screen) detail() []string {
	T, st := s.sh.T, s.sh.Styles
	lang := string(s.sh.Catalog.Lang())
	c := s.selected()
	if c == nil {
		return nil
	}
	it, _ := annexa.ByID(c.Item)
	out := []string{st.Bold.Render(ui.Clip(" "+it.Label()+" "+it.Title(lang)+" ("+T("err.clause", string(it.Clause))+")", s.w))}
	good := ui.Wrap(T("inspection.good", it.Good.In(lang)), s.w, " ", "   ")
	if len(good) > 2 {
		good = good[:2]
		good[1] = ui.Clip(good[1], s.w-1) + ui.Ellipsis
	}
	out = append(out, good...)
	out = append(out, st.Dim.Render(ui.Clip(" "+T("inspection.asks", it.Evidence.In(lang)), s.w)))
	var extra []string
	if c.Reason != "" {
		extra = append(extra, T("inspection.reason", ui.OneLine(c.Reason)))
	}
	if c.Notes != "" {
		extra = append(extra, T("inspection.notes", ui.OneLine(c.Notes)))
	}
	if len(c.Evidence) > 0 {
		extra = append(extra, T("inspection.evidence", len(c.Evidence)))
	}
	if c.Finding != 0 {
		extra = append(extra, T("inspection.finding", c.Finding))
	}
	if len(extra) > 0 {
		out = append(out, ui.Clip(" "+strings.Join(extra, "  "), s.w))
	}
	return out
}
