package tui

import (
	"context"
	"errors"
	"strings"

	"outsec/i18n"
	"outsec/internal/explain"
	"outsec/store"
)

// shared is what every screen needs: the catalog, the store, the keys, the
// styles and who is at the keyboard. The root owns it; children read it.
type shared struct {
	cat    *i18n.Catalog
	st     *store.Store
	ctx    context.Context
	keys   KeyMap
	styles Styles
	op     store.Operator
	// writes counts the store writes under way, so that quitting waits for
	// them (a write is one transaction; leaving mid-way would lose it).
	writes int
	// wizards numbers the wizards opened, so that a store result reaches
	// the wizard that asked for it.
	wizards int
	// templatesDir is the user's template folder (Options.TemplatesDir).
	templatesDir string
	// version is the program's version (Options.Version).
	version string
	// status is what the status line says, set by the root and the pages.
	status    string
	statusErr bool
	// shown tells the page the user sees; the root sets it.
	shown func(PageKey) bool
}

// T translates a catalog key.
func (sh *shared) T(key string, args ...any) string { return sh.cat.T(key, args...) }

// describe turns an error of the store or the model into lines in the user's
// language, as the command line does (internal/explain).
func (sh *shared) describe(err error) []string {
	if err == nil {
		return nil
	}
	if lines, ok := explain.Lines(sh.cat, err); ok {
		return lines
	}
	if errors.Is(err, context.Canceled) {
		return []string{sh.T("tui.err.canceled")}
	}
	return []string{sh.T("tui.err.unexpected", strings.TrimSpace(err.Error()))}
}

// tool names the program in a signature's metadata: "outsec" and the
// version.
func (sh *shared) tool() string { return strings.TrimSpace("outsec " + sh.version) }

// writing counts a store write that starts; the result that ends it says so
// (WriteEnd), and quitting waits until none is under way.
func (sh *shared) writing() { sh.writes++ }

// setStatus is what the status line says next.
func (sh *shared) setStatus(s string) { sh.status, sh.statusErr = s, false }

// setStatusText sets the status line, as an error or not.
func (sh *shared) setStatusText(s string, isErr bool) { sh.status, sh.statusErr = s, isErr }

// setError says an error on the status line: its first line, and how many
// more there are.
func (sh *shared) setError(err error) {
	lines := sh.describe(err)
	if len(lines) == 0 {
		return
	}
	sh.status, sh.statusErr = lines[0], true
	if len(lines) > 1 {
		sh.status = sh.T("tui.status.more_errors", lines[0], len(lines)-1)
	}
}

// isShown reports whether the page of key is what the user sees now (not
// another page, not the help over it).
func (sh *shared) isShown(key PageKey) bool {
	return sh.shown != nil && sh.shown(key)
}
