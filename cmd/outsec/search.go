package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// newSearchCmd is `outsec search TEXT` (issue 16): engagements, managers,
// vendors, service people (by name or ID number), assets, threats and units,
// each with the engagement it belongs to. It only reads.
func newSearchCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use: "search TEXT",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 || strings.TrimSpace(strings.Join(args, " ")) == "" {
				return a.fail(exitUsage, "search.err.args")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.search(cmd.Context(), strings.Join(args, " "))
		},
	}
}

func (a *app) search(ctx context.Context, text string) error {
	cat := a.catalog()
	st, err := a.openRead(ctx)
	if err != nil {
		return err
	}
	hits, err := st.Search(ctx, text)
	if err != nil {
		return a.storeError(err)
	}
	if len(hits) == 0 {
		fmt.Fprintln(a.stdout, cat.T("search.none", text))
		return nil
	}
	var t table
	t.add(strings.Split(cat.T("search.header"), "\t")...)
	for _, h := range hits {
		t.add(objectName(cat, h.Kind), h.EngagementCode, h.Label, h.Match)
	}
	if err := t.write(a.stdout); err != nil {
		return err
	}
	fmt.Fprintln(a.stdout, cat.T("search.total", len(hits)))
	return nil
}
