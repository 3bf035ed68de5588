package i18n_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"outsec/i18n"
)

// zhTexts are the texts a Chinese user reads: every zh-CN message and the
// zh-CN document templates, line by line.
func zhTexts(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	zh := i18n.New(i18n.ZH)
	for _, k := range i18n.Keys(i18n.ZH) {
		out["catalog "+k] = zh.T(k)
	}
	files, _ := filepath.Glob("../templates/zh-CN/*.md")
	if len(files) == 0 {
		t.Fatal("no zh-CN templates")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, l := range strings.Split(string(b), "\n") {
			out[filepath.Base(f)+":"+itoa(i+1)] = l
		}
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }

// Issue 16: one word for one thing, the standard's (i18n.Glossary).
func TestGlossaryOneWordForOneThing(t *testing.T) {
	for where, text := range zhTexts(t) {
		for _, term := range i18n.Glossary {
			for _, not := range term.Not {
				if strings.Contains(text, not) {
					t.Errorf("%s: %q says %q; the glossary's word is %q (%s)", where, text, not, term.Use, term.Basis)
				}
			}
		}
	}
}

// cjk tells a Chinese character or a full-width sign.
func cjk(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef) || strings.ContainsRune("“”‘’…—", r)
}

// Issue 16: Chinese text takes full-width punctuation — 合同：, （提交 …，构建于 …）.
// A half-width , : ; or ( next to a Chinese character is the mistake (a
// colon between digits, 15:04, is a time; one between Latin letters or
// format verbs, %s:%d, is not Chinese text).
func TestChinesePunctuationIsFullWidth(t *testing.T) {
	zh := i18n.New(i18n.ZH)
	for _, k := range i18n.Keys(i18n.ZH) {
		if k == "case.syntax.colon" || k == "tui.risk.set.weights" { // JSON's colon; a ratio C:I:A
			continue
		}
		if p := halfWidth(zh.T(k)); p != "" {
			t.Errorf("%s: half-width %s", k, p)
		}
	}
	// The rule itself.
	for s, bad := range map[string]bool{"合同:": true, "（提交 x,构建于 y）": true, "(依据 6.1)": true, "时间 15:04": false,
		"%s:%d": false, "a, b": false, "%s,%s": false, "无法读取 %s:%s": true, "构建于 %s,%s": true, "合同：": false, "（见 §7.6）": false} {
		if got := halfWidth(s) != ""; got != bad {
			t.Errorf("halfWidth(%q) = %v", s, got)
		}
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// halfWidth is the first half-width sign next to Chinese text in s, shown
// with what surrounds it, or "".
func halfWidth(s string) string {
	rs := []rune(s)
	for i, r := range rs {
		if !strings.ContainsRune(",:;(", r) {
			continue
		}
		var prev, next rune
		if i > 0 {
			prev = rs[i-1]
		}
		j := i + 1
		if j < len(rs) && rs[j] == ' ' && r != '(' {
			j++
		}
		if j < len(rs) {
			next = rs[j]
		}
		if r == ':' && unicode.IsDigit(prev) && i+1 < len(rs) && unicode.IsDigit(rs[i+1]) {
			continue
		}
		afterVerb := i >= 2 && rs[i-2] == '%' && strings.ContainsRune("sdv", rs[i-1]) && hasHan(s) &&
			!(r == ':' && i+1 < len(rs) && unicode.IsDigit(rs[i+1]))
		if cjk(prev) || cjk(next) || afterVerb {
			lo, hi := max(i-6, 0), min(i+7, len(rs))
			return string(r) + " in “" + string(rs[lo:hi]) + "”"
		}
	}
	return ""
}

// Issue 16: English counts read as a person writes them: "1 file", "2
// files", never "1 files" or "file(s)".
func TestEnglishPlurals(t *testing.T) {
	en := i18n.New(i18n.EN)
	for _, k := range i18n.Keys(i18n.EN) {
		if strings.Contains(en.T(k), "(s)") {
			t.Errorf("%s: %q", k, en.T(k))
		}
	}
	if got := en.T("doctor.problems", 1); got != "1 problem found." {
		t.Error(got)
	}
	if got := en.T("doctor.problems", 2); got != "2 problems found." {
		t.Error(got)
	}
	if got := en.T("tui.risk.conc.over", "3", 1, 0); got != "Acceptable level 3: 1 risk above it; 0 with a residual score" {
		t.Error(got)
	}
	if got := i18n.New(i18n.ZH).T("doc.exports.total", 1); got != i18n.New(i18n.ZH).T("doc.exports.total.one", 1) {
		t.Error(got)
	}
}
