package tui

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"outsec/i18n"
	"outsec/model"
	"outsec/store"
)

// seedEngagements writes n engagements straight into the database in one
// transaction: store.CreateEngagement takes a durable transaction each, which
// would make 10,000 take minutes. The rows are what CreateEngagement writes.
func seedEngagements(tb testing.TB, st *store.Store, n int) {
	tb.Helper()
	ctx := context.Background()
	tx, err := st.DB().BeginTx(ctx, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	eng, err := tx.PrepareContext(ctx, `INSERT INTO engagements (uid, code, name, department, responsible_unit, leader,
		service_type, cloud_website, vendor_name, vendor_scale, vendor_qualifications, vendor_lead_name, vendor_lead_role,
		vendor_lead_phone, vendor_lead_email, period_start, period_end, notes, sample, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, '', '', '', '', '', '2026-01-01', '2026-12-31', '', 0, ?, ?)`)
	if err != nil {
		tb.Fatal(err)
	}
	mgr, err := tx.PrepareContext(ctx, `INSERT INTO managers (engagement_id, position, name, role, phone, email) VALUES (?, 0, ?, '', '010-1234 5678', '')`)
	if err != nil {
		tb.Fatal(err)
	}
	base := testClock
	for i := 0; i < n; i++ {
		at := base.Add(time.Duration(i) * time.Minute).UTC().Format(time.RFC3339Nano)
		vendor := ""
		if i%3 == 0 {
			vendor = fmt.Sprintf("供应商%04d有限公司", i)
		}
		res, err := eng.ExecContext(ctx, fmt.Sprintf("uid-%06d", i), fmt.Sprintf("2025-%05d", i),
			fmt.Sprintf("第%05d号 政务系统运维服务外包", i), fmt.Sprintf("某市第%d局", i%50), "信息中心", "王主任",
			string(model.ServiceTypes[i%len(model.ServiceTypes)]), vendor, string(model.ScaleMedium), at, at)
		if err != nil {
			tb.Fatal(err)
		}
		id, _ := res.LastInsertId()
		if _, err := mgr.ExecContext(ctx, id, "李四"); err != nil {
			tb.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
}

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
	seedEngagements(b, st, 200)
	st.Close()
	cat := i18n.New(i18n.ZH)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		st, err := store.Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		m := New(Options{Store: st, Catalog: cat, NoColor: true})
		h := &harness{tb: b, m: m, st: st}
		h.run(m.Init())
		h.send(tea.WindowSizeMsg{Width: 120, Height: 36})
		if v := m.View().Content; len(v) == 0 || !h.dash().loaded {
			b.Fatal("no frame")
		}
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
}

// BenchmarkKeyPress10k measures one down-arrow press (Update and View) on a
// dashboard of 10,000 engagements, and reports the median press.
func BenchmarkKeyPress10k(b *testing.B) {
	st, _ := withOperator(b)
	seedEngagements(b, st, 10000)
	h := newHarness(b, st, i18n.ZH, 120, 36)
	if len(h.dash().rows) != 10000 {
		b.Fatalf("%d rows loaded", len(h.dash().rows))
	}
	down, up := keyMsg("down"), keyMsg("up")
	key := down
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d := h.dash()
		if d.cursor == len(d.view)-1 {
			key = up
		} else if d.cursor == 0 {
			key = down
		}
		t0 := time.Now()
		h.m.Update(key)
		_ = h.m.View()
		times = append(times, time.Since(t0))
	}
	b.StopTimer()
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Nanoseconds()), "median-ns/press")
}
