// Package handover reads a folder of handed-over files for the exit
// inventory (seed 001 9.2.2 a), 9.3.3 a)): every regular file under it with
// its size, SHA-256 and SM3, computed in one read pass per file
// (io.MultiWriter) with a fixed buffer per worker, so a tree of any size is
// read in bounded memory; and the receiving check of 9.2.1 a)–b), which
// recomputes the digests and compares them with the inventory.
package handover

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/emmansun/gmsm/sm3"

	"outsec/model/exit"
)

// Progress is told how many files are done of how many; it is called from
// the workers, at most once per file, and must be safe for that.
type Progress func(done, total int)

// File is one file found under the folder.
type File struct {
	Rel    string // path under the folder, with "/"
	Size   int64
	SHA256 string
	SM3    string
	Err    error // could not be read
}

const bufSize = 64 << 10

// List walks dir and returns the paths of its regular files under it, with
// "/", sorted. Symbolic links and other special files are not followed.
func List(ctx context.Context, dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	sort.Strings(out)
	return out, err
}

// Digest hashes the files rels under dir, on as many workers as there are
// CPUs, each with its own buffer; the result is in the order of rels.
func Digest(ctx context.Context, dir string, rels []string, progress Progress) ([]File, error) {
	out := make([]File, len(rels))
	workers := min(runtime.GOMAXPROCS(0), max(1, len(rels)))
	var next, done atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, bufSize)
			h1, h2 := sha256.New(), sm3.New()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(rels) || ctx.Err() != nil {
					return
				}
				f := &out[i]
				f.Rel = rels[i]
				h1.Reset()
				h2.Reset()
				f.Size, f.Err = hashFile(filepath.Join(dir, filepath.FromSlash(rels[i])), buf, h1, h2)
				if f.Err == nil {
					f.SHA256, f.SM3 = hex.EncodeToString(h1.Sum(nil)), hex.EncodeToString(h2.Sum(nil))
				}
				n := int(done.Add(1))
				if progress != nil {
					progress(n, len(rels))
				}
			}
		}()
	}
	wg.Wait()
	return out, ctx.Err()
}

func hashFile(p string, buf []byte, ws ...io.Writer) (int64, error) {
	f, err := os.Open(p)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return io.CopyBuffer(io.MultiWriter(ws...), struct{ io.Reader }{f}, buf)
}

// Items is every file under dir as an inventory item: its name, format
// (the extension), size, both checksums and its location under dir, of
// type typ. A file that cannot be read stops it, naming the file.
func Items(ctx context.Context, dir string, typ exit.ItemType, sensitive bool, progress Progress) ([]exit.Item, error) {
	rels, err := List(ctx, dir)
	if err != nil {
		return nil, err
	}
	files, err := Digest(ctx, dir, rels, progress)
	if err != nil {
		return nil, err
	}
	items := make([]exit.Item, 0, len(files))
	for _, f := range files {
		if f.Err != nil {
			return nil, &FileError{Rel: f.Rel, Err: f.Err}
		}
		items = append(items, exit.Item{Type: typ, Name: path.Base(f.Rel), Format: strings.TrimPrefix(strings.ToUpper(path.Ext(f.Rel)), "."),
			Size: f.Size, SHA256: f.SHA256, SM3: f.SM3, Sensitive: sensitive, Location: f.Rel})
	}
	return items, nil
}

// FileError names the file a folder could not be read at.
type FileError struct {
	Rel string
	Err error
}

func (e *FileError) Error() string { return e.Rel + ": " + e.Err.Error() }
func (e *FileError) Unwrap() error { return e.Err }

// Result is the receiving check of a folder against the inventory.
type Result struct {
	States  map[int64]exit.CheckState // by item id: matched, changed or missing
	Changed []exit.Item
	Missing []exit.Item
	Matched int
	// Extra are the files under the folder that no item names.
	Extra []string
}

// Check recomputes the checksums of the inventory's items that have a
// location and a checksum, from the files under dir (seed 001 9.2.1 a)–b)):
// matched when both digests (those recorded) agree, changed when one does
// not or the size differs, missing when the file is not there.
func Check(ctx context.Context, dir string, items []exit.Item, progress Progress) (Result, error) {
	res := Result{States: map[int64]exit.CheckState{}}
	rels, err := List(ctx, dir)
	if err != nil {
		return res, err
	}
	present := make(map[string]bool, len(rels))
	for _, r := range rels {
		present[r] = true
	}
	var want []string
	var at []int
	named := map[string]bool{}
	for i := range items {
		it := &items[i]
		if it.Location == "" || (it.SHA256 == "" && it.SM3 == "") {
			continue
		}
		named[it.Location] = true
		if !present[it.Location] {
			res.States[it.ID] = exit.Missing
			res.Missing = append(res.Missing, *it)
			continue
		}
		want = append(want, it.Location)
		at = append(at, i)
	}
	files, err := Digest(ctx, dir, want, progress)
	if err != nil {
		return res, err
	}
	for j, f := range files {
		it := &items[at[j]]
		switch {
		case errors.Is(f.Err, fs.ErrNotExist):
			res.States[it.ID] = exit.Missing
			res.Missing = append(res.Missing, *it)
		case f.Err != nil:
			return res, &FileError{Rel: f.Rel, Err: f.Err}
		case (it.SHA256 != "" && f.SHA256 != it.SHA256) || (it.SM3 != "" && f.SM3 != it.SM3):
			res.States[it.ID] = exit.Changed
			res.Changed = append(res.Changed, *it)
		default:
			res.States[it.ID] = exit.Matched
			res.Matched++
		}
	}
	for _, r := range rels {
		if !named[r] {
			res.Extra = append(res.Extra, r)
		}
	}
	return res, nil
}
