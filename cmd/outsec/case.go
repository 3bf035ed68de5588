package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"outsec/internal/localtime"
	"outsec/internal/safefile"
	"outsec/internal/termtext"
	"outsec/model"
	"outsec/model/casefile"
	"outsec/store"
)

// Case files: a whole engagement as one JSON file, to carry between machines
// with no network (docs/case-file.md).

// stdinIsTerminal reports whether the command can ask the user a question.
// Tests replace it to answer the question.
var stdinIsTerminal = func(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
}

func newCaseCmd(a *app) *cobra.Command {
	c := &cobra.Command{Use: "case", Args: cobra.NoArgs}
	c.AddCommand(newCaseExportCmd(a), newCaseImportCmd(a))
	return c
}

func newCaseExportCmd(a *app) *cobra.Command {
	var output string
	c := &cobra.Command{
		Use: "export ENGAGEMENT",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return a.fail(exitUsage, "case.err.args_export")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.caseExport(cmd.Context(), args[0], output)
		},
	}
	c.Flags().StringVarP(&output, "output", "o", "", "")
	return c
}

func newCaseImportCmd(a *app) *cobra.Command {
	var onConflict string
	var force bool
	c := &cobra.Command{
		Use: "import FILE",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return a.fail(exitUsage, "case.err.args_import")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.caseImport(cmd.Context(), args[0], onConflict, force)
		},
	}
	c.Flags().StringVar(&onConflict, "on-conflict", "", "")
	c.Flags().BoolVar(&force, "force", false, "")
	return c
}

// caseExport writes the engagement ref names as a case file to output, or to
// standard output when output is empty. The export is recorded only once the
// file is written; a file given with -o appears whole or not at all.
func (a *app) caseExport(ctx context.Context, ref, output string) error {
	cat := a.catalog()
	if output != "" {
		if fi, err := os.Stat(output); err == nil && fi.IsDir() {
			return a.fail(exitFailure, "case.err.write", output, cat.T("case.reason.is_dir"))
		}
	}
	st, err := a.open(ctx)
	if err != nil {
		return err
	}
	op, err := a.operator(ctx, st)
	if err != nil {
		return err
	}
	e, err := st.FindEngagement(ctx, ref)
	if errors.Is(err, store.ErrNotFound) {
		return a.fail(exitFailure, "case.err.not_found", ref)
	}
	if err != nil {
		return a.storeError(err)
	}

	var tmp string // the finished file, not yet in place
	var written []byte
	var writeErr error
	_, err = st.ExportCase(ctx, op, e.ID, func(c casefile.Case) ([]byte, error) {
		c.ExportedAt, c.Tool = st.Now(), "outsec "+version
		b, err := casefile.Encode(c)
		if err != nil {
			return nil, err
		}
		if output == "" {
			if _, err := a.stdout.Write(b); err != nil {
				writeErr = err
				return nil, err
			}
		} else if tmp, err = safefile.WriteTemp(output, b); err != nil {
			writeErr = err
			return nil, err
		}
		written = b
		return b, nil
	})
	if err != nil {
		if tmp != "" {
			os.Remove(tmp)
		}
		switch {
		case writeErr != nil && output == "":
			return a.fail(exitFailure, "case.err.stdout", a.ioReason(writeErr))
		case writeErr != nil:
			return a.fail(exitFailure, "case.err.write", output, a.ioReason(writeErr))
		case errors.Is(err, store.ErrNotFound):
			return a.fail(exitFailure, "case.err.not_found", ref)
		}
		return a.storeError(err)
	}
	if output == "" {
		return nil
	}
	if err := os.Rename(tmp, output); err != nil {
		os.Remove(tmp)
		st.AuditFailure(ctx, op, store.EventCaseExport, "engagement", e.Code, err)
		return a.fail(exitFailure, "case.err.write", output, a.ioReason(err))
	}
	safefile.SyncDir(filepath.Dir(output))
	sum := sha256.Sum256(written)
	fmt.Fprintln(a.stdout, cat.T("case.export.done", e.Code, e.Name, output, hex.EncodeToString(sum[:])))
	return nil
}

// ioReason explains a file error in the user's language where it is a common
// one, and gives the system's words otherwise.
func (a *app) ioReason(err error) string {
	cat := a.catalog()
	switch {
	case errors.Is(err, fs.ErrPermission):
		return cat.T("case.reason.permission")
	case errors.Is(err, fs.ErrNotExist):
		return cat.T("case.reason.no_folder")
	case errors.Is(err, syscall.ENOSPC):
		return cat.T("case.reason.disk_full")
	case errors.Is(err, syscall.EISDIR):
		return cat.T("case.reason.is_dir")
	}
	return err.Error()
}

// caseImport imports the case file at path ("-": standard input). The whole
// file is checked first; with any problem, every one is listed and nothing is
// written.
func (a *app) caseImport(ctx context.Context, path, onConflict string, force bool) error {
	cat := a.catalog()
	mode := store.OnConflict(onConflict)
	if mode != "" && !mode.Valid() {
		return a.fail(exitUsage, "case.err.bad_on_conflict", onConflict)
	}
	data, name, err := a.readCaseFile(path)
	if err != nil {
		return err
	}
	c, err := casefile.Decode(data)
	if err != nil {
		a.auditRefused(ctx, store.EventEngagementImport, c.Engagement.Code, err)
		return a.caseProblems(name, casefile.Problems(err))
	}

	st, err := a.open(ctx)
	if err != nil {
		return err
	}
	op, err := a.operator(ctx, st)
	if err != nil {
		return err
	}
	// The whole engagement here, section by section, against the file's.
	conflict, err := st.CaseConflictOf(ctx, data)
	var existing model.Engagement
	switch {
	case errors.Is(err, store.ErrNotFound):
		conflict = nil
	case err != nil:
		return a.storeError(err)
	default:
		existing = conflict.Existing
		if mode == "" {
			if path == "-" || !stdinIsTerminal(a.stdin) {
				a.auditRefused(ctx, store.EventEngagementImport, c.Engagement.Code, errRefusedExisting)
				return a.caseConflict(conflict)
			}
			mode = a.askConflict(conflict)
			// Replacing newer data is confirmed a second time.
			if mode == store.ConflictReplace && conflict.Newer() && !force {
				force = a.confirmNewer(conflict)
				if !force {
					mode = store.ConflictRefuse
				}
			}
		}
	}
	if mode == store.ConflictRefuse && existing.UID != "" {
		a.auditRefused(ctx, store.EventEngagementImport, c.Engagement.Code, errRefusedExisting)
		return &exitError{code: exitFailure, msg: a.conflictLine(conflict) + "\n" + cat.T("case.import.refused")}
	}

	res, err := st.ImportCase(ctx, op, data, store.ImportOptions{OnConflict: mode, CopyName: a.copyName, Force: force})
	var cerr *store.ConflictError
	var newer *store.NewerError
	var verr model.ValidationError
	switch {
	case err == nil:
	case errors.As(err, &newer):
		return &exitError{code: exitFailure, msg: a.conflictLine(newer.Conflict) + "\n" + cat.T("case.import.newer_refused")}
	case errors.As(err, &cerr):
		if conflict == nil {
			conflict = &store.CaseConflict{Existing: cerr.Existing, Exported: c.ExportedAt}
		}
		return a.caseConflict(conflict)
	case casefile.Problems(err) != nil:
		return a.caseProblems(name, casefile.Problems(err))
	case errors.As(err, &verr):
		// What the import itself changed (a copy's name) broke a rule.
		ps := make(casefile.Error, len(verr))
		for i, f := range verr {
			ps[i] = casefile.Problem{Path: "$.engagement." + f.Field, Label: f.LabelKey(), Key: f.Key, Args: f.Args, Clause: f.Clause}
		}
		return a.caseProblems(name, ps)
	default:
		return a.storeError(err)
	}

	e := res.Engagement
	if res.CodeTaken {
		fmt.Fprintln(a.stdout, cat.T("case.import.code_changed", res.FileCode, res.CodeTakenBy, e.Code))
	}
	switch res.Action {
	case store.ImportReplaced:
		fmt.Fprintln(a.stdout, cat.T("case.import.replaced", e.Code, e.Name, e.UID))
	case store.ImportCopy:
		fmt.Fprintln(a.stdout, cat.T("case.import.kept_both", e.Code, e.Name, e.UID, res.Existing.Code))
	default:
		fmt.Fprintln(a.stdout, cat.T("case.import.done", e.Code, e.Name, e.UID))
	}
	return nil
}

// errRefusedExisting is the audit detail of an import refused because the
// engagement exists.
var errRefusedExisting = errors.New("refused: the engagement exists (on-conflict refuse)")

// auditRefused records an import the command line refused before the store
// saw it (a file with problems, an engagement that exists): every failed
// attempt is audited (GB/T 32926—2016 A.2.5 b) 4)). A database that does not
// exist yet is not created for it, and a database that cannot be opened has
// already said why.
func (a *app) auditRefused(ctx context.Context, event, object string, cause error) {
	if a.st == nil {
		p, err := a.dbPath()
		if err != nil {
			return
		}
		if _, err := os.Stat(p); err != nil {
			return
		}
	}
	st, err := a.open(ctx)
	if err != nil {
		return
	}
	op, err := a.operator(ctx, st)
	if err != nil {
		return
	}
	detail := termtext.Cut(cause.Error(), 500)
	st.AuditFailure(ctx, op, event, "engagement", object, errors.New(detail))
}

// readCaseFile reads at most casefile.MaxSize+1 bytes, so that Decode can
// refuse a larger file without it all being read.
func (a *app) readCaseFile(path string) (data []byte, name string, err error) {
	if path == "-" {
		name = a.catalog().T("case.stdin")
		data, err = io.ReadAll(io.LimitReader(a.stdin, casefile.MaxSize+1))
		if err != nil {
			return nil, name, a.fail(exitFailure, "case.err.read", name, a.ioReason(err))
		}
		return data, name, nil
	}
	f, err := os.Open(path)
	if err == nil {
		data, err = io.ReadAll(io.LimitReader(f, casefile.MaxSize+1))
		f.Close()
	}
	switch {
	case err == nil:
		return data, path, nil
	case errors.Is(err, fs.ErrNotExist):
		return nil, path, a.fail(exitFailure, "case.err.read_missing", path)
	case errors.Is(err, fs.ErrPermission):
		return nil, path, a.fail(exitFailure, "case.err.read_denied", path)
	}
	return nil, path, a.fail(exitFailure, "case.err.read", path, a.ioReason(err))
}

// caseProblems is the failure of a file with problems: a heading, then one
// line for each.
func (a *app) caseProblems(name string, ps casefile.Error) error {
	cat := a.catalog()
	lines := []string{cat.T("case.import.invalid", name, len(ps))}
	for _, p := range ps {
		lines = append(lines, "  "+p.Text(cat.T))
	}
	return &exitError{code: exitFailure, msg: strings.Join(lines, "\n")}
}

// conflictLine says which engagement is already here, when each side last
// changed, and what a replace would change, section by section.
func (a *app) conflictLine(c *store.CaseConflict) string {
	cat := a.catalog()
	lines := []string{cat.T("case.import.conflict_here", c.Existing.UID, c.Existing.Code, c.Existing.Name, localTime(c.Changed), localTime(c.Exported))}
	if len(c.Sections) == 0 {
		lines = append(lines, cat.T("case.import.same_content"))
	} else {
		lines = append(lines, cat.T("case.import.would_change"))
		for _, d := range c.Sections {
			lines = append(lines, "  "+cat.T("case.import.section", cat.T(d.Section), d.Added, d.Removed, d.Changed))
			for _, n := range []struct {
				key   string
				names []string
			}{{"case.import.added", d.AddedNames}, {"case.import.removed", d.RemovedNames}, {"case.import.changed", d.ChangedNames}} {
				if len(n.names) > 0 {
					lines = append(lines, "    "+cat.T(n.key, namesList(n.names, 8)))
				}
			}
		}
	}
	if c.Newer() {
		lines = append(lines, cat.T("case.import.newer"))
	}
	return strings.Join(lines, "\n")
}

// namesList joins at most n names, saying how many more there are.
func namesList(names []string, n int) string {
	if len(names) <= n {
		return strings.Join(names, "、")
	}
	return strings.Join(names[:n], "、") + fmt.Sprintf(" … (+%d)", len(names)-n)
}

// localTime is a time where the user is, the zone named (the conflict
// shows two; the exports list names it in its heading line).
func localTime(t time.Time) string { return localtime.WithZone(t) }

// caseConflict refuses an import of an engagement that exists, when no one
// could be asked: it says which flag decides.
func (a *app) caseConflict(c *store.CaseConflict) error {
	return &exitError{code: exitFailure, msg: a.conflictLine(c) + "\n" + a.catalog().T("case.import.conflict_noterm")}
}

// confirmNewer asks once more before newer data here is replaced: only
// "yes" (or the catalog's word for it) replaces.
func (a *app) confirmNewer(c *store.CaseConflict) bool {
	cat := a.catalog()
	fmt.Fprint(a.stderr, cat.T("case.import.confirm_newer"))
	line, _ := a.reader().ReadString('\n')
	ans := strings.ToLower(strings.TrimSpace(line))
	return ans == "yes" || ans == strings.ToLower(cat.T("case.import.yes"))
}

// askConflict asks at the terminal what to do with an engagement that exists.
// No answer, or three answers that are not a choice, mean refuse.
func (a *app) askConflict(c *store.CaseConflict) store.OnConflict {
	cat := a.catalog()
	w := a.stderr
	fmt.Fprintln(w, a.conflictLine(c))
	fmt.Fprintln(w, cat.T("case.import.choose"))
	fmt.Fprintln(w, cat.T("case.import.choice.refuse"))
	fmt.Fprintln(w, cat.T("case.import.choice.replace"))
	fmt.Fprintln(w, cat.T("case.import.choice.keep_both"))
	r := a.reader()
	for range 3 {
		fmt.Fprint(w, cat.T("case.import.prompt"))
		line, err := r.ReadString('\n')
		switch ans := strings.ToLower(strings.TrimSpace(line)); ans {
		case "1", string(store.ConflictRefuse):
			return store.ConflictRefuse
		case "2", string(store.ConflictReplace):
			return store.ConflictReplace
		case "3", string(store.ConflictKeepBoth):
			return store.ConflictKeepBoth
		default:
			if err != nil {
				fmt.Fprintln(w)
				return store.ConflictRefuse
			}
			fmt.Fprintln(w, cat.T("case.import.bad_answer", ans))
		}
	}
	return store.ConflictRefuse
}

// copyName marks the name of a copy (keep-both), shortening the original so
// that the marked name still fits.
func (a *app) copyName(name string) string {
	cat := a.catalog()
	s := cat.T("case.copy_name", name)
	if over := utf8.RuneCountInString(s) - model.MaxShortText; over > 0 {
		r := []rune(name)
		if over < len(r) {
			s = cat.T("case.copy_name", strings.TrimSpace(string(r[:len(r)-over])))
		}
	}
	return s
}

// reader reads answers from standard input, one buffer for every question.
func (a *app) reader() *bufio.Reader {
	if a.lines == nil {
		a.lines = bufio.NewReader(a.stdin)
	}
	return a.lines
}
