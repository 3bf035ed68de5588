package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// The audit trail answers GB/T 32926—2016 A.2.5 b): each record has the date and
// time, the event type, the operator and whether it succeeded; GB/T 39477—2020
// adds the object and asks that records be kept and protected. Each record's hash
// covers its fields and the previous record's hash, so changing, removing or
// reordering a record breaks the chain at that record.

// Operator is the person at the keyboard: their profile is chosen at first start
// and named in every audit record.
type Operator struct {
	ID        int64
	Name      string
	Role      string
	Unit      string
	CreatedAt time.Time
}

// Label is how the operator appears in the audit trail: "name (role, unit)".
func (o Operator) Label() string {
	var extra []string
	for _, s := range []string{o.Role, o.Unit} {
		if s != "" {
			extra = append(extra, s)
		}
	}
	if len(extra) == 0 {
		return o.Name
	}
	return o.Name + " (" + strings.Join(extra, ", ") + ")"
}

// Audit events.
const (
	EventEngagementCreate = "engagement.create"
	EventEngagementUpdate = "engagement.update"
	EventEngagementDelete = "engagement.delete"
	EventEngagementImport = "engagement.import"
	EventCaseExport       = "case.export"
	EventDraftSave        = "draft.save"
	EventDraftDiscard     = "draft.discard"
	EventOperatorCreate   = "operator.create"
	EventSampleLoad       = "sample.load"
)

// Audit outcomes.
const (
	OutcomeSuccess = "success"
	OutcomeFailure = "failure"
)

// AuditRecord is one entry of the trail.
type AuditRecord struct {
	ID         int64
	At         time.Time
	Event      string
	Operator   string
	ObjectType string
	ObjectID   string
	Detail     string
	Outcome    string
	PrevHash   string
	Hash       string
	// Digests: the records the change left, as it left them (records.go).
	Digests string
	// OSAccount is the operating-system account logged in when the record
	// was written (GB/T 39477—2020 6.3.3: who did it, not only which profile).
	OSAccount string
}

// genesis is the previous hash of the first record.
var genesis = strings.Repeat("0", 64)

const auditTimeLayout = "2006-01-02T15:04:05.000000000Z07:00"

// hashRecord is the chain hash of r: SHA-256 over a JSON array of its fields, so
// that no two different records serialise alike.
func hashRecord(r AuditRecord) string {
	fields := []string{
		r.PrevHash, strconv.FormatInt(r.ID, 10), r.At.UTC().Format(auditTimeLayout), r.Event,
		r.Operator, r.ObjectType, r.ObjectID, r.Detail, r.Outcome,
	}
	// Records from before the digests and the account hash as they did.
	if r.Digests != "" || r.OSAccount != "" {
		fields = append(fields, r.Digests, r.OSAccount)
	}
	b, _ := json.Marshal(fields)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// audit appends a record inside tx, chained to the last one.
func (s *Store) audit(ctx context.Context, tx *sql.Tx, op Operator, event, objType, objID, detail, outcome string) error {
	ds, err := takeChanges(ctx, tx)
	if err != nil {
		return err
	}
	return s.auditWith(ctx, tx, op, event, objType, objID, detail, outcome, ds)
}

// auditWith appends a record carrying the digests ds.
func (s *Store) auditWith(ctx context.Context, tx *sql.Tx, op Operator, event, objType, objID, detail, outcome string, ds []RecordDigest) error {
	r := AuditRecord{
		At: s.Now().UTC(), Event: event, Operator: op.Label(),
		ObjectType: objType, ObjectID: objID, Detail: detail, Outcome: outcome,
		Digests: encodeDigests(ds), OSAccount: s.osAccount,
	}
	var last sql.NullInt64
	var prev sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1`).Scan(&last, &prev)
	switch {
	case err == sql.ErrNoRows:
		r.PrevHash = genesis
	case err != nil:
		return err
	default:
		r.PrevHash = prev.String
	}
	// AUTOINCREMENT never reuses an id, so the next id is max(seq)+1; read it
	// from sqlite_sequence so the hash can cover the id.
	var seq sql.NullInt64
	err = tx.QueryRowContext(ctx, `SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'`).Scan(&seq)
	if err != nil && err != sql.ErrNoRows {
		return err
	}
	r.ID = seq.Int64 + 1
	r.Hash = hashRecord(r)
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_log (id, at, event, operator, object_type, object_id, detail, outcome, prev_hash, hash, digests, os_account)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.At.Format(auditTimeLayout), r.Event, r.Operator, r.ObjectType, r.ObjectID, r.Detail, r.Outcome, r.PrevHash, r.Hash, r.Digests, r.OSAccount)
	return err
}

// AuditFailure records an action that failed. The action's own transaction was
// rolled back, so this is a transaction of its own.
func (s *Store) AuditFailure(ctx context.Context, op Operator, event, objType, objID string, cause error) error {
	detail := ""
	if cause != nil {
		detail = cause.Error()
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		return s.audit(ctx, tx, op, event, objType, objID, detail, OutcomeFailure)
	})
}

// AuditLog returns the newest records first, at most limit (all when limit ≤ 0).
func (s *Store) AuditLog(ctx context.Context, limit int) ([]AuditRecord, error) {
	q := `SELECT id, at, event, operator, object_type, object_id, detail, outcome, prev_hash, hash, os_account FROM audit_log ORDER BY id DESC`
	if limit > 0 {
		q += " LIMIT " + strconv.Itoa(limit)
	}
	rows, err := s.db.QueryContext(ctx, q)
	if err != nil {
		return nil, classify(s.path, err)
	}
	defer rows.Close()
	var out []AuditRecord
	for rows.Next() {
		r, err := scanAudit(rows)
		if err != nil {
			return nil, classify(s.path, err)
		}
		out = append(out, r)
	}
	return out, classify(s.path, rows.Err())
}

func scanAudit(rows *sql.Rows) (AuditRecord, error) {
	var r AuditRecord
	var at string
	err := rows.Scan(&r.ID, &at, &r.Event, &r.Operator, &r.ObjectType, &r.ObjectID, &r.Detail, &r.Outcome, &r.PrevHash, &r.Hash, &r.OSAccount)
	if err != nil {
		return r, err
	}
	r.At, _ = time.Parse(auditTimeLayout, at)
	return r, nil
}

// AuditBreak is where the chain is broken.
type AuditBreak struct {
	Reason Reason
	// RecordID is the first record that does not verify.
	RecordID int64
}

// Reason says how a record fails to verify.
type Reason string

const (
	// ReasonAltered: the record's content does not match its hash.
	ReasonAltered Reason = "altered"
	// ReasonLinkBroken: the record does not follow the one before it: a record
	// before it was removed, inserted or reordered.
	ReasonLinkBroken Reason = "link_broken"
	// ReasonBadTime: the stored time cannot be read.
	ReasonBadTime Reason = "bad_time"
)

// AuditVerification is the result of checking the whole chain.
type AuditVerification struct {
	Records int64
	// Break is nil when every record verifies.
	Break *AuditBreak
}

// VerifyAudit walks the chain from the first record and stops at the first one
// that does not verify.
func (s *Store) VerifyAudit(ctx context.Context) (AuditVerification, error) {
	v, err := verifyAudit(ctx, s.db)
	return v, classify(s.path, err)
}

func verifyAudit(ctx context.Context, q queryer) (AuditVerification, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, at, event, operator, object_type, object_id, detail, outcome, prev_hash, hash, digests, os_account FROM audit_log ORDER BY id`)
	if err != nil {
		return AuditVerification{}, err
	}
	defer rows.Close()
	var v AuditVerification
	prev := genesis
	for rows.Next() {
		var r AuditRecord
		var at string
		if err := rows.Scan(&r.ID, &at, &r.Event, &r.Operator, &r.ObjectType, &r.ObjectID, &r.Detail, &r.Outcome, &r.PrevHash, &r.Hash, &r.Digests, &r.OSAccount); err != nil {
			return v, err
		}
		v.Records++
		t, err := time.Parse(auditTimeLayout, at)
		if err != nil {
			v.Break = &AuditBreak{Reason: ReasonBadTime, RecordID: r.ID}
			return v, nil
		}
		r.At = t
		if r.PrevHash != prev {
			v.Break = &AuditBreak{Reason: ReasonLinkBroken, RecordID: r.ID}
			return v, nil
		}
		if hashRecord(r) != r.Hash {
			v.Break = &AuditBreak{Reason: ReasonAltered, RecordID: r.ID}
			return v, nil
		}
		prev = r.Hash
	}
	return v, rows.Err()
}
