package workbench

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"outsec/store"
	"outsec/tui/ui"
)

// The operator profile, which the root owns: who is at the keyboard is named
// in every audit record and in the status bar.

// The results of the root's store calls: the operator profile.
type (
	operatorMsg struct {
		op  store.Operator
		err error
	}
	operatorCreatedMsg struct {
		op  store.Operator
		err error
	}
	operatorsMsg struct {
		ops []store.Operator
		err error
	}
	operatorSelectedMsg struct{ err error }
)

func (operatorCreatedMsg) EndsWrite() bool  { return true }
func (operatorSelectedMsg) EndsWrite() bool { return true }

func loadOperator(sh *ui.Context) tea.Cmd {
	st, ctx := sh.Store, sh.Ctx
	return func() tea.Msg {
		op, err := st.CurrentOperator(ctx)
		return operatorMsg{op: op, err: err}
	}
}

func createOperator(sh *ui.Context, o store.Operator) tea.Cmd {
	st, ctx := sh.Store, sh.Ctx
	sh.Writing()
	return func() tea.Msg {
		op, err := st.CreateOperator(ctx, o)
		return operatorCreatedMsg{op: op, err: err}
	}
}

func loadOperators(sh *ui.Context) tea.Cmd {
	st, ctx := sh.Store, sh.Ctx
	return func() tea.Msg {
		ops, err := st.Operators(ctx)
		return operatorsMsg{ops: ops, err: err}
	}
}

func selectOperator(sh *ui.Context, id int64) tea.Cmd {
	st, ctx := sh.Store, sh.Ctx
	sh.Writing()
	return func() tea.Msg {
		return operatorSelectedMsg{err: st.SelectOperator(ctx, id)}
	}
}

// operatorForm asks for an operator profile: at first start, or to add one.
type operatorForm struct {
	sh    *ui.Context
	first bool // first start: there is no profile yet
	op    store.Operator
	form  *huh.Form
	err   []string
	w, h  int
}

func newOperatorForm(sh *ui.Context, first bool, w, h int) (*operatorForm, tea.Cmd) {
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
					return ui.Errorf(T("err.field_line", nameT, T("err.required")))
				}
				return nil
			}),
		huh.NewInput().Key("role").Title(T("tui.operator.role")).Description(T("tui.operator.role_hint")).
			Value(&f.op.Role).CharLimit(100),
		huh.NewInput().Key("unit").Title(T("tui.operator.unit")).Description(T("tui.operator.unit_hint")).
			Value(&f.op.Unit).CharLimit(100),
	)).
		WithTheme(ui.FormTheme(f.sh)).
		WithKeyMap(ui.FormKeyMap(f.sh.Catalog)).
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
	var cmd tea.Cmd
	f.form, cmd = ui.UpdateForm(f.form, msg)
	return cmd
}

// rejected reopens the form after the store refused the profile.
func (f *operatorForm) rejected(lines []string) tea.Cmd {
	f.err = lines
	return f.build()
}

func (f *operatorForm) View() string {
	T, s := f.sh.T, f.sh.Styles
	var b strings.Builder
	b.WriteString(s.Title.Render(ui.Fit(" "+T("tui.app.title"), f.w)))
	b.WriteByte('\n')
	if f.first {
		b.WriteString(s.Bold.Render(ui.Clip(" "+T("tui.operator.first_title"), f.w)))
		b.WriteByte('\n')
		for _, l := range ui.Wrap(T("tui.operator.first_why"), f.w, " ", " ") {
			b.WriteString(s.Dim.Render(l))
			b.WriteByte('\n')
		}
	} else {
		b.WriteString(s.Bold.Render(ui.Clip(" "+T("tui.operator.add_title"), f.w)))
		b.WriteByte('\n')
	}
	for _, l := range f.err {
		b.WriteString(s.Error.Render(ui.Clip(" ! "+l, f.w)))
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

// operatorPicker lists the operator profiles to switch to, or adds one.
type operatorPicker struct {
	ui.Picker[store.Operator]
	sh *ui.Context
}

func (p *operatorPicker) View() string {
	T, s := p.sh.T, p.sh.Styles
	var lines []string
	lines = append(lines, s.Title.Render(ui.Fit(" "+T("tui.operators.title"), p.W)))
	for _, l := range ui.Wrap(T("tui.operators.why"), p.W, " ", " ") {
		lines = append(lines, s.Dim.Render(l))
	}
	lines = append(lines, "")
	room := max(p.H-len(lines), 1)
	first := max(min(p.Cursor-room/2, len(p.Items)-room), 0)
	for i := first; i < len(p.Items) && i < first+room; i++ {
		o := p.Items[i]
		label := ui.OneLine(o.Label())
		if o.ID == p.sh.Operator.ID {
			label = T("tui.operators.current", label)
		}
		if i == p.Cursor {
			lines = append(lines, s.Selected.Render(ui.Fit("> "+label, p.W)))
		} else {
			lines = append(lines, ui.Fit("  "+label, p.W))
		}
	}
	return strings.Join(lines, "\n")
}
