package dashboard

import (
	"context"
	"fmt"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"outsec/i18n"
	"outsec/tui/tuitest"
)

// TestGolden keeps whole screens at fixed sizes, without colour, so that a
// change to the layout is seen in review. Update with: go test ./tui/ -run
// TestGolden -update
func TestGolden(t *testing.T) {
	sizes := [][2]int{{80, 24}, {120, 36}}
	screens := []struct {
		name   string
		sample bool
		keys   []string
	}{
		{"empty", false, nil},
		{"sample", true, nil},
		{"sample_panel", true, []string{"tab"}},
		{"help", true, []string{"?"}},
	}
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		for _, sc := range screens {
			for _, sz := range sizes {
				t.Run(fmt.Sprintf("%s_%s_%dx%d", sc.name, lang, sz[0], sz[1]), func(t *testing.T) {
					st, op := tuitest.WithOperator(t)
					if sc.sample {
						if _, err := st.LoadSample(context.Background(), op, string(lang)); err != nil {
							t.Fatal(err)
						}
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
