// Package sign holds the cryptography and formats of signed exports: an
// Ed25519 key (OpenSSH private key format, SSH signatures "SSHSIG" in the
// namespace "outsec") and an SM2 key (encrypted PKCS#8 with SM4, SM2-with-SM3
// signatures under the default distinguishing ID of GB/T 32918), and the
// sha256sum-style manifests both signatures cover. It works on bytes only:
// no files, no database, no terminal.
package sign

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/emmansun/gmsm/pkcs8"
	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"
	"golang.org/x/crypto/ssh"
)

// Namespace is the SSHSIG namespace of every outsec signature.
const Namespace = "outsec"

// SM2DistID is the default distinguishing ID (user ID) of GB/T 32918.
const SM2DistID = "1234567812345678"

// PEM block types of the files this package writes.
const (
	pemOpenSSHPrivate   = "OPENSSH PRIVATE KEY"
	pemEncryptedPrivate = "ENCRYPTED PRIVATE KEY"
	pemPublicKey        = "PUBLIC KEY"
	pemCertificate      = "CERTIFICATE"
)

// Errors callers can test with errors.Is.
var (
	ErrWrongPassphrase = errors.New("wrong passphrase")
	ErrEmptyPassphrase = errors.New("empty passphrase")
	ErrBadKey          = errors.New("not a valid key")
	ErrBadSignature    = errors.New("signature does not match")
)

// pkcs8Opts protects the SM2 key: PBES2, PBKDF2 with HMAC-SHA256, SM4-CBC.
// OpenSSL 3 reads this with `openssl pkey -passin pass:...`.
var pkcs8Opts = &pkcs8.Opts{
	Cipher: pkcs8.SM4CBC,
	KDFOpts: pkcs8.PBKDF2Opts{
		SaltSize:       16,
		IterationCount: 100000,
		HMACHash:       pkcs8.SHA256,
	},
}

// KeyPair is one signer's keys: Ed25519 for SSH signatures, SM2 for the
// national-standard signature.
type KeyPair struct {
	Ed25519 ed25519.PrivateKey
	SM2     *sm2.PrivateKey
}

// NewKeys generates a fresh Ed25519 key and SM2 key. The passphrase is only
// checked for being non-empty here; it is used by Encrypt.
func NewKeys(passphrase []byte) (*KeyPair, error) {
	if len(passphrase) == 0 {
		return nil, ErrEmptyPassphrase
	}
	_, edPriv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("sign: generate Ed25519 key: %w", err)
	}
	smPriv, err := sm2.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("sign: generate SM2 key: %w", err)
	}
	return &KeyPair{Ed25519: edPriv, SM2: smPriv}, nil
}

// Encrypt returns both private keys in PEM, protected by the passphrase: the
// Ed25519 key as an OpenSSH private key (bcrypt KDF, aes256-ctr), the SM2 key
// as encrypted PKCS#8 (PBES2, PBKDF2-HMAC-SHA256, SM4-CBC).
func (k *KeyPair) Encrypt(passphrase []byte) (ed25519PEM, sm2PEM []byte, err error) {
	if len(passphrase) == 0 {
		return nil, nil, ErrEmptyPassphrase
	}
	if k == nil || len(k.Ed25519) != ed25519.PrivateKeySize || k.SM2 == nil {
		return nil, nil, ErrBadKey
	}
	block, err := ssh.MarshalPrivateKeyWithPassphrase(k.Ed25519, "", passphrase)
	if err != nil {
		return nil, nil, fmt.Errorf("sign: encrypt Ed25519 key: %w", err)
	}
	ed25519PEM = pem.EncodeToMemory(block)
	der, err := pkcs8.MarshalPrivateKey(k.SM2, passphrase, pkcs8Opts)
	if err != nil {
		return nil, nil, fmt.Errorf("sign: encrypt SM2 key: %w", err)
	}
	sm2PEM = pem.EncodeToMemory(&pem.Block{Type: pemEncryptedPrivate, Bytes: der})
	return ed25519PEM, sm2PEM, nil
}

// encryptedPrivateKeyInfo is the outer structure of encrypted PKCS#8
// (RFC 5958), parsed to tell a damaged file from a wrong passphrase.
type encryptedPrivateKeyInfo struct {
	EncryptionAlgorithm pkix.AlgorithmIdentifier
	EncryptedData       []byte
}

var oidPBES2 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 13}

// Load decrypts the two private keys written by Encrypt. A wrong passphrase
// gives an error matching ErrWrongPassphrase; a damaged or foreign file gives
// one matching ErrBadKey.
func Load(ed25519PEM, sm2PEM, passphrase []byte) (*KeyPair, error) {
	if len(passphrase) == 0 {
		return nil, ErrEmptyPassphrase
	}
	raw, err := ssh.ParseRawPrivateKeyWithPassphrase(ed25519PEM, passphrase)
	if err != nil {
		if errors.Is(err, x509.IncorrectPasswordError) {
			return nil, fmt.Errorf("sign: Ed25519 key: %w", ErrWrongPassphrase)
		}
		return nil, fmt.Errorf("sign: Ed25519 key: %w: %v", ErrBadKey, err)
	}
	var edPriv ed25519.PrivateKey
	switch v := raw.(type) {
	case ed25519.PrivateKey:
		edPriv = v
	case *ed25519.PrivateKey:
		edPriv = *v
	default:
		return nil, fmt.Errorf("sign: Ed25519 key: %w: got %T", ErrBadKey, raw)
	}

	block, _ := pem.Decode(sm2PEM)
	if block == nil || block.Type != pemEncryptedPrivate {
		return nil, fmt.Errorf("sign: SM2 key: %w: no %q PEM block", ErrBadKey, pemEncryptedPrivate)
	}
	var info encryptedPrivateKeyInfo
	if rest, err := asn1.Unmarshal(block.Bytes, &info); err != nil || len(rest) != 0 ||
		!info.EncryptionAlgorithm.Algorithm.Equal(oidPBES2) {
		return nil, fmt.Errorf("sign: SM2 key: %w: not PBES2-encrypted PKCS#8", ErrBadKey)
	}
	smPriv, err := pkcs8.ParsePKCS8PrivateKeySM2(block.Bytes, passphrase)
	if err != nil {
		// The structure parsed; what fails now is the decryption (bad
		// padding) or the decrypted key: a wrong passphrase.
		return nil, fmt.Errorf("sign: SM2 key: %w", ErrWrongPassphrase)
	}
	return &KeyPair{Ed25519: edPriv, SM2: smPriv}, nil
}

// Ed25519Public is the public half of the Ed25519 key.
func (k *KeyPair) Ed25519Public() ed25519.PublicKey {
	return k.Ed25519.Public().(ed25519.PublicKey)
}

// SSHPublicKey is the Ed25519 public key in the SSH wire form.
func (k *KeyPair) SSHPublicKey() ssh.PublicKey {
	pub, err := ssh.NewPublicKey(k.Ed25519Public())
	if err != nil { // cannot happen for an Ed25519 key
		panic(err)
	}
	return pub
}

// AllowedSignersLine is one line of an ssh-keygen allowed_signers file
// (without the trailing newline) that trusts this key for principal in the
// outsec namespace.
func (k *KeyPair) AllowedSignersLine(principal string) (string, error) {
	return AllowedSignersLine(principal, k.Ed25519Public())
}

// AllowedSignersLine builds an allowed_signers line for an Ed25519 public key.
func AllowedSignersLine(principal string, pub ed25519.PublicKey) (string, error) {
	if principal == "" || strings.ContainsAny(principal, "\"\r\n\t ,*?!") {
		return "", fmt.Errorf("sign: principal %q: use a non-empty name without spaces, quotes, commas or wildcards", principal)
	}
	sp, err := ssh.NewPublicKey(pub)
	if err != nil {
		return "", fmt.Errorf("sign: %w: %v", ErrBadKey, err)
	}
	authorized := strings.TrimSuffix(string(ssh.MarshalAuthorizedKey(sp)), "\n")
	return fmt.Sprintf("%s namespaces=\"%s\" %s", principal, Namespace, authorized), nil
}

// ParseAllowedSignersLine reads a line written by AllowedSignersLine.
func ParseAllowedSignersLine(line string) (principal string, pub ed25519.PublicKey, err error) {
	fields := strings.Fields(strings.TrimSpace(line))
	if len(fields) < 3 {
		return "", nil, fmt.Errorf("sign: allowed_signers line: %w", ErrBadKey)
	}
	principal = fields[0]
	rest := fields[1:]
	for len(rest) > 0 && strings.Contains(rest[0], "=") {
		rest = rest[1:] // options such as namespaces="outsec"
	}
	if len(rest) < 2 {
		return "", nil, fmt.Errorf("sign: allowed_signers line: %w", ErrBadKey)
	}
	sp, _, _, _, err := ssh.ParseAuthorizedKey([]byte(strings.Join(rest, " ")))
	if err != nil {
		return "", nil, fmt.Errorf("sign: allowed_signers line: %w: %v", ErrBadKey, err)
	}
	pub, err = ed25519FromSSH(sp)
	if err != nil {
		return "", nil, err
	}
	return principal, pub, nil
}

func ed25519FromSSH(sp ssh.PublicKey) (ed25519.PublicKey, error) {
	cp, ok := sp.(ssh.CryptoPublicKey)
	if !ok || sp.Type() != ssh.KeyAlgoED25519 {
		return nil, fmt.Errorf("sign: %w: want ssh-ed25519, got %s", ErrBadKey, sp.Type())
	}
	pub, ok := cp.CryptoPublicKey().(ed25519.PublicKey)
	if !ok {
		return nil, fmt.Errorf("sign: %w: want ssh-ed25519", ErrBadKey)
	}
	return pub, nil
}

// Ed25519Fingerprint is the key's fingerprint as ssh-keygen -l prints it
// ("SHA256:" and unpadded base64).
func (k *KeyPair) Ed25519Fingerprint() string {
	return ssh.FingerprintSHA256(k.SSHPublicKey())
}

// Ed25519Fingerprint of a public key.
func Ed25519Fingerprint(pub ed25519.PublicKey) (string, error) {
	sp, err := ssh.NewPublicKey(pub)
	if err != nil {
		return "", fmt.Errorf("sign: %w: %v", ErrBadKey, err)
	}
	return ssh.FingerprintSHA256(sp), nil
}

// SM2PublicPEM is the SM2 public key as a "PUBLIC KEY" PEM block
// (SubjectPublicKeyInfo), which `openssl dgst -verify` accepts.
func (k *KeyPair) SM2PublicPEM() ([]byte, error) {
	der, err := smx509.MarshalPKIXPublicKey(&k.SM2.PublicKey)
	if err != nil {
		return nil, fmt.Errorf("sign: SM2 public key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: pemPublicKey, Bytes: der}), nil
}

// ParseSM2PublicPEM reads a public key written by SM2PublicPEM, or the key
// of an SM2 certificate in PEM.
func ParseSM2PublicPEM(data []byte) (*SM2PublicKey, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, fmt.Errorf("sign: SM2 public key: %w: no PEM block", ErrBadKey)
	}
	var pub any
	switch block.Type {
	case pemPublicKey:
		p, err := smx509.ParsePKIXPublicKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("sign: SM2 public key: %w: %v", ErrBadKey, err)
		}
		pub = p
	case pemCertificate:
		c, err := smx509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("sign: SM2 certificate: %w: %v", ErrBadKey, err)
		}
		pub = c.PublicKey
	default:
		return nil, fmt.Errorf("sign: SM2 public key: %w: PEM type %q", ErrBadKey, block.Type)
	}
	ec, ok := pub.(*SM2PublicKey)
	if !ok || !sm2.IsSM2PublicKey(ec) {
		return nil, fmt.Errorf("sign: SM2 public key: %w: not an SM2 key", ErrBadKey)
	}
	return ec, nil
}

// SM2Fingerprint is the hex SM3 digest of the SM2 public key's DER
// SubjectPublicKeyInfo.
func (k *KeyPair) SM2Fingerprint() string {
	fp, err := SM2Fingerprint(&k.SM2.PublicKey)
	if err != nil { // cannot happen for a generated or loaded key
		panic(err)
	}
	return fp
}

// SM2Fingerprint of a public key.
func SM2Fingerprint(pub *SM2PublicKey) (string, error) {
	der, err := smx509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return "", fmt.Errorf("sign: %w: %v", ErrBadKey, err)
	}
	sum := sm3.Sum(der)
	return hex.EncodeToString(sum[:]), nil
}

// CertValidity is how long a self-signed SM2 certificate is valid.
const CertValidity = 5 * 365 * 24 * time.Hour

// SelfSignedSM2Cert is a self-signed X.509 certificate (SM2-with-SM3) for the
// SM2 key, naming the signer (CN) and unit (OU), valid from now for
// CertValidity, in PEM.
func (k *KeyPair) SelfSignedSM2Cert(name, unit string, now time.Time) ([]byte, error) {
	if strings.TrimSpace(name) == "" {
		return nil, errors.New("sign: certificate: empty signer name")
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, err
	}
	subject := pkix.Name{CommonName: name}
	if strings.TrimSpace(unit) != "" {
		subject.OrganizationalUnit = []string{unit}
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               subject,
		NotBefore:             now.Add(-time.Minute).UTC(),
		NotAfter:              now.Add(CertValidity).UTC(),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		BasicConstraintsValid: true,
		SignatureAlgorithm:    smx509.SM2WithSM3,
	}
	der, err := smx509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.SM2.PublicKey, k.SM2)
	if err != nil {
		return nil, fmt.Errorf("sign: certificate: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: pemCertificate, Bytes: der}), nil
}

// Wipe overwrites the private keys in memory once they are no longer
// needed (after an export is signed). The key pair is unusable after.
func (k *KeyPair) Wipe() {
	if k == nil {
		return
	}
	for i := range k.Ed25519 {
		k.Ed25519[i] = 0
	}
	if k.SM2 != nil && k.SM2.D != nil {
		w := k.SM2.D.Bits()
		for i := range w {
			w[i] = 0
		}
		k.SM2.D.SetInt64(0)
	}
}
