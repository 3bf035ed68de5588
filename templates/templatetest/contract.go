package templatetest

import (
	"context"
	"fmt"
	"testing"

	"outsec/model"
	"outsec/model/contract"
	"outsec/model/risk"
	"outsec/model/screening"
	"outsec/store"
	"outsec/templates"
)

// The findings of the fixed contract review: every item of the catalog is
// covered except these two, missing, and this one, partly covered.
var (
	MissingItems = []string{"sec.a7", "exit.b5"}
	PartialItem  = "sec.a9"
)

// Contract is the fixed contract record of the contract documents' tests:
// the review of the service contract (version 2, 2026-02-20) with every item
// of contract.ItemsFor(cloud) covered except MissingItems and PartialItem,
// some parameters set, and one factor change recorded before the review.
func Contract(lang string, cloud bool) contract.Contract {
	zh := lang != "en"
	pick := func(z, e string) string {
		if zh {
			return z
		}
		return e
	}
	r := contract.Review{Title: pick("门户网站运行维护服务合同", "Portal operation and maintenance contract"), Version: "v2",
		Date: "2026-02-20", Reviewer: pick("赵磊", "Zhao Lei")}
	for i, it := range contract.ItemsFor(cloud) {
		a := contract.Assessment{ItemID: it.ID, Status: contract.Present, Article: fmt.Sprintf("%d.%d", 10+i/10, i%10+1)}
		switch it.ID {
		case MissingItems[0], MissingItems[1]:
			a = contract.Assessment{ItemID: it.ID, Status: contract.Missing}
		case PartialItem:
			a.Status = contract.Partial
			a.Note = pick("只写了违约金，没有写继续配合交接 | 需补充", "Liquidated damages only, no duty to hand over | to add")
		}
		r.Items = append(r.Items, a)
	}
	return contract.Contract{
		Review: r,
		Params: map[string]string{"nda_penalty": "200000", "notify_hours": "1", "security_cost": "150000"},
		FactorChanges: []contract.FactorChange{{Date: "2026-02-10",
			Description: pick("门户网站迁入政务云", "The portal moved to the government cloud")}},
	}
}

// SaveContract stores Contract(lang, cloud) for the engagement e of
// Engagement: the review's header, every assessment, the parameters and the
// factor change.
func SaveContract(t testing.TB, st *store.Store, e model.Engagement, lang string) contract.Contract {
	t.Helper()
	ctx := context.Background()
	op := store.SystemOperator("test")
	c := Contract(lang, e.CloudWebsite)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(st.SaveContractReview(ctx, op, e.ID, c.Review))
	for _, a := range c.Review.Items {
		must(st.SaveContractAssessment(ctx, op, e.ID, a))
	}
	must(st.SaveContractParams(ctx, op, e.ID, c.Params))
	for i := range c.FactorChanges {
		must(st.RecordFactorChange(ctx, op, e.ID, &c.FactorChanges[i]))
	}
	return c
}

// NPeople is how many service people the engagement of MorePeople has.
const NPeople = 20

// MorePeople adds service people to the engagement e of Engagement until it
// has NPeople, each with a distinct name and identity number, and returns
// all of them in the order of the register (the store's).
func MorePeople(t testing.TB, st *store.Store, e model.Engagement, lang string) []screening.Person {
	t.Helper()
	ctx := context.Background()
	op := store.SystemOperator("test")
	sc, err := st.Screening(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	for i := len(sc.People); i < NPeople; i++ {
		p := screening.Person{Name: PersonName(lang, i), Role: map[bool]string{true: "运维工程师", false: "Operations engineer"}[lang != "en"],
			IDType: screening.IDResident, IDNumber: fmt.Sprintf("1101011990%02d%02d%04d", i%12+1, i%28+1, 1000+i),
			StartDate: "2026-02-01", NDASigned: "2026-01-25"}
		if err := st.CreatePerson(ctx, op, e.ID, &p); err != nil {
			t.Fatal(err)
		}
	}
	sc, err = st.Screening(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.People) != NPeople {
		t.Fatalf("%d people, want %d", len(sc.People), NPeople)
	}
	return sc.People
}

var (
	surnamesZH = []string{"王", "刘", "陈", "杨", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗", "梁", "宋", "郑"}
	givenZH    = []string{"建国", "晓明", "丽娟", "志强", "海燕", "文博", "雪梅", "国栋", "佳怡", "子轩", "思远", "红霞", "宇航", "静怡", "浩然", "春生", "秀英", "明轩", "婉清", "立新"}
	surnamesEN = []string{"Wang", "Liu", "Chen", "Yang", "Huang", "Zhou", "Wu", "Xu", "Sun", "Tang", "Zhu", "Gao", "Lin", "He", "Guo", "Ma", "Luo", "Liang", "Song", "Zheng"}
	givenEN    = []string{"Jianguo", "Xiaoming", "Lijuan", "Zhiqiang", "Haiyan", "Wenbo", "Xuemei", "Guodong", "Jiayi", "Zixuan", "Siyuan", "Hongxia", "Yuhang", "Jingyi", "Haoran", "Chunsheng", "Xiuying", "Mingxuan", "Wanqing", "Lixin"}
)

// PersonName is the name of the i-th person MorePeople adds (i from 2), and
// of the people of People (i from 0): distinct for i < 400.
func PersonName(lang string, i int) string {
	if lang == "en" {
		return givenEN[(i/20)%20] + " " + surnamesEN[i%20]
	}
	return surnamesZH[i%20] + givenZH[(i/20+i)%20]
}

// PeopleData is the data of the sample engagement (a government website on
// cloud services) with n service people (ids 1 … n, each with an identity
// number) and the fixed contract, built in memory: the benchmarks' NDAs.
func PeopleData(lang string, n int) *templates.DocData {
	e := model.SampleEngagement(lang)
	e.ID, e.Code = 1, "2026-001"
	var sc screening.Screening
	for i := range n {
		sc.People = append(sc.People, screening.Person{ID: int64(i + 1), Name: PersonName(lang, i),
			Role:   map[bool]string{true: "运维工程师", false: "Operations engineer"}[lang != "en"],
			IDType: screening.IDResident, IDNumber: fmt.Sprintf("11010119%06d%04d", 900101+i%28, i), StartDate: "2026-02-01"})
	}
	d := templates.Assemble(e, risk.Assessment{Settings: risk.DefaultSettings(risk.MethodMatrix)}, sc, "2026-03-01", lang)
	d.SetContract(Contract(lang, e.CloudWebsite))
	return d
}
