package risk

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"outsec/model/risk"
	"outsec/tui/ui"
)

// The heat map: likelihood level (rows, highest at the top) × loss level
// (columns), each cell with the number of risks in it and coloured by the
// risk level the assessment's method gives that cell. Without colour the
// level's name in the cell says the same.

// riskCellLevel is the risk level the method gives a likelihood level l and a loss
// level s. The matrix method looks it up (GB/T 20984—2007 A.2); the other
// methods multiply a value typical of each level — the middle of its range —
// and take the level of the product by the assessment's risk ranges.
func riskCellLevel(st risk.Settings, l, s int) int {
	if l < 1 || l > 5 || s < 1 || s > 5 {
		return 0
	}
	if st.Method == risk.MethodMatrix {
		return st.RiskLevels.Level(float64(st.RiskMatrix[l-1][s-1]))
	}
	mid := func(r risk.Ranges, lv int) float64 {
		lo := 1.0
		if lv > 1 {
			lo = r.Upper[lv-2]
		}
		return (lo + r.Upper[lv-1]) / 2
	}
	return st.RiskLevels.Level(mid(st.LikelihoodLevels, l) * mid(st.LossLevels, s))
}

func (r *riskScreen) heatKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k, rk := r.sh.Keys, r.sh.Keys.Risks
	switch {
	case key.Matches(msg, rk.Back):
		return nil, true
	case key.Matches(msg, k.Up):
		r.heatL = min(r.heatL+1, 5)
	case key.Matches(msg, k.Down):
		r.heatL = max(r.heatL-1, 1)
	case key.Matches(msg, rk.Left):
		r.heatS = max(r.heatS-1, 1)
	case key.Matches(msg, rk.Right):
		r.heatS = min(r.heatS+1, 5)
	case key.Matches(msg, rk.Residual):
		r.heatRes = !r.heatRes
	case key.Matches(msg, rk.Cell):
		r.openCell(r.heatL, r.heatS, r.heatRes)
	}
	return nil, false
}

// openCell lists the risks of one heat-map cell on the risks tab.
func (r *riskScreen) openCell(l, s int, residual bool) {
	t := &r.tables[regRisks]
	t.cell = [2]int8{int8(l), int8(s)}
	t.cellRes = residual
	t.query = ""
	rows := r.data.rows[regRisks]
	t.rebuild(rows, t.selectedID(rows), r.page())
	r.tab = riskTabRisks
	r.setStatus(r.sh.T("tui.risk.status.cell", len(t.view), l, s))
}

func (r *riskScreen) heatView(h int) string {
	T, s := r.sh.T, r.sh.Styles
	L := riskLabels{T: T}
	d := r.data
	st := d.a.Settings
	which := 0
	titleKey := "tui.risk.heat.title_inherent"
	if r.heatRes {
		which, titleKey = 1, "tui.risk.heat.title_residual"
	}
	total := 0
	for l := range d.heat[which] {
		for _, n := range d.heat[which][l] {
			total += n
		}
	}
	var lines []string
	lines = append(lines, s.Bold.Render(ui.Clip(" "+T(titleKey, total, len(d.a.Risks)), r.w)))
	// Geometry: a label column, five cells.
	labelW := 0
	for lv := 1; lv <= 5; lv++ {
		labelW = max(labelW, ui.CellWidth(strconv.Itoa(lv)+" "+L.level(lv)))
	}
	labelW += 2
	cw := min(max((r.w-2-labelW)/5, 10), 20)
	cellH := 1
	if h >= 24 {
		cellH = 3
	} else if h >= 20 {
		cellH = 2
	}
	axis := " " + strings.Repeat(" ", labelW) + T("tui.risk.heat.loss_axis")
	lines = append(lines, s.Dim.Render(ui.Clip(axis, r.w)))
	var hb strings.Builder
	hb.WriteString(" " + ui.Fit(T("tui.risk.heat.likelihood_axis"), labelW))
	for lv := 1; lv <= 5; lv++ {
		hb.WriteString(riskCentre(strconv.Itoa(lv)+" "+L.level(lv), cw))
	}
	lines = append(lines, s.Dim.Render(ui.Clip(hb.String(), r.w)))
	for l := 5; l >= 1; l-- {
		for sub := 0; sub < cellH; sub++ {
			var b strings.Builder
			label := ""
			if sub == cellH/2 {
				label = strconv.Itoa(l) + " " + L.level(l)
			}
			b.WriteString(" " + s.Dim.Render(ui.Fit(label, labelW)))
			for sv := 1; sv <= 5; sv++ {
				lv := riskCellLevel(st, l, sv)
				n := d.heat[which][l-1][sv-1]
				text := ""
				if sub == cellH/2 {
					text = L.level(lv) + " " + strconv.Itoa(n)
					if n == 0 {
						text = L.level(lv) + " ·"
					}
				}
				sel := l == r.heatL && sv == r.heatS
				if sel && sub == cellH/2 {
					text = "[" + text + "]"
				}
				cell := riskCentre(text, cw-1)
				switch {
				case sel:
					cell = r.st.cellSel.Render(cell)
				case lv >= 1:
					cell = r.st.cell[lv].Render(cell)
				}
				b.WriteString(cell + " ")
			}
			lines = append(lines, b.String())
		}
	}
	lines = append(lines, "")
	lv := riskCellLevel(st, r.heatL, r.heatS)
	n := d.heat[which][r.heatL-1][r.heatS-1]
	lines = append(lines, ui.Wrap(T("tui.risk.heat.selected", r.heatL, L.level(r.heatL), r.heatS, L.level(r.heatS), L.level(lv), n), r.w, " ", " ")...)
	lines = append(lines, s.Dim.Render(ui.Clip(" "+T("tui.risk.heat.legend"), r.w)))
	if len(lines) > h {
		lines = lines[:h]
	}
	return strings.Join(lines, "\n")
}

// riskCentre places s in the middle of w cells.
func riskCentre(s string, w int) string {
	sw := ui.CellWidth(s)
	if sw >= w {
		return ui.Fit(s, w)
	}
	left := (w - sw) / 2
	return strings.Repeat(" ", left) + s + strings.Repeat(" ", w-sw-left)
}
