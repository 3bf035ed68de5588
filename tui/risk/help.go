package risk

import (
	"charm.land/bubbles/v2/key"

	"outsec/tui/ui"
)

// riskHelp is the help line and full help of the risk screen in its current
// state.
func (r *riskScreen) help() ui.KeyHelp {
	k, rk := r.sh.Keys, r.sh.Keys.Risks
	switch r.mode {
	case riskModeForm:
		if r.confirm != nil {
			return k.QuestionHelp()
		}
		return k.FormHelp()
	case riskModeFilter:
		return k.FilterHelp()
	case riskModeDetail:
		return ui.KeyHelp{Short: []key.Binding{k.Up, k.Down, rk.Back, k.Quit}}
	case riskModeEditCell:
		return ui.KeyHelp{Short: []key.Binding{rk.Digits, rk.EditCell, rk.Back}}
	case riskModeIO:
		return r.ioHelp()
	}
	move := []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}
	tabs := []key.Binding{rk.Tabs, rk.NextTab, rk.PrevTab}
	global := []key.Binding{rk.Back, k.Help, k.Quit}
	switch r.tab {
	case riskTabHeat:
		short := []key.Binding{rk.Tabs, rk.Left, rk.Right, rk.Cell, rk.Residual, rk.Back, k.Help}
		return ui.KeyHelp{Short: short, Full: [][]key.Binding{tabs, {k.Up, k.Down, rk.Left, rk.Right, rk.Cell, rk.Residual}, global}}
	case riskTabSettings:
		// The digits are values here: tab changes pages.
		short := []key.Binding{rk.NextTab, rk.Digits, rk.Method, rk.Save, rk.Reset, rk.Undo, rk.Back, k.Help}
		return ui.KeyHelp{Short: short, Full: [][]key.Binding{{rk.NextTab, rk.PrevTab}, {k.Up, k.Down, rk.Left, rk.Right, rk.Digits, rk.EditCell},
			{rk.Method, rk.Save, rk.Reset, rk.Undo}, global}}
	case riskTabConclusion:
		short := []key.Binding{rk.Tabs, rk.Conclude, k.Up, k.Down, rk.Back, k.Help}
		return ui.KeyHelp{Short: short, Full: [][]key.Binding{tabs, {rk.Conclude, k.Up, k.Down}, global}}
	}
	edit := []key.Binding{rk.Add, rk.Edit, rk.Delete, rk.Filter, rk.Sort, rk.Detail}
	if r.tab == riskTabRisks {
		edit = append(edit, rk.Treat)
	}
	full := [][]key.Binding{tabs, move, edit}
	short := []key.Binding{rk.Tabs, rk.Add, rk.Edit, rk.Delete}
	switch r.tab {
	case riskTabAssets, riskTabThreats, riskTabVulns:
		// Before the filter and the sort, so that an 80-column line shows it.
		short = append(short, rk.ImportExport)
		full = append(full, []key.Binding{rk.Import, rk.Export})
	case riskTabRisks:
		full = append(full, []key.Binding{rk.Export})
	}
	short = append(short, rk.Filter, rk.Sort, rk.Detail)
	if r.tab == riskTabRisks {
		short = append(short, rk.Treat)
	}
	short = append(short, rk.Back, k.Help)
	if r.tab == riskTabRisks {
		// Last: where the line is too narrow, it goes before esc and ?.
		short = append(short, rk.ExportOnly)
	}
	return ui.KeyHelp{Short: short, Full: append(full, global)}
}
