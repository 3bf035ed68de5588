package screening

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"outsec/model"
	"outsec/model/screening"
	"outsec/tui/ui"
)

// The forms of the screening screen: the result and evidence of one item, a
// person of the register, and the question before a person is deleted.

type screeningFormKind int

const (
	formAnswer screeningFormKind = iota
	formPerson
	formDeletePerson
)

// personValues is what the person form edits, as typed.
type personValues struct {
	Name, Role, IDType, IDNumber, Employer, Phone, StartDate, NDASigned, Notes string
}

func personValuesOf(p *screening.Person) personValues {
	return personValues{
		Name: p.Name, Role: p.Role, IDType: string(p.IDType), IDNumber: p.IDNumber, Employer: p.Employer,
		Phone: p.Phone, StartDate: string(p.StartDate), NDASigned: string(p.NDASigned), Notes: p.Notes,
	}
}

// person is the person the values describe. Text is trimmed as the store
// trims it, except the identity document number, which is kept as typed;
// dates that do not parse are kept as typed so that validation names them.
func (v *personValues) person(id int64) screening.Person {
	tr := strings.TrimSpace
	date := func(s string) model.Date {
		if d, ok := model.ParseDate(s); ok {
			return d
		}
		return model.Date(tr(s))
	}
	return screening.Person{
		ID: id, Name: tr(v.Name), Role: tr(v.Role), IDType: screening.IDType(v.IDType), IDNumber: v.IDNumber,
		Employer: tr(v.Employer), Phone: tr(v.Phone), StartDate: date(v.StartDate), NDASigned: date(v.NDASigned),
		Notes: tr(v.Notes),
	}
}

// screeningForm is the one form or question open on the screening screen.
type screeningForm struct {
	sh   *ui.Context
	kind screeningFormKind

	form    *huh.Form
	confirm *ui.ConfirmForm

	title string   // the top bar
	about []string // what is being edited, above the form

	// formAnswer
	item     screening.Item
	personID int64 // the person whose item it is (0: the vendor), or the person edited or deleted
	result   string
	evidence string

	// formPerson
	pv     personValues
	vendor string

	// formDeletePerson
	person screening.Person

	errLines   []string
	submitting bool
	w, h       int
}

func newAnswerForm(sh *ui.Context, subject string, it screening.Item, a screening.Answer, personID int64, w, h int) (*screeningForm, tea.Cmd) {
	T := sh.T
	f := &screeningForm{
		sh: sh, kind: formAnswer, item: it, personID: personID, result: string(a.Result), evidence: a.Evidence,
		title: T("tui.screening.form.answer_title", subject), w: w, h: h,
	}
	f.about = []string{it.Label() + " " + T(it.Key()) + " (" + T("err.clause", string(it.Clause)) + ")"}
	return f, f.rebuild()
}

func newPersonForm(sh *ui.Context, p *screening.Person, vendor string, w, h int) (*screeningForm, tea.Cmd) {
	T := sh.T
	f := &screeningForm{sh: sh, kind: formPerson, vendor: vendor, w: w, h: h, title: T("tui.screening.form.person_new")}
	if p != nil {
		f.personID, f.pv = p.ID, personValuesOf(p)
		f.title = T("tui.screening.form.person_edit", ui.OneLine(p.Name))
	}
	f.about = []string{T("tui.screening.form.person_about", T("err.clause", string(screening.ClausePerson)))}
	return f, f.rebuild()
}

func newDeletePersonForm(sh *ui.Context, p *screening.Person, w, h int) (*screeningForm, tea.Cmd) {
	f := &screeningForm{sh: sh, kind: formDeletePerson, personID: p.ID, person: *p, w: w, h: h}
	return f, f.rebuild()
}

// rebuild makes a fresh form over the values: when the form opens, and when
// it comes back with problems.
func (f *screeningForm) rebuild() tea.Cmd {
	T := f.sh.T
	f.submitting = false
	switch f.kind {
	case formDeletePerson:
		var cmd tea.Cmd
		f.confirm, cmd = ui.NewConfirmForm(f.sh, T("tui.screening.delete.title", ui.OneLine(f.person.Name)),
			T("tui.screening.delete.desc"), f.w, f.h)
		return cmd
	case formAnswer:
		opts := make([]huh.Option[string], 0, len(screening.Results))
		for _, r := range []screening.Result{screening.Met, screening.NotMet, screening.Unknown} {
			opts = append(opts, huh.NewOption(T(r.Key()), string(r)))
		}
		f.form = huh.NewForm(huh.NewGroup(
			huh.NewSelect[string]().Key("result").Title(T("tui.screening.form.result")).Options(opts...).Value(&f.result),
			huh.NewText().Key("evidence").Title(T("tui.screening.form.evidence")).Description(T("tui.screening.form.evidence_hint")).
				Value(&f.evidence).CharLimit(model.MaxLongText).Lines(4).ExternalEditor(false),
		))
	case formPerson:
		f.form = f.personForm()
	}
	f.form = f.form.WithTheme(ui.FormTheme(f.sh)).WithKeyMap(ui.FormKeyMap(f.sh.Catalog)).WithShowHelp(false).WithShowErrors(true)
	f.SetSize(f.w, f.h)
	return f.form.Init()
}

func (f *screeningForm) personForm() *huh.Form {
	T := f.sh.T
	v := &f.pv
	fieldErr := func(labelKey, key string) error {
		return ui.Errorf(T("err.field_line", T(labelKey), T(key)))
	}
	input := func(key, labelKey string, value *string) *huh.Input {
		return huh.NewInput().Key(key).Title(T(labelKey)).Value(value).CharLimit(model.MaxShortText)
	}
	date := func(labelKey string) func(string) error {
		return func(s string) error {
			if _, ok := model.ParseDate(s); !ok {
				return fieldErr(labelKey, "err.date")
			}
			return nil
		}
	}
	idOpts := []huh.Option[string]{huh.NewOption(T(screening.IDUnset.Key()), "")}
	for _, t := range screening.IDTypes {
		idOpts = append(idOpts, huh.NewOption(T(t.Key()), string(t)))
	}
	employerHint := T("tui.screening.form.employer_hint", ui.OneLine(f.vendor))
	if strings.TrimSpace(f.vendor) == "" {
		employerHint = T("tui.screening.form.employer_hint_none")
	}
	identity := huh.NewGroup(
		input("name", "field.person.name", &v.Name).Description(T("tui.wizard.required")).
			Validate(func(s string) error {
				if strings.TrimSpace(s) == "" {
					return fieldErr("field.person.name", "err.required")
				}
				return nil
			}),
		input("role", "field.person.role", &v.Role).Description(T("tui.screening.form.role_hint")),
		huh.NewSelect[string]().Key("id_type").Title(T("field.person.id_type")).Options(idOpts...).Value(&v.IDType),
		huh.NewInput().Key("id_number").Title(T("field.person.id_number")).Description(T("tui.screening.form.id_hint")).
			Value(&v.IDNumber).CharLimit(screening.MaxIDNumber).
			Validate(func(s string) error {
				if s != "" && v.IDType == "" {
					return fieldErr("field.person.id_type", "screening.err.id_type_needed")
				}
				return nil
			}),
		input("employer", "field.person.employer", &v.Employer).Description(employerHint).Placeholder(ui.OneLine(f.vendor)),
	)
	more := huh.NewGroup(
		input("phone", "field.person.phone", &v.Phone).
			Validate(func(s string) error {
				if s = strings.TrimSpace(s); s != "" && !model.ValidPhone(s) {
					return fieldErr("field.person.phone", "err.phone")
				}
				return nil
			}),
		input("start_date", "field.person.start_date", &v.StartDate).Description(T("tui.wizard.date_hint")).
			Validate(date("field.person.start_date")),
		input("nda_signed", "field.person.nda_signed", &v.NDASigned).Description(T("tui.screening.form.nda_hint")).
			Validate(date("field.person.nda_signed")),
		huh.NewText().Key("notes").Title(T("field.person.notes")).Value(&v.Notes).
			CharLimit(model.MaxLongText).Lines(3).ExternalEditor(false),
	)
	return huh.NewForm(identity, more)
}

// aboutLines is what the form edits, wrapped to the width.
func (f *screeningForm) aboutLines() []string {
	var out []string
	for _, a := range f.about {
		out = append(out, ui.Wrap(a, f.w, " ", "   ")...)
	}
	return out
}

func (f *screeningForm) headerLines() int { return 1 + len(f.aboutLines()) + len(f.errLines) + 1 }

// SetSize gives the form the body.
func (f *screeningForm) SetSize(w, h int) {
	f.w, f.h = w, h
	if f.confirm != nil {
		f.confirm.SetSize(w, h)
	}
	if f.form != nil {
		// Room below the form for the field's error line.
		f.form.WithWidth(max(min(w-2, 76), 20)).WithHeight(max(h-f.headerLines()-3, 5))
	}
}

// Update hands a message to the form; done is true when the form was just
// completed or left.
func (f *screeningForm) Update(msg tea.Msg) (cmd tea.Cmd, done bool) {
	if f.submitting {
		return nil, false
	}
	if f.confirm != nil {
		if f.confirm.Form.State != huh.StateNormal {
			return nil, false
		}
		cmd := f.confirm.Update(msg)
		return cmd, f.confirm.Form.State != huh.StateNormal
	}
	if f.form.State != huh.StateNormal {
		return nil, false
	}
	f.form, cmd = ui.UpdateForm(f.form, msg)
	return cmd, f.form.State != huh.StateNormal
}

// aborted reports whether the form was left without saving: esc, or No to
// the question.
func (f *screeningForm) aborted() bool {
	if f.confirm != nil {
		return f.confirm.Form.State != huh.StateCompleted || !f.confirm.Yes
	}
	return f.form.State != huh.StateCompleted
}

// write is the store action of the completed form, checked as the store will
// check it; ok is false, with the problems listed, when it would be refused.
func (f *screeningForm) write() (w screeningWrite, ok bool) {
	switch f.kind {
	case formDeletePerson:
		return screeningWrite{kind: writeDeletePerson, personID: f.personID, person: f.person}, true
	case formAnswer:
		a := screening.Answer{Item: f.item.ID, Result: screening.Result(f.result), Evidence: strings.TrimSpace(f.evidence)}
		if f.personID != 0 {
			w = screeningWrite{kind: writePersonAnswer, answer: a, personID: f.personID}
		} else {
			w = screeningWrite{kind: writeVendorAnswer, answer: a}
		}
		items, prefix := screening.VendorItems, "vendor_checklist"
		if f.personID != 0 {
			items, prefix = screening.PersonItems, "person.checklist"
		}
		if ve := screening.ValidateChecklist(screening.Checklist{a}, items, prefix); ve != nil {
			f.errLines = f.sh.Describe(ve)
			return w, false
		}
		return w, true
	}
	p := f.pv.person(f.personID)
	w = screeningWrite{kind: writeCreatePerson, person: p}
	if f.personID != 0 {
		w.kind = writeUpdatePerson
	}
	if ve := p.Validate(); ve != nil {
		f.errLines = f.sh.Describe(ve)
		return w, false
	}
	return w, true
}

// rejected reopens the form after the store refused what it sent, with the
// problems listed above it.
func (f *screeningForm) rejected(err error) tea.Cmd {
	f.errLines = f.sh.Describe(err)
	cmd := f.rebuild()
	f.SetSize(f.w, f.h)
	return cmd
}

func (f *screeningForm) help(k ui.KeyMap) ui.KeyHelp {
	if f.kind == formDeletePerson {
		return k.QuestionHelp()
	}
	return k.FormHelp()
}

// View draws the form under what it edits and the problems found.
func (f *screeningForm) View() string {
	T, s := f.sh.T, f.sh.Styles
	if f.confirm != nil {
		return f.confirm.View()
	}
	var lines []string
	lines = append(lines, s.Title.Render(ui.Fit(" "+f.title, f.w)))
	for _, l := range f.aboutLines() {
		lines = append(lines, s.Bold.Render(l))
	}
	for _, l := range f.errLines {
		lines = append(lines, s.Error.Render(ui.Clip(" ! "+l, f.w)))
	}
	lines = append(lines, "")
	if f.submitting || f.form.State != huh.StateNormal {
		lines = append(lines, s.Dim.Render(" "+T("tui.wizard.saving")))
		return ui.JoinLines(lines)
	}
	return ui.JoinLines(lines) + "\n" + f.form.View()
}
