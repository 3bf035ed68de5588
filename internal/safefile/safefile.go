// Package safefile writes files so that they appear whole or not at all: a
// temporary file in the same folder, flushed to the disk, then renamed. Exports
// go to USB sticks that are pulled out the moment the tool says "done".
package safefile

import (
	"os"
	"path/filepath"
	"runtime"
)

// WriteTemp writes b to a new temporary file in the folder of path, flushed to
// the disk, and returns its name; the caller renames it into place. On error
// nothing is left behind.
func WriteTemp(path string, b []byte) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return "", err
	}
	name := f.Name()
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
		return "", err
	}
	return name, nil
}

// SyncDir flushes a folder's entries, so that a renamed file survives a stick
// pulled out at once. Windows cannot, and needs not, sync a folder.
func SyncDir(dir string) {
	if runtime.GOOS == "windows" {
		return
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
