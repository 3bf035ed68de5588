package model

// SampleEngagement is an engagement a new user can load to explore the tool
// before real data exists. Its name says it is a sample (示例), it is flagged
// Sample, and every name in it is made up. lang is "zh-CN" or "en".
func SampleEngagement(lang string) Engagement {
	if lang == "en" {
		return Engagement{
			Name:            "[Sample] Operation and maintenance of the city government portal",
			Department:      "Municipal Bureau of Government Services (sample)",
			ResponsibleUnit: "Information Technology Division",
			Leader:          "Wang Ming, Deputy Director",
			Managers: []Contact{
				{Name: "Li Hua", Role: "Project manager", Phone: "010-8888 0001", Email: "lihua@example.gov.cn"},
				{Name: "Zhao Lei", Role: "Security officer", Phone: "010-8888 0002"},
			},
			ServiceType:  ServiceMaintenance,
			CloudWebsite: true,
			Vendor: Vendor{
				Name:           "Example Cloud Services Co., Ltd.",
				Scale:          ScaleMedium,
				Qualifications: "ISO/IEC 27001 certificate; ITSS operation and maintenance level 2; classified protection level 3 filing for its cloud platform",
				Lead:           Contact{Name: "Chen Jing", Role: "Project lead", Phone: "138 0000 0001", Email: "chenjing@example.com"},
			},
			PeriodStart: "2026-01-01",
			PeriodEnd:   "2027-12-31",
			Notes:       "Sample data for exploring outsec. The portal is hosted on a government cloud; the vendor operates the web servers and the content management system.",
			Sample:      true,

			ServiceContent: "Operation and maintenance of the portal's web servers and content management system on the government cloud, " +
				"content publishing, security monitoring and daily backups",
		}
	}
	return Engagement{
		Name:            "【示例】市政府门户网站运行维护服务外包",
		Department:      "某市政务服务管理局(示例)",
		ResponsibleUnit: "信息技术处",
		Leader:          "王明 副局长",
		Managers: []Contact{
			{Name: "李华", Role: "项目经理", Phone: "010-8888 0001", Email: "lihua@example.gov.cn"},
			{Name: "赵磊", Role: "安全管理员", Phone: "010-8888 0002"},
		},
		ServiceType:  ServiceMaintenance,
		CloudWebsite: true,
		Vendor: Vendor{
			Name:           "示例云服务有限公司",
			Scale:          ScaleMedium,
			Qualifications: "ISO/IEC 27001 认证;ITSS 运行维护二级;云平台等级保护第三级备案",
			Lead:           Contact{Name: "陈静", Role: "项目负责人", Phone: "138 0000 0001", Email: "chenjing@example.com"},
		},
		PeriodStart: "2026-01-01",
		PeriodEnd:   "2027-12-31",
		Notes:       "示例数据,用于熟悉 outsec。门户网站部署在政务云上,外包服务机构负责 Web 服务器和内容管理系统的运行维护。",
		Sample:      true,

		ServiceContent: "门户网站部署在政务云上的 Web 服务器和内容管理系统的运行维护、内容发布、安全监测和每日备份",
	}
}
