package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"outsec/store"
)

func TestExportXLSXIsRecordedAndListed(t *testing.T) {
	db := exportDB(t)
	out := filepath.Join(t.TempDir(), "out")
	// Nothing exported yet.
	code, stdout, stderr := outsec(t, nil, "--db", db, "--lang", "en", "exports", "2026-001")
	if code != 0 || !strings.Contains(stdout, "Nothing has been exported") {
		t.Fatalf("%d %s %s", code, stdout, stderr)
	}
	args := []string{"--db", db, "--templates", t.TempDir(), "export", "2026-001", "--doc", "risk-report",
		"--format", "md,xlsx", "-o", out, "--date", "2026-03-01"}
	if code, stdout, stderr := outsec(t, nil, args...); code != 0 {
		t.Fatalf("%d %s %s", code, stdout, stderr)
	}
	x := filepath.Join(out, "2026-001-RA-01.xlsx")
	b1, err := os.ReadFile(x)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b1))
	if err != nil {
		t.Fatal(err)
	}
	sheets := f.GetSheetList()
	f.Close()
	if strings.Join(sheets, ",") != "资产,威胁,脆弱性,风险,人员,选项" {
		t.Errorf("sheets %v", sheets)
	}
	// A second export of the same number elsewhere gives the same workbook,
	// and is recorded again.
	out2 := filepath.Join(t.TempDir(), "out2")
	if code, _, stderr := outsec(t, nil, append(args[:len(args):len(args)], "-o", out2, "--seq", "1")...); code != 0 {
		t.Fatal(stderr)
	}
	if b2, _ := os.ReadFile(filepath.Join(out2, "2026-001-RA-01.xlsx")); !bytes.Equal(b1, b2) {
		t.Error("second workbook differs")
	}

	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	e, err := st.FindEngagement(context.Background(), "2026-001")
	if err != nil {
		t.Fatal(err)
	}
	list, err := st.Exports(context.Background(), e.ID)
	st.Close()
	if err != nil || len(list) != 2 {
		t.Fatalf("%d exports, %v", len(list), err)
	}
	r := list[0]
	if r.Number != "2026-001-RA-01" || r.Kind != "risk-report" || r.Version != "1.0" || r.Lang != "zh-CN" ||
		len(r.Files) != 2 || r.Files[1].Format != "xlsx" || r.Files[1].Size != int64(len(b1)) ||
		!filepath.IsAbs(r.Files[1].Path) || len(r.Files[1].SHA256) != 64 {
		t.Errorf("record %+v", r)
	}

	code, stdout, stderr = outsec(t, nil, "--db", db, "exports", "2026-001")
	if code != 0 {
		t.Fatalf("%d %s", code, stderr)
	}
	if !strings.Contains(stdout, "2026-001-RA-01") || !strings.Contains(stdout, r.Files[1].SHA256) ||
		!strings.Contains(stdout, x) || !strings.Contains(stdout, r.Operator) || !strings.Contains(stdout, "共 2 次导出") {
		t.Errorf("listing:\n%s", stdout)
	}
	if code, _, _ := outsec(t, nil, "--db", db, "exports"); code != exitUsage {
		t.Errorf("no engagement: %d", code)
	}
}
