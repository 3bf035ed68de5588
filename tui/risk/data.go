package risk

import (
	"bytes"
	"sort"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"outsec/i18n"
	"outsec/model"
	"outsec/model/risk"
	"outsec/tui/ui"
)

// The risk assessment screens show a view model built from a risk.Assessment
// in the loading command, off the key-press path: every cell a register shows
// is a string made once per load, so that a key press on a register of
// 100,000 risks only draws the rows on screen.

// regKind is one of the registers.
type regKind int

const (
	regAssets regKind = iota
	regThreats
	regVulns
	regControls
	regRisks
	regUnits // the department's own units (GB/T 32926—2016 5.1.1 b)), tab 9
	regKinds
)

// regRow is one row of a register as the table shows it.
type regRow struct {
	id    int64
	cells []string
	hay   string // lower-cased text the "/" filter searches
	// nameKey orders the row's name as a reader of the language expects.
	nameKey []byte
	nums    [3]float64 // sort values: see each register's sort modes
	level   int        // the level the level column colours (0: none)
	level2  int        // the residual level, for risks
	flag    bool       // a risk above the acceptable level
	cell    [2]int8    // risks: inherent likelihood and loss level (heat map cell)
	cellRes [2]int8    // risks: residual likelihood and loss level, 0 when not assessed
}

// regCol is one column of a register.
type regCol struct {
	key   string // catalog key of the heading
	flex  int    // share of the width left over; 0 for a fixed column
	min   int    // narrowest a flexible column may become
	max   int    // widest a fixed column may become
	right bool   // numbers are right-aligned
	drop  int    // dropped first when the window is narrow (higher first); 0 never
	level int    // 1: coloured by the row's level, 2: by its residual level
}

// regCols are the columns of each register, in the order of regRow.cells.
var regCols = [regKinds][]regCol{
	regAssets: {
		{key: "tui.risk.col.id", max: 6, right: true, drop: 3},
		{key: "tui.risk.col.name", flex: 3, min: 8},
		{key: "tui.risk.col.type", max: 12},
		{key: "tui.risk.col.owner", flex: 2, min: 6, drop: 2},
		{key: "tui.risk.col.c", max: 3, right: true},
		{key: "tui.risk.col.i", max: 3, right: true},
		{key: "tui.risk.col.a", max: 3, right: true},
		{key: "tui.risk.col.value", max: 6, right: true},
		{key: "tui.risk.col.level", max: 10, level: 1},
		{key: "tui.risk.col.vulns", max: 8, right: true, drop: 1},
	},
	regThreats: {
		{key: "tui.risk.col.id", max: 6, right: true, drop: 3},
		{key: "tui.risk.col.name", flex: 3, min: 8},
		{key: "tui.risk.col.source", max: 14},
		{key: "tui.risk.col.path", max: 10},
		{key: "tui.risk.col.method", flex: 2, min: 6, drop: 2},
		{key: "tui.risk.col.frequency", max: 12, level: 1},
		{key: "tui.risk.col.risks", max: 8, right: true, drop: 1},
	},
	regVulns: {
		{key: "tui.risk.col.id", max: 6, right: true, drop: 3},
		{key: "tui.risk.col.asset", flex: 2, min: 6},
		{key: "tui.risk.col.description", flex: 4, min: 8},
		{key: "tui.risk.col.category", max: 12},
		{key: "tui.risk.col.severity", max: 12, level: 1},
		{key: "tui.risk.col.identified", max: 14, drop: 2},
		{key: "tui.risk.col.risks", max: 8, right: true, drop: 1},
	},
	regControls: {
		{key: "tui.risk.col.id", max: 6, right: true, drop: 3},
		{key: "tui.risk.col.name", flex: 3, min: 8},
		{key: "tui.risk.col.status", max: 10},
		{key: "tui.risk.col.effectiveness", max: 16},
		{key: "tui.risk.col.linked", max: 8, right: true},
		{key: "tui.risk.col.description", flex: 3, min: 8, drop: 1},
	},
	regRisks: {
		{key: "tui.risk.col.id", max: 7, right: true, drop: 2},
		{key: "tui.risk.col.asset", flex: 2, min: 8},
		{key: "tui.risk.col.threat", flex: 2, min: 8},
		{key: "tui.risk.col.vuln", flex: 3, min: 10, drop: 3},
		{key: "tui.risk.col.likelihood", max: 7, right: true},
		{key: "tui.risk.col.loss", max: 7, right: true},
		{key: "tui.risk.col.risk", max: 6, right: true},
		{key: "tui.risk.col.level", max: 10, level: 1},
		{key: "tui.risk.col.residual", max: 16, level: 2},
		{key: "tui.risk.col.treatment", max: 11, drop: 4},
		{key: "tui.risk.col.tstatus", max: 12, drop: 1},
	},
	regUnits: {
		{key: "tui.risk.col.id", max: 6, right: true, drop: 3},
		{key: "tui.risk.col.name", flex: 2, min: 8},
		{key: "tui.risk.col.unit_role", max: 12},
		{key: "tui.risk.col.unit_effect", flex: 4, min: 10},
		{key: "tui.risk.col.unit_treatment", flex: 3, min: 8, drop: 1},
	},
}

// regSort is one order of a register.
type regSort struct {
	key  string
	less func(a, b *regRow) bool
}

func riskByID(a, b *regRow) bool   { return a.id < b.id }
func riskByName(a, b *regRow) bool { return bytes.Compare(a.nameKey, b.nameKey) < 0 }
func riskByNum(i int) func(a, b *regRow) bool {
	// highest first; ties by id
	return func(a, b *regRow) bool {
		if a.nums[i] != b.nums[i] {
			return a.nums[i] > b.nums[i]
		}
		return a.id < b.id
	}
}

// regSorts are the orders s cycles through, per register; the first is the
// order of entry.
var regSorts = [regKinds][]regSort{
	regAssets:   {{"tui.risk.sort.entry", riskByID}, {"tui.risk.sort.name", riskByName}, {"tui.risk.sort.value", riskByNum(0)}},
	regThreats:  {{"tui.risk.sort.entry", riskByID}, {"tui.risk.sort.name", riskByName}, {"tui.risk.sort.frequency", riskByNum(0)}},
	regVulns:    {{"tui.risk.sort.entry", riskByID}, {"tui.risk.sort.asset", riskByName}, {"tui.risk.sort.severity", riskByNum(0)}},
	regControls: {{"tui.risk.sort.entry", riskByID}, {"tui.risk.sort.name", riskByName}, {"tui.risk.sort.linked", riskByNum(0)}},
	regRisks: {{"tui.risk.sort.entry", riskByID}, {"tui.risk.sort.risk", riskByNum(0)}, {"tui.risk.sort.residual", riskByNum(1)},
		{"tui.risk.sort.asset", riskByName}},
	regUnits: {{"tui.risk.sort.entry", riskByID}, {"tui.risk.sort.name", riskByName}},
}

// riskData is one load of an engagement's assessment, ready to show.
type riskData struct {
	a        risk.Assessment
	rows     [regKinds][]regRow
	natural  [regKinds][]int // the widest cell of each column
	assetIdx map[int64]int
	thrIdx   map[int64]int
	vulnIdx  map[int64]int
	ctlIdx   map[int64]int
	riskIdx  map[int64]int
	unitIdx  map[int64]int
	// vulnsOf lists each asset's vulnerabilities; risksOf* count the risks
	// that hang on each record, for the delete confirmation.
	vulnsOf      map[int64][]int64
	risksOfAsset map[int64]int
	risksOfThr   map[int64]int
	risksOfVuln  map[int64]int
	controlsOf   map[int64][]int64 // risk id → linked control ids
	// heat counts the risks by likelihood level and loss level, inherent [0]
	// and residual [1]; heat[k][l-1][s-1].
	heat     [2][5][5]int
	residual int // risks whose residual risk is assessed
	over     int // risks above the acceptable level
	proposal risk.Proposal
	reasons  []risk.Reason
	state    model.State
}

// riskNum shows a score: whole numbers as they are, others with up to two
// decimals.
func riskNum(v float64) string {
	if v == float64(int64(v)) {
		return strconv.FormatInt(int64(v), 10)
	}
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// riskLabels are the catalog's names of the enums and levels, looked up once
// per load.
type riskLabels struct {
	T func(string, ...any) string
}

func (l riskLabels) level(n int) string {
	if n < 1 || n > 5 {
		return l.T("tui.risk.none")
	}
	return l.T("risk.level." + strconv.Itoa(n))
}

func (l riskLabels) enum(prefix, v string) string {
	if v == "" {
		return l.T("tui.risk.none")
	}
	return l.T(prefix + v)
}

func (l riskLabels) assetType(t risk.AssetType) string { return l.enum("risk.asset_type.", string(t)) }
func (l riskLabels) source(s risk.ThreatSource) string { return l.enum("risk.source.", string(s)) }
func (l riskLabels) path(p risk.ThreatPath) string     { return l.enum("risk.path.", string(p)) }
func (l riskLabels) category(c risk.VulnCategory) string {
	return l.enum("risk.category.", string(c))
}
func (l riskLabels) identified(i risk.Identification) string {
	return l.enum("risk.identified.", string(i))
}
func (l riskLabels) controlStatus(s risk.ControlStatus) string {
	return l.enum("risk.control_status.", string(s))
}
func (l riskLabels) effectiveness(e risk.Effectiveness) string {
	return l.enum("risk.effectiveness.", string(e))
}
func (l riskLabels) treatment(o risk.TreatmentOption) string {
	if o == risk.TreatNone {
		return l.T("risk.treatment.none")
	}
	return l.T("risk.treatment." + string(o))
}
func (l riskLabels) tstatus(s risk.TreatmentStatus) string {
	return l.enum("risk.treatment_status.", string(s))
}
func (l riskLabels) method(m risk.Method) string     { return l.enum("risk.method.", string(m)) }
func (l riskLabels) rule(r risk.AssetRule) string    { return l.enum("risk.asset_rule.", string(r)) }
func (l riskLabels) rounding(r risk.Rounding) string { return l.enum("risk.rounding.", string(r)) }
func (l riskLabels) proposal(p risk.Proposal) string { return l.enum("risk.proposal.", string(p)) }

// riskRated is a rating with its level name: "4 高".
func riskRated(l riskLabels, n int) string {
	if n < 1 || n > 5 {
		return l.T("tui.risk.none")
	}
	return strconv.Itoa(n) + " " + l.level(n)
}

// riskScoreCell is a value with its level: "12/3".
func riskScoreCell(v float64, level int) string {
	if level == 0 {
		return "—"
	}
	return riskNum(v) + "/" + strconv.Itoa(level)
}

// buildRiskData prepares an assessment for the screens; it runs in the
// loading command. The assessment's scores are recomputed here from its own
// settings, so that what is shown always follows from what is recorded.
func buildRiskData(a risk.Assessment, cat *i18n.Catalog) *riskData {
	a.Recompute()
	L := riskLabels{T: cat.T}
	tag := language.English
	if cat.Lang() == i18n.ZH {
		tag = language.Chinese
	}
	coll := collate.New(tag, collate.IgnoreCase, collate.IgnoreWidth)
	var buf collate.Buffer
	key := func(s string) []byte {
		k := append([]byte(nil), coll.KeyFromString(&buf, s)...)
		buf.Reset()
		return k
	}
	// Many cells repeat ("12/3", level names): keep one copy of each.
	intern := map[string]string{}
	in := func(s string) string {
		if v, ok := intern[s]; ok {
			return v
		}
		intern[s] = s
		return s
	}

	d := &riskData{
		a:            a,
		assetIdx:     make(map[int64]int, len(a.Assets)),
		thrIdx:       make(map[int64]int, len(a.Threats)),
		vulnIdx:      make(map[int64]int, len(a.Vulns)),
		ctlIdx:       make(map[int64]int, len(a.Controls)),
		riskIdx:      make(map[int64]int, len(a.Risks)),
		vulnsOf:      map[int64][]int64{},
		risksOfAsset: map[int64]int{},
		risksOfThr:   map[int64]int{},
		risksOfVuln:  map[int64]int{},
		controlsOf:   map[int64][]int64{},
	}
	for i, x := range a.Assets {
		d.assetIdx[x.ID] = i
	}
	for i, x := range a.Threats {
		d.thrIdx[x.ID] = i
	}
	for i, x := range a.Vulns {
		d.vulnIdx[x.ID] = i
		d.vulnsOf[x.AssetID] = append(d.vulnsOf[x.AssetID], x.ID)
	}
	for i, x := range a.Controls {
		d.ctlIdx[x.ID] = i
		for _, rid := range x.RiskIDs {
			d.controlsOf[rid] = append(d.controlsOf[rid], x.ID)
		}
	}
	for i, r := range a.Risks {
		d.riskIdx[r.ID] = i
		d.risksOfAsset[r.AssetID]++
		d.risksOfThr[r.ThreatID]++
		d.risksOfVuln[r.VulnID]++
	}
	assetName := func(id int64) string {
		if i, ok := d.assetIdx[id]; ok {
			return ui.OneLine(a.Assets[i].Name)
		}
		return "?"
	}
	id := func(n int64) string { return "#" + strconv.FormatInt(n, 10) }

	// Assets.
	rows := make([]regRow, len(a.Assets))
	for i, x := range a.Assets {
		val := "—"
		if x.Level > 0 {
			// With its decimal, as the seed 002 §7.5 table reads (3.5, level 3).
			val = strconv.FormatFloat(x.Value, 'f', 1, 64)
		}
		rows[i] = regRow{
			id: x.ID,
			cells: []string{id(x.ID), ui.OneLine(x.Name), L.assetType(x.Type), ui.OneLine(x.Owner),
				in(strconv.Itoa(x.C)), in(strconv.Itoa(x.I)), in(strconv.Itoa(x.A)), in(val), L.level(x.Level),
				in(strconv.Itoa(len(d.vulnsOf[x.ID])))},
			hay:     strings.ToLower(x.Name + "\x00" + x.Owner + "\x00" + x.Notes + "\x00" + L.assetType(x.Type)),
			nameKey: key(x.Name),
			nums:    [3]float64{x.Value},
			level:   x.Level,
		}
	}
	d.rows[regAssets] = rows

	// Threats.
	rows = make([]regRow, len(a.Threats))
	for i, x := range a.Threats {
		rows[i] = regRow{
			id: x.ID,
			cells: []string{id(x.ID), ui.OneLine(x.Name), L.source(x.Source), L.path(x.Path), ui.OneLine(x.Method),
				riskRated(L, x.Frequency), in(strconv.Itoa(d.risksOfThr[x.ID]))},
			hay:     strings.ToLower(x.Name + "\x00" + x.Method + "\x00" + x.Notes + "\x00" + L.source(x.Source)),
			nameKey: key(x.Name),
			nums:    [3]float64{float64(x.Frequency)},
			level:   x.Frequency,
		}
	}
	d.rows[regThreats] = rows

	// Vulnerabilities.
	rows = make([]regRow, len(a.Vulns))
	for i, x := range a.Vulns {
		an := assetName(x.AssetID)
		rows[i] = regRow{
			id: x.ID,
			cells: []string{id(x.ID), an, ui.OneLine(x.Description), L.category(x.Category), riskRated(L, x.Severity),
				L.identified(x.Identified), in(strconv.Itoa(d.risksOfVuln[x.ID]))},
			hay:     strings.ToLower(an + "\x00" + x.Description + "\x00" + x.Notes + "\x00" + L.category(x.Category)),
			nameKey: key(an),
			nums:    [3]float64{float64(x.Severity)},
			level:   x.Severity,
		}
	}
	d.rows[regVulns] = rows

	// Controls.
	rows = make([]regRow, len(a.Controls))
	for i, x := range a.Controls {
		rows[i] = regRow{
			id: x.ID,
			cells: []string{id(x.ID), ui.OneLine(x.Name), L.controlStatus(x.Status), L.effectiveness(x.Effectiveness),
				in(strconv.Itoa(len(x.RiskIDs))), ui.OneLine(x.Description)},
			hay:     strings.ToLower(x.Name + "\x00" + x.Description),
			nameKey: key(x.Name),
			nums:    [3]float64{float64(len(x.RiskIDs))},
		}
	}
	d.rows[regControls] = rows

	// Risks.
	c := a.Conclusion
	thrName := make(map[int64]string, len(a.Threats))
	for _, x := range a.Threats {
		thrName[x.ID] = ui.OneLine(x.Name)
	}
	vulnName := make(map[int64]string, len(a.Vulns))
	for _, x := range a.Vulns {
		vulnName[x.ID] = ui.OneLine(x.Description)
	}
	assetKey := make(map[int64][]byte, len(a.Assets))
	for _, x := range a.Assets {
		assetKey[x.ID] = key(x.Name)
	}
	hayOf := map[[3]int64]string{}
	rows = make([]regRow, len(a.Risks))
	for i := range a.Risks {
		r := &a.Risks[i]
		in1 := r.Inherent
		res := "—"
		row := regRow{id: r.ID, level: in1.Level, nameKey: assetKey[r.AssetID]}
		row.nums = [3]float64{in1.Value, -1}
		if f := r.Final(); r.Avoided() || f == nil {
			res = L.T("risk.avoided")
		} else if r.Residual != nil {
			// After the second treatment when there is one (§7.14).
			res = in(riskNum(f.Value) + " " + L.level(f.Level))
			if r.Retreatment != nil && r.Retreatment.Residual != nil {
				res = in("↻ " + riskNum(f.Value) + " " + L.level(f.Level))
			}
			row.level2 = f.Level
			row.nums[1] = f.Value
			row.cellRes = [2]int8{int8(f.LikelihoodLevel), int8(f.LossLevel)}
			d.residual++
			if l, s := f.LikelihoodLevel, f.LossLevel; l >= 1 && l <= 5 && s >= 1 && s <= 5 {
				d.heat[1][l-1][s-1]++
			}
		}
		row.cell = [2]int8{int8(in1.LikelihoodLevel), int8(in1.LossLevel)}
		if l, s := in1.LikelihoodLevel, in1.LossLevel; l >= 1 && l <= 5 && s >= 1 && s <= 5 {
			d.heat[0][l-1][s-1]++
		}
		if c.AcceptableLevel >= 1 && in1.Level > 0 && !c.Acceptable(in1.Level) {
			row.flag = true
			d.over++
		}
		an, tn, vn := assetName(r.AssetID), thrName[r.ThreatID], vulnName[r.VulnID]
		lvl := L.level(in1.Level)
		rv := "—"
		if in1.Level > 0 {
			rv = in(riskNum(in1.Value))
		}
		row.cells = []string{id(r.ID), an, tn, vn,
			in(riskScoreCell(in1.Likelihood, in1.LikelihoodLevel)), in(riskScoreCell(in1.Loss, in1.LossLevel)),
			rv, lvl, res, L.treatment(r.Treatment.Option), L.tstatus(r.Treatment.Status)}
		k3 := [3]int64{r.AssetID, r.ThreatID, r.VulnID}
		h, ok := hayOf[k3]
		if !ok {
			h = strings.ToLower(an + "\x00" + tn + "\x00" + vn)
			hayOf[k3] = h
		}
		row.hay = h + "\x00" + strings.ToLower(r.Treatment.Measure+"\x00"+r.Treatment.Owner+"\x00"+L.treatment(r.Treatment.Option))
		rows[i] = row
	}
	d.rows[regRisks] = rows

	// Units of the department (5.1.1 b)); one without treatment is flagged.
	d.unitIdx = make(map[int64]int, len(a.Units))
	rows = make([]regRow, len(a.Units))
	for i, x := range a.Units {
		d.unitIdx[x.ID] = i
		treat := ui.OneLine(x.Treatment)
		if treat == "" {
			treat = cat.T("tui.risk.unit.untreated")
		}
		rows[i] = regRow{
			id:      x.ID,
			cells:   []string{id(x.ID), ui.OneLine(x.Name), L.T("risk.unit_role." + string(x.Role)), ui.OneLine(x.Effect), treat},
			hay:     strings.ToLower(x.Name + "\x00" + x.Effect + "\x00" + x.Treatment + "\x00" + x.Owner),
			nameKey: key(x.Name),
			flag:    strings.TrimSpace(x.Treatment) == "",
		}
	}
	d.rows[regUnits] = rows

	for k := regKind(0); k < regKinds; k++ {
		nat := make([]int, len(regCols[k]))
		for i, col := range regCols[k] {
			nat[i] = ansi.StringWidth(cat.T(col.key))
		}
		for _, r := range d.rows[k] {
			for i, cell := range r.cells {
				if regCols[k][i].flex > 0 {
					continue // flexible columns take what is left
				}
				if w := ui.CellWidth(cell); w > nat[i] {
					nat[i] = w
				}
			}
		}
		d.natural[k] = nat
	}
	d.proposal, d.reasons = a.Propose()
	d.state, _ = a.LifecycleState()
	return d
}

// regTable is the state of one register on screen: which rows pass the
// filter, in which order, where the cursor is. It survives reloads and tab
// changes.
type regTable struct {
	kind   regKind
	view   []int32 // indices into the rows, filtered and sorted
	cursor int     // index into view
	offset int     // first row of view on screen
	sort   int     // index into regSorts[kind]
	query  string  // the applied filter, lower-cased
	// cell limits the risks to one heat-map cell (likelihood, loss level;
	// residual when res) — set from the heat map.
	cell    [2]int8
	cellRes bool
	widths  []int // column widths in cells; 0: column dropped
}

// rebuild filters and sorts the rows again, keeping keep selected when it is
// still listed.
func (t *regTable) rebuild(rows []regRow, keep int64, page int) {
	t.view = t.view[:0]
	for i := range rows {
		r := &rows[i]
		if t.cell[0] != 0 {
			c := r.cell
			if t.cellRes {
				c = r.cellRes
			}
			if c != t.cell {
				continue
			}
		}
		if t.query == "" || strings.Contains(r.hay, t.query) {
			t.view = append(t.view, int32(i))
		}
	}
	if t.sort > 0 && t.sort < len(regSorts[t.kind]) {
		less := regSorts[t.kind][t.sort].less
		sort.SliceStable(t.view, func(i, j int) bool { return less(&rows[t.view[i]], &rows[t.view[j]]) })
	}
	t.cursor = 0
	if keep != 0 {
		for i, ri := range t.view {
			if rows[ri].id == keep {
				t.cursor = i
				break
			}
		}
	}
	t.offset = max(t.cursor-page/2, 0)
	t.ensureVisible(page)
}

func (t *regTable) selected(rows []regRow) *regRow {
	if t.cursor < 0 || t.cursor >= len(t.view) {
		return nil
	}
	return &rows[t.view[t.cursor]]
}

func (t *regTable) selectedID(rows []regRow) int64 {
	if r := t.selected(rows); r != nil {
		return r.id
	}
	return 0
}

func (t *regTable) move(delta, page int) {
	if len(t.view) == 0 {
		return
	}
	t.cursor = min(max(t.cursor+delta, 0), len(t.view)-1)
	t.ensureVisible(page)
}

func (t *regTable) ensureVisible(page int) {
	page = max(page, 1)
	if t.cursor < t.offset {
		t.offset = t.cursor
	}
	if t.cursor >= t.offset+page {
		t.offset = t.cursor - page + 1
	}
	t.offset = max(min(t.offset, len(t.view)-page), 0)
}

// layout gives the columns their widths for a table w cells wide: fixed
// columns as wide as their widest cell (up to their max), flexible ones
// sharing the rest; when that leaves the flexible ones too narrow, the
// columns that matter least are dropped.
func (t *regTable) layout(natural []int, w int) {
	cols := regCols[t.kind]
	t.widths = make([]int, len(cols))
	dropped := 0
	for {
		fixed, flexMin, flexShare, n := 0, 0, 0, 0
		for i, c := range cols {
			if c.drop > 0 && c.drop <= dropped {
				continue
			}
			n++
			if c.flex > 0 {
				flexMin += c.min
				flexShare += c.flex
				continue
			}
			nw := natural[i]
			if c.max > 0 {
				nw = min(nw, c.max)
			}
			fixed += nw
		}
		avail := w - 2 - max(n-1, 0) - fixed // cursor mark, one space between columns
		maxDrop := 0
		for _, c := range cols {
			maxDrop = max(maxDrop, c.drop)
		}
		if avail < flexMin && dropped < maxDrop {
			dropped++
			continue
		}
		for i, c := range cols {
			if c.drop > 0 && c.drop <= dropped {
				t.widths[i] = 0
				continue
			}
			if c.flex == 0 {
				nw := natural[i]
				if c.max > 0 {
					nw = min(nw, c.max)
				}
				t.widths[i] = nw
			}
		}
		left := max(avail, 0)
		given := 0
		last := -1
		for i, c := range cols {
			if c.flex == 0 || (c.drop > 0 && c.drop <= dropped) {
				continue
			}
			t.widths[i] = max(left*c.flex/max(flexShare, 1), c.min)
			given += t.widths[i]
			last = i
		}
		if last >= 0 && given < left {
			t.widths[last] += left - given
		}
		return
	}
}
