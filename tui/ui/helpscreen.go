package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// The ? screens: the workbench's own (HelpView) and the pages' (risk,
// contract and NDAs), drawn from the same pieces: a block per section, two
// columns from 80 cells.

// HelpView is the full help: what outsec is, every key by where it applies,
// and what the marks in the list mean. Two columns when they fit.
func HelpView(sh *Context, w int) string {
	T, s := sh.T, sh.Styles
	head := []string{s.Title.Render(Fit(" "+T("tui.helpscreen.title", sh.Version), w))}
	head = append(head, Wrap(T("tui.helpscreen.about"), w, " ", " ")...)
	head = append(head, "")

	sections := sh.Keys.FullHelp()
	keyW := HelpKeyWidth(sections, 14)
	// The marks of the list, explained.
	sections = append(sections, HelpSection{TitleKey: "tui.helpscreen.marks", Entries: []HelpEntry{
		{T("tui.mark.sample"), T("tui.helpscreen.mark_sample")},
		{T("tui.mark.stop"), T("tui.helpscreen.mark_stop")},
	}})
	colW, twoCols := HelpColumns(w)
	var blocks [][]string
	for _, sec := range sections {
		blocks = append(blocks, HelpBlock(sh, sec, keyW, colW))
	}
	if !twoCols {
		return strings.Join(append(head, concat(blocks)...), "\n")
	}
	total := len(concat(blocks))
	// Split the blocks, in order, where the two columns come out most even.
	split, best, lh := 1, total, 0
	for k := 1; k < len(blocks); k++ {
		lh += len(blocks[k-1])
		if m := max(lh, total-lh); m < best {
			split, best = k, m
		}
	}
	body := SideBySide(concat(blocks[:split]), concat(blocks[split:]), colW)
	return strings.Join(append(head, body...), "\n")
}

// HelpKeyWidth is the width of the key column of sections, at most most.
func HelpKeyWidth(sections []HelpSection, most int) int {
	w := 0
	for _, sec := range sections {
		for _, e := range sec.Entries {
			w = max(w, ansi.StringWidth(e.Key))
		}
	}
	return min(w, most)
}

// HelpColumns is the width of a column of a help screen w cells wide, and
// whether there are two.
func HelpColumns(w int) (colW int, two bool) {
	if w >= 80 {
		return (w - 1) / 2, true
	}
	return w, false
}

// HelpBlock draws one section: its title, then a line per entry with the
// key in a column keyW wide.
func HelpBlock(sh *Context, sec HelpSection, keyW, colW int) []string {
	s := sh.Styles
	out := []string{s.HelpTitle.Render(Clip(" "+sh.T(sec.TitleKey), colW))}
	for _, e := range sec.Entries {
		out = append(out, Clip("  "+s.Bold.Render(Fit(e.Key, keyW))+" "+e.Desc, colW))
	}
	return out
}

// SideBySide sets left and right next to each other, the left padded to
// colW cells.
func SideBySide(left, right []string, colW int) []string {
	var out []string
	for i := 0; i < max(len(left), len(right)); i++ {
		l, r := "", ""
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		out = append(out, PadCells(l, colW)+" "+r)
	}
	return out
}

func concat(blocks [][]string) []string {
	var out []string
	for _, b := range blocks {
		out = append(out, b...)
	}
	return out
}
