package exporter_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"outsec/templates"

	"outsec/exporter"
	"outsec/signing"
	"outsec/store"
	"outsec/templates/templatetest"
)

// The child: exports into OUTSEC_CRASH_DIR and is killed (SIGKILL, as kill
// -9) at the OUTSEC_CRASH_AT'th step named OUTSEC_CRASH_STAGE.
func TestMain(m *testing.M) {
	if db := os.Getenv("OUTSEC_CRASH_DB"); db != "" {
		os.Exit(crashChild(db))
	}
	os.Exit(m.Run())
}

func crashChild(db string) int {
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	want, n := os.Getenv("OUTSEC_CRASH_STAGE"), 0
	at := 1
	fmt.Sscan(os.Getenv("OUTSEC_CRASH_AT"), &at)
	exporter.SetStage(func(s string) {
		if s == want {
			if n++; n == at {
				syscall.Kill(os.Getpid(), syscall.SIGKILL)
			}
		}
	})
	j := childJob(ctx, st, os.Getenv("OUTSEC_CRASH_DIR"))
	if j == nil {
		return 1
	}
	if _, err := j.Write(ctx, st, store.Operator{Name: "child"}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// Hole 3: a kill at any step of a signed export leaves either a recorded
// set or no complete set, and no temporary file, once the next start has
// run Recover.
func TestKillDuringExportIsRecovered(t *testing.T) {
	if testing.Short() {
		t.Skip("runs child processes")
	}
	cases := []struct {
		stage    string
		at       int
		recorded bool
	}{
		{"intent", 1, false},
		{"temp", 1, false},
		{"temp", 4, false},
		{"rename", 1, false},
		{"rename", 6, false},
		{"rename", 7, true}, // every file renamed: complete, not yet recorded
		{"files", 1, true},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s-%d", c.stage, c.at), func(t *testing.T) {
			st := templatetest.Open(t)
			ctx := context.Background()
			op, signer := crashSigner(t, st)
			dir := filepath.Join(t.TempDir(), "out")
			// The parent makes the engagement and a job to learn its number.
			j := job(t, st, dir, signer)
			_ = j
			db := st.Path()
			st.Close()
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), "OUTSEC_CRASH_DB="+db, "OUTSEC_CRASH_DIR="+dir,
				"OUTSEC_CRASH_STAGE="+c.stage, fmt.Sprint("OUTSEC_CRASH_AT=", c.at), "OUTSEC_CRASH_PASS=passphrase!")
			out, err := cmd.CombinedOutput()
			if ee, ok := err.(*exec.ExitError); !ok || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
				t.Fatalf("child not killed: %v %s", err, out)
			}
			st2, err := store.Open(ctx, db)
			if err != nil {
				t.Fatal(err)
			}
			defer st2.Close()
			pend, _ := exporter.Pending(ctx, st2)
			if len(pend) != 1 {
				t.Fatalf("pending %d", len(pend))
			}
			rs, err := exporter.Recover(ctx, st2, op)
			if err != nil || len(rs) != 1 || rs[0].Err != nil || rs[0].Completed != c.recorded {
				t.Fatalf("recover: %v %v", rs, err)
			}
			ents, _ := os.ReadDir(dir)
			var names []string
			for _, e := range ents {
				names = append(names, e.Name())
				if strings.HasSuffix(e.Name(), ".tmp") {
					t.Errorf("temporary file left: %s", e.Name())
				}
			}
			xs, _ := st2.Exports(ctx, 1)
			if c.recorded {
				if len(xs) != 1 || len(ents) != 7 {
					t.Fatalf("exports %d, files %v", len(xs), names)
				}
				rep, err := signing.Verify(dir, func(f string) ([]store.SigningKey, error) { return st2.KeysByFingerprint(ctx, f) })
				if err != nil || rep.Status() != signing.Valid {
					t.Fatalf("verify %v %+v", err, rep)
				}
			} else if len(xs) != 0 || len(ents) != 0 {
				t.Fatalf("exports %d, files %v", len(xs), names)
			}
			recs, _ := st2.AuditLog(ctx, 1)
			want := store.EventExportAbandoned
			if c.recorded {
				want = store.EventExportCompleted
			}
			if recs[0].Event != want {
				t.Fatalf("audit %+v", recs[0])
			}
			if again, _ := exporter.Pending(ctx, st2); len(again) != 0 {
				t.Fatal("intent left")
			}
			if rc, _ := st2.VerifyRecords(ctx); len(rc.Problems) != 0 {
				t.Fatal(rc.Problems)
			}
		})
	}
}

func crashSigner(t *testing.T, st *store.Store) (store.Operator, *signing.Signer) {
	t.Helper()
	ctx := context.Background()
	op, err := st.CreateOperator(ctx, store.Operator{Name: "张三", Role: "科长", Unit: "信息中心"})
	if err != nil {
		t.Fatal(err)
	}
	ring := signing.NewKeyring(st.Path())
	prof := signing.Profile{OperatorID: op.ID, Name: op.Name, Role: op.Role, Unit: op.Unit}
	k, err := ring.Create(func(k *store.SigningKey) error { return st.AddKey(ctx, op, store.EventKeyCreate, k) }, prof, []byte("passphrase!"), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	kp, err := ring.Unlock(*k, []byte("passphrase!"))
	if err != nil {
		t.Fatal(err)
	}
	return op, &signing.Signer{Profile: prof, KeyID: k.ID, Keys: kp}
}

// childJob is job() without a testing.T: the engagement is the parent's.
func childJob(ctx context.Context, st *store.Store, dir string) *exporter.Job {
	fail := func(err error) *exporter.Job { fmt.Fprintln(os.Stderr, err); return nil }
	keys, err := st.Keys(ctx)
	if err != nil || len(keys) == 0 {
		return fail(fmt.Errorf("keys: %v", err))
	}
	k := keys[0]
	kp, err := signing.NewKeyring(st.Path()).Unlock(k, []byte(os.Getenv("OUTSEC_CRASH_PASS")))
	if err != nil {
		return fail(err)
	}
	prof := signing.Profile{OperatorID: k.OperatorID, Name: k.Name, Role: k.Role, Unit: k.Unit}
	data, err := templates.Load(ctx, st, 1, "zh-CN")
	if err != nil {
		return fail(err)
	}
	doc, err := templates.Fill(templates.RiskReport, data, "zh-CN", "")
	if err != nil {
		return fail(err)
	}
	md, _ := templates.FormatByName("md")
	pdf, _ := templates.FormatByName("pdf")
	j, err := exporter.New(doc, data, templates.RiskReport, []templates.Format{md, pdf}, dir, &signing.Signer{Profile: prof, KeyID: k.ID, Keys: kp}, "outsec test", time.Now())
	if err != nil {
		return fail(err)
	}
	if err := j.RenderAll(); err != nil {
		return fail(err)
	}
	return j
}
