#!/usr/bin/env bash
# Peak memory and throughput of `kbmatch scan` on a large counter log (not part of the test suite:
# it writes a PDH-CSV of SIZE_MB, 512 MB by default, plus a small program log, and takes a few
# minutes). Shows that memory stays bounded by the samples kept per series, not the log's size.
#   tools/bench/counter_log_memory.sh [SIZE_MB] [KBMATCH_BINARY]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
size="${1:-512}"
kbmatch="${2:-$root/build/tools/kbmatch}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 "$root/tools/bench/make_big_counter_log.py" "$work" "$size"
bytes=$(du -cb "$work"/* | tail -n 1 | cut -f1)
status=0
/usr/bin/time -f "%e %M" -o "$work/time" "$kbmatch" scan --format json -q "$work" > "$work/out.json" || status=$?
read -r seconds peak_kb < <(tail -n 1 "$work/time")
python3 - "$work/out.json" "$bytes" "$seconds" "$peak_kb" "$status" <<'PY'
import json, sys
out, size, secs, peak, status = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
r = json.load(open(out))
found = [(f["article"], f["confidence"], f["computer"]) for f in r["findings"]]
print(f"input        {size / 1e6:,.0f} MB, {r['stats']['events']:,} records (samples and log lines), {r['stats']['skipped']} skipped")
print(f"time         {secs:.1f} s  ({size / 1e6 / max(secs, 0.001):,.0f} MB/s, {r['stats']['events'] / max(secs, 0.001):,.0f} records/s)")
print(f"peak memory  {peak / 1024:,.1f} MB (max resident set size)")
print(f"findings     {found}  exit status {status}")
PY
