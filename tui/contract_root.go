package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"outsec/i18n"
	"outsec/model"
	"outsec/model/contract"
	"outsec/model/screening"
	"outsec/templates"
)

// The contract security clauses (GB/T 32926—2016 6.2; cloud: seed 001 6.6)
// and the NDAs (6.4) as the root sees them: the keys, the store calls and
// their results, opening the screens from the dashboard. The screens are
// contract.go and nda.go.

// contractKeyMap is the keys of the contract and NDA screens, part of the
// one KeyMap (KeyMap.Contract). Moving, going back and the help are the
// KeyMap's own.
type contractKeyMap struct {
	Open    key.Binding // c on the dashboard: the contract review
	OpenNDA key.Binding // N on the dashboard and the contract screen: the NDAs

	Cycle   key.Binding // space: next finding of the selected item
	Set     key.Binding // 1–4, 0: a finding at once (help only; the digits below match)
	Edit    key.Binding // enter: finding, article and note
	Header  key.Binding // t: title, version, date, reviewer
	Gaps    key.Binding // f: open gaps only
	Factor  key.Binding // c: record a change of the security factors (6.2.1 b))
	Factors key.Binding // F: the factor changes recorded, to delete one recorded by mistake
	Delete  key.Binding // d: delete the selected factor change
	Params  key.Binding // m: parameters of the drafted annex and SLA
	Docs    key.Binding // p: the documents (review table, annex)
	Vendor  key.Binding // v: the vendor's NDA date
	PersonD key.Binding // enter: a person's NDA date
	Batch   key.Binding // x: every person's NDA, generated at once
}

func defaultContractKeys(cat *i18n.Catalog) contractKeyMap {
	b := func(keys []string, label, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(label, desc))
	}
	return contractKeyMap{
		Open:    b([]string{"c"}, "c", cat.T("tui.contract.help.open")),
		OpenNDA: b([]string{"N"}, "N", cat.T("tui.nda.help.open")),
		Cycle:   b([]string{"space"}, cat.T("tui.contract.key.space"), cat.T("tui.contract.help.cycle")),
		Set:     b([]string{"1", "2", "3", "4", "0"}, "1-4 0", cat.T("tui.contract.help.set")),
		Edit:    b([]string{"enter", "e"}, cat.T("tui.key.enter"), cat.T("tui.contract.help.edit")),
		Header:  b([]string{"t"}, "t", cat.T("tui.contract.help.header")),
		Gaps:    b([]string{"f"}, "f", cat.T("tui.contract.help.gaps")),
		Factor:  b([]string{"c"}, "c", cat.T("tui.contract.help.factor")),
		Factors: b([]string{"F"}, "F", cat.T("tui.contract.help.factors")),
		Delete:  b([]string{"d"}, "d", cat.T("tui.contract.help.delete")),
		Params:  b([]string{"m"}, "m", cat.T("tui.contract.help.params")),
		Docs:    b([]string{"p"}, "p", cat.T("tui.contract.help.docs")),
		Vendor:  b([]string{"v"}, "v", cat.T("tui.nda.help.vendor")),
		PersonD: b([]string{"enter", "e"}, cat.T("tui.key.enter"), cat.T("tui.nda.help.person")),
		Batch:   b([]string{"x"}, "x", cat.T("tui.nda.help.batch")),
	}
}

// statusKeys are the digits that set a finding at once.
var statusKeys = map[string]contract.Status{
	"1": contract.Present, "2": contract.Partial, "3": contract.Missing, "4": contract.NA, "0": contract.Unassessed,
}

// contractResult is a result of the contract and NDA screens' commands. They
// reach the root whatever screen is shown.
type contractResult interface{ contractEngagement() int64 }

// contractData is what both screens show: the contract record and the
// people register.
type contractData struct {
	c      contract.Contract
	people []screening.Person
}

type (
	contractLoadedMsg struct {
		engID int64
		data  contractData
		err   error
	}
	contractSavedMsg struct {
		engID   int64
		w       contractWrite
		data    contractData
		loadErr error
		err     error
	}
)

func (m contractLoadedMsg) contractEngagement() int64 { return m.engID }
func (m contractSavedMsg) contractEngagement() int64  { return m.engID }

// contractWriteKind is one of the screens' store actions.
type contractWriteKind int

const (
	writeReview contractWriteKind = iota
	writeAssessment
	writeParams
	writeFactor
	writeDeleteFactor
	writeVendorNDA
	writePersonNDA
)

// contractWrite is one store action of the contract and NDA screens.
type contractWrite struct {
	kind      contractWriteKind
	review    contract.Review
	assess    contract.Assessment
	params    map[string]string
	factor    contract.FactorChange
	vendorNDA model.Date
	person    screening.Person
}

func loadContractData(sh *shared, engID int64) (contractData, error) {
	c, err := sh.st.Contract(sh.ctx, engID)
	if err != nil {
		return contractData{}, err
	}
	sc, err := sh.st.Screening(sh.ctx, engID)
	if err != nil {
		return contractData{}, err
	}
	return contractData{c: c, people: sc.People}, nil
}

func loadContractCmd(sh *shared, engID int64) tea.Cmd {
	return func() tea.Msg {
		d, err := loadContractData(sh, engID)
		return contractLoadedMsg{engID: engID, data: d, err: err}
	}
}

// saveContractCmd runs one action and reads the record back, so that the
// screen shows what the store holds.
func saveContractCmd(sh *shared, engID int64, w contractWrite) tea.Cmd {
	st, ctx, op := sh.st, sh.ctx, sh.op
	sh.writes++
	return func() tea.Msg {
		var err error
		switch w.kind {
		case writeReview:
			err = st.SaveContractReview(ctx, op, engID, w.review)
		case writeAssessment:
			err = st.SaveContractAssessment(ctx, op, engID, w.assess)
		case writeParams:
			err = st.SaveContractParams(ctx, op, engID, w.params)
		case writeFactor:
			f := w.factor
			err = st.RecordFactorChange(ctx, op, engID, &f)
		case writeDeleteFactor:
			err = st.DeleteFactorChange(ctx, op, w.factor.ID)
		case writeVendorNDA:
			err = st.SetVendorNDASigned(ctx, op, engID, w.vendorNDA)
		case writePersonNDA:
			p := w.person
			err = st.UpdatePerson(ctx, op, &p)
		}
		d, lerr := loadContractData(sh, engID)
		return contractSavedMsg{engID: engID, w: w, data: d, loadErr: lerr, err: err}
	}
}

// openContract shows the contract review of e; the screen of the engagement
// last shown is kept with its selection and filter.
func (m *Model) openContract(e model.Engagement) tea.Cmd {
	if m.ctr == nil || m.ctr.eng.ID != e.ID {
		m.ctr = newContractScreen(m.sh, e, m.w, m.bodyHeight())
	}
	m.ctr.eng = e
	m.show(screenContract, focusContract)
	m.setStatus("")
	return loadContractCmd(m.sh, e.ID)
}

// openNDA shows the NDAs of e.
func (m *Model) openNDA(e model.Engagement) tea.Cmd {
	if m.nda == nil || m.nda.eng.ID != e.ID {
		m.nda = newNDAScreen(m.sh, e, m.w, m.bodyHeight())
	}
	n := m.nda
	n.eng = e
	n.tool = "outsec " + m.version
	n.retScreen, n.retFocus = m.screen, m.focus
	if n.retScreen == screenNDA {
		n.retScreen, n.retFocus = screenDashboard, focusList
	}
	m.show(screenNDA, focusNDA)
	m.setStatus("")
	return loadContractCmd(m.sh, e.ID)
}

// contractKey is a key press on the contract screen.
func (m *Model) contractKey(msg tea.KeyPressMsg) tea.Cmd {
	c := m.ctr
	if c == nil {
		m.toDashboard()
		return nil
	}
	if c.open() {
		return m.afterContract(c.formMsg(msg))
	}
	k := m.sh.keys
	switch {
	case key.Matches(msg, k.Quit):
		return m.quit()
	case key.Matches(msg, k.Help):
		m.openHelp()
		return nil
	case key.Matches(msg, k.Contract.Docs):
		cmd := m.openDocs(c.eng, false)
		m.pointDocsAt(templates.ContractReview)
		return cmd
	case key.Matches(msg, k.Contract.OpenNDA):
		return m.openNDA(c.eng)
	case key.Matches(msg, k.Back) && !c.factors:
		m.toDashboard()
		// The lifecycle panel shows what the contract now reports.
		return loadEngagements(m.sh, c.eng.ID)
	}
	return m.afterContract(c.handleKey(msg))
}

// pointDocsAt selects a document on the documents screen's list.
func (m *Model) pointDocsAt(kind templates.Kind) {
	if m.docs == nil || m.docs.mode != docModeList {
		return
	}
	for i, k := range templates.Kinds {
		if k == kind {
			m.docs.cursor = i
		}
	}
}

// contractUpdate hands the contract screen's form a message that is not a
// key press.
func (m *Model) contractUpdate(msg tea.Msg) tea.Cmd {
	if m.ctr == nil || !m.ctr.open() {
		return nil
	}
	return m.afterContract(m.ctr.formMsg(msg))
}

func (m *Model) afterContract(cmd tea.Cmd) tea.Cmd {
	if c := m.ctr; c != nil && c.status != "" {
		m.status, m.statusErr = c.status, c.statusErr
		c.status = ""
	}
	return cmd
}

// ndaKey is a key press on the NDA screen.
func (m *Model) ndaKey(msg tea.KeyPressMsg) tea.Cmd {
	n := m.nda
	if n == nil {
		m.toDashboard()
		return nil
	}
	if n.typing() {
		return m.afterNDA(n.formMsg(msg))
	}
	k := m.sh.keys
	switch {
	case msg.String() == "ctrl+c", key.Matches(msg, k.Quit) && !n.busy():
		return m.quit()
	case n.busy():
		return nil
	case key.Matches(msg, k.Help):
		m.openHelp()
		return nil
	case key.Matches(msg, k.Contract.Docs) && n.mode == ndaModeList:
		cmd := m.openDocs(n.eng, false)
		m.pointDocsAt(templates.NDAVendor)
		return cmd
	}
	cmd, leave := n.handleKey(msg)
	if leave {
		m.show(n.retScreen, n.retFocus)
		if n.retScreen == screenDashboard {
			m.toDashboard()
			return tea.Batch(cmd, loadEngagements(m.sh, n.eng.ID))
		}
		if n.retScreen == screenContract && m.ctr != nil {
			return tea.Batch(cmd, loadContractCmd(m.sh, m.ctr.eng.ID))
		}
	}
	return m.afterNDA(cmd)
}

// ndaUpdate hands the NDA screen a message that is not a key press.
func (m *Model) ndaUpdate(msg tea.Msg) tea.Cmd {
	if m.nda == nil {
		return nil
	}
	return m.afterNDA(m.nda.formMsg(msg))
}

func (m *Model) afterNDA(cmd tea.Cmd) tea.Cmd {
	if n := m.nda; n != nil && n.status != "" {
		m.status, m.statusErr = n.status, n.statusErr
		n.status = ""
	}
	return cmd
}

// onContractResult takes a result of the contract and NDA screens' commands,
// wherever the user is.
func (m *Model) onContractResult(msg contractResult) tea.Cmd {
	switch msg := msg.(type) {
	case contractLoadedMsg:
		if msg.err != nil {
			m.setError(msg.err)
		}
		if c := m.ctr; c != nil && c.eng.ID == msg.engID {
			c.loaded(msg.data, msg.err)
		}
		if n := m.nda; n != nil && n.eng.ID == msg.engID {
			n.loaded(msg.data, msg.err)
		}
		return nil
	case contractSavedMsg:
		var cmds []tea.Cmd
		if c := m.ctr; c != nil && c.eng.ID == msg.engID {
			cmds = append(cmds, c.saved(msg))
		}
		if n := m.nda; n != nil && n.eng.ID == msg.engID {
			cmds = append(cmds, n.saved(msg))
		}
		switch {
		case msg.err != nil:
			m.setError(msg.err)
		case msg.loadErr != nil:
			m.setError(msg.loadErr)
		default:
			m.setStatus(m.contractStatus(msg.w))
		}
		return m.done(tea.Batch(cmds...))
	case ndaBatchMsg:
		var cmd tea.Cmd
		if n := m.nda; n != nil && n.eng.ID == msg.engID {
			cmd = m.afterNDA(n.onBatch(msg))
		}
		if msg.final {
			return m.done(cmd)
		}
		return cmd
	}
	return nil
}

// contractStatus is the status line after a write.
func (m *Model) contractStatus(w contractWrite) string {
	T := m.sh.T
	switch w.kind {
	case writeReview:
		return T("tui.contract.status.review")
	case writeAssessment:
		it, _ := contract.ByID(w.assess.ItemID)
		return T("tui.contract.status.assessed", it.Label(), T(w.assess.Status.Key()))
	case writeParams:
		return T("tui.contract.status.params", len(w.params))
	case writeFactor:
		return T("tui.contract.status.factor", string(w.factor.Date))
	case writeDeleteFactor:
		return T("tui.contract.status.factor_deleted", string(w.factor.Date))
	case writeVendorNDA:
		if w.vendorNDA == "" {
			return T("tui.nda.status.vendor_none")
		}
		return T("tui.nda.status.vendor", string(w.vendorNDA))
	case writePersonNDA:
		if w.person.NDASigned == "" {
			return T("tui.nda.status.person_none", oneLine(w.person.Name))
		}
		return T("tui.nda.status.person", oneLine(w.person.Name), string(w.person.NDASigned))
	}
	return ""
}

// contractHelpView is the help of the contract and NDA screens: their keys
// and the marks of the findings.
func contractHelpView(sh *shared, version string, w, h int) string {
	T, s, k := sh.T, sh.styles, sh.keys
	ck := k.Contract
	lines := []string{s.Title.Render(fit(" "+T("tui.contract.helpscreen.title", version), w))}
	lines = append(lines, wrap(T("tui.contract.helpscreen.about"), w, " ", " ")...)
	sections := []helpSection{
		{"tui.contract.helpscreen.contract", []helpEntry{entry(k.Up, k.Down), entry(ck.Cycle), entry(ck.Set), entry(ck.Edit),
			entry(ck.Gaps), entry(ck.Header), entry(ck.Factor, ck.Factors), entry(ck.Params), entry(ck.Docs), entry(ck.OpenNDA), entry(k.Back)}},
		{"tui.contract.helpscreen.nda", []helpEntry{entry(ck.PersonD), entry(ck.Vendor), entry(ck.Batch), entry(ck.Docs), entry(k.Back)}},
	}
	var marks []helpEntry
	for i, st := range []contract.Status{contract.Present, contract.Partial, contract.Missing, contract.NA, contract.Unassessed} {
		marks = append(marks, helpEntry{itoa((i+1)%5) + " " + statusMark(st), T(st.Key())})
	}
	sections = append(sections, helpSection{"tui.contract.helpscreen.marks", marks})
	var blocks [][]string
	colW := w
	if w >= 80 {
		colW = (w - 1) / 2
	}
	for _, sec := range sections {
		b := []string{s.HelpTitle.Render(clip(" "+T(sec.titleKey), colW))}
		for _, e := range sec.entries {
			b = append(b, clip("  "+s.Bold.Render(fit(e.key, 10))+" "+e.desc, colW))
		}
		blocks = append(blocks, b)
	}
	if colW == w {
		for _, b := range blocks {
			lines = append(lines, b...)
		}
	} else {
		left, right := blocks[0], append(blocks[1], blocks[2]...)
		for i := 0; i < max(len(left), len(right)); i++ {
			l, r := "", ""
			if i < len(left) {
				l = left[i]
			}
			if i < len(right) {
				r = right[i]
			}
			lines = append(lines, padCells(l, colW)+" "+r)
		}
	}
	if len(lines) > h {
		lines = lines[:h]
	}
	return joinLines(lines)
}
