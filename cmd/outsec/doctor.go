package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"outsec/internal/localtime"
	"outsec/signing"
	"outsec/store"
)

// doctor checks the installation and the database without changing anything:
// paths, permissions, schema version, SQLite's integrity check and the audit chain.
func newDoctorCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:  "doctor",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			a.inspecting = true
			return runDoctor(cmd.Context(), a)
		},
	}
}

type doctorReport struct {
	a        *app
	problems int
	t        table
}

func (r *doctorReport) line(ok bool, label, value string) {
	mark := "✓"
	if !ok {
		mark = "✗"
		r.problems++
	}
	r.t.add(mark+" "+label, value)
}

func (r *doctorReport) info(label, value string) {
	r.t.add("  "+label, value)
}

func runDoctor(ctx context.Context, a *app) error {
	cat := a.catalog()
	r := &doctorReport{a: a}
	exe, _ := os.Executable()
	r.info(cat.T("doctor.version"), version+" ("+commit+", "+goVersion()+")")
	r.info(cat.T("doctor.executable"), exe)
	p, err := a.dbPath()
	if err != nil {
		r.line(false, cat.T("doctor.database"), err.Error())
		r.t.write(a.stdout)
		return a.fail(exitFailure, "doctor.problems", r.problems)
	}
	abs, _ := filepath.Abs(p)
	r.info(cat.T("doctor.database"), abs)
	r.info(cat.T("doctor.source"), cat.T("doctor.source."+a.dbSource))
	if dd, err := dataDir(a.getenv); err == nil {
		r.info(cat.T("doctor.data_dir"), dd)
	}
	fi, err := os.Stat(abs)
	if errors.Is(err, fs.ErrNotExist) {
		// Nothing to check, and doctor does not create the database.
		r.line(true, cat.T("doctor.file"), cat.T("doctor.not_created"))
		r.t.write(a.stdout)
		return nil
	}
	if err != nil {
		r.line(false, cat.T("doctor.file"), err.Error())
		r.t.write(a.stdout)
		return a.fail(exitFailure, "doctor.problems", r.problems)
	}
	r.line(permOK(fi.Mode()), cat.T("doctor.permissions"), permText(a, fi.Mode()))
	if di, err := os.Stat(filepath.Dir(abs)); err == nil {
		r.info(cat.T("doctor.folder_permissions"), fmt.Sprintf("%04o", di.Mode().Perm()))
	}
	r.info(cat.T("doctor.size"), strconv.FormatInt(fi.Size(), 10)+" B")

	st, err := a.openRead(ctx)
	if err != nil {
		var ee *exitError
		msg := err.Error()
		if errors.As(err, &ee) {
			msg = ee.msg
		}
		r.line(false, cat.T("doctor.open"), msg)
		// Damaged: say what, and the way back (not for "in use": a file
		// another process writes cannot be read reliably without its lock).
		if strings.HasPrefix(msg, cat.T(store.CodeCorrupt.Key(), abs)) {
			r.damaged(ctx, abs) // safety.go: what is damaged, and the way back
		}
		r.t.write(a.stdout)
		return a.fail(exitFailure, "doctor.problems", r.problems)
	}
	r.line(true, cat.T("doctor.open"), cat.T("doctor.ok"))
	have, want, err := st.SchemaVersion(ctx)
	if err != nil {
		r.line(false, cat.T("doctor.schema"), a.describe(err))
	} else {
		r.line(have == want, cat.T("doctor.schema"), cat.T("doctor.schema_value", have, want))
	}
	var sqliteVersion, journal string
	st.DB().QueryRowContext(ctx, "SELECT sqlite_version()").Scan(&sqliteVersion)
	st.DB().QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&journal)
	r.info("SQLite", sqliteVersion+", journal_mode="+journal)
	findings, err := st.IntegrityCheck(ctx)
	switch {
	case err != nil:
		r.line(false, cat.T("doctor.integrity"), a.describe(err))
	case len(findings) > 0:
		r.line(false, cat.T("doctor.integrity"), findings[0])
		for _, f := range findings[1:] {
			r.info("", f)
		}
	default:
		r.line(true, cat.T("doctor.integrity"), cat.T("doctor.ok"))
	}
	if err != nil || len(findings) > 0 {
		// The reader opens a damaged file without checking it first: say
		// what is damaged, and the way back (safety.go).
		r.damaged(ctx, abs)
	}
	v, err := st.VerifyAudit(ctx)
	switch {
	case err != nil:
		r.line(false, cat.T("doctor.audit"), a.describe(err))
	case v.Break != nil:
		r.line(false, cat.T("doctor.audit"), cat.T("audit.broken."+string(v.Break.Reason), v.Break.RecordID))
	default:
		r.line(true, cat.T("doctor.audit"), cat.T("audit.intact", v.Records))
	}
	if es, err := st.Engagements(ctx); err == nil {
		r.info(cat.T("doctor.engagements"), strconv.Itoa(len(es)))
	}
	r.dataSafety(ctx, st)   // record digests, anchors, interrupted exports, backups (safety.go)
	r.riskMatrices(ctx, st) // assessments with the old, transposed risk matrix (doctor_risk.go)
	r.evidence(ctx, st)     // evidence files changed or missing (findings.go)
	// The signing keys in force: their files present, encrypted, private.
	if keys, err := st.Keys(ctx); err == nil {
		ring := signing.NewKeyring(abs)
		for _, k := range keys {
			if k.Kind != store.KeyOwn || k.Revoked() {
				continue
			}
			label := cat.T("doctor.key", k.Name, k.ShortID())
			if err := ring.CheckFiles(k); err != nil {
				msg := err.Error()
				var ee *exitError
				if errors.As(a.keyError(err), &ee) {
					msg = ee.msg // in the user's language
				}
				r.line(false, label, cat.T("doctor.key_problem", msg))
			} else {
				r.line(true, label, filepath.Join(ring.Base, k.Dir))
			}
		}
		stray, unclaimed := ring.Stray(keys)
		for _, p := range stray {
			r.line(false, cat.T("doctor.key_stray"), p)
		}
		// Another database in this folder may have made these (before key
		// folders named their database): not this one's to delete.
		for _, p := range unclaimed {
			r.info(cat.T("doctor.key_unclaimed"), p)
		}
	}
	r.t.write(a.stdout)
	if r.problems > 0 {
		return a.fail(exitFailure, "doctor.problems", r.problems)
	}
	fmt.Fprintln(a.stdout, cat.T("doctor.all_ok"))
	return nil
}

// permOK: the database holds personal data of officials and vendors' staff, so
// only its owner may read it. Windows does not use these bits.
func permOK(m fs.FileMode) bool {
	if runtime.GOOS == "windows" {
		return true
	}
	return m.Perm()&0o077 == 0
}

func permText(a *app, m fs.FileMode) string {
	s := fmt.Sprintf("%04o", m.Perm())
	if !permOK(m) {
		s += " — " + a.catalog().T("doctor.permissions_open")
	}
	return s
}

func newAuditCmd(a *app) *cobra.Command {
	audit := &cobra.Command{Use: "audit"}
	verify := &cobra.Command{
		Use:  "verify",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, err := a.openRead(ctx)
			if err != nil {
				return err
			}
			v, err := st.VerifyAudit(ctx)
			if err != nil {
				return a.storeError(err)
			}
			if v.Break != nil {
				return a.fail(exitFailure, "audit.broken."+string(v.Break.Reason), v.Break.RecordID)
			}
			if err := a.verifyRecordsAndAnchors(ctx, st); err != nil {
				return err
			}
			fmt.Fprintln(a.stdout, a.catalog().T("audit.intact", v.Records))
			return nil
		},
	}
	var limit int
	log := &cobra.Command{
		Use:  "log",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, err := a.openRead(ctx)
			if err != nil {
				return err
			}
			recs, err := st.AuditLog(ctx, limit)
			if err != nil {
				return a.storeError(err)
			}
			cat := a.catalog()
			var t table
			t.add(strings.Split(cat.T("audit.header"), "\t")...)
			for _, r := range recs {
				t.add(strconv.FormatInt(r.ID, 10), localtime.Format(r.At),
					eventName(cat, r.Event), r.Operator, strings.TrimSpace(objectName(cat, r.ObjectType)+" "+r.ObjectID), cat.T("audit.outcome."+r.Outcome), auditDetail(cat, r.Detail))
			}
			if err := t.write(a.stdout); err != nil {
				return err
			}
			if len(recs) > 0 { // the zone, once (stored in UTC)
				fmt.Fprintln(a.stdout, cat.T("cli.times_local", localtime.Zone(recs[0].At)))
			}
			return nil
		},
	}
	log.Flags().IntVarP(&limit, "limit", "n", 50, "")
	audit.AddCommand(verify, log, newAuditExportCmd(a))
	return audit
}

// eventName is the audit event in the user's language, or as stored when the
// event is newer than this catalog.
func eventName(cat safeCatalog, event string) string {
	if k := "event." + event; cat.Has(k) {
		return cat.T(k)
	}
	return event
}

func objectName(cat safeCatalog, kind string) string {
	if k := "object." + kind; cat.Has(k) {
		return cat.T(k)
	}
	return kind
}
