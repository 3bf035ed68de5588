package templates_test

import (
	"strings"
	"testing"

	"outsec/model"
	xm "outsec/model/exit"
	"outsec/store"
	"outsec/templates"
	"outsec/templates/render/markdown"
)

// sampleExit is an exit half done: two items handed back (one changed on
// receipt), one destroyed, one undisposed; a person's access open; the
// report not acknowledged.
func sampleExit(lang string, cloud bool) store.ExitView {
	w := func(zh, en string) string {
		if lang == "en" {
			return en
		}
		return zh
	}
	x := &xm.Exit{Trigger: xm.TriggerExpiry, PlannedStart: "2026-11-01", PlannedEnd: "2026-12-31", Successor: xm.SuccessorVendor,
		SuccessorName: w("新服务机构", "New Vendor Ltd"), StartedOn: "2026-11-01", StartedBy: w("张三", "Zhang San"), AuthorisedBy: w("王明", "Wang Ming"), AuthorisedOn: "2026-11-20",
		AuthorisedRef: w("函 2026-18", "letter 2026-18"), DeletionPlan: w("逐库删除并覆写三次，备份磁带消磁", "delete per database, overwrite three times, degauss the backup tapes")}
	v := store.ExitView{State: xm.State{Exit: x, Cloud: cloud, OpenAccess: []string{w("李四 (oa-admin)", "Li Si (oa-admin)")}, OpenFindings: 1},
		ConfidentialityPeriod: "5y", ConfidentialityEnd: "2032-12-31"}
	for _, d := range xm.Checklist(cloud) {
		c := xm.Check{ID: d.ID}
		if strings.HasPrefix(d.ID, "exit.a") {
			c.Status, c.On, c.CheckedBy = xm.CheckDone, "2026-12-01", w("张三", "Zhang San")
		}
		v.Checks = append(v.Checks, c)
	}
	h := strings.Repeat("ab", 32)
	v.Items = []xm.Item{
		{ID: 1, Type: xm.TypeData, Name: "orders.csv", Format: "CSV", Size: 10240, SHA256: h, SM3: h, Sensitive: true, Location: "db/orders.csv",
			Disposition: xm.HandedBack, DisposedOn: "2026-12-02", Evidence: w("交接单 1", "handover sheet 1"), VerifiedBy: w("王五", "Wang Wu"), Received: xm.Matched},
		{ID: 2, Type: xm.TypeCode, Name: w("源代码", "source code"), Location: "src.tar", Size: 2048, SHA256: h, SM3: h, Disposition: xm.HandedBack,
			DisposedOn: "2026-12-02", Evidence: w("交接单 1", "handover sheet 1"), VerifiedBy: w("王五", "Wang Wu"), Received: xm.Changed},
		{ID: 3, Type: xm.TypeMedium, Name: w("备份磁带", "backup tapes"), Disposition: xm.Destroyed, DisposedOn: "2026-12-03", Method: w("消磁", "degaussing"), Witness: w("赵六", "Zhao Liu"),
			MediaCleared: true, Evidence: w("销毁记录 3", "destruction record 3"), VerifiedBy: w("王五", "Wang Wu")},
		{ID: 4, Type: xm.TypeDocument, Name: w("运维手册", "operations manual")},
	}
	return v
}

// The exit report names every reason the exit is still open, with its
// clause, and the confidentiality end date; done once nothing is.
func TestExitReportNamesEachReason(t *testing.T) {
	for _, lang := range templates.Langs {
		d := load(t, lang)
		d.SetExit(sampleExit(lang, true))
		doc, err := templates.Fill(templates.ExitReport, d, lang, "")
		if err != nil {
			t.Fatal(err)
		}
		md, _ := markdown.Render(doc)
		s := string(md)
		for _, want := range []string{"2032", "oa-admin", "8.2 c)", "8.2 d)", "9.2.1 a)", "9.3.1 d)"} {
			if !strings.Contains(s, want) {
				t.Errorf("%s: report lacks %q", lang, want)
			}
		}
		if doc.Number != "2026-001-XR-01" {
			t.Errorf("number %s", doc.Number)
		}
		if step, ok := model.DocumentStep(string(templates.ExitReport)); !ok || step != model.StepExit {
			t.Error("the report is not the exit's")
		}
		b, err := templates.RenderXLSX(&templates.DocData{Kind: templates.HandoverList})
		if err != nil || len(b) == 0 {
			t.Fatalf("xlsx %v", err)
		}
	}
}
