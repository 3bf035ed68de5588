package model

import "testing"

func TestMask(t *testing.T) {
	for _, c := range []struct{ in, id, phone string }{
		{"110101199001011234", "1101**********1234", "110***********1234"},
		{"H00000000", "H0*****00", "H000*0000"},
		{"138 0000 0011", "138 *****0011", "138 **** 0011"},
		{"", "", ""},
		{"AB12", "***2", "AB12"},
	} {
		if got := MaskID(c.in); got != c.id {
			t.Errorf("MaskID(%q) = %q, want %q", c.in, got, c.id)
		}
		if got := MaskPhone(c.in); got != c.phone {
			t.Errorf("MaskPhone(%q) = %q, want %q", c.in, got, c.phone)
		}
	}
}
