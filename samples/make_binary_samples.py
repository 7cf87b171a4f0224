"""Binary event logs: the Q216793 scenario as .evtx and .evt files, and small damaged fixtures.

Called by make_samples.py (which owns the event model, the manifest and the README), like
make_state_samples.py. Everything is made up and deterministic: record layouts, template GUIDs and
filler events come from fixed tables and hashes of fixed strings, never from the clock or a random
source. The layouts follow the libyal format notes (libevtx "Windows XML Event Log (EVTX)", libevt
"Windows Event Log (EVT)") and what real files show; no bytes were copied from real logs.

* `.evtx` (Vista+): 4096-byte file header, 64 KiB chunks (512-byte chunk header with the string
  and template tables), records `2a 2a 00 00` + size + record id + FILETIME + Binary XML + padding
  to 8 bytes + size copy. Each record is a fragment with one template instance; the template
  definition is written inline on its first use in a chunk and referenced by offset afterwards;
  element and attribute names are stored once per chunk and referenced by offset.
* `.evt` (NT 3.1 - 2003): 48-byte ELF_LOGFILE_HEADER, EVENTLOGRECORDs, the ELF_EOF_RECORD; a ring
  buffer whose records may straddle the end of the file and continue at offset 0x30.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import struct
import uuid
import zlib
from dataclasses import dataclass, field

# ---------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------

FILETIME_EPOCH = dt.datetime(1601, 1, 1)
UNIX_EPOCH = dt.datetime(1970, 1, 1)


def filetime(utc: dt.datetime) -> int:
    d = utc - FILETIME_EPOCH
    return (d.days * 86400 + d.seconds) * 10_000_000 + d.microseconds * 10


def unix_time(utc: dt.datetime) -> int:
    d = utc - UNIX_EPOCH
    return d.days * 86400 + d.seconds


def utf16(s: str) -> bytes:
    return s.encode("utf-16-le")


def utf16z(s: str) -> bytes:
    return s.encode("utf-16-le") + b"\0\0"


def sid_bytes(sid: str) -> bytes:
    """S-1-5-21-a-b-c-500 -> revision, sub-authority count, 48-bit big-endian authority, LE sub-authorities."""
    parts = sid.split("-")
    assert parts[0] == "S"
    subs = [int(p) for p in parts[3:]]
    return bytes([int(parts[1]), len(subs)]) + int(parts[2]).to_bytes(6, "big") + b"".join(
        struct.pack("<I", s) for s in subs)


def name_hash(name: str) -> int:
    """The 16-bit hash stored with a BinXML name: h = h * 65599 + code unit, low 16 bits kept."""
    h = 0
    for (cu,) in struct.iter_unpack("<H", utf16(name)):
        h = (h * 65599 + cu) & 0xFFFFFFFF
    return h & 0xFFFF


def fixed_guid(key: str) -> uuid.UUID:
    """A template GUID that is the same on every run (MD5 of a text key)."""
    return uuid.UUID(bytes=hashlib.md5(key.encode("utf-8")).digest())


def crc32(data: bytes) -> int:
    return zlib.crc32(data) & 0xFFFFFFFF


# ---------------------------------------------------------------------------------------------
# Binary XML: templates as small trees, serialized per chunk
# ---------------------------------------------------------------------------------------------

# Value types (MS-EVEN6 / libevtx)
T_NULL, T_STRING, T_UINT8, T_UINT16, T_UINT32, T_UINT64 = 0x00, 0x01, 0x04, 0x06, 0x08, 0x0A
T_BINARY, T_GUID, T_FILETIME, T_SID, T_HEX64 = 0x0E, 0x0F, 0x11, 0x13, 0x15
T_BINXML, T_STRING_ARRAY = 0x21, 0x81


@dataclass
class Text:
    value: str          # literal text in the template (BinXmlTokenValue, string type)


@dataclass
class Sub:
    index: int          # substitution index into the record's value array
    vtype: int          # the value type the template declares
    optional: bool = True  # 0x0e optional (element/attribute left out when the value is NULL) or 0x0d normal


@dataclass
class El:
    name: str
    attrs: list = field(default_factory=list)   # [(name, Text|Sub)]
    children: list | None = None                # None: empty element (<X/>); [] : <X></X>


class Writer:
    """Appends to a chunk buffer; positions are chunk offsets."""

    def __init__(self, chunk: "EvtxChunk"):
        self.c = chunk
        self.b = chunk.buf

    def pos(self) -> int:
        return len(self.b)

    def raw(self, data: bytes) -> None:
        self.b += data

    def u8(self, v: int) -> None:
        self.b.append(v)

    def u16(self, v: int) -> None:
        self.b += struct.pack("<H", v)

    def u32(self, v: int) -> None:
        self.b += struct.pack("<I", v)

    def reserve32(self) -> int:
        p = self.pos()
        self.u32(0)
        return p

    def patch32(self, at: int, v: int) -> None:
        self.b[at:at + 4] = struct.pack("<I", v)

    def name_ref(self, name: str) -> None:
        """The name's chunk offset; on the name's first use in the chunk the name itself follows."""
        off = self.c.names.get(name)
        if off is not None:
            self.u32(off)
            return
        off = self.pos() + 4
        self.u32(off)
        h = name_hash(name)
        bucket = h % 64
        self.u32(self.c.string_heads.get(bucket, 0))  # chain: newest first, like Windows
        self.u16(h)
        self.u16(len(name))
        self.raw(utf16z(name))
        self.c.names[name] = off
        self.c.string_heads[bucket] = off

    def value(self, v) -> None:
        if isinstance(v, Text):
            self.u8(0x05)
            self.u8(T_STRING)
            self.u16(len(v.value))
            self.raw(utf16(v.value))
        else:
            self.u8(0x0E if v.optional else 0x0D)
            self.u16(v.index)
            self.u8(v.vtype)

    def element(self, el: El) -> None:
        start = self.pos()
        self.u8(0x41 if el.attrs else 0x01)
        # Dependency id: Windows writes the index of the optional substitution that is the
        # element's whole content (the element disappears with it), 0xffff otherwise.
        dep = 0xFFFF
        if el.children and len(el.children) == 1 and isinstance(el.children[0], Sub) and el.children[0].optional:
            dep = el.children[0].index
        self.u16(dep)
        size_at = self.reserve32()
        self.name_ref(el.name)
        if el.attrs:
            list_at = self.reserve32()
            list_start = self.pos()
            for i, (aname, aval) in enumerate(el.attrs):
                self.u8(0x46 if i + 1 < len(el.attrs) else 0x06)  # 0x46: more attributes follow
                self.name_ref(aname)
                self.value(aval)
            self.patch32(list_at, self.pos() - list_start)
        if el.children is None:
            self.u8(0x03)
        else:
            self.u8(0x02)
            for ch in el.children:
                if isinstance(ch, El):
                    self.element(ch)
                else:
                    self.value(ch)
            self.u8(0x04)
        self.patch32(size_at, self.pos() - start - 7)


@dataclass
class Template:
    key: str            # identity (also the seed of its GUID)
    root: El            # <Event>

    @property
    def guid(self) -> uuid.UUID:
        return fixed_guid("kbmatch-sample-template/" + self.key)


def event_root(system: list, event_data: El) -> El:
    EVENT_NS = "http://schemas.microsoft.com/win/2004/08/events/event"
    return El("Event", [("xmlns", Text(EVENT_NS))], [El("System", [], system), event_data])


def event_data_el(first: int, names: list, has_binary: bool) -> El:
    """<EventData>: one <Data> per insertion string (named when names[i] is not None), then
    <Binary> when the event has data. Data values are normal substitutions, Binary an optional one."""
    kids = []
    for i, n in enumerate(names):
        attrs = [("Name", Text(n))] if n is not None else []
        kids.append(El("Data", attrs, [Sub(first + i, T_STRING, optional=False)]))
    if has_binary:
        kids.append(El("Binary", [], [Sub(first + len(names), T_BINARY)]))
    return El("EventData", [], kids)


# Classic template (the Q216793 files): exactly the elements of the wevtutil XML export.
C_LEVEL, C_TASK, C_EVENTID, C_QUAL, C_KEYWORDS, C_TIME, C_RECID, C_SID, C_PROVIDER, C_CHANNEL = range(10)
C_FIRST_DATA = 10


def classic_template(computer: str, names: list, has_binary: bool) -> Template:
    system = [
        El("Provider", [("Name", Sub(C_PROVIDER, T_STRING))]),
        El("EventID", [("Qualifiers", Sub(C_QUAL, T_UINT16))], [Sub(C_EVENTID, T_UINT16)]),
        El("Level", [], [Sub(C_LEVEL, T_UINT8)]),
        El("Task", [], [Sub(C_TASK, T_UINT16)]),
        El("Keywords", [], [Sub(C_KEYWORDS, T_HEX64)]),
        El("TimeCreated", [("SystemTime", Sub(C_TIME, T_FILETIME))]),
        El("EventRecordID", [], [Sub(C_RECID, T_UINT64)]),
        El("Channel", [], [Sub(C_CHANNEL, T_STRING)]),
        El("Computer", [], [Text(computer)]),
        El("Security", [("UserID", Sub(C_SID, T_SID))]),
    ]
    key = f"classic/{computer}/{len(names)}/{'named' if any(names) else 'plain'}/{'bin' if has_binary else 'nobin'}"
    return Template(key, event_root(system, event_data_el(C_FIRST_DATA, names, has_binary)))


def classic_nested_template(computer: str) -> Template:
    """The classic template with <EventData> as Vista+ really stores a ReportEvent event: the
    outer template ends in a Binary XML substitution (0x21) at index 10, whose value is a fragment
    with its own template <EventData><Data>%0</Data><Binary>%1</Binary></EventData>: %0 an array
    of strings (0x81, each NUL-terminated; one <Data> per string), %1 the binary data."""
    outer = classic_template(computer, [], False)
    root = El("Event", outer.root.attrs, [outer.root.children[0], Sub(C_FIRST_DATA, T_BINXML)])
    return Template(f"classic-nested/{computer}", root)


NESTED_EVENTDATA = Template("classic-eventdata/strings+binary", El("EventData", [], [
    El("Data", [], [Sub(0, T_STRING_ARRAY)]), El("Binary", [], [Sub(1, T_BINARY)])]))


# Vista+ template (the fixtures): adds Version, Opcode, Correlation, Execution, a provider GUID
# and EventSourceName, so that GUID, UInt32 and multi-attribute elements occur.
(M_LEVEL, M_OPCODE, M_TASK, M_EVENTID, M_QUAL, M_KEYWORDS, M_TIME, M_ACTIVITY, M_PID, M_TID, M_RECID,
 M_VERSION, M_SID, M_PROVIDER, M_PGUID, M_SOURCE, M_CHANNEL) = range(17)
M_FIRST_DATA = 17


def modern_template(computer: str, names: list, has_binary: bool) -> Template:
    system = [
        El("Provider", [("Name", Sub(M_PROVIDER, T_STRING)), ("Guid", Sub(M_PGUID, T_GUID)),
                        ("EventSourceName", Sub(M_SOURCE, T_STRING))]),
        El("EventID", [("Qualifiers", Sub(M_QUAL, T_UINT16))], [Sub(M_EVENTID, T_UINT16)]),
        El("Version", [], [Sub(M_VERSION, T_UINT8)]),
        El("Level", [], [Sub(M_LEVEL, T_UINT8)]),
        El("Task", [], [Sub(M_TASK, T_UINT16)]),
        El("Opcode", [], [Sub(M_OPCODE, T_UINT8)]),
        El("Keywords", [], [Sub(M_KEYWORDS, T_HEX64)]),
        El("TimeCreated", [("SystemTime", Sub(M_TIME, T_FILETIME))]),
        El("EventRecordID", [], [Sub(M_RECID, T_UINT64)]),
        El("Correlation", [("ActivityID", Sub(M_ACTIVITY, T_GUID))]),
        El("Execution", [("ProcessID", Sub(M_PID, T_UINT32)), ("ThreadID", Sub(M_TID, T_UINT32))]),
        El("Channel", [], [Sub(M_CHANNEL, T_STRING)]),
        El("Computer", [], [Text(computer)]),
        El("Security", [("UserID", Sub(M_SID, T_SID))]),
    ]
    key = f"modern/{computer}/{'|'.join(n or '' for n in names)}/{len(names)}/{'bin' if has_binary else 'nobin'}"
    return Template(key, event_root(system, event_data_el(M_FIRST_DATA, names, has_binary)))


def v_str(s: str):
    return (T_STRING, utf16(s))


def v_u8(n: int):
    return (T_UINT8, struct.pack("<B", n))


def v_u16(n: int):
    return (T_UINT16, struct.pack("<H", n))


def v_u32(n: int):
    return (T_UINT32, struct.pack("<I", n))


def v_u64(n: int):
    return (T_UINT64, struct.pack("<Q", n))


def v_hex64(n: int):
    return (T_HEX64, struct.pack("<Q", n))


def v_filetime(utc: dt.datetime):
    return (T_FILETIME, struct.pack("<Q", filetime(utc)))


def v_guid(g: uuid.UUID):
    return (T_GUID, g.bytes_le)


def v_sid(s: str):
    return (T_SID, sid_bytes(s))


def v_bin(b: bytes):
    return (T_BINARY, b)


NULL = (T_NULL, b"")


@dataclass
class EvtxRecord:
    record_id: int
    written: dt.datetime    # UTC; the record header's FILETIME
    template: Template
    values: list            # [(type, bytes)], index = substitution index


# ---------------------------------------------------------------------------------------------
# .evtx chunks and files
# ---------------------------------------------------------------------------------------------

CHUNK_SIZE = 0x10000
CHUNK_HEADER = 512


class ChunkFull(Exception):
    pass


class EvtxChunk:
    def __init__(self):
        self.buf = bytearray(CHUNK_HEADER)
        self.names: dict[str, int] = {}
        self.string_heads: dict[int, int] = {}
        self.templates: dict[str, int] = {}
        self.template_heads: dict[int, int] = {}
        self.records: list[tuple[int, int]] = []   # (record id, offset)

    def _state(self):
        return (len(self.buf), dict(self.names), dict(self.string_heads), dict(self.templates),
                dict(self.template_heads))

    def _restore(self, s) -> None:
        n, self.names, self.string_heads, self.templates, self.template_heads = s
        del self.buf[n:]

    def add(self, rec: EvtxRecord) -> None:
        """Append one record; raise ChunkFull (leaving the chunk unchanged) if it does not fit."""
        saved = self._state()
        w = Writer(self)
        start = w.pos()
        w.raw(b"\x2a\x2a\x00\x00")
        size_at = w.reserve32()
        w.raw(struct.pack("<QQ", rec.record_id, filetime(rec.written)))
        w.raw(b"\x0f\x01\x01\x00")                       # fragment header
        self._instance(w, rec.template, rec.values)
        w.u8(0x00)                                       # end of file token
        while (w.pos() - start + 4) % 8:
            w.u8(0)
        size = w.pos() - start + 4
        w.u32(size)
        w.patch32(size_at, size)
        if len(self.buf) > CHUNK_SIZE:
            self._restore(saved)
            raise ChunkFull()
        self.records.append((rec.record_id, start))

    def _instance(self, w: Writer, t: "Template", values: list) -> None:
        """A template instance: 0x0c, the template (inline on its first use in the chunk, else by
        offset), then the value array. A value of type 0x21 holds (template, values) and is written
        as a nested BinXML fragment (fragment header, template instance, end of file token)."""
        tid = struct.unpack("<I", t.guid.bytes_le[:4])[0]
        w.u8(0x0C)
        w.u8(0x01)
        w.u32(tid)
        known = self.templates.get(t.key)
        if known is not None:
            w.u32(known)                                 # defined earlier in this chunk
        else:
            off = w.pos() + 4
            w.u32(off)                                   # the definition follows right here
            bucket = self._template_bucket(t)
            w.u32(self.template_heads.get(bucket, 0))    # next template in the same bucket
            w.raw(t.guid.bytes_le)
            data_at = w.reserve32()
            data_start = w.pos()
            w.raw(b"\x0f\x01\x01\x00")
            w.element(t.root)
            w.u8(0x00)                                   # end of the template's fragment
            w.patch32(data_at, w.pos() - data_start)
            self.templates[t.key] = off
            self.template_heads[bucket] = off
        # template instance data: count, (size, type) descriptors, values
        w.u32(len(values))
        desc_at = w.pos()
        for vt, vb in values:
            w.u16(len(vb) if isinstance(vb, (bytes, bytearray)) else 0)
            w.u8(vt)
            w.u8(0)
        for i, (vt, vb) in enumerate(values):
            if isinstance(vb, (bytes, bytearray)):
                w.raw(vb)
                continue
            nested_start = w.pos()
            w.raw(b"\x0f\x01\x01\x00")
            self._instance(w, vb[0], vb[1])
            w.u8(0x00)
            struct.pack_into("<H", w.b, desc_at + 4 * i, w.pos() - nested_start)

    @staticmethod
    def _template_bucket(t: Template) -> int:
        # Which of the 32 slots Windows uses is not documented; any slot works for readers that
        # follow the chains. Ours: XOR of the GUID's four 32-bit words, modulo 32.
        a, b, c, d = struct.unpack("<4I", t.guid.bytes_le)
        return (a ^ b ^ c ^ d) % 32

    def finish(self) -> bytes:
        """The 64 KiB chunk with its header, tables and checksums."""
        assert self.records
        body = bytes(self.buf[CHUNK_HEADER:])
        free = len(self.buf)
        first_id, last_id = self.records[0][0], self.records[-1][0]
        h = bytearray(CHUNK_HEADER)
        struct.pack_into("<8sQQQQIII", h, 0, b"ElfChnk\0", first_id, last_id, first_id, last_id, 128,
                         self.records[-1][1], free)
        struct.pack_into("<I", h, 52, crc32(body))
        struct.pack_into("<I", h, 120, 1)  # what Windows writes there (seen on real chunks)
        for bucket, off in self.string_heads.items():
            struct.pack_into("<I", h, 128 + 4 * bucket, off)
        for bucket, off in self.template_heads.items():
            struct.pack_into("<I", h, 384 + 4 * bucket, off)
        struct.pack_into("<I", h, 124, crc32(bytes(h[:120]) + bytes(h[128:512])))
        out = bytes(h) + body
        return out + b"\0" * (CHUNK_SIZE - len(out))


def build_chunks(records: list[EvtxRecord]) -> list[tuple[bytes, int, int, int]]:
    """Fill chunks in record order; returns (chunk bytes, first id, last id, count) per chunk."""
    out, c = [], EvtxChunk()
    for r in records:
        try:
            c.add(r)
        except ChunkFull:
            out.append((c.finish(), c.records[0][0], c.records[-1][0], len(c.records)))
            c = EvtxChunk()
            c.add(r)
    out.append((c.finish(), c.records[0][0], c.records[-1][0], len(c.records)))
    return out


def evtx_header(first_chunk: int, last_chunk: int, next_record: int, chunks: int, flags: int = 0) -> bytes:
    h = bytearray(4096)
    struct.pack_into("<8sQQQIHHHH", h, 0, b"ElfFile\0", first_chunk, last_chunk, next_record, 128, 1, 3, 4096,
                     chunks)
    struct.pack_into("<I", h, 120, flags)
    struct.pack_into("<I", h, 124, crc32(bytes(h[:120])))
    return bytes(h)


def evtx_file(records: list[EvtxRecord]) -> tuple[bytes, list]:
    chunks = build_chunks(records)
    head = evtx_header(0, len(chunks) - 1, records[-1].record_id + 1, len(chunks))
    return head + b"".join(c[0] for c in chunks), chunks


# ---------------------------------------------------------------------------------------------
# .evt records and files
# ---------------------------------------------------------------------------------------------

EVT_HEADER_SIZE = 0x30
EVT_EOF_SIZE = 0x28
EVT_TYPES = {"Error": 1, "Warning": 2, "Information": 4}
ELF_DIRTY, ELF_WRAP = 1, 2


@dataclass
class EvtRecord:
    number: int
    utc: dt.datetime
    source: str
    computer: str
    event_id: int           # full 32 bits: severity/customer/facility | code
    etype: str
    category: int = 0
    strings: list = field(default_factory=list)
    data: bytes = b""
    sid: str | None = None

    def pack(self) -> bytes:
        names = utf16z(self.source) + utf16z(self.computer)
        sid_off = 56 + len(names)          # no alignment before the SID (as NT/XP write it)
        sid = sid_bytes(self.sid) if self.sid else b""
        str_off = sid_off + len(sid)
        strings = b"".join(utf16z(s) for s in self.strings)
        data_off = str_off + len(strings)
        end = data_off + len(self.data)
        pad = 4 - end % 4                  # NT always pads, 1 to 4 bytes
        length = end + pad + 4
        t = unix_time(self.utc)
        head = struct.pack("<I4sIIIIHHHHIIIIII", length, b"LfLe", self.number, t, t, self.event_id,
                           EVT_TYPES[self.etype], len(self.strings), self.category, 0, 0, str_off,
                           len(sid), sid_off, len(self.data), data_off)
        rec = head + names + sid + strings + self.data + b"\0" * pad + struct.pack("<I", length)
        assert len(rec) == length
        return rec


def evt_header(start: int, end: int, current: int, oldest: int, max_size: int, flags: int, retention: int) -> bytes:
    return struct.pack("<I4sIIIIIIIIII", EVT_HEADER_SIZE, b"LfLe", 1, 1, start, end, current, oldest, max_size,
                       flags, retention, EVT_HEADER_SIZE)


def evt_eof(start: int, end: int, current: int, oldest: int) -> bytes:
    return struct.pack("<IIIIIIIIII", EVT_EOF_SIZE, 0x11111111, 0x22222222, 0x33333333, 0x44444444,
                       start, end, current, oldest, EVT_EOF_SIZE)


class Ring:
    """The data area of an .evt file (0x30 .. size) as a ring: writes wrap to 0x30."""

    def __init__(self, size: int):
        self.size = size
        self.buf = bytearray(size)

    def advance(self, pos: int, n: int) -> int:
        cap = self.size - EVT_HEADER_SIZE
        return EVT_HEADER_SIZE + (pos - EVT_HEADER_SIZE + n) % cap

    def write(self, pos: int, data: bytes) -> int:
        first = min(len(data), self.size - pos)
        self.buf[pos:pos + first] = data[:first]
        rest = data[first:]
        if rest:
            self.buf[EVT_HEADER_SIZE:EVT_HEADER_SIZE + len(rest)] = rest
        return self.advance(pos, len(data))


def evt_linear(records: list[EvtRecord], size: int, max_size: int, retention: int,
               flags: int = 0) -> tuple[bytes, dict]:
    """A log that has not wrapped: header, records from 0x30, EOF record, zeros."""
    ring = Ring(size)
    pos = EVT_HEADER_SIZE
    offsets = []
    for r in records:
        offsets.append(pos)
        pos = ring.write(pos, r.pack())
    eof_at = pos
    current, oldest = records[-1].number + 1, records[0].number
    ring.write(eof_at, evt_eof(EVT_HEADER_SIZE, eof_at, current, oldest))
    ring.buf[:EVT_HEADER_SIZE] = evt_header(EVT_HEADER_SIZE, eof_at, current, oldest, max_size, flags, retention)
    return bytes(ring.buf), {"offsets": offsets, "eof": eof_at}


# ---------------------------------------------------------------------------------------------
# The Q216793 scenario
# ---------------------------------------------------------------------------------------------

KEYWORDS_CLASSIC = 0x80000000000000


def utc_of(m, e) -> dt.datetime:
    return e.time + (m.UTC_OFFSET if e.utc_offset is None else e.utc_offset)


def classic_evtx_record(m, e) -> EvtxRecord:
    t = classic_template(e.computer, [None] * len(e.strings), bool(e.data))
    vals = [NULL] * (C_FIRST_DATA + len(e.strings) + (1 if e.data else 0))
    utc = utc_of(m, e)
    vals[C_LEVEL] = v_u8(e.level)
    vals[C_TASK] = v_u16(e.category)
    vals[C_EVENTID] = v_u16(e.event_id)
    vals[C_QUAL] = v_u16(e.qual)
    vals[C_KEYWORDS] = v_hex64(KEYWORDS_CLASSIC)
    vals[C_TIME] = v_filetime(utc)
    vals[C_RECID] = v_u64(e.record)
    vals[C_SID] = v_sid(e.user.sid) if e.user else NULL
    vals[C_PROVIDER] = v_str(e.source)
    vals[C_CHANNEL] = v_str(e.log)
    for i, s in enumerate(e.strings):
        vals[C_FIRST_DATA + i] = v_str(s)
    if e.data:
        vals[C_FIRST_DATA + len(e.strings)] = v_bin(e.data)
    return EvtxRecord(e.record, utc, t, vals)


def classic_evt_record(m, e) -> EvtRecord:
    return EvtRecord(e.record, utc_of(m, e), e.source, e.computer, (e.qual << 16) | e.event_id, e.etype,
                     e.category, list(e.strings), e.data, e.user.sid if e.user else None)


def stale_system_records(m, last: int, count: int, before: dt.datetime) -> list[EvtRecord]:
    """Older System-log records of DHCPSRV01, numbered up to last, the newest some minutes before
    `before` (UTC), for the dead space of the wrapped SysEvent.Evt. Innocuous events only; none of
    them is in the log any more (they precede the header's oldest record)."""
    out = []
    when = before
    for j in range(count):
        n = last - j
        when = when - dt.timedelta(minutes=9 + (n * 7) % 8, seconds=(n * 29) % 60)
        k = n % 6
        if k in (0, 3):
            doc = ["Budget 2001.xls", "Lettre client.doc", "Inventaire.xls", "Notes de service.doc"][n % 4]
            size = 12000 + (n * 977) % 40000
            r = EvtRecord(n, when, "Print", "DHCPSRV01", 0x4000000A, "Information", 0,
                          [str(n % 100), doc, "jdurand", "HPLJ4050", "IP_192.168.10.40", str(size), str(1 + n % 3)],
                          b"", m.JDURAND.sid)
        elif k == 1:
            r = EvtRecord(n, when, "Srv", "DHCPSRV01", 0x800007DD, "Warning", 0, ["D:"], b"")
        elif k == 2:
            net = ["\\Device\\NetBT_E100B1", "\\Device\\NetBT_NdisWan5"][n % 2]
            r = EvtRecord(n, when, "BROWSER", "DHCPSRV01", 0x40001F4F, "Information", 0, [net], b"")
        elif k == 4:
            r = EvtRecord(n, when, "Service Control Manager", "DHCPSRV01", 0x40001B7C, "Information", 0,
                          ["Spooler", "running" if n % 2 else "stopped"], b"")
        else:
            r = EvtRecord(n, when, "DhcpServer", "DHCPSRV01", 0x800003FC, "Warning", 0,
                          ["192.168.10.0", str(80 + n % 10), str(40 - n % 10)], b"")
        out.append(r)
    return out[::-1]


def sysevent_wrapped(m, S: list) -> tuple[bytes, dict]:
    """SysEvent.Evt: a 64 KiB System log that has wrapped. The oldest live record (4817) sits near
    the end of the file, the first 1014 after 04:00 straddles the end of the file and continues at
    0x30, the EOF record follows the newest record, and the dead space between the EOF record and
    the oldest record holds the remains of older records (the first of them partly overwritten)."""
    size = 0x10000
    recs = [classic_evt_record(m, e) for e in S]
    packed = [r.pack() for r in recs]
    straddler = next(i for i, e in enumerate(S) if e.event_id == 1014 and e.time.hour == 4)
    before_end = 72  # the straddling record's first 72 bytes (header and part of the source name)
    start = size - sum(len(p) for p in packed[:straddler]) - before_end
    ring = Ring(size)
    pos, offsets = start, []
    for p in packed:
        offsets.append(pos)
        pos = ring.write(pos, p)
    eof_at = pos
    current, oldest = recs[-1].number + 1, recs[0].number
    eof_end = ring.write(eof_at, evt_eof(start, eof_at, current, oldest))
    assert EVT_HEADER_SIZE < eof_end < start
    # dead space [eof_end, start): older records, newest last, back to back up to the oldest live one
    stale = stale_system_records(m, oldest - 1, 600, recs[0].utc)
    end, n_stale, first_partial = start, 0, None
    for r in reversed(stale):
        p = r.pack()
        if end - len(p) < eof_end:
            keep = end - eof_end
            ring.buf[eof_end:end] = p[len(p) - keep:]   # the tail of a record the new ones overwrote
            first_partial = r.number
            break
        ring.buf[end - len(p):end] = p
        end -= len(p)
        n_stale += 1
    ring.buf[:EVT_HEADER_SIZE] = evt_header(start, eof_at, current, oldest, size, ELF_WRAP, 0)
    kept = stale[len(stale) - n_stale:]
    info = {"start": start, "eof": eof_at, "straddler": recs[straddler].number, "before_end": before_end,
            "stale": n_stale, "stale_first": oldest - n_stale, "partial": first_partial,
            "stale_from": kept[0].utc, "stale_to": kept[-1].utc}
    return bytes(ring.buf), info


# ---------------------------------------------------------------------------------------------
# Fixtures: simple Vista+ and Windows 2000 events
# ---------------------------------------------------------------------------------------------

SCM_GUID = uuid.UUID("555908d1-a6d7-4695-8e1e-26931d2012f4")
FX_HOST = "FILESRV02.corp.example.com"
FX_ADMIN = "S-1-5-21-3623811015-3361044348-30300820-500"
SERVICES = [("Windows Update", "wuauserv"), ("Background Intelligent Transfer Service", "BITS"),
            ("Windows Modules Installer", "TrustedInstaller"), ("WinHTTP Web Proxy Auto-Discovery Service",
                                                               "WinHttpAutoProxySvc"),
            ("Application Experience", "AeLookupSvc"), ("Software Protection", "sppsvc"),
            ("Portable Device Enumerator Service", "WPDBusEnum")]


@dataclass
class FxEvent:
    """One fixture event, enough for both the .evtx writer and the README."""
    record: int
    utc: dt.datetime
    provider: str
    event_id: int
    level: int
    data: list            # [(name or None, value)]
    binary: bytes = b""
    qualifiers: int | None = None
    guid: uuid.UUID | None = None
    source_name: str | None = None
    keywords: int = KEYWORDS_CLASSIC
    sid: str | None = None
    pid: int = 0
    tid: int = 0
    channel: str = "System"
    task: int = 0


def fixture_events(first: int, count: int, start: dt.datetime) -> list[FxEvent]:
    """A System log of a Windows Server 2008 R2 file server: service state changes, a start-type
    change, Srv disk-full warnings and EventLog uptime events, every 9-14 minutes."""
    out = []
    t = start
    for i in range(count):
        n = first + i
        k = n % 10
        svc, key = SERVICES[(n // 2) % len(SERVICES)]
        if k in (0, 1, 2, 3, 4, 5, 8):
            state, code = ("running", 4) if n % 2 == 0 else ("stopped", 1)
            ev = FxEvent(n, t, "Service Control Manager", 7036, 4, [("param1", svc), ("param2", state)],
                         utf16(f"{key}/{code}") + b"\0\0", 16384, SCM_GUID, "Service Control Manager",
                         0x8080000000000000, None, 508, 1200 + n % 97 * 4)
        elif k == 6:
            ev = FxEvent(n, t, "Service Control Manager", 7040, 4,
                         [("param1", svc), ("param2", "demand start"), ("param3", "auto start"), ("param4", key)],
                         b"", 16384, SCM_GUID, "Service Control Manager", 0x8080000000000000, FX_ADMIN, 508,
                         3412)
        elif k == 7:
            ev = FxEvent(n, t, "Srv", 2013, 3, [(None, "D:")],
                         bytes.fromhex("0000040001000000000000003d000000") + struct.pack("<I", 0xC000007F),
                         32768)
        else:
            uptime = 86400 + 3600 * i
            ev = FxEvent(n, t, "EventLog", 6013, 4,
                         [(None, ""), (None, ""), (None, ""), (None, ""), (None, str(uptime)), (None, "60"),
                          (None, "300 Eastern Standard Time")], b"", 32768)
        out.append(ev)
        t += dt.timedelta(minutes=9 + (n * 5) % 6, seconds=(n * 13) % 60)
    return out


def fixture_evtx_record(e: FxEvent) -> EvtxRecord:
    names = [nm for nm, _ in e.data]
    t = modern_template(FX_HOST, names, bool(e.binary))
    vals = [NULL] * (M_FIRST_DATA + len(e.data) + (1 if e.binary else 0))
    vals[M_LEVEL] = v_u8(e.level)
    vals[M_OPCODE] = v_u8(0)
    vals[M_TASK] = v_u16(0)
    vals[M_EVENTID] = v_u16(e.event_id)
    vals[M_QUAL] = v_u16(e.qualifiers) if e.qualifiers is not None else NULL
    vals[M_KEYWORDS] = v_hex64(e.keywords)
    vals[M_TIME] = v_filetime(e.utc)
    vals[M_PID] = v_u32(e.pid)
    vals[M_TID] = v_u32(e.tid)
    vals[M_RECID] = v_u64(e.record)
    vals[M_VERSION] = v_u8(0)
    vals[M_SID] = v_sid(e.sid) if e.sid else NULL
    vals[M_PROVIDER] = v_str(e.provider)
    vals[M_PGUID] = v_guid(e.guid) if e.guid else NULL
    vals[M_SOURCE] = v_str(e.source_name) if e.source_name else NULL
    vals[M_CHANNEL] = v_str(e.channel)
    for i, (_, v) in enumerate(e.data):
        vals[M_FIRST_DATA + i] = v_str(v)
    if e.binary:
        vals[M_FIRST_DATA + len(e.data)] = v_bin(e.binary)
    return EvtxRecord(e.record, e.utc, t, vals)


def chunk_of(events: list[FxEvent], full: bool) -> list[EvtxRecord]:
    """Records for one chunk: as many as fit when full, else all of events (which must fit)."""
    recs = [fixture_evtx_record(e) for e in events]
    c = EvtxChunk()
    for i, r in enumerate(recs):
        try:
            c.add(r)
        except ChunkFull:
            assert full, "fixture chunk overflow"
            return recs[:i]
    assert not full, "not enough events to fill a chunk"
    return recs


def one_chunk(recs: list[EvtxRecord]) -> bytes:
    c = EvtxChunk()
    for r in recs:
        c.add(r)
    return c.finish()


FX_START = dt.datetime(2012, 5, 14, 6, 2, 11)  # UTC


def fx_full_chunk(first: int, start: dt.datetime) -> list[EvtxRecord]:
    return chunk_of(fixture_events(first, 400, start), full=True)


def fx_partial(first: int, count: int, start: dt.datetime) -> list[EvtxRecord]:
    return chunk_of(fixture_events(first, count, start), full=False)


def after(recs: list[EvtxRecord]) -> dt.datetime:
    return recs[-1].written + dt.timedelta(minutes=11)


def evtx_fixtures() -> list[dict]:
    """The damaged and odd .evtx fixtures: [{name, data, readable, note...}]."""
    out = []

    # two-chunks-wrapped.evtx: a 2-chunk log that wrapped. The older chunk (full) was written to
    # the second slot; the first slot was then reused for the newest records.
    old = fx_full_chunk(8801, FX_START)
    new = fx_partial(old[-1].record_id + 1, 30, after(old))
    data = (evtx_header(1, 0, new[-1].record_id + 1, 2) + one_chunk(new) + one_chunk(old))
    out.append(dict(name="two-chunks-wrapped.evtx", data=data, readable=len(old) + len(new),
                    first=old[0].record_id, last=new[-1].record_id,
                    made=f"2 chunks. File chunk 0 holds the newest records {new[0].record_id}-{new[-1].record_id} "
                         f"({len(new)}), file chunk 1 the oldest {old[0].record_id}-{old[-1].record_id} ({len(old)}, "
                         "full). Header: first (oldest) chunk number 1, last (current) chunk number 0, next "
                         f"record id {new[-1].record_id + 1}, 2 chunks, clean.",
                    damage="none; a reader must go to the oldest chunk first to yield the records in record "
                           "order",
                    tools=f"evtxexport: {len(old) + len(new)} events in file order ({new[0].record_id}-{new[-1].record_id}, "
                          f"then {old[0].record_id}-{old[-1].record_id}); evtxinfo: {len(old) + len(new)} records, "
                          "\"Is corrupted\" (libevtx flags a header whose first chunk number exceeds the last one, "
                          f"which is what a wrapped log has); python-evtx: {len(old) + len(new)}, file order"))

    # bad-checksum.evtx: one chunk whose stored records CRC is wrong; records and header CRC fine.
    recs = fx_partial(20001, 40, FX_START + dt.timedelta(days=30))
    chunk = bytearray(one_chunk(recs))
    good = struct.unpack_from("<I", chunk, 52)[0]
    struct.pack_into("<I", chunk, 52, good ^ 0x5A5A0001)
    struct.pack_into("<I", chunk, 124, crc32(bytes(chunk[:120]) + bytes(chunk[128:512])))
    data = evtx_header(0, 0, recs[-1].record_id + 1, 1) + bytes(chunk)
    out.append(dict(name="bad-checksum.evtx", data=data, readable=len(recs), first=recs[0].record_id,
                    last=recs[-1].record_id,
                    made=f"1 chunk, records {recs[0].record_id}-{recs[-1].record_id} ({len(recs)}).",
                    damage=f"the chunk's event-records CRC32 (offset 52) reads {good ^ 0x5A5A0001:#010x}, the records "
                           f"give {good:#010x}; the chunk header CRC was recomputed and is valid; every record is "
                           "intact",
                    tools=f"evtxexport: {len(recs)} events; evtxinfo: {len(recs)} records, \"Is corrupted\"; "
                          f"python-evtx: {len(recs)} (no CRC check)"))

    # bad-chunk-magic.evtx: three chunks; the middle one's signature is overwritten with zeros.
    c0 = fx_full_chunk(30001, FX_START + dt.timedelta(days=60))
    c1 = fx_full_chunk(c0[-1].record_id + 1, after(c0))
    c2 = fx_partial(c1[-1].record_id + 1, 25, after(c1))
    bad = bytearray(one_chunk(c1))
    bad[0:8] = b"\0" * 8
    data = evtx_header(0, 2, c2[-1].record_id + 1, 3) + one_chunk(c0) + bytes(bad) + one_chunk(c2)
    out.append(dict(name="bad-chunk-magic.evtx", data=data, readable=len(c0) + len(c1) + len(c2), first=c0[0].record_id,
                    last=c2[-1].record_id,
                    made=f"3 chunks: {c0[0].record_id}-{c0[-1].record_id} ({len(c0)}), "
                         f"{c1[0].record_id}-{c1[-1].record_id} ({len(c1)}), {c2[0].record_id}-{c2[-1].record_id} "
                         f"({len(c2)}).",
                    damage=f"the middle chunk's 8-byte signature `ElfChnk\\0` is zeroed (so its header CRC fails "
                           f"too); its {len(c1)} records are intact and check out one by one (signature, size at "
                           f"both ends, BinXML). Readable: all {len(c0)} + {len(c1)} + {len(c2)} records; a reader "
                           f"that drops chunks without a signature gets {len(c0) + len(c2)}",
                    tools=f"evtxexport: {len(c0) + len(c2)} events (`-m all`: {len(c0) + len(c1) + len(c2)}, the broken "
                          f"chunk's {len(c1)} as recovered records); evtxinfo: {len(c0) + len(c2)} records, {len(c1)} "
                          f"recovered, \"Is corrupted\"; python-evtx: {len(c0) + len(c1) + len(c2)} (it does not check "
                          "the chunk signature)"))

    # truncated.evtx: one chunk, the file cut in the middle of a record.
    recs = fx_partial(40001, 45, FX_START + dt.timedelta(days=90))
    chunk = one_chunk(recs)
    c = EvtxChunk()
    for r in recs:
        c.add(r)
    cut_rec = 31                                   # cut inside the 32nd record
    rec_off = c.records[cut_rec][1]
    rec_size = struct.unpack_from("<I", chunk, rec_off + 4)[0]
    cut = rec_off + rec_size // 2
    data = evtx_header(0, 0, recs[-1].record_id + 1, 1) + chunk[:cut]
    out.append(dict(name="truncated.evtx", data=data, readable=cut_rec, first=recs[0].record_id,
                    last=recs[cut_rec - 1].record_id,
                    made=f"1 chunk of {len(recs)} records ({recs[0].record_id}-{recs[-1].record_id}); the file "
                         f"ends {cut} bytes into the chunk ({4096 + cut} bytes in all), halfway through record "
                         f"{recs[cut_rec].record_id} ({rec_size} bytes, starting at chunk offset {rec_off:#x}).",
                    damage=f"truncated: the file is not 4096 + n*65536 bytes; the chunk header (intact, CRC valid) "
                           f"still says records {recs[0].record_id}-{recs[-1].record_id} and its records CRC cannot "
                           f"match. Readable: the {cut_rec} records before the cut "
                           f"({recs[0].record_id}-{recs[cut_rec - 1].record_id})",
                    tools="evtxexport: \"No records to export.\" (0 events, exit 0); evtxinfo: 0 records, \"Is "
                          "corrupted\"; python-evtx: 0. Both need a whole 64 KiB chunk; a reader that keeps the "
                          f"complete records of a partial chunk gets {cut_rec}"))

    # dirty.evtx: two chunks, but the header (dirty) still describes the file as it was when the
    # first chunk was the only one.
    c0 = fx_full_chunk(50001, FX_START + dt.timedelta(days=120))
    c1 = fx_partial(c0[-1].record_id + 1, 20, after(c0))
    stale_next = c0[-1].record_id + 1 - 12          # as of 12 records before the first chunk filled up
    data = evtx_header(0, 0, stale_next, 1, flags=ELF_DIRTY) + one_chunk(c0) + one_chunk(c1)
    out.append(dict(name="dirty.evtx", data=data, readable=len(c0) + len(c1), first=c0[0].record_id,
                    last=c1[-1].record_id,
                    made=f"2 chunks: {c0[0].record_id}-{c0[-1].record_id} ({len(c0)}), "
                         f"{c1[0].record_id}-{c1[-1].record_id} ({len(c1)}).",
                    damage=f"header flags 0x1 (dirty); the header (CRC valid) is stale: 1 chunk, last chunk number "
                           f"0, next record id {stale_next}. Records {stale_next}-{c0[-1].record_id} lie beyond the "
                           f"header's next record id and the second chunk ({c1[0].record_id}-{c1[-1].record_id}) beyond "
                           "its chunk count: a reader must read every chunk the file holds",
                    tools=f"evtxexport: {len(c0) + len(c1)} events (libevtx reads on past the header's chunk count "
                          f"of a dirty file); evtxinfo: {len(c0) + len(c1)} records, \"Is corrupted\", \"Is dirty\"; "
                          f"python-evtx: {len(c0) + len(c1)}"))
    return out


SQL_HOST = "SQLSRV03.corp.example.com"


def sql_application_events(first: int, count: int, start: dt.datetime) -> list[FxEvent]:
    """The Application log of a made-up SQL Server 2008 R2 host: database start-ups and backups,
    failed logins (audit failure), virus-scanner events, VSS idle shutdowns. Classic sources only."""
    dbs = ["Comptabilite", "Stock", "msdb", "model", "Paie"]
    out, t = [], start
    for i in range(count):
        n = first + i
        k = n % 8
        db = dbs[n % len(dbs)]
        sqlbin = lambda eid: struct.pack("<II", eid, 10) + utf16z("SQLSRV03")
        if k == 0:
            e = FxEvent(n, t, "MSSQLSERVER", 17137, 4, [(None, db)], sqlbin(17137), 16384, task=2)
        elif k in (1, 4):
            pages = 1000 + (n * 7919) % 90000
            e = FxEvent(n, t, "MSSQLSERVER", 18264, 4,
                        [(None, db), (None, "2012/03/02"), (None, "21:14:50"), (None, str(pages)),
                         (None, f"{40000 + n}:{512 + n % 97}:37"), (None, f"{40000 + n}:{530 + n % 97}:1"),
                         (None, "1"), (None, f"{{'E:\\Backup\\{db}_{n}.bak'}}")], sqlbin(18264), 16384, task=6)
        elif k == 2:
            e = FxEvent(n, t, "McLogEvent", 5, 4, [(None, "6701.0000"), (None, "5400.1158")], b"", 16384)
        elif k == 3:
            e = FxEvent(n, t, "SecurityCenter", 1, 4, [], b"", 16384)
        elif k == 5:
            e = FxEvent(n, t, "MSSQLSERVER", 18456, 0,
                        [(None, "sa"), (None, " Reason: Password did not match that for the login provided."),
                         (None, f" [CLIENT: 10.1.5.{60 + n % 30}]")], sqlbin(18456), 49152,
                        keywords=0x90000000000000, task=4)
        elif k == 6:
            e = FxEvent(n, t, "VSS", 8224, 4, [], b"- Code:  SECSECRC00000581- Call:  SECSECRC00000565",
                        0)
        else:
            e = FxEvent(n, t, "McLogEvent", 257, 4, [(None, "Full Scan")], b"", 16384, sid="S-1-5-18")
        e.channel = "Application"
        out.append(e)
        t += dt.timedelta(minutes=17 + n % 23, seconds=(n * 31) % 60)
    return out


def nested_evtx_record(e: FxEvent) -> EvtxRecord:
    t = classic_nested_template(SQL_HOST)
    vals = [NULL] * (C_FIRST_DATA + 1)
    vals[C_LEVEL] = v_u8(e.level)
    vals[C_TASK] = v_u16(e.task)
    vals[C_EVENTID] = v_u16(e.event_id)
    vals[C_QUAL] = v_u16(e.qualifiers)
    vals[C_KEYWORDS] = v_hex64(e.keywords)
    vals[C_TIME] = v_filetime(e.utc)
    vals[C_RECID] = v_u64(e.record)
    vals[C_SID] = v_sid(e.sid) if e.sid else NULL
    vals[C_PROVIDER] = v_str(e.provider)
    vals[C_CHANNEL] = v_str(e.channel)
    strings = (T_STRING_ARRAY, b"".join(utf16z(v) for _, v in e.data)) if e.data else NULL
    binary = v_bin(e.binary) if e.binary else NULL
    vals[C_FIRST_DATA] = (T_BINXML, (NESTED_EVENTDATA, [strings, binary]))
    return EvtxRecord(e.record, e.utc, t, vals)


def classic_nested_fixture() -> dict:
    evs = sql_application_events(61001, 48, dt.datetime(2012, 3, 3, 1, 5, 9))
    recs = [nested_evtx_record(e) for e in evs]
    data = evtx_header(0, 0, recs[-1].record_id + 1, 1) + one_chunk(recs)
    return dict(name="classic-nested.evtx", data=data, readable=len(recs), first=recs[0].record_id,
                last=recs[-1].record_id,
                made=f"1 chunk, Application log of `{SQL_HOST}`, records {recs[0].record_id}-{recs[-1].record_id} "
                     f"({len(recs)}): MSSQLSERVER 17137/18264/18456 (18456 an audit failure: Level 0, keywords "
                     "0x90000000000000), McLogEvent 5/257, SecurityCenter 1, VSS 8224. EventData is stored as "
                     "Windows stores a classic (ReportEvent) event: the outer template's last substitution is "
                     "Binary XML (type 0x21) holding a second template `<EventData><Data>%0</Data><Binary>%1"
                     "</Binary></EventData>`, %0 an array of NUL-terminated strings (type 0x81) that becomes one "
                     "`<Data>` per string, %1 binary; NULL values (no strings, no data) leave the element out. "
                     "Both templates are defined once in the chunk.",
                damage="none",
                tools=f"evtxexport: {len(recs)} events, one `<Data>` per string, no `<Data>`/`<Binary>` where the "
                      f"value is NULL; evtxinfo: {len(recs)} records; python-evtx: {len(recs)} (it renders each "
                      "string array as one `<Data>` of escaped `<string>` lines, as it does on real classic events)")


W2K_HOST = "PRNSRV05"
W2K_ADMIN = "S-1-5-21-842925246-1425521274-308236825-500"
W2K_USERS = [("S-1-5-21-842925246-1425521274-308236825-1131", "mlefevre"),
             ("S-1-5-21-842925246-1425521274-308236825-1145", "pdubois"),
             ("S-1-5-21-842925246-1425521274-308236825-1202", "ckramer")]
W2K_DOCS = ["Rapport mensuel.doc", "Facture 2003-0612.pdf", "Plan étage 2.vsd", "Liste R&D.xls",
            "Microsoft Word - Offre.doc", "Courrier.txt"]


def w2k_events(first: int, count: int, start: dt.datetime) -> list[EvtRecord]:
    """A Windows 2000 print server's System log: print jobs, spooler restarts, Srv warnings, an
    EventLog restart now and then; every 5-9 minutes."""
    out = []
    t = start
    boot_every = 97
    for i in range(count):
        n = first + i
        k = n % 12
        sid, user = W2K_USERS[n % len(W2K_USERS)]
        if n % boot_every == 0:
            r = EvtRecord(n, t, "EventLog", W2K_HOST, 0x8000176E, "Information")                  # 6006
        elif n % boot_every == 1:
            r = EvtRecord(n, t, "EventLog", W2K_HOST, 0x80001779, "Information", 0,               # 6009
                          ["5.00.", "2195", "Service Pack 3", "Uniprocessor Free"])
        elif n % boot_every == 2:
            r = EvtRecord(n, t, "EventLog", W2K_HOST, 0x8000176D, "Information")                  # 6005
        elif k in (0, 1, 2, 4, 5, 7, 8, 10, 11):
            doc = W2K_DOCS[n % len(W2K_DOCS)]
            printer = ["LJ4100-2ETG", "LJ8150-COUL"][n % 2]
            r = EvtRecord(n, t, "Print", W2K_HOST, 0x0000000A, "Information", 0,
                          [str(100 + n % 900), doc, user, printer, f"IP_10.1.4.{21 + n % 2}",
                           str(15000 + (n * 7919) % 250000), str(1 + n % 12)], b"", sid)
        elif k == 3:
            r = EvtRecord(n, t, "Service Control Manager", W2K_HOST, 0x40001B7B, "Information", 0,   # 7035
                          ["Print Spooler", "stop" if n % 2 else "start"], b"", W2K_ADMIN)
        elif k == 6:
            r = EvtRecord(n, t, "Service Control Manager", W2K_HOST, 0x40001B7C, "Information", 0,   # 7036
                          ["Print Spooler", "stopped" if n % 2 else "running"])
        else:
            r = EvtRecord(n, t, "Srv", W2K_HOST, 0x800007DD, "Warning", 0, ["E:"],
                          bytes.fromhex("0000040001000000000000003d000000") + struct.pack("<I", 0xC000007F))
        out.append(r)
        t += dt.timedelta(minutes=5 + n % 5, seconds=(n * 17) % 60)
    return out


def evt_wrapped_fixture() -> tuple[bytes, dict]:
    """A 64 KiB log written by the NT ring algorithm until it has wrapped: before each record the
    writer drops the oldest records until the new record and the EOF record fit; a record that
    reaches the end of the file continues at 0x30."""
    size = 0x10000
    cap = size - EVT_HEADER_SIZE
    for count in range(300, 500):
        recs = w2k_events(9001, count, dt.datetime(2003, 6, 2, 7, 0, 3))
        ring = Ring(size)
        live: list[tuple[int, int, int]] = []   # (number, offset, length)
        pos, wrapped, straddle = EVT_HEADER_SIZE, False, None
        for r in recs:
            p = r.pack()
            while live:
                free = (live[0][1] - pos) % cap
                if free >= len(p) + EVT_EOF_SIZE:
                    break
                live.pop(0)
            if pos + len(p) > size:
                wrapped, straddle = True, (r.number, size - pos)
            live.append((r.number, pos, len(p)))
            pos = ring.write(pos, p)
        eof_at = pos
        ok = (wrapped and eof_at + EVT_EOF_SIZE <= size and straddle is not None
              and any(n == straddle[0] for n, _, _ in live) and live[0][1] > eof_at)
        if not ok:
            continue
        current, oldest = recs[-1].number + 1, live[0][0]
        ring.write(eof_at, evt_eof(live[0][1], eof_at, current, oldest))
        ring.buf[:EVT_HEADER_SIZE] = evt_header(live[0][1], eof_at, current, oldest, size, ELF_WRAP, 0)
        return bytes(ring.buf), dict(written=len(recs), live=len(live), oldest=oldest, newest=recs[-1].number,
                                     start=live[0][1], eof=eof_at, straddler=straddle[0],
                                     before_end=straddle[1])
    raise AssertionError("no wrapped layout found")


def evt_fixtures() -> list[dict]:
    out = []
    data, info = evt_wrapped_fixture()
    out.append(dict(name="wrapped.evt", data=data, readable=info["live"], first=info["oldest"], last=info["newest"],
                    made=f"a 64 KiB ring (MaxSize 0x10000, retention 0) after {info['written']} writes: records "
                         f"{info['oldest']}-{info['newest']} ({info['live']} live), the oldest at {info['start']:#x}, "
                         f"record {info['straddler']} has its first {info['before_end']} bytes"
                         f"{' (less than its 56-byte fixed part)' if info['before_end'] < 56 else ''} at the end of the file "
                         f"and the rest at 0x30, the EOF record at {info['eof']:#x}; header flags 0x2 (wrap). "
                         "Between the EOF record and the oldest record: the remains of overwritten records.",
                    damage="none (a ring that wrapped, as NT writes it)",
                    tools=f"evtexport: {info['live']} events {info['oldest']}-{info['newest']}, 0 recovered; evtinfo: "
                          f"{info['live']} records, \"Is corrupted\" "
                          "and \"Has wrapped\" (libevt 20200926 reports wrapped files as corrupted although the "
                          "header's wrap flag is set; its check appears to test the wrong flags field)"))

    # dirty.evt: the header was last flushed 14 records ago.
    recs = w2k_events(12001, 60, dt.datetime(2003, 6, 9, 8, 15, 0))
    data, lay = evt_linear(recs, 0x10000, 0x80000, 604800)
    stale_n = 14
    stale_end = lay["offsets"][len(recs) - stale_n]     # where the EOF record was then
    b = bytearray(data)
    b[:EVT_HEADER_SIZE] = evt_header(EVT_HEADER_SIZE, stale_end, recs[-stale_n].number, recs[0].number,
                                     0x80000, ELF_DIRTY, 604800)
    out.append(dict(name="dirty.evt", data=bytes(b), readable=len(recs), first=recs[0].number, last=recs[-1].number,
                    made=f"{len(recs)} records {recs[0].number}-{recs[-1].number} from 0x30, not wrapped, then the EOF "
                         f"record at {lay['eof']:#x} (which holds the true end offset {lay['eof']:#x} and next "
                         f"record number {recs[-1].number + 1}); 64 KiB file, MaxSize 512 KiB.",
                    damage=f"header flags 0x1 (dirty) and stale: end offset {stale_end:#x} (now the start of record "
                           f"{recs[-stale_n].number}, not an EOF record) and next record number {recs[-stale_n].number}; "
                           f"the last {stale_n} records are found by reading on to the EOF record",
                    tools=f"evtexport: {len(recs)} events; evtinfo: {len(recs)} records, \"Is corrupted\", \"Is "
                          "dirty\""))

    # damaged-record.evt: one record in the middle has a broken trailing copy of its length.
    recs = w2k_events(15001, 40, dt.datetime(2003, 6, 16, 9, 40, 0))
    data, lay = evt_linear(recs, 0x10000, 0x80000, 604800)
    victim = 17
    at = lay["offsets"][victim]
    ln = struct.unpack_from("<I", data, at)[0]
    b = bytearray(data)
    struct.pack_into("<I", b, at + ln - 4, 0)
    out.append(dict(name="damaged-record.evt", data=bytes(b), readable=len(recs) - 1, first=recs[0].number,
                    last=recs[-1].number,
                    made=f"{len(recs)} records {recs[0].number}-{recs[-1].number} from 0x30, not wrapped, clean "
                         "header, EOF record after the last one.",
                    damage=f"record {recs[victim].number} (at {at:#x}, length {ln}) ends with 0 instead of its "
                           "length; its leading length and signature are intact, so the records after it can be "
                           f"found. Readable: the other {len(recs) - 1}",
                    tools=f"evtexport: {victim} events ({recs[0].number}-{recs[victim - 1].number}: it stops at the "
                          f"damaged record); `-m recovered`: {len(recs) - victim} ({recs[victim].number}-{recs[-1].number}, "
                          f"the damaged one included); evtinfo: {victim} records, {len(recs) - victim} recovered, not "
                          "marked corrupted"))
    return out


# ---------------------------------------------------------------------------------------------
# Writing, manifest, README
# ---------------------------------------------------------------------------------------------

FORMATS = {
    "evtx": "F binary `.evtx` (Windows XML Event Log 3.1: 4 KiB header, 64 KiB chunks, Binary XML templates)",
    "evt": "E binary `.evt` (NT ELF_LOGFILE_HEADER ring buffer, EVENTLOGRECORDs, EOF record)",
}

BINARY_README: list[str] = []


def save_binary(m, rel: str, data: bytes, records: int, fmt: str, expected: str) -> None:
    path = os.path.join(m.HERE, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    m.MANIFEST.append({"path": rel, "format": fmt, "encoding": "binary, UTF-16LE strings", "records": records,
                       "bytes": len(data), "expected": expected, "eol": "-"})


def write_binary_samples(m, pos) -> None:
    S, A = pos.system, pos.application
    high = "Q216793 **high**, computer DHCPSRV01"
    d = "Q216793/"

    sys_evtx, _ = evtx_file([classic_evtx_record(m, e) for e in S])
    app_evtx, _ = evtx_file([classic_evtx_record(m, e) for e in A])
    n_tmpl_sys = len({classic_template(e.computer, [None] * len(e.strings), bool(e.data)).key for e in S})
    n_tmpl_app = len({classic_template(e.computer, [None] * len(e.strings), bool(e.data)).key for e in A})
    save_binary(m, d + "evtx/System.evtx", sys_evtx, len(S), FORMATS["evtx"], high + " (this file alone: medium)")
    save_binary(m, d + "evtx/Application.evtx", app_evtx, len(A), FORMATS["evtx"],
                high + " (this file alone: no finding)")

    sysevt, sinfo = sysevent_wrapped(m, S)
    appevt, _ = evt_linear([classic_evt_record(m, e) for e in A], 0x10000, 0x80000, 604800)
    # The reader returns the live records and, after them, the dead-space records it can prove.
    save_binary(m, d + "evt/SysEvent.Evt", sysevt, len(S) + sinfo['stale'], FORMATS["evt"] + "; wrapped, a record straddles the end",
                high + " (this file alone: medium)")
    save_binary(m, d + "evt/AppEvent.Evt", appevt, len(A), FORMATS["evt"], high + " (this file alone: no finding)")

    fixtures = evtx_fixtures() + [classic_nested_fixture()] + evt_fixtures()
    for fx in fixtures:
        kind = "evtx" if fx["name"].endswith(".evtx") else "evt"
        save_binary(m, "binary/" + fx["name"], fx["data"], fx["readable"], FORMATS[kind] + "; unit-test fixture",
                    "**no finding** (fixture)")
    live_bytes = sum(len(classic_evt_record(m, e).pack()) for e in S) + EVT_EOF_SIZE

    BINARY_README.append(f"""## Binary event logs (`.evtx`, `.evt`)

Written by [`make_binary_samples.py`](make_binary_samples.py) (called by `make_samples.py`),
Python standard library only, deterministic. The layouts follow the libyal format notes (libevtx
"Windows XML Event Log (EVTX) format", libevt "Windows Event Log (EVT) format") and what real files
show (8-byte record alignment and the end-of-file token after the values in `.evtx`; no alignment
before the SID and 1-4 bytes of padding in `.evt`); no bytes were copied from real logs. Check
them with `evtxexport -f xml`, `evtxinfo`, `evtx_dump.py`, `evtexport` and `evtinfo`.

### Q216793 as `.evtx` (`Q216793/evtx/`)

`System.evtx` ({len(S)} records, {S[0].record}-{S[-1].record}) and `Application.evtx` ({len(A)} records,
{A[0].record}-{A[-1].record}) hold the same events as `Q216793/wevtutil-xml/` (same record ids, UTC
times, providers, IDs and Qualifiers, levels, tasks, keywords, channel, computer, user SIDs, insertion
strings and binary data): converted with `evtxexport -f xml` they give the same events and fields.
Each file is a 4096-byte header (version 3.1, clean, CRC32 of bytes 0-119) and one 64 KiB chunk
(records {S[0].record}-{S[-1].record}, resp. {A[0].record}-{A[-1].record}; chunk header CRC32 over bytes 0-119
and 128-511, records CRC32 over 512..free space). Record ids in the record headers equal
`EventRecordID` (a copy of the live log, not a `wevtutil epl` export that renumbers).

Binary XML per record: fragment header, template instance (0x0c) whose definition (GUID, size,
BinXML ending in 0x00) is written inline on its first use in the chunk and referenced by offset
afterwards; names are written inline once per chunk (hash, length, UTF-16, NUL; linked newest-first
in the 64-bucket string table, bucket = hash mod 64) and referenced by offset; then the value array
(count, size/type descriptors, values) and an end-of-file token, padded to 8 bytes. The template is
`<Event xmlns=…><System><Provider Name=%8/><EventID Qualifiers=%3>%2</EventID><Level>%0</Level>
<Task>%1</Task><Keywords>%4</Keywords><TimeCreated SystemTime=%5/><EventRecordID>%6</EventRecordID>
<Channel>%9</Channel><Computer>DHCPSRV01</Computer><Security UserID=%7/></System><EventData>
<Data>%10</Data>…<Binary>%n</Binary></EventData></Event>` with optional substitutions (0x0e) in
System and `<Binary>`, normal ones (0x0d) in `<Data>`; value types UInt8 Level, UInt16 Task, EventID
and Qualifiers, HexInt64 Keywords, FileTime, UInt64 record id, String provider and channel, SID
(0x13) or NULL (type 0, so `<Security/>`), String data, Binary (0x0e). One template per shape
(number of strings, binary data or not): {n_tmpl_sys} templates in System.evtx, {n_tmpl_app} in
Application.evtx, each defined once and reused. Events without strings or data have an empty
`<EventData></EventData>`.

### Q216793 as `.evt` (`Q216793/evt/`)

The same events as NT 4.0 wrote them: EventID with the severity bits (`DhcpServer` 1014 Error =
0xC00003F6, EventLog 6005 = 0x8000176D with type Information), event type, category (JET 30:
1; `MSExchangeIS Private` 1009: 2), insertion strings, binary data, the user SID where the XML export
has one, source names as in the NT4 exports (`DhcpServer`). Times are POSIX UTC (written = generated).

* `SysEvent.Evt` ({len(S)} records, {S[0].record}-{S[-1].record}), 65,536 bytes, MaxSize 0x10000, retention 0,
  header flags 0x2 (wrap): the oldest record is at {sinfo['start']:#x}; record {sinfo['straddler']} (the
  first DhcpServer 1014 after 04:00) has its first {sinfo['before_end']} bytes at the end of the file and
  continues at 0x30; the EOF record is at {sinfo['eof']:#x}. The dead space between the EOF record and the
  oldest record holds older records {sinfo['stale_first']}-{S[0].record - 1} ({sinfo['stale']} whole records,
  {sinfo['stale_from']:%Y-%m-%d %H:%M} to {sinfo['stale_to']:%Y-%m-%d %H:%M} UTC: print jobs, Srv, BROWSER, Spooler, DHCP
  scope warnings) preceded by the tail of record
  {sinfo['partial']}, whose head the newer records overwrote. They are no longer in the log (the header's
  oldest record is {S[0].record}), but they are whole and older than it: kbmatch returns them after the live
  records as recovered records (note N0512), so the manifest counts {len(S)} + {sinfo['stale']}; the torn tail of
  {sinfo['partial']} is not returned. (A real 64 KiB log would have far less dead
  space; here the live records and the EOF record fill {live_bytes} bytes, {100 * live_bytes // len(sysevt)}% of the file.)
* `AppEvent.Evt` ({len(A)} records, {A[0].record}-{A[-1].record}), 65,536 bytes, MaxSize 0x80000, retention
  604800, not wrapped, clean: header, records from 0x30, EOF record, zeros.

Checked with the reference tools: `evtxexport -f xml` gives {len(S)} and {len(A)} events whose every element,
attribute and text equals the `wevtutil-xml` export (Keywords compared as numbers: evtxexport prints
`0x0080000000000000`), and `kbmatch events --format jsonl` of that output equals the one of the
`wevtutil-xml` files in record, time, source, event_id, qualifiers, level, category, computer, user,
strings and data_hex; `evtxinfo`: {len(S)} / {len(A)} records, none recovered, not corrupted;
`evtx_dump.py`: {len(S)} / {len(A)} events. `evtexport` gives {len(S)} / {len(A)} events with the same record
numbers, times, types, sources, categories, full event identifiers, strings and SIDs (it does not
print the binary data; a separate walk of the ring checked it). `evtinfo` on `SysEvent.Evt`: {len(S)}
records, {sinfo['stale']} recovered (the dead-space records; `evtexport -m recovered` lists them), "Is corrupted"
and "Has wrapped" (libevt 20200926 reports wrapped files as corrupted, see `binary/README.md`);
`AppEvent.Evt`: {len(A)} records.

""")
    write_fixture_readme(m, fixtures)


def write_fixture_readme(m, fixtures: list[dict]) -> None:
    lines = ["# Binary log fixtures (unit tests)", "",
             "Written by [`../make_binary_samples.py`](../make_binary_samples.py) (run "
             "`python3 samples/make_samples.py`); synthetic and deterministic. The `.evtx` files (but "
             "`classic-nested.evtx`, described in its row) are the "
             f"System log of a made-up Windows Server 2008 R2 file server `{FX_HOST}` (Service Control "
             "Manager 7036/7040 with named `<Data Name='paramN'>` and, for 7036, `<Binary>`; Srv 2013 warnings "
             "with one unnamed `<Data>` and `<Binary>`; EventLog 6013 with seven unnamed `<Data>`, four of "
             "them empty). Their template adds `<Version>`, `<Opcode>`, `<Correlation ActivityID/>` (NULL), "
             "`<Execution ProcessID ThreadID/>` (UInt32), and `<Provider Name Guid EventSourceName/>` (GUID "
             "and EventSourceName NULL for the classic sources); 7040 carries a user SID. The `.evt` files are "
             f"the System log of a made-up Windows 2000 print server `{W2K_HOST}` (Print 10 with a user SID, "
             "Service Control Manager 7035/7036, Srv 2013 with data, EventLog 6005/6006/6009); their names "
             "do not tell the log (an .evt file says it only through its name: `SysEvent.Evt`, `AppEvent.Evt`).",
             "",
             "\"Readable\" is what a correct reader returns: the live records it can trust. It is the number "
             "in `../manifest.json`. A file with damage should also be reported as damaged.",
             "",
             "| file | bytes | readable records | record numbers | how it was made | damage | reference tools |",
             "|---|---:|---:|---|---|---|---|"]
    for fx in fixtures:
        lines.append(f"| `{fx['name']}` | {len(fx['data'])} | {fx['readable']} | {fx['first']}-{fx['last']} "
                     f"| {fx['made']} | {fx['damage']} | {fx['tools']} |")
    lines += ["",
              "Sizes: a chunk is 64 KiB, so the multi-chunk `.evtx` fixtures (two-chunks-wrapped, dirty: 2 "
              "chunks, 135,168 bytes; bad-chunk-magic: 3 chunks, 200,704 bytes) are larger than the others. "
              "Every `.evt` fixture is 65,536 bytes.",
              "",
              "Reference tools (Debian packages): `evtxexport -f xml`, `evtxinfo` (libevtx-utils 20181227), "
              "`evtx_dump.py` (python3-evtx 0.6.1, run with `/usr/bin/python3`), `evtexport`, `evtinfo` "
              "(libevt-utils 20200926). Record order: the tools list `.evtx` records in file order; "
              "`two-chunks-wrapped.evtx` is the only file whose file order is not record order.",
              ""]
    BINARY_README.append("### Fixtures (`binary/`)\n\nSee [`binary/README.md`](binary/README.md): "
                         + ", ".join(f"`{fx['name']}` ({fx['readable']} readable)" for fx in fixtures)
                         + ". For these files the \"records\" column below and `manifest.json` give the readable "
                           "records.\n\n")
    with open(os.path.join(m.HERE, "binary", "README.md"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines))


def readme() -> str:
    return "".join(BINARY_README)
