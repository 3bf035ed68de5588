package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"outsec/model"
	"outsec/model/inspection"
)

// Importing an inspection bundle (package bundle): one inspector's
// inspection, made on another database, added to the engagement of the same
// uid here with its evidence, in one transaction, or nothing. The same
// inspection (by uid) imported twice adds nothing the second time: several
// inspectors work on one engagement without overwriting each other.

// Audit event of a bundle import.
const EventInspectionImport = "inspection" + ".import"

// ErrNoEngagement: the bundle's engagement is not in this database (a case
// import brings it).
var ErrNoEngagement = errors.New("store: the bundle's engagement is not in this database")

// BundleEvidence is one evidence item of a bundle, for the check of Item,
// with the file's bytes (nil for a note).
type BundleEvidence struct {
	Item string
	Evidence
	Data []byte
}

// BundleImport is what importing a bundle did: whether it added the
// inspection (false: it was already here), the engagement, the new
// inspection's id and the findings made.
type BundleImport struct {
	Added      bool
	Engagement model.Engagement
	ID         int64
	Findings   int
}

// ImportInspection adds inspection in, checked whole, to the engagement
// whose uid is engUID, with its evidence (files written into the evidence
// folder by digest, after their digests are checked), and, when the vendor
// acknowledged it, its findings due within this engagement's fix time.
func (s *Store) ImportInspection(ctx context.Context, op Operator, engUID string, in inspection.Inspection, evidence []BundleEvidence) (BundleImport, error) {
	var res BundleImport
	e, err := s.EngagementByUID(ctx, engUID)
	if errors.Is(err, ErrNotFound) {
		return res, ErrNoEngagement
	}
	if err != nil {
		return res, err
	}
	res.Engagement = e
	if v := in.Validate(); v != nil {
		s.AuditFailure(ctx, op, EventInspectionImport, ObjectInspection, e.Code, v)
		return res, v
	}
	for _, ev := range evidence {
		if in.Check(ev.Item) == nil {
			err := model.ValidationError{{Field: "check.item", Key: "inspection.err.not_in", Args: []any{ev.Item}, Clause: inspection.Clause}}
			return res, err
		}
		if ev.Kind == EvidenceFile {
			d, _ := DigestReader(bytes.NewReader(ev.Data))
			if d.SHA256 != ev.SHA256 || d.SM3 != ev.SM3 || int64(len(ev.Data)) != ev.Size {
				return res, fmt.Errorf("evidence %s (%s): the digest does not match", ev.Name, ev.SHA256)
			}
		}
	}
	err = s.findingChange(ctx, op, EventInspectionImport, ObjectInspection, e.ID, func(tx *sql.Tx, now time.Time) (int64, string, error) {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM inspections WHERE uid = ?`, in.UID).Scan(&id)
		if err == nil {
			res.ID = id
			return id, fmt.Sprintf("uid=%s already here: nothing added", in.UID), nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return 0, "", err
		}
		x := in
		x.Checks = append(x.Checks[:0:0], x.Checks...)
		for i := range x.Checks {
			x.Checks[i].Finding, x.Checks[i].ID = 0, 0
		}
		if err := insertInspection(ctx, tx, e.ID, &x, now); err != nil {
			return 0, "", err
		}
		dir := s.EvidenceDir()
		for _, ev := range evidence {
			if ev.Kind == EvidenceFile {
				if err := keepEvidenceBytes(dir, ev.SHA256, ev.Data); err != nil {
					return x.ID, "", err
				}
			}
			r, err := tx.ExecContext(ctx, `INSERT INTO evidence (engagement_id, kind, name, size, sha256, sm3, note, added_by, added_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.ID, ev.Kind, ev.Name, ev.Size, ev.SHA256, ev.SM3, ev.Note, ev.AddedBy, fmtTime(ev.AddedAt))
			if err != nil {
				return x.ID, "", err
			}
			evID, _ := r.LastInsertId()
			if err := linkEvidence(ctx, tx, op, evID, Owner{OwnerInspectionItem, x.Check(ev.Item).ID}, now); err != nil {
				return x.ID, "", err
			}
		}
		if x.Acknowledged() {
			fix, err := fixTime(ctx, tx, e.ID)
			if err != nil {
				return x.ID, "", err
			}
			made, err := inspectionFindings(ctx, tx, op, e.ID, &x, x.Ack, fix, now)
			if err != nil {
				return x.ID, "", err
			}
			res.Findings = len(made)
		}
		res.Added, res.ID = true, x.ID
		return x.ID, fmt.Sprintf("uid=%s %s %s: %d items, %d evidence, %d findings", x.UID, x.Date, auditValue(x.Place), len(x.Checks),
			len(evidence), res.Findings), nil
	})
	return res, err
}
