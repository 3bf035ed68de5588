package store

import (
	"crypto/rand"
	"database/sql"
	"io"
	"os"
	"path/filepath"
	"testing"

	"outsec/model/findings"
)

// BenchmarkAddEvidenceFile copies a 64 MiB file into the evidence folder with
// both digests: the bytes allocated per copy stay far below the file's size
// (the copy streams).
func BenchmarkAddEvidenceFile(b *testing.B) {
	s := openBench(b)
	e := validEngagement()
	if err := s.CreateEngagement(ctx, testOp, e, 0); err != nil {
		b.Fatal(err)
	}
	src := filepath.Join(b.TempDir(), "scan.bin")
	f, _ := os.Create(src)
	io.CopyN(f, rand.Reader, 64<<20)
	f.Close()
	b.SetBytes(64 << 20)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// The same content each time: the first copy writes the file, the
		// others copy and digest it again and check it against the one kept.
		if _, err := s.AddEvidenceFile(ctx, testOp, e.ID, src, Owner{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLifecycleFactsWithFindings reads the facts of 100 engagements
// with 100 findings each (10,000 findings), as the dashboard does.
func BenchmarkLifecycleFactsWithFindings(b *testing.B) {
	s := openBench(b)
	for i := 0; i < 100; i++ {
		e := validEngagement()
		if err := s.CreateEngagement(ctx, testOp, e, 0); err != nil {
			b.Fatal(err)
		}
		// One transaction per engagement: the setup, not what is measured.
		err := s.tx(ctx, func(tx *sql.Tx) error {
			for j := 0; j < 100; j++ {
				f := findings.Finding{Description: "问题", Severity: findings.Medium, Action: findings.Action{Deadline: "2026-02-01"}}
				if _, _, err := insertFinding(ctx, tx, testOp, e.ID, &f, s.Now()); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.LifecycleFacts(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

func openBench(b *testing.B) *Store {
	b.Helper()
	s, err := Open(ctx, filepath.Join(b.TempDir(), "outsec.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}
