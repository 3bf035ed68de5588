package contract

import (
	"strings"

	"outsec/model"
)

// ClauseSigning: the plan is drawn up after the contract is signed (6.3 a)),
// the filing made after it (6.5 a)).
const ClauseSigning model.Clause = Std + " 6.3 a), 6.5 a)"

// Signing is the signing of the service contract: when, by whom on each
// side, under which number, and which version of the contract was signed.
// 6.3 a) and 6.5 a) count from it, not from the review.
type Signing struct {
	Date            model.Date `json:"date"`
	Number          string     `json:"number,omitempty"`
	Version         string     `json:"version,omitempty"`
	DeptSignatory   string     `json:"dept_signatory,omitempty"`
	VendorSignatory string     `json:"vendor_signatory,omitempty"`
}

// Signed reports whether the signing is recorded.
func (s Signing) Signed() bool { return !s.Date.IsZero() }

// Normalise trims the fields and writes the date as YYYY-MM-DD.
func (s *Signing) Normalise() {
	for _, f := range []*string{&s.Number, &s.Version, &s.DeptSignatory, &s.VendorSignatory} {
		*f = strings.TrimSpace(*f)
	}
	if d, ok := model.ParseDate(strings.TrimSpace(string(s.Date))); ok {
		s.Date = d
	}
}

// Validate checks a signing to record: a valid date, the signatories of both
// parties and the contract's number; fields are "contract.signing.<field>".
func (s Signing) Validate() model.ValidationError {
	c := &checker{}
	switch {
	case s.Date.IsZero():
		c.add(fp+"signing.date", "err.required", ClauseSigning)
	case !s.Date.Valid():
		c.add(fp+"signing.date", "err.date", ClauseSigning)
	}
	for _, f := range []struct {
		name, v string
		req     bool
	}{{"number", s.Number, true}, {"version", s.Version, false}, {"dept_signatory", s.DeptSignatory, true},
		{"vendor_signatory", s.VendorSignatory, true}} {
		if f.req && f.v == "" {
			c.add(fp+"signing."+f.name, "err.required", ClauseSigning)
		}
		c.line(fp+"signing."+f.name, f.v, model.MaxShortText, ClauseSigning)
	}
	return c.errs
}

// signedLacks reports whether the review was finished after the contract was
// signed and found gaps: the signed contract lacks clauses and needs an update.
func (c *Contract) signedLacks(blocks []model.Block) bool {
	return c.Signing.Signed() && c.Review.Date != "" && c.Signing.Date.Before(c.Review.Date) && len(blocks) > 0
}

// SampleSigning is the signing of the sample engagement's contract
// (SampleContract), after its review. lang is "zh-CN" or "en".
func SampleSigning(lang string) Signing {
	if lang == "en" {
		return Signing{Date: "2026-03-30", Number: "HT-2026-017 (sample)", Version: "v1.0",
			DeptSignatory: "Wang Ming, Deputy Director", VendorSignatory: "Chen Jing"}
	}
	return Signing{Date: "2026-03-30", Number: "HT-2026-017(示例)", Version: "v1.0", DeptSignatory: "王明 副局长", VendorSignatory: "陈静"}
}
