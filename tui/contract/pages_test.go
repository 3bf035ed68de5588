package contract

import (
	"outsec/tui/dashboard"
	"outsec/tui/docs"
	"outsec/tui/keys"
	"outsec/tui/risk"
	"outsec/tui/screening"
	"outsec/tui/tuitest"
	"outsec/tui/ui"
	"outsec/tui/verify"
)

// The tests of this package go through every page of the workbench but the NDAs (package nda builds on this one).
func init() {
	tuitest.Pages = []ui.Registration{
		{Kind: ui.KindDashboard, New: dashboard.New},
		{Kind: ui.KindRisk, New: risk.New},
		{Kind: ui.KindScreening, New: screening.New},
		{Kind: ui.KindContract, New: New},
		{Kind: ui.KindDocs, New: docs.New},
		{Kind: ui.KindKeys, New: keys.New},
		{Kind: ui.KindVerify, New: verify.New},
	}
}
