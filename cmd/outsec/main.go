// Command outsec is the offline workbench for the information security of
// government IT-service outsourcing. Without arguments it opens the workbench;
// the subcommands do what must also run without a screen.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"outsec/i18n"
	"outsec/internal/termtext"
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
			fmt.Fprintln(app.stderr, safeMessage(ee.msg))
		}
		return ee.code
	}
	// cobra's own errors (unknown command or flag) are usage errors.
	cat := app.catalog()
	fmt.Fprintln(app.stderr, cat.T("cli.usage_error", err.Error()))
	return exitUsage
}

// maxMessageLine is the longest line of a failure's message.
const maxMessageLine = 2000

// safeMessage is a failure's message as the terminal gets it: lines kept,
// every other control character shown escaped, each line cut to a readable
// length. Messages are made with the safe catalog already; this also covers
// the text of an error joined in as it is.
func safeMessage(msg string) string {
	lines := strings.Split(termtext.EscapeLines(msg), "\n")
	for i, l := range lines {
		lines[i] = termtext.Cut(l, maxMessageLine)
	}
	return strings.Join(lines, "\n")
}
