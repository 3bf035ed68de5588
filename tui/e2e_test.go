package tui

import (
	"bytes"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"outsec/i18n"
	"outsec/tui/tuitest"
)

// TestEndToEnd runs the real bubbletea program (teatest): the commands run
// concurrently as they do for a user, and the output is what a terminal gets.
func TestEndToEnd(t *testing.T) {
	st, _ := tuitest.WithOperator(t)
	m := New(Options{Store: st, Catalog: i18n.New(i18n.EN), Version: "test", NoColor: true})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30))
	wait := func(s string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(s)) },
			teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	}
	wait("There are no engagements yet")
	tm.Send(tea.KeyPressMsg{Code: 'l', Text: "l"})
	wait("2026-001")
	// A new engagement, abandoned with esc: its draft is kept and offered.
	tm.Send(tea.KeyPressMsg{Code: 'n', Text: "n"})
	wait("Step 1 of 5")
	tm.Type("Half typed")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
	wait("Unfinished drafts (1)")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))

	if es := tuitest.Engagements(t, st); len(es) != 1 || !es[0].Sample {
		t.Fatalf("engagements: %+v", es)
	}
	if ds := tuitest.Drafts(t, st); len(ds) != 1 {
		t.Fatalf("%d drafts", len(ds))
	}
}
