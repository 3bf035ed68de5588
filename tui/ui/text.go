package ui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"outsec/internal/termtext"
)

// Widths on screen are cells, not bytes or runes: a CJK character takes two.
// Every measure here goes through ansi, never len().

const Ellipsis = "…"

// OneLine makes user data safe to place on one line: control characters
// (newlines, tabs, escapes; termtext.IsControl, the command line's rule)
// become spaces.
func OneLine(s string) string {
	if strings.IndexFunc(s, isControl) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return ' '
		}
		return r
	}, s)
}

func isControl(r rune) bool { return termtext.IsControl(r) }

// Escaped shows the control characters of a text read from a file as
// escapes (\e, \r, \x07), as the command line does: what a hostile file
// holds is seen, not obeyed and not hidden.
func Escaped(s string) string { return termtext.Escape(s) }

// Fit cuts s to w cells (marking the cut) and pads it with spaces to exactly w.
func Fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := ansi.StringWidth(s)
	if sw > w {
		s = ansi.Truncate(s, w, Ellipsis)
		sw = ansi.StringWidth(s)
	}
	if sw < w {
		s += strings.Repeat(" ", w-sw)
	}
	return s
}

// Clip cuts s to at most w cells without padding.
func Clip(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if ansi.StringWidth(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, Ellipsis)
}

// Wrap breaks text into lines of at most w cells, the first starting with
// first and the rest with rest (a hanging indent of the same width). Latin
// words stay whole where they fit; Chinese text may break between any two
// characters, but not before closing punctuation.
func Wrap(text string, w int, first, rest string) []string {
	text = OneLine(text)
	// The first line has the width its prefix leaves, the others the width
	// rest leaves, so that no line runs past w.
	width, restWidth := w-ansi.StringWidth(first), w-ansi.StringWidth(rest)
	if width < 4 || restWidth < 4 {
		return []string{Clip(first+text, w)}
	}
	var lines []string
	var line strings.Builder
	lineW := 0
	flush := func() {
		lines = append(lines, strings.TrimRight(line.String(), " "))
		line.Reset()
		lineW = 0
		width = restWidth
	}
	for _, tok := range WrapTokens(text) {
		tw := ansi.StringWidth(tok)
		if tok == " " {
			if lineW > 0 && lineW < width {
				line.WriteString(tok)
				lineW++
			}
			continue
		}
		if lineW+tw > width && lineW > 0 {
			flush()
		}
		for tw > width { // a word longer than a line: cut it
			head := ansi.Truncate(tok, width, "")
			line.WriteString(head)
			flush()
			tok = strings.TrimPrefix(tok, head)
			tw = ansi.StringWidth(tok)
		}
		line.WriteString(tok)
		lineW += tw
	}
	if lineW > 0 || len(lines) == 0 {
		flush()
	}
	for i := range lines {
		if i == 0 {
			lines[i] = first + lines[i]
		} else {
			lines[i] = rest + lines[i]
		}
	}
	return lines
}

// WrapTokens splits text into what may not be broken: a run of Latin
// letters and digits, one wide (Chinese) character with the closing
// punctuation after it, or a space.
func WrapTokens(text string) []string {
	var toks []string
	var cur strings.Builder
	curWide := false
	push := func() {
		if cur.Len() > 0 {
			toks = append(toks, cur.String())
			cur.Reset()
		}
	}
	for _, r := range text {
		switch {
		case r == ' ':
			push()
			toks = append(toks, " ")
		case strings.ContainsRune(noLineStart, r):
			cur.WriteRune(r) // stays with what it closes
		case r >= 0x1100 && ansi.StringWidth(string(r)) == 2: // nothing below U+1100 is wide
			push()
			cur.WriteRune(r)
			curWide = true
		default:
			if curWide {
				push()
				curWide = false
			}
			cur.WriteRune(r)
		}
	}
	push()
	return toks
}

// noLineStart is punctuation that must not begin a line.
const noLineStart = ",。、;:?!)」』》〉】”’,.;:?!)]"

// Spread places left and right on one line of w cells, right-aligned; left is
// cut when both do not fit.
func Spread(left, right string, w int) string {
	rw := ansi.StringWidth(right)
	if rw >= w-1 {
		return Clip(right, w)
	}
	return Fit(left, w-rw-1) + " " + right
}

// Frame makes s exactly h lines of at most w cells each: the screen never
// scrolls or wraps, whatever the content.
func Frame(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "")
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

func Itoa(n int) string { return strconv.Itoa(n) }

func JoinLines(lines []string) string { return strings.Join(lines, "\n") }

func CellWidth(s string) int { return ansi.StringWidth(s) }

// PadCells pads a styled line to w cells.
func PadCells(s string, w int) string {
	if sw := ansi.StringWidth(s); sw < w {
		return s + strings.Repeat(" ", w-sw)
	}
	return s
}

// WrapStyled wraps text and styles each line.
func WrapStyled(st interface{ Render(...string) string }, text string, w int, first, rest string) []string {
	ls := Wrap(text, w, first, rest)
	for i := range ls {
		ls[i] = st.Render(ls[i])
	}
	return ls
}
