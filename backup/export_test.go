package backup

import (
	"os"
	"path/filepath"
	"testing"
)

// Remanifest rewrites a backup's manifest to match its files, as someone
// hiding a change would.
func Remanifest(t *testing.T, dir string) {
	t.Helper()
	os.Remove(filepath.Join(dir, ManifestFile))
	m, err := makeManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ManifestFile), m, 0o600); err != nil {
		t.Fatal(err)
	}
}
