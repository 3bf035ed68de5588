package contract

import (
	"encoding/json"
	"flag"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"outsec/i18n"
)

var update = flag.Bool("update", false, "rewrite the generated keys of i18n/locales/*/contract.json")

var han = regexp.MustCompile(`\p{Han}`)

// Every element of the clauses the catalog covers, with the clause it must cite.
var wantItems = map[string]string{
	"sec.a1": "GB/T 32926—2016 6.2.1 a) 1)", "sec.a2": "GB/T 32926—2016 6.2.1 a) 2)",
	"sec.a3": "GB/T 32926—2016 6.2.1 a) 3)", "sec.a4": "GB/T 32926—2016 6.2.1 a) 4)",
	"sec.a5": "GB/T 32926—2016 6.2.1 a) 5)", "sec.a6": "GB/T 32926—2016 6.2.1 a) 6)",
	"sec.a7": "GB/T 32926—2016 6.2.1 a) 7)", "sec.a8": "GB/T 32926—2016 6.2.1 a) 8)",
	"sec.a9": "GB/T 32926—2016 6.2.1 a) 9)", "sec.b": "GB/T 32926—2016 6.2.1 b)",
	"sec.c":   "GB/T 32926—2016 6.2.1 c)",
	"exit.a1": "GB/T 32926—2016 6.2.2 a) 1)", "exit.a2": "GB/T 32926—2016 6.2.2 a) 2)",
	"exit.a3": "GB/T 32926—2016 6.2.2 a) 3)", "exit.a4": "GB/T 32926—2016 6.2.2 a) 4)",
	"exit.b1": "GB/T 32926—2016 6.2.2 b) 1)", "exit.b2": "GB/T 32926—2016 6.2.2 b) 2)",
	"exit.b3": "GB/T 32926—2016 6.2.2 b) 3)", "exit.b4": "GB/T 32926—2016 6.2.2 b) 4)",
	"exit.b5": "GB/T 32926—2016 6.2.2 b) 5)", "exit.b6": "GB/T 32926—2016 6.2.2 b) 6)",
	"exit.c1": "GB/T 32926—2016 6.2.2 c) 1)", "exit.c2": "GB/T 32926—2016 6.2.2 c) 2)",
	"exit.c3": "GB/T 32926—2016 6.2.2 c) 3)", "exit.c4": "GB/T 32926—2016 6.2.2 c) 4)",
	"exit.c5": "GB/T 32926—2016 6.2.2 c) 5)", "exit.c6": "GB/T 32926—2016 6.2.2 c) 6)",
	"cloud.a": CloudStd + " 6.6.1 a)", "cloud.b": CloudStd + " 6.6.1 b)", "cloud.c": CloudStd + " 6.6.1 c)",
	"cloud.d": CloudStd + " 6.6.1 d)", "cloud.e": CloudStd + " 6.6.1 e)", "cloud.f": CloudStd + " 6.6.1 f)",
	"cloud.g": CloudStd + " 6.6.1 g)", "cloud.sla": CloudStd + " 6.6.2", "cloud.nda": CloudStd + " 6.6.3",
	"data.ownership": CloudStd + " 附录 A 合同范本 5.4", "data.no_access": CloudStd + " 附录 A 合同范本 5.7",
	"data.no_foreign": CloudStd + " 附录 A 合同范本 5.6", "data.no_hostage": CloudStd + " 附录 A 合同范本 5.9, 5.10",
	"data.handover": CloudStd + " 附录 A 合同范本 5.23", "data.deletion": CloudStd + " 附录 A 合同范本 5.24",
	"nda.b1": "GB/T 32926—2016 6.4 b) 1)", "nda.b2": "GB/T 32926—2016 6.4 b) 2)",
	"nda.b3": "GB/T 32926—2016 6.4 b) 3)", "nda.b4": "GB/T 32926—2016 6.4 b) 4)",
	"nda.b5": "GB/T 32926—2016 6.4 b) 5)", "nda.scope": CloudStd + " 6.6.3; 附录 A 附件 3",
}

var clauseRE = regexp.MustCompile(`^(GB/T 32926—2016|` + regexp.QuoteMeta(CloudStd) +
	`) (\d+(\.\d+)+( [a-g]\)( [1-9]\))?)?|附录 A (合同范本 \d+\.\d+(, \d+\.\d+)?|附件 \d))(; .+)?$`)

func TestCatalogComplete(t *testing.T) {
	items := Catalog()
	if len(items) != len(wantItems) {
		t.Errorf("%d items, want %d", len(items), len(wantItems))
	}
	seen := map[string]bool{}
	groupOrder := map[Group]int{}
	for i, g := range Groups {
		groupOrder[g] = i
	}
	last := -1
	for _, it := range items {
		if seen[it.ID] {
			t.Errorf("%s twice", it.ID)
		}
		seen[it.ID] = true
		want, ok := wantItems[it.ID]
		if !ok {
			t.Errorf("%s: not expected", it.ID)
			continue
		}
		if string(it.Clause) != want {
			t.Errorf("%s: clause %q, want %q", it.ID, it.Clause, want)
		}
		if !clauseRE.MatchString(string(it.Clause)) {
			t.Errorf("%s: clause %q not well-formed", it.ID, it.Clause)
		}
		// The id's prefix is its group; cloud and data items (and the cloud
		// NDA scope) apply to cloud engagements only.
		prefix, _, _ := strings.Cut(it.ID, ".")
		if prefix == "sec" {
			prefix = "security"
		}
		if string(it.Group) != prefix {
			t.Errorf("%s: group %s", it.ID, it.Group)
		}
		wantCloud := it.Group == GroupCloud || it.Group == GroupData || it.ID == "nda.scope"
		if it.Cloud != wantCloud {
			t.Errorf("%s: cloud %v, want %v", it.ID, it.Cloud, wantCloud)
		}
		if strings.HasPrefix(string(it.Clause), Std) != (it.Group == GroupSecurity || it.Group == GroupExit || (it.Group == GroupNDA && !it.Cloud)) {
			t.Errorf("%s: clause %s from the wrong standard", it.ID, it.Clause)
		}
		// Items of the standards are required ("应"); the sample contract's
		// data protections are recommended.
		if it.Required != (it.Group != GroupData) {
			t.Errorf("%s: required %v", it.ID, it.Required)
		}
		if groupOrder[it.Group] < last {
			t.Errorf("%s: out of group order", it.ID)
		}
		last = groupOrder[it.Group]
		if got, ok := ByID(it.ID); !ok || got.ID != it.ID {
			t.Errorf("ByID(%s)", it.ID)
		}
	}
	for id := range wantItems {
		if !seen[id] {
			t.Errorf("%s missing from the catalog", id)
		}
	}
	if _, ok := ByID("sec.a10"); ok {
		t.Error("ByID found sec.a10")
	}
	if n := len(ItemsFor(false)); n != 27 {
		t.Errorf("ItemsFor(false): %d items, want 11 + 16", n)
	}
	if n := len(ItemsFor(true)); n != 27+9+6 {
		t.Errorf("ItemsFor(true): %d items, want 42", n)
	}
	for _, it := range ItemsFor(false) {
		if it.Cloud || it.Group == GroupNDA {
			t.Errorf("ItemsFor(false) has %s", it.ID)
		}
	}
	if len(NDAItems(false)) != 5 || len(NDAItems(true)) != 6 {
		t.Errorf("NDAItems: %d, %d", len(NDAItems(false)), len(NDAItems(true)))
	}
}

func checkText(t *testing.T, what string, tx Text) {
	t.Helper()
	if strings.TrimSpace(tx.ZH) == "" || strings.TrimSpace(tx.EN) == "" {
		t.Errorf("%s: empty text %+v", what, tx)
	}
	if !han.MatchString(tx.ZH) && tx.ZH != tx.EN {
		t.Errorf("%s: Chinese text without Chinese: %q", what, tx.ZH)
	}
	if han.MatchString(tx.EN) {
		t.Errorf("%s: Chinese in English text: %q", what, tx.EN)
	}
}

// Every item and indicator has its texts in both languages, English without
// Chinese; every placeholder names a parameter of the item (or the SLA), in
// both languages alike; every parameter of an item is used.
func TestTexts(t *testing.T) {
	for _, it := range Catalog() {
		checkText(t, it.ID+" title", it.Name)
		checkText(t, it.ID+" must", it.Requirement)
		checkText(t, it.ID+" draft", it.Wording)
		own := map[string]bool{}
		for _, p := range it.Params {
			own[p.Name] = true
		}
		zh, en := placeholders(it.Wording.ZH), placeholders(it.Wording.EN)
		sort.Strings(zh)
		sort.Strings(en)
		if strings.Join(zh, ",") != strings.Join(en, ",") {
			t.Errorf("%s: placeholders differ: %v / %v", it.ID, zh, en)
		}
		used := map[string]bool{}
		for _, n := range zh {
			used[n] = true
			if !own[n] {
				t.Errorf("%s: placeholder {%s} is not a parameter of the item", it.ID, n)
			}
		}
		for n := range own {
			if !used[n] {
				t.Errorf("%s: parameter %s not used in the wording", it.ID, n)
			}
		}
		for _, lang := range []string{LangZH, LangEN} {
			if s := it.DraftText(lang, (&Contract{}).Values()); strings.ContainsAny(s, "{}") {
				t.Errorf("%s %s: unfilled placeholder: %s", it.ID, lang, s)
			}
		}
	}
	for _, s := range SLAIndicators() {
		checkText(t, "sla "+s.ID+" name", s.Name)
		checkText(t, "sla "+s.ID+" definition", s.Definition)
		if strings.TrimSpace(s.Target.ZH) == "" || strings.TrimSpace(s.Target.EN) == "" || han.MatchString(s.Target.EN) {
			t.Errorf("sla %s: target %+v", s.ID, s.Target)
		}
		own := map[string]bool{}
		for _, p := range s.Params {
			own[p.Name] = true
		}
		for _, n := range append(placeholders(s.Target.ZH+s.Definition.ZH), placeholders(s.Target.EN+s.Definition.EN)...) {
			if !own[n] {
				t.Errorf("sla %s: placeholder {%s} is not its parameter", s.ID, n)
			}
		}
		for n := range own {
			if !strings.Contains(s.Target.ZH, "{"+n+"}") || !strings.Contains(s.Target.EN, "{"+n+"}") {
				t.Errorf("sla %s: parameter %s not in the target", s.ID, n)
			}
		}
	}
	for _, p := range Params() {
		checkText(t, "param "+p.Name+" label", p.Label)
		if han.MatchString(p.Unit.EN) || han.MatchString(p.Default) {
			t.Errorf("param %s: Chinese in unit or default", p.Name)
		}
		if (p.Unit.ZH == "") != (p.Unit.EN == "") {
			t.Errorf("param %s: unit in one language only", p.Name)
		}
		if errs := p.Check("x", p.Default, ""); errs != nil {
			t.Errorf("param %s: default %q refused: %v", p.Name, p.Default, errs)
		}
		if p.Normalise(p.Default) != p.Default {
			t.Errorf("param %s: default %q not normal", p.Name, p.Default)
		}
	}
}

// The SLA table of seed 001 annex 2, in its order.
func TestSLAIndicators(t *testing.T) {
	want := []string{"power", "network", "server", "fault1", "fault2", "service_hours", "response", "backup",
		"backup_retention", "log_retention", "emergency", "training"}
	got := SLAIndicators()
	if len(got) != len(want) {
		t.Fatalf("%d indicators, want %d", len(got), len(want))
	}
	for i, s := range got {
		if s.ID != want[i] {
			t.Errorf("indicator %d: %s, want %s", i, s.ID, want[i])
		}
		if len(s.Params) == 0 {
			t.Errorf("%s: no parameter", s.ID)
		}
		if _, ok := SLAIndicatorByID(s.ID); !ok {
			t.Errorf("SLAIndicatorByID(%s)", s.ID)
		}
	}
	v := (&Contract{Params: map[string]string{"sla_fault1_rate": "98", "sla_fault1_hours": "2"}}).Values()
	f1, _ := SLAIndicatorByID("fault1")
	if s := f1.TargetText(LangZH, v); s != "≥ 98%（2小时内解决）" {
		t.Errorf("zh target %q", s)
	}
	if s := f1.TargetText(LangEN, v); s != "≥ 98% (resolved within 2 hours)" {
		t.Errorf("en target %q", s)
	}
	if s := f1.TargetText(LangEN, nil); s != "≥ ____% (resolved within ____ hours)" {
		t.Errorf("blank target %q", s)
	}
	bk, _ := SLAIndicatorByID("backup")
	if s := bk.TargetText(LangZH, map[string]string{"sla_backup_period": "1w", "sla_backup_times": "2"}); s != "每1周2次" {
		t.Errorf("backup %q", s)
	}
}

// The generated keys of the catalogs: a block per item of the contract
// review (its title), a field label per parameter (its label). Run with
// -update to rewrite them.
func generatedKeys() map[string]Text {
	out := map[string]Text{}
	for _, it := range ItemsFor(true) {
		en := it.Name.EN
		if r, size := utf8.DecodeRuneInString(en); size < len(en) {
			if r2, _ := utf8.DecodeRuneInString(en[size:]); !unicode.IsUpper(r2) {
				en = string(unicode.ToLower(r)) + en[size:]
			}
		}
		out[it.BlockKey()] = Text{"合同未完整约定：" + it.Name.ZH, "the contract does not fully cover: " + en}
	}
	for _, p := range Params() {
		out[p.LabelKey()] = p.Label
	}
	return out
}

func TestCatalogKeys(t *testing.T) {
	gen := generatedKeys()
	if *update {
		for _, lang := range []string{"zh-CN", "en"} {
			path := "../../i18n/locales/" + lang + "/contract.json"
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			m := map[string]string{}
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatal(err)
			}
			for k := range m {
				if strings.HasPrefix(k, "contract.block.") && k != "contract.block.review_date" &&
					k != "contract.block.factor_change" && !strings.HasPrefix(k, "contract.block.nda_") ||
					strings.HasPrefix(k, "field.contract.params.") {
					delete(m, k)
				}
			}
			for k, v := range gen {
				m[k] = v.In(lang)
			}
			var buf strings.Builder
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			if err := enc.Encode(m); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(buf.String()), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		t.Log("rewritten; run again without -update")
		return
	}
	zh, en := i18n.New(i18n.ZH), i18n.New(i18n.EN)
	for k, v := range gen {
		if zh.T(k) != v.ZH || en.T(k) != v.EN {
			t.Errorf("%s: catalogs have %q / %q, want %q / %q (go test -run TestCatalogKeys -update)", k, zh.T(k), en.T(k), v.ZH, v.EN)
		}
	}
	// Every key this package makes at run time.
	keys := []string{"contract.block.review_date", "contract.block.factor_change", "contract.block.nda_vendor",
		"contract.block.nda_person", "contract.block.nda_people", "contract.block.nda_no_people"}
	for _, g := range Groups {
		keys = append(keys, g.Key())
	}
	for _, s := range Statuses {
		keys = append(keys, s.Key())
	}
	for _, k := range keys {
		if !zh.Has(k) || !en.Has(k) {
			t.Errorf("missing key %s", k)
		}
	}
}

// docs/contracts.md lists every item with its clause, every parameter with
// its default, and every SLA indicator.
func TestDocumented(t *testing.T) {
	b, err := os.ReadFile("../../docs/contracts.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for _, it := range Catalog() {
		if !strings.Contains(doc, "| `"+it.ID+"` | "+it.Label()+" | "+it.Name.ZH+" / "+it.Name.EN+" |") {
			t.Errorf("docs/contracts.md: no row for %s", it.ID)
		}
	}
	for _, p := range Params() {
		if !strings.Contains(doc, "| `"+p.Name+"` | "+p.Label.ZH+" / "+p.Label.EN+" | "+string(p.Kind)+" | `"+p.Default+"` |") {
			t.Errorf("docs/contracts.md: no row for parameter %s", p.Name)
		}
	}
	for _, s := range SLAIndicators() {
		if !strings.Contains(doc, "| `"+s.ID+"` | "+s.Name.ZH+" / "+s.Name.EN+" | "+s.TargetText(LangEN, (&Contract{}).Values())+" |") {
			t.Errorf("docs/contracts.md: no row for indicator %s", s.ID)
		}
	}
}
