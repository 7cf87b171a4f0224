#!/usr/bin/env bash
# Regenerates the drafted signature library, signatures/drafted/, from the archived KB articles
# in ../shared/kb/md (one draft per article whose SYMPTOMS quote logged events or a crash), and
# the extraction the suite's self-checks read, tests/draft/selfcheck/extracted.jsonl (one
# `kbmatch draft --format json` line per drafted article). Needs ../shared; the suite does not.
#   tools/draft_library.sh [BUILD_DIR]      (default build/; run tools/setup.sh build first)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
shared="$root/../shared"
kbmatch="$build/tools/kbmatch"
[[ -x "$kbmatch" ]] || { echo "draft_library: $kbmatch not found (build it first)" >&2; exit 2; }
[[ -d "$shared/kb/md" ]] || { echo "draft_library: $shared/kb/md not found" >&2; exit 2; }
library="$root/signatures/drafted"
extracted="$root/tests/draft/selfcheck/extracted.jsonl"
rm -f "$library"/Q*.yaml
mkdir -p "$library" "$(dirname "$extracted")"
# Run from ../shared so every draft cites its article as kb/md/NNN/QNNNNNN.md.
cd "$shared"
find kb/md -name 'Q*.md' -print0 | sort -z | xargs -0 "$kbmatch" draft --output "$library" 2> /dev/null || true
declare -A article_of
while IFS= read -r -d '' f; do article_of["$(basename "$f" .md)"]="$f"; done < <(find kb/md -name 'Q*.md' -print0)
drafted=()
for yaml in "$library"/Q*.yaml; do drafted+=("${article_of[$(basename "$yaml" .yaml)]}"); done
"$kbmatch" draft --format json "${drafted[@]}" > "$extracted"
echo "$(ls "$library"/Q*.yaml | wc -l) drafts in $library; extraction in $extracted"
"$kbmatch" lint --signatures "$library"
