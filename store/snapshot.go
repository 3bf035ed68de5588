package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"outsec/model"
	"outsec/model/contract"
	"outsec/model/filing"
	"outsec/model/plan"
	"outsec/model/risk"
	"outsec/model/screening"
)

// Snapshot is what the documents of one engagement show, read at one moment:
// a document fills its sections and its lifecycle from the same state of the
// database, never half from before a change and half from after it.
type Snapshot struct {
	// At is the time of the snapshot (Store.Now), taken inside its
	// transaction, after its first read.
	At time.Time
	// Engagement is what Engagement returns, with its managers.
	Engagement model.Engagement
	// RiskAssessment is what RiskAssessment returns: the settings, every
	// register, the conclusion, the scores as stored.
	RiskAssessment risk.Assessment
	// Screening is what Screening returns.
	Screening screening.Screening
	// Contract is what Contract returns.
	Contract contract.Contract
	// Facts is what LifecycleFacts reports for the engagement: the states
	// and blocks of its workflows, its latest documents of each kind (signed
	// or not) and the policy "approvals are signed" applied. The zero Facts
	// when no workflow has a record.
	Facts model.Facts
	// Plan is what Plan returns; Filings what Filings returns, and
	// FilingNow what CurrentFiling returns (store/filing.go).
	Plan      plan.Plan
	Filings   []filing.Version
	FilingNow filing.Snapshot
	// Register is the findings register, the incidents and their evidence
	// (store/findings_snapshot.go).
	Register RegisterSnapshot
	// AuditHead is the audit chain's newest record at the snapshot: a
	// signed export carries it as its anchor (issue 17, hole 5).
	AuditHead AuditHead
	// Exit is what Exit returns (store/exit.go).
	Exit ExitView
	// Supervision is the records of clause 7 (store/supervision_snapshot.go).
	Supervision SupervisionSnapshot
}

// Snapshot reads engagement id with its risk assessment, screening, contract
// and lifecycle facts in one read transaction (Store.read). ErrNotFound when
// there is no such engagement.
//
// One transaction is what makes it one moment. The store has one connection,
// held with locking_mode=EXCLUSIVE (Open): no other process can open the
// file, and database/sql lends the connection to the transaction until it
// ends, so every other call of this store — a write from another goroutine,
// as the workbench's commands are, included — waits until the snapshot is
// taken; and in WAL mode every query of the transaction sees the database as
// of its first read. Calling Engagement, RiskAssessment … one after another
// takes the connection anew for each, and a write waiting for it lands
// between two of them.
func (s *Store) Snapshot(ctx context.Context, engagementID int64) (Snapshot, error) {
	var snap Snapshot
	err := s.read(ctx, func(q queryer) error {
		var err error
		if snap.Engagement, err = engagementOf(ctx, q, engagementID); err != nil {
			return err
		}
		snap.At = s.Now()
		if snap.RiskAssessment, _, err = loadAssessment(ctx, q, engagementID); err != nil {
			return err
		}
		if snap.Screening, err = screeningOf(ctx, q, engagementID); err != nil {
			return err
		}
		if snap.Contract, err = contractOf(ctx, q, engagementID); err != nil {
			return err
		}
		if snap.Register, err = registerSnapshot(ctx, q, engagementID); err != nil {
			return err
		}
		if snap.Exit, err = exitOf(ctx, q, engagementID, true); err != nil { // store/exit.go
			return err
		}
		if err = addOpenAccess(ctx, q, &snap.Exit); err != nil {
			return err
		}
		facts, err := lifecycleFacts(ctx, q, engagementID, snap.At)
		snap.Facts = facts[engagementID]
		if err != nil {
			return err
		}
		if err := planFilingSnapshot(ctx, q, &snap, engagementID); err != nil { // store/filing.go
			return err
		}
		if snap.Supervision, err = supervisionSnapshot(ctx, q, engagementID); err != nil { // store/supervision_snapshot.go
			return err
		}
		if err := q.QueryRowContext(ctx, `SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1`).Scan(&snap.AuditHead.ID, &snap.AuditHead.Hash); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		return nil
	})
	if err != nil {
		return Snapshot{}, classify(s.path, err)
	}
	return snap, nil
}
