package templates_test

import (
	"context"
	"strings"
	"testing"

	"outsec/store"
	"outsec/templates"
	"outsec/templates/templatetest"
)

// Issue 16: every page of a sample engagement's documents carries the
// 示例 / SAMPLE mark (the header's marking, drawn on each page); a real
// engagement's does not.
func TestSampleDocumentsAreMarked(t *testing.T) {
	st := templatetest.Open(t)
	ctx := context.Background()
	real := templatetest.Engagement(t, st, "zh-CN")
	sample, err := st.LoadSample(ctx, store.Operator{Name: "t"}, "zh-CN")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		id   int64
		lang string
		want string
	}{{sample.ID, "zh-CN", "内部 · 示例"}, {sample.ID, "en", "Internal · SAMPLE"}, {real.ID, "zh-CN", "内部"}} {
		data, err := templates.Load(ctx, st, c.id, c.lang)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := templates.Fill(templates.RiskReport, data, c.lang, "")
		if err != nil {
			t.Fatal(err)
		}
		if doc.Marking != c.want {
			t.Errorf("%d %s: marking %q, want %q", c.id, c.lang, doc.Marking, c.want)
		}
		html, _ := templates.FormatByName("html")
		b, err := html.Render(doc, data)
		if err != nil || !strings.Contains(string(b), c.want) {
			t.Errorf("%d %s: the HTML header lacks %q (%v)", c.id, c.lang, c.want, err)
		}
	}
}
