// `wevtutil qe <log> /f:text`: "Event[N]:" records of "  Label: value" lines, the description at
// column 0 after "Description:" up to the next record.
#include <catch2/catch.hpp>

#include "read_helpers.h"
#include "support.h"

using namespace kbmatch;
using readtest::diag_codes;
using readtest::ids;
using readtest::lines;
using readtest::micros_of;
using Codes = std::vector<std::string>;

namespace {

readtest::Run read_wevtutil(const std::string& bytes) {
  return readtest::run_reader(bytes, [](std::unique_ptr<detail::TextInput> in, const ReaderOptions& o) {
    return detail::make_wevtutil_text_reader(std::move(in), {}, o);
  });
}

// One record with the given date, event ID and description lines (after "Description:").
std::string record(int n, const std::string& date, const std::string& id, const std::string& description) {
  return "Event[" + std::to_string(n) +
         "]:\r\n"
         "  Log Name: System\r\n"
         "  Source: DhcpServer\r\n"
         "  Date: " +
         date +
         "\r\n"
         "  Event ID: " +
         id +
         "\r\n"
         "  Task: N/A\r\n"
         "  Level: Error\r\n"
         "  Opcode: N/A\r\n"
         "  Keyword: Classic\r\n"
         "  User: N/A\r\n"
         "  User Name: N/A\r\n"
         "  Computer: DHCPSRV01\r\n"
         "  Description: \r\n" +
         description;
}

}  // namespace

TEST_CASE("wevtutil: old style: local date without a zone", "[wevtutil]") {
  const std::string text =
      record(0, "2001-03-14T02:15:03.000", "1014", "The JET Database returned the following Error : -510.\r\n\r\n");
  const auto r = read_wevtutil(text);
  CHECK(r.format == Format::wevtutil_text);
  REQUIRE(r.events.size() == 1);
  CHECK(r.counted == 1);
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());
  const Event& e = r.events[0];
  CHECK(e.log == "System");
  CHECK(e.source == "DhcpServer");
  CHECK(e.time.zone == Timestamp::Zone::local);
  CHECK(e.time.micros == micros_of(2001, 3, 14, 2, 15, 3));
  CHECK(e.event_id == 1014);
  CHECK(e.qualifiers == 0);
  CHECK(e.has_event_id);
  CHECK(e.category == "N/A");
  CHECK(e.level == Level::error);
  CHECK(e.user.empty());  // N/A
  CHECK(e.computer == "DHCPSRV01");
  CHECK(e.message == "The JET Database returned the following Error : -510.");
  CHECK(e.strings.empty());
  CHECK(e.origin.file == readtest::test_file_index);
  CHECK(e.origin.line == 1);
  CHECK(e.origin.offset == 0);
}

TEST_CASE("wevtutil: new style: UTC date with 7 fraction digits and Z", "[wevtutil]") {
  const std::string text =
      "Event[0]:\n"
      "  Log Name: Security\n"
      "  Source: Microsoft-Windows-Security-Auditing\n"
      "  Date: 2022-11-16T14:54:13.2270000Z\n"
      "  Event ID: 4672\n"
      "  Task: Special Logon\n"
      "  Level: Information\n"
      "  Opcode: Info\n"
      "  Keyword: Audit Success\n"
      "  User: S-1-5-18\n"
      "  User Name: NT AUTHORITY\\SYSTEM\n"
      "  Computer: WS1.corp.example\n"
      "  Description:\n"
      "Special privileges assigned to new logon.\n";
  const auto r = read_wevtutil(text);
  REQUIRE(r.events.size() == 1);
  const Event& e = r.events[0];
  CHECK(e.time.zone == Timestamp::Zone::utc);
  CHECK(e.time.micros == micros_of(2022, 11, 16, 14, 54, 13, 227000));
  CHECK(e.category == "Special Logon");
  CHECK(e.level == Level::audit_success);   // "Keyword: Audit Success", as Event Viewer shows it
  CHECK(e.user == "NT AUTHORITY\\SYSTEM");  // User Name is preferred over the SID
  CHECK(e.computer == "WS1.corp.example");
  CHECK(e.message == "Special privileges assigned to new logon.");
}

TEST_CASE("wevtutil: description lines that look like labels stay in the description", "[wevtutil]") {
  const std::string text = record(0, "2022-11-16T14:54:13.2270000Z", "4672",
                                  "Special privileges assigned to new logon.\r\n"
                                  "\r\n"
                                  "Subject:\r\n"
                                  "\tSecurity ID:\t\tS-1-5-18\r\n"
                                  "  Source: not the source\r\n"
                                  "Event ID: 1\r\n"
                                  "\r\n"
                                  "Privileges:\t\tSeAssignPrimaryTokenPrivilege\r\n"
                                  "\r\n"
                                  "\r\n");
  const auto r = read_wevtutil(text);
  REQUIRE(r.events.size() == 1);
  const Event& e = r.events[0];
  CHECK(e.message ==
        "Special privileges assigned to new logon.\n\nSubject:\n\tSecurity ID:\t\tS-1-5-18\n  Source: not the "
        "source\nEvent ID: 1\n\nPrivileges:\t\tSeAssignPrimaryTokenPrivilege");
  CHECK(e.source == "DhcpServer");
  CHECK(e.event_id == 4672);
}

TEST_CASE("wevtutil: Description: N/A leaves the message empty, text on the label line is kept", "[wevtutil]") {
  const std::string text = record(0, "2001-03-14T02:15:03.000", "1014", "N/A\r\n") +
                           "Event[1]:\n  Source: WLMS\n  Date: 2001-03-14T02:16:00.000\n  Event ID: 100\n"
                           "  Description: Starting the WLMS service.\n";
  const auto r = read_wevtutil(text);
  REQUIRE(r.events.size() == 2);
  CHECK(r.events[0].message.empty());
  CHECK(r.events[1].message == "Starting the WLMS service.");
  CHECK(r.events[1].source == "WLMS");
  CHECK(r.events[1].log.empty());
  CHECK(r.events[1].level == Level::unknown);
}

TEST_CASE("wevtutil: several records, Event[N] without colon and re-indented", "[wevtutil]") {
  const std::string text = record(0, "2001-03-14T02:15:03.000", "1014", "first\r\n") +           // lines 1-14
                           record(1, "2001-03-14T02:30:03.000", "1016", "second\r\nmore\r\n") +  // 15-29
                           "Event[2]\r\n  Source: A\r\n  Date: 2001-03-14T02:45:03.000\r\n  Event ID: 3\r\n"
                           "  Description:\r\nthird\r\n" +  // 30-35
                           "   Event[3]:\r\n  Source: B\r\n  Date: 2001-03-14T03:00:03.000\r\n  Event ID: 4\r\n";  // 36
  const auto r = read_wevtutil(text);
  CHECK(ids(r) == std::vector<std::uint32_t>{1014, 1016, 3, 4});
  CHECK(lines(r) == std::vector<std::uint64_t>{1, 15, 30, 36});
  REQUIRE(r.events.size() == 4);
  CHECK(r.events[0].message == "first");
  CHECK(r.events[1].message == "second\nmore");
  CHECK(r.events[2].message == "third");
  CHECK(r.events[2].source == "A");
  CHECK(r.events[3].message.empty());
  CHECK(r.events[3].time.micros == micros_of(2001, 3, 14, 3, 0, 3));
  CHECK(r.events[1].origin.offset == record(0, "2001-03-14T02:15:03.000", "1014", "first\r\n").size());
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("wevtutil: a large event identifier keeps its low 16 bits as the ID", "[wevtutil]") {
  const auto r = read_wevtutil(record(0, "2001-03-14T02:15:03.000", "1073748864", "x\n"));
  REQUIRE(r.events.size() == 1);
  CHECK(r.events[0].event_id == 7040);
  CHECK(r.events[0].qualifiers == 0x4000);
}

TEST_CASE("wevtutil: a record without Event ID, Source or a valid date is skipped, the next one is read",
          "[wevtutil]") {
  const std::string text = record(0, "2001-03-14T02:15:03.000", "", "no id\r\n") +                // 1-14
                           record(1, "2001-03-14T02:16:03.000", "1016", "good\r\n") +             // 15-28
                           record(2, "yesterday", "1017", "bad date\r\n") +                       // 29-42
                           "Event[3]:\r\n  Date: 2001-03-14T02:18:03.000\r\n  Event ID: 5\r\n" +  // 43-45: no Source
                           record(4, "2001-02-30T02:15:03.000", "1018", "no such day\r\n") +      // 46-59
                           record(5, "2001-03-14T02:19:03.000", "1019", "good too\r\n");          // 60
  const auto r = read_wevtutil(text);
  CHECK(ids(r) == std::vector<std::uint32_t>{1016, 1019});
  CHECK(lines(r) == std::vector<std::uint64_t>{15, 60});
  REQUIRE(r.events.size() == 2);
  CHECK(r.events[0].message == "good");
  CHECK(r.events[1].message == "good too");
  CHECK(r.skipped == 4);
  CHECK(r.counted == 2);
  CHECK(diag_codes(r.diagnostics) == Codes{"E0231@1", "E0231@29", "E0231@43", "E0231@46"});
  for (const auto& d : r.diagnostics.items()) CHECK(d.severity == Severity::error);
}

TEST_CASE("wevtutil: a damaged last record is reported at end of input", "[wevtutil]") {
  const auto r = read_wevtutil(record(0, "2001-03-14T02:15:03.000", "1014", "ok\r\n") +
                               "Event[1]:\r\n  Source: X\r\n  Event ID: 2\r\n");
  CHECK(ids(r) == std::vector<std::uint32_t>{1014});
  CHECK(r.skipped == 1);
  CHECK(diag_codes(r.diagnostics) == Codes{"E0231@15"});
}

TEST_CASE("wevtutil: lines before the first record are reported once and ignored", "[wevtutil]") {
  const auto r = read_wevtutil("C:\\> wevtutil qe System /f:text\r\nsecond\r\n\r\n" +
                               record(0, "2001-03-14T02:15:03.000", "1014", "x\r\n"));
  CHECK(ids(r) == std::vector<std::uint32_t>{1014});
  CHECK(lines(r) == std::vector<std::uint64_t>{4});
  CHECK(r.skipped == 0);
  CHECK(diag_codes(r.diagnostics) == Codes{"W0231@1"});
  CHECK(r.diagnostics.items()[0].severity == Severity::warning);
}

TEST_CASE("wevtutil: an empty input yields nothing", "[wevtutil]") {
  const auto r = read_wevtutil("");
  CHECK(r.events.empty());
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("wevtutil: a locale date (as write-ups copy it) is read as local time", "[wevtutil]") {
  const auto r = read_wevtutil("Event[0]:\n  Source: S\n  Date: 3/14/2001 2:15:03 PM\n  Event ID: 1\n");
  REQUIRE(r.events.size() == 1);
  CHECK(r.events[0].time.zone == Timestamp::Zone::local);
  CHECK(r.events[0].time.micros == micros_of(2001, 3, 14, 14, 15, 3));
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("wevtutil: concatenated exports, each with a BOM, keep every record", "[wevtutil]") {
  const std::string one =
      "\xEF\xBB\xBF"
      "Event[0]:\r\n  Source: S\r\n  Date: 2001-03-14T02:15:03.000\r\n"
      "  Event ID: 1\r\n  Description:\r\nfirst\r\n";
  std::string two = one;
  two.replace(two.find("Event ID: 1"), 11, "Event ID: 2");
  two.replace(two.find("first"), 5, "second");
  const auto r = read_wevtutil(one + two);
  CHECK(ids(r) == std::vector<std::uint32_t>{1, 2});
  REQUIRE(r.events.size() == 2);
  CHECK(r.events[0].message == "first");
  CHECK(r.events[1].message == "second");
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("wevtutil: the Keyword line gives audit events their level, as the other exports show it", "[wevtutil]") {
  const auto r = read_wevtutil(
      "Event[0]:\n  Log Name: Security\n  Source: Microsoft-Windows-Security-Auditing\n"
      "  Date: 2022-11-16T14:54:13.2270000Z\n  Event ID: 4625\n  Level: Information\n"
      "  Keyword: Audit Failure\n  Description:\nAn account failed to log on.\n");
  REQUIRE(r.events.size() == 1);
  CHECK(r.events[0].level == Level::audit_failure);
}
