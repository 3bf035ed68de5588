package store

import (
	"path/filepath"

	sqlite3 "modernc.org/sqlite/lib"
)

// LowSpace is the free space below which a failed write or open is put
// down to a full disk: SQLite reports a disk that fills while it opens or
// writes as an I/O error or as "cannot open", not always as SQLITE_FULL
// (issue 17, hole 6: "disk I/O error" at open on a nearly full disk).
const LowSpace = 4 << 20

// freeSpace is the space free for the user in dir; ok false when unknown.
// A variable so the tests can fill the disk.
var freeSpace = diskFree

// lowSpace is CodeDiskFull for an I/O, cannot-open or full error while the
// database's folder has less than LowSpace free; "" otherwise.
func lowSpace(path string, primary int) Code {
	switch primary {
	case sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_FULL:
	default:
		return ""
	}
	dir := path
	if filepath.Ext(path) != "" {
		dir = filepath.Dir(path)
	}
	if free, ok := freeSpace(dir); ok && free < LowSpace {
		return CodeDiskFull
	}
	return ""
}
