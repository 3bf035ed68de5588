package templates

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func userTemplate(t *testing.T, text string) string {
	t.Helper()
	dir := t.TempDir()
	p := UserFile(dir, "zh-CN", RiskReport)
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Hole 6: a template whose output has no end stops at MaxOutput with a
// message that names the limit, instead of running out of memory.
func TestTemplateOutputLimit(t *testing.T) {
	dir := userTemplate(t, "# 报告\n{{range 1000000000}}填充填充填充填充{{end}}\n")
	_, err := Fill(RiskReport, SampleData("zh-CN"), "zh-CN", dir)
	var te *TemplateError
	if !errors.As(err, &te) || !strings.Contains(te.Msg, "16 MiB") {
		t.Fatalf("%v", err)
	}
	if err := Check(dir); err == nil || !strings.Contains(err.Error(), "16 MiB") {
		t.Fatalf("check: %v", err)
	}
}

// … and one that runs too long (a nested range) stops at MaxFillDuration.
func TestTemplateTimeLimit(t *testing.T) {
	old := MaxFillDuration
	MaxFillDuration = 100 * time.Millisecond
	defer func() { MaxFillDuration = old }()
	dir := userTemplate(t, "{{range 1000000000}}{{range 1000}}{{end}}.{{end}}")
	start := time.Now()
	_, err := Fill(RiskReport, SampleData("zh-CN"), "zh-CN", dir)
	var te *TemplateError
	if !errors.As(err, &te) || !strings.Contains(te.Msg, "0 秒") && !strings.Contains(te.Msg, "秒") {
		t.Fatalf("%v", err)
	}
	if time.Since(start) > 2*time.Second {
		t.Fatalf("took %v", time.Since(start))
	}
}
