package dashboard

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
	"outsec/tui/tuitest"
	"outsec/tui/ui"
	"outsec/tui/wizard"
	"outsec/tui/workbench"
)

func TestFirstStartCreatesOperator(t *testing.T) {
	st := tuitest.OpenStore(t)
	h := tuitest.NewHarness(t, st, i18n.ZH, 80, 24)
	h.MustShow(tuitest.ZH.T("tui.operator.first_title"), tuitest.ZH.T("tui.status.no_operator"))

	// The name is required.
	h.Press("enter")
	h.MustShow(tuitest.ZH.T("err.field_line", tuitest.ZH.T("tui.operator.name"), tuitest.ZH.T("err.required")))

	h.TypeText("王五")
	h.Press("enter")
	h.TypeText("科员")
	h.Press("enter")
	h.TypeText("信息处")
	h.Press("enter")

	op, err := st.CurrentOperator(context.Background())
	if err != nil {
		t.Fatalf("no operator was created: %v", err)
	}
	if op.Name != "王五" || op.Role != "科员" || op.Unit != "信息处" {
		t.Fatalf("operator %+v", op)
	}
	// The dashboard, with the operator in the status bar.
	h.MustShow(tuitest.ZH.T("tui.empty.none"), tuitest.ZH.T("tui.status.operator", "王五 (科员, 信息处)"))
	h.MustNotShow(tuitest.ZH.T("tui.operator.first_title"))
}

func TestFirstStartEscQuits(t *testing.T) {
	st := tuitest.OpenStore(t)
	h := tuitest.NewHarness(t, st, i18n.ZH, 80, 24)
	h.Press("esc")
	if !h.Quit {
		t.Fatal("leaving the first-start form did not quit")
	}
}

func TestSwitchAndAddOperator(t *testing.T) {
	st, _ := tuitest.WithOperator(t)
	other, err := st.CreateOperator(context.Background(), store.Operator{Name: "李四", Role: "处长"})
	if err != nil {
		t.Fatal(err)
	}
	// CreateOperator made 李四 current; go back to 张三 first.
	h := tuitest.NewHarness(t, st, i18n.ZH, 80, 24)
	h.MustShow(tuitest.ZH.T("tui.status.operator", "李四 (处长)"))

	h.Press("o")
	h.MustShow(tuitest.ZH.T("tui.operators.title"), "张三 (科员, 信息技术处)", tuitest.ZH.T("tui.operators.current", "李四 (处长)"))
	h.Press("up", "enter")
	h.MustShow(tuitest.ZH.T("tui.status.operator", "张三 (科员, 信息技术处)"))
	if op, _ := st.CurrentOperator(context.Background()); op.Name != "张三" {
		t.Fatalf("current operator in the store is %q", op.Name)
	}

	// Add a third profile: it becomes the current one.
	h.Press("o", "a")
	h.MustShow(tuitest.ZH.T("tui.operator.add_title"))
	h.TypeText("赵六")
	h.Press("enter", "enter", "enter")
	h.MustShow(tuitest.ZH.T("tui.status.operator", "赵六"))
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

func fillBasics(h *tuitest.Harness, in wizardInput) {
	for _, s := range []string{in.name, in.dept, in.unit, in.leader} {
		h.TypeText(s)
		h.Press("enter")
	}
}

func fillManagers(h *tuitest.Harness, in wizardInput) {
	for _, s := range []string{in.mName, in.mRole, in.mPhone, in.mEmail} {
		h.TypeText(s)
		h.Press("enter")
	}
	// Managers 2 and 3 stay empty: one key skips them (issue 16).
	h.Press("enter")
}

// ctrlS saves from the wizard's summary.
var ctrlS = tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl}

func fillRest(h *tuitest.Harness, in wizardInput) {
	for i := 0; i < in.serviceDowns; i++ {
		h.Press("down")
	}
	h.Press("enter") // service type
	h.Press("enter") // cloud website: No
	h.TypeText(in.start)
	h.Press("enter")
	h.TypeText(in.end)
	h.Press("enter")
	h.TypeText(in.vendor)
	h.Press("enter")
	for i := 0; i < 6; i++ { // scale, qualifications, lead name, role, phone, email
		h.Press("enter")
	}
	h.TypeText(in.notes)
	h.Press("enter")
	// The new engagement ends on the summary of every field (issue 16).
	h.MustShow(tuitest.ZH.T("tui.wizard.summary.hint_new")[:12], in.name, in.vendor)
	h.Send(ctrlS)
}

var portal = wizardInput{
	name: "政务外网运维服务外包", dept: "某市大数据局", unit: "网络安全处", leader: "周局长",
	mName: "钱七", mRole: "项目经理", mPhone: "010-6666 8888", mEmail: "qian@example.gov.cn",
	serviceDowns: 4, start: "2026/3/1", end: "2027-02-28", vendor: "某网络科技有限公司", notes: "三年期",
}

func TestWizardCreatesEngagement(t *testing.T) {
	st, _ := tuitest.WithOperator(t)
	h := tuitest.NewHarness(t, st, i18n.ZH, 80, 24)
	h.Press("n")
	h.MustShow(tuitest.ZH.T("tui.wizard.new"), tuitest.ZH.T("tui.wizard.step", 1, 5, tuitest.ZH.T("tui.wizard.group.basic")))
	fillBasics(h, portal)
	h.MustShow(tuitest.ZH.T("tui.wizard.step", 2, 5, tuitest.ZH.T("tui.wizard.group.managers")))
	fillManagers(h, portal)
	h.MustShow(tuitest.ZH.T("tui.wizard.step", 3, 5, tuitest.ZH.T("tui.wizard.group.service")))
	fillRest(h, portal)

	es := tuitest.Engagements(t, st)
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
	if ds := tuitest.Drafts(t, st); len(ds) != 0 {
		t.Errorf("%d drafts left after the save", len(ds))
	}
	// Back on the dashboard, the new engagement is listed and selected.
	h.MustShow(tuitest.ZH.T("tui.status.created", e.Code, e.Name), "> "+e.Code, "政务外网运维服务")
	if h.At() != ui.KindDashboard {
		t.Fatalf("screen %v after saving", h.At())
	}
}

func TestWizardSavesDraftAfterEachGroupAndResumes(t *testing.T) {
	st, _ := tuitest.WithOperator(t)
	h := tuitest.NewHarness(t, st, i18n.ZH, 80, 24)
	h.Press("n")
	fillBasics(h, portal)

	ds := tuitest.Drafts(t, st)
	if len(ds) != 1 {
		t.Fatalf("%d drafts after group 1, want 1", len(ds))
	}
	if ds[0].Step != wizard.GroupManagers || ds[0].EngagementID != 0 {
		t.Fatalf("draft step %d engagement %d, want step %d of a new engagement", ds[0].Step, ds[0].EngagementID, wizard.GroupManagers)
	}
	var v wizard.Values
	if err := json.Unmarshal(ds[0].Data, &v); err != nil {
		t.Fatal(err)
	}
	if v.Name != portal.name || v.Department != portal.dept || v.ResponsibleUnit != portal.unit || v.Leader != portal.leader {
		t.Fatalf("draft data %+v", v)
	}

	// Half of group 2, then the program is killed: no esc, no goodbye.
	h.TypeText(portal.mName)
	h.Press("enter")
	h.TypeText("项目")

	h2 := tuitest.NewHarness(t, st, i18n.ZH, 80, 24)
	h2.MustShow(tuitest.ZH.T("tui.drafts.title", 1), portal.name, tuitest.ZH.T("tui.wizard.group.managers"))
	h2.Press("enter")
	// Resumed at the saved group, with the saved values: only the field being
	// typed (the role) is lost.
	h2.MustShow(tuitest.ZH.T("tui.wizard.step", 2, 5, tuitest.ZH.T("tui.wizard.group.managers")), portal.mName)
	if dashPageOf(h2).wiz.Values().Managers[0].Role != "" || dashPageOf(h2).wiz.Values().Name != portal.name {
		t.Fatalf("resumed values %+v", dashPageOf(h2).wiz.Values())
	}
	// The manager's name was kept; fill the rest of the group from the role on.
	h2.Press("enter")
	for _, s := range []string{portal.mRole, portal.mPhone, portal.mEmail} {
		h2.TypeText(s)
		h2.Press("enter")
	}
	h2.Press("enter") // managers 2 and 3: skipped
	fillRest(h2, portal)

	es := tuitest.Engagements(t, st)
	if len(es) != 1 || es[0].Name != portal.name || es[0].Managers[0].Role != portal.mRole {
		t.Fatalf("engagements after resuming: %+v", es)
	}
	if ds := tuitest.Drafts(t, st); len(ds) != 0 {
		t.Fatalf("%d drafts left", len(ds))
	}
}

func TestEscKeepsDraftAndOffersIt(t *testing.T) {
	st, _ := tuitest.WithOperator(t)
	h := tuitest.NewHarness(t, st, i18n.ZH, 80, 24)
	h.Press("n")
	h.TypeText("未完成的项目")
	h.Press("esc")
	// Back from the wizard, the draft is offered.
	h.MustShow(tuitest.ZH.T("tui.drafts.title", 1), "未完成的项目")
	if ds := tuitest.Drafts(t, st); len(ds) != 1 {
		t.Fatalf("%d drafts after esc", len(ds))
	}
	// Later: esc goes to the dashboard and the draft stays.
	h.Press("esc")
	h.MustShow(tuitest.ZH.T("tui.empty.none"))
	// Discarding asks first; the answer defaults to No.
	h.Press("n", "esc")
	h.MustShow(tuitest.ZH.T("tui.drafts.title", 1))
	h.Press("x")
	h.MustShow(tuitest.ZH.T("tui.discard.desc"))
	h.Press("enter")
	if ds := tuitest.Drafts(t, st); len(ds) != 1 {
		t.Fatalf("the default answer discarded the draft")
	}
	h.Press("x", "y")
	if ds := tuitest.Drafts(t, st); len(ds) != 0 {
		t.Fatalf("%d drafts after discarding", len(ds))
	}
	h.MustShow(tuitest.ZH.T("tui.status.draft_discarded"), tuitest.ZH.T("tui.empty.none"))
}

// An engagement with more managers than the form shows (one imported from a
// case file) keeps all of them through an edit.
func TestEditKeepsManagersBeyondTheForm(t *testing.T) {
	st, op := tuitest.WithOperator(t)
	e := model.SampleEngagement("zh-CN")
	for _, n := range []string{"丙", "丁", "戊"} {
		e.Managers = append(e.Managers, model.Contact{Name: n, Phone: "010-1234567"})
	}
	if err := st.CreateEngagement(context.Background(), op, &e, 0); err != nil {
		t.Fatal(err)
	}
	h := tuitest.NewHarness(t, st, i18n.ZH, 120, 36)
	h.Press("e")
	h.MustShow(tuitest.ZH.T("tui.wizard.edit", e.Code))
	h.Press("enter") // the summary: edit the name alone
	h.TypeText("（二）")
	h.Press("enter") // saved
	got := tuitest.Engagements(t, st)[0]
	if len(got.Managers) != 5 || got.Managers[4].Name != "戊" {
		t.Fatalf("managers after edit: %+v", got.Managers)
	}
}

func TestEditEngagement(t *testing.T) {
	st, op := tuitest.WithOperator(t)
	sample, err := st.LoadSample(context.Background(), op, "zh-CN")
	if err != nil {
		t.Fatal(err)
	}
	h := tuitest.NewHarness(t, st, i18n.ZH, 120, 36)
	h.Press("e")
	// Edit opens on the summary of every field (issue 16); enter edits the
	// one under the cursor alone, and saves it.
	h.MustShow(tuitest.ZH.T("tui.wizard.edit", sample.Code), sample.Name, tuitest.ZH.T("field.vendor.lead.phone"), sample.Vendor.Lead.Phone)
	h.Press("enter")
	h.TypeText("(二期)")
	h.Press("enter")
	es := tuitest.Engagements(t, st)
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
	h.MustShow(tuitest.ZH.T("tui.status.updated", e.Code, e.Name))
	if ds := tuitest.Drafts(t, st); len(ds) != 0 {
		t.Fatalf("%d drafts left", len(ds))
	}
}

func TestDeleteAsksAndDefaultsToNo(t *testing.T) {
	st, op := tuitest.WithOperator(t)
	sample, err := st.LoadSample(context.Background(), op, "zh-CN")
	if err != nil {
		t.Fatal(err)
	}
	h := tuitest.NewHarness(t, st, i18n.ZH, 120, 36)
	h.Press("d")
	h.MustShow(tuitest.ZH.T("tui.delete.title", sample.Code, sample.Name), tuitest.ZH.T("tui.yes"), tuitest.ZH.T("tui.no"))
	h.Press("enter")
	if len(tuitest.Engagements(t, st)) != 1 {
		t.Fatal("the default answer deleted the engagement")
	}
	h.MustShow(tuitest.ZH.T("tui.status.nothing_changed"), sample.Code)

	h.Press("d", "y")
	// Yes asks who approved it and why (GB/T 39477—2020 6.3.4): both needed.
	h.MustShow(tuitest.ZH.T("tui.delete.approver"), tuitest.ZH.T("tui.delete.reason"))
	h.Press("enter")
	if len(tuitest.Engagements(t, st)) != 1 {
		t.Fatal("deleted without an approver")
	}
	h.TypeText("李处长")
	h.Press("enter")
	h.TypeText("合同期满")
	h.Press("enter")
	if n := len(tuitest.Engagements(t, st)); n != 0 {
		t.Fatalf("%d engagements after deleting", n)
	}
	if recs, _ := st.AuditLog(context.Background(), 1); !strings.Contains(recs[0].Detail, "approved by 李处长; reason: 合同期满") {
		t.Fatalf("audit %+v", recs[0])
	}
	h.MustShow(tuitest.ZH.T("tui.status.deleted", sample.Code, sample.Name), tuitest.ZH.T("tui.empty.none"))
}

func TestFilter(t *testing.T) {
	st, op := tuitest.WithOperator(t)
	tuitest.AddEngagement(t, st, op, "门户网站运维", "市政府办公厅", "Jia Tech Ltd.")
	tuitest.AddEngagement(t, st, op, "环保监测系统开发", "市生态环境局", "乙软件公司")
	tuitest.AddEngagement(t, st, op, "政务云迁移", "市大数据局", "丙云计算公司")
	h := tuitest.NewHarness(t, st, i18n.ZH, 80, 24)
	h.MustShow(tuitest.ZH.T("tui.dashboard.count", 3, 3))

	h.Press("/")
	h.TypeText("丙云") // a vendor
	h.MustShow(tuitest.ZH.T("tui.dashboard.count", 1, 3), "政务云迁移")
	h.MustNotShow("门户网站运维", "环保监测系统开发")
	h.Press("backspace", "backspace")
	h.TypeText("生态") // a department
	h.MustShow(tuitest.ZH.T("tui.dashboard.count", 1, 3), "环保监测系统开发")
	h.MustNotShow("门户网站运维", "政务云迁移")
	h.Press("enter")

	// The filter and the selection survive the help and the wizard.
	h.Press("?")
	h.Press("esc")
	h.MustShow(tuitest.ZH.T("tui.dashboard.count", 1, 3), "> 2026-002")
	h.Press("n", "esc", "esc")
	h.MustShow(tuitest.ZH.T("tui.dashboard.count", 1, 3), "/ 生态", "> 2026-002")

	// Clearing it lists everything, and the selection stays on the engagement
	// it was on, not the first row.
	h.Press("/", "esc")
	h.MustShow(tuitest.ZH.T("tui.dashboard.count", 3, 3), "门户网站运维", "环保监测系统开发", "政务云迁移")
	if got := listed(h); len(got) != 3 || got[0] != "2026-003" {
		t.Fatalf("listed %v", got)
	}
	h.MustShow("> 2026-002")

	// Codes are searched too, and letters in any case.
	for _, q := range []string{"2026-001", "jia tech"} {
		h.Press("/")
		h.TypeText(q)
		h.MustShow(tuitest.ZH.T("tui.dashboard.count", 1, 3), "门户网站运维")
		h.Press("esc")
	}

	h.Press("/")
	h.TypeText("不存在")
	h.MustShow(tuitest.ZH.T("tui.dashboard.count", 0, 3), tuitest.ZH.T("tui.dashboard.no_match"))
}

// listed is the list's rows as shown: the codes in screen order.
func listed(h *tuitest.Harness) []string {
	re := regexp.MustCompile(`^[> ] (2026-\d{3})`)
	var codes []string
	for _, l := range strings.Split(h.Screen(), "\n") {
		if m := re.FindStringSubmatch(l); m != nil {
			codes = append(codes, m[1])
		}
	}
	return codes
}

func TestSortCycles(t *testing.T) {
	st, op := tuitest.WithOperator(t)
	tuitest.AddEngagement(t, st, op, "B 项目", "部门", "") // 2026-001
	tuitest.AddEngagement(t, st, op, "C 项目", "部门", "") // 2026-002
	tuitest.AddEngagement(t, st, op, "A 项目", "部门", "") // 2026-003
	h := tuitest.NewHarness(t, st, i18n.ZH, 80, 24)
	want := func(mode string, codes ...string) {
		t.Helper()
		h.MustShow(tuitest.ZH.T("tui.dashboard.sort", tuitest.ZH.T(mode)))
		if got := listed(h); strings.Join(got, ",") != strings.Join(codes, ",") {
			t.Fatalf("sorted by %s: %v, want %v\n%s", mode, got, codes, h.Screen())
		}
	}
	want("tui.sort.updated", "2026-003", "2026-002", "2026-001")
	h.Press("s")
	want("tui.sort.name", "2026-003", "2026-001", "2026-002")
	h.Press("s")
	want("tui.sort.code", "2026-001", "2026-002", "2026-003")
	h.Press("s")
	want("tui.sort.phase", "2026-003", "2026-002", "2026-001")
	h.Press("s")
	want("tui.sort.updated", "2026-003", "2026-002", "2026-001")
}

// Chinese names sort by pinyin, as a register would list them, not by code point
// (by code point 北 < 张 < 阿).
func TestSortByNameUsesPinyin(t *testing.T) {
	st, op := tuitest.WithOperator(t)
	tuitest.AddEngagement(t, st, op, "张家口数据中心运维", "部门", "") // 2026-001, zhang
	tuitest.AddEngagement(t, st, op, "阿坝州网站建设", "部门", "")   // 2026-002, a
	tuitest.AddEngagement(t, st, op, "北京市热线外包", "部门", "")   // 2026-003, bei
	h := tuitest.NewHarness(t, st, i18n.ZH, 80, 24)
	h.Press("s")
	h.MustShow(tuitest.ZH.T("tui.dashboard.sort", tuitest.ZH.T("tui.sort.name")))
	if got := listed(h); strings.Join(got, ",") != "2026-002,2026-003,2026-001" {
		t.Fatalf("sorted by name: %v\n%s", got, h.Screen())
	}
}

func TestSampleFromEmptyDashboard(t *testing.T) {
	st, _ := tuitest.WithOperator(t)
	h := tuitest.NewHarness(t, st, i18n.ZH, 80, 24)
	h.MustShow(tuitest.ZH.T("tui.empty.what")[:30], tuitest.ZH.T("tui.empty.none"), tuitest.ZH.T("tui.empty.sample"))
	h.Press("l")
	es := tuitest.Engagements(t, st)
	if len(es) != 1 || !es[0].Sample || !strings.Contains(es[0].Name, "示例") {
		t.Fatalf("after l: %+v", es)
	}
	// The sample's risk assessment is complete and concluded "proceed": it is
	// in the selection phase, not marked "must not proceed".
	h.MustShow(es[0].Code, tuitest.ZH.T("tui.mark.sample"), tuitest.ZH.T("tui.phase_short.selection"))
	h.MustNotShow(tuitest.ZH.T("tui.mark.stop"))
	h.MustNotShow(tuitest.ZH.T("tui.empty.none"))
}

func TestLifecyclePanel(t *testing.T) {
	st, op := tuitest.WithOperator(t)
	tuitest.AddEngagement(t, st, op, "无供应商项目", "部门", "")
	h := tuitest.NewHarness(t, st, i18n.ZH, 160, 40)
	// Wide: the panel is beside the list, with the phases, states and blocks.
	h.MustShow(tuitest.ZH.T("phase.planning"), tuitest.ZH.T("phase.selection"), tuitest.ZH.T("step.record"),
		"["+tuitest.ZH.T("state.in_progress")+"]", tuitest.ZH.T("gap.vendor_name"), tuitest.ZH.T("block.risk_incomplete"),
		tuitest.ZH.T("err.clause", "GB/T 32926—2016 5.1.2 b) 3)"), tuitest.ZH.T("lifecycle.must_not_proceed"))
	// The panel scrolls to its last phase.
	h.Press("tab", "pgdown", "pgdown")
	h.MustShow(tuitest.ZH.T("phase.exit"), tuitest.ZH.T("step.exit"))

	// Narrow: one at a time; tab switches.
	h.Send(tuitest.TeaSize(80, 24))
	h.Press("tab")
	h.MustShow(tuitest.ZH.T("tui.col.phase"))
	h.MustNotShow(tuitest.ZH.T("step.record"))
	h.Press("tab")
	// Still scrolled where it was left; home goes to the top.
	h.MustShow(tuitest.ZH.T("phase.supervision"))
	h.Press("g")
	h.MustShow(tuitest.ZH.T("step.record"), tuitest.ZH.T("phase.planning"))
	h.MustNotShow(tuitest.ZH.T("tui.col.phase"))
}

func TestHelpOverlay(t *testing.T) {
	st, op := tuitest.WithOperator(t)
	tuitest.AddEngagement(t, st, op, "甲", "部门", "")
	tuitest.AddEngagement(t, st, op, "乙", "部门", "")
	h := tuitest.NewHarness(t, st, i18n.ZH, 80, 24)
	h.Press("down")
	h.MustShow("> 2026-001")
	h.Press("?")
	h.MustShow(tuitest.ZH.T("tui.helpscreen.title", "test"), tuitest.ZH.T("tui.helpscreen.marks"), tuitest.ZH.T("tui.help.sample"),
		tuitest.ZH.T("tui.help.form_leave"), tuitest.ZH.T("tui.help.discard"))
	h.CheckFrame(80, 24)
	h.Press("esc")
	h.MustShow("> 2026-001")
	h.MustNotShow(tuitest.ZH.T("tui.helpscreen.marks"))
}

func TestResize(t *testing.T) {
	st, op := tuitest.WithOperator(t)
	if _, err := st.LoadSample(context.Background(), op, "zh-CN"); err != nil {
		t.Fatal(err)
	}
	h := tuitest.NewHarness(t, st, i18n.ZH, 80, 24)
	check := func(w, ht int) {
		t.Helper()
		h.Send(tuitest.TeaSize(w, ht))
		h.CheckFrame(w, ht)
		h.MustNotShow("窗口太小")
	}
	check(80, 24)
	h.Press("tab") // the panel, full width
	check(80, 24)
	h.Press("tab")
	check(120, 36)
	check(200, 50)
	for _, screenKeys := range [][]string{{"?"}, {"esc", "n"}, {"esc", "esc", "d"}} {
		h.Press(screenKeys...)
		check(80, 24)
		check(120, 36)
	}

	h.Send(tuitest.TeaSize(79, 23))
	h.MustShow(tuitest.ZH.T("tui.too_small", 80, 24, 79, 23))
	h.CheckFrame(79, 23)
	h.Send(tuitest.TeaSize(100, 10))
	h.MustShow("窗口太小")
	h.Send(tuitest.TeaSize(80, 24))
	h.MustNotShow("窗口太小")
}

func TestBadPhoneShowsError(t *testing.T) {
	st, _ := tuitest.WithOperator(t)
	h := tuitest.NewHarness(t, st, i18n.ZH, 80, 24)
	h.Press("n")
	fillBasics(h, portal)
	h.TypeText("钱七")
	h.Press("enter", "enter")
	h.TypeText("电话号码")
	h.Press("enter")
	phoneTitle := tuitest.ZH.T("tui.wizard.manager", 1, tuitest.ZH.T("tui.contact.phone"))
	h.MustShow(tuitest.ZH.T("err.field_line", phoneTitle, tuitest.ZH.T("err.phone")))
	if k := dashPageOf(h).wiz.FocusedKey(); k != "m1.phone" {
		t.Fatalf("focus moved on to %q despite the error", k)
	}
}

func TestValidationReturnsToForm(t *testing.T) {
	st, _ := tuitest.WithOperator(t)
	h := tuitest.NewHarness(t, st, i18n.ZH, 120, 36)
	h.Press("n")
	fillBasics(h, portal)
	fillManagers(h, portal)
	h.Press("down", "enter", "enter") // consulting, not cloud
	h.Press("enter", "enter")         // no dates
	h.Press("enter")                  // no vendor name
	h.Press("down", "enter")          // but a scale: the vendor then needs a name
	for i := 0; i < 5; i++ {
		h.Press("enter")
	}
	h.Press("enter") // notes: the summary
	h.Send(ctrlS)
	if n := len(tuitest.Engagements(t, st)); n != 0 {
		t.Fatalf("%d engagements saved despite the error", n)
	}
	// model.Validate's verdict, with the field's label and the clause, back in
	// the vendor group.
	h.MustShow(tuitest.ZH.T("err.field_line", tuitest.ZH.T("field.vendor.name"), tuitest.ZH.T("err.required")),
		tuitest.ZH.T("err.clause", string(model.ClauseFilingVendor)),
		"请核对全部内容") // back on the summary
	// Nothing typed was lost: the draft holds it.
	ds := tuitest.Drafts(t, st)
	if len(ds) != 1 || ds[0].Step != wizard.GroupVendor || !strings.Contains(string(ds[0].Data), `"vendor_scale":"large"`) {
		t.Fatalf("draft after the rejection: %+v", ds)
	}
	// The cursor is on the vendor's name: give it one and save again.
	h.Press("enter")
	h.TypeText("某公司")
	h.Press("enter")
	h.Send(ctrlS)
	if es := tuitest.Engagements(t, st); len(es) != 1 || es[0].Vendor.Name != "某公司" || es[0].Vendor.Scale != model.ScaleLarge {
		t.Fatalf("after correcting: %+v", es)
	}
}

func TestCtrlCLeavesFormThenQuits(t *testing.T) {
	st, _ := tuitest.WithOperator(t)
	h := tuitest.NewHarness(t, st, i18n.ZH, 80, 24)
	h.Press("n")
	h.Press("ctrl+c")
	if h.Quit || h.At() != ui.KindDashboard {
		t.Fatalf("ctrl+c in the wizard: quit %v, screen %v", h.Quit, h.At())
	}
	h.Press("q")
	if !h.Quit {
		t.Fatal("q on the dashboard did not quit")
	}
}

func TestEnglishShowsNoChinese(t *testing.T) {
	st := tuitest.OpenStore(t)
	if _, err := st.CreateOperator(context.Background(), store.Operator{Name: "Li Hua", Role: "officer"}); err != nil {
		t.Fatal(err)
	}
	h := tuitest.NewHarness(t, st, i18n.EN, 80, 24)
	check := func(what string) {
		t.Helper()
		if s := h.Screen(); tuitest.HasHan(s) {
			t.Fatalf("%s shows Chinese:\n%s", what, s)
		}
	}
	check("the empty dashboard")
	h.Press("l")
	h.MustShow("[Sample]", "sample", "Selection")
	check("the dashboard")
	h.Press("tab")
	check("the lifecycle panel")
	h.Send(tuitest.TeaSize(120, 36))
	h.MustShow("Planning", "Engagement record")
	check("the wide dashboard")
	h.Press("?")
	check("the help")
	h.Press("esc", "n")
	check("the wizard")
}

func TestNoColor(t *testing.T) {
	st, op := tuitest.WithOperator(t)
	if _, err := st.LoadSample(context.Background(), op, "zh-CN"); err != nil {
		t.Fatal(err)
	}
	colour := regexp.MustCompile(`\x1b\[[0-9;]*(3[0-9]|4[0-9]|9[0-7]|10[0-7])(;[0-9;]*)?m`)
	h := tuitest.NewHarness(t, st, i18n.ZH, 120, 36) // NoColor
	v := h.M.View().Content
	if colour.MatchString(v) {
		t.Fatalf("NO_COLOR screen has colour: %q", colour.FindString(v))
	}
	// The selection is still visible: reverse video.
	if !strings.Contains(v, "\x1b[1;7m") && !strings.Contains(v, "\x1b[7;1m") && !strings.Contains(v, "\x1b[7m") {
		t.Fatalf("no reverse video for the selection:\n%q", v)
	}

	// With colour, on a light and on a dark background, the styles differ.
	m := workbench.NewModel(workbench.Config{Store: st, Catalog: tuitest.ZH, Width: 120, Height: 36, Pages: tuitest.Pages})
	dark := m.Context().Styles.Selected.Render("x")
	m.Update(tea.BackgroundColorMsg{Color: color.White})
	if !colour.MatchString(dark) || m.Context().Styles.Dark || m.Context().Styles.Selected.Render("x") == dark {
		t.Fatal("the light background did not change the styles")
	}
}

func TestViewAlwaysFits(t *testing.T) {
	// Long names, CJK and control characters never break the frame.
	st, op := tuitest.WithOperator(t)
	e := model.Engagement{
		Name:       strings.Repeat("超长项目名称", 30) + "\n第二行\x1b[31m",
		Department: "部门", ResponsibleUnit: "处", Leader: "领导",
		Managers:    []model.Contact{{Name: "甲", Phone: "12345678"}},
		ServiceType: model.ServiceOther, Vendor: model.Vendor{Name: strings.Repeat("供应商", 40)},
	}
	if err := st.CreateEngagement(context.Background(), op, &e, 0); err != nil {
		t.Fatal(err)
	}
	h := tuitest.NewHarness(t, st, i18n.ZH, 80, 24)
	for _, size := range [][2]int{{80, 24}, {81, 25}, {119, 30}, {120, 36}, {160, 40}} {
		h.Send(tuitest.TeaSize(size[0], size[1]))
		h.CheckFrame(size[0], size[1])
		h.Press("tab")
		h.CheckFrame(size[0], size[1])
		h.Press("tab")
	}
	if strings.Contains(h.M.View().Content, "\x1b[31m") {
		t.Fatal("an escape sequence from the data reached the screen")
	}
	if w := ansi.StringWidth(strings.Split(h.Screen(), "\n")[0]); w > 160 {
		t.Fatal(w)
	}
}

func TestStoreErrorShown(t *testing.T) {
	st, _ := tuitest.WithOperator(t)
	h := tuitest.NewHarness(t, st, i18n.ZH, 200, 30)
	st.Close() // every store call now fails
	h.Press("l")
	if !h.M.Context().StatusErr {
		t.Fatal("the failure is not shown as an error")
	}
	h.MustShow(strings.TrimSuffix(tuitest.ZH.T("store.err.internal", st.Path()), "本次操作未保存。"))
	h.MustShow(tuitest.ZH.T("tui.empty.none")) // and the workbench goes on
}

func TestQuitWaitsForWrites(t *testing.T) {
	st, _ := tuitest.WithOperator(t)
	h := tuitest.NewHarness(t, st, i18n.ZH, 80, 24)
	h.Press("n")
	h.TypeText("写到一半")
	// esc starts the draft save; q comes before it is done.
	_, save := h.M.Update(tuitest.KeyMsg("esc"))
	if save == nil {
		t.Fatal("esc saved nothing")
	}
	if _, cmd := h.M.Update(tuitest.KeyMsg("q")); cmd != nil {
		if _, ok := cmd().(tea.QuitMsg); ok {
			t.Fatal("quit while the draft was being saved")
		}
	}
	h.MustShow(tuitest.ZH.T("tui.status.finishing"))
	h.Run(save)
	if !h.Quit {
		t.Fatal("did not quit once the save was done")
	}
	if ds := tuitest.Drafts(t, st); len(ds) != 1 || !strings.Contains(string(ds[0].Data), "写到一半") {
		t.Fatalf("drafts: %+v", ds)
	}
}

func TestPanelFocusRemembered(t *testing.T) {
	st, op := tuitest.WithOperator(t)
	tuitest.AddEngagement(t, st, op, "甲", "部门", "")
	h := tuitest.NewHarness(t, st, i18n.ZH, 80, 24)
	h.Press("tab")
	h.MustShow(tuitest.ZH.T("step.record"))
	h.Press("?", "esc")
	h.MustShow(tuitest.ZH.T("step.record"))
	// Leaving an edit without a change keeps no draft, so nothing is offered.
	h.Press("e", "esc")
	h.MustShow(tuitest.ZH.T("step.record"))
	if ds := tuitest.Drafts(t, st); len(ds) != 0 {
		t.Fatalf("%d drafts from an unchanged edit", len(ds))
	}
}

func TestWrapKeepsEveryLineWithinWidth(t *testing.T) {
	text := "The vendor shall report every security incident within the agreed time and keep the logs for review by the client."
	for _, w := range []int{20, 33, 60} {
		for _, l := range ui.Wrap(text, w, " ", "   ") {
			if ansi.StringWidth(l) > w {
				t.Errorf("width %d: line %q is %d wide", w, l, ansi.StringWidth(l))
			}
		}
	}
}

// The help is longer than an 80×24 screen in English: it scrolls, and the
// last keys can be reached.
func TestHelpScrolls(t *testing.T) {
	st, _ := tuitest.WithOperator(t)
	h := tuitest.NewHarness(t, st, i18n.EN, 80, 24)
	h.Press("?")
	if s := h.Screen(); !strings.Contains(s, "lines 1–21 of") || strings.Contains(s, "signing keys/verify") {
		t.Fatalf("help top:\n%s", s)
	}
	h.Press("down", "down", "down", "down", "down", "down")
	s := h.Screen()
	if !strings.Contains(s, "signing keys/verify") || strings.Contains(s, "lines 1–") {
		t.Fatalf("help scrolled:\n%s", s)
	}
	h.Press("pgup")
	if !strings.Contains(h.Screen(), "lines 1–21 of") {
		t.Fatalf("back to the top:\n%s", h.Screen())
	}
	h.Press("esc")
	if strings.Contains(h.Screen(), "lines 1–") {
		t.Fatal("help still open")
	}
}

func dashPageOf(h *tuitest.Harness) *dashboardPage {
	p, _ := h.PageOf(ui.KindDashboard).(*dashboardPage)
	return p
}

func dashOf(h *tuitest.Harness) *dashboard { return dashPageOf(h).dash }

// TestDeleteForgetsItsPages: once an engagement is deleted, no page kept for
// it (its risk assessment, with the tab left open) is shown again.
func TestDeleteForgetsItsPages(t *testing.T) {
	st, op := tuitest.WithOperator(t)
	if _, err := st.LoadSample(context.Background(), op, "zh-CN"); err != nil {
		t.Fatal(err)
	}
	h := tuitest.NewHarness(t, st, i18n.ZH, 120, 36)
	h.Press("r", "3", "esc")
	if h.M.Kept(ui.KindRisk) == nil {
		t.Fatal("the risk page was not kept after leaving it")
	}
	h.Press("d", "y")
	h.TypeText("李处长")
	h.Press("enter")
	h.TypeText("合同期满")
	h.Press("enter")
	if h.M.Kept(ui.KindRisk) != nil {
		t.Fatal("the deleted engagement's risk page is still kept")
	}
}

// Issue 16: at 80 columns the short help ended in "…", hiding the page's
// keys and ?; now the page's keys come first and ? ends the line.
func TestShortHelpAt80Columns(t *testing.T) {
	st, op := tuitest.WithOperator(t)
	if _, err := st.LoadSample(context.Background(), op, "zh-CN"); err != nil {
		t.Fatal(err)
	}
	h := tuitest.NewHarness(t, st, i18n.ZH, 80, 24)
	lines := strings.Split(h.Screen(), "\n")
	last := strings.TrimSpace(lines[len(lines)-1])
	if strings.Contains(last, "…") || !strings.HasSuffix(last, "? 帮助") || !strings.Contains(last, "c 合同") || !strings.Contains(last, "p 文件") {
		t.Fatalf("help line %q", last)
	}
}

// Issue 16: in a yes/no question the arrow keys select, up and down too.
func TestYesNoArrowsSelect(t *testing.T) {
	st, op := tuitest.WithOperator(t)
	if _, err := st.LoadSample(context.Background(), op, "zh-CN"); err != nil {
		t.Fatal(err)
	}
	h := tuitest.NewHarness(t, st, i18n.ZH, 120, 36)
	h.Press("d", "up", "enter") // No → Yes
	// Yes goes on to the approver and the reason (GB/T 39477—2020 6.3.4).
	h.MustShow(tuitest.ZH.T("tui.delete.approver"), tuitest.ZH.T("tui.delete.reason"))
	h.TypeText("李处长")
	h.Press("enter")
	h.TypeText("合同期满")
	h.Press("enter")
	if n := len(tuitest.Engagements(t, st)); n != 0 {
		t.Fatalf("up did not select Yes: %d engagements", n)
	}
}
