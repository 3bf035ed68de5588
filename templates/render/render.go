// Package render turns one filled document — Markdown parsed once into a
// goldmark AST — into the formats officials file: Markdown, HTML, DOCX, PDF.
// Each format is a sub-package with a function of the same shape:
//
//	func Render(d *render.Document) ([]byte, error)
//
// Output is deterministic: the same Document gives the same bytes.
package render

import (
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
}

// Parser is the one Markdown dialect of the templates: CommonMark with GFM
// tables, strikethrough and task-list checkboxes.
func Parser() goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList))
}

// Parse fills d.AST from d.Source.
func (d *Document) Parse() {
	d.AST = Parser().Parser().Parse(text.NewReader(d.Source))
}
