package sign

import (
	"crypto/rand"
	"testing"
)

// export5MB is a 5 MB export: a 4 MB PDF, a 1 MB spreadsheet and metadata.
func export5MB(b *testing.B) []File {
	pdf := make([]byte, 4<<20)
	xlsx := make([]byte, 1<<20)
	rand.Read(pdf)
	rand.Read(xlsx)
	return []File{
		{Name: "report.pdf", Data: pdf},
		{Name: "register.xlsx", Data: xlsx},
		{Name: "meta.json", Data: []byte(`{"number":"OS-2026-001","title":"Risk assessment"}`)},
	}
}

// BenchmarkSignExport5MB: both manifests and both signatures.
func BenchmarkSignExport5MB(b *testing.B) {
	k, _, _ := fixture(b)
	files := export5MB(b)
	b.SetBytes(5 << 20)
	b.ResetTimer()
	for b.Loop() {
		shaM, smM := Manifests(files)
		if _, err := SignSSH(k.Ed25519, shaM); err != nil {
			b.Fatal(err)
		}
		if _, err := SignSM2(k.SM2, smM); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyExport5MB: both signatures and every digest of both
// manifests.
func BenchmarkVerifyExport5MB(b *testing.B) {
	k, _, _ := fixture(b)
	files := export5MB(b)
	shaM, smM := SHA256Manifest(files), SM3Manifest(files)
	sshSig, _ := SignSSH(k.Ed25519, shaM)
	smSig, _ := SignSM2(k.SM2, smM)
	pub, smPub := k.Ed25519Public(), &k.SM2.PublicKey
	b.SetBytes(5 << 20)
	b.ResetTimer()
	for b.Loop() {
		if err := VerifySSH(pub, shaM, sshSig); err != nil {
			b.Fatal(err)
		}
		if err := VerifySM2(smPub, smM, smSig); err != nil {
			b.Fatal(err)
		}
		if p, err := CheckManifests(shaM, smM, files); err != nil || len(p) != 0 {
			b.Fatal(p, err)
		}
	}
}
