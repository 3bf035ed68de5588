package store

import (
	"fmt"
	"path/filepath"
	"testing"
)

func seed(b *testing.B, s *Store, n int) {
	b.Helper()
	for i := 0; i < n; i++ {
		e := validEngagement()
		e.Name = fmt.Sprintf("外包项目 %05d", i)
		e.Code = fmt.Sprintf("B-%05d", i)
		if err := s.CreateEngagement(ctx, testOp, e, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOpen is the store's share of start-up: open, lock, quick_check,
// migrations already applied.
func BenchmarkOpen(b *testing.B) {
	p := filepath.Join(b.TempDir(), "outsec.db")
	s, err := Open(ctx, p)
	if err != nil {
		b.Fatal(err)
	}
	seed(b, s, 200)
	s.Close()
	b.ResetTimer()
	for b.Loop() {
		s, err := Open(ctx, p)
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}

// BenchmarkEngagements10k loads a dashboard's worth of engagements.
func BenchmarkEngagements10k(b *testing.B) {
	s, err := Open(ctx, filepath.Join(b.TempDir(), "outsec.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	seed(b, s, 10000)
	b.ResetTimer()
	for b.Loop() {
		es, err := s.Engagements(ctx)
		if err != nil || len(es) != 10000 {
			b.Fatal(err, len(es))
		}
	}
}

// BenchmarkCreateEngagement is one user action: validate, insert, audit, commit
// with synchronous=FULL.
func BenchmarkCreateEngagement(b *testing.B) {
	s, err := Open(ctx, filepath.Join(b.TempDir(), "outsec.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for b.Loop() {
		if err := s.CreateEngagement(ctx, testOp, validEngagement(), 0); err != nil {
			b.Fatal(err)
		}
	}
}
