package safefile

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWriteTempThenRename(t *testing.T) {
	dir := t.TempDir()
	dst := filepath.Join(dir, "out.xlsx")
	tmp, err := WriteTemp(dst, []byte("数据"))
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(tmp) != dir || tmp == dst {
		t.Fatalf("temp %s", tmp)
	}
	if err := os.Rename(tmp, dst); err != nil {
		t.Fatal(err)
	}
	SyncDir(dir)
	if b, _ := os.ReadFile(dst); string(b) != "数据" {
		t.Fatalf("%q", b)
	}
	if _, err := WriteTemp(filepath.Join(dir, "missing", "x"), nil); err == nil {
		t.Fatal("no error for a missing folder")
	}
	if es, _ := os.ReadDir(dir); len(es) != 1 {
		t.Fatalf("left behind: %v", es)
	}
}
