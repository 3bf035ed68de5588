package filing

import (
	"outsec/tui/dashboard"
	"outsec/tui/docs"
	"outsec/tui/plan"
	"outsec/tui/tuitest"
	"outsec/tui/ui"
)

// The pages this package's tests go through.
func init() {
	tuitest.Pages = []ui.Registration{dashboard.Registration, Registration, plan.Registration, docs.Registration}
}
