// Package pdf renders a render.Document to PDF with fpdf and the embedded
// WenQuanYi Micro Hei TrueType font (see fonts/README.md).
//
// Layout is done here, not by fpdf's MultiCell: text is cut into atoms
// (one per CJK character, one per Latin word, closing punctuation glued to
// what precedes it and opening punctuation to what follows), lines are
// filled greedily and every line is written with Text at a computed
// baseline, so page breaks, list markers, blockquote bars and table rows
// are all under our control.
//
// Bold: the font has one weight and fpdf cannot synthesize bold for UTF-8
// fonts, so bold text is drawn with text rendering mode 2 (fill, then
// stroke the outline with a hairline in the text colour). It keeps the same
// advance widths, so layout does not change, and the text is still written
// once, so pdftotext extracts it once. Italic is a 12° skew transform.
package pdf

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"

	"outsec/templates/render"
)

//go:embed fonts/wqy-microhei.ttf
var fontWQY []byte

// fontFamily is the name the font is registered under in the PDF.
const fontFamily = "WenQuanYiMicroHei"

// Page geometry in millimetres (A4 portrait).
const (
	pageW        = 210.0
	pageH        = 297.0
	marginL      = 25.0
	marginR      = 20.0
	marginT      = 25.0
	marginB      = 22.0
	contentW     = pageW - marginL - marginR
	bottom       = pageH - marginB
	headerY      = 13.0
	footerY      = pageH - 12.0
	bodySize     = 10.5 // pt, 五号
	tableSize    = 9.0
	codeSize     = 9.0
	lineFactor   = 1.55 // line height / font size
	tableLF      = 1.4
	cellPadX     = 1.6
	cellPadY     = 1.2
	listIndent   = 6.5
	quoteIndent  = 5.0
	ptToMM       = 25.4 / 72
	paraSpace    = 2.2
	aliasNbPages = "{nb}"
)

// Render renders d to PDF. d.AST is parsed from d.Source if nil.
func Render(d *render.Document) ([]byte, error) {
	return renderWithFont(d, fontWQY)
}

func renderWithFont(d *render.Document, font []byte) (out []byte, err error) {
	// fpdf's font parser and subsetter index slices without bounds checks.
	defer func() {
		if p := recover(); p != nil {
			out, err = nil, fmt.Errorf("pdf: %v", p)
		}
	}()
	if d == nil {
		return nil, errors.New("pdf: nil document")
	}
	if d.AST == nil {
		d.Parse()
	}
	// fpdf only prints a font it cannot parse and carries on; check the
	// sfnt header first so a broken font is an error, not stdout noise.
	if err := checkTrueType(font); err != nil {
		return nil, fmt.Errorf("pdf: load font: %w", err)
	}
	// The 4.5 MB CJK font is cut down to the characters the document can
	// print before fpdf parses it: fpdf would otherwise parse the whole font
	// here and again when it subsets it on output, which was most of the
	// renderer's memory. Should a character be drawn that the cut font lacks
	// (text the renderer made up, not in the document), the page is laid out
	// again with the whole font, so the result never misses a glyph.
	cut, set := subsetFont(d, font)
	if cut != nil {
		out, missing, err := layout(d, cut, set)
		if err != nil || !missing {
			return out, err
		}
	}
	out, _, err = layout(d, font, nil)
	return out, err
}

// layout renders d with font. set, when not nil, holds the runes font
// has; missing reports text drawn outside it.
func layout(d *render.Document, font []byte, set map[rune]bool) (out []byte, missing bool, err error) {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetCatalogSort(true)
	tm := docTime(d.Date)
	f.SetCreationDate(tm)
	f.SetModificationDate(tm)
	f.SetTitle(d.Title, true)
	f.SetSubject(d.Number, true)
	f.SetCreator("outsec", true)
	f.SetProducer("outsec", true)
	if d.Lang != "" {
		f.SetLang(d.Lang)
	}
	f.AliasNbPages(aliasNbPages)
	f.AddUTF8FontFromBytes(fontFamily, "", font)
	if err := f.Error(); err != nil {
		return nil, false, fmt.Errorf("pdf: load font: %w", err)
	}
	f.SetFont(fontFamily, "", bodySize)
	if err := f.Error(); err != nil {
		return nil, false, fmt.Errorf("pdf: load font: %w", err)
	}
	f.SetMargins(marginL, marginT, marginR)
	f.SetAutoPageBreak(false, marginB)
	f.SetCellMargin(0)

	r := &renderer{f: f, d: d, src: d.Source, widths: map[rune]float64{}, has: set}
	f.SetHeaderFunc(r.header)
	f.SetFooterFunc(r.footer)
	f.AddPage()
	r.y = marginT
	r.document(d.AST)
	if d.Verification != nil {
		if err := r.verification(d.Verification); err != nil {
			return nil, false, err
		}
	}
	if r.missing {
		return nil, true, nil
	}
	if err := f.Error(); err != nil {
		return nil, false, fmt.Errorf("pdf: %w", err)
	}
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		return nil, false, fmt.Errorf("pdf: %w", err)
	}
	return buf.Bytes(), false, nil
}

// fixedRunes are the characters the renderer adds to a document's own
// text: page numbers and their words, list bullets, check boxes, the
// ellipsis of a cut line.
const fixedRunes = "第页共Page of0123456789•◦▪□✔…"

// subsetFont cuts font down to the characters of d's source and metadata,
// all of printable ASCII and fixedRunes. It returns nil when the cut font
// cannot be made, and the renderer then uses the whole font.
func subsetFont(d *render.Document, font []byte) (cut []byte, set map[rune]bool) {
	set = map[rune]bool{}
	add := func(s string) {
		for _, c := range s {
			set[c] = true
		}
	}
	for c := rune(0x20); c < 0x7f; c++ {
		set[c] = true
	}
	add(fixedRunes)
	add(string(d.Source))
	add(d.Title)
	add(d.Number)
	add(d.Marking)
	add(d.Date)
	if v := d.Verification; v != nil {
		add(v.Heading)
		add(v.CodeLabel)
		add(v.Code)
		add(v.Note)
		for _, l := range v.Lines {
			add(l.Label)
			add(l.Value)
		}
	}
	runes := make([]rune, 0, len(set))
	for c := range set {
		runes = append(runes, c)
	}
	slices.Sort(runes) // the same document gives the same font bytes
	cut = fpdf.UTF8CutFont(font, string(runes))
	if checkTrueType(cut) != nil {
		return nil, nil
	}
	return cut, set
}

// text draws s at (x, y) and notes any character the loaded font lacks.
func (r *renderer) text(x, y float64, s string) {
	if r.has != nil && !r.missing {
		for _, c := range s {
			if !r.has[c] {
				r.missing = true
				break
			}
		}
	}
	r.f.Text(x, y, s)
}

// docTime is the document date as a fixed timestamp (noon UTC), so the
// same document always carries the same creation date.
func docTime(s string) time.Time {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t.Add(12 * time.Hour)
	}
	return time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
}

type renderer struct {
	f      *fpdf.Fpdf
	d      *render.Document
	src    []byte
	y      float64
	widths map[rune]float64 // advance width at 1 mm font size
	quotes []float64        // x of each enclosing blockquote bar
	grey   bool             // text inside a blockquote
	// has: the runes of a cut font (nil for the whole font); missing: text
	// outside them was drawn.
	has     map[rune]bool
	missing bool
	// titleNext: the block before was a page break (render.PageBreak), so a
	// level-1 heading is set as a title.
	titleNext bool
}

func (r *renderer) zh() bool { return !strings.HasPrefix(r.d.Lang, "en") }

func (r *renderer) header() {
	f := r.f
	f.SetTextRenderingMode(0)
	f.SetFont(fontFamily, "", 8.5)
	f.SetTextColor(90, 90, 90)
	r.text(marginL, headerY, r.d.Number)
	if m := r.d.Marking; m != "" {
		r.text(pageW-marginR-f.GetStringWidth(m), headerY, m)
	}
	f.SetDrawColor(150, 150, 150)
	f.SetLineWidth(0.2)
	f.Line(marginL, headerY+2.2, pageW-marginR, headerY+2.2)
	f.SetTextColor(0, 0, 0)
	r.y = marginT
}

func (r *renderer) footer() {
	f := r.f
	f.SetTextRenderingMode(0)
	f.SetFont(fontFamily, "", 8.5)
	f.SetTextColor(90, 90, 90)
	n := strconv.Itoa(f.PageNo())
	s := "第 " + n + " 页 共 " + aliasNbPages + " 页"
	if !r.zh() {
		s = "Page " + n + " of " + aliasNbPages
	}
	// Centre on the text with a two-digit page total.
	w := f.GetStringWidth(strings.Replace(s, aliasNbPages, "00", 1))
	r.text((pageW-w)/2, footerY, s)
	f.SetTextColor(0, 0, 0)
}

// newPage starts a page; the header resets r.y.
func (r *renderer) newPage() {
	r.f.AddPage()
}

// need makes sure h millimetres fit below r.y, else starts a new page.
func (r *renderer) need(h float64) {
	if r.y+h > bottom && r.y > marginT+0.01 {
		r.newPage()
	}
}

// space adds vertical space (dropped at the top of a page), continuing any
// blockquote bars through it.
func (r *renderer) space(h float64) {
	if r.y <= marginT+0.01 {
		return
	}
	if r.y+h > bottom {
		r.newPage()
		return
	}
	r.bars(r.y, h)
	r.y += h
}

func (r *renderer) bars(y, h float64) {
	if len(r.quotes) == 0 {
		return
	}
	r.f.SetFillColor(190, 190, 190)
	for _, x := range r.quotes {
		r.f.Rect(x, y, 0.9, h, "F")
	}
}

// width of s at font size pt (points), in mm.
func (r *renderer) width(s string, pt float64) float64 {
	w := 0.0
	for _, c := range s {
		w += r.runeW(c)
	}
	return w * pt * ptToMM
}

func (r *renderer) runeW(c rune) float64 {
	if w, ok := r.widths[c]; ok {
		return w
	}
	f := r.f
	ps, _ := f.GetFontSize()
	f.SetFontSize(100)
	w := f.GetStringWidth(string(c)) / (100 * ptToMM)
	f.SetFontSize(ps)
	r.widths[c] = w
	return w
}

// document renders the top-level blocks, taking a leading level-1 heading
// as the title (or writing d.Title when there is none).
func (r *renderer) document(doc ast.Node) {
	first := doc.FirstChild()
	if h, ok := first.(*ast.Heading); ok && h.Level == 1 {
		r.title(r.inlines(h, style{}))
		first = first.NextSibling()
	} else if r.d.Title != "" {
		r.title([]run{{text: r.d.Title}})
	}
	b := box{x: marginL, w: contentW}
	for n := first; n != nil; n = n.NextSibling() {
		r.block(n, b)
	}
}

func (r *renderer) title(runs []run) {
	for i := range runs {
		runs[i].st.bold = true
	}
	r.y += 4
	r.para(runs, box{x: marginL, w: contentW}, paraOpts{size: 18, lf: 1.45, align: "C"})
	r.y += 6
}

// box is the horizontal extent of the current block.
type box struct{ x, w float64 }

type paraOpts struct {
	size   float64 // pt
	lf     float64 // line factor
	align  string  // "L", "C", "R"
	marker func(baseline float64)
	keep   float64 // extra height to keep with the first line
}

func (r *renderer) block(n ast.Node, b box) {
	titleNext := r.titleNext
	r.titleNext = false
	switch n := n.(type) {
	case *ast.Heading:
		if titleNext && n.Level == 1 {
			r.title(r.inlines(n, style{}))
			return
		}
		sizes := map[int]float64{1: 16, 2: 14, 3: 12.5, 4: 11.5}
		sz, ok := sizes[n.Level]
		if !ok {
			sz = bodySize + 0.5
		}
		runs := r.inlines(n, style{bold: true})
		r.space(map[bool]float64{true: 5, false: 3.5}[n.Level <= 2])
		r.para(runs, b, paraOpts{size: sz, lf: 1.45, align: map[bool]string{true: "C", false: "L"}[n.Level == 1], keep: 2 * bodySize * lineFactor * ptToMM})
		r.y += 1.5
	case *ast.Paragraph, *ast.TextBlock:
		r.para(r.inlines(n, style{}), b, paraOpts{size: bodySize, lf: lineFactor})
		if n.NextSibling() != nil || n.Parent().Kind() == ast.KindDocument {
			r.space(paraSpace)
		}
	case *ast.List:
		r.list(n, b)
		if n.Parent().Kind() != ast.KindListItem {
			r.space(paraSpace)
		}
	case *ast.Blockquote:
		r.quotes = append(r.quotes, b.x)
		grey := r.grey
		r.grey = true
		inner := box{x: b.x + quoteIndent, w: b.w - quoteIndent}
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			r.block(c, inner)
		}
		r.grey = grey
		r.quotes = r.quotes[:len(r.quotes)-1]
	case *ast.ThematicBreak:
		r.space(3)
		r.need(1)
		r.f.SetDrawColor(160, 160, 160)
		r.f.SetLineWidth(0.3)
		r.f.Line(b.x, r.y, b.x+b.w, r.y)
		r.space(4)
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		r.code(n, b)
		r.space(paraSpace)
	case *east.Table:
		r.table(n, b)
		r.space(paraSpace + 1)
	case *ast.HTMLBlock:
		// Raw HTML has no place in a PDF, but a page break does.
		if render.IsPageBreak(n, r.src) {
			if r.y > marginT+0.01 {
				r.newPage()
			}
			r.titleNext = true
		}
	default:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			r.block(c, b)
		}
	}
}

func (r *renderer) list(l *ast.List, b box) {
	num := l.Start
	if num == 0 {
		num = 1
	}
	depth := 0
	for p := l.Parent(); p != nil; p = p.Parent() {
		if p.Kind() == ast.KindList {
			depth++
		}
	}
	bullets := []string{"•", "◦", "▪"}
	indent := listIndent
	if l.IsOrdered() {
		indent = listIndent + 1.5
	}
	inner := box{x: b.x + indent, w: b.w - indent}
	for it := l.FirstChild(); it != nil; it = it.NextSibling() {
		marker := bullets[depth%len(bullets)]
		if l.IsOrdered() {
			marker = strconv.Itoa(num) + string(l.Marker)
			num++
		}
		if isTask(it) {
			marker = ""
		}
		pending := marker
		draw := func(baseline float64) {
			if pending == "" {
				return
			}
			r.f.SetFont(fontFamily, "", bodySize)
			r.setText(style{})
			w := r.width(pending, bodySize)
			r.text(inner.x-w-1.8, baseline, pending)
			pending = ""
		}
		for c := it.FirstChild(); c != nil; c = c.NextSibling() {
			switch c.(type) {
			case *ast.Paragraph, *ast.TextBlock:
				r.para(r.inlines(c, style{}), inner, paraOpts{size: bodySize, lf: lineFactor, marker: draw})
				if c.NextSibling() != nil {
					r.space(1)
				}
			default:
				if pending != "" {
					r.para(nil, inner, paraOpts{size: bodySize, lf: lineFactor, marker: draw})
				}
				r.block(c, inner)
			}
		}
		if it.NextSibling() != nil && !l.IsTight {
			r.space(1.2)
		}
	}
}

func isTask(it ast.Node) bool {
	if c := it.FirstChild(); c != nil {
		if _, ok := c.FirstChild().(*east.TaskCheckBox); ok {
			return true
		}
	}
	return false
}

func (r *renderer) code(n ast.Node, b box) {
	var sb strings.Builder
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		s := lines.At(i)
		sb.Write(s.Value(r.src))
	}
	text := strings.TrimRight(strings.ReplaceAll(sb.String(), "\t", "    "), "\n")
	lh := codeSize * 1.45 * ptToMM
	r.f.SetFont(fontFamily, "", codeSize)
	r.setText(style{})
	pad := 2.0
	inner := b.w - 2*pad
	first := true
	for _, src := range strings.Split(text, "\n") {
		parts := r.splitRunes(src, inner, codeSize)
		for _, p := range parts {
			h := lh
			top := 0.0
			if first {
				top = 1.2
			}
			r.need(h + top)
			r.f.SetFillColor(244, 244, 244)
			r.f.Rect(b.x, r.y, b.w, h+top, "F")
			r.bars(r.y, h+top)
			r.y += top
			first = false
			r.f.SetTextColor(40, 40, 40)
			r.text(b.x+pad, r.baseline(r.y, h, codeSize), p)
			r.y += h
		}
	}
	r.f.SetFillColor(244, 244, 244)
	r.f.Rect(b.x, r.y, b.w, 1.2, "F")
	r.y += 1.2
	r.f.SetTextColor(0, 0, 0)
}

// splitRunes cuts s into pieces no wider than w (code lines keep spaces).
func (r *renderer) splitRunes(s string, w, pt float64) []string {
	if s == "" {
		return []string{""}
	}
	var out []string
	start, cur := 0, 0.0
	rs := []rune(s)
	for i, c := range rs {
		cw := r.runeW(c) * pt * ptToMM
		if cur+cw > w && i > start {
			out = append(out, string(rs[start:i]))
			start, cur = i, 0
		}
		cur += cw
	}
	return append(out, string(rs[start:]))
}

// baseline of text of size pt in a line box of height h starting at top.
func (r *renderer) baseline(top, h, pt float64) float64 {
	return top + h/2 + pt*ptToMM*0.34
}

// checkTrueType validates the sfnt table directory: fpdf only prints a font
// it cannot parse (or panics on it), so a broken font must be caught here.
func checkTrueType(b []byte) error {
	if len(b) < 12 || !(bytes.HasPrefix(b, []byte{0, 1, 0, 0}) || bytes.HasPrefix(b, []byte("true"))) {
		return errors.New("not a TrueType font")
	}
	n := int(binary.BigEndian.Uint16(b[4:]))
	if len(b) < 12+16*n {
		return errors.New("truncated table directory")
	}
	need := map[string]bool{"cmap": false, "glyf": false, "head": false, "hhea": false, "hmtx": false, "loca": false, "maxp": false, "name": false, "post": false}
	for i := range n {
		e := b[12+16*i:]
		off, ln := uint64(binary.BigEndian.Uint32(e[8:])), uint64(binary.BigEndian.Uint32(e[12:]))
		if off+ln > uint64(len(b)) {
			return fmt.Errorf("table %q runs past the end of the font", e[:4])
		}
		if _, ok := need[string(e[:4])]; ok {
			need[string(e[:4])] = true
		}
	}
	for _, t := range []string{"cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post"} {
		if !need[t] {
			return fmt.Errorf("no %q table", t)
		}
	}
	return nil
}
