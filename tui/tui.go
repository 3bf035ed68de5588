// Package tui is the terminal workbench (bubbletea v2).
package tui

import (
	"context"
	"errors"

	"outsec/i18n"
	"outsec/store"
)

// Options is what the workbench runs on.
type Options struct {
	Store   *store.Store
	Catalog *i18n.Catalog
	Version string
}

// Run runs the workbench until the user quits. (Being written: see the TUI task.)
func Run(ctx context.Context, opts Options) error {
	return errors.New("workbench not built yet")
}
