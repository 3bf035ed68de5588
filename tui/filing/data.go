package filing

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"outsec/model"
	"outsec/model/filing"
	"outsec/store"
	"outsec/tui/ui"
)

// Data is what the filing page shows.
type Data struct {
	Eng      model.Engagement
	Versions []filing.Version
	// Now is the snapshot the data give now; Diff its difference from the
	// latest version (6.5 b)).
	Now     filing.Snapshot
	Diff    []filing.Difference
	Step    model.StepStatus
	Prereq  []model.Block
	DueDays int
	Due     model.Date
}

type (
	loadedMsg struct {
		to   ui.PageKey
		Data Data
		Err  error
	}
	savedMsg struct {
		to      ui.PageKey
		w       write
		Data    Data
		LoadErr error
		Err     error
		Version filing.Version
	}
)

func (m loadedMsg) Recipient() ui.PageKey { return m.to }
func (m savedMsg) Recipient() ui.PageKey  { return m.to }
func (savedMsg) EndsWrite() bool          { return true }

type writeKind int

const (
	writeDraft writeKind = iota
	writeStatus
	writeContent
	writeDueDays
)

type write struct {
	kind      writeKind
	authority string
	other     []filing.KV
	versionID int64
	version   int
	status    filing.Status
	submitted model.Date
	number    string
	content   string
	days      int
}

func read(st *store.Store, ctx context.Context, id int64) (Data, error) {
	var d Data
	var err error
	if d.Eng, err = st.Engagement(ctx, id); err != nil {
		return d, err
	}
	if d.Versions, err = st.Filings(ctx, id); err != nil {
		return d, err
	}
	if d.Now, err = st.CurrentFiling(ctx, id); err != nil {
		return d, err
	}
	if len(d.Versions) > 0 {
		d.Diff = filing.Diff(&d.Versions[len(d.Versions)-1].Snapshot, &d.Now)
	}
	f, err := st.EngagementFacts(ctx, id)
	if err != nil {
		return d, err
	}
	d.Prereq = filing.Prerequisites(f)
	for _, s := range model.Lifecycle(&d.Eng, f) {
		if s.ID == model.StepFiling {
			d.Step = s
		}
	}
	if d.DueDays, err = st.FilingDueDays(ctx); err != nil {
		return d, err
	}
	c, err := st.Contract(ctx, id)
	if err != nil {
		return d, err
	}
	sc, err := st.Screening(ctx, id)
	if err != nil {
		return d, err
	}
	if f.States[model.StepNDA] == model.Done {
		last := c.VendorNDASigned
		for _, p := range sc.People {
			if last.Before(p.NDASigned) {
				last = p.NDASigned
			}
		}
		d.Due = filing.Due(c.Signing.Date, last, d.DueDays)
	}
	return d, nil
}

func load(sh *ui.Context, to ui.PageKey) tea.Cmd {
	st, ctx := sh.Store, sh.Ctx
	return func() tea.Msg {
		d, err := read(st, ctx, to.Engagement)
		return loadedMsg{to: to, Data: d, Err: err}
	}
}

func save(sh *ui.Context, to ui.PageKey, w write) tea.Cmd {
	st, ctx, op, id := sh.Store, sh.Ctx, sh.Operator, to.Engagement
	sh.Writing()
	return func() tea.Msg {
		var err error
		var v filing.Version
		switch w.kind {
		case writeDraft:
			v, err = st.DraftFiling(ctx, op, id, w.authority, w.other)
		case writeStatus:
			err = st.SetFilingStatus(ctx, op, w.versionID, w.status, w.submitted, w.number)
		case writeContent:
			err = st.SetServiceContent(ctx, op, id, w.content)
		case writeDueDays:
			err = st.SetFilingDueDays(ctx, op, w.days)
		}
		d, lerr := read(st, ctx, id)
		return savedMsg{to: to, w: w, Data: d, LoadErr: lerr, Err: err, Version: v}
	}
}
