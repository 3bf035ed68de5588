package supervision

import (
	"outsec/model/plan"
)

func tr(lang, zh, en string) string {
	if lang == "en" {
		return en
	}
	return zh
}

// SampleAssessment is the sample engagement's process assessment of its
// second quarter: rated adequate, no change under b), one measure approved
// by the leader.
func SampleAssessment(lang string) Assessment {
	a := Assessment{UID: "6a1f3c2e-0000-4000-8000-5a3e1e000002", Period: tr(lang, "2026 年第二季度", "2026 Q2"), Date: "2026-06-30",
		Assessor: tr(lang, "王检查（示例）", "Wang Jiancha (sample)"), Rating: Adequate,
		Summary:    tr(lang, "安全管理计划总体落实，备份恢复和机房登记仍有欠缺。", "The security plan is mostly in place; restore tests and the machine room log fall short."),
		AuditItems: tr(lang, "账号开通和撤销记录、运维工单、备份日志", "Account grants and revocations, operation tickets, backup logs"),
		AuditFindings: tr(lang, "一名离场人员的 VPN 账号未及时撤销（已于现场检查中记为问题）",
			"A leaver's VPN account was not revoked in time (recorded at the on-site inspection)"),
		Measures: []Measure{{Text: tr(lang, "人员离场当日撤销全部账号，并由甲方复核", "Revoke every account on the day a person leaves, checked by the department"),
			Owner: tr(lang, "示例云服务有限公司", "Example Cloud Services Co., Ltd."), Due: "2026-07-31"}},
		Leader: tr(lang, "王明 副局长", "Wang Ming, Deputy Director"), ApprovedOn: "2026-07-02"}
	return a
}

// SampleVerification is the sample's verification of the plan's first
// milestone: every clause implemented, nothing missing.
func SampleVerification(lang string, p *plan.Plan, cloud bool) Verification {
	m := plan.Milestone{Name: tr(lang, "服务启动", "Service start"), Date: "2026-04-15"}
	if len(p.Milestones) > 0 {
		m = p.Milestones[0]
	}
	v := Verification{UID: "6a1f3c2e-0000-4000-8000-5a3e1e000003", Milestone: m.Name, Due: m.Date, Date: "2026-04-20",
		Verifier: tr(lang, "李华", "Li Hua"), AccessChecked: true,
		AccessNotes:     tr(lang, "账号按最小权限开通，与开通单一致", "Accounts opened on least privilege, as the requests say"),
		Records:         tr(lang, "服务启动报告、运维工单 12 张", "Service start report, 12 operation tickets"),
		TrainingChecked: true, TrainingNotes: tr(lang, "全员完成保密教育", "Everyone completed the security briefing"),
		Leader: tr(lang, "王明 副局长", "Wang Ming, Deputy Director")}
	for _, it := range DeliveryItems(cloud) {
		v.Clauses = append(v.Clauses, ClauseCheck{Item: it.ID, Implemented: ImplYes, Evidence: tr(lang, "合同及服务启动报告", "The contract and the service start report")})
	}
	return v
}
