package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"outsec/model"
	"outsec/model/filing"
	"outsec/model/findings"
	"outsec/model/inspection"
	"outsec/model/plan"
	"outsec/model/supervision"
)

// The process assessment and audit of 7.1 (table process_audits), and what
// the supervision workflows report to the lifecycle (addSupervisionFacts):
// the steps "process audit" and "on-site inspection", the rules of 7.1 b)
// on the risk assessment and the screening, and the gate of 6.5 a) (the
// supervision runs once the filing is submitted).

// Audit events of the process assessment.
const (
	EventProcessAudit  = "process_audit" + ".save"
	ObjectProcessAudit = "process_audit"
)

// ProcessAssessments lists the assessments of an engagement, latest first.
func (s *Store) ProcessAssessments(ctx context.Context, engID int64) ([]supervision.Assessment, error) {
	var out []supervision.Assessment
	err := s.read(ctx, func(q queryer) error {
		if _, err := engagementCode(ctx, q, engID); err != nil {
			return err
		}
		m, err := loadProcessAudits(ctx, q, engID)
		out = m[engID]
		return err
	})
	return out, classify(s.path, err)
}

func loadProcessAudits(ctx context.Context, q queryer, only int64) (map[int64][]supervision.Assessment, error) {
	where, args := "", []any(nil)
	if only != 0 {
		where, args = " WHERE engagement_id = ?", []any{only}
	}
	out := map[int64][]supervision.Assessment{}
	err := eachRow(ctx, q, `SELECT id, engagement_id, body, updated_at FROM process_audits`+where+` ORDER BY date DESC, id DESC`, args, func(r *sql.Rows) error {
		var id, eng int64
		var body, updated string
		if err := r.Scan(&id, &eng, &body, &updated); err != nil {
			return err
		}
		var a supervision.Assessment
		if err := json.Unmarshal([]byte(body), &a); err != nil {
			return fmt.Errorf("process audit %d: %w", id, err)
		}
		a.ID, a.Saved = id, parseTime(updated)
		out[eng] = append(out[eng], a)
		return nil
	})
	return out, err
}

func normaliseProcessAudit(a *supervision.Assessment) {
	for _, f := range []*string{&a.Period, &a.Assessor, &a.Summary, &a.AuditItems, &a.AuditFindings, &a.Leader, &a.AdjustNote} {
		*f = strings.TrimSpace(*f)
	}
	for i := range a.Changes {
		a.Changes[i].Description = strings.TrimSpace(a.Changes[i].Description)
	}
	var ms []supervision.Measure
	for _, m := range a.Measures {
		m.Text, m.Owner = strings.TrimSpace(m.Text), strings.TrimSpace(m.Owner)
		if m.Text != "" || m.Finding != 0 {
			ms = append(ms, m)
		}
	}
	a.Measures = ms
}

// SaveProcessAssessment records a new assessment (a.ID 0) or saves one, in
// one transaction with what follows from it: once the leader approved the
// measures of d), each becomes a finding with its corrective action (source
// process_audit, 7.1 d), 8.1 a)); "adjust the requirements on the vendor"
// records a contract factor change (6.2.1 b)). Each is made once.
func (s *Store) SaveProcessAssessment(ctx context.Context, op Operator, engID int64, a *supervision.Assessment) error {
	normaliseProcessAudit(a)
	verr := a.Validate()
	if verr != nil {
		code, _ := engagementCode(ctx, s.db, engID)
		s.AuditFailure(ctx, op, EventProcessAudit, ObjectProcessAudit, code, verr)
		return verr
	}
	saved := *a
	err := s.findingChange(ctx, op, EventProcessAudit, ObjectProcessAudit, engID, func(tx *sql.Tx, now time.Time) (int64, string, error) {
		b := *a
		b.Measures = append([]supervision.Measure(nil), a.Measures...)
		if b.ID != 0 {
			eng, err := recordEngagement(ctx, tx, "process_audits", b.ID)
			if err != nil {
				return b.ID, "", err
			}
			if eng != engID {
				return b.ID, "", sql.ErrNoRows
			}
		} else {
			if b.UID == "" {
				b.UID = uuid.NewString()
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO process_audits (engagement_id, uid, period, date, body, created_at, updated_at)
				VALUES (?, ?, ?, ?, '{}', ?, ?)`, engID, b.UID, b.Period, string(b.Date), fmtTime(now), fmtTime(now))
			if err != nil {
				return 0, "", err
			}
			if b.ID, err = res.LastInsertId(); err != nil {
				return 0, "", err
			}
		}
		made := 0
		if b.Approved() {
			for i := range b.Measures {
				m := &b.Measures[i]
				if m.Finding != 0 {
					continue
				}
				f := findings.Finding{Source: findings.SourceAssessment, SourceID: b.ID, Description: m.Text, Concerns: "7.1 d)",
					Severity: findings.Medium, ReportedOn: b.ApprovedOn, Action: findings.Action{Measure: m.Text, Owner: m.Owner, Deadline: m.Due}}
				if _, _, err := insertFinding(ctx, tx, op, engID, &f, now); err != nil {
					return b.ID, "", err
				}
				m.Finding = f.ID
				made++
			}
		}
		factor := ""
		if b.Adjust && b.FactorChange == 0 {
			res, err := tx.ExecContext(ctx, `INSERT INTO contract_factor_changes (engagement_id, changed_on, description, created_at)
				VALUES (?, ?, ?, ?)`, engID, string(b.Date), b.AdjustNote+" (GB/T 32926—2016 7.1 d))", fmtTime(now))
			if err != nil {
				return b.ID, "", err
			}
			if b.FactorChange, err = res.LastInsertId(); err != nil {
				return b.ID, "", err
			}
			factor = fmt.Sprintf("; contract factor change %d (6.2.1 b))", b.FactorChange)
		}
		body, err := json.Marshal(b)
		if err != nil {
			return b.ID, "", err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE process_audits SET period = ?, date = ?, body = ?, updated_at = ? WHERE id = ?`,
			b.Period, string(b.Date), string(body), fmtTime(now), b.ID); err != nil {
			return b.ID, "", err
		}
		saved = b
		changes := []string{}
		for i, c := range b.Changes {
			if c.Changed {
				changes = append(changes, supervision.Aspects[i].Label())
			}
		}
		return b.ID, fmt.Sprintf("%s %s rating=%s changes=[%s]; %d findings from d)%s", auditValue(b.Period), b.Date, b.Rating,
			strings.Join(changes, ", "), made, factor), nil
	})
	if err == nil {
		*a = saved
	}
	return err
}

// addSupervisionFacts fills the steps "process audit" (7.1) and "on-site
// inspection" (annex A) and applies the rules of 7.1 b):
//   - the assessment is due every period of the plan's section 6 (6.3 a) 6)),
//     counted from the latest one or from the contract's signing; overdue:
//     "needs update";
//   - a change under b) 1), 3) or 4) after the risk assessment's last change
//     makes it "needs update";
//   - a change under b) 2) after the screening's last change asks for a new
//     screening (the screening "needs update");
//   - none of the supervision steps is done before the filing is submitted
//     or accepted (6.5 a)).
func addSupervisionFacts(ctx context.Context, q queryer, facts map[int64]model.Facts, only int64, now time.Time) error {
	audits, err := loadProcessAudits(ctx, q, only)
	if err != nil {
		return err
	}
	insps, err := loadInspections(ctx, q, only, 0)
	if err != nil {
		return err
	}
	plans, err := loadPlans(ctx, q, only)
	if err != nil {
		return err
	}
	filings, err := loadFilings(ctx, q, only)
	if err != nil {
		return err
	}
	deliveries, err := loadDeliveries(ctx, q, only)
	if err != nil {
		return err
	}
	people, err := loadScreening(ctx, q, only)
	if err != nil {
		return err
	}
	cloud := map[int64]bool{}
	where, args := "", []any(nil)
	if only != 0 {
		where, args = " WHERE engagement_id = ?", []any{only}
	}
	err = eachRow(ctx, q, `SELECT id, cloud_website FROM engagements`+strings.Replace(where, "engagement_id", "id", 1), args, func(r *sql.Rows) error {
		var id int64
		var c int
		if err := r.Scan(&id, &c); err != nil {
			return err
		}
		cloud[id] = c == 1
		return nil
	})
	if err != nil {
		return err
	}
	riskUpdated := map[int64]time.Time{}
	err = eachRow(ctx, q, `SELECT engagement_id, updated_at FROM risk_assessments`+where, args, func(r *sql.Rows) error {
		var id int64
		var at string
		if err := r.Scan(&id, &at); err != nil {
			return err
		}
		riskUpdated[id] = parseTime(at)
		return nil
	})
	if err != nil {
		return err
	}
	screened := map[int64]string{}
	err = eachRow(ctx, q, `SELECT engagement_id, max(at) FROM (
		SELECT engagement_id, updated_at AS at FROM vendor_screening
		UNION ALL SELECT p.engagement_id, s.updated_at FROM person_screening s JOIN people p ON p.id = s.person_id
		UNION ALL SELECT engagement_id, updated_at FROM people)`+where+` GROUP BY engagement_id`, args, func(r *sql.Rows) error {
		var id int64
		var at sql.NullString
		if err := r.Scan(&id, &at); err != nil {
			return err
		}
		screened[id] = at.String
		return nil
	})
	if err != nil {
		return err
	}
	today := model.Date(now.Format(model.DateLayout))
	ids := map[int64]bool{}
	for id := range facts {
		ids[id] = true
	}
	for id := range audits {
		ids[id] = true
	}
	for id := range insps {
		ids[id] = true
	}
	for id := range deliveries {
		ids[id] = true
	}
	for id := range ids {
		if only != 0 && id != only {
			continue
		}
		f := facts[id]
		if f.States == nil {
			f.States = map[model.StepID]model.State{}
		}
		block := func(step model.StepID, b model.Block) {
			if f.Blocks == nil {
				f.Blocks = map[model.StepID][]model.Block{}
			}
			f.Blocks[step] = append(f.Blocks[step], b)
		}
		as := audits[id]
		months := 0
		if p := plans[id]; p != nil {
			months = p.Tracking.PeriodMonths
		}
		// 7.1, 6.3 a) 6): one assessment per period.
		var last model.Date
		if l := supervision.Latest(as); l != nil {
			last = l.Date
		}
		due := supervision.NextDue(last, f.ContractSigned, months)
		switch {
		case supervision.Overdue(due, today):
			f.States[model.StepProcessAudit] = model.NeedsUpdate
			block(model.StepProcessAudit, model.Block{Key: "audit.block.overdue", Args: []any{string(due), months}, Clause: supervision.ClausePeriod})
		case len(as) > 0:
			f.States[model.StepProcessAudit] = model.Done
		}
		// 7.1 b) 1), 3), 4): new risk; the assessment is brought up to date.
		if at := supervision.LatestRiskChange(as); !at.IsZero() {
			if st, ok := f.States[model.StepRisk]; ok && st != model.NotStarted && !at.Before(riskUpdated[id]) {
				f.States[model.StepRisk] = model.NeedsUpdate
				block(model.StepRisk, model.Block{Key: "audit.block.risk_change", Args: []any{at.Format(model.DateLayout)}, Clause: supervision.ClauseRisk})
			}
		}
		// 7.1 b) 2): the vendor's or a person's reliability changed: screen again.
		if d := supervision.LatestReliabilityChange(as); !d.IsZero() {
			if st, ok := f.States[model.StepScreening]; ok && st != model.NotStarted && !d.Before(parseTime(screened[id])) {
				f.States[model.StepScreening] = model.NeedsUpdate
				block(model.StepScreening, model.Block{Key: "audit.block.rescreen", Args: []any{d.Format(model.DateLayout)}, Clause: supervision.ClauseRescreen})
			}
		}
		// Annex A: the on-site inspections.
		open := 0
		for i := range insps[id] {
			if !insps[id][i].Acknowledged() {
				open++
			}
		}
		switch {
		case open > 0:
			f.States[model.StepInspection] = model.InProgress
			block(model.StepInspection, model.Block{Key: "inspection.block.open", Args: []any{open}, Clause: inspection.ClauseFindings})
		case len(insps[id]) > 0:
			f.States[model.StepInspection] = model.Done
		}
		// 7.2: every milestone due by today verified.
		if p := plans[id]; p != nil || len(deliveries[id]) > 0 {
			if p == nil {
				p = &plan.Plan{}
			}
			st, bs := supervision.DeliveryState(p, deliveries[id], cloud[id], people[id], today)
			if st != model.NotStarted {
				f.States[model.StepDelivery] = st
				for _, b := range bs {
					block(model.StepDelivery, b)
				}
			}
		}
		// 6.5 a): supervision runs once the filing is submitted or accepted.
		filed := false
		for _, v := range filings[id] {
			if v.Status == filing.Submitted || v.Status == filing.Accepted {
				filed = true
			}
		}
		if !filed && (len(as) > 0 || len(insps[id]) > 0 || len(deliveries[id]) > 0) {
			for _, step := range []model.StepID{model.StepProcessAudit, model.StepInspection, model.StepDelivery} {
				if f.States[step] == model.Done {
					f.States[step] = model.InProgress
				}
				block(step, model.Block{Key: "supervision.block.not_filed", Clause: supervision.ClauseFiled})
			}
		}
		if len(f.States) > 0 || len(f.Blocks) > 0 {
			facts[id] = f
		}
	}
	return nil
}
