package signing_test

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"outsec/model/sign"
	"outsec/signing"
)

// bigExport is a 5 MB export: the sizes of a long report's PDF, DOCX,
// HTML and Markdown.
func bigExport() []sign.File {
	r := rand.New(rand.NewPCG(1, 2))
	mk := func(name string, n int) sign.File {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.UintN(256))
		}
		return sign.File{Name: name, Data: b}
	}
	return []sign.File{
		mk("2026-001-RA-01.md", 400<<10), mk("2026-001-RA-01.html", 800<<10),
		mk("2026-001-RA-01.docx", 1200<<10), mk("2026-001-RA-01.pdf", 2720<<10),
	}
}

// BenchmarkSign5MB: fix the metadata, compute both manifests, make both
// signatures (issue 5: under 20 ms for a 5 MB export).
func BenchmarkSign5MB(b *testing.B) {
	env := newEnv(b)
	k, kp := env.newKey()
	files := bigExport()
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.Name
	}
	s := &signing.Signer{Profile: env.profile(), KeyID: k.ID, Keys: kp}
	b.SetBytes(5 << 20)
	for b.Loop() {
		st, err := signing.NewStatement(s, signing.Document{Number: "2026-001-RA-01", Content: files[0].Data}, names, time.Now(), "bench")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := st.Seal(files); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerify5MB: read the export folder, check both signatures and
// every digest of both manifests.
func BenchmarkVerify5MB(b *testing.B) {
	env := newEnv(b)
	k, kp := env.newKey()
	dir := b.TempDir()
	files := bigExport()
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.Name
	}
	s := &signing.Signer{Profile: env.profile(), KeyID: k.ID, Keys: kp}
	st, err := signing.NewStatement(s, signing.Document{Number: "2026-001-RA-01", Content: files[0].Data}, names, time.Now(), "bench")
	if err != nil {
		b.Fatal(err)
	}
	sealed, err := st.Seal(files)
	if err != nil {
		b.Fatal(err)
	}
	for _, f := range append(files, sealed.Files...) {
		os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644)
	}
	b.SetBytes(5 << 20)
	for b.Loop() {
		rep, err := signing.Verify(dir, env.lookup)
		if err != nil || rep.Status() != signing.Valid {
			b.Fatalf("%v %v", err, rep.Status())
		}
	}
}
