// Command outsec is the offline workbench for the information security of
// government IT-service outsourcing. Without arguments it opens the workbench;
// the subcommands do what must also run without a screen.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"outsec/i18n"
)

// Set by the linker (see the Makefile's dist target).
var (
	version = "dev"
	commit  = "unknown"
	date    = "unknown"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv))
}

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1 // the command ran and found a problem, or could not run
	exitUsage   = 2 // the command line was wrong
)

// exitError carries a message already in the user's language and an exit code.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// run is the whole program with its inputs and outputs passed in, so that tests
// run it as a user would.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) (code int) {
	app := &app{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	if l := langFromArgs(args); l != "" {
		if _, ok := i18n.Parse(l); ok {
			app.langArg = l
		}
	}
	// No panic reaches the user as a stack trace: it becomes a message and an
	// exit code. (Transactions roll back on their own.)
	defer func() {
		if p := recover(); p != nil {
			cat := app.catalog()
			fmt.Fprintln(app.stderr, cat.T("cli.internal_error", fmt.Sprint(p)))
			code = exitFailure
		}
	}()
	root := newRootCmd(app)
	root.SetArgs(args)
	err := root.Execute()
	if app.st != nil {
		app.st.Close()
	}
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintln(app.stderr, ee.msg)
		}
		return ee.code
	}
	// cobra's own errors (unknown command or flag) are usage errors.
	cat := app.catalog()
	fmt.Fprintln(app.stderr, cat.T("cli.usage_error", err.Error()))
	return exitUsage
}
