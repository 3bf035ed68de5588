package signing

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"outsec/model/sign"
	"outsec/store"
)

// Status is the verdict on a signed export, or on all those of a folder.
type Status int

const (
	// Valid: both signatures match, every file is as signed, and the key is
	// one of this office's or a trusted office's.
	Valid Status = iota
	// UnknownSigner: the files are as signed, but by a key that is not
	// trusted here (or was revoked).
	UnknownSigner
	// Invalid: a file changed or is missing, or a signature does not match.
	Invalid
)

// Trust is what this office knows of the key that signed.
type Trust int

const (
	Untrusted Trust = iota // not known here
	Trusted                // a trusted office's key, or one of ours
	Revoked                // known, but revoked
)

// Problem is one thing wrong with a signed export: a catalog key
// ("verify.problem.…") with the file it concerns and, for a digest, the
// manifest ("SHA-256" or "SM3").
type Problem struct {
	Key  string
	File string
	What string
}

// Result is the verification of one signed export.
type Result struct {
	Dir    string
	Number string
	// Meta is the signed metadata, nil when it cannot be read.
	Meta *Meta
	// Code is the verification code (as on the PDF), "" without metadata.
	Code string
	// Ed25519FPR is the fingerprint of the key the SSH signature names;
	// SM2FPR that of the SM2 key in the metadata.
	Ed25519FPR, SM2FPR string
	Trust              Trust
	// Key is the matching key of this database (own or trusted), if any.
	Key      *store.SigningKey
	Files    []string // the files the manifests list, metadata included
	Problems []Problem
}

// Status of one export.
func (r *Result) Status() Status {
	switch {
	case len(r.Problems) > 0:
		return Invalid
	case r.Trust != Trusted:
		return UnknownSigner
	}
	return Valid
}

// Report is the verification of a path: a file (the export it belongs to)
// or a folder (every signed export in it).
type Report struct {
	Path    string
	Results []Result
	// Unsigned lists the files of the folder no signature covers.
	Unsigned []string
}

// Status is the worst of the results.
func (r *Report) Status() Status {
	s := Valid
	for i := range r.Results {
		if st := r.Results[i].Status(); st > s {
			s = st
		}
	}
	return s
}

// Lookup finds this database's keys (own and trusted) with an Ed25519
// fingerprint.
type Lookup func(ed25519FPR string) ([]store.SigningKey, error)

// ErrNoSignature: nothing at the path is signed.
var ErrNoSignature = errors.New("no signature found")

// setFiles are the suffixes of a signature's own files.
var setSuffixes = []string{SuffixSHA256Sig, SuffixSM3Sig, SuffixMeta, SuffixSHA256, SuffixSM3}

// numberOf is the document number a signature file belongs to, "" when the
// name is not one.
func numberOf(name string) string {
	for _, s := range setSuffixes {
		if strings.HasSuffix(name, s) && len(name) > len(s) {
			return strings.TrimSuffix(name, s)
		}
	}
	return ""
}

// Verify checks the signed export at path. A folder: every signed export
// in it; a file: the export it belongs to (a signature's own file, or a
// file a manifest lists). Errors are for what cannot be read at all; what
// is wrong with a signature is in the report.
func Verify(path string, lookup Lookup) (*Report, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	rep := &Report{Path: path}
	dir, only := path, ""
	if !st.IsDir() {
		dir, only = filepath.Dir(path), filepath.Base(path)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	present := map[string]bool{}
	numbers := map[string]bool{}
	for _, e := range entries {
		if !e.Type().IsRegular() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		present[e.Name()] = true
		if n := numberOf(e.Name()); n != "" {
			numbers[n] = true
		}
	}
	var nums []string
	for n := range numbers {
		nums = append(nums, n)
	}
	sort.Strings(nums)

	covered := map[string]bool{}
	for _, n := range nums {
		var listed []string
		if b, err := os.ReadFile(filepath.Join(dir, n+SuffixSHA256)); err == nil {
			if es, err := sign.ParseManifest(b); err == nil {
				for _, e := range es {
					listed = append(listed, e.Name)
				}
			}
		}
		if only != "" && numberOf(only) != n && !contains(listed, only) {
			continue
		}
		r := verifySet(dir, n, lookup)
		for _, f := range r.Files {
			covered[f] = true
		}
		for _, s := range setSuffixes {
			covered[n+s] = true
		}
		rep.Results = append(rep.Results, r)
	}
	if only == "" {
		for _, e := range entries {
			if present[e.Name()] && !covered[e.Name()] {
				rep.Unsigned = append(rep.Unsigned, e.Name())
			}
		}
	}
	if len(rep.Results) == 0 {
		return rep, ErrNoSignature
	}
	return rep, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// maxFile bounds what verification reads of one file.
const maxFile = 1 << 30

func readSmall(dir, name string) ([]byte, error) {
	p := filepath.Join(dir, name)
	st, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	if st.Size() > maxFile {
		return nil, fmt.Errorf("%s: larger than 1 GiB", name)
	}
	return os.ReadFile(p)
}

func verifySet(dir, num string, lookup Lookup) Result {
	r := Result{Dir: dir, Number: num}
	bad := func(key, file, what string) {
		r.Problems = append(r.Problems, Problem{Key: key, File: file, What: what})
	}
	read := func(suffix string) []byte {
		b, err := readSmall(dir, num+suffix)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				bad("verify.problem.missing", num+suffix, "")
			} else {
				bad("verify.problem.unreadable", num+suffix, err.Error())
			}
			return nil
		}
		return b
	}
	shaM, smM := read(SuffixSHA256), read(SuffixSM3)
	sshSig, smSig := read(SuffixSHA256Sig), read(SuffixSM3Sig)
	metaB := read(SuffixMeta)

	// The SSH signature over the SHA-256 manifest, with the key it names.
	if sshSig != nil {
		pub, err := sign.SSHSignatureKey(sshSig)
		switch {
		case err != nil || !sign.SSHSIGCanonical(sshSig):
			bad("verify.problem.ssh_damaged", num+SuffixSHA256Sig, "")
		default:
			r.Ed25519FPR, _ = sign.Ed25519Fingerprint(pub)
			if shaM != nil && sign.VerifySSH(pub, shaM, sshSig) != nil {
				bad("verify.problem.ssh_mismatch", num+SuffixSHA256, "")
			}
		}
	}
	// The metadata: who signed, and the SM2 key.
	if metaB != nil {
		m, err := decodeMeta(metaB)
		if err != nil {
			bad("verify.problem.meta_damaged", num+SuffixMeta, err.Error())
		} else {
			r.Meta, r.Code = m, CodeOf(metaB)
			if m.Number != num {
				bad("verify.problem.meta_number", num+SuffixMeta, m.Number)
			}
			if r.Ed25519FPR != "" && m.Ed25519.Fingerprint != r.Ed25519FPR {
				bad("verify.problem.key_mismatch", num+SuffixMeta, "Ed25519")
			}
			smPub, err := sign.ParseSM2PublicPEM([]byte(m.SM2.PublicKey))
			if err != nil {
				bad("verify.problem.meta_damaged", num+SuffixMeta, err.Error())
			} else {
				r.SM2FPR, _ = sign.SM2Fingerprint(smPub)
				if m.SM2.Fingerprint != r.SM2FPR {
					bad("verify.problem.key_mismatch", num+SuffixMeta, "SM2")
				}
				if smSig != nil {
					if !sign.SM2SigCanonical(smSig) {
						bad("verify.problem.sm2_damaged", num+SuffixSM3Sig, "")
					} else if smM != nil && sign.VerifySM2(smPub, smM, smSig) != nil {
						bad("verify.problem.sm2_mismatch", num+SuffixSM3, "")
					}
				}
			}
		}
	}
	// Every file either manifest lists, against both.
	names := map[string]bool{}
	for _, m := range []struct {
		data []byte
		file string
	}{{shaM, num + SuffixSHA256}, {smM, num + SuffixSM3}} {
		if m.data == nil {
			continue
		}
		es, err := sign.ParseManifest(m.data)
		if err != nil {
			bad("verify.problem.manifest_damaged", m.file, err.Error())
			continue
		}
		for _, e := range es {
			if e.Name != filepath.Base(e.Name) || e.Name == ".." || e.Name == "." || strings.ContainsAny(e.Name, `/\`) {
				bad("verify.problem.manifest_damaged", m.file, e.Name)
				continue
			}
			names[e.Name] = true
		}
	}
	var files []sign.File
	for name := range names {
		r.Files = append(r.Files, name)
		b, err := readSmall(dir, name)
		if err != nil {
			continue // reported as missing by the check
		}
		files = append(files, sign.File{Name: name, Data: b})
	}
	sort.Strings(r.Files)
	if shaM != nil && smM != nil {
		probs, err := sign.CheckManifests(shaM, smM, files)
		if err == nil {
			for _, p := range probs {
				what := map[string]string{"sha256": "SHA-256", "sm3": "SM3"}[p.Manifest]
				switch p.Kind {
				case sign.Changed:
					bad("verify.problem.changed", p.Name, what)
				case sign.Missing:
					bad("verify.problem.missing", p.Name, what)
				case sign.Unlisted:
					bad("verify.problem.unlisted", p.Name, what)
				}
			}
		}
	}
	if r.Meta != nil && len(names) > 0 {
		want := map[string]bool{num + SuffixMeta: true}
		for _, f := range r.Meta.Files {
			want[f] = true
		}
		if !names[num+SuffixMeta] {
			bad("verify.problem.meta_unlisted", num+SuffixMeta, "")
		}
		for f := range want {
			if !names[f] {
				bad("verify.problem.meta_files", f, "")
			}
		}
		for f := range names {
			if !want[f] {
				bad("verify.problem.meta_files", f, "")
			}
		}
	}
	sort.SliceStable(r.Problems, func(i, j int) bool { return r.Problems[i].File < r.Problems[j].File })

	// Who: a key of this database with the same fingerprints.
	if r.Ed25519FPR != "" && lookup != nil {
		keys, err := lookup(r.Ed25519FPR)
		if err == nil {
			for i := range keys {
				k := keys[i]
				if k.SM2FPR != r.SM2FPR {
					continue
				}
				if !k.Revoked() {
					r.Trust, r.Key = Trusted, &k
					break
				}
				r.Trust, r.Key = Revoked, &k
			}
		}
	}
	return r
}

// Args are the catalog arguments of the problem's message: the file, and
// for those that name it, the manifest or the detail.
func (p Problem) Args() []any {
	switch p.Key {
	case "verify.problem.missing", "verify.problem.ssh_damaged", "verify.problem.ssh_mismatch", "verify.problem.sm2_damaged",
		"verify.problem.sm2_mismatch", "verify.problem.meta_unlisted", "verify.problem.meta_files":
		return []any{p.File}
	}
	return []any{p.File, p.What}
}
