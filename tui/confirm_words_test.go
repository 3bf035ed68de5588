package tui

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// huh's yes/no question answers "Yes"/"No" in English unless told
// otherwise: every one the workbench asks names its answers from the
// catalog (tui.yes, tui.no), so a Chinese screen never shows them in
// English. The check reads the pages' sources: a NewConfirm chain, up to
// the next field, must set Affirmative.
func TestEveryYesNoQuestionIsTranslated(t *testing.T) {
	next := regexp.MustCompile(`huh\.New[A-Z]`)
	files, err := filepath.Glob("*/*.go")
	if err != nil || len(files) == 0 {
		t.Fatal(err)
	}
	asked := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src := string(b)
		for i := strings.Index(src, "huh.NewConfirm()"); i >= 0; {
			chain := src[i+len("huh.NewConfirm()"):]
			if loc := next.FindStringIndex(chain); loc != nil {
				chain = chain[:loc[0]]
			}
			asked++
			if !strings.Contains(chain, "Affirmative(") {
				t.Errorf("%s:%d: a yes/no question without Affirmative/Negative from the catalog", f, strings.Count(src[:i], "\n")+1)
			}
			j := strings.Index(src[i+1:], "huh.NewConfirm()")
			if j < 0 {
				break
			}
			i += 1 + j
		}
	}
	if asked < 10 {
		t.Fatalf("only %d yes/no questions found: the check no longer sees the sources", asked)
	}
}
