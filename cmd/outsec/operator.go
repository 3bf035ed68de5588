package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"outsec/store"
)

// Operator profiles from the command line (issue 16), so that a script can
// create one and then run `keys new`: add (which makes it the current one),
// list, use.

func newOperatorCmd(a *app) *cobra.Command {
	c := &cobra.Command{Use: "operator", Args: cobra.NoArgs}
	var name, role, unit string
	add := &cobra.Command{
		Use:  "add",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.operatorAdd(cmd.Context(), name, role, unit)
		},
	}
	add.Flags().StringVar(&name, "name", "", "")
	add.Flags().StringVar(&role, "role", "", "")
	add.Flags().StringVar(&unit, "unit", "", "")
	list := &cobra.Command{
		Use:  "list",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return a.operatorList(cmd.Context()) },
	}
	use := &cobra.Command{
		Use: "use PROFILE",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return a.fail(exitUsage, "cli.operator.err.args_use")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error { return a.operatorUse(cmd.Context(), args[0]) },
	}
	c.AddCommand(add, list, use)
	return c
}

func (a *app) operatorAdd(ctx context.Context, name, role, unit string) error {
	cat := a.catalog()
	if strings.TrimSpace(name) == "" {
		return a.fail(exitUsage, "cli.operator.err.no_name")
	}
	st, err := a.open(ctx)
	if err != nil {
		return err
	}
	o, err := st.CreateOperator(ctx, store.Operator{Name: name, Role: role, Unit: unit})
	if errors.Is(err, store.ErrConflict) {
		return a.fail(exitFailure, "cli.operator.err.exists", strings.TrimSpace(name))
	}
	if err != nil {
		return a.storeError(err)
	}
	fmt.Fprintln(a.stdout, cat.T("cli.operator.added", o.ID, o.Label()))
	return nil
}

func (a *app) operatorList(ctx context.Context) error {
	cat := a.catalog()
	st, err := a.openRead(ctx)
	if err != nil {
		return err
	}
	ops, err := st.Operators(ctx)
	if err != nil {
		return a.storeError(err)
	}
	if len(ops) == 0 {
		fmt.Fprintln(a.stdout, cat.T("cli.operator.none"))
		return nil
	}
	cur, _ := st.CurrentOperator(ctx)
	var t table
	t.add(strings.Split(cat.T("cli.operator.header"), "\t")...)
	for _, o := range ops {
		mark := ""
		if o.ID == cur.ID {
			mark = "*"
		}
		t.add(mark, strconv.FormatInt(o.ID, 10), o.Name, o.Role, o.Unit)
	}
	return t.write(a.stdout)
}

func (a *app) operatorUse(ctx context.Context, ref string) error {
	cat := a.catalog()
	st, err := a.open(ctx)
	if err != nil {
		return err
	}
	ops, err := st.Operators(ctx)
	if err != nil {
		return a.storeError(err)
	}
	var found []store.Operator
	for _, o := range ops {
		if strconv.FormatInt(o.ID, 10) == ref || o.Name == ref {
			found = append(found, o)
		}
	}
	switch len(found) {
	case 0:
		return a.fail(exitFailure, "cli.operator.err.not_found", ref)
	case 1:
	default:
		return a.fail(exitFailure, "cli.operator.err.ambiguous", ref)
	}
	if err := st.SelectOperator(ctx, found[0].ID); err != nil {
		return a.storeError(err)
	}
	fmt.Fprintln(a.stdout, cat.T("cli.operator.using", found[0].ID, found[0].Label()))
	return nil
}

// newCompletionCmd writes the shell's completion script (cobra's).
func newCompletionCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:       "completion bash|zsh|fish|powershell",
		ValidArgs: []string{"bash", "zsh", "fish", "powershell"},
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return a.fail(exitUsage, "completion.err.shell")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			root, w := cmd.Root(), a.stdout
			switch args[0] {
			case "bash":
				return root.GenBashCompletionV2(w, true)
			case "zsh":
				return root.GenZshCompletion(w)
			case "fish":
				return root.GenFishCompletion(w, true)
			case "powershell":
				return root.GenPowerShellCompletionWithDesc(w)
			}
			return a.fail(exitUsage, "completion.err.shell")
		},
	}
}

// newManCmd writes a man page (roff, section 1) of every command and its
// options, from the command tree itself, in the user's language.
func newManCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:  "man",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			writeMan(a.stdout, cmd.Root(), version)
			return nil
		},
	}
}

func roff(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	var b strings.Builder
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, ".") || strings.HasPrefix(l, "'") {
			l = `\&` + l
		}
		b.WriteString(strings.ReplaceAll(l, "-", `\-`) + "\n")
	}
	return b.String()
}

func writeMan(w io.Writer, root *cobra.Command, ver string) {
	fmt.Fprintf(w, ".TH OUTSEC 1 \"\" \"outsec %s\"\n.SH NAME\noutsec \\- %s", ver, roff(root.Short))
	fmt.Fprintf(w, ".SH SYNOPSIS\n.B outsec\n[\\-\\-db FILE] [\\-\\-lang zh|en] [COMMAND]\n.SH DESCRIPTION\n%s", roff(root.Long))
	fmt.Fprint(w, ".SH OPTIONS\n")
	root.PersistentFlags().VisitAll(func(f *pflag.Flag) { manFlag(w, f.Name, f.Shorthand, f.Usage) })
	fmt.Fprint(w, ".SH COMMANDS\n")
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			if sub.Hidden {
				continue
			}
			fmt.Fprintf(w, ".SS %s\n%s", roff(sub.CommandPath()+" "+strings.TrimPrefix(sub.Use, sub.Name())), roff(sub.Short))
			if sub.Long != "" {
				fmt.Fprintf(w, ".PP\n%s", roff(sub.Long))
			}
			sub.LocalFlags().VisitAll(func(f *pflag.Flag) {
				if f.Name != "help" {
					manFlag(w, f.Name, f.Shorthand, f.Usage)
				}
			})
			walk(sub)
		}
	}
	walk(root)
}

func manFlag(w io.Writer, name, short, usage string) {
	if short != "" {
		fmt.Fprintf(w, ".TP\n.BR \\-%s \", \" \\-\\-%s\n%s", short, roff(name), roff(usage))
		return
	}
	fmt.Fprintf(w, ".TP\n.B \\-\\-%s\n%s", roff(name), roff(usage))
}
