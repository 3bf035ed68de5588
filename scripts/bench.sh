#!/usr/bin/env bash
# make bench: runs the Go benchmarks and checks the figures the issues set.
#   start to first frame          < 100 ms   (tui BenchmarkFirstFrame)
#   key press, 10,000 engagements < 2 ms median (tui BenchmarkKeyPress10k, metric ms/key-median)
# Prints every benchmark line, then a summary with the median of the runs.
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${COUNT:-5}
out=$(mktemp)
trap 'rm -f "$out"' EXIT

echo "== go test -bench (count=$COUNT) on $(nproc) cores, $(go version | cut -d' ' -f3)"
go test -run '^$' -bench . -benchmem -count "$COUNT" ./... | tee "$out"

median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) {print "n/a"} else if (NR%2) {print a[(NR+1)/2]} else {print (a[NR/2]+a[NR/2+1])/2}}'; }
# value of the metric named $2 on the lines of benchmark $1
metric() { awk -v b="$1" -v m="$2" '$1 ~ "^"b"(-[0-9]+)?$" {for (i=2;i<NF;i++) if ($(i+1)==m) print $i}' "$out"; }

ff=$(metric BenchmarkFirstFrame ns/op | median)
kp=$(metric BenchmarkKeyPress10k ms/key-median | median)
kpmean=$(metric BenchmarkKeyPress10k ns/op | median)

status=0
echo
echo "== summary (median of $COUNT runs)"
if [ "$ff" != n/a ]; then
	ffms=$(awk -v n="$ff" 'BEGIN{printf "%.2f", n/1e6}')
	verdict=$(awk -v v="$ffms" 'BEGIN{print (v<100)?"ok":"OVER TARGET"}')
	echo "start to first frame:            ${ffms} ms   (target < 100 ms)  $verdict"
	[ "$verdict" = ok ] || status=1
fi
if [ "$kp" != n/a ]; then
	verdict=$(awk -v v="$kp" 'BEGIN{print (v<2)?"ok":"OVER TARGET"}')
	echo "key press, 10,000 engagements:   ${kp} ms median, $(awk -v n="$kpmean" 'BEGIN{printf "%.3f", n/1e6}') ms mean   (target < 2 ms median)  $verdict"
	[ "$verdict" = ok ] || status=1
fi
exit $status
