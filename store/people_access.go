package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"outsec/model"
	"outsec/model/screening"
)

// People as supervision needs them (GB/T 32926—2016 7.2 a) 2), 4); A.4 b)):
// the accesses granted to each person of the register and when they were
// revoked, the trainings received (tables person_accesses, person_trainings)
// and when the person left (people.left_date). They load with the screening
// (Store.Screening) and travel with it in case files. Every change is one
// transaction with its audit record, through screeningAction.

// Audit events of people's access and training.
const (
	EventAccessGrant    = "person.access.grant"
	EventAccessUpdate   = "person.access.update"
	EventAccessRevoke   = "person.access.revoke"
	EventAccessDelete   = "person.access.delete"
	EventTrainingAdd    = "person.training.add"
	EventTrainingDelete = "person.training.delete"
	EventPersonLeft     = "person.left"
)

// loadPeopleAccess reads the accesses and trainings of the people of
// engagement engagementID (every engagement when 0) into the person at(id)
// gives, in the order they were recorded.
func loadPeopleAccess(ctx context.Context, q screeningQuerier, engagementID int64, at func(personID int64) *screening.Person) error {
	where, args := "", []any(nil)
	if engagementID != 0 {
		where, args = " WHERE person_id IN (SELECT id FROM people WHERE engagement_id = ?)", []any{engagementID}
	}
	rows, err := q.QueryContext(ctx, `SELECT id, person_id, account, rights, kind, privileged, granted, revoked, notes
		FROM person_accesses`+where+` ORDER BY granted, id`, args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var a screening.Access
		var pid int64
		var kind, granted, revoked string
		var priv int
		if err := rows.Scan(&a.ID, &pid, &a.Account, &a.Rights, &kind, &priv, &granted, &revoked, &a.Notes); err != nil {
			rows.Close()
			return err
		}
		a.Kind, a.Privileged, a.Granted, a.Revoked = screening.AccessKind(kind), priv == 1, model.Date(granted), model.Date(revoked)
		if p := at(pid); p != nil {
			p.Accesses = append(p.Accesses, a)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = q.QueryContext(ctx, `SELECT id, person_id, date, topic, hours, record FROM person_trainings`+where+` ORDER BY date, id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var t screening.Training
		var pid int64
		var date string
		if err := rows.Scan(&t.ID, &pid, &date, &t.Topic, &t.Hours, &t.Record); err != nil {
			return err
		}
		t.Date = model.Date(date)
		if p := at(pid); p != nil {
			p.Trainings = append(p.Trainings, t)
		}
	}
	return rows.Err()
}

func normaliseAccess(a *screening.Access) {
	a.Account, a.Rights, a.Notes = strings.TrimSpace(a.Account), strings.TrimSpace(a.Rights), strings.TrimSpace(a.Notes)
}

func normaliseTraining(t *screening.Training) {
	t.Topic, t.Record = strings.TrimSpace(t.Topic), strings.TrimSpace(t.Record)
}

func insertAccess(ctx context.Context, tx *sql.Tx, personID int64, a *screening.Access, now time.Time) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO person_accesses (person_id, account, rights, kind, privileged, granted, revoked, notes,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, personID, a.Account, a.Rights, string(a.Kind), boolInt(a.Privileged),
		string(a.Granted), string(a.Revoked), a.Notes, fmtTime(now), fmtTime(now))
	if err != nil {
		return err
	}
	a.ID, err = res.LastInsertId()
	return err
}

func insertTraining(ctx context.Context, tx *sql.Tx, personID int64, t *screening.Training, now time.Time) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO person_trainings (person_id, date, topic, hours, record, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		personID, string(t.Date), t.Topic, t.Hours, t.Record, fmtTime(now))
	if err != nil {
		return err
	}
	t.ID, err = res.LastInsertId()
	return err
}

// insertPeopleAccess writes the accesses and trainings of a person just
// inserted (a new person, a case file's).
func insertPeopleAccess(ctx context.Context, tx *sql.Tx, p *screening.Person, now time.Time) error {
	for i := range p.Accesses {
		normaliseAccess(&p.Accesses[i])
		if err := insertAccess(ctx, tx, p.ID, &p.Accesses[i], now); err != nil {
			return err
		}
	}
	for i := range p.Trainings {
		normaliseTraining(&p.Trainings[i])
		if err := insertTraining(ctx, tx, p.ID, &p.Trainings[i], now); err != nil {
			return err
		}
	}
	return nil
}

func accessDetail(name string, a *screening.Access) string {
	d := fmt.Sprintf("%s; %s %s granted %s", name, a.Kind, auditValue(a.Account), a.Granted)
	if a.Privileged {
		d += " privileged"
	}
	if !a.Open() {
		d += " revoked " + string(a.Revoked)
	}
	return d
}

// accessPerson is the person access id belongs to; sql.ErrNoRows when none.
func accessPerson(ctx context.Context, q queryer, table string, id int64) (int64, error) {
	var pid int64
	err := q.QueryRowContext(ctx, `SELECT person_id FROM `+table+` WHERE id = ?`, id).Scan(&pid)
	return pid, err
}

// GrantAccess records an account or access right granted to person personID
// (7.2 a) 2)) and sets a.ID.
func (s *Store) GrantAccess(ctx context.Context, op Operator, personID int64, a *screening.Access) error {
	normaliseAccess(a)
	return s.screeningAction(ctx, op, EventAccessGrant, 0, personID, a.Validate("access"), func(tx *sql.Tx, name string) (string, int64, error) {
		return accessDetail(name, a), 0, insertAccess(ctx, tx, personID, a, s.Now())
	})
}

// UpdateAccess saves access a.ID as given: what it is, its dates, whether it
// is privileged.
func (s *Store) UpdateAccess(ctx context.Context, op Operator, a *screening.Access) error {
	normaliseAccess(a)
	pid, err := accessPerson(ctx, s.db, "person_accesses", a.ID)
	if err != nil {
		return classify(s.path, err)
	}
	return s.screeningAction(ctx, op, EventAccessUpdate, 0, pid, a.Validate("access"), func(tx *sql.Tx, name string) (string, int64, error) {
		_, err := tx.ExecContext(ctx, `UPDATE person_accesses SET account = ?, rights = ?, kind = ?, privileged = ?, granted = ?, revoked = ?,
			notes = ?, updated_at = ? WHERE id = ?`, a.Account, a.Rights, string(a.Kind), boolInt(a.Privileged), string(a.Granted),
			string(a.Revoked), a.Notes, fmtTime(s.Now()), a.ID)
		return accessDetail(name, a), 0, err
	})
}

// RevokeAccess records that access id was revoked on the date given; a
// date before its grant is refused.
func (s *Store) RevokeAccess(ctx context.Context, op Operator, id int64, on model.Date) error {
	pid, err := accessPerson(ctx, s.db, "person_accesses", id)
	if err != nil {
		return classify(s.path, err)
	}
	var a screening.Access
	var granted string
	if err := s.db.QueryRowContext(ctx, `SELECT account, kind, granted FROM person_accesses WHERE id = ?`, id).Scan(&a.Account, &a.Kind, &granted); err != nil {
		return classify(s.path, err)
	}
	a.Granted, a.Revoked = model.Date(granted), on
	verr := a.Validate("access")
	if on.IsZero() {
		verr = append(verr, model.FieldError{Field: "access.revoked", Key: "err.required", Clause: screening.ClauseAccessGranted})
	}
	return s.screeningAction(ctx, op, EventAccessRevoke, 0, pid, verr, func(tx *sql.Tx, name string) (string, int64, error) {
		_, err := tx.ExecContext(ctx, `UPDATE person_accesses SET revoked = ?, updated_at = ? WHERE id = ?`, string(on), fmtTime(s.Now()), id)
		return accessDetail(name, &a), 0, err
	})
}

// DeleteAccess removes an access recorded in error.
func (s *Store) DeleteAccess(ctx context.Context, op Operator, id int64) error {
	pid, err := accessPerson(ctx, s.db, "person_accesses", id)
	if err != nil {
		return classify(s.path, err)
	}
	return s.screeningAction(ctx, op, EventAccessDelete, 0, pid, nil, func(tx *sql.Tx, name string) (string, int64, error) {
		_, err := tx.ExecContext(ctx, `DELETE FROM person_accesses WHERE id = ?`, id)
		return fmt.Sprintf("%s; access %d", name, id), 0, err
	})
}

// AddTraining records a training person personID received (7.2 a) 4)) and
// sets t.ID.
func (s *Store) AddTraining(ctx context.Context, op Operator, personID int64, t *screening.Training) error {
	normaliseTraining(t)
	return s.screeningAction(ctx, op, EventTrainingAdd, 0, personID, t.Validate("training"), func(tx *sql.Tx, name string) (string, int64, error) {
		return fmt.Sprintf("%s; %s %s %gh", name, t.Date, auditValue(t.Topic), t.Hours), 0, insertTraining(ctx, tx, personID, t, s.Now())
	})
}

// DeleteTraining removes a training recorded in error.
func (s *Store) DeleteTraining(ctx context.Context, op Operator, id int64) error {
	pid, err := accessPerson(ctx, s.db, "person_trainings", id)
	if err != nil {
		return classify(s.path, err)
	}
	return s.screeningAction(ctx, op, EventTrainingDelete, 0, pid, nil, func(tx *sql.Tx, name string) (string, int64, error) {
		_, err := tx.ExecContext(ctx, `DELETE FROM person_trainings WHERE id = ?`, id)
		return fmt.Sprintf("%s; training %d", name, id), 0, err
	})
}

// SetPersonLeft records the date person personID left the service (empty:
// still there); a date before the person joined is refused.
func (s *Store) SetPersonLeft(ctx context.Context, op Operator, personID int64, on model.Date) error {
	var start string
	if err := s.db.QueryRowContext(ctx, `SELECT start_date FROM people WHERE id = ?`, personID).Scan(&start); err != nil {
		return classify(s.path, err)
	}
	p := screening.Person{Name: "-", StartDate: model.Date(start), LeftDate: on}
	var verr model.ValidationError
	for _, f := range p.Validate() {
		if f.Field == "person.left_date" {
			verr = append(verr, f)
		}
	}
	return s.screeningAction(ctx, op, EventPersonLeft, 0, personID, verr, func(tx *sql.Tx, name string) (string, int64, error) {
		_, err := tx.ExecContext(ctx, `UPDATE people SET left_date = ?, updated_at = ? WHERE id = ?`, string(on), fmtTime(s.Now()), personID)
		return fmt.Sprintf("%s; left %s", name, on), 0, err
	})
}

// OpenAccess is a person of the register with the accesses not yet revoked.
type OpenAccess struct {
	PersonID int64
	Name     string
	Role     string
	Left     model.Date // when the person left; empty: still on the service
	Accesses []screening.Access
}

// LeftWithAccess reports whether the person has left with these accesses
// still open (7.2 a) 2); A.4 b)).
func (o OpenAccess) LeftWithAccess() bool { return !o.Left.IsZero() && len(o.Accesses) > 0 }

// OpenAccesses lists, by name, every person of engagement engagementID with
// an access not revoked, and those accesses: what the service exit must
// revoke (8.2), what the deliverable verification checks (7.2 a) 2)).
// ErrNotFound when there is no such engagement.
func (s *Store) OpenAccesses(ctx context.Context, engagementID int64) ([]OpenAccess, error) {
	sc, err := s.Screening(ctx, engagementID)
	if err != nil {
		return nil, err
	}
	var out []OpenAccess
	for i := range sc.People {
		p := &sc.People[i]
		if open := p.OpenAccesses(); len(open) > 0 {
			out = append(out, OpenAccess{PersonID: p.ID, Name: p.Name, Role: p.Role, Left: p.LeftDate, Accesses: open})
		}
	}
	sortByName(out)
	return out, nil
}

func sortByName(out []OpenAccess) {
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && (out[j].Name < out[j-1].Name || (out[j].Name == out[j-1].Name && out[j].PersonID < out[j-1].PersonID)); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
}
