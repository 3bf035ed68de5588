package docs

import (
	"context"
	"path/filepath"
	"testing"

	"outsec/i18n"
	"outsec/tui/tuitest"
)

// Issue 16: shift+tab on the passphrase returns to the question before it
// (sign or not), with the form still taking keys.
func TestShiftTabFromPassphrase(t *testing.T) {
	h, _ := newDocHarness(t, i18n.ZH, 120, 40)
	op, _ := h.St.CurrentOperator(context.Background())
	tuitest.CreateKey(t, h.St, op)
	openPreview(h)
	h.Press("x")
	h.Press("enter")
	h.Send(tuitest.CtrlU)
	h.TypeText(filepath.Join(t.TempDir(), "out"))
	h.Press("enter")
	h.Press("enter") // sign: yes
	h.MustShow("签名密钥的口令")
	h.Press("shift+tab")
	d := docsOf(h)
	if d.form == nil || d.form.Focused() != "sign" {
		key := ""
		if d.form != nil {
			key = d.form.Focused()
		}
		t.Fatalf("focused %q after shift+tab:\n%s", key, h.Screen())
	}
	h.MustShow("用 张三 的签名密钥")
}
