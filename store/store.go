// Package store keeps outsec's data in one SQLite file (modernc.org/sqlite, pure
// Go). Every user action is one immediate transaction that also writes its audit
// record; one process at a time writes the file (the writer's lock, lock.go),
// others may read it (OpenReader).
package store

import (
	"bytes"
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Store is an open outsec database.
type Store struct {
	db   *sql.DB
	path string
	// lock is the writer's lock (lock.go); nil for a reader.
	lock *os.File
	// Now is the clock; tests set it to get fixed timestamps.
	Now func() time.Time
	// osAccount is the operating-system account, named in every audit record.
	osAccount string
	// tracking: the change triggers of the record digests are installed.
	tracking bool
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// DB exposes the connection for read-only diagnostics (doctor).
func (s *Store) DB() *sql.DB { return s.db }

// Close releases the database and its lock.
func (s *Store) Close() error {
	err := s.db.Close()
	if s.lock != nil {
		s.lock.Close() // the system lets go of the lock with the file
		s.lock = nil
	}
	return err
}

// ReadOnly reports whether the store was opened by OpenReader.
func (s *Store) ReadOnly() bool { return s.lock == nil }

var sqliteHeader = []byte("SQLite format 3\x00")

// Open opens the database at path, creating it (mode 0600, folder 0700) when it
// does not exist, and brings its schema up to date. It takes the writer's lock
// (lock.go), so a second outsec that writes the same file gets ErrLocked;
// OpenReader reads beside it. It never writes
// to a file that is not an outsec database, a read-only file or a damaged one.
func Open(ctx context.Context, path string) (*Store, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, &Error{Code: CodeCannotOpen, Path: path, Err: err}
	}
	path = abs
	if err := prepareFile(path); err != nil {
		return nil, err
	}
	// One writer: the writer's lock is taken before SQLite opens the file,
	// so a second workbench, or a command that writes while the workbench
	// is open, is refused with ErrLocked; readers do not take it.
	lock, err := writerLock(path)
	if err != nil {
		return nil, err
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(1500)")
	q.Add("_pragma", "foreign_keys(1)")
	// No journal_mode here: switching to WAL rewrites the file's header and
	// makes a -wal file, and a file must not change before it is known to be
	// outsec's (init switches it once it is).
	q.Add("_pragma", "synchronous(FULL)")
	// Deleted rows are overwritten, not only unlinked (GB/T 39477—2020
	// 6.3.4; destroy.go).
	q.Add("_pragma", "secure_delete(1)")
	q.Set("_txlock", "immediate")
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		lock.Close()
		return nil, classify(path, err)
	}
	// One connection: the exclusive lock belongs to it, and the TUI's commands
	// queue on it rather than race.
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	s := &Store{db: db, path: path, Now: time.Now, osAccount: OSAccount(), lock: lock}
	if err := s.init(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// OpenReader opens an existing outsec database to read it, beside a
// process that has it open to write (the workbench): it takes no writer's
// lock, runs no migration, and its connection refuses every write
// (query_only). A file that is missing, not outsec's, or of another schema
// version than this build's is refused (ErrNotFound for a missing one,
// CodeNewerSchema for a newer one, ErrNeedsUpgrade for an older one: open
// it with Open once to upgrade it).
func OpenReader(ctx context.Context, path string) (*Store, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, &Error{Code: CodeCannotOpen, Path: path, Err: err}
	}
	path = abs
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, &Error{Code: CodeNotFound, Path: path, Err: err}
	case err != nil:
		return nil, &Error{Code: CodeCannotOpen, Path: path, Err: err}
	case fi.IsDir() || fi.Size() == 0:
		return nil, &Error{Code: CodeNotDatabase, Path: path}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, &Error{Code: CodeCannotOpen, Path: path, Err: err}
	}
	head := make([]byte, len(sqliteHeader))
	_, err = io.ReadFull(f, head)
	f.Close()
	if err != nil || !bytes.Equal(head, sqliteHeader) {
		return nil, &Error{Code: CodeNotDatabase, Path: path}
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "query_only(1)")
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, classify(path, err)
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	s := &Store{db: db, path: path, Now: time.Now}
	if err := s.checkOwner(ctx); err != nil {
		db.Close()
		return nil, err
	}
	have, want, err := s.SchemaVersion(ctx)
	switch {
	case err != nil:
		db.Close()
		return nil, err
	case have > want:
		db.Close()
		return nil, &Error{Code: CodeNewerSchema, Path: path, Err: fmt.Errorf("schema %d, this build knows %d", have, want)}
	case have < want:
		db.Close()
		return nil, ErrNeedsUpgrade
	}
	return s, nil
}

// ErrNeedsUpgrade: OpenReader found a database of an older schema; Open
// upgrades it.
var ErrNeedsUpgrade = errors.New("store: the database needs an upgrade")

// prepareFile creates a missing database file with owner-only permissions, and
// refuses one that is read-only or is not an SQLite file, before SQLite sees it.
func prepareFile(path string) error {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return &Error{Code: CodeCannotOpen, Path: path, Err: err}
		}
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			if errors.Is(err, fs.ErrPermission) {
				return &Error{Code: CodeReadOnly, Path: path, Err: err}
			}
			return &Error{Code: CodeCannotOpen, Path: path, Err: err}
		}
		return f.Close()
	case err != nil:
		return &Error{Code: CodeCannotOpen, Path: path, Err: err}
	case fi.IsDir():
		return &Error{Code: CodeNotDatabase, Path: path, Err: errors.New("is a directory")}
	}
	// A file marked read-only (mode bits, or the Windows read-only attribute) is
	// refused even where the process could override it, as root can.
	if fi.Mode().Perm()&0o200 == 0 {
		return &Error{Code: CodeReadOnly, Path: path}
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		if errors.Is(err, fs.ErrPermission) {
			return &Error{Code: CodeReadOnly, Path: path, Err: err}
		}
		return &Error{Code: CodeCannotOpen, Path: path, Err: err}
	}
	defer f.Close()
	if fi.Size() == 0 {
		return nil // created but never written: SQLite initialises it
	}
	head := make([]byte, len(sqliteHeader))
	if _, err := io.ReadFull(f, head); err != nil || !bytes.Equal(head, sqliteHeader) {
		return &Error{Code: CodeNotDatabase, Path: path}
	}
	return nil
}

// ApplicationID marks an SQLite file as outsec's (PRAGMA application_id,
// offset 68 of the file's header): "OSEC" in ASCII. It is set when outsec
// creates a database, and on the first migration of one made before the mark
// existed. `file` and `sqlite3` show it.
const ApplicationID int32 = 0x4f534543

func (s *Store) init(ctx context.Context) error {
	// Only reads until the file is known to be outsec's: the first takes the
	// lock and reads the header.
	if err := s.checkOwner(ctx); err != nil {
		return err
	}
	var mode string
	if err := s.db.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode); err != nil {
		return classify(s.path, err)
	}
	if err := s.quickCheck(ctx); err != nil {
		return err
	}
	if err := s.migrate(ctx); err != nil {
		return err
	}
	return s.afterMigrate(ctx) // records.go, safety.go: the digests' triggers and baseline
}

// checkOwner refuses an SQLite file of another application: one marked with
// another application_id, or one with tables but without outsec's mark,
// unless those are outsec's own from before the mark (its first tables and
// a schema version). A file with nothing in it is outsec's to initialise.
// It only reads.
func (s *Store) checkOwner(ctx context.Context) error {
	var id int32
	if err := s.db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&id); err != nil {
		return classify(s.path, err)
	}
	switch id {
	case ApplicationID:
		return nil
	case 0:
	default:
		return &Error{Code: CodeForeign, Path: s.path, Err: fmt.Errorf("application_id %#x", uint32(id))}
	}
	var objects, ours, version int
	err := s.db.QueryRowContext(ctx, `SELECT count(*), count(CASE WHEN type = 'table' AND name IN ('engagements', 'audit_log', 'operators', 'settings') THEN 1 END) FROM sqlite_schema`).Scan(&objects, &ours)
	if err != nil {
		return classify(s.path, err)
	}
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return classify(s.path, err)
	}
	switch {
	case objects == 0 && version == 0:
		return nil // empty: a new database
	case ours == 4 && version > 0:
		return nil // outsec's, from before the mark: marked by migrate
	}
	return &Error{Code: CodeForeign, Path: s.path, Err: fmt.Errorf("no application_id, %d schema objects, user_version %d", objects, version)}
}

func (s *Store) quickCheck(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, "PRAGMA quick_check")
	if err != nil {
		return classify(s.path, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return classify(s.path, err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return classify(s.path, err)
	}
	if len(problems) > 0 {
		return &Error{Code: CodeCorrupt, Path: s.path, Err: errors.New(strings.Join(problems, "; "))}
	}
	return nil
}

// IntegrityCheck runs SQLite's full integrity check and returns its findings;
// none means the file is sound.
func (s *Store) IntegrityCheck(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return nil, classify(s.path, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return nil, classify(s.path, err)
		}
		if line != "ok" {
			out = append(out, line)
		}
	}
	return out, rows.Err()
}

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		n, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(n)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number", e.Name())
		}
		b, err := migrationFiles.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i, m := range out {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: expected version %d", m.name, i+1)
		}
	}
	return out, nil
}

// SchemaVersion is the version the database is at, and the one this build expects.
func (s *Store) SchemaVersion(ctx context.Context) (have, want int, err error) {
	ms, err := migrations()
	if err != nil {
		return 0, 0, err
	}
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&have); err != nil {
		return 0, 0, classify(s.path, err)
	}
	return have, len(ms), nil
}

func (s *Store) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	have, _, err := s.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if have > len(ms) {
		return &Error{Code: CodeNewerSchema, Path: s.path, Err: fmt.Errorf("schema %d, this build knows %d", have, len(ms))}
	}
	// The mark goes in with the schema, in the same transaction: a new
	// database and one of before the mark get it on their next migration.
	mark := fmt.Sprintf("PRAGMA application_id = %d", ApplicationID)
	for _, m := range ms[have:] {
		err := s.tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			if _, err := tx.ExecContext(ctx, mark); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version))
			return err
		})
		if err != nil {
			return classify(s.path, err)
		}
	}
	// Up to date but from before the mark (no migration was pending).
	var id int32
	if err := s.db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&id); err != nil {
		return classify(s.path, err)
	}
	if id != ApplicationID {
		if err := s.tx(ctx, func(tx *sql.Tx) error { _, err := tx.ExecContext(ctx, mark); return err }); err != nil {
			return classify(s.path, err)
		}
	}
	return nil
}

// tx runs fn in one immediate transaction: all of it is written, or none.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) (err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return classify(s.path, err)
	}
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback()
			err = fmt.Errorf("store: internal error: %v", p)
			return
		}
		if err != nil {
			tx.Rollback()
			return
		}
		if cerr := tx.Commit(); cerr != nil {
			err = classify(s.path, cerr)
		}
	}()
	if err := fn(tx); err != nil {
		return err
	}
	return s.auditUnaudited(ctx, tx) // records.go: no covered change outside the chain
}

// read runs fn in one read transaction, so that every query of fn sees the
// database at one moment (in WAL mode, as of fn's first query). fn gets the
// query methods only (queryer), not Exec: the driver does not make the
// transaction read-only itself. The transaction is deferred, not immediate:
// with TxOptions.ReadOnly modernc's driver sends a plain BEGIN, leaving
// _txlock=immediate to the transactions that write, so a read does not take
// the write lock it has no use for. It ends with a rollback: there is nothing
// to commit.
func (s *Store) read(ctx context.Context, fn func(q queryer) error) (err error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return classify(s.path, err)
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("store: internal error: %v", p)
		}
		tx.Rollback()
	}()
	return fn(tx)
}

// Code says what kind of failure a store error is, so that the screens and the
// command line can explain it in the user's language.
type Code string

const (
	CodeNotFound    Code = "not_found"
	CodeConflict    Code = "conflict"
	CodeLocked      Code = "locked"
	CodeReadOnly    Code = "read_only"
	CodeNotDatabase Code = "not_database"
	CodeForeign     Code = "foreign" // an SQLite database of another application
	CodeCorrupt     Code = "corrupt"
	CodeNewerSchema Code = "newer_schema"
	CodeCannotOpen  Code = "cannot_open"
	CodeDiskFull    Code = "disk_full"
	CodeIO          Code = "io" // the disk or file system failed a read or write
	CodeInternal    Code = "internal"
)

// Key is the catalog key of the code's message; the message takes the path.
func (c Code) Key() string { return "store.err." + string(c) }

// Error is a store failure with its kind and the file concerned.
type Error struct {
	Code Code
	Path string
	Err  error
}

func (e *Error) Error() string {
	s := "store: " + string(e.Code)
	if e.Path != "" {
		s += ": " + e.Path
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Is lets errors.Is match on the code alone: errors.Is(err, store.ErrNotFound).
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Path == "" && t.Err == nil && t.Code == e.Code
}

// Sentinels for errors.Is.
var (
	ErrNotFound    = &Error{Code: CodeNotFound}
	ErrConflict    = &Error{Code: CodeConflict}
	ErrLocked      = &Error{Code: CodeLocked}
	ErrReadOnly    = &Error{Code: CodeReadOnly}
	ErrNotDatabase = &Error{Code: CodeNotDatabase}
	ErrForeign     = &Error{Code: CodeForeign}
	ErrCorrupt     = &Error{Code: CodeCorrupt}
)

// classify turns a driver error into the store's own.
func classify(path string, err error) error {
	if err == nil {
		return nil
	}
	var se *Error
	if errors.As(err, &se) {
		return err
	}
	var le *sqlite.Error
	if errors.As(err, &le) {
		code := Code("")
		switch le.Code() & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			code = CodeLocked
		case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_CANTOPEN:
			code = CodeReadOnly
		case sqlite3.SQLITE_NOTADB:
			code = CodeNotDatabase
		case sqlite3.SQLITE_CORRUPT:
			code = CodeCorrupt
		case sqlite3.SQLITE_FULL:
			code = CodeDiskFull
		case sqlite3.SQLITE_CONSTRAINT:
			code = CodeConflict
		case sqlite3.SQLITE_IOERR:
			code = CodeIO
		default:
			code = CodeInternal
		}
		if low := lowSpace(path, le.Code()&0xff); low != "" {
			code = low
		}
		return &Error{Code: code, Path: path, Err: err}
	}
	if errors.Is(err, sql.ErrNoRows) {
		return &Error{Code: CodeNotFound, Err: err}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return &Error{Code: CodeInternal, Path: path, Err: err}
}
