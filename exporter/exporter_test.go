package exporter_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"outsec/exporter"
	"outsec/model/sign"
	"outsec/signing"
	"outsec/store"
	"outsec/templates"
	"outsec/templates/templatetest"
)

func job(t *testing.T, st *store.Store, dir string, signer *signing.Signer) *exporter.Job {
	t.Helper()
	e := templatetest.Engagement(t, st, "zh-CN")
	data, err := templates.Load(context.Background(), st, e.ID, "zh-CN")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := templates.Fill(templates.RiskReport, data, "zh-CN", "")
	if err != nil {
		t.Fatal(err)
	}
	md, _ := templates.FormatByName("md")
	pdf, _ := templates.FormatByName("pdf")
	j, err := exporter.New(doc, data, templates.RiskReport, []templates.Format{md, pdf}, dir, signer, "outsec test", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := j.RenderAll(); err != nil {
		t.Fatal(err)
	}
	return j
}

func TestSignedJobVerifies(t *testing.T) {
	st := templatetest.Open(t)
	ctx := context.Background()
	op, err := st.CreateOperator(ctx, store.Operator{Name: "张三", Role: "科长", Unit: "信息中心"})
	if err != nil {
		t.Fatal(err)
	}
	ring := signing.NewKeyring(st.Path())
	prof := signing.Profile{OperatorID: op.ID, Name: op.Name, Role: op.Role, Unit: op.Unit}
	k, err := ring.Create(func(k *store.SigningKey) error { return st.AddKey(ctx, op, store.EventKeyCreate, k) }, prof, []byte("passphrase!"), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	kp, err := ring.Unlock(*k, []byte("passphrase!"))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "out")
	// The PDF's signing time is local, the zone named (issue 16); the
	// signature keeps UTC.
	sh, _ := time.LoadLocation("Asia/Shanghai")
	saved := time.Local
	time.Local = sh
	defer func() { time.Local = saved }()
	j := job(t, st, dir, &signing.Signer{Profile: prof, KeyID: k.ID, Keys: kp})
	signedAt, _ := time.Parse(time.RFC3339, j.Statement.Meta.SignedAt)
	if !strings.HasSuffix(j.Statement.Meta.SignedAt, "Z") || j.Doc.Verification.Lines[2].Value != signedAt.In(sh).Format("2006-01-02 15:04:05")+" (UTC+08:00)" {
		t.Errorf("signing time %q in the metadata, %q in the PDF", j.Statement.Meta.SignedAt, j.Doc.Verification.Lines[2].Value)
	}
	if j.Doc.Verification == nil || j.Doc.Verification.Code != j.Statement.Code() || !strings.Contains(j.Doc.Verification.QR, j.Statement.Fingerprint()) {
		t.Fatalf("verification block: %+v", j.Doc.Verification)
	}
	rec, err := j.Write(ctx, st, op)
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Files) != 7 || rec.Signature == nil || rec.Signature.Code != j.Statement.Code() {
		t.Fatalf("record: %+v", rec)
	}
	rep, err := signing.Verify(dir, func(f string) ([]store.SigningKey, error) { return st.KeysByFingerprint(ctx, f) })
	if err != nil || rep.Status() != signing.Valid || rep.Results[0].Code != rec.Signature.Code {
		t.Fatalf("verify: %v %+v", err, rep)
	}
	// The metadata anchors the audit chain: the head as the data were read.
	if h := rep.Results[0].Meta.AuditHead; h == nil || h.ID != j.Data.AuditHead.ID || h.ID == 0 || len(h.Hash) != 64 {
		t.Errorf("audit head in the metadata: %+v", h)
	}
	// The metadata names the document's text: the Markdown file is that text.
	md, _ := os.ReadFile(filepath.Join(dir, j.Doc.Number+".md"))
	if rep.Results[0].Meta.ContentSHA256 != sign.DigestSHA256(md) {
		t.Error("content digest is not the Markdown's")
	}
}

func TestWriteFailureLeavesNothing(t *testing.T) {
	st := templatetest.Open(t)
	ctx := context.Background()
	base := t.TempDir()
	file := filepath.Join(base, "a-file")
	os.WriteFile(file, []byte("x"), 0o644)
	j := job(t, st, file, nil)
	_, err := j.Write(ctx, st, store.Operator{Name: "t"})
	var we *exporter.WriteError
	if !errors.As(err, &we) || !errors.Is(err, exporter.ErrNotDir) {
		t.Fatalf("a file as folder: %v", err)
	}
	if os.Getuid() == 0 {
		return // root writes into read-only folders
	}
	ro := filepath.Join(base, "ro")
	os.Mkdir(ro, 0o555)
	j = job(t, st, ro, nil)
	if _, err := j.Write(ctx, st, store.Operator{Name: "t"}); !errors.As(err, &we) {
		t.Fatalf("read-only folder: %v", err)
	}
	if ents, _ := os.ReadDir(ro); len(ents) != 0 {
		t.Fatalf("left behind: %v", ents)
	}
	if xs, _ := st.Exports(ctx, 1); len(xs) != 0 {
		t.Fatal("a failed export was recorded")
	}
}
