package sign

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/emmansun/gmsm/sm3"
)

// File is one file of an export: its name as it appears in the manifest
// (a slash-separated path relative to the export folder) and its contents.
type File struct {
	Name string
	Data []byte
}

// Entry is one line of a manifest.
type Entry struct {
	Name   string
	Digest string // lower-case hex
}

// SHA256Manifest lists the SHA-256 digest of every file in the sha256sum
// text format ("<hex>  <name>\n"), sorted by name, so `sha256sum -c` checks it.
func SHA256Manifest(files []File) []byte {
	d, _ := digestAll(files, true, false)
	return manifestOf(files, d)
}

// SM3Manifest is the same with SM3 digests.
func SM3Manifest(files []File) []byte {
	_, d := digestAll(files, false, true)
	return manifestOf(files, d)
}

// DigestSHA256 is the hex SHA-256 of data.
func DigestSHA256(data []byte) string { s := sha256.Sum256(data); return hex.EncodeToString(s[:]) }

// DigestSM3 is the hex SM3 of data.
func DigestSM3(data []byte) string { s := sm3.Sum(data); return hex.EncodeToString(s[:]) }

// manifestOf writes the manifest lines of files with their digests.
func manifestOf(files []File, digests []string) []byte {
	idx := make([]int, len(files))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return files[idx[a]].Name < files[idx[b]].Name })
	var b bytes.Buffer
	for _, i := range idx {
		name, escaped := escapeName(files[i].Name)
		if escaped {
			b.WriteByte('\\') // GNU coreutils marks escaped names this way
		}
		b.WriteString(digests[i])
		b.WriteString("  ")
		b.WriteString(name)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// digestAll computes the SHA-256 and/or SM3 digest of every file, on every
// CPU: one task per file and algorithm, the largest first, so that a 5 MB
// export is digested in the time of its largest file's SM3 (SM3 runs at a
// few hundred MB/s on one core).
func digestAll(files []File, sha, sm bool) (shaD, smD []string) {
	type task struct {
		i   int
		sm3 bool
	}
	var tasks []task
	if sha {
		shaD = make([]string, len(files))
	}
	if sm {
		smD = make([]string, len(files))
	}
	for i := range files {
		if sm {
			tasks = append(tasks, task{i, true})
		}
		if sha {
			tasks = append(tasks, task{i, false})
		}
	}
	// SM3 is about three times slower than SHA-256 with the CPU's SHA
	// instructions: weigh it so.
	cost := func(t task) int {
		if t.sm3 {
			return 3 * len(files[t.i].Data)
		}
		return len(files[t.i].Data)
	}
	sort.SliceStable(tasks, func(a, b int) bool { return cost(tasks[a]) > cost(tasks[b]) })
	next := make(chan task)
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	if workers > len(tasks) {
		workers = len(tasks)
	}
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for t := range next {
				if t.sm3 {
					smD[t.i] = DigestSM3(files[t.i].Data)
				} else {
					shaD[t.i] = DigestSHA256(files[t.i].Data)
				}
			}
		}()
	}
	for _, t := range tasks {
		next <- t
	}
	close(next)
	wg.Wait()
	return shaD, smD
}

// escapeName escapes a name as GNU sha256sum does when it contains a
// backslash, newline or carriage return.
func escapeName(name string) (string, bool) {
	if !strings.ContainsAny(name, "\\\n\r") {
		return name, false
	}
	r := strings.NewReplacer("\\", "\\\\", "\n", "\\n", "\r", "\\r")
	return r.Replace(name), true
}

func unescapeName(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			b.WriteByte(s[i])
			continue
		}
		if i+1 == len(s) {
			return "", fmt.Errorf("dangling backslash")
		}
		i++
		switch s[i] {
		case '\\':
			b.WriteByte('\\')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		default:
			return "", fmt.Errorf("unknown escape \\%c", s[i])
		}
	}
	return b.String(), nil
}

// ParseManifest reads a manifest in the sha256sum format (text mode "  " or
// binary mode " *" separators), as written by SHA256Manifest or SM3Manifest.
// It rejects malformed lines and duplicate names, and returns the entries in
// file order.
func ParseManifest(data []byte) ([]Entry, error) {
	text := string(data)
	if text != "" && !strings.HasSuffix(text, "\n") {
		return nil, fmt.Errorf("sign: manifest: missing final newline")
	}
	var entries []Entry
	seen := map[string]bool{}
	for i, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if text == "" {
			break
		}
		n := i + 1
		escaped := strings.HasPrefix(line, "\\")
		if escaped {
			line = line[1:]
		}
		if len(line) < 64+2+1 {
			return nil, fmt.Errorf("sign: manifest line %d: too short", n)
		}
		digest := line[:64]
		if _, err := hex.DecodeString(digest); err != nil || strings.ToLower(digest) != digest {
			return nil, fmt.Errorf("sign: manifest line %d: digest is not 64 lower-case hex digits", n)
		}
		if sep := line[64:66]; sep != "  " && sep != " *" {
			return nil, fmt.Errorf("sign: manifest line %d: bad separator", n)
		}
		name := line[66:]
		if escaped {
			var err error
			if name, err = unescapeName(name); err != nil {
				return nil, fmt.Errorf("sign: manifest line %d: %v", n, err)
			}
		}
		if strings.HasSuffix(name, "\r") {
			return nil, fmt.Errorf("sign: manifest line %d: carriage return", n)
		}
		if seen[name] {
			return nil, fmt.Errorf("sign: manifest line %d: %q listed twice", n, name)
		}
		seen[name] = true
		entries = append(entries, Entry{Name: name, Digest: digest})
	}
	return entries, nil
}

// Problem is one way a set of files departs from a manifest.
type Problem struct {
	Name     string
	Kind     ProblemKind
	Manifest string // "sha256" or "sm3"
}

// ProblemKind says what is wrong with a file.
type ProblemKind int

const (
	Changed  ProblemKind = iota + 1 // digest differs
	Missing                         // listed, not present
	Unlisted                        // present, not listed
)

func (k ProblemKind) String() string {
	switch k {
	case Changed:
		return "changed"
	case Missing:
		return "missing"
	case Unlisted:
		return "unlisted"
	}
	return fmt.Sprintf("ProblemKind(%d)", int(k))
}

// CheckSHA256 compares files with a SHA-256 manifest; no problems means
// every listed file is present, unchanged, and nothing else is there.
func CheckSHA256(manifestData []byte, files []File) ([]Problem, error) {
	return check(manifestData, files, "sha256")
}

// CheckSM3 compares files with an SM3 manifest.
func CheckSM3(manifestData []byte, files []File) ([]Problem, error) {
	return check(manifestData, files, "sm3")
}

func check(manifestData []byte, files []File, which string) ([]Problem, error) {
	shaD, smD := digestAll(files, which == "sha256", which == "sm3")
	if which == "sha256" {
		return checkWith(manifestData, files, shaD, which)
	}
	return checkWith(manifestData, files, smD, which)
}

// checkWith compares files, whose digests are given, with a manifest.
func checkWith(manifestData []byte, files []File, digests []string, which string) ([]Problem, error) {
	entries, err := ParseManifest(manifestData)
	if err != nil {
		return nil, err
	}
	have := make(map[string]string, len(files))
	for i, f := range files {
		have[f.Name] = digests[i]
	}
	var problems []Problem
	listed := make(map[string]bool, len(entries))
	for _, e := range entries {
		listed[e.Name] = true
		d, ok := have[e.Name]
		switch {
		case !ok:
			problems = append(problems, Problem{e.Name, Missing, which})
		case d != e.Digest:
			problems = append(problems, Problem{e.Name, Changed, which})
		}
	}
	for _, f := range files {
		if !listed[f.Name] {
			problems = append(problems, Problem{f.Name, Unlisted, which})
		}
	}
	sort.SliceStable(problems, func(i, j int) bool { return problems[i].Name < problems[j].Name })
	return problems, nil
}

// Manifests computes the SHA-256 and the SM3 manifest, every digest in
// parallel.
func Manifests(files []File) (sha256Manifest, sm3Manifest []byte) {
	shaD, smD := digestAll(files, true, true)
	return manifestOf(files, shaD), manifestOf(files, smD)
}

// CheckManifests checks files against both manifests, the two in parallel,
// and returns the problems of both, sorted by name then manifest.
func CheckManifests(sha256Manifest, sm3Manifest []byte, files []File) ([]Problem, error) {
	shaD, smD := digestAll(files, true, true)
	shaP, shaErr := checkWith(sha256Manifest, files, shaD, "sha256")
	if shaErr != nil {
		return nil, fmt.Errorf("SHA-256 %w", shaErr)
	}
	smP, smErr := checkWith(sm3Manifest, files, smD, "sm3")
	if smErr != nil {
		return nil, fmt.Errorf("SM3 %w", smErr)
	}
	all := append(shaP, smP...)
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].Name != all[j].Name {
			return all[i].Name < all[j].Name
		}
		return all[i].Manifest < all[j].Manifest
	})
	return all, nil
}
