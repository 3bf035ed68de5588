package main

import (
	"context"

	"outsec/model/risk"
	"outsec/store"
)

// riskMatrices names every assessment whose risk matrix is outsec's old,
// transposed default instead of GB/T 20984—2007 table A.5. They are kept as
// they are (an assessment's settings are frozen with it, and doctor changes
// nothing), so this is a warning, not a problem: the method screen of the
// assessment offers "reset to the standard", which rescores it.
func (r *doctorReport) riskMatrices(ctx context.Context, st *store.Store) {
	cat := r.a.catalog()
	legacy, err := st.LegacyRiskAssessments(ctx)
	if err != nil {
		r.line(false, cat.T("doctor.risk_matrix"), r.a.describe(err))
		return
	}
	if len(legacy) == 0 {
		r.line(true, cat.T("doctor.risk_matrix"), cat.T("doctor.risk_matrix_ok", string(risk.ClauseRiskMatrix)))
		return
	}
	for _, l := range legacy {
		r.t.add("! "+cat.T("doctor.risk_matrix"), cat.T("doctor.risk_matrix_legacy", l.Code, l.Name, string(risk.ClauseRiskMatrix)))
	}
}
