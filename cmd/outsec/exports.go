package main

import (
	"context"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"
	"outsec/internal/localtime"
)

// newExportsCmd lists the documents exported for an engagement, newest first:
// when, the document number and title, who, and each file with its size and
// SHA-256, as recorded with the audit trail.
func newExportsCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use: "exports ENGAGEMENT",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return a.fail(exitUsage, "doc.err.args_exports")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.listExports(cmd.Context(), args[0])
		},
	}
}

func (a *app) listExports(ctx context.Context, ref string) error {
	cat := a.catalog()
	st, err := a.openRead(ctx)
	if err != nil {
		return err
	}
	e, err := a.findEngagement(ctx, st, ref)
	if err != nil {
		return err
	}
	list, err := st.Exports(ctx, e.ID)
	if err != nil {
		return a.storeError(err)
	}
	if len(list) == 0 {
		fmt.Fprintln(a.stdout, cat.T("doc.exports.none", e.Code))
		return nil
	}
	var t table
	t.add(cat.T("doc.exports.col.time"), cat.T("doc.exports.col.number"), cat.T("doc.exports.col.version"),
		cat.T("doc.exports.col.operator"), cat.T("doc.exports.col.title"))
	for _, r := range list {
		t.add(localtime.Format(r.At), r.Number, r.Version, r.Operator, r.Title)
		if g := r.Signature; g != nil {
			t.add("", "  "+cat.T("doc.exports.signed"), "", g.Code, cat.T("doc.exports.signed_by", g.Name, localtime.Format(g.At)))
		}
		for _, f := range r.Files {
			t.add("", "  "+f.Format, strconv.FormatInt(f.Size, 10), f.SHA256, f.Path)
		}
	}
	if err := t.write(a.stdout); err != nil {
		return err
	}
	fmt.Fprintln(a.stdout, cat.T("doc.exports.total", len(list)))
	fmt.Fprintln(a.stdout, cat.T("cli.times_local", localtime.Zone(list[0].At)))
	return nil
}
