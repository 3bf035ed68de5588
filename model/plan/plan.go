// Package plan is the security management plan of an engagement (服务外包信息安全
// 管理计划, GB/T 32926—2016 6.3): drawn up after the contract is signed (6.3
// a)), in the six parts of 6.3 a) 1)–6) — stage objectives and milestones,
// roles, the deployment of the annex A baseline controls (model/annexa),
// incident response, resources, tracking — then submitted to and approved by
// the leader (6.3 b)). It says what the plan means for the lifecycle step
// "security plan", with every input explicit (Inputs). Pure: no SQL, no
// terminal, no files.
package plan

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"outsec/model"
	"outsec/model/annexa"
)

// Std is GB/T 32926—2016.
const Std = "GB/T 32926—2016"

// Clauses of the plan.
const (
	Clause           model.Clause = Std + " 6.3"
	ClauseAfterSign  model.Clause = Std + " 6.3 a)"
	ClauseMilestones model.Clause = Std + " 6.3 a) 1)"
	ClauseRoles      model.Clause = Std + " 6.3 a) 2)"
	ClauseControls   model.Clause = Std + " 6.3 a) 3)"
	ClauseIncident   model.Clause = Std + " 6.3 a) 4)"
	ClauseResources  model.Clause = Std + " 6.3 a) 5)"
	ClauseTracking   model.Clause = Std + " 6.3 a) 6)"
	ClauseApproval   model.Clause = Std + " 6.3 b)"
)

// Section is one of the six parts of 6.3 a).
type Section int

// The sections in the order of 6.3 a) 1)–6).
const (
	SecMilestones Section = iota + 1
	SecRoles
	SecControls
	SecIncident
	SecResources
	SecTracking
)

// Sections lists the sections in order.
var Sections = []Section{SecMilestones, SecRoles, SecControls, SecIncident, SecResources, SecTracking}

// Key is the catalog key of the section's name.
func (s Section) Key() string {
	return [...]string{"", "plan.sec.milestones", "plan.sec.roles", "plan.sec.controls", "plan.sec.incident",
		"plan.sec.resources", "plan.sec.tracking"}[s]
}

// Clause is the clause of the section.
func (s Section) Clause() model.Clause {
	return [...]model.Clause{"", ClauseMilestones, ClauseRoles, ClauseControls, ClauseIncident, ClauseResources, ClauseTracking}[s]
}

// Milestone is one stage of 6.3 a) 1): its date, name and security objective.
type Milestone struct {
	Date      model.Date `json:"date"`
	Name      string     `json:"name"`
	Objective string     `json:"objective"`
}

// Side is whose person a role is.
type Side string

const (
	SideDepartment Side = "department" // the department's side (负责机构)
	SideVendor     Side = "vendor"     // the vendor's people, from the people register
)

// Role is one person's role and duties in carrying out the plan (6.3 a) 2)).
// A vendor's person is named as in the people register.
type Role struct {
	Side   Side   `json:"side"`
	Person string `json:"person"`
	Role   string `json:"role"`
	Duties string `json:"duties,omitempty"`
}

// Status is where the deployment of one annex A control stands.
type Status string

const (
	Unplanned Status = ""         // nothing recorded
	Planned   Status = "planned"  // measure, owner and date decided
	Deployed  Status = "deployed" // in place
	Verified  Status = "verified" // in place and checked
	NA        Status = "na"       // does not apply here; needs a reason
)

// Statuses lists the statuses in the order a key cycles through them.
var Statuses = []Status{Unplanned, Planned, Deployed, Verified, NA}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, x := range Statuses {
		if x == s {
			return true
		}
	}
	return false
}

// Key is the catalog key of the status's name.
func (s Status) Key() string {
	if s == Unplanned {
		return "plan.status.unplanned"
	}
	return "plan.status." + string(s)
}

// Deployment is the plan for one annex A item (6.3 a) 3)): the measure, who
// owns it and by when, its status, or why it does not apply.
type Deployment struct {
	Item    string     `json:"item"`
	Status  Status     `json:"status"`
	Measure string     `json:"measure,omitempty"`
	Owner   string     `json:"owner,omitempty"`
	Planned model.Date `json:"planned,omitempty"`
	Reason  string     `json:"reason,omitempty"`
}

// Settled reports whether the item counts as planned: planned, deployed or
// verified with a measure, an owner and a date; or not applicable with a
// reason.
func (d Deployment) Settled() bool {
	switch d.Status {
	case NA:
		return strings.TrimSpace(d.Reason) != ""
	case Planned, Deployed, Verified:
		return d.Measure != "" && d.Owner != "" && d.Planned != ""
	}
	return false
}

// Incident is the incident response of 6.3 a) 4).
type Incident struct {
	Contacts  string `json:"contacts,omitempty"`  // who is called, with how to reach them
	Deadline  string `json:"deadline,omitempty"`  // the reporting deadline ("2 小时内")
	Procedure string `json:"procedure,omitempty"` // what is done, in order
}

// Resources is the reserve and invocation of resources of 6.3 a) 5).
type Resources struct {
	BackupStaff    string `json:"backup_staff,omitempty"`
	SpareEquipment string `json:"spare_equipment,omitempty"`
	BackupServices string `json:"backup_services,omitempty"`
}

// Tracking is the tracking and recording of 6.3 a) 6): how often the process
// assessment of 7.1 runs, what is reported to whom, which records are kept.
type Tracking struct {
	PeriodMonths int    `json:"period_months,omitempty"`
	Reporting    string `json:"reporting,omitempty"`
	Records      string `json:"records,omitempty"`
}

// Approval is 6.3 b): the plan submitted to the leader and approved by them.
type Approval struct {
	SubmittedOn model.Date `json:"submitted_on,omitempty"`
	Leader      string     `json:"leader,omitempty"`
	ApprovedOn  model.Date `json:"approved_on,omitempty"`
	// RiskDigest is the digest of the risk assessment's risks and controls
	// when the plan was approved (store: riskDigest); a different digest
	// now means they changed after the approval.
	RiskDigest string `json:"risk_digest,omitempty"`
}

// Approved reports whether the leader's approval is recorded.
func (a Approval) Approved() bool { return a.ApprovedOn != "" && a.Leader != "" }

// Plan is the security management plan of one engagement.
type Plan struct {
	Milestones []Milestone  `json:"milestones,omitempty"`
	Roles      []Role       `json:"roles,omitempty"`
	Controls   []Deployment `json:"controls,omitempty"`
	Incident   Incident     `json:"incident,omitzero"`
	Resources  Resources    `json:"resources,omitzero"`
	Tracking   Tracking     `json:"tracking,omitzero"`
	Approval   Approval     `json:"approval,omitzero"`
}

// Empty reports whether nothing of the plan is recorded.
func (p *Plan) Empty() bool {
	return len(p.Milestones) == 0 && len(p.Roles) == 0 && len(p.Controls) == 0 && p.Incident == (Incident{}) &&
		p.Resources == (Resources{}) && p.Tracking == (Tracking{}) && p.Approval == (Approval{})
}

// Deployment is the deployment of annex A item id; Unplanned when none.
func (p *Plan) Deployment(id string) Deployment {
	for _, d := range p.Controls {
		if d.Item == id {
			return d
		}
	}
	return Deployment{Item: id}
}

// Row is one row of section 3: an annex A item and its deployment.
type Row struct {
	Item annexa.Item
	Deployment
}

// ControlRows is section 3 as a table: every annex A item that applies,
// in annex order, with its deployment.
func (p *Plan) ControlRows(cloud bool) []Row {
	items := annexa.ItemsFor(cloud)
	by := make(map[string]int, len(p.Controls))
	for i, d := range p.Controls {
		by[d.Item] = i
	}
	out := make([]Row, len(items))
	for i, it := range items {
		d := Deployment{Item: it.ID}
		if j, ok := by[it.ID]; ok {
			d = p.Controls[j]
		}
		out[i] = Row{Item: it, Deployment: d}
	}
	return out
}

// Unsettled lists the annex A items that are neither planned nor not
// applicable with a reason.
func (p *Plan) Unsettled(cloud bool) []annexa.Item {
	var out []annexa.Item
	for _, r := range p.ControlRows(cloud) {
		if !r.Settled() {
			out = append(out, r.Item)
		}
	}
	return out
}

// Count tallies section 3 by status.
func (p *Plan) Count(cloud bool) map[Status]int {
	out := map[Status]int{}
	for _, r := range p.ControlRows(cloud) {
		out[r.Status]++
	}
	return out
}

// Change is something that happened which may make an approved plan out of
// date: a change of the contract's security factors, of the risks or
// controls, a corrective action that changes controls. Date is when; an
// empty Date means "known to be after the approval" (the digest of the risks
// differs). Key, Args and Clause describe it for the user.
type Change struct {
	Date   model.Date
	Key    string
	Args   []any
	Clause model.Clause
}

// Inputs is everything outside the plan that its state depends on.
type Inputs struct {
	// Cloud: the engagement is a government website on cloud services.
	Cloud bool
	// People are the names of the people register.
	People []string
	// Changes are the events that may have happened after the approval.
	Changes []Change
	// RiskDigest is the digest of the risks and controls now.
	RiskDigest string
}

// MaxNamedBlocks is how many people or items the blocks name one by one.
const MaxNamedBlocks = 10

// Gaps lists what keeps the plan's content from being complete: each empty
// section, each vendor person in no role, and the annex A items not settled.
func (p *Plan) Gaps(in Inputs) []model.Block {
	var out []model.Block
	add := func(key string, clause model.Clause, args ...any) {
		out = append(out, model.Block{Key: key, Args: args, Clause: clause})
	}
	if len(p.Milestones) == 0 {
		add("plan.block.milestones", ClauseMilestones)
	}
	dept, vendor := false, false
	inRole := map[string]bool{}
	for _, r := range p.Roles {
		switch r.Side {
		case SideDepartment:
			dept = true
		case SideVendor:
			vendor = true
			inRole[r.Person] = true
		}
	}
	if !dept {
		add("plan.block.roles_department", ClauseRoles)
	}
	if !vendor {
		add("plan.block.roles_vendor", ClauseRoles)
	}
	for _, n := range p.Roleless(in.People) {
		add("plan.block.person_no_role", ClauseRoles, n)
	}
	if un := p.Unsettled(in.Cloud); len(un) > 0 {
		add("plan.block.controls", ClauseControls, len(un), un[0].Label())
	}
	if p.Incident.Contacts == "" || p.Incident.Deadline == "" || p.Incident.Procedure == "" {
		add("plan.block.incident", ClauseIncident)
	}
	if p.Resources.BackupStaff == "" || p.Resources.SpareEquipment == "" || p.Resources.BackupServices == "" {
		add("plan.block.resources", ClauseResources)
	}
	if p.Tracking.PeriodMonths <= 0 || p.Tracking.Reporting == "" || p.Tracking.Records == "" {
		add("plan.block.tracking", ClauseTracking)
	}
	return out
}

// Roleless lists the people of the register who are in no vendor role of
// section 2, at most MaxNamedBlocks of them.
func (p *Plan) Roleless(people []string) []string {
	inRole := map[string]bool{}
	for _, r := range p.Roles {
		if r.Side == SideVendor {
			inRole[r.Person] = true
		}
	}
	var out []string
	for _, n := range people {
		if !inRole[n] && len(out) < MaxNamedBlocks {
			out = append(out, n)
		}
	}
	return out
}

// LifecycleState is what the plan reports for the step "security plan"
// (model.StepSecurityPlan), from the plan and its inputs alone:
//   - not started while nothing is recorded;
//   - in progress while a section is incomplete (Gaps) or the leader's
//     approval is not recorded (6.3 b));
//   - needs update when, after the approval, the contract's security factors
//     changed, the risks or controls changed, a corrective action changed
//     the controls (each a Change), or a person of the register is in no
//     role of section 2;
//   - otherwise done.
func (p *Plan) LifecycleState(in Inputs) (model.State, []model.Block) {
	if p.Empty() {
		return model.NotStarted, nil
	}
	gaps := p.Gaps(in)
	if !p.Approval.Approved() {
		gaps = append(gaps, model.Block{Key: "plan.block.unapproved", Clause: ClauseApproval})
		return model.InProgress, gaps
	}
	var after []model.Block
	for _, c := range in.Changes {
		if c.Date == "" || p.Approval.ApprovedOn.Before(c.Date) {
			after = append(after, model.Block{Key: c.Key, Args: c.Args, Clause: c.Clause})
		}
	}
	if p.Approval.RiskDigest != "" && in.RiskDigest != "" && in.RiskDigest != p.Approval.RiskDigest {
		after = append(after, model.Block{Key: "plan.block.risks_changed", Args: []any{string(p.Approval.ApprovedOn)},
			Clause: ClauseControls})
	}
	roleless := p.Roleless(in.People)
	if len(after) > 0 || len(roleless) > 0 {
		return model.NeedsUpdate, append(gaps, after...)
	}
	if len(gaps) > 0 {
		return model.InProgress, gaps
	}
	return model.Done, nil
}

// Facts puts the plan's state into f.
func (p *Plan) Facts(f *model.Facts, in Inputs) {
	st, bl := p.LifecycleState(in)
	if f.States == nil {
		f.States = map[model.StepID]model.State{}
	}
	f.States[model.StepSecurityPlan] = st
	if f.Blocks == nil {
		f.Blocks = map[model.StepID][]model.Block{}
	}
	if len(bl) > 0 {
		f.Blocks[model.StepSecurityPlan] = bl
	} else {
		delete(f.Blocks, model.StepSecurityPlan)
	}
}

// RequireSignedApproval applies the policy "approvals are signed" to the
// plan: a plan otherwise done stays in progress until a plan document
// exported on or after the approval is signed (6.3 b)).
func RequireSignedApproval(f *model.Facts, approvedOn model.Date) {
	if f.States[model.StepSecurityPlan] != model.Done {
		return
	}
	for _, d := range f.Documents[model.StepSecurityPlan] {
		if d.Kind == "security-plan" && d.Signed && string(d.SignedOn) >= string(approvedOn) {
			return
		}
	}
	f.States[model.StepSecurityPlan] = model.InProgress
	if f.Blocks == nil {
		f.Blocks = map[model.StepID][]model.Block{}
	}
	f.Blocks[model.StepSecurityPlan] = append(f.Blocks[model.StepSecurityPlan],
		model.Block{Key: "plan.block.approval_unsigned", Clause: ClauseApproval})
}

// Limits of the plan's fields.
const (
	MaxText   = model.MaxLongText
	MaxLine   = model.MaxShortText
	MaxPeriod = 12
)

// fp starts every field name: the JSON paths of the section "plan" of a
// case file.
const fp = "plan."

// FieldControls is the prefix of the fields of one deployment saved alone.
const FieldControls = fp + "controls"

// FieldMilestones and FieldRoles are the prefixes of one milestone and one
// role checked alone.
const (
	FieldMilestones = fp + "milestones"
	FieldRoles      = fp + "roles"
)

type checker struct{ errs model.ValidationError }

func (c *checker) add(field, key string, clause model.Clause, args ...any) {
	c.errs = append(c.errs, model.FieldError{Field: field, Key: key, Args: args, Clause: clause})
}

func (c *checker) text(field, v string, max int, clause model.Clause) {
	if utf8.RuneCountInString(v) > max {
		c.add(field, "err.too_long", clause, max)
	}
	if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
		c.add(field, "err.bad_text", clause)
	}
}

func (c *checker) line(field, v string, max int, clause model.Clause) {
	c.text(field, v, max, clause)
	if strings.ContainsAny(v, "\r\n\t") {
		c.add(field, "err.bad_text", clause)
	}
}

func (c *checker) date(field string, d model.Date, required bool, clause model.Clause) {
	switch {
	case d == "" && required:
		c.add(field, "err.required", clause)
	case !d.Valid():
		c.add(field, "err.date", clause)
	}
}

func (c *checker) required(field, v string, clause model.Clause) {
	if strings.TrimSpace(v) == "" {
		c.add(field, "err.required", clause)
	}
}

// Validate checks one milestone: a date, a name and its objective.
func (m Milestone) Validate(prefix string) model.ValidationError {
	c := &checker{}
	c.date(prefix+".date", m.Date, true, ClauseMilestones)
	c.required(prefix+".name", m.Name, ClauseMilestones)
	c.line(prefix+".name", m.Name, MaxLine, ClauseMilestones)
	c.required(prefix+".objective", m.Objective, ClauseMilestones)
	c.text(prefix+".objective", m.Objective, MaxText, ClauseMilestones)
	return c.errs
}

// Validate checks one role: a side, a person and the role.
func (r Role) Validate(prefix string) model.ValidationError {
	c := &checker{}
	if r.Side != SideDepartment && r.Side != SideVendor {
		c.add(prefix+".side", "plan.err.side", ClauseRoles, string(r.Side))
	}
	c.required(prefix+".person", r.Person, ClauseRoles)
	c.line(prefix+".person", r.Person, MaxLine, ClauseRoles)
	c.required(prefix+".role", r.Role, ClauseRoles)
	c.line(prefix+".role", r.Role, MaxLine, ClauseRoles)
	c.text(prefix+".duties", r.Duties, MaxText, ClauseRoles)
	return c.errs
}

// Validate checks one deployment: a known item and status; planned,
// deployed or verified with a measure, an owner and a date; not applicable
// with a reason.
func (d Deployment) Validate(prefix string) model.ValidationError {
	c := &checker{}
	it, ok := annexa.ByID(d.Item)
	clause := ClauseControls
	if ok {
		clause = it.Clause
	} else {
		c.add(prefix+".item", "plan.err.item", ClauseControls, d.Item)
	}
	if !d.Status.Valid() {
		c.add(prefix+".status", "plan.err.status", clause, string(d.Status))
	}
	switch d.Status {
	case NA:
		c.required(prefix+".reason", d.Reason, clause)
	case Planned, Deployed, Verified:
		c.required(prefix+".measure", d.Measure, clause)
		c.required(prefix+".owner", d.Owner, clause)
		c.date(prefix+".planned", d.Planned, true, clause)
	}
	if d.Status != NA && d.Status != Unplanned {
		c.date(prefix+".planned", d.Planned, false, clause)
	}
	c.text(prefix+".measure", d.Measure, MaxText, clause)
	c.line(prefix+".owner", d.Owner, MaxLine, clause)
	c.text(prefix+".reason", d.Reason, MaxText, clause)
	return c.errs
}

// ValidateSections checks sections 1), 2), 4)–6) as a whole.
func (p *Plan) ValidateSections() model.ValidationError {
	var errs model.ValidationError
	for i, m := range p.Milestones {
		errs = append(errs, m.Validate(fmt.Sprintf(fp+"milestones[%d]", i))...)
	}
	for i, r := range p.Roles {
		errs = append(errs, r.Validate(fmt.Sprintf(fp+"roles[%d]", i))...)
	}
	c := &checker{}
	c.text(fp+"incident.contacts", p.Incident.Contacts, MaxText, ClauseIncident)
	c.line(fp+"incident.deadline", p.Incident.Deadline, MaxLine, ClauseIncident)
	c.text(fp+"incident.procedure", p.Incident.Procedure, MaxText, ClauseIncident)
	c.text(fp+"resources.backup_staff", p.Resources.BackupStaff, MaxText, ClauseResources)
	c.text(fp+"resources.spare_equipment", p.Resources.SpareEquipment, MaxText, ClauseResources)
	c.text(fp+"resources.backup_services", p.Resources.BackupServices, MaxText, ClauseResources)
	if p.Tracking.PeriodMonths < 0 || p.Tracking.PeriodMonths > MaxPeriod {
		c.add(fp+"tracking.period_months", "plan.err.period", ClauseTracking, MaxPeriod)
	}
	c.text(fp+"tracking.reporting", p.Tracking.Reporting, MaxText, ClauseTracking)
	c.text(fp+"tracking.records", p.Tracking.Records, MaxText, ClauseTracking)
	return append(errs, c.errs...)
}

// Validate checks an approval to record: the leader and the dates, the
// approval not before the submission.
func (a Approval) Validate() model.ValidationError {
	c := &checker{}
	c.date(fp+"approval.submitted_on", a.SubmittedOn, false, ClauseApproval)
	c.date(fp+"approval.approved_on", a.ApprovedOn, a.Leader != "", ClauseApproval)
	if a.ApprovedOn != "" {
		c.required(fp+"approval.leader", a.Leader, ClauseApproval)
		if a.SubmittedOn == "" {
			c.add(fp+"approval.submitted_on", "err.required", ClauseApproval)
		}
	}
	c.line(fp+"approval.leader", a.Leader, MaxLine, ClauseApproval)
	if a.SubmittedOn.Valid() && a.ApprovedOn.Valid() && a.ApprovedOn != "" && a.ApprovedOn.Before(a.SubmittedOn) {
		c.add(fp+"approval.approved_on", "plan.err.approved_before_submitted", ClauseApproval)
	}
	return c.errs
}

// Validate checks the whole plan (a case file's section).
func (p *Plan) Validate() model.ValidationError {
	errs := p.ValidateSections()
	seen := map[string]bool{}
	for i, d := range p.Controls {
		pre := fmt.Sprintf(fp+"controls[%d]", i)
		errs = append(errs, d.Validate(pre)...)
		if seen[d.Item] {
			errs = append(errs, model.FieldError{Field: pre + ".item", Key: "plan.err.item_twice", Args: []any{d.Item}, Clause: ClauseControls})
		}
		seen[d.Item] = true
	}
	errs = append(errs, p.Approval.Validate()...)
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// Normalise trims every text and writes dates as YYYY-MM-DD.
func (p *Plan) Normalise() {
	tr := strings.TrimSpace
	date := func(d *model.Date) {
		if x, ok := model.ParseDate(tr(string(*d))); ok {
			*d = x
		}
	}
	for i := range p.Milestones {
		m := &p.Milestones[i]
		date(&m.Date)
		m.Name, m.Objective = tr(m.Name), tr(m.Objective)
	}
	for i := range p.Roles {
		r := &p.Roles[i]
		r.Person, r.Role, r.Duties = tr(r.Person), tr(r.Role), tr(r.Duties)
	}
	for i := range p.Controls {
		p.Controls[i].Normalise()
	}
	for _, s := range []*string{&p.Incident.Contacts, &p.Incident.Deadline, &p.Incident.Procedure,
		&p.Resources.BackupStaff, &p.Resources.SpareEquipment, &p.Resources.BackupServices,
		&p.Tracking.Reporting, &p.Tracking.Records, &p.Approval.Leader} {
		*s = tr(*s)
	}
	date(&p.Approval.SubmittedOn)
	date(&p.Approval.ApprovedOn)
}

// Normalise trims the deployment's texts and writes its date as YYYY-MM-DD.
func (d *Deployment) Normalise() {
	d.Item, d.Measure, d.Owner, d.Reason = strings.TrimSpace(d.Item), strings.TrimSpace(d.Measure),
		strings.TrimSpace(d.Owner), strings.TrimSpace(d.Reason)
	if x, ok := model.ParseDate(strings.TrimSpace(string(d.Planned))); ok {
		d.Planned = x
	}
}
