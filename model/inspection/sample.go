package inspection

import (
	"outsec/model"
	"outsec/model/annexa"
)

// SampleInspection is the sample engagement's on-site inspection of the
// items given (those its plan applies): every item checked, three of them
// problems — A.2.2 c) restore tests partly, A.4 b) a leaver's account not
// conforming, A.5 d) unaccompanied work partly —, acknowledged by the vendor's
// representative with a disagreement on one.
func SampleInspection(lang string, items []annexa.Item) Inspection {
	t := func(zh, en string) string {
		if lang == "en" {
			return en
		}
		return zh
	}
	in := Inspection{UID: "6a1f3c2e-0000-4000-8000-5a3e1e000001", Date: "2026-05-20", Place: t("示例云服务有限公司运维中心", "Example Cloud Services operations centre"),
		Inspectors: t("王检查（示例）、刘审计（示例）", "Wang Jiancha (sample), Liu Shenji (sample)"), VendorRep: t("陈静", "Chen Jing")}
	problems := map[string]Check{
		"A.2.2.c": {Result: Partly, Method: Verification, Notes: t("恢复测试只做到数据库，未做到整站", "Restore tests cover the database only, not the whole site")},
		"A.4.b":   {Result: NotConform, Method: Verification, Notes: t("已离场人员的 VPN 账号仍可登录", "A leaver's VPN account still logs in")},
		"A.5.d":   {Result: Partly, Method: Observation, Notes: t("服务人员在机房内作业时无人陪同 2 次", "Service staff worked in the machine room unaccompanied twice")},
	}
	for _, it := range items {
		c := Check{Item: it.ID, Result: Conforms, Method: DocReview}
		if p, ok := problems[it.ID]; ok {
			c.Result, c.Method, c.Notes = p.Result, p.Method, p.Notes
		}
		in.Checks = append(in.Checks, c)
	}
	in.Ack = Acknowledgement{Name: t("陈静", "Chen Jing"), Date: model.Date("2026-05-20"), Remarks: t("认可检查结果，按期整改", "Results accepted; fixes on time"),
		Disagreement: t("A.5 d) 两次作业均有视频监控", "A.5 d): both times the work was under video surveillance")}
	return in
}
