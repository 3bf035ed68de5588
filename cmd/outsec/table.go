package main

import (
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"outsec/internal/termtext"
)

// table lines up columns by display width: text/tabwriter counts runes, and a
// Chinese character takes two cells of the terminal.
type table struct {
	rows [][]string
}

// add adds a row. Cells come from the database and from files: their
// control characters are shown escaped, so that no cell can act on the
// terminal.
func (t *table) add(cells ...string) {
	for i, c := range cells {
		cells[i] = termtext.Escape(c)
	}
	t.rows = append(t.rows, cells)
}

func (t *table) write(w io.Writer) error {
	var widths []int
	for _, r := range t.rows {
		for i, c := range r {
			if i == len(r)-1 {
				continue // the last column is not padded
			}
			for len(widths) <= i {
				widths = append(widths, 0)
			}
			if n := ansi.StringWidth(c); n > widths[i] {
				widths[i] = n
			}
		}
	}
	var b strings.Builder
	for _, r := range t.rows {
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-ansi.StringWidth(c)+2))
			}
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
