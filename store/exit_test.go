package store

import (
	"testing"

	"outsec/i18n"
	"outsec/model"
	"outsec/model/exit"
	"outsec/model/findings"
	"outsec/model/screening"
)

func exitFixture(t *testing.T, cloud bool) (*Store, *model.Engagement) {
	t.Helper()
	s, _ := openTemp(t)
	e := validEngagement()
	e.CloudWebsite = cloud
	mustF(t, s.CreateEngagement(ctx, testOp, e, 0))
	return s, e
}

func startedExit() *exit.Exit {
	return &exit.Exit{Trigger: exit.TriggerExpiry, PlannedStart: "2026-11-01", PlannedEnd: "2026-12-31", Successor: exit.SuccessorSelf}
}

func exitSuccesses(t *testing.T, s *Store) int {
	t.Helper()
	var n int
	mustF(t, s.DB().QueryRow(`SELECT count(*) FROM audit_log WHERE outcome = 'success'`).Scan(&n))
	return n
}

func TestStartExitWritesTheChecklist(t *testing.T) {
	s, e := exitFixture(t, true)
	v, err := s.Exit(ctx, e.ID)
	mustF(t, err)
	if v.Exit != nil || v.ConfidentialityPeriod != "5y" {
		t.Fatalf("before start: %+v", v)
	}
	mustF(t, s.StartExit(ctx, testOp, e.ID, startedExit()))
	v, err = s.Exit(ctx, e.ID)
	mustF(t, err)
	if v.Exit == nil || v.Exit.StartedBy != testOp.Label() || len(v.Checks) != len(exit.Checklist(true)) {
		t.Fatalf("after start: %+v", v)
	}
	if v.ConfidentialityEnd == "" {
		t.Error("no confidentiality end")
	}
	// Once per engagement.
	before := exitSuccesses(t, s)
	if err := s.StartExit(ctx, testOp, e.ID, startedExit()); !hasKey(err, KeyExitStarted, exit.ClauseStrategy) {
		t.Fatalf("second start: %v", err)
	}
	if exitSuccesses(t, s) != before {
		t.Error("a refused start wrote a success record")
	}
	facts, err := s.LifecycleFacts(ctx)
	mustF(t, err)
	if facts[e.ID].States[model.StepExit] != model.InProgress {
		t.Errorf("facts: %+v", facts[e.ID])
	}
}

func TestStartExitForAnAuditFinding(t *testing.T) {
	s, e := exitFixture(t, false)
	x := startedExit()
	x.Trigger, x.FindingID = exit.TriggerAuditFinding, 99
	if err := s.StartExit(ctx, testOp, e.ID, x); !hasKey(err, KeyExitNoFinding, exit.ClauseTerminate) {
		t.Fatalf("unknown finding: %v", err)
	}
	f := &findings.Finding{Description: "越权访问生产库", Severity: findings.High}
	mustF(t, s.AddFinding(ctx, testOp, e.ID, f))
	x.FindingID = f.ID
	mustF(t, s.StartExit(ctx, testOp, e.ID, x))
	v, _ := s.Exit(ctx, e.ID)
	if v.Exit.FindingID != f.ID || v.OpenFindings != 1 {
		t.Errorf("exit %+v, open findings %d", v.Exit, v.OpenFindings)
	}
}

// The whole exit through the store: every rule met one after the other,
// each refusal changing nothing, and the step done at the end.
func TestExitToCompletion(t *testing.T) {
	s, e := exitFixture(t, true)
	if err := s.AddExitItems(ctx, testOp, e.ID, []exit.Item{{Name: "a"}}); !hasKey(err, KeyExitNotStarted, exit.ClauseStrategy) {
		t.Fatalf("items before the start: %v", err)
	}
	mustF(t, s.StartExit(ctx, testOp, e.ID, startedExit()))
	items := []exit.Item{
		{Type: exit.TypeData, Name: "orders.csv", Size: 10, SHA256: "AB" + string(make([]byte, 0)) + "0000000000000000000000000000000000000000000000000000000000000000"[2:], Location: "db/orders.csv"},
		{Type: exit.TypeMedium, Name: "备份磁带", Sensitive: true},
	}
	mustF(t, s.AddExitItems(ctx, testOp, e.ID, items))
	if items[0].ID == 0 || items[1].ID == 0 {
		t.Fatal("no ids")
	}
	bad := []exit.Item{{Name: "ok"}, {Name: ""}}
	if err := s.AddExitItems(ctx, testOp, e.ID, bad); err == nil {
		t.Fatal("an item without a name was added")
	}
	v, _ := s.Exit(ctx, e.ID)
	if len(v.Items) != 2 || v.Items[0].SHA256 != "ab00000000000000000000000000000000000000000000000000000000000000" {
		t.Fatalf("items: %+v", v.Items)
	}
	// Cloud: no destruction before the written authorisation and the plan.
	destroy := exit.Disposal{Disposition: exit.Destroyed, Method: "消磁", Witness: "李四", MediaCleared: true, Evidence: "销毁记录 #1", VerifiedBy: "王五"}
	if err := s.DisposeExitItems(ctx, testOp, e.ID, []int64{items[1].ID}, destroy); !hasKey(err, exit.KeyUnauthorised, exit.ClauseAuthorised) ||
		!hasKey(err, exit.KeyNoPlan, exit.ClauseDeletePlan) {
		t.Fatalf("unauthorised destruction: %v", err)
	}
	x := *v.Exit
	x.AuthorisedBy, x.AuthorisedOn, x.AuthorisedRef, x.DeletionPlan = "王处长", "2026-12-01", "信函 2026-12", "按库逐项删除，覆写三次"
	mustF(t, s.UpdateExit(ctx, testOp, e.ID, &x))
	mustF(t, s.DisposeExitItems(ctx, testOp, e.ID, []int64{items[1].ID}, destroy))
	// One bad id: nothing of the batch is written.
	back := exit.Disposal{Disposition: exit.HandedBack, Evidence: "交接单", VerifiedBy: "王五"}
	if err := s.DisposeExitItems(ctx, testOp, e.ID, []int64{items[0].ID, 999}, back); !hasKey(err, KeyExitNoItem, exit.ClauseDisposed) {
		t.Fatalf("unknown item: %v", err)
	}
	v, _ = s.Exit(ctx, e.ID)
	if v.Items[0].Disposition != exit.Undisposed {
		t.Fatal("a refused batch was partly written")
	}
	mustF(t, s.DisposeExitItems(ctx, testOp, e.ID, []int64{items[0].ID}, back))
	mustF(t, s.RecordReceipt(ctx, testOp, e.ID, map[int64]exit.CheckState{items[0].ID: exit.Matched}))
	for _, d := range exit.Checklist(true) {
		c := exit.Check{ID: d.ID, Status: exit.CheckDone, Evidence: "会议纪要"}
		if d.ID == "exit.b3" {
			c.Status = exit.CheckNA
			if err := s.SetExitCheck(ctx, testOp, e.ID, c); !hasKey(err, exit.KeyNANote, d.Clause) {
				t.Fatalf("n/a without note: %v", err)
			}
			c.Note = "无源代码"
		}
		mustF(t, s.SetExitCheck(ctx, testOp, e.ID, c))
	}
	v, _ = s.Exit(ctx, e.ID)
	blocks := v.Blocks()
	if len(blocks) != 2 || blocks[0].Key != "exits.block.unconfirmed" || blocks[1].Key != "exits.block.unacknowledged" {
		t.Fatalf("blocks: %+v", blocks)
	}
	x = *v.Exit
	x.ConfirmedBy, x.ConfirmedOn, x.AckBy, x.AckOn = "乙方 赵经理", "2026-12-20", "王处长", "2026-12-31"
	mustF(t, s.UpdateExit(ctx, testOp, e.ID, &x))
	facts, err := s.LifecycleFacts(ctx)
	mustF(t, err)
	if facts[e.ID].States[model.StepExit] != model.Done {
		t.Fatalf("exit step: %+v", facts[e.ID])
	}
	en, _ := s.Engagement(ctx, e.ID)
	f := facts[e.ID]
	f.ContractSigned = "2026-01-01"
	if p := model.CurrentPhase(model.Lifecycle(&en, f)); p != model.PhaseDone {
		t.Errorf("phase %v", p)
	}
	v, _ = s.Exit(ctx, e.ID)
	if v.Checks[0].CheckedBy != testOp.Label() || v.Checks[0].On == "" {
		t.Errorf("check: %+v", v.Checks[0])
	}
}

func TestExitCatalogKeys(t *testing.T) {
	keys := []string{"object." + ObjectExit, KeyExitStarted, KeyExitNotStarted, KeyExitNoFinding, KeyExitNoItem,
		model.Closing.Key(), model.PhaseDone.Key(), "field.exit"}
	for _, e := range ExitEvents {
		keys = append(keys, "event."+e)
	}
	for _, x := range exit.Triggers {
		keys = append(keys, x.Key())
	}
	for _, x := range exit.ItemTypes {
		keys = append(keys, x.Key())
	}
	for _, x := range []exit.Disposition{exit.Undisposed, exit.HandedBack, exit.Destroyed} {
		keys = append(keys, x.Key())
	}
	for _, x := range []exit.CheckState{exit.Unchecked, exit.Matched, exit.Changed, exit.Missing} {
		keys = append(keys, x.Key())
	}
	for _, x := range []exit.CheckStatus{exit.CheckOpen, exit.CheckDone, exit.CheckNA} {
		keys = append(keys, x.Key())
	}
	keys = append(keys, exit.SuccessorSelf.Key(), exit.SuccessorVendor.Key())
	bad := exit.Exit{Trigger: exit.TriggerAuditFinding, PlannedStart: "x", PlannedEnd: "y", Successor: exit.SuccessorVendor,
		AuthorisedOn: "x", ConfirmedOn: "x", CarryOver: "x", AckOn: "x"}
	errs := bad.Validate()
	it := exit.Item{Type: "x", SHA256: "x", SM3: "x", Size: -1, Disposition: exit.Destroyed}
	errs = append(errs, it.Validate()...)
	errs = append(errs, (&exit.Check{ID: "exit.a1", Status: exit.CheckNA}).Validate()...)
	errs = append(errs, (&exit.Check{ID: "x"}).Validate()...)
	errs = append(errs, it.Apply(&exit.Exit{}, true, exit.Disposal{Disposition: exit.Destroyed})...)
	for _, f := range errs {
		keys = append(keys, f.Key, f.LabelKey())
	}
	st := exit.State{Exit: &exit.Exit{}, Cloud: true, OpenAccess: []string{"x"}, OpenFindings: 1,
		Items: []exit.Item{{Name: "a"}, {Name: "b", Type: exit.TypeData, Disposition: exit.Destroyed}, {Name: "c", Disposition: exit.HandedBack, Received: exit.Missing}}}
	for _, b := range st.Blocks() {
		keys = append(keys, b.Key)
	}
	keys = append(keys, "exits.block.no_items")
	for _, l := range i18n.Langs {
		c := i18n.New(l)
		for _, k := range keys {
			if !c.Has(k) {
				t.Errorf("%s: missing %q", l, k)
			}
		}
	}
}

// Every access revoked (seed 001 9.3.1 d); A.4 b)): anyone left open keeps
// the exit open, by name, with the accounts; revoking clears it.
func TestExitBlockedByOpenAccess(t *testing.T) {
	s, e := exitFixture(t, false)
	mustF(t, s.StartExit(ctx, testOp, e.ID, startedExit()))
	wang := screening.Person{Name: "王五", StartDate: "2026-01-05"}
	mustF(t, s.CreatePerson(ctx, testOp, e.ID, &wang))
	oa := screening.Access{Account: "oa-admin", Kind: screening.AccessElectronic, Granted: "2026-01-06"}
	badge := screening.Access{Account: "机房门禁卡", Kind: screening.AccessPhysical, Granted: "2026-01-06"}
	mustF(t, s.GrantAccess(ctx, testOp, wang.ID, &oa))
	mustF(t, s.GrantAccess(ctx, testOp, wang.ID, &badge))
	mustF(t, s.RevokeAccess(ctx, testOp, oa.ID, "2026-12-01"))
	v, err := s.Exit(ctx, e.ID)
	mustF(t, err)
	if len(v.OpenAccess) != 1 || v.OpenAccess[0] != "王五 (机房门禁卡)" {
		t.Fatalf("open access: %v", v.OpenAccess)
	}
	has := func(bs []model.Block) bool {
		for _, b := range bs {
			if b.Key == "exits.block.access" && b.Args[0] == "王五 (机房门禁卡)" && b.Clause == exit.ClauseAccess {
				return true
			}
		}
		return false
	}
	facts, err := s.LifecycleFacts(ctx)
	mustF(t, err)
	if !has(facts[e.ID].Blocks[model.StepExit]) {
		t.Fatalf("lifecycle blocks: %+v", facts[e.ID].Blocks[model.StepExit])
	}
	mustF(t, s.RevokeAccess(ctx, testOp, badge.ID, "2026-12-02"))
	v, _ = s.Exit(ctx, e.ID)
	if len(v.OpenAccess) != 0 || has(v.Blocks()) {
		t.Errorf("after revoking: %v", v.OpenAccess)
	}
}

// The second sample is in exit: half the inventory handed back, one item
// destroyed, one person's access still open, each named as a reason.
func TestExitSample(t *testing.T) {
	for _, lang := range []string{"zh-CN", "en"} {
		s, _ := openTemp(t)
		v, err := s.LoadExitSample(ctx, testOp, lang)
		mustF(t, err)
		sum := exit.Summarise(v.Items)
		if sum.Items != 6 || sum.HandedBack != 3 || sum.Destroyed != 1 || len(v.OpenAccess) != 1 {
			t.Fatalf("%s: %+v, access %v", lang, sum, v.OpenAccess)
		}
		keys := map[string]bool{}
		for _, b := range v.Blocks() {
			keys[b.Key] = true
		}
		for _, k := range []string{"exits.block.undisposed", "exits.block.access", "exits.block.unacknowledged", "exits.block.check_open"} {
			if !keys[k] {
				t.Errorf("%s: no %s in %+v", lang, k, v.Blocks())
			}
		}
		facts, _ := s.LifecycleFacts(ctx)
		if facts[v.Engagement.ID].States[model.StepExit] != model.InProgress {
			t.Errorf("%s: exit step %v", lang, facts[v.Engagement.ID].States[model.StepExit])
		}
	}
}
