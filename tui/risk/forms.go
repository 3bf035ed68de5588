package risk

import (
	"errors"
	"math"
	"sort"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"outsec/model"
	"outsec/model/risk"
	"outsec/store"
	"outsec/tui/ui"
)

// The huh forms of the risk screens: one per register, the treatment and
// residual rating of a risk, the method settings and the conclusion. Each
// checks what it can while the user types (huh's Validate), checks the whole
// record with model/risk before it is sent, and comes back with the store's
// problems listed above it when the store refuses.

// riskForm is one form of the risk screens.
type riskForm struct {
	sh    *ui.Context
	title string
	// groups builds the form's groups over the form's values, so that the
	// form can be built again after a refusal with what was typed.
	groups func() []*huh.Group
	// submit checks the values and returns the store call; a problem comes
	// back as an error the user reads (model.ValidationError or text).
	submit func() (tea.Cmd, error)
	form   *huh.Form
	errs   []string
	saving bool
	serial int // the write under way
	w, h   int
}

func (f *riskForm) open() tea.Cmd {
	f.form = huh.NewForm(f.groups()...).
		WithTheme(ui.FormTheme(f.sh)).
		WithKeyMap(ui.FormKeyMap(f.sh.Catalog)).
		WithShowHelp(false).
		WithShowErrors(true)
	f.SetSize(f.w, f.h)
	return f.form.Init()
}

func (f *riskForm) SetSize(w, h int) {
	f.w, f.h = w, h
	if f.form != nil {
		// The title bar, the form's title, the problems, and a line for the
		// field's error.
		f.form.WithWidth(max(min(w-2, 100), 20)).WithHeight(max(h-4-len(f.errs), 5))
	}
}

func (f *riskForm) View() string {
	s := f.sh.Styles
	var b strings.Builder
	b.WriteString(s.Bold.Render(ui.Clip(" "+f.title, f.w)))
	b.WriteByte('\n')
	for _, l := range f.errs {
		b.WriteString(s.Error.Render(ui.Clip(" ! "+l, f.w)))
		b.WriteByte('\n')
	}
	if f.saving || f.form.State != huh.StateNormal {
		b.WriteString(s.Dim.Render(" " + f.sh.T("tui.wizard.saving")))
		return b.String()
	}
	b.WriteString(f.form.View())
	return b.String()
}

// describe is sh.describe with the risk store's own errors.
func (r *riskScreen) describe(err error) []string {
	var dup *store.DuplicateRiskError
	if errors.As(err, &dup) {
		return []string{r.sh.T(risk.KeyDuplicateRisk, dup.ExistingID)}
	}
	return r.sh.Describe(err)
}

// riskMaxFormErrLines is how many problems are listed above a form.
const riskMaxFormErrLines = 4

func (r *riskScreen) formErrors(err error) []string {
	lines := r.describe(err)
	if len(lines) > riskMaxFormErrLines {
		more := r.sh.T("tui.wizard.more_errors", len(lines)-(riskMaxFormErrLines-1))
		lines = append(lines[:riskMaxFormErrLines-1:riskMaxFormErrLines-1], more)
	}
	return lines
}

// openForm shows a form.
func (r *riskScreen) openForm(f *riskForm) tea.Cmd {
	f.sh, f.w, f.h = r.sh, r.w, r.h-1
	r.form = f
	r.mode = riskModeForm
	return f.open()
}

func (r *riskScreen) closeForm() {
	r.form, r.confirm = nil, nil
	r.mode = riskModeNav
}

// toForm hands a message to the active form or question and reacts to its
// end.
func (r *riskScreen) toForm(msg tea.Msg) tea.Cmd {
	if r.confirm != nil {
		cmd := r.confirm.Update(msg)
		return tea.Batch(cmd, r.afterConfirm())
	}
	f := r.form
	if f == nil {
		r.mode = riskModeNav
		return nil
	}
	if f.saving || f.form.State != huh.StateNormal {
		return nil
	}
	var cmd tea.Cmd
	f.form, cmd = ui.UpdateForm(f.form, msg)
	switch f.form.State {
	case huh.StateCompleted:
		c, err := f.submit()
		if err != nil {
			f.errs = r.formErrors(err)
			return tea.Batch(cmd, f.open())
		}
		if c == nil { // nothing to save
			r.closeForm()
			return cmd
		}
		f.saving = true
		f.serial = r.serial
		return tea.Batch(cmd, c)
	case huh.StateAborted:
		r.closeForm()
		r.setStatus(r.sh.T("tui.status.nothing_changed"))
	}
	return cmd
}

// riskLevelOptions are the ratings 1–5, each with its level name and its
// definition (defPrefix + n), and first "not assessed" when none is set.
func riskLevelOptions(T func(string, ...any) string, defPrefix, none string) []huh.Option[int] {
	L := riskLabels{T: T}
	var opts []huh.Option[int]
	if none != "" {
		opts = append(opts, huh.NewOption(T(none), 0))
	}
	for n := 1; n <= 5; n++ {
		label := riskRated(L, n)
		if defPrefix != "" {
			label += T("tui.risk.f.def_sep") + T(defPrefix+strconv.Itoa(n))
		}
		opts = append(opts, huh.NewOption(label, n))
	}
	return opts
}

func riskEnumOptions[E ~string](T func(string, ...any) string, prefix string, vals []E) []huh.Option[E] {
	opts := make([]huh.Option[E], len(vals))
	for i, v := range vals {
		opts[i] = huh.NewOption(T(prefix+string(v)), v)
	}
	return opts
}

// requiredText is a Validate func for a field that must not be empty.
func (r *riskScreen) requiredText(title string) func(string) error {
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			return ui.Errorf(r.sh.T("err.field_line", title, r.sh.T("err.required")))
		}
		return nil
	}
}

// input is a one-line field; a text field (model.MaxShortText) shows its
// limit (ui.LimitedInput), with validate as its other checks.
func (r *riskScreen) input(key, title string, v *string, limit int, validate ...func(string) error) *huh.Input {
	if limit == model.MaxShortText {
		return ui.LimitedInput(r.sh, huh.NewInput().Key(key).Value(v), title, v, limit, validate...)
	}
	i := huh.NewInput().Key(key).Title(title).Value(v).CharLimit(limit)
	if len(validate) > 0 {
		i = i.Validate(validate[0])
	}
	return i
}

func (r *riskScreen) text(key, title string, v *string, lines int, validate ...func(string) error) *huh.Text {
	return ui.LimitedText(r.sh, huh.NewText().Key(key).Value(v).Lines(lines).ExternalEditor(false), title, v, model.MaxLongText, validate...)
}

func (r *riskScreen) formTitle(newKey, editKey string, id int64, name string) string {
	if id == 0 {
		return r.sh.T(newKey)
	}
	return r.sh.T(editKey, id, ui.OneLine(name))
}

// openRecordForm adds (id 0) or edits a record of a register.
func (r *riskScreen) openRecordForm(kind regKind, id int64) tea.Cmd {
	switch kind {
	case regAssets:
		return r.openAssetForm(id)
	case regThreats:
		return r.openThreatForm(id)
	case regVulns:
		return r.openVulnForm(id)
	case regControls:
		return r.openControlForm(id)
	case regUnits:
		return r.openUnitForm(id)
	}
	return r.openRiskForm(id)
}

// openUnitForm adds (id 0) or edits a unit of the department: its name, its
// role, the negative effect it may have on managing the outsourcing and its
// treatment (GB/T 32926—2016 5.1.1 b)).
func (r *riskScreen) openUnitForm(id int64) tea.Cmd {
	T, d := r.sh.T, r.data
	x := risk.Unit{Role: risk.UnitInvolved}
	if id != 0 {
		x = d.a.Units[d.unitIdx[id]]
	}
	f := &riskForm{title: r.formTitle("tui.risk.form.unit_new", "tui.risk.form.unit_edit", id, x.Name)}
	nameT, effectT := T("field.unit.name"), T("field.unit.effect")
	f.groups = func() []*huh.Group {
		return []*huh.Group{
			huh.NewGroup(
				r.input("name", nameT, &x.Name, model.MaxShortText, r.requiredText(nameT)).Description(T("tui.wizard.required")),
				huh.NewSelect[risk.UnitRole]().Key("role").Title(T("field.unit.role")).
					Options(riskEnumOptions(T, "risk.unit_role.", risk.UnitRoles)...).Value(&x.Role),
			),
			huh.NewGroup(
				r.text("effect", effectT, &x.Effect, 3, r.requiredText(effectT)).Description(T("tui.risk.f.unit_effect_hint")),
				r.text("treatment", T("field.unit.treatment"), &x.Treatment, 3).Description(T("tui.risk.f.unit_treatment_hint")),
				r.input("owner", T("field.unit.owner"), &x.Owner, model.MaxShortText),
			),
		}
	}
	f.submit = func() (tea.Cmd, error) {
		x.Normalise()
		if verr := x.Validate(); verr != nil {
			return nil, verr
		}
		return r.store().saveUnit(x), nil
	}
	return r.openForm(f)
}

func (r *riskScreen) openAssetForm(id int64) tea.Cmd {
	T, d := r.sh.T, r.data
	L := riskLabels{T: T}
	x := risk.Asset{Type: risk.AssetTypes[0], C: 3, I: 3, A: 3}
	if id != 0 {
		x = d.a.Assets[d.assetIdx[id]]
	}
	st := d.a.Settings
	f := &riskForm{title: r.formTitle("tui.risk.form.asset_new", "tui.risk.form.asset_edit", id, x.Name)}
	nameT := T("tui.risk.f.name")
	f.groups = func() []*huh.Group {
		return []*huh.Group{
			huh.NewGroup(
				r.input("name", nameT, &x.Name, model.MaxShortText, r.requiredText(nameT)).Description(T("tui.wizard.required")),
				huh.NewSelect[risk.AssetType]().Key("type").Title(T("tui.risk.f.type")).
					Options(riskEnumOptions(T, "risk.asset_type.", risk.AssetTypes)...).Value(&x.Type),
				r.input("owner", T("tui.risk.f.owner"), &x.Owner, model.MaxShortText).Description(T("tui.risk.f.owner_hint")),
			),
			huh.NewGroup(huh.NewSelect[int]().Key("c").Title(T("tui.risk.f.c")).Description(T("tui.risk.f.c_hint")).
				Options(riskLevelOptions(T, "risk.def.confidentiality.", "")...).Value(&x.C)),
			huh.NewGroup(huh.NewSelect[int]().Key("i").Title(T("tui.risk.f.i")).Description(T("tui.risk.f.i_hint")).
				Options(riskLevelOptions(T, "risk.def.integrity.", "")...).Value(&x.I)),
			huh.NewGroup(huh.NewSelect[int]().Key("a").Title(T("tui.risk.f.a")).Description(T("tui.risk.f.a_hint")).
				Options(riskLevelOptions(T, "risk.def.availability.", "")...).Value(&x.A)),
			huh.NewGroup(
				r.text("notes", T("tui.risk.f.notes"), &x.Notes, 3).DescriptionFunc(func() string {
					v, lv, err := st.AssetValue(x.C, x.I, x.A)
					if err != nil {
						return ""
					}
					return T("tui.risk.f.value_preview", riskNum(v), L.level(lv), L.rule(st.AssetRule), T("risk.def.asset_value."+strconv.Itoa(lv)))
				}, &x),
			),
		}
	}
	f.submit = func() (tea.Cmd, error) {
		a := x
		a.Normalise()
		if verr := a.Validate(); verr != nil {
			return nil, verr
		}
		return r.store().saveAsset(a), nil
	}
	return r.openForm(f)
}

func (r *riskScreen) openThreatForm(id int64) tea.Cmd {
	T, d := r.sh.T, r.data
	x := risk.Threat{Source: risk.SourceHumanMalicious, Path: risk.PathIndirect, Frequency: 3}
	if id != 0 {
		x = d.a.Threats[d.thrIdx[id]]
	}
	f := &riskForm{title: r.formTitle("tui.risk.form.threat_new", "tui.risk.form.threat_edit", id, x.Name)}
	nameT := T("tui.risk.f.name")
	f.groups = func() []*huh.Group {
		return []*huh.Group{
			huh.NewGroup(
				r.input("name", nameT, &x.Name, model.MaxShortText, r.requiredText(nameT)).Description(T("tui.wizard.required")),
				huh.NewSelect[risk.ThreatSource]().Key("source").Title(T("tui.risk.f.source")).Description(T("tui.risk.f.source_hint")).
					Options(riskEnumOptions(T, "risk.source.", risk.ThreatSources)...).Value(&x.Source),
				huh.NewSelect[risk.ThreatPath]().Key("path").Title(T("tui.risk.f.path")).
					Options(riskEnumOptions(T, "risk.path.", risk.ThreatPaths)...).Value(&x.Path),
				r.input("method", T("tui.risk.f.method"), &x.Method, model.MaxShortText).Description(T("tui.risk.f.method_hint")),
			),
			huh.NewGroup(huh.NewSelect[int]().Key("frequency").Title(T("tui.risk.f.frequency")).Description(T("tui.risk.f.frequency_hint")).
				Options(riskLevelOptions(T, "risk.def.frequency.", "")...).Value(&x.Frequency)),
			huh.NewGroup(r.text("notes", T("tui.risk.f.notes"), &x.Notes, 3)),
		}
	}
	f.submit = func() (tea.Cmd, error) {
		t := x
		t.Normalise()
		if verr := t.Validate(); verr != nil {
			return nil, verr
		}
		return r.store().saveThreat(t), nil
	}
	return r.openForm(f)
}

// assetOptions lists the assets to choose from, with their values.
func (r *riskScreen) assetOptions() []huh.Option[int64] {
	d := r.data
	L := riskLabels{T: r.sh.T}
	opts := make([]huh.Option[int64], len(d.a.Assets))
	for i, x := range d.a.Assets {
		opts[i] = huh.NewOption("#"+strconv.FormatInt(x.ID, 10)+" "+ui.OneLine(x.Name)+" ("+riskNum(x.Value)+" "+L.level(x.Level)+")", x.ID)
	}
	return opts
}

func (r *riskScreen) openVulnForm(id int64) tea.Cmd {
	T, d := r.sh.T, r.data
	if len(d.a.Assets) == 0 {
		r.setErrorText(T("tui.risk.status.need_assets"))
		return nil
	}
	x := risk.Vulnerability{Category: risk.VulnCategories[0], Severity: 3, Identified: risk.Identifications[0]}
	if id != 0 {
		x = d.a.Vulns[d.vulnIdx[id]]
	} else if t := &r.tables[regAssets]; t.selectedID(d.rows[regAssets]) != 0 {
		x.AssetID = t.selectedID(d.rows[regAssets]) // the asset selected on its tab
	}
	f := &riskForm{title: r.formTitle("tui.risk.form.vuln_new", "tui.risk.form.vuln_edit", id, x.Description)}
	descT := T("tui.risk.f.description")
	f.groups = func() []*huh.Group {
		return []*huh.Group{
			huh.NewGroup(
				huh.NewSelect[int64]().Key("asset").Title(T("tui.risk.f.asset")).Options(r.assetOptions()...).Value(&x.AssetID).Height(8),
				r.text("description", descT, &x.Description, 3, r.requiredText(descT)).Description(T("tui.wizard.required")),
				huh.NewSelect[risk.VulnCategory]().Key("category").Title(T("tui.risk.f.category")).
					Options(riskEnumOptions(T, "risk.category.", risk.VulnCategories)...).Value(&x.Category),
			),
			huh.NewGroup(huh.NewSelect[int]().Key("severity").Title(T("tui.risk.f.severity")).Description(T("tui.risk.f.severity_hint")).
				Options(riskLevelOptions(T, "risk.def.severity.", "")...).Value(&x.Severity)),
			huh.NewGroup(
				huh.NewSelect[risk.Identification]().Key("identified").Title(T("tui.risk.f.identified")).Description(T("tui.risk.f.identified_hint")).
					Options(riskEnumOptions(T, "risk.identified.", risk.Identifications)...).Value(&x.Identified),
				r.text("notes", T("tui.risk.f.notes"), &x.Notes, 3),
			),
		}
	}
	f.submit = func() (tea.Cmd, error) {
		v := x
		v.Normalise()
		if verr := v.Validate(); verr != nil {
			return nil, verr
		}
		return r.store().saveVuln(v), nil
	}
	return r.openForm(f)
}

func (r *riskScreen) openControlForm(id int64) tea.Cmd {
	T, d := r.sh.T, r.data
	x := risk.Control{Status: risk.ControlExisting, Effectiveness: risk.Effectivenesses[0]}
	if id != 0 {
		x = d.a.Controls[d.ctlIdx[id]]
		x.RiskIDs = append([]int64(nil), x.RiskIDs...)
	}
	f := &riskForm{title: r.formTitle("tui.risk.form.control_new", "tui.risk.form.control_edit", id, x.Name)}
	nameT := T("tui.risk.f.name")
	// The risks to link: all of them, or in a very large assessment the
	// linked ones and the highest, so that the list stays quick to draw.
	linkable := make([]*risk.Risk, 0, len(d.a.Risks))
	for i := range d.a.Risks {
		linkable = append(linkable, &d.a.Risks[i])
	}
	linkedHint := T("tui.risk.f.linked_hint")
	if len(linkable) > riskMaxLinkOptions {
		linked := map[int64]bool{}
		for _, id := range x.RiskIDs {
			linked[id] = true
		}
		sort.SliceStable(linkable, func(i, j int) bool {
			a, b := linkable[i], linkable[j]
			if linked[a.ID] != linked[b.ID] {
				return linked[a.ID]
			}
			return a.Inherent.Value > b.Inherent.Value
		})
		linkable = linkable[:max(riskMaxLinkOptions, len(linked))]
		linkedHint = T("tui.risk.f.linked_hint_many", len(linkable), len(d.a.Risks))
	}
	riskOpts := make([]huh.Option[int64], len(linkable))
	for i, rk := range linkable {
		riskOpts[i] = huh.NewOption(r.riskLabel(rk)+" ("+riskLabels{T: T}.level(rk.Inherent.Level)+")", rk.ID)
	}
	f.groups = func() []*huh.Group {
		groups := []*huh.Group{
			huh.NewGroup(
				r.input("name", nameT, &x.Name, model.MaxShortText, r.requiredText(nameT)).Description(T("tui.wizard.required")),
				r.text("description", T("tui.risk.f.description"), &x.Description, 3),
				huh.NewSelect[risk.ControlStatus]().Key("status").Title(T("tui.risk.f.cstatus")).Description(T("tui.risk.f.cstatus_hint")).
					Options(riskEnumOptions(T, "risk.control_status.", []risk.ControlStatus{risk.ControlExisting, risk.ControlPlanned})...).Value(&x.Status),
				huh.NewSelect[risk.Effectiveness]().Key("effectiveness").Title(T("tui.risk.f.effectiveness")).
					Options(riskEnumOptions(T, "risk.effectiveness.", risk.Effectivenesses)...).Value(&x.Effectiveness),
			),
		}
		if len(riskOpts) > 0 {
			groups = append(groups, huh.NewGroup(
				huh.NewMultiSelect[int64]().Key("risks").Title(T("tui.risk.f.linked")).Description(linkedHint).
					Options(riskOpts...).Value(&x.RiskIDs).Height(max(min(len(riskOpts)+2, r.h-8), 5)),
			))
		}
		return groups
	}
	f.submit = func() (tea.Cmd, error) {
		c := x
		c.Normalise()
		if verr := c.Validate(); verr != nil {
			return nil, verr
		}
		return r.store().saveControl(c), nil
	}
	return r.openForm(f)
}

// riskMaxLinkOptions is how many risks a control's form offers at most.
const riskMaxLinkOptions = 1000

func (r *riskScreen) openRiskForm(id int64) tea.Cmd {
	T, d := r.sh.T, r.data
	L := riskLabels{T: T}
	if len(d.a.Assets) == 0 || len(d.a.Threats) == 0 || len(d.a.Vulns) == 0 {
		r.setErrorText(T("tui.risk.status.need_triple"))
		return nil
	}
	var x risk.Risk
	if id != 0 {
		x = d.a.Risks[d.riskIdx[id]]
	} else {
		// Start from an asset that has a vulnerability.
		x.AssetID = d.a.Vulns[0].AssetID
		if aid := r.tables[regAssets].selectedID(d.rows[regAssets]); len(d.vulnsOf[aid]) > 0 {
			x.AssetID = aid
		}
		x.ThreatID = d.a.Threats[0].ID
		if tid := r.tables[regThreats].selectedID(d.rows[regThreats]); tid != 0 {
			x.ThreatID = tid
		}
	}
	title := T("tui.risk.form.risk_new")
	if id != 0 {
		title = T("tui.risk.form.risk_edit", id)
	}
	f := &riskForm{title: title}
	threatOpts := make([]huh.Option[int64], len(d.a.Threats))
	for i, t := range d.a.Threats {
		threatOpts[i] = huh.NewOption("#"+strconv.FormatInt(t.ID, 10)+" "+ui.OneLine(t.Name)+" ("+riskRated(L, t.Frequency)+")", t.ID)
	}
	vulnOpts := func() []huh.Option[int64] {
		var opts []huh.Option[int64]
		for _, vid := range d.vulnsOf[x.AssetID] {
			v := d.a.Vulns[d.vulnIdx[vid]]
			opts = append(opts, huh.NewOption("#"+strconv.FormatInt(v.ID, 10)+" "+ui.OneLine(v.Description)+" ("+riskRated(L, v.Severity)+")", v.ID))
		}
		if len(opts) == 0 {
			opts = append(opts, huh.NewOption(T("tui.risk.f.no_vulns"), int64(0)))
		}
		return opts
	}
	vulnT := T("tui.risk.f.vuln")
	f.groups = func() []*huh.Group {
		return []*huh.Group{huh.NewGroup(
			huh.NewSelect[int64]().Key("asset").Title(T("tui.risk.f.asset")).Options(r.assetOptions()...).Value(&x.AssetID).Height(7),
			huh.NewSelect[int64]().Key("threat").Title(T("tui.risk.f.threat")).Options(threatOpts...).Value(&x.ThreatID).Height(7),
			huh.NewSelect[int64]().Key("vuln").Title(vulnT).OptionsFunc(vulnOpts, &x.AssetID).Value(&x.VulnID).Height(7).
				Validate(func(v int64) error {
					if v == 0 {
						return ui.Errorf(T("err.field_line", vulnT, T("tui.risk.err.vuln_of_asset")))
					}
					return nil
				}),
			huh.NewNote().Title(T("tui.risk.f.preview")).DescriptionFunc(func() string {
				return r.previewScore(x.AssetID, x.ThreatID, x.VulnID, 0, 0)
			}, &x),
		)}
	}
	f.submit = func() (tea.Cmd, error) {
		k := x
		if i, ok := d.vulnIdx[k.VulnID]; !ok || d.a.Vulns[i].AssetID != k.AssetID {
			return nil, ui.Errorf(T("err.field_line", vulnT, T("tui.risk.err.vuln_of_asset")))
		}
		if verr := k.Validate(); verr != nil {
			return nil, verr
		}
		for _, o := range d.a.Risks {
			if o.ID != k.ID && o.AssetID == k.AssetID && o.ThreatID == k.ThreatID && o.VulnID == k.VulnID {
				return nil, &store.DuplicateRiskError{ExistingID: o.ID}
			}
		}
		return r.store().saveRisk(k), nil
	}
	return r.openForm(f)
}

// previewScore is the score the method gives a triple, as a form shows it
// while the choice is made; with residual ratings rt, rv those are used.
func (r *riskScreen) previewScore(assetID, threatID, vulnID int64, rt, rv int) string {
	T, d := r.sh.T, r.data
	L := riskLabels{T: T}
	ai, aok := d.assetIdx[assetID]
	ti, tok := d.thrIdx[threatID]
	vi, vok := d.vulnIdx[vulnID]
	if !aok || !tok || !vok {
		return T("tui.risk.f.preview_none")
	}
	t, v := d.a.Threats[ti].Frequency, d.a.Vulns[vi].Severity
	if rt != 0 || rv != 0 {
		t, v = rt, rv
	}
	sc, err := d.a.Settings.Score(t, v, d.a.Assets[ai].Level)
	if err != nil {
		return T("tui.risk.f.preview_none")
	}
	return T("tui.risk.detail.score", riskNum(sc.Likelihood), L.level(sc.LikelihoodLevel), riskNum(sc.Loss), L.level(sc.LossLevel),
		riskNum(sc.Value), L.level(sc.Level))
}

// openTreatmentForm records the treatment of a risk (seed 002 §7.13) and the
// residual re-rating with the treatment in place (§7.14).
func (r *riskScreen) openTreatmentForm(id int64) tea.Cmd {
	T, d := r.sh.T, r.data
	L := riskLabels{T: T}
	x := d.a.Risks[d.riskIdx[id]]
	type vals struct {
		Option   risk.TreatmentOption
		Measure  string
		Owner    string
		Deadline string
		Cost     string
		Status   risk.TreatmentStatus
		RT, RV   int
	}
	v := vals{Option: x.Treatment.Option, Measure: x.Treatment.Measure, Owner: x.Treatment.Owner,
		Deadline: string(x.Treatment.Deadline), Status: x.Treatment.Status, RT: x.ResidualThreat, RV: x.ResidualVuln}
	if x.Treatment.Cost != 0 {
		v.Cost = riskNum(x.Treatment.Cost)
	}
	c := d.a.Conclusion
	unacceptable := c.AcceptableLevel >= 1 && x.Inherent.Level > 0 && !c.Acceptable(x.Inherent.Level)
	f := &riskForm{title: T("tui.risk.form.treatment", r.riskLabel(&x), riskNum(x.Inherent.Value), L.level(x.Inherent.Level))}
	optT, costT, dateT := T("tui.risk.f.option"), T("tui.risk.f.cost"), T("tui.risk.f.deadline")
	options := []huh.Option[risk.TreatmentOption]{huh.NewOption(T("risk.treatment.none"), risk.TreatNone)}
	for _, o := range risk.TreatmentOptions {
		options = append(options, huh.NewOption(L.treatment(o)+T("tui.risk.f.def_sep")+T("risk.treatment_desc."+string(o)), o))
	}
	statuses := []huh.Option[risk.TreatmentStatus]{huh.NewOption(T("tui.risk.none"), risk.TreatmentStatus(""))}
	statuses = append(statuses, riskEnumOptions(T, "risk.treatment_status.", risk.TreatmentStatuses)...)
	optDesc := T("tui.risk.f.option_hint")
	if unacceptable {
		optDesc = T("tui.risk.f.option_unacceptable", L.level(x.Inherent.Level), riskRated(L, c.AcceptableLevel))
	}
	rvT := T("tui.risk.f.residual_vuln")
	f.groups = func() []*huh.Group {
		return []*huh.Group{
			huh.NewGroup(huh.NewSelect[risk.TreatmentOption]().Key("option").Title(optT).Description(optDesc).
				Options(options...).Value(&v.Option).Validate(func(o risk.TreatmentOption) error {
				if unacceptable && (o == risk.TreatNone || o == risk.TreatKeep) {
					return ui.Errorf(T("err.field_line", optT, T("tui.risk.err.keep_unacceptable")))
				}
				return nil
			})),
			huh.NewGroup(
				r.text("measure", T("tui.risk.f.measure"), &v.Measure, 3),
				r.input("owner", T("tui.risk.f.towner"), &v.Owner, model.MaxShortText),
				r.input("deadline", dateT, &v.Deadline, 20).Description(T("tui.risk.f.date_hint")).Validate(func(s string) error {
					if s = strings.TrimSpace(s); s != "" {
						if _, ok := model.ParseDate(s); !ok {
							return ui.Errorf(T("err.field_line", dateT, T("err.date")))
						}
					}
					return nil
				}),
				r.input("cost", costT, &v.Cost, 20).Description(T("tui.risk.f.cost_hint")).Validate(func(s string) error {
					if _, ok := riskParseCost(s); !ok {
						return ui.Errorf(T("err.field_line", costT, T("tui.risk.err.cost")))
					}
					return nil
				}),
				huh.NewSelect[risk.TreatmentStatus]().Key("status").Title(T("tui.risk.f.tstatus")).Options(statuses...).Value(&v.Status),
			),
			huh.NewGroup(
				huh.NewSelect[int]().Key("rt").Title(T("tui.risk.f.residual_threat")).Description(T("tui.risk.f.residual_hint")).
					Options(riskLevelOptions(T, "risk.def.frequency.", "tui.risk.f.not_assessed")...).Value(&v.RT),
				huh.NewSelect[int]().Key("rv").Title(rvT).
					Options(riskLevelOptions(T, "risk.def.severity.", "tui.risk.f.not_assessed")...).Value(&v.RV).
					Validate(func(n int) error {
						if (v.RT == 0) != (n == 0) {
							return ui.Errorf(T("err.field_line", rvT, T("tui.risk.err.residual_pair")))
						}
						return nil
					}),
				huh.NewNote().Title(T("tui.risk.f.residual_preview")).DescriptionFunc(func() string {
					if v.RT == 0 || v.RV == 0 {
						return T("tui.risk.f.preview_none")
					}
					return r.previewScore(x.AssetID, x.ThreatID, x.VulnID, v.RT, v.RV)
				}, &v),
			),
		}
	}
	f.submit = func() (tea.Cmd, error) {
		cost, _ := riskParseCost(v.Cost)
		t := risk.Treatment{Option: v.Option, Measure: v.Measure, Owner: v.Owner, Cost: cost, Status: v.Status}
		if s := strings.TrimSpace(v.Deadline); s != "" {
			if dd, ok := model.ParseDate(s); ok {
				t.Deadline = dd
			} else {
				t.Deadline = model.Date(s)
			}
		}
		t.Normalise()
		if verr := risk.ValidateTreatment(t, v.RT, v.RV); verr != nil {
			return nil, verr
		}
		return r.store().saveTreatment(id, t, v.RT, v.RV), nil
	}
	return r.openForm(f)
}

// riskParseCost reads a cost estimate in yuan: empty is none.
func riskParseCost(s string) (float64, bool) {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", ""))
	if s == "" {
		return 0, true
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 0 {
		return 0, false
	}
	return v, true
}

// openSettingsForm changes the method, the asset rule, its weights and the
// rounding; the result is saved with the pending matrix edits, and the store
// recomputes every risk. A new method brings its own level ranges.
func (r *riskScreen) openSettingsForm() tea.Cmd {
	T := r.sh.T
	e := &r.set
	s := e.pend
	w := [3]string{riskNum(s.Weights[0]), riskNum(s.Weights[1]), riskNum(s.Weights[2])}
	f := &riskForm{title: T("tui.risk.form.settings")}
	weightCheck := func(title string) func(string) error {
		return func(v string) error {
			x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil || x < 0 {
				return ui.Errorf(T("err.field_line", title, T("risk.err.weight")))
			}
			return nil
		}
	}
	methodOpts := make([]huh.Option[risk.Method], len(risk.Methods))
	for i, m := range risk.Methods {
		methodOpts[i] = huh.NewOption(T("risk.method."+string(m))+T("tui.risk.f.def_sep")+T("tui.risk.method_desc."+string(m)), m)
	}
	wc, wi, wa := T("tui.risk.f.weight_c"), T("tui.risk.f.weight_i"), T("tui.risk.f.weight_a")
	f.groups = func() []*huh.Group {
		return []*huh.Group{
			huh.NewGroup(
				huh.NewSelect[risk.Method]().Key("method").Title(T("tui.risk.f.method_setting")).Description(T("tui.risk.f.method_setting_hint")).
					Options(methodOpts...).Value(&s.Method),
				huh.NewSelect[risk.AssetRule]().Key("rule").Title(T("tui.risk.f.rule")).Description(T("tui.risk.f.rule_hint")).
					Options(riskEnumOptions(T, "risk.asset_rule.", risk.AssetRules)...).Value(&s.AssetRule),
			),
			huh.NewGroup(
				r.input("wc", wc, &w[0], 10).Validate(weightCheck(wc)),
				r.input("wi", wi, &w[1], 10).Validate(weightCheck(wi)),
				r.input("wa", wa, &w[2], 10).Validate(weightCheck(wa)),
			).WithHideFunc(func() bool { return s.AssetRule != risk.AssetWeighted }),
			huh.NewGroup(
				huh.NewSelect[risk.Rounding]().Key("rounding").Title(T("tui.risk.f.rounding")).Description(T("tui.risk.f.rounding_hint")).
					Options(riskEnumOptions(T, "risk.rounding.", risk.Roundings)...).Value(&s.Rounding),
			).WithHideFunc(func() bool { return s.Method != risk.MethodMultiplication }),
		}
	}
	f.submit = func() (tea.Cmd, error) {
		n := s
		for i := range w {
			v, err := strconv.ParseFloat(strings.TrimSpace(w[i]), 64)
			if err != nil {
				return nil, ui.Errorf(T("risk.err.weight"))
			}
			n.Weights[i] = v
		}
		if n.Method != e.pend.Method {
			n.LikelihoodLevels, n.LossLevels, n.RiskLevels = risk.DefaultRanges(n.Method)
		}
		if n == e.saved {
			r.setStatus(T("tui.risk.status.settings_unchanged"))
			return nil, nil
		}
		if errs := n.Validate(); len(errs) > 0 {
			lines := make([]string, len(errs))
			for i, er := range errs {
				lines[i] = r.settingsErrorText(er)
			}
			return nil, ui.Errorf(strings.Join(lines, "; "))
		}
		return r.store().saveSettings(n), nil
	}
	return r.openForm(f)
}

// openConclusionForm records the leader's acceptable risk level and decision
// (GB/T 32926—2016 5.1.2). The decision may not be more permissive than what
// the assessment supports with that level, as the store also checks.
func (r *riskScreen) openConclusionForm() tea.Cmd {
	T, d := r.sh.T, r.data
	L := riskLabels{T: T}
	c := d.a.Conclusion
	type vals struct {
		Level    int
		Leader   string
		Date     string
		Decision risk.Proposal
		Remarks  string
		Benefit  string
		Basis    risk.BenefitBasis
	}
	v := vals{Level: c.AcceptableLevel, Leader: c.Leader, Date: string(c.Date), Decision: c.Decision, Remarks: c.Remarks,
		Basis: c.BenefitBasis}
	if c.Benefit > 0 {
		v.Benefit = strconv.FormatFloat(c.Benefit, 'f', -1, 64)
	}
	if v.Basis == "" {
		v.Basis = risk.BenefitExpectedLoss
	}
	benefitOf := func(s string) (float64, bool) {
		s = strings.TrimSpace(strings.ReplaceAll(s, ",", ""))
		if s == "" {
			return 0, true
		}
		x, err := strconv.ParseFloat(s, 64)
		return x, err == nil && x >= 0 && !math.IsInf(x, 0)
	}
	if v.Level == 0 {
		v.Level = 2
	}
	if v.Leader == "" {
		v.Leader = r.eng.Leader
	}
	if v.Date == "" {
		v.Date = r.today()
	}
	proposalAt := func(level int) (risk.Proposal, int) {
		a := d.a
		a.Conclusion.AcceptableLevel = level
		// The cost-benefit analysis weighs the figure as typed (5.1.2 b)).
		a.Conclusion.Benefit, _ = benefitOf(v.Benefit)
		p, reasons := a.Propose()
		return p, len(reasons)
	}
	if v.Decision == "" {
		v.Decision, _ = proposalAt(v.Level)
	}
	levelOpts := make([]huh.Option[int], 5)
	for n := 1; n <= 5; n++ {
		levelOpts[n-1] = huh.NewOption(T("tui.risk.f.acceptable_option", riskRated(L, n)), n)
	}
	decisionOpts := make([]huh.Option[risk.Proposal], 0, 3)
	for _, p := range []risk.Proposal{risk.ProposeProceed, risk.ProposeReconsider, risk.ProposeStop} {
		decisionOpts = append(decisionOpts, huh.NewOption(L.proposal(p)+" ("+string(riskProposalClause(p))+")", p))
	}
	leaderT, dateT, decT := T("tui.risk.f.leader"), T("tui.risk.f.date"), T("tui.risk.f.decision")
	benefitT := T("field.conclusion.benefit")
	f := &riskForm{title: T("tui.risk.form.conclusion")}
	f.groups = func() []*huh.Group {
		return []*huh.Group{
			huh.NewGroup(
				huh.NewSelect[int]().Key("level").Title(T("tui.risk.f.acceptable")).Description(T("tui.risk.f.acceptable_hint")).
					Options(levelOpts...).Value(&v.Level),
				huh.NewNote().Title(T("tui.risk.f.proposal")).DescriptionFunc(func() string {
					p, n := proposalAt(v.Level)
					return T("tui.risk.f.proposal_at", riskRated(L, v.Level), L.proposal(p), n)
				}, &v.Level),
			),
			huh.NewGroup(
				r.input("benefit", benefitT, &v.Benefit, 20).DescriptionFunc(func() string {
					a := d.a
					a.Conclusion.AcceptableLevel = v.Level
					return T("tui.risk.f.benefit_hint", riskNum(a.CostBenefit().Cost))
				}, &v.Level).
					Validate(func(s string) error {
						if _, ok := benefitOf(s); !ok {
							return ui.Errorf(T("err.field_line", benefitT, T("riskstore.err.benefit")))
						}
						return nil
					}),
				huh.NewSelect[risk.BenefitBasis]().Key("basis").Title(T("field.conclusion.benefit_basis")).
					Options(huh.NewOption(T("risk.benefit_basis.expected_loss"), risk.BenefitExpectedLoss),
						huh.NewOption(T("risk.benefit_basis.budget"), risk.BenefitBudget)).Value(&v.Basis),
				huh.NewNote().Title(T("tui.risk.f.proposal")).DescriptionFunc(func() string {
					p, n := proposalAt(v.Level)
					return T("tui.risk.f.proposal_at", riskRated(L, v.Level), L.proposal(p), n)
				}, &v.Benefit),
			),
			huh.NewGroup(
				r.input("leader", leaderT, &v.Leader, model.MaxShortText, r.requiredText(leaderT)).Description(T("tui.wizard.required")),
				r.input("date", dateT, &v.Date, 20).Description(T("tui.risk.f.date_hint")).Validate(func(s string) error {
					if _, ok := model.ParseDate(s); !ok {
						return ui.Errorf(T("err.field_line", dateT, T("err.date")))
					}
					return nil
				}),
				huh.NewSelect[risk.Proposal]().Key("decision").Title(decT).DescriptionFunc(func() string {
					p, _ := proposalAt(v.Level)
					return T("tui.risk.f.decision_hint", L.proposal(p))
				}, &v.Level).OptionsFunc(func() []huh.Option[risk.Proposal] {
					// Until a decision has been recorded, the choice follows the
					// proposal for the level chosen above.
					if c.Decision == "" {
						v.Decision, _ = proposalAt(v.Level)
					}
					return decisionOpts
				}, &v.Level).Value(&v.Decision).Validate(func(dec risk.Proposal) error {
					p, _ := proposalAt(v.Level)
					if riskDecisionRank(dec) < riskDecisionRank(p) {
						return ui.Errorf(T("err.field_line", decT, T("tui.risk.err.decision_permissive", L.proposal(p))))
					}
					return nil
				}),
				r.text("remarks", T("tui.risk.f.remarks"), &v.Remarks, 3),
			),
		}
	}
	f.submit = func() (tea.Cmd, error) {
		cn := risk.Conclusion{AcceptableLevel: v.Level, Leader: v.Leader, Decision: v.Decision, Remarks: v.Remarks}
		if b, ok := benefitOf(v.Benefit); ok && b > 0 {
			cn.Benefit, cn.BenefitBasis = b, v.Basis
		}
		if dd, ok := model.ParseDate(v.Date); ok {
			cn.Date = dd
		} else {
			cn.Date = model.Date(strings.TrimSpace(v.Date))
		}
		cn.Normalise()
		if verr := cn.Validate(); verr != nil {
			return nil, verr
		}
		return r.store().saveConclusion(cn), nil
	}
	return r.openForm(f)
}

// riskDecisionRank orders the decisions from the most to the least permissive,
// as the store does.
func riskDecisionRank(p risk.Proposal) int {
	switch p {
	case risk.ProposeProceed:
		return 0
	case risk.ProposeReconsider:
		return 1
	}
	return 2
}

// today is the store's date, so that tests with a fixed clock see a fixed day.
func (r *riskScreen) today() string {
	if r.sh.Store != nil && r.sh.Store.Now != nil {
		return r.sh.Store.Now().Local().Format("2006-01-02")
	}
	return ""
}

// riskDeletion is what a delete question is about.
type riskDeletion struct {
	kind regKind
	id   int64
	what string
}

// askDelete asks before deleting a record, naming what goes with it.
func (r *riskScreen) askDelete(kind regKind, id int64) tea.Cmd {
	T, d := r.sh.T, r.data
	var title, desc string
	switch kind {
	case regAssets:
		x := d.a.Assets[d.assetIdx[id]]
		title = T("tui.risk.delete.asset", ui.OneLine(x.Name))
		desc = T("tui.risk.delete.asset_cascade", len(d.vulnsOf[id]), d.risksOfAsset[id])
	case regThreats:
		x := d.a.Threats[d.thrIdx[id]]
		title = T("tui.risk.delete.threat", ui.OneLine(x.Name))
		desc = T("tui.risk.delete.risks_cascade", d.risksOfThr[id])
	case regVulns:
		x := d.a.Vulns[d.vulnIdx[id]]
		title = T("tui.risk.delete.vuln", ui.Clip(ui.OneLine(x.Description), 40))
		desc = T("tui.risk.delete.risks_cascade", d.risksOfVuln[id])
	case regControls:
		x := d.a.Controls[d.ctlIdx[id]]
		title = T("tui.risk.delete.control", ui.OneLine(x.Name))
		desc = T("tui.risk.delete.control_cascade", len(x.RiskIDs))
	case regRisks:
		x := d.a.Risks[d.riskIdx[id]]
		title = T("tui.risk.delete.risk", r.riskLabel(&x))
		desc = T("tui.risk.delete.risk_cascade", len(d.controlsOf[id]))
	case regUnits:
		x := d.a.Units[d.unitIdx[id]]
		title = T("tui.risk.delete.unit", ui.OneLine(x.Name))
		desc = T("tui.risk.delete.unit_cascade")
	}
	desc += " " + T("tui.risk.delete.audit")
	var cmd tea.Cmd
	r.confirm, cmd = ui.NewConfirmForm(r.sh, title, desc, r.w, r.h-1)
	r.pendDel = riskDeletion{kind: kind, id: id, what: title}
	r.mode = riskModeForm
	return cmd
}

// askDiscardSettings asks before leaving with settings not saved.
func (r *riskScreen) askDiscardSettings() tea.Cmd {
	var cmd tea.Cmd
	r.confirm, cmd = ui.NewConfirmForm(r.sh, r.sh.T("tui.risk.discard.title"), r.sh.T("tui.risk.discard.desc"), r.w, r.h-1)
	r.pendDel = riskDeletion{id: -1}
	r.mode = riskModeForm
	return cmd
}

// leaveRequested is set when a question answered yes means leaving the screen.
func (r *riskScreen) afterConfirm() tea.Cmd {
	c := r.confirm
	if c.Form.State == huh.StateNormal {
		return nil
	}
	yes := c.Form.State == huh.StateCompleted && c.Yes
	r.closeForm()
	del := r.pendDel
	r.pendDel = riskDeletion{}
	if !yes {
		r.setStatus(r.sh.T("tui.status.nothing_changed"))
		return nil
	}
	if del.id == -1 { // discard the pending settings and leave
		r.set.pend = r.set.saved
		r.set.errs = r.set.pend.Validate()
		r.leave = true
		return nil
	}
	r.setStatus(r.sh.T("tui.risk.status.deleting"))
	return r.store().deleteRecord(del.kind, del.id, del.what)
}
