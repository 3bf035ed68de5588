package templates

import (
	"strconv"

	"outsec/i18n"
	"outsec/model"
	"outsec/model/contract"
	xm "outsec/model/exit"
	"outsec/store"
)

// The documents of the service exit (GB/T 32926—2016 8.2; seed 001 clause
// 9): 服务退出检查单 (the checklist with each item's result), 数据移交清单
// (the inventory with checksums and dispositions; also the XLSX workbook),
// 数据销毁确认 (the authorisation, the deletion plan, every destroyed item
// and the vendor's confirmation) and 退出报告 (the report to the leader:
// trigger, checklist result, inventory totals, access, findings, the
// confidentiality end date, every reason still open); for cloud
// engagements 退出方案 (seed 001 9.3.2) and 数据删除计划 (9.3.5 b)).

// The documents of the exit.
const (
	ExitChecklist Kind = "exit-checklist" // 服务退出检查单 (8.2 b), 6.2.2)
	HandoverList  Kind = "handover-list"  // 数据移交清单 (8.2 c); seed 001 9.2.2 a), 9.3.3)
	Destruction   Kind = "destruction"    // 数据销毁确认 (seed 001 9.2.2 b)–c), 9.3.5)
	ExitReport    Kind = "exit-report"    // 退出报告 (8.2 d))
	// For cloud engagements (and by analogy for the others).
	ExitPlan     Kind = "exit-plan"     // 退出方案 (seed 001 9.3.2)
	DeletionPlan Kind = "deletion-plan" // 数据删除计划 (seed 001 9.3.5 b))
)

func init() {
	// Before the summary, which stays last.
	n := len(Kinds)
	Kinds = append(Kinds[:n-1:n-1], ExitPlan, ExitChecklist, HandoverList, DeletionPlan, Destruction, ExitReport, Kinds[n-1])
}

func exitTypeCode(k Kind) (string, bool) {
	switch k {
	case ExitChecklist:
		return "XC", true
	case HandoverList:
		return "HL", true
	case Destruction:
		return "DC", true
	case ExitReport:
		return "XR", true
	case ExitPlan:
		return "XP", true
	case DeletionPlan:
		return "DP", true
	}
	return "", false
}

// ExitView is the exit as its documents show it (DocData.Exit).
type ExitView struct {
	Started bool
	Cloud   bool
	Exit    xm.Exit
	Trigger string // its name with the clause
	Finding string // #3 and the finding's description, for 8.2 a)
	Succ    string

	Checks         []ExitCheckView
	Done, NA, Open int
	Items          []ExitItemView
	Destroyed      []ExitItemView
	Sum            xm.Summary
	OpenAccess     []string
	OpenFindings   int
	// ConfPeriod is the contract's confidentiality_period in words, ConfEnd
	// the day it ends (6.2.2 b) 4)).
	ConfPeriod string
	ConfEnd    model.Date
	// Blocks are every reason the exit is not complete, each with its
	// clause, in the document's language; Complete when none.
	Blocks   []string
	Complete bool
	State    string
}

// ExitCheckView is one checklist item in a document.
type ExitCheckView struct {
	N                          int
	ID, Title, Clause          string
	Status, Note, Evidence, By string
	On                         model.Date
}

// ExitItemView is one inventory item in a document.
type ExitItemView struct {
	N                                  int
	ID                                 int64
	Type, Name, Description, Format    string
	Size                               int64
	SHA256, SM3                        string
	Sensitive                          string
	Location                           string
	Disposition, Method, Witness       string
	On                                 model.Date
	MediaCleared, Evidence, VerifiedBy string
	Received                           string
}

// SetExit fills the exit's views from a store snapshot in the document's
// language.
func (d *DocData) SetExit(v store.ExitView) {
	T := d.t
	lang := d.Lang
	d.exitItems = v.Items
	ev := ExitView{Cloud: v.Cloud, OpenAccess: v.OpenAccess, OpenFindings: v.OpenFindings, ConfEnd: v.ConfidentialityEnd}
	if p, ok := contract.ParamByName("confidentiality_period"); ok && v.ConfidentialityPeriod != "" {
		ev.ConfPeriod = p.Format(lang, v.ConfidentialityPeriod)
	}
	if v.Exit == nil {
		d.Exit = ev
		return
	}
	x := *v.Exit
	ev.Started, ev.Exit = true, x
	open, shut := "（", "）"
	if lang == "en" {
		open, shut = " (", ")"
	}
	ev.Trigger = T(x.Trigger.Key()) + open + clauseText(lang, x.Trigger.Clause()) + shut
	if x.FindingID != 0 {
		ev.Finding = "#" + strconv.FormatInt(x.FindingID, 10)
		for _, f := range v.Findings {
			if f.ID == x.FindingID {
				ev.Finding += " " + f.Description
			}
		}
	}
	ev.Succ = T(x.Successor.Key())
	if x.SuccessorName != "" {
		ev.Succ += " " + x.SuccessorName
	}
	for i, c := range v.Checks {
		def, _ := xm.CheckDefByID(c.ID)
		ev.Checks = append(ev.Checks, ExitCheckView{N: i + 1, ID: c.ID, Title: def.Title.In(lang), Clause: clauseText(lang, def.Clause),
			Status: T(c.Status.Key()), Note: c.Note, Evidence: c.Evidence, By: c.CheckedBy, On: c.On})
		switch c.Status {
		case xm.CheckDone:
			ev.Done++
		case xm.CheckNA:
			ev.NA++
		default:
			ev.Open++
		}
	}
	yes := func(b bool) string {
		if b {
			return T("exits.yes")
		}
		return T("exits.no")
	}
	for i, it := range v.Items {
		iv := ExitItemView{N: i + 1, ID: it.ID, Type: T(it.Type.Key()), Name: it.Name, Description: it.Description, Format: it.Format,
			Size: it.Size, SHA256: it.SHA256, SM3: it.SM3, Sensitive: yes(it.Sensitive), Location: it.Location,
			Disposition: T(it.Disposition.Key()), Method: it.Method, Witness: it.Witness, On: it.DisposedOn, MediaCleared: yes(it.MediaCleared),
			Evidence: it.Evidence, VerifiedBy: it.VerifiedBy, Received: T(it.Received.Key())}
		ev.Items = append(ev.Items, iv)
		if it.Disposition == xm.Destroyed {
			iv.N = len(ev.Destroyed) + 1
			ev.Destroyed = append(ev.Destroyed, iv)
		}
	}
	ev.Sum = xm.Summarise(v.Items)
	st, blocks := v.LifecycleState()
	ev.State = T(st.Key())
	for _, b := range blocks {
		ev.Blocks = append(ev.Blocks, T(b.Key, b.Args...)+open+T("err.clause", clauseText(lang, b.Clause))+shut)
	}
	ev.Complete = len(blocks) == 0
	d.Exit = ev
}

// renderHandoverXLSX is the inventory workbook (数据移交清单).
func renderHandoverXLSX(d *DocData) ([]byte, error) {
	lang := i18n.ZH
	if d.Lang == "en" {
		lang = i18n.EN
	}
	items := make([]xm.Item, 0, len(d.exitItems))
	items = append(items, d.exitItems...)
	return xm.WriteXLSX(items, i18n.New(lang).T)
}

// ClauseText is a clause as lang writes it (the screens of the exit and the
// command line use it too): "附录 A" is "Annex A" in English, the cloud
// guide is named in English.
func ClauseText(lang string, c model.Clause) string { return clauseText(lang, c) }
