package casefile

import (
	"strings"
	"testing"
	"time"

	"outsec/model/risk"
)

// Issue 16: every section is compared, not the engagement's header alone.
func TestDiffBySection(t *testing.T) {
	db := riskCase(t, risk.DefaultSettings(risk.MethodMatrix))
	if d, err := Diff(db, db); err != nil || len(d) != 0 {
		t.Fatalf("the same case differs: %v %+v", err, d)
	}
	file := riskCase(t, risk.DefaultSettings(risk.MethodMatrix))
	file.ExportedAt = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC) // times are not content
	if d, _ := Diff(db, file); len(d) != 0 {
		t.Fatalf("times counted as content: %+v", d)
	}
	// Here: a threat added; the file: a vulnerability changed, the name changed.
	db.RiskAssessment.Threats = append(db.RiskAssessment.Threats, risk.Threat{ID: 2, Name: "内部人员误操作", Source: risk.SourceHumanMalicious, Path: risk.PathIndirect, Frequency: 2})
	file.RiskAssessment.Vulns[1].Severity = 5
	file.Engagement.Name += "（二期）"
	d, err := Diff(db, file)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]SectionDiff{}
	for _, s := range d {
		got[s.Section] = s
		if s.DigestDB == s.DigestFile || len(s.DigestDB) != 64 {
			t.Errorf("digests of %s: %q %q", s.Section, s.DigestDB, s.DigestFile)
		}
	}
	if len(d) != 3 {
		t.Fatalf("sections: %+v", d)
	}
	if th := got["case.section.threats"]; th.Removed != 1 || th.RemovedNames[0] != "内部人员误操作" || th.Added+th.Changed != 0 {
		t.Errorf("threats: %+v", th)
	}
	if v := got["case.section.vulnerabilities"]; v.Changed != 1 || v.ChangedNames[0] != "未打补丁" {
		t.Errorf("vulnerabilities: %+v", v)
	}
	if e := got["case.section.engagement"]; e.Changed != 1 || strings.Join(e.ChangedNames, ",") != "name" {
		t.Errorf("engagement: %+v", e)
	}
}
