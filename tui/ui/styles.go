package ui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"outsec/model"
)

// Styles is every style of the workbench, built once from the terminal's
// background and whether colour is wanted (NO_COLOR). Without colour,
// selection and emphasis use reverse and bold, which every terminal shows.
type Styles struct {
	Dark    bool
	NoColor bool

	Title     lipgloss.Style // the top bar
	Header    lipgloss.Style // column headings
	Selected  lipgloss.Style // the selected row (focused list)
	Cursor    lipgloss.Style // the selected row while another pane has focus
	Dim       lipgloss.Style
	Bold      lipgloss.Style
	Sample    lipgloss.Style // the sample mark
	Stop      lipgloss.Style // "must not proceed"
	Error     lipgloss.Style
	Success   lipgloss.Style
	Status    lipgloss.Style // the status bar
	Phase     lipgloss.Style // a phase heading in the lifecycle panel
	Done      lipgloss.Style
	Progress  lipgloss.Style
	Pending   lipgloss.Style
	Update    lipgloss.Style
	Block     lipgloss.Style
	Divider   lipgloss.Style
	HelpTitle lipgloss.Style

	Help help.Styles
	// Form is the forms' theme; built from the same background.
	Form *huh.Styles
}

// NewStyles builds the styles for a dark or light background.
func NewStyles(dark, noColor bool) Styles {
	s := Styles{Dark: dark, NoColor: noColor}
	plain := lipgloss.NewStyle()
	if noColor {
		s.Title = plain.Bold(true).Reverse(true)
		s.Header = plain.Bold(true).Underline(true)
		s.Selected = plain.Reverse(true).Bold(true)
		s.Cursor = plain.Bold(true)
		s.Dim = plain
		s.Bold = plain.Bold(true)
		s.Sample = plain
		s.Stop = plain.Bold(true)
		s.Error = plain.Bold(true)
		s.Success = plain
		s.Status = plain.Reverse(true)
		s.Phase = plain.Bold(true).Underline(true)
		s.Done, s.Progress, s.Pending, s.Update = plain, plain.Bold(true), plain, plain.Bold(true)
		s.Block = plain
		s.Divider = plain
		s.HelpTitle = plain.Bold(true).Underline(true)
		s.Help = help.Styles{
			Ellipsis: plain, ShortKey: plain.Bold(true), ShortDesc: plain, ShortSeparator: plain,
			FullKey: plain.Bold(true), FullDesc: plain, FullSeparator: plain,
		}
		s.Form = noColorFormStyles()
		return s
	}
	ld := lipgloss.LightDark(dark)
	accent := ld(lipgloss.Color("#1F5FAF"), lipgloss.Color("#7AA2F7"))
	subtle := ld(lipgloss.Color("#6C6C6C"), lipgloss.Color("#8A8A8A"))
	selBg := ld(lipgloss.Color("#D7E3F4"), lipgloss.Color("#2D3F5F"))
	fg := ld(lipgloss.Color("#1A1A1A"), lipgloss.Color("#E4E4E4"))
	red := ld(lipgloss.Color("#B00020"), lipgloss.Color("#FF6B7A"))
	green := ld(lipgloss.Color("#1B7F3B"), lipgloss.Color("#7BD88F"))
	amber := ld(lipgloss.Color("#8A5A00"), lipgloss.Color("#E5C07B"))
	barBg := ld(lipgloss.Color("#E8E8E8"), lipgloss.Color("#303030"))

	s.Title = plain.Bold(true).Foreground(ld(lipgloss.Color("#FFFFFF"), lipgloss.Color("#101010"))).Background(accent)
	s.Header = plain.Bold(true).Foreground(subtle).Underline(true)
	s.Selected = plain.Bold(true).Foreground(fg).Background(selBg)
	s.Cursor = plain.Foreground(fg).Background(barBg)
	s.Dim = plain.Foreground(subtle)
	s.Bold = plain.Bold(true)
	s.Sample = plain.Foreground(amber)
	s.Stop = plain.Foreground(red).Bold(true)
	s.Error = plain.Foreground(red).Bold(true)
	s.Success = plain.Foreground(green)
	s.Status = plain.Foreground(fg).Background(barBg)
	s.Phase = plain.Bold(true).Foreground(accent)
	s.Done = plain.Foreground(green)
	s.Progress = plain.Foreground(amber)
	s.Pending = plain.Foreground(subtle)
	s.Update = plain.Foreground(red)
	s.Block = plain.Foreground(red)
	s.Divider = plain.Foreground(subtle)
	s.HelpTitle = plain.Bold(true).Foreground(accent)
	s.Help = help.DefaultStyles(dark)
	s.Form = huh.ThemeCharm(dark)
	return s
}

// noColorFormStyles is the forms' theme without colour: the focused button
// and the select cursor are shown in reverse and bold.
func noColorFormStyles() *huh.Styles {
	t := huh.ThemeBase(true)
	plain := lipgloss.NewStyle()
	button := plain.Padding(0, 2).MarginRight(1)
	t.Focused.Title = plain.Bold(true)
	t.Focused.ErrorIndicator = plain.Bold(true).SetString(" *")
	t.Focused.ErrorMessage = plain.Bold(true).SetString(" *")
	t.Focused.FocusedButton = button.Reverse(true).Bold(true)
	t.Focused.BlurredButton = button
	t.Focused.Next = t.Focused.FocusedButton
	t.Focused.SelectedOption = plain.Bold(true)
	t.Focused.TextInput.Placeholder = plain
	t.Blurred = t.Focused
	t.Blurred.Base = t.Focused.Base.BorderStyle(lipgloss.HiddenBorder())
	t.Blurred.Title = plain
	t.Blurred.Card = t.Blurred.Base
	t.Blurred.NextIndicator = plain
	t.Blurred.PrevIndicator = plain
	t.Group.Title = t.Focused.Title
	return t
}

// FormTheme hands the forms the current styles each time they render, so a
// change of background reaches forms already built (huh keeps the first theme
// a field is given).
func FormTheme(sh *Context) huh.Theme {
	return huh.ThemeFunc(func(bool) *huh.Styles { return sh.Styles.Form })
}

func StateStyle(s Styles, st model.State) interface{ Render(...string) string } {
	switch st {
	case model.Done:
		return s.Done
	case model.InProgress:
		return s.Progress
	case model.NeedsUpdate:
		return s.Update
	}
	return s.Pending
}

// InputStyles is the styles of a text input (the filters) on the current
// background: no blinking cursor, and nothing but the cursor without colour.
func (s Styles) InputStyles() textinput.Styles {
	if s.NoColor {
		return textinput.Styles{Cursor: textinput.CursorStyle{Blink: false}}
	}
	st := textinput.DefaultStyles(s.Dark)
	st.Cursor.Blink = false
	return st
}
