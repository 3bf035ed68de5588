// Package termtext makes text read from a file or the database safe to show
// on a terminal: control characters cannot move the cursor, clear a line,
// hide text or retitle the window, and a hostile value quoted in a message
// is cut to a readable length. The command line and the workbench both use it.
package termtext

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// MaxQuote is how many characters of a value a message quotes.
const MaxQuote = 80

// IsControl reports whether r would act on a terminal rather than show:
// C0 (newline and tab included), DEL, C1, and the bidirectional overrides
// and isolates that reorder what follows them.
func IsControl(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) ||
		(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// Escape shows every control character of s as an escape (\n, \r, \t, \e,
// \x07, \u202e) and every byte that is not UTF-8 as \xNN, so the text is
// seen as it is and does nothing to the terminal.
func Escape(s string) string { return escape(s, false) }

// EscapeLines is Escape that keeps newlines and tabs: for text of several
// lines, such as a note, shown as such.
func EscapeLines(s string) string { return escape(s, true) }

func escape(s string, keepLines bool) string {
	if clean(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case !IsControl(r), keepLines && (r == '\n' || r == '\t'):
			b.WriteString(s[i : i+size])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == 0x1b:
			b.WriteString(`\e`)
		case r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
		i += size
	}
	return b.String()
}

// Quote is a value for a message: escaped, and cut after MaxQuote
// characters with the length of the whole, so that a 5 MB field gives a
// line, not 5 MB.
func Quote(s string) string { return QuoteN(s, MaxQuote) }

// QuoteN is Quote with another limit.
func QuoteN(s string, max int) string { return Escape(Cut(s, max)) }

// Cut keeps the first max characters of s and, when it drops any, says how
// long s was: "…(5242880)".
func Cut(s string, max int) string {
	n := 0
	for i := range s {
		if n == max {
			return s[:i] + fmt.Sprintf("…(%d)", utf8.RuneCountInString(s))
		}
		n++
	}
	return s
}

func clean(s string) bool {
	for i := 0; i < len(s); {
		if c := s[i]; c >= 0x20 && c < 0x7f {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size <= 1) || IsControl(r) {
			return false
		}
		i += size
	}
	return true
}
