package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"outsec/model"
	"outsec/model/contract"
	"outsec/model/findings"
)

// The findings register and corrective actions (GB/T 32926—2016 8.1 a)–e)),
// 0008_findings.sql. Every change is one transaction with its history entry
// and audit record; a refused change writes nothing but its failure record.
// The rules are model/findings's (CheckClose, CheckMove, Validate); the
// store checks them inside the transaction against the row as stored.

// Audit events of the register.
const (
	EventFindingAdd    = "finding" + ".add"
	EventFindingUpdate = "finding" + ".update"
	EventFindingMove   = "finding" + ".move"
	EventFindingClose  = "finding" + ".close"
	EventIncidentSave  = "incident" + ".save"
	ObjectFinding      = "finding"
	ObjectIncident     = "incident"
)

// FindingEvents lists the events, for the catalog test.
var FindingEvents = []string{EventFindingAdd, EventFindingUpdate, EventFindingMove, EventFindingClose,
	EventIncidentSave, EventEvidenceAdd, EventEvidenceLink}

const findingColumns = `id, engagement_id, source, source_id, description, concerns, severity, position, position_remarks, state,
	reporter_id, reporter, reported_on, verifier_id, verifier, verified_on, verification, dismiss_reason, dismissed_by,
	measure, owner, deadline, cost, action_status, notice_date, notice_deadline, notice_document,
	controls_change, policy_revised, change_note, change_at, before_measure, target, check_date, result`

func scanFinding(r scanner) (int64, findings.Finding, error) {
	var f findings.Finding
	var eng int64
	var src, pos, st, rep, ver, as, nd, ndl, dl, cat, cd string
	a := &f.Action
	err := r.Scan(&f.ID, &eng, &src, &f.SourceID, &f.Description, &f.Concerns, &f.Severity, &pos, &f.PositionRemarks, &st,
		&f.ReporterID, &f.Reporter, &rep, &f.VerifierID, &f.Verifier, &ver, &f.Verification, &f.DismissReason, &f.DismissedBy,
		&a.Measure, &a.Owner, &dl, &a.Cost, &as, &nd, &ndl, &a.NoticeDocument,
		&a.ControlsChange, &a.PolicyRevised, &a.ChangeNote, &cat, &a.Before, &a.Target, &cd, &a.Result)
	f.Source, f.Position, f.State = findings.Source(src), findings.Position(pos), findings.State(st)
	f.ReportedOn, f.VerifiedOn = model.Date(rep), model.Date(ver)
	a.Status, a.Deadline, a.NoticeDate, a.NoticeDeadline, a.CheckDate = findings.ActionStatus(as), model.Date(dl), model.Date(nd), model.Date(ndl), model.Date(cd)
	if cat != "" {
		a.ChangeAt = parseTime(cat)
	}
	return eng, f, err
}

// loadFindings reads the findings of engagement engID (every engagement when
// 0), by engagement, in the order they were recorded; with history when
// history is true, and the count of evidence linked to each.
func loadFindings(ctx context.Context, q queryer, engID int64, history bool) (map[int64][]findings.Finding, error) {
	out := map[int64][]findings.Finding{}
	where, args := "", []any(nil)
	if engID != 0 {
		where, args = " WHERE engagement_id = ?", []any{engID}
	}
	index := map[int64][2]int64{} // finding → (engagement, index)
	err := eachRow(ctx, q, `SELECT `+findingColumns+` FROM findings`+where+` ORDER BY id`, args, func(r *sql.Rows) error {
		eng, f, err := scanFinding(r)
		if err != nil {
			return err
		}
		index[f.ID] = [2]int64{eng, int64(len(out[eng]))}
		out[eng] = append(out[eng], f)
		return nil
	})
	if err != nil {
		return nil, err
	}
	at := func(id int64) *findings.Finding {
		ix, ok := index[id]
		if !ok {
			return nil
		}
		return &out[ix[0]][ix[1]]
	}
	and := ""
	if engID != 0 {
		and = " AND l.owner_id IN (SELECT id FROM findings WHERE engagement_id = ?)"
	}
	err = eachRow(ctx, q, `SELECT l.owner_id, count(*) FROM evidence_links l WHERE l.owner_kind = 'finding'`+and+` GROUP BY l.owner_id`, args,
		func(r *sql.Rows) error {
			var id int64
			var n int
			if err := r.Scan(&id, &n); err != nil {
				return err
			}
			if f := at(id); f != nil {
				f.Evidence = n
			}
			return nil
		})
	if err != nil || !history {
		return out, err
	}
	hwhere := ""
	if engID != 0 {
		hwhere = " WHERE finding_id IN (SELECT id FROM findings WHERE engagement_id = ?)"
	}
	err = eachRow(ctx, q, `SELECT finding_id, at, operator, from_state, to_state, note FROM finding_events`+hwhere+` ORDER BY id`, args,
		func(r *sql.Rows) error {
			var id int64
			var e findings.Event
			var at, from, to string
			if err := r.Scan(&id, &at, &e.Operator, &from, &to, &e.Note); err != nil {
				return err
			}
			e.At, e.From, e.To = parseTime(at), findings.State(from), findings.State(to)
			if f := atFinding(index, out, id); f != nil {
				f.History = append(f.History, e)
			}
			return nil
		})
	return out, err
}

func atFinding(index map[int64][2]int64, out map[int64][]findings.Finding, id int64) *findings.Finding {
	ix, ok := index[id]
	if !ok {
		return nil
	}
	return &out[ix[0]][ix[1]]
}

// Findings lists the findings of an engagement, with their history and the
// count of their evidence, in the order they were recorded. ErrNotFound when
// there is no such engagement.
func (s *Store) Findings(ctx context.Context, engID int64) ([]findings.Finding, error) {
	var out []findings.Finding
	err := s.read(ctx, func(q queryer) error {
		if _, err := engagementCode(ctx, q, engID); err != nil {
			return err
		}
		m, err := loadFindings(ctx, q, engID, true)
		out = m[engID]
		return err
	})
	return out, classify(s.path, err)
}

// Finding returns one finding with its history and evidence count, and the
// engagement it belongs to.
func (s *Store) Finding(ctx context.Context, id int64) (findings.Finding, int64, error) {
	var f findings.Finding
	var eng int64
	err := s.read(ctx, func(q queryer) error {
		var err error
		eng, f, err = findingOf(ctx, q, id)
		return err
	})
	return f, eng, classify(s.path, err)
}

func findingOf(ctx context.Context, q queryer, id int64) (int64, findings.Finding, error) {
	eng, err := recordEngagement(ctx, q, "findings", id)
	if err != nil {
		return 0, findings.Finding{}, err
	}
	m, err := loadFindings(ctx, q, eng, true)
	if err != nil {
		return 0, findings.Finding{}, err
	}
	for _, f := range m[eng] {
		if f.ID == id {
			return eng, f, nil
		}
	}
	return 0, findings.Finding{}, sql.ErrNoRows
}

// findingChange runs one user action on the register of engagement engID
// in one transaction: fn writes the change and returns the object id and
// the audit detail; then the audit record. A failure is audited in a
// transaction of its own.
func (s *Store) findingChange(ctx context.Context, op Operator, event, objType string, engID int64,
	fn func(tx *sql.Tx, now time.Time) (int64, string, error)) error {
	var code string
	var objID int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if code, err = engagementCode(ctx, tx, engID); err != nil {
			return err
		}
		id, detail, err := fn(tx, s.Now().UTC())
		objID = id
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, op, event, objType, riskObjectID(code, id), detail, OutcomeSuccess)
	})
	if err != nil {
		err = s.riskError(err)
		if code == "" {
			code, _ = engagementCode(ctx, s.db, engID)
		}
		if code == "" {
			code = "#" + strconv.FormatInt(engID, 10)
		}
		s.AuditFailure(ctx, op, event, objType, riskObjectID(code, objID), err)
	}
	return err
}

func addEvent(ctx context.Context, tx *sql.Tx, id int64, now time.Time, op Operator, from, to findings.State, note string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO finding_events (finding_id, at, operator, from_state, to_state, note) VALUES (?, ?, ?, ?, ?, ?)`,
		id, fmtTime(now), op.Label(), string(from), string(to), note)
	return err
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// AddFinding records a new finding of engagement engID, reported by op
// today (unless f says when), open, with its corrective action as given.
// f gets its id.
func (s *Store) AddFinding(ctx context.Context, op Operator, engID int64, f *findings.Finding) error {
	return s.findingChange(ctx, op, EventFindingAdd, ObjectFinding, engID, func(tx *sql.Tx, now time.Time) (int64, string, error) {
		return insertFinding(ctx, tx, op, engID, f, now)
	})
}

func insertFinding(ctx context.Context, tx *sql.Tx, op Operator, engID int64, f *findings.Finding, now time.Time) (int64, string, error) {
	f.State = ""
	f.Normalise()
	f.ReporterID, f.Reporter = op.ID, op.Label()
	if f.ReportedOn == "" {
		f.ReportedOn = model.Date(now.Format(model.DateLayout))
	}
	if f.Action.ControlsChange {
		f.Action.ChangeAt = now
	}
	if v := f.Validate(); v != nil {
		return 0, "", v
	}
	if f.Source == findings.SourceIncident {
		eng, err := recordEngagement(ctx, tx, "incidents", f.SourceID)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && eng != engID) {
			return 0, "", model.ValidationError{{Field: "finding.source_id", Key: "findings.err.no_incident", Args: []any{f.SourceID}, Clause: findings.ClauseCause}}
		} else if err != nil {
			return 0, "", err
		}
	}
	a := f.Action
	res, err := tx.ExecContext(ctx, `INSERT INTO findings (engagement_id, source, source_id, description, concerns, severity, position, position_remarks,
		state, reporter_id, reporter, reported_on, measure, owner, deadline, cost, action_status, notice_date, notice_deadline, notice_document,
		controls_change, policy_revised, change_note, change_at, before_measure, target, check_date, result, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		engID, string(f.Source), f.SourceID, f.Description, f.Concerns, int(f.Severity), string(f.Position), f.PositionRemarks,
		string(f.State), f.ReporterID, f.Reporter, string(f.ReportedOn), a.Measure, a.Owner, string(a.Deadline), a.Cost, string(a.Status),
		string(a.NoticeDate), string(a.NoticeDeadline), a.NoticeDocument, boolInt(a.ControlsChange), boolInt(a.PolicyRevised), a.ChangeNote,
		changeAt(a.ChangeAt), a.Before, a.Target, string(a.CheckDate), a.Result, fmtTime(now), fmtTime(now))
	if err != nil {
		return 0, "", err
	}
	f.ID, _ = res.LastInsertId()
	if err := addEvent(ctx, tx, f.ID, now, op, "", findings.Open, ""); err != nil {
		return f.ID, "", err
	}
	detail := fmt.Sprintf("source %s %d, severity %d: %s", f.Source, f.SourceID, f.Severity, auditValue(f.Description))
	if a.ControlsChange {
		detail += "; controls must change (8.1 c))"
	}
	return f.ID, detail, nil
}

func changeAt(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return fmtTime(t)
}

// inEngagement reads finding id inside tx and checks it is in engagement engID.
func inEngagement(ctx context.Context, tx *sql.Tx, engID, id int64) (findings.Finding, error) {
	eng, f, err := findingOf(ctx, tx, id)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && eng != engID) {
		return f, model.ValidationError{{Field: "finding.id", Key: findings.KeyFindingMissing, Args: []any{id}, Clause: findings.Clause}}
	}
	return f, err
}

// UpdateFinding saves what a form edits of finding f: its description, the
// annex A item or clause, severity, the vendor's position, and the
// corrective action with the notice (8.1 b)), controls change (8.1 c)) and
// comparison (8.1 d)). The state, reporter and verification are not edited
// here (MoveFinding, CloseFinding). Recording "controls must change" stamps
// the time; a closed or dismissed finding takes only the comparison's
// result and remarks of the vendor.
func (s *Store) UpdateFinding(ctx context.Context, op Operator, engID int64, f *findings.Finding) error {
	return s.findingChange(ctx, op, EventFindingUpdate, ObjectFinding, engID, func(tx *sql.Tx, now time.Time) (int64, string, error) {
		old, err := inEngagement(ctx, tx, engID, f.ID)
		if err != nil {
			return f.ID, "", err
		}
		n := old
		if old.State.Final() {
			// Only what can still come after: the comparison's result (8.1 d)).
			n.Action.Result = f.Action.Result
			n.Action.CheckDate = f.Action.CheckDate
			n.Action.Before, n.Action.Target = f.Action.Before, f.Action.Target
		} else {
			n.Description, n.Concerns, n.Severity = f.Description, f.Concerns, f.Severity
			n.Position, n.PositionRemarks = f.Position, f.PositionRemarks
			ch := n.Action.ChangeAt
			n.Action = f.Action
			n.Action.ChangeAt = ch
		}
		n.Normalise()
		if n.Action.ControlsChange && (!old.Action.ControlsChange || n.Action.ChangeAt.IsZero()) {
			n.Action.ChangeAt = now
		}
		if !n.Action.ControlsChange {
			n.Action.ChangeAt = time.Time{}
		}
		if v := n.Validate(); v != nil {
			return f.ID, "", v
		}
		var c changes
		c.add("description", old.Description, n.Description)
		c.add("concerns", old.Concerns, n.Concerns)
		c.add("severity", old.Severity, n.Severity)
		c.add("position", string(old.Position), string(n.Position))
		c.add("measure", old.Action.Measure, n.Action.Measure)
		c.add("owner", old.Action.Owner, n.Action.Owner)
		c.add("deadline", string(old.Action.Deadline), string(n.Action.Deadline))
		c.add("action_status", string(old.Action.Status), string(n.Action.Status))
		c.add("notice", string(old.Action.NoticeDate)+"/"+string(old.Action.NoticeDeadline), string(n.Action.NoticeDate)+"/"+string(n.Action.NoticeDeadline))
		c.add("controls_change", old.Action.ControlsChange, n.Action.ControlsChange)
		c.add("policy_revised", old.Action.PolicyRevised, n.Action.PolicyRevised)
		c.add("check_date", string(old.Action.CheckDate), string(n.Action.CheckDate))
		c.add("result", old.Action.Result, n.Action.Result)
		a := n.Action
		_, err = tx.ExecContext(ctx, `UPDATE findings SET description = ?, concerns = ?, severity = ?, position = ?, position_remarks = ?,
			measure = ?, owner = ?, deadline = ?, cost = ?, action_status = ?, notice_date = ?, notice_deadline = ?, notice_document = ?,
			controls_change = ?, policy_revised = ?, change_note = ?, change_at = ?, before_measure = ?, target = ?, check_date = ?, result = ?,
			updated_at = ? WHERE id = ?`,
			n.Description, n.Concerns, int(n.Severity), string(n.Position), n.PositionRemarks,
			a.Measure, a.Owner, string(a.Deadline), a.Cost, string(a.Status), string(a.NoticeDate), string(a.NoticeDeadline), a.NoticeDocument,
			boolInt(a.ControlsChange), boolInt(a.PolicyRevised), a.ChangeNote, changeAt(a.ChangeAt), a.Before, a.Target, string(a.CheckDate), a.Result,
			fmtTime(now), n.ID)
		if err != nil {
			return n.ID, "", err
		}
		if a.ControlsChange && !old.Action.ControlsChange {
			if err := addEvent(ctx, tx, n.ID, now, op, "", "", a.ChangeNote); err != nil {
				return n.ID, "", err
			}
		}
		*f = n
		return n.ID, c.String(), nil
	})
}

// MoveFinding moves finding id of engagement engID to state to (not closed:
// CloseFinding), with a note: the reason when it is dismissed. The move
// must be one model/findings allows (State.Next); "notice sent" needs the
// notice's dates (8.1 b)).
func (s *Store) MoveFinding(ctx context.Context, op Operator, engID, id int64, to findings.State, note string) error {
	return s.findingChange(ctx, op, EventFindingMove, ObjectFinding, engID, func(tx *sql.Tx, now time.Time) (int64, string, error) {
		f, err := inEngagement(ctx, tx, engID, id)
		if err != nil {
			return id, "", err
		}
		if to == findings.Closed {
			return id, "", model.ValidationError{{Field: "finding.state", Key: findings.KeyBadMove, Clause: findings.Clause}}
		}
		if v := f.CheckMove(to, note); v != nil {
			return id, "", v
		}
		q := `UPDATE findings SET state = ?, updated_at = ? WHERE id = ?`
		args := []any{string(to), fmtTime(now), id}
		if to == findings.Dismissed {
			q = `UPDATE findings SET state = ?, dismiss_reason = ?, dismissed_by = ?, updated_at = ? WHERE id = ?`
			args = []any{string(to), note, op.Label(), fmtTime(now), id}
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return id, "", err
		}
		if err := addEvent(ctx, tx, id, now, op, f.State, to, note); err != nil {
			return id, "", err
		}
		return id, fmt.Sprintf("%s → %s %s", f.State, to, auditValue(note)), nil
	})
}

// CloseFinding closes finding id as verified by op (8.1): only from
// "rectification reported", with evidence linked to it, by another operator
// than the one who reported it, and, once the comparison's check date has
// come, with its result (8.1 d)). Every reason it cannot is returned at
// once, with its clause, and nothing is written but the failure's audit
// record.
func (s *Store) CloseFinding(ctx context.Context, op Operator, engID, id int64, on model.Date, remarks string) error {
	return s.findingChange(ctx, op, EventFindingClose, ObjectFinding, engID, func(tx *sql.Tx, now time.Time) (int64, string, error) {
		f, err := inEngagement(ctx, tx, engID, id)
		if err != nil {
			return id, "", err
		}
		if on == "" {
			on = model.Date(now.Format(model.DateLayout))
		}
		c := findings.Closing{VerifierID: op.ID, Verifier: op.Label(), On: on, Remarks: remarks}
		if v := f.CheckClose(c, model.Date(now.Format(model.DateLayout))); v != nil {
			return id, "", v
		}
		if _, err := tx.ExecContext(ctx, `UPDATE findings SET state = 'closed', verifier_id = ?, verifier = ?, verified_on = ?, verification = ?,
			action_status = 'done', updated_at = ? WHERE id = ?`, c.VerifierID, c.Verifier, string(c.On), c.Remarks, fmtTime(now), id); err != nil {
			return id, "", err
		}
		if err := addEvent(ctx, tx, id, now, op, f.State, findings.Closed, remarks); err != nil {
			return id, "", err
		}
		return id, fmt.Sprintf("verified %s by %s, %d evidence", on, auditValue(c.Verifier), f.Evidence), nil
	})
}

// Incidents lists the incidents of an engagement by the time they were found.
func (s *Store) Incidents(ctx context.Context, engID int64) ([]findings.Incident, error) {
	var out []findings.Incident
	err := s.read(ctx, func(q queryer) error {
		if _, err := engagementCode(ctx, q, engID); err != nil {
			return err
		}
		m, err := loadIncidents(ctx, q, engID)
		out = m[engID]
		return err
	})
	return out, classify(s.path, err)
}

func loadIncidents(ctx context.Context, q queryer, engID int64) (map[int64][]findings.Incident, error) {
	out := map[int64][]findings.Incident{}
	where, args := "", []any(nil)
	if engID != 0 {
		where, args = " WHERE engagement_id = ?", []any{engID}
	}
	err := eachRow(ctx, q, `SELECT id, engagement_id, title, found_at, reported_to, reported_at, description, impact, handling, cause, closed_on, recorder
		FROM incidents`+where+` ORDER BY found_at, id`, args, func(r *sql.Rows) error {
		var in findings.Incident
		var eng int64
		var found, rep, closed string
		if err := r.Scan(&in.ID, &eng, &in.Title, &found, &in.ReportedTo, &rep, &in.Description, &in.Impact, &in.Handling, &in.Cause, &closed, &in.Recorder); err != nil {
			return err
		}
		in.FoundAt, _ = findings.ParseTime(found)
		in.ReportedAt, _ = findings.ParseTime(rep)
		in.ClosedOn = model.Date(closed)
		out[eng] = append(out[eng], in)
		return nil
	})
	return out, err
}

// SaveIncident records a new incident (in.ID 0; in gets its id) or saves an
// incident of engagement engID.
func (s *Store) SaveIncident(ctx context.Context, op Operator, engID int64, in *findings.Incident) error {
	return s.findingChange(ctx, op, EventIncidentSave, ObjectIncident, engID, func(tx *sql.Tx, now time.Time) (int64, string, error) {
		in.Normalise()
		if v := in.Validate(); v != nil {
			return in.ID, "", v
		}
		if in.ID == 0 {
			in.Recorder = op.Label()
			res, err := tx.ExecContext(ctx, `INSERT INTO incidents (engagement_id, title, found_at, reported_to, reported_at, description, impact,
				handling, cause, closed_on, recorder, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				engID, in.Title, findings.FormatTime(in.FoundAt), in.ReportedTo, findings.FormatTime(in.ReportedAt), in.Description, in.Impact,
				in.Handling, in.Cause, string(in.ClosedOn), in.Recorder, fmtTime(now), fmtTime(now))
			if err != nil {
				return 0, "", err
			}
			in.ID, _ = res.LastInsertId()
			return in.ID, "new: " + auditValue(in.Title), nil
		}
		eng, err := recordEngagement(ctx, tx, "incidents", in.ID)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && eng != engID) {
			return in.ID, "", model.ValidationError{{Field: "incident.id", Key: "findings.err.no_incident", Args: []any{in.ID}, Clause: findings.ClauseReport}}
		} else if err != nil {
			return in.ID, "", err
		}
		_, err = tx.ExecContext(ctx, `UPDATE incidents SET title = ?, found_at = ?, reported_to = ?, reported_at = ?, description = ?, impact = ?,
			handling = ?, cause = ?, closed_on = ?, updated_at = ? WHERE id = ?`,
			in.Title, findings.FormatTime(in.FoundAt), in.ReportedTo, findings.FormatTime(in.ReportedAt), in.Description, in.Impact,
			in.Handling, in.Cause, string(in.ClosedOn), fmtTime(now), in.ID)
		return in.ID, "update: " + auditValue(in.Title), err
	})
}

// notifyHours reads the contract's reporting deadline of each engagement
// (the parameter notify_hours of sec.a5 and nda.b3, its default when not
// set).
func notifyHours(ctx context.Context, q queryer, engID int64) (map[int64]float64, float64, error) {
	out := map[int64]float64{}
	all, err := loadContracts(ctx, q, engID)
	if err != nil {
		return nil, 0, err
	}
	def, _ := findings.NotifyHours((&contract.Contract{}).Values()["notify_hours"])
	for id, c := range all {
		if h, ok := findings.NotifyHours(c.Values()["notify_hours"]); ok {
			out[id] = h
		}
	}
	return out, def, nil
}

// NotifyHours is the contract's reporting deadline of an engagement in
// hours (notify_hours, clauses sec.a5 and nda.b3).
func (s *Store) NotifyHours(ctx context.Context, engID int64) (float64, error) {
	var h float64
	err := s.read(ctx, func(q queryer) error {
		m, def, err := notifyHours(ctx, q, engID)
		h = def
		if v, ok := m[engID]; ok {
			h = v
		}
		return err
	})
	return h, classify(s.path, err)
}

// addFindingFacts fills the step "improvement" (8.1) of the facts of every
// engagement with findings or incidents, the register's summary
// (Facts.Improvement), and applies "controls must change" (8.1 c)) to the
// risk assessment, against its last change (risk_assessments.updated_at).
func addFindingFacts(ctx context.Context, q queryer, facts map[int64]model.Facts, only int64, now time.Time) error {
	all, err := loadFindings(ctx, q, only, false)
	if err != nil {
		return err
	}
	incs, err := loadIncidents(ctx, q, only)
	if err != nil {
		return err
	}
	hours, def, err := notifyHours(ctx, q, only)
	if err != nil {
		return err
	}
	// 8.1 c): the steps whose records a change of controls outdates, each
	// with the time its records were last updated.
	where, args := "", []any(nil)
	if only != 0 {
		where, args = " WHERE engagement_id = ?", []any{only}
	}
	updated := func(table string) (map[int64]time.Time, error) {
		m := map[int64]time.Time{}
		err := eachRow(ctx, q, `SELECT engagement_id, updated_at FROM `+table+where, args, func(r *sql.Rows) error {
			var id int64
			var at string
			if err := r.Scan(&id, &at); err != nil {
				return err
			}
			m[id] = parseTime(at)
			return nil
		})
		return m, err
	}
	riskUpdated, err := updated("risk_assessments")
	if err != nil {
		return err
	}
	planUpdated, err := updated("plans")
	if err != nil {
		return err
	}
	today := model.Date(now.Format(model.DateLayout))
	ids := map[int64]bool{}
	for id := range all {
		ids[id] = true
	}
	for id := range incs {
		ids[id] = true
	}
	for id := range ids {
		f := facts[id]
		if f.States == nil {
			f.States = map[model.StepID]model.State{}
		}
		fs := all[id]
		st, blocks := findings.LifecycleState(fs, today)
		h, ok := hours[id]
		if !ok {
			h = def
		}
		late := 0
		for i := range incs[id] {
			if incs[id][i].Late(h, now) {
				late++
			}
		}
		if len(fs) == 0 && len(incs[id]) > 0 {
			st = model.InProgress // incidents without their measures yet (8.1 e))
		}
		if late > 0 {
			blocks = append(blocks, model.Block{Key: "findings.block.incident_late", Args: []any{late, h}, Clause: findings.ClauseReport})
		}
		f.States[model.StepImprovement] = st
		if len(blocks) > 0 {
			if f.Blocks == nil {
				f.Blocks = map[model.StepID][]model.Block{}
			}
			f.Blocks[model.StepImprovement] = append(f.Blocks[model.StepImprovement], blocks...)
		}
		c := findings.Count(fs, today)
		f.Improvement = model.ImprovementFacts{Open: c.Open, Overdue: c.Overdue, Pending: c.Pending,
			ControlsChanged: findings.LatestControlsChange(fs), IncidentsLate: late}
		model.ApplyControlsChange(&f, model.StepRisk, riskUpdated[id])
		model.ApplyControlsChange(&f, model.StepSecurityPlan, planUpdated[id])
		facts[id] = f
	}
	return nil
}

// SendNotice records the rectification notice of finding id (8.1 b)) — its
// date, the vendor's deadline and the notice's document number — and moves
// the finding to "notice sent", in one transaction: the notice is one
// user action.
func (s *Store) SendNotice(ctx context.Context, op Operator, engID, id int64, date, deadline model.Date, document, note string) error {
	return s.findingChange(ctx, op, EventFindingMove, ObjectFinding, engID, func(tx *sql.Tx, now time.Time) (int64, string, error) {
		f, err := inEngagement(ctx, tx, engID, id)
		if err != nil {
			return id, "", err
		}
		from := f.State
		f.Action.NoticeDate, f.Action.NoticeDeadline, f.Action.NoticeDocument = date, deadline, document
		f.Normalise()
		v := f.Validate()
		v = append(v, f.CheckMove(findings.NoticeSent, note)...)
		if len(v) > 0 {
			return id, "", v
		}
		if _, err := tx.ExecContext(ctx, `UPDATE findings SET state = 'notice_sent', notice_date = ?, notice_deadline = ?, notice_document = ?,
			updated_at = ? WHERE id = ?`, string(f.Action.NoticeDate), string(f.Action.NoticeDeadline), f.Action.NoticeDocument, fmtTime(now), id); err != nil {
			return id, "", err
		}
		if err := addEvent(ctx, tx, id, now, op, from, findings.NoticeSent, note); err != nil {
			return id, "", err
		}
		return id, fmt.Sprintf("%s → notice_sent: %s, due %s, %s", from, date, deadline, auditValue(f.Action.NoticeDocument)), nil
	})
}
