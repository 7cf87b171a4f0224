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
"$root/tools/bench/measure_scan.sh" "$kbmatch" records "$work"
