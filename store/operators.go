package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
)

const settingOperator = "current_operator"

// Operators lists the operator profiles, oldest first.
func (s *Store) Operators(ctx context.Context) ([]Operator, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, role, unit, created_at FROM operators ORDER BY id`)
	if err != nil {
		return nil, classify(s.path, err)
	}
	defer rows.Close()
	var out []Operator
	for rows.Next() {
		var o Operator
		var created string
		if err := rows.Scan(&o.ID, &o.Name, &o.Role, &o.Unit, &created); err != nil {
			return nil, classify(s.path, err)
		}
		o.CreatedAt = parseTime(created)
		out = append(out, o)
	}
	return out, classify(s.path, rows.Err())
}

// CreateOperator adds an operator profile and makes it the current one. The
// profile names itself in the audit record of its own creation.
func (s *Store) CreateOperator(ctx context.Context, o Operator) (Operator, error) {
	o.Name, o.Role, o.Unit = strings.TrimSpace(o.Name), strings.TrimSpace(o.Role), strings.TrimSpace(o.Unit)
	if o.Name == "" {
		return o, &Error{Code: CodeConflict, Err: errors.New("operator name is empty")}
	}
	o.CreatedAt = s.Now().UTC()
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO operators (name, role, unit, created_at) VALUES (?, ?, ?, ?)`,
			o.Name, o.Role, o.Unit, fmtTime(o.CreatedAt))
		if err != nil {
			return err
		}
		if o.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		if err := setSetting(ctx, tx, settingOperator, strconv.FormatInt(o.ID, 10)); err != nil {
			return err
		}
		return s.audit(ctx, tx, o, EventOperatorCreate, "operator", strconv.FormatInt(o.ID, 10), o.Label(), OutcomeSuccess)
	})
	return o, classify(s.path, err)
}

// CurrentOperator is the profile chosen last on this database; ErrNotFound when
// none has been created yet (first start).
func (s *Store) CurrentOperator(ctx context.Context) (Operator, error) {
	var o Operator
	var created string
	err := s.db.QueryRowContext(ctx, `SELECT o.id, o.name, o.role, o.unit, o.created_at FROM operators o
		JOIN settings s ON s.key = ? AND s.value = CAST(o.id AS TEXT)`, settingOperator).
		Scan(&o.ID, &o.Name, &o.Role, &o.Unit, &created)
	if errors.Is(err, sql.ErrNoRows) {
		// The setting may be missing; fall back to the newest profile.
		err = s.db.QueryRowContext(ctx, `SELECT id, name, role, unit, created_at FROM operators ORDER BY id DESC LIMIT 1`).
			Scan(&o.ID, &o.Name, &o.Role, &o.Unit, &created)
	}
	if err != nil {
		return o, classify(s.path, err)
	}
	o.CreatedAt = parseTime(created)
	return o, nil
}

// SelectOperator makes an existing profile the current one.
func (s *Store) SelectOperator(ctx context.Context, id int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM operators WHERE id = ?`, id).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return &Error{Code: CodeNotFound}
		}
		return setSetting(ctx, tx, settingOperator, strconv.FormatInt(id, 10))
	})
}

func setSetting(ctx context.Context, tx *sql.Tx, key, value string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}

// Setting reads a stored preference; "" when unset.
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, classify(s.path, err)
}

// SetSetting stores a preference (a remembered folder, a sort order). Settings are
// not audited: they change no record.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	return s.tx(ctx, func(tx *sql.Tx) error { return setSetting(ctx, tx, key, value) })
}

// SystemOperator stands for the command line when no profile exists yet: the
// login name of the user running it.
func SystemOperator(login string) Operator {
	if login == "" {
		login = "cli"
	}
	return Operator{Name: login, Role: "cli"}
}
