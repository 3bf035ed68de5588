package main

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// BenchmarkExitAddFolder10k: outsec exit add-folder on 10,000 files of
// 10 KB (the target: under 5 s and 100 MB), walk, both digests and
// the one transaction, in process. peak-heap-MB is the most heap the Go
// runtime held during the run (HeapSys after it; the real binary's peak
// resident size is measured by scripts/bench.sh).
func BenchmarkExitAddFolder10k(b *testing.B) {
	dir := b.TempDir()
	buf := make([]byte, 10<<10)
	for i := 0; i < 10000; i++ {
		p := filepath.Join(dir, fmt.Sprintf("d%02d", i%100), fmt.Sprintf("f%05d.bin", i))
		if i < 100 {
			os.MkdirAll(filepath.Dir(p), 0o755)
		}
		rand.Read(buf)
		if err := os.WriteFile(p, buf, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	var peak uint64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := filepath.Join(b.TempDir(), "b.db")
		for _, args := range [][]string{{"sample"}, {"exit", "start", "2026-001", "--trigger", "expiry", "--start", "2026-11-01", "--end", "2026-12-31"}} {
			if code, _, stderr := runCLI(append([]string{"--db", db}, args...)...); code != 0 {
				b.Fatal(stderr)
			}
		}
		runtime.GC()
		b.StartTimer()
		code, stdout, stderr := runCLI("--db", db, "--lang", "en", "exit", "add-folder", "2026-001", dir)
		b.StopTimer()
		if code != 0 || !strings.Contains(stdout, "added 10000 items") {
			b.Fatal(stdout, stderr)
		}
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		peak = max(peak, m.HeapSys)
		b.StartTimer()
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

func runCLI(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(""), &out, &errb, func(string) string { return "" })
	return code, out.String(), errb.String()
}
