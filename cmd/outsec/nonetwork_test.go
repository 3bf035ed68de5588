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
	for _, dep := range strings.Fields(string(out)) {
		for _, f := range forbidden {
			if dep == f || strings.HasPrefix(dep, f+"/") || (strings.HasSuffix(f, "/") && strings.HasPrefix(dep, f)) {
				t.Errorf("the binary links %s", dep)
			}
		}
	}
}
