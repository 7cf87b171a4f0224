#!/usr/bin/env bash
# Peak memory of the .evtx reader and of a full scan on large .evtx files, to show that memory
# does not grow with the file's size. A benchmark run by hand, not part of the test suite: it
# writes a 64 MB and a 512 MB file in /tmp (deleted afterwards) and takes a minute or two.
#
#   tools/bench/evtx_memory.sh [BUILD_DIR] [SOURCE_DIR] [SIZE_MB...]
#       BUILD_DIR   default build/ (needs tools/kbmatch and tools/kbmatch_read_speed)
#       SOURCE_DIR  default ../shared/evtx-attack: the real .evtx files whose chunks are repeated
#       SIZE_MB     default 64 512
#   Environment: CPU=0 (core to pin to with taskset, when it exists).
#
# Each file is built by tools/bench/make_big_evtx.py (the source chunks repeated, record ids and
# CRCs patched), checked with evtxinfo when it is installed (its record count must equal the
# generator's), then read by kbmatch_read_speed (the reader alone; peak RSS from /usr/bin/time)
# and scanned with `kbmatch scan --format json` (tools/bench/measure_scan.sh; its peak memory).
# Read the table by columns: the peak RSS figures should stay flat from the small file to the
# large one while events and bytes grow eightfold.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${1:-$root/build}"
src="${2:-$root/../shared/evtx-attack}"
sizes=("${@:3}")
(( ${#sizes[@]} > 0 )) || sizes=(64 512)
kbmatch="$build/tools/kbmatch"
speed="$build/tools/kbmatch_read_speed"
for tool in "$kbmatch" "$speed"; do
  [[ -x "$tool" ]] || { echo "evtx_memory: $tool not found (build it: cmake --build $build)" >&2; exit 2; }
done
pin=()
command -v taskset > /dev/null && pin=(taskset -c "${CPU:-0}")
work="$(mktemp -d /tmp/kbmatch-evtx-memory.XXXXXX)"
trap 'rm -rf "$work"' EXIT
results="$work/results.tsv"

for size in "${sizes[@]}"; do
  big="$work/big-${size}MB.evtx"
  records=$(python3 "$root/tools/bench/make_big_evtx.py" "$big" "$size" "$src")
  bytes=$(stat -c %s "$big")
  evtxinfo_records="-"
  if command -v evtxinfo > /dev/null; then
    evtxinfo_records=$(evtxinfo "$big" | sed -n 's/^[[:space:]]*Number of records[[:space:]]*: *//p')
  fi
  /usr/bin/time -f "%e %M" -o "$work/time" "${pin[@]}" "$speed" "$big" > "$work/speed.out" 2> "$work/speed.err" || true
  read -r _ read_kb < <(tail -n 1 "$work/time")
  read_events=$(awk '$1 == "events" { print $2 }' "$work/speed.out")
  read_mbps=$(awk '$1 == "MB/s" { print $2 }' "$work/speed.out")
  "${pin[@]}" "$root/tools/bench/measure_scan.sh" "$kbmatch" events "$big" > "$work/scan.out" 2> "$work/scan.err" || true
  scan=$(python3 - "$work/scan.out" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
m_in = re.search(r"input\s+[\d,.]+ MB, ([\d,]+) events", text)
m_t = re.search(r"\(([\d,]+) MB/s", text)
m_m = re.search(r"peak memory\s+([\d,.]+) MB", text)
num = lambda m: m.group(1).replace(",", "") if m else "0"
print(f"{num(m_in)}\t{num(m_t)}\t{int(float(num(m_m)) * 1024)}")
PY
)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$bytes" "$records" "$evtxinfo_records" "${read_events:-0}" \
    "${read_mbps:-0}" "${read_kb:-0}" "$scan" >> "$results"
  rm -f "$big"
done

python3 - "$results" <<'PY'
import sys
print(f"{'file':>10}{'records':>11}{'evtxinfo':>10}{'reader events':>15}{'reader MB/s':>13}{'reader peak':>13}"
      f"{'scan events':>13}{'scan MB/s':>11}{'scan peak':>11}")
for line in open(sys.argv[1]):
    size, records, info, rev, rmbps, rkb, sev, smbps, skb = line.rstrip("\n").split("\t")
    info = f"{int(info):,}" if info.isdigit() else info
    print(f"{int(size) / 1e6:>7.0f} MB{int(records):>11,}{info:>10}{int(rev):>15,}{float(rmbps):>13.1f}"
          f"{int(rkb) / 1024:>10.1f} MB{int(sev):>13,}{float(smbps):>11.0f}{int(skb) / 1024:>8.1f} MB")
PY
