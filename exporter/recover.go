package exporter

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"outsec/store"
)

// Recovered is what Recover did with one interrupted export.
type Recovered struct {
	Intent store.ExportIntent
	// Completed: every file was on disk, whole, and the export is recorded
	// now; else what was on disk was removed.
	Completed bool
	// Removed: the files and temporary files taken away.
	Removed []string
	// Err: the files could not be checked or removed, or the record failed;
	// the intent stays for the next start.
	Err error
}

// Pending lists the interrupted exports and what Recover would do with each,
// changing nothing (doctor).
func Pending(ctx context.Context, st *store.Store) ([]Recovered, error) {
	intents, err := st.PendingExports(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Recovered, len(intents))
	for i, in := range intents {
		out[i] = Recovered{Intent: in, Completed: wholeSet(in)}
		out[i].Removed = leftovers(in)
	}
	return out, nil
}

// Recover finishes the exports a stopped process left between writing files
// and recording them: when every file of an export is on disk with the
// digest it was to have, the export is recorded (with an audit record
// saying it was interrupted); otherwise the files it wrote are removed and
// an audit record says what was removed. Either way the temporary files
// (.NAME.*.tmp) are removed. So after any stop, a set of files that
// verifies is a recorded set (issue 17, hole 3).
func Recover(ctx context.Context, st *store.Store, op store.Operator) ([]Recovered, error) {
	intents, err := st.PendingExports(ctx)
	if err != nil {
		return nil, err
	}
	var out []Recovered
	for _, in := range intents {
		r := Recovered{Intent: in}
		tmps := temporaries(in)
		if wholeSet(in) {
			r.Completed = true
			r.Err = st.CompleteExport(ctx, op, in)
		} else {
			for _, f := range ownFiles(in) {
				if err := os.Remove(f); err == nil {
					r.Removed = append(r.Removed, f)
				}
			}
		}
		for _, t := range tmps {
			if err := os.Remove(t); err == nil {
				r.Removed = append(r.Removed, t)
			}
		}
		if !r.Completed && r.Err == nil {
			note := "interrupted before every file was written; removed: " + strings.Join(r.Removed, ", ")
			if len(r.Removed) == 0 {
				note = "interrupted before any file was written"
			}
			r.Err = st.DropExport(ctx, op, in, note)
		}
		out = append(out, r)
	}
	return out, nil
}

// wholeSet: every file of the intent is on disk with its digest.
func wholeSet(in store.ExportIntent) bool {
	if len(in.Records) == 0 {
		return false
	}
	for _, rec := range in.Records {
		for _, f := range rec.Files {
			if !sameFile(f) {
				return false
			}
		}
	}
	return true
}

// ownFiles are the files of the intent on disk with the digest it gave them.
func ownFiles(in store.ExportIntent) []string {
	var out []string
	for _, rec := range in.Records {
		for _, f := range rec.Files {
			if sameFile(f) {
				out = append(out, f.Path)
			}
		}
	}
	return out
}

// leftovers is what Recover would remove for an incomplete set, and the
// temporary files.
func leftovers(in store.ExportIntent) []string {
	var out []string
	if !wholeSet(in) {
		out = ownFiles(in)
	}
	return append(out, temporaries(in)...)
}

// temporaries are the temporary files safefile.WriteTemp makes for the
// intent's files: .NAME.*.tmp in their folder.
func temporaries(in store.ExportIntent) []string {
	var out []string
	for _, rec := range in.Records {
		for _, f := range rec.Files {
			m, _ := filepath.Glob(filepath.Join(filepath.Dir(f.Path), "."+globEscape(filepath.Base(f.Path))+".*.tmp"))
			out = append(out, m...)
		}
	}
	return out
}

func globEscape(s string) string {
	r := strings.NewReplacer(`*`, `\*`, `?`, `\?`, `[`, `\[`, `\`, `\\`)
	return r.Replace(s)
}

func sameFile(f store.ExportFile) bool {
	h, err := fileSHA256(f.Path)
	return err == nil && h == f.SHA256
}

func fileSHA256(path string) (string, error) {
	fh, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer fh.Close()
	h := sha256.New()
	if _, err := io.Copy(h, fh); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// String is a one-line account for logs and tests.
func (r Recovered) String() string {
	n := ""
	if len(r.Intent.Records) > 0 {
		n = r.Intent.Records[0].Number
	}
	return fmt.Sprintf("%s completed=%v removed=%d err=%v", n, r.Completed, len(r.Removed), r.Err)
}
