package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"outsec/model"
	"outsec/model/risk"
)

// Audit events of keys and signatures (issue 5). The names are split so the
// catalog test does not take them for message keys.
const (
	EventKeyCreate = "keys" + ".create"
	EventKeyImport = "keys" + ".import"
	EventKeyTrust  = "keys" + ".trust"
	EventKeyRevoke = "keys" + ".revoke"
	EventKeyPolicy = "keys" + ".policy"
	EventKeyPass   = "keys" + ".passphrase"
)

// Key kinds.
const (
	KeyOwn     = "own"     // a signer profile's own key pair: private halves in the data folder
	KeyTrusted = "trusted" // another office's public keys, trusted for verification
)

// SigningKey is a signer's public keys as the database holds them. Private
// keys are never in the database: an own key's encrypted private halves are
// files in Dir.
type SigningKey struct {
	ID         int64
	Kind       string // KeyOwn or KeyTrusted
	OperatorID int64  // own keys: the signer profile
	Name       string
	Role       string
	Unit       string
	// Ed25519Public is the authorized_keys form ("ssh-ed25519 AAAA…").
	Ed25519Public string
	// SM2Public is the SM2 public key in PEM.
	SM2Public      string
	Ed25519FPR     string // SHA256:… as ssh-keygen -l prints it
	SM2FPR         string // hex SM3 of the DER public key
	Dir            string // own keys: folder of the encrypted private key files
	Source         string // trusted keys: the file they were read from
	CreatedAt      time.Time
	RevokedAt      time.Time // zero: in force
	SignatureCount int       // own keys: exports signed with it (Keys sets it)
}

// Revoked reports whether the key has been revoked.
func (k *SigningKey) Revoked() bool { return !k.RevokedAt.IsZero() }

// ShortID is the key's short name on screen and on the command line: the
// first 12 characters of the Ed25519 fingerprint after "SHA256:".
func (k *SigningKey) ShortID() string {
	s := strings.TrimPrefix(k.Ed25519FPR, "SHA256:")
	if len(s) > 12 {
		s = s[:12]
	}
	return s
}

// AddKey records a key: an own key created or imported for a signer profile
// (event keys.create or keys.import), or another office's key trusted for
// verification (keys.trust), with its audit record in one transaction. The
// same fingerprint twice of the same kind is refused (CodeConflict); an own
// key for a profile that already has one in force is refused too.
func (s *Store) AddKey(ctx context.Context, op Operator, event string, k *SigningKey) error {
	if k.Kind != KeyOwn && k.Kind != KeyTrusted {
		return &Error{Code: CodeConflict, Path: s.path, Err: fmt.Errorf("key kind %q", k.Kind)}
	}
	k.Name, k.Role, k.Unit = strings.TrimSpace(k.Name), strings.TrimSpace(k.Role), strings.TrimSpace(k.Unit)
	if k.Name == "" || k.Ed25519FPR == "" || k.SM2FPR == "" {
		return &Error{Code: CodeConflict, Path: s.path, Err: errors.New("key without a name or fingerprints")}
	}
	k.CreatedAt = s.Now().UTC()
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM signing_keys WHERE kind = ? AND ed25519_fpr = ?`,
			k.Kind, k.Ed25519FPR).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return &Error{Code: CodeConflict, Path: s.path, Err: ErrKeyExists}
		}
		var opID any
		if k.Kind == KeyOwn {
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM signing_keys WHERE kind = 'own' AND operator_id = ? AND revoked_at = ''`,
				k.OperatorID).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return &Error{Code: CodeConflict, Path: s.path, Err: ErrKeyInForce}
			}
			opID = k.OperatorID
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO signing_keys (kind, operator_id, name, role, unit, ed25519_public, sm2_public,
			ed25519_fpr, sm2_fpr, dir, source, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			k.Kind, opID, k.Name, k.Role, k.Unit, k.Ed25519Public, k.SM2Public, k.Ed25519FPR, k.SM2FPR, k.Dir, k.Source, fmtTime(k.CreatedAt))
		if err != nil {
			return err
		}
		if k.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		return s.audit(ctx, tx, op, event, "key", k.ShortID(), keyDetail(k), OutcomeSuccess)
	})
	return classify(s.path, err)
}

// ErrKeyExists: the key is already recorded. ErrKeyInForce: the profile
// already has a key in force (revoke it first).
var (
	ErrKeyExists  = errors.New("key already recorded")
	ErrKeyInForce = errors.New("the signer profile already has a key in force")
)

func keyDetail(k *SigningKey) string {
	return fmt.Sprintf("kind=%s; name=%s; unit=%s; ed25519=%s; sm2=%s", k.Kind, k.Name, k.Unit, k.Ed25519FPR, k.SM2FPR)
}

const keyColumns = `k.id, k.kind, coalesce(k.operator_id, 0), k.name, k.role, k.unit, k.ed25519_public, k.sm2_public,
	k.ed25519_fpr, k.sm2_fpr, k.dir, k.source, k.created_at, k.revoked_at,
	(SELECT count(*) FROM signatures g WHERE g.key_id = k.id)`

func scanKey(sc interface{ Scan(...any) error }) (SigningKey, error) {
	var k SigningKey
	var created, revoked string
	err := sc.Scan(&k.ID, &k.Kind, &k.OperatorID, &k.Name, &k.Role, &k.Unit, &k.Ed25519Public, &k.SM2Public,
		&k.Ed25519FPR, &k.SM2FPR, &k.Dir, &k.Source, &created, &revoked, &k.SignatureCount)
	k.CreatedAt = parseTime(created)
	if revoked != "" {
		k.RevokedAt = parseTime(revoked)
	}
	return k, err
}

// Keys lists every key: own keys first, then trusted ones, oldest first
// within each.
func (s *Store) Keys(ctx context.Context) ([]SigningKey, error) {
	return s.queryKeys(ctx, `1 = 1`)
}

func (s *Store) queryKeys(ctx context.Context, where string, args ...any) ([]SigningKey, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+keyColumns+` FROM signing_keys k WHERE `+where+`
		ORDER BY CASE k.kind WHEN 'own' THEN 0 ELSE 1 END, k.id`, args...)
	if err != nil {
		return nil, classify(s.path, err)
	}
	defer rows.Close()
	var out []SigningKey
	for rows.Next() {
		k, err := scanKey(rows)
		if err != nil {
			return nil, classify(s.path, err)
		}
		out = append(out, k)
	}
	return out, classify(s.path, rows.Err())
}

// SignerKey is the key in force of a signer profile; ErrNotFound when it has
// none.
func (s *Store) SignerKey(ctx context.Context, operatorID int64) (SigningKey, error) {
	k, err := scanKey(s.db.QueryRowContext(ctx, `SELECT `+keyColumns+` FROM signing_keys k
		WHERE k.kind = 'own' AND k.operator_id = ? AND k.revoked_at = '' ORDER BY k.id DESC LIMIT 1`, operatorID))
	return k, classify(s.path, err)
}

// FindKey finds a key by its id ("3"), or by the start of its Ed25519
// fingerprint (with or without "SHA256:", at least 6 characters) or of its SM2
// fingerprint. ErrNotFound when none matches; CodeConflict when several do.
func (s *Store) FindKey(ctx context.Context, ref string) (SigningKey, error) {
	ref = strings.TrimSpace(ref)
	keys, err := s.Keys(ctx)
	if err != nil {
		return SigningKey{}, err
	}
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		for _, k := range keys {
			if k.ID == id {
				return k, nil
			}
		}
	}
	bare := strings.TrimPrefix(ref, "SHA256:")
	var found []SigningKey
	if len(bare) >= 6 {
		for _, k := range keys {
			if strings.HasPrefix(strings.TrimPrefix(k.Ed25519FPR, "SHA256:"), bare) || strings.HasPrefix(k.SM2FPR, strings.ToLower(bare)) {
				found = append(found, k)
			}
		}
	}
	switch len(found) {
	case 0:
		return SigningKey{}, &Error{Code: CodeNotFound, Path: s.path, Err: fmt.Errorf("no key %q", ref)}
	case 1:
		return found[0], nil
	}
	return SigningKey{}, &Error{Code: CodeConflict, Path: s.path, Err: fmt.Errorf("%d keys match %q", len(found), ref)}
}

// KeysByFingerprint lists every key, own or trusted, with this Ed25519
// fingerprint (verification asks who a signature is by).
func (s *Store) KeysByFingerprint(ctx context.Context, ed25519FPR string) ([]SigningKey, error) {
	return s.queryKeys(ctx, `k.ed25519_fpr = ?`, ed25519FPR)
}

// RevokeKey revokes a key: an own key signs nothing more, a trusted key no
// longer vouches for signatures. Revoking twice is refused (CodeConflict).
func (s *Store) RevokeKey(ctx context.Context, op Operator, id int64) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		k, err := scanKey(tx.QueryRowContext(ctx, `SELECT `+keyColumns+` FROM signing_keys k WHERE k.id = ?`, id))
		if err != nil {
			return err
		}
		if k.Revoked() {
			return &Error{Code: CodeConflict, Path: s.path, Err: ErrKeyRevoked}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE signing_keys SET revoked_at = ? WHERE id = ?`, fmtTime(s.Now()), id); err != nil {
			return err
		}
		return s.audit(ctx, tx, op, EventKeyRevoke, "key", k.ShortID(), keyDetail(&k), OutcomeSuccess)
	})
	return classify(s.path, err)
}

// SetKeyDir records that an own key's encrypted files are now in dir (its
// passphrase was changed), with an audit record. A revoked key is refused.
func (s *Store) SetKeyDir(ctx context.Context, op Operator, id int64, dir string) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		k, err := scanKey(tx.QueryRowContext(ctx, `SELECT `+keyColumns+` FROM signing_keys k WHERE k.id = ? AND k.kind = 'own'`, id))
		if err != nil {
			return err
		}
		if k.Revoked() {
			return &Error{Code: CodeConflict, Path: s.path, Err: ErrKeyRevoked}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE signing_keys SET dir = ? WHERE id = ?`, dir, id); err != nil {
			return err
		}
		return s.audit(ctx, tx, op, EventKeyPass, "key", k.ShortID(), "dir="+dir, OutcomeSuccess)
	})
	return classify(s.path, err)
}

// ErrKeyRevoked: the key is revoked already.
var ErrKeyRevoked = errors.New("key already revoked")

// ExportSignature is the signature of one export: by whom, with which key,
// when, and the verification code printed on its PDF.
type ExportSignature struct {
	KeyID      int64
	Name       string
	Role       string
	Unit       string
	At         time.Time
	Code       string // verification code, as printed
	Manifest   string // SHA-256 (hex) of the SHA-256 manifest
	Ed25519FPR string // read back by Exports
}

// settingSignedApproval is the policy "an approval needs a signed document".
const settingSignedApproval = "policy.signed_approval"

// SignedApprovalRequired reports the policy: when on, the leader's decision
// on the risk assessment (5.1.2 a)) counts only once a risk report issued
// after it is signed.
func (s *Store) SignedApprovalRequired(ctx context.Context) (bool, error) {
	v, err := s.Setting(ctx, settingSignedApproval)
	return v == "on", err
}

// SetSignedApprovalRequired changes the policy, with an audit record.
func (s *Store) SetSignedApprovalRequired(ctx context.Context, op Operator, on bool) error {
	v := "off"
	if on {
		v = "on"
	}
	return classify(s.path, s.tx(ctx, func(tx *sql.Tx) error {
		if err := setSetting(ctx, tx, settingSignedApproval, v); err != nil {
			return err
		}
		return s.audit(ctx, tx, op, EventKeyPolicy, "policy", "signed_approval", v, OutcomeSuccess)
	}))
}

// addDocumentFacts adds to the facts the latest export of each kind of
// document of every engagement, signed or not, and applies the policy
// "approvals are signed" (model.RequireSignedApproval) with the date of the
// leader's decision on the risk assessment; only those of engagement only
// when it is not 0.
func addDocumentFacts(ctx context.Context, q queryer, out map[int64]model.Facts, as map[int64]*risk.Assessment, only int64) error {
	where, args := "", []any(nil)
	if only != 0 {
		where, args = " WHERE engagement_id = ?", []any{only}
	}
	err := eachRow(ctx, q, `SELECT x.engagement_id, x.kind, x.number, x.created_at, coalesce(g.signer_name, ''), coalesce(g.signed_at, '')
		FROM exports x LEFT JOIN signatures g ON g.export_id = x.id
		WHERE x.id IN (SELECT max(id) FROM exports`+where+` GROUP BY engagement_id, kind) ORDER BY x.id`, args, func(r *sql.Rows) error {
		var id int64
		var d model.DocumentFact
		var created, signed string
		if err := r.Scan(&id, &d.Kind, &d.Number, &created, &d.Signer, &signed); err != nil {
			return err
		}
		step, ok := model.DocumentStep(d.Kind)
		if !ok {
			return nil
		}
		d.Exported = localDate(parseTime(created))
		if signed != "" {
			d.Signed, d.SignedOn = true, localDate(parseTime(signed))
		}
		f := out[id]
		if f.Documents == nil {
			f.Documents = map[model.StepID][]model.DocumentFact{}
		}
		f.Documents[step] = append(f.Documents[step], d)
		out[id] = f
		return nil
	})
	if err != nil {
		return err
	}
	// The latest signed export of each kind, which a later unsigned one
	// does not replace as the approval (5.1.2 a)).
	err = eachRow(ctx, q, `SELECT x.engagement_id, x.kind, x.number, g.signed_at
		FROM exports x JOIN signatures g ON g.export_id = x.id
		WHERE x.id IN (SELECT max(x2.id) FROM exports x2 JOIN signatures g2 ON g2.export_id = x2.id`+strings.ReplaceAll(where, "engagement_id", "x2.engagement_id")+` GROUP BY x2.engagement_id, x2.kind)`, args, func(r *sql.Rows) error {
		var id int64
		var kind, number, signed string
		if err := r.Scan(&id, &kind, &number, &signed); err != nil {
			return err
		}
		step, ok := model.DocumentStep(kind)
		if !ok {
			return nil
		}
		f := out[id]
		for i := range f.Documents[step] {
			if d := &f.Documents[step][i]; d.Kind == kind {
				d.LastSigned, d.LastSignedOn = number, localDate(parseTime(signed))
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	var policy string
	if err := q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, settingSignedApproval).Scan(&policy); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if policy != "on" {
		return nil
	}
	for id, f := range out {
		a := as[id]
		if a == nil || f.States == nil {
			continue
		}
		model.RequireSignedApproval(&f, a.Conclusion.Date)
		out[id] = f
	}
	return nil
}

// localDate is the calendar day of t where the workstation is.
func localDate(t time.Time) model.Date { return model.Date(t.Local().Format(model.DateLayout)) }
