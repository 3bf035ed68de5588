package store

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"outsec/i18n"
	"outsec/model"
	"outsec/model/annexa"
	"outsec/model/contract"
	"outsec/model/filing"
	"outsec/model/findings"
	"outsec/model/plan"
	"outsec/model/risk"
	"outsec/model/screening"
)

func stepOf(t *testing.T, s *Store, e *model.Engagement, id model.StepID) model.StepStatus {
	t.Helper()
	facts, err := s.LifecycleFacts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range model.Lifecycle(e, facts[e.ID]) {
		if st.ID == id {
			return st
		}
	}
	t.Fatalf("no step %s", id)
	return model.StepStatus{}
}

func blockKeys(st model.StepStatus) string {
	var ks []string
	for _, b := range st.Blocks {
		ks = append(ks, b.Key+"@"+string(b.Clause))
	}
	return strings.Join(ks, " ")
}

func isValidation(err error, key string) bool {
	var ve model.ValidationError
	if !errors.As(err, &ve) {
		return false
	}
	for _, f := range ve {
		if f.Key == key {
			return true
		}
	}
	return false
}

// reviewed is an engagement whose contract review is complete without gaps,
// dated 2026-02-20, not signed.
func reviewed(t *testing.T) (*Store, *model.Engagement) {
	s, e := contractFixture(t)
	s.Now = func() time.Time { return time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC) }
	assessAll(t, s, e.ID, false, contract.Present)
	if err := s.SaveContractReview(ctx, testOp, e.ID, contract.Review{Title: "运维合同", Version: "v1", Date: "2026-02-20", Reviewer: "张三"}); err != nil {
		t.Fatal(err)
	}
	return s, e
}

func sign(t *testing.T, s *Store, e *model.Engagement) {
	t.Helper()
	err := s.RecordContractSigning(ctx, testOp, e.ID, contract.Signing{Date: "2026-03-01", Number: "HT-2026-01", Version: "v1",
		DeptSignatory: "王明", VendorSignatory: "陈静"})
	if err != nil {
		t.Fatal(err)
	}
}

func TestSigningGatesThePlanAndTheFiling(t *testing.T) {
	s, e := reviewed(t)
	if st := stepOf(t, s, e, model.StepContract); st.State != model.Done {
		t.Fatalf("contract %v %s", st.State, blockKeys(st))
	}
	pl := stepOf(t, s, e, model.StepSecurityPlan)
	if !strings.Contains(blockKeys(pl), "block.contract_unsigned@GB/T 32926—2016 6.3 a)") {
		t.Errorf("plan not blocked by the signing: %s", blockKeys(pl))
	}
	if fl := stepOf(t, s, e, model.StepFiling); !strings.Contains(blockKeys(fl), "block.contract_unsigned@GB/T 32926—2016 6.5 a)") {
		t.Errorf("filing not blocked by the signing: %s", blockKeys(fl))
	}
	err := s.SavePlanSections(ctx, testOp, e.ID, plan.Plan{Milestones: []plan.Milestone{{Date: "2026-04-01", Name: "x", Objective: "y"}}})
	if !isValidation(err, "plan.err.unsigned") {
		t.Fatalf("plan before signing: %v", err)
	}
	if n := count(t, s, "plans"); n != 0 {
		t.Fatalf("a refused plan wrote %d rows", n)
	}
	// Bad input changes nothing.
	if err := s.RecordContractSigning(ctx, testOp, e.ID, contract.Signing{Date: "2026-13-01"}); err == nil {
		t.Fatal("bad signing accepted")
	}
	sign(t, s, e)
	if pl := stepOf(t, s, e, model.StepSecurityPlan); strings.Contains(blockKeys(pl), "contract_unsigned") {
		t.Errorf("signed, the plan is still blocked: %s", blockKeys(pl))
	}
	c, _ := s.Contract(ctx, e.ID)
	if c.Signing.Number != "HT-2026-01" || c.Signing.VendorSignatory != "陈静" {
		t.Errorf("signing %+v", c.Signing)
	}
	// A review finished after the signing, with gaps: the signed contract
	// lacks clauses.
	it := contract.ItemsFor(false)[0]
	if err := s.SaveContractAssessment(ctx, testOp, e.ID, contract.Assessment{ItemID: it.ID, Status: contract.Missing}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveContractReview(ctx, testOp, e.ID, contract.Review{Title: "运维合同", Version: "v1", Date: "2026-03-04", Reviewer: "张三"}); err != nil {
		t.Fatal(err)
	}
	st := stepOf(t, s, e, model.StepContract)
	if st.State != model.NeedsUpdate || !strings.Contains(blockKeys(st), "contract.block.signed_lacks") ||
		!strings.Contains(blockKeys(st), it.BlockKey()) {
		t.Errorf("gaps after signing: %v %s", st.State, blockKeys(st))
	}
}

// fillPlan fills every section and, when all, every annex A item.
func fillPlan(t *testing.T, s *Store, id int64, all bool) {
	t.Helper()
	p := plan.Plan{
		Milestones: []plan.Milestone{{Date: "2026-04-01", Name: "上线", Objective: "无高风险漏洞"}},
		Roles: []plan.Role{{Side: plan.SideDepartment, Person: "李华", Role: "项目经理"},
			{Side: plan.SideVendor, Person: "周工", Role: "运维工程师"}},
		Incident:  plan.Incident{Contacts: "李华 010-8888 0001", Deadline: "2 小时", Procedure: "报告、处置、复盘"},
		Resources: plan.Resources{BackupStaff: "吴工", SpareEquipment: "备用服务器", BackupServices: "异地备份"},
		Tracking:  plan.Tracking{PeriodMonths: 3, Reporting: "向主管领导报告", Records: "评估审计记录"},
	}
	if err := s.SavePlanSections(ctx, testOp, id, p); err != nil {
		t.Fatal(err)
	}
	items := annexa.Items()
	if !all {
		items = items[:len(items)-1]
	}
	for i, it := range items {
		d := plan.Deployment{Item: it.ID, Status: plan.Planned, Measure: "措施 " + it.ID, Owner: "周工", Planned: "2026-04-15"}
		if i == 3 {
			d = plan.Deployment{Item: it.ID, Status: plan.NA, Reason: "本项目不引入网络设备"}
		}
		if err := s.SavePlanControl(ctx, testOp, id, d); err != nil {
			t.Fatal(err)
		}
	}
}

func addPerson(t *testing.T, s *Store, id int64, name string) {
	t.Helper()
	if err := s.CreatePerson(ctx, testOp, id, &screening.Person{Name: name, NDASigned: "2026-03-02"}); err != nil {
		t.Fatal(err)
	}
}

func TestPlanDoneAndNeedsUpdate(t *testing.T) {
	s, e := reviewed(t)
	sign(t, s, e)
	addPerson(t, s, e.ID, "周工")
	fillPlan(t, s, e.ID, false)
	approval := plan.Approval{SubmittedOn: "2026-03-03", Leader: "王明", ApprovedOn: "2026-03-04"}
	if err := s.SavePlanApproval(ctx, testOp, e.ID, approval); !isValidation(err, "plan.block.controls") {
		t.Fatalf("approval of a plan with an item unplanned: %v", err)
	}
	if st := stepOf(t, s, e, model.StepSecurityPlan); st.State != model.InProgress {
		t.Errorf("one item unplanned: %v", st.State)
	}
	fillPlan(t, s, e.ID, true)
	if st := stepOf(t, s, e, model.StepSecurityPlan); st.State != model.InProgress ||
		!strings.Contains(blockKeys(st), "plan.block.unapproved@GB/T 32926—2016 6.3 b)") {
		t.Errorf("unapproved: %v %s", st.State, blockKeys(st))
	}
	if err := s.SavePlanApproval(ctx, testOp, e.ID, approval); err != nil {
		t.Fatal(err)
	}
	if st := stepOf(t, s, e, model.StepSecurityPlan); st.State != model.Done {
		t.Fatalf("approved: %v %s", st.State, blockKeys(st))
	}
	p, err := s.Plan(ctx, e.ID)
	if err != nil || len(p.Controls) != len(annexa.Items()) || p.Controls[0].Item != "A.1.a" || p.Approval.Leader != "王明" {
		t.Fatalf("plan %+v %v", p.Approval, err)
	}
	// A person in no role of section 2 after the approval.
	addPerson(t, s, e.ID, "新人")
	if st := stepOf(t, s, e, model.StepSecurityPlan); st.State != model.NeedsUpdate ||
		!strings.Contains(blockKeys(st), "plan.block.person_no_role") {
		t.Errorf("a person without a role: %v %s", st.State, blockKeys(st))
	}
	p.Roles = append(p.Roles, plan.Role{Side: plan.SideVendor, Person: "新人", Role: "运维"})
	if err := s.SavePlanSections(ctx, testOp, e.ID, p); err != nil {
		t.Fatal(err)
	}
	if st := stepOf(t, s, e, model.StepSecurityPlan); st.State != model.Done {
		t.Errorf("the person given a role: %v %s", st.State, blockKeys(st))
	}
	// A factor change after the approval.
	if err := s.RecordFactorChange(ctx, testOp, e.ID, &contract.FactorChange{Date: "2026-03-05", Description: "迁移到政务云"}); err != nil {
		t.Fatal(err)
	}
	if st := stepOf(t, s, e, model.StepSecurityPlan); st.State != model.NeedsUpdate ||
		!strings.Contains(blockKeys(st), "plan.block.factor_change") {
		t.Errorf("a factor change: %v %s", st.State, blockKeys(st))
	}
}

func approvedPlan(t *testing.T) (*Store, *model.Engagement) {
	t.Helper()
	s, e := reviewed(t)
	sign(t, s, e)
	addPerson(t, s, e.ID, "周工")
	fillPlan(t, s, e.ID, true)
	if err := s.SavePlanApproval(ctx, testOp, e.ID, plan.Approval{SubmittedOn: "2026-03-03", Leader: "王明", ApprovedOn: "2026-03-04"}); err != nil {
		t.Fatal(err)
	}
	return s, e
}

func TestPlanNeedsUpdateWhenRisksChange(t *testing.T) {
	s, e := approvedPlan(t)
	c := &risk.Control{Name: "双因素认证", Status: risk.ControlPlanned, Effectiveness: "effective"}
	if err := s.SaveControl(ctx, testOp, e.ID, c); err != nil {
		t.Fatal(err)
	}
	if st := stepOf(t, s, e, model.StepSecurityPlan); st.State != model.NeedsUpdate ||
		!strings.Contains(blockKeys(st), "plan.block.risks_changed@GB/T 32926—2016 6.3 a) 3)") {
		t.Errorf("a control added: %v %s", st.State, blockKeys(st))
	}
}

func TestFilingVersionsAndTheDiff(t *testing.T) {
	s, e := approvedPlan(t)
	other := []filing.KV{{Key: "等级保护备案号", Value: "11010099999-00001"}}
	// The vendor's NDA is missing: no filing yet (6.5 a)).
	if _, err := s.DraftFiling(ctx, testOp, e.ID, "市委网信办", other); !isValidation(err, "block.nda_unsigned") {
		t.Fatalf("filing before the NDAs: %v", err)
	}
	if err := s.SetVendorNDASigned(ctx, testOp, e.ID, "2026-03-02"); err != nil {
		t.Fatal(err)
	}
	// Item 2) needs the service content.
	if err := s.SetServiceContent(ctx, testOp, e.ID, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DraftFiling(ctx, testOp, e.ID, "市委网信办", other); !isValidation(err, "filing.gap.item2") {
		t.Fatalf("filing without the service content: %v", err)
	}
	if err := s.SetServiceContent(ctx, testOp, e.ID, "门户网站 Web 服务器和内容管理系统的运行维护"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DraftFiling(ctx, testOp, e.ID, " ", other); !isValidation(err, "err.required") {
		t.Fatalf("filing without an authority: %v", err)
	}
	if n := count(t, s, "filings"); n != 0 {
		t.Fatalf("refused drafts wrote %d versions", n)
	}
	v1, err := s.DraftFiling(ctx, testOp, e.ID, "市委网信办", other)
	if err != nil {
		t.Fatal(err)
	}
	if v1.Number != 1 || v1.Reason != filing.Initial || len(v1.Snapshot.Measures) != len(annexa.Items())-1 {
		t.Fatalf("v1 %+v", v1)
	}
	if st := stepOf(t, s, e, model.StepFiling); st.State != model.InProgress {
		t.Errorf("drafted: %v %s", st.State, blockKeys(st))
	}
	if err := s.SetFilingStatus(ctx, testOp, v1.ID, filing.Accepted, "2026-03-06", ""); !isValidation(err, "err.required") {
		t.Fatalf("accepted without a number: %v", err)
	}
	if err := s.SetFilingStatus(ctx, testOp, v1.ID, filing.Submitted, "2026-03-06", ""); err != nil {
		t.Fatal(err)
	}
	if st := stepOf(t, s, e, model.StepFiling); st.State != model.Done {
		t.Fatalf("submitted: %v %s", st.State, blockKeys(st))
	}
	// Three changes: the vendor's scale, the service content, a manager's phone.
	cur, _ := s.Engagement(ctx, e.ID)
	cur.Vendor.Scale = model.ScaleLarge
	cur.Managers[1].Phone = "010-8888 0099"
	if err := s.UpdateEngagement(ctx, testOp, &cur, 0); err != nil {
		t.Fatal(err)
	}
	if err := s.SetServiceContent(ctx, testOp, e.ID, "门户网站的运行维护和安全监测"); err != nil {
		t.Fatal(err)
	}
	st := stepOf(t, s, e, model.StepFiling)
	want := []string{"filing.changed.manager.phone", "filing.changed.service_content", "filing.changed.vendor.scale"}
	var got []string
	for _, b := range st.Blocks {
		if strings.HasPrefix(b.Key, "filing.changed.") {
			got = append(got, b.Key)
		}
	}
	if st.State != model.NeedsUpdate || strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("after the changes: %v %v", st.State, got)
	}
	if b := st.Blocks[0]; b.Args[0] != "2" || b.Args[1] != "010-8888 0002" || b.Args[2] != "010-8888 0099" {
		t.Errorf("phone block %+v", b)
	}
	v2, err := s.DraftFiling(ctx, testOp, e.ID, "市委网信办", other)
	if err != nil || v2.Number != 2 || v2.Reason != filing.Change {
		t.Fatalf("v2 %+v %v", v2, err)
	}
	if st := stepOf(t, s, e, model.StepFiling); st.State != model.InProgress || st.Blocked() && strings.Contains(blockKeys(st), "changed") {
		t.Errorf("v2 drafted: %v %s", st.State, blockKeys(st))
	}
	// v1 is frozen: its status no longer changes, its snapshot never.
	if err := s.SetFilingStatus(ctx, testOp, v1.ID, filing.Accepted, "2026-03-06", "BA-1"); !isValidation(err, "filing.err.frozen") {
		t.Errorf("v1 changed: %v", err)
	}
	if _, err := s.db.Exec(`UPDATE filings SET snapshot_json = '{}' WHERE id = ?`, v1.ID); err == nil {
		t.Error("the trigger let a snapshot change")
	}
	vs, err := s.Filings(ctx, e.ID)
	if err != nil || len(vs) != 2 || vs[0].Snapshot.Vendor.Scale != model.ScaleMedium || vs[1].Snapshot.Vendor.Scale != model.ScaleLarge {
		t.Fatalf("versions %+v %v", vs, err)
	}
	if d := filing.Diff(&vs[0].Snapshot, &vs[1].Snapshot); len(d) != 3 {
		t.Errorf("v1 → v2: %+v", d)
	}
}

func TestFilingOverdue(t *testing.T) {
	s, e := approvedPlan(t)
	if err := s.SetVendorNDASigned(ctx, testOp, e.ID, "2026-03-02"); err != nil {
		t.Fatal(err)
	}
	// Signed 03-01, last NDA 03-02: due 03-12 with the default 10 days.
	s.Now = func() time.Time { return time.Date(2026, 3, 13, 9, 0, 0, 0, time.UTC) }
	st := stepOf(t, s, e, model.StepFiling)
	if !strings.Contains(blockKeys(st), "filing.block.overdue@GB/T 32926—2016 6.5 a)") || st.Blocks[0].Args[0] != "2026-03-12" {
		t.Errorf("overdue: %v %+v", st.State, st.Blocks)
	}
	if err := s.SetFilingDueDays(ctx, testOp, 20); err != nil {
		t.Fatal(err)
	}
	if st := stepOf(t, s, e, model.StepFiling); strings.Contains(blockKeys(st), "overdue") {
		t.Errorf("20 days: %s", blockKeys(st))
	}
	if err := s.SetFilingDueDays(ctx, testOp, 0); err == nil {
		t.Error("0 days accepted")
	}
	if n, _ := s.FilingDueDays(ctx); n != 20 {
		t.Errorf("due days %d", n)
	}
}

// The sample has a signed contract, an approved plan and a filing v1 whose
// vendor lead has changed since: the filing needs an update, naming the
// lead's fields.
func TestSamplePlanAndFiling(t *testing.T) {
	s, _ := openTemp(t)
	e, err := s.LoadSample(ctx, testOp, "zh-CN")
	if err != nil {
		t.Fatal(err)
	}
	if st := stepOf(t, s, &e, model.StepSecurityPlan); st.State != model.Done {
		t.Errorf("sample plan: %v %s", st.State, blockKeys(st))
	}
	st := stepOf(t, s, &e, model.StepFiling)
	var changed []string
	for _, b := range st.Blocks {
		if strings.HasPrefix(b.Key, "filing.changed.") {
			changed = append(changed, b.Key)
		}
	}
	if st.State != model.NeedsUpdate || strings.Join(changed, " ") != "filing.changed.vendor.lead.name filing.changed.vendor.lead.phone filing.changed.vendor.lead.email" {
		t.Errorf("sample filing: %v %v", st.State, changed)
	}
}

// Export, import elsewhere, export: the same bytes, the plan, the signing,
// the service content and both filing versions included.
func TestPlanFilingCaseRoundTrip(t *testing.T) {
	s, op := caseStore(t, time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC))
	e, err := s.LoadSample(ctx, op, "zh-CN")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetVendorNDASigned(ctx, op, e.ID, "2026-03-28"); err != nil {
		t.Fatal(err)
	}
	first := export(t, s, op, e.ID)
	for _, want := range []string{`"plan":`, `"filings":`, `"signing":`, `"service_content":`, `"risk_digest":`} {
		if !strings.Contains(string(first), want) {
			t.Errorf("case file lacks %s", want)
		}
	}
	other, op2 := caseStore(t, time.Date(2026, 5, 2, 9, 0, 0, 0, time.UTC))
	res, err := other.ImportCase(ctx, op2, first, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	again := export(t, other, op2, res.Engagement.ID)
	if string(again) != string(first) {
		t.Fatalf("round trip differs:\n%s", firstDiff(string(first), string(again)))
	}
	// The imported plan is still approved against the same risks.
	if st := stepOf(t, other, &res.Engagement, model.StepSecurityPlan); st.State != model.Done {
		t.Errorf("imported plan: %v %s", st.State, blockKeys(st))
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range al {
		if i >= len(bl) || al[i] != bl[i] {
			got := ""
			if i < len(bl) {
				got = bl[i]
			}
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, al[i], got)
		}
	}
	return "longer"
}

// 8.1 c): a corrective action that says the controls must change outdates
// an approved plan, as it does the risk assessment.
func TestControlsMustChangeSetsThePlanToNeedsUpdate(t *testing.T) {
	s, e := approvedPlan(t)
	if st := stepOf(t, s, e, model.StepSecurityPlan); st.State != model.Done {
		t.Fatalf("approved plan: %v %s", st.State, blockKeys(st))
	}
	s.Now = func() time.Time { return time.Date(2026, 3, 6, 9, 0, 0, 0, time.UTC) }
	f := findings.Finding{Description: "访问控制策略不足", Severity: findings.High}
	if err := s.AddFinding(ctx, testOp, e.ID, &f); err != nil {
		t.Fatal(err)
	}
	if st := stepOf(t, s, e, model.StepSecurityPlan); st.State != model.Done {
		t.Fatalf("a finding without a controls change: %v %s", st.State, blockKeys(st))
	}
	f.Action.ControlsChange, f.Action.ChangeNote = true, "调整访问控制策略"
	if err := s.UpdateFinding(ctx, testOp, e.ID, &f); err != nil {
		t.Fatal(err)
	}
	if st := stepOf(t, s, e, model.StepSecurityPlan); st.State != model.NeedsUpdate ||
		!strings.Contains(blockKeys(st), "block.controls_change@"+string(model.ClauseControlsChange)) {
		t.Fatalf("controls must change: %v %s", st.State, blockKeys(st))
	}
}

// Every key the plan's and the filing's store and models can show exists
// in both catalogs: the events, the blocks, the field labels and messages
// of thoroughly bad records, the diff's fields.
func TestPlanFilingCatalogKeys(t *testing.T) {
	var keys []string
	for _, list := range [][]string{PlanEvents, FilingEvents, SigningEvents} {
		for _, e := range list {
			keys = append(keys, "event."+e)
		}
	}
	bad := plan.Plan{
		Milestones: []plan.Milestone{{Date: "x", Name: "a\nb"}},
		Roles:      []plan.Role{{Side: "x"}},
		Controls:   []plan.Deployment{{Item: "zz", Status: "x"}, {Item: "A.1.a", Status: plan.NA}, {Item: "A.1.a", Status: plan.Planned, Planned: "x"}},
		Incident:   plan.Incident{Deadline: "a\nb"},
		Tracking:   plan.Tracking{PeriodMonths: 99},
		Approval:   plan.Approval{SubmittedOn: "2026-05-01", ApprovedOn: "2026-04-01"},
	}
	errs := bad.Validate()
	errs = append(errs, (contract.Signing{Date: "x", Number: "a\nb"}).Validate()...)
	v := filing.Version{Number: 0, Reason: "x", Status: "x", SubmittedOn: "x", Snapshot: filing.Snapshot{Other: []filing.KV{{}},
		Measures: []filing.Measure{{Item: "zz"}}}}
	errs = append(errs, v.Validate("filings")...)
	errs = append(errs, filing.ValidateStatus(filing.Accepted, "", "")...)
	if len(errs) < 20 {
		t.Fatalf("only %d problems", len(errs))
	}
	for _, f := range errs {
		keys = append(keys, f.Key, f.LabelKey())
	}
	for _, b := range (&plan.Plan{Milestones: bad.Milestones}).Gaps(plan.Inputs{People: []string{"x"}}) {
		keys = append(keys, b.Key)
	}
	keys = append(keys, "plan.block.unapproved", "plan.block.risks_changed", "plan.block.factor_change", "plan.block.approval_unsigned")
	var s filing.Snapshot
	for _, b := range s.Gaps() {
		keys = append(keys, b.Key)
	}
	full := filing.Snapshot{Managers: []model.Contact{{Name: "a"}}, Measures: []filing.Measure{{Item: "A.1.a", Text: "x"}, {Item: filing.MeasureRisk, Text: "y"}}}
	for _, d := range filing.Diff(&s, &full) {
		keys = append(keys, d.Key, d.Block().Key)
	}
	for _, f := range (&filing.Snapshot{Managers: []model.Contact{{}}, Measures: full.Measures}).Fields() {
		keys = append(keys, f.Key, "filing.changed."+strings.TrimPrefix(f.Key, "filing.field."))
	}
	for _, st := range plan.Statuses {
		keys = append(keys, st.Key())
	}
	for _, st := range filing.Statuses {
		keys = append(keys, st.Key())
	}
	for _, sec := range plan.Sections {
		keys = append(keys, sec.Key())
	}
	keys = append(keys, filing.Initial.Key(), filing.Change.Key(), "filing.block.overdue", "filing.block.not_submitted")
	for _, l := range i18n.Langs {
		c := i18n.New(l)
		for _, k := range keys {
			if !c.Has(k) {
				t.Errorf("%s: missing key %q", l, k)
			}
		}
	}
}

// Under the policy "approvals are signed" the approval counts once a plan
// document exported on or after it is signed (6.3 b)).
func TestPlanSignedApprovalPolicy(t *testing.T) {
	s, e := approvedPlan(t)
	op, err := s.CreateOperator(ctx, Operator{Name: "王明", Role: "主任"})
	if err != nil {
		t.Fatal(err)
	}
	rkMust(t, s.SetSignedApprovalRequired(ctx, op, true))
	st := stepOf(t, s, e, model.StepSecurityPlan)
	if st.State != model.InProgress || !strings.Contains(blockKeys(st), "plan.block.approval_unsigned@GB/T 32926—2016 6.3 b)") {
		t.Fatalf("policy on, nothing signed: %v %s", st.State, blockKeys(st))
	}
	k := testKey("王明", "PLANPLANPLANPLANPLANPL")
	k.OperatorID = op.ID
	rkMust(t, s.AddKey(ctx, op, EventKeyCreate, k))
	rec := &ExportRecord{EngagementID: e.ID, Number: "X-SP-01", Kind: "security-plan", Title: "信息安全管理计划", Version: "1.0", Lang: "zh-CN",
		Files:     []ExportFile{{Path: "/out/p.pdf", Format: "pdf", Size: 1, SHA256: strings.Repeat("a", 64)}},
		Signature: &ExportSignature{KeyID: k.ID, Name: "王明", Role: "主任", At: s.Now(), Code: "AAAA-BBBB-CCCC-DDDD", Manifest: strings.Repeat("c", 64)}}
	rkMust(t, s.RecordDocumentExport(ctx, op, rec))
	if st := stepOf(t, s, e, model.StepSecurityPlan); st.State != model.Done || len(st.Documents) != 1 || !st.Documents[0].Signed {
		t.Fatalf("signed plan: %v %s %+v", st.State, blockKeys(st), st.Documents)
	}
}
