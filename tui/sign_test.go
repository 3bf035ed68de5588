package tui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"outsec/i18n"
	"outsec/signing"
	"outsec/store"
)

// Signed exports from the workbench (issue 5) against a real store: the
// keys screen (create with the passphrase typed, export the public keys,
// trust another office's, revoke, the policy), the export dialog signing
// with the operator's key (a wrong passphrase writes nothing), the verify
// screen on the folder before and after a byte of the PDF changes, and the
// lifecycle panel naming the signed document. Key generation and every
// unlock run the real KDFs, so the tests unlock as few times as they can.

const testPass = "correct horse battery"

// createKey gives the operator a key without the screen (one encryption).
func createKey(t *testing.T, st *store.Store, op store.Operator) *store.SigningKey {
	t.Helper()
	ctx := context.Background()
	k, err := signing.NewKeyring(st.Path()).Create(func(k *store.SigningKey) error { return st.AddKey(ctx, op, store.EventKeyCreate, k) },
		signingProfile(op), []byte(testPass), st.Now())
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestKeysCreateFromScreen(t *testing.T) {
	st, _ := withOperator(t)
	h := newHarness(t, st, i18n.ZH, 120, 36)
	h.press("K")
	if h.at() != KindKeys {
		t.Fatalf("K did not open the keys:\n%s", h.screen())
	}
	h.mustShow("签名密钥", "尚无密钥", "审批须签名：关")
	h.checkFrame(120, 36)

	// Two different passphrases: refused, nothing created.
	h.press("n")
	h.mustShow("新建签名密钥", "口令")
	h.typeText("abcdefgh1")
	h.press("enter")
	h.typeText("abcdefgh2")
	h.press("enter")
	h.mustShow("两次输入的口令不一致")
	h.mustNotShow("abcdefgh")
	if h.keysScr().pass != "" || h.keysScr().again != "" {
		t.Fatal("the passphrases are kept in the model")
	}
	// Too short.
	h.typeText("short")
	h.press("enter")
	h.typeText("short")
	h.press("enter")
	h.mustShow("口令太短")
	if ks, _ := st.Keys(context.Background()); len(ks) != 0 {
		t.Fatalf("keys created: %v", ks)
	}

	// The right way.
	h.typeText(testPass)
	h.press("enter")
	h.mustNotShow(testPass)
	h.typeText(testPass)
	h.press("enter")
	if h.keysScr().mode != keysModeList {
		t.Fatalf("still in the form:\n%s", h.screen())
	}
	if h.keysScr().pass != "" || h.keysScr().again != "" {
		t.Fatal("the passphrases are kept in the model")
	}
	ks, err := st.Keys(context.Background())
	if err != nil || len(ks) != 1 {
		t.Fatalf("keys: %v %v", ks, err)
	}
	h.mustShow("本机", "张三", "信息技术处", "有效", ks[0].Ed25519FPR, "已为 张三 创建签名密钥")
	h.mustNotShow(testPass)
	h.checkFrame(120, 36)
	h.send(teaSize(80, 24))
	h.checkFrame(80, 24)
	h.mustShow("本机", "有效", ks[0].Ed25519FPR)
	if h.m.sh.writes != 0 {
		t.Fatalf("%d writes still counted", h.m.sh.writes)
	}
	// The files are where the keyring says, encrypted.
	b, err := os.ReadFile(filepath.Join(filepath.Dir(st.Path()), ks[0].Dir, signing.FileEd25519Private))
	if err != nil || strings.Contains(string(b), testPass) {
		t.Fatalf("key file: %v", err)
	}

	// A second key for the same operator is refused at once.
	h.press("n")
	h.mustShow("该签署人已有有效密钥")
	if h.keysScr().mode != keysModeList {
		t.Fatal("the form opened for a second key")
	}

	// esc: back to the dashboard.
	h.press("esc")
	if h.at() != KindDashboard {
		t.Fatalf("esc did not return to the dashboard:\n%s", h.screen())
	}
}

func TestKeysExportTrustRevokePolicy(t *testing.T) {
	st, op := withOperator(t)
	k := createKey(t, st, op)

	// Another office: its own database and key, public halves exported.
	other, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "other.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	oop, err := other.CreateOperator(context.Background(), store.Operator{Name: "李四", Unit: "网信办"})
	if err != nil {
		t.Fatal(err)
	}
	ok := createKey(t, other, oop)
	pubDir := filepath.Join(t.TempDir(), "李四公钥")
	if _, err := signing.NewKeyring(other.Path()).ExportPublic(*ok, pubDir); err != nil {
		t.Fatal(err)
	}

	h := newHarness(t, st, i18n.ZH, 120, 36)
	h.press("K")
	h.mustShow(k.Ed25519FPR)

	// x: the selected key's public halves to a folder.
	out := filepath.Join(t.TempDir(), "公钥")
	h.press("x")
	h.mustShow("导出公钥", k.Ed25519FPR)
	h.typeText(out)
	h.press("enter")
	for _, f := range []string{signing.FileAllowedSigners, signing.FileSM2Public, signing.FileSM2Cert} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Fatalf("%s: %v\n%s", f, err, h.screen())
		}
	}
	h.mustShow(filepath.Join(out, signing.FileAllowedSigners))

	// t: another office's keys, shown, then trusted once confirmed.
	h.press("t")
	h.typeText(filepath.Join(t.TempDir(), "nothing-here"))
	h.press("enter")
	h.mustShow("无法读取公钥")
	h.send(ctrlU)
	h.typeText(pubDir)
	h.press("enter")
	h.mustShow("李四", "网信办", ok.Ed25519FPR, ok.SM2FPR, "信任这些公钥")
	h.press("y")
	h.mustShow("受信任", "李四", "网信办")
	ks, _ := st.Keys(context.Background())
	if len(ks) != 2 || ks[1].Kind != store.KeyTrusted || ks[1].Ed25519FPR != ok.Ed25519FPR {
		t.Fatalf("keys: %+v", ks)
	}

	// r: asks, No by default: nothing changes.
	h.press("g") // the own key
	h.press("r")
	h.mustShow("吊销密钥", k.ShortID(), "不可撤销")
	h.press("enter")
	h.mustShow("未作任何改动")
	if kk, _ := st.FindKey(context.Background(), itoa(int(k.ID))); kk.Revoked() {
		t.Fatal("revoked without a yes")
	}
	// Yes: revoked, and shown so.
	h.press("r")
	h.press("y")
	h.mustShow("已吊销")
	if kk, _ := st.FindKey(context.Background(), itoa(int(k.ID))); !kk.Revoked() {
		t.Fatal("not revoked")
	}
	h.press("r")
	h.mustShow("该密钥已被吊销")

	// i: with the own key revoked, another key pair is imported from a
	// folder; a wrong passphrase first changes nothing.
	from := filepath.Join(filepath.Dir(other.Path()), ok.Dir)
	h.press("i")
	h.mustShow("导入本人密钥")
	h.typeText(from)
	h.press("enter")
	h.typeText("wrong passphrase")
	h.press("enter")
	h.mustShow("口令错误")
	if ks, _ := st.Keys(context.Background()); len(ks) != 2 {
		t.Fatalf("keys after a wrong passphrase: %+v", ks)
	}
	h.press("enter") // the folder stands
	h.typeText(testPass)
	h.press("enter")
	h.mustShow("已为 张三 导入签名密钥")
	ks, _ = st.Keys(context.Background())
	if len(ks) != 3 || ks[1].Kind != store.KeyOwn || ks[1].Ed25519FPR != ok.Ed25519FPR || ks[1].Revoked() {
		t.Fatalf("keys after the import: %+v", ks)
	}

	// a: the policy, on and off.
	h.press("a")
	h.mustShow("审批须签名：开")
	if on, _ := st.SignedApprovalRequired(context.Background()); !on {
		t.Fatal("policy not on")
	}
	h.press("a")
	h.mustShow("审批须签名：关")
	h.checkFrame(120, 36)
	if h.m.sh.writes != 0 {
		t.Fatalf("%d writes still counted", h.m.sh.writes)
	}
}

// exportSigned fills the export dialog: the proposed formats, dir, sign
// (yes), the passphrase.
func (h *harness) exportSigned(dir, pass string) {
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
	h.openPreview()
	h.press("x")
	if h.docs().mode != docModeForm {
		t.Fatalf("x did not open the export dialog:\n%s", h.screen())
	}
	h.exportSigned(out, "not the passphrase")
	if h.docs().mode != docModeForm {
		t.Fatalf("not back in the form:\n%s", h.screen())
	}
	h.mustShow("口令错误")
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Fatalf("files written: %v", entries)
	}
	if recs, _ := h.st.Exports(ctx, e.ID); len(recs) != 0 {
		t.Fatalf("export recorded: %v", recs)
	}
	if h.docs().form.pass != "" || h.m.sh.writes != 0 {
		t.Fatalf("passphrase kept (%v) or writes counted (%d)", h.docs().form.pass != "", h.m.sh.writes)
	}

	// The form asks for the passphrase again (the formats and the folder
	// stand); the right one signs.
	h.mustShow("口令错误", "签名密钥的口令")
	h.typeText(testPass)
	h.mustNotShow(testPass)
	h.press("enter")
	d := h.docs()
	if d.mode != docModeResult || d.resultErr {
		t.Fatalf("no result:\n%s", h.screen())
	}
	g := d.resultRec.Signature
	if g == nil || g.Name != "张三" || g.KeyID != k.ID || g.Code == "" {
		t.Fatalf("signature: %+v", g)
	}
	h.mustShow("已签名：张三，验证码 "+g.Code, "2026-001-RA-01.sha256")
	if h.m.sh.writes != 0 {
		t.Fatalf("%d writes still counted", h.m.sh.writes)
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
	h.openPreview()
	h.exportTo(out)
	if h.docs().mode != docModeResult || h.docs().resultErr {
		t.Fatalf("no result:\n%s", h.screen())
	}
	h.mustShow("Unsigned")
	h.press("tab")
	h.mustShow("Exports", "Unsigned")
	h.checkFrame(100, 30)
}

func TestKeysChangePassphraseFromScreen(t *testing.T) {
	st, op := withOperator(t)
	k := createKey(t, st, op)
	h := newHarness(t, st, i18n.ZH, 120, 36)
	h.press("K")
	h.mustShow(k.Ed25519FPR)
	// A wrong current passphrase: refused, the files untouched.
	h.press("p")
	h.mustShow("更换密钥口令", "当前口令")
	h.typeText("wrong passphrase")
	h.press("enter")
	h.typeText("new passphrase 2")
	h.press("enter")
	h.typeText("new passphrase 2")
	h.press("enter")
	h.mustShow("口令错误")
	h.mustNotShow("new passphrase 2")
	got, _ := st.FindKey(context.Background(), "1")
	if got.Dir != k.Dir {
		t.Fatal("the key moved after a wrong passphrase")
	}
	// The right one.
	h.typeText(testPass)
	h.press("enter")
	h.typeText("new passphrase 2")
	h.press("enter")
	h.typeText("new passphrase 2")
	h.press("enter")
	h.mustShow("已更换密钥")
	if h.keysScr().old != "" || h.keysScr().pass != "" || h.keysScr().again != "" {
		t.Fatal("passphrases kept in the model")
	}
	got, _ = st.FindKey(context.Background(), "1")
	ring := signing.NewKeyring(st.Path())
	if got.Dir == k.Dir {
		t.Fatal("the record still names the old folder")
	}
	if _, err := ring.Unlock(got, []byte(testPass)); err == nil {
		t.Fatal("the old passphrase still opens the key")
	}
	if _, err := ring.Unlock(got, []byte("new passphrase 2")); err != nil {
		t.Fatalf("the new passphrase: %v", err)
	}
	if _, err := os.Stat(filepath.Join(ring.Base, k.Dir)); !os.IsNotExist(err) {
		t.Fatal("the old folder is still there")
	}
}
