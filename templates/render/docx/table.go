package docx

import (
	"strconv"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// table writes a GFM table: borders, fixed layout with the columns spread
// over the type area by the width of their content, and the header row
// repeated on every page (w:tblHeader).
func (w *bodyWriter) table(t *east.Table) {
	var rows [][]ast.Node
	var header []bool
	for r := t.FirstChild(); r != nil; r = r.NextSibling() {
		var cells []ast.Node
		for c := r.FirstChild(); c != nil; c = c.NextSibling() {
			cells = append(cells, c)
		}
		rows = append(rows, cells)
		_, isHead := r.(*east.TableHeader)
		header = append(header, isHead)
	}
	cols := len(t.Alignments)
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	if cols == 0 {
		return
	}
	// A table whose columns do not fit at 10.5 pt (五号) without breaking
	// words (a wide register in English) is set at 9 pt (小五).
	text, head := "TableText", "TableHeading"
	widths, fits := w.columnWidths(rows, header, cols, 21)
	if !fits {
		widths, _ = w.columnWidths(rows, header, cols, 18)
		text, head = "TableTextSmall", "TableHeadingSmall"
	}

	b := &w.b
	b.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="Grid"/><w:tblW w:w="`)
	b.WriteString(strconv.Itoa(textWidth))
	b.WriteString(`" w:type="dxa"/><w:tblLayout w:type="fixed"/><w:tblLook w:val="0420" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>`)
	for _, cw := range widths {
		b.WriteString(`<w:gridCol w:w="` + strconv.Itoa(cw) + `"/>`)
	}
	b.WriteString(`</w:tblGrid>`)
	for i, cells := range rows {
		b.WriteString("<w:tr>")
		// Rows do not break across pages (a row taller than a page still
		// does); the header row repeats on every page.
		if header[i] {
			b.WriteString(`<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>`)
		} else {
			b.WriteString(`<w:trPr><w:cantSplit/></w:trPr>`)
		}
		for j := 0; j < cols; j++ {
			b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="` + strconv.Itoa(widths[j]) + `" w:type="dxa"/>`)
			if header[i] {
				b.WriteString(`<w:shd w:val="clear" w:color="auto" w:fill="D9D9D9"/><w:vAlign w:val="center"/>`)
			}
			b.WriteString(`</w:tcPr><w:p><w:pPr><w:pStyle w:val="`)
			if header[i] {
				b.WriteString(head)
			} else {
				b.WriteString(text)
			}
			b.WriteString(`"/>`)
			if jc := align(t, cells, j, header[i]); jc != "" {
				b.WriteString(`<w:jc w:val="` + jc + `"/>`)
			}
			b.WriteString(`</w:pPr>`)
			if j < len(cells) {
				w.inlines(cells[j], runProps{})
			}
			b.WriteString("</w:p></w:tc>")
		}
		b.WriteString("</w:tr>")
	}
	b.WriteString("</w:tbl>")
}

// align is the w:jc of column j: the table's alignment row, and centred
// headings where it says nothing.
func align(t *east.Table, cells []ast.Node, j int, header bool) string {
	a := east.AlignNone
	if j < len(cells) {
		if c, ok := cells[j].(*east.TableCell); ok {
			a = c.Alignment
		}
	}
	if a == east.AlignNone && j < len(t.Alignments) {
		a = t.Alignments[j]
	}
	switch a {
	case east.AlignCenter:
		return "center"
	case east.AlignRight:
		return "right"
	case east.AlignLeft:
		return "left"
	}
	if header {
		return "center"
	}
	return ""
}

// columnWidths spreads the type area over the columns. Each column first
// gets its minimum: its longest unbreakable word (an ID like "R-001", a
// number) and its heading on one line up to three CJK characters; what is
// left goes to the columns in proportion to how much more their widest cell
// (capped, so one long description does not starve the others) wants. When
// the minimums alone overflow the page they are scaled down; when every cell
// fits on one line the columns keep the proportions of their content. The
// widths sum to textWidth exactly. sz is the text size in half-points (21:
// 10.5 pt); fits is false when the minimums had to be scaled down.
func (w *bodyWriter) columnWidths(rows [][]ast.Node, header []bool, cols, sz int) (widths []int, fits bool) {
	// Widths in twips at 10.5 pt: a CJK character is a square 210; a Latin
	// one averages about 120 in the fonts that substitute for Calibri or
	// Times, 135 bold. The cell margins and a little air come on top.
	const (
		pad     = 200
		headCap = 3 * 215 // heading kept on one line up to three CJK characters
		wordCap = 2000    // a longer word may break
		prefCap = 6000    // widest cell counted up to this width
	)
	sc := func(x int) int { return x * sz / 21 }
	minW := make([]int, cols)
	pref := make([]int, cols)
	for i, cells := range rows {
		for j, c := range cells {
			if j >= cols {
				break
			}
			txt := plainText(c, w.src)
			cw := sc(twips(txt, header[i]))
			m := min(sc(longestWord(txt, header[i])), wordCap)
			if header[i] {
				m = max(m, min(cw, sc(headCap)))
			} else {
				m = max(m, min(cw, sc(2*215))) // room for two CJK characters
			}
			minW[j] = max(minW[j], m)
			pref[j] = max(pref[j], min(cw, prefCap))
		}
	}
	widths = make([]int, cols)
	fits = true
	sumMin, sumExtra, sumPref := 0, 0, 0
	for j := range widths {
		minW[j] = max(minW[j], 250)
		pref[j] = max(pref[j], minW[j])
		widths[j] = minW[j] + pad
		sumMin += widths[j]
		sumExtra += pref[j] - minW[j]
		sumPref += pref[j] + pad
	}
	switch rest := textWidth - sumMin; {
	case rest < 0:
		fits = false
		for j := range widths {
			widths[j] = widths[j] * textWidth / sumMin
		}
	case sumPref <= textWidth:
		// Every cell fits on one line: keep the proportions of the content.
		for j := range widths {
			widths[j] = (pref[j] + pad) * textWidth / sumPref
		}
	case sumExtra > 0:
		for j := range widths {
			widths[j] += rest * (pref[j] - minW[j]) / sumExtra
		}
	default:
		for j := range widths {
			widths[j] += rest / cols
		}
	}
	used := 0
	for _, x := range widths {
		used += x
	}
	widths[cols-1] += textWidth - used
	return widths, fits
}

// charTwips is the approximate advance of r at 10.5 pt.
func charTwips(r rune, bold bool) int {
	switch {
	case isWide(r):
		return 215
	case bold:
		return 135
	}
	return 120
}

// twips is the approximate width of s on one line at 10.5 pt.
func twips(s string, bold bool) int {
	n := 0
	for _, r := range s {
		n += charTwips(r, bold)
	}
	return n
}

// longestWord is the width in twips of the longest run of characters a
// line may not break: Latin letters, digits and punctuation between spaces
// or CJK characters (which break anywhere).
func longestWord(s string, bold bool) int {
	longest, n := 0, 0
	for _, r := range s {
		switch {
		case r == ' ' || r == '\t':
			n = 0
		case isWide(r):
			n = 0
			longest = max(longest, charTwips(r, bold))
		default:
			n += charTwips(r, bold)
			longest = max(longest, n)
		}
	}
	return longest
}
