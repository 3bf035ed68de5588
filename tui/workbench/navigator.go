package workbench

import (
	tea "charm.land/bubbletea/v2"

	"outsec/tui/ui"
)

// maxPages is how many pages the navigator keeps. Past it, the page shown
// longest ago that is neither current nor on the way back is let go; it is
// made anew, and loads again, when the user comes back to it.
const maxPages = 24

// navigator holds the pages: a registry of makers by kind, the pages made,
// kept by key with their state, the current one and the way back.
type navigator struct {
	sh     *ui.Context
	makers map[ui.Kind]ui.Maker
	// home is the first page, where Back ends: the registry's first kind.
	home ui.PageKey

	pages   map[ui.PageKey]*keptPage
	current ui.PageKey
	shown   bool // a page is current
	// history is the pages the current one was reached from, oldest first;
	// Back returns to the last.
	history []ui.PageKey
	clock   int // counts the navigations, to find the page shown longest ago

	w, h int
}

type keptPage struct {
	page ui.Page
	used int
}

func newNavigator(sh *ui.Context, reg []ui.Registration) *navigator {
	n := &navigator{sh: sh, makers: map[ui.Kind]ui.Maker{}, pages: map[ui.PageKey]*keptPage{}}
	for i, r := range reg {
		n.makers[r.Kind] = r.New
		if i == 0 {
			n.home = ui.PageKey{Kind: r.Kind}
		}
	}
	return n
}

// page is the current page; nil before the first is shown.
func (n *navigator) page() ui.Page {
	if !n.shown {
		return nil
	}
	return n.pages[n.current].page
}

// find is the page kept for key, or nil.
func (n *navigator) find(key ui.PageKey) ui.Page {
	if kp := n.pages[key]; kp != nil {
		return kp.page
	}
	return nil
}

// setSize gives every page kept the body of the window.
func (n *navigator) setSize(w, h int) {
	n.w, n.h = w, h
	for _, kp := range n.pages {
		kp.page.SetSize(w, h)
	}
}

// broadcast hands msg to every page kept (a change of background).
func (n *navigator) broadcast(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	for _, kp := range n.pages {
		cmds = append(cmds, kp.page.Update(msg))
	}
	return tea.Batch(cmds...)
}

// goTo shows the page of msg.Key, made if none is kept. The page left is
// remembered for Back; a page already on the way back is returned to
// instead, so that the way back never loops.
func (n *navigator) goTo(msg ui.GoMsg) tea.Cmd {
	mk := n.makers[msg.Key.Kind]
	if mk == nil {
		return nil
	}
	if n.shown && n.current != msg.Key {
		if i := n.inHistory(msg.Key); i >= 0 {
			n.history = n.history[:i]
		} else {
			n.history = append(n.history, n.current)
		}
	}
	kp := n.keep(msg.Key, mk)
	n.show(msg.Key)
	if o, ok := kp.page.(ui.Opener); ok {
		o.Open(msg.Arg)
	}
	cmd := kp.page.Init()
	if msg.Status != "" {
		n.sh.SetStatus(msg.Status)
	}
	return cmd
}

// back shows the page the current one was reached from, or the home page.
func (n *navigator) back() tea.Cmd {
	to := n.home
	if len(n.history) > 0 {
		to = n.history[len(n.history)-1]
		n.history = n.history[:len(n.history)-1]
	}
	mk := n.makers[to.Kind]
	if mk == nil || (to == n.current && n.shown) {
		return nil
	}
	kp := n.keep(to, mk) // made again if it was let go of
	n.show(to)
	return kp.page.Init()
}

// keep is the page kept for key, made now if there is none.
func (n *navigator) keep(key ui.PageKey, mk ui.Maker) *keptPage {
	kp := n.pages[key]
	if kp == nil {
		p := mk(n.sh, key.Engagement)
		p.SetSize(n.w, n.h)
		kp = &keptPage{page: p}
		n.pages[key] = kp
	}
	return kp
}

func (n *navigator) show(key ui.PageKey) {
	n.clock++
	n.current, n.shown = key, true
	n.pages[key].used = n.clock
	n.trim()
}

func (n *navigator) inHistory(key ui.PageKey) int {
	for i, k := range n.history {
		if k == key {
			return i
		}
	}
	return -1
}

// trim lets go of the pages shown longest ago beyond maxPages.
func (n *navigator) trim() {
	for len(n.pages) > maxPages {
		var oldest ui.PageKey
		found := false
		for k, kp := range n.pages {
			if k == n.current || n.inHistory(k) >= 0 {
				continue
			}
			if !found || kp.used < n.pages[oldest].used {
				oldest, found = k, true
			}
		}
		if !found {
			return
		}
		delete(n.pages, oldest)
	}
}

// forget lets go of every page kept for an engagement, and of the way back
// through them.
func (n *navigator) forget(engagementID int64) {
	if engagementID == 0 {
		return
	}
	for k := range n.pages {
		if k.Engagement == engagementID && k != n.current {
			delete(n.pages, k)
		}
	}
	kept := n.history[:0]
	for _, k := range n.history {
		if k.Engagement != engagementID {
			kept = append(kept, k)
		}
	}
	n.history = kept
}

// deliver hands a result to the page it is addressed to, shown or not; a
// result for a page let go of is dropped.
func (n *navigator) deliver(to ui.PageKey, msg tea.Msg) tea.Cmd {
	if p := n.find(to); p != nil {
		return p.Update(msg)
	}
	return nil
}
