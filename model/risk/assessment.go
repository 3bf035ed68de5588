package risk

import (
	"outsec/model"
)

// AssetType is the kind of an asset (seed 002 §7.5).
type AssetType string

// AssetTypes lists the kinds of asset.
var AssetTypes = []AssetType{"data", "software", "hardware", "service", "people", "documents", "network", "facility", "other"}

// Asset is something of value to the department that the outsourced service
// touches, with its confidentiality, integrity and availability 1–5 (§7.5).
type Asset struct {
	ID    int64     `json:"id"`
	Name  string    `json:"name"`
	Type  AssetType `json:"type"`
	Owner string    `json:"owner,omitempty"`
	C     int       `json:"c"`
	I     int       `json:"i"`
	A     int       `json:"a"`
	Notes string    `json:"notes,omitempty"`
	// Derived by Recompute from C, I, A and the settings; never stored alone.
	Value float64 `json:"value"`
	Level int     `json:"level"`
}

// ThreatSource is who or what a threat comes from (seed 002 §7.6.2).
type ThreatSource string

const (
	SourceHumanMalicious    ThreatSource = "human_malicious"
	SourceHumanNonMalicious ThreatSource = "human_non_malicious"
	SourceNatural           ThreatSource = "environment_natural"
	SourceFacilityFailure   ThreatSource = "environment_facility"
)

// ThreatSources lists the sources.
var ThreatSources = []ThreatSource{SourceHumanMalicious, SourceHumanNonMalicious, SourceNatural, SourceFacilityFailure}

// ThreatPath is how a threat reaches the asset (seed 002 §7.6.2).
type ThreatPath string

const (
	PathDirect   ThreatPath = "direct"   // physical contact with the asset
	PathIndirect ThreatPath = "indirect" // network, voice, video access
)

// ThreatPaths lists the paths.
var ThreatPaths = []ThreatPath{PathDirect, PathIndirect}

// Threat is a potential cause of harm, with its frequency 1–5 (§7.6.3).
type Threat struct {
	ID        int64        `json:"id"`
	Name      string       `json:"name"`
	Source    ThreatSource `json:"source"`
	Path      ThreatPath   `json:"path"`
	Method    string       `json:"method,omitempty"` // 威胁方式: virus, scanning, abuse of rights…
	Frequency int          `json:"frequency"`
	Notes     string       `json:"notes,omitempty"`
}

// VulnCategory is where a weakness lies (seed 002 §7.4, §7.7).
type VulnCategory string

// VulnCategories lists the categories.
var VulnCategories = []VulnCategory{"physical", "network", "host", "application", "data", "management", "people"}

// Identification is how a weakness was found (seed 002 §7.3 table).
type Identification string

// Identifications lists the ways.
var Identifications = []Identification{"interview", "document_review", "onsite_observation", "verification", "scan"}

// Vulnerability is a weakness of one asset, with its severity 1–5 (§7.7).
type Vulnerability struct {
	ID          int64          `json:"id"`
	AssetID     int64          `json:"asset_id"`
	Description string         `json:"description"`
	Category    VulnCategory   `json:"category"`
	Severity    int            `json:"severity"`
	Identified  Identification `json:"identified"`
	Notes       string         `json:"notes,omitempty"`
}

// ControlStatus says whether a control is in place or planned (5.1.1 c)).
type ControlStatus string

const (
	ControlExisting ControlStatus = "existing"
	ControlPlanned  ControlStatus = "planned"
)

// Effectiveness is how well a control works (5.1.1 c)).
type Effectiveness string

// Effectivenesses lists the ratings, best first.
var Effectivenesses = []Effectiveness{"effective", "partly_effective", "ineffective", "not_assessed"}

// Control is an existing or planned security measure, linked to the risks it
// treats (GB/T 32926—2016 5.1.1 c)).
type Control struct {
	ID            int64         `json:"id"`
	Name          string        `json:"name"`
	Description   string        `json:"description,omitempty"`
	Status        ControlStatus `json:"status"`
	Effectiveness Effectiveness `json:"effectiveness"`
	RiskIDs       []int64       `json:"risk_ids,omitempty"`
}

// TreatmentOption is one of the five ways to treat a risk (seed 002 §7.13).
type TreatmentOption string

const (
	TreatNone     TreatmentOption = ""         // not decided yet
	TreatKeep     TreatmentOption = "keep"     // 保持: existing controls suffice
	TreatControl  TreatmentOption = "control"  // 控制: new measures reduce the risk
	TreatAccept   TreatmentOption = "accept"   // 接受: control costs too much; the risk is accepted
	TreatAvoid    TreatmentOption = "avoid"    // 避免: the activity is given up
	TreatTransfer TreatmentOption = "transfer" // 转移: the risk is passed to a third party
)

// TreatmentOptions lists the options in the order of seed 002 §7.13.
var TreatmentOptions = []TreatmentOption{TreatKeep, TreatControl, TreatAccept, TreatAvoid, TreatTransfer}

// TreatmentStatus is how far a treatment has got.
type TreatmentStatus string

// TreatmentStatuses lists the statuses.
var TreatmentStatuses = []TreatmentStatus{"planned", "in_progress", "done"}

// Treatment is what is done about one risk (seed 002 §7.13).
type Treatment struct {
	Option   TreatmentOption `json:"option"`
	Measure  string          `json:"measure,omitempty"`
	Owner    string          `json:"owner,omitempty"`
	Deadline model.Date      `json:"deadline,omitempty"`
	Cost     float64         `json:"cost,omitempty"` // estimate, yuan
	Status   TreatmentStatus `json:"status,omitempty"`
}

// Retreatment is the second treatment of a risk whose residual risk, after
// it was controlled (or transferred), is still above the acceptable level
// (seed 002 §7.14 "再处理"): either a further treatment (control, transfer,
// avoid) with its own residual ratings, or the acceptance of the residual
// risk with the leader's named approval (GB/T 32926—2016 5.1.2 a)). The first
// treatment is kept as it was.
type Retreatment struct {
	Treatment      Treatment `json:"treatment"`
	ResidualThreat int       `json:"residual_threat,omitempty"`
	ResidualVuln   int       `json:"residual_vulnerability,omitempty"`
	// For Option accept: who approved accepting the residual risk, and when.
	ApprovedBy string     `json:"approved_by,omitempty"`
	ApprovedOn model.Date `json:"approved_on,omitempty"`

	// Derived by Recompute: the residual risk after the second treatment.
	Residual *Score `json:"residual,omitempty"`
}

// Risk is one asset–threat–vulnerability triple the assessor linked, scored
// before treatment (inherent) and, once re-rated with the treatment in place,
// after it (residual, seed 002 §7.14).
type Risk struct {
	ID        int64     `json:"id"`
	AssetID   int64     `json:"asset_id"`
	ThreatID  int64     `json:"threat_id"`
	VulnID    int64     `json:"vulnerability_id"`
	Treatment Treatment `json:"treatment"`
	// The threat frequency and vulnerability severity expected with the
	// treatment in place; 0 while the residual risk is not assessed.
	ResidualThreat int `json:"residual_threat,omitempty"`
	ResidualVuln   int `json:"residual_vulnerability,omitempty"`

	// The second treatment (§7.14), nil when none.
	Retreatment *Retreatment `json:"retreatment,omitempty"`

	// Derived by Recompute; never stored alone. An avoided risk has no
	// residual: it is gone (§7.13 "避免").
	Inherent Score  `json:"inherent"`
	Residual *Score `json:"residual,omitempty"`
}

// Avoided reports whether the risk is gone: the activity that carried it is
// given up, by the first treatment or the second (seed 002 §7.13 "避免").
func (r *Risk) Avoided() bool {
	return r.Treatment.Option == TreatAvoid || (r.Retreatment != nil && r.Retreatment.Treatment.Option == TreatAvoid)
}

// Final is the risk's score as it stands after every treatment recorded: the
// residual after the second treatment, else after the first, else the
// inherent risk; nil when avoided.
func (r *Risk) Final() *Score {
	switch {
	case r.Avoided():
		return nil
	case r.Retreatment != nil && r.Retreatment.Residual != nil:
		return r.Retreatment.Residual
	case r.Residual != nil:
		return r.Residual
	}
	sc := r.Inherent
	return &sc
}

// TotalCost is the estimated cost of the risk's treatments, first and
// second, in yuan.
func (r *Risk) TotalCost() float64 {
	c := r.Treatment.Cost
	if r.Retreatment != nil {
		c += r.Retreatment.Treatment.Cost
	}
	return c
}

// UnitRole is how a unit of the department stands to the outsourcing
// (GB/T 32926—2016 5.1.1 b)).
type UnitRole string

const (
	UnitResponsible UnitRole = "responsible" // a responsible unit (负责机构)
	UnitInvolved    UnitRole = "involved"    // another unit involved (其他相关机构)
)

// UnitRoles lists the roles.
var UnitRoles = []UnitRole{UnitResponsible, UnitInvolved}

// Unit is one of the department's own units and the negative effect it may
// have on managing the outsourcing, with its treatment (GB/T 32926—2016
// 5.1.1 b)): a business unit that grants the vendor access on its own, a unit
// with no security officer.
type Unit struct {
	ID        int64    `json:"id"`
	Name      string   `json:"name"`
	Role      UnitRole `json:"role"`
	Effect    string   `json:"effect"`
	Treatment string   `json:"treatment,omitempty"`
	Owner     string   `json:"owner,omitempty"`
}

// BenefitBasis is what the figure the treatment cost is weighed against
// stands for (GB/T 32926—2016 5.1.2 b)).
type BenefitBasis string

const (
	BenefitExpectedLoss BenefitBasis = "expected_loss" // the loss the treatments avoid
	BenefitBudget       BenefitBasis = "budget"        // the budget for security controls
)

// BenefitBases lists the bases.
var BenefitBases = []BenefitBasis{BenefitExpectedLoss, BenefitBudget}

// Conclusion is the leader's decision on the assessment (GB/T 32926—2016 5.1.2):
// the acceptable risk level (a), who decided and when, and the decision taken
// on the tool's proposal (b).
type Conclusion struct {
	AcceptableLevel int        `json:"acceptable_level"`
	Leader          string     `json:"leader,omitempty"`
	Date            model.Date `json:"date,omitempty"`
	Decision        Proposal   `json:"decision,omitempty"`
	Remarks         string     `json:"remarks,omitempty"`
	// The cost-benefit analysis of 5.1.2 b): the figure, in yuan, the cost
	// of treating the unacceptable risks is weighed against, and what it is.
	Benefit      float64      `json:"benefit,omitempty"`
	BenefitBasis BenefitBasis `json:"benefit_basis,omitempty"`
}

// Assessment is the whole outsourcing risk assessment of one engagement.
type Assessment struct {
	Settings   Settings        `json:"settings"`
	Assets     []Asset         `json:"assets"`
	Threats    []Threat        `json:"threats"`
	Vulns      []Vulnerability `json:"vulnerabilities"`
	Controls   []Control       `json:"controls"`
	Risks      []Risk          `json:"risks"`
	Units      []Unit          `json:"units,omitempty"` // 5.1.1 b)
	Conclusion Conclusion      `json:"conclusion"`
}

// Recompute derives every asset value and every risk score from the ratings and
// the settings, in one pass. It returns the ids of risks that cannot be scored
// (a missing asset, threat or vulnerability, or a rating outside 1–5); their
// scores are left zero.
func (a *Assessment) Recompute() (unscored []int64) {
	s := a.Settings
	type worth struct {
		value float64
		level int
	}
	level := make(map[int64]worth, len(a.Assets))
	for i := range a.Assets {
		as := &a.Assets[i]
		v, l, err := s.AssetValue(as.C, as.I, as.A)
		if err != nil {
			v, l = 0, 0
		}
		as.Value, as.Level = v, l
		level[as.ID] = worth{v, l}
	}
	freq := make(map[int64]int, len(a.Threats))
	for _, t := range a.Threats {
		freq[t.ID] = t.Frequency
	}
	sev := make(map[int64]int, len(a.Vulns))
	for _, v := range a.Vulns {
		sev[v.ID] = v.Severity
	}
	for i := range a.Risks {
		r := &a.Risks[i]
		r.Inherent, r.Residual = Score{}, nil
		if r.Retreatment != nil {
			rt := *r.Retreatment
			rt.Residual = nil
			r.Retreatment = &rt
		}
		w := level[r.AssetID]
		sc, err := s.ScoreAsset(freq[r.ThreatID], sev[r.VulnID], w.value, w.level)
		if err != nil {
			unscored = append(unscored, r.ID)
			continue
		}
		r.Inherent = sc
		// An avoided risk is gone: it has no residual (§7.13).
		if r.Treatment.Option != TreatAvoid && (r.ResidualThreat != 0 || r.ResidualVuln != 0) {
			rs, err := s.ScoreAsset(r.ResidualThreat, r.ResidualVuln, w.value, w.level)
			if err == nil {
				r.Residual = &rs
			}
		}
		if rt := r.Retreatment; rt != nil && rt.Treatment.Option != TreatAvoid && rt.Treatment.Option != TreatAccept &&
			(rt.ResidualThreat != 0 || rt.ResidualVuln != 0) {
			rs, err := s.ScoreAsset(rt.ResidualThreat, rt.ResidualVuln, w.value, w.level)
			if err == nil {
				rt.Residual = &rs
			}
		}
	}
	return unscored
}

// Acceptable reports whether a risk level is within the level the leader set
// (GB/T 32926—2016 5.1.2 a)). With no level set, nothing is acceptable.
func (c Conclusion) Acceptable(level int) bool {
	return c.AcceptableLevel >= 1 && level <= c.AcceptableLevel
}
