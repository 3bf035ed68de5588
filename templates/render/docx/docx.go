// Package docx renders a render.Document as a Word document (DOCX), written
// directly as WordprocessingML with archive/zip: A4 pages with the margins of
// GB/T 9704, styles whose East Asian fonts are set by name (宋体 for the
// body, 黑体 for headings, so Word and WPS substitute what they have), headings
// 1–4, numbered and bulleted lists, task-list checkboxes, tables with borders
// and a header row repeated on every page, a header with the document number
// and marking, and a "第 n 页 共 N 页" / "Page n of N" footer.
//
// The output is deterministic: every timestamp, in the core properties and
// in the zip entries, comes from Document.Date, and parts are written in a
// fixed order, so the same Document gives the same bytes.
package docx

import (
	"archive/zip"
	"bytes"
	"errors"
	"time"

	"outsec/templates/render"
)

// Page geometry in twips (1/20 pt): A4 with the type area of GB/T 9704
// (156 mm × 225 mm; top 37 mm, inner 28 mm).
const (
	pageW      = 11906
	pageH      = 16838
	marginTop  = 2098 // 37 mm
	marginBot  = 1984 // 35 mm
	marginL    = 1588 // 28 mm
	marginR    = 1474 // 26 mm
	headerDist = 851  // 15 mm
	footerDist = 992  // 17.5 mm
	textWidth  = pageW - marginL - marginR
	indentStep = 420 // one list or quote level: two 10.5 pt characters
)

// Render writes d as a DOCX file. d.AST must be set (see Document.Parse);
// if it is nil and Source is not, Render parses Source itself.
func Render(d *render.Document) ([]byte, error) {
	if d == nil {
		return nil, errors.New("docx: nil document")
	}
	root := d.AST
	if root == nil {
		root = render.Parser().Parser().Parse(textReader(d.Source))
	}
	zh := isZh(d.Lang)

	body := newBodyWriter(d.Source, zh)
	body.blocks(root, ctx{})
	nums := body.nums

	stamp := fixedTime(d.Date)
	parts := []struct {
		name string
		data []byte
	}{
		{"[Content_Types].xml", []byte(contentTypes)},
		{"_rels/.rels", []byte(packageRels)},
		{"docProps/core.xml", coreXML(d, stamp)},
		{"docProps/app.xml", []byte(appXML)},
		{"word/document.xml", documentXML(body.b.Bytes())},
		{"word/styles.xml", stylesXML(zh)},
		{"word/numbering.xml", numberingXML(nums)},
		{"word/settings.xml", settingsXML(zh)},
		{"word/fontTable.xml", []byte(fontTable)},
		{"word/header1.xml", headerXML(d, zh)},
		{"word/footer1.xml", footerXML(zh)},
		{"word/_rels/document.xml.rels", []byte(documentRels)},
	}

	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, p := range parts {
		fh := &zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: stamp}
		w, err := zw.CreateHeader(fh)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(p.data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func isZh(lang string) bool {
	return lang == "" || lang == "zh" || lang == "zh-CN" || lang == "zh-Hans" || lang == "zh_CN"
}

// fixedTime is midnight UTC of date (YYYY-MM-DD), or 1980-01-01, the zip
// epoch, when date is empty or malformed: never the clock.
func fixedTime(date string) time.Time {
	t, err := time.Parse("2006-01-02", date)
	if err != nil || t.Year() < 1980 || t.Year() > 2107 {
		return time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return t.UTC()
}
