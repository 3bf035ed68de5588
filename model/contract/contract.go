// Package contract is the contract security clauses and NDAs of an engagement:
// the catalog of what the service contract must say (GB/T 32926—2016 6.2.1
// a) 1)–9), b), c); the exit strategy of 6.2.2 a) 1)–4), b) 1)–6), c) 1)–6));
// for a government website on cloud services the guide of seed 001, 6.6.1
// a)–g), 6.6.2 with the SLA indicators of its annex 2, 6.6.3, and the data
// protections of its sample contract), the contents of an NDA (6.4 b) 1)–5)),
// the review of a contract against the catalog, the parameters of the drafted
// annex and SLA, the recorded changes of the security factors (6.2.1 b)), and
// what all of this means for the lifecycle steps "contract" and "NDA".
//
// The catalog is Go data (catalog.go, sla.go): every item's wording in
// Chinese and English is the project's own, with the clause it comes from. It
// is pure: no SQL, no terminal, no files.
package contract

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"outsec/model"
	"outsec/model/screening"
)

// Languages of the catalog's text. Any language tag starting with "en" is
// English; anything else is Chinese.
const (
	LangZH = "zh-CN"
	LangEN = "en"
)

func isEN(lang string) bool { return strings.HasPrefix(strings.ToLower(lang), "en") }

// Text is one text in both languages.
type Text struct{ ZH, EN string }

// In is the text in lang.
func (t Text) In(lang string) string {
	if isEN(lang) {
		return t.EN
	}
	return t.ZH
}

// Standards the catalog cites.
const (
	// Std is GB/T 32926—2016, information security management of government
	// IT-service outsourcing.
	Std = "GB/T 32926—2016"
	// CloudStd is the draft guide for government websites on cloud services
	// (seed 001), named as model.ClauseCloud names it: the draft has no number
	// of its own yet (its cover prints the number as a row of letters X).
	CloudStd = "政府网站云计算服务安全指南 (征求意见稿)"
)

// Clauses of the rules of this package.
const (
	ClauseSecurity     model.Clause = Std + " 6.2.1 a)"
	ClauseFactorChange model.Clause = Std + " 6.2.1 b)"
	ClauseExit         model.Clause = Std + " 6.2.2"
	ClauseContract     model.Clause = Std + " 6.2.1, 6.2.2"
	ClauseNDA          model.Clause = Std + " 6.4 a)"
	ClauseNDAContent   model.Clause = Std + " 6.4 b)"
	ClauseCloudSLA     model.Clause = CloudStd + " 6.6.2"
)

// Group is a part of the catalog.
type Group string

const (
	GroupSecurity Group = "security" // information security clauses, 6.2.1
	GroupExit     Group = "exit"     // exit strategy clauses, 6.2.2
	GroupCloud    Group = "cloud"    // cloud service contract, seed 001 6.6
	GroupData     Group = "data"     // data protections of the sample cloud contract, seed 001 annex A
	GroupNDA      Group = "nda"      // contents of an NDA, 6.4 b); not part of the contract review
)

// Groups lists the groups in catalog order.
var Groups = []Group{GroupSecurity, GroupExit, GroupCloud, GroupData, GroupNDA}

// Key is the catalog key of the group's name.
func (g Group) Key() string { return "contract.group." + string(g) }

// Item is one element of the clause catalog: something a contract (or, for
// GroupNDA, an NDA) must say.
type Item struct {
	// ID is stable: assessments are stored and exchanged under it
	// ("sec.a1", "exit.b3", "cloud.sla", "data.deletion", "nda.b2").
	ID     string
	Group  Group
	Clause model.Clause
	// Cloud: the item applies only to an engagement for a government website
	// on cloud services (model.Engagement.CloudWebsite).
	Cloud bool
	// Required: the clause says "shall" (应). A required item missing or only
	// partly covered blocks the step; it may be "not applicable" only with a
	// note saying why. The others are recommended (the sample contract).
	Required bool
	// Params are the values the drafted wording needs, in order.
	Params []Param
	// Name is the short title; Requirement is what a good clause must say (for
	// the reviewer, and what a gap asks to add); Wording is the project's
	// clause for the drafted annex, with parameters written {name}.
	Name, Requirement, Wording Text
}

// Title is the item's short title in lang.
func (it Item) Title(lang string) string { return it.Name.In(lang) }

// Must is what a good clause must say, in lang.
func (it Item) Must(lang string) string { return it.Requirement.In(lang) }

// Draft is the drafted wording in lang with its placeholders as written.
func (it Item) Draft(lang string) string { return it.Wording.In(lang) }

// DraftText is the drafted wording in lang with every {name} replaced by the
// value of that parameter in params, written for lang (units, percent). A
// parameter missing or empty in params shows as a visible blank "____"
// (followed by its unit, if it has one). Pass Contract.Values to fill in the
// defaults of the parameters not set.
func (it Item) DraftText(lang string, params map[string]string) string {
	return Fill(it.Wording.In(lang), lang, params)
}

// BlockKey is the catalog key of the block reported while the item is
// missing or only partly covered.
func (it Item) BlockKey() string { return "contract.block." + it.ID }

// Label is the item's place in its clause: "6.2.1 a) 7)", "6.6.1 d)".
func (it Item) Label() string {
	s := string(it.Clause)
	for _, p := range []string{Std + " ", CloudStd + " "} {
		s = strings.TrimPrefix(s, p)
	}
	return s
}

// Blank is what DraftText shows for a parameter without a value.
const Blank = "____"

// Fill replaces every {name} in s by the value of parameter name in params,
// formatted for lang (Param.Format); a name without a value shows Blank. A
// name that is no parameter is left as it is.
func Fill(s, lang string, params map[string]string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			break
		}
		name := s[i+1 : i+j]
		p, ok := ParamByName(name)
		if !ok {
			b.WriteString(s[:i+j+1])
			s = s[i+j+1:]
			continue
		}
		b.WriteString(s[:i])
		b.WriteString(p.Format(lang, params[name]))
		s = s[i+j+1:]
	}
	b.WriteString(s)
	return b.String()
}

// placeholders lists the {names} of s.
func placeholders(s string) []string {
	var out []string
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return out
		}
		out = append(out, s[i+1:i+j])
		s = s[i+j+1:]
	}
}

var (
	catalogIndex = map[string]int{}
	paramIndex   = map[string]Param{}
	paramOrder   []string
)

func init() {
	for i, it := range catalog {
		if _, dup := catalogIndex[it.ID]; dup {
			panic("contract: item " + it.ID + " twice")
		}
		catalogIndex[it.ID] = i
	}
	add := func(ps []Param) {
		for _, p := range ps {
			if q, dup := paramIndex[p.Name]; dup {
				if q.Kind != p.Kind || q.Default != p.Default || q.Label != p.Label || q.Unit != p.Unit {
					panic("contract: parameter " + p.Name + " defined twice differently")
				}
				continue
			}
			paramIndex[p.Name] = p
			paramOrder = append(paramOrder, p.Name)
		}
	}
	for _, it := range catalog {
		add(it.Params)
	}
	for _, s := range slaIndicators {
		add(s.Params)
	}
}

// Catalog is every item in catalog order: security, exit, cloud, data, NDA.
func Catalog() []Item { return append([]Item(nil), catalog...) }

// ItemsFor is the items a contract is reviewed against: those of the
// security, exit, cloud and data groups, the cloud and data ones only when
// cloud (a government website on cloud services). The NDA's contents are not
// among them (NDAItems).
func ItemsFor(cloud bool) []Item {
	var out []Item
	for _, it := range catalog {
		if it.Group == GroupNDA || (it.Cloud && !cloud) {
			continue
		}
		out = append(out, it)
	}
	return out
}

// NDAItems is what an information security NDA must contain (6.4 b) 1)–5)),
// with, when cloud, the scope of confidential information of seed 001's
// annex 3.
func NDAItems(cloud bool) []Item {
	var out []Item
	for _, it := range catalog {
		if it.Group == GroupNDA && (!it.Cloud || cloud) {
			out = append(out, it)
		}
	}
	return out
}

// ByID finds an item of the catalog.
func ByID(id string) (Item, bool) {
	i, ok := catalogIndex[id]
	if !ok {
		return Item{}, false
	}
	return catalog[i], true
}

// Params is every parameter of the catalog and the SLA, each once, in the
// order they first appear.
func Params() []Param {
	out := make([]Param, len(paramOrder))
	for i, n := range paramOrder {
		out[i] = paramIndex[n]
	}
	return out
}

// ParamByName finds a parameter of the catalog or the SLA.
func ParamByName(name string) (Param, bool) {
	p, ok := paramIndex[name]
	return p, ok
}

// Status is the finding of a review on one item.
type Status string

const (
	Unassessed Status = ""        // not yet assessed
	Present    Status = "present" // the contract covers it fully
	Partial    Status = "partial" // covered in part; the gap says what to add
	Missing    Status = "missing" // not covered
	NA         Status = "na"      // does not apply to this contract (a required item needs a note)
)

// Statuses lists the statuses in the order a key cycles through them.
var Statuses = []Status{Unassessed, Present, Partial, Missing, NA}

// Valid reports whether s is one of the statuses.
func (s Status) Valid() bool {
	for _, x := range Statuses {
		if s == x {
			return true
		}
	}
	return false
}

// Key is the catalog key of the status's name.
func (s Status) Key() string {
	if s == Unassessed {
		return "contract.status.unassessed"
	}
	return "contract.status." + string(s)
}

// Next is the status after s in Statuses, round again after the last.
func (s Status) Next() Status {
	for i, x := range Statuses {
		if x == s {
			return Statuses[(i+1)%len(Statuses)]
		}
	}
	return Present
}

// Assessment is the finding on one item: its status, where the contract says
// it (article number, or the wording quoted), and the reviewer's note.
type Assessment struct {
	ItemID  string `json:"item"`
	Status  Status `json:"status"`
	Article string `json:"article,omitempty"`
	Note    string `json:"note,omitempty"`
}

// Recorded reports whether the assessment says anything; one that does not
// is the same as none.
func (a Assessment) Recorded() bool {
	return a.Status != Unassessed || strings.TrimSpace(a.Article) != "" || strings.TrimSpace(a.Note) != ""
}

// Review is the review of the engagement's contract (or of the drafted annex)
// against the catalog.
type Review struct {
	// Title and Version identify the contract reviewed ("运维服务合同", "v2").
	Title   string `json:"title,omitempty"`
	Version string `json:"version,omitempty"`
	// Date is the day of the review. A factor change recorded after it makes
	// the review stale (6.2.1 b)).
	Date     model.Date `json:"date,omitempty"`
	Reviewer string     `json:"reviewer,omitempty"`
	// Items are the assessments in catalog order; an item without one is
	// unassessed.
	Items []Assessment `json:"items,omitempty"`
}

// Empty reports whether nothing of the review is recorded.
func (r *Review) Empty() bool {
	if r.Title != "" || r.Version != "" || r.Date != "" || r.Reviewer != "" {
		return false
	}
	for _, a := range r.Items {
		if a.Recorded() {
			return false
		}
	}
	return true
}

// Assessment is the assessment of item id; Unassessed when none is recorded.
func (r *Review) Assessment(id string) Assessment {
	for _, a := range r.Items {
		if a.ItemID == id {
			return a
		}
	}
	return Assessment{ItemID: id}
}

// With is the list of assessments with a in place of the one on the same
// item, in catalog order; an assessment that records nothing is dropped.
func (r *Review) With(a Assessment) []Assessment {
	var out []Assessment
	done := false
	for _, x := range r.Items {
		if x.ItemID == a.ItemID {
			x, done = a, true
		}
		if x.Recorded() {
			out = append(out, x)
		}
	}
	if !done && a.Recorded() {
		out = append(out, a)
	}
	SortAssessments(out)
	return out
}

// SortAssessments puts assessments in catalog order; unknown items last, by id.
func SortAssessments(as []Assessment) {
	pos := func(id string) int {
		if i, ok := catalogIndex[id]; ok {
			return i
		}
		return len(catalog)
	}
	sort.SliceStable(as, func(i, j int) bool {
		pi, pj := pos(as[i].ItemID), pos(as[j].ItemID)
		if pi != pj {
			return pi < pj
		}
		return as[i].ItemID < as[j].ItemID
	})
}

// FactorChange is a recorded change of the factors that affect information
// security (the service, the systems, the data, the vendor, the law …): the
// security clauses are to be revised after it (6.2.1 b)).
type FactorChange struct {
	ID          int64      `json:"-"`
	Date        model.Date `json:"date"`
	Description string     `json:"description"`
}

// Contract is the engagement's contract record: the review, the parameters
// of the drafted annex and SLA, the factor changes, and the vendor's NDA.
type Contract struct {
	Review Review `json:"review"`
	// Params are the values set for this engagement, by parameter name
	// (Params, ParamByName); a parameter not set takes its default (Values).
	Params        map[string]string `json:"params,omitempty"`
	FactorChanges []FactorChange    `json:"factor_changes,omitempty"`
	// VendorNDASigned is when the vendor signed the information security NDA
	// (6.4 a)); empty: not signed.
	VendorNDASigned model.Date `json:"vendor_nda_signed,omitempty"`
	// Signing is the contract's signing (signing.go); the zero Signing: not
	// signed.
	Signing Signing `json:"signing,omitzero"`
}

// Empty reports whether nothing is recorded.
func (c *Contract) Empty() bool {
	return c.Review.Empty() && len(c.Params) == 0 && len(c.FactorChanges) == 0 && c.VendorNDASigned == "" &&
		c.Signing == (Signing{})
}

// Values is every parameter's value: the value set, or the default.
func (c *Contract) Values() map[string]string {
	out := make(map[string]string, len(paramOrder))
	for _, n := range paramOrder {
		out[n] = paramIndex[n].Default
	}
	for n, v := range c.Params {
		if _, ok := paramIndex[n]; ok && v != "" {
			out[n] = v
		}
	}
	return out
}

// Gap is an item the contract does not cover well enough: missing, partly
// covered, or (when required) not yet assessed.
type Gap struct {
	Item   Item
	Status Status
	Clause model.Clause
}

// Must is what the contract must say to close the gap, in lang.
func (g Gap) Must(lang string) string { return g.Item.Must(lang) }

// Gaps lists, in catalog order, every item of ItemsFor(cloud) that is missing
// or partly covered, and every required one not yet assessed.
func (c *Contract) Gaps(cloud bool) []Gap {
	var out []Gap
	for _, it := range ItemsFor(cloud) {
		st := c.Review.Assessment(it.ID).Status
		if st == Missing || st == Partial || (st == Unassessed && it.Required) {
			out = append(out, Gap{Item: it, Status: st, Clause: it.Clause})
		}
	}
	return out
}

// Progress counts the items of ItemsFor(cloud) assessed, and all of them.
func (c *Contract) Progress(cloud bool) (assessed, total int) {
	items := ItemsFor(cloud)
	for _, it := range items {
		if c.Review.Assessment(it.ID).Status != Unassessed {
			assessed++
		}
	}
	return assessed, len(items)
}

// LatestFactorChange is the latest date of a recorded factor change; empty
// when none is recorded.
func (c *Contract) LatestFactorChange() model.Date {
	var d model.Date
	for _, f := range c.FactorChanges {
		if d == "" || d.Before(f.Date) {
			d = f.Date
		}
	}
	return d
}

// Stale reports whether a factor change is recorded after the review's date:
// the security clauses are to be revised and the contract reviewed again
// (6.2.1 b)).
func (c *Contract) Stale() bool {
	return c.Review.Date != "" && c.Review.Date.Before(c.LatestFactorChange())
}

// LifecycleState is what the contract reports to the lifecycle for the step
// "contract" (model.StepContract):
//   - not started while no review is recorded;
//   - needs update when a factor change is recorded after the review's date
//     (6.2.1 b));
//   - otherwise done when every item of ItemsFor(cloud) is assessed, the
//     review is dated and no required item is missing or partly covered;
//   - otherwise in progress.
//
// The blocks name each required item missing or partly covered, with its
// clause, the review's missing date, and the factor change.
func (c *Contract) LifecycleState(cloud bool) (model.State, []model.Block) {
	if c.Review.Empty() {
		return model.NotStarted, nil
	}
	var blocks []model.Block
	done := true
	for _, it := range ItemsFor(cloud) {
		switch c.Review.Assessment(it.ID).Status {
		case Unassessed:
			done = false
		case Missing, Partial:
			if it.Required {
				blocks = append(blocks, model.Block{Key: it.BlockKey(), Clause: it.Clause})
				done = false
			}
		}
	}
	if c.Review.Date == "" {
		blocks = append(blocks, model.Block{Key: "contract.block.review_date", Clause: ClauseFactorChange})
		done = false
	}
	if c.Stale() {
		blocks = append(blocks, model.Block{Key: "contract.block.factor_change",
			Args: []any{string(c.LatestFactorChange()), string(c.Review.Date)}, Clause: ClauseFactorChange})
		return model.NeedsUpdate, blocks
	}
	// A review finished after the signing that finds gaps: the contract as
	// signed lacks clauses (6.2.1 a)).
	if c.signedLacks(blocks) {
		blocks = append(blocks, model.Block{Key: "contract.block.signed_lacks",
			Args: []any{string(c.Signing.Date), string(c.Review.Date)}, Clause: ClauseSecurity})
		return model.NeedsUpdate, blocks
	}
	if done {
		return model.Done, nil
	}
	return model.InProgress, blocks
}

// MaxNamedNDABlocks is how many people without an NDA the step "NDA" names
// one by one; beyond it one block counts them.
const MaxNamedNDABlocks = 10

// NDAState is what the NDAs report to the lifecycle for the step "NDA"
// (model.StepNDA), from the vendor's NDA date and the people register
// (6.4 a)): an NDA with the vendor and one with each service person.
//   - not started while neither the vendor nor any person has signed;
//   - done when the vendor has signed and there are people, each of whom has
//     signed;
//   - otherwise in progress, with a block for the vendor, for each person
//     without an NDA (by name; counted when more than MaxNamedNDABlocks), and
//     for the want of people.
func NDAState(vendorSigned model.Date, people []screening.Person) (model.State, []model.Block) {
	var without []string
	for i := range people {
		if !people[i].HasNDA() {
			without = append(without, people[i].Name)
		}
	}
	if vendorSigned == "" && len(without) == len(people) {
		return model.NotStarted, nil
	}
	var blocks []model.Block
	if vendorSigned == "" {
		blocks = append(blocks, model.Block{Key: "contract.block.nda_vendor", Clause: ClauseNDA})
	}
	if len(people) == 0 {
		blocks = append(blocks, model.Block{Key: "contract.block.nda_no_people", Clause: ClauseNDA})
	}
	if len(without) > MaxNamedNDABlocks {
		blocks = append(blocks, model.Block{Key: "contract.block.nda_people", Args: []any{len(without)}, Clause: ClauseNDA})
	} else {
		for _, n := range without {
			blocks = append(blocks, model.Block{Key: "contract.block.nda_person", Args: []any{n}, Clause: ClauseNDA})
		}
	}
	if len(blocks) == 0 {
		return model.Done, nil
	}
	return model.InProgress, blocks
}

// NDAState is NDAState with the vendor's NDA date of c.
func (c *Contract) NDAState(people []screening.Person) (model.State, []model.Block) {
	return NDAState(c.VendorNDASigned, people)
}

// Facts puts the states and blocks of the steps "contract" and "NDA" into f,
// for model.Lifecycle.
func (c *Contract) Facts(f *model.Facts, cloud bool, people []screening.Person) {
	st, bl := c.LifecycleState(cloud)
	setFact(f, model.StepContract, st, bl)
	st, bl = c.NDAState(people)
	setFact(f, model.StepNDA, st, bl)
	f.ContractSigned = c.Signing.Date
}

func setFact(f *model.Facts, step model.StepID, st model.State, blocks []model.Block) {
	if f.States == nil {
		f.States = map[model.StepID]model.State{}
	}
	f.States[step] = st
	if len(blocks) > 0 {
		if f.Blocks == nil {
			f.Blocks = map[model.StepID][]model.Block{}
		}
		f.Blocks[step] = blocks
	} else if f.Blocks != nil {
		delete(f.Blocks, step)
	}
}

// Limits of the record's fields.
const (
	MaxArticle     = model.MaxLongText
	MaxNote        = model.MaxLongText
	MaxParamText   = model.MaxShortText
	MaxDescription = model.MaxLongText
)

// fp starts the name of every field this package reports: the fields are
// the JSON paths of the record in a case file, where it is the section
// "contract".
const fp = "contract."

// Prefixes of the fields of one assessment and one factor change, for
// Assessment.Validate and FactorChange.Validate outside a whole record.
const (
	FieldItems         = fp + "review.items"
	FieldFactorChanges = fp + "factor_changes"
)

type checker struct{ errs model.ValidationError }

func (c *checker) add(field, key string, clause model.Clause, args ...any) {
	c.errs = append(c.errs, model.FieldError{Field: field, Key: key, Args: args, Clause: clause})
}

func (c *checker) text(field, value string, max int, clause model.Clause) {
	if n := utf8.RuneCountInString(value); n > max {
		c.add(field, "err.too_long", clause, max)
	}
	if !utf8.ValidString(value) || strings.ContainsRune(value, 0) {
		c.add(field, "err.bad_text", clause)
	}
}

func (c *checker) line(field, value string, max int, clause model.Clause) {
	c.text(field, value, max, clause)
	if strings.ContainsAny(value, "\r\n\t") {
		c.add(field, "err.bad_text", clause)
	}
}

// ValidateHeader checks the review's header. Fields are "contract.review.<field>".
func (r *Review) ValidateHeader() model.ValidationError {
	c := &checker{}
	c.line(fp+"review.title", r.Title, model.MaxShortText, "")
	c.line(fp+"review.version", r.Version, model.MaxShortText, "")
	c.line(fp+"review.reviewer", r.Reviewer, model.MaxShortText, "")
	if !r.Date.Valid() {
		c.add(fp+"review.date", "err.date", ClauseFactorChange)
	}
	return c.errs
}

// Validate checks one assessment; field names start with prefix
// ("contract.review.items[3]").
func (a Assessment) Validate(prefix string) model.ValidationError {
	c := &checker{}
	it, ok := ByID(a.ItemID)
	switch {
	case !ok:
		c.add(prefix+".item", "contract.err.item", ClauseContract, a.ItemID)
	case it.Group == GroupNDA:
		c.add(prefix+".item", "contract.err.item_nda", it.Clause, a.ItemID)
	}
	if !a.Status.Valid() {
		c.add(prefix+".status", "contract.err.status", it.Clause, string(a.Status))
	}
	if ok && it.Required && a.Status == NA && strings.TrimSpace(a.Note) == "" {
		c.add(prefix+".note", "contract.err.na_note", it.Clause)
	}
	c.text(prefix+".article", a.Article, MaxArticle, it.Clause)
	c.text(prefix+".note", a.Note, MaxNote, it.Clause)
	return c.errs
}

// Validate checks a factor change; field names start with prefix
// ("contract.factor_changes[0]").
func (f FactorChange) Validate(prefix string) model.ValidationError {
	c := &checker{}
	switch {
	case f.Date == "":
		c.add(prefix+".date", "err.required", ClauseFactorChange)
	case !f.Date.Valid():
		c.add(prefix+".date", "err.date", ClauseFactorChange)
	}
	if strings.TrimSpace(f.Description) == "" {
		c.add(prefix+".description", "err.required", ClauseFactorChange)
	} else {
		c.text(prefix+".description", f.Description, MaxDescription, ClauseFactorChange)
	}
	return c.errs
}

// ValidateParams checks parameter values: each names a parameter of the
// catalog or the SLA and has a value of its kind (an empty value unsets it).
// Fields are "contract.params.<name>"; a problem cites the clause of the first item
// (or the SLA) that uses the parameter.
func ValidateParams(params map[string]string) model.ValidationError {
	names := make([]string, 0, len(params))
	for n := range params {
		names = append(names, n)
	}
	sort.Strings(names)
	var out model.ValidationError
	for _, n := range names {
		p, ok := ParamByName(n)
		if !ok {
			out = append(out, model.FieldError{Field: fp + "params", Key: "contract.err.param_unknown", Args: []any{n}, Clause: ClauseContract})
			continue
		}
		out = append(out, p.Check(fp+"params."+n, params[n], paramClause(n))...)
	}
	return out
}

// paramClause is the clause of the first item, or the SLA indicator, that
// uses parameter name.
func paramClause(name string) model.Clause {
	for _, it := range catalog {
		for _, p := range it.Params {
			if p.Name == name {
				return it.Clause
			}
		}
	}
	return ClauseCloudSLA
}

// Validate checks the whole record: the review's header, every assessment
// (a known item of the contract review, once, with a known status; a
// required item "not applicable" only with a note; article and note of a
// sensible length), the parameters, the factor changes and the vendor NDA's
// date. Field names are the JSON paths in a case file without "$.":
// contract.review.items[2].status, contract.params.notify_hours,
// contract.factor_changes[0].date, contract.vendor_nda_signed; their
// labels are "field.contract.…" (i18n/locales/*/contract.json).
func (c *Contract) Validate() model.ValidationError {
	errs := c.Review.ValidateHeader()
	seen := map[string]bool{}
	for i, a := range c.Review.Items {
		p := fmt.Sprintf(fp+"review.items[%d]", i)
		errs = append(errs, a.Validate(p)...)
		if seen[a.ItemID] {
			clause := ClauseContract
			if it, ok := ByID(a.ItemID); ok {
				clause = it.Clause
			}
			errs = append(errs, model.FieldError{Field: p + ".item", Key: "contract.err.item_twice", Args: []any{a.ItemID}, Clause: clause})
		}
		seen[a.ItemID] = true
	}
	errs = append(errs, ValidateParams(c.Params)...)
	for i, f := range c.FactorChanges {
		errs = append(errs, f.Validate(fmt.Sprintf(fp+"factor_changes[%d]", i))...)
	}
	if !c.VendorNDASigned.Valid() {
		errs = append(errs, model.FieldError{Field: fp + "vendor_nda_signed", Key: "err.date", Clause: ClauseNDA})
	}
	if c.Signing != (Signing{}) {
		errs = append(errs, c.Signing.Validate()...)
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}
