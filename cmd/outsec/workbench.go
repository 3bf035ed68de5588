package main

import (
	"context"

	"outsec/tui"
)

// runWorkbench opens the store and runs the terminal workbench on it.
func runWorkbench(ctx context.Context, a *app) error {
	st, err := a.open(ctx)
	if err != nil {
		return err
	}
	if err := tui.Run(ctx, tui.Options{Store: st, Catalog: a.catalog(), Version: version}); err != nil {
		return &exitError{code: exitFailure, msg: a.describe(err)}
	}
	return nil
}
