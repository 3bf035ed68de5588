package dashboard

import (
	"sort"
	"testing"
	"time"

	"outsec/i18n"
	"outsec/tui/tuitest"
)

// BenchmarkKeyPress10k measures one down-arrow press (Update and View) on a
// dashboard of 10,000 engagements, and reports the median press.
func BenchmarkKeyPress10k(b *testing.B) {
	st, _ := tuitest.WithOperator(b)
	tuitest.SeedEngagements(b, st, 10000)
	h := tuitest.NewHarness(b, st, i18n.ZH, 120, 36)
	if len(dashOf(h).rows) != 10000 {
		b.Fatalf("%d rows loaded", len(dashOf(h).rows))
	}
	down, up := tuitest.KeyMsg("down"), tuitest.KeyMsg("up")
	key := down
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d := dashOf(h)
		if d.cursor == len(d.view)-1 {
			key = up
		} else if d.cursor == 0 {
			key = down
		}
		t0 := time.Now()
		h.M.Update(key)
		_ = h.M.View()
		times = append(times, time.Since(t0))
	}
	b.StopTimer()
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Nanoseconds()), "median-ns/press")
}
