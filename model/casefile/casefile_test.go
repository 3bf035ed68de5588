package casefile

import (
	"bytes"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"outsec/i18n"
	"outsec/model"
)

// valid is a case file as outsec 1 writes it, typed out so that decoding is
// tested apart from Encode.
const valid = `{
  "format": "outsec-case",
  "version": 1,
  "exported_at": "2026-05-04T09:10:11Z",
  "tool": "outsec 1.0.0",
  "engagement": {
    "uid": "0b7c6f2e-3d4a-4f5b-9c8d-1e2f3a4b5c6d",
    "code": "2026-001",
    "name": "市政府门户网站运行维护服务外包",
    "department": "某市政务服务管理局",
    "responsible_unit": "信息技术处",
    "leader": "王明 副局长",
    "managers": [
      {
        "name": "李华",
        "role": "项目经理",
        "phone": "010-8888 0001",
        "email": "lihua@example.gov.cn"
      },
      {
        "name": "赵磊",
        "phone": "010-8888 0002",
        "email": "zhaolei@example.gov.cn"
      }
    ],
    "service_type": "operation_maintenance",
    "cloud_website": true,
    "vendor": {
      "name": "示例云服务有限公司",
      "scale": "medium",
      "qualifications": "ISO/IEC 27001 认证",
      "lead": {
        "name": "陈静",
        "phone": "138 0000 0001"
      }
    },
    "period_start": "2026-01-01",
    "period_end": "2027-12-31",
    "notes": "备注",
    "created_at": "2026-01-05T02:03:04.123456789Z",
    "updated_at": "2026-04-01T00:00:00Z"
  }
}
`

// edit replaces old, which must occur in the valid file once, by new.
func edit(t *testing.T, pairs ...string) []byte {
	t.Helper()
	s := valid
	for i := 0; i+1 < len(pairs); i += 2 {
		if strings.Count(s, pairs[i]) != 1 {
			t.Fatalf("fixture: %q occurs %d times", pairs[i], strings.Count(s, pairs[i]))
		}
		s = strings.Replace(s, pairs[i], pairs[i+1], 1)
	}
	return []byte(s)
}

func TestDecodeValid(t *testing.T) {
	c, err := Decode([]byte(valid))
	if err != nil {
		t.Fatal(err)
	}
	e := c.Engagement
	if c.Format != Format || c.Version != 1 || c.Tool != "outsec 1.0.0" ||
		!c.ExportedAt.Equal(time.Date(2026, 5, 4, 9, 10, 11, 0, time.UTC)) {
		t.Errorf("envelope: %+v", c)
	}
	if e.UID != "0b7c6f2e-3d4a-4f5b-9c8d-1e2f3a4b5c6d" || e.Code != "2026-001" || e.Name != "市政府门户网站运行维护服务外包" ||
		e.ServiceType != model.ServiceMaintenance || !e.CloudWebsite || e.Vendor.Scale != model.ScaleMedium ||
		e.Vendor.Lead.Phone != "138 0000 0001" || e.PeriodEnd != "2027-12-31" || e.Notes != "备注" {
		t.Errorf("engagement: %+v", e)
	}
	if len(e.Managers) != 2 || e.Managers[0].Name != "李华" || e.Managers[1].Email != "zhaolei@example.gov.cn" {
		t.Errorf("managers: %+v", e.Managers)
	}
	if !e.CreatedAt.Equal(time.Date(2026, 1, 5, 2, 3, 4, 123456789, time.UTC)) {
		t.Errorf("created_at: %v", e.CreatedAt)
	}
	// Encoding what was read gives the same text: the field order, the
	// indentation and the final newline are those of the format.
	b, err := Encode(c)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != valid {
		t.Errorf("re-encoded file differs:\n%s", b)
	}
}

// A file exported in the second of the last change is valid: exported_at is
// written to the second, the last change to the nanosecond.
func TestDecodeExportedInTheSameSecond(t *testing.T) {
	data := edit(t, `"exported_at": "2026-05-04T09:10:11Z"`, `"exported_at": "2026-04-01T00:00:00Z"`,
		`"updated_at": "2026-04-01T00:00:00Z"`, `"updated_at": "2026-04-01T00:00:00.999999999Z"`)
	if _, err := Decode(data); err != nil {
		t.Fatal(err)
	}
}

func TestDecodeBOM(t *testing.T) {
	if _, err := Decode(append([]byte("\xef\xbb\xbf"), valid...)); err != nil {
		t.Fatal(err)
	}
}

func TestEncodeDeterministic(t *testing.T) {
	at := time.Date(2026, 5, 4, 9, 10, 11, 999, time.FixedZone("CST", 8*3600))
	e := model.SampleEngagement("zh-CN")
	e.UID, e.Code = "0b7c6f2e-3d4a-4f5b-9c8d-1e2f3a4b5c6d", "2026-001"
	e.CreatedAt = time.Date(2026, 1, 1, 8, 0, 0, 0, time.FixedZone("CST", 8*3600))
	e.UpdatedAt = e.CreatedAt
	a, err := Encode(New(e, at, "outsec test"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Encode(New(e, at, "outsec test"))
	if !bytes.Equal(a, b) {
		t.Fatal("two encodings differ")
	}
	for _, want := range []string{
		"{\n  \"format\": \"outsec-case\",\n  \"version\": 1,\n  \"exported_at\": \"2026-05-04T01:10:11Z\",\n  \"tool\": \"outsec test\",\n  \"engagement\": {\n    \"uid\"",
		`"created_at": "2026-01-01T00:00:00Z"`, // UTC
		`"name": "【示例】市政府门户网站运行维护服务外包"`,        // UTF-8, not \u escapes
	} {
		if !bytes.Contains(a, []byte(want)) {
			t.Errorf("encoding lacks %q:\n%s", want, a)
		}
	}
	if !bytes.HasSuffix(a, []byte("}\n")) {
		t.Error("no final newline")
	}
	// No managers is written as an empty list, not null.
	e.Managers = nil
	c, _ := Encode(New(e, at, "t"))
	if !bytes.Contains(c, []byte(`"managers": []`)) {
		t.Errorf("nil managers: %s", c)
	}
}

type want struct {
	path string
	key  string
	args []any
}

func problems(t *testing.T, data []byte) Error {
	t.Helper()
	_, err := Decode(data)
	if err == nil {
		t.Fatal("no error")
	}
	ps := Problems(err)
	if ps == nil {
		t.Fatalf("not a case file error: %v", err)
	}
	return ps
}

func check(t *testing.T, got Error, wants ...want) {
	t.Helper()
	if len(got) != len(wants) {
		t.Fatalf("got %d problems, want %d:\n%v", len(got), len(wants), got)
	}
	for i, w := range wants {
		if got[i].Path != w.path || got[i].Key != w.key {
			t.Errorf("problem %d = %s %s, want %s %s", i, got[i].Path, got[i].Key, w.path, w.key)
		}
		if w.args != nil && !reflect.DeepEqual(got[i].Args, w.args) {
			t.Errorf("problem %d args = %#v, want %#v", i, got[i].Args, w.args)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want []want
	}{
		{"empty", []byte(" \n"), []want{{"$", KeyEmpty, nil}}},
		{"not an object", []byte(`[1, 2]`), []want{{"$", KeyNotObject, []any{KindArray}}}},
		{"other JSON", []byte(`{"name": "x"}`), []want{{"$.format", KeyNotCaseFile, nil}}},
		{"wrong format", edit(t, `"outsec-case"`, `"outsec-backup"`), []want{{"$.format", KeyNotCaseFile, nil}}},
		{"no version", edit(t, `"version": 1,`, ``), []want{{"$.version", KeyMissing, nil}}},
		{"version 0", edit(t, `"version": 1,`, `"version": 0,`), []want{{"$.version", KeyBadVersion, []any{"0", 1}}}},
		{"version as text", edit(t, `"version": 1,`, `"version": "1",`), []want{{"$.version", KeyBadVersion, []any{`"1"`, 1}}}},
		{"version 1.5", edit(t, `"version": 1,`, `"version": 1.5,`), []want{{"$.version", KeyBadVersion, []any{"1.5", 1}}}},
		{"newer version", edit(t, `"version": 1,`, `"version": 2,`, `"outsec 1.0.0"`, `"outsec 3.0.0"`, `"uid": "0b7c`, `"extra": 1, "uid": "0b7c`),
			[]want{{"$.version", KeyNewerVersion, []any{int64(2), "outsec 3.0.0", 1}}}},
		{"unknown field", edit(t, `"scale": "medium",`, `"scale": "medium", "website": "https://example.com",`),
			[]want{{"$.engagement.vendor.website", KeyUnknownField, nil}}},
		{"unknown field, odd name", edit(t, `"notes": "备注",`, `"notes": "备注", "备 注": 1,`),
			[]want{{`$.engagement["备 注"]`, KeyUnknownField, nil}}},
		{"field in the wrong case", edit(t, `"leader":`, `"Leader":`),
			[]want{{"$.engagement.Leader", KeyUnknownCase, []any{"leader"}}, {"$.engagement.leader", "err.required", nil}}},
		{"database id is not part of the file", edit(t, `"uid": "0b7c`, `"ID": 7, "uid": "0b7c`),
			[]want{{"$.engagement.ID", KeyUnknownField, nil}}},
		{"unknown section", edit(t, `"tool": "outsec 1.0.0",`, `"tool": "outsec 1.4.0", "contracts": {"items": []},`),
			[]want{{"$.contracts", KeyUnknownSection, []any{"outsec 1.4.0"}}}},
		{"duplicate key", edit(t, `"notes": "备注",`, `"notes": "备注", "notes": "again",`),
			[]want{{"$.engagement.notes", KeyDuplicate, nil}}},
		{"bool as text", edit(t, `"cloud_website": true`, `"cloud_website": "yes"`),
			[]want{{"$.engagement.cloud_website", KeyType, []any{KindBool, KindString}}}},
		{"phone as number", edit(t, `"phone": "010-8888 0002"`, `"phone": 1088880002`),
			[]want{{"$.engagement.managers[1].phone", KeyType, []any{KindString, KindNumber}}}},
		{"manager as text", edit(t, "{\n        \"name\": \"赵磊\",\n        \"phone\": \"010-8888 0002\",\n        \"email\": \"zhaolei@example.gov.cn\"\n      }", `"赵磊"`),
			[]want{{"$.engagement.managers[1]", KeyType, []any{KindObject, KindString}}}},
		{"null name", edit(t, `"name": "陈静"`, `"name": null`),
			[]want{{"$.engagement.vendor.lead.name", KeyType, []any{KindString, KindNull}}}},
		{"bad time", edit(t, `"updated_at": "2026-04-01T00:00:00Z"`, `"updated_at": "2026-04-01 00:00"`),
			[]want{{"$.engagement.updated_at", KeyDateTime, []any{"2026-04-01 00:00"}}}},
		{"time as number", edit(t, `"updated_at": "2026-04-01T00:00:00Z"`, `"updated_at": 1775000000`),
			[]want{{"$.engagement.updated_at", KeyType, []any{KindDateTime, KindNumber}}}},
		{"no engagement", []byte(`{"format": "outsec-case", "version": 1}`), []want{{"$.engagement", KeyMissing, nil}}},
		{"no uid", edit(t, `"uid": "0b7c6f2e-3d4a-4f5b-9c8d-1e2f3a4b5c6d",`, ``), []want{{"$.engagement.uid", KeyMissing, nil}}},
		{"bad uid", edit(t, `"0b7c6f2e-3d4a-4f5b-9c8d-1e2f3a4b5c6d"`, `"0B7C6F2E"`), []want{{"$.engagement.uid", KeyUID, []any{"0B7C6F2E"}}}},
		{"blank code", edit(t, `"code": "2026-001"`, `"code": " "`), []want{{"$.engagement.code", "err.required", nil}}},
		{"changed before created", edit(t, `"updated_at": "2026-04-01T00:00:00Z"`, `"updated_at": "2025-04-01T00:00:00Z"`),
			[]want{{"$.engagement.updated_at", KeyUpdatedBefore, nil}}},
		{"changed after export", edit(t, `"exported_at": "2026-05-04T09:10:11Z"`, `"exported_at": "2026-03-01T00:00:00Z"`),
			[]want{{"$.engagement.updated_at", KeyAfterExport, nil}}},
		{"changed in the second after export", edit(t, `"exported_at": "2026-05-04T09:10:11Z"`, `"exported_at": "2026-03-31T23:59:59Z"`),
			[]want{{"$.engagement.updated_at", KeyAfterExport, nil}}},
		{"zero time", edit(t, `"2026-01-05T02:03:04.123456789Z"`, `"0001-01-01T00:00:00Z"`),
			[]want{{"$.engagement.created_at", KeyTimeUnset, nil}}},
		{"bad email", edit(t, `"zhaolei@example.gov.cn"`, `"zhaolei at example"`),
			[]want{{"$.engagement.managers[1].email", "err.email", nil}}},
		{"unknown service type", edit(t, `"operation_maintenance"`, `"cloud"`),
			[]want{{"$.engagement.service_type", "err.service_type", []any{"cloud"}}}},
		{"no managers", edit(t, "\"managers\": [\n", "\"managers\": [], \"x\": [\n"),
			[]want{{"$.engagement.x", KeyUnknownField, nil}, {"$.engagement.managers", "err.manager_needed", nil}}},
		{"period reversed", edit(t, `"2027-12-31"`, `"2025-12-31"`), []want{{"$.engagement.period_end", "err.period_order", nil}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check(t, problems(t, tt.data), tt.want...)
		})
	}
}

func TestDecodeSyntax(t *testing.T) {
	tests := []struct {
		name      string
		data      string
		line, col int
		key       string
		args      []any
	}{
		// The missing comma: line 3, at the quote of "version".
		{"missing comma", "{\n  \"format\": \"outsec-case\"\n  \"version\": 1\n}", 3, 3, "case.syntax.object_comma", []any{`'"'`}},
		// A comma after the last item, after Chinese text: columns count characters.
		{"trailing comma", "{\"名称\": \"项目\",}", 1, 13, "case.syntax.key", []any{"'}'"}},
		{"truncated", "{\n  \"format\": \"outsec-ca", 2, 23, KeySyntaxEOF, nil},
		{"garbage after", "{}\nx", 2, 1, "case.syntax.trailing", []any{"'x'"}},
		{"single quotes", "{'format': 1}", 1, 2, "case.syntax.key", []any{`'\''`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := problems(t, []byte(tt.data))
			if len(ps) != 1 {
				t.Fatalf("%v", ps)
			}
			p := ps[0]
			if p.Line != tt.line || p.Column != tt.col || p.Key != tt.key {
				t.Errorf("got %d:%d %s, want %d:%d %s", p.Line, p.Column, p.Key, tt.line, tt.col, tt.key)
			}
			if tt.args != nil && !reflect.DeepEqual(p.Args, tt.args) {
				t.Errorf("args %#v, want %#v", p.Args, tt.args)
			}
		})
	}
}

func TestDecodeNotUTF8(t *testing.T) {
	// "备注" in GBK, as a file saved by an old editor would have it.
	data := edit(t, `"notes": "备注"`, "\"notes\": \"\xb1\xb8\xd7\xa2\"")
	ps := problems(t, data)
	if len(ps) != 1 || ps[0].Key != KeyNotUTF8 || ps[0].Line != 39 || ps[0].Column != 15 {
		t.Fatalf("%v", ps)
	}
}

func TestDecodeTooLarge(t *testing.T) {
	ps := problems(t, make([]byte, MaxSize+1))
	check(t, ps, want{"$", KeyTooLarge, []any{MaxSize >> 20}})
}

// Every problem of a file is reported at once, in the order of the file.
func TestDecodeSeveralProblems(t *testing.T) {
	data := edit(t,
		`"version": 1,`, `"version": 1, "comment": "x",`,
		`"name": "李华"`, `"name": ""`,
		`"zhaolei@example.gov.cn"`, `"zhaolei@"`,
		`"cloud_website": true`, `"cloud_website": 1`,
		`"scale": "medium"`, `"scale": "huge"`,
		`"lead": {`, `"lead": {"fax": "1",`,
		`"period_start": "2026-01-01"`, `"period_start": "2026-02-30"`,
	)
	ps := problems(t, data)
	check(t, ps,
		want{"$.comment", KeyUnknownSection, nil},
		want{"$.engagement.cloud_website", KeyType, []any{KindBool, KindNumber}},
		want{"$.engagement.vendor.lead.fax", KeyUnknownField, nil},
		want{"$.engagement.managers[0].name", "err.required", nil},
		want{"$.engagement.managers[1].email", "err.email", nil},
		want{"$.engagement.vendor.scale", "err.vendor_scale", []any{"huge"}},
		want{"$.engagement.period_start", "err.date", nil},
	)
	// A value of the wrong type is reported once, not again by the rules.
	ps = problems(t, edit(t, `"department": "某市政务服务管理局"`, `"department": ["某市"]`))
	check(t, ps, want{"$.engagement.department", KeyType, []any{KindString, KindArray}})
}

func TestCheckInMemory(t *testing.T) {
	c, err := Decode([]byte(valid))
	if err != nil {
		t.Fatal(err)
	}
	if ps := c.Check(); ps != nil {
		t.Fatal(ps)
	}
	c.Engagement.UID = ""
	c.Engagement.Managers[0].Email = "x"
	check(t, c.Check(), want{"$.engagement.uid", KeyUID, nil}, want{"$.engagement.managers[0].email", "err.email", nil})
}

// The messages a user reads: the path, the field's name, the message and the
// clause, in each language.
func TestMessages(t *testing.T) {
	zh, en := i18n.New(i18n.ZH), i18n.New(i18n.EN)
	ps := problems(t, edit(t, `"zhaolei@example.gov.cn"`, `"zhaolei@"`, `"department": "某市政务服务管理局"`, `"department": ""`))
	check(t, ps, want{"$.engagement.department", "err.required", nil}, want{"$.engagement.managers[1].email", "err.email", nil})
	if got, w := ps[1].Text(zh.T), "$.engagement.managers[1].email: 管理人员电子邮箱：不是有效的电子邮箱地址"; got != w {
		t.Errorf("zh: %q, want %q", got, w)
	}
	if got, w := ps[0].Text(en.T), "$.engagement.department: Government department: is required (per GB/T 32926—2016 6.5 a) 1))"; got != w {
		t.Errorf("en: %q, want %q", got, w)
	}
	ps = problems(t, edit(t, `"cloud_website": true`, `"cloud_website": "yes"`))
	if got, w := ps[0].Text(en.T), "$.engagement.cloud_website: wrong type: expected true or false, found a string"; got != w {
		t.Errorf("en: %q, want %q", got, w)
	}
	ps = problems(t, []byte("{\n  \"a\": 1,\n}"))
	if got, w := ps[0].Text(zh.T), "第 3 行第 1 列：此处应为用双引号括起的字段名，而不是 '}'（最后一项之后不能有逗号）"; got != w {
		t.Errorf("zh: %q, want %q", got, w)
	}
	ps = problems(t, edit(t, `"version": 1,`, `"version": 2,`))
	if got := ps[0].Text(zh.T); !strings.Contains(got, "第 2 版") || !strings.Contains(got, "升级 outsec") {
		t.Errorf("zh: %q", got)
	}
}

// Every message this package can report is in both catalogs.
func TestCatalogs(t *testing.T) {
	keys := []string{KeyEmpty, KeyTooLarge, KeyNotUTF8, KeySyntax, KeySyntaxEOF, KeyNotObject, KeyNotCaseFile,
		KeyNewerVersion, KeyBadVersion, KeyMissing, KeyUnknownField, KeyUnknownCase, KeyUnknownSection, KeyDuplicate,
		KeyType, KeyInteger, KeyDateTime, KeyUID, KeyTimeUnset, KeyUpdatedBefore, KeyAfterExport, KeyUnsupportedType,
		"case.problem.at", "case.problem.path", "err.field_line", "err.clause", "field.code"}
	for _, k := range SyntaxKeys {
		keys = append(keys, k)
	}
	for _, k := range Kinds {
		keys = append(keys, "case.kind."+string(k))
	}
	for _, l := range i18n.Langs {
		cat := i18n.New(l)
		for _, k := range keys {
			if !cat.Has(k) {
				t.Errorf("%s: no %s", l, k)
			}
		}
	}
	// The verbs of each message take the arguments this package gives.
	for _, l := range i18n.Langs {
		cat := i18n.New(l)
		for _, p := range []Problem{
			{Key: KeyTooLarge, Args: []any{32}}, {Key: KeyNewerVersion, Args: []any{int64(2), "t", 1}},
			{Key: KeyBadVersion, Args: []any{"0", 1}}, {Key: KeyType, Args: []any{KindBool, KindNull}},
			{Key: KeyUnknownSection, Args: []any{"t"}}, {Key: KeyUID, Args: []any{"x"}},
		} {
			if m := p.Message(cat.T); strings.Contains(m, "%!") {
				t.Errorf("%s: %s: %s", l, p.Key, m)
			}
		}
	}
}

func Example() {
	_, err := Decode([]byte(`{"format": "outsec-case", "version": 1, "engagement": {"uid": "x"}}`))
	for _, p := range Problems(err)[:3] {
		fmt.Println(p.Path, p.Key)
	}
	// Output:
	// $.engagement.code case.err.missing
	// $.engagement.created_at case.err.missing
	// $.engagement.updated_at case.err.missing
}

// The example of docs/case-file.md is a valid case file, written as outsec
// writes it.
func TestDocumentedExample(t *testing.T) {
	doc, err := os.ReadFile("../../docs/case-file.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(doc), "## Example\n\n```json\n")
	example, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("no example in docs/case-file.md")
	}
	c, err := Decode([]byte(example))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Encode(c)
	if string(b) != example {
		t.Errorf("the example is not in the written form:\n%s", b)
	}
}

// Issue 17, hole 6: a case file saved as UTF-16 (Notepad's "Unicode") is
// called UTF-16, not GBK.
func TestDecodeNamesUTF16(t *testing.T) {
	for _, data := range [][]byte{
		{0xff, 0xfe, '{', 0, '}', 0},
		{0xfe, 0xff, 0, '{', 0, '}'},
		{'{', 0, '"', 0, 'a', 0, '"', 0},
	} {
		_, err := Decode(data)
		ps := Problems(err)
		if len(ps) != 1 || ps[0].Key != KeyUTF16 {
			t.Errorf("% x: %v", data, err)
		}
	}
}
