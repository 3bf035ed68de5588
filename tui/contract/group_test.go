package contract

import (
	"testing"

	"outsec/i18n"
	"outsec/model/contract"
	"outsec/tui/tuitest"
)

// Issue 16: a review where every item is present takes one key per group
// (A), not a digit and a move per item; items already assessed keep their
// finding, and each group is one audit record.
func TestContractMarkGroupPresent(t *testing.T) {
	h, st, e := sampleContract(t, i18n.ZH, 120, 36)
	items := contract.ItemsFor(e.CloudWebsite)
	h.Press("down", "3") // the second item: missing
	h.Press("up")
	groups := map[contract.Group]bool{}
	for _, it := range items {
		groups[it.Group] = true
	}
	keys := 0
	for range groups {
		h.Press("A")
		keys++
	}
	c := tuitest.ContractOf(t, st, e.ID)
	present := 0
	for _, it := range items {
		switch a := c.Review.Assessment(it.ID); {
		case it.ID == items[1].ID && a.Status != contract.Missing:
			t.Errorf("%s: %s, want the missing kept", it.ID, a.Status)
		case it.ID != items[1].ID && a.Status == contract.Present:
			present++
		}
	}
	if present != len(items)-1 {
		t.Fatalf("%d of %d present after %d keys:\n%s", present, len(items)-1, keys, h.Screen())
	}
	h.MustShow("A 本组全部已约定")
	if keys != len(groups) || keys > 5 {
		t.Fatalf("%d keys for %d items", keys, len(items))
	}
	t.Logf("%d items marked present with %d keys (before: %d)", len(items), keys, 2*len(items)-1)
}
