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
	"outsec/model/filing"
	"outsec/model/plan"
)

// The filing with the e-government information security authority (GB/T
// 32926—2016 6.5; 0008_plan_filing.sql): versions v1, v2, … in filings, each
// with its snapshot of items 6.5 a) 1)–5) frozen when drafted (a trigger
// refuses any change of it). Only the latest version's status, submission
// date and filing number change, and only forward.

// Audit events of the filing.
const (
	EventFilingDraft   = "filing" + ".version.draft"     // a new version with its snapshot
	EventFilingStatus  = "filing" + ".version.status"    // submitted, accepted
	EventFilingDueDays = "filing" + ".settings.due_days" // the days a timely filing has
)

// FilingEvents lists the events, for the catalog test.
var FilingEvents = []string{EventFilingDraft, EventFilingStatus, EventFilingDueDays}

// SettingFilingDueDays is the setting of the days a filing has after the
// later of the signing and the last NDA ("及时", 6.5 a)).
const SettingFilingDueDays = filing.FieldDueDays

func dueDays(ctx context.Context, q queryer) (int, error) {
	var v string
	err := q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, SettingFilingDueDays).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return filing.DefaultDueDays, nil
	}
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return filing.DefaultDueDays, nil
	}
	return n, nil
}

// FilingDueDays is the days a timely filing has (default 10).
func (s *Store) FilingDueDays(ctx context.Context) (int, error) {
	n, err := dueDays(ctx, s.db)
	return n, classify(s.path, err)
}

// SetFilingDueDays sets the days a timely filing has, 1–365; audited, since
// it changes what the lifecycle shows as late.
func (s *Store) SetFilingDueDays(ctx context.Context, op Operator, days int) error {
	if days < 1 || days > filing.MaxDueDays {
		verr := model.ValidationError{{Field: filing.FieldDueDays, Key: "filing.err.due_days", Args: []any{filing.MaxDueDays}, Clause: filing.ClauseTimely}}
		s.AuditFailure(ctx, op, EventFilingDueDays, "setting", SettingFilingDueDays, verr)
		return verr
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := setSetting(ctx, tx, SettingFilingDueDays, strconv.Itoa(days)); err != nil {
			return err
		}
		return s.audit(ctx, tx, op, EventFilingDueDays, "setting", SettingFilingDueDays, strconv.Itoa(days), OutcomeSuccess)
	})
	return classify(s.path, err)
}

func loadFilings(ctx context.Context, q queryer, only int64) (map[int64][]filing.Version, error) {
	out := map[int64][]filing.Version{}
	where, args := "", []any(nil)
	if only != 0 {
		where, args = " WHERE engagement_id = ?", []any{only}
	}
	err := eachRow(ctx, q, `SELECT id, engagement_id, version, reason, authority, status, submitted_on, number, snapshot_json, created_at
		FROM filings`+where+` ORDER BY engagement_id, version`, args, func(r *sql.Rows) error {
		var v filing.Version
		var id int64
		var reason, st, sub, js, created string
		if err := r.Scan(&v.ID, &id, &v.Number, &reason, &v.Authority, &st, &sub, &v.FilingNo, &js, &created); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(js), &v.Snapshot); err != nil {
			return fmt.Errorf("filing %d: %w", v.ID, err)
		}
		v.Reason, v.Status, v.SubmittedOn, v.CreatedAt = filing.Reason(reason), filing.Status(st), model.Date(sub), parseTime(created)
		out[id] = append(out[id], v)
		return nil
	})
	return out, err
}

// Filings lists the versions of the filing of engagement id, v1 first.
func (s *Store) Filings(ctx context.Context, engagementID int64) ([]filing.Version, error) {
	var out []filing.Version
	err := s.read(ctx, func(q queryer) error {
		if _, err := engagementCode(ctx, q, engagementID); err != nil {
			return err
		}
		m, err := loadFilings(ctx, q, engagementID)
		out = m[engagementID]
		return err
	})
	return out, classify(s.path, err)
}

// treatmentsOf lists the measures of the risks treated by control, avoidance
// or transfer: the main treatments of filing item 6.5 a) 4), in risk order.
func treatmentsOf(ctx context.Context, q queryer, only int64) (map[int64][]string, error) {
	out := map[int64][]string{}
	and, args := "", []any(nil)
	if only != 0 {
		and, args = " AND engagement_id = ?", []any{only}
	}
	err := eachRow(ctx, q, `SELECT engagement_id, measure FROM risks WHERE treatment IN ('control', 'avoid', 'transfer')
		AND trim(measure) <> ''`+and+` ORDER BY engagement_id, id`, args, func(r *sql.Rows) error {
		var id int64
		var m string
		if err := r.Scan(&id, &m); err != nil {
			return err
		}
		out[id] = append(out[id], m)
		return nil
	})
	return out, err
}

// CurrentFiling is the snapshot the data of engagement id would give now,
// with the other items (5)) of the latest version: what a new version
// would freeze, and what the latest one is compared with.
func (s *Store) CurrentFiling(ctx context.Context, engagementID int64) (filing.Snapshot, error) {
	var snap filing.Snapshot
	err := s.read(ctx, func(q queryer) error {
		m, err := currentSnapshots(ctx, q, engagementID)
		snap = m[engagementID]
		return err
	})
	return snap, classify(s.path, err)
}

// currentSnapshots is the snapshot of the data now of engagement only, or of
// every engagement with a filing or a signed contract when only is 0.
func currentSnapshots(ctx context.Context, q queryer, only int64) (map[int64]filing.Snapshot, error) {
	plans, err := loadPlans(ctx, q, only)
	if err != nil {
		return nil, err
	}
	vs, err := loadFilings(ctx, q, only)
	if err != nil {
		return nil, err
	}
	return snapshotsFrom(ctx, q, only, plans, vs)
}

// snapshotsFrom is currentSnapshots with the plans and versions already read.
func snapshotsFrom(ctx context.Context, q queryer, only int64, plans map[int64]*plan.Plan, vs map[int64][]filing.Version) (map[int64]filing.Snapshot, error) {
	where, args := " WHERE id IN (SELECT engagement_id FROM contract_signings UNION SELECT engagement_id FROM filings)", []any(nil)
	if only != 0 {
		where, args = " WHERE id = ?", []any{only}
	}
	es := map[int64]*model.Engagement{}
	var ids []int64
	err := eachRow(ctx, q, `SELECT `+engagementColumns+` FROM engagements`+where+` ORDER BY id`, args, func(r *sql.Rows) error {
		e, err := scanEngagement(r)
		es[e.ID] = &e
		ids = append(ids, e.ID)
		return err
	})
	if err != nil || len(ids) == 0 {
		return map[int64]filing.Snapshot{}, err
	}
	mwhere := " WHERE engagement_id IN (SELECT engagement_id FROM contract_signings UNION SELECT engagement_id FROM filings)"
	if only != 0 {
		mwhere = " WHERE engagement_id = ?"
	}
	err = eachRow(ctx, q, `SELECT engagement_id, name, role, phone, email FROM managers`+mwhere+` ORDER BY engagement_id, position`, args,
		func(r *sql.Rows) error {
			var id int64
			var c model.Contact
			if err := r.Scan(&id, &c.Name, &c.Role, &c.Phone, &c.Email); err != nil {
				return err
			}
			if e := es[id]; e != nil {
				e.Managers = append(e.Managers, c)
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	treat, err := treatmentsOf(ctx, q, only)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]filing.Snapshot, len(ids))
	for _, id := range ids {
		var other []filing.KV
		if v := vs[id]; len(v) > 0 {
			other = v[len(v)-1].Snapshot.Other
		}
		out[id] = filing.Take(es[id], plans[id], treat[id], other)
	}
	return out, nil
}

// addPlanFilingFacts fills the steps "security plan" and "filing" of the
// facts read by lifecycleFacts (after the contract's and the documents'), in
// the same transaction q: the plan from model/plan with its inputs, under
// the policy "approvals are signed" its signed document; then the filing
// from its versions, the data now and the setting of the days a timely
// filing has, counted to today.
func addPlanFilingFacts(ctx context.Context, q queryer, facts map[int64]model.Facts, only int64, now time.Time) error {
	plans, err := loadPlans(ctx, q, only)
	if err != nil {
		return err
	}
	var policy string
	if err := q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, settingSignedApproval).Scan(&policy); err != nil &&
		!errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if len(plans) > 0 {
		ins, err := planInputsAll(ctx, q, only)
		if err != nil {
			return err
		}
		for id, p := range plans {
			f := facts[id]
			p.Facts(&f, ins[id])
			if policy == "on" {
				plan.RequireSignedApproval(&f, p.Approval.ApprovedOn)
			}
			facts[id] = f
		}
	}
	vs, err := loadFilings(ctx, q, only)
	if err != nil {
		return err
	}
	snaps, err := snapshotsFrom(ctx, q, only, plans, vs)
	if err != nil || len(snaps) == 0 {
		return err
	}
	days, err := dueDays(ctx, q)
	if err != nil {
		return err
	}
	lastNDA, err := lastNDAs(ctx, q, only)
	if err != nil {
		return err
	}
	today := localDate(now)
	for id, snap := range snaps {
		f := facts[id]
		nda := model.Date("")
		if f.States[model.StepNDA] == model.Done {
			nda = lastNDA[id]
		}
		st, bl := filing.LifecycleState(vs[id], filing.Inputs{Now: snap, Signed: f.ContractSigned, LastNDA: nda, DueDays: days, Today: today})
		if st == model.NotStarted && len(bl) == 0 {
			continue
		}
		if f.States == nil {
			f.States = map[model.StepID]model.State{}
		}
		f.States[model.StepFiling] = st
		if len(bl) > 0 {
			if f.Blocks == nil {
				f.Blocks = map[model.StepID][]model.Block{}
			}
			f.Blocks[model.StepFiling] = bl
		}
		facts[id] = f
	}
	return nil
}

// lastNDAs is the day of the last NDA signed of each engagement: the
// vendor's and every person's.
func lastNDAs(ctx context.Context, q queryer, only int64) (map[int64]model.Date, error) {
	out := map[int64]model.Date{}
	where, args := "", []any(nil)
	if only != 0 {
		where, args = " WHERE engagement_id = ?", []any{only, only}
	}
	err := eachRow(ctx, q, `SELECT engagement_id, max(d) FROM (SELECT engagement_id, vendor_nda_signed AS d FROM contracts`+where+`
		UNION ALL SELECT engagement_id, nda_signed FROM people`+where+`) WHERE d <> '' GROUP BY engagement_id`, args, func(r *sql.Rows) error {
		var id int64
		var d string
		err := r.Scan(&id, &d)
		out[id] = model.Date(d)
		return err
	})
	return out, err
}

// blocksError is blocks as a refusal: one field error for each.
func blocksError(field string, bl []model.Block) model.ValidationError {
	var out model.ValidationError
	for _, b := range bl {
		out = append(out, model.FieldError{Field: field, Key: b.Key, Args: b.Args, Clause: b.Clause})
	}
	return out
}

// DraftFiling drafts the next version of the filing of engagement id with
// the authority it goes to and the other items it asks for (item 5)),
// freezing the snapshot of the data now. Refused before the contract is
// signed, the NDAs are signed and the plan is approved (6.5 a)), and while
// an item of 6.5 a) 1)–5) is missing. The first version is the initial
// filing; the others are changes (6.5 b)).
func (s *Store) DraftFiling(ctx context.Context, op Operator, engagementID int64, authority string, other []filing.KV) (filing.Version, error) {
	authority = strings.TrimSpace(authority)
	var kept []filing.KV
	for _, kv := range other {
		kv.Key, kv.Value = strings.TrimSpace(kv.Key), strings.TrimSpace(kv.Value)
		if kv.Key != "" || kv.Value != "" {
			kept = append(kept, kv)
		}
	}
	var v filing.Version
	err := s.ruleAction(ctx, op, EventFilingDraft, engagementID, filing.ValidateDraft(authority, kept), func(tx *sql.Tx, now time.Time) (string, error) {
		facts, err := lifecycleFacts(ctx, tx, engagementID, now)
		if err != nil {
			return "", err
		}
		if bl := filing.Prerequisites(facts[engagementID]); len(bl) > 0 {
			return "", blocksError("filing", bl)
		}
		e, err := engagementOf(ctx, tx, engagementID)
		if err != nil {
			return "", err
		}
		p, err := planOf(ctx, tx, engagementID)
		if err != nil {
			return "", err
		}
		treat, err := treatmentsOf(ctx, tx, engagementID)
		if err != nil {
			return "", err
		}
		snap := filing.Take(&e, &p, treat[engagementID], kept)
		if gaps := snap.Gaps(); len(gaps) > 0 {
			return "", blocksError("filing", gaps)
		}
		var last int
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM filings WHERE engagement_id = ?`, engagementID).Scan(&last); err != nil {
			return "", err
		}
		v = filing.Version{Number: last + 1, Reason: filing.Initial, Authority: authority, Status: filing.Drafted, Snapshot: snap, CreatedAt: now.UTC()}
		if last > 0 {
			v.Reason = filing.Change
		}
		js, err := json.Marshal(snap)
		if err != nil {
			return "", err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO filings (engagement_id, version, reason, authority, status, snapshot_json, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, engagementID, v.Number, string(v.Reason), v.Authority, string(v.Status), string(js), fmtTime(now), fmtTime(now))
		if err != nil {
			return "", err
		}
		if v.ID, err = res.LastInsertId(); err != nil {
			return "", err
		}
		return fmt.Sprintf("%s; reason=%s; authority=%s", v.Label(), v.Reason, v.Authority), nil
	})
	if err != nil {
		return filing.Version{}, err
	}
	return v, nil
}

// SetFilingStatus moves version versionID of a filing forward: drafted →
// submitted (with the submission date) → accepted (with the filing number
// received). Only the latest version changes; an older one is refused.
func (s *Store) SetFilingStatus(ctx context.Context, op Operator, versionID int64, st filing.Status, submittedOn model.Date, number string) error {
	if d, ok := model.ParseDate(strings.TrimSpace(string(submittedOn))); ok {
		submittedOn = d
	}
	number = strings.TrimSpace(number)
	var engagementID int64
	var cur string
	var version int
	err := s.db.QueryRowContext(ctx, `SELECT engagement_id, status, version FROM filings WHERE id = ?`, versionID).Scan(&engagementID, &cur, &version)
	if err != nil {
		err = classify(s.path, err)
		s.AuditFailure(ctx, op, EventFilingStatus, "filing", fmt.Sprintf("#%d", versionID), err)
		return err
	}
	verr := filing.ValidateStatus(st, submittedOn, number)
	if len(verr) == 0 && statusRank(st) < statusRank(filing.Status(cur)) {
		verr = model.ValidationError{{Field: filing.FieldStatus, Key: "filing.err.backwards", Args: []any{cur, string(st)}, Clause: filing.ClauseFiling}}
	}
	return s.ruleAction(ctx, op, EventFilingStatus, engagementID, verr, func(tx *sql.Tx, now time.Time) (string, error) {
		var last int
		if err := tx.QueryRowContext(ctx, `SELECT max(version) FROM filings WHERE engagement_id = ?`, engagementID).Scan(&last); err != nil {
			return "", err
		}
		if last != version {
			return "", model.ValidationError{{Field: filing.FieldVersion, Key: "filing.err.frozen", Args: []any{version, last}, Clause: filing.ClauseChange}}
		}
		_, err := tx.ExecContext(ctx, `UPDATE filings SET status = ?, submitted_on = ?, number = ?, updated_at = ? WHERE id = ?`,
			string(st), string(submittedOn), number, fmtTime(now), versionID)
		return fmt.Sprintf("v%d; status=%s; submitted=%s; number=%s", version, st, submittedOn, number), err
	})
}

func statusRank(s filing.Status) int {
	for i, x := range filing.Statuses {
		if x == s {
			return i
		}
	}
	return -1
}

// planFilingSnapshot adds the plan, the filing's versions and the snapshot
// of the data now to snap, read in q.
func planFilingSnapshot(ctx context.Context, q queryer, snap *Snapshot, id int64) error {
	var err error
	if snap.Plan, err = planOf(ctx, q, id); err != nil {
		return err
	}
	vs, err := loadFilings(ctx, q, id)
	if err != nil {
		return err
	}
	snap.Filings = vs[id]
	now, err := currentSnapshots(ctx, q, id)
	snap.FilingNow = now[id]
	return err
}

// EngagementFacts is what LifecycleFacts reports for engagement id alone,
// read in one transaction: for the pages that show one engagement's steps.
func (s *Store) EngagementFacts(ctx context.Context, id int64) (model.Facts, error) {
	var f model.Facts
	err := s.read(ctx, func(q queryer) error {
		facts, err := lifecycleFacts(ctx, q, id, s.Now())
		f = facts[id]
		return err
	})
	return f, classify(s.path, err)
}
