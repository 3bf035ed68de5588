package findings

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"outsec/model"
	"outsec/model/findings"
	"outsec/store"
	"outsec/tui/ui"
)

// The data of the findings page (GB/T 32926—2016 8.1): the store calls and
// their results, addressed to the page that asked.

// Data is what the page shows: the register, the evidence of each finding,
// the incidents (to name the source of their measures) and today.
type Data struct {
	Findings  []findings.Finding
	Evidence  map[int64][]store.Evidence
	Incidents []findings.Incident
	Today     model.Date
}

type (
	// LoadedMsg is the register as read for the page of to.
	LoadedMsg struct {
		to   ui.PageKey
		Eng  model.Engagement
		Data Data
		Err  error
	}
	// SavedMsg is the result of one write, with the register read back.
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

type writeKind int

const (
	writeAdd writeKind = iota
	writeUpdate
	writeMove
	writeClose
	writeEvidenceFile
	writeEvidenceNote
	writeNotice
)

// Write is one store action of the findings page.
type Write struct {
	kind  writeKind
	f     findings.Finding
	to    findings.State
	note  string
	on    model.Date
	path  string
	title string
	// The rectification notice (writeNotice): its date, deadline, number.
	noticeDate, noticeDeadline model.Date
	noticeDoc                  string
}

func readData(st *store.Store, ctx context.Context, engID int64) (Data, error) {
	fs, err := st.Findings(ctx, engID)
	if err != nil {
		return Data{}, err
	}
	ev, err := st.EvidenceByOwner(ctx, engID, store.OwnerFinding)
	if err != nil {
		return Data{}, err
	}
	inc, err := st.Incidents(ctx, engID)
	if err != nil {
		return Data{}, err
	}
	return Data{Findings: fs, Evidence: ev, Incidents: inc, Today: model.Date(st.Now().Format(model.DateLayout))}, nil
}

// load reads the engagement and its register for the page of to.
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

// save runs one action as the current operator and reads the register
// back.
func save(sh *ui.Context, to ui.PageKey, w Write) tea.Cmd {
	st, ctx, op, engID := sh.Store, sh.Ctx, sh.Operator, to.Engagement
	sh.Writing()
	return func() tea.Msg {
		var err error
		switch w.kind {
		case writeAdd:
			f := w.f
			err = st.AddFinding(ctx, op, engID, &f)
			w.f = f
		case writeUpdate:
			f := w.f
			err = st.UpdateFinding(ctx, op, engID, &f)
		case writeMove:
			err = st.MoveFinding(ctx, op, engID, w.f.ID, w.to, w.note)
		case writeNotice:
			err = st.SendNotice(ctx, op, engID, w.f.ID, w.noticeDate, w.noticeDeadline, w.noticeDoc, w.note)
		case writeClose:
			err = st.CloseFinding(ctx, op, engID, w.f.ID, w.on, w.note)
		case writeEvidenceFile:
			_, err = st.AddEvidenceFile(ctx, op, engID, w.path, store.Owner{Kind: store.OwnerFinding, ID: w.f.ID})
		case writeEvidenceNote:
			_, err = st.AddEvidenceNote(ctx, op, engID, w.title, w.note, store.Owner{Kind: store.OwnerFinding, ID: w.f.ID})
		}
		d, lerr := readData(st, ctx, engID)
		return SavedMsg{to: to, w: w, Data: d, LoadErr: lerr, Err: err}
	}
}

// status is the status line after a write that went through.
func status(T func(string, ...any) string, w Write) string {
	switch w.kind {
	case writeAdd:
		return T("tui.findings.status.added", w.f.ID)
	case writeUpdate:
		return T("tui.findings.status.updated", w.f.ID)
	case writeMove, writeNotice:
		return T("tui.findings.status.moved", w.f.ID, T(w.to.Key()))
	case writeClose:
		return T("tui.findings.status.closed", w.f.ID)
	case writeEvidenceFile, writeEvidenceNote:
		return T("tui.findings.status.evidence", w.f.ID)
	}
	return ""
}
