package findings

import (
	"fmt"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"outsec/i18n"
	"outsec/tui/tuitest"
)

// TestGolden keeps the findings and incident screens of the sample at fixed
// sizes, without colour. Update with: go test ./tui/findings -run TestGolden
// -update
func TestGolden(t *testing.T) {
	time.Local = time.UTC // the history's times, the same on every machine
	screens := []struct {
		name string
		keys []string
	}{
		{"closed", []string{"F"}},
		{"overdue", []string{"F", "down"}},
		{"filter", []string{"F", "/"}},
		{"help", []string{"F", "?"}},
	}
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		for _, sc := range screens {
			for _, sz := range [][2]int{{80, 24}, {120, 36}} {
				t.Run(fmt.Sprintf("%s_%s_%dx%d", sc.name, lang, sz[0], sz[1]), func(t *testing.T) {
					st, op := tuitest.WithOperator(t)
					if _, err := st.LoadSample(bg, op, string(lang)); err != nil {
						t.Fatal(err)
					}
					h := tuitest.NewHarness(t, st, lang, sz[0], sz[1])
					h.Press(sc.keys...)
					h.CheckFrame(sz[0], sz[1])
					golden.RequireEqual(t, h.Screen())
				})
			}
		}
	}
}
