package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"outsec/model"
	"outsec/model/casefile"
	"outsec/model/screening"
)

func screeningFixture(t *testing.T) (*Store, *model.Engagement) {
	t.Helper()
	s, _ := openTemp(t)
	e := validEngagement()
	if err := s.CreateEngagement(ctx, testOp, e, 0); err != nil {
		t.Fatal(err)
	}
	return s, e
}

func lastAudit(t *testing.T, s *Store) AuditRecord {
	t.Helper()
	recs, err := s.AuditLog(ctx, 1)
	if err != nil || len(recs) != 1 {
		t.Fatal(recs, err)
	}
	return recs[0]
}

func TestVendorAnswersSavedAndAudited(t *testing.T) {
	s, e := screeningFixture(t)
	if sc, err := s.Screening(ctx, e.ID); err != nil || !sc.Empty() {
		t.Fatalf("new engagement: %+v %v", sc, err)
	}
	for _, a := range []screening.Answer{
		{Item: "b10", Result: screening.Met, Evidence: "  无其他条件  "},
		{Item: "b2", Result: screening.NotMet, Evidence: "外资控股"},
		{Item: "b1", Result: screening.Met, Evidence: "营业执照 911100000000000000"},
	} {
		if err := s.SaveVendorAnswer(ctx, testOp, e.ID, a); err != nil {
			t.Fatal(err)
		}
	}
	r := lastAudit(t, s)
	if r.Event != EventVendorScreen || r.ObjectType != "engagement" || r.ObjectID != e.Code || r.Detail != "b1=met" || r.Outcome != OutcomeSuccess {
		t.Errorf("audit %+v", r)
	}
	sc, err := s.Screening(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	// In item order (b10 after b2), evidence trimmed.
	if len(sc.Vendor) != 3 || sc.Vendor[0].Item != "b1" || sc.Vendor[1].Item != "b2" || sc.Vendor[2].Item != "b10" ||
		sc.Vendor[2].Evidence != "无其他条件" {
		t.Fatalf("vendor checklist %+v", sc.Vendor)
	}
	// Changing an answer replaces it; an answer that says nothing removes it.
	if err := s.SaveVendorAnswer(ctx, testOp, e.ID, screening.Answer{Item: "b2", Result: screening.Met}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveVendorAnswer(ctx, testOp, e.ID, screening.Answer{Item: "b10", Result: screening.Unknown}); err != nil {
		t.Fatal(err)
	}
	sc, _ = s.Screening(ctx, e.ID)
	if len(sc.Vendor) != 2 || sc.Vendor.Answer("b2") != (screening.Answer{Item: "b2", Result: screening.Met}) {
		t.Fatalf("after changes %+v", sc.Vendor)
	}
	if n := count(t, s, "vendor_screening"); n != 2 {
		t.Fatalf("%d rows", n)
	}
	if v, err := s.VerifyAudit(ctx); err != nil || v.Break != nil {
		t.Fatal(v, err)
	}
}

func TestInvalidAnswerWritesNothingButTheFailure(t *testing.T) {
	s, e := screeningFixture(t)
	before := count(t, s, "audit_log")
	for _, a := range []screening.Answer{
		{Item: "c1", Result: screening.Met},  // a person's item on the vendor's list
		{Item: "b1", Result: "passed"},       // no such result
		{Item: "b11", Result: screening.Met}, // no such item
		{Item: "b1", Result: screening.Met, Evidence: strings.Repeat("证", model.MaxLongText+1)},
	} {
		err := s.SaveVendorAnswer(ctx, testOp, e.ID, a)
		var ve model.ValidationError
		if !errors.As(err, &ve) {
			t.Fatalf("%+v: err %v", a, err)
		}
	}
	if n := count(t, s, "vendor_screening"); n != 0 {
		t.Fatalf("%d answers written", n)
	}
	recs, _ := s.AuditLog(ctx, 0)
	if len(recs) != before+4 {
		t.Fatalf("%d audit records, want %d", len(recs), before+4)
	}
	for _, r := range recs[:4] {
		if r.Outcome != OutcomeFailure || r.Event != EventVendorScreen || r.ObjectID != e.Code {
			t.Errorf("failure record %+v", r)
		}
	}
	// No such engagement: not found, audited as a failure.
	err := s.SaveVendorAnswer(ctx, testOp, 999, screening.Answer{Item: "b1", Result: screening.Met})
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown engagement: %v", err)
	}
	if r := lastAudit(t, s); r.Outcome != OutcomeFailure {
		t.Fatalf("no failure record: %+v", r)
	}
}

func TestPeopleCRUD(t *testing.T) {
	s, e := screeningFixture(t)
	p := screening.Person{
		Name: "  王小明 ", Role: "运维工程师", IDType: screening.IDResident, IDNumber: " 11010519491231002x",
		Phone: "138 0000 0000", StartDate: "2026-03-01", Notes: "驻场",
		Checklist: screening.Checklist{{Item: "c1", Result: screening.Met, Evidence: "身份证核验"}},
	}
	if err := s.CreatePerson(ctx, testOp, e.ID, &p); err != nil {
		t.Fatal(err)
	}
	if p.ID == 0 || p.Name != "王小明" {
		t.Fatalf("person %+v", p)
	}
	r := lastAudit(t, s)
	if r.Event != EventPersonCreate || r.ObjectType != "person" || r.ObjectID != e.Code+"/"+strconv.FormatInt(p.ID, 10) || r.Detail != "王小明" {
		t.Errorf("create audit %+v", r)
	}
	if strings.Contains(r.Detail, "1101") {
		t.Error("the identity number is in the audit trail")
	}
	q := screening.Person{Name: "李四", Employer: "某劳务公司"}
	if err := s.CreatePerson(ctx, testOp, e.ID, &q); err != nil {
		t.Fatal(err)
	}

	sc, err := s.Screening(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.People) != 2 || sc.People[0].ID != p.ID || sc.People[1].Name != "李四" {
		t.Fatalf("people %+v", sc.People)
	}
	got := sc.People[0]
	// The number exactly as entered: leading space and lower-case x kept.
	if got.IDNumber != " 11010519491231002x" || got.IDType != screening.IDResident || got.StartDate != "2026-03-01" ||
		got.HasNDA() || len(got.Checklist) != 1 || got.Checklist[0].Evidence != "身份证核验" {
		t.Fatalf("stored person %+v", got)
	}

	// Update: register fields change, the checklist stays.
	got.NDASigned, got.Role, got.Checklist = "2026-03-05", "数据库管理员", nil
	if err := s.UpdatePerson(ctx, testOp, &got); err != nil {
		t.Fatal(err)
	}
	if r := lastAudit(t, s); r.Event != EventPersonUpdate || r.ObjectID != e.Code+"/"+strconv.FormatInt(p.ID, 10) {
		t.Errorf("update audit %+v", r)
	}
	// A checklist answer.
	if err := s.SavePersonAnswer(ctx, testOp, q.ID, screening.Answer{Item: "c6", Result: screening.NotMet, Evidence: "劳务派遣,无长期劳动合同"}); err != nil {
		t.Fatal(err)
	}
	if r := lastAudit(t, s); r.Event != EventPersonScreen || r.Detail != "李四; c6=not_met" || r.ObjectID != e.Code+"/"+strconv.FormatInt(q.ID, 10) {
		t.Errorf("answer audit %+v", r)
	}
	sc, _ = s.Screening(ctx, e.ID)
	if sc.People[0].NDASigned != "2026-03-05" || sc.People[0].Role != "数据库管理员" || len(sc.People[0].Checklist) != 1 {
		t.Fatalf("after update %+v", sc.People[0])
	}
	if sc.People[1].Checklist.Answer("c6").Result != screening.NotMet {
		t.Fatalf("answer %+v", sc.People[1].Checklist)
	}

	// Delete takes the checklist with it.
	if err := s.DeletePerson(ctx, testOp, q.ID); err != nil {
		t.Fatal(err)
	}
	if r := lastAudit(t, s); r.Event != EventPersonDelete || r.Detail != "李四" {
		t.Errorf("delete audit %+v", r)
	}
	if n := count(t, s, "person_screening"); n != 1 {
		t.Fatalf("%d answers left, want 1", n)
	}
	if err := s.DeletePerson(ctx, testOp, q.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second delete: %v", err)
	}
	// Deleting the engagement removes its screening.
	if err := s.DeleteEngagement(ctx, testOp, e.ID); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"people", "person_screening", "vendor_screening"} {
		if n := count(t, s, table); n != 0 {
			t.Errorf("%d rows left in %s", n, table)
		}
	}
	if v, err := s.VerifyAudit(ctx); err != nil || v.Break != nil {
		t.Fatal(v, err)
	}
}

func TestInvalidPersonWritesNothingButTheFailure(t *testing.T) {
	s, e := screeningFixture(t)
	before := count(t, s, "audit_log")
	p := screening.Person{Name: " ", Phone: "phone", NDASigned: "2026-02-30",
		Checklist: screening.Checklist{{Item: "c1", Result: screening.Met}, {Item: "c9", Result: screening.Met}}}
	err := s.CreatePerson(ctx, testOp, e.ID, &p)
	var ve model.ValidationError
	if !errors.As(err, &ve) || len(ve) != 4 {
		t.Fatalf("err %v", err)
	}
	if n := count(t, s, "people") + count(t, s, "person_screening"); n != 0 {
		t.Fatalf("%d rows written", n)
	}
	if r := lastAudit(t, s); r.Outcome != OutcomeFailure || r.Event != EventPersonCreate || count(t, s, "audit_log") != before+1 {
		t.Fatalf("failure record %+v", r)
	}

	// An update that fails validation leaves the stored person as it was.
	ok := screening.Person{Name: "赵六"}
	if err := s.CreatePerson(ctx, testOp, e.ID, &ok); err != nil {
		t.Fatal(err)
	}
	ok.Name = ""
	if err := s.UpdatePerson(ctx, testOp, &ok); !errors.As(err, &ve) {
		t.Fatalf("update: %v", err)
	}
	sc, _ := s.Screening(ctx, e.ID)
	if sc.People[0].Name != "赵六" {
		t.Fatalf("stored %+v", sc.People[0])
	}
	// A person of an engagement that does not exist.
	if err := s.CreatePerson(ctx, testOp, 999, &screening.Person{Name: "钱七"}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown engagement: %v", err)
	}
	if err := s.SavePersonAnswer(ctx, testOp, 999, screening.Answer{Item: "c1", Result: screening.Met}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown person: %v", err)
	}
}

func TestScreeningFacts(t *testing.T) {
	s, e := screeningFixture(t)
	other := validEngagement()
	if err := s.CreateEngagement(ctx, testOp, other, 0); err != nil {
		t.Fatal(err)
	}
	facts, err := s.ScreeningFacts(ctx)
	if err != nil || len(facts) != 0 {
		t.Fatalf("nothing recorded: %v %v", facts, err)
	}
	for _, it := range screening.VendorItems {
		if err := s.SaveVendorAnswer(ctx, testOp, e.ID, screening.Answer{Item: it.ID, Result: screening.Met}); err != nil {
			t.Fatal(err)
		}
	}
	p := screening.Person{Name: "张三", IDType: screening.IDResident, IDNumber: "110101199001011234", NDASigned: "2026-01-20"}
	for _, it := range screening.PersonItems {
		p.Checklist = append(p.Checklist, screening.Answer{Item: it.ID, Result: screening.Met})
	}
	if err := s.CreatePerson(ctx, testOp, e.ID, &p); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveVendorAnswer(ctx, testOp, other.ID, screening.Answer{Item: "b4", Result: screening.NotMet}); err != nil {
		t.Fatal(err)
	}

	// Merged into facts another workflow already reported.
	facts = map[int64]model.Facts{e.ID: {States: map[model.StepID]model.State{model.StepRisk: model.Done}}}
	if err := addScreeningFacts(ctx, s.db, facts, 0); err != nil {
		t.Fatal(err)
	}
	if f := facts[e.ID]; f.States[model.StepRisk] != model.Done || f.States[model.StepScreening] != model.Done || len(f.Blocks[model.StepScreening]) != 0 {
		t.Fatalf("facts of %s: %+v", e.Code, f)
	}
	f := facts[other.ID]
	if f.States[model.StepScreening] != model.InProgress {
		t.Fatalf("facts of %s: %+v", other.Code, f)
	}
	bs := f.Blocks[model.StepScreening]
	if len(bs) != 2 || bs[0].Key != "screening.block.b4" || bs[0].Clause != "GB/T 32926—2016 6.1 b) 4)" || bs[1].Key != "screening.block.no_people" {
		t.Fatalf("blocks %+v", bs)
	}
}

// screeningSection is the "screening" of a case file, as written; "" when
// there is none.
func screeningSection(t *testing.T, file []byte) string {
	t.Helper()
	var top map[string]json.RawMessage
	if err := json.Unmarshal(file, &top); err != nil {
		t.Fatal(err)
	}
	return string(top["screening"])
}

// screenedEngagement is an engagement of the case file tests with vendor
// answers and two people, one with answers of their own.
func screenedEngagement(t *testing.T, s *Store, op Operator) model.Engagement {
	t.Helper()
	e := engagement(t, s, op)
	for _, a := range []screening.Answer{
		{Item: "b10", Result: screening.Met},
		{Item: "b1", Result: screening.Met, Evidence: "营业执照 91330000MA00000000"},
		{Item: "b3", Result: screening.NotMet, Evidence: "法定代表人有犯罪记录"},
		{Item: "b9", Result: screening.Unknown, Evidence: "待核验"},
	} {
		if err := s.SaveVendorAnswer(ctx, op, e.ID, a); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range []screening.Person{
		{Name: "王小明", Role: "运维工程师", IDType: screening.IDResident, IDNumber: " 11010519491231002x",
			Phone: "138 0000 0000", StartDate: "2026-03-01", NDASigned: "2026-03-02", Notes: "驻场\n第二行",
			Checklist: screening.Checklist{{Item: "c6", Result: screening.NotMet, Evidence: "劳务派遣"}, {Item: "c1", Result: screening.Met}}},
		{Name: "Li Lei", Employer: "某劳务公司", IDType: screening.IDPassport, IDNumber: "e1234-5678"},
	} {
		if err := s.CreatePerson(ctx, op, e.ID, &p); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

func TestCaseRoundTripWithScreening(t *testing.T) {
	a, opA := caseStore(t, time.Date(2026, 3, 1, 8, 30, 0, 0, time.UTC))
	e := screenedEngagement(t, a, opA)
	first := export(t, a, opA, e.ID)
	sec := screeningSection(t, first)
	for _, want := range []string{`"vendor_checklist"`, `"people"`, `"id_number": " 11010519491231002x"`, `"item": "b10"`, `"checklist"`} {
		if !strings.Contains(sec, want) {
			t.Fatalf("section lacks %s:\n%s", want, sec)
		}
	}
	// In item order: b1 before b10.
	if strings.Index(sec, `"b1"`) > strings.Index(sec, `"b10"`) {
		t.Fatalf("answers out of order:\n%s", sec)
	}

	b, opB := caseStore(t, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	res, err := b.ImportCase(ctx, opB, first, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	log, _ := b.AuditLog(ctx, 1)
	if !strings.Contains(log[0].Detail, "screening: vendor_answers=4 people=2") {
		t.Errorf("import record %q", log[0].Detail)
	}
	second := export(t, b, opB, res.Engagement.ID)
	if s1, s2 := screeningSection(t, first), screeningSection(t, second); s1 != s2 {
		t.Fatalf("screening sections differ:\n%s\n---\n%s", s1, s2)
	}
	sc, err := b.Screening(ctx, res.Engagement.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.People) != 2 || sc.People[0].Name != "王小明" || sc.People[0].IDNumber != " 11010519491231002x" ||
		sc.People[1].IDNumber != "e1234-5678" || sc.People[0].Checklist.Answer("c6").Result != screening.NotMet {
		t.Fatalf("imported %+v", sc.People)
	}
	// The facts follow the imported records.
	facts, err := b.LifecycleFacts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if f := facts[res.Engagement.ID]; f.States[model.StepScreening] != model.InProgress || len(f.Blocks[model.StepScreening]) != 2 {
		t.Fatalf("facts %+v", f)
	}

	// An engagement with no screening: no section.
	plain := engagement(t, a, opA)
	if sec := screeningSection(t, export(t, a, opA, plain.ID)); sec != "" {
		t.Fatalf("section of an engagement without screening: %s", sec)
	}
}

func TestCaseImportReplacesScreening(t *testing.T) {
	s, op := caseStore(t, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	e := screenedEngagement(t, s, op)
	file := export(t, s, op, e.ID)

	// The other machine removed Li Lei and met b3.
	c, err := casefile.Decode(file)
	if err != nil {
		t.Fatal(err)
	}
	c.Screening.People = c.Screening.People[:1]
	c.Screening.Vendor = c.Screening.Vendor.With(screening.Answer{Item: "b3", Result: screening.Met, Evidence: "无犯罪记录证明"}, screening.VendorItems)
	c.Engagement.UpdatedAt = c.Engagement.UpdatedAt.Add(time.Second)
	changed, err := casefile.Encode(c)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportCase(ctx, op, changed, ImportOptions{OnConflict: ConflictReplace}); err != nil {
		t.Fatal(err)
	}
	if got, want := screeningSection(t, export(t, s, op, e.ID)), screeningSection(t, changed); got != want {
		t.Fatalf("after replace:\n%s\nwant\n%s", got, want)
	}
	log, _ := s.AuditLog(ctx, 2)
	if !strings.Contains(log[1].Detail, "screening replaced: vendor_answers=4 people=2") {
		t.Errorf("import record %q", log[1].Detail)
	}
	if n := count(t, s, "people"); n != 1 {
		t.Fatalf("%d people after replace", n)
	}

	// A file without the section leaves the replaced engagement with none.
	c.Screening = nil
	none, _ := casefile.Encode(c)
	if _, err := s.ImportCase(ctx, op, none, ImportOptions{OnConflict: ConflictReplace}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, s, "people") + count(t, s, "vendor_screening") + count(t, s, "person_screening"); n != 0 {
		t.Fatalf("%d screening rows left", n)
	}
}

func TestCaseImportInvalidScreeningWritesNothing(t *testing.T) {
	s, op := caseStore(t, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	e := screenedEngagement(t, s, op)
	file := export(t, s, op, e.ID)
	bad := bytes.Replace(file, []byte(`"result": "not_met"`), []byte(`"result": "failed"`), 1)
	bad = bytes.Replace(bad, []byte(`"name": "Li Lei"`), []byte(`"name": ""`), 1)
	fresh, opF := caseStore(t, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	before := countRows(t, fresh)
	_, err := fresh.ImportCase(ctx, opF, bad, ImportOptions{})
	ps := casefile.Problems(err)
	if len(ps) != 2 || ps[0].Path != "$.screening.vendor_checklist[1].result" || ps[1].Path != "$.screening.people[1].name" {
		t.Fatalf("problems: %v", err)
	}
	if after := countRows(t, fresh); !onlyFailures(t, fresh, before, after, 1) {
		t.Errorf("invalid file wrote: %+v → %+v", before, after)
	}
	if n := count(t, fresh, "people") + count(t, fresh, "vendor_screening"); n != 0 {
		t.Fatalf("%d screening rows written", n)
	}
}
