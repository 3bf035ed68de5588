package inspection

import (
	"sort"
	"strings"
	"testing"
	"time"

	"outsec/i18n"
	insp "outsec/model/inspection"
	"outsec/tui/tuitest"
	"outsec/tui/ui"
)

// benchInspection is a workbench on an engagement with an inspection of all
// 52 annex A items (a blank sample: no plan marks any not applicable).
func benchInspection(b *testing.B) *tuitest.Harness {
	st, op := tuitest.WithOperator(b)
	e := tuitest.BlankSample(b, st, op, "zh-CN")
	in := insp.Inspection{Date: "2026-03-02", Place: "机房", Inspectors: "王"}
	if err := st.CreateInspection(bg, op, e.ID, &in); err != nil {
		b.Fatal(err)
	}
	if len(in.Checks) != 52 {
		b.Fatalf("%d items", len(in.Checks))
	}
	return tuitest.NewHarness(b, st, i18n.ZH, 80, 24)
}

// BenchmarkOpenInspection52 measures opening the inspection page and the
// inspection of 52 items: the store's read, the page's load, the first frame
// of the checks (target < 50 ms).
func BenchmarkOpenInspection52(b *testing.B) {
	h := benchInspection(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h.Press("S", "enter")
		if v := h.M.View().Content; !strings.Contains(v, "已查 0/52") {
			b.Fatal("the inspection is not shown")
		}
		b.StopTimer()
		h.Press("esc", "esc")
		if h.At() != ui.KindDashboard {
			b.Fatalf("at %v", h.At())
		}
		b.StartTimer()
	}
}

// BenchmarkInspectionKeyPress measures one result key (Update and View: the
// result shown, the next item selected; the store's write runs in its
// command, off the key's path) and reports the median press (target < 1 ms).
func BenchmarkInspectionKeyPress(b *testing.B) {
	h := benchInspection(b)
	h.Press("S", "enter")
	one, up := tuitest.KeyMsg("1"), tuitest.KeyMsg("up")
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		h.M.Update(one)
		_ = h.M.View()
		times = append(times, time.Since(t0))
		b.StopTimer()
		h.M.Update(up) // back to the item, so that every press records a result
		b.StartTimer()
	}
	b.StopTimer()
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Nanoseconds()), "median-ns/press")
}
