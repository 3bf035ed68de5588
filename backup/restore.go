package backup

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"outsec/internal/safefile"
	"outsec/signing"
	"outsec/store"
)

// Problem is one thing wrong with a backup.
type Problem struct {
	Path string
	// What: "missing" (listed, not there), "changed" (its SHA-256 differs),
	// "unlisted" (there, not in the manifest), "manifest", "meta" (unreadable),
	// "database" (the copy does not check out: Detail says how), "head"
	// (the copy's audit head is not the one backup.json names).
	What   string
	Detail string
}

// Checked is a backup that was checked, and what was found.
type Checked struct {
	Backup     Backup
	Inspection store.Inspection
	Problems   []Problem
	// Signature is the verification of a signed backup's manifest; nil
	// when the backup is not signed.
	Signature *signing.Result
}

// OK: nothing wrong; the backup may be restored.
func (c *Checked) OK() bool { return len(c.Problems) == 0 }

// Check checks the backup folder dir without changing it: every file
// against the manifest, the manifest against the files, then the copy of
// the database (integrity, chain, record digests, audit head).
//
// A signed backup's signature is verified too (lookup: the keys this office
// knows; nil: none, and a sound signature is of an unknown signer).
func Check(ctx context.Context, dir string, lookup ...signing.Lookup) (*Checked, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	c := &Checked{Backup: Backup{Path: abs}}
	fi, err := os.Stat(abs)
	if err != nil {
		return nil, &PathError{Path: abs, Err: err}
	}
	if !fi.IsDir() {
		return nil, &PathError{Path: abs, Err: errors.New("not a backup folder")}
	}
	meta, err := readMeta(abs)
	if err != nil {
		c.Problems = append(c.Problems, Problem{Path: filepath.Join(abs, MetaFile), What: "meta", Detail: err.Error()})
		return c, nil
	}
	c.Backup.Meta = meta
	man, err := readManifest(abs)
	if err != nil {
		c.Problems = append(c.Problems, Problem{Path: filepath.Join(abs, ManifestFile), What: "manifest", Detail: err.Error()})
		return c, nil
	}
	seen := map[string]bool{}
	filepath.WalkDir(abs, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(abs, p)
		rel = filepath.ToSlash(rel)
		if rel == ManifestFile || isSignatureFile(meta, rel) {
			return nil
		}
		want, ok := man[rel]
		if !ok || !d.Type().IsRegular() {
			c.Problems = append(c.Problems, Problem{Path: p, What: "unlisted"})
			return nil
		}
		seen[rel] = true
		if got, err := fileSum(p); err != nil || got != want {
			c.Problems = append(c.Problems, Problem{Path: p, What: "changed"})
		}
		return nil
	})
	var missing []string
	for rel := range man {
		if !seen[rel] {
			missing = append(missing, rel)
		}
	}
	sort.Strings(missing)
	for _, rel := range missing {
		c.Problems = append(c.Problems, Problem{Path: filepath.Join(abs, filepath.FromSlash(rel)), What: "missing"})
	}
	if meta.Database == "" || filepath.Base(meta.Database) != meta.Database {
		c.Problems = append(c.Problems, Problem{Path: filepath.Join(abs, MetaFile), What: "meta", Detail: "database " + meta.Database})
		return c, nil
	}
	if meta.Signature != "" {
		look := signing.Lookup(func(string) ([]store.SigningKey, error) { return nil, nil })
		if len(lookup) > 0 && lookup[0] != nil {
			look = lookup[0]
		}
		mp := filepath.Join(abs, meta.Signature+signing.SuffixMeta)
		rep, err := signing.Verify(mp, look)
		switch {
		case err != nil || len(rep.Results) != 1:
			c.Problems = append(c.Problems, Problem{Path: mp, What: "signature", Detail: fmt.Sprint(err)})
		case rep.Results[0].Status() == signing.Invalid:
			c.Problems = append(c.Problems, Problem{Path: mp, What: "signature"})
		default:
			r := rep.Results[0]
			c.Signature = &r
		}
	}
	if len(c.Problems) > 0 {
		return c, nil // a changed file is not opened
	}
	dbPath := filepath.Join(abs, meta.Database)
	in, err := store.Inspect(ctx, dbPath)
	c.Inspection = in
	switch {
	case err != nil:
		c.Problems = append(c.Problems, Problem{Path: dbPath, What: "database", Detail: err.Error()})
	case !in.Sound():
		c.Problems = append(c.Problems, Problem{Path: dbPath, What: "database", Detail: describe(in)})
	case in.Head != meta.AuditHead:
		c.Problems = append(c.Problems, Problem{Path: dbPath, What: "head", Detail: fmt.Sprintf("%d ≠ %d", in.Head.ID, meta.AuditHead.ID)})
	}
	return c, nil
}

// ErrNotChecked: the backup has problems; nothing was restored.
var ErrNotChecked = errors.New("the backup does not check out")

// ErrTargetExists: the folder to restore into is not empty.
var ErrTargetExists = errors.New("the folder to restore into is not empty")

// RestoreTo restores a checked backup into the folder to, which must not
// exist or be empty: the database under its own name, its key folders and
// its evidence, written in a hidden folder beside it and renamed when
// complete. It returns the restored database's path.
func RestoreTo(ctx context.Context, c *Checked, to string) (string, error) {
	if !c.OK() {
		return "", ErrNotChecked
	}
	to, _ = filepath.Abs(to)
	if ents, err := os.ReadDir(to); err == nil && len(ents) > 0 {
		return "", &PathError{Path: to, Err: ErrTargetExists}
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o700); err != nil {
		return "", &PathError{Path: filepath.Dir(to), Err: err}
	}
	tmp := filepath.Join(filepath.Dir(to), "."+filepath.Base(to)+".tmp")
	os.RemoveAll(tmp)
	if err := os.Mkdir(tmp, 0o700); err != nil {
		return "", &PathError{Path: tmp, Err: err}
	}
	if err := copyContent(c, tmp); err != nil {
		os.RemoveAll(tmp)
		return "", err
	}
	os.Remove(to) // an empty folder
	if err := os.Rename(tmp, to); err != nil {
		os.RemoveAll(tmp)
		return "", &PathError{Path: to, Err: err}
	}
	safefile.SyncDir(filepath.Dir(to))
	return filepath.Join(to, c.Backup.Meta.Database), nil
}

// copyContent copies the database, the keys and the evidence of a backup into dir.
func copyContent(c *Checked, dir string) error {
	src := c.Backup.Path
	if err := copyFile(filepath.Join(src, c.Backup.Meta.Database), filepath.Join(dir, c.Backup.Meta.Database)); err != nil {
		return err
	}
	for _, sub := range []string{"keys", "evidence"} {
		if p := filepath.Join(src, sub); exists(p) {
			if _, err := copyTree(p, filepath.Join(dir, sub)); err != nil {
				return err
			}
		}
	}
	safefile.SyncDir(dir)
	return nil
}

// ReplaceLive puts a checked backup in place of the database at live, which
// must be closed: the copy is written beside it and renamed over it (its
// -wal file removed first: it belongs to the old file); the backup's key
// folders replace those of the same name; its evidence folder replaces
// the live one. The caller has made a safety copy first (Create) and
// audits in both databases.
func ReplaceLive(ctx context.Context, c *Checked, live string) error {
	if !c.OK() {
		return ErrNotChecked
	}
	dir := filepath.Dir(live)
	stage := filepath.Join(dir, "."+filepath.Base(live)+".restore.tmp")
	os.RemoveAll(stage)
	if err := os.Mkdir(stage, 0o700); err != nil {
		return &PathError{Path: stage, Err: err}
	}
	defer os.RemoveAll(stage)
	if err := copyContent(c, stage); err != nil {
		return err
	}
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		os.Remove(live + suffix)
	}
	if err := os.Rename(filepath.Join(stage, c.Backup.Meta.Database), live); err != nil {
		return &PathError{Path: live, Err: err}
	}
	for _, k := range c.Backup.Meta.Keys {
		from, to := filepath.Join(stage, filepath.FromSlash(k)), filepath.Join(dir, filepath.FromSlash(k))
		if !exists(from) {
			continue
		}
		os.MkdirAll(filepath.Dir(to), 0o700)
		os.RemoveAll(to)
		if err := os.Rename(from, to); err != nil {
			return &PathError{Path: to, Err: err}
		}
	}
	if ev := filepath.Join(stage, "evidence"); exists(ev) {
		to := filepath.Join(dir, "evidence")
		os.RemoveAll(to)
		if err := os.Rename(ev, to); err != nil {
			return &PathError{Path: to, Err: err}
		}
	}
	safefile.SyncDir(dir)
	return nil
}

// isSignatureFile: one of the five files of the backup's signature.
func isSignatureFile(m Meta, rel string) bool {
	if m.Signature == "" {
		return false
	}
	for _, suffix := range []string{signing.SuffixMeta, signing.SuffixSHA256, signing.SuffixSM3, signing.SuffixSHA256Sig, signing.SuffixSM3Sig} {
		if rel == m.Signature+suffix {
			return true
		}
	}
	return false
}
