package store

import (
	"testing"

	sqlite3 "modernc.org/sqlite/lib"
)

// A nearly full disk is said to be full, not "disk I/O error": SQLite
// reports it at open as an I/O error or "cannot open".
func TestLowSpaceIsDiskFull(t *testing.T) {
	dir := t.TempDir()
	old := freeSpace
	defer func() { freeSpace = old }()
	freeSpace = func(string) (uint64, bool) { return 1 << 20, true }
	for _, c := range []int{sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_FULL} {
		if got := lowSpace(dir+"/outsec.db", c); got != CodeDiskFull {
			t.Errorf("code %d: %q", c, got)
		}
	}
	if got := lowSpace(dir+"/outsec.db", sqlite3.SQLITE_CORRUPT); got != "" {
		t.Errorf("corrupt: %q", got)
	}
	freeSpace = func(string) (uint64, bool) { return 1 << 30, true }
	if got := lowSpace(dir+"/outsec.db", sqlite3.SQLITE_IOERR); got != "" {
		t.Errorf("space left: %q", got)
	}
	if free, ok := diskFree(dir); !ok || free == 0 {
		t.Errorf("free space of %s: %d %v", dir, free, ok)
	}
}
