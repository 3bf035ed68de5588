package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Tamper-evident records (issue 17, hole 4; GB/T 39477—2020 6.3.3: data kept
// by the tool is protected against unauthorised change). integrity_check sees
// a damaged file, not a changed value: a value edited with sqlite3, or
// overwritten by a stray write, passes it. So every audit record carries the
// digests of the records its change left behind, inside its chain hash, and
// VerifyRecords recomputes every current record against the digest of the
// last audit record that touched it, naming table, record and field.
//
// How: temporary triggers (made on the connection at Open, never stored in
// the file, so dropping the file's triggers does not stop them) note the key
// and rowid of every row inserted, updated or deleted in a covered table
// into temp.changed_rows; the next audit record of the transaction reads
// those rows as they are now and takes their digests into its own.

// Covered is one table the audit chain covers: its name and the columns of
// its primary key, which name a record across VACUUM and backups (rowids of
// tables without an INTEGER PRIMARY KEY may change).
type Covered struct {
	Table string
	Key   []string
}

// CoveredTables is THE registry of tables whose records are tamper-evident:
// add a table here when a migration creates one that holds records of the
// user's work (each change to it must be audited in its transaction). Not
// covered: audit_log itself (its own chain), settings (preferences, not
// audited), drafts (autosaved without audit), export_intents (bookkeeping).
var CoveredTables = []Covered{
	{"operators", []string{"id"}},
	{"engagements", []string{"id"}},
	{"managers", []string{"engagement_id", "position"}},
	{"risk_assessments", []string{"engagement_id"}},
	{"assets", []string{"id"}},
	{"threats", []string{"id"}},
	{"vulnerabilities", []string{"id"}},
	{"controls", []string{"id"}},
	{"risks", []string{"id"}},
	{"control_risks", []string{"control_id", "risk_id"}},
	{"risk_units", []string{"id"}},
	{"vendor_screening", []string{"engagement_id", "item"}},
	{"people", []string{"id"}},
	{"person_screening", []string{"person_id", "item"}},
	{"exports", []string{"id"}},
	{"export_files", []string{"export_id", "position"}},
	{"signing_keys", []string{"id"}},
	{"signatures", []string{"export_id"}},
	{"contracts", []string{"engagement_id"}},
	{"contract_items", []string{"engagement_id", "item"}},
	{"contract_params", []string{"engagement_id", "name"}},
	{"contract_factor_changes", []string{"id"}},
	// The contract's signing, the plan and the filing (0008_plan_filing.sql).
	{"contract_signings", []string{"engagement_id"}},
	{"plans", []string{"engagement_id"}},
	{"plan_controls", []string{"engagement_id", "item"}},
	{"filings", []string{"id"}},
	// The evidence, the findings register and the incidents (0009_findings.sql).
	{"evidence", []string{"id"}},
	{"evidence_links", []string{"evidence_id", "owner_kind", "owner_id"}},
	{"findings", []string{"id"}},
	{"finding_events", []string{"id"}},
	{"incidents", []string{"id"}},
	// People's access and training (0011_people_access.sql), the on-site
	// inspection (0012_inspection.sql), the service exit (0013_exit.sql).
	{"person_accesses", []string{"id"}},
	{"person_trainings", []string{"id"}},
	{"inspections", []string{"id"}},
	{"inspection_checks", []string{"id"}},
	{"exits", []string{"engagement_id"}},
	{"exit_checks", []string{"engagement_id", "item_id"}},
	{"exit_items", []string{"id"}},
	// The process assessment (0014_process_audit.sql) and the deliverable
	// verification (0015_delivery.sql).
	{"process_audits", []string{"id"}},
	{"deliveries", []string{"id"}},
}

// EventRecordsBaseline is the audit record that takes the digests of every
// covered record when the schema or the registry changed (a migration may
// add a column or rewrite values), or the first time a database made before
// the digests is opened.
const EventRecordsBaseline = "records.baseline"

const settingRecordsBaseline = "records.baseline"

// keyExpr is the SQL of a record's key from a trigger's row (NEW or OLD):
// the key columns' values joined by "/".
func keyExpr(row string, cols []string) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = row + "." + c
	}
	return strings.Join(parts, " || '/' || ")
}

// installChangeTriggers makes temp.changed_rows and the temporary triggers
// of every covered table on the store's one connection.
func (s *Store) installChangeTriggers(ctx context.Context) error {
	stmts := []string{`CREATE TEMP TABLE IF NOT EXISTS changed_rows (tbl TEXT NOT NULL, k TEXT NOT NULL, rid INTEGER, PRIMARY KEY (tbl, k))`}
	for _, c := range CoveredTables {
		// A table of the registry whose migration is not in this schema
		// (yet) has nothing to track.
		if ok, err := tableExists(ctx, s.db, c.Table); err != nil {
			return classify(s.path, err)
		} else if !ok {
			continue
		}
		for _, ev := range []struct{ name, when, row string }{
			{"ins", "INSERT", "NEW"}, {"upd", "UPDATE", "NEW"}, {"del", "DELETE", "OLD"}, {"updold", "UPDATE", "OLD"},
		} {
			rid := ev.row + ".rowid"
			if ev.name == "del" || ev.name == "updold" {
				rid = "NULL"
			}
			stmt := fmt.Sprintf(`CREATE TEMP TRIGGER IF NOT EXISTS outsec_%s_%s AFTER %s ON main.%s BEGIN
				INSERT OR REPLACE INTO changed_rows (tbl, k, rid) VALUES ('%s', %s, %s); END`,
				c.Table, ev.name, ev.when, c.Table, c.Table, keyExpr(ev.row, c.Key), rid)
			if ev.name == "updold" {
				// A key changed by an update: the old key is gone.
				stmt = fmt.Sprintf(`CREATE TEMP TRIGGER IF NOT EXISTS outsec_%s_%s AFTER UPDATE ON main.%s
					WHEN (%s) IS NOT (%s) BEGIN
					INSERT OR REPLACE INTO changed_rows (tbl, k, rid) VALUES ('%s', %s, NULL); END`,
					c.Table, ev.name, c.Table, keyExpr("OLD", c.Key), keyExpr("NEW", c.Key), c.Table, keyExpr("OLD", c.Key))
			}
			stmts = append(stmts, stmt)
		}
	}
	for _, q := range stmts {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			return classify(s.path, fmt.Errorf("change triggers: %w", err))
		}
	}
	s.tracking = true
	return nil
}

// EventRecordsChange is the audit record of covered records a transaction
// changed without an audit record of its own: a safety net, so that no
// change of a covered record stays outside the chain (each action should
// audit its own changes).
const EventRecordsChange = "records.change"

// auditUnaudited writes that record, at the end of a transaction, when the
// transaction changed covered records after its last audit record.
func (s *Store) auditUnaudited(ctx context.Context, tx *sql.Tx) error {
	if !s.tracking {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM temp.changed_rows`).Scan(&n); err != nil || n == 0 {
		return err
	}
	ds, err := takeChanges(ctx, tx)
	if err != nil {
		return err
	}
	return s.auditWith(ctx, tx, Operator{Name: "outsec", Role: "system"}, EventRecordsChange, "database", "",
		fmt.Sprintf("%d record(s) changed without an audit record of their own", len(ds)), OutcomeSuccess, ds)
}

// RecordDigest is the digest of one record as an audit record took it.
type RecordDigest struct {
	Table string
	Key   string
	// Digest is the SHA-256 of the record's canonical content (hex); "-"
	// when the change removed the record.
	Digest string
	// Cols are the record's columns, sorted by name (shared by the
	// records of a table), and Hashes a short digest of each (FNV-1a of
	// the name and the value), so that a difference names the field.
	Cols   []string
	Hashes []uint32
}

// shape is the order in which a table's scanned columns are digested:
// sorted by name, so that the digest does not depend on the schema's order.
type shape struct {
	sorted []string
	order  []int // order[i]: the scanned column of sorted[i]
}

var (
	shapesMu sync.Mutex
	shapes   = map[string]*shape{}
)

func shapeOf(cols []string) *shape {
	k := strings.Join(cols, "\x00")
	shapesMu.Lock()
	defer shapesMu.Unlock()
	if sh, ok := shapes[k]; ok {
		return sh
	}
	sh := &shape{sorted: append([]string(nil), cols...), order: make([]int, len(cols))}
	sort.Strings(sh.sorted)
	for i, name := range sh.sorted {
		for j, c := range cols {
			if c == name {
				sh.order[i] = j
			}
		}
	}
	shapes[k] = sh
	return sh
}

// canonical is a record's digest: SHA-256 over its columns sorted by name,
// each as its name, a type mark and its value, length-prefixed ("i" 3, "f"
// 1.5, "t" text, "b" bytes, "n" null); and each column's short digest.
func canonical(sh *shape, vals []any) (string, []uint32) {
	h := sha256.New()
	var buf []byte
	hashes := make([]uint32, len(sh.sorted))
	for i, name := range sh.sorted {
		buf = buf[:0]
		buf = binary.AppendUvarint(buf, uint64(len(name)))
		buf = append(buf, name...)
		buf = appendValue(buf, vals[sh.order[i]])
		h.Write(buf)
		f := fnv.New32a()
		f.Write(buf)
		hashes[i] = f.Sum32()
	}
	return hex.EncodeToString(h.Sum(nil)), hashes
}

func appendValue(b []byte, v any) []byte {
	text := func(tag byte, s string) []byte {
		b = append(b, tag)
		b = binary.AppendUvarint(b, uint64(len(s)))
		return append(b, s...)
	}
	switch x := v.(type) {
	case nil:
		return append(b, 'n')
	case int64:
		return text('i', strconv.FormatInt(x, 10))
	case float64:
		return text('f', strconv.FormatFloat(x, 'g', -1, 64))
	case string:
		return text('t', x)
	case []byte:
		b = append(b, 'b')
		b = binary.AppendUvarint(b, uint64(len(x)))
		return append(b, x...)
	case bool:
		if x {
			return text('i', "1")
		}
		return text('i', "0")
	default:
		return text('t', fmt.Sprint(x))
	}
}

// keyOf is a record's key from its scanned columns, as keyExpr makes it.
func keyOf(cols []string, vals []any, key []string) string {
	parts := make([]string, len(key))
	for i, k := range key {
		for j, c := range cols {
			if c == k {
				switch x := vals[j].(type) {
				case int64:
					parts[i] = strconv.FormatInt(x, 10)
				case string:
					parts[i] = x
				case []byte:
					parts[i] = string(x)
				case float64:
					parts[i] = strconv.FormatFloat(x, 'f', -1, 64)
				default:
					parts[i] = fmt.Sprint(x)
				}
			}
		}
	}
	return strings.Join(parts, "/")
}

// scanRows reads every row of rows as its column names and values.
func scanRows(rows *sql.Rows, each func(sh *shape, cols []string, vals []any) error) error {
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	sh := shapeOf(cols)
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		if err := each(sh, cols, vals); err != nil {
			return err
		}
	}
	return rows.Err()
}

// takeChanges reads the records changed since the last audit record of
// this connection, as they are now, and clears the list.
func takeChanges(ctx context.Context, tx *sql.Tx) ([]RecordDigest, error) {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM temp.changed_rows`).Scan(&n); err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, nil
	}
	var out []RecordDigest
	for _, c := range CoveredTables {
		var pending int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM temp.changed_rows WHERE tbl = ?`, c.Table).Scan(&pending); err != nil {
			return nil, err
		}
		if pending == 0 {
			continue
		}
		seen := map[string]bool{}
		rows, err := tx.QueryContext(ctx, `SELECT t.* FROM temp.changed_rows c JOIN main.`+c.Table+` t ON t.rowid = c.rid WHERE c.tbl = ?`, c.Table)
		if err != nil {
			return nil, err
		}
		err = scanRows(rows, func(sh *shape, cols []string, vals []any) error {
			k := keyOf(cols, vals, c.Key)
			if seen[k] {
				return nil
			}
			seen[k] = true
			d, f := canonical(sh, vals)
			out = append(out, RecordDigest{Table: c.Table, Key: k, Digest: d, Cols: sh.sorted, Hashes: f})
			return nil
		})
		if err != nil {
			return nil, err
		}
		krows, err := tx.QueryContext(ctx, `SELECT k FROM temp.changed_rows WHERE tbl = ?`, c.Table)
		if err != nil {
			return nil, err
		}
		var gone []string
		for krows.Next() {
			var k string
			if err := krows.Scan(&k); err != nil {
				krows.Close()
				return nil, err
			}
			if !seen[k] {
				gone = append(gone, k)
			}
		}
		krows.Close()
		for _, k := range gone {
			// Not found by its rowid under this key: deleted, or its key
			// changed; present under the key means it came back.
			if rd, ok, err := readRecord(ctx, tx, c, k); err != nil {
				return nil, err
			} else if ok {
				out = append(out, rd)
			} else {
				out = append(out, RecordDigest{Table: c.Table, Key: k, Digest: "-"})
			}
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM temp.changed_rows`); err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Table != out[j].Table {
			return out[i].Table < out[j].Table
		}
		return out[i].Key < out[j].Key
	})
	return out, nil
}

// readRecord reads one record by its key.
func readRecord(ctx context.Context, q queryer, c Covered, key string) (RecordDigest, bool, error) {
	parts := strings.SplitN(key, "/", len(c.Key))
	if len(parts) != len(c.Key) {
		return RecordDigest{}, false, nil
	}
	where := make([]string, len(c.Key))
	args := make([]any, len(c.Key))
	for i, k := range c.Key {
		where[i] = "CAST(" + k + " AS TEXT) = ?"
		args[i] = parts[i]
	}
	rows, err := q.QueryContext(ctx, `SELECT * FROM main.`+c.Table+` WHERE `+strings.Join(where, " AND "), args...)
	if err != nil {
		return RecordDigest{}, false, err
	}
	var rd RecordDigest
	found := false
	err = scanRows(rows, func(sh *shape, cols []string, vals []any) error {
		if keyOf(cols, vals, c.Key) == key {
			d, f := canonical(sh, vals)
			rd = RecordDigest{Table: c.Table, Key: key, Digest: d, Cols: sh.sorted, Hashes: f}
			found = true
		}
		return nil
	})
	return rd, found, err
}

// storedDigests is audit_log.digests: the columns of each table once
// ("c"), then per record [table, key, digest, the columns' short digests
// as 8 hex digits each, in the order of "c"] ("r"), sorted.
type storedDigests struct {
	Cols map[string][]string `json:"c"`
	Rows [][4]string         `json:"r"`
}

// encodeDigests is the digests as stored; "" for none.
func encodeDigests(ds []RecordDigest) string {
	if len(ds) == 0 {
		return ""
	}
	st := storedDigests{Cols: map[string][]string{}, Rows: make([][4]string, len(ds))}
	var hx []byte
	for i, d := range ds {
		if d.Cols != nil {
			if _, ok := st.Cols[d.Table]; !ok {
				st.Cols[d.Table] = d.Cols
			}
		}
		hx = hx[:0]
		for _, h := range d.Hashes {
			hx = fmt.Appendf(hx, "%08x", h)
		}
		st.Rows[i] = [4]string{d.Table, d.Key, d.Digest, string(hx)}
	}
	b, _ := json.Marshal(st)
	return string(b)
}

func decodeDigests(s string) ([]RecordDigest, error) {
	if s == "" {
		return nil, nil
	}
	var st storedDigests
	if err := json.Unmarshal([]byte(s), &st); err != nil {
		return nil, err
	}
	out := make([]RecordDigest, len(st.Rows))
	for i, r := range st.Rows {
		d := RecordDigest{Table: r[0], Key: r[1], Digest: r[2]}
		if r[3] != "" {
			d.Cols = st.Cols[r[0]]
			d.Hashes = make([]uint32, 0, len(r[3])/8)
			for k := 0; k+8 <= len(r[3]); k += 8 {
				v, _ := strconv.ParseUint(r[3][k:k+8], 16, 32)
				d.Hashes = append(d.Hashes, uint32(v))
			}
		}
		out[i] = d
	}
	return out, nil
}

// RecordProblem is a record that does not match the digest of its last
// audit record.
type RecordProblem struct {
	Table string
	Key   string
	// Kind: "altered" (its content differs; Fields names the columns),
	// "unrecorded" (no audit record took it: inserted by hand, or brought
	// back after its deletion), "removed" (gone, but no audit record says so).
	Kind   string
	Fields []string
	// AuditID is the audit record whose digest it fails (0 for unrecorded).
	AuditID int64
}

// Record problem kinds.
const (
	RecordAltered    = "altered"
	RecordUnrecorded = "unrecorded"
	RecordRemoved    = "removed"
)

// RecordCheck is the result of VerifyRecords.
type RecordCheck struct {
	Records  int // records checked
	Problems []RecordProblem
}

type lastDigest struct {
	RecordDigest
	auditID int64
}

// VerifyRecords recomputes every record of every covered table and compares
// it with the digest of the last audit record that changed it. It reads in
// one transaction and changes nothing. (The chain itself: VerifyAudit.)
func (s *Store) VerifyRecords(ctx context.Context) (RecordCheck, error) {
	var out RecordCheck
	err := s.read(ctx, func(q queryer) error {
		var err error
		out, err = verifyRecords(ctx, q)
		return err
	})
	return out, classify(s.path, err)
}

func latestDigests(ctx context.Context, q queryer) (map[string]lastDigest, error) {
	latest := map[string]lastDigest{}
	rows, err := q.QueryContext(ctx, `SELECT id, digests FROM audit_log WHERE digests != '' ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var js string
		if err := rows.Scan(&id, &js); err != nil {
			return nil, err
		}
		ds, err := decodeDigests(js)
		if err != nil {
			continue // the chain check names the altered record
		}
		for _, d := range ds {
			latest[d.Table+"\x00"+d.Key] = lastDigest{d, id}
		}
	}
	return latest, rows.Err()
}

func verifyRecords(ctx context.Context, q queryer) (RecordCheck, error) {
	var out RecordCheck
	latest, err := latestDigests(ctx, q)
	if err != nil {
		return out, err
	}
	for _, c := range CoveredTables {
		if ok, err := tableExists(ctx, q, c.Table); err != nil {
			return out, err
		} else if !ok {
			continue
		}
		seen := map[string]bool{}
		rows, err := q.QueryContext(ctx, `SELECT * FROM main.`+c.Table)
		if err != nil {
			return out, err
		}
		err = scanRows(rows, func(sh *shape, cols []string, vals []any) error {
			out.Records++
			k := keyOf(cols, vals, c.Key)
			seen[k] = true
			d, f := canonical(sh, vals)
			last, ok := latest[c.Table+"\x00"+k]
			switch {
			case !ok || last.Digest == "-":
				out.Problems = append(out.Problems, RecordProblem{Table: c.Table, Key: k, Kind: RecordUnrecorded, AuditID: last.auditID})
			case last.Digest != d:
				was := map[string]uint32{}
				for n, name := range last.Cols {
					if n < len(last.Hashes) {
						was[name] = last.Hashes[n]
					}
				}
				var fields []string
				for n, name := range sh.sorted {
					if h, ok := was[name]; !ok || h != f[n] {
						fields = append(fields, name)
					}
					delete(was, name)
				}
				for name := range was {
					fields = append(fields, name) // a column gone
				}
				sort.Strings(fields)
				out.Problems = append(out.Problems, RecordProblem{Table: c.Table, Key: k, Kind: RecordAltered, Fields: fields, AuditID: last.auditID})
			}
			return nil
		})
		if err != nil {
			return out, err
		}
		prefix := c.Table + "\x00"
		for id, last := range latest {
			if strings.HasPrefix(id, prefix) && last.Digest != "-" && !seen[last.Key] {
				out.Problems = append(out.Problems, RecordProblem{Table: c.Table, Key: last.Key, Kind: RecordRemoved, AuditID: last.auditID})
			}
		}
	}
	sort.SliceStable(out.Problems, func(i, j int) bool {
		a, b := out.Problems[i], out.Problems[j]
		if a.Table != b.Table {
			return a.Table < b.Table
		}
		return a.Key < b.Key
	})
	return out, nil
}

func tableExists(ctx context.Context, q queryer, name string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?`, name).Scan(&n)
	return n > 0, err
}

// registryVersion names the schema and the registry the digests were taken
// under: when either changes, a baseline takes them again.
func (s *Store) registryVersion(ctx context.Context) (string, error) {
	have, _, err := s.SchemaVersion(ctx)
	if err != nil {
		return "", err
	}
	names := make([]string, len(CoveredTables))
	for i, c := range CoveredTables {
		names[i] = c.Table + "(" + strings.Join(c.Key, ",") + ")"
	}
	sum := sha256.Sum256([]byte(strings.Join(names, ";")))
	return strconv.Itoa(have) + ":" + hex.EncodeToString(sum[:8]), nil
}

// baseline takes the digests of every covered record in one audit record
// when the schema or the registry is not the one they were last taken under.
// On a new database there is nothing to take, and no record is written.
func (s *Store) baseline(ctx context.Context) error {
	want, err := s.registryVersion(ctx)
	if err != nil {
		return err
	}
	have, err := s.Setting(ctx, settingRecordsBaseline)
	if err != nil || have == want {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		var all []RecordDigest
		for _, c := range CoveredTables {
			if ok, err := tableExists(ctx, tx, c.Table); err != nil || !ok {
				if err != nil {
					return err
				}
				continue
			}
			rows, err := tx.QueryContext(ctx, `SELECT * FROM main.`+c.Table)
			if err != nil {
				return err
			}
			err = scanRows(rows, func(sh *shape, cols []string, vals []any) error {
				d, f := canonical(sh, vals)
				all = append(all, RecordDigest{Table: c.Table, Key: keyOf(cols, vals, c.Key), Digest: d, Cols: sh.sorted, Hashes: f})
				return nil
			})
			if err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM temp.changed_rows`); err != nil {
			return err
		}
		if len(all) > 0 {
			sort.Slice(all, func(i, j int) bool {
				if all[i].Table != all[j].Table {
					return all[i].Table < all[j].Table
				}
				return all[i].Key < all[j].Key
			})
			if err := s.auditWith(ctx, tx, Operator{Name: "outsec", Role: "system"}, EventRecordsBaseline, "database", "",
				"schema "+want, OutcomeSuccess, all); err != nil {
				return err
			}
		}
		return setSetting(ctx, tx, settingRecordsBaseline, want)
	})
}

// Digests is the digest of every current record of every covered table, by
// "table/key": two databases with the same digests hold the same records.
func (s *Store) Digests(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	err := s.read(ctx, func(q queryer) error {
		for _, c := range CoveredTables {
			if ok, err := tableExists(ctx, q, c.Table); err != nil || !ok {
				if err != nil {
					return err
				}
				continue
			}
			rows, err := q.QueryContext(ctx, `SELECT * FROM main.`+c.Table)
			if err != nil {
				return err
			}
			err = scanRows(rows, func(sh *shape, cols []string, vals []any) error {
				d, _ := canonical(sh, vals)
				out[c.Table+"/"+keyOf(cols, vals, c.Key)] = d
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	return out, classify(s.path, err)
}
