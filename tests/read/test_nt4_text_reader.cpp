// NT4 / 2000 / XP Event Viewer "Save Log File As" text: tab- or comma-delimited rows with no
// header and no quoting; descriptions may hold the delimiter and continue on following lines.
#include <catch2/catch.hpp>

#include "read/line_reader.h"
#include "read_helpers.h"
#include "support.h"

using namespace kbmatch;
using readtest::diag_codes;
using readtest::ids;
using readtest::lines;
using readtest::micros_of;
using Codes = std::vector<std::string>;

namespace {

readtest::Run read_nt4(const std::string& bytes, char delimiter) {
  return readtest::run_reader(bytes, [delimiter](std::unique_ptr<detail::TextInput> in, const ReaderOptions& o) {
    return detail::make_nt4_text_reader(std::move(in), {}, o, delimiter);
  });
}

}  // namespace

TEST_CASE("nt4: tab-delimited rows, newest first", "[nt4]") {
  const std::string text =
      "3/14/01\t2:15:03 AM\tDhcpServer\tError\tNone\t1014\tN/A\tDHCPSRV01\t"
      "The JET Database call returned the following Error: -510.\r\n"
      "3/14/01\t2:00:03 AM\tDhcpServer\tError\tNone\t1016\tN/A\tDHCPSRV01\tThe DHCP server encountered an error "
      "when backing up the user database.\r\n"
      "3/13/01\t11:59:59 PM\tEventLog\tInformation\tNone\t6005\tN/A\tDHCPSRV01\tThe Event log service was started.\r\n";
  const auto r = read_nt4(text, '\t');
  CHECK(r.format == Format::nt4_text);
  REQUIRE(r.events.size() == 3);
  CHECK(r.counted == 3);
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());

  const Event& e = r.events[0];
  CHECK(e.time.zone == Timestamp::Zone::local);
  CHECK(e.time.micros == micros_of(2001, 3, 14, 2, 15, 3));
  CHECK(e.source == "DhcpServer");
  CHECK(e.level == Level::error);
  CHECK(e.category == "None");
  CHECK(e.event_id == 1014);
  CHECK(e.qualifiers == 0);
  CHECK(e.has_event_id);
  CHECK(e.computer == "DHCPSRV01");
  CHECK(e.message == "The JET Database call returned the following Error: -510.");
  CHECK(e.log.empty());
  CHECK(e.strings.empty());
  CHECK_FALSE(e.has_record);
  CHECK(e.origin.file == readtest::test_file_index);
  CHECK(e.origin.line == 1);
  CHECK(e.origin.offset == 0);

  CHECK(ids(r) == std::vector<std::uint32_t>{1014, 1016, 6005});
  CHECK(lines(r) == std::vector<std::uint64_t>{1, 2, 3});
  CHECK(r.events[1].time.micros == micros_of(2001, 3, 14, 2, 0, 3));
  CHECK(r.events[2].time.micros == micros_of(2001, 3, 13, 23, 59, 59));
  CHECK(r.events[2].level == Level::information);
}

TEST_CASE("nt4: comma-delimited rows: the description keeps its commas", "[nt4]") {
  const std::string text =
      "5/10/01,5:49:58 PM,Ci,Error,CI Service ,4124,N/A,Server,Content index on d:\\catalog.wci is corrupt, "
      "please, rebuild it.\n"
      "5/10/01,5:49:57 PM,Ci,Warning,CI Service,4137,CORP\\svc,Server,a,b,,c\n";
  const auto r = read_nt4(text, ',');
  REQUIRE(r.events.size() == 2);
  CHECK(r.events[0].category == "CI Service");  // trailing space trimmed
  CHECK(r.events[0].message == "Content index on d:\\catalog.wci is corrupt, please, rebuild it.");
  CHECK(r.events[0].time.micros == micros_of(2001, 5, 10, 17, 49, 58));
  CHECK(r.events[1].level == Level::warning);
  CHECK(r.events[1].user == "CORP\\svc");
  CHECK(r.events[1].message == "a,b,,c");
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("nt4: a multi-line description continues on the following lines", "[nt4]") {
  const std::string text =
      "11/5/99,11:57:22 AM,MSExchangeIS Private,Warning,Transport General ,1026,N/A,ASM0109,An error occurred "
      "with the following call stack:\r\n"
      "EcSendMessage(): 0000000467\r\n"
      "\r\n"
      "  indented, with commas\r\n"
      "\r\n"
      "\r\n"
      "11/5/99,11:50:00 AM,MSExchangeIS Private,Information,None,1000,N/A,ASM0109,Next.\r\n";
  const auto r = read_nt4(text, ',');
  REQUIRE(r.events.size() == 2);
  CHECK(r.events[0].message ==
        "An error occurred with the following call stack:\nEcSendMessage(): 0000000467\n\n  indented, with commas");
  CHECK(r.events[0].category == "Transport General");
  CHECK(r.events[0].time.micros == micros_of(1999, 11, 5, 11, 57, 22));
  CHECK(r.events[1].message == "Next.");
  CHECK(lines(r) == std::vector<std::uint64_t>{1, 7});
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("nt4: dates: two-digit years, four-digit years, day first when the first number exceeds 12", "[nt4]") {
  auto row = [](const std::string& date, const std::string& time) {
    return date + "\t" + time + "\tSrc\tInformation\tNone\t1\tN/A\tPC\tx\n";
  };
  const auto r =
      read_nt4(row("12/31/99", "10:00:00 AM") + row("1/2/01", "10:00:00 AM") + row("3/14/2001", "10:00:00 AM") +
                   row("31/12/96", "19:56:34") + row("13/1/2002", "08:00:00") + row(" 7/ 4/70", "1:02:03 PM"),
               '\t');
  REQUIRE(r.events.size() == 6);
  CHECK(r.events[0].time.micros == micros_of(1999, 12, 31, 10, 0, 0));
  CHECK(r.events[1].time.micros == micros_of(2001, 1, 2, 10, 0, 0));
  CHECK(r.events[2].time.micros == micros_of(2001, 3, 14, 10, 0, 0));
  CHECK(r.events[3].time.micros == micros_of(1996, 12, 31, 19, 56, 34));
  CHECK(r.events[4].time.micros == micros_of(2002, 1, 13, 8, 0, 0));
  CHECK(r.events[5].time.micros == micros_of(1970, 7, 4, 13, 2, 3));
  for (const auto& e : r.events) CHECK(e.time.zone == Timestamp::Zone::local);
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("nt4: times: AM/PM around midnight and noon", "[nt4]") {
  auto row = [](const std::string& time) { return "3/14/01," + time + ",Src,Error,None,1,N/A,PC,x\n"; };
  const auto r = read_nt4(row("12:05:00 AM") + row("12:30:15 PM") + row("1:00:00 PM") + row("11:59:59 PM") +
                              row("0:00:01") + row("23:59:59"),
                          ',');
  REQUIRE(r.events.size() == 6);
  CHECK(r.events[0].time.micros == micros_of(2001, 3, 14, 0, 5, 0));
  CHECK(r.events[1].time.micros == micros_of(2001, 3, 14, 12, 30, 15));
  CHECK(r.events[2].time.micros == micros_of(2001, 3, 14, 13, 0, 0));
  CHECK(r.events[3].time.micros == micros_of(2001, 3, 14, 23, 59, 59));
  CHECK(r.events[4].time.micros == micros_of(2001, 3, 14, 0, 0, 1));
  CHECK(r.events[5].time.micros == micros_of(2001, 3, 14, 23, 59, 59));
}

TEST_CASE("nt4: level words, audits included", "[nt4]") {
  auto row = [](const std::string& type) {
    return "3/14/01\t2:15:03 AM\tSecurity\t" + type + "\tLogon/Logoff\t528\tCORP\\bob\tPC\tx\n";
  };
  const auto r = read_nt4(row("Success Audit") + row("Failure Audit") + row("Information") + row("Warning") +
                              row("Error") + row("Fehler") + row("Strange"),
                          '\t');
  REQUIRE(r.events.size() == 7);
  CHECK(r.events[0].level == Level::audit_success);
  CHECK(r.events[1].level == Level::audit_failure);
  CHECK(r.events[2].level == Level::information);
  CHECK(r.events[3].level == Level::warning);
  CHECK(r.events[4].level == Level::error);
  CHECK(r.events[5].level == Level::error);
  CHECK(r.events[6].level == Level::unknown);  // an unknown word keeps the event
  CHECK(r.events[0].category == "Logon/Logoff");
  CHECK(r.events[0].user == "CORP\\bob");
}

TEST_CASE("nt4: a user of N/A is no user, as in the other readers", "[nt4]") {
  const auto r = read_nt4(
      "3/14/01\t2:15:03 AM\tDhcpServer\tError\tNone\t1014\tN/A\tDHCPSRV01\tx\n"
      "3/14/01\t2:15:04 AM\tDhcpServer\tError\tNone\t1014\tCORP\\bob\tDHCPSRV01\tx\n",
      '\t');
  REQUIRE(r.events.size() == 2);
  CHECK(r.events[0].user.empty());
  CHECK(r.events[1].user == "CORP\\bob");
}

TEST_CASE("nt4: Windows-1252 bytes are decoded", "[nt4]") {
  const std::string text =
      "14/03/2001\t14:15:03\tNetLogon\tAvertissement\tAucun\t5719\tN/A\tSRV\tLe contr\xF4leur n'a pas \xE9t\xE9 "
      "trouv\xE9 (co\xFBt \x80 0)\r\n";
  const auto r = read_nt4(text, '\t');
  REQUIRE(r.events.size() == 1);
  CHECK(r.events[0].message ==
        "Le contr\xC3\xB4leur n'a pas \xC3\xA9t\xC3\xA9 trouv\xC3\xA9 (co\xC3\xBBt \xE2\x82\xAC 0)");
  CHECK(r.events[0].level == Level::warning);
  CHECK(r.events[0].category == "Aucun");
  CHECK(r.events[0].time.micros == micros_of(2001, 3, 14, 14, 15, 3));
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("nt4: UTF-16LE input through the sniffer", "[nt4]") {
  const std::string text =
      "3/14/01\t2:15:03 AM\tDhcpServer\tError\tNone\t1014\tN/A\tDHCPSRV01\tr\xC3\xA9sum\xC3\xA9\r\n";
  const auto r = test::read_all(readtest::utf16(text, true, true));
  REQUIRE(r.opened);
  CHECK(r.format == Format::nt4_text);
  REQUIRE(r.events.size() == 1);
  CHECK(r.events[0].message == "r\xC3\xA9sum\xC3\xA9");
  CHECK(r.events[0].event_id == 1014);
}

TEST_CASE("nt4: a row with missing fields is skipped with its continuation lines", "[nt4]") {
  const std::string text =
      "3/14/01,2:15:03 AM,DhcpServer,Error,None,1014,N/A,SRV,first\n"  // 1
      "first continued\n"                                              // 2
      "3/14/01,2:16:00 AM,DhcpServer,Error\n"                          // 3: only 4 fields
      "lost continuation\n"                                            // 4
      "another lost line\n"                                            // 5
      "3/14/01,2:17:00 AM,DhcpServer,Error,None,1016,N/A,SRV,third\n"  // 6
      "third continued\n";                                             // 7
  const auto r = read_nt4(text, ',');
  CHECK(ids(r) == std::vector<std::uint32_t>{1014, 1016});
  CHECK(lines(r) == std::vector<std::uint64_t>{1, 6});
  REQUIRE(r.events.size() == 2);
  CHECK(r.events[0].message == "first\nfirst continued");
  CHECK(r.events[1].message == "third\nthird continued");
  CHECK(r.skipped == 1);
  CHECK(r.counted == 2);
  CHECK(diag_codes(r.diagnostics) == Codes{"E0211@3"});
  CHECK(r.diagnostics.items()[0].severity == Severity::error);
  CHECK(r.diagnostics.items()[0].file == "in.txt");
}

TEST_CASE("nt4: rows with a bad time or event ID are damaged too", "[nt4]") {
  const std::string text =
      "3/14/01\t25:00:00\tSrc\tError\tNone\t1\tN/A\tPC\tbad time\n"      // 1
      "3/14/01\t2:00:00 AM\tSrc\tError\tNone\tx12\tN/A\tPC\tbad id\n"    // 2
      "3/14/01\t2:00:00 AM\tSrc\tError\tNone\t12\tN/A\tPC\tgood\n"       // 3
      "3/14/01\t13:00:00 PM\tSrc\tError\tNone\t1\tN/A\tPC\tbad hour\n";  // 4
  const auto r = read_nt4(text, '\t');
  CHECK(ids(r) == std::vector<std::uint32_t>{12});
  CHECK(r.skipped == 3);
  CHECK(diag_codes(r.diagnostics) == Codes{"E0211@1", "E0211@2", "E0211@4"});
  REQUIRE(r.events.size() == 1);
  CHECK(r.events[0].message == "good");
}

TEST_CASE("nt4: a large event number keeps its low 16 bits as the ID", "[nt4]") {
  const auto r = read_nt4("3/14/01,2:15:03 AM,Srv,Error,None,3221232472,N/A,PC,x\n", ',');  // 0xC0001B58
  REQUIRE(r.events.size() == 1);
  CHECK(r.events[0].event_id == 0x1B58);
  CHECK(r.events[0].qualifiers == 0xC000);
}

TEST_CASE("nt4: lines before the first row are reported once and ignored", "[nt4]") {
  const std::string text =
      "Saved from \\\\DHCPSRV01\r\n"
      "\r\n"
      "second stray line\r\n"
      "3/14/01,2:15:03 AM,DhcpServer,Error,None,1014,N/A,SRV,x\r\n";
  const auto r = read_nt4(text, ',');
  CHECK(ids(r) == std::vector<std::uint32_t>{1014});
  CHECK(lines(r) == std::vector<std::uint64_t>{4});
  CHECK(r.skipped == 0);
  CHECK(diag_codes(r.diagnostics) == Codes{"W0211@1"});
  CHECK(r.diagnostics.items()[0].severity == Severity::warning);
  CHECK(r.diagnostics.items()[0].message.find("2 line(s)") != std::string::npos);
}

TEST_CASE("nt4: an empty input yields nothing", "[nt4]") {
  const auto r = read_nt4("", '\t');
  CHECK(r.events.empty());
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("nt4: a line longer than 16 MiB is cut with W0102 and reading goes on", "[nt4]") {
  const std::string prefix = "3/14/01,2:15:03 AM,Src,Error,None,1,N/A,PC,";
  std::string text = "3/14/01,2:14:00 AM,Src,Error,None,7,N/A,PC,before\n" + prefix;
  text.append(17u * 1024 * 1024, 'y');
  text += "\n";
  const std::size_t next_line = text.size();
  text += "3/14/01,2:16:03 AM,Src,Error,None,2,N/A,PC,next\n";
  const auto r = read_nt4(text, ',');
  CHECK(ids(r) == std::vector<std::uint32_t>{7, 1, 2});
  CHECK(lines(r) == std::vector<std::uint64_t>{1, 2, 3});
  REQUIRE(r.events.size() == 3);
  CHECK(r.events[1].message == std::string(detail::LineReader::max_line_bytes - prefix.size(), 'y'));
  CHECK(r.events[2].message == "next");
  CHECK(r.events[2].origin.offset == next_line);
  CHECK(r.skipped == 0);
  CHECK(diag_codes(r.diagnostics) == Codes{"W0102@2"});
}

TEST_CASE("nt4: the record on a line longer than 16 MiB keeps its own offset", "[nt4]") {
  std::string text = "3/14/01,2:14:00 AM,Src,Error,None,7,N/A,PC,before\n";
  const std::size_t long_line = text.size();
  text += "3/14/01,2:15:03 AM,Src,Error,None,1,N/A,PC,";
  text.append(17u * 1024 * 1024, 'y');
  text += "\n3/14/01,2:16:03 AM,Src,Error,None,2,N/A,PC,next\n";
  const auto r = read_nt4(text, ',');
  REQUIRE(r.events.size() == 3);
  CHECK(r.events[1].origin.offset == long_line);
}

TEST_CASE("nt4: concatenated exports, each with a BOM, keep every record", "[nt4]") {
  const std::string one =
      "\xEF\xBB\xBF"
      "3/14/01,2:15:03 AM,S,Error,None,1,N/A,PC,first\r\n";
  const std::string two =
      "\xEF\xBB\xBF"
      "3/14/01,2:16:03 AM,S,Error,None,2,N/A,PC,second\r\n";
  const auto r = read_nt4(one + two, ',');
  CHECK(ids(r) == std::vector<std::uint32_t>{1, 2});
  REQUIRE(r.events.size() == 2);
  CHECK(r.events[0].message == "first");
  CHECK(r.diagnostics.items().empty());
}
