package inspection

import (
	"outsec/tui/dashboard"
	"outsec/tui/tuitest"
	"outsec/tui/ui"
)

// The pages this package's tests go through.
func init() {
	tuitest.Pages = []ui.Registration{dashboard.Registration, Registration}
}
