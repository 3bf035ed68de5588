package registerio

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong with an import file, with where it is.
type Problem struct {
	// Sheet is the XLSX sheet; "" in a CSV file.
	Sheet string
	// Row is the row as a spreadsheet numbers it (a CSV file's first record is
	// row 1); 0 when the problem is about the whole file or sheet.
	Row int
	// Col is the column, counted from 1 (A = 1); 0 when the problem is not
	// about one column.
	Col int
	// Column is the column's heading as written in the file; "" when the
	// problem is not about one column or the heading is blank (then Col
	// names it by its letter).
	Column string
	// Key is the catalog message; Args its arguments. An argument of type
	// Label is a catalog key, and of type Choices a list of them: Text
	// translates both.
	Key  string
	Args []any
}

// Label is a Problem argument that is a catalog key, translated when shown.
type Label string

// Choices is a Problem argument listing catalog keys, shown translated and
// joined by the catalog's list separator.
type Choices []string

// Translator is a catalog lookup: i18n.Catalog.T.
type Translator func(key string, args ...any) string

// Message is the problem without its place, in the translator's language.
func (p Problem) Message(t Translator) string {
	args := make([]any, len(p.Args))
	for i, a := range p.Args {
		switch a := a.(type) {
		case Label:
			args[i] = t(string(a))
		case Choices:
			names := make([]string, len(a))
			for j, k := range a {
				names[j] = t(k)
			}
			args[i] = strings.Join(names, t("registerio.list_sep"))
		default:
			args[i] = a
		}
	}
	return t(p.Key, args...)
}

// Where is the problem's place: the sheet, the row and the column that apply,
// "" for the whole file.
func (p Problem) Where(t Translator) string {
	var parts []string
	if p.Sheet != "" {
		parts = append(parts, t("registerio.loc.sheet", p.Sheet))
	}
	if p.Row > 0 {
		parts = append(parts, t("registerio.loc.row", p.Row))
	}
	switch {
	case p.Column != "":
		parts = append(parts, t("registerio.loc.column", p.Column))
	case p.Col > 0:
		parts = append(parts, t("registerio.loc.column_letter", ColumnLetter(p.Col)))
	}
	return strings.Join(parts, t("registerio.loc.sep"))
}

// Text is the line to show: its place, then the message.
func (p Problem) Text(t Translator) string {
	w := p.Where(t)
	if w == "" {
		return p.Message(t)
	}
	return t("registerio.loc.line", w, p.Message(t))
}

// String is the problem untranslated, for logs and tests.
func (p Problem) String() string {
	return fmt.Sprintf("%s!R%dC%d[%s] %s %v", p.Sheet, p.Row, p.Col, p.Column, p.Key, p.Args)
}

// Problems is every problem of a file; as an error it lists them untranslated.
type Problems []Problem

func (ps Problems) Error() string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.String()
	}
	return strings.Join(s, "; ")
}

// ColumnLetter is a spreadsheet's name of column n (1 = A, 27 = AA).
func ColumnLetter(n int) string {
	if n < 1 {
		return ""
	}
	var b []byte
	for n > 0 {
		n--
		b = append([]byte{byte('A' + n%26)}, b...)
		n /= 26
	}
	return string(b)
}

// The messages; the catalog holds them under these keys.
const (
	KeyEmpty          = "registerio.err.empty"
	KeyTooLarge       = "registerio.err.too_large"
	KeyHeaderOnly     = "registerio.err.header_only"
	KeyTooManyRows    = "registerio.err.too_many_rows"
	KeyNotUTF8        = "registerio.err.not_utf8"
	KeyGBK            = "registerio.err.gbk"
	KeyUTF16          = "registerio.err.utf16"
	KeyXLS            = "registerio.err.xls"
	KeyXLSXBroken     = "registerio.err.xlsx_broken"
	KeyXLSXUnzipped   = "registerio.err.xlsx_unzipped"
	KeyCSVQuote       = "registerio.err.csv_quote"
	KeyCSVBareQuote   = "registerio.err.csv_bare_quote"
	KeyCSVSyntax      = "registerio.err.csv_syntax"
	KeyKindUnknown    = "registerio.err.kind_unknown"
	KeyNoSheet        = "registerio.err.no_sheet"
	KeyNoRegisterSht  = "registerio.err.no_register_sheet"
	KeyUnknownColumn  = "registerio.err.unknown_column"
	KeyMissingColumn  = "registerio.err.missing_column"
	KeyDuplicateCol   = "registerio.err.duplicate_column"
	KeyBlankHeading   = "registerio.err.blank_heading"
	KeyRequired       = "registerio.err.required"
	KeyNotInteger     = "registerio.err.not_integer"
	KeyRange          = "registerio.err.range"
	KeyChoice         = "registerio.err.choice"
	KeyTooLong        = "registerio.err.too_long"
	KeyBadText        = "registerio.err.bad_text"
	KeyOneLine        = "registerio.err.one_line"
	KeyUnknownAsset   = "registerio.err.unknown_asset"
	KeyDuplicateAsset = "registerio.err.duplicate_asset"
	KeyAssetExists    = "registerio.err.asset_exists"
	KeyNotImportable  = "registerio.err.not_importable"
	KeyNotXLSX        = "registerio.err.not_xlsx"
	KeyDuplicateSheet = "registerio.err.duplicate_sheet"
	// KeyDuplicateRecord: a threat or vulnerability twice in one file.
	KeyDuplicateRecord = "registerio.err.duplicate_record"
)
