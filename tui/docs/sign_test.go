package docs

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"outsec/i18n"
	"outsec/signing"
	"outsec/store"
	"outsec/tui/tuitest"
	"outsec/tui/ui"
)

// Signed exports from the documents page: the export dialog signing with
// the operator's key (a wrong passphrase writes nothing), the verify screen
// on the folder before and after a byte of the PDF changes, and the
// lifecycle panel naming the signed document.

// exportSigned fills the export dialog: the proposed formats, dir, sign
// (yes), the passphrase.
func exportSigned(h *tuitest.Harness, dir, pass string) {
	h.Tb.Helper()
	h.Press("enter") // the formats
	h.Send(tuitest.CtrlU)
	h.TypeText(dir)
	h.Press("enter")
	h.MustShow("签名", "用 张三 的签名密钥")
	h.Press("enter") // sign: yes
	h.TypeText(pass)
	h.MustNotShow(pass)
	h.Press("enter")
}

func TestSignedExportVerifyAndLifecycle(t *testing.T) {
	h, e := newDocHarness(t, i18n.ZH, 120, 40)
	ctx := context.Background()
	op, _ := h.St.CurrentOperator(ctx)
	k := tuitest.CreateKey(t, h.St, op)
	out := filepath.Join(t.TempDir(), "签名导出")

	// A wrong passphrase: back to the form with why, nothing written.
	openPreview(h)
	h.Press("x")
	if docsOf(h).mode != docModeForm {
		t.Fatalf("x did not open the export dialog:\n%s", h.Screen())
	}
	exportSigned(h, out, "not the passphrase")
	if docsOf(h).mode != docModeForm {
		t.Fatalf("not back in the form:\n%s", h.Screen())
	}
	h.MustShow("口令错误")
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Fatalf("files written: %v", entries)
	}
	if recs, _ := h.St.Exports(ctx, e.ID); len(recs) != 0 {
		t.Fatalf("export recorded: %v", recs)
	}
	if docsOf(h).form.Pass != "" || h.M.Context().Writes != 0 {
		t.Fatalf("passphrase kept (%v) or writes counted (%d)", docsOf(h).form.Pass != "", h.M.Context().Writes)
	}

	// The form asks for the passphrase again (the formats and the folder
	// stand); the right one signs.
	h.MustShow("口令错误", "签名密钥的口令")
	h.TypeText(tuitest.TestPass)
	h.MustNotShow(tuitest.TestPass)
	h.Press("enter")
	d := docsOf(h)
	if d.mode != docModeResult || d.resultErr {
		t.Fatalf("no result:\n%s", h.Screen())
	}
	g := d.resultRec.Signature
	if g == nil || g.Name != "张三" || g.KeyID != k.ID || g.Code == "" {
		t.Fatalf("signature: %+v", g)
	}
	h.MustShow("已签名：张三，验证码 "+g.Code, "2026-001-RA-01.sha256")
	if h.M.Context().Writes != 0 {
		t.Fatalf("%d writes still counted", h.M.Context().Writes)
	}
	names := map[string]bool{}
	entries, _ := os.ReadDir(out)
	for _, en := range entries {
		names[en.Name()] = true
	}
	for _, ext := range []string{"md", "html", "docx", "pdf", "sha256", "sm3", "sha256.sig", "sm3.sig", "meta.json"} {
		if !names["2026-001-RA-01."+ext] {
			t.Errorf("no .%s written: %v", ext, names)
		}
	}
	if len(names) != 9 {
		t.Errorf("%d files, want 9: %v", len(names), names)
	}
	rep, err := signing.Verify(out, func(fpr string) ([]store.SigningKey, error) { return h.St.KeysByFingerprint(ctx, fpr) })
	if err != nil || rep.Status() != signing.Valid {
		t.Fatalf("verify: %v %+v", err, rep)
	}

	// The Exports tab shows the signature.
	h.Press("tab")
	h.MustShow("导出记录", "已签名：张三，验证码 "+g.Code)

	// The lifecycle panel names the signed document.
	h.Press("esc", "esc")
	if h.At() != ui.KindDashboard {
		t.Fatalf("not on the dashboard:\n%s", h.Screen())
	}
	h.MustShow("2026-001-RA-01 已签名（张三，")

	// The verify screen: valid, then invalid once a byte of the PDF changes.
	h.Press("V")
	if h.At() != ui.KindVerify {
		t.Fatalf("V did not open the verify screen:\n%s", h.Screen())
	}
	h.TypeText(out)
	h.Press("enter")
	h.MustShow("签名有效", "2026-001-RA-01", "签署人：张三 (科员), 信息技术处", "验证码："+g.Code, "本机的签名密钥", "5 个文件与 SHA-256 和 SM3 清单一致")
	h.CheckFrame(120, 40)

	pdf := filepath.Join(out, "2026-001-RA-01.pdf")
	b, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0x01
	if err := os.WriteFile(pdf, b, 0o600); err != nil {
		t.Fatal(err)
	}
	h.Press("r")
	h.MustShow("签名无效", "2026-001-RA-01.pdf：已被改动")
	h.MustNotShow("签名有效")
	h.CheckFrame(120, 40)

	// A folder without a signature says so.
	h.Press("enter")
	h.Send(tuitest.CtrlU)
	h.TypeText(t.TempDir())
	h.Press("enter")
	h.MustShow("没有找到签名")
	h.Press("esc")
	if h.At() != ui.KindDashboard {
		t.Fatalf("esc did not return to the dashboard:\n%s", h.Screen())
	}
}

// An operator without a key exports as before: no sign field, and the
// Exports tab says unsigned.
func TestUnsignedExportSaysSo(t *testing.T) {
	h, _ := newDocHarness(t, i18n.EN, 100, 30)
	out := t.TempDir()
	openPreview(h)
	exportTo(h, out)
	if docsOf(h).mode != docModeResult || docsOf(h).resultErr {
		t.Fatalf("no result:\n%s", h.Screen())
	}
	h.MustShow("Unsigned")
	h.Press("tab")
	h.MustShow("Exports", "Unsigned")
	h.CheckFrame(100, 30)
}

// Issue 16: an unsigned export after a signed one into the same folder is
// the next version beside it; the signed set still verifies, and the
// Exports tab and the lifecycle panel name the latest signed version.
func TestLaterUnsignedExportKeepsSignedSet(t *testing.T) {
	h, e := newDocHarness(t, i18n.ZH, 120, 40)
	ctx := context.Background()
	op, _ := h.St.CurrentOperator(ctx)
	tuitest.CreateKey(t, h.St, op)
	rkMust := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	rkMust(h.St.SetSignedApprovalRequired(ctx, op, true))
	out := filepath.Join(t.TempDir(), "签名导出")
	openPreview(h)
	h.Press("x")
	exportSigned(h, out, tuitest.TestPass)
	h.MustShow("已签名：张三", "2026-001-RA-01.sha256")
	h.Press("esc")
	h.Press("x")
	h.Press("enter") // the formats
	h.Send(tuitest.CtrlU)
	h.TypeText(out)
	h.Press("enter")
	h.MustShow("用 张三 的签名密钥")
	h.Press("n") // do not sign: the last question
	if d := docsOf(h); d.mode != docModeResult || d.resultErr || d.resultRec.Number != "2026-001-RA-02" || d.resultRec.Signature != nil {
		t.Fatalf("unsigned export:\n%s", h.Screen())
	}
	rep, err := signing.Verify(out, func(fpr string) ([]store.SigningKey, error) { return h.St.KeysByFingerprint(ctx, fpr) })
	if err != nil || rep.Status() != signing.Valid || len(rep.Results) != 1 || rep.Results[0].Meta.Number != "2026-001-RA-01" {
		t.Fatalf("the signed set after a later export: %v %+v", err, rep)
	}
	h.Press("tab")
	h.MustShow("2026-001-RA-02", "第 2 版，共 2 版", "第 1 版，共 2 版", "✓ 最新签名版本")
	if recs, _ := h.St.Exports(ctx, e.ID); len(recs) != 2 {
		t.Fatalf("%d exports", len(recs))
	}
	h.Press("esc", "esc")
	h.MustShow("2026-001-RA-02 未签名", "最新签名版本：2026-001-RA-01")
}
