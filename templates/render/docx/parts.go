package docx

import (
	"bytes"
	"strconv"
	"strings"
	"time"

	"outsec/templates/render"
)

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

const nsW = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

const contentTypes = xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>` +
	`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
	`<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>` +
	`<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>` +
	`<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
	`</Types>`

const packageRels = xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>` +
	`</Relationships>`

const documentRels = xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>` +
	`<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>` +
	`<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>` +
	`<Relationship Id="rId6" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>` +
	`</Relationships>`

const appXML = xmlHeader + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` +
	`<Application>outsec</Application><DocSecurity>0</DocSecurity></Properties>`

// coreXML holds the title and the fixed timestamps from the document's date.
func coreXML(d *render.Document, stamp time.Time) []byte {
	ts := stamp.Format("2006-01-02T15:04:05Z")
	lang := "zh-CN"
	if !isZh(d.Lang) {
		lang = "en-US"
	}
	var b bytes.Buffer
	b.WriteString(xmlHeader)
	b.WriteString(`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	b.WriteString("<dc:title>")
	escape(&b, d.Title)
	b.WriteString("</dc:title>")
	if d.Number != "" {
		b.WriteString("<dc:identifier>")
		escape(&b, d.Number)
		b.WriteString("</dc:identifier>")
	}
	if d.Marking != "" {
		b.WriteString("<cp:category>")
		escape(&b, d.Marking)
		b.WriteString("</cp:category>")
	}
	b.WriteString("<dc:language>" + lang + "</dc:language>")
	b.WriteString("<cp:lastModifiedBy>outsec</cp:lastModifiedBy>")
	b.WriteString("<cp:revision>1</cp:revision>")
	if d.Version != "" {
		b.WriteString("<cp:version>")
		escape(&b, d.Version)
		b.WriteString("</cp:version>")
	}
	b.WriteString(`<dcterms:created xsi:type="dcterms:W3CDTF">` + ts + `</dcterms:created>`)
	b.WriteString(`<dcterms:modified xsi:type="dcterms:W3CDTF">` + ts + `</dcterms:modified>`)
	b.WriteString(`</cp:coreProperties>`)
	return b.Bytes()
}

// documentXML wraps the body in w:document with the section: A4, margins,
// header and footer.
func documentXML(body []byte) []byte {
	var b bytes.Buffer
	b.Grow(len(body) + 1024)
	b.WriteString(xmlHeader)
	b.WriteString(`<w:document ` + nsW + `><w:body>`)
	b.Write(body)
	b.WriteString(`<w:sectPr><w:headerReference w:type="default" r:id="rId5"/><w:footerReference w:type="default" r:id="rId6"/>`)
	b.WriteString(`<w:pgSz w:w="` + strconv.Itoa(pageW) + `" w:h="` + strconv.Itoa(pageH) + `"/>`)
	b.WriteString(`<w:pgMar w:top="` + strconv.Itoa(marginTop) + `" w:right="` + strconv.Itoa(marginR) +
		`" w:bottom="` + strconv.Itoa(marginBot) + `" w:left="` + strconv.Itoa(marginL) +
		`" w:header="` + strconv.Itoa(headerDist) + `" w:footer="` + strconv.Itoa(footerDist) + `" w:gutter="0"/>`)
	b.WriteString(`<w:cols w:space="425"/>`)
	b.WriteString(`</w:sectPr></w:body></w:document>`)
	return b.Bytes()
}

// fonts: Latin and East Asian faces for the body and for headings.
type fonts struct {
	bodyLatin, bodyEA, headLatin, headEA, mono string
}

func fontsFor(zh bool) fonts {
	if zh {
		return fonts{"Times New Roman", "宋体", "Arial", "黑体", "Courier New"}
	}
	return fonts{"Calibri", "宋体", "Calibri", "黑体", "Courier New"}
}

func rFonts(latin, ea string) string {
	return `<w:rFonts w:ascii="` + latin + `" w:hAnsi="` + latin + `" w:eastAsia="` + ea + `" w:cs="` + latin + `"/>`
}

// stylesXML: document defaults (body font), paragraph styles for the title,
// headings 1–4, quotes, code, tables and the rule, a code character style
// and a bordered table style.
func stylesXML(zh bool) []byte {
	f := fontsFor(zh)
	lang := `<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>`
	if zh {
		lang = `<w:lang w:val="zh-CN" w:eastAsia="zh-CN" w:bidi="ar-SA"/>`
	}
	// Sizes in half-points: 小四 12 pt body, 五号 10.5 pt tables; headings
	// 三号 16, 四号 14, 小四 12; title 二号 22.
	headBold := ""
	if !zh {
		headBold = "<w:b/><w:bCs/>" // 黑体 is heavy enough in Chinese; Latin headings want bold
	}
	// Chinese is justified; English is set ragged right rather than with
	// stretched spaces.
	jc := "left"
	if zh {
		jc = "both"
	}
	var s strings.Builder
	s.WriteString(xmlHeader)
	s.WriteString(`<w:styles ` + nsW + `>`)
	s.WriteString(`<w:docDefaults><w:rPrDefault><w:rPr>` + rFonts(f.bodyLatin, f.bodyEA) +
		`<w:kern w:val="2"/><w:sz w:val="24"/><w:szCs w:val="24"/>` + lang + `</w:rPr></w:rPrDefault>` +
		`<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="312" w:lineRule="auto"/><w:jc w:val="` + jc + `"/></w:pPr></w:pPrDefault></w:docDefaults>`)

	para := func(id, name, basedOn string, extra string, pPr, rPr string) {
		s.WriteString(`<w:style w:type="paragraph"`)
		if id == "Normal" {
			s.WriteString(` w:default="1"`)
		}
		s.WriteString(` w:styleId="` + id + `"><w:name w:val="` + name + `"/>`)
		if basedOn != "" {
			s.WriteString(`<w:basedOn w:val="` + basedOn + `"/>`)
		}
		s.WriteString(`<w:next w:val="Normal"/>` + extra + `<w:qFormat/>`)
		if pPr != "" {
			s.WriteString(`<w:pPr>` + pPr + `</w:pPr>`)
		}
		if rPr != "" {
			s.WriteString(`<w:rPr>` + rPr + `</w:rPr>`)
		}
		s.WriteString(`</w:style>`)
	}
	para("Normal", "Normal", "", "", "", "")
	para("Title", "Title", "Normal", "", `<w:keepNext/><w:spacing w:before="240" w:after="480" w:line="240" w:lineRule="auto"/><w:jc w:val="center"/><w:outlineLvl w:val="0"/>`,
		rFonts(f.headLatin, f.headEA)+headBold+`<w:sz w:val="44"/><w:szCs w:val="44"/>`)
	heads := []struct{ sz, before, after string }{{"32", "360", "240"}, {"28", "240", "120"}, {"24", "240", "120"}, {"24", "120", "60"}}
	for i, h := range heads {
		lvl := strconv.Itoa(i + 1)
		bold := headBold
		if i >= 2 && zh {
			bold = "<w:b/><w:bCs/>"
		}
		para("Heading"+lvl, "heading "+lvl, "Normal", "", `<w:keepNext/><w:keepLines/><w:spacing w:before="`+h.before+`" w:after="`+h.after+`"/><w:jc w:val="left"/><w:outlineLvl w:val="`+strconv.Itoa(i)+`"/>`,
			rFonts(f.headLatin, f.headEA)+bold+`<w:sz w:val="`+h.sz+`"/><w:szCs w:val="`+h.sz+`"/>`)
	}
	para("Quote", "Quote", "Normal", "", `<w:pBdr><w:left w:val="single" w:sz="12" w:space="8" w:color="A6A6A6"/></w:pBdr><w:ind w:left="`+strconv.Itoa(indentStep)+`"/>`,
		`<w:color w:val="404040"/>`)
	para("Code", "Code", "Normal", "", `<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/><w:spacing w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="left"/>`,
		rFonts(f.mono, f.bodyEA)+`<w:sz w:val="20"/><w:szCs w:val="20"/>`)
	para("TableText", "Table Text", "Normal", "", `<w:spacing w:before="20" w:after="20" w:line="264" w:lineRule="auto"/><w:jc w:val="left"/>`,
		`<w:sz w:val="21"/><w:szCs w:val="21"/>`)
	para("TableHeading", "Table Heading", "TableText", "", `<w:keepNext/><w:jc w:val="center"/>`,
		rFonts(f.headLatin, f.headEA)+headBold)
	// A table too wide for 10.5 pt (五号) is set at 9 pt (小五).
	para("TableTextSmall", "Table Text Small", "TableText", "", "", `<w:sz w:val="18"/><w:szCs w:val="18"/>`)
	para("TableHeadingSmall", "Table Heading Small", "TableHeading", "", "", `<w:sz w:val="18"/><w:szCs w:val="18"/>`)
	para("Rule", "Horizontal Line", "Normal", "", `<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="808080"/></w:pBdr><w:spacing w:after="240" w:line="120" w:lineRule="exact"/>`,
		`<w:sz w:val="12"/><w:szCs w:val="12"/>`)
	para("Header", "header", "Normal", "", `<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr><w:tabs><w:tab w:val="right" w:pos="`+strconv.Itoa(textWidth)+`"/></w:tabs><w:spacing w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="left"/>`,
		`<w:sz w:val="18"/><w:szCs w:val="18"/>`)
	para("Footer", "footer", "Normal", "", `<w:spacing w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="center"/>`,
		`<w:sz w:val="18"/><w:szCs w:val="18"/>`)

	s.WriteString(`<w:style w:type="character" w:styleId="CodeChar"><w:name w:val="Code Char"/><w:rPr>` +
		rFonts(f.mono, f.bodyEA) + `<w:sz w:val="21"/><w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/></w:rPr></w:style>`)
	border := func(side string) string {
		return `<w:` + side + ` w:val="single" w:sz="4" w:space="0" w:color="000000"/>`
	}
	s.WriteString(`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>`)
	s.WriteString(`<w:style w:type="table" w:styleId="Grid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders>` +
		border("top") + border("left") + border("bottom") + border("right") + border("insideH") + border("insideV") +
		`</w:tblBorders><w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="85" w:type="dxa"/><w:bottom w:w="28" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>`)
	s.WriteString(`</w:styles>`)
	return []byte(s.String())
}

// numberingXML: abstract numbering 1 for bullets, 2 for ordered lists, and
// one w:num per Markdown list, restarting at the list's start number.
func numberingXML(nums []numDef) []byte {
	var s strings.Builder
	s.WriteString(xmlHeader)
	s.WriteString(`<w:numbering ` + nsW + `>`)
	bullets := []string{"●", "○", "■"}
	formats := []string{"decimal", "lowerLetter", "lowerRoman"}
	for abs := 1; abs <= 2; abs++ {
		s.WriteString(`<w:abstractNum w:abstractNumId="` + strconv.Itoa(abs) + `"><w:multiLevelType w:val="hybridMultilevel"/>`)
		for lvl := 0; lvl < 9; lvl++ {
			l := strconv.Itoa(lvl)
			s.WriteString(`<w:lvl w:ilvl="` + l + `"><w:start w:val="1"/>`)
			if abs == 1 {
				s.WriteString(`<w:numFmt w:val="bullet"/><w:lvlText w:val="` + bullets[lvl%3] + `"/>`)
			} else {
				s.WriteString(`<w:numFmt w:val="` + formats[lvl%3] + `"/><w:lvlText w:val="%` + strconv.Itoa(lvl+1) + `."/>`)
			}
			s.WriteString(`<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="` + strconv.Itoa((lvl+1)*indentStep) + `" w:hanging="` + strconv.Itoa(indentStep) + `"/></w:pPr>`)
			if abs == 1 {
				s.WriteString(`<w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:hint="default"/><w:sz w:val="16"/></w:rPr>`)
			}
			s.WriteString(`</w:lvl>`)
		}
		s.WriteString(`</w:abstractNum>`)
	}
	for i, n := range nums {
		abs := "1"
		if n.ordered {
			abs = "2"
		}
		s.WriteString(`<w:num w:numId="` + strconv.Itoa(i+1) + `"><w:abstractNumId w:val="` + abs + `"/>`)
		if n.ordered {
			s.WriteString(`<w:lvlOverride w:ilvl="` + strconv.Itoa(n.level) + `"><w:startOverride w:val="` + strconv.Itoa(n.start) + `"/></w:lvlOverride>`)
		}
		s.WriteString(`</w:num>`)
	}
	s.WriteString(`</w:numbering>`)
	return []byte(s.String())
}

func settingsXML(zh bool) []byte {
	lang := "en-US"
	if zh {
		lang = "zh-CN"
	}
	return []byte(xmlHeader + `<w:settings ` + nsW + `><w:defaultTabStop w:val="420"/>` +
		`<w:characterSpacingControl w:val="compressPunctuation"/>` +
		`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
		`<w:themeFontLang w:val="` + lang + `" w:eastAsia="zh-CN"/>` +
		`</w:settings>`)
}

// fontTable names the faces with their usual alternative names and the
// GB2312 charset, which helps Word, WPS and LibreOffice substitute.
const fontTable = xmlHeader + `<w:fonts ` + nsW + `>` +
	`<w:font w:name="宋体"><w:altName w:val="SimSun"/><w:panose1 w:val="02010600030101010101"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>` +
	`<w:font w:name="黑体"><w:altName w:val="SimHei"/><w:panose1 w:val="02010609060101010101"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>` +
	`<w:font w:name="仿宋"><w:altName w:val="FangSong"/><w:panose1 w:val="02010609060101010101"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>` +
	`<w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>` +
	`<w:font w:name="Arial"><w:panose1 w:val="020B0604020202020204"/><w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>` +
	`<w:font w:name="Calibri"><w:panose1 w:val="020F0502020204030204"/><w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>` +
	`<w:font w:name="Courier New"><w:panose1 w:val="02070309020205020404"/><w:charset w:val="00"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>` +
	`</w:fonts>`

// headerXML: the document number (and version) on the left, the marking on
// the right, over a rule.
func headerXML(d *render.Document, zh bool) []byte {
	var b bytes.Buffer
	b.WriteString(xmlHeader)
	b.WriteString(`<w:hdr ` + nsW + `><w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr>`)
	left := ""
	if d.Number != "" {
		if zh {
			left = "编号：" + d.Number
		} else {
			left = "No. " + d.Number
		}
	}
	if d.Version != "" {
		if left != "" {
			left += "    "
		}
		if zh {
			left += "版本：" + d.Version
		} else {
			left += "Version " + d.Version
		}
	}
	bw := &bodyWriter{zh: zh}
	bw.run(left, runProps{})
	if d.Marking != "" {
		bw.b.WriteString("<w:r><w:tab/></w:r>")
		bw.run(d.Marking, runProps{bold: true})
	}
	b.Write(bw.b.Bytes())
	b.WriteString(`</w:p></w:hdr>`)
	return b.Bytes()
}

// footerXML: "第 n 页 共 N 页" or "Page n of N", with PAGE and NUMPAGES
// fields.
func footerXML(zh bool) []byte {
	field := func(instr string) string {
		return `<w:r><w:fldChar w:fldCharType="begin"/></w:r>` +
			`<w:r><w:instrText xml:space="preserve"> ` + instr + ` </w:instrText></w:r>` +
			`<w:r><w:fldChar w:fldCharType="separate"/></w:r>` +
			`<w:r><w:t>1</w:t></w:r>` +
			`<w:r><w:fldChar w:fldCharType="end"/></w:r>`
	}
	txt := func(s string) string { return `<w:r><w:t xml:space="preserve">` + s + `</w:t></w:r>` }
	var p string
	if zh {
		p = txt("第 ") + field("PAGE") + txt(" 页 共 ") + field("NUMPAGES") + txt(" 页")
	} else {
		p = txt("Page ") + field("PAGE") + txt(" of ") + field("NUMPAGES")
	}
	return []byte(xmlHeader + `<w:ftr ` + nsW + `><w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>` + p + `</w:p></w:ftr>`)
}
