package contract

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"outsec/model"
	"outsec/model/contract"
	"outsec/model/screening"
	"outsec/store"
	"outsec/tui/ui"
)

// The data of the contract security clauses (GB/T 32926—2016 6.2; cloud:
// seed 001 6.6) and the NDAs (6.4): the store calls and their results,
// addressed to the page that asked. The contract page is contract.go; the
// NDA page (package nda) shows the same data.

// statusKeys are the digits that set a finding at once.
var statusKeys = map[string]contract.Status{
	"1": contract.Present, "2": contract.Partial, "3": contract.Missing, "4": contract.NA, "0": contract.Unassessed,
}

// Data is what both screens show: the contract record and the
// people register.
type Data struct {
	C      contract.Contract
	People []screening.Person
}

// The results of the contract and NDA pages' store calls, each addressed to
// the page that asked (to: KindContract or KindNDA).
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

// contractWriteKind is one of the screens' store actions.
type contractWriteKind int

const (
	writeReview contractWriteKind = iota
	writeAssessment
	writeParams
	writeFactor
	writeDeleteFactor
	WriteVendorNDA
	WritePersonNDA
	writeAssessments // a whole group at once
)

// Write is one store action of the contract and NDA screens.
type Write struct {
	Kind      contractWriteKind
	review    contract.Review
	assess    contract.Assessment
	assessAll []contract.Assessment
	params    map[string]string
	factor    contract.FactorChange
	VendorNDA model.Date
	Person    screening.Person
}

func readContractData(st *store.Store, ctx context.Context, engID int64) (Data, error) {
	c, err := st.Contract(ctx, engID)
	if err != nil {
		return Data{}, err
	}
	sc, err := st.Screening(ctx, engID)
	if err != nil {
		return Data{}, err
	}
	return Data{C: c, People: sc.People}, nil
}

// Load reads the engagement, its contract record and its people
// for the page of to.
func Load(sh *ui.Context, to ui.PageKey) tea.Cmd {
	st, ctx := sh.Store, sh.Ctx
	return func() tea.Msg {
		e, err := st.Engagement(ctx, to.Engagement)
		if err != nil {
			return LoadedMsg{to: to, Err: err}
		}
		d, err := readContractData(st, ctx, to.Engagement)
		return LoadedMsg{to: to, Eng: e, Data: d, Err: err}
	}
}

// Save runs one action and reads the record back, so that the
// screen shows what the store holds.
func Save(sh *ui.Context, to ui.PageKey, w Write) tea.Cmd {
	st, ctx, op, engID := sh.Store, sh.Ctx, sh.Operator, to.Engagement
	sh.Writing()
	return func() tea.Msg {
		var err error
		switch w.Kind {
		case writeReview:
			err = st.SaveContractReview(ctx, op, engID, w.review)
		case writeAssessment:
			err = st.SaveContractAssessment(ctx, op, engID, w.assess)
		case writeAssessments:
			err = st.SaveContractAssessments(ctx, op, engID, w.assessAll)
		case writeParams:
			err = st.SaveContractParams(ctx, op, engID, w.params)
		case writeFactor:
			f := w.factor
			err = st.RecordFactorChange(ctx, op, engID, &f)
		case writeDeleteFactor:
			err = st.DeleteFactorChange(ctx, op, w.factor.ID)
		case WriteVendorNDA:
			err = st.SetVendorNDASigned(ctx, op, engID, w.VendorNDA)
		case WritePersonNDA:
			p := w.Person
			err = st.UpdatePerson(ctx, op, &p)
		}
		d, lerr := readContractData(st, ctx, engID)
		return SavedMsg{to: to, w: w, Data: d, LoadErr: lerr, Err: err}
	}
}

// contractStatus is the status line after a write.
func contractStatus(T func(string, ...any) string, w Write) string {
	switch w.Kind {
	case writeReview:
		return T("tui.contract.status.review")
	case writeAssessment:
		it, _ := contract.ByID(w.assess.ItemID)
		return T("tui.contract.status.assessed", it.Label(), T(w.assess.Status.Key()))
	case writeAssessments:
		return T("tui.contract.status.group_present", len(w.assessAll))
	case writeParams:
		return T("tui.contract.status.params", len(w.params))
	case writeFactor:
		return T("tui.contract.status.factor", string(w.factor.Date))
	case writeDeleteFactor:
		return T("tui.contract.status.factor_deleted", string(w.factor.Date))
	case WriteVendorNDA:
		if w.VendorNDA == "" {
			return T("tui.nda.status.vendor_none")
		}
		return T("tui.nda.status.vendor", string(w.VendorNDA))
	case WritePersonNDA:
		if w.Person.NDASigned == "" {
			return T("tui.nda.status.person_none", ui.OneLine(w.Person.Name))
		}
		return T("tui.nda.status.person", ui.OneLine(w.Person.Name), string(w.Person.NDASigned))
	}
	return ""
}

// HelpView is the help of the contract and NDA screens: their keys
// and the marks of the findings.
func HelpView(sh *ui.Context, w int) string {
	T, s, k := sh.T, sh.Styles, sh.Keys
	ck := k.Contract
	lines := []string{s.Title.Render(ui.Fit(" "+T("tui.contract.helpscreen.title", sh.Version), w))}
	lines = append(lines, ui.Wrap(T("tui.contract.helpscreen.about"), w, " ", " ")...)
	sections := []ui.HelpSection{
		{TitleKey: "tui.contract.helpscreen.contract", Entries: []ui.HelpEntry{ui.Entry(k.Up, k.Down), ui.Entry(ck.Cycle), ui.Entry(ck.Set), ui.Entry(ck.Edit),
			ui.Entry(ck.Gaps), ui.Entry(ck.Header), ui.Entry(ck.Factor, ck.Factors), ui.Entry(ck.Params), ui.Entry(ck.Docs), ui.Entry(ck.OpenNDA), ui.Entry(k.Back)}},
		{TitleKey: "tui.contract.helpscreen.nda", Entries: []ui.HelpEntry{ui.Entry(ck.PersonD), ui.Entry(ck.Vendor), ui.Entry(ck.Batch), ui.Entry(ck.Docs), ui.Entry(k.Back)}},
	}
	var marks []ui.HelpEntry
	for i, st := range []contract.Status{contract.Present, contract.Partial, contract.Missing, contract.NA, contract.Unassessed} {
		marks = append(marks, ui.HelpEntry{Key: ui.Itoa((i+1)%5) + " " + statusMark(st), Desc: T(st.Key())})
	}
	sections = append(sections, ui.HelpSection{TitleKey: "tui.contract.helpscreen.marks", Entries: marks})
	colW, twoCols := ui.HelpColumns(w)
	var blocks [][]string
	for _, sec := range sections {
		blocks = append(blocks, ui.HelpBlock(sh, sec, 10, colW))
	}
	if !twoCols {
		for _, b := range blocks {
			lines = append(lines, b...)
		}
	} else {
		// The contract's keys on the left; the NDAs' and the marks on the right.
		lines = append(lines, ui.SideBySide(blocks[0], append(blocks[1], blocks[2]...), colW)...)
	}
	return ui.JoinLines(lines)
}
