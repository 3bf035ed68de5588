package main

import "github.com/spf13/cobra"

// newCaseCmd: case files (being written).
func newCaseCmd(a *app) *cobra.Command {
	return &cobra.Command{Use: "case", Hidden: true}
}
