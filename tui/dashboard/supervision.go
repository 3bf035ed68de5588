package dashboard

import "outsec/model"

// The dashboard's count of the process assessments overdue (GB/T
// 32926—2016 7.1, due every period of the plan's section 6): on the top bar
// when any engagement has one.

// overdueAssessments counts the engagements whose process assessment is
// overdue.
func (d *dashboard) overdueAssessments() int {
	n := 0
	for i := range d.rows {
		for _, b := range d.rows[i].facts.Blocks[model.StepProcessAudit] {
			if b.Key == "audit.block.overdue" {
				n++
				break
			}
		}
	}
	return n
}

// supervisionBar is what the top bar says of supervision: "" when nothing is
// overdue.
func (d *dashboard) supervisionBar() string {
	if n := d.overdueAssessments(); n > 0 {
		return d.sh.T("audit.dashboard.overdue", n) + "  "
	}
	return ""
}
