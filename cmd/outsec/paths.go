package main

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
)

// portableDB is outsec.db beside the executable, when it exists: an inspector
// carries the tool and its data on one USB stick.
func portableDB() (string, bool) {
	exe, err := os.Executable()
	if err != nil {
		return "", false
	}
	if r, err := filepath.EvalSymlinks(exe); err == nil {
		exe = r
	}
	p := filepath.Join(filepath.Dir(exe), "outsec.db")
	if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
		return p, true
	}
	return "", false
}

// dataDir is where outsec keeps its data by default: $XDG_DATA_HOME/outsec
// (~/.local/share/outsec) on Linux and the BSDs, %APPDATA%\outsec on Windows,
// ~/Library/Application Support/outsec on macOS.
func dataDir(getenv func(string) string) (string, error) {
	switch runtime.GOOS {
	case "windows":
		if d := getenv("APPDATA"); d != "" {
			return filepath.Join(d, "outsec"), nil
		}
		if d := getenv("LOCALAPPDATA"); d != "" {
			return filepath.Join(d, "outsec"), nil
		}
	case "darwin":
		if h := getenv("HOME"); h != "" {
			return filepath.Join(h, "Library", "Application Support", "outsec"), nil
		}
	default:
		if d := getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
			return filepath.Join(d, "outsec"), nil
		}
		if h := getenv("HOME"); h != "" {
			return filepath.Join(h, ".local", "share", "outsec"), nil
		}
	}
	h, err := os.UserHomeDir()
	if err != nil {
		return "", errors.New("no home folder: set OUTSEC_DB or pass --db")
	}
	return filepath.Join(h, ".outsec"), nil
}

func defaultDB(getenv func(string) string) (string, error) {
	d, err := dataDir(getenv)
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "outsec.db"), nil
}

func goVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		return bi.GoVersion + " " + runtime.GOOS + "/" + runtime.GOARCH
	}
	return runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH
}
