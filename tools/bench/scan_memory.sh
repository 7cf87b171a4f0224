#!/usr/bin/env bash
# Peak memory and throughput of `kbmatch scan` on a large XML export (not part of the test suite:
# it writes a file of SIZE_MB, 1 GB by default, and takes a minute or so). With --drafted, the
# same file is scanned twice, with the curated signatures alone and with the drafted library
# (`scan --drafted`), to show what the library costs.
#   tools/bench/scan_memory.sh [--drafted] [SIZE_MB] [KBMATCH_BINARY]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
compare_drafted=false
if [[ "${1:-}" == "--drafted" ]]; then
  compare_drafted=true
  shift
fi
size="${1:-1024}"
kbmatch="${2:-$root/build/tools/kbmatch}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 "$root/tools/bench/make_big_export.py" "$work/System.xml" "$size"
if ! $compare_drafted; then
  "$root/tools/bench/measure_scan.sh" "$kbmatch" events "$work/System.xml"
  exit
fi
echo "== curated signatures only"
"$root/tools/bench/measure_scan.sh" "$kbmatch" events "$work/System.xml"
echo "== curated + drafted library (--drafted)"
SCAN_FLAGS=--drafted "$root/tools/bench/measure_scan.sh" "$kbmatch" events "$work/System.xml"
