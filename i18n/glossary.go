package i18n

// Term is one word of the glossary: the one the screens, the documents and
// the CSV headings use (Chinese), the words for the same thing they must not
// use, and the standard it is taken from. Roles follow GB/T 32926—2016; the
// risk assessment follows GB/T 20984—2007 and the procedure of seed 002
// (which says 机密性 where GB/T 20984 and GB/T 32926 say 保密性: the
// standards win; an imported file may still say 机密性, model/registerio
// takes it as an alias).
type Term struct {
	Use   string
	Not   []string
	Basis string
}

// Glossary is the one list of terms (issue 16); i18n's tests find any other
// word in the zh-CN catalog and the zh-CN document templates.
var Glossary = []Term{
	{Use: "政府部门", Not: []string{"委托部门", "委托单位", "委托方"}, Basis: "GB/T 32926—2016 3.3"},
	{Use: "负责机构", Not: []string{"责任单位"}, Basis: "GB/T 32926—2016 5.1 a)"},
	{Use: "主管领导", Not: []string{"分管领导"}, Basis: "GB/T 32926—2016 5.1.2 a)"},
	{Use: "保密性", Not: []string{"机密性"}, Basis: "GB/T 20984—2007 5.3.2"},
	{Use: "出现频率", Not: []string{"发生频率"}, Basis: "GB/T 20984—2007 5.4.2; seed 002 §7.6"},
}
