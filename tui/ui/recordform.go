package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"outsec/model"
)

// RecordForm is a huh form over a record's values, under a title, with what
// it edits and the problems found above it; W is the page's store action.
// build makes a fresh huh form over the values kept by the caller, so that
// the form can be built again with the store's problems above it; write
// turns the completed form into the action (problems: what the model finds
// wrong; nothing: nothing changed). The same steps as the contract page's
// forms, for the pages that came after it (findings, incidents).
type RecordForm[W any] struct {
	sh    *Context
	form  *huh.Form
	title string
	About []string
	errs  []string

	build func() *huh.Form
	write func() (w W, problems error, nothing bool)

	submitting bool
	w, h       int
}

// NewRecordForm is a form of w×h cells.
func NewRecordForm[W any](sh *Context, w, h int, title string, about []string, build func() *huh.Form,
	write func() (W, error, bool)) *RecordForm[W] {
	return &RecordForm[W]{sh: sh, title: title, About: about, w: w, h: h, build: build, write: write}
}

// Rebuild makes a fresh form: when it opens, and when it comes back with
// problems.
func (f *RecordForm[W]) Rebuild() tea.Cmd {
	f.submitting = false
	f.form = f.build().WithTheme(FormTheme(f.sh)).WithKeyMap(FormKeyMap(f.sh.Catalog)).WithShowHelp(false).WithShowErrors(true)
	f.SetSize(f.w, f.h)
	return f.form.Init()
}

func (f *RecordForm[W]) aboutLines() []string {
	var out []string
	for _, a := range f.About {
		out = append(out, Wrap(a, f.w-2, " ", "   ")...)
	}
	return out
}

// SetSize gives the form the body.
func (f *RecordForm[W]) SetSize(w, h int) {
	f.w, f.h = w, h
	if f.form != nil {
		head := 1 + len(f.aboutLines()) + len(f.errs) + 1
		f.form.WithWidth(max(min(w-2, 96), 20)).WithHeight(max(h-head-3, 5))
	}
}

// Submitting reports that the form's action is with the store.
func (f *RecordForm[W]) Submitting() bool { return f.submitting }

// Step hands the form a message: closed when it was left or nothing
// changed; save when its action is to be sent (the form then waits for the
// result); neither while it is filled, or when it came back with problems.
func (f *RecordForm[W]) Step(msg tea.Msg) (cmd tea.Cmd, save *W, closed bool) {
	if f.submitting || f.form == nil || f.form.State != huh.StateNormal {
		return nil, nil, false
	}
	f.form, cmd = UpdateForm(f.form, msg)
	if f.form.State == huh.StateNormal {
		return cmd, nil, false
	}
	if f.form.State != huh.StateCompleted {
		return cmd, nil, true
	}
	w, problems, nothing := f.write()
	switch {
	case nothing:
		return cmd, nil, true
	case problems != nil:
		f.errs = f.sh.Describe(problems)
		return tea.Batch(cmd, f.Rebuild()), nil, false
	}
	f.errs = nil
	f.submitting = true
	return cmd, &w, false
}

// Rejected reopens the form after the store refused what it sent.
func (f *RecordForm[W]) Rejected(err error) tea.Cmd {
	f.errs = f.sh.Describe(err)
	return f.Rebuild()
}

// View draws the form under what it edits and the problems found.
func (f *RecordForm[W]) View() string {
	s := f.sh.Styles
	lines := []string{s.Title.Render(Fit(" "+f.title, f.w))}
	for _, l := range f.aboutLines() {
		lines = append(lines, s.Bold.Render(l))
	}
	for _, e := range f.errs {
		for _, l := range Wrap(e, f.w, " ! ", "   ") {
			lines = append(lines, s.Error.Render(l))
		}
	}
	lines = append(lines, "")
	if f.submitting || f.form.State != huh.StateNormal {
		lines = append(lines, s.Dim.Render(" "+f.sh.T("tui.wizard.saving")))
		return JoinLines(lines)
	}
	return JoinLines(lines) + "\n" + f.form.View()
}

// DateOf reads a typed date: empty stays empty; one that does not parse is
// kept as typed so that validation names it.
func DateOf(s string) model.Date {
	if d, ok := model.ParseDate(s); ok {
		return d
	}
	return model.Date(strings.TrimSpace(s))
}

// DateField checks a date field: a date, or empty when optional.
func DateField(sh *Context, labelKey string, optional bool) func(string) error {
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			if optional {
				return nil
			}
			return Errorf(sh.T("err.field_line", sh.T(labelKey), sh.T("err.required")))
		}
		if _, ok := model.ParseDate(s); !ok {
			return Errorf(sh.T("err.field_line", sh.T(labelKey), sh.T("err.date")))
		}
		return nil
	}
}
