package dashboard

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"outsec/model"
	"outsec/store"
	"outsec/tui/ui"
	"outsec/tui/wizard"
)

// The dashboard page: the engagement list and the lifecycle panel, the
// filter, the engagement wizard, the unfinished drafts and the questions
// before a delete or a discard. It opens every workflow of the selected
// engagement by sending a navigation message.

// dashMode is what the dashboard page shows and where its keys go.
type dashMode int

const (
	dashList    dashMode = iota // the engagement list
	dashPanel                   // the lifecycle panel (scrolls)
	dashFilter                  // the "/" filter input
	dashWizard                  // the engagement wizard
	dashDrafts                  // unfinished drafts: resume or discard
	dashConfirm                 // a yes/no question over the list or the drafts
)

// confirmPurpose is what a yes/no question decides.
type confirmPurpose int

const (
	confirmDelete         confirmPurpose = iota
	confirmDeleteApproved                // the approver and the reason, after yes
	confirmDiscard
)

type dashboardPage struct {
	sh   *ui.Context
	dash *dashboard
	mode dashMode
	w, h int

	wiz        *wizard.Wizard
	closingWiz *wizard.Wizard // left with esc, its last draft save under way

	drafts     *draftPicker
	confirm    *ui.ConfirmForm
	confirmFor confirmPurpose
	confirmEng model.Engagement
	// approval: who approved deleting confirmEng, and why (destroy.go).
	approval   *ui.Approval
	confirmDft store.Draft
	confirmRet dashMode // where the question returns to
	// confirmNext is the engagement to select after a delete.
	confirmNext int64

	started     bool // the first Init has run
	offerDrafts bool // show unfinished drafts when their list arrives
}

// Registration is the dashboard in the root's registry.
var Registration = ui.Registration{Kind: ui.KindDashboard, New: New}

// New makes the dashboard (the workbench has one, of no engagement).
func New(sh *ui.Context, _ int64) ui.Page {
	return &dashboardPage{sh: sh, dash: newDashboard(sh), drafts: &draftPicker{sh: sh}}
}

// Init loads the engagements; the first time, also the drafts, offered if
// there are any.
func (p *dashboardPage) Init() tea.Cmd {
	if !p.started {
		p.started = true
		p.offerDrafts = true
		return tea.Batch(loadEngagements(p.sh, 0), loadDrafts(p.sh))
	}
	// The lifecycle panel shows what the workflow just left now reports.
	return loadEngagements(p.sh, 0)
}

func (p *dashboardPage) SetSize(w, h int) {
	p.w, p.h = w, h
	p.dash.SetSize(w, h)
	p.drafts.SetSize(w, h)
	if p.wiz != nil {
		p.wiz.SetSize(w, h)
	}
	if p.confirm != nil {
		p.confirm.SetSize(w, h)
	}
}

func (p *dashboardPage) Title() string { return "" }

func (p *dashboardPage) Capturing() bool {
	return p.mode == dashFilter || p.mode == dashWizard || p.mode == dashConfirm
}

func (p *dashboardPage) KeyMap() help.KeyMap {
	k := p.sh.Keys
	switch p.mode {
	case dashWizard:
		return k.WizardHelp()
	case dashConfirm:
		return k.QuestionHelp()
	case dashFilter:
		return k.FilterHelp()
	case dashDrafts:
		return k.DraftsHelp()
	}
	h := k.DashboardHelp(p.dash.empty())
	if !p.dash.empty() {
		// Supervision (clause 7): the inspections, the process assessment, the
		// deliverable verification.
		b := func(k, help string) key.Binding {
			return key.NewBinding(key.WithKeys(k), key.WithHelp(k, p.sh.T(help)))
		}
		h.Full = append(h.Full, []key.Binding{b("S", "inspection.help.open"), b("U", "audit.help.open"), b("D", "delivery.help.open")})
	}
	return h
}

func (p *dashboardPage) View() string {
	switch p.mode {
	case dashWizard:
		return p.wiz.View()
	case dashDrafts:
		return p.drafts.View()
	case dashConfirm:
		return p.confirm.View()
	}
	return p.dash.View()
}

func (p *dashboardPage) show(m dashMode) {
	p.mode = m
	if m == dashList || m == dashPanel {
		// Remembered while the wizard or the drafts are shown.
		p.dash.panelFocus = m == dashPanel
	}
}

func (p *dashboardPage) toList() {
	m := dashList
	if p.dash.panelFocus && !p.dash.empty() {
		m = dashPanel
	}
	p.show(m)
}

func (p *dashboardPage) Update(msg tea.Msg) tea.Cmd {
	sh := p.sh
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return p.handleKey(msg)
	case tea.BackgroundColorMsg:
		p.dash.restyle()
		return p.toForm(msg)
	case engagementsMsg:
		if msg.err != nil {
			sh.SetError(msg.err)
			return nil
		}
		p.dash.setRows(msg.rows, msg.selectID)
		return nil
	case draftsMsg:
		return p.onDrafts(msg)
	case wizard.DraftSavedMsg:
		return p.onDraftSaved(msg)
	case draftDiscardedMsg:
		if msg.err != nil {
			sh.SetError(msg.err)
		} else {
			sh.SetStatus(sh.T("tui.status.draft_discarded"))
		}
		p.offerDrafts = true
		return loadDrafts(sh)
	case wizard.EngagementSavedMsg:
		return p.onEngagementSaved(msg)
	case engagementDeletedMsg:
		if msg.err != nil {
			sh.SetError(msg.err)
			return loadEngagements(sh, 0)
		}
		sh.SetStatus(sh.T("tui.status.deleted", msg.e.Code, ui.OneLine(msg.e.Name)))
		return tea.Batch(loadEngagements(sh, p.confirmNext), ui.Forget(msg.e.ID))
	case sampleLoadedMsg:
		if msg.err != nil {
			sh.SetError(msg.err)
			return nil
		}
		sh.SetStatus(sh.T("tui.status.sample_loaded", msg.e.Code, ui.OneLine(msg.e.Name)))
		return loadEngagements(sh, msg.e.ID)
	case backupDoneMsg:
		backupDone(sh, msg) // backup.go
		return nil
	}
	// Anything else belongs to the active form (its own messages, cursor
	// blinks) or to the filter input.
	if p.mode == dashFilter {
		return p.dash.Update(msg)
	}
	return p.toForm(msg)
}

// toForm hands a message to the active form and reacts to its completion.
func (p *dashboardPage) toForm(msg tea.Msg) tea.Cmd {
	switch {
	case p.mode == dashWizard && p.wiz != nil:
		cmd := p.wiz.Update(msg)
		return tea.Batch(cmd, p.afterWizard())
	case p.mode == dashConfirm && p.confirm != nil:
		cmd := p.confirm.Update(msg)
		return tea.Batch(cmd, p.afterConfirm())
	}
	return nil
}

func (p *dashboardPage) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := p.sh.Keys
	switch p.mode {
	case dashWizard, dashConfirm:
		return p.toForm(msg)
	case dashFilter:
		d := p.dash
		switch {
		case msg.String() == "ctrl+c":
			return ui.Quit()
		case key.Matches(msg, k.FilterApply):
			d.blurFilter()
			p.show(dashList)
			return nil
		case key.Matches(msg, k.FilterClear):
			d.clearFilter()
			p.show(dashList)
			return nil
		case msg.String() == "up":
			d.move(-1) // the arrows still move the selection while typing
			return nil
		case msg.String() == "down":
			d.move(1)
			return nil
		}
		return d.Update(msg)
	case dashDrafts:
		return p.draftsKey(msg)
	}
	return p.listKey(msg)
}

func (p *dashboardPage) listKey(msg tea.KeyPressMsg) tea.Cmd {
	k, d := p.sh.Keys, p.dash
	switch {
	case key.Matches(msg, k.Sign.Keys):
		return ui.Go(ui.KindKeys, 0)
	case key.Matches(msg, k.Sign.Verify):
		return ui.Go(ui.KindVerify, 0)
	case key.Matches(msg, k.Backup):
		return backupNow(p.sh) // backup.go
	case key.Matches(msg, k.New):
		return p.openWizard(&wizard.Values{Version: wizard.DataVersion}, 0, 0, 0)
	}
	if !d.loaded {
		return nil
	}
	if d.empty() {
		if key.Matches(msg, k.Sample) {
			p.sh.SetStatus(p.sh.T("tui.status.loading_sample"))
			return loadSample(p.sh)
		}
		return nil
	}
	panel := p.mode == dashPanel
	page := max(d.listRows()-1, 1)
	if panel {
		page = max(p.h-3, 1)
	}
	step := func(n int) {
		if panel {
			d.scrollPanel(n)
		} else {
			d.move(n)
		}
	}
	// open shows a workflow of the selected engagement.
	open := func(kind ui.Kind, arg string) tea.Cmd {
		if r := d.selected(); r != nil {
			return ui.GoTo(ui.GoMsg{Key: ui.PageKey{Kind: kind, Engagement: r.e.ID}, Arg: arg})
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Up):
		step(-1)
	case key.Matches(msg, k.Down):
		step(1)
	case key.Matches(msg, k.PageUp):
		step(-page)
	case key.Matches(msg, k.PageDown):
		step(page)
	case key.Matches(msg, k.Home):
		if panel {
			d.panelScroll = 0
		} else {
			d.moveTo(0)
		}
	case key.Matches(msg, k.End):
		if panel {
			d.scrollPanel(1 << 20)
		} else {
			d.moveTo(len(d.view) - 1)
		}
	case key.Matches(msg, k.Panel):
		if panel {
			p.show(dashList)
		} else if d.selected() != nil {
			p.show(dashPanel)
		}
	case key.Matches(msg, k.Back):
		if panel {
			p.show(dashList)
		}
	case key.Matches(msg, k.Filter):
		p.show(dashFilter)
		return d.focusFilter()
	case key.Matches(msg, k.Sort):
		d.cycleSort()
		p.sh.SetStatus(p.sh.T("tui.status.sorted", p.sh.T(d.sort.key())))
	case key.Matches(msg, k.Edit):
		if r := d.selected(); r != nil {
			return p.openWizard(wizard.ValuesOf(&r.e), r.e.ID, 0, 0)
		}
	case key.Matches(msg, k.Delete):
		if r := d.selected(); r != nil {
			return p.askDelete(r.e)
		}
	case key.Matches(msg, k.Screening):
		return open(ui.KindScreening, "")
	case key.Matches(msg, k.Risk):
		return open(ui.KindRisk, "")
	case key.Matches(msg, k.Docs.Open):
		return open(ui.KindDocs, "")
	case key.Matches(msg, k.Docs.Exports):
		return open(ui.KindDocs, ui.DocsArgExports)
	case key.Matches(msg, k.Contract.Open):
		return open(ui.KindContract, "")
	case key.Matches(msg, k.Contract.OpenNDA):
		return open(ui.KindNDA, "")
	case key.Matches(msg, k.Plan.Open):
		return open(ui.KindPlan, "")
	case key.Matches(msg, k.Plan.OpenFiling):
		return open(ui.KindFiling, "")
	case key.Matches(msg, k.Findings.Open):
		return open(ui.KindFindings, "")
	case key.Matches(msg, k.Findings.Incidents):
		return open(ui.KindIncidents, "")
	case key.Matches(msg, k.Exit.Open):
		return open(ui.KindExit, "")
	case msg.String() == "S": // supervision: the on-site inspections (annex A)
		return open(ui.KindInspection, "")
	case msg.String() == "U": // supervision: the process assessment and audit (7.1)
		return open(ui.KindAudit, "")
	case msg.String() == "D": // supervision: deliverable verification per milestone (7.2)
		return open(ui.KindDelivery, "")
	}
	return nil
}

func (p *dashboardPage) draftsKey(msg tea.KeyPressMsg) tea.Cmd {
	k := p.sh.Keys
	switch {
	case key.Matches(msg, k.Back):
		p.toList()
	case key.Matches(msg, k.Up):
		p.drafts.Move(-1)
	case key.Matches(msg, k.Down):
		p.drafts.Move(1)
	case key.Matches(msg, k.Choose):
		if d := p.drafts.Selected(); d != nil {
			v, ok := draftValues(d)
			if !ok {
				p.sh.SetStatusText(p.sh.T("tui.drafts.unreadable"), true)
				return nil
			}
			return p.openWizard(v, d.EngagementID, d.ID, min(max(d.Step, 0), wizard.GroupCount-1))
		}
	case key.Matches(msg, k.Discard):
		if d := p.drafts.Selected(); d != nil {
			return p.askDiscard(*d)
		}
	}
	return nil
}

func (p *dashboardPage) openWizard(v *wizard.Values, editing, draftID int64, step int) tea.Cmd {
	if p.wiz != nil && !p.wiz.Idle() {
		p.closingWiz = p.wiz
	}
	var cmd tea.Cmd
	p.wiz, cmd = wizard.New(p.sh, dashboardKey, v, editing, draftID, step, p.w, p.h)
	p.show(dashWizard)
	p.sh.SetStatus("")
	return cmd
}

// afterWizard reacts to the wizard's form finishing: completed, it is saved;
// aborted (esc, ctrl+c), the draft keeps what was typed.
func (p *dashboardPage) afterWizard() tea.Cmd {
	w := p.wiz
	switch w.State() {
	case huh.StateCompleted:
		if w.Submitted() {
			return nil
		}
		return w.Submit()
	case huh.StateAborted:
		cmd := w.Leave()
		p.wiz = nil
		p.toList()
		if w.Idle() {
			p.offerDrafts = true
			return tea.Batch(cmd, loadDrafts(p.sh))
		}
		p.closingWiz = w
		p.sh.SetStatus(p.sh.T("tui.status.saving_draft"))
		return cmd
	}
	return nil
}

func (p *dashboardPage) wizardBySerial(serial int) *wizard.Wizard {
	for _, w := range []*wizard.Wizard{p.wiz, p.closingWiz} {
		if w != nil && w.Serial() == serial {
			return w
		}
	}
	return nil
}

func (p *dashboardPage) onDraftSaved(msg wizard.DraftSavedMsg) tea.Cmd {
	if msg.Err != nil {
		p.sh.SetError(msg.Err)
	}
	w := p.wizardBySerial(msg.Serial)
	if w == nil {
		return nil
	}
	cmd := w.DraftSaved(msg)
	if w == p.closingWiz && w.Idle() {
		p.closingWiz = nil
		if msg.Err == nil {
			p.sh.SetStatus(p.sh.T("tui.status.draft_kept"))
		}
		p.offerDrafts = true
		return tea.Batch(cmd, loadDrafts(p.sh))
	}
	return cmd
}

func (p *dashboardPage) onEngagementSaved(msg wizard.EngagementSavedMsg) tea.Cmd {
	w := p.wizardBySerial(msg.Serial)
	if msg.Err != nil {
		p.sh.SetError(msg.Err)
		if w != nil && w == p.wiz {
			return w.Rejected(msg.Err)
		}
		return nil
	}
	if w != nil && w == p.wiz {
		p.wiz = nil
		p.toList()
	}
	key := "tui.status.updated"
	if msg.Created {
		key = "tui.status.created"
	}
	p.sh.SetStatus(p.sh.T(key, msg.E.Code, ui.OneLine(msg.E.Name)))
	p.offerDrafts = true
	return tea.Batch(loadEngagements(p.sh, msg.E.ID), loadDrafts(p.sh))
}

func (p *dashboardPage) onDrafts(msg draftsMsg) tea.Cmd {
	if msg.err != nil {
		p.sh.SetError(msg.err)
		return nil
	}
	offer := p.offerDrafts
	p.offerDrafts = false
	p.drafts.Items = msg.drafts
	p.drafts.Move(0)
	if len(msg.drafts) == 0 {
		if p.mode == dashDrafts {
			p.toList()
		}
		return nil
	}
	if offer && (p.mode == dashList || p.mode == dashPanel || p.mode == dashDrafts) {
		p.show(dashDrafts)
	}
	return nil
}

func (p *dashboardPage) askDelete(e model.Engagement) tea.Cmd {
	T := p.sh.T
	var cmd tea.Cmd
	p.confirm, cmd = ui.NewConfirmForm(p.sh, T("tui.delete.title", e.Code, ui.OneLine(e.Name)), T("tui.delete.desc"), p.w, p.h)
	p.confirmFor, p.confirmEng, p.confirmRet = confirmDelete, e, dashList
	p.show(dashConfirm)
	return cmd
}

func (p *dashboardPage) askDiscard(d store.Draft) tea.Cmd {
	T := p.sh.T
	var cmd tea.Cmd
	p.confirm, cmd = ui.NewConfirmForm(p.sh, T("tui.discard.title", p.drafts.summary(&d)), T("tui.discard.desc"), p.w, p.h)
	p.confirmFor, p.confirmDft, p.confirmRet = confirmDiscard, d, dashDrafts
	p.show(dashConfirm)
	return cmd
}

func (p *dashboardPage) afterConfirm() tea.Cmd {
	c := p.confirm
	if c.Form.State == huh.StateNormal {
		return nil
	}
	p.confirm = nil
	yes := c.Form.State == huh.StateCompleted && c.Yes
	if p.confirmRet == dashDrafts {
		p.show(dashDrafts)
	} else {
		p.toList()
	}
	if !yes {
		p.sh.SetStatus(p.sh.T("tui.status.nothing_changed"))
		return nil
	}
	switch p.confirmFor {
	case confirmDelete:
		// Yes: now who approved it, and why (GB/T 39477—2020 6.3.4).
		var cmd tea.Cmd
		p.confirm, p.approval, cmd = ui.NewApprovalForm(p.sh, p.sh.T("tui.delete.title", p.confirmEng.Code, ui.OneLine(p.confirmEng.Name)), p.w, p.h)
		p.confirmFor = confirmDeleteApproved
		p.show(dashConfirm)
		return cmd
	case confirmDeleteApproved:
		p.confirmNext = p.neighbourOf(p.confirmEng.ID)
		return deleteEngagement(p.sh, p.confirmEng, *p.approval)
	case confirmDiscard:
		return discardDraft(p.sh, p.confirmDft.ID)
	}
	return nil
}

// neighbourOf is the engagement to select once id is gone: the next one in
// the list, or the one before when it was the last.
func (p *dashboardPage) neighbourOf(id int64) int64 {
	d := p.dash
	for i, ri := range d.view {
		if d.rows[ri].e.ID != id {
			continue
		}
		if i+1 < len(d.view) {
			return d.rows[d.view[i+1]].e.ID
		}
		if i > 0 {
			return d.rows[d.view[i-1]].e.ID
		}
	}
	return 0
}
