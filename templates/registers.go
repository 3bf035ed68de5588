package templates

import (
	"outsec/i18n"
	"outsec/model/registerio"
)

// Registers are the document's registers for a workbook: the risk registers
// of the assessment (the risks with their treatment and residual risk) and the
// screening's people, their employer defaulting to the engagement's vendor.
func (d *DocData) Registers() registerio.Registers {
	r := registerio.FromAssessment(&d.Assessment)
	r.FromScreening(d.Screening.People, d.Engagement.Vendor.Name)
	return r
}

// RenderXLSX writes every register of the document's engagement as one XLSX
// workbook (registerio.AllKinds, one sheet each) in the document's language.
// The same data give the same bytes.
func RenderXLSX(d *DocData) ([]byte, error) {
	if d.Kind == HandoverList {
		return renderHandoverXLSX(d) // the inventory, one row per item (exit.go)
	}
	if d.Kind.findingsDoc() {
		return renderFindingsXLSX(d) // the findings, one row each (findings.go)
	}
	if d.Kind == InspectionRecord {
		return renderInspectionXLSX(d) // the inspection, one row per item (supervision.go)
	}
	lang := i18n.Lang(d.Lang)
	if d.Lang != "en" {
		lang = i18n.ZH
	}
	return registerio.ExportXLSX(registerio.AllKinds, d.Registers(), i18n.New(lang).T)
}
