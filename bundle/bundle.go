// Package bundle is the inspection bundle: one on-site inspection carried
// home from the vendor's desk (DESIGN.md "Between machines"). A bundle is a
// folder: NUM.inspection.json (the record: the engagement by uid, the
// inspection with every check and the acknowledgement, the evidence's
// metadata), one file per evidence file named by its SHA-256, and the five
// files of a signed export (NUM.meta.json, NUM.sha256, NUM.sm3, and their
// signatures), in the same manifest format as signed documents — so
// `outsec verify DIR` and the stock tools check it too. Import verifies the
// signature against this office's trusted keys, then adds the inspection in
// one transaction, or nothing (store.ImportInspection); the same bundle twice
// adds nothing the second time.
package bundle

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"outsec/internal/safefile"
	"outsec/model"
	"outsec/model/inspection"
	"outsec/model/sign"
	"outsec/signing"
	"outsec/store"
)

// Format names the record's format and version.
const Format = "outsec-inspection/1"

// Kind is the kind the signature's metadata gives a bundle.
const Kind = "inspection-bundle"

// RecordSuffix ends the record's file name.
const RecordSuffix = ".inspection.json"

// Record is the bundle's record.
type Record struct {
	Format     string                `json:"format"`
	Engagement EngagementRef         `json:"engagement"`
	Inspection inspection.Inspection `json:"inspection"`
	Evidence   []EvidenceRef         `json:"evidence,omitempty"`
}

// EngagementRef names the engagement: by uid, which is what import matches;
// code and name for the reader.
type EngagementRef struct {
	UID  string `json:"uid"`
	Code string `json:"code"`
	Name string `json:"name"`
}

// EvidenceRef is one evidence item: the check it belongs to and its
// record; a file's bytes are the bundle's file named by SHA256.
type EvidenceRef struct {
	Item    string    `json:"item"`
	Kind    string    `json:"kind"`
	Name    string    `json:"name"`
	Size    int64     `json:"size"`
	SHA256  string    `json:"sha256"`
	SM3     string    `json:"sm3"`
	Note    string    `json:"note,omitempty"`
	AddedBy string    `json:"added_by"`
	AddedAt time.Time `json:"added_at"`
}

// Number is the bundle's document number: CODE-IB-<the inspection uid's
// first eight characters>.
func Number(code, uid string) string {
	u := strings.ReplaceAll(uid, "-", "")
	if len(u) > 8 {
		u = u[:8]
	}
	return code + "-IB-" + u
}

// Export writes the bundle of inspection inspID into dir (created when
// missing), signed by signer, and returns the document number and the files
// written. Evidence files are checked against their record first: a changed
// one fails the export, naming it.
func Export(ctx context.Context, st *store.Store, signer *signing.Signer, inspID int64, dir, tool string) (string, []string, error) {
	in, engID, err := st.Inspection(ctx, inspID)
	if err != nil {
		return "", nil, err
	}
	e, err := st.Engagement(ctx, engID)
	if err != nil {
		return "", nil, err
	}
	byCheck, err := st.EvidenceByOwner(ctx, engID, store.OwnerInspectionItem)
	if err != nil {
		return "", nil, err
	}
	rec := Record{Format: Format, Engagement: EngagementRef{UID: e.UID, Code: e.Code, Name: e.Name}, Inspection: in}
	rec.Inspection.CreatedAt = rec.Inspection.CreatedAt.UTC()
	var files []sign.File
	seen := map[string]bool{}
	for _, c := range in.Checks {
		for _, ev := range byCheck[c.ID] {
			rec.Evidence = append(rec.Evidence, EvidenceRef{Item: c.Item, Kind: ev.Kind, Name: ev.Name, Size: ev.Size, SHA256: ev.SHA256, SM3: ev.SM3,
				Note: ev.Note, AddedBy: ev.AddedBy, AddedAt: ev.AddedAt.UTC()})
			if ev.Kind != store.EvidenceFile || seen[ev.SHA256] {
				continue
			}
			seen[ev.SHA256] = true
			b, err := os.ReadFile(st.EvidencePath(ev))
			if err != nil {
				return "", nil, fmt.Errorf("evidence %s: %w", ev.Name, err)
			}
			if sign.DigestSHA256(b) != ev.SHA256 {
				return "", nil, fmt.Errorf("evidence %s: the file %s has been changed", ev.Name, st.EvidencePath(ev))
			}
			files = append(files, sign.File{Name: ev.SHA256, Data: b})
		}
	}
	num := Number(e.Code, in.UID)
	body, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return "", nil, err
	}
	body = append(body, '\n')
	files = append([]sign.File{{Name: num + RecordSuffix, Data: body}}, files...)
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.Name
	}
	stmt, err := signing.NewStatement(signer, signing.Document{Number: num, Title: "现场检查数据包 / inspection bundle", Kind: Kind, Version: "1",
		Lang: "zh-CN", Content: body}, names, time.Now(), tool)
	if err != nil {
		return "", nil, err
	}
	sealed, err := stmt.Seal(files)
	if err != nil {
		return "", nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", nil, err
	}
	var written []string
	for _, f := range append(files, sealed.Files...) {
		p := filepath.Join(dir, f.Name)
		tmp, err := safefile.WriteTemp(p, f.Data)
		if err != nil {
			return num, written, err
		}
		if err := os.Rename(tmp, p); err != nil {
			os.Remove(tmp)
			return num, written, err
		}
		written = append(written, p)
	}
	safefile.SyncDir(dir)
	return num, written, nil
}

// Bundle is a bundle read and verified.
type Bundle struct {
	Dir      string
	Number   string
	Record   Record
	Evidence []store.BundleEvidence
	Signer   signing.MetaParty
	Code     string // the verification code
}

// Refusal is why a bundle is not imported: its signature does not verify
// (a file changed: File names it), or the key is not trusted here
// (Fingerprint names it).
type Refusal struct {
	Key         string // catalog key: bundle.err.…
	File        string
	Fingerprint string
	Detail      string
}

func (r *Refusal) Error() string {
	return fmt.Sprintf("bundle refused: %s %s %s %s", r.Key, r.File, r.Fingerprint, r.Detail)
}

// Read verifies the bundle in dir against the office's keys (lookup) and
// reads its record. A changed, missing or unlisted file, a broken
// signature or an untrusted key is a *Refusal.
func Read(dir string, lookup signing.Lookup) (*Bundle, error) {
	rep, err := signing.Verify(dir, lookup)
	if errors.Is(err, signing.ErrNoSignature) {
		return nil, &Refusal{Key: "bundle.err.unsigned", File: dir}
	}
	if err != nil {
		return nil, err
	}
	var res *signing.Result
	for i := range rep.Results {
		r := &rep.Results[i]
		if r.Meta != nil && r.Meta.Kind == Kind || strings.Contains(r.Number, "-IB-") {
			res = r
		}
	}
	if res == nil {
		return nil, &Refusal{Key: "bundle.err.not_bundle", File: dir}
	}
	if len(res.Problems) > 0 {
		p := res.Problems[0]
		return nil, &Refusal{Key: "bundle.err.changed", File: p.File, Detail: p.Key}
	}
	switch res.Trust {
	case signing.Revoked:
		return nil, &Refusal{Key: "bundle.err.revoked", Fingerprint: res.Ed25519FPR}
	case signing.Untrusted:
		return nil, &Refusal{Key: "bundle.err.untrusted", Fingerprint: res.Ed25519FPR}
	}
	if len(rep.Unsigned) > 0 {
		sort.Strings(rep.Unsigned)
		return nil, &Refusal{Key: "bundle.err.unlisted", File: rep.Unsigned[0]}
	}
	b := &Bundle{Dir: dir, Number: res.Number, Signer: res.Meta.Signer, Code: res.Code}
	raw, err := os.ReadFile(filepath.Join(dir, res.Number+RecordSuffix))
	if err != nil {
		return nil, &Refusal{Key: "bundle.err.not_bundle", File: res.Number + RecordSuffix}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b.Record); err != nil || b.Record.Format != Format {
		return nil, &Refusal{Key: "bundle.err.record", File: res.Number + RecordSuffix, Detail: fmt.Sprint(err)}
	}
	listed := map[string]bool{}
	for _, f := range res.Files {
		listed[f] = true
	}
	for _, ev := range b.Record.Evidence {
		be := store.BundleEvidence{Item: ev.Item, Evidence: store.Evidence{Kind: ev.Kind, Name: ev.Name, Size: ev.Size, SHA256: ev.SHA256, SM3: ev.SM3,
			Note: ev.Note, AddedBy: ev.AddedBy, AddedAt: ev.AddedAt}}
		if ev.Kind == store.EvidenceFile {
			if !listed[ev.SHA256] {
				return nil, &Refusal{Key: "bundle.err.changed", File: ev.SHA256, Detail: "missing"}
			}
			data, err := os.ReadFile(filepath.Join(dir, ev.SHA256))
			if err != nil {
				return nil, &Refusal{Key: "bundle.err.changed", File: ev.SHA256, Detail: err.Error()}
			}
			be.Data = data
		}
		b.Evidence = append(b.Evidence, be)
	}
	return b, nil
}

// Findings counts the partly and non-conform checks: the corrective
// actions the import makes when the vendor has acknowledged.
func (b *Bundle) Findings() []inspection.Check { return b.Record.Inspection.Findings() }

// Import adds the bundle read by Read.
func Import(ctx context.Context, st *store.Store, op store.Operator, b *Bundle) (store.BundleImport, error) {
	return st.ImportInspection(ctx, op, b.Record.Engagement.UID, b.Record.Inspection, b.Evidence)
}

// Due is the date the bundle's findings will be due in this office.
func Due(in inspection.Inspection, fix string) model.Date { return inspection.Due(in.Date, fix) }
