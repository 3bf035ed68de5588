package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"outsec/store"
)

// operatorForm asks for an operator profile: at first start, or to add one.
type operatorForm struct {
	sh    *shared
	first bool // first start: there is no profile yet
	op    store.Operator
	form  *huh.Form
	err   []string
	w, h  int
}

func newOperatorForm(sh *shared, first bool, w, h int) (*operatorForm, tea.Cmd) {
	f := &operatorForm{sh: sh, first: first, w: w, h: h}
	return f, f.build()
}

func (f *operatorForm) build() tea.Cmd {
	T := f.sh.T
	nameT := T("tui.operator.name")
	f.form = huh.NewForm(huh.NewGroup(
		huh.NewInput().Key("name").Title(nameT).Description(T("tui.wizard.required")).
			Value(&f.op.Name).CharLimit(100).
			Validate(func(s string) error {
				if strings.TrimSpace(s) == "" {
					return errorf(T("err.field_line", nameT, T("err.required")))
				}
				return nil
			}),
		huh.NewInput().Key("role").Title(T("tui.operator.role")).Description(T("tui.operator.role_hint")).
			Value(&f.op.Role).CharLimit(100),
		huh.NewInput().Key("unit").Title(T("tui.operator.unit")).Description(T("tui.operator.unit_hint")).
			Value(&f.op.Unit).CharLimit(100),
	)).
		WithTheme(formTheme(f.sh)).
		WithKeyMap(formKeyMap(f.sh.cat)).
		WithShowHelp(false)
	f.SetSize(f.w, f.h)
	return f.form.Init()
}

func (f *operatorForm) SetSize(w, h int) {
	f.w, f.h = w, h
	if f.form != nil {
		f.form.WithWidth(max(min(w-4, 72), 20)).WithHeight(max(h-6-len(f.err), 5))
	}
}

func (f *operatorForm) Update(msg tea.Msg) tea.Cmd {
	if f.form.State != huh.StateNormal {
		return nil
	}
	m, cmd := f.form.Update(msg)
	if ff, ok := m.(*huh.Form); ok {
		f.form = ff
	}
	return cmd
}

// rejected reopens the form after the store refused the profile.
func (f *operatorForm) rejected(lines []string) tea.Cmd {
	f.err = lines
	return f.build()
}

func (f *operatorForm) View() string {
	T, s := f.sh.T, f.sh.styles
	var b strings.Builder
	b.WriteString(s.Title.Render(fit(" "+T("tui.app.title"), f.w)))
	b.WriteByte('\n')
	if f.first {
		b.WriteString(s.Bold.Render(clip(" "+T("tui.operator.first_title"), f.w)))
		b.WriteByte('\n')
		for _, l := range wrap(T("tui.operator.first_why"), f.w, " ", " ") {
			b.WriteString(s.Dim.Render(l))
			b.WriteByte('\n')
		}
	} else {
		b.WriteString(s.Bold.Render(clip(" "+T("tui.operator.add_title"), f.w)))
		b.WriteByte('\n')
	}
	for _, l := range f.err {
		b.WriteString(s.Error.Render(clip(" ! "+l, f.w)))
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	if f.form.State == huh.StateNormal {
		b.WriteString(f.form.View())
	} else {
		b.WriteString(s.Dim.Render(" " + T("tui.wizard.saving")))
	}
	return b.String()
}

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
