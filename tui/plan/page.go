// Package plan is the workbench page of the security management plan
// (信息安全管理计划, GB/T 32926—2016 6.3): the contract's signing it starts
// from (6.3 a)), its six sections as tabs (6.3 a) 1)–6)) — the annex A
// deployment as a list filtered by status with the item's text in a detail
// pane — and the submission and the leader's approval (6.3 b)). Opened with P
// on the dashboard and the contract page.
package plan

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"outsec/model"
	"outsec/model/annexa"
	"outsec/model/plan"
	"outsec/tui/ui"
)

// Registration is the plan in the root's registry.
var Registration = ui.Registration{Kind: ui.KindPlan, New: New}

// Page is the plan of one engagement.
type Page struct {
	sh   *ui.Context
	id   int64
	data Data

	ready   bool
	loadErr string

	tab    plan.Section
	cursor map[plan.Section]int
	filter int // index in filters; 0 all
	offset int

	form *ui.RecordForm[write]
	// confirm asks before a milestone or a role is deleted; drop is the
	// plan without it.
	confirm *ui.ConfirmForm
	drop    plan.Plan
	// sign: the signing form opens once the page has loaded (Open).
	sign bool
	w, h int
}

// Open takes the navigation's argument: ui.PlanArgSign opens the form of
// the contract's signing.
func (p *Page) Open(arg string) { p.sign = arg == ui.PlanArgSign }

// filters are the status filters of section 3: all, then each status.
var filters = append([]plan.Status{"*"}, plan.Statuses...)

// New makes the page of engagement id.
func New(sh *ui.Context, id int64) ui.Page {
	return &Page{sh: sh, id: id, tab: plan.SecMilestones, cursor: map[plan.Section]int{}}
}

func (p *Page) key() ui.PageKey { return ui.KindPlan.Key(p.id) }

// Init reads the plan again; the tab and selections are kept.
func (p *Page) Init() tea.Cmd {
	p.sh.SetStatus("")
	return load(p.sh, p.key())
}

func (p *Page) Title() string {
	return p.sh.T("tui.page.plan", ui.OneLine(p.data.Eng.Code))
}

func (p *Page) Capturing() bool { return p.form != nil || p.confirm != nil }

func (p *Page) SetSize(w, h int) {
	p.w, p.h = w, h
	if p.form != nil {
		p.form.SetSize(w, h)
	}
	if p.confirm != nil {
		p.confirm.SetSize(w, h)
	}
}

func (p *Page) lang() string { return string(p.sh.Catalog.Lang()) }

func (p *Page) KeyMap() help.KeyMap {
	k, pk := p.sh.Keys, p.sh.Keys.Plan
	if p.confirm != nil {
		return k.QuestionHelp()
	}
	if p.form != nil {
		return k.FormHelp()
	}
	short := []key.Binding{pk.Tab, pk.Section, pk.Edit}
	switch p.tab {
	case plan.SecMilestones, plan.SecRoles:
		short = append(short, pk.Add, pk.Delete)
	case plan.SecControls:
		short = append(short, pk.Cycle, pk.Filter)
	}
	short = append(short, pk.Sign, pk.Approve, pk.Docs, pk.OpenFiling, k.Back, k.Help, k.Quit)
	return ui.KeyHelp{Short: short, Full: [][]key.Binding{short}}
}

func (p *Page) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.Err != nil {
			p.loadErr = p.sh.Describe(msg.Err)[0]
			p.sh.SetError(msg.Err)
			return nil
		}
		p.data, p.ready, p.loadErr = msg.Data, true, ""
		p.clamp()
		if p.sign && p.form == nil {
			p.sign = false
			return p.openForm(p.signingForm())
		}
		return nil
	case savedMsg:
		if msg.LoadErr == nil {
			p.data, p.ready = msg.Data, true
			p.clamp()
		}
		p.sh.SetOutcome(msg.Err, msg.LoadErr, p.status(msg.w))
		if p.form != nil && p.form.Submitting() {
			if msg.Err != nil {
				return p.form.Rejected(msg.Err)
			}
			p.form = nil
		}
		return nil
	case tea.KeyPressMsg:
		if p.confirm != nil {
			return p.confirmMsg(msg)
		}
		if p.form != nil {
			return p.formMsg(msg)
		}
		return p.keyPress(msg)
	case tea.WindowSizeMsg, tea.BackgroundColorMsg:
		return nil
	}
	if p.confirm != nil {
		return p.confirmMsg(msg)
	}
	if p.form != nil {
		return p.formMsg(msg)
	}
	return nil
}

// confirmMsg hands the question a message; yes deletes the entry.
func (p *Page) confirmMsg(msg tea.Msg) tea.Cmd {
	q := p.confirm
	cmd := q.Update(msg)
	if q.Form.State == huh.StateNormal {
		return cmd
	}
	p.confirm = nil
	if q.Form.State != huh.StateCompleted || !q.Yes {
		p.sh.SetStatusText(p.sh.T("tui.status.nothing_changed"), false)
		return cmd
	}
	return tea.Batch(cmd, save(p.sh, p.key(), write{kind: writeSections, plan: p.drop}))
}

func (p *Page) formMsg(msg tea.Msg) tea.Cmd {
	cmd, w, closed := p.form.Step(msg)
	switch {
	case closed:
		p.form = nil
		p.sh.SetStatusText(p.sh.T("tui.status.nothing_changed"), false)
	case w != nil:
		return tea.Batch(cmd, save(p.sh, p.key(), *w))
	}
	return cmd
}

func (p *Page) openForm(f *ui.RecordForm[write]) tea.Cmd {
	p.form = f
	return f.Rebuild()
}

// status is the status line after a write.
func (p *Page) status(w write) string {
	T := p.sh.T
	switch w.kind {
	case writeSigning:
		return T("tui.plan.status.signed", string(w.signing.Date))
	case writeControl:
		it, _ := annexa.ByID(w.control.Item)
		return T("tui.plan.status.control", it.Label(), T(w.control.Status.Key()))
	case writeApproval:
		if w.approval.ApprovedOn == "" {
			return T("tui.plan.status.unapproved")
		}
		return T("tui.plan.status.approved", ui.OneLine(w.approval.Leader), string(w.approval.ApprovedOn))
	}
	return T("tui.plan.status.saved")
}

// rows is the number of entries of the current tab's list.
func (p *Page) rows() int {
	switch p.tab {
	case plan.SecMilestones:
		return len(p.data.Plan.Milestones)
	case plan.SecRoles:
		return len(p.data.Plan.Roles)
	case plan.SecControls:
		return len(p.controls())
	}
	return 0
}

func (p *Page) clamp() {
	n := p.rows()
	p.cursor[p.tab] = min(max(p.cursor[p.tab], 0), max(n-1, 0))
}

// controls is section 3 as filtered.
func (p *Page) controls() []plan.Row {
	all := p.data.Plan.ControlRows(p.data.Eng.CloudWebsite)
	if p.filter == 0 {
		return all
	}
	var out []plan.Row
	for _, r := range all {
		if r.Status == filters[p.filter] {
			out = append(out, r)
		}
	}
	return out
}

func (p *Page) keyPress(msg tea.KeyPressMsg) tea.Cmd {
	k, pk := p.sh.Keys, p.sh.Keys.Plan
	switch {
	case key.Matches(msg, k.Back):
		return ui.Back()
	case key.Matches(msg, pk.OpenFiling):
		return ui.Go(ui.KindFiling, p.id)
	case key.Matches(msg, pk.Docs):
		return ui.GoTo(ui.GoMsg{Key: ui.PageKey{Kind: ui.KindDocs, Engagement: p.id}, Arg: "security-plan"})
	case key.Matches(msg, pk.Tab):
		p.tab = p.tab%plan.Section(len(plan.Sections)) + 1
		p.offset = 0
		p.clamp()
		return nil
	case key.Matches(msg, k.Up):
		p.cursor[p.tab]--
		p.clamp()
		return nil
	case key.Matches(msg, k.Down):
		p.cursor[p.tab]++
		p.clamp()
		return nil
	case key.Matches(msg, k.PageUp):
		p.cursor[p.tab] -= 10
		p.clamp()
		return nil
	case key.Matches(msg, k.PageDown):
		p.cursor[p.tab] += 10
		p.clamp()
		return nil
	}
	if s := msg.String(); len(s) == 1 && s[0] >= '1' && s[0] <= '6' {
		p.tab = plan.Section(s[0] - '0')
		p.offset = 0
		p.clamp()
		return nil
	}
	if !p.ready {
		return nil
	}
	switch {
	case key.Matches(msg, pk.Sign):
		return p.openForm(p.signingForm())
	}
	if !p.data.Signing.Signed() {
		// 6.3 a): nothing of the plan before the contract is signed.
		p.sh.SetStatusText(p.sh.T("plan.err.unsigned")+" ("+p.sh.T("tui.plan.press_sign", pk.Sign.Help().Key)+")", true)
		return nil
	}
	switch {
	case key.Matches(msg, pk.Approve):
		return p.openForm(p.approvalForm())
	case key.Matches(msg, pk.Filter) && p.tab == plan.SecControls:
		p.filter = (p.filter + 1) % len(filters)
		p.cursor[p.tab], p.offset = 0, 0
		p.clamp()
		return nil
	case key.Matches(msg, pk.Add) && (p.tab == plan.SecMilestones || p.tab == plan.SecRoles):
		return p.openForm(p.entryForm(-1))
	case key.Matches(msg, pk.Delete) && (p.tab == plan.SecMilestones || p.tab == plan.SecRoles):
		return p.deleteEntry()
	case key.Matches(msg, pk.Cycle) && p.tab == plan.SecControls:
		return p.cycle()
	case key.Matches(msg, pk.Edit):
		switch p.tab {
		case plan.SecMilestones, plan.SecRoles:
			if p.rows() == 0 {
				return p.openForm(p.entryForm(-1))
			}
			return p.openForm(p.entryForm(p.cursor[p.tab]))
		case plan.SecControls:
			if rs := p.controls(); len(rs) > 0 {
				return p.openForm(p.controlForm(rs[p.cursor[p.tab]].Deployment))
			}
			return nil
		default:
			return p.openForm(p.sectionForm(p.tab))
		}
	}
	return nil
}

// deleteEntry asks before the selected milestone or role is deleted.
func (p *Page) deleteEntry() tea.Cmd {
	pl := p.data.Plan
	i := p.cursor[p.tab]
	var what string
	switch {
	case p.tab == plan.SecMilestones && i < len(pl.Milestones):
		what = string(pl.Milestones[i].Date) + " " + ui.OneLine(pl.Milestones[i].Name)
		pl.Milestones = append(append([]plan.Milestone{}, pl.Milestones[:i]...), pl.Milestones[i+1:]...)
	case p.tab == plan.SecRoles && i < len(pl.Roles):
		what = ui.OneLine(pl.Roles[i].Person) + " " + ui.OneLine(pl.Roles[i].Role)
		pl.Roles = append(append([]plan.Role{}, pl.Roles[:i]...), pl.Roles[i+1:]...)
	default:
		return nil
	}
	p.drop = pl
	var cmd tea.Cmd
	p.confirm, cmd = ui.NewConfirmForm(p.sh, p.sh.T("tui.plan.delete.title"), what, p.w, p.h)
	return cmd
}

// cycle moves the selected item to its next status: planned → deployed →
// verified → planned. An item not yet planned, or not applicable, opens the
// form: a status needs its measure, owner and date, or its reason.
func (p *Page) cycle() tea.Cmd {
	rs := p.controls()
	if len(rs) == 0 {
		return nil
	}
	d := rs[p.cursor[p.tab]].Deployment
	next := map[plan.Status]plan.Status{plan.Planned: plan.Deployed, plan.Deployed: plan.Verified, plan.Verified: plan.Planned}
	n, ok := next[d.Status]
	if !ok || !d.Settled() {
		if d.Status == plan.Unplanned {
			d.Status = plan.Planned
		}
		return p.openForm(p.controlForm(d))
	}
	d.Status = n
	return save(p.sh, p.key(), write{kind: writeControl, control: d})
}

// View draws the page.
func (p *Page) View() string {
	if p.confirm != nil {
		return p.confirm.View()
	}
	if p.form != nil {
		return p.form.View()
	}
	T, st := p.sh.T, p.sh.Styles
	lines := []string{st.Title.Render(ui.Fit(" "+T("tui.plan.title", ui.OneLine(p.data.Eng.Code), ui.OneLine(p.data.Eng.Name)), p.w))}
	if !p.ready {
		if p.loadErr != "" {
			lines = append(lines, st.Error.Render(ui.Clip(" ! "+p.loadErr, p.w)))
		} else {
			lines = append(lines, st.Dim.Render(" "+T("tui.loading")))
		}
		return ui.JoinLines(lines)
	}
	lines = append(lines, p.headLines()...)
	lines = append(lines, p.tabLine(), "")
	body := p.h - len(lines)
	lines = append(lines, p.bodyLines(body)...)
	if len(lines) > p.h && p.h > 0 {
		lines = lines[:p.h]
	}
	return ui.JoinLines(lines)
}

func (p *Page) headLines() []string {
	T, st := p.sh.T, p.sh.Styles
	var out []string
	sg := p.data.Signing
	if sg.Signed() {
		out = append(out, ui.Clip(" "+T("tui.plan.signed", string(sg.Date), ui.OneLine(sg.Number), ui.OneLine(sg.Version),
			ui.OneLine(sg.DeptSignatory), ui.OneLine(sg.VendorSignatory)), p.w))
	} else {
		out = append(out, st.Update.Render(ui.Clip(" ! "+T("tui.plan.unsigned", p.sh.Keys.Plan.Sign.Help().Key)+
			" ("+T("err.clause", string(plan.ClauseAfterSign))+")", p.w)))
	}
	pl := p.data.Plan
	cloud := p.data.Eng.CloudWebsite
	settled := len(annexa.ItemsFor(cloud)) - len(pl.Unsettled(cloud))
	appr := T("tui.plan.not_approved")
	if pl.Approval.Approved() {
		appr = T("tui.plan.approved", ui.OneLine(pl.Approval.Leader), string(pl.Approval.ApprovedOn))
	}
	line := " " + T("tui.screening.state") + ui.StateStyle(st, p.data.Step.State).Render("["+T(p.data.Step.State.Key())+"]") + "  " +
		T("tui.plan.settled", settled, len(annexa.ItemsFor(cloud))) + "  " + appr
	out = append(out, ui.Clip(line, p.w))
	for i, b := range p.data.Step.Blocks {
		if i == 2 {
			out = append(out, st.Dim.Render(ui.Clip("   "+T("tui.plan.more_blocks", len(p.data.Step.Blocks)-2), p.w)))
			break
		}
		out = append(out, st.Update.Render(ui.Clip(" ! "+T(b.Key, b.Args...)+" ("+string(b.Clause)+")", p.w)))
	}
	return out
}

func (p *Page) tabLine() string {
	st := p.sh.Styles
	var parts []string
	for _, s := range plan.Sections {
		label := fmt.Sprintf("%d %s", s, p.sh.T(s.Key()))
		if s == p.tab {
			parts = append(parts, st.Selected.Render(" "+label+" "))
		} else {
			parts = append(parts, st.Dim.Render(" "+label+" "))
		}
	}
	return ui.Clip(" "+strings.Join(parts, ""), p.w)
}

func (p *Page) bodyLines(h int) []string {
	switch p.tab {
	case plan.SecMilestones:
		return p.milestoneLines(h)
	case plan.SecRoles:
		return p.roleLines(h)
	case plan.SecControls:
		return p.controlLines(h)
	}
	return p.sectionLines()
}

func or(T func(string, ...any) string, s string) string {
	if strings.TrimSpace(s) == "" {
		return T("tui.panel.unset")
	}
	return ui.OneLine(s)
}

// list draws rows with a cursor, scrolled to keep it shown.
func (p *Page) list(header string, rows []string, h int) []string {
	st := p.sh.Styles
	out := []string{st.Header.Render(ui.Fit("  "+header, p.w))}
	n := max(h-1, 1)
	cur := p.cursor[p.tab]
	if cur < p.offset {
		p.offset = cur
	}
	if cur >= p.offset+n {
		p.offset = cur - n + 1
	}
	p.offset = max(min(p.offset, len(rows)-n), 0)
	for i := p.offset; i < p.offset+n && i < len(rows); i++ {
		if i == cur {
			out = append(out, st.Selected.Render(ui.Fit("> "+rows[i], p.w)))
		} else {
			out = append(out, ui.Clip("  "+rows[i], p.w))
		}
	}
	return out
}

func (p *Page) empty(key string) []string {
	return ui.Wrap(p.sh.T(key, p.sh.Keys.Plan.Add.Help().Key), p.w, "  ", "  ")
}

func (p *Page) milestoneLines(h int) []string {
	T := p.sh.T
	ms := p.data.Plan.Milestones
	if len(ms) == 0 {
		return p.empty("tui.plan.no_milestones")
	}
	var rows []string
	for _, m := range ms {
		rows = append(rows, ui.Fit(string(m.Date), 11)+ui.Fit(ui.OneLine(m.Name), 20)+" "+ui.OneLine(m.Objective))
	}
	return p.list(ui.Fit(T("field.plan.milestones.date"), 11)+ui.Fit(T("field.plan.milestones.name"), 20)+" "+T("field.plan.milestones.objective"), rows, h)
}

func (p *Page) roleLines(h int) []string {
	T, st := p.sh.T, p.sh.Styles
	rs := p.data.Plan.Roles
	var out []string
	var names []string
	for _, x := range p.data.People {
		names = append(names, x.Name)
	}
	if rl := p.data.Plan.Roleless(names); len(rl) > 0 {
		h--
		defer func() {
			out = append(out, st.Update.Render(ui.Clip(" ! "+T("tui.plan.roleless", strings.Join(rl, "、")), p.w)))
		}()
	}
	if len(rs) == 0 {
		out = p.empty("tui.plan.no_roles")
		return out
	}
	var rows []string
	for _, r := range rs {
		rows = append(rows, ui.Fit(T("tui.plan.side."+string(r.Side)), 14)+ui.Fit(ui.OneLine(r.Person), 14)+ui.Fit(ui.OneLine(r.Role), 16)+" "+ui.OneLine(r.Duties))
	}
	out = p.list(ui.Fit(T("field.plan.roles.side"), 14)+ui.Fit(T("field.plan.roles.person"), 14)+ui.Fit(T("field.plan.roles.role"), 16)+" "+
		T("field.plan.roles.duties"), rows, h)
	return out
}

func (p *Page) controlLines(h int) []string {
	T, st, lang := p.sh.T, p.sh.Styles, p.lang()
	rs := p.controls()
	fl := T("tui.plan.filter_all")
	if p.filter > 0 {
		fl = T(filters[p.filter].Key())
	}
	out := []string{st.Dim.Render(ui.Clip(" "+T("tui.plan.filter", fl, len(rs), p.sh.Keys.Plan.Filter.Help().Key), p.w))}
	if len(rs) == 0 {
		return append(out, "", "  "+T("tui.plan.no_controls"))
	}
	cur := rs[min(p.cursor[p.tab], len(rs)-1)]
	detail := p.detailLines(cur)
	n := max(h-1-len(detail)-1, 3)
	var rows []string
	for _, r := range rs {
		rows = append(rows, ui.Fit(r.Item.Label(), 14)+ui.Fit(T(r.Status.Key()), 10)+" "+r.Item.Title(lang))
	}
	out = append(out, p.list(ui.Fit(T("tui.plan.col.item"), 14)+ui.Fit(T("field.plan.controls.status"), 10)+" "+T("tui.plan.col.title"), rows, n)...)
	out = append(out, "")
	return append(out, detail...)
}

// detailLines are the selected annex A item in full: what good looks like,
// the evidence an inspector asks for, and its deployment.
func (p *Page) detailLines(r plan.Row) []string {
	T, st, lang := p.sh.T, p.sh.Styles, p.lang()
	it := r.Item
	hang := func(s string) []string { return ui.Wrap(s, p.w-2, " ", "   ") }
	out := []string{st.Bold.Render(ui.Clip(" "+string(it.Clause)+"  "+it.Title(lang), p.w))}
	if it.Parent.ZH != "" {
		out = append(out, hang(T("tui.plan.parent", it.Parent.In(lang)))...)
	}
	out = append(out, hang(T("tui.plan.good", it.Good.In(lang)))...)
	for _, l := range hang(T("tui.plan.evidence", it.Evidence.In(lang))) {
		out = append(out, st.Dim.Render(l))
	}
	if r.Status == plan.NA {
		out = append(out, hang(T("tui.plan.na_reason", or(T, r.Reason)))...)
	} else if r.Status != plan.Unplanned {
		out = append(out, hang(T("tui.plan.deployment", or(T, r.Measure), or(T, r.Owner), or(T, string(r.Planned))))...)
	}
	return out
}

func (p *Page) sectionLines() []string {
	T := p.sh.T
	pl := p.data.Plan
	var fields [][2]string
	switch p.tab {
	case plan.SecIncident:
		fields = [][2]string{{"field.plan.incident.contacts", pl.Incident.Contacts}, {"field.plan.incident.deadline", pl.Incident.Deadline},
			{"field.plan.incident.procedure", pl.Incident.Procedure}}
	case plan.SecResources:
		fields = [][2]string{{"field.plan.resources.backup_staff", pl.Resources.BackupStaff},
			{"field.plan.resources.spare_equipment", pl.Resources.SpareEquipment}, {"field.plan.resources.backup_services", pl.Resources.BackupServices}}
	case plan.SecTracking:
		period := ""
		if pl.Tracking.PeriodMonths > 0 {
			period = strconv.Itoa(pl.Tracking.PeriodMonths)
		}
		fields = [][2]string{{"field.plan.tracking.period_months", period}, {"field.plan.tracking.reporting", pl.Tracking.Reporting},
			{"field.plan.tracking.records", pl.Tracking.Records}}
	}
	var out []string
	for _, f := range fields {
		out = append(out, ui.Wrap(T(f[0])+T("tui.plan.colon")+or(T, f[1]), p.w-2, " ", "   ")...)
	}
	out = append(out, "", p.sh.Styles.Dim.Render(ui.Clip(" "+T("tui.plan.edit_hint", p.sh.Keys.Plan.Edit.Help().Key), p.w)))
	return out
}

// todayOr is d, or today when d is empty.
func (p *Page) todayOr(d model.Date) string {
	if d != "" {
		return string(d)
	}
	return p.sh.Store.Now().Format(model.DateLayout)
}
