#!/usr/bin/env bash
# Runs `kbmatch scan --format json` once on PATH... and prints its time, throughput, peak memory
# and findings; shared by the benchmarks here (not part of the test suite).
#   tools/bench/measure_scan.sh KBMATCH_BINARY RECORD_NOUN PATH...
# RECORD_NOUN names what the stats' "events" count in that input ("events", "records").
# SCAN_FLAGS (environment) adds options to the scan, e.g. SCAN_FLAGS=--drafted.
set -euo pipefail
kbmatch="$1" noun="$2"
shift 2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
bytes=$(du -cb "$@" | tail -n 1 | cut -f1)
status=0
/usr/bin/time -f "%e %M" -o "$work/time" "$kbmatch" scan --format json ${SCAN_FLAGS:-} "$@" > "$work/out.json" || status=$?
read -r seconds peak_kb < <(tail -n 1 "$work/time")
python3 - "$work/out.json" "$bytes" "$seconds" "$peak_kb" "$status" "$noun" <<'PY'
import json, sys
out, size, secs, peak, status, noun = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
r = json.load(open(out))
found = [(f["article"], f["confidence"], f["computer"]) for f in r["findings"]]
print(f"input        {size / 1e6:,.0f} MB, {r['stats']['events']:,} {noun}, {r['stats']['skipped']} skipped")
print(f"time         {secs:.1f} s  ({size / 1e6 / max(secs, 0.001):,.0f} MB/s, {r['stats']['events'] / max(secs, 0.001):,.0f} {noun}/s)")
print(f"peak memory  {peak / 1024:,.1f} MB (max resident set size)")
print(f"findings     {found}  exit status {status}")
PY
