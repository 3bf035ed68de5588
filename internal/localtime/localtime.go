// Package localtime shows times where the user is (issue 16): the system's
// zone — Beijing time on a Chinese workstation — on every screen and in
// every document, while storage, case files and signatures keep UTC. A
// document or a line that shows times names the zone once, as an offset
// ("UTC+08:00"), which unlike an abbreviation ("CST") is unambiguous.
package localtime

import (
	"fmt"
	"time"
	_ "time/tzdata" // TZ=Asia/Shanghai works on a system without a zoneinfo folder
)

// Layout is how a time is shown: to the second, without the zone.
const Layout = "2006-01-02 15:04:05"

// Format is t in the local zone, to the second.
func Format(t time.Time) string { return t.In(time.Local).Format(Layout) }

// Zone names the local zone at t as an offset from UTC: "UTC+08:00", "UTC".
func Zone(t time.Time) string {
	_, off := t.In(time.Local).Zone()
	if off == 0 {
		return "UTC"
	}
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	return fmt.Sprintf("UTC%c%02d:%02d", sign, off/3600, off%3600/60)
}

// WithZone is t in the local zone with the zone named: "2026-03-01 17:00:00 (UTC+08:00)".
func WithZone(t time.Time) string { return Format(t) + " (" + Zone(t) + ")" }
