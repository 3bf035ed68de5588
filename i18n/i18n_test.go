package i18n_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"outsec/i18n"
	"outsec/model"
	"outsec/store"
)

func TestCatalogsHaveTheSameKeys(t *testing.T) {
	zh, en := map[string]bool{}, map[string]bool{}
	for _, k := range i18n.Keys(i18n.ZH) {
		zh[k] = true
	}
	for _, k := range i18n.Keys(i18n.EN) {
		en[k] = true
	}
	for k := range zh {
		if !en[k] {
			t.Errorf("key %q is in zh-CN but not in en", k)
		}
	}
	for k := range en {
		if !zh[k] {
			t.Errorf("key %q is in en but not in zh-CN", k)
		}
	}
	if len(zh) < 100 {
		t.Fatalf("only %d keys: catalogs not loaded?", len(zh))
	}
}

func TestNoEmptyMessagesAndFormatVerbsMatch(t *testing.T) {
	verbs := regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)
	zh, en := i18n.New(i18n.ZH), i18n.New(i18n.EN)
	for _, k := range i18n.Keys(i18n.ZH) {
		a, b := zh.T(k), en.T(k)
		if strings.TrimSpace(a) == "" || strings.TrimSpace(b) == "" {
			t.Errorf("%q: empty message", k)
		}
		if va, vb := verbs.FindAllString(a, -1), verbs.FindAllString(b, -1); strings.Join(va, ",") != strings.Join(vb, ",") {
			t.Errorf("%q: verbs differ: zh %v, en %v", k, va, vb)
		}
	}
}

func TestEnglishCatalogHasNoChinese(t *testing.T) {
	han := regexp.MustCompile(`\p{Han}`)
	en := i18n.New(i18n.EN)
	for _, k := range i18n.Keys(i18n.EN) {
		if han.MatchString(en.T(k)) {
			t.Errorf("%q: Chinese text in the English catalog: %q", k, en.T(k))
		}
	}
}

// Keys the model and the store produce at run time.
func TestDomainKeysExist(t *testing.T) {
	var keys []string
	for _, p := range model.Phases {
		keys = append(keys, p.Key())
	}
	for _, s := range model.Steps {
		keys = append(keys, s.Key())
	}
	for _, s := range []model.State{model.NotStarted, model.InProgress, model.Done, model.NeedsUpdate} {
		keys = append(keys, s.Key())
	}
	for _, s := range model.ServiceTypes {
		keys = append(keys, "service."+string(s))
	}
	for _, s := range append(model.VendorScales, model.ScaleUnknown) {
		keys = append(keys, "scale."+string(s))
	}
	for _, c := range []store.Code{store.CodeNotFound, store.CodeConflict, store.CodeLocked, store.CodeReadOnly,
		store.CodeNotDatabase, store.CodeCorrupt, store.CodeNewerSchema, store.CodeCannotOpen, store.CodeDiskFull, store.CodeInternal} {
		keys = append(keys, c.Key())
	}
	for _, r := range []store.Reason{store.ReasonAltered, store.ReasonLinkBroken, store.ReasonBadTime} {
		keys = append(keys, "audit.broken."+string(r))
	}
	// Every field and message a validation of a thoroughly broken engagement names.
	e := model.SampleEngagement("zh-CN")
	e.Name, e.Department, e.ResponsibleUnit, e.Leader = "", "", "", ""
	e.Managers = append(e.Managers, model.Contact{Role: "x", Phone: "bad", Email: "bad"})
	e.ServiceType, e.Vendor.Scale, e.Vendor.Name = "bad", "bad", ""
	e.Vendor.Lead = model.Contact{Role: "r", Phone: "bad", Email: "bad"}
	e.PeriodStart, e.PeriodEnd, e.Notes = "bad", "bad", "\x00"
	var errs []model.FieldError
	errs = append(errs, e.Validate()...)
	errs = append(errs, e.FilingGaps()...)
	for _, f := range errs {
		keys = append(keys, f.Key, f.LabelKey())
	}
	steps := model.Lifecycle(&e, model.Facts{})
	for _, s := range steps {
		for _, b := range s.Blocks {
			keys = append(keys, b.Key)
		}
	}
	for _, l := range i18n.Langs {
		c := i18n.New(l)
		for _, k := range keys {
			if !c.Has(k) {
				t.Errorf("%s: missing key %q", l, k)
			}
		}
	}
}

// Every catalog key written as a literal anywhere in the program exists in both
// catalogs. A literal counts as a key when its first segment is a namespace the
// catalogs use ("cli.", "doctor.", …); a literal ending in "." is a prefix that
// code completes at run time, checked by the tests of that code.
func TestLiteralKeysInSourceExist(t *testing.T) {
	namespaces := map[string]bool{}
	for _, k := range i18n.Keys(i18n.ZH) {
		ns, _, _ := strings.Cut(k, ".")
		namespaces[ns] = true
	}
	lit := regexp.MustCompile(`"([a-z_]+)\.([a-zA-Z0-9_.]+)"`)
	zh, en := i18n.New(i18n.ZH), i18n.New(i18n.EN)
	checked := 0
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") && path != "..") {
			return filepath.SkipDir
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range lit.FindAllStringSubmatch(string(b), -1) {
			if !namespaces[m[1]] || strings.HasSuffix(m[2], ".") || strings.HasSuffix(m[2], "_") {
				continue
			}
			k := m[1] + "." + m[2]
			checked++
			if !zh.Has(k) || !en.Has(k) {
				t.Errorf("%s: key %q missing from a catalog", path, k)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 20 {
		t.Fatalf("only %d literal keys found: is the scan broken?", checked)
	}
}

func TestDetect(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	cases := []struct {
		env  map[string]string
		want i18n.Lang
	}{
		{map[string]string{}, i18n.ZH},
		{map[string]string{"LANG": "C.UTF-8"}, i18n.ZH},
		{map[string]string{"LANG": "zh_CN.UTF-8"}, i18n.ZH},
		{map[string]string{"LANG": "en_US.UTF-8"}, i18n.EN},
		{map[string]string{"LANG": "zh_CN.UTF-8", "LC_ALL": "en_GB.UTF-8"}, i18n.EN},
		{map[string]string{"LANG": "de_DE.UTF-8"}, i18n.EN},
	}
	for _, c := range cases {
		if got := i18n.Detect(env(c.env)); got != c.want {
			t.Errorf("%v: %s, want %s", c.env, got, c.want)
		}
	}
	if l, ok := i18n.Parse("EN"); !ok || l != i18n.EN {
		t.Error("Parse EN")
	}
	if _, ok := i18n.Parse("fr"); ok {
		t.Error("Parse fr accepted")
	}
	if got := i18n.New(i18n.EN).T("no.such.key"); got != "⟦no.such.key⟧" {
		t.Errorf("missing key shows %q", got)
	}
}
