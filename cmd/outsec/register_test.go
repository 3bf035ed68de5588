package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	_ "modernc.org/sqlite"

	"outsec/model"
	"outsec/store"
)

// registerRows counts the rows an import may change: the registers, the
// assessments and the audit records.
type registerRows struct {
	assets, threats, vulns, assessments, audit int
}

func registerRowCounts(t *testing.T, db string) registerRows {
	t.Helper()
	h, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	var c registerRows
	for _, q := range []struct {
		table string
		n     *int
	}{{"assets", &c.assets}, {"threats", &c.threats}, {"vulnerabilities", &c.vulns}, {"risk_assessments", &c.assessments}, {"audit_log", &c.audit}} {
		if err := h.QueryRow("SELECT count(*) FROM " + q.table).Scan(q.n); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

func registerAuditEvents(t *testing.T, db, event string) int {
	t.Helper()
	h, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	var n int
	if err := h.QueryRow("SELECT count(*) FROM audit_log WHERE event = ?", event).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// registerSampleDB makes a database holding n engagements with the sample's
// record and nothing in their risk assessments, numbered 1 … n (outsec
// sample fills every register).
func registerSampleDB(t *testing.T, n int) string {
	t.Helper()
	db := tempDB(t)
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for range n {
		e := model.SampleEngagement("zh-CN")
		if err := st.CreateEngagement(context.Background(), store.SystemOperator("test"), &e, 0); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func registerFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// goodWorkbook holds the three registers, in sheets named in both languages;
// a vulnerability names an asset of the same file.
func registerWorkbook(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "资产")
	f.SetSheetRow("资产", "A1", &[]any{"资产名称", "资产类型", "责任人", "保密性", "完整性", "可用性", "备注"})
	f.SetSheetRow("资产", "A2", &[]any{"业务数据库", "数据", "张伟", 5, 4, 3, "含个人信息"})
	f.SetSheetRow("资产", "A3", &[]any{"门户网站", "软件", "李娜", 2, 4, 5})
	f.SetSheetRow("资产", "A4", &[]any{"运维终端", "硬件", "", 3, 3, 2})
	f.NewSheet("threats")
	f.SetSheetRow("threats", "A1", &[]any{"Frequency", "Name", "Source", "Path", "Method"})
	f.SetSheetRow("threats", "A2", &[]any{4, "恶意代码", "human, malicious", "indirect", "传播计算机病毒"})
	f.SetSheetRow("threats", "A3", &[]any{1, "机房断电", "环境因素(设施故障)", "直接接触"})
	f.NewSheet("脆弱性")
	f.SetSheetRow("脆弱性", "A1", &[]any{"资产", "脆弱性描述", "类别", "严重程度", "识别方式"})
	f.SetSheetRow("脆弱性", "A2", &[]any{"门户网站", "未及时安装安全补丁", "主机", 4, "漏洞扫描"})
	f.SetSheetRow("脆弱性", "A3", &[]any{"业务数据库", "备份未异地保存", "数据", 3, "文档审核"})
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestRegisterImportGoodFile(t *testing.T) {
	db := registerSampleDB(t, 1)
	dir := t.TempDir()
	p := registerFile(t, dir, "registers.xlsx", registerWorkbook(t))
	before := registerRowCounts(t, db)

	// Dry run: a preview, nothing written.
	code, out, errs := caseCmd(t, "", "--db", db, "register", "import", "1", p, "--dry-run")
	if code != 0 || errs != "" || !strings.Contains(out, "资产：3 条（工作表“资产”）") ||
		!strings.Contains(out, "威胁：2 条（工作表“threats”）") || !strings.Contains(out, "业务数据库") ||
		!strings.Contains(out, "试运行") {
		t.Fatalf("dry run: %d\n%s\n%s", code, out, errs)
	}
	// No terminal and no --yes: a dry run that says so.
	code, out, errs = caseCmd(t, "", "--db", db, "register", "import", "1", p)
	if code != 0 || !strings.Contains(errs, "只做了试运行") || !strings.Contains(out, "预览") {
		t.Fatalf("no terminal: %d\n%s\n%s", code, out, errs)
	}
	if got := registerRowCounts(t, db); got != before {
		t.Fatalf("a dry run changed %+v → %+v", before, got)
	}

	// Imported in one transaction with one audit record.
	code, out, errs = caseCmd(t, "", "--db", db, "--lang", "en", "register", "import", "1", p, "--yes")
	if code != 0 || errs != "" || !strings.Contains(out, "3 assets, 2 threats, 2 vulnerabilities") {
		t.Fatalf("import: %d\n%s\n%s", code, out, errs)
	}
	after := registerRowCounts(t, db)
	want := before
	want.assets, want.threats, want.vulns, want.audit = before.assets+3, before.threats+2, before.vulns+2, before.audit+1
	want.assessments = after.assessments // created with the first change
	if after != want || after.assessments != 1 {
		t.Errorf("counts %+v, want %+v", after, want)
	}
	if n := registerAuditEvents(t, db, "risk.registers.import"); n != 1 {
		t.Errorf("%d import audit records", n)
	}
	// The asset values were computed (highest of C, I, A).
	h, _ := sql.Open("sqlite", "file:"+db)
	var value float64
	var level int
	if err := h.QueryRow("SELECT value, level FROM assets WHERE name = '门户网站'").Scan(&value, &level); err != nil || value != 5 || level != 5 {
		t.Errorf("value %v level %d (%v)", value, level, err)
	}
	var asset string
	if err := h.QueryRow("SELECT a.name FROM vulnerabilities v JOIN assets a ON a.id = v.asset_id WHERE v.description = '备份未异地保存'").Scan(&asset); err != nil || asset != "业务数据库" {
		t.Errorf("vulnerability's asset %q (%v)", asset, err)
	}
	h.Close()

	// The same file again (issue 16): every register's records exist now,
	// threats too; each is reported at its row, and without a choice
	// nothing is written.
	before = registerRowCounts(t, db)
	code, out, errs = caseCmd(t, "", "--db", db, "register", "import", "1", p, "--yes")
	if code != 1 || !strings.Contains(out, "资产 第 2 行：“业务数据库”已在项目中") || !strings.Contains(out, "威胁 第 ") ||
		!strings.Contains(out, "脆弱性 第 ") || !strings.Contains(errs, "--duplicates skip") {
		t.Errorf("again: %d %s %s", code, out, errs)
	}
	before.audit++ // the refused attempt is audited (issue 17)
	if got := registerRowCounts(t, db); got != before {
		t.Errorf("changed %+v → %+v", before, got)
	}
	// Skip: nothing new; update: the same records take the file's values.
	code, out, errs = caseCmd(t, "", "--db", db, "register", "import", "1", p, "--yes", "--duplicates", "skip")
	if code != 0 || !strings.Contains(out, "跳过 7 条") {
		t.Errorf("skip: %d %s %s", code, out, errs)
	}
	h, _ = sql.Open("sqlite", "file:"+db)
	var fileSum, ones int
	h.QueryRow("SELECT sum(frequency) FROM threats").Scan(&fileSum)
	h.Exec("UPDATE threats SET frequency = 1")
	h.Close()
	code, out, errs = caseCmd(t, "", "--db", db, "register", "import", "1", p, "--yes", "--duplicates", "update")
	if code != 0 || !strings.Contains(out, "已更新 7 条已有记录") {
		t.Errorf("update: %d %s %s", code, out, errs)
	}
	before.audit += 2
	if got := registerRowCounts(t, db); got != before {
		t.Errorf("duplicates written as new records: %+v → %+v", before, got)
	}
	h, _ = sql.Open("sqlite", "file:"+db)
	h.QueryRow("SELECT sum(frequency) FROM threats").Scan(&ones)
	h.Close()
	if ones != fileSum {
		t.Errorf("after update the threats' frequencies sum to %d, the file's to %d", ones, fileSum)
	}
	if code, _, errs := caseCmd(t, "", "--db", db, "register", "import", "1", p, "--duplicates", "merge"); code != exitUsage || !strings.Contains(errs, "merge") {
		t.Errorf("bad --duplicates: %d %s", code, errs)
	}

	// Vulnerabilities alone may name the engagement's assets; from standard input.
	code, out, errs = caseCmd(t, "资产,描述,类别,严重程度,识别方式\n运维终端,未安装防病毒软件,主机,3,现场观察\n",
		"--db", db, "register", "import", "1", "-", "--yes")
	if code != 0 || !strings.Contains(out, "脆弱性 1 条") {
		t.Errorf("stdin: %d %s %s", code, out, errs)
	}
}

// Bad files get messages naming rows and columns, and change nothing.
func TestRegisterImportBadFilesChangeNothing(t *testing.T) {
	db := registerSampleDB(t, 1)
	dir := t.TempDir()
	gbk, err := simplifiedchinese.GBK.NewEncoder().String("资产名称,资产类型,保密性,完整性,可用性\n业务数据库,数据,5,4,3\n")
	if err != nil {
		t.Fatal(err)
	}
	badXLSX := registerWorkbook(t)
	{
		f, _ := excelize.OpenReader(bytes.NewReader(badXLSX))
		f.SetCellValue("脆弱性", "D3", 6)
		f.SetCellValue("脆弱性", "A2", "不存在的资产")
		var b bytes.Buffer
		f.Write(&b)
		badXLSX = b.Bytes()
	}
	cases := []struct {
		name, file string
		data       []byte
		kind       string
		want       []string
	}{
		{"wrong columns", "a.csv", []byte("名称,种类,保密,完整性,可用性\n数据库,数据,5,4,3\n"), "assets",
			[]string{"第 1 行，“种类”列：不是资产登记表的列", "第 1 行，“保密”列：不是资产登记表的列", "缺少必需的列“资产类型”", "缺少必需的列“保密性（C）”"}},
		{"values outside 1–5", "t.csv", []byte("威胁名称,威胁来源,威胁途径,出现频率\n恶意代码,恶意,间接,4\n断电,设施故障,直接,0\n误操作,非恶意,直接,6\n"), "",
			[]string{"第 3 行，“出现频率”列：值 0 不在 1–5 之间", "第 4 行，“出现频率”列：值 6 不在 1–5 之间"}},
		{"GBK text", "gbk.csv", []byte(gbk), "",
			[]string{"第 1 行，A 列：文字是 GBK/GB18030 编码"}},
		{"empty file", "empty.csv", nil, "", []string{"empty.csv：发现 1 个问题", "文件是空的"}},
		{"headings only", "h.csv", []byte("资产名称,资产类型,保密性,完整性,可用性\r\n"), "", []string{"只有表头，没有数据行"}},
		{"bad workbook", "r.xlsx", badXLSX, "",
			[]string{"工作表“脆弱性”，第 3 行，“严重程度”列：值 6 不在 1–5 之间",
				"工作表“脆弱性”，第 2 行，“资产”列：没有名为“不存在的资产”的资产"}},
		{"damaged workbook", "d.xlsx", badXLSX[:len(badXLSX)/3], "", []string{"无法读取 XLSX 工作簿"}},
		{"old xls", "o.xls", append([]byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}, make([]byte, 100)...), "", []string{".xls"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := registerFile(t, dir, c.file, c.data)
			before := registerRowCounts(t, db)
			args := []string{"--db", db, "register", "import", "1", p, "--yes"}
			if c.kind != "" {
				args = append(args, "--kind", c.kind)
			}
			code, _, errs := caseCmd(t, "", args...)
			if code != exitFailure || !strings.Contains(errs, "未写入任何内容") {
				t.Errorf("exit %d: %s", code, errs)
			}
			for _, w := range c.want {
				if !strings.Contains(errs, w) {
					t.Errorf("no %q in:\n%s", w, errs)
				}
			}
			before.audit++ // the refused attempt is audited (issue 17)
			if got := registerRowCounts(t, db); got != before {
				t.Errorf("changed %+v → %+v", before, got)
			}
		})
	}

	// A 50 MB file is refused by its size at once, without being read: it
	// is sparse, and the refusal comes before the database is even opened.
	t.Run("50 MB", func(t *testing.T) {
		p := filepath.Join(dir, "big.csv")
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Truncate(50 << 20); err != nil {
			t.Fatal(err)
		}
		f.Close()
		before := registerRowCounts(t, db)
		start := time.Now()
		code, out, errs := caseCmd(t, "", "--db", db, "--lang", "en", "register", "import", "1", p, "--yes")
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("took %v", d)
		}
		if code != exitFailure || out != "" || !strings.Contains(errs, "the file is 50 MiB, over the limit of 10 MiB") {
			t.Errorf("%d %q %s", code, out, errs)
		}
		if got := registerRowCounts(t, db); got != before {
			t.Errorf("changed %+v → %+v", before, got)
		}
	})
}

func TestRegisterImportAsksAtATerminal(t *testing.T) {
	saved := stdinIsTerminal
	stdinIsTerminal = func(io.Reader) bool { return true }
	t.Cleanup(func() { stdinIsTerminal = saved })
	db := registerSampleDB(t, 1)
	p := registerFile(t, t.TempDir(), "a.csv", []byte("名称,类型,C,I,A\n门户网站,软件,2,4,5\n"))
	before := registerRowCounts(t, db)
	code, _, errs := caseCmd(t, "n\n", "--db", db, "register", "import", "1", p)
	if code != exitFailure || !strings.Contains(errs, "把以上 1 条记录导入项目") || !strings.Contains(errs, "已取消") {
		t.Errorf("no: %d %s", code, errs)
	}
	if got := registerRowCounts(t, db); got != before {
		t.Errorf("changed %+v → %+v", before, got)
	}
	code, out, errs := caseCmd(t, "y\n", "--db", db, "register", "import", "1", p)
	if code != 0 || !strings.Contains(out, "资产 1 条") {
		t.Errorf("yes: %d %s %s", code, out, errs)
	}
}

// Exported registers import into a fresh engagement as the same registers:
// exporting that engagement gives the same bytes.
func TestRegisterExportRoundTrip(t *testing.T) {
	db := registerSampleDB(t, 3)
	dir := t.TempDir()
	if code, _, errs := caseCmd(t, "", "--db", db, "register", "import", "1", registerFile(t, dir, "in.xlsx", registerWorkbook(t)), "--yes"); code != 0 {
		t.Fatal(errs)
	}
	export := func(eng string, args ...string) []byte {
		t.Helper()
		out := filepath.Join(dir, "out-"+eng+"-"+strings.Join(args, "")+".tmp")
		code, msg, errs := caseCmd(t, "", append([]string{"--db", db, "register", "export", eng, "-o", out}, args...)...)
		if code != 0 || errs != "" || !strings.Contains(msg, "SHA-256") {
			t.Fatalf("export %s %v: %d %s %s", eng, args, code, msg, errs)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	imp := func(eng string, data []byte, name string) {
		t.Helper()
		code, out, errs := caseCmd(t, "", "--db", db, "register", "import", eng, registerFile(t, dir, name, data), "--yes")
		if code != 0 {
			t.Fatalf("import %s: %d %s %s", name, code, out, errs)
		}
	}

	// XLSX: all registers in one workbook.
	x1 := export("1", "--format", "xlsx")
	imp("2", x1, "all.xlsx")
	if x2 := export("2", "--format", "xlsx"); !bytes.Equal(x1, x2) {
		t.Error("the XLSX of the imported engagement differs")
	}
	// CSV: one register per file, in English.
	var csv1 [][]byte
	for _, k := range []string{"assets", "threats", "vulnerabilities"} {
		b := export("1", "--kind", k, "--format", "csv", "--lang", "en")
		if !bytes.HasPrefix(b, []byte("\ufeff")) {
			t.Errorf("%s: no BOM", k)
		}
		csv1 = append(csv1, b)
		imp("3", b, k+".csv")
	}
	for i, k := range []string{"assets", "threats", "vulnerabilities"} {
		if b := export("3", "--kind", k, "--format", "csv", "--lang", "en"); !bytes.Equal(b, csv1[i]) {
			t.Errorf("%s: CSV differs:\n%s\n%s", k, csv1[i], b)
		}
	}
	c := registerRowCounts(t, db)
	if c.assets != 9 || c.threats != 6 || c.vulns != 6 {
		t.Errorf("%+v", c)
	}

	// To standard output; the extension chooses the format.
	code, out, _ := caseCmd(t, "", "--db", db, "register", "export", "1", "--kind", "资产", "--format", "csv")
	if code != 0 || !strings.HasPrefix(out, "\ufeff资产名称,资产类型") {
		t.Errorf("%d %q", code, out)
	}
	p := filepath.Join(dir, "threats.csv")
	if code, _, errs := caseCmd(t, "", "--db", db, "register", "export", "1", "--kind", "threats", "-o", p); code != 0 {
		t.Fatal(errs)
	}
	if b, _ := os.ReadFile(p); !bytes.HasPrefix(b, []byte("\ufeff威胁名称")) {
		t.Errorf("%q", b)
	}
}

func TestRegisterCommandErrors(t *testing.T) {
	db := registerSampleDB(t, 1)
	p := registerFile(t, t.TempDir(), "a.csv", []byte("名称,类型,C,I,A\n门户网站,软件,2,4,5\n"))
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"register", "import", "1"}, exitUsage, "用法：outsec register import"},
		{[]string{"register", "import", "1", p, "--kind", "risks"}, exitUsage, "“risks”不是可导入的登记表"},
		{[]string{"register", "import", "9", p}, exitFailure, "未找到项目“9”"},
		{[]string{"register", "import", "1", p + ".none"}, exitFailure, "不存在"},
		{[]string{"register", "import", "1", filepath.Dir(p)}, exitFailure, "是文件夹"},
		{[]string{"register", "export", "1", "--format", "pdf"}, exitUsage, "“pdf”不是导出格式"},
		{[]string{"register", "export", "1", "--format", "csv"}, exitUsage, "一个 CSV 文件只能放一个登记表"},
		{[]string{"register", "export", "1", "--kind", "controls"}, exitUsage, "“controls”不是登记表"},
		{[]string{"register", "export", "1", "-o", filepath.Dir(p)}, exitFailure, "无法写入"},
		{[]string{"register", "export", "1", "-o", filepath.Join(p+".none", "x.xlsx")}, exitFailure, "无法写入"},
	} {
		code, _, errs := caseCmd(t, "", append([]string{"--db", db}, c.args...)...)
		if code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("%v: %d %s", c.args, code, errs)
		}
	}
	// Help in both languages.
	_, out, _ := caseCmd(t, "", "register", "--help")
	if !strings.Contains(out, "从 CSV 或 XLSX 文件导入资产") || !strings.Contains(out, "import") {
		t.Errorf("%s", out)
	}
	_, out, _ = caseCmd(t, "", "--lang", "en", "register", "import", "--help")
	if !strings.Contains(out, "--dry-run") || !strings.Contains(out, "check and preview only") {
		t.Errorf("%s", out)
	}
}

// A file wrong on every row lists the first problems and counts the rest.
func TestRegisterImportCapsTheProblemList(t *testing.T) {
	db := registerSampleDB(t, 1)
	var b strings.Builder
	b.WriteString("名称,类型,保密性,完整性,可用性\n")
	for i := 0; i < 300; i++ {
		fmt.Fprintf(&b, "资产%d,数据,9,3,3\n", i)
	}
	p := registerFile(t, t.TempDir(), "bad.csv", []byte(b.String()))
	code, _, errs := caseCmd(t, "", "--db", db, "--lang", "en", "register", "import", "1", p, "--kind", "assets", "--yes")
	if code != exitFailure || !strings.Contains(errs, "and 100 more problems") {
		t.Fatalf("%d %q", code, errs[len(errs)-300:])
	}
	if n := strings.Count(errs, "\n"); n > 210 {
		t.Fatalf("%d lines printed", n)
	}
}

// Every export is in the audit trail, naming the file and its digest.
func TestRegisterExportIsAudited(t *testing.T) {
	db := registerSampleDB(t, 1)
	out := filepath.Join(t.TempDir(), "registers.xlsx")
	if code, _, errs := caseCmd(t, "", "--db", db, "register", "export", "1", "-o", out); code != 0 {
		t.Fatalf("export: %d %s", code, errs)
	}
	if n := registerAuditEvents(t, db, store.EventRegisterExport); n != 1 {
		t.Fatalf("%d export records", n)
	}
	code, logOut, _ := caseCmd(t, "", "--db", db, "--lang", "en", "audit", "log", "-n", "1")
	if code != 0 || !strings.Contains(logOut, "export risk registers") || !strings.Contains(logOut, "registers.xlsx") || !strings.Contains(logOut, "sha256=") {
		t.Fatalf("audit log: %s", logOut)
	}
}
