package tui

import (
	"outsec/tui/tuitest"
)

// The tests of this package go through every page of the workbench.
func init() { tuitest.Pages = Pages }
