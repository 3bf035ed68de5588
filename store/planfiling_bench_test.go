package store

import (
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"outsec/model/contract"
	"outsec/model/filing"
	"outsec/model/plan"
)

// BenchmarkLifecycleFactsPlanFiling1k is the dashboard's share of the plan
// and the filing: 1,000 engagements, each signed, with the sample's plan
// (52 annex A items) approved and a filing v1 whose vendor lead has changed
// since (so every filing is compared field by field).
func BenchmarkLifecycleFactsPlanFiling1k(b *testing.B) {
	s, err := Open(ctx, filepath.Join(b.TempDir(), "outsec.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	const n = 1000
	seed(b, s, n)
	now := s.Now()
	p := plan.SamplePlan("zh-CN")
	err = s.tx(ctx, func(tx *sql.Tx) error {
		for id := int64(1); id <= n; id++ {
			if err := writeSigning(ctx, tx, id, sampleSigning(), now); err != nil {
				return err
			}
			e, err := engagementOf(ctx, tx, id)
			if err != nil {
				return err
			}
			old := e
			old.Vendor.Lead.Name += " (former)"
			v := filing.Version{Number: 1, Reason: filing.Initial, Authority: "a", Status: filing.Accepted, SubmittedOn: "2026-04-10",
				FilingNo: "x", Snapshot: filing.Take(&old, &p, nil, filing.SampleOther("zh-CN")), CreatedAt: time.Now()}
			if err := replacePlanFiling(ctx, tx, id, &p, []filing.Version{v}, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		f, err := s.LifecycleFacts(ctx)
		if err != nil || len(f) != n {
			b.Fatal(err, len(f))
		}
	}
}

func sampleSigning() contract.Signing { return contract.SampleSigning("zh-CN") }
