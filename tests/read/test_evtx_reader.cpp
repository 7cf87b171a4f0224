// The .evtx reader on files built in memory (tests/read/evtx_builder.h): fields as the XML
// reader gives them, template reuse, record order across wrapped chunks, and every kind of
// damage the reader must survive (checksums, broken records, undecodable BinXML, truncation,
// wiped chunk headers, leftover slots).
#include <catch2/catch.hpp>

#include <cstring>

#include "evtx_builder.h"
#include "read_helpers.h"
#include "support.h"
#include "fuzz/pipe_source.h"

using namespace kbmatch;
using namespace kbmatch::evtxtest;
using readtest::diag_codes;
using Codes = std::vector<std::string>;

namespace {

test::ReadResult read_pipe(const std::string& bytes) { return test::read_all(std::make_unique<test::PipeSource>(bytes), "pipe"); }

std::vector<std::uint64_t> records(const test::ReadResult& r) {
  std::vector<std::uint64_t> out;
  for (const auto& e : r.events) out.push_back(e.record);
  return out;
}

EventSpec spec(std::uint64_t record, std::int64_t time = 984554103) {
  EventSpec s;
  s.record = record;
  s.time = time;
  return s;
}

std::string chunk_of(std::uint64_t first, std::uint64_t last) {
  ChunkBuilder b;
  for (std::uint64_t r = first; r <= last; ++r) b.add(spec(r, 984554103 + static_cast<std::int64_t>(r)));
  return b.finish();
}

}  // namespace

TEST_CASE("evtx: a template record gives the fields the XML reader gives", "[evtx]") {
  ChunkBuilder b;
  EventSpec s;
  s.user = Value{0x13, std::string("\x01\x01\x00\x00\x00\x00\x00\x05\x12\x00\x00\x00", 12)};  // S-1-5-18
  s.data = {"-510", "second"};
  b.add(s);
  const auto r = test::read_all(evtx_file({b.finish()}), "System.evtx");
  REQUIRE(r.opened);
  CHECK(r.format == Format::evtx);
  CHECK(r.diagnostics.items().empty());
  REQUIRE(r.events.size() == 1);
  const Event& e = r.events[0];
  CHECK(e.source == "DhcpServer");
  CHECK(e.event_id == 1014);
  CHECK(e.qualifiers == 0xC000);
  CHECK(e.has_event_id);
  CHECK(e.level == Level::error);
  CHECK(e.category == "0");
  CHECK(format_timestamp(e.time) == "2001-03-14T07:15:03Z");
  CHECK(e.record == 4834);
  CHECK(e.log == "System");
  CHECK(e.computer == "DHCPSRV01");
  CHECK(e.user == "S-1-5-18");
  CHECK(e.strings == std::vector<std::string>{"-510", "second"});
  CHECK(e.string_names == std::vector<std::string>{"", ""});
  CHECK(to_hex(e.data) == "02feffff");
  CHECK(e.origin.offset == 4096 + 512);
  CHECK(e.origin.line == 0);
}

TEST_CASE("evtx: later records use the template by reference", "[evtx]") {
  ChunkBuilder b;
  for (std::uint64_t r = 10; r < 14; ++r) {
    EventSpec s = spec(r);
    s.event_id = static_cast<std::uint16_t>(1000 + r);
    s.data = {"value " + std::to_string(r)};
    b.add(s);
  }
  const auto r = test::read_all(evtx_file({b.finish()}), "x.evtx");
  REQUIRE(r.events.size() == 4);
  CHECK(readtest::ids(r) == std::vector<std::uint32_t>{1010, 1011, 1012, 1013});
  CHECK(r.events[3].strings == std::vector<std::string>{"value 13"});
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("evtx: a wrapped log is read in record order from a file, in file order from a pipe", "[evtx]") {
  // The ring wrapped: the second chunk in the file holds the oldest records.
  const std::string file = evtx_file({chunk_of(5, 7), chunk_of(1, 4)});
  const auto from_file = test::read_all(file, "x.evtx");
  CHECK(records(from_file) == std::vector<std::uint64_t>{1, 2, 3, 4, 5, 6, 7});
  const auto from_pipe = read_pipe(file);
  CHECK(records(from_pipe) == std::vector<std::uint64_t>{5, 6, 7, 1, 2, 3, 4});
  CHECK(from_file.diagnostics.items().empty());
}

TEST_CASE("evtx: records the log lost between chunks are reported, not counted as damage", "[evtx]") {
  // A shadow copy: the chunk of records 4-6 was wiped; 1-3 and 7-9 remain.
  const auto r = test::read_all(evtx_file({chunk_of(1, 3), std::string(65536, '\0'), chunk_of(7, 9)}), "x.evtx");
  CHECK(records(r) == std::vector<std::uint64_t>{1, 2, 3, 7, 8, 9});
  CHECK(diag_codes(r.diagnostics) == Codes{"W0507@0"});
  CHECK(r.diagnostics.items()[0].message.find("records 4 to 6") != std::string::npos);
  CHECK(r.skipped == 0);
}

TEST_CASE("evtx: unknown file header flags are reported and the chunks read", "[evtx]") {
  std::string file = evtx_file({chunk_of(1, 2)});
  file.replace(120, 4, std::string("\x00\x00\x97\x1b", 4));
  set32(file, 124, detail::crc32(file.data(), 120));
  const auto r = test::read_all(file, "x.evtx");
  CHECK(records(r) == std::vector<std::uint64_t>{1, 2});
  CHECK(diag_codes(r.diagnostics) == Codes{"W0506@0"});
}

TEST_CASE("evtx: checksums are verified but not trusted", "[evtx]") {
  std::string file = evtx_file({chunk_of(1, 3)});
  SECTION("records checksum") {
    file[4096 + 52] ^= 1;
    const auto r = test::read_all(file, "x.evtx");
    CHECK(records(r) == std::vector<std::uint64_t>{1, 2, 3});
    // The header's own sum covers the stored records sum, so both mismatch.
    CHECK(diag_codes(r.diagnostics) == Codes{"W0503@0", "W0505@0"});
  }
  SECTION("file header checksum") {
    file[124] ^= 1;
    const auto r = test::read_all(file, "x.evtx");
    CHECK(records(r) == std::vector<std::uint64_t>{1, 2, 3});
    CHECK(diag_codes(r.diagnostics) == Codes{"W0501@0"});
  }
  SECTION("a record's bytes") {
    // Change a character of the computer name in the second record: the records sum breaks,
    // the record still decodes.
    const std::size_t at = file.find(utf16("DHCPSRV01"), 4096 + 1200);
    REQUIRE(at != std::string::npos);
    file[at] = 'X';
    const auto r = test::read_all(file, "x.evtx");
    CHECK(records(r) == std::vector<std::uint64_t>{1, 2, 3});
    CHECK(diag_codes(r.diagnostics) == Codes{"W0505@0"});
  }
}

TEST_CASE("evtx: a damaged record is skipped and the records around it are kept", "[evtx]") {
  ChunkBuilder b;
  b.add(spec(1));
  const std::uint32_t second = b.size();
  b.add(spec(2));
  b.add(spec(3));
  std::string chunk = b.finish();
  SECTION("broken size copy") {
    const std::uint32_t size = detail::load_u32(chunk.data() + second + 4);
    chunk[second + size - 4] ^= 0x10;
    const auto r = test::read_all(evtx_file({chunk}), "x.evtx");
    CHECK(records(r) == std::vector<std::uint64_t>{1, 3});
    CHECK(r.skipped == 1);
    const Codes codes = diag_codes(r.diagnostics);
    CHECK(std::count(codes.begin(), codes.end(), "E0504@0") == 1);
    const Diagnostic* error = nullptr;
    for (const auto& d : r.diagnostics.items()) error = d.code == "E0504" ? &d : error;
    REQUIRE(error != nullptr);
    CHECK(error->offset == 4096 + second);
    CHECK(error->message.find("chunk 0") != std::string::npos);
  }
  SECTION("undecodable BinXML") {
    chunk[second + 24] = '\x7f';  // no such token
    const auto r = test::read_all(evtx_file({chunk}), "x.evtx");
    CHECK(records(r) == std::vector<std::uint64_t>{1, 3});
    CHECK(r.skipped == 1);
    bool found = false;
    for (const auto& d : r.diagnostics.items()) {
      found = found || (d.code == "E0505" && d.message.find("record 2") != std::string::npos &&
                        d.message.find("token 0x7f") != std::string::npos);
    }
    CHECK(found);
  }
  SECTION("a zero-size record") {
    chunk.replace(second + 4, 4, std::string(4, '\0'));
    const auto r = test::read_all(evtx_file({chunk}), "x.evtx");
    CHECK(records(r) == std::vector<std::uint64_t>{1, 3});
    CHECK(r.skipped == 1);
  }
}

TEST_CASE("evtx: a truncated file keeps what it has and counts what it lost", "[evtx]") {
  ChunkBuilder b;
  for (std::uint64_t r = 1; r <= 5; ++r) b.add(spec(r));
  const std::string chunk = b.finish();
  const std::string file = evtx_file({chunk_of(6, 7), chunk});
  // Cut inside the third record of the second chunk.
  std::size_t third = 512;
  for (int i = 0; i < 2; ++i) third += detail::load_u32(chunk.data() + third + 4);
  third += 4096 + 65536;
  const auto r = test::read_all(file.substr(0, third + 40), "x.evtx");
  CHECK(records(r) == std::vector<std::uint64_t>{1, 2, 6, 7});
  CHECK(r.skipped == 3);  // records 3, 4 and 5, by the chunk header
  CHECK(diag_codes(r.diagnostics) == Codes{"E0503@0"});
  SECTION("in its header") {
    const auto h = test::read_all(file.substr(0, 100), "x.evtx");
    CHECK(h.events.empty());
    CHECK(diag_codes(h.diagnostics) == Codes{"E0501@0"});
  }
}

TEST_CASE("evtx: a chunk with a wiped header gives its records, leftover slots are noted", "[evtx]") {
  std::string damaged = chunk_of(4, 6);
  std::fill(damaged.begin(), damaged.begin() + 512, '\0');
  std::string leftover(65536, '\0');
  leftover.replace(1000, 11, "old garbage");
  const auto r = test::read_all(evtx_file({chunk_of(1, 3), damaged, leftover, std::string(65536, '\0')}), "x.evtx");
  CHECK(records(r) == std::vector<std::uint64_t>{1, 2, 3, 4, 5, 6});
  CHECK(diag_codes(r.diagnostics) == Codes{"W0502@0", "N0501@0"});
  CHECK(r.skipped == 0);
}

TEST_CASE("evtx: plain BinXML with references, and typed values as evtxexport writes them", "[evtx]") {
  // A record without a template: elements and text written out, as some writers do.
  ChunkBuilder b;
  BinXml x(512 + 24);
  x.fragment_header().open("Event").close_start().open("System").close_start();
  x.open("Provider", true).attribute("Name").text("Test").close_empty();
  x.open("EventID").close_start().text("7").end();
  x.end().open("EventData").close_start();
  x.open("Data", true).attribute("Name").text("Text").close_start().text("a").entity_ref("amp").text("b").char_ref(0xe9).end();
  x.end().end().eof();
  b.add_raw(record_of(1, filetime(0), x.bytes()));
  const auto r = test::read_all(evtx_file({b.finish()}), "x.evtx");
  REQUIRE(r.events.size() == 1);
  CHECK(r.events[0].source == "Test");
  CHECK(r.events[0].event_id == 7);
  CHECK(r.events[0].strings == std::vector<std::string>{"a&b\xc3\xa9"});
  CHECK(r.events[0].string_names == std::vector<std::string>{"Text"});
  CHECK(r.events[0].record == 1);  // from the record header, as the XML has none
  CHECK(format_timestamp(r.events[0].time) == "1970-01-01T00:00:00Z");
}

TEST_CASE("evtx: value types render as evtxexport renders them", "[evtx]") {
  struct Case {
    Value value;
    std::vector<std::string> expected;
  };
  std::string guid = "\x5f\x38\x70\x57\x12\x34\x56\x78\x9a\xbc\xde\xf0\x01\x02\x03\x04";
  Value hex32{0x14, {}};
  put32(hex32.bytes, 0x1f);
  Value boolean{0x0d, {}};
  put32(boolean.bytes, 2);
  Value i32{0x07, {}};
  put32(i32.bytes, static_cast<std::uint32_t>(-5));
  Value size_t8{0x10, {}};
  put64(size_t8.bytes, 0x1234);
  const std::vector<Case> cases = {
      {Value{0x0f, guid}, {"{5770385F-3412-7856-9ABC-DEF001020304}"}},
      {hex32, {"0x0000001f"}},
      {boolean, {"true"}},
      {i32, {"-5"}},
      {size_t8, {"4660"}},
      {time_value(984554103), {"2001-03-14T07:15:03.000000000Z"}},
      {Value{0x0e, std::string("\x01\xab", 2)}, {"01AB"}},
      {Value{0x81, utf16(std::string("one\0two\0", 8))}, {"one", "two"}},
  };
  for (const Case& c : cases) {
    ChunkBuilder b;
    BinXml x(512 + 24);
    x.fragment_header();
    const std::uint32_t def_at = x.definition_offset();
    BinXml t(def_at + 24);
    t.fragment_header().open("Event").close_start().open("System").close_start();
    t.open("EventID").close_start().text("1").end().end();
    t.open("EventData").close_start().open("Data").close_start().substitution(0, c.value.type).end().end();
    t.end().eof();
    x.instance(def_at, &t.bytes(), {c.value}).eof();
    b.add_raw(record_of(1, filetime(0), x.bytes()));
    const auto r = test::read_all(evtx_file({b.finish()}), "x.evtx");
    CAPTURE(static_cast<int>(c.value.type));
    REQUIRE(r.events.size() == 1);
    CHECK(r.events[0].strings == c.expected);
  }
}
