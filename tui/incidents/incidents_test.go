package incidents

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"outsec/i18n"
	"outsec/model/findings"
	"outsec/store"
	"outsec/tui/tuitest"
	"outsec/tui/ui"
)

var bg = context.Background()

// An incident reported 30 hours after it was found, against a contract
// deadline of 24 hours, is flagged citing A.7 c) and the contract's clauses;
// a measure against recurrence becomes a finding.
func TestIncidentReportedLateIsFlagged(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		st, op := tuitest.WithOperator(t)
		e := tuitest.BlankSample(t, st, op, string(lang))
		if err := st.SaveContractParams(bg, op, e.ID, map[string]string{"notify_hours": "24"}); err != nil {
			t.Fatal(err)
		}
		c := i18n.New(lang)
		h := tuitest.NewHarness(t, st, lang, 80, 24)
		h.Press("I")
		if h.At() != ui.KindIncidents {
			t.Fatalf("I opened %v", h.At())
		}
		h.MustShow(c.T("tui.incidents.deadline", "24", findings.ContractClauses))
		// Found now (the harness's clock: 2026-03-02 09:30), reported 30 hours later.
		h.Press("n")
		h.TypeText("Home page defaced")
		h.Press("enter", "enter")
		h.TypeText("IT office")
		h.Press("enter")
		h.TypeText("2026-03-03 15:30")
		h.Press("enter")
		h.TypeText("The home page showed another site")
		h.Press("enter", "enter", "enter")
		h.TypeText("Upload folder allowed scripts")
		h.Press("enter", "enter")
		ins, err := st.Incidents(bg, e.ID)
		if err != nil || len(ins) != 1 || ins[0].HoursToReport() != 30 {
			t.Fatalf("incidents %+v %v", ins, err)
		}
		h.MustShow("Home page defaced", "30.0!", c.T("tui.incidents.late_count", 1), "A.7 c)")
		h.CheckFrame(80, 24)
		if f := h.Facts(); f.Improvement.IncidentsLate != 1 {
			t.Fatalf("facts %+v", f.Improvement)
		}
		// 8.1 e): a measure against recurrence is a finding.
		h.Press("m")
		h.TypeText("Script execution in the upload folder")
		h.Press("enter", "enter", "enter")
		h.TypeText("Forbid script execution")
		h.Press("enter", "enter", "enter")
		fs, _ := st.Findings(bg, e.ID)
		if len(fs) != 1 || fs[0].Source != findings.SourceIncident || fs[0].SourceID != ins[0].ID || fs[0].Concerns != "A.7 d)" {
			t.Fatalf("measure %+v", fs)
		}
		h.MustShow(c.T("tui.incidents.measures", 1, "m"))
		// The web server's log as evidence of the incident.
		logFile := filepath.Join(t.TempDir(), "access.log")
		if err := os.WriteFile(logFile, []byte("POST /upload/shell.php 200"), 0o600); err != nil {
			t.Fatal(err)
		}
		h.Press("a")
		h.TypeText(logFile)
		h.Press("enter", "enter", "enter")
		h.MustShow("access.log", c.T("tui.findings.evidence", 1))
		if evs, _ := st.EvidenceByOwner(bg, e.ID, store.OwnerIncident); len(evs[ins[0].ID]) != 1 {
			t.Fatalf("incident evidence %+v", evs)
		}
		// Reported on time: not flagged.
		in := ins[0]
		in.ReportedAt = in.FoundAt.Add(20 * 3600e9)
		if err := st.SaveIncident(bg, op, e.ID, &in); err != nil {
			t.Fatal(err)
		}
		h.Press("esc", "I")
		h.MustShow("20.0")
		h.MustNotShow("20.0!", c.T("tui.incidents.late_count", 1))
	}
}
