package exit

import (
	"context"
	"sync"

	tea "charm.land/bubbletea/v2"

	"outsec/internal/handover"
	"outsec/model"
	xm "outsec/model/exit"
	"outsec/store"
	"outsec/tui/ui"
)

// The data of the exit page (GB/T 32926—2016 8.2): the store calls, the
// folder jobs with their progress, and their results, addressed to the page
// that asked.

type (
	// LoadedMsg is the exit as read for the page of to.
	LoadedMsg struct {
		to   ui.PageKey
		Eng  model.Engagement
		View store.ExitView
		Err  error
	}
	// SavedMsg is the result of one write, with the exit read back.
	SavedMsg struct {
		to      ui.PageKey
		w       Write
		View    store.ExitView
		LoadErr error
		Err     error
		// For a folder: how many items were added, or the receiving
		// check's result.
		Added  int
		Result handover.Result
	}
	// progressMsg is how far a folder job is.
	progressMsg struct {
		to          ui.PageKey
		done, total int
		ch          <-chan tea.Msg
	}
)

func (m LoadedMsg) Recipient() ui.PageKey   { return m.to }
func (m SavedMsg) Recipient() ui.PageKey    { return m.to }
func (SavedMsg) EndsWrite() bool            { return true }
func (m progressMsg) Recipient() ui.PageKey { return m.to }

type writeKind int

const (
	writeStart writeKind = iota
	writeUpdate
	writeCheck
	writeDispose
	writeFolder
	writeReceive
)

// Write is one store action of the exit page.
type Write struct {
	kind  writeKind
	exit  xm.Exit
	check xm.Check
	ids   []int64
	disp  xm.Disposal
	dir   string
	typ   xm.ItemType
	sens  bool
}

func load(sh *ui.Context, to ui.PageKey) tea.Cmd {
	st, ctx := sh.Store, sh.Ctx
	return func() tea.Msg {
		v, err := st.Exit(ctx, to.Engagement)
		return LoadedMsg{to: to, Eng: v.Engagement, View: v, Err: err}
	}
}

// save runs one action as the current operator and reads the exit back.
// A folder job reports its progress through a channel, read by chained
// commands, and ends with its SavedMsg.
func save(sh *ui.Context, to ui.PageKey, w Write) tea.Cmd {
	st, ctx, op, engID := sh.Store, sh.Ctx, sh.Operator, to.Engagement
	sh.Writing()
	if w.kind == writeFolder || w.kind == writeReceive {
		ch := make(chan tea.Msg, 16)
		go runFolder(ctx, st, op, to, w, ch)
		return wait(ch)
	}
	return func() tea.Msg {
		var err error
		switch w.kind {
		case writeStart:
			x := w.exit
			err = st.StartExit(ctx, op, engID, &x)
		case writeUpdate:
			x := w.exit
			err = st.UpdateExit(ctx, op, engID, &x)
		case writeCheck:
			err = st.SetExitCheck(ctx, op, engID, w.check)
		case writeDispose:
			err = st.DisposeExitItems(ctx, op, engID, w.ids, w.disp)
		}
		v, lerr := st.Exit(ctx, engID)
		return SavedMsg{to: to, w: w, View: v, LoadErr: lerr, Err: err}
	}
}

func wait(ch <-chan tea.Msg) tea.Cmd {
	return func() tea.Msg {
		m, ok := <-ch
		if !ok {
			return nil
		}
		if p, isP := m.(progressMsg); isP {
			p.ch = ch
			return p
		}
		return m
	}
}

// runFolder reads the folder (every file's digests, in bounded memory) and
// adds its files as items in one transaction, or checks the inventory
// against it (seed 001 9.2.1 a)–b)).
func runFolder(ctx context.Context, st *store.Store, op store.Operator, to ui.PageKey, w Write, ch chan<- tea.Msg) {
	defer close(ch)
	last := -1
	progress := func(done, total int) {
		// A step per percent at most: the screen need not see every file.
		pct := done * 100 / max(total, 1)
		if pct == last && done != total {
			return
		}
		last = pct
		select {
		case ch <- progressMsg{to: to, done: done, total: total}:
		default:
		}
	}
	res := SavedMsg{to: to, w: w}
	switch w.kind {
	case writeFolder:
		items, err := handover.Items(ctx, w.dir, w.typ, w.sens, lockedProgress(progress))
		if err == nil && len(items) == 0 {
			err = errEmptyFolder
		}
		if err == nil {
			err = st.AddExitItems(ctx, op, to.Engagement, items)
			res.Added = len(items)
		}
		res.Err = err
	case writeReceive:
		v, err := st.Exit(ctx, to.Engagement)
		if err == nil {
			res.Result, err = handover.Check(ctx, w.dir, v.Items, lockedProgress(progress))
		}
		if err == nil && len(res.Result.States) == 0 {
			err = errNothingToCheck
		}
		if err == nil {
			err = st.RecordReceipt(ctx, op, to.Engagement, res.Result.States)
		}
		res.Err = err
	}
	res.View, res.LoadErr = st.Exit(ctx, to.Engagement)
	ch <- res
}

type pageError string

func (e pageError) Error() string { return string(e) }

const (
	errEmptyFolder    pageError = "tui.exit.err.empty_folder"
	errNothingToCheck pageError = "tui.exit.err.nothing_to_check"
)

// lockedProgress lets the digest workers report one at a time.
func lockedProgress(f handover.Progress) handover.Progress {
	var mu sync.Mutex
	return func(done, total int) {
		mu.Lock()
		defer mu.Unlock()
		f(done, total)
	}
}
