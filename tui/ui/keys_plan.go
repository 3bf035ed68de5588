package ui

import (
	"charm.land/bubbles/v2/key"

	"outsec/i18n"
)

// planKeyMap is the keys of the security management plan and the filing
// (packages plan and filing), part of the one KeyMap (KeyMap.Plan). Moving
// and going back are the KeyMap's own.
type planKeyMap struct {
	Open       key.Binding // P on the dashboard and the contract page: the plan (6.3)
	OpenFiling key.Binding // B on the dashboard, the contract and plan pages: the filing (6.5)

	Tab     key.Binding // tab: the next section
	Section key.Binding // 1–6: a section at once (help only)
	Sign    key.Binding // S: record the contract's signing
	Edit    key.Binding // enter: edit the section or the selected item
	Add     key.Binding // a: add a milestone or a role
	Delete  key.Binding // d: delete the selected milestone or role
	Cycle   key.Binding // space: next status of the selected annex A item
	Filter  key.Binding // f: annex A items of one status
	Approve key.Binding // A: submission and the leader's approval (6.3 b))
	Docs    key.Binding // p: the plan's and the filing's documents

	NewVersion key.Binding // n: file a new version
	Status     key.Binding // enter: submitted, accepted, the filing number
	Content    key.Binding // C: the service content (6.5 a) 2))
	DueDays    key.Binding // D: the days a timely filing has
}

// PlanArgSign opens the plan page with the form of the contract's signing
// (S on the contract page).
const PlanArgSign = "sign"

func defaultPlanKeys(cat *i18n.Catalog) planKeyMap {
	b := func(keys []string, label, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(label, cat.T(desc)))
	}
	return planKeyMap{
		Open:       b([]string{"P"}, "P", "tui.plan.help.open"),
		OpenFiling: b([]string{"B"}, "B", "tui.filing.help.open"),
		Tab:        b([]string{"tab"}, "tab", "tui.plan.help.tab"),
		Section:    b([]string{"1", "2", "3", "4", "5", "6"}, "1-6", "tui.plan.help.section"),
		Sign:       b([]string{"S"}, "S", "tui.plan.help.sign"),
		Edit:       b([]string{"enter", "e"}, cat.T("tui.key.enter"), "tui.plan.help.edit"),
		Add:        b([]string{"a"}, "a", "tui.plan.help.add"),
		Delete:     b([]string{"d"}, "d", "tui.plan.help.delete"),
		Cycle:      b([]string{"space"}, cat.T("tui.contract.key.space"), "tui.plan.help.cycle"),
		Filter:     b([]string{"f"}, "f", "tui.plan.help.filter"),
		Approve:    b([]string{"A"}, "A", "tui.plan.help.approve"),
		Docs:       b([]string{"p"}, "p", "tui.plan.help.docs"),
		NewVersion: b([]string{"n"}, "n", "tui.filing.help.new"),
		Status:     b([]string{"enter", "e"}, cat.T("tui.key.enter"), "tui.filing.help.status"),
		Content:    b([]string{"C"}, "C", "tui.filing.help.content"),
		DueDays:    b([]string{"D"}, "D", "tui.filing.help.due_days"),
	}
}
