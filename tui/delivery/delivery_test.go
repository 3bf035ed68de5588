package delivery

import (
	"context"
	"strings"
	"testing"

	"outsec/i18n"
	"outsec/model/screening"
	sv "outsec/model/supervision"
	"outsec/tui/tuitest"
	"outsec/tui/ui"
)

var bg = context.Background()

// D opens the verification of the plan's milestones; y and n record each
// clause and the next follows; a person who left with one access not
// revoked is flagged here (7.2 a) 2); A.4 b)); e records the rest.
func TestDeliveryFlagsLeaverAndRecordsClauses(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		c := i18n.New(lang)
		st, op := tuitest.WithOperator(t)
		e, err := st.LoadSample(bg, op, string(lang))
		if err != nil {
			t.Fatal(err)
		}
		sc, _ := st.Screening(bg, e.ID)
		p := sc.People[0]
		if err := st.GrantAccess(bg, op, p.ID, &screening.Access{Account: "vpn-1", Kind: screening.AccessElectronic, Granted: "2026-04-01"}); err != nil {
			t.Fatal(err)
		}
		if err := st.SetPersonLeft(bg, op, p.ID, "2026-05-01"); err != nil {
			t.Fatal(err)
		}
		h := tuitest.NewHarness(t, st, lang, 80, 24)
		h.Press("D")
		if h.At() != ui.KindDelivery {
			t.Fatalf("D opened %v", h.At())
		}
		h.MustShow(p.Name, c.T("delivery.state.not_due"), c.T("delivery.state.in_progress"))
		h.MustShow(string([]rune(c.T("people.flag.detail", p.Name, "2026-05-01", 1, string(screening.ClauseLeaverAccess)))[:20]))
		h.CheckFrame(80, 24)
		h.Press("tab", "y", "n", "y")
		vs, _ := st.Deliveries(bg, e.ID)
		if len(vs) != 1 || vs[0].Clause("sec.a2").Implemented != sv.ImplNo || vs[0].Clause("sec.a3").Implemented != sv.ImplYes {
			t.Fatalf("verifications %+v", vs)
		}
		h.MustShow(c.T("delivery.impl.no"), c.T("delivery.impl.yes"))
		h.CheckFrame(80, 24)
		// The record: a) 2)–4) and a problem with the leader's decision.
		h.Press("e", "enter", "enter", "y", "enter")
		h.TypeText("tickets")
		h.Press("enter", "y", "enter")
		h.TypeText("Backups missing from the deliverables")
		h.Press("enter", "enter")
		h.TypeText("Deliver them by the end of the month")
		h.Press("enter", "enter")
		vs, _ = st.Deliveries(bg, e.ID)
		if !vs[0].AccessChecked || !strings.HasSuffix(vs[0].Records, "tickets") || !vs[0].TrainingChecked || len(vs[0].Problems) != 1 || vs[0].Problems[0].Finding == 0 {
			t.Fatalf("record %+v", vs[0])
		}
	}
}
