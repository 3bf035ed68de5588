package main

import (
	"archive/zip"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"outsec/model"
	"outsec/model/contract"
	"outsec/store"
	"outsec/templates/templatetest"
)

// docxText is the text of a DOCX's body, runs joined.
func docxText(t *testing.T, p string) string {
	t.Helper()
	z, err := zip.OpenReader(p)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
			r, _ := f.Open()
			b, _ := io.ReadAll(r)
			r.Close()
			return regexp.MustCompile(`<[^>]+>`).ReplaceAllString(string(b), "")
		}
	}
	t.Fatal("no word/document.xml")
	return ""
}

// TestContractGapReport: the review of a contract with two missing and one
// partial item gives a gap report, in DOCX and PDF, listing exactly those
// with their clauses; the lifecycle keeps the step blocked until they are
// fixed.
func TestContractGapReport(t *testing.T) {
	st := templatetest.Open(t)
	ctx := context.Background()
	e := templatetest.Engagement(t, st, "zh-CN")
	templatetest.SaveContract(t, st, e, "zh-CN")
	facts, err := st.LifecycleFacts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	blocked := func(f model.Facts) bool {
		for _, s := range model.Lifecycle(&e, f) {
			if s.ID == model.StepContract {
				return s.Blocked() && s.State != model.Done
			}
		}
		return false
	}
	if !blocked(facts[e.ID]) {
		t.Fatalf("contract step not blocked: %+v", facts[e.ID])
	}
	db := st.Path()
	st.Close()

	out := filepath.Join(t.TempDir(), "cr")
	if code, _, errs := caseCmd(t, "", "--db", db, "export", e.Code, "--doc", "contract-review", "--format", "docx,pdf", "-o", out); code != 0 {
		t.Fatal(errs)
	}
	gapItems := append(append([]string{}, templatetest.MissingItems[:]...), templatetest.PartialItem)
	flat := func(s string) string { return strings.Join(strings.Fields(s), "") }
	docx := flat(docxText(t, filepath.Join(out, e.Code+"-CR-01.docx")))
	var pdfText string
	if _, err := exec.LookPath("pdftotext"); err == nil {
		b, err := exec.Command("pdftotext", "-layout", filepath.Join(out, e.Code+"-CR-01.pdf"), "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		pdfText = flat(string(b))
	} else if os.Getenv("OUTSEC_DOCS_TOOLS") == "required" {
		t.Fatal("pdftotext not installed")
	}
	// The gap section (四、需补充的条款 … 五、) lists exactly the three, each
	// with its clause.
	for name, text := range map[string]string{"docx": docx, "pdf": pdfText} {
		if text == "" {
			continue
		}
		i, j := strings.Index(text, "四、需补充的条款"), strings.Index(text, "五、信息安全影响因素")
		if i < 0 || j < i {
			t.Fatalf("%s: no gap section", name)
		}
		sec := text[i:j]
		for _, id := range gapItems {
			it, _ := contract.ByID(id)
			if !strings.Contains(sec, flat(it.Title("zh-CN"))) || !strings.Contains(sec, flat(string(it.Clause))) {
				t.Errorf("%s: gap %s (%s, %s) not listed", name, id, it.Title("zh-CN"), it.Clause)
			}
		}
		if !strings.Contains(sec, "（三）") || strings.Contains(sec, "（四）") {
			t.Errorf("%s: not exactly three gaps:\n%s", name, sec)
		}
	}
	// Fixing the three items unblocks the step.
	st, err = store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for i, id := range gapItems {
		if err := st.SaveContractAssessment(ctx, store.SystemOperator("t"), e.ID, contract.Assessment{ItemID: id, Status: contract.Present, Article: "20." + string(rune('1'+i))}); err != nil {
			t.Fatal(err)
		}
	}
	facts, _ = st.LifecycleFacts(ctx)
	if blocked(facts[e.ID]) {
		t.Fatalf("still blocked after the gaps are fixed: %+v", facts[e.ID].Blocks[model.StepContract])
	}
}
