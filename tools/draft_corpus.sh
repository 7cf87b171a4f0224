#!/usr/bin/env bash
# Drafts a signature from every KB article of a directory and prints the corpus figures: articles
# read, articles that are no KB article, articles whose SYMPTOMS quote logged events (a draft each),
# articles with mentions in passing only or none, drafts written, and whether all of them load.
# A corpus tool over ../shared (not part of the test suite).
#   tools/draft_corpus.sh [BUILD_DIR] [ARTICLE_DIR] [OUTPUT_DIR]
#       defaults: build/, ../shared/kb/md, a temporary directory (removed afterwards)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build}"
articles="${2:-$root/../shared/kb/md}"
kbmatch="$build/tools/kbmatch"
[[ -x "$kbmatch" ]] || { echo "draft_corpus: $kbmatch not found (build it first)" >&2; exit 2; }
if [[ -n "${3:-}" ]]; then
  out="$3"
else
  out="$(mktemp -d)"
  trap 'rm -rf "$out"' EXIT
fi
mapfile -d '' files < <(find "$articles" -type f \( -iname '*.md' -o -iname '*.txt' \) -print0 | sort -z)
errors="$(mktemp)"
trap 'rm -f "$errors"; [[ -n "${3:-}" ]] || rm -rf "$out"' EXIT
start=$(date +%s%N)
status=0
printf '%s\0' "${files[@]}" | xargs -0 "$kbmatch" draft --output "$out" 2> "$errors" || status=$?
millis=$(( ($(date +%s%N) - start) / 1000000 ))
drafts=$(find "$out" -name '*.yaml' | wc -l)
failures=$(grep -c ': error: ' "$errors" || true)
passing=$(grep -c 'event IDs only in passing' "$errors" || true)
none=$(grep -c 'no signature drafted' "$errors" || true)
echo "articles read          ${#files[@]} (under $articles)"
echo "not a KB article       $failures"
echo "with symptoms found    $drafts (events or crashes to test; one draft each)"
echo "mentions in passing    $passing (no draft)"
echo "nothing to test        $((none - passing)) (no draft)"
echo "drafts written         $drafts in ${millis} ms to $out"
if [[ "$drafts" -gt 0 ]]; then
  echo -n "drafts loaded          "
  "$kbmatch" lint --signatures "$out"
fi
grep ': error: ' "$errors" | head -20 || true
exit "$status"
