package store

import (
	"context"
	"database/sql"
	"strconv"
)

// Draft is a wizard's unfinished work, kept so that nothing typed is lost: the
// wizard saves it after each completed group (DESIGN.md, the tool's own safety).
// Data is the wizard's own JSON; Step is the group to resume at.
type Draft struct {
	ID           int64
	Kind         string
	EngagementID int64 // 0 for a new engagement
	Step         int
	Data         []byte
	Operator     string
	UpdatedAt    string
}

// DraftEngagement is the kind of the engagement wizard's drafts.
const DraftEngagement = "engagement"

// SaveDraft creates the draft (ID 0) or replaces it, and returns its id.
func (s *Store) SaveDraft(ctx context.Context, op Operator, d Draft) (int64, error) {
	now := fmtTime(s.Now())
	var eng any
	if d.EngagementID != 0 {
		eng = d.EngagementID
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if d.ID != 0 {
			res, err := tx.ExecContext(ctx, `UPDATE drafts SET step = ?, data = ?, operator = ?, updated_at = ? WHERE id = ?`,
				d.Step, string(d.Data), op.Label(), now, d.ID)
			if err != nil {
				return err
			}
			// Updates are autosaves, made whenever the user leaves a changed
			// field: the draft's creation and its end (discarded, or saved as
			// an engagement) are audited, not every keystroke's worth between.
			if n, _ := res.RowsAffected(); n == 1 {
				return nil
			}
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO drafts (kind, engagement_id, step, data, operator, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
			d.Kind, eng, d.Step, string(d.Data), op.Label(), now)
		if err != nil {
			return err
		}
		if d.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		return s.audit(ctx, tx, op, EventDraftSave, "draft", strconv.FormatInt(d.ID, 10), "step "+strconv.Itoa(d.Step), OutcomeSuccess)
	})
	return d.ID, classify(s.path, err)
}

// Drafts lists the unfinished drafts of a kind, newest first.
func (s *Store) Drafts(ctx context.Context, kind string) ([]Draft, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, kind, coalesce(engagement_id, 0), step, data, operator, updated_at
		FROM drafts WHERE kind = ? ORDER BY updated_at DESC, id DESC`, kind)
	if err != nil {
		return nil, classify(s.path, err)
	}
	defer rows.Close()
	var out []Draft
	for rows.Next() {
		var d Draft
		var data string
		if err := rows.Scan(&d.ID, &d.Kind, &d.EngagementID, &d.Step, &data, &d.Operator, &d.UpdatedAt); err != nil {
			return nil, classify(s.path, err)
		}
		d.Data = []byte(data)
		out = append(out, d)
	}
	return out, classify(s.path, rows.Err())
}

// DiscardDraft deletes a draft the user chose not to resume.
func (s *Store) DiscardDraft(ctx context.Context, op Operator, id int64) error {
	return classify(s.path, s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM drafts WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &Error{Code: CodeNotFound}
		}
		return s.audit(ctx, tx, op, EventDraftDiscard, "draft", strconv.FormatInt(id, 10), "", OutcomeSuccess)
	}))
}
