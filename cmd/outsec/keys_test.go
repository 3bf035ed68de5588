package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"outsec/signing"
	"outsec/store"
)

const testPassphrase = "correct horse battery"

// signerDB is the document fixture's database with a signer profile.
func signerDB(t *testing.T, name, unit string) string {
	t.Helper()
	db := exportDB(t)
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.CreateOperator(context.Background(), store.Operator{Name: name, Role: "科长", Unit: unit}); err != nil {
		t.Fatal(err)
	}
	return db
}

func keyFiles(t *testing.T, db string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	filepath.Walk(signing.KeysDir(db), func(p string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() {
			b, _ := os.ReadFile(p)
			out[p] = b
		}
		return nil
	})
	return out
}

func TestKeysSignExportAndVerify(t *testing.T) {
	db := signerDB(t, "张三", "信息中心")
	// Too short, and nothing given, are refused.
	if code, _, errs := caseCmd(t, "short\n", "--db", db, "keys", "new"); code != exitUsage || !strings.Contains(errs, "口令太短") {
		t.Fatalf("short passphrase: %d %s", code, errs)
	}
	if code, _, errs := caseCmd(t, "", "--db", db, "keys", "new"); code != exitUsage || !strings.Contains(errs, "未输入口令") {
		t.Fatalf("no passphrase: %d %s", code, errs)
	}
	code, out, errs := caseCmd(t, testPassphrase+"\n", "--db", db, "keys", "new")
	if code != 0 || !strings.Contains(out, "已为 张三 创建签名密钥") || !strings.Contains(out, "SHA256:") {
		t.Fatalf("keys new: %d %s %s", code, out, errs)
	}
	if code, _, errs := caseCmd(t, testPassphrase+"\n", "--db", db, "keys", "new"); code != exitFailure || !strings.Contains(errs, "已有有效密钥") {
		t.Fatalf("second key: %d %s", code, errs)
	}
	code, out, _ = caseCmd(t, "", "--db", db, "--lang", "en", "keys", "list")
	if code != 0 || !strings.Contains(out, "张三") || !strings.Contains(out, "in force") || !strings.Contains(out, "Signed approval: off") {
		t.Fatalf("keys list: %d %s", code, out)
	}

	// A wrong passphrase stops a signed export: nothing written, no key file changed.
	before := keyFiles(t, db)
	outDir := filepath.Join(t.TempDir(), "out")
	args := []string{"--db", db, "--templates", t.TempDir(), "export", "2026-001", "--doc", "risk-report", "--format", "md,pdf",
		"-o", outDir, "--date", "2026-03-01", "--sign"}
	code, _, errs = caseCmd(t, "wrong passphrase\n", args...)
	if code != exitFailure || !strings.Contains(errs, "口令错误") {
		t.Fatalf("wrong passphrase: %d %s", code, errs)
	}
	if _, err := os.Stat(outDir); !os.IsNotExist(err) {
		t.Fatalf("output folder exists after a refused export: %v", err)
	}
	after := keyFiles(t, db)
	if len(after) != len(before) {
		t.Fatal("key files changed")
	}
	for p, b := range before {
		if !bytes.Equal(after[p], b) {
			t.Fatalf("%s changed", p)
		}
	}

	code, out, errs = caseCmd(t, testPassphrase+"\n", args...)
	if code != 0 || !strings.Contains(out, "已签名：张三，验证码") {
		t.Fatalf("signed export: %d %s %s", code, out, errs)
	}
	for _, name := range []string{"2026-001-RA-01.md", "2026-001-RA-01.pdf", "2026-001-RA-01.meta.json", "2026-001-RA-01.sha256",
		"2026-001-RA-01.sm3", "2026-001-RA-01.sha256.sig", "2026-001-RA-01.sm3.sig"} {
		if _, err := os.Stat(filepath.Join(outDir, name)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	code, out, _ = caseCmd(t, "", "--db", db, "verify", outDir)
	if code != 0 || !strings.Contains(out, "签名有效") || !strings.Contains(out, "本机的签名密钥") || !strings.Contains(out, "验证码") {
		t.Fatalf("verify: %d %s", code, out)
	}
	// A later unsigned export into the same folder (issue 16) is the next
	// number beside it: the signed set is untouched and still verifies.
	signedFiles := map[string][]byte{}
	ents, _ := os.ReadDir(outDir)
	for _, e := range ents {
		signedFiles[e.Name()], _ = os.ReadFile(filepath.Join(outDir, e.Name()))
	}
	code, out, errs = caseCmd(t, "", args[:len(args)-1]...)
	if code != 0 || !strings.Contains(out, "2026-001-RA-02") {
		t.Fatalf("unsigned export after signed: %d %s %s", code, out, errs)
	}
	for name, b := range signedFiles {
		if now, _ := os.ReadFile(filepath.Join(outDir, name)); !bytes.Equal(now, b) {
			t.Fatalf("%s changed by a later export", name)
		}
	}
	code, out, _ = caseCmd(t, "", "--db", db, "verify", outDir)
	if code != 0 || !strings.Contains(out, "签名有效") {
		t.Fatalf("verify after a later export: %d %s", code, out)
	}
	// The exports are recorded, the signed one with its signature.
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	xs, err := st.Exports(context.Background(), 1)
	st.Close()
	if err != nil || len(xs) != 2 || xs[1].Signature == nil || xs[1].Signature.Name != "张三" || len(xs[1].Files) != 7 || xs[0].Signature != nil {
		t.Fatalf("record: %v %+v", err, xs)
	}

	// Another office: unknown signer (exit 4), then trusted (exit 0).
	pubDir := filepath.Join(t.TempDir(), "pub")
	if code, out, errs := caseCmd(t, "", "--db", db, "keys", "export-public", "-o", pubDir); code != 0 || strings.Count(out, "已写出") != 3 {
		t.Fatalf("export-public: %d %s %s", code, out, errs)
	}
	other := signerDB(t, "李四", "监管处")
	code, out, _ = caseCmd(t, "", "--db", other, "--lang", "en", "verify", outDir)
	if code != exitUnknownSigner || !strings.Contains(out, "not trusted") || !strings.Contains(out, "unknown key: Ed25519 SHA256:") {
		t.Fatalf("unknown signer: %d %s", code, out)
	}
	if code, out, errs := caseCmd(t, "", "--db", other, "keys", "trust", pubDir); code != 0 || !strings.Contains(out, "已信任 张三（信息中心）") {
		t.Fatalf("trust: %d %s %s", code, out, errs)
	}
	code, out, _ = caseCmd(t, "", "--db", other, "verify", filepath.Join(outDir, "2026-001-RA-01.pdf"))
	if code != 0 || !strings.Contains(out, "受信任的密钥") {
		t.Fatalf("trusted: %d %s", code, out)
	}
	// A receiving office with no database at all: unknown signer, and no database is created.
	none := filepath.Join(t.TempDir(), "none.db")
	if code, _, _ := caseCmd(t, "", "--db", none, "verify", outDir); code != exitUnknownSigner {
		t.Fatalf("no database: %d", code)
	}
	if _, err := os.Stat(none); !os.IsNotExist(err) {
		t.Fatal("verify created a database")
	}

	// One changed byte of the PDF: invalid (exit 3), naming the file.
	pdf := filepath.Join(outDir, "2026-001-RA-01.pdf")
	b, _ := os.ReadFile(pdf)
	b[len(b)/2] ^= 1
	os.WriteFile(pdf, b, 0o644)
	code, out, _ = caseCmd(t, "", "--db", other, "verify", outDir)
	if code != exitInvalid || !strings.Contains(out, "2026-001-RA-01.pdf：已被改动（SHA-256 摘要不符）") || !strings.Contains(out, "签名无效") {
		t.Fatalf("changed: %d %s", code, out)
	}
	// Nothing signed there at all.
	if code, _, errs := caseCmd(t, "", "--db", other, "verify", t.TempDir()); code != exitFailure || !strings.Contains(errs, "没有找到签名") {
		t.Fatalf("nothing signed: %d %s", code, errs)
	}

	// Revoking the trusted key: unknown again; revoking twice is refused.
	if code, out, errs := caseCmd(t, "", "--db", other, "keys", "revoke", "1"); code != 0 || !strings.Contains(out, "已吊销") {
		t.Fatalf("revoke: %d %s %s", code, out, errs)
	}
	if code, _, errs := caseCmd(t, "", "--db", other, "keys", "revoke", "1"); code != exitFailure || !strings.Contains(errs, "已被吊销") {
		t.Fatalf("revoke twice: %d %s", code, errs)
	}
	if code, _, errs := caseCmd(t, "", "--db", other, "keys", "revoke", "nosuchkey"); code != exitFailure || !strings.Contains(errs, "没有找到密钥") {
		t.Fatalf("revoke unknown: %d %s", code, errs)
	}
}

func TestKeysApprovalPolicy(t *testing.T) {
	db := tempDB(t)
	if code, out, _ := caseCmd(t, "", "--db", db, "--lang", "en", "keys", "approval", "on"); code != 0 || !strings.Contains(out, "Signed approval: on") {
		t.Fatalf("on: %d %s", code, out)
	}
	if code, _, errs := caseCmd(t, "", "--db", db, "keys", "approval", "maybe"); code != exitUsage || !strings.Contains(errs, "maybe") {
		t.Fatalf("bad value: %d %s", code, errs)
	}
	if code, out, _ := caseCmd(t, "", "--db", db, "--lang", "en", "keys", "approval"); code != 0 || !strings.Contains(out, "Signed approval: on") {
		t.Fatalf("show: %d %s", code, out)
	}
	// No signer profile: keys new says what to do.
	if code, _, errs := caseCmd(t, testPassphrase+"\n", "--db", db, "keys", "new"); code != exitFailure || !strings.Contains(errs, "签署人档案") {
		t.Fatalf("no profile: %d %s", code, errs)
	}
}

func TestDoctorChecksKeyFiles(t *testing.T) {
	db := signerDB(t, "张三", "信息中心")
	if code, _, errs := caseCmd(t, testPassphrase+"\n", "--db", db, "keys", "new"); code != 0 {
		t.Fatal(errs)
	}
	code, out, _ := caseCmd(t, "", "--db", db, "doctor")
	if code != 0 || !strings.Contains(out, "✓ 签名密钥 张三") {
		t.Fatalf("doctor: %d %s", code, out)
	}
	for p := range keyFiles(t, db) {
		if strings.HasSuffix(p, "sm2_key.pem") {
			os.Chmod(p, 0o644)
		}
	}
	code, out, _ = caseCmd(t, "", "--db", db, "doctor")
	if code != exitFailure || !strings.Contains(out, "✗ 签名密钥 张三") || !strings.Contains(out, "sm2_key.pem") {
		t.Fatalf("doctor with an open key file: %d %s", code, out)
	}
	for p := range keyFiles(t, db) {
		os.Chmod(p, 0o600)
	}
	// A folder left by an interrupted passphrase change is reported.
	stray := filepath.Join(signing.KeysDir(db), "leftover")
	os.Mkdir(stray, 0o700)
	code, out, _ = caseCmd(t, "", "--db", db, "doctor")
	if code != exitFailure || !strings.Contains(out, "未登记的密钥文件夹") || !strings.Contains(out, stray) {
		t.Fatalf("doctor with a stray key folder: %d %s", code, out)
	}
}

func TestKeysPasswd(t *testing.T) {
	db := signerDB(t, "张三", "信息中心")
	if code, _, errs := caseCmd(t, testPassphrase+"\n", "--db", db, "keys", "new"); code != 0 {
		t.Fatal(errs)
	}
	before := keyFiles(t, db)
	// A wrong old passphrase changes nothing.
	if code, _, errs := caseCmd(t, "not the passphrase\nnew passphrase 2\n", "--db", db, "keys", "passwd"); code != exitFailure || !strings.Contains(errs, "口令错误") {
		t.Fatalf("wrong old passphrase: %d %s", code, errs)
	}
	after := keyFiles(t, db)
	if len(after) != len(before) {
		t.Fatal("key files changed")
	}
	for p, b := range before {
		if !bytes.Equal(after[p], b) {
			t.Fatalf("%s changed", p)
		}
	}
	code, out, errs := caseCmd(t, testPassphrase+"\nnew passphrase 2\n", "--db", db, "keys", "passwd")
	if code != 0 || !strings.Contains(out, "已更换密钥") {
		t.Fatalf("passwd: %d %s %s", code, out, errs)
	}
	files := keyFiles(t, db)
	if len(files) != len(before) {
		t.Fatalf("%d key files after the change, %d before: the old folder must go", len(files), len(before))
	}
	for p := range before {
		if _, ok := files[p]; ok {
			t.Fatalf("%s still there", p)
		}
	}
	// The old passphrase no longer signs; the new one does.
	out1 := filepath.Join(t.TempDir(), "o")
	args := []string{"--db", db, "export", "2026-001", "--doc", "summary", "--format", "md", "-o", out1, "--sign"}
	if code, _, errs := caseCmd(t, testPassphrase+"\n", args...); code != exitFailure || !strings.Contains(errs, "口令错误") {
		t.Fatalf("old passphrase: %d %s", code, errs)
	}
	if code, _, errs := caseCmd(t, "new passphrase 2\n", args...); code != 0 {
		t.Fatalf("new passphrase: %d %s", code, errs)
	}
	if code, out, _ := caseCmd(t, "", "--db", db, "verify", out1); code != 0 {
		t.Fatalf("verify: %d %s", code, out)
	}
	if code, out, _ := caseCmd(t, "", "--db", db, "doctor"); code != 0 {
		t.Fatalf("doctor after the change: %d %s", code, out)
	}
}
