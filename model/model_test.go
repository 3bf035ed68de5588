package model

import (
	"strings"
	"testing"
)

func valid() Engagement {
	e := SampleEngagement("zh-CN")
	return e
}

func fields(v ValidationError) map[string]FieldError {
	m := map[string]FieldError{}
	for _, f := range v {
		m[f.Field] = f
	}
	return m
}

func TestSampleIsValidAndComplete(t *testing.T) {
	for _, l := range []string{"zh-CN", "en"} {
		e := SampleEngagement(l)
		if err := e.Validate(); err != nil {
			t.Errorf("%s sample invalid: %v", l, err)
		}
		if g := e.FilingGaps(); len(g) != 0 {
			t.Errorf("%s sample has gaps: %v", l, g)
		}
		if !e.Sample || !(strings.Contains(e.Name, "示例") || strings.Contains(e.Name, "Sample")) {
			t.Errorf("%s sample not marked: %q", l, e.Name)
		}
	}
}

func TestValidateNamesFieldAndClause(t *testing.T) {
	e := valid()
	e.Department = "  "
	e.Leader = ""
	e.Managers[1].Phone = "abc"
	e.Managers[1].Email = "x@"
	e.ServiceType = "cleaning"
	e.Vendor.Scale = "huge"
	e.PeriodStart = "2026-05-01"
	e.PeriodEnd = "2026-04-30"
	got := fields(e.Validate())
	want := map[string]struct{ key, clause string }{
		"department":        {"err.required", "6.5 a) 1)"},
		"leader":            {"err.required", "4.2.2"},
		"managers[1].phone": {"err.phone", ""},
		"managers[1].email": {"err.email", ""},
		"service_type":      {"err.service_type", "3.1"},
		"vendor.scale":      {"err.vendor_scale", "6.5 a) 3)"},
		"period_end":        {"err.period_order", ""},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d errors %v, want %d", len(got), got, len(want))
	}
	for f, w := range want {
		g, ok := got[f]
		if !ok {
			t.Errorf("no error for %s", f)
			continue
		}
		if g.Key != w.key || !strings.Contains(string(g.Clause), w.clause) {
			t.Errorf("%s: got %s %q, want %s %q", f, g.Key, g.Clause, w.key, w.clause)
		}
	}
	if got["managers[1].phone"].LabelKey() != "field.managers.phone" {
		t.Errorf("label key %q", got["managers[1].phone"].LabelKey())
	}
}

func TestManagersRequiredWithContact(t *testing.T) {
	e := valid()
	e.Managers = nil
	if f := fields(e.Validate()); f["managers"].Key != "err.manager_needed" {
		t.Fatalf("%v", f)
	}
	e.Managers = []Contact{{Name: "李华"}}
	if f := fields(e.Validate()); f["managers[0].phone"].Key != "err.contact_needed" {
		t.Fatalf("%v", f)
	}
}

func TestVendorOptionalInPlanningButAGapForFiling(t *testing.T) {
	e := valid()
	e.Vendor = Vendor{}
	e.PeriodStart, e.PeriodEnd = "", ""
	if err := e.Validate(); err != nil {
		t.Fatalf("vendor should be optional: %v", err)
	}
	gaps := e.FilingGaps()
	if len(gaps) != 5 {
		t.Fatalf("gaps %v", gaps)
	}
	e.Vendor.Lead.Phone = "010-1234567"
	if f := fields(e.Validate()); f["vendor.name"].Key != "err.required" {
		t.Fatalf("partial vendor without a name accepted: %v", f)
	}
}

func TestPhoneEmailDate(t *testing.T) {
	for _, p := range []string{"010-88880001", "+86 138 0000 0001", "(010) 8888-0001", "0755-1234567转123", "12345"} {
		if !ValidPhone(p) {
			t.Errorf("phone %q rejected", p)
		}
	}
	for _, p := range []string{"abc", "1234", "+", "138-abcd-0000", "010 8888 0001 ; drop"} {
		if ValidPhone(p) {
			t.Errorf("phone %q accepted", p)
		}
	}
	for _, m := range []string{"a@b.cn", "li.hua@example.gov.cn"} {
		if !ValidEmail(m) {
			t.Errorf("email %q rejected", m)
		}
	}
	for _, m := range []string{"a@b", "李华 <a@b.cn>", "a.b.cn", ""} {
		if ValidEmail(m) {
			t.Errorf("email %q accepted", m)
		}
	}
	for in, want := range map[string]Date{"2026-03-01": "2026-03-01", "2026/3/1": "2026-03-01", "2026.12.31": "2026-12-31", "": ""} {
		if d, ok := ParseDate(in); !ok || d != want {
			t.Errorf("ParseDate(%q) = %q %v", in, d, ok)
		}
	}
	for _, in := range []string{"2026-02-30", "tomorrow", "2026-13-01"} {
		if _, ok := ParseDate(in); ok {
			t.Errorf("ParseDate(%q) accepted", in)
		}
	}
	if Date("2026-2-1").Valid() {
		t.Error("non-canonical date valid")
	}
}

func TestTooLongAndControlText(t *testing.T) {
	e := valid()
	e.Name = strings.Repeat("长", MaxShortText+1)
	e.Notes = "a\x00b"
	f := fields(e.Validate())
	if f["name"].Key != "err.too_long" || f["notes"].Key != "err.bad_text" {
		t.Fatalf("%v", f)
	}
}

func status(steps []StepStatus, id StepID) StepStatus {
	for _, s := range steps {
		if s.ID == id {
			return s
		}
	}
	panic(id)
}

func hasBlock(s StepStatus, key string) bool {
	for _, b := range s.Blocks {
		if b.Key == key {
			return true
		}
	}
	return false
}

func TestLifecycleDerivedFromData(t *testing.T) {
	e := valid()
	steps := Lifecycle(&e, Facts{})
	if len(steps) != len(Steps) {
		t.Fatal(len(steps))
	}
	if s := status(steps, StepRecord); s.State != Done || s.Blocked() {
		t.Errorf("record: %+v", s)
	}
	if s := status(steps, StepRisk); s.State != NotStarted {
		t.Errorf("risk: %+v", s)
	}
	// 5.1.2 b) 3): nothing of selection while the assessment is incomplete.
	for _, id := range []StepID{StepScreening, StepContract, StepSecurityPlan, StepNDA, StepFiling} {
		s := status(steps, id)
		if s.State != NotStarted || !hasBlock(s, "block.risk_incomplete") {
			t.Errorf("%s: %+v", id, s)
		}
		for _, b := range s.Blocks {
			if b.Clause == "" {
				t.Errorf("%s: block without clause", id)
			}
		}
	}
	if !MustNotProceed(Facts{}) || CurrentPhase(steps) != PhasePlanning {
		t.Error("engagement without assessment may proceed")
	}

	// Removing the vendor reopens the record and blocks the filing (6.5 a) 3)).
	e.Vendor = Vendor{}
	steps = Lifecycle(&e, Facts{})
	if s := status(steps, StepRecord); s.State != InProgress || !hasBlock(s, "gap.vendor_name") {
		t.Errorf("record without vendor: %+v", s)
	}
	if !hasBlock(status(steps, StepFiling), "block.record_incomplete") {
		t.Error("filing not blocked by incomplete record")
	}

	// With the assessment done and the contract and NDAs signed, the filing is free.
	e = valid()
	f := Facts{States: map[StepID]State{StepRisk: Done, StepScreening: Done, StepContract: Done, StepNDA: Done, StepSecurityPlan: Done},
		ContractSigned: "2026-03-01"}
	steps = Lifecycle(&e, f)
	if s := status(steps, StepFiling); s.Blocked() {
		t.Errorf("filing still blocked: %+v", s)
	}
	if s := status(steps, StepSecurityPlan); s.Blocked() {
		t.Errorf("plan still blocked: %+v", s)
	}
	if CurrentPhase(steps) != PhaseSelection || MustNotProceed(f) {
		t.Errorf("phase %v", CurrentPhase(steps))
	}
	// Without the NDAs the filing waits (6.5 a)).
	delete(f.States, StepNDA)
	if !hasBlock(status(Lifecycle(&e, f), StepFiling), "block.nda_unsigned") {
		t.Error("filing not blocked by NDAs")
	}
}

func TestEveryStepHasAClause(t *testing.T) {
	for _, s := range Steps {
		if !strings.HasPrefix(string(s.Clause), "GB/T 32926") {
			t.Errorf("%s: clause %q", s.ID, s.Clause)
		}
	}
}
