// Package render turns one filled document — Markdown parsed once into a
// goldmark AST — into the formats officials file: Markdown, HTML, DOCX, PDF.
// Each format is a sub-package with a function of the same shape:
//
//	func Render(d *render.Document) ([]byte, error)
//
// Output is deterministic: the same Document gives the same bytes.
package render

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// Document is one filled document ready to render.
type Document struct {
	// Lang is "zh-CN" or "en": it picks fonts, quotes and the page footer.
	Lang string
	// Title is the document's title (风险评估报告 …), also the file's metadata.
	Title string
	// Number is the document number: engagement code, type, sequence
	// ("2026-001-RA-01"); it goes in the page header.
	Number string
	// Version and Date (YYYY-MM-DD) of this issue of the document.
	Version string
	Date    string
	// Marking is the classification marking shown in the header (内部 / 公开 …).
	Marking string
	// Source is the filled Markdown; AST is it parsed with Parser().
	Source []byte
	AST    ast.Node
	// Verification, when set, is the signature's verification block the PDF
	// prints after the text: who signed, when, the verification code and a
	// QR code of the signed metadata's digest, so a paper copy can be
	// matched to the signed files. The other formats are covered by the
	// signature itself and print nothing.
	Verification *Verification
}

// Verification is what the verification block shows; the labels come from
// the caller's catalog, in the document's language.
type Verification struct {
	Heading string
	Lines   []Line // label and value: signer, time, key fingerprints
	// CodeLabel and Code: the verification code, printed large.
	CodeLabel, Code string
	// QR is the text of the QR code.
	QR string
	// Note tells how to check: the command and where the files are.
	Note string
}

// Line is one labelled value.
type Line struct{ Label, Value string }

// Parser is the one Markdown dialect of the templates: CommonMark with GFM
// tables, strikethrough and task-list checkboxes.
func Parser() goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList))
}

// Parse fills d.AST from d.Source.
func (d *Document) Parse() {
	d.AST = Parser().Parser().Parse(text.NewReader(d.Source))
}

// PageBreak is the line of Markdown that starts a new page: an HTML comment,
// so that Markdown viewers show nothing, on a line of its own with blank
// lines around it. The PDF and DOCX renderers start a new page there (a level-1
// heading right after it is set as a title, like the document's first), the
// HTML renderer writes an element that breaks the printed page; any other raw
// HTML is still dropped.
const PageBreak = "<!-- pagebreak -->"

// IsPageBreak reports whether n is a PageBreak line.
func IsPageBreak(n ast.Node, src []byte) bool {
	h, ok := n.(*ast.HTMLBlock)
	if !ok || h.HTMLBlockType != ast.HTMLBlockType2 || h.Lines().Len() != 1 {
		return false
	}
	line := h.Lines().At(0)
	return string(bytes.TrimSpace(line.Value(src))) == PageBreak
}
