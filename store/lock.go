package store

import (
	"errors"
	"os"
)

// The writer's lock (docs/ARCHITECTURE.md, "Choices"): one process at a time
// writes a database. It is an advisory lock of the operating system on a
// file beside the database (outsec.db.lock: flock on Unix, LockFileEx on
// Windows), taken by Open and held until Close. The system lets go of it
// when the process ends, however it ends, so a crash leaves nothing to clean
// up (the empty file may stay; it locks nothing). Readers (OpenReader) do
// not take it, so `verify`, `exports`, `audit log` and `doctor` run beside
// the workbench; SQLite's own WAL locks keep each reader's view whole.

// LockPath is the file a database's writer locks.
func LockPath(dbPath string) string { return dbPath + ".lock" }

// errHeld: another process holds the lock.
var errHeld = errors.New("the writer's lock is held by another process")

// writerLock takes the writer's lock of the database at path without
// waiting: ErrLocked when another process has it.
func writerLock(path string) (*os.File, error) {
	f, err := os.OpenFile(LockPath(path), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		if errors.Is(err, os.ErrPermission) {
			return nil, &Error{Code: CodeReadOnly, Path: path, Err: err}
		}
		return nil, &Error{Code: CodeCannotOpen, Path: path, Err: err}
	}
	if err := lockFile(f); err != nil {
		f.Close()
		if errors.Is(err, errHeld) {
			return nil, &Error{Code: CodeLocked, Path: path, Err: err}
		}
		return nil, &Error{Code: CodeCannotOpen, Path: path, Err: err}
	}
	return f, nil
}
