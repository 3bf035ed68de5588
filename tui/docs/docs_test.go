package docs

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"outsec/exporter"
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
	"outsec/tui/tuitest"
	"outsec/tui/ui"
)

// The documents screen against a real store with the documents' fixture
// engagement: the list, the preview, the export dialog writing real files,
// the export record and the Exports tab, a broken user template.

func newDocHarness(t *testing.T, lang i18n.Lang, w, h int) (*tuitest.Harness, model.Engagement) {
	t.Helper()
	st, _ := tuitest.WithOperator(t)
	e := templatetest.Engagement(t, st, string(lang))
	hs := tuitest.NewHarness(t, st, lang, w, h)
	if hs.At() != ui.KindDashboard {
		t.Fatalf("not on the dashboard:\n%s", hs.Screen())
	}
	return hs, e
}

// openPreview opens the documents with p and the risk report's preview.
func openPreview(h *tuitest.Harness) {
	h.Tb.Helper()
	h.Press("p")
	if h.At() != ui.KindDocs {
		h.Tb.Fatalf("p did not open the documents:\n%s", h.Screen())
	}
	h.Press("enter")
	if docsOf(h).mode != docModePreview {
		h.Tb.Fatalf("enter did not open the preview:\n%s", h.Screen())
	}
}

// exportTo opens the export dialog with x, keeps the proposed formats and
// types dir as the output folder.
func exportTo(h *tuitest.Harness, dir string) {
	h.Tb.Helper()
	h.Press("x")
	if docsOf(h).mode != docModeForm {
		h.Tb.Fatalf("x did not open the export dialog:\n%s", h.Screen())
	}
	h.Press("enter") // the formats: Markdown, HTML, DOCX, PDF are proposed
	h.Send(tuitest.CtrlU)
	h.TypeText(dir)
	h.Press("enter")
}

func TestDocPreviewAndScroll(t *testing.T) {
	h, _ := newDocHarness(t, i18n.ZH, 80, 24)
	h.Press("p")
	h.MustShow("风险评估报告", "风险处理计划", "剩余风险评估报告", "外包服务机构和人员评估表", "已有数据")
	h.CheckFrame(80, 24)
	h.Press("enter")
	h.MustShow("风险评估报告", "2026-001-RA-01", "评估范围")
	h.CheckFrame(80, 24)

	// Scroll down to the risk register: a risk's threat and vulnerability.
	found := false
	for i := 0; i < 40 && !found; i++ {
		h.Press("pgdown")
		found = strings.Contains(h.Screen(), "管理后台使用弱口令")
	}
	if !found {
		t.Fatalf("the preview never shows the risk's vulnerability")
	}
	if docsOf(h).vp.YOffset() == 0 {
		t.Fatal("pgdown did not scroll")
	}
	h.Press("G")
	if !docsOf(h).vp.AtBottom() {
		t.Fatal("G did not go to the end")
	}
	h.Press("g")
	if docsOf(h).vp.YOffset() != 0 {
		t.Fatal("g did not go to the top")
	}
	h.MustShow("风险评估报告")
	h.Press("down")
	if docsOf(h).vp.YOffset() != 1 {
		t.Fatalf("down scrolled to %d", docsOf(h).vp.YOffset())
	}

	// The preview is cached by width and content version: a resize renders
	// it again, going back reuses it.
	n := len(docsOf(h).cache)
	h.Send(tuitest.TeaSize(100, 30))
	h.CheckFrame(100, 30)
	if len(docsOf(h).cache) != n+1 {
		t.Fatalf("cache has %d previews after a resize, want %d", len(docsOf(h).cache), n+1)
	}
	h.Send(tuitest.TeaSize(80, 24))
	if len(docsOf(h).cache) != n+1 {
		t.Fatalf("the preview at 80 columns was rendered again")
	}
	h.MustShow("风险评估报告")

	// esc goes back to the list, and again to the dashboard.
	h.Press("esc")
	h.MustShow("外包服务机构和人员评估表")
	h.Press("esc")
	if h.At() != ui.KindDashboard {
		t.Fatalf("esc did not return to the dashboard:\n%s", h.Screen())
	}
}

func TestDocPreviewGolden(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		t.Run(string(lang), func(t *testing.T) {
			h, _ := newDocHarness(t, lang, 80, 24)
			openPreview(h)
			h.CheckFrame(80, 24)
			golden.RequireEqual(t, h.Screen())
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
		t.Fatalf("no result panel:\n%s", h.Screen())
	}
	if h.M.Context().Writes != 0 {
		t.Fatalf("%d writes still counted", h.M.Context().Writes)
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
		for _, want := range []string{p, hash, ui.Itoa(len(b)) + " 字节"} {
			if !strings.Contains(content, want) {
				t.Errorf("result panel does not show %q:\n%s", want, content)
			}
		}
	}
	h.MustShow("2026-001-RA-01：已写出 4 个文件")
	h.CheckFrame(120, 40)
	entries, _ := os.ReadDir(out)
	if len(entries) != 4 {
		t.Fatalf("%d entries in the folder, want 4 (no temporary file left)", len(entries))
	}

	// The record: in the store with every file, and in the audit trail.
	recs, err := h.St.Exports(context.Background(), e.ID)
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
	log, err := h.St.AuditLog(context.Background(), 1)
	if err != nil || len(log) != 1 || log[0].Event != ui.EventDocumentExport || !strings.Contains(log[0].Detail, r.Files[3].SHA256) {
		t.Fatalf("audit: %+v %v", log, err)
	}

	// The folder is remembered, for this engagement (the command line's too).
	if dir := exporter.Dir(context.Background(), h.St, e.ID, e.Code); dir != out {
		t.Fatalf("remembered folder %q, want %q", dir, out)
	}

	// The Exports tab lists it, with the files and their hashes.
	h.Press("tab")
	h.MustShow("导出记录", "2026-001-RA-01", "张三", r.Files[0].SHA256, "2026-001-RA-01.pdf")
	h.CheckFrame(120, 40)

	// E on the dashboard opens the same tab.
	h.Press("esc")
	h.Press("esc")
	if h.At() != ui.KindDashboard {
		t.Fatalf("not back on the dashboard:\n%s", h.Screen())
	}
	h.Press("E")
	h.MustShow("导出记录", r.Files[1].SHA256)
}

func TestDocExportHashesAt80(t *testing.T) {
	h, _ := newDocHarness(t, i18n.EN, 80, 24)
	out := t.TempDir()
	openPreview(h)
	exportTo(h, out)
	h.CheckFrame(80, 24)
	b, err := os.ReadFile(filepath.Join(out, "2026-001-RA-01.md"))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	h.MustShow("2026-001-RA-01: 4 files written", "SHA-256 "+hex.EncodeToString(sum[:]))
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
	h.M.Context().TemplatesDir = tdir
	openPreview(h)
	h.MustShow("模板有误", "risk-report.md:")

	out := filepath.Join(t.TempDir(), "out")
	exportTo(h, out)
	h.MustShow("导出失败", "模板有误", "risk-report.md:", "未写出任何文件")
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		entries, _ := os.ReadDir(out)
		if len(entries) > 0 {
			t.Fatalf("files written: %v", entries)
		}
	}
	recs, err := h.St.Exports(context.Background(), e.ID)
	if err != nil || len(recs) != 0 {
		t.Fatalf("exports recorded: %v %v", recs, err)
	}
	if h.M.Context().Writes != 0 {
		t.Fatalf("%d writes still counted", h.M.Context().Writes)
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
	h.MustShow("The export failed.", "Nothing was written.")
}

func TestDocFromRiskAndScreening(t *testing.T) {
	h, _ := newDocHarness(t, i18n.ZH, 120, 36)
	h.Press("v")
	if h.At() != ui.KindScreening {
		t.Fatalf("v did not open the screening:\n%s", h.Screen())
	}
	h.Press("p")
	if h.At() != ui.KindDocs {
		t.Fatalf("p on the screening did not open the documents:\n%s", h.Screen())
	}
	h.Press("esc")
	if h.At() != ui.KindScreening {
		t.Fatalf("esc did not return to the screening:\n%s", h.Screen())
	}
}

func ansiStripLines(s string) string { return strings.Join(strings.Fields(ansi.Strip(s)), " ") }

func TestDocFromRiskConclusion(t *testing.T) {
	h, _ := newDocHarness(t, i18n.ZH, 120, 36)
	h.Press("r")
	if h.At() != ui.KindRisk {
		t.Fatalf("r did not open the risk assessment:\n%s", h.Screen())
	}
	h.Press("8")
	if !strings.Contains(h.Screen(), tuitest.ZH.T("tui.risk.help.conclude")) {
		t.Fatalf("8 did not show the conclusion:\n%s", h.Screen())
	}
	h.Press("p")
	if h.At() != ui.KindDocs {
		t.Fatalf("p on the conclusion did not open the documents:\n%s", h.Screen())
	}
	h.Press("enter")
	h.MustShow("风险评估报告", "2026-001-RA-01")
	h.Press("esc", "esc")
	if h.At() != ui.KindRisk {
		t.Fatalf("esc did not return to the risk assessment:\n%s", h.Screen())
	}
}

// TestDocExportProgressAndXLSX stops after the form is sent to see the
// progress, then lets the steps run one by one; XLSX is chosen too.
func TestDocExportProgressAndXLSX(t *testing.T) {
	h, e := newDocHarness(t, i18n.EN, 80, 24)
	out := t.TempDir()
	openPreview(h)
	h.Press("x")
	h.Press("down", "down", "down", "down", "x") // XLSX, unselected at first
	h.Press("enter")
	h.Send(tuitest.CtrlU)
	h.TypeText(out)
	_, cmd := h.M.Update(tuitest.KeyMsg("enter"))
	held := runUntilDoc(h, cmd)
	if held == nil || docsOf(h).mode != docModeBusy {
		t.Fatalf("not busy after the form:\n%s", h.Screen())
	}
	h.MustShow("Exporting Risk assessment report", "0 of 5 files", "░░░░")
	h.CheckFrame(80, 24)
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Fatalf("files written before the end: %v", entries)
	}
	h.Send(held)
	if docsOf(h).mode != docModeResult {
		t.Fatalf("no result:\n%s", h.Screen())
	}
	b, err := os.ReadFile(filepath.Join(out, "2026-001-RA-01.xlsx"))
	if err != nil || len(b) < 4 || string(b[:2]) != "PK" {
		t.Fatalf("xlsx: %v", err)
	}
	recs, err := h.St.Exports(context.Background(), e.ID)
	if err != nil || len(recs) != 1 || len(recs[0].Files) != 5 || recs[0].Files[4].Format != "xlsx" {
		t.Fatalf("record: %+v %v", recs, err)
	}
}

// runUntilDoc runs cmd as the harness does but holds back the first result
// of an export step (the document filled), so that the screen can be seen
// while the export is under way.
func runUntilDoc(h *tuitest.Harness, cmd tea.Cmd) tea.Msg {
	if cmd == nil || tuitest.IsTimer(cmd) {
		return nil
	}
	msg := cmd()
	if msg == nil {
		return nil
	}
	if _, ok := msg.(docPreparedMsg); ok {
		return msg
	}
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == tuitest.CmdType {
		for i := 0; i < v.Len(); i++ {
			if held := runUntilDoc(h, v.Index(i).Interface().(tea.Cmd)); held != nil {
				return held
			}
		}
		return nil
	}
	_, next := h.M.Update(msg)
	return runUntilDoc(h, next)
}

// The person NDA row sends x to the NDA screen's batch: one per person.
func TestDocPerPersonGoesToNDABatch(t *testing.T) {
	h, _ := newDocHarness(t, i18n.ZH, 120, 36)
	h.Press("p")
	h.MustShow("信息安全保密协议（个人）", "2026-001-NP-nn（每人一份")
	for i, k := range templates.Kinds {
		if k == templates.NDAPerson {
			for j := 0; j < i; j++ {
				h.Press("down")
			}
		}
	}
	h.Press("x")
	if h.At() != ui.KindNDA {
		t.Fatalf("screen %v after x on the person NDA", h.At())
	}
	h.MustShow("每人一份：在此按 x")
	h.Press("esc")
	if h.At() != ui.KindDocs {
		t.Fatalf("esc from the NDA screen went to %v, not back to the documents", h.At())
	}
}

func docsOf(h *tuitest.Harness) *docScreen {
	p, _ := h.PageOf(ui.KindDocs).(*docScreen)
	return p
}
