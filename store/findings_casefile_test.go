package store

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"outsec/model"
	"outsec/model/casefile"
	"outsec/model/findings"
)

// The sample has two findings, one closed with its comparison and one
// overdue, and one incident reported late.
func TestSampleRegister(t *testing.T) {
	s, _ := openTemp(t)
	for _, lang := range []string{"zh-CN", "en"} {
		e, err := s.LoadSample(ctx, testOp, lang)
		if err != nil {
			t.Fatal(err)
		}
		fs, err := s.Findings(ctx, e.ID)
		if err != nil || len(fs) != 2+4 { // and the supervision's: three of the inspection, one of the assessment
			t.Fatalf("findings %+v %v", fs, err)
		}
		fs = fs[:2]
		today := model.Date(s.Now().Format(model.DateLayout))
		if fs[0].State != findings.Closed || fs[0].Action.Result == "" || fs[0].Evidence != 1 || fs[0].Overdue(today) {
			t.Fatalf("closed finding %+v", fs[0])
		}
		if !fs[1].Overdue(today) || fs[1].Source != findings.SourceIncident {
			t.Fatalf("overdue finding %+v", fs[1])
		}
		ins, _ := s.Incidents(ctx, e.ID)
		if len(ins) != 1 || fs[1].SourceID != ins[0].ID {
			t.Fatalf("incident %+v", ins)
		}
		f := factsOf(t, s, e.ID)
		if f.Improvement.Open != 1+4 || f.Improvement.Overdue != 1 || f.Improvement.IncidentsLate != 1 || f.States[model.StepImprovement] != model.InProgress {
			t.Fatalf("facts %+v %v", f.Improvement, f.States[model.StepImprovement])
		}
		if f.Improvement.ControlsChanged.IsZero() {
			t.Fatal("the sample's controls change is not reported")
		}
	}
	if _, probs, _ := s.CheckEvidence(ctx); len(probs) != 0 {
		t.Fatalf("sample evidence %+v", probs)
	}
}

func exportCaseBytes(t *testing.T, s *Store, id int64) []byte {
	t.Helper()
	var out []byte
	_, err := s.ExportCase(ctx, testOp, id, func(c casefile.Case) ([]byte, error) {
		c.ExportedAt, c.Tool = s.Now(), "outsec test"
		b, err := casefile.Encode(c)
		out = b
		return b, err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Findings, incidents and evidence travel in case files: the evidence file
// arrives with identical digests; a changed byte is refused with its path.
func TestFindingsTravelInCaseFiles(t *testing.T) {
	s, e, a, _ := findingsFixture(t)
	in := findings.Incident{Title: "数据库被暴力破解", FoundAt: time.Date(2026, 2, 1, 8, 0, 0, 0, time.UTC)}
	mustF(t, s.SaveIncident(ctx, a, e.ID, &in))
	f := findings.Finding{Source: findings.SourceIncident, SourceID: in.ID, Description: "弱口令", Severity: findings.High}
	mustF(t, s.AddFinding(ctx, a, e.ID, &f))
	ev, err := s.AddEvidenceFile(ctx, a, e.ID, writeFile(t, "日志.txt", "failed login ×500"), Owner{OwnerFinding, f.ID})
	mustF(t, err)
	data := exportCaseBytes(t, s, e.ID)
	if !bytes.Contains(data, []byte(`"findings": {`)) || !bytes.Contains(data, []byte(ev.SHA256)) {
		t.Fatalf("case file without the register: %s", data)
	}

	other, _ := openTemp(t)
	res, err := other.ImportCase(ctx, testOp, data, ImportOptions{})
	mustF(t, err)
	fs, _ := other.Findings(ctx, res.Engagement.ID)
	ins, _ := other.Incidents(ctx, res.Engagement.ID)
	evs, _ := other.EvidenceByOwner(ctx, res.Engagement.ID, OwnerFinding)
	if len(fs) != 1 || len(ins) != 1 || fs[0].SourceID != ins[0].ID || fs[0].ReporterID != 0 || fs[0].Reporter != f.Reporter || len(fs[0].History) != 1 {
		t.Fatalf("imported %+v %+v", fs, ins)
	}
	if got := evs[fs[0].ID]; len(got) != 1 || got[0].SHA256 != ev.SHA256 || got[0].SM3 != ev.SM3 {
		t.Fatalf("evidence %+v", evs)
	}
	if b, err := os.ReadFile(filepath.Join(other.EvidenceDir(), ev.SHA256)); err != nil || string(b) != "failed login ×500" {
		t.Fatalf("evidence file %q %v", b, err)
	}
	// Replacing imports it again, not twice.
	_, err = other.ImportCase(ctx, testOp, data, ImportOptions{OnConflict: ConflictReplace})
	mustF(t, err)
	if n := count(t, other, "findings"); n != 1 || count(t, other, "evidence") != 1 {
		t.Fatalf("after replace: %d findings", n)
	}
	// One changed byte of the evidence: refused, naming the path.
	bad := bytes.Replace(data, []byte(`"size": 18`), []byte(`"size": 17`), 1)
	if bytes.Equal(bad, data) {
		t.Fatal("fixture: size not found")
	}
	_, err = openTempImport(t, bad)
	if err == nil || !strings.Contains(err.Error(), "$.findings.evidence[0].sha256") {
		t.Fatalf("tampered evidence: %v", err)
	}
}

func openTempImport(t *testing.T, data []byte) (ImportResult, error) {
	s, _ := openTemp(t)
	return s.ImportCase(ctx, testOp, data, ImportOptions{})
}
