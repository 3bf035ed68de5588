package bundle

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"outsec/model/inspection"
	"outsec/signing"
	"outsec/store"
)

var ctx = context.Background()

type office struct {
	st   *store.Store
	op   store.Operator
	ring signing.Keyring
}

func newOffice(t *testing.T) *office {
	t.Helper()
	db := filepath.Join(t.TempDir(), "outsec.db")
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	op, err := st.CreateOperator(ctx, store.Operator{Name: "王检查", Role: "检查员", Unit: "信息中心"})
	if err != nil {
		t.Fatal(err)
	}
	return &office{st: st, op: op, ring: signing.NewKeyring(db)}
}

func (o *office) lookup(fpr string) ([]store.SigningKey, error) {
	return o.st.KeysByFingerprint(ctx, fpr)
}

func (o *office) signer(t *testing.T) (*signing.Signer, *store.SigningKey) {
	t.Helper()
	p := signing.Profile{OperatorID: o.op.ID, Name: o.op.Name, Role: o.op.Role, Unit: o.op.Unit}
	pass := []byte("correct horse battery")
	k, err := o.ring.Create(func(k *store.SigningKey) error { return o.st.AddKey(ctx, o.op, store.EventKeyCreate, k) }, p, pass, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	kp, err := o.ring.Unlock(*k, pass)
	if err != nil {
		t.Fatal(err)
	}
	return &signing.Signer{Profile: p, KeyID: k.ID, Keys: kp}, k
}

func (o *office) trust(t *testing.T, from *office, k *store.SigningKey) {
	t.Helper()
	dir := t.TempDir()
	if _, err := from.ring.ExportPublic(*k, dir); err != nil {
		t.Fatal(err)
	}
	pub, err := signing.ReadPublic(dir)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := pub.TrustRecord()
	if err != nil {
		t.Fatal(err)
	}
	if err := o.st.AddKey(ctx, o.op, store.EventKeyTrust, rec); err != nil {
		t.Fatal(err)
	}
}

func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	es, _ := os.ReadDir(src)
	for _, e := range es {
		b, _ := os.ReadFile(filepath.Join(src, e.Name()))
		os.WriteFile(filepath.Join(dst, e.Name()), b, 0o600)
	}
	return dst
}

// A bundle made on one database and imported into another adds the
// inspection and its evidence files with identical digests; imported again
// it adds nothing; one changed byte of an evidence file is refused naming
// the file; an untrusted key is refused naming its fingerprint; an
// engagement not in the office is refused.
func TestBundleRoundTrip(t *testing.T) {
	field, office := newOffice(t), newOffice(t)
	e, err := field.st.LoadSample(ctx, field.op, "zh-CN")
	if err != nil {
		t.Fatal(err)
	}
	data, err := exportCase(field.st, field.op, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	// The office has the engagement (a case import), without the inspection.
	in := inspection.Inspection{Date: "2026-05-06", Place: "乙方机房", Inspectors: "王检查", VendorRep: "陈静"}
	if err := field.st.CreateInspection(ctx, field.op, e.ID, &in); err != nil {
		t.Fatal(err)
	}
	for i, c := range in.Checks {
		c.Result, c.Method = inspection.Conforms, inspection.Observation
		if i < 3 {
			c.Result = inspection.Partly
		}
		if err := field.st.SaveCheck(ctx, field.op, in.ID, c); err != nil {
			t.Fatal(err)
		}
	}
	photo := filepath.Join(t.TempDir(), "机房.jpg")
	os.WriteFile(photo, []byte("a photo of the machine room"), 0o600)
	ev, err := field.st.AddCheckEvidence(ctx, field.op, in.ID, in.Checks[0].Item, photo, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := field.st.AddCheckEvidence(ctx, field.op, in.ID, in.Checks[1].Item, "", "访谈记录", "运维主管称每周审查日志"); err != nil {
		t.Fatal(err)
	}
	if _, err := field.st.Acknowledge(ctx, field.op, in.ID, inspection.Acknowledgement{Name: "陈静", Date: "2026-05-06"}); err != nil {
		t.Fatal(err)
	}
	signer, key := field.signer(t)
	dir := filepath.Join(t.TempDir(), "bundle")
	num, files, err := Export(ctx, field.st, signer, in.ID, dir, "outsec test")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2+5 || num != Number(e.Code, in.UID) {
		t.Fatalf("%s %v", num, files)
	}

	// Untrusted: refused naming the fingerprint.
	if _, err := office.st.ImportCase(ctx, office.op, data, store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	_, err = Read(dir, office.lookup)
	var ref *Refusal
	if !errors.As(err, &ref) || ref.Key != "bundle.err.untrusted" || ref.Fingerprint != key.Ed25519FPR {
		t.Fatalf("untrusted: %v", err)
	}
	office.trust(t, field, key)

	// One changed byte of the evidence file: refused naming it.
	bad := copyDir(t, dir)
	p := filepath.Join(bad, ev.SHA256)
	b, _ := os.ReadFile(p)
	b[0] ^= 1
	os.WriteFile(p, b, 0o600)
	if _, err := Read(bad, office.lookup); !errors.As(err, &ref) || ref.Key != "bundle.err.changed" || ref.File != ev.SHA256 {
		t.Fatalf("changed byte: %v", err)
	}

	bd, err := Read(dir, office.lookup)
	if err != nil {
		t.Fatal(err)
	}
	if len(bd.Findings()) != 3 || bd.Record.Engagement.UID != e.UID {
		t.Fatalf("preview %+v", bd.Record.Engagement)
	}
	res, err := Import(ctx, office.st, office.op, bd)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Added || res.Findings != 3 {
		t.Fatalf("import %+v", res)
	}
	oe, _ := office.st.EngagementByUID(ctx, e.UID)
	got, _, _ := office.st.Inspection(ctx, res.ID)
	if got.UID != in.UID || !got.Acknowledged() || got.Checks[0].Finding == 0 || len(got.Checks[0].Evidence) != 1 || got.Checks[0].Evidence[0] != ev.SHA256 {
		t.Fatalf("imported %+v", got.Checks[0])
	}
	evs, _ := office.st.EngagementEvidence(ctx, oe.ID)
	found := false
	for _, x := range evs {
		if x.SHA256 == ev.SHA256 && x.SM3 == ev.SM3 {
			found = true
			kept, _ := os.ReadFile(office.st.EvidencePath(x))
			if string(kept) != "a photo of the machine room" {
				t.Fatalf("kept file %q", kept)
			}
		}
	}
	if !found {
		t.Fatal("evidence file not added")
	}
	fs1, _ := office.st.Findings(ctx, oe.ID)
	ins1, _ := office.st.Inspections(ctx, oe.ID)
	// Again: nothing added.
	res2, err := Import(ctx, office.st, office.op, bd)
	if err != nil || res2.Added {
		t.Fatalf("twice: %+v %v", res2, err)
	}
	fs2, _ := office.st.Findings(ctx, oe.ID)
	ins, _ := office.st.Inspections(ctx, oe.ID)
	if len(fs2) != len(fs1) || len(ins) != len(ins1) {
		t.Fatalf("twice added: findings %d → %d, inspections %d", len(fs1), len(fs2), len(ins))
	}

	// An office without the engagement: refused.
	third := newOffice(t)
	third.trust(t, field, key)
	bd3, err := Read(dir, third.lookup)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Import(ctx, third.st, third.op, bd3); !errors.Is(err, store.ErrNoEngagement) {
		t.Fatalf("no engagement: %v", err)
	}
}
