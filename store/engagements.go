package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"outsec/model"
	"outsec/model/contract"
	"outsec/model/risk"
	"outsec/model/screening"
)

const timeLayout = time.RFC3339Nano

func fmtTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(timeLayout, s)
	return t
}

const engagementColumns = `id, uid, code, name, department, responsible_unit, leader, service_type,
	cloud_website, vendor_name, vendor_scale, vendor_qualifications, vendor_lead_name,
	vendor_lead_role, vendor_lead_phone, vendor_lead_email, period_start, period_end, notes,
	sample, created_at, updated_at, service_content`

type scanner interface{ Scan(...any) error }

func scanEngagement(r scanner) (model.Engagement, error) {
	var e model.Engagement
	var created, updated, st, scale, ps, pe string
	err := r.Scan(&e.ID, &e.UID, &e.Code, &e.Name, &e.Department, &e.ResponsibleUnit, &e.Leader, &st,
		&e.CloudWebsite, &e.Vendor.Name, &scale, &e.Vendor.Qualifications, &e.Vendor.Lead.Name,
		&e.Vendor.Lead.Role, &e.Vendor.Lead.Phone, &e.Vendor.Lead.Email, &ps, &pe, &e.Notes,
		&e.Sample, &created, &updated, &e.ServiceContent)
	e.ServiceType = model.ServiceType(st)
	e.Vendor.Scale = model.VendorScale(scale)
	e.PeriodStart, e.PeriodEnd = model.Date(ps), model.Date(pe)
	e.CreatedAt, e.UpdatedAt = parseTime(created), parseTime(updated)
	return e, err
}

// Engagements returns every engagement with its managers, newest change first.
func (s *Store) Engagements(ctx context.Context) ([]model.Engagement, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+engagementColumns+` FROM engagements ORDER BY updated_at DESC, id DESC`)
	if err != nil {
		return nil, classify(s.path, err)
	}
	defer rows.Close()
	var out []model.Engagement
	index := map[int64]int{}
	for rows.Next() {
		e, err := scanEngagement(rows)
		if err != nil {
			return nil, classify(s.path, err)
		}
		index[e.ID] = len(out)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, classify(s.path, err)
	}
	mrows, err := s.db.QueryContext(ctx, `SELECT engagement_id, name, role, phone, email FROM managers ORDER BY engagement_id, position`)
	if err != nil {
		return nil, classify(s.path, err)
	}
	defer mrows.Close()
	for mrows.Next() {
		var id int64
		var c model.Contact
		if err := mrows.Scan(&id, &c.Name, &c.Role, &c.Phone, &c.Email); err != nil {
			return nil, classify(s.path, err)
		}
		if i, ok := index[id]; ok {
			out[i].Managers = append(out[i].Managers, c)
		}
	}
	return out, classify(s.path, mrows.Err())
}

func managersOf(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, id int64) ([]model.Contact, error) {
	rows, err := q.QueryContext(ctx, `SELECT name, role, phone, email FROM managers WHERE engagement_id = ? ORDER BY position`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Contact
	for rows.Next() {
		var c model.Contact
		if err := rows.Scan(&c.Name, &c.Role, &c.Phone, &c.Email); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Engagement returns one engagement by id.
func (s *Store) Engagement(ctx context.Context, id int64) (model.Engagement, error) {
	e, err := engagementOf(ctx, s.db, id)
	return e, classify(s.path, err)
}

// engagementOf reads engagement id with its managers from q (the database or
// a transaction); sql.ErrNoRows when there is no such engagement.
func engagementOf(ctx context.Context, q queryer, id int64) (model.Engagement, error) {
	e, err := scanEngagement(q.QueryRowContext(ctx, `SELECT `+engagementColumns+` FROM engagements WHERE id = ?`, id))
	if err != nil {
		return e, err
	}
	e.Managers, err = managersOf(ctx, q, id)
	return e, err
}

// FindEngagement resolves what a user typed on the command line: a code
// ("2026-003"), a uid or a unique prefix of it, a database id, or an exact name.
func (s *Store) FindEngagement(ctx context.Context, ref string) (model.Engagement, error) {
	ref = strings.TrimSpace(ref)
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT id FROM engagements WHERE code = ? OR uid = ?`, ref, ref).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) && len(ref) >= 6 {
		var ids []int64
		rows, qerr := s.db.QueryContext(ctx, `SELECT id FROM engagements WHERE uid LIKE ? ESCAPE '\' LIMIT 2`, likePrefix(ref))
		if qerr != nil {
			return model.Engagement{}, classify(s.path, qerr)
		}
		for rows.Next() {
			var x int64
			rows.Scan(&x)
			ids = append(ids, x)
		}
		rows.Close()
		if len(ids) == 1 {
			id, err = ids[0], nil
		}
	}
	if errors.Is(err, sql.ErrNoRows) {
		if n, perr := strconv.ParseInt(ref, 10, 64); perr == nil {
			err = s.db.QueryRowContext(ctx, `SELECT id FROM engagements WHERE id = ?`, n).Scan(&id)
		}
	}
	if errors.Is(err, sql.ErrNoRows) {
		var ids []int64
		rows, qerr := s.db.QueryContext(ctx, `SELECT id FROM engagements WHERE name = ? LIMIT 2`, ref)
		if qerr != nil {
			return model.Engagement{}, classify(s.path, qerr)
		}
		for rows.Next() {
			var x int64
			rows.Scan(&x)
			ids = append(ids, x)
		}
		rows.Close()
		if len(ids) == 1 {
			id, err = ids[0], nil
		}
	}
	if err != nil {
		return model.Engagement{}, classify(s.path, err)
	}
	return s.Engagement(ctx, id)
}

func likePrefix(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s) + "%"
}

// nextCode gives the next engagement code of the year: 2026-001, 2026-002, …
func nextCode(ctx context.Context, tx *sql.Tx, now time.Time) (string, error) {
	prefix := now.Format("2006") + "-"
	rows, err := tx.QueryContext(ctx, `SELECT code FROM engagements WHERE code LIKE ?`, prefix+"%")
	if err != nil {
		return "", err
	}
	defer rows.Close()
	max := 0
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return "", err
		}
		if n, err := strconv.Atoi(strings.TrimPrefix(c, prefix)); err == nil && n > max {
			max = n
		}
	}
	return fmt.Sprintf("%s%03d", prefix, max+1), rows.Err()
}

func normalise(e *model.Engagement) {
	trim := func(p *string) { *p = strings.TrimSpace(*p) }
	for _, p := range []*string{&e.Code, &e.Name, &e.Department, &e.ResponsibleUnit, &e.Leader,
		&e.Vendor.Name, &e.Vendor.Qualifications, &e.Vendor.Lead.Name, &e.Vendor.Lead.Role,
		&e.Vendor.Lead.Phone, &e.Vendor.Lead.Email, &e.Notes, &e.ServiceContent} {
		trim(p)
	}
	ms := e.Managers[:0]
	for _, m := range e.Managers {
		trim(&m.Name)
		trim(&m.Role)
		trim(&m.Phone)
		trim(&m.Email)
		if !m.Empty() {
			ms = append(ms, m)
		}
	}
	e.Managers = ms
}

func insertEngagement(ctx context.Context, tx *sql.Tx, e *model.Engagement) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO engagements (uid, code, name, department, responsible_unit, leader,
		service_type, cloud_website, vendor_name, vendor_scale, vendor_qualifications, vendor_lead_name,
		vendor_lead_role, vendor_lead_phone, vendor_lead_email, period_start, period_end, notes, sample,
		created_at, updated_at, service_content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.UID, e.Code, e.Name, e.Department, e.ResponsibleUnit, e.Leader, string(e.ServiceType),
		e.CloudWebsite, e.Vendor.Name, string(e.Vendor.Scale), e.Vendor.Qualifications, e.Vendor.Lead.Name,
		e.Vendor.Lead.Role, e.Vendor.Lead.Phone, e.Vendor.Lead.Email, string(e.PeriodStart), string(e.PeriodEnd),
		e.Notes, e.Sample, fmtTime(e.CreatedAt), fmtTime(e.UpdatedAt), e.ServiceContent)
	if err != nil {
		return err
	}
	e.ID, err = res.LastInsertId()
	if err != nil {
		return err
	}
	return writeManagers(ctx, tx, e)
}

func writeManagers(ctx context.Context, tx *sql.Tx, e *model.Engagement) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM managers WHERE engagement_id = ?`, e.ID); err != nil {
		return err
	}
	for i, m := range e.Managers {
		if _, err := tx.ExecContext(ctx, `INSERT INTO managers (engagement_id, position, name, role, phone, email) VALUES (?, ?, ?, ?, ?, ?)`,
			e.ID, i, m.Name, m.Role, m.Phone, m.Email); err != nil {
			return err
		}
	}
	return nil
}

// CreateEngagement validates e and saves it as a new engagement, with its audit
// record, in one transaction. It assigns the uid, the code (when blank) and the
// timestamps. draftID, when not zero, is the wizard draft the engagement was
// completed from; it is removed in the same transaction.
func (s *Store) CreateEngagement(ctx context.Context, op Operator, e *model.Engagement, draftID int64) error {
	return s.saveEngagement(ctx, op, EventEngagementCreate, e, draftID, func(tx *sql.Tx, now time.Time) error {
		e.UID = uuid.NewString()
		if e.Code == "" {
			c, err := nextCode(ctx, tx, now)
			if err != nil {
				return err
			}
			e.Code = c
		}
		e.CreatedAt, e.UpdatedAt = now, now
		return insertEngagement(ctx, tx, e)
	})
}

// UpdateEngagement validates e and saves it over the engagement with its id.
func (s *Store) UpdateEngagement(ctx context.Context, op Operator, e *model.Engagement, draftID int64) error {
	return s.saveEngagement(ctx, op, EventEngagementUpdate, e, draftID, func(tx *sql.Tx, now time.Time) error {
		var code, uid, created string
		err := tx.QueryRowContext(ctx, `SELECT code, uid, created_at FROM engagements WHERE id = ?`, e.ID).Scan(&code, &uid, &created)
		if err != nil {
			return err
		}
		if e.Code == "" {
			e.Code = code
		}
		e.UID, e.CreatedAt, e.UpdatedAt = uid, parseTime(created), now
		_, err = tx.ExecContext(ctx, `UPDATE engagements SET code = ?, name = ?, department = ?, responsible_unit = ?,
			leader = ?, service_type = ?, cloud_website = ?, vendor_name = ?, vendor_scale = ?,
			vendor_qualifications = ?, vendor_lead_name = ?, vendor_lead_role = ?, vendor_lead_phone = ?,
			vendor_lead_email = ?, period_start = ?, period_end = ?, notes = ?, updated_at = ? WHERE id = ?`,
			e.Code, e.Name, e.Department, e.ResponsibleUnit, e.Leader, string(e.ServiceType), e.CloudWebsite,
			e.Vendor.Name, string(e.Vendor.Scale), e.Vendor.Qualifications, e.Vendor.Lead.Name, e.Vendor.Lead.Role,
			e.Vendor.Lead.Phone, e.Vendor.Lead.Email, string(e.PeriodStart), string(e.PeriodEnd), e.Notes,
			fmtTime(now), e.ID)
		if err != nil {
			return err
		}
		return writeManagers(ctx, tx, e)
	})
}

// saveEngagement is one user action on an engagement: normalise and validate,
// then in one transaction write it, drop the draft it came from and audit it.
// A failure is audited in a transaction of its own.
func (s *Store) saveEngagement(ctx context.Context, op Operator, event string, e *model.Engagement, draftID int64,
	write func(tx *sql.Tx, now time.Time) error) error {
	normalise(e)
	if verr := e.Validate(); verr != nil {
		s.AuditFailure(ctx, op, event, "engagement", e.Code, verr)
		return verr
	}
	now := s.Now().UTC()
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := write(tx, now); err != nil {
			return err
		}
		if draftID != 0 {
			if _, err := tx.ExecContext(ctx, `DELETE FROM drafts WHERE id = ?`, draftID); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, op, event, "engagement", e.Code, e.Name, OutcomeSuccess)
	})
	if err != nil {
		err = classify(s.path, err)
		s.AuditFailure(ctx, op, event, "engagement", e.Code, err)
	}
	return err
}

// DeleteEngagement removes an engagement and everything that belongs to it.
func (s *Store) DeleteEngagement(ctx context.Context, op Operator, id int64) error {
	var code, name string
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT code, name FROM engagements WHERE id = ?`, id).Scan(&code, &name); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM engagements WHERE id = ?`, id); err != nil {
			return err
		}
		return s.audit(ctx, tx, op, EventEngagementDelete, "engagement", code, name, OutcomeSuccess)
	})
	if err != nil {
		err = classify(s.path, err)
		s.AuditFailure(ctx, op, EventEngagementDelete, "engagement", strconv.FormatInt(id, 10), err)
	}
	return err
}

// LoadSample adds the sample engagement (示例) in the given language, with
// something in every workflow so that a new user can explore every screen and
// every document: its risk assessment (risk.SampleAssessment), its screening
// (screening.SampleScreening) and its contract review with two gaps
// (contract.SampleContract). One transaction, one audit record naming what
// was loaded.
func (s *Store) LoadSample(ctx context.Context, op Operator, lang string) (model.Engagement, error) {
	e := model.SampleEngagement(lang)
	ra := risk.SampleAssessment(lang)
	ra.Recompute()
	sc := screening.SampleScreening(lang)
	ct := contract.SampleContract(lang)
	ct.Signing = contract.SampleSigning(lang)
	now := s.Now().UTC()
	err := s.tx(ctx, func(tx *sql.Tx) error {
		e.UID = uuid.NewString()
		c, err := nextCode(ctx, tx, now)
		if err != nil {
			return err
		}
		e.Code, e.CreatedAt, e.UpdatedAt = c, now, now
		if err := insertEngagement(ctx, tx, &e); err != nil {
			return err
		}
		detail := e.Name
		for _, write := range []func() (string, error){
			func() (string, error) { return importRisk(ctx, tx, e.ID, &ra, false, now) },
			func() (string, error) { return importScreening(ctx, tx, e.ID, &sc, false, now) },
			func() (string, error) { return importContract(ctx, tx, e.ID, &ct, false, now) },
			func() (string, error) { return loadSamplePlanFiling(ctx, tx, &e, lang, now) }, // store/planfiling_casefile.go
			func() (string, error) { return s.importFindings(ctx, tx, e.ID, sampleRegister(lang, now), false, now) },
			func() (string, error) { return loadSampleSupervision(ctx, tx, op, &e, lang, now) }, // store/supervision_sample.go
		} {
			d, err := write()
			if err != nil {
				return err
			}
			detail += d
		}
		return s.audit(ctx, tx, op, EventSampleLoad, "engagement", e.Code, detail, OutcomeSuccess)
	})
	return e, classify(s.path, err)
}
