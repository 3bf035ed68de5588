package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/xuri/excelize/v2"

	"outsec/backup"
	"outsec/exporter"
	"outsec/internal/safefile"
	"outsec/model/sign"
	"outsec/signing"
	"outsec/store"
)

// outsec's own data safety (issue 17; GB/T 39477—2020 6.3.3): backups and
// restore, the audit trail's export, and what every start does first —
// finishing the exports a stopped process left (exporter.Recover).

// recoverExports completes or removes the exports a stopped process left,
// and says what it did on standard error.
func (a *app) recoverExports(ctx context.Context, st *store.Store) {
	op, err := a.operator(ctx, st)
	if err != nil {
		return
	}
	rs, err := exporter.Recover(ctx, st, op)
	if err != nil {
		return
	}
	cat := a.catalog()
	for _, r := range rs {
		number := ""
		if len(r.Intent.Records) > 0 {
			number = r.Intent.Records[0].Number
		}
		switch {
		case r.Err != nil:
			fmt.Fprintln(a.stderr, cat.T("safety.recover.failed", number, a.describe(r.Err)))
		case r.Completed:
			fmt.Fprintln(a.stderr, cat.T("safety.recover.completed", number))
		default:
			fmt.Fprintln(a.stderr, cat.T("safety.recover.removed", number, len(r.Removed)))
		}
	}
}

func newBackupCmd(a *app) *cobra.Command {
	var out string
	var sign bool
	cmd := &cobra.Command{
		Use:  "backup",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.backup(cmd.Context(), out, sign)
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "")
	cmd.Flags().BoolVar(&sign, "sign", false, "")
	list := &cobra.Command{
		Use:  "list",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.backupList(cmd.Context(), out)
		},
	}
	list.Flags().StringVarP(&out, "output", "o", "", "")
	var dir, auto string
	var keep int
	config := &cobra.Command{
		Use:  "config",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.backupConfig(cmd.Context(), cmd.Flags().Changed("dir"), dir, keep, auto)
		},
	}
	config.Flags().StringVar(&dir, "dir", "", "")
	config.Flags().IntVar(&keep, "keep", 0, "")
	config.Flags().StringVar(&auto, "auto", "", "")
	cmd.AddCommand(list, config)
	return cmd
}

func (a *app) backup(ctx context.Context, out string, sign bool) error {
	st, err := a.open(ctx)
	if err != nil {
		return err
	}
	op, err := a.operator(ctx, st)
	if err != nil {
		return err
	}
	opts := backup.Options{Dir: out, Tool: "outsec " + version}
	if sign {
		if opts.Signer, err = a.unlockSigner(ctx, st, op); err != nil {
			return err
		}
	}
	if out == "" {
		opts.Keep = backup.Keep(ctx, st)
	}
	res, err := backup.Create(ctx, st, op, opts)
	if err != nil {
		return a.backupError(err)
	}
	cat := a.catalog()
	m := res.Backup.Meta
	fmt.Fprintln(a.stdout, cat.T("safety.backup.done", res.Backup.Path))
	fmt.Fprintln(a.stdout, cat.T("safety.backup.holds", m.Engagements, m.Records, m.AuditHead.ID, len(m.Keys), m.Evidence))
	if m.Signature != "" {
		fmt.Fprintln(a.stdout, cat.T("safety.backup.signed", filepath.Join(res.Backup.Path, m.Signature+signing.SuffixMeta)))
	}
	for _, p := range res.Pruned {
		fmt.Fprintln(a.stdout, cat.T("safety.backup.pruned", p))
	}
	for _, p := range res.Cleaned {
		fmt.Fprintln(a.stdout, cat.T("safety.backup.cleaned", p))
	}
	return nil
}

// backupError explains a failed backup: a store error, a file that could
// not be written (with its path and the reason), or a copy that does not
// check out.
func (a *app) backupError(err error) error {
	var pe *backup.PathError
	if ok := asPathError(err, &pe); ok {
		return a.fail(exitFailure, "safety.backup.cannot_write", pe.Path, a.ioReason(pe.Err))
	}
	if strings.Contains(err.Error(), backup.ErrUnsound.Error()) {
		return a.fail(exitFailure, "safety.backup.unsound", err.Error())
	}
	return a.storeError(err)
}

func (a *app) backupList(ctx context.Context, out string) error {
	st, err := a.open(ctx)
	if err != nil {
		return err
	}
	dir := out
	if dir == "" {
		dir = backup.Dir(ctx, st)
	}
	cat := a.catalog()
	var t table
	t.add(strings.Split(cat.T("safety.backup.list_header"), "\t")...)
	for _, b := range backup.List(dir, st.Path()) {
		t.add(b.Meta.Time().Local().Format("2006-01-02 15:04:05"), b.Path, strconv.Itoa(b.Meta.Engagements),
			strconv.FormatInt(b.Meta.AuditHead.ID, 10), b.Meta.Reason)
	}
	fmt.Fprintln(a.stdout, cat.T("safety.backup.folder", dir, backup.Keep(ctx, st)))
	return t.write(a.stdout)
}

func (a *app) backupConfig(ctx context.Context, setDir bool, dir string, keep int, auto string) error {
	st, err := a.open(ctx)
	if err != nil {
		return err
	}
	if keep != 0 && keep < backup.MinKeep {
		return a.fail(exitUsage, "safety.backup.keep_min", backup.MinKeep)
	}
	if auto != "" && auto != "on" && auto != "off" {
		return a.fail(exitUsage, "safety.backup.auto_value", auto)
	}
	if setDir && dir != "" {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return a.fail(exitUsage, "safety.backup.cannot_write", dir, err.Error())
		}
		dir = abs
	}
	for _, s := range []struct {
		on         bool
		key, value string
	}{{setDir, backup.SettingDir, dir}, {keep != 0, backup.SettingKeep, strconv.Itoa(keep)}, {auto != "", backup.SettingAuto, auto}} {
		if s.on {
			if err := st.SetSetting(ctx, s.key, s.value); err != nil {
				return a.storeError(err)
			}
		}
	}
	cat := a.catalog()
	autoState, _ := st.Setting(ctx, backup.SettingAuto)
	if autoState == "" {
		autoState = "on"
	}
	fmt.Fprintln(a.stdout, cat.T("safety.backup.config", backup.Dir(ctx, st), backup.Keep(ctx, st), autoState))
	return nil
}

func newRestoreCmd(a *app) *cobra.Command {
	var to string
	var replace, yes bool
	cmd := &cobra.Command{
		Use:  "restore BACKUP",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.restore(cmd.Context(), args[0], to, replace, yes)
		},
	}
	cmd.Flags().StringVar(&to, "to", "", "")
	cmd.Flags().BoolVar(&replace, "replace", false, "")
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "")
	return cmd
}

// restore checks a backup and shows what it holds, then restores it into
// another folder (the default), or in place of the live database (--replace,
// confirmed; a safety copy of the live one first; audited in both).
func (a *app) restore(ctx context.Context, path, to string, replace, yes bool) error {
	cat := a.catalog()
	if replace && to != "" {
		return a.fail(exitUsage, "safety.restore.to_and_replace")
	}
	// The keys this office knows, for a signed backup: the live
	// database's, when it opens.
	var lookup signing.Lookup
	if live, err := a.dbPath(); err == nil {
		if _, err := os.Stat(live); err == nil {
			if st, err := a.open(ctx); err == nil {
				lookup = func(f string) ([]store.SigningKey, error) { return st.KeysByFingerprint(ctx, f) }
			}
		}
	}
	c, err := backup.Check(ctx, path, lookup)
	if err != nil {
		return a.backupError(err)
	}
	if !c.OK() {
		for _, p := range c.Problems {
			if p.Detail == "" {
				fmt.Fprintln(a.stderr, cat.T("safety.restore.problem."+p.What, p.Path))
			} else {
				fmt.Fprintln(a.stderr, cat.T("safety.restore.problem."+p.What+"_detail", p.Path, p.Detail))
			}
		}
		return a.fail(exitFailure, "safety.restore.refused", c.Backup.Path)
	}
	m := c.Backup.Meta
	fmt.Fprintln(a.stdout, cat.T("safety.restore.checked", c.Backup.Path))
	fmt.Fprintln(a.stdout, cat.T("safety.restore.holds", m.Time().Local().Format("2006-01-02 15:04:05"), m.Source,
		c.Inspection.Engagements, c.Inspection.Records.Records, m.AuditHead.ID, shortHash(m.AuditHead.Hash), len(m.Keys), m.Evidence))
	if g := c.Signature; g != nil {
		key := "safety.restore.signed_trusted"
		if g.Status() != signing.Valid {
			key = "safety.restore.signed_unknown"
		}
		fmt.Fprintln(a.stdout, cat.T(key, g.Meta.Signer.Who(), g.Code))
	} else {
		fmt.Fprintln(a.stdout, cat.T("safety.restore.unsigned"))
	}
	if !replace {
		if to == "" {
			live, err := a.dbPath()
			if err != nil {
				return a.fail(exitFailure, "cli.no_data_dir", err.Error())
			}
			to = filepath.Join(filepath.Dir(live), "restored", filepath.Base(c.Backup.Path))
		}
		db, err := backup.RestoreTo(ctx, c, to)
		if err != nil {
			return a.restoreError(err)
		}
		fmt.Fprintln(a.stdout, cat.T("safety.restore.done_to", db))
		fmt.Fprintln(a.stdout, cat.T("safety.restore.open_hint", db))
		return nil
	}
	live, err := a.dbPath()
	if err != nil {
		return a.fail(exitFailure, "cli.no_data_dir", err.Error())
	}
	live, _ = filepath.Abs(live)
	st, err := a.open(ctx)
	if err != nil {
		// A damaged live database cannot be opened to audit or copy: it is
		// kept aside, as it is, and the backup takes its place.
		s2, oerr := store.Open(ctx, live)
		if oerr == nil {
			s2.Close()
		}
		if !errorsIsCorrupt(oerr) {
			return err
		}
		return a.replaceDamaged(ctx, c, live, yes)
	}
	if err := a.confirmReplace(live, yes); err != nil {
		return err
	}
	op, err := a.operator(ctx, st)
	if err != nil {
		return err
	}
	// The old database records the replace first, so that its safety copy
	// carries that record too.
	detail := fmt.Sprintf("replaced by %s (made %s, audit head %d); a safety copy follows", c.Backup.Path, m.CreatedAt, m.AuditHead.ID)
	if err := st.AuditBackup(ctx, op, store.EventBackupReplace, c.Backup.Path, detail); err != nil {
		return a.storeError(err)
	}
	safety, err := backup.Create(ctx, st, op, backup.Options{Tool: "outsec " + version, Reason: "before-restore"})
	if err != nil {
		return a.backupError(err)
	}
	fmt.Fprintln(a.stdout, cat.T("safety.restore.safety_copy", safety.Backup.Path))
	st.Close()
	a.st = nil
	if err := backup.ReplaceLive(ctx, c, live); err != nil {
		return a.restoreError(err)
	}
	st, err = a.open(ctx)
	if err != nil {
		return err
	}
	detail = fmt.Sprintf("restored from %s (made %s, audit head %d); the database replaced is kept in %s", c.Backup.Path, m.CreatedAt, m.AuditHead.ID, safety.Backup.Path)
	if err := st.AuditBackup(ctx, op, store.EventBackupRestored, c.Backup.Path, detail); err != nil {
		return a.storeError(err)
	}
	fmt.Fprintln(a.stdout, cat.T("safety.restore.done_live", live))
	return nil
}

func (a *app) restoreError(err error) error {
	var pe *backup.PathError
	if asPathError(err, &pe) {
		if pe.Err == backup.ErrTargetExists {
			return a.fail(exitFailure, "safety.restore.target_exists", pe.Path)
		}
		return a.fail(exitFailure, "safety.backup.cannot_write", pe.Path, a.ioReason(pe.Err))
	}
	return a.storeError(err)
}

func shortHash(h string) string {
	if len(h) > 16 {
		return h[:16]
	}
	return h
}

// ---------------------------------------------------------------- audit export

func newAuditExportCmd(a *app) *cobra.Command {
	var from, to, out string
	var sign bool
	cmd := &cobra.Command{
		Use:  "export",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.auditExport(cmd.Context(), from, to, out, sign)
		},
	}
	cmd.Flags().BoolVar(&sign, "sign", false, "")
	cmd.Flags().StringVar(&from, "from", "", "")
	cmd.Flags().StringVar(&to, "to", "", "")
	cmd.Flags().StringVarP(&out, "output", "o", "", "")
	return cmd
}

// EventAuditExport records an export of the audit trail.
const EventAuditExport = "audit" + ".export"

// auditExport writes the audit records of a period as CSV (standard output
// or a .csv file) or XLSX (a .xlsx file); the file appears whole and the
// export is itself audited.
func (a *app) auditExport(ctx context.Context, fromS, toS, out string, signIt bool) error {
	parse := func(s string, end bool) (time.Time, error) {
		if s == "" {
			return time.Time{}, nil
		}
		t, err := time.ParseInLocation("2006-01-02", s, time.Local)
		if err != nil {
			return t, err
		}
		if end {
			t = t.Add(24*time.Hour - time.Nanosecond)
		}
		return t, nil
	}
	from, err := parse(fromS, false)
	if err != nil {
		return a.fail(exitUsage, "safety.audit_export.bad_date", fromS)
	}
	to, err := parse(toS, true)
	if err != nil {
		return a.fail(exitUsage, "safety.audit_export.bad_date", toS)
	}
	xlsx := strings.EqualFold(filepath.Ext(out), ".xlsx")
	if out != "" && !xlsx && !strings.EqualFold(filepath.Ext(out), ".csv") {
		return a.fail(exitUsage, "safety.audit_export.bad_format", out)
	}
	if signIt && out == "" {
		return a.fail(exitUsage, "safety.audit_export.sign_needs_file")
	}
	st, err := a.open(ctx)
	if err != nil {
		return err
	}
	recs, err := st.AuditRange(ctx, from, to)
	if err != nil {
		return a.storeError(err)
	}
	cat := a.catalog()
	header := strings.Split(cat.T("safety.audit_export.header"), "\t")
	rows := make([][]string, len(recs))
	for i, r := range recs {
		rows[i] = []string{strconv.FormatInt(r.ID, 10), r.At.UTC().Format(time.RFC3339Nano), r.Event, r.Operator, r.OSAccount,
			r.ObjectType, r.ObjectID, r.Outcome, r.Detail, r.PrevHash, r.Hash}
	}
	var data []byte
	if xlsx {
		data, err = auditXLSX(header, rows)
	} else {
		data, err = auditCSV(header, rows)
	}
	if err != nil {
		return a.fail(exitFailure, "cli.internal_error", err.Error())
	}
	op, err := a.operator(ctx, st)
	if err != nil {
		return err
	}
	var signed string
	if out == "" {
		if _, err := a.stdout.Write(data); err != nil {
			return err
		}
	} else if signIt {
		// Signed: the file and its signature's five files, written as one set.
		signer, err := a.unlockSigner(ctx, st, op)
		if err != nil {
			return err
		}
		abs, _ := filepath.Abs(out)
		head, err := st.Head(ctx)
		if err != nil {
			return a.storeError(err)
		}
		now := st.Now().UTC()
		number := "AUDIT-" + now.Format("20060102T150405Z")
		stmt, err := signing.NewStatement(signer, signing.Document{Number: number, Title: "outsec audit trail " + fromS + " – " + toS,
			Kind: "audit", Version: "1", Content: data, AuditHead: &head}, []string{filepath.Base(abs)}, now, "outsec "+version)
		if err != nil {
			return a.keyError(err)
		}
		sealed, err := stmt.Seal([]sign.File{{Name: filepath.Base(abs), Data: data}})
		if err != nil {
			return a.keyError(err)
		}
		if _, err := exporter.WriteSet(filepath.Dir(abs), append([]sign.File{{Name: filepath.Base(abs), Data: data}}, sealed.Files...)); err != nil {
			st.AuditFailure(ctx, op, EventAuditExport, "audit", abs, err)
			return a.fail(exitFailure, "safety.backup.cannot_write", abs, a.ioReason(err))
		}
		out, signed = abs, filepath.Join(filepath.Dir(abs), number+signing.SuffixMeta)
	} else {
		abs, _ := filepath.Abs(out)
		tmp, err := safefile.WriteTemp(abs, data)
		if err == nil {
			if err = os.Rename(tmp, abs); err != nil {
				os.Remove(tmp)
			}
		}
		if err != nil {
			st.AuditFailure(ctx, op, EventAuditExport, "audit", abs, err)
			return a.fail(exitFailure, "safety.backup.cannot_write", abs, a.ioReason(err))
		}
		safefile.SyncDir(filepath.Dir(abs))
		out = abs
	}
	dest := out
	if dest == "" {
		dest = "stdout"
	}
	detail := fmt.Sprintf("%s; records %d; from %s to %s", dest, len(recs), fromS, toS)
	if signed != "" {
		detail += "; signed: " + signed
	}
	if err := st.RecordExport(ctx, op, EventAuditExport, "audit", dest, detail); err != nil {
		return a.storeError(err)
	}
	if out != "" {
		fmt.Fprintln(a.stdout, cat.T("safety.audit_export.done", len(recs), out))
	}
	if signed != "" {
		fmt.Fprintln(a.stdout, cat.T("safety.backup.signed", signed))
	}
	return nil
}

// cell keeps a value from being read as a formula by a spreadsheet.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func auditCSV(header []string, rows [][]string) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("\ufeff") // Excel reads UTF-8 with the mark
	w := csv.NewWriter(&b)
	w.Write(header)
	for _, r := range rows {
		c := make([]string, len(r))
		for i, v := range r {
			c[i] = cell(v)
		}
		w.Write(c)
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

func auditXLSX(header []string, rows [][]string) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "audit"
	f.SetSheetName("Sheet1", sheet)
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	put := func(n int, vals []string) error {
		cells := make([]any, len(vals))
		for i, v := range vals {
			cells[i] = v // strings: never formulas
		}
		ref, _ := excelize.CoordinatesToCellName(1, n)
		return sw.SetRow(ref, cells)
	}
	if err := put(1, header); err != nil {
		return nil, err
	}
	for i, r := range rows {
		if err := put(i+2, r); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// ---------------------------------------------------------------- doctor

// dataSafety adds to doctor what issue 17 checks: the record digests, the
// chain against its anchors (backups, signed exports), interrupted exports
// and backups, the last backup's age and the oldest audit record. It
// changes nothing.
func (r *doctorReport) dataSafety(ctx context.Context, st *store.Store) {
	a := r.a
	cat := a.catalog()
	rc, err := st.VerifyRecords(ctx)
	switch {
	case err != nil:
		r.line(false, cat.T("safety.doctor.records"), a.describe(err))
	case len(rc.Problems) > 0:
		for i, p := range rc.Problems {
			if i == 20 {
				r.info("", cat.T("safety.doctor.records_more", len(rc.Problems)-20))
				break
			}
			r.line(false, cat.T("safety.doctor.records"), recordProblem(cat, p))
		}
		r.info("", cat.T("safety.doctor.records_hint"))
	default:
		r.line(true, cat.T("safety.doctor.records"), cat.T("safety.doctor.records_ok", rc.Records))
	}
	for _, p := range anchorProblems(ctx, st) {
		r.line(false, cat.T("safety.doctor.anchor"), anchorProblem(cat, p))
	}
	if pend, err := exporter.Pending(ctx, st); err == nil {
		for _, p := range pend {
			number := ""
			if len(p.Intent.Records) > 0 {
				number = p.Intent.Records[0].Number
			}
			what := "safety.doctor.pending_remove"
			if p.Completed {
				what = "safety.doctor.pending_complete"
			}
			r.line(false, cat.T("safety.doctor.pending", number), cat.T(what, len(p.Removed)))
		}
	}
	dir := backup.Dir(ctx, st)
	for _, p := range backup.Interrupted(dir, st.Path()) {
		r.info(cat.T("safety.doctor.backup_interrupted"), p)
	}
	if b, ok := backup.Latest(dir, st.Path()); ok {
		age := st.Now().Sub(b.Meta.Time())
		days := int(age.Hours() / 24)
		if age > backup.StaleAfter {
			r.warn(cat.T("safety.doctor.backup"), cat.T("safety.doctor.backup_stale", days, b.Path))
		} else {
			r.line(true, cat.T("safety.doctor.backup"), cat.T("safety.doctor.backup_age", days, b.Path))
		}
	} else {
		r.warn(cat.T("safety.doctor.backup"), cat.T("safety.doctor.backup_none", dir))
	}
	if t, err := st.OldestAudit(ctx); err == nil && !t.IsZero() {
		r.info(cat.T("safety.doctor.oldest"), t.Local().Format("2006-01-02 15:04:05"))
	}
}

// warn is a line that needs attention but is not a fault of the database.
func (r *doctorReport) warn(label, value string) {
	r.t.add("! "+label, value)
}

func recordProblem(cat safeCatalog, p store.RecordProblem) string {
	switch p.Kind {
	case store.RecordAltered:
		return cat.T("safety.record.altered", p.Table, p.Key, strings.Join(p.Fields, ", "), p.AuditID)
	case store.RecordRemoved:
		return cat.T("safety.record.removed", p.Table, p.Key, p.AuditID)
	}
	return cat.T("safety.record.unrecorded", p.Table, p.Key)
}

func anchorProblem(cat safeCatalog, p store.AnchorProblem) string {
	if p.Kind == "shorter" {
		return cat.T("safety.anchor.shorter", p.Last, p.Anchor.ID, p.Anchor.Source)
	}
	return cat.T("safety.anchor.differs", p.Anchor.ID, p.Anchor.Source)
}

// anchorProblems compares the chain with the heads its backups and its
// signed exports' metadata carry.
func anchorProblems(ctx context.Context, st *store.Store) []store.AnchorProblem {
	anchors := backup.Anchors(backup.Dir(ctx, st), st.Path())
	anchors = append(anchors, exportAnchors(ctx, st)...)
	probs, _ := st.CheckAnchors(ctx, anchors)
	return probs
}

// exportAnchors reads the audit heads of the signed exports' metadata files
// that are still where they were written.
func exportAnchors(ctx context.Context, st *store.Store) []store.Anchor {
	es, err := st.Engagements(ctx)
	if err != nil {
		return nil
	}
	var out []store.Anchor
	for _, e := range es {
		xs, err := st.Exports(ctx, e.ID)
		if err != nil {
			continue
		}
		for _, x := range xs {
			for _, f := range x.Files {
				if f.Format != "meta" {
					continue
				}
				m, err := signing.ReadMeta(f.Path)
				if err != nil || m.AuditHead == nil {
					continue
				}
				at, _ := time.Parse(time.RFC3339, m.SignedAt)
				out = append(out, store.Anchor{AuditHead: *m.AuditHead, Source: f.Path, At: at})
			}
		}
	}
	return out
}

func asPathError(err error, pe **backup.PathError) bool { return errors.As(err, pe) }

// verifyRecordsAndAnchors is what `audit verify` adds to the chain: every
// record against its digest, and the chain against its anchors.
func (a *app) verifyRecordsAndAnchors(ctx context.Context, st *store.Store) error {
	cat := a.catalog()
	rc, err := st.VerifyRecords(ctx)
	if err != nil {
		return a.storeError(err)
	}
	for _, p := range rc.Problems {
		fmt.Fprintln(a.stderr, recordProblem(cat, p))
	}
	probs := anchorProblems(ctx, st)
	for _, p := range probs {
		fmt.Fprintln(a.stderr, anchorProblem(cat, p))
	}
	if len(rc.Problems)+len(probs) > 0 {
		return a.fail(exitFailure, "safety.verify.problems", len(rc.Problems), len(probs))
	}
	fmt.Fprintln(a.stdout, cat.T("safety.doctor.records_ok", rc.Records))
	return nil
}

// autoBackup makes the day's backup on the first start of the workbench
// each day (unless turned off), keeping the newest Keep; a failure is said
// on standard error and the workbench starts anyway.
func (a *app) autoBackup(ctx context.Context, st *store.Store) {
	if !backup.Due(ctx, st) {
		return
	}
	op, err := a.operator(ctx, st)
	if err != nil {
		return
	}
	if _, err := backup.Auto(ctx, st, op, "outsec "+version); err != nil {
		fmt.Fprintln(a.stderr, a.catalog().T("safety.backup.auto_failed", a.backupError(err).Error()))
	}
}

// damaged is what doctor says of a database Open refused as damaged: what
// SQLite finds wrong, the newest backup to restore and the command, or how
// to save what can be read when there is none.
func (r *doctorReport) damaged(ctx context.Context, path string) {
	cat := r.a.catalog()
	findings, err := store.Diagnose(ctx, path, 10)
	if err != nil && len(findings) == 0 {
		r.info(cat.T("safety.damaged.findings"), r.a.describe(err))
	}
	for i, f := range findings {
		label := ""
		if i == 0 {
			label = cat.T("safety.damaged.findings")
		}
		r.info(label, f)
	}
	dir := filepath.Join(filepath.Dir(path), "backups")
	if b, ok := backup.Latest(dir, path); ok {
		r.info(cat.T("safety.damaged.backup"), cat.T("safety.damaged.backup_value", b.Meta.Time().Local().Format("2006-01-02 15:04"), b.Path))
		r.info(cat.T("safety.damaged.todo"), cat.T("safety.damaged.restore", b.Path))
	} else {
		r.info(cat.T("safety.damaged.backup"), cat.T("safety.damaged.no_backup", dir))
		r.info(cat.T("safety.damaged.todo"), cat.T("safety.damaged.recover", path))
	}
}

func errorsIsCorrupt(err error) bool { return errors.Is(err, store.ErrCorrupt) }

// confirmReplace asks before the live database is replaced.
func (a *app) confirmReplace(live string, yes bool) error {
	if yes {
		return nil
	}
	if !a.stdinTerminal() {
		return a.fail(exitUsage, "safety.restore.needs_yes")
	}
	fmt.Fprint(a.stderr, a.catalog().T("safety.restore.confirm", live))
	line, _ := bufio.NewReader(a.stdin).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes", "是", "确认":
		return nil
	}
	return a.fail(exitFailure, "safety.restore.cancelled")
}

// replaceDamaged restores a backup over a live database SQLite finds
// damaged: the damaged file is renamed aside (kept, unchanged), the backup
// put in place, and the restored database's audit trail says so.
func (a *app) replaceDamaged(ctx context.Context, c *backup.Checked, live string, yes bool) error {
	if err := a.confirmReplace(live, yes); err != nil {
		return err
	}
	cat := a.catalog()
	aside := live + ".damaged-" + time.Now().UTC().Format("20060102T150405Z")
	if err := os.Rename(live, aside); err != nil {
		return a.fail(exitFailure, "safety.backup.cannot_write", aside, a.ioReason(err))
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		os.Rename(live+suffix, aside+suffix)
	}
	fmt.Fprintln(a.stdout, cat.T("safety.restore.damaged_aside", aside))
	if err := backup.ReplaceLive(ctx, c, live); err != nil {
		return a.restoreError(err)
	}
	st, err := a.open(ctx)
	if err != nil {
		return err
	}
	op, err := a.operator(ctx, st)
	if err != nil {
		return err
	}
	m := c.Backup.Meta
	detail := fmt.Sprintf("restored from %s (made %s, audit head %d); the damaged database replaced is kept as %s", c.Backup.Path, m.CreatedAt, m.AuditHead.ID, aside)
	if err := st.AuditBackup(ctx, op, store.EventBackupRestored, c.Backup.Path, detail); err != nil {
		return a.storeError(err)
	}
	fmt.Fprintln(a.stdout, cat.T("safety.restore.done_live", live))
	return nil
}

// newMaskingCmd shows or sets the masking of ID and phone numbers in
// documents and register exports (on by default; turning it off is audited).
func newMaskingCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:       "masking [on|off]",
		Args:      cobra.MaximumNArgs(1),
		ValidArgs: []string{"on", "off"},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, err := a.open(ctx)
			if err != nil {
				return err
			}
			cat := a.catalog()
			if len(args) == 1 {
				if args[0] != "on" && args[0] != "off" {
					return a.fail(exitUsage, "safety.masking.value", args[0])
				}
				op, err := a.operator(ctx, st)
				if err != nil {
					return err
				}
				if err := st.SetMasking(ctx, op, args[0] == "on"); err != nil {
					return a.storeError(err)
				}
			}
			key := "safety.masking.on"
			if !st.Masking(ctx) {
				key = "safety.masking.off"
			}
			fmt.Fprintln(a.stdout, cat.T(key))
			return nil
		},
	}
}

// newDestroyedCmd records that the files an export handed out were
// destroyed (GB/T 39477—2020 6.3.4): by its document number, and how.
func newDestroyedCmd(a *app) *cobra.Command {
	var how string
	c := &cobra.Command{
		Use:  "destroyed NUMBER",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if strings.TrimSpace(how) == "" {
				return a.fail(exitUsage, "safety.destroyed.how")
			}
			st, err := a.open(ctx)
			if err != nil {
				return err
			}
			op, err := a.operator(ctx, st)
			if err != nil {
				return err
			}
			if err := st.RecordDestruction(ctx, op, args[0], how); err != nil {
				return a.storeError(err)
			}
			fmt.Fprintln(a.stdout, a.catalog().T("safety.destroyed.done", args[0]))
			return nil
		},
	}
	c.Flags().StringVar(&how, "how", "", "")
	return c
}
