package findings

import (
	"strings"
	"testing"
	"time"

	"outsec/model"
)

func keys(v model.ValidationError) string {
	var out []string
	for _, f := range v {
		out = append(out, f.Field+":"+f.Key)
	}
	return strings.Join(out, " ")
}

func TestTransitions(t *testing.T) {
	for _, c := range []struct {
		from, to State
		ok       bool
	}{
		{Open, NoticeSent, true}, {Open, InRectification, true}, {Open, Reported, false}, {Open, Closed, false},
		{NoticeSent, Reported, true}, {InRectification, Reported, true}, {Reported, Closed, true}, {Reported, InRectification, true},
		{Closed, Open, false}, {Dismissed, Open, false}, {Open, Dismissed, true}, {Reported, Dismissed, true},
	} {
		if got := c.from.CanMove(c.to); got != c.ok {
			t.Errorf("%s → %s: %v", c.from, c.to, got)
		}
	}
	f := Finding{State: Open}
	if v := f.CheckMove(NoticeSent, ""); !strings.Contains(keys(v), KeyNoticeDates) {
		t.Errorf("notice without dates: %s", keys(v))
	}
	f.Action.NoticeDate, f.Action.NoticeDeadline = "2026-03-01", "2026-03-15"
	if v := f.CheckMove(NoticeSent, ""); v != nil {
		t.Errorf("notice with dates: %s", keys(v))
	}
	if v := f.CheckMove(Dismissed, " "); !strings.Contains(keys(v), KeyDismissReason) {
		t.Errorf("dismiss without reason: %s", keys(v))
	}
	if v := (&Finding{State: Closed}).CheckMove(Open, ""); !strings.Contains(keys(v), KeyFinal) {
		t.Errorf("closed moved: %s", keys(v))
	}
}

func TestCheckClose(t *testing.T) {
	f := Finding{State: Reported, ReporterID: 7, Reporter: "王检查", Evidence: 1}
	by := func(id int64, name string) Closing { return Closing{VerifierID: id, Verifier: name, On: "2026-03-02"} }
	if v := f.CheckClose(by(8, "李验证"), "2026-03-02"); v != nil {
		t.Fatalf("sound close refused: %s", keys(v))
	}
	if v := f.CheckClose(by(7, "王检查"), "2026-03-02"); !strings.Contains(keys(v), KeySelfVerify) {
		t.Errorf("reporter closed: %s", keys(v))
	}
	// A reporter of another database (id 0) is told apart by name.
	g := f
	g.ReporterID = 0
	if v := g.CheckClose(by(5, "王检查"), "2026-03-02"); !strings.Contains(keys(v), KeySelfVerify) {
		t.Errorf("same name closed: %s", keys(v))
	}
	if v := g.CheckClose(by(3, "李验证"), "2026-03-02"); v != nil {
		t.Errorf("other name refused: %s", keys(v))
	}
	f.Evidence = 0
	if v := f.CheckClose(by(8, "李验证"), "2026-03-02"); !strings.Contains(keys(v), KeyNoEvidence) {
		t.Errorf("closed without evidence: %s", keys(v))
	}
	f.Evidence = 1
	f.Action.CheckDate, f.Action.Target = "2026-03-02", "0"
	if v := f.CheckClose(by(8, "李验证"), "2026-03-02"); !strings.Contains(keys(v), KeyNoComparison) {
		t.Errorf("check date today, no result: %s", keys(v))
	}
	if v := f.CheckClose(by(8, "李验证"), "2026-03-01"); v != nil {
		t.Errorf("check date tomorrow: %s", keys(v))
	}
	f.Action.Result = "0"
	if v := f.CheckClose(by(8, "李验证"), "2026-03-02"); v != nil {
		t.Errorf("with the result: %s", keys(v))
	}
}

func TestOverdueAndLifecycle(t *testing.T) {
	today := model.Date("2026-03-02")
	f := Finding{State: NoticeSent, Action: Action{Deadline: "2026-04-01", NoticeDeadline: "2026-03-01"}}
	if !f.Overdue(today) || f.Action.Due() != "2026-03-01" {
		t.Error("the notice's deadline rules")
	}
	f.State = Closed
	if f.Overdue(today) {
		t.Error("closed is never overdue")
	}
	if st, _ := LifecycleState(nil, today); st != model.NotStarted {
		t.Errorf("empty: %v", st)
	}
	fs := []Finding{{State: Closed}, {State: Dismissed, DismissReason: "x"}}
	if st, b := LifecycleState(fs, today); st != model.Done || b != nil {
		t.Errorf("all closed: %v %v", st, b)
	}
	fs = append(fs, Finding{State: Closed, Action: Action{CheckDate: "2026-06-01", Target: "x"}})
	if st, b := LifecycleState(fs, today); st != model.InProgress || len(b) != 1 || b[0].Clause != ClauseCompare {
		t.Errorf("pending comparison: %v %v", st, b)
	}
	fs = append(fs, Finding{State: Open, Action: Action{Deadline: "2026-01-01"}})
	c := Count(fs, today)
	if c.Open != 1 || c.Overdue != 1 || c.Pending != 1 || c.Total != 4 {
		t.Errorf("counts %+v", c)
	}
}

func TestIncidentDeadline(t *testing.T) {
	found, ok := ParseTime("2026/3/1 10:00")
	if !ok || FormatTime(found) != "2026-03-01 10:00" {
		t.Fatalf("parse: %v %v", found, ok)
	}
	in := Incident{Title: "x", FoundAt: found, ReportedTo: "y", ReportedAt: found.Add(30 * time.Hour)}
	if !in.Late(24, found) || in.HoursToReport() != 30 {
		t.Error("30 hours against 24")
	}
	in.ReportedAt = found.Add(24 * time.Hour)
	if in.Late(24, found.Add(100*time.Hour)) {
		t.Error("reported at the deadline is on time")
	}
	in.ReportedAt = time.Time{}
	if in.Late(24, found.Add(23*time.Hour)) || !in.Late(24, found.Add(25*time.Hour)) {
		t.Error("not reported: late once the deadline has passed")
	}
	if h, ok := NotifyHours("2"); !ok || h != 2 {
		t.Error("notify hours")
	}
	for _, bad := range []string{"", "x", "-1", "0", "NaN", "Inf"} {
		if _, ok := NotifyHours(bad); ok {
			t.Errorf("notify hours %q", bad)
		}
	}
	if _, ok := ParseTime("2026-13-01 10:00"); ok {
		t.Error("bad month parsed")
	}
}

func TestSampleRegisterIsValid(t *testing.T) {
	for _, lang := range []string{"zh-CN", "en"} {
		r := SampleRegister(lang, "2026-03-01")
		if probs := r.Check(); len(probs) != 0 {
			t.Fatalf("%s: %+v", lang, probs)
		}
		today := model.Date("2026-03-01")
		if c := Count(r.Findings, today); c.Open != 1 || c.Overdue != 1 || c.Total != 2 {
			t.Errorf("%s: %+v", lang, c)
		}
		if !r.Incidents[0].Late(24, today.Time()) {
			t.Errorf("%s: incident on time", lang)
		}
	}
	// A changed byte of a note, a dangling link, a reporter verifying: each named.
	r := SampleRegister("en", "2026-03-01")
	r.Evidence[0].Note += "!"
	r.Evidence[0].Links = append(r.Evidence[0].Links, EvidenceLink{Kind: "finding", ID: 99})
	r.Findings[0].Verifier = r.Findings[0].Reporter
	var got []string
	for _, p := range r.Check() {
		got = append(got, p.Path+":"+p.Key)
	}
	want := "findings[0].verifier:" + KeySelfVerify + " evidence[0].sha256:findings.err.case_digest evidence[0].links[1]:findings.err.evidence_owner"
	if strings.Join(got, " ") != want {
		t.Errorf("problems\n got %s\nwant %s", strings.Join(got, " "), want)
	}
}
