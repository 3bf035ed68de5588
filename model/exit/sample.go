package exit

import (
	"strings"

	"outsec/model"
	"outsec/model/screening"
)

// The second sample engagement, in exit (issue 15): the desktop support
// contract of the same bureau ends at expiry; half the inventory is handed
// back with evidence, one item destroyed, one person's access still open.

// SampleEngagement is the engagement in exit.
func SampleEngagement(lang string) model.Engagement {
	e := model.SampleEngagement(lang)
	e.CloudWebsite = false
	e.ServiceType = model.ServiceMaintenance
	e.PeriodStart, e.PeriodEnd = "2024-01-01", "2026-12-31"
	if lang == "en" {
		e.Name = "[Sample] Desktop and network support of the bureau (in exit)"
		e.ServiceContent = "Desktop, printer and office network support for the bureau's staff; the help desk's ticket system"
		e.Vendor.Name = "Example IT Support Co., Ltd."
		e.Notes = "Sample data: an engagement in its exit, half of the inventory handed back."
		return e
	}
	e.Name = "【示例】局机关桌面和网络运维服务外包（退出中）"
	e.ServiceContent = "机关工作人员的桌面终端、打印机和办公网络运维，服务台工单系统"
	e.Vendor.Name = "示例信息技术服务有限公司"
	e.Notes = "示例数据：处于服务退出阶段的项目，移交清单已完成一半。"
	return e
}

// SamplePeople are the vendor's two service persons: one whose accesses
// are all revoked, one whose machine-room badge is still open (9.3.1 d)).
func SamplePeople(lang string) []screening.Person {
	w := pick(lang)
	return []screening.Person{
		{Name: w("周强", "Zhou Qiang"), Role: w("驻场工程师", "On-site engineer"), StartDate: "2024-01-02", NDASigned: "2024-01-02",
			Accesses: []screening.Access{
				{Account: w("服务台管理员账号", "help desk admin account"), Kind: screening.AccessElectronic, Privileged: true, Granted: "2024-01-02", Revoked: "2026-11-28"},
				{Account: w("机房门禁卡", "machine room badge"), Kind: screening.AccessPhysical, Granted: "2024-01-02"},
			}},
		{Name: w("吴敏", "Wu Min"), Role: w("网络工程师", "Network engineer"), StartDate: "2024-03-01", NDASigned: "2024-03-01",
			Accesses: []screening.Access{
				{Account: w("交换机管理账号", "switch admin account"), Kind: screening.AccessElectronic, Privileged: true, Granted: "2024-03-01", Revoked: "2026-11-28"},
			}},
	}
}

func pick(lang string) func(zh, en string) string {
	return func(zh, en string) string {
		if lang == "en" {
			return en
		}
		return zh
	}
}

// SampleRecord is the exit: started at expiry, the first half of the
// checklist done, six items of which three handed back with evidence and
// one destroyed.
func SampleRecord(lang string) Record {
	w := pick(lang)
	x := Exit{Trigger: TriggerExpiry, PlannedStart: "2026-11-01", PlannedEnd: "2026-12-31", Successor: SuccessorSelf,
		Reason:    w("合同期满不再续约，由信息技术处自行承接", "The contract expires without renewal; the IT division takes the service over"),
		StartedOn: "2026-11-01", StartedBy: w("李华", "Li Hua")}
	r := Record{Exit: x}
	for i, d := range Checklist(false) {
		c := Check{ID: d.ID}
		if i < 8 {
			c.Status, c.On, c.CheckedBy, c.Evidence = CheckDone, "2026-11-20", w("李华", "Li Hua"), w("退出协调会纪要", "minutes of the exit meeting")
		}
		if d.ID == "exit.b6" {
			c.Status, c.Note = CheckNA, w("无应急留用需要", "no emergency retention needed")
		}
		r.Checks = append(r.Checks, c)
	}
	h := func(s string) string { return strings.Repeat(s, 64/len(s)) }
	back := func(it Item) Item {
		it.Disposition, it.DisposedOn, it.Evidence, it.VerifiedBy, it.Received = HandedBack, "2026-11-25",
			w("移交单 JJ-2026-07", "handover sheet JJ-2026-07"), w("赵磊", "Zhao Lei"), Matched
		return it
	}
	r.Items = []Item{
		back(Item{Type: TypeData, Name: "tickets-2024-2026.csv", Description: w("服务台工单", "help desk tickets"), Format: "CSV", Size: 5242880,
			SHA256: h("1a"), SM3: h("2b"), Sensitive: true, Location: "data/tickets-2024-2026.csv"}),
		back(Item{Type: TypeDocument, Name: w("运维手册.docx", "operations-manual.docx"), Format: "DOCX", Size: 819200,
			SHA256: h("3c"), SM3: h("4d"), Location: "docs/operations-manual.docx"}),
		back(Item{Type: TypeCode, Name: "ticket-system-config.tar", Description: w("工单系统配置和部署脚本", "ticket system configuration and deployment scripts"),
			Format: "TAR", Size: 1048576, SHA256: h("5e"), SM3: h("6f"), Location: "code/ticket-system-config.tar"}),
		{Type: TypeMedium, Name: w("备份移动硬盘 2 块", "two backup disks"), Sensitive: true, Disposition: Destroyed, DisposedOn: "2026-11-27",
			Method: w("消磁后物理粉碎", "degaussed, then shredded"), Witness: w("赵磊", "Zhao Lei"), MediaCleared: true,
			Evidence: w("销毁记录 XH-01 及照片", "destruction record XH-01 with photos"), VerifiedBy: w("李华", "Li Hua")},
		{Type: TypeAccount, Name: w("域管理员账号", "domain admin accounts"), Description: w("乙方使用的 3 个域账号", "the vendor's 3 domain accounts")},
		{Type: TypeEquipment, Name: w("服务台电脑 4 台", "four help desk PCs"), Sensitive: true},
	}
	return r
}
