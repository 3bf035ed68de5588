package registerio

import (
	"strings"

	"outsec/model/risk"
)

// Re-importing a register: one rule for every register (issue 16). A record
// is a duplicate of one the engagement has when it names the same thing: an
// asset or a threat by its name, a vulnerability by its asset's name and its
// description. Each duplicate is reported with its row, and the user chooses
// for all of them: skip them (the engagement's records stay as they are) or
// update them (the engagement's records take the file's values). A record
// twice in one file is a problem of the file (Parse), not a duplicate.

// OnDuplicate is what an import does with its duplicates.
type OnDuplicate string

const (
	DuplicateSkip   OnDuplicate = "skip"
	DuplicateUpdate OnDuplicate = "update"
)

// Valid reports whether d is one of the choices.
func (d OnDuplicate) Valid() bool { return d == DuplicateSkip || d == DuplicateUpdate }

// Duplicate is a record of the file the engagement already has.
type Duplicate struct {
	Kind  Kind
	Sheet string
	Row   int
	// Index is the record's index in the Result's slice of its kind.
	Index int
	// Name names it: the asset's or threat's name, the vulnerability's
	// description.
	Name       string
	ExistingID int64
}

func key(s string) string { return strings.TrimSpace(s) }

// existingIndex is the engagement's records by what names them.
type existingIndex struct {
	assets, threats map[string]int64
	vulns           map[[2]string]int64
}

func indexOf(a *risk.Assessment) existingIndex {
	x := existingIndex{assets: map[string]int64{}, threats: map[string]int64{}, vulns: map[[2]string]int64{}}
	if a == nil {
		return x
	}
	names := map[int64]string{}
	for _, as := range a.Assets {
		x.assets[key(as.Name)] = as.ID
		names[as.ID] = key(as.Name)
	}
	for _, t := range a.Threats {
		x.threats[key(t.Name)] = t.ID
	}
	for _, v := range a.Vulns {
		x.vulns[[2]string{names[v.AssetID], key(v.Description)}] = v.ID
	}
	return x
}

// Duplicates are the records of the file the engagement (existing) already
// has, in register and file order.
func (r Result) Duplicates(existing *risk.Assessment) []Duplicate {
	x := indexOf(existing)
	var out []Duplicate
	at := func(k Kind, i int) int {
		if rows := r.Rows[k]; i < len(rows) {
			return rows[i]
		}
		return 0
	}
	for i, a := range r.Assets {
		if id, ok := x.assets[key(a.Name)]; ok {
			out = append(out, Duplicate{Kind: KindAssets, Sheet: r.Sheets[KindAssets], Row: at(KindAssets, i), Index: i, Name: a.Name, ExistingID: id})
		}
	}
	for i, t := range r.Threats {
		if id, ok := x.threats[key(t.Name)]; ok {
			out = append(out, Duplicate{Kind: KindThreats, Sheet: r.Sheets[KindThreats], Row: at(KindThreats, i), Index: i, Name: t.Name, ExistingID: id})
		}
	}
	for i, v := range r.Vulns {
		if id, ok := x.vulns[[2]string{key(v.Asset), key(v.Description)}]; ok {
			out = append(out, Duplicate{Kind: KindVulns, Sheet: r.Sheets[KindVulns], Row: at(KindVulns, i), Index: i, Name: v.Description, ExistingID: id})
		}
	}
	return out
}

// Batch is an import as the store takes it: the new records (as Records
// gives them), the engagement's records to update with the file's values
// (with their ids), and the index in the Result of each, so that a problem
// the store finds is shown at its row.
type Batch struct {
	Assets  []risk.Asset
	Threats []risk.Threat
	Vulns   []risk.Vulnerability
	// Update are the duplicates' new values, with the engagement's ids.
	UpdateAssets  []risk.Asset
	UpdateThreats []risk.Threat
	UpdateVulns   []risk.Vulnerability
	// Index maps each register's records, the new ones then the updated
	// ones, to their index in the Result.
	Index   map[Kind][]int
	Skipped int
}

// Batch splits the result into new records and duplicates, the duplicates
// skipped or updated as mode says. A vulnerability whose asset is a
// duplicate refers to the engagement's asset.
func (r Result) Batch(existing *risk.Assessment, mode OnDuplicate) Batch {
	dups := r.Duplicates(existing)
	dup := map[Kind]map[int]int64{KindAssets: {}, KindThreats: {}, KindVulns: {}}
	for _, d := range dups {
		dup[d.Kind][d.Index] = d.ExistingID
	}
	b := Batch{Index: map[Kind][]int{}}
	ids := map[string]int64{}
	if existing != nil {
		for _, a := range existing.Assets {
			ids[key(a.Name)] = a.ID
		}
	}
	var updA, updT, updV []int
	seen := map[string]bool{}
	for i, a := range r.Assets {
		if id, ok := dup[KindAssets][i]; ok {
			if mode == DuplicateUpdate {
				a.ID = id
				b.UpdateAssets = append(b.UpdateAssets, a)
				updA = append(updA, i)
			} else {
				b.Skipped++
			}
			continue
		}
		a.ID = -int64(len(b.Assets) + 1)
		if !seen[a.Name] {
			seen[a.Name] = true
			ids[key(a.Name)] = a.ID
		}
		b.Assets = append(b.Assets, a)
		b.Index[KindAssets] = append(b.Index[KindAssets], i)
	}
	b.Index[KindAssets] = append(b.Index[KindAssets], updA...)
	for i, t := range r.Threats {
		if id, ok := dup[KindThreats][i]; ok {
			if mode == DuplicateUpdate {
				t.ID = id
				b.UpdateThreats = append(b.UpdateThreats, t)
				updT = append(updT, i)
			} else {
				b.Skipped++
			}
			continue
		}
		b.Threats = append(b.Threats, t)
		b.Index[KindThreats] = append(b.Index[KindThreats], i)
	}
	b.Index[KindThreats] = append(b.Index[KindThreats], updT...)
	for i, v := range r.Vulns {
		vv := v.Vulnerability
		vv.AssetID = ids[key(v.Asset)]
		if id, ok := dup[KindVulns][i]; ok {
			if mode == DuplicateUpdate {
				vv.ID = id
				b.UpdateVulns = append(b.UpdateVulns, vv)
				updV = append(updV, i)
			} else {
				b.Skipped++
			}
			continue
		}
		vv.ID = 0
		b.Vulns = append(b.Vulns, vv)
		b.Index[KindVulns] = append(b.Index[KindVulns], i)
	}
	b.Index[KindVulns] = append(b.Index[KindVulns], updV...)
	return b
}

// Counts are the new and the updated records of a batch.
func (b Batch) Counts() (added, updated int) {
	return len(b.Assets) + len(b.Threats) + len(b.Vulns), len(b.UpdateAssets) + len(b.UpdateThreats) + len(b.UpdateVulns)
}
