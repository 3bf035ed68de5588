package workbench

import (
	"fmt"
	"testing"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"outsec/tui/ui"
)

// fakePage records what the navigator does to it.
type fakePage struct {
	key   ui.PageKey
	inits int
	arg   string
	msgs  []tea.Msg
	w, h  int
}

func (p *fakePage) Init() tea.Cmd              { p.inits++; return nil }
func (p *fakePage) Update(msg tea.Msg) tea.Cmd { p.msgs = append(p.msgs, msg); return nil }
func (p *fakePage) View() string               { return fmt.Sprint(p.key) }
func (p *fakePage) SetSize(w, h int)           { p.w, p.h = w, h }
func (p *fakePage) KeyMap() help.KeyMap        { return ui.KeyHelp{Short: []key.Binding{}} }
func (p *fakePage) Title() string              { return string(p.key.Kind) }
func (p *fakePage) Capturing() bool            { return false }
func (p *fakePage) Open(arg string)            { p.arg = arg }
func fakeMaker(kind ui.Kind) ui.Maker {
	return func(_ *ui.Context, id int64) ui.Page { return &fakePage{key: ui.PageKey{Kind: kind, Engagement: id}} }
}

type fakeResult struct{ to ui.PageKey }

func (r fakeResult) Recipient() ui.PageKey { return r.to }

func newFakeNavigator() *navigator {
	var reg []ui.Registration
	for _, k := range []ui.Kind{"home", "a", "b", "c"} {
		reg = append(reg, ui.Registration{Kind: k, New: fakeMaker(k)})
	}
	n := newNavigator(&ui.Context{}, reg)
	n.setSize(100, 30)
	return n
}

func key1(kind ui.Kind, id int64) ui.PageKey { return ui.PageKey{Kind: kind, Engagement: id} }

func (n *navigator) fake(t *testing.T) *fakePage {
	t.Helper()
	p, ok := n.page().(*fakePage)
	if !ok {
		t.Fatalf("no page shown")
	}
	return p
}

func TestNavigatorBackReturnsWhereItCameFrom(t *testing.T) {
	n := newFakeNavigator()
	n.goTo(ui.GoMsg{Key: key1("home", 0)})
	n.goTo(ui.GoMsg{Key: key1("a", 1)})
	n.goTo(ui.GoMsg{Key: key1("b", 1), Arg: "x"})
	if p := n.fake(t); p.key != key1("b", 1) || p.arg != "x" || p.w != 100 || p.h != 30 {
		t.Fatalf("shown %+v", p)
	}
	n.back()
	if got := n.fake(t).key; got != key1("a", 1) {
		t.Fatalf("back from b went to %v, want a", got)
	}
	n.back()
	if got := n.fake(t).key; got != key1("home", 0) {
		t.Fatalf("back from a went to %v, want home", got)
	}
	// Back from the home page stays there.
	n.back()
	if got := n.fake(t).key; got != key1("home", 0) {
		t.Fatalf("back from home went to %v", got)
	}
}

func TestNavigatorNeverLoops(t *testing.T) {
	n := newFakeNavigator()
	n.goTo(ui.GoMsg{Key: key1("home", 0)})
	n.goTo(ui.GoMsg{Key: key1("a", 1)}) // the contract, say
	n.goTo(ui.GoMsg{Key: key1("b", 1)}) // its NDAs
	n.goTo(ui.GoMsg{Key: key1("c", 1)}) // the documents
	n.goTo(ui.GoMsg{Key: key1("b", 1)}) // the NDAs again, from the documents
	if len(n.history) != 2 {
		t.Fatalf("history %v: going to a page on the way back must return to it", n.history)
	}
	n.back()
	if got := n.fake(t).key; got != key1("a", 1) {
		t.Fatalf("back went to %v, want a", got)
	}
}

func TestNavigatorKeepsPagesByKindAndEngagement(t *testing.T) {
	n := newFakeNavigator()
	n.goTo(ui.GoMsg{Key: key1("home", 0)})
	n.goTo(ui.GoMsg{Key: key1("a", 1)})
	first := n.fake(t)
	n.back()
	n.goTo(ui.GoMsg{Key: key1("a", 2)})
	if n.fake(t) == first {
		t.Fatal("another engagement got the same page")
	}
	n.back()
	n.goTo(ui.GoMsg{Key: key1("a", 1)})
	if n.fake(t) != first {
		t.Fatal("the page of engagement 1 was made anew")
	}
	if first.inits != 2 {
		t.Fatalf("Init ran %d times, want once per showing (2)", first.inits)
	}
}

func TestNavigatorDeliversResultsToTheirPage(t *testing.T) {
	n := newFakeNavigator()
	n.goTo(ui.GoMsg{Key: key1("home", 0)})
	n.goTo(ui.GoMsg{Key: key1("a", 1)})
	a := n.fake(t)
	n.goTo(ui.GoMsg{Key: key1("b", 1)})
	b := n.fake(t)
	n.deliver(key1("a", 1), fakeResult{to: key1("a", 1)})
	if len(a.msgs) != 1 || len(b.msgs) != 0 {
		t.Fatalf("a got %d, b got %d messages; the result was for a", len(a.msgs), len(b.msgs))
	}
	// A result for a page never made is dropped, and makes none.
	n.deliver(key1("c", 9), fakeResult{to: key1("c", 9)})
	if n.find(key1("c", 9)) != nil {
		t.Fatal("a result made a page")
	}
}

func TestNavigatorLetsGoOfPagesShownLongestAgo(t *testing.T) {
	n := newFakeNavigator()
	n.goTo(ui.GoMsg{Key: key1("home", 0)})
	for i := int64(1); i <= maxPages+5; i++ {
		n.goTo(ui.GoMsg{Key: key1("a", i)})
		n.back()
	}
	if len(n.pages) > maxPages {
		t.Fatalf("%d pages kept, at most %d", len(n.pages), maxPages)
	}
	if n.find(key1("home", 0)) == nil {
		t.Fatal("the current page was let go of")
	}
	if n.find(key1("a", 1)) != nil {
		t.Fatal("the page shown longest ago is still kept")
	}
	if n.find(key1("a", maxPages+5)) == nil {
		t.Fatal("the page shown last was let go of")
	}
}

func TestNavigatorIgnoresUnknownKinds(t *testing.T) {
	n := newFakeNavigator()
	n.goTo(ui.GoMsg{Key: key1("home", 0)})
	if cmd := n.goTo(ui.GoMsg{Key: key1("nope", 1)}); cmd != nil || n.fake(t).key != key1("home", 0) || len(n.history) != 0 {
		t.Fatal("an unregistered kind changed the navigation")
	}
}

func TestNavigatorForgetsADeletedEngagement(t *testing.T) {
	n := newFakeNavigator()
	n.goTo(ui.GoMsg{Key: key1("home", 0)})
	n.goTo(ui.GoMsg{Key: key1("a", 1)})
	n.goTo(ui.GoMsg{Key: key1("b", 1)})
	n.goTo(ui.GoMsg{Key: key1("b", 2)})
	n.back()
	n.back()
	n.back()
	n.forget(1)
	if n.find(key1("a", 1)) != nil || n.find(key1("b", 1)) != nil {
		t.Fatal("the pages of the deleted engagement are still kept")
	}
	if n.find(key1("b", 2)) == nil || n.find(key1("home", 0)) == nil {
		t.Fatal("pages of other engagements were let go of")
	}
	n.goTo(ui.GoMsg{Key: key1("a", 1)})
	if p := n.fake(t); p.inits != 1 {
		t.Fatalf("the page of engagement 1 came back with its old state (%d inits)", p.inits)
	}
}
