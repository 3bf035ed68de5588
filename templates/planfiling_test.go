package templates_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"outsec/model"
	"outsec/model/annexa"
	"outsec/model/filing"
	"outsec/store"
	"outsec/templates"
	"outsec/templates/render/markdown"
	"outsec/templates/render/pdf"
	"outsec/templates/templatetest"
)

var op = store.Operator{Name: "Tester"}

// render fills kind from the store's data now, for filing version n (0:
// the latest), and renders Markdown and PDF.
func renderVersion(t *testing.T, st *store.Store, id int64, kind templates.Kind, n int, lang string) (string, []byte) {
	t.Helper()
	d, err := templates.Load(context.Background(), st, id, lang)
	if err != nil {
		t.Fatal(err)
	}
	if n > 0 {
		var ok bool
		if d, ok = d.ForFiling(n); !ok {
			t.Fatalf("no v%d", n)
		}
	}
	// What a caller may set, which a version's document ignores.
	d.Seq, d.Date = 7, "2030-01-01"
	doc, err := templates.Fill(kind, d, lang, "")
	if err != nil {
		t.Fatal(err)
	}
	md, err := markdown.Render(doc)
	if err != nil {
		t.Fatal(err)
	}
	p, err := pdf.Render(doc)
	if err != nil {
		t.Fatal(err)
	}
	return string(md), p
}

// After filing v1 the data change and v2 is filed: v1's document is the same
// bytes as before, v2's change statement names exactly the changed fields,
// and the plan's document has a row for every annex A item.
func TestFilingDocumentsFromTheirSnapshots(t *testing.T) {
	for _, lang := range templates.Langs {
		t.Run(lang, func(t *testing.T) {
			ctx := context.Background()
			st := templatetest.Open(t)
			st.Now = func() time.Time { return time.Date(2026, 5, 6, 9, 0, 0, 0, time.UTC) }
			e, err := st.LoadSample(ctx, op, lang)
			if err != nil {
				t.Fatal(err)
			}
			md1, pdf1 := renderVersion(t, st, e.ID, templates.FilingForm, 1, lang)
			if !strings.Contains(md1, "2026-001-FF-01") && !strings.Contains(md1, "-FF-01") {
				t.Errorf("v1's number:\n%s", md1[:200])
			}
			// The data change: the vendor's scale, the service content, a manager's phone.
			sc, _ := st.Screening(ctx, e.ID)
			for _, p := range sc.People {
				if p.NDASigned == "" {
					p := p
					p.NDASigned = "2026-04-20"
					if err := st.UpdatePerson(ctx, op, &p); err != nil {
						t.Fatal(err)
					}
				}
			}
			cur, _ := st.Engagement(ctx, e.ID)
			cur.Vendor.Scale = model.ScaleLarge
			cur.Managers[0].Phone = "010-8888 0099"
			cur.Name += " 2"
			if err := st.UpdateEngagement(ctx, op, &cur, 0); err != nil {
				t.Fatal(err)
			}
			if err := st.SetServiceContent(ctx, op, e.ID, "changed content"); err != nil {
				t.Fatal(err)
			}
			if _, err := st.DraftFiling(ctx, op, e.ID, "authority", []filing.KV{{Key: "k", Value: "v"}}); err != nil {
				t.Fatal(err)
			}
			again, pdfAgain := renderVersion(t, st, e.ID, templates.FilingForm, 1, lang)
			if again != md1 || !bytes.Equal(pdf1, pdfAgain) {
				t.Errorf("v1's document changed after v2 (md equal %v, pdf equal %v)", again == md1, bytes.Equal(pdf1, pdfAgain))
			}
			ch, _ := renderVersion(t, st, e.ID, templates.FilingChange, 0, lang)
			rows := 0
			for _, l := range strings.Split(ch, "\n") {
				if strings.HasPrefix(l, "| ") && !strings.Contains(l, "---") {
					rows++
				}
			}
			// The document table (head and row), the head of the changes,
			// and: scale, service content, phone, and the lead's name,
			// phone and email (v1 had the former lead).
			if rows != 3+6 {
				t.Errorf("change statement has %d table rows:\n%s", rows, ch)
			}
			for _, want := range []string{"010-8888 0099", "changed content", "-FC-02"} {
				if !strings.Contains(ch, want) {
					t.Errorf("change statement lacks %q", want)
				}
			}
			sp, _ := renderVersion(t, st, e.ID, templates.SecurityPlan, 0, lang)
			for _, it := range annexa.Items() {
				if !strings.Contains(sp, "| "+it.Label()+" | "+markdownEscape(it.Title(lang))+" |") {
					t.Errorf("plan document has no row for %s", it.ID)
				}
			}
		})
	}
}

func markdownEscape(s string) string { return templates.Escape(s) }
