package exit

import (
	"outsec/tui/dashboard"
	"outsec/tui/docs"
	"outsec/tui/tuitest"
	"outsec/tui/ui"
)

// The pages this package's tests go through.
func init() {
	tuitest.Pages = []ui.Registration{dashboard.Registration, Registration, docs.Registration}
}
