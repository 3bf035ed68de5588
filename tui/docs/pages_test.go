package docs

import (
	"outsec/tui/contract"
	"outsec/tui/dashboard"
	"outsec/tui/keys"
	"outsec/tui/nda"
	"outsec/tui/risk"
	"outsec/tui/screening"
	"outsec/tui/tuitest"
	"outsec/tui/ui"
	"outsec/tui/verify"
)

// The tests of this package go through every page of the workbench.
func init() {
	tuitest.Pages = []ui.Registration{
		{Kind: ui.KindDashboard, New: dashboard.New},
		{Kind: ui.KindRisk, New: risk.New},
		{Kind: ui.KindScreening, New: screening.New},
		{Kind: ui.KindContract, New: contract.New},
		{Kind: ui.KindNDA, New: nda.New},
		{Kind: ui.KindDocs, New: New},
		{Kind: ui.KindKeys, New: keys.New},
		{Kind: ui.KindVerify, New: verify.New},
	}
}
