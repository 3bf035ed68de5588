package templates

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"text/template"
	"time"

	"outsec/i18n"
	"outsec/model"
	"outsec/model/risk"
)

// Funcs are the template helpers of one language:
//
//	T key args…          catalog text (i18n)
//	md s                 text made safe for Markdown (no markup from data)
//	date d               2026年3月1日 / 1 March 2026 (a model.Date, a string or a time.Time)
//	cnum n, cparen n     一、二… / （一）（二）…: Chinese ordinal clause numbering
//	level n              a level's name from the catalog (risk.level.N)
//	num x                a value without needless decimals
//	table heads rows     a Markdown table; cells escaped (| and new lines)
//	check ok text        a checkbox item: "- [x] text" / "- [ ] text"
//	signature s          the prepared/reviewed/approved block (编制/审核/批准)
//	heatmap d which      the heat map ("inherent" or "residual") as a table
//	matrix m             a 5×5 matrix of the settings as a table
//	ranges r             the level ranges as a table
//	list, add            small conveniences
func Funcs(lang string) template.FuncMap {
	cat := i18n.New(i18n.Lang(lang))
	f := &funcs{lang: lang, cat: cat}
	return template.FuncMap{
		"T":         f.T,
		"md":        Escape,
		"date":      f.date,
		"cnum":      ChineseNumber,
		"cparen":    func(n int) string { return "（" + ChineseNumber(n) + "）" },
		"level":     f.level,
		"num":       Num,
		"table":     Table,
		"check":     Check1,
		"signature": f.signature,
		"heatmap":   f.heatmap,
		"matrix":    f.matrix,
		"ranges":    f.ranges,
		"list":      func(xs ...string) []string { return xs },
		"add":       func(a, b int) int { return a + b },
	}
}

type funcs struct {
	lang string
	cat  *i18n.Catalog
}

func (f *funcs) T(key string, args ...any) string { return f.cat.T(key, args...) }

func (f *funcs) level(n int) string {
	if n < 0 || n > 5 {
		n = 0
	}
	return f.cat.T("risk.level." + strconv.Itoa(n))
}

func (f *funcs) date(v any) string { return FormatDate(f.lang, v) }

// FormatDate writes a date in the style of the language: 2026年3月1日 or
// 1 March 2026. An unset or unreadable date is a blank to fill in by hand.
func FormatDate(lang string, v any) string {
	var t time.Time
	switch d := v.(type) {
	case model.Date:
		t = d.Time()
	case string:
		t = model.Date(d).Time()
	case time.Time:
		t = d
	}
	if t.IsZero() {
		return Blank
	}
	if lang == "en" {
		return fmt.Sprintf("%d %s %d", t.Day(), t.Month(), t.Year())
	}
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

// Blank is what a document shows for a value to be filled in by hand.
const Blank = "\\_\\_\\_\\_\\_\\_\\_\\_"

var cdigits = []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// ChineseNumber writes 1–99 as Chinese numerals (一, 十, 十一, 二十三); other
// numbers in digits.
func ChineseNumber(n int) string {
	switch {
	case n >= 1 && n <= 9:
		return cdigits[n]
	case n == 10:
		return "十"
	case n > 10 && n < 20:
		return "十" + cdigits[n-10]
	case n >= 20 && n <= 99:
		s := cdigits[n/10] + "十"
		if n%10 != 0 {
			s += cdigits[n%10]
		}
		return s
	}
	return strconv.Itoa(n)
}

// Num writes a value as a whole number when it is one, else with two decimals.
func Num(x float64) string {
	if x == float64(int64(x)) {
		return strconv.FormatInt(int64(x), 10)
	}
	return strconv.FormatFloat(x, 'f', 2, 64)
}

var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`,
	`<`, `\<`, `|`, `\|`, `~`, `\~`, `&`, `\&`,
	"\r\n", " ", "\n", " ", "\r", " ", "\t", " ",
)

// Escape makes text from the data safe inside Markdown (inline text and table
// cells; not at the start of a line): the characters that would start markup
// are escaped and line breaks become spaces, so a name or a
// note never turns into a heading, a link, HTML or a broken table.
func Escape(s string) string { return mdEscaper.Replace(s) }

// Table writes a Markdown table; every cell is escaped (Escape), an empty cell
// shows "—".
func Table(heads []string, rows [][]string) string { return table(heads, rows, "—") }

// table writes a Markdown table; an empty cell shows empty.
func table(heads []string, rows [][]string, empty string) string {
	var b strings.Builder
	row := func(cells []string, escape bool) {
		b.WriteString("|")
		for i := range heads {
			c := ""
			if i < len(cells) {
				c = cells[i]
			}
			if escape {
				c = Escape(c)
			}
			if strings.TrimSpace(c) == "" {
				c = empty
			}
			b.WriteString(" " + c + " |")
		}
		b.WriteString("\n")
	}
	row(heads, true)
	b.WriteString("|")
	for range heads {
		b.WriteString(" --- |")
	}
	b.WriteString("\n")
	for _, r := range rows {
		row(r, true)
	}
	return b.String()
}

// Check1 is a checkbox item of a list.
func Check1(ok bool, text string) string {
	if ok {
		return "- [x] " + text
	}
	return "- [ ] " + text
}

// Signer is one line of the signature block.
type Signer struct {
	Name string
	Date model.Date
}

// Signatures are who prepared, reviewed and approved the document (编制/审核/批准).
type Signatures struct {
	Prepared, Reviewed, Approved Signer
}

func (f *funcs) signature(s Signatures) string {
	heads := []string{f.T("doc.sign.role"), f.T("doc.sign.name"), f.T("doc.sign.date"), f.T("doc.sign.signature")}
	line := func(key string, p Signer) []string {
		name, d := strings.TrimSpace(p.Name), ""
		if !p.Date.IsZero() {
			d = FormatDate(f.lang, p.Date)
		}
		return []string{f.T(key), name, d, ""}
	}
	return table(heads, [][]string{
		line("doc.sign.prepared", s.Prepared),
		line("doc.sign.reviewed", s.Reviewed),
		line("doc.sign.approved", s.Approved),
	}, "")
}

// heatmap counts the risks by likelihood level (rows, highest first) and loss
// level (columns), before treatment ("inherent") or after ("residual").
func (f *funcs) heatmap(d *DocData, which string) string {
	type cell struct{ ids []string }
	var grid [5][5]cell
	for _, r := range d.Assessment.Risks {
		sc := &r.Inherent
		if which == "residual" {
			// As it stands after every treatment (§7.14); an avoided risk is gone.
			if r.Residual == nil || r.Avoided() {
				continue
			}
			sc = r.Final()
		}
		l, c := sc.LikelihoodLevel, sc.LossLevel
		if l < 1 || l > 5 || c < 1 || c > 5 {
			continue
		}
		grid[l-1][c-1].ids = append(grid[l-1][c-1].ids, RiskRef(r.ID))
	}
	heads := []string{f.T("doc.heat.corner")}
	for c := 1; c <= 5; c++ {
		heads = append(heads, fmt.Sprintf("%d %s", c, f.level(c)))
	}
	var rows [][]string
	for l := 5; l >= 1; l-- {
		row := []string{fmt.Sprintf("%d %s", l, f.level(l))}
		for c := 1; c <= 5; c++ {
			ids := grid[l-1][c-1].ids
			if len(ids) == 0 {
				row = append(row, "")
				continue
			}
			sort.Strings(ids)
			row = append(row, f.T("doc.heat.cell", len(ids), strings.Join(ids, ", ")))
		}
		rows = append(rows, row)
	}
	return Table(heads, rows)
}

// RiskRef is how a document names a risk: R and its number.
func RiskRef(id int64) string { return "R" + strconv.FormatInt(id, 10) }

func (f *funcs) matrix(m risk.Matrix, corner string) string {
	heads := []string{corner}
	for c := 1; c <= 5; c++ {
		heads = append(heads, strconv.Itoa(c))
	}
	var rows [][]string
	for r := 0; r < 5; r++ {
		row := []string{strconv.Itoa(r + 1)}
		for c := 0; c < 5; c++ {
			row = append(row, strconv.Itoa(m[r][c]))
		}
		rows = append(rows, row)
	}
	return Table(heads, rows)
}

func (f *funcs) ranges(r risk.Ranges) string {
	heads := []string{f.T("doc.col.level"), f.T("doc.col.name"), f.T("doc.col.range")}
	var rows [][]string
	for i := 0; i < 5; i++ {
		var span string
		if i == 0 {
			span = "≤ " + Num(r.Upper[0])
		} else {
			span = "> " + Num(r.Upper[i-1]) + ", ≤ " + Num(r.Upper[i])
		}
		rows = append(rows, []string{strconv.Itoa(i + 1), f.level(i + 1), span})
	}
	return Table(heads, rows)
}
