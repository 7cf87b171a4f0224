// A program's own timestamped log (the sniffer's last resort): one entry per line that starts
// with a date and time, lines without one continuing the entry above.
#include <catch2/catch.hpp>

#include "read_helpers.h"
#include "support.h"

using namespace kbmatch;
using readtest::diag_codes;
using readtest::lines;
using readtest::micros_of;
using Codes = std::vector<std::string>;
using Strings = std::vector<std::string>;

namespace {

readtest::Run read_log(const std::string& bytes) {
  return readtest::run_reader(bytes, [](std::unique_ptr<detail::TextInput> in, const ReaderOptions& o) {
    return detail::make_text_log_reader(std::move(in), {}, o);
  });
}

template <class Result>
Strings messages(const Result& r) {
  Strings out;
  for (const Event& e : r.events) out.push_back(e.message);
  return out;
}

// Sniffs `bytes` through open_reader; nullptr when no format (or no reader) fits.
std::unique_ptr<Reader> sniff(const std::string& bytes, DiagnosticList& diagnostics) {
  return open_reader(open_memory_source(bytes), ReaderOptions{"f.txt", 0}, diagnostics);
}

// The dialer's log from the KB symptom: one line in each of four spellings, CRLF.
const std::string dialer_log =
    "2000-03-20 10:15:02.113 RasDial(\"Corp Dialup\") failed, error 623\r\n"                      // 1
    "2000-03-20 10:15:02.640 retrying in 0 ms\r\n"                                                // 2
    "03/20/2000 10:15:03 AM  ERROR  RasDial returned 623 (cannot find the phone book entry)\r\n"  // 3
    "[2000-03-20 10:15:04] INFO connection loop iteration 5012\r\n"                               // 4
    "Mon Mar 20 10:15:05 2000 dialer: RasDial failed: 623\r\n";                                   // 5

// Deterministic bytes of every value, NUL and controls included.
std::string junk(std::size_t n, std::uint32_t seed) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    seed = seed * 1664525u + 1013904223u;
    out += static_cast<char>(seed >> 24);
  }
  return out;
}

}  // namespace

TEST_CASE("text log: the dialer's log, every entry with its time, message and level", "[text_log]") {
  const auto r = read_log(dialer_log);
  CHECK(r.format == Format::text_log);
  CHECK(lines(r) == std::vector<std::uint64_t>{1, 2, 3, 4, 5});
  CHECK(messages(r) == Strings{"RasDial(\"Corp Dialup\") failed, error 623", "retrying in 0 ms",
                               "ERROR  RasDial returned 623 (cannot find the phone book entry)",
                               "INFO connection loop iteration 5012", "dialer: RasDial failed: 623"});
  CHECK(r.counted == 5);
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());
  REQUIRE(r.events.size() == 5);

  const Event& first = r.events[0];
  CHECK(first.kind == Event::Kind::logged);
  CHECK(first.log == "Text");
  CHECK(first.source == "in.txt");
  CHECK_FALSE(first.has_event_id);
  CHECK(first.event_id == 0);
  CHECK_FALSE(first.has_record);
  CHECK(first.computer.empty());
  CHECK(first.strings.empty());
  CHECK(first.level == Level::unknown);
  CHECK(first.time.zone == Timestamp::Zone::local);
  CHECK(first.time.micros == micros_of(2000, 3, 20, 10, 15, 2, 113000));
  CHECK(first.origin.file == readtest::test_file_index);
  CHECK(first.origin.offset == 0);

  CHECK(r.events[1].time.micros == micros_of(2000, 3, 20, 10, 15, 2, 640000));
  CHECK(r.events[1].origin.offset == dialer_log.find("2000-03-20 10:15:02.640"));
  CHECK(r.events[2].time.micros == micros_of(2000, 3, 20, 10, 15, 3));
  CHECK(r.events[2].level == Level::error);
  CHECK(r.events[3].time.micros == micros_of(2000, 3, 20, 10, 15, 4));
  CHECK(r.events[3].level == Level::information);
  CHECK(r.events[3].origin.offset == dialer_log.find("[2000"));
  CHECK(r.events[4].time.micros == micros_of(2000, 3, 20, 10, 15, 5));
  CHECK(r.events[4].level == Level::unknown);
  for (const Event& e : r.events) CHECK(e.time.zone == Timestamp::Zone::local);
}

TEST_CASE("text log: ISO stamps with T or a space, fractions, minutes only", "[text_log]") {
  const auto r = read_log(
      "2000-03-20T10:15:02 a\n"
      "2000-03-20 10:15 b\n"
      "2000-03-20 10:15:02,5 c\n"
      "2000-03-20T10:15:02.123456 d\n"
      "2000-03-20 10:15:02.1234567 e\n"
      "2000-03-20\t09:05:00 f\n"
      "2000-3-7 9:05:00 g\n");
  CHECK(messages(r) == Strings{"a", "b", "c", "d", "e", "f", "g"});
  REQUIRE(r.events.size() == 7);
  CHECK(r.events[0].time.micros == micros_of(2000, 3, 20, 10, 15, 2));
  CHECK(r.events[1].time.micros == micros_of(2000, 3, 20, 10, 15, 0));
  CHECK(r.events[2].time.micros == micros_of(2000, 3, 20, 10, 15, 2, 500000));
  CHECK(r.events[3].time.micros == micros_of(2000, 3, 20, 10, 15, 2, 123456));
  CHECK(r.events[4].time.micros == micros_of(2000, 3, 20, 10, 15, 2, 123456));
  CHECK(r.events[5].time.micros == micros_of(2000, 3, 20, 9, 5, 0));
  CHECK(r.events[6].time.micros == micros_of(2000, 3, 7, 9, 5, 0));
  for (const Event& e : r.events) CHECK(e.time.zone == Timestamp::Zone::local);
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("text log: a Z or an offset makes the time UTC, none leaves it local", "[text_log]") {
  const auto r = read_log(
      "2000-03-20T10:15:02Z a\n"                     // 1
      "2000-03-20 10:15:02+02:00 b\n"                // 2
      "2000-03-20T10:15:02.5-05:00 c\n"              // 3
      "2000-03-20 10:15:02 +0100 d\n"                // 4: spaced, as Apache writes it
      "2000-03-20 23:30:00-0130 e\n"                 // 5: crosses midnight
      "2000-03-20 10:15:02+03 f\n"                   // 6: hours only
      "2000-03-20 10:15:02 g\n"                      // 7: local
      "2000-03-20 10:15:02 - 1234 retries\n"         // 8: a separator, not a zone
      "2000-03-20 10:15:02 +2500 bytes queued\n"     // 9: no possible offset after a space: text
      "03/20/2000 10:15:02 +0100 not after M/D/Y\n"  // 10: zones are ISO only
  );
  REQUIRE(r.events.size() == 10);
  CHECK(messages(r) ==
        Strings{"a", "b", "c", "d", "e", "f", "g", "1234 retries", "+2500 bytes queued", "+0100 not after M/D/Y"});
  using Z = Timestamp::Zone;
  const std::vector<Z> zones = {Z::utc, Z::utc, Z::utc, Z::utc, Z::utc, Z::utc, Z::local, Z::local, Z::local, Z::local};
  for (std::size_t i = 0; i < zones.size(); ++i) {
    INFO("entry " << i + 1);
    CHECK(r.events[i].time.zone == zones[i]);
  }
  CHECK(r.events[0].time.micros == micros_of(2000, 3, 20, 10, 15, 2));
  CHECK(r.events[1].time.micros == micros_of(2000, 3, 20, 8, 15, 2));
  CHECK(r.events[2].time.micros == micros_of(2000, 3, 20, 15, 15, 2, 500000));
  CHECK(r.events[3].time.micros == micros_of(2000, 3, 20, 9, 15, 2));
  CHECK(r.events[4].time.micros == micros_of(2000, 3, 21, 1, 0, 0));
  CHECK(r.events[5].time.micros == micros_of(2000, 3, 20, 7, 15, 2));
  CHECK(r.events[6].time.micros == micros_of(2000, 3, 20, 10, 15, 2));
  CHECK(r.events[8].time.micros == micros_of(2000, 3, 20, 10, 15, 2));
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("text log: year-first, slashed, dotted, ctime and month-name stamps", "[text_log]") {
  const std::string text =
      "2000/03/20 10:15:02 a\n"           // 1
      "03/20/2000 10:15:03 AM b\n"        // 2
      "3/20/00 10:15 PM c\n"              // 3: two-digit year, no seconds
      "12/01/1999 12:00:00 AM d\n"        // 4: midnight
      "03/04/2000 10:00:00 e\n"           // 5: month first (no first number above 12 here)
      "1/2/70 8:00:00 pm f\n"             // 6: 70 is 1970
      "20.03.2000 10:15:05 g\n"           // 7: dotted is day first
      "1.2.2000 10:15:05 h\n"             // 8: ... even in a month-first file
      "Mon Mar 20 10:15:05 2000 i\n"      // 9: ctime
      "Tue Mar  7 08:00:00.250 2000 j\n"  // 10: space-padded day, fraction
      "20-Mar-2000 10:15:05 k\n"          // 11
      "5-jan-99 07:00 l\n"                // 12: lower case, two-digit year
      "03/20/2000 10:15:03.5 A.M. m\n";   // 13
  const auto r = read_log(text);
  CHECK(messages(r) == Strings{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m"});
  REQUIRE(r.events.size() == 13);
  CHECK(r.events[0].time.micros == micros_of(2000, 3, 20, 10, 15, 2));
  CHECK(r.events[1].time.micros == micros_of(2000, 3, 20, 10, 15, 3));
  CHECK(r.events[2].time.micros == micros_of(2000, 3, 20, 22, 15, 0));
  CHECK(r.events[3].time.micros == micros_of(1999, 12, 1, 0, 0, 0));
  CHECK(r.events[4].time.micros == micros_of(2000, 3, 4, 10, 0, 0));
  CHECK(r.events[5].time.micros == micros_of(1970, 1, 2, 20, 0, 0));
  CHECK(r.events[6].time.micros == micros_of(2000, 3, 20, 10, 15, 5));
  CHECK(r.events[7].time.micros == micros_of(2000, 2, 1, 10, 15, 5));
  CHECK(r.events[8].time.micros == micros_of(2000, 3, 20, 10, 15, 5));
  CHECK(r.events[9].time.micros == micros_of(2000, 3, 7, 8, 0, 0, 250000));
  CHECK(r.events[10].time.micros == micros_of(2000, 3, 20, 10, 15, 5));
  CHECK(r.events[11].time.micros == micros_of(1999, 1, 5, 7, 0, 0));
  CHECK(r.events[12].time.micros == micros_of(2000, 3, 20, 10, 15, 3, 500000));
  for (const Event& e : r.events) CHECK(e.time.zone == Timestamp::Zone::local);
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("text log: a first number above 12 in the head makes the whole file day first", "[text_log]") {
  const std::string text =
      "03/04/2000 10:00:00 a\n"  // 1: 3 April
      "20/03/2000 10:15:03 b\n"  // 2: the evidence
      "3/20/2000 10:00:00 c\n"   // 3: month 20: damaged
      "05/06/07 11:00:00 d\n";   // 4: 5 June 2007
  const auto r = read_log(text);
  CHECK(messages(r) == Strings{"a", "b", "d"});
  REQUIRE(r.events.size() == 3);
  CHECK(r.events[0].time.micros == micros_of(2000, 4, 3, 10, 0, 0));
  CHECK(r.events[1].time.micros == micros_of(2000, 3, 20, 10, 15, 3));
  CHECK(r.events[2].time.micros == micros_of(2007, 6, 5, 11, 0, 0));
  CHECK(r.skipped == 1);
  CHECK(diag_codes(r.diagnostics) == Codes{"E0281@3"});

  // The same through the sniffer.
  const auto s = test::read_all(text, "dialer.log");
  REQUIRE(s.opened);
  CHECK(s.format == Format::text_log);
  REQUIRE(s.events.size() == 3);
  CHECK(s.events[0].time.micros == micros_of(2000, 4, 3, 10, 0, 0));
}

TEST_CASE("text log: the order is decided once, from the head, not line by line", "[text_log]") {
  // 03/04 first, then more month-first entries than the sniffer's head holds (its 64 KiB and the
  // block read with them), then a date whose first number is above 12: it comes too late to
  // change the order, so it is a damaged month 13.
  std::string text = "03/04/2000 10:00:00 early\n";
  for (int i = 0; i < 6000; ++i) {
    text += "01/02/2000 10:00:00 filler entry number " + std::to_string(i) + std::string(50, '.') + "\n";
  }
  REQUIRE(text.size() > 400 * 1024);
  text += "13/01/2000 10:00:00 late\n";
  const auto r = read_log(text);
  CHECK(r.counted == 6001);
  CHECK(r.skipped == 1);
  CHECK(diag_codes(r.diagnostics) == Codes{"E0281@6002"});
  REQUIRE(!r.events.empty());
  CHECK(r.events[0].time.micros == micros_of(2000, 3, 4, 10, 0, 0));
  CHECK(r.events.back().time.micros == micros_of(2000, 1, 2, 10, 0, 0));
}

TEST_CASE("text log: brackets and separators are not part of the message", "[text_log]") {
  const auto r = read_log(
      "[2000-03-20 10:15:04] INFO a\n"
      "  [2000-03-20T10:15:04.5Z]   b\n"
      "2000-03-20 10:15:04 - c\n"
      "2000-03-20 10:15:04: d\n"
      "2000-03-20 10:15:04, e\n"
      "2000-03-20 10:15:04 | WARN | f\n"
      "2000-03-20 10:15:04\tg\n"
      "2000-03-20 10:15:04 -510 returned\n"
      "[03/20/2000 10:15:03 PM] h\n"
      "2000-03-20 10:15: i\n"
      "[Mon Mar 20 10:15:05 2000] [error] j\n"
      "2000-03-20 10:15:04 ::: - | k :\n"
      "2000-03-20 10:15:04\n"
      "2000-03-20 10:15:04 ] unbracketed\n");
  CHECK(messages(r) == Strings{"INFO a", "b", "c", "d", "e", "WARN | f", "g", "-510 returned", "h", "i", "[error] j",
                               "::: - | k :", "", "] unbracketed"});
  REQUIRE(r.events.size() == 14);
  CHECK(r.events[1].time.zone == Timestamp::Zone::utc);
  CHECK(r.events[1].time.micros == micros_of(2000, 3, 20, 10, 15, 4, 500000));
  CHECK(r.events[5].level == Level::warning);
  CHECK(r.events[8].time.micros == micros_of(2000, 3, 20, 22, 15, 3));
  CHECK(r.events[9].time.micros == micros_of(2000, 3, 20, 10, 15, 0));
  CHECK(r.events[10].level == Level::error);
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("text log: lines without a timestamp continue the entry above", "[text_log]") {
  const std::string text =
      "2000-03-20 10:15:02 ERROR Unhandled exception\r\n"  // 1
      "System.Net.WebException: unable to connect\r\n"     // 2
      "   at Dialer.Connect()\r\n"                         // 3
      "\tat Dialer.Main()\r\n"                             // 4
      "\r\n"                                               // 5
      "2000-03-20 10:15:03 INFO next\r\n"                  // 6
      "2000 connections open\r\n"                          // 7: digits, no stamp
      "10.0.0.1 10:00 unreachable\r\n"                     // 8
      "03/20/2000 is the date, 10:15 the time\r\n"         // 9
      "2000-03-20 10:15:02x is no stamp either\r\n"        // 10
      "2000-03-20 10:15:04\r\n"                            // 11: no text on the first line
      "  wrapped text\r\n"                                 // 12
      "\r\n"                                               // 13
      "\r\n";                                              // 14
  const auto r = read_log(text);
  CHECK(lines(r) == std::vector<std::uint64_t>{1, 6, 11});
  CHECK(messages(r) == Strings{"ERROR Unhandled exception\nSystem.Net.WebException: unable to connect\n"
                               "   at Dialer.Connect()\n\tat Dialer.Main()",
                               "INFO next\n2000 connections open\n10.0.0.1 10:00 unreachable\n"
                               "03/20/2000 is the date, 10:15 the time\n2000-03-20 10:15:02x is no stamp either",
                               "wrapped text"});
  REQUIRE(r.events.size() == 3);
  CHECK(r.events[0].level == Level::error);
  CHECK(r.events[1].origin.offset == text.find("2000-03-20 10:15:03"));
  CHECK(r.events[2].origin.offset == text.find("2000-03-20 10:15:04"));
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("text log: an entry is capped at 64 KiB with one W0282 naming its line", "[text_log]") {
  SECTION("many continuation lines") {
    std::string text = "2000-03-20 10:15:01 small\n2000-03-20 10:15:02 big\n";  // 1, 2
    for (int i = 0; i < 100; ++i) text += std::string(1000, 'x') + "\n";        // 3-102
    text += "2000-03-20 10:15:03 after\n";                                      // 103
    const auto r = read_log(text);
    CHECK(lines(r) == std::vector<std::uint64_t>{1, 2, 103});
    REQUIRE(r.events.size() == 3);
    const std::string& big = r.events[1].message;
    CHECK(big.size() <= 64 * 1024);
    CHECK(big.size() > 63 * 1024);
    CHECK(big.starts_with("big\n" + std::string(1000, 'x') + "\n"));
    CHECK(r.events[2].message == "after");
    CHECK(r.skipped == 0);
    REQUIRE(diag_codes(r.diagnostics) == Codes{"W0282@2"});
    CHECK(r.diagnostics.items()[0].severity == Severity::warning);
    CHECK(r.diagnostics.items()[0].message.find("64 KiB") != std::string::npos);
  }
  SECTION("one huge first line") {
    const auto r =
        read_log("2000-03-20 10:15:02 " + std::string(200 * 1024, 'y') + "\nmore\n" + "2000-03-20 10:15:03 after\n");
    REQUIRE(r.events.size() == 2);
    CHECK(r.events[0].message == std::string(64 * 1024, 'y'));
    CHECK(r.events[1].message == "after");
    CHECK(diag_codes(r.diagnostics) == Codes{"W0282@1"});
  }
  SECTION("the cut never splits a UTF-8 character") {
    std::string text = "2000-03-20 10:15:02 a";
    for (int i = 0; i < 40000; ++i) text += "\xC3\xA9";  // é
    const auto r = read_log(text + "\n");
    REQUIRE(r.events.size() == 1);
    const std::string& m = r.events[0].message;
    CHECK(m.size() == 64 * 1024 - 1);
    CHECK(m.ends_with("\xC3\xA9"));
    CHECK(diag_codes(r.diagnostics) == Codes{"W0282@1"});
  }
  SECTION("exactly 64 KiB is not cut") {
    const auto r = read_log("2000-03-20 10:15:02 " + std::string(64 * 1024, 'z') + "\n\n\n");
    REQUIRE(r.events.size() == 1);
    CHECK(r.events[0].message.size() == 64 * 1024);
    CHECK(r.diagnostics.items().empty());
  }
}

TEST_CASE("text log: lines before the first entry are stray, warned once at the end", "[text_log]") {
  const std::string text =
      "Dialer log, build 1234\n"       // 1 stray
      "\n"                             // 2 blank: not stray
      "=====\n"                        // 3 stray
      "2000-03-20 10:15:02 first\n"    // 4
      "  continued\n"                  // 5
      "2000-03-20 10:15:03 second\n";  // 6
  const auto r = read_log(text);
  CHECK(lines(r) == std::vector<std::uint64_t>{4, 6});
  CHECK(messages(r) == Strings{"first\n  continued", "second"});
  CHECK(r.skipped == 0);
  REQUIRE(diag_codes(r.diagnostics) == Codes{"W0281@1"});
  const Diagnostic& d = r.diagnostics.items()[0];
  CHECK(d.severity == Severity::warning);
  CHECK(d.file == "in.txt");
  CHECK(d.message.find("2 line(s)") != std::string::npos);
}

TEST_CASE("text log: impossible timestamps skip their entry, continuation lines included", "[text_log]") {
  const std::string text =
      "2000-03-20 10:15:02 good one\n"       // 1
      "2000-13-20 10:15:03 month 13\n"       // 2 E0281
      "  continuation of the damaged one\n"  // 3 dropped with it
      "2000-02-30 10:15:04 Feb 30\n"         // 4 E0281
      "2000-03-20 25:00:00 hour 25\n"        // 5 E0281
      "03/20/2000 13:00:00 PM pm hour\n"     // 6 E0281
      "2000-03-20 10:15:05+15:00 offset\n"   // 7 E0281
      "Mon Feb 30 10:00:00 2000 ctime\n"     // 8 E0281
      "31-Apr-2000 10:00:00 april 31\n"      // 9 E0281
      "1999-02-29 10:00:00 not leap\n"       // 10 E0281
      "2000-02-29 10:00:00 leap day\n"       // 11
      "  its continuation\n"                 // 12
      "0000-01-01 00:00:00 year zero\n"      // 13 E0281
      "2000-03-20 10:60:00 minute 60\n"      // 14 E0281
      "2000-03-20 10:15:06 last\n";          // 15
  const auto r = read_log(text);
  CHECK(lines(r) == std::vector<std::uint64_t>{1, 11, 15});
  CHECK(messages(r) == Strings{"good one", "leap day\n  its continuation", "last"});
  CHECK(r.counted == 3);
  CHECK(r.skipped == 10);
  CHECK(r.counted + r.skipped == 13);  // every line that starts with a timestamp
  CHECK(diag_codes(r.diagnostics) == Codes{"E0281@2", "E0281@4", "E0281@5", "E0281@6", "E0281@7", "E0281@8", "E0281@9",
                                           "E0281@10", "E0281@13", "E0281@14"});
  for (const auto& d : r.diagnostics.items()) {
    CHECK(d.severity == Severity::error);
    CHECK(d.message.find("record skipped") != std::string::npos);
  }
  CHECK(r.diagnostics.items()[0].message.find("\"2000-13-20 10:15:03\"") != std::string::npos);
  REQUIRE(r.events.size() == 3);
  CHECK(r.events[1].time.micros == micros_of(2000, 2, 29, 10, 0, 0));
}

TEST_CASE("text log: a damaged first entry takes its continuation lines, which are not stray", "[text_log]") {
  const auto r = read_log(
      "2000-02-31 10:00:00 no such day\n"
      "  a line of it\n"
      "2000-03-01 10:00:00 fine\n");
  CHECK(messages(r) == Strings{"fine"});
  CHECK(r.skipped == 1);
  CHECK(diag_codes(r.diagnostics) == Codes{"E0281@1"});
}

TEST_CASE("text log: level words among the first three words", "[text_log]") {
  const std::vector<std::pair<std::string, Level>> cases = {
      {"ERROR x", Level::error},
      {"err x", Level::error},
      {"FATAL x", Level::critical},
      {"Critical x", Level::critical},
      {"WARN x", Level::warning},
      {"warning x", Level::warning},
      {"Info x", Level::information},
      {"INFORMATION x", Level::information},
      {"DEBUG x", Level::verbose},
      {"trace x", Level::verbose},
      {"VERBOSE x", Level::verbose},
      {"[ERROR] x", Level::error},
      {"[Warn] x", Level::warning},
      {"ERROR: x", Level::error},
      {"4711 12 [WARN] x", Level::warning},
      {"dialer [debug] x", Level::verbose},
      {"a b c ERROR", Level::unknown},
      {"Errors happened", Level::unknown},
      {"[ERROR x", Level::unknown},
      {"RasDial failed", Level::unknown},
      {"notice x", Level::unknown},
  };
  std::string text;
  for (const auto& c : cases) text += "2000-03-20 10:15:02 " + c.first + "\n";
  text += "2000-03-20 10:15:03\nERROR on the second line\n";
  const auto r = read_log(text);
  REQUIRE(r.events.size() == cases.size() + 1);
  for (std::size_t i = 0; i < cases.size(); ++i) {
    INFO(cases[i].first);
    CHECK(r.events[i].message == cases[i].first);
    CHECK(r.events[i].level == cases[i].second);
  }
  CHECK(r.events.back().level == Level::error);
}

TEST_CASE("text log: the source is the file's base name, stdin for standard input", "[text_log]") {
  const std::vector<std::pair<std::string, std::string>> names = {
      {"C:\\logs\\dialer.log", "dialer.log"},
      {"/var/log/app/dialer.log", "dialer.log"},
      {"logs/sub\\rasphone.txt", "rasphone.txt"},
      {"dialer.log", "dialer.log"},
      {"-", "stdin"},
  };
  for (const auto& [display, source] : names) {
    INFO(display);
    const auto r = test::read_all(dialer_log, display);
    REQUIRE(r.opened);
    CHECK(r.format == Format::text_log);
    REQUIRE(r.events.size() == 5);
    for (const Event& e : r.events) {
      CHECK(e.source == source);
      CHECK(e.log == "Text");
    }
  }
}

TEST_CASE("text log: accounting, events and skipped add up to the entries", "[text_log]") {
  std::string text = "preamble\n";
  int entries = 0;
  for (int i = 0; i < 50; ++i) {
    const bool bad = i % 7 == 3;
    text += bad ? "2000-02-30 10:00:00 bad\n"
                : "2000-03-01 10:00:" + std::string(i < 10 ? "0" : "") + std::to_string(i) + " ok\n";
    ++entries;
    if (i % 5 == 0) text += "  continuation\n\n";
  }
  const auto r = read_log(text);
  CHECK(r.counted == r.events.size());
  CHECK(r.skipped == 7);
  CHECK(r.counted + r.skipped == static_cast<std::uint64_t>(entries));
  CHECK(r.diagnostics.count(Severity::error) == r.skipped);
}

TEST_CASE("text log: UTF-16LE with BOM is sniffed and read", "[text_log]") {
  const std::string text =
      "2021-12-24 18:22:05 INFO K\xC3\xBC"
      "che-PC connected\r\n"                         // 1
      "2021-12-24 18:22:06 ERROR RasDial 623\r\n"    // 2
      "  \xE2\x86\x92 phone book entry missing\r\n"  // 3
      "2021-12-24 18:22:07 done\r\n";                // 4
  // UTF-16LE bytes: FF FE, then each character's low byte first (all BMP here).
  const std::string bytes = readtest::utf16(text, true, true);
  REQUIRE(bytes.substr(0, 4) == std::string("\xFF\xFE\x32\x00", 4));
  const auto r = test::read_all(bytes, "dialer.log");
  REQUIRE(r.opened);
  CHECK(r.format == Format::text_log);
  CHECK(lines(r) == std::vector<std::uint64_t>{1, 2, 4});
  CHECK(messages(r) == Strings{"INFO K\xC3\xBC"
                               "che-PC connected",
                               "ERROR RasDial 623\n  \xE2\x86\x92 phone book entry missing", "done"});
  REQUIRE(r.events.size() == 3);
  CHECK(r.events[1].time.micros == micros_of(2021, 12, 24, 18, 22, 6));
  CHECK(r.events[1].level == Level::error);
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("text log: an empty input and text without entries yield nothing", "[text_log]") {
  const auto empty = read_log("");
  CHECK(empty.events.empty());
  CHECK(empty.diagnostics.items().empty());
  const auto notes = read_log("just\nnotes\n");
  CHECK(notes.events.empty());
  CHECK(notes.skipped == 0);
  CHECK(diag_codes(notes.diagnostics) == Codes{"W0281@1"});
  const auto last = read_log("2000-03-20 10:15:02 no line end");
  CHECK(messages(last) == Strings{"no line end"});
}

TEST_CASE("text log sniffing: timestamped logs are recognized", "[text_log][sniff]") {
  DiagnosticList d;
  for (const std::string& text : {dialer_log,
                                  std::string("Mon Mar 20 10:15:05 2000 a\nMon Mar 20 10:15:06 2000 b\n"
                                              "Mon Mar 20 10:15:07 2000 c\n"),
                                  std::string("20.03.2000 10:15:05 a\n20.03.2000 10:15:06 b\n20.03.2000 10:15:07 c\n"),
                                  // Three entries among six other lines: exactly a third.
                                  std::string("2000-03-20 10:15:02 ERROR x\n  at a\n  at b\n  at c\n"
                                              "2000-03-20 10:15:03 y\n  at d\n  at e\n"
                                              "2000-03-20 10:15:04 z\n  at f\n")}) {
    CAPTURE(text);
    const auto reader = sniff(text, d);
    REQUIRE(reader);
    CHECK(reader->format() == Format::text_log);
    CHECK(detail::looks_like_text_log(text));
  }
  CHECK(d.items().empty());
  CHECK(format_name(Format::text_log) == "text-log");
}

TEST_CASE("text log sniffing: prose, a README, numbers, junk and two stamps are refused", "[text_log][sniff]") {
  const std::string readme =
      "kbmatch\n=======\n\nReads exported Windows logs and matches them against KB articles.\n\n"
      "Build\n-----\n  cmake -S . -B build\n  cmake --build build\n\nHistory\n-------\n"
      "2001-05-10 09:00 first version, NT4 text only\n"
      "2003-02-01 10:30 Event XML\n"
      "2007-01-30 08:15 Vista CSV\n"
      "Later versions added the DHCP audit log,\nDr. Watson logs and counter logs.\n"
      "See signatures/README.md for the format.\nReport bugs to the team.\nThanks.\n";
  std::string prose_then_log;  // timestamped lines, but only after ten other lines
  for (int i = 0; i < 10; ++i) prose_then_log += "Paragraph " + std::to_string(i) + " of the mail.\n";
  for (int i = 0; i < 10; ++i) prose_then_log += "2000-03-20 10:15:0" + std::to_string(i) + " entry\n";
  std::string third_minus_one = "2000-03-20 10:15:02 x\n";  // 3 stamps among 10 lines: less than a third
  for (int i = 0; i < 7; ++i) third_minus_one += "  at frame " + std::to_string(i) + "\n";
  third_minus_one += "2000-03-20 10:15:03 y\n2000-03-20 10:15:04 z\n";
  std::string impossible;  // the shape of stamps, never a real date
  for (int i = 0; i < 10; ++i) impossible += "99/99/99 99:99 x\n2000-13-45 10:00:00 y\n";

  const std::vector<std::pair<std::string, std::string>> inputs = {
      {"prose",
       "Dear support,\r\nthe dialer fails with error 623 since Monday.\r\nIt logs this:\r\n"
       "RasDial failed, error 623\r\nRegards,\r\nAnn\r\n"},
      {"readme", readme},
      {"csv of numbers", "1,2,3\n4.5,6.25,7\n10,20,30\n2000,3,20\n12.5,13,14\n3.14,2.71,1.41\n"},
      {"binary junk", junk(4096, 1)},
      {"two stamps", "2000-03-20 10:15:02 RasDial failed\n2000-03-20 10:15:03 RasDial failed\n"},
      {"stamps only after ten lines", prose_then_log},
      {"less than a third", third_minus_one},
      {"impossible stamps", impossible},
  };
  for (const auto& [what, text] : inputs) {
    INFO(what);
    CHECK_FALSE(detail::looks_like_text_log(text));
    DiagnosticList d;
    CHECK(sniff(text, d) == nullptr);
    CHECK(diag_codes(d) == Codes{"E0402@0"});
  }
}

TEST_CASE("text log sniffing: never crashes on junk", "[text_log][sniff]") {
  for (std::uint32_t seed = 0; seed < 200; ++seed) {
    std::string bytes = junk(64 + seed * 7, seed);
    // Salt the junk with the characters stamps are made of.
    for (std::size_t i = 0; i < bytes.size(); i += 5) bytes[i] = "0123456789/-.: T[]\nAPM"[(i + seed) % 22];
    CHECK_FALSE(detail::looks_like_text_log(bytes.substr(0, seed % 3 == 0 ? bytes.size() : seed % 40)));
    DiagnosticList d;
    const auto reader = sniff(bytes, d);
    if (reader) {
      Event e;
      while (reader->next(e)) {
      }
    }
  }
}

TEST_CASE("text log sniffing: the export formats still win", "[text_log][sniff]") {
  SECTION("NT4 Event Viewer text rows start with a date and time too") {
    const std::string row =
        "5/10/2001\t5:49:58 PM\tDHCP Server\tError\tNone\t1014\tN/A\tDHCPSRV01\tThe JET Database returned the "
        "following Error: -510.\r\n";
    const auto r = test::read_all(row + row + row + row, "System.txt");
    REQUIRE(r.opened);
    CHECK(r.format == Format::nt4_text);
    REQUIRE(r.events.size() == 4);
    CHECK(r.events[0].event_id == 1014);
    const auto one = test::read_all(row, "System.txt");
    REQUIRE(one.opened);
    CHECK(one.format == Format::nt4_text);
  }
  SECTION("wevtutil text with ISO dates") {
    const auto r = test::read_all(
        "Event[0]:\r\n  Log Name: System\r\n  Source: DhcpServer\r\n  Date: 2001-03-14T02:15:03.000\r\n"
        "  Event ID: 1014\r\n  Description:\r\n2001-03-14 02:15:03 quoted\r\n2001-03-14 02:15:04 quoted\r\n"
        "2001-03-14 02:15:05 quoted\r\n",
        "x.txt");
    REQUIRE(r.opened);
    CHECK(r.format == Format::wevtutil_text);
  }
  SECTION("Vista tab-delimited text") {
    const auto r = test::read_all(
        "Level\tDate and Time\tSource\tEvent ID\tTask Category\r\n"
        "Error\t3/14/2001 2:15:03 AM\tDhcpServer\t1014\tNone\tThe JET Database, Error: -510.\r\n",
        "x.txt");
    REQUIRE(r.opened);
    CHECK(r.format == Format::vista_csv);
  }
}
