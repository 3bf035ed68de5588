package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"outsec/i18n"
	"outsec/model"
	"outsec/model/screening"
	"outsec/store"
)

func blockText(c *i18n.Catalog, b model.Block) string {
	return c.T(b.Key, b.Args...) + " (" + c.T("err.clause", string(b.Clause)) + ")"
}

func TestScreeningOpensFromDashboard(t *testing.T) {
	h, _, e := sampleScreening(t, i18n.ZH, 80, 24)
	if h.at() != KindScreening || h.capturing() {
		t.Fatalf("screen %v capturing %v after v", h.at(), h.capturing())
	}
	h.mustShow(zh.T("tui.screening.title", e.Code, e.Name)[:30], zh.T("screening.item.b1"), zh.T("screening.item.b10"),
		"b) 10)", "["+zh.T("state.not_started")+"]", zh.T("screening.result.unknown"))
	h.checkFrame(80, 24)
	// esc goes back to the dashboard, with the same engagement selected.
	h.press("esc")
	if h.at() != KindDashboard {
		t.Fatalf("screen %v after esc", h.at())
	}
	h.mustShow("> " + e.Code)
}

func TestScreeningNotMetBlocksTheStep(t *testing.T) {
	h, st, e := sampleScreening(t, i18n.ZH, 80, 24)
	// b) 3): unknown → met → not met.
	h.press("down", "down", "space")
	if a := screeningOf(t, st, e.ID).Vendor.Answer("b3"); a.Result != screening.Met {
		t.Fatalf("after one space: %+v", a)
	}
	h.mustShow(zh.T("tui.screening.status.answer", "b) 3)", zh.T("screening.result.met")))
	h.press("space")
	if a := screeningOf(t, st, e.ID).Vendor.Answer("b3"); a.Result != screening.NotMet {
		t.Fatalf("after two: %+v", a)
	}
	block := model.Block{Key: "screening.block.b3", Clause: "GB/T 32926—2016 6.1 b) 3)"}
	h.mustShow("["+zh.T("state.in_progress")+"]", zh.T("tui.screening.blocks", 2), zh.T(block.Key), zh.T("screening.result.not_met"))
	h.checkFrame(80, 24)
	recs, _ := st.AuditLog(context.Background(), 1)
	if recs[0].Event != store.EventVendorScreen || recs[0].Detail != "b3=not_met" {
		t.Fatalf("audit %+v", recs[0])
	}

	// Back on the dashboard, the lifecycle panel reports the step and its
	// block, with its clause.
	h.press("esc")
	h.send(teaSize(160, 50))
	h.mustShow("["+zh.T("state.in_progress")+"] "+zh.T("step.screening")+" ("+zh.T("state.blocked")+")",
		"(依据 GB/T 32926—2016 6.1 b) 3))")
	f := h.facts()
	if f.States[model.StepScreening] != model.InProgress || len(f.Blocks[model.StepScreening]) != 2 ||
		f.Blocks[model.StepScreening][0].Key != block.Key || f.Blocks[model.StepScreening][0].Clause != block.Clause {
		t.Fatalf("dashboard facts %+v", f)
	}
}

func TestScreeningEvidenceForm(t *testing.T) {
	h, st, e := sampleScreening(t, i18n.ZH, 80, 24)
	h.press("e")
	if !h.capturing() {
		t.Fatalf("capturing %v with the form open", h.capturing())
	}
	h.mustShow(zh.T("tui.screening.form.answer_title", zh.T("tui.screening.subject.vendor", e.Vendor.Name)), zh.T("screening.item.b1"))
	// The result list starts at the current result (unknown); up twice is met.
	h.press("up", "up", "enter")
	h.typeText("营业执照 91110000MA00000000")
	h.press("enter")
	a := screeningOf(t, st, e.ID).Vendor.Answer("b1")
	if a.Result != screening.Met || a.Evidence != "营业执照 91110000MA00000000" {
		t.Fatalf("answer %+v", a)
	}
	if h.capturing() {
		t.Fatalf("capturing %v after saving", h.capturing())
	}
	h.mustShow(zh.T("tui.screening.evidence", "营业执照 91110000MA00000000"))

	// esc leaves the form and changes nothing.
	h.press("e", "down")
	h.typeText("改了")
	h.press("esc")
	if a2 := screeningOf(t, st, e.ID).Vendor.Answer("b1"); a2 != a {
		t.Fatalf("esc saved: %+v", a2)
	}
	h.mustShow(zh.T("tui.screening.title", e.Code, e.Name)[:30])
}

func TestScreeningAddPersonFlagsNoNDA(t *testing.T) {
	h, st, e := sampleScreening(t, i18n.ZH, 80, 24)
	h.press("tab")
	h.mustShow(zh.T("tui.screening.no_people", "a"))
	addPerson(h, "王小明", "运维工程师", "11010519491231002x")

	sc := screeningOf(t, st, e.ID)
	if len(sc.People) != 1 {
		t.Fatalf("people %+v", sc.People)
	}
	p := sc.People[0]
	if p.Name != "王小明" || p.Role != "运维工程师" || p.IDType != screening.IDResident || p.IDNumber != "11010519491231002x" ||
		p.Employer != "" || p.HasNDA() {
		t.Fatalf("person %+v", p)
	}
	h.mustShow(zh.T("tui.screening.status.added", "王小明"), "> 王小明", "11010519491231002x",
		zh.T("tui.screening.no_nda"), zh.T("tui.screening.summary_no_nda", 1), zh.T("screening.verdict.pending"))
	h.checkFrame(80, 24)

	// The person's checklist: c) 1) met.
	h.press("enter")
	h.mustShow(zh.T("screening.item.c1"), zh.T("screening.item.c7"), "› 王小明", zh.T("tui.screening.no_nda"))
	h.press("space")
	if a := screeningOf(t, st, e.ID).People[0].Checklist.Answer("c1"); a.Result != screening.Met {
		t.Fatalf("c1 %+v", a)
	}
	// c) 6) not met: a block naming the person.
	h.press("G", "up", "space", "space")
	if a := screeningOf(t, st, e.ID).People[0].Checklist.Answer("c6"); a.Result != screening.NotMet {
		t.Fatalf("c6 %+v", a)
	}
	h.mustShow(zh.T("screening.block.c6", "王小明")[:20])

	// Edit: record the NDA; the flag goes.
	h.press("esc", "e")
	h.mustShow(zh.T("tui.screening.form.person_edit", "王小明"))
	h.press("enter", "enter", "enter", "enter", "enter") // to the second group
	h.press("enter", "enter")                            // phone, start date
	h.typeText("2026/3/5")
	h.press("enter", "enter")
	p = screeningOf(t, st, e.ID).People[0]
	if p.NDASigned != "2026-03-05" || p.IDNumber != "11010519491231002x" || len(p.Checklist) != 2 {
		t.Fatalf("after edit %+v", p)
	}
	h.mustShow("2026-03-05", zh.T("tui.screening.status.updated", "王小明"))
	h.mustNotShow(zh.T("tui.screening.no_nda"))
}

func TestScreeningPersonFormChecks(t *testing.T) {
	h, st, e := sampleScreening(t, i18n.ZH, 80, 24)
	h.press("tab", "a", "enter")
	// The name is required: the form stays on it.
	h.mustShow(zh.T("err.field_line", zh.T("field.person.name"), zh.T("err.required")))
	h.typeText("李四")
	h.press("enter", "enter", "enter", "enter", "enter")
	h.typeText("电话")
	h.press("enter")
	h.mustShow(zh.T("err.field_line", zh.T("field.person.phone"), zh.T("err.phone")))
	// A number without the kind of document: refused when completed.
	h.press("esc")
	h.press("a")
	h.typeText("赵六")
	h.press("enter", "enter", "enter")
	h.typeText("E1234567")
	h.press("enter")
	h.mustShow(zh.T("err.field_line", zh.T("field.person.id_type"), zh.T("screening.err.id_type_needed")))
	h.press("esc")
	if sc := screeningOf(t, st, e.ID); len(sc.People) != 0 {
		t.Fatalf("people written: %+v", sc.People)
	}
	if h.capturing() {
		t.Fatalf("capturing %v after esc", h.capturing())
	}
}

func TestScreeningDeletePersonAsks(t *testing.T) {
	h, st, e := sampleScreening(t, i18n.ZH, 80, 24)
	h.press("tab")
	addPerson(h, "甲", "岗位", "")
	addPerson(h, "乙", "岗位", "")
	if n := len(screeningOf(t, st, e.ID).People); n != 2 {
		t.Fatalf("%d people", n)
	}
	h.mustShow("> 乙")
	h.press("d")
	h.mustShow(zh.T("tui.screening.delete.title", "乙"), zh.T("tui.screening.delete.desc"))
	h.press("enter") // the default is No
	if n := len(screeningOf(t, st, e.ID).People); n != 2 {
		t.Fatalf("the default answer deleted: %d people", n)
	}
	h.press("d", "y")
	sc := screeningOf(t, st, e.ID)
	if len(sc.People) != 1 || sc.People[0].Name != "甲" {
		t.Fatalf("people %+v", sc.People)
	}
	h.mustShow(zh.T("tui.screening.status.deleted", "乙"), "> 甲")
	recs, _ := st.AuditLog(context.Background(), 1)
	if recs[0].Event != store.EventPersonDelete || recs[0].Outcome != store.OutcomeSuccess {
		t.Fatalf("audit %+v", recs[0])
	}
}

func TestScreeningKeepsItsPlace(t *testing.T) {
	h, _, _ := sampleScreening(t, i18n.ZH, 80, 24)
	h.press("down", "down", "down")
	h.press("esc", "v")
	if scrOf(h).cursor[partVendor] != 3 {
		t.Fatalf("cursor %d after coming back", scrOf(h).cursor[partVendor])
	}
	// Help and back.
	h.press("?")
	h.mustShow(zh.T("tui.helpscreen.screening"))
	h.press("esc")
	if h.at() != KindScreening {
		t.Fatalf("screen %v after the help", h.at())
	}
}

func TestScreeningEnglishAndSizes(t *testing.T) {
	st := openStore(t)
	op, err := st.CreateOperator(context.Background(), store.Operator{Name: "Li Hua", Role: "officer"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.LoadSample(context.Background(), op, "en"); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, st, i18n.EN, 80, 24)
	h.press("v")
	h.press("down", "space", "space", "tab")
	addPerson(h, "Li Lei", "DBA", "G12345678")
	for _, keys := range [][]string{nil, {"enter"}, {"esc", "tab"}} {
		h.press(keys...)
		if s := h.screen(); hasHan(s) {
			t.Fatalf("English screen shows Chinese:\n%s", s)
		}
		for _, size := range [][2]int{{80, 24}, {100, 30}, {160, 40}} {
			h.send(teaSize(size[0], size[1]))
			h.checkFrame(size[0], size[1])
		}
		h.send(teaSize(80, 24))
	}
	// The block, wrapped over lines.
	flat := strings.Join(strings.Fields(h.screen()), " ")
	if want := blockText(en, model.Block{Key: "screening.block.b2", Clause: "GB/T 32926—2016 6.1 b) 2)"}); !strings.Contains(flat, want) {
		t.Fatalf("screen does not show %q:\n%s", want, h.screen())
	}
}

// TestScreeningGolden keeps the screening screen at 80×24: the vendor's
// checklist with an item not met, and the register with a person without an
// NDA. Update with: go test ./tui/ -run TestScreeningGolden -update
func TestScreeningGolden(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		for _, page := range []string{"vendor", "people"} {
			t.Run(fmt.Sprintf("%s_%s_80x24", page, lang), func(t *testing.T) {
				ctx := context.Background()
				st := openStore(t)
				data := map[i18n.Lang][]string{
					i18n.ZH: {"张三", "科员", "营业执照", "法定代表人有犯罪记录", "王小明", "运维工程师"},
					i18n.EN: {"Li Hua", "officer", "business licence", "the legal representative has a record", "Wang Xiaoming", "Operator"},
				}[lang]
				op, err := st.CreateOperator(ctx, store.Operator{Name: data[0], Role: data[1]})
				if err != nil {
					t.Fatal(err)
				}
				e, err := st.LoadSample(ctx, op, string(lang))
				if err != nil {
					t.Fatal(err)
				}
				for _, a := range []screening.Answer{
					{Item: "b1", Result: screening.Met, Evidence: data[2]},
					{Item: "b3", Result: screening.NotMet, Evidence: data[3]},
				} {
					if err := st.SaveVendorAnswer(ctx, op, e.ID, a); err != nil {
						t.Fatal(err)
					}
				}
				for _, p := range []screening.Person{
					{Name: data[4], Role: data[5], IDType: screening.IDResident, IDNumber: "11010519491231002X", NDASigned: "2026-03-05"},
					{Name: "Li Lei", Role: "DBA", IDType: screening.IDPassport, IDNumber: "E12345678"},
				} {
					if err := st.CreatePerson(ctx, op, e.ID, &p); err != nil {
						t.Fatal(err)
					}
				}
				h := newHarness(t, st, lang, 80, 24)
				h.press("v")
				if page == "vendor" {
					h.press("down", "down")
				} else {
					h.press("tab", "down")
				}
				h.checkFrame(80, 24)
				golden.RequireEqual(t, h.screen())
			})
		}
	}
}

// Keys the screening model and store produce at run time exist in both
// catalogs.
func TestScreeningCatalogKeys(t *testing.T) {
	var keys []string
	for _, list := range [][]screening.Item{screening.VendorItems, screening.PersonItems} {
		for _, it := range list {
			keys = append(keys, it.Key(), it.BlockKey())
		}
	}
	for _, r := range screening.Results {
		keys = append(keys, r.Key())
	}
	for _, v := range []screening.Verdict{screening.Pending, screening.Passed, screening.Failed} {
		keys = append(keys, v.Key())
	}
	for _, ty := range append(screening.IDTypes, screening.IDUnset) {
		keys = append(keys, ty.Key())
	}
	for _, ev := range []string{store.EventVendorScreen, store.EventPersonCreate, store.EventPersonUpdate,
		store.EventPersonDelete, store.EventPersonScreen} {
		keys = append(keys, "event."+ev)
	}
	// Every field and message of a thoroughly broken record.
	bad := screening.Screening{
		Vendor: screening.Checklist{{Item: "x", Result: "x", Evidence: "\x00"}, {Item: "x"}},
		People: []screening.Person{{
			Name: "\x00\n", Role: "\x00", IDType: "x", IDNumber: "\x00", Employer: "\x00", Phone: "x",
			StartDate: "x", NDASigned: "x", Notes: "\x00",
			Checklist: screening.Checklist{{Item: "x", Result: "x", Evidence: "\x00"}, {Item: "x"}},
		}, {IDNumber: "1"}},
	}
	for _, f := range bad.Validate() {
		keys = append(keys, f.Key, f.LabelKey())
	}
	for _, p := range bad.People {
		for _, f := range p.Validate() {
			keys = append(keys, f.Key, f.LabelKey())
		}
	}
	_, blocks := (&screening.Screening{Vendor: screening.Checklist{{Item: "b1", Result: screening.NotMet}}}).LifecycleState()
	for _, b := range blocks {
		keys = append(keys, b.Key)
	}
	for _, k := range keys {
		for _, l := range i18n.Langs {
			if !i18n.New(l).Has(k) {
				t.Errorf("key %q missing from the %s catalog", k, l)
			}
		}
	}
}

func scrOf(h *harness) *screeningScreen {
	p, _ := h.pageOf(KindScreening).(*screeningScreen)
	return p
}
