// Package markdown renders a filled document as Markdown: the filled text
// itself, in its normalised form (LF line ends, no trailing spaces, at most
// one blank line in a row, one final new line).
package markdown

import (
	"strings"

	"outsec/templates/render"
)

// Render returns the document's Markdown.
func Render(d *render.Document) ([]byte, error) {
	return Normalise(d.Source), nil
}

// Normalise is the canonical form of Markdown text. It is idempotent.
func Normalise(b []byte) []byte {
	s := strings.TrimPrefix(string(b), "\ufeff")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	var out strings.Builder
	blank := 0
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimRight(l, " \t")
		if l == "" {
			blank++
			continue
		}
		if out.Len() > 0 && blank > 0 {
			out.WriteString("\n")
		}
		blank = 0
		out.WriteString(l)
		out.WriteString("\n")
	}
	return []byte(out.String())
}
