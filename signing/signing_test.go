package signing_test

import (
	"bytes"
	"context"
	"encoding/pem"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"outsec/model/sign"
	"outsec/signing"
	"outsec/store"
)

var pass = []byte("correct horse battery")

type env struct {
	t    testing.TB
	ctx  context.Context
	st   *store.Store
	db   string
	ring signing.Keyring
	op   store.Operator
}

func newEnv(t testing.TB) *env {
	t.Helper()
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "data", "outsec.db")
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	op, err := st.CreateOperator(ctx, store.Operator{Name: "张三", Role: "科长", Unit: "信息中心"})
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, ctx: ctx, st: st, db: db, ring: signing.NewKeyring(db), op: op}
}

func (e *env) profile() signing.Profile {
	return signing.Profile{OperatorID: e.op.ID, Name: e.op.Name, Role: e.op.Role, Unit: e.op.Unit}
}

func (e *env) record(event string) func(*store.SigningKey) error {
	return func(k *store.SigningKey) error { return e.st.AddKey(e.ctx, e.op, event, k) }
}

func (e *env) newKey() (*store.SigningKey, *sign.KeyPair) {
	e.t.Helper()
	k, err := e.ring.Create(e.record(store.EventKeyCreate), e.profile(), pass, time.Now())
	if err != nil {
		e.t.Fatal(err)
	}
	kp, err := e.ring.Unlock(*k, pass)
	if err != nil {
		e.t.Fatal(err)
	}
	return k, kp
}

func (e *env) lookup(fpr string) ([]store.SigningKey, error) {
	return e.st.KeysByFingerprint(e.ctx, fpr)
}

// signedExport writes a small signed export (two files) into a new folder.
func (e *env) signedExport(k *store.SigningKey, kp *sign.KeyPair, files []sign.File) string {
	e.t.Helper()
	dir := e.t.TempDir()
	s := &signing.Signer{Profile: e.profile(), KeyID: k.ID, Keys: kp}
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
	}
	stmt, err := signing.NewStatement(s, signing.Document{Number: "2026-001-RA-01", Title: "风险评估报告", Kind: "risk-report",
		Version: "1.0", Lang: "zh-CN", Content: files[0].Data}, names, time.Date(2026, 11, 22, 8, 0, 0, 0, time.UTC), "outsec test")
	if err != nil {
		e.t.Fatal(err)
	}
	sealed, err := stmt.Seal(files)
	if err != nil {
		e.t.Fatal(err)
	}
	if sealed.Code != stmt.Code() || len(sealed.Code) != 19 {
		e.t.Fatalf("code %q / %q", sealed.Code, stmt.Code())
	}
	for _, f := range append(append([]sign.File(nil), files...), sealed.Files...) {
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
			e.t.Fatal(err)
		}
	}
	return dir
}

func smallFiles() []sign.File {
	return []sign.File{
		{Name: "2026-001-RA-01.md", Data: []byte("# 风险评估报告\n\n评估结论：可以外包。\n")},
		{Name: "2026-001-RA-01.html", Data: []byte("<!doctype html><h1>风险评估报告</h1><p>评估结论：可以外包。</p>\n")},
	}
}

func TestSignThenVerify(t *testing.T) {
	e := newEnv(t)
	k, kp := e.newKey()
	dir := e.signedExport(k, kp, smallFiles())

	rep, err := signing.Verify(dir, e.lookup)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Status() != signing.Valid || len(rep.Results) != 1 {
		t.Fatalf("status %v, results %+v", rep.Status(), rep.Results)
	}
	r := rep.Results[0]
	if r.Trust != signing.Trusted || r.Key == nil || r.Key.ID != k.ID || r.Meta.Signer.Name != "张三" || r.Meta.Signer.Unit != "信息中心" {
		t.Fatalf("result %+v", r)
	}
	if len(r.Files) != 3 || len(rep.Unsigned) != 0 {
		t.Fatalf("files %v, unsigned %v", r.Files, rep.Unsigned)
	}
	// One file of the export verifies its export.
	rep, err = signing.Verify(filepath.Join(dir, "2026-001-RA-01.html"), e.lookup)
	if err != nil || rep.Status() != signing.Valid {
		t.Fatalf("file: %v %v", err, rep)
	}
	// A file nobody signed is said to be unsigned.
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o644)
	rep, err = signing.Verify(dir, e.lookup)
	if err != nil || rep.Status() != signing.Valid || len(rep.Unsigned) != 1 || rep.Unsigned[0] != "notes.txt" {
		t.Fatalf("unsigned: %v %+v", err, rep)
	}
	if _, err := signing.Verify(filepath.Join(dir, "notes.txt"), e.lookup); !errors.Is(err, signing.ErrNoSignature) {
		t.Fatalf("unsigned file: %v", err)
	}
}

// TestEveryByteChangeIsDetected changes each byte of each file of a signed
// export folder in turn, and verification must fail every time.
func TestEveryByteChangeIsDetected(t *testing.T) {
	e := newEnv(t)
	k, kp := e.newKey()
	dir := e.signedExport(k, kp, smallFiles())
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 7 {
		t.Fatalf("%d files in the export", len(entries))
	}
	total := 0
	for _, ent := range entries {
		p := filepath.Join(dir, ent.Name())
		orig, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for i := range orig {
			for _, delta := range []byte{0x01, 0x80} {
				b := bytes.Clone(orig)
				b[i] ^= delta
				if err := os.WriteFile(p, b, 0o644); err != nil {
					t.Fatal(err)
				}
				rep, err := signing.Verify(dir, e.lookup)
				if err == nil && rep.Status() != signing.Invalid {
					t.Fatalf("%s byte %d ^%#x: status %v", ent.Name(), i, delta, rep.Status())
				}
				total++
			}
		}
		if err := os.WriteFile(p, orig, 0o644); err != nil {
			t.Fatal(err)
		}
		// A missing file, too.
		os.Remove(p)
		rep, err := signing.Verify(dir, e.lookup)
		if err == nil && rep.Status() != signing.Invalid {
			t.Fatalf("%s removed: status %v", ent.Name(), rep.Status())
		}
		if err := os.WriteFile(p, orig, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if rep, err := signing.Verify(dir, e.lookup); err != nil || rep.Status() != signing.Valid {
		t.Fatalf("restored: %v %v", err, rep.Status())
	}
	t.Logf("%d single-byte changes, all detected", total)
}

func TestProblemsNameTheFile(t *testing.T) {
	e := newEnv(t)
	k, kp := e.newKey()
	dir := e.signedExport(k, kp, smallFiles())
	p := filepath.Join(dir, "2026-001-RA-01.html")
	b, _ := os.ReadFile(p)
	os.WriteFile(p, append(b, '!'), 0o644)
	os.Remove(filepath.Join(dir, "2026-001-RA-01.md"))
	rep, err := signing.Verify(dir, e.lookup)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, pr := range rep.Results[0].Problems {
		got = append(got, pr.Key+" "+pr.File+" "+pr.What)
	}
	sort.Strings(got)
	want := []string{
		"verify.problem.changed 2026-001-RA-01.html SHA-256",
		"verify.problem.changed 2026-001-RA-01.html SM3",
		"verify.problem.missing 2026-001-RA-01.md SHA-256",
		"verify.problem.missing 2026-001-RA-01.md SM3",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("problems:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestUntrustedAndRevoked(t *testing.T) {
	other := newEnv(t)
	k, kp := other.newKey()
	dir := other.signedExport(k, kp, smallFiles())

	e := newEnv(t) // another office
	rep, err := signing.Verify(dir, e.lookup)
	if err != nil {
		t.Fatal(err)
	}
	r := rep.Results[0]
	if rep.Status() != signing.UnknownSigner || r.Trust != signing.Untrusted || r.Ed25519FPR != k.Ed25519FPR || r.SM2FPR != k.SM2FPR {
		t.Fatalf("untrusted: %v %+v", rep.Status(), r)
	}
	// The receiving office trusts the public keys the signer exported.
	pubDir := t.TempDir()
	if _, err := other.ring.ExportPublic(*k, pubDir); err != nil {
		t.Fatal(err)
	}
	pub, err := signing.ReadPublic(pubDir)
	if err != nil {
		t.Fatal(err)
	}
	if pub.Name != "张三" || pub.Unit != "信息中心" {
		t.Fatalf("names from the certificate: %q %q", pub.Name, pub.Unit)
	}
	rec, err := pub.TrustRecord()
	if err != nil {
		t.Fatal(err)
	}
	if err := e.st.AddKey(e.ctx, e.op, store.EventKeyTrust, rec); err != nil {
		t.Fatal(err)
	}
	if err := e.st.AddKey(e.ctx, e.op, store.EventKeyTrust, rec); !errors.Is(err, store.ErrKeyExists) {
		t.Fatalf("trusted twice: %v", err)
	}
	rep, _ = signing.Verify(dir, e.lookup)
	if rep.Status() != signing.Valid || rep.Results[0].Key.Kind != store.KeyTrusted {
		t.Fatalf("trusted: %v %+v", rep.Status(), rep.Results[0])
	}
	if err := e.st.RevokeKey(e.ctx, e.op, rec.ID); err != nil {
		t.Fatal(err)
	}
	rep, _ = signing.Verify(dir, e.lookup)
	if rep.Status() != signing.UnknownSigner || rep.Results[0].Trust != signing.Revoked {
		t.Fatalf("revoked: %v %+v", rep.Status(), rep.Results[0])
	}
	// One file with both keys (allowed_signers + certificate) reads too.
	as, _ := os.ReadFile(filepath.Join(pubDir, signing.FileAllowedSigners))
	cert, _ := os.ReadFile(filepath.Join(pubDir, signing.FileSM2Cert))
	one := filepath.Join(t.TempDir(), "zhang.pub")
	os.WriteFile(one, append(append(as, '\n'), cert...), 0o644)
	if p, err := signing.ReadPublic(one); err != nil || !p.Ed25519.Equal(pub.Ed25519) || !p.SM2.Equal(pub.SM2) {
		t.Fatalf("one file: %v", err)
	}
	// Half of it is refused.
	os.WriteFile(one, as, 0o644)
	if _, err := signing.ReadPublic(one); !errors.Is(err, signing.ErrIncompletePublic) {
		t.Fatalf("allowed_signers alone: %v", err)
	}
}

func snapshot(t *testing.T, root string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() {
			b, _ := os.ReadFile(p)
			out[p] = b
		}
		return nil
	})
	return out
}

func TestWrongPassphraseChangesNothing(t *testing.T) {
	e := newEnv(t)
	k, _ := e.newKey()
	before := snapshot(t, signing.KeysDir(e.db))
	if len(before) != 7 { // six key files and the owner (FileOwner)
		t.Fatalf("%d key files", len(before))
	}
	if _, err := e.ring.Unlock(*k, []byte("wrong passphrase")); !errors.Is(err, sign.ErrWrongPassphrase) {
		t.Fatalf("wrong passphrase: %v", err)
	}
	// Import with a wrong passphrase installs nothing either.
	_, err := e.ring.Import(e.record(store.EventKeyImport), e.profile(), filepath.Join(e.ring.Base, k.Dir), []byte("wrong passphrase"), time.Now())
	if !errors.Is(err, sign.ErrWrongPassphrase) {
		t.Fatalf("import: %v", err)
	}
	after := snapshot(t, signing.KeysDir(e.db))
	if len(after) != len(before) {
		t.Fatalf("files changed: %d → %d", len(before), len(after))
	}
	for p, b := range before {
		if !bytes.Equal(after[p], b) {
			t.Fatalf("%s changed", p)
		}
	}
	for p := range after {
		if info, _ := os.Stat(p); strings.Contains(filepath.Base(p), "key") && info.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v", p, info.Mode().Perm())
		}
	}
}

func TestPassphraseRules(t *testing.T) {
	if err := signing.CheckNewPassphrase([]byte("短口令"), []byte("短口令")); !errors.Is(err, signing.ErrShortPassphrase) {
		t.Fatal(err)
	}
	if err := signing.CheckNewPassphrase([]byte("long enough"), []byte("long enougH")); !errors.Is(err, signing.ErrPassphraseMatch) {
		t.Fatal(err)
	}
	if err := signing.CheckNewPassphrase([]byte("八个汉字的口令啊"), []byte("八个汉字的口令啊")); err != nil {
		t.Fatal(err)
	}
}

func TestOneKeyInForcePerSigner(t *testing.T) {
	e := newEnv(t)
	k, _ := e.newKey()
	_, err := e.ring.Create(e.record(store.EventKeyCreate), e.profile(), pass, time.Now().Add(time.Second))
	if !errors.Is(err, store.ErrKeyInForce) {
		t.Fatalf("second key: %v", err)
	}
	// The refused key left no folder behind.
	ents, _ := os.ReadDir(signing.KeysDir(e.db))
	if len(ents) != 1 {
		t.Fatalf("%d key folders", len(ents))
	}
	if err := e.st.RevokeKey(e.ctx, e.op, k.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.SignerKey(e.ctx, e.op.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("revoked key still in force: %v", err)
	}
	if _, err := e.ring.Create(e.record(store.EventKeyCreate), e.profile(), pass, time.Now().Add(2*time.Second)); err != nil {
		t.Fatalf("new key after revoking: %v", err)
	}
}

// TestNoPrivateKeyInTheClear looks through every file of the data folder,
// the database included, for the raw private keys and for unencrypted
// private key formats.
func TestNoPrivateKeyInTheClear(t *testing.T) {
	e := newEnv(t)
	_, kp := e.newKey()
	e.st.Close()
	seed := kp.Ed25519.Seed()
	d := kp.SM2.D.Bytes()
	for p, b := range snapshot(t, filepath.Dir(e.db)) {
		for _, bad := range [][]byte{seed, d, []byte("BEGIN PRIVATE KEY"), []byte("BEGIN EC PRIVATE KEY"), []byte("BEGIN SM2 PRIVATE KEY")} {
			if bytes.Contains(b, bad) {
				t.Errorf("%s holds private key material in the clear (%q…)", p, bad[:4])
			}
		}
		if filepath.Base(p) == signing.FileEd25519Private {
			// openssh-key-v1 names its cipher; "none" would be unencrypted.
			if !bytes.Contains(b, []byte("OPENSSH PRIVATE KEY")) {
				t.Errorf("%s: not an OpenSSH key", p)
			}
		}
	}
	for p, b := range snapshot(t, filepath.Dir(e.db)) {
		if filepath.Base(p) == signing.FileEd25519Private {
			if _, err := sign.Load(b, mustRead(t, filepath.Join(filepath.Dir(p), signing.FileSM2Private)), []byte("x")); !errors.Is(err, sign.ErrWrongPassphrase) {
				t.Errorf("key opens without its passphrase: %v", err)
			}
		}
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// --- stock tools on a real export folder ---

func needTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s not installed (apt-get install openssh-client openssl coreutils); check skipped", name)
	}
	return p
}

func run(t *testing.T, dir string, stdin []byte, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

func TestStockToolsVerifyTheExport(t *testing.T) {
	e := newEnv(t)
	k, kp := e.newKey()
	dir := e.signedExport(k, kp, smallFiles())
	pubDir := t.TempDir()
	if _, err := e.ring.ExportPublic(*k, pubDir); err != nil {
		t.Fatal(err)
	}
	num := "2026-001-RA-01"
	t.Run("ssh-keygen", func(t *testing.T) {
		keygen := needTool(t, "ssh-keygen")
		out := run(t, dir, mustRead(t, filepath.Join(dir, num+".sha256")), keygen, "-Y", "verify",
			"-f", filepath.Join(pubDir, signing.FileAllowedSigners), "-I", signing.Principal("张三"), "-n", "outsec",
			"-s", num+".sha256.sig")
		if !strings.Contains(out, "Good \"outsec\" signature") {
			t.Fatalf("ssh-keygen: %s", out)
		}
	})
	t.Run("sha256sum", func(t *testing.T) {
		sum := needTool(t, "sha256sum")
		out := run(t, dir, nil, sum, "-c", num+".sha256")
		if strings.Count(out, ": OK") != 3 {
			t.Fatalf("sha256sum -c: %s", out)
		}
	})
	t.Run("openssl", func(t *testing.T) {
		openssl := needTool(t, "openssl")
		if v := run(t, "", nil, openssl, "version"); !strings.HasPrefix(v, "OpenSSL 3") {
			t.Skipf("openssl is %q; SM2 distid needs OpenSSL 3", strings.TrimSpace(v))
		}
		out := run(t, dir, nil, openssl, "dgst", "-sm3", "-verify", filepath.Join(pubDir, signing.FileSM2Public),
			"-sigopt", "distid:"+sign.SM2DistID, "-signature", num+".sm3.sig", num+".sm3")
		if !strings.Contains(out, "Verified OK") {
			t.Fatalf("openssl dgst: %s", out)
		}
		// The SM3 digests, as README shows.
		es, err := sign.ParseManifest(mustRead(t, filepath.Join(dir, num+".sm3")))
		if err != nil {
			t.Fatal(err)
		}
		for _, en := range es {
			got := run(t, dir, nil, openssl, "dgst", "-sm3", "-r", en.Name)
			if !strings.HasPrefix(got, en.Digest+" ") {
				t.Fatalf("%s: openssl SM3 %s, manifest %s", en.Name, got, en.Digest)
			}
		}
		// The encrypted SM2 key opens with the passphrase.
		keyFile := filepath.Join(e.ring.Base, k.Dir, signing.FileSM2Private)
		out = run(t, "", nil, openssl, "pkey", "-in", keyFile, "-passin", "pass:"+string(pass), "-pubout")
		if strings.TrimSpace(out) != strings.TrimSpace(k.SM2Public) {
			t.Fatalf("openssl pkey: %s", out)
		}
	})
}

func TestCheckFilesFindsAnUnencryptedKey(t *testing.T) {
	e := newEnv(t)
	k, kp := e.newKey()
	if err := e.ring.CheckFiles(*k); err != nil {
		t.Fatalf("fresh key: %v", err)
	}
	block, err := ssh.MarshalPrivateKey(kp.Ed25519, "")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(e.ring.Base, k.Dir, signing.FileEd25519Private)
	if err := os.WriteFile(p, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := e.ring.CheckFiles(*k); !errors.Is(err, signing.ErrKeyFileNotEncrypted) {
		t.Fatalf("unencrypted Ed25519 key: %v", err)
	}
}
