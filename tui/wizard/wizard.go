package wizard

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"outsec/model"
	"outsec/store"
	"outsec/tui/ui"
)

// Values is what the engagement wizard edits. It is also the draft's
// data (JSON), so a draft resumes with exactly what was typed.
type Values struct {
	Version         int              `json:"v"`
	Code            string           `json:"code,omitempty"`
	Name            string           `json:"name"`
	Department      string           `json:"department"`
	ResponsibleUnit string           `json:"responsible_unit"`
	Leader          string           `json:"leader"`
	Managers        [3]model.Contact `json:"managers"`
	// MoreManagers are managers beyond the three the form shows (an engagement
	// imported from a case file may have more); they are kept as they are.
	MoreManagers         []model.Contact `json:"more_managers,omitempty"`
	ServiceType          string          `json:"service_type"`
	CloudWebsite         bool            `json:"cloud_website"`
	PeriodStart          string          `json:"period_start"`
	PeriodEnd            string          `json:"period_end"`
	VendorName           string          `json:"vendor_name"`
	VendorScale          string          `json:"vendor_scale"`
	VendorQualifications string          `json:"vendor_qualifications"`
	Lead                 model.Contact   `json:"vendor_lead"`
	Notes                string          `json:"notes"`
}

const DataVersion = 1

func ValuesOf(e *model.Engagement) *Values {
	v := &Values{
		Version: DataVersion, Code: e.Code, Name: e.Name, Department: e.Department,
		ResponsibleUnit: e.ResponsibleUnit, Leader: e.Leader, ServiceType: string(e.ServiceType),
		CloudWebsite: e.CloudWebsite, PeriodStart: string(e.PeriodStart), PeriodEnd: string(e.PeriodEnd),
		VendorName: e.Vendor.Name, VendorScale: string(e.Vendor.Scale),
		VendorQualifications: e.Vendor.Qualifications, Lead: e.Vendor.Lead, Notes: e.Notes,
	}
	n := copy(v.Managers[:], e.Managers)
	v.MoreManagers = append([]model.Contact(nil), e.Managers[n:]...)
	return v
}

// engagement is the record the values describe, trimmed as the store trims
// it. Dates that do not parse are kept as typed so that validation names them.
func (v *Values) engagement() model.Engagement {
	tr := strings.TrimSpace
	date := func(s string) model.Date {
		if d, ok := model.ParseDate(s); ok {
			return d
		}
		return model.Date(tr(s))
	}
	contact := func(c model.Contact) model.Contact {
		return model.Contact{Name: tr(c.Name), Role: tr(c.Role), Phone: tr(c.Phone), Email: tr(c.Email)}
	}
	e := model.Engagement{
		Code: tr(v.Code), Name: tr(v.Name), Department: tr(v.Department), ResponsibleUnit: tr(v.ResponsibleUnit),
		Leader: tr(v.Leader), ServiceType: model.ServiceType(v.ServiceType), CloudWebsite: v.CloudWebsite,
		PeriodStart: date(v.PeriodStart), PeriodEnd: date(v.PeriodEnd), Notes: tr(v.Notes),
		Vendor: model.Vendor{
			Name: tr(v.VendorName), Scale: model.VendorScale(v.VendorScale),
			Qualifications: tr(v.VendorQualifications), Lead: contact(v.Lead),
		},
	}
	for _, m := range append(v.Managers[:], v.MoreManagers...) {
		if m = contact(m); !m.Empty() {
			e.Managers = append(e.Managers, m)
		}
	}
	return e
}

// The wizard's groups, in order.
const (
	groupBasic = iota
	GroupManagers
	groupService
	GroupVendor
	groupNotes
	GroupCount
)

var GroupTitleKeys = [GroupCount]string{
	"tui.wizard.group.basic", "tui.wizard.group.managers", "tui.wizard.group.service",
	"tui.wizard.group.vendor", "tui.wizard.group.notes",
}

var GroupHintKeys = [GroupCount]string{
	"tui.wizard.hint.basic", "tui.wizard.hint.managers", "tui.wizard.hint.service",
	"tui.wizard.hint.vendor", "tui.wizard.hint.notes",
}

// groupOfPath is the group holding the field a validation error names.
func groupOfPath(path string) int {
	switch {
	case strings.HasPrefix(path, "managers"):
		return GroupManagers
	case path == "service_type" || path == "cloud_website" || strings.HasPrefix(path, "period_"):
		return groupService
	case strings.HasPrefix(path, "vendor"):
		return GroupVendor
	case path == "notes":
		return groupNotes
	}
	return groupBasic
}

// Wizard creates or edits an engagement with a form of five groups, saving a
// draft as it goes so that a crash loses at most the field being typed.
type Wizard struct {
	sh     *ui.Context
	host   ui.PageKey // the page that shows the wizard, where its results go
	serial int        // tells this wizard's store results from a previous one's

	vals    *Values
	editing int64 // the engagement's id; 0 for a new one
	form    *huh.Form
	groupOf map[string]int
	group   int // the group of the focused field
	field   string

	draftID   int64
	lastSaved []byte // the data of the last draft save, to skip saves that change nothing
	savedStep int
	saving    bool
	saveAgain bool
	closing   bool // left with esc; the last save is on its way

	submitPending bool // completed while a draft save was under way
	submitting    bool

	errLines []string
	w, h     int

	sum summaryState // the summary of every field (summary.go)
}

func New(sh *ui.Context, host ui.PageKey, vals *Values, editing, draftID int64, step, w, h int) (*Wizard, tea.Cmd) {
	sh.Wizards++
	wz := &Wizard{sh: sh, host: host, serial: sh.Wizards, vals: vals, editing: editing, draftID: draftID, w: w, h: h, savedStep: step}
	wz.lastSaved, _ = json.Marshal(vals)
	cmd := wz.build(step)
	// Editing an engagement opens on the summary of every field (issue 16).
	if editing != 0 && draftID == 0 {
		wz.openSummary()
	}
	return wz, cmd
}

func jsonOf(v *Values) ([]byte, error) { return json.Marshal(v) }

// restore puts back values saved with jsonOf.
func restore(v *Values, b []byte) {
	if len(b) > 0 {
		var x Values
		if json.Unmarshal(b, &x) == nil {
			*v = x
		}
	}
}

// build makes a fresh form over the values, opened at group start.
func (w *Wizard) build(start int) tea.Cmd {
	T := w.sh.T
	v := w.vals
	w.groupOf = map[string]int{}
	req := T("tui.wizard.required")
	input := func(group int, key, title string, value *string, validate ...func(string) error) *huh.Input {
		w.groupOf[key] = group
		return ui.LimitedInput(w.sh, huh.NewInput().Key(key).Value(value), title, value, model.MaxShortText, validate...)
	}
	required := func(title string) func(string) error {
		return func(s string) error {
			if strings.TrimSpace(s) == "" {
				return w.fieldErr(title, "err.required")
			}
			return nil
		}
	}
	phone := func(title string) func(string) error {
		return func(s string) error {
			if s = strings.TrimSpace(s); s != "" && !model.ValidPhone(s) {
				return w.fieldErr(title, "err.phone")
			}
			return nil
		}
	}
	email := func(title string, extra func() error) func(string) error {
		return func(s string) error {
			if s = strings.TrimSpace(s); s != "" && !model.ValidEmail(s) {
				return w.fieldErr(title, "err.email")
			}
			if extra != nil {
				return extra()
			}
			return nil
		}
	}
	date := func(title string, extra func() error) func(string) error {
		return func(s string) error {
			if _, ok := model.ParseDate(s); !ok {
				return w.fieldErr(title, "err.date")
			}
			if extra != nil {
				return extra()
			}
			return nil
		}
	}

	basic := huh.NewGroup(
		input(groupBasic, "name", T("field.name"), &v.Name, required(T("field.name"))).Description(req),
		input(groupBasic, "department", T("field.department"), &v.Department, required(T("field.department"))).Description(req),
		input(groupBasic, "responsible_unit", T("field.responsible_unit"), &v.ResponsibleUnit, required(T("field.responsible_unit"))).Description(req),
		input(groupBasic, "leader", T("field.leader"), &v.Leader, required(T("field.leader"))).Description(req),
	)

	var managerFields []huh.Field
	for i := range v.Managers {
		m := &v.Managers[i]
		n := i + 1
		title := func(partKey string) string { return T("tui.wizard.manager", n, T(partKey)) }
		nameT, phoneT, emailT := title("tui.contact.name"), title("tui.contact.phone"), title("tui.contact.email")
		var nameCheck []func(string) error
		if i == 0 {
			nameCheck = append(nameCheck, required(nameT))
		}
		name := input(GroupManagers, "m"+ui.Itoa(n)+".name", nameT, &m.Name, nameCheck...)
		contactCheck := func() error {
			c := model.Contact{Name: strings.TrimSpace(m.Name), Role: strings.TrimSpace(m.Role), Phone: strings.TrimSpace(m.Phone), Email: strings.TrimSpace(m.Email)}
			if c.Empty() && i > 0 {
				return nil
			}
			if c.Name == "" {
				return w.fieldErr(nameT, "err.required")
			}
			if c.Phone == "" && c.Email == "" {
				return w.fieldErr(phoneT, "err.contact_needed")
			}
			return nil
		}
		if i == 0 {
			name = name.Description(req)
		}
		managerFields = append(managerFields,
			name,
			input(GroupManagers, "m"+ui.Itoa(n)+".role", title("tui.contact.role"), &m.Role),
			input(GroupManagers, "m"+ui.Itoa(n)+".phone", phoneT, &m.Phone, phone(phoneT)),
			input(GroupManagers, "m"+ui.Itoa(n)+".email", emailT, &m.Email, email(emailT, contactCheck)),
		)
	}
	managers := huh.NewGroup(managerFields...)

	serviceOpts := []huh.Option[string]{huh.NewOption(T("tui.wizard.choose"), "")}
	for _, st := range model.ServiceTypes {
		serviceOpts = append(serviceOpts, huh.NewOption(T("service."+string(st)), string(st)))
	}
	w.groupOf["service_type"], w.groupOf["cloud_website"] = groupService, groupService
	startT, endT := T("field.period_start"), T("field.period_end")
	service := huh.NewGroup(
		huh.NewSelect[string]().Key("service_type").Title(T("field.service_type")).Description(req).
			Options(serviceOpts...).Value(&v.ServiceType).
			Validate(func(s string) error {
				if s == "" {
					return w.fieldErr(T("field.service_type"), "err.required")
				}
				return nil
			}),
		huh.NewConfirm().Key("cloud_website").Title(T("field.cloud_website")).Description(T("tui.wizard.cloud_hint")).
			Affirmative(T("tui.yes")).Negative(T("tui.no")).Value(&v.CloudWebsite),
		input(groupService, "period_start", startT, &v.PeriodStart, date(startT, nil)).Description(T("tui.wizard.date_hint")),
		input(groupService, "period_end", endT, &v.PeriodEnd, date(endT, func() error {
			s, _ := model.ParseDate(v.PeriodStart)
			e, _ := model.ParseDate(v.PeriodEnd)
			if e.Before(s) {
				return w.fieldErr(endT, "err.period_order")
			}
			return nil
		})),
	)

	scaleOpts := []huh.Option[string]{huh.NewOption(T("scale."), "")}
	for _, sc := range model.VendorScales {
		scaleOpts = append(scaleOpts, huh.NewOption(T("scale."+string(sc)), string(sc)))
	}
	w.groupOf["vendor.scale"], w.groupOf["vendor.qualifications"] = GroupVendor, GroupVendor
	leadPhoneT, leadEmailT := T("field.vendor.lead.phone"), T("field.vendor.lead.email")
	vendor := huh.NewGroup(
		input(GroupVendor, "vendor.name", T("field.vendor.name"), &v.VendorName),
		huh.NewSelect[string]().Key("vendor.scale").Title(T("field.vendor.scale")).Options(scaleOpts...).Value(&v.VendorScale),
		ui.LimitedText(w.sh, huh.NewText().Key("vendor.qualifications").Value(&v.VendorQualifications).Lines(3).ExternalEditor(false),
			T("field.vendor.qualifications"), &v.VendorQualifications, model.MaxLongText),
		input(GroupVendor, "vendor.lead.name", T("field.vendor.lead.name"), &v.Lead.Name),
		input(GroupVendor, "vendor.lead.role", T("field.vendor.lead.role"), &v.Lead.Role),
		input(GroupVendor, "vendor.lead.phone", leadPhoneT, &v.Lead.Phone, phone(leadPhoneT)),
		input(GroupVendor, "vendor.lead.email", leadEmailT, &v.Lead.Email, email(leadEmailT, nil)),
	)

	w.groupOf["notes"] = groupNotes
	notes := huh.NewGroup(
		ui.LimitedText(w.sh, huh.NewText().Key("notes").Description(T("tui.wizard.notes_hint")).
			Value(&v.Notes).Lines(5).ExternalEditor(false), T("field.notes"), &v.Notes, model.MaxLongText),
	)

	w.form = huh.NewForm(basic, managers, service, vendor, notes).
		WithTheme(ui.FormTheme(w.sh)).
		WithKeyMap(ui.FormKeyMap(w.sh.Catalog)).
		WithShowHelp(false).
		WithShowErrors(true)
	w.resizeForm()
	cmds := []tea.Cmd{w.form.Init()}
	for i := 0; i < start && i < GroupCount-1; i++ {
		cmds = append(cmds, w.form.NextGroup())
	}
	w.group = w.focusedGroup()
	w.field = w.FocusedKey()
	return tea.Sequence(cmds...)
}

func (w *Wizard) fieldErr(title, key string) error {
	return errors.New(w.sh.T("err.field_line", title, w.sh.T(key)))
}

func (w *Wizard) FocusedKey() string {
	if f := w.form.GetFocusedField(); f != nil {
		return f.GetKey()
	}
	return ""
}

func (w *Wizard) focusedGroup() int { return w.groupOf[w.FocusedKey()] }

// SetSize gives the wizard its body.
func (w *Wizard) SetSize(width, height int) {
	w.w, w.h = width, height
	w.resizeForm()
}

// maxErrLines is how many problems are listed above the form; the rest are
// counted, so that the form keeps its room.
const maxErrLines = 4

func (w *Wizard) shownErrors() []string {
	if len(w.errLines) <= maxErrLines {
		return w.errLines
	}
	shown := append([]string(nil), w.errLines[:maxErrLines-1]...)
	return append(shown, w.sh.T("tui.wizard.more_errors", len(w.errLines)-(maxErrLines-1)))
}

func (w *Wizard) headerLines() int { return 3 + len(w.shownErrors()) }

func (w *Wizard) resizeForm() {
	if w.form == nil {
		return
	}
	// Room below the form for the field's error line.
	w.form.WithWidth(max(w.w-2, 20)).WithHeight(max(w.h-w.headerLines()-3, 5))
}

// Update hands a message to the form and saves a draft when the focus leaves
// a field whose value changed, and always when it moves to a later group.
func (w *Wizard) Update(msg tea.Msg) tea.Cmd {
	if w.sum.on {
		if k, ok := msg.(tea.KeyPressMsg); ok {
			return w.summaryKey(k)
		}
		return nil
	}
	if w.sum.single != "" {
		cmd, _ := w.singleUpdate(msg)
		return cmd
	}
	if w.form.State != huh.StateNormal {
		return nil
	}
	// An empty second or third manager is skipped with one key: enter on
	// its empty name goes on to the next group.
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "enter" {
		if key := w.FocusedKey(); (key == "m2.name" || key == "m3.name") && w.managersEmptyFrom(key) {
			return w.form.NextGroup()
		}
	}
	var cmd tea.Cmd
	w.form, cmd = ui.UpdateForm(w.form, msg)
	if w.form.State == huh.StateCompleted && w.editing == 0 && !w.sum.on && w.sum.done == huh.StateNormal {
		// The new engagement's groups end on the summary, before it is saved.
		w.form.State = huh.StateNormal
		w.openSummary()
		return tea.Batch(cmd, w.saveDraft(groupNotes))
	}
	if w.form.State != huh.StateNormal {
		return cmd
	}
	key := w.FocusedKey()
	if key == w.field {
		return cmd
	}
	w.field = key
	g := w.groupOf[key]
	later := g > w.group
	if g != w.group {
		w.group = g
		if len(w.errLines) > 0 {
			w.errLines = nil
			w.resizeForm()
		}
	}
	// A completed group is always saved, so the draft resumes there; within
	// a group, only a changed value is worth a save.
	if later || w.changed() {
		return tea.Batch(cmd, w.saveDraft(g))
	}
	return cmd
}

func (w *Wizard) changed() bool {
	data, _ := json.Marshal(w.vals)
	return !bytes.Equal(data, w.lastSaved)
}

// saveDraft stores the values with the group to resume at. One save is under
// way at a time, so a new draft is never created twice.
func (w *Wizard) saveDraft(step int) tea.Cmd {
	w.savedStep = step
	if w.saving {
		w.saveAgain = true
		return nil
	}
	w.saving = true
	data, _ := json.Marshal(w.vals)
	w.lastSaved = data
	return saveDraft(w.sh, w.host, w.serial, store.Draft{
		ID: w.draftID, Kind: store.DraftEngagement, EngagementID: w.editing, Step: step, Data: data,
	})
}

// DraftSaved takes the store's answer; it may send the save that waited, or
// the engagement completed meanwhile.
func (w *Wizard) DraftSaved(msg DraftSavedMsg) tea.Cmd {
	w.saving = false
	if msg.Err == nil {
		w.draftID = msg.id
	}
	if w.saveAgain {
		w.saveAgain = false
		return w.saveDraft(w.savedStep)
	}
	if w.submitPending {
		w.submitPending = false
		return w.Submit()
	}
	return nil
}

// managersEmptyFrom tells whether the manager of the name field key and
// those after it are empty.
func (w *Wizard) managersEmptyFrom(key string) bool {
	from := 1
	if key == "m3.name" {
		from = 2
	}
	for _, m := range w.vals.Managers[from:] {
		if strings.TrimSpace(m.Name+m.Role+m.Phone+m.Email) != "" {
			return false
		}
	}
	return true
}

// Idle reports whether no save is under way or waiting.
func (w *Wizard) Idle() bool { return !w.saving && !w.saveAgain && !w.submitPending && !w.submitting }

// Submit checks the completed engagement (model.Validate, as the store
// will) and sends it to the store; with problems it goes back to the form.
func (w *Wizard) Submit() tea.Cmd {
	if w.saving {
		w.submitPending = true
		return nil
	}
	e := w.vals.engagement()
	e.ID = w.editing
	if ve := e.Validate(); ve != nil {
		return w.Rejected(ve)
	}
	w.submitting = true
	return saveEngagement(w.sh, w.host, w.serial, e, w.draftID)
}

// Rejected returns to the form after validation or the store refused the
// engagement: at the group of the first field named, with every problem
// listed above it.
func (w *Wizard) Rejected(err error) tea.Cmd {
	w.submitting = false
	w.errLines = w.sh.Describe(err)
	start := w.group
	var ve model.ValidationError
	if errors.As(err, &ve) && len(ve) > 0 {
		start = groupOfPath(ve[0].Field)
	}
	cmd := w.build(start)
	if w.sum.on || w.sum.done != huh.StateNormal {
		// Refused from the summary: back to it, the problems above, the
		// cursor on the first field named.
		w.sum.done = huh.StateNormal
		w.sum.filter = ""
		w.openSummary()
		if len(ve) > 0 {
			w.cursorTo(summaryKeyOf(ve[0].Field))
		}
	}
	// The draft resumes where the problem is.
	if w.changed() || w.draftID != 0 {
		cmd = tea.Batch(cmd, w.saveDraft(start))
	}
	return cmd
}

// Leave is esc: the values typed so far are kept in the draft.
func (w *Wizard) Leave() tea.Cmd {
	w.closing = true
	if w.changed() {
		return w.saveDraft(w.group)
	}
	return nil
}

// View draws the wizard: what it does, the group, problems, then the form.
func (w *Wizard) View() string {
	if w.sum.on {
		return w.summaryView()
	}
	T, s := w.sh.T, w.sh.Styles
	title := T("tui.wizard.new")
	if w.editing != 0 {
		title = T("tui.wizard.edit", w.vals.Code)
	}
	var b strings.Builder
	b.WriteString(s.Title.Render(ui.Fit(" "+title, w.w)))
	b.WriteByte('\n')
	step := T("tui.wizard.step", w.group+1, GroupCount, T(GroupTitleKeys[w.group]))
	b.WriteString(s.Bold.Render(ui.Clip(" "+step, w.w)))
	b.WriteByte('\n')
	b.WriteString(s.Dim.Render(ui.Clip(" "+T(GroupHintKeys[w.group]), w.w)))
	b.WriteByte('\n')
	for _, l := range w.shownErrors() {
		b.WriteString(s.Error.Render(ui.Clip(" ! "+l, w.w)))
		b.WriteByte('\n')
	}
	if w.form.State != huh.StateNormal {
		b.WriteString(s.Dim.Render(" " + T("tui.wizard.saving")))
		return b.String()
	}
	b.WriteString(w.form.View())
	return b.String()
}

// The wizard's store calls; the results go to the page hosting the wizard
// (the dashboard), which hands them to the wizard that asked by its serial.
type (
	DraftSavedMsg struct {
		to     ui.PageKey
		Serial int // the wizard that saved
		id     int64
		Err    error
	}
	EngagementSavedMsg struct {
		to      ui.PageKey
		Serial  int
		E       model.Engagement
		Created bool
		Err     error
	}
)

func (m DraftSavedMsg) Recipient() ui.PageKey      { return m.to }
func (m EngagementSavedMsg) Recipient() ui.PageKey { return m.to }
func (DraftSavedMsg) EndsWrite() bool              { return true }
func (EngagementSavedMsg) EndsWrite() bool         { return true }

func saveDraft(sh *ui.Context, to ui.PageKey, serial int, d store.Draft) tea.Cmd {
	st, ctx, op := sh.Store, sh.Ctx, sh.Operator
	sh.Writing()
	return func() tea.Msg {
		id, err := st.SaveDraft(ctx, op, d)
		return DraftSavedMsg{to: to, Serial: serial, id: id, Err: err}
	}
}

// saveEngagement creates (ID 0) or updates the engagement; the store removes
// the wizard's draft in the same transaction.
func saveEngagement(sh *ui.Context, to ui.PageKey, serial int, e model.Engagement, draftID int64) tea.Cmd {
	st, ctx, op := sh.Store, sh.Ctx, sh.Operator
	sh.Writing()
	return func() tea.Msg {
		if e.ID == 0 {
			err := st.CreateEngagement(ctx, op, &e, draftID)
			return EngagementSavedMsg{to: to, Serial: serial, E: e, Created: true, Err: err}
		}
		err := st.UpdateEngagement(ctx, op, &e, draftID)
		return EngagementSavedMsg{to: to, Serial: serial, E: e, Err: err}
	}
}

// State is the state of the wizard: completed (to be saved), aborted or
// still being filled. On the summary it is what the user chose there.
func (w *Wizard) State() huh.FormState {
	if w.sum.on || w.sum.single != "" {
		return w.sum.done
	}
	return w.form.State
}

// Submitted reports that the completed form's save is asked for (now, or
// once the draft save under way ends).
func (w *Wizard) Submitted() bool { return w.submitting || w.submitPending }

// Serial tells this wizard's store results from another's.
func (w *Wizard) Serial() int { return w.serial }

// Values is what the wizard holds now.
func (w *Wizard) Values() *Values { return w.vals }
