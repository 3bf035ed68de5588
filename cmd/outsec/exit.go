package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"outsec/internal/handover"
	"outsec/internal/safefile"
	"outsec/model"
	"outsec/model/contract"
	"outsec/model/exit"
	"outsec/store"
	"outsec/templates"
)

// The service exit on the command line (8.2; seed 001 clause 9): start it,
// add a folder of handed-over files to the inventory, check a handover
// against it, record dispositions and the checklist, exchange the inventory
// as XLSX, and see what still keeps the exit open.

func newExitCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{Use: "exit"}
	args1 := func(n int) cobra.PositionalArgs {
		return func(cmd *cobra.Command, args []string) error {
			if len(args) != n {
				return a.fail(exitUsage, "cli.exit.args", cmd.UseLine())
			}
			return nil
		}
	}
	// start
	var x exit.Exit
	var trig, succ, ps, pe string
	start := &cobra.Command{Use: "start ENGAGEMENT", Args: args1(1), RunE: func(cmd *cobra.Command, args []string) error {
		var ok1, ok2 bool
		x.Trigger, x.Successor = exit.Trigger(trig), exit.Successor(succ)
		if x.PlannedStart, ok1 = model.ParseDate(ps); !ok1 {
			return a.fail(exitUsage, "cli.exit.bad_date", ps)
		}
		if x.PlannedEnd, ok2 = model.ParseDate(pe); !ok2 {
			return a.fail(exitUsage, "cli.exit.bad_date", pe)
		}
		return a.exitStart(cmd.Context(), args[0], &x)
	}}
	start.Flags().StringVar(&trig, "trigger", "", "")
	start.Flags().Int64Var(&x.FindingID, "finding", 0, "")
	start.Flags().StringVar(&ps, "start", "", "")
	start.Flags().StringVar(&pe, "end", "", "")
	start.Flags().StringVar(&succ, "successor", string(exit.SuccessorSelf), "")
	start.Flags().StringVar(&x.SuccessorName, "successor-name", "", "")
	start.Flags().StringVar(&x.Reason, "reason", "", "")

	status := &cobra.Command{Use: "status ENGAGEMENT", Args: args1(1), RunE: func(cmd *cobra.Command, args []string) error {
		return a.exitStatus(cmd.Context(), args[0])
	}}

	// set: what changes of a started exit; only the flags given change.
	set := &cobra.Command{Use: "set ENGAGEMENT", Args: args1(1)}
	setFlags := []struct{ name, field string }{
		{"start", "planned_start"}, {"end", "planned_end"}, {"successor", "successor"}, {"successor-name", "successor_name"},
		{"reason", "reason"}, {"authorised-by", "authorised_by"}, {"authorised-on", "authorised_on"}, {"authorised-ref", "authorised_ref"},
		{"deletion-plan", "deletion_plan"}, {"confirmed-by", "confirmed_by"}, {"confirmed-on", "confirmed_on"},
		{"carry-over", "carry_over"}, {"carry-over-by", "carry_over_by"}, {"ack-by", "ack_by"}, {"ack-on", "ack_on"},
	}
	for _, f := range setFlags {
		set.Flags().String(f.name, "", "")
	}
	set.RunE = func(cmd *cobra.Command, args []string) error {
		changes := map[string]string{}
		cmd.Flags().Visit(func(f *pflag.Flag) { changes[f.Name] = f.Value.String() })
		if len(changes) == 0 {
			return a.fail(exitUsage, "cli.exit.nothing_to_set")
		}
		return a.exitSet(cmd.Context(), args[0], changes)
	}

	checklist := &cobra.Command{Use: "checklist ENGAGEMENT", Args: args1(1), RunE: func(cmd *cobra.Command, args []string) error {
		return a.exitChecklist(cmd.Context(), args[0])
	}}
	var c exit.Check
	var cstatus, con string
	tick := &cobra.Command{Use: "tick ENGAGEMENT ITEM", Args: args1(2), RunE: func(cmd *cobra.Command, args []string) error {
		c.ID = args[1]
		switch cstatus {
		case "done", "na":
			c.Status = exit.CheckStatus(cstatus)
		case "open":
			c.Status = exit.CheckOpen
		default:
			return a.fail(exitUsage, "cli.exit.bad_status", cstatus)
		}
		var ok bool
		if c.On, ok = model.ParseDate(con); !ok {
			return a.fail(exitUsage, "cli.exit.bad_date", con)
		}
		return a.exitTick(cmd.Context(), args[0], c)
	}}
	tick.Flags().StringVar(&cstatus, "status", "done", "")
	tick.Flags().StringVar(&c.Note, "note", "", "")
	tick.Flags().StringVar(&c.Evidence, "evidence", "", "")
	tick.Flags().StringVar(&con, "on", "", "")

	var typ string
	var sensitive bool
	addFolder := &cobra.Command{Use: "add-folder ENGAGEMENT DIR", Args: args1(2), RunE: func(cmd *cobra.Command, args []string) error {
		t := exit.ItemType(typ)
		if !t.Valid() {
			return a.fail(exitUsage, "cli.exit.bad_type", typ)
		}
		return a.exitAddFolder(cmd.Context(), args[0], args[1], t, sensitive)
	}}
	addFolder.Flags().StringVar(&typ, "type", string(exit.TypeData), "")
	addFolder.Flags().BoolVar(&sensitive, "sensitive", false, "")

	check := &cobra.Command{Use: "check ENGAGEMENT DIR", Args: args1(2), RunE: func(cmd *cobra.Command, args []string) error {
		return a.exitCheck(cmd.Context(), args[0], args[1])
	}}

	var undisposed bool
	items := &cobra.Command{Use: "items ENGAGEMENT", Args: args1(1), RunE: func(cmd *cobra.Command, args []string) error {
		return a.exitItems(cmd.Context(), args[0], undisposed)
	}}
	items.Flags().BoolVar(&undisposed, "undisposed", false, "")

	var d exit.Disposal
	var as, don, evFile string
	var all, matched bool
	dispose := &cobra.Command{Use: "dispose ENGAGEMENT [ITEM...]", Args: func(cmd *cobra.Command, args []string) error {
		if len(args) < 1 || (len(args) == 1 && !all && !matched) || (len(args) > 1 && (all || matched)) || (all && matched) {
			return a.fail(exitUsage, "cli.exit.dispose_args")
		}
		return nil
	}, RunE: func(cmd *cobra.Command, args []string) error {
		switch as {
		case "handed_back", "destroyed":
			d.Disposition = exit.Disposition(as)
		case "none":
			d.Disposition = exit.Undisposed
		default:
			return a.fail(exitUsage, "cli.exit.bad_disposition", as)
		}
		var ok bool
		if d.On, ok = model.ParseDate(don); !ok {
			return a.fail(exitUsage, "cli.exit.bad_date", don)
		}
		var ids []int64
		for _, s := range args[1:] {
			id, err := strconv.ParseInt(strings.TrimPrefix(s, "#"), 10, 64)
			if err != nil || id <= 0 {
				return a.fail(exitUsage, "cli.exit.bad_item", s)
			}
			ids = append(ids, id)
		}
		return a.exitDispose(cmd.Context(), args[0], ids, all, matched, d, evFile)
	}}
	df := dispose.Flags()
	df.StringVar(&as, "as", "", "")
	df.StringVar(&don, "on", "", "")
	df.StringVar(&d.Method, "method", "", "")
	df.StringVar(&d.Witness, "witness", "", "")
	df.BoolVar(&d.MediaCleared, "media-cleared", false, "")
	df.StringVar(&d.Evidence, "evidence", "", "")
	df.StringVar(&evFile, "evidence-file", "", "")
	df.StringVar(&d.VerifiedBy, "verified-by", "", "")
	df.BoolVar(&all, "all", false, "")
	df.BoolVar(&matched, "matched", false, "")

	export := &cobra.Command{Use: "export ENGAGEMENT FILE", Args: args1(2), RunE: func(cmd *cobra.Command, args []string) error {
		return a.exitExport(cmd.Context(), args[0], args[1])
	}}
	imp := &cobra.Command{Use: "import ENGAGEMENT FILE", Args: args1(2), RunE: func(cmd *cobra.Command, args []string) error {
		return a.exitImport(cmd.Context(), args[0], args[1])
	}}
	cmd.AddCommand(start, status, set, checklist, tick, addFolder, check, items, dispose, export, imp)
	return cmd
}

// exitContext opens the store and finds the engagement and the operator.
func (a *app) exitContext(ctx context.Context, ref string) (*store.Store, model.Engagement, store.Operator, error) {
	st, err := a.open(ctx)
	if err != nil {
		return nil, model.Engagement{}, store.Operator{}, err
	}
	e, err := a.findEngagement(ctx, st, ref)
	if err != nil {
		return nil, e, store.Operator{}, err
	}
	op, err := a.operator(ctx, st)
	return st, e, op, err
}

func (a *app) exitStart(ctx context.Context, ref string, x *exit.Exit) error {
	st, e, op, err := a.exitContext(ctx, ref)
	if err != nil {
		return err
	}
	if err := st.StartExit(ctx, op, e.ID, x); err != nil {
		return a.storeError(err)
	}
	cat := a.catalog()
	fmt.Fprintln(a.stdout, cat.T("cli.exit.started", e.Code, cat.T(x.Trigger.Key()), templates.ClauseText(string(cat.Lang()), x.Trigger.Clause()), x.PlannedStart, x.PlannedEnd))
	return a.exitStatus(ctx, ref)
}

func (a *app) exitView(ctx context.Context, st *store.Store, e model.Engagement) (store.ExitView, error) {
	v, err := st.Exit(ctx, e.ID)
	if err != nil {
		return v, a.storeError(err)
	}
	if v.Exit == nil {
		return v, a.fail(exitFailure, "cli.exit.not_started", e.Code)
	}
	return v, nil
}

func (a *app) exitStatus(ctx context.Context, ref string) error {
	cat := a.catalog()
	st, e, _, err := a.exitContext(ctx, ref)
	if err != nil {
		return err
	}
	v, err := a.exitView(ctx, st, e)
	if err != nil {
		return err
	}
	x := v.Exit
	out := a.stdout
	trig := cat.T(x.Trigger.Key())
	if x.FindingID != 0 {
		trig += " #" + strconv.FormatInt(x.FindingID, 10)
	}
	fmt.Fprintln(out, cat.T("cli.exit.head", e.Code, e.Name))
	fmt.Fprintln(out, cat.T("cli.exit.trigger", trig, templates.ClauseText(string(cat.Lang()), x.Trigger.Clause())))
	fmt.Fprintln(out, cat.T("cli.exit.planned", x.PlannedStart, x.PlannedEnd, x.StartedOn, x.StartedBy))
	succ := cat.T(x.Successor.Key())
	if x.SuccessorName != "" {
		succ += " " + x.SuccessorName
	}
	fmt.Fprintln(out, cat.T("cli.exit.successor", succ))
	done, na := 0, 0
	for _, c := range v.Checks {
		switch c.Status {
		case exit.CheckDone:
			done++
		case exit.CheckNA:
			na++
		}
	}
	fmt.Fprintln(out, cat.T("cli.exit.checklist_sum", done, na, len(v.Checks)-done-na, len(v.Checks)))
	s := exit.Summarise(v.Items)
	fmt.Fprintln(out, cat.T("cli.exit.items_sum", s.Items, s.HandedBack, s.Destroyed, s.Undisposed, s.Bytes, s.Sensitive))
	fmt.Fprintln(out, cat.T("cli.exit.received_sum", s.Matched, s.Changed, s.Missing))
	if v.Cloud {
		auth := cat.T("cli.exit.none")
		if x.Authorised() {
			auth = x.AuthorisedBy + " " + string(x.AuthorisedOn) + " " + x.AuthorisedRef
		}
		fmt.Fprintln(out, cat.T("cli.exit.authorisation", strings.TrimSpace(auth), templates.ClauseText(string(cat.Lang()), exit.ClauseAuthorised)))
	}
	if v.ConfidentialityEnd != "" {
		fmt.Fprintln(out, cat.T("cli.exit.confidentiality", confPeriod(string(cat.Lang()), v.ConfidentialityPeriod), v.ConfidentialityEnd, templates.ClauseText(string(cat.Lang()), exit.ClauseConfidentia)))
	}
	blocks := v.Blocks()
	if len(blocks) == 0 {
		fmt.Fprintln(out, cat.T("cli.exit.complete"))
		return nil
	}
	fmt.Fprintln(out, cat.T("cli.exit.open", len(blocks)))
	for _, b := range blocks {
		fmt.Fprintln(out, "  - "+cat.T(b.Key, b.Args...)+" ("+cat.T("err.clause", templates.ClauseText(string(cat.Lang()), b.Clause))+")")
	}
	return nil
}

func (a *app) exitSet(ctx context.Context, ref string, changes map[string]string) error {
	st, e, op, err := a.exitContext(ctx, ref)
	if err != nil {
		return err
	}
	v, err := a.exitView(ctx, st, e)
	if err != nil {
		return err
	}
	x := *v.Exit
	date := func(s string, to *model.Date) error {
		d, ok := model.ParseDate(s)
		if !ok {
			return a.fail(exitUsage, "cli.exit.bad_date", s)
		}
		*to = d
		return nil
	}
	for name, val := range changes {
		var err error
		switch name {
		case "start":
			err = date(val, &x.PlannedStart)
		case "end":
			err = date(val, &x.PlannedEnd)
		case "authorised-on":
			err = date(val, &x.AuthorisedOn)
		case "confirmed-on":
			err = date(val, &x.ConfirmedOn)
		case "ack-on":
			err = date(val, &x.AckOn)
		case "successor":
			x.Successor = exit.Successor(val)
		case "successor-name":
			x.SuccessorName = val
		case "reason":
			x.Reason = val
		case "authorised-by":
			x.AuthorisedBy = val
		case "authorised-ref":
			x.AuthorisedRef = val
		case "deletion-plan":
			x.DeletionPlan = val
		case "confirmed-by":
			x.ConfirmedBy = val
		case "carry-over":
			x.CarryOver = val
		case "carry-over-by":
			x.CarryOverBy = val
		case "ack-by":
			x.AckBy = val
		}
		if err != nil {
			return err
		}
	}
	if err := st.UpdateExit(ctx, op, e.ID, &x); err != nil {
		return a.storeError(err)
	}
	fmt.Fprintln(a.stdout, a.catalog().T("cli.exit.saved", e.Code))
	return a.exitStatus(ctx, ref)
}

func (a *app) exitChecklist(ctx context.Context, ref string) error {
	cat := a.catalog()
	st, e, _, err := a.exitContext(ctx, ref)
	if err != nil {
		return err
	}
	v, err := a.exitView(ctx, st, e)
	if err != nil {
		return err
	}
	lang := cat.Lang()
	var t table
	t.add(cat.T("cli.exit.col.item"), cat.T("cli.exit.col.status"), cat.T("cli.exit.col.on"), cat.T("cli.exit.col.by"),
		cat.T("cli.exit.col.title"), cat.T("cli.exit.col.note"))
	for _, c := range v.Checks {
		d, _ := exit.CheckDefByID(c.ID)
		note := c.Note
		if c.Evidence != "" {
			note = strings.TrimSpace(note + " [" + c.Evidence + "]")
		}
		t.add(c.ID, cat.T(c.Status.Key()), string(c.On), c.CheckedBy, d.Title.In(string(lang))+" ("+templates.ClauseText(string(cat.Lang()), d.Clause)+")", note)
	}
	return t.write(a.stdout)
}

func (a *app) exitTick(ctx context.Context, ref string, c exit.Check) error {
	st, e, op, err := a.exitContext(ctx, ref)
	if err != nil {
		return err
	}
	if err := st.SetExitCheck(ctx, op, e.ID, c); err != nil {
		return a.storeError(err)
	}
	fmt.Fprintln(a.stdout, a.catalog().T("cli.exit.ticked", c.ID, a.catalog().T(c.Status.Key())))
	return nil
}

// progress prints "n/total" on stderr at most every tenth of a second and
// once at the end.
func (a *app) progress(label string) (handover.Progress, func()) {
	var mu sync.Mutex
	var last time.Time
	var shown bool
	cat := a.catalog()
	return func(done, total int) {
			mu.Lock()
			defer mu.Unlock()
			if done != total && time.Since(last) < 100*time.Millisecond {
				return
			}
			last, shown = time.Now(), true
			fmt.Fprintf(a.stderr, "\r%s", cat.T("cli.exit.progress", label, done, total, done*100/max(total, 1)))
		}, func() {
			if shown {
				fmt.Fprintln(a.stderr)
			}
		}
}

func (a *app) folderError(dir string, err error) error {
	var fe *handover.FileError
	if errors.As(err, &fe) {
		return a.fail(exitFailure, "cli.exit.unreadable", fe.Rel, a.ioReason(fe.Err))
	}
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) {
		return a.fail(exitFailure, "cli.exit.bad_folder", dir, a.ioReason(err))
	}
	return a.fail(exitFailure, "cli.exit.bad_folder", dir, err.Error())
}

func (a *app) exitAddFolder(ctx context.Context, ref, dir string, typ exit.ItemType, sensitive bool) error {
	st, e, op, err := a.exitContext(ctx, ref)
	if err != nil {
		return err
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		if err == nil {
			err = fs.ErrInvalid
		}
		return a.folderError(dir, err)
	}
	began := time.Now()
	prog, end := a.progress(dir)
	items, err := handover.Items(ctx, dir, typ, sensitive, prog)
	end()
	if err != nil {
		return a.folderError(dir, err)
	}
	if len(items) == 0 {
		return a.fail(exitFailure, "cli.exit.empty_folder", dir)
	}
	if err := st.AddExitItems(ctx, op, e.ID, items); err != nil {
		return a.storeError(err)
	}
	var bytes int64
	for _, it := range items {
		bytes += it.Size
	}
	fmt.Fprintln(a.stdout, a.catalog().T("cli.exit.added", len(items), bytes, e.Code, time.Since(began).Round(time.Millisecond).String()))
	return nil
}

func (a *app) exitCheck(ctx context.Context, ref, dir string) error {
	cat := a.catalog()
	st, e, op, err := a.exitContext(ctx, ref)
	if err != nil {
		return err
	}
	v, err := a.exitView(ctx, st, e)
	if err != nil {
		return err
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		if err == nil {
			err = fs.ErrInvalid
		}
		return a.folderError(dir, err)
	}
	prog, end := a.progress(dir)
	res, err := handover.Check(ctx, dir, v.Items, prog)
	end()
	if err != nil {
		return a.folderError(dir, err)
	}
	if len(res.States) == 0 {
		return a.fail(exitFailure, "cli.exit.nothing_to_check", e.Code)
	}
	if err := st.RecordReceipt(ctx, op, e.ID, res.States); err != nil {
		return a.storeError(err)
	}
	for _, it := range res.Changed {
		fmt.Fprintln(a.stdout, cat.T("cli.exit.changed", it.ID, it.Location))
	}
	for _, it := range res.Missing {
		fmt.Fprintln(a.stdout, cat.T("cli.exit.missing", it.ID, it.Location))
	}
	for _, r := range res.Extra {
		fmt.Fprintln(a.stdout, cat.T("cli.exit.extra", r))
	}
	fmt.Fprintln(a.stdout, cat.T("cli.exit.checked", res.Matched, len(res.Changed), len(res.Missing), len(res.Extra), templates.ClauseText(string(cat.Lang()), exit.ClauseReceive)))
	if len(res.Changed)+len(res.Missing) > 0 {
		return &exitError{code: exitFailure}
	}
	return nil
}

func (a *app) exitItems(ctx context.Context, ref string, undisposed bool) error {
	cat := a.catalog()
	st, e, _, err := a.exitContext(ctx, ref)
	if err != nil {
		return err
	}
	v, err := a.exitView(ctx, st, e)
	if err != nil {
		return err
	}
	var t table
	t.add(cat.T("cli.exit.col.id"), cat.T("cli.exit.col.type"), cat.T("cli.exit.col.size"), cat.T("cli.exit.col.disposition"),
		cat.T("cli.exit.col.received"), "SHA-256", cat.T("cli.exit.col.name"))
	n := 0
	for _, it := range v.Items {
		if undisposed && it.Disposition != exit.Undisposed {
			continue
		}
		n++
		sha := it.SHA256
		if len(sha) > 16 {
			sha = sha[:16] + "…"
		}
		t.add("#"+strconv.FormatInt(it.ID, 10), cat.T(it.Type.Key()), strconv.FormatInt(it.Size, 10), cat.T(it.Disposition.Key()),
			cat.T(it.Received.Key()), sha, it.Label())
	}
	if n == 0 {
		fmt.Fprintln(a.stdout, cat.T("cli.exit.no_items", e.Code))
		return nil
	}
	return t.write(a.stdout)
}

func (a *app) exitDispose(ctx context.Context, ref string, ids []int64, all, matched bool, d exit.Disposal, evFile string) error {
	st, e, op, err := a.exitContext(ctx, ref)
	if err != nil {
		return err
	}
	v, err := a.exitView(ctx, st, e)
	if err != nil {
		return err
	}
	if all || matched {
		for _, it := range v.Items {
			if it.Disposition == exit.Undisposed && (all || it.Received == exit.Matched) {
				ids = append(ids, it.ID)
			}
		}
		if len(ids) == 0 {
			return a.fail(exitFailure, "cli.exit.none_selected")
		}
	}
	if evFile != "" {
		// The evidence file goes into the evidence store, linked to the
		// exit; the items name it.
		ev, err := st.AddEvidenceFile(ctx, op, e.ID, evFile, store.Owner{Kind: store.OwnerExit, ID: e.ID})
		if err != nil {
			return a.storeError(err)
		}
		ref := a.catalog().T("cli.exit.evidence_ref", ev.ID, ev.Name)
		if d.Evidence != "" {
			ref = d.Evidence + "; " + ref
		}
		d.Evidence = ref
	}
	if err := st.DisposeExitItems(ctx, op, e.ID, ids, d); err != nil {
		return a.storeError(err)
	}
	fmt.Fprintln(a.stdout, a.catalog().T("cli.exit.disposed", len(ids), a.catalog().T(d.Disposition.Key())))
	return nil
}

func (a *app) exitExport(ctx context.Context, ref, path string) error {
	cat := a.catalog()
	st, e, _, err := a.exitContext(ctx, ref)
	if err != nil {
		return err
	}
	v, err := a.exitView(ctx, st, e)
	if err != nil {
		return err
	}
	b, err := exit.WriteXLSX(v.Items, cat.T)
	if err != nil {
		return a.fail(exitFailure, "cli.exit.xlsx_failed", err.Error())
	}
	if err := writeWhole(path, b); err != nil {
		return a.fail(exitFailure, "cli.exit.write_failed", path, a.ioReason(err))
	}
	fmt.Fprintln(a.stdout, cat.T("cli.exit.exported", len(v.Items), path))
	return nil
}

func (a *app) exitImport(ctx context.Context, ref, path string) error {
	cat := a.catalog()
	st, e, op, err := a.exitContext(ctx, ref)
	if err != nil {
		return err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return a.fail(exitFailure, "cli.exit.read_failed", path, a.ioReason(err))
	}
	items, probs := exit.ReadXLSX(b, cat.T)
	if len(probs) > 0 {
		for _, p := range probs {
			fmt.Fprintln(a.stderr, cat.T("cli.exit.xlsx_problem", p.Row, cat.T(p.Key, p.Args...)))
		}
		return a.fail(exitFailure, "cli.exit.import_refused", path, len(probs))
	}
	added, updated, err := st.ImportExitItems(ctx, op, e.ID, items)
	if err != nil {
		return a.storeError(err)
	}
	fmt.Fprintln(a.stdout, cat.T("cli.exit.imported", added, updated, e.Code))
	return nil
}

// writeWhole writes b to path whole or not at all (internal/safefile).
func writeWhole(path string, b []byte) error {
	tmp, err := safefile.WriteTemp(path, b)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	safefile.SyncDir(filepath.Dir(path))
	return nil
}

// confPeriod is the contract's confidentiality_period as the user reads it.
func confPeriod(lang, v string) string {
	if p, ok := contract.ParamByName("confidentiality_period"); ok {
		return p.Format(lang, v)
	}
	return v
}
