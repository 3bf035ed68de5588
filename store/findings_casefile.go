package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"outsec/internal/safefile"
	"outsec/model"
	"outsec/model/findings"
)

// The case file's section "findings" (model/casefile/findings.go): the
// register, the incidents and the evidence with its bytes, read in the
// export's transaction and written in the import's.

// exportFindings reads the register of engagement engID for a case file;
// nil when nothing is recorded. An evidence file is read whole and checked
// against its record: a file changed or missing fails the export, naming it.
func (s *Store) exportFindings(ctx context.Context, q queryer, engID int64) (*findings.Register, error) {
	fm, err := loadFindings(ctx, q, engID, true)
	if err != nil {
		return nil, err
	}
	im, err := loadIncidents(ctx, q, engID)
	if err != nil {
		return nil, err
	}
	r := &findings.Register{Findings: fm[engID], Incidents: im[engID]}
	links := map[int64][]findings.EvidenceLink{}
	err = eachRow(ctx, q, `SELECT l.evidence_id, l.owner_kind, l.owner_id FROM evidence_links l JOIN evidence e ON e.id = l.evidence_id
		WHERE e.engagement_id = ? ORDER BY l.evidence_id, l.owner_kind, l.owner_id`, []any{engID}, func(rows *sql.Rows) error {
		var id int64
		var l findings.EvidenceLink
		if err := rows.Scan(&id, &l.Kind, &l.ID); err != nil {
			return err
		}
		links[id] = append(links[id], l)
		return nil
	})
	if err != nil {
		return nil, err
	}
	var evs []Evidence
	err = eachRow(ctx, q, `SELECT `+evidenceColumns+` FROM evidence e WHERE e.engagement_id = ? ORDER BY e.id`, []any{engID}, func(rows *sql.Rows) error {
		e, err := scanEvidence(rows)
		evs = append(evs, e)
		return err
	})
	if err != nil {
		return nil, err
	}
	for _, e := range evs {
		it := findings.EvidenceItem{ID: e.ID, Kind: e.Kind, Name: e.Name, Size: e.Size, SHA256: e.SHA256, SM3: e.SM3, Note: e.Note,
			AddedBy: e.AddedBy, AddedAt: e.AddedAt.UTC(), Links: links[e.ID]}
		if e.Kind == EvidenceFile {
			b, err := os.ReadFile(s.EvidencePath(e))
			if err != nil {
				return nil, fmt.Errorf("evidence %d (%s): %w", e.ID, e.Name, err)
			}
			if d, _ := DigestReader(bytes.NewReader(b)); d.SHA256 != e.SHA256 || d.SM3 != e.SM3 {
				return nil, fmt.Errorf("evidence %d (%s): the file %s has been changed", e.ID, e.Name, s.EvidencePath(e))
			}
			it.Content = base64.StdEncoding.EncodeToString(b)
		}
		r.Evidence = append(r.Evidence, it)
	}
	for i := range r.Findings {
		r.Findings[i].Evidence = 0
		for j := range r.Findings[i].History {
			r.Findings[i].History[j].At = r.Findings[i].History[j].At.UTC()
		}
		r.Findings[i].Action.ChangeAt = r.Findings[i].Action.ChangeAt.UTC()
	}
	if r.Empty() {
		return nil, nil
	}
	return r, nil
}

// importFindings writes the register of a case file (checked whole before)
// into engagement engID inside tx, the old register removed first when
// replace is set; the evidence files are written into the evidence folder
// (named by digest, each whole or not at all). It returns the audit detail.
// Reporters and verifiers are people of the other database: their profile
// ids are not kept (0), their names are.
func (s *Store) importFindings(ctx context.Context, tx *sql.Tx, engID int64, r *findings.Register, replace bool, now time.Time) (string, error) {
	if replace {
		for _, q := range []string{`DELETE FROM evidence WHERE engagement_id = ?`, `DELETE FROM findings WHERE engagement_id = ?`,
			`DELETE FROM incidents WHERE engagement_id = ?`} {
			if _, err := tx.ExecContext(ctx, q, engID); err != nil {
				return "", err
			}
		}
	}
	if r.Empty() {
		return "", nil
	}
	incID := map[int64]int64{}
	for _, in := range r.Incidents {
		res, err := tx.ExecContext(ctx, `INSERT INTO incidents (engagement_id, title, found_at, reported_to, reported_at, description, impact,
			handling, cause, closed_on, recorder, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			engID, in.Title, findings.FormatTime(in.FoundAt), in.ReportedTo, findings.FormatTime(in.ReportedAt), in.Description, in.Impact,
			in.Handling, in.Cause, string(in.ClosedOn), in.Recorder, fmtTime(now), fmtTime(now))
		if err != nil {
			return "", err
		}
		incID[in.ID], _ = res.LastInsertId()
	}
	findID := map[int64]int64{}
	for _, f := range r.Findings {
		src := f.SourceID
		if f.Source == findings.SourceIncident {
			src = incID[f.SourceID]
		}
		a := f.Action
		res, err := tx.ExecContext(ctx, `INSERT INTO findings (engagement_id, source, source_id, description, concerns, severity, position, position_remarks,
			state, reporter_id, reporter, reported_on, verifier_id, verifier, verified_on, verification, dismiss_reason, dismissed_by,
			measure, owner, deadline, cost, action_status, notice_date, notice_deadline, notice_document,
			controls_change, policy_revised, change_note, change_at, before_measure, target, check_date, result, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			engID, string(f.Source), src, f.Description, f.Concerns, int(f.Severity), string(f.Position), f.PositionRemarks,
			string(f.State), f.Reporter, string(f.ReportedOn), f.Verifier, string(f.VerifiedOn), f.Verification, f.DismissReason, f.DismissedBy,
			a.Measure, a.Owner, string(a.Deadline), a.Cost, string(a.Status), string(a.NoticeDate), string(a.NoticeDeadline), a.NoticeDocument,
			boolInt(a.ControlsChange), boolInt(a.PolicyRevised), a.ChangeNote, changeAt(a.ChangeAt), a.Before, a.Target, string(a.CheckDate), a.Result,
			fmtTime(now), fmtTime(now))
		if err != nil {
			return "", err
		}
		id, _ := res.LastInsertId()
		findID[f.ID] = id
		for _, e := range f.History {
			if _, err := tx.ExecContext(ctx, `INSERT INTO finding_events (finding_id, at, operator, from_state, to_state, note) VALUES (?, ?, ?, ?, ?, ?)`,
				id, fmtTime(e.At), e.Operator, string(e.From), string(e.To), e.Note); err != nil {
				return "", err
			}
		}
	}
	dir := s.EvidenceDir()
	for _, e := range r.Evidence {
		if e.Kind == EvidenceFile {
			b, err := base64.StdEncoding.DecodeString(e.Content)
			if err != nil {
				return "", err
			}
			if err := keepEvidenceBytes(dir, e.SHA256, b); err != nil {
				return "", err
			}
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO evidence (engagement_id, kind, name, size, sha256, sm3, note, added_by, added_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, engID, e.Kind, e.Name, e.Size, e.SHA256, e.SM3, e.Note, e.AddedBy, fmtTime(e.AddedAt))
		if err != nil {
			return "", err
		}
		id, _ := res.LastInsertId()
		for _, l := range e.Links {
			owner := findID[l.ID]
			if l.Kind == OwnerIncident {
				owner = incID[l.ID]
			} else if l.Kind != OwnerFinding {
				// Another workflow's record: its import maps the file's id
				// (importSupervision).
				owner = l.ID
			}
			if l.Kind == OwnerExit { // the exit's evidence: its owner is the engagement (store/exit.go)
				owner = engID
			}
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO evidence_links (evidence_id, owner_kind, owner_id, linked_by, linked_at)
				VALUES (?, ?, ?, ?, ?)`, id, l.Kind, owner, e.AddedBy, fmtTime(e.AddedAt)); err != nil {
				return "", err
			}
		}
	}
	return fmt.Sprintf("; findings=%d, incidents=%d, evidence=%d", len(r.Findings), len(r.Incidents), len(r.Evidence)), nil
}

// keepEvidenceBytes writes b into dir under its digest, whole or not at all;
// a file already there with the same content is kept.
func keepEvidenceBytes(dir, sha string, b []byte) error {
	dst := filepath.Join(dir, sha)
	if d, err := digestFile(dst); err == nil && d.SHA256 == sha {
		return nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := safefile.WriteTemp(dst, b)
	if err != nil {
		return err
	}
	os.Chmod(tmp, 0o400)
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(tmp)
		return err
	}
	safefile.SyncDir(dir)
	return nil
}

// sampleRegister is the sample's register: a finding closed with its
// comparison (8.1 d)) and evidence, an overdue one (8.1 b)), and an
// incident reported late (A.7 c)) whose measure is the overdue finding.
func sampleRegister(lang string, now time.Time) *findings.Register {
	r := findings.SampleRegister(lang, model.Date(now.Format(model.DateLayout)))
	return &r
}
