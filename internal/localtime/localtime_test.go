package localtime

import (
	"testing"
	"time"
)

func TestBeijingTime(t *testing.T) {
	saved := time.Local
	t.Cleanup(func() { time.Local = saved })
	sh, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err) // embedded tzdata: never on a system without zoneinfo either
	}
	time.Local = sh
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	if got := WithZone(at); got != "2026-03-01 17:00:00 (UTC+08:00)" {
		t.Fatal(got)
	}
	time.Local = time.UTC
	if got := WithZone(at); got != "2026-03-01 09:00:00 (UTC)" {
		t.Fatal(got)
	}
	time.Local = time.FixedZone("x", -(3*3600 + 1800))
	if got := Zone(at); got != "UTC-03:30" {
		t.Fatal(got)
	}
}
