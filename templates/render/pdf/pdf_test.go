package pdf

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"outsec/templates/render"
)

// riskNames are varied Chinese risk names, some long enough to wrap.
var riskNames = []string{
	"外包人员越权访问政务数据",
	"服务机构擅自将运维工作转包给未经审核的第三方单位",
	"远程运维通道未加密",
	"离职人员账号未及时注销，仍可登录核心业务系统",
	"源代码托管于境外平台",
	"备份介质交接无记录",
	"安全事件报告超过合同约定时限",
	"供应链组件存在已知高危漏洞（CVE-2026-0001）未修复",
}

func riskTable(n int) string {
	var sb strings.Builder
	sb.WriteString("| 编号 | 风险名称 | 资产 | 威胁 | 脆弱性 | 可能性 | 影响 | 等级 | 处置措施 |\n")
	sb.WriteString("|---|---|---|---|---|:-:|:-:|:-:|---|\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&sb, "| R-%03d | %s第%d项 | 政务云平台业务系统 | 外包人员违规操作 | 权限分配过宽，缺少审计 | %d | %d | %s | 落实最小权限，开展季度审计并留存记录 |\n",
			i, riskNames[i%len(riskNames)], i, i%5+1, (i*3)%5+1, []string{"低", "中", "高", "很高"}[i%4])
	}
	return sb.String()
}

func sampleMarkdown(rows int) string {
	return `# 风险评估报告

## 一、评估范围

本次评估覆盖**政务云平台**及其外包运维服务，依据 GB/T 33356—2016 和合同约定的服务范围开展。评估期间共识别资产 42 项、威胁 18 项、脆弱性 37 项，形成风险 ` + strconv.Itoa(rows) + ` 项。The assessment follows the *agreed method* and uses ` + "`risk = likelihood × impact`" + `, with ~~draft~~ final scales.

### （一）评估方法

1. 资产识别与赋值；
2. 威胁与脆弱性识别：
   - 访谈外包服务机构人员；
   - 查阅运维记录与工单。
3. 风险计算与评价。

- [x] 评估方案已经领导审批
- [ ] 剩余风险评估尚未开展

> 注：风险等级按冻结的评估矩阵计算，评估过程中不得修改矩阵。
> 对评估结论有异议的，应在收到报告后五个工作日内书面提出。

---

## 二、风险清单

` + riskTable(rows) + `

#### 结论

综上，外包服务总体风险可控，须对“很高”和“高”等级风险制定处理计划并落实。
`
}

func sampleDoc(rows int) *render.Document {
	d := &render.Document{
		Lang: "zh-CN", Title: "风险评估报告", Number: "2026-001-RA-01",
		Version: "1.0", Date: "2026-03-15", Marking: "内部",
		Source: []byte(sampleMarkdown(rows)),
	}
	d.Parse()
	return d
}

// rendered caches PDFs: the font makes each render cost tens of ms.
var (
	cacheMu sync.Mutex
	cache   = map[int][]byte{}
)

func renderRows(t testing.TB, rows int) []byte {
	t.Helper()
	cacheMu.Lock()
	defer cacheMu.Unlock()
	if b, ok := cache[rows]; ok {
		return b
	}
	b, err := Render(sampleDoc(rows))
	if err != nil {
		t.Fatal(err)
	}
	cache[rows] = b
	return b
}

func writeTemp(t *testing.T, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("OUTSEC_PDF_KEEP"); dir != "" {
		_ = os.WriteFile(filepath.Join(dir, t.Name()+".pdf"), b, 0o644)
	}
	return p
}

// pageCount reads /Count of the page tree (fpdf writes it uncompressed).
func pageCount(t *testing.T, b []byte) int {
	t.Helper()
	m := regexp.MustCompile(`/Count (\d+)`).FindAllSubmatch(b, -1)
	if len(m) == 0 {
		t.Fatal("no /Count in PDF")
	}
	n, _ := strconv.Atoi(string(m[len(m)-1][1]))
	return n
}

func TestPageCountLongTable(t *testing.T) {
	short := pageCount(t, renderRows(t, 5))
	long := pageCount(t, renderRows(t, 50))
	// The sample's prose takes a page and a bit; 45 more rows of three
	// lines each (about 12 mm) need three to five more A4 pages.
	if short != 2 {
		t.Errorf("5-row document: %d pages, want 2", short)
	}
	if long-short < 3 || long-short > 5 {
		t.Errorf("50-row document: %d pages, 5-row %d: want 3–5 more", long, short)
	}
	if out, err := exec.Command("pdfinfo", writeTemp(t, renderRows(t, 50))).Output(); err == nil {
		m := regexp.MustCompile(`Pages:\s+(\d+)`).FindSubmatch(out)
		if m == nil || string(m[1]) != strconv.Itoa(long) {
			t.Errorf("pdfinfo pages %q, /Count %d", m, long)
		}
	}
}

func TestFontEmbedded(t *testing.T) {
	b := renderRows(t, 5)
	if !bytes.Contains(b, []byte("/FontFile2")) {
		t.Error("no /FontFile2: TrueType font not embedded")
	}
	if len(b) > 600_000 {
		t.Errorf("PDF is %d bytes: the font should be subset", len(b))
	}
	out, err := exec.Command("pdffonts", writeTemp(t, b)).Output()
	if err != nil {
		t.Skipf("pdffonts not available (%v): checked /FontFile2 only", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) < 3 {
		t.Fatalf("pdffonts:\n%s", out)
	}
	for _, l := range lines[2:] {
		if !strings.Contains(strings.ToLower(l), strings.ToLower(fontFamily)) || !strings.Contains(l, "TrueType") || !regexp.MustCompile(`\byes\s+(yes|no)\s+yes\b`).MatchString(l) {
			// fpdf subsets (see the size check) but does not tag the name
			// with ABCDEF+, so pdffonts says sub "no".
			t.Errorf("font not embedded with a ToUnicode map: %q", l)
		}
	}
}

func pdftotext(t *testing.T, b []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) not installed: cannot check extracted text")
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", writeTemp(t, b), "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestTextExtractable(t *testing.T) {
	text := pdftotext(t, renderRows(t, 50))
	// Table cells wrap, so compare with line breaks and spaces removed.
	flat := strings.NewReplacer("\n", "", " ", "", "\f", "").Replace(text)
	for _, want := range []string{"风险评估报告", "2026-001-RA-01", "内部", "第1页共", "一、评估范围",
		"政务云平台", "访谈外包服务机构人员", "综上，外包服务总体风险可控", "risk=likelihood×impact"} {
		if !strings.Contains(flat, want) {
			t.Errorf("pdftotext lacks %q", want)
		}
	}
	for i := 1; i <= 50; i++ {
		name := fmt.Sprintf("%s第%d项", riskNames[i%len(riskNames)], i)
		if !strings.Contains(flat, strings.ReplaceAll(name, " ", "")) {
			t.Errorf("row %d: pdftotext lacks %q", i, name)
		}
	}
	n := pageCount(t, renderRows(t, 50))
	// the header row is repeated on every page the table runs over
	if got := strings.Count(flat, "风险名称"); got < n-1 {
		t.Errorf("table header appears %d times on %d pages", got, n)
	}
	if !strings.Contains(flat, fmt.Sprintf("共%d页", n)) {
		t.Errorf("footer total %d pages not found", n)
	}
}

func TestEnglishFooter(t *testing.T) {
	d := &render.Document{Lang: "en", Title: "Risk assessment report", Number: "2026-001-RA-01",
		Date: "2026-03-15", Marking: "Internal", Source: []byte("Some text.\n\n" +
			"## Risks\n\n| ID | Risk | Treatment |\n|---|---|---|\n" +
			"| R-001 | Outsourced staff access government data beyond their role | Enforce least privilege and review access quarterly, keeping records of each review |\n" +
			"| R-002 | Unencrypted remote maintenance channel | Use the approved VPN only |\n\n" +
			"1. First item\n2. Second item with a rather long sentence that has to wrap onto a second line of the page\n")}
	b, err := Render(d)
	if err != nil {
		t.Fatal(err)
	}
	text := pdftotext(t, b)
	for _, want := range []string{"Risk assessment report", "Page 1 of 1", "Internal", "Some text.", "Use the approved VPN only"} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext lacks %q:\n%s", want, text)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a, err := Render(sampleDoc(20))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Render(sampleDoc(20))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatal("two renders of the same document differ")
	}
	if !bytes.Contains(a, []byte("D:20260315120000")) {
		t.Error("creation date not taken from the document date")
	}
}

func TestBrokenFont(t *testing.T) {
	for name, font := range map[string][]byte{
		"empty":      nil,
		"truncated":  fontWQY[:4096],
		"garbage":    append([]byte{0, 1, 0, 0}, bytes.Repeat([]byte{0xff}, 200)...),
		"zeroed":     append(append([]byte{}, fontWQY[:12+16*20]...), make([]byte, 1<<16)...),
		"not a font": []byte("%PDF-1.4 this is not a font at all"),
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := renderWithFont(sampleDoc(1), font); err == nil {
				t.Fatal("broken font gave no error")
			}
		})
	}
}

// TestTallRow: a cell longer than a page is split across pages, nothing lost.
func TestTallRow(t *testing.T) {
	long := strings.Repeat("外包服务机构应当建立人员安全管理制度并定期检查执行情况。", 120)
	src := "| 项目 | 说明 |\n|---|---|\n| 甲 | " + long + " |\n| 乙 | 结束行 |\n"
	d := &render.Document{Lang: "zh-CN", Title: "长单元格", Number: "X-1", Date: "2026-01-02", Source: []byte(src)}
	b, err := Render(d)
	if err != nil {
		t.Fatal(err)
	}
	if n := pageCount(t, b); n < 2 {
		t.Errorf("%d pages, want the row split over at least 2", n)
	}
	// drop the page headers and footers and the repeated table header
	var kept []string
	for _, l := range strings.Split(pdftotext(t, b), "\n") {
		l = strings.TrimSpace(strings.Trim(l, "\f"))
		if l == "X-1" || l == "项目" || l == "说明" || strings.HasPrefix(strings.ReplaceAll(l, " ", ""), "第") && strings.HasSuffix(l, "页") {
			continue
		}
		kept = append(kept, l)
	}
	flat := strings.Join(kept, "")
	if got := strings.Count(flat, "外包服务机构应当建立人员安全管理制度并定期检查执行情况。"); got != 120 {
		t.Errorf("sentence found %d times, want 120", got)
	}
	if !strings.Contains(flat, "结束行") {
		t.Error("row after the tall row lost")
	}
}

// TestWrapNoOverflow checks every laid-out line fits its width, that no
// rune is lost or added, and that closing punctuation never starts a line.
func TestWrapNoOverflow(t *testing.T) {
	r := testRenderer(t)
	text := "外包服务机构应当按照合同约定，对其人员开展安全意识培训（每年不少于两次），并保存记录。" +
		"Remote maintenance via an encrypted channel only; see https://example.gov.cn/a/very/long/path/that/cannot/fit/on/one/narrow/line。"
	for _, w := range []float64{12, 20, 33.3, 60, contentW} {
		lines := r.breakLines(r.atoms([]run{{text: text}}, bodySize), w)
		var got strings.Builder
		for i, ln := range lines {
			s := lineText(ln)
			if ln.w > w+0.001 {
				t.Errorf("width %.1f: line %d is %.2f wide: %q", w, i, ln.w, s)
			}
			if r.width(s, bodySize) > w+0.001 {
				t.Errorf("width %.1f: line %d measures %.2f: %q", w, i, r.width(s, bodySize), s)
			}
			if i > 0 && s != "" && strings.ContainsRune("，。）；", []rune(s)[0]) {
				t.Errorf("width %.1f: line %d starts with closing punctuation: %q", w, i, s)
			}
			got.WriteString(s)
		}
		strip := func(s string) string { return strings.ReplaceAll(s, " ", "") }
		if strip(got.String()) != strip(text) {
			t.Errorf("width %.1f: text changed:\n got %q\nwant %q", w, got.String(), text)
		}
	}
}

func lineText(ln line) string {
	var sb strings.Builder
	for _, a := range ln.atoms {
		for _, p := range a.pieces {
			sb.WriteString(p.text)
		}
	}
	return sb.String()
}

func testRenderer(t testing.TB) *renderer {
	t.Helper()
	d := &render.Document{Lang: "zh-CN"}
	r := &renderer{d: d, widths: map[rune]float64{}}
	f := newTestPDF(t)
	r.f = f
	return r
}

func TestColumnWidthsFit(t *testing.T) {
	r := testRenderer(t)
	cell := func(s string) tcell { return tcell{atoms: r.atoms([]run{{text: s}}, tableSize)} }
	rows := [][]tcell{
		{cell("编号"), cell("名称"), cell("说明")},
		{cell("R-001"), cell("外包人员越权访问政务数据"), cell(strings.Repeat("很长的说明文字", 30))},
	}
	w := r.colWidths(rows, 3, contentW)
	sum := 0.0
	for _, x := range w {
		sum += x
	}
	if sum > contentW+0.01 || sum < contentW-0.01 {
		t.Errorf("widths %v sum %.2f, want %.2f", w, sum, contentW)
	}
	if w[0] < r.width("R-001", tableSize)+2*cellPadX {
		t.Errorf("first column %.1f narrower than its content", w[0])
	}
	if w[2] < w[1] {
		t.Errorf("long column %.1f narrower than short one %.1f", w[2], w[1])
	}
}

// BenchmarkPDF500Risks renders a report with a 500-row risk table.
func BenchmarkPDF500Risks(b *testing.B) {
	d := sampleDoc(500)
	var size int
	for b.Loop() {
		out, err := Render(d)
		if err != nil {
			b.Fatal(err)
		}
		size = len(out)
	}
	b.ReportMetric(float64(size)/1024, "KiB")
}

var (
	testPDFOnce sync.Once
	testFont    *fpdf.Fpdf
)

// newTestPDF is one fpdf with the font loaded, shared by layout tests.
func newTestPDF(t testing.TB) *fpdf.Fpdf {
	t.Helper()
	testPDFOnce.Do(func() {
		f := fpdf.New("P", "mm", "A4", "")
		f.AddUTF8FontFromBytes(fontFamily, "", fontWQY)
		f.SetFont(fontFamily, "", bodySize)
		testFont = f
	})
	if err := testFont.Error(); err != nil {
		t.Fatal(err)
	}
	return testFont
}

// TestConcurrent: renders share the embedded font bytes; they must not
// write to them (run under -race).
func TestConcurrent(t *testing.T) {
	want, err := Render(sampleDoc(2))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			got, err := Render(sampleDoc(2))
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("concurrent render differs (err %v)", err)
			}
		})
	}
	wg.Wait()
}

// BenchmarkPDF500RisksPeak reports the most heap a render of the 500-row
// report holds at once (sampled with the collector running almost all the
// time, so garbage does not count), and that figure over the output size.
func BenchmarkPDF500RisksPeak(b *testing.B) {
	d := sampleDoc(500)
	old := debug.SetGCPercent(1)
	defer debug.SetGCPercent(old)
	var peak, size uint64
	for b.Loop() {
		runtime.GC()
		var base runtime.MemStats
		runtime.ReadMemStats(&base)
		done := make(chan []byte)
		go func() {
			out, err := Render(d)
			if err != nil {
				b.Error(err)
			}
			done <- out
		}()
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		var out []byte
		for out == nil {
			select {
			case out = <-done:
			case <-time.After(200 * time.Microsecond):
				metrics.Read(sample)
				if v := sample[0].Value.Uint64(); v > base.HeapAlloc && v-base.HeapAlloc > peak {
					peak = v - base.HeapAlloc
				}
			}
		}
		size = uint64(len(out))
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-MiB")
	b.ReportMetric(float64(peak)/float64(size), "peak/output")
}

// TestSubsetFontCoversDocument: a document, its header, footer, bullets,
// check boxes and verification block are drawn from the cut font alone;
// the renderer does not fall back to parsing the whole font.
func TestSubsetFontCoversDocument(t *testing.T) {
	for _, lang := range []string{"zh-CN", "en"} {
		d := sampleDoc(30)
		d.Lang = lang
		d.Source = append(d.Source, []byte("\n\n- 一\n  - 二\n    - 三\n\n- [x] 已完成\n- [ ] 未完成\n")...)
		d.Parse()
		d.Verification = &render.Verification{
			Heading: "核验信息", Lines: []render.Line{{Label: "签署人", Value: "张三 SHA256:abc"}},
			CodeLabel: "核验码", Code: "ABCD-1234", QR: "outsec:verify", Note: "outsec verify 文件夹",
		}
		cut, set := subsetFont(d, fontWQY)
		if cut == nil {
			t.Fatal("no cut font")
		}
		if len(cut) >= len(fontWQY)/10 {
			t.Errorf("%s: cut font %d bytes, whole font %d", lang, len(cut), len(fontWQY))
		}
		out, missing, err := layout(d, cut, set)
		if err != nil || missing || len(out) == 0 {
			t.Fatalf("%s: cut font render: missing %v, err %v", lang, missing, err)
		}
		text := pdftotext(t, out)
		for _, want := range []string{"风险评估报告", "核验码", "ABCD-1234", "签署人"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: pdftotext lacks %q", lang, want)
			}
		}
	}
}

// TestSubsetFontFallback: text drawn outside the cut font's characters is
// noticed, and Render then lays the document out with the whole font.
func TestSubsetFontFallback(t *testing.T) {
	d := sampleDoc(3)
	cut, set := subsetFont(d, fontWQY)
	delete(set, '风') // as if the renderer drew a character of its own
	if _, missing, err := layout(d, cut, set); err != nil || !missing {
		t.Fatalf("missing %v, err %v: a character outside the cut font went unnoticed", missing, err)
	}
	whole, _, err := layout(d, fontWQY, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Render(d)
	if err != nil || len(got) == 0 {
		t.Fatal(err)
	}
	if !strings.Contains(pdftotext(t, whole), "风险") || !strings.Contains(pdftotext(t, got), "风险") {
		t.Error("text lost")
	}
}
