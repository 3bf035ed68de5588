// Package risk is the outsourcing risk assessment of GB/T 32926—2016 5.1 with the
// method of GB/T 20984—2007 and seed 002 §7.5–7.14: asset values from C/I/A,
// likelihood and loss from threat, vulnerability and asset, the risk and its
// level, treatment, residual risk and the conclusion of 5.1.2. Pure: no SQL, no
// terminal, no files.
//
// Every number the scoring uses is data of the assessment (Settings), frozen
// with every report, so that an old report can be recomputed exactly.
package risk

import (
	"errors"
	"fmt"
	"math"
)

// Method is how likelihood, loss and risk are computed.
type Method string

const (
	// MethodMatrix is the matrix method of GB/T 20984—2007 appendix A.2:
	// lookup tables for likelihood, loss and risk.
	MethodMatrix Method = "matrix"
	// MethodMultiplication is the multiplication method of GB/T 20984—2007
	// appendix A.3: likelihood = √(T×V), loss = √(A×V), risk = likelihood × loss.
	MethodMultiplication Method = "multiplication"
	// MethodProduct is the plain product of seed 002 §7.8: likelihood = T×V,
	// loss = A×V, risk = likelihood × loss.
	MethodProduct Method = "product"
)

// Methods lists the methods.
var Methods = []Method{MethodMatrix, MethodMultiplication, MethodProduct}

// AssetRule is how an asset's value follows from its C, I and A (seed 002 §7.5).
type AssetRule string

const (
	AssetMax      AssetRule = "max"      // the highest of C, I, A
	AssetWeighted AssetRule = "weighted" // (wC·C + wI·I + wA·A) / (wC + wI + wA)
	AssetLog      AssetRule = "log"      // Round1(log2((2^C + 2^I + 2^A) / 3)), one decimal (Revision ≥ 1)
)

// AssetRules lists the rules.
var AssetRules = []AssetRule{AssetMax, AssetWeighted, AssetLog}

// Rounding is what the multiplication method does with √(T×V) and √(A×V): a
// recorded setting of the assessment (GB/T 20984—2007 A.3 leaves it open).
type Rounding string

const (
	RoundNone   Rounding = "none"    // keep the square roots as they are
	RoundHalfUp Rounding = "half_up" // to the nearest whole number, .5 up
	RoundUp     Rounding = "up"      // to the next whole number
	RoundDown   Rounding = "down"    // to the whole number below
)

// Roundings lists the rounding rules.
var Roundings = []Rounding{RoundNone, RoundHalfUp, RoundUp, RoundDown}

func (r Rounding) apply(x float64) float64 {
	switch r {
	case RoundHalfUp:
		return math.Floor(x + 0.5)
	case RoundUp:
		return math.Ceil(x - 1e-9)
	case RoundDown:
		return math.Floor(x + 1e-9)
	}
	return x
}

// Matrix is a 5×5 lookup table, rows first: Matrix[row-1][col-1].
type Matrix [5][5]int

// Ranges divides values into the five levels 1 (very low) … 5 (very high) by
// their upper bounds: a value is at level i when it is above Upper[i-2] and at
// most Upper[i-1]. Bounds rise strictly. For whole-number values "1–5, 6–11,
// 12–16, 17–21, 22–25" is Upper {5, 11, 16, 21, 25}.
type Ranges struct {
	Upper [5]float64 `json:"upper"`
}

// Level is the level of v; values above the last bound are at level 5 and
// values below the first at level 1.
func (r Ranges) Level(v float64) int {
	for i, u := range r.Upper {
		if v <= u+1e-9 {
			return i + 1
		}
	}
	return 5
}

// Settings are the numbers of one assessment's method. The zero value is not
// usable; start from DefaultSettings.
type Settings struct {
	Method    Method     `json:"method"`
	AssetRule AssetRule  `json:"asset_rule"`
	Weights   [3]float64 `json:"weights"`  // C, I, A for AssetWeighted
	Rounding  Rounding   `json:"rounding"` // for MethodMultiplication

	// Matrix method (GB/T 20984—2007 A.2).
	LikelihoodMatrix Matrix `json:"likelihood_matrix"` // rows threat 1–5, columns vulnerability 1–5
	LossMatrix       Matrix `json:"loss_matrix"`       // rows asset value 1–5, columns vulnerability 1–5
	RiskMatrix       Matrix `json:"risk_matrix"`       // rows likelihood level, columns loss level

	// Level ranges of the likelihood value, the loss value and the risk value
	// under the chosen method.
	LikelihoodLevels Ranges `json:"likelihood_levels"`
	LossLevels       Ranges `json:"loss_levels"`
	RiskLevels       Ranges `json:"risk_levels"`

	// Revision is the revision of the scoring rules the assessment was
	// scored with, frozen with it like every other setting. 0 (absent from
	// older settings): the log rule rounds to a whole number and the plain
	// product multiplies the asset's level. 1 (issue 11): the log rule keeps
	// one decimal and the plain product multiplies the asset's value, as the
	// practitioners' formula and seed 002 §7.8 write them.
	Revision int `json:"revision,omitempty"`
}

// CurrentRevision is the revision of the scoring rules new assessments get.
const CurrentRevision = 1

// The default matrices and ranges of GB/T 20984—2007 appendix A.2.
var (
	DefaultLikelihoodMatrix = Matrix{
		{2, 4, 7, 11, 14},
		{3, 6, 10, 13, 17},
		{5, 9, 12, 16, 20},
		{7, 11, 14, 18, 22},
		{8, 12, 17, 20, 25},
	}
	DefaultLossMatrix = Matrix{
		{2, 4, 6, 10, 13},
		{3, 5, 9, 12, 16},
		{4, 7, 11, 15, 20},
		{5, 8, 14, 19, 22},
		{6, 10, 16, 21, 25},
	}
	// Table A.5: rows likelihood level 1–5, columns loss level 1–5; the
	// column factor (the loss) weighs more, as in every table of appendix A.
	DefaultRiskMatrix = Matrix{
		{3, 6, 9, 12, 16},
		{5, 8, 11, 15, 18},
		{6, 9, 13, 17, 21},
		{7, 11, 16, 20, 23},
		{9, 14, 20, 23, 25},
	}
	// LegacyRiskMatrix is the transpose of table A.5 that outsec used as the
	// default before issue 11: with it a likely but trivial event (likelihood
	// 5, loss 1: 16) outranked an unlikely catastrophic one (likelihood 1,
	// loss 5: 9). Assessments scored with it keep it (settings are frozen);
	// the method screen and `outsec doctor` name them (IsLegacyRiskMatrix).
	LegacyRiskMatrix = Matrix{
		{3, 5, 6, 7, 9},
		{6, 8, 9, 11, 14},
		{9, 11, 13, 16, 20},
		{12, 15, 17, 20, 23},
		{16, 18, 21, 23, 25},
	}
	// Tables A.2 (likelihood 1–5, 6–11, 12–16, 17–21, 22–25), A.4 (loss
	// 1–5, 6–10, 11–15, 16–20, 21–25) and A.6 (risk 1–6, 7–12, 13–18,
	// 19–23, 24–25).
	matrixLikelihoodLevels = Ranges{Upper: [5]float64{5, 11, 16, 21, 25}}
	matrixLossLevels       = Ranges{Upper: [5]float64{5, 10, 15, 20, 25}}
	matrixRiskLevels       = Ranges{Upper: [5]float64{6, 12, 18, 23, 25}}
	// Multiplication: √(T×V) and √(A×V) lie in 1–5; their level is the nearest
	// whole number. Risk 1–5 / 6–10 / 11–15 / 16–20 / 21–25 (A.3).
	multFactorLevels = Ranges{Upper: [5]float64{1.5, 2.5, 3.5, 4.5, 5}}
	multRiskLevels   = Ranges{Upper: [5]float64{5, 10, 15, 20, 25}}
	// Plain product: likelihood and loss lie in 1–25, risk in 1–625. Seed 002
	// leaves the ranges to the assessment; the defaults put likelihood and loss
	// in fifths of 25 and the risk at the squares of those bounds, so that a
	// likelihood and a loss of the same level give a risk of that level.
	productFactorLevels = Ranges{Upper: [5]float64{5, 10, 15, 20, 25}}
	productRiskLevels   = Ranges{Upper: [5]float64{25, 100, 225, 400, 625}}
)

// DefaultSettings are the standard's values for a method, with the highest-of-
// three asset rule and equal weights.
func DefaultSettings(m Method) Settings {
	s := Settings{
		Method: m, AssetRule: AssetMax, Weights: [3]float64{1, 1, 1}, Rounding: RoundNone,
		LikelihoodMatrix: DefaultLikelihoodMatrix, LossMatrix: DefaultLossMatrix, RiskMatrix: DefaultRiskMatrix,
		Revision: CurrentRevision,
	}
	s.LikelihoodLevels, s.LossLevels, s.RiskLevels = DefaultRanges(m)
	return s
}

// DefaultRanges are the level ranges that go with a method.
func DefaultRanges(m Method) (likelihood, loss, risk Ranges) {
	switch m {
	case MethodMultiplication:
		return multFactorLevels, multFactorLevels, multRiskLevels
	case MethodProduct:
		return productFactorLevels, productFactorLevels, productRiskLevels
	}
	return matrixLikelihoodLevels, matrixLossLevels, matrixRiskLevels
}

// IsLegacyRiskMatrix reports whether the settings' risk matrix is the old,
// transposed default rather than table A.5 of GB/T 20984—2007.
func (s Settings) IsLegacyRiskMatrix() bool { return s.RiskMatrix == LegacyRiskMatrix }

// SettingsError is one problem with the settings: Field names it
// ("likelihood_matrix[2][3]", "risk_levels.upper[1]", "weights"), Key is the
// catalog message.
type SettingsError struct {
	Field string
	Key   string
	Args  []any
}

func (e SettingsError) Error() string { return e.Field + ": " + e.Key }

// Validate reports every problem with the settings.
func (s Settings) Validate() []SettingsError {
	var errs []SettingsError
	add := func(field, key string, args ...any) {
		errs = append(errs, SettingsError{Field: field, Key: key, Args: args})
	}
	if !oneOf(s.Method, Methods) {
		add("method", "risk.err.method", string(s.Method))
	}
	if !oneOf(s.AssetRule, AssetRules) {
		add("asset_rule", "risk.err.asset_rule", string(s.AssetRule))
	}
	if s.AssetRule == AssetWeighted {
		sum := 0.0
		for i, w := range s.Weights {
			if w < 0 || math.IsNaN(w) || math.IsInf(w, 0) {
				add(fmt.Sprintf("weights[%d]", i), "risk.err.weight")
			}
			sum += w
		}
		if sum <= 0 {
			add("weights", "risk.err.weights_zero")
		}
	}
	if s.Revision < 0 || s.Revision > CurrentRevision {
		add("revision", "risk.err.revision", s.Revision)
	}
	if s.Method == MethodMultiplication && !oneOf(s.Rounding, Roundings) {
		add("rounding", "risk.err.rounding", string(s.Rounding))
	}
	if s.Method == MethodMatrix {
		for name, m := range map[string]Matrix{"likelihood_matrix": s.LikelihoodMatrix, "loss_matrix": s.LossMatrix, "risk_matrix": s.RiskMatrix} {
			for r := range m {
				for c := range m[r] {
					if m[r][c] < 1 || m[r][c] > 25 {
						add(fmt.Sprintf("%s[%d][%d]", name, r+1, c+1), "risk.err.matrix_cell", m[r][c])
					}
				}
			}
		}
	}
	for name, r := range map[string]Ranges{"likelihood_levels": s.LikelihoodLevels, "loss_levels": s.LossLevels, "risk_levels": s.RiskLevels} {
		for i := 1; i < 5; i++ {
			if !(r.Upper[i] > r.Upper[i-1]) {
				add(fmt.Sprintf("%s.upper[%d]", name, i), "risk.err.ranges_order")
			}
		}
		if r.Upper[0] <= 0 {
			add(name+".upper[0]", "risk.err.ranges_order")
		}
	}
	sortErrors(errs)
	return errs
}

func sortErrors(errs []SettingsError) {
	// map iteration above is unordered: keep messages stable.
	for i := 1; i < len(errs); i++ {
		for j := i; j > 0 && errs[j].Field < errs[j-1].Field; j-- {
			errs[j], errs[j-1] = errs[j-1], errs[j]
		}
	}
}

func oneOf[T comparable](v T, set []T) bool {
	for _, x := range set {
		if v == x {
			return true
		}
	}
	return false
}

// ErrScale is returned when a rating is outside 1–5.
var ErrScale = errors.New("rating outside 1–5")

func inScale(vs ...int) bool {
	for _, v := range vs {
		if v < 1 || v > 5 {
			return false
		}
	}
	return true
}
