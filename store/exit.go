package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"outsec/model"
	"outsec/model/exit"
	"outsec/model/findings"
)

// The service exit (GB/T 32926—2016 8.2; seed 001 clause 9), 0010_exit.sql.
// Every user action is one transaction with its audit record; a refused one
// writes nothing but its failure record. The rules are model/exit's.

// Audit events of the exit.
const (
	EventExitStart   = "exit" + ".start"
	EventExitUpdate  = "exit" + ".update"
	EventExitCheck   = "exit" + ".check"
	EventExitItems   = "exit" + ".items"
	EventExitDispose = "exit" + ".dispose"
	EventExitReceive = "exit" + ".receive"
	ObjectExit       = "exit"
	// OwnerExit: evidence linked to the exit itself (a handover note, the
	// vendor's destruction certificate).
	OwnerExit = "exit"
)

// ExitEvents lists the events, for the catalog test.
var ExitEvents = []string{EventExitStart, EventExitUpdate, EventExitCheck, EventExitItems, EventExitDispose, EventExitReceive}

// Error keys of the store's refusals.
const (
	KeyExitStarted    = "exits.err.started"
	KeyExitNotStarted = "exits.err.not_started"
	KeyExitNoFinding  = "exits.err.no_finding"
	KeyExitNoItem     = "exits.err.no_item"
	KeyExitRow        = "exits.err.row"
)

// ExitView is an engagement's exit with everything its rules look at, read
// in one transaction.
type ExitView struct {
	exit.State
	Engagement model.Engagement
	// ConfidentialityPeriod is the contract's confidentiality_period
	// (6.2.2 b) 4)); ConfidentialityEnd the day it ends, counted from the
	// engagement's end (or the exit's planned end when the record has none).
	ConfidentialityPeriod string
	ConfidentialityEnd    model.Date
	Findings              []findings.Finding // open ones
}

// Exit reads the exit of engagement engID; View.Exit is nil when none has
// started. ErrNotFound when there is no such engagement.
func (s *Store) Exit(ctx context.Context, engID int64) (ExitView, error) {
	var v ExitView
	err := s.read(ctx, func(q queryer) error {
		var err error
		if v, err = exitOf(ctx, q, engID, true); err != nil {
			return err
		}
		return addOpenAccess(ctx, q, &v)
	})
	return v, classify(s.path, err)
}

func exitOf(ctx context.Context, q queryer, engID int64, items bool) (ExitView, error) {
	var v ExitView
	e, err := engagementOf(ctx, q, engID)
	if err != nil {
		return v, err
	}
	v.Engagement, v.Cloud = e, e.CloudWebsite
	c, err := contractOf(ctx, q, engID)
	if err != nil {
		return v, err
	}
	v.ConfidentialityPeriod = c.Values()["confidentiality_period"]
	fs, err := loadFindings(ctx, q, engID, false)
	if err != nil {
		return v, err
	}
	for _, f := range fs[engID] {
		if !f.State.Final() {
			v.Findings = append(v.Findings, f)
		}
	}
	v.OpenFindings = len(v.Findings)
	x, err := exitRecord(ctx, q, engID)
	if err != nil {
		return v, err
	}
	v.Exit = x
	end := e.PeriodEnd
	if x != nil && end == "" {
		end = x.PlannedEnd
	}
	v.ConfidentialityEnd, _ = exit.ConfidentialityEnd(end, v.ConfidentialityPeriod)
	if x == nil {
		return v, nil
	}
	err = eachRow(ctx, q, `SELECT item_id, status, note, evidence, checked_on, checked_by FROM exit_checks WHERE engagement_id = ?`,
		[]any{engID}, func(r *sql.Rows) error {
			var c exit.Check
			var st, on string
			if err := r.Scan(&c.ID, &st, &c.Note, &c.Evidence, &on, &c.CheckedBy); err != nil {
				return err
			}
			c.Status, c.On = exit.CheckStatus(st), model.Date(on)
			v.Checks = append(v.Checks, c)
			return nil
		})
	if err != nil {
		return v, err
	}
	// The checklist in its own order.
	byID := map[string]exit.Check{}
	for _, c := range v.Checks {
		byID[c.ID] = c
	}
	v.Checks = v.Checks[:0]
	for _, d := range exit.Checklist(v.Cloud) {
		c, ok := byID[d.ID]
		if !ok {
			c = exit.Check{ID: d.ID}
		}
		v.Checks = append(v.Checks, c)
	}
	if items {
		v.Items, err = exitItems(ctx, q, engID)
	}
	return v, err
}

func exitRecord(ctx context.Context, q queryer, engID int64) (*exit.Exit, error) {
	var x exit.Exit
	var trig, ps, pe, succ, so, ao, co, ackOn string
	err := q.QueryRowContext(ctx, `SELECT trigger, finding_id, reason, planned_start, planned_end, successor, successor_name,
		started_on, started_by, authorised_by, authorised_on, authorised_ref, deletion_plan, confirmed_by, confirmed_on,
		carry_over, carry_over_by, ack_by, ack_on FROM exits WHERE engagement_id = ?`, engID).Scan(
		&trig, &x.FindingID, &x.Reason, &ps, &pe, &succ, &x.SuccessorName, &so, &x.StartedBy, &x.AuthorisedBy, &ao,
		&x.AuthorisedRef, &x.DeletionPlan, &x.ConfirmedBy, &co, &x.CarryOver, &x.CarryOverBy, &x.AckBy, &ackOn)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	x.Trigger, x.Successor = exit.Trigger(trig), exit.Successor(succ)
	x.PlannedStart, x.PlannedEnd, x.StartedOn = model.Date(ps), model.Date(pe), model.Date(so)
	x.AuthorisedOn, x.ConfirmedOn, x.AckOn = model.Date(ao), model.Date(co), model.Date(ackOn)
	return &x, nil
}

const exitItemColumns = `id, type, name, description, format, size, sha256, sm3, sensitive, location,
	disposition, disposed_on, method, witness, media_cleared, evidence, verified_by, received`

func exitItems(ctx context.Context, q queryer, engID int64) ([]exit.Item, error) {
	var out []exit.Item
	err := eachRow(ctx, q, `SELECT `+exitItemColumns+` FROM exit_items WHERE engagement_id = ? ORDER BY id`, []any{engID},
		func(r *sql.Rows) error {
			var it exit.Item
			var typ, disp, on, recv string
			var sens, cleared int
			if err := r.Scan(&it.ID, &typ, &it.Name, &it.Description, &it.Format, &it.Size, &it.SHA256, &it.SM3, &sens,
				&it.Location, &disp, &on, &it.Method, &it.Witness, &cleared, &it.Evidence, &it.VerifiedBy, &recv); err != nil {
				return err
			}
			it.Type, it.Disposition, it.DisposedOn, it.Received = exit.ItemType(typ), exit.Disposition(disp), model.Date(on), exit.CheckState(recv)
			it.Sensitive, it.MediaCleared = sens != 0, cleared != 0
			out = append(out, it)
			return nil
		})
	return out, err
}

// exitChange runs one user action on the exit of engagement engID in one
// transaction: fn writes the change and returns the audit detail; then the
// audit record. A failure is audited in a transaction of its own.
func (s *Store) exitChange(ctx context.Context, op Operator, event string, engID int64, started bool,
	fn func(tx *sql.Tx, v *ExitView, now time.Time) (string, error)) error {
	var code string
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if code, err = engagementCode(ctx, tx, engID); err != nil {
			return err
		}
		v, err := exitOf(ctx, tx, engID, false)
		if err != nil {
			return err
		}
		if started && v.Exit == nil {
			return model.ValidationError{{Field: "exit", Key: KeyExitNotStarted, Clause: exit.ClauseStrategy}}
		}
		detail, err := fn(tx, &v, s.Now().UTC())
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, op, event, ObjectExit, code, detail, OutcomeSuccess)
	})
	if err != nil {
		err = s.riskError(err)
		if code == "" {
			code = fmt.Sprintf("#%d", engID)
		}
		s.AuditFailure(ctx, op, event, ObjectExit, code, err)
	}
	return err
}

func (s *Store) today() model.Date { return model.Date(s.Now().Format(model.DateLayout)) }

// StartExit starts the exit of engagement engID (8.2): the record, and the
// checklist generated from the contract's clauses, all open. One exit per
// engagement. With the trigger 8.2 a) the finding must be one of the
// engagement's.
func (s *Store) StartExit(ctx context.Context, op Operator, engID int64, x *exit.Exit) error {
	return s.exitChange(ctx, op, EventExitStart, engID, false, func(tx *sql.Tx, v *ExitView, now time.Time) (string, error) {
		if v.Exit != nil {
			return "", model.ValidationError{{Field: "exit", Key: KeyExitStarted, Clause: exit.ClauseStrategy}}
		}
		x.Normalise()
		x.StartedBy = op.Label()
		if x.StartedOn == "" {
			x.StartedOn = s.today()
		}
		if verr := x.Validate(); verr != nil {
			return "", verr
		}
		if x.Trigger != exit.TriggerAuditFinding {
			x.FindingID = 0
		} else if eng, err := recordEngagement(ctx, tx, "findings", x.FindingID); errors.Is(err, sql.ErrNoRows) || (err == nil && eng != engID) {
			return "", model.ValidationError{{Field: "exit.finding", Key: KeyExitNoFinding, Args: []any{x.FindingID}, Clause: exit.ClauseTerminate}}
		} else if err != nil {
			return "", err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO exits (engagement_id, trigger, finding_id, reason, planned_start, planned_end,
			successor, successor_name, started_on, started_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			engID, string(x.Trigger), x.FindingID, x.Reason, string(x.PlannedStart), string(x.PlannedEnd), string(x.Successor),
			x.SuccessorName, string(x.StartedOn), x.StartedBy, fmtTime(now))
		if err != nil {
			return "", err
		}
		defs := exit.Checklist(v.Cloud)
		for _, d := range defs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO exit_checks (engagement_id, item_id) VALUES (?, ?)`, engID, d.ID); err != nil {
				return "", err
			}
		}
		return fmt.Sprintf("trigger %s (%s), finding %d, planned %s–%s, successor %s %s; checklist of %d items",
			x.Trigger, x.Trigger.Clause(), x.FindingID, x.PlannedStart, x.PlannedEnd, x.Successor, auditValue(x.SuccessorName), len(defs)), nil
	})
}

// UpdateExit saves what can change of a started exit: the planned dates, the
// successor, the reason, the authorisation and deletion plan (seed 001
// 9.3.5 a)–b)), the vendor's confirmation (9.2.2 b)), the carry-over of open
// findings (8.2 a)) and the leader's acknowledgement of the report (8.2 d)).
// The trigger and the finding stay as started.
func (s *Store) UpdateExit(ctx context.Context, op Operator, engID int64, x *exit.Exit) error {
	return s.exitChange(ctx, op, EventExitUpdate, engID, true, func(tx *sql.Tx, v *ExitView, now time.Time) (string, error) {
		old := v.Exit
		x.Normalise()
		x.Trigger, x.FindingID, x.StartedOn, x.StartedBy = old.Trigger, old.FindingID, old.StartedOn, old.StartedBy
		if verr := x.Validate(); verr != nil {
			return "", verr
		}
		_, err := tx.ExecContext(ctx, `UPDATE exits SET reason = ?, planned_start = ?, planned_end = ?, successor = ?, successor_name = ?,
			authorised_by = ?, authorised_on = ?, authorised_ref = ?, deletion_plan = ?, confirmed_by = ?, confirmed_on = ?,
			carry_over = ?, carry_over_by = ?, ack_by = ?, ack_on = ?, updated_at = ? WHERE engagement_id = ?`,
			x.Reason, string(x.PlannedStart), string(x.PlannedEnd), string(x.Successor), x.SuccessorName,
			x.AuthorisedBy, string(x.AuthorisedOn), x.AuthorisedRef, x.DeletionPlan, x.ConfirmedBy, string(x.ConfirmedOn),
			x.CarryOver, x.CarryOverBy, x.AckBy, string(x.AckOn), fmtTime(now), engID)
		if err != nil {
			return "", err
		}
		return exitDiff(old, x), nil
	})
}

// exitDiff names what changed, for the audit record.
func exitDiff(a, b *exit.Exit) string {
	var parts []string
	f := func(name string, x, y any) {
		if fmt.Sprint(x) != fmt.Sprint(y) {
			parts = append(parts, fmt.Sprintf("%s %s → %s", name, auditValue(fmt.Sprint(x)), auditValue(fmt.Sprint(y))))
		}
	}
	f("planned_start", a.PlannedStart, b.PlannedStart)
	f("planned_end", a.PlannedEnd, b.PlannedEnd)
	f("successor", a.Successor, b.Successor)
	f("successor_name", a.SuccessorName, b.SuccessorName)
	f("reason", a.Reason, b.Reason)
	f("authorised_by (9.3.5 a))", a.AuthorisedBy, b.AuthorisedBy)
	f("authorised_on", a.AuthorisedOn, b.AuthorisedOn)
	f("authorised_ref", a.AuthorisedRef, b.AuthorisedRef)
	f("deletion_plan (9.3.5 b))", a.DeletionPlan, b.DeletionPlan)
	f("confirmed_by (9.2.2 b))", a.ConfirmedBy, b.ConfirmedBy)
	f("confirmed_on", a.ConfirmedOn, b.ConfirmedOn)
	f("carry_over (8.2 a))", a.CarryOver, b.CarryOver)
	f("carry_over_by", a.CarryOverBy, b.CarryOverBy)
	f("ack_by (8.2 d))", a.AckBy, b.AckBy)
	f("ack_on", a.AckOn, b.AckOn)
	if len(parts) == 0 {
		return "unchanged"
	}
	return strings.Join(parts, "; ")
}

// SetExitCheck records one checklist item: done or not applicable (with a
// note), its evidence and date, checked by op; or open again.
func (s *Store) SetExitCheck(ctx context.Context, op Operator, engID int64, c exit.Check) error {
	return s.exitChange(ctx, op, EventExitCheck, engID, true, func(tx *sql.Tx, v *ExitView, now time.Time) (string, error) {
		c.Note, c.Evidence = strings.TrimSpace(c.Note), strings.TrimSpace(c.Evidence)
		c.CheckedBy = ""
		if c.Status != exit.CheckOpen {
			c.CheckedBy = op.Label()
			if c.On == "" {
				c.On = s.today()
			}
		} else {
			c.On = ""
		}
		if verr := c.Validate(); verr != nil {
			return "", verr
		}
		res, err := tx.ExecContext(ctx, `UPDATE exit_checks SET status = ?, note = ?, evidence = ?, checked_on = ?, checked_by = ?
			WHERE engagement_id = ? AND item_id = ?`, string(c.Status), c.Note, c.Evidence, string(c.On), c.CheckedBy, engID, c.ID)
		if err != nil {
			return "", err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return "", model.ValidationError{{Field: "exit_check.id", Key: exit.KeyNoCheck, Args: []any{c.ID}, Clause: exit.ClauseStrategy}}
		}
		return fmt.Sprintf("%s → %q: %s", c.ID, c.Status, auditValue(c.Note)), nil
	})
}

// AddExitItems adds items to the inventory, all in one transaction or none:
// a folder of thousands of files, or a workbook the vendor filled. Each is
// validated first; the first problems are reported by position.
func (s *Store) AddExitItems(ctx context.Context, op Operator, engID int64, items []exit.Item) error {
	var verr model.ValidationError
	for i := range items {
		items[i].Normalise()
		items[i].Disposition, items[i].Received = exit.Undisposed, exit.Unchecked
		if v := items[i].Validate(); v != nil {
			verr = append(verr, rowError(i, v)...)
		}
		if len(verr) >= 20 {
			break
		}
	}
	if verr != nil {
		s.AuditFailure(ctx, op, EventExitItems, ObjectExit, fmt.Sprintf("#%d", engID), verr)
		return verr
	}
	return s.exitChange(ctx, op, EventExitItems, engID, true, func(tx *sql.Tx, v *ExitView, now time.Time) (string, error) {
		st, err := tx.PrepareContext(ctx, `INSERT INTO exit_items (engagement_id, type, name, description, format, size, sha256, sm3,
			sensitive, location) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return "", err
		}
		defer st.Close()
		var bytes int64
		for i := range items {
			it := &items[i]
			res, err := st.ExecContext(ctx, engID, string(it.Type), it.Name, it.Description, it.Format, it.Size, it.SHA256, it.SM3,
				boolInt(it.Sensitive), it.Location)
			if err != nil {
				return "", err
			}
			it.ID, _ = res.LastInsertId()
			bytes += it.Size
		}
		return fmt.Sprintf("%d items, %d bytes (seed 001 9.3.3)", len(items), bytes), nil
	})
}

// UpdateExitItem saves an item's description (type, name, format,
// sensitivity, location, checksums) — not its disposition.
func (s *Store) UpdateExitItem(ctx context.Context, op Operator, engID int64, it exit.Item) error {
	return s.exitChange(ctx, op, EventExitItems, engID, true, func(tx *sql.Tx, v *ExitView, now time.Time) (string, error) {
		it.Normalise()
		if verr := it.Validate(); verr != nil {
			return "", verr
		}
		res, err := tx.ExecContext(ctx, `UPDATE exit_items SET type = ?, name = ?, description = ?, format = ?, size = ?, sha256 = ?, sm3 = ?,
			sensitive = ?, location = ? WHERE id = ? AND engagement_id = ?`, string(it.Type), it.Name, it.Description, it.Format, it.Size,
			it.SHA256, it.SM3, boolInt(it.Sensitive), it.Location, it.ID, engID)
		if err != nil {
			return "", err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return "", model.ValidationError{{Field: "exit_item.id", Key: KeyExitNoItem, Args: []any{it.ID}, Clause: exit.ClauseInventory}}
		}
		return fmt.Sprintf("item %d updated: %s", it.ID, auditValue(it.Name)), nil
	})
}

// DeleteExitItem removes an item entered by mistake; a disposed item stays.
func (s *Store) DeleteExitItem(ctx context.Context, op Operator, engID, id int64) error {
	return s.exitChange(ctx, op, EventExitItems, engID, true, func(tx *sql.Tx, v *ExitView, now time.Time) (string, error) {
		res, err := tx.ExecContext(ctx, `DELETE FROM exit_items WHERE id = ? AND engagement_id = ? AND disposition = ''`, id, engID)
		if err != nil {
			return "", err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return "", model.ValidationError{{Field: "exit_item.id", Key: KeyExitNoItem, Args: []any{id}, Clause: exit.ClauseInventory}}
		}
		return fmt.Sprintf("item %d deleted", id), nil
	})
}

// DisposeExitItems records one disposition on the items ids (handed back or
// destroyed, or cleared), in one transaction: every item or none. A cloud
// engagement destroys nothing before the written authorisation and the
// deletion plan (seed 001 9.3.5 a)–b)).
func (s *Store) DisposeExitItems(ctx context.Context, op Operator, engID int64, ids []int64, d exit.Disposal) error {
	return s.exitChange(ctx, op, EventExitDispose, engID, true, func(tx *sql.Tx, v *ExitView, now time.Time) (string, error) {
		if len(ids) == 0 {
			return "", model.ValidationError{{Field: "exit_item.id", Key: KeyExitNoItem, Args: []any{int64(0)}, Clause: exit.ClauseDisposed}}
		}
		if d.On == "" && d.Disposition != exit.Undisposed {
			d.On = s.today()
		}
		up, err := tx.PrepareContext(ctx, `UPDATE exit_items SET disposition = ?, disposed_on = ?, method = ?, witness = ?,
			media_cleared = ?, evidence = ?, verified_by = ? WHERE id = ? AND engagement_id = ?`)
		if err != nil {
			return "", err
		}
		defer up.Close()
		for _, id := range ids {
			it := exit.Item{ID: id, Name: "-"}
			if verr := it.Apply(v.Exit, v.Cloud, d); verr != nil {
				return "", verr
			}
			res, err := up.ExecContext(ctx, string(it.Disposition), string(it.DisposedOn), it.Method, it.Witness, boolInt(it.MediaCleared),
				it.Evidence, it.VerifiedBy, id, engID)
			if err != nil {
				return "", err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return "", model.ValidationError{{Field: "exit_item.id", Key: KeyExitNoItem, Args: []any{id}, Clause: exit.ClauseDisposed}}
			}
		}
		return fmt.Sprintf("%d items %q on %s, method %s, witness %s, evidence %s, verified by %s", len(ids), d.Disposition, d.On,
			auditValue(d.Method), auditValue(d.Witness), auditValue(d.Evidence), auditValue(d.VerifiedBy)), nil
	})
}

// RecordReceipt stores the receiving check of seed 001 9.2.1 a)–b) for the
// items given, in one transaction.
func (s *Store) RecordReceipt(ctx context.Context, op Operator, engID int64, results map[int64]exit.CheckState) error {
	return s.exitChange(ctx, op, EventExitReceive, engID, true, func(tx *sql.Tx, v *ExitView, now time.Time) (string, error) {
		up, err := tx.PrepareContext(ctx, `UPDATE exit_items SET received = ? WHERE id = ? AND engagement_id = ?`)
		if err != nil {
			return "", err
		}
		defer up.Close()
		n := map[exit.CheckState]int{}
		for id, r := range results {
			if _, err := up.ExecContext(ctx, string(r), id, engID); err != nil {
				return "", err
			}
			n[r]++
		}
		return fmt.Sprintf("receiving check (9.2.1 a)–b)): %d matched, %d changed, %d missing", n[exit.Matched], n[exit.Changed], n[exit.Missing]), nil
	})
}

// addExitFacts fills the step "exit" (8.2) of every engagement with an exit.
func addExitFacts(ctx context.Context, q queryer, facts map[int64]model.Facts, only int64) error {
	where, args := "", []any(nil)
	if only != 0 {
		where, args = " WHERE engagement_id = ?", []any{only}
	}
	var ids []int64
	err := eachRow(ctx, q, `SELECT engagement_id FROM exits`+where, args, func(r *sql.Rows) error {
		var id int64
		if err := r.Scan(&id); err != nil {
			return err
		}
		ids = append(ids, id)
		return nil
	})
	if err != nil {
		return err
	}
	for _, id := range ids {
		v, err := exitOf(ctx, q, id, true)
		if err != nil {
			return err
		}
		if err := addOpenAccess(ctx, q, &v); err != nil {
			return err
		}
		st, blocks := v.LifecycleState()
		f := facts[id]
		if f.States == nil {
			f.States = map[model.StepID]model.State{}
		}
		f.States[model.StepExit] = st
		if len(blocks) > 0 {
			if f.Blocks == nil {
				f.Blocks = map[model.StepID][]model.Block{}
			}
			f.Blocks[model.StepExit] = append(f.Blocks[model.StepExit], blocks...)
		}
		facts[id] = f
	}
	return nil
}

// addOpenAccess names the people whose accounts or access, physical or
// electronic, are not all recorded as revoked (seed 001 9.3.1 d); A.4 b)),
// each with the accounts still open, from the people register.
func addOpenAccess(ctx context.Context, q queryer, v *ExitView) error {
	sc, err := screeningOf(ctx, q, v.Engagement.ID)
	if err != nil {
		return err
	}
	v.OpenAccess = nil
	for i := range sc.People {
		p := &sc.People[i]
		open := p.OpenAccesses()
		if len(open) == 0 {
			continue
		}
		names := make([]string, len(open))
		for j, a := range open {
			names[j] = a.Account
		}
		v.OpenAccess = append(v.OpenAccess, p.Name+" ("+strings.Join(names, ", ")+")")
	}
	return nil
}

// ImportExitItems writes the rows of a workbook (exit.ReadXLSX) in one
// transaction: a row with an ID updates that item (its description and, when
// the row gives one, its disposition), a row without one adds an item. A
// disposition is checked as DisposeExitItems checks it (seed 001 9.3.5 a)–b)).
func (s *Store) ImportExitItems(ctx context.Context, op Operator, engID int64, items []exit.Item) (added, updated int, err error) {
	err = s.exitChange(ctx, op, EventExitItems, engID, true, func(tx *sql.Tx, v *ExitView, now time.Time) (string, error) {
		added, updated = 0, 0
		for i := range items {
			it := items[i]
			d := exit.Disposal{Disposition: it.Disposition, On: it.DisposedOn, Method: it.Method, Witness: it.Witness,
				MediaCleared: it.MediaCleared, Evidence: it.Evidence, VerifiedBy: it.VerifiedBy}
			if d.Disposition != exit.Undisposed {
				if verr := it.Apply(v.Exit, v.Cloud, d); verr != nil {
					return "", rowError(i, verr)
				}
			}
			it.Normalise()
			if verr := it.Validate(); verr != nil {
				return "", rowError(i, verr)
			}
			if it.ID == 0 {
				_, err := tx.ExecContext(ctx, `INSERT INTO exit_items (engagement_id, type, name, description, format, size, sha256, sm3,
					sensitive, location, disposition, disposed_on, method, witness, media_cleared, evidence, verified_by)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, engID, string(it.Type), it.Name, it.Description, it.Format,
					it.Size, it.SHA256, it.SM3, boolInt(it.Sensitive), it.Location, string(it.Disposition), string(it.DisposedOn), it.Method,
					it.Witness, boolInt(it.MediaCleared), it.Evidence, it.VerifiedBy)
				if err != nil {
					return "", err
				}
				added++
				continue
			}
			q := `UPDATE exit_items SET type = ?, name = ?, description = ?, format = ?, size = ?, sha256 = ?, sm3 = ?, sensitive = ?, location = ?`
			args := []any{string(it.Type), it.Name, it.Description, it.Format, it.Size, it.SHA256, it.SM3, boolInt(it.Sensitive), it.Location}
			if it.Disposition != exit.Undisposed {
				q += `, disposition = ?, disposed_on = ?, method = ?, witness = ?, media_cleared = ?, evidence = ?, verified_by = ?`
				args = append(args, string(it.Disposition), string(it.DisposedOn), it.Method, it.Witness, boolInt(it.MediaCleared), it.Evidence, it.VerifiedBy)
			}
			res, err := tx.ExecContext(ctx, q+` WHERE id = ? AND engagement_id = ?`, append(args, it.ID, engID)...)
			if err != nil {
				return "", err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return "", rowError(i, model.ValidationError{{Field: "exit_item.id", Key: KeyExitNoItem, Args: []any{it.ID}, Clause: exit.ClauseInventory}})
			}
			updated++
		}
		return fmt.Sprintf("workbook import: %d added, %d updated (seed 001 9.3.3)", added, updated), nil
	})
	if err != nil {
		added, updated = 0, 0
	}
	return added, updated, err
}

// rowError places the problems of row i (0-based, after the header) at
// its item.
func rowError(i int, v model.ValidationError) model.ValidationError {
	return append(model.ValidationError{{Field: "exit_item.row", Key: KeyExitRow, Args: []any{i + 1}, Clause: exit.ClauseInventory}}, v...)
}
