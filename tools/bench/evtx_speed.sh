#!/usr/bin/env bash
# Reading speed of the native .evtx reader, side by side with libyal's evtxexport, on one core.
# A corpus benchmark run by hand, not part of the test suite (it needs libevtx-utils and GNU time,
# and takes about half a minute on the 277 EVTX-ATTACK samples).
#
#   tools/bench/evtx_speed.sh [BUILD_DIR] [DIR]
#       BUILD_DIR  default build/ (needs tools/kbmatch and tools/kbmatch_read_speed in it)
#       DIR        default ../shared/evtx-attack (every *.evtx below it, case-insensitive)
#   Environment: RUNS=3 (repetitions of the kbmatch measurements; the best is kept),
#                EVTXEXPORT_RUNS=3 (repetitions of the evtxexport loop), CPU=0 (core to pin to).
#
# What is measured, all pinned to one core with `taskset -c $CPU` when taskset exists:
#   (a) evtxexport -f xml FILE > /dev/null, one process per file, in a loop: total wall time
#       (/usr/bin/time), peak RSS = the largest of the processes. Events = "<Event " lines that
#       evtxexport writes (counted in a separate, untimed pass).
#   (b) kbmatch_read_speed FILE... : the reader alone (open_reader + Reader::next on one thread);
#       its own timer, event count and MB/s; peak RSS from /usr/bin/time.
#   (c) kbmatch scan --format json FILE... : the full scan, through tools/bench/measure_scan.sh
#       (its time, MB/s, events/s and peak memory; /usr/bin/time's resolution is 10 ms, so on a
#       0.1 s run this row is only good to about 10%).
#   (d) kbmatch events --format jsonl FILE... > /dev/null : reading plus JSON output; events from
#       its "N event(s) read" line.
# Bytes = the sum of the .evtx files' sizes, the same for every row, so MB/s compare directly.
# speed-up = a row's MB/s over evtxexport's. The target (issue): (b) and (c) at least 30 times
# evtxexport's throughput; memory: see tools/bench/evtx_memory.sh. "cpu s" is user + system time
# of the whole process(es): on a busy machine wall times swing by 2x, CPU times much less, so
# compare those when other jobs are running (check `uptime`).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${1:-$root/build}"
dir="${2:-$root/../shared/evtx-attack}"
runs="${RUNS:-3}"
export_runs="${EVTXEXPORT_RUNS:-3}"
cpu="${CPU:-0}"
kbmatch="$build/tools/kbmatch"
speed="$build/tools/kbmatch_read_speed"
for tool in "$kbmatch" "$speed"; do
  [[ -x "$tool" ]] || { echo "evtx_speed: $tool not found (build it: cmake --build $build)" >&2; exit 2; }
done
command -v evtxexport > /dev/null || { echo "evtx_speed: evtxexport not found (libevtx-utils)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "evtx_speed: /usr/bin/time not found (GNU time)" >&2; exit 2; }
pin=()
pin_note="not pinned (no taskset)"
if command -v taskset > /dev/null; then
  pin=(taskset -c "$cpu")
  pin_note="pinned to CPU $cpu (taskset)"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mapfile -d '' files < <(find "$dir" -type f -iname '*.evtx' -print0 | sort -z)
(( ${#files[@]} > 0 )) || { echo "evtx_speed: no .evtx files under $dir" >&2; exit 2; }
bytes=$(printf '%s\0' "${files[@]}" | du -cb --files0-from=- | tail -n 1 | cut -f1)
echo "evtx_speed: $pin_note; best of $runs run(s) for kbmatch, $export_runs evtxexport loop(s)"

results="$work/results.tsv"  # label, seconds, events, peak_kb, mbps ("" = bytes/seconds), cpu seconds

# (a) evtxexport, one process per file.
best_a="" best_a_kb=0
for ((i = 0; i < export_runs; i++)); do
  # shellcheck disable=SC2016  # expanded by the inner shell
  /usr/bin/time -f "%e %M %U %S" -o "$work/time" "${pin[@]}" bash -c \
    'for f in "$@"; do evtxexport -f xml "$f" > /dev/null 2>&1 || true; done' _ "${files[@]}"
  read -r secs kb user sys < <(tail -n 1 "$work/time")
  if [[ -z "$best_a" ]] || awk -v a="$secs" -v b="$best_a" 'BEGIN { exit !(a < b) }'; then
    best_a="$secs" best_a_kb="$kb" cpu_a=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
  fi
done
# shellcheck disable=SC2016  # expanded by the inner shell
events_a=$(printf '%s\0' "${files[@]}" | xargs -0 -P "$(nproc)" -n 1 sh -c \
  'evtxexport -f xml "$1" 2> /dev/null | grep -c "<Event " || true' _ | awk '{ s += $1 } END { print s + 0 }')
printf 'evtxexport -f xml (1 process per file)\t%s\t%s\t%s\t\t%s\n' "$best_a" "$events_a" "$best_a_kb" "$cpu_a" \
  >> "$results"

# (b) the reader alone.
best_b="" line_b=""
for ((i = 0; i < runs; i++)); do
  /usr/bin/time -f "%e %M %U %S" -o "$work/time" "${pin[@]}" "$speed" "${files[@]}" > "$work/speed.out" \
    2> "$work/speed.err" || true
  secs=$(awk '$1 == "seconds" { print $2 }' "$work/speed.out")
  [[ -n "$secs" ]] || { echo "evtx_speed: kbmatch_read_speed failed:" >&2; cat "$work/speed.err" >&2; exit 1; }
  if [[ -z "$best_b" ]] || awk -v a="$secs" -v b="$best_b" 'BEGIN { exit !(a < b) }'; then
    best_b="$secs"
    events=$(awk '$1 == "events" { print $2 }' "$work/speed.out")
    read -r _ kb user sys < <(tail -n 1 "$work/time")
    line_b=$(printf 'kbmatch_read_speed (reader alone)\t%s\t%s\t%s\t\t%s' "$secs" "$events" "$kb" \
      "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')")
    diag_b=$(awk '$1 == "diagnostics" || $1 == "failed" || $1 == "skipped" { $1 = $1; printf "%s; ", $0 }' "$work/speed.out")
  fi
done
echo "$line_b" >> "$results"

# (c) the full scan, through measure_scan.sh (prints "time  S s  (M MB/s, E events/s)" etc.).
best_c="" line_c=""
for ((i = 0; i < runs; i++)); do
  "${pin[@]}" "$root/tools/bench/measure_scan.sh" "$kbmatch" events "${files[@]}" > "$work/scan.out" 2> "$work/scan.err" || true
  python3 - "$work/scan.out" > "$work/scan.tsv" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
m_in = re.search(r"input\s+[\d,.]+ MB, ([\d,]+) events", text)
m_t = re.search(r"time\s+([\d.]+) s\s+\(([\d,]+) MB/s, ([\d,]+) events/s\)", text)
m_m = re.search(r"peak memory\s+([\d,.]+) MB", text)
if not (m_in and m_t and m_m):
    sys.exit(1)
num = lambda s: float(s.replace(",", ""))
print(f"{num(m_t.group(1))}\t{int(num(m_in.group(1)))}\t{int(num(m_m.group(1)) * 1024)}\t{num(m_t.group(2))}")
PY
  [[ -s "$work/scan.tsv" ]] || { echo "evtx_speed: measure_scan.sh failed:" >&2; cat "$work/scan.out" "$work/scan.err" >&2; exit 1; }
  IFS=$'\t' read -r secs events kb mbps < "$work/scan.tsv"
  if [[ -z "$best_c" ]] || awk -v a="$mbps" -v b="$best_c" 'BEGIN { exit !(a > b) }'; then
    best_c="$mbps"
    line_c=$(printf 'kbmatch scan --format json\t%s\t%s\t%s\t%s' "$secs" "$events" "$kb" "$mbps")
  fi
done
echo "$line_c" >> "$results"

# (d) events as JSON Lines.
best_d="" line_d=""
for ((i = 0; i < runs; i++)); do
  /usr/bin/time -f "%e %M %U %S" -o "$work/time" "${pin[@]}" "$kbmatch" events --format jsonl "${files[@]}" \
    > /dev/null 2> "$work/events.err" || true
  read -r secs kb user sys < <(tail -n 1 "$work/time")
  events=$(sed -n 's/^kbmatch: \([0-9]*\) event(s) read.*/\1/p' "$work/events.err" | tail -n 1)
  if [[ -z "$best_d" ]] || awk -v a="$secs" -v b="$best_d" 'BEGIN { exit !(a < b) }'; then
    best_d="$secs"
    line_d=$(printf 'kbmatch events --format jsonl\t%s\t%s\t%s\t\t%s' "$secs" "${events:-0}" "$kb" \
      "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')")
  fi
done
echo "$line_d" >> "$results"

python3 - "$results" "$bytes" "${#files[@]}" "$dir" <<'PY'
import sys
path, size, nfiles, where = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rows, cpus = [], []
for line in open(path):
    label, secs, events, kb, mbps, cpu = (line.rstrip("\n").split("\t") + [""] * 6)[:6]
    cpus.append(f"{float(cpu):.2f}" if cpu else "-")
    secs, events, kb = float(secs), int(events or 0), int(kb or 0)
    if mbps:  # measure_scan.sh rounds seconds to 0.1 s; its MB/s (whole MB/s) is the finer figure
        mbps = float(mbps)
        secs = size / 1e6 / max(mbps, 1e-9)
    else:
        mbps = size / 1e6 / max(secs, 1e-9)
    rows.append((label, secs, mbps, events / max(secs, 1e-9), kb, events))
base = rows[0][2]
print(f"{nfiles} .evtx files, {size:,} bytes ({size / 1e6:.1f} MB) under {where}")
print(f"{'tool':<44}{'seconds':>9}{'MB/s':>10}{'events/s':>12}{'peak RSS':>11}{'events':>9}{'speed-up':>10}"
      f"{'cpu s':>8}")
for i, (label, secs, mbps, eps, kb, events) in enumerate(rows):
    label = f"({'abcd'[i]}) {label}"
    up = f"{mbps / base:.1f}x" if base > 0 and events else "n/a"
    print(f"{label:<44}{secs:>9.3f}{mbps:>10.1f}{eps:>12,.0f}{kb / 1024:>8.1f} MB{events:>9,}{up:>10}{cpus[i]:>8}")
print("seconds: wall time ((b): the reader's own timer, without process start); cpu s: user + system time "
      "from /usr/bin/time, whole process (less sensitive to a busy machine)")
for i in (1, 2):
    label, _, mbps, _, _, events = rows[i]
    if events == 0:
        print(f"({'abcd'[i]}) read no events: is the native .evtx reader finished? (speed-up not meaningful)")
    else:
        verdict = "meets" if mbps >= 30 * base else "misses"
        print(f"({'abcd'[i]}) {mbps / base:.1f}x evtxexport: {verdict} the 30x target")
if rows[1][5] and rows[1][5] != rows[0][5]:
    print(f"note: the reader returned {rows[1][5]:,} events, evtxexport wrote {rows[0][5]:,}")
PY
echo "kbmatch_read_speed: ${diag_b:-}"
