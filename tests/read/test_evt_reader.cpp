// Legacy binary .evt logs (NT 3.1 to Server 2003): a 48-byte header, a ring buffer of
// EVENTLOGRECORDs that may wrap around the end of the file, and an end-of-file record. The logs
// here are built in memory by a small writer below, so the suite needs no sample file.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>

#include "read_helpers.h"
#include "support.h"
#include "fuzz/pipe_source.h"

using namespace kbmatch;
using readtest::micros_of;
using Codes = std::vector<std::string>;
using Strings = std::vector<std::string>;
using Numbers = std::vector<std::uint64_t>;

namespace {

// ---- a little .evt writer ------------------------------------------------------------------

struct Rec {
  std::uint32_t number = 1;
  std::uint32_t time = 0;
  std::uint32_t event_id = 0;
  std::uint16_t type = 4;
  std::uint16_t category = 0;
  std::string source = "Service Control Manager";
  std::string computer = "SRV01";
  std::string sid;  // binary
  Strings strings;
  std::string data;
};

void put32(std::string& s, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) s[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}
void put16(std::string& s, std::size_t at, std::uint16_t v) {
  s[at] = static_cast<char>(v & 0xFF);
  s[at + 1] = static_cast<char>(v >> 8);
}
std::string utf16z(const std::string& s) {
  return readtest::utf16(s, true, false) + std::string(2, '\0');
}

// S-1-<authority>-<subs...>
std::string sid(std::uint8_t authority, std::vector<std::uint32_t> subs) {
  std::string s(8 + 4 * subs.size(), '\0');
  s[0] = 1;
  s[1] = static_cast<char>(subs.size());
  s[7] = static_cast<char>(authority);
  for (std::size_t i = 0; i < subs.size(); ++i) put32(s, 8 + 4 * i, subs[i]);
  return s;
}

// One EVENTLOGRECORD as Windows lays it out: fixed part, source, computer, SID (4-aligned),
// strings, data, padding, size copy.
std::string record(const Rec& r) {
  std::string body = utf16z(r.source) + utf16z(r.computer);
  while ((56 + body.size()) % 4 != 0) body += '\0';
  const std::size_t sid_at = r.sid.empty() ? 0 : 56 + body.size();
  body += r.sid;
  const std::size_t strings_at = 56 + body.size();
  for (const auto& s : r.strings) body += utf16z(s);
  const std::size_t data_at = 56 + body.size();
  body += r.data;
  while ((56 + body.size() + 4) % 4 != 0) body += '\0';
  const std::size_t size = 56 + body.size() + 4;
  std::string out(56, '\0');
  put32(out, 0, static_cast<std::uint32_t>(size));
  std::memcpy(out.data() + 4, "LfLe", 4);
  put32(out, 8, r.number);
  put32(out, 12, r.time);
  put32(out, 16, r.time + 1);
  put32(out, 20, r.event_id);
  put16(out, 24, r.type);
  put16(out, 26, static_cast<std::uint16_t>(r.strings.size()));
  put16(out, 28, r.category);
  put32(out, 36, static_cast<std::uint32_t>(strings_at));
  put32(out, 40, static_cast<std::uint32_t>(r.sid.size()));
  put32(out, 44, static_cast<std::uint32_t>(sid_at));
  put32(out, 48, static_cast<std::uint32_t>(r.data.size()));
  put32(out, 52, static_cast<std::uint32_t>(data_at));
  out += body;
  out.resize(size);
  put32(out, size - 4, static_cast<std::uint32_t>(size));
  return out;
}

std::string eof_record(std::uint32_t begin, std::uint32_t end, std::uint32_t current, std::uint32_t oldest) {
  std::string e(40, '\0');
  const std::uint32_t v[] = {0x28, 0x11111111, 0x22222222, 0x33333333, 0x44444444, begin, end, current, oldest, 0x28};
  for (int i = 0; i < 10; ++i) put32(e, 4 * i, v[i]);
  return e;
}

struct Layout {
  std::string file;
  std::vector<std::uint64_t> offsets;  // of each record
  std::uint32_t begin = 0, eof = 0;
};

constexpr std::uint32_t dirty = 1, wrapped = 2;

// A log of `file_size` bytes whose records (in record order) start at `begin` and go around the
// ring (wrapping to 0x30 at the end of the file), followed by the EOF record; the header says so.
Layout build(const std::vector<Rec>& recs, std::uint32_t file_size = 4096, std::uint32_t begin = 0x30,
             std::uint32_t flags = 0) {
  Layout l;
  l.file.assign(file_size, '\0');
  const std::uint32_t ring = file_size - 0x30;
  std::uint32_t pos = begin;
  auto write = [&](const std::string& bytes) {
    for (std::size_t i = 0; i < bytes.size(); ++i) l.file[0x30 + (pos - 0x30 + i) % ring] = bytes[i];
    pos = 0x30 + static_cast<std::uint32_t>((pos - 0x30 + bytes.size()) % ring);
  };
  for (const Rec& r : recs) {
    l.offsets.push_back(pos);
    write(record(r));
  }
  const std::uint32_t oldest = recs.empty() ? 1 : recs.front().number;
  const std::uint32_t current = recs.empty() ? 1 : recs.back().number + 1;
  l.begin = begin;
  l.eof = pos;
  write(eof_record(begin, pos, current, oldest));
  const std::uint32_t h[] = {0x30, 0x654c664c, 1, 1, begin, l.eof, current, oldest, file_size, flags, 0, 0x30};
  for (int i = 0; i < 12; ++i) put32(l.file, 4 * i, h[i]);
  return l;
}

Rec rec(std::uint32_t number, std::uint32_t event_id = 7036, Strings strings = {"Telephony", "running"}) {
  Rec r;
  r.number = number;
  r.time = 1000000000 + number * 60;
  r.event_id = event_id;
  r.strings = std::move(strings);
  return r;
}

std::vector<Rec> numbered(std::uint32_t first, std::uint32_t count) {
  std::vector<Rec> out;
  for (std::uint32_t n = first; n < first + count; ++n)
    out.push_back(rec(n, 7035 + n % 3, {"Svc " + std::to_string(n)}));
  return out;
}

// ---- reading ----------------------------------------------------------------------------------

struct Run {
  bool opened = false;
  Format format = Format::unknown;
  std::vector<Event> events;
  std::uint64_t counted = 0, skipped = 0;
  DiagnosticList diagnostics;
};

Run read_evt(const std::string& bytes, const std::string& name = "SysEvent.Evt", bool pipe = false) {
  Run r;
  std::unique_ptr<ByteSource> source;
  if (pipe) {
    source = std::make_unique<test::PipeSource>(bytes, 1000);
  } else {
    source = open_memory_source(bytes);
  }
  auto reader = open_reader(std::move(source), ReaderOptions{name, readtest::test_file_index}, r.diagnostics);
  if (!reader) return r;
  r.opened = true;
  r.format = reader->format();
  Event e;
  while (reader->next(e)) r.events.push_back(e);
  CHECK_FALSE(reader->next(e));
  r.counted = reader->events();
  r.skipped = reader->skipped();
  return r;
}

Numbers records(const Run& r) {
  Numbers out;
  for (const auto& e : r.events) out.push_back(e.record);
  return out;
}
Numbers range(std::uint64_t first, std::uint64_t last) {
  Numbers out;
  for (std::uint64_t n = first; n <= last; ++n) out.push_back(n);
  return out;
}

// "E0511@1234" (code @ byte offset) for every diagnostic, in order.
Codes codes(const DiagnosticList& list) {
  Codes out;
  for (const auto& d : list.items()) out.push_back(d.code + "@" + std::to_string(d.offset));
  return out;
}

}  // namespace

TEST_CASE("evt: a plain log, every field", "[evt]") {
  Rec a = rec(1, 0x40001B7B, {"IMAPI CD-Burning COM Service", "start"});
  a.time = 1313254494;  // 2011-08-13 16:54:54 UTC
  a.sid = sid(5, {18});
  Rec b = rec(2, 0xC00003F6, {"-510"});
  b.source = "DhcpServer";
  b.type = 1;
  b.data = std::string("\x02\xfe\xff\xff", 4);
  Rec c = rec(3, 0x8000A001, {"cifs/CONTROLLER", "line one\r\nline two"});
  c.source = "LSASRV";
  c.type = 2;
  c.category = 3;
  c.sid = sid(5, {21, 1004336348, 1177238915, 682003330, 500});
  const Layout l = build({a, b, c});
  const Run r = read_evt(l.file);
  REQUIRE(r.opened);
  CHECK(r.format == Format::evt);
  CHECK(codes(r.diagnostics).empty());
  CHECK(r.counted == 3);
  CHECK(r.skipped == 0);
  REQUIRE(r.events.size() == 3);

  const Event& e = r.events[0];
  CHECK(e.kind == Event::Kind::logged);
  CHECK(e.time.micros == micros_of(2011, 8, 13, 16, 54, 54));
  CHECK(e.time.zone == Timestamp::Zone::utc);
  CHECK(e.record == 1);
  CHECK(e.has_record);
  CHECK(e.event_id == 7035);
  CHECK(e.qualifiers == 0x4000);
  CHECK(e.has_event_id);
  CHECK(e.level == Level::information);
  CHECK(e.category == "0");
  CHECK(e.source == "Service Control Manager");
  CHECK(e.computer == "SRV01");
  CHECK(e.user == "S-1-5-18");
  CHECK(e.log == "System");
  CHECK(e.strings == Strings{"IMAPI CD-Burning COM Service", "start"});
  CHECK(e.string_names == Strings{"", ""});
  CHECK(e.message.empty());
  CHECK(e.data.empty());
  CHECK(e.origin.file == readtest::test_file_index);
  CHECK(e.origin.line == 0);
  CHECK(e.origin.offset == 0x30);

  SECTION("0xC00003F6 is event 1014 at Error severity, with its data") {
    const Event& jet = r.events[1];
    CHECK(jet.event_id == 1014);
    CHECK(jet.qualifiers == 0xC000);
    CHECK(jet.level == Level::error);
    CHECK(jet.source == "DhcpServer");
    CHECK(jet.strings == Strings{"-510"});
    CHECK(to_hex(jet.data) == "02feffff");
    CHECK(jet.user.empty());
    CHECK(jet.origin.offset == l.offsets[1]);
  }
  SECTION("a domain SID, category, a string with a line break") {
    const Event& w = r.events[2];
    CHECK(w.event_id == 40961);
    CHECK(w.qualifiers == 0x8000);
    CHECK(w.level == Level::warning);
    CHECK(w.category == "3");
    CHECK(w.user == "S-1-5-21-1004336348-1177238915-682003330-500");
    CHECK(w.strings == Strings{"cifs/CONTROLLER", "line one\r\nline two"});
  }
}

TEST_CASE("evt: event types map to levels", "[evt]") {
  std::vector<Rec> recs = numbered(1, 6);
  const std::uint16_t types[] = {0, 1, 2, 4, 8, 16};
  for (std::size_t i = 0; i < recs.size(); ++i) recs[i].type = types[i];
  const Run r = read_evt(build(recs).file);
  REQUIRE(r.events.size() == 6);
  std::vector<Level> levels;
  for (const auto& e : r.events) levels.push_back(e.level);
  CHECK(levels == std::vector<Level>{Level::information, Level::error, Level::warning, Level::information,
                                     Level::audit_success, Level::audit_failure});
}

TEST_CASE("evt: the log name comes from the file name", "[evt]") {
  const std::string file = build(numbered(1, 1)).file;
  const std::pair<std::string, std::string> cases[] = {{"C:\\WINNT\\system32\\config\\AppEvent.Evt", "Application"},
                                                       {"/cases/4711/SECEVENT.EVT", "Security"},
                                                       {"System.evt", "System"},
                                                       {"application-dc01.evt", "Application"},
                                                       {"DnsEvent.Evt", "DNS Server"},
                                                       {"NTDS.Evt", "Directory Service"},
                                                       {"NtFrs.Evt", "File Replication Service"}};
  for (const auto& [name, log] : cases) {
    CAPTURE(name);
    const Run r = read_evt(file, name);
    REQUIRE(r.events.size() == 1);
    CHECK(r.events[0].log == log);
    CHECK(codes(r.diagnostics).empty());
  }
  const Run r = read_evt(file, "dump.bin");
  REQUIRE(r.events.size() == 1);
  CHECK(r.events[0].log.empty());
  CHECK(codes(r.diagnostics) == Codes{"N0513@0"});
}

TEST_CASE("evt: an empty log and a header alone", "[evt]") {
  const Run empty = read_evt(build({}).file);
  CHECK(empty.opened);
  CHECK(empty.events.empty());
  CHECK(codes(empty.diagnostics).empty());
  const Run header_only = read_evt(build({}).file.substr(0, 0x30));
  CHECK(header_only.opened);
  CHECK(header_only.events.empty());
  CHECK(header_only.skipped == 0);
}

TEST_CASE("evt: a wrapped log, one record straddling the end of the file", "[evt]") {
  // 5 records of 140 bytes from 300 bytes before the end of a 1024-byte file: the ring wraps to 0x30.
  const std::vector<Rec> recs = numbered(500, 5);
  const Layout l = build(recs, 1024, 1024 - 300, wrapped);
  std::size_t straddler = 0;
  while (straddler < recs.size() && l.offsets[straddler] + record(recs[straddler]).size() <= 1024) ++straddler;
  REQUIRE(straddler < recs.size());  // one record really straddles the end
  const Run r = read_evt(l.file);
  CHECK(codes(r.diagnostics).empty());
  CHECK(records(r) == range(500, 504));
  CHECK(r.skipped == 0);
  REQUIRE(r.events.size() == 5);
  CHECK(r.events[straddler].strings == Strings{"Svc " + std::to_string(500 + straddler)});
  CHECK(r.events[straddler].origin.offset == l.offsets[straddler]);
  CHECK(r.events[0].origin.offset == 1024 - 300);

  SECTION("the same log through a pipe: file order, the straddler joined") {
    const Run p = read_evt(l.file, "SysEvent.Evt", true);
    CHECK(codes(p.diagnostics) == Codes{"N0514@0"});
    CHECK(p.skipped == 0);
    Numbers got = records(p);
    CHECK(got.front() != 500);  // the newest records, after the header, come first
    std::sort(got.begin(), got.end());
    CHECK(got == range(500, 504));
    for (const auto& e : p.events) CHECK(e.strings == Strings{"Svc " + std::to_string(e.record)});
  }
}

TEST_CASE("evt: the end-of-file record itself wraps", "[evt]") {
  // Place the records so that the EOF record begins 12 bytes before the end of the file.
  const std::vector<Rec> recs = numbered(10, 3);
  std::uint32_t total = 0;
  for (const auto& r : recs) total += static_cast<std::uint32_t>(record(r).size());
  const std::uint32_t size = 2048;
  const Layout l = build(recs, size, size - 12 - total, wrapped);
  REQUIRE(l.eof == size - 12);
  for (const bool pipe : {false, true}) {
    const Run r = read_evt(l.file, "SysEvent.Evt", pipe);
    CHECK(records(r) == range(10, 12));
    CHECK(r.skipped == 0);
    CHECK(r.diagnostics.count(Severity::error) == 0);
  }
}

TEST_CASE("evt: a dirty header with stale offsets", "[evt]") {
  const std::vector<Rec> recs = numbered(40, 10);
  Layout l = build(recs, 1536, 1536 - 400, wrapped | dirty);
  // What the header said before the last records were written: an older end, fewer records.
  put32(l.file, 20, static_cast<std::uint32_t>(l.offsets[6]));
  put32(l.file, 24, 46);
  const Run r = read_evt(l.file);
  CHECK(records(r) == range(40, 49));
  CHECK(r.skipped == 0);
  CHECK(codes(r.diagnostics) == Codes{"N0511@0"});

  SECTION("clean flags but a wrong end-of-file offset: a warning, then the same records") {
    put32(l.file, 36, wrapped);
    const Run w = read_evt(l.file);
    CHECK(records(w) == range(40, 49));
    CHECK(codes(w.diagnostics) == Codes{"W0512@0"});
  }
  SECTION("a damaged header: an error, and the records found by scanning") {
    put32(l.file, 44, 0);
    const Run b = read_evt(l.file);
    CHECK(records(b) == range(40, 49));
    CHECK(b.skipped == 0);
    CHECK(codes(b.diagnostics) == Codes{"W0511@0"});
  }
}

TEST_CASE("evt: damaged records are skipped, counted and reported", "[evt]") {
  const std::vector<Rec> recs = numbered(1, 6);
  Layout l = build(recs);

  SECTION("a broken signature in the middle") {
    l.file[l.offsets[2] + 4] = 'X';
    const Run r = read_evt(l.file);
    CHECK(records(r) == Numbers{1, 2, 4, 5, 6});
    CHECK(r.skipped == 1);
    CHECK(r.counted == 5);
    REQUIRE(codes(r.diagnostics) == Codes{"E0511@" + std::to_string(l.offsets[2])});
    CHECK(r.diagnostics.items()[0].message.find("resumes at offset " + std::to_string(l.offsets[3])) !=
          std::string::npos);
  }
  SECTION("two records zeroed: the record numbers count both") {
    std::fill(l.file.begin() + static_cast<std::ptrdiff_t>(l.offsets[1]),
              l.file.begin() + static_cast<std::ptrdiff_t>(l.offsets[3]), '\0');
    const Run r = read_evt(l.file);
    CHECK(records(r) == Numbers{1, 4, 5, 6});
    CHECK(r.skipped == 2);
    CHECK(codes(r.diagnostics) == Codes{"E0511@" + std::to_string(l.offsets[1])});
  }
  SECTION("a size that is not a record size, and a size copy that does not match") {
    put32(l.file, l.offsets[1], 0x7FFFFFF3);
    put32(l.file, l.offsets[4] + record(recs[4]).size() - 4, 12);
    const Run r = read_evt(l.file);
    CHECK(records(r) == Numbers{1, 3, 4, 6});
    CHECK(r.skipped == 2);
    CHECK(codes(r.diagnostics) ==
          Codes{"E0511@" + std::to_string(l.offsets[1]), "E0511@" + std::to_string(l.offsets[4])});
  }
  SECTION("fields pointing outside a sound record") {
    put32(l.file, l.offsets[1] + 36, 5000);                                                // string offset
    put16(l.file, l.offsets[2] + 26, 40);                                                  // more strings than fit
    put32(l.file, l.offsets[3] + 48, 4);                                                   // data
    put32(l.file, l.offsets[3] + 52, static_cast<std::uint32_t>(record(recs[3]).size()));  // ... past the end
    put32(l.file, l.offsets[4] + 40, 12);                                                  // a SID ...
    put32(l.file, l.offsets[4] + 44, 0xFFFFFFF0);                                          // ... far outside
    const Run r = read_evt(l.file);
    CHECK(records(r) == Numbers{1, 6});
    CHECK(r.skipped == 4);
    REQUIRE(r.diagnostics.count(Severity::error) == 4);
    CHECK(r.diagnostics.items()[0].message.find("(record 2)") != std::string::npos);
    CHECK(r.diagnostics.items()[1].message.find("claims 40 insertion strings") != std::string::npos);
  }
  SECTION("a data offset beyond the record is fine when there is no data") {
    put32(l.file, l.offsets[1] + 52, 0xFFFFFF00);
    const Run r = read_evt(l.file);
    CHECK(records(r) == range(1, 6));
    CHECK(codes(r.diagnostics).empty());
  }
  SECTION("the last record damaged: counted up to the end-of-file record") {
    l.file[l.offsets[5] + 5] = 'x';
    const Run r = read_evt(l.file);
    CHECK(records(r) == range(1, 5));
    CHECK(r.skipped == 1);
    CHECK(codes(r.diagnostics) == Codes{"E0511@" + std::to_string(l.offsets[5])});
  }
  SECTION("the same damage through a pipe") {
    l.file[l.offsets[2] + 4] = 'X';
    const Run r = read_evt(l.file, "SysEvent.Evt", true);
    CHECK(records(r) == Numbers{1, 2, 4, 5, 6});
    CHECK(r.skipped == 1);
    CHECK(codes(r.diagnostics) == Codes{"N0514@0", "E0511@" + std::to_string(l.offsets[2])});
  }
}

TEST_CASE("evt: a truncated copy keeps what it holds", "[evt]") {
  const Layout l = build(numbered(1, 5), 8192);
  const std::string cut = l.file.substr(0, l.offsets[3] + 30);
  for (const bool pipe : {false, true}) {
    CAPTURE(pipe);
    const Run r = read_evt(cut, "SysEvent.Evt", pipe);
    CHECK(records(r) == range(1, 3));
    CHECK(r.skipped == 1);
    CHECK(r.diagnostics.count(Severity::error) == 1);
    bool named = false;
    for (const auto& d : r.diagnostics.items()) named |= d.code == "E0511" && d.offset == l.offsets[3];
    CHECK(named);
  }
  SECTION("cut inside the header") {
    const Run r = read_evt(l.file.substr(0, 20));
    CHECK(r.opened);
    CHECK(r.events.empty());
    CHECK(codes(r.diagnostics) == Codes{"W0511@0"});
  }
}

TEST_CASE("evt: complete old records in the unused space are recovered", "[evt]") {
  // The live log: records 20-23 from 0x30. Behind its EOF record, records 17-19 of an earlier
  // round survive, with a copy of a live record and a torn record among them.
  Layout l = build(numbered(20, 4), 4096);
  std::size_t at = l.eof + 40 + 24;  // some leftover bytes first
  l.file.replace(l.eof + 40, 24, std::string(24, '\x5A'));
  auto place = [&](const std::string& bytes) {
    l.file.replace(at, bytes.size(), bytes);
    const std::size_t placed = at;
    at += bytes.size();
    return placed;
  };
  const std::size_t first = place(record(rec(17, 7036, {"old one"})));
  std::string torn = record(rec(18));
  put32(torn, torn.size() - 4, 0);  // truncated: its size copy is 0
  place(torn);
  place(record(numbered(21, 1)[0]));  // a stale copy of live record 21
  place(record(rec(19, 7036, {"old three"})));
  const Run r = read_evt(l.file);
  CHECK(records(r) == Numbers{20, 21, 22, 23, 17, 19});
  CHECK(r.skipped == 0);
  CHECK(r.counted == 6);
  REQUIRE(r.events.size() == 6);
  CHECK(r.events[4].strings == Strings{"old one"});
  CHECK(r.events[4].origin.offset == first);
  CHECK(r.events[5].strings == Strings{"old three"});
  REQUIRE(codes(r.diagnostics) == Codes{"N0512@0"});
  CHECK(r.diagnostics.items()[0].message.find("2 records recovered") == 0);

  SECTION("through a pipe they come where they lie") {
    const Run p = read_evt(l.file, "SysEvent.Evt", true);
    CHECK(records(p) == Numbers{20, 21, 22, 23, 17, 19});
    CHECK(p.skipped == 0);
  }
}

TEST_CASE("evt: bytes that only look like a log never crash or loop", "[evt]") {
  // Every prefix and a few corruptions of a wrapped log; the counts must stay consistent.
  const Layout l = build(numbered(1, 6), 1024, 1024 - 200, wrapped | dirty);
  for (std::size_t n = 0; n <= l.file.size(); n += 37) {
    for (const bool pipe : {false, true}) {
      const Run r = read_evt(l.file.substr(0, n), "SysEvent.Evt", pipe);
      CHECK(r.counted == r.events.size());
      CHECK(r.events.size() + r.skipped <= 7);
    }
  }
  std::string noise = l.file;
  for (std::size_t i = 0x30; i < noise.size(); i += 7) noise[i] = static_cast<char>(noise[i] ^ 0x5A);
  const Run r = read_evt(noise);
  CHECK(r.counted == r.events.size());
}

TEST_CASE("evt: an undecodable SID or an unknown version keeps the records", "[evt]") {
  Rec a = rec(1);
  a.sid = std::string("\x01\x05\0\0", 4);  // says 5 sub-authorities, holds none
  Layout l = build({a, rec(2)});
  put32(l.file, 12, 2);  // version 1.2
  const Run r = read_evt(l.file);
  CHECK(records(r) == Numbers{1, 2});
  CHECK(r.skipped == 0);
  REQUIRE(r.events.size() == 2);
  CHECK(r.events[0].user.empty());
  CHECK(codes(r.diagnostics) == Codes{"W0513@0", "W0514@48"});
}

TEST_CASE("evt: a truncated copy of a wrapped log counts the records it lost", "[evt]") {
  // Records 100-111 from 0x530 of a 2048-byte ring; the copy ends inside record 102, so 102-104
  // and the head of 105 (which straddled the end) are gone. The EOF record, early in the file,
  // survives and vouches for the numbers.
  const Layout l = build(numbered(100, 12), 2048, 0x530, wrapped);
  REQUIRE(l.offsets[5] + record(numbered(105, 1)[0]).size() > 2048);
  REQUIRE(l.offsets[6] < l.offsets[0]);
  const std::string cut = l.file.substr(0, l.offsets[2] + 92);
  const Run r = read_evt(cut);
  CHECK(records(r) == Numbers{100, 101, 106, 107, 108, 109, 110, 111});
  CHECK(r.skipped == 4);
  REQUIRE(codes(r.diagnostics) == Codes{"E0511@" + std::to_string(l.offsets[2])});
  CHECK(r.diagnostics.items()[0].message.find("4 records skipped") != std::string::npos);

  SECTION("a pipe cannot tell how many: one damaged record") {
    const Run p = read_evt(cut, "SysEvent.Evt", true);
    Numbers got = records(p);
    std::sort(got.begin(), got.end());
    CHECK(got == Numbers{100, 101, 106, 107, 108, 109, 110, 111});
    CHECK(p.skipped == 1);
  }
}
