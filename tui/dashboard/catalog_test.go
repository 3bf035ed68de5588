package dashboard

import (
	"testing"

	"outsec/i18n"
	"outsec/model"
	"outsec/tui/ui"
	"outsec/tui/wizard"
)

func TestDynamicCatalogKeys(t *testing.T) {
	var keys []string
	for _, st := range model.ServiceTypes {
		keys = append(keys, "service."+string(st))
	}
	keys = append(keys, "scale.")
	for _, sc := range model.VendorScales {
		keys = append(keys, "scale."+string(sc))
	}
	for _, p := range model.Phases {
		keys = append(keys, p.Key(), phaseShortKey(p))
	}
	for _, s := range model.Steps {
		keys = append(keys, s.Key())
	}
	for _, s := range []model.State{model.NotStarted, model.InProgress, model.Done, model.NeedsUpdate} {
		keys = append(keys, s.Key())
	}
	for s := sortMode(0); s < sortModes; s++ {
		keys = append(keys, s.key())
	}
	for i := 0; i < wizard.GroupCount; i++ {
		keys = append(keys, wizard.GroupTitleKeys[i], wizard.GroupHintKeys[i])
	}
	for _, sec := range ui.DefaultKeyMap(i18n.New(i18n.ZH)).FullHelp() {
		keys = append(keys, sec.TitleKey)
	}
	for _, k := range keys {
		for _, l := range i18n.Langs {
			if !i18n.New(l).Has(k) {
				t.Errorf("key %q missing from the %s catalog", k, l)
			}
		}
	}
}
