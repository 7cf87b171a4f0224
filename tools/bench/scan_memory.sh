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
"$root/tools/bench/measure_scan.sh" "$kbmatch" events "$work/System.xml"
