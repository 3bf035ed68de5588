package store_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"

	_ "modernc.org/sqlite"

	"outsec/store"
)

// foreignDB is an SQLite file of another application: a table "settings"
// (as outsec has), no application_id of outsec's.
func foreignDB(t *testing.T, journal string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "other.db")
	h, err := sql.Open("sqlite", "file:"+p+"?_pragma=journal_mode("+journal+")")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		"CREATE TABLE settings (k TEXT PRIMARY KEY, v TEXT)",
		"INSERT INTO settings VALUES ('theme', 'dark')",
		"PRAGMA user_version = 3",
	} {
		if _, err := h.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	h.Close()
	return p
}

// siblings are the files SQLite may leave beside a database.
func siblings(p string) []string {
	var out []string
	for _, s := range []string{"-wal", "-shm", "-journal"} {
		if _, err := os.Stat(p + s); err == nil {
			out = append(out, p+s)
		}
	}
	return out
}

// Issue 17, hole 2: another application's SQLite file is refused and left
// byte for byte as it was: no tables, no user_version, no WAL, no -wal/-shm.
func TestOpenRefusesAnotherApplicationsDatabaseUnchanged(t *testing.T) {
	for _, journal := range []string{"delete", "wal"} {
		p := foreignDB(t, journal)
		before, _ := os.ReadFile(p)
		pre := siblings(p)
		st, err := store.Open(context.Background(), p)
		if err == nil {
			st.Close()
		}
		if !errors.Is(err, store.ErrForeign) {
			t.Errorf("%s: want ErrForeign, got %v", journal, err)
		}
		after, _ := os.ReadFile(p)
		if !bytes.Equal(before, after) {
			t.Errorf("%s: the file changed (%d → %d bytes)", journal, len(before), len(after))
		}
		if s := siblings(p); len(s) != len(pre) {
			t.Errorf("%s: left behind %v", journal, s)
		}
	}
}

// A database outsec makes carries outsec's application_id; one made before
// the mark existed (outsec's tables, a user_version, no mark) still opens and
// gets the mark.
func TestApplicationIDMarksOutsecDatabases(t *testing.T) {
	p := filepath.Join(t.TempDir(), "outsec.db")
	st, err := store.Open(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	if id := applicationID(t, p); id != store.ApplicationID {
		t.Fatalf("new database: application_id %#x", id)
	}
	h, _ := sql.Open("sqlite", "file:"+p)
	if _, err := h.Exec("PRAGMA application_id = 0"); err != nil {
		t.Fatal(err)
	}
	h.Close()
	st, err = store.Open(context.Background(), p)
	if err != nil {
		t.Fatalf("an outsec database of before the mark: %v", err)
	}
	st.Close()
	if id := applicationID(t, p); id != store.ApplicationID {
		t.Fatalf("old database after open: application_id %#x", id)
	}
	// An empty SQLite file (no tables, no version) is outsec's to initialise.
	e := filepath.Join(t.TempDir(), "empty.db")
	h, _ = sql.Open("sqlite", "file:"+e)
	h.Exec("VACUUM")
	h.Close()
	if st, err = store.Open(context.Background(), e); err != nil {
		t.Fatalf("empty SQLite file: %v", err)
	}
	st.Close()
}

func applicationID(t *testing.T, p string) int32 {
	t.Helper()
	h, err := sql.Open("sqlite", "file:"+p)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	var id int32
	if err := h.QueryRow("PRAGMA application_id").Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}
