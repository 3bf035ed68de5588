package docs

import (
	"outsec/tui/dashboard"
	"outsec/tui/keys"
	"outsec/tui/nda"
	"outsec/tui/risk"
	"outsec/tui/screening"
	"outsec/tui/tuitest"
	"outsec/tui/ui"
	"outsec/tui/verify"
)

// The pages this package's tests go through.
func init() {
	tuitest.Pages = []ui.Registration{dashboard.Registration, risk.Registration, screening.Registration, nda.Registration, Registration, keys.Registration, verify.Registration}
}
