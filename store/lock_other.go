//go:build !unix && !windows

package store

import "os"

// lockFile: no advisory locks here; SQLite's own locks still keep the file
// whole.
func lockFile(*os.File) error { return nil }
