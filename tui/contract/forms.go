package contract

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"outsec/model"
	"outsec/model/contract"
	"outsec/tui/ui"
)

// The forms of the contract and NDA screens: the review's header, the
// finding on one item, a change of the security factors, the drafting
// parameters, the vendor's and a person's NDA date. Each is a huh form over
// values kept here, so that it can be built again with the store's problems
// above it.

// Form is one open form of the contract and NDA pages.
type Form struct {
	sh    *ui.Context
	form  *huh.Form
	title string   // the top bar
	about []string // what is being edited, above the form
	errs  []string // the problems found, above the form

	// build makes a fresh form over the values.
	build func() *huh.Form
	// write is the store action of the completed form, checked as the store
	// will check it; nothing is true when nothing changed.
	write func() (w Write, problems error, nothing bool)

	submitting bool
	w, h       int
}

// Submitting reports that the form's action is with the store.
func (f *Form) Submitting() bool { return f.submitting }

// Rebuild makes a fresh form: when the form opens, and when it comes back
// with problems.
func (f *Form) Rebuild() tea.Cmd {
	f.submitting = false
	f.form = f.build().WithTheme(ui.FormTheme(f.sh)).WithKeyMap(ui.FormKeyMap(f.sh.Catalog)).WithShowHelp(false).WithShowErrors(true)
	f.SetSize(f.w, f.h)
	return f.form.Init()
}

func (f *Form) aboutLines() []string {
	var out []string
	for _, a := range f.about {
		out = append(out, hang(a, f.w)...)
	}
	return out
}

// SetSize gives the form the body.
func (f *Form) SetSize(w, h int) {
	f.w, f.h = w, h
	if f.form != nil {
		head := 1 + len(f.aboutLines()) + len(f.errs) + 1
		f.form.WithWidth(max(min(w-2, 96), 20)).WithHeight(max(h-head-3, 5)) // and room for an error line
	}
}

// Update hands the form a message; done is true when it was just completed
// or left.
func (f *Form) Update(msg tea.Msg) (tea.Cmd, bool) {
	if f.submitting || f.form == nil || f.form.State != huh.StateNormal {
		return nil, false
	}
	var cmd tea.Cmd
	f.form, cmd = ui.UpdateForm(f.form, msg)
	return cmd, f.form.State != huh.StateNormal
}

func (f *Form) Aborted() bool { return f.form.State != huh.StateCompleted }

// Result is the form's store action, or the problems listed above it.
func (f *Form) Result() (w Write, ok, nothing bool) {
	w, problems, nothing := f.write()
	if nothing {
		return w, false, true
	}
	if problems != nil {
		f.errs = f.sh.Describe(problems)
		return w, false, false
	}
	f.errs = nil
	return w, true, false
}

// Step hands the form a message and says what came of it: closed when it
// was left or nothing changed; save when its store action is to be sent
// (the form then waits for the result); neither while it is filled, or when
// it came back with the problems above it.
func (f *Form) Step(msg tea.Msg) (cmd tea.Cmd, save *Write, closed bool) {
	cmd, done := f.Update(msg)
	if !done {
		return cmd, nil, false
	}
	if f.Aborted() {
		return cmd, nil, true
	}
	w, ok, nothing := f.Result()
	switch {
	case nothing:
		return cmd, nil, true
	case !ok:
		return tea.Batch(cmd, f.Rebuild()), nil, false
	}
	f.submitting = true
	return cmd, &w, false
}

// Rejected reopens the form after the store refused what it sent.
func (f *Form) Rejected(err error) tea.Cmd {
	f.errs = f.sh.Describe(err)
	return f.Rebuild()
}

// View draws the form under what it edits and the problems found.
func (f *Form) View() string {
	s := f.sh.Styles
	lines := []string{s.Title.Render(ui.Fit(" "+f.title, f.w))}
	for _, l := range f.aboutLines() {
		lines = append(lines, s.Bold.Render(l))
	}
	for _, e := range f.errs {
		for _, l := range ui.Wrap(e, f.w, " ! ", "   ") {
			lines = append(lines, s.Error.Render(l))
		}
	}
	lines = append(lines, "")
	if f.submitting || f.form.State != huh.StateNormal {
		lines = append(lines, s.Dim.Render(" "+f.sh.T("tui.wizard.saving")))
		return ui.JoinLines(lines)
	}
	return ui.JoinLines(lines) + "\n" + f.form.View()
}

// Today is the store's date of today, to start a date field with.
func Today(sh *ui.Context) string { return sh.Store.Now().Format(model.DateLayout) }

// DateValue reads a typed date: empty stays empty; one that does not parse is
// kept as typed so that validation names it.
func DateValue(s string) model.Date {
	if d, ok := model.ParseDate(s); ok {
		return d
	}
	return model.Date(strings.TrimSpace(s))
}

// DateCheck is the validation of a date field: a date, or empty when
// optional.
func DateCheck(sh *ui.Context, labelKey string, optional bool) func(string) error {
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			if optional {
				return nil
			}
			return ui.Errorf(sh.T("err.field_line", sh.T(labelKey), sh.T("err.required")))
		}
		if _, ok := model.ParseDate(s); !ok {
			return ui.Errorf(sh.T("err.field_line", sh.T(labelKey), sh.T("err.date")))
		}
		return nil
	}
}

// PastDateCheck is DateCheck for the date of something that has happened
// (an NDA signed, a factor changed; issue 16): a date after today is refused,
// the field named.
func PastDateCheck(sh *ui.Context, labelKey string, optional bool) func(string) error {
	check := DateCheck(sh, labelKey, optional)
	return func(s string) error {
		if err := check(s); err != nil || strings.TrimSpace(s) == "" {
			return err
		}
		if d, _ := model.ParseDate(s); string(d) > Today(sh) {
			return ui.Errorf(sh.T("err.field_line", sh.T(labelKey), sh.T("err.date_future", Today(sh))))
		}
		return nil
	}
}

// NewForm is a form of w×h cells under a title, with what it edits above
// it; build makes the huh form over the values, write turns the completed
// form into the store action.
func NewForm(sh *ui.Context, w, h int, title string, about []string, build func() *huh.Form,
	write func() (w Write, problems error, nothing bool)) *Form {
	return &Form{sh: sh, title: title, about: about, w: w, h: h, build: build, write: write}
}

func newContractForm(c *contractScreen, title string, about ...string) *Form {
	return &Form{sh: c.sh, title: title, about: about, w: c.w, h: c.h}
}

// newReviewForm edits the review's header: the contract's title and version,
// the review's date (today when none yet) and the reviewer (the operator
// when none yet).
func newReviewForm(c *contractScreen) *Form {
	T := c.sh.T
	r := c.data.C.Review
	v := struct{ title, version, date, reviewer string }{r.Title, r.Version, string(r.Date), r.Reviewer}
	if v.date == "" {
		v.date = Today(c.sh)
	}
	if v.reviewer == "" {
		v.reviewer = c.sh.Operator.Name
	}
	f := newContractForm(c, T("tui.contract.form.review_title"), T("tui.contract.form.review_about"))
	f.build = func() *huh.Form {
		return huh.NewForm(huh.NewGroup(
			huh.NewInput().Key("title").Title(T("field.contract.review.title")).Value(&v.title).CharLimit(model.MaxShortText),
			huh.NewInput().Key("version").Title(T("field.contract.review.version")).Value(&v.version).CharLimit(model.MaxShortText),
			huh.NewInput().Key("date").Title(T("field.contract.review.date")).Description(T("tui.contract.form.date_hint")).
				Value(&v.date).Validate(DateCheck(c.sh, "field.contract.review.date", true)),
			huh.NewInput().Key("reviewer").Title(T("field.contract.review.reviewer")).Value(&v.reviewer).CharLimit(model.MaxShortText),
		))
	}
	f.write = func() (Write, error, bool) {
		nr := contract.Review{Title: strings.TrimSpace(v.title), Version: strings.TrimSpace(v.version),
			Date: DateValue(v.date), Reviewer: strings.TrimSpace(v.reviewer)}
		if nr.Title == r.Title && nr.Version == r.Version && nr.Date == r.Date && nr.Reviewer == r.Reviewer {
			return Write{}, nil, true
		}
		w := Write{Kind: writeReview, review: nr}
		if ve := nr.ValidateHeader(); ve != nil {
			return w, ve, false
		}
		return w, nil, false
	}
	return f
}

// newAssessForm edits the finding on one item: its status, where the
// contract says it, and a note.
func newAssessForm(c *contractScreen, it contract.Item, a contract.Assessment) *Form {
	T, lang := c.sh.T, c.lang()
	v := struct{ status, article, note string }{string(a.Status), a.Article, a.Note}
	need := ""
	if it.Required {
		need = T("tui.contract.form.na_needs_note")
	}
	f := newContractForm(c, T("tui.contract.form.assess_title", it.Label(), it.Title(lang)),
		string(it.Clause)+"  "+it.ID, T("tui.contract.must", it.Must(lang)))
	if need != "" {
		f.about = append(f.about, need)
	}
	f.build = func() *huh.Form {
		var opts []huh.Option[string]
		for _, s := range []contract.Status{contract.Present, contract.Partial, contract.Missing, contract.NA, contract.Unassessed} {
			opts = append(opts, huh.NewOption(T(s.Key()), string(s)))
		}
		return huh.NewForm(huh.NewGroup(
			huh.NewSelect[string]().Key("status").Title(T("field.contract.review.items.status")).Options(opts...).Value(&v.status),
			huh.NewInput().Key("article").Title(T("field.contract.review.items.article")).Description(T("tui.contract.form.article_hint")).
				Value(&v.article).CharLimit(contract.MaxArticle),
			huh.NewText().Key("note").Title(T("field.contract.review.items.note")).Value(&v.note).
				CharLimit(contract.MaxNote).Lines(3).ExternalEditor(false),
		))
	}
	f.write = func() (Write, error, bool) {
		na := contract.Assessment{ItemID: it.ID, Status: contract.Status(v.status), Article: strings.TrimSpace(v.article), Note: strings.TrimSpace(v.note)}
		old := c.data.C.Review.Assessment(it.ID)
		if na == old {
			return Write{}, nil, true
		}
		w := Write{Kind: writeAssessment, assess: na}
		if ve := na.Validate(contract.FieldItems); ve != nil {
			return w, ve, false
		}
		return w, nil, false
	}
	return f
}

// newFactorForm records a change of the factors that affect information
// security (6.2.1 b)): the date and what changed.
func newFactorForm(c *contractScreen) *Form {
	T := c.sh.T
	v := struct{ date, desc string }{"", ""} // a past event: not today unless typed
	f := newContractForm(c, T("tui.contract.form.factor_title"),
		T("tui.contract.form.factor_about", T("err.clause", string(contract.ClauseFactorChange))))
	f.build = func() *huh.Form {
		return huh.NewForm(huh.NewGroup(
			huh.NewInput().Key("date").Title(T("field.contract.factor_changes.date")).Description(T("tui.contract.form.date_hint")).
				Value(&v.date).Validate(PastDateCheck(c.sh, "field.contract.factor_changes.date", false)),
			huh.NewText().Key("desc").Title(T("field.contract.factor_changes.description")).Description(T("tui.contract.form.factor_hint")).
				Value(&v.desc).CharLimit(contract.MaxDescription).Lines(3).ExternalEditor(false),
		))
	}
	f.write = func() (Write, error, bool) {
		fc := contract.FactorChange{Date: DateValue(v.date), Description: strings.TrimSpace(v.desc)}
		w := Write{Kind: writeFactor, factor: fc}
		if ve := fc.Validate(contract.FieldFactorChanges); ve != nil {
			return w, ve, false
		}
		return w, nil, false
	}
	return f
}

// contractParams are the parameters of what this engagement's documents
// use: the items it is reviewed against, the NDA's, and for a cloud
// engagement the SLA's, in catalog order.
func contractParams(cloud bool) []contract.Param {
	used := map[string]bool{}
	for _, it := range append(contract.ItemsFor(cloud), contract.NDAItems(cloud)...) {
		for _, p := range it.Params {
			used[p.Name] = true
		}
	}
	if cloud {
		for _, s := range contract.SLAIndicators() {
			for _, p := range s.Params {
				used[p.Name] = true
			}
		}
	}
	var out []contract.Param
	for _, p := range contract.Params() {
		if used[p.Name] {
			out = append(out, p)
		}
	}
	return out
}

// paramShown is a stored value as the form shows it: a duration written for
// the language ("30天", "6 months"), which reads back the same.
func paramShown(p contract.Param, lang, v string) string {
	if v == "" || p.Kind != contract.KindDuration {
		return v
	}
	return p.Format(lang, v)
}

// paramTitle is a parameter's label with its unit.
func paramTitle(p contract.Param, lang string) string {
	switch {
	case p.Kind == contract.KindPercent:
		return p.LabelText(lang) + " (%)"
	case p.Kind == contract.KindNumber && p.UnitText(lang) != "":
		return p.LabelText(lang) + " (" + p.UnitText(lang) + ")"
	}
	return p.LabelText(lang)
}

// paramsPerPage is how many parameters one page of the form holds.
const paramsPerPage = 5

// newParamsForm edits the drafting parameters: deadlines, penalties,
// retention periods, service levels. Empty takes the default, shown as the
// placeholder; each value is checked as it is left.
func newParamsForm(c *contractScreen) *Form {
	T, lang := c.sh.T, c.lang()
	ps := contractParams(c.cloud())
	stored := c.data.C.Params
	vals := make([]string, len(ps))
	for i, p := range ps {
		vals[i] = paramShown(p, lang, stored[p.Name])
	}
	f := newContractForm(c, T("tui.contract.form.params_title"), T("tui.contract.form.params_about"))
	f.build = func() *huh.Form {
		var groups []*huh.Group
		var fields []huh.Field
		for i, p := range ps {
			p := p
			def := T("tui.contract.form.no_default")
			if p.Default != "" {
				def = T("tui.contract.form.default", p.Format(lang, p.Default))
			}
			in := huh.NewInput().Key(p.Name).Title(paramTitle(p, lang) + "  " + def).
				Placeholder(paramShown(p, lang, p.Default)).Value(&vals[i]).CharLimit(contract.MaxParamText).
				Validate(func(s string) error {
					if ve := p.Check("contract.params."+p.Name, p.Normalise(s), ""); ve != nil {
						return ui.Errorf(T(ve[0].Key, ve[0].Args...))
					}
					return nil
				})
			fields = append(fields, in)
			if len(fields) == paramsPerPage || i == len(ps)-1 {
				page := len(groups) + 1
				pages := (len(ps) + paramsPerPage - 1) / paramsPerPage
				groups = append(groups, huh.NewGroup(fields...).Title(T("tui.contract.form.params_page", page, pages)))
				fields = nil
			}
		}
		return huh.NewForm(groups...)
	}
	f.write = func() (Write, error, bool) {
		changed := map[string]string{}
		for i, p := range ps {
			nv := p.Normalise(vals[i])
			if nv != stored[p.Name] {
				changed[p.Name] = nv
			}
		}
		if len(changed) == 0 {
			return Write{}, nil, true
		}
		w := Write{Kind: writeParams, params: changed}
		if ve := contract.ValidateParams(changed); ve != nil {
			return w, ve, false
		}
		return w, nil, false
	}
	return f
}
