package templates

import (
	"outsec/templates/render"
	"outsec/templates/render/docx"
	"outsec/templates/render/html"
	"outsec/templates/render/markdown"
	"outsec/templates/render/pdf"
)

// Format is a file format a document is exported to: its file extension, the
// name people know it by, and its renderer. The renderer gets the filled
// document and the data it was filled from, because the registers' workbook
// is written from the data rather than from the text.
type Format struct {
	Name   string
	Label  string
	Render func(*render.Document, *DocData) ([]byte, error)
	// Document is true for the renderings of the document itself; false for
	// the registers' workbook, offered but not chosen by default.
	Document bool
}

func fromDoc(f func(*render.Document) ([]byte, error)) func(*render.Document, *DocData) ([]byte, error) {
	return func(d *render.Document, _ *DocData) ([]byte, error) { return f(d) }
}

// Formats lists every export format, the command line's and the workbench's.
var Formats = []Format{
	{Name: "md", Label: "Markdown", Render: fromDoc(markdown.Render), Document: true},
	{Name: "html", Label: "HTML", Render: fromDoc(html.Render), Document: true},
	{Name: "docx", Label: "DOCX", Render: fromDoc(docx.Render), Document: true},
	{Name: "pdf", Label: "PDF", Render: fromDoc(pdf.Render), Document: true},
	// Every register of the engagement (assets, threats, vulnerabilities,
	// risks with their treatment, people) in one workbook.
	{Name: "xlsx", Label: "XLSX", Render: func(_ *render.Document, d *DocData) ([]byte, error) { return RenderXLSX(d) }},
}

// FormatByName finds a format by its extension.
func FormatByName(name string) (Format, bool) {
	for _, f := range Formats {
		if f.Name == name {
			return f, true
		}
	}
	return Format{}, false
}
