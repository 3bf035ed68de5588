package pdf

import (
	"strings"
	"testing"

	"outsec/templates/render"
)

func breakDoc(src string) *render.Document {
	return &render.Document{Lang: "zh-CN", Title: "保密协议", Number: "2026-001-NP-ALL", Version: "1.0",
		Date: "2026-03-01", Marking: "内部", Source: []byte(src)}
}

// A page break starts a new page; one at the top of a page adds none; other
// raw HTML is still ignored.
func TestPageBreak(t *testing.T) {
	two := "# 甲\n\n第一份。\n\n" + render.PageBreak + "\n\n# 乙\n\n第二份。\n"
	b, err := Render(breakDoc(two))
	if err != nil {
		t.Fatal(err)
	}
	if n := pageCount(t, b); n != 2 {
		t.Errorf("two sections: %d pages, want 2", n)
	}
	top, err := Render(breakDoc("# 甲\n\n一页。\n\n<!-- not a break -->\n\n" + render.PageBreak + "\n\n" + render.PageBreak + "\n\n# 乙\n"))
	if err != nil {
		t.Fatal(err)
	}
	if n := pageCount(t, top); n != 2 {
		t.Errorf("breaks at the top of a page: %d pages, want 2", n)
	}
	text := pdftotext(t, b)
	pages := strings.Split(text, "\f")
	if len(pages) < 2 || !strings.Contains(pages[0], "第一份") || !strings.Contains(pages[1], "乙") || strings.Contains(pages[0], "第二份") {
		t.Errorf("pages:\n%q", pages)
	}
}
