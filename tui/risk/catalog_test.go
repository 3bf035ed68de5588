package risk

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"outsec/i18n"
	"outsec/model/risk"
	"outsec/tui/tuitest"
	"outsec/tui/ui"
)

// TestRiskTUICatalogsMatch: the zh-CN and en risktui.json have the same keys,
// all under tui.risk., and each message takes the same arguments in both.
// (Every "tui.risk." key the code names is checked by TestCatalogKeysUsedExist.)
func TestRiskTUICatalogsMatch(t *testing.T) {
	read := func(lang string) map[string]string {
		b, err := os.ReadFile(filepath.Join("..", "..", "i18n", "locales", lang, "risktui.json"))
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s/risktui.json: %v", lang, err)
		}
		return m
	}
	zhm, enm := read("zh-CN"), read("en")
	if len(zhm) < 200 {
		t.Fatalf("only %d keys", len(zhm))
	}
	for k, v := range zhm {
		ev, ok := enm[k]
		if !ok {
			t.Errorf("%q is in zh-CN/risktui.json but not in en/risktui.json", k)
			continue
		}
		zv, evs := tuitest.VerbRE.FindAllString(v, -1), tuitest.VerbRE.FindAllString(ev, -1)
		if strings.Join(zv, " ") != strings.Join(evs, " ") {
			t.Errorf("%q takes %v in zh-CN but %v in en", k, zv, evs)
		}
		if !strings.HasPrefix(k, "tui.risk.") {
			t.Errorf("%q: the risk screens' keys start with tui.risk.", k)
		}
		if tuitest.HasHan(ev) {
			t.Errorf("en %q has Chinese: %q", k, ev)
		}
	}
	for k := range enm {
		if _, ok := zhm[k]; !ok {
			t.Errorf("%q is in en/risktui.json but not in zh-CN/risktui.json", k)
		}
	}
}

// TestRiskDynamicCatalogKeys: the keys the risk screens build from a value.
func TestRiskDynamicCatalogKeys(t *testing.T) {
	var keys []string
	add := func(prefix string, vals ...string) {
		for _, v := range vals {
			keys = append(keys, prefix+v)
		}
	}
	strs := func(n int, f func(int) string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = f(i)
		}
		return out
	}
	levels := strs(5, func(i int) string { return strconv.Itoa(i + 1) })
	add("risk.level.", levels...)
	for _, d := range []string{"confidentiality", "integrity", "availability", "asset_value", "frequency", "severity"} {
		add("risk.def."+d+".", levels...)
	}
	add("risk.asset_type.", strs(len(risk.AssetTypes), func(i int) string { return string(risk.AssetTypes[i]) })...)
	add("risk.source.", strs(len(risk.ThreatSources), func(i int) string { return string(risk.ThreatSources[i]) })...)
	add("risk.path.", strs(len(risk.ThreatPaths), func(i int) string { return string(risk.ThreatPaths[i]) })...)
	add("risk.category.", strs(len(risk.VulnCategories), func(i int) string { return string(risk.VulnCategories[i]) })...)
	add("risk.identified.", strs(len(risk.Identifications), func(i int) string { return string(risk.Identifications[i]) })...)
	add("risk.control_status.", string(risk.ControlExisting), string(risk.ControlPlanned))
	add("risk.effectiveness.", strs(len(risk.Effectivenesses), func(i int) string { return string(risk.Effectivenesses[i]) })...)
	opts := strs(len(risk.TreatmentOptions), func(i int) string { return string(risk.TreatmentOptions[i]) })
	add("risk.treatment.", opts...)
	add("risk.treatment.", "none")
	add("risk.treatment_desc.", opts...)
	add("risk.treatment_status.", strs(len(risk.TreatmentStatuses), func(i int) string { return string(risk.TreatmentStatuses[i]) })...)
	methods := strs(len(risk.Methods), func(i int) string { return string(risk.Methods[i]) })
	add("risk.method.", methods...)
	add("tui.risk.method_short.", methods...)
	add("tui.risk.method_desc.", methods...)
	add("risk.asset_rule.", strs(len(risk.AssetRules), func(i int) string { return string(risk.AssetRules[i]) })...)
	add("risk.rounding.", strs(len(risk.Roundings), func(i int) string { return string(risk.Roundings[i]) })...)
	add("risk.proposal.", string(risk.ProposeProceed), string(risk.ProposeReconsider), string(risk.ProposeStop))
	keys = append(keys, riskTabKeys[:]...)
	keys = append(keys, riskEmptyKeys[:]...)
	for k := range regCols {
		for _, c := range regCols[k] {
			keys = append(keys, c.key)
		}
		for _, s := range regSorts[k] {
			keys = append(keys, s.key)
		}
	}
	for _, sec := range ui.DefaultKeyMap(i18n.New(i18n.ZH)).RiskFullHelp() {
		keys = append(keys, sec.TitleKey)
	}
	// What the model reports: every settings problem and every reason.
	bad := risk.DefaultSettings(risk.MethodMatrix)
	bad.Method, bad.AssetRule, bad.Weights = "x", risk.AssetWeighted, [3]float64{-1, 0, 0}
	for _, e := range bad.Validate() {
		keys = append(keys, e.Key)
	}
	bad = risk.DefaultSettings(risk.MethodMatrix)
	bad.RiskMatrix[0][0], bad.RiskLevels.Upper[1] = 99, 0
	for _, e := range bad.Validate() {
		keys = append(keys, e.Key)
	}
	empty := risk.Assessment{}
	_, reasons := empty.Propose()
	for _, r := range reasons {
		keys = append(keys, r.Key)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, l := range i18n.Langs {
			if !i18n.New(l).Has(k) {
				t.Errorf("key %q missing from the %s catalog", k, l)
			}
		}
	}
}
