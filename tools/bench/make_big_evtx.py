#!/usr/bin/env python3
"""Builds a large, valid .evtx file by repeating the chunks of real ones (benchmark input only;
not part of the test suite).

    tools/bench/make_big_evtx.py OUT SIZE_MB SOURCE.evtx|DIR...

Every good chunk of the SOURCE files (directories are searched recursively for *.evtx) is copied
in turn, round after round, until the output holds SIZE_MB MiB (4 KiB file header + 64 KiB
chunks; at most 65,535 chunks, i.e. about 4 GiB, since the header's chunk count is 16 bits).
The output is written chunk by chunk, so this script's memory does not depend on SIZE_MB.

What is patched in each copy, so the result reads as one consistent log:
  * every record header's record identifier (record offset 8): numbered 1, 2, 3, ... across the
    whole file;
  * the chunk header's first/last record numbers and identifiers (offsets 8, 16, 24, 32), its
    records CRC32 (offset 52, over chunk bytes 512 .. free space offset) and its header CRC32
    (offset 124, over bytes 0-119 and 128-511);
  * the file header: first chunk 0, last chunk n-1, next record identifier, chunk count
    (offset 42), flags 0 (clean) and its CRC32 (offset 124, over bytes 0-119).
Not patched: the EventRecordID inside each record's BinXML substitution values (it would need a
template-aware rewrite). Tools that print that value (evtxexport, python-evtx) therefore show the
source file's ids, repeated; the record headers and chunk headers are consistent.

Chunks are taken only when their magic, header CRC and records CRC check out and their records
walk cleanly from offset 512 to the free space offset; the rest are skipped (counted on stderr).
Check the result with `evtxinfo OUT` (it prints the number of records) or `evtxexport OUT`.
"""
import os
import struct
import sys
import zlib

FILE_HEADER_SIZE = 4096
CHUNK_SIZE = 65536
CHUNK_HEADER_SIZE = 512
MAX_CHUNKS = 0xFFFF


def crc32(data):
    return zlib.crc32(data) & 0xFFFFFFFF


def find_sources(args):
    files = []
    for a in args:
        if os.path.isdir(a):
            for root, dirs, names in os.walk(a):
                dirs.sort()
                for n in sorted(names):
                    if n.lower().endswith(".evtx"):
                        files.append(os.path.join(root, n))
        else:
            files.append(a)
    return files


def record_offsets(chunk, free):
    """Offsets of the records from 512 to `free`, or None when the walk does not end cleanly."""
    offsets = []
    pos = CHUNK_HEADER_SIZE
    while pos < free:
        if pos + 28 > free or chunk[pos:pos + 4] != b"\x2a\x2a\x00\x00":
            return None
        size = struct.unpack_from("<I", chunk, pos + 4)[0]
        if size < 28 or pos + size > free or struct.unpack_from("<I", chunk, pos + size - 4)[0] != size:
            return None
        offsets.append(pos)
        pos += size
    return offsets if pos == free else None


def good_chunks(path, stats):
    """Yields (chunk bytes, record offsets) for every chunk of `path` that checks out."""
    with open(path, "rb") as f:
        header = f.read(FILE_HEADER_SIZE)
        if len(header) < 128 or header[:8] != b"ElfFile\x00":
            stats["bad_files"] += 1
            return
        index = 0
        while True:
            chunk = f.read(CHUNK_SIZE)
            if len(chunk) < CHUNK_SIZE:
                return
            index += 1
            if chunk[:8] != b"ElfChnk\x00":
                stats["bad_chunks"] += 1 if chunk.strip(b"\x00") else 0
                continue
            free = struct.unpack_from("<I", chunk, 48)[0]
            if not CHUNK_HEADER_SIZE < free <= CHUNK_SIZE:
                stats["bad_chunks"] += 1
                continue
            header_crc = crc32(chunk[:120] + chunk[128:CHUNK_HEADER_SIZE])
            if header_crc != struct.unpack_from("<I", chunk, 124)[0] or \
                    crc32(chunk[CHUNK_HEADER_SIZE:free]) != struct.unpack_from("<I", chunk, 52)[0]:
                stats["bad_chunks"] += 1
                continue
            offsets = record_offsets(chunk, free)
            if not offsets:
                stats["bad_chunks"] += 1
                continue
            yield chunk, offsets


def main(argv):
    if len(argv) < 4:
        sys.stderr.write(__doc__)
        return 2
    out_path, size_mb, sources = argv[1], float(argv[2]), find_sources(argv[3:])
    chunks_wanted = int((size_mb * 1024 * 1024 - FILE_HEADER_SIZE) // CHUNK_SIZE)
    if chunks_wanted < 1 or chunks_wanted > MAX_CHUNKS:
        sys.stderr.write(f"make_big_evtx: SIZE_MB gives {chunks_wanted} chunks; it must be 1..{MAX_CHUNKS}\n")
        return 2
    if not sources:
        sys.stderr.write("make_big_evtx: no source .evtx files\n")
        return 2
    stats = {"bad_files": 0, "bad_chunks": 0}
    version_header = None
    for s in sources:
        with open(s, "rb") as f:
            h = f.read(128)
        if h[:8] == b"ElfFile\x00":
            version_header = h
            break
    if version_header is None:
        sys.stderr.write("make_big_evtx: no source has an ElfFile header\n")
        return 2

    written = 0
    next_id = 1
    with open(out_path, "wb") as out:
        out.write(b"\x00" * FILE_HEADER_SIZE)  # rewritten at the end
        rounds = 0
        first_round = stats
        while written < chunks_wanted:
            before = written
            for src in sources:
                for chunk, offsets in good_chunks(src, stats):
                    c = bytearray(chunk)
                    first = next_id
                    for off in offsets:
                        struct.pack_into("<Q", c, off + 8, next_id)
                        next_id += 1
                    last = next_id - 1
                    struct.pack_into("<QQQQ", c, 8, first, last, first, last)
                    free = struct.unpack_from("<I", c, 48)[0]
                    struct.pack_into("<I", c, 52, crc32(c[CHUNK_HEADER_SIZE:free]))
                    struct.pack_into("<I", c, 124, crc32(c[:120] + c[128:CHUNK_HEADER_SIZE]))
                    out.write(c)
                    written += 1
                    if written == chunks_wanted:
                        break
                if written == chunks_wanted:
                    break
            rounds += 1
            if rounds == 1:
                first_round = dict(stats)
            if written == before:
                sys.stderr.write("make_big_evtx: the sources hold no usable chunk\n")
                return 1
        header = bytearray(version_header[:128]) + bytearray(FILE_HEADER_SIZE - 128)
        struct.pack_into("<QQQ", header, 8, 0, written - 1, next_id)
        struct.pack_into("<I", header, 32, 128)
        struct.pack_into("<H", header, 40, FILE_HEADER_SIZE)
        struct.pack_into("<H", header, 42, written)
        struct.pack_into("<I", header, 120, 0)  # not dirty, not full
        struct.pack_into("<I", header, 124, crc32(bytes(header[:120])))
        out.seek(0)
        out.write(header)
    size = FILE_HEADER_SIZE + written * CHUNK_SIZE
    sys.stderr.write(f"make_big_evtx: wrote {out_path}: {size:,} bytes, {written:,} chunks, {next_id - 1:,} records "
                     f"from {len(sources)} source file(s) in {rounds} round(s); skipped {first_round['bad_chunks']} bad "
                     f"chunk(s) and {first_round['bad_files']} non-evtx file(s) per round\n")
    print(next_id - 1)  # the record count, for scripts
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
