// Package templates holds the embedded document templates — Markdown with Go
// text/template fields, one set per language under zh-CN/ and en/ — the
// helpers they use, the data they are filled with (DocData, loaded from the
// store for one engagement), and Fill, which executes a template and parses
// the result into the render.Document every renderer shares.
//
// A file of the same name in the user's template folder (<dir>/<lang>/<name>)
// replaces the embedded template; Check reports a broken one with its file,
// line and column.
package templates

import (
	"embed"
	"io/fs"
	"path"
	"sort"
)

//go:embed zh-CN/*.md en/*.md
var embedded embed.FS

// Kind is a kind of document.
type Kind string

// The documents of the planning phase.
const (
	RiskReport     Kind = "risk-report"     // 风险评估报告 (5.1)
	TreatmentPlan  Kind = "treatment-plan"  // 风险处理计划 (5.1.1 d))
	ResidualReport Kind = "residual-report" // 剩余风险评估报告 (5.1.1 d), 5.1.2)
	ScreeningForm  Kind = "screening-form"  // 外包服务机构和人员评估表 (6.1)
	Summary        Kind = "summary"         // engagement summary with the lifecycle
)

// Kinds lists the documents in the order of the lifecycle.
var Kinds = []Kind{RiskReport, TreatmentPlan, ResidualReport, ScreeningForm, Summary}

// ParseKind reads a document kind given on the command line.
func ParseKind(s string) (Kind, bool) {
	for _, k := range Kinds {
		if string(k) == s {
			return k, true
		}
	}
	return "", false
}

// File is the template's file name, the same in every language.
func (k Kind) File() string { return string(k) + ".md" }

// TypeCode is the document type in the document number (2026-001-RA-01).
func (k Kind) TypeCode() string {
	switch k {
	case RiskReport:
		return "RA"
	case TreatmentPlan:
		return "TP"
	case ResidualReport:
		return "RR"
	case ScreeningForm:
		return "SF"
	}
	return "ES"
}

// TitleKey is the catalog key of the document's title.
func (k Kind) TitleKey() string { return "doc.title." + string(k) }

// Langs are the languages of the template sets.
var Langs = []string{"zh-CN", "en"}

// Embedded returns the embedded template of a kind in a language.
func Embedded(lang string, k Kind) ([]byte, error) {
	return embedded.ReadFile(path.Join(lang, k.File()))
}

// EmbeddedFiles lists the embedded files as "<lang>/<name>", sorted.
func EmbeddedFiles() []string {
	var out []string
	fs.WalkDir(embedded, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	return out
}

// EmbeddedFS is the embedded set, for export.
func EmbeddedFS() fs.FS { return embedded }
