// Package html renders a filled document as one self-contained HTML file:
// inline CSS with a print stylesheet for A4, a header with the document number
// and marking, bordered tables whose header row repeats on every printed page,
// a CJK serif font stack. No external resource, no script; raw HTML in the
// Markdown is not passed through (goldmark's safe default) and every text is
// escaped.
package html

import (
	"bytes"
	"html"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"

	"outsec/templates/render"
)

const style = `
@page { size: A4; margin: 25mm 20mm 25mm 20mm; @bottom-center { content: counter(page) " / " counter(pages); font-size: 9pt; } }
html { font-family: "宋体", SimSun, "Noto Serif CJK SC", "Source Han Serif SC", serif; font-size: 12pt; line-height: 1.6; color: #000; background: #fff; }
body { max-width: 170mm; margin: 0 auto; padding: 12mm 0; }
header.doc { display: flex; justify-content: space-between; border-bottom: 1px solid #000; font-size: 9pt; padding-bottom: 2mm; margin-bottom: 6mm; }
h1 { font-family: "黑体", SimHei, "Noto Sans CJK SC", sans-serif; font-size: 18pt; text-align: center; margin: 4mm 0 6mm; }
h2 { font-family: "黑体", SimHei, "Noto Sans CJK SC", sans-serif; font-size: 14pt; margin: 6mm 0 3mm; }
h3 { font-family: "黑体", SimHei, "Noto Sans CJK SC", sans-serif; font-size: 12pt; margin: 4mm 0 2mm; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; font-size: 10pt; }
th, td { border: 1px solid #000; padding: 1mm 2mm; vertical-align: top; text-align: left; word-break: break-word; }
th { background: #eee; font-weight: bold; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; break-inside: avoid; }
blockquote { border-left: 3px solid #888; margin: 3mm 0; padding: 0 4mm; }
ul { padding-left: 6mm; }
li.task { list-style: none; }
input[type=checkbox] { margin-right: 2mm; }
@media print {
  body { max-width: none; padding: 0; }
  h1, h2, h3 { page-break-after: avoid; break-after: avoid; }
  th { background: #eee; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`

// Render returns the document as one HTML file.
func Render(d *render.Document) ([]byte, error) {
	if d.AST == nil {
		d.Parse()
	}
	var body bytes.Buffer
	md := render.Parser()
	md.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(pageBreaks{}, 100)))
	if err := md.Renderer().Render(&body, d.Source, d.AST); err != nil {
		return nil, err
	}
	lang := "zh-CN"
	if d.Lang == "en" {
		lang = "en"
	}
	e := html.EscapeString
	var b bytes.Buffer
	b.WriteString("<!DOCTYPE html>\n<html lang=\"" + lang + "\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	b.WriteString("<title>" + e(d.Title) + "</title>\n")
	b.WriteString("<meta name=\"document-number\" content=\"" + e(d.Number) + "\">\n")
	b.WriteString("<style>" + style + "</style>\n</head>\n<body>\n")
	b.WriteString("<header class=\"doc\"><span class=\"number\">" + e(d.Number) + "</span>")
	b.WriteString("<span class=\"marking\">" + e(d.Marking) + "</span></header>\n<main>\n")
	// border="1" as well as the CSS: viewers without CSS (office suites, mail)
	// still draw the grid. Raw HTML in the text is never passed through, so
	// every "<table>" here is one the renderer wrote.
	b.Write(bytes.ReplaceAll(body.Bytes(), []byte("<table>"), []byte(`<table border="1">`)))
	b.WriteString("</main>\n</body>\n</html>\n")
	return b.Bytes(), nil
}

// pageBreaks renders the HTML blocks: a render.PageBreak becomes an element
// that starts a new printed page; any other raw HTML is omitted as goldmark's
// safe default does.
type pageBreaks struct{}

func (pageBreaks) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHTMLBlock, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch {
		case render.IsPageBreak(n, src):
			if entering {
				_, _ = w.WriteString("<div class=\"page-break\" style=\"page-break-before: always; break-before: page\"></div>\n")
			}
		case entering || n.(*ast.HTMLBlock).HasClosure():
			_, _ = w.WriteString("<!-- raw HTML omitted -->\n")
		}
		return ast.WalkContinue, nil
	})
}
