package main

import (
	"context"
	"strings"
	"testing"

	"outsec/model/risk"
	"outsec/store"
)

// An assessment scored with the old, transposed default keeps its matrix;
// doctor names it, citing table A.5, without counting it as a problem;
// resetting it to the standard clears the warning.
func TestDoctorNamesTheLegacyRiskMatrix(t *testing.T) {
	db := tempDB(t)
	if code, _, errs := outsec(t, nil, "--db", db, "sample"); code != 0 {
		t.Fatal(errs)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	es, err := st.Engagements(ctx)
	if err != nil || len(es) != 1 {
		t.Fatal(es, err)
	}
	a, err := st.RiskAssessment(ctx, es[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	old := a.Settings
	old.RiskMatrix = risk.LegacyRiskMatrix
	op := store.Operator{Name: "测试"}
	if err := st.SaveSettings(ctx, op, es[0].ID, old); err != nil {
		t.Fatal(err)
	}
	st.Close()

	code, out, _ := outsec(t, nil, "--db", db, "doctor")
	if code != 0 || !strings.Contains(out, "! 风险矩阵") || !strings.Contains(out, es[0].Code) ||
		!strings.Contains(out, "GB/T 20984—2007 A.5") {
		t.Fatalf("doctor: %d %s", code, out)
	}
	code, out, _ = outsec(t, nil, "--db", db, "--lang", "en", "doctor")
	if code != 0 || !strings.Contains(out, "the transpose of GB/T 20984—2007 A.5") {
		t.Fatalf("doctor en: %d %s", code, out)
	}

	st, err = store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ResetSettings(ctx, op, es[0].ID); err != nil {
		t.Fatal(err)
	}
	st.Close()
	code, out, _ = outsec(t, nil, "--db", db, "doctor")
	if code != 0 || strings.Contains(out, "! 风险矩阵") || !strings.Contains(out, "✓ 风险矩阵") {
		t.Fatalf("doctor after reset: %d %s", code, out)
	}
}
