package findings

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"outsec/model"
)

// The incident register (安全事件, GB/T 32926—2016 附录 A A.7, 8.1 e)): when
// an incident was found, to whom and when it was reported against the
// contract's reporting deadline (the parameter notify_hours of the clauses
// sec.a5 and nda.b3), what happened, its impact and handling, the cause
// analysis, and when it was closed. The measures against recurrence are
// findings with the source "incident", each with its corrective action.

// ContractClauses are the contract's clauses that set the reporting
// deadline (model/contract: sec.a5 6.2.1 a) 5), nda.b3 6.4 b) 3)).
const ContractClauses = "sec.a5, nda.b3"

// TimeLayout is how an incident's times are written and typed: a day and a
// time of day, to the minute.
const TimeLayout = "2006-01-02 15:04"

// ParseTime reads a time typed by a user: YYYY-MM-DD HH:MM (also with / or
// ., or a T between day and time); a day alone is its midnight.
func ParseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, true
	}
	s = strings.NewReplacer("/", "-", ".", "-", "T", " ", "：", ":").Replace(s)
	for _, l := range []string{TimeLayout, "2006-1-2 15:04", "2006-01-02 15:04:05", model.DateLayout, "2006-1-2"} {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// FormatTime is t as TimeLayout; empty for the zero time.
func FormatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(TimeLayout)
}

// Incident is one information security incident.
type Incident struct {
	ID          int64      `json:"id"`
	Title       string     `json:"title"`
	FoundAt     time.Time  `json:"found_at"`
	ReportedTo  string     `json:"reported_to,omitempty"`
	ReportedAt  time.Time  `json:"reported_at,omitzero"`
	Description string     `json:"description,omitempty"`
	Impact      string     `json:"impact,omitempty"`
	Handling    string     `json:"handling,omitempty"`
	Cause       string     `json:"cause,omitempty"` // the cause analysis (8.1 e))
	ClosedOn    model.Date `json:"closed_on,omitempty"`
	Recorder    string     `json:"recorder,omitempty"`
}

// NotifyHours reads the contract's reporting deadline (notify_hours, a
// number of hours); ok is false when it is not a positive number.
func NotifyHours(v string) (float64, bool) {
	h, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || h <= 0 || math.IsInf(h, 0) || math.IsNaN(h) {
		return 0, false
	}
	return h, true
}

// Deadline is when the incident had to be reported, notify hours after it
// was found.
func (in *Incident) Deadline(hours float64) time.Time {
	return in.FoundAt.Add(time.Duration(hours * float64(time.Hour)))
}

// Late reports whether the incident was reported after the deadline, or
// is not reported and now is past it (A.7 c)).
func (in *Incident) Late(hours float64, now time.Time) bool {
	if in.FoundAt.IsZero() || hours <= 0 {
		return false
	}
	dl := in.Deadline(hours)
	if in.ReportedAt.IsZero() {
		return now.After(dl)
	}
	return in.ReportedAt.After(dl)
}

// HoursToReport is how long after it was found the incident was reported;
// -1 when not reported.
func (in *Incident) HoursToReport() float64 {
	if in.ReportedAt.IsZero() || in.FoundAt.IsZero() {
		return -1
	}
	return in.ReportedAt.Sub(in.FoundAt).Hours()
}

// Closed reports whether the incident is closed.
func (in *Incident) Closed() bool { return in.ClosedOn != "" }

// Validate is every problem of the incident's fields.
func (in *Incident) Validate() model.ValidationError {
	var v model.ValidationError
	add := func(field, key string, clause model.Clause, args ...any) {
		v = append(v, model.FieldError{Field: field, Key: key, Args: args, Clause: clause})
	}
	text := func(field, s string, max int, required bool, clause model.Clause) {
		switch {
		case required && strings.TrimSpace(s) == "":
			add(field, "err.required", clause)
		case utf8.RuneCountInString(s) > max:
			add(field, "err.too_long", clause, max)
		}
	}
	text("incident.title", in.Title, model.MaxShortText, true, ClauseReport)
	if in.FoundAt.IsZero() {
		add("incident.found_at", "err.required", ClauseReport)
	}
	text("incident.reported_to", in.ReportedTo, model.MaxShortText, false, ClauseReport)
	if !in.ReportedAt.IsZero() && in.ReportedAt.Before(in.FoundAt) {
		add("incident.reported_at", "findings.err.reported_before_found", ClauseReport)
	}
	if !in.ReportedAt.IsZero() && strings.TrimSpace(in.ReportedTo) == "" {
		add("incident.reported_to", "err.required", ClauseReport)
	}
	text("incident.description", in.Description, model.MaxLongText, false, ClauseReport)
	text("incident.impact", in.Impact, model.MaxLongText, false, ClauseReport)
	text("incident.handling", in.Handling, model.MaxLongText, false, ClauseReport)
	text("incident.cause", in.Cause, model.MaxLongText, false, ClauseCause)
	if !in.ClosedOn.Valid() {
		add("incident.closed_on", "err.date", ClauseReport)
	} else if in.ClosedOn != "" && !in.FoundAt.IsZero() && in.ClosedOn.Before(model.Date(in.FoundAt.Format(model.DateLayout))) {
		add("incident.closed_on", "findings.err.closed_before_found", ClauseReport)
	}
	if in.ClosedOn != "" && strings.TrimSpace(in.Cause) == "" {
		// 8.1 e): the causes are analysed before the incident is closed.
		add("incident.cause", "findings.err.cause_needed", ClauseCause)
	}
	return v
}

// Normalise trims the text fields.
func (in *Incident) Normalise() {
	for _, p := range []*string{&in.Title, &in.ReportedTo, &in.Description, &in.Impact, &in.Handling, &in.Cause, &in.Recorder} {
		*p = strings.TrimSpace(*p)
	}
	in.FoundAt = in.FoundAt.Truncate(time.Minute)
	in.ReportedAt = in.ReportedAt.Truncate(time.Minute)
}
