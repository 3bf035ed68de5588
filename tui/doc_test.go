package tui

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"outsec/i18n"
	"outsec/model"
	"outsec/templates"
	"outsec/templates/templatetest"
)

// The documents screen against a real store with the documents' fixture
// engagement: the list, the preview, the export dialog writing real files,
// the export record and the Exports tab, a broken user template.

func newDocHarness(t *testing.T, lang i18n.Lang, w, h int) (*harness, model.Engagement) {
	t.Helper()
	st, _ := withOperator(t)
	e := templatetest.Engagement(t, st, string(lang))
	hs := newHarness(t, st, lang, w, h)
	if hs.at() != KindDashboard {
		t.Fatalf("not on the dashboard:\n%s", hs.screen())
	}
	return hs, e
}

// openPreview opens the documents with p and the risk report's preview.
func openPreview(h *harness) {
	h.tb.Helper()
	h.press("p")
	if h.at() != KindDocs {
		h.tb.Fatalf("p did not open the documents:\n%s", h.screen())
	}
	h.press("enter")
	if docsOf(h).mode != docModePreview {
		h.tb.Fatalf("enter did not open the preview:\n%s", h.screen())
	}
}

// exportTo opens the export dialog with x, keeps the proposed formats and
// types dir as the output folder.
func exportTo(h *harness, dir string) {
	h.tb.Helper()
	h.press("x")
	if docsOf(h).mode != docModeForm {
		h.tb.Fatalf("x did not open the export dialog:\n%s", h.screen())
	}
	h.press("enter") // the formats: Markdown, HTML, DOCX, PDF are proposed
	h.send(ctrlU)
	h.typeText(dir)
	h.press("enter")
}

func TestDocPreviewAndScroll(t *testing.T) {
	h, _ := newDocHarness(t, i18n.ZH, 80, 24)
	h.press("p")
	h.mustShow("风险评估报告", "风险处理计划", "剩余风险评估报告", "外包服务机构和人员评估表", "已有数据")
	h.checkFrame(80, 24)
	h.press("enter")
	h.mustShow("风险评估报告", "2026-001-RA-01", "评估范围")
	h.checkFrame(80, 24)

	// Scroll down to the risk register: a risk's threat and vulnerability.
	found := false
	for i := 0; i < 40 && !found; i++ {
		h.press("pgdown")
		found = strings.Contains(h.screen(), "管理后台使用弱口令")
	}
	if !found {
		t.Fatalf("the preview never shows the risk's vulnerability")
	}
	if docsOf(h).vp.YOffset() == 0 {
		t.Fatal("pgdown did not scroll")
	}
	h.press("G")
	if !docsOf(h).vp.AtBottom() {
		t.Fatal("G did not go to the end")
	}
	h.press("g")
	if docsOf(h).vp.YOffset() != 0 {
		t.Fatal("g did not go to the top")
	}
	h.mustShow("风险评估报告")
	h.press("down")
	if docsOf(h).vp.YOffset() != 1 {
		t.Fatalf("down scrolled to %d", docsOf(h).vp.YOffset())
	}

	// The preview is cached by width and content version: a resize renders
	// it again, going back reuses it.
	n := len(docsOf(h).cache)
	h.send(teaSize(100, 30))
	h.checkFrame(100, 30)
	if len(docsOf(h).cache) != n+1 {
		t.Fatalf("cache has %d previews after a resize, want %d", len(docsOf(h).cache), n+1)
	}
	h.send(teaSize(80, 24))
	if len(docsOf(h).cache) != n+1 {
		t.Fatalf("the preview at 80 columns was rendered again")
	}
	h.mustShow("风险评估报告")

	// esc goes back to the list, and again to the dashboard.
	h.press("esc")
	h.mustShow("外包服务机构和人员评估表")
	h.press("esc")
	if h.at() != KindDashboard {
		t.Fatalf("esc did not return to the dashboard:\n%s", h.screen())
	}
}

func TestDocPreviewGolden(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		t.Run(string(lang), func(t *testing.T) {
			h, _ := newDocHarness(t, lang, 80, 24)
			openPreview(h)
			h.checkFrame(80, 24)
			golden.RequireEqual(t, h.screen())
		})
	}
}

func TestDocExportThroughDialog(t *testing.T) {
	h, e := newDocHarness(t, i18n.ZH, 120, 40)
	out := filepath.Join(t.TempDir(), "输出")
	openPreview(h)
	exportTo(h, out)

	d := docsOf(h)
	if d.mode != docModeResult || d.resultErr {
		t.Fatalf("no result panel:\n%s", h.screen())
	}
	if h.m.Context().writes != 0 {
		t.Fatalf("%d writes still counted", h.m.Context().writes)
	}
	content := ansiStripLines(d.resVP.GetContent())
	for _, ext := range []string{"md", "html", "docx", "pdf"} {
		p := filepath.Join(out, "2026-001-RA-01."+ext)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("%s: %v", ext, err)
		}
		sum := sha256.Sum256(b)
		hash := hex.EncodeToString(sum[:])
		for _, want := range []string{p, hash, itoa(len(b)) + " 字节"} {
			if !strings.Contains(content, want) {
				t.Errorf("result panel does not show %q:\n%s", want, content)
			}
		}
	}
	h.mustShow("2026-001-RA-01：已写出 4 个文件")
	h.checkFrame(120, 40)
	entries, _ := os.ReadDir(out)
	if len(entries) != 4 {
		t.Fatalf("%d entries in the folder, want 4 (no temporary file left)", len(entries))
	}

	// The record: in the store with every file, and in the audit trail.
	recs, err := h.st.Exports(context.Background(), e.ID)
	if err != nil || len(recs) != 1 {
		t.Fatalf("exports: %v %v", recs, err)
	}
	r := recs[0]
	if r.Number != "2026-001-RA-01" || r.Kind != "risk-report" || len(r.Files) != 4 || r.Operator == "" {
		t.Fatalf("record: %+v", r)
	}
	for _, f := range r.Files {
		b, err := os.ReadFile(f.Path)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		if f.SHA256 != hex.EncodeToString(sum[:]) || f.Size != int64(len(b)) {
			t.Errorf("%s: recorded %d %s", f.Path, f.Size, f.SHA256)
		}
	}
	log, err := h.st.AuditLog(context.Background(), 1)
	if err != nil || len(log) != 1 || log[0].Event != eventDocumentExport || !strings.Contains(log[0].Detail, r.Files[3].SHA256) {
		t.Fatalf("audit: %+v %v", log, err)
	}

	// The folder is remembered.
	if dir, _ := h.st.Setting(context.Background(), docExportDirSetting); dir != out {
		t.Fatalf("remembered folder %q, want %q", dir, out)
	}

	// The Exports tab lists it, with the files and their hashes.
	h.press("tab")
	h.mustShow("导出记录", "2026-001-RA-01", "张三", r.Files[0].SHA256, "2026-001-RA-01.pdf")
	h.checkFrame(120, 40)

	// E on the dashboard opens the same tab.
	h.press("esc")
	h.press("esc")
	if h.at() != KindDashboard {
		t.Fatalf("not back on the dashboard:\n%s", h.screen())
	}
	h.press("E")
	h.mustShow("导出记录", r.Files[1].SHA256)
}

func TestDocExportHashesAt80(t *testing.T) {
	h, _ := newDocHarness(t, i18n.EN, 80, 24)
	out := t.TempDir()
	openPreview(h)
	exportTo(h, out)
	h.checkFrame(80, 24)
	b, err := os.ReadFile(filepath.Join(out, "2026-001-RA-01.md"))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	h.mustShow("2026-001-RA-01: 4 files written", "SHA-256 "+hex.EncodeToString(sum[:]))
}

func TestDocBrokenTemplateWritesNothing(t *testing.T) {
	h, e := newDocHarness(t, i18n.ZH, 120, 36)
	tdir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(tdir, "zh-CN"), 0o755); err != nil {
		t.Fatal(err)
	}
	broken := filepath.Join(tdir, "zh-CN", "risk-report.md")
	if err := os.WriteFile(broken, []byte("# {{ .Title }}\n\n第二行 {{ if .Concluded }}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	h.m.Context().templatesDir = tdir
	openPreview(h)
	h.mustShow("模板有误", "risk-report.md:")

	out := filepath.Join(t.TempDir(), "out")
	exportTo(h, out)
	h.mustShow("导出失败", "模板有误", "risk-report.md:", "未写出任何文件")
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		entries, _ := os.ReadDir(out)
		if len(entries) > 0 {
			t.Fatalf("files written: %v", entries)
		}
	}
	recs, err := h.st.Exports(context.Background(), e.ID)
	if err != nil || len(recs) != 0 {
		t.Fatalf("exports recorded: %v %v", recs, err)
	}
	if h.m.Context().writes != 0 {
		t.Fatalf("%d writes still counted", h.m.Context().writes)
	}
}

func TestDocExportUnwritableFolder(t *testing.T) {
	h, _ := newDocHarness(t, i18n.EN, 120, 36)
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	openPreview(h)
	exportTo(h, filepath.Join(file, "sub"))
	h.mustShow("The export failed.", "Nothing was written.")
}

func TestDocFromRiskAndScreening(t *testing.T) {
	h, _ := newDocHarness(t, i18n.ZH, 120, 36)
	h.press("v")
	if h.at() != KindScreening {
		t.Fatalf("v did not open the screening:\n%s", h.screen())
	}
	h.press("p")
	if h.at() != KindDocs {
		t.Fatalf("p on the screening did not open the documents:\n%s", h.screen())
	}
	h.press("esc")
	if h.at() != KindScreening {
		t.Fatalf("esc did not return to the screening:\n%s", h.screen())
	}
}

func ansiStripLines(s string) string { return strings.Join(strings.Fields(ansi.Strip(s)), " ") }

func TestDocFromRiskConclusion(t *testing.T) {
	h, _ := newDocHarness(t, i18n.ZH, 120, 36)
	h.press("r")
	if h.at() != KindRisk {
		t.Fatalf("r did not open the risk assessment:\n%s", h.screen())
	}
	h.press("8")
	if !strings.Contains(h.screen(), zh.T("tui.risk.help.conclude")) {
		t.Fatalf("8 did not show the conclusion:\n%s", h.screen())
	}
	h.press("p")
	if h.at() != KindDocs {
		t.Fatalf("p on the conclusion did not open the documents:\n%s", h.screen())
	}
	h.press("enter")
	h.mustShow("风险评估报告", "2026-001-RA-01")
	h.press("esc", "esc")
	if h.at() != KindRisk {
		t.Fatalf("esc did not return to the risk assessment:\n%s", h.screen())
	}
}

// TestDocExportProgressAndXLSX stops after the form is sent to see the
// progress, then lets the steps run one by one; XLSX is chosen too.
func TestDocExportProgressAndXLSX(t *testing.T) {
	h, e := newDocHarness(t, i18n.EN, 80, 24)
	out := t.TempDir()
	openPreview(h)
	h.press("x")
	h.press("down", "down", "down", "down", "x") // XLSX, unselected at first
	h.press("enter")
	h.send(ctrlU)
	h.typeText(out)
	_, cmd := h.m.Update(keyMsg("enter"))
	held := runUntilDoc(h, cmd)
	if held == nil || docsOf(h).mode != docModeBusy {
		t.Fatalf("not busy after the form:\n%s", h.screen())
	}
	h.mustShow("Exporting Risk assessment report", "0 of 5 files", "░░░░")
	h.checkFrame(80, 24)
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Fatalf("files written before the end: %v", entries)
	}
	h.send(held)
	if docsOf(h).mode != docModeResult {
		t.Fatalf("no result:\n%s", h.screen())
	}
	b, err := os.ReadFile(filepath.Join(out, "2026-001-RA-01.xlsx"))
	if err != nil || len(b) < 4 || string(b[:2]) != "PK" {
		t.Fatalf("xlsx: %v", err)
	}
	recs, err := h.st.Exports(context.Background(), e.ID)
	if err != nil || len(recs) != 1 || len(recs[0].Files) != 5 || recs[0].Files[4].Format != "xlsx" {
		t.Fatalf("record: %+v %v", recs, err)
	}
}

// runUntilDoc runs cmd as the harness does but holds back the first result
// of an export step (the document filled), so that the screen can be seen
// while the export is under way.
func runUntilDoc(h *harness, cmd tea.Cmd) tea.Msg {
	if cmd == nil || isTimer(cmd) {
		return nil
	}
	msg := cmd()
	if msg == nil {
		return nil
	}
	if _, ok := msg.(docPreparedMsg); ok {
		return msg
	}
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == cmdType {
		for i := 0; i < v.Len(); i++ {
			if held := runUntilDoc(h, v.Index(i).Interface().(tea.Cmd)); held != nil {
				return held
			}
		}
		return nil
	}
	_, next := h.m.Update(msg)
	return runUntilDoc(h, next)
}

// The person NDA row sends x to the NDA screen's batch: one per person.
func TestDocPerPersonGoesToNDABatch(t *testing.T) {
	h, _ := newDocHarness(t, i18n.ZH, 120, 36)
	h.press("p")
	h.mustShow("信息安全保密协议（个人）", "2026-001-NP-nn（每人一份")
	for i, k := range templates.Kinds {
		if k == templates.NDAPerson {
			for j := 0; j < i; j++ {
				h.press("down")
			}
		}
	}
	h.press("x")
	if h.at() != KindNDA {
		t.Fatalf("screen %v after x on the person NDA", h.at())
	}
	h.mustShow("每人一份：在此按 x")
	h.press("esc")
	if h.at() != KindDocs {
		t.Fatalf("esc from the NDA screen went to %v, not back to the documents", h.at())
	}
}

func docsOf(h *harness) *docScreen {
	p, _ := h.pageOf(KindDocs).(*docScreen)
	return p
}
