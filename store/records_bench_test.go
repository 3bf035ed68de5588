package store

import (
	"testing"

	"outsec/model/risk"
)

// BenchmarkVerifyRecords100k is doctor's record check of an assessment of
// 100,000 risks after a settings change rescored them all.
func BenchmarkVerifyRecords100k(b *testing.B) {
	s, eng := seedRisks100k(b)
	if err := s.SaveSettings(ctx, testOp, eng, risk.DefaultSettings(risk.MethodMultiplication)); err != nil {
		b.Fatal(err)
	}
	var size int
	s.db.QueryRow(`SELECT max(length(digests)) FROM audit_log`).Scan(&size)
	b.ResetTimer()
	for b.Loop() {
		rc, err := s.VerifyRecords(ctx)
		if err != nil || len(rc.Problems) != 0 || rc.Records < 100000 {
			b.Fatalf("%v %d %d", err, len(rc.Problems), rc.Records)
		}
	}
	b.ReportMetric(float64(size)/(1<<20), "MiB-digests")
}
