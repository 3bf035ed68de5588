package sign

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha512"
	"encoding/asn1"
	"encoding/base64"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/emmansun/gmsm/sm2"
	"golang.org/x/crypto/ssh"
)

// SM2PublicKey is an SM2 public key (an ECDSA key on the SM2 curve).
type SM2PublicKey = ecdsa.PublicKey

// SSHSIG constants (OpenSSH PROTOCOL.sshsig).
const (
	sshsigMagic   = "SSHSIG"
	sshsigVersion = 1
	sshsigHash    = "sha512"
	sshsigBegin   = "-----BEGIN SSH SIGNATURE-----"
	sshsigEnd     = "-----END SSH SIGNATURE-----"
	sshsigLineLen = 70
)

// sshsigBlob is the signature blob after the 6-byte magic.
type sshsigBlob struct {
	Version   uint32
	PublicKey []byte
	Namespace string
	Reserved  string
	HashAlg   string
	Signature []byte
}

// sshsigSigned is the data the key actually signs, after the magic.
type sshsigSigned struct {
	Namespace string
	Reserved  string
	HashAlg   string
	Hash      []byte
}

func sshsigMessage(data []byte) []byte {
	h := sha512.Sum512(data)
	return append([]byte(sshsigMagic), ssh.Marshal(sshsigSigned{
		Namespace: Namespace, HashAlg: sshsigHash, Hash: h[:],
	})...)
}

// SignSSH signs data with the Ed25519 key in the SSHSIG format (namespace
// "outsec", hash sha512) and returns the armored signature, which
// `ssh-keygen -Y verify -f allowed_signers -I principal -n outsec -s sig`
// accepts.
func SignSSH(key ed25519.PrivateKey, data []byte) ([]byte, error) {
	if len(key) != ed25519.PrivateKeySize {
		return nil, ErrBadKey
	}
	signer, err := ssh.NewSignerFromKey(key)
	if err != nil {
		return nil, fmt.Errorf("sign: %w: %v", ErrBadKey, err)
	}
	sig, err := signer.Sign(rand.Reader, sshsigMessage(data))
	if err != nil {
		return nil, fmt.Errorf("sign: SSH signature: %w", err)
	}
	blob := append([]byte(sshsigMagic), ssh.Marshal(sshsigBlob{
		Version:   sshsigVersion,
		PublicKey: signer.PublicKey().Marshal(),
		Namespace: Namespace,
		HashAlg:   sshsigHash,
		Signature: ssh.Marshal(sig),
	})...)
	return armorSSHSIG(blob), nil
}

func armorSSHSIG(blob []byte) []byte {
	enc := base64.StdEncoding.EncodeToString(blob)
	var b bytes.Buffer
	b.WriteString(sshsigBegin + "\n")
	for len(enc) > sshsigLineLen {
		b.WriteString(enc[:sshsigLineLen] + "\n")
		enc = enc[sshsigLineLen:]
	}
	b.WriteString(enc + "\n")
	b.WriteString(sshsigEnd + "\n")
	return b.Bytes()
}

func parseSSHSIG(armored []byte) (*sshsigBlob, error) {
	s := strings.TrimSpace(strings.ReplaceAll(string(armored), "\r\n", "\n"))
	if !strings.HasPrefix(s, sshsigBegin) || !strings.HasSuffix(s, sshsigEnd) {
		return nil, errors.New("sign: SSH signature: missing armor")
	}
	body := strings.TrimSuffix(strings.TrimPrefix(s, sshsigBegin), sshsigEnd)
	body = strings.Join(strings.Fields(body), "")
	raw, err := base64.StdEncoding.Strict().DecodeString(body) // strict: one signature, one encoding (no stray padding bits)
	if err != nil {
		return nil, fmt.Errorf("sign: SSH signature: %v", err)
	}
	if !bytes.HasPrefix(raw, []byte(sshsigMagic)) {
		return nil, errors.New("sign: SSH signature: bad magic")
	}
	var blob sshsigBlob
	if err := ssh.Unmarshal(raw[len(sshsigMagic):], &blob); err != nil {
		return nil, fmt.Errorf("sign: SSH signature: %v", err)
	}
	if blob.Version != sshsigVersion {
		return nil, fmt.Errorf("sign: SSH signature: version %d", blob.Version)
	}
	return &blob, nil
}

// SSHSignatureKey is the Ed25519 public key an SSH signature claims to be
// made with, so an unknown signer can be named by its fingerprint. It does
// not verify the signature.
func SSHSignatureKey(armored []byte) (ed25519.PublicKey, error) {
	blob, err := parseSSHSIG(armored)
	if err != nil {
		return nil, err
	}
	sp, err := ssh.ParsePublicKey(blob.PublicKey)
	if err != nil {
		return nil, fmt.Errorf("sign: SSH signature: %w: %v", ErrBadKey, err)
	}
	return ed25519FromSSH(sp)
}

// VerifySSH checks an armored SSH signature over data against pub. It
// fails with ErrBadSignature when the signature was made by another key,
// in another namespace, or over other data.
func VerifySSH(pub ed25519.PublicKey, data, armored []byte) error {
	blob, err := parseSSHSIG(armored)
	if err != nil {
		return err
	}
	if blob.Namespace != Namespace {
		return fmt.Errorf("sign: SSH signature: %w: namespace %q, want %q", ErrBadSignature, blob.Namespace, Namespace)
	}
	if blob.HashAlg != sshsigHash {
		return fmt.Errorf("sign: SSH signature: unsupported hash %q", blob.HashAlg)
	}
	want, err := ssh.NewPublicKey(pub)
	if err != nil {
		return fmt.Errorf("sign: %w: %v", ErrBadKey, err)
	}
	if !bytes.Equal(blob.PublicKey, want.Marshal()) {
		return fmt.Errorf("sign: SSH signature: %w: made by another key", ErrBadSignature)
	}
	var sig ssh.Signature
	if err := ssh.Unmarshal(blob.Signature, &sig); err != nil {
		return fmt.Errorf("sign: SSH signature: %v", err)
	}
	if sig.Format != ssh.KeyAlgoED25519 {
		return fmt.Errorf("sign: SSH signature: %w: format %q", ErrBadSignature, sig.Format)
	}
	if err := want.Verify(sshsigMessage(data), &sig); err != nil {
		return fmt.Errorf("sign: SSH signature: %w", ErrBadSignature)
	}
	return nil
}

// SignSM2 signs data with SM2-with-SM3 under the default distinguishing ID
// (GB/T 32918: e = SM3(Z_A || data)) and returns the DER signature, which
// `openssl dgst -sm3 -verify pub.pem -sigopt distid:1234567812345678` accepts.
func SignSM2(key *sm2.PrivateKey, data []byte) ([]byte, error) {
	if key == nil {
		return nil, ErrBadKey
	}
	sig, err := key.Sign(rand.Reader, data, sm2.NewSM2SignerOption(true, []byte(SM2DistID)))
	if err != nil {
		return nil, fmt.Errorf("sign: SM2 signature: %w", err)
	}
	return sig, nil
}

// VerifySM2 checks a DER SM2-with-SM3 signature over data under the default
// distinguishing ID.
func VerifySM2(pub *SM2PublicKey, data, sig []byte) error {
	if pub == nil || !sm2.IsSM2PublicKey(pub) {
		return ErrBadKey
	}
	if !sm2.VerifyASN1WithSM2(pub, []byte(SM2DistID), data, sig) {
		return fmt.Errorf("sign: SM2 signature: %w", ErrBadSignature)
	}
	return nil
}

// SSHSIGCanonical reports whether an armored SSH signature is exactly as
// SignSSH writes it. ssh-keygen tolerates other line breaks and padding
// bits; outsec's own verification does not, so that no byte of a signature
// file can change unnoticed.
func SSHSIGCanonical(armored []byte) bool {
	blob, err := parseSSHSIG(armored)
	if err != nil {
		return false
	}
	return bytes.Equal(armorSSHSIG(append([]byte(sshsigMagic), ssh.Marshal(blob)...)), armored)
}

// SM2SigCanonical reports whether a DER SM2 signature is the canonical DER
// encoding of its two integers, with nothing after it.
func SM2SigCanonical(sig []byte) bool {
	var rs struct{ R, S *big.Int }
	rest, err := asn1.Unmarshal(sig, &rs)
	if err != nil || len(rest) != 0 || rs.R == nil || rs.S == nil || rs.R.Sign() <= 0 || rs.S.Sign() <= 0 {
		return false
	}
	again, err := asn1.Marshal(rs)
	return err == nil && bytes.Equal(again, sig)
}
