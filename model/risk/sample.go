package risk

import "outsec/model"

// SampleAssessment is the risk assessment of the sample engagement
// (model.SampleEngagement): eight assets, six threats, ten vulnerabilities,
// fifteen risks with their treatments and residual risks (one avoided, one
// transferred, one treated again, one whose residual risk the leader
// accepted), six controls, three units of the department (5.1.1 b)), the
// cost weighed against the expected loss, and the leader's decision to
// proceed — every screen and document has something to show. Scored with the
// standard's matrices and the log rule (asset A4, C=4 I=4 A=1: 3.5, level
// 3). Every name is made up. lang is "zh-CN" or "en". Ids are 1… in each
// register; the store gives its own. Call Recompute before use.
func SampleAssessment(lang string) Assessment {
	zh := lang != "en"
	t := func(z, e string) string {
		if zh {
			return z
		}
		return e
	}
	s := DefaultSettings(MethodMatrix)
	s.AssetRule = AssetLog
	a := Assessment{Settings: s}
	a.Assets = []Asset{
		{ID: 1, Name: t("门户网站内容管理系统", "Portal content management system"), Type: "software", Owner: t("信息技术处", "IT Division"), C: 3, I: 5, A: 4},
		{ID: 2, Name: t("政务公开信息", "Published government information"), Type: "data", Owner: t("办公室", "General Office"), C: 1, I: 5, A: 4},
		{ID: 3, Name: t("网上办事个人信息", "Personal data of online services"), Type: "data", Owner: t("信息技术处", "IT Division"), C: 5, I: 4, A: 3},
		{ID: 4, Name: t("运维文档和配置基线", "Operations documents and configuration baselines"), Type: "documents", Owner: t("信息技术处", "IT Division"), C: 4, I: 4, A: 1,
			Notes: t("对数规则:log2((16+16+2)/3) = 3.50,即 3.5,等级 3", "log rule: log2((16+16+2)/3) = 3.50, so 3.5, level 3")},
		{ID: 5, Name: t("政务云主机", "Government cloud hosts"), Type: "hardware", Owner: t("示例云服务有限公司", "Example Cloud Services Co., Ltd."), C: 3, I: 4, A: 5},
		{ID: 6, Name: t("运维堡垒机", "Bastion host"), Type: "network", Owner: t("信息技术处", "IT Division"), C: 4, I: 4, A: 3},
		{ID: 7, Name: t("外包运维人员", "Vendor's operations staff"), Type: "people", Owner: t("示例云服务有限公司", "Example Cloud Services Co., Ltd."), C: 4, I: 3, A: 3},
		{ID: 8, Name: t("数据库备份", "Database backups"), Type: "data", Owner: t("信息技术处", "IT Division"), C: 5, I: 4, A: 2},
	}
	a.Threats = []Threat{
		{ID: 1, Name: t("外部网络攻击", "External network attack"), Source: SourceHumanMalicious, Path: PathIndirect, Method: t("漏洞利用、口令猜解", "exploits, password guessing"), Frequency: 4},
		{ID: 2, Name: t("运维人员越权或滥用权限", "Abuse of rights by operations staff"), Source: SourceHumanMalicious, Path: PathIndirect, Method: t("越权或滥用", "abuse of rights"), Frequency: 3},
		{ID: 3, Name: t("运维误操作", "Operator error"), Source: SourceHumanNonMalicious, Path: PathDirect, Frequency: 3},
		{ID: 4, Name: t("恶意代码", "Malicious code"), Source: SourceHumanMalicious, Path: PathIndirect, Method: t("传播计算机病毒", "spreading viruses"), Frequency: 3},
		{ID: 5, Name: t("断电或设备故障", "Power or equipment failure"), Source: SourceFacilityFailure, Path: PathDirect, Frequency: 2},
		{ID: 6, Name: t("外包人员带离数据", "Data carried off by vendor staff"), Source: SourceHumanMalicious, Path: PathDirect, Method: t("窃取", "theft"), Frequency: 2},
	}
	a.Vulns = []Vulnerability{
		{ID: 1, AssetID: 1, Description: t("内容管理系统存在未修复的高危漏洞", "Unpatched high-risk flaws in the CMS"), Category: "application", Severity: 4, Identified: "scan"},
		{ID: 2, AssetID: 1, Description: t("管理后台使用弱口令", "Weak passwords on the admin console"), Category: "application", Severity: 4, Identified: "verification"},
		{ID: 3, AssetID: 2, Description: t("未部署网页防篡改", "No web tamper protection"), Category: "application", Severity: 3, Identified: "onsite_observation"},
		{ID: 4, AssetID: 3, Description: t("个人信息明文存储", "Personal data stored in clear"), Category: "data", Severity: 5, Identified: "verification"},
		{ID: 5, AssetID: 4, Description: t("配置基线文档可随意拷贝", "Baseline documents can be copied freely"), Category: "management", Severity: 3, Identified: "interview"},
		{ID: 6, AssetID: 5, Description: t("补丁更新不及时", "Patches applied late"), Category: "host", Severity: 3, Identified: "scan"},
		{ID: 7, AssetID: 6, Description: t("运维账号多人共用", "Operations accounts shared"), Category: "management", Severity: 4, Identified: "interview"},
		{ID: 8, AssetID: 7, Description: t("外包人员未经背景审查", "Vendor staff not background-checked"), Category: "people", Severity: 3, Identified: "document_review"},
		{ID: 9, AssetID: 8, Description: t("备份未加密且未异地保存", "Backups neither encrypted nor off-site"), Category: "data", Severity: 4, Identified: "document_review"},
		{ID: 10, AssetID: 5, Description: t("机房单路供电", "Single power feed"), Category: "physical", Severity: 2, Identified: "onsite_observation"},
	}
	li, zhao, chen := t("李华", "Li Hua"), t("赵磊", "Zhao Lei"), t("陈静", "Chen Jing")
	ctl := func(measure, owner string, deadline model.Date, cost float64, status TreatmentStatus) Treatment {
		return Treatment{Option: TreatControl, Measure: measure, Owner: owner, Deadline: deadline, Cost: cost, Status: status}
	}
	a.Risks = []Risk{
		{ID: 1, AssetID: 1, ThreatID: 1, VulnID: 1, Treatment: ctl(t("修复高危漏洞并部署 Web 应用防火墙", "Fix the flaws; deploy a web application firewall"), chen, "2026-04-30", 80000, "in_progress"), ResidualThreat: 2, ResidualVuln: 1},
		{ID: 2, AssetID: 1, ThreatID: 1, VulnID: 2, Treatment: ctl(t("后台启用双因素认证", "Two-factor login to the console"), chen, "2026-04-15", 15000, "done"), ResidualThreat: 2, ResidualVuln: 1},
		{ID: 3, AssetID: 1, ThreatID: 4, VulnID: 1, Treatment: ctl(t("部署防病毒和主机加固", "Antivirus and host hardening"), chen, "2026-05-15", 20000, "planned"), ResidualThreat: 1, ResidualVuln: 2},
		{ID: 4, AssetID: 2, ThreatID: 1, VulnID: 3, Treatment: ctl(t("部署网页防篡改系统", "Deploy web tamper protection"), chen, "2026-05-31", 40000, "planned"), ResidualThreat: 2, ResidualVuln: 1},
		{ID: 5, AssetID: 3, ThreatID: 1, VulnID: 4, Treatment: ctl(t("个人信息加密存储,展示时脱敏", "Encrypt personal data; mask it on display"), zhao, "2026-05-31", 60000, "planned"), ResidualThreat: 2, ResidualVuln: 1},
		{ID: 6, AssetID: 3, ThreatID: 6, VulnID: 4, Treatment: Treatment{Option: TreatTransfer, Measure: t("数据安全责任险;合同约定外包服务机构赔偿责任", "Data security insurance; the vendor's liability in the contract"), Owner: li, Deadline: "2026-04-30", Cost: 30000, Status: "planned"}, ResidualThreat: 1, ResidualVuln: 2},
		{ID: 7, AssetID: 4, ThreatID: 6, VulnID: 5, Treatment: ctl(t("文档分级管理,禁止拷贝带离", "Classify the documents; no copies taken away"), zhao, "2026-04-30", 5000, "in_progress"), ResidualThreat: 1, ResidualVuln: 2},
		{ID: 8, AssetID: 5, ThreatID: 1, VulnID: 6, Treatment: ctl(t("每月补丁更新,漏洞扫描复核", "Monthly patches, checked by scans"), chen, "2026-04-30", 10000, "in_progress"), ResidualThreat: 2, ResidualVuln: 1},
		{ID: 9, AssetID: 5, ThreatID: 4, VulnID: 6, Treatment: ctl(t("升级云平台防病毒,隔离可疑主机", "Upgrade the cloud antivirus; isolate suspect hosts"), chen, "2026-04-30", 5000, "planned"), ResidualThreat: 1, ResidualVuln: 2},
		{ID: 10, AssetID: 6, ThreatID: 2, VulnID: 7, Treatment: ctl(t("运维账号实名制", "Named operations accounts"), zhao, "2026-04-15", 8000, "done"), ResidualThreat: 3, ResidualVuln: 3,
			Retreatment: &Retreatment{Treatment: ctl(t("堡垒机全程录像,高危操作双人复核", "Session recording on the bastion host; four eyes for risky commands"), zhao, "2026-06-30", 25000, "planned"), ResidualThreat: 1, ResidualVuln: 2}},
		{ID: 11, AssetID: 7, ThreatID: 2, VulnID: 8, Treatment: ctl(t("进场前背景审查,签署保密协议", "Background checks and NDAs before starting"), li, "2026-04-10", 3000, "done"), ResidualThreat: 2, ResidualVuln: 1},
		{ID: 12, AssetID: 6, ThreatID: 6, VulnID: 7, Treatment: ctl(t("离场检查和权限回收", "Exit checks and revocation of access"), li, "2026-04-30", 2000, "planned"), ResidualThreat: 3, ResidualVuln: 3,
			Retreatment: &Retreatment{Treatment: Treatment{Option: TreatAccept, Measure: t("残余风险在合同赔偿条款覆盖范围内", "The residual risk is covered by the contract's liability clause")}, ApprovedBy: t("王明 副局长", "Wang Ming, Deputy Director"), ApprovedOn: "2026-03-20"}},
		{ID: 13, AssetID: 8, ThreatID: 6, VulnID: 9, Treatment: Treatment{Option: TreatAvoid, Measure: t("备份介质不再交外包人员保管", "Backup media no longer held by the vendor's staff"), Owner: li, Deadline: "2026-04-01", Status: "done"}},
		{ID: 14, AssetID: 8, ThreatID: 5, VulnID: 9, Treatment: ctl(t("备份加密并异地保存", "Encrypted off-site backups"), chen, "2026-05-31", 35000, "planned"), ResidualThreat: 1, ResidualVuln: 2},
		{ID: 15, AssetID: 5, ThreatID: 5, VulnID: 10, Treatment: Treatment{Option: TreatKeep, Measure: t("云平台 UPS 和柴油发电机", "The cloud platform's UPS and generator"), Status: "done"}},
	}
	a.Controls = []Control{
		{ID: 1, Name: t("堡垒机和实名运维账号", "Bastion host and named accounts"), Description: t("运维操作统一经堡垒机", "Every operation through the bastion host"), Status: ControlExisting, Effectiveness: "effective", RiskIDs: []int64{10, 11, 12}},
		{ID: 2, Name: t("Web 应用防火墙和漏洞管理", "Web application firewall and patching"), Status: ControlPlanned, Effectiveness: "effective", RiskIDs: []int64{1, 2, 3, 4, 8, 9}},
		{ID: 3, Name: t("个人信息加密和脱敏", "Encryption and masking of personal data"), Status: ControlPlanned, Effectiveness: "effective", RiskIDs: []int64{5}},
		{ID: 4, Name: t("文档和备份管理制度", "Rules for documents and backups"), Status: ControlPlanned, Effectiveness: "effective", RiskIDs: []int64{7, 14}},
		{ID: 5, Name: t("云平台双路供电", "Dual power feed of the cloud platform"), Status: ControlExisting, Effectiveness: "partly_effective", RiskIDs: []int64{15}},
		{ID: 6, Name: t("外包人员安全意识培训", "Security awareness training of vendor staff"), Status: ControlPlanned, Effectiveness: "not_assessed"},
	}
	a.Units = []Unit{
		{ID: 1, Name: t("信息技术处", "IT Division"), Role: UnitResponsible,
			Effect:    t("同时承担项目管理和安全管理,人手不足,难以复核外包人员的高风险操作", "Runs the project and its security at once; too few staff to review the vendor's risky operations"),
			Treatment: t("指定专职安全管理员,复核高风险操作", "A dedicated security officer reviews risky operations"), Owner: zhao},
		{ID: 2, Name: t("办公室(网站内容编辑)", "General Office (web content)"), Role: UnitInvolved,
			Effect:    t("自行向外包人员开放内容管理后台账号,绕过审批", "Grants the vendor's staff console accounts on its own, without approval"),
			Treatment: t("后台账号一律由信息技术处审批开通,每月核对", "Console accounts only through the IT Division, checked monthly"), Owner: li},
		{ID: 3, Name: t("财务处", "Finance Division"), Role: UnitInvolved,
			Effect:    t("未设安全管理员,合同付款与安全验收脱节", "No security officer; payments are made without the security acceptance"),
			Treatment: t("付款前须取得信息技术处的安全验收意见", "No payment before the IT Division's security acceptance"), Owner: li},
	}
	a.Conclusion = Conclusion{AcceptableLevel: 2, Leader: t("王明 副局长", "Wang Ming, Deputy Director"), Date: "2026-03-20",
		Decision: ProposeProceed, Benefit: 600000, BenefitBasis: BenefitExpectedLoss,
		Remarks: t("处置措施在签订合同前落实;成本低于预期损失", "The measures are in place before the contract is signed; their cost is below the expected loss")}
	return a
}
