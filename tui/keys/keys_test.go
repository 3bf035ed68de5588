package keys

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"outsec/i18n"
	"outsec/signing"
	"outsec/store"
	"outsec/tui/tuitest"
	"outsec/tui/ui"
)

// Signed exports from the workbench (issue 5) against a real store: the
// keys screen (create with the passphrase typed, export the public keys,
// trust another office's, revoke, the policy), the export dialog signing
// with the operator's key (a wrong passphrase writes nothing), the verify
// screen on the folder before and after a byte of the PDF changes, and the
// lifecycle panel naming the signed document. Key generation and every
// unlock run the real KDFs, so the tests unlock as few times as they can.

func TestKeysCreateFromScreen(t *testing.T) {
	st, _ := tuitest.WithOperator(t)
	h := tuitest.NewHarness(t, st, i18n.ZH, 120, 36)
	h.Press("K")
	if h.At() != ui.KindKeys {
		t.Fatalf("K did not open the keys:\n%s", h.Screen())
	}
	h.MustShow("签名密钥", "尚无密钥", "审批须签名：关")
	h.CheckFrame(120, 36)

	// Two different passphrases: refused, nothing created.
	h.Press("n")
	h.MustShow("新建签名密钥", "口令")
	h.TypeText("abcdefgh1")
	h.Press("enter")
	h.TypeText("abcdefgh2")
	h.Press("enter")
	h.MustShow("两次输入的口令不一致")
	h.MustNotShow("abcdefgh")
	if keysOf(h).pass != "" || keysOf(h).again != "" {
		t.Fatal("the passphrases are kept in the model")
	}
	// Too short.
	h.TypeText("short")
	h.Press("enter")
	h.TypeText("short")
	h.Press("enter")
	h.MustShow("口令太短")
	if ks, _ := st.Keys(context.Background()); len(ks) != 0 {
		t.Fatalf("keys created: %v", ks)
	}

	// The right way.
	h.TypeText(tuitest.TestPass)
	h.Press("enter")
	h.MustNotShow(tuitest.TestPass)
	h.TypeText(tuitest.TestPass)
	h.Press("enter")
	if keysOf(h).mode != keysModeList {
		t.Fatalf("still in the form:\n%s", h.Screen())
	}
	if keysOf(h).pass != "" || keysOf(h).again != "" {
		t.Fatal("the passphrases are kept in the model")
	}
	ks, err := st.Keys(context.Background())
	if err != nil || len(ks) != 1 {
		t.Fatalf("keys: %v %v", ks, err)
	}
	h.MustShow("本机", "张三", "信息技术处", "有效", ks[0].Ed25519FPR, "已为 张三 创建签名密钥")
	h.MustNotShow(tuitest.TestPass)
	h.CheckFrame(120, 36)
	h.Send(tuitest.TeaSize(80, 24))
	h.CheckFrame(80, 24)
	h.MustShow("本机", "有效", ks[0].Ed25519FPR)
	if h.M.Context().Writes != 0 {
		t.Fatalf("%d writes still counted", h.M.Context().Writes)
	}
	// The files are where the keyring says, encrypted.
	b, err := os.ReadFile(filepath.Join(filepath.Dir(st.Path()), ks[0].Dir, signing.FileEd25519Private))
	if err != nil || strings.Contains(string(b), tuitest.TestPass) {
		t.Fatalf("key file: %v", err)
	}

	// A second key for the same operator is refused at once.
	h.Press("n")
	h.MustShow("该签署人已有有效密钥")
	if keysOf(h).mode != keysModeList {
		t.Fatal("the form opened for a second key")
	}

	// esc: back to the dashboard.
	h.Press("esc")
	if h.At() != ui.KindDashboard {
		t.Fatalf("esc did not return to the dashboard:\n%s", h.Screen())
	}
}

func TestKeysExportTrustRevokePolicy(t *testing.T) {
	st, op := tuitest.WithOperator(t)
	k := tuitest.CreateKey(t, st, op)

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
	ok := tuitest.CreateKey(t, other, oop)
	pubDir := filepath.Join(t.TempDir(), "李四公钥")
	if _, err := signing.NewKeyring(other.Path()).ExportPublic(*ok, pubDir); err != nil {
		t.Fatal(err)
	}

	h := tuitest.NewHarness(t, st, i18n.ZH, 120, 36)
	h.Press("K")
	h.MustShow(k.Ed25519FPR)

	// x: the selected key's public halves to a folder.
	out := filepath.Join(t.TempDir(), "公钥")
	h.Press("x")
	h.MustShow("导出公钥", k.Ed25519FPR)
	h.TypeText(out)
	h.Press("enter")
	for _, f := range []string{signing.FileAllowedSigners, signing.FileSM2Public, signing.FileSM2Cert} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Fatalf("%s: %v\n%s", f, err, h.Screen())
		}
	}
	h.MustShow(filepath.Join(out, signing.FileAllowedSigners))

	// t: another office's keys, shown, then trusted once confirmed.
	h.Press("t")
	h.TypeText(filepath.Join(t.TempDir(), "nothing-here"))
	h.Press("enter")
	h.MustShow("无法读取公钥")
	h.Send(tuitest.CtrlU)
	h.TypeText(pubDir)
	h.Press("enter")
	h.MustShow("李四", "网信办", ok.Ed25519FPR, ok.SM2FPR, "信任这些公钥")
	h.Press("y")
	h.MustShow("受信任", "李四", "网信办")
	ks, _ := st.Keys(context.Background())
	if len(ks) != 2 || ks[1].Kind != store.KeyTrusted || ks[1].Ed25519FPR != ok.Ed25519FPR {
		t.Fatalf("keys: %+v", ks)
	}

	// r: asks, No by default: nothing changes.
	h.Press("g") // the own key
	h.Press("r")
	h.MustShow("吊销密钥", k.ShortID(), "不可撤销")
	h.Press("enter")
	h.MustShow("未作任何改动")
	if kk, _ := st.FindKey(context.Background(), ui.Itoa(int(k.ID))); kk.Revoked() {
		t.Fatal("revoked without a yes")
	}
	// Yes: revoked, and shown so.
	h.Press("r")
	h.Press("y")
	h.MustShow("已吊销")
	if kk, _ := st.FindKey(context.Background(), ui.Itoa(int(k.ID))); !kk.Revoked() {
		t.Fatal("not revoked")
	}
	h.Press("r")
	h.MustShow("该密钥已被吊销")

	// i: with the own key revoked, another key pair is imported from a
	// folder; a wrong passphrase first changes nothing.
	from := filepath.Join(filepath.Dir(other.Path()), ok.Dir)
	h.Press("i")
	h.MustShow("导入本人密钥")
	h.TypeText(from)
	h.Press("enter")
	h.TypeText("wrong passphrase")
	h.Press("enter")
	h.MustShow("口令错误")
	if ks, _ := st.Keys(context.Background()); len(ks) != 2 {
		t.Fatalf("keys after a wrong passphrase: %+v", ks)
	}
	h.Press("enter") // the folder stands
	h.TypeText(tuitest.TestPass)
	h.Press("enter")
	h.MustShow("已为 张三 导入签名密钥")
	ks, _ = st.Keys(context.Background())
	if len(ks) != 3 || ks[1].Kind != store.KeyOwn || ks[1].Ed25519FPR != ok.Ed25519FPR || ks[1].Revoked() {
		t.Fatalf("keys after the import: %+v", ks)
	}

	// a: the policy, on and off.
	h.Press("a")
	h.MustShow("审批须签名：开")
	if on, _ := st.SignedApprovalRequired(context.Background()); !on {
		t.Fatal("policy not on")
	}
	h.Press("a")
	h.MustShow("审批须签名：关")
	h.CheckFrame(120, 36)
	if h.M.Context().Writes != 0 {
		t.Fatalf("%d writes still counted", h.M.Context().Writes)
	}
}

func TestKeysChangePassphraseFromScreen(t *testing.T) {
	st, op := tuitest.WithOperator(t)
	k := tuitest.CreateKey(t, st, op)
	h := tuitest.NewHarness(t, st, i18n.ZH, 120, 36)
	h.Press("K")
	h.MustShow(k.Ed25519FPR)
	// A wrong current passphrase: refused, the files untouched.
	h.Press("p")
	h.MustShow("更换密钥口令", "当前口令")
	h.TypeText("wrong passphrase")
	h.Press("enter")
	h.TypeText("new passphrase 2")
	h.Press("enter")
	h.TypeText("new passphrase 2")
	h.Press("enter")
	h.MustShow("口令错误")
	h.MustNotShow("new passphrase 2")
	got, _ := st.FindKey(context.Background(), "1")
	if got.Dir != k.Dir {
		t.Fatal("the key moved after a wrong passphrase")
	}
	// The right one.
	h.TypeText(tuitest.TestPass)
	h.Press("enter")
	h.TypeText("new passphrase 2")
	h.Press("enter")
	h.TypeText("new passphrase 2")
	h.Press("enter")
	h.MustShow("已更换密钥")
	if keysOf(h).old != "" || keysOf(h).pass != "" || keysOf(h).again != "" {
		t.Fatal("passphrases kept in the model")
	}
	got, _ = st.FindKey(context.Background(), "1")
	ring := signing.NewKeyring(st.Path())
	if got.Dir == k.Dir {
		t.Fatal("the record still names the old folder")
	}
	if _, err := ring.Unlock(got, []byte(tuitest.TestPass)); err == nil {
		t.Fatal("the old passphrase still opens the key")
	}
	if _, err := ring.Unlock(got, []byte("new passphrase 2")); err != nil {
		t.Fatalf("the new passphrase: %v", err)
	}
	if _, err := os.Stat(filepath.Join(ring.Base, k.Dir)); !os.IsNotExist(err) {
		t.Fatal("the old folder is still there")
	}
}

func keysOf(h *tuitest.Harness) *keysScreen {
	p, _ := h.PageOf(ui.KindKeys).(*keysScreen)
	return p
}
