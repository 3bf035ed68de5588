package risk

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"outsec/model/risk"
	"outsec/tui/ui"
)

// The method settings tab: the method, the asset rule and the rounding (a
// form), and the matrix editor — the three 5×5 matrices of GB/T 20984—2007
// A.2 and the three level ranges as grids the cursor moves through, edited in
// place. Edits are kept as pending settings, checked by Settings.Validate as
// they are made, and saved together; the store then recomputes every risk.

// Sections of the editor: the three matrices side by side, then the ranges.
const (
	secLikelihood = iota
	secLoss
	secRisk
	secRanges
)

type riskSettingsEditor struct {
	saved risk.Settings
	pend  risk.Settings
	has   bool

	sec, row, col int
	lastMatrix    int // the matrix to return to from the ranges

	buf  string // the value being typed
	errs []risk.SettingsError
	// changed counts the risks whose level the pending settings would
	// change (−1: not counted, the assessment is too large to do it per key).
	changed int
}

// loaded takes the settings of a new load; pending edits survive a reload
// caused by another change.
func (e *riskSettingsEditor) loaded(s risk.Settings) {
	if !e.has || !e.dirty() {
		e.pend = s
	}
	if !e.has && s.Method != risk.MethodMatrix {
		e.sec, e.row, e.col = secRanges, 0, 0
	}
	e.saved, e.has = s, true
	e.errs = e.pend.Validate()
}

func (e *riskSettingsEditor) dirty() bool { return e.has && e.pend != e.saved }

func riskMatrixOf(s *risk.Settings, sec int) *risk.Matrix {
	switch sec {
	case secLikelihood:
		return &s.LikelihoodMatrix
	case secLoss:
		return &s.LossMatrix
	}
	return &s.RiskMatrix
}

func riskRangesOf(s *risk.Settings, row int) *risk.Ranges {
	switch row {
	case 0:
		return &s.LikelihoodLevels
	case 1:
		return &s.LossLevels
	}
	return &s.RiskLevels
}

func (e *riskSettingsEditor) value(s *risk.Settings, sec, row, col int) string {
	if sec == secRanges {
		return riskNum(riskRangesOf(s, row).Upper[col])
	}
	return strconv.Itoa(riskMatrixOf(s, sec)[row][col])
}

// riskFieldOf is the name Settings.Validate gives a cell.
func riskFieldOf(sec, row, col int) string {
	if sec == secRanges {
		return fmt.Sprintf("%s.upper[%d]", [3]string{"likelihood_levels", "loss_levels", "risk_levels"}[row], col)
	}
	return fmt.Sprintf("%s[%d][%d]", [3]string{"likelihood_matrix", "loss_matrix", "risk_matrix"}[sec], row+1, col+1)
}

func (e *riskSettingsEditor) bad(sec, row, col int) bool {
	f := riskFieldOf(sec, row, col)
	for _, er := range e.errs {
		if er.Field == f {
			return true
		}
	}
	return false
}

// move moves the cursor: across the three matrices left and right, from the
// matrices down into the ranges and back up.
func (e *riskSettingsEditor) move(dr, dc int) {
	switch {
	case dc < 0 && e.col > 0:
		e.col--
	case dc < 0 && e.sec > 0 && e.sec < secRanges:
		e.sec--
		e.col = 4
	case dc > 0 && e.col < 4:
		e.col++
	case dc > 0 && e.sec < secRisk:
		e.sec++
		e.col = 0
	case dr < 0 && e.row > 0:
		e.row--
	case dr < 0 && e.sec == secRanges:
		e.sec, e.row = e.lastMatrix, 4
	case dr > 0 && e.sec < secRanges && e.row < 4:
		e.row++
	case dr > 0 && e.sec < secRanges:
		e.lastMatrix = e.sec
		e.sec, e.row = secRanges, 0
	case dr > 0 && e.row < 2:
		e.row++
	}
}

// commit writes the typed value into the pending settings.
func (e *riskSettingsEditor) commit() error {
	text := strings.TrimSpace(e.buf)
	e.buf = ""
	if text == "" {
		return nil
	}
	if e.sec == secRanges {
		v, err := strconv.ParseFloat(text, 64)
		if err != nil {
			return err
		}
		riskRangesOf(&e.pend, e.row).Upper[e.col] = v
	} else {
		v, err := strconv.Atoi(text)
		if err != nil {
			return err
		}
		riskMatrixOf(&e.pend, e.sec)[e.row][e.col] = v
	}
	e.errs = e.pend.Validate()
	return nil
}

// reset puts the standard's matrices and ranges for the pending method into
// the pending settings.
func (e *riskSettingsEditor) reset() {
	d := risk.DefaultSettings(e.pend.Method)
	e.pend.LikelihoodMatrix, e.pend.LossMatrix, e.pend.RiskMatrix = d.LikelihoodMatrix, d.LossMatrix, d.RiskMatrix
	e.pend.LikelihoodLevels, e.pend.LossLevels, e.pend.RiskLevels = d.LikelihoodLevels, d.LossLevels, d.RiskLevels
	e.errs = e.pend.Validate()
}

// countChanged counts the risks whose level or residual level the pending
// settings change, for assessments small enough to do it on a key press.
func (r *riskScreen) countChanged() {
	e := &r.set
	e.changed = -1
	if r.data == nil || len(r.data.a.Risks) > 5000 || len(e.errs) > 0 {
		return
	}
	a := r.data.a
	b := a
	b.Settings = e.pend
	b.Assets = append([]risk.Asset(nil), a.Assets...)
	b.Risks = append([]risk.Risk(nil), a.Risks...)
	b.Recompute()
	n := 0
	for i := range a.Risks {
		x, y := a.Risks[i], b.Risks[i]
		if x.Inherent.Level != y.Inherent.Level || (x.Residual == nil) != (y.Residual == nil) ||
			(x.Residual != nil && y.Residual != nil && x.Residual.Level != y.Residual.Level) {
			n++
		}
	}
	e.changed = n
}

func riskDigitKey(msg tea.KeyPressMsg) bool {
	s := msg.String()
	return len(s) == 1 && (s[0] >= '0' && s[0] <= '9' || s[0] == '.')
}

func (r *riskScreen) settingsKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k, rk := r.sh.Keys, r.sh.Keys.Risks
	e := &r.set
	T := r.sh.T
	switch {
	case key.Matches(msg, rk.Back):
		if e.dirty() {
			return r.askDiscardSettings(), false
		}
		return nil, true
	case riskDigitKey(msg):
		e.buf = msg.String()
		r.mode = riskModeEditCell
	case key.Matches(msg, rk.EditCell):
		e.buf = e.value(&e.pend, e.sec, e.row, e.col)
		r.mode = riskModeEditCell
	case key.Matches(msg, k.Up):
		e.move(-1, 0)
	case key.Matches(msg, k.Down):
		e.move(1, 0)
	case key.Matches(msg, rk.Left):
		e.move(0, -1)
	case key.Matches(msg, rk.Right):
		e.move(0, 1)
	case key.Matches(msg, rk.Method):
		return r.openSettingsForm(), false
	case key.Matches(msg, rk.Save):
		return r.saveSettings(), false
	case key.Matches(msg, rk.Reset):
		// "Reset to the standard" is a change of its own: the standard's
		// values of the method (tables A.1–A.6) are saved at once and every
		// risk rescored, in one audited transaction (store.ResetSettings);
		// unsaved edits are dropped.
		e.reset()
		r.setStatus(T("tui.risk.status.resetting", r.sh.T("risk.method."+string(e.pend.Method))))
		return r.store().resetSettings(), false
	case key.Matches(msg, rk.Undo):
		if e.dirty() {
			e.pend = e.saved
			e.errs = e.pend.Validate()
			r.setStatus(T("tui.risk.status.undone"))
		}
	}
	return nil, false
}

func (r *riskScreen) saveSettings() tea.Cmd {
	e := &r.set
	T := r.sh.T
	if !e.dirty() {
		r.setStatus(T("tui.risk.status.settings_unchanged"))
		return nil
	}
	if len(e.errs) > 0 {
		r.setErrorText(T("tui.risk.status.settings_invalid", len(e.errs)))
		return nil
	}
	r.setStatus(T("tui.risk.status.saving"))
	return r.store().saveSettings(e.pend)
}

func (r *riskScreen) editCellKey(msg tea.KeyPressMsg) tea.Cmd {
	k, rk := r.sh.Keys, r.sh.Keys.Risks
	e := &r.set
	finish := func() bool {
		if err := e.commit(); err != nil {
			r.setErrorText(r.sh.T("tui.risk.status.not_a_number"))
			r.mode = riskModeNav
			return false
		}
		r.mode = riskModeNav
		r.countChanged()
		if e.dirty() {
			r.setStatus(r.pendingNote())
		}
		return true
	}
	switch {
	case riskDigitKey(msg):
		if len(e.buf) < 8 {
			e.buf += msg.String()
		}
	case msg.String() == "backspace":
		if e.buf != "" {
			e.buf = e.buf[:len(e.buf)-1]
		}
	case key.Matches(msg, rk.Back):
		e.buf = ""
		r.mode = riskModeNav
	case key.Matches(msg, rk.EditCell), msg.String() == "tab":
		finish()
	case key.Matches(msg, k.Up):
		if finish() {
			e.move(-1, 0)
		}
	case key.Matches(msg, k.Down):
		if finish() {
			e.move(1, 0)
		}
	case msg.String() == "left":
		if finish() {
			e.move(0, -1)
		}
	case msg.String() == "right":
		if finish() {
			e.move(0, 1)
		}
	}
	return nil
}

func (r *riskScreen) pendingNote() string {
	T := r.sh.T
	e := &r.set
	switch {
	case len(e.errs) > 0:
		return T("tui.risk.status.settings_invalid", len(e.errs))
	case e.changed >= 0:
		return T("tui.risk.status.pending_count", e.changed)
	}
	return T("tui.risk.status.pending")
}

// settingsView draws the method line, the three matrices side by side, the
// level ranges, the problems and what to do next.
func (r *riskScreen) settingsView(h int) string {
	T, s := r.sh.T, r.sh.Styles
	L := riskLabels{T: T}
	e := &r.set
	p := &e.pend
	var lines []string
	method := T("tui.risk.set.method_line", L.method(p.Method), L.rule(p.AssetRule))
	if p.AssetRule == risk.AssetWeighted {
		method += "  " + T("tui.risk.set.weights", riskNum(p.Weights[0]), riskNum(p.Weights[1]), riskNum(p.Weights[2]))
	}
	if p.Method == risk.MethodMultiplication {
		method += "  " + T("tui.risk.set.rounding", L.rounding(p.Rounding))
	}
	lines = append(lines, ui.Wrap(method, r.w, " ", "   ")...)
	if e.saved.IsLegacyRiskMatrix() {
		// The stored matrix is outsec's old, transposed default (A.5).
		for _, l := range ui.Wrap(T("risk.legacy_matrix", r.sh.Keys.Risks.Reset.Help().Key), r.w, " ", "   ") {
			lines = append(lines, s.Error.Render(l))
		}
	}

	// The three matrices: 4 cells of row label, 5 cells of 4.
	const cw = 4
	gridW := 4 + 5*cw
	gap := max(min((r.w-1-3*gridW)/2, 6), 1)
	used := p.Method == risk.MethodMatrix
	matrixTitles := [3]string{T("tui.risk.set.likelihood_matrix"), T("tui.risk.set.loss_matrix"), T("tui.risk.set.risk_matrix")}
	axes := [3]string{T("tui.risk.set.likelihood_axes"), T("tui.risk.set.loss_axes"), T("tui.risk.set.risk_axes")}
	join := func(parts [3]string) string {
		var b strings.Builder
		b.WriteByte(' ')
		for i, part := range parts {
			if i > 0 {
				b.WriteString(strings.Repeat(" ", gap))
			}
			b.WriteString(ui.PadCells(part, gridW))
		}
		return b.String()
	}
	var titles, ax, heads [3]string
	for i := range titles {
		st := s.Bold
		if !used {
			st = r.st.gridOff
		}
		titles[i] = st.Render(ui.Fit(matrixTitles[i], gridW))
		ax[i] = s.Dim.Render(ui.Fit(axes[i], gridW))
		var hb strings.Builder
		hb.WriteString("    ")
		for c := 1; c <= 5; c++ {
			hb.WriteString(fmt.Sprintf("%*d", cw, c))
		}
		heads[i] = s.Dim.Render(hb.String())
	}
	if !used {
		lines = append(lines, s.Dim.Render(ui.Clip(" "+T("tui.risk.set.matrix_unused"), r.w)))
	} else if h >= 22 {
		lines = append(lines, "")
	}
	lines = append(lines, join(titles), join(ax), join(heads))
	cellText := func(sec, row, col, w int) string {
		v := e.value(p, sec, row, col)
		sel := r.tab == riskTabSettings && e.sec == sec && e.row == row && e.col == col
		changed := e.value(&e.saved, sec, row, col) != e.value(p, sec, row, col)
		switch {
		case sel && r.mode == riskModeEditCell:
			v = e.buf + "_"
		case sel:
			v = "[" + v + "]" // seen without colour too
		case changed:
			v += "*"
		default:
			v += " "
		}
		txt := fmt.Sprintf("%*s", w, v)
		switch {
		case sel:
			return r.st.gridSel.Render(txt)
		case e.bad(sec, row, col):
			return r.st.gridBad.Render(txt)
		case sec < secRanges && !used:
			return r.st.gridOff.Render(txt)
		case changed:
			return s.Bold.Render(txt)
		}
		return txt
	}
	for row := 0; row < 5; row++ {
		var parts [3]string
		for sec := 0; sec < 3; sec++ {
			var b strings.Builder
			b.WriteString(s.Dim.Render(fmt.Sprintf("%3d ", row+1)))
			for col := 0; col < 5; col++ {
				b.WriteString(cellText(sec, row, col, cw))
			}
			parts[sec] = b.String()
		}
		lines = append(lines, join(parts))
	}

	// The ranges.
	if h >= 22 {
		lines = append(lines, "")
	}
	lines = append(lines, s.Bold.Render(ui.Clip(" "+T("tui.risk.set.ranges", L.method(p.Method)), r.w)))
	labelW := 0
	rangeNames := [3]string{T("tui.risk.set.range_likelihood"), T("tui.risk.set.range_loss"), T("tui.risk.set.range_risk")}
	for _, n := range rangeNames {
		labelW = max(labelW, ui.CellWidth(n))
	}
	labelW = min(labelW+2, 16)
	rw := 8
	for lv := 1; lv <= 5; lv++ {
		rw = max(rw, ui.CellWidth(L.level(lv))+2)
	}
	var hb strings.Builder
	hb.WriteString(strings.Repeat(" ", labelW+1))
	for lv := 1; lv <= 5; lv++ {
		hb.WriteString(riskAlign(L.level(lv), rw, true))
	}
	lines = append(lines, s.Dim.Render(ui.Clip(hb.String(), r.w)))
	for row := 0; row < 3; row++ {
		var b strings.Builder
		b.WriteString(" " + ui.Fit(rangeNames[row], labelW))
		for col := 0; col < 5; col++ {
			b.WriteString(cellText(secRanges, row, col, rw))
		}
		lines = append(lines, b.String())
	}

	// Problems and the next step.
	var tail []string
	for i, er := range e.errs {
		if i == 3 {
			tail = append(tail, s.Error.Render(ui.Clip(" ! "+T("tui.risk.set.more_errors", len(e.errs)-3), r.w)))
			break
		}
		tail = append(tail, s.Error.Render(ui.Clip(" ! "+r.settingsErrorText(er), r.w)))
	}
	switch {
	case r.mode == riskModeEditCell:
		tail = append(tail, s.Dim.Render(ui.Clip(" "+T("tui.risk.set.typing", r.cellName(e.sec, e.row, e.col)), r.w)))
	case e.dirty():
		tail = append(tail, s.Bold.Render(ui.Clip(" "+r.pendingNote()+"  "+T("tui.risk.set.dirty_hint"), r.w)))
	default:
		tail = append(tail, s.Dim.Render(ui.Clip(" "+T("tui.risk.set.hint", r.cellName(e.sec, e.row, e.col)), r.w)))
	}
	room := h - len(lines)
	if len(tail) > room {
		tail = tail[len(tail)-max(room, 0):]
	}
	lines = append(lines, tail...)
	return strings.Join(lines, "\n")
}

// cellName says which cell the cursor is on, in words.
func (r *riskScreen) cellName(sec, row, col int) string {
	T := r.sh.T
	if sec == secRanges {
		names := [3]string{T("tui.risk.set.range_likelihood"), T("tui.risk.set.range_loss"), T("tui.risk.set.range_risk")}
		return T("tui.risk.set.cell_range", names[row], riskLabels{T: T}.level(col+1))
	}
	names := [3]string{T("tui.risk.set.likelihood_matrix"), T("tui.risk.set.loss_matrix"), T("tui.risk.set.risk_matrix")}
	return T("tui.risk.set.cell_matrix", names[sec], row+1, col+1)
}

// settingsErrorText is one problem of Settings.Validate with the cell it is
// in, in words.
func (r *riskScreen) settingsErrorText(er risk.SettingsError) string {
	T := r.sh.T
	msg := T(er.Key, er.Args...)
	for sec := 0; sec <= secRanges; sec++ {
		rows := 5
		if sec == secRanges {
			rows = 3
		}
		for row := 0; row < rows; row++ {
			for col := 0; col < 5; col++ {
				if riskFieldOf(sec, row, col) == er.Field {
					return r.cellName(sec, row, col) + ": " + msg
				}
			}
		}
	}
	return msg
}
