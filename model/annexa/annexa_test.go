package annexa

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// seedIDs reads annex A as seed 000 prints it (testdata/annex_a.txt, copied
// from the seed) and lists the id of every item at its finest level: a
// section without a list is an item (A.2.1); a lettered entry with numbered
// entries under it gives those (A.2.5.b.1 …), not itself.
func seedIDs(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("testdata/annex_a.txt")
	if err != nil {
		t.Fatal(err)
	}
	head := regexp.MustCompile(`^#+ (A\.\d+(?:\.\d+)?) `)
	letter := regexp.MustCompile(`^- ([a-z])\)`)
	number := regexp.MustCompile(`^\s+- (\d)\)`)
	var out []string
	section, lastLetter := "", ""
	listed := map[string]bool{}
	var sections []string
	for _, line := range strings.Split(string(b), "\n") {
		if m := head.FindStringSubmatch(line); m != nil {
			section = m[1]
			sections = append(sections, section)
			continue
		}
		if m := letter.FindStringSubmatch(line); m != nil {
			lastLetter = section + "." + m[1]
			out = append(out, lastLetter)
			listed[section] = true
			continue
		}
		if m := number.FindStringSubmatch(line); m != nil {
			// A numbered entry replaces its lettered parent as a leaf.
			if len(out) > 0 && out[len(out)-1] == lastLetter {
				out = out[:len(out)-1]
			}
			out = append(out, lastLetter+"."+m[1])
		}
	}
	// A section with neither a list nor subsections is one item (A.2.1);
	// A.2 itself only heads its subsections.
	var final []string
	for _, s := range sections {
		if !listed[s] && s != "A.2" {
			final = append(final, s)
		}
	}
	// Put the sectional items in annex order among the others.
	all := append(final, out...)
	ordered := make([]string, 0, len(all))
	for _, s := range sections {
		for _, id := range all {
			if id == s || strings.HasPrefix(id, s+".") && !strings.HasPrefix(id, s+".1") && !strings.HasPrefix(id, s+".2") &&
				!strings.HasPrefix(id, s+".3") && !strings.HasPrefix(id, s+".4") && !strings.HasPrefix(id, s+".5") {
				ordered = append(ordered, id)
			}
		}
	}
	return ordered
}

func TestCatalogIsAnnexA(t *testing.T) {
	want := seedIDs(t)
	if len(want) != 52 {
		t.Fatalf("the seed's annex A parses to %d items, want 52: %v", len(want), want)
	}
	got := Items()
	if len(got) != len(want) {
		t.Fatalf("catalog has %d items, the annex %d", len(got), len(want))
	}
	for i, it := range got {
		if it.ID != want[i] {
			t.Errorf("item %d: %s, the annex has %s here", i, it.ID, want[i])
		}
	}
}

func TestItemsAreComplete(t *testing.T) {
	hasHan := func(s string) bool {
		for _, r := range s {
			if unicode.Is(unicode.Han, r) {
				return true
			}
		}
		return false
	}
	groups := map[Group]int{}
	for _, it := range Items() {
		groups[it.Group]++
		for _, tx := range []Text{it.Name, it.Good, it.Evidence} {
			if tx.ZH == "" || tx.EN == "" || !hasHan(tx.ZH) || hasHan(tx.EN) {
				t.Errorf("%s: text %+v", it.ID, tx)
			}
		}
		sub := regexp.MustCompile(`\.[a-z]\.\d$`).MatchString(it.ID)
		if sub != (it.Parent.ZH != "" && it.Parent.EN != "") {
			t.Errorf("%s: parent %+v", it.ID, it.Parent)
		}
		if !strings.HasPrefix(string(it.Clause), "GB/T 32926—2016 A.") {
			t.Errorf("%s: clause %q", it.ID, it.Clause)
		}
		if x, ok := ByID(it.ID); !ok || x.ID != it.ID {
			t.Errorf("ByID(%s)", it.ID)
		}
		if it.Group.Title("zh-CN") == "" || it.Group.Title("en") == "" {
			t.Errorf("%s: group %s has no title", it.ID, it.Group)
		}
	}
	if len(groups) != len(Groups) {
		t.Errorf("groups %v", groups)
	}
	if it, _ := ByID("A.2.5.b.3"); it.Label() != "A.2.5 b) 3)" || it.Section != "A.2.5" || it.Group != GroupOperations {
		t.Errorf("A.2.5.b.3: %q %q %q", it.Label(), it.Section, it.Group)
	}
	if len(ItemsFor(false)) != 52 || len(ItemsFor(true)) != 52 {
		t.Error("annex A applies whole to every engagement")
	}
	if _, ok := ByID("A.9.a"); ok {
		t.Error("unknown id found")
	}
}
