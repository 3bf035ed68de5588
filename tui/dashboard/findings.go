package dashboard

import (
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"

	"outsec/model"
	"outsec/tui/ui"
)

// The dashboard's column of the findings register (8.1): how many findings
// are open, and how many of them are overdue (8.1 b)), per engagement.

// findingsCount is "open" or "open/overdue!"; empty when none is open.
func findingsCount(f model.ImprovementFacts) string {
	if f.Open == 0 {
		return ""
	}
	s := strconv.Itoa(f.Open)
	if f.Overdue > 0 {
		s += "/" + strconv.Itoa(f.Overdue) + "!"
	}
	return s
}

// findingsColumn sets the width of the findings column: none while no
// engagement has a finding; it returns the cells it takes with its space.
func (d *dashboard) findingsColumn(c *columns) int {
	c.findings = 0
	for i := range d.rows {
		if _, ok := d.rows[i].facts.States[model.StepImprovement]; ok {
			c.findings = max(ui.CellWidth(d.sh.T("tui.col.findings")), 5)
			return c.findings + 1
		}
	}
	return 0
}

// writeFindings pads the marks of an unselected row to their column and
// writes the findings column, red when something is overdue.
func (d *dashboard) writeFindings(b *strings.Builder, r *row) {
	if d.cols.findings == 0 {
		return
	}
	used := lipgloss.Width(d.markBlank) + 1
	if r.e.Sample {
		used = lipgloss.Width(d.markSample) + 1
	}
	if r.stop {
		used += lipgloss.Width(d.markStop)
	}
	b.WriteString(strings.Repeat(" ", max(d.cols.marks-used, 0)+1))
	text := ui.Fit(findingsCount(r.facts.Improvement), d.cols.findings)
	if r.facts.Improvement.Overdue > 0 {
		text = d.sh.Styles.Stop.Render(text)
	}
	b.WriteString(text)
}
