package registerio

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/width"

	"outsec/model"
	"outsec/model/risk"
)

// Limits of an import file.
const (
	MaxSize = 10 << 20 // bytes of the file
	MaxRows = 100_000  // data rows, all registers of a file together
	// maxUnzipped bounds what an XLSX file may unpack to, so that a small
	// archive cannot fill the memory. It is kept in memory (no temporary files).
	maxUnzipped = 128 << 20
)

// Format is how a file is written.
type Format string

const (
	FormatCSV  Format = "csv"
	FormatXLSX Format = "xlsx"
)

// Vuln is an imported vulnerability with the name of its asset: the store
// resolves the name to the asset's id (an asset of the same import, or one the
// engagement has).
type Vuln struct {
	risk.Vulnerability
	Asset string
}

// Result is what a file holds.
type Result struct {
	Format Format
	// Kinds are the registers the file holds, in ImportKinds order.
	Kinds   []Kind
	Assets  []risk.Asset
	Threats []risk.Threat
	Vulns   []Vuln
	// Rows gives for each record the row of the file it came from: the i-th
	// asset is on row Rows[KindAssets][i] of sheet Sheets[KindAssets].
	Rows   map[Kind][]int
	Sheets map[Kind]string
	// Skipped are the sheets of a workbook that name no importable register
	// (an exported "风险" sheet, a sheet of notes).
	Skipped []string

	headings map[Kind]map[string]heading // for FieldProblem
}

// Count is the number of records of a kind.
func (r Result) Count(k Kind) int {
	switch k {
	case KindAssets:
		return len(r.Assets)
	case KindThreats:
		return len(r.Threats)
	case KindVulns:
		return len(r.Vulns)
	}
	return 0
}

// Total is the number of records of every kind.
func (r Result) Total() int { return len(r.Assets) + len(r.Threats) + len(r.Vulns) }

// CheckSize refuses a file of size bytes before it is read: a caller with a
// file checks its size first and then reads at most MaxSize+1 bytes of it.
func CheckSize(size int64) Problems {
	if size > MaxSize {
		return Problems{{Key: KeyTooLarge, Args: []any{mib(size), MaxSize >> 20}}}
	}
	return nil
}

// mib is a size in MiB as written in a message, rounded up to one decimal so
// that a file over the limit never shows as equal to it.
func mib(size int64) string {
	return strconv.FormatFloat(math.Ceil(float64(size)/(1<<20)*10)/10, 'f', -1, 64)
}

// Parse reads the registers of one import file. kind is the register to read,
// or "" to detect it (see the package documentation). The format follows the
// content; filename (may be empty) only sharpens the message for a file that
// is not what its extension says (an ".xlsx" that is no workbook, a web page
// named ".xls"). existingAssets are the names of the engagement's assets,
// which vulnerabilities may refer to.
//
// Every problem found is returned; when there is any, nothing of the result may
// be imported.
func Parse(kind Kind, filename string, data []byte, existingAssets []string) (Result, Problems) {
	res := Result{Rows: map[Kind][]int{}, Sheets: map[Kind]string{}}
	if kind != "" && !kind.Importable() {
		return res, Problems{{Key: KeyNotImportable, Args: []any{Label(kind.Label())}}}
	}
	if ps := CheckSize(int64(len(data))); ps != nil {
		return res, ps
	}
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		res.Format = FormatXLSX
	case bytes.HasPrefix(data, []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}):
		// An OLE compound file: Excel 97–2003, or an XLSX under a password.
		return res, Problems{{Key: KeyXLS}}
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		return res, Problems{{Key: KeyUTF16}}
	default:
		switch ext := strings.ToLower(filepath.Ext(filename)); {
		case ext == ".xlsx" || ext == ".xlsm":
			return res, Problems{{Key: KeyNotXLSX}}
		case ext == ".xls" && bytes.HasPrefix(bytes.TrimSpace(trimBOM(data)), []byte("<")):
			// A web page named .xls, as many systems export a table.
			return res, Problems{{Key: KeyXLS}}
		}
		res.Format = FormatCSV
	}
	var tables []table
	var ps Problems
	if res.Format == FormatXLSX {
		tables, ps = readXLSX(kind, data)
	} else {
		tables, ps = readCSV(kind, data)
	}
	if len(ps) > 0 {
		return res, ps
	}
	p := &parser{res: &res, existing: existingAssets}
	for i := range tables {
		if tables[i].kind == "" {
			res.Skipped = append(res.Skipped, tables[i].sheet)
		}
	}
	// Assets first, so that vulnerabilities can find them.
	for _, k := range ImportKinds {
		for i := range tables {
			if tables[i].kind == k {
				p.read(&tables[i])
			}
		}
	}
	if p.limited {
		return res, p.probs
	}
	p.checkAssets()
	if res.Total() == 0 && len(p.probs) == 0 {
		pr := Problem{Key: KeyHeaderOnly}
		switch {
		case len(res.Sheets) == 0:
			pr.Key = KeyEmpty // a workbook whose register sheets are all empty
		case len(res.Sheets) == 1:
			for _, sh := range res.Sheets {
				pr.Sheet = sh
			}
		}
		p.probs = append(p.probs, pr)
	}
	for _, k := range ImportKinds {
		if _, ok := res.Sheets[k]; ok {
			res.Kinds = append(res.Kinds, k)
		}
	}
	return res, p.probs
}

// table is one sheet of a workbook, or a CSV file, before it is read as a
// register.
type table struct {
	sheet string // "" for CSV
	kind  Kind   // "" for a sheet that is skipped
	rows  []row
}

type row struct {
	n     int // as a spreadsheet numbers it
	cells []string
}

func (r row) blank() bool {
	for _, c := range r.cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// maxRecords bounds the rows kept of one file: more data rows than MaxRows is
// a problem in itself, and blank rows of a sheet formatted to its end are not
// kept.
const maxRecords = MaxRows + 2

func trimBOM(data []byte) []byte { return bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) }

func readCSV(kind Kind, data []byte) ([]table, Problems) {
	data = trimBOM(data)
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, Problems{{Key: KeyEmpty}}
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = delimiter(data)
	r.FieldsPerRecord = -1
	t := table{kind: kind}
	kept := 0
	// A spreadsheet shows a blank line as a row, and a value with line
	// breaks in one row; the reader skips blank lines, so each record's row
	// follows from the lines between it and the one before.
	n, endLine := 0, 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			if ps := notUTF8(data, t.rows); ps != nil {
				return nil, ps
			}
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				n += max(pe.StartLine-endLine, 1)
			} else {
				n++
			}
			return nil, Problems{csvProblem(n, err)}
		}
		start, _ := r.FieldPos(0)
		last, _ := r.FieldPos(len(rec) - 1)
		n += start - endLine
		endLine = last + strings.Count(rec[len(rec)-1], "\n")
		rw := row{n: n, cells: rec}
		if rw.blank() {
			continue
		}
		t.rows = append(t.rows, rw)
		if kept++; kept > maxRecords {
			break
		}
	}
	if ps := notUTF8(data, t.rows); ps != nil {
		return nil, ps
	}
	if len(t.rows) == 0 {
		return nil, Problems{{Key: KeyEmpty}}
	}
	if t.kind == "" {
		k, ps := detect(t.rows[0])
		if ps != nil {
			return nil, ps
		}
		t.kind = k
	}
	return []table{t}, nil
}

// delimiter is a tab when the first line has more tabs than commas (Excel's
// "Unicode text" and copies from a sheet), else a comma.
func delimiter(data []byte) rune {
	line := data
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		line = data[:i]
	}
	if bytes.Count(line, []byte("\t")) > bytes.Count(line, []byte(",")) {
		return '\t'
	}
	return ','
}

func csvProblem(n int, err error) Problem {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		switch {
		case errors.Is(pe.Err, csv.ErrQuote):
			return Problem{Row: n, Key: KeyCSVQuote}
		case errors.Is(pe.Err, csv.ErrBareQuote):
			return Problem{Row: n, Col: pe.Column, Key: KeyCSVBareQuote}
		}
		return Problem{Row: n, Key: KeyCSVSyntax, Args: []any{pe.Err.Error()}}
	}
	return Problem{Row: n, Key: KeyCSVSyntax, Args: []any{err.Error()}}
}

// notUTF8 refuses a file that is not UTF-8, naming the first row and column
// with bytes that are not. Excel on a Chinese Windows saves "CSV (comma
// delimited)" in GBK (GB18030): that is said, with the way to save as UTF-8.
func notUTF8(data []byte, rows []row) Problems {
	if utf8.Valid(data) {
		return nil
	}
	key := KeyNotUTF8
	if looksGB18030(invalidLines(data)) {
		key = KeyGBK
	}
	for _, r := range rows {
		for j, c := range r.cells {
			if !utf8.ValidString(c) {
				p := Problem{Row: r.n, Col: j + 1, Key: key}
				if looksGB18030(c) {
					// One cell pasted from a GBK file into a UTF-8 one.
					p.Key = KeyGBK
				}
				if r.n != rows[0].n && j < len(rows[0].cells) && utf8.ValidString(rows[0].cells[j]) {
					p.Column = strings.TrimSpace(rows[0].cells[j])
				}
				return Problems{p}
			}
		}
	}
	// Not in a row read: the bad bytes are where reading stopped. Count
	// the lines up to them.
	off := 0
	for off < len(data) {
		r, size := utf8.DecodeRune(data[off:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		off += size
	}
	return Problems{{Row: 1 + bytes.Count(data[:off], []byte("\n")), Key: key}}
}

// invalidLines are the lines of data that are not UTF-8: in a file that is
// UTF-8 but for a pasted cell, those tell the encoding of the cell.
func invalidLines(data []byte) string {
	var b strings.Builder
	for _, line := range bytes.SplitAfter(data, []byte("\n")) {
		if !utf8.Valid(line) {
			b.Write(line)
		}
	}
	return b.String()
}

// looksGB18030 reports whether data decodes as GB18030 with no error and
// holds Chinese text.
func looksGB18030(data string) bool {
	s, err := simplifiedchinese.GB18030.NewDecoder().String(data)
	if err != nil || strings.ContainsRune(s, utf8.RuneError) {
		return false
	}
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// detect finds the register whose columns the headings name: the one with the
// most headings of its own.
func detect(head row) (Kind, Problems) {
	best, bestN, tie := Kind(""), 0, false
	for _, k := range Kinds {
		n := 0
		for _, h := range head.cells {
			if c, _ := match(k, h); c != nil {
				n++
			}
		}
		switch {
		case n > bestN:
			best, bestN, tie = k, n, false
		case n == bestN:
			tie = true
		}
	}
	switch {
	case bestN < 2 || tie:
		return "", Problems{{Row: head.n, Key: KeyKindUnknown}}
	case !best.Importable():
		// An export of the risks.
		return "", Problems{{Key: KeyNotImportable, Args: []any{Label(best.Label())}}}
	}
	return best, nil
}

func readXLSX(kind Kind, data []byte) ([]table, Problems) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		RawCellValue: true, UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxUnzipped,
	})
	if err != nil {
		return nil, xlsxProblem(err)
	}
	defer f.Close()
	var tables []table
	for _, name := range f.GetSheetList() {
		k, _ := ParseKind(name)
		if !k.Importable() {
			k = ""
			if visible, _ := f.GetSheetVisible(name); !visible {
				continue // an export's value lists, or a sheet the author hid
			}
		}
		t := table{sheet: name, kind: k}
		rows, err := f.Rows(name)
		if err != nil {
			return nil, xlsxProblem(err)
		}
		n, kept := 0, 0
		for rows.Next() {
			n++
			cells, err := rows.Columns()
			if err != nil {
				rows.Close()
				return nil, xlsxProblem(err)
			}
			rw := row{n: n, cells: cells}
			if rw.blank() {
				continue
			}
			t.rows = append(t.rows, rw)
			if kept++; kept > maxRecords {
				break
			}
		}
		err = rows.Error()
		rows.Close()
		if err != nil {
			return nil, xlsxProblem(err)
		}
		tables = append(tables, t)
	}
	var named, filled []int
	for i, t := range tables {
		if t.kind != "" && (kind == "" || t.kind == kind) {
			named = append(named, i)
		}
		if len(t.rows) > 0 {
			filled = append(filled, i)
		}
	}
	if len(filled) == 0 {
		return nil, Problems{{Key: KeyEmpty}}
	}
	switch {
	case len(named) > 0:
		// Sheets named for a register are read as it; the rest are skipped.
		// Two sheets for one register would be one too many to tell apart.
		for i, a := range named {
			for _, b := range named[:i] {
				if tables[a].kind == tables[b].kind {
					return nil, Problems{{Key: KeyDuplicateSheet, Args: []any{Label(tables[a].kind.Label()), tables[b].sheet, tables[a].sheet}}}
				}
			}
		}
		for i := range tables {
			if !contains(named, i) {
				tables[i].kind = ""
			}
		}
		if kind == "" {
			// A workbook of registers: a register's sheet left empty is
			// left out.
			var out []table
			for _, t := range tables {
				if t.kind == "" || len(t.rows) > 0 {
					out = append(out, t)
				}
			}
			return out, nil
		}
	case len(filled) == 1:
		// One sheet with content, whatever its name: read as the kind asked
		// for, or as the one its headings name.
		t := &tables[filled[0]]
		t.kind = kind
		if kind == "" {
			k, ps := detect(t.rows[0])
			if ps != nil {
				ps[0].Sheet = t.sheet
				return nil, ps
			}
			t.kind = k
		}
		for i := range tables {
			if i != filled[0] {
				tables[i].kind = ""
			}
		}
	case kind != "":
		return nil, Problems{{Key: KeyNoSheet, Args: []any{Label(kind.Label()), sheetNames(kind), strings.Join(f.GetSheetList(), ", ")}}}
	default:
		return nil, Problems{{Key: KeyNoRegisterSht, Args: []any{strings.Join(f.GetSheetList(), ", ")}}}
	}
	for _, t := range tables {
		if t.kind != "" && len(t.rows) == 0 {
			return nil, Problems{{Sheet: t.sheet, Key: KeyEmpty}}
		}
	}
	return tables, nil
}

// sheetNames lists the names a sheet of register k may have, for a message.
func sheetNames(k Kind) string {
	ns := kindNames[k]
	return ns[0] + ", " + string(k)
}

func contains(is []int, i int) bool {
	for _, x := range is {
		if x == i {
			return true
		}
	}
	return false
}

// xlsxProblem explains why a workbook cannot be read: too big unpacked, or
// damaged (excelize's words, which name what is wrong, go with it).
func xlsxProblem(err error) Problems {
	if strings.Contains(err.Error(), "unzip size exceeds") { // excelize has no error value for it
		return Problems{{Key: KeyXLSXUnzipped, Args: []any{maxUnzipped >> 20}}}
	}
	return Problems{{Key: KeyXLSXBroken, Args: []any{err.Error()}}}
}

// parser turns tables into records.
type parser struct {
	res           *Result
	existing      []string
	existingNames map[string]bool
	probs         Problems
	rows          int  // data rows read so far, all tables
	limited       bool // MaxRows was passed: nothing more is read
	// assetRows are the rows of each asset name in the import, for duplicates
	// and for vulnerabilities.
	assetRows map[string]int
	// threatRows and vulnRows find a record twice in the file: a threat by
	// its name, a vulnerability by its asset and description.
	threatRows map[string]int
	vulnRows   map[[2]string]int
	vulnRefs   []vulnRef
}

type vulnRef struct {
	sheet string
	row   int
	col   int
	head  string
	name  string
}

func (p *parser) add(pr Problem) { p.probs = append(p.probs, pr) }

// existingSet is the engagement's asset names, as a set.
func (p *parser) existingSet() map[string]bool {
	if p.existingNames == nil {
		p.existingNames = make(map[string]bool, len(p.existing))
		for _, e := range p.existing {
			p.existingNames[strings.TrimSpace(e)] = true
		}
	}
	return p.existingNames
}

// read reads one table as its register: the headings, then each row.
func (p *parser) read(t *table) {
	if p.limited {
		return
	}
	k := t.kind
	p.res.Sheets[k] = t.sheet
	if _, ok := p.res.Rows[k]; !ok {
		p.res.Rows[k] = []int{}
	}
	head := t.rows[0]
	cols := make([]*column, len(head.cells)) // nil: skipped
	seen := map[string]int{}
	for j, h := range head.cells {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		head.cells[j] = h
		if h == "" {
			if columnHasData(t.rows[1:], j) {
				p.add(Problem{Sheet: t.sheet, Row: head.n, Col: j + 1, Key: KeyBlankHeading})
			}
			continue
		}
		c, skip := match(k, h)
		switch {
		case skip:
		case c == nil:
			p.add(Problem{Sheet: t.sheet, Row: head.n, Col: j + 1, Column: h, Key: KeyUnknownColumn,
				Args: []any{Label(k.Label()), columnChoices(k)}})
		case seenAt(seen, c.field) >= 0:
			p.add(Problem{Sheet: t.sheet, Row: head.n, Col: j + 1, Column: h, Key: KeyDuplicateCol,
				Args: []any{head.cells[seen[c.field]]}})
		default:
			seen[c.field] = j
			if !c.derived {
				cols[j] = c
			}
			if p.res.headings == nil {
				p.res.headings = map[Kind]map[string]heading{}
			}
			if p.res.headings[k] == nil {
				p.res.headings[k] = map[string]heading{}
			}
			p.res.headings[k][c.field] = heading{col: j + 1, text: h}
		}
	}
	for _, c := range registers[k] {
		if c.required {
			if _, ok := seen[c.field]; !ok {
				p.add(Problem{Sheet: t.sheet, Row: head.n, Key: KeyMissingColumn,
					Args: []any{Label(header(k, c.field)), Label(k.Label())}})
			}
		}
	}
	for _, r := range t.rows[1:] {
		if p.rows++; p.rows > MaxRows {
			p.limited = true
			p.probs = Problems{{Sheet: t.sheet, Row: r.n, Key: KeyTooManyRows, Args: []any{MaxRows}}}
			return
		}
		p.record(t, k, head, cols, r)
	}
}

func seenAt(seen map[string]int, field string) int {
	if j, ok := seen[field]; ok {
		return j
	}
	return -1
}

func columnHasData(rows []row, j int) bool {
	for _, r := range rows {
		if j < len(r.cells) && strings.TrimSpace(r.cells[j]) != "" {
			return true
		}
	}
	return false
}

// columnChoices lists the headings of a register, for a message.
func columnChoices(k Kind) Choices {
	var cs Choices
	for _, c := range registers[k] {
		if !c.derived {
			cs = append(cs, header(k, c.field))
		}
	}
	return cs
}

// cell is one value of a row being read.
type cell struct {
	p     *parser
	t     *table
	row   int
	col   int // from 1
	head  string
	value string
	c     *column
}

func (c cell) problem(key string, args ...any) {
	c.p.add(Problem{Sheet: c.t.sheet, Row: c.row, Col: c.col, Column: c.head, Key: key, Args: args})
}

// record reads one data row.
func (p *parser) record(t *table, k Kind, head row, cols []*column, r row) {
	vals := map[string]cell{}
	for j := range max(len(cols), len(r.cells)) {
		v := ""
		if j < len(r.cells) {
			v = r.cells[j]
		}
		if j >= len(cols) {
			if strings.TrimSpace(v) != "" {
				// A value beyond the last heading.
				p.add(Problem{Sheet: t.sheet, Row: r.n, Col: j + 1, Key: KeyBlankHeading})
			}
			continue
		}
		if cols[j] == nil {
			continue
		}
		if t.sheet == "" {
			v = unguard(v)
		}
		vals[cols[j].field] = cell{p: p, t: t, row: r.n, col: j + 1, head: head.cells[j], value: strings.TrimSpace(v), c: cols[j]}
	}
	get := func(field string) cell {
		if c, ok := vals[field]; ok {
			return c
		}
		return cell{} // the column is missing: reported once, with the headings
	}
	text := func(field string) string { return get(field).text() }
	rating := func(field string) int { return get(field).rating() }
	choice := func(field string) string { return get(field).choice() }
	before := len(p.probs)
	// What the model requires of a record (risk.Asset.Validate …) is checked
	// too, so that the store never refuses what was read here; a cell already
	// reported is not reported again.
	validated := func(prefix string, errs model.ValidationError) {
		reported := map[int]bool{}
		for _, pr := range p.probs[before:] {
			reported[pr.Col] = true
		}
		for _, fe := range errs {
			c, ok := vals[strings.TrimPrefix(fe.Field, prefix)]
			if !ok || reported[c.col] {
				continue // a missing column, a reference by name, or reported
			}
			reported[c.col] = true
			c.problem(fe.Key, fe.Args...)
		}
	}
	switch k {
	case KindAssets:
		a := risk.Asset{
			Name: text("name"), Type: risk.AssetType(choice("type")), Owner: text("owner"),
			C: rating("c"), I: rating("i"), A: rating("a"), Notes: text("notes"),
		}
		validated(risk.FieldAsset, a.Validate())
		p.res.Assets = append(p.res.Assets, a)
		if a.Name != "" {
			if p.assetRows == nil {
				p.assetRows = map[string]int{}
			}
			nc := get("name")
			// One rule for every register (issue 16): twice in the file is a
			// problem; already in the engagement is a duplicate, reported
			// per row and skipped or updated as the user chooses
			// (Result.Duplicates, Result.Batch).
			if first, dup := p.assetRows[a.Name]; dup {
				nc.problem(KeyDuplicateAsset, a.Name, first)
			} else {
				p.assetRows[a.Name] = r.n
			}
		}
	case KindThreats:
		th := risk.Threat{
			Name: text("name"), Source: risk.ThreatSource(choice("source")), Path: risk.ThreatPath(choice("path")),
			Method: text("method"), Frequency: rating("frequency"), Notes: text("notes"),
		}
		validated(risk.FieldThreat, th.Validate())
		p.res.Threats = append(p.res.Threats, th)
		if th.Name != "" {
			if p.threatRows == nil {
				p.threatRows = map[string]int{}
			}
			if first, dup := p.threatRows[th.Name]; dup {
				get("name").problem(KeyDuplicateRecord, th.Name, first)
			} else {
				p.threatRows[th.Name] = r.n
			}
		}
	case KindVulns:
		v := Vuln{Asset: text("asset"), Vulnerability: risk.Vulnerability{
			Description: text("description"), Category: risk.VulnCategory(choice("category")),
			Severity: rating("severity"), Identified: risk.Identification(choice("identified")), Notes: text("notes"),
		}}
		validated(risk.FieldVulnerability, v.Validate())
		p.res.Vulns = append(p.res.Vulns, v)
		if v.Description != "" {
			if p.vulnRows == nil {
				p.vulnRows = map[[2]string]int{}
			}
			id := [2]string{v.Asset, v.Description}
			if first, dup := p.vulnRows[id]; dup {
				get("description").problem(KeyDuplicateRecord, v.Description, first)
			} else {
				p.vulnRows[id] = r.n
			}
		}
		if ac := get("asset"); v.Asset != "" {
			p.vulnRefs = append(p.vulnRefs, vulnRef{sheet: t.sheet, row: r.n, col: ac.col, head: ac.head, name: v.Asset})
		}
	}
	p.res.Rows[k] = append(p.res.Rows[k], r.n)
}

// checkAssets checks that every vulnerability names an asset of the import
// or of the engagement.
func (p *parser) checkAssets() {
	if len(p.vulnRefs) == 0 {
		return
	}
	known := p.existingSet()
	for _, v := range p.vulnRefs {
		if _, ok := p.assetRows[v.name]; !ok && !known[v.name] {
			p.add(Problem{Sheet: v.sheet, Row: v.row, Col: v.col, Column: v.head, Key: KeyUnknownAsset, Args: []any{v.name}})
		}
	}
}

// unguard undoes the apostrophe an export puts before a CSV value that a
// spreadsheet would otherwise run as a formula.
func unguard(v string) string {
	if len(v) >= 2 && v[0] == '\'' && strings.ContainsRune(formulaStarts, rune(v[1])) {
		return v[1:]
	}
	return v
}

const formulaStarts = "=+-@\t\r"

// text reads free text: at most the column's length, no control characters,
// one line unless it is a long text.
func (c cell) text() string {
	if c.c == nil {
		return ""
	}
	v := strings.ReplaceAll(c.value, "\r\n", "\n")
	if v == "" {
		if c.c.required {
			c.problem(KeyRequired)
		}
		return ""
	}
	if n := utf8.RuneCountInString(v); n > c.c.max {
		c.problem(KeyTooLong, n, c.c.max)
	}
	for _, r := range v {
		if r == '\n' && c.c.max <= short {
			c.problem(KeyOneLine)
			break
		}
		if r != '\n' && r != '\t' && unicode.IsControl(r) {
			c.problem(KeyBadText)
			break
		}
	}
	return v
}

// rating reads a whole number 1–5 (also "3.0", a full-width "３", or the seed
// 002 tables' name of the level, 很高 … 很低).
func (c cell) rating() int {
	if c.c == nil {
		return 0
	}
	v := c.value
	if v == "" {
		c.problem(KeyRequired)
		return 0
	}
	if n, ok := ratingWords[normValue(v)]; ok {
		return n
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(width.Fold.String(v)), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f != math.Trunc(f) {
		c.problem(KeyNotInteger, v)
		return 0
	}
	if f < 1 || f > 5 {
		c.problem(KeyRange, v)
		return 0
	}
	return int(f)
}

// choice reads one of the column's values, by its code or a label.
func (c cell) choice() string {
	if c.c == nil {
		return ""
	}
	if c.value == "" {
		c.problem(KeyRequired)
		return ""
	}
	code, ok := c.c.enum.lookup(c.value)
	if !ok {
		keys := make(Choices, len(c.c.enum.codes))
		for i, code := range c.c.enum.codes {
			keys[i] = c.c.enum.labelKey(code)
		}
		c.problem(KeyChoice, c.value, keys)
	}
	return code
}
