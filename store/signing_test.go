package store

import (
	"errors"
	"strings"
	"testing"
	"time"

	"outsec/model"
	"outsec/model/risk"
)

func testKey(name, fpr string) *SigningKey {
	return &SigningKey{Kind: KeyOwn, OperatorID: 1, Name: name, Ed25519Public: "ssh-ed25519 AAAA", SM2Public: "pem",
		Ed25519FPR: "SHA256:" + fpr, SM2FPR: strings.Repeat("ab", 32), Dir: "keys/x"}
}

// TestSignedApprovalPolicy: under the policy, the risk assessment is done
// only once a risk report exported on or after the leader's decision is
// signed; the lifecycle lists the documents signed and unsigned.
func TestSignedApprovalPolicy(t *testing.T) {
	s, eng := rkFixture(t)
	op, err := s.CreateOperator(ctx, Operator{Name: "王明", Role: "主任"})
	if err != nil {
		t.Fatal(err)
	}
	rkSmall(t, s, eng)
	rkMust(t, s.SaveConclusion(ctx, op, eng, risk.Conclusion{AcceptableLevel: 5, Leader: "王明", Date: "2026-04-01", Decision: risk.ProposeProceed}))
	riskState := func() (model.State, []model.Block, []model.DocumentFact) {
		t.Helper()
		facts, err := s.LifecycleFacts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		f := facts[eng]
		return f.States[model.StepRisk], f.Blocks[model.StepRisk], f.Documents[model.StepRisk]
	}
	if st, _, docs := riskState(); st != model.Done || len(docs) != 0 {
		t.Fatalf("policy off: %v %v", st, docs)
	}
	rkMust(t, s.SetSignedApprovalRequired(ctx, op, true))
	if on, _ := s.SignedApprovalRequired(ctx); !on {
		t.Fatal("policy not on")
	}
	st, blocks, _ := riskState()
	if st != model.InProgress || len(blocks) != 1 || blocks[0].Key != "block.approval_unsigned" || blocks[0].Clause != model.ClauseSignedApproval {
		t.Fatalf("policy on, nothing signed: %v %+v", st, blocks)
	}
	// An unsigned report does not count; it is listed as unsigned.
	rec := &ExportRecord{EngagementID: eng, Number: "X-RA-01", Kind: "risk-report", Title: "风险评估报告", Version: "1.0", Lang: "zh-CN",
		Files: []ExportFile{{Path: "/out/a.pdf", Format: "pdf", Size: 1, SHA256: strings.Repeat("a", 64)}}}
	rkMust(t, s.RecordDocumentExport(ctx, op, rec))
	st, _, docs := riskState()
	if st != model.InProgress || len(docs) != 1 || docs[0].Signed || docs[0].Number != "X-RA-01" {
		t.Fatalf("unsigned report: %v %+v", st, docs)
	}
	// A signed one does.
	k := testKey("王明", "AAAAAAAAAAAAAAAAAAAAAA")
	k.OperatorID = op.ID
	rkMust(t, s.AddKey(ctx, op, EventKeyCreate, k))
	rec2 := &ExportRecord{EngagementID: eng, Number: "X-RA-02", Kind: "risk-report", Title: "风险评估报告", Version: "1.0", Lang: "zh-CN",
		Files:     []ExportFile{{Path: "/out/b.pdf", Format: "pdf", Size: 1, SHA256: strings.Repeat("b", 64)}},
		Signature: &ExportSignature{KeyID: k.ID, Name: "王明", Role: "主任", At: s.Now(), Code: "AAAA-BBBB-CCCC-DDDD", Manifest: strings.Repeat("c", 64)}}
	rkMust(t, s.RecordDocumentExport(ctx, op, rec2))
	// Signed before the leader's decision (the clock says 2026-03-01): it does not count.
	if st, _, docs = riskState(); st != model.InProgress || !docs[0].Signed {
		t.Fatalf("signed before the decision: %v %+v", st, docs)
	}
	s.Now = func() time.Time { return time.Date(2026, 4, 2, 9, 0, 0, 0, time.UTC) }
	rec2.ID, rec2.Number, rec2.Signature.At = 0, "X-RA-03", s.Now()
	rkMust(t, s.RecordDocumentExport(ctx, op, rec2))
	st, blocks, docs = riskState()
	if st != model.Done || len(blocks) != 0 || len(docs) != 1 || !docs[0].Signed || docs[0].Signer != "王明" {
		t.Fatalf("signed report: %v %+v %+v", st, blocks, docs)
	}
	xs, err := s.Exports(ctx, eng)
	if err != nil || xs[0].Signature == nil || xs[0].Signature.Code != "AAAA-BBBB-CCCC-DDDD" || xs[0].Signature.Ed25519FPR != k.Ed25519FPR || xs[2].Signature != nil {
		t.Fatalf("exports: %v %+v", err, xs)
	}
	// A later unsigned copy does not undo the signed approval (issue 16):
	// the panel lists it unsigned, naming the latest signed one.
	recU := &ExportRecord{EngagementID: eng, Number: "X-RA-04", Kind: "risk-report", Title: "风险评估报告", Version: "1.0", Lang: "zh-CN",
		Files: []ExportFile{{Path: "/out/d.pdf", Format: "pdf", Size: 1, SHA256: strings.Repeat("d", 64)}}}
	rkMust(t, s.RecordDocumentExport(ctx, op, recU))
	st, blocks, docs = riskState()
	if st != model.Done || len(blocks) != 0 || len(docs) != 1 || docs[0].Signed || docs[0].Number != "X-RA-04" ||
		docs[0].LastSigned != "X-RA-03" || docs[0].LastSignedOn != "2026-04-02" {
		t.Fatalf("unsigned after signed: %v %+v %+v", st, blocks, docs)
	}
	if n, err := s.NextDocumentSequence(ctx, eng, "risk-report"); err != nil || n != 5 {
		t.Fatalf("next sequence: %d %v", n, err)
	}
	// A revoked key signs nothing more: the export and its audit record are refused together.
	rkMust(t, s.RevokeKey(ctx, op, k.ID))
	before := count(t, s, "exports")
	rec3 := *rec2
	rec3.ID, rec3.Number = 0, "X-RA-05"
	if err := s.RecordDocumentExport(ctx, op, &rec3); !errors.Is(err, ErrKeyRevoked) {
		t.Fatalf("revoked key: %v", err)
	}
	if count(t, s, "exports") != before {
		t.Fatal("export recorded with a revoked key")
	}
}

func TestKeysFindAndRevoke(t *testing.T) {
	s, _ := openTemp(t)
	if _, err := s.CreateOperator(ctx, Operator{Name: "甲"}); err != nil {
		t.Fatal(err)
	}
	a := testKey("甲", "abcdefghijkl0123456789")
	b := testKey("乙", "abcdefZZZZZZ0123456789")
	b.Kind, b.OperatorID, b.Dir = KeyTrusted, 0, ""
	rkMust(t, s.AddKey(ctx, testOp, EventKeyCreate, a))
	rkMust(t, s.AddKey(ctx, testOp, EventKeyTrust, b))
	if err := s.AddKey(ctx, testOp, EventKeyCreate, testKey("甲", "zzzzzzzzzz")); !errors.Is(err, ErrKeyInForce) {
		t.Fatalf("second own key: %v", err)
	}
	if k, err := s.FindKey(ctx, "abcdefg"); err != nil || k.ID != a.ID {
		t.Fatalf("prefix: %v %+v", err, k)
	}
	if _, err := s.FindKey(ctx, "abcdef"); err == nil {
		t.Fatal("ambiguous prefix found one")
	}
	if k, err := s.FindKey(ctx, "2"); err != nil || k.Name != "乙" {
		t.Fatalf("by id: %v", err)
	}
	if _, err := s.FindKey(ctx, "nothing"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown: %v", err)
	}
	keys, err := s.Keys(ctx)
	if err != nil || len(keys) != 2 || keys[0].Kind != KeyOwn || keys[1].Kind != KeyTrusted {
		t.Fatalf("keys: %v %+v", err, keys)
	}
	rkMust(t, s.RevokeKey(ctx, testOp, b.ID))
	if err := s.RevokeKey(ctx, testOp, b.ID); !errors.Is(err, ErrKeyRevoked) {
		t.Fatalf("twice: %v", err)
	}
	got, _ := s.KeysByFingerprint(ctx, b.Ed25519FPR)
	if len(got) != 1 || !got[0].Revoked() {
		t.Fatalf("by fingerprint: %+v", got)
	}
	// Every change is in the audit trail.
	var events []string
	recs, _ := s.AuditLog(ctx, 10)
	for _, r := range recs {
		events = append(events, r.Event)
	}
	joined := strings.Join(events, ",")
	for _, e := range []string{EventKeyCreate, EventKeyTrust, EventKeyRevoke} {
		if !strings.Contains(joined, e) {
			t.Errorf("no %s in %s", e, joined)
		}
	}
}
