// Package supervision is the process assessment and audit of GB/T
// 32926—2016 7.1 (服务过程评估审计), one record per period, and what the
// supervision workflows (7.1, 7.2, annex A) report to the lifecycle. Pure: no
// SQL, no terminal, no files.
package supervision

import (
	"strings"
	"time"
	"unicode/utf8"

	"outsec/model"
)

// Clauses of the process assessment and its rules.
const (
	Clause       model.Clause = "GB/T 32926—2016 7.1"
	ClauseA      model.Clause = "GB/T 32926—2016 7.1 a)"
	ClauseB      model.Clause = "GB/T 32926—2016 7.1 b)"
	ClauseC      model.Clause = "GB/T 32926—2016 7.1 c)"
	ClauseD      model.Clause = "GB/T 32926—2016 7.1 d)"
	ClausePeriod model.Clause = "GB/T 32926—2016 7.1; 6.3 a) 6)"
	// ClauseRisk: a change of b) 1), 3) or 4) is new risk: the risk
	// assessment is brought up to date (5.1).
	ClauseRisk model.Clause = "GB/T 32926—2016 7.1 b) 1), 3), 4); 5.1"
	// ClauseRescreen: b) 2), the reliability of the vendor and its staff,
	// is judged again by a new screening (6.1).
	ClauseRescreen model.Clause = "GB/T 32926—2016 7.1 b) 2); 6.1"
	// ClauseAdjust: adjusting the requirements on the vendor changes the
	// contract's security factors (6.2.1 b)).
	ClauseAdjust model.Clause = "GB/T 32926—2016 7.1 d); 6.2.1 b)"
	// ClauseFiled: supervision runs once the filing is submitted (6.5 a)).
	ClauseFiled model.Clause = "GB/T 32926—2016 6.5 a); 7.1"
)

// Rating is how well the security of the service is carried out (7.1 a)).
type Rating string

const (
	RatingUnset Rating = ""
	Good        Rating = "good"       // 良好
	Adequate    Rating = "adequate"   // 基本满足
	Inadequate  Rating = "inadequate" // 不满足
)

// Ratings lists the ratings in the order a form offers them.
var Ratings = []Rating{Good, Adequate, Inadequate}

// Valid reports whether r is a rating.
func (r Rating) Valid() bool { return r == Good || r == Adequate || r == Inadequate }

// Key is the catalog key of the rating's name.
func (r Rating) Key() string {
	if r == RatingUnset {
		return "audit.rating.unset"
	}
	return "audit.rating." + string(r)
}

// Aspect is one of the five aspects of 7.1 b) 1)–5).
type Aspect int

// The aspects of 7.1 b).
const (
	AspectOrganisation Aspect = iota // 1) new vulnerabilities in organisation, personnel, data management
	AspectReliability                // 2) the reliability of the vendor and its staff
	AspectThreats                    // 3) new threats from a change of service type, mode or products
	AspectImpacts                    // 4) new impacts of exploitable vulnerabilities
	AspectIncidents                  // 5) the readiness of incident handling
)

// Aspects lists them in order.
var Aspects = []Aspect{AspectOrganisation, AspectReliability, AspectThreats, AspectImpacts, AspectIncidents}

// Key is the catalog key of the aspect's text.
func (a Aspect) Key() string { return "audit.aspect." + itoa(int(a)+1) }

// Label is "b) 1)".
func (a Aspect) Label() string { return "b) " + itoa(int(a)+1) + ")" }

// Clause is the aspect's clause.
func (a Aspect) Clause() model.Clause { return ClauseB + " " + model.Clause(itoa(int(a)+1)+")") }

// Change is the finding on one aspect: no change, or a change with what.
type Change struct {
	Changed     bool   `json:"changed"`
	Description string `json:"description,omitempty"`
}

// Measure is one new preventive or improvement measure of 7.1 d).
type Measure struct {
	Text  string     `json:"text"`
	Owner string     `json:"owner,omitempty"`
	Due   model.Date `json:"due,omitempty"`
	// Finding is the corrective action the approval made of it; 0: none yet.
	Finding int64 `json:"finding,omitempty"`
}

// Assessment is the process assessment and audit of one period.
type Assessment struct {
	ID       int64      `json:"-"`
	UID      string     `json:"uid"`
	Period   string     `json:"period"` // "2026 年第一季度", "2026-Q1"
	Date     model.Date `json:"date"`
	Assessor string     `json:"assessor"`

	// a) how the security of the service is carried out.
	Rating  Rating `json:"rating"`
	Summary string `json:"summary,omitempty"`

	// b) 1)–5).
	Changes [5]Change `json:"changes"`

	// c) the audit of how the outsourcing is managed.
	AuditItems    string `json:"audit_items,omitempty"`
	AuditFindings string `json:"audit_findings,omitempty"`

	// d) new measures, approved by the leader.
	Measures   []Measure  `json:"measures,omitempty"`
	Leader     string     `json:"leader,omitempty"`
	ApprovedOn model.Date `json:"approved_on,omitempty"`
	// Adjust: the requirements on the vendor are to be adjusted (a change
	// of the contract's security factors, 6.2.1 b)), with what.
	Adjust     bool   `json:"adjust,omitempty"`
	AdjustNote string `json:"adjust_note,omitempty"`
	// FactorChange is the contract factor change the adjustment recorded.
	FactorChange int64 `json:"factor_change,omitempty"`

	// Saved is when the record was last saved (the store fills it): the
	// rules of b) compare it with the last change of the risk assessment
	// and the screening.
	Saved time.Time `json:"-"`
}

// changedAt is when a change the record holds counts from: when it was
// saved, else its date.
func (a *Assessment) changedAt() time.Time {
	if !a.Saved.IsZero() {
		return a.Saved
	}
	return a.Date.Time()
}

// Approved reports whether the leader approved the measures of d).
func (a *Assessment) Approved() bool { return a.Leader != "" && a.ApprovedOn != "" }

// RiskChange reports whether a change under b) 1), 3) or 4) is recorded.
func (a *Assessment) RiskChange() bool {
	return a.Changes[AspectOrganisation].Changed || a.Changes[AspectThreats].Changed || a.Changes[AspectImpacts].Changed
}

// ReliabilityChange reports whether a change under b) 2) is recorded.
func (a *Assessment) ReliabilityChange() bool { return a.Changes[AspectReliability].Changed }

type checker struct{ errs model.ValidationError }

func (c *checker) add(field, key string, clause model.Clause, args ...any) {
	c.errs = append(c.errs, model.FieldError{Field: field, Key: key, Args: args, Clause: clause})
}

func (c *checker) text(field, v string, max int) {
	if utf8.RuneCountInString(v) > max {
		c.add(field, "err.too_long", "", max)
	}
	if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
		c.add(field, "err.bad_text", "")
	}
}

// fp is the field prefix: the labels are the catalog's field.audit.*.
const fp = "audit"

// Validate checks the record before it is saved.
func (a *Assessment) Validate() model.ValidationError {
	c := &checker{}
	if strings.TrimSpace(a.Period) == "" {
		c.add(fp+".period", "err.required", Clause)
	}
	c.text(fp+".period", a.Period, model.MaxShortText)
	switch {
	case a.Date.IsZero():
		c.add(fp+".date", "err.required", Clause)
	case !a.Date.Valid():
		c.add(fp+".date", "err.date", Clause)
	}
	if strings.TrimSpace(a.Assessor) == "" {
		c.add(fp+".assessor", "err.required", Clause)
	}
	c.text(fp+".assessor", a.Assessor, model.MaxShortText)
	if !a.Rating.Valid() {
		c.add(fp+".rating", "audit.err.rating", ClauseA)
	}
	c.text(fp+".summary", a.Summary, model.MaxLongText)
	for i, ch := range a.Changes {
		if ch.Changed && strings.TrimSpace(ch.Description) == "" {
			c.add(fp+".changes["+itoa(i)+"].description", "audit.err.change_what", Aspects[i].Clause())
		}
		c.text(fp+".changes["+itoa(i)+"].description", ch.Description, model.MaxLongText)
	}
	c.text(fp+".audit_items", a.AuditItems, model.MaxLongText)
	c.text(fp+".audit_findings", a.AuditFindings, model.MaxLongText)
	for i, m := range a.Measures {
		p := fp + ".measures[" + itoa(i) + "]"
		if strings.TrimSpace(m.Text) == "" {
			c.add(p+".text", "err.required", ClauseD)
		}
		c.text(p+".text", m.Text, model.MaxLongText)
		c.text(p+".owner", m.Owner, model.MaxShortText)
		if !m.Due.Valid() {
			c.add(p+".due", "err.date", ClauseD)
		}
	}
	c.text(fp+".leader", a.Leader, model.MaxShortText)
	if !a.ApprovedOn.Valid() {
		c.add(fp+".approved_on", "err.date", ClauseD)
	}
	if (a.Leader == "") != (a.ApprovedOn == "") {
		c.add(fp+".approved_on", "audit.err.approval", ClauseD)
	}
	if a.ApprovedOn != "" && a.ApprovedOn.Before(a.Date) {
		c.add(fp+".approved_on", "audit.err.approved_before", ClauseD, string(a.Date))
	}
	if a.Adjust && strings.TrimSpace(a.AdjustNote) == "" {
		c.add(fp+".adjust_note", "audit.err.adjust_what", ClauseAdjust)
	}
	c.text(fp+".adjust_note", a.AdjustNote, model.MaxLongText)
	if len(c.errs) == 0 {
		return nil
	}
	return c.errs
}

// NextDue is when the assessment after last is due, months after it; with
// none yet, months after start (the contract's signing). Empty when months
// is not set.
func NextDue(last, start model.Date, months int) model.Date {
	from := last
	if from == "" {
		from = start
	}
	if months <= 0 || from == "" {
		return ""
	}
	return model.Date(from.Time().AddDate(0, months, 0).Format(model.DateLayout))
}

// Overdue reports whether the assessment due on due is overdue on today.
func Overdue(due, today model.Date) bool { return due != "" && due.Before(today) }

// Latest is the assessment with the latest date; nil when none.
func Latest(as []Assessment) *Assessment {
	var out *Assessment
	for i := range as {
		if out == nil || out.Date.Before(as[i].Date) {
			out = &as[i]
		}
	}
	return out
}

// LatestRiskChange is when the latest assessment recording a change under
// b) 1), 3) or 4) was saved; zero when none.
func LatestRiskChange(as []Assessment) time.Time {
	return latest(as, (*Assessment).RiskChange)
}

// LatestReliabilityChange is when the latest assessment recording a change
// under b) 2) was saved; zero when none.
func LatestReliabilityChange(as []Assessment) time.Time {
	return latest(as, (*Assessment).ReliabilityChange)
}

func latest(as []Assessment, has func(*Assessment) bool) time.Time {
	var at time.Time
	for i := range as {
		if has(&as[i]) {
			if t := as[i].changedAt(); t.After(at) {
				at = t
			}
		}
	}
	return at
}

func itoa(i int) string {
	if i < 10 && i >= 0 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}
