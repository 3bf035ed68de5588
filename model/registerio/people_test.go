package registerio_test

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/xuri/excelize/v2"

	"outsec/model/registerio"
	"outsec/model/screening"
)

func TestExportXLSXPeople(t *testing.T) {
	regs := registerio.FromAssessment(sample())
	var passed screening.Checklist
	for _, it := range screening.PersonItems {
		passed = append(passed, screening.Answer{Item: it.ID, Result: screening.Met})
	}
	regs.FromScreening([]screening.Person{
		{Name: "王芳", Role: "运维工程师", IDType: screening.IDResident, IDNumber: "11010519491231002x",
			Phone: "010-12345678", StartDate: "2026-03-01", NDASigned: "2026-02-27", Checklist: passed},
		{Name: "=Li Lei", Employer: "某某科技有限公司", IDNumber: "0012 3456"},
	}, "某某信息技术有限公司")
	b, err := registerio.ExportXLSX(registerio.AllKinds, regs, zh.T)
	if err != nil {
		t.Fatal(err)
	}
	b2, _ := registerio.ExportXLSX(registerio.AllKinds, regs, zh.T)
	if !bytes.Equal(b, b2) {
		t.Fatal("not deterministic")
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"资产", "威胁", "脆弱性", "风险", "人员", "选项"}) {
		t.Errorf("sheets %v", got)
	}
	rows, _ := f.GetRows("人员")
	want := [][]string{
		{"姓名", "岗位", "证件类型", "证件号码", "用人单位", "电话", "进场日期", "保密协议签订日期", "审查结果"},
		{"王芳", "运维工程师", "居民身份证", "11010519491231002x", "某某信息技术有限公司", "010-12345678", "2026-03-01", "2026-02-27", "通过"},
		{"=Li Lei", "", "", "0012 3456", "某某科技有限公司", "", "", "", "待定"},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("people rows\n%q\nwant\n%q", rows, want)
	}
	// The ID number stays text: leading zeros and the X are kept.
	if typ, _ := f.GetCellType("人员", "D3"); typ == excelize.CellTypeNumber || typ == excelize.CellTypeUnset {
		t.Errorf("ID number cell is %v", typ)
	}
	if fo, _ := f.GetCellFormula("人员", "A3"); fo != "" {
		t.Errorf("a name became a formula %q", fo)
	}
	panes, _ := f.GetPanes("人员")
	if !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes %+v", panes)
	}
	style, _ := f.GetCellStyle("人员", "A1")
	if st, _ := f.GetStyle(style); st == nil || st.Font == nil || !st.Font.Bold {
		t.Errorf("heading style %+v", st)
	}
	// The workbook still imports: the people sheet is skipped like the risks.
	res := mustParse(t, "", b)
	if len(res.Assets) != 3 || !reflect.DeepEqual(res.Skipped, []string{"风险", "人员"}) {
		t.Errorf("import of the full workbook: %d assets, skipped %v", len(res.Assets), res.Skipped)
	}
	// English headings.
	b, _ = registerio.ExportXLSX([]registerio.Kind{registerio.KindPeople}, regs, en.T)
	f2, _ := excelize.OpenReader(bytes.NewReader(b))
	defer f2.Close()
	if v, _ := f2.GetCellValue("People", "I2"); v != en.T("screening.verdict.passed") {
		t.Errorf("English verdict %q", v)
	}
}
