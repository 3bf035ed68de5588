//go:build unix

package e2e

import (
	"context"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"outsec/model"
	"outsec/store"
)

// blankSample creates, in the database at db, an engagement with the
// sample's record and nothing in any workflow (outsec sample fills them all).
func blankSample(t *testing.T, db string) {
	t.Helper()
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	e := model.SampleEngagement("zh-CN")
	if err := st.CreateEngagement(context.Background(), store.SystemOperator("e2e"), &e, 0); err != nil {
		t.Fatal(err)
	}
}

// outsec sample gives an engagement with something on every screen: the
// real binary in tmux, through the dashboard's lifecycle, the risk
// assessment (registers, units' effect in the conclusion, the heat map, the
// method, the conclusion), the screening with its flags and the contract
// review with its two gaps.
func TestSampleIsExplorable(t *testing.T) {
	db := filepath.Join(t.TempDir(), "outsec.db")
	if out, err := exec.Command(binary(t), "--db", db, "sample").CombinedOutput(); err != nil {
		t.Fatalf("sample: %v %s", err, out)
	}
	s := start(t, 120, 36, []string{"LANG=zh_CN.UTF-8"}, "--db", db)
	s.waitFor("首次使用")
	s.field("张三")
	s.field("科员")
	s.field("信息技术处")
	s.waitFor("2026-001")
	s.waitFor("机构和人员选择")
	s.press("r")
	s.waitFor("资产(8)")
	s.waitFor("运维文档和配置基线")
	s.waitFor("3.5")
	s.press("5")
	s.waitFor("风险(15)")
	s.press("6")
	s.waitFor("热力图")
	s.press("7")
	s.waitFor("对数")
	s.press("Tab") // on the method tab digits are matrix values
	s.waitFor("支持开展服务外包")
	s.waitFor("不超过记录的预期损失或预算")
	s.press("Escape")
	s.waitFor("2026-001")
	s.press("v")
	s.waitFor("黄俊")
	s.waitFor("陈晨")
	s.press("Escape")
	s.waitFor("2026-001")
	s.press("c")
	s.waitFor("已审查 42/42 项")
}

// typeText types literal text and waits as a person would.
func (s *session) typeText(v string) {
	s.t.Helper()
	s.text(v)
	time.Sleep(pause)
}
