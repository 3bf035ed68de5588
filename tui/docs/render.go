package docs

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"

	"outsec/templates/render"
	"outsec/tui/ui"
)

// The preview draws a filled document for the terminal: the goldmark AST the
// renderers share, walked into lines of at most w cells. Headings are styled,
// lists indented, tables drawn with box characters and their cells wrapped,
// widths counted in cells (a Chinese character is two). It runs in a command
// (docPreviewMsg); the result is cached by width and content version.

// termDoc renders a document into lines of at most w cells.
func termDoc(d *render.Document, w int, s ui.Styles) []string {
	r := &termRenderer{src: d.Source, w: max(w, 20), s: s}
	if d.AST == nil {
		d.Parse()
	}
	r.blocks(d.AST, "", "")
	for len(r.out) > 0 && r.out[len(r.out)-1] == "" {
		r.out = r.out[:len(r.out)-1]
	}
	return r.out
}

type termRenderer struct {
	src []byte
	w   int
	s   ui.Styles
	out []string
}

// gap puts one empty line between blocks.
func (r *termRenderer) gap() {
	if len(r.out) > 0 && r.out[len(r.out)-1] != "" {
		r.out = append(r.out, "")
	}
}

// blocks renders the block children of n; first prefixes the first line, rest
// the others (list markers and their hanging indent).
func (r *termRenderer) blocks(n ast.Node, first, rest string) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		r.block(c, first, rest)
		first = rest
	}
}

func (r *termRenderer) block(n ast.Node, first, rest string) {
	switch n := n.(type) {
	case *ast.Heading:
		r.gap()
		text := r.inline(n)
		st := r.s.Bold
		switch n.Level {
		case 1:
			st = r.s.HelpTitle
		case 2:
			st = r.s.Phase
		}
		for _, l := range ui.Wrap(text, r.w, first, rest) {
			r.out = append(r.out, st.Render(l))
		}
		if n.Level == 1 {
			r.out = append(r.out, r.s.Divider.Render(strings.Repeat("═", min(ui.CellWidth(text)+ui.CellWidth(first), r.w))))
		}
		r.out = append(r.out, "")
	case *ast.Paragraph, *ast.TextBlock:
		for _, para := range strings.Split(r.inline(n), "\n") {
			r.out = append(r.out, ui.Wrap(para, r.w, first, rest)...)
			first = rest
		}
		if _, ok := n.(*ast.Paragraph); ok {
			r.out = append(r.out, "")
		}
	case *ast.List:
		r.gap()
		num := n.Start
		for item := n.FirstChild(); item != nil; item = item.NextSibling() {
			marker := "• "
			if n.IsOrdered() {
				marker = ui.Itoa(num) + ". "
				num++
			}
			pad := strings.Repeat(" ", ui.CellWidth(marker))
			r.blocks(item, rest+marker, rest+pad)
		}
		r.gap()
	case *east.Table:
		r.gap()
		r.table(n, rest)
		r.out = append(r.out, "")
	case *ast.ThematicBreak:
		r.gap()
		r.out = append(r.out, r.s.Divider.Render(rest+strings.Repeat("─", max(r.w-ui.CellWidth(rest), 1))), "")
	case *ast.Blockquote:
		r.gap()
		r.blocks(n, rest+"│ ", rest+"│ ")
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		r.gap()
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			l := strings.TrimRight(string(seg.Value(r.src)), "\n")
			r.out = append(r.out, ui.Clip(rest+"  "+ui.OneLine(l), r.w))
		}
		r.out = append(r.out, "")
	case *ast.HTMLBlock:
		// Raw HTML has no terminal form; the other renderers decide about it.
	default:
		if n.HasChildren() {
			r.blocks(n, first, rest)
		}
	}
}

// inline collects the text of n's inline children; a hard line break is "\n".
func (r *termRenderer) inline(n ast.Node) string {
	var sb strings.Builder
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				sb.Write(util.UnescapePunctuations(c.Segment.Value(r.src)))
				if c.HardLineBreak() {
					sb.WriteByte('\n')
				} else if c.SoftLineBreak() {
					sb.WriteByte(' ')
				}
			case *ast.String:
				sb.Write(c.Value)
			case *east.TaskCheckBox:
				if c.IsChecked {
					sb.WriteString("[x] ")
				} else {
					sb.WriteString("[ ] ")
				}
			case *ast.RawHTML:
				// dropped, as in a block
			case *ast.AutoLink:
				sb.Write(c.URL(r.src))
			default:
				walk(c)
			}
		}
	}
	walk(n)
	return sb.String()
}

// table draws a table with box characters. Columns take their natural width
// when the table fits; otherwise the space is shared out (widest columns cut
// first) and the cells wrap.
func (r *termRenderer) table(t *east.Table, indent string) {
	var rows [][]string
	header := 0
	for row := t.FirstChild(); row != nil; row = row.NextSibling() {
		var cells []string
		for c := row.FirstChild(); c != nil; c = c.NextSibling() {
			cells = append(cells, ui.OneLine(strings.ReplaceAll(r.inline(c), "\n", " ")))
		}
		if _, ok := row.(*east.TableHeader); ok {
			header = 1
		}
		rows = append(rows, cells)
	}
	n := 0
	for _, row := range rows {
		n = max(n, len(row))
	}
	if n == 0 {
		return
	}
	natural, minimum := make([]int, n), make([]int, n)
	for ri, row := range rows {
		for i, c := range row {
			natural[i] = max(natural[i], ui.CellWidth(c), 1)
			for _, tok := range ui.WrapTokens(c) {
				minimum[i] = max(minimum[i], min(ui.CellWidth(tok), 16))
			}
			if ri < header { // headings stay whole where they can
				minimum[i] = max(minimum[i], min(ui.CellWidth(c), 16))
			}
		}
	}
	avail := r.w - ui.CellWidth(indent) - (n + 1) - 2*n
	need := 0
	for i := range natural {
		need += min(natural[i], minimum[i])
	}
	if need > avail && header == 1 && len(rows) > 1 {
		r.records(rows, indent)
		return
	}
	widths := shareWidths(natural, minimum, avail)
	line := func(l, m, rr string) string {
		var sb strings.Builder
		sb.WriteString(indent + l)
		for i, w := range widths {
			if i > 0 {
				sb.WriteString(m)
			}
			sb.WriteString(strings.Repeat("─", w+2))
		}
		sb.WriteString(rr)
		return r.s.Divider.Render(sb.String())
	}
	bar := r.s.Divider.Render("│")
	r.out = append(r.out, line("┌", "┬", "┐"))
	for ri, row := range rows {
		cells := make([][]string, n)
		h := 1
		for i := range widths {
			text := ""
			if i < len(row) {
				text = row[i]
			}
			cells[i] = cellLines(text, widths[i])
			h = max(h, len(cells[i]))
		}
		for l := 0; l < h; l++ {
			var sb strings.Builder
			sb.WriteString(indent + bar)
			for i, w := range widths {
				text := ""
				if l < len(cells[i]) {
					text = cells[i][l]
				}
				text = ui.Fit(text, w)
				if ri < header {
					text = r.s.Bold.Render(text)
				}
				sb.WriteString(" " + text + " " + bar)
			}
			r.out = append(r.out, sb.String())
		}
		if ri+1 == header && len(rows) > header {
			r.out = append(r.out, line("├", "┼", "┤"))
		}
	}
	r.out = append(r.out, line("└", "┴", "┘"))
}

// records draws a table too wide for the window as one block per row: each
// heading beside its value, in aligned columns, the blocks between rules.
func (r *termRenderer) records(rows [][]string, indent string) {
	heads := rows[0]
	lw := 0
	for _, h := range heads {
		lw = max(lw, ui.CellWidth(h))
	}
	lw = min(lw, max(r.w/3, 4))
	rule := r.s.Divider.Render(indent + strings.Repeat("─", max(r.w-ui.CellWidth(indent), 1)))
	pad := indent + strings.Repeat(" ", lw+2)
	for _, row := range rows[1:] {
		r.out = append(r.out, rule)
		for i, h := range heads {
			v := ""
			if i < len(row) {
				v = row[i]
			}
			label := indent + ui.Fit(ui.Clip(h, lw), lw) + "  "
			lines := ui.Wrap(v, r.w, label, pad)
			lines[0] = r.s.Bold.Render(indent+ui.Fit(ui.Clip(h, lw), lw)) + strings.TrimPrefix(lines[0], indent+ui.Fit(ui.Clip(h, lw), lw))
			r.out = append(r.out, lines...)
		}
	}
	r.out = append(r.out, rule)
}

// shareWidths fits natural column widths into avail cells. Each column first
// gets what its longest unbreakable word needs (minimum, at most its natural
// width); the cells left go one at a time to the column that lacks the most.
// When even the minimums do not fit, the space is shared equally, no column
// narrower than two cells (one Chinese character).
func shareWidths(natural, minimum []int, avail int) []int {
	n := len(natural)
	out := make([]int, n)
	total, need := 0, 0
	for i, w := range natural {
		total += w
		out[i] = min(max(minimum[i], 2), w)
		need += out[i]
	}
	if total <= avail {
		return append(out[:0], natural...)
	}
	if need > avail {
		share := max(avail/n, 2)
		for i := range out {
			out[i] = min(share, natural[i])
		}
		return out
	}
	for left := avail - need; left > 0; left-- {
		best, lack := -1, 0
		for i := range out {
			if l := natural[i] - out[i]; l > lack {
				best, lack = i, l
			}
		}
		if best < 0 {
			break
		}
		out[best]++
	}
	return out
}

// cellLines wraps a cell's text to w cells.
func cellLines(text string, w int) []string {
	if text == "" {
		return []string{""}
	}
	if w >= 4 {
		return ui.Wrap(text, w, "", "")
	}
	return strings.Split(ansi.Hardwrap(text, w, true), "\n")
}
