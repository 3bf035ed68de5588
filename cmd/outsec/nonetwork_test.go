package main

import (
	"os/exec"
	"strings"
	"testing"
)

// outsec never uses the network (DESIGN.md): no package that speaks a network
// protocol may be linked into the binary. ("net" itself comes in through
// net/mail and net/url, which only parse text.)
func TestNoNetworkClientInTheBinary(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	forbidden := []string{"net/http", "crypto/tls", "net/rpc", "net/smtp", "net/http/httptrace", "golang.org/x/net/"}
	// Text parsers that live in x/net and open no connection: excelize (the
	// XLSX registers) reads XML declared in other charsets with html/charset.
	allowed := map[string]bool{
		"golang.org/x/net/html": true, "golang.org/x/net/html/atom": true, "golang.org/x/net/html/charset": true,
	}
	for _, dep := range strings.Fields(string(out)) {
		if allowed[dep] {
			continue
		}
		for _, f := range forbidden {
			if dep == f || strings.HasPrefix(dep, f+"/") || (strings.HasSuffix(f, "/") && strings.HasPrefix(dep, f)) {
				t.Errorf("the binary links %s", dep)
			}
		}
	}
}
