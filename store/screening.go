package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"outsec/model"
	"outsec/model/screening"
)

// Vendor and personnel screening (GB/T 32926—2016 6.1): the vendor's checklist,
// the register of service personnel and each person's checklist. Every change
// is one transaction with its audit record; a refused change writes nothing
// but its failure record.

// Audit events of the screening.
const (
	EventVendorScreen = "vendor.screen" // an answer on the vendor's checklist
	EventPersonCreate = "person.create"
	EventPersonUpdate = "person.update"
	EventPersonDelete = "person.delete"
	EventPersonScreen = "person.screen" // an answer on a person's checklist
)

type screeningQuerier interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}

// screeningItemOrder places each item id in the order of its list.
var screeningItemOrder = func() map[string]int {
	m := map[string]int{}
	for _, list := range [][]screening.Item{screening.VendorItems, screening.PersonItems} {
		for i, it := range list {
			m[it.ID] = i
		}
	}
	return m
}()

func sortChecklist(c screening.Checklist) {
	sort.SliceStable(c, func(i, j int) bool { return screeningItemOrder[c[i].Item] < screeningItemOrder[c[j].Item] })
}

const personColumns = `id, engagement_id, name, role, id_type, id_number, employer, phone, start_date, nda_signed, notes, left_date`

func scanPerson(r scanner) (screening.Person, int64, error) {
	var p screening.Person
	var eid int64
	var idType, start, nda, left string
	err := r.Scan(&p.ID, &eid, &p.Name, &p.Role, &idType, &p.IDNumber, &p.Employer, &p.Phone, &start, &nda, &p.Notes, &left)
	p.IDType, p.StartDate, p.NDASigned, p.LeftDate = screening.IDType(idType), model.Date(start), model.Date(nda), model.Date(left)
	return p, eid, err
}

// loadScreening reads the screening of engagement engagementID, or of every
// engagement when it is 0, keyed by engagement id; engagements without
// screening records are absent.
func loadScreening(ctx context.Context, q screeningQuerier, engagementID int64) (map[int64]*screening.Screening, error) {
	out := map[int64]*screening.Screening{}
	get := func(id int64) *screening.Screening {
		s := out[id]
		if s == nil {
			s = &screening.Screening{}
			out[id] = s
		}
		return s
	}
	where, args := "", []any(nil)
	if engagementID != 0 {
		where, args = " WHERE engagement_id = ?", []any{engagementID}
	}
	rows, err := q.QueryContext(ctx, `SELECT engagement_id, item, result, evidence FROM vendor_screening`+where, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var a screening.Answer
		var r string
		if err := rows.Scan(&id, &a.Item, &r, &a.Evidence); err != nil {
			rows.Close()
			return nil, err
		}
		a.Result = screening.Result(r)
		s := get(id)
		s.Vendor = append(s.Vendor, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	// People in the order they were added; their index to attach answers.
	type at struct {
		eid int64
		i   int
	}
	people := map[int64]at{}
	rows, err = q.QueryContext(ctx, `SELECT `+personColumns+` FROM people`+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		p, eid, err := scanPerson(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		s := get(eid)
		people[p.ID] = at{eid, len(s.People)}
		s.People = append(s.People, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	pwhere := ""
	if engagementID != 0 {
		pwhere = " WHERE person_id IN (SELECT id FROM people WHERE engagement_id = ?)"
	}
	rows, err = q.QueryContext(ctx, `SELECT person_id, item, result, evidence FROM person_screening`+pwhere, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var pid int64
		var a screening.Answer
		var r string
		if err := rows.Scan(&pid, &a.Item, &r, &a.Evidence); err != nil {
			rows.Close()
			return nil, err
		}
		a.Result = screening.Result(r)
		if loc, ok := people[pid]; ok {
			p := &out[loc.eid].People[loc.i]
			p.Checklist = append(p.Checklist, a)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := loadPeopleAccess(ctx, q, engagementID, func(pid int64) *screening.Person {
		if loc, ok := people[pid]; ok {
			return &out[loc.eid].People[loc.i]
		}
		return nil
	}); err != nil {
		return nil, err
	}
	for _, s := range out {
		sortChecklist(s.Vendor)
		for i := range s.People {
			sortChecklist(s.People[i].Checklist)
		}
	}
	return out, nil
}

// Screening returns the screening of engagement id: the vendor's answers in
// item order and the people in the order they were added, with theirs.
// ErrNotFound when there is no such engagement.
func (s *Store) Screening(ctx context.Context, engagementID int64) (screening.Screening, error) {
	var sc screening.Screening
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var one int
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM engagements WHERE id = ?`, engagementID).Scan(&one); err != nil {
			return err
		}
		var err error
		sc, err = screeningOf(ctx, tx, engagementID)
		return err
	})
	return sc, classify(s.path, err)
}

func screeningOf(ctx context.Context, q screeningQuerier, engagementID int64) (screening.Screening, error) {
	m, err := loadScreening(ctx, q, engagementID)
	if err != nil || m[engagementID] == nil {
		return screening.Screening{}, err
	}
	return *m[engagementID], nil
}

// ScreeningFacts is what the screening reports to the lifecycle, for every
// engagement that has screening records; an engagement absent from the map
// has none (its step is not started). LifecycleFacts includes it.
func (s *Store) ScreeningFacts(ctx context.Context) (map[int64]model.Facts, error) {
	facts := map[int64]model.Facts{}
	if err := addScreeningFacts(ctx, s.db, facts, 0); err != nil {
		return nil, classify(s.path, err)
	}
	return facts, nil
}

// addScreeningFacts fills the screening step (model.StepScreening) of the
// facts of every engagement with screening records, adding entries as needed
// and leaving the other steps as they are; only that of engagement only when
// it is not 0. q is the database or the transaction the other facts are read
// in.
func addScreeningFacts(ctx context.Context, q screeningQuerier, facts map[int64]model.Facts, only int64) error {
	all, err := loadScreening(ctx, q, only)
	if err != nil {
		return err
	}
	for id, sc := range all {
		f := facts[id]
		sc.Facts(&f)
		facts[id] = f
	}
	return nil
}

func normalisePerson(p *screening.Person) {
	// The identity document number is kept exactly as entered.
	for _, f := range []*string{&p.Name, &p.Role, &p.Employer, &p.Phone, &p.Notes} {
		*f = strings.TrimSpace(*f)
	}
	for i := range p.Checklist {
		p.Checklist[i].Evidence = strings.TrimSpace(p.Checklist[i].Evidence)
	}
}

// screeningObject names the object of a screening action in the audit trail:
// the engagement's code, or code/person id for a person. It fails with
// sql.ErrNoRows when the engagement or the person does not exist.
func screeningObject(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, engagementID, personID int64) (obj, name string, err error) {
	if personID == 0 {
		err = q.QueryRowContext(ctx, `SELECT code FROM engagements WHERE id = ?`, engagementID).Scan(&obj)
		return obj, "", err
	}
	var code string
	err = q.QueryRowContext(ctx, `SELECT e.code, p.name FROM people p JOIN engagements e ON e.id = p.engagement_id WHERE p.id = ?`,
		personID).Scan(&code, &name)
	return fmt.Sprintf("%s/%d", code, personID), name, err
}

// screeningAction is one user action of the screening on an engagement or on
// one of its people (personID ≠ 0): validated beforehand, then written with its
// audit record in one transaction. A failure is audited in a transaction of
// its own. write gets the person's name and returns the record's detail and,
// when it created a person, the new person's id.
func (s *Store) screeningAction(ctx context.Context, op Operator, event string, engagementID, personID int64,
	verr model.ValidationError, write func(tx *sql.Tx, name string) (detail string, created int64, err error)) error {
	objType := "engagement"
	if personID != 0 {
		objType = "person"
	}
	failed := func(cause error) {
		obj, _, err := screeningObject(ctx, s.db, engagementID, personID)
		if err != nil {
			obj = fmt.Sprintf("#%d/%d", engagementID, personID)
		}
		s.AuditFailure(ctx, op, event, objType, obj, cause)
	}
	if verr != nil {
		failed(verr)
		return verr
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		obj, name, err := screeningObject(ctx, tx, engagementID, personID)
		if err != nil {
			return err
		}
		detail, created, err := write(tx, name)
		if err != nil {
			return err
		}
		if created != 0 {
			objType, obj = "person", fmt.Sprintf("%s/%d", obj, created)
		}
		return s.audit(ctx, tx, op, event, objType, obj, detail, OutcomeSuccess)
	})
	if err != nil {
		err = classify(s.path, err)
		failed(err)
	}
	return err
}

func answerDetail(a screening.Answer) string { return a.Item + "=" + string(a.Result) }

// SaveVendorAnswer records the answer on one item of the vendor's checklist
// (6.1 b)) of engagement id. An answer that records nothing (unknown, no
// evidence) removes the item's answer.
func (s *Store) SaveVendorAnswer(ctx context.Context, op Operator, engagementID int64, a screening.Answer) error {
	a.Evidence = strings.TrimSpace(a.Evidence)
	verr := screening.ValidateChecklist(screening.Checklist{a}, screening.VendorItems, "vendor_checklist")
	return s.screeningAction(ctx, op, EventVendorScreen, engagementID, 0, verr, func(tx *sql.Tx, _ string) (string, int64, error) {
		return answerDetail(a), 0, writeVendorAnswer(ctx, tx, engagementID, a, s.Now())
	})
}

// SavePersonAnswer records the answer on one item of a person's checklist
// (6.1 c)).
func (s *Store) SavePersonAnswer(ctx context.Context, op Operator, personID int64, a screening.Answer) error {
	a.Evidence = strings.TrimSpace(a.Evidence)
	verr := screening.ValidateChecklist(screening.Checklist{a}, screening.PersonItems, "person.checklist")
	return s.screeningAction(ctx, op, EventPersonScreen, 0, personID, verr, func(tx *sql.Tx, name string) (string, int64, error) {
		return name + "; " + answerDetail(a), 0, writePersonAnswer(ctx, tx, personID, a, s.Now())
	})
}

func writeVendorAnswer(ctx context.Context, tx *sql.Tx, engagementID int64, a screening.Answer, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM vendor_screening WHERE engagement_id = ? AND item = ?`, engagementID, a.Item); err != nil {
		return err
	}
	if !a.Recorded() {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO vendor_screening (engagement_id, item, result, evidence, updated_at) VALUES (?, ?, ?, ?, ?)`,
		engagementID, a.Item, string(a.Result), a.Evidence, fmtTime(now))
	return err
}

func writePersonAnswer(ctx context.Context, tx *sql.Tx, personID int64, a screening.Answer, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM person_screening WHERE person_id = ? AND item = ?`, personID, a.Item); err != nil {
		return err
	}
	if !a.Recorded() {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO person_screening (person_id, item, result, evidence, updated_at) VALUES (?, ?, ?, ?, ?)`,
		personID, a.Item, string(a.Result), a.Evidence, fmtTime(now))
	return err
}

func insertPerson(ctx context.Context, tx *sql.Tx, engagementID int64, p *screening.Person, now time.Time) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO people (engagement_id, name, role, id_type, id_number, employer, phone,
		start_date, nda_signed, notes, created_at, updated_at, left_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		engagementID, p.Name, p.Role, string(p.IDType), p.IDNumber, p.Employer, p.Phone, string(p.StartDate),
		string(p.NDASigned), p.Notes, fmtTime(now), fmtTime(now), string(p.LeftDate))
	if err != nil {
		return err
	}
	if p.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	for _, a := range p.Checklist {
		if err := writePersonAnswer(ctx, tx, p.ID, a, now); err != nil {
			return err
		}
	}
	return insertPeopleAccess(ctx, tx, p, now)
}

// CreatePerson adds a service person to the register of engagement id, with
// the answers of p.Checklist, and sets p.ID.
func (s *Store) CreatePerson(ctx context.Context, op Operator, engagementID int64, p *screening.Person) error {
	normalisePerson(p)
	return s.screeningAction(ctx, op, EventPersonCreate, engagementID, 0, p.Validate(), func(tx *sql.Tx, _ string) (string, int64, error) {
		err := insertPerson(ctx, tx, engagementID, p, s.Now())
		return p.Name, p.ID, err
	})
}

// UpdatePerson saves the register fields of the person with p.ID: name, role,
// identity document, employer, phone, dates, notes. The checklist is changed
// one answer at a time (SavePersonAnswer) and is left as it is; so are the
// leaving date, the accesses and the trainings (SetPersonLeft, GrantAccess,
// AddTraining: people_access.go).
func (s *Store) UpdatePerson(ctx context.Context, op Operator, p *screening.Person) error {
	normalisePerson(p)
	return s.screeningAction(ctx, op, EventPersonUpdate, 0, p.ID, p.Validate(), func(tx *sql.Tx, _ string) (string, int64, error) {
		_, err := tx.ExecContext(ctx, `UPDATE people SET name = ?, role = ?, id_type = ?, id_number = ?, employer = ?,
			phone = ?, start_date = ?, nda_signed = ?, notes = ?, updated_at = ? WHERE id = ?`,
			p.Name, p.Role, string(p.IDType), p.IDNumber, p.Employer, p.Phone, string(p.StartDate), string(p.NDASigned),
			p.Notes, fmtTime(s.Now()), p.ID)
		return p.Name, 0, err
	})
}

// DeletePerson removes a person from the register, with their checklist.
func (s *Store) DeletePerson(ctx context.Context, op Operator, personID int64) error {
	return s.screeningAction(ctx, op, EventPersonDelete, 0, personID, nil, func(tx *sql.Tx, name string) (string, int64, error) {
		_, err := tx.ExecContext(ctx, `DELETE FROM people WHERE id = ?`, personID)
		return name, 0, err
	})
}

// replaceScreening makes the screening of engagement id exactly sc, inside tx:
// what a case file import writes. A nil sc clears it.
func replaceScreening(ctx context.Context, tx *sql.Tx, engagementID int64, sc *screening.Screening, now time.Time) error {
	for _, q := range []string{
		`DELETE FROM vendor_screening WHERE engagement_id = ?`,
		`DELETE FROM people WHERE engagement_id = ?`,
	} {
		if _, err := tx.ExecContext(ctx, q, engagementID); err != nil {
			return err
		}
	}
	if sc == nil {
		return nil
	}
	for _, a := range sc.Vendor {
		a.Evidence = strings.TrimSpace(a.Evidence)
		if !a.Recorded() {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO vendor_screening (engagement_id, item, result, evidence, updated_at) VALUES (?, ?, ?, ?, ?)`,
			engagementID, a.Item, string(a.Result), a.Evidence, fmtTime(now)); err != nil {
			return err
		}
	}
	for i := range sc.People {
		p := sc.People[i]
		p.Checklist = append(screening.Checklist(nil), p.Checklist...)
		normalisePerson(&p)
		if err := insertPerson(ctx, tx, engagementID, &p, now); err != nil {
			return err
		}
	}
	return nil
}

// exportScreening is the screening section of an engagement's case file; nil
// when nothing has been recorded.
func exportScreening(ctx context.Context, tx *sql.Tx, engagementID int64) (*screening.Screening, error) {
	sc, err := screeningOf(ctx, tx, engagementID)
	if err != nil || sc.Empty() {
		return nil, err
	}
	return &sc, nil
}

// importScreening writes the screening section of a case file, already checked
// by casefile.Decode, for engagement engagementID. replace first removes the
// screening the engagement has (a file without the section then leaves none:
// "no records"). It returns the part of the import's audit detail that
// concerns the screening.
func importScreening(ctx context.Context, tx *sql.Tx, engagementID int64, sc *screening.Screening, replace bool, now time.Time) (string, error) {
	var detail string
	if replace {
		var answers, people int
		err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM vendor_screening WHERE engagement_id = ?),
			(SELECT count(*) FROM people WHERE engagement_id = ?)`, engagementID, engagementID).Scan(&answers, &people)
		if err != nil {
			return "", err
		}
		if answers+people > 0 {
			detail = fmt.Sprintf("; screening replaced: vendor_answers=%d people=%d", answers, people)
		}
	}
	if err := replaceScreening(ctx, tx, engagementID, sc, now); err != nil {
		return "", err
	}
	if sc == nil {
		return detail, nil
	}
	return detail + fmt.Sprintf("; screening: vendor_answers=%d people=%d", len(sc.Vendor), len(sc.People)), nil
}
