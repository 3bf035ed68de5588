package ui

import (
	"unicode/utf8"

	"charm.land/huh/v2"
)

// Every length limit is visible (issue 16): a field takes more than its
// limit (so that a long paste is kept whole, not cut without a word), shows
// a counter in its title from 80 % of the limit on, and refuses to move on
// while it is over, saying by how much. The model refuses the same lengths
// (model.MaxShortText, MaxLongText …).

// overLimitFactor is how much more than its limit a field takes in.
const overLimitFactor = 3

// LimitTitle is a field's title with its counter: the title alone while the
// value is short, "title (3,850/4,000)" near the limit and over it.
func LimitTitle(sh *Context, title, v string, limit int) string {
	n := utf8.RuneCountInString(v)
	if limit <= 0 || n*5 < limit*4 {
		return title
	}
	if n > limit {
		return title + sh.T("tui.limit.over", n, limit, n-limit)
	}
	return title + sh.T("tui.limit.count", n, limit)
}

// LimitError is the error of a value over its limit, or nil.
func LimitError(sh *Context, title, v string, limit int) error {
	if n := utf8.RuneCountInString(v); limit > 0 && n > limit {
		return Errorf(sh.T("tui.limit.err", title, n, limit, n-limit))
	}
	return nil
}

func limitValidate(sh *Context, title string, limit int, validate []func(string) error) func(string) error {
	return func(s string) error {
		if err := LimitError(sh, title, s, limit); err != nil {
			return err
		}
		for _, f := range validate {
			if err := f(s); err != nil {
				return err
			}
		}
		return nil
	}
}

// LimitedInput makes i an input of at most limit characters with a visible
// counter (title is its title, v its value); validate are its other checks.
func LimitedInput(sh *Context, i *huh.Input, title string, v *string, limit int, validate ...func(string) error) *huh.Input {
	return i.TitleFunc(func() string { return LimitTitle(sh, title, *v, limit) }, v).
		CharLimit(limit * overLimitFactor).Validate(limitValidate(sh, title, limit, validate))
}

// LimitedText is LimitedInput for a text area.
func LimitedText(sh *Context, t *huh.Text, title string, v *string, limit int, validate ...func(string) error) *huh.Text {
	return t.TitleFunc(func() string { return LimitTitle(sh, title, *v, limit) }, v).
		CharLimit(limit * overLimitFactor).Validate(limitValidate(sh, title, limit, validate))
}
