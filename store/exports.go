package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// EventRegisterExport records a risk register written to CSV or XLSX.
const EventRegisterExport = "risk" + ".registers.export"

// EventDocumentExport records a document written to files.
const EventDocumentExport = "document" + ".export"

// RecordExport writes the audit record of an export made outside a store
// transaction: the caller wrote the file first (whole, or not at all) and
// names it, with its digest, in detail. DESIGN.md: every export is in the
// audit trail (GB/T 32926—2016 A.2.5; GB/T 39477—2020). A failed export is
// recorded with AuditFailure.
func (s *Store) RecordExport(ctx context.Context, op Operator, event, objType, objID, detail string) error {
	return classify(s.path, s.tx(ctx, func(tx *sql.Tx) error {
		return s.audit(ctx, tx, op, event, objType, objID, detail, OutcomeSuccess)
	}))
}

// ExportRecord is one document written to files: its number, what it is, who
// wrote it and when, and the files with their digests.
type ExportRecord struct {
	ID           int64
	EngagementID int64
	Number       string // document number: 2026-001-RA-01
	Kind         string // templates.Kind: risk-report …
	Title        string
	Version      string
	Lang         string
	// Operator is the operator's label; RecordDocumentExport sets it.
	Operator string
	// At is when it was recorded; RecordDocumentExport sets it.
	At    time.Time
	Files []ExportFile
	// Seq is the sequence in the number; 0: read from the number's last part.
	Seq int
	// Signature is set when the export was signed; RecordDocumentExport
	// records it with the export, Exports reads it back.
	Signature *ExportSignature
}

// ExportFile is one file of an export.
type ExportFile struct {
	Path   string // as written (absolute when the caller made it so)
	Format string // md, html, docx, pdf, xlsx
	Size   int64
	SHA256 string // hex
}

// AuditDetail is the export as the audit record's detail: the number, the
// kind, the language, the version, then each file with its SHA-256 and size
// ("number=…; doc=…; lang=…; version=…; <path> sha256=… size=…").
func (r *ExportRecord) AuditDetail() string {
	detail := []string{"number=" + r.Number, "doc=" + r.Kind, "lang=" + r.Lang, "version=" + r.Version}
	for _, f := range r.Files {
		detail = append(detail, fmt.Sprintf("%s sha256=%s size=%d", f.Path, f.SHA256, f.Size))
	}
	if g := r.Signature; g != nil {
		detail = append(detail, fmt.Sprintf("signed by %s (%s); key %d; code %s; manifest sha256=%s", g.Name, g.Unit, g.KeyID, g.Code, g.Manifest))
	}
	return strings.Join(detail, "; ")
}

// seqOf is the sequence at the end of a document number (…-RA-03 → 3), 0 when
// there is none.
func seqOf(number string) int {
	i := strings.LastIndexByte(number, '-')
	n, err := strconv.Atoi(number[i+1:])
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// RecordDocumentExport records a document the caller has written to files, in
// one transaction with its audit record (event EventDocumentExport, object the
// engagement's code, detail AuditDetail): both are written, or neither. It sets
// rec.ID, rec.Operator and rec.At (and rec.Seq when it was 0). The engagement
// must exist (ErrNotFound); an export without files is refused (ErrConflict).
func (s *Store) RecordDocumentExport(ctx context.Context, op Operator, rec *ExportRecord) error {
	return s.RecordDocumentExports(ctx, op, []*ExportRecord{rec})
}

// RecordDocumentExports records several documents written together (the
// NDAs of every service person and their combined copy) in one
// transaction: every export with its audit record, or none.
func (s *Store) RecordDocumentExports(ctx context.Context, op Operator, recs []*ExportRecord) error {
	return s.recordDocumentExports(ctx, op, recs, 0, "")
}

// recordDocumentExports records recs and removes the intent (when not 0);
// recovered, when not "", adds the record of an interrupted export completed.
func (s *Store) recordDocumentExports(ctx context.Context, op Operator, recs []*ExportRecord, intent int64, recovered string) error {
	for _, rec := range recs {
		if rec == nil || strings.TrimSpace(rec.Number) == "" || len(rec.Files) == 0 {
			return &Error{Code: CodeConflict, Path: s.path, Err: errors.New("export without a document number or files")}
		}
	}
	at := s.Now().UTC()
	ids := make([]int64, len(recs))
	seqs := make([]int, len(recs))
	err := s.tx(ctx, func(tx *sql.Tx) error {
		for i, rec := range recs {
			id, seq, err := s.recordExport(ctx, tx, op, rec, at)
			if err != nil {
				return err
			}
			ids[i], seqs[i] = id, seq
		}
		if intent == 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM export_intents WHERE id = ?`, intent); err != nil {
			return err
		}
		if recovered == "" {
			return nil
		}
		var code string
		tx.QueryRowContext(ctx, `SELECT code FROM engagements WHERE id = ?`, recs[0].EngagementID).Scan(&code)
		return s.audit(ctx, tx, op, EventExportCompleted, "engagement", code, recovered, OutcomeSuccess)
	})
	if err != nil {
		return classify(s.path, err)
	}
	for i, rec := range recs {
		rec.ID, rec.Operator, rec.At, rec.Seq = ids[i], op.Label(), at, seqs[i]
	}
	return nil
}

func (s *Store) recordExport(ctx context.Context, tx *sql.Tx, op Operator, rec *ExportRecord, at time.Time) (id int64, seq int, err error) {
	seq = rec.Seq
	if seq <= 0 {
		seq = seqOf(rec.Number)
	}
	var code string
	if err := tx.QueryRowContext(ctx, `SELECT code FROM engagements WHERE id = ?`, rec.EngagementID).Scan(&code); err != nil {
		return 0, 0, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO exports (engagement_id, number, kind, seq, title, version, lang, operator, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		rec.EngagementID, rec.Number, rec.Kind, seq, rec.Title, rec.Version, rec.Lang, op.Label(), fmtTime(at))
	if err != nil {
		return 0, 0, err
	}
	if id, err = res.LastInsertId(); err != nil {
		return 0, 0, err
	}
	for i, f := range rec.Files {
		if _, err := tx.ExecContext(ctx, `INSERT INTO export_files (export_id, position, path, format, size, sha256) VALUES (?, ?, ?, ?, ?, ?)`,
			id, i, f.Path, f.Format, f.Size, f.SHA256); err != nil {
			return 0, 0, err
		}
	}
	if g := rec.Signature; g != nil {
		var revoked string
		if err := tx.QueryRowContext(ctx, `SELECT revoked_at FROM signing_keys WHERE id = ? AND kind = 'own'`, g.KeyID).Scan(&revoked); err != nil {
			return 0, 0, err
		}
		if revoked != "" {
			return 0, 0, &Error{Code: CodeConflict, Path: s.path, Err: ErrKeyRevoked}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO signatures (export_id, key_id, signer_name, signer_role, signer_unit, signed_at, code, manifest)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, g.KeyID, g.Name, g.Role, g.Unit, fmtTime(g.At), g.Code, g.Manifest); err != nil {
			return 0, 0, err
		}
	}
	return id, seq, s.audit(ctx, tx, op, EventDocumentExport, "engagement", code, rec.AuditDetail(), OutcomeSuccess)
}

// Exports lists an engagement's exports, newest (last recorded) first, each
// with its files in the order they were written. None is an empty list, not
// an error.
func (s *Store) Exports(ctx context.Context, engagementID int64) ([]ExportRecord, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, engagement_id, number, kind, seq, title, version, lang, operator, created_at
		FROM exports WHERE engagement_id = ? ORDER BY id DESC`, engagementID)
	if err != nil {
		return nil, classify(s.path, err)
	}
	var out []ExportRecord
	index := map[int64]int{}
	for rows.Next() {
		var r ExportRecord
		var at string
		if err := rows.Scan(&r.ID, &r.EngagementID, &r.Number, &r.Kind, &r.Seq, &r.Title, &r.Version, &r.Lang, &r.Operator, &at); err != nil {
			rows.Close()
			return nil, classify(s.path, err)
		}
		r.At = parseTime(at)
		index[r.ID] = len(out)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		rows.Close()
		return nil, classify(s.path, err)
	}
	rows.Close()
	if len(out) == 0 {
		return out, nil
	}
	frows, err := s.db.QueryContext(ctx, `SELECT f.export_id, f.path, f.format, f.size, f.sha256
		FROM export_files f JOIN exports x ON x.id = f.export_id
		WHERE x.engagement_id = ? ORDER BY f.export_id, f.position`, engagementID)
	if err != nil {
		return nil, classify(s.path, err)
	}
	defer frows.Close()
	for frows.Next() {
		var id int64
		var f ExportFile
		if err := frows.Scan(&id, &f.Path, &f.Format, &f.Size, &f.SHA256); err != nil {
			return nil, classify(s.path, err)
		}
		if i, ok := index[id]; ok {
			out[i].Files = append(out[i].Files, f)
		}
	}
	if err := frows.Err(); err != nil {
		return nil, classify(s.path, err)
	}
	frows.Close()
	grows, err := s.db.QueryContext(ctx, `SELECT g.export_id, g.key_id, g.signer_name, g.signer_role, g.signer_unit, g.signed_at, g.code, g.manifest,
		coalesce(k.ed25519_fpr, '') FROM signatures g JOIN exports x ON x.id = g.export_id LEFT JOIN signing_keys k ON k.id = g.key_id
		WHERE x.engagement_id = ?`, engagementID)
	if err != nil {
		return nil, classify(s.path, err)
	}
	defer grows.Close()
	for grows.Next() {
		var id int64
		var g ExportSignature
		var at string
		if err := grows.Scan(&id, &g.KeyID, &g.Name, &g.Role, &g.Unit, &at, &g.Code, &g.Manifest, &g.Ed25519FPR); err != nil {
			return nil, classify(s.path, err)
		}
		g.At = parseTime(at)
		if i, ok := index[id]; ok {
			out[i].Signature = &g
		}
	}
	return out, classify(s.path, grows.Err())
}

// NextDocumentSequence is the sequence the next document of this kind for the
// engagement takes: one more than the highest exported so far, 1 for the first.
// Exporting the same number again (a re-export) is the caller's choice.
func (s *Store) NextDocumentSequence(ctx context.Context, engagementID int64, kind string) (int, error) {
	var max sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT MAX(seq) FROM exports WHERE engagement_id = ? AND kind = ?`, engagementID, kind).Scan(&max)
	if err != nil {
		return 0, classify(s.path, err)
	}
	return int(max.Int64) + 1, nil
}
