package model

import "unicode"

// Masking of personal data in documents and register exports (GB/T
// 39477—2020 6.2.3: data shown only as far as the purpose needs): an
// identity document number keeps its first and last four characters
// (1101**********1234), a phone number its first three and last four
// digits (138 **** 0011). Short values keep less. The person NDA shows its
// own signatory's number in full; case files carry everything.

// MaskID masks the middle of an identity document number.
func MaskID(s string) string {
	r := []rune(s)
	n := len(r)
	keep := 4
	switch {
	case n == 0:
		return s
	case n < 6:
		keep = 0
	case n < 12:
		keep = 2
	}
	if keep == 0 {
		for i := range r[:n-1] {
			r[i] = '*'
		}
		return string(r)
	}
	for i := keep; i < n-keep; i++ {
		r[i] = '*'
	}
	return string(r)
}

// MaskPhone masks the middle digits of a phone number, keeping its spaces,
// dashes and a leading +.
func MaskPhone(s string) string {
	r := []rune(s)
	var digits []int
	for i, c := range r {
		if unicode.IsDigit(c) {
			digits = append(digits, i)
		}
	}
	n := len(digits)
	head, tail := 3, 4
	if n < 8 {
		head, tail = 0, 2
	}
	for k, i := range digits {
		if k >= head && k < n-tail {
			r[i] = '*'
		}
	}
	return string(r)
}
