package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os/user"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"outsec/i18n"
	"outsec/internal/explain"
	"outsec/internal/termtext"
	"outsec/store"
)

// app is what every command shares: the flags, the language, the open store.
type app struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	// lines reads answers and passphrases from a non-terminal stdin, so
	// that several reads share one buffer.
	lines *bufio.Reader

	dbFlag        string
	langFlag      string
	templatesFlag string // --templates: the user's template folder
	langArg       string // --lang as found before parsing (see langFromArgs)

	cat *i18n.Catalog
	st  *store.Store
	// inspecting: doctor, which changes nothing, not even to finish an
	// interrupted export (safety.go).
	inspecting bool
	// dbSource says how the database path was chosen (flag, env, portable, default).
	dbSource string
}

// catalog is the user's language: --lang, else LC_ALL/LC_MESSAGES/LANG.
// Its T shows the control characters of every text it is given escaped
// (see safeCatalog).
func (a *app) catalog() safeCatalog {
	if a.cat != nil {
		return safeCatalog{a.cat}
	}
	l := i18n.Detect(a.getenv)
	for _, v := range []string{a.langArg, a.langFlag} {
		if pl, ok := i18n.Parse(v); ok {
			l = pl
		}
	}
	a.cat = i18n.New(l)
	return safeCatalog{a.cat}
}

// safeCatalog is the catalog of the command line. Whatever a message quotes
// may come from a file or the database (a title in meta.json, a name in a
// case file, an operator's unit), so T shows its control characters escaped
// and cuts a text longer than a message can carry: a hostile value can
// neither rewrite the terminal's line nor fill the screen. The catalog's own
// texts have no control characters, so escaping them changes nothing.
type safeCatalog struct{ *i18n.Catalog }

// maxMessageArg is the most characters of one value a message quotes: more
// than any field the model allows (model.MaxShortText), less than a screen.
const maxMessageArg = 500

func (c safeCatalog) T(key string, args ...any) string {
	for i, v := range args {
		switch v := v.(type) {
		case string:
			args[i] = termtext.QuoteN(v, maxMessageArg)
		case error:
			args[i] = termtext.QuoteN(v.Error(), maxMessageArg)
		}
	}
	return c.Catalog.T(key, args...)
}

func (a *app) fail(code int, key string, args ...any) error {
	return &exitError{code: code, msg: a.catalog().T(key, args...)}
}

// dbPath resolves the database: --db, then OUTSEC_DB, then outsec.db beside the
// executable (portable mode), then the user's data folder.
func (a *app) dbPath() (string, error) {
	if a.dbFlag != "" {
		a.dbSource = "flag"
		return a.dbFlag, nil
	}
	if p := a.getenv("OUTSEC_DB"); p != "" {
		a.dbSource = "env"
		return p, nil
	}
	if p, ok := portableDB(); ok {
		a.dbSource = "portable"
		return p, nil
	}
	p, err := defaultDB(a.getenv)
	a.dbSource = "default"
	return p, err
}

// open opens the store once, translating a failure into the user's language.
func (a *app) open(ctx context.Context) (*store.Store, error) {
	if a.st != nil {
		return a.st, nil
	}
	p, err := a.dbPath()
	if err != nil {
		return nil, a.fail(exitFailure, "cli.no_data_dir", err.Error())
	}
	st, err := store.Open(ctx, p)
	if err != nil {
		return nil, a.storeError(err)
	}
	a.st = st
	if !a.inspecting {
		a.recoverExports(ctx, st) // safety.go: exports a stopped process left
	}
	return st, nil
}

// openRead opens the database to read it only (store.OpenReader): beside a
// workbench that has it open, the read-only commands (verify, exports,
// audit log and verify, doctor, keys list) still run. A database that does
// not exist yet, or needs an upgrade, is opened as before (a.open).
func (a *app) openRead(ctx context.Context) (*store.Store, error) {
	if a.st != nil {
		return a.st, nil
	}
	p, err := a.dbPath()
	if err != nil {
		return nil, a.fail(exitFailure, "cli.no_data_dir", err.Error())
	}
	st, err := store.OpenReader(ctx, p)
	switch {
	case errors.Is(err, store.ErrNeedsUpgrade), errors.Is(err, store.ErrNotFound):
		return a.open(ctx)
	case err != nil:
		return nil, a.storeError(err)
	}
	a.st = st
	return st, nil
}

// storeError explains a store failure in the user's language.
func (a *app) storeError(err error) error {
	return &exitError{code: exitFailure, msg: a.describe(err)}
}

// describe turns any error of the store or the model into a message for the user.
func (a *app) describe(err error) string {
	return describeError(a.catalog().Catalog, err)
}

// describeError is shared by the commands: a store error becomes its catalog
// message; a validation error lists each field with its clause (explain.Lines,
// as the workbench says them).
func describeError(cat *i18n.Catalog, err error) string {
	if lines, ok := explain.Lines(cat, err); ok {
		return strings.Join(lines, "\n")
	}
	return err.Error()
}

// operator is who the command line acts as: the current profile of the
// database, or the login name when no profile exists yet.
func (a *app) operator(ctx context.Context, st *store.Store) (store.Operator, error) {
	op, err := st.CurrentOperator(ctx)
	if errors.Is(err, store.ErrNotFound) {
		login := ""
		if u, uerr := user.Current(); uerr == nil {
			login = u.Username
		}
		return store.SystemOperator(login), nil
	}
	if err != nil {
		return op, a.storeError(err)
	}
	return op, nil
}

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:           "outsec",
		Short:         "outsec",
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if a.langFlag != "" {
				if _, ok := i18n.Parse(a.langFlag); !ok {
					return &exitError{code: exitUsage, msg: a.catalog().T("cli.bad_lang", a.langFlag)}
				}
			}
			localise(cmd.Root(), a.catalog().Catalog)
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runWorkbench(cmd.Context(), a)
		},
	}
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	pf := root.PersistentFlags()
	pf.StringVar(&a.dbFlag, "db", "", "")
	pf.StringVar(&a.langFlag, "lang", "", "")
	pf.StringVar(&a.templatesFlag, "templates", "", "")
	root.AddCommand(
		newKeysCmd(a),
		newVerifyCmd(a),
		newVersionCmd(a),
		newDoctorCmd(a),
		newAuditCmd(a),
		newSampleCmd(a),
		newCaseCmd(a),
		newRegisterCmd(a),
		newTemplatesCmd(a), newExportCmd(a), newExportsCmd(a),
		newFindingsCmd(a), newIncidentsCmd(a), newEvidenceCmd(a),
		newBackupCmd(a), newRestoreCmd(a), newMaskingCmd(a), newDestroyedCmd(a),
		newPeopleCmd(a),
		newExitCmd(a),
		newOperatorCmd(a), newCompletionCmd(a), newManCmd(a), newSearchCmd(a),
		newInspectionCmd(a),
	)
	// Help is shown in the user's language too; flags are parsed before the
	// language is known, so help text is filled in once here from the
	// environment and again after --lang is read.
	localise(root, a.catalog().Catalog)
	root.SetHelpCommand(&cobra.Command{Hidden: true, Use: "no-help"})
	root.CompletionOptions.DisableDefaultCmd = true
	return root
}

// langFromArgs finds --lang before cobra parses the command line, so that the
// help cobra prints during parsing is in the chosen language too.
func langFromArgs(args []string) string {
	for i, arg := range args {
		if arg == "--" {
			break
		}
		if v, ok := strings.CutPrefix(arg, "--lang="); ok {
			return v
		}
		if arg == "--lang" && i+1 < len(args) {
			return args[i+1]
		}
	}
	return ""
}

func usageTemplate(cat *i18n.Catalog) string {
	return cat.T("cli.usage") + `:{{if .Runnable}}
  {{.UseLine}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} [command]{{end}}{{if .HasAvailableSubCommands}}

` + cat.T("cli.commands") + `:{{range .Commands}}{{if .IsAvailableCommand}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

` + cat.T("cli.flags") + `:
{{.LocalFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableInheritedFlags}}

` + cat.T("cli.global_flags") + `:
{{.InheritedFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableSubCommands}}

` + cat.T("cli.more_help", "{{.CommandPath}}") + `{{end}}
`
}

// localise fills every command's descriptions from the catalog: the key is
// "cmd.<path>.short" with the command path joined by dots.
func localise(root *cobra.Command, cat *i18n.Catalog) {
	var walk func(c *cobra.Command)
	root.SetUsageTemplate(usageTemplate(cat))
	walk = func(c *cobra.Command) {
		key := "cmd." + strings.ReplaceAll(c.CommandPath(), " ", ".")
		c.InitDefaultHelpFlag()
		if f := c.Flags().Lookup("help"); f != nil {
			f.Usage = cat.T("cli.help_flag")
		}
		if cat.Has(key + ".short") {
			c.Short = cat.T(key + ".short")
		}
		if cat.Has(key + ".long") {
			c.Long = cat.T(key + ".long")
		}
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if k := key + ".flag." + f.Name; cat.Has(k) {
				f.Usage = cat.T(k)
			}
		})
		if c.HasParent() {
			// persistent flags are described once, on the root
		} else {
			c.PersistentFlags().VisitAll(func(f *pflag.Flag) {
				if k := "cmd.flag." + f.Name; cat.Has(k) {
					f.Usage = cat.T(k)
				}
			})
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

func newVersionCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:  "version",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintln(a.stdout, a.catalog().T("cli.version", version, commit, date, goVersion()))
			return nil
		},
	}
}

func newSampleCmd(a *app) *cobra.Command {
	var sampleExit bool
	cmd := &cobra.Command{
		Use:  "sample",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, err := a.open(ctx)
			if err != nil {
				return err
			}
			op, err := a.operator(ctx, st)
			if err != nil {
				return err
			}
			if sampleExit {
				v, err := st.LoadExitSample(ctx, op, string(a.catalog().Lang())) // issue 15: the engagement in exit
				if err != nil {
					return a.storeError(err)
				}
				fmt.Fprintln(a.stdout, a.catalog().T("cli.sample_loaded", v.Engagement.Code, v.Engagement.Name))
				return nil
			}
			e, err := st.LoadSample(ctx, op, string(a.catalog().Lang()))
			if err != nil {
				return a.storeError(err)
			}
			fmt.Fprintln(a.stdout, a.catalog().T("cli.sample_loaded", e.Code, e.Name))
			return nil
		},
	}
	cmd.Flags().BoolVar(&sampleExit, "exit", false, "")
	return cmd
}
