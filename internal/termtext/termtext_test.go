package termtext

import (
	"strings"
	"testing"
)

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"2026-001 风险评估":           "2026-001 风险评估",
		"a\r\x1b[2K✔ 签名有效\x1b[8m": `a\r\e[2K✔ 签名有效\e[8m`,
		"\x1b]0;owned\x07":        `\e]0;owned\x07`,
		"x\ny\tz\x7f":             `x\ny\tz\x7f`,
		"\u009b31m \u202eabc":     `\x9b31m \u202eabc`,
		"bad \xff byte":           `bad \xff byte`,
		`C:\Users\x`:              `C:\Users\x`,
	} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
	if got := EscapeLines("a\n\tb\x1b"); got != "a\n\tb\\e" {
		t.Errorf("EscapeLines: %q", got)
	}
}

func TestQuoteCutsAHugeValue(t *testing.T) {
	huge := strings.Repeat("界\x1b", 5<<20)
	q := Quote(huge)
	if len(q) > 4*MaxQuote+20 || strings.ContainsRune(q, 0x1b) || !strings.HasSuffix(q, "…(10485760)") {
		t.Fatalf("%d bytes: %.200q", len(q), q)
	}
	if Quote("short") != "short" {
		t.Fatal(Quote("short"))
	}
}
