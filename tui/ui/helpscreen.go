package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// HelpView is the full help: what outsec is, every key by where it applies,
// and what the marks in the list mean. Two columns when they fit.
func HelpView(sh *Context, w int) string {
	version := sh.Version
	T, s := sh.T, sh.Styles
	var head []string
	head = append(head, s.Title.Render(Fit(" "+T("tui.helpscreen.title", version), w)))
	for _, l := range Wrap(T("tui.helpscreen.about"), w, " ", " ") {
		head = append(head, l)
	}
	head = append(head, "")

	keyW := 0
	sections := sh.Keys.FullHelp()
	for _, sec := range sections {
		for _, e := range sec.Entries {
			keyW = max(keyW, ansi.StringWidth(e.Key))
		}
	}
	keyW = min(keyW, 14)
	var blocks [][]string
	render := func(title string, entries []HelpEntry, colW int) []string {
		out := []string{s.HelpTitle.Render(Clip(" "+title, colW))}
		for _, e := range entries {
			out = append(out, Clip("  "+s.Bold.Render(Fit(e.Key, keyW))+" "+e.Desc, colW))
		}
		return out
	}
	twoCols := w >= 80
	colW := w
	if twoCols {
		colW = (w - 1) / 2
	}
	for _, sec := range sections {
		blocks = append(blocks, render(T(sec.TitleKey), sec.Entries, colW))
	}
	// The marks of the list, explained.
	blocks = append(blocks, render(T("tui.helpscreen.marks"), []HelpEntry{
		{T("tui.mark.sample"), T("tui.helpscreen.mark_sample")},
		{T("tui.mark.stop"), T("tui.helpscreen.mark_stop")},
	}, colW))

	var body []string
	if twoCols {
		total := 0
		for _, b := range blocks {
			total += len(b)
		}
		// Split the blocks, in order, where the two columns come out most even.
		split, best, lh := 1, total, 0
		for k := 1; k < len(blocks); k++ {
			lh += len(blocks[k-1])
			if m := max(lh, total-lh); m < best {
				split, best = k, m
			}
		}
		var left, right []string
		for i, b := range blocks {
			if i < split {
				left = append(left, b...)
			} else {
				right = append(right, b...)
			}
		}
		for i := 0; i < max(len(left), len(right)); i++ {
			l, r := "", ""
			if i < len(left) {
				l = left[i]
			}
			if i < len(right) {
				r = right[i]
			}
			body = append(body, PadCells(l, colW)+" "+r)
		}
	} else {
		for _, b := range blocks {
			body = append(body, b...)
		}
	}
	return strings.Join(append(head, body...), "\n")
}
