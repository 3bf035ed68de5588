package markdown

import (
	"testing"

	"outsec/templates/render"
)

func TestNormalise(t *testing.T) {
	in := "\ufeff# T  \r\n\r\n\r\n\ntext\t\r\n- a\n"
	want := "# T\n\ntext\n- a\n"
	got, _ := Render(&render.Document{Source: []byte(in)})
	if string(got) != want {
		t.Fatalf("%q", got)
	}
	if again := Normalise(got); string(again) != want {
		t.Fatalf("not idempotent: %q", again)
	}
}
