package risk

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"outsec/model"
	"outsec/model/risk"
	"outsec/tui/ui"
)

// The conclusion tab (GB/T 32926—2016 5.1.2): what the tool proposes from the
// assessment as it stands, with every reason and its clause; the leader's
// decision as recorded; and what the lifecycle makes of it.

func (r *riskScreen) conclusionKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k, rk := r.sh.Keys, r.sh.Keys.Risks
	switch {
	case key.Matches(msg, rk.Back):
		return nil, true
	case key.Matches(msg, rk.Conclude):
		return r.openConclusionForm(), false
	case key.Matches(msg, k.Up):
		r.concScroll = max(r.concScroll-1, 0)
	case key.Matches(msg, k.Down):
		r.concScroll++
	case key.Matches(msg, k.PageUp):
		r.concScroll = max(r.concScroll-r.page(), 0)
	case key.Matches(msg, k.PageDown):
		r.concScroll += r.page()
	case key.Matches(msg, k.Home):
		r.concScroll = 0
	}
	return nil, false
}

func riskProposalClause(p risk.Proposal) model.Clause {
	switch p {
	case risk.ProposeProceed:
		return risk.ClauseProceed
	case risk.ProposeReconsider:
		return risk.ClauseReconsider
	}
	return risk.ClauseStop
}

func (r *riskScreen) conclusionLines() []string {
	T, s, d := r.sh.T, r.sh.Styles, r.data
	L := riskLabels{T: T}
	w := r.w
	var lines []string
	add := func(ls ...string) { lines = append(lines, ls...) }
	styled := func(st interface{ Render(...string) string }, ls []string) []string {
		for i := range ls {
			ls[i] = st.Render(ls[i])
		}
		return ls
	}
	clause := func(c model.Clause) string { return " (" + T("err.clause", string(c)) + ")" }

	// The proposal.
	pst := s.Done
	switch d.proposal {
	case risk.ProposeStop:
		pst = s.Stop
	case risk.ProposeReconsider:
		pst = s.Progress
	}
	add(styled(s.Phase, ui.Wrap(T("tui.risk.conc.proposal_title"), w, " ", " "))...)
	add(styled(pst, ui.Wrap(L.proposal(d.proposal)+clause(riskProposalClause(d.proposal)), w, "   ", "   "))...)
	if len(d.reasons) > 0 {
		add(ui.Wrap(T("tui.risk.conc.reasons", len(d.reasons)), w, "   ", "   ")...)
		for _, rs := range d.reasons {
			add(ui.Wrap(T(rs.Key, rs.Args...)+clause(rs.Clause), w, "     - ", "       ")...)
		}
	} else {
		add(ui.Wrap(T("tui.risk.conc.no_reasons"), w, "   ", "   ")...)
	}
	add("")

	// The figures.
	a := &d.a
	add(styled(s.Phase, ui.Wrap(T("tui.risk.conc.figures_title"), w, " ", " "))...)
	add(ui.Wrap(T("tui.risk.conc.figures", len(a.Assets), len(a.Threats), len(a.Vulns), len(a.Controls), len(a.Risks)), w, "   ", "   ")...)
	var byLevel [6]int
	for i := range a.Risks {
		if lv := a.Risks[i].Inherent.Level; lv >= 0 && lv <= 5 {
			byLevel[lv]++
		}
	}
	var parts []string
	for lv := 5; lv >= 1; lv-- {
		parts = append(parts, T("tui.risk.conc.level_count", L.level(lv), byLevel[lv]))
	}
	add(ui.Wrap(T("tui.risk.conc.levels", strings.Join(parts, T("tui.risk.conc.sep"))), w, "   ", "   ")...)
	if a.Conclusion.AcceptableLevel >= 1 {
		add(ui.Wrap(T("tui.risk.conc.over", riskRated(L, a.Conclusion.AcceptableLevel), d.over, d.residual), w, "   ", "   ")...)
	}
	add(ui.Wrap(T("tui.risk.conc.method", L.method(a.Settings.Method), L.rule(a.Settings.AssetRule)), w, "   ", "   ")...)
	add("")

	// The leader's decision.
	c := a.Conclusion
	add(styled(s.Phase, ui.Wrap(T("tui.risk.conc.decision_title")+clause(risk.ClauseAcceptable), w, " ", " "))...)
	if c == (risk.Conclusion{}) {
		add(styled(s.Dim, ui.Wrap(T("tui.risk.conc.not_recorded"), w, "   ", "   "))...)
	} else {
		field := func(labelKey, value string) {
			add(ui.Wrap(T("tui.panel.field", T(labelKey), value), w, "   ", "     ")...)
		}
		field("tui.risk.f.acceptable", riskRated(L, c.AcceptableLevel))
		field("tui.risk.f.leader", riskOrNone(T, c.Leader))
		field("tui.risk.f.date", riskOrNone(T, string(c.Date)))
		dec := T("tui.risk.none")
		if c.Decision != "" {
			dec = L.proposal(c.Decision)
		}
		field("tui.risk.f.decision", dec)
		if c.Remarks != "" {
			field("tui.risk.f.remarks", ui.OneLine(c.Remarks))
		}
	}
	add("")
	state := "[" + T(d.state.Key()) + "]"
	add(ui.Wrap(T("tui.risk.conc.lifecycle", state), w, " ", "   ")...)
	add(styled(s.Dim, ui.Wrap(T("tui.risk.conc.hint"), w, " ", " "))...)
	return lines
}

func (r *riskScreen) conclusionView(h int) string {
	lines := r.conclusionLines()
	room := h
	maxScroll := max(len(lines)-room, 0)
	r.concScroll = min(r.concScroll, maxScroll)
	end := min(r.concScroll+room, len(lines))
	out := lines[r.concScroll:end]
	if maxScroll > 0 && len(out) > 0 {
		more := r.sh.Styles.Dim.Render(ui.Clip(r.sh.T("tui.panel.more", r.concScroll+len(out), len(lines)), r.w))
		out = append(out[:len(out)-1:len(out)-1], more)
	}
	return strings.Join(out, "\n")
}
