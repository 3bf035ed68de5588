package store

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"outsec/i18n"
	"outsec/model"
	"outsec/model/findings"
)

// findingsFixture is a store with one engagement and two operator profiles:
// the reporter and another one to verify.
func findingsFixture(t *testing.T) (*Store, *model.Engagement, Operator, Operator) {
	t.Helper()
	s, _ := openTemp(t)
	e := validEngagement()
	if err := s.CreateEngagement(ctx, testOp, e, 0); err != nil {
		t.Fatal(err)
	}
	a, err := s.CreateOperator(ctx, Operator{Name: "王检查", Role: "检查员"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.CreateOperator(ctx, Operator{Name: "李验证", Role: "科长"})
	if err != nil {
		t.Fatal(err)
	}
	return s, e, a, b
}

func fieldKeys(err error) []string {
	var v model.ValidationError
	if !errors.As(err, &v) {
		return nil
	}
	var out []string
	for _, f := range v {
		out = append(out, f.Key+"@"+string(f.Clause))
	}
	return out
}

func hasKey(err error, key string, clause model.Clause) bool {
	for _, k := range fieldKeys(err) {
		if k == key+"@"+string(clause) {
			return true
		}
	}
	return false
}

func mustF(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// reported adds a finding by op and takes it to "rectification reported".
func reported(t *testing.T, s *Store, eng int64, op Operator, a findings.Action) findings.Finding {
	t.Helper()
	f := findings.Finding{Description: "运维终端未启用登录失败锁定", Concerns: "A.4 b)", Severity: findings.High, Action: a}
	mustF(t, s.AddFinding(ctx, op, eng, &f))
	mustF(t, s.MoveFinding(ctx, op, eng, f.ID, findings.InRectification, ""))
	mustF(t, s.MoveFinding(ctx, op, eng, f.ID, findings.Reported, "整改报告已收到"))
	return f
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestFindingClosesOnlyWithEvidenceAndAnotherVerifier(t *testing.T) {
	s, e, a, b := findingsFixture(t)
	f := reported(t, s, e.ID, a, findings.Action{Measure: "启用锁定策略", Owner: "乙方", Deadline: "2026-03-20"})

	// Reported, without evidence, by the reporter: both refusals at once, citing 8.1.
	audits := count(t, s, "audit_log")
	err := s.CloseFinding(ctx, a, e.ID, f.ID, "", "")
	if !hasKey(err, findings.KeyNoEvidence, findings.ClauseNotice) || !hasKey(err, findings.KeySelfVerify, findings.ClauseNotice) {
		t.Fatalf("closing without evidence by the reporter: %v", err)
	}
	for _, k := range fieldKeys(err) {
		if !strings.Contains(k, "8.1") {
			t.Fatalf("refusal without its clause 8.1: %s", k)
		}
	}
	got, _, _ := s.Finding(ctx, f.ID)
	if got.State != findings.Reported || got.Verifier != "" {
		t.Fatalf("refused close changed the finding: %+v", got)
	}
	if n := count(t, s, "audit_log"); n != audits+1 {
		t.Fatalf("audit records %d → %d, want the failure only", audits, n)
	}

	// Another operator, still without evidence: refused.
	if err := s.CloseFinding(ctx, b, e.ID, f.ID, "", ""); !hasKey(err, findings.KeyNoEvidence, findings.ClauseNotice) || hasKey(err, findings.KeySelfVerify, findings.ClauseNotice) {
		t.Fatalf("closing without evidence: %v", err)
	}
	// The vendor's report as evidence; the reporter still may not close.
	ev, err := s.AddEvidenceFile(ctx, a, e.ID, writeFile(t, "整改报告.pdf", "%PDF report"), Owner{OwnerFinding, f.ID})
	mustF(t, err)
	if err := s.CloseFinding(ctx, a, e.ID, f.ID, "", ""); !hasKey(err, findings.KeySelfVerify, findings.ClauseNotice) || hasKey(err, findings.KeyNoEvidence, findings.ClauseNotice) {
		t.Fatalf("closing by the reporter: %v", err)
	}
	mustF(t, s.CloseFinding(ctx, b, e.ID, f.ID, "2026-03-02", "现场复核锁定策略已生效"))
	got, _, _ = s.Finding(ctx, f.ID)
	if got.State != findings.Closed || got.VerifierID != b.ID || got.VerifiedOn != "2026-03-02" || got.Evidence != 1 {
		t.Fatalf("closed: %+v", got)
	}
	if n := len(got.History); n != 4 || got.History[3].To != findings.Closed || !strings.Contains(got.History[3].Operator, "李验证") {
		t.Fatalf("history: %+v", got.History)
	}
	if list, _ := s.EvidenceOf(ctx, Owner{OwnerFinding, f.ID}); len(list) != 1 || list[0].SHA256 != ev.SHA256 {
		t.Fatalf("evidence: %+v", list)
	}
	// Closed is final.
	if err := s.MoveFinding(ctx, a, e.ID, f.ID, findings.InRectification, ""); !hasKey(err, findings.KeyFinal, findings.Clause) {
		t.Fatalf("moving a closed finding: %v", err)
	}
	// The database itself refuses a closed finding verified by its reporter.
	if _, err := s.db.Exec(`UPDATE findings SET verifier_id = reporter_id WHERE id = ?`, f.ID); err == nil {
		t.Fatal("the schema let a reporter verify their own finding")
	}
}

func TestClosingNeedsTheComparisonOnceItsCheckDateHasPassed(t *testing.T) {
	s, e, a, b := findingsFixture(t)
	// The store's clock is 2026-03-01.
	past := reported(t, s, e.ID, a, findings.Action{Measure: "补丁", Before: "高危漏洞 12 个", Target: "0 个", CheckDate: "2026-02-27"})
	_, err := s.AddEvidenceNote(ctx, a, e.ID, "复测说明", "复测未发现高危漏洞", Owner{OwnerFinding, past.ID})
	mustF(t, err)
	err = s.CloseFinding(ctx, b, e.ID, past.ID, "", "")
	if !hasKey(err, findings.KeyNoComparison, findings.ClauseCompare) {
		t.Fatalf("closing without the 8.1 d) comparison: %v", err)
	}
	past.Action.Result = "复测 0 个高危漏洞"
	mustF(t, s.UpdateFinding(ctx, a, e.ID, &past))
	mustF(t, s.CloseFinding(ctx, b, e.ID, past.ID, "", ""))

	// A check date still to come: the finding closes, the step waits for the result.
	future := reported(t, s, e.ID, a, findings.Action{Measure: "培训", Target: "考核合格率 100%", CheckDate: "2026-06-30"})
	_, err = s.AddEvidenceNote(ctx, a, e.ID, "", "培训签到表已核对", Owner{OwnerFinding, future.ID})
	mustF(t, err)
	mustF(t, s.CloseFinding(ctx, b, e.ID, future.ID, "", ""))
	f := factsOf(t, s, e.ID)
	if f.States[model.StepImprovement] != model.InProgress || f.Improvement.Pending != 1 {
		t.Fatalf("pending comparison: %v %+v %+v", f.States[model.StepImprovement], f.Blocks[model.StepImprovement], f.Improvement)
	}
	future, _, _ = s.Finding(ctx, future.ID)
	future.Action.Result = "合格率 100%"
	mustF(t, s.UpdateFinding(ctx, a, e.ID, &future))
	f = factsOf(t, s, e.ID)
	if f.States[model.StepImprovement] != model.Done {
		t.Fatalf("every finding closed, no comparison pending: %v %+v", f.States[model.StepImprovement], f.Blocks[model.StepImprovement])
	}
}

func TestImprovementDoneOnlyWhenEveryFindingClosedOrDismissed(t *testing.T) {
	s, e, a, b := findingsFixture(t)
	if f := factsOf(t, s, e.ID); f.States[model.StepImprovement] != model.NotStarted {
		t.Fatalf("no findings: %v", f.States[model.StepImprovement])
	}
	one := reported(t, s, e.ID, a, findings.Action{})
	two := findings.Finding{Description: "机房门禁记录缺失", Severity: findings.Low, Action: findings.Action{Deadline: "2026-02-01"}}
	mustF(t, s.AddFinding(ctx, a, e.ID, &two))
	f := factsOf(t, s, e.ID)
	if f.States[model.StepImprovement] != model.InProgress || f.Improvement.Open != 2 || f.Improvement.Overdue != 1 {
		t.Fatalf("two open, one overdue: %v %+v", f.States[model.StepImprovement], f.Improvement)
	}
	_, err := s.AddEvidenceNote(ctx, a, e.ID, "", "复核记录", Owner{OwnerFinding, one.ID})
	mustF(t, err)
	mustF(t, s.CloseFinding(ctx, b, e.ID, one.ID, "", ""))
	if f := factsOf(t, s, e.ID); f.States[model.StepImprovement] != model.InProgress {
		t.Fatalf("one still open: %v", f.States[model.StepImprovement])
	}
	// Dismissing needs a reason, and says who.
	if err := s.MoveFinding(ctx, b, e.ID, two.ID, findings.Dismissed, "  "); !hasKey(err, findings.KeyDismissReason, findings.Clause) {
		t.Fatalf("dismissed without a reason: %v", err)
	}
	mustF(t, s.MoveFinding(ctx, b, e.ID, two.ID, findings.Dismissed, "重复登记"))
	got, _, _ := s.Finding(ctx, two.ID)
	if got.DismissReason != "重复登记" || !strings.Contains(got.DismissedBy, "李验证") {
		t.Fatalf("dismissed: %+v", got)
	}
	if f := factsOf(t, s, e.ID); f.States[model.StepImprovement] != model.Done || f.Improvement.Overdue != 0 {
		t.Fatalf("all closed or dismissed: %v %+v", f.States[model.StepImprovement], f.Improvement)
	}
}

func TestNoticeNeedsItsDatesAndBadMovesAreRefused(t *testing.T) {
	s, e, a, _ := findingsFixture(t)
	f := findings.Finding{Description: "日志未留存 6 个月", Severity: findings.Medium}
	mustF(t, s.AddFinding(ctx, a, e.ID, &f))
	if err := s.MoveFinding(ctx, a, e.ID, f.ID, findings.NoticeSent, ""); !hasKey(err, findings.KeyNoticeDates, findings.ClauseNotice) {
		t.Fatalf("notice without dates: %v", err)
	}
	if err := s.MoveFinding(ctx, a, e.ID, f.ID, findings.Reported, ""); !hasKey(err, findings.KeyBadMove, findings.Clause) {
		t.Fatalf("open → reported: %v", err)
	}
	f.Action.NoticeDate, f.Action.NoticeDeadline = "2026-03-01", "2026-02-01"
	if err := s.UpdateFinding(ctx, a, e.ID, &f); !hasKey(err, findings.KeyNoticeOrder, findings.ClauseNotice) {
		t.Fatalf("deadline before the notice: %v", err)
	}
	f.Action.NoticeDeadline = "2026-03-15"
	mustF(t, s.UpdateFinding(ctx, a, e.ID, &f))
	mustF(t, s.MoveFinding(ctx, a, e.ID, f.ID, findings.NoticeSent, ""))
	// Another engagement's finding is not this engagement's.
	other := validEngagement()
	other.Name = "另一项目"
	mustF(t, s.CreateEngagement(ctx, testOp, other, 0))
	if err := s.MoveFinding(ctx, a, other.ID, f.ID, findings.InRectification, ""); !hasKey(err, findings.KeyFindingMissing, findings.Clause) {
		t.Fatalf("finding of another engagement: %v", err)
	}
	if err := s.AddFinding(ctx, a, e.ID, &findings.Finding{Description: " ", Severity: 7}); err == nil {
		t.Fatal("invalid finding saved")
	}
}

func TestControlsMustChangeSetsTheRiskAssessmentToNeedsUpdate(t *testing.T) {
	s, e, a, _ := findingsFixture(t)
	mustF(t, s.SaveAsset(ctx, a, e.ID, rkAsset("门户网站", 3, 3, 3)))
	before := factsOf(t, s, e.ID).States[model.StepRisk]
	if before == model.NotStarted || before == model.NeedsUpdate {
		t.Fatalf("risk assessment before: %v", before)
	}
	f := findings.Finding{Description: "访问控制策略不足", Severity: findings.High}
	mustF(t, s.AddFinding(ctx, a, e.ID, &f))
	if st := factsOf(t, s, e.ID).States[model.StepRisk]; st != before {
		t.Fatalf("no controls change yet: %v", st)
	}
	f.Action.ControlsChange, f.Action.ChangeNote = true, "调整访问控制策略并修订运维管理制度"
	mustF(t, s.UpdateFinding(ctx, a, e.ID, &f))
	fc := factsOf(t, s, e.ID)
	if fc.States[model.StepRisk] != model.NeedsUpdate || fc.Improvement.ControlsChanged.IsZero() {
		t.Fatalf("controls must change: %v %+v", fc.States[model.StepRisk], fc.Improvement)
	}
	found := false
	for _, bl := range fc.Blocks[model.StepRisk] {
		found = found || (bl.Key == "block.controls_change" && bl.Clause == model.ClauseControlsChange)
	}
	if !found {
		t.Fatalf("no block citing 8.1 c): %+v", fc.Blocks[model.StepRisk])
	}
	// The plan (issue 12) takes the same fact.
	fc.States[model.StepSecurityPlan] = model.Done
	model.ApplyControlsChange(&fc, model.StepSecurityPlan, fc.Improvement.ControlsChanged.Add(-time.Hour))
	if fc.States[model.StepSecurityPlan] != model.NeedsUpdate {
		t.Fatalf("plan: %v", fc.States[model.StepSecurityPlan])
	}
	// Updating the assessment afterwards brings it up to date.
	mustF(t, s.SaveAsset(ctx, a, e.ID, rkAsset("数据库", 2, 2, 2)))
	if st := factsOf(t, s, e.ID).States[model.StepRisk]; st == model.NeedsUpdate {
		t.Fatalf("assessment updated after the change: %v", st)
	}
}

func TestIncidentReportedLateIsFlaggedCitingA7c(t *testing.T) {
	s, e, a, _ := findingsFixture(t)
	mustF(t, s.SaveContractParams(ctx, a, e.ID, map[string]string{"notify_hours": "24"}))
	if h, err := s.NotifyHours(ctx, e.ID); err != nil || h != 24 {
		t.Fatalf("notify hours %v %v", h, err)
	}
	found, _ := findings.ParseTime("2026-02-20 10:00")
	in := findings.Incident{Title: "网站首页被篡改", FoundAt: found, ReportedTo: "信息技术处", ReportedAt: found.Add(30 * time.Hour)}
	mustF(t, s.SaveIncident(ctx, a, e.ID, &in))
	if !in.Late(24, s.Now()) {
		t.Fatal("30 hours against 24 not late")
	}
	f := factsOf(t, s, e.ID)
	var late *model.Block
	for i, bl := range f.Blocks[model.StepImprovement] {
		if bl.Key == "findings.block.incident_late" {
			late = &f.Blocks[model.StepImprovement][i]
		}
	}
	if late == nil || late.Clause != findings.ClauseReport || f.Improvement.IncidentsLate != 1 {
		t.Fatalf("late report not flagged citing A.7 c): %+v %+v", f.Blocks[model.StepImprovement], f.Improvement)
	}
	// On time: not flagged.
	in.ReportedAt = found.Add(20 * time.Hour)
	mustF(t, s.SaveIncident(ctx, a, e.ID, &in))
	if f := factsOf(t, s, e.ID); f.Improvement.IncidentsLate != 0 {
		t.Fatalf("on time flagged: %+v", f.Improvement)
	}
	// 8.1 e): closing needs the cause analysis; a measure against recurrence is a finding.
	in.ClosedOn = "2026-02-25"
	if err := s.SaveIncident(ctx, a, e.ID, &in); !hasKey(err, "findings.err.cause_needed", findings.ClauseCause) {
		t.Fatalf("closed without the cause: %v", err)
	}
	m := findings.Finding{Source: findings.SourceIncident, SourceID: in.ID, Description: "上传目录未禁止执行脚本", Severity: findings.Critical}
	mustF(t, s.AddFinding(ctx, a, e.ID, &m))
	if err := s.AddFinding(ctx, a, e.ID, &findings.Finding{Source: findings.SourceIncident, SourceID: 999, Description: "x", Severity: 1}); err == nil {
		t.Fatal("measure of no incident saved")
	}
	if err := s.SaveIncident(ctx, a, e.ID, &findings.Incident{Title: "x", FoundAt: found, ReportedAt: found.Add(-time.Hour), ReportedTo: "y"}); err == nil {
		t.Fatal("reported before it was found")
	}
}

func TestEvidenceFilesAreCopiedByDigestAndCheckedByDoctor(t *testing.T) {
	s, e, a, _ := findingsFixture(t)
	src := writeFile(t, "photo.jpg", "一张照片的字节")
	ev, err := s.AddEvidenceFile(ctx, a, e.ID, src, Owner{})
	mustF(t, err)
	d, _ := DigestReader(strings.NewReader("一张照片的字节"))
	if ev.SHA256 != d.SHA256 || ev.SM3 != d.SM3 || ev.Size != d.Size || ev.Name != "photo.jpg" || !strings.Contains(ev.AddedBy, "王检查") {
		t.Fatalf("evidence %+v, want %+v", ev, d)
	}
	// The SM3 of "abc" is the standard's example (GB/T 32905 A.1).
	if abc, _ := DigestReader(strings.NewReader("abc")); abc.SM3 != "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0" {
		t.Fatalf("sm3(abc) = %s", abc.SM3)
	}
	kept := filepath.Join(filepath.Dir(s.Path()), "evidence", ev.SHA256)
	if b, err := os.ReadFile(kept); err != nil || string(b) != "一张照片的字节" {
		t.Fatalf("kept file: %q %v", b, err)
	}
	// The same content again: one file, two records.
	ev2, err := s.AddEvidenceFile(ctx, a, e.ID, writeFile(t, "copy.jpg", "一张照片的字节"), Owner{})
	mustF(t, err)
	if ev2.SHA256 != ev.SHA256 {
		t.Fatal("same content, other digest")
	}
	// Never changed.
	if _, err := s.db.Exec(`UPDATE evidence SET name = 'x' WHERE id = ?`, ev.ID); err == nil {
		t.Fatal("evidence row updated")
	}
	// A path that is no file, and an owner of no record: nothing recorded, nothing left.
	n := count(t, s, "evidence")
	if _, err := s.AddEvidenceFile(ctx, a, e.ID, filepath.Join(t.TempDir(), "missing"), Owner{}); !hasKey(err, "findings.err.evidence_missing", ClauseEvidence) {
		t.Fatalf("missing file: %v", err)
	}
	if _, err := s.AddEvidenceFile(ctx, a, e.ID, t.TempDir(), Owner{}); err == nil {
		t.Fatal("folder added")
	}
	if _, err := s.AddEvidenceFile(ctx, a, e.ID, writeFile(t, "x.txt", "其他内容"), Owner{OwnerFinding, 999}); err == nil {
		t.Fatal("linked to no finding")
	}
	if count(t, s, "evidence") != n {
		t.Fatal("refused evidence recorded")
	}
	if es, _ := os.ReadDir(s.EvidenceDir()); len(es) != 1 {
		t.Fatalf("evidence folder: %v", es)
	}
	if _, err := s.AddEvidenceNote(ctx, a, e.ID, "访谈", "  ", Owner{}); err == nil {
		t.Fatal("empty note added")
	}
	_, err = s.AddEvidenceNote(ctx, a, e.ID, "访谈记录", "运维主管称每周审查日志", Owner{})
	mustF(t, err)

	checked, probs, err := s.CheckEvidence(ctx)
	if err != nil || checked != 3 || len(probs) != 0 {
		t.Fatalf("sound evidence: %d %+v %v", checked, probs, err)
	}
	os.Chmod(kept, 0o600)
	mustF(t, os.WriteFile(kept, []byte("一张照片的字节!"), 0o600))
	_, probs, _ = s.CheckEvidence(ctx)
	if len(probs) != 2 || probs[0].Missing || probs[0].Got.SHA256 == ev.SHA256 {
		t.Fatalf("changed file: %+v", probs)
	}
	mustF(t, os.Remove(kept))
	_, probs, _ = s.CheckEvidence(ctx)
	if len(probs) != 2 || !probs[0].Missing || !probs[1].Missing {
		t.Fatalf("missing file: %+v", probs)
	}
}

// Every key the register can show exists in both catalogs: events, objects,
// the names of states, sources, levels and positions, and the label and
// message of every problem of thoroughly bad records.
func TestFindingsCatalogKeys(t *testing.T) {
	keys := []string{"object." + ObjectFinding, "object." + ObjectIncident, "object." + ObjectEvidence, "block.controls_change",
		"findings.block.open", "findings.block.overdue", "findings.block.comparison", "findings.block.incident_late", findings.Severity(0).Key()}
	for _, e := range FindingEvents {
		keys = append(keys, "event."+e)
	}
	for _, s := range findings.States {
		keys = append(keys, s.Key())
	}
	for _, s := range findings.Sources {
		keys = append(keys, s.Key())
	}
	for _, s := range findings.Severities {
		keys = append(keys, s.Key())
	}
	for _, p := range []findings.Position{findings.PositionNone, findings.PositionAgrees, findings.PositionDisputes} {
		keys = append(keys, p.Key())
	}
	for _, a := range findings.ActionStatuses {
		keys = append(keys, a.Key())
	}
	long := strings.Repeat("长", 5000)
	bad := findings.Finding{Source: "x", Severity: 9, Position: "x", State: "x", ReportedOn: "x", VerifiedOn: "x", Concerns: long, PositionRemarks: long,
		DismissReason: long, Action: findings.Action{Measure: long, Owner: long, Cost: long, Status: "x", Deadline: "x", NoticeDate: "2026-03-02",
			NoticeDeadline: "2026-03-01", NoticeDocument: long, ChangeNote: long, Before: long, Result: long, CheckDate: "x"}}
	errs := bad.Validate()
	errs = append(errs, (&findings.Finding{State: findings.Open}).CheckClose(findings.Closing{VerifierID: 0, On: "x", Remarks: long}, "2026-03-01")...)
	errs = append(errs, (&findings.Finding{State: findings.Reported, Action: findings.Action{CheckDate: "2026-01-01"}}).CheckClose(findings.Closing{VerifierID: 1, Verifier: "a"}, "2026-03-01")...)
	errs = append(errs, (&findings.Finding{State: findings.Reported, ReporterID: 1}).CheckClose(findings.Closing{VerifierID: 1, Verifier: "a", On: "2026-03-01"}, "2026-03-01")...)
	errs = append(errs, (&findings.Finding{State: findings.Closed}).CheckMove(findings.Open, "")...)
	errs = append(errs, (&findings.Finding{State: findings.Open}).CheckMove(findings.Dismissed, "")...)
	errs = append(errs, (&findings.Finding{State: findings.Open}).CheckMove(findings.NoticeSent, "")...)
	errs = append(errs, (&findings.Finding{State: findings.Open}).CheckMove(findings.Closed, "")...)
	found, _ := findings.ParseTime("2026-03-01 10:00")
	errs = append(errs, (&findings.Incident{Title: long, ReportedTo: long, Description: long, Impact: long, Handling: long, Cause: long, ClosedOn: "x"}).Validate()...)
	errs = append(errs, (&findings.Incident{FoundAt: found, ReportedAt: found.Add(-time.Hour), ClosedOn: "2026-02-01"}).Validate()...)
	errs = append(errs, model.ValidationError{{Field: "finding.id", Key: findings.KeyFindingMissing}, {Field: "finding.source_id", Key: "findings.err.no_incident"},
		{Field: "incident.id", Key: "findings.err.no_incident"}, {Field: "evidence.path", Key: KeyEvidenceNotFile}, {Field: "evidence.note", Key: KeyEvidenceEmptyRef},
		{Field: "evidence.name", Key: "err.too_long"}, {Field: "evidence.owner", Key: KeyEvidenceOwner},
		{Field: "evidence.path", Key: "findings.err.evidence_read"}, {Field: "evidence.path", Key: "findings.err.evidence_missing"},
		{Field: "evidence.path", Key: "findings.err.evidence_denied"}}...)
	if len(errs) < 40 {
		t.Fatalf("only %d problems", len(errs))
	}
	for _, f := range errs {
		keys = append(keys, f.Key, f.LabelKey())
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

// The notice is one action: its dates and number, and the move.
func TestSendNotice(t *testing.T) {
	s, e, a, _ := findingsFixture(t)
	f := findings.Finding{Description: "未签保密协议", Severity: findings.High, Action: findings.Action{Deadline: "2026-03-31"}}
	mustF(t, s.AddFinding(ctx, a, e.ID, &f))
	if err := s.SendNotice(ctx, a, e.ID, f.ID, "2026-03-02", "2026-03-01", "", ""); !hasKey(err, findings.KeyNoticeOrder, findings.ClauseNotice) {
		t.Fatalf("deadline before the notice: %v", err)
	}
	if err := s.SendNotice(ctx, a, e.ID, f.ID, "", "2026-03-20", "", ""); !hasKey(err, findings.KeyNoticeDates, findings.ClauseNotice) {
		t.Fatalf("no date: %v", err)
	}
	if got, _, _ := s.Finding(ctx, f.ID); got.State != findings.Open || got.Action.NoticeDeadline != "" {
		t.Fatalf("refused notice wrote: %+v", got)
	}
	mustF(t, s.SendNotice(ctx, a, e.ID, f.ID, "2026-03-02", "2026-03-20", "2026-001-RN-01", ""))
	got, _, _ := s.Finding(ctx, f.ID)
	if got.State != findings.NoticeSent || got.Action.NoticeDocument != "2026-001-RN-01" || got.Action.Due() != "2026-03-20" || len(got.History) != 2 {
		t.Fatalf("notice: %+v", got)
	}
}
