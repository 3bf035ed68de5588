package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"outsec/internal/safefile"
	"outsec/templates"
)

// The document templates: export the embedded set for editing, check the
// user's copies (docs/documents.md).

func newTemplatesCmd(a *app) *cobra.Command {
	c := &cobra.Command{Use: "templates", Args: cobra.NoArgs}
	var force bool
	export := &cobra.Command{
		Use: "export DIR",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return a.fail(exitUsage, "doc.err.args_templates_export")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.templatesExport(args[0], force)
		},
	}
	export.Flags().BoolVar(&force, "force", false, "")
	check := &cobra.Command{
		Use:  "check",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.templatesCheck()
		},
	}
	c.AddCommand(export, check)
	return c
}

// templatesDir is the user's template folder: --templates, else a templates
// folder beside the database.
func (a *app) templatesDir() (string, error) {
	if a.templatesFlag != "" {
		return a.templatesFlag, nil
	}
	p, err := a.dbPath()
	if err != nil {
		return "", a.fail(exitFailure, "cli.no_data_dir", err.Error())
	}
	return filepath.Join(filepath.Dir(p), "templates"), nil
}

// templatesExport writes the embedded templates of both languages to
// dir/<lang>/<name>, each whole or not at all; an existing file is kept
// unless force.
func (a *app) templatesExport(dir string, force bool) error {
	cat := a.catalog()
	n := 0
	for _, name := range templates.EmbeddedFiles() {
		b, err := fs.ReadFile(templates.EmbeddedFS(), name)
		if err != nil {
			return a.fail(exitFailure, "cli.internal_error", err.Error())
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if _, err := os.Stat(p); err == nil && !force {
			fmt.Fprintln(a.stderr, cat.T("doc.templates.exists", p))
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return a.fail(exitFailure, "doc.err.write", p, a.ioReason(err))
		}
		tmp, err := safefile.WriteTemp(p, b)
		if err == nil {
			if err = os.Rename(tmp, p); err != nil {
				os.Remove(tmp)
			}
		}
		if err != nil {
			return a.fail(exitFailure, "doc.err.write", p, a.ioReason(err))
		}
		safefile.SyncDir(filepath.Dir(p))
		n++
	}
	fmt.Fprintln(a.stdout, cat.T("doc.templates.exported", n, dir))
	return nil
}

// templatesCheck parses and tries out every user template; a broken one is
// reported as file:line:col with the reason, and the exit code is 1.
func (a *app) templatesCheck() error {
	cat := a.catalog()
	dir, err := a.templatesDir()
	if err != nil {
		return err
	}
	files := templates.UserFiles(dir)
	if len(files) == 0 {
		fmt.Fprintln(a.stdout, cat.T("doc.templates.none", dir))
		return nil
	}
	if err := templates.Check(dir); err != nil {
		var ce templates.CheckErrors
		if errors.As(err, &ce) {
			fmt.Fprintln(a.stderr, cat.T("doc.templates.broken", len(ce)))
		}
		return &exitError{code: exitFailure, msg: err.Error()}
	}
	fmt.Fprintln(a.stdout, cat.T("doc.templates.ok", dir, len(files)))
	return nil
}
