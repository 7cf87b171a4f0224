// Vista+ Event Viewer "Save All Events As" CSV and tab-delimited text: a 5-column header, 6-field
// rows, the description quoted when it spans lines or holds the delimiter or quotes.
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

readtest::Run read_csv(const std::string& bytes, char delimiter = ',') {
  return readtest::run_reader(bytes, [delimiter](std::unique_ptr<detail::TextInput> in, const ReaderOptions& o) {
    return detail::make_vista_csv_reader(std::move(in), {}, o, delimiter);
  });
}

const std::string header = "Level,Date and Time,Source,Event ID,Task Category\r\n";

}  // namespace

TEST_CASE("vista csv: CSV: header and 6-field rows", "[vista_csv]") {
  const std::string text = header +
                           "Error,3/14/2001 2:15:03 AM,DhcpServer,1014,None,The JET Database returned Error: -510.\r\n"
                           "Information,4/16/2020 3:47:36 PM,Microsoft-Windows-Sysmon,1,Process Create (rule: "
                           "ProcessCreate),Process Create\r\n"
                           "Audit Success,4/16/2020 12:00:00 AM,Microsoft-Windows-Security-Auditing,4672,Special "
                           "Logon,Special privileges assigned.\r\n";
  const auto r = read_csv(text);
  CHECK(r.format == Format::vista_csv);
  REQUIRE(r.events.size() == 3);
  CHECK(r.counted == 3);
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());

  const Event& e = r.events[0];
  CHECK(e.level == Level::error);
  CHECK(e.time.zone == Timestamp::Zone::local);
  CHECK(e.time.micros == micros_of(2001, 3, 14, 2, 15, 3));
  CHECK(e.source == "DhcpServer");
  CHECK(e.event_id == 1014);
  CHECK(e.qualifiers == 0);
  CHECK(e.has_event_id);
  CHECK(e.category == "None");
  CHECK(e.message == "The JET Database returned Error: -510.");
  CHECK(e.computer.empty());
  CHECK(e.log.empty());
  CHECK(e.origin.file == readtest::test_file_index);
  CHECK(e.origin.line == 2);
  CHECK(e.origin.offset == header.size());

  CHECK(r.events[1].level == Level::information);
  CHECK(r.events[1].category == "Process Create (rule: ProcessCreate)");
  CHECK(r.events[1].time.micros == micros_of(2020, 4, 16, 15, 47, 36));
  CHECK(r.events[2].level == Level::audit_success);
  CHECK(r.events[2].time.micros == micros_of(2020, 4, 16, 0, 0, 0));
  CHECK(lines(r) == std::vector<std::uint64_t>{2, 3, 4});
}

TEST_CASE("vista csv: CSV: quoted descriptions span lines, hold commas and doubled quotes", "[vista_csv]") {
  const std::string text = header +
                           "Information,4/16/2020 3:47:36 PM,Microsoft-Windows-Sysmon,1,Process Create,\"Process "
                           "Create:\r\n"                                                              // 2
                           "RuleName: \r\n"                                                           // 3
                           "CommandLine: \"\"C:\\x.exe\"\" /a, /b\r\n"                                // 4
                           "\r\n"                                                                     // 5
                           "User: CORP\\bob\"\r\n"                                                    // 6
                           "Warning,4/16/2020 3:48:00 PM,Src,2,None,\"one, two, \"\"three\"\"\"\r\n"  // 7
                           "Error,4/16/2020 3:49:00 PM,Src,3,None,\"\"\r\n"                           // 8
                           "Error,4/16/2020 3:50:00 PM,Src,4,None,unquoted, with, commas\r\n";        // 9
  const auto r = read_csv(text);
  REQUIRE(r.events.size() == 4);
  CHECK(r.events[0].message == "Process Create:\nRuleName: \nCommandLine: \"C:\\x.exe\" /a, /b\n\nUser: CORP\\bob");
  CHECK(r.events[1].message == "one, two, \"three\"");
  CHECK(r.events[1].level == Level::warning);
  CHECK(r.events[2].message.empty());
  CHECK(r.events[3].message == "unquoted, with, commas");
  CHECK(lines(r) == std::vector<std::uint64_t>{2, 7, 8, 9});
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("vista csv: tab-delimited text in UTF-16LE with BOM, through the sniffer", "[vista_csv]") {
  const std::string text =
      "Level\tDate and Time\tSource\tEvent ID\tTask Category\r\n"
      "Critical\t5/31/2026 4:36:21 PM\tMicrosoft-Windows-Kernel-Power\t41\t(63)\t\"The system has rebooted "
      "without cleanly shutting down first.\r\n\tTabbed line, with a comma.\"\r\n"
      "Information\t5/31/2026 4:30:00 PM\tMicrosoft\xC2\xAE Windows\xC2\xAE\t7036\tNone\tplain\r\n";
  const auto r = test::read_all(readtest::utf16(text, true, true), "events.csv");
  REQUIRE(r.opened);
  CHECK(r.format == Format::vista_csv);
  REQUIRE(r.events.size() == 2);
  CHECK(r.events[0].level == Level::critical);
  CHECK(r.events[0].event_id == 41);
  CHECK(r.events[0].category == "(63)");
  CHECK(r.events[0].message ==
        "The system has rebooted without cleanly shutting down first.\n\tTabbed line, with a comma.");
  CHECK(r.events[0].time.micros == micros_of(2026, 5, 31, 16, 36, 21));
  CHECK(r.events[1].source == "Microsoft\xC2\xAE Windows\xC2\xAE");
  CHECK(r.events[1].message == "plain");
  CHECK(r.events[1].origin.line == 4);
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("vista csv: a repeated header and blank lines are neither events nor damage", "[vista_csv]") {
  const std::string text = header + "\r\n" +                                            // 1, 2
                           "Error,3/14/2001 2:15:03 AM,DhcpServer,1014,None,a\r\n" +    // 3
                           "\r\n   \r\n" +                                              // 4, 5
                           header +                                                     // 6
                           "Warning,3/14/2001 2:16:03 AM,DhcpServer,1015,None,b\r\n" +  // 7
                           "\r\n";                                                      // 8
  const auto r = read_csv(text);
  CHECK(ids(r) == std::vector<std::uint32_t>{1014, 1015});
  CHECK(lines(r) == std::vector<std::uint64_t>{3, 7});
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("vista csv: localized dates: dotted day-first and 24-hour times", "[vista_csv]") {
  const std::string text =
      "Level,Date and Time,Source,Event ID,Task Category\n"
      "Fehler,16.04.2020 15:47:36,Dienst,7000,Keine,Der Dienst konnte nicht gestartet werden.\n"
      "Warning,2017/11/18 15:34:42,Src,1,None,x\n";
  const auto r = read_csv(text);
  REQUIRE(r.events.size() == 2);
  CHECK(r.events[0].level == Level::error);
  CHECK(r.events[0].time.micros == micros_of(2020, 4, 16, 15, 47, 36));
  CHECK(r.events[1].time.micros == micros_of(2017, 11, 18, 15, 34, 42));
}

TEST_CASE("vista csv: rows with too few fields, a bad date or a bad event ID are skipped", "[vista_csv]") {
  const std::string text = header +                                                                  // 1
                           "Error,3/14/2001 2:15:03 AM,DhcpServer\r\n" +                             // 2: 3 fields
                           "Error,3/14/2001 2:15:03 AM,DhcpServer,1014,None,good\r\n" +              // 3
                           "Error,3/44/2001 2:15:03 AM,DhcpServer,1014,None,bad date\r\n" +          // 4
                           "Error,yesterday,DhcpServer,1014,None,no date\r\n" +                      // 5
                           "Error,3/14/2001 2:15:03 AM,DhcpServer,ten,None,bad id\r\n" +             // 6
                           "stray text\r\n" +                                                        // 7: 1 field
                           "Warning,3/14/2001 2:20:00 AM,DhcpServer,1016,None,\"good\r\ntoo\"\r\n";  // 8-9
  const auto r = read_csv(text);
  CHECK(ids(r) == std::vector<std::uint32_t>{1014, 1016});
  CHECK(lines(r) == std::vector<std::uint64_t>{3, 8});
  REQUIRE(r.events.size() == 2);
  CHECK(r.events[1].message == "good\ntoo");
  CHECK(r.skipped == 5);
  CHECK(r.counted == 2);
  CHECK(diag_codes(r.diagnostics) == Codes{"E0221@2", "E0221@4", "E0221@5", "E0221@6", "E0221@7"});
  for (const auto& d : r.diagnostics.items()) CHECK(d.severity == Severity::error);
}

TEST_CASE("vista csv: a quoted description not closed before the next row: warning, record kept", "[vista_csv]") {
  const std::string text = header +                                                                // 1
                           "Error,3/14/2001 2:15:03 AM,DhcpServer,1014,None,\"cut off here\r\n" +  // 2
                           "second line of it\r\n" +                                               // 3
                           "Warning,3/14/2001 2:16:03 AM,DhcpServer,1015,None,next row\r\n" +      // 4
                           "Error,3/14/2001 2:17:03 AM,DhcpServer,1016,None,\"closed\"\r\n";       // 5
  const auto r = read_csv(text);
  CHECK(ids(r) == std::vector<std::uint32_t>{1014, 1015, 1016});
  CHECK(lines(r) == std::vector<std::uint64_t>{2, 4, 5});
  REQUIRE(r.events.size() == 3);
  CHECK(r.events[0].message == "cut off here\nsecond line of it");
  CHECK(r.events[0].source == "DhcpServer");
  CHECK(r.events[1].message == "next row");
  CHECK(r.events[1].level == Level::warning);
  CHECK(r.events[1].origin.offset == text.find("Warning,"));
  CHECK(r.events[2].message == "closed");
  CHECK(r.skipped == 0);
  CHECK(diag_codes(r.diagnostics) == Codes{"W0222@2"});
  CHECK(r.diagnostics.items()[0].severity == Severity::warning);
  CHECK(r.diagnostics.items()[0].message.find("before line 4") != std::string::npos);
}

TEST_CASE("vista csv: a quoted description never closed at end of input: warning, record kept", "[vista_csv]") {
  const std::string text = header + "Information,3/14/2001 2:00:00 AM,Src,1,None,fine\r\n" +
                           "Error,3/14/2001 2:15:03 AM,DhcpServer,1014,None,\"The copy\r\nwas cut";
  const auto r = read_csv(text);
  CHECK(ids(r) == std::vector<std::uint32_t>{1, 1014});
  REQUIRE(r.events.size() == 2);
  CHECK(r.events[1].message == "The copy\nwas cut");
  CHECK(r.events[1].origin.line == 3);
  CHECK(r.skipped == 0);
  CHECK(diag_codes(r.diagnostics) == Codes{"W0222@3"});
}

TEST_CASE("vista csv: a row without a description (5 fields) is kept with an empty message", "[vista_csv]") {
  const auto r = read_csv(header + "Error,3/14/2001 2:15:03 AM,DhcpServer,1014,None\r\n");
  REQUIRE(r.events.size() == 1);
  CHECK(r.events[0].event_id == 1014);
  CHECK(r.events[0].message.empty());
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("vista csv: an empty input yields nothing", "[vista_csv]") {
  const auto r = read_csv("");
  CHECK(r.events.empty());
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("vista csv: a record larger than 16 MiB is skipped once, reading resumes at the next row", "[vista_csv]") {
  std::string text = header + "Error,3/14/2001 2:15:03 AM,Src,1,None,\"start\r\n";
  const std::string filler = std::string(998, 'x') + "\r\n";
  while (text.size() < 17u * 1024 * 1024) text += filler;
  text += "Warning,3/14/2001 2:16:03 AM,Src,2,None,good\r\n";
  const auto r = read_csv(text);
  CHECK(ids(r) == std::vector<std::uint32_t>{2});
  CHECK(r.skipped == 1);
  CHECK(diag_codes(r.diagnostics) == Codes{"E0223@2"});
}

TEST_CASE("vista csv: a localized header line is not reported as a damaged row", "[vista_csv]") {
  const std::string german =
      "Ebene,Datum und Uhrzeit,Quelle,Ereignis-ID,Aufgabenkategorie\r\n"
      "Fehler,16.04.2020 15:47:36,Dienst,7000,Keine,Der Dienst wurde beendet.\r\n";
  const std::string french =
      "Niveau\tDate et heure\tSource\tID de l'\xC3\xA9v\xC3\xA9nement\tCat\xC3\xA9gorie de la t\xC3\xA2\x63he\r\n"
      "Erreur\t16/04/2020 15:47:36\tService\t7000\tAucun\tLe service s'est arr\xC3\xAAt\xC3\xA9.\r\n";
  for (const std::string& text : {german, french}) {
    const auto r = test::read_all(text, "export.csv");
    REQUIRE(r.opened);
    CHECK(r.format == Format::vista_csv);
    REQUIRE(r.events.size() == 1);
    CHECK(r.events[0].event_id == 7000);
    CHECK(r.events[0].level == Level::error);
    CHECK(r.skipped == 0);
    CHECK(r.diagnostics.items().empty());
  }
}

TEST_CASE("vista csv: the repeated header of a concatenated export with a BOM is not damage", "[vista_csv]") {
  const std::string one =
      "\xEF\xBB\xBF"
      "Level,Date and Time,Source,Event ID,Task Category\r\n"
      "Error,3/14/2001 2:15:03 AM,S,1,None,a\r\n";
  const auto r = test::read_all(one + one, "all.csv");
  CHECK(r.format == Format::vista_csv);
  CHECK(ids(r) == std::vector<std::uint32_t>{1, 1});
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());
}
