#!/usr/bin/env python3
"""Correctness oracle for the native binary-log readers: compares `kbmatch events` with libyal's
evtxexport (.evtx) and evtexport (.evt), event by event and field by field.

A corpus-scale tool, run by hand on real logs; it is NOT part of the test suite (it needs the
Debian packages libevtx-utils and libevt-utils, and takes minutes on a large corpus).

Usage:
  tools/oracle/compare_with_libyal.py [--kbmatch build/tools/kbmatch] [--limit N] [--summary-only]
                                      [--strict] [--jobs N] PATH...
  e.g.
  tools/oracle/compare_with_libyal.py --kbmatch build/tools/kbmatch ../shared/evtx-attack ../shared/formats

PATH is a file or a directory (searched recursively for *.evtx and *.evt, case-insensitively;
a file named explicitly is classified by its magic when its name does not tell).
Exit status: 0 when every file is equal, 1 when some file differs or a tool failed on it in a way
that hides the comparison, 2 on bad usage or a missing tool.

How each side is produced
  ours    `kbmatch events --format jsonl FILE` (the native .evtx / .evt reader), one process per file.
  .evtx   `evtxexport -f xml FILE` (stdout kept, exit status and stderr recorded; it may exit non-zero
          after writing part of the file). Its XML is saved to a temporary file and read with
          `kbmatch events --format jsonl` too: the project's Event XML reader, which already works,
          normalizes it into the same JSON fields the native reader must produce (provider -> source,
          EventID + Qualifiers -> event_id / qualifiers, Level + audit Keywords -> level, Task ->
          category, Channel -> log, Computer, Security UserID -> user, EventRecordID -> record,
          TimeCreated SystemTime -> time, EventData Data (with Name) and UserData leaves -> strings /
          string_names, Binary -> data_hex). Before that, the XML is made faithful, because an XML
          parser would otherwise change values the native reader keeps: raw CR characters become
          &#13; (XML parsers turn CR LF into LF), raw control characters (evtxexport writes U+0002,
          U+000F... unescaped, which makes those events not well-formed) become character
          references, whitespace-only element content (which the XML reader drops) is written as
          character references, and <Data> values that evtxexport wrote unescaped (raw '<' or '&',
          e.g. the SOAP envelopes of Microsoft-Windows-LiveId events) are escaped.
  .evt    `evtexport FILE` (text mode) is parsed here: Event number -> record, Creation time (UTC,
          seconds) -> time, Event type -> level (0 and 4 information, 1 error, 2 warning, 8
          audit_success, 16 audit_failure), Computer name, Source name, Event category (the number;
          evtexport prints "name (N)" when it has a message file) -> category, Event identifier ->
          event_id = id & 0xFFFF and qualifiers = id >> 16 (kbmatch omits "qualifiers" when 0),
          String: N -> strings (multi-line values are kept; the line break that ends a value and the
          blank line that ends a block are not part of it), User security identifier -> user (only
          when evtexport prints one: the Debian 20200926 build prints none, so user is then not
          compared). evtexport prints no channel, data or string names: those are not compared.

How events are matched and compared
  Events are matched by record id, in order (a repeated id is matched to the next unmatched event
  with that id). Then every JSON field but "origin" is compared (.evt: the fields listed above).
  "missing" = in the tool's output, not in ours; "extra" = in ours, not in the tool's output;
  "order" = matched events that come in a different order (counted as moved events).
  When the tool exits non-zero (evtxexport aborts the whole export on some valid files, e.g. the
  CAPI2 logs in evtx-more), only the events it did produce are compared and ours having more is
  reported, not counted as a difference. Extra events of ours are also looked up in the tool's
  recovered-records export (`evtxexport -f xml -m recovered`, `evtexport -m recovered`): our
  readers may emit records recovered from slack space / the unused part of the ring after the
  live ones. Those found there and equal are reported as "recovered", not as differences.

Value normalization (tolerated, counted under "tolerated values"; --strict makes them differences)
  * time-fraction: ISO 8601 values inside strings compare with trailing zeros of the fraction
    dropped (evtxexport prints FILETIME values with 9 fractional digits: .593830000Z = .59383Z).
  * guid-case: GUID values compare case-insensitively (evtxexport prints GUID-typed values upper
    case, other writers lower case).
  * hex-padding: 0x-prefixed hex numbers compare by value (evtxexport zero-pads HexInt32/64 to
    8/16 digits: 0x00000000000003e7 = 0x3e7).
  * hex-vs-decimal: ours 0x-hex where the tool prints the same number in decimal (SizeT values:
    Windows renders them as hex, 0x00000004; evtxexport and python-evtx print 4).
  * category-none (.evt only): category "0" in evtexport equals "" or "None" in ours.
  The top-level "time" needs none: both sides go through kbmatch's timestamp formatter
  (microseconds, truncated; evtxexport's 9 digits are cut to 6 like FILETIME / 10).

Reading the output
  One line per file:
    OK    FILE  (N events)
    OK*   FILE  (N events equal; evtxexport exit 1 after M events, ours has K more)
    DIFF  FILE  (ours N, evtxexport M; D differ [field counts]; X missing in ours, Y extra in ours)
          followed by up to --limit lines:  field  record R: ours <value>  |  theirs <value>
          (strings[i] names the first differing insertion string; values are JSON, cut to 120 chars)
    FAIL  FILE  (kbmatch or the tool could not be run: the reason)
  Then a summary: files, files equal (how many only up to a tool failure), files differing,
  events compared (matched pairs), events differing per field, missing / extra / moved events,
  recovered events, tolerated values per kind, tool failures (files where evtxexport / evtexport
  exited non-zero, with their message) and kbmatch failures.

Self-checks (to test this script while a native reader is unfinished): --ours-via evtxexport
makes "ours" kbmatch on evtxexport's faithful XML (must be all OK), --ours-via evtxexport-raw the
same without the faithful rewrite (shows what the XML path loses: CR LF, control characters,
whitespace-only values), --ours-via python-evtx kbmatch on `evtx_dump.py` XML (python-evtx 0.6.1
writes GUIDs lower case, True/False, FILETIME without 'T'/'Z', classic string arrays as one
value: all reported as differences). --kbmatch may also point at any program with kbmatch's
`events --format jsonl FILE` interface.
"""
import argparse
import bisect
import collections
import concurrent.futures
import datetime
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

LEVEL_BY_EVT_TYPE = {0: "information", 1: "error", 2: "warning", 4: "information", 8: "audit_success",
                     16: "audit_failure"}
EVT_FIELDS = ("record", "time", "level", "computer", "source", "category", "event_id", "qualifiers", "user",
              "strings")


# ------------------------------------------------------------------------------------------------
# Running tools

class Run:
    def __init__(self, cmd, rc, out, err, error=None):
        self.cmd, self.rc, self.out, self.err, self.error = cmd, rc, out, err, error

    def stderr_line(self):
        text = self.error or self.err.decode("utf-8", "replace")
        lines = [l.strip() for l in text.splitlines() if l.strip()]
        return " ".join(lines)[:200] if lines else ""


def run(cmd, timeout):
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
        return Run(cmd, p.returncode, p.stdout, p.stderr)
    except subprocess.TimeoutExpired as e:
        return Run(cmd, None, e.stdout or b"", e.stderr or b"", f"timed out after {timeout} s")
    except OSError as e:
        return Run(cmd, None, b"", b"", f"cannot run {cmd[0]}: {e}")


def kbmatch_events(args, path):
    """Runs kbmatch events on `path`; returns (events, Run, skipped, problems)."""
    r = run([args.kbmatch, "events", "--format", "jsonl", path], args.timeout)
    events, problems = [], []
    for n, line in enumerate(r.out.decode("utf-8", "replace").splitlines(), 1):
        if not line.strip():
            continue
        try:
            events.append(json.loads(line))
        except ValueError as e:
            problems.append(f"output line {n} is not JSON: {e}")
    skipped = 0
    m = re.search(rb"(\d+) damaged record\(s\) skipped", r.err)
    if m:
        skipped = int(m.group(1))
    return events, r, skipped, problems


# ------------------------------------------------------------------------------------------------
# evtxexport XML

WS_ONLY_ELEMENT = re.compile(rb"(<([A-Za-z_][\w.:-]*)(?:\s[^<>]*)?(?<!/)>)([ \t\r\n]+)(</\2>)")
CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
EVENT_START = re.compile(rb"<Event[\s>]")


DATA_ELEMENT = re.compile(rb"(<Data(?:\s[^<>]*)?(?<!/)>)(.*?)(</Data>)", re.S)
BARE_AMPERSAND = re.compile(rb"&(?!(?:#\d+|#x[0-9A-Fa-f]+|lt|gt|amp|quot|apos);)")


def escape_data(m):
    """evtxexport writes some values (e.g. LiveId's SOAP envelopes) without escaping them."""
    content = m.group(2)
    if b"<" in content:
        content = content.replace(b"&", b"&amp;").replace(b"<", b"&lt;").replace(b">", b"&gt;")
    elif b"&" in content:
        content = BARE_AMPERSAND.sub(b"&amp;", content)
    else:
        return m.group(0)
    return m.group(1) + content + m.group(3)


def faithful_xml(data):
    """Rewrites evtxexport XML so an XML parser returns the values byte for byte (see the header)."""
    data = DATA_ELEMENT.sub(escape_data, data)
    data = WS_ONLY_ELEMENT.sub(
        lambda m: m.group(1) + b"".join(b"&#%d;" % c for c in m.group(3)) + m.group(4), data)
    data = data.replace(b"\r", b"&#13;")
    return CONTROL.sub(lambda m: b"&#%d;" % m.group(0)[0], data)


def xml_events(args, xml_bytes, rewrite):
    """Normalizes converter XML with kbmatch's XML reader. Returns (events, Run, problems)."""
    if not EVENT_START.search(xml_bytes):  # nothing exported (kbmatch would call the file unrecognized)
        return [], Run([], 0, b"", b""), []
    fd, tmp = tempfile.mkstemp(prefix="kbmatch-oracle-", suffix=".xml")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(faithful_xml(xml_bytes) if rewrite else xml_bytes)
        events, r, _, problems = kbmatch_events(args, tmp)
        return events, r, problems
    finally:
        os.unlink(tmp)


RECORD_ID = re.compile(rb"<EventRecordID>\s*(\d+)\s*</EventRecordID>")


class Side:
    """One side's events for a file, with what is known about how they were produced."""

    def __init__(self):
        self.events = []
        self.tool_rc = 0           # the converter's exit status (None: could not run / timed out)
        self.tool_message = ""
        self.raw_ids = []          # record ids found in the converter's raw output
        self.unparsed_ids = set()  # ids in the raw output that the XML reader could not read
        self.failure = ""          # a reason this side could not be produced at all


def evtx_theirs(args, path, mode="items"):
    side = Side()
    cmd = [args.evtxexport, "-f", "xml"] + (["-m", mode] if mode != "items" else []) + [path]
    r = run(cmd, args.timeout)
    side.tool_rc = r.rc
    side.tool_message = r.stderr_line()
    if r.rc is None and not r.out:
        side.failure = r.error or "evtxexport failed"
        return side
    side.raw_ids = [int(x) for x in RECORD_ID.findall(r.out)]
    events, kr, problems = xml_events(args, r.out, rewrite=True)
    if kr.rc is None or (kr.rc != 0 and not events and side.raw_ids):
        side.failure = "kbmatch could not read evtxexport's XML: " + (kr.error or kr.stderr_line())
        return side
    side.events = events
    parsed = collections.Counter(e.get("record") for e in events)
    raw = collections.Counter(side.raw_ids)
    side.unparsed_ids = {k for k, n in raw.items() if n > parsed.get(k, 0)}
    return side


def evtx_ours_via(args, path):
    """Self-check modes: "ours" from a converter's XML instead of the native reader."""
    if args.ours_via == "python-evtx":
        r = run([args.python_evtx_python, args.python_evtx, path], args.timeout)
        rewrite = False
    else:
        r = run([args.evtxexport, "-f", "xml", path], args.timeout)
        rewrite = args.ours_via == "evtxexport"
    events, kr, problems = xml_events(args, r.out, rewrite)
    return events, kr, 0, problems


# ------------------------------------------------------------------------------------------------
# evtexport text

EVT_BLOCK = re.compile(r"(?m)^Event number\t+: ")
EVT_STRING = re.compile(r"(?m)^String: (\d+)\t+: ")
EVT_LINE = re.compile(r"^([A-Za-z][A-Za-z ()]*?)\t+: ?(.*)$")


def evt_time(text):
    text = text.strip()
    if text.startswith("Not set"):
        return "1970-01-01T00:00:00Z"
    t = datetime.datetime.strptime(text.replace(" UTC", ""), "%b %d, %Y %H:%M:%S")
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_evtexport(text):
    """evtexport's text output -> kbmatch-shaped dicts (only the fields evtexport prints)."""
    events, problems = [], []
    parts = EVT_BLOCK.split(text)
    for block in parts[1:]:
        e = {}
        head, sep, rest = block.partition("Number of strings")
        number_line, _, head_rest = head.partition("\n")
        try:
            e["record"] = int(number_line.strip())
        except ValueError:
            problems.append(f"unreadable event number {number_line!r}")
            continue
        for line in head_rest.splitlines():
            m = EVT_LINE.match(line)
            if not m:
                continue
            key, value = m.group(1).strip(), m.group(2)
            try:
                if key == "Creation time":
                    e["time"] = evt_time(value)
                elif key == "Event type":
                    t = int(re.search(r"\((\d+)\)\s*$", value).group(1))
                    e["level"] = LEVEL_BY_EVT_TYPE.get(t, f"type {t}")
                elif key == "Computer name":
                    e["computer"] = value
                elif key == "Source name":
                    e["source"] = value
                elif key == "Event category":
                    m2 = re.search(r"\((\d+)\)\s*$", value)
                    e["category"] = m2.group(1) if m2 else value.strip()
                elif key == "Event identifier":
                    ident = int(value.split()[0], 16)
                    e["event_id"] = ident & 0xFFFF
                    e["qualifiers"] = ident >> 16
                elif key == "User security identifier":
                    e["user"] = value.strip()
            except (AttributeError, ValueError, IndexError) as ex:
                problems.append(f"record {e['record']}: unreadable {key!r} {value!r}: {ex}")
        strings = []
        if sep:
            count_line, _, body = rest.partition("\n")
            count = int(re.search(r"(\d+)", count_line).group(1))
            pieces = EVT_STRING.split(body)
            # pieces: [before, "1", value1, "2", value2, ...]
            values = pieces[2::2]
            for i, v in enumerate(values):
                last = i == len(values) - 1
                if last and v.endswith("\n\n"):
                    v = v[:-2]
                elif v.endswith("\n"):
                    v = v[:-1]
                strings.append(v)
            if len(strings) != count:
                problems.append(f"record {e['record']}: {count} strings announced, {len(strings)} found")
        e["strings"] = strings
        events.append(e)
    return events, problems


def evt_theirs(args, path, mode="items"):
    side = Side()
    cmd = [args.evtexport] + (["-m", mode] if mode != "items" else []) + [path]
    r = run(cmd, args.timeout)
    side.tool_rc = r.rc
    side.tool_message = r.stderr_line()
    if r.rc is None and not r.out:
        side.failure = r.error or "evtexport failed"
        return side
    side.events, problems = parse_evtexport(r.out.decode("utf-8", "replace"))
    side.raw_ids = [e["record"] for e in side.events]
    if problems:
        side.tool_message = (side.tool_message + " | " if side.tool_message else "") + "; ".join(problems[:3])
    return side


# ------------------------------------------------------------------------------------------------
# Comparison

ISO = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z?)$")
GUID = re.compile(r"^\{?[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}?$")
HEX = re.compile(r"^0[xX][0-9A-Fa-f]+$")
DECIMAL = re.compile(r"^[0-9]+$")


def tolerated(ours, theirs):
    """The kind of normalization under which two differing strings are equal, or None."""
    if not isinstance(ours, str) or not isinstance(theirs, str):
        return None
    mo, mt = ISO.match(ours), ISO.match(theirs)
    if mo and mt and mo.group(1) == mt.group(1) and mo.group(3) == mt.group(3) and \
            (mo.group(2) or "").rstrip("0") == (mt.group(2) or "").rstrip("0"):
        return "time-fraction"
    if GUID.match(ours) and GUID.match(theirs) and ours.upper() == theirs.upper():
        return "guid-case"
    if HEX.match(ours) and HEX.match(theirs) and int(ours, 16) == int(theirs, 16):
        return "hex-padding"
    if HEX.match(ours) and DECIMAL.match(theirs) and int(ours, 16) == int(theirs):
        return "hex-vs-decimal"
    return None


def show(value, other=None, width=120):
    """JSON of `value`, cut to `width`; for long strings, the window where it departs from `other`."""
    text = json.dumps(value, ensure_ascii=False)
    if len(text) <= width:
        return text
    if isinstance(value, str) and isinstance(other, str):
        k = next((i for i, (a, b) in enumerate(zip(value, other)) if a != b), min(len(value), len(other)))
        if k > 40:
            tail = json.dumps(value[k - 30:], ensure_ascii=False)[1:]
            text = f"...{tail}" if len(tail) + 3 <= width else f"...{tail[:width - 6]}..."
            return f'"{text}' if not text.startswith('"') else text
    return text[:width - 3] + "..."


class FileResult:
    def __init__(self, path, kind):
        self.path, self.kind = path, kind
        self.status = "OK"
        self.ours = 0
        self.theirs = 0
        self.compared = 0
        self.differing = 0
        self.field_counts = collections.Counter()
        self.tolerated = collections.Counter()
        self.missing = 0
        self.extra = 0
        self.extra_beyond_tool_failure = 0
        self.moved = 0
        self.recovered_equal = 0
        self.recovered_differing = 0
        self.recovered_tool_total = None  # events in the tool's -m recovered export (when consulted)
        self.unverified = 0
        self.details = []  # (field, record, ours, theirs)
        self.notes = []
        self.tool_failure = None  # (rc, message, events produced)
        self.kbmatch_failure = None
        self.failure = None


def compare_event(o, t, fields, strict, result, record, detail_prefix=""):
    """Compares one matched pair; returns the set of differing fields (details appended)."""
    differing = set()
    keys = fields if fields else sorted((set(o) | set(t)) - {"origin"})
    for key in keys:
        if fields and key not in t:
            continue  # the tool does not print it for this event
        ov, tv = o.get(key), t.get(key)
        if key == "qualifiers":
            ov, tv = ov or 0, tv or 0
        if ov == tv:
            continue
        if key == "category" and fields and tv == "0" and ov in ("", "None"):
            if not strict:
                result.tolerated["category-none"] += 1
                continue
        if isinstance(ov, list) and isinstance(tv, list):
            bad = None
            for i in range(max(len(ov), len(tv))):
                a = ov[i] if i < len(ov) else None
                b = tv[i] if i < len(tv) else None
                if a == b:
                    continue
                kind = None if strict else tolerated(a, b)
                if kind:
                    result.tolerated[kind] += 1
                    continue
                if bad is None:
                    bad = i
            if bad is None:
                continue
            differing.add(key)
            a = ov[bad] if bad < len(ov) else None
            b = tv[bad] if bad < len(tv) else None
            more = sum(1 for i in range(bad + 1, max(len(ov), len(tv)))
                       if (ov[i] if i < len(ov) else None) != (tv[i] if i < len(tv) else None))
            label = f"{detail_prefix}{key}[{bad}]" + (f" (+{more})" if more else "")
            if len(ov) != len(tv):
                label += f" ({len(ov)} vs {len(tv)} values)"
            result.details.append((label, record, show(a, b) if a is not None else "(none)",
                                   show(b, a) if b is not None else "(none)"))
            continue
        kind = None if strict else tolerated(ov, tv)
        if kind:
            result.tolerated[kind] += 1
            continue
        differing.add(key)
        result.details.append((f"{detail_prefix}{key}", record, show(ov, tv), show(tv, ov)))
    return differing


def align(ours, theirs):
    """Matches events by record id in order. Returns (pairs, extra ours indices, missing theirs)."""
    queue = collections.defaultdict(collections.deque)
    for j, t in enumerate(theirs):
        queue[t.get("record")].append(j)
    pairs, extra = [], []
    for i, o in enumerate(ours):
        q = queue.get(o.get("record"))
        if q:
            pairs.append((i, q.popleft()))
        else:
            extra.append(i)
    matched = {j for _, j in pairs}
    missing = [j for j in range(len(theirs)) if j not in matched]
    return pairs, extra, missing


def moved_count(pairs):
    """Matched events outside the longest run kept in the same relative order."""
    tails = []
    for _, j in pairs:
        k = bisect.bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
        else:
            tails[k] = j
    return len(pairs) - len(tails)


def compare_file(args, path, kind):
    res = FileResult(path, kind)
    tool = "evtxexport" if kind == "evtx" else "evtexport"
    fields = None if kind == "evtx" else EVT_FIELDS

    # Ours.
    if kind == "evtx" and args.ours_via != "native":
        ours, kr, skipped, problems = evtx_ours_via(args, path)
    else:
        ours, kr, skipped, problems = kbmatch_events(args, path)
    kb_message = kr.stderr_line().replace(path + ": ", "")
    if kr.rc is None or kr.rc < 0 or (kr.rc != 0 and not ours):
        res.kbmatch_failure = kr.error or f"exit {kr.rc}: {kb_message}"
    elif kr.rc != 0:
        res.kbmatch_failure = f"exit {kr.rc} after {len(ours)} events: {kb_message}"
    if skipped:
        res.notes.append(f"ours skipped {skipped} damaged record(s)")
    res.notes.extend(problems[:3])

    # Theirs.
    theirs_side = evtx_theirs(args, path) if kind == "evtx" else evt_theirs(args, path)
    if theirs_side.failure:
        res.failure = f"{tool}: {theirs_side.failure}"
    if theirs_side.tool_rc != 0:
        res.tool_failure = (theirs_side.tool_rc, theirs_side.tool_message, len(theirs_side.raw_ids))
    elif theirs_side.tool_message and kind == "evt":
        res.notes.append(f"{tool}: {theirs_side.tool_message}")
    theirs = theirs_side.events
    res.ours, res.theirs = len(ours), len(theirs_side.raw_ids) if kind == "evtx" else len(theirs)

    if res.kbmatch_failure and not ours:
        res.status = "FAIL"
        res.failure = res.failure or f"kbmatch: {res.kbmatch_failure}"
        return res
    if res.failure:
        res.status = "FAIL"
        return res

    pairs, extra, missing = align(ours, theirs)
    differing_events = 0
    for i, j in pairs:
        record = ours[i].get("record")
        d = compare_event(ours[i], theirs[j], fields, args.strict, res, record)
        if d:
            differing_events += 1
            res.field_counts.update(d)
    res.compared = len(pairs)
    res.differing = differing_events
    res.missing = len(missing)
    for j in missing[:args.limit]:
        res.details.append(("missing", theirs[j].get("record"), "(none)", "present"))
    res.moved = moved_count(pairs)
    if res.moved:
        k = next(k for k in range(1, len(pairs)) if pairs[k][1] < pairs[k - 1][1])
        first, second = ours[pairs[k - 1][0]].get("record"), ours[pairs[k][0]].get("record")
        res.details.append(("order", None, f"{res.moved:,} matched event(s) in another order; first: ours has "
                            f"record {first} then {second}, {tool} the other way round", ""))

    # Extra events of ours: XML the reader could not parse, recovered records, tool failures.
    extra_events = [ours[i] for i in extra]
    unverified = [e for e in extra_events if e.get("record") in theirs_side.unparsed_ids]
    if unverified:
        res.unverified = len(unverified)
        res.notes.append(f"{len(unverified)} of ours match records in {tool}'s output that the XML reader "
                         f"could not parse (not compared)")
        extra_events = [e for e in extra_events if e.get("record") not in theirs_side.unparsed_ids]
    if extra_events:
        rec_side = evtx_theirs(args, path, "recovered") if kind == "evtx" else evt_theirs(args, path, "recovered")
        res.recovered_tool_total = len(rec_side.events)
        rpairs, rextra, _ = align(extra_events, rec_side.events)
        for i, j in rpairs:
            scratch = FileResult(path, kind)
            d = compare_event(extra_events[i], rec_side.events[j], fields, args.strict, scratch,
                              extra_events[i].get("record"), "recovered ")
            res.tolerated.update(scratch.tolerated)
            if d:
                res.recovered_differing += 1
                res.field_counts.update("recovered " + f for f in d)
                res.details.extend(scratch.details)
            else:
                res.recovered_equal += 1
        extra_events = [extra_events[i] for i in rextra]
    if res.tool_failure:
        res.extra_beyond_tool_failure = len(extra_events)
        extra_events = []
    res.extra = len(extra_events)
    for e in extra_events[:args.limit]:
        res.details.append(("extra", e.get("record"), "present", "(none)"))

    if res.differing or res.missing or res.extra or res.moved or res.recovered_differing:
        res.status = "DIFF"
    elif res.kbmatch_failure:
        res.status = "DIFF"
    elif res.tool_failure:
        res.status = "OK*"
    return res


# ------------------------------------------------------------------------------------------------
# Inputs and output

def sniff(path):
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except OSError:
        return None
    if head.startswith(b"ElfFile\x00"):
        return "evtx"
    if head[4:8] == b"LfLe":
        return "evt"
    return None


def kind_by_name(name):
    low = name.lower()
    if low.endswith(".evtx"):
        return "evtx"
    if low.endswith(".evt"):
        return "evt"
    return None


def find_inputs(paths):
    found, problems = [], []
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, names in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for n in sorted(names):
                    k = kind_by_name(n)
                    if k:
                        found.append((os.path.join(root, n), k))
        elif os.path.isfile(p):
            k = kind_by_name(p) or sniff(p)
            if k:
                found.append((p, k))
            else:
                problems.append(f"{p}: neither .evtx nor .evt (by name or magic); skipped")
        else:
            problems.append(f"{p}: no such file or directory")
    return found, problems


def fmt_counts(counter):
    return ", ".join(f"{k} {v:,}" for k, v in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def print_file(res, args, out):
    tool = "evtxexport" if res.kind == "evtx" else "evtexport"
    if res.status == "FAIL":
        print(f"FAIL  {res.path}  ({res.failure})", file=out)
        return
    if res.status in ("OK", "OK*"):
        extra = ""
        if res.tool_failure:
            rc, msg, n = res.tool_failure
            extra = (f"; {tool} exit {rc} after {n} events, ours has {res.extra_beyond_tool_failure:,} more"
                     f" ({msg[:100]})")
        if res.recovered_equal:
            extra += (f"; {res.recovered_equal:,} recovered record(s) equal to {tool} -m recovered"
                      f" (which has {res.recovered_tool_total:,})")
        print(f"{res.status:<5} {res.path}  ({res.compared:,} events equal{extra})", file=out)
    else:
        parts = [f"ours {res.ours:,}, {tool} {res.theirs:,}"]
        if res.differing:
            parts.append(f"{res.differing:,} differ: {fmt_counts(res.field_counts)}")
        if res.missing:
            parts.append(f"{res.missing:,} missing in ours")
        if res.extra:
            parts.append(f"{res.extra:,} extra in ours")
        if res.moved:
            parts.append(f"{res.moved:,} moved")
        if res.recovered_equal or res.recovered_differing:
            parts.append(f"recovered: {res.recovered_equal:,} equal, {res.recovered_differing:,} differ, of "
                         f"{res.recovered_tool_total:,} in {tool} -m recovered")
        if res.tool_failure:
            rc, msg, n = res.tool_failure
            parts.append(f"{tool} exit {rc} after {n} events, ours has {res.extra_beyond_tool_failure:,} more")
        if res.kbmatch_failure:
            parts.append(f"kbmatch {res.kbmatch_failure[:120]}")
        print(f"DIFF  {res.path}  ({'; '.join(parts)})", file=out)
        for field, record, a, b in res.details[:args.limit]:
            rec = f"record {record}" if record is not None else ""
            if b:
                print(f"      {field:<18} {rec}: ours {a}  |  theirs {b}", file=out)
            else:
                print(f"      {field:<18} {rec} {a}", file=out)
        if len(res.details) > args.limit:
            print(f"      ... {len(res.details) - args.limit:,} more difference line(s) (--limit)", file=out)
    for n in res.notes:
        print(f"      note: {n}", file=out)


def print_summary(results, args, out):
    kinds = collections.Counter(r.kind for r in results)
    equal = [r for r in results if r.status in ("OK", "OK*")]
    equal_partial = [r for r in equal if r.status == "OK*"]
    differing = [r for r in results if r.status == "DIFF"]
    failed = [r for r in results if r.status == "FAIL"]
    fields = collections.Counter()
    tolerated = collections.Counter()
    for r in results:
        fields.update(r.field_counts)
        tolerated.update(r.tolerated)

    def total(attr):
        return sum(getattr(r, attr) for r in results)

    def files_with(attr):
        return sum(1 for r in results if getattr(r, attr))

    print("== summary ==", file=out)
    kinds_text = ", ".join(f".{k} {v}" for k, v in sorted(kinds.items()))
    print(f"files               {len(results):,} ({kinds_text})", file=out)
    print(f"files equal         {len(equal):,}" +
          (f" ({len(equal_partial)} only up to where the tool failed)" if equal_partial else ""), file=out)
    print(f"files differing     {len(differing):,}", file=out)
    print(f"files not compared  {len(failed):,}", file=out)
    print(f"events compared     {total('compared'):,} (matched by record id)", file=out)
    print(f"events differing    {total('differing'):,}", file=out)
    for k, v in sorted(fields.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {k:<18}{v:,}", file=out)
    print(f"missing in ours     {total('missing'):,} events in {files_with('missing')} file(s)", file=out)
    print(f"extra in ours       {total('extra'):,} events in {files_with('extra')} file(s)", file=out)
    print(f"moved               {total('moved'):,} events in {files_with('moved')} file(s)", file=out)
    print(f"recovered           {total('recovered_equal'):,} equal, {total('recovered_differing'):,} differing "
          f"(ours' extra records found in the tool's -m recovered export)", file=out)
    if total("unverified"):
        print(f"not verifiable      {total('unverified'):,} events (the tool's XML for them is unreadable)",
              file=out)
    if tolerated:
        print(f"tolerated values    {fmt_counts(tolerated)}" + ("" if args.strict else " (--strict counts them)"),
              file=out)
    else:
        print("tolerated values    0", file=out)
    tool_failures = [r for r in results if r.tool_failure]
    print(f"tool failures       {len(tool_failures)}", file=out)
    for r in tool_failures:
        rc, msg, n = r.tool_failure
        tool = "evtxexport" if r.kind == "evtx" else "evtexport"
        print(f"  {r.path}: {tool} exit {rc} after {n:,} events; ours {r.ours:,} "
              f"({r.extra_beyond_tool_failure:,} more): {msg[:150]}", file=out)
    kb_failures = [r for r in results if r.kbmatch_failure]
    print(f"kbmatch failures    {len(kb_failures)}", file=out)
    for r in kb_failures[:20]:
        print(f"  {r.path}: {r.kbmatch_failure[:200]}", file=out)
    if len(kb_failures) > 20:
        print(f"  ... {len(kb_failures) - 20} more", file=out)
    for r in failed:
        if not r.kbmatch_failure:
            print(f"not compared: {r.path}: {r.failure}", file=out)


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet when piped into head
    ap = argparse.ArgumentParser(
        description="Compare kbmatch's native .evtx/.evt readers with evtxexport/evtexport (see the header).")
    ap.add_argument("paths", nargs="+", help="files or directories (recursing for *.evtx, *.evt)")
    ap.add_argument("--kbmatch", default=os.path.join(ROOT, "build", "tools", "kbmatch"),
                    help="kbmatch binary (default: build/tools/kbmatch)")
    ap.add_argument("--evtxexport", default="evtxexport")
    ap.add_argument("--evtexport", default="evtexport")
    ap.add_argument("--limit", type=int, default=5, help="difference lines printed per file (default 5)")
    ap.add_argument("--summary-only", action="store_true", help="print only the summary")
    ap.add_argument("--strict", action="store_true", help="no value normalization (see the header)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="files compared in parallel")
    ap.add_argument("--timeout", type=float, default=600, help="seconds allowed per tool run")
    ap.add_argument("--ours-via", choices=["native", "evtxexport", "evtxexport-raw", "python-evtx"],
                    default="native", help="self-check: take .evtx 'ours' from converter XML (see the header)")
    ap.add_argument("--python-evtx", default="/usr/bin/evtx_dump.py")
    ap.add_argument("--python-evtx-python", default="/usr/bin/python3")
    args = ap.parse_args()
    args.limit = max(0, args.limit)

    if not (os.path.isfile(args.kbmatch) or shutil.which(args.kbmatch)):
        print(f"compare_with_libyal: kbmatch not found at {args.kbmatch} (use --kbmatch)", file=sys.stderr)
        return 2
    inputs, problems = find_inputs(args.paths)
    for p in problems:
        print(f"compare_with_libyal: {p}", file=sys.stderr)
    needed = {k for _, k in inputs}
    for kind, tool in (("evtx", args.evtxexport), ("evt", args.evtexport)):
        if kind in needed and not shutil.which(tool):
            print(f"compare_with_libyal: {tool} not found (Debian: libevtx-utils / libevt-utils)", file=sys.stderr)
            return 2
    if not inputs:
        print("compare_with_libyal: no .evtx or .evt files found", file=sys.stderr)
        return 2

    out = sys.stdout
    results = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for res in pool.map(lambda pk: compare_file(args, *pk), inputs):
            results.append(res)
            if not args.summary_only:
                print_file(res, args, out)
                out.flush()
    if not args.summary_only:
        print(file=out)
    print_summary(results, args, out)
    all_equal = all(r.status in ("OK", "OK*") for r in results) and not problems
    return 0 if all_equal else 1


if __name__ == "__main__":
    sys.exit(main())
