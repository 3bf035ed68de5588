package main

import (
	"context"
	"os"

	"github.com/mattn/go-isatty"

	"outsec/tui"
)

// runWorkbench opens the store and runs the terminal workbench on it.
func runWorkbench(ctx context.Context, a *app) error {
	if !interactive() {
		return a.fail(exitFailure, "cli.no_terminal")
	}
	st, err := a.open(ctx)
	if err != nil {
		return err
	}
	a.autoBackup(ctx, st)
	tdir, err := a.templatesDir()
	if err != nil {
		return err
	}
	if err := tui.Run(ctx, tui.Options{Store: st, Catalog: a.catalog().Catalog, Version: version, TemplatesDir: tdir}); err != nil {
		return &exitError{code: exitFailure, msg: a.describe(err)}
	}
	return nil
}

// interactive reports whether the workbench has a terminal to draw on: both
// standard input and output must be one (a pipe or a CI job has none).
func interactive() bool {
	term := func(f *os.File) bool {
		return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
	}
	return term(os.Stdin) && term(os.Stdout)
}
