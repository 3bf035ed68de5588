package model

import "testing"

// Issue 17, hole 6: the code names files (2026-001-RA-01.pdf); one starting
// with "." makes hidden files that verify skips. Codes keep to a safe set.
func TestEngagementCodeSafeCharacters(t *testing.T) {
	for _, code := range []string{"2026-001", "京财-2026_01", "A.1", ""} {
		e := valid()
		e.Code = code
		if f, ok := fields(e.Validate())["code"]; ok {
			t.Errorf("%q refused: %+v", code, f)
		}
	}
	for _, code := range []string{".hidden", "-rf", "a/b", `a\b`, "a b", "a..b", "x\x1b[2K", "a:b", "a*", "a.", "..", "名\u202e"} {
		e := valid()
		e.Code = code
		f, ok := fields(e.Validate())["code"]
		if !ok || f.Key != "err.code_chars" {
			t.Errorf("%q accepted: %+v", code, f)
		}
	}
}
