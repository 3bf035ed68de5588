package casefile

import (
	"strings"
	"testing"
	"time"

	"outsec/model/filing"
	"outsec/model/plan"
)

func planFilingCase(t *testing.T) Case {
	t.Helper()
	c, err := Decode([]byte(valid))
	if err != nil {
		t.Fatal(err)
	}
	p := plan.SamplePlan("zh-CN")
	c.Plan = &p
	e := c.Engagement
	e.ServiceContent = "运维"
	snap := filing.Take(&e, &p, nil, filing.SampleOther("zh-CN"))
	at := time.Date(2026, 4, 9, 1, 0, 0, 0, time.UTC)
	c.Filings = []filing.Version{
		{Number: 1, Reason: filing.Initial, Authority: "网信办", Status: filing.Accepted, SubmittedOn: "2026-04-10", FilingNo: "BA-1", Snapshot: snap, CreatedAt: at},
		{Number: 2, Reason: filing.Change, Authority: "网信办", Status: filing.Drafted, Snapshot: snap, CreatedAt: at.Add(time.Hour)},
	}
	return c
}

func TestPlanFilingSectionsRoundTrip(t *testing.T) {
	c := planFilingCase(t)
	b := encodeCase(t, c)
	got, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if again := encodeCase(t, got); string(again) != string(b) {
		t.Fatal("decode then encode differs")
	}
	if len(got.Filings) != 2 || got.Filings[1].Snapshot.Vendor != c.Filings[1].Snapshot.Vendor || len(got.Plan.Controls) != 52 {
		t.Fatalf("decoded %+v", got.Filings)
	}
}

// Every problem of the sections at its JSON path: a plan item that is not
// in annex A, not applicable without a reason, versions out of order, a
// version without its authority.
func TestPlanFilingSectionsProblems(t *testing.T) {
	c := planFilingCase(t)
	c.Plan.Controls[0].Item = "A.9.z"
	c.Plan.Controls[1] = plan.Deployment{Item: c.Plan.Controls[1].Item, Status: plan.NA}
	c.Filings[1].Number = 3
	c.Filings[0].Authority = ""
	b := encodeCase(t, c)
	_, err := Decode(b)
	if err == nil {
		t.Fatal("a bad plan and filing were accepted")
	}
	msg := err.Error()
	for _, want := range []string{"$.plan.controls[0].item", "$.plan.controls[1].reason", "$.filings[1].version", "$.filings[0].authority"} {
		if !strings.Contains(msg, want) {
			t.Errorf("no problem at %s: %s", want, msg)
		}
	}
}
