package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// Approval is who approved a destruction and why (GB/T 39477—2020 6.3.4).
type Approval struct {
	Approver string
	Reason   string
}

// NewApprovalForm asks who approved deleting something and why: both are
// required, and recorded with the deletion. Completing it is the yes of a
// ConfirmForm; esc leaves it, nothing deleted.
func NewApprovalForm(sh *Context, title string, w, h int) (*ConfirmForm, *Approval, tea.Cmd) {
	a := &Approval{}
	c := &ConfirmForm{sh: sh, title: title, w: w, h: h, Yes: true}
	required := func(s string) error {
		if strings.TrimSpace(s) == "" {
			return textError(sh.T("err.required"))
		}
		return nil
	}
	c.Form = huh.NewForm(huh.NewGroup(
		huh.NewNote().Title(title).Description(sh.T("tui.delete.approval_desc")),
		huh.NewInput().Key("approver").Title(sh.T("tui.delete.approver")).CharLimit(100).Validate(required).Value(&a.Approver),
		huh.NewInput().Key("reason").Title(sh.T("tui.delete.reason")).CharLimit(500).Validate(required).Value(&a.Reason),
	)).
		WithTheme(FormTheme(sh)).
		WithKeyMap(FormKeyMap(sh.Catalog)).
		WithShowHelp(false)
	c.SetSize(w, h)
	return c, a, c.Form.Init()
}
