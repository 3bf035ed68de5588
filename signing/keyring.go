// Package signing is signed exports on disk: the signer's key files in the
// data folder, the files a signature adds beside an export (metadata, the
// SHA-256 and SM3 manifests, the SSH and SM2 signatures) and the
// verification of an export folder or one of its files. The cryptography
// and the formats are model/sign's; this package adds the files, and
// imports neither the terminal nor the command line.
package signing

import (
	"bytes"
	"crypto/ed25519"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emmansun/gmsm/smx509"
	"golang.org/x/crypto/ssh"

	"outsec/internal/safefile"
	"outsec/model/sign"
	"outsec/store"
)

// The files of one key pair, in its folder under the data folder's "keys".
// The private halves are only ever written encrypted.
const (
	FileEd25519Private = "id_ed25519"     // OpenSSH private key, passphrase-protected
	FileEd25519Public  = "id_ed25519.pub" // authorized_keys line
	FileSM2Private     = "sm2_key.pem"    // encrypted PKCS#8 (PBES2, SM4-CBC)
	FileSM2Public      = "sm2_public.pem" // SubjectPublicKeyInfo
	FileSM2Cert        = "sm2_cert.pem"   // self-signed, names signer and unit
	FileAllowedSigners = "allowed_signers"
	// FileOwner names the database (its file name) whose key this is:
	// databases in one folder share keys/, and each must know its own.
	FileOwner = "database"
)

// MinPassphrase is the shortest passphrase accepted for a new key, in
// characters.
const MinPassphrase = 8

// Errors the screens and the command line explain.
var (
	ErrShortPassphrase = errors.New("passphrase too short")
	ErrBlankPassphrase = errors.New("passphrase of spaces only")
	ErrPassphraseMatch = errors.New("the two passphrases differ")
	ErrNoKeyFiles      = errors.New("no key files")
)

// CheckNewPassphrase tells whether a passphrase may protect a new key: at
// least MinPassphrase characters, not only blanks, typed the same twice.
func CheckNewPassphrase(pass, again []byte) error {
	if utf8.RuneCount(pass) < MinPassphrase {
		return ErrShortPassphrase
	}
	if len(bytes.TrimSpace(bytes.ReplaceAll(pass, []byte("\u3000"), nil))) == 0 {
		return ErrBlankPassphrase
	}
	if !bytes.Equal(pass, again) {
		return ErrPassphraseMatch
	}
	return nil
}

// KeysDir is the folder of the key files: "keys" beside the database.
func KeysDir(dbPath string) string { return filepath.Join(filepath.Dir(dbPath), "keys") }

// Profile is who signs: the signer profile's name, role and unit.
type Profile struct {
	OperatorID       int64
	Name, Role, Unit string
}

// Principal is the name a signer goes by in an allowed_signers file: the
// name with blanks, quotes, commas and wildcards replaced by "_".
func Principal(name string) string {
	p := strings.Map(func(r rune) rune {
		if strings.ContainsRune("\"\r\n\t ,*?!\u3000", r) {
			return '_'
		}
		return r
	}, strings.TrimSpace(name))
	if p == "" {
		p = "signer"
	}
	return p
}

// keyRecord is the public record of a key pair.
func keyRecord(kind string, p Profile, kp *sign.KeyPair) (*store.SigningKey, error) {
	smPEM, err := kp.SM2PublicPEM()
	if err != nil {
		return nil, err
	}
	return &store.SigningKey{
		Kind: kind, OperatorID: p.OperatorID, Name: p.Name, Role: p.Role, Unit: p.Unit,
		Ed25519Public: strings.TrimSpace(string(ssh.MarshalAuthorizedKey(kp.SSHPublicKey()))),
		SM2Public:     string(smPEM),
		Ed25519FPR:    kp.Ed25519Fingerprint(),
		SM2FPR:        kp.SM2Fingerprint(),
	}, nil
}

// keyFiles are the files of a key pair's folder.
func keyFiles(kp *sign.KeyPair, p Profile, pass []byte, now time.Time) (map[string][]byte, error) {
	edPEM, smPEM, err := kp.Encrypt(pass)
	if err != nil {
		return nil, err
	}
	pub, err := kp.SM2PublicPEM()
	if err != nil {
		return nil, err
	}
	cert, err := kp.SelfSignedSM2Cert(p.Name, p.Unit, now)
	if err != nil {
		return nil, err
	}
	line, err := kp.AllowedSignersLine(Principal(p.Name))
	if err != nil {
		return nil, err
	}
	return map[string][]byte{
		FileEd25519Private: edPEM,
		FileEd25519Public:  ssh.MarshalAuthorizedKey(kp.SSHPublicKey()),
		FileSM2Private:     smPEM,
		FileSM2Public:      pub,
		FileSM2Cert:        cert,
		FileAllowedSigners: []byte(line + "\n"),
	}, nil
}

// writeKeyDir writes the files of a key pair into a new folder, whole or not
// at all: they go into a hidden folder first, which is renamed once every
// file is synced.
func writeKeyDir(dir string, files map[string][]byte) error {
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o700); err != nil {
		return err
	}
	if _, err := os.Stat(dir); err == nil {
		return fmt.Errorf("%s: %w", dir, os.ErrExist)
	}
	tmp, err := os.MkdirTemp(parent, ".new-")
	if err != nil {
		return err
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o700); err != nil {
		return err
	}
	for name, b := range files {
		t, err := safefile.WriteTemp(filepath.Join(tmp, name), b)
		if err != nil {
			return err
		}
		if err := os.Chmod(t, 0o600); err != nil {
			return err
		}
		if err := os.Rename(t, filepath.Join(tmp, name)); err != nil {
			return err
		}
	}
	safefile.SyncDir(tmp)
	if err := os.Rename(tmp, dir); err != nil {
		return err
	}
	safefile.SyncDir(parent)
	ok = true
	return nil
}

// Keyring is the key files of one database's data folder.
type Keyring struct {
	// Base is the data folder: key folders are recorded relative to it, so
	// the folder can move (a USB stick) with its keys.
	Base string
	// Owner is the database's file name, written in each key folder it
	// makes (FileOwner).
	Owner string
}

// NewKeyring is the keyring beside a database file.
func NewKeyring(dbPath string) Keyring {
	return Keyring{Base: filepath.Dir(dbPath), Owner: filepath.Base(dbPath)}
}

func (r Keyring) abs(dir string) string {
	if filepath.IsAbs(dir) {
		return dir
	}
	return filepath.Join(r.Base, dir)
}

// Create generates a key pair for the profile, writes its files encrypted
// under pass and records it in the store (event keys.create). If the record
// cannot be written, the files are removed: both exist, or neither.
func (r Keyring) Create(record func(*store.SigningKey) error, p Profile, pass []byte, now time.Time) (*store.SigningKey, error) {
	kp, err := sign.NewKeys(pass)
	if err != nil {
		return nil, err
	}
	return r.install(record, store.KeyOwn, p, kp, pass, now)
}

func (r Keyring) install(record func(*store.SigningKey) error, kind string, p Profile, kp *sign.KeyPair, pass []byte, now time.Time) (*store.SigningKey, error) {
	k, err := keyRecord(kind, p, kp)
	if err != nil {
		return nil, err
	}
	files, err := keyFiles(kp, p, pass, now)
	if err != nil {
		return nil, err
	}
	if r.Owner != "" {
		files[FileOwner] = []byte(r.Owner + "\n")
	}
	// ShortID is base64: "/" and "+" are not file-name characters everywhere.
	name := strings.NewReplacer("/", "_", "+", "-").Replace(k.ShortID()) + "-" + now.UTC().Format("20060102T150405")
	rel := filepath.Join("keys", name)
	if err := writeKeyDir(r.abs(rel), files); err != nil {
		return nil, err
	}
	k.Dir = rel
	if err := record(k); err != nil {
		os.RemoveAll(r.abs(rel))
		return nil, err
	}
	return k, nil
}

// Import reads a key pair's private files from a folder (one written by
// Create, copied from another machine or a backup), checks that pass opens
// both, and installs a copy for the profile (event keys.import). The
// source folder is only read.
func (r Keyring) Import(record func(*store.SigningKey) error, p Profile, from string, pass []byte, now time.Time) (*store.SigningKey, error) {
	ed, err := os.ReadFile(filepath.Join(from, FileEd25519Private))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoKeyFiles, err)
	}
	sm, err := os.ReadFile(filepath.Join(from, FileSM2Private))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoKeyFiles, err)
	}
	kp, err := sign.Load(ed, sm, pass)
	if err != nil {
		return nil, err
	}
	return r.install(record, store.KeyOwn, p, kp, pass, now)
}

// Unlock opens a key's private halves with the passphrase. A wrong
// passphrase matches sign.ErrWrongPassphrase; nothing is written either way.
func (r Keyring) Unlock(k store.SigningKey, pass []byte) (*sign.KeyPair, error) {
	dir := r.abs(k.Dir)
	ed, err := os.ReadFile(filepath.Join(dir, FileEd25519Private))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoKeyFiles, err)
	}
	sm, err := os.ReadFile(filepath.Join(dir, FileSM2Private))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoKeyFiles, err)
	}
	kp, err := sign.Load(ed, sm, pass)
	if err != nil {
		return nil, err
	}
	if kp.Ed25519Fingerprint() != k.Ed25519FPR || kp.SM2Fingerprint() != k.SM2FPR {
		return nil, fmt.Errorf("%w: the files in %s are not the recorded key", sign.ErrBadKey, dir)
	}
	return kp, nil
}

// ExportPublic writes what another office needs to verify this key's
// signatures into the folder out: allowed_signers (for ssh-keygen -Y
// verify), the SM2 public key and the self-signed SM2 certificate. It
// returns the paths written.
func (r Keyring) ExportPublic(k store.SigningKey, out string) ([]string, error) {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	pub, err := ParseEd25519Public(k.Ed25519Public)
	if err != nil {
		return nil, err
	}
	line, err := sign.AllowedSignersLine(Principal(k.Name), pub)
	if err != nil {
		return nil, err
	}
	files := []sign.File{
		{Name: FileAllowedSigners, Data: []byte(line + "\n")},
		{Name: FileSM2Public, Data: []byte(k.SM2Public)},
	}
	if k.Kind == store.KeyOwn {
		if cert, err := os.ReadFile(filepath.Join(r.abs(k.Dir), FileSM2Cert)); err == nil {
			files = append(files, sign.File{Name: FileSM2Cert, Data: cert})
		}
	}
	var paths []string
	for _, f := range files {
		p := filepath.Join(out, f.Name)
		t, err := safefile.WriteTemp(p, f.Data)
		if err != nil {
			return paths, err
		}
		if err := os.Rename(t, p); err != nil {
			os.Remove(t)
			return paths, err
		}
		paths = append(paths, p)
	}
	safefile.SyncDir(out)
	return paths, nil
}

// ParseEd25519Public reads an authorized_keys line of an Ed25519 key.
func ParseEd25519Public(line string) (ed25519.PublicKey, error) {
	sp, _, _, _, err := ssh.ParseAuthorizedKey([]byte(line))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", sign.ErrBadKey, err)
	}
	cp, ok := sp.(ssh.CryptoPublicKey)
	if !ok || sp.Type() != ssh.KeyAlgoED25519 {
		return nil, fmt.Errorf("%w: not ssh-ed25519", sign.ErrBadKey)
	}
	pub, ok := cp.CryptoPublicKey().(ed25519.PublicKey)
	if !ok {
		return nil, fmt.Errorf("%w: not ssh-ed25519", sign.ErrBadKey)
	}
	return pub, nil
}

// Public is another office's keys as read from what `keys export-public`
// wrote: the Ed25519 key from an allowed_signers line, the SM2 key from a
// public key or certificate, the name and unit from the certificate (or the
// allowed_signers principal).
type Public struct {
	Name, Unit string
	Ed25519    ed25519.PublicKey
	SM2        *sign.SM2PublicKey
	Source     string
}

// ErrIncompletePublic: a trust file must give both keys.
var ErrIncompletePublic = errors.New("both an Ed25519 and an SM2 public key are needed")

// ReadPublic reads another office's public keys from a folder written by
// ExportPublic, or from one file holding an allowed_signers line and the SM2
// key or certificate in PEM (the files concatenated).
func ReadPublic(path string) (*Public, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	var data []byte
	if st.IsDir() {
		for _, name := range []string{FileAllowedSigners, FileSM2Cert, FileSM2Public} {
			b, err := os.ReadFile(filepath.Join(path, name))
			if err == nil {
				data = append(append(data, b...), '\n')
			}
		}
	} else {
		if st.Size() > 1<<20 {
			return nil, fmt.Errorf("%w: file larger than 1 MiB", sign.ErrBadKey)
		}
		if data, err = os.ReadFile(path); err != nil {
			return nil, err
		}
	}
	p, err := ParsePublic(data)
	if err != nil {
		return nil, err
	}
	p.Source = path
	if abs, err := filepath.Abs(path); err == nil {
		p.Source = abs
	}
	return p, nil
}

// ParsePublic reads public keys from text: allowed_signers lines and PEM
// blocks (PUBLIC KEY, CERTIFICATE), in any order.
func ParsePublic(data []byte) (*Public, error) {
	p := &Public{}
	rest := data
	var text []byte
	for {
		block, after := pem.Decode(rest)
		if block == nil {
			text = append(text, rest...)
			break
		}
		i := bytes.Index(rest, []byte("-----BEGIN"))
		if i > 0 {
			text = append(text, rest[:i]...)
		}
		one := pem.EncodeToMemory(block)
		switch block.Type {
		case "PUBLIC KEY", "CERTIFICATE":
			k, err := sign.ParseSM2PublicPEM(one)
			if err != nil {
				return nil, err
			}
			if p.SM2 != nil && !p.SM2.Equal(k) {
				return nil, fmt.Errorf("%w: two different SM2 keys", sign.ErrBadKey)
			}
			p.SM2 = k
			if block.Type == "CERTIFICATE" {
				if name, unit, ok := certNames(one); ok {
					p.Name, p.Unit = name, unit
				}
			}
		default:
			return nil, fmt.Errorf("%w: PEM block %q", sign.ErrBadKey, block.Type)
		}
		rest = after
	}
	for _, line := range strings.Split(string(text), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		principal, pub, err := sign.ParseAllowedSignersLine(line)
		if err != nil {
			return nil, err
		}
		if p.Ed25519 != nil && !p.Ed25519.Equal(pub) {
			return nil, fmt.Errorf("%w: two different Ed25519 keys", sign.ErrBadKey)
		}
		p.Ed25519 = pub
		if p.Name == "" {
			p.Name = principal
		}
	}
	if p.Ed25519 == nil || p.SM2 == nil {
		return nil, ErrIncompletePublic
	}
	return p, nil
}

// TrustRecord is the store record of trusted public keys.
func (p *Public) TrustRecord() (*store.SigningKey, error) {
	sp, err := ssh.NewPublicKey(p.Ed25519)
	if err != nil {
		return nil, err
	}
	smPEM, err := smPublicPEM(p.SM2)
	if err != nil {
		return nil, err
	}
	smFPR, err := sign.SM2Fingerprint(p.SM2)
	if err != nil {
		return nil, err
	}
	return &store.SigningKey{
		Kind: store.KeyTrusted, Name: p.Name, Unit: p.Unit,
		Ed25519Public: strings.TrimSpace(string(ssh.MarshalAuthorizedKey(sp))),
		SM2Public:     smPEM,
		Ed25519FPR:    ssh.FingerprintSHA256(sp),
		SM2FPR:        smFPR,
		Source:        p.Source,
	}, nil
}

func smPublicPEM(k *sign.SM2PublicKey) (string, error) {
	der, err := smx509.MarshalPKIXPublicKey(k)
	if err != nil {
		return "", err
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})), nil
}

// certNames reads the signer's name (CN) and unit (OU) from a certificate.
func certNames(certPEM []byte) (name, unit string, ok bool) {
	block, _ := pem.Decode(certPEM)
	if block == nil {
		return "", "", false
	}
	c, err := smx509.ParseCertificate(block.Bytes)
	if err != nil || c.Subject.CommonName == "" {
		return "", "", false
	}
	return c.Subject.CommonName, strings.Join(c.Subject.OrganizationalUnit, ", "), true
}

// Problems with the files of a key in force, for `outsec doctor`.
var (
	ErrKeyFilesOpen        = errors.New("key files readable by others")
	ErrKeyFileNotEncrypted = errors.New("a private key file is not encrypted")
)

// CheckFiles checks a key's private files without the passphrase: both
// present, readable only by their owner (not on Windows), both encrypted,
// and the public halves are the recorded key's.
func (r Keyring) CheckFiles(k store.SigningKey) error {
	dir := r.abs(k.Dir)
	ed, err := os.ReadFile(filepath.Join(dir, FileEd25519Private))
	if err != nil {
		return fmt.Errorf("%w: %v", ErrNoKeyFiles, err)
	}
	sm, err := os.ReadFile(filepath.Join(dir, FileSM2Private))
	if err != nil {
		return fmt.Errorf("%w: %v", ErrNoKeyFiles, err)
	}
	if _, err := ssh.ParseRawPrivateKey(ed); err == nil {
		return fmt.Errorf("%w: %s", ErrKeyFileNotEncrypted, FileEd25519Private)
	} else if pm := (*ssh.PassphraseMissingError)(nil); !errors.As(err, &pm) {
		return fmt.Errorf("%w: %s: %v", sign.ErrBadKey, FileEd25519Private, err)
	}
	if b, _ := pem.Decode(sm); b == nil || b.Type != "ENCRYPTED PRIVATE KEY" {
		return fmt.Errorf("%w: %s", ErrKeyFileNotEncrypted, FileSM2Private)
	}
	if runtime.GOOS != "windows" {
		for _, name := range []string{FileEd25519Private, FileSM2Private} {
			if fi, err := os.Stat(filepath.Join(dir, name)); err == nil && fi.Mode().Perm()&0o077 != 0 {
				return fmt.Errorf("%w: %s %04o", ErrKeyFilesOpen, name, fi.Mode().Perm())
			}
		}
	}
	return nil
}

// ChangePassphrase re-encrypts an own key's private files under a new
// passphrase. The old passphrase must open them (sign.ErrWrongPassphrase
// otherwise, and nothing changes). A new folder is written whole, the
// record is pointed at it (record gets its path relative to the data
// folder), and only then is the old folder removed: at every moment one
// complete, encrypted copy is the recorded one.
func (r Keyring) ChangePassphrase(k store.SigningKey, old, next []byte, now time.Time, record func(dir string) error) (string, error) {
	kp, err := r.Unlock(k, old)
	if err != nil {
		return "", err
	}
	defer kp.Wipe()
	edPEM, smPEM, err := kp.Encrypt(next)
	if err != nil {
		return "", err
	}
	oldDir := r.abs(k.Dir)
	files := map[string][]byte{FileEd25519Private: edPEM, FileSM2Private: smPEM}
	// The public files and the certificate stay as they are.
	if r.Owner != "" {
		files[FileOwner] = []byte(r.Owner + "\n")
	}
	for _, name := range []string{FileEd25519Public, FileSM2Public, FileSM2Cert, FileAllowedSigners} {
		if b, err := os.ReadFile(filepath.Join(oldDir, name)); err == nil {
			files[name] = b
		}
	}
	name := strings.NewReplacer("/", "_", "+", "-").Replace(k.ShortID()) + "-" + now.UTC().Format("20060102T150405.000")
	rel := filepath.Join("keys", name)
	if err := writeKeyDir(r.abs(rel), files); err != nil {
		return "", err
	}
	if err := record(rel); err != nil {
		os.RemoveAll(r.abs(rel))
		return "", err
	}
	os.RemoveAll(oldDir)
	safefile.SyncDir(filepath.Dir(oldDir))
	return rel, nil
}

// Stray lists the folders under keys/ that no recorded key names: what an
// interrupted key creation or passphrase change left behind (a copy under
// an old passphrase, or a key never recorded). Hidden folders being written
// are listed too. A folder that another database in the same folder made
// (FileOwner names it) is that database's, not stray; so is one made before
// the owner was written down while another database is beside this one
// may be that one's: it is listed in unclaimed, to check, not to delete.
func (r Keyring) Stray(keys []store.SigningKey) (stray, unclaimed []string) {
	ents, err := os.ReadDir(filepath.Join(r.Base, "keys"))
	if err != nil {
		return nil, nil
	}
	known := map[string]bool{}
	for _, k := range keys {
		if k.Dir != "" {
			known[filepath.Clean(r.abs(k.Dir))] = true
		}
	}
	others := -1 // other databases beside this one; counted when needed
	for _, e := range ents {
		p := filepath.Join(r.Base, "keys", e.Name())
		if !e.IsDir() || known[filepath.Clean(p)] {
			continue
		}
		if owner, err := os.ReadFile(filepath.Join(p, FileOwner)); err == nil {
			if o := strings.TrimSpace(string(owner)); r.Owner != "" && o != r.Owner {
				continue
			}
		} else if r.Owner != "" {
			if others < 0 {
				others = r.otherDatabases()
			}
			if others > 0 {
				unclaimed = append(unclaimed, p)
				continue
			}
		}
		stray = append(stray, p)
	}
	return stray, unclaimed
}

// otherDatabases counts the SQLite files beside the database other than it.
func (r Keyring) otherDatabases() int {
	ents, err := os.ReadDir(r.Base)
	if err != nil {
		return 0
	}
	n := 0
	for _, e := range ents {
		if !e.Type().IsRegular() || e.Name() == r.Owner {
			continue
		}
		f, err := os.Open(filepath.Join(r.Base, e.Name()))
		if err != nil {
			continue
		}
		head := make([]byte, 16)
		_, err = io.ReadFull(f, head)
		f.Close()
		if err == nil && string(head) == "SQLite format 3\x00" {
			n++
		}
	}
	return n
}
