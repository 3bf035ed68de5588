package tui

import (
	"charm.land/bubbles/v2/key"

	"outsec/i18n"
)

// riskKeyMap is the keys of the risk assessment screens, part of the one
// KeyMap (KeyMap.Risks). The moves (up, down, pages) are the KeyMap's own.
type riskKeyMap struct {
	Tabs    key.Binding // 1–8
	NextTab key.Binding
	PrevTab key.Binding
	Left    key.Binding
	Right   key.Binding

	Add    key.Binding
	Edit   key.Binding
	Delete key.Binding
	Filter key.Binding
	Sort   key.Binding
	Detail key.Binding
	Treat  key.Binding // the treatment and residual form of a risk

	Cell     key.Binding // heat map: the risks of a cell
	Residual key.Binding // heat map: inherent or residual

	EditCell key.Binding // matrix editor: edit or commit the cell
	Digits   key.Binding // matrix editor: type a value
	Method   key.Binding // method, asset rule, rounding
	Save     key.Binding
	Reset    key.Binding // the standard's values
	Undo     key.Binding // back to the saved settings

	Conclude key.Binding
	Back     key.Binding

	// Import and export of the registers (risk_io.go).
	Import       key.Binding // a CSV or XLSX file into the registers
	Export       key.Binding // the register to a CSV or XLSX file
	ImportExport key.Binding // I and X on one entry of the help line
	ExportOnly   key.Binding // X on the help line of the risks tab
	IOConfirm    key.Binding // the preview: import
	IOCancel     key.Binding // the preview: leave without importing
}

func defaultRiskKeys(cat *i18n.Catalog) riskKeyMap {
	b := func(keys []string, label, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(cat.T(label), cat.T(desc)))
	}
	return riskKeyMap{
		Tabs:    b([]string{"1", "2", "3", "4", "5", "6", "7", "8"}, "tui.risk.key.tabs", "tui.risk.help.tabs"),
		NextTab: b([]string{"tab"}, "tui.risk.key.tab", "tui.risk.help.next_tab"),
		PrevTab: b([]string{"shift+tab"}, "tui.key.shift_tab", "tui.risk.help.prev_tab"),
		Left:    b([]string{"left", "h"}, "tui.risk.key.left", "tui.risk.help.left"),
		Right:   b([]string{"right", "l"}, "tui.risk.key.right", "tui.risk.help.right"),

		Add:    b([]string{"a"}, "tui.key.add", "tui.risk.help.add"),
		Edit:   b([]string{"e", "enter"}, "tui.risk.key.edit", "tui.risk.help.edit"),
		Delete: b([]string{"d"}, "tui.key.delete", "tui.risk.help.delete"),
		Filter: b([]string{"/"}, "tui.key.filter", "tui.risk.help.filter"),
		Sort:   b([]string{"s"}, "tui.key.sort", "tui.risk.help.sort"),
		Detail: b([]string{"i"}, "tui.risk.key.detail", "tui.risk.help.detail"),
		Treat:  b([]string{"t"}, "tui.risk.key.treat", "tui.risk.help.treat"),

		Cell:     b([]string{"enter"}, "tui.key.enter", "tui.risk.help.cell"),
		Residual: b([]string{"space"}, "tui.risk.key.space", "tui.risk.help.residual"),

		EditCell: b([]string{"enter"}, "tui.key.enter", "tui.risk.help.edit_cell"),
		Digits:   b([]string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "."}, "tui.risk.key.digits", "tui.risk.help.digits"),
		Method:   b([]string{"e", "m"}, "tui.risk.key.method", "tui.risk.help.method"),
		Save:     b([]string{"w", "ctrl+s"}, "tui.risk.key.save", "tui.risk.help.save"),
		Reset:    b([]string{"R"}, "tui.risk.key.reset", "tui.risk.help.reset"),
		Undo:     b([]string{"u"}, "tui.risk.key.undo", "tui.risk.help.undo"),

		Conclude: b([]string{"e", "enter"}, "tui.risk.key.edit", "tui.risk.help.conclude"),
		Back:     b([]string{"esc"}, "tui.key.esc", "tui.risk.help.back"),

		Import:       b([]string{"I"}, "tui.riskio.key.import", "tui.riskio.help.import"),
		Export:       b([]string{"X"}, "tui.riskio.key.export", "tui.riskio.help.export"),
		ImportExport: b([]string{"I", "X"}, "tui.riskio.key.import_export", "tui.riskio.help.import_export"),
		ExportOnly:   b([]string{"X"}, "tui.riskio.key.export", "tui.riskio.help.export_short"),
		IOConfirm:    b([]string{"y", "enter"}, "tui.riskio.key.confirm", "tui.riskio.help.confirm"),
		IOCancel:     b([]string{"n", "esc"}, "tui.riskio.key.cancel", "tui.riskio.help.cancel"),
	}
}

// riskHelp is the help line and full help of the risk screen in its current
// state.
func (r *riskScreen) help() keyHelp {
	k, rk := r.sh.keys, r.sh.keys.Risks
	switch r.mode {
	case riskModeForm:
		if r.confirm != nil {
			return k.questionHelp()
		}
		return k.formHelp()
	case riskModeFilter:
		return k.filterHelp()
	case riskModeDetail:
		return keyHelp{short: []key.Binding{k.Up, k.Down, rk.Back, k.Quit}}
	case riskModeEditCell:
		return keyHelp{short: []key.Binding{rk.Digits, rk.EditCell, rk.Back}}
	case riskModeIO:
		return r.ioHelp()
	}
	move := []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}
	tabs := []key.Binding{rk.Tabs, rk.NextTab, rk.PrevTab}
	global := []key.Binding{rk.Back, k.Help, k.Quit}
	switch r.tab {
	case riskTabHeat:
		short := []key.Binding{rk.Tabs, rk.Left, rk.Right, rk.Cell, rk.Residual, rk.Back, k.Help}
		return keyHelp{short: short, full: [][]key.Binding{tabs, {k.Up, k.Down, rk.Left, rk.Right, rk.Cell, rk.Residual}, global}}
	case riskTabSettings:
		// The digits are values here: tab changes pages.
		short := []key.Binding{rk.NextTab, rk.Digits, rk.Method, rk.Save, rk.Reset, rk.Undo, rk.Back, k.Help}
		return keyHelp{short: short, full: [][]key.Binding{{rk.NextTab, rk.PrevTab}, {k.Up, k.Down, rk.Left, rk.Right, rk.Digits, rk.EditCell},
			{rk.Method, rk.Save, rk.Reset, rk.Undo}, global}}
	case riskTabConclusion:
		short := []key.Binding{rk.Tabs, rk.Conclude, k.Up, k.Down, rk.Back, k.Help}
		return keyHelp{short: short, full: [][]key.Binding{tabs, {rk.Conclude, k.Up, k.Down}, global}}
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
	return keyHelp{short: short, full: append(full, global)}
}

// riskFullHelp is every key of the risk screens, for the ? help.
func (k KeyMap) riskFullHelp() []helpSection {
	rk := k.Risks
	return []helpSection{
		{"tui.risk.helpscreen.global", []helpEntry{entry(rk.Tabs), entry(rk.NextTab, rk.PrevTab), entry(rk.Back), entry(k.Help), entry(k.Quit)}},
		{"tui.risk.helpscreen.registers", []helpEntry{entry(k.Up, k.Down), entry(k.PageUp, k.PageDown), entry(rk.Add), entry(rk.Edit),
			entry(rk.Delete), entry(rk.Filter), entry(rk.Sort), entry(rk.Detail), entry(rk.Treat)}},
		{"tui.riskio.helpscreen.title", []helpEntry{entry(rk.Import), entry(rk.Export)}},
		{"tui.risk.helpscreen.heat", []helpEntry{entry(rk.Left, rk.Right), entry(rk.Cell), entry(rk.Residual)}},
		{"tui.risk.helpscreen.settings", []helpEntry{entry(rk.Digits), entry(rk.EditCell), entry(rk.Method), entry(rk.Save), entry(rk.Reset), entry(rk.Undo)}},
		{"tui.risk.helpscreen.conclusion", []helpEntry{entry(rk.Conclude)}},
	}
}
