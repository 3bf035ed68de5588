package wizard

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"outsec/tui/ui"
)

// The summary (issue 16): every field of the engagement on one screen.
// Editing an engagement opens on it — enter on a field edits that field
// alone and saves, so changing the vendor's phone is e, the filter's
// letters, enter, ctrl+u, the number, enter — and a new engagement's five
// groups end on it before it is saved (ctrl+s, or enter on "save").
// Typing filters the fields by their names; esc clears the filter, then
// leaves (the draft keeps what was typed).

// summaryField is one row: its form key, its group, the catalog key of its
// name (with a manager's number), and its value as shown.
type summaryField struct {
	key   string
	group int
	label func(T func(string, ...any) string) string
	value func(v *Values, T func(string, ...any) string) string
}

// summaryFields lists the form's fields in its order (build).
func summaryFields() []summaryField {
	lab := func(k string) func(T func(string, ...any) string) string {
		return func(T func(string, ...any) string) string { return T(k) }
	}
	str := func(get func(v *Values) string) func(v *Values, T func(string, ...any) string) string {
		return func(v *Values, _ func(string, ...any) string) string { return get(v) }
	}
	fs := []summaryField{
		{"name", groupBasic, lab("field.name"), str(func(v *Values) string { return v.Name })},
		{"department", groupBasic, lab("field.department"), str(func(v *Values) string { return v.Department })},
		{"responsible_unit", groupBasic, lab("field.responsible_unit"), str(func(v *Values) string { return v.ResponsibleUnit })},
		{"leader", groupBasic, lab("field.leader"), str(func(v *Values) string { return v.Leader })},
	}
	for i := range 3 {
		n := i + 1
		part := func(k string) func(T func(string, ...any) string) string {
			return func(T func(string, ...any) string) string { return T("tui.wizard.manager", n, T(k)) }
		}
		p := "m" + ui.Itoa(n) + "."
		fs = append(fs,
			summaryField{p + "name", GroupManagers, part("tui.contact.name"), str(func(v *Values) string { return v.Managers[i].Name })},
			summaryField{p + "role", GroupManagers, part("tui.contact.role"), str(func(v *Values) string { return v.Managers[i].Role })},
			summaryField{p + "phone", GroupManagers, part("tui.contact.phone"), str(func(v *Values) string { return v.Managers[i].Phone })},
			summaryField{p + "email", GroupManagers, part("tui.contact.email"), str(func(v *Values) string { return v.Managers[i].Email })},
		)
	}
	fs = append(fs,
		summaryField{"service_type", groupService, lab("field.service_type"), func(v *Values, T func(string, ...any) string) string {
			if v.ServiceType == "" {
				return ""
			}
			return T("service." + v.ServiceType)
		}},
		summaryField{"cloud_website", groupService, lab("field.cloud_website"), func(v *Values, T func(string, ...any) string) string {
			if v.CloudWebsite {
				return T("tui.yes")
			}
			return T("tui.no")
		}},
		summaryField{"period_start", groupService, lab("field.period_start"), str(func(v *Values) string { return v.PeriodStart })},
		summaryField{"period_end", groupService, lab("field.period_end"), str(func(v *Values) string { return v.PeriodEnd })},
		summaryField{"vendor.name", GroupVendor, lab("field.vendor.name"), str(func(v *Values) string { return v.VendorName })},
		summaryField{"vendor.scale", GroupVendor, lab("field.vendor.scale"), func(v *Values, T func(string, ...any) string) string {
			if v.VendorScale == "" {
				return ""
			}
			return T("scale." + v.VendorScale)
		}},
		summaryField{"vendor.qualifications", GroupVendor, lab("field.vendor.qualifications"), str(func(v *Values) string { return v.VendorQualifications })},
		summaryField{"vendor.lead.name", GroupVendor, lab("field.vendor.lead.name"), str(func(v *Values) string { return v.Lead.Name })},
		summaryField{"vendor.lead.role", GroupVendor, lab("field.vendor.lead.role"), str(func(v *Values) string { return v.Lead.Role })},
		summaryField{"vendor.lead.phone", GroupVendor, lab("field.vendor.lead.phone"), str(func(v *Values) string { return v.Lead.Phone })},
		summaryField{"vendor.lead.email", GroupVendor, lab("field.vendor.lead.email"), str(func(v *Values) string { return v.Lead.Email })},
		summaryField{"notes", groupNotes, lab("field.notes"), str(func(v *Values) string { return v.Notes })},
	)
	return fs
}

// summaryState is the summary's part of the wizard.
type summaryState struct {
	on     bool
	cursor int    // in the rows shown
	filter string // typed letters
	// single is the key of the field edited alone ("" none); arrived tells
	// that the form's focus has reached it, after which leaving it ends
	// the edit.
	single  string
	arrived bool
	before  []byte // the values when the edit began, for esc
	// done is how the summary ended: save asked (completed) or left.
	done huh.FormState
}

// rows are the fields the filter lets through, plus the "save" row of a
// new engagement.
func (w *Wizard) rows() []summaryField {
	T := w.sh.T
	var out []summaryField
	f := strings.ToLower(w.sum.filter)
	for _, sf := range summaryFields() {
		// An empty second or third manager is one row, its name.
		if n := managerOf(sf.key); n > 0 && f == "" && !strings.HasSuffix(sf.key, ".name") && w.vals.Managers[n].Empty() {
			continue
		}
		if f == "" || strings.Contains(strings.ToLower(sf.label(T)), f) || strings.Contains(sf.key, f) {
			out = append(out, sf)
		}
	}
	if w.editing == 0 && f == "" {
		out = append(out, summaryField{key: saveRow})
	}
	return out
}

const saveRow = "\x00save"

// managerOf is the index of the second or third manager a key is of, 0
// for any other field.
func managerOf(key string) int {
	switch {
	case strings.HasPrefix(key, "m2."):
		return 1
	case strings.HasPrefix(key, "m3."):
		return 2
	}
	return 0
}

// openSummary shows the summary.
func (w *Wizard) openSummary() {
	w.sum.on, w.sum.single, w.sum.arrived = true, "", false
	w.sum.cursor = min(w.sum.cursor, max(len(w.rows())-1, 0))
}

// summaryKey takes a key press on the summary.
func (w *Wizard) summaryKey(msg tea.KeyPressMsg) tea.Cmd {
	rows := w.rows()
	switch msg.String() {
	case "up", "ctrl+p":
		w.sum.cursor = max(w.sum.cursor-1, 0)
	case "down", "ctrl+n":
		w.sum.cursor = min(w.sum.cursor+1, max(len(rows)-1, 0))
	case "home":
		w.sum.cursor = 0
	case "end":
		w.sum.cursor = max(len(rows)-1, 0)
	case "backspace":
		if r := []rune(w.sum.filter); len(r) > 0 {
			w.sum.filter = string(r[:len(r)-1])
			w.sum.cursor = 0
		}
	case "esc":
		if w.sum.filter != "" {
			w.sum.filter, w.sum.cursor = "", 0
			return nil
		}
		w.sum.done = huh.StateAborted
	case "ctrl+s":
		w.sum.done = huh.StateCompleted
	case "enter":
		if len(rows) == 0 {
			return nil
		}
		r := rows[min(w.sum.cursor, len(rows)-1)]
		if r.key == saveRow {
			w.sum.done = huh.StateCompleted
			return nil
		}
		return w.editAlone(r)
	default:
		if t := msg.Text; t != "" && msg.Mod == 0 {
			w.sum.filter += t
			w.sum.cursor = 0
		}
	}
	return nil
}

// editAlone opens the form on one field: at its group, then forward to it.
func (w *Wizard) editAlone(r summaryField) tea.Cmd {
	w.sum.before, _ = jsonOf(w.vals)
	w.sum.single, w.sum.arrived = r.key, false
	cmd := w.build(r.group)
	var next []tea.Cmd
	for _, sf := range summaryFields() {
		if sf.group != r.group {
			continue
		}
		if sf.key == r.key {
			break
		}
		next = append(next, w.form.NextField())
	}
	if len(next) == 0 {
		w.sum.arrived = w.FocusedKey() == r.key
	}
	w.sum.on = false
	return tea.Sequence(append([]tea.Cmd{cmd}, next...)...)
}

// singleUpdate follows the form while one field is edited: once the focus
// has reached the field and leaves it (enter, tab), the edit is done — saved
// at once when editing an engagement, back to the summary of a new one; esc
// puts the value back.
func (w *Wizard) singleUpdate(msg tea.Msg) (tea.Cmd, bool) {
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "esc" && w.sum.arrived {
		restore(w.vals, w.sum.before)
		w.openSummary()
		return nil, true
	}
	var cmd tea.Cmd
	w.form, cmd = ui.UpdateForm(w.form, msg)
	key := w.FocusedKey()
	switch {
	case !w.sum.arrived:
		w.sum.arrived = key == w.sum.single
	case key != w.sum.single || w.form.State != huh.StateNormal:
		if w.form.State == huh.StateAborted {
			restore(w.vals, w.sum.before)
		}
		w.openSummary()
		if w.editing != 0 && w.changed() {
			w.sum.done = huh.StateCompleted // saved at once
		}
	}
	return cmd, true
}

// summaryView draws the summary: each group's fields with their values.
func (w *Wizard) summaryView() string {
	T, s := w.sh.T, w.sh.Styles
	var b strings.Builder
	title := T("tui.wizard.new")
	if w.editing != 0 {
		title = T("tui.wizard.edit", w.vals.Code)
	}
	b.WriteString(s.Title.Render(ui.Fit(" "+title, w.w)) + "\n")
	hint := T("tui.wizard.summary.hint_edit")
	if w.editing == 0 {
		hint = T("tui.wizard.summary.hint_new")
	}
	b.WriteString(s.Dim.Render(ui.Clip(" "+hint, w.w)) + "\n")
	if w.sum.filter != "" {
		b.WriteString(ui.Clip(" / "+w.sum.filter, w.w) + "\n")
	}
	for _, l := range w.shownErrors() {
		b.WriteString(s.Error.Render(ui.Clip(" ! "+l, w.w)) + "\n")
	}
	rows := w.rows()
	room := max(w.h-5-len(w.shownErrors()), 3)
	top := 0
	if w.sum.cursor >= room {
		top = w.sum.cursor - room + 1
	}
	labelW := 0
	for _, r := range rows {
		if r.key != saveRow {
			labelW = max(labelW, ui.CellWidth(r.label(T)))
		}
	}
	group := -1
	for i := top; i < len(rows) && i < top+room; i++ {
		r := rows[i]
		mark := "  "
		if i == w.sum.cursor {
			mark = "> "
		}
		if r.key == saveRow {
			line := mark + T("tui.wizard.summary.save")
			if i == w.sum.cursor {
				line = s.Selected.Render(ui.Fit(line, w.w))
			}
			b.WriteString(line + "\n")
			continue
		}
		g := ""
		if r.group != group {
			group = r.group
			g = T(GroupTitleKeys[r.group])
		}
		val := ui.OneLine(r.value(w.vals, T))
		if val == "" {
			val = s.Dim.Render("—")
		}
		line := mark + ui.PadCells(r.label(T), labelW) + "  " + val
		if g != "" {
			line += "  " + s.Dim.Render("· "+g)
		}
		line = ui.Clip(line, w.w)
		if i == w.sum.cursor {
			line = s.Selected.Render(ui.Fit(line, w.w))
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

// summaryKeyOf is the form key of a validation error's field path
// ("managers[0].phone" → "m1.phone").
func summaryKeyOf(path string) string {
	if strings.HasPrefix(path, "managers[") {
		if i := strings.IndexByte(path, ']'); i > 9 {
			n := 0
			for _, c := range path[9:i] {
				n = n*10 + int(c-'0')
			}
			return "m" + ui.Itoa(n+1) + path[i+1:]
		}
	}
	return path
}

// cursorTo puts the summary's cursor on the field with the key.
func (w *Wizard) cursorTo(key string) {
	for i, r := range w.rows() {
		if r.key == key {
			w.sum.cursor = i
			return
		}
	}
}
