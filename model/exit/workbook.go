package exit

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"outsec/model"
)

// The inventory as an XLSX workbook (数据移交清单), so that a vendor can fill
// it in (seed 001 9.2.2 a), 9.3.3): one sheet, one row per item, the header
// in the user's language. Reading accepts either language's header and the
// values either as their codes or their names in either language.

// Translator gives a catalog message.
type Translator func(key string, args ...any) string

// SheetName is the inventory's sheet.
const SheetName = "inventory"

func yes(t Translator, b bool) string {
	if b {
		return t("exits.yes")
	}
	return t("exits.no")
}

var yesWords = map[string]bool{"是": true, "yes": true, "y": true, "true": true, "1": true, "敏感": true, "sensitive": true}
var noWords = map[string]bool{"否": true, "no": true, "n": true, "false": true, "0": true, "": true, "公开": true, "public": true}

func parseBool(v string) (bool, bool) {
	v = strings.ToLower(strings.TrimSpace(v))
	if yesWords[v] {
		return true, true
	}
	return false, noWords[v]
}

// Headers are the columns' headers in zh-CN and en (the catalogs hold the same
// words under exits.col.*; the test keeps them equal).
var Headers = [][2]string{
	{"编号", "ID"}, {"类型", "Type"}, {"名称", "Name"}, {"内容描述", "Description"}, {"格式", "Format"},
	{"大小（字节）", "Size (bytes)"}, {"SHA-256", "SHA-256"}, {"SM3", "SM3"}, {"敏感", "Sensitive"}, {"位置", "Location"},
	{"处置", "Disposition"}, {"处置日期", "Date"}, {"方式", "Method"}, {"见证人", "Witness"}, {"介质已清理", "Media cleared"},
	{"证据", "Evidence"}, {"验证人", "Verified by"}, {"接收校验", "Receiving check"},
}

// HeaderKeys are the catalog keys of Headers, in order.
var HeaderKeys = []string{"exits.col.id", "exits.col.type", "exits.col.name", "exits.col.description", "exits.col.format",
	"exits.col.size", "exits.col.sha256", "exits.col.sm3", "exits.col.sensitive", "exits.col.location", "exits.col.disposition",
	"exits.col.disposed_on", "exits.col.method", "exits.col.witness", "exits.col.media_cleared", "exits.col.evidence",
	"exits.col.verified_by", "exits.col.received"}

// WriteXLSX writes the inventory as a workbook.
func WriteXLSX(items []Item, t Translator) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", SheetName); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(SheetName)
	if err != nil {
		return nil, err
	}
	head := make([]any, len(HeaderKeys))
	for i, k := range HeaderKeys {
		head[i] = t(k)
	}
	if err := sw.SetRow("A1", head); err != nil {
		return nil, err
	}
	for r := range items {
		it := &items[r]
		row := []any{it.ID, t(it.Type.Key()), it.Name, it.Description, it.Format, it.Size, it.SHA256, it.SM3, yes(t, it.Sensitive),
			it.Location, dispName(t, it.Disposition), string(it.DisposedOn), it.Method, it.Witness, yes(t, it.MediaCleared), it.Evidence,
			it.VerifiedBy, recvName(t, it.Received)}
		for i, v := range row {
			if s, ok := v.(string); ok {
				// Text stays text: nothing a vendor typed becomes a formula.
				row[i] = excelize.Cell{Value: s}
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+2)
		if err := sw.SetRow(cell, row); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func dispName(t Translator, d Disposition) string {
	if d == Undisposed {
		return ""
	}
	return t(d.Key())
}

func recvName(t Translator, c CheckState) string {
	if c == Unchecked {
		return ""
	}
	return t(c.Key())
}

// Problem is one cell or row of a workbook that cannot be read.
type Problem struct {
	Row  int // 1-based, as the spreadsheet numbers it; 0: the file
	Key  string
	Args []any
}

// names maps a value's code and its names in both languages to the code.
func names[T ~string](values []T, zh, en map[string]string) map[string]T {
	m := map[string]T{}
	for _, v := range values {
		m[strings.ToLower(string(v))] = v
		if n := zh[string(v)]; n != "" {
			m[strings.ToLower(n)] = v
		}
		if n := en[string(v)]; n != "" {
			m[strings.ToLower(n)] = v
		}
	}
	return m
}

// Names of the values in both languages, as the catalogs give them (the
// test keeps them equal).
var (
	TypeNames = [2]map[string]string{
		{"data": "数据", "document": "文档资料", "code": "程序代码", "account": "账号", "medium": "存储介质", "equipment": "设备", "other": "其他"},
		{"data": "data", "document": "document", "code": "program code", "account": "account", "medium": "medium", "equipment": "equipment", "other": "other"},
	}
	DispNames = [2]map[string]string{
		{"handed_back": "已移交", "destroyed": "已销毁"},
		{"handed_back": "handed back", "destroyed": "destroyed"},
	}
)

// MaxRows is the most rows a workbook may have.
const MaxRows = 200000

// ReadXLSX reads a workbook written by WriteXLSX or filled by a vendor:
// the first sheet, the header in either language (columns in any order;
// name is required), one item per row. Rows with an ID are updates of those
// items; rows without one are new. The receiving check is not read: it is
// ours to make.
func ReadXLSX(data []byte, t Translator) ([]Item, []Problem) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, []Problem{{Key: "exits.xlsx.unreadable", Args: []any{err.Error()}}}
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, []Problem{{Key: "exits.xlsx.no_header"}}
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, []Problem{{Key: "exits.xlsx.unreadable", Args: []any{err.Error()}}}
	}
	defer rows.Close()
	col := map[int]int{} // sheet column → index in Headers
	var items []Item
	var probs []Problem
	types := names(ItemTypes, TypeNames[0], TypeNames[1])
	disps := names([]Disposition{HandedBack, Destroyed}, DispNames[0], DispNames[1])
	r := 0
	for rows.Next() {
		r++
		cells, err := rows.Columns()
		if err != nil {
			return nil, append(probs, Problem{Row: r, Key: "exits.xlsx.unreadable", Args: []any{err.Error()}})
		}
		if r == 1 {
			for j, c := range cells {
				c = strings.ToLower(strings.TrimSpace(c))
				for h, both := range Headers {
					if c == strings.ToLower(both[0]) || c == strings.ToLower(both[1]) {
						col[j] = h
					}
				}
			}
			found := false
			for _, h := range col {
				found = found || h == 2
			}
			if !found {
				return nil, []Problem{{Row: 1, Key: "exits.xlsx.no_header"}}
			}
			continue
		}
		if r > MaxRows+1 {
			return nil, append(probs, Problem{Row: r, Key: "exits.xlsx.too_many", Args: []any{MaxRows}})
		}
		var it Item
		blank := true
		bad := func(key string, args ...any) { probs = append(probs, Problem{Row: r, Key: key, Args: args}) }
		for j, v := range cells {
			h, ok := col[j]
			v = strings.TrimSpace(v)
			if !ok || v == "" {
				continue
			}
			blank = false
			switch h {
			case 0:
				n, err := strconv.ParseInt(strings.TrimPrefix(v, "#"), 10, 64)
				if err != nil || n <= 0 {
					bad("exits.xlsx.bad_value", Headers[h][0], Headers[h][1], v)
				}
				it.ID = n
			case 1:
				if it.Type = types[strings.ToLower(v)]; it.Type == "" {
					bad("exits.xlsx.bad_value", Headers[h][0], Headers[h][1], v)
				}
			case 2:
				it.Name = v
			case 3:
				it.Description = v
			case 4:
				it.Format = v
			case 5:
				n, err := strconv.ParseFloat(v, 64)
				if err != nil || n < 0 {
					bad("exits.xlsx.bad_value", Headers[h][0], Headers[h][1], v)
				}
				it.Size = int64(n)
			case 6:
				it.SHA256 = v
			case 7:
				it.SM3 = v
			case 8, 14:
				b, ok := parseBool(v)
				if !ok {
					bad("exits.xlsx.bad_value", Headers[h][0], Headers[h][1], v)
				}
				if h == 8 {
					it.Sensitive = b
				} else {
					it.MediaCleared = b
				}
			case 9:
				it.Location = v
			case 10:
				if it.Disposition = disps[strings.ToLower(v)]; it.Disposition == "" {
					bad("exits.xlsx.bad_value", Headers[h][0], Headers[h][1], v)
				}
			case 11:
				it.DisposedOn = dateOf(v)
			case 12:
				it.Method = v
			case 13:
				it.Witness = v
			case 15:
				it.Evidence = v
			case 16:
				it.VerifiedBy = v
			}
		}
		if blank {
			continue
		}
		it.Normalise()
		for _, fe := range it.Validate() {
			bad("exits.xlsx.field", t(fe.LabelKey()), t(fe.Key, fe.Args...))
		}
		if len(probs) >= 50 {
			return nil, probs
		}
		items = append(items, it)
	}
	if r <= 1 && len(probs) == 0 && len(col) == 0 {
		return nil, []Problem{{Key: "exits.xlsx.no_header"}}
	}
	if probs != nil {
		return nil, probs
	}
	return items, nil
}

// dateOf reads a date as a user types it; an unreadable one is kept as
// typed, for Validate to name.
func dateOf(v string) model.Date {
	if d, ok := model.ParseDate(v); ok {
		return d
	}
	return model.Date(v)
}
