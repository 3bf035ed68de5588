package docx

import (
	"strings"
	"testing"

	"outsec/templates/render"
)

// A page break sets w:pageBreakBefore on the next paragraph (a level-1
// heading after it is a title again), or writes a page break before a table.
func TestPageBreak(t *testing.T) {
	d := &render.Document{Lang: "zh-CN", Title: "t", Number: "n", Date: "2026-03-01",
		Source: []byte("# 甲\n\n一。\n\n" + render.PageBreak + "\n\n# 乙\n\n二。\n\n" + render.PageBreak + "\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n")}
	doc := unpack(t, d)["word/document.xml"]
	if err := wellFormed(doc); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(doc, `<w:pPr><w:pStyle w:val="Title"/><w:pageBreakBefore/></w:pPr>`); n != 1 {
		t.Errorf("second title: %d page breaks before", n)
	}
	if n := strings.Count(doc, `<w:pStyle w:val="Title"/>`); n != 2 {
		t.Errorf("%d titles, want 2", n)
	}
	if n := strings.Count(doc, `<w:br w:type="page"/>`); n != 1 {
		t.Errorf("break before the table: %d", n)
	}
	if strings.Contains(doc, "pagebreak") {
		t.Error("the marker is in the text")
	}
}
