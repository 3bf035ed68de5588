package tui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"outsec/model"
	"outsec/model/contract"
	"outsec/model/screening"
	"outsec/store"
)

// The contract security clauses (GB/T 32926—2016 6.2; cloud: seed 001 6.6)
// and the NDAs (6.4) as the root sees them: the keys, the store calls and
// their results, opening the screens from the dashboard. The screens are
// contract.go and nda.go.

// statusKeys are the digits that set a finding at once.
var statusKeys = map[string]contract.Status{
	"1": contract.Present, "2": contract.Partial, "3": contract.Missing, "4": contract.NA, "0": contract.Unassessed,
}

// contractData is what both screens show: the contract record and the
// people register.
type contractData struct {
	c      contract.Contract
	people []screening.Person
}

// The results of the contract and NDA pages' store calls, each addressed to
// the page that asked (to: KindContract or KindNDA).
type (
	contractLoadedMsg struct {
		to   PageKey
		eng  model.Engagement
		data contractData
		err  error
	}
	contractSavedMsg struct {
		to      PageKey
		w       contractWrite
		data    contractData
		loadErr error
		err     error
	}
)

func (m contractLoadedMsg) Recipient() PageKey { return m.to }
func (m contractSavedMsg) Recipient() PageKey  { return m.to }
func (contractSavedMsg) EndsWrite() bool       { return true }

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

func readContractData(st *store.Store, ctx context.Context, engID int64) (contractData, error) {
	c, err := st.Contract(ctx, engID)
	if err != nil {
		return contractData{}, err
	}
	sc, err := st.Screening(ctx, engID)
	if err != nil {
		return contractData{}, err
	}
	return contractData{c: c, people: sc.People}, nil
}

// loadContractCmd reads the engagement, its contract record and its people
// for the page of to.
func loadContractCmd(sh *shared, to PageKey) tea.Cmd {
	st, ctx := sh.st, sh.ctx
	return func() tea.Msg {
		e, err := st.Engagement(ctx, to.Engagement)
		if err != nil {
			return contractLoadedMsg{to: to, err: err}
		}
		d, err := readContractData(st, ctx, to.Engagement)
		return contractLoadedMsg{to: to, eng: e, data: d, err: err}
	}
}

// saveContractCmd runs one action and reads the record back, so that the
// screen shows what the store holds.
func saveContractCmd(sh *shared, to PageKey, w contractWrite) tea.Cmd {
	st, ctx, op, engID := sh.st, sh.ctx, sh.op, to.Engagement
	sh.writing()
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
		d, lerr := readContractData(st, ctx, engID)
		return contractSavedMsg{to: to, w: w, data: d, loadErr: lerr, err: err}
	}
}

// contractStatus is the status line after a write.
func contractStatus(T func(string, ...any) string, w contractWrite) string {
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
func contractHelpView(sh *shared, w int) string {
	T, s, k := sh.T, sh.styles, sh.keys
	ck := k.Contract
	lines := []string{s.Title.Render(fit(" "+T("tui.contract.helpscreen.title", sh.version), w))}
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
	return joinLines(lines)
}
