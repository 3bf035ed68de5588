package handover

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"outsec/model/exit"
)

var ctx = context.Background()

func tree(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	for i := 0; i < n; i++ {
		p := filepath.Join(dir, fmt.Sprintf("d%d", i%3), fmt.Sprintf("f%03d.csv", i))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(strings.Repeat(fmt.Sprint(i), 100+i)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// The digests agree with sha256sum and openssl dgst -sm3.
func TestItemsAgreeWithTheTools(t *testing.T) {
	dir := tree(t, 12)
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	var calls atomic.Int64
	items, err := Items(ctx, dir, exit.TypeData, true, func(done, total int) { calls.Add(1) })
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 12 || calls.Load() != 12 {
		t.Fatalf("%d items, %d progress calls; the link must not be followed", len(items), calls.Load())
	}
	for _, it := range items {
		if it.Format != "CSV" || !it.Sensitive || it.Name != filepath.Base(it.Location) {
			t.Errorf("item %+v", it)
		}
		p := filepath.Join(dir, it.Location)
		if out, err := exec.Command("sha256sum", p).Output(); err == nil {
			if got := strings.Fields(string(out))[0]; got != it.SHA256 {
				t.Errorf("%s: sha256sum %s, we %s", it.Location, got, it.SHA256)
			}
		} else {
			t.Log("no sha256sum:", err)
		}
		if out, err := exec.Command("openssl", "dgst", "-sm3", p).Output(); err == nil {
			f := strings.Fields(string(out))
			if got := f[len(f)-1]; got != it.SM3 {
				t.Errorf("%s: openssl sm3 %s, we %s", it.Location, got, it.SM3)
			}
		} else {
			t.Log("no openssl sm3:", err)
		}
	}
}

// After one file is changed and one removed, the check names exactly
// those two (seed 001 9.2.1 a)–b)), and the file nobody listed.
func TestCheckNamesChangedAndMissing(t *testing.T) {
	dir := tree(t, 30)
	items, err := Items(ctx, dir, exit.TypeData, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range items {
		items[i].ID = int64(i + 1)
	}
	changed, removed := items[4], items[17]
	if err := os.WriteFile(filepath.Join(dir, changed.Location), []byte("altered"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, removed.Location)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "extra.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Check(ctx, dir, items, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Changed) != 1 || res.Changed[0].ID != changed.ID || len(res.Missing) != 1 || res.Missing[0].ID != removed.ID {
		t.Fatalf("changed %+v missing %+v", res.Changed, res.Missing)
	}
	if res.Matched != 28 || len(res.States) != 30 || res.States[changed.ID] != exit.Changed || res.States[removed.ID] != exit.Missing {
		t.Errorf("matched %d, states %d", res.Matched, len(res.States))
	}
	if len(res.Extra) != 1 || res.Extra[0] != "extra.txt" {
		t.Errorf("extra %v", res.Extra)
	}
}
