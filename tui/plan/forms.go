package plan

import (
	"strconv"
	"strings"

	"charm.land/huh/v2"

	"outsec/model"
	"outsec/model/annexa"
	"outsec/model/contract"
	"outsec/model/plan"
	"outsec/tui/ui"
)

// The forms of the plan page: the contract's signing, a milestone, a role,
// the deployment of one annex A item, sections 4)–6) and the approval. Each
// is checked as the store will check it before it is sent.

func (p *Page) newForm(title string, about []string, build func() *huh.Form, w func() (write, error, bool)) *ui.RecordForm[write] {
	return ui.NewRecordForm(p.sh, p.w, p.h, title, about, build, w)
}

func problems(errs model.ValidationError) error {
	if len(errs) == 0 {
		return nil
	}
	return errs
}

func (p *Page) signingForm() *ui.RecordForm[write] {
	T := p.sh.T
	sg := p.data.Signing
	v := struct{ date, number, version, dept, vendor string }{string(sg.Date), sg.Number, sg.Version, sg.DeptSignatory, sg.VendorSignatory}
	if v.date == "" {
		v.date = p.todayOr("")
	}
	if v.dept == "" {
		v.dept = p.data.Eng.Leader
	}
	if v.vendor == "" {
		v.vendor = p.data.Eng.Vendor.Lead.Name
	}
	build := func() *huh.Form {
		return huh.NewForm(huh.NewGroup(
			huh.NewInput().Key("date").Title(T("field.contract.signing.date")).Value(&v.date).
				Validate(ui.ValidateDate(p.sh, "field.contract.signing.date", false)),
			huh.NewInput().Key("number").Title(T("field.contract.signing.number")).Value(&v.number).CharLimit(model.MaxShortText),
			huh.NewInput().Key("version").Title(T("field.contract.signing.version")).Value(&v.version).CharLimit(model.MaxShortText),
			huh.NewInput().Key("dept").Title(T("field.contract.signing.dept_signatory")).Value(&v.dept).CharLimit(model.MaxShortText),
			huh.NewInput().Key("vendor").Title(T("field.contract.signing.vendor_signatory")).Value(&v.vendor).CharLimit(model.MaxShortText),
		))
	}
	return p.newForm(T("tui.plan.form.signing"), []string{T("tui.plan.form.signing_about")}, build, func() (write, error, bool) {
		s := contract.Signing{Date: ui.DateOf(v.date), Number: v.number, Version: v.version, DeptSignatory: v.dept, VendorSignatory: v.vendor}
		s.Normalise()
		if s == p.data.Signing {
			return write{}, nil, true
		}
		return write{kind: writeSigning, signing: s}, problems(s.Validate()), false
	})
}

// entryForm adds (i < 0) or edits entry i of the milestones or the roles.
func (p *Page) entryForm(i int) *ui.RecordForm[write] {
	if p.tab == plan.SecRoles {
		return p.roleForm(i)
	}
	T := p.sh.T
	var m plan.Milestone
	if i >= 0 {
		m = p.data.Plan.Milestones[i]
	}
	v := struct{ date, name, objective string }{string(m.Date), m.Name, m.Objective}
	build := func() *huh.Form {
		return huh.NewForm(huh.NewGroup(
			huh.NewInput().Key("date").Title(T("field.plan.milestones.date")).Value(&v.date).
				Validate(ui.ValidateDate(p.sh, "field.plan.milestones.date", false)),
			huh.NewInput().Key("name").Title(T("field.plan.milestones.name")).Value(&v.name).CharLimit(model.MaxShortText),
			huh.NewText().Key("objective").Title(T("field.plan.milestones.objective")).Value(&v.objective).CharLimit(plan.MaxText),
		))
	}
	return p.newForm(T("tui.plan.form.milestone"), []string{T("tui.plan.form.milestone_about")}, build, func() (write, error, bool) {
		n := plan.Milestone{Date: ui.DateOf(v.date), Name: strings.TrimSpace(v.name), Objective: strings.TrimSpace(v.objective)}
		if i >= 0 && n == m {
			return write{}, nil, true
		}
		pl := p.data.Plan
		ms := append([]plan.Milestone{}, pl.Milestones...)
		if i >= 0 {
			ms[i] = n
		} else {
			ms = append(ms, n)
		}
		pl.Milestones = ms
		return write{kind: writeSections, plan: pl}, problems(n.Validate(plan.FieldMilestones)), false
	})
}

func (p *Page) roleForm(i int) *ui.RecordForm[write] {
	T := p.sh.T
	r := plan.Role{Side: plan.SideVendor}
	if i >= 0 {
		r = p.data.Plan.Roles[i]
	}
	v := struct{ side, person, role, duties string }{string(r.Side), r.Person, r.Role, r.Duties}
	var names []string
	for _, x := range p.data.People {
		names = append(names, x.Name)
	}
	about := []string{T("tui.plan.form.role_about")}
	if len(names) > 0 {
		about = append(about, T("tui.plan.form.people", strings.Join(names, "、")))
	}
	build := func() *huh.Form {
		return huh.NewForm(huh.NewGroup(
			huh.NewSelect[string]().Key("side").Title(T("field.plan.roles.side")).Value(&v.side).Options(
				huh.NewOption(T("tui.plan.side.department"), string(plan.SideDepartment)),
				huh.NewOption(T("tui.plan.side.vendor"), string(plan.SideVendor))),
			huh.NewInput().Key("person").Title(T("field.plan.roles.person")).Value(&v.person).CharLimit(model.MaxShortText),
			huh.NewInput().Key("role").Title(T("field.plan.roles.role")).Value(&v.role).CharLimit(model.MaxShortText),
			huh.NewText().Key("duties").Title(T("field.plan.roles.duties")).Value(&v.duties).CharLimit(plan.MaxText),
		))
	}
	return p.newForm(T("tui.plan.form.role"), about, build, func() (write, error, bool) {
		n := plan.Role{Side: plan.Side(v.side), Person: strings.TrimSpace(v.person), Role: strings.TrimSpace(v.role), Duties: strings.TrimSpace(v.duties)}
		if i >= 0 && n == r {
			return write{}, nil, true
		}
		pl := p.data.Plan
		rs := append([]plan.Role{}, pl.Roles...)
		if i >= 0 {
			rs[i] = n
		} else {
			rs = append(rs, n)
		}
		pl.Roles = rs
		return write{kind: writeSections, plan: pl}, problems(n.Validate(plan.FieldRoles)), false
	})
}

func (p *Page) controlForm(d plan.Deployment) *ui.RecordForm[write] {
	T, lang := p.sh.T, p.lang()
	it, _ := annexa.ByID(d.Item)
	if d.Status == plan.Unplanned {
		d.Status = plan.Planned
	}
	old := p.data.Plan.Deployment(d.Item)
	v := struct{ status, measure, owner, planned, reason string }{string(d.Status), d.Measure, d.Owner, string(d.Planned), d.Reason}
	if v.planned == "" {
		v.planned = p.todayOr("")
	}
	var opts []huh.Option[string]
	for _, s := range plan.Statuses {
		opts = append(opts, huh.NewOption(T(s.Key()), string(s)))
	}
	build := func() *huh.Form {
		return huh.NewForm(huh.NewGroup(
			huh.NewSelect[string]().Key("status").Title(T("field.plan.controls.status")).Value(&v.status).Options(opts...),
			huh.NewText().Key("measure").Title(T("field.plan.controls.measure")).Value(&v.measure).CharLimit(plan.MaxText),
			huh.NewInput().Key("owner").Title(T("field.plan.controls.owner")).Value(&v.owner).CharLimit(model.MaxShortText),
			huh.NewInput().Key("planned").Title(T("field.plan.controls.planned")).Value(&v.planned).
				Validate(ui.ValidateDate(p.sh, "field.plan.controls.planned", true)),
			huh.NewText().Key("reason").Title(T("field.plan.controls.reason")).Description(T("tui.plan.form.reason_hint")).
				Value(&v.reason).CharLimit(plan.MaxText),
		))
	}
	about := []string{string(it.Clause) + "  " + it.Title(lang), T("tui.plan.good", it.Good.In(lang))}
	return p.newForm(T("tui.plan.form.control"), about, build, func() (write, error, bool) {
		n := plan.Deployment{Item: d.Item, Status: plan.Status(v.status), Measure: v.measure, Owner: v.owner, Planned: ui.DateOf(v.planned), Reason: v.reason}
		if n.Status == plan.NA {
			n.Planned = ""
		}
		n.Normalise()
		if n == old {
			return write{}, nil, true
		}
		return write{kind: writeControl, control: n}, problems(n.Validate(plan.FieldControls)), false
	})
}

// sectionForm edits section 4), 5) or 6).
func (p *Page) sectionForm(s plan.Section) *ui.RecordForm[write] {
	T := p.sh.T
	pl := p.data.Plan
	a, b, c := "", "", ""
	var keys [3]string
	switch s {
	case plan.SecIncident:
		a, b, c = pl.Incident.Contacts, pl.Incident.Deadline, pl.Incident.Procedure
		keys = [3]string{"field.plan.incident.contacts", "field.plan.incident.deadline", "field.plan.incident.procedure"}
	case plan.SecResources:
		a, b, c = pl.Resources.BackupStaff, pl.Resources.SpareEquipment, pl.Resources.BackupServices
		keys = [3]string{"field.plan.resources.backup_staff", "field.plan.resources.spare_equipment", "field.plan.resources.backup_services"}
	case plan.SecTracking:
		if pl.Tracking.PeriodMonths > 0 {
			a = strconv.Itoa(pl.Tracking.PeriodMonths)
		}
		b, c = pl.Tracking.Reporting, pl.Tracking.Records
		keys = [3]string{"field.plan.tracking.period_months", "field.plan.tracking.reporting", "field.plan.tracking.records"}
	}
	build := func() *huh.Form {
		var first huh.Field = huh.NewText().Key("a").Title(T(keys[0])).Value(&a).CharLimit(plan.MaxText)
		if s == plan.SecTracking {
			first = huh.NewInput().Key("a").Title(T(keys[0])).Value(&a).Validate(func(x string) error {
				if n, err := strconv.Atoi(strings.TrimSpace(x)); strings.TrimSpace(x) != "" && (err != nil || n < 1 || n > plan.MaxPeriod) {
					return ui.Errorf(T("err.field_line", T(keys[0]), T("plan.err.period", plan.MaxPeriod)))
				}
				return nil
			})
		}
		var second huh.Field = huh.NewText().Key("b").Title(T(keys[1])).Value(&b).CharLimit(plan.MaxText)
		if s == plan.SecIncident {
			second = huh.NewInput().Key("b").Title(T(keys[1])).Value(&b).CharLimit(model.MaxShortText)
		}
		return huh.NewForm(huh.NewGroup(first, second, huh.NewText().Key("c").Title(T(keys[2])).Value(&c).CharLimit(plan.MaxText)))
	}
	return p.newForm(T(s.Key()), []string{T("tui.plan.form.section_about", string(s.Clause()))}, build, func() (write, error, bool) {
		n := p.data.Plan
		switch s {
		case plan.SecIncident:
			n.Incident = plan.Incident{Contacts: a, Deadline: b, Procedure: c}
		case plan.SecResources:
			n.Resources = plan.Resources{BackupStaff: a, SpareEquipment: b, BackupServices: c}
		case plan.SecTracking:
			m, _ := strconv.Atoi(strings.TrimSpace(a))
			n.Tracking = plan.Tracking{PeriodMonths: m, Reporting: b, Records: c}
		}
		n.Normalise()
		if n.Incident == pl.Incident && n.Resources == pl.Resources && n.Tracking == pl.Tracking {
			return write{}, nil, true
		}
		return write{kind: writeSections, plan: n}, problems(n.ValidateSections()), false
	})
}

// approvalForm records the submission and the leader's approval (6.3 b));
// clearing the approval date takes the approval back.
func (p *Page) approvalForm() *ui.RecordForm[write] {
	T := p.sh.T
	a := p.data.Plan.Approval
	v := struct{ submitted, leader, approved string }{string(a.SubmittedOn), a.Leader, string(a.ApprovedOn)}
	if v.submitted == "" {
		v.submitted = p.todayOr("")
	}
	if v.leader == "" {
		v.leader = p.data.Eng.Leader
	}
	if v.approved == "" && !a.Approved() {
		v.approved = p.todayOr("")
	}
	build := func() *huh.Form {
		return huh.NewForm(huh.NewGroup(
			huh.NewInput().Key("submitted").Title(T("field.plan.approval.submitted_on")).Value(&v.submitted).
				Validate(ui.ValidateDate(p.sh, "field.plan.approval.submitted_on", true)),
			huh.NewInput().Key("leader").Title(T("field.plan.approval.leader")).Value(&v.leader).CharLimit(model.MaxShortText),
			huh.NewInput().Key("approved").Title(T("field.plan.approval.approved_on")).Description(T("tui.plan.form.approved_hint")).
				Value(&v.approved).Validate(ui.ValidateDate(p.sh, "field.plan.approval.approved_on", true)),
		))
	}
	return p.newForm(T("tui.plan.form.approval"), []string{T("tui.plan.form.approval_about")}, build, func() (write, error, bool) {
		n := plan.Approval{SubmittedOn: ui.DateOf(v.submitted), Leader: strings.TrimSpace(v.leader), ApprovedOn: ui.DateOf(v.approved)}
		if n.ApprovedOn == "" {
			n.Leader = ""
		}
		if n.SubmittedOn == a.SubmittedOn && n.Leader == a.Leader && n.ApprovedOn == a.ApprovedOn {
			return write{}, nil, true
		}
		return write{kind: writeApproval, approval: n}, problems(n.Validate()), false
	})
}
