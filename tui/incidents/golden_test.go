package incidents

import (
	"fmt"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"outsec/i18n"
	"outsec/tui/tuitest"
)

// TestGolden keeps the sample's incident screen at fixed sizes, without
// colour. Update with: go test ./tui/incidents -run TestGolden -update
func TestGolden(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		for _, sz := range [][2]int{{80, 24}, {120, 36}} {
			t.Run(fmt.Sprintf("sample_%s_%dx%d", lang, sz[0], sz[1]), func(t *testing.T) {
				st, op := tuitest.WithOperator(t)
				if _, err := st.LoadSample(bg, op, string(lang)); err != nil {
					t.Fatal(err)
				}
				h := tuitest.NewHarness(t, st, lang, sz[0], sz[1])
				h.Press("I")
				h.CheckFrame(sz[0], sz[1])
				golden.RequireEqual(t, h.Screen())
			})
		}
	}
}
