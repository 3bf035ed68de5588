package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emmansun/gmsm/sm3"

	"outsec/internal/safefile"
	"outsec/model"
)

// The evidence store, for every workflow (DESIGN.md "Evidence"): a file given
// by path is copied into the folder evidence/ beside the database, named by
// its SHA-256, and recorded with its name, size, SHA-256 and SM3, who added it
// and when; a text note is recorded with the same fields (the digests over
// its UTF-8 text). Evidence is never changed (a trigger refuses UPDATE);
// outsec doctor reports a file that is changed or missing (CheckEvidence).
// A record links to evidence by (owner kind, owner id): the findings and
// incidents here, the inspection items and the exit later.

// Owner kinds of evidence links.
const (
	OwnerFinding  = "finding"
	OwnerIncident = "incident"
)

// Evidence kinds.
const (
	EvidenceFile = "file"
	EvidenceNote = "note"
)

// Audit events of the evidence store.
const (
	EventEvidenceAdd  = "evidence" + ".add"
	EventEvidenceLink = "evidence" + ".link"
	ObjectEvidence    = "evidence"
)

// Evidence is one item of evidence.
type Evidence struct {
	ID           int64     `json:"id"`
	EngagementID int64     `json:"-"`
	Kind         string    `json:"kind"` // EvidenceFile, EvidenceNote
	Name         string    `json:"name"`
	Size         int64     `json:"size"`
	SHA256       string    `json:"sha256"`
	SM3          string    `json:"sm3"`
	Note         string    `json:"note,omitempty"`
	AddedBy      string    `json:"added_by"`
	AddedAt      time.Time `json:"added_at"`
}

// Owner names the record evidence is linked to.
type Owner struct {
	Kind string
	ID   int64
}

// EvidenceDir is the folder of the evidence files of the database at dbPath.
func EvidenceDir(dbPath string) string { return filepath.Join(filepath.Dir(dbPath), "evidence") }

// EvidenceDir is the folder of this database's evidence files.
func (s *Store) EvidenceDir() string { return EvidenceDir(s.path) }

// EvidencePath is where the file of e is kept.
func (s *Store) EvidencePath(e Evidence) string { return filepath.Join(s.EvidenceDir(), e.SHA256) }

// Digests are the two digests of some bytes.
type Digests struct {
	Size   int64
	SHA256 string
	SM3    string
}

// DigestReader reads r to its end and returns its size and digests, in
// bounded memory.
func DigestReader(r io.Reader) (Digests, error) {
	h1, h2 := sha256.New(), sm3.New()
	n, err := io.Copy(io.MultiWriter(h1, h2), r)
	if err != nil {
		return Digests{}, err
	}
	return Digests{Size: n, SHA256: hex.EncodeToString(h1.Sum(nil)), SM3: hex.EncodeToString(h2.Sum(nil))}, nil
}

// Error keys of the evidence store's refusals.
const (
	KeyEvidenceNotFile  = "findings.err.evidence_not_file"
	KeyEvidenceEmptyRef = "findings.err.evidence_no_text"
	KeyEvidenceOwner    = "findings.err.evidence_owner"
)

// ClauseEvidence: the vendor's rectification report is kept as evidence
// (8.1 b)); the evidence of every check, never changed (DESIGN.md).
const ClauseEvidence model.Clause = "GB/T 32926—2016 8.1 b)"

// copyEvidence copies the file at src into dir under its SHA-256, whole or
// not at all (a temporary file in dir, synced, renamed), streaming the
// digests. created is false when a file of that digest was already there.
func copyEvidence(dir, src string) (d Digests, created bool, err error) {
	in, err := os.Open(src)
	if err != nil {
		return d, false, err
	}
	defer in.Close()
	fi, err := in.Stat()
	if err != nil {
		return d, false, err
	}
	if !fi.Mode().IsRegular() {
		return d, false, model.ValidationError{{Field: "evidence.path", Key: KeyEvidenceNotFile, Args: []any{src}, Clause: ClauseEvidence}}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return d, false, err
	}
	tmp, err := os.CreateTemp(dir, ".evidence.*.tmp")
	if err != nil {
		return d, false, err
	}
	name := tmp.Name()
	defer func() {
		if name != "" {
			os.Remove(name)
		}
	}()
	d, err = DigestReader(io.TeeReader(in, tmp))
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return d, false, err
	}
	dst := filepath.Join(dir, d.SHA256)
	if _, err := os.Stat(dst); err == nil {
		// The same content is kept already; it is checked, not replaced.
		got, err := digestFile(dst)
		if err == nil && got == d {
			return d, false, nil
		}
	}
	if err := os.Chmod(name, 0o400); err != nil {
		return d, false, err
	}
	if err := os.Rename(name, dst); err != nil {
		return d, false, err
	}
	name = ""
	safefile.SyncDir(dir)
	return d, true, nil
}

func digestFile(path string) (Digests, error) {
	f, err := os.Open(path)
	if err != nil {
		return Digests{}, err
	}
	defer f.Close()
	return DigestReader(f)
}

// AddEvidenceFile copies the file at path into the evidence folder and
// records it for engagement engID, linked to owner (when owner.Kind is not
// empty), in one transaction with its audit record. When the record cannot
// be written, a file copied for it is removed again.
func (s *Store) AddEvidenceFile(ctx context.Context, op Operator, engID int64, path string, owner Owner) (Evidence, error) {
	d, created, err := copyEvidence(s.EvidenceDir(), path)
	if err != nil {
		err = evidenceIOError(path, err)
		s.AuditFailure(ctx, op, EventEvidenceAdd, ObjectEvidence, filepath.Base(path), err)
		return Evidence{}, err
	}
	e := Evidence{EngagementID: engID, Kind: EvidenceFile, Name: filepath.Base(path), Size: d.Size, SHA256: d.SHA256, SM3: d.SM3}
	err = s.addEvidence(ctx, op, &e, owner)
	if err != nil && created {
		var used int
		s.db.QueryRowContext(ctx, `SELECT count(*) FROM evidence WHERE sha256 = ? AND kind = 'file'`, d.SHA256).Scan(&used)
		if used == 0 {
			os.Remove(filepath.Join(s.EvidenceDir(), d.SHA256))
		}
	}
	return e, err
}

// AddEvidenceNote records a text note (an interview note) as evidence, with
// the same fields as a file: its title, the size and digests of its text.
func (s *Store) AddEvidenceNote(ctx context.Context, op Operator, engID int64, title, text string, owner Owner) (Evidence, error) {
	title, text = strings.TrimSpace(title), strings.TrimSpace(text)
	var v model.ValidationError
	if text == "" {
		v = append(v, model.FieldError{Field: "evidence.note", Key: KeyEvidenceEmptyRef, Clause: ClauseEvidence})
	} else if utf8.RuneCountInString(text) > model.MaxLongText {
		v = append(v, model.FieldError{Field: "evidence.note", Key: "err.too_long", Args: []any{model.MaxLongText}, Clause: ClauseEvidence})
	}
	if utf8.RuneCountInString(title) > model.MaxShortText {
		v = append(v, model.FieldError{Field: "evidence.name", Key: "err.too_long", Args: []any{model.MaxShortText}, Clause: ClauseEvidence})
	}
	if v != nil {
		s.AuditFailure(ctx, op, EventEvidenceAdd, ObjectEvidence, title, v)
		return Evidence{}, v
	}
	if title == "" {
		first, _, _ := strings.Cut(text, "\n")
		if r := []rune(strings.TrimSpace(first)); len(r) > 40 {
			first = string(r[:40]) + "…"
		}
		title = strings.TrimSpace(first)
	}
	d, _ := DigestReader(strings.NewReader(text))
	e := Evidence{EngagementID: engID, Kind: EvidenceNote, Name: title, Size: d.Size, SHA256: d.SHA256, SM3: d.SM3, Note: text}
	err := s.addEvidence(ctx, op, &e, owner)
	return e, err
}

func (s *Store) addEvidence(ctx context.Context, op Operator, e *Evidence, owner Owner) error {
	e.AddedBy, e.AddedAt = op.Label(), s.Now().UTC()
	var code string
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if code, err = engagementCode(ctx, tx, e.EngagementID); err != nil {
			return err
		}
		if owner.Kind != "" {
			if err := ownerIn(ctx, tx, owner, e.EngagementID); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO evidence (engagement_id, kind, name, size, sha256, sm3, note, added_by, added_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.EngagementID, e.Kind, e.Name, e.Size, e.SHA256, e.SM3, e.Note, e.AddedBy, fmtTime(e.AddedAt))
		if err != nil {
			return err
		}
		e.ID, _ = res.LastInsertId()
		detail := fmt.Sprintf("%s %s, %d bytes, sha256 %s, sm3 %s", e.Kind, auditValue(e.Name), e.Size, e.SHA256, e.SM3)
		if owner.Kind != "" {
			if err := linkEvidence(ctx, tx, op, e.ID, owner, e.AddedAt); err != nil {
				return err
			}
			detail += fmt.Sprintf("; linked to %s %d", owner.Kind, owner.ID)
		}
		return s.audit(ctx, tx, op, EventEvidenceAdd, ObjectEvidence, riskObjectID(code, e.ID), detail, OutcomeSuccess)
	})
	if err != nil {
		err = s.riskError(err)
		s.AuditFailure(ctx, op, EventEvidenceAdd, ObjectEvidence, e.Name, err)
	}
	return err
}

// ownerIn checks that the record owner is in engagement engID.
func ownerIn(ctx context.Context, q queryer, owner Owner, engID int64) error {
	table := map[string]string{OwnerFinding: "findings", OwnerIncident: "incidents"}[owner.Kind]
	if table == "" {
		// Owners of later workflows are checked by them.
		return nil
	}
	eng, err := recordEngagement(ctx, q, table, owner.ID)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && eng != engID) {
		return model.ValidationError{{Field: "evidence.owner", Key: KeyEvidenceOwner, Args: []any{owner.Kind, owner.ID}, Clause: ClauseEvidence}}
	}
	return err
}

func linkEvidence(ctx context.Context, tx *sql.Tx, op Operator, evID int64, owner Owner, at time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO evidence_links (evidence_id, owner_kind, owner_id, linked_by, linked_at)
		VALUES (?, ?, ?, ?, ?)`, evID, owner.Kind, owner.ID, op.Label(), fmtTime(at))
	return err
}

// LinkEvidence links evidence already recorded to another record of the
// same engagement.
func (s *Store) LinkEvidence(ctx context.Context, op Operator, evID int64, owner Owner) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		eng, err := recordEngagement(ctx, tx, "evidence", evID)
		if err != nil {
			return err
		}
		if err := ownerIn(ctx, tx, owner, eng); err != nil {
			return err
		}
		if err := linkEvidence(ctx, tx, op, evID, owner, s.Now().UTC()); err != nil {
			return err
		}
		return s.audit(ctx, tx, op, EventEvidenceLink, ObjectEvidence, fmt.Sprint(evID), fmt.Sprintf("%s %d", owner.Kind, owner.ID), OutcomeSuccess)
	})
	return s.riskError(err)
}

const evidenceColumns = `e.id, e.engagement_id, e.kind, e.name, e.size, e.sha256, e.sm3, e.note, e.added_by, e.added_at`

func scanEvidence(r scanner) (Evidence, error) {
	var e Evidence
	var at string
	err := r.Scan(&e.ID, &e.EngagementID, &e.Kind, &e.Name, &e.Size, &e.SHA256, &e.SM3, &e.Note, &e.AddedBy, &at)
	e.AddedAt = parseTime(at)
	return e, err
}

func evidenceOf(ctx context.Context, q queryer, owner Owner) ([]Evidence, error) {
	var out []Evidence
	err := eachRow(ctx, q, `SELECT `+evidenceColumns+` FROM evidence e JOIN evidence_links l ON l.evidence_id = e.id
		WHERE l.owner_kind = ? AND l.owner_id = ? ORDER BY e.id`, []any{owner.Kind, owner.ID}, func(r *sql.Rows) error {
		e, err := scanEvidence(r)
		out = append(out, e)
		return err
	})
	return out, err
}

// EvidenceOf lists the evidence linked to owner, oldest first.
func (s *Store) EvidenceOf(ctx context.Context, owner Owner) ([]Evidence, error) {
	var out []Evidence
	err := s.read(ctx, func(q queryer) error {
		var err error
		out, err = evidenceOf(ctx, q, owner)
		return err
	})
	return out, classify(s.path, err)
}

// EngagementEvidence lists every evidence item of an engagement, oldest first.
func (s *Store) EngagementEvidence(ctx context.Context, engID int64) ([]Evidence, error) {
	var out []Evidence
	err := s.read(ctx, func(q queryer) error {
		return eachRow(ctx, q, `SELECT `+evidenceColumns+` FROM evidence e WHERE e.engagement_id = ? ORDER BY e.id`, []any{engID}, func(r *sql.Rows) error {
			e, err := scanEvidence(r)
			out = append(out, e)
			return err
		})
	})
	return out, classify(s.path, err)
}

// EvidenceProblem is an evidence file that is not as recorded.
type EvidenceProblem struct {
	Evidence Evidence
	Missing  bool // no file
	Got      Digests
}

// CheckEvidence reads every evidence file again and reports each one that is
// missing or whose size or digests differ from the record (outsec doctor).
// A note is checked against its recorded text.
func (s *Store) CheckEvidence(ctx context.Context) (checked int, problems []EvidenceProblem, err error) {
	var all []Evidence
	err = s.read(ctx, func(q queryer) error {
		return eachRow(ctx, q, `SELECT `+evidenceColumns+` FROM evidence e ORDER BY e.id`, nil, func(r *sql.Rows) error {
			e, err := scanEvidence(r)
			all = append(all, e)
			return err
		})
	})
	if err != nil {
		return 0, nil, classify(s.path, err)
	}
	seen := map[string]*Digests{}
	for _, e := range all {
		checked++
		var got Digests
		if e.Kind == EvidenceNote {
			got, _ = DigestReader(strings.NewReader(e.Note))
		} else if g, ok := seen[e.SHA256]; ok {
			if g == nil {
				problems = append(problems, EvidenceProblem{Evidence: e, Missing: true})
				continue
			}
			got = *g
		} else {
			g, err := digestFile(s.EvidencePath(e))
			if err != nil {
				seen[e.SHA256] = nil
				problems = append(problems, EvidenceProblem{Evidence: e, Missing: true})
				continue
			}
			seen[e.SHA256] = &g
			got = g
		}
		if got.Size != e.Size || got.SHA256 != e.SHA256 || got.SM3 != e.SM3 {
			problems = append(problems, EvidenceProblem{Evidence: e, Got: got})
		}
	}
	return checked, problems, nil
}

// EvidenceByOwner is the evidence of an engagement linked to records of
// ownerKind, by the record's id, oldest first.
func (s *Store) EvidenceByOwner(ctx context.Context, engID int64, ownerKind string) (map[int64][]Evidence, error) {
	out := map[int64][]Evidence{}
	err := s.read(ctx, func(q queryer) error {
		return eachRow(ctx, q, `SELECT l.owner_id, `+evidenceColumns+` FROM evidence e JOIN evidence_links l ON l.evidence_id = e.id
			WHERE e.engagement_id = ? AND l.owner_kind = ? ORDER BY e.id`, []any{engID, ownerKind}, func(r *sql.Rows) error {
			var owner int64
			var e Evidence
			var at string
			if err := r.Scan(&owner, &e.ID, &e.EngagementID, &e.Kind, &e.Name, &e.Size, &e.SHA256, &e.SM3, &e.Note, &e.AddedBy, &at); err != nil {
				return err
			}
			e.AddedAt = parseTime(at)
			out[owner] = append(out[owner], e)
			return nil
		})
	})
	return out, classify(s.path, err)
}

// evidenceIOError says why a file could not be read or kept, in the
// catalog's words: not there, not allowed, or the system's reason.
func evidenceIOError(path string, err error) error {
	var v model.ValidationError
	if errors.As(err, &v) {
		return err
	}
	key, args := "findings.err.evidence_read", []any{path, err.Error()}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		key, args = "findings.err.evidence_missing", []any{path}
	case errors.Is(err, fs.ErrPermission):
		key, args = "findings.err.evidence_denied", []any{path}
	}
	return model.ValidationError{{Field: "evidence.path", Key: key, Args: args, Clause: ClauseEvidence}}
}
