package risk

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"outsec/i18n"
	"outsec/tui/tuitest"
)

// pasteText is 10,000 characters, Chinese and ASCII.
var pasteText = func() string {
	r := []rune(strings.Repeat("资产备注 notes 第一行内容；", 800))
	return string(r[:10000])
}()

// openAssetNotes opens the new-asset form on its notes field.
func openAssetNotes(tb testing.TB) *tuitest.Harness {
	f := newRiskFixture(tb, i18n.ZH, true)
	h := f.open(tb, i18n.ZH, 120, 36)
	h.Keys("a")
	h.TypeText("粘贴测试")
	h.Keys("enter", "enter", "enter", "enter", "enter", "enter")
	return h
}

// Issue 16: 10,000 characters typed into the asset notes one key at a
// time, as a terminal without bracketed paste delivers a paste, and as
// one paste. Each key is a message through the real root.
func BenchmarkPasteKeysIntoAssetNotes(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		h := openAssetNotes(b)
		b.StartTimer()
		burst(h, pasteText)
		_ = h.M.View()
	}
}

func BenchmarkPasteIntoAssetNotes(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		h := openAssetNotes(b)
		b.StartTimer()
		h.Send(tea.PasteMsg{Content: pasteText})
		_ = h.M.View()
	}
}

// burst sends the keys as the program receives a burst: all of them before
// the command the first one returned runs.
func burst(h *tuitest.Harness, s string) {
	var cmds []tea.Cmd
	for _, r := range s {
		_, cmd := h.M.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
		cmds = append(cmds, cmd)
	}
	for _, c := range cmds {
		h.Run(c)
	}
}

func TestPasteKeysIntoAssetNotesIsQuick(t *testing.T) {
	h := openAssetNotes(t)
	h.MustShow("备注")
	start := time.Now()
	burst(h, pasteText)
	_ = h.M.View()
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("10,000 keys took %v", d)
	}
	h.MustShow("资产备注 notes")
	// The limit is visible, and the value is whole, not cut: the form
	// refuses it, saying by how much, and nothing is saved.
	h.MustShow("（10000/4000 字，超出 6000 字）")
	before := len(newAssets(t, h))
	h.Keys("enter")
	h.MustShow("备注：10000 字，超过上限 4000 字，请删去 6000 字")
	if got := len(newAssets(t, h)); got != before {
		t.Fatalf("saved with 10,000 characters of notes")
	}
	// At the limit: the counter shows, and it saves.
	h = openAssetNotes(t)
	burst(h, string([]rune(pasteText)[:4000]))
	h.MustShow("（4000/4000 字）")
	h.Keys("enter")
	if got := len(newAssets(t, h)); got != before+1 {
		t.Fatalf("not saved at the limit:\n%s", h.Screen())
	}
}

func newAssets(t *testing.T, h *tuitest.Harness) []string {
	t.Helper()
	a, err := h.St.RiskAssessment(context.Background(), riskOf(h).eng.ID)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, x := range a.Assets {
		out = append(out, x.Name)
	}
	return out
}
