package html

import (
	"strings"
	"testing"

	"outsec/templates/render"
)

func TestPageBreak(t *testing.T) {
	d := &render.Document{Lang: "zh-CN", Title: "t", Number: "n",
		Source: []byte("# 甲\n\n" + render.PageBreak + "\n\n# 乙\n\n<div>raw</div>\n\n<!-- other -->\n")}
	b, err := Render(d)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if strings.Count(s, `<div class="page-break" style="page-break-before: always; break-before: page"></div>`) != 1 {
		t.Errorf("no page break element:\n%s", s)
	}
	if strings.Contains(s, "<div>raw") || strings.Contains(s, "other -->") || strings.Count(s, "<!-- raw HTML omitted -->") != 2 {
		t.Errorf("raw HTML passed through:\n%s", s)
	}
}
