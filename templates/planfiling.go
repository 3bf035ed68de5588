package templates

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"outsec/model"
	"outsec/model/annexa"
	"outsec/model/contract"
	"outsec/model/filing"
	"outsec/model/plan"
)

// The documents of the security management plan (6.3) and the filing (6.5):
// 信息安全管理计划, 外包服务机构备案表 of one version, and 变更备案说明 of a change
// version against the version before it. A filing document is filled from
// its version's frozen snapshot alone, with the version's number and
// drafting date as the document's, so that v1's document is the same, byte
// for byte, whenever it is made again.

// The documents of the plan and the filing.
const (
	SecurityPlan Kind = "security-plan" // 信息安全管理计划 (6.3)
	FilingForm   Kind = "filing-form"   // 外包服务机构备案表, one per version (6.5 a))
	FilingChange Kind = "filing-change" // 变更备案说明: what changed since the version before (6.5 b))
)

func init() {
	// Before the summary, which stays last.
	n := len(Kinds)
	Kinds = append(Kinds[:n-1:n-1], SecurityPlan, FilingForm, FilingChange, Kinds[n-1])
}

// PerVersion reports whether the kind is made for one filing version
// (DocData.Filing): its number is the version's (2026-001-FF-02).
func (k Kind) PerVersion() bool { return k == FilingForm || k == FilingChange }

// planTypeCode is the type code of the plan's and the filing's documents.
func planTypeCode(k Kind) (string, bool) {
	switch k {
	case SecurityPlan:
		return "SP", true
	case FilingForm:
		return "FF", true
	case FilingChange:
		return "FC", true
	}
	return "", false
}

// PlanView is the security management plan as its document shows it.
type PlanView struct {
	Plan    plan.Plan
	Signing contract.Signing
	// Rows of the tables of sections 1), 2) and 3), cells as stored.
	Milestones, Roles, Controls [][]string
	// Counts of section 3 by status, in words: "已计划 30，已部署 10 …".
	Counts     string
	Settled    int
	Total      int
	Unsettled  []string // labels of the items neither planned nor not applicable
	Period     string   // the tracking period in words
	Approved   bool
	ApprovedOn string
}

// FilingView is one version of the filing as its documents show it.
type FilingView struct {
	Version  filing.Version
	Label    string // v1
	Reason   string // in words
	Status   string
	Drafted  model.Date
	Managers [][]string // name, role, phone, email
	// Service and Vendor are items 2) and 3) as label/value rows.
	Service, Vendor [][]string
	Measures        [][]string // item, measure
	Other           [][]string // key, value
	// Previous is the version before (empty for v1); Changes the fields
	// that differ from it, label / old / new (the change statement).
	Previous string
	Changes  [][]string
}

// SetPlanFiling sets the plan's and the filings' views from the records:
// the plan, the signing (in d.Contract) and every version, the latest one
// as Filing.
func (d *DocData) SetPlanFiling(p plan.Plan, versions []filing.Version) {
	d.filings = versions
	d.Plan = d.planView(p)
	d.Filing = nil
	if n := len(versions); n > 0 {
		d.Filing = d.filingView(n - 1)
	}
}

// Filings is the number of filing versions.
func (d *DocData) Filings() int { return len(d.filings) }

// ForFiling is a copy of d for the documents of filing version n (1, 2 …);
// false when there is no such version.
func (d *DocData) ForFiling(n int) (*DocData, bool) {
	for i, v := range d.filings {
		if v.Number == n {
			c := *d
			c.Filing = d.filingView(i)
			return &c, true
		}
	}
	return nil, false
}

// cellDate is a date for a table cell, which escapes it itself: empty when
// there is none.
func cellDate(lang string, d model.Date) string {
	if d == "" {
		return ""
	}
	return FormatDate(lang, d)
}

func (d *DocData) statusWords(counts map[plan.Status]int) string {
	var parts []string
	for _, s := range plan.Statuses {
		if counts[s] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", d.cat.T(s.Key()), counts[s]))
		}
	}
	sep := "，"
	if d.Lang == "en" {
		sep = ", "
	}
	return strings.Join(parts, sep)
}

func (d *DocData) planView(p plan.Plan) PlanView {
	T, lang := d.cat.T, d.Lang
	v := PlanView{Plan: p, Signing: d.Contract.Signing, Approved: p.Approval.Approved(), ApprovedOn: FormatDate(lang, p.Approval.ApprovedOn)}
	for i, m := range p.Milestones {
		v.Milestones = append(v.Milestones, []string{strconv.Itoa(i + 1), cellDate(lang, m.Date), m.Name, m.Objective})
	}
	for _, r := range p.Roles {
		v.Roles = append(v.Roles, []string{T("tui.plan.side." + string(r.Side)), r.Person, r.Role, r.Duties})
	}
	for _, r := range p.ControlRows(d.Cloud) {
		measure := r.Measure
		if r.Status == plan.NA {
			measure = T("doc.plan.na_because", r.Reason)
		}
		v.Controls = append(v.Controls, []string{r.Item.Label(), r.Item.Title(lang), T(r.Status.Key()), measure, r.Owner,
			cellDate(lang, r.Planned)})
		v.Total++
		if r.Settled() {
			v.Settled++
		} else {
			v.Unsettled = append(v.Unsettled, r.Item.Label())
		}
	}
	v.Counts = d.statusWords(p.Count(d.Cloud))
	if p.Tracking.PeriodMonths > 0 {
		v.Period = T("doc.plan.period", p.Tracking.PeriodMonths)
	}
	return v
}

func (d *DocData) fieldValue(f filing.Field) string {
	if f.Value == "" {
		return ""
	}
	if f.Enum != "" {
		return d.cat.T(f.Enum + f.Value)
	}
	return f.Value
}

func (d *DocData) fieldLabel(f filing.Field) string {
	if f.Arg != "" {
		return d.cat.T(f.Key, f.Arg)
	}
	return d.cat.T(f.Key)
}

func (d *DocData) filingView(i int) *FilingView {
	T, lang := d.cat.T, d.Lang
	ver := d.filings[i]
	s := ver.Snapshot
	v := &FilingView{Version: ver, Label: ver.Label(), Reason: T(ver.Reason.Key()), Status: T(ver.Status.Key()),
		Drafted: model.Date(ver.CreatedAt.Local().Format(model.DateLayout))}
	for _, m := range s.Managers {
		v.Managers = append(v.Managers, []string{m.Name, m.Role, m.Phone, m.Email})
	}
	for _, f := range s.Fields() {
		switch {
		case f.Path == "service_type" || f.Path == "service_content":
			v.Service = append(v.Service, []string{d.fieldLabel(f), d.fieldValue(f)})
		case strings.HasPrefix(f.Path, "vendor."):
			v.Vendor = append(v.Vendor, []string{d.fieldLabel(f), d.fieldValue(f)})
		}
	}
	for _, m := range s.Measures {
		label := T("tui.filing.treatment")
		if it, ok := annexa.ByID(m.Item); ok {
			label = it.Label() + " " + it.Title(lang)
		}
		v.Measures = append(v.Measures, []string{label, m.Text})
	}
	for _, kv := range s.Other {
		v.Other = append(v.Other, []string{kv.Key, kv.Value})
	}
	if i > 0 {
		prev := d.filings[i-1]
		v.Previous = prev.Label()
		for _, x := range filing.Diff(&prev.Snapshot, &s) {
			old, nw := x.Old, x.New
			x.Field.Value = old
			old = d.fieldValue(x.Field)
			x.Field.Value = nw
			nw = d.fieldValue(x.Field)
			v.Changes = append(v.Changes, []string{d.fieldLabel(x.Field), old, nw})
		}
	}
	return v
}

// SamplePlanFiling is the sample's plan and two filing versions: v1 with the
// vendor's former lead, v2, a change, with the lead of e.
func SamplePlanFiling(e model.Engagement, lang string) (plan.Plan, []filing.Version) {
	p := plan.SamplePlan(lang)
	old := e
	old.Vendor.Lead = filing.SampleLead(lang)
	at := func(d string) time.Time { t, _ := time.Parse("2006-01-02 15:04", d); return t }
	v1 := filing.Version{Number: 1, Reason: filing.Initial, Authority: "e-gov", Status: filing.Accepted, SubmittedOn: "2026-04-10",
		FilingNo: "BA-2026-0101", Snapshot: filing.Take(&old, &p, []string{"MFA"}, filing.SampleOther(lang)), CreatedAt: at("2026-04-09 09:00")}
	v2 := filing.Version{Number: 2, Reason: filing.Change, Authority: "e-gov", Status: filing.Drafted,
		Snapshot: filing.Take(&e, &p, []string{"MFA"}, filing.SampleOther(lang)), CreatedAt: at("2026-05-06 09:00")}
	return p, []filing.Version{v1, v2}
}
