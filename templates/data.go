package templates

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"outsec/i18n"
	"outsec/model"
	"outsec/model/contract"
	xm "outsec/model/exit"
	"outsec/model/filing"
	"outsec/model/risk"
	"outsec/model/screening"
	"outsec/store"
)

// DocData is everything a template of one engagement may show. Load fills it
// from the store; the caller may then change the details (Seq,
// Version, Date, Marking, Sign) before Fill. Text fields hold the data as
// stored: templates pass them through md; the tables (AssetTable …) escape
// their cells themselves.
type DocData struct {
	Lang string
	// Set by Fill for the document being filled.
	Kind   Kind
	Title  string
	Number string

	// The issue of the document.
	Seq     int        // sequence of this document type for the engagement: 1, 2 …
	Version string     // "1.0"
	Date    model.Date // date of issue
	Marking string     // classification marking: 内部 / Internal …
	Sign    Signatures // 编制/审核/批准

	Engagement model.Engagement
	// unmasked holds the people as recorded when MaskPersonal masked them:
	// the person NDA shows its own signatory's numbers in full.
	unmasked []screening.Person
	// AuditHead is the audit chain's head when the data were read; a signed
	// export's metadata carries it.
	AuditHead   store.AuditHead
	ServiceType string // the service category's name
	VendorScale string // the vendor scale's name

	Assessment     risk.Assessment
	Method         string // names of the frozen settings
	AssetRule      string
	Rounding       string
	Proposal       string // what the data propose (5.1.2 b)), and its clause
	ProposalClause string
	Reasons        []Reason
	Decision       string // the leader's decision (5.1.2 b)), empty until recorded
	DecisionClause string
	Concluded      bool
	// Counts per risk level 1–5 before ([0]) and after ([1]) treatment.
	LevelCounts [2][6]int
	Residuals   int // risks whose residual risk is assessed, or avoided
	Avoided     int // risks avoided: gone (seed 002 §7.13)
	Untreated   int // risks above the acceptable level with no treatment

	Screening     screening.Screening
	VendorVerdict string
	VendorTally   screening.Tally
	People        []PersonView
	WithoutNDA    int

	// Person is the service person a per-person document names (the person
	// NDA, Kind.PerPerson); nil in every other document. ForPerson sets it.
	Person *PersonView

	// The contract (6.2; cloud: seed 001 6.6) and the NDAs (6.4), set by
	// SetContract. Cloud is the engagement's CloudWebsite: the cloud and data
	// items of the catalog and the SLA apply.
	Contract contract.Contract
	Cloud    bool
	// ContractItems are the items the contract is reviewed against
	// (contract.ItemsFor), in catalog order, each with its finding and its
	// drafted wording; ContractSections are the same items by group, as the
	// annex numbers them (1.1, 1.2 … 2.1 …).
	ContractItems    []ContractItem
	ContractSections []ContractSection
	// ContractGaps are the items missing, partly covered, or required and not
	// yet assessed (contract.Contract.Gaps), with what to add.
	ContractGaps []ContractGap
	// ContractAssessed of ContractTotal items are assessed.
	ContractAssessed, ContractTotal int
	// ContractStale: a factor change is recorded after the review's date
	// (6.2.1 b)).
	ContractStale bool
	// SLA is the indicator table of the cloud SLA (seed 001 6.6.2, annex 2)
	// with the engagement's targets; empty when not Cloud.
	SLA []SLARow
	// NDAClauses are the clauses of the NDA's contents (contract.NDAItems).
	NDAClauses []ContractItem
	params     map[string]string

	Lifecycle []StepView
	Phase     string // the phase the engagement stands in

	// The security management plan and the filing (planfiling.go), set by
	// SetPlanFiling: Filing is the version the filing documents show, the
	// latest unless ForFiling chose another; nil before the first.
	Plan    PlanView
	Filing  *FilingView
	filings []filing.Version
	// Register is the findings register, the incidents and their evidence
	// (findings.go, SetRegister).
	Register RegisterView
	// Exit is the service exit (exit.go, SetExit); exitItems its inventory
	// as stored, for the workbook.
	Exit      ExitView
	exitItems []xm.Item
	// Supervision is the records of clause 7 (supervision.go,
	// SetSupervision).
	Supervision SupervisionView

	cat *i18n.Catalog
	idx *names
}

// Reason is one finding behind the proposal, in words, with its clause.
type Reason struct{ Text, Clause string }

// PersonView is one service person as the screening form shows them.
type PersonView struct {
	N        int
	Person   screening.Person
	Employer string
	IDType   string
	Verdict  string
	Tally    screening.Tally
	HasNDA   bool
}

// ContractItem is one item of the clause catalog as the contract documents
// show it, in the document's language.
type ContractItem struct {
	N        int    // place in the review table: 1, 2 …
	Para     string // number of its paragraph in the annex: "1.3"
	ID       string // the catalog's id: "sec.a7"
	Group    string // the group's name
	Title    string
	Clause   string // the clause in full: GB/T 32926—2016 6.2.1 a) 7)
	Label    string // its place in the clause: 6.2.1 a) 7)
	Required bool
	Must     string // what a good clause must say
	Draft    string // the drafted wording, parameters filled in
	// The finding of the review: status in words ("" for the NDA's items),
	// where the contract says it, the reviewer's note.
	Status, Article, Note string
}

// ContractSection is one group of the catalog in the annex.
type ContractSection struct {
	N      int
	Title  string
	Clause string
	Items  []ContractItem
}

// ContractGap is one item the contract does not yet cover well enough.
type ContractGap struct {
	N                         int
	ID, Title, Clause, Status string
	Must                      string
	Article, Note             string
}

// SLARow is one indicator of the cloud SLA.
type SLARow struct {
	N                        int
	ID, Name, Target, Define string
}

// StepView is one step of the lifecycle as the summary shows it.
type StepView struct {
	Phase, Name, Clause, State string
	Blocks                     []string
}

// Load assembles the data of one engagement from the store: the engagement,
// its risk assessment, its screening, its contract record (SetContract) and
// its lifecycle, all from one store.Snapshot, so that a document never mixes
// the state before a change with the state after it. The date of issue is
// the store's today at the snapshot; the sequence 1, the version 1.0, the
// marking "internal".
func Load(ctx context.Context, st *store.Store, engagementID int64, lang string) (*DocData, error) {
	snap, err := st.Snapshot(ctx, engagementID)
	if err != nil {
		return nil, err
	}
	d := Assemble(snap.Engagement, snap.RiskAssessment, snap.Screening, model.Date(snap.At.Local().Format(model.DateLayout)), lang)
	d.SetContract(snap.Contract)
	// The lifecycle as the workbench shows it: every workflow's facts (the
	// contract and NDAs, the signed documents, the signing policy), from
	// the store's one computation of them (LifecycleFacts, for this
	// engagement).
	d.SetLifecycle(snap.Facts)
	d.SetPlanFiling(snap.Plan, snap.Filings)
	d.SetRegister(snap.Register)
	d.AuditHead = snap.AuditHead
	if st.Masking(ctx) {
		d.MaskPersonal()
	}
	d.SetExit(snap.Exit)
	d.SetSupervision(snap.Supervision)
	return d, nil
}

// SetLifecycle sets the lifecycle (Lifecycle, Phase) from the workflows'
// facts.
func (d *DocData) SetLifecycle(f model.Facts) {
	lang, cat := d.Lang, d.cat
	steps := model.Lifecycle(&d.Engagement, f)
	d.Phase = cat.T(model.CurrentPhase(steps).Key())
	d.Lifecycle = d.Lifecycle[:0]
	for _, s := range steps {
		v := StepView{Phase: cat.T(s.Phase.Key()), Name: cat.T(s.Key()), Clause: clauseText(lang, s.Clause), State: cat.T(s.State.Key())}
		for _, b := range s.Blocks {
			v.Blocks = append(v.Blocks, cat.T(b.Key, b.Args...)+" ("+clauseText(lang, b.Clause)+")")
		}
		d.Lifecycle = append(d.Lifecycle, v)
	}
}

// Assemble builds the data from records already in memory.
func Assemble(e model.Engagement, a risk.Assessment, sc screening.Screening, today model.Date, lang string) *DocData {
	if lang != "en" {
		lang = "zh-CN"
	}
	cat := i18n.New(i18n.Lang(lang))
	d := &DocData{
		Lang: lang, Seq: 1, Version: "1.0", Date: today, Marking: cat.T("doc.marking.internal"),
		Engagement: e, Assessment: a, Screening: sc, cat: cat,
		ServiceType: cat.T("service." + string(e.ServiceType)),
		VendorScale: cat.T("scale." + string(e.Vendor.Scale)),
	}
	d.Assessment.Recompute()
	as := &d.Assessment
	s := as.Settings
	d.Method = cat.T("risk.method." + string(s.Method))
	d.AssetRule = cat.T("risk.asset_rule." + string(s.AssetRule))
	if s.AssetRule == risk.AssetWeighted {
		d.AssetRule += fmt.Sprintf(" (C %s, I %s, A %s)", Num(s.Weights[0]), Num(s.Weights[1]), Num(s.Weights[2]))
	}
	d.Rounding = cat.T("risk.rounding." + string(s.Rounding))
	p, reasons := as.Propose()
	d.Proposal, d.ProposalClause = cat.T("risk.proposal."+string(p)), clauseText(lang, p.Clause())
	for _, r := range reasons {
		d.Reasons = append(d.Reasons, Reason{Text: cat.T(r.Key, r.Args...), Clause: clauseText(lang, r.Clause)})
	}
	c := as.Conclusion
	if c.Decision != "" {
		d.Decision, d.DecisionClause = cat.T("risk.proposal."+string(c.Decision)), clauseText(lang, c.Decision.Clause())
	}
	d.Concluded = c.Concluded()
	for _, r := range as.Risks {
		d.LevelCounts[0][clampLevel(r.Inherent.Level)]++
		switch f := r.Final(); {
		case r.Avoided():
			d.Residuals++ // gone: nothing left to rate (seed 002 §7.13)
			d.Avoided++
		case r.Residual != nil:
			d.Residuals++
			d.LevelCounts[1][clampLevel(f.Level)]++
		}
		if c.AcceptableLevel >= 1 && !c.Acceptable(r.Inherent.Level) && (r.Treatment.Option == risk.TreatNone || r.Treatment.Option == risk.TreatKeep) {
			d.Untreated++
		}
	}

	d.VendorVerdict = cat.T(sc.Vendor.Verdict(screening.VendorItems).Key())
	d.VendorTally = sc.Vendor.Count(screening.VendorItems)
	d.WithoutNDA = sc.WithoutNDA()
	for i := range sc.People {
		p := sc.People[i]
		d.People = append(d.People, PersonView{
			N: i + 1, Person: p, Employer: p.EmployerOr(e.Vendor.Name), IDType: cat.T(p.IDType.Key()),
			Verdict: cat.T(p.Verdict().Key()), Tally: p.Checklist.Count(screening.PersonItems), HasNDA: p.HasNDA(),
		})
	}

	var f model.Facts
	st, blocks := as.LifecycleState()
	f.States = map[model.StepID]model.State{model.StepRisk: st}
	if len(blocks) > 0 {
		f.Blocks = map[model.StepID][]model.Block{model.StepRisk: blocks}
	}
	sc.Facts(&f)
	d.SetLifecycle(f)

	d.SetContract(contract.Contract{})

	d.Sign.Prepared = Signer{Date: today}
	if len(e.Managers) > 0 {
		d.Sign.Reviewed = Signer{Name: e.Managers[0].Name}
	}
	d.Sign.Approved = Signer{Name: e.Leader}
	return d
}

var enClauses = strings.NewReplacer(
	contract.CloudStd, "Security guide of government website cloud computing services (draft)",
	"附录 A 合同范本 ", "annex A, sample contract ", "附录 A 附件 ", "annex A, attachment ",
	"附录 ", "Annex ", "风险评估程序 ", "procedure ")

// clauseText is a clause as the document's language writes it: the model
// names clauses as the standards do in Chinese ("附录 A"); English documents
// say "Annex A".
func clauseText(lang string, c model.Clause) string {
	if lang == "en" {
		return enClauses.Replace(string(c))
	}
	return string(c)
}

func clampLevel(l int) int {
	if l < 0 || l > 5 {
		return 0
	}
	return l
}

func (d *DocData) t(key string, args ...any) string { return d.cat.T(key, args...) }

func (d *DocData) heads(keys ...string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = d.t("doc.col." + k)
	}
	return out
}

// names indexes the registers' names by id, once per DocData.
func (d *DocData) names() *names {
	if d.idx == nil {
		n := &names{asset: map[int64]string{}, threat: map[int64]string{}, vuln: map[int64]string{}}
		for _, a := range d.Assessment.Assets {
			n.asset[a.ID] = a.Name
		}
		for _, t := range d.Assessment.Threats {
			n.threat[t.ID] = t.Name
		}
		for _, v := range d.Assessment.Vulns {
			n.vuln[v.ID] = v.Description
		}
		d.idx = n
	}
	return d.idx
}

type names struct{ asset, threat, vuln map[int64]string }

func orUnknown(m map[int64]string, id int64) string {
	if s, ok := m[id]; ok {
		return s
	}
	return "?"
}

func (d *DocData) assetName(id int64) string  { return orUnknown(d.names().asset, id) }
func (d *DocData) threatName(id int64) string { return orUnknown(d.names().threat, id) }
func (d *DocData) vulnName(id int64) string   { return orUnknown(d.names().vuln, id) }

func itoa(n int) string { return strconv.Itoa(n) }

func (d *DocData) lvl(n int) string { return d.t("risk.level." + itoa(clampLevel(n))) }

func (d *DocData) scoreLevel(n int) string { return itoa(n) + " " + d.lvl(n) }

func (d *DocData) dateCell(x model.Date) string {
	if x.IsZero() {
		return ""
	}
	return FormatDate(d.Lang, x)
}

// AssetTable is the asset register (seed 002 §7.5).
func (d *DocData) AssetTable() string {
	var rows [][]string
	for _, a := range d.Assessment.Assets {
		rows = append(rows, []string{"A" + strconv.FormatInt(a.ID, 10), a.Name, d.t("risk.asset_type." + string(a.Type)), a.Owner,
			itoa(a.C), itoa(a.I), itoa(a.A), AssetValue(a.Value), d.scoreLevel(a.Level)})
	}
	return Table(d.heads("id", "asset", "type", "owner", "c", "i", "a", "value", "level"), rows)
}

// ThreatTable is the threat register (§7.6).
func (d *DocData) ThreatTable() string {
	var rows [][]string
	for _, t := range d.Assessment.Threats {
		rows = append(rows, []string{"T" + strconv.FormatInt(t.ID, 10), t.Name, d.t("risk.source." + string(t.Source)),
			d.t("risk.path." + string(t.Path)), t.Method, d.scoreLevel(t.Frequency)})
	}
	return Table(d.heads("id", "threat", "source", "path", "method", "frequency"), rows)
}

// VulnTable is the vulnerability register (§7.7).
func (d *DocData) VulnTable() string {
	var rows [][]string
	for _, v := range d.Assessment.Vulns {
		rows = append(rows, []string{"V" + strconv.FormatInt(v.ID, 10), v.Description, d.assetName(v.AssetID),
			d.t("risk.category." + string(v.Category)), d.t("risk.identified." + string(v.Identified)), d.scoreLevel(v.Severity)})
	}
	return Table(d.heads("id", "vulnerability", "asset", "category", "identified", "severity"), rows)
}

// ControlTable is the register of existing and planned controls (5.1.1 c)).
func (d *DocData) ControlTable() string {
	var rows [][]string
	for _, c := range d.Assessment.Controls {
		refs := make([]string, len(c.RiskIDs))
		for i, id := range c.RiskIDs {
			refs[i] = RiskRef(id)
		}
		rows = append(rows, []string{"C" + strconv.FormatInt(c.ID, 10), c.Name, c.Description,
			d.t("risk.control_status." + string(c.Status)), d.t("risk.effectiveness." + string(c.Effectiveness)), strings.Join(refs, ", ")})
	}
	return Table(d.heads("id", "control", "description", "status", "effectiveness", "risks"), rows)
}

func (d *DocData) option(o risk.TreatmentOption) string {
	if o == risk.TreatNone {
		return d.t("risk.treatment.none")
	}
	return d.t("risk.treatment." + string(o))
}

func (d *DocData) acceptable(level int) string {
	if d.Assessment.Conclusion.AcceptableLevel < 1 {
		return ""
	}
	if d.Assessment.Conclusion.Acceptable(level) {
		return d.t("doc.yes")
	}
	return d.t("doc.no")
}

// AssetValue is an asset's value as every document shows it: with its one
// decimal (seed 002 §7.5 table; the log rule gives 3.5 for C=4, I=4, A=1).
func AssetValue(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// finalText is the risk as it stands after every treatment: "avoided", or
// the last residual score, or "".
func (d *DocData) finalText(r risk.Risk) string {
	if r.Avoided() {
		return d.t("risk.avoided")
	}
	if r.Retreatment != nil && r.Retreatment.Residual != nil {
		return Num(r.Retreatment.Residual.Value) + " / " + d.scoreLevel(r.Retreatment.Residual.Level)
	}
	if r.Residual != nil {
		return Num(r.Residual.Value) + " / " + d.scoreLevel(r.Residual.Level)
	}
	return ""
}

// byLevel is the risks highest inherent level first (seed 002 §7.13: high
// risks are considered first), then by value, then in register order.
func (d *DocData) byLevel() []risk.Risk {
	rs := append([]risk.Risk(nil), d.Assessment.Risks...)
	sort.SliceStable(rs, func(i, j int) bool {
		if rs[i].Inherent.Level != rs[j].Inherent.Level {
			return rs[i].Inherent.Level > rs[j].Inherent.Level
		}
		return rs[i].Inherent.Value > rs[j].Inherent.Value
	})
	return rs
}

// UnitTable is the register of the department's own units, the negative
// effect each may have on managing the outsourcing, and its treatment
// (GB/T 32926—2016 5.1.1 b)).
func (d *DocData) UnitTable() string {
	var rows [][]string
	for _, u := range d.Assessment.Units {
		rows = append(rows, []string{"U" + strconv.FormatInt(u.ID, 10), u.Name, d.t("risk.unit_role." + string(u.Role)),
			u.Effect, u.Treatment, u.Owner})
	}
	return Table(d.heads("id", "unit", "unit_role", "unit_effect", "unit_treatment", "owner"), rows)
}

// CostBenefitTable is the cost-benefit analysis of 5.1.2 b): each risk above
// the acceptable level with its treatments, their cost and the effectiveness
// of the controls it relies on, then the total against the recorded figure.
func (d *DocData) CostBenefitTable() string {
	a := &d.Assessment
	c := a.Conclusion
	ctrl := map[int64][]string{}
	for _, x := range a.Controls {
		for _, id := range x.RiskIDs {
			ctrl[id] = append(ctrl[id], x.Name+" ("+d.t("risk.effectiveness."+string(x.Effectiveness))+")")
		}
	}
	var rows [][]string
	if c.AcceptableLevel >= 1 {
		for _, r := range d.byLevel() {
			if r.Inherent.Level == 0 || c.Acceptable(r.Inherent.Level) {
				continue
			}
			opt := d.option(r.Treatment.Option)
			if r.Retreatment != nil {
				opt += " → " + d.option(r.Retreatment.Treatment.Option)
			}
			rows = append(rows, []string{RiskRef(r.ID), d.assetName(r.AssetID) + " / " + d.threatName(r.ThreatID),
				d.scoreLevel(r.Inherent.Level), opt, strings.Join(ctrl[r.ID], d.t("doc.list_sep")), d.finalText(r), Money(r.TotalCost())})
		}
	}
	cb := a.CostBenefit()
	rows = append(rows, []string{"", d.t("doc.cb.total", cb.Unacceptable), "", "", d.t("doc.cb.effective", cb.Effective, cb.Controlled), "", Money(cb.Cost)})
	benefit := d.t("doc.cb.no_benefit")
	if cb.Weighed() {
		basis := ""
		if cb.Basis != "" {
			basis = d.t("risk.benefit_basis." + string(cb.Basis))
		}
		benefit = Money(cb.Benefit)
		rows = append(rows, []string{"", d.t("doc.cb.benefit", basis), "", "", "", "", benefit})
	} else {
		rows = append(rows, []string{"", benefit, "", "", "", "", ""})
	}
	return Table(d.heads("id", "risk", "inherent", "treatment", "controls", "final", "cost"), rows)
}

// Money is an amount in yuan with two decimals.
func Money(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) }

// RiskTable is the risk register: each triple with its inherent and residual
// risk (seed 002 §7.8–7.14).
func (d *DocData) RiskTable() string {
	var rows [][]string
	for _, r := range d.Assessment.Risks {
		res := d.finalText(r)
		rows = append(rows, []string{RiskRef(r.ID), d.assetName(r.AssetID), d.threatName(r.ThreatID), d.vulnName(r.VulnID),
			Num(r.Inherent.Likelihood) + " / " + itoa(r.Inherent.LikelihoodLevel), Num(r.Inherent.Loss) + " / " + itoa(r.Inherent.LossLevel),
			Num(r.Inherent.Value) + " / " + d.scoreLevel(r.Inherent.Level), d.acceptable(r.Inherent.Level), d.option(r.Treatment.Option), res})
	}
	return Table(d.heads("id", "asset", "threat", "vulnerability", "likelihood", "loss", "inherent", "acceptable", "treatment", "residual"), rows)
}

// TreatmentTable is the treatment plan: option, measure, owner, deadline,
// cost and status of each risk (§7.13).
func (d *DocData) TreatmentTable() string {
	var rows [][]string
	row := func(ref, name, level string, t risk.Treatment) []string {
		cost, status := "", ""
		if t.Cost != 0 {
			cost = Num(t.Cost)
		}
		if t.Status != "" {
			status = d.t("risk.treatment_status." + string(t.Status))
		}
		return []string{ref, name, level, d.option(t.Option), t.Measure, t.Owner, d.dateCell(t.Deadline), cost, status}
	}
	// Highest level first (§7.13); a second treatment (§7.14) follows its
	// first, which is kept.
	for _, r := range d.byLevel() {
		name := d.assetName(r.AssetID) + " / " + d.threatName(r.ThreatID)
		rows = append(rows, row(RiskRef(r.ID), name, d.scoreLevel(r.Inherent.Level), r.Treatment))
		if rt := r.Retreatment; rt != nil {
			level := ""
			if r.Residual != nil {
				level = d.scoreLevel(r.Residual.Level)
			}
			x := row(RiskRef(r.ID)+" "+d.t("doc.retreatment"), name, level, rt.Treatment)
			if rt.Treatment.Option == risk.TreatAccept {
				x[4] = strings.TrimSpace(x[4] + " " + d.t("doc.approved_by", rt.ApprovedBy, d.dateCell(rt.ApprovedOn)))
			}
			rows = append(rows, x)
		}
	}
	return Table(d.heads("id", "risk", "inherent", "treatment", "measure", "owner", "deadline", "cost", "status"), rows)
}

// ResidualTable compares each risk before and after treatment (§7.14).
func (d *DocData) ResidualTable() string {
	var rows [][]string
	for _, r := range d.byLevel() {
		rt, rv, res, acc := "", "", "", ""
		switch {
		case r.Treatment.Option == risk.TreatAvoid:
			res, acc = d.t("risk.avoided"), d.t("doc.yes")
		case r.Residual != nil:
			rt, rv = itoa(r.ResidualThreat), itoa(r.ResidualVuln)
			res = Num(r.Residual.Value) + " / " + d.scoreLevel(r.Residual.Level)
			acc = d.acceptable(r.Residual.Level)
		}
		second := ""
		if x := r.Retreatment; x != nil {
			second = d.option(x.Treatment.Option)
			switch {
			case x.Treatment.Option == risk.TreatAvoid:
				second += ": " + d.t("risk.avoided")
			case x.Treatment.Option == risk.TreatAccept:
				second += ": " + d.t("doc.approved_by", x.ApprovedBy, d.dateCell(x.ApprovedOn))
			case x.Residual != nil:
				second += fmt.Sprintf(": %d/%d → %s / %s (%s)", x.ResidualThreat, x.ResidualVuln, Num(x.Residual.Value),
					d.scoreLevel(x.Residual.Level), d.acceptable(x.Residual.Level))
			}
		}
		rows = append(rows, []string{RiskRef(r.ID), d.assetName(r.AssetID) + " / " + d.threatName(r.ThreatID),
			Num(r.Inherent.Value) + " / " + d.scoreLevel(r.Inherent.Level), d.option(r.Treatment.Option), rt, rv, res, acc, second})
	}
	return Table(d.heads("id", "risk", "inherent", "treatment", "residual_threat", "residual_vuln", "residual", "acceptable", "retreatment"), rows)
}

// LevelTable counts the risks per level before and after treatment.
func (d *DocData) LevelTable() string {
	var rows [][]string
	for l := 5; l >= 1; l-- {
		rows = append(rows, []string{d.scoreLevel(l), itoa(d.LevelCounts[0][l]), itoa(d.LevelCounts[1][l])})
	}
	return Table(d.heads("level", "count_inherent", "count_residual"), rows)
}

func (d *DocData) checklist(cl screening.Checklist, items []screening.Item) string {
	var rows [][]string
	for _, it := range items {
		a := cl.Answer(it.ID)
		rows = append(rows, []string{it.Label(), d.t(it.Key()), d.t(a.Result.Key()), a.Evidence})
	}
	return Table(d.heads("clause", "condition", "result", "evidence"), rows)
}

// VendorTable is the vendor's checklist of 6.1 b) 1)–10).
func (d *DocData) VendorTable() string {
	return d.checklist(d.Screening.Vendor, screening.VendorItems)
}

// PersonTable is one person's checklist of 6.1 c) 1)–7).
func (d *DocData) PersonTable(p PersonView) string {
	return d.checklist(p.Person.Checklist, screening.PersonItems)
}

// PeopleTable is the register of service personnel (6.1 a), c); 6.4 a)).
func (d *DocData) PeopleTable() string {
	var rows [][]string
	for _, p := range d.People {
		nda := d.t("doc.no_nda")
		if p.HasNDA {
			nda = d.dateCell(p.Person.NDASigned)
		}
		id := ""
		if p.Person.IDNumber != "" {
			id = p.IDType + " " + p.Person.IDNumber
		}
		rows = append(rows, []string{itoa(p.N), p.Person.Name, p.Person.Role, p.Employer, id, d.dateCell(p.Person.StartDate), nda, p.Verdict})
	}
	return Table(d.heads("n", "person_name", "role", "employer", "id_document", "start", "nda", "verdict"), rows)
}

// LifecycleTable is every step of the lifecycle with its state and what
// blocks it (4.3).
func (d *DocData) LifecycleTable() string {
	var rows [][]string
	for _, s := range d.Lifecycle {
		rows = append(rows, []string{s.Phase, s.Name, s.Clause, s.State, strings.Join(s.Blocks, "; ")})
	}
	return Table(d.heads("phase", "step", "clause", "state", "blocks"), rows)
}

// DataInvolved names the data the engagement involves: the assets of type
// "data" of the risk assessment, joined; empty when none is registered.
func (d *DocData) DataInvolved() string {
	var out []string
	for _, a := range d.Assessment.Assets {
		if a.Type == "data" {
			out = append(out, a.Name)
		}
	}
	return strings.Join(out, d.t("doc.list_sep"))
}

// Managers lists the engagement's managers as "name (role)".
func (d *DocData) Managers() string {
	var out []string
	for _, m := range d.Engagement.Managers {
		s := m.Name
		if m.Role != "" {
			s += " (" + m.Role + ")"
		}
		out = append(out, s)
	}
	return strings.Join(out, d.t("doc.list_sep"))
}

// SetContract puts the engagement's contract record into d, with everything
// the contract documents and the NDAs show: the review's items and gaps in
// d's language, the annex's numbered clauses with the parameters (the
// engagement's values, else the defaults) filled in, and the SLA when the
// engagement is a government website on cloud services. Assemble calls it
// with an empty record; Load with the stored one. The lifecycle (Lifecycle,
// Phase) stays as Assemble derived it from the risk assessment and the
// screening.
func (d *DocData) SetContract(c contract.Contract) {
	lang := d.Lang
	d.Contract, d.Cloud = c, d.Engagement.CloudWebsite
	d.params = c.Values()
	d.ContractItems, d.ContractSections, d.ContractGaps, d.SLA, d.NDAClauses = nil, nil, nil, nil, nil
	view := func(it contract.Item) ContractItem {
		return ContractItem{
			ID: it.ID, Group: d.t("doc.contract.group." + string(it.Group)), Title: it.Title(lang),
			Clause: clauseText(lang, it.Clause), Label: clauseText(lang, model.Clause(it.Label())), Required: it.Required,
			Must: it.Must(lang), Draft: it.DraftText(lang, d.params),
		}
	}
	sections := map[contract.Group]int{}
	for i, it := range contract.ItemsFor(d.Cloud) {
		v := view(it)
		v.N = i + 1
		a := c.Review.Assessment(it.ID)
		v.Status, v.Article, v.Note = d.t("doc.contract.status."+statusName(a.Status)), a.Article, a.Note
		si, ok := sections[it.Group]
		if !ok {
			d.ContractSections = append(d.ContractSections, ContractSection{
				N: len(d.ContractSections) + 1, Title: d.t("doc.contract.group." + string(it.Group)),
				Clause: d.t("doc.contract.group_clause." + string(it.Group)),
			})
			si = len(d.ContractSections) - 1
			sections[it.Group] = si
		}
		s := &d.ContractSections[si]
		v.Para = itoa(s.N) + "." + itoa(len(s.Items)+1)
		s.Items = append(s.Items, v)
		d.ContractItems = append(d.ContractItems, v)
	}
	for i, g := range c.Gaps(d.Cloud) {
		a := c.Review.Assessment(g.Item.ID)
		d.ContractGaps = append(d.ContractGaps, ContractGap{
			N: i + 1, ID: g.Item.ID, Title: g.Item.Title(lang), Clause: clauseText(lang, g.Clause),
			Status: d.t("doc.contract.status." + statusName(g.Status)), Must: g.Must(lang), Article: a.Article, Note: a.Note,
		})
	}
	d.ContractAssessed, d.ContractTotal = c.Progress(d.Cloud)
	d.ContractStale = c.Stale()
	if d.Cloud {
		for i, s := range contract.SLAIndicators() {
			d.SLA = append(d.SLA, SLARow{N: i + 1, ID: s.ID, Name: s.Title(lang),
				Target: s.TargetText(lang, d.params), Define: s.Define(lang, d.params)})
		}
	}
	for _, it := range contract.NDAItems(d.Cloud) {
		d.NDAClauses = append(d.NDAClauses, view(it))
	}
}

func statusName(s contract.Status) string {
	if s == contract.Unassessed {
		return "unassessed"
	}
	return string(s)
}

// Param is the value of a parameter of the contract's catalog or SLA
// (contract.Params) as the document writes it — the engagement's value, else
// the default, with its unit — made safe for Markdown. An unknown name is an
// error, so that Check reports a misspelt one.
func (d *DocData) Param(name string) (string, error) {
	p, ok := contract.ParamByName(name)
	if !ok {
		return "", fmt.Errorf("no contract parameter %q", name)
	}
	return Escape(p.Format(d.Lang, d.params[name])), nil
}

// ReviewTable is every item the contract is reviewed against, with the
// finding (6.2.1, 6.2.2; cloud: seed 001 6.6).
func (d *DocData) ReviewTable() string {
	var rows [][]string
	for _, it := range d.ContractItems {
		req := d.t("doc.contract.recommended")
		if it.Required {
			req = d.t("doc.contract.required")
		}
		rows = append(rows, []string{itoa(it.N), it.Title, it.Clause, req, it.Status, it.Article, it.Note})
	}
	return Table(d.heads("n", "contract_item", "clause", "contract_required", "contract_status", "contract_article", "contract_note"), rows)
}

// SLATable is the indicator table of the cloud SLA with the agreed targets
// (seed 001 6.6.2 a), annex 2).
func (d *DocData) SLATable() string {
	var rows [][]string
	for _, s := range d.SLA {
		rows = append(rows, []string{itoa(s.N), s.Name, s.Target})
	}
	return Table(d.heads("n", "sla_indicator", "sla_target"), rows)
}

// FactorTable lists the recorded changes of the security factors (6.2.1 b)).
func (d *DocData) FactorTable() string {
	var rows [][]string
	for i, f := range d.Contract.FactorChanges {
		rows = append(rows, []string{itoa(i + 1), d.dateCell(f.Date), f.Description})
	}
	return Table(d.heads("n", "factor_date", "factor_description"), rows)
}
