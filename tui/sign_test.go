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
	if keysOf(h).pass != "" || keysOf(h).again != "" {
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
	if keysOf(h).mode != keysModeList {
		t.Fatalf("still in the form:\n%s", h.screen())
	}
	if keysOf(h).pass != "" || keysOf(h).again != "" {
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
	if h.m.Context().writes != 0 {
		t.Fatalf("%d writes still counted", h.m.Context().writes)
	}
	// The files are where the keyring says, encrypted.
	b, err := os.ReadFile(filepath.Join(filepath.Dir(st.Path()), ks[0].Dir, signing.FileEd25519Private))
	if err != nil || strings.Contains(string(b), testPass) {
		t.Fatalf("key file: %v", err)
	}

	// A second key for the same operator is refused at once.
	h.press("n")
	h.mustShow("该签署人已有有效密钥")
	if keysOf(h).mode != keysModeList {
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
	if h.m.Context().writes != 0 {
		t.Fatalf("%d writes still counted", h.m.Context().writes)
	}
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
	if keysOf(h).old != "" || keysOf(h).pass != "" || keysOf(h).again != "" {
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

func keysOf(h *harness) *keysScreen {
	p, _ := h.pageOf(KindKeys).(*keysScreen)
	return p
}
