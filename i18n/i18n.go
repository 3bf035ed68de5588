// Package i18n holds the zh-CN and en message catalogs. Every string a user sees,
// on screen or from the command line, comes from here. The catalogs are JSON
// files under locales/<lang>/, one file per area of the program, merged at start.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// Lang is a catalog language.
type Lang string

const (
	ZH Lang = "zh-CN"
	EN Lang = "en"
)

// Langs lists the languages; the first is the default.
var Langs = []Lang{ZH, EN}

//go:embed locales
var files embed.FS

var catalogs = map[Lang]map[string]string{}

func init() {
	for _, l := range Langs {
		m, err := load(files, l)
		if err != nil {
			// The catalogs are part of the binary; a broken one is a build defect
			// that the tests catch, so it is reported loudly.
			panic(err)
		}
		catalogs[l] = m
	}
}

func load(fsys fs.FS, l Lang) (map[string]string, error) {
	dir := path.Join("locales", string(l))
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		b, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		var part map[string]string
		if err := json.Unmarshal(b, &part); err != nil {
			return nil, fmt.Errorf("i18n: %s/%s: %w", l, e.Name(), err)
		}
		for k, v := range part {
			if _, dup := m[k]; dup {
				return nil, fmt.Errorf("i18n: %s: key %q defined twice", l, k)
			}
			m[k] = v
		}
	}
	return m, nil
}

// Catalog translates message keys into one language.
type Catalog struct {
	lang Lang
	m    map[string]string
}

// New returns the catalog of l; an unknown language gets the default.
func New(l Lang) *Catalog {
	m, ok := catalogs[l]
	if !ok {
		l, m = ZH, catalogs[ZH]
	}
	return &Catalog{lang: l, m: m}
}

// Lang is the catalog's language.
func (c *Catalog) Lang() Lang { return c.lang }

// T returns the message for key, formatted with args (fmt verbs). A missing key
// shows as ⟦key⟧ so it is seen, never silently blank; a test keeps that from
// shipping.
func (c *Catalog) T(key string, args ...any) string {
	s, ok := c.m[key]
	if !ok {
		return "⟦" + key + "⟧"
	}
	if len(args) == 0 {
		return s
	}
	// An argument that is itself a catalog entry (a vendor scale named in a
	// block) is shown in the catalog's language; args is the caller's and
	// stays as it is.
	var own []any
	for i, a := range args {
		if t, ok := a.(interface{ CatalogKey() string }); ok {
			if own == nil {
				own = append([]any(nil), args...)
			}
			own[i] = c.T(t.CatalogKey())
		}
	}
	if own != nil {
		args = own
	}
	// English plurals (issue 16): a message whose first number is 1 takes
	// its singular form, key+".one", when the catalog has one ("1 file",
	// not "1 files" or "1 file(s)"). Chinese has no plural: its ".one" is
	// the same text.
	if n, ok := firstInt(args); ok && n == 1 {
		if one, ok := c.m[key+".one"]; ok {
			s = one
		}
	}
	return fmt.Sprintf(s, args...)
}

// firstInt is the first integer among args.
func firstInt(args []any) (int64, bool) {
	for _, a := range args {
		switch v := a.(type) {
		case int:
			return int64(v), true
		case int64:
			return v, true
		case int32:
			return int64(v), true
		case uint:
			return int64(v), true
		}
	}
	return 0, false
}

// Has reports whether key is in the catalog.
func (c *Catalog) Has(key string) bool {
	_, ok := c.m[key]
	return ok
}

// Keys lists every key of l, sorted.
func Keys(l Lang) []string {
	ks := make([]string, 0, len(catalogs[l]))
	for k := range catalogs[l] {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// Parse reads a language given on the command line: zh, zh-CN, zh_CN, en, en-US…
func Parse(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "zh" || strings.HasPrefix(s, "zh-") || strings.HasPrefix(s, "zh_"):
		return ZH, true
	case s == "en" || strings.HasPrefix(s, "en-") || strings.HasPrefix(s, "en_"):
		return EN, true
	}
	return "", false
}

// Detect picks the language from the environment as POSIX does: LC_ALL, then
// LC_MESSAGES, then LANG. Chinese when unset, "C"/"POSIX", or Chinese; English
// for any other language, since English is the only other catalog.
func Detect(getenv func(string) string) Lang {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		val := getenv(v)
		if val == "" {
			continue
		}
		low := strings.ToLower(val)
		if low == "c" || low == "posix" || strings.HasPrefix(low, "c.") {
			return ZH
		}
		if strings.HasPrefix(low, "zh") {
			return ZH
		}
		return EN
	}
	return ZH
}
