package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"outsec/i18n"
	"outsec/model"
	"outsec/model/casefile"
	"outsec/model/contract"
	"outsec/model/screening"
)

// contractFixture is a store with one engagement that is not a cloud one.
func contractFixture(t *testing.T) (*Store, *model.Engagement) {
	t.Helper()
	s, _ := openTemp(t)
	e := validEngagement()
	e.CloudWebsite = false
	if err := s.CreateEngagement(ctx, testOp, e, 0); err != nil {
		t.Fatal(err)
	}
	return s, e
}

func assessAll(t *testing.T, s *Store, id int64, cloud bool, st contract.Status) {
	t.Helper()
	for _, it := range contract.ItemsFor(cloud) {
		if err := s.SaveContractAssessment(ctx, testOp, id, contract.Assessment{ItemID: it.ID, Status: st, Article: "第 3 条"}); err != nil {
			t.Fatal(err)
		}
	}
}

func factsOf(t *testing.T, s *Store, id int64) model.Facts {
	t.Helper()
	facts, err := s.LifecycleFacts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return facts[id]
}

func TestContractSavedAndAudited(t *testing.T) {
	s, e := contractFixture(t)
	if c, err := s.Contract(ctx, e.ID); err != nil || !c.Empty() {
		t.Fatalf("new engagement: %+v %v", c, err)
	}
	if _, err := s.Contract(ctx, 999); !errors.Is(err, ErrNotFound) {
		t.Fatalf("no engagement: %v", err)
	}
	r := contract.Review{Title: "  运维服务合同 ", Version: "v1", Date: "2026/3/5", Reviewer: "李审"}
	if err := s.SaveContractReview(ctx, testOp, e.ID, r); err != nil {
		t.Fatal(err)
	}
	rec := lastAudit(t, s)
	if rec.Event != EventContractReview || rec.ObjectType != "engagement" || rec.ObjectID != e.Code || rec.Outcome != OutcomeSuccess ||
		rec.Detail != "title=运维服务合同; version=v1; date=2026-03-05; reviewer=李审" {
		t.Errorf("audit %+v", rec)
	}
	for _, a := range []contract.Assessment{
		{ItemID: "exit.b5", Status: contract.Missing, Note: " 未约定 "},
		{ItemID: "sec.a7", Status: contract.Partial, Article: "第 9 条", Note: "未约定不出境"},
		{ItemID: "sec.a1", Status: contract.Present, Article: "第 2 条"},
	} {
		if err := s.SaveContractAssessment(ctx, testOp, e.ID, a); err != nil {
			t.Fatal(err)
		}
	}
	if rec := lastAudit(t, s); rec.Event != EventContractAssess || rec.Detail != "sec.a1=present" {
		t.Errorf("audit %+v", rec)
	}
	if err := s.SaveContractParams(ctx, testOp, e.ID, map[string]string{"notify_hours": " 4 ", "sla_backup_retention": "30 天", "sla_power": "99.9%"}); err != nil {
		t.Fatal(err)
	}
	if rec := lastAudit(t, s); rec.Event != EventContractParams || rec.Detail != "notify_hours=4; sla_backup_retention=30d; sla_power=99.9" {
		t.Errorf("audit %+v", rec)
	}
	later := &contract.FactorChange{Date: "2026-05-01", Description: "乙方控股股东变更"}
	earlier := &contract.FactorChange{Date: "2026-02-01", Description: "服务范围扩大"}
	for _, f := range []*contract.FactorChange{later, earlier} {
		if err := s.RecordFactorChange(ctx, testOp, e.ID, f); err != nil {
			t.Fatal(err)
		}
		if f.ID == 0 {
			t.Fatal("no id")
		}
	}
	if rec := lastAudit(t, s); rec.Event != EventContractFactor || rec.Detail != fmt.Sprintf("id=%d; date=2026-02-01; 服务范围扩大", earlier.ID) {
		t.Errorf("audit %+v", rec)
	}
	if err := s.SetVendorNDASigned(ctx, testOp, e.ID, "2026-03-06"); err != nil {
		t.Fatal(err)
	}
	if rec := lastAudit(t, s); rec.Event != EventContractVendorNDA || rec.Detail != "vendor_nda_signed=2026-03-06" {
		t.Errorf("audit %+v", rec)
	}

	c, err := s.Contract(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := contract.Contract{
		Review: contract.Review{Title: "运维服务合同", Version: "v1", Date: "2026-03-05", Reviewer: "李审", Items: []contract.Assessment{
			{ItemID: "sec.a1", Status: contract.Present, Article: "第 2 条"},
			{ItemID: "sec.a7", Status: contract.Partial, Article: "第 9 条", Note: "未约定不出境"},
			{ItemID: "exit.b5", Status: contract.Missing, Note: "未约定"},
		}},
		Params:          map[string]string{"notify_hours": "4", "sla_backup_retention": "30d", "sla_power": "99.9"},
		FactorChanges:   []contract.FactorChange{{ID: earlier.ID, Date: "2026-02-01", Description: "服务范围扩大"}, {ID: later.ID, Date: "2026-05-01", Description: "乙方控股股东变更"}},
		VendorNDASigned: "2026-03-06",
	}
	if !reflect.DeepEqual(c, want) {
		t.Fatalf("read back\n%+v\nwant\n%+v", c, want)
	}

	// Changing a finding replaces it; one that records nothing removes it;
	// an empty parameter unsets it; the factor change can be deleted.
	if err := s.SaveContractAssessment(ctx, testOp, e.ID, contract.Assessment{ItemID: "sec.a7", Status: contract.Present}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveContractAssessment(ctx, testOp, e.ID, contract.Assessment{ItemID: "exit.b5"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveContractParams(ctx, testOp, e.ID, map[string]string{"sla_power": ""}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteFactorChange(ctx, testOp, later.ID); err != nil {
		t.Fatal(err)
	}
	if rec := lastAudit(t, s); rec.Event != EventContractFactorDelete || !strings.Contains(rec.Detail, "乙方控股股东变更") {
		t.Errorf("audit %+v", rec)
	}
	c, _ = s.Contract(ctx, e.ID)
	if len(c.Review.Items) != 2 || c.Review.Assessment("sec.a7") != (contract.Assessment{ItemID: "sec.a7", Status: contract.Present}) ||
		len(c.Params) != 2 || c.Params["sla_power"] != "" || len(c.FactorChanges) != 1 {
		t.Fatalf("after changes %+v", c)
	}
	if n := count(t, s, "contract_items"); n != 2 {
		t.Fatalf("%d item rows", n)
	}
	if err := s.DeleteFactorChange(ctx, testOp, later.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("delete twice: %v", err)
	}
	if v, err := s.VerifyAudit(ctx); err != nil || v.Break != nil {
		t.Fatal(v, err)
	}
	// Deleting the engagement takes its contract with it.
	if err := s.DeleteEngagement(ctx, testOp, e.ID); err != nil {
		t.Fatal(err)
	}
	for _, tbl := range []string{"contracts", "contract_items", "contract_params", "contract_factor_changes"} {
		if n := count(t, s, tbl); n != 0 {
			t.Errorf("%s: %d rows left", tbl, n)
		}
	}
}

func TestInvalidContractInputWritesNothingButTheFailure(t *testing.T) {
	s, e := contractFixture(t)
	before := count(t, s, "audit_log")
	long := strings.Repeat("条", model.MaxLongText+1)
	for i, call := range []func() error{
		func() error {
			return s.SaveContractReview(ctx, testOp, e.ID, contract.Review{Title: "合同", Date: "2026-02-30"})
		},
		func() error {
			return s.SaveContractReview(ctx, testOp, e.ID, contract.Review{Title: "第一行\n第二行"})
		},
		func() error {
			return s.SaveContractAssessment(ctx, testOp, e.ID, contract.Assessment{ItemID: "sec.a10", Status: contract.Present})
		},
		func() error {
			return s.SaveContractAssessment(ctx, testOp, e.ID, contract.Assessment{ItemID: "sec.a1", Status: "fine"})
		},
		func() error {
			return s.SaveContractAssessment(ctx, testOp, e.ID, contract.Assessment{ItemID: "sec.a2", Status: contract.NA})
		},
		func() error {
			return s.SaveContractAssessment(ctx, testOp, e.ID, contract.Assessment{ItemID: "nda.b1", Status: contract.Present})
		},
		func() error {
			return s.SaveContractAssessment(ctx, testOp, e.ID, contract.Assessment{ItemID: "sec.a3", Status: contract.Present, Article: long})
		},
		// One bad value refuses the whole change, the good one included.
		func() error {
			return s.SaveContractParams(ctx, testOp, e.ID, map[string]string{"notify_hours": "4", "sla_power": "120"})
		},
		func() error { return s.SaveContractParams(ctx, testOp, e.ID, map[string]string{"warp_factor": "9"}) },
		func() error {
			return s.RecordFactorChange(ctx, testOp, e.ID, &contract.FactorChange{Date: "", Description: "x"})
		},
		func() error {
			return s.RecordFactorChange(ctx, testOp, e.ID, &contract.FactorChange{Date: "2026-04-01", Description: "  "})
		},
		func() error { return s.SetVendorNDASigned(ctx, testOp, e.ID, "someday") },
	} {
		err := call()
		var ve model.ValidationError
		if !errors.As(err, &ve) || len(ve) == 0 {
			t.Fatalf("call %d: err %v", i, err)
		}
		for _, f := range ve {
			if f.Key == "" || f.Field == "" {
				t.Errorf("call %d: %+v", i, f)
			}
		}
	}
	for _, tbl := range []string{"contracts", "contract_items", "contract_params", "contract_factor_changes"} {
		if n := count(t, s, tbl); n != 0 {
			t.Errorf("%s: %d rows written", tbl, n)
		}
	}
	recs, _ := s.AuditLog(ctx, 0)
	if len(recs) != before+12 {
		t.Fatalf("%d audit records, want %d", len(recs), before+12)
	}
	for _, r := range recs[:12] {
		if r.Outcome != OutcomeFailure || r.ObjectID != e.Code || !strings.HasPrefix(r.Event, "contract"+".") {
			t.Errorf("failure record %+v", r)
		}
	}
	// No such engagement: not found, audited as a failure, nothing written.
	err := s.SaveContractReview(ctx, testOp, 999, contract.Review{Title: "合同"})
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown engagement: %v", err)
	}
	if r := lastAudit(t, s); r.Outcome != OutcomeFailure || r.Event != EventContractReview {
		t.Fatalf("no failure record: %+v", r)
	}
	if n := count(t, s, "contracts"); n != 0 {
		t.Fatalf("%d contract rows", n)
	}
}

func TestContractFacts(t *testing.T) {
	s, e := contractFixture(t)
	if f := factsOf(t, s, e.ID); f.States[model.StepContract] != model.NotStarted || f.States[model.StepNDA] != model.NotStarted {
		t.Fatalf("nothing recorded: %+v", f)
	}
	// A review with two items missing and one partial: blocked by exactly those.
	if err := s.SaveContractReview(ctx, testOp, e.ID, contract.Review{Title: "合同", Date: "2026-03-05"}); err != nil {
		t.Fatal(err)
	}
	assessAll(t, s, e.ID, false, contract.Present)
	for _, a := range []contract.Assessment{
		{ItemID: "sec.a9", Status: contract.Missing}, {ItemID: "exit.c3", Status: contract.Missing},
		{ItemID: "sec.a5", Status: contract.Partial, Note: "无报告时限"},
	} {
		if err := s.SaveContractAssessment(ctx, testOp, e.ID, a); err != nil {
			t.Fatal(err)
		}
	}
	c, _ := s.Contract(ctx, e.ID)
	var gaps []string
	for _, g := range c.Gaps(false) {
		gaps = append(gaps, g.Item.ID+" "+string(g.Status)+" "+string(g.Clause))
	}
	if got := strings.Join(gaps, "; "); got != "sec.a5 partial GB/T 32926—2016 6.2.1 a) 5); sec.a9 missing GB/T 32926—2016 6.2.1 a) 9); exit.c3 missing GB/T 32926—2016 6.2.2 c) 3)" {
		t.Fatalf("gaps %s", got)
	}
	f := factsOf(t, s, e.ID)
	bl := f.Blocks[model.StepContract]
	if f.States[model.StepContract] != model.InProgress || len(bl) != 3 || bl[0].Key != "contract.block.sec.a5" ||
		bl[1].Clause != "GB/T 32926—2016 6.2.1 a) 9)" || bl[2].Key != "contract.block.exit.c3" {
		t.Fatalf("facts %+v", f)
	}
	steps := model.Lifecycle(e, f)
	for _, st := range steps {
		if st.ID == model.StepContract && !st.Blocked() {
			t.Error("contract step not blocked")
		}
	}
	// All fixed: done.
	for _, id := range []string{"sec.a9", "exit.c3", "sec.a5"} {
		if err := s.SaveContractAssessment(ctx, testOp, e.ID, contract.Assessment{ItemID: id, Status: contract.Present}); err != nil {
			t.Fatal(err)
		}
	}
	f = factsOf(t, s, e.ID)
	if f.States[model.StepContract] != model.Done || len(f.Blocks[model.StepContract]) != 0 {
		t.Fatalf("all present: %+v", f)
	}
	// The engagement becomes a cloud one: the cloud items are to be assessed.
	e.CloudWebsite = true
	if err := s.UpdateEngagement(ctx, testOp, e, 0); err != nil {
		t.Fatal(err)
	}
	if f = factsOf(t, s, e.ID); f.States[model.StepContract] != model.InProgress {
		t.Fatalf("cloud: %+v", f.States)
	}
	assessAll(t, s, e.ID, true, contract.Present)
	if f = factsOf(t, s, e.ID); f.States[model.StepContract] != model.Done {
		t.Fatalf("cloud assessed: %+v", f.States)
	}
	// A factor change after the review: needs update (6.2.1 b)).
	if err := s.RecordFactorChange(ctx, testOp, e.ID, &contract.FactorChange{Date: "2026-04-02", Description: "新增业务系统"}); err != nil {
		t.Fatal(err)
	}
	f = factsOf(t, s, e.ID)
	if f.States[model.StepContract] != model.NeedsUpdate || len(f.Blocks[model.StepContract]) != 1 ||
		f.Blocks[model.StepContract][0].Key != "contract.block.factor_change" {
		t.Fatalf("factor change: %+v", f)
	}
	if err := s.SaveContractReview(ctx, testOp, e.ID, contract.Review{Title: "合同", Version: "v2", Date: "2026-04-10"}); err != nil {
		t.Fatal(err)
	}
	if f = factsOf(t, s, e.ID); f.States[model.StepContract] != model.Done {
		t.Fatalf("reviewed again: %+v", f.States)
	}
}

func TestNDAFacts(t *testing.T) {
	s, e := contractFixture(t)
	for i := 0; i < 20; i++ {
		p := screening.Person{Name: fmt.Sprintf("服务人员%02d", i+1), NDASigned: "2026-03-02"}
		if err := s.CreatePerson(ctx, testOp, e.ID, &p); err != nil {
			t.Fatal(err)
		}
	}
	// People who signed, but no NDA with the vendor.
	f := factsOf(t, s, e.ID)
	if f.States[model.StepNDA] != model.InProgress || len(f.Blocks[model.StepNDA]) != 1 || f.Blocks[model.StepNDA][0].Key != "contract.block.nda_vendor" {
		t.Fatalf("no vendor NDA: %+v", f)
	}
	if err := s.SetVendorNDASigned(ctx, testOp, e.ID, "2026-03-01"); err != nil {
		t.Fatal(err)
	}
	f = factsOf(t, s, e.ID)
	if f.States[model.StepNDA] != model.Done || len(f.Blocks[model.StepNDA]) != 0 {
		t.Fatalf("all signed: %+v", f)
	}
	// The contract step is untouched by the NDAs.
	if f.States[model.StepContract] != model.NotStarted {
		t.Fatalf("contract step %v", f.States[model.StepContract])
	}
	// One person added later without an NDA: blocked, naming them.
	late := screening.Person{Name: "后加入的赵七"}
	if err := s.CreatePerson(ctx, testOp, e.ID, &late); err != nil {
		t.Fatal(err)
	}
	f = factsOf(t, s, e.ID)
	bl := f.Blocks[model.StepNDA]
	if f.States[model.StepNDA] != model.InProgress || len(bl) != 1 || bl[0].Key != "contract.block.nda_person" ||
		fmt.Sprint(bl[0].Args) != "[后加入的赵七]" || bl[0].Clause != contract.ClauseNDA {
		t.Fatalf("late person: %+v", f)
	}
	// The filing waits for it (6.5 a)).
	for _, st := range model.Lifecycle(e, f) {
		if st.ID == model.StepFiling {
			found := false
			for _, b := range st.Blocks {
				found = found || b.Key == "block.nda_unsigned"
			}
			if !found {
				t.Errorf("filing not blocked by the NDA: %+v", st.Blocks)
			}
		}
	}
	late.NDASigned = "2026-04-01"
	if err := s.UpdatePerson(ctx, testOp, &late); err != nil {
		t.Fatal(err)
	}
	if f = factsOf(t, s, e.ID); f.States[model.StepNDA] != model.Done {
		t.Fatalf("signed: %+v", f)
	}
	// Clearing the vendor's date undoes it.
	if err := s.SetVendorNDASigned(ctx, testOp, e.ID, ""); err != nil {
		t.Fatal(err)
	}
	if f = factsOf(t, s, e.ID); f.States[model.StepNDA] != model.InProgress {
		t.Fatalf("vendor cleared: %+v", f)
	}
}

func contractSection(t *testing.T, file []byte) string {
	t.Helper()
	var top map[string]json.RawMessage
	if err := json.Unmarshal(file, &top); err != nil {
		t.Fatal(err)
	}
	return string(top["contract"])
}

// contractedEngagement is an engagement of the case file tests with a
// contract record of every kind.
func contractedEngagement(t *testing.T, s *Store, op Operator) model.Engagement {
	t.Helper()
	e := engagement(t, s, op)
	if err := s.SaveContractReview(ctx, op, e.ID, contract.Review{Title: "云服务合同", Version: "2026-v1", Date: "2026-03-05", Reviewer: "李审"}); err != nil {
		t.Fatal(err)
	}
	for _, a := range []contract.Assessment{
		{ItemID: "cloud.sla", Status: contract.Partial, Article: "附件 2", Note: "缺少日志保留时间"},
		{ItemID: "sec.a1", Status: contract.Present, Article: "第 2 条"},
		{ItemID: "data.no_foreign", Status: contract.NA},
		{ItemID: "exit.a2", Status: "", Note: "待法务确认"},
	} {
		if err := s.SaveContractAssessment(ctx, op, e.ID, a); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SaveContractParams(ctx, op, e.ID, map[string]string{"sla_log_retention": "6mo", "notify_hours": "4", "deployment_model": "政务云"}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []contract.FactorChange{{Date: "2026-04-01", Description: "系统迁移"}, {Date: "2026-02-01", Description: "服务范围\n扩大"}} {
		if err := s.RecordFactorChange(ctx, op, e.ID, &f); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetVendorNDASigned(ctx, op, e.ID, "2026-03-06"); err != nil {
		t.Fatal(err)
	}
	return e
}

func TestCaseRoundTripWithContract(t *testing.T) {
	a, opA := caseStore(t, time.Date(2026, 3, 1, 8, 30, 0, 0, time.UTC))
	e := contractedEngagement(t, a, opA)
	first := export(t, a, opA, e.ID)
	sec := contractSection(t, first)
	for _, w := range []string{`"title": "云服务合同"`, `"item": "cloud.sla"`, `"sla_log_retention": "6mo"`, `"vendor_nda_signed": "2026-03-06"`, `"description": "服务范围\n扩大"`} {
		if !strings.Contains(sec, w) {
			t.Fatalf("section lacks %s:\n%s", w, sec)
		}
	}
	// Findings in catalog order, factor changes by date.
	if strings.Index(sec, `"sec.a1"`) > strings.Index(sec, `"cloud.sla"`) || strings.Index(sec, "2026-02-01") > strings.Index(sec, "2026-04-01") {
		t.Fatalf("out of order:\n%s", sec)
	}
	b, opB := caseStore(t, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	res, err := b.ImportCase(ctx, opB, first, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	log, _ := b.AuditLog(ctx, 1)
	if !strings.Contains(log[0].Detail, "contract: items=4 params=3 factor_changes=2") {
		t.Errorf("import record %q", log[0].Detail)
	}
	second := export(t, b, opB, res.Engagement.ID)
	if !bytes.Equal(first, second) {
		t.Fatalf("export → import → export differs:\n%s\n---\n%s", first, second)
	}
	// An engagement without records: no section.
	plain := engagement(t, a, opA)
	if sec := contractSection(t, export(t, a, opA, plain.ID)); sec != "" {
		t.Fatalf("section of an engagement without contract: %s", sec)
	}
}

func TestCaseImportReplacesContract(t *testing.T) {
	s, op := caseStore(t, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	e := contractedEngagement(t, s, op)
	file := export(t, s, op, e.ID)
	c, err := casefile.Decode(file)
	if err != nil {
		t.Fatal(err)
	}
	c.Contract.Review.Items = c.Contract.Review.With(contract.Assessment{ItemID: "cloud.sla", Status: contract.Present})
	c.Contract.Params = map[string]string{"notify_hours": "1"}
	c.Contract.FactorChanges = nil
	c.Engagement.UpdatedAt = c.Engagement.UpdatedAt.Add(time.Second)
	changed, err := casefile.Encode(c)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportCase(ctx, op, changed, ImportOptions{OnConflict: ConflictReplace}); err != nil {
		t.Fatal(err)
	}
	if got, want := contractSection(t, export(t, s, op, e.ID)), contractSection(t, changed); got != want {
		t.Fatalf("after replace:\n%s\nwant\n%s", got, want)
	}
	log, _ := s.AuditLog(ctx, 2)
	if !strings.Contains(log[1].Detail, "contract replaced: items=4 params=3 factor_changes=2") {
		t.Errorf("import record %q", log[1].Detail)
	}
	c.Contract = nil
	none, _ := casefile.Encode(c)
	if _, err := s.ImportCase(ctx, op, none, ImportOptions{OnConflict: ConflictReplace}); err != nil {
		t.Fatal(err)
	}
	for _, tbl := range []string{"contracts", "contract_items", "contract_params", "contract_factor_changes"} {
		if n := count(t, s, tbl); n != 0 {
			t.Errorf("%s: %d rows left", tbl, n)
		}
	}
}

func TestCaseImportInvalidContractWritesNothing(t *testing.T) {
	s, op := caseStore(t, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	e := contractedEngagement(t, s, op)
	file := export(t, s, op, e.ID)
	bad := bytes.Replace(file, []byte(`"status": "partial"`), []byte(`"status": "half"`), 1)
	bad = bytes.Replace(bad, []byte(`"notify_hours": "4"`), []byte(`"notify_hours": "soon"`), 1)
	fresh, opF := caseStore(t, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	before := countRows(t, fresh)
	_, err := fresh.ImportCase(ctx, opF, bad, ImportOptions{})
	ps := casefile.Problems(err)
	if len(ps) != 2 || ps[0].Path != "$.contract.review.items[2].status" || ps[1].Path != "$.contract.params.notify_hours" {
		t.Fatalf("problems: %v", err)
	}
	if after := countRows(t, fresh); !onlyFailures(t, fresh, before, after, 1) {
		t.Errorf("invalid file wrote: %+v → %+v", before, after)
	}
	for _, tbl := range []string{"contracts", "contract_items", "contract_params", "contract_factor_changes"} {
		if n := count(t, fresh, tbl); n != 0 {
			t.Errorf("%s: %d rows written", tbl, n)
		}
	}
}

// Every key the contract store and model can show exists in both catalogs:
// the events, and the label and message of every problem a thoroughly bad
// record has.
func TestContractCatalogKeys(t *testing.T) {
	var keys []string
	for _, e := range ContractEvents {
		keys = append(keys, "event."+e)
	}
	bad := contract.Contract{
		Review: contract.Review{Title: "\x00", Version: "a\nb", Reviewer: strings.Repeat("长", 300), Date: "x", Items: []contract.Assessment{
			{ItemID: "zz", Status: "x", Article: "\x00", Note: "\x00"}, {ItemID: "zz"}, {ItemID: "nda.b1"}, {ItemID: "sec.a1", Status: contract.NA},
		}},
		Params:          map[string]string{"zz": "1", "notify_hours": "x", "sla_power": "x", "sla_log_retention": "x", "deployment_model": "\x00"},
		FactorChanges:   []contract.FactorChange{{}, {Date: "x", Description: "\x00"}},
		VendorNDASigned: "x",
	}
	errs := bad.Validate()
	if len(errs) < 15 {
		t.Fatalf("only %d problems", len(errs))
	}
	for _, f := range errs {
		keys = append(keys, f.Key, f.LabelKey())
	}
	for _, p := range contract.Params() {
		keys = append(keys, p.LabelKey())
	}
	for _, l := range i18n.Langs {
		c := i18n.New(l)
		for _, k := range keys {
			if !c.Has(k) {
				t.Errorf("%s: missing key %q", l, k)
			}
		}
	}
}
