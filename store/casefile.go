package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"outsec/model"
	"outsec/model/casefile"
)

// Case files (docs/case-file.md) move a whole engagement between databases on
// removable media. Export reads the engagement and records the export; import
// checks the whole file, then writes the engagement and its audit record in one
// transaction, or nothing at all.

// ExportCase reads engagement id with everything that belongs to it and hands
// it to write as a case (the engagement and its sections: the risk assessment
// with file-local ids; the caller sets ExportedAt and Tool), which renders the
// case file and writes it out, returning the bytes it wrote. The read and the
// audit record (with the SHA-256 of those bytes) are one transaction, and the
// record is written only when write succeeds; when it fails, a failure record
// is written instead and write's error returned.
func (s *Store) ExportCase(ctx context.Context, op Operator, id int64, write func(casefile.Case) ([]byte, error)) (model.Engagement, error) {
	var e model.Engagement
	var werr error
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		c, err := s.readCase(ctx, tx, id)
		if err != nil {
			return err
		}
		e = c.Engagement
		b, err := write(c)
		if err != nil {
			werr = err
			return err
		}
		sum := sha256.Sum256(b)
		return s.audit(ctx, tx, op, EventCaseExport, "engagement", e.Code,
			fmt.Sprintf("%s; uid=%s; sha256=%s", e.Name, e.UID, hex.EncodeToString(sum[:])), OutcomeSuccess)
	})
	if werr != nil {
		s.AuditFailure(ctx, op, EventCaseExport, "engagement", e.Code, werr)
		return e, werr
	}
	if err != nil {
		err = classify(s.path, err)
		if e.Code != "" {
			s.AuditFailure(ctx, op, EventCaseExport, "engagement", e.Code, err)
		}
	}
	return e, err
}

// readCase reads engagement id with everything that belongs to it, as a
// case file holds it.
func (s *Store) readCase(ctx context.Context, tx *sql.Tx, id int64) (casefile.Case, error) {
	e, err := scanEngagement(tx.QueryRowContext(ctx, `SELECT `+engagementColumns+` FROM engagements WHERE id = ?`, id))
	if err != nil {
		return casefile.Case{}, err
	}
	if e.Managers, err = managersOf(ctx, tx, id); err != nil {
		return casefile.Case{}, err
	}
	c := casefile.Case{Format: casefile.Format, Version: casefile.Version, Sensitive: casefile.SensitiveNote, Engagement: e}
	if c.RiskAssessment, err = exportRisk(ctx, tx, id); err != nil {
		return c, err
	}
	if c.Screening, err = exportScreening(ctx, tx, id); err != nil {
		return c, err
	}
	if c.Contract, err = exportContract(ctx, tx, id); err != nil {
		return c, err
	}
	if c.Plan, c.Filings, err = exportPlanFiling(ctx, tx, id); err != nil { // store/planfiling_casefile.go
		return c, err
	}
	if c.Findings, err = s.exportFindings(ctx, tx, id); err != nil { // store/findings_casefile.go
		return c, err
	}
	if c.Exit, err = exportExit(ctx, tx, id); err != nil { // store/exit_casefile.go
		return c, err
	}
	if c.Supervision, err = exportSupervision(ctx, tx, id); err != nil { // store/supervision_casefile.go
		return c, err
	}
	return c, nil
}

// EngagementByUID returns the engagement with the given uid; ErrNotFound when
// there is none.
func (s *Store) EngagementByUID(ctx context.Context, uid string) (model.Engagement, error) {
	var id int64
	if err := s.db.QueryRowContext(ctx, `SELECT id FROM engagements WHERE uid = ?`, uid).Scan(&id); err != nil {
		return model.Engagement{}, classify(s.path, err)
	}
	return s.Engagement(ctx, id)
}

// OnConflict says what an import does when the database already holds the
// engagement of the file (the same uid).
type OnConflict string

const (
	// ConflictRefuse imports nothing.
	ConflictRefuse OnConflict = "refuse"
	// ConflictReplace overwrites the existing engagement with the file's: every
	// field, the managers, and the times. Its database id stays.
	ConflictReplace OnConflict = "replace"
	// ConflictKeepBoth imports the file as a new engagement, a copy: a new uid,
	// a new code, the name marked as a copy, and created now.
	ConflictKeepBoth OnConflict = "keep-both"
)

// OnConflicts lists the choices in the order they are offered.
var OnConflicts = []OnConflict{ConflictRefuse, ConflictReplace, ConflictKeepBoth}

// Valid reports whether c is one of the choices.
func (c OnConflict) Valid() bool {
	for _, o := range OnConflicts {
		if c == o {
			return true
		}
	}
	return false
}

// ImportOptions are the choices of an import.
type ImportOptions struct {
	// OnConflict applies when the uid exists; empty means ConflictRefuse.
	OnConflict OnConflict
	// CopyName names the copy made by ConflictKeepBoth from the file's name (the
	// command line takes the wording from the catalog). Nil keeps the name.
	CopyName func(name string) string
	// Force lets ConflictReplace replace an engagement that changed here after
	// the file was exported (NewerError otherwise).
	Force bool
}

// CaseConflict is how the engagement here differs from a case file of it.
type CaseConflict struct {
	Existing model.Engagement
	// Changed is when the engagement or anything of it last changed here
	// (its audit records, its header); Exported is when the file was made.
	Changed, Exported time.Time
	// Sections are those that differ (casefile.Diff): what a replace would
	// add, remove and change.
	Sections []casefile.SectionDiff
}

// Newer reports whether the database holds changes made after the file was
// exported that a replace would undo.
func (c *CaseConflict) Newer() bool { return len(c.Sections) > 0 && c.Changed.After(c.Exported) }

// NewerError refuses to replace an engagement with an older case file
// without ImportOptions.Force. errors.Is(err, ErrConflict) holds for it.
type NewerError struct{ Conflict *CaseConflict }

func (e *NewerError) Error() string {
	return fmt.Sprintf("store: engagement %s changed at %s, after the file was exported at %s; %d sections differ",
		e.Conflict.Existing.Code, e.Conflict.Changed.UTC().Format(time.RFC3339), e.Conflict.Exported.UTC().Format(time.RFC3339), len(e.Conflict.Sections))
}

// Is matches ErrConflict.
func (e *NewerError) Is(target error) bool { return target == ErrConflict }

// CaseConflictOf compares the case file data with the engagement of the same
// uid here; ErrNotFound when there is none. It only reads.
func (s *Store) CaseConflictOf(ctx context.Context, data []byte) (*CaseConflict, error) {
	c, err := casefile.Decode(data)
	if err != nil {
		return nil, err
	}
	var out *CaseConflict
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var id int64
		if err := tx.QueryRowContext(ctx, `SELECT id FROM engagements WHERE uid = ?`, c.Engagement.UID).Scan(&id); err != nil {
			return err
		}
		out, err = s.caseConflict(ctx, tx, id, c)
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		var ce *casefile.Error
		if errors.As(err, &ce) {
			return nil, err
		}
		return nil, classify(s.path, err)
	}
	return out, nil
}

// caseConflict compares file with engagement id as it is now.
func (s *Store) caseConflict(ctx context.Context, tx *sql.Tx, id int64, file casefile.Case) (*CaseConflict, error) {
	here, err := s.readCase(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	secs, err := casefile.Diff(here, file)
	if err != nil {
		return nil, err
	}
	changed := here.Engagement.UpdatedAt
	// Every change of an engagement's records is audited under its code
	// ("2026-001", "2026-001/7"); exports change nothing.
	var last sql.NullString
	code := here.Engagement.Code
	err = tx.QueryRowContext(ctx, `SELECT max(at) FROM audit_log WHERE outcome = ? AND (object_id = ? OR substr(object_id, 1, ?) = ?)
		AND event NOT IN (?, ?, ?)`, OutcomeSuccess, code, len(code)+1, code+"/",
		EventCaseExport, EventDocumentExport, EventRegisterExport).Scan(&last)
	if err != nil {
		return nil, err
	}
	if last.Valid {
		if t, err := time.Parse(auditTimeLayout, last.String); err == nil && t.After(changed) {
			changed = t
		}
	}
	return &CaseConflict{Existing: here.Engagement, Changed: changed, Exported: file.ExportedAt, Sections: secs}, nil
}

// ImportAction is what an import did.
type ImportAction string

const (
	ImportNew      ImportAction = "new"
	ImportReplaced ImportAction = "replace"
	ImportCopy     ImportAction = "keep-both"
)

// ImportResult reports an import.
type ImportResult struct {
	// Engagement is the engagement as saved, with its database id.
	Engagement model.Engagement
	Action     ImportAction
	// Existing is the engagement that had the file's uid (replaced, or kept
	// beside the copy); zero for ImportNew.
	Existing model.Engagement
	// FileCode is the code in the file. When another engagement already had
	// it, the import got the next free code instead: CodeTaken is set and
	// CodeTakenBy is the other engagement's name. (A copy always gets a new
	// code; that is not reported as taken.)
	FileCode    string
	CodeTaken   bool
	CodeTakenBy string
}

// ConflictError is an import refused because the database already holds the
// engagement: the same uid. errors.Is(err, ErrConflict) holds for it.
type ConflictError struct {
	Existing model.Engagement
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("store: engagement %s (%s) already exists", e.Existing.UID, e.Existing.Code)
}

// Is matches ErrConflict.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }

// ImportCase imports a case file. It decodes and checks the whole file first
// (a casefile.Error lists every problem); then, in one transaction with its
// audit record, it saves the engagement as the file gives it (uid, code,
// times, managers in order), or replaces or copies beside an existing one as
// opts say. A code already used by another engagement is replaced: by the code
// the replaced engagement has here, or else by the next free one of the year. On any error nothing is written.
func (s *Store) ImportCase(ctx context.Context, op Operator, data []byte, opts ImportOptions) (ImportResult, error) {
	res, err := s.importCase(ctx, op, data, opts)
	if err != nil {
		// A refused or invalid import is a failed attempt to create or change
		// an engagement: it is audited too (GB/T 32926—2016 A.2.5 b) 4)).
		detail := err.Error()
		if r := []rune(detail); len(r) > 500 {
			detail = string(r[:500]) + "…"
		}
		s.AuditFailure(ctx, op, EventEngagementImport, "engagement", res.FileCode, errors.New(detail))
	}
	return res, err
}

func (s *Store) importCase(ctx context.Context, op Operator, data []byte, opts ImportOptions) (ImportResult, error) {
	var res ImportResult
	c, err := casefile.Decode(data)
	if err != nil {
		return res, err
	}
	mode := opts.OnConflict
	if mode == "" {
		mode = ConflictRefuse
	}
	if !mode.Valid() {
		return res, &Error{Code: CodeInternal, Err: fmt.Errorf("unknown conflict mode %q", mode)}
	}
	e := c.Engagement
	e.Managers = append([]model.Contact(nil), c.Engagement.Managers...)
	normalise(&e)
	res.FileCode = e.Code
	now := s.Now().UTC()

	err = s.tx(ctx, func(tx *sql.Tx) error {
		res.Action = ImportNew
		var existingID int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM engagements WHERE uid = ?`, e.UID).Scan(&existingID)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return err
		default:
			ex, err := scanEngagement(tx.QueryRowContext(ctx, `SELECT `+engagementColumns+` FROM engagements WHERE id = ?`, existingID))
			if err != nil {
				return err
			}
			if ex.Managers, err = managersOf(ctx, tx, existingID); err != nil {
				return err
			}
			res.Existing = ex
			switch mode {
			case ConflictRefuse:
				return &ConflictError{Existing: ex}
			case ConflictReplace:
				res.Action = ImportReplaced
				e.ID = existingID
				// Replacing undoes what changed here since the file was
				// made: only when asked for in so many words.
				conflict, err := s.caseConflict(ctx, tx, existingID, c)
				if err != nil {
					return err
				}
				if conflict.Newer() && !opts.Force {
					return &NewerError{Conflict: conflict}
				}
			case ConflictKeepBoth:
				res.Action = ImportCopy
				e.UID = uuid.NewString()
				if opts.CopyName != nil {
					e.Name = strings.TrimSpace(opts.CopyName(e.Name))
				}
				e.CreatedAt, e.UpdatedAt = now, now
				e.Code = "" // a copy is a new engagement: it gets a code of its own
			}
		}

		if e.Code != "" {
			var otherName string
			err := tx.QueryRowContext(ctx, `SELECT name FROM engagements WHERE code = ? AND id != ?`, e.Code, e.ID).Scan(&otherName)
			switch {
			case errors.Is(err, sql.ErrNoRows):
			case err != nil:
				return err
			default:
				res.CodeTaken, res.CodeTakenBy = true, otherName
				e.Code = ""
				if res.Action == ImportReplaced {
					e.Code = res.Existing.Code // it keeps the code it has here
				}
			}
		}
		if e.Code == "" {
			if e.Code, err = nextCode(ctx, tx, now); err != nil {
				return err
			}
		}
		// The file was checked whole; what the import itself changed (a copy's
		// name, a new code) is checked again here, so that nothing invalid is
		// ever stored.
		if verr := e.Validate(); verr != nil {
			return verr
		}
		if !casefile.ValidUID(e.UID) {
			return &Error{Code: CodeInternal, Err: fmt.Errorf("invalid uid %q", e.UID)}
		}

		if res.Action == ImportReplaced {
			if err := replaceEngagement(ctx, tx, &e); err != nil {
				return err
			}
		} else if err := insertEngagement(ctx, tx, &e); err != nil {
			return err
		}
		detail := fmt.Sprintf("%s; uid=%s; action=%s", e.Name, e.UID, res.Action)
		if res.Action == ImportCopy {
			detail += "; copy_of=" + res.Existing.UID
		}
		if e.Code != res.FileCode {
			detail += "; file_code=" + res.FileCode
		}
		rd, err := importRisk(ctx, tx, e.ID, c.RiskAssessment, res.Action == ImportReplaced, now)
		if err != nil {
			return err
		}
		detail += rd
		sd, err := importScreening(ctx, tx, e.ID, c.Screening, res.Action == ImportReplaced, now)
		if err != nil {
			return err
		}
		detail += sd
		cd, err := importContract(ctx, tx, e.ID, c.Contract, res.Action == ImportReplaced, now)
		if err != nil {
			return err
		}
		detail += cd
		pd, err := importPlanFiling(ctx, tx, e.ID, c.Plan, c.Filings, res.Action == ImportReplaced, now)
		if err != nil {
			return err
		}
		detail += pd
		fd, err := s.importFindings(ctx, tx, e.ID, c.Findings, res.Action == ImportReplaced, now) // store/findings_casefile.go
		if err != nil {
			return err
		}
		detail += fd
		xd, err := importExit(ctx, tx, e.ID, c.Exit, c.Findings, res.Action == ImportReplaced, now) // store/exit_casefile.go
		if err != nil {
			return err
		}
		detail += xd
		sud, err := importSupervision(ctx, tx, e.ID, c.Supervision, res.Action == ImportReplaced, importedFindingIDs(ctx, tx, e.ID, c.Findings), now) // store/supervision_casefile.go
		if err != nil {
			return err
		}
		detail += sud
		return s.audit(ctx, tx, op, EventEngagementImport, "engagement", e.Code, detail, OutcomeSuccess)
	})
	if err != nil {
		var verr model.ValidationError
		var cerr *ConflictError
		var nerr *NewerError
		if errors.As(err, &verr) || errors.As(err, &cerr) || errors.As(err, &nerr) {
			return res, err
		}
		return res, classify(s.path, err)
	}
	res.Engagement = e
	return res, nil
}

// replaceEngagement writes every field of e, times included, over the row with
// e's id, and its managers.
func replaceEngagement(ctx context.Context, tx *sql.Tx, e *model.Engagement) error {
	_, err := tx.ExecContext(ctx, `UPDATE engagements SET uid = ?, code = ?, name = ?, department = ?,
		responsible_unit = ?, leader = ?, service_type = ?, cloud_website = ?, vendor_name = ?, vendor_scale = ?,
		vendor_qualifications = ?, vendor_lead_name = ?, vendor_lead_role = ?, vendor_lead_phone = ?,
		vendor_lead_email = ?, period_start = ?, period_end = ?, notes = ?, sample = ?, created_at = ?,
		updated_at = ?, service_content = ? WHERE id = ?`,
		e.UID, e.Code, e.Name, e.Department, e.ResponsibleUnit, e.Leader, string(e.ServiceType), e.CloudWebsite,
		e.Vendor.Name, string(e.Vendor.Scale), e.Vendor.Qualifications, e.Vendor.Lead.Name, e.Vendor.Lead.Role,
		e.Vendor.Lead.Phone, e.Vendor.Lead.Email, string(e.PeriodStart), string(e.PeriodEnd), e.Notes, e.Sample,
		fmtTime(e.CreatedAt), fmtTime(e.UpdatedAt), e.ServiceContent, e.ID)
	if err != nil {
		return err
	}
	return writeManagers(ctx, tx, e)
}
