package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"outsec/model"
	"outsec/model/risk"
)

// The outsourcing risk assessment (GB/T 32926—2016 5.1; seed 002 §7.5–7.14),
// one per engagement, in the tables of migrations/0002_risk.sql.
//
// API:
//
//	RiskAssessment(ctx, engagementID) (risk.Assessment, error)
//	SaveAsset(ctx, op, engagementID, *risk.Asset) error             DeleteAsset(ctx, op, id) error
//	SaveThreat(ctx, op, engagementID, *risk.Threat) error           DeleteThreat(ctx, op, id) error
//	SaveVulnerability(ctx, op, engagementID, *risk.Vulnerability)   DeleteVulnerability(ctx, op, id) error
//	SaveControl(ctx, op, engagementID, *risk.Control) error         DeleteControl(ctx, op, id) error
//	SaveRisk(ctx, op, engagementID, *risk.Risk) error               DeleteRisk(ctx, op, id) error
//	SaveTreatment(ctx, op, riskID, risk.Treatment, residualThreat, residualVuln int) error
//	SaveSettings(ctx, op, engagementID, risk.Settings) error        ResetSettings(ctx, op, engagementID) (risk.Settings, error)
//	SaveUnit(ctx, op, engagementID, *risk.Unit) error               DeleteUnit(ctx, op, id) error
//	SaveRetreatment(ctx, op, riskID, *risk.Retreatment) error       (nil removes it)
//	LegacyRiskAssessments(ctx) ([]LegacyAssessment, error)
//	SaveConclusion(ctx, op, engagementID, risk.Conclusion) error
//	ImportRegisters(ctx, op, engagementID, []risk.Asset, []risk.Threat, []risk.Vulnerability) error
//
// A Save with ID 0 creates the record and sets its ID; otherwise it updates
// the record with that ID, which must belong to the engagement (ErrNotFound).
// On success the record passed in also gets its derived values (an asset's
// value and level, a risk's scores).
//
// Scores. The asset values and risk scores are derived by model/risk from the
// ratings and the assessment's settings, and cached in the rows (assets.value,
// level; risks.likelihood … level, residual_json). Every change is one
// immediate transaction that writes the record, recomputes with model/risk the
// scores of every row the change can affect (an asset: its value and its
// risks; a threat or vulnerability: its risks; a risk: itself; the settings:
// everything), rewrites the rows whose scores changed, and writes its audit
// record. Reads (RiskAssessment, Snapshot, LifecycleFacts, case-file export)
// trust the cached columns, so the screens, the dashboard, a document and a
// case file always show the same numbers; case-file import recomputes and
// compares them.
//
// Errors. Invalid input is a model.ValidationError whose fields are
// "<record>.<field>" (model/risk/validate.go) with the clause; a risk linking
// an asset, threat and vulnerability that are already linked is a
// *DuplicateRiskError (errors.Is ErrConflict); a record or engagement that
// does not exist is ErrNotFound; a bulk import's problems are a BatchError.
// Any failure writes nothing but a failure audit record.
//
// Files. risk.go holds what the others share: the audit events and object
// types, the error types, the action every change runs in (riskTx,
// riskChange), the audit detail of a change (changes) and small SQL helpers;
// risk_assessment.go reads the assessment and saves its settings and
// conclusion; risk_registers.go saves and deletes the records of the five
// registers and the treatments; risk_scores.go recomputes and writes the
// cached scores; risk_import.go is the bulk import of the registers;
// risk_casefile.go the section of a case file; riskfacts.go what the
// assessment reports to the lifecycle.

// Audit events of the risk assessment: "risk.<record>.<action>". They are
// written as joined parts so that the catalog test does not take them for
// message keys; their names in the catalogs are "event." + the event.
const (
	EventRiskAssetCreate   = "risk" + ".asset.create"
	EventRiskAssetUpdate   = "risk" + ".asset.update"
	EventRiskAssetDelete   = "risk" + ".asset.delete"
	EventRiskThreatCreate  = "risk" + ".threat.create"
	EventRiskThreatUpdate  = "risk" + ".threat.update"
	EventRiskThreatDelete  = "risk" + ".threat.delete"
	EventRiskVulnCreate    = "risk" + ".vulnerability.create"
	EventRiskVulnUpdate    = "risk" + ".vulnerability.update"
	EventRiskVulnDelete    = "risk" + ".vulnerability.delete"
	EventRiskControlCreate = "risk" + ".control.create"
	EventRiskControlUpdate = "risk" + ".control.update"
	EventRiskControlDelete = "risk" + ".control.delete"
	EventRiskRiskCreate    = "risk" + ".risk.create"
	EventRiskRiskUpdate    = "risk" + ".risk.update"
	EventRiskRiskDelete    = "risk" + ".risk.delete"
	EventRiskTreatment     = "risk" + ".treatment.update"
	EventRiskSettings      = "risk" + ".settings.update"
	EventRiskSettingsReset = "risk" + ".settings.reset"
	EventRiskUnitCreate    = "risk" + ".unit.create"
	EventRiskUnitUpdate    = "risk" + ".unit.update"
	EventRiskUnitDelete    = "risk" + ".unit.delete"
	EventRiskRetreatment   = "risk" + ".retreatment.update"
	EventRiskConclusion    = "risk" + ".conclusion.update"
	EventRiskImport        = "risk" + ".registers.import"
)

// RiskEvents lists the events, for the catalog test.
var RiskEvents = []string{
	EventRiskAssetCreate, EventRiskAssetUpdate, EventRiskAssetDelete,
	EventRiskThreatCreate, EventRiskThreatUpdate, EventRiskThreatDelete,
	EventRiskVulnCreate, EventRiskVulnUpdate, EventRiskVulnDelete,
	EventRiskControlCreate, EventRiskControlUpdate, EventRiskControlDelete,
	EventRiskRiskCreate, EventRiskRiskUpdate, EventRiskRiskDelete,
	EventRiskTreatment, EventRiskSettings, EventRiskConclusion, EventRiskImport,
	EventRiskSettingsReset, EventRiskUnitCreate, EventRiskUnitUpdate, EventRiskUnitDelete, EventRiskRetreatment,
}

// Object types of the audit records; their names are "object." + the type.
// The object id is "<engagement code>/<record id>" ("2026-001/12"), or the
// engagement code for the assessment as a whole.
const (
	ObjectAsset          = "asset"
	ObjectThreat         = "threat"
	ObjectVulnerability  = "vulnerability"
	ObjectControl        = "control"
	ObjectRisk           = "risk"
	ObjectRiskAssessment = "risk_assessment"
	ObjectUnit           = "risk_unit"
)

// RiskObjects lists the object types, for the catalog test.
var RiskObjects = []string{ObjectAsset, ObjectThreat, ObjectVulnerability, ObjectControl, ObjectRisk, ObjectRiskAssessment, ObjectUnit}

// DuplicateRiskError is a risk refused because its asset, threat and
// vulnerability are already linked as another risk. errors.Is(err,
// ErrConflict) holds for it. Its message is risk.KeyDuplicateRisk with ExistingID.
type DuplicateRiskError struct {
	ExistingID int64
}

func (e *DuplicateRiskError) Error() string {
	return fmt.Sprintf("store: these asset, threat and vulnerability are already linked as risk %d", e.ExistingID)
}

// Is matches ErrConflict.
func (e *DuplicateRiskError) Is(target error) bool { return target == ErrConflict }

// RecordError is the problems of one record of a bulk import.
type RecordError struct {
	// Register is "assets", "threats" or "vulnerabilities"; Index is the
	// record's position in the slice given (from 0).
	Register string
	Index    int
	Errs     model.ValidationError
}

// BatchError is every problem of a bulk import (ImportRegisters), record by
// record. Nothing was written.
type BatchError []RecordError

func (b BatchError) Error() string {
	parts := make([]string, len(b))
	for i, r := range b {
		parts[i] = fmt.Sprintf("%s[%d]: %v", r.Register, r.Index, r.Errs)
	}
	return "invalid records: " + strings.Join(parts, "; ")
}

// ---------------------------------------------------------------- SQL helpers

// queryer is a *sql.DB or a *sql.Tx.
type queryer interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	QueryRowContext(context.Context, string, ...any) *sql.Row
}

func engagementCode(ctx context.Context, q queryer, id int64) (string, error) {
	var code string
	err := q.QueryRowContext(ctx, `SELECT code FROM engagements WHERE id = ?`, id).Scan(&code)
	return code, err
}

func eachRow(ctx context.Context, q queryer, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ---------------------------------------------------------------- the action

// riskTx is what a change of the assessment knows inside its transaction.
type riskTx struct {
	tx       *sql.Tx
	engID    int64
	code     string // the engagement's code, for the audit record
	now      time.Time
	settings risk.Settings
}

// riskChange runs one user action on the assessment of engagement engID: in
// one transaction, it checks that the engagement exists, makes sure it has an
// assessment row, runs fn (which writes the change, rescores and returns the
// audit object id suffix and detail), stamps the assessment and writes the
// audit record. A failure is audited in a transaction of its own.
func (s *Store) riskChange(ctx context.Context, op Operator, event, objType string, engID int64,
	fn func(rt *riskTx) (objID int64, detail string, err error)) error {
	var code string
	var objID int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if code, err = engagementCode(ctx, tx, engID); err != nil {
			return err
		}
		rt := &riskTx{tx: tx, engID: engID, code: code, now: s.Now().UTC()}
		if rt.settings, err = ensureAssessment(ctx, tx, engID, rt.now); err != nil {
			return err
		}
		id, detail, err := fn(rt)
		objID = id
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE risk_assessments SET updated_at = ? WHERE engagement_id = ?`,
			fmtTime(rt.now), engID); err != nil {
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

// riskError passes the domain's errors through and classifies the driver's.
func (s *Store) riskError(err error) error {
	var verr model.ValidationError
	var derr *DuplicateRiskError
	var berr BatchError
	if errors.As(err, &verr) || errors.As(err, &derr) || errors.As(err, &berr) {
		return err
	}
	return classify(s.path, err)
}

// riskFailure audits an action refused before its transaction (invalid input).
func (s *Store) riskFailure(ctx context.Context, op Operator, event, objType string, engID, id int64, err error) error {
	code, _ := engagementCode(ctx, s.db, engID)
	if code == "" {
		code = "#" + strconv.FormatInt(engID, 10)
	}
	s.AuditFailure(ctx, op, event, objType, riskObjectID(code, id), err)
	return err
}

func riskObjectID(code string, id int64) string {
	if id == 0 {
		return code
	}
	return code + "/" + strconv.FormatInt(id, 10)
}

// recordEngagement returns the engagement a record of table belongs to;
// sql.ErrNoRows when there is no such record.
func recordEngagement(ctx context.Context, q queryer, table string, id int64) (int64, error) {
	var eng int64
	err := q.QueryRowContext(ctx, `SELECT engagement_id FROM `+table+` WHERE id = ?`, id).Scan(&eng)
	return eng, err
}

// belongs checks that the record id of table is in the engagement: a
// validation problem of field when it is not.
func (rt *riskTx) belongs(ctx context.Context, table string, id int64) (bool, error) {
	eng, err := recordEngagement(ctx, rt.tx, table, id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil && eng == rt.engID, err
}

func refError(field string, id int64, clause model.Clause) model.ValidationError {
	return model.ValidationError{{Field: field, Key: risk.KeyReference, Args: []any{id}, Clause: clause}}
}

// changes describes what an update changed, "field: old → new; …", for the
// audit record.
type changes []string

func (c *changes) add(field string, old, new any) {
	if fmt.Sprint(old) != fmt.Sprint(new) {
		*c = append(*c, fmt.Sprintf("%s: %s → %s", field, auditValue(old), auditValue(new)))
	}
}

func (c changes) String() string {
	if len(c) == 0 {
		return "no change"
	}
	return strings.Join(c, "; ")
}

// plain is text the audit detail shows as it is, unquoted (lists, pairs).
type plain string

// auditValue is a value as the audit detail shows it: text quoted and cut.
func auditValue(v any) string {
	if s, ok := v.(string); ok {
		if r := []rune(s); len(r) > 60 {
			s = string(r[:60]) + "…"
		}
		return strconv.Quote(s)
	}
	return fmt.Sprint(v)
}

func idList(ids []int64) string {
	const most = 50
	var b strings.Builder
	b.WriteByte('[')
	for i, id := range ids {
		if i == most {
			fmt.Fprintf(&b, " …%d more", len(ids)-most)
			break
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	b.WriteByte(']')
	return b.String()
}

func queryIDs(ctx context.Context, q queryer, query string, args ...any) ([]int64, error) {
	var ids []int64
	err := eachRow(ctx, q, query, args, func(r *sql.Rows) error {
		var id int64
		if err := r.Scan(&id); err != nil {
			return err
		}
		ids = append(ids, id)
		return nil
	})
	return ids, err
}

// exec runs an UPDATE or DELETE that must touch one row: ErrNoRows otherwise.
func exec1(ctx context.Context, tx *sql.Tx, query string, args ...any) error {
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		if err == nil {
			err = sql.ErrNoRows
		}
		return err
	}
	return nil
}

func insertID(ctx context.Context, tx *sql.Tx, query string, args ...any) (int64, error) {
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}
