package nda

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"outsec/model"
	"outsec/model/contract"
	"outsec/model/screening"
	contractpage "outsec/tui/contract"
	"outsec/tui/ui"
)

// ndaScreen is the NDAs of one engagement (GB/T 32926—2016 6.4 a): one with
// the vendor and one with each service person): the vendor's NDA date, the
// people with each one's NDA date — a person without one flagged, as on the
// screening's register —, the forms of those dates, and the batch that
// fills every person's NDA, renders it with a progress bar and writes all
// the files (one set per person and a combined PDF) or none. Opened with N
// on the dashboard and the contract screen.
type ndaScreen struct {
	sh  *ui.Context
	eng model.Engagement

	data    contractpage.Data
	ready   bool
	loadErr string

	cursor, offset int

	mode  ndaMode
	form  *contractpage.Form // a date form
	dlg   *ndaDialog         // the batch dialog
	batch *ndaBatch          // the batch under way
	bar   progress.Model

	result    []string
	resultErr bool
	resVP     viewport.Model

	serial int

	w, h int
}

type ndaMode int

const (
	ndaModeList   ndaMode = iota
	ndaModeForm           // a date form or the batch dialog
	ndaModeBusy           // the batch under way
	ndaModeResult         // the files written, or why nothing was
)

func newNDAScreen(sh *ui.Context, e model.Engagement, w, h int) *ndaScreen {
	n := &ndaScreen{sh: sh, eng: e, resVP: viewport.New(),
		bar: progress.New(progress.WithFillCharacters('█', '░'), progress.WithColors(sh.Styles.Done.GetForeground()))}
	n.SetSize(w, h)
	return n
}

// SetSize gives the screen its body.
func (n *ndaScreen) SetSize(w, h int) {
	n.w, n.h = w, h
	if n.form != nil {
		n.form.SetSize(w, h)
	}
	if n.dlg != nil {
		n.dlg.SetSize(w, h)
	}
	n.bar.SetWidth(max(min(w-4, 64), 12))
	n.resVP.SetWidth(max(w, 1))
	n.resVP.SetHeight(max(h-2, 1))
	n.layoutResult()
}

func (n *ndaScreen) typing() bool { return n.mode == ndaModeForm }
func (n *ndaScreen) busy() bool   { return n.mode == ndaModeBusy }

func (n *ndaScreen) loaded(d contractpage.Data, err error) {
	if err != nil {
		n.loadErr = n.sh.Describe(err)[0]
		return
	}
	n.loadErr, n.data, n.ready = "", d, true
	n.clamp()
}

func (n *ndaScreen) saved(msg contractpage.SavedMsg) tea.Cmd {
	if msg.LoadErr == nil {
		n.data, n.ready = msg.Data, true
		n.clamp()
	}
	f := n.form
	if f == nil || !f.Submitting() {
		return nil
	}
	if msg.Err != nil {
		return f.Rejected(msg.Err)
	}
	n.form, n.mode = nil, ndaModeList
	return nil
}

func (n *ndaScreen) clamp() {
	n.cursor = min(max(n.cursor, 0), max(len(n.data.People)-1, 0))
}

func (n *ndaScreen) selectedPerson() *screening.Person {
	if n.cursor < 0 || n.cursor >= len(n.data.People) {
		return nil
	}
	return &n.data.People[n.cursor]
}

func (n *ndaScreen) setStatus(s string, isErr bool) { n.sh.SetStatusText(s, isErr) }

// withoutNDA counts the people without an NDA.
func (n *ndaScreen) withoutNDA() int {
	c := 0
	for i := range n.data.People {
		if !n.data.People[i].HasNDA() {
			c++
		}
	}
	return c
}

// handleKey is a key press with no form open; leave is true when the screen
// is left.
func (n *ndaScreen) handleKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k, ck := n.sh.Keys, n.sh.Keys.Contract
	if n.mode == ndaModeResult {
		switch {
		case key.Matches(msg, k.Back), key.Matches(msg, k.Choose):
			n.mode = ndaModeList
		default:
			k.Scroll(&n.resVP, msg)
		}
		return nil, false
	}
	page := max(n.listRows()-1, 1)
	switch {
	case key.Matches(msg, k.Back):
		return nil, true
	case key.Matches(msg, k.Up):
		n.cursor--
	case key.Matches(msg, k.Down):
		n.cursor++
	case key.Matches(msg, k.PageUp):
		n.cursor -= page
	case key.Matches(msg, k.PageDown):
		n.cursor += page
	case key.Matches(msg, k.Home):
		n.cursor = 0
	case key.Matches(msg, k.End):
		n.cursor = len(n.data.People)
	}
	n.clamp()
	if !n.ready {
		return nil, false
	}
	switch {
	case key.Matches(msg, ck.Vendor):
		return n.openForm(newVendorNDAForm(n)), false
	case key.Matches(msg, ck.PersonD):
		if p := n.selectedPerson(); p != nil {
			return n.openForm(newPersonNDAForm(n, *p)), false
		}
	case key.Matches(msg, ck.Batch):
		if len(n.data.People) == 0 {
			n.setStatus(n.sh.T("doc.err.no_people"), true)
			return nil, false
		}
		return n.startDialog(), false
	}
	return nil, false
}

func (n *ndaScreen) openForm(f *contractpage.Form) tea.Cmd {
	n.form, n.mode = f, ndaModeForm
	return f.Rebuild()
}

// formMsg hands the open form or dialog a message.
func (n *ndaScreen) formMsg(msg tea.Msg) tea.Cmd {
	if n.dlg != nil {
		return n.dialogMsg(msg)
	}
	f := n.form
	if f == nil {
		return nil
	}
	cmd, save, closed := f.Step(msg)
	switch {
	case closed:
		n.form, n.mode = nil, ndaModeList
		n.setStatus(n.sh.T("tui.status.nothing_changed"), false)
	case save != nil:
		return tea.Batch(cmd, contractpage.Save(n.sh, ui.KindNDA.Key(n.eng.ID), *save))
	}
	return cmd
}

// help is the screen's help line as it stands.
func (n *ndaScreen) help() ui.KeyHelp {
	k, ck := n.sh.Keys, n.sh.Keys.Contract
	var short []key.Binding
	switch n.mode {
	case ndaModeForm:
		return k.FormHelp()
	case ndaModeBusy:
		short = []key.Binding{}
	case ndaModeResult:
		short = []key.Binding{k.Up, k.Down, k.PageDown, k.Back, k.Quit}
	default:
		short = []key.Binding{k.Up, k.Down, ck.PersonD, ck.Vendor, ck.Batch, ck.Docs, k.Back, k.Help, k.Quit}
	}
	return ui.KeyHelp{Short: short, Full: [][]key.Binding{short}}
}

// listRows is how many people fit.
func (n *ndaScreen) listRows() int { return max(n.h-6-5, 3) }

// View draws the screen.
func (n *ndaScreen) View() string {
	switch {
	case n.mode == ndaModeForm && n.dlg != nil:
		return n.dlg.View()
	case n.mode == ndaModeForm && n.form != nil:
		return n.form.View()
	}
	T, st := n.sh.T, n.sh.Styles
	lines := []string{st.Title.Render(ui.Fit(" "+T("tui.nda.title", ui.OneLine(n.eng.Code), ui.OneLine(n.eng.Name)), n.w))}
	if !n.ready {
		if n.loadErr != "" {
			lines = append(lines, st.Error.Render(ui.Clip(" ! "+n.loadErr, n.w)))
		} else {
			lines = append(lines, st.Dim.Render(" "+T("tui.loading")))
		}
		return ui.JoinLines(lines)
	}
	switch n.mode {
	case ndaModeBusy:
		return ui.JoinLines(append(lines, n.busyLines()...))
	case ndaModeResult:
		return ui.JoinLines(lines) + "\n" + n.resVP.View()
	}
	state, blocks := contract.NDAState(n.data.C.VendorNDASigned, n.data.People)
	vendor := n.eng.Vendor.Name
	if strings.TrimSpace(vendor) == "" {
		vendor = T("tui.panel.no_vendor")
	}
	pl := " " + T("tui.screening.state") + ui.StateStyle(st, state).Render("["+T(state.Key())+"]") + "  " + T("tui.nda.people", len(n.data.People))
	if c := n.withoutNDA(); c > 0 {
		pl += "  " + st.Stop.Render(T("tui.screening.summary_no_nda", c))
	}
	lines = append(lines, ui.Clip(pl, n.w))
	vl := " " + T("tui.nda.vendor", ui.OneLine(vendor)) + " "
	if n.data.C.VendorNDASigned == "" {
		vl += st.Stop.Render(T("tui.nda.vendor_none"))
	} else {
		vl += st.Done.Render(T("tui.nda.vendor_signed", string(n.data.C.VendorNDASigned)))
	}
	lines = append(lines, ui.Clip(vl, n.w))
	lines = append(lines, st.Dim.Render(ui.Clip(" "+T("tui.nda.clause", T("err.clause", string(contract.ClauseNDA))), n.w)))
	lines = append(lines, n.peopleLines(blocks)...)
	return ui.JoinLines(lines)
}

// peopleLines are the register with each person's NDA, and what blocks the
// step.
func (n *ndaScreen) peopleLines(blocks []model.Block) []string {
	T, st := n.sh.T, n.sh.Styles
	ndaW := max(ui.CellWidth(T("tui.screening.col.nda")), ui.CellWidth(T("tui.screening.no_nda")), len(model.DateLayout))
	rest := max(n.w-2-ndaW-2, 16)
	nameW := rest * 2 / 5
	roleW := rest - nameW
	var out []string
	out = append(out, st.Header.Render(ui.Fit("  "+ui.Fit(T("tui.screening.col.name"), nameW)+" "+ui.Fit(T("tui.screening.col.role"), roleW)+" "+
		ui.Fit(T("tui.screening.col.nda"), ndaW), n.w)))
	room := n.h - 4 - 1
	if len(n.data.People) == 0 {
		out = append(out, "")
		out = append(out, ui.Wrap(T("tui.nda.no_people"), n.w, "  ", "  ")...)
	} else {
		bl := 0
		if len(blocks) > 0 {
			bl = min(len(blocks)+1, 4)
		}
		listN := min(len(n.data.People), max(room-1-bl, 3))
		if n.cursor < n.offset {
			n.offset = n.cursor
		}
		if n.cursor >= n.offset+listN {
			n.offset = n.cursor - listN + 1
		}
		n.offset = max(min(n.offset, len(n.data.People)-listN), 0)
		for i := n.offset; i < n.offset+listN && i < len(n.data.People); i++ {
			p := &n.data.People[i]
			sel := i == n.cursor
			mark := "  "
			if sel {
				mark = "> "
			}
			row := mark + ui.Fit(ui.OneLine(p.Name), nameW) + " " + ui.Fit(ui.OneLine(p.Role), roleW) + " "
			nda := ui.Fit(string(p.NDASigned), ndaW)
			if !p.HasNDA() {
				nda = ui.Fit(T("tui.screening.no_nda"), ndaW)
			}
			switch {
			case sel:
				out = append(out, st.Selected.Render(ui.Fit(row+nda, n.w)))
			case !p.HasNDA():
				out = append(out, row+st.Stop.Render(nda))
			default:
				out = append(out, row+nda)
			}
		}
		if len(n.data.People) > listN {
			out = append(out, st.Dim.Render(ui.Clip("  "+T("tui.screening.rows", n.offset+1, min(n.offset+listN, len(n.data.People)), len(n.data.People)), n.w)))
		}
	}
	left := room + 1 - len(out)
	if len(blocks) == 0 || left < 2 {
		return out
	}
	bl := []string{st.Stop.Render(ui.Clip(" "+T("tui.screening.blocks", len(blocks)), n.w))}
	for _, b := range blocks {
		text := T(b.Key, b.Args...)
		if b.Clause != "" {
			text += " (" + T("err.clause", string(b.Clause)) + ")"
		}
		bl = append(bl, ui.Clip("  ! "+text, n.w))
	}
	if len(bl) > left {
		bl = bl[:left]
		bl[left-1] = st.Dim.Render(ui.Clip("  "+T("tui.screening.more", len(blocks)), n.w))
	}
	return append(out, bl...)
}

// newVendorNDAForm records when the vendor signed the NDA; empty: not
// signed.
func newVendorNDAForm(n *ndaScreen) *contractpage.Form {
	T := n.sh.T
	old := n.data.C.VendorNDASigned
	v := string(old) // a past event: not today unless typed
	about := []string{T("tui.nda.form.vendor_about", ui.OneLine(n.eng.Vendor.Name), T("err.clause", string(contract.ClauseNDA)))}
	build := func() *huh.Form {
		return huh.NewForm(huh.NewGroup(
			huh.NewInput().Key("date").Title(T("field.contract.vendor_nda_signed")).Description(T("tui.nda.form.date_hint")).
				Value(&v).Validate(contractpage.PastDateCheck(n.sh, "field.contract.vendor_nda_signed", true)),
		))
	}
	write := func() (contractpage.Write, error, bool) {
		d := contractpage.DateValue(v)
		if d == old {
			return contractpage.Write{}, nil, true
		}
		return contractpage.Write{Kind: contractpage.WriteVendorNDA, VendorNDA: d}, nil, false
	}
	return contractpage.NewForm(n.sh, n.w, n.h, T("tui.nda.form.vendor_title"), about, build, write)
}

// newPersonNDAForm records when a person signed their NDA; empty: not
// signed. The rest of the person stays as registered.
func newPersonNDAForm(n *ndaScreen, p screening.Person) *contractpage.Form {
	T := n.sh.T
	v := string(p.NDASigned) // a past event: not today unless typed
	about := []string{T("tui.nda.form.person_about", ui.OneLine(p.Name), orUnset(T, p.Role), T("err.clause", string(contract.ClauseNDA)))}
	build := func() *huh.Form {
		return huh.NewForm(huh.NewGroup(
			huh.NewInput().Key("date").Title(T("field.person.nda_signed")).Description(T("tui.nda.form.date_hint")).
				Value(&v).Validate(contractpage.PastDateCheck(n.sh, "field.person.nda_signed", true)),
		))
	}
	write := func() (contractpage.Write, error, bool) {
		d := contractpage.DateValue(v)
		if d == p.NDASigned {
			return contractpage.Write{}, nil, true
		}
		q := p
		q.NDASigned = d
		w := contractpage.Write{Kind: contractpage.WritePersonNDA, Person: q}
		if ve := q.Validate(); ve != nil {
			return w, ve, false
		}
		return w, nil, false
	}
	return contractpage.NewForm(n.sh, n.w, n.h, T("tui.nda.form.person_title", ui.OneLine(p.Name)), about, build, write)
}

// orUnset is s on one line, or "not given".
func orUnset(T func(string, ...any) string, s string) string {
	if strings.TrimSpace(s) == "" {
		return T("tui.panel.unset")
	}
	return ui.OneLine(s)
}
