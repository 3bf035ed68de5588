package contract

import (
	"strconv"
	"strings"

	"outsec/model"
)

// Kind is what a parameter's value is.
type Kind string

const (
	// KindNumber is a non-negative number, whole or decimal ("24", "0.5"),
	// counted in the parameter's Unit.
	KindNumber Kind = "number"
	// KindPercent is a number from 0 to 100, stored without "%" ("99.9").
	KindPercent Kind = "percent"
	// KindDuration is a whole number with a unit of time, stored as
	// "<n><unit>" with the unit one of DurationUnits ("30d", "6mo", "4h").
	KindDuration Kind = "duration"
	// KindText is one line of text ("7×24", "合同总额的 10%").
	KindText Kind = "text"
)

// Param is a value the drafted wording of an item, or an SLA indicator,
// needs: a deadline, a penalty, a retention period, a service level.
type Param struct {
	// Name is stable: values are stored and exchanged under it, and the
	// wording refers to it as {Name}.
	Name  string
	Label Text
	// Unit follows a number when it is written ("小时"/"hour|hours": an
	// English unit may give its singular and plural forms); empty for the
	// other kinds (a duration carries its unit in its value).
	Unit    Text
	Default string
	Kind    Kind
}

// LabelText is the parameter's name in lang.
func (p Param) LabelText(lang string) string { return p.Label.In(lang) }

// UnitText is the parameter's unit in lang, in the plural where English has
// one ("hours").
func (p Param) UnitText(lang string) string { return p.unit(lang, "") }

// unit is the unit in lang for value: an English unit written "hour|hours"
// is singular for "1" and plural otherwise.
func (p Param) unit(lang, value string) string {
	u := p.Unit.In(lang)
	one, many, ok := strings.Cut(u, "|")
	if !ok {
		return u
	}
	if value == "1" {
		return one
	}
	return many
}

// LabelKey is the catalog key of the parameter's name as a field label
// (i18n/locales/*/contract.json): the label of a FieldError on it.
func (p Param) LabelKey() string { return "field.contract.params." + p.Name }

// DurationUnit is a unit of a KindDuration value.
type DurationUnit struct {
	Code     string // as stored: "d"
	ZH       string // "天"
	EN, ENPl string // "day", "days"
}

// DurationUnits are the units of a duration, shortest first.
var DurationUnits = []DurationUnit{
	{"min", "分钟", "minute", "minutes"},
	{"h", "小时", "hour", "hours"},
	{"d", "天", "day", "days"},
	{"wd", "个工作日", "working day", "working days"},
	{"w", "周", "week", "weeks"},
	{"mo", "个月", "month", "months"},
	{"y", "年", "year", "years"},
}

// unitAliases maps what a user may type after the number to a unit code.
var unitAliases = func() map[string]string {
	m := map[string]string{}
	for _, u := range DurationUnits {
		for _, a := range []string{u.Code, u.ZH, u.EN, u.ENPl} {
			m[strings.ToLower(a)] = u.Code
		}
	}
	for a, c := range map[string]string{
		"m": "min", "mins": "min", "分": "min", "hr": "h", "hrs": "h", "时": "h", "个小时": "h",
		"日": "d", "工作日": "wd", "wds": "wd", "个星期": "w", "星期": "w", "个周": "w", "wk": "w", "wks": "w",
		"月": "mo", "mon": "mo", "mos": "mo", "yr": "y", "yrs": "y", "个年": "y",
	} {
		m[a] = c
	}
	return m
}()

// ParseDuration reads a duration as typed ("30d", "30 天", "6 months",
// "6个月") and returns it as stored ("30d", "6mo").
func ParseDuration(s string) (string, bool) {
	s = strings.TrimSpace(toHalfWidth(s))
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 || i > 9 {
		return "", false
	}
	n, err := strconv.Atoi(s[:i])
	if err != nil {
		return "", false
	}
	code, ok := unitAliases[strings.ToLower(strings.TrimSpace(s[i:]))]
	if !ok {
		return "", false
	}
	return strconv.Itoa(n) + code, true
}

// splitDuration splits a stored duration into its number and unit.
func splitDuration(v string) (string, DurationUnit, bool) {
	i := 0
	for i < len(v) && v[i] >= '0' && v[i] <= '9' {
		i++
	}
	if i == 0 {
		return "", DurationUnit{}, false
	}
	for _, u := range DurationUnits {
		if u.Code == v[i:] {
			return v[:i], u, true
		}
	}
	return "", DurationUnit{}, false
}

// toHalfWidth turns full-width digits, the full-width point and percent sign
// (typed with a Chinese input method) into ASCII.
func toHalfWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == '．':
			return '.'
		case r == '％':
			return '%'
		}
		return r
	}, s)
}

// parseNumber reads a non-negative decimal number as typed, returning it as
// stored: no sign, no leading zeros, no trailing zeros after the point.
func parseNumber(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 20 {
		return "", false
	}
	for _, r := range s {
		if (r < '0' || r > '9') && r != '.' {
			return "", false
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 {
		return "", false
	}
	return strconv.FormatFloat(f, 'f', -1, 64), true
}

// Normalise is value as it is stored: trimmed, full-width digits made ASCII,
// a number without leading zeros, a percent without "%", a duration as
// "<n><unit>". A value that cannot be read is returned trimmed, for Check to
// report.
func (p Param) Normalise(value string) string {
	v := strings.TrimSpace(value)
	switch p.Kind {
	case KindNumber:
		if n, ok := parseNumber(toHalfWidth(v)); ok {
			return n
		}
	case KindPercent:
		if n, ok := parseNumber(strings.TrimSuffix(strings.TrimSpace(toHalfWidth(v)), "%")); ok {
			return n
		}
	case KindDuration:
		if d, ok := ParseDuration(v); ok {
			return d
		}
	}
	return v
}

// Check reports what is wrong with value (as stored, after Normalise) under
// field, citing clause. An empty value is "not set" and is allowed.
func (p Param) Check(field, value string, clause model.Clause) model.ValidationError {
	c := &checker{}
	if value == "" {
		return nil
	}
	switch p.Kind {
	case KindNumber:
		if n, ok := parseNumber(value); !ok || n != value {
			c.add(field, "contract.err.number", clause, value)
		}
	case KindPercent:
		n, ok := parseNumber(value)
		if f, _ := strconv.ParseFloat(n, 64); !ok || n != value || f > 100 {
			c.add(field, "contract.err.percent", clause, value)
		}
	case KindDuration:
		if d, ok := ParseDuration(value); !ok || d != value {
			c.add(field, "contract.err.duration", clause, value)
		}
	default:
		c.line(field, value, MaxParamText, clause)
	}
	return c.errs
}

// Format is value written for lang: a number with its unit ("24小时",
// "24 hours"), a percent with "%", a duration in words ("6个月", "6 months").
// An empty value is Blank, with the unit of a number or the "%" of a percent.
func (p Param) Format(lang, value string) string {
	en := isEN(lang)
	unit := p.unit(lang, value)
	sep := ""
	if en && unit != "" {
		sep = " "
	}
	if value == "" {
		switch p.Kind {
		case KindNumber:
			return Blank + sep + unit
		case KindPercent:
			return Blank + "%"
		}
		return Blank
	}
	switch p.Kind {
	case KindNumber:
		return value + sep + unit
	case KindPercent:
		return value + "%"
	case KindDuration:
		n, u, ok := splitDuration(value)
		if !ok {
			return value
		}
		if !en {
			return n + u.ZH
		}
		if n == "1" {
			return n + " " + u.EN
		}
		return n + " " + u.ENPl
	}
	return value
}
