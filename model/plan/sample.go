package plan

import (
	"outsec/model"
	"outsec/model/annexa"
)

// SamplePlan is the approved security management plan of the sample
// engagement (model.SampleEngagement; the people of screening.SampleScreening):
// every section filled, every annex A item planned, deployed, verified or —
// two of them — not applicable with a reason, approved by the leader on
// 2026-04-08. lang is "zh-CN" or "en"; every name is made up.
func SamplePlan(lang string) Plan {
	zh := lang != "en"
	t := func(z, e string) string {
		if zh {
			return z
		}
		return e
	}
	p := Plan{
		Milestones: []Milestone{
			{Date: "2026-04-15", Name: t("服务启动", "Service start"), Objective: t("人员到岗并完成保密教育，账号按最小权限开通", "Staff on site with security education done; accounts opened on least privilege")},
			{Date: "2026-06-30", Name: t("运维体系稳定运行", "Operations settled"), Objective: t("备份恢复测试通过，审计记录完整", "Restore test passed; audit records complete")},
			{Date: "2026-12-31", Name: t("年度评估", "Annual review"), Objective: t("完成服务过程评估审计，无未整改的高风险问题", "Process assessment done; no high risk left open")},
		},
		Roles: []Role{
			{Side: SideDepartment, Person: t("李华", "Li Hua"), Role: t("项目经理", "Project manager"), Duties: t("组织计划实施，审核阶段成果", "Runs the plan, reviews stage deliverables")},
			{Side: SideDepartment, Person: t("赵磊", "Zhao Lei"), Role: t("安全管理员", "Security officer"), Duties: t("审计日志复查、权限审批", "Reviews audit logs, approves access")},
			{Side: SideVendor, Person: t("张伟", "Zhang Wei"), Role: t("运维工程师", "Operations engineer"), Duties: t("服务器和内容管理系统运维", "Runs the servers and the CMS")},
			{Side: SideVendor, Person: t("刘洋", "Liu Yang"), Role: t("安全工程师", "Security engineer"), Duties: t("安全监测、补丁和事件处置", "Monitoring, patches, incident handling")},
			{Side: SideVendor, Person: t("陈晨", "Chen Chen"), Role: t("内容编辑", "Content editor"), Duties: t("网站内容发布", "Publishes the site's content")},
			{Side: SideVendor, Person: t("黄俊", "Huang Jun"), Role: t("数据库工程师", "Database engineer"), Duties: t("数据库运维和备份", "Database operations and backups")},
		},
		Incident: Incident{
			Contacts:  t("赵磊 010-8888 0002；外包服务机构 刘洋", "Zhao Lei 010-8888 0002; vendor: Liu Yang"),
			Deadline:  t("发现后 1 小时内报告", "Reported within 1 hour of discovery"),
			Procedure: t("报告、隔离、处置、恢复、复盘，48 小时内提交书面报告", "Report, contain, handle, recover, review; written report within 48 hours"),
		},
		Resources: Resources{
			BackupStaff:    t("外包服务机构指定 2 名后备运维人员", "Two backup engineers named by the vendor"),
			SpareEquipment: t("政务云备用虚拟机一套", "A spare set of virtual machines on the government cloud"),
			BackupServices: t("异地每日备份，保留 30 天", "Daily off-site backups kept for 30 days"),
		},
		Tracking: Tracking{PeriodMonths: 3,
			Reporting: t("每季度向主管领导报告服务安全执行情况", "Quarterly report on the service's security to the leader"),
			Records:   t("服务过程评估审计记录、阶段成果交付验证记录、审计日志", "Process assessment and audit records, deliverable verifications, audit logs")},
		Approval: Approval{SubmittedOn: "2026-04-03", Leader: t("王明 副局长", "Wang Ming, Deputy Director"), ApprovedOn: "2026-04-08"},
	}
	na := map[string]string{
		"A.1.c": t("本单位具备足够的人员和资源，不委托外部组织", "The department has the staff and resources; no external body is engaged"),
		"A.5.c": t("服务全部在政务云上提供，不引入开发测试设备", "The service runs on the government cloud; no development or test equipment comes in"),
	}
	for i, it := range annexa.ItemsFor(true) {
		if r, ok := na[it.ID]; ok {
			p.Controls = append(p.Controls, Deployment{Item: it.ID, Status: NA, Reason: r})
			continue
		}
		st, date := Planned, model.Date("2026-06-30")
		switch i % 3 {
		case 0:
			st, date = Deployed, "2026-04-15"
		case 1:
			st, date = Verified, "2026-04-15"
		}
		owner := t("张伟", "Zhang Wei")
		if it.Group == annexa.GroupOrganisation || it.Group == annexa.GroupPersonnel {
			owner = t("李华", "Li Hua")
		}
		p.Controls = append(p.Controls, Deployment{Item: it.ID, Status: st, Owner: owner, Planned: date,
			Measure: t("按“", "As annex A asks: ") + it.Title(lang) + t("”的要求落实，留存证据：", "; evidence kept: ") + it.Evidence.In(lang)})
	}
	return p
}
