package docx

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"outsec/templates/render"
)

func textReader(src []byte) text.Reader { return text.NewReader(src) }

// numDef is one numbering instance (w:num): one Markdown list, so that every
// ordered list starts again at its own start number.
type numDef struct {
	ordered bool
	level   int // nesting depth of the list, the w:ilvl of its items
	start   int
}

// ctx is where a block sits: inside how many quotes, in which list item.
type ctx struct {
	quote int
	list  int // list nesting depth; 0 outside lists
	numID int // numbering of the current item's first paragraph; 0 none
	task  bool
}

type bodyWriter struct {
	b       bytes.Buffer
	src     []byte
	zh      bool
	nums    []numDef
	nblocks int // top-level-ish blocks written, to style a leading H1 as the title
	// keepNext: the paragraph being opened stays on the page of what
	// follows it.
	keepNext bool
	// pageBreak: a render.PageBreak came before; the next paragraph starts
	// a page (w:pageBreakBefore), or a break is written before a table.
	pageBreak bool
}

func newBodyWriter(src []byte, zh bool) *bodyWriter {
	w := &bodyWriter{src: src, zh: zh}
	w.b.Grow(len(src)*3 + 4096)
	return w
}

// blocks writes the block children of n.
func (w *bodyWriter) blocks(n ast.Node, c ctx) {
	for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
		w.block(ch, c)
	}
}

func (w *bodyWriter) block(n ast.Node, c ctx) {
	switch n := n.(type) {
	case *ast.Heading:
		style := "Heading" + strconv.Itoa(min(max(n.Level, 1), 4))
		if n.Level == 1 && w.nblocks == 0 && c.quote == 0 && c.list == 0 {
			style = "Title"
		}
		w.nblocks++
		w.paraStart(style, c, false)
		w.inlines(n, runProps{})
		w.b.WriteString("</w:p>")
	case *ast.Paragraph, *ast.TextBlock:
		w.nblocks++
		first := c.numID != 0 || c.task
		// A paragraph that introduces a table ("可能性等级：") stays with it.
		w.keepNext = n.NextSibling() != nil && n.NextSibling().Kind() == east.KindTable
		w.paraStart("", c, first)
		w.keepNext = false
		w.inlines(n, runProps{})
		w.b.WriteString("</w:p>")
	case *ast.List:
		w.list(n, c)
	case *ast.Blockquote:
		c.quote++
		c.numID, c.task = 0, false
		w.blocks(n, c)
	case *ast.ThematicBreak:
		w.nblocks++
		w.breakParagraph()
		w.b.WriteString(`<w:p><w:pPr><w:pStyle w:val="Rule"/></w:pPr></w:p>`)
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		w.nblocks++
		w.breakParagraph()
		w.code(n, c)
	case *ast.HTMLBlock:
		// Raw HTML (comments, mostly) has no place in a Word document; a
		// page break does, and a level-1 heading after it is a title again.
		if render.IsPageBreak(n, w.src) {
			w.pageBreak = true
			w.nblocks = 0
		}
	case *east.Table:
		w.nblocks++
		w.breakParagraph()
		w.table(n)
		// A little air below the table; Word also wants a paragraph
		// between two tables and after a last one.
		w.b.WriteString(`<w:p><w:pPr><w:spacing w:after="0" w:line="160" w:lineRule="exact"/></w:pPr></w:p>`)
	default:
		w.blocks(n, c)
	}
}

func (w *bodyWriter) list(l *ast.List, c ctx) {
	level := c.list
	numID := 0
	if !isTaskList(l) {
		start := l.Start // "0." is a valid start; bullets have none
		if !l.IsOrdered() || start < 0 {
			start = 1
		}
		w.nums = append(w.nums, numDef{ordered: l.IsOrdered(), level: min(level, 8), start: start})
		numID = len(w.nums)
	}
	for item := l.FirstChild(); item != nil; item = item.NextSibling() {
		ic := c
		ic.list = level + 1
		ic.numID = numID
		ic.task = numID == 0
		if item.FirstChild() == nil {
			// An empty item still takes its number.
			w.paraStart("", ic, true)
			w.b.WriteString("</w:p>")
			continue
		}
		for ch := item.FirstChild(); ch != nil; ch = ch.NextSibling() {
			w.block(ch, ic)
			if _, ok := ch.(*ast.List); !ok {
				// Only the item's first paragraph carries the number.
				ic.numID, ic.task = 0, false
			}
		}
	}
}

// isTaskList reports whether every item of l starts with a checkbox: such a
// list is drawn with ☐/☑ and no bullets.
func isTaskList(l *ast.List) bool {
	if l.IsOrdered() || l.FirstChild() == nil {
		return false
	}
	for item := l.FirstChild(); item != nil; item = item.NextSibling() {
		p := item.FirstChild()
		if p == nil || p.FirstChild() == nil {
			return false
		}
		if _, ok := p.FirstChild().(*east.TaskCheckBox); !ok {
			return false
		}
	}
	return true
}

// paraStart opens a paragraph with its style, numbering and indentation.
// first is true for the first paragraph of a list item.
func (w *bodyWriter) paraStart(style string, c ctx, first bool) {
	if style == "" && c.quote > 0 {
		style = "Quote"
	}
	w.b.WriteString("<w:p>")
	var numPr, ind string
	left := c.quote * indentStep
	switch {
	case c.list > 0 && first && c.numID != 0:
		numPr = `<w:numPr><w:ilvl w:val="` + strconv.Itoa(w.nums[c.numID-1].level) +
			`"/><w:numId w:val="` + strconv.Itoa(c.numID) + `"/></w:numPr>`
		left += c.list * indentStep
		ind = `<w:ind w:left="` + strconv.Itoa(left) + `" w:hanging="` + strconv.Itoa(indentStep) + `"/>`
	case c.list > 0 && first && c.task:
		left += (c.list - 1) * indentStep
		ind = `<w:ind w:left="` + strconv.Itoa(left+indentStep) + `" w:hanging="` + strconv.Itoa(indentStep) + `"/>`
	case c.list > 0:
		left += c.list * indentStep
		ind = `<w:ind w:left="` + strconv.Itoa(left) + `"/>`
	case c.quote > 0:
		ind = `<w:ind w:left="` + strconv.Itoa(left) + `"/>`
	}
	if style != "" || numPr != "" || ind != "" || w.keepNext || w.pageBreak {
		w.b.WriteString("<w:pPr>")
		if style != "" {
			w.b.WriteString(`<w:pStyle w:val="` + style + `"/>`)
		}
		if w.keepNext {
			w.b.WriteString("<w:keepNext/>")
		}
		if w.pageBreak {
			w.b.WriteString("<w:pageBreakBefore/>")
			w.pageBreak = false
		}
		w.b.WriteString(numPr)
		if c.list > 0 && style == "" {
			// List items sit closer together than body paragraphs.
			w.b.WriteString(`<w:spacing w:after="60"/>`)
		}
		w.b.WriteString(ind)
		w.b.WriteString("</w:pPr>")
	}
}

// breakParagraph writes a paragraph holding a page break when a page break
// is pending before a block that is no paragraph (a table, code, a rule).
func (w *bodyWriter) breakParagraph() {
	if w.pageBreak {
		w.b.WriteString(`<w:p><w:r><w:br w:type="page"/></w:r></w:p>`)
		w.pageBreak = false
	}
}

func (w *bodyWriter) code(n ast.Node, c ctx) {
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		line := strings.TrimRight(string(seg.Value(w.src)), "\r\n")
		w.b.WriteString(`<w:p><w:pPr><w:pStyle w:val="Code"/>`)
		if left := (c.quote + c.list) * indentStep; left > 0 {
			w.b.WriteString(`<w:ind w:left="` + strconv.Itoa(left) + `"/>`)
		}
		w.b.WriteString(`</w:pPr>`)
		if line != "" {
			w.run(line, runProps{})
		}
		w.b.WriteString("</w:p>")
	}
}

// runProps are the character formats an inline inherits.
type runProps struct {
	bold, italic, strike, code, symbol bool
}

func (p runProps) rPr() string {
	if p == (runProps{}) {
		return ""
	}
	var s strings.Builder
	s.WriteString("<w:rPr>")
	if p.code {
		s.WriteString(`<w:rStyle w:val="CodeChar"/>`)
	}
	if p.symbol {
		s.WriteString(`<w:rFonts w:ascii="Segoe UI Symbol" w:hAnsi="Segoe UI Symbol" w:eastAsia="Segoe UI Symbol" w:cs="Segoe UI Symbol"/>`)
	}
	if p.bold {
		s.WriteString("<w:b/><w:bCs/>")
	}
	if p.italic {
		s.WriteString("<w:i/><w:iCs/>")
	}
	if p.strike {
		s.WriteString("<w:strike/>")
	}
	s.WriteString("</w:rPr>")
	return s.String()
}

// run writes one run of text; tabs and newlines become w:tab and w:br.
func (w *bodyWriter) run(s string, p runProps) {
	if s == "" {
		return
	}
	w.b.WriteString("<w:r>")
	w.b.WriteString(p.rPr())
	for len(s) > 0 {
		i := strings.IndexAny(s, "\t\n")
		if i < 0 {
			i = len(s)
		}
		if i > 0 {
			w.b.WriteString(`<w:t xml:space="preserve">`)
			escape(&w.b, s[:i])
			w.b.WriteString("</w:t>")
		}
		if i < len(s) {
			if s[i] == '\t' {
				w.b.WriteString("<w:tab/>")
			} else {
				w.b.WriteString("<w:br/>")
			}
			i++
		}
		s = s[i:]
	}
	w.b.WriteString("</w:r>")
}

// inlines writes the inline children of n.
func (w *bodyWriter) inlines(n ast.Node, p runProps) {
	for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
		w.inline(ch, p)
	}
}

func (w *bodyWriter) inline(n ast.Node, p runProps) {
	switch n := n.(type) {
	case *ast.Text:
		v := n.Segment.Value(w.src)
		if !n.IsRaw() {
			v = unescape(v)
		}
		w.run(string(v), p)
		switch {
		case n.HardLineBreak():
			w.b.WriteString("<w:r><w:br/></w:r>")
		case n.SoftLineBreak():
			if !joinsCJK(v, n.NextSibling(), w.src) {
				w.run(" ", p)
			}
		}
	case *ast.String:
		v := n.Value
		if !n.IsRaw() && !n.IsCode() {
			v = unescape(v)
		}
		w.run(string(v), p)
	case *ast.CodeSpan:
		var s strings.Builder
		for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
			switch t := ch.(type) {
			case *ast.Text:
				v := t.Segment.Value(w.src)
				if bytes.HasSuffix(v, []byte("\n")) {
					s.Write(v[:len(v)-1])
					s.WriteByte(' ')
				} else {
					s.Write(v)
				}
			case *ast.String:
				s.Write(t.Value)
			}
		}
		p.code = true
		w.run(s.String(), p)
	case *ast.Emphasis:
		if n.Level >= 2 {
			p.bold = true
		} else {
			p.italic = true
		}
		w.inlines(n, p)
	case *east.Strikethrough:
		p.strike = true
		w.inlines(n, p)
	case *ast.Link:
		// Offline: the text, then the address in parentheses.
		w.inlines(n, p)
		url := string(n.Destination)
		if url != "" && url != plainText(n, w.src) {
			if w.zh {
				w.run("（"+url+"）", p)
			} else {
				w.run(" ("+url+")", p)
			}
		}
	case *ast.AutoLink:
		w.run(string(n.URL(w.src)), p)
	case *ast.Image:
		// Images are not used; keep the alternative text.
		w.inlines(n, p)
	case *ast.RawHTML:
		var s strings.Builder
		for i := 0; i < n.Segments.Len(); i++ {
			seg := n.Segments.At(i)
			s.Write(seg.Value(w.src))
		}
		switch strings.ToLower(strings.ReplaceAll(s.String(), " ", "")) {
		case "<br>", "<br/>":
			w.b.WriteString("<w:r><w:br/></w:r>")
		}
	case *east.TaskCheckBox:
		box := "☐"
		if n.IsChecked {
			box = "☑"
		}
		sp := p
		sp.symbol = true
		w.run(box, sp)
		w.run(" ", p)
	default:
		w.inlines(n, p)
	}
}

// unescape resolves backslash escapes and character references.
func unescape(v []byte) []byte {
	if bytes.IndexByte(v, '\\') < 0 && bytes.IndexByte(v, '&') < 0 {
		return v
	}
	return util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
}

// joinsCJK reports whether a soft line break between v and the text after it
// joins two CJK characters, which Chinese writes without a space.
func joinsCJK(v []byte, next ast.Node, src []byte) bool {
	last, _ := utf8.DecodeLastRune(v)
	t, ok := next.(*ast.Text)
	if !ok {
		return false
	}
	first, _ := utf8.DecodeRune(t.Segment.Value(src))
	return isWide(last) && isWide(first)
}

func isWide(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) ||
		unicode.Is(unicode.Hangul, r) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)
}

// plainText is the text of n's inline children, without formatting.
func plainText(n ast.Node, src []byte) string {
	var s strings.Builder
	var walk func(ast.Node)
	walk = func(n ast.Node) {
		for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
			switch t := ch.(type) {
			case *ast.Text:
				s.Write(unescape(t.Segment.Value(src)))
				if t.SoftLineBreak() {
					s.WriteByte(' ')
				}
			case *ast.String:
				s.Write(t.Value)
			default:
				walk(ch)
			}
		}
	}
	walk(n)
	return s.String()
}

// escape writes s as XML character data, dropping characters XML 1.0 cannot
// carry (control characters other than tab and newline, invalid UTF-8).
func escape(b *bytes.Buffer, s string) {
	last := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		var rep string
		switch {
		case r == '&':
			rep = "&amp;"
		case r == '<':
			rep = "&lt;"
		case r == '>':
			rep = "&gt;"
		case r == '"':
			rep = "&quot;"
		case r == utf8.RuneError && size == 1,
			r < 0x20 && r != '\t' && r != '\n' && r != '\r',
			r == 0xFFFE, r == 0xFFFF:
			rep = ""
		default:
			i += size
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(rep)
		i += size
		last = i
	}
	b.WriteString(s[last:])
}
