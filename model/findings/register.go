package findings

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"outsec/model"
)

// Register is the whole register of one engagement as it travels in a case
// file (the section "findings"): the findings with their actions and
// history, the incidents, and the evidence with its links and, for a file,
// its bytes. Ids are the file's own: a finding's source (an incident), an
// evidence link, name records of the same file.
type Register struct {
	Findings  []Finding      `json:"findings,omitempty"`
	Incidents []Incident     `json:"incidents,omitempty"`
	Evidence  []EvidenceItem `json:"evidence,omitempty"`
}

// EvidenceItem is one item of evidence in a case file.
type EvidenceItem struct {
	ID      int64     `json:"id"`
	Kind    string    `json:"kind"` // file, note
	Name    string    `json:"name"`
	Size    int64     `json:"size"`
	SHA256  string    `json:"sha256"`
	SM3     string    `json:"sm3"`
	Note    string    `json:"note,omitempty"`
	AddedBy string    `json:"added_by"`
	AddedAt time.Time `json:"added_at"`
	// Content is a file's bytes in standard base64; empty for a note.
	Content string         `json:"content,omitempty"`
	Links   []EvidenceLink `json:"links,omitempty"`
}

// EvidenceLink names the record of the file an item is linked to.
type EvidenceLink struct {
	Kind string `json:"kind"` // finding, incident
	ID   int64  `json:"id"`
}

// Empty reports whether the register records nothing.
func (r *Register) Empty() bool {
	return r == nil || len(r.Findings) == 0 && len(r.Incidents) == 0 && len(r.Evidence) == 0
}

// Problem is one problem of a register read from a case file: the field's
// path inside the register ("findings[0].description"), its label key, and
// the message.
type Problem struct {
	Path   string
	Label  string
	Key    string
	Args   []any
	Clause model.Clause
}

// Check is every problem of a register read from a file: each finding and
// incident as Validate sees it; ids given once; a finding's incident and
// every evidence link naming a record of the file; a closed finding
// verified by another than its reporter, with evidence; an evidence file's
// bytes matching its size and SHA-256.
func (r *Register) Check() []Problem {
	var out []Problem
	add := func(path, label, key string, clause model.Clause, args ...any) {
		out = append(out, Problem{Path: path, Label: label, Key: key, Args: args, Clause: clause})
	}
	incidents := map[int64]bool{}
	for i, in := range r.Incidents {
		p := fmt.Sprintf("incidents[%d]", i)
		if in.ID <= 0 || incidents[in.ID] {
			add(p+".id", "field.incident.id", "findings.err.case_id", ClauseReport, in.ID)
		}
		incidents[in.ID] = true
		for _, f := range in.Validate() {
			add(p+strings.TrimPrefix(f.Field, "incident"), f.LabelKey(), f.Key, f.Clause, f.Args...)
		}
	}
	finds := map[int64]bool{}
	evidenceOf := map[int64]int{}
	for _, e := range r.Evidence {
		for _, l := range e.Links {
			if l.Kind == "finding" {
				evidenceOf[l.ID]++
			}
		}
	}
	for i, f := range r.Findings {
		p := fmt.Sprintf("findings[%d]", i)
		if f.ID <= 0 || finds[f.ID] {
			add(p+".id", "field.finding.id", "findings.err.case_id", Clause, f.ID)
		}
		finds[f.ID] = true
		for _, v := range f.Validate() {
			add(p+strings.TrimPrefix(v.Field, "finding"), v.LabelKey(), v.Key, v.Clause, v.Args...)
		}
		if f.Source == SourceIncident && !incidents[f.SourceID] {
			add(p+".source_id", "field.finding.source_id", "findings.err.no_incident", ClauseCause, f.SourceID)
		}
		if f.State == Closed {
			if strings.TrimSpace(f.Verifier) == "" || f.Verifier == f.Reporter || f.VerifiedOn == "" {
				add(p+".verifier", "field.finding.verifier", KeySelfVerify, ClauseNotice, f.Reporter)
			}
			if evidenceOf[f.ID] == 0 {
				add(p+".state", "field.finding.evidence", KeyNoEvidence, ClauseNotice)
			}
		}
		if f.State == Dismissed && strings.TrimSpace(f.DismissReason) == "" {
			add(p+".dismiss_reason", "field.finding.dismiss_reason", KeyDismissReason, Clause)
		}
	}
	evs := map[int64]bool{}
	for i, e := range r.Evidence {
		p := fmt.Sprintf("evidence[%d]", i)
		if e.ID <= 0 || evs[e.ID] {
			add(p+".id", "field.evidence.name", "findings.err.case_id", ClauseNotice, e.ID)
		}
		evs[e.ID] = true
		if strings.TrimSpace(e.Name) == "" {
			add(p+".name", "field.evidence.name", "err.required", ClauseNotice)
		}
		var data []byte
		switch e.Kind {
		case "note":
			data = []byte(e.Note)
		case "file":
			b, err := base64.StdEncoding.DecodeString(e.Content)
			if err != nil {
				add(p+".content", "field.evidence.path", "findings.err.case_content", ClauseNotice)
				continue
			}
			data = b
		default:
			add(p+".kind", "field.evidence.path", "findings.err.case_kind", ClauseNotice, e.Kind)
			continue
		}
		sum := sha256.Sum256(data)
		if int64(len(data)) != e.Size || hex.EncodeToString(sum[:]) != e.SHA256 {
			add(p+".sha256", "field.evidence.path", "findings.err.case_digest", ClauseNotice, e.Name)
		}
		for j, l := range e.Links {
			ok := (l.Kind == "finding" && finds[l.ID]) || (l.Kind == "incident" && incidents[l.ID]) ||
				// The records of the other workflows are checked by their sections (casefile).
				(l.Kind != "finding" && l.Kind != "incident" && l.Kind != "" && l.ID > 0)
			if !ok {
				add(fmt.Sprintf("%s.links[%d]", p, j), "field.evidence.owner", "findings.err.evidence_owner", ClauseNotice, l.Kind, l.ID)
			}
		}
	}
	return out
}
