#!/usr/bin/env bash
# Peak memory and throughput of `kbmatch scan` on a large XML export (not part of the test suite:
# it writes a file of SIZE_MB, 1 GB by default, and takes a minute or so).
#   tools/bench/scan_memory.sh [SIZE_MB] [KBMATCH_BINARY]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
size="${1:-1024}"
kbmatch="${2:-$root/build/tools/kbmatch}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 "$root/tools/bench/make_big_export.py" "$work/System.xml" "$size"
bytes=$(stat -c %s "$work/System.xml")
status=0
/usr/bin/time -f "%e %M" -o "$work/time" "$kbmatch" scan --format json "$work/System.xml" > "$work/out.json" || status=$?
read -r seconds peak_kb < <(tail -n 1 "$work/time")
python3 - "$work/out.json" "$bytes" "$seconds" "$peak_kb" "$status" <<'PY'
import json, sys
out, size, secs, peak, status = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
r = json.load(open(out))
found = [(f["article"], f["confidence"], f["computer"]) for f in r["findings"]]
print(f"input        {size / 1e6:,.0f} MB, {r['stats']['events']:,} events, {r['stats']['skipped']} skipped")
print(f"time         {secs:.1f} s  ({size / 1e6 / max(secs, 0.001):,.0f} MB/s, {r['stats']['events'] / max(secs, 0.001):,.0f} events/s)")
print(f"peak memory  {peak / 1024:,.1f} MB (max resident set size)")
print(f"findings     {found}  exit status {status}")
PY
