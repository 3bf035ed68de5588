//go:build unix

// Package e2e drives the real outsec binary in tmux, as a person at a terminal
// would: send keys, read the screen.
package e2e

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// binary builds outsec once per test run.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "outsec-e2e-bin")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "outsec")
		cmd := exec.Command("go", "build", "-o", binPath, "../cmd/outsec")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

func needTmux(t *testing.T) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("tmux end-to-end tests run on Unix")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("tmux is required in CI (.ci/run installs it)")
		}
		t.Skip("tmux not installed")
	}
}

// session is one outsec running in a detached tmux session of its own server.
type session struct {
	t      *testing.T
	socket string
	name   string
}

// start runs outsec with args in a new tmux session of the given size.
func start(t *testing.T, width, height int, env []string, args ...string) *session {
	t.Helper()
	return startCmd(t, width, height, env, "exec "+commandLine(binary(t), args))
}

// startReporting runs outsec and then prints its exit status on the screen:
// "[outsec exited N]".
func startReporting(t *testing.T, width, height int, env []string, args ...string) *session {
	t.Helper()
	return startCmd(t, width, height, env, commandLine(binary(t), args)+`; echo "[outsec exited $?]"`)
}

func commandLine(bin string, args []string) string {
	cmdline := shellQuote(bin)
	for _, a := range args {
		cmdline += " " + shellQuote(a)
	}
	return cmdline
}

func startCmd(t *testing.T, width, height int, env []string, cmdline string) *session {
	t.Helper()
	needTmux(t)
	s := &session{t: t, socket: filepath.Join(t.TempDir(), "tmux.sock"), name: "outsec"}
	// remain-on-exit is set before the pane exists, so that a program that ends
	// at once still leaves its screen and exit status to read.
	tmuxArgs := []string{"start-server", ";", "set-option", "-g", "remain-on-exit", "on", ";",
		"new-session", "-d", "-s", s.name, "-x", fmt.Sprint(width), "-y", fmt.Sprint(height)}
	for _, e := range env {
		tmuxArgs = append(tmuxArgs, "-e", e)
	}
	tmuxArgs = append(tmuxArgs, cmdline)
	s.tmux(tmuxArgs...)
	t.Cleanup(func() { exec.Command("tmux", "-S", s.socket, "kill-server").Run() })
	return s
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func (s *session) tmux(args ...string) string {
	s.t.Helper()
	cmd := exec.Command("tmux", append([]string{"-S", s.socket, "-f", "/dev/null"}, args...)...)
	cmd.Env = append(os.Environ(), "TERM=xterm-256color")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		s.t.Fatalf("tmux %v: %v: %s", args, err, errb.String())
	}
	return out.String()
}

// keys sends tmux key names ("Enter", "Tab", "Down", "C-c") or literal text.
func (s *session) keys(keys ...string) {
	s.t.Helper()
	s.tmux(append([]string{"send-keys", "-t", s.name}, keys...)...)
}

// text types literal text (Chinese included).
func (s *session) text(txt string) {
	s.t.Helper()
	s.tmux("send-keys", "-t", s.name, "-l", txt)
}

func (s *session) screen() string {
	s.t.Helper()
	return s.tmux("capture-pane", "-p", "-t", s.name)
}

// waitFor polls the screen until it contains want.
func (s *session) waitFor(want string) string {
	s.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var scr string
	for time.Now().Before(deadline) {
		scr = s.screen()
		if strings.Contains(scr, want) {
			return scr
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.t.Fatalf("screen never showed %q; last screen:\n%s", want, scr)
	return ""
}

// pid is the process running in the pane.
func (s *session) pid() string {
	return strings.TrimSpace(s.tmux("display-message", "-p", "-t", s.name, "#{pane_pid}"))
}

// exited waits until the program in the pane has ended.
func (s *session) exited() {
	s.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if strings.TrimSpace(s.tmux("display-message", "-p", "-t", s.name, "#{pane_dead}")) == "1" {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.t.Fatalf("outsec did not exit; screen:\n%s", s.screen())
}
