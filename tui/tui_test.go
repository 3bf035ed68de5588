package tui

import (
	"context"
	"encoding/json"
	"image/color"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"outsec/i18n"
	"outsec/model"
	"outsec/store"
)

func TestFirstStartCreatesOperator(t *testing.T) {
	st := openStore(t)
	h := newHarness(t, st, i18n.ZH, 80, 24)
	h.mustShow(zh.T("tui.operator.first_title"), zh.T("tui.status.no_operator"))

	// The name is required.
	h.press("enter")
	h.mustShow(zh.T("err.field_line", zh.T("tui.operator.name"), zh.T("err.required")))

	h.typeText("王五")
	h.press("enter")
	h.typeText("科员")
	h.press("enter")
	h.typeText("信息处")
	h.press("enter")

	op, err := st.CurrentOperator(context.Background())
	if err != nil {
		t.Fatalf("no operator was created: %v", err)
	}
	if op.Name != "王五" || op.Role != "科员" || op.Unit != "信息处" {
		t.Fatalf("operator %+v", op)
	}
	// The dashboard, with the operator in the status bar.
	h.mustShow(zh.T("tui.empty.none"), zh.T("tui.status.operator", "王五 (科员, 信息处)"))
	h.mustNotShow(zh.T("tui.operator.first_title"))
}

func TestFirstStartEscQuits(t *testing.T) {
	st := openStore(t)
	h := newHarness(t, st, i18n.ZH, 80, 24)
	h.press("esc")
	if !h.quit {
		t.Fatal("leaving the first-start form did not quit")
	}
}

func TestSwitchAndAddOperator(t *testing.T) {
	st, _ := withOperator(t)
	other, err := st.CreateOperator(context.Background(), store.Operator{Name: "李四", Role: "处长"})
	if err != nil {
		t.Fatal(err)
	}
	// CreateOperator made 李四 current; go back to 张三 first.
	h := newHarness(t, st, i18n.ZH, 80, 24)
	h.mustShow(zh.T("tui.status.operator", "李四 (处长)"))

	h.press("o")
	h.mustShow(zh.T("tui.operators.title"), "张三 (科员, 信息技术处)", zh.T("tui.operators.current", "李四 (处长)"))
	h.press("up", "enter")
	h.mustShow(zh.T("tui.status.operator", "张三 (科员, 信息技术处)"))
	if op, _ := st.CurrentOperator(context.Background()); op.Name != "张三" {
		t.Fatalf("current operator in the store is %q", op.Name)
	}

	// Add a third profile: it becomes the current one.
	h.press("o", "a")
	h.mustShow(zh.T("tui.operator.add_title"))
	h.typeText("赵六")
	h.press("enter", "enter", "enter")
	h.mustShow(zh.T("tui.status.operator", "赵六"))
	if op, _ := st.CurrentOperator(context.Background()); op.Name != "赵六" || op.ID == other.ID {
		t.Fatalf("current operator in the store is %+v", op)
	}
}

// wizardEngagement is what the wizard tests type.
type wizardInput struct {
	name, dept, unit, leader     string
	mName, mRole, mPhone, mEmail string
	serviceDowns                 int // down presses in the service type list
	start, end                   string
	vendor                       string
	notes                        string
}

func fillBasics(h *harness, in wizardInput) {
	for _, s := range []string{in.name, in.dept, in.unit, in.leader} {
		h.typeText(s)
		h.press("enter")
	}
}

func fillManagers(h *harness, in wizardInput) {
	for _, s := range []string{in.mName, in.mRole, in.mPhone, in.mEmail} {
		h.typeText(s)
		h.press("enter")
	}
	// Managers 2 and 3 stay empty.
	for i := 0; i < 8; i++ {
		h.press("enter")
	}
}

func fillRest(h *harness, in wizardInput) {
	for i := 0; i < in.serviceDowns; i++ {
		h.press("down")
	}
	h.press("enter") // service type
	h.press("enter") // cloud website: No
	h.typeText(in.start)
	h.press("enter")
	h.typeText(in.end)
	h.press("enter")
	h.typeText(in.vendor)
	h.press("enter")
	for i := 0; i < 6; i++ { // scale, qualifications, lead name, role, phone, email
		h.press("enter")
	}
	h.typeText(in.notes)
	h.press("enter")
}

var portal = wizardInput{
	name: "政务外网运维服务外包", dept: "某市大数据局", unit: "网络安全处", leader: "周局长",
	mName: "钱七", mRole: "项目经理", mPhone: "010-6666 8888", mEmail: "qian@example.gov.cn",
	serviceDowns: 4, start: "2026/3/1", end: "2027-02-28", vendor: "某网络科技有限公司", notes: "三年期",
}

func TestWizardCreatesEngagement(t *testing.T) {
	st, _ := withOperator(t)
	h := newHarness(t, st, i18n.ZH, 80, 24)
	h.press("n")
	h.mustShow(zh.T("tui.wizard.new"), zh.T("tui.wizard.step", 1, 5, zh.T("tui.wizard.group.basic")))
	fillBasics(h, portal)
	h.mustShow(zh.T("tui.wizard.step", 2, 5, zh.T("tui.wizard.group.managers")))
	fillManagers(h, portal)
	h.mustShow(zh.T("tui.wizard.step", 3, 5, zh.T("tui.wizard.group.service")))
	fillRest(h, portal)

	es := engagements(t, st)
	if len(es) != 1 {
		t.Fatalf("%d engagements in the store, want 1", len(es))
	}
	e := es[0]
	if e.Name != portal.name || e.Department != portal.dept || e.ResponsibleUnit != portal.unit || e.Leader != portal.leader {
		t.Errorf("basics: %+v", e)
	}
	if len(e.Managers) != 1 || e.Managers[0] != (model.Contact{Name: "钱七", Role: "项目经理", Phone: "010-6666 8888", Email: "qian@example.gov.cn"}) {
		t.Errorf("managers: %+v", e.Managers)
	}
	if e.ServiceType != model.ServiceMaintenance || e.CloudWebsite {
		t.Errorf("service: %q cloud %v", e.ServiceType, e.CloudWebsite)
	}
	if e.PeriodStart != "2026-03-01" || e.PeriodEnd != "2027-02-28" {
		t.Errorf("period: %q to %q", e.PeriodStart, e.PeriodEnd)
	}
	if e.Vendor.Name != portal.vendor || e.Notes != portal.notes {
		t.Errorf("vendor %q notes %q", e.Vendor.Name, e.Notes)
	}
	// The draft went with the save, in the same transaction.
	if ds := drafts(t, st); len(ds) != 0 {
		t.Errorf("%d drafts left after the save", len(ds))
	}
	// Back on the dashboard, the new engagement is listed and selected.
	h.mustShow(zh.T("tui.status.created", e.Code, e.Name), "> "+e.Code, "政务外网运维服务")
	if h.at() != KindDashboard {
		t.Fatalf("screen %v after saving", h.at())
	}
}

func TestWizardSavesDraftAfterEachGroupAndResumes(t *testing.T) {
	st, _ := withOperator(t)
	h := newHarness(t, st, i18n.ZH, 80, 24)
	h.press("n")
	fillBasics(h, portal)

	ds := drafts(t, st)
	if len(ds) != 1 {
		t.Fatalf("%d drafts after group 1, want 1", len(ds))
	}
	if ds[0].Step != groupManagers || ds[0].EngagementID != 0 {
		t.Fatalf("draft step %d engagement %d, want step %d of a new engagement", ds[0].Step, ds[0].EngagementID, groupManagers)
	}
	var v wizardValues
	if err := json.Unmarshal(ds[0].Data, &v); err != nil {
		t.Fatal(err)
	}
	if v.Name != portal.name || v.Department != portal.dept || v.ResponsibleUnit != portal.unit || v.Leader != portal.leader {
		t.Fatalf("draft data %+v", v)
	}

	// Half of group 2, then the program is killed: no esc, no goodbye.
	h.typeText(portal.mName)
	h.press("enter")
	h.typeText("项目")

	h2 := newHarness(t, st, i18n.ZH, 80, 24)
	h2.mustShow(zh.T("tui.drafts.title", 1), portal.name, zh.T("tui.wizard.group.managers"))
	h2.press("enter")
	// Resumed at the saved group, with the saved values: only the field being
	// typed (the role) is lost.
	h2.mustShow(zh.T("tui.wizard.step", 2, 5, zh.T("tui.wizard.group.managers")), portal.mName)
	if dashPageOf(h2).wiz.vals.Managers[0].Role != "" || dashPageOf(h2).wiz.vals.Name != portal.name {
		t.Fatalf("resumed values %+v", dashPageOf(h2).wiz.vals)
	}
	// The manager's name was kept; fill the rest of the group from the role on.
	h2.press("enter")
	for _, s := range []string{portal.mRole, portal.mPhone, portal.mEmail} {
		h2.typeText(s)
		h2.press("enter")
	}
	for i := 0; i < 8; i++ {
		h2.press("enter")
	}
	fillRest(h2, portal)

	es := engagements(t, st)
	if len(es) != 1 || es[0].Name != portal.name || es[0].Managers[0].Role != portal.mRole {
		t.Fatalf("engagements after resuming: %+v", es)
	}
	if ds := drafts(t, st); len(ds) != 0 {
		t.Fatalf("%d drafts left", len(ds))
	}
}

func TestEscKeepsDraftAndOffersIt(t *testing.T) {
	st, _ := withOperator(t)
	h := newHarness(t, st, i18n.ZH, 80, 24)
	h.press("n")
	h.typeText("未完成的项目")
	h.press("esc")
	// Back from the wizard, the draft is offered.
	h.mustShow(zh.T("tui.drafts.title", 1), "未完成的项目")
	if ds := drafts(t, st); len(ds) != 1 {
		t.Fatalf("%d drafts after esc", len(ds))
	}
	// Later: esc goes to the dashboard and the draft stays.
	h.press("esc")
	h.mustShow(zh.T("tui.empty.none"))
	// Discarding asks first; the answer defaults to No.
	h.press("n", "esc")
	h.mustShow(zh.T("tui.drafts.title", 1))
	h.press("x")
	h.mustShow(zh.T("tui.discard.desc"))
	h.press("enter")
	if ds := drafts(t, st); len(ds) != 1 {
		t.Fatalf("the default answer discarded the draft")
	}
	h.press("x", "y")
	if ds := drafts(t, st); len(ds) != 0 {
		t.Fatalf("%d drafts after discarding", len(ds))
	}
	h.mustShow(zh.T("tui.status.draft_discarded"), zh.T("tui.empty.none"))
}

// An engagement with more managers than the form shows (one imported from a
// case file) keeps all of them through an edit.
func TestEditKeepsManagersBeyondTheForm(t *testing.T) {
	st, op := withOperator(t)
	e := model.SampleEngagement("zh-CN")
	for _, n := range []string{"丙", "丁", "戊"} {
		e.Managers = append(e.Managers, model.Contact{Name: n, Phone: "010-1234567"})
	}
	if err := st.CreateEngagement(context.Background(), op, &e, 0); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, st, i18n.ZH, 120, 36)
	h.press("e")
	h.mustShow(zh.T("tui.wizard.edit", e.Code))
	for i := 0; i < 4+12+4+7+1; i++ {
		h.press("enter")
	}
	got := engagements(t, st)[0]
	if len(got.Managers) != 5 || got.Managers[4].Name != "戊" {
		t.Fatalf("managers after edit: %+v", got.Managers)
	}
}

func TestEditEngagement(t *testing.T) {
	st, op := withOperator(t)
	sample, err := st.LoadSample(context.Background(), op, "zh-CN")
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, st, i18n.ZH, 120, 36)
	h.press("e")
	h.mustShow(zh.T("tui.wizard.edit", sample.Code), sample.Name)
	h.typeText("(二期)")
	h.press("enter")
	// The edit's draft names the engagement it edits.
	if ds := drafts(t, st); len(ds) != 1 || ds[0].EngagementID != sample.ID {
		t.Fatalf("drafts while editing: %+v", ds)
	}
	// Enter through every other field: the values stay as they were.
	for i := 0; i < 3+12+4+7+1; i++ {
		h.press("enter")
	}
	es := engagements(t, st)
	if len(es) != 1 {
		t.Fatalf("%d engagements", len(es))
	}
	e := es[0]
	if e.Name != sample.Name+"(二期)" || e.Code != sample.Code || e.ID != sample.ID {
		t.Fatalf("edited %q (%s, %d)", e.Name, e.Code, e.ID)
	}
	if e.Vendor != sample.Vendor || len(e.Managers) != 2 || e.ServiceType != sample.ServiceType || !e.CloudWebsite || e.PeriodEnd != sample.PeriodEnd {
		t.Fatalf("edit changed other fields: %+v", e)
	}
	h.mustShow(zh.T("tui.status.updated", e.Code, e.Name))
	if ds := drafts(t, st); len(ds) != 0 {
		t.Fatalf("%d drafts left", len(ds))
	}
}

func TestDeleteAsksAndDefaultsToNo(t *testing.T) {
	st, op := withOperator(t)
	sample, err := st.LoadSample(context.Background(), op, "zh-CN")
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, st, i18n.ZH, 120, 36)
	h.press("d")
	h.mustShow(zh.T("tui.delete.title", sample.Code, sample.Name), zh.T("tui.yes"), zh.T("tui.no"))
	h.press("enter")
	if len(engagements(t, st)) != 1 {
		t.Fatal("the default answer deleted the engagement")
	}
	h.mustShow(zh.T("tui.status.nothing_changed"), sample.Code)

	h.press("d", "y")
	if n := len(engagements(t, st)); n != 0 {
		t.Fatalf("%d engagements after deleting", n)
	}
	h.mustShow(zh.T("tui.status.deleted", sample.Code, sample.Name), zh.T("tui.empty.none"))
}

func TestFilter(t *testing.T) {
	st, op := withOperator(t)
	addEngagement(t, st, op, "门户网站运维", "市政府办公厅", "Jia Tech Ltd.")
	addEngagement(t, st, op, "环保监测系统开发", "市生态环境局", "乙软件公司")
	addEngagement(t, st, op, "政务云迁移", "市大数据局", "丙云计算公司")
	h := newHarness(t, st, i18n.ZH, 80, 24)
	h.mustShow(zh.T("tui.dashboard.count", 3, 3))

	h.press("/")
	h.typeText("丙云") // a vendor
	h.mustShow(zh.T("tui.dashboard.count", 1, 3), "政务云迁移")
	h.mustNotShow("门户网站运维", "环保监测系统开发")
	h.press("backspace", "backspace")
	h.typeText("生态") // a department
	h.mustShow(zh.T("tui.dashboard.count", 1, 3), "环保监测系统开发")
	h.mustNotShow("门户网站运维", "政务云迁移")
	h.press("enter")

	// The filter and the selection survive the help and the wizard.
	h.press("?")
	h.press("esc")
	h.mustShow(zh.T("tui.dashboard.count", 1, 3), "> 2026-002")
	h.press("n", "esc", "esc")
	h.mustShow(zh.T("tui.dashboard.count", 1, 3), "/ 生态", "> 2026-002")

	// Clearing it lists everything, and the selection stays on the engagement
	// it was on, not the first row.
	h.press("/", "esc")
	h.mustShow(zh.T("tui.dashboard.count", 3, 3), "门户网站运维", "环保监测系统开发", "政务云迁移")
	if got := listed(h); len(got) != 3 || got[0] != "2026-003" {
		t.Fatalf("listed %v", got)
	}
	h.mustShow("> 2026-002")

	// Codes are searched too, and letters in any case.
	for _, q := range []string{"2026-001", "jia tech"} {
		h.press("/")
		h.typeText(q)
		h.mustShow(zh.T("tui.dashboard.count", 1, 3), "门户网站运维")
		h.press("esc")
	}

	h.press("/")
	h.typeText("不存在")
	h.mustShow(zh.T("tui.dashboard.count", 0, 3), zh.T("tui.dashboard.no_match"))
}

// listed is the list's rows as shown: the codes in screen order.
func listed(h *harness) []string {
	re := regexp.MustCompile(`^[> ] (2026-\d{3})`)
	var codes []string
	for _, l := range strings.Split(h.screen(), "\n") {
		if m := re.FindStringSubmatch(l); m != nil {
			codes = append(codes, m[1])
		}
	}
	return codes
}

func TestSortCycles(t *testing.T) {
	st, op := withOperator(t)
	addEngagement(t, st, op, "B 项目", "部门", "") // 2026-001
	addEngagement(t, st, op, "C 项目", "部门", "") // 2026-002
	addEngagement(t, st, op, "A 项目", "部门", "") // 2026-003
	h := newHarness(t, st, i18n.ZH, 80, 24)
	want := func(mode string, codes ...string) {
		t.Helper()
		h.mustShow(zh.T("tui.dashboard.sort", zh.T(mode)))
		if got := listed(h); strings.Join(got, ",") != strings.Join(codes, ",") {
			t.Fatalf("sorted by %s: %v, want %v\n%s", mode, got, codes, h.screen())
		}
	}
	want("tui.sort.updated", "2026-003", "2026-002", "2026-001")
	h.press("s")
	want("tui.sort.name", "2026-003", "2026-001", "2026-002")
	h.press("s")
	want("tui.sort.code", "2026-001", "2026-002", "2026-003")
	h.press("s")
	want("tui.sort.phase", "2026-003", "2026-002", "2026-001")
	h.press("s")
	want("tui.sort.updated", "2026-003", "2026-002", "2026-001")
}

// Chinese names sort by pinyin, as a register would list them, not by code point
// (by code point 北 < 张 < 阿).
func TestSortByNameUsesPinyin(t *testing.T) {
	st, op := withOperator(t)
	addEngagement(t, st, op, "张家口数据中心运维", "部门", "") // 2026-001, zhang
	addEngagement(t, st, op, "阿坝州网站建设", "部门", "")   // 2026-002, a
	addEngagement(t, st, op, "北京市热线外包", "部门", "")   // 2026-003, bei
	h := newHarness(t, st, i18n.ZH, 80, 24)
	h.press("s")
	h.mustShow(zh.T("tui.dashboard.sort", zh.T("tui.sort.name")))
	if got := listed(h); strings.Join(got, ",") != "2026-002,2026-003,2026-001" {
		t.Fatalf("sorted by name: %v\n%s", got, h.screen())
	}
}

func TestSampleFromEmptyDashboard(t *testing.T) {
	st, _ := withOperator(t)
	h := newHarness(t, st, i18n.ZH, 80, 24)
	h.mustShow(zh.T("tui.empty.what")[:30], zh.T("tui.empty.none"), zh.T("tui.empty.sample"))
	h.press("l")
	es := engagements(t, st)
	if len(es) != 1 || !es[0].Sample || !strings.Contains(es[0].Name, "示例") {
		t.Fatalf("after l: %+v", es)
	}
	h.mustShow(es[0].Code, zh.T("tui.mark.sample"), zh.T("tui.mark.stop"), zh.T("tui.phase_short.planning"))
	h.mustNotShow(zh.T("tui.empty.none"))
}

func TestLifecyclePanel(t *testing.T) {
	st, op := withOperator(t)
	addEngagement(t, st, op, "无供应商项目", "部门", "")
	h := newHarness(t, st, i18n.ZH, 160, 40)
	// Wide: the panel is beside the list, with the phases, states and blocks.
	h.mustShow(zh.T("phase.planning"), zh.T("phase.selection"), zh.T("step.record"),
		"["+zh.T("state.in_progress")+"]", zh.T("gap.vendor_name"), zh.T("block.risk_incomplete"),
		zh.T("err.clause", "GB/T 32926—2016 5.1.2 b) 3)"), zh.T("lifecycle.must_not_proceed"))
	// The panel scrolls to its last phase.
	h.press("tab", "pgdown", "pgdown")
	h.mustShow(zh.T("phase.exit"), zh.T("step.exit"))

	// Narrow: one at a time; tab switches.
	h.send(teaSize(80, 24))
	h.press("tab")
	h.mustShow(zh.T("tui.col.phase"))
	h.mustNotShow(zh.T("step.record"))
	h.press("tab")
	// Still scrolled where it was left; home goes to the top.
	h.mustShow(zh.T("phase.supervision"))
	h.press("g")
	h.mustShow(zh.T("step.record"), zh.T("phase.planning"))
	h.mustNotShow(zh.T("tui.col.phase"))
}

func TestHelpOverlay(t *testing.T) {
	st, op := withOperator(t)
	addEngagement(t, st, op, "甲", "部门", "")
	addEngagement(t, st, op, "乙", "部门", "")
	h := newHarness(t, st, i18n.ZH, 80, 24)
	h.press("down")
	h.mustShow("> 2026-001")
	h.press("?")
	h.mustShow(zh.T("tui.helpscreen.title", "test"), zh.T("tui.helpscreen.marks"), zh.T("tui.help.sample"),
		zh.T("tui.help.form_leave"), zh.T("tui.help.discard"))
	h.checkFrame(80, 24)
	h.press("esc")
	h.mustShow("> 2026-001")
	h.mustNotShow(zh.T("tui.helpscreen.marks"))
}

func TestResize(t *testing.T) {
	st, op := withOperator(t)
	if _, err := st.LoadSample(context.Background(), op, "zh-CN"); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, st, i18n.ZH, 80, 24)
	check := func(w, ht int) {
		t.Helper()
		h.send(teaSize(w, ht))
		h.checkFrame(w, ht)
		h.mustNotShow("窗口太小")
	}
	check(80, 24)
	h.press("tab") // the panel, full width
	check(80, 24)
	h.press("tab")
	check(120, 36)
	check(200, 50)
	for _, screenKeys := range [][]string{{"?"}, {"esc", "n"}, {"esc", "esc", "d"}} {
		h.press(screenKeys...)
		check(80, 24)
		check(120, 36)
	}

	h.send(teaSize(79, 23))
	h.mustShow(zh.T("tui.too_small", 80, 24, 79, 23))
	h.checkFrame(79, 23)
	h.send(teaSize(100, 10))
	h.mustShow("窗口太小")
	h.send(teaSize(80, 24))
	h.mustNotShow("窗口太小")
}

func TestBadPhoneShowsError(t *testing.T) {
	st, _ := withOperator(t)
	h := newHarness(t, st, i18n.ZH, 80, 24)
	h.press("n")
	fillBasics(h, portal)
	h.typeText("钱七")
	h.press("enter", "enter")
	h.typeText("电话号码")
	h.press("enter")
	phoneTitle := zh.T("tui.wizard.manager", 1, zh.T("tui.contact.phone"))
	h.mustShow(zh.T("err.field_line", phoneTitle, zh.T("err.phone")))
	if k := dashPageOf(h).wiz.focusedKey(); k != "m1.phone" {
		t.Fatalf("focus moved on to %q despite the error", k)
	}
}

func TestValidationReturnsToForm(t *testing.T) {
	st, _ := withOperator(t)
	h := newHarness(t, st, i18n.ZH, 120, 36)
	h.press("n")
	fillBasics(h, portal)
	fillManagers(h, portal)
	h.press("down", "enter", "enter") // consulting, not cloud
	h.press("enter", "enter")         // no dates
	h.press("enter")                  // no vendor name
	h.press("down", "enter")          // but a scale: the vendor then needs a name
	for i := 0; i < 5; i++ {
		h.press("enter")
	}
	h.press("enter") // notes: submit
	if n := len(engagements(t, st)); n != 0 {
		t.Fatalf("%d engagements saved despite the error", n)
	}
	// model.Validate's verdict, with the field's label and the clause, back in
	// the vendor group.
	h.mustShow(zh.T("err.field_line", zh.T("field.vendor.name"), zh.T("err.required")),
		zh.T("err.clause", string(model.ClauseFilingVendor)),
		zh.T("tui.wizard.step", 4, 5, zh.T("tui.wizard.group.vendor")))
	// Nothing typed was lost: the draft holds it.
	ds := drafts(t, st)
	if len(ds) != 1 || ds[0].Step != groupVendor || !strings.Contains(string(ds[0].Data), `"vendor_scale":"large"`) {
		t.Fatalf("draft after the rejection: %+v", ds)
	}
	// Give the vendor a name and submit again.
	h.typeText("某公司")
	for i := 0; i < 7; i++ {
		h.press("enter")
	}
	h.press("enter")
	if es := engagements(t, st); len(es) != 1 || es[0].Vendor.Name != "某公司" || es[0].Vendor.Scale != model.ScaleLarge {
		t.Fatalf("after correcting: %+v", es)
	}
}

func TestCtrlCLeavesFormThenQuits(t *testing.T) {
	st, _ := withOperator(t)
	h := newHarness(t, st, i18n.ZH, 80, 24)
	h.press("n")
	h.press("ctrl+c")
	if h.quit || h.at() != KindDashboard {
		t.Fatalf("ctrl+c in the wizard: quit %v, screen %v", h.quit, h.at())
	}
	h.press("q")
	if !h.quit {
		t.Fatal("q on the dashboard did not quit")
	}
}

func TestEnglishShowsNoChinese(t *testing.T) {
	st := openStore(t)
	if _, err := st.CreateOperator(context.Background(), store.Operator{Name: "Li Hua", Role: "officer"}); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, st, i18n.EN, 80, 24)
	check := func(what string) {
		t.Helper()
		if s := h.screen(); hasHan(s) {
			t.Fatalf("%s shows Chinese:\n%s", what, s)
		}
	}
	check("the empty dashboard")
	h.press("l")
	h.mustShow("[Sample]", "sample", "no-go")
	check("the dashboard")
	h.press("tab")
	check("the lifecycle panel")
	h.send(teaSize(120, 36))
	h.mustShow("Planning", "Engagement record")
	check("the wide dashboard")
	h.press("?")
	check("the help")
	h.press("esc", "n")
	check("the wizard")
}

func TestNoColor(t *testing.T) {
	st, op := withOperator(t)
	if _, err := st.LoadSample(context.Background(), op, "zh-CN"); err != nil {
		t.Fatal(err)
	}
	colour := regexp.MustCompile(`\x1b\[[0-9;]*(3[0-9]|4[0-9]|9[0-7]|10[0-7])(;[0-9;]*)?m`)
	h := newHarness(t, st, i18n.ZH, 120, 36) // NoColor
	v := h.m.View().Content
	if colour.MatchString(v) {
		t.Fatalf("NO_COLOR screen has colour: %q", colour.FindString(v))
	}
	// The selection is still visible: reverse video.
	if !strings.Contains(v, "\x1b[1;7m") && !strings.Contains(v, "\x1b[7;1m") && !strings.Contains(v, "\x1b[7m") {
		t.Fatalf("no reverse video for the selection:\n%q", v)
	}

	// With colour, on a light and on a dark background, the styles differ.
	m := NewModel(Config{Store: st, Catalog: zh, Width: 120, Height: 36, Pages: testPages})
	dark := m.Context().styles.Selected.Render("x")
	m.Update(tea.BackgroundColorMsg{Color: color.White})
	if !colour.MatchString(dark) || m.Context().styles.Dark || m.Context().styles.Selected.Render("x") == dark {
		t.Fatal("the light background did not change the styles")
	}
}

func TestViewAlwaysFits(t *testing.T) {
	// Long names, CJK and control characters never break the frame.
	st, op := withOperator(t)
	e := model.Engagement{
		Name:       strings.Repeat("超长项目名称", 30) + "\n第二行\x1b[31m",
		Department: "部门", ResponsibleUnit: "处", Leader: "领导",
		Managers:    []model.Contact{{Name: "甲", Phone: "12345678"}},
		ServiceType: model.ServiceOther, Vendor: model.Vendor{Name: strings.Repeat("供应商", 40)},
	}
	if err := st.CreateEngagement(context.Background(), op, &e, 0); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, st, i18n.ZH, 80, 24)
	for _, size := range [][2]int{{80, 24}, {81, 25}, {119, 30}, {120, 36}, {160, 40}} {
		h.send(teaSize(size[0], size[1]))
		h.checkFrame(size[0], size[1])
		h.press("tab")
		h.checkFrame(size[0], size[1])
		h.press("tab")
	}
	if strings.Contains(h.m.View().Content, "\x1b[31m") {
		t.Fatal("an escape sequence from the data reached the screen")
	}
	if w := ansi.StringWidth(strings.Split(h.screen(), "\n")[0]); w > 160 {
		t.Fatal(w)
	}
}

func TestStoreErrorShown(t *testing.T) {
	st, _ := withOperator(t)
	h := newHarness(t, st, i18n.ZH, 200, 30)
	st.Close() // every store call now fails
	h.press("l")
	if !h.m.Context().statusErr {
		t.Fatal("the failure is not shown as an error")
	}
	h.mustShow(strings.TrimSuffix(zh.T("store.err.internal", st.Path()), "本次操作未保存。"))
	h.mustShow(zh.T("tui.empty.none")) // and the workbench goes on
}

func TestQuitWaitsForWrites(t *testing.T) {
	st, _ := withOperator(t)
	h := newHarness(t, st, i18n.ZH, 80, 24)
	h.press("n")
	h.typeText("写到一半")
	// esc starts the draft save; q comes before it is done.
	_, save := h.m.Update(keyMsg("esc"))
	if save == nil {
		t.Fatal("esc saved nothing")
	}
	if _, cmd := h.m.Update(keyMsg("q")); cmd != nil {
		if _, ok := cmd().(tea.QuitMsg); ok {
			t.Fatal("quit while the draft was being saved")
		}
	}
	h.mustShow(zh.T("tui.status.finishing"))
	h.run(save)
	if !h.quit {
		t.Fatal("did not quit once the save was done")
	}
	if ds := drafts(t, st); len(ds) != 1 || !strings.Contains(string(ds[0].Data), "写到一半") {
		t.Fatalf("drafts: %+v", ds)
	}
}

func TestPanelFocusRemembered(t *testing.T) {
	st, op := withOperator(t)
	addEngagement(t, st, op, "甲", "部门", "")
	h := newHarness(t, st, i18n.ZH, 80, 24)
	h.press("tab")
	h.mustShow(zh.T("step.record"))
	h.press("?", "esc")
	h.mustShow(zh.T("step.record"))
	// Leaving an edit without a change keeps no draft, so nothing is offered.
	h.press("e", "esc")
	h.mustShow(zh.T("step.record"))
	if ds := drafts(t, st); len(ds) != 0 {
		t.Fatalf("%d drafts from an unchanged edit", len(ds))
	}
}

func TestWrapKeepsEveryLineWithinWidth(t *testing.T) {
	text := "The vendor shall report every security incident within the agreed time and keep the logs for review by the client."
	for _, w := range []int{20, 33, 60} {
		for _, l := range wrap(text, w, " ", "   ") {
			if ansi.StringWidth(l) > w {
				t.Errorf("width %d: line %q is %d wide", w, l, ansi.StringWidth(l))
			}
		}
	}
}

// The help is longer than an 80×24 screen in English: it scrolls, and the
// last keys can be reached.
func TestHelpScrolls(t *testing.T) {
	st, _ := withOperator(t)
	h := newHarness(t, st, i18n.EN, 80, 24)
	h.press("?")
	if s := h.screen(); !strings.Contains(s, "lines 1–21 of") || strings.Contains(s, "signing keys/verify") {
		t.Fatalf("help top:\n%s", s)
	}
	h.press("down", "down", "down", "down", "down", "down")
	s := h.screen()
	if !strings.Contains(s, "signing keys/verify") || strings.Contains(s, "lines 1–") {
		t.Fatalf("help scrolled:\n%s", s)
	}
	h.press("pgup")
	if !strings.Contains(h.screen(), "lines 1–21 of") {
		t.Fatalf("back to the top:\n%s", h.screen())
	}
	h.press("esc")
	if strings.Contains(h.screen(), "lines 1–") {
		t.Fatal("help still open")
	}
}

func dashPageOf(h *harness) *dashboardPage {
	p, _ := h.pageOf(KindDashboard).(*dashboardPage)
	return p
}

func dashOf(h *harness) *dashboard { return dashPageOf(h).dash }
