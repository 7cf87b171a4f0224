// Performance counter logs as text (PDH-CSV / PDH-TSV from Performance Monitor, System Monitor,
// relog and typeperf): a header naming the time zone and the counter paths, then one row per
// sample time, one record per cell that holds a number.
#include <catch2/catch.hpp>

#include <cmath>

#include "read_helpers.h"
#include "support.h"

using namespace kbmatch;
using readtest::diag_codes;
using readtest::lines;
using readtest::micros_of;
using Codes = std::vector<std::string>;
using Strings = std::vector<std::string>;

namespace {

readtest::Run read_pdh(const std::string& bytes) {
  return readtest::run_reader(bytes, [](std::unique_ptr<detail::TextInput> in, const ReaderOptions& o) {
    return detail::make_counter_log_reader(std::move(in), {}, o);
  });
}

// "HOST|Object|Instance|Counter=value" for every record, in order, for exact comparisons.
template <class Result>
Strings samples(const Result& r) {
  Strings out;
  for (const Event& e : r.events) {
    char value[64];
    std::snprintf(value, sizeof value, "%.17g", e.sample.value);
    out.push_back(e.computer + "|" + e.sample.object + "|" + e.sample.instance + "|" + e.sample.counter + "=" + value);
  }
  return out;
}

template <class Result>
std::vector<std::int64_t> times(const Result& r) {
  std::vector<std::int64_t> out;
  for (const Event& e : r.events) out.push_back(e.time.micros);
  return out;
}

bool mentions(const Diagnostic& d, std::string_view text) {
  return d.message.find(text) != std::string::npos;
}

// The example of the format's documentation, in Performance Monitor's own shape: CRLF, every
// field quoted, a blank cell where a value could not be collected.
const std::string perfmon =
    "\"(PDH-CSV 4.0) (Pacific Standard Time)(480)\",\"\\\\RASSRV01\\Process(rasdial)\\Private Bytes\","
    "\"\\\\RASSRV01\\Process(rasdial)\\ID Process\",\"\\\\RASSRV01\\Memory\\Available Bytes\"\r\n"  // 1
    "\"03/20/2000 10:15:30.123\",\"1245184\",\"312\",\"101244928\"\r\n"                             // 2
    "\"03/20/2000 10:15:45.125\",\" \",\"312\",\"101240832\"\r\n";                                  // 3

const std::string memory_header =
    "\"(PDH-CSV 4.0) (Pacific Standard Time)(480)\",\"\\\\H\\Memory\\Available Bytes\"\r\n";

}  // namespace

TEST_CASE("counter log: Performance Monitor CSV yields one sample per value, in UTC by the bias", "[counter_log]") {
  const auto r = read_pdh(perfmon);
  CHECK(r.format == Format::counter_log);
  CHECK(samples(r) == Strings{"RASSRV01|Process|rasdial|Private Bytes=1245184",
                              "RASSRV01|Process|rasdial|ID Process=312", "RASSRV01|Memory||Available Bytes=101244928",
                              "RASSRV01|Process|rasdial|ID Process=312", "RASSRV01|Memory||Available Bytes=101240832"});
  CHECK(lines(r) == std::vector<std::uint64_t>{2, 2, 2, 3, 3});
  CHECK(r.counted == 5);
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());
  REQUIRE(r.events.size() == 5);

  const Event& e = r.events[0];
  CHECK(e.kind == Event::Kind::counter_sample);
  CHECK(e.time.zone == Timestamp::Zone::utc);
  CHECK(e.time.micros == micros_of(2000, 3, 20, 18, 15, 30, 123000));  // 10:15:30.123 PST + 8 h
  CHECK(e.sample.utc_offset_seconds == -8 * 3600);
  CHECK(e.sample.has_utc_offset);
  CHECK(e.origin.file == readtest::test_file_index);
  CHECK(e.origin.offset == perfmon.find("\"03/20/2000 10:15:30"));
  CHECK(e.source.empty());
  CHECK(e.log.empty());
  CHECK_FALSE(e.has_event_id);
  CHECK(e.event_id == 0);
  CHECK_FALSE(e.has_record);
  CHECK(e.level == Level::unknown);
  CHECK(e.strings.empty());
  CHECK(e.message.empty());
  CHECK_FALSE(e.crash.present());

  CHECK(r.events[3].time.micros == micros_of(2000, 3, 20, 18, 15, 45, 125000));
  CHECK(r.events[3].origin.offset == perfmon.find("\"03/20/2000 10:15:45"));
  CHECK(r.events[4].origin.offset == r.events[3].origin.offset);
}

TEST_CASE("counter log: header line recognition", "[counter_log][sniff]") {
  using detail::is_counter_log_header;
  CHECK(is_counter_log_header("\"(PDH-CSV 4.0) (Pacific Standard Time)(480)\",\"\\\\H\\Memory\\Available Bytes\""));
  CHECK(is_counter_log_header("(PDH-CSV 4.0) (Pacific Standard Time)(480),\\\\H\\Memory\\Available Bytes"));
  CHECK(is_counter_log_header("\"(PDH-TSV 4.0) (W. Europe Standard Time)(-60)\"\t\"\\\\H\\Memory\\Pages/sec\""));
  CHECK(is_counter_log_header("  \"(PDH-CSV 4.0)\",\"\\\\H\\Memory\\Pages/sec\"  "));
  CHECK(is_counter_log_header("(PDH-CSV 4.0)"));
  CHECK(is_counter_log_header("\"(PDH-CSV 3.10)\""));
  CHECK(is_counter_log_header("\"(PDH-TSV 5)\""));
  CHECK(is_counter_log_header("\"(pdh-csv 4.0)\""));
  CHECK_FALSE(is_counter_log_header(""));
  CHECK_FALSE(is_counter_log_header("(PDH-CSV)"));
  CHECK_FALSE(is_counter_log_header("(PDH-CSV 4.0"));
  CHECK_FALSE(is_counter_log_header("(PDH-CSV .0)"));
  CHECK_FALSE(is_counter_log_header("(PDH-CSV4.0)"));
  CHECK_FALSE(is_counter_log_header("(PDH-BLG 4.0)"));
  CHECK_FALSE(is_counter_log_header("PDH-CSV 4.0"));
  CHECK_FALSE(is_counter_log_header("\"Time\",\"(PDH-CSV 4.0)\""));
  CHECK_FALSE(is_counter_log_header("\"03/20/2000 10:15:30.123\",\"1245184\""));
  CHECK_FALSE(is_counter_log_header("Level,Date and Time,Source,Event ID,Task Category"));
}

TEST_CASE("counter log: header time zones and biases", "[counter_log]") {
  struct Case {
    std::string first;
    bool utc;
    std::int32_t offset;  // sample.utc_offset_seconds
    Codes codes;
  };
  const std::vector<Case> cases = {
      {"(PDH-CSV 4.0) (Pacific Standard Time)(480)", true, -8 * 3600, {}},
      {"(PDH-CSV 4.0) (Eastern Daylight Time)(240)", true, -4 * 3600, {}},
      {"(PDH-CSV 4.0) (W. Europe Standard Time)(-60)", true, 3600, {}},
      {"(PDH-CSV 4.0) (India Standard Time)(-330)", true, 5 * 3600 + 1800, {}},
      {"(PDH-CSV 4.0) (GMT Standard Time)(0)", true, 0, {}},
      {"(PDH-CSV 4.0) (480)", true, -8 * 3600, {}},
      {"(PDH-CSV 4.0)(480)", true, -8 * 3600, {}},
      {"(PDH-CSV 4.0)", false, 0, {}},
      {"(PDH-CSV 4.0) (Pacific Standard Time)", false, 0, {}},
      {"(PDH-CSV 4.0) (Pacific Standard Time (Mexico))", false, 0, {}},
      {"(PDH-CSV 4.0) (Pacific Standard Time (Mexico))(480)", true, -8 * 3600, {}},
      {"(PDH-CSV 4.0) (Pacific Standard Time)(48O)", false, 0, {"W0262@1"}},
      {"(PDH-CSV 4.0) (Pacific Standard Time)(99999)", false, 0, {"W0262@1"}},
  };
  for (const Case& c : cases) {
    INFO(c.first);
    const auto r = read_pdh("\"" + c.first + "\",\"\\\\H\\Memory\\Pages/sec\"\n\"01/02/2003 04:05:06\",\"7\"\n");
    REQUIRE(r.events.size() == 1);
    const Event& e = r.events[0];
    CHECK(e.sample.has_utc_offset == c.utc);
    CHECK(e.sample.utc_offset_seconds == c.offset);
    CHECK(e.time.zone == (c.utc ? Timestamp::Zone::utc : Timestamp::Zone::local));
    CHECK(e.time.micros == micros_of(2003, 1, 2, 4, 5, 6) - std::int64_t{c.offset} * 1000000);
    CHECK(diag_codes(r.diagnostics) == c.codes);
  }
}

TEST_CASE("counter log: unquoted header and rows read the same", "[counter_log]") {
  const auto r = read_pdh(
      "(PDH-CSV 4.0) (Pacific Standard Time)(480),\\\\RASSRV01\\Memory\\Available "
      "Bytes,\\\\RASSRV01\\Memory\\Pages/sec\n"
      "03/20/2000 10:15:30.123,101244928,0.5\n"
      "03/20/2000 10:15:45.125, ,12\n");
  CHECK(samples(r) == Strings{"RASSRV01|Memory||Available Bytes=101244928", "RASSRV01|Memory||Pages/sec=0.5",
                              "RASSRV01|Memory||Pages/sec=12"});
  CHECK(times(r) == std::vector<std::int64_t>{micros_of(2000, 3, 20, 18, 15, 30, 123000),
                                              micros_of(2000, 3, 20, 18, 15, 30, 123000),
                                              micros_of(2000, 3, 20, 18, 15, 45, 125000)});
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("counter log: PDH-TSV is tab-delimited and may use a decimal comma", "[counter_log]") {
  const std::string text =
      "\"(PDH-TSV 4.0) (W. Europe Standard Time)(-60)\"\t\"\\\\SRV\\Processor(_Total)\\% Processor Time\"\t"
      "\"\\\\SRV\\Memory\\Committed Bytes\"\r\n"
      "\"20.03.2000 10:15:30.500\"\t\"12,5\"\t\"1,5e+07\"\r\n"
      "\"20.03.2000 10:15:45.500\"\t\"3.25\"\t\"\"\r\n";
  const auto r = read_pdh(text);
  CHECK(samples(r) == Strings{"SRV|Processor|_Total|% Processor Time=12.5", "SRV|Memory||Committed Bytes=15000000",
                              "SRV|Processor|_Total|% Processor Time=3.25"});
  REQUIRE(r.events.size() == 3);
  CHECK(r.events[0].time.micros == micros_of(2000, 3, 20, 9, 15, 30, 500000));  // 10:15 CET is 09:15 UTC
  CHECK(r.events[0].sample.utc_offset_seconds == 3600);
  CHECK(r.events[2].origin.line == 3);
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("counter log: counter paths split into host, object, instance and counter", "[counter_log]") {
  const Strings paths = {
      "\\\\SRV\\Network Interface(Intel(R) PRO_1000 MT)\\Bytes Total/sec",
      "\\\\SRV\\Process(svchost#1)\\Private Bytes",
      "\\\\SRV\\Thread(rasdial/0#1)\\% Processor Time",
      "\\\\SRV\\LogicalDisk(C:)\\% Free Space",
      "\\\\SRV\\Memory\\Available MBytes",
      "\\Process(rasdial)\\Handle Count",
      "\\Memory\\Pages/sec",
      "\\\\SRV\\Print Queue(\\\\PS1\\HP LaserJet)\\Jobs",
      "\\\\SRV\\Process()\\Working Set",
  };
  std::string text = "\"(PDH-CSV 4.0) (Pacific Standard Time)(480)\"";
  std::string row = "\"03/20/2000 10:15:30.123\"";
  for (std::size_t i = 0; i < paths.size(); ++i) {
    text += ",\"" + paths[i] + "\"";
    row += ",\"" + std::to_string(i + 1) + "\"";
  }
  const auto r = read_pdh(text + "\r\n" + row + "\r\n");
  CHECK(samples(r) == Strings{
                          "SRV|Network Interface|Intel(R) PRO_1000 MT|Bytes Total/sec=1",
                          "SRV|Process|svchost#1|Private Bytes=2",
                          "SRV|Thread|rasdial/0#1|% Processor Time=3",
                          "SRV|LogicalDisk|C:|% Free Space=4",
                          "SRV|Memory||Available MBytes=5",
                          "|Process|rasdial|Handle Count=6",
                          "|Memory||Pages/sec=7",
                          "SRV|Print Queue|\\\\PS1\\HP LaserJet|Jobs=8",
                          "SRV|Process||Working Set=9",
                      });
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("counter log: a column name that is not a counter path is kept whole, warned once", "[counter_log]") {
  const auto r = read_pdh(
      "\"(PDH-CSV 4.0)\",\"Available Bytes\",\"\\\\SRV\\Memory\\Pages/sec\",\"\\\\SRV\",\"\\\\SRV\\Memory\\\"\n"
      "\"01/02/2003 04:05:06\",\"1\",\"2\",\"3\",\"4\"\n");
  CHECK(samples(r) ==
        Strings{"|||Available Bytes=1", "SRV|Memory||Pages/sec=2", "|||\\\\SRV=3", "|||\\\\SRV\\Memory\\=4"});
  REQUIRE(diag_codes(r.diagnostics) == Codes{"W0262@1"});
  CHECK(mentions(r.diagnostics.items()[0], "column 2"));
  CHECK(mentions(r.diagnostics.items()[0], "Available Bytes"));
  CHECK(r.skipped == 0);
}

TEST_CASE("counter log: blank and missing cells are gaps, not damage", "[counter_log]") {
  const std::string header =
      "\"(PDH-CSV 4.0) (Pacific Standard Time)(480)\",\"\\\\H\\A\\a\",\"\\\\H\\B\\b\",\"\\\\H\\C\\c\"\r\n";
  const auto r = read_pdh(header +
                          "\"01/01/2001 00:00:00\",\" \",\"\",\"  \"\r\n"  // 2: every rate counter's first sample
                          "\"01/01/2001 00:00:15\",\"1\",\" \",\"3\"\r\n"  // 3
                          "\"01/01/2001 00:00:30\",\"1\"\r\n"              // 4: fewer fields than columns
                          "\"01/01/2001 00:00:45\",,\"2\",\r\n"            // 5: empty unquoted fields
                          "\"01/01/2001 00:01:00\"\r\n");                  // 6: the time alone
  CHECK(samples(r) == Strings{"H|A||a=1", "H|C||c=3", "H|A||a=1", "H|B||b=2"});
  CHECK(lines(r) == std::vector<std::uint64_t>{3, 3, 4, 5});
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("counter log: without a bias the sample times stay local", "[counter_log]") {
  const auto r = read_pdh("\"(PDH-CSV 4.0)\",\"\\\\H\\Memory\\Pages/sec\"\n\"12/31/1999 23:59:59.999\",\"42\"\n");
  REQUIRE(r.events.size() == 1);
  CHECK(r.events[0].time.zone == Timestamp::Zone::local);
  CHECK(r.events[0].time.micros == micros_of(1999, 12, 31, 23, 59, 59, 999000));
  CHECK_FALSE(r.events[0].sample.has_utc_offset);
  CHECK(r.events[0].sample.utc_offset_seconds == 0);
  CHECK(format_timestamp(r.events[0].time) == "1999-12-31T23:59:59.999");
}

TEST_CASE("counter log: the bias moves a sample across midnight and the year", "[counter_log]") {
  const auto r = read_pdh(memory_header + "\"12/31/1999 20:00:00\",\"1\"\r\n");
  REQUIRE(r.events.size() == 1);
  CHECK(r.events[0].time.micros == micros_of(2000, 1, 1, 4, 0, 0));
  CHECK(format_timestamp(r.events[0].time) == "2000-01-01T04:00:00Z");
}

TEST_CASE("counter log: sample time spellings", "[counter_log]") {
  struct Case {
    std::string time;
    std::int64_t micros;
  };
  const std::vector<Case> cases = {
      {"03/20/2000 10:15:30.123", micros_of(2000, 3, 20, 10, 15, 30, 123000)},
      {"3/20/2000 10:15:30", micros_of(2000, 3, 20, 10, 15, 30)},
      {"20.03.2000 10:15:30.123", micros_of(2000, 3, 20, 10, 15, 30, 123000)},
      {"03.04.2000 10:15:30", micros_of(2000, 4, 3, 10, 15, 30)},  // dotted: always day first
      {"2000-03-20 10:15:30.123", micros_of(2000, 3, 20, 10, 15, 30, 123000)},
      {"2000-03-20T10:15:30.123", micros_of(2000, 3, 20, 10, 15, 30, 123000)},
      {"2000/03/20 10:15:30", micros_of(2000, 3, 20, 10, 15, 30)},
      {"03/20/2000 10:15:30 PM", micros_of(2000, 3, 20, 22, 15, 30)},
      {"03/20/2000 12:05:00 AM", micros_of(2000, 3, 20, 0, 5, 0)},
      {"03/20/2000 12:05:00.250 PM", micros_of(2000, 3, 20, 12, 5, 0, 250000)},
      {"03/20/00 1:02:03 pm", micros_of(2000, 3, 20, 13, 2, 3)},
  };
  for (const Case& c : cases) {
    INFO(c.time);
    const auto r = read_pdh("\"(PDH-CSV 4.0)\",\"\\\\H\\Memory\\Pages/sec\"\n\"" + c.time + "\",\"1\"\n");
    REQUIRE(r.events.size() == 1);
    CHECK(r.events[0].time.micros == c.micros);
    CHECK(r.events[0].time.zone == Timestamp::Zone::local);
    CHECK(r.diagnostics.items().empty());
  }
}

TEST_CASE("counter log: month first unless a row shows the file is day first", "[counter_log]") {
  const std::string header = "\"(PDH-CSV 4.0)\",\"\\\\H\\Memory\\Pages/sec\"\n";
  // Nothing above 12: PDH's own order, month first.
  const auto us = read_pdh(header + "\"03/04/2000 10:00:00\",\"1\"\n\"03/05/2000 10:00:00\",\"2\"\n");
  CHECK(times(us) == std::vector<std::int64_t>{micros_of(2000, 3, 4, 10, 0, 0), micros_of(2000, 3, 5, 10, 0, 0)});
  CHECK(us.diagnostics.items().empty());

  // A later row starts with 13: the whole file is day first, the ambiguous rows before it too.
  const auto uk = read_pdh(header + "\"03/04/2000 10:00:00\",\"1\"\n\"12/04/2000 10:00:00\",\"2\"\n" +
                           "\"13/04/2000 10:00:00\",\"3\"\n");
  CHECK(times(uk) == std::vector<std::int64_t>{micros_of(2000, 4, 3, 10, 0, 0), micros_of(2000, 4, 12, 10, 0, 0),
                                               micros_of(2000, 4, 13, 10, 0, 0)});
  CHECK(uk.diagnostics.items().empty());

  // A note before the header that starts like a day-first date does not decide the order.
  const auto noted = read_pdh("15-minute samples of RASSRV01\n" + header + "\"03/04/2000 10:00:00\",\"1\"\n");
  CHECK(times(noted) == std::vector<std::int64_t>{micros_of(2000, 3, 4, 10, 0, 0)});
  CHECK(diag_codes(noted.diagnostics) == Codes{"W0261@1"});

  // Same with dashes.
  const auto dashes = read_pdh(header + "\"03-04-2000 10:00:00\",\"1\"\n\"25-04-2000 10:00:00\",\"2\"\n");
  CHECK(times(dashes) == std::vector<std::int64_t>{micros_of(2000, 4, 3, 10, 0, 0), micros_of(2000, 4, 25, 10, 0, 0)});
}

TEST_CASE("counter log: a row that fits only the other date order is read so, warned once", "[counter_log]") {
  const std::string header = "\"(PDH-CSV 4.0)\",\"\\\\H\\Memory\\Pages/sec\"\n";
  // Day first, then rows whose second number exceeds 12.
  const auto r = read_pdh(header +
                          "\"20/03/2000 10:00:00\",\"1\"\n"    // 2
                          "\"04/20/2000 10:00:00\",\"2\"\n"    // 3: only month first fits
                          "\"04/21/2000 10:00:00\",\"3\"\n"    // 4: no second warning
                          "\"04/05/2000 10:00:00\",\"4\"\n"    // 5: ambiguous, the file's order
                          "\"04/31/2000 10:00:00\",\"5\"\n");  // 6: fits neither: damaged
  CHECK(times(r) == std::vector<std::int64_t>{micros_of(2000, 3, 20, 10, 0, 0), micros_of(2000, 4, 20, 10, 0, 0),
                                              micros_of(2000, 4, 21, 10, 0, 0), micros_of(2000, 5, 4, 10, 0, 0)});
  CHECK(r.skipped == 1);
  REQUIRE(diag_codes(r.diagnostics) == Codes{"W0262@3", "E0261@6"});
  CHECK(mentions(r.diagnostics.items()[0], "04/20/2000"));
  CHECK(mentions(r.diagnostics.items()[0], "day first"));

  // Month first, decided from the head the reader looks at first (the sniffer's 64 KiB, or the
  // first decoded block); a day-first row far past it is read day first.
  std::string text = header;
  int rows = 0;
  while (text.size() < 600 * 1024) {
    text += "\"01/02/2000 10:00:00\",\"" + std::to_string(++rows) + "\"\n";
  }
  text += "\"13/02/2000 10:00:00\",\"0\"\n";
  text += "\"14/02/2000 10:00:00\",\"0\"\n";
  DiagnosticList diagnostics;
  auto reader = detail::make_counter_log_reader(
      std::make_unique<detail::TextInput>(open_memory_source(text), "in.txt", diagnostics), {},
      ReaderOptions{"in.txt", 1});
  Event e;
  std::vector<std::int64_t> seen;
  while (reader->next(e)) {
    if (seen.empty() || e.sample.value == 0) seen.push_back(e.time.micros);
  }
  CHECK(reader->events() == static_cast<std::uint64_t>(rows + 2));
  CHECK(seen == std::vector<std::int64_t>{micros_of(2000, 1, 2, 10, 0, 0), micros_of(2000, 2, 13, 10, 0, 0),
                                          micros_of(2000, 2, 14, 10, 0, 0)});
  CHECK(diag_codes(diagnostics) == Codes{"W0262@" + std::to_string(rows + 2)});
}

TEST_CASE("counter log: value spellings", "[counter_log]") {
  const std::vector<std::pair<std::string, double>> good = {
      {"1245184", 1245184},
      {"1245184.000000", 1245184},
      {"1245184,5", 1245184.5},
      {"1.5e+07", 1.5e7},
      {"1,5E-3", 0.0015},
      {"-42.25", -42.25},
      {"+7", 7},
      {"0", 0},
      {" 12 ", 12},
      {"1.7976931348623157e308", 1.7976931348623157e308},
      {"18446744073709551616", 18446744073709551616.0},
  };
  for (const auto& [text, value] : good) {
    INFO(text);
    const auto r = read_pdh(memory_header + "\"01/02/2003 04:05:06\",\"" + text + "\"\r\n");
    REQUIRE(r.events.size() == 1);
    CHECK(r.events[0].sample.value == value);
    CHECK(r.skipped == 0);
  }
  const Strings bad = {"n/a",   "1,234,567", "1.5.5", "12abc", "inf",   "nan", "-1.#IND", "1.#INF",
                       "1e400", "0x10",      "--1",   "+-1",   "1,2.5", "-",   "."};
  for (const std::string& text : bad) {
    INFO(text);
    const auto r = read_pdh(memory_header + "\"01/02/2003 04:05:06\",\"" + text + "\"\r\n");
    CHECK(r.events.empty());
    CHECK(r.skipped == 1);
    CHECK(diag_codes(r.diagnostics) == Codes{"E0261@2"});
  }
}

TEST_CASE("counter log: damaged cells are counted one by one and reported once per row", "[counter_log]") {
  const std::string text =
      "\"(PDH-CSV 4.0) (Pacific Standard Time)(480)\",\"\\\\SRV\\A\\a\",\"\\\\SRV\\Memory\\Available Bytes\","
      "\"\\\\SRV\\C\\c\",\"\\\\SRV\\D\\d\"\r\n"                // 1
      "\"03/20/2000 10:15:30\",\"1\",\"n/a\",\"3\",\"x\"\r\n"  // 2: two bad cells
      "\"03/20/2000 10:15:45\",\"1\",\"2\",\"3\",\"4\"\r\n"    // 3
      "\"03/20/2000 25:00:00\",\"1\",\" \",\"3\",\"4\"\r\n"    // 4: bad time, 3 values
      "\"not a time\",\"1\",\"2\",\"3\",\"4\"\r\n"             // 5: bad time, 4 values
      "\"\",\"1\",\"2\",\"\",\"\"\r\n"                         // 6: no time, 2 values
      "\"03/20/2000 10:16:00\",\"\",\"\",\"\",\"oops\"\r\n";   // 7: one bad cell
  const auto r = read_pdh(text);
  CHECK(samples(r) ==
        Strings{"SRV|A||a=1", "SRV|C||c=3", "SRV|A||a=1", "SRV|Memory||Available Bytes=2", "SRV|C||c=3", "SRV|D||d=4"});
  CHECK(r.counted == 6);
  CHECK(r.skipped == 2 + 3 + 4 + 2 + 1);
  CHECK(r.counted + r.skipped == 18);  // every non-blank cell
  REQUIRE(diag_codes(r.diagnostics) == Codes{"E0261@2", "E0261@4", "E0261@5", "E0261@6", "E0261@7"});
  for (const auto& d : r.diagnostics.items()) {
    CHECK(d.severity == Severity::error);
    CHECK(d.file == "in.txt");
  }
  const auto& items = r.diagnostics.items();
  CHECK(mentions(items[0], "2 values"));
  CHECK(mentions(items[0], "column 3"));
  CHECK(mentions(items[0], "\\\\SRV\\Memory\\Available Bytes"));
  CHECK(mentions(items[0], "n/a"));
  CHECK(mentions(items[0], "2 samples skipped"));
  CHECK(mentions(items[1], "25:00:00"));
  CHECK(mentions(items[1], "3 samples skipped"));
  CHECK(mentions(items[2], "not a time"));
  CHECK(mentions(items[2], "4 samples skipped"));
  CHECK(mentions(items[4], "1 value"));
  CHECK(mentions(items[4], "column 5"));
  CHECK(mentions(items[4], "1 sample skipped"));
}

TEST_CASE("counter log: after 20 damaged rows further ones are counted, not reported", "[counter_log]") {
  std::string text = memory_header;
  for (int i = 0; i < 25; ++i) text += "\"01/02/2003 04:05:06\",\"bad\"\r\n";  // lines 2-26
  text += "\"01/02/2003 04:05:07\",\"5\"\r\n";
  const auto r = read_pdh(text);
  CHECK(r.events.size() == 1);
  CHECK(r.skipped == 25);
  Codes expected;
  for (int line = 2; line <= 21; ++line) expected.push_back("E0261@" + std::to_string(line));
  expected.push_back("W0262@22");
  CHECK(diag_codes(r.diagnostics) == expected);
  CHECK(mentions(r.diagnostics.items().back(), "not reported"));
}

TEST_CASE("counter log: a repeated header starts a new column set and time zone", "[counter_log]") {
  const std::string text = memory_header +                          // 1
                           "\"03/20/2000 10:00:00\",\"100\"\r\n" +  // 2
                           "\r\n" +                                 // 3
                           "\"(PDH-TSV 4.0) (GMT Standard Time)(0)\"\t\"\\\\OTHER\\Process(lsass)\\Handle Count\"\t"
                           "\"\\\\OTHER\\Process(lsass)\\Private Bytes\"\r\n" +        // 4
                           "\"03/20/2000 10:00:00\"\t\"1\"\t\"2\"\r\n" +               // 5
                           "\"(PDH-CSV 4.0)\",\"\\\\THIRD\\Memory\\Pages/sec\"\r\n" +  // 6
                           "\"03/20/2000 10:00:00\",\"3\"\r\n";                        // 7
  const auto r = read_pdh(text);
  CHECK(samples(r) == Strings{"H|Memory||Available Bytes=100", "OTHER|Process|lsass|Handle Count=1",
                              "OTHER|Process|lsass|Private Bytes=2", "THIRD|Memory||Pages/sec=3"});
  CHECK(lines(r) == std::vector<std::uint64_t>{2, 5, 5, 7});
  REQUIRE(r.events.size() == 4);
  CHECK(r.events[0].time.micros == micros_of(2000, 3, 20, 18, 0, 0));
  CHECK(r.events[0].sample.utc_offset_seconds == -8 * 3600);
  CHECK(r.events[1].time.micros == micros_of(2000, 3, 20, 10, 0, 0));
  CHECK(r.events[1].time.zone == Timestamp::Zone::utc);
  CHECK(r.events[1].sample.has_utc_offset);
  CHECK(r.events[1].sample.utc_offset_seconds == 0);
  CHECK(r.events[3].time.zone == Timestamp::Zone::local);
  CHECK_FALSE(r.events[3].sample.has_utc_offset);
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("counter log: fields beyond the header's columns are ignored with one warning", "[counter_log]") {
  const std::string text = memory_header +                                    // 1
                           "\"01/02/2003 04:05:06\",\"1\",\"\",\" \"\r\n"     // 2: blank extras: silent
                           "\"01/02/2003 04:05:07\",\"2\",,\r\n"              // 3: trailing delimiters: silent
                           "\"01/02/2003 04:05:08\",\"3\",\"99\"\r\n"         // 4: warned
                           "\"01/02/2003 04:05:09\",\"4\",\"99\",\"98\"\r\n"  // 5: not again
                           "\"01/02/2003 04:05:10\"," +
                           std::string(100000, ',') + "\"7\"\r\n";  // 6: far out
  const auto r = read_pdh(text);
  CHECK(samples(r) == Strings{"H|Memory||Available Bytes=1", "H|Memory||Available Bytes=2",
                              "H|Memory||Available Bytes=3", "H|Memory||Available Bytes=4"});
  CHECK(r.skipped == 0);
  REQUIRE(diag_codes(r.diagnostics) == Codes{"W0262@4"});
  CHECK(mentions(r.diagnostics.items()[0], "3 fields"));
}

TEST_CASE("counter log: typeperf output with its console trailer", "[counter_log]") {
  const std::string text =
      "\r\n"  // 1: typeperf starts with a blank line
      "\"(PDH-CSV 4.0)\",\"\\\\WS01\\Processor(_Total)\\% Processor Time\",\"\\\\WS01\\Memory\\Available MBytes\"\r\n"
      "\"05/06/2008 14:01:02.345\",\"3.125000\",\"1021.000000\"\r\n"   // 3
      "\"05/06/2008 14:01:03.346\",\"97.656250\",\"1019.000000\"\r\n"  // 4
      "Exiting, please wait...               \r\n"
      "The command completed successfully.\r\n";
  const auto r = read_pdh(text);
  CHECK(samples(r) == Strings{"WS01|Processor|_Total|% Processor Time=3.125", "WS01|Memory||Available MBytes=1021",
                              "WS01|Processor|_Total|% Processor Time=97.65625", "WS01|Memory||Available MBytes=1019"});
  CHECK(lines(r) == std::vector<std::uint64_t>{3, 3, 4, 4});
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("counter log: stray lines are warned once at the end with their count", "[counter_log]") {
  const std::string text =
      "Counters collected on RASSRV01 during the outage\r\n"  // 1: stray (before the header)
      "\r\n" +                                                // 2: blank
      memory_header +                                         // 3
      "\"01/02/2003 04:05:06\",\"1\"\r\n"                     // 4
      "-- pasted from the second run --\r\n"                  // 5: stray
      "\"01/02/2003 04:05:07\",\"2\"\r\n"                     // 6
      "see notes, below\r\n"                                  // 7: stray, not shaped like a row
      "\"\",\"\"\r\n";                                        // 8: stray, nothing in it
  const auto r = read_pdh(text);
  CHECK(samples(r) == Strings{"H|Memory||Available Bytes=1", "H|Memory||Available Bytes=2"});
  CHECK(r.skipped == 0);
  REQUIRE(diag_codes(r.diagnostics) == Codes{"W0261@1"});
  CHECK(r.diagnostics.items()[0].severity == Severity::warning);
  CHECK(mentions(r.diagnostics.items()[0], "4 line(s)"));
}

TEST_CASE("counter log: a quote left open ends with its line", "[counter_log]") {
  const auto r = read_pdh(
      "\"(PDH-CSV 4.0)\",\"\\\\H\\A\\a\",\"\\\\H\\B\\b\"\n"
      "\"01/02/2003 04:05:06\",\"1\",\"2\n"
      "\"01/02/2003 04:05:07\",\"3\",\"4\"\"\"\n"  // the second value has a literal quote: damaged
      "\"01/02/2003 04:05:08\",\"5,6\n");          // open quote: "5,6" is one value with a decimal comma
  CHECK(samples(r) == Strings{"H|A||a=1", "H|B||b=2", "H|A||a=3", "H|A||a=5.5999999999999996"});
  CHECK(r.skipped == 1);
  REQUIRE(diag_codes(r.diagnostics) == Codes{"E0261@3"});
  CHECK(mentions(r.diagnostics.items()[0], "4\"\""));
}

TEST_CASE("counter log: UTF-16LE with BOM is sniffed and read", "[counter_log]") {
  const std::string text =
      "\"(PDH-CSV 4.0) (Mitteleurop\xC3\xA4ische Zeit)(-60)\",\"\\\\SERVEUR\\Processus(caf\xC3\xA9)\\Octets "
      "priv\xC3\xA9s\","
      "\"\\\\SERVEUR\\M\xC3\xA9moire\\Octets disponibles\"\r\n"
      "\"20/03/2000 10:15:30.123\",\"1245184\",\"101244928,5\"\r\n";
  const auto r = test::read_all(readtest::utf16(text, true, true), "perf.csv");
  REQUIRE(r.opened);
  CHECK(r.format == Format::counter_log);
  CHECK(samples(r) == Strings{"SERVEUR|Processus|caf\xC3\xA9|Octets priv\xC3\xA9s=1245184",
                              "SERVEUR|M\xC3\xA9moire||Octets disponibles=101244928.5"});
  REQUIRE(r.events.size() == 2);
  CHECK(r.events[0].time.micros == micros_of(2000, 3, 20, 9, 15, 30, 123000));
  CHECK(r.events[0].origin.line == 2);
  CHECK(r.events[0].origin.offset == text.find("\"20/03"));
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("counter log: open_reader sniffs PDH-CSV and PDH-TSV", "[counter_log][sniff]") {
  const auto csv = test::read_all(perfmon, "perfmon.csv");
  REQUIRE(csv.opened);
  CHECK(csv.format == Format::counter_log);
  CHECK(csv.events.size() == 5);

  const std::string tsv =
      "\"(PDH-TSV 4.0) (Eastern Daylight Time)(240)\"\t\"\\\\DC01\\NTDS\\LDAP Searches/sec\"\r\n"
      "\"07/04/2005 09:00:00.000\"\t\"12.5\"\r\n";
  DiagnosticList diagnostics;
  auto reader = open_reader(open_memory_source(tsv), ReaderOptions{"relog.tsv", 3}, diagnostics);
  REQUIRE(reader);
  CHECK(reader->format() == Format::counter_log);
  Event e;
  REQUIRE(reader->next(e));
  CHECK(e.kind == Event::Kind::counter_sample);
  CHECK(e.computer == "DC01");
  CHECK(e.sample.object == "NTDS");
  CHECK(e.sample.counter == "LDAP Searches/sec");
  CHECK(e.sample.value == 12.5);
  CHECK(e.time.micros == micros_of(2005, 7, 4, 13, 0, 0));
  CHECK(e.sample.utc_offset_seconds == -4 * 3600);
  CHECK(e.origin.file == 3);
  CHECK_FALSE(reader->next(e));
  CHECK(diagnostics.items().empty());

  // Text before the header (a note, typeperf's blank line) does not hide it.
  const auto noted = test::read_all("Collected by J. Smith\r\n\r\n" + perfmon, "notes.txt");
  REQUIRE(noted.opened);
  CHECK(noted.format == Format::counter_log);
  CHECK(noted.events.size() == 5);
  CHECK(diag_codes(noted.diagnostics) == Codes{"W0261@1"});
  CHECK(format_name(Format::counter_log) == "counter-log");
}

TEST_CASE("counter log: accounting covers every non-blank cell", "[counter_log]") {
  std::string text = "\"(PDH-CSV 4.0) (Pacific Standard Time)(480)\"";
  for (int c = 0; c < 6; ++c) text += ",\"\\\\H\\Obj(" + std::to_string(c) + ")\\Counter\"";
  text += "\r\n";
  std::uint64_t non_blank = 0;
  for (int row = 0; row < 40; ++row) {
    const bool bad_time = row % 11 == 5;
    text += bad_time ? "\"03/20/2000 10:15:xx\"" : "\"03/20/2000 10:" + std::to_string(10 + row) + ":00\"";
    for (int c = 0; c < 6; ++c) {
      const int k = (row * 7 + c * 3) % 10;
      if (k < 3) {
        text += ",\" \"";
        continue;
      }
      ++non_blank;
      text += k == 9 ? ",\"-\"" : ",\"" + std::to_string(row * c) + "\"";
    }
    text += "\r\n";
  }
  const auto r = read_pdh(text);
  CHECK(r.counted == r.events.size());
  CHECK(r.counted + r.skipped == non_blank);
  CHECK(r.skipped > 0);
  CHECK(r.diagnostics.count(Severity::error) <= 20);
  for (const Event& e : r.events) CHECK(std::isfinite(e.sample.value));
}

TEST_CASE("counter log: LF-only line ends give the same samples", "[counter_log]") {
  std::string lf;
  for (char c : perfmon) {
    if (c != '\r') lf += c;
  }
  const auto a = read_pdh(perfmon);
  const auto b = read_pdh(lf);
  CHECK(samples(b) == samples(a));
  CHECK(lines(b) == lines(a));
  CHECK(times(b) == times(a));
  REQUIRE(b.events.size() == 5);
  CHECK(b.events[3].origin.offset == lf.find("\"03/20/2000 10:15:45"));
}

TEST_CASE("counter log: empty input, a header alone, and the reader stays at its end", "[counter_log]") {
  for (const std::string& text : {std::string(), memory_header, std::string("\r\n\r\n")}) {
    const auto r = read_pdh(text);
    CHECK(r.events.empty());
    CHECK(r.skipped == 0);
    CHECK(r.diagnostics.items().empty());
  }
  DiagnosticList diagnostics;
  auto input = std::make_unique<detail::TextInput>(
      open_memory_source(memory_header + "stray\r\n\"01/02/2003 04:05:06\",\"1\"\r\n"), "in.txt", diagnostics);
  auto reader = detail::make_counter_log_reader(std::move(input), {}, ReaderOptions{"in.txt", 1});
  Event e;
  REQUIRE(reader->next(e));
  CHECK(e.sample.value == 1);
  CHECK_FALSE(reader->next(e));
  CHECK_FALSE(reader->next(e));
  CHECK(reader->events() == 1);
  CHECK(diag_codes(diagnostics) == Codes{"W0261@2"});
}

TEST_CASE("counter log: a reused Event keeps no field from an earlier record", "[counter_log]") {
  DiagnosticList diagnostics;
  auto input = std::make_unique<detail::TextInput>(
      open_memory_source(perfmon + "\"(PDH-CSV 4.0)\",\"\\Memory\\Pages/sec\"\r\n\"03/20/2000 10:16:00\",\"9\"\r\n"),
      "in.txt", diagnostics);
  auto reader = detail::make_counter_log_reader(std::move(input), {}, ReaderOptions{"in.txt", 1});
  Event e;
  e.source = "left over";
  e.has_event_id = true;
  e.strings.push_back("left over");
  int n = 0;
  while (reader->next(e)) ++n;
  CHECK(n == 6);
  e = {};
  DiagnosticList d2;
  auto again = detail::make_counter_log_reader(
      std::make_unique<detail::TextInput>(open_memory_source(perfmon), "in.txt", d2), {}, ReaderOptions{"in.txt", 1});
  e.source = "left over";
  e.has_event_id = true;
  e.computer = "left over";
  REQUIRE(again->next(e));
  CHECK(e.source.empty());
  CHECK_FALSE(e.has_event_id);
  CHECK(e.computer == "RASSRV01");
}
