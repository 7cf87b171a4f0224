#!/usr/bin/env bash
# What the drafted library (kbmatch scan --drafted, 1,500 signatures) costs over the curated five
# alone, on a large XML export: the same file scanned both ways, time and memory side by side.
# Not part of the test suite: it writes a file of SIZE_MB (1 GB by default) and takes minutes.
#   tools/bench/drafted_speed.sh [SIZE_MB] [KBMATCH_BINARY]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
size="${1:-1024}"
kbmatch="${2:-$root/build/tools/kbmatch}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 "$root/tools/bench/make_big_export.py" "$work/System.xml" "$size"
echo "== curated signatures only"
"$root/tools/bench/measure_scan.sh" "$kbmatch" events "$work/System.xml"
echo "== curated + drafted library (--drafted)"
SCAN_FLAGS=--drafted "$root/tools/bench/measure_scan.sh" "$kbmatch" events "$work/System.xml"
