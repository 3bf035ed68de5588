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

// The documents of the contract and the NDAs (selection phase).
const (
	ContractReview Kind = "contract-review" // 合同信息安全条款审查表 (6.2.1, 6.2.2; cloud: seed 001 6.6)
	ContractAnnex  Kind = "contract-annex"  // 信息安全条款附件, 退出策略条款 (6.2.1, 6.2.2; cloud: seed 001 6.6, annex 2)
	NDAVendor      Kind = "nda-vendor"      // 信息安全保密协议（机构） (6.4; seed 001 annex 3)
	NDAPerson      Kind = "nda-person"      // 信息安全保密协议（个人）, one per service person (6.4 a))
)

// Kinds lists the documents in the order of the lifecycle. The summary stays
// last.
var Kinds = []Kind{RiskReport, TreatmentPlan, ResidualReport, ScreeningForm, ContractReview, ContractAnnex, NDAVendor, NDAPerson,
	RectificationNotice, RectificationRecord, IncidentReport, Summary}

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
	case ContractReview:
		return "CR"
	case ContractAnnex:
		return "CA"
	case NDAVendor:
		return "NV"
	case NDAPerson:
		return "NP"
	case RectificationNotice:
		return "RN"
	case RectificationRecord:
		return "RC"
	case IncidentReport:
		return "IR"
	}
	if c, ok := planTypeCode(k); ok {
		return c
	}
	if c, ok := exitTypeCode(k); ok {
		return c
	}
	if c, ok := supervisionTypeCode(k); ok { // supervision.go
		return c
	}
	return "ES"
}

// PerPerson reports whether the kind is made once for each service person
// (the person NDA): DocData.Person names the person, and the sequence of the
// document number is the person's (PersonSeq).
func (k Kind) PerPerson() bool { return k == NDAPerson }

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
