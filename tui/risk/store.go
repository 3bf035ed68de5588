package risk

import (
	"context"
	"strings"

	tea "charm.land/bubbletea/v2"

	"outsec/i18n"
	"outsec/model"
	"outsec/model/risk"
	"outsec/store"
	"outsec/tui/ui"
)

// The risk assessment's store calls, each a tea.Cmd whose result message,
// addressed to the risk page of its engagement, is the only way the outcome
// reaches the model. A write
// reloads the assessment in the same command, so that the screen shows the
// numbers the store recomputed.

type (
	// riskLoadedMsg is a load of an engagement's assessment.
	riskLoadedMsg struct {
		engID int64
		eng   model.Engagement
		data  *riskData
		err   error
	}
	// riskSavedMsg is the result of a write, with the reload after it.
	riskSavedMsg struct {
		engID    int64
		serial   int
		kind     regKind
		id       int64  // the record written, to select it
		status   string // what to say when it worked
		settings bool   // the settings were saved: nothing is pending any more
		data     *riskData
		loadErr  error
		err      error
	}
)

// riskCalls makes the store calls of one engagement's assessment. What the
// commands need is copied when they are made: a command never reads the
// model.
type riskCalls struct {
	r      *riskScreen
	st     *store.Store
	ctx    context.Context
	op     store.Operator
	cat    *i18n.Catalog
	engID  int64
	serial int
}

// store numbers a new write and returns the calls to make it with.
func (r *riskScreen) store() riskCalls {
	r.serial++
	return riskCalls{r: r, st: r.sh.Store, ctx: r.sh.Ctx, op: r.sh.Operator, cat: r.sh.Catalog, engID: r.eng.ID, serial: r.serial}
}

func loadRisk(sh *ui.Context, engID int64) tea.Cmd {
	st, ctx, cat := sh.Store, sh.Ctx, sh.Catalog
	return func() tea.Msg {
		e, err := st.Engagement(ctx, engID)
		if err != nil {
			return riskLoadedMsg{engID: engID, err: err}
		}
		a, err := st.RiskAssessment(ctx, engID)
		if err != nil {
			return riskLoadedMsg{engID: engID, eng: e, err: err}
		}
		return riskLoadedMsg{engID: engID, eng: e, data: buildRiskData(a, cat)}
	}
}

// write runs do as one store write, then reloads the assessment.
func (c riskCalls) write(kind regKind, settings bool, do func() (id int64, status string, err error)) tea.Cmd {
	c.r.sh.Writing()
	st, ctx, cat, engID := c.st, c.ctx, c.cat, c.engID
	return func() tea.Msg {
		msg := riskSavedMsg{engID: engID, serial: c.serial, kind: kind, settings: settings}
		msg.id, msg.status, msg.err = do()
		if msg.err != nil {
			return msg
		}
		a, err := st.RiskAssessment(ctx, engID)
		if err != nil {
			msg.loadErr = err
			return msg
		}
		msg.data = buildRiskData(a, cat)
		return msg
	}
}

func (c riskCalls) saved(created bool, createdKey, updatedKey string, args ...any) string {
	if created {
		return c.cat.T(createdKey, args...)
	}
	return c.cat.T(updatedKey, args...)
}

func (c riskCalls) saveAsset(a risk.Asset) tea.Cmd {
	st, ctx, op, engID := c.st, c.ctx, c.op, c.engID
	return c.write(regAssets, false, func() (int64, string, error) {
		created := a.ID == 0
		err := st.SaveAsset(ctx, op, engID, &a)
		return a.ID, c.saved(created, "tui.risk.status.asset_created", "tui.risk.status.asset_updated", a.ID, ui.OneLine(a.Name)), err
	})
}

func (c riskCalls) saveThreat(t risk.Threat) tea.Cmd {
	st, ctx, op, engID := c.st, c.ctx, c.op, c.engID
	return c.write(regThreats, false, func() (int64, string, error) {
		created := t.ID == 0
		err := st.SaveThreat(ctx, op, engID, &t)
		return t.ID, c.saved(created, "tui.risk.status.threat_created", "tui.risk.status.threat_updated", t.ID, ui.OneLine(t.Name)), err
	})
}

func (c riskCalls) saveVuln(v risk.Vulnerability) tea.Cmd {
	st, ctx, op, engID := c.st, c.ctx, c.op, c.engID
	return c.write(regVulns, false, func() (int64, string, error) {
		created := v.ID == 0
		err := st.SaveVulnerability(ctx, op, engID, &v)
		return v.ID, c.saved(created, "tui.risk.status.vuln_created", "tui.risk.status.vuln_updated", v.ID), err
	})
}

func (c riskCalls) saveControl(ct risk.Control) tea.Cmd {
	st, ctx, op, engID := c.st, c.ctx, c.op, c.engID
	return c.write(regControls, false, func() (int64, string, error) {
		created := ct.ID == 0
		err := st.SaveControl(ctx, op, engID, &ct)
		return ct.ID, c.saved(created, "tui.risk.status.control_created", "tui.risk.status.control_updated", ct.ID, ui.OneLine(ct.Name)), err
	})
}

func (c riskCalls) saveRisk(k risk.Risk) tea.Cmd {
	st, ctx, op, engID := c.st, c.ctx, c.op, c.engID
	return c.write(regRisks, false, func() (int64, string, error) {
		created := k.ID == 0
		err := st.SaveRisk(ctx, op, engID, &k)
		if err != nil {
			return k.ID, "", err
		}
		L := riskLabels{T: c.cat.T}
		return k.ID, c.saved(created, "tui.risk.status.risk_created", "tui.risk.status.risk_updated", k.ID,
			riskNum(k.Inherent.Value), L.level(k.Inherent.Level)), nil
	})
}

func (c riskCalls) saveTreatment(id int64, t risk.Treatment, rt, rv int) tea.Cmd {
	st, ctx, op := c.st, c.ctx, c.op
	return c.write(regRisks, false, func() (int64, string, error) {
		err := st.SaveTreatment(ctx, op, id, t, rt, rv)
		return id, c.cat.T("tui.risk.status.treatment_saved", id), err
	})
}

func (c riskCalls) saveSettings(s risk.Settings) tea.Cmd {
	st, ctx, op, engID := c.st, c.ctx, c.op, c.engID
	return c.write(regRisks, true, func() (int64, string, error) {
		err := st.SaveSettings(ctx, op, engID, s)
		return 0, c.cat.T("tui.risk.status.settings_saved"), err
	})
}

func (c riskCalls) saveUnit(u risk.Unit) tea.Cmd {
	st, ctx, op, engID := c.st, c.ctx, c.op, c.engID
	return c.write(regUnits, false, func() (int64, string, error) {
		created := u.ID == 0
		err := st.SaveUnit(ctx, op, engID, &u)
		return u.ID, c.saved(created, "tui.risk.status.unit_created", "tui.risk.status.unit_updated", u.ID, ui.OneLine(u.Name)), err
	})
}

func (c riskCalls) resetSettings() tea.Cmd {
	st, ctx, op, engID := c.st, c.ctx, c.op, c.engID
	return c.write(regRisks, true, func() (int64, string, error) {
		_, err := st.ResetSettings(ctx, op, engID)
		return 0, c.cat.T("tui.risk.status.reset_saved"), err
	})
}

func (c riskCalls) saveConclusion(cn risk.Conclusion) tea.Cmd {
	st, ctx, op, engID := c.st, c.ctx, c.op, c.engID
	return c.write(regRisks, false, func() (int64, string, error) {
		err := st.SaveConclusion(ctx, op, engID, cn)
		return 0, c.cat.T("tui.risk.status.conclusion_saved"), err
	})
}

func (c riskCalls) deleteRecord(kind regKind, id int64, what string) tea.Cmd {
	st, ctx, op := c.st, c.ctx, c.op
	return c.write(kind, false, func() (int64, string, error) {
		var err error
		switch kind {
		case regAssets:
			err = st.DeleteAsset(ctx, op, id)
		case regThreats:
			err = st.DeleteThreat(ctx, op, id)
		case regVulns:
			err = st.DeleteVulnerability(ctx, op, id)
		case regControls:
			err = st.DeleteControl(ctx, op, id)
		case regRisks:
			err = st.DeleteRisk(ctx, op, id)
		case regUnits:
			err = st.DeleteUnit(ctx, op, id)
		}
		return 0, c.cat.T("tui.risk.status.deleted", what), err
	})
}

// loaded takes a load of the assessment.
func (r *riskScreen) loaded(msg riskLoadedMsg) {
	if msg.eng.ID != 0 {
		r.eng = msg.eng
	}
	if msg.err != nil {
		lines := r.describe(msg.err)
		if r.data == nil && len(lines) > 0 {
			r.loadErr = lines[0]
		}
		r.setError(msg.err)
		return
	}
	r.setData(msg.data, 0, 0)
	r.setStatus("")
}

// saved takes the result of a write: the form that asked for it closes, or
// comes back with the problems; the reload replaces the data.
func (r *riskScreen) saved(msg riskSavedMsg) tea.Cmd {
	var cmd tea.Cmd
	f := r.form
	mine := f != nil && f.saving && f.serial == msg.serial
	if msg.err != nil {
		if mine {
			f.saving = false
			f.errs = r.formErrors(msg.err)
			cmd = f.open()
		}
		r.setError(msg.err)
		return cmd
	}
	if mine {
		r.closeForm()
	}
	if msg.data != nil {
		if msg.settings {
			r.set.pend = msg.data.a.Settings
		}
		r.setData(msg.data, msg.kind, msg.id)
	}
	if msg.loadErr != nil {
		r.setError(msg.loadErr)
		return cmd
	}
	r.setStatus(msg.status)
	return cmd
}

// HelpView is the ? help over the risk screen: its keys by tab.
func (r *riskScreen) HelpView(w int) string {
	sh := r.sh
	T, s := sh.T, sh.Styles
	lines := []string{s.Title.Render(ui.Fit(" "+T("tui.risk.helpscreen.title", sh.Version), w))}
	lines = append(lines, ui.Wrap(T("tui.risk.helpscreen.about"), w, " ", " ")...)
	lines = append(lines, "")
	sections := sh.Keys.RiskFullHelp()
	keyW := ui.HelpKeyWidth(sections, 16)
	colW, twoCols := ui.HelpColumns(w)
	var blocks [][]string
	for _, sec := range sections {
		blocks = append(blocks, ui.HelpBlock(sh, sec, keyW, colW))
	}
	var body []string
	if twoCols {
		// The first blocks, until half the lines, on the left.
		var left, right []string
		total := 0
		for _, b := range blocks {
			total += len(b)
		}
		for _, b := range blocks {
			if len(left) < total/2 && len(right) == 0 {
				left = append(left, b...)
			} else {
				right = append(right, b...)
			}
		}
		body = ui.SideBySide(left, right, colW)
	} else {
		for _, b := range blocks {
			body = append(body, b...)
		}
	}
	lines = append(lines, body...)
	lines = append(lines, "")
	lines = append(lines, ui.Wrap(T("tui.risk.helpscreen.marks"), w, " ", " ")...)
	return strings.Join(lines, "\n")
}
