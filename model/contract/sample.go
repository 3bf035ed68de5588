package contract

// SampleContract is the contract review of the sample engagement
// (model.SampleEngagement, a government website on cloud services): every
// item of the catalog assessed, two of them gaps — the audit rights reaching
// subcontractors only partly written, and the deletion of data with all its
// backups at exit missing — and the vendor's NDA signed. lang is "zh-CN" or
// "en"; every name is made up.
func SampleContract(lang string) Contract {
	zh := lang != "en"
	t := func(z, e string) string {
		if zh {
			return z
		}
		return e
	}
	items := ItemsFor(true)
	c := Contract{
		Review: Review{Title: t("门户网站运行维护服务合同(示例)", "Portal operation and maintenance contract (sample)"), Version: "v1.0",
			Date: "2026-03-25", Reviewer: t("李华", "Li Hua")},
		VendorNDASigned: "2026-03-28",
	}
	gaps := map[int]Assessment{
		// The second and the last item of the catalog: a partial and a missing clause.
		1:              {Status: Partial, Article: t("第 8 条", "Art. 8"), Note: t("只约定了对外包服务机构本身的审计,未延伸到分包方", "Audits cover the vendor only, not its subcontractors")},
		len(items) - 1: {Status: Missing, Note: t("合同未约定退出时删除数据及全部备份", "Nothing on deleting the data and every backup at exit")},
	}
	for i, it := range items {
		a, ok := gaps[i]
		if !ok {
			a = Assessment{Status: Present, Article: t("第 ", "Art. ") + itoa(i+3) + t(" 条", "")}
		}
		a.ItemID = it.ID
		c.Review.Items = append(c.Review.Items, a)
	}
	return c
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
