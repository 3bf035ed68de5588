package screening

import (
	"context"
	"testing"

	"outsec/i18n"
	"outsec/tui/tuitest"
)

// The sample's screening, driven through the workbench: the person whose
// 6.1 c) 1) is marked met on a Hong Kong and Macao permit is flagged in the
// register and her detail says why, with the clause; the person without an
// NDA is flagged as before.
func TestConflictFlaggedOnScreen(t *testing.T) {
	st, op := tuitest.WithOperator(t)
	if _, err := st.LoadSample(context.Background(), op, "zh-CN"); err != nil {
		t.Fatal(err)
	}
	h := tuitest.NewHarness(t, st, i18n.ZH, 120, 36)
	h.Press("v")
	h.Keys("tab")
	h.MustShow("服务人员（4）", "黄俊", "! 记录矛盾", "无保密协议")
	h.Keys("down", "down", "down", "enter")
	h.MustShow("黄俊:6.1 c) 1) 记为“符合”，但登记的证件不是居民身份证", "依据 GB/T 32926—2016 6.1 c) 1)")
}
