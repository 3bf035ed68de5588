package pdf

import (
	"math"

	"github.com/yuin/goldmark/ast"

	east "github.com/yuin/goldmark/extension/ast"
)

// tcell is one laid-out cell.
type tcell struct {
	atoms []atom
	lines []line
	align east.Alignment
}

// table draws a GFM table: column widths from content, cells wrapped, rows
// moved to the next page whole (split only when taller than a page), and
// the header row repeated at the top of every page the table continues on.
func (r *renderer) table(t *east.Table, b box) {
	// A row is laid out twice, once to measure the columns and once to
	// draw it, and dropped after drawing: a table of 500 rows holding all
	// its laid-out cells at once was most of the renderer's memory.
	var head []cellSrc
	var rows [][]cellSrc
	ncol := len(t.Alignments)
	for rw := t.FirstChild(); rw != nil; rw = rw.NextSibling() {
		_, isHead := rw.(*east.TableHeader)
		st := style{bold: isHead}
		var cells []cellSrc
		for c := rw.FirstChild(); c != nil; c = c.NextSibling() {
			al := east.AlignNone
			if tc, ok := c.(*east.TableCell); ok {
				al = tc.Alignment
			}
			cells = append(cells, cellSrc{node: c, st: st, align: al})
		}
		ncol = max(ncol, len(cells))
		if isHead {
			head = cells
		} else {
			rows = append(rows, cells)
		}
	}
	if ncol == 0 {
		return
	}
	m := r.newColMeasure(ncol)
	m.add(r.cells(head, ncol))
	for _, row := range rows {
		m.add(r.cells(row, ncol))
	}
	widths := m.widths(b.w)
	lh := tableSize * tableLF * ptToMM
	layout := func(cs []tcell) int {
		n := 1
		for i := range cs {
			cs[i].lines = r.breakLines(cs[i].atoms, widths[i]-2*cellPadX)
			n = max(n, len(cs[i].lines))
		}
		return n
	}
	headCells := r.cells(head, ncol)
	headLines := layout(headCells)
	headH := float64(headLines)*lh + 2*cellPadY
	// a header taller than a third of a page is not repeated
	repeat := headH <= (bottom-marginT)/3
	drawHead := func() {
		r.drawRow(headCells, widths, b.x, 0, headLines, headLines, true)
	}
	newPage := func() {
		r.newPage()
		if repeat {
			drawHead()
		}
	}
	// keep the header with at least the first row
	firstH := headH
	if len(rows) > 0 {
		firstH += float64(min(layout(r.cells(rows[0], ncol)), 3))*lh + 2*cellPadY
	}
	r.need(firstH)
	drawHead()
	for _, src := range rows {
		row := r.cells(src, ncol)
		n := layout(row)
		h := float64(n)*lh + 2*cellPadY
		if r.y+h > bottom && h <= bottom-marginT-headH {
			newPage()
		}
		// a row taller than a page is split between lines
		done := 0
		for done < n {
			fit := int((bottom - r.y - 2*cellPadY) / lh)
			if fit < 1 {
				newPage()
				continue
			}
			k := min(fit, n-done)
			r.drawRow(row, widths, b.x, done, done+k, k, false)
			done += k
		}
	}
}

// cellSrc is a table cell before layout.
type cellSrc struct {
	node  ast.Node
	st    style
	align east.Alignment
}

// cells lays out the atoms of a row, padded to ncol cells.
func (r *renderer) cells(src []cellSrc, ncol int) []tcell {
	out := make([]tcell, ncol)
	for i, c := range src {
		out[i] = tcell{atoms: r.atoms(r.inlines(c.node, c.st), tableSize), align: c.align}
	}
	return out
}

// drawRow draws lines [from, to) of every cell of a row at r.y, with
// height for n lines, and advances r.y.
func (r *renderer) drawRow(cells []tcell, widths []float64, x0 float64, from, to, n int, head bool) {
	f := r.f
	lh := tableSize * tableLF * ptToMM
	h := float64(n)*lh + 2*cellPadY
	// fills, then borders, then text: bold text changes the line width
	x := x0
	if head {
		f.SetFillColor(232, 236, 242)
		for _, w := range widths {
			f.Rect(x, r.y, w, h, "F")
			x += w
		}
	}
	f.SetLineWidth(0.25)
	f.SetDrawColor(110, 110, 110)
	x = x0
	for _, w := range widths {
		f.Rect(x, r.y, w, h, "D")
		x += w
	}
	x = x0
	for i, c := range cells {
		w := widths[i]
		for j := from; j < to && j < len(c.lines); j++ {
			ln := c.lines[j]
			lx := x + cellPadX
			switch {
			case c.align == east.AlignCenter || (head && c.align == east.AlignNone):
				lx += (w - 2*cellPadX - ln.w) / 2
			case c.align == east.AlignRight:
				lx += w - 2*cellPadX - ln.w
			}
			top := r.y + cellPadY + float64(j-from)*lh
			r.drawLine(ln, lx, r.baseline(top, lh, tableSize), tableSize)
		}
		x += w
	}
	r.y += h
}

// colWidths gives each column a width from its content: every column gets
// at least its longest unbreakable atom (scaled down if even those do not
// fit), and the rest of the width goes to columns in proportion to how much
// more they would like.
func (r *renderer) colWidths(rows [][]tcell, ncol int, total float64) []float64 {
	m := r.newColMeasure(ncol)
	for _, row := range rows {
		m.add(row)
	}
	return m.widths(total)
}

// colMeasure collects, row by row, each column's widest unbreakable atom
// (minW) and widest unwrapped line (maxW).
type colMeasure struct {
	r          *renderer
	minW, maxW []float64
}

func (r *renderer) newColMeasure(ncol int) *colMeasure {
	return &colMeasure{r: r, minW: make([]float64, ncol), maxW: make([]float64, ncol)}
}

func (m *colMeasure) add(row []tcell) {
	short := 4.2 * m.r.runeW('中') * tableSize * ptToMM
	for i, c := range row {
		lw, mw := 0.0, 0.0
		for _, a := range c.atoms {
			if a.brk {
				m.maxW[i] = math.Max(m.maxW[i], lw)
				lw = 0
				continue
			}
			lw += a.w
			if !a.glue {
				mw = math.Max(mw, a.w)
			}
		}
		m.maxW[i] = math.Max(m.maxW[i], lw)
		// short text (a header such as 可能性, a level such as 很高)
		// is not wrapped
		if lw <= short {
			mw = math.Max(mw, lw)
		}
		m.minW[i] = math.Max(m.minW[i], mw)
	}
}

func (m *colMeasure) widths(total float64) []float64 {
	ncol := len(m.minW)
	minW := make([]float64, ncol)
	maxW := make([]float64, ncol)
	var sumMin, sumMax float64
	for i := range ncol {
		// never narrower than two Chinese characters; cap what one long
		// word may claim, it can be cut by runes
		cjk := 2 * m.r.runeW('中') * tableSize * ptToMM
		minW[i] = math.Min(math.Max(m.minW[i], cjk), total*0.35) + 2*cellPadX
		maxW[i] = math.Max(m.maxW[i]+2*cellPadX, minW[i])
		sumMin += minW[i]
		sumMax += maxW[i]
	}
	w := make([]float64, ncol)
	switch {
	case sumMax <= total:
		for i := range w {
			w[i] = maxW[i] + (total-sumMax)*maxW[i]/sumMax
		}
	case sumMin >= total:
		for i := range w {
			w[i] = minW[i] * total / sumMin
		}
	default:
		extra := sumMax - sumMin
		for i := range w {
			w[i] = minW[i] + (total-sumMin)*(maxW[i]-minW[i])/extra
		}
	}
	return w
}
