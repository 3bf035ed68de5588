package tui

import (
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// confirmForm asks a yes/no question whose default is No: deleting an
// engagement, discarding a draft.
type confirmForm struct {
	sh    *shared
	yes   bool
	form  *huh.Form
	title string
	w, h  int
}

func newConfirmForm(sh *shared, title, description string, w, h int) (*confirmForm, tea.Cmd) {
	c := &confirmForm{sh: sh, title: title, w: w, h: h}
	c.form = huh.NewForm(huh.NewGroup(
		huh.NewConfirm().Key("confirm").Title(title).Description(description).
			Affirmative(sh.T("tui.yes")).Negative(sh.T("tui.no")).Value(&c.yes),
	)).
		WithTheme(formTheme(sh)).
		WithKeyMap(formKeyMap(sh.cat)).
		WithShowHelp(false)
	c.SetSize(w, h)
	return c, c.form.Init()
}

func (c *confirmForm) SetSize(w, h int) {
	c.w, c.h = w, h
	c.form.WithWidth(max(min(w-4, 76), 20)).WithHeight(max(h-4, 5))
}

func (c *confirmForm) Update(msg tea.Msg) tea.Cmd {
	if c.form.State != huh.StateNormal {
		return nil
	}
	m, cmd := c.form.Update(msg)
	if ff, ok := m.(*huh.Form); ok {
		c.form = ff
	}
	return cmd
}

func (c *confirmForm) View() string {
	s := c.sh.styles
	head := s.Title.Render(fit(" "+c.sh.T("tui.confirm.title"), c.w)) + "\n\n"
	if c.form.State != huh.StateNormal {
		return head
	}
	return head + c.form.View()
}

type textError string

func (e textError) Error() string { return string(e) }

// errorf is an error whose text is already in the user's language.
func errorf(s string) error { return textError(s) }
