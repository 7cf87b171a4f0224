#!/usr/bin/env bash
# What --state costs (not part of the test suite: it writes a file of SIZE_MB, 512 MB by default).
# The same export is scanned three times: without a state, with a fresh state (the first batch of
# a pipeline), and again with the state that run saved (every event already read), printing each
# run's time and peak memory, and the state file's size.
#   tools/bench/scan_state.sh [SIZE_MB] [KBMATCH_BINARY]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
size="${1:-512}"
kbmatch="${2:-$root/build/tools/kbmatch}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 "$root/tools/bench/make_big_export.py" "$work/System.xml" "$size"
echo "== without a state"
"$root/tools/bench/measure_scan.sh" "$kbmatch" events "$work/System.xml"
echo "== --state, first run (fresh state)"
SCAN_FLAGS="--state $work/state" "$root/tools/bench/measure_scan.sh" "$kbmatch" events "$work/System.xml"
echo "state file   $(du -b "$work/state" | cut -f1) bytes"
echo "== --state, the same export again (every event already read: no finding)"
SCAN_FLAGS="--state $work/state" "$root/tools/bench/measure_scan.sh" "$kbmatch" events "$work/System.xml"
echo "state file   $(du -b "$work/state" | cut -f1) bytes"
