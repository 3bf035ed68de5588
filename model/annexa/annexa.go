// Package annexa is the catalog of the basic information security controls of
// GB/T 32926—2016 annex A (A.1–A.8): every item and sub-item the responsible
// unit deploys (the security management plan, 6.3 a) 3)), the filing
// describes (6.5 a) 4)) and an inspector checks on site. It is typed Go data
// like model/contract's clause catalog: for each item a stable id, its clause,
// and our own wording in Chinese and English of its short title, what good
// looks like and the evidence an inspector asks for. Pure: no SQL, no
// terminal, no files.
package annexa

import (
	"strings"

	"outsec/model"
)

// Std is the standard the annex belongs to.
const Std = "GB/T 32926—2016"

// Clause is the clause of the whole annex.
const Clause model.Clause = Std + " 附录 A"

// Text is one text in both languages.
type Text struct{ ZH, EN string }

// In is the text in lang: English for any tag starting with "en", else Chinese.
func (t Text) In(lang string) string {
	if strings.HasPrefix(strings.ToLower(lang), "en") {
		return t.EN
	}
	return t.ZH
}

// Group is one of the eight control areas A.1–A.8.
type Group string

// The groups in annex order.
const (
	GroupOrganisation Group = "A.1" // 信息安全组织
	GroupOperations   Group = "A.2" // 通信和操作管理
	GroupPersonnel    Group = "A.3" // 人力资源安全
	GroupAccess       Group = "A.4" // 访问控制
	GroupPhysical     Group = "A.5" // 物理和环境安全
	GroupService      Group = "A.6" // 服务获取、管理和保持
	GroupIncident     Group = "A.7" // 信息安全事件管理
	GroupContinuity   Group = "A.8" // 业务连续性管理
)

// Groups lists the groups in annex order.
var Groups = []Group{GroupOrganisation, GroupOperations, GroupPersonnel, GroupAccess, GroupPhysical,
	GroupService, GroupIncident, GroupContinuity}

// Title is the group's name in lang.
func (g Group) Title(lang string) string { return groupTitles[g].In(lang) }

var groupTitles = map[Group]Text{
	GroupOrganisation: {"信息安全组织", "Security organisation"},
	GroupOperations:   {"通信和操作管理", "Communications and operations"},
	GroupPersonnel:    {"人力资源安全", "Human resources security"},
	GroupAccess:       {"访问控制", "Access control"},
	GroupPhysical:     {"物理和环境安全", "Physical and environmental security"},
	GroupService:      {"服务获取、管理和保持", "Service acquisition, management and upkeep"},
	GroupIncident:     {"信息安全事件管理", "Security incident management"},
	GroupContinuity:   {"业务连续性管理", "Business continuity"},
}

// Item is one control of the annex, at the finest level the annex gives
// (A.2.5 b) 3) rather than A.2.5 b)).
type Item struct {
	// ID is stable: plans and inspections are stored and exchanged under it
	// ("A.1.a", "A.2.1", "A.2.5.b.3").
	ID    string
	Group Group
	// Clause is "GB/T 32926—2016 A.2.5 b) 3)".
	Clause model.Clause
	// Section is the subsection of A.2 the item belongs to ("A.2.5"), or
	// the group for the others.
	Section string
	// Parent is the wording of the item a sub-item belongs to (A.2.5 b):
	// "the audit records contain …"); empty for an item without one.
	Parent Text
	// Cloud: the item applies only to a government website on cloud
	// services. Annex A has none: every item applies to every engagement;
	// the flag is there for items that a cloud guide adds.
	Cloud bool
	// Name is our short title; Good is what a deployed control looks like;
	// Evidence is what an inspector asks to see.
	Name, Good, Evidence Text
}

// Title is the item's short title in lang.
func (it Item) Title(lang string) string { return it.Name.In(lang) }

// Label is the item's place in the annex: "A.2.5 b) 3)".
func (it Item) Label() string { return strings.TrimPrefix(string(it.Clause), Std+" ") }

var index = map[string]int{}

func init() {
	for i, it := range catalog {
		if _, dup := index[it.ID]; dup {
			panic("annexa: item " + it.ID + " twice")
		}
		index[it.ID] = i
	}
}

// Items is every item in annex order.
func Items() []Item { return append([]Item(nil), catalog...) }

// ItemsFor is the items that apply to an engagement: all but the cloud-only
// ones unless cloud.
func ItemsFor(cloud bool) []Item {
	var out []Item
	for _, it := range catalog {
		if !it.Cloud || cloud {
			out = append(out, it)
		}
	}
	return out
}

// InGroup is the items of group g in annex order.
func InGroup(g Group) []Item {
	var out []Item
	for _, it := range catalog {
		if it.Group == g {
			out = append(out, it)
		}
	}
	return out
}

// ByID finds an item.
func ByID(id string) (Item, bool) {
	i, ok := index[id]
	if !ok {
		return Item{}, false
	}
	return catalog[i], true
}

// Position is the item's place in the annex order (for sorting); len(Items())
// for an unknown id.
func Position(id string) int {
	if i, ok := index[id]; ok {
		return i
	}
	return len(catalog)
}
