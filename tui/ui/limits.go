package ui

import (
	"sync"
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

// liveValue is the accessor of a limited field: it writes the form's value
// to *v, as huh's own pointer accessor does, and keeps a copy under a lock
// for the counter in the title — huh evaluates a TitleFunc in a command, off
// the event loop, where reading *v would race with the next key.
type liveValue struct {
	v    *string
	mu   sync.Mutex
	seen string
}

func newLiveValue(v *string) *liveValue { return &liveValue{v: v, seen: *v} }

func (l *liveValue) Get() string { return *l.v }

func (l *liveValue) Set(s string) {
	*l.v = s
	l.mu.Lock()
	l.seen = s
	l.mu.Unlock()
}

func (l *liveValue) current() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.seen
}

// LimitedInput makes i an input of at most limit characters with a visible
// counter (title is its title, v its value, already bound with Value);
// validate are its other checks.
func LimitedInput(sh *Context, i *huh.Input, title string, v *string, limit int, validate ...func(string) error) *huh.Input {
	lv := newLiveValue(v)
	return i.Accessor(lv).TitleFunc(func() string { return LimitTitle(sh, title, lv.current(), limit) }, v).
		CharLimit(limit * overLimitFactor).Validate(limitValidate(sh, title, limit, validate))
}

// LimitedText is LimitedInput for a text area.
func LimitedText(sh *Context, t *huh.Text, title string, v *string, limit int, validate ...func(string) error) *huh.Text {
	lv := newLiveValue(v)
	return t.Accessor(lv).TitleFunc(func() string { return LimitTitle(sh, title, lv.current(), limit) }, v).
		CharLimit(limit * overLimitFactor).Validate(limitValidate(sh, title, limit, validate))
}
