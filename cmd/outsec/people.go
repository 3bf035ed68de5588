package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"outsec/model/screening"
)

// People's access and training on the command line (GB/T 32926—2016
// 7.2 a) 2), 4); A.4 b)): the register with joining and leaving dates, open
// accesses and training hours, every leaver with access flagged; and the
// accesses still open, by person, what a service exit must revoke.

func newPeopleCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{Use: "people"}
	args := func(cmd *cobra.Command, args []string) error {
		if len(args) != 1 {
			return a.fail(exitUsage, "cli.people.args")
		}
		return nil
	}
	cmd.AddCommand(&cobra.Command{Use: "list ENGAGEMENT", Args: args,
		RunE: func(cmd *cobra.Command, args []string) error { return a.listPeople(cmd.Context(), args[0]) }})
	cmd.AddCommand(&cobra.Command{Use: "access ENGAGEMENT", Args: args,
		RunE: func(cmd *cobra.Command, args []string) error { return a.openAccesses(cmd.Context(), args[0]) }})
	return cmd
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func (a *app) listPeople(ctx context.Context, ref string) error {
	cat := a.catalog()
	st, err := a.open(ctx)
	if err != nil {
		return err
	}
	e, err := a.findEngagement(ctx, st, ref)
	if err != nil {
		return err
	}
	sc, err := st.Screening(ctx, e.ID)
	if err != nil {
		return a.storeError(err)
	}
	if len(sc.People) == 0 {
		fmt.Fprintln(a.stdout, cat.T("cli.people.none", e.Code))
		return nil
	}
	var t table
	t.add(cat.T("people.col.name"), cat.T("cli.people.col.role"), cat.T("people.col.joined"), cat.T("people.col.left"),
		cat.T("cli.people.col.access"), cat.T("people.col.hours"), cat.T("people.col.flag"))
	for i := range sc.People {
		p := &sc.People[i]
		flag := ""
		if p.LeftWithAccess() {
			flag = cat.T("people.flag.left_access")
		}
		t.add(p.Name, p.Role, dash(string(p.StartDate)), dash(string(p.LeftDate)),
			fmt.Sprintf("%d/%d", len(p.OpenAccesses()), len(p.Accesses)), strconv.FormatFloat(p.TrainingHours(), 'g', -1, 64), flag)
	}
	if err := t.write(a.stdout); err != nil {
		return err
	}
	if n := len(sc.LeftWithAccess()); n > 0 {
		fmt.Fprintln(a.stdout, cat.T("people.leavers_count", n, string(screening.ClauseLeaverAccess)))
	}
	return nil
}

func (a *app) openAccesses(ctx context.Context, ref string) error {
	cat := a.catalog()
	st, err := a.open(ctx)
	if err != nil {
		return err
	}
	e, err := a.findEngagement(ctx, st, ref)
	if err != nil {
		return err
	}
	open, err := st.OpenAccesses(ctx, e.ID)
	if err != nil {
		return a.storeError(err)
	}
	if len(open) == 0 {
		fmt.Fprintln(a.stdout, cat.T("cli.people.no_open", e.Code))
		return nil
	}
	var t table
	t.add(cat.T("people.col.name"), cat.T("people.col.left"), cat.T("field.access.account"), cat.T("field.access.kind"),
		cat.T("field.access.privileged"), cat.T("field.access.granted"), cat.T("people.col.flag"))
	leavers := 0
	for _, o := range open {
		flag := ""
		if o.LeftWithAccess() {
			flag = cat.T("people.flag.left_access")
			leavers++
		}
		for _, x := range o.Accesses {
			priv := ""
			if x.Privileged {
				priv = cat.T("people.access.privileged")
			}
			t.add(o.Name, dash(string(o.Left)), strings.TrimSpace(x.Account), cat.T(x.Kind.Key()), priv, string(x.Granted), flag)
		}
	}
	if err := t.write(a.stdout); err != nil {
		return err
	}
	if leavers > 0 {
		fmt.Fprintln(a.stdout, cat.T("people.leavers_count", leavers, string(screening.ClauseLeaverAccess)))
	}
	return nil
}
