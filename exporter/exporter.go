// Package exporter writes one filled document to files, signed or not, and
// records the export: the one path the command line (`outsec export`) and
// the workbench's export dialog share. The steps are separate so the
// workbench can move a progress bar between them:
//
//	job, err := exporter.New(doc, data, kind, formats, dir, signer, tool, now)
//	for i := range job.Formats { b, err := job.Render(i); job.SetRendered(i, b) }
//	rec, err := job.Write(ctx, st, op)
//
// Everything is rendered before anything is written; the files appear whole
// (each to a temporary file, all renamed once all are written; a failure
// removes them) and the export is recorded with each file's SHA-256, and its
// signature when signed, in one transaction with its audit record.
package exporter

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"outsec/i18n"
	"outsec/internal/localtime"
	"outsec/internal/safefile"
	"outsec/model/sign"
	"outsec/signing"
	"outsec/store"
	"outsec/templates"
	"outsec/templates/render"
)

// Job is one document on its way to files.
type Job struct {
	Doc     *render.Document
	Data    *templates.DocData
	Kind    templates.Kind
	Formats []templates.Format
	Dir     string
	// Statement is the signature to be made; nil: unsigned.
	Statement *signing.Statement
	signer    *signing.Signer
	rendered  [][]byte
}

// WriteError is a file that could not be written; nothing of the export is
// left behind.
type WriteError struct {
	Path string
	Err  error
}

func (e *WriteError) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *WriteError) Unwrap() error { return e.Err }

// ErrNotDir: the output path is a file.
var ErrNotDir = errors.New("not a folder")

// ErrExists: a file of the export is already in the folder. An export never
// overwrites one: a signed set left beside a later export of the same number
// would no longer verify (its manifest names the old bytes).
var ErrExists = errors.New("file exists")

// FreeFolder is a folder to offer when an export into dir is refused
// because its files are there: a sub-folder of dir named after the
// document number, with -2, -3 … when that is taken too.
func FreeFolder(dir, number string) string {
	base := filepath.Join(dir, SafeName(number))
	p := base
	for n := 2; ; n++ {
		if _, err := os.Lstat(p); errors.Is(err, os.ErrNotExist) {
			return p
		}
		p = base + "-" + strconv.Itoa(n)
	}
}

// NextSeq sets the sequence of the document about to be filled to the next
// one of its kind for the engagement (store.NextDocumentSequence), so that
// every export of a document gets its own number and files.
func NextSeq(ctx context.Context, st *store.Store, data *templates.DocData, kind templates.Kind) error {
	n, err := st.NextDocumentSequence(ctx, data.Engagement.ID, string(kind))
	if err != nil {
		return err
	}
	data.Seq = n
	return nil
}

// RenderError is a format that failed to render.
type RenderError struct {
	Format string
	Err    error
}

func (e *RenderError) Error() string { return e.Format + ": " + e.Err.Error() }
func (e *RenderError) Unwrap() error { return e.Err }

// FileName is the name of a document's file in a format: the document
// number with characters no file system takes replaced.
func FileName(number, format string) string {
	return SafeName(number) + "." + format
}

// SafeName replaces what some file system refuses in a name.
func SafeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || strings.ContainsRune(`/\:*?"<>|`, r) {
			return '_'
		}
		return r
	}, s)
}

// New prepares the export of a filled document. With a signer, the
// signature's metadata is fixed now and the PDF will carry its
// verification block, in the document's language.
func New(doc *render.Document, data *templates.DocData, kind templates.Kind, formats []templates.Format, dir string,
	signer *signing.Signer, tool string, now time.Time) (*Job, error) {
	j := &Job{Doc: doc, Data: data, Kind: kind, Formats: formats, Dir: dir, signer: signer, rendered: make([][]byte, len(formats))}
	if signer == nil {
		doc.Verification = nil
		return j, nil
	}
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = FileName(doc.Number, f.Name)
	}
	st, err := signing.NewStatement(signer, signing.Document{
		Number: SafeName(doc.Number), Title: doc.Title, Kind: string(kind), Version: doc.Version, Lang: doc.Lang, Content: doc.Source,
		AuditHead: &data.AuditHead,
	}, names, now, tool)
	if err != nil {
		return nil, err
	}
	j.Statement = st
	lang, ok := i18n.Parse(doc.Lang)
	if !ok {
		lang = i18n.ZH
	}
	doc.Verification = VerificationBlock(i18n.New(lang), st)
	return j, nil
}

// VerificationBlock is the PDF's verification block for a statement, in the
// catalog's language.
func VerificationBlock(cat *i18n.Catalog, st *signing.Statement) *render.Verification {
	m := st.Meta
	signer := m.Signer.Name
	if m.Signer.Role != "" {
		signer += " (" + m.Signer.Role + ")"
	}
	at, _ := time.Parse(time.RFC3339, m.SignedAt)
	v := &render.Verification{
		Heading: cat.T("sign.block.heading"),
		Lines: []render.Line{
			{Label: cat.T("sign.block.signer"), Value: signer},
			{Label: cat.T("sign.block.unit"), Value: m.Signer.Unit},
			{Label: cat.T("sign.block.time"), Value: localtime.WithZone(at)}, // stored and signed in UTC
			{Label: cat.T("sign.block.ed25519"), Value: m.Ed25519.Fingerprint},
			{Label: cat.T("sign.block.sm2"), Value: m.SM2.Fingerprint},
		},
		CodeLabel: cat.T("sign.block.code"),
		Code:      st.Code(),
		QR:        st.QRText(),
		Note:      cat.T("sign.block.note", m.Number),
	}
	if m.Signer.Unit == "" {
		v.Lines = append(v.Lines[:1], v.Lines[2:]...)
	}
	return v
}

// Render renders format i. It may run on another goroutine than the
// caller's; SetRendered keeps the result.
func (j *Job) Render(i int) ([]byte, error) {
	f := j.Formats[i]
	b, err := f.Render(j.Doc, j.Data)
	if err != nil {
		return nil, &RenderError{Format: f.Label, Err: err}
	}
	return b, nil
}

// SetRendered keeps the bytes of format i.
func (j *Job) SetRendered(i int, b []byte) { j.rendered[i] = b }

// RenderAll renders every format in order.
func (j *Job) RenderAll() error {
	for i := range j.Formats {
		b, err := j.Render(i)
		if err != nil {
			return err
		}
		j.SetRendered(i, b)
	}
	return nil
}

// Write signs (when signed), writes every file and records the export. On a
// write failure nothing is left in the folder and the failure is audited;
// if only the record fails, the files stay and the error says so (the
// returned record then has ID 0).
func (j *Job) Write(ctx context.Context, st *store.Store, op store.Operator) (*store.ExportRecord, error) {
	recs, err := WriteBatch(ctx, st, op, []*Job{j})
	if len(recs) == 1 {
		return recs[0], err
	}
	return nil, err
}

// sealed is a job's files, its signature's included.
func (j *Job) sealed() ([]sign.File, *signing.Sealed, error) {
	docFiles := make([]sign.File, len(j.Formats))
	for i, f := range j.Formats {
		if j.rendered[i] == nil {
			return nil, nil, &RenderError{Format: f.Label, Err: errors.New("not rendered")}
		}
		docFiles[i] = sign.File{Name: FileName(j.Doc.Number, f.Name), Data: j.rendered[i]}
	}
	if j.Statement == nil {
		return docFiles, nil, nil
	}
	sealed, err := j.Statement.Seal(docFiles)
	if err != nil {
		return nil, nil, err
	}
	return append(docFiles, sealed.Files...), sealed, nil
}

func (j *Job) record(files []sign.File, paths []string, sealed *signing.Sealed) *store.ExportRecord {
	rec := &store.ExportRecord{EngagementID: j.Data.Engagement.ID, Number: j.Doc.Number, Kind: string(j.Kind), Title: j.Doc.Title,
		Version: j.Data.Version, Lang: j.Doc.Lang, Seq: j.Data.Seq}
	for i, f := range files {
		format := ""
		if i < len(j.Formats) {
			format = j.Formats[i].Name
		} else {
			format = sigFormat(f.Name)
		}
		sum := sha256.Sum256(f.Data)
		rec.Files = append(rec.Files, store.ExportFile{Path: paths[i], Format: format, Size: int64(len(f.Data)), SHA256: hex.EncodeToString(sum[:])})
	}
	if sealed != nil {
		at, _ := time.Parse(time.RFC3339, j.Statement.Meta.SignedAt)
		rec.Signature = &store.ExportSignature{KeyID: j.signer.KeyID, Name: j.signer.Name, Role: j.signer.Role, Unit: j.signer.Unit,
			At: at, Code: sealed.Code, Manifest: sealed.ManifestSHA256, Ed25519FPR: j.Statement.Meta.Ed25519.Fingerprint}
	}
	return rec
}

// ErrMixedFolders: the jobs of one batch go to one folder.
var ErrMixedFolders = errors.New("a batch is written to one folder")

// WriteBatch writes several rendered jobs into their one folder as one user
// action: every file of every job whole, or none, and every export recorded
// in one transaction with its audit record. If only the record fails, the
// files stay and the records returned have ID 0.
func WriteBatch(ctx context.Context, st *store.Store, op store.Operator, jobs []*Job) ([]*store.ExportRecord, error) {
	if len(jobs) == 0 {
		return nil, nil
	}
	code := jobs[0].Data.Engagement.Code
	failed := func(err error) error {
		st.AuditFailure(ctx, op, store.EventDocumentExport, "engagement", code, err)
		return err
	}
	type part struct {
		files  []sign.File
		sealed *signing.Sealed
	}
	parts := make([]part, len(jobs))
	var all []sign.File
	for i, j := range jobs {
		if j.Dir != jobs[0].Dir {
			return nil, failed(ErrMixedFolders)
		}
		files, sealed, err := j.sealed()
		if err != nil {
			return nil, failed(err)
		}
		parts[i] = part{files, sealed}
		all = append(all, files...)
	}
	// The order after which any stop leaves something the next start can
	// finish (issue 17, hole 3): the intent, with every path and digest, is
	// recorded first; then the files (temporary names, then renamed); then
	// the export records, removing the intent in the same transaction.
	paths, err := setPaths(jobs[0].Dir, all)
	if err != nil {
		return nil, failed(err)
	}
	recs := make([]*store.ExportRecord, len(jobs))
	k := 0
	for i, j := range jobs {
		n := len(parts[i].files)
		recs[i] = j.record(parts[i].files, paths[k:k+n], parts[i].sealed)
		k += n
	}
	// A file already there is refused before the intent: a recovery must
	// never take an earlier export's file for one of this set (issue 16:
	// an export never overwrites a file).
	if err := refuseExisting(paths); err != nil {
		return nil, failed(err)
	}
	intent, err := st.BeginExports(ctx, op, recs)
	if err != nil {
		return nil, failed(err)
	}
	stage("intent")
	if _, err := WriteSet(jobs[0].Dir, all); err != nil {
		st.DropExport(ctx, op, store.ExportIntent{ID: intent}, "")
		return nil, failed(err)
	}
	stage("files")
	if err := st.EndExports(ctx, op, intent, recs); err != nil {
		return recs, err
	}
	return recs, nil
}

// stage is called at each step of writing an export; the crash tests stop
// the process there (hook_test.go).
var stage = func(string) {}

// refuseExisting is ErrExists for the first of paths that is already there.
func refuseExisting(paths []string) error {
	for _, p := range paths {
		if _, err := os.Lstat(p); err == nil {
			return &WriteError{Path: p, Err: ErrExists}
		}
	}
	return nil
}

// setPaths is where WriteSet puts files: absolute paths in dir.
func setPaths(dir string, files []sign.File) ([]string, error) {
	paths := make([]string, len(files))
	for i, f := range files {
		p := filepath.Join(dir, f.Name)
		if abs, err := filepath.Abs(p); err == nil {
			p = abs
		}
		paths[i] = p
	}
	return paths, nil
}

// RenderBatch renders every format of every job on every processor. each,
// when not nil, is called as each job is done (done counting 1 … total),
// from one goroutine at a time. The first error stops the batch.
func RenderBatch(jobs []*Job, each func(done, total int)) error {
	n := len(jobs)
	next := make(chan int)
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		done  int
		first error
	)
	workers := runtime.GOMAXPROCS(0)
	if workers > n {
		workers = n
	}
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				err := jobs[i].RenderAll()
				mu.Lock()
				if err != nil && first == nil {
					first = err
				}
				done++
				if each != nil && err == nil {
					each(done, n)
				}
				mu.Unlock()
			}
		}()
	}
	for i := 0; i < n; i++ {
		mu.Lock()
		stop := first != nil
		mu.Unlock()
		if stop {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	return first
}

// sigFormat names the signature's files in the export record.
func sigFormat(name string) string {
	for _, s := range []struct{ suffix, format string }{
		{signing.SuffixSHA256Sig, "sha256.sig"}, {signing.SuffixSM3Sig, "sm3.sig"},
		{signing.SuffixMeta, "meta"}, {signing.SuffixSHA256, "sha256"}, {signing.SuffixSM3, "sm3"},
	} {
		if strings.HasSuffix(name, s.suffix) {
			return s.format
		}
	}
	return ""
}

// WriteSet writes files into dir whole or not at all: each to a temporary
// file, then all renamed; a failure removes what it wrote. It returns the
// absolute paths, in order. A file already there is never replaced: the
// whole set is refused (ErrExists, naming the first such file) before
// anything is written.
func WriteSet(dir string, files []sign.File) ([]string, error) {
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		return nil, &WriteError{Path: dir, Err: ErrNotDir}
	}
	paths, _ := setPaths(dir, files)
	if err := refuseExisting(paths); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, &WriteError{Path: dir, Err: err}
	}
	tmps := make([]string, len(files))
	renamed := make([]bool, len(files))
	cleanup := func() {
		for i, t := range tmps {
			if t != "" {
				os.Remove(t)
			}
			if renamed[i] {
				os.Remove(paths[i])
			}
		}
	}
	for i, f := range files {
		p := paths[i]
		tmp, err := safefile.WriteTemp(p, f.Data)
		if err != nil {
			cleanup()
			return nil, &WriteError{Path: p, Err: err}
		}
		tmps[i] = tmp
		stage("temp")
	}
	for i := range files {
		// Checked again just before: another program may have written one
		// meanwhile (a rename would replace it).
		if _, err := os.Lstat(paths[i]); err == nil {
			cleanup()
			return nil, &WriteError{Path: paths[i], Err: ErrExists}
		}
		if err := os.Rename(tmps[i], paths[i]); err != nil {
			cleanup()
			return nil, &WriteError{Path: paths[i], Err: err}
		}
		tmps[i], renamed[i] = "", true
		stage("rename")
	}
	safefile.SyncDir(dir)
	return paths, nil
}
