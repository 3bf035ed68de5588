package sign

import (
	"bytes"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emmansun/gmsm/smx509"
	"golang.org/x/crypto/ssh"
)

var (
	testPass    = []byte("correct horse 电池 staple")
	testKeyOnce sync.Once
	testKey     *KeyPair
	testEdPEM   []byte
	testSMPEM   []byte
)

// fixture generates and encrypts one key pair for the whole test binary.
func fixture(t testing.TB) (*KeyPair, []byte, []byte) {
	t.Helper()
	testKeyOnce.Do(func() {
		k, err := NewKeys(testPass)
		if err != nil {
			panic(err)
		}
		ed, sm, err := k.Encrypt(testPass)
		if err != nil {
			panic(err)
		}
		testKey, testEdPEM, testSMPEM = k, ed, sm
	})
	return testKey, testEdPEM, testSMPEM
}

func TestKeysRoundTrip(t *testing.T) {
	k, ed, sm := fixture(t)
	if !bytes.HasPrefix(ed, []byte("-----BEGIN OPENSSH PRIVATE KEY-----")) {
		t.Fatalf("Ed25519 PEM header: %q", ed[:40])
	}
	if !bytes.HasPrefix(sm, []byte("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
		t.Fatalf("SM2 PEM header: %q", sm[:40])
	}
	// Without the passphrase the OpenSSH key must not parse.
	if _, err := Load(ed, sm, nil); !errors.Is(err, ErrEmptyPassphrase) {
		t.Fatalf("empty passphrase: %v", err)
	}
	got, err := Load(ed, sm, testPass)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Ed25519.Equal(k.Ed25519) || !got.SM2.Equal(k.SM2) {
		t.Fatal("loaded keys differ from generated ones")
	}
	if got.Ed25519Fingerprint() != k.Ed25519Fingerprint() || got.SM2Fingerprint() != k.SM2Fingerprint() {
		t.Fatal("fingerprints differ")
	}
	if !strings.HasPrefix(k.Ed25519Fingerprint(), "SHA256:") || len(k.SM2Fingerprint()) != 64 {
		t.Fatalf("fingerprints: %s %s", k.Ed25519Fingerprint(), k.SM2Fingerprint())
	}
	// Two encryptions of the same key differ (fresh salt) yet both load.
	ed2, sm2PEM, err := k.Encrypt(testPass)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(ed, ed2) || bytes.Equal(sm, sm2PEM) {
		t.Fatal("encryption is not salted")
	}
}

func TestNoPlainKeyMaterial(t *testing.T) {
	k, ed, sm := fixture(t)
	seed := k.Ed25519.Seed()
	d := k.SM2.D.Bytes()
	for _, blob := range [][]byte{ed, sm} {
		block, _ := pem.Decode(blob)
		if bytes.Contains(block.Bytes, seed) || bytes.Contains(block.Bytes, d) {
			t.Fatal("private key material in clear")
		}
	}
	if _, _, err := k.Encrypt(nil); !errors.Is(err, ErrEmptyPassphrase) {
		t.Fatalf("Encrypt with empty passphrase: %v", err)
	}
	if _, err := NewKeys(nil); !errors.Is(err, ErrEmptyPassphrase) {
		t.Fatalf("NewKeys with empty passphrase: %v", err)
	}
}

func TestWrongPassphrase(t *testing.T) {
	k, ed, sm := fixture(t)
	if _, err := Load(ed, sm, []byte("wrong")); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("wrong passphrase: got %v", err)
	}
	// The SM2 file alone with a wrong passphrase (Ed25519 file re-encrypted
	// under the wrong one so it passes).
	other := []byte("other passphrase")
	ed2, _, err := k.Encrypt(other)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Load(ed2, sm, other)
	if !errors.Is(err, ErrWrongPassphrase) || !strings.Contains(err.Error(), "SM2") {
		t.Fatalf("SM2 wrong passphrase: got %v", err)
	}
	// Damaged files are ErrBadKey, not a wrong passphrase.
	if _, err := Load([]byte("garbage"), sm, testPass); !errors.Is(err, ErrBadKey) {
		t.Fatalf("garbage Ed25519: %v", err)
	}
	if _, err := Load(ed, []byte("garbage"), testPass); !errors.Is(err, ErrBadKey) {
		t.Fatalf("garbage SM2: %v", err)
	}
}

func TestPublicExports(t *testing.T) {
	k, _, _ := fixture(t)
	line, err := k.AllowedSignersLine("zhang.san@example.gov")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(line, `zhang.san@example.gov namespaces="outsec" ssh-ed25519 AAAA`) {
		t.Fatalf("allowed_signers line: %s", line)
	}
	p, pub, err := ParseAllowedSignersLine(line)
	if err != nil || p != "zhang.san@example.gov" || !pub.Equal(k.Ed25519Public()) {
		t.Fatalf("parse allowed_signers: %q %v", p, err)
	}
	for _, bad := range []string{"", "two words", "a,b", "x\ny", `q"`} {
		if _, err := k.AllowedSignersLine(bad); err == nil {
			t.Errorf("principal %q accepted", bad)
		}
	}

	pubPEM, err := k.SM2PublicPEM()
	if err != nil {
		t.Fatal(err)
	}
	sp, err := ParseSM2PublicPEM(pubPEM)
	if err != nil || !sp.Equal(&k.SM2.PublicKey) {
		t.Fatalf("parse SM2 public PEM: %v", err)
	}

	now := time.Date(2026, 11, 22, 8, 0, 0, 0, time.UTC)
	certPEM, err := k.SelfSignedSM2Cert("张三", "信息中心", now)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(certPEM)
	cert, err := smx509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	if cert.Subject.CommonName != "张三" || len(cert.Subject.OrganizationalUnit) != 1 || cert.Subject.OrganizationalUnit[0] != "信息中心" {
		t.Fatalf("subject: %v", cert.Subject)
	}
	if err := cert.CheckSignature(cert.SignatureAlgorithm, cert.RawTBSCertificate, cert.Signature); err != nil {
		t.Fatalf("self-signature: %v", err)
	}
	if !cert.NotBefore.Before(now) || !cert.NotAfter.After(now.AddDate(4, 0, 0)) {
		t.Fatalf("validity %v – %v", cert.NotBefore, cert.NotAfter)
	}
	cp, err := ParseSM2PublicPEM(certPEM)
	if err != nil || !cp.Equal(&k.SM2.PublicKey) {
		t.Fatalf("key from certificate: %v", err)
	}
}

func sampleFiles() []File {
	return []File{
		{Name: "report.pdf", Data: []byte("%PDF-1.7 pretend")},
		{Name: "meta.json", Data: []byte(`{"number":"OS-2026-001"}`)},
		{Name: "registers/risk.xlsx", Data: bytes.Repeat([]byte{0x50, 0x4b}, 1000)},
	}
}

func TestManifest(t *testing.T) {
	files := sampleFiles()
	m := SHA256Manifest(files)
	lines := strings.Split(strings.TrimSuffix(string(m), "\n"), "\n")
	if len(lines) != 3 || !strings.HasSuffix(lines[0], "  meta.json") || !strings.HasSuffix(lines[2], "  report.pdf") {
		t.Fatalf("manifest not sorted or formatted:\n%s", m)
	}
	// Known vector: sha256("abc"), sm3("abc").
	abc := []File{{Name: "abc.txt", Data: []byte("abc")}}
	if got, want := string(SHA256Manifest(abc)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  abc.txt\n"; got != want {
		t.Fatalf("SHA256 manifest %q", got)
	}
	if got, want := string(SM3Manifest(abc)), "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0  abc.txt\n"; got != want {
		t.Fatalf("SM3 manifest %q", got)
	}
	for _, mk := range []func([]File) []byte{SHA256Manifest, SM3Manifest} {
		entries, err := ParseManifest(mk(files))
		if err != nil || len(entries) != 3 || entries[0].Name != "meta.json" {
			t.Fatalf("parse: %v %v", entries, err)
		}
	}
	if p, err := CheckSHA256(m, files); err != nil || len(p) != 0 {
		t.Fatalf("check: %v %v", p, err)
	}
	if p, err := CheckSM3(SM3Manifest(files), files); err != nil || len(p) != 0 {
		t.Fatalf("check SM3: %v %v", p, err)
	}
	changed := append([]File(nil), files...)
	changed[0] = File{Name: "report.pdf", Data: []byte("%PDF-1.7 pretenD")}
	changed = append(changed[:2], File{Name: "extra.txt"})
	p, err := CheckSHA256(m, changed)
	want := []Problem{{"extra.txt", Unlisted, "sha256"}, {"registers/risk.xlsx", Missing, "sha256"}, {"report.pdf", Changed, "sha256"}}
	if err != nil || fmt.Sprint(p) != fmt.Sprint(want) {
		t.Fatalf("problems %v, want %v (%v)", p, want, err)
	}
	shaM, smM := Manifests(files)
	if !bytes.Equal(shaM, m) || !bytes.Equal(smM, SM3Manifest(files)) {
		t.Fatal("Manifests differs from the single manifests")
	}
	p, err = CheckManifests(shaM, smM, changed)
	if err != nil || len(p) != 6 || p[4] != (Problem{"report.pdf", Changed, "sha256"}) || p[5] != (Problem{"report.pdf", Changed, "sm3"}) {
		t.Fatalf("CheckManifests: %v %v", p, err)
	}
	if _, err := CheckManifests([]byte("junk"), smM, files); err == nil {
		t.Fatal("CheckManifests accepted a bad manifest")
	}
	// Escaped names round-trip.
	odd := []File{{Name: `back\slash` + "\nnl", Data: []byte("x")}}
	entries, err := ParseManifest(SHA256Manifest(odd))
	if err != nil || entries[0].Name != odd[0].Name {
		t.Fatalf("escaped name: %v %v", entries, err)
	}
	for _, bad := range []string{
		"zz  a\n",
		strings.Repeat("0", 64) + " a\n",
		strings.Repeat("0", 64) + "  a",
		strings.Repeat("A", 64) + "  a\n",
		strings.Repeat("0", 64) + "  a\n" + strings.Repeat("1", 64) + "  a\n",
	} {
		if _, err := ParseManifest([]byte(bad)); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

func TestSignVerify(t *testing.T) {
	k, _, _ := fixture(t)
	data := SHA256Manifest(sampleFiles())
	sig, err := SignSSH(k.Ed25519, data)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(sig, []byte("-----BEGIN SSH SIGNATURE-----\n")) || !bytes.HasSuffix(sig, []byte("-----END SSH SIGNATURE-----\n")) {
		t.Fatalf("armor:\n%s", sig)
	}
	if err := VerifySSH(k.Ed25519Public(), data, sig); err != nil {
		t.Fatal(err)
	}
	if pub, err := SSHSignatureKey(sig); err != nil || !pub.Equal(k.Ed25519Public()) {
		t.Fatalf("signature key: %v", err)
	}
	smData := SM3Manifest(sampleFiles())
	smSig, err := SignSM2(k.SM2, smData)
	if err != nil {
		t.Fatal(err)
	}
	if err := VerifySM2(&k.SM2.PublicKey, smData, smSig); err != nil {
		t.Fatal(err)
	}

	// Every single-byte change of the data fails both.
	for i := range data {
		d := bytes.Clone(data)
		d[i] ^= 0x01
		if err := VerifySSH(k.Ed25519Public(), d, sig); !errors.Is(err, ErrBadSignature) {
			t.Fatalf("SSH: tampered byte %d: %v", i, err)
		}
	}
	for i := range smData {
		d := bytes.Clone(smData)
		d[i] ^= 0x01
		if err := VerifySM2(&k.SM2.PublicKey, d, smSig); !errors.Is(err, ErrBadSignature) {
			t.Fatalf("SM2: tampered byte %d: %v", i, err)
		}
	}
	// Every single-byte change of the DER SM2 signature fails.
	for i := range smSig {
		s := bytes.Clone(smSig)
		s[i] ^= 0x01
		if VerifySM2(&k.SM2.PublicKey, smData, s) == nil {
			t.Fatalf("SM2: tampered signature byte %d accepted", i)
		}
	}
	// Every single-byte change of the SSH signature's base64 body fails
	// (armor changes to whitespace are not meaningful; skip those).
	for i := range sig {
		if sig[i] == '\n' || sig[i] == '-' {
			continue
		}
		s := bytes.Clone(sig)
		s[i] = flipB64(s[i])
		if VerifySSH(k.Ed25519Public(), data, s) == nil {
			t.Fatalf("SSH: tampered signature byte %d (%q) accepted", i, sig[i])
		}
	}

	// A signature by another key is refused, and names that key.
	other, err := NewKeys(testPass)
	if err != nil {
		t.Fatal(err)
	}
	otherSig, _ := SignSSH(other.Ed25519, data)
	if err := VerifySSH(k.Ed25519Public(), data, otherSig); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("other key SSH: %v", err)
	}
	if pub, _ := SSHSignatureKey(otherSig); !pub.Equal(other.Ed25519Public()) {
		t.Fatal("signature key is not the other signer's")
	}
	otherSM, _ := SignSM2(other.SM2, smData)
	if err := VerifySM2(&k.SM2.PublicKey, smData, otherSM); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("other key SM2: %v", err)
	}
}

// flipB64 changes a base64 character (or armor letter) to a different one.
func flipB64(c byte) byte {
	if c == 'A' {
		return 'B'
	}
	return 'A'
}

func TestSSHNamespaceBound(t *testing.T) {
	k, _, _ := fixture(t)
	data := []byte("hello")
	sig, _ := SignSSH(k.Ed25519, data)
	blob, err := parseSSHSIG(sig)
	if err != nil {
		t.Fatal(err)
	}
	blob.Namespace = "file"
	forged := armorSSHSIG(append([]byte(sshsigMagic), ssh.Marshal(blob)...))
	if err := VerifySSH(k.Ed25519Public(), data, forged); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("other namespace accepted: %v", err)
	}
}

// --- interop with stock tools ---

func needTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s not installed (apt-get install openssh-client openssl); interop check skipped", name)
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

func runFails(t *testing.T, dir string, stdin []byte, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	if out, err := cmd.CombinedOutput(); err == nil {
		t.Fatalf("%s %s: succeeded on tampered input\n%s", name, strings.Join(args, " "), out)
	}
}

func write(t *testing.T, dir, name string, data []byte) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestInteropSSHKeygen(t *testing.T) {
	keygen := needTool(t, "ssh-keygen")
	k, edPEM, _ := fixture(t)
	dir := t.TempDir()
	data := SHA256Manifest(sampleFiles())
	sig, err := SignSSH(k.Ed25519, data)
	if err != nil {
		t.Fatal(err)
	}
	line, _ := k.AllowedSignersLine("signer@outsec")
	write(t, dir, "allowed_signers", []byte(line+"\n"))
	write(t, dir, "manifest.sig", sig)
	out := run(t, dir, data, keygen, "-Y", "verify", "-f", "allowed_signers", "-I", "signer@outsec", "-n", "outsec", "-s", "manifest.sig")
	if !strings.Contains(out, "Good") {
		t.Fatalf("ssh-keygen: %s", out)
	}
	tampered := bytes.Clone(data)
	tampered[0] ^= 1
	runFails(t, dir, tampered, keygen, "-Y", "verify", "-f", "allowed_signers", "-I", "signer@outsec", "-n", "outsec", "-s", "manifest.sig")
	runFails(t, dir, data, keygen, "-Y", "verify", "-f", "allowed_signers", "-I", "signer@outsec", "-n", "file", "-s", "manifest.sig")

	// ssh-keygen reads our encrypted private key with the passphrase and
	// prints the same fingerprint; and a signature ssh-keygen makes
	// verifies with VerifySSH.
	write(t, dir, "id_ed25519", edPEM)
	out = run(t, dir, nil, keygen, "-y", "-P", string(testPass), "-f", "id_ed25519")
	if !strings.HasPrefix(out, "ssh-ed25519 ") {
		t.Fatalf("ssh-keygen -y: %s", out)
	}
	write(t, dir, "id_ed25519.pub", []byte(out))
	if fp := run(t, dir, nil, keygen, "-l", "-f", "id_ed25519.pub"); !strings.Contains(fp, k.Ed25519Fingerprint()+" ") {
		t.Fatalf("ssh-keygen -l: %s, want %s", fp, k.Ed25519Fingerprint())
	}
	write(t, dir, "msg", data)
	runFails(t, dir, nil, keygen, "-y", "-P", "wrong", "-f", "id_ed25519")
	run(t, dir, nil, keygen, "-Y", "sign", "-P", string(testPass), "-f", "id_ed25519", "-n", "outsec", "msg")
	theirs, err := os.ReadFile(filepath.Join(dir, "msg.sig"))
	if err != nil {
		t.Fatal(err)
	}
	if err := VerifySSH(k.Ed25519Public(), data, theirs); err != nil {
		t.Fatalf("ssh-keygen's signature: %v", err)
	}

	// A key ssh-keygen generates with a passphrase loads (keys import).
	run(t, dir, nil, keygen, "-q", "-t", "ed25519", "-N", string(testPass), "-C", "", "-f", "theirs_ed25519")
	theirKey, err := os.ReadFile(filepath.Join(dir, "theirs_ed25519"))
	if err != nil {
		t.Fatal(err)
	}
	_, _, smPEM := fixture(t)
	imported, err := Load(theirKey, smPEM, testPass)
	if err != nil {
		t.Fatalf("Load of ssh-keygen key: %v", err)
	}
	if _, err := Load(theirKey, smPEM, []byte("wrong")); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("ssh-keygen key, wrong passphrase: %v", err)
	}
	pubLine, _ := os.ReadFile(filepath.Join(dir, "theirs_ed25519.pub"))
	if !strings.Contains(string(pubLine), strings.Fields(strings.SplitN(mustLine(t, imported), " ssh-ed25519 ", 2)[1])[0]) {
		t.Fatal("imported key differs from ssh-keygen's public key")
	}
}

func mustLine(t *testing.T, k *KeyPair) string {
	t.Helper()
	line, err := k.AllowedSignersLine("x")
	if err != nil {
		t.Fatal(err)
	}
	return line
}

func TestInteropSha256sum(t *testing.T) {
	tool := needTool(t, "sha256sum")
	dir := t.TempDir()
	files := sampleFiles()
	if err := os.MkdirAll(filepath.Join(dir, "registers"), 0o700); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		write(t, dir, f.Name, f.Data)
	}
	write(t, dir, "SHA256SUMS", SHA256Manifest(files))
	run(t, dir, nil, tool, "-c", "--strict", "SHA256SUMS")
	write(t, dir, "report.pdf", []byte("changed"))
	runFails(t, dir, nil, tool, "-c", "SHA256SUMS")
}

func TestInteropOpenSSL(t *testing.T) {
	openssl := needTool(t, "openssl")
	if v := run(t, "", nil, openssl, "version"); !strings.HasPrefix(v, "OpenSSL 3") {
		t.Skipf("openssl is %q; SM2 distid needs OpenSSL 3", strings.TrimSpace(v))
	}
	k, _, smPEM := fixture(t)
	dir := t.TempDir()
	data := SM3Manifest(sampleFiles())
	sig, err := SignSM2(k.SM2, data)
	if err != nil {
		t.Fatal(err)
	}
	pubPEM, _ := k.SM2PublicPEM()
	write(t, dir, "pub.pem", pubPEM)
	write(t, dir, "SM3SUMS", data)
	write(t, dir, "SM3SUMS.sig", sig)
	out := run(t, dir, nil, openssl, "dgst", "-sm3", "-verify", "pub.pem", "-sigopt", "distid:"+SM2DistID, "-signature", "SM3SUMS.sig", "SM3SUMS")
	if !strings.Contains(out, "Verified OK") {
		t.Fatalf("openssl dgst: %s", out)
	}
	tampered := bytes.Clone(data)
	tampered[3] ^= 1
	write(t, dir, "tampered", tampered)
	runFails(t, dir, nil, openssl, "dgst", "-sm3", "-verify", "pub.pem", "-sigopt", "distid:"+SM2DistID, "-signature", "SM3SUMS.sig", "tampered")

	// openssl reads our encrypted key with the passphrase, and its public
	// key is ours.
	write(t, dir, "sm2.key", smPEM)
	pass := "pass:" + string(testPass)
	out = run(t, dir, nil, openssl, "pkey", "-in", "sm2.key", "-passin", pass, "-pubout")
	if strings.TrimSpace(out) != strings.TrimSpace(string(pubPEM)) {
		t.Fatalf("openssl pkey public key differs:\n%s\nwant\n%s", out, pubPEM)
	}
	runFails(t, dir, nil, openssl, "pkey", "-in", "sm2.key", "-passin", "pass:wrong", "-noout")
	run(t, dir, nil, openssl, "pkey", "-pubin", "-in", "pub.pem", "-outform", "DER", "-out", "pub.der")
	if fp := run(t, dir, nil, openssl, "dgst", "-sm3", "-r", "pub.der"); !strings.HasPrefix(fp, k.SM2Fingerprint()+" ") {
		t.Fatalf("openssl SM3 of public key: %s, want %s", fp, k.SM2Fingerprint())
	}

	// A signature openssl makes with our key verifies with VerifySM2.
	run(t, dir, nil, openssl, "dgst", "-sm3", "-sign", "sm2.key", "-passin", pass, "-sigopt", "distid:"+SM2DistID, "-out", "theirs.sig", "SM3SUMS")
	theirs, err := os.ReadFile(filepath.Join(dir, "theirs.sig"))
	if err != nil {
		t.Fatal(err)
	}
	if err := VerifySM2(&k.SM2.PublicKey, data, theirs); err != nil {
		t.Fatalf("openssl's signature: %v", err)
	}

	// openssl accepts the self-signed certificate and its signature.
	cert, err := k.SelfSignedSM2Cert("Zhang San", "IT Centre", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	write(t, dir, "cert.pem", cert)
	out = run(t, dir, nil, openssl, "x509", "-in", "cert.pem", "-noout", "-subject")
	if !strings.Contains(out, "Zhang San") || !strings.Contains(out, "IT Centre") {
		t.Fatalf("openssl x509: %s", out)
	}
	run(t, dir, nil, openssl, "verify", "-CAfile", "cert.pem", "-partial_chain", "cert.pem")
}

func TestCanonicalSignatures(t *testing.T) {
	k, err := NewKeys([]byte("pass phrase"))
	if err != nil {
		t.Fatal(err)
	}
	data := []byte("manifest\n")
	armored, err := SignSSH(k.Ed25519, data)
	if err != nil {
		t.Fatal(err)
	}
	if !SSHSIGCanonical(armored) {
		t.Fatal("SignSSH output is not canonical")
	}
	for _, alt := range [][]byte{
		bytes.Replace(armored, []byte("\n"), []byte("\r\n"), 1),
		append(append([]byte{}, armored...), '\n'),
		bytes.TrimSuffix(armored, []byte("\n")),
	} {
		if SSHSIGCanonical(alt) {
			t.Errorf("altered armor taken as canonical: %q", alt)
		}
	}
	der, err := SignSM2(k.SM2, data)
	if err != nil {
		t.Fatal(err)
	}
	if !SM2SigCanonical(der) {
		t.Fatal("SignSM2 output is not canonical")
	}
	if SM2SigCanonical(append(append([]byte{}, der...), 0)) {
		t.Error("trailing byte taken as canonical")
	}
}

func TestWipe(t *testing.T) {
	k, err := NewKeys([]byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	k.Wipe()
	for _, b := range k.Ed25519 {
		if b != 0 {
			t.Fatal("Ed25519 key not wiped")
		}
	}
	if k.SM2.D.Sign() != 0 {
		t.Fatal("SM2 key not wiped")
	}
}

// A signature whose base64 differs only in the padding bits of its last
// character decodes to the same bytes under a lenient decoder; the verifier
// decodes strictly, so one signature has one encoding.
func TestSSHSignatureStrictBase64(t *testing.T) {
	k, _, _ := fixture(t)
	data := []byte("strict")
	sig, err := SignSSH(k.Ed25519, data)
	if err != nil {
		t.Fatal(err)
	}
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	i := bytes.IndexByte(sig, '=')
	if i < 1 {
		t.Fatalf("the Ed25519 SSHSIG blob is expected to end in padding: %q", sig)
	}
	s := bytes.Clone(sig)
	s[i-1] = alphabet[strings.IndexByte(alphabet, s[i-1])^1] // a padding bit only
	if VerifySSH(k.Ed25519Public(), data, s) == nil {
		t.Fatal("a signature with a stray padding bit accepted")
	}
}
