package tui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"outsec/i18n"
	"outsec/store"
	"outsec/tui/tuitest"
)

// BenchmarkFirstFrame measures start-up: opening a database that holds 200
// engagements, building the workbench, loading, the first size, the first frame.
func BenchmarkFirstFrame(b *testing.B) {
	path := filepath.Join(b.TempDir(), "outsec.db")
	ctx := context.Background()
	st, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := st.CreateOperator(ctx, store.Operator{Name: "张三"}); err != nil {
		b.Fatal(err)
	}
	tuitest.SeedEngagements(b, st, 200)
	st.Close()
	cat := i18n.New(i18n.ZH)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		st, err := store.Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		m := New(Options{Store: st, Catalog: cat, NoColor: true})
		h := &tuitest.Harness{Tb: b, M: m, St: st}
		h.Run(m.Init())
		h.Send(tea.WindowSizeMsg{Width: 120, Height: 36})
		if v := m.View().Content; !strings.Contains(v, "2025-00199") { // the newest engagement, listed first
			b.Fatal("the first frame does not list the engagements")
		}
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
}
