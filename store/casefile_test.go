package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"outsec/model"
	"outsec/model/casefile"
)

// caseStore opens a fresh database whose clock reads now, with an operator.
func caseStore(t *testing.T, now time.Time) (*Store, Operator) {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "outsec.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	s.Now = func() time.Time { return now }
	op, err := s.CreateOperator(ctx, Operator{Name: "检查员", Role: "inspector"})
	if err != nil {
		t.Fatal(err)
	}
	return s, op
}

type counts struct{ engagements, managers, audit, sequence int }

func countRows(t *testing.T, s *Store) counts {
	t.Helper()
	var c counts
	for _, q := range []struct {
		sql string
		n   *int
	}{
		{`SELECT count(*) FROM engagements`, &c.engagements},
		{`SELECT count(*) FROM managers`, &c.managers},
		{`SELECT count(*) FROM audit_log`, &c.audit},
		{`SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'), 0)`, &c.sequence},
	} {
		if err := s.DB().QueryRow(q.sql).Scan(q.n); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

var exportTime = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// export writes engagement id as a case file, as the command line does.
func export(t *testing.T, s *Store, op Operator, id int64) []byte {
	t.Helper()
	var out []byte
	_, err := s.ExportCase(context.Background(), op, id, func(c casefile.Case) ([]byte, error) {
		c.ExportedAt, c.Tool = exportTime, "outsec test"
		b, err := casefile.Encode(c)
		out = b
		return b, err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// section is the "engagement" of a case file, as written.
func section(t *testing.T, file []byte) string {
	t.Helper()
	var top map[string]json.RawMessage
	if err := json.Unmarshal(file, &top); err != nil {
		t.Fatal(err)
	}
	if len(top["engagement"]) == 0 {
		t.Fatalf("no engagement section:\n%s", file)
	}
	return string(top["engagement"])
}

// engagement makes an engagement with every field filled, three managers in
// an order that is not alphabetical, and a created time with nanoseconds.
func engagement(t *testing.T, s *Store, op Operator) model.Engagement {
	t.Helper()
	e := model.Engagement{
		Name: "电子政务外网运维服务外包", Department: "某省大数据局", ResponsibleUnit: "网络安全处", Leader: "周强",
		Managers: []model.Contact{
			{Name: "王五", Role: "项目经理", Phone: "0571-8888 1234 转 56"},
			{Name: "张三", Email: "zhangsan@example.gov.cn"},
			{Name: "李四", Role: "安全员", Phone: "+86 138 0000 0000", Email: "lisi@example.gov.cn"},
		},
		ServiceType: model.ServiceDataProcessing, CloudWebsite: true,
		Vendor: model.Vendor{Name: "某信息技术有限公司", Scale: model.ScaleSmall, Qualifications: "ITSS 三级\n等保测评",
			Lead: model.Contact{Name: "钱六", Role: "负责人", Phone: "139 0000 0000", Email: "q@example.com"}},
		PeriodStart: "2026-02-01", PeriodEnd: "2026-12-31", Notes: "第一行\n第二行 \"引号\" <b>&</b>",
	}
	if err := s.CreateEngagement(context.Background(), op, &e, 0); err != nil {
		t.Fatal(err)
	}
	return e
}

// The done-when test: export, import into an empty database, export again: the
// engagement sections are identical, byte for byte.
func TestCaseRoundTrip(t *testing.T) {
	ctx := context.Background()
	a, opA := caseStore(t, time.Date(2026, 3, 1, 8, 30, 15, 123456789, time.UTC))
	engagement(t, a, opA) // 2026-001, so that the one exported is not the first
	e := engagement(t, a, opA)
	first := export(t, a, opA, e.ID)

	// The export is recorded with the file's hash, in the same transaction.
	log, err := a.AuditLog(ctx, 1)
	if err != nil || len(log) != 1 {
		t.Fatal(err, log)
	}
	if r := log[0]; r.Event != EventCaseExport || r.ObjectID != e.Code || r.Outcome != OutcomeSuccess ||
		!strings.Contains(r.Detail, "sha256=") || !strings.Contains(r.Detail, e.UID) {
		t.Errorf("export record: %+v", r)
	}

	b, opB := caseStore(t, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	before := countRows(t, b)
	res, err := b.ImportCase(ctx, opB, first, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Action != ImportNew || res.CodeTaken || res.Engagement.Code != "2026-002" || res.Engagement.UID != e.UID {
		t.Errorf("result: %+v", res)
	}
	after := countRows(t, b)
	if after.engagements != before.engagements+1 || after.managers != before.managers+3 || after.audit != before.audit+1 {
		t.Errorf("rows %+v → %+v", before, after)
	}
	log, _ = b.AuditLog(ctx, 1)
	if r := log[0]; r.Event != EventEngagementImport || r.ObjectID != "2026-002" || r.Outcome != OutcomeSuccess {
		t.Errorf("import record: %+v", r)
	}
	if v, err := b.VerifyAudit(ctx); err != nil || v.Break != nil {
		t.Fatal(v, err)
	}

	second := export(t, b, opB, res.Engagement.ID)
	if s1, s2 := section(t, first), section(t, second); s1 != s2 {
		t.Fatalf("engagement sections differ:\n%s\n---\n%s", s1, s2)
	}
	// And the stored record is the same as the original, field for field.
	got, err := b.FindEngagement(ctx, e.UID)
	if err != nil {
		t.Fatal(err)
	}
	got.ID = e.ID
	if !got.CreatedAt.Equal(e.CreatedAt) || got.CreatedAt.Nanosecond() != 123456789 {
		t.Errorf("created_at %v, want %v", got.CreatedAt, e.CreatedAt)
	}
	if got.Managers[0].Name != "王五" || got.Managers[1].Name != "张三" || got.Managers[2].Name != "李四" {
		t.Errorf("managers out of order: %+v", got.Managers)
	}
}

func TestCaseImportRefuse(t *testing.T) {
	ctx := context.Background()
	s, op := caseStore(t, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	e := engagement(t, s, op)
	file := export(t, s, op, e.ID)
	for _, mode := range []OnConflict{"", ConflictRefuse} {
		before := countRows(t, s)
		_, err := s.ImportCase(ctx, op, file, ImportOptions{OnConflict: mode})
		var ce *ConflictError
		if !errors.As(err, &ce) || !errors.Is(err, ErrConflict) {
			t.Fatalf("mode %q: %v", mode, err)
		}
		if ce.Existing.UID != e.UID || ce.Existing.Code != e.Code || ce.Existing.Name != e.Name {
			t.Errorf("conflict names %+v", ce.Existing)
		}
		if after := countRows(t, s); !onlyFailures(t, s, before, after, 1) {
			t.Errorf("mode %q wrote: %+v → %+v", mode, before, after)
		}
	}
}

func TestCaseImportReplace(t *testing.T) {
	ctx := context.Background()
	s, op := caseStore(t, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	e := engagement(t, s, op)
	file := export(t, s, op, e.ID)

	// The other machine changed the engagement: a new name, one manager fewer,
	// the order of the rest swapped, a later time of change.
	c, err := casefile.Decode(file)
	if err != nil {
		t.Fatal(err)
	}
	c.Engagement.Name = "电子政务外网运维服务外包(二期)"
	c.Engagement.Managers = []model.Contact{c.Engagement.Managers[2], c.Engagement.Managers[0]}
	c.Engagement.Notes = ""
	c.Engagement.UpdatedAt = time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	changed, err := casefile.Encode(c)
	if err != nil {
		t.Fatal(err)
	}

	before := countRows(t, s)
	res, err := s.ImportCase(ctx, op, changed, ImportOptions{OnConflict: ConflictReplace})
	if err != nil {
		t.Fatal(err)
	}
	if res.Action != ImportReplaced || res.Engagement.ID != e.ID || res.Existing.Name != e.Name || res.CodeTaken {
		t.Errorf("result %+v", res)
	}
	after := countRows(t, s)
	if after.engagements != before.engagements || after.managers != before.managers-1 || after.audit != before.audit+1 {
		t.Errorf("rows %+v → %+v", before, after)
	}
	// The database now holds exactly the file's engagement.
	if got, want := section(t, export(t, s, op, e.ID)), section(t, changed); got != want {
		t.Errorf("after replace:\n%s\nwant\n%s", got, want)
	}
}

func TestCaseImportKeepBoth(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	s, op := caseStore(t, now)
	e := engagement(t, s, op)
	file := export(t, s, op, e.ID)

	before := countRows(t, s)
	res, err := s.ImportCase(ctx, op, file, ImportOptions{
		OnConflict: ConflictKeepBoth,
		CopyName:   func(n string) string { return n + "(副本)" },
	})
	if err != nil {
		t.Fatal(err)
	}
	c := res.Engagement
	if res.Action != ImportCopy || c.ID == e.ID || c.UID == e.UID || !casefile.ValidUID(c.UID) ||
		c.Code != "2026-002" || c.Name != e.Name+"(副本)" || !c.CreatedAt.Equal(now) || res.CodeTaken {
		t.Errorf("copy %+v", res)
	}
	after := countRows(t, s)
	if after.engagements != before.engagements+1 || after.managers != before.managers+3 || after.audit != before.audit+1 {
		t.Errorf("rows %+v → %+v", before, after)
	}
	// The original is untouched.
	if got, want := section(t, export(t, s, op, e.ID)), section(t, file); got != want {
		t.Errorf("original changed:\n%s", got)
	}
	copied, err := s.FindEngagement(ctx, c.UID)
	if err != nil || copied.Name != c.Name || len(copied.Managers) != 3 || copied.Department != e.Department {
		t.Errorf("copy stored as %+v (%v)", copied, err)
	}
}

// A code already used by another engagement is replaced by the next free one.
func TestCaseImportCodeTaken(t *testing.T) {
	ctx := context.Background()
	a, opA := caseStore(t, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	e := engagement(t, a, opA) // 2026-001 in a
	file := export(t, a, opA, e.ID)

	b, opB := caseStore(t, time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC))
	other := engagement(t, b, opB) // also 2026-001 in b, another uid
	other.Name = "另一个项目"
	if err := b.UpdateEngagement(ctx, opB, &other, 0); err != nil {
		t.Fatal(err)
	}
	res, err := b.ImportCase(ctx, opB, file, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.CodeTaken || res.CodeTakenBy != "另一个项目" || res.FileCode != "2026-001" || res.Engagement.Code != "2026-002" {
		t.Errorf("result %+v", res)
	}
	got, err := b.FindEngagement(ctx, e.UID)
	if err != nil || got.Code != "2026-002" {
		t.Errorf("stored %+v %v", got, err)
	}
	log, _ := b.AuditLog(ctx, 1)
	if !strings.Contains(log[0].Detail, "file_code=2026-001") {
		t.Errorf("record %+v", log[0])
	}
	// Replacing keeps the engagement's own code even though the file's is taken.
	res, err = b.ImportCase(ctx, opB, file, ImportOptions{OnConflict: ConflictReplace})
	if err != nil {
		t.Fatal(err)
	}
	if !res.CodeTaken || res.Engagement.Code != "2026-002" || res.Engagement.ID != got.ID {
		t.Errorf("replace result %+v", res)
	}
}

// Nothing is written from a file with any problem, nor when the import itself
// would make an invalid record.
func TestCaseImportInvalidWritesNothing(t *testing.T) {
	ctx := context.Background()
	s, op := caseStore(t, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	e := engagement(t, s, op)
	file := export(t, s, op, e.ID)
	fresh, opF := caseStore(t, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))

	bad := bytes.Replace(file, []byte(`"lisi@example.gov.cn"`), []byte(`"lisi@"`), 1)
	bad = bytes.Replace(bad, []byte(`"cloud_website": true`), []byte(`"cloud_website": "true"`), 1)
	before := countRows(t, fresh)
	_, err := fresh.ImportCase(ctx, opF, bad, ImportOptions{})
	ps := casefile.Problems(err)
	if len(ps) != 2 || ps[0].Path != "$.engagement.cloud_website" || ps[1].Path != "$.engagement.managers[2].email" {
		t.Fatalf("problems: %v", err)
	}
	if after := countRows(t, fresh); !onlyFailures(t, fresh, before, after, 1) {
		t.Errorf("invalid file wrote: %+v → %+v", before, after)
	}
	before = countRows(t, fresh)
	for _, data := range [][]byte{nil, []byte("{"), bytes.Replace(file, []byte(`"version": 1`), []byte(`"version": 9`), 1)} {
		if _, err := fresh.ImportCase(ctx, opF, data, ImportOptions{}); casefile.Problems(err) == nil {
			t.Errorf("%q: %v", data, err)
		}
	}
	if after := countRows(t, fresh); !onlyFailures(t, fresh, before, after, 3) {
		t.Errorf("invalid files wrote: %+v → %+v", before, after)
	}

	// A copy whose name the marking makes too long is refused whole.
	before = countRows(t, s)
	_, err = s.ImportCase(ctx, op, file, ImportOptions{
		OnConflict: ConflictKeepBoth,
		CopyName:   func(n string) string { return n + strings.Repeat("副", model.MaxShortText) },
	})
	var verr model.ValidationError
	if !errors.As(err, &verr) || verr[0].Field != "name" {
		t.Fatalf("long copy name: %v", err)
	}
	if _, err := s.ImportCase(ctx, op, file, ImportOptions{OnConflict: "merge"}); err == nil {
		t.Error("unknown mode accepted")
	}
	if after := countRows(t, s); !onlyFailures(t, s, before, after, 2) {
		t.Errorf("refused import wrote: %+v → %+v", before, after)
	}
}

// A failed write is not recorded as an export; it is recorded as a failure.
func TestCaseExportWriteFails(t *testing.T) {
	ctx := context.Background()
	s, op := caseStore(t, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	e := engagement(t, s, op)
	before := countRows(t, s)
	boom := errors.New("disk removed")
	_, err := s.ExportCase(ctx, op, e.ID, func(casefile.Case) ([]byte, error) { return nil, boom })
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if after := countRows(t, s); after.audit != before.audit+1 {
		t.Fatalf("audit %d → %d", before.audit, after.audit)
	}
	log, _ := s.AuditLog(ctx, 1)
	if log[0].Event != EventCaseExport || log[0].Outcome != OutcomeFailure || !strings.Contains(log[0].Detail, "disk removed") {
		t.Errorf("record %+v", log[0])
	}
	if _, err := s.ExportCase(ctx, op, 999, func(casefile.Case) ([]byte, error) { return nil, nil }); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing engagement: %v", err)
	}
}

// onlyFailures reports whether the only writes between before and after are n
// audit records of failed imports: a refused import changes no data but is
// audited (GB/T 32926—2016 A.2.5 b) 4)).
func onlyFailures(t *testing.T, s *Store, before, after counts, n int) bool {
	t.Helper()
	if after.engagements != before.engagements || after.managers != before.managers ||
		after.audit != before.audit+n || after.sequence != before.sequence+n {
		return false
	}
	recs, err := s.AuditLog(context.Background(), n)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if r.Event != EventEngagementImport || r.Outcome != OutcomeFailure {
			return false
		}
	}
	return true
}
