package i18n

import "testing"

type term string

func (t term) CatalogKey() string { return string(t) }

// An argument that is a catalog entry is shown in the catalog's language,
// and the caller's arguments are left as they are.
func TestTermArguments(t *testing.T) {
	args := []any{term("scale.medium"), "x"}
	zh, en := New(ZH).T("filing.changed.vendor.scale", args...), New(EN).T("filing.changed.vendor.scale", args...)
	if zh != "外包服务机构规模："+New(ZH).T("scale.medium")+" → x" || en != "Vendor scale: "+New(EN).T("scale.medium")+" → x" {
		t.Errorf("%q %q", zh, en)
	}
	if _, ok := args[0].(term); !ok {
		t.Error("the caller's argument was replaced")
	}
}
