// Package backup makes, checks and restores backups of an outsec database
// (GB/T 39477—2020 6.3.3: the data the tool keeps is backed up, the backups
// checked and restorable). A backup is a folder
//
//	<stem>-<UTC time>/        e.g. outsec-20260301T090000Z
//	  <db file>               a consistent copy (VACUUM INTO), checked: integrity, chain, record digests
//	  keys/<folder>/…         the database's own signing keys, encrypted as they are
//	  evidence/…              the evidence folder beside the database, when there is one
//	  backup.json             what it holds: time, source, schema, engagements, the audit chain's head
//	  MANIFEST.sha256         SHA-256 of every file above (sha256sum format)
//
// written in a hidden folder (.<name>.tmp) and renamed when complete, so a
// backup folder is whole or absent; a left-over hidden folder is removed by
// the next backup. Automatic backups keep the newest Keep (≥ 3).
package backup

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"outsec/internal/safefile"
	"outsec/model/sign"
	"outsec/signing"
	"outsec/store"
)

// Format names the layout of backup.json.
const Format = "outsec-backup/1"

// Names of the files of a backup.
const (
	MetaFile     = "backup.json"
	ManifestFile = "MANIFEST.sha256"
)

// Settings of the backups (store settings, per database).
const (
	// SettingDir: the folder backups go to ("" : backups/ beside the database).
	SettingDir = "backup.dir"
	// SettingKeep: how many automatic backups are kept (at least MinKeep).
	SettingKeep = "backup.keep"
	// SettingAuto: "off" turns the daily automatic backup off.
	SettingAuto = "backup.auto"
)

// MinKeep is the fewest backups kept; DefaultKeep when none is set.
const (
	MinKeep     = 3
	DefaultKeep = 3
)

// StaleAfter is the age past which doctor warns of the last backup.
const StaleAfter = 7 * 24 * time.Hour

// Meta is backup.json.
type Meta struct {
	Format      string          `json:"format"`
	CreatedAt   string          `json:"created_at"` // RFC 3339, UTC
	Tool        string          `json:"tool"`
	Source      string          `json:"source"`   // the database backed up
	Database    string          `json:"database"` // its file name, in the backup
	Schema      int             `json:"schema"`
	Engagements int             `json:"engagements"`
	Records     int             `json:"records"`
	AuditHead   store.AuditHead `json:"audit_head"`
	OS          string          `json:"os_account,omitempty"`
	Operator    string          `json:"operator,omitempty"`
	Keys        []string        `json:"keys,omitempty"` // key folders, relative
	Evidence    int             `json:"evidence_files"`
	Reason      string          `json:"reason,omitempty"` // "auto", "before-restore", "" (asked for)
	// Signature is the number of the signature over the manifest
	// (<number>.meta.json … beside it), "" when unsigned.
	Signature string `json:"signature,omitempty"`
}

// Time is when the backup was made.
func (m Meta) Time() time.Time {
	t, _ := time.Parse(time.RFC3339, m.CreatedAt)
	return t
}

// Backup is one backup folder and what it holds.
type Backup struct {
	Path string
	Meta Meta
}

// Dir is where st's backups go: the setting, or backups/ beside the database.
func Dir(ctx context.Context, st *store.Store) string {
	if d, _ := st.Setting(ctx, SettingDir); d != "" {
		return d
	}
	return filepath.Join(filepath.Dir(st.Path()), "backups")
}

// Keep is how many backups are kept.
func Keep(ctx context.Context, st *store.Store) int {
	v, _ := st.Setting(ctx, SettingKeep)
	n, err := strconv.Atoi(v)
	if err != nil || n < MinKeep {
		return DefaultKeep
	}
	return n
}

// stem is the name of the database without its extension: its backups'
// names start with it, so that two databases in one folder keep theirs apart.
func stem(dbPath string) string {
	b := filepath.Base(dbPath)
	return strings.TrimSuffix(b, filepath.Ext(b))
}

const timeName = "20060102T150405Z"

// Options of Create.
type Options struct {
	Dir    string // "" : Dir(st)
	Tool   string // the version, for backup.json
	Reason string
	// Keep, when > 0, removes the oldest of this database's backups in Dir
	// past Keep once the new one is complete.
	Keep int
	// Signer, when not nil, signs the manifest (Ed25519 and SM2, as a
	// signed export: `outsec verify` checks it).
	Signer *signing.Signer
}

// Result is a backup made, and what was removed after it.
type Result struct {
	Backup  Backup
	Pruned  []string
	Cleaned []string // left-over hidden folders of interrupted backups
}

// ErrUnsound: the copy does not check out (integrity, chain or digests); no
// backup is left.
var ErrUnsound = errors.New("the copy does not check out")

// Create backs st up into a new folder of opts.Dir and records it in st's
// audit trail.
func Create(ctx context.Context, st *store.Store, op store.Operator, opts Options) (*Result, error) {
	dir := opts.Dir
	if dir == "" {
		dir = Dir(ctx, st)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, &PathError{Path: dir, Err: err}
	}
	res := &Result{Cleaned: cleanInterrupted(dir, stem(st.Path()))}
	now := st.Now().UTC()
	name := stem(st.Path()) + "-" + now.Format(timeName)
	final := filepath.Join(dir, name)
	for i := 2; exists(final); i++ {
		final = filepath.Join(dir, name+"-"+strconv.Itoa(i))
	}
	tmp := filepath.Join(dir, "."+filepath.Base(final)+".tmp")
	os.RemoveAll(tmp)
	if err := os.Mkdir(tmp, 0o700); err != nil {
		return nil, &PathError{Path: tmp, Err: err}
	}
	fail := func(err error) (*Result, error) {
		os.RemoveAll(tmp)
		st.AuditFailure(ctx, op, store.EventBackupCreate, "backup", filepath.Base(final), err)
		return nil, err
	}
	dbName := filepath.Base(st.Path())
	copyPath := filepath.Join(tmp, dbName)
	if err := st.CopyTo(ctx, copyPath); err != nil {
		return fail(err)
	}
	if err := syncFile(copyPath); err != nil {
		return fail(&PathError{Path: copyPath, Err: err})
	}
	in, err := store.Inspect(ctx, copyPath)
	if err != nil {
		return fail(err)
	}
	if !in.Sound() {
		return fail(fmt.Errorf("%w: %s", ErrUnsound, describe(in)))
	}
	meta := Meta{Format: Format, CreatedAt: now.Format(time.RFC3339), Tool: opts.Tool, Source: st.Path(), Database: dbName,
		Schema: in.Schema, Engagements: in.Engagements, Records: in.Records.Records, AuditHead: in.Head,
		OS: store.OSAccount(), Operator: op.Label(), Reason: opts.Reason}
	if opts.Signer != nil {
		meta.Signature = "BACKUP-" + now.Format(timeName)
	}
	base := filepath.Dir(st.Path())
	if keys, err := st.Keys(ctx); err == nil {
		for _, k := range keys {
			if k.Kind != store.KeyOwn || k.Dir == "" || filepath.IsAbs(k.Dir) || strings.HasPrefix(filepath.Clean(k.Dir), "..") {
				continue
			}
			src := filepath.Join(base, k.Dir)
			if !exists(src) {
				continue
			}
			if _, err := copyTree(src, filepath.Join(tmp, k.Dir)); err != nil {
				return fail(err)
			}
			meta.Keys = append(meta.Keys, filepath.ToSlash(k.Dir))
		}
	}
	if ev := filepath.Join(base, "evidence"); exists(ev) {
		n, err := copyTree(ev, filepath.Join(tmp, "evidence"))
		if err != nil {
			return fail(err)
		}
		meta.Evidence = n
	}
	mb, _ := json.MarshalIndent(meta, "", "  ")
	if err := writeSynced(filepath.Join(tmp, MetaFile), append(mb, '\n')); err != nil {
		return fail(err)
	}
	manifest, err := makeManifest(tmp)
	if err != nil {
		return fail(err)
	}
	if err := writeSynced(filepath.Join(tmp, ManifestFile), manifest); err != nil {
		return fail(err)
	}
	if opts.Signer != nil {
		head := in.Head
		stmt, err := signing.NewStatement(opts.Signer, signing.Document{Number: meta.Signature, Title: "outsec backup " + filepath.Base(final),
			Kind: "backup", Version: "1", Content: manifest, AuditHead: &head}, []string{ManifestFile}, now, opts.Tool)
		if err != nil {
			return fail(err)
		}
		sealed, err := stmt.Seal([]sign.File{{Name: ManifestFile, Data: manifest}})
		if err != nil {
			return fail(err)
		}
		for _, f := range sealed.Files {
			if err := writeSynced(filepath.Join(tmp, f.Name), f.Data); err != nil {
				return fail(err)
			}
		}
	}
	safefile.SyncDir(tmp)
	if err := os.Rename(tmp, final); err != nil {
		return fail(&PathError{Path: final, Err: err})
	}
	safefile.SyncDir(dir)
	sum := sha256.Sum256(manifest)
	detail := fmt.Sprintf("%s; manifest sha256=%s; audit head %d; engagements %d", final, hex.EncodeToString(sum[:]), in.Head.ID, in.Engagements)
	if opts.Reason != "" {
		detail += "; " + opts.Reason
	}
	if err := st.AuditBackup(ctx, op, store.EventBackupCreate, final, detail); err != nil {
		return nil, err
	}
	res.Backup = Backup{Path: final, Meta: meta}
	if opts.Keep > 0 {
		res.Pruned = Prune(dir, st.Path(), opts.Keep)
	}
	return res, nil
}

// describe is an unsound inspection in a line, for errors and logs.
func describe(in store.Inspection) string {
	switch {
	case len(in.Integrity) > 0:
		return "integrity: " + in.Integrity[0]
	case in.Audit.Break != nil:
		return fmt.Sprintf("audit chain: record %d %s", in.Audit.Break.RecordID, in.Audit.Break.Reason)
	case len(in.Records.Problems) > 0:
		p := in.Records.Problems[0]
		return fmt.Sprintf("record %s %s %s %s", p.Table, p.Key, p.Kind, strings.Join(p.Fields, ","))
	}
	return "schema"
}

// List is this database's backups in dir, oldest first (by the time in
// their names); folders without a readable backup.json are left out.
func List(dir, dbPath string) []Backup {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	prefix := stem(dbPath) + "-"
	var out []Backup
	for _, e := range ents {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		p := filepath.Join(dir, e.Name())
		m, err := readMeta(p)
		if err != nil {
			continue
		}
		out = append(out, Backup{Path: p, Meta: m})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Meta.CreatedAt != out[j].Meta.CreatedAt {
			return out[i].Meta.CreatedAt < out[j].Meta.CreatedAt
		}
		return out[i].Path < out[j].Path
	})
	return out
}

// Latest is the newest backup, false when there is none.
func Latest(dir, dbPath string) (Backup, bool) {
	l := List(dir, dbPath)
	if len(l) == 0 {
		return Backup{}, false
	}
	return l[len(l)-1], true
}

// Prune removes the oldest of the database's backups in dir past keep
// (never fewer than MinKeep kept) and returns what it removed.
func Prune(dir, dbPath string, keep int) []string {
	if keep < MinKeep {
		keep = MinKeep
	}
	l := List(dir, dbPath)
	var out []string
	for len(l) > keep {
		// Renamed first, so that a stop half-way through the removal
		// leaves a hidden folder the next backup removes, not a backup
		// folder with some of its files gone.
		gone := filepath.Join(filepath.Dir(l[0].Path), "."+filepath.Base(l[0].Path)+".tmp")
		if err := os.Rename(l[0].Path, gone); err == nil {
			safefile.SyncDir(filepath.Dir(l[0].Path))
			os.RemoveAll(gone)
			out = append(out, l[0].Path)
		}
		l = l[1:]
	}
	return out
}

// cleanInterrupted removes hidden folders left by interrupted backups of
// the database (.<stem>-….tmp).
func cleanInterrupted(dir, stem string) []string {
	m, _ := filepath.Glob(filepath.Join(dir, "."+stem+"-*.tmp"))
	var out []string
	for _, p := range m {
		if os.RemoveAll(p) == nil {
			out = append(out, p)
		}
	}
	return out
}

// Interrupted lists them, for doctor.
func Interrupted(dir, dbPath string) []string {
	m, _ := filepath.Glob(filepath.Join(dir, "."+stem(dbPath)+"-*.tmp"))
	return m
}

// Anchors are the audit chain heads the database's backups carry.
func Anchors(dir, dbPath string) []store.Anchor {
	var out []store.Anchor
	for _, b := range List(dir, dbPath) {
		out = append(out, store.Anchor{AuditHead: b.Meta.AuditHead, Source: filepath.Join(b.Path, MetaFile), At: b.Meta.Time()})
	}
	return out
}

// Due: no backup of the last 24 hours, and automatic backups not turned off.
func Due(ctx context.Context, st *store.Store) bool {
	if v, _ := st.Setting(ctx, SettingAuto); v == "off" {
		return false
	}
	b, ok := Latest(Dir(ctx, st), st.Path())
	return !ok || st.Now().Sub(b.Meta.Time()) >= 24*time.Hour
}

// Auto makes the day's backup when one is due, keeping Keep of them.
func Auto(ctx context.Context, st *store.Store, op store.Operator, tool string) (*Result, error) {
	if !Due(ctx, st) {
		return nil, nil
	}
	return Create(ctx, st, op, Options{Tool: tool, Reason: "auto", Keep: Keep(ctx, st)})
}

// ---------------------------------------------------------------- files

// PathError is a file or folder that could not be written or read.
type PathError struct {
	Path string
	Err  error
}

func (e *PathError) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *PathError) Unwrap() error { return e.Err }

func exists(p string) bool { _, err := os.Lstat(p); return err == nil }

func readMeta(dir string) (Meta, error) {
	var m Meta
	b, err := os.ReadFile(filepath.Join(dir, MetaFile))
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, err
	}
	if m.Format != Format {
		return m, fmt.Errorf("format %q", m.Format)
	}
	return m, nil
}

func syncFile(p string) error {
	f, err := os.OpenFile(p, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func writeSynced(p string, b []byte) error {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return &PathError{Path: p, Err: err}
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return &PathError{Path: p, Err: err}
	}
	return nil
}

// copyTree copies the regular files of src into dst (made 0700), flushed;
// symbolic links and other special files are left out. It returns how many
// files it copied.
func copyTree(src, dst string) (int, error) {
	n := 0
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return &PathError{Path: p, Err: err}
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			if err := os.MkdirAll(to, 0o700); err != nil {
				return &PathError{Path: to, Err: err}
			}
			return nil
		case !d.Type().IsRegular():
			return nil
		}
		if err := copyFile(p, to); err != nil {
			return err
		}
		n++
		return nil
	})
	return n, err
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return &PathError{Path: from, Err: err}
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return &PathError{Path: to, Err: err}
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return &PathError{Path: to, Err: err}
	}
	return nil
}

func fileSum(p string) (string, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// makeManifest is the SHA-256 of every regular file under dir, in sha256sum
// format, sorted by path (forward slashes).
func makeManifest(dir string) ([]byte, error) {
	var lines []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !d.Type().IsRegular() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if rel == ManifestFile {
			return nil
		}
		sum, err := fileSum(p)
		if err != nil {
			return err
		}
		lines = append(lines, sum+"  "+rel)
		return nil
	})
	if err != nil {
		return nil, &PathError{Path: dir, Err: err}
	}
	sort.Slice(lines, func(i, j int) bool { return lines[i][66:] < lines[j][66:] })
	return []byte(strings.Join(lines, "\n") + "\n"), nil
}

// readManifest parses MANIFEST.sha256: path → digest.
func readManifest(dir string) (map[string]string, error) {
	f, err := os.Open(filepath.Join(dir, ManifestFile))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" {
			continue
		}
		sum, rel, ok := strings.Cut(line, "  ")
		if !ok || len(sum) != 64 || rel == "" || strings.HasPrefix(rel, "/") || strings.Contains(rel, "..") {
			return nil, fmt.Errorf("manifest line %q", line)
		}
		out[rel] = sum
	}
	return out, sc.Err()
}
