package docs

import (
	"context"

	"outsec/store"
)

// The record of the documents exported from the workbench: package exporter
// writes the files and records each export with its files, sizes, SHA-256
// and, when signed, its signature, with its audit record in the same
// transaction (store.RecordDocumentExport; DESIGN.md, GB/T 32926—2016
// A.2.5). The Exports tab reads them back (store.Exports).

// loadDocExports reads the engagement's exports, newest first.
func loadDocExports(ctx context.Context, st *store.Store, engID int64) ([]store.ExportRecord, error) {
	return st.Exports(ctx, engID)
}
