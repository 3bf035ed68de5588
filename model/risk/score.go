package risk

import (
	"math"
)

// AssetValue is an asset's value from its confidentiality, integrity and
// availability (each 1–5) by the assessment's rule, and the level the seed 002
// §7.5 table gives it: 1–1.5 → 1, 1.6–2.5 → 2, 2.6–3.5 → 3, 3.6–4.5 → 4,
// 4.6–5 → 5. The score is rounded to one decimal (half up) before the lookup,
// as the table's bounds are written to one decimal.
func (s Settings) AssetValue(c, i, a int) (score float64, level int, err error) {
	if !inScale(c, i, a) {
		return 0, 0, ErrScale
	}
	switch s.AssetRule {
	case AssetWeighted:
		w := s.Weights
		sum := w[0] + w[1] + w[2]
		if sum <= 0 {
			return 0, 0, ErrScale
		}
		score = (w[0]*float64(c) + w[1]*float64(i) + w[2]*float64(a)) / sum
	case AssetLog:
		// Round1{log2[(2^C + 2^I + 2^A)/3]}: one decimal, then the §7.5 table
		// (C=4, I=4, A=1: log2(11) = 3.46 → 3.5, level 3). Revision 0 rounded
		// to a whole number (4, level 4).
		x := math.Log2((math.Exp2(float64(c)) + math.Exp2(float64(i)) + math.Exp2(float64(a))) / 3)
		if s.Revision < 1 {
			score = math.Floor(x + 0.5)
		} else {
			score = math.Floor(x*10+0.5) / 10
		}
	default:
		score = float64(max(c, i, a))
	}
	return score, AssetLevel(score), nil
}

// AssetLevel maps an asset value score to its level by the seed 002 §7.5 table.
func AssetLevel(score float64) int {
	r := math.Floor(score*10+0.5) / 10
	switch {
	case r <= 1.5:
		return 1
	case r <= 2.5:
		return 2
	case r <= 3.5:
		return 3
	case r <= 4.5:
		return 4
	}
	return 5
}

// Score is a risk's numbers: the values and levels of likelihood and loss, the
// risk value and its level (1 very low … 5 very high).
type Score struct {
	Likelihood      float64 `json:"likelihood"`
	LikelihoodLevel int     `json:"likelihood_level"`
	Loss            float64 `json:"loss"`
	LossLevel       int     `json:"loss_level"`
	Value           float64 `json:"value"`
	Level           int     `json:"level"`
}

// Score computes a risk from the threat's frequency, the vulnerability's
// severity and the asset's value level, each 1–5, by the assessment's method.
func (s Settings) Score(threat, vuln, asset int) (Score, error) {
	return s.ScoreAsset(threat, vuln, float64(asset), asset)
}

// ScoreAsset computes a risk from the threat's frequency and the
// vulnerability's severity (1–5) and the asset's value and level. The
// matrices and the multiplication method look up the asset's level (A.3's
// rows, A.3 of the multiplication method); seed 002 §7.8's product
// multiplies the asset's value ("安全事件损失值=资产价值×脆弱性严重程度值"),
// from Revision 1 on.
func (s Settings) ScoreAsset(threat, vuln int, value float64, asset int) (Score, error) {
	if !inScale(threat, vuln, asset) || value < 1-1e-9 || value > 5+1e-9 || math.IsNaN(value) {
		return Score{}, ErrScale
	}
	var sc Score
	switch s.Method {
	case MethodMatrix:
		// GB/T 20984—2007 A.2: the likelihood and loss are looked up, their
		// levels found, and the risk looked up by the two levels.
		sc.Likelihood = float64(s.LikelihoodMatrix[threat-1][vuln-1])
		sc.Loss = float64(s.LossMatrix[asset-1][vuln-1])
		sc.LikelihoodLevel = s.LikelihoodLevels.Level(sc.Likelihood)
		sc.LossLevel = s.LossLevels.Level(sc.Loss)
		sc.Value = float64(s.RiskMatrix[sc.LikelihoodLevel-1][sc.LossLevel-1])
	case MethodMultiplication:
		// GB/T 20984—2007 A.3.
		sc.Likelihood = s.Rounding.apply(math.Sqrt(float64(threat * vuln)))
		sc.Loss = s.Rounding.apply(math.Sqrt(float64(asset * vuln)))
		sc.LikelihoodLevel = s.LikelihoodLevels.Level(sc.Likelihood)
		sc.LossLevel = s.LossLevels.Level(sc.Loss)
		sc.Value = sc.Likelihood * sc.Loss
	case MethodProduct:
		// Seed 002 §7.8.
		sc.Likelihood = float64(threat * vuln)
		sc.Loss = float64(asset * vuln)
		if s.Revision >= 1 {
			sc.Loss = value * float64(vuln)
		}
		sc.LikelihoodLevel = s.LikelihoodLevels.Level(sc.Likelihood)
		sc.LossLevel = s.LossLevels.Level(sc.Loss)
		sc.Value = sc.Likelihood * sc.Loss
	default:
		return Score{}, ErrScale
	}
	sc.Level = s.RiskLevels.Level(sc.Value)
	return sc, nil
}
