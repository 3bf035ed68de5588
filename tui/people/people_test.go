package people

import (
	"context"
	"testing"

	"outsec/i18n"
	"outsec/model/screening"
	"outsec/tui/tuitest"
	"outsec/tui/ui"
)

var bg = context.Background()

// From the screening register, A opens the person's access and training;
// g grants an access, t records a training, l records the leaving date, and
// the leaver with the access still open is flagged here and on the register
// (7.2 a) 2); A.4 b)); r revokes it and the flag goes.
func TestLeaverWithOpenAccessFlagged(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		c := i18n.New(lang)
		st, op := tuitest.WithOperator(t)
		e := tuitest.BlankSample(t, st, op, string(lang))
		p := screening.Person{Name: "Wang Wu", StartDate: "2026-01-05"}
		if err := st.CreatePerson(bg, op, e.ID, &p); err != nil {
			t.Fatal(err)
		}
		h := tuitest.NewHarness(t, st, lang, 80, 24)
		h.Press("v", "tab", "A")
		if h.At() != ui.KindPeople {
			t.Fatalf("A opened %v", h.At())
		}
		h.MustShow("Wang Wu", c.T("people.no_accesses", "a"))
		// Grant: account, rights, kind (electronic), privileged (no), date (today), notes.
		h.Press("a")
		h.TypeText("oa-admin")
		h.Press("enter")
		h.TypeText("OA administrator")
		h.Press("enter", "enter", "y", "enter", "enter")
		sc := tuitest.ScreeningOf(t, st, e.ID)
		if len(sc.People[0].Accesses) != 1 {
			t.Fatalf("accesses %+v", sc.People[0])
		}
		a := sc.People[0].Accesses[0]
		if a.Account != "oa-admin" || a.Kind != screening.AccessElectronic || !a.Privileged || a.Granted != "2026-03-02" || !a.Open() {
			t.Fatalf("access %+v", a)
		}
		h.MustShow("oa-admin", c.T("people.access.privileged"), c.T("people.access.open"))
		// Training.
		h.Press("t", "enter")
		h.TypeText("Security awareness")
		h.Press("enter")
		h.TypeText("2")
		h.Press("enter", "enter")
		if sc := tuitest.ScreeningOf(t, st, e.ID); len(sc.People[0].Trainings) != 1 || sc.People[0].Trainings[0].Hours != 2 {
			t.Fatalf("trainings %+v", sc.People[0])
		}
		h.MustShow("Security awareness")
		// Left today with the access open: flagged.
		h.Press("l", "enter")
		h.MustShow(c.T("people.flag.left_access"), c.T("people.leavers_count", 1, string(screening.ClauseLeaverAccess))[:12])
		h.CheckFrame(80, 24)
		// The register flags the person too.
		h.Press("esc")
		if h.At() != ui.KindScreening {
			t.Fatalf("esc went to %v", h.At())
		}
		h.MustShow(c.T("people.flag.left_access"))
		// A date before the grant is refused and nothing changes.
		h.Press("A", "r")
		for range 10 {
			h.Press("backspace")
		}
		h.TypeText("2026-01-01")
		h.Press("enter")
		h.MustShow(c.T("people.err.revoked_before", "2026-03-02"))
		if sc := tuitest.ScreeningOf(t, st, e.ID); !sc.People[0].Accesses[0].Open() {
			t.Fatal("revoked before its grant")
		}
		h.Press("esc")
		// Revoked on the leaving date: the flag goes.
		h.Press("r", "enter")
		if sc := tuitest.ScreeningOf(t, st, e.ID); sc.People[0].Accesses[0].Revoked != "2026-03-02" || sc.People[0].LeftWithAccess() {
			t.Fatalf("after revoke %+v", sc.People[0])
		}
		h.MustNotShow(c.T("people.flag.left_access"))
		h.MustShow(c.T("people.access.revoked", "2026-03-02"))
		h.CheckFrame(80, 24)
	}
}
