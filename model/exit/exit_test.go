package exit

import (
	"strings"
	"testing"

	"outsec/model"
)

func TestChecklistFromTheContract(t *testing.T) {
	plain, cl := Checklist(false), Checklist(true)
	if len(plain) != 16 {
		t.Fatalf("non-cloud checklist: %d items, want the 16 exit.* clauses of 6.2.2", len(plain))
	}
	for _, d := range plain {
		if !strings.HasPrefix(d.ID, "exit.") || d.Clause == "" || d.Title.ZH == "" || d.Title.EN == "" {
			t.Errorf("item %+v", d)
		}
	}
	ids := map[string]bool{}
	for _, d := range cl {
		ids[d.ID] = true
	}
	for _, want := range []string{"exit.a1", "exit.c6", "cloud.f", "data.handover", "data.deletion", "duty.c", "duty.d", "duty.e", "duty.f"} {
		if !ids[want] {
			t.Errorf("cloud checklist lacks %s", want)
		}
	}
	if len(cl) != 16+1+6+4 {
		t.Errorf("cloud checklist: %d items", len(cl))
	}
}

func validExit() *Exit {
	return &Exit{Trigger: TriggerExpiry, PlannedStart: "2026-11-01", PlannedEnd: "2026-12-31", Successor: SuccessorSelf}
}

func keys(v model.ValidationError) map[string]model.Clause {
	out := map[string]model.Clause{}
	for _, f := range v {
		out[f.Field+":"+f.Key] = f.Clause
	}
	return out
}

func TestValidateExit(t *testing.T) {
	if v := validExit().Validate(); v != nil {
		t.Fatal(v)
	}
	x := &Exit{Trigger: TriggerAuditFinding, PlannedStart: "2026-12-31", PlannedEnd: "2026-11-01", Successor: SuccessorVendor}
	k := keys(x.Validate())
	for want, clause := range map[string]model.Clause{
		"exit.finding:" + KeyNeedFinding:     ClauseTerminate,
		"exit.planned_end:" + KeyDatesOrder:  ClauseStrategy,
		"exit.successor_name:" + KeyRequired: ClauseSuccessor,
	} {
		if k[want] != clause {
			t.Errorf("%s: got %q in %v", want, k[want], k)
		}
	}
	if k := keys((&Exit{Trigger: "bad"}).Validate()); k["exit.trigger:"+KeyBadTrigger] == "" || k["exit.successor:"+KeyBadSuccessor] == "" {
		t.Errorf("bad trigger and successor: %v", k)
	}
}

func TestCheckNeedsANoteWhenNotApplicable(t *testing.T) {
	c := Check{ID: "exit.b3", Status: CheckNA, On: "2026-12-01"}
	if k := keys(c.Validate()); k["exit_check.note:"+KeyNANote] != "GB/T 32926—2016 6.2.2 b) 3)" {
		t.Errorf("n/a without note: %v", k)
	}
	c.Note = "无源代码交付"
	if v := c.Validate(); v != nil {
		t.Error(v)
	}
	if k := keys((&Check{ID: "nope"}).Validate()); k["exit_check.id:"+KeyNoCheck] == "" {
		t.Errorf("unknown item: %v", k)
	}
}

func TestCloudDestructionNeedsAuthorisationAndPlan(t *testing.T) {
	x := validExit()
	it := Item{Name: "orders.csv", Type: TypeData}
	d := Disposal{Disposition: Destroyed, On: "2026-12-01", Method: "覆写", Witness: "张三", Evidence: "记录", VerifiedBy: "李四"}
	k := keys(it.Apply(x, true, d))
	if k["exit_item.disposition:"+KeyUnauthorised] != ClauseAuthorised || k["exit_item.disposition:"+KeyNoPlan] != ClauseDeletePlan {
		t.Fatalf("cloud destruction without authorisation: %v", k)
	}
	if it.Disposition != Undisposed {
		t.Fatal("a refused destruction changed the item")
	}
	// Not cloud: no such precondition.
	if v := it.Apply(x, false, d); v != nil || it.Disposition != Destroyed {
		t.Fatalf("non-cloud destruction: %v", v)
	}
	x.AuthorisedBy, x.AuthorisedOn, x.DeletionPlan = "王处长", "2026-11-20", "逐库删除并覆写"
	it2 := Item{Name: "b", Type: TypeData}
	if v := it2.Apply(x, true, d); v != nil {
		t.Fatal(v)
	}
	// A destruction says how and who witnessed it (9.2.2 b)–c)).
	it3 := Item{Name: "c", Type: TypeData}
	k = keys(it3.Apply(x, true, Disposal{Disposition: Destroyed, On: "2026-12-01"}))
	if k["exit_item.method:"+KeyRequired] != ClauseMedia || k["exit_item.witness:"+KeyRequired] != ClauseMedia {
		t.Errorf("destruction without method and witness: %v", k)
	}
}

func blockKeys(bs []model.Block) map[string]model.Block {
	out := map[string]model.Block{}
	for _, b := range bs {
		k := b.Key
		if len(b.Args) > 0 && b.Key == "exits.block.access" {
			k += ":" + b.Args[0].(string)
		}
		out[k] = b
	}
	return out
}

// completeState is an exit whose every rule holds.
func completeState() *State {
	x := validExit()
	x.AckBy, x.AckOn = "王处长", "2026-12-31"
	x.ConfirmedBy, x.ConfirmedOn = "乙方 赵经理", "2026-12-20"
	s := &State{Exit: x}
	for _, d := range Checklist(false) {
		s.Checks = append(s.Checks, Check{ID: d.ID, Status: CheckDone, On: "2026-12-01"})
	}
	s.Items = []Item{
		{ID: 1, Name: "a", Type: TypeData, Disposition: HandedBack, Evidence: "交接单", VerifiedBy: "李四", Received: Matched},
		{ID: 2, Name: "b", Type: TypeMedium, Disposition: Destroyed, MediaCleared: true, Evidence: "销毁记录", VerifiedBy: "李四"},
	}
	return s
}

func TestExitCompleteWhenEveryRuleHolds(t *testing.T) {
	s := completeState()
	st, b := s.LifecycleState()
	if st != model.Done || b != nil {
		t.Fatalf("complete exit: %v %+v", st, b)
	}
	if st, _ := (&State{}).LifecycleState(); st != model.NotStarted {
		t.Errorf("no exit: %v", st)
	}
}

// Each rule alone keeps the exit open and names its reason and clause.
func TestEachRuleKeepsTheExitOpen(t *testing.T) {
	cases := []struct {
		name   string
		change func(s *State)
		key    string
		clause model.Clause
		arg    any
	}{
		{"undisposed item", func(s *State) { s.Items = append(s.Items, Item{ID: 3, Name: "c.csv", Location: "db/c.csv"}) },
			"exits.block.undisposed", ClauseDisposed, "db/c.csv"},
		{"no evidence", func(s *State) { s.Items[0].Evidence = "" }, "exits.block.unproven", ClauseDisposed, "a"},
		{"no verification", func(s *State) { s.Items[1].VerifiedBy = "" }, "exits.block.unproven", ClauseDisposed, "b"},
		{"changed on receipt", func(s *State) { s.Items[0].Received = Changed }, "exits.block.bad_check", ClauseReceive, "a"},
		{"media not cleared", func(s *State) { s.Items[1].MediaCleared = false }, "exits.block.media", ClauseMedia, "b"},
		{"no vendor confirmation", func(s *State) { s.Exit.ConfirmedBy = "" }, "exits.block.unconfirmed", ClauseConfirm, nil},
		{"checklist open", func(s *State) { s.Checks[4].Status = CheckOpen }, "exits.block.check_open", "GB/T 32926—2016 6.2.2 b) 1)", "exit.b1"},
		{"checklist item missing", func(s *State) { s.Checks = s.Checks[:15] }, "exits.block.check_open", "GB/T 32926—2016 6.2.2 c) 6)", "exit.c6"},
		{"access open", func(s *State) { s.OpenAccess = []string{"张三"} }, "exits.block.access:张三", ClauseAccess, "张三"},
		{"open findings", func(s *State) { s.OpenFindings = 2 }, "exits.block.findings", ClauseFindings, 2},
		{"report unacknowledged", func(s *State) { s.Exit.AckBy, s.Exit.AckOn = "", "" }, "exits.block.unacknowledged", ClauseReport, nil},
		{"empty inventory", func(s *State) { s.Items = nil; s.Exit.ConfirmedBy = "" }, "exits.block.no_items", ClauseInventory, nil},
		{"cloud duties", func(s *State) { s.Cloud = true }, "exits.block.check_open", ClauseStrategy, "duty.d"},
	}
	for _, c := range cases {
		s := completeState()
		c.change(s)
		st, bs := s.LifecycleState()
		if st != model.InProgress {
			t.Errorf("%s: state %v", c.name, st)
			continue
		}
		found := false
		for _, b := range bs {
			k := b.Key
			if b.Key == "exits.block.access" {
				k += ":" + b.Args[0].(string)
			}
			if k != c.key || b.Clause != c.clause {
				continue
			}
			if c.arg != nil && !argHas(b.Args, c.arg) && !(b.Key == "exits.block.check_open" && strings.Contains(b.Args[1].(string), c.arg.(string))) {
				continue
			}
			found = true
		}
		if !found {
			t.Errorf("%s: want %s (%s) with %v in %+v", c.name, c.key, c.clause, c.arg, bs)
		}
	}
	// Carried over by the leader's decision: open findings no longer block.
	s := completeState()
	s.OpenFindings = 2
	s.Exit.CarryOver, s.Exit.CarryOverBy = "转入新服务机构整改", "王处长"
	if st, bs := s.LifecycleState(); st != model.Done {
		t.Errorf("carried over: %v %+v", st, bs)
	}
}

func argHas(args []any, want any) bool {
	for _, a := range args {
		if a == want {
			return true
		}
	}
	return false
}

func TestConfidentialityEnd(t *testing.T) {
	for _, c := range []struct {
		end    model.Date
		period string
		want   model.Date
		ok     bool
	}{
		{"2026-12-31", "5y", "2031-12-31", true},
		{"2026-01-31", "6mo", "2026-07-31", true},
		{"2026-12-04", "3wd", "2026-12-09", true},
		{"2026-12-31", "30d", "2027-01-30", true},
		{"", "5y", "", false},
		{"2026-12-31", "forever", "", false},
	} {
		got, ok := ConfidentialityEnd(c.end, c.period)
		if got != c.want || ok != c.ok {
			t.Errorf("%s + %s = %s %v, want %s %v", c.end, c.period, got, ok, c.want, c.ok)
		}
	}
}

func TestItemValidation(t *testing.T) {
	it := Item{Type: "x", SHA256: "abc", SM3: strings.Repeat("g", 64)}
	k := keys(it.Validate())
	for _, want := range []string{"exit_item.type:" + KeyBadType, "exit_item.name:" + KeyRequired, "exit_item.sha256:" + KeyDigest, "exit_item.sm3:" + KeyDigest} {
		if k[want] == "" {
			t.Errorf("missing %s in %v", want, k)
		}
	}
}
