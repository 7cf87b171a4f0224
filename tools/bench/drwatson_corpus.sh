#!/usr/bin/env bash
# Corpus-scale check of the Dr. Watson log reader (not part of the test suite: it needs the shared
# corpus of drwtsn32.log excerpts next to the project). Reads the corpus with `kbmatch events`
# and prints how many crash records came out and how many carry each fact, so a reader change
# that loses a shape shows up as a drop in a count.
#   tools/bench/drwatson_corpus.sh [CORPUS] [KBMATCH_BINARY]
# The corpus file concatenates many excerpts, so facts of an excerpt that has no "Application
# exception occurred:" line of its own land in the section before it; use --list to see them.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
list=0
if [[ "${1:-}" == "--list" ]]; then
  list=1
  shift
fi
corpus="${1:-$root/../shared/formats/drwatson-drwtsn32-log.txt}"
kbmatch="${2:-$root/build/tools/kbmatch}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0
"$kbmatch" events --format jsonl "$corpus" > "$work/events.jsonl" 2> "$work/stderr" || status=$?
python3 - "$work/events.jsonl" "$work/stderr" "$corpus" "$status" "$list" <<'PY'
import json, re, sys
events_path, stderr_path, corpus, status, show = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5] == "1"
events = [json.loads(l) for l in open(events_path, encoding="utf-8") if l.strip()]
stderr = open(stderr_path, encoding="utf-8", errors="replace").read()
text = open(corpus, encoding="utf-8", errors="replace").read()
sections = text.count("Application exception occurred:")
crash = [e.get("crash") or {} for e in events]
def count(pred):
    return sum(1 for c, e in zip(crash, events) if pred(c, e))
m = re.search(r"(\d+) damaged record\(s\) skipped", stderr)
skipped = int(m.group(1)) if m else None
rows = [
    ("records", len(events)),
    ("with app", count(lambda c, e: c.get("app"))),
    ("with pid", count(lambda c, e: c.get("pid") is not None)),
    ("with time", count(lambda c, e: e.get("time"))),
    ("with exception", count(lambda c, e: c.get("exception_code"))),
    ("with function", count(lambda c, e: c.get("function"))),
    ("with fault", count(lambda c, e: c.get("fault_instruction"))),
    ("with module", count(lambda c, e: c.get("module"))),
    ("with frames", count(lambda c, e: c.get("frames"))),
    ("with modules", count(lambda c, e: c.get("modules"))),
    ("with computer", count(lambda c, e: e.get("computer"))),
    ("with os build", count(lambda c, e: c.get("os_build"))),
]
print(f"corpus       {corpus}: {sections} \"Application exception occurred:\" line(s)")
for name, n in rows:
    print(f"{name:<16}{n:>5}")
errors = len(re.findall(r"error\[", stderr))
warnings = len(re.findall(r"warning\[", stderr))
print(f"{'skipped':<16}{skipped if skipped is not None else '?':>5}   ({errors} error diagnostic(s) on stderr)")
print(f"{'warnings':<16}{warnings:>5}")
if skipped is not None and len(events) + skipped != sections:
    print(f"MISMATCH: records + skipped = {len(events) + skipped}, sections = {sections}")
print(f"exit status  {status}")
print("top processes ", sorted({c.get('process') for c in crash if c.get('process')})[:40])
if show:
    for c, e in zip(crash, events):
        line = e.get("origin", {}).get("line")
        print(f"--- line {line}: {c.get('app')!r} pid={c.get('pid')} code={c.get('exception_code')} "
              f"({c.get('exception_name')}) time={e.get('time')!r}")
        print(f"    function={c.get('function')!r} module={c.get('module')!r} fault={c.get('fault_instruction')!r}")
        if c.get("frames"):
            print(f"    frames={c['frames'][:6]}{' ...' if len(c['frames']) > 6 else ''}")
PY
