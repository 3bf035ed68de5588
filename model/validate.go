package model

import (
	"fmt"
	"net/mail"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Clause cites a requirement of a standard, e.g. "GB/T 32926—2016 6.5 a) 1)".
type Clause string

// Clauses of GB/T 32926—2016 that the engagement rules come from.
const (
	ClauseRoles        Clause = "GB/T 32926—2016 4.2"
	ClauseLeader       Clause = "GB/T 32926—2016 4.2.2"
	ClauseServiceType  Clause = "GB/T 32926—2016 3.1 注; 6.5 a) 2)"
	ClauseFilingDept   Clause = "GB/T 32926—2016 6.5 a) 1)"
	ClauseFilingVendor Clause = "GB/T 32926—2016 6.5 a) 3)"
	ClauseCloud        Clause = "政府网站云计算服务安全指南 (征求意见稿) 1"
)

// FieldError is one problem with one field. Field is the field's path inside the
// engagement as it appears in a case file ("vendor.lead.phone", "managers[1].email");
// Key names the message in the language catalogs and Args fill it.
type FieldError struct {
	Field  string
	Key    string
	Args   []any
	Clause Clause
}

// LabelKey is the catalog key of the field's name: the path without list indices,
// prefixed "field.".
func (f FieldError) LabelKey() string {
	return "field." + indexRE.ReplaceAllString(f.Field, "")
}

var indexRE = regexp.MustCompile(`\[\d+\]`)

func (f FieldError) Error() string {
	s := f.Field + ": " + f.Key
	if f.Clause != "" {
		s += " (" + string(f.Clause) + ")"
	}
	return s
}

// ValidationError is every problem found in one record. It is returned whole so a
// form or an import can show them all at once.
type ValidationError []FieldError

func (v ValidationError) Error() string {
	parts := make([]string, len(v))
	for i, f := range v {
		parts[i] = f.Error()
	}
	return "invalid: " + strings.Join(parts, "; ")
}

// Limits on free text, so that a stray paste cannot fill a document or a screen.
const (
	MaxShortText = 200
	MaxLongText  = 4000
)

var phoneRE = regexp.MustCompile(`^\+?[0-9(][0-9 ()\-]{4,24}([ ]*(转|ext\.?|x)[ ]*[0-9]{1,6})?$`)

// ValidPhone reports whether s looks like a telephone number: digits with the
// usual separators, an optional leading + and an optional extension (转 123).
func ValidPhone(s string) bool {
	if !phoneRE.MatchString(s) {
		return false
	}
	digits := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	return digits >= 5
}

// ValidCode reports whether s may be an engagement's code. The code names
// the files of every document (2026-001-RA-01.pdf) and a folder on any file
// system, so it keeps to letters (Chinese included), digits and "-", "_",
// ".", starts and ends with a letter or a digit (a leading "." would hide the
// files, and verify skips hidden files) and has no "..".
func ValidCode(s string) bool {
	rs := []rune(s)
	if len(rs) == 0 || !letterOrDigit(rs[0]) || !letterOrDigit(rs[len(rs)-1]) || strings.Contains(s, "..") {
		return false
	}
	for _, r := range rs {
		if !letterOrDigit(r) && r != '-' && r != '_' && r != '.' {
			return false
		}
	}
	return true
}

func letterOrDigit(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// ValidEmail reports whether s is a single bare address.
func ValidEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s[strings.LastIndex(s, "@"):], ".")
}

type checker struct{ errs ValidationError }

func (c *checker) add(field, key string, clause Clause, args ...any) {
	c.errs = append(c.errs, FieldError{Field: field, Key: key, Args: args, Clause: clause})
}

func (c *checker) required(field, value string, clause Clause) {
	if strings.TrimSpace(value) == "" {
		c.add(field, "err.required", clause)
		return
	}
	c.text(field, value, MaxShortText)
}

func (c *checker) text(field, value string, max int) {
	if n := utf8.RuneCountInString(value); n > max {
		c.add(field, "err.too_long", "", max)
	}
	if !utf8.ValidString(value) || strings.ContainsRune(value, 0) {
		c.add(field, "err.bad_text", "")
	}
}

func (c *checker) contact(prefix string, ct Contact, needName bool, clause Clause) {
	if needName || !ct.Empty() {
		c.required(prefix+".name", ct.Name, clause)
	}
	c.text(prefix+".role", ct.Role, MaxShortText)
	if ct.Phone != "" && !ValidPhone(ct.Phone) {
		c.add(prefix+".phone", "err.phone", "")
	}
	if ct.Email != "" && !ValidEmail(ct.Email) {
		c.add(prefix+".email", "err.email", "")
	}
}

// Validate checks what must hold before an engagement is saved. It returns nil
// when the engagement is valid. What is needed only later (the vendor, chosen in
// the selection phase) is not required here; FilingGaps reports it.
func (e *Engagement) Validate() ValidationError {
	c := &checker{}
	c.required("name", e.Name, "")
	c.required("department", e.Department, ClauseFilingDept)
	c.required("responsible_unit", e.ResponsibleUnit, ClauseRoles)
	c.required("leader", e.Leader, ClauseLeader)
	c.text("code", e.Code, 40)
	if strings.TrimSpace(e.Code) != "" && !ValidCode(e.Code) {
		c.add("code", "err.code_chars", "")
	}
	if len(e.Managers) == 0 {
		c.add("managers", "err.manager_needed", ClauseFilingDept)
	}
	for i, m := range e.Managers {
		p := fmt.Sprintf("managers[%d]", i)
		c.contact(p, m, true, ClauseFilingDept)
		if m.Phone == "" && m.Email == "" {
			c.add(p+".phone", "err.contact_needed", ClauseFilingDept)
		}
	}
	if e.ServiceType == "" {
		c.add("service_type", "err.required", ClauseServiceType)
	} else if !e.ServiceType.Valid() {
		c.add("service_type", "err.service_type", ClauseServiceType, string(e.ServiceType))
	}
	if !e.Vendor.Empty() {
		c.required("vendor.name", e.Vendor.Name, ClauseFilingVendor)
	}
	if !e.Vendor.Scale.Valid() {
		c.add("vendor.scale", "err.vendor_scale", ClauseFilingVendor, string(e.Vendor.Scale))
	}
	c.text("vendor.qualifications", e.Vendor.Qualifications, MaxLongText)
	c.contact("vendor.lead", e.Vendor.Lead, false, ClauseFilingVendor)
	if !e.PeriodStart.Valid() {
		c.add("period_start", "err.date", "")
	}
	if !e.PeriodEnd.Valid() {
		c.add("period_end", "err.date", "")
	}
	if e.PeriodStart.Valid() && e.PeriodEnd.Valid() && e.PeriodEnd.Before(e.PeriodStart) {
		c.add("period_end", "err.period_order", "")
	}
	c.text("notes", e.Notes, MaxLongText)
	c.text("service_content", e.ServiceContent, MaxLongText) // 6.5 a) 2)
	if len(c.errs) == 0 {
		return nil
	}
	return c.errs
}

// FilingGaps lists what the engagement record still lacks for the filing with the
// e-government security authority (GB/T 32926—2016 6.5 a) 1)–3)). An engagement
// can be saved with gaps; the lifecycle shows them as what keeps the record open.
func (e *Engagement) FilingGaps() []FieldError {
	c := &checker{}
	if e.Vendor.Name == "" {
		c.add("vendor.name", "gap.vendor_name", ClauseFilingVendor)
	}
	if e.Vendor.Scale == ScaleUnknown {
		c.add("vendor.scale", "gap.vendor_scale", ClauseFilingVendor)
	}
	if strings.TrimSpace(e.Vendor.Qualifications) == "" {
		c.add("vendor.qualifications", "gap.vendor_qualifications", ClauseFilingVendor)
	}
	if e.Vendor.Lead.Name == "" {
		c.add("vendor.lead.name", "gap.vendor_lead", ClauseFilingVendor)
	} else if e.Vendor.Lead.Phone == "" && e.Vendor.Lead.Email == "" {
		c.add("vendor.lead.phone", "gap.vendor_lead_contact", ClauseFilingVendor)
	}
	if e.PeriodStart.IsZero() || e.PeriodEnd.IsZero() {
		c.add("period_start", "gap.period", "")
	}
	return c.errs
}
