package tui

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"outsec/i18n"
	"outsec/signing"
	"outsec/store"
)

// Signed exports from the documents page: the export dialog signing with
// the operator's key (a wrong passphrase writes nothing), the verify screen
// on the folder before and after a byte of the PDF changes, and the
// lifecycle panel naming the signed document.

// exportSigned fills the export dialog: the proposed formats, dir, sign
// (yes), the passphrase.
func exportSigned(h *harness, dir, pass string) {
	h.tb.Helper()
	h.press("enter") // the formats
	h.send(ctrlU)
	h.typeText(dir)
	h.press("enter")
	h.mustShow("签名", "用 张三 的签名密钥")
	h.press("enter") // sign: yes
	h.typeText(pass)
	h.mustNotShow(pass)
	h.press("enter")
}

func TestSignedExportVerifyAndLifecycle(t *testing.T) {
	h, e := newDocHarness(t, i18n.ZH, 120, 40)
	ctx := context.Background()
	op, _ := h.st.CurrentOperator(ctx)
	k := createKey(t, h.st, op)
	out := filepath.Join(t.TempDir(), "签名导出")

	// A wrong passphrase: back to the form with why, nothing written.
	openPreview(h)
	h.press("x")
	if docsOf(h).mode != docModeForm {
		t.Fatalf("x did not open the export dialog:\n%s", h.screen())
	}
	exportSigned(h, out, "not the passphrase")
	if docsOf(h).mode != docModeForm {
		t.Fatalf("not back in the form:\n%s", h.screen())
	}
	h.mustShow("口令错误")
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Fatalf("files written: %v", entries)
	}
	if recs, _ := h.st.Exports(ctx, e.ID); len(recs) != 0 {
		t.Fatalf("export recorded: %v", recs)
	}
	if docsOf(h).form.pass != "" || h.m.Context().writes != 0 {
		t.Fatalf("passphrase kept (%v) or writes counted (%d)", docsOf(h).form.pass != "", h.m.Context().writes)
	}

	// The form asks for the passphrase again (the formats and the folder
	// stand); the right one signs.
	h.mustShow("口令错误", "签名密钥的口令")
	h.typeText(testPass)
	h.mustNotShow(testPass)
	h.press("enter")
	d := docsOf(h)
	if d.mode != docModeResult || d.resultErr {
		t.Fatalf("no result:\n%s", h.screen())
	}
	g := d.resultRec.Signature
	if g == nil || g.Name != "张三" || g.KeyID != k.ID || g.Code == "" {
		t.Fatalf("signature: %+v", g)
	}
	h.mustShow("已签名：张三，验证码 "+g.Code, "2026-001-RA-01.sha256")
	if h.m.Context().writes != 0 {
		t.Fatalf("%d writes still counted", h.m.Context().writes)
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
	rep, err := signing.Verify(out, func(fpr string) ([]store.SigningKey, error) { return h.st.KeysByFingerprint(ctx, fpr) })
	if err != nil || rep.Status() != signing.Valid {
		t.Fatalf("verify: %v %+v", err, rep)
	}

	// The Exports tab shows the signature.
	h.press("tab")
	h.mustShow("导出记录", "已签名：张三，验证码 "+g.Code)

	// The lifecycle panel names the signed document.
	h.press("esc", "esc")
	if h.at() != KindDashboard {
		t.Fatalf("not on the dashboard:\n%s", h.screen())
	}
	h.mustShow("2026-001-RA-01 已签名（张三，")

	// The verify screen: valid, then invalid once a byte of the PDF changes.
	h.press("V")
	if h.at() != KindVerify {
		t.Fatalf("V did not open the verify screen:\n%s", h.screen())
	}
	h.typeText(out)
	h.press("enter")
	h.mustShow("签名有效", "2026-001-RA-01", "签署人：张三 (科员), 信息技术处", "验证码："+g.Code, "本机的签名密钥", "5 个文件与 SHA-256 和 SM3 清单一致")
	h.checkFrame(120, 40)

	pdf := filepath.Join(out, "2026-001-RA-01.pdf")
	b, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0x01
	if err := os.WriteFile(pdf, b, 0o600); err != nil {
		t.Fatal(err)
	}
	h.press("r")
	h.mustShow("签名无效", "2026-001-RA-01.pdf：已被改动")
	h.mustNotShow("签名有效")
	h.checkFrame(120, 40)

	// A folder without a signature says so.
	h.press("enter")
	h.send(ctrlU)
	h.typeText(t.TempDir())
	h.press("enter")
	h.mustShow("没有找到签名")
	h.press("esc")
	if h.at() != KindDashboard {
		t.Fatalf("esc did not return to the dashboard:\n%s", h.screen())
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
		t.Fatalf("no result:\n%s", h.screen())
	}
	h.mustShow("Unsigned")
	h.press("tab")
	h.mustShow("Exports", "Unsigned")
	h.checkFrame(100, 30)
}
