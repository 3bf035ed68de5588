package html

import (
	"strings"
	"testing"

	"outsec/templates/render"
)

func TestSelfContainedAndEscaped(t *testing.T) {
	d := &render.Document{Lang: "zh-CN", Title: "报告 <x>", Number: "2026-001-RA-01", Marking: "内部 & \"秘\"",
		Source: []byte("# 标题\n\n<script>alert(1)</script>\n\n| a | b |\n| --- | --- |\n| 1 | <img src=x> |\n\n- [x] 是\n")}
	d.Parse()
	b, err := Render(d)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, bad := range []string{"<script", "<img", "<x>", "src=", "http:", "https:", "@import", "url("} {
		if strings.Contains(s, bad) {
			t.Errorf("contains %q", bad)
		}
	}
	for _, want := range []string{"<title>报告 &lt;x&gt;</title>", "内部 &amp; &#34;秘&#34;", "2026-001-RA-01", "@page { size: A4;",
		"<thead>", "display: table-header-group", "宋体", "SimSun", "Noto Serif CJK SC", `lang="zh-CN"`, `type="checkbox"`} {
		if !strings.Contains(s, want) {
			t.Errorf("lacks %q", want)
		}
	}
	again, _ := Render(d)
	if string(again) != s {
		t.Error("not deterministic")
	}
}
