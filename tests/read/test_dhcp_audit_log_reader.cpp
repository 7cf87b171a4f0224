// DHCP Server audit log (DhcpSrvLog-<Day>.log, NT4/2000 DhcpSrvLog.<Day>): a preamble, a CSV
// header naming 7 to 19 columns (or none at all in NT4-era logs), then one row per line.
#include <catch2/catch.hpp>

#include "read_helpers.h"
#include "support.h"

using namespace kbmatch;
using readtest::diag_codes;
using readtest::ids;
using readtest::lines;
using readtest::micros_of;
using Codes = std::vector<std::string>;
using Strings = std::vector<std::string>;

namespace {

readtest::Run read_dhcp(const std::string& bytes) {
  return readtest::run_reader(bytes, [](std::unique_ptr<detail::TextInput> in, const ReaderOptions& o) {
    return detail::make_dhcp_audit_log_reader(std::move(in), {}, o);
  });
}

// A preamble in the shape the server writes (own wording of the table), 8 lines, CRLF.
const std::string preamble =
    "\t\tMicrosoft DHCP Service Activity Log\r\n"  // 1
    "\r\n"                                         // 2
    "Event ID  Meaning\r\n"                        // 3
    "00\tLogging started.\r\n"                     // 4
    "01\tLogging stopped.\r\n"                     // 5
    "11\tA client renewed its lease.\r\n"          // 6
    "50+\tRogue server detection codes.\r\n"       // 7
    "\r\n";                                        // 8

const std::string legend =
    "QResult: 0: NoQuarantine, 1:Quarantine, 2:Drop Packet, 3:Probation,6:No Quarantine Information "
    "ProbationTime:Year-Month-Day Hour:Minute:Second:MilliSecond.\r\n";

const std::string header19 =
    "ID,Date,Time,Description,IP Address,Host Name,MAC Address,User Name, TransactionID, QResult,Probationtime, "
    "CorrelationID,Dhcid,VendorClass(Hex),VendorClass(ASCII),UserClass(Hex),UserClass(ASCII),RelayAgentInformation,"
    "DnsRegError.\r\n";

const Strings names19 = {"IP Address",
                         "Host Name",
                         "MAC Address",
                         "User Name",
                         "TransactionID",
                         "QResult",
                         "Probationtime",
                         "CorrelationID",
                         "Dhcid",
                         "VendorClass(Hex)",
                         "VendorClass(ASCII)",
                         "UserClass(Hex)",
                         "UserClass(ASCII)",
                         "RelayAgentInformation",
                         "DnsRegError"};

const Strings names7 = {"IP Address", "Host Name", "MAC Address"};

const std::string header7 = "ID,Date,Time,Description,IP Address,Host Name,MAC Address\r\n";

}  // namespace

TEST_CASE("dhcp audit: Server 2012+ log with 19 named columns", "[dhcp_audit]") {
  const std::string head = preamble + legend + "\r\n" + header19;  // lines 1-11
  const std::string text = head +
                           "00,03/06/20,06:59:58,Started,,,,,0,6,,,,,,,,,0\r\n"  // 12
                           "11,03/06/20,07:14:31,Renew,10.20.4.117,ws-0117.corp.example,3C52820A1F44,,2287305911,0,,,,"
                           "4d53465420352e30,MSFT 5.0,,,0x0104000100,0\r\n"                     // 13
                           "24,03/06/20,12:00:02,Database Cleanup Begin,,,,,0,6,,,,,,,,,0\r\n"  // 14
                           "01,03/06/20,23:41:09,Stopped,,,,,0,6,,,,,,,,,0\r\n";                // 15
  const auto r = read_dhcp(text);
  CHECK(r.format == Format::dhcp_audit_log);
  CHECK(ids(r) == std::vector<std::uint32_t>{0, 11, 24, 1});
  CHECK(lines(r) == std::vector<std::uint64_t>{12, 13, 14, 15});
  CHECK(r.counted == 4);
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());
  REQUIRE(r.events.size() == 4);

  const Event& start = r.events[0];
  CHECK(start.source == "DhcpSrvLog");
  CHECK(start.log == "DHCP Audit");
  CHECK(start.event_id == 0);
  CHECK(start.qualifiers == 0);
  CHECK(start.has_event_id);
  CHECK(start.level == Level::information);
  CHECK(start.time.zone == Timestamp::Zone::local);
  CHECK(start.time.micros == micros_of(2020, 3, 6, 6, 59, 58));
  CHECK(start.message == "Started");
  CHECK(start.computer.empty());
  CHECK(start.category.empty());
  CHECK(start.user.empty());
  CHECK_FALSE(start.has_record);
  CHECK(start.string_names == names19);
  CHECK(start.strings == Strings{"", "", "", "", "0", "6", "", "", "", "", "", "", "", "", "0"});
  CHECK(start.origin.file == readtest::test_file_index);
  CHECK(start.origin.offset == head.size());

  const Event& renew = r.events[1];
  CHECK(renew.message == "Renew");
  CHECK(renew.time.micros == micros_of(2020, 3, 6, 7, 14, 31));
  CHECK(renew.string_names == names19);
  CHECK(renew.strings == Strings{"10.20.4.117", "ws-0117.corp.example", "3C52820A1F44", "", "2287305911", "0", "", "",
                                 "", "4d53465420352e30", "MSFT 5.0", "", "", "0x0104000100", "0"});
  CHECK(renew.origin.offset == text.find("11,03/06/20"));

  CHECK(r.events[2].message == "Database Cleanup Begin");
  const Event& stop = r.events[3];
  CHECK(stop.event_id == 1);
  CHECK(stop.message == "Stopped");
  CHECK(stop.level == Level::information);
  CHECK(stop.time.micros == micros_of(2020, 3, 6, 23, 41, 9));
}

TEST_CASE("dhcp audit: Q264492: stopped and restarted within seconds, exact times", "[dhcp_audit]") {
  const std::string text = preamble + header7 +                                                // 1-9
                           "01,11/21/00,16:05:59,Stopped,,,\r\n" +                             // 10
                           "00,11/21/00,16:06:01,Started,,,\r\n" +                             // 11
                           "10,11/21/00,16:06:14,Assign,192.168.7.41,LAB41,00a0c9f3e812\r\n";  // 12
  const auto r = test::read_all(text, "DhcpSrvLog.Tue");
  REQUIRE(r.opened);
  CHECK(r.format == Format::dhcp_audit_log);
  CHECK(ids(r) == std::vector<std::uint32_t>{1, 0, 10});
  REQUIRE(r.events.size() == 3);
  CHECK(r.events[0].time.micros == micros_of(2000, 11, 21, 16, 5, 59));
  CHECK(r.events[1].time.micros == micros_of(2000, 11, 21, 16, 6, 1));
  CHECK(r.events[1].time.micros - r.events[0].time.micros == 2'000'000);
  CHECK(r.events[0].message == "Stopped");
  CHECK(r.events[1].message == "Started");
  CHECK(r.events[0].source == "DhcpSrvLog");
  CHECK(r.events[1].origin.line == 11);
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("dhcp audit: 7-column header, Server 2003 trailing commas and empty fields", "[dhcp_audit]") {
  const std::string text = preamble + header7 +                                                            // 1-9
                           "55,06/14/05,08:02:17,Authorized(servicing),,corp.example,,\r\n" +              // 10
                           "10,06/14/05,08:03:40,Assign,10.1.1.50,PC050.corp.example,000C29D41A07,\r\n" +  // 11
                           "12,06/14/05,17:30:00,Release,10.1.1.50,,000C29D41A07\r\n" +                    // 12
                           "16,06/14/05,17:45:12,Deleted,10.1.1.51,,,,,\r\n";                              // 13
  const auto r = read_dhcp(text);
  CHECK(ids(r) == std::vector<std::uint32_t>{55, 10, 12, 16});
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());
  REQUIRE(r.events.size() == 4);
  for (const Event& e : r.events) CHECK(e.string_names == names7);
  CHECK(r.events[0].message == "Authorized(servicing)");
  CHECK(r.events[0].strings == Strings{"", "corp.example", ""});
  CHECK(r.events[1].strings == Strings{"10.1.1.50", "PC050.corp.example", "000C29D41A07"});
  CHECK(r.events[1].time.micros == micros_of(2005, 6, 14, 8, 3, 40));
  CHECK(r.events[2].strings == Strings{"10.1.1.50", "", "000C29D41A07"});
  CHECK(r.events[3].strings == Strings{"10.1.1.51", "", ""});
}

TEST_CASE("dhcp audit: NT4-style log without a header line takes rows of the 7 old columns", "[dhcp_audit]") {
  const std::string text =
      "\t\tMicrosoft DHCP Service Activity Log\r\n"                       // 1
      "\r\n"                                                              // 2
      "Event ID  Meaning\r\n"                                             // 3
      "00\tLog opened.\r\n"                                               // 4
      "01\tLog closed.\r\n"                                               // 5
      "10\tNew lease.\r\n"                                                // 6
      "\r\n"                                                              // 7
      "00,02/15/99,09:00:05,Started,,,\r\n"                               // 8
      "10,02/15/99,09:12:44,Assign,172.16.0.33,NTWKS33,0060975a12bc\r\n"  // 9
      "01,02/15/99,18:30:00,Stopped,,,\r\n";                              // 10
  const auto r = test::read_all(text, "DhcpSrvLog.Mon");
  REQUIRE(r.opened);
  CHECK(r.format == Format::dhcp_audit_log);
  CHECK(ids(r) == std::vector<std::uint32_t>{0, 10, 1});
  CHECK(lines(r) == std::vector<std::uint64_t>{8, 9, 10});
  REQUIRE(r.events.size() == 3);
  CHECK(r.events[0].time.micros == micros_of(1999, 2, 15, 9, 0, 5));
  CHECK(r.events[0].string_names == names7);
  CHECK(r.events[0].strings == Strings{"", "", ""});
  CHECK(r.events[1].message == "Assign");
  CHECK(r.events[1].strings == Strings{"172.16.0.33", "NTWKS33", "0060975a12bc"});
  CHECK(r.events[2].time.micros == micros_of(1999, 2, 15, 18, 30, 0));
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("dhcp audit: without a header, rows of another width are damaged, other text is stray", "[dhcp_audit]") {
  const std::string text =
      "00,02/15/99,09:00:05,Started,,,\n"                                     // 1: 7 fields
      "10,02/15/99,09:12:44,Assign,172.16.0.33,NTWKS33,0060975a12bc,extra\n"  // 2: 8 fields, starts like a row
      "see notes, below\n"                                                    // 3: stray
      "01,02/15/99,18:30:00,Stopped,,,\n";                                    // 4
  const auto r = read_dhcp(text);
  CHECK(ids(r) == std::vector<std::uint32_t>{0, 1});
  CHECK(r.skipped == 1);
  CHECK(diag_codes(r.diagnostics) == Codes{"E0251@2", "W0251@3"});
  CHECK(r.diagnostics.items()[0].message.find("7") != std::string::npos);
}

TEST_CASE("dhcp audit: a row with hundreds of fields is damaged and counted exactly", "[dhcp_audit]") {
  const std::string text = header7 +                                                                      // 1
                           "10,01/02/20,03:04:05,Assign,10.0.0.1,h,m" + std::string(900, ',') + "\r\n" +  // 2: ok
                           "10,01/02/20,03:04:06,Assign" + std::string(600, ',') + "x\r\n";               // 3: 604
  const auto r = read_dhcp(text);
  CHECK(ids(r) == std::vector<std::uint32_t>{10});
  REQUIRE(r.events.size() == 1);
  CHECK(r.events[0].strings == Strings{"10.0.0.1", "h", "m"});
  CHECK(diag_codes(r.diagnostics) == Codes{"E0251@3"});
  CHECK(r.diagnostics.items()[0].message.find("604 fields") != std::string::npos);
}

TEST_CASE("dhcp audit: columns are found by name, not position", "[dhcp_audit]") {
  const std::string text =
      " Time , ID,Host Name,Date, Description ,IP Address.\n"
      "14:02:09,13,printer-3,04/01/21,BAD_ADDRESS,10.9.9.9\n";
  const auto r = read_dhcp(text);
  REQUIRE(r.events.size() == 1);
  const Event& e = r.events[0];
  CHECK(e.event_id == 13);
  CHECK(e.time.micros == micros_of(2021, 4, 1, 14, 2, 9));
  CHECK(e.message == "BAD_ADDRESS");
  CHECK(e.string_names == Strings{"Host Name", "IP Address"});
  CHECK(e.strings == Strings{"printer-3", "10.9.9.9"});
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("dhcp audit: quoted fields hold commas and doubled quotes", "[dhcp_audit]") {
  const std::string text =
      header7 +                                                                                     // 1
      "10,07/02/19,10:00:00,\"Assign, via relay\",10.0.0.5,\"Bob\"\"s laptop\",A1B2C3D4E5F6\r\n" +  // 2
      "11,07/02/19,10:05:00,Renew,10.0.0.6,\"\",\"A1B2C3D4E5F7\"\r\n" +                             // 3
      "11,07/02/19,10:06:00,Renew,10.0.0.7,host\"7,A1B2C3D4E5F8\r\n" +       // 4: quote mid-field
      "12,07/02/19,10:07:00,Release,10.0.0.8,h8,\"never closed, here\r\n" +  // 5: open quote
      "12,07/02/19,10:08:00,Release,10.0.0.9,\"h9,A1B2C3D4E5F9\r\n";         // 6: swallows a comma
  const auto r = read_dhcp(text);
  CHECK(ids(r) == std::vector<std::uint32_t>{10, 11, 11, 12});
  CHECK(lines(r) == std::vector<std::uint64_t>{2, 3, 4, 5});
  REQUIRE(r.events.size() == 4);
  CHECK(r.events[0].message == "Assign, via relay");
  CHECK(r.events[0].strings == Strings{"10.0.0.5", "Bob\"s laptop", "A1B2C3D4E5F6"});
  CHECK(r.events[1].strings == Strings{"10.0.0.6", "", "A1B2C3D4E5F7"});
  CHECK(r.events[2].strings == Strings{"10.0.0.7", "host\"7", "A1B2C3D4E5F8"});
  CHECK(r.events[3].strings == Strings{"10.0.0.8", "h8", "never closed, here"});
  CHECK(r.skipped == 1);
  CHECK(diag_codes(r.diagnostics) == Codes{"E0251@6"});
}

TEST_CASE("dhcp audit: bad rows are skipped with E0251 and counted, good ones kept", "[dhcp_audit]") {
  const std::string text = preamble + header7 +                                      // 1-9
                           "00,05/10/18,07:00:00,Started,,,\r\n" +                   // 10 good
                           "xx,05/10/18,07:00:01,Renew,10.0.0.1,a,aa\r\n" +          // 11 non-numeric ID
                           "70000,05/10/18,07:00:02,Renew,10.0.0.1,a,aa\r\n" +       // 12 ID above 65535
                           ",05/10/18,07:00:03,Renew,10.0.0.1,a,aa\r\n" +            // 13 empty ID
                           "11,13/10/18,07:00:04,Renew,10.0.0.1,a,aa\r\n" +          // 14 month 13 (never day first)
                           "11,02/30/18,07:00:05,Renew,10.0.0.1,a,aa\r\n" +          // 15 no such day
                           "11,2018-05-10,07:00:06,Renew,10.0.0.1,a,aa\r\n" +        // 16 not M/D/Y
                           "11,05/10/18,25:00:00,Renew,10.0.0.1,a,aa\r\n" +          // 17 bad hour
                           "11,05/10/18,noon,Renew,10.0.0.1,a,aa\r\n" +              // 18 no time
                           "11,05/10/18,07:00:09,Renew,10.0.0.1\r\n" +               // 19 5 fields
                           "11,05/10/18,07:00:10,Renew,10.0.0.1,a,aa,surplus\r\n" +  // 20 8 non-empty fields
                           "65535,05/10/18,07:00:11,Top,,,\r\n" +                    // 21 good: largest ID
                           "11,5/9/2018,7:00:12,Renew,10.0.0.1,a,aa\r\n" +           // 22 good: 4-digit year
                           "01,05/10/18,07:00:13,Stopped,,,\r\n";                    // 23 good
  const auto r = read_dhcp(text);
  CHECK(ids(r) == std::vector<std::uint32_t>{0, 65535, 11, 1});
  CHECK(lines(r) == std::vector<std::uint64_t>{10, 21, 22, 23});
  CHECK(r.counted == 4);
  CHECK(r.skipped == 10);
  CHECK(r.counted + r.skipped == 14);  // every data row
  CHECK(diag_codes(r.diagnostics) == Codes{"E0251@11", "E0251@12", "E0251@13", "E0251@14", "E0251@15", "E0251@16",
                                           "E0251@17", "E0251@18", "E0251@19", "E0251@20"});
  for (const auto& d : r.diagnostics.items()) {
    CHECK(d.severity == Severity::error);
    CHECK(d.file == "in.txt");
  }
  CHECK(r.diagnostics.items()[0].message.find("ID") != std::string::npos);
  CHECK(r.diagnostics.items()[3].message.find("date") != std::string::npos);
  CHECK(r.diagnostics.items()[8].message.find("5 fields") != std::string::npos);
  REQUIRE(r.events.size() == 4);
  CHECK(r.events[2].time.micros == micros_of(2018, 5, 9, 7, 0, 12));
}

TEST_CASE("dhcp audit: stray lines are warned once at the end with their count and first line", "[dhcp_audit]") {
  const std::string text = preamble + header7 +                          // 1-9
                           "00,05/10/18,07:00:00,Started,,,\r\n" +       // 10
                           "--- copied from the server on Monday\r\n" +  // 11 stray
                           "01,05/10/18,07:30:00,Stopped,,,\r\n" +       // 12
                           "a note, with one comma\r\n" +                // 13 stray: not shaped like a row
                           "end of paste\r\n" +                          // 14 stray
                           "\r\n";                                       // 15 blank: not stray
  const auto r = read_dhcp(text);
  CHECK(ids(r) == std::vector<std::uint32_t>{0, 1});
  CHECK(r.skipped == 0);
  REQUIRE(diag_codes(r.diagnostics) == Codes{"W0251@11"});
  const Diagnostic& d = r.diagnostics.items()[0];
  CHECK(d.severity == Severity::warning);
  CHECK(d.message.find("3 line(s)") != std::string::npos);
}

TEST_CASE("dhcp audit: the preamble, blank lines and a repeated header are silent", "[dhcp_audit]") {
  const std::string part = preamble + legend + "\r\n" + header19 + "00,08/01/22,00:00:01,Started,,,,,0,6,,,,,,,,,0\r\n";
  const auto r = read_dhcp(part + "\r\n" + part);
  CHECK(ids(r) == std::vector<std::uint32_t>{0, 0});
  CHECK(lines(r) == std::vector<std::uint64_t>{12, 25});
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("dhcp audit: a later header with fewer columns renames the rows after it", "[dhcp_audit]") {
  const std::string text = header19 + "00,08/01/22,00:00:01,Started,,,,,0,6,,,,,,,,,0\n" + header7 +
                           "01,08/01/22,00:00:09,Stopped,,,\n" + "01,08/01/22,00:00:10,Stopped,,,,,0,6,,,,,,,,,0\n";
  const auto r = read_dhcp(text);
  REQUIRE(r.events.size() == 2);
  CHECK(r.events[0].string_names == names19);
  CHECK(r.events[1].string_names == names7);
  CHECK(r.skipped == 1);
  CHECK(diag_codes(r.diagnostics) == Codes{"E0251@5"});
}

TEST_CASE("dhcp audit: fault rows are warnings, the rest information", "[dhcp_audit]") {
  std::string text = header7;
  const std::vector<std::uint32_t> all = {0, 1, 2, 10, 11, 12, 13, 14, 15, 16, 22, 24, 30, 31, 32, 34, 35, 36, 56};
  for (std::uint32_t id : all) text += std::to_string(id) + ",09/01/23,12:00:00,x,,,\r\n";
  const auto r = read_dhcp(text);
  REQUIRE(ids(r) == all);
  for (const Event& e : r.events) {
    const bool warning = e.event_id == 2 || e.event_id == 13 || e.event_id == 14 || e.event_id == 22 ||
                         e.event_id == 31 || e.event_id == 34 || e.event_id == 35;
    INFO("ID " << e.event_id);
    CHECK(e.level == (warning ? Level::warning : Level::information));
  }
}

TEST_CASE("dhcp audit: LF-only line ends give the same events", "[dhcp_audit]") {
  const std::string crlf = preamble + legend + header19 + "00,03/06/20,06:59:58,Started,,,,,0,6,,,,,,,,,0\r\n" +
                           "01,03/06/20,23:41:09,Stopped,,,,,0,6,,,,,,,,,0\r\n";
  std::string lf;
  for (char c : crlf) {
    if (c != '\r') lf += c;
  }
  const auto a = read_dhcp(crlf);
  const auto b = read_dhcp(lf);
  CHECK(ids(b) == std::vector<std::uint32_t>{0, 1});
  CHECK(lines(b) == lines(a));
  REQUIRE(b.events.size() == 2);
  CHECK(b.events[1].time.micros == micros_of(2020, 3, 6, 23, 41, 9));
  CHECK(b.events[1].strings == a.events[1].strings);
  CHECK(b.events[1].origin.offset == lf.find("01,03/06/20"));
  CHECK(b.diagnostics.items().empty());
}

TEST_CASE("dhcp audit: UTF-16LE with BOM is sniffed and read", "[dhcp_audit]") {
  const std::string text = preamble + legend + header19 +
                           "10,12/24/21,18:22:05,Assign,192.168.50.20,K\xC3\xBC"
                           "che-PC.home,F0D5BF11A2C3,,"
                           "190442911,0,,,,,,,,,0\r\n" +
                           "01,12/24/21,23:59:59,Stopped,,,,,0,6,,,,,,,,,0\r\n";
  const auto r = test::read_all(readtest::utf16(text, true, true), "DhcpSrvLog-Fri.log");
  REQUIRE(r.opened);
  CHECK(r.format == Format::dhcp_audit_log);
  CHECK(ids(r) == std::vector<std::uint32_t>{10, 1});
  REQUIRE(r.events.size() == 2);
  CHECK(r.events[0].strings[1] ==
        "K\xC3\xBC"
        "che-PC.home");
  CHECK(r.events[0].time.micros == micros_of(2021, 12, 24, 18, 22, 5));
  CHECK(r.events[1].origin.line == 12);
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("dhcp audit: an empty input and a preamble alone yield nothing", "[dhcp_audit]") {
  for (const std::string& text : {std::string(), preamble, preamble + legend + header19}) {
    const auto r = read_dhcp(text);
    CHECK(r.events.empty());
    CHECK(r.skipped == 0);
    CHECK(r.diagnostics.items().empty());
  }
}

TEST_CASE("dhcp audit: a DHCPv6 log reads the same way by its own header", "[dhcp_audit]") {
  const std::string text =
      "\t\tMicrosoft DHCPv6 Service Activity Log\r\n"
      "\r\n"
      "Event ID  Meaning\r\n"
      "11000\tSolicit.\r\n"
      "\r\n"
      "ID,Date,Time,Description,IPV6 Address,Host Name,Error Code, Duid Length, Duid Bytes(Hex),User Name,Dhcid,"
      "Subnet Prefix.\r\n"
      "11000,10/02/23,08:15:00,DHCPV6 Solicit,fe80::1c2d:3e4f,,0,14,0001000126A1B2C3,,,2001:db8:10::\r\n";
  const auto r = test::read_all(text, "DhcpV6SrvLog-Mon.log");
  REQUIRE(r.opened);
  CHECK(r.format == Format::dhcp_audit_log);
  REQUIRE(r.events.size() == 1);
  CHECK(r.events[0].event_id == 11000);
  CHECK(r.events[0].string_names == Strings{"IPV6 Address", "Host Name", "Error Code", "Duid Length", "Duid Bytes(Hex)",
                                            "User Name", "Dhcid", "Subnet Prefix"});
  CHECK(r.events[0].strings[7] == "2001:db8:10::");
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("dhcp audit: the reader stays at its end and warns only once", "[dhcp_audit]") {
  DiagnosticList diagnostics;
  auto input = std::make_unique<detail::TextInput>(
      open_memory_source(header7 + "stray\r\n00,01/02/03,04:05:06,Started,,,\r\n"), "in.txt", diagnostics);
  auto reader = detail::make_dhcp_audit_log_reader(std::move(input), {}, ReaderOptions{"in.txt", 1});
  Event e;
  REQUIRE(reader->next(e));
  CHECK(e.time.micros == micros_of(2003, 1, 2, 4, 5, 6));
  CHECK_FALSE(reader->next(e));
  CHECK_FALSE(reader->next(e));
  CHECK(reader->events() == 1);
  CHECK(diag_codes(diagnostics) == Codes{"W0251@2"});
}

TEST_CASE("dhcp audit: sniff line test accepts the banner and header only", "[dhcp_audit][sniff]") {
  using detail::is_dhcp_audit_log_line;
  CHECK(is_dhcp_audit_log_line("\t\tMicrosoft DHCP Service Activity Log"));
  CHECK(is_dhcp_audit_log_line("microsoft dhcp service activity log"));
  CHECK(is_dhcp_audit_log_line("Microsoft DHCPv6 Service Activity Log"));
  CHECK(is_dhcp_audit_log_line("ID,Date,Time,Description,IP Address,Host Name,MAC Address"));
  CHECK(is_dhcp_audit_log_line("id,date,time,description"));
  CHECK(is_dhcp_audit_log_line("ID, Date, Time, Description, IP Address"));
  CHECK(is_dhcp_audit_log_line(header19.substr(0, header19.size() - 2)));
  CHECK_FALSE(is_dhcp_audit_log_line(""));
  CHECK_FALSE(is_dhcp_audit_log_line("ID,Date,Time"));
  CHECK_FALSE(is_dhcp_audit_log_line("ID,Date,Time,Descriptions"));
  CHECK_FALSE(is_dhcp_audit_log_line("Event ID  Meaning"));
  CHECK_FALSE(is_dhcp_audit_log_line("00,02/15/99,09:00:05,Started,,,"));
  CHECK_FALSE(is_dhcp_audit_log_line("Level,Date and Time,Source,Event ID,Task Category"));
  CHECK_FALSE(is_dhcp_audit_log_line("Level\tDate and Time\tSource\tEvent ID\tTask Category"));
  CHECK_FALSE(is_dhcp_audit_log_line("3/14/01,2:15:03 AM,DhcpServer,Error,None,1014,N/A,DHCPSRV01,Text"));
  CHECK_FALSE(is_dhcp_audit_log_line("Event[0]:"));
  CHECK_FALSE(is_dhcp_audit_log_line("  Source: DhcpServer"));
  CHECK_FALSE(is_dhcp_audit_log_line("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>"));
  CHECK_FALSE(is_dhcp_audit_log_line("Microsoft DHCP Server"));
}

TEST_CASE("dhcp audit: sniffing tells the audit log from the event exports", "[dhcp_audit][sniff]") {
  // A log starting at its header (the preamble was cut off) is still recognized.
  const auto from_header = test::read_all(header7 + "00,02/15/99,09:00:05,Started,,,\r\n", "dhcp.txt");
  REQUIRE(from_header.opened);
  CHECK(from_header.format == Format::dhcp_audit_log);
  CHECK(ids(from_header) == std::vector<std::uint32_t>{0});

  const auto dhcp = test::read_all(preamble + header7 + "00,02/15/99,09:00:05,Started,,,\r\n", "log.csv");
  REQUIRE(dhcp.opened);
  CHECK(dhcp.format == Format::dhcp_audit_log);

  struct Case {
    std::string text;
    Format format;
  };
  const std::vector<Case> others = {
      {"Level,Date and Time,Source,Event ID,Task Category\r\n"
       "Information,3/14/2001 2:15:03 AM,DhcpServer,1014,None,\"ID,Date,Time,Description\"\r\n",
       Format::vista_csv},
      {"Level\tDate and Time\tSource\tEvent ID\tTask Category\r\n"
       "Error\t3/14/2001 2:15:03 AM\tDhcpServer\t1014\tNone\tMicrosoft DHCP Service Activity Log\r\n",
       Format::vista_csv},
      {"3/14/01,2:15:03 AM,DhcpServer,Error,None,1014,N/A,DHCPSRV01,The audit log could not be written.\r\n",
       Format::nt4_text},
      {"3/14/01\t2:15:03 AM\tDhcpServer\tError\tNone\t1014\tN/A\tDHCPSRV01\tID,Date,Time,Description\r\n",
       Format::nt4_text},
      {"Event[0]:\r\n  Log Name: System\r\n  Source: DhcpServer\r\n  Date: 2001-03-14T02:15:03.000\r\n"
       "  Event ID: 1014\r\n  Description:\r\nMicrosoft DHCP Service Activity Log\r\n",
       Format::wevtutil_text},
      {"<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='DhcpServer'/>"
       "<EventID>1014</EventID></System><EventData><Data>ID,Date,Time,Description</Data></EventData></Event>\r\n",
       Format::event_xml},
  };
  for (const Case& c : others) {
    const auto r = test::read_all(c.text, "x.txt");
    INFO(c.text);
    REQUIRE(r.opened);
    CHECK(r.format == c.format);
    CHECK(ids(r) == std::vector<std::uint32_t>{1014});
  }
}
