package registerio

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"

	"outsec/model/risk"
	"outsec/model/screening"
)

// Registers are the records to export, after risk.Assessment.Recompute.
type Registers struct {
	Assets  []risk.Asset
	Threats []risk.Threat
	Vulns   []risk.Vulnerability
	Risks   []risk.Risk
	// People is the screening's register of service personnel (KindPeople);
	// Vendor is the employer of a person whose employer is blank.
	People []screening.Person
	Vendor string
}

// FromAssessment takes the registers of an assessment.
func FromAssessment(a *risk.Assessment) Registers {
	return Registers{Assets: a.Assets, Threats: a.Threats, Vulns: a.Vulns, Risks: a.Risks}
}

// value is one exported cell: text, or a number (written as a number in XLSX).
type value struct {
	s   string
	n   float64
	num bool
}

func str(s string) value { return value{s: s} }

func num(n float64) value {
	// Two decimals are what a reader can use; the full value is recomputed
	// from the ratings on import.
	n = math.Round(n*100) / 100
	return value{s: strconv.FormatFloat(n, 'f', -1, 64), n: n, num: true}
}

// level is a rating or level; 0 (not rated, not assessed) is left blank.
func level(n int) value {
	if n == 0 {
		return value{}
	}
	return value{s: strconv.Itoa(n), n: float64(n), num: true}
}

func label(t Translator, e *enum, code string) value {
	if code == "" {
		return value{}
	}
	for _, c := range e.codes {
		if c == code {
			return str(t(e.labelKey(code)))
		}
	}
	return str(code) // a code this version does not know: kept as it is
}

// sheet builds one register's table: the headings and the rows.
func sheet(k Kind, r Registers, t Translator) (heads []string, rows [][]value, err error) {
	cols := registers[k]
	if cols == nil {
		return nil, nil, fmt.Errorf("registerio: no register %q", k)
	}
	for _, c := range cols {
		heads = append(heads, t(header(k, c.field)))
	}
	switch k {
	case KindAssets:
		for _, a := range r.Assets {
			rows = append(rows, []value{str(a.Name), label(t, assetTypes, string(a.Type)), str(a.Owner),
				level(a.C), level(a.I), level(a.A), scored(a.Level, a.Value), level(a.Level), str(a.Notes)})
		}
	case KindThreats:
		for _, th := range r.Threats {
			rows = append(rows, []value{str(th.Name), label(t, threatSources, string(th.Source)),
				label(t, threatPaths, string(th.Path)), str(th.Method), level(th.Frequency), str(th.Notes)})
		}
	case KindVulns:
		assets := assetNames(r.Assets)
		for _, v := range r.Vulns {
			rows = append(rows, []value{str(assets[v.AssetID]), str(v.Description), label(t, vulnCategories, string(v.Category)),
				level(v.Severity), label(t, identifications, string(v.Identified)), str(v.Notes)})
		}
	case KindRisks:
		assets := assetNames(r.Assets)
		threats := map[int64]string{}
		for _, th := range r.Threats {
			threats[th.ID] = th.Name
		}
		vulns := map[int64]string{}
		for _, v := range r.Vulns {
			vulns[v.ID] = v.Description
		}
		for _, rk := range r.Risks {
			in, tr := rk.Inherent, rk.Treatment
			row := []value{str(assets[rk.AssetID]), str(threats[rk.ThreatID]), str(vulns[rk.VulnID]),
				scored(in.LikelihoodLevel, in.Likelihood), level(in.LikelihoodLevel),
				scored(in.LossLevel, in.Loss), level(in.LossLevel),
				scored(in.Level, in.Value), level(in.Level),
				label(t, treatments, string(tr.Option)), str(tr.Measure), str(tr.Owner), str(string(tr.Deadline)),
				value{}, label(t, treatmentStatuses, string(tr.Status)), {}, {}}
			if tr.Cost != 0 {
				row[13] = num(tr.Cost)
			}
			if rs := rk.Residual; rs != nil {
				row[15], row[16] = scored(rs.Level, rs.Value), level(rs.Level)
			}
			rows = append(rows, row)
		}
	case KindPeople:
		rows = peopleRows(r, t)
	}
	return heads, rows, nil
}

// scored is a derived value, blank when it was not computed (level 0).
func scored(lvl int, v float64) value {
	if lvl == 0 {
		return value{}
	}
	return num(v)
}

func assetNames(as []risk.Asset) map[int64]string {
	m := make(map[int64]string, len(as))
	for _, a := range as {
		m[a.ID] = a.Name
	}
	return m
}

// ExportCSV writes one register as CSV: UTF-8 with a byte-order mark, so that
// Excel opens it as UTF-8, and CRLF line ends. A value that a spreadsheet would
// run as a formula (starting with = + - @) gets an apostrophe before it, which
// Parse removes again.
func ExportCSV(k Kind, r Registers, t Translator) ([]byte, error) {
	heads, rows, err := sheet(k, r, t)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	if err := w.Write(heads); err != nil {
		return nil, err
	}
	rec := make([]string, len(heads))
	for _, row := range rows {
		for i, v := range row {
			rec[i] = guard(v)
		}
		if err := w.Write(rec); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

func guard(v value) string {
	if !v.num && v.s != "" && strings.ContainsRune(formulaStarts, rune(v.s[0])) {
		return "'" + v.s
	}
	return v.s
}

// lastRow is how far down a sheet the data validations reach: a user adding
// rows in Excel gets the lists and the 1–5 check too.
const lastRow = 1_048_576

// ExportXLSX writes registers as an XLSX workbook, one sheet each in the order
// given (all of Kinds when kinds is empty; AllKinds adds the people): a styled heading row that stays in
// view, columns wide enough for their content, and on the importable sheets
// the 1–5 columns limited to whole numbers 1–5 and the value lists offered as
// drop-downs.
func ExportXLSX(kinds []Kind, r Registers, t Translator) ([]byte, error) {
	if len(kinds) == 0 {
		kinds = Kinds
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetDocProps(&excelize.DocProperties{
		Creator: "outsec", LastModifiedBy: "outsec", Title: t("registerio.workbook_title"),
		Language: t("registerio.workbook_language"),
		// Fixed, so that the same data gives the same bytes; the export
		// itself is recorded in the audit trail with its time.
		Created: "2016-01-01T00:00:00Z", Modified: "2016-01-01T00:00:00Z",
	}); err != nil {
		return nil, err
	}
	headStyle, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Border:    []excelize.Border{{Type: "bottom", Color: "8EA9DB", Style: 1}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
	})
	if err != nil {
		return nil, err
	}
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = t(k.SheetLabel())
		if i == 0 {
			if err := f.SetSheetName("Sheet1", names[i]); err != nil {
				return nil, err
			}
		} else if _, err := f.NewSheet(names[i]); err != nil {
			return nil, err
		}
	}
	lists, err := writeLists(f, kinds, t)
	if err != nil {
		return nil, err
	}
	for i, k := range kinds {
		if err := writeSheet(f, names[i], k, r, t, headStyle, lists); err != nil {
			return nil, err
		}
	}
	f.SetActiveSheet(0)
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// writeLists puts the labels of every value list the sheets use on a hidden
// sheet of their own, after the registers, and returns the reference of each
// list. (A list typed into the validation itself could not hold a label with a
// comma, and is limited to 255 characters.)
func writeLists(f *excelize.File, kinds []Kind, t Translator) (map[*enum]string, error) {
	refs := map[*enum]string{}
	name := t("registerio.sheet.lists")
	quoted := "'" + strings.ReplaceAll(name, "'", "''") + "'"
	n := 0
	for _, k := range kinds {
		if !k.Importable() {
			continue
		}
		for _, c := range registers[k] {
			if c.enum == nil || refs[c.enum] != "" {
				continue
			}
			if n == 0 {
				if _, err := f.NewSheet(name); err != nil {
					return nil, err
				}
			}
			n++
			col := ColumnLetter(n)
			for j, code := range c.enum.codes {
				if err := f.SetCellStr(name, col+strconv.Itoa(j+1), t(c.enum.labelKey(code))); err != nil {
					return nil, err
				}
			}
			refs[c.enum] = fmt.Sprintf("%s!$%s$1:$%s$%d", quoted, col, col, len(c.enum.codes))
		}
	}
	if n > 0 {
		if err := f.SetSheetVisible(name, false); err != nil {
			return nil, err
		}
	}
	return refs, nil
}

func writeSheet(f *excelize.File, name string, k Kind, r Registers, t Translator, headStyle int, lists map[*enum]string) error {
	heads, rows, err := sheet(k, r, t)
	if err != nil {
		return err
	}
	widths := make([]int, len(heads))
	hs := make([]any, len(heads))
	for i, h := range heads {
		hs[i] = h
		widths[i] = displayWidth(h)
	}
	if err := f.SetSheetRow(name, "A1", &hs); err != nil {
		return err
	}
	cells := make([]any, len(heads))
	for n, row := range rows {
		for i, v := range row {
			switch {
			case v.num:
				cells[i] = v.n
			case v.s == "":
				cells[i] = nil
			default:
				cells[i] = v.s
			}
			if w := displayWidth(v.s); w > widths[i] {
				widths[i] = w
			}
		}
		if err := f.SetSheetRow(name, "A"+strconv.Itoa(n+2), &cells); err != nil {
			return err
		}
	}
	last := ColumnLetter(len(heads))
	if err := f.SetCellStyle(name, "A1", last+"1", headStyle); err != nil {
		return err
	}
	for i, w := range widths {
		col := ColumnLetter(i + 1)
		if err := f.SetColWidth(name, col, col, float64(min(max(w+2, 8), 60))); err != nil {
			return err
		}
	}
	if err := f.SetPanes(name, &excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	}); err != nil {
		return err
	}
	if !k.Importable() {
		return nil
	}
	for i, c := range registers[k] {
		col := ColumnLetter(i + 1)
		sqref := fmt.Sprintf("%s2:%s%d", col, col, lastRow)
		switch {
		case c.rating:
			dv := excelize.NewDataValidation(true)
			dv.SetSqref(sqref)
			if err := dv.SetRange(1, 5, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween); err != nil {
				return err
			}
			dv.SetError(excelize.DataValidationErrorStyleStop, heads[i], t("registerio.xlsx.rating_error"))
			if err := f.AddDataValidation(name, dv); err != nil {
				return err
			}
		case c.enum != nil:
			dv := excelize.NewDataValidation(true)
			dv.SetSqref(sqref)
			dv.SetSqrefDropList(lists[c.enum])
			// A warning, not a stop: codes and other names are accepted too.
			dv.SetError(excelize.DataValidationErrorStyleWarning, heads[i], t("registerio.xlsx.choice_error"))
			if err := f.AddDataValidation(name, dv); err != nil {
				return err
			}
		}
	}
	return nil
}

// displayWidth is how many character cells s takes in a spreadsheet column:
// two for a Chinese character. Only the longest line counts.
func displayWidth(s string) int {
	best := 0
	for _, line := range strings.Split(s, "\n") {
		w := 0
		for _, r := range line {
			switch width.LookupRune(r).Kind() {
			case width.EastAsianWide, width.EastAsianFullwidth:
				w += 2
			default:
				w++
			}
		}
		best = max(best, w)
	}
	return best
}
