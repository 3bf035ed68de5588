package store

import (
	"context"
	"path/filepath"
	"testing"
)

func TestSmoke(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	op, err := s.CreateOperator(ctx, Operator{Name: "张三", Role: "科员", Unit: "信息处"})
	if err != nil {
		t.Fatal(err)
	}
	e, err := s.LoadSample(ctx, op, "zh-CN")
	if err != nil {
		t.Fatal(err)
	}
	t.Log(e.Code, e.UID)
	es, err := s.Engagements(ctx)
	if err != nil || len(es) != 1 || len(es[0].Managers) != 2 {
		t.Fatal(err, es)
	}
	v, err := s.VerifyAudit(ctx)
	t.Log(v, err)
	if v.Break != nil || v.Records != 2 {
		t.Fatal(v)
	}
}
