package screening

// SampleScreening is the screening of the sample engagement: the vendor
// meets every condition of 6.1 b) but one still to check (b8, its security
// review); four service people — two who meet every condition, one without an
// NDA (6.4 a), flagged), and one whose 6.1 c) 1) is marked met on a
// Hong Kong and Macao permit, which the cross-check flags (Conflicts). lang
// is "zh-CN" or "en"; every name and number is made up.
func SampleScreening(lang string) Screening {
	zh := lang != "en"
	t := func(z, e string) string {
		if zh {
			return z
		}
		return e
	}
	var s Screening
	for _, it := range VendorItems {
		a := Answer{Item: it.ID, Result: Met}
		switch it.ID {
		case "b1":
			a.Evidence = t("营业执照(示例)91110000000000000X", "Business licence (sample) 91110000000000000X")
		case "b8":
			a.Result, a.Evidence = Unknown, t("已提交安全审查材料,待审核", "Review papers submitted, not yet examined")
		}
		s.Vendor = append(s.Vendor, a)
	}
	met := func(except map[string]Answer) Checklist {
		var cl Checklist
		for _, it := range PersonItems {
			a, ok := except[it.ID]
			if !ok {
				a = Answer{Result: Met}
			}
			a.Item = it.ID
			cl = append(cl, a)
		}
		return cl
	}
	s.People = []Person{
		{Name: t("张伟", "Zhang Wei"), Role: t("运维工程师", "Operations engineer"), IDType: IDResident, IDNumber: "110101199003070011",
			Phone: "138 0000 0011", StartDate: "2026-04-01", NDASigned: "2026-03-28", Checklist: met(nil)},
		{Name: t("刘洋", "Liu Yang"), Role: t("安全工程师", "Security engineer"), IDType: IDResident, IDNumber: "110101198807150022",
			StartDate: "2026-04-01", NDASigned: "2026-03-28", Checklist: met(nil)},
		{Name: t("陈晨", "Chen Chen"), Role: t("内容编辑", "Content editor"), IDType: IDResident, IDNumber: "110101199512200033",
			Employer: t("示例文化传媒有限公司(分包)", "Example Media Co. (subcontractor)"), StartDate: "2026-04-15",
			Checklist: met(map[string]Answer{"c6": {Result: NotMet, Evidence: t("保密协议尚未签署", "NDA not signed yet")}})},
		{Name: t("黄俊", "Huang Jun"), Role: t("数据库工程师", "Database engineer"), IDType: IDHKMacao, IDNumber: "H00000000",
			StartDate: "2026-04-15", NDASigned: "2026-03-30", Notes: t("证件类型与 6.1 c) 1) 的结论不一致,待核实", "The document does not support 6.1 c) 1): to be checked"),
			Checklist: met(nil)},
	}
	return s
}
