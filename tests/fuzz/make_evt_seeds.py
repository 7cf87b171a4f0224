#!/usr/bin/env python3
"""Writes the seed corpus of fuzz_evt_reader (tests/fuzz/corpus/evt_reader/): small legacy .evt
logs, one per shape the reader handles (plain, wrapped with a record straddling the end, the EOF
record itself wrapping, dirty header with stale offsets, damaged records, truncated, old records in
the unused space). Synthetic and deterministic; run once after changing it:
    python3 tests/fuzz/make_evt_seeds.py
"""
import os
import struct

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "evt_reader")


def utf16z(s):
    return s.encode("utf-16-le") + b"\0\0"


def sid(authority, subs):
    return bytes([1, len(subs), 0, 0, 0, 0, 0, authority]) + b"".join(struct.pack("<I", s) for s in subs)


def record(number, event_id=0x40001B7B, etype=4, strings=("Telephony", "running"), data=b"", user=b"",
           source="Service Control Manager", computer="SRV01", category=0):
    body = utf16z(source) + utf16z(computer)
    body += b"\0" * ((-(56 + len(body))) % 4)
    sid_at = 56 + len(body) if user else 0
    body += user
    strings_at = 56 + len(body)
    body += b"".join(utf16z(s) for s in strings)
    data_at = 56 + len(body)
    body += data
    body += b"\0" * ((-(56 + len(body) + 4)) % 4)
    size = 56 + len(body) + 4
    t = 1000000000 + number * 60
    head = struct.pack("<I4sIIIIHHHHIIIIII", size, b"LfLe", number, t, t, event_id, etype, len(strings), category, 0,
                       0, strings_at, len(user), sid_at, len(data), data_at)
    return head + body + struct.pack("<I", size)


def eof_record(begin, end, current, oldest):
    return struct.pack("<10I", 0x28, 0x11111111, 0x22222222, 0x33333333, 0x44444444, begin, end, current, oldest, 0x28)


def log(records, size=2048, begin=0x30, flags=0):
    """Records in order from `begin` around the ring, then the EOF record; the header says so."""
    f = bytearray(size)
    ring = size - 0x30
    pos = begin

    def put(b):
        nonlocal pos
        for i, c in enumerate(b):
            f[0x30 + (pos - 0x30 + i) % ring] = c
        pos = 0x30 + (pos - 0x30 + len(b)) % ring

    offsets = []
    for r in records:
        offsets.append(pos)
        put(r)
    numbers = [struct.unpack_from("<I", r, 8)[0] for r in records] or [0]
    eof = pos
    put(eof_record(begin, eof, numbers[-1] + 1, numbers[0]))
    f[0:48] = struct.pack("<12I", 0x30, 0x654C664C, 1, 1, begin, eof, numbers[-1] + 1, numbers[0], size, flags, 0,
                          0x30)
    return f, offsets, eof


def many(first, count):
    return [record(n, 0x40001B7B + n % 3, strings=("Svc %d" % n,)) for n in range(first, first + count)]


def main():
    os.makedirs(OUT, exist_ok=True)
    seeds = {}
    plain = [
        record(1, user=sid(5, [18])),
        record(2, 0xC00003F6, 1, ("-510",), data=b"\x02\xfe\xff\xff", source="DhcpServer"),
        record(3, 0x8000A001, 2, ("cifs/CONTROLLER", "line\r\nbreak"), category=3,
               user=sid(5, [21, 1004336348, 1177238915, 682003330, 500]), source="LSASRV"),
        record(4, 0x0000000A, 16, ()),
    ]
    seeds["plain.evt"] = log(plain, 1024)[0]
    seeds["wrapped.evt"] = log(many(500, 6), 1024, 1024 - 300, 2)[0]
    total = sum(len(r) for r in many(10, 3))
    seeds["eof-wraps.evt"] = log(many(10, 3), 1024, 1024 - 12 - total, 2)[0]
    f, offsets, eof = log(many(40, 9), 1536, 1536 - 400, 3)
    struct.pack_into("<II", f, 20, offsets[5], 45)  # stale end offset and next record number
    seeds["dirty.evt"] = f
    f, offsets, eof = log(many(1, 6), 1024)
    f[offsets[2] + 4] = ord("X")
    struct.pack_into("<I", f, offsets[4] + 36, 5000)  # string offset outside the record
    seeds["damaged.evt"] = f
    f, offsets, eof = log(many(1, 5), 1024)
    seeds["truncated.evt"] = f[: offsets[3] + 30]
    f, offsets, eof = log(many(100, 12), 2048, 0x530, 2)
    seeds["truncated-wrapped.evt"] = f[: offsets[2] + 92]  # the EOF record survives, the end does not
    f, offsets, eof = log(many(20, 4), 1536)
    at = eof + 40 + 24
    for r in (record(17, strings=("old one",)), record(21, strings=("Svc 21",)), record(19, strings=("old three",))):
        f[at:at + len(r)] = r
        at += len(r)
    seeds["recovered.evt"] = f
    f, offsets, eof = log(many(1, 3), 512)
    f[44] = 0  # damaged header
    seeds["bad-header.evt"] = f
    for name, data in seeds.items():
        with open(os.path.join(OUT, name), "wb") as out:
            out.write(bytes(data))


if __name__ == "__main__":
    main()
