package annexa

import (
	"strings"

	"outsec/model"
)

// T is a shorthand for Text in the catalog below.
type T = Text

// item builds an item from its id: the group, the section and the clause
// follow from it ("A.2.5.b.3" → A.2, A.2.5, "A.2.5 b) 3)").
func item(id string, parent, name, good, evidence Text) Item {
	parts := strings.Split(id, ".")
	section := parts[0]
	label := parts[0]
	i := 1
	for ; i < len(parts) && parts[i][0] >= '0' && parts[i][0] <= '9'; i++ {
		section += "." + parts[i]
		label += "." + parts[i]
	}
	for ; i < len(parts); i++ {
		label += " " + parts[i] + ")"
	}
	return Item{ID: id, Group: Group(parts[0] + "." + parts[1]), Section: section,
		Clause: model.Clause(Std + " " + label), Parent: parent, Name: name, Good: good, Evidence: evidence}
}

var none = Text{}

// Parents of the sub-items.
var (
	parentMedia = T{"确保正常的介质操作不被干扰", "Normal media operations are not disturbed"}
	parentAudit = T{"审计记录包含规定的参数", "Audit records carry the required fields"}
	parentAgent = T{"授权外包服务机构代表政府部门开展的活动", "What the vendor is authorised to do on the department's behalf"}
)

// catalog is annex A item by item. The wording is ours; the facts (what each
// item asks) are the standard's.
var catalog = []Item{
	// A.1 信息安全组织
	item("A.1.a", none,
		T{"外包安全监督组织", "Supervising organisation"},
		T{"有书面指定的组织或小组负责评估外包服务的安全实现和资源使用，职责覆盖外包各阶段的风险识别与控制。", "A named body is charged in writing with assessing how the vendor delivers security and uses resources, across every phase of the outsourcing."},
		T{"成立文件或任命通知、职责说明、近期评估记录", "Founding or appointment notice, terms of reference, recent assessment records"}),
	item("A.1.b", none,
		T{"审计权限及分包延伸", "Audit rights reaching subcontractors"},
		T{"该组织获授权审计外包服务机构，合同写明审计范围可延伸至分包机构。", "The body is empowered to audit the vendor, and the contract extends that right to subcontractors."},
		T{"授权文件、合同审计条款、对分包机构的审计记录", "Authorisation, the contract's audit clause, audit records covering subcontractors"}),
	item("A.1.c", none,
		T{"借助独立外部组织", "Independent external organisation"},
		T{"自身资源或人员不足时，选定声誉良好、独立、安全可控的外部组织执行风险识别和控制，并有选择依据。", "Where staff or resources fall short, a reputable, independent and controllable external body carries out risk identification and control, chosen on stated grounds."},
		T{"外部组织选择记录、委托合同、独立性声明", "Selection record, engagement contract, statement of independence"}),
	// A.2.1 服务交付管理
	item("A.2.1", none,
		T{"阶段交付目标写入合同", "Stage delivery goals in the contract"},
		T{"识别每个阶段的交付目标，并作为信息安全条款写入服务合同。", "Each stage's delivery goals are identified and written into the contract as security clauses."},
		T{"合同中的阶段目标条款、里程碑计划", "The contract's clauses on stage goals, the milestone plan"}),
	// A.2.2 备份策略
	item("A.2.2.a", none,
		T{"服务操作备份", "Operational backups"},
		T{"建立信息技术服务的操作备份，保存服务相关信息，能应对不可抗力造成的服务中断。", "Operational backups of the service hold its information so that it survives an interruption by force majeure."},
		T{"备份策略、备份清单、最近备份日志", "Backup policy, backup inventory, latest backup logs"}),
	item("A.2.2.b", none,
		T{"可靠的备份介质", "Reliable backup media"},
		T{"备份存放在可靠的介质上，介质有标识、有寿命管理。", "Backups are kept on reliable, labelled media whose service life is managed."},
		T{"介质清单及其检测记录", "Media inventory and its test records"}),
	item("A.2.2.c", none,
		T{"定期恢复测试", "Periodic restore tests"},
		T{"定期对备份数据和备份服务做恢复测试，确认恢复有效、数据完整。", "Backup data and backup services are restored on a schedule, proving the restore works and the data is whole."},
		T{"恢复测试计划与记录、完整性校验结果", "Restore test plan and records, integrity check results"}),
	// A.2.3 网络安全
	item("A.2.3.a", none,
		T{"审查引入的网络配置", "Review of network configuration introduced"},
		T{"外包服务引入的网络设备、连接和配置经过审查并登记。", "Network devices, links and configuration the service brings in are reviewed and recorded."},
		T{"网络配置清单、变更审查记录", "Network configuration list, change review records"}),
	item("A.2.3.b", none,
		T{"远程接入控制有效性", "Effectiveness of remote access controls"},
		T{"评估外部远程接入政府网络的安全措施是否有效，结论有记录。", "The measures guarding external remote access to the department's network are assessed for effectiveness, with a recorded conclusion."},
		T{"远程接入评估报告、接入审批记录", "Remote access assessment report, access approvals"}),
	item("A.2.3.c", none,
		T{"评估额外的内网控制", "Extra controls for the internal network"},
		T{"评估是否需要增加控制措施保护内部网络免受攻击，需要的已实施。", "Whether further measures are needed to protect the internal network is assessed, and those needed are in place."},
		T{"评估记录、新增控制措施的实施证明", "Assessment record, proof that added controls are in place"}),
	item("A.2.3.d", none,
		T{"限制未授权网络接入", "No unauthorised network access"},
		T{"严格限制未授权的网络接入，接入有准入控制和监测。", "Unauthorised network access is prevented by admission control and monitoring."},
		T{"准入策略、接入设备登记、违规接入告警记录", "Admission policy, register of connected devices, alerts on rogue connections"}),
	// A.2.4 介质管理
	item("A.2.4.a", none,
		T{"介质安全存放", "Secure storage of media"},
		T{"外包相关介质存放在安全的物理地点，防止未授权复制、使用、移动和破坏。", "Media of the service are stored in a secure place against unauthorised copying, use, removal and destruction."},
		T{"介质存放地点、出入库登记", "Storage location, check-in and check-out register"}),
	item("A.2.4.b.1", parentMedia,
		T{"介质操作规程", "Media handling procedures"},
		T{"有操作规程防止对数据、文档、电子介质的未授权复制、使用、移动和破坏。", "Written procedures prevent unauthorised copying, use, removal and destruction of data, documents and electronic media."},
		T{"介质管理制度、操作规程文本", "Media policy, the procedures themselves"}),
	item("A.2.4.b.2", parentMedia,
		T{"监控介质操作", "Monitoring media operations"},
		T{"监控介质操作过程，外包服务机构使用介质保持最小权限。", "Media operations are monitored and the vendor's use of media is kept to least privilege."},
		T{"介质使用审批与监控记录、权限清单", "Approvals and monitoring records of media use, list of permissions"}),
	// A.2.5 审计
	item("A.2.5.a", none,
		T{"启用审计并定期审计", "Auditing enabled and reviewed"},
		T{"系统审计机制已启用，定期审计服务人员的活动。", "The systems' audit is switched on and the service staff's activity is audited on a schedule."},
		T{"审计配置截图、定期审计报告", "Audit configuration, periodic audit reports"}),
	item("A.2.5.b.1", parentAudit,
		T{"事件日期和时间", "Date and time of the event"},
		T{"每条审计记录包含事件发生的日期和时间，时钟已同步。", "Every audit record gives the date and time of the event, from synchronised clocks."},
		T{"审计记录样本、时钟同步配置", "Sample audit records, clock synchronisation settings"}),
	item("A.2.5.b.2", parentAudit,
		T{"事件类型", "Type of event"},
		T{"每条审计记录写明事件的类型。", "Every audit record names the type of event."},
		T{"审计记录样本", "Sample audit records"}),
	item("A.2.5.b.3", parentAudit,
		T{"用户账户", "User account"},
		T{"每条审计记录写明执行活动的用户账户，账户可追溯到人。", "Every audit record names the account acting, and each account traces to a person."},
		T{"审计记录样本、账户与人员对照表", "Sample audit records, account-to-person list"}),
	item("A.2.5.b.4", parentAudit,
		T{"成功或失败", "Success or failure"},
		T{"每条审计记录写明事件成功还是失败。", "Every audit record says whether the event succeeded or failed."},
		T{"审计记录样本（含失败事件）", "Sample audit records, failures included"}),
	item("A.2.5.c", none,
		T{"特权账户最少且受审计", "Few privileged accounts, audited"},
		T{"限定获得特权账户的服务人员范围，其操作过程全部进入审计记录。", "Privileged accounts go to as few service staff as possible, and everything they do is audited."},
		T{"特权账户清单及审批、特权操作审计记录", "List and approvals of privileged accounts, audit of privileged operations"}),
	item("A.2.5.d", none,
		T{"复查审计记录", "Review of audit records"},
		T{"定期复查审计记录，发现未授权的数据访问和服务尝试并处置。", "Audit records are reviewed on a schedule to find and handle unauthorised data access and attempts."},
		T{"复查记录、发现问题的处置记录", "Review records, how findings were handled"}),
	// A.3 人力资源安全
	item("A.3.a", none,
		T{"承诺的合格人员到位", "Committed, qualified staff"},
		T{"外包服务机构安排合同承诺的、具备相应技能和经验的人员。", "The vendor assigns the staff the contract promises, with the skills and experience required."},
		T{"合同人员承诺、到岗人员名单、资质证明", "The contract's staffing commitment, staff on site, certificates"}),
	item("A.3.b", none,
		T{"识别人员技能和经验", "Skills and experience identified"},
		T{"核实并记录分配人员的技能和经验。", "The skills and experience of assigned staff are checked and recorded."},
		T{"人员审查表（6.1 c)）、简历与证书核验", "Personnel screening (6.1 c)), checked CVs and certificates"}),
	item("A.3.c", none,
		T{"定期培训服务人员", "Periodic training"},
		T{"定期培训服务人员，使其正确理解政府部门的安全策略和制度。", "Service staff are trained on a schedule in the department's security policy and rules."},
		T{"培训计划、签到表、考核记录", "Training plan, attendance sheets, test results"}),
	item("A.3.d", none,
		T{"开始时重申保密要求", "Confidentiality restated at the start"},
		T{"合同执行开始阶段向服务人员重申信息安全保密要求，并有确认。", "At the start of the contract the confidentiality duties are restated to the staff and acknowledged."},
		T{"保密协议、保密告知确认书", "NDAs, signed acknowledgements"}),
	item("A.3.e", none,
		T{"预先申报无法继续服务", "Inability declared in advance"},
		T{"要求服务人员预先申报因特殊原因无法继续服务的情况，并有交接安排。", "Staff must declare beforehand when they cannot go on serving, and a handover is arranged."},
		T{"申报制度、人员变更与交接记录", "Declaration rule, staff change and handover records"}),
	item("A.3.f", none,
		T{"信息安全教育", "Security education"},
		T{"外包服务机构对服务人员开展信息安全教育。", "The vendor gives its staff security education."},
		T{"外包服务机构的教育记录", "The vendor's education records"}),
	item("A.3.g", none,
		T{"识别未授权和恶意操作", "Detecting unauthorised and malicious acts"},
		T{"有手段识别服务人员的未授权操作、恶意操作等威胁活动。", "There are means to detect unauthorised or malicious operations by service staff."},
		T{"行为监测手段、告警与处置记录", "Monitoring in place, alerts and how they were handled"}),
	item("A.3.h", none,
		T{"验证培训计划", "Vendor's training plan verified"},
		T{"验证外包服务机构的信息安全培训计划，确保服务人员具备相应能力。", "The vendor's security training plan is checked to make sure its staff are competent."},
		T{"外包服务机构培训计划及验证意见", "The vendor's training plan and the verification opinion"}),
	// A.4 访问控制
	item("A.4.a", none,
		T{"访问授权机制", "Access authorisation"},
		T{"有效的系统或服务访问授权机制，防止未授权人员接入政府信息系统。", "An effective authorisation mechanism keeps unauthorised people out of the department's systems."},
		T{"授权流程、账户清单、授权审批单", "Authorisation procedure, account list, approvals"}),
	item("A.4.b", none,
		T{"最小权限与及时注销", "Least privilege and prompt revocation"},
		T{"按最小化原则正式授权，用完立即注销。", "Access is granted formally on least privilege and revoked as soon as it is no longer needed."},
		T{"权限清单、注销记录（含时间）", "Permission list, revocation records with dates"}),
	item("A.4.c", none,
		T{"禁止私自远程接入", "No private remote access"},
		T{"不允许私自远程接入信息技术资源。", "No one connects remotely to the resources on their own initiative."},
		T{"远程接入制度、接入日志检查", "Remote access rule, check of access logs"}),
	item("A.4.d", none,
		T{"防远程接入措施", "Controls against remote access"},
		T{"设计并应用足够的控制措施防止远程接入。", "Sufficient controls against remote access are designed and applied."},
		T{"防火墙或准入策略、配置核查记录", "Firewall or admission rules, configuration checks"}),
	item("A.4.e", none,
		T{"监控访问并审查日志", "Access monitored, logs reviewed"},
		T{"监控授权的访问过程，定期审查访问日志。", "Authorised access is monitored and access logs are reviewed on a schedule."},
		T{"访问日志、日志审查记录", "Access logs, log review records"}),
	item("A.4.f", none,
		T{"记录未授权访问和数据修改", "Unauthorised access and changes logged"},
		T{"监控未经授权的访问或数据修改行为，并记录日志。", "Unauthorised access and data changes are monitored and logged."},
		T{"告警规则、相关日志与处置记录", "Alert rules, the logs and how they were handled"}),
	// A.5 物理和环境安全
	item("A.5.a", none,
		T{"物理和环境安全策略", "Physical and environmental policy"},
		T{"有物理和环境安全策略及防护操作流程。", "A physical and environmental security policy and its protective procedures exist."},
		T{"策略文本、操作流程", "The policy, the procedures"}),
	item("A.5.b", none,
		T{"安全区域及边界标识", "Secure areas with marked boundaries"},
		T{"关键敏感信息和处理设备放在边界清晰标识的安全区域内。", "Key sensitive information and processing equipment sit in secure areas with clearly marked boundaries."},
		T{"区域划分图、现场标识、门禁记录", "Area plan, signs on site, door access records"}),
	item("A.5.c", none,
		T{"外包设备与原有设备隔离", "Vendor equipment separated"},
		T{"外包引入的开发、测试等设备与政府部门原有设备安全隔离。", "Development, test and other equipment the vendor brings is kept apart from the department's own."},
		T{"设备清单、隔离措施（网络、物理）", "Equipment list, the separation (network, physical)"}),
	item("A.5.d", none,
		T{"区域内活动受监管", "Supervised work in secure areas"},
		T{"服务人员在安全区域内工作时始终处于有效监管。", "Service staff working in secure areas are supervised at all times."},
		T{"陪同或监控记录、出入登记", "Escort or monitoring records, entry register"}),
	// A.6 服务获取、管理和保持
	item("A.6.a", none,
		T{"服务过程管理策略", "Service process policy"},
		T{"设计、建立并维护服务过程管理策略。", "A policy for managing the service process is written, in force and kept up to date."},
		T{"管理策略文本及修订记录", "The policy and its revisions"}),
	item("A.6.b", none,
		T{"保存过程文档和培训材料", "Process documents kept"},
		T{"及时保存服务过程管理文档、培训材料等。", "Process documents, training material and the like are filed promptly."},
		T{"文档目录、归档记录", "Document index, filing records"}),
	item("A.6.c", none,
		T{"服务变更管理", "Change management"},
		T{"信息技术服务变更经过申请、评估、审批和记录。", "Changes to the service are requested, assessed, approved and recorded."},
		T{"变更申请单、审批与实施记录", "Change requests, approvals, implementation records"}),
	item("A.6.d", none,
		T{"发现并报告开发测试引起的问题", "Security problems found and reported"},
		T{"及时发现系统开发、测试和操作引起的安全问题，并报告主管领导。", "Security problems from development, testing and operation are found promptly and reported to the leader."},
		T{"问题记录、向主管领导的报告", "Problem log, reports to the leader"}),
	item("A.6.e.1", parentAgent,
		T{"正确必要的变更（补丁、升级）", "Correct and necessary changes (patches, upgrades)"},
		T{"授权外包服务机构确保服务得到正确、必要的变更，例如打补丁、系统升级。", "The vendor is authorised to make sure the service receives the correct and necessary changes such as patches and upgrades."},
		T{"授权书、补丁与升级记录", "Authorisation, patch and upgrade records"}),
	item("A.6.e.2", parentAgent,
		T{"及时通知变更内容和方式", "Changes notified promptly"},
		T{"外包服务机构及时通知政府部门服务变更的内容和方式。", "The vendor tells the department promptly what changes and how."},
		T{"变更通知记录", "Change notifications"}),
	// A.7 信息安全事件管理
	item("A.7.a", none,
		T{"事件管理流程预案", "Incident procedure"},
		T{"有正式的信息安全事件管理流程预案，外包服务机构和人员遵循。", "A formal incident management procedure exists and the vendor and its staff follow it."},
		T{"应急预案、人员知悉确认", "The response plan, staff acknowledgements"}),
	item("A.7.b", none,
		T{"事件处置培训文档", "Incident handling training material"},
		T{"提供必要的信息安全事件处置培训文档。", "The training material needed for incident handling is provided."},
		T{"培训文档、培训记录", "Training material, training records"}),
	item("A.7.c", none,
		T{"报告和处置时限", "Reporting and handling deadlines"},
		T{"限定信息安全事件的报告和处置时间。", "Deadlines for reporting and handling incidents are set."},
		T{"预案或合同中的时限、事件记录的时间", "Deadlines in the plan or contract, times in incident records"}),
	item("A.7.d", none,
		T{"弥补事件的脆弱性", "Underlying weaknesses fixed"},
		T{"采取措施及时弥补引起事件的脆弱性。", "The weaknesses that caused an incident are fixed promptly."},
		T{"事件分析报告、整改记录", "Incident analysis, corrective action records"}),
	// A.8 业务连续性管理
	item("A.8.a", none,
		T{"人员和数据冗余级别", "Redundancy of staff and data"},
		T{"调查并确定服务人员和数据的冗余级别，保证业务持续。", "The level of redundancy of staff and data is studied and set to keep the business running."},
		T{"冗余分析、后备人员名单、数据副本", "Redundancy analysis, backup staff list, data copies"}),
	item("A.8.b", none,
		T{"冗余技术", "Redundant technology"},
		T{"外包服务机构在服务中应用冗余技术，特别是服务涉及的技术资源。", "The vendor uses redundant technology in the service, above all for the resources it involves."},
		T{"架构说明、冗余设备清单", "Architecture description, list of redundant equipment"}),
	item("A.8.c", none,
		T{"连续性计划及测试", "Continuity plan, tested"},
		T{"建立政务业务连续性保障计划，并恰当测试和验证。", "A continuity plan for the government business exists and is tested and verified."},
		T{"连续性计划、演练记录与评估", "Continuity plan, exercise records and evaluation"}),
}
