package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"outsec/bundle"
	"outsec/model/annexa"
	"outsec/store"
)

// On-site inspections on the command line: the list of an engagement's
// inspections, one inspection's checks, and the inspection bundle that
// carries one inspector's day into the office database (package bundle).

func newInspectionCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{Use: "inspection"}
	one := func(cmd *cobra.Command, args []string) error {
		if len(args) != 1 {
			return a.fail(exitUsage, "cli.inspection.args")
		}
		return nil
	}
	cmd.AddCommand(&cobra.Command{Use: "list ENGAGEMENT", Args: one,
		RunE: func(cmd *cobra.Command, args []string) error { return a.listInspections(cmd.Context(), args[0]) }})
	cmd.AddCommand(&cobra.Command{Use: "show ENGAGEMENT [ID]",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 1 || len(args) > 2 {
				return a.fail(exitUsage, "cli.inspection.args")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error { return a.showInspection(cmd.Context(), args) }})
	var out string
	export := &cobra.Command{Use: "export ENGAGEMENT [ID] -o DIR",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 1 || len(args) > 2 || out == "" {
				return a.fail(exitUsage, "cli.inspection.export_args")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error { return a.exportBundle(cmd.Context(), args, out) }}
	export.Flags().StringVarP(&out, "output", "o", "", "")
	cmd.AddCommand(export)
	var dry bool
	imp := &cobra.Command{Use: "import DIR", Args: one,
		RunE: func(cmd *cobra.Command, args []string) error { return a.importBundle(cmd.Context(), args[0], dry) }}
	imp.Flags().BoolVar(&dry, "dry-run", false, "")
	cmd.AddCommand(imp)
	return cmd
}

func (a *app) listInspections(ctx context.Context, ref string) error {
	cat := a.catalog()
	st, err := a.open(ctx)
	if err != nil {
		return err
	}
	e, err := a.findEngagement(ctx, st, ref)
	if err != nil {
		return err
	}
	ins, err := st.Inspections(ctx, e.ID)
	if err != nil {
		return a.storeError(err)
	}
	if len(ins) == 0 {
		fmt.Fprintln(a.stdout, cat.T("cli.inspection.none", e.Code))
		return nil
	}
	var t table
	t.add(cat.T("cli.inspection.col.id"), cat.T("field.inspection.date"), cat.T("field.inspection.place"), cat.T("field.inspection.inspectors"),
		cat.T("cli.inspection.col.count"), cat.T("cli.inspection.col.ack"))
	for _, in := range ins {
		c := in.Count()
		ack := "-"
		if in.Acknowledged() {
			ack = in.Ack.Name + " " + string(in.Ack.Date)
		}
		t.add("#"+strconv.FormatInt(in.ID, 10), string(in.Date), in.Place, in.Inspectors,
			cat.T("inspection.count", c.Done(), c.Total, c.Conforms, c.Partly, c.NotConform, c.NA), ack)
	}
	return t.write(a.stdout)
}

// inspectionOf is the inspection args name: ENGAGEMENT [ID], the latest
// when no id is given.
func (a *app) inspectionOf(ctx context.Context, st *store.Store, args []string) (int64, error) {
	e, err := a.findEngagement(ctx, st, args[0])
	if err != nil {
		return 0, err
	}
	ins, err := st.Inspections(ctx, e.ID)
	if err != nil {
		return 0, a.storeError(err)
	}
	if len(args) == 2 {
		id, err := strconv.ParseInt(args[1], 10, 64)
		for _, in := range ins {
			if err == nil && in.ID == id {
				return id, nil
			}
		}
		return 0, a.fail(exitFailure, "cli.inspection.no_such", args[1], e.Code)
	}
	if len(ins) == 0 {
		return 0, a.fail(exitFailure, "cli.inspection.none", e.Code)
	}
	return ins[0].ID, nil
}

func (a *app) showInspection(ctx context.Context, args []string) error {
	cat := a.catalog()
	st, err := a.open(ctx)
	if err != nil {
		return err
	}
	id, err := a.inspectionOf(ctx, st, args)
	if err != nil {
		return err
	}
	in, _, err := st.Inspection(ctx, id)
	if err != nil {
		return a.storeError(err)
	}
	lang := string(cat.Lang())
	var t table
	t.add(cat.T("field.check.item"), cat.T("cli.inspection.col.title"), cat.T("field.check.result"), cat.T("field.check.method"), cat.T("field.check.notes"))
	for _, c := range in.Checks {
		it, _ := annexa.ByID(c.Item)
		meth := ""
		if c.Method != "" {
			meth = cat.T(c.Method.Key())
		}
		notes := c.Notes
		if c.Reason != "" {
			notes = c.Reason
		}
		t.add(it.Label(), it.Title(lang), cat.T(c.Result.Key()), meth, notes)
	}
	if err := t.write(a.stdout); err != nil {
		return err
	}
	c := in.Count()
	fmt.Fprintln(a.stdout, cat.T("inspection.count", c.Done(), c.Total, c.Conforms, c.Partly, c.NotConform, c.NA))
	return nil
}

func (a *app) exportBundle(ctx context.Context, args []string, out string) error {
	cat := a.catalog()
	st, err := a.open(ctx)
	if err != nil {
		return err
	}
	id, err := a.inspectionOf(ctx, st, args)
	if err != nil {
		return err
	}
	op, err := a.signerProfile(ctx, st)
	if err != nil {
		return err
	}
	signer, err := a.unlockSigner(ctx, st, op)
	if err != nil {
		return err
	}
	defer signer.Keys.Wipe()
	num, files, err := bundle.Export(ctx, st, signer, id, out, "outsec "+version)
	if err != nil {
		return a.fail(exitFailure, "cli.inspection.export_failed", err.Error())
	}
	fmt.Fprintln(a.stdout, cat.T("cli.inspection.exported", num, len(files), out))
	for _, f := range files {
		fmt.Fprintln(a.stdout, "  "+f)
	}
	return nil
}

func (a *app) importBundle(ctx context.Context, dir string, dry bool) error {
	cat := a.catalog()
	st, err := a.open(ctx)
	if err != nil {
		return err
	}
	b, err := bundle.Read(dir, func(fpr string) ([]store.SigningKey, error) { return st.KeysByFingerprint(ctx, fpr) })
	var ref *bundle.Refusal
	if errors.As(err, &ref) {
		return a.fail(exitFailure, ref.Key, ref.File, ref.Fingerprint)
	}
	if err != nil {
		return a.fail(exitFailure, "cli.inspection.unreadable", dir, err.Error())
	}
	rec := b.Record
	in := rec.Inspection
	fmt.Fprintln(a.stdout, cat.T("cli.inspection.preview", b.Number, b.Signer.Name, b.Code))
	fmt.Fprintln(a.stdout, cat.T("cli.inspection.preview_eng", rec.Engagement.Code, rec.Engagement.UID, rec.Engagement.Name))
	c := in.Count()
	fmt.Fprintln(a.stdout, cat.T("cli.inspection.preview_in", string(in.Date), in.Place, in.Inspectors, len(in.Checks), len(rec.Evidence)))
	fmt.Fprintln(a.stdout, cat.T("inspection.count", c.Done(), c.Total, c.Conforms, c.Partly, c.NotConform, c.NA))
	lang := string(cat.Lang())
	for _, f := range b.Findings() {
		it, _ := annexa.ByID(f.Item)
		fmt.Fprintln(a.stdout, "  ! "+it.Label()+" "+it.Title(lang)+" "+cat.T(f.Result.Key()))
	}
	if dry {
		fmt.Fprintln(a.stdout, cat.T("cli.inspection.dry_run"))
		return nil
	}
	op, err := a.operator(ctx, st)
	if err != nil {
		return err
	}
	res, err := bundle.Import(ctx, st, op, b)
	switch {
	case errors.Is(err, store.ErrNoEngagement):
		return a.fail(exitFailure, "cli.inspection.no_engagement", rec.Engagement.Code, rec.Engagement.UID)
	case err != nil:
		return a.storeError(err)
	case !res.Added:
		fmt.Fprintln(a.stdout, cat.T("cli.inspection.already", in.UID, res.Engagement.Code))
	default:
		fmt.Fprintln(a.stdout, cat.T("cli.inspection.imported", res.Engagement.Code, res.ID, res.Findings))
	}
	return nil
}
