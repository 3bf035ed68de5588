package ui

import (
	"context"
	"errors"
	"strings"

	"outsec/i18n"
	"outsec/internal/explain"
	"outsec/store"
)

// Context is what every screen needs: the catalog, the store, the keys, the
// styles and who is at the keyboard. The root owns it; children read it.
type Context struct {
	Catalog  *i18n.Catalog
	Store    *store.Store
	Ctx      context.Context
	Keys     KeyMap
	Styles   Styles
	Operator store.Operator
	// Writes counts the store writes under way, so that quitting waits for
	// them (a write is one transaction; leaving mid-way would lose it).
	Writes int
	// Wizards numbers the wizards opened, so that a store result reaches
	// the wizard that asked for it.
	Wizards int
	// TemplatesDir is the user's template folder (Options.TemplatesDir).
	TemplatesDir string
	// Version is the program's version (Options.Version).
	Version string
	// Status is what the status line says, set by the root and the pages.
	Status    string
	StatusErr bool
	// ShownPage tells the page the user sees; the root sets it.
	ShownPage func(PageKey) bool
}

// T translates a catalog key.
func (sh *Context) T(key string, args ...any) string { return sh.Catalog.T(key, args...) }

// Describe turns an error of the store or the model into lines in the user's
// language, as the command line does (internal/explain).
func (sh *Context) Describe(err error) []string {
	if err == nil {
		return nil
	}
	if lines, ok := explain.Lines(sh.Catalog, err); ok {
		return lines
	}
	if errors.Is(err, context.Canceled) {
		return []string{sh.T("tui.err.canceled")}
	}
	return []string{sh.T("tui.err.unexpected", strings.TrimSpace(err.Error()))}
}

// Tool names the program in a signature's metadata: "outsec" and the
// version.
func (sh *Context) Tool() string { return strings.TrimSpace("outsec " + sh.Version) }

// Writing counts a store write that starts; the result that ends it says so
// (WriteEnd), and quitting waits until none is under way.
func (sh *Context) Writing() { sh.Writes++ }

// SetStatus is what the status line says next.
func (sh *Context) SetStatus(s string) { sh.Status, sh.StatusErr = s, false }

// SetStatusText sets the status line, as an error or not.
func (sh *Context) SetStatusText(s string, isErr bool) { sh.Status, sh.StatusErr = s, isErr }

// SetError says an error on the status line: its first line, and how many
// more there are.
func (sh *Context) SetError(err error) {
	lines := sh.Describe(err)
	if len(lines) == 0 {
		return
	}
	sh.Status, sh.StatusErr = lines[0], true
	if len(lines) > 1 {
		sh.Status = sh.T("tui.status.more_errors", lines[0], len(lines)-1)
	}
}

// IsShown reports whether the page of key is what the user sees now (not
// another page, not the help over it).
func (sh *Context) IsShown(key PageKey) bool {
	return sh.ShownPage != nil && sh.ShownPage(key)
}

// SetOutcome says how a store write went: its error, else the error of
// reading the data back, else done.
func (c *Context) SetOutcome(err, reloadErr error, done string) {
	switch {
	case err != nil:
		c.SetError(err)
	case reloadErr != nil:
		c.SetError(reloadErr)
	default:
		c.SetStatus(done)
	}
}
