// Package tui is the terminal workbench (bubbletea v2). The root model
// (tui/workbench) holds the pages in a navigator; each workflow is a page of
// its own package; this package only lists them and runs the program.
package tui

import (
	"context"
	"errors"
	"os"

	tea "charm.land/bubbletea/v2"

	"outsec/i18n"
	"outsec/store"
	"outsec/tui/audit"
	"outsec/tui/contract"
	"outsec/tui/dashboard"
	"outsec/tui/delivery"
	"outsec/tui/docs"
	"outsec/tui/exit"
	"outsec/tui/filing"
	"outsec/tui/findings"
	"outsec/tui/incidents"
	"outsec/tui/inspection"
	"outsec/tui/keys"
	"outsec/tui/nda"
	"outsec/tui/people"
	"outsec/tui/plan"
	"outsec/tui/risk"
	"outsec/tui/screening"
	"outsec/tui/ui"
	"outsec/tui/verify"
	"outsec/tui/workbench"
)

// Options is what the workbench runs on.
type Options struct {
	Store   *store.Store
	Catalog *i18n.Catalog
	Version string
	// Width and Height are the size to lay out for before the terminal
	// reports its own (tests and benchmarks set them).
	Width, Height int
	// NoColor draws without colour; Run sets it when NO_COLOR is set.
	NoColor bool
	// TemplatesDir is the user's template folder: a template there replaces
	// the embedded one of the same name (documents).
	TemplatesDir string
}

// Pages is the registry of the workbench: every kind of page and the package
// that makes it. The first is the home page. Adding a workflow is its
// package and one line here.
var Pages = []ui.Registration{
	dashboard.Registration,
	risk.Registration,
	screening.Registration,
	contract.Registration,
	nda.Registration,
	docs.Registration,
	keys.Registration,
	verify.Registration,
	plan.Registration,
	filing.Registration,
	findings.Registration,
	incidents.Registration,
	people.Registration,
	exit.Registration,
	inspection.Registration,
	audit.Registration,
	delivery.Registration,
}

// New builds the workbench; Init starts it.
func New(opts Options) *workbench.Model {
	return newWorkbench(context.Background(), opts)
}

func newWorkbench(ctx context.Context, opts Options) *workbench.Model {
	return workbench.NewModel(workbench.Config{
		Store: opts.Store, Catalog: opts.Catalog, Version: opts.Version,
		Width: opts.Width, Height: opts.Height, NoColor: opts.NoColor,
		TemplatesDir: opts.TemplatesDir, Pages: Pages, Ctx: ctx,
	})
}

// Run runs the workbench until the user quits.
func Run(ctx context.Context, opts Options) error {
	if opts.Store == nil {
		return errors.New("tui: no store")
	}
	if os.Getenv("NO_COLOR") != "" {
		opts.NoColor = true
	}
	m := newWorkbench(ctx, opts)
	_, err := tea.NewProgram(m, tea.WithContext(ctx)).Run()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}
