package dashboard

import (
	"outsec/tui/risk"
	"outsec/tui/tuitest"
	"outsec/tui/ui"
)

// The pages this package's tests go through.
func init() { tuitest.Pages = []ui.Registration{Registration, risk.Registration} }
