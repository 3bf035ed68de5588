package contract

import "outsec/model"

// SLAIndicator is one service quality indicator of the cloud service level
// agreement (seed 001 6.6.2 and the indicator table of its annex 2): what it
// measures, defined so that it cannot be read two ways (6.6.2 b)), and the
// target with explicit parameters (6.6.2 a)), editable per engagement
// (Contract.Params).
type SLAIndicator struct {
	// ID is stable ("power", "fault1", "backup").
	ID string
	// Name is the indicator's name; Definition what it measures; Target its
	// agreed value with {parameters}.
	Name, Definition, Target Text
	Params                   []Param
}

// Clause is the clause the SLA indicators come from.
func (s SLAIndicator) Clause() model.Clause { return ClauseCloudSLA }

// Title is the indicator's name in lang.
func (s SLAIndicator) Title(lang string) string { return s.Name.In(lang) }

// Define is the indicator's definition in lang, with its parameters filled
// from params (Contract.Values).
func (s SLAIndicator) Define(lang string, params map[string]string) string {
	return Fill(s.Definition.In(lang), lang, params)
}

// TargetText is the agreed value in lang with its parameters filled from
// params; a parameter without a value shows Blank.
func (s SLAIndicator) TargetText(lang string, params map[string]string) string {
	return Fill(s.Target.In(lang), lang, params)
}

// SLAIndicators is the indicator table of the cloud SLA, in the order of
// seed 001 annex 2.
func SLAIndicators() []SLAIndicator { return append([]SLAIndicator(nil), slaIndicators...) }

// SLAIndicatorByID finds an indicator.
func SLAIndicatorByID(id string) (SLAIndicator, bool) {
	for _, s := range slaIndicators {
		if s.ID == id {
			return s, true
		}
	}
	return SLAIndicator{}, false
}

var (
	unitHours   = Text{"小时", "hour|hours"}
	unitMinutes = Text{"分钟", "minute|minutes"}

	pSLAPower   = Param{"sla_power", Text{"电力持续供应率", "Continuity of power supply"}, Text{}, "99.99", KindPercent}
	pSLANetwork = Param{"sla_network", Text{"网络联通率", "Network connectivity"}, Text{}, "99.9", KindPercent}
	pSLAServer  = Param{"sla_server", Text{"服务器无故障率", "Failure-free rate of servers"}, Text{}, "99.9", KindPercent}
	pSLAFault1R = Param{"sla_fault1_rate", Text{"一级故障解决率", "Resolution rate of level-1 faults"}, Text{}, "95", KindPercent}
	pSLAFault1H = Param{"sla_fault1_hours", Text{"一级故障解决时限", "Time limit for resolving a level-1 fault"}, unitHours, "4", KindNumber}
	pSLAFault2R = Param{"sla_fault2_rate", Text{"二级故障解决率", "Resolution rate of level-2 faults"}, Text{}, "95", KindPercent}
	pSLAFault2H = Param{"sla_fault2_hours", Text{"二级故障解决时限", "Time limit for resolving a level-2 fault"}, unitHours, "8", KindNumber}
	pSLAHours   = Param{"sla_service_hours", Text{"客户服务时间", "Customer service hours"}, Text{}, "7×24", KindText}
	pSLAResp    = Param{"sla_response_minutes", Text{"服务响应时限", "Response time limit"}, unitMinutes, "15", KindNumber}
	pSLABackupP = Param{"sla_backup_period", Text{"备份周期", "Backup period"}, Text{}, "1d", KindDuration}
	pSLABackupN = Param{"sla_backup_times", Text{"每周期备份次数", "Backups per period"}, Text{"次", "backup|backups"}, "1", KindNumber}
	pSLABackupR = Param{"sla_backup_retention", Text{"备份数据保留时间", "Retention of backup data"}, Text{}, "30d", KindDuration}
	pSLALogs    = Param{"sla_log_retention", Text{"日志保留时间", "Retention of logs"}, Text{}, "6mo", KindDuration}
	pSLAEmerg   = Param{"sla_emergency_minutes", Text{"紧急情况报告时限", "Time limit for reporting an emergency"}, unitMinutes, "30", KindNumber}
	pSLATrain   = Param{"sla_training", Text{"每年免费培训次数", "Free training sessions a year"}, Text{"次", "session|sessions"}, "2", KindNumber}
)

// slaIndicators: the indicators and their order are those of seed 001 annex 2;
// the definitions are the project's own wording.
var slaIndicators = []SLAIndicator{
	{
		ID:   "power",
		Name: Text{"电力持续供应", "Continuity of power supply"},
		Definition: Text{
			"统计期内，云平台向甲方系统提供市电或不间断电源（UPS）供电的时间占总时间的比例。",
			"The share of the period during which the cloud platform supplies mains or UPS power to the Client's systems.",
		},
		Target: Text{"≥ {sla_power}", "≥ {sla_power}"},
		Params: []Param{pSLAPower},
	},
	{
		ID:   "network",
		Name: Text{"网络联通性", "Network connectivity"},
		Definition: Text{
			"统计期内，云平台网络设备与甲方网站保持连通的时间占总时间的比例。",
			"The share of the period during which the cloud platform's network equipment stays connected to the Client's website.",
		},
		Target: Text{"≥ {sla_network}", "≥ {sla_network}"},
		Params: []Param{pSLANetwork},
	},
	{
		ID:   "server",
		Name: Text{"服务器无故障率", "Failure-free rate of servers"},
		Definition: Text{
			"甲方系统无故障运行的时间与系统运行总时间之比。",
			"The time the Client's systems run without a failure, divided by their total running time.",
		},
		Target: Text{"≥ {sla_server}", "≥ {sla_server}"},
		Params: []Param{pSLAServer},
	},
	{
		ID:   "fault1",
		Name: Text{"一级故障解决率", "Resolution rate of level-1 faults"},
		Definition: Text{
			"一级故障指甲方整个系统无法使用的故障。解决率为在{sla_fault1_hours}内解决的一级故障次数占全部一级故障次数的比例。",
			"A level-1 fault is one that makes the Client's whole system unusable. The rate is the number of level-1 faults resolved within {sla_fault1_hours}, divided by the number of all level-1 faults.",
		},
		Target: Text{"≥ {sla_fault1_rate}（{sla_fault1_hours}内解决）", "≥ {sla_fault1_rate} (resolved within {sla_fault1_hours})"},
		Params: []Param{pSLAFault1R, pSLAFault1H},
	},
	{
		ID:   "fault2",
		Name: Text{"二级故障解决率", "Resolution rate of level-2 faults"},
		Definition: Text{
			"二级故障指甲方系统的主要模块或功能无法使用的故障。解决率为在{sla_fault2_hours}内解决的二级故障次数占全部二级故障次数的比例。",
			"A level-2 fault is one that makes a main module or function of the Client's system unusable. The rate is the number of level-2 faults resolved within {sla_fault2_hours}, divided by the number of all level-2 faults.",
		},
		Target: Text{"≥ {sla_fault2_rate}（{sla_fault2_hours}内解决）", "≥ {sla_fault2_rate} (resolved within {sla_fault2_hours})"},
		Params: []Param{pSLAFault2R, pSLAFault2H},
	},
	{
		ID:   "service_hours",
		Name: Text{"客户服务时间", "Customer service hours"},
		Definition: Text{
			"乙方受理甲方服务请求的时间段。",
			"The hours during which the Vendor accepts the Client's service requests.",
		},
		Target: Text{"{sla_service_hours}小时", "{sla_service_hours} hours"},
		Params: []Param{pSLAHours},
	},
	{
		ID:   "response",
		Name: Text{"服务响应时间", "Response time"},
		Definition: Text{
			"在客户服务时间内，自甲方提出服务请求至乙方作出响应的时间。",
			"Within the customer service hours, the time from the Client's service request to the Vendor's response.",
		},
		Target: Text{"≤ {sla_response_minutes}", "≤ {sla_response_minutes}"},
		Params: []Param{pSLAResp},
	},
	{
		ID:   "backup",
		Name: Text{"数据备份频率", "Backup frequency"},
		Definition: Text{
			"乙方对甲方数据进行备份的周期和每个周期内的备份次数。",
			"How often the Vendor backs up the Client's data: the period and the number of backups in each period.",
		},
		Target: Text{"每{sla_backup_period}{sla_backup_times}", "{sla_backup_times} every {sla_backup_period}"},
		Params: []Param{pSLABackupP, pSLABackupN},
	},
	{
		ID:   "backup_retention",
		Name: Text{"备份数据保留时间", "Retention of backup data"},
		Definition: Text{
			"每份备份数据自生成起保留、可用于恢复的时间。",
			"How long each backup is kept, and can be restored from, after it is made.",
		},
		Target: Text{"{sla_backup_retention}", "{sla_backup_retention}"},
		Params: []Param{pSLABackupR},
	},
	{
		ID:   "log_retention",
		Name: Text{"日志保留时间", "Retention of logs"},
		Definition: Text{
			"云平台与甲方系统有关的运行、访问和安全日志自生成起保留的时间。",
			"How long the cloud platform keeps the operation, access and security logs concerning the Client's systems after they are written.",
		},
		Target: Text{"{sla_log_retention}", "{sla_log_retention}"},
		Params: []Param{pSLALogs},
	},
	{
		ID:   "emergency",
		Name: Text{"紧急情况报告保证", "Emergency reporting"},
		Definition: Text{
			"自乙方发现安全事件或监测到甲方网站运行异常起，至通知甲方的时间。",
			"The time from the Vendor detecting a security incident, or abnormal running of the Client's website, to notifying the Client.",
		},
		Target: Text{"{sla_emergency_minutes}内通知甲方", "Client notified within {sla_emergency_minutes}"},
		Params: []Param{pSLAEmerg},
	},
	{
		ID:   "training",
		Name: Text{"免费培训保障", "Free training"},
		Definition: Text{
			"乙方每年为甲方免费提供的产品和安全使用培训的次数。",
			"The number of free training sessions on the products and their secure use that the Vendor gives the Client each year.",
		},
		Target: Text{"每年不少于{sla_training}", "At least {sla_training} a year"},
		Params: []Param{pSLATrain},
	},
}
