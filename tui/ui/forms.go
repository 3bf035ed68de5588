package ui

import (
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// ConfirmForm asks a yes/no question whose default is No: deleting an
// engagement, discarding a draft.
type ConfirmForm struct {
	sh    *Context
	Yes   bool
	Form  *huh.Form
	title string
	w, h  int
}

func NewConfirmForm(sh *Context, title, description string, w, h int) (*ConfirmForm, tea.Cmd) {
	c := &ConfirmForm{sh: sh, title: title, w: w, h: h}
	c.Form = huh.NewForm(huh.NewGroup(
		huh.NewConfirm().Key("confirm").Title(title).Description(description).
			Affirmative(sh.T("tui.yes")).Negative(sh.T("tui.no")).Value(&c.Yes),
	)).
		WithTheme(FormTheme(sh)).
		WithKeyMap(FormKeyMap(sh.Catalog)).
		WithShowHelp(false)
	c.SetSize(w, h)
	return c, c.Form.Init()
}

func (c *ConfirmForm) SetSize(w, h int) {
	c.w, c.h = w, h
	c.Form.WithWidth(max(min(w-4, 76), 20)).WithHeight(max(h-4, 5))
}

func (c *ConfirmForm) Update(msg tea.Msg) tea.Cmd {
	if c.Form.State != huh.StateNormal {
		return nil
	}
	var cmd tea.Cmd
	c.Form, cmd = UpdateForm(c.Form, msg)
	return cmd
}

func (c *ConfirmForm) View() string {
	s := c.sh.Styles
	head := s.Title.Render(Fit(" "+c.sh.T("tui.confirm.title"), c.w)) + "\n\n"
	if c.Form.State != huh.StateNormal {
		return head
	}
	return head + c.Form.View()
}

type textError string

func (e textError) Error() string { return string(e) }

// Errorf is an error whose text is already in the user's language.
func Errorf(s string) error { return textError(s) }

// UpdateForm hands a huh form a message. huh v2's Form.Update returns the
// form as a huh.Model: this is the form to keep. The printable keys of a
// burst typed into a text field reach it as one paste (typing.go).
func UpdateForm(f *huh.Form, msg tea.Msg) (*huh.Form, tea.Cmd) {
	switch msg := msg.(type) {
	case typedFlushMsg:
		if msg.f != f {
			return f, nil // for a form no longer shown
		}
		return flushTyped(f)
	case tea.KeyPressMsg:
		if t := printable(msg); t != "" && f.State == huh.StateNormal && textFocused(f) {
			return f, keepTyped(f, t)
		}
	}
	f, first := flushTyped(f) // what was typed comes before this message
	m, cmd := f.Update(msg)
	if ff, ok := m.(*huh.Form); ok {
		f = ff
	}
	if first != nil {
		return f, tea.Batch(first, cmd)
	}
	return f, cmd
}
