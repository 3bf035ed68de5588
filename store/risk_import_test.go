package store

import (
	"errors"
	"strings"
	"testing"

	"outsec/model/risk"
)

func TestImportRegisters(t *testing.T) {
	s, eng := rkFixture(t)
	existing := rkAsset("已有资产", 2, 2, 2)
	rkMust(t, s.SaveAsset(ctx, testOp, eng, existing))

	assets := []risk.Asset{
		{ID: -1, Name: "数据库", Type: "data", C: 5, I: 4, A: 3},
		{Name: "网站", Type: "service", C: 2, I: 3, A: 4},
		{ID: -7, Name: "机房", Type: "facility", C: 1, I: 1, A: 5},
	}
	threats := []risk.Threat{*rkThreat("攻击", 4), *rkThreat("断电", 2)}
	vulns := []risk.Vulnerability{*rkVuln(-1, "弱口令", 4), *rkVuln(-7, "单路供电", 3), *rkVuln(existing.ID, "未备份", 2)}

	// Any invalid record: nothing written, one failure record, each problem
	// by register and index.
	bad := append([]risk.Asset(nil), assets...)
	bad[1].C = 9
	badV := append([]risk.Vulnerability(nil), vulns...)
	badV[1].AssetID = -3
	before := snapshot(t, s)
	n := len(rkAudit(t, s))
	err := s.ImportRegisters(ctx, testOp, eng, bad, threats, badV)
	var berr BatchError
	if !errors.As(err, &berr) || len(berr) != 2 || berr[0].Register != "assets" || berr[0].Index != 1 ||
		berr[0].Errs[0].Field != "asset.c" || berr[1].Register != "vulnerabilities" || berr[1].Index != 1 {
		t.Fatalf("batch error: %v", err)
	}
	rkExpectAudit(t, s, n, EventRiskImport, OutcomeFailure)
	// An existing asset of another engagement is refused inside the
	// transaction.
	other := validEngagement()
	rkMust(t, s.CreateEngagement(ctx, testOp, other, 0))
	oa := rkAsset("他人", 1, 1, 1)
	rkMust(t, s.SaveAsset(ctx, testOp, other.ID, oa))
	before = snapshot(t, s)
	badV = append([]risk.Vulnerability(nil), vulns...)
	badV[2].AssetID = oa.ID
	if err := s.ImportRegisters(ctx, testOp, eng, append([]risk.Asset(nil), assets...), threats, badV); !errors.As(err, &berr) || berr[0].Index != 2 {
		t.Fatalf("foreign asset: %v", err)
	}
	if snapshot(t, s) != before {
		t.Fatal("a refused import wrote")
	}

	n = len(rkAudit(t, s))
	rkMust(t, s.ImportRegisters(ctx, testOp, eng, assets, threats, vulns))
	r := rkExpectAudit(t, s, n, EventRiskImport, OutcomeSuccess)
	if !strings.Contains(r.Detail, "assets=3 threats=2 vulnerabilities=3") {
		t.Errorf("import detail: %s", r.Detail)
	}
	if assets[0].ID <= 0 || assets[1].ID <= 0 || vulns[0].AssetID != assets[0].ID || vulns[1].AssetID != assets[2].ID ||
		vulns[2].AssetID != existing.ID || assets[0].Level != 5 || threats[1].ID <= 0 {
		t.Errorf("ids: %+v %+v", assets, vulns)
	}
	a, _ := s.RiskAssessment(ctx, eng)
	if len(a.Assets) != 4 || len(a.Vulns) != 3 || len(a.Threats) != 2 {
		t.Errorf("registers: %d %d %d", len(a.Assets), len(a.Vulns), len(a.Threats))
	}
	rkCheckScores(t, a, a.Settings)
}
