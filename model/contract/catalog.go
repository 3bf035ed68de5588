package contract

import "outsec/model"

// The catalog's data. Clause numbers are facts of the standards; every
// sentence (titles, requirements, drafted wording) is the project's own.
// 甲方 / "the Client" is the government department, 乙方 / "the Vendor" the
// outsourcing vendor (or the cloud service provider).

func std(s string) model.Clause   { return model.Clause(Std + " " + s) }
func cloud(s string) model.Clause { return model.Clause(CloudStd + " " + s) }

var (
	unitYuan = Text{"元", "yuan"}

	pVulnFix      = Param{"vuln_fix_time", Text{"高危漏洞修复时限", "Deadline for fixing a high-risk vulnerability"}, Text{}, "7d", KindDuration}
	pMeasure      = Param{"measure_period", Text{"安全目标评价周期", "Period of the security objectives' evaluation"}, Text{}, "3mo", KindDuration}
	pSecCost      = Param{"security_cost", Text{"信息安全保障费用", "Cost of the security measures"}, unitYuan, "", KindNumber}
	pAssetReturn  = Param{"asset_return_time", Text{"资产交还时限", "Deadline for returning assets"}, Text{}, "10wd", KindDuration}
	pNotifyHours  = Param{"notify_hours", Text{"泄密报告时限", "Deadline for reporting a leak"}, unitHours, "2", KindNumber}
	pFixTime      = Param{"fix_time", Text{"检查问题整改时限", "Deadline for fixing inspection findings"}, Text{}, "15wd", KindDuration}
	pPenalty      = Param{"termination_penalty", Text{"擅自终止或变更违约金比例", "Liquidated damages for unagreed termination or change"}, Text{}, "10", KindPercent}
	pChangeNotice = Param{"change_notice_time", Text{"变化通知时限", "Deadline for notifying a change"}, Text{}, "5wd", KindDuration}
	pAckTime      = Param{"ack_time", Text{"条款告知确认报送时限", "Deadline for sending the acknowledgements"}, Text{}, "5wd", KindDuration}
	pExitNotice   = Param{"exit_notice_time", Text{"期满前确认续约的提前期", "Notice before expiry to decide on renewal"}, Text{}, "60d", KindDuration}
	pFaultExit    = Param{"fault_exit_time", Text{"故障有效处理时限", "Time allowed to resolve a failure"}, Text{}, "10d", KindDuration}
	pHandover     = Param{"handover_time", Text{"文档和数据交还时限", "Deadline for handing back documents and data"}, Text{}, "15d", KindDuration}
	pConfPeriod   = Param{"confidentiality_period", Text{"合同终止后保密期限", "Confidentiality period after termination"}, Text{}, "5y", KindDuration}
	pDeletion     = Param{"deletion_time", Text{"数据清除时限", "Deadline for deleting the data"}, Text{}, "15d", KindDuration}
	pExitReport   = Param{"exit_report_period", Text{"退出进展报告周期", "Period of exit progress reports"}, Text{}, "7d", KindDuration}
	pParallel     = Param{"parallel_time", Text{"并行服务期", "Period of parallel service"}, Text{}, "30d", KindDuration}
	pAccounts     = Param{"account_removal_time", Text{"子账户清理时限", "Deadline for removing sub-accounts"}, Text{}, "5wd", KindDuration}
	pDeployment   = Param{"deployment_model", Text{"云服务部署模式", "Cloud deployment model"}, Text{}, "", KindText}
	pSLAPenalty   = Param{"sla_penalty", Text{"未达服务水平的赔偿比例（月服务费）", "Compensation for a missed service level (share of the monthly fee)"}, Text{}, "10", KindPercent}
	pStaffChange  = Param{"staff_change_time", Text{"人员变动补签时限", "Deadline for NDAs of new staff"}, Text{}, "5wd", KindDuration}
	pNDAPenalty   = Param{"nda_penalty", Text{"泄密违约金", "Liquidated damages for a leak"}, unitYuan, "", KindNumber}
)

var catalog = []Item{
	// 6.2.1 a) 1)–9), b), c): the information security clauses.
	{
		ID: "sec.a1", Group: GroupSecurity, Clause: std("6.2.1 a) 1)"), Required: true,
		Params: []Param{pVulnFix, pMeasure},
		Name:   Text{"信息安全目标和衡量标准", "Security objectives and how they are measured"},
		Requirement: Text{
			"写明本项目的信息安全目标，并为每项目标给出可核查的衡量指标（如安全事件、敏感信息泄露、漏洞修复时限），以及由谁、多久评价一次。",
			"States the security objectives of the engagement, gives each a measure that can be checked (incidents, leaks of sensitive information, time to fix vulnerabilities), and says who evaluates them and how often.",
		},
		Wording: Text{
			"乙方应实现以下信息安全目标：不发生因乙方原因造成的重大信息安全事件；不发生甲方敏感信息泄露；高危漏洞自发现起{vuln_fix_time}内修复。甲方每{measure_period}评价一次目标达成情况，评价结果纳入服务考核。",
			"The Vendor shall meet these security objectives: no major information security incident caused by the Vendor; no leak of the Client's sensitive information; every high-risk vulnerability fixed within {vuln_fix_time} of its discovery. The Client evaluates every {measure_period} whether the objectives are met, and the result counts in the service appraisal.",
		},
	},
	{
		ID: "sec.a2", Group: GroupSecurity, Clause: std("6.2.1 a) 2)"), Required: true,
		Params: []Param{pSecCost},
		Name:   Text{"信息安全保障范围和费用", "Scope and cost of the security measures"},
		Requirement: Text{
			"界定乙方信息安全保障义务覆盖的系统、数据、场所和人员，并写明安全保障费用的数额及是否已计入合同价款。",
			"Defines the systems, data, premises and people the Vendor's security obligations cover, and states the cost of the security measures and whether the contract price includes it.",
		},
		Wording: Text{
			"乙方的信息安全保障义务覆盖本合同服务涉及的全部信息系统、数据、场所和服务人员，具体以本合同服务内容清单为准。信息安全保障费用为{security_cost}，已计入合同总价，乙方不得以安全保障为由另行收费。",
			"The Vendor's security obligations cover every information system, all data, premises and service personnel the service of this contract involves, as listed in its service schedule. The security measures cost {security_cost}, included in the contract price; the Vendor shall not charge extra for them.",
		},
	},
	{
		ID: "sec.a3", Group: GroupSecurity, Clause: std("6.2.1 a) 3)"), Required: true,
		Params: []Param{pAssetReturn},
		Name:   Text{"不得占有服务中产生的资产", "No possession of assets produced in the service"},
		Requirement: Text{
			"写明服务中产生或使用的数据、文档、程序、配置、账号和设备等资产归甲方，乙方不得占有、留存或挪作他用，并规定交还时限。",
			"States that the data, documents, programs, configurations, accounts and equipment produced or used in the service belong to the Client, that the Vendor may not take, keep or reuse them, and when they are returned.",
		},
		Wording: Text{
			"服务过程中产生或使用的数据、文档、程序、配置、账号和设备等一切资产归甲方所有。乙方不得占有、留存或将其用于本合同以外的目的；甲方要求时或合同终止时，乙方应在{asset_return_time}内全部交还。",
			"All assets produced or used in the service, including data, documents, programs, configurations, accounts and equipment, belong to the Client. The Vendor shall not take possession of them, keep them or use them for any purpose outside this contract, and shall return all of them within {asset_return_time} of the Client's request or of the end of the contract.",
		},
	},
	{
		ID: "sec.a4", Group: GroupSecurity, Clause: std("6.2.1 a) 4)"), Required: true,
		Name: Text{"不得强制购买或使用指定产品", "No forced purchase or use of designated products"},
		Requirement: Text{
			"禁止乙方以提供服务为条件要求甲方购买或使用其本身或其指定的产品和服务；乙方的产品建议仅供参考，由甲方自主决定。",
			"Forbids the Vendor to make the service conditional on the Client buying or using products or services of the Vendor's own or of its choosing; the Vendor's product advice is only advice and the Client decides.",
		},
		Wording: Text{
			"乙方不得以提供服务为条件，要求甲方购买或使用乙方或其指定的产品和服务。乙方提出的产品建议仅供甲方参考，采购决定由甲方依法自主作出。",
			"The Vendor shall not make the service conditional on the Client buying or using products or services of the Vendor or of suppliers it designates. Product advice from the Vendor is for the Client's information only; the Client makes its purchasing decisions itself, as the law provides.",
		},
	},
	{
		ID: "sec.a5", Group: GroupSecurity, Clause: std("6.2.1 a) 5)"), Required: true,
		Params: []Param{pNotifyHours},
		Name:   Text{"不泄露重要敏感信息的承诺", "Commitment not to disclose sensitive information"},
		Requirement: Text{
			"包含乙方不泄露甲方重要敏感信息的明确承诺，合同终止后继续有效，并规定发现或怀疑泄露时的报告时限和处置义务。",
			"Contains the Vendor's express commitment not to disclose the Client's important and sensitive information, surviving the end of the contract, with a deadline for reporting a known or suspected leak and the duty to contain it.",
		},
		Wording: Text{
			"乙方承诺对服务中知悉的甲方重要敏感信息严格保密，不以任何方式向第三方泄露，本承诺在合同终止后继续有效。乙方发现或怀疑敏感信息泄露的，应在{notify_hours}内书面报告甲方，并立即采取措施防止扩大。",
			"The Vendor undertakes to keep strictly confidential the Client's important and sensitive information it learns in the service and not to disclose it to any third party in any way; this undertaking survives the end of the contract. On finding or suspecting a leak of sensitive information the Vendor shall report it to the Client in writing within {notify_hours} and take immediate steps to contain it.",
		},
	},
	{
		ID: "sec.a6", Group: GroupSecurity, Clause: std("6.2.1 a) 6)"), Required: true,
		Name: Text{"知识产权归属", "Ownership of intellectual property"},
		Requirement: Text{
			"写明服务中形成的软件、文档、数据等成果的知识产权归属，乙方既有知识产权的使用许可，以及乙方不侵犯第三方知识产权的保证。",
			"States who owns the intellectual property in the software, documents, data and other results of the service, how the Vendor's existing intellectual property may be used, and the Vendor's warranty that nothing infringes a third party's rights.",
		},
		Wording: Text{
			"本合同服务中形成的软件、文档、数据等成果的知识产权归甲方所有。乙方在服务前已拥有的知识产权，乙方授予甲方为本项目所需的永久、免费使用许可。乙方保证所交付成果不侵犯任何第三方的知识产权，否则由乙方承担全部责任。",
			"The intellectual property in the software, documents, data and other results of the service belongs to the Client. For intellectual property the Vendor owned before the service, the Vendor grants the Client a perpetual, free licence to use it as the engagement needs. The Vendor warrants that nothing it delivers infringes a third party's intellectual property and bears full liability if it does.",
		},
	},
	{
		ID: "sec.a7", Group: GroupSecurity, Clause: std("6.2.1 a) 7)"), Required: true,
		Name: Text{"数据所有权、边界控制与不出境", "Data ownership, boundaries and no processing abroad"},
		Requirement: Text{
			"明示甲方对数据的所有权，限定乙方使用和处理数据的范围、场所、系统、人员和目的及相应的边界控制措施，并要求数据的存储和处理不出境。",
			"Makes explicit that the Client owns the data, limits the scope, premises, systems, people and purposes of the Vendor's use and processing of it with matching boundary controls, and requires the data to be stored and processed only within China.",
		},
		Wording: Text{
			"甲方数据的所有权归甲方。乙方仅可在甲方授权的范围、场所、系统和人员内，为履行本合同的目的使用和处理甲方数据，并采取访问控制和边界防护措施。甲方数据的存储和处理应在中华人民共和国境内进行；未经甲方书面同意并依法履行相关程序，乙方不得将数据传输或存储至境外，也不得允许从境外访问。",
			"The Client owns its data. The Vendor may use and process the Client's data only to perform this contract, and only within the scope, premises, systems and people the Client authorises, under access controls and boundary protection. The Client's data is stored and processed within the People's Republic of China; without the Client's written consent and the procedures the law requires, the Vendor shall not transfer or store it abroad, nor allow access to it from abroad.",
		},
	},
	{
		ID: "sec.a8", Group: GroupSecurity, Clause: std("6.2.1 a) 8)"), Required: true,
		Params: []Param{pFixTime},
		Name:   Text{"接受主管部门监督检查", "Supervision and inspection by the authorities"},
		Requirement: Text{
			"明示乙方接受甲方及信息化、网络安全主管部门监督检查的责任和义务：提供文档、记录和场所访问，配合检查，并在规定时限内整改发现的问题。",
			"Makes explicit the Vendor's duty to accept supervision and inspection by the Client and the competent information and cybersecurity authorities: access to documents, records and premises, cooperation, and fixing the findings within a set time.",
		},
		Wording: Text{
			"乙方应接受甲方及信息化、网络安全主管部门的监督检查，如实提供所需的文档、记录和场所访问，并在{fix_time}内完成检查发现问题的整改，书面反馈整改结果。",
			"The Vendor shall accept supervision and inspection by the Client and by the competent information and cybersecurity authorities, truthfully provide the documents, records and access to premises they need, fix the findings within {fix_time}, and report the fixes in writing.",
		},
	},
	{
		ID: "sec.a9", Group: GroupSecurity, Clause: std("6.2.1 a) 9)"), Required: true,
		Params: []Param{pPenalty},
		Name:   Text{"意外终止或变更的罚则", "Penalties for unexpected termination or change"},
		Requirement: Text{
			"规定乙方擅自终止服务，或擅自变更服务内容、关键人员、服务地点时应承担的违约责任（违约金的数额或计算方法、损失赔偿）及继续配合交接的义务。",
			"Sets the Vendor's liability if it ends the service, or changes the service, its key staff or the place of service, without agreement: the amount or formula of the damages, compensation of losses, and the duty to keep cooperating in the handover.",
		},
		Wording: Text{
			"乙方未经甲方同意擅自终止服务，或擅自变更服务内容、关键人员或服务地点的，应向甲方支付合同总额{termination_penalty}的违约金；违约金不足以弥补甲方损失的，乙方应赔偿差额，并继续配合甲方完成服务交接。",
			"If the Vendor ends the service, or changes the service, its key staff or the place of service, without the Client's consent, it shall pay the Client liquidated damages of {termination_penalty} of the total contract value, compensate any loss beyond that amount, and keep cooperating until the service is handed over.",
		},
	},
	{
		ID: "sec.b", Group: GroupSecurity, Clause: std("6.2.1 b)"), Required: true,
		Params: []Param{pChangeNotice},
		Name:   Text{"影响因素变化后修订安全条款", "Revising the clauses when security factors change"},
		Requirement: Text{
			"约定在法律法规和标准、服务范围、系统和数据、乙方组织、股权或关键人员等信息安全影响因素变化后及时修订安全条款，并规定乙方通知其自身变化的时限。",
			"Provides that the security clauses are revised promptly when a factor affecting information security changes (law and standards, the scope of service, systems and data, the Vendor's organisation, ownership or key staff), with a deadline for the Vendor to notify changes on its side.",
		},
		Wording: Text{
			"信息安全影响因素（包括法律法规和标准、服务范围、系统和数据、乙方的组织结构、股权和关键人员等）发生变化时，双方应及时修订本合同信息安全条款并签订补充协议。乙方一方发生上述变化的，应在{change_notice_time}内书面通知甲方。",
			"When a factor affecting information security changes, including law and standards, the scope of service, the systems and data, and the Vendor's organisation, ownership and key staff, the parties shall promptly revise the security clauses of this contract by a supplementary agreement. The Vendor shall notify the Client in writing of any such change on its side within {change_notice_time}.",
		},
	},
	{
		ID: "sec.c", Group: GroupSecurity, Clause: std("6.2.1 c)"), Required: true,
		Params: []Param{pAckTime},
		Name:   Text{"安全条款告知服务人员", "Making the clauses known to the service personnel"},
		Requirement: Text{
			"要求乙方在服务人员上岗前及人员变动时告知其安全条款并留存签字确认，确认记录报甲方备查。",
			"Requires the Vendor to brief every service person on the security clauses before they start, and again on staff changes, keeping signed acknowledgements that are sent to the Client.",
		},
		Wording: Text{
			"乙方应在服务人员上岗前向其告知本合同信息安全条款并组织学习，由本人签字确认，确认记录在{ack_time}内报甲方备查；人员变动时同样办理。",
			"Before a service person starts work, the Vendor shall brief them on the security clauses of this contract and have them sign an acknowledgement; the acknowledgements are sent to the Client within {ack_time}. The same applies whenever staff change.",
		},
	},

	// 6.2.2 a) 1)–4): exit conditions.
	{
		ID: "exit.a1", Group: GroupExit, Clause: std("6.2.2 a) 1)"), Required: true,
		Params: []Param{pExitNotice},
		Name:   Text{"合同期满的正常退出条件", "Normal exit when the contract expires"},
		Requirement: Text{
			"定义合同期满时的正常退出：何时确认是否续约、何时提交退出计划、退出在何时完成。",
			"Defines the normal exit at expiry: when renewal is decided, when the exit plan is submitted and when the exit is completed.",
		},
		Wording: Text{
			"本合同期满前{exit_notice_time}，双方应确认是否续约；不续约的，乙方应在合同期满前提交服务退出计划，经甲方同意后按计划完成退出。",
			"No later than {exit_notice_time} before this contract expires, the parties decide on renewal. Without renewal, the Vendor submits a service exit plan before expiry and, once the Client approves it, completes the exit as planned.",
		},
	},
	{
		ID: "exit.a2", Group: GroupExit, Clause: std("6.2.2 a) 2)"), Required: true,
		Params: []Param{pFaultExit},
		Name:   Text{"服务错误未能及时处理的退出条件", "Exit when a failure is not resolved in time"},
		Requirement: Text{
			"定义服务发生错误且未能在有效时间内处理完成时的退出条件，写明该时间的长度以及甲方解除合同的权利和费用承担。",
			"Defines the exit when a service failure is not resolved within an effective time, states that time, the Client's right to terminate and who bears the costs.",
		},
		Wording: Text{
			"服务出现错误或安全问题，乙方未能在{fault_exit_time}内有效处理的，甲方有权解除合同并启动服务退出，由此产生的费用和损失由乙方承担。",
			"If a failure or security problem of the service is not effectively resolved by the Vendor within {fault_exit_time}, the Client may terminate the contract and start the exit; the Vendor bears the resulting costs and losses.",
		},
	},
	{
		ID: "exit.a3", Group: GroupExit, Clause: std("6.2.2 a) 3)"), Required: true,
		Name: Text{"协商一致撤销合同的退出条件", "Exit on cancellation by agreement"},
		Requirement: Text{
			"定义双方协商一致撤销合同时的退出：以书面协议约定退出时间表和各自责任，乙方的退出义务不因协商撤销而免除。",
			"Defines the exit when the parties agree to cancel the contract: a written agreement with the exit timetable and each side's duties; the Vendor's exit duties still apply.",
		},
		Wording: Text{
			"双方协商一致撤销本合同的，应签订书面协议，约定退出时间表和各自责任；乙方仍应履行本合同规定的全部退出义务。",
			"If the parties agree to cancel this contract, they shall sign a written agreement setting the exit timetable and each side's responsibilities; the Vendor remains bound by all exit duties of this contract.",
		},
	},
	{
		ID: "exit.a4", Group: GroupExit, Clause: std("6.2.2 a) 4)"), Required: true,
		Name: Text{"合同修改或调整的退出条件", "Exit when the contract is amended"},
		Requirement: Text{
			"定义合同内容修改或调整导致部分服务终止或转由他方提供时，该部分服务的退出方式。",
			"Defines how a part of the service exits when an amendment of the contract ends it or moves it to another provider.",
		},
		Wording: Text{
			"合同内容修改或调整导致部分服务终止或转由他方提供的，该部分服务按本合同退出条款办理退出。",
			"Where an amendment of this contract ends part of the service or moves it to another provider, that part exits under the exit clauses of this contract.",
		},
	},

	// 6.2.2 b) 1)–6): security management in the exit.
	{
		ID: "exit.b1", Group: GroupExit, Clause: std("6.2.2 b) 1)"), Required: true,
		Name: Text{"退出中及退出后的角色和职责", "Roles and responsibilities during and after the exit"},
		Requirement: Text{
			"针对不同退出条件，明确退出期间及退出后双方的管理角色和职责，包括各自的退出负责人。",
			"For each exit condition, names the management roles and responsibilities of both sides during and after the exit, including each side's exit lead.",
		},
		Wording: Text{
			"双方应在退出计划中针对不同退出情形，明确退出期间及退出后的管理角色和职责，并各指定一名退出负责人；乙方更换退出负责人须事先征得甲方同意。",
			"In the exit plan the parties set, for each exit situation, the management roles and responsibilities during and after the exit, and each names an exit lead; the Vendor may replace its exit lead only with the Client's prior consent.",
		},
	},
	{
		ID: "exit.b2", Group: GroupExit, Clause: std("6.2.2 b) 2)"), Required: true,
		Name: Text{"退出期间维持安全质量", "Security maintained during the exit"},
		Requirement: Text{
			"要求退出期间继续满足合同规定的全部信息安全要求和服务水平，直至交接完成并经甲方确认。",
			"Requires every security requirement and service level of the contract to be kept during the exit, until the handover is complete and the Client confirms it.",
		},
		Wording: Text{
			"退出期间，乙方应继续满足本合同规定的全部信息安全要求和服务水平，直至交接完成并经甲方书面确认。",
			"During the exit the Vendor shall keep meeting every security requirement and service level of this contract until the handover is complete and confirmed by the Client in writing.",
		},
	},
	{
		ID: "exit.b3", Group: GroupExit, Clause: std("6.2.2 b) 3)"), Required: true,
		Params: []Param{pHandover},
		Name:   Text{"退还服务涉及的全部文档", "Return of all documents of the service"},
		Requirement: Text{
			"要求乙方在退出时按清单退还服务涉及的全部文档（设计、配置、运维记录、账号口令清单等），规定时限并由双方签字确认。",
			"Requires the Vendor to return, against a list, every document of the service (designs, configurations, operation records, account and password lists) by a deadline, confirmed by both sides' signatures.",
		},
		Wording: Text{
			"服务退出时，乙方应在{handover_time}内将服务涉及的全部文档（包括设计、配置、运维记录、账号口令清单等）按移交清单交还甲方，双方签字确认。",
			"On exit the Vendor shall hand back to the Client, within {handover_time}, every document of the service (including designs, configurations, operation records and lists of accounts and passwords) against a handover list signed by both parties.",
		},
	},
	{
		ID: "exit.b4", Group: GroupExit, Clause: std("6.2.2 b) 4)"), Required: true,
		Params: []Param{pConfPeriod},
		Name:   Text{"合同终止后的保密要求", "Confidentiality after termination"},
		Requirement: Text{
			"规定合同终止后乙方及其服务人员对服务内容和信息继续承担保密义务及其期限。",
			"Keeps the Vendor and its service personnel bound to confidentiality about the service and its information after the contract ends, and for how long.",
		},
		Wording: Text{
			"本合同终止后，乙方及其服务人员对服务内容和服务中知悉的信息仍负保密义务，期限为合同终止后{confidentiality_period}；涉及国家秘密的，按国家有关规定执行。",
			"After this contract ends, the Vendor and its service personnel remain bound to keep the service and the information learned in it confidential for {confidentiality_period}; state secrets are protected as the national rules require.",
		},
	},
	{
		ID: "exit.b5", Group: GroupExit, Clause: std("6.2.2 b) 5)"), Required: true,
		Params: []Param{pDeletion},
		Name:   Text{"有效清除或移除政府数据", "Effective deletion or removal of the department's data"},
		Requirement: Text{
			"要求乙方在交接完成后以不可恢复的方式清除其掌握的甲方全部数据（含备份和副本），规定时限并提交书面确认，确保数据不被其他组织或个人获取、公开。",
			"Requires the Vendor, after the handover, to erase beyond recovery all of the Client's data it holds (backups and copies included) by a deadline, with written confirmation, so that no other organisation or person can obtain or publish it.",
		},
		Wording: Text{
			"交接完成后{deletion_time}内，乙方应以不可恢复的方式清除其掌握的甲方全部数据（包括备份和副本），并向甲方提交书面销毁确认，确保甲方数据不被其他组织或个人获取或公开。",
			"Within {deletion_time} of the handover the Vendor shall erase, beyond recovery, all of the Client's data it holds, backups and copies included, and give the Client a written confirmation of the destruction, so that no other organisation or person can obtain or publish the data.",
		},
	},
	{
		ID: "exit.b6", Group: GroupExit, Clause: std("6.2.2 b) 6)"), Required: true,
		Name: Text{"突发情况下继续雇佣服务人员的权利", "Right to keep the service staff in an emergency"},
		Requirement: Text{
			"保留甲方在服务失败、乙方破产等突发情况下继续聘用原服务人员开展服务的权利，乙方不得阻碍。",
			"Keeps the Client's right, if the service fails or the Vendor goes bankrupt, to go on engaging the same service personnel to continue the service, without obstruction by the Vendor.",
		},
		Wording: Text{
			"服务失败、乙方破产或出现其他使服务无法继续的突发情况时，甲方有权直接或通过其他机构继续聘用原服务人员，保障服务不中断；乙方不得以竞业限制或其他约定加以阻碍。",
			"If the service cannot continue because it has failed, the Vendor is bankrupt or another emergency occurs, the Client keeps the right to go on engaging the same service personnel to continue the service; the Vendor shall not obstruct this by non-compete or other terms.",
		},
	},

	// 6.2.2 c) 1)–6): technical requirements of the exit.
	{
		ID: "exit.c1", Group: GroupExit, Clause: std("6.2.2 c) 1)"), Required: true,
		Params: []Param{pExitReport},
		Name:   Text{"查看退出进展的技术手段", "Means to follow the exit's progress"},
		Requirement: Text{
			"要求乙方提供甲方查看退出进展的技术手段和资源（进度报告、交接台账、必要的访问权限），并规定报告周期。",
			"Requires the Vendor to give the Client technical means and resources to follow the exit (progress reports, a handover register, the access needed), at a set reporting period.",
		},
		Wording: Text{
			"退出期间，乙方应向甲方提供查看退出进展的技术手段和资源，包括进度报告、交接工作台账和必要的系统访问权限，并至少每{exit_report_period}报告一次退出进展。",
			"During the exit the Vendor shall give the Client the technical means and resources to follow its progress, including progress reports, a handover register and the system access needed, and report on the progress at least once every {exit_report_period}.",
		},
	},
	{
		ID: "exit.c2", Group: GroupExit, Clause: std("6.2.2 c) 2)"), Required: true,
		Name: Text{"最终交换的技术程序、角色和责任", "Procedure, roles and duties of the final exchange"},
		Requirement: Text{
			"规定最终信息交换或信息技术资源交接的技术程序、参与角色和责任，包括导出格式、完整性校验方法和验收标准。",
			"Sets the technical procedure, roles and responsibilities of the final exchange of information or IT resources, including export formats, integrity checks and acceptance criteria.",
		},
		Wording: Text{
			"双方应在退出计划中规定最终信息交换和信息技术资源交接的技术步骤、参与角色和责任，包括数据导出格式、完整性校验方法和交接验收标准。",
			"The exit plan sets the technical steps, roles and responsibilities of the final exchange of information and hand-over of IT resources, including the data export formats, how integrity is checked and the acceptance criteria.",
		},
	},
	{
		ID: "exit.c3", Group: GroupExit, Clause: std("6.2.2 c) 3)"), Required: true,
		Params: []Param{pParallel},
		Name:   Text{"交接前的并行服务", "Parallel service before the final handover"},
		Requirement: Text{
			"要求乙方在最终交接前提供一段并行服务，以解决退出过程中的技术问题，并写明并行期长度。",
			"Requires the Vendor to run the service in parallel for a stated period before the final handover, to solve technical problems of the exit.",
		},
		Wording: Text{
			"最终交接前，乙方应与甲方或新的服务机构并行提供服务不少于{parallel_time}，及时解决退出过程中出现的技术问题。",
			"Before the final handover the Vendor shall run the service in parallel with the Client or the new provider for at least {parallel_time} and promptly solve any technical problem of the exit.",
		},
	},
	{
		ID: "exit.c4", Group: GroupExit, Clause: std("6.2.2 c) 4)"), Required: true,
		Name: Text{"备案服务手段和资源", "Record of the service's means and resources"},
		Requirement: Text{
			"要求乙方向甲方书面备案提供服务所用的技术手段和资源（工具、远程访问通道、账号、设备），并在变更时更新。",
			"Requires the Vendor to record with the Client, in writing, the technical means and resources it uses for the service (tools, remote access channels, accounts, equipment) and to keep the record up to date.",
		},
		Wording: Text{
			"乙方应向甲方书面备案其提供服务所使用的技术手段和资源，包括工具软件、远程访问通道、账号和设备等，发生变更时及时更新备案。",
			"The Vendor shall record with the Client, in writing, the technical means and resources it uses for the service, including software tools, remote access channels, accounts and equipment, and update the record whenever they change.",
		},
	},
	{
		ID: "exit.c5", Group: GroupExit, Clause: std("6.2.2 c) 5)"), Required: true,
		Params: []Param{pAccounts},
		Name:   Text{"及时删除子账户和子功能", "Prompt removal of sub-accounts and sub-functions"},
		Requirement: Text{
			"要求乙方在退出时于规定时限内删除或移交服务中创建的子账户、子功能和访问权限，并提交清理记录。",
			"Requires the Vendor, on exit and by a deadline, to remove or hand over every sub-account, sub-function and access right created in the service, and to submit a record of the clean-up.",
		},
		Wording: Text{
			"服务退出时，乙方应在{account_removal_time}内删除或移交服务中创建的全部子账户、子功能和访问权限，并向甲方提交清理记录。",
			"On exit the Vendor shall, within {account_removal_time}, remove or hand over every sub-account, sub-function and access right created in the service and give the Client a record of the clean-up.",
		},
	},
	{
		ID: "exit.c6", Group: GroupExit, Clause: std("6.2.2 c) 6)"), Required: true,
		Name: Text{"备案服务产生的附加记录", "Record of additional records of the service"},
		Requirement: Text{
			"要求乙方整理并备案服务中产生的附加记录，如培训记录和信息技术资源配置记录，并移交甲方。",
			"Requires the Vendor to compile and record the additional records of the service, such as training records and IT resource configurations, and hand them to the Client.",
		},
		Wording: Text{
			"服务中形成的培训记录、信息技术资源配置记录等附加记录，乙方应整理成册，向甲方备案并随交接一并移交。",
			"The Vendor shall compile the additional records produced in the service, including training records and records of IT resource configurations, record them with the Client and hand them over.",
		},
	},

	// Seed 001 6.6.1 a)–g), 6.6.2, 6.6.3: the cloud service contract.
	{
		ID: "cloud.a", Group: GroupCloud, Clause: cloud("6.6.1 a)"), Cloud: true, Required: true,
		Params: []Param{pDeployment},
		Name:   Text{"部署模式、责任边界、SLA 和保密", "Deployment model, responsibility boundary, SLA and confidentiality"},
		Requirement: Text{
			"明确云服务的部署模式，划分甲方与云服务商的安全责任边界，约定服务水平协议、双方安全权利义务和保密协议。",
			"States the cloud deployment model, draws the boundary of security responsibilities between the Client and the cloud provider, and provides for the SLA, both sides' security rights and duties, and the NDA.",
		},
		Wording: Text{
			"本合同云计算服务采用{deployment_model}部署模式。乙方负责云平台物理环境、网络、主机和虚拟化等层面的安全，甲方负责其业务系统和数据的安全管理，具体分工以安全责任划分表为准。服务水平协议和保密协议为本合同附件，与本合同具有同等效力。",
			"The cloud service of this contract uses the {deployment_model} deployment model. The Vendor is responsible for the security of the platform's premises, network, hosts and virtualisation; the Client for the security management of its business systems and data, as detailed in the table of security responsibilities. The SLA and the NDA are annexes of this contract, with the same force.",
		},
	},
	{
		ID: "cloud.b", Group: GroupCloud, Clause: cloud("6.6.1 b)"), Cloud: true, Required: true,
		Name: Text{"供应链服务商合同的安全条款", "Security terms of supply-chain providers' contracts"},
		Requirement: Text{
			"甲方与系统集成商、网站开发商、安全服务商等供应链服务商的合同中，同样明确安全责任边界、保密条款和双方安全权利义务。",
			"The Client's contracts with its supply-chain providers (system integrators, website developers, security service providers) also set the security responsibility boundaries, confidentiality terms and both sides' security rights and duties.",
		},
		Wording: Text{
			"甲方与系统集成商、网站开发商、安全服务商等供应链服务商签订的合同，应同样明确各方安全责任边界、保密条款和安全权利义务；乙方应配合甲方厘清其与上述服务商之间的责任分工。",
			"The Client's contracts with system integrators, website developers, security service providers and other supply-chain providers likewise set each party's security responsibilities, confidentiality terms and security rights and duties; the Vendor shall help the Client settle the division of responsibilities between itself and those providers.",
		},
	},
	{
		ID: "cloud.c", Group: GroupCloud, Clause: cloud("6.6.1 c)"), Cloud: true, Required: true,
		Name: Text{"不使用含恶意代码或假冒的产品", "No products with malicious code, no counterfeits"},
		Requirement: Text{
			"包含云服务商和供应链服务商关于不使用含恶意代码的产品或假冒产品的声明，以及违反声明的责任。",
			"Contains the cloud and supply-chain providers' declaration that they use no product containing malicious code and no counterfeit product, and their liability if they do.",
		},
		Wording: Text{
			"乙方声明并保证，其为本合同服务提供或使用的软硬件产品不含恶意代码，且不是假冒产品；违反本声明给甲方造成损失的，由乙方承担赔偿责任。",
			"The Vendor declares and warrants that no hardware or software product it supplies or uses for this service contains malicious code or is counterfeit, and compensates the Client for any loss if this declaration proves untrue.",
		},
	},
	{
		ID: "cloud.d", Group: GroupCloud, Clause: cloud("6.6.1 d)"), Cloud: true, Required: true,
		Name: Text{"资产（数据和文档）所有权", "Ownership of assets, data and documents"},
		Requirement: Text{
			"明确资产的所有权，资产包括甲方提供的资料，以及甲方业务系统在云平台运行中产生的数据和文档。",
			"States who owns the assets, including what the Client provides and the data and documents its business systems produce while running on the platform.",
		},
		Wording: Text{
			"本合同项下甲方交付乙方的数据、文档和其他资源，连同甲方业务系统在云平台上运行期间收集、生成和保存的全部数据与文档，其所有权属于甲方。",
			"The data, documents and other resources the Client provides to the Vendor, and the data and documents its business systems collect, produce and store while running on the cloud platform, are owned by the Client.",
		},
	},
	{
		ID: "cloud.e", Group: GroupCloud, Clause: cloud("6.6.1 e)"), Cloud: true, Required: true,
		Params: []Param{pSLAEmerg},
		Name:   Text{"数据的保密性、完整性和可用性", "Confidentiality, integrity and availability of the data"},
		Requirement: Text{
			"要求云服务商以管理和技术措施保障甲方在云平台上数据的保密性、完整性和可用性（隔离、加密、备份），并及时报告影响数据的安全事件。",
			"Requires the cloud provider to protect the confidentiality, integrity and availability of the Client's data on the platform by management and technical measures (isolation, encryption, backups) and to report promptly any incident affecting the data.",
		},
		Wording: Text{
			"乙方应采取有效的管理和技术措施，保障甲方在云平台上数据的保密性、完整性和可用性，将甲方数据与其他客户的数据隔离，按服务水平协议进行备份。发生影响甲方数据的安全事件时，乙方应在{sla_emergency_minutes}内通知甲方。",
			"The Vendor shall protect the confidentiality, integrity and availability of the Client's data on the cloud platform by effective management and technical measures, keep it isolated from other customers' data and back it up as the SLA provides. The Vendor notifies the Client of any security incident affecting the Client's data within {sla_emergency_minutes}.",
		},
	},
	{
		ID: "cloud.f", Group: GroupCloud, Clause: cloud("6.6.1 f)"), Cloud: true, Required: true,
		Name: Text{"云服务退出条件和退出责任", "Exit conditions and duties of the cloud service"},
		Requirement: Text{
			"约定云计算服务的退出条件，以及退出阶段双方的责任（迁移配合、迁移完成前不中断服务、不删除数据）。",
			"Sets the conditions for leaving the cloud service and both sides' duties in the exit (help with migration, no interruption and no deletion of data before the migration is complete).",
		},
		Wording: Text{
			"合同期满不再续约、乙方严重违约或不能满足安全要求、双方协商一致的，甲方可退出云计算服务。退出阶段乙方应配合甲方完成数据和业务迁移；迁移完成并经甲方确认前，乙方不得中断服务或删除甲方数据。",
			"The Client may leave the cloud service when the contract expires without renewal, when the Vendor seriously breaches it or cannot meet the security requirements, or by agreement. During the exit the Vendor shall help migrate the Client's data and services, and shall neither interrupt the service nor delete the Client's data before the migration is complete and confirmed by the Client.",
		},
	},
	{
		ID: "cloud.g", Group: GroupCloud, Clause: cloud("6.6.1 g)"), Cloud: true, Required: true,
		Name: Text{"不得窃取、修改客户数据", "No theft or alteration of the Client's data"},
		Requirement: Text{
			"明确云服务商和供应链服务商不得窃取或修改甲方的数据资料，以及违反时的责任。",
			"States that the cloud and supply-chain providers shall not steal or alter the Client's data and records, and their liability if they do.",
		},
		Wording: Text{
			"乙方及其分包方、供应链服务商不得窃取或篡改甲方的数据资料；违反的，甲方有权解除合同并依法追究其责任。",
			"Neither the Vendor nor its subcontractors or supply-chain providers shall steal or alter the Client's data or records; if they do, the Client may terminate the contract and pursue them as the law allows.",
		},
	},
	{
		ID: "cloud.sla", Group: GroupCloud, Clause: cloud("6.6.2"), Cloud: true, Required: true,
		Params: []Param{pSLAPenalty},
		Name:   Text{"服务水平协议（SLA）", "Service level agreement (SLA)"},
		Requirement: Text{
			"以服务水平协议为合同附件；每项指标与服务需求对应并给出明确参数（见 SLA 指标表），所用术语和指标均有定义；约定未达指标的赔偿。",
			"Annexes an SLA in which every indicator matches a requirement of the service and has an explicit value (see the SLA indicator table), every term and indicator is defined, and compensation for a missed level is agreed.",
		},
		Wording: Text{
			"服务水平协议为本合同附件，其中每项指标均给出明确参数并对所用术语作出定义。因乙方原因未达到约定指标的，乙方按当月服务费的{sla_penalty}向甲方赔偿。",
			"The SLA is an annex of this contract; it gives every indicator an explicit value and defines the terms it uses. If the Vendor misses an agreed level for a reason of its own, it compensates the Client with {sla_penalty} of that month's service fee.",
		},
	},
	{
		ID: "cloud.nda", Group: GroupCloud, Clause: cloud("6.6.3"), Cloud: true, Required: true,
		Params: []Param{pStaffChange},
		Name:   Text{"保密协议（机构及员工）", "NDAs of the providers and their staff"},
		Requirement: Text{
			"可接触甲方信息或掌握其业务运行信息的服务商与甲方签订保密协议，其可接触上述信息的员工也签订保密协议，并作为合同附件。",
			"Every provider that can access the Client's information or knows how its business runs signs an NDA with the Client, as does each of its employees with such access; the NDAs are annexes of the contract.",
		},
		Wording: Text{
			"乙方以及可接触甲方信息或掌握甲方业务运行信息的乙方员工，均应与甲方签订保密协议，保密协议作为本合同附件。上述员工发生变动的，乙方应在{staff_change_time}内安排新员工补签并报甲方。",
			"The Vendor, and each of its employees who can access the Client's information or knows how the Client's business runs, signs an NDA with the Client; the NDAs are annexes of this contract. When such staff change, the Vendor has the new employees sign within {staff_change_time} and informs the Client.",
		},
	},

	// Seed 001 annex A, sample cloud service contract: data protections.
	{
		ID: "data.ownership", Group: GroupData, Clause: cloud("附录 A 合同范本 5.4"), Cloud: true,
		Name: Text{"数据归属与支配权", "The Client's rights over its data"},
		Requirement: Text{
			"保证甲方随时访问、使用、导出和处置其数据和文档的权利，并以通用格式提供导出，保障可迁移性。",
			"Guarantees the Client's right to access, use, export and dispose of its data and documents at any time, with export in common formats so that they can be moved.",
		},
		Wording: Text{
			"甲方随时有权访问、使用、导出和处置其数据和文档；乙方应以通用、可读的格式提供导出，保障甲方数据的可迁移性和互操作性。",
			"The Client may access, use, export and dispose of its data and documents at any time; the Vendor provides exports in common, readable formats and keeps the Client's data portable and interoperable.",
		},
	},
	{
		ID: "data.no_access", Group: GroupData, Clause: cloud("附录 A 合同范本 5.7"), Cloud: true,
		Params: []Param{pSLALogs},
		Name:   Text{"未经授权不得访问、修改、披露或转让", "No access, change, disclosure or transfer without authorisation"},
		Requirement: Text{
			"禁止乙方未经甲方授权访问、修改、披露、利用、转让或销毁甲方数据，经授权的操作留存日志。",
			"Forbids the Vendor to access, change, disclose, use, transfer or destroy the Client's data without the Client's authorisation, and requires authorised operations to be logged.",
		},
		Wording: Text{
			"乙方对甲方数据的任何访问、修改、披露、利用、转让或销毁，均须事先取得甲方书面授权；经授权的每次操作均应记录日志，日志保存{sla_log_retention}。",
			"Without the Client's written authorisation the Vendor shall not access, change, disclose, use, transfer or destroy the Client's data; authorised operations are logged and the logs kept for {sla_log_retention}.",
		},
	},
	{
		ID: "data.no_foreign", Group: GroupData, Clause: cloud("附录 A 合同范本 5.6"), Cloud: true,
		Name: Text{"不向境外提供数据", "No data to foreign authorities"},
		Requirement: Text{
			"禁止乙方依据外国法律或外国司法、执法要求向外国政府或机构提供甲方数据及相关信息，收到此类要求时报告甲方。",
			"Forbids the Vendor to give the Client's data or related information to a foreign government or body under foreign law or a foreign judicial or enforcement demand, and requires it to report any such demand.",
		},
		Wording: Text{
			"无论依据何种外国法律或外国司法、执法机构的要求，乙方均不得向境外政府或机构提供甲方数据及相关信息；收到此类要求的，应立即报告甲方。",
			"The Vendor shall not provide the Client's data or related information to a foreign government or body under foreign law or at the demand of a foreign judicial or enforcement authority, and shall report any such demand to the Client at once.",
		},
	},
	{
		ID: "data.no_hostage", Group: GroupData, Clause: cloud("附录 A 合同范本 5.9, 5.10"), Cloud: true,
		Name: Text{"不以数据相要挟", "No holding data hostage"},
		Requirement: Text{
			"禁止乙方以持有甲方数据相要挟，要求其配合数据和业务的迁移和退出，并在纠纷期间继续保障数据安全。",
			"Forbids the Vendor to use the Client's data as leverage, requires it to help migrate data and services on exit, and to keep the data safe while a dispute lasts.",
		},
		Wording: Text{
			"乙方不得借控制甲方数据向甲方施压或提出额外条件，不得以费用争议等理由拒绝交还或迁移数据；发生纠纷时，乙方在纠纷解决前仍应保障甲方数据的安全和可用，并配合甲方完成数据和业务迁移。",
			"The Vendor shall not use the Client's data as leverage, nor refuse to return or migrate it on account of a fee dispute or any other reason; while a dispute lasts the Vendor keeps the Client's data safe and available and helps migrate the data and services.",
		},
	},
	{
		ID: "data.handover", Group: GroupData, Clause: cloud("附录 A 合同范本 5.23"), Cloud: true,
		Params: []Param{pHandover},
		Name:   Text{"数据移交清单", "Data handover list"},
		Requirement: Text{
			"要求乙方在退出时编制移交清单，覆盖甲方提供的资料和运行期间产生、收集的数据和文档（含历史和归档数据），逐项注明名称、说明、格式、大小、校验值和是否敏感，并按清单交还。",
			"Requires the Vendor, on exit, to draw up a handover list covering what the Client provided and the data and documents produced or collected while running (historical and archived data included), each with name, description, format, size, checksum and whether it is sensitive, and to return everything on it.",
		},
		Wording: Text{
			"甲方退出云计算服务时，乙方应编制移交清单，列明甲方提供的文档资料以及甲方业务系统运行期间产生、收集的数据和文档（含历史数据和归档数据），逐项注明名称、说明、格式、大小、校验值以及是否敏感，并在{handover_time}内按清单全部交还甲方。",
			"When the Client leaves the cloud service, the Vendor draws up a handover list of the documents the Client provided and of the data and documents its business systems produced or collected while running, historical and archived data included, giving for each its name, description, format, size, checksum and whether it is sensitive, and returns everything on the list to the Client within {handover_time}.",
		},
	},
	{
		ID: "data.deletion", Group: GroupData, Clause: cloud("附录 A 合同范本 5.24"), Cloud: true,
		Params: []Param{pDeletion},
		Name:   Text{"删除全部副本并清理介质", "Deletion of all copies and clearing of media"},
		Requirement: Text{
			"要求乙方在甲方退出后彻底删除甲方数据及全部备份，彻底清理存储介质，介质重用前清除或物理销毁，并提交记录。",
			"Requires the Vendor, after the Client leaves, to delete the Client's data and every backup, clear the storage media, wipe or physically destroy media before reuse, and submit a record.",
		},
		Wording: Text{
			"甲方退出后{deletion_time}内，乙方应彻底删除甲方数据及其全部备份，对存储过甲方数据的介质进行彻底清除；介质再次使用前应再次清除，无法清除的应物理销毁，并向甲方提交销毁记录。",
			"Within {deletion_time} of the Client leaving, the Vendor deletes the Client's data and all its backups and thoroughly clears every medium that held it; a medium is cleared again before reuse, or physically destroyed if it cannot be, and the Vendor gives the Client a record of the destruction.",
		},
	},

	// 6.4 b) 1)–5) and seed 001 annex 3: what an NDA contains.
	{
		ID: "nda.b1", Group: GroupNDA, Clause: std("6.4 b) 1)"), Required: true,
		Name: Text{"不得自行分包", "No subcontracting on one's own"},
		Requirement: Text{
			"禁止未经甲方同意将服务全部或部分分包或转交他人。",
			"Forbids subcontracting or passing on all or part of the service without the Client's consent.",
		},
		Wording: Text{
			"未经甲方书面同意，乙方不得将本协议所涉服务的全部或任何部分分包或转交第三方。",
			"Without the Client's written consent, the Vendor shall not subcontract or pass to a third party all or any part of the service this agreement concerns.",
		},
	},
	{
		ID: "nda.b2", Group: GroupNDA, Clause: std("6.4 b) 2)"), Required: true,
		Params: []Param{pConfPeriod},
		Name:   Text{"不得泄露、扩散、转让保密信息", "No disclosure, spreading or transfer of confidential information"},
		Requirement: Text{
			"禁止泄露、扩散、转让服务中获知的安全保密信息或将其用于协议以外的目的，并写明协议终止后的保密期限。",
			"Forbids disclosing, spreading or transferring confidential information learned in the service, or using it outside the agreement, and states how long the duty lasts after the agreement ends.",
		},
		Wording: Text{
			"乙方不得泄露、扩散或转让在服务过程中获知的任何保密信息，不得将其用于本协议以外的目的。本条义务在本协议终止后{confidentiality_period}内继续有效。",
			"The Vendor shall not disclose, spread or transfer any confidential information learned in the service, nor use it for any purpose outside this agreement. This duty continues for {confidentiality_period} after this agreement ends.",
		},
	},
	{
		ID: "nda.b3", Group: GroupNDA, Clause: std("6.4 b) 3)"), Required: true,
		Params: []Param{pNotifyHours},
		Name:   Text{"防止泄密扩大的控制措施", "Measures to contain a leak"},
		Requirement: Text{
			"规定发现泄密或可能泄密时为防止扩大应采取的控制措施及报告时限。",
			"Sets the measures to take to keep a known or possible leak from spreading, and the deadline for reporting it.",
		},
		Wording: Text{
			"乙方发现保密信息已经或可能泄露的，应立即采取封存资料、停止访问、追回副本等措施防止扩大，并在{notify_hours}内报告甲方。",
			"On finding that confidential information has or may have leaked, the Vendor shall at once seal the material, stop access and recover copies to keep the leak from spreading, and report to the Client within {notify_hours}.",
		},
	},
	{
		ID: "nda.b4", Group: GroupNDA, Clause: std("6.4 b) 4)"), Required: true,
		Params: []Param{pNDAPenalty},
		Name:   Text{"损失或泄露保密信息的罚则", "Penalties for losing or leaking confidential information"},
		Requirement: Text{
			"规定遗失或泄露甲方安全保密信息时的违约金、损失赔偿和法律责任。",
			"Sets the liquidated damages, compensation and legal liability for losing or leaking the Client's confidential information.",
		},
		Wording: Text{
			"乙方遗失或泄露甲方保密信息的，应向甲方支付违约金{nda_penalty}，并赔偿由此给甲方造成的全部损失；涉嫌犯罪的，依法移送有关机关处理。",
			"If the Vendor loses or leaks the Client's confidential information, it pays the Client liquidated damages of {nda_penalty} and compensates every loss this causes; a suspected crime is referred to the authorities as the law provides.",
		},
	},
	{
		ID: "nda.b5", Group: GroupNDA, Clause: std("6.4 b) 5)"), Required: true,
		Name: Text{"其他保密规定和标准的要求", "Other confidentiality rules and standards"},
		Requirement: Text{
			"要求遵守国家保密法律法规、甲方保密制度及相关标准的其他保密要求。",
			"Requires compliance with the other confidentiality requirements of national law, the Client's own rules and the applicable standards.",
		},
		Wording: Text{
			"乙方还应遵守国家保密法律法规、甲方保密管理制度以及相关标准规定的其他保密要求。",
			"The Vendor also complies with the other confidentiality requirements of national law and regulations, the Client's confidentiality rules and the applicable standards.",
		},
	},
	{
		ID: "nda.scope", Group: GroupNDA, Clause: cloud("6.6.3; 附录 A 附件 3"), Cloud: true, Required: true,
		Name: Text{"云服务保密范围", "Scope of confidential information (cloud)"},
		Requirement: Text{
			"界定保密信息的范围：甲方提供的数据和资料，甲方系统在云平台运行中收集、产生、存储的数据和文档，以及技术、业务和安全信息；并规定第三方要求披露时的处理。",
			"Defines the confidential information: data and material the Client provides, data and documents its systems collect, produce and store on the platform, and technical, business and security information; and what to do when a third party asks for it.",
		},
		Wording: Text{
			"本协议所称保密信息包括：（一）甲方交给乙方的数据和资料；（二）甲方系统在云平台上运行期间形成或保存的数据和文档，例如数据文件、源代码和程序、说明文档、技术资料、运行日志；（三）与甲方业务有关的技术信息和业务信息（人员、财务、计划、资源用量、通信流量等）；（四）账号、口令、密钥、授权等安全信息。第三方要求披露上述信息的，乙方不得响应并应立即报告甲方；依法必须披露的，乙方应立即通知甲方并作出说明。",
			"Confidential information under this agreement includes: the data and material the Client provides; the data and documents the Client's systems collect, produce and store on the cloud platform, such as data files, program code, manuals, technical material and operation logs; technical and business information about the Client's work (staff, finance, plans, resource use, traffic volumes); and security information such as accounts, passwords, keys and authorisations. The Vendor does not answer a third party's request for such information and reports it to the Client at once; where the law compels disclosure, the Vendor notifies the Client immediately and explains.",
		},
	},
}
