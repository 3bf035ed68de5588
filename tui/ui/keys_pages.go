package ui

import (
	"outsec/i18n"

	"charm.land/bubbles/v2/key"
)

// docKeyMap is the keys of the documents screen, part of the one KeyMap
// (KeyMap.Docs). Moving, scrolling and going back are the KeyMap's own.
type docKeyMap struct {
	Open    key.Binding // p: the documents of the engagement
	Exports key.Binding // E: the Exports tab
	Preview key.Binding // enter: the preview of the selected document
	Export  key.Binding // x: the export dialog
	Tab     key.Binding // tab: documents ⇄ exports
}

func defaultDocKeys(cat *i18n.Catalog) docKeyMap {
	b := func(keys []string, label, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(label, desc))
	}
	return docKeyMap{
		Open:    b([]string{"p"}, cat.T("tui.doc.key.open"), cat.T("tui.doc.help.open")),
		Exports: b([]string{"E"}, cat.T("tui.doc.key.exports"), cat.T("tui.doc.help.exports")),
		Preview: b([]string{"enter"}, cat.T("tui.key.enter"), cat.T("tui.doc.help.preview")),
		Export:  b([]string{"x"}, cat.T("tui.doc.key.export"), cat.T("tui.doc.help.export")),
		Tab:     b([]string{"tab"}, cat.T("tui.doc.key.tab"), cat.T("tui.doc.help.tab")),
	}
}

// signKeyMap is the keys of the keys and verify screens, part of the one
// KeyMap (KeyMap.Sign).
type signKeyMap struct {
	Keys   key.Binding // K: the keys screen
	Verify key.Binding // V: the verify screen

	New    key.Binding // n: a new key for the current operator
	Export key.Binding // x: the selected key's public halves to a folder
	Import key.Binding // i: own keys from a folder
	Trust  key.Binding // t: another office's public keys
	Revoke key.Binding // r: revoke the selected key
	Policy key.Binding // a: approvals are signed, on or off
	Passwd key.Binding // p: change the passphrase of the operator's key

	Path  key.Binding // enter on the verify screen: another path
	Again key.Binding // r on the verify screen: verify again
}

func defaultSignKeys(cat *i18n.Catalog) signKeyMap {
	b := func(k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(k), key.WithHelp(k, desc))
	}
	return signKeyMap{
		Keys:   b("K", cat.T("tui.sign.help.keys")),
		Verify: b("V", cat.T("tui.sign.help.verify")),
		New:    b("n", cat.T("tui.sign.help.new")),
		Export: b("x", cat.T("tui.sign.help.export")),
		Import: b("i", cat.T("tui.sign.help.import")),
		Trust:  b("t", cat.T("tui.sign.help.trust")),
		Revoke: b("r", cat.T("tui.sign.help.revoke")),
		Policy: b("a", cat.T("tui.sign.help.policy")),
		Passwd: b("p", cat.T("tui.sign.help.passwd")),
		Path: key.NewBinding(key.WithKeys("enter", "/"),
			key.WithHelp(cat.T("tui.key.enter"), cat.T("tui.sign.help.path"))),
		Again: b("r", cat.T("tui.sign.help.again")),
	}
}

// contractKeyMap is the keys of the contract and NDA screens, part of the
// one KeyMap (KeyMap.Contract). Moving, going back and the help are the
// KeyMap's own.
type contractKeyMap struct {
	Open    key.Binding // c on the dashboard: the contract review
	OpenNDA key.Binding // N on the dashboard and the contract screen: the NDAs

	Cycle key.Binding // space: next finding of the selected item
	// GroupPresent marks every unassessed item of the selected item's
	// group present (issue 16).
	GroupPresent key.Binding
	Set          key.Binding // 1–4, 0: a finding at once (help only; the digits below match)
	Edit         key.Binding // enter: finding, article and note
	Header       key.Binding // t: title, version, date, reviewer
	Gaps         key.Binding // f: open gaps only
	Factor       key.Binding // c: record a change of the security factors (6.2.1 b))
	Factors      key.Binding // F: the factor changes recorded, to delete one recorded by mistake
	Delete       key.Binding // d: delete the selected factor change
	Params       key.Binding // m: parameters of the drafted annex and SLA
	Docs         key.Binding // p: the documents (review table, annex)
	Vendor       key.Binding // v: the vendor's NDA date
	PersonD      key.Binding // enter: a person's NDA date
	Batch        key.Binding // x: every person's NDA, generated at once
}

func defaultContractKeys(cat *i18n.Catalog) contractKeyMap {
	b := func(keys []string, label, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(label, desc))
	}
	return contractKeyMap{
		Open:         b([]string{"c"}, "c", cat.T("tui.contract.help.open")),
		OpenNDA:      b([]string{"N"}, "N", cat.T("tui.nda.help.open")),
		Cycle:        b([]string{"space"}, cat.T("tui.contract.key.space"), cat.T("tui.contract.help.cycle")),
		GroupPresent: b([]string{"A"}, "A", cat.T("tui.contract.help.group_present")),
		Set:          b([]string{"1", "2", "3", "4", "0"}, "1-4 0", cat.T("tui.contract.help.set")),
		Edit:         b([]string{"enter", "e"}, cat.T("tui.key.enter"), cat.T("tui.contract.help.edit")),
		Header:       b([]string{"t"}, "t", cat.T("tui.contract.help.header")),
		Gaps:         b([]string{"f"}, "f", cat.T("tui.contract.help.gaps")),
		Factor:       b([]string{"c"}, "c", cat.T("tui.contract.help.factor")),
		Factors:      b([]string{"F"}, "F", cat.T("tui.contract.help.factors")),
		Delete:       b([]string{"d"}, "d", cat.T("tui.contract.help.delete")),
		Params:       b([]string{"m"}, "m", cat.T("tui.contract.help.params")),
		Docs:         b([]string{"p"}, "p", cat.T("tui.contract.help.docs")),
		Vendor:       b([]string{"v"}, "v", cat.T("tui.nda.help.vendor")),
		PersonD:      b([]string{"enter", "e"}, cat.T("tui.key.enter"), cat.T("tui.nda.help.person")),
		Batch:        b([]string{"x"}, "x", cat.T("tui.nda.help.batch")),
	}
}

// screeningKeyMap is the keys of the screening screen, part of the one KeyMap
// (KeyMap.Screen). Moving, adding, editing, deleting and going back are the
// KeyMap's own.
type screeningKeyMap struct {
	Cycle    key.Binding // next result of the selected item
	Answer   key.Binding // the result and evidence form of the selected item
	ToPeople key.Binding // from the vendor's checklist to the people register
	AllMet   key.Binding // every item not yet assessed marked met (issue 16)
	ToVendor key.Binding // from the people to the vendor's checklist
	Open     key.Binding // the selected person's checklist
	AddP     key.Binding
	EditP    key.Binding
	DeleteP  key.Binding
	BackList key.Binding // from a person's checklist to the register
}

func defaultScreeningKeys(cat *i18n.Catalog) screeningKeyMap {
	b := func(keys []string, label, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(label, desc))
	}
	return screeningKeyMap{
		Cycle:    b([]string{"space"}, cat.T("tui.screening.key.space"), cat.T("tui.screening.help.cycle")),
		Answer:   b([]string{"e", "enter"}, cat.T("tui.screening.key.answer"), cat.T("tui.screening.help.answer")),
		ToPeople: b([]string{"tab"}, cat.T("tui.screening.key.tab"), cat.T("tui.screening.help.to_people")),
		AllMet:   b([]string{"A"}, "A", cat.T("tui.screening.help.all_met")),
		ToVendor: b([]string{"tab"}, cat.T("tui.screening.key.tab"), cat.T("tui.screening.help.to_vendor")),
		Open:     b([]string{"enter"}, cat.T("tui.screening.key.enter"), cat.T("tui.screening.help.open")),
		AddP:     b([]string{"a"}, cat.T("tui.screening.key.add"), cat.T("tui.screening.help.add")),
		EditP:    b([]string{"e"}, cat.T("tui.screening.key.edit"), cat.T("tui.screening.help.edit")),
		DeleteP:  b([]string{"d"}, cat.T("tui.screening.key.delete"), cat.T("tui.screening.help.delete")),
		BackList: b([]string{"esc"}, cat.T("tui.screening.key.esc"), cat.T("tui.screening.help.back_list")),
	}
}

// screeningBinding is the dashboard's key to the screening of the selected
// engagement.
func screeningBinding(cat *i18n.Catalog) key.Binding {
	return key.NewBinding(key.WithKeys("v"), key.WithHelp(cat.T("tui.screening.key.open"), cat.T("tui.screening.help.screen")))
}

// screeningHelpSection is the screening's block of the full help.
func (k KeyMap) screeningHelpSection() HelpSection {
	sk := k.Screen
	return HelpSection{"tui.helpscreen.screening", []HelpEntry{
		Entry(sk.Cycle, sk.Answer), Entry(sk.ToPeople, sk.Open), Entry(k.Contract.OpenNDA),
	}}
}

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

	// Import and export of the registers (package risk, io.go).
	Import       key.Binding // a CSV or XLSX file into the registers
	Export       key.Binding // the register to a CSV or XLSX file
	ImportExport key.Binding // I and X on one entry of the help line
	ExportOnly   key.Binding // X on the help line of the risks tab
	IOConfirm    key.Binding // the preview: import
	IOCancel     key.Binding // the preview: leave without importing
	IODuplicates key.Binding // the preview: skip or update the records already there
}

func defaultRiskKeys(cat *i18n.Catalog) riskKeyMap {
	b := func(keys []string, label, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(cat.T(label), cat.T(desc)))
	}
	return riskKeyMap{
		Tabs:    b([]string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}, "tui.risk.key.tabs", "tui.risk.help.tabs"),
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
		IOConfirm:    b([]string{"y"}, "tui.riskio.key.confirm", "tui.riskio.help.confirm"),
		IOCancel:     b([]string{"n", "esc"}, "tui.riskio.key.cancel", "tui.riskio.help.cancel"),
		IODuplicates: b([]string{"u"}, "tui.riskio.key.dup", "tui.riskio.help.dup"),
	}
}

// RiskFullHelp is every key of the risk screens, for the ? help.
func (k KeyMap) RiskFullHelp() []HelpSection {
	rk := k.Risks
	return []HelpSection{
		{"tui.risk.helpscreen.global", []HelpEntry{Entry(rk.Tabs), Entry(rk.NextTab, rk.PrevTab), Entry(rk.Back), Entry(k.Help), Entry(k.Quit)}},
		{"tui.risk.helpscreen.registers", []HelpEntry{Entry(k.Up, k.Down), Entry(k.PageUp, k.PageDown), Entry(rk.Add), Entry(rk.Edit),
			Entry(rk.Delete), Entry(rk.Filter), Entry(rk.Sort), Entry(rk.Detail), Entry(rk.Treat)}},
		{"tui.riskio.helpscreen.title", []HelpEntry{Entry(rk.Import), Entry(rk.Export)}},
		{"tui.risk.helpscreen.heat", []HelpEntry{Entry(rk.Left, rk.Right), Entry(rk.Cell), Entry(rk.Residual)}},
		{"tui.risk.helpscreen.settings", []HelpEntry{Entry(rk.Digits), Entry(rk.EditCell), Entry(rk.Method), Entry(rk.Save), Entry(rk.Reset), Entry(rk.Undo)}},
		{"tui.risk.helpscreen.conclusion", []HelpEntry{Entry(rk.Conclude)}},
	}
}
