package tui

// The tests of this package go through every page of the workbench.
func init() { testPages = Pages }
