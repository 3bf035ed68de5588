package inspection

import (
	"path/filepath"
	"testing"

	"outsec/bundle"
	"outsec/i18n"
	"outsec/model/casefile"
	insp "outsec/model/inspection"
	"outsec/signing"
	"outsec/store"
	"outsec/tui/tuitest"
	"outsec/tui/ui"
)

// i on the inspection list reads a bundle, verifies it and shows what it
// adds with its findings; y imports it; the same bundle again adds nothing;
// a bundle signed by an untrusted key is refused naming the fingerprint.
func TestImportBundleFromTheWorkbench(t *testing.T) {
	field, fop := tuitest.WithOperator(t)
	e := tuitest.BlankSample(t, field, fop, "zh-CN")
	var caseData []byte
	if _, err := field.ExportCase(bg, fop, e.ID, func(c casefile.Case) ([]byte, error) {
		c.ExportedAt, c.Tool = field.Now(), "test"
		b, err := casefile.Encode(c)
		caseData = b
		return b, err
	}); err != nil {
		t.Fatal(err)
	}
	in := insp.Inspection{Date: "2026-03-02", Place: "Vendor office", Inspectors: "Wang"}
	if err := field.CreateInspection(bg, fop, e.ID, &in); err != nil {
		t.Fatal(err)
	}
	for i, c := range in.Checks {
		c.Result = insp.Conforms
		if i == 0 {
			c.Result = insp.Partly
		}
		field.SaveCheck(bg, fop, in.ID, c)
	}
	field.Acknowledge(bg, fop, in.ID, insp.Acknowledgement{Name: "Chen", Date: "2026-03-02"})
	k := tuitest.CreateKey(t, field, fop)
	ring := signing.NewKeyring(field.Path())
	kp, err := ring.Unlock(*k, []byte(tuitest.TestPass))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "bundle")
	signer := &signing.Signer{Profile: ui.SigningProfile(fop), KeyID: k.ID, Keys: kp}
	if _, _, err := bundle.Export(bg, field, signer, in.ID, dir, "test"); err != nil {
		t.Fatal(err)
	}

	office, op := tuitest.WithOperator(t)
	if _, err := office.ImportCase(bg, op, caseData, store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	c := i18n.New(i18n.EN)
	h := tuitest.NewHarness(t, office, i18n.EN, 80, 24)
	h.Press("S", "i")
	h.TypeText(dir)
	h.Press("enter")
	h.MustShow(c.T("bundle.err.untrusted", "", k.Ed25519FPR)[:30])
	// Trusted: the preview, then the import.
	pubDir := t.TempDir()
	if _, err := ring.ExportPublic(*k, pubDir); err != nil {
		t.Fatal(err)
	}
	pub, _ := signing.ReadPublic(pubDir)
	rec, _ := pub.TrustRecord()
	if err := office.AddKey(bg, op, store.EventKeyTrust, rec); err != nil {
		t.Fatal(err)
	}
	h.Press("i")
	h.TypeText(dir)
	h.Press("enter")
	h.MustShow(c.T("inspection.import_ask"), "A.1 a)", e.UID)
	h.CheckFrame(80, 24)
	h.Press("y")
	oe, _ := office.EngagementByUID(bg, e.UID)
	ins, _ := office.Inspections(bg, oe.ID)
	fs, _ := office.Findings(bg, oe.ID)
	if len(ins) != 1 || len(fs) != 1 {
		t.Fatalf("imported %d inspections, %d findings", len(ins), len(fs))
	}
	h.Press("i")
	h.TypeText(dir)
	h.Press("enter", "y")
	ins, _ = office.Inspections(bg, oe.ID)
	if len(ins) != 1 {
		t.Fatalf("twice: %d", len(ins))
	}
	h.MustShow("was …")
}
