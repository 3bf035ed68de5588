package model

import (
	"strings"
	"time"
)

// DateLayout is how a calendar date is written everywhere in outsec: data, case
// files and the forms.
const DateLayout = "2006-01-02"

// Date is a calendar day without a time of day, written YYYY-MM-DD. The zero
// value is "not set".
type Date string

// ParseDate reads a date typed by a user. It accepts YYYY-MM-DD, and also
// YYYY/MM/DD and YYYY.MM.DD, which officials often type.
func ParseDate(s string) (Date, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", true
	}
	s = strings.NewReplacer("/", "-", ".", "-").Replace(s)
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		// Accept single-digit months and days: 2026-3-1.
		t, err = time.Parse("2006-1-2", s)
		if err != nil {
			return "", false
		}
	}
	return Date(t.Format(DateLayout)), true
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d == "" }

// Valid reports whether d is unset or a real calendar date in canonical form.
func (d Date) Valid() bool {
	if d == "" {
		return true
	}
	t, err := time.Parse(DateLayout, string(d))
	return err == nil && t.Format(DateLayout) == string(d)
}

// Time returns the date at midnight UTC; the zero time when unset or invalid.
func (d Date) Time() time.Time {
	t, err := time.Parse(DateLayout, string(d))
	if err != nil {
		return time.Time{}
	}
	return t
}

// Before reports whether d is strictly earlier than o; unset dates compare false.
func (d Date) Before(o Date) bool {
	if d == "" || o == "" {
		return false
	}
	return d.Time().Before(o.Time())
}
