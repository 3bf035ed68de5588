// Command crashloop is the kill -9 loop of issue 17 (make test-crash; not
// part of make test): it runs the real binary's signed exports, case imports
// and backups, kills each with SIGKILL at a random moment, lets the next
// start finish what it left, and checks the database and the files:
//
//   - integrity failures: integrity_check, the audit chain or the record
//     digests do not hold;
//
//   - unrecorded complete sets: a signed set on disk that verifies but that
//     no export record names;
//
//   - partial records: an export record whose files are not all on disk
//     whole, an imported engagement with fewer records than its case file,
//     a backup folder that does not check out.
//
//     go run ./scripts/crashloop -bin bin/outsec -n 500
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"outsec/backup"
	"outsec/exporter"
	"outsec/model/sign"
	"outsec/signing"
	"outsec/store"
)

const pass = "crash-loop-passphrase"

func main() {
	bin := flag.String("bin", "bin/outsec", "the outsec binary")
	n := flag.Int("n", 500, "kills")
	dir := flag.String("dir", "", "work folder (default: a new temporary one)")
	seed := flag.Uint64("seed", uint64(time.Now().UnixNano()), "random seed")
	flag.Parse()
	if err := run(*bin, *n, *dir, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "crashloop:", err)
		os.Exit(1)
	}
}

type tally struct {
	runs, killed, finished                   map[string]int
	integrity, unrecorded, partial, leftover int
	completed, removed                       int
}

func run(bin string, n int, dir string, seed uint64) error {
	ctx := context.Background()
	bin, _ = filepath.Abs(bin)
	if dir == "" {
		d, err := os.MkdirTemp("", "outsec-crash-")
		if err != nil {
			return err
		}
		dir = d
	}
	db := filepath.Join(dir, "outsec.db")
	rng := rand.New(rand.NewPCG(seed, 1))
	fmt.Printf("crashloop: %d kills, seed %d, in %s\n", n, seed, dir)
	if err := setup(ctx, bin, db); err != nil {
		return err
	}
	caseFile := filepath.Join(dir, "case"+".json")
	if out, err := exec.Command(bin, "--db", db, "case", "export", "2026-001", "-o", caseFile).CombinedOutput(); err != nil {
		return fmt.Errorf("case export: %v %s", err, out)
	}
	risks0 := riskCount(ctx, db, "2026-001")
	actions := map[string]func(i int) *exec.Cmd{
		"export": func(i int) *exec.Cmd {
			c := exec.Command(bin, "--db", db, "export", "2026-001", "--doc", "risk-report", "--format", "md,pdf", "--sign",
				"-o", filepath.Join(dir, "out", fmt.Sprint(i)))
			c.Stdin = strings.NewReader(pass + "\n")
			return c
		},
		"import": func(i int) *exec.Cmd {
			return exec.Command(bin, "--db", db, "case", "import", caseFile, "--on-conflict", "keep-both")
		},
		"backup": func(i int) *exec.Cmd { return exec.Command(bin, "--db", db, "backup") },
	}
	names := []string{"export", "import", "backup"}
	// How long each takes unhurried: the kills fall anywhere in it.
	took := map[string]time.Duration{}
	for _, name := range names {
		for k := 0; k < 3; k++ {
			start := time.Now()
			if out, err := actions[name](-1 - k).CombinedOutput(); err != nil {
				return fmt.Errorf("%s: %v %s", name, err, out)
			}
			if d := time.Since(start); took[name] == 0 || d < took[name] {
				took[name] = d
			}
		}
		fmt.Printf("  %s takes %v\n", name, took[name].Round(time.Millisecond))
	}
	t := tally{runs: map[string]int{}, killed: map[string]int{}, finished: map[string]int{}}
	for i := 0; i < n; i++ {
		name := names[rng.IntN(len(names))]
		cmd := actions[name](i)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			return err
		}
		// Half the kills anywhere in the run, half in its last third, where
		// the files and the records are written.
		wait := time.Duration(rng.Int64N(int64(took[name])))
		if rng.IntN(2) == 0 {
			wait = took[name]*2/3 + time.Duration(rng.Int64N(int64(took[name])/3))
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		t.runs[name]++
		select {
		case <-time.After(wait):
			cmd.Process.Signal(syscall.SIGKILL)
			<-done
			t.killed[name]++
		case err := <-done:
			if err != nil {
				return fmt.Errorf("%s %d failed unkilled: %v %s", name, i, err, out.String())
			}
			t.finished[name]++
		}
		// The next start: any command finishes what the kill left.
		next, err := exec.Command(bin, "--db", db, "exports", "2026-001").CombinedOutput()
		if err != nil {
			return fmt.Errorf("next start after %s %d: %v %s", name, i, err, next)
		}
		t.completed += strings.Count(string(next), "now recorded")
		t.completed += strings.Count(string(next), "现已登记")
		t.removed += strings.Count(string(next), "were removed")
		t.removed += strings.Count(string(next), "已删除其留下的")
		if err := check(ctx, db, dir, i, name, risks0, &t); err != nil {
			return err
		}
		if (i+1)%50 == 0 {
			fmt.Printf("  %d kills/runs: integrity failures %d, unrecorded complete sets %d, partial records %d\n",
				i+1, t.integrity, t.unrecorded, t.partial)
		}
	}
	fmt.Printf("runs %v; killed %v; finished before the kill %v\n", t.runs, t.killed, t.finished)
	fmt.Printf("interrupted exports completed at the next start: %d; removed: %d\n", t.completed, t.removed)
	fmt.Printf("RESULT integrity failures %d, unrecorded complete sets %d, partial records %d, temporary files left %d\n",
		t.integrity, t.unrecorded, t.partial, t.leftover)
	if t.integrity+t.unrecorded+t.partial+t.leftover > 0 {
		return fmt.Errorf("failures; the files are kept in %s", dir)
	}
	return os.RemoveAll(dir)
}

// setup makes the database: the sample, an operator profile and its
// signing key.
func setup(ctx context.Context, bin, db string) error {
	st, err := store.Open(ctx, db)
	if err != nil {
		return err
	}
	defer st.Close()
	op, err := st.CreateOperator(ctx, store.Operator{Name: "测试员", Role: "科员", Unit: "信息中心"})
	if err != nil {
		return err
	}
	if _, err := st.LoadSample(ctx, op, "zh-CN"); err != nil {
		return err
	}
	ring := signing.NewKeyring(st.Path())
	prof := signing.Profile{OperatorID: op.ID, Name: op.Name, Role: op.Role, Unit: op.Unit}
	_, err = ring.Create(func(k *store.SigningKey) error { return st.AddKey(ctx, op, store.EventKeyCreate, k) }, prof, []byte(pass), time.Now())
	return err
}

func riskCount(ctx context.Context, db, code string) int {
	st, err := store.Open(ctx, db)
	if err != nil {
		return -1
	}
	defer st.Close()
	var n int
	st.DB().QueryRowContext(ctx, `SELECT count(*) FROM risks r JOIN engagements e ON e.id = r.engagement_id WHERE e.code = ?`, code).Scan(&n)
	return n
}

func check(ctx context.Context, db, dir string, i int, action string, risks0 int, t *tally) error {
	st, err := store.Open(ctx, db)
	if err != nil {
		t.integrity++
		fmt.Printf("  ✗ %d %s: open: %v\n", i, action, err)
		return nil
	}
	defer st.Close()
	fail := func(counter *int, format string, args ...any) {
		*counter++
		fmt.Printf("  ✗ %d %s: %s\n", i, action, fmt.Sprintf(format, args...))
	}
	if f, err := st.IntegrityCheck(ctx); err != nil || len(f) > 0 {
		fail(&t.integrity, "integrity %v %v", err, f)
	}
	if v, err := st.VerifyAudit(ctx); err != nil || v.Break != nil {
		fail(&t.integrity, "audit chain %v %+v", err, v.Break)
	}
	if rc, err := st.VerifyRecords(ctx); err != nil || len(rc.Problems) > 0 {
		fail(&t.integrity, "record digests %v %+v", err, rc.Problems)
	}
	if p, _ := exporter.Pending(ctx, st); len(p) > 0 {
		fail(&t.partial, "export intent left after the next start: %v", p)
	}
	// Every engagement holds all of its risks: an import is whole or absent.
	rows, err := st.DB().QueryContext(ctx, `SELECT e.code, (SELECT count(*) FROM risks r WHERE r.engagement_id = e.id) FROM engagements e`)
	if err == nil {
		for rows.Next() {
			var code string
			var n int
			rows.Scan(&code, &n)
			if n != risks0 && n != 15 {
				fail(&t.partial, "engagement %s has %d risks, its case file %d", code, n, risks0)
			}
		}
		rows.Close()
	}
	// The exports: every recorded file whole; every complete set recorded.
	recorded := map[string]bool{}
	es, _ := st.Engagements(ctx)
	for _, e := range es {
		xs, _ := st.Exports(ctx, e.ID)
		for _, x := range xs {
			for _, f := range x.Files {
				recorded[f.Path] = true
				if filepath.Dir(f.Path) != filepath.Join(dir, "out", fmt.Sprint(i)) {
					continue // checked when it was made
				}
				if sum, err := sha256File(f.Path); err != nil || sum != f.SHA256 {
					fail(&t.partial, "recorded file %s not whole", f.Path)
				}
			}
		}
	}
	out := filepath.Join(dir, "out", fmt.Sprint(i))
	ents, _ := os.ReadDir(out)
	metas := 0
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".tmp") {
			fail(&t.leftover, "temporary file left: %s", e.Name())
		}
		if strings.HasSuffix(e.Name(), signing.SuffixMeta) {
			metas++
		}
	}
	if metas > 0 {
		rep, err := signing.Verify(out, func(f string) ([]store.SigningKey, error) { return st.KeysByFingerprint(ctx, f) })
		if err == nil {
			for _, r := range rep.Results {
				if r.Status() != signing.Valid || r.Meta == nil {
					continue
				}
				if p := filepath.Join(out, r.Meta.Number+signing.SuffixMeta); !recorded[p] {
					fail(&t.unrecorded, "complete signed set %s is not recorded", p)
				}
			}
		}
	}
	// Backups: each one there checks out.
	if action == "backup" {
		for _, b := range backup.List(backup.Dir(ctx, st), st.Path()) {
			c, err := backup.Check(ctx, b.Path)
			if err != nil || !c.OK() {
				fail(&t.partial, "backup %s does not check out: %v %+v", b.Path, err, c.Problems)
			}
		}
	}
	return nil
}

func sha256File(p string) (string, error) {
	b, err := os.ReadFile(p)
	if err != nil {
		return "", err
	}
	return sign.DigestSHA256(b), nil
}
