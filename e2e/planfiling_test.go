//go:build unix

package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"outsec/model"
	"outsec/model/annexa"
	"outsec/model/contract"
	"outsec/model/screening"
	"outsec/store"
)

// reviewedEngagement makes, in the database at db, the sample's record with
// its contract reviewed (every item covered), the vendor's NDA and one
// service person with an NDA: what the earlier workflows leave before the
// contract is signed.
func reviewedEngagement(t *testing.T, db string) model.Engagement {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	op := store.SystemOperator("e2e")
	e := model.SampleEngagement("zh-CN")
	e.ServiceContent = ""
	if err := st.CreateEngagement(ctx, op, &e, 0); err != nil {
		t.Fatal(err)
	}
	for _, it := range contract.ItemsFor(e.CloudWebsite) {
		if err := st.SaveContractAssessment(ctx, op, e.ID, contract.Assessment{ItemID: it.ID, Status: contract.Present, Article: "8"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.SaveContractReview(ctx, op, e.ID, contract.Review{Title: "运维合同", Version: "v1", Date: "2026-03-01", Reviewer: "李华"}); err != nil {
		t.Fatal(err)
	}
	if err := st.SetVendorNDASigned(ctx, op, e.ID, "2026-03-02"); err != nil {
		t.Fatal(err)
	}
	if err := st.CreatePerson(ctx, op, e.ID, &screening.Person{Name: "王小明", Role: "运维工程师", NDASigned: "2026-03-02"}); err != nil {
		t.Fatal(err)
	}
	return e
}

// changeVendor changes the vendor's scale and lead, as the wizard would,
// while outsec is not running.
func changeVendor(t *testing.T, db string, id int64) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	e, err := st.Engagement(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	e.Vendor.Scale = model.ScaleLarge
	e.Vendor.Lead = model.Contact{Name: "吴刚", Role: "项目负责人", Phone: "139 0000 0002"}
	if err := st.UpdateEngagement(ctx, store.SystemOperator("e2e"), &e, 0); err != nil {
		t.Fatal(err)
	}
}

// The plan and the filing on the real binary: sign the contract, fill the
// plan (every section, every annex A item), approve it, file v1 and submit
// it; the vendor changes and the filing needs an update; file v2; then
// export both filings and the change statement as signed PDFs and verify
// them.
func TestPlanAndFilingVersions(t *testing.T) {
	needTmux(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "outsec.db")
	e := reviewedEngagement(t, db)
	s := start(t, 120, 36, []string{"LANG=zh_CN.UTF-8"}, "--db", db)
	s.waitFor("首次使用")
	s.field("张三")
	s.field("科员")
	s.field("信息技术处")
	s.waitFor("2026-001")

	// The plan is blocked until the contract is signed (6.3 a)).
	s.press("P")
	s.waitFor("合同尚未签订")
	s.press("S")
	s.waitFor("合同签订")
	s.field("") // today
	s.field("HT-2026-001")
	s.field("v1")
	s.field("") // the leader
	s.field("") // the vendor's lead
	s.waitFor("已记录合同签订")

	// 1) a milestone; 2) a role on each side.
	s.press("a")
	s.field("2026-06-30")
	s.field("上线")
	s.field("无高风险漏洞")
	s.waitFor("上线")
	s.press("2", "a")
	s.field("") // the vendor's side
	s.field("王小明")
	s.field("运维工程师")
	s.field("")
	s.waitFor("王小明")
	s.press("a", "Up", "Enter")
	s.field("李华")
	s.field("项目经理")
	s.field("")
	s.waitFor("李华")

	// 3) every annex A item: planned with its measure and owner.
	s.press("3")
	for _, it := range annexa.Items() {
		s.press("Space")
		s.waitFor("控制措施部署")
		s.field("") // planned
		s.field("措施" + it.ID)
		s.field("王小明")
		s.field("") // today
		s.field("") // no reason
		s.waitFor(it.Label() + "：已计划")
		s.press("Down")
	}
	s.waitFor("52/52 项已计划或不适用")

	// 4)–6).
	for _, sec := range []struct{ key, a, b, c string }{
		{"4", "李华 010-1", "1 小时", "报告、处置、复盘"},
		{"5", "后备工程师", "备用服务器", "异地备份"},
		{"6", "3", "向主管领导报告", "评估审计记录"},
	} {
		s.press(sec.key, "Enter")
		s.field(sec.a)
		s.field(sec.b)
		s.field(sec.c)
		s.waitFor("计划已保存")
	}
	// 6.3 b): approved by the leader.
	s.press("A")
	s.field("")
	s.field("")
	s.field("")
	s.waitFor("[已完成]")

	// The filing: the service content, v1 drafted and submitted.
	s.press("B")
	s.waitFor("外包服务机构备案 · 2026-001")
	s.press("C")
	s.field("门户网站的运行维护")
	s.waitFor("服务内容已保存")
	s.press("n")
	s.field("市委网信办")
	s.field("无：无")
	s.waitFor("已起草备案 v1")
	s.press("Enter", "Down", "Enter")
	s.field("")
	s.field("")
	s.waitFor("v1：已提交")
	s.waitFor("[已完成]")
	s.press("q")
	s.exited()

	// The vendor changes: the filing needs an update, naming the fields.
	changeVendor(t, db, e.ID)
	s = start(t, 120, 36, []string{"LANG=zh_CN.UTF-8"}, "--db", db)
	s.waitFor("2026-001")
	s.press("B")
	s.waitFor("[需更新]")
	s.press("Tab")
	s.waitFor("外包服务机构规模：中型 → 大型")
	s.waitFor("项目负责人：陈静 → 吴刚")
	s.press("n")
	s.field("")
	s.field("")
	s.waitFor("已起草备案 v2")
	s.press("Enter", "Down", "Enter")
	s.field("")
	s.field("")
	s.waitFor("v2：已提交")
	s.press("q")
	s.exited()

	// Both filings and the change statement, signed, and verified.
	run := func(stdin string, args ...string) string {
		t.Helper()
		cmd := exec.Command(binary(t), append([]string{"--db", db}, args...)...)
		cmd.Stdin = strings.NewReader(stdin)
		cmd.Env = append(os.Environ(), "LANG=zh_CN.UTF-8")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("outsec %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	const pass = "e2e passphrase 2026"
	run(pass+"\n", "keys", "new")
	out := filepath.Join(dir, "out")
	for _, x := range [][]string{{"filing-form", "1"}, {"filing-form", "2"}, {"filing-change", "2"}} {
		run(pass+"\n", "export", e.Code, "--doc", x[0], "--filing", x[1], "--format", "pdf", "-o", out, "--sign")
	}
	for _, name := range []string{"2026-001-FF-01.pdf", "2026-001-FF-02.pdf", "2026-001-FC-02.pdf"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Fatal(err)
		}
	}
	if v := run("", "verify", out); strings.Count(v, "签名有效") < 3 {
		t.Fatalf("verify:\n%s", v)
	}
}
