package screening

import (
	"context"
	"strings"
	"testing"

	"outsec/i18n"
	"outsec/model/screening"
	"outsec/store"
	"outsec/tui/tuitest"
)

// Issue 16: a vendor screening where everything is met takes one key (A),
// not a key and a move per item; an answer already given is kept, and the
// whole is one audit record.
func TestScreeningAllMetWithOneKey(t *testing.T) {
	h, st, e := tuitest.SampleScreening(t, i18n.ZH, 120, 36)
	h.Press("down", "space", "space") // b) 2): not met
	h.Press("A")
	v := tuitest.ScreeningOf(t, st, e.ID).Vendor
	for _, it := range screening.VendorItems {
		want := screening.Met
		if it.ID == "b2" {
			want = screening.NotMet
		}
		if got := v.Answer(it.ID).Result; got != want {
			t.Errorf("%s: %s, want %s", it.ID, got, want)
		}
	}
	recs, _ := st.AuditLog(context.Background(), 1)
	if recs[0].Event != store.EventVendorScreen || strings.Count(recs[0].Detail, "=met") != len(screening.VendorItems)-1 {
		t.Fatalf("audit %+v", recs[0])
	}
	h.MustShow(tuitest.ZH.T("tui.screening.status.all_met", len(screening.VendorItems)-1))
	h.Press("A")
	h.MustShow(tuitest.ZH.T("tui.screening.status.all_met_none"))
}
