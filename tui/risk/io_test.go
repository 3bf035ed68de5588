package risk

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"golang.org/x/text/encoding/simplifiedchinese"

	"outsec/i18n"
	"outsec/model/registerio"
	"outsec/model/risk"
	"outsec/store"
	"outsec/tui/tuitest"
	"outsec/tui/ui"
)

// The import and export of the registers through the risk assessment screen,
// against a real store: files in the test's folder, paths typed into the
// forms, and the store and the files checked afterwards.

const goodAssetsCSV = "资产名称,资产类型,责任人,保密性(C),完整性(I),可用性(A),备注\n" +
	"档案管理系统,软件,档案处,4,4,3,含涉密目录\n" +
	"视频会议终端,硬件,办公室,2,3,4,\n"

func writeTestFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// importPath opens the import form with I and types the whole path over
// what the form proposes.
func importPath(h *tuitest.Harness, path string) {
	h.Tb.Helper()
	h.Keys("I")
	if riskOf(h).mode != riskModeIO || riskOf(h).io.form == nil {
		h.Tb.Fatalf("I did not open the import form:\n%s", h.Screen())
	}
	h.Send(tuitest.CtrlU)
	h.TypeText(path)
	h.Keys("enter")
}

// counts is the number of records of each register and of audit records.
type ioCounts struct{ assets, threats, vulns, risks, audit int }

func (f *riskFixture) counts(t *testing.T) ioCounts {
	t.Helper()
	a := f.assessment(t)
	log, err := f.st.AuditLog(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	return ioCounts{len(a.Assets), len(a.Threats), len(a.Vulns), len(a.Risks), len(log)}
}

func TestRiskImportCSVThroughScreen(t *testing.T) {
	f := newRiskFixture(t, i18n.ZH, true)
	dir := t.TempDir()
	path := writeTestFile(t, dir, "资产清单.csv", []byte(goodAssetsCSV))
	before := f.counts(t)
	h := f.open(t, i18n.ZH, 120, 36)
	importPath(h, path)

	// The preview: the counts, the rows with their row numbers, the question.
	h.MustShow("导入预览", "资产清单.csv", "CSV · 资产 2 条", "资产：2 条", "档案管理系统", "视频会议终端", "档案处",
		"将 2 条记录导入 2026-001?", "y/回车 导入")
	h.CheckFrame(120, 36)
	if got := f.counts(t); got != before {
		t.Fatalf("the preview wrote: %+v, before %+v", got, before)
	}
	h.Keys("y")
	if riskOf(h).mode != riskModeNav {
		t.Fatalf("the preview stays after the import:\n%s", h.Screen())
	}
	h.MustShow("1 资产(5)", "档案管理系统", "视频会议终端", "已导入资产 2 条、威胁 0 条、脆弱性 0 条")

	a := f.assessment(t)
	if len(a.Assets) != 5 {
		t.Fatalf("%d assets stored, want 5", len(a.Assets))
	}
	x := a.Assets[3]
	if x.Name != "档案管理系统" || x.Type != "software" || x.Owner != "档案处" || x.C != 4 || x.I != 4 || x.A != 3 ||
		x.Notes != "含涉密目录" || x.Value != 4 || x.Level != 4 {
		t.Errorf("stored %+v", x)
	}
	// The new record is selected; the import is one audit record.
	if row := riskRowByName(h, "档案管理系统"); !strings.HasPrefix(row, ">") {
		t.Errorf("the imported asset is not selected: %q", row)
	}
	log, _ := f.st.AuditLog(context.Background(), 1)
	if got := f.counts(t); got.audit != before.audit+1 || log[0].Event != store.EventRiskImport || log[0].Outcome != store.OutcomeSuccess {
		t.Errorf("audit: %d records (before %d), last %+v", got.audit, before.audit, log[0])
	}
	// The folder is remembered: the next import proposes it.
	if v, _ := f.st.Setting(context.Background(), riskImportDirSetting); v != dir {
		t.Errorf("remembered folder %q, want %q", v, dir)
	}
	h.Keys("I")
	h.MustShow("> " + dir + string(filepath.Separator))
	h.Keys("esc")
	h.MustShow("未作任何改动")
}

// A vulnerabilities file lands on the vulnerabilities tab, even when the
// import was started on the assets tab, and links to the engagement's assets.
func TestRiskImportVulnerabilitiesEnglish(t *testing.T) {
	f := newRiskFixture(t, i18n.EN, true)
	dir := t.TempDir()
	path := writeTestFile(t, dir, "vulns.csv", []byte("Asset,Description,Category,Severity,Identified by\n"+
		"Portal website,No rate limit on the sign-in page,application,3,verification\n"+
		"Case database,Backups kept on the same server,data,4,onsite_observation\n"))
	h := f.open(t, i18n.EN, 80, 24)
	importPath(h, path)
	h.MustShow("Import preview", "vulns.csv", "vulnerabilities: 2", "Records to import: 2, into 2026-001.")
	h.CheckFrame(80, 24)
	h.Keys("enter") // enter alone does not import
	h.MustShow("Import preview")
	if st := h.M.Context().Status; !strings.Contains(st, "press y to import") {
		t.Errorf("enter on the preview: status %q", st)
	}
	h.Keys("y")
	h.MustShow("5 of 5 shown", "No rate limit")
	if !strings.HasPrefix(h.M.Context().Status, "Imported: assets 0, threats 0, vulnerabilities 2 (") {
		t.Errorf("status %q", h.M.Context().Status)
	}
	if riskOf(h).tab != riskTabVulns {
		t.Errorf("tab %d after importing vulnerabilities", riskOf(h).tab)
	}
	a := f.assessment(t)
	if len(a.Vulns) != 5 || a.Vulns[3].AssetID != f.assets[0].ID || a.Vulns[4].AssetID != f.assets[1].ID ||
		a.Vulns[4].Severity != 4 || a.Vulns[4].Identified != "onsite_observation" {
		t.Errorf("stored %+v", a.Vulns[3:])
	}
}

func TestRiskImportBadFileWritesNothing(t *testing.T) {
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(goodAssetsCSV))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, file string
		data       []byte
		want       []string // on the screen
	}{
		{"out of range", "assets.csv",
			[]byte("资产名称,资产类型,保密性(C),完整性(I),可用性(A)\n门户网站二期,软件,3,3,3\n业务数据库二期,数据,5,6,4\n"),
			[]string{"问题（共 1 个）", "第 3 行，“完整性(I)”列：值 6 不在 1–5 之间"}},
		{"GBK", "gbk.csv", gbk, nil}, // the text is registerio's: checked below
		{"empty", "empty.csv", nil, []string{"问题（共 1 个）"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newRiskFixture(t, i18n.ZH, true)
			path := writeTestFile(t, t.TempDir(), c.file, c.data)
			_, ps := registerio.Parse("", path, c.data, []string{"门户网站", "业务数据库", "运维终端"})
			if len(ps) == 0 {
				t.Fatal("registerio finds no problem in the file")
			}
			before := f.counts(t)
			h := f.open(t, i18n.ZH, 120, 36)
			importPath(h, path)
			h.MustShow(c.want...)
			cat := i18n.New(i18n.ZH)
			for _, p := range ps {
				h.MustShow(ansi.Truncate(p.Text(cat.T), 60, "")) // the start: longer lines wrap
				if c.name == "GBK" && p.Key != registerio.KeyGBK {
					t.Errorf("GBK file: problem %v", p)
				}
			}
			h.MustShow("不能导入")
			h.MustNotShow("y/回车 导入")
			// Neither y nor enter imports.
			h.Keys("y", "enter")
			if riskOf(h).mode != riskModeIO || riskOf(h).io.prev == nil {
				t.Fatalf("the preview closed:\n%s", h.Screen())
			}
			h.MustShow("请修改文件后重新导入")
			if got := f.counts(t); got != before {
				t.Fatalf("written: %+v, before %+v", got, before)
			}
			h.Keys("esc")
			h.MustShow("已取消导入，未写入任何记录", "1 资产(3)")
			if got := f.counts(t); got != before {
				t.Fatalf("written: %+v, before %+v", got, before)
			}
		})
	}
}

// Every problem is listed with its row and column: the first 200, then a
// count of the rest; the list scrolls.
func TestRiskImportManyProblems(t *testing.T) {
	f := newRiskFixture(t, i18n.EN, false)
	var b strings.Builder
	b.WriteString("Name,Type,Confidentiality,Integrity,Availability\n")
	for i := 0; i < 250; i++ {
		b.WriteString("asset " + ui.Itoa(i) + ",data,3,3,9\n")
	}
	path := writeTestFile(t, t.TempDir(), "many.csv", []byte(b.String()))
	h := f.open(t, i18n.EN, 80, 24)
	importPath(h, path)
	h.CheckFrame(80, 24)
	h.MustShow("Problems (250):", `row 2, column "Availability": 9 is not within 1–5`, `row 18, column`)
	h.MustNotShow(`row 19, column`)
	h.Keys("down")
	h.MustShow(`row 19, column "Availability"`)
	h.MustNotShow("Problems (250):")
	h.Keys("G") // the end
	h.MustShow("… and 50 more not listed", `row 201, column "Availability"`)
	h.MustNotShow(`row 202, column`)
	h.CheckFrame(80, 24)
	h.Keys("n")
	if a := f.assessment(t); len(a.Assets) != 0 {
		t.Fatalf("%d assets written", len(a.Assets))
	}
}

// A file over the size limit is refused by its size: a sparse 50 MB file is
// never read.
func TestRiskImportTooLarge(t *testing.T) {
	f := newRiskFixture(t, i18n.ZH, false)
	path := filepath.Join(t.TempDir(), "huge.csv")
	fh, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := fh.Truncate(50 << 20); err != nil {
		t.Fatal(err)
	}
	fh.Close()
	h := f.open(t, i18n.ZH, 80, 24)
	importPath(h, path)
	cat := i18n.New(i18n.ZH)
	h.MustShow(registerio.CheckSize(50 << 20)[0].Text(cat.T))
	h.MustNotShow("y/回车 导入")
	h.Keys("y")
	if a := f.assessment(t); len(a.Assets) != 0 {
		t.Fatalf("%d assets written", len(a.Assets))
	}
}

func TestRiskImportCancel(t *testing.T) {
	f := newRiskFixture(t, i18n.ZH, true)
	path := writeTestFile(t, t.TempDir(), "assets.csv", []byte(goodAssetsCSV))
	before := f.counts(t)
	h := f.open(t, i18n.ZH, 120, 36)
	for _, cancel := range []string{"n", "esc"} {
		importPath(h, path)
		h.MustShow("将 2 条记录导入")
		h.Keys(cancel)
		h.MustShow("已取消导入，未写入任何记录")
		h.MustNotShow("档案管理系统")
		if riskOf(h).mode != riskModeNav {
			t.Fatalf("%s: still in the preview", cancel)
		}
	}
	// Leaving the form: nothing read, nothing written.
	h.Keys("I", "esc")
	if got := f.counts(t); got != before {
		t.Fatalf("written: %+v, before %+v", got, before)
	}
}

// A file that cannot be read brings the form back with the reason; a folder
// is not a file; import is not offered on the risks tab.
func TestRiskImportUnreadable(t *testing.T) {
	f := newRiskFixture(t, i18n.ZH, false)
	dir := t.TempDir()
	h := f.open(t, i18n.ZH, 80, 24)
	missing := filepath.Join(dir, "没有这个文件.csv")
	importPath(h, missing)
	h.MustShow("找不到文件", "没有这个文件.csv", "导入登记表")
	if riskOf(h).io.form == nil || riskOf(h).io.form.busy {
		t.Fatalf("the form did not come back:\n%s", h.Screen())
	}
	h.Send(tuitest.CtrlU)
	h.TypeText(dir)
	h.Keys("enter")
	h.MustShow("是文件夹，请在后面输入文件名")
	h.Keys("esc")
	h.Keys("5", "I")
	h.MustShow("只有资产、威胁和脆弱性可以从文件导入")
	if riskOf(h).mode != riskModeNav {
		t.Fatal("I opened something on the risks tab")
	}
}

// A problem the store finds at the import (here: the asset a vulnerability
// names was deleted after the preview) is shown at its row and column, and
// nothing is written.
func TestRiskImportStoreProblemAtRow(t *testing.T) {
	f := newRiskFixture(t, i18n.ZH, true)
	path := writeTestFile(t, t.TempDir(), "vulns.csv", []byte("资产,脆弱性描述,类别,严重程度,识别方式\n"+
		"门户网站,登录页无失败次数限制,应用,3,验证\n"+
		"运维终端,未安装防病毒软件,主机,4,现场观察\n"))
	h := f.open(t, i18n.ZH, 120, 36)
	h.Keys("3")
	importPath(h, path)
	h.MustShow("脆弱性：2 条", "将 2 条记录导入")
	if err := f.st.DeleteAsset(context.Background(), f.op, f.assets[2].ID); err != nil {
		t.Fatal(err)
	}
	before := f.counts(t)
	h.Keys("y")
	h.MustShow("问题（共 1 个）", "第 3 行，“资产”列", "保存前的检查发现 1 个问题，未导入任何记录")
	h.MustNotShow("y/回车 导入")
	if got := f.counts(t); got.vulns != before.vulns || got.assets != before.assets {
		t.Fatalf("written: %+v, before %+v", got, before)
	}
	h.Keys("y")
	if got := f.counts(t); got.vulns != before.vulns {
		t.Fatal("y imported after the store's problems")
	}
	h.Keys("esc")
	h.MustShow("已取消导入")
}

// An export of all registers from one engagement imports, through the
// screen, into another: the preview reads each sheet.
func TestRiskExportXLSXImportsElsewhere(t *testing.T) {
	src := newRiskFixture(t, i18n.ZH, true)
	dir := t.TempDir()
	if err := src.st.SetSetting(context.Background(), riskExportDirSetting, dir); err != nil {
		t.Fatal(err)
	}
	h := src.open(t, i18n.ZH, 80, 24)
	h.Keys("X")
	h.MustShow("导出资产登记表", "工作簿：全部登记表", "> "+dir)
	h.CheckFrame(80, 24)
	h.Keys("down", "enter", "enter")
	file := exportedFile(t, h, dir)

	dst := newRiskFixture(t, i18n.ZH, false)
	h2 := dst.open(t, i18n.ZH, 80, 24)
	importPath(h2, file)
	h2.CheckFrame(80, 24)
	h2.MustShow("XLSX · 资产 3 条 · 威胁 2 条 · 脆弱性 3 条", "资产：3 条（工作表“资产”）", "略过的工作表：风险")
	h2.Keys("y")
	a, b := src.assessment(t), dst.assessment(t)
	if len(b.Assets) != 3 || len(b.Threats) != 2 || len(b.Vulns) != 3 || len(b.Risks) != 0 {
		t.Fatalf("imported %d/%d/%d/%d", len(b.Assets), len(b.Threats), len(b.Vulns), len(b.Risks))
	}
	for i := range a.Assets {
		x, y := a.Assets[i], b.Assets[i]
		x.ID, y.ID = 0, 0
		if x != y {
			t.Errorf("asset %d: %+v, want %+v", i, y, x)
		}
	}
	for i := range a.Vulns {
		if a.Vulns[i].Description != b.Vulns[i].Description {
			t.Errorf("vuln %d: %q", i, b.Vulns[i].Description)
		}
	}
}

// exportedFile is the one file an export wrote in dir; it checks the status
// line's path, size and digest against it, and that the export is in the
// audit trail with the same digest.
func exportedFile(t *testing.T, h *tuitest.Harness, dir string) string {
	t.Helper()
	if riskOf(h).mode != riskModeNav {
		t.Fatalf("the export form is still open:\n%s", h.Screen())
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	if len(names) == 0 {
		t.Fatalf("no file in %s; status %q", dir, h.M.Context().Status)
	}
	for _, n := range names {
		if strings.HasSuffix(n, ".tmp") {
			t.Errorf("temporary file left: %s", n)
		}
	}
	path := filepath.Join(dir, names[len(names)-1])
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	hexSum := hex.EncodeToString(sum[:])
	if h.M.Context().StatusErr || !strings.Contains(h.M.Context().Status, path) || !strings.Contains(h.M.Context().Status, hexSum) ||
		!strings.Contains(h.M.Context().Status, ui.FileSize(h.M.Context().T, len(b))) {
		t.Errorf("status %q does not name %s, its size and SHA-256 %s", h.M.Context().Status, path, hexSum)
	}
	log, err := h.St.AuditLog(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if log[0].Event != store.EventRegisterExport || log[0].Outcome != store.OutcomeSuccess ||
		!strings.Contains(log[0].Detail, path) || !strings.Contains(log[0].Detail, "sha256="+hexSum) {
		t.Errorf("audit record %+v", log[0])
	}
	return path
}

func TestRiskExportParsesBack(t *testing.T) {
	f := newRiskFixture(t, i18n.ZH, true)
	dir := t.TempDir()
	h := f.open(t, i18n.ZH, 120, 36)
	ctx := context.Background()
	a := f.assessment(t)
	names := make([]string, len(a.Assets))
	for i, x := range a.Assets {
		names[i] = x.Name
	}
	wantAssets := make([]risk.Asset, len(a.Assets))
	for i, x := range a.Assets {
		x.ID, x.Value, x.Level = 0, 0, 0
		wantAssets[i] = x
	}

	// Assets as XLSX: the folder typed over the proposed one, then remembered.
	h.Keys("X")
	h.Keys("enter")
	h.Send(tuitest.CtrlU)
	h.TypeText(dir)
	h.Keys("enter")
	path := exportedFile(t, h, dir)
	if filepath.Ext(path) != ".xlsx" || !strings.Contains(filepath.Base(path), "2026-001-资产-") {
		t.Errorf("file name %s", path)
	}
	data, _ := os.ReadFile(path)
	res, ps := registerio.Parse("", path, data, nil)
	if len(ps) > 0 || res.Format != registerio.FormatXLSX || !reflect.DeepEqual(res.Assets, wantAssets) {
		t.Errorf("XLSX parses back to %+v (problems %v), want %+v", res.Assets, ps, wantAssets)
	}
	if v, _ := f.st.Setting(ctx, riskExportDirSetting); v != dir {
		t.Errorf("remembered export folder %q", v)
	}

	// Threats as CSV, into the remembered folder.
	os.Remove(path)
	h.Keys("2", "X")
	h.MustShow("导出威胁登记表", "> "+dir)
	h.Keys("down", "down", "enter", "enter")
	path = exportedFile(t, h, dir)
	data, _ = os.ReadFile(path)
	if filepath.Ext(path) != ".csv" || !strings.HasPrefix(string(data), "\ufeff") {
		t.Errorf("not a CSV with BOM: %s", path)
	}
	res, ps = registerio.Parse("", path, data, nil)
	wantThreats := make([]risk.Threat, len(a.Threats))
	for i, x := range a.Threats {
		x.ID = 0
		wantThreats[i] = x
	}
	if len(ps) > 0 || res.Format != registerio.FormatCSV || !reflect.DeepEqual(res.Threats, wantThreats) {
		t.Errorf("CSV parses back to %+v (problems %v), want %+v", res.Threats, ps, wantThreats)
	}

	// Vulnerabilities as CSV: they name their assets.
	os.Remove(path)
	h.Keys("3", "X", "down", "down", "enter", "enter")
	path = exportedFile(t, h, dir)
	data, _ = os.ReadFile(path)
	res, ps = registerio.Parse("", path, data, names)
	if len(ps) > 0 || len(res.Vulns) != len(a.Vulns) {
		t.Fatalf("vulnerabilities parse back to %+v, problems %v", res.Vulns, ps)
	}
	for i, v := range res.Vulns {
		w := a.Vulns[i]
		if v.Asset != names[i] || v.Description != w.Description || v.Category != w.Category ||
			v.Severity != w.Severity || v.Identified != w.Identified {
			t.Errorf("vulnerability %d: %+v, want %+v", i, v, w)
		}
	}

	// Risks, the same minute: a second file never overwrites the first.
	os.Remove(path)
	h.Keys("5", "X", "down", "down", "enter", "enter")
	first := exportedFile(t, h, dir)
	h.Keys("X", "down", "down", "enter", "enter")
	second := exportedFile(t, h, dir)
	if first == second {
		t.Fatalf("the second export overwrote %s", first)
	}
	data, _ = os.ReadFile(second)
	if !strings.Contains(string(data), "门户网站") {
		t.Errorf("risks CSV:\n%s", data)
	}
	// Risks cannot be imported: the export says so on parsing.
	if _, ps := registerio.Parse(registerio.KindRisks, second, data, nil); len(ps) == 0 {
		t.Error("a risks file parses as an import")
	}
}

func TestRiskExportFolderProblems(t *testing.T) {
	f := newRiskFixture(t, i18n.EN, true)
	dir := t.TempDir()
	file := writeTestFile(t, dir, "plain.txt", []byte("x"))
	before := f.counts(t)
	h := f.open(t, i18n.EN, 80, 24)
	h.Keys("X", "enter")
	h.Send(tuitest.CtrlU)
	h.TypeText(filepath.Join(dir, "nowhere"))
	h.Keys("enter")
	h.MustShow("There is no folder", "Export the assets register")
	h.Send(tuitest.CtrlU)
	h.TypeText(file)
	h.Keys("enter")
	h.MustShow("is not a folder")
	h.CheckFrame(80, 24)
	h.Keys("esc")
	if got := f.counts(t); got != before {
		t.Fatalf("written: %+v, before %+v", got, before)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("files in the folder: %v", entries)
	}
	// The controls register has no file format.
	h.Keys("4", "X")
	h.MustShow("This tab has no register to export")
}

// The preview and the forms fit 80×24 in both languages, with a long path.
func TestRiskIOFrames(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		f := newRiskFixture(t, lang, true)
		deep := filepath.Join(t.TempDir(), "一个很长的文件夹名称用来检查路径显示", "another-rather-long-folder-name")
		if err := os.MkdirAll(deep, 0o700); err != nil {
			t.Fatal(err)
		}
		path := writeTestFile(t, deep, "资产清单(第二批).csv", []byte(goodAssetsCSV))
		h := f.open(t, lang, 80, 24)
		importPath(h, path)
		h.CheckFrame(80, 24)
		h.MustShow("资产清单(第二批).csv") // the name stays in view
		h.Send(tuitest.TeaSize(100, 30))
		h.CheckFrame(100, 30)
		h.Send(tuitest.TeaSize(80, 24))
		h.Keys("esc", "X")
		h.CheckFrame(80, 24)
		h.Keys("esc", "?")
		h.CheckFrame(80, 24)
		if lang == i18n.ZH {
			h.MustShow("导入导出（1–3、5）", "从 CSV/XLSX 文件导入", "导出为 CSV/XLSX 文件")
		}
	}
}

// TestRiskIOCatalogsMatch: the zh-CN and en riskio.json have the same keys,
// all under tui.riskio., and each message takes the same arguments in both.
func TestRiskIOCatalogsMatch(t *testing.T) {
	read := func(lang string) map[string]string {
		b, err := os.ReadFile(filepath.Join("..", "..", "i18n", "locales", lang, "riskio.json"))
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s/riskio.json: %v", lang, err)
		}
		return m
	}
	zhm, enm := read("zh-CN"), read("en")
	for k, v := range zhm {
		ev, ok := enm[k]
		if !ok {
			t.Errorf("%q is in zh-CN/riskio.json but not in en/riskio.json", k)
			continue
		}
		zv, evs := tuitest.VerbRE.FindAllString(v, -1), tuitest.VerbRE.FindAllString(ev, -1)
		if strings.Join(zv, " ") != strings.Join(evs, " ") {
			t.Errorf("%q takes %v in zh-CN but %v in en", k, zv, evs)
		}
		if !strings.HasPrefix(k, "tui.riskio.") {
			t.Errorf("%q: the keys of riskio.json start with tui.riskio.", k)
		}
		if strings.TrimSpace(v) == "" || strings.TrimSpace(ev) == "" {
			t.Errorf("%q is empty", k)
		}
		if tuitest.HasHan(ev) {
			t.Errorf("en %q has Chinese: %q", k, ev)
		}
	}
	for k := range enm {
		if _, ok := zhm[k]; !ok {
			t.Errorf("%q is in en/riskio.json but not in zh-CN/riskio.json", k)
		}
	}
}

func TestRiskIOHelpers(t *testing.T) {
	if got := safeFileName(` 2026/001: "A" <b>|c*?`); got != "2026_001___A___b__c" {
		t.Errorf("safeFileName: %q", got)
	}
	if got := safeFileName("..."); got != "outsec" {
		t.Errorf("safeFileName of dots: %q", got)
	}
	home, err := os.UserHomeDir()
	if err == nil {
		if got := ui.UserPath(` "~/x y.csv" `); got != filepath.Join(home, "x y.csv") {
			t.Errorf("ioPath: %q", got)
		}
	}
	if got := ui.UserPath("'/tmp/a.csv'"); got != filepath.Clean("/tmp/a.csv") && filepath.Separator == '/' {
		t.Errorf("ioPath of a quoted path: %q", got)
	}
	T := i18n.New(i18n.EN).T
	for n, want := range map[int]string{10: "10 bytes", 2048: "2.0 KiB", 3 << 20: "3.0 MiB"} {
		if got := ui.FileSize(T, n); got != want {
			t.Errorf("riskSize(%d) = %q, want %q", n, got, want)
		}
	}
	line := " Import preview · /a/very/long/folder/name/file.csv"
	if got := clipPath(line, "/a/very/long/folder/name/file.csv", 40); ui.CellWidth(got) > 40 || !strings.HasSuffix(got, "file.csv") {
		t.Errorf("clipPath: %q", got)
	}
}

// Quitting while the import is under way waits for it: the transaction is
// whole, then the workbench ends.
func TestRiskImportQuitWaits(t *testing.T) {
	f := newRiskFixture(t, i18n.ZH, false)
	path := writeTestFile(t, t.TempDir(), "assets.csv", []byte(goodAssetsCSV))
	h := f.open(t, i18n.ZH, 80, 24)
	importPath(h, path)
	_, cmd := h.M.Update(tuitest.KeyMsg("y")) // the import, not run yet
	h.Keys("ctrl+c")
	if h.Quit {
		t.Fatal("quit with the import under way")
	}
	h.MustShow("正在导入…")
	h.Run(cmd)
	if !h.Quit {
		t.Fatalf("did not quit after the import:\n%s", h.Screen())
	}
	if a := f.assessment(t); len(a.Assets) != 2 {
		t.Fatalf("%d assets after the import", len(a.Assets))
	}
}

// Issue 16: re-importing a threats file duplicated the threats. Now every
// register follows one rule: the records already there are listed at their
// rows, skipped unless the user presses u to update them.
func TestRiskReimportThreatsSkipOrUpdate(t *testing.T) {
	f := newRiskFixture(t, i18n.ZH, true)
	dir := t.TempDir()
	csv := "威胁名称,威胁来源,威胁途径,出现频率\n钓鱼邮件,恶意,间接,3\n机房断电,设施故障,直接,2\n"
	path := writeTestFile(t, dir, "威胁.csv", []byte(csv))
	h := f.open(t, i18n.ZH, 120, 36)
	h.Keys("2")
	importPath(h, path)
	h.Keys("y")
	h.MustShow("已导入资产 0 条、威胁 2 条")
	n := len(f.assessment(t).Threats)

	path = writeTestFile(t, dir, "威胁2.csv", []byte("威胁名称,威胁来源,威胁途径,出现频率\n钓鱼邮件,恶意,间接,5\n机房断电,设施故障,直接,2\n"))
	importPath(h, path)
	h.MustShow("已在项目中的记录（2 条），导入时将跳过", "威胁 第 2 行：“钓鱼邮件”已在项目中", "u 跳过/更新已有记录")
	h.Keys("y")
	if st := h.M.Context().Status; !strings.Contains(st, "跳过 2 条") {
		t.Fatalf("status %q", st)
	}
	if got := len(f.assessment(t).Threats); got != n {
		t.Fatalf("skip: %d threats, want %d", got, n)
	}
	importPath(h, path)
	h.Keys("u")
	h.MustShow("导入时将更新")
	h.Keys("y")
	if st := h.M.Context().Status; !strings.Contains(st, "已更新 2 条已有记录") {
		t.Fatalf("status %q", st)
	}
	a := f.assessment(t)
	if len(a.Threats) != n {
		t.Fatalf("update: %d threats, want %d", len(a.Threats), n)
	}
	for _, th := range a.Threats {
		if th.Name == "钓鱼邮件" && th.Frequency != 5 {
			t.Errorf("updated frequency %d", th.Frequency)
		}
	}
}
