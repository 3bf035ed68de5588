package templates_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"outsec/store"
	"outsec/templates"
	"outsec/templates/templatetest"
)

// Done when (issue 17): the screening form and the people register XLSX
// show masked ID numbers; the person NDA shows the full one; a setting turns
// masking off, and that is audited.
func TestMaskingInDocumentsAndRegisters(t *testing.T) {
	ctx := context.Background()
	st := templatetest.Open(t)
	e := templatetest.Engagement(t, st, "zh-CN")
	const full, masked = "110101199001011234", `1101\*\*\*\*\*\*\*\*\*\*1234`
	fill := func(k templates.Kind) (string, []byte) {
		d, err := templates.Load(ctx, st, e.ID, "zh-CN")
		if err != nil {
			t.Fatal(err)
		}
		if k == templates.NDAPerson {
			d = d.ForPerson(0)
		}
		doc, err := templates.Fill(k, d, "zh-CN", "")
		if err != nil {
			t.Fatal(err)
		}
		x, err := templates.RenderXLSX(d)
		if err != nil {
			t.Fatal(err)
		}
		return string(doc.Source), x
	}
	people := func(x []byte) string {
		f, err := excelize.OpenReader(bytes.NewReader(x))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, _ := f.GetRows("人员")
		var b strings.Builder
		for _, r := range rows {
			b.WriteString(strings.Join(r, "|") + "\n")
		}
		return b.String()
	}
	form, x := fill(templates.ScreeningForm)
	if !strings.Contains(form, masked) || strings.Contains(form, full) {
		t.Fatalf("screening form not masked:\n%s", form)
	}
	if reg := people(x); !strings.Contains(reg, "1101**********1234") || strings.Contains(reg, full) {
		t.Fatalf("people register not masked:\n%s", reg)
	}
	if nda, _ := fill(templates.NDAPerson); !strings.Contains(nda, full) {
		t.Fatalf("the person NDA lacks its signatory's number:\n%s", nda)
	}
	op := store.Operator{Name: "张三"}
	if err := st.SetMasking(ctx, op, false); err != nil {
		t.Fatal(err)
	}
	if recs, _ := st.AuditLog(ctx, 1); recs[0].Event != store.EventMasking || !strings.Contains(recs[0].Detail, "off") {
		t.Fatalf("not audited: %+v", recs[0])
	}
	if form, x := fill(templates.ScreeningForm); !strings.Contains(form, full) || !strings.Contains(people(x), full) {
		t.Fatal("masking off still masks")
	}
}
