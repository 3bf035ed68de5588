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
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"outsec/internal/safefile"
	"outsec/model"
	"outsec/model/registerio"
	"outsec/store"
)

// The registers of a risk assessment from and to CSV and XLSX files
// (docs/registers.md). Reading and writing the files is model/registerio's;
// this is the command line around it.

func newRegisterCmd(a *app) *cobra.Command {
	c := &cobra.Command{Use: "register", Args: cobra.NoArgs}
	c.AddCommand(newRegisterImportCmd(a), newRegisterExportCmd(a))
	return c
}

func newRegisterImportCmd(a *app) *cobra.Command {
	var kind, duplicates string
	var dryRun, yes bool
	c := &cobra.Command{
		Use: "import ENGAGEMENT FILE",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				return a.fail(exitUsage, "register.err.args_import")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.registerImport(cmd.Context(), args[0], args[1], kind, registerio.OnDuplicate(duplicates), dryRun, yes)
		},
	}
	c.Flags().StringVar(&kind, "kind", "", "")
	c.Flags().StringVar(&duplicates, "duplicates", "", "")
	c.Flags().BoolVar(&dryRun, "dry-run", false, "")
	c.Flags().BoolVarP(&yes, "yes", "y", false, "")
	return c
}

func newRegisterExportCmd(a *app) *cobra.Command {
	var kind, format, output string
	c := &cobra.Command{
		Use: "export ENGAGEMENT",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return a.fail(exitUsage, "register.err.args_export")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.registerExport(cmd.Context(), args[0], kind, format, output)
		},
	}
	c.Flags().StringVar(&kind, "kind", "", "")
	c.Flags().StringVar(&format, "format", "", "")
	c.Flags().StringVarP(&output, "output", "o", "", "")
	return c
}

// errDuplicatesUnchosen is the audit detail of an import refused because it
// holds records the engagement has and no one said what to do with them.
var errDuplicatesUnchosen = errors.New("refused: records already in the engagement, no --duplicates")

// previewRows is how many records of each register the preview shows.
const previewRows = 5

// registerImport checks the file at path ("-": standard input) whole, shows a
// preview and every problem, and imports it into the engagement in one
// transaction when there is no problem and the user agrees.
func (a *app) registerImport(ctx context.Context, ref, path, kindFlag string, onDup registerio.OnDuplicate, dryRun, yes bool) error {
	cat := a.catalog()
	if onDup != "" && !onDup.Valid() {
		return a.fail(exitUsage, "register.err.bad_duplicates", string(onDup))
	}
	var kind registerio.Kind
	if kindFlag != "" {
		k, ok := registerio.ParseKind(kindFlag)
		if !ok || !k.Importable() {
			return a.fail(exitUsage, "register.err.bad_kind", kindFlag)
		}
		kind = k
	}
	data, name, err := a.readRegisterFile(path)
	if err != nil {
		return err
	}

	st, err := a.open(ctx)
	if err != nil {
		return err
	}
	e, err := a.findEngagement(ctx, st, ref)
	if err != nil {
		return err
	}
	as, err := st.RiskAssessment(ctx, e.ID)
	if err != nil {
		return a.storeError(err)
	}
	existing := make([]string, len(as.Assets))
	for i, x := range as.Assets {
		existing[i] = x.Name
	}

	res, ps := registerio.Parse(kind, name, data, existing)
	if res.Total() > 0 || len(ps) == 0 {
		a.importPreview(name, e, res)
	}
	if len(ps) > 0 {
		if !dryRun {
			a.auditRefused(ctx, store.EventRiskImport, e.Code, ps)
		}
		return a.registerProblems(name, ps)
	}
	// A record the engagement has already: reported per row, skipped or
	// updated as the user says (one rule for every register).
	dups := res.Duplicates(&as)
	for i, d := range dups {
		if i == maxProblemLines {
			fmt.Fprintln(a.stdout, "  "+cat.T("register.import.more_problems", len(dups)-i))
			break
		}
		fmt.Fprintln(a.stdout, "  "+cat.T("register.dup.row", cat.T(d.Kind.Label()), d.Row, d.Name, d.ExistingID))
	}
	if len(dups) > 0 && onDup == "" {
		if dryRun {
			fmt.Fprintln(a.stdout, cat.T("register.dup.choose", len(dups)))
			fmt.Fprintln(a.stdout, cat.T("register.import.dry_run"))
			return nil
		}
		a.auditRefused(ctx, store.EventRiskImport, e.Code, errDuplicatesUnchosen)
		return &exitError{code: exitFailure, msg: cat.T("register.dup.choose", len(dups))}
	}
	if dryRun {
		fmt.Fprintln(a.stdout, cat.T("register.import.dry_run"))
		return nil
	}
	if !yes {
		if path == "-" || !stdinIsTerminal(a.stdin) {
			fmt.Fprintln(a.stderr, cat.T("register.import.no_terminal"))
			return nil
		}
		if !a.confirmImport(res.Total(), e) {
			return &exitError{code: exitFailure, msg: cat.T("register.import.cancelled")}
		}
	}

	op, err := a.operator(ctx, st)
	if err != nil {
		return err
	}
	if onDup == "" {
		onDup = registerio.DuplicateSkip // there are none
	}
	b := res.Batch(&as, onDup)
	assets, threats, vulns := b.Assets, b.Threats, b.Vulns
	err = st.ImportRegisterBatch(ctx, op, e.ID, store.RegisterBatch{Assets: b.Assets, Threats: b.Threats, Vulns: b.Vulns,
		UpdateAssets: b.UpdateAssets, UpdateThreats: b.UpdateThreats, UpdateVulns: b.UpdateVulns})
	var batch store.BatchError
	var verr model.ValidationError
	switch {
	case err == nil:
	case errors.As(err, &batch):
		// The store's own check of the records: shown at their rows.
		var ps registerio.Problems
		for _, re := range batch {
			for _, fe := range re.Errs {
				k := registerio.Kind(re.Register)
				ps = append(ps, res.FieldProblem(k, b.Index[k][re.Index], fe))
			}
		}
		return a.registerProblems(name, ps)
	case errors.As(err, &verr):
		return &exitError{code: exitFailure, msg: a.describe(err)}
	case errors.Is(err, store.ErrNotFound):
		return a.fail(exitFailure, "register.err.not_found", ref)
	default:
		return a.storeError(err)
	}
	fmt.Fprintln(a.stdout, cat.T("register.import.done", e.Code, e.Name, len(assets), len(threats), len(vulns)))
	if _, updated := b.Counts(); updated > 0 || b.Skipped > 0 {
		fmt.Fprintln(a.stdout, cat.T("register.dup.done", updated, b.Skipped))
	}
	return nil
}

func (a *app) findEngagement(ctx context.Context, st *store.Store, ref string) (model.Engagement, error) {
	e, err := st.FindEngagement(ctx, ref)
	if errors.Is(err, store.ErrNotFound) {
		return e, a.fail(exitFailure, "register.err.not_found", ref)
	}
	if err != nil {
		return e, a.storeError(err)
	}
	return e, nil
}

// readRegisterFile reads an import file. A file over registerio.MaxSize is
// refused by its size before any of it is read, and no more than MaxSize+1
// bytes are ever read, from a file or from standard input.
func (a *app) readRegisterFile(path string) (data []byte, name string, err error) {
	cat := a.catalog()
	if path == "-" {
		name = cat.T("register.stdin")
		data, err = io.ReadAll(io.LimitReader(a.stdin, registerio.MaxSize+1))
		if err != nil {
			return nil, name, a.fail(exitFailure, "register.err.read", name, a.ioReason(err))
		}
		return data, name, nil
	}
	fi, err := os.Stat(path)
	if err == nil && fi.IsDir() {
		return nil, path, a.fail(exitFailure, "register.err.is_dir", path)
	}
	if err == nil {
		if ps := registerio.CheckSize(fi.Size()); ps != nil {
			return nil, path, a.registerProblems(path, ps)
		}
		var f *os.File
		if f, err = os.Open(path); err == nil {
			data, err = io.ReadAll(io.LimitReader(f, registerio.MaxSize+1))
			f.Close()
		}
	}
	switch {
	case err == nil:
		return data, path, nil
	case errors.Is(err, fs.ErrNotExist):
		return nil, path, a.fail(exitFailure, "register.err.read_missing", path)
	case errors.Is(err, fs.ErrPermission):
		return nil, path, a.fail(exitFailure, "register.err.read_denied", path)
	}
	return nil, path, a.fail(exitFailure, "register.err.read", path, a.ioReason(err))
}

// registerProblems is the failure of a file with problems: a heading, then a
// line for each, with its sheet, row and column.
func (a *app) registerProblems(name string, ps registerio.Problems) error {
	cat := a.catalog()
	lines := []string{cat.T("register.import.problems", name, len(ps))}
	for i, p := range ps {
		// A file wrong on every one of 100,000 rows would bury the terminal:
		// the first problems show what to fix; the count says how many.
		if i == maxProblemLines {
			lines = append(lines, "  "+cat.T("register.import.more_problems", len(ps)-i))
			break
		}
		lines = append(lines, "  "+p.Text(cat.T))
	}
	return &exitError{code: exitFailure, msg: strings.Join(lines, "\n")}
}

// maxProblemLines is how many problems an import lists before it counts the rest.
const maxProblemLines = 200

// previewWidth is the widest a value shows in the preview.
const previewWidth = 30

// importPreview shows what the file holds: the counts and the first rows of
// each register, and the sheets left out.
func (a *app) importPreview(name string, e model.Engagement, res registerio.Result) {
	cat := a.catalog()
	w := a.stdout
	fmt.Fprintln(w, cat.T("register.import.file", name, strings.ToUpper(string(res.Format)), e.Code, e.Name))
	for _, k := range res.Kinds {
		if sh := res.Sheets[k]; sh != "" {
			fmt.Fprintln(w, cat.T("register.import.count_sheet", cat.T(k.Label()), res.Count(k), sh))
		} else {
			fmt.Fprintln(w, cat.T("register.import.count", cat.T(k.Label()), res.Count(k)))
		}
		heads, rows := res.Preview(k, cat.T, previewRows)
		if len(rows) == 0 {
			continue
		}
		var t table
		t.add(append([]string{"  " + cat.T("register.import.row")}, heads...)...)
		for i, r := range rows {
			cells := []string{"  " + strconv.Itoa(res.Rows[k][i])}
			for _, c := range r {
				cells = append(cells, ansi.Truncate(strings.ReplaceAll(c, "\n", " "), previewWidth, "…"))
			}
			t.add(cells...)
		}
		t.write(w)
		if more := res.Count(k) - len(rows); more > 0 {
			fmt.Fprintln(w, "  "+cat.T("register.import.more", more))
		}
	}
	if len(res.Skipped) > 0 {
		fmt.Fprintln(w, cat.T("register.import.skipped", strings.Join(res.Skipped, ", ")))
	}
}

// confirmImport asks at the terminal; only a yes imports.
func (a *app) confirmImport(n int, e model.Engagement) bool {
	fmt.Fprint(a.stderr, a.catalog().T("register.import.confirm", n, e.Code, e.Name))
	line, _ := bufio.NewReader(a.stdin).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes", "是", "是的", "确认":
		return true
	}
	return false
}

// registerExport writes one register or all of them to a CSV or XLSX file
// (output; standard output when empty). A file given with -o appears whole or
// not at all.
func (a *app) registerExport(ctx context.Context, ref, kindFlag, format, output string) error {
	cat := a.catalog()
	var kinds []registerio.Kind
	if kindFlag != "" {
		k, ok := registerio.ParseKind(kindFlag)
		if !ok {
			return a.fail(exitUsage, "register.err.bad_export_kind", kindFlag)
		}
		kinds = []registerio.Kind{k}
	}
	switch strings.ToLower(format) {
	case "":
		format = "xlsx"
		if strings.EqualFold(filepath.Ext(output), ".csv") {
			format = "csv"
		}
	case "csv", "xlsx":
		format = strings.ToLower(format)
	default:
		return a.fail(exitUsage, "register.err.bad_format", format)
	}
	if format == "csv" && len(kinds) == 0 {
		return a.fail(exitUsage, "register.err.csv_needs_kind")
	}
	if format == "xlsx" && output == "" && writerIsTerminal(a.stdout) {
		return a.fail(exitUsage, "register.err.xlsx_terminal")
	}
	if output != "" {
		if fi, err := os.Stat(output); err == nil && fi.IsDir() {
			return a.fail(exitFailure, "register.err.write", output, cat.T("case.reason.is_dir"))
		}
	}

	st, err := a.open(ctx)
	if err != nil {
		return err
	}
	e, err := a.findEngagement(ctx, st, ref)
	if err != nil {
		return err
	}
	as, err := st.RiskAssessment(ctx, e.ID)
	if err != nil {
		return a.storeError(err)
	}
	regs := registerio.FromAssessment(&as)
	var b []byte
	if format == "csv" {
		b, err = registerio.ExportCSV(kinds[0], regs, cat.T)
	} else {
		b, err = registerio.ExportXLSX(kinds, regs, cat.T)
	}
	if err != nil {
		return a.fail(exitFailure, "cli.internal_error", err.Error())
	}

	// Every export is in the audit trail (DESIGN.md): the file, whole, first;
	// then its record naming it and its digest.
	sum := sha256.Sum256(b)
	op, err := a.operator(ctx, st)
	if err != nil {
		return err
	}
	kindName := "all"
	if len(kinds) == 1 {
		kindName = string(kinds[0])
	}
	record := func(target string) error {
		detail := fmt.Sprintf("%s; %s; %s; sha256=%s", kindName, format, target, hex.EncodeToString(sum[:]))
		if err := st.RecordExport(ctx, op, store.EventRegisterExport, "engagement", e.Code, detail); err != nil {
			return a.storeError(err)
		}
		return nil
	}
	failed := func(cause error) {
		st.AuditFailure(ctx, op, store.EventRegisterExport, "engagement", e.Code, cause)
	}
	if output == "" {
		if _, err := a.stdout.Write(b); err != nil {
			failed(err)
			return a.fail(exitFailure, "register.err.stdout", a.ioReason(err))
		}
		return record("-")
	}
	tmp, err := safefile.WriteTemp(output, b)
	if err != nil {
		failed(err)
		return a.fail(exitFailure, "register.err.write", output, a.ioReason(err))
	}
	if err := os.Rename(tmp, output); err != nil {
		os.Remove(tmp)
		failed(err)
		return a.fail(exitFailure, "register.err.write", output, a.ioReason(err))
	}
	safefile.SyncDir(filepath.Dir(output))
	if abs, err := filepath.Abs(output); err == nil {
		output = abs
	}
	if err := record(output); err != nil {
		return err
	}
	what := cat.T("register.export.all")
	n := len(regs.Assets) + len(regs.Threats) + len(regs.Vulns) + len(regs.Risks)
	if len(kinds) == 1 {
		what = cat.T("register.export.one", cat.T(kinds[0].Label()))
		n = registerCount(regs, kinds[0])
	}
	fmt.Fprintln(a.stdout, cat.T("register.export.done", e.Code, what, output, n, hex.EncodeToString(sum[:])))
	return nil
}

func registerCount(r registerio.Registers, k registerio.Kind) int {
	switch k {
	case registerio.KindAssets:
		return len(r.Assets)
	case registerio.KindThreats:
		return len(r.Threats)
	case registerio.KindVulns:
		return len(r.Vulns)
	}
	return len(r.Risks)
}

// writerIsTerminal reports whether w is a terminal, where binary output does not
// belong.
func writerIsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}
