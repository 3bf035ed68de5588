package risk

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// The defaults checked against the tables as GB/T 20984—2007 appendix A and
// seed 002 §7.5 print them. Each table is copied here as printed (the row
// factor's value, then the cells in the order of the column factor 1–5; the
// ranges as "low–high level"), parsed, and every cell and every bound is
// compared with the defaults of settings.go and score.go. The tables are not
// restated from the code: a transposed or mistyped default fails here.

// Table A.1 安全事件可能性计算矩阵: rows threat frequency 1–5 (威胁发生频率),
// columns vulnerability severity 1–5 (脆弱性严重程度).
const tableA1 = `
威胁 1 |  2  4  7 11 14
威胁 2 |  3  6 10 13 17
威胁 3 |  5  9 12 16 20
威胁 4 |  7 11 14 18 22
威胁 5 |  8 12 17 20 25`

// Table A.2 安全事件可能性等级划分.
const tableA2 = `1-5:1 6-11:2 12-16:3 17-21:4 22-25:5`

// Table A.3 安全事件损失计算矩阵: rows asset value 1–5 (资产价值), columns
// vulnerability severity 1–5.
const tableA3 = `
资产 1 |  2  4  6 10 13
资产 2 |  3  5  9 12 16
资产 3 |  4  7 11 15 20
资产 4 |  5  8 14 19 22
资产 5 |  6 10 16 21 25`

// Table A.4 安全事件损失等级划分.
const tableA4 = `1-5:1 6-10:2 11-15:3 16-20:4 21-25:5`

// Table A.5 风险矩阵: rows likelihood level 1–5 (可能性), columns loss level
// 1–5 (损失). Its first row reads 3 6 9 12 16.
const tableA5 = `
可能性 1 |  3  6  9 12 16
可能性 2 |  5  8 11 15 18
可能性 3 |  6  9 13 17 21
可能性 4 |  7 11 16 20 23
可能性 5 |  9 14 20 23 25`

// Table A.6 风险等级划分.
const tableA6 = `1-6:1 7-12:2 13-18:3 19-23:4 24-25:5`

// Seed 002 §7.5, the asset value table (得分 → 等级), in tenths.
const seed002AssetTable = `1-1.5:1 1.6-2.5:2 2.6-3.5:3 3.6-4.5:4 4.6-5:5`

// parseMatrix reads a printed table: five rows "factor N | c1 … c5".
func parseMatrix(t *testing.T, printed string) Matrix {
	t.Helper()
	var m Matrix
	rows := strings.Split(strings.TrimSpace(printed), "\n")
	if len(rows) != 5 {
		t.Fatalf("%d rows", len(rows))
	}
	for r, line := range rows {
		head, cells, ok := strings.Cut(line, "|")
		if !ok {
			t.Fatalf("row %q", line)
		}
		f := strings.Fields(head)
		if n, err := strconv.Atoi(f[len(f)-1]); err != nil || n != r+1 {
			t.Fatalf("row %d is labelled %q", r+1, head)
		}
		cs := strings.Fields(cells)
		if len(cs) != 5 {
			t.Fatalf("row %d: %d cells", r+1, len(cs))
		}
		for c, x := range cs {
			v, err := strconv.Atoi(x)
			if err != nil {
				t.Fatal(err)
			}
			m[r][c] = v
		}
	}
	return m
}

type span struct {
	lo, hi float64
	level  int
}

// parseRanges reads "lo-hi:level …".
func parseRanges(t *testing.T, printed string) []span {
	t.Helper()
	var out []span
	for _, f := range strings.Fields(printed) {
		rng, lvl, _ := strings.Cut(f, ":")
		lo, hi, _ := strings.Cut(rng, "-")
		var s span
		var err error
		if s.lo, err = strconv.ParseFloat(lo, 64); err != nil {
			t.Fatal(err)
		}
		if s.hi, err = strconv.ParseFloat(hi, 64); err != nil {
			t.Fatal(err)
		}
		if s.level, err = strconv.Atoi(lvl); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if len(out) != 5 {
		t.Fatalf("%d ranges in %q", len(out), printed)
	}
	return out
}

// levelOf is the level a printed range table gives v.
func levelOf(t *testing.T, spans []span, v float64) int {
	t.Helper()
	for _, s := range spans {
		if v >= s.lo-1e-9 && v <= s.hi+1e-9 {
			return s.level
		}
	}
	t.Fatalf("%v is in no printed range", v)
	return 0
}

func compareMatrix(t *testing.T, name string, got Matrix, printed string) {
	t.Helper()
	want := parseMatrix(t, printed)
	for r := 0; r < 5; r++ {
		for c := 0; c < 5; c++ {
			if got[r][c] != want[r][c] {
				t.Errorf("%s row %d column %d: default %d, printed %d", name, r+1, c+1, got[r][c], want[r][c])
			}
		}
	}
}

// compareRanges checks every whole value 1–25 against the printed ranges.
func compareRanges(t *testing.T, name string, got Ranges, printed string) {
	t.Helper()
	spans := parseRanges(t, printed)
	for v := 1; v <= 25; v++ {
		if g, w := got.Level(float64(v)), levelOf(t, spans, float64(v)); g != w {
			t.Errorf("%s: value %d at level %d, printed %d", name, v, g, w)
		}
	}
}

func TestDefaultLikelihoodMatrixIsTableA1(t *testing.T) {
	compareMatrix(t, "A.1", DefaultSettings(MethodMatrix).LikelihoodMatrix, tableA1)
}

func TestDefaultLossMatrixIsTableA3(t *testing.T) {
	compareMatrix(t, "A.3", DefaultSettings(MethodMatrix).LossMatrix, tableA3)
}

func TestDefaultRiskMatrixIsTableA5(t *testing.T) {
	s := DefaultSettings(MethodMatrix)
	compareMatrix(t, "A.5", s.RiskMatrix, tableA5)
	// The column factor weighs more: likelihood 1 with loss 5 (an unlikely
	// catastrophe) outranks likelihood 5 with loss 1 (a likely trifle).
	if s.RiskMatrix[0][4] <= s.RiskMatrix[4][0] {
		t.Errorf("A.5: (L1, F5) = %d is not above (L5, F1) = %d", s.RiskMatrix[0][4], s.RiskMatrix[4][0])
	}
	if s.IsLegacyRiskMatrix() {
		t.Error("the default is the legacy matrix")
	}
	legacy := s
	legacy.RiskMatrix = LegacyRiskMatrix
	for r := 0; r < 5; r++ {
		for c := 0; c < 5; c++ {
			if LegacyRiskMatrix[r][c] != s.RiskMatrix[c][r] {
				t.Fatalf("the legacy matrix is not the transpose of A.5 at %d,%d", r+1, c+1)
			}
		}
	}
	if !legacy.IsLegacyRiskMatrix() {
		t.Error("legacy matrix not recognised")
	}
}

func TestDefaultLikelihoodLevelsAreTableA2(t *testing.T) {
	compareRanges(t, "A.2", DefaultSettings(MethodMatrix).LikelihoodLevels, tableA2)
}

func TestDefaultLossLevelsAreTableA4(t *testing.T) {
	compareRanges(t, "A.4", DefaultSettings(MethodMatrix).LossLevels, tableA4)
}

func TestDefaultRiskLevelsAreTableA6(t *testing.T) {
	compareRanges(t, "A.6", DefaultSettings(MethodMatrix).RiskLevels, tableA6)
}

// Every tenth from 1.0 to 5.0 is at the level of the seed 002 §7.5 table.
func TestAssetLevelsAreSeed002Section7_5Table(t *testing.T) {
	spans := parseRanges(t, seed002AssetTable)
	for tenth := 10; tenth <= 50; tenth++ {
		v := float64(tenth) / 10
		if g, w := AssetLevel(v), levelOf(t, spans, v); g != w {
			t.Errorf("asset value %.1f: level %d, printed %d", v, g, w)
		}
	}
}

// The matrix method end to end, every threat × vulnerability × asset level
// (125 combinations): likelihood from A.1, its level from A.2, loss from A.3,
// its level from A.4, risk from A.5 by the two levels, its level from A.6 —
// each looked up in the printed tables.
func TestMatrixMethodEveryCellByTablesA1ToA6(t *testing.T) {
	s := DefaultSettings(MethodMatrix)
	a1, a3, a5 := parseMatrix(t, tableA1), parseMatrix(t, tableA3), parseMatrix(t, tableA5)
	a2, a4, a6 := parseRanges(t, tableA2), parseRanges(t, tableA4), parseRanges(t, tableA6)
	for tf := 1; tf <= 5; tf++ {
		for v := 1; v <= 5; v++ {
			for a := 1; a <= 5; a++ {
				sc, err := s.Score(tf, v, a)
				if err != nil {
					t.Fatal(err)
				}
				l, f := a1[tf-1][v-1], a3[a-1][v-1]
				ll, fl := levelOf(t, a2, float64(l)), levelOf(t, a4, float64(f))
				r := a5[ll-1][fl-1]
				want := Score{float64(l), ll, float64(f), fl, float64(r), levelOf(t, a6, float64(r))}
				if sc != want {
					t.Errorf("T=%d V=%d A=%d: got %+v, want %+v", tf, v, a, sc, want)
				}
			}
		}
	}
}

// The log rule of the practitioners, Round1{log2[(2^C+2^I+2^A)/3]}, then the
// §7.5 table, for every C, I, A: C=4, I=4, A=1 is 3.5, level 3.
func TestLogAssetRuleSeed002Section7_5(t *testing.T) {
	s := DefaultSettings(MethodMatrix)
	s.AssetRule = AssetLog
	spans := parseRanges(t, seed002AssetTable)
	for c := 1; c <= 5; c++ {
		for i := 1; i <= 5; i++ {
			for a := 1; a <= 5; a++ {
				sum := 1 << c
				sum += 1 << i
				sum += 1 << a
				// One decimal by hand: log2(sum/3) to 4 places, then half up.
				want, _ := strconv.ParseFloat(fmt.Sprintf("%.1f", roundHalfUp1(log2(float64(sum)/3))), 64)
				v, lvl, err := s.AssetValue(c, i, a)
				if err != nil || v != want || lvl != levelOf(t, spans, want) {
					t.Errorf("C=%d I=%d A=%d: %v level %d, want %v level %d", c, i, a, v, lvl, want, levelOf(t, spans, want))
				}
			}
		}
	}
	if v, lvl, _ := s.AssetValue(4, 4, 1); v != 3.5 || lvl != 3 {
		t.Errorf("C=4 I=4 A=1: %v level %d, want 3.5 level 3", v, lvl)
	}
}

// Seed 002 §7.8: 安全事件损失值 = 资产价值 × 脆弱性严重程度值 — the asset's value
// (3.5), not its level (3).
func TestProductUsesAssetValueSeed002Section7_8(t *testing.T) {
	s := DefaultSettings(MethodProduct)
	s.AssetRule = AssetLog
	a := &Assessment{Settings: s,
		Assets:  []Asset{{ID: 1, Name: "x", Type: "data", C: 4, I: 4, A: 1}},
		Threats: []Threat{{ID: 1, Frequency: 3}},
		Vulns:   []Vulnerability{{ID: 1, AssetID: 1, Severity: 4}},
		Risks:   []Risk{{ID: 1, AssetID: 1, ThreatID: 1, VulnID: 1}}}
	a.Recompute()
	sc := a.Risks[0].Inherent
	if sc.Likelihood != 12 || sc.Loss != 14 || sc.Value != 168 {
		t.Errorf("product: %+v, want likelihood 3×4 = 12, loss 3.5×4 = 14, risk 168", sc)
	}
}

func log2(x float64) float64 {
	// By halving: independent of math.Log2 in score.go.
	n := 0.0
	for x >= 2 {
		x /= 2
		n++
	}
	// log2 of x in [1, 2) by squaring, 30 bits.
	frac, bit := 0.0, 0.5
	for k := 0; k < 30; k++ {
		x *= x
		if x >= 2 {
			x /= 2
			frac += bit
		}
		bit /= 2
	}
	return n + frac
}

func roundHalfUp1(x float64) float64 {
	return float64(int(x*10+0.5)) / 10
}
