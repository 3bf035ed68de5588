package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"outsec/model"
	"outsec/model/annexa"
	"outsec/model/findings"
	"outsec/model/inspection"
)

// On-site inspections against annex A (tables inspections,
// inspection_checks; model/inspection). A new inspection gets one open check
// per applicable item, pre-selected from the plan's section 3; each result
// is one audited transaction (a key press of the inspector); the vendor's
// acknowledgement records every "partly" and "does not conform" as a finding
// of the register (source inspection, the check's id), due within the
// contract's fix_time (clause sec.a8), in the same transaction.

// Audit events and objects of the inspection.
const (
	EventInspectionCreate = "inspection" + ".create"
	EventInspectionHeader = "inspection" + ".header"
	EventInspectionCheck  = "inspection" + ".check"
	EventInspectionAck    = "inspection" + ".acknowledge"
	ObjectInspection      = "inspection"
	// OwnerInspectionItem is the evidence owner kind of a check.
	OwnerInspectionItem = "inspection_item"
)

// ErrAcknowledged: the results of an acknowledged inspection do not change.
var ErrAcknowledged = model.ValidationError{{Field: "inspection" + ".ack", Key: "inspection.err.acknowledged", Clause: inspection.ClauseFindings}}

const inspectionColumns = `id, engagement_id, uid, date, place, inspectors, vendor_rep, ack_name, ack_date, ack_remarks, ack_disagreement,
	created_by, created_at`

func scanInspection(r scanner) (inspection.Inspection, int64, error) {
	var in inspection.Inspection
	var eng int64
	var date, ackDate, created string
	err := r.Scan(&in.ID, &eng, &in.UID, &date, &in.Place, &in.Inspectors, &in.VendorRep, &in.Ack.Name, &ackDate, &in.Ack.Remarks,
		&in.Ack.Disagreement, &in.CreatedBy, &created)
	in.Date, in.Ack.Date = model.Date(date), model.Date(ackDate)
	in.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
	return in, eng, err
}

// loadInspections reads the inspections of engagement engID (all when 0),
// newest first, with their checks in annex order and the digests of each
// check's evidence.
func loadInspections(ctx context.Context, q queryer, engID int64, only int64) (map[int64][]inspection.Inspection, error) {
	where, args := "", []any(nil)
	switch {
	case only != 0:
		where, args = " WHERE id = ?", []any{only}
	case engID != 0:
		where, args = " WHERE engagement_id = ?", []any{engID}
	}
	out := map[int64][]inspection.Inspection{}
	at := map[int64][2]int64{} // inspection id → engagement, index
	rows, err := q.QueryContext(ctx, `SELECT `+inspectionColumns+` FROM inspections`+where+` ORDER BY date DESC, id DESC`, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		in, eng, err := scanInspection(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		at[in.ID] = [2]int64{eng, int64(len(out[eng]))}
		out[eng] = append(out[eng], in)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	cwhere := ""
	if where != "" {
		cwhere = " WHERE inspection_id IN (SELECT id FROM inspections" + where + ")"
	}
	rows, err = q.QueryContext(ctx, `SELECT id, inspection_id, item, result, method, reason, notes, finding_id FROM inspection_checks`+cwhere+
		` ORDER BY inspection_id, position`, args...)
	if err != nil {
		return nil, err
	}
	checkAt := map[int64][3]int64{}
	for rows.Next() {
		var c inspection.Check
		var iid int64
		var res, method string
		if err := rows.Scan(&c.ID, &iid, &c.Item, &res, &method, &c.Reason, &c.Notes, &c.Finding); err != nil {
			rows.Close()
			return nil, err
		}
		c.Result, c.Method = inspection.Result(res), inspection.Method(method)
		if loc, ok := at[iid]; ok {
			in := &out[loc[0]][loc[1]]
			checkAt[c.ID] = [3]int64{loc[0], loc[1], int64(len(in.Checks))}
			in.Checks = append(in.Checks, c)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ewhere := ""
	if cwhere != "" {
		ewhere = " AND l.owner_id IN (SELECT id FROM inspection_checks" + cwhere + ")"
	}
	rows, err = q.QueryContext(ctx, `SELECT l.owner_id, e.sha256 FROM evidence_links l JOIN evidence e ON e.id = l.evidence_id
		WHERE l.owner_kind = ?`+ewhere+` ORDER BY e.id`, append([]any{OwnerInspectionItem}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var cid int64
		var sum string
		if err := rows.Scan(&cid, &sum); err != nil {
			return nil, err
		}
		if loc, ok := checkAt[cid]; ok {
			c := &out[loc[0]][loc[1]].Checks[loc[2]]
			c.Evidence = append(c.Evidence, sum)
		}
	}
	return out, rows.Err()
}

// Inspections lists the inspections of an engagement, newest first.
func (s *Store) Inspections(ctx context.Context, engID int64) ([]inspection.Inspection, error) {
	var out []inspection.Inspection
	err := s.read(ctx, func(q queryer) error {
		if _, err := engagementCode(ctx, q, engID); err != nil {
			return err
		}
		m, err := loadInspections(ctx, q, engID, 0)
		out = m[engID]
		return err
	})
	return out, classify(s.path, err)
}

// Inspection reads one inspection and the engagement it belongs to.
func (s *Store) Inspection(ctx context.Context, id int64) (inspection.Inspection, int64, error) {
	var in inspection.Inspection
	var eng int64
	err := s.read(ctx, func(q queryer) error {
		var err error
		in, eng, err = inspectionOf(ctx, q, id)
		return err
	})
	return in, eng, classify(s.path, err)
}

func inspectionOf(ctx context.Context, q queryer, id int64) (inspection.Inspection, int64, error) {
	m, err := loadInspections(ctx, q, 0, id)
	if err != nil {
		return inspection.Inspection{}, 0, err
	}
	for eng, ins := range m {
		return ins[0], eng, nil
	}
	return inspection.Inspection{}, 0, sql.ErrNoRows
}

// InspectionItems is what a new inspection of the engagement checks: every
// applicable annex A item less those the plan marks not applicable.
func (s *Store) InspectionItems(ctx context.Context, engID int64) ([]annexa.Item, error) {
	var items []annexa.Item
	err := s.read(ctx, func(q queryer) error {
		e, err := engagementOf(ctx, q, engID)
		if err != nil {
			return err
		}
		p, err := planOf(ctx, q, engID)
		if err != nil {
			return err
		}
		items = inspection.Applicable(&p, e.CloudWebsite)
		return nil
	})
	return items, classify(s.path, err)
}

// FixTime is the contract's deadline for fixing inspection findings (the
// parameter fix_time of clause sec.a8), as stored ("15wd").
func (s *Store) FixTime(ctx context.Context, engID int64) (string, error) {
	var v string
	err := s.read(ctx, func(q queryer) error {
		var err error
		v, err = fixTime(ctx, q, engID)
		return err
	})
	return v, classify(s.path, err)
}

func fixTime(ctx context.Context, q queryer, engID int64) (string, error) {
	c, err := contractOf(ctx, q, engID)
	if err != nil {
		return "", err
	}
	if v := c.Values()["fix_time"]; v != "" {
		return v, nil
	}
	return inspection.DefaultFixTime, nil
}

func normaliseInspection(in *inspection.Inspection) {
	for _, f := range []*string{&in.Place, &in.Inspectors, &in.VendorRep} {
		*f = strings.TrimSpace(*f)
	}
}

func (s *Store) inspectionChange(ctx context.Context, op Operator, event string, engID int64, verr model.ValidationError,
	fn func(tx *sql.Tx, now time.Time) (int64, string, error)) error {
	if verr != nil {
		code, _ := engagementCode(ctx, s.db, engID)
		s.AuditFailure(ctx, op, event, ObjectInspection, code, verr)
		return verr
	}
	return s.findingChange(ctx, op, event, ObjectInspection, engID, fn)
}

// CreateInspection records a new inspection of engagement engID with its
// header; when in.Checks is empty, one open check per item of
// InspectionItems. in gets its id, uid and checks' ids.
func (s *Store) CreateInspection(ctx context.Context, op Operator, engID int64, in *inspection.Inspection) error {
	normaliseInspection(in)
	return s.inspectionChange(ctx, op, EventInspectionCreate, engID, in.ValidateHeader(), func(tx *sql.Tx, now time.Time) (int64, string, error) {
		if len(in.Checks) == 0 {
			e, err := engagementOf(ctx, tx, engID)
			if err != nil {
				return 0, "", err
			}
			p, err := planOf(ctx, tx, engID)
			if err != nil {
				return 0, "", err
			}
			in.Checks = inspection.ChecksFor(inspection.Applicable(&p, e.CloudWebsite))
		}
		if in.UID == "" {
			in.UID = uuid.NewString()
		}
		in.CreatedBy, in.CreatedAt = op.Label(), now
		if v := in.Validate(); v != nil {
			return 0, "", v
		}
		if err := insertInspection(ctx, tx, engID, in, now); err != nil {
			return 0, "", err
		}
		return in.ID, fmt.Sprintf("%s %s, %d items", in.Date, auditValue(in.Place), len(in.Checks)), nil
	})
}

func insertInspection(ctx context.Context, tx *sql.Tx, engID int64, in *inspection.Inspection, now time.Time) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO inspections (engagement_id, uid, date, place, inspectors, vendor_rep, ack_name, ack_date,
		ack_remarks, ack_disagreement, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		engID, in.UID, string(in.Date), in.Place, in.Inspectors, in.VendorRep, in.Ack.Name, string(in.Ack.Date), in.Ack.Remarks,
		in.Ack.Disagreement, in.CreatedBy, in.CreatedAt.UTC().Format(time.RFC3339Nano), fmtTime(now))
	if err != nil {
		return err
	}
	if in.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	for i := range in.Checks {
		c := &in.Checks[i]
		res, err := tx.ExecContext(ctx, `INSERT INTO inspection_checks (inspection_id, item, position, result, method, reason, notes, finding_id,
			updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, in.ID, c.Item, annexa.Position(c.Item), string(c.Result), string(c.Method),
			c.Reason, c.Notes, c.Finding, fmtTime(now))
		if err != nil {
			return err
		}
		if c.ID, err = res.LastInsertId(); err != nil {
			return err
		}
	}
	return nil
}

// UpdateInspectionHeader saves the header of inspection in.ID.
func (s *Store) UpdateInspectionHeader(ctx context.Context, op Operator, in *inspection.Inspection) error {
	normaliseInspection(in)
	eng, err := recordEngagement(ctx, s.db, "inspections", in.ID)
	if err != nil {
		return classify(s.path, err)
	}
	return s.inspectionChange(ctx, op, EventInspectionHeader, eng, in.ValidateHeader(), func(tx *sql.Tx, now time.Time) (int64, string, error) {
		_, err := tx.ExecContext(ctx, `UPDATE inspections SET date = ?, place = ?, inspectors = ?, vendor_rep = ?, updated_at = ? WHERE id = ?`,
			string(in.Date), in.Place, in.Inspectors, in.VendorRep, fmtTime(now), in.ID)
		return in.ID, fmt.Sprintf("%s %s", in.Date, auditValue(in.Place)), err
	})
}

// SaveCheck records the result, method, reason and notes of one check of
// inspection inspID (the check of c.Item). Refused once the vendor has
// acknowledged.
func (s *Store) SaveCheck(ctx context.Context, op Operator, inspID int64, c inspection.Check) error {
	c.Reason, c.Notes = strings.TrimSpace(c.Reason), strings.TrimSpace(c.Notes)
	eng, err := recordEngagement(ctx, s.db, "inspections", inspID)
	if err != nil {
		return classify(s.path, err)
	}
	return s.inspectionChange(ctx, op, EventInspectionCheck, eng, inspection.ValidateCheck(c, "check"), func(tx *sql.Tx, now time.Time) (int64, string, error) {
		var ack string
		if err := tx.QueryRowContext(ctx, `SELECT ack_date FROM inspections WHERE id = ?`, inspID).Scan(&ack); err != nil {
			return inspID, "", err
		}
		if ack != "" {
			return inspID, "", ErrAcknowledged
		}
		res, err := tx.ExecContext(ctx, `UPDATE inspection_checks SET result = ?, method = ?, reason = ?, notes = ?, updated_at = ?
			WHERE inspection_id = ? AND item = ?`, string(c.Result), string(c.Method), c.Reason, c.Notes, fmtTime(now), inspID, c.Item)
		if err != nil {
			return inspID, "", err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return inspID, "", model.ValidationError{{Field: "check.item", Key: "inspection.err.not_in", Args: []any{c.Item}, Clause: inspection.Clause}}
		}
		return inspID, fmt.Sprintf("%s=%s method=%s", c.Item, c.Result, c.Method), nil
	})
}

// Acknowledge records the vendor's acknowledgement of inspection id and, in
// the same transaction, a finding with its corrective action for every
// "partly" and "does not conform", due fix_time (sec.a8) after the
// inspection. It returns the findings made.
func (s *Store) Acknowledge(ctx context.Context, op Operator, id int64, a inspection.Acknowledgement) ([]findings.Finding, error) {
	a.Name, a.Remarks, a.Disagreement = strings.TrimSpace(a.Name), strings.TrimSpace(a.Remarks), strings.TrimSpace(a.Disagreement)
	in, eng, err := s.Inspection(ctx, id)
	if err != nil {
		return nil, err
	}
	if in.Acknowledged() {
		return nil, ErrAcknowledged
	}
	var made []findings.Finding
	err = s.inspectionChange(ctx, op, EventInspectionAck, eng, in.ValidateAck(a), func(tx *sql.Tx, now time.Time) (int64, string, error) {
		made = nil
		fix, err := fixTime(ctx, tx, eng)
		if err != nil {
			return id, "", err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE inspections SET ack_name = ?, ack_date = ?, ack_remarks = ?, ack_disagreement = ?, updated_at = ?
			WHERE id = ?`, a.Name, string(a.Date), a.Remarks, a.Disagreement, fmtTime(now), id); err != nil {
			return id, "", err
		}
		f, err := inspectionFindings(ctx, tx, op, eng, &in, a, fix, now)
		made = f
		return id, fmt.Sprintf("acknowledged by %s %s; %d findings, due %s", auditValue(a.Name), a.Date, len(f), fix), err
	})
	return made, err
}

// inspectionFindings records the findings of an acknowledged inspection.
func inspectionFindings(ctx context.Context, tx *sql.Tx, op Operator, eng int64, in *inspection.Inspection, a inspection.Acknowledgement,
	fix string, now time.Time) ([]findings.Finding, error) {
	var made []findings.Finding
	due := inspection.Due(in.Date, fix)
	e, err := engagementOf(ctx, tx, eng)
	if err != nil {
		return nil, err
	}
	for _, c := range in.Findings() {
		if c.Finding != 0 {
			continue
		}
		it, _ := annexa.ByID(c.Item)
		sev := findings.Medium
		if c.Result == inspection.NotConform {
			sev = findings.High
		}
		desc := it.Label() + " " + it.Name.ZH + "（" + it.Name.EN + "）"
		if c.Notes != "" {
			desc += "：" + c.Notes
		}
		f := findings.Finding{Source: findings.SourceInspection, SourceID: c.ID, Description: desc, Concerns: it.Label(), Severity: sev,
			ReportedOn: in.Date, PositionRemarks: a.Disagreement,
			Action: findings.Action{Owner: e.Vendor.Name, Deadline: due}}
		if _, _, err := insertFinding(ctx, tx, op, eng, &f, now); err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE inspection_checks SET finding_id = ? WHERE id = ?`, f.ID, c.ID); err != nil {
			return nil, err
		}
		made = append(made, f)
	}
	return made, nil
}

// AddCheckEvidence attaches a file (path) or, with path empty, a text note
// to the check of item of inspection inspID.
func (s *Store) AddCheckEvidence(ctx context.Context, op Operator, inspID int64, item, path, title, note string) (Evidence, error) {
	in, eng, err := s.Inspection(ctx, inspID)
	if err != nil {
		return Evidence{}, err
	}
	c := in.Check(item)
	if c == nil {
		return Evidence{}, model.ValidationError{{Field: "check.item", Key: "inspection.err.not_in", Args: []any{item}, Clause: inspection.Clause}}
	}
	owner := Owner{OwnerInspectionItem, c.ID}
	if path != "" {
		return s.AddEvidenceFile(ctx, op, eng, path, owner)
	}
	return s.AddEvidenceNote(ctx, op, eng, title, note, owner)
}
