package store

import (
	"errors"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"outsec/model"
	"outsec/model/contract"
	"outsec/model/risk"
	"outsec/model/screening"
)

// snapshotFixture is a database with three engagements: a, with records in
// every section (risk registers and a conclusion, vendor answers and people,
// a contract review, two exported risk reports) under the policy "approvals
// are signed"; b, with other records of each kind, so that a snapshot of a
// must leave them out; and an engagement with no records at all.
func snapshotFixture(t *testing.T) (s *Store, a, b, empty model.Engagement) {
	t.Helper()
	s, op := caseStore(t, time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC))
	a = screenedEngagement(t, s, op)
	b = contractedEngagement(t, s, op)
	rkSmall(t, s, a.ID)
	rkSmall(t, s, b.ID)
	rkMust(t, s.SaveConclusion(ctx, op, a.ID, risk.Conclusion{AcceptableLevel: 5, Leader: "王明", Date: "2026-04-01",
		Decision: risk.ProposeProceed}))
	rkMust(t, s.SaveContractReview(ctx, op, a.ID, contract.Review{Title: "运维服务合同", Version: "v2", Date: "2026-03-10", Reviewer: "李审"}))
	rkMust(t, s.SaveContractAssessment(ctx, op, a.ID, contract.Assessment{ItemID: "sec.a1", Status: contract.Present, Article: "第 5 条"}))
	rkMust(t, s.CreatePerson(ctx, op, b.ID, &screening.Person{Name: "赵六", IDType: screening.IDResident, IDNumber: "110105194912310021"}))
	for _, rec := range []*ExportRecord{
		{EngagementID: a.ID, Number: a.Code + "-RA-01", Kind: "risk-report", Title: "风险评估报告", Version: "1.0", Lang: "zh-CN"},
		{EngagementID: b.ID, Number: b.Code + "-CR-01", Kind: "contract-review", Title: "合同审查", Version: "1.0", Lang: "zh-CN"},
		{EngagementID: a.ID, Number: a.Code + "-RA-02", Kind: "risk-report", Title: "风险评估报告", Version: "1.1", Lang: "zh-CN"},
	} {
		rec.Files = []ExportFile{{Path: "/out/" + rec.Number + ".pdf", Format: "pdf", Size: 1, SHA256: strings.Repeat("a", 64)}}
		rkMust(t, s.RecordDocumentExport(ctx, op, rec))
	}
	rkMust(t, s.SetSignedApprovalRequired(ctx, op, true))
	empty = *validEngagement()
	rkMust(t, s.CreateEngagement(ctx, op, &empty, 0))
	return s, a, b, empty
}

// A snapshot holds what the separate readers return, section by section, and
// the facts LifecycleFacts gives for the engagement among all of them.
func TestSnapshotReadsWhatTheReadersRead(t *testing.T) {
	s, a, b, empty := snapshotFixture(t)
	all, err := s.LifecycleFacts(ctx)
	rkMust(t, err)
	for _, e := range []model.Engagement{a, b, empty} {
		snap, err := s.Snapshot(ctx, e.ID)
		rkMust(t, err)
		if want := s.Now(); !snap.At.Equal(want) {
			t.Errorf("%s: at %v, want the store's clock %v", e.Code, snap.At, want)
		}
		eng, err := s.Engagement(ctx, e.ID)
		rkMust(t, err)
		if !reflect.DeepEqual(snap.Engagement, eng) {
			t.Errorf("%s: engagement\n%+v\nwant\n%+v", e.Code, snap.Engagement, eng)
		}
		ra, err := s.RiskAssessment(ctx, e.ID)
		rkMust(t, err)
		if !reflect.DeepEqual(snap.RiskAssessment, ra) {
			t.Errorf("%s: risk assessment\n%+v\nwant\n%+v", e.Code, snap.RiskAssessment, ra)
		}
		sc, err := s.Screening(ctx, e.ID)
		rkMust(t, err)
		if !reflect.DeepEqual(snap.Screening, sc) {
			t.Errorf("%s: screening\n%+v\nwant\n%+v", e.Code, snap.Screening, sc)
		}
		c, err := s.Contract(ctx, e.ID)
		rkMust(t, err)
		if !reflect.DeepEqual(snap.Contract, c) {
			t.Errorf("%s: contract\n%+v\nwant\n%+v", e.Code, snap.Contract, c)
		}
		if !reflect.DeepEqual(snap.Facts, all[e.ID]) {
			t.Errorf("%s: facts\n%+v\nwant\n%+v", e.Code, snap.Facts, all[e.ID])
		}
	}

	// The comparison is not between empty values: a has records in every
	// section, and its facts are the engagement's own.
	snap, err := s.Snapshot(ctx, a.ID)
	rkMust(t, err)
	if len(snap.Engagement.Managers) != 3 || len(snap.RiskAssessment.Assets) != 2 || len(snap.RiskAssessment.Risks) != 4 ||
		snap.RiskAssessment.Conclusion.Decision != risk.ProposeProceed || len(snap.Screening.Vendor) != 4 ||
		len(snap.Screening.People) != 2 || snap.Contract.Review.Title != "运维服务合同" || len(snap.Contract.Review.Items) != 1 {
		t.Fatalf("snapshot of %s lacks records: %+v", a.Code, snap)
	}
	f := snap.Facts
	if docs := f.Documents[model.StepRisk]; len(docs) != 1 || docs[0].Number != a.Code+"-RA-02" || docs[0].Signed {
		t.Errorf("latest risk report: %+v", docs)
	}
	if len(f.Documents[model.StepContract]) != 0 {
		t.Errorf("the other engagement's contract review: %+v", f.Documents)
	}
	// Concluded "proceed", but the policy wants a signed report.
	if bl := f.Blocks[model.StepRisk]; f.States[model.StepRisk] != model.InProgress || len(bl) != 1 || bl[0].Key != "block.approval_unsigned" {
		t.Errorf("risk step under the policy: %v %+v", f.States[model.StepRisk], bl)
	}
	if f.States[model.StepScreening] == model.NotStarted || f.States[model.StepContract] == model.NotStarted {
		t.Errorf("screening and contract states: %+v", f.States)
	}
	if snap, err := s.Snapshot(ctx, empty.ID); err != nil || !reflect.DeepEqual(snap.Facts, model.Facts{}) ||
		!snap.RiskAssessment.Empty() || len(snap.Screening.People) != 0 {
		t.Errorf("snapshot of an engagement without records: %+v, %v", snap, err)
	}
}

// A missing engagement is ErrNotFound, as from Engagement, and nothing else
// of the snapshot is filled.
func TestSnapshotOfAMissingEngagement(t *testing.T) {
	s, _ := openTemp(t)
	_, eerr := s.Engagement(ctx, 999)
	snap, err := s.Snapshot(ctx, 999)
	if !errors.Is(err, ErrNotFound) || !errors.Is(eerr, ErrNotFound) {
		t.Fatalf("snapshot: %v; engagement: %v", err, eerr)
	}
	if !reflect.DeepEqual(snap, Snapshot{}) {
		t.Errorf("snapshot of a missing engagement: %+v", snap)
	}
}

// A write that another caller of the store starts while a snapshot is being
// read waits until the snapshot is taken: the snapshot shows the state before
// it, and the write then lands whole. The write is started from the store's
// clock, which Snapshot reads between its first read (the engagement) and the
// others, and is given time to finish there. Were the sections read in
// transactions of their own (as templates.Load read them before Snapshot),
// the write would take the connection between two of them, finish in that
// time and show up in the risk assessment read after it.
func TestSnapshotIsOneMoment(t *testing.T) {
	s, eng := rkFixture(t)
	rkSmall(t, s, eng)
	clock := time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)
	var armed atomic.Bool
	armed.Store(true)
	wrote := make(chan error, 1)
	var early bool
	s.Now = func() time.Time {
		if armed.CompareAndSwap(true, false) {
			go func() { wrote <- s.SaveAsset(ctx, testOp, eng, rkAsset("备份服务器", 3, 3, 3)) }()
			select {
			case err := <-wrote:
				early = true
				wrote <- err
			case <-time.After(300 * time.Millisecond):
			}
		}
		return clock
	}
	snap, err := s.Snapshot(ctx, eng)
	rkMust(t, err)
	if armed.Load() {
		t.Fatal("Snapshot did not read the clock: the write was never started")
	}
	if early {
		t.Error("a write finished while the snapshot was being read")
	}
	if n := len(snap.RiskAssessment.Assets); n != 2 {
		t.Errorf("the snapshot shows %d assets, want the 2 from before the write", n)
	}
	rkMust(t, <-wrote)
	after, err := s.Snapshot(ctx, eng)
	rkMust(t, err)
	if n := len(after.RiskAssessment.Assets); n != 3 {
		t.Errorf("after the write: %d assets, want 3", n)
	}
}
