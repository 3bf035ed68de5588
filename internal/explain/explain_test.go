package explain

import (
	"errors"
	"strings"
	"testing"

	"outsec/i18n"
	"outsec/model"
	"outsec/store"
)

func TestLines(t *testing.T) {
	cat := i18n.New(i18n.EN)
	e := model.SampleEngagement("en")
	e.Department = ""
	lines, ok := Lines(cat, e.Validate())
	if !ok || len(lines) != 1 || !strings.Contains(lines[0], "Government department: is required") || !strings.Contains(lines[0], "6.5 a) 1)") {
		t.Fatalf("validation: %v %v", ok, lines)
	}
	lines, ok = Lines(cat, &store.Error{Code: store.CodeLocked, Path: "/x/outsec.db"})
	if !ok || !strings.Contains(lines[0], "/x/outsec.db is in use by another outsec") {
		t.Fatalf("store: %v", lines)
	}
	lines, _ = Lines(cat, &store.Error{Code: store.CodeCorrupt, Path: "/x", Err: errors.New("page 3")})
	if !strings.HasSuffix(lines[0], ": page 3") {
		t.Fatalf("cause: %v", lines)
	}
	if _, ok := Lines(cat, errors.New("other")); ok {
		t.Fatal("an unknown error explained")
	}
}
