package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"outsec/store"
	"outsec/templates"
)

// ExportDialog is the export dialog of the documents page and of the NDA
// batch: the formats, the folder, and — when the operator has a signing key
// in force — whether to sign, with the key's passphrase. huh writes into
// its values; the passphrase is emptied as soon as the dialog ends.
type ExportDialog struct {
	sh   *Context
	form *huh.Form

	Formats []string // the names of the formats chosen
	Dir     string
	// Key is the operator's signing key in force; nil: exports are unsigned.
	Key  *store.SigningKey
	Sign bool
	Pass string
	// Errs is why the dialog is shown again (a wrong passphrase), above it.
	Errs []string

	text    ExportDialogText
	choices []templates.Format
	w, h    int
}

// ExportDialogText is what the dialog says: its title, the hint under the
// formats, and the sign question's title and description (the key's name
// and fingerprint are added).
type ExportDialogText struct {
	Title       string
	FormatsHint string
	SignTitle   string // with %s for the key's name
	SignDesc    string // under the fingerprint; may be empty
	PassTitle   string
	PassHint    string
}

// NewExportDialog is a dialog over choices, with chosen ticked, writing
// into dir, signing with key when there is one.
func NewExportDialog(sh *Context, text ExportDialogText, choices []templates.Format, chosen []string, dir string, key *store.SigningKey) *ExportDialog {
	return &ExportDialog{sh: sh, text: text, choices: choices, Formats: chosen, Dir: dir, Key: key, Sign: key != nil}
}

// Build makes the form afresh (the passphrase typed is forgotten) and
// starts it.
func (d *ExportDialog) Build() tea.Cmd {
	T := d.sh.T
	d.Pass = ""
	chosen := map[string]bool{}
	for _, n := range d.Formats {
		chosen[n] = true
	}
	var opts []huh.Option[string]
	for _, f := range d.choices {
		opts = append(opts, huh.NewOption(f.Label+" (."+f.Name+")", f.Name).Selected(chosen[f.Name]))
	}
	km := FormKeyMap(d.sh.Catalog)
	km.MultiSelect.Toggle.SetHelp(T("tui.doc.key.toggle"), T("tui.help.toggle"))
	km.MultiSelect.Filter.SetEnabled(false)
	km.MultiSelect.SelectAll.SetEnabled(false)
	km.MultiSelect.SelectNone.SetEnabled(false)
	title, dirT := d.text.Title, T("tui.doc.export.dir")
	groups := []*huh.Group{huh.NewGroup(
		huh.NewMultiSelect[string]().Key("formats").Title(T("tui.doc.export.formats")).Description(d.text.FormatsHint).
			Options(opts...).Value(&d.Formats).Filterable(false).Height(len(opts)+2).
			Validate(func(v []string) error {
				if len(v) == 0 {
					return Errorf(T("tui.doc.export.no_format"))
				}
				return nil
			}),
		huh.NewInput().Key("dir").Title(dirT).Description(T("tui.doc.export.dir_hint")).
			Value(&d.Dir).CharLimit(4096).
			Validate(func(s string) error {
				if strings.TrimSpace(s) == "" {
					return Errorf(T("err.field_line", dirT, T("err.required")))
				}
				return nil
			}),
	).Title(title)}
	if k := d.Key; k != nil {
		desc := "Ed25519 " + k.Ed25519FPR
		if d.text.SignDesc != "" {
			desc += "\n" + d.text.SignDesc
		}
		groups = append(groups,
			huh.NewGroup(
				huh.NewConfirm().Key("sign").Title(T(d.text.SignTitle, OneLine(k.Name))).Description(desc).
					Affirmative(T("tui.yes")).Negative(T("tui.no")).Value(&d.Sign),
			).Title(title),
			huh.NewGroup(
				huh.NewInput().Key("pass").Title(d.text.PassTitle).Description(d.text.PassHint).
					EchoMode(huh.EchoModePassword).Value(&d.Pass).CharLimit(1024).
					Validate(func(s string) error {
						if s == "" {
							return Errorf(T("keys.err.empty"))
						}
						return nil
					}),
			).Title(title).WithHideFunc(func() bool { return !d.Sign }),
		)
	}
	d.form = huh.NewForm(groups...).WithTheme(FormTheme(d.sh)).WithKeyMap(km).WithShowHelp(false).WithShowErrors(true)
	d.SetSize(d.w, d.h)
	return d.form.Init()
}

// ToPassphrase moves a dialog just built straight to the passphrase: the
// formats and the folder stand (after a wrong passphrase).
func (d *ExportDialog) ToPassphrase(init tea.Cmd) tea.Cmd {
	return tea.Sequence(init, d.form.NextGroup(), d.form.NextGroup())
}

// SetSize gives the dialog w×h cells, less the lines of its problems.
func (d *ExportDialog) SetSize(w, h int) {
	d.w, d.h = w, h
	if d.form != nil {
		d.form.WithWidth(max(min(w-2, 100), 20)).WithHeight(max(h-3-len(d.Errs), 5))
	}
}

// Update hands the form a message; state says whether it is completed or
// aborted (the passphrase is then forgotten).
func (d *ExportDialog) Update(msg tea.Msg) (cmd tea.Cmd, state huh.FormState) {
	if d.form == nil || d.form.State != huh.StateNormal {
		return nil, huh.StateNormal
	}
	// Shift+Tab on the passphrase, alone in its group, goes back to the
	// question before it (issue 16: huh left the form with nothing focused).
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "shift+tab" && d.Focused() == "pass" {
		return d.form.PrevGroup(), huh.StateNormal
	}
	d.form, cmd = UpdateForm(d.form, msg)
	if d.form.State == huh.StateAborted {
		d.Pass = ""
	}
	return cmd, d.form.State
}

// Chosen is the formats chosen, in the order of the choices.
func (d *ExportDialog) Chosen() []templates.Format {
	var out []templates.Format
	for _, f := range d.choices {
		for _, n := range d.Formats {
			if n == f.Name {
				out = append(out, f)
			}
		}
	}
	return out
}

// TakePass is the passphrase typed when the export is to be signed, as
// bytes for the command that unlocks the key; the dialog forgets it (and
// the form that held it).
func (d *ExportDialog) TakePass() (pass []byte, sign bool) {
	sign = d.Key != nil && d.Sign
	if sign {
		pass = []byte(d.Pass)
		d.form = nil
	}
	d.Pass = ""
	return pass, sign
}

// View is the problems, what is above the form, and the form.
func (d *ExportDialog) View(above ...string) string {
	s := d.sh.Styles
	var lines []string
	for _, e := range d.Errs {
		lines = append(lines, s.Error.Render(Clip(" ! "+e, d.w)))
	}
	for _, a := range above {
		lines = append(lines, Clip(" "+a, d.w))
	}
	if len(above) > 0 {
		lines = append(lines, "")
	}
	if d.form == nil {
		return JoinLines(lines)
	}
	if len(lines) > 0 {
		return JoinLines(lines) + "\n" + d.form.View()
	}
	return d.form.View()
}

// Focused is the key of the field that has the keys ("" none).
func (d *ExportDialog) Focused() string {
	if d.form == nil {
		return ""
	}
	if f := d.form.GetFocusedField(); f != nil {
		return f.GetKey()
	}
	return ""
}
