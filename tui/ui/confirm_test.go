package ui_test

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"outsec/i18n"
	"outsec/tui/tuitest"
	"outsec/tui/ui"
)

// answer feeds keys to a confirm form, running what each returns (huh moves
// between fields and ends the form through commands), and reports the answer
// once the form is done.
func answer(t *testing.T, keys ...string) (yes, done bool) {
	t.Helper()
	cat := i18n.New(i18n.ZH)
	sh := &ui.Context{Catalog: cat, Keys: ui.DefaultKeyMap(cat), Styles: ui.NewStyles(true, true)}
	c, _ := ui.NewConfirmForm(sh, "删除项目？", "", 80, 24)
	var run func(cmd tea.Cmd, depth int)
	run = func(cmd tea.Cmd, depth int) {
		if cmd == nil || depth > 8 || tuitest.IsTimer(cmd) {
			return
		}
		ch := make(chan tea.Msg, 1)
		go func() { ch <- cmd() }()
		var msg tea.Msg
		select {
		case msg = <-ch:
		case <-time.After(200 * time.Millisecond):
			return // a blink or another timer
		}
		switch msg := msg.(type) {
		case nil:
		case tea.BatchMsg:
			for _, c := range msg {
				run(c, depth+1)
			}
		default:
			run(c.Update(msg), depth+1)
		}
	}
	for _, k := range keys {
		run(c.Update(tuitest.KeyMsg(k)), 0)
	}
	return c.Yes, c.Form.State == huh.StateCompleted
}

// TestConfirmDefaultsToNo: every yes/no question that confirms an action
// (delete, discard, replace) starts on No, so enter alone never does it;
// y answers yes, and the arrow keys move between the answers (issue 16).
func TestConfirmDefaultsToNo(t *testing.T) {
	if yes, done := answer(t, "enter"); yes || !done {
		t.Errorf("enter: yes %v, done %v; want No, answered", yes, done)
	}
	if yes, done := answer(t, "y"); !yes || !done {
		t.Errorf("y: yes %v, done %v; want Yes, answered", yes, done)
	}
	if yes, done := answer(t, "left", "enter"); !yes || !done {
		t.Errorf("left, enter: yes %v, done %v; want Yes", yes, done)
	}
	if yes, done := answer(t, "left", "right", "enter"); yes || !done {
		t.Errorf("left, right, enter: yes %v, done %v; want No", yes, done)
	}
}
