package ui

import (
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// Typing into a text field, one key at a time. A terminal without bracketed
// paste (or tmux send-keys, or a paste program) delivers 10,000 pasted
// characters as 10,000 key presses, and huh renders the whole field on each
// (Group.Update builds its view): with a long value that is quadratic — a
// minute at 100 % CPU for the asset notes (issue 16). So the printable keys a
// text field gets in a burst are kept and handed to it once, as one
// tea.PasteMsg, when the burst ends: a command queued behind the keys already
// waiting (typedFlushMsg), or the first other message, whichever comes first.
// Typing by hand is unchanged: each key is its own burst.

// typedFlushMsg hands a form the keys kept for it.
type typedFlushMsg struct{ f *huh.Form }

// typed are the keys kept per form; only the program's one Update goroutine
// touches it.
var typed = map[*huh.Form][]byte{}

// textFocused tells whether the form's focused field takes text: an input or
// a text area (not a select or a yes/no question, whose letters are keys).
func textFocused(f *huh.Form) bool {
	switch f.GetFocusedField().(type) {
	case *huh.Input, *huh.Text:
		return true
	}
	return false
}

// printable is the text a key press types, "" for a key that does something
// else (enter, arrows, ctrl+…).
func printable(k tea.KeyPressMsg) string {
	if k.Text == "" || k.Mod&(tea.ModCtrl|tea.ModAlt|tea.ModMeta|tea.ModSuper|tea.ModHyper) != 0 {
		return ""
	}
	for _, r := range k.Text {
		if r < 0x20 || r == 0x7f {
			return ""
		}
	}
	return k.Text
}

// keepTyped keeps a printable key for f's text field; the command, returned
// for the first key of a burst, hands them over.
func keepTyped(f *huh.Form, text string) tea.Cmd {
	first := len(typed[f]) == 0
	typed[f] = append(typed[f], text...)
	if !first {
		return nil
	}
	return func() tea.Msg { return typedFlushMsg{f: f} }
}

// flushTyped hands f the keys kept for it, as one paste.
func flushTyped(f *huh.Form) (*huh.Form, tea.Cmd) {
	b, ok := typed[f]
	if !ok {
		return f, nil
	}
	delete(typed, f)
	if len(b) == 0 {
		return f, nil
	}
	m, cmd := f.Update(tea.PasteMsg{Content: string(b)})
	if ff, ok := m.(*huh.Form); ok && ff != f {
		// Another form value now: what it is kept under moves with it.
		f = ff
	}
	return f, cmd
}

// ForgetTyped drops what was kept for a form that is closed.
func ForgetTyped(f *huh.Form) { delete(typed, f) }
