package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"outsec/model"
	"outsec/model/contract"
	"outsec/model/screening"
)

// Contract security clauses and NDAs (GB/T 32926—2016 6.2, 6.4; cloud: seed
// 001 6.6): the review of the contract against the clause catalog, the
// parameters of the drafted annex and SLA, the factor changes and the
// vendor's NDA (0006_contract.sql). Every change is one transaction with its
// audit record; a refused change writes nothing but its failure record.

// Audit events of the contract. (Written as two parts, like the risk events:
// they are event names, not catalog keys; their names are "event." + the
// event.)
const (
	EventContractReview       = "contract" + ".review.save"   // the review's header
	EventContractAssess       = "contract" + ".item.assess"   // the finding on one item
	EventContractParams       = "contract" + ".params.save"   // drafting and SLA parameters
	EventContractFactor       = "contract" + ".factor.record" // a change of the security factors (6.2.1 b))
	EventContractFactorDelete = "contract" + ".factor.delete" // a factor change recorded by mistake
	EventContractVendorNDA    = "contract" + ".nda.vendor"    // the vendor's NDA date (6.4 a))
)

// ContractEvents lists the events, for the catalog test.
var ContractEvents = []string{EventContractReview, EventContractAssess, EventContractParams,
	EventContractFactor, EventContractFactorDelete, EventContractVendorNDA}

// loadContracts reads the contract records of engagement engagementID, or of
// every engagement when it is 0, keyed by engagement id; engagements without
// any record are absent.
func loadContracts(ctx context.Context, q queryer, engagementID int64) (map[int64]*contract.Contract, error) {
	out := map[int64]*contract.Contract{}
	get := func(id int64) *contract.Contract {
		c := out[id]
		if c == nil {
			c = &contract.Contract{}
			out[id] = c
		}
		return c
	}
	where, args := "", []any(nil)
	if engagementID != 0 {
		where, args = " WHERE engagement_id = ?", []any{engagementID}
	}
	err := eachRow(ctx, q, `SELECT engagement_id, title, version, review_date, reviewer, vendor_nda_signed FROM contracts`+where, args,
		func(r *sql.Rows) error {
			var id int64
			var date, nda string
			c := &contract.Contract{}
			if err := r.Scan(&id, &c.Review.Title, &c.Review.Version, &date, &c.Review.Reviewer, &nda); err != nil {
				return err
			}
			x := get(id)
			x.Review.Title, x.Review.Version, x.Review.Reviewer = c.Review.Title, c.Review.Version, c.Review.Reviewer
			x.Review.Date, x.VendorNDASigned = model.Date(date), model.Date(nda)
			return nil
		})
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, q, `SELECT engagement_id, item, status, article, note FROM contract_items`+where, args, func(r *sql.Rows) error {
		var id int64
		var a contract.Assessment
		var st string
		if err := r.Scan(&id, &a.ItemID, &st, &a.Article, &a.Note); err != nil {
			return err
		}
		a.Status = contract.Status(st)
		c := get(id)
		c.Review.Items = append(c.Review.Items, a)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, q, `SELECT engagement_id, name, value FROM contract_params`+where, args, func(r *sql.Rows) error {
		var id int64
		var n, v string
		if err := r.Scan(&id, &n, &v); err != nil {
			return err
		}
		c := get(id)
		if c.Params == nil {
			c.Params = map[string]string{}
		}
		c.Params[n] = v
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, q, `SELECT id, engagement_id, changed_on, description FROM contract_factor_changes`+where+
		` ORDER BY changed_on, id`, args, func(r *sql.Rows) error {
		var id int64
		var f contract.FactorChange
		var d string
		if err := r.Scan(&f.ID, &id, &d, &f.Description); err != nil {
			return err
		}
		f.Date = model.Date(d)
		c := get(id)
		c.FactorChanges = append(c.FactorChanges, f)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := loadSignings(ctx, q, where, args, get); err != nil { // store/signingcontract.go
		return nil, err
	}
	for _, c := range out {
		contract.SortAssessments(c.Review.Items)
	}
	return out, nil
}

func contractOf(ctx context.Context, q queryer, engagementID int64) (contract.Contract, error) {
	m, err := loadContracts(ctx, q, engagementID)
	if err != nil || m[engagementID] == nil {
		return contract.Contract{}, err
	}
	return *m[engagementID], nil
}

// Contract returns the contract record of engagement id: the review with its
// assessments in catalog order, the parameters set (Contract.Values adds the
// defaults), the factor changes by date, and the vendor's NDA date; the zero
// Contract when nothing is recorded. ErrNotFound when there is no such
// engagement.
func (s *Store) Contract(ctx context.Context, engagementID int64) (contract.Contract, error) {
	var c contract.Contract
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var one int
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM engagements WHERE id = ?`, engagementID).Scan(&one); err != nil {
			return err
		}
		var err error
		c, err = contractOf(ctx, tx, engagementID)
		return err
	})
	return c, classify(s.path, err)
}

// addContractFacts fills the steps "contract" (model.StepContract) and "NDA"
// (model.StepNDA) of the facts of every engagement with a contract record or
// service people, adding entries as needed and leaving the other steps as
// they are: the review's state against the items of the engagement's cloud
// flag, and the NDAs of the vendor and of each person of the register
// (people.nda_signed); only those of engagement only when it is not 0. q is
// the transaction the other facts are read in.
func addContractFacts(ctx context.Context, q queryer, facts map[int64]model.Facts, only int64) error {
	all, err := loadContracts(ctx, q, only)
	if err != nil {
		return err
	}
	where, and, args := "", "", []any(nil)
	if only != 0 {
		where, and, args = " WHERE engagement_id = ?", " AND id = ?", []any{only}
	}
	people := map[int64][]screening.Person{}
	err = eachRow(ctx, q, `SELECT engagement_id, name, nda_signed FROM people`+where+` ORDER BY id`, args, func(r *sql.Rows) error {
		var id int64
		var p screening.Person
		var nda string
		if err := r.Scan(&id, &p.Name, &nda); err != nil {
			return err
		}
		p.NDASigned = model.Date(nda)
		people[id] = append(people[id], p)
		return nil
	})
	if err != nil {
		return err
	}
	cloud := map[int64]bool{}
	err = eachRow(ctx, q, `SELECT id FROM engagements WHERE cloud_website`+and, args, func(r *sql.Rows) error {
		var id int64
		if err := r.Scan(&id); err != nil {
			return err
		}
		cloud[id] = true
		return nil
	})
	if err != nil {
		return err
	}
	ids := map[int64]bool{}
	for id := range all {
		ids[id] = true
	}
	for id := range people {
		ids[id] = true
	}
	for id := range ids {
		c := all[id]
		if c == nil {
			c = &contract.Contract{}
		}
		cst, cbl := c.LifecycleState(cloud[id])
		nst, nbl := c.NDAState(people[id])
		if cst == model.NotStarted && len(cbl) == 0 && nst == model.NotStarted && len(nbl) == 0 && !c.Signing.Signed() {
			continue
		}
		f := facts[id]
		c.Facts(&f, cloud[id], people[id])
		facts[id] = f
	}
	return nil
}

// contractObject names the engagement in the audit trail (its code); it
// fails with sql.ErrNoRows when there is no such engagement.
func contractObject(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, engagementID int64) (string, error) {
	var code string
	err := q.QueryRowContext(ctx, `SELECT code FROM engagements WHERE id = ?`, engagementID).Scan(&code)
	return code, err
}

// contractAction is one user action on the contract record of an engagement:
// validated beforehand, then written with its audit record in one
// transaction. A failure is audited in a transaction of its own. write
// returns the record's detail.
func (s *Store) contractAction(ctx context.Context, op Operator, event string, engagementID int64,
	verr model.ValidationError, write func(tx *sql.Tx, now time.Time) (detail string, err error)) error {
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
		err = classify(s.path, err)
		failed(err)
	}
	return err
}

// ensureContract makes sure the engagement has its row in contracts.
func ensureContract(ctx context.Context, tx *sql.Tx, engagementID int64, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO contracts (engagement_id, updated_at) VALUES (?, ?)
		ON CONFLICT (engagement_id) DO UPDATE SET updated_at = excluded.updated_at`, engagementID, fmtTime(now))
	return err
}

func normaliseReview(r *contract.Review) {
	for _, f := range []*string{&r.Title, &r.Version, &r.Reviewer} {
		*f = strings.TrimSpace(*f)
	}
	if d, ok := model.ParseDate(string(r.Date)); ok {
		r.Date = d
	}
}

// SaveContractReview saves the header of the contract review of engagement
// id: the contract's title and version, the review's date and the reviewer.
// The assessments are saved one at a time (SaveContractAssessment) and are
// left as they are.
func (s *Store) SaveContractReview(ctx context.Context, op Operator, engagementID int64, r contract.Review) error {
	normaliseReview(&r)
	return s.contractAction(ctx, op, EventContractReview, engagementID, r.ValidateHeader(), func(tx *sql.Tx, now time.Time) (string, error) {
		if err := ensureContract(ctx, tx, engagementID, now); err != nil {
			return "", err
		}
		_, err := tx.ExecContext(ctx, `UPDATE contracts SET title = ?, version = ?, review_date = ?, reviewer = ?, updated_at = ?
			WHERE engagement_id = ?`, r.Title, r.Version, string(r.Date), r.Reviewer, fmtTime(now), engagementID)
		return fmt.Sprintf("title=%s; version=%s; date=%s; reviewer=%s", r.Title, r.Version, r.Date, r.Reviewer), err
	})
}

func normaliseAssessment(a *contract.Assessment) {
	a.ItemID = strings.TrimSpace(a.ItemID)
	a.Article, a.Note = strings.TrimSpace(a.Article), strings.TrimSpace(a.Note)
}

// SaveContractAssessment records the finding on one item of the catalog for
// the contract of engagement id. An assessment that records nothing
// (unassessed, no article, no note) removes the item's finding.
func (s *Store) SaveContractAssessment(ctx context.Context, op Operator, engagementID int64, a contract.Assessment) error {
	normaliseAssessment(&a)
	verr := a.Validate(contract.FieldItems)
	return s.contractAction(ctx, op, EventContractAssess, engagementID, verr, func(tx *sql.Tx, now time.Time) (string, error) {
		detail := a.ItemID + "=" + string(a.Status)
		if a.Status == contract.Unassessed {
			detail = a.ItemID + "=unassessed"
		}
		return detail, writeAssessment(ctx, tx, engagementID, a, now)
	})
}

func writeAssessment(ctx context.Context, tx *sql.Tx, engagementID int64, a contract.Assessment, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM contract_items WHERE engagement_id = ? AND item = ?`, engagementID, a.ItemID); err != nil {
		return err
	}
	if !a.Recorded() {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO contract_items (engagement_id, item, status, article, note, updated_at)
		VALUES (?, ?, ?, ?, ?, ?)`, engagementID, a.ItemID, string(a.Status), a.Article, a.Note, fmtTime(now))
	return err
}

// normaliseParams is params as stored: names trimmed, each value normalised
// for its parameter (contract.Param.Normalise).
func normaliseParams(params map[string]string) map[string]string {
	out := make(map[string]string, len(params))
	for n, v := range params {
		n = strings.TrimSpace(n)
		if p, ok := contract.ParamByName(n); ok {
			v = p.Normalise(v)
		} else {
			v = strings.TrimSpace(v)
		}
		out[n] = v
	}
	return out
}

// SaveContractParams sets drafting and SLA parameters of engagement id: each
// name given takes its value (normalised: "30 天" is stored "30d", "99.9%"
// "99.9"); an empty value unsets it, so that it takes its default again.
// Parameters not given are left as they are. All are checked first; one bad
// value refuses the whole change.
func (s *Store) SaveContractParams(ctx context.Context, op Operator, engagementID int64, params map[string]string) error {
	params = normaliseParams(params)
	return s.contractAction(ctx, op, EventContractParams, engagementID, contract.ValidateParams(params), func(tx *sql.Tx, now time.Time) (string, error) {
		names := make([]string, 0, len(params))
		for n := range params {
			names = append(names, n)
		}
		sort.Strings(names)
		parts := make([]string, len(names))
		for i, n := range names {
			parts[i] = n + "=" + params[n]
			if err := writeParam(ctx, tx, engagementID, n, params[n], now); err != nil {
				return "", err
			}
		}
		return strings.Join(parts, "; "), nil
	})
}

func writeParam(ctx context.Context, tx *sql.Tx, engagementID int64, name, value string, now time.Time) error {
	if value == "" {
		_, err := tx.ExecContext(ctx, `DELETE FROM contract_params WHERE engagement_id = ? AND name = ?`, engagementID, name)
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO contract_params (engagement_id, name, value, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (engagement_id, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
		engagementID, name, value, fmtTime(now))
	return err
}

func normaliseFactorChange(f *contract.FactorChange) {
	f.Description = strings.TrimSpace(f.Description)
	if d, ok := model.ParseDate(string(f.Date)); ok {
		f.Date = d
	}
}

// RecordFactorChange records a change of the factors that affect information
// security for engagement id (6.2.1 b)) and sets f.ID. A change dated after
// the review makes the step "contract" need an update until the contract is
// reviewed again.
func (s *Store) RecordFactorChange(ctx context.Context, op Operator, engagementID int64, f *contract.FactorChange) error {
	normaliseFactorChange(f)
	verr := f.Validate(contract.FieldFactorChanges)
	return s.contractAction(ctx, op, EventContractFactor, engagementID, verr, func(tx *sql.Tx, now time.Time) (string, error) {
		res, err := tx.ExecContext(ctx, `INSERT INTO contract_factor_changes (engagement_id, changed_on, description, created_at)
			VALUES (?, ?, ?, ?)`, engagementID, string(f.Date), f.Description, fmtTime(now))
		if err != nil {
			return "", err
		}
		if f.ID, err = res.LastInsertId(); err != nil {
			return "", err
		}
		return fmt.Sprintf("id=%d; date=%s; %s", f.ID, f.Date, f.Description), nil
	})
}

// DeleteFactorChange removes a factor change recorded by mistake.
// ErrNotFound when there is none with that id.
func (s *Store) DeleteFactorChange(ctx context.Context, op Operator, factorChangeID int64) error {
	var engagementID int64
	var date, desc string
	err := s.db.QueryRowContext(ctx, `SELECT engagement_id, changed_on, description FROM contract_factor_changes WHERE id = ?`,
		factorChangeID).Scan(&engagementID, &date, &desc)
	if err != nil {
		err = classify(s.path, err)
		s.AuditFailure(ctx, op, EventContractFactorDelete, "engagement", fmt.Sprintf("#?/%d", factorChangeID), err)
		return err
	}
	return s.contractAction(ctx, op, EventContractFactorDelete, engagementID, nil, func(tx *sql.Tx, _ time.Time) (string, error) {
		res, err := tx.ExecContext(ctx, `DELETE FROM contract_factor_changes WHERE id = ?`, factorChangeID)
		if err != nil {
			return "", err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return "", sql.ErrNoRows
		}
		return fmt.Sprintf("id=%d; date=%s; %s", factorChangeID, date, desc), nil
	})
}

// SetVendorNDASigned records when the vendor signed the information security
// NDA of engagement id (6.4 a)); an empty date records that it has not.
func (s *Store) SetVendorNDASigned(ctx context.Context, op Operator, engagementID int64, signed model.Date) error {
	if d, ok := model.ParseDate(string(signed)); ok {
		signed = d
	}
	verr := (&contract.Contract{VendorNDASigned: signed}).Validate()
	return s.contractAction(ctx, op, EventContractVendorNDA, engagementID, verr, func(tx *sql.Tx, now time.Time) (string, error) {
		if err := ensureContract(ctx, tx, engagementID, now); err != nil {
			return "", err
		}
		_, err := tx.ExecContext(ctx, `UPDATE contracts SET vendor_nda_signed = ?, updated_at = ? WHERE engagement_id = ?`,
			string(signed), fmtTime(now), engagementID)
		return "vendor_nda_signed=" + string(signed), err
	})
}

// replaceContract makes the contract record of engagement id exactly c,
// inside tx: what a case file import writes. A nil c clears it.
func replaceContract(ctx context.Context, tx *sql.Tx, engagementID int64, c *contract.Contract, now time.Time) error {
	for _, q := range []string{
		`DELETE FROM contracts WHERE engagement_id = ?`,
		`DELETE FROM contract_items WHERE engagement_id = ?`,
		`DELETE FROM contract_params WHERE engagement_id = ?`,
		`DELETE FROM contract_factor_changes WHERE engagement_id = ?`,
		`DELETE FROM contract_signings WHERE engagement_id = ?`,
	} {
		if _, err := tx.ExecContext(ctx, q, engagementID); err != nil {
			return err
		}
	}
	if c == nil {
		return nil
	}
	r := c.Review
	normaliseReview(&r)
	if !r.Empty() || c.VendorNDASigned != "" {
		if _, err := tx.ExecContext(ctx, `INSERT INTO contracts (engagement_id, title, version, review_date, reviewer,
			vendor_nda_signed, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`, engagementID, r.Title, r.Version, string(r.Date),
			r.Reviewer, string(c.VendorNDASigned), fmtTime(now)); err != nil {
			return err
		}
	}
	for _, a := range c.Review.Items {
		normaliseAssessment(&a)
		if err := writeAssessment(ctx, tx, engagementID, a, now); err != nil {
			return err
		}
	}
	for n, v := range normaliseParams(c.Params) {
		if err := writeParam(ctx, tx, engagementID, n, v, now); err != nil {
			return err
		}
	}
	for _, f := range c.FactorChanges {
		normaliseFactorChange(&f)
		if _, err := tx.ExecContext(ctx, `INSERT INTO contract_factor_changes (engagement_id, changed_on, description, created_at)
			VALUES (?, ?, ?, ?)`, engagementID, string(f.Date), f.Description, fmtTime(now)); err != nil {
			return err
		}
	}
	if c.Signing.Signed() {
		return writeSigning(ctx, tx, engagementID, c.Signing, now)
	}
	return nil
}

// exportContract is the contract section of an engagement's case file; nil
// when nothing has been recorded.
func exportContract(ctx context.Context, tx *sql.Tx, engagementID int64) (*contract.Contract, error) {
	c, err := contractOf(ctx, tx, engagementID)
	if err != nil || c.Empty() {
		return nil, err
	}
	return &c, nil
}

// importContract writes the contract section of a case file, already checked
// by casefile.Decode, for engagement engagementID. replace first removes the
// record the engagement has (a file without the section then leaves none).
// It returns the part of the import's audit detail that concerns the
// contract.
func importContract(ctx context.Context, tx *sql.Tx, engagementID int64, c *contract.Contract, replace bool, now time.Time) (string, error) {
	var detail string
	if replace {
		var head, items, params, changes int
		err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM contracts WHERE engagement_id = ?),
			(SELECT count(*) FROM contract_items WHERE engagement_id = ?),
			(SELECT count(*) FROM contract_params WHERE engagement_id = ?),
			(SELECT count(*) FROM contract_factor_changes WHERE engagement_id = ?)`,
			engagementID, engagementID, engagementID, engagementID).Scan(&head, &items, &params, &changes)
		if err != nil {
			return "", err
		}
		if head+items+params+changes > 0 {
			detail = fmt.Sprintf("; contract replaced: items=%d params=%d factor_changes=%d", items, params, changes)
		}
	}
	if err := replaceContract(ctx, tx, engagementID, c, now); err != nil {
		return "", err
	}
	if c == nil {
		return detail, nil
	}
	return detail + fmt.Sprintf("; contract: items=%d params=%d factor_changes=%d", len(c.Review.Items), len(c.Params),
		len(c.FactorChanges)), nil
}
