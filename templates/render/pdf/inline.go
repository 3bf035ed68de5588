package pdf

import (
	"bytes"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"
)

// unescape resolves Markdown's backslash escapes and character references in
// text ("\<b>" is "<b>", "&amp;" is "&"), as the HTML and DOCX renderers do.
func unescape(v []byte) []byte {
	if bytes.IndexByte(v, '\\') < 0 && bytes.IndexByte(v, '&') < 0 {
		return v
	}
	return util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
}

// style of a run of inline text.
type style struct {
	bold, italic, code, strike, link bool
	box                              int // task checkbox: 1 open, 2 done
}

type run struct {
	text string
	st   style
}

// softBreak marks a soft line break in collected text: a space between
// Latin words, nothing between Chinese characters.
const softBreak = '\uE000'

// hardBreak marks a hard line break.
const hardBreak = '\n'

// inlines collects the inline children of n as styled runs.
func (r *renderer) inlines(n ast.Node, st style) []run {
	var out []run
	var walk func(n ast.Node, st style)
	add := func(s string, st style) {
		if s == "" {
			return
		}
		if k := len(out) - 1; k >= 0 && out[k].st == st {
			out[k].text += s
			return
		}
		out = append(out, run{s, st})
	}
	walk = func(n ast.Node, st style) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				v := c.Value(r.src)
				if !c.IsRaw() {
					v = unescape(v)
				}
				add(string(v), st)
				if c.HardLineBreak() {
					add(string(hardBreak), st)
				} else if c.SoftLineBreak() {
					add(string(softBreak), st)
				}
			case *ast.String:
				v := c.Value
				if !c.IsRaw() && !c.IsCode() {
					v = unescape(v)
				}
				add(string(v), st)
			case *ast.CodeSpan:
				s := st
				s.code = true
				var sb strings.Builder
				for t := c.FirstChild(); t != nil; t = t.NextSibling() {
					if tx, ok := t.(*ast.Text); ok {
						sb.Write(tx.Value(r.src))
					} else if tx, ok := t.(*ast.String); ok {
						sb.Write(tx.Value)
					}
				}
				add(sb.String(), s)
			case *ast.Emphasis:
				s := st
				if c.Level >= 2 {
					s.bold = true
				} else {
					s.italic = true
				}
				walk(c, s)
			case *east.Strikethrough:
				s := st
				s.strike = true
				walk(c, s)
			case *ast.Link:
				s := st
				s.link = true
				walk(c, s)
			case *ast.AutoLink:
				s := st
				s.link = true
				add(string(c.Label(r.src)), s)
			case *ast.Image:
				walk(c, st)
			case *east.TaskCheckBox:
				s := style{box: 1}
				if c.IsChecked {
					s.box = 2
				}
				out = append(out, run{"□", s})
				add(" ", st)
			case *ast.RawHTML:
				// dropped
			default:
				walk(c, st)
			}
		}
	}
	walk(n, st)
	return out
}

// piece is text of one style inside an atom.
type piece struct {
	text string
	st   style
	w    float64
}

// atom is an unbreakable unit of a line: a CJK character, a Latin word,
// with any punctuation glued to it; or glue (a space); or a hard break.
type atom struct {
	pieces []piece
	w      float64
	glue   bool
	brk    bool
	last   rclass
	scale  float64 // font size in mm, to measure runes when cut
}

type rclass int

const (
	cWord    rclass = iota // Latin letters, digits, ASCII punctuation
	cCJK                   // breakable on both sides
	cNoStart               // closing punctuation: never starts a line
	cNoEnd                 // opening punctuation: never ends a line
)

const noStart = "，。、；：！？）》」』】〕〉”’…—～·%‰°,.;:!?)]}"
const noEnd = "（《「『【〔〈“‘([{"

func classify(c rune) rclass {
	switch {
	case c < 0x80 && !strings.ContainsRune(")]},.;:!?%", c) && !strings.ContainsRune("([{", c):
		return cWord
	case strings.ContainsRune(noStart, c):
		return cNoStart
	case strings.ContainsRune(noEnd, c):
		return cNoEnd
	case unicode.Is(unicode.Han, c), unicode.Is(unicode.Hiragana, c), unicode.Is(unicode.Katakana, c),
		unicode.Is(unicode.Hangul, c), c >= 0x3000 && c <= 0x303F, c >= 0xFF00 && c <= 0xFFEF,
		c >= 0x2460 && c <= 0x24FF, c == '□':
		return cCJK
	}
	return cWord
}

// atoms cuts runs into atoms, measuring at font size pt.
func (r *renderer) atoms(runs []run, pt float64) []atom {
	var out []atom
	scale := pt * ptToMM
	for _, rn := range runs {
		if rn.st.box != 0 {
			w := r.runeW('中') * scale
			out = append(out, atom{pieces: []piece{{rn.text, rn.st, w}}, w: w, last: cCJK})
			continue
		}
		for _, c := range rn.text {
			if c == hardBreak {
				out = append(out, atom{brk: true})
				continue
			}
			if c == softBreak {
				if k := len(out) - 1; k >= 0 && !out[k].glue && out[k].last != cWord {
					continue // between Chinese text a line break is no space
				}
				c = ' '
			}
			if unicode.IsSpace(c) {
				if k := len(out) - 1; k < 0 || out[k].glue || out[k].brk {
					continue
				}
				w := r.runeW(' ') * scale
				out = append(out, atom{pieces: []piece{{" ", rn.st, w}}, w: w, glue: true})
				continue
			}
			cl := classify(c)
			w := r.runeW(c) * scale
			k := len(out) - 1
			join := false
			if k >= 0 && !out[k].glue && !out[k].brk {
				p := out[k]
				join = cl == cNoStart || p.last == cNoEnd || (cl == cWord && p.last == cWord)
			}
			if join {
				a := &out[k]
				if lp := &a.pieces[len(a.pieces)-1]; lp.st == rn.st {
					lp.text += string(c)
					lp.w += w
				} else {
					a.pieces = append(a.pieces, piece{string(c), rn.st, w})
				}
				a.w += w
				a.last = cl
				continue
			}
			out = append(out, atom{pieces: []piece{{string(c), rn.st, w}}, w: w, last: cl, scale: scale})
		}
	}
	return out
}

// line is a laid-out line: its atoms and natural width.
type line struct {
	atoms []atom
	w     float64
}

// breakLines fills lines of width w greedily.
func (r *renderer) breakLines(as []atom, w float64) []line {
	var lines []line
	var cur line
	flush := func() {
		// drop trailing glue
		for len(cur.atoms) > 0 && cur.atoms[len(cur.atoms)-1].glue {
			cur.w -= cur.atoms[len(cur.atoms)-1].w
			cur.atoms = cur.atoms[:len(cur.atoms)-1]
		}
		lines = append(lines, cur)
		cur = line{}
	}
	for _, a := range as {
		switch {
		case a.brk:
			flush()
			continue
		case a.glue && len(cur.atoms) == 0:
			continue
		}
		if cur.w+a.w <= w+0.001 || a.glue {
			cur.atoms = append(cur.atoms, a)
			cur.w += a.w
			continue
		}
		if len(cur.atoms) > 0 {
			flush()
		}
		if a.w <= w+0.001 {
			cur.atoms = append(cur.atoms, a)
			cur.w += a.w
			continue
		}
		// An atom wider than the line (a long word or URL): cut it by runes,
		// never leaving closing punctuation at the start of a line.
		for _, p := range a.pieces {
			for _, c := range p.text {
				cw := r.runeW(c) * a.scale
				ra := atom{pieces: []piece{{string(c), p.st, cw}}, w: cw, last: classify(c), scale: a.scale}
				if len(cur.atoms) > 0 && cur.w+cw > w+0.001 {
					if ra.last == cNoStart && len(cur.atoms) > 1 {
						prev := cur.atoms[len(cur.atoms)-1]
						cur.atoms = cur.atoms[:len(cur.atoms)-1]
						cur.w -= prev.w
						flush()
						cur.atoms = append(cur.atoms, prev)
						cur.w += prev.w
					} else {
						flush()
					}
				}
				cur.atoms = append(cur.atoms, ra)
				cur.w += cw
			}
		}
	}
	if len(cur.atoms) > 0 || len(lines) == 0 {
		flush()
	}
	return lines
}

// para lays out and draws runs in box b, breaking pages between lines.
func (r *renderer) para(runs []run, b box, o paraOpts) {
	lines := r.breakLines(r.atoms(runs, o.size), b.w)
	lh := o.size * o.lf * ptToMM
	for i, ln := range lines {
		if i == 0 {
			r.need(lh + o.keep)
		} else {
			r.need(lh)
		}
		r.bars(r.y, lh)
		x := b.x
		switch o.align {
		case "C":
			x += (b.w - ln.w) / 2
		case "R":
			x += b.w - ln.w
		}
		base := r.baseline(r.y, lh, o.size)
		if i == 0 && o.marker != nil {
			o.marker(base)
		}
		r.drawLine(ln, x, base, o.size)
		r.y += lh
	}
}

// drawLine writes a line with its baseline at y, one Text per style run.
func (r *renderer) drawLine(ln line, x, y, pt float64) {
	var cur piece
	flush := func() {
		if cur.text != "" {
			r.drawPiece(cur, x, y, pt)
			x += cur.w
		}
		cur = piece{}
	}
	for _, a := range ln.atoms {
		for _, p := range a.pieces {
			if p.st.box != 0 || p.st != cur.st {
				flush()
			}
			if p.st.box != 0 {
				r.drawPiece(p, x, y, pt)
				x += p.w
				continue
			}
			cur.text += p.text
			cur.w += p.w
			cur.st = p.st
		}
	}
	flush()
}

func (r *renderer) setText(st style) {
	f := r.f
	switch {
	case st.link:
		f.SetTextColor(20, 70, 160)
	case st.code:
		f.SetTextColor(150, 30, 30)
	case r.grey:
		f.SetTextColor(85, 85, 85)
	default:
		f.SetTextColor(0, 0, 0)
	}
}

func (r *renderer) drawPiece(p piece, x, y, pt float64) {
	f := r.f
	f.SetFont(fontFamily, "", pt)
	r.setText(p.st)
	if p.st.box != 0 {
		// A drawn box (the font's □ is small), with the state also written
		// as invisible text so pdftotext reports □ or ✔.
		s := pt * ptToMM
		bx, by, bw := x+0.08*s, y-0.78*s, 0.82*s
		f.SetDrawColor(0, 0, 0)
		f.SetLineWidth(0.25)
		f.Rect(bx, by, bw, bw, "D")
		mark := "□"
		if p.st.box == 2 {
			mark = "✔"
			f.SetLineWidth(0.4)
			f.Line(bx+0.18*bw, by+0.52*bw, bx+0.42*bw, by+0.78*bw)
			f.Line(bx+0.42*bw, by+0.78*bw, bx+0.84*bw, by+0.2*bw)
		}
		f.SetTextRenderingMode(3)
		r.text(x, y, mark)
		f.SetTextRenderingMode(0)
		return
	}
	if p.st.code {
		f.SetFillColor(240, 240, 240)
		h := pt * ptToMM * 1.25
		f.Rect(x-0.3, y-h*0.8, p.w+0.6, h, "F")
	}
	if p.st.bold {
		f.SetTextRenderingMode(2)
		f.SetLineWidth(pt * 0.018)
		switch {
		case p.st.link:
			f.SetDrawColor(20, 70, 160)
		case r.grey:
			f.SetDrawColor(85, 85, 85)
		default:
			f.SetDrawColor(0, 0, 0)
		}
	}
	if p.st.italic {
		f.TransformBegin()
		f.TransformSkewX(12, x, y)
	}
	r.text(x, y, p.text)
	if p.st.italic {
		f.TransformEnd()
	}
	if p.st.bold {
		f.SetTextRenderingMode(0)
	}
	if p.st.strike || p.st.link {
		f.SetLineWidth(0.2)
		if p.st.link {
			f.SetDrawColor(20, 70, 160)
			f.Line(x, y+0.5, x+p.w, y+0.5)
		}
		if p.st.strike {
			f.SetDrawColor(0, 0, 0)
			m := y - pt*ptToMM*0.3
			f.Line(x, m, x+p.w, m)
		}
	}
}
