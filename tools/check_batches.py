#!/usr/bin/env python3
"""Batches as a user runs them: every sample scenario through the README's inbox script.

For each folder of samples/ holding logs, each file becomes a batch of its own, in name order
and in reverse order, and the README's pipeline script (taken from README.md as written, with
--min-confidence dropped so that every finding counts, and with --drafted for a second pass)
scans them with a state file. The last line of each incident must give the findings of one
`kbmatch scan` of the folder (article, computer, confidence), with no incident raised twice and
no batch left in the inbox. Not part of the suite (the suite's [batches] tests cut at random
events); a few minutes.

  tools/check_batches.py [KBMATCH_BINARY]
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
kbmatch = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "build/tools/kbmatch"))
readme = open(os.path.join(root, "README.md"), encoding="utf-8").read()
start = readme.index("```sh\n", readme.index("<!-- pipeline-example:")) + len("```sh\n")
script = readme[start:readme.index("```\n", start)]
assert "--min-confidence medium " in script and "kbmatch scan --format jsonl" in script

runs = differ = incidents = 0
work = tempfile.mkdtemp(prefix="kbmatch-check-batches-")
bin_dir = os.path.join(work, "bin")
os.makedirs(bin_dir)
os.symlink(kbmatch, os.path.join(bin_dir, "kbmatch"))
try:
    for folder, _, names in sorted(os.walk(os.path.join(root, "samples"))):
        files = sorted(n for n in names if not n.endswith((".md", ".py", ".json")))
        if not files or folder == os.path.join(root, "samples"):
            continue
        for flags in ([], ["--drafted"]):
            one = subprocess.run([kbmatch, "scan", "--format", "json", "-q", *flags, folder],
                                 capture_output=True, text=True)
            want = sorted((f["article"], f["computer"], f["confidence"]) for f in json.loads(one.stdout)["findings"])
            for order in ("name", "reverse"):
                w = os.path.join(work, "run")
                shutil.rmtree(w, ignore_errors=True)
                os.makedirs(os.path.join(w, "inbox"))
                batches = files if order == "name" else list(reversed(files))
                for i, name in enumerate(batches):
                    os.makedirs(os.path.join(w, "inbox", f"{i:03d}"))
                    shutil.copy(os.path.join(folder, name), os.path.join(w, "inbox", f"{i:03d}"))
                text = script.replace("--min-confidence medium ", "")
                text = text.replace("kbmatch scan ", "kbmatch scan " + " ".join(flags) + " " if flags else "kbmatch scan ")
                with open(os.path.join(w, "inbox.sh"), "w") as f:
                    f.write(text)
                env = dict(os.environ, INBOX=os.path.join(w, "inbox"), DONE=os.path.join(w, "done"),
                           STATE=os.path.join(w, "state"), FINDINGS=os.path.join(w, "findings.jsonl"),
                           PATH=bin_dir + os.pathsep + os.environ["PATH"])
                r = subprocess.run(["sh", os.path.join(w, "inbox.sh")], env=env, capture_output=True, text=True)
                last, raised = {}, {}
                with open(os.path.join(w, "findings.jsonl"), encoding="utf-8") as f:
                    for line in f:
                        j = json.loads(line)
                        if j["type"] != "finding":
                            continue
                        if not j["update"]:
                            raised[j["incident"]] = raised.get(j["incident"], 0) + 1
                        last[j["incident"]] = j
                got = sorted((j["article"], j["computer"], j["confidence"]) for j in last.values() if not j["retracted"])
                twice = [k for k, n in raised.items() if n > 1]
                runs += 1
                incidents += len(got)
                if got != want or twice or os.listdir(os.path.join(w, "inbox")):
                    differ += 1
                    print(f"DIFFERS {os.path.relpath(folder, root)} {' '.join(flags)} ({order} order)\n"
                          f"  one scan: {want}\n  batches:  {got}\n  raised twice: {twice}\n  {r.stderr[:400]}")
finally:
    shutil.rmtree(work, ignore_errors=True)
print(f"{runs} scenario runs (each file a batch, name and reverse order, curated and --drafted): "
      f"{differ} differ from one scan; {incidents} incidents in all")
sys.exit(1 if differ else 0)
