package registerio

import (
	"strings"
	"unicode"

	"golang.org/x/text/width"

	"outsec/model/risk"
)

// Kind is a register.
type Kind string

const (
	KindAssets  Kind = "assets"
	KindThreats Kind = "threats"
	KindVulns   Kind = "vulnerabilities"
	KindRisks   Kind = "risks" // exported only: risks are linked on screen, not imported
)

// ImportKinds are the registers a file can fill, in the order they are read
// (vulnerabilities name assets, so assets come first).
var ImportKinds = []Kind{KindAssets, KindThreats, KindVulns}

// Kinds are the registers that can be exported, in the order of the sheets.
var Kinds = []Kind{KindAssets, KindThreats, KindVulns, KindRisks}

// Label is the catalog key of the register's name ("资产" / "assets").
func (k Kind) Label() string { return "registerio.kind." + string(k) }

// SheetLabel is the catalog key of the register's sheet name in an export.
func (k Kind) SheetLabel() string { return "registerio.sheet." + string(k) }

// Importable reports whether files can fill the register.
func (k Kind) Importable() bool { return k == KindAssets || k == KindThreats || k == KindVulns }

// kindNames are the names, normalised, by which a sheet or a command line
// names a register, besides the code: the sheet names of an export in either
// language are among them.
var kindNames = map[Kind][]string{
	KindAssets:  {"资产", "资产清单", "资产登记表", "资产表", "asset", "assets"},
	KindThreats: {"威胁", "威胁清单", "威胁登记表", "威胁表", "threat", "threats"},
	KindVulns:   {"脆弱性", "脆弱性清单", "脆弱性登记表", "脆弱性表", "漏洞", "vulnerability", "vulnerabilities", "vuln", "vulns"},
	KindRisks:   {"风险", "风险清单", "风险登记表", "风险表", "risk", "risks"},
}

// ParseKind reads the name of a register as a user or a sheet gives it: the
// code, or a Chinese or English name ("资产", "Assets", "vulns").
func ParseKind(s string) (Kind, bool) {
	n := normValue(s)
	if n == "" {
		return "", false
	}
	for _, k := range Kinds {
		for _, name := range kindNames[k] {
			if normValue(name) == n {
				return k, true
			}
		}
	}
	return "", false
}

// column is one column of a register.
type column struct {
	field    string
	required bool
	// derived columns (an asset's value and level) are written on export and
	// skipped on import: the store recomputes them from the ratings.
	derived bool
	rating  bool     // a whole number 1–5
	enum    *enum    // one of a list of values
	max     int      // the longest text, in characters
	aliases []string // headings accepted besides the field name, before normalising
}

// Header is the catalog key of a column's heading.
func header(k Kind, field string) string { return "registerio.col." + string(k) + "." + field }

// skipColumns are headings accepted in any register and not read: row numbers.
var skipColumns = []string{"序号", "编号", "行号", "no", "#", "id", "number"}

const (
	short = 200  // model.MaxShortText
	long  = 4000 // model.MaxLongText
)

var registers = map[Kind][]column{
	KindAssets: {
		{field: "name", required: true, max: short, aliases: []string{"名称", "资产名称", "资产", "资产名", "asset", "asset name"}},
		{field: "type", required: true, enum: assetTypes, aliases: []string{"类型", "资产类型", "资产类别", "类别", "asset type", "kind"}},
		{field: "owner", max: short, aliases: []string{"责任人", "负责人", "资产责任人", "所有者", "属主", "owner", "responsible"}},
		{field: "c", required: true, rating: true, aliases: []string{"保密性", "机密性", "保密性赋值", "机密性赋值", "confidentiality"}},
		{field: "i", required: true, rating: true, aliases: []string{"完整性", "完整性赋值", "integrity"}},
		{field: "a", required: true, rating: true, aliases: []string{"可用性", "可用性赋值", "availability"}},
		{field: "value", derived: true, aliases: []string{"资产价值", "价值", "综合价值", "asset value"}},
		{field: "level", derived: true, aliases: []string{"资产等级", "价值等级", "资产价值等级", "等级", "asset level", "value level"}},
		{field: "notes", max: long, aliases: notes},
	},
	KindThreats: {
		{field: "name", required: true, max: short, aliases: []string{"名称", "威胁名称", "威胁", "threat", "threat name"}},
		{field: "source", required: true, enum: threatSources, aliases: []string{"来源", "威胁来源", "威胁源", "威胁主体", "threat source"}},
		{field: "path", required: true, enum: threatPaths, aliases: []string{"途径", "威胁途径", "threat path", "route"}},
		{field: "method", max: short, aliases: []string{"方式", "威胁方式", "threat method"}},
		{field: "frequency", required: true, rating: true, aliases: []string{"频率", "出现频率", "威胁频率", "威胁赋值", "freq"}},
		{field: "notes", max: long, aliases: notes},
	},
	KindVulns: {
		{field: "asset", required: true, max: short, aliases: []string{"资产", "资产名称", "所属资产", "asset name"}},
		{field: "description", required: true, max: long, aliases: []string{"描述", "脆弱性", "脆弱性描述", "脆弱性名称", "名称", "vulnerability", "name"}},
		{field: "category", required: true, enum: vulnCategories, aliases: []string{"类别", "脆弱性类别", "分类", "类型", "type"}},
		{field: "severity", required: true, rating: true, aliases: []string{"严重程度", "严重性", "严重程度赋值", "脆弱性赋值"}},
		{field: "identified", required: true, enum: identifications, aliases: []string{"识别方式", "识别方法", "发现方式", "识别", "identification", "identified by"}},
		{field: "notes", max: long, aliases: notes},
	},
	// Risks are exported, not imported; the aliases (the headings of an
	// export) let an import tell a risks file and say so.
	KindRisks: {
		{field: "asset", aliases: []string{"资产"}}, {field: "threat", aliases: []string{"威胁"}},
		{field: "vulnerability", aliases: []string{"脆弱性"}},
		{field: "likelihood", aliases: []string{"可能性"}}, {field: "likelihood_level", aliases: []string{"可能性等级"}},
		{field: "loss", aliases: []string{"损失"}}, {field: "loss_level", aliases: []string{"损失等级"}},
		{field: "value", aliases: []string{"风险值", "risk value"}}, {field: "level", aliases: []string{"风险等级", "risk level"}},
		{field: "treatment", aliases: []string{"处置方式"}}, {field: "measure", aliases: []string{"处置措施"}},
		{field: "owner", aliases: []string{"责任人"}}, {field: "deadline", aliases: []string{"完成期限"}},
		{field: "cost", aliases: []string{"成本估算", "cost estimate"}}, {field: "status", aliases: []string{"处置状态"}},
		{field: "residual_value", aliases: []string{"剩余风险值", "residual risk value"}},
		{field: "residual_level", aliases: []string{"剩余风险等级", "residual risk level"}},
	},
}

var notes = []string{"备注", "说明", "附注", "note", "remarks", "remark", "comment", "comments"}

// enum is a list of codes with the names each is accepted by besides its code.
// The labels are the risk screens' own (i18n/locales/*/risk.json), so that a
// file says what the screens say; the aliases hold them in both languages, and
// a test keeps them in step with the catalog.
type enum struct {
	prefix  string // the catalog key of a code's label is prefix + code
	codes   []string
	aliases map[string][]string
}

// labelKey is the catalog key of a code's label.
func (e *enum) labelKey(code string) string { return e.prefix + code }

func codes[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

var (
	assetTypes = &enum{prefix: "risk.asset_type.", codes: codes(risk.AssetTypes), aliases: map[string][]string{
		"data":      {"数据", "信息", "数据资产", "信息资产"},
		"software":  {"软件", "应用软件", "系统软件"},
		"hardware":  {"硬件", "设备", "硬件设备"},
		"service":   {"服务"},
		"people":    {"人员", "人", "person"},
		"documents": {"文档", "文件", "文档资料", "纸质文档", "document"},
		"network":   {"网络", "网络设施", "通信网络"},
		"facility":  {"设施", "物理设施", "场所", "facilities"},
		"other":     {"其他", "其它"},
	}}
	threatSources = &enum{prefix: "risk.source.", codes: codes(risk.ThreatSources), aliases: map[string][]string{
		"human_malicious":      {"人为恶意", "人为因素(恶意)", "恶意", "human, malicious", "malicious"},
		"human_non_malicious":  {"人为非恶意", "人为因素(非恶意)", "非恶意", "人为失误", "human, non-malicious", "non-malicious"},
		"environment_natural":  {"环境因素(自然灾害)", "环境(自然灾害)", "自然灾害", "自然", "environmental, natural", "natural", "natural disaster"},
		"environment_facility": {"环境因素(设施故障)", "环境(设施故障)", "设施故障", "environmental, facility failure", "facility failure"},
	}}
	threatPaths = &enum{prefix: "risk.path.", codes: codes(risk.ThreatPaths), aliases: map[string][]string{
		"direct":   {"直接", "直接接触", "direct contact"},
		"indirect": {"间接", "间接接触", "间接接触(网络、语音、视频等)", "indirect contact", "indirect (network, voice, video…)"},
	}}
	vulnCategories = &enum{prefix: "risk.category.", codes: codes(risk.VulnCategories), aliases: map[string][]string{
		"physical":    {"物理", "物理环境", "物理安全"},
		"network":     {"网络", "网络安全"},
		"host":        {"主机", "主机系统", "主机安全"},
		"application": {"应用", "应用系统", "应用安全"},
		"data":        {"数据", "数据安全"},
		"management":  {"管理", "安全管理"},
		"people":      {"人员", "人员安全", "personnel"},
	}}
	identifications = &enum{prefix: "risk.identified.", codes: codes(risk.Identifications), aliases: map[string][]string{
		"interview":          {"访谈", "人员访谈", "问询"},
		"document_review":    {"文档审核", "文档审查", "文档查阅", "查阅文档", "document review"},
		"onsite_observation": {"现场观察", "观察现场", "现场查看", "on-site observation", "observation"},
		"verification":       {"验证", "核查", "上机验证"},
		"scan":               {"扫描", "漏洞扫描", "工具扫描", "scanning", "vulnerability scan"},
	}}
	// Risks are exported only; their enums need labels, not aliases.
	treatments        = &enum{prefix: "risk.treatment.", codes: codes(risk.TreatmentOptions)}
	treatmentStatuses = &enum{prefix: "risk.treatment_status.", codes: codes(risk.TreatmentStatuses)}
)

// Enums are the enumerations of the importable registers, for tests and docs.
func enums() []*enum {
	return []*enum{assetTypes, threatSources, threatPaths, vulnCategories, identifications}
}

// lookup finds the code a value names: the code itself, a label or another
// accepted name, compared without case, spaces and punctuation.
func (e *enum) lookup(v string) (string, bool) {
	n := normValue(v)
	if n == "" {
		return "", false
	}
	for _, c := range e.codes {
		if normValue(c) == n {
			return c, true
		}
		for _, a := range e.aliases[c] {
			if normValue(a) == n {
				return c, true
			}
		}
	}
	return "", false
}

// ratingWords are the seed 002 tables' names of the levels (标识), accepted
// for a rating besides its number.
var ratingWords = map[string]int{
	"很低": 1, "低": 2, "中": 3, "中等": 3, "高": 4, "很高": 5,
	"verylow": 1, "low": 2, "medium": 3, "high": 4, "veryhigh": 5,
}

// normValue folds a value for comparison: full-width forms to ASCII, lower
// case, and only letters and digits kept ("人为(恶意)" = "人为恶意",
// "Human, malicious" = "human_malicious").
func normValue(s string) string {
	s = width.Fold.String(s)
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		} else if r == '#' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// normHeading folds a column heading: as normValue, after dropping a trailing
// remark in brackets ("保密性(C)", "Severity (1–5)", "严重程度【1-5】").
func normHeading(s string) string {
	s = strings.TrimSpace(width.Fold.String(s))
	for {
		t, ok := cutRemark(s)
		if !ok || normValue(t) == "" {
			break
		}
		s = t
	}
	return normValue(s)
}

func cutRemark(s string) (string, bool) {
	pairs := map[rune]rune{')': '(', ']': '[', '】': '【', '>': '<'}
	if s == "" {
		return s, false
	}
	rs := []rune(s)
	open, ok := pairs[rs[len(rs)-1]]
	if !ok {
		return s, false
	}
	for i := len(rs) - 2; i >= 0; i-- {
		if rs[i] == open {
			return strings.TrimSpace(string(rs[:i])), true
		}
	}
	return s, false
}

// match finds the column a heading names in a register; skip is true for a
// heading that is accepted and not read.
func match(k Kind, heading string) (c *column, skip bool) {
	n := normHeading(heading)
	if n == "" {
		return nil, false
	}
	cols := registers[k]
	for i := range cols {
		if normValue(cols[i].field) == n {
			return &cols[i], false
		}
	}
	for i := range cols {
		for _, a := range cols[i].aliases {
			if normValue(a) == n {
				return &cols[i], false
			}
		}
	}
	for _, s := range skipColumns {
		if normValue(s) == n {
			return nil, true
		}
	}
	return nil, false
}
