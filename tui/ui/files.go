package ui

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
)

// Paths typed by the user and files written: the forms of the risk
// registers, the documents and the verify page read a path the same way and
// explain a failure the same way.

// UserPath is a path as typed: without the quotes a file manager adds when a
// file is dropped or copied as a path, with ~ for the home folder, absolute.
func UserPath(raw string) string {
	s := strings.TrimSpace(raw)
	if len(s) >= 2 && (s[0] == '"' && s[len(s)-1] == '"' || s[0] == '\'' && s[len(s)-1] == '\'') {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	if s == "~" || strings.HasPrefix(s, "~/") || (runtime.GOOS == "windows" && strings.HasPrefix(s, `~\`)) {
		if home, err := os.UserHomeDir(); err == nil {
			s = filepath.Join(home, s[1:])
		}
	}
	if s == "" {
		return ""
	}
	if abs, err := filepath.Abs(s); err == nil {
		s = abs
	}
	return s
}

// IOReason explains a file error in the user's language where it is a common
// one, and gives the system's words otherwise.
func IOReason(T func(string, ...any) string, err error) string {
	switch {
	case errors.Is(err, fs.ErrPermission):
		return T("tui.riskio.reason.permission")
	case errors.Is(err, fs.ErrNotExist):
		return T("tui.riskio.reason.not_found")
	case errors.Is(err, syscall.ENOSPC):
		return T("tui.riskio.reason.disk_full")
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// riskSize is a file size for people.
func FileSize(T func(string, ...any) string, n int) string {
	switch {
	case n < 1024:
		return T("tui.riskio.size.bytes", n)
	case n < 1<<20:
		return T("tui.riskio.size.kib", strconv.FormatFloat(float64(n)/1024, 'f', 1, 64))
	}
	return T("tui.riskio.size.mib", strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64))
}

// WipeBytes zeroes a secret once it has been used.
func WipeBytes(b []byte) {
	for i := range b {
		b[i] = 0
	}
}
