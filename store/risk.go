package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"outsec/model"
	"outsec/model/casefile"
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
//	SaveSettings(ctx, op, engagementID, risk.Settings) error
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
// record. Reads (RiskAssessment, LifecycleFacts, case-file export) trust the
// cached columns, so the screens, the dashboard and a case file always show
// the same numbers; case-file import recomputes and compares them.
//
// Errors. Invalid input is a model.ValidationError whose fields are
// "<record>.<field>" (model/risk/validate.go) with the clause; a risk linking
// an asset, threat and vulnerability that are already linked is a
// *DuplicateRiskError (errors.Is ErrConflict); a record or engagement that
// does not exist is ErrNotFound; a bulk import's problems are a BatchError.
// Any failure writes nothing but a failure audit record.

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
)

// RiskObjects lists the object types, for the catalog test.
var RiskObjects = []string{ObjectAsset, ObjectThreat, ObjectVulnerability, ObjectControl, ObjectRisk, ObjectRiskAssessment}

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

// queryer is a *sql.DB or a *sql.Tx.
type queryer interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	QueryRowContext(context.Context, string, ...any) *sql.Row
}

// ---------------------------------------------------------------- reading

// RiskAssessment returns the assessment of an engagement: its settings
// (DefaultSettings(MethodMatrix) while none were saved), every register in the
// order the records were created, the controls' links, the conclusion, and the
// derived values as stored. ErrNotFound when the engagement does not exist.
func (s *Store) RiskAssessment(ctx context.Context, engagementID int64) (risk.Assessment, error) {
	var a risk.Assessment
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := engagementCode(ctx, tx, engagementID); err != nil {
			return err
		}
		var err error
		a, _, err = loadAssessment(ctx, tx, engagementID)
		return err
	})
	return a, classify(s.path, err)
}

func engagementCode(ctx context.Context, q queryer, id int64) (string, error) {
	var code string
	err := q.QueryRowContext(ctx, `SELECT code FROM engagements WHERE id = ?`, id).Scan(&code)
	return code, err
}

func parseSettings(js string) (risk.Settings, error) {
	var st risk.Settings
	if err := json.Unmarshal([]byte(js), &st); err != nil {
		return st, &Error{Code: CodeInternal, Err: fmt.Errorf("risk settings: %w", err)}
	}
	return st, nil
}

func settingsJSON(st risk.Settings) string {
	b, _ := json.Marshal(st) // plain numbers and strings: cannot fail
	return string(b)
}

// loadSettings is the saved settings of an engagement, or the default and
// false when there is no assessment row.
func loadSettings(ctx context.Context, q queryer, engID int64) (risk.Settings, bool, error) {
	var js string
	err := q.QueryRowContext(ctx, `SELECT settings FROM risk_assessments WHERE engagement_id = ?`, engID).Scan(&js)
	if errors.Is(err, sql.ErrNoRows) {
		return risk.DefaultSettings(risk.MethodMatrix), false, nil
	}
	if err != nil {
		return risk.Settings{}, false, err
	}
	st, err := parseSettings(js)
	return st, true, err
}

func residualJSON(sc *risk.Score) string {
	if sc == nil {
		return ""
	}
	b, _ := json.Marshal(sc)
	return string(b)
}

func parseResidual(js string) (*risk.Score, error) {
	if js == "" {
		return nil, nil
	}
	var sc risk.Score
	if err := json.Unmarshal([]byte(js), &sc); err != nil {
		return nil, &Error{Code: CodeInternal, Err: fmt.Errorf("residual score: %w", err)}
	}
	return &sc, nil
}

// loadAssessment reads the whole assessment of an engagement with the scores
// as stored; exists says whether it has an assessment row.
func loadAssessment(ctx context.Context, q queryer, engID int64) (a risk.Assessment, exists bool, err error) {
	var js, date, decision string
	err = q.QueryRowContext(ctx, `SELECT settings, acceptable_level, leader, concluded_on, decision, remarks
		FROM risk_assessments WHERE engagement_id = ?`, engID).Scan(&js, &a.Conclusion.AcceptableLevel,
		&a.Conclusion.Leader, &date, &decision, &a.Conclusion.Remarks)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		a.Settings = risk.DefaultSettings(risk.MethodMatrix)
	case err != nil:
		return a, false, err
	default:
		exists = true
		if a.Settings, err = parseSettings(js); err != nil {
			return a, true, err
		}
		a.Conclusion.Date, a.Conclusion.Decision = model.Date(date), risk.Proposal(decision)
	}

	err = eachRow(ctx, q, `SELECT id, name, type, owner, c, i, a, notes, value, level FROM assets
		WHERE engagement_id = ? ORDER BY id`, []any{engID}, func(r *sql.Rows) error {
		var x risk.Asset
		var typ string
		if err := r.Scan(&x.ID, &x.Name, &typ, &x.Owner, &x.C, &x.I, &x.A, &x.Notes, &x.Value, &x.Level); err != nil {
			return err
		}
		x.Type = risk.AssetType(typ)
		a.Assets = append(a.Assets, x)
		return nil
	})
	if err != nil {
		return a, exists, err
	}
	err = eachRow(ctx, q, `SELECT id, name, source, path, method, frequency, notes FROM threats
		WHERE engagement_id = ? ORDER BY id`, []any{engID}, func(r *sql.Rows) error {
		var x risk.Threat
		var src, path string
		if err := r.Scan(&x.ID, &x.Name, &src, &path, &x.Method, &x.Frequency, &x.Notes); err != nil {
			return err
		}
		x.Source, x.Path = risk.ThreatSource(src), risk.ThreatPath(path)
		a.Threats = append(a.Threats, x)
		return nil
	})
	if err != nil {
		return a, exists, err
	}
	err = eachRow(ctx, q, `SELECT id, asset_id, description, category, severity, identified, notes FROM vulnerabilities
		WHERE engagement_id = ? ORDER BY id`, []any{engID}, func(r *sql.Rows) error {
		var x risk.Vulnerability
		var cat, ident string
		if err := r.Scan(&x.ID, &x.AssetID, &x.Description, &cat, &x.Severity, &ident, &x.Notes); err != nil {
			return err
		}
		x.Category, x.Identified = risk.VulnCategory(cat), risk.Identification(ident)
		a.Vulns = append(a.Vulns, x)
		return nil
	})
	if err != nil {
		return a, exists, err
	}
	ctrl := map[int64]int{}
	err = eachRow(ctx, q, `SELECT id, name, description, status, effectiveness FROM controls
		WHERE engagement_id = ? ORDER BY id`, []any{engID}, func(r *sql.Rows) error {
		var x risk.Control
		var st, eff string
		if err := r.Scan(&x.ID, &x.Name, &x.Description, &st, &eff); err != nil {
			return err
		}
		x.Status, x.Effectiveness = risk.ControlStatus(st), risk.Effectiveness(eff)
		ctrl[x.ID] = len(a.Controls)
		a.Controls = append(a.Controls, x)
		return nil
	})
	if err != nil {
		return a, exists, err
	}
	if len(a.Controls) > 0 {
		err = eachRow(ctx, q, `SELECT cr.control_id, cr.risk_id FROM control_risks cr
			JOIN controls c ON c.id = cr.control_id WHERE c.engagement_id = ? ORDER BY cr.control_id, cr.risk_id`,
			[]any{engID}, func(r *sql.Rows) error {
				var cid, rid int64
				if err := r.Scan(&cid, &rid); err != nil {
					return err
				}
				if i, ok := ctrl[cid]; ok {
					a.Controls[i].RiskIDs = append(a.Controls[i].RiskIDs, rid)
				}
				return nil
			})
		if err != nil {
			return a, exists, err
		}
	}
	// Sized first: with 100,000 risks, growing the slice costs more than
	// counting them.
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM risks WHERE engagement_id = ?`, engID).Scan(&n); err != nil {
		return a, exists, err
	}
	if n > 0 {
		a.Risks = make([]risk.Risk, 0, n)
	}
	err = eachRow(ctx, q, `SELECT id, asset_id, threat_id, vuln_id, treatment, measure, owner, deadline, cost, status,
		residual_threat, residual_vuln, likelihood, likelihood_level, loss, loss_level, value, level, residual_json
		FROM risks WHERE engagement_id = ? ORDER BY id`, []any{engID}, func(r *sql.Rows) error {
		var x risk.Risk
		var opt, deadline, status, res string
		sc := &x.Inherent
		if err := r.Scan(&x.ID, &x.AssetID, &x.ThreatID, &x.VulnID, &opt, &x.Treatment.Measure, &x.Treatment.Owner,
			&deadline, &x.Treatment.Cost, &status, &x.ResidualThreat, &x.ResidualVuln, &sc.Likelihood,
			&sc.LikelihoodLevel, &sc.Loss, &sc.LossLevel, &sc.Value, &sc.Level, &res); err != nil {
			return err
		}
		x.Treatment.Option, x.Treatment.Deadline = risk.TreatmentOption(opt), model.Date(deadline)
		x.Treatment.Status = risk.TreatmentStatus(status)
		var err error
		if x.Residual, err = parseResidual(res); err != nil {
			return err
		}
		a.Risks = append(a.Risks, x)
		return nil
	})
	return a, exists, err
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

// ---------------------------------------------------------------- scores

// rescored counts the rows whose cached scores a change rewrote.
type rescored struct{ assets, risks int }

func (r rescored) String() string {
	return fmt.Sprintf("rescored assets=%d risks=%d", r.assets, r.risks)
}

// rescore recomputes with model/risk, in tx, the value of every asset of the
// engagement and the scores of its risks that match where (an SQL condition on
// risks, "" for all, "0" for none), and rewrites the rows whose cached values
// differ from the recomputed ones.
func rescore(ctx context.Context, tx *sql.Tx, engID int64, st risk.Settings, where string, args ...any) (rescored, error) {
	var n rescored
	a := risk.Assessment{Settings: st}
	var oldAssets []risk.Asset
	err := eachRow(ctx, tx, `SELECT id, c, i, a, value, level FROM assets WHERE engagement_id = ? ORDER BY id`,
		[]any{engID}, func(r *sql.Rows) error {
			var x risk.Asset
			if err := r.Scan(&x.ID, &x.C, &x.I, &x.A, &x.Value, &x.Level); err != nil {
				return err
			}
			a.Assets = append(a.Assets, x)
			return nil
		})
	if err != nil {
		return n, err
	}
	oldAssets = append(oldAssets, a.Assets...)
	if where != "0" {
		err = eachRow(ctx, tx, `SELECT id, frequency FROM threats WHERE engagement_id = ?`, []any{engID}, func(r *sql.Rows) error {
			var x risk.Threat
			if err := r.Scan(&x.ID, &x.Frequency); err != nil {
				return err
			}
			a.Threats = append(a.Threats, x)
			return nil
		})
		if err != nil {
			return n, err
		}
		err = eachRow(ctx, tx, `SELECT id, severity FROM vulnerabilities WHERE engagement_id = ?`, []any{engID}, func(r *sql.Rows) error {
			var x risk.Vulnerability
			if err := r.Scan(&x.ID, &x.Severity); err != nil {
				return err
			}
			a.Vulns = append(a.Vulns, x)
			return nil
		})
		if err != nil {
			return n, err
		}
		// Only the ratings: the cached scores are compared by the UPDATE.
		q := `SELECT id, asset_id, threat_id, vuln_id, residual_threat, residual_vuln FROM risks WHERE engagement_id = ?`
		if where != "" {
			q += " AND (" + where + ")"
		}
		err = eachRow(ctx, tx, q, append([]any{engID}, args...), func(r *sql.Rows) error {
			var x risk.Risk
			if err := r.Scan(&x.ID, &x.AssetID, &x.ThreatID, &x.VulnID, &x.ResidualThreat, &x.ResidualVuln); err != nil {
				return err
			}
			a.Risks = append(a.Risks, x)
			return nil
		})
		if err != nil {
			return n, err
		}
	}

	a.Recompute()

	var upA *sql.Stmt
	for i, x := range a.Assets {
		if x.Value == oldAssets[i].Value && x.Level == oldAssets[i].Level {
			continue
		}
		if upA == nil {
			if upA, err = tx.PrepareContext(ctx, `UPDATE assets SET value = ?, level = ? WHERE id = ?`); err != nil {
				return n, err
			}
			defer upA.Close()
		}
		if _, err := upA.ExecContext(ctx, x.Value, x.Level, x.ID); err != nil {
			return n, err
		}
		n.assets++
	}
	n.risks, err = writeScores(ctx, tx, a.Risks)
	return n, err
}

// scoreBatch is how many risks one UPDATE takes: 8 parameters each, well
// under SQLite's limit of 32766.
const scoreBatch = 500

// writeScores writes the scores of the risks into the rows whose cached
// scores differ, scoreBatch risks per statement (a statement per row costs
// much more with 100,000 risks), and returns how many rows changed.
func writeScores(ctx context.Context, tx *sql.Tx, risks []risk.Risk) (int, error) {
	var full *sql.Stmt
	changed := 0
	args := make([]any, 0, 8*scoreBatch)
	for len(risks) > 0 {
		k := min(len(risks), scoreBatch)
		args = args[:0]
		for i := range risks[:k] {
			x := &risks[i]
			sc := x.Inherent
			args = append(args, x.ID, sc.Likelihood, sc.LikelihoodLevel, sc.Loss, sc.LossLevel, sc.Value, sc.Level, residualJSON(x.Residual))
		}
		q := `UPDATE risks SET likelihood = v.column2, likelihood_level = v.column3, loss = v.column4, loss_level = v.column5,
			value = v.column6, level = v.column7, residual_json = v.column8
			FROM (VALUES ` + strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?), ", k), ", ") + `) AS v
			WHERE risks.id = v.column1 AND (risks.likelihood <> v.column2 OR risks.likelihood_level <> v.column3
				OR risks.loss <> v.column4 OR risks.loss_level <> v.column5 OR risks.value <> v.column6
				OR risks.level <> v.column7 OR risks.residual_json <> v.column8)`
		var res sql.Result
		var err error
		if k == scoreBatch {
			if full == nil {
				if full, err = tx.PrepareContext(ctx, q); err != nil {
					return changed, err
				}
				defer full.Close()
			}
			res, err = full.ExecContext(ctx, args...)
		} else {
			res, err = tx.ExecContext(ctx, q, args...)
		}
		if err != nil {
			return changed, err
		}
		m, err := res.RowsAffected()
		if err != nil {
			return changed, err
		}
		changed += int(m)
		risks = risks[k:]
	}
	return changed, nil
}

func sameScore(a, b *risk.Score) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
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

// ensureAssessment makes sure the engagement has an assessment row (with the
// default settings) and returns its settings.
func ensureAssessment(ctx context.Context, tx *sql.Tx, engID int64, now time.Time) (risk.Settings, error) {
	st, exists, err := loadSettings(ctx, tx, engID)
	if err != nil || exists {
		return st, err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO risk_assessments (engagement_id, settings, updated_at) VALUES (?, ?, ?)`,
		engID, settingsJSON(st), fmtTime(now))
	return st, err
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

// ---------------------------------------------------------------- assets

func assetLabel(a *risk.Asset) string {
	return fmt.Sprintf("name=%s; type=%s; c/i/a=%d/%d/%d", auditValue(a.Name), a.Type, a.C, a.I, a.A)
}

// SaveAsset creates (ID 0) or updates an asset of the engagement, recomputes
// its value and the scores of its risks, and sets a.Value and a.Level.
func (s *Store) SaveAsset(ctx context.Context, op Operator, engagementID int64, a *risk.Asset) error {
	event := EventRiskAssetCreate
	if a.ID != 0 {
		event = EventRiskAssetUpdate
	}
	a.Normalise()
	if verr := a.Validate(); verr != nil {
		return s.riskFailure(ctx, op, event, ObjectAsset, engagementID, a.ID, verr)
	}
	return s.riskChange(ctx, op, event, ObjectAsset, engagementID, func(rt *riskTx) (int64, string, error) {
		tx, now := rt.tx, fmtTime(rt.now)
		var detail string
		if a.ID == 0 {
			id, err := insertID(ctx, tx, `INSERT INTO assets (engagement_id, name, type, owner, c, i, a, notes,
				created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				rt.engID, a.Name, string(a.Type), a.Owner, a.C, a.I, a.A, a.Notes, now, now)
			if err != nil {
				return 0, "", err
			}
			a.ID, detail = id, assetLabel(a)
		} else {
			var old risk.Asset
			var typ string
			err := tx.QueryRowContext(ctx, `SELECT name, type, owner, c, i, a, notes FROM assets
				WHERE id = ? AND engagement_id = ?`, a.ID, rt.engID).Scan(&old.Name, &typ, &old.Owner, &old.C, &old.I, &old.A, &old.Notes)
			if err != nil {
				return a.ID, "", err
			}
			var ch changes
			ch.add("name", old.Name, a.Name)
			ch.add("type", typ, string(a.Type))
			ch.add("owner", old.Owner, a.Owner)
			ch.add("c", old.C, a.C)
			ch.add("i", old.I, a.I)
			ch.add("a", old.A, a.A)
			ch.add("notes", old.Notes, a.Notes)
			if err := exec1(ctx, tx, `UPDATE assets SET name = ?, type = ?, owner = ?, c = ?, i = ?, a = ?, notes = ?,
				updated_at = ? WHERE id = ?`, a.Name, string(a.Type), a.Owner, a.C, a.I, a.A, a.Notes, now, a.ID); err != nil {
				return a.ID, "", err
			}
			detail = "name=" + auditValue(a.Name) + "; " + ch.String()
		}
		n, err := rescore(ctx, tx, rt.engID, rt.settings, "asset_id = ?", a.ID)
		if err != nil {
			return a.ID, "", err
		}
		if err := tx.QueryRowContext(ctx, `SELECT value, level FROM assets WHERE id = ?`, a.ID).Scan(&a.Value, &a.Level); err != nil {
			return a.ID, "", err
		}
		return a.ID, fmt.Sprintf("%s; value=%g level=%d; %s", detail, a.Value, a.Level, n), nil
	})
}

// DeleteAsset removes an asset with its vulnerabilities and every risk that
// links it (and those risks' control links); the audit record names them.
func (s *Store) DeleteAsset(ctx context.Context, op Operator, id int64) error {
	return s.deleteRecord(ctx, op, EventRiskAssetDelete, ObjectAsset, "assets", id, func(rt *riskTx) (string, error) {
		var name string
		if err := rt.tx.QueryRowContext(ctx, `SELECT name FROM assets WHERE id = ?`, id).Scan(&name); err != nil {
			return "", err
		}
		vulns, err := queryIDs(ctx, rt.tx, `SELECT id FROM vulnerabilities WHERE asset_id = ? ORDER BY id`, id)
		if err != nil {
			return "", err
		}
		// A risk links its vulnerability's asset, so these are also the
		// risks of the vulnerabilities.
		cascade, err := riskCascade(ctx, rt.tx, `asset_id = ?`, id)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("name=%s; cascade: vulnerabilities=%d %s; %s", auditValue(name), len(vulns), idList(vulns), cascade), nil
	})
}

// riskCascade describes the risks matching where that a deletion removes, and
// their control links.
func riskCascade(ctx context.Context, tx *sql.Tx, where string, args ...any) (string, error) {
	risks, err := queryIDs(ctx, tx, `SELECT id FROM risks WHERE `+where+` ORDER BY id`, args...)
	if err != nil {
		return "", err
	}
	var links int
	err = tx.QueryRowContext(ctx, `SELECT count(*) FROM control_risks WHERE risk_id IN (SELECT id FROM risks WHERE `+where+`)`,
		args...).Scan(&links)
	return fmt.Sprintf("risks=%d %s; control_links=%d", len(risks), idList(risks), links), err
}

// deleteRecord removes record id of table (the foreign keys cascade to what
// depends on it), describing it and the cascade first with describe.
func (s *Store) deleteRecord(ctx context.Context, op Operator, event, objType, table string, id int64,
	describe func(rt *riskTx) (string, error)) error {
	engID, err := recordEngagement(ctx, s.db, table, id)
	if err != nil {
		err = classify(s.path, err)
		s.AuditFailure(ctx, op, event, objType, "#"+strconv.FormatInt(id, 10), err)
		return err
	}
	return s.riskChange(ctx, op, event, objType, engID, func(rt *riskTx) (int64, string, error) {
		detail, err := describe(rt)
		if err != nil {
			return id, "", err
		}
		if err := exec1(ctx, rt.tx, `DELETE FROM `+table+` WHERE id = ? AND engagement_id = ?`, id, rt.engID); err != nil {
			return id, "", err
		}
		return id, detail, nil
	})
}

// ---------------------------------------------------------------- threats

// SaveThreat creates (ID 0) or updates a threat of the engagement and
// recomputes the scores of its risks.
func (s *Store) SaveThreat(ctx context.Context, op Operator, engagementID int64, t *risk.Threat) error {
	event := EventRiskThreatCreate
	if t.ID != 0 {
		event = EventRiskThreatUpdate
	}
	t.Normalise()
	if verr := t.Validate(); verr != nil {
		return s.riskFailure(ctx, op, event, ObjectThreat, engagementID, t.ID, verr)
	}
	return s.riskChange(ctx, op, event, ObjectThreat, engagementID, func(rt *riskTx) (int64, string, error) {
		tx, now := rt.tx, fmtTime(rt.now)
		var detail string
		if t.ID == 0 {
			id, err := insertID(ctx, tx, `INSERT INTO threats (engagement_id, name, source, path, method, frequency, notes,
				created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				rt.engID, t.Name, string(t.Source), string(t.Path), t.Method, t.Frequency, t.Notes, now, now)
			if err != nil {
				return 0, "", err
			}
			t.ID = id
			detail = fmt.Sprintf("name=%s; source=%s; path=%s; frequency=%d", auditValue(t.Name), t.Source, t.Path, t.Frequency)
		} else {
			var old risk.Threat
			var src, path string
			err := tx.QueryRowContext(ctx, `SELECT name, source, path, method, frequency, notes FROM threats
				WHERE id = ? AND engagement_id = ?`, t.ID, rt.engID).Scan(&old.Name, &src, &path, &old.Method, &old.Frequency, &old.Notes)
			if err != nil {
				return t.ID, "", err
			}
			var ch changes
			ch.add("name", old.Name, t.Name)
			ch.add("source", src, string(t.Source))
			ch.add("path", path, string(t.Path))
			ch.add("method", old.Method, t.Method)
			ch.add("frequency", old.Frequency, t.Frequency)
			ch.add("notes", old.Notes, t.Notes)
			if err := exec1(ctx, tx, `UPDATE threats SET name = ?, source = ?, path = ?, method = ?, frequency = ?, notes = ?,
				updated_at = ? WHERE id = ?`, t.Name, string(t.Source), string(t.Path), t.Method, t.Frequency, t.Notes, now, t.ID); err != nil {
				return t.ID, "", err
			}
			detail = "name=" + auditValue(t.Name) + "; " + ch.String()
		}
		n, err := rescore(ctx, tx, rt.engID, rt.settings, "threat_id = ?", t.ID)
		if err != nil {
			return t.ID, "", err
		}
		return t.ID, detail + "; " + n.String(), nil
	})
}

// DeleteThreat removes a threat and every risk that links it.
func (s *Store) DeleteThreat(ctx context.Context, op Operator, id int64) error {
	return s.deleteRecord(ctx, op, EventRiskThreatDelete, ObjectThreat, "threats", id, func(rt *riskTx) (string, error) {
		var name string
		if err := rt.tx.QueryRowContext(ctx, `SELECT name FROM threats WHERE id = ?`, id).Scan(&name); err != nil {
			return "", err
		}
		cascade, err := riskCascade(ctx, rt.tx, `threat_id = ?`, id)
		return fmt.Sprintf("name=%s; cascade: %s", auditValue(name), cascade), err
	})
}

// ---------------------------------------------------------------- vulnerabilities

// SaveVulnerability creates (ID 0) or updates a vulnerability of an asset of
// the engagement and recomputes the scores of its risks. A vulnerability that
// risks link cannot be moved to another asset (the risks link its asset).
func (s *Store) SaveVulnerability(ctx context.Context, op Operator, engagementID int64, v *risk.Vulnerability) error {
	event := EventRiskVulnCreate
	if v.ID != 0 {
		event = EventRiskVulnUpdate
	}
	v.Normalise()
	if verr := v.Validate(); verr != nil {
		return s.riskFailure(ctx, op, event, ObjectVulnerability, engagementID, v.ID, verr)
	}
	return s.riskChange(ctx, op, event, ObjectVulnerability, engagementID, func(rt *riskTx) (int64, string, error) {
		tx, now := rt.tx, fmtTime(rt.now)
		ok, err := rt.belongs(ctx, "assets", v.AssetID)
		if err != nil {
			return v.ID, "", err
		}
		if !ok {
			return v.ID, "", refError(risk.FieldVulnerability+"asset_id", v.AssetID, risk.ClauseVulnerability)
		}
		var detail string
		if v.ID == 0 {
			id, err := insertID(ctx, tx, `INSERT INTO vulnerabilities (engagement_id, asset_id, description, category,
				severity, identified, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				rt.engID, v.AssetID, v.Description, string(v.Category), v.Severity, string(v.Identified), v.Notes, now, now)
			if err != nil {
				return 0, "", err
			}
			v.ID = id
			detail = fmt.Sprintf("asset=%d; description=%s; category=%s; severity=%d; identified=%s",
				v.AssetID, auditValue(v.Description), v.Category, v.Severity, v.Identified)
		} else {
			var old risk.Vulnerability
			var cat, ident string
			err := tx.QueryRowContext(ctx, `SELECT asset_id, description, category, severity, identified, notes
				FROM vulnerabilities WHERE id = ? AND engagement_id = ?`, v.ID, rt.engID).Scan(&old.AssetID,
				&old.Description, &cat, &old.Severity, &ident, &old.Notes)
			if err != nil {
				return v.ID, "", err
			}
			if old.AssetID != v.AssetID {
				var n int
				if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM risks WHERE vuln_id = ?`, v.ID).Scan(&n); err != nil {
					return v.ID, "", err
				}
				if n > 0 {
					return v.ID, "", model.ValidationError{{Field: risk.FieldVulnerability + "asset_id", Key: risk.KeyVulnHasRisks,
						Args: []any{n}, Clause: risk.ClauseRisk}}
				}
			}
			var ch changes
			ch.add("asset", old.AssetID, v.AssetID)
			ch.add("description", old.Description, v.Description)
			ch.add("category", cat, string(v.Category))
			ch.add("severity", old.Severity, v.Severity)
			ch.add("identified", ident, string(v.Identified))
			ch.add("notes", old.Notes, v.Notes)
			if err := exec1(ctx, tx, `UPDATE vulnerabilities SET asset_id = ?, description = ?, category = ?, severity = ?,
				identified = ?, notes = ?, updated_at = ? WHERE id = ?`, v.AssetID, v.Description, string(v.Category),
				v.Severity, string(v.Identified), v.Notes, now, v.ID); err != nil {
				return v.ID, "", err
			}
			detail = ch.String()
		}
		n, err := rescore(ctx, tx, rt.engID, rt.settings, "vuln_id = ?", v.ID)
		if err != nil {
			return v.ID, "", err
		}
		return v.ID, detail + "; " + n.String(), nil
	})
}

// DeleteVulnerability removes a vulnerability and every risk that links it.
func (s *Store) DeleteVulnerability(ctx context.Context, op Operator, id int64) error {
	return s.deleteRecord(ctx, op, EventRiskVulnDelete, ObjectVulnerability, "vulnerabilities", id, func(rt *riskTx) (string, error) {
		var desc string
		var asset int64
		if err := rt.tx.QueryRowContext(ctx, `SELECT asset_id, description FROM vulnerabilities WHERE id = ?`, id).Scan(&asset, &desc); err != nil {
			return "", err
		}
		cascade, err := riskCascade(ctx, rt.tx, `vuln_id = ?`, id)
		return fmt.Sprintf("asset=%d; description=%s; cascade: %s", asset, auditValue(desc), cascade), err
	})
}

// ---------------------------------------------------------------- controls

// SaveControl creates (ID 0) or updates a control of the engagement with the
// risks it treats (c.RiskIDs, each a risk of the engagement; the links are
// replaced). Controls do not enter the scores.
func (s *Store) SaveControl(ctx context.Context, op Operator, engagementID int64, c *risk.Control) error {
	event := EventRiskControlCreate
	if c.ID != 0 {
		event = EventRiskControlUpdate
	}
	c.Normalise()
	if verr := c.Validate(); verr != nil {
		return s.riskFailure(ctx, op, event, ObjectControl, engagementID, c.ID, verr)
	}
	return s.riskChange(ctx, op, event, ObjectControl, engagementID, func(rt *riskTx) (int64, string, error) {
		tx, now := rt.tx, fmtTime(rt.now)
		var verr model.ValidationError
		for i, rid := range c.RiskIDs {
			ok, err := rt.belongs(ctx, "risks", rid)
			if err != nil {
				return c.ID, "", err
			}
			if !ok {
				verr = append(verr, refError(fmt.Sprintf("%srisk_ids[%d]", risk.FieldControl, i), rid, risk.ClauseControl)...)
			}
		}
		if verr != nil {
			return c.ID, "", verr
		}
		var detail string
		if c.ID == 0 {
			id, err := insertID(ctx, tx, `INSERT INTO controls (engagement_id, name, description, status, effectiveness,
				created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				rt.engID, c.Name, c.Description, string(c.Status), string(c.Effectiveness), now, now)
			if err != nil {
				return 0, "", err
			}
			c.ID = id
			detail = fmt.Sprintf("name=%s; status=%s; effectiveness=%s; risks=%s", auditValue(c.Name), c.Status,
				c.Effectiveness, idList(c.RiskIDs))
		} else {
			var old risk.Control
			var st, eff string
			err := tx.QueryRowContext(ctx, `SELECT name, description, status, effectiveness FROM controls
				WHERE id = ? AND engagement_id = ?`, c.ID, rt.engID).Scan(&old.Name, &old.Description, &st, &eff)
			if err != nil {
				return c.ID, "", err
			}
			oldLinks, err := queryIDs(ctx, tx, `SELECT risk_id FROM control_risks WHERE control_id = ? ORDER BY risk_id`, c.ID)
			if err != nil {
				return c.ID, "", err
			}
			var ch changes
			ch.add("name", old.Name, c.Name)
			ch.add("description", old.Description, c.Description)
			ch.add("status", st, string(c.Status))
			ch.add("effectiveness", eff, string(c.Effectiveness))
			ch.add("risks", plain(idList(oldLinks)), plain(idList(sortedIDs(c.RiskIDs))))
			if err := exec1(ctx, tx, `UPDATE controls SET name = ?, description = ?, status = ?, effectiveness = ?,
				updated_at = ? WHERE id = ?`, c.Name, c.Description, string(c.Status), string(c.Effectiveness), now, c.ID); err != nil {
				return c.ID, "", err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM control_risks WHERE control_id = ?`, c.ID); err != nil {
				return c.ID, "", err
			}
			detail = "name=" + auditValue(c.Name) + "; " + ch.String()
		}
		for _, rid := range c.RiskIDs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO control_risks (control_id, risk_id) VALUES (?, ?)`, c.ID, rid); err != nil {
				return c.ID, "", err
			}
		}
		return c.ID, detail, nil
	})
}

func sortedIDs(ids []int64) []int64 {
	out := append([]int64(nil), ids...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// DeleteControl removes a control and its links to risks.
func (s *Store) DeleteControl(ctx context.Context, op Operator, id int64) error {
	return s.deleteRecord(ctx, op, EventRiskControlDelete, ObjectControl, "controls", id, func(rt *riskTx) (string, error) {
		var name string
		if err := rt.tx.QueryRowContext(ctx, `SELECT name FROM controls WHERE id = ?`, id).Scan(&name); err != nil {
			return "", err
		}
		links, err := queryIDs(ctx, rt.tx, `SELECT risk_id FROM control_risks WHERE control_id = ? ORDER BY risk_id`, id)
		return fmt.Sprintf("name=%s; cascade: control_links=%d %s", auditValue(name), len(links), idList(links)), err
	})
}

// ---------------------------------------------------------------- risks

func scoreText(sc risk.Score) string {
	return fmt.Sprintf("likelihood=%g(%d) loss=%g(%d) risk=%g level=%d", sc.Likelihood, sc.LikelihoodLevel,
		sc.Loss, sc.LossLevel, sc.Value, sc.Level)
}

// checkTriple checks that the asset, threat and vulnerability of r are records
// of the engagement, that the vulnerability is the asset's (seed 002 §7.7), and
// that no other risk links the same three.
func (rt *riskTx) checkTriple(ctx context.Context, r *risk.Risk) error {
	var verr model.ValidationError
	for _, ref := range []struct {
		table, field string
		id           int64
	}{{"assets", "asset_id", r.AssetID}, {"threats", "threat_id", r.ThreatID}, {"vulnerabilities", "vulnerability_id", r.VulnID}} {
		ok, err := rt.belongs(ctx, ref.table, ref.id)
		if err != nil {
			return err
		}
		if !ok {
			verr = append(verr, refError(risk.FieldRisk+ref.field, ref.id, risk.ClauseRisk)...)
		}
	}
	if verr != nil {
		return verr
	}
	var owner int64
	if err := rt.tx.QueryRowContext(ctx, `SELECT asset_id FROM vulnerabilities WHERE id = ?`, r.VulnID).Scan(&owner); err != nil {
		return err
	}
	if owner != r.AssetID {
		return model.ValidationError{{Field: risk.FieldRisk + "vulnerability_id", Key: risk.KeyVulnOtherAsset,
			Args: []any{r.VulnID, owner, r.AssetID}, Clause: risk.ClauseVulnerability}}
	}
	var other int64
	err := rt.tx.QueryRowContext(ctx, `SELECT id FROM risks WHERE asset_id = ? AND threat_id = ? AND vuln_id = ? AND id != ?`,
		r.AssetID, r.ThreatID, r.VulnID, r.ID).Scan(&other)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return err
	}
	return &DuplicateRiskError{ExistingID: other}
}

// SaveRisk creates (ID 0) or updates a risk of the engagement: the asset,
// threat and vulnerability it links, its treatment and residual ratings. It
// recomputes its scores and sets r.Inherent and r.Residual.
func (s *Store) SaveRisk(ctx context.Context, op Operator, engagementID int64, r *risk.Risk) error {
	event := EventRiskRiskCreate
	if r.ID != 0 {
		event = EventRiskRiskUpdate
	}
	r.Treatment.Normalise()
	if verr := r.Validate(); verr != nil {
		return s.riskFailure(ctx, op, event, ObjectRisk, engagementID, r.ID, verr)
	}
	return s.riskChange(ctx, op, event, ObjectRisk, engagementID, func(rt *riskTx) (int64, string, error) {
		tx, now := rt.tx, fmtTime(rt.now)
		if err := rt.checkTriple(ctx, r); err != nil {
			return r.ID, "", err
		}
		t := r.Treatment
		var detail string
		if r.ID == 0 {
			id, err := insertID(ctx, tx, `INSERT INTO risks (engagement_id, asset_id, threat_id, vuln_id, treatment, measure,
				owner, deadline, cost, status, residual_threat, residual_vuln, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				rt.engID, r.AssetID, r.ThreatID, r.VulnID, string(t.Option), t.Measure, t.Owner, string(t.Deadline), t.Cost,
				string(t.Status), r.ResidualThreat, r.ResidualVuln, now, now)
			if err != nil {
				return 0, "", err
			}
			r.ID = id
			detail = fmt.Sprintf("asset=%d threat=%d vulnerability=%d; treatment=%s; residual=%d/%d",
				r.AssetID, r.ThreatID, r.VulnID, t.Option, r.ResidualThreat, r.ResidualVuln)
		} else {
			old, err := loadRiskInputs(ctx, tx, r.ID, rt.engID)
			if err != nil {
				return r.ID, "", err
			}
			var ch changes
			ch.add("asset", old.AssetID, r.AssetID)
			ch.add("threat", old.ThreatID, r.ThreatID)
			ch.add("vulnerability", old.VulnID, r.VulnID)
			ch = append(ch, treatmentChanges(old, t, r.ResidualThreat, r.ResidualVuln)...)
			if err := exec1(ctx, tx, `UPDATE risks SET asset_id = ?, threat_id = ?, vuln_id = ?, treatment = ?, measure = ?,
				owner = ?, deadline = ?, cost = ?, status = ?, residual_threat = ?, residual_vuln = ?, updated_at = ?
				WHERE id = ?`, r.AssetID, r.ThreatID, r.VulnID, string(t.Option), t.Measure, t.Owner, string(t.Deadline),
				t.Cost, string(t.Status), r.ResidualThreat, r.ResidualVuln, now, r.ID); err != nil {
				return r.ID, "", err
			}
			detail = ch.String()
		}
		if err := rt.rescoreRisk(ctx, r); err != nil {
			return r.ID, "", err
		}
		return r.ID, detail + "; " + scoreText(r.Inherent), nil
	})
}

// rescoreRisk recomputes one risk and reads back its scores into r.
func (rt *riskTx) rescoreRisk(ctx context.Context, r *risk.Risk) error {
	if _, err := rescore(ctx, rt.tx, rt.engID, rt.settings, "id = ?", r.ID); err != nil {
		return err
	}
	sc := &r.Inherent
	var res string
	err := rt.tx.QueryRowContext(ctx, `SELECT likelihood, likelihood_level, loss, loss_level, value, level, residual_json
		FROM risks WHERE id = ?`, r.ID).Scan(&sc.Likelihood, &sc.LikelihoodLevel, &sc.Loss, &sc.LossLevel, &sc.Value, &sc.Level, &res)
	if err != nil {
		return err
	}
	r.Residual, err = parseResidual(res)
	return err
}

func loadRiskInputs(ctx context.Context, tx *sql.Tx, id, engID int64) (risk.Risk, error) {
	var r risk.Risk
	var opt, deadline, status string
	err := tx.QueryRowContext(ctx, `SELECT asset_id, threat_id, vuln_id, treatment, measure, owner, deadline, cost, status,
		residual_threat, residual_vuln FROM risks WHERE id = ? AND engagement_id = ?`, id, engID).Scan(&r.AssetID, &r.ThreatID,
		&r.VulnID, &opt, &r.Treatment.Measure, &r.Treatment.Owner, &deadline, &r.Treatment.Cost, &status, &r.ResidualThreat, &r.ResidualVuln)
	r.ID = id
	r.Treatment.Option, r.Treatment.Deadline, r.Treatment.Status = risk.TreatmentOption(opt), model.Date(deadline), risk.TreatmentStatus(status)
	return r, err
}

func treatmentChanges(old risk.Risk, t risk.Treatment, rt, rv int) changes {
	var ch changes
	o := old.Treatment
	ch.add("treatment", string(o.Option), string(t.Option))
	ch.add("measure", o.Measure, t.Measure)
	ch.add("owner", o.Owner, t.Owner)
	ch.add("deadline", string(o.Deadline), string(t.Deadline))
	ch.add("cost", o.Cost, t.Cost)
	ch.add("status", string(o.Status), string(t.Status))
	ch.add("residual", plain(fmt.Sprintf("%d/%d", old.ResidualThreat, old.ResidualVuln)), plain(fmt.Sprintf("%d/%d", rt, rv)))
	return ch
}

// DeleteRisk removes a risk and its control links.
func (s *Store) DeleteRisk(ctx context.Context, op Operator, id int64) error {
	return s.deleteRecord(ctx, op, EventRiskRiskDelete, ObjectRisk, "risks", id, func(rt *riskTx) (string, error) {
		var a, t, v int64
		var level int
		if err := rt.tx.QueryRowContext(ctx, `SELECT asset_id, threat_id, vuln_id, level FROM risks WHERE id = ?`, id).Scan(&a, &t, &v, &level); err != nil {
			return "", err
		}
		links, err := queryIDs(ctx, rt.tx, `SELECT control_id FROM control_risks WHERE risk_id = ? ORDER BY control_id`, id)
		return fmt.Sprintf("asset=%d threat=%d vulnerability=%d level=%d; cascade: control_links=%d %s", a, t, v, level,
			len(links), idList(links)), err
	})
}

// SaveTreatment records the treatment of a risk (seed 002 §7.13) and its
// residual ratings: the threat frequency and vulnerability severity expected
// with the treatment in place, both 1–5, or both 0 while not assessed
// (§7.14). The residual risk is recomputed.
func (s *Store) SaveTreatment(ctx context.Context, op Operator, riskID int64, t risk.Treatment, residualThreat, residualVuln int) error {
	t.Normalise()
	engID, err := recordEngagement(ctx, s.db, "risks", riskID)
	if err != nil {
		err = classify(s.path, err)
		s.AuditFailure(ctx, op, EventRiskTreatment, ObjectRisk, "#"+strconv.FormatInt(riskID, 10), err)
		return err
	}
	if verr := risk.ValidateTreatment(t, residualThreat, residualVuln); verr != nil {
		return s.riskFailure(ctx, op, EventRiskTreatment, ObjectRisk, engID, riskID, verr)
	}
	return s.riskChange(ctx, op, EventRiskTreatment, ObjectRisk, engID, func(rt *riskTx) (int64, string, error) {
		old, err := loadRiskInputs(ctx, rt.tx, riskID, rt.engID)
		if err != nil {
			return riskID, "", err
		}
		ch := treatmentChanges(old, t, residualThreat, residualVuln)
		if err := exec1(ctx, rt.tx, `UPDATE risks SET treatment = ?, measure = ?, owner = ?, deadline = ?, cost = ?, status = ?,
			residual_threat = ?, residual_vuln = ?, updated_at = ? WHERE id = ?`, string(t.Option), t.Measure, t.Owner,
			string(t.Deadline), t.Cost, string(t.Status), residualThreat, residualVuln, fmtTime(rt.now), riskID); err != nil {
			return riskID, "", err
		}
		r := risk.Risk{ID: riskID}
		if err := rt.rescoreRisk(ctx, &r); err != nil {
			return riskID, "", err
		}
		res := "residual not assessed"
		if r.Residual != nil {
			res = "residual " + scoreText(*r.Residual)
		}
		return riskID, fmt.Sprintf("%s; inherent level=%d; %s", ch, r.Inherent.Level, res), nil
	})
}

// ---------------------------------------------------------------- settings

// SaveSettings replaces the assessment's settings (method, asset rule,
// weights, rounding, matrices, level ranges; Settings.Validate), recomputes
// every asset value and every risk, and writes one audit record naming each
// change, old → new.
func (s *Store) SaveSettings(ctx context.Context, op Operator, engagementID int64, st risk.Settings) error {
	if verr := risk.ValidateSettings(st); verr != nil {
		return s.riskFailure(ctx, op, EventRiskSettings, ObjectRiskAssessment, engagementID, 0, verr)
	}
	return s.riskChange(ctx, op, EventRiskSettings, ObjectRiskAssessment, engagementID, func(rt *riskTx) (int64, string, error) {
		ch := settingsChanges(rt.settings, st)
		if _, err := rt.tx.ExecContext(ctx, `UPDATE risk_assessments SET settings = ? WHERE engagement_id = ?`,
			settingsJSON(st), rt.engID); err != nil {
			return 0, "", err
		}
		n, err := rescore(ctx, rt.tx, rt.engID, st, "")
		if err != nil {
			return 0, "", err
		}
		return 0, ch.String() + "; " + n.String(), nil
	})
}

// settingsChanges names every setting that differs: the method and rule,
// each weight, each matrix cell (row and column from 1, as on screen) and
// each level bound (level from 1).
func settingsChanges(old, new risk.Settings) changes {
	var ch changes
	ch.add("method", string(old.Method), string(new.Method))
	ch.add("asset_rule", string(old.AssetRule), string(new.AssetRule))
	for i, name := range []string{"c", "i", "a"} {
		ch.add("weights."+name, old.Weights[i], new.Weights[i])
	}
	ch.add("rounding", string(old.Rounding), string(new.Rounding))
	for _, m := range []struct {
		name     string
		old, new risk.Matrix
	}{
		{"likelihood_matrix", old.LikelihoodMatrix, new.LikelihoodMatrix},
		{"loss_matrix", old.LossMatrix, new.LossMatrix},
		{"risk_matrix", old.RiskMatrix, new.RiskMatrix},
	} {
		for r := range m.old {
			for c := range m.old[r] {
				ch.add(fmt.Sprintf("%s[%d][%d]", m.name, r+1, c+1), m.old[r][c], m.new[r][c])
			}
		}
	}
	for _, rg := range []struct {
		name     string
		old, new risk.Ranges
	}{
		{"likelihood_levels", old.LikelihoodLevels, new.LikelihoodLevels},
		{"loss_levels", old.LossLevels, new.LossLevels},
		{"risk_levels", old.RiskLevels, new.RiskLevels},
	} {
		for i := range rg.old.Upper {
			ch.add(fmt.Sprintf("%s.level%d.upper", rg.name, i+1), rg.old.Upper[i], rg.new.Upper[i])
		}
	}
	return ch
}

// ---------------------------------------------------------------- conclusion

// decisionRank orders the decisions from the most to the least permissive.
func decisionRank(p risk.Proposal) int {
	switch p {
	case risk.ProposeProceed:
		return 0
	case risk.ProposeReconsider:
		return 1
	}
	return 2
}

// SaveConclusion records the leader's acceptable risk level, name, date and
// decision (GB/T 32926—2016 5.1.2). A decision more permissive than what the
// assessment as it stands supports is refused: "proceed" or "reconsider"
// while the proposal is "must not proceed" (5.1.2 b) 3)), "proceed" while it
// is "reconsider" (b) 2)). A more cautious decision is the leader's to take.
// The proposal is computed with the new acceptable level.
func (s *Store) SaveConclusion(ctx context.Context, op Operator, engagementID int64, c risk.Conclusion) error {
	c.Normalise()
	if verr := c.Validate(); verr != nil {
		return s.riskFailure(ctx, op, EventRiskConclusion, ObjectRiskAssessment, engagementID, 0, verr)
	}
	return s.riskChange(ctx, op, EventRiskConclusion, ObjectRiskAssessment, engagementID, func(rt *riskTx) (int64, string, error) {
		a, _, err := loadAssessment(ctx, rt.tx, rt.engID)
		if err != nil {
			return 0, "", err
		}
		old := a.Conclusion
		a.Conclusion = c
		p, _ := a.Propose()
		if c.Decision != "" && decisionRank(c.Decision) < decisionRank(p) {
			key, clause := risk.KeyDecisionOverStop, risk.ClauseStop
			if p == risk.ProposeReconsider {
				key, clause = risk.KeyDecisionOverReconsider, risk.ClauseReconsider
			}
			return 0, "", model.ValidationError{{Field: risk.FieldConclusion + "decision", Key: key, Clause: clause}}
		}
		var ch changes
		ch.add("acceptable_level", old.AcceptableLevel, c.AcceptableLevel)
		ch.add("leader", old.Leader, c.Leader)
		ch.add("date", string(old.Date), string(c.Date))
		ch.add("decision", string(old.Decision), string(c.Decision))
		ch.add("remarks", old.Remarks, c.Remarks)
		if _, err := rt.tx.ExecContext(ctx, `UPDATE risk_assessments SET acceptable_level = ?, leader = ?, concluded_on = ?,
			decision = ?, remarks = ? WHERE engagement_id = ?`, c.AcceptableLevel, c.Leader, string(c.Date),
			string(c.Decision), c.Remarks, rt.engID); err != nil {
			return 0, "", err
		}
		return 0, fmt.Sprintf("%s; proposal=%s", ch, p), nil
	})
}

// ---------------------------------------------------------------- bulk import

// ImportRegisters adds assets, threats and vulnerabilities to the engagement's
// assessment in one transaction with one audit record (a CSV or XLSX import),
// or, when any record is invalid, adds nothing and returns a BatchError
// naming each record by its index.
//
// The assets' IDs are references within the batch: 0, or a negative temporary
// id unique in the batch. A vulnerability's AssetID is either the temporary id
// of an asset of the batch or the id of an asset already in the engagement.
// On success every record's ID (and each vulnerability's AssetID) is the
// database id, and each asset has its Value and Level.
func (s *Store) ImportRegisters(ctx context.Context, op Operator, engagementID int64,
	assets []risk.Asset, threats []risk.Threat, vulns []risk.Vulnerability) error {
	var berr BatchError
	temp := map[int64]int{}
	for i := range assets {
		a := &assets[i]
		a.Normalise()
		verr := a.Validate()
		if a.ID > 0 {
			verr = append(verr, model.FieldError{Field: risk.FieldAsset + "id", Key: risk.KeyReference, Args: []any{a.ID}})
		} else if a.ID < 0 {
			if _, dup := temp[a.ID]; dup {
				verr = append(verr, model.FieldError{Field: risk.FieldAsset + "id", Key: risk.KeyReference, Args: []any{a.ID}})
			}
			temp[a.ID] = i
		}
		if verr != nil {
			berr = append(berr, RecordError{Register: "assets", Index: i, Errs: verr})
		}
	}
	for i := range threats {
		t := &threats[i]
		t.Normalise()
		if verr := t.Validate(); verr != nil {
			berr = append(berr, RecordError{Register: "threats", Index: i, Errs: verr})
		}
	}
	for i := range vulns {
		v := &vulns[i]
		v.Normalise()
		check := *v
		var verr model.ValidationError
		if v.AssetID < 0 {
			if _, ok := temp[v.AssetID]; !ok {
				verr = refError(risk.FieldVulnerability+"asset_id", v.AssetID, risk.ClauseVulnerability)
			}
			check.AssetID = 1 // an asset of the batch: resolved on insert
		}
		verr = append(verr, check.Validate()...)
		if verr != nil {
			berr = append(berr, RecordError{Register: "vulnerabilities", Index: i, Errs: verr})
		}
	}
	if berr != nil {
		return s.riskFailure(ctx, op, EventRiskImport, ObjectRiskAssessment, engagementID, 0, berr)
	}
	return s.riskChange(ctx, op, EventRiskImport, ObjectRiskAssessment, engagementID, func(rt *riskTx) (int64, string, error) {
		tx, now := rt.tx, fmtTime(rt.now)
		// Existing assets referred to must be the engagement's.
		for i := range vulns {
			if id := vulns[i].AssetID; id > 0 {
				ok, err := rt.belongs(ctx, "assets", id)
				if err != nil {
					return 0, "", err
				}
				if !ok {
					berr = append(berr, RecordError{Register: "vulnerabilities", Index: i,
						Errs: refError(risk.FieldVulnerability+"asset_id", id, risk.ClauseVulnerability)})
				}
			}
		}
		if berr != nil {
			return 0, "", berr
		}
		insA, err := tx.PrepareContext(ctx, `INSERT INTO assets (engagement_id, name, type, owner, c, i, a, notes,
			created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return 0, "", err
		}
		defer insA.Close()
		ids := map[int64]int64{}
		for i := range assets {
			a := &assets[i]
			res, err := insA.ExecContext(ctx, rt.engID, a.Name, string(a.Type), a.Owner, a.C, a.I, a.A, a.Notes, now, now)
			if err != nil {
				return 0, "", err
			}
			id, err := res.LastInsertId()
			if err != nil {
				return 0, "", err
			}
			if a.ID < 0 {
				ids[a.ID] = id
			}
			a.ID = id
		}
		insT, err := tx.PrepareContext(ctx, `INSERT INTO threats (engagement_id, name, source, path, method, frequency, notes,
			created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return 0, "", err
		}
		defer insT.Close()
		for i := range threats {
			t := &threats[i]
			res, err := insT.ExecContext(ctx, rt.engID, t.Name, string(t.Source), string(t.Path), t.Method, t.Frequency, t.Notes, now, now)
			if err != nil {
				return 0, "", err
			}
			if t.ID, err = res.LastInsertId(); err != nil {
				return 0, "", err
			}
		}
		insV, err := tx.PrepareContext(ctx, `INSERT INTO vulnerabilities (engagement_id, asset_id, description, category,
			severity, identified, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return 0, "", err
		}
		defer insV.Close()
		for i := range vulns {
			v := &vulns[i]
			if v.AssetID < 0 {
				v.AssetID = ids[v.AssetID]
			}
			res, err := insV.ExecContext(ctx, rt.engID, v.AssetID, v.Description, string(v.Category), v.Severity,
				string(v.Identified), v.Notes, now, now)
			if err != nil {
				return 0, "", err
			}
			if v.ID, err = res.LastInsertId(); err != nil {
				return 0, "", err
			}
		}
		// New records have no risks yet: only the new assets' values change.
		n, err := rescore(ctx, tx, rt.engID, rt.settings, "0")
		if err != nil {
			return 0, "", err
		}
		for i := range assets {
			a := &assets[i]
			a.Value, a.Level, _ = rt.settings.AssetValue(a.C, a.I, a.A) // as rescore wrote them
		}
		return 0, fmt.Sprintf("assets=%d threats=%d vulnerabilities=%d; %s", len(assets), len(threats), len(vulns), n), nil
	})
}

// ---------------------------------------------------------------- case files

// exportRisk is the risk assessment section of an engagement's case file, with
// file-local ids; nil when the engagement has no assessment.
func exportRisk(ctx context.Context, tx *sql.Tx, engID int64) (*risk.Assessment, error) {
	a, exists, err := loadAssessment(ctx, tx, engID)
	if err != nil || (!exists && a.Empty()) {
		return nil, err
	}
	local := casefile.LocalIDs(a)
	return &local, nil
}

// importRisk writes the risk assessment section of a case file, already
// checked by casefile.Decode (every record, every reference, every stored
// score against the file's settings), for engagement engID, giving the
// records ids of this database. replace first removes the assessment the
// engagement has (a file without the section then leaves none: "no
// records"). It returns the part of the import's audit detail that concerns
// the assessment.
func importRisk(ctx context.Context, tx *sql.Tx, engID int64, a *risk.Assessment, replace bool, now time.Time) (string, error) {
	var detail string
	if replace {
		var n [5]int
		for i, t := range []string{"assets", "threats", "vulnerabilities", "controls", "risks"} {
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM `+t+` WHERE engagement_id = ?`, engID).Scan(&n[i]); err != nil {
				return "", err
			}
		}
		if n != [5]int{} {
			detail = fmt.Sprintf("; risk_assessment replaced: assets=%d threats=%d vulnerabilities=%d controls=%d risks=%d",
				n[0], n[1], n[2], n[3], n[4])
		}
		// Controls and assets first: vulnerabilities, risks and links follow
		// by their foreign keys.
		for _, t := range []string{"controls", "assets", "threats", "risk_assessments"} {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+t+` WHERE engagement_id = ?`, engID); err != nil {
				return "", err
			}
		}
	}
	if a == nil {
		return detail, nil
	}
	x := *a
	x.Normalise()
	ts := fmtTime(now)
	c := x.Conclusion
	if _, err := tx.ExecContext(ctx, `INSERT INTO risk_assessments (engagement_id, settings, acceptable_level, leader,
		concluded_on, decision, remarks, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, engID, settingsJSON(x.Settings),
		c.AcceptableLevel, c.Leader, string(c.Date), string(c.Decision), c.Remarks, ts); err != nil {
		return "", err
	}
	prep := func(q string) (*sql.Stmt, error) { return tx.PrepareContext(ctx, q) }
	insA, err := prep(`INSERT INTO assets (engagement_id, name, type, owner, c, i, a, notes, value, level, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return "", err
	}
	defer insA.Close()
	assets := make(map[int64]int64, len(x.Assets))
	for _, r := range x.Assets {
		res, err := insA.ExecContext(ctx, engID, r.Name, string(r.Type), r.Owner, r.C, r.I, r.A, r.Notes, r.Value, r.Level, ts, ts)
		if err != nil {
			return "", err
		}
		if assets[r.ID], err = res.LastInsertId(); err != nil {
			return "", err
		}
	}
	insT, err := prep(`INSERT INTO threats (engagement_id, name, source, path, method, frequency, notes, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return "", err
	}
	defer insT.Close()
	threats := make(map[int64]int64, len(x.Threats))
	for _, r := range x.Threats {
		res, err := insT.ExecContext(ctx, engID, r.Name, string(r.Source), string(r.Path), r.Method, r.Frequency, r.Notes, ts, ts)
		if err != nil {
			return "", err
		}
		if threats[r.ID], err = res.LastInsertId(); err != nil {
			return "", err
		}
	}
	insV, err := prep(`INSERT INTO vulnerabilities (engagement_id, asset_id, description, category, severity, identified, notes,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return "", err
	}
	defer insV.Close()
	vulns := make(map[int64]int64, len(x.Vulns))
	for _, r := range x.Vulns {
		res, err := insV.ExecContext(ctx, engID, assets[r.AssetID], r.Description, string(r.Category), r.Severity,
			string(r.Identified), r.Notes, ts, ts)
		if err != nil {
			return "", err
		}
		if vulns[r.ID], err = res.LastInsertId(); err != nil {
			return "", err
		}
	}
	insR, err := prep(`INSERT INTO risks (engagement_id, asset_id, threat_id, vuln_id, treatment, measure, owner, deadline, cost,
		status, residual_threat, residual_vuln, likelihood, likelihood_level, loss, loss_level, value, level, residual_json,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return "", err
	}
	defer insR.Close()
	risks := make(map[int64]int64, len(x.Risks))
	for _, r := range x.Risks {
		t, sc := r.Treatment, r.Inherent
		res, err := insR.ExecContext(ctx, engID, assets[r.AssetID], threats[r.ThreatID], vulns[r.VulnID], string(t.Option),
			t.Measure, t.Owner, string(t.Deadline), t.Cost, string(t.Status), r.ResidualThreat, r.ResidualVuln,
			sc.Likelihood, sc.LikelihoodLevel, sc.Loss, sc.LossLevel, sc.Value, sc.Level, residualJSON(r.Residual), ts, ts)
		if err != nil {
			return "", err
		}
		if risks[r.ID], err = res.LastInsertId(); err != nil {
			return "", err
		}
	}
	insC, err := prep(`INSERT INTO controls (engagement_id, name, description, status, effectiveness, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return "", err
	}
	defer insC.Close()
	links := 0
	for _, r := range x.Controls {
		res, err := insC.ExecContext(ctx, engID, r.Name, r.Description, string(r.Status), string(r.Effectiveness), ts, ts)
		if err != nil {
			return "", err
		}
		cid, err := res.LastInsertId()
		if err != nil {
			return "", err
		}
		for _, rid := range r.RiskIDs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO control_risks (control_id, risk_id) VALUES (?, ?)`, cid, risks[rid]); err != nil {
				return "", err
			}
			links++
		}
	}
	// The file's scores agree with its settings (casefile.Decode checked
	// them, within a rounding tolerance of the last digits); the cache holds
	// exactly what model/risk computes.
	if _, err := rescore(ctx, tx, engID, x.Settings, ""); err != nil {
		return "", err
	}
	return detail + fmt.Sprintf("; risk_assessment: method=%s assets=%d threats=%d vulnerabilities=%d controls=%d (links=%d) risks=%d",
		x.Settings.Method, len(x.Assets), len(x.Threats), len(x.Vulns), len(x.Controls), links, len(x.Risks)), nil
}
