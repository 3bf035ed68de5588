package plan

import (
	"outsec/tui/contract"
	"outsec/tui/dashboard"
	"outsec/tui/docs"
	"outsec/tui/filing"
	"outsec/tui/tuitest"
	"outsec/tui/ui"
)

// The pages this package's tests go through.
func init() {
	tuitest.Pages = []ui.Registration{dashboard.Registration, contract.Registration, Registration, filing.Registration, docs.Registration}
}
