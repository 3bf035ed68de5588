package ui

import (
	"charm.land/bubbles/v2/key"

	"outsec/i18n"
)

// exitKeyMap is the keys of the service exit page (package exit), part of
// the one KeyMap (KeyMap.Exit). Moving and going back are the KeyMap's own.
type exitKeyMap struct {
	Open    key.Binding // X on the dashboard: the service exit (8.2)
	Start   key.Binding // n: start the exit
	Tab     key.Binding // tab: checklist, inventory, destruction and report
	Section key.Binding // 1–3: a tab at once (help only)
	Edit    key.Binding // enter: the checklist item / the exit record
	Toggle  key.Binding // space: checklist item done or open / mark an item
	MarkAll key.Binding // *: mark every undisposed item, or none
	Folder  key.Binding // f: add a folder to the inventory
	Check   key.Binding // c: the receiving check of a folder
	Back    key.Binding // h: the marked items handed back
	Destroy key.Binding // D: the marked items destroyed
	Record  key.Binding // e: the exit record (plan, authorisation, confirmation, report)
	Docs    key.Binding // p: the exit's documents
}

func defaultExitKeys(cat *i18n.Catalog) exitKeyMap {
	b := func(keys []string, label, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(label, cat.T(desc)))
	}
	return exitKeyMap{
		Open:    b([]string{"X"}, "X", "tui.exit.help.open"),
		Start:   b([]string{"n"}, "n", "tui.exit.help.start"),
		Tab:     b([]string{"tab"}, "tab", "tui.exit.help.tab"),
		Section: b([]string{"1", "2", "3"}, "1-3", "tui.exit.help.section"),
		Edit:    b([]string{"enter"}, cat.T("tui.key.enter"), "tui.exit.help.edit"),
		Toggle:  b([]string{"space"}, cat.T("tui.contract.key.space"), "tui.exit.help.toggle"),
		MarkAll: b([]string{"*"}, "*", "tui.exit.help.mark_all"),
		Folder:  b([]string{"f"}, "f", "tui.exit.help.folder"),
		Check:   b([]string{"c"}, "c", "tui.exit.help.check"),
		Back:    b([]string{"h"}, "h", "tui.exit.help.back"),
		Destroy: b([]string{"D"}, "D", "tui.exit.help.destroy"),
		Record:  b([]string{"e"}, "e", "tui.exit.help.record"),
		Docs:    b([]string{"p"}, "p", "tui.exit.help.docs"),
	}
}
