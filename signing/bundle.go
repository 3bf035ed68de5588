package signing

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/crypto/ssh"

	"outsec/model/sign"
	"outsec/store"
)

// Suffixes of the files a signature adds beside the files of an export
// whose document number is NUM: NUM.meta.json, NUM.sha256, NUM.sm3,
// NUM.sha256.sig, NUM.sm3.sig.
const (
	SuffixMeta      = ".meta.json"
	SuffixSHA256    = ".sha256"
	SuffixSM3       = ".sm3"
	SuffixSHA256Sig = ".sha256.sig"
	SuffixSM3Sig    = ".sm3.sig"
)

// MetaFormat names the metadata format and its version.
const MetaFormat = "outsec-signature/1"

// Meta is the metadata of a signed export: what the document is, who
// signed it with which keys, when, with which tool, and the digest of the
// document's text. Both manifests list it, so both signatures cover it.
type Meta struct {
	Format   string    `json:"format"`
	Number   string    `json:"number"`
	Title    string    `json:"title"`
	Kind     string    `json:"kind,omitempty"`
	Version  string    `json:"version,omitempty"`
	Lang     string    `json:"lang,omitempty"`
	Signer   MetaParty `json:"signer"`
	SignedAt string    `json:"signed_at"` // RFC 3339, UTC
	Tool     string    `json:"tool"`
	Ed25519  MetaKey   `json:"ed25519"`
	SM2      MetaKey   `json:"sm2"`
	// ContentSHA256 is the SHA-256 of the filled document's Markdown, the
	// text every format renders.
	ContentSHA256 string `json:"content_sha256"`
	// Files are the files of the export the signature covers, besides this
	// metadata.
	Files []string `json:"files"`
	// AuditHead: the audit chain's newest record when the document was
	// read; `audit verify` reports a chain that no longer reaches it.
	AuditHead *store.AuditHead `json:"audit_head,omitempty"`
}

// MetaParty is the signer as the metadata names them.
type MetaParty struct {
	Name string `json:"name"`
	Role string `json:"role,omitempty"`
	Unit string `json:"unit,omitempty"`
}

// MetaKey is one public key with its fingerprint.
type MetaKey struct {
	Fingerprint string `json:"fingerprint"`
	PublicKey   string `json:"public_key"`
}

// Document is what is signed: the number and description of the document,
// and its text.
type Document struct {
	Number, Title, Kind, Version, Lang string
	Content                            []byte // the filled Markdown
	// AuditHead is the audit chain's head as the document was read: the
	// metadata anchors the chain with it (nil or zero: none).
	AuditHead *store.AuditHead
}

// Signer is a profile with its unlocked keys.
type Signer struct {
	Profile
	KeyID int64
	Keys  *sign.KeyPair
}

// Statement is a signature about to be made: the metadata is fixed first,
// so that its verification code can be printed on the PDF, then Seal signs
// the files.
type Statement struct {
	Meta     Meta
	metaJSON []byte
	signer   *Signer
}

// NewStatement fixes the metadata of a signature over the named files.
func NewStatement(s *Signer, d Document, files []string, at time.Time, tool string) (*Statement, error) {
	if s == nil || s.Keys == nil {
		return nil, sign.ErrBadKey
	}
	if strings.TrimSpace(d.Number) == "" || strings.ContainsAny(d.Number, "/\\") {
		return nil, fmt.Errorf("signing: bad document number %q", d.Number)
	}
	smPEM, err := s.Keys.SM2PublicPEM()
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(d.Content)
	m := Meta{
		Format: MetaFormat, Number: d.Number, Title: d.Title, Kind: d.Kind, Version: d.Version, Lang: d.Lang,
		Signer:   MetaParty{Name: s.Name, Role: s.Role, Unit: s.Unit},
		SignedAt: at.UTC().Format(time.RFC3339),
		Tool:     tool,
		Ed25519: MetaKey{Fingerprint: s.Keys.Ed25519Fingerprint(),
			PublicKey: strings.TrimSpace(string(ssh.MarshalAuthorizedKey(s.Keys.SSHPublicKey())))},
		SM2:           MetaKey{Fingerprint: s.Keys.SM2Fingerprint(), PublicKey: string(smPEM)},
		ContentSHA256: hex.EncodeToString(sum[:]),
		Files:         append([]string(nil), files...),
	}
	if d.AuditHead != nil && d.AuditHead.ID > 0 {
		h := *d.AuditHead
		m.AuditHead = &h
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	return &Statement{Meta: m, metaJSON: append(b, '\n'), signer: s}, nil
}

// Code is the verification code of the signature: the first 64 bits of the
// SHA-256 of the metadata, in four groups of four hex digits. It is printed
// on the PDF and shown by verification, so a paper copy can be matched to
// the signed files.
func (st *Statement) Code() string { return CodeOf(st.metaJSON) }

// Fingerprint is the full SHA-256 (hex) of the metadata, which the QR code
// on the PDF carries.
func (st *Statement) Fingerprint() string {
	sum := sha256.Sum256(st.metaJSON)
	return hex.EncodeToString(sum[:])
}

// QRText is what the PDF's QR code encodes.
func (st *Statement) QRText() string { return QRText(st.Meta.Number, st.Fingerprint()) }

// QRText is the QR code's text for a document number and metadata digest.
func QRText(number, fingerprint string) string {
	return "outsec-verify:" + number + ":sha256:" + fingerprint
}

// CodeOf is the verification code of metadata bytes.
func CodeOf(metaJSON []byte) string {
	sum := sha256.Sum256(metaJSON)
	h := strings.ToUpper(hex.EncodeToString(sum[:8]))
	return h[0:4] + "-" + h[4:8] + "-" + h[8:12] + "-" + h[12:16]
}

// Sealed is a signature made: the files it adds beside the export's, and
// the digest of its SHA-256 manifest.
type Sealed struct {
	Files          []sign.File // meta, the two manifests, the two signatures
	ManifestSHA256 string
	Code           string
}

// Seal signs the export's files: they must be exactly the files the
// statement names. It computes both manifests over them and the metadata,
// the SSH signature over the SHA-256 manifest and the SM2 signature over
// the SM3 one.
func (st *Statement) Seal(files []sign.File) (*Sealed, error) {
	if len(files) != len(st.Meta.Files) {
		return nil, errors.New("signing: the files differ from the statement's")
	}
	for i, f := range files {
		if f.Name != st.Meta.Files[i] {
			return nil, fmt.Errorf("signing: file %q is not the statement's %q", f.Name, st.Meta.Files[i])
		}
	}
	num := st.Meta.Number
	all := append(append([]sign.File(nil), files...), sign.File{Name: num + SuffixMeta, Data: st.metaJSON})
	shaM, smM := sign.Manifests(all)
	sshSig, err := sign.SignSSH(st.signer.Keys.Ed25519, shaM)
	if err != nil {
		return nil, err
	}
	smSig, err := sign.SignSM2(st.signer.Keys.SM2, smM)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(shaM)
	return &Sealed{
		Files: []sign.File{
			{Name: num + SuffixMeta, Data: st.metaJSON},
			{Name: num + SuffixSHA256, Data: shaM},
			{Name: num + SuffixSM3, Data: smM},
			{Name: num + SuffixSHA256Sig, Data: sshSig},
			{Name: num + SuffixSM3Sig, Data: smSig},
		},
		ManifestSHA256: hex.EncodeToString(sum[:]),
		Code:           st.Code(),
	}, nil
}

// decodeMeta reads metadata strictly: known fields only, the right format.
func decodeMeta(b []byte) (*Meta, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var m Meta
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	if m.Format != MetaFormat {
		return nil, fmt.Errorf("format %q, want %q", m.Format, MetaFormat)
	}
	return &m, nil
}

// Who is the signer as verification names them: "name (role), unit".
func (p MetaParty) Who() string {
	who := p.Name
	if p.Role != "" {
		who += " (" + p.Role + ")"
	}
	if p.Unit != "" {
		who += ", " + p.Unit
	}
	return who
}

// ReadMeta reads a signature's metadata file (at most 1 MiB), strictly.
func ReadMeta(path string) (*Meta, error) {
	b, err := readSmall(filepath.Dir(path), filepath.Base(path))
	if err != nil {
		return nil, err
	}
	if len(b) > 1<<20 {
		return nil, fmt.Errorf("%s: larger than 1 MiB", path)
	}
	return decodeMeta(b)
}
