package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"outsec/model"
	"outsec/model/annexa"
	"outsec/model/contract"
	"outsec/model/plan"
)

// The security management plan (GB/T 32926—2016 6.3; 0008_plan_filing.sql):
// sections 1), 2), 4)–6) as JSON in plans.sections_json, the deployment of
// each annex A item in plan_controls, the submission and approval (6.3 b)) in
// plans. Every change is one transaction with its audit record; nothing can
// be written before the contract is signed (6.3 a)).

// Audit events of the plan.
const (
	EventPlanSections = "plan" + ".sections.save" // sections 1), 2), 4)–6)
	EventPlanControl  = "plan" + ".control.save"  // one annex A item of section 3)
	EventPlanApproval = "plan" + ".approval.save" // submission and the leader's approval (6.3 b))
)

// PlanEvents lists the events, for the catalog test.
var PlanEvents = []string{EventPlanSections, EventPlanControl, EventPlanApproval}

// planSections is what plans.sections_json holds.
type planSections struct {
	Milestones []plan.Milestone `json:"milestones,omitempty"`
	Roles      []plan.Role      `json:"roles,omitempty"`
	Incident   plan.Incident    `json:"incident,omitzero"`
	Resources  plan.Resources   `json:"resources,omitzero"`
	Tracking   plan.Tracking    `json:"tracking,omitzero"`
}

// loadPlans reads the plans of engagement only, or of every engagement when
// only is 0; engagements without a plan are absent.
func loadPlans(ctx context.Context, q queryer, only int64) (map[int64]*plan.Plan, error) {
	out := map[int64]*plan.Plan{}
	get := func(id int64) *plan.Plan {
		if out[id] == nil {
			out[id] = &plan.Plan{}
		}
		return out[id]
	}
	where, args := "", []any(nil)
	if only != 0 {
		where, args = " WHERE engagement_id = ?", []any{only}
	}
	err := eachRow(ctx, q, `SELECT engagement_id, sections_json, submitted_on, approved_by, approved_on, risk_digest FROM plans`+where,
		args, func(r *sql.Rows) error {
			var id int64
			var js, sub, appr string
			var a plan.Approval
			if err := r.Scan(&id, &js, &sub, &a.Leader, &appr, &a.RiskDigest); err != nil {
				return err
			}
			var sec planSections
			if err := json.Unmarshal([]byte(js), &sec); err != nil {
				return fmt.Errorf("plan of engagement %d: %w", id, err)
			}
			a.SubmittedOn, a.ApprovedOn = model.Date(sub), model.Date(appr)
			p := get(id)
			p.Milestones, p.Roles, p.Incident, p.Resources, p.Tracking = sec.Milestones, sec.Roles, sec.Incident, sec.Resources, sec.Tracking
			p.Approval = a
			return nil
		})
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, q, `SELECT engagement_id, item, status, measure, owner, planned_on, reason FROM plan_controls`+where, args,
		func(r *sql.Rows) error {
			var id int64
			var d plan.Deployment
			var st, pl string
			if err := r.Scan(&id, &d.Item, &st, &d.Measure, &d.Owner, &pl, &d.Reason); err != nil {
				return err
			}
			d.Status, d.Planned = plan.Status(st), model.Date(pl)
			p := get(id)
			p.Controls = append(p.Controls, d)
			return nil
		})
	if err != nil {
		return nil, err
	}
	for _, p := range out {
		sortDeployments(p.Controls)
	}
	return out, nil
}

func planOf(ctx context.Context, q queryer, id int64) (plan.Plan, error) {
	m, err := loadPlans(ctx, q, id)
	if err != nil || m[id] == nil {
		return plan.Plan{}, err
	}
	return *m[id], nil
}

// Plan returns the security management plan of engagement id, its section 3
// in annex order; the zero Plan when nothing is recorded. ErrNotFound when
// there is no such engagement.
func (s *Store) Plan(ctx context.Context, engagementID int64) (plan.Plan, error) {
	var p plan.Plan
	err := s.read(ctx, func(q queryer) error {
		if _, err := engagementCode(ctx, q, engagementID); err != nil {
			return err
		}
		var err error
		p, err = planOf(ctx, q, engagementID)
		return err
	})
	return p, classify(s.path, err)
}

// ErrUnsigned: the plan is drawn up after the contract is signed (6.3 a)).
var errUnsigned = model.ValidationError{{Field: "plan", Key: "plan.err.unsigned", Clause: plan.ClauseAfterSign}}

// signedCheck refuses a write to the plan of an engagement whose contract is
// not signed.
func signedCheck(ctx context.Context, tx *sql.Tx, engagementID int64) error {
	var d string
	err := tx.QueryRowContext(ctx, `SELECT signed_on FROM contract_signings WHERE engagement_id = ?`, engagementID).Scan(&d)
	if errors.Is(err, sql.ErrNoRows) {
		return errUnsigned
	}
	return err
}

func ensurePlan(ctx context.Context, tx *sql.Tx, engagementID int64, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO plans (engagement_id, updated_at) VALUES (?, ?)
		ON CONFLICT (engagement_id) DO UPDATE SET updated_at = excluded.updated_at`, engagementID, fmtTime(now))
	return err
}

// planAction is one user action on the plan or the filing of an
// engagement, like contractAction: validated first, then written with its
// audit record in one transaction, a failure audited in a transaction of its
// own. With signed, the contract's signing is checked in the transaction
// first (6.3 a)) and the plan's row made sure of. A ValidationError that
// write returns (a rule checked against the data in the transaction) comes
// back as it is.
func (s *Store) planAction(ctx context.Context, op Operator, event string, engagementID int64, verr model.ValidationError,
	write func(tx *sql.Tx, now time.Time) (string, error)) error {
	return s.ruleAction(ctx, op, event, engagementID, verr, func(tx *sql.Tx, now time.Time) (string, error) {
		if err := signedCheck(ctx, tx, engagementID); err != nil {
			return "", err
		}
		if err := ensurePlan(ctx, tx, engagementID, now); err != nil {
			return "", err
		}
		return write(tx, now)
	})
}

func (s *Store) ruleAction(ctx context.Context, op Operator, event string, engagementID int64, verr model.ValidationError,
	write func(tx *sql.Tx, now time.Time) (string, error)) error {
	failed := func(cause error) {
		obj, err := contractObject(ctx, s.db, engagementID)
		if err != nil {
			obj = fmt.Sprintf("#%d", engagementID)
		}
		s.AuditFailure(ctx, op, event, "engagement", obj, cause)
	}
	if len(verr) > 0 {
		failed(verr)
		return verr
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		obj, err := contractObject(ctx, tx, engagementID)
		if err != nil {
			return err
		}
		detail, err := write(tx, s.Now())
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, op, event, "engagement", obj, detail, OutcomeSuccess)
	})
	if err != nil {
		var ve model.ValidationError
		if !errors.As(err, &ve) {
			err = classify(s.path, err)
		}
		failed(err)
	}
	return err
}

func sectionsJSON(p *plan.Plan) (string, error) {
	b, err := json.Marshal(planSections{Milestones: p.Milestones, Roles: p.Roles, Incident: p.Incident,
		Resources: p.Resources, Tracking: p.Tracking})
	return string(b), err
}

// SavePlanSections saves sections 1), 2), 4)–6) of the plan of engagement id
// as p gives them; section 3) and the approval are left as they are.
func (s *Store) SavePlanSections(ctx context.Context, op Operator, engagementID int64, p plan.Plan) error {
	p.Normalise()
	return s.planAction(ctx, op, EventPlanSections, engagementID, p.ValidateSections(), func(tx *sql.Tx, now time.Time) (string, error) {
		js, err := sectionsJSON(&p)
		if err != nil {
			return "", err
		}
		_, err = tx.ExecContext(ctx, `UPDATE plans SET sections_json = ?, updated_at = ? WHERE engagement_id = ?`, js, fmtTime(now), engagementID)
		return fmt.Sprintf("milestones=%d; roles=%d; period_months=%d", len(p.Milestones), len(p.Roles), p.Tracking.PeriodMonths), err
	})
}

// SavePlanControl records the deployment of one annex A item; an unplanned
// deployment with nothing written removes it.
func (s *Store) SavePlanControl(ctx context.Context, op Operator, engagementID int64, d plan.Deployment) error {
	d.Normalise()
	return s.planAction(ctx, op, EventPlanControl, engagementID, d.Validate(plan.FieldControls), func(tx *sql.Tx, now time.Time) (string, error) {
		return d.Item + "=" + string(d.Status), writeDeployment(ctx, tx, engagementID, d, now)
	})
}

func writeDeployment(ctx context.Context, tx *sql.Tx, engagementID int64, d plan.Deployment, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM plan_controls WHERE engagement_id = ? AND item = ?`, engagementID, d.Item); err != nil {
		return err
	}
	if d.Status == plan.Unplanned {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO plan_controls (engagement_id, item, status, measure, owner, planned_on, reason, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, engagementID, d.Item, string(d.Status), d.Measure, d.Owner, string(d.Planned), d.Reason, fmtTime(now))
	return err
}

// SavePlanApproval records the submission and the leader's approval of the
// plan (6.3 b)), with the digest of the risks and controls at that moment.
// An approval is refused while the plan has gaps: the leader approves a
// whole plan. Clearing the approval (no leader, no date) is always allowed.
func (s *Store) SavePlanApproval(ctx context.Context, op Operator, engagementID int64, a plan.Approval) error {
	p := plan.Plan{Approval: a}
	p.Normalise()
	a = p.Approval
	return s.planAction(ctx, op, EventPlanApproval, engagementID, a.Validate(), func(tx *sql.Tx, now time.Time) (string, error) {
		digest := ""
		if a.ApprovedOn != "" {
			cur, err := planOf(ctx, tx, engagementID)
			if err != nil {
				return "", err
			}
			in, err := planInputs(ctx, tx, engagementID)
			if err != nil {
				return "", err
			}
			if gaps := cur.Gaps(in); len(gaps) > 0 {
				var verr model.ValidationError
				for _, g := range gaps {
					verr = append(verr, model.FieldError{Field: "plan", Key: g.Key, Args: g.Args, Clause: g.Clause})
				}
				return "", verr
			}
			digest = in.RiskDigest
		}
		_, err := tx.ExecContext(ctx, `UPDATE plans SET submitted_on = ?, approved_by = ?, approved_on = ?, risk_digest = ?, updated_at = ?
			WHERE engagement_id = ?`, string(a.SubmittedOn), a.Leader, string(a.ApprovedOn), digest, fmtTime(now), engagementID)
		return fmt.Sprintf("submitted=%s; leader=%s; approved=%s", a.SubmittedOn, a.Leader, a.ApprovedOn), err
	})
}

// riskDigests is, for engagement only or every engagement, the SHA-256 of
// its risks (asset, threat, vulnerability, level, treatment, measure) and
// controls (name, status, effectiveness, description), by name: what the
// plan was approved against. Ids are left out, so a case file imported
// elsewhere has the same digest.
func riskDigests(ctx context.Context, q queryer, only int64) (map[int64]string, error) {
	// Of every engagement: only those with a plan approved, the others
	// need no digest.
	and, args := " AND r.engagement_id IN (SELECT engagement_id FROM plans WHERE approved_on <> '')", []any(nil)
	if only != 0 {
		and, args = " AND r.engagement_id = ?", []any{only}
	}
	hs := map[int64][]byte{}
	write := func(id int64, parts ...any) {
		b, _ := json.Marshal(parts)
		hs[id] = append(append(hs[id], b...), '\n')
	}
	err := eachRow(ctx, q, `SELECT r.engagement_id, a.name, t.name, v.description, r.level, r.treatment, r.measure
		FROM risks r JOIN assets a ON a.id = r.asset_id JOIN threats t ON t.id = r.threat_id JOIN vulnerabilities v ON v.id = r.vuln_id
		WHERE 1`+and+` ORDER BY r.engagement_id, a.name, t.name, v.description, r.id`, args, func(r *sql.Rows) error {
		var id int64
		var a, t, v, tr, m string
		var lvl int
		if err := r.Scan(&id, &a, &t, &v, &lvl, &tr, &m); err != nil {
			return err
		}
		write(id, "risk", a, t, v, lvl, tr, m)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, q, `SELECT r.engagement_id, r.name, r.status, r.effectiveness, r.description FROM controls r
		WHERE 1`+and+` ORDER BY r.engagement_id, r.name, r.id`, args, func(r *sql.Rows) error {
		var id int64
		var n, st, eff, d string
		if err := r.Scan(&id, &n, &st, &eff, &d); err != nil {
			return err
		}
		write(id, "control", n, st, eff, d)
		return nil
	})
	out := make(map[int64]string, len(hs))
	for id, b := range hs {
		sum := sha256.Sum256(b)
		out[id] = hex.EncodeToString(sum[:])
	}
	return out, err
}

// emptyDigest is the digest of an engagement with no risks or controls.
var emptyDigest = func() string { s := sha256.Sum256(nil); return hex.EncodeToString(s[:]) }()

// planInputs is what the plan of engagement id depends on, read in q: the
// cloud flag, the people register, the factor changes after which the plan
// is to be revised (6.2.1 b)), and the digest of the risks. Another record
// that makes an approved plan out of date (a corrective action that changes
// the controls, 8.1 c)) is one more plan.Change appended in planInputsAll;
// the plan's state is computed in plan.LifecycleState alone.
func planInputs(ctx context.Context, q queryer, id int64) (plan.Inputs, error) {
	all, err := planInputsAll(ctx, q, id)
	return all[id], err
}

func planInputsAll(ctx context.Context, q queryer, only int64) (map[int64]plan.Inputs, error) {
	out := map[int64]plan.Inputs{}
	// Of every engagement: only those with a plan.
	where, args := " WHERE id IN (SELECT engagement_id FROM plans)", []any(nil)
	if only != 0 {
		where, args = " WHERE id = ?", []any{only}
	}
	err := eachRow(ctx, q, `SELECT id, cloud_website FROM engagements`+where, args, func(r *sql.Rows) error {
		var id int64
		var in plan.Inputs
		if err := r.Scan(&id, &in.Cloud); err != nil {
			return err
		}
		in.RiskDigest = emptyDigest
		out[id] = in
		return nil
	})
	if err != nil {
		return nil, err
	}
	ewhere := " WHERE engagement_id IN (SELECT engagement_id FROM plans)"
	if only != 0 {
		ewhere = " WHERE engagement_id = ?"
	}
	err = eachRow(ctx, q, `SELECT engagement_id, name FROM people`+ewhere+` ORDER BY id`, args, func(r *sql.Rows) error {
		var id int64
		var n string
		if err := r.Scan(&id, &n); err != nil {
			return err
		}
		in := out[id]
		in.People = append(in.People, n)
		out[id] = in
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, q, `SELECT engagement_id, changed_on, description FROM contract_factor_changes`+ewhere+` ORDER BY changed_on, id`,
		args, func(r *sql.Rows) error {
			var id int64
			var d, desc string
			if err := r.Scan(&id, &d, &desc); err != nil {
				return err
			}
			in := out[id]
			in.Changes = append(in.Changes, plan.Change{Date: model.Date(d), Key: "plan.block.factor_change",
				Args: []any{d, desc}, Clause: contract.ClauseFactorChange})
			out[id] = in
			return nil
		})
	if err != nil {
		return nil, err
	}
	ds, err := riskDigests(ctx, q, only)
	for id, d := range ds {
		in := out[id]
		in.RiskDigest = d
		out[id] = in
	}
	return out, err
}

func sortDeployments(ds []plan.Deployment) {
	sort.SliceStable(ds, func(i, j int) bool { return annexa.Position(ds[i].Item) < annexa.Position(ds[j].Item) })
}
