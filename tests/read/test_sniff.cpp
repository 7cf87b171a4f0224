// open_reader: the format is sniffed from the content (never the file name); binary logs and
// unrecognized text are refused with a diagnostic; an empty export is an empty log.
#include <catch2/catch.hpp>

#include "read_helpers.h"
#include "support.h"

using namespace kbmatch;
using readtest::diag_codes;
using readtest::utf16;
using Codes = std::vector<std::string>;

namespace {

const std::string xml_event =
    "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='DhcpServer'/>"
    "<EventID Qualifiers='49152'>1014</EventID></System></Event>";

const std::string wevtutil_text =
    "Event[0]:\r\n  Log Name: System\r\n  Source: DhcpServer\r\n  Date: 2001-03-14T02:15:03.000\r\n"
    "  Event ID: 1014\r\n  Description:\r\nThe JET Database returned the following Error : -510.\r\n";

const std::string vista_csv =
    "Level,Date and Time,Source,Event ID,Task Category\r\n"
    "Error,3/14/2001 2:15:03 AM,DhcpServer,1014,None,\"The JET Database, Error: -510.\"\r\n";

const std::string vista_tab =
    "Level\tDate and Time\tSource\tEvent ID\tTask Category\r\n"
    "Error\t3/14/2001 2:15:03 AM\tDhcpServer\t1014\tNone\tThe JET Database, Error: -510.\r\n";

const std::string nt4_tab =
    "3/14/01\t2:15:03 AM\tDhcpServer\tError\tNone\t1014\tN/A\tDHCPSRV01\tThe JET, Error: -510.\r\n";

const std::string nt4_comma = "3/14/01,2:15:03 AM,DhcpServer,Error,None,1014,N/A,DHCPSRV01,The JET\tError: -510.\r\n";

// Every good input here holds exactly one event: DhcpServer 1014.
void require_one_dhcp_event(const test::ReadResult& r, Format format) {
  REQUIRE(r.opened);
  CHECK(r.format == format);
  REQUIRE(r.events.size() == 1);
  CHECK(r.events[0].source == "DhcpServer");
  CHECK(r.events[0].event_id == 1014);
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());
}

}  // namespace

TEST_CASE("sniff: Event XML in its shapes is sniffed whatever the file is called", "[sniff]") {
  require_one_dhcp_event(test::read_all(xml_event + "\r\n", "System.evtx"), Format::event_xml);
  require_one_dhcp_event(
      test::read_all("<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<Events>" + xml_event + "</Events>\r\n", "log.csv"),
      Format::event_xml);
  require_one_dhcp_event(test::read_all("evtxexport 20181227\n\n" + xml_event + "\n", "out.txt"), Format::event_xml);
  require_one_dhcp_event(test::read_all("<!-- source: System.evtx -->\n" + xml_event, "x"), Format::event_xml);
  require_one_dhcp_event(test::read_all(utf16(xml_event, true, false), "x.xml"), Format::event_xml);
}

TEST_CASE("sniff: wevtutil text is sniffed", "[sniff]") {
  require_one_dhcp_event(test::read_all(wevtutil_text, "dump.xml"), Format::wevtutil_text);
  require_one_dhcp_event(test::read_all(utf16(wevtutil_text, true, true), "dump.csv"), Format::wevtutil_text);
  // Re-indented and without the colon, as write-ups copy it.
  require_one_dhcp_event(test::read_all("  Event[0]\n  Source: DhcpServer\n  Date: 2001-03-14T02:15:03Z\n"
                                        "  Event ID: 1014\n",
                                        "notes.txt"),
                         Format::wevtutil_text);
}

TEST_CASE("sniff: Vista CSV and tab-delimited text are sniffed", "[sniff]") {
  require_one_dhcp_event(test::read_all(vista_csv, "export.txt"), Format::vista_csv);
  require_one_dhcp_event(test::read_all(vista_tab, "export.csv"), Format::vista_csv);
  require_one_dhcp_event(test::read_all(utf16(vista_tab, true, true), "export.xml"), Format::vista_csv);
  // Without a header (other UI languages): recognized by the first row.
  require_one_dhcp_event(test::read_all(vista_csv.substr(vista_csv.find('\n') + 1), "rows.txt"), Format::vista_csv);
  const auto tab = test::read_all(vista_tab);
  REQUIRE(tab.events.size() == 1);
  CHECK(tab.events[0].message == "The JET Database, Error: -510.");  // comma kept: tab is the delimiter
}

TEST_CASE("sniff: NT4 text is sniffed with its delimiter", "[sniff]") {
  const auto tab = test::read_all(nt4_tab, "System.csv");
  require_one_dhcp_event(tab, Format::nt4_text);
  CHECK(tab.events[0].message == "The JET, Error: -510.");
  CHECK(tab.events[0].computer == "DHCPSRV01");

  const auto comma = test::read_all(nt4_comma, "System.txt");
  require_one_dhcp_event(comma, Format::nt4_text);
  CHECK(comma.events[0].message == "The JET\tError: -510.");
  CHECK(comma.events[0].computer == "DHCPSRV01");

  const auto after_banner = test::read_all("Saved by Event Viewer\r\n" + nt4_comma, "x");
  REQUIRE(after_banner.opened);
  CHECK(after_banner.format == Format::nt4_text);
  CHECK(after_banner.events.size() == 1);
  CHECK(diag_codes(after_banner.diagnostics) == Codes{"W0211@1"});
  require_one_dhcp_event(test::read_all(utf16(nt4_tab, true, false), "x"), Format::nt4_text);
  require_one_dhcp_event(test::read_all("\xEF\xBB\xBF" + nt4_tab, "x"), Format::nt4_text);
}

TEST_CASE("sniff: format names", "[sniff]") {
  CHECK(format_name(Format::event_xml) == "event-xml");
  CHECK(format_name(Format::nt4_text) == "nt4-text");
  CHECK(format_name(Format::vista_csv) == "vista-csv");
  CHECK(format_name(Format::wevtutil_text) == "wevtutil-text");
  CHECK(format_name(Format::evtx) == "evtx");
  CHECK(format_name(Format::evt) == "evt");
  CHECK(format_name(Format::unknown) == "unknown");
}

TEST_CASE("sniff: plain prose is refused with E0402", "[sniff]") {
  const auto r =
      test::read_all("Dear support,\r\nthe DHCP server stopped leasing addresses, see below.\r\n", "mail.txt");
  CHECK_FALSE(r.opened);
  CHECK(r.events.empty());
  CHECK(diag_codes(r.diagnostics) == Codes{"E0402@0"});
  const Diagnostic& d = r.diagnostics.items()[0];
  CHECK(d.severity == Severity::error);
  CHECK(d.file == "mail.txt");
  CHECK(d.message.find("\"Dear support,\"") != std::string::npos);
}

TEST_CASE("sniff: other text formats and XML without events are refused with E0402", "[sniff]") {
  for (const std::string& text : {std::string("<?xml version=\"1.0\"?>\n<Events></Events>\n"),
                                  std::string("#TYPE System.Diagnostics.EventLogEntry\n\"EventID\",\"MachineName\"\n"),
                                  std::string("Microsoft DHCP is mentioned here, but no log follows\n"),
                                  std::string("\x01\x02\x03\x04\x05\x06\x07\x08\x09", 9)}) {
    CAPTURE(text);
    const auto r = test::read_all(text, "f");
    CHECK_FALSE(r.opened);
    CHECK(diag_codes(r.diagnostics) == Codes{"E0402@0"});
  }
}

TEST_CASE("sniff: binary .evtx and .evt logs are recognized by their magic, whatever the name", "[sniff]") {
  SECTION("evtx: ElfFile\\0") {
    DiagnosticList diagnostics;
    auto reader = open_reader(open_memory_source(std::string("ElfFile\0\0\0\0\0\0\0\0\0", 16) + std::string(4096, '\x01')),
                              ReaderOptions{"System.xml", 0}, diagnostics);
    REQUIRE(reader != nullptr);
    CHECK(reader->format() == Format::evtx);
  }
  SECTION("evt: LfLe at bytes 4..7") {
    DiagnosticList diagnostics;
    auto reader = open_reader(
        open_memory_source(std::string("\x30\0\0\0LfLe\x01\0\0\0\x01\0\0\0", 16) + std::string(100, '\0')),
        ReaderOptions{"SysEvent.txt", 0}, diagnostics);
    REQUIRE(reader != nullptr);
    CHECK(reader->format() == Format::evt);
  }
  SECTION("LfLe elsewhere is not an .evt") {
    const auto r = test::read_all("LfLe is just a word\n", "x");
    CHECK_FALSE(r.opened);
    CHECK(diag_codes(r.diagnostics) == Codes{"E0402@0"});
  }
}

TEST_CASE("sniff: an empty export opens and yields no events", "[sniff]") {
  for (const std::string& text : {std::string(), std::string("\r\n\r\n  \n"), std::string("\xEF\xBB\xBF"),
                                  std::string("\xFF\xFE"), utf16("\r\n", true, true)}) {
    CAPTURE(text);
    const auto r = test::read_all(text, "empty.txt");
    CHECK(r.opened);
    CHECK(r.events.empty());
    CHECK(r.skipped == 0);
    CHECK(r.diagnostics.items().empty());
  }
}

TEST_CASE("sniff: sniffing looks past the first line to the first record", "[sniff]") {
  // A banner and blank lines before the wevtutil records.
  const auto r = test::read_all("\r\n\r\nC:\\> wevtutil qe System /f:text /c:1\r\n" + wevtutil_text, "x");
  REQUIRE(r.opened);
  CHECK(r.format == Format::wevtutil_text);
  REQUIRE(r.events.size() == 1);
  CHECK(r.events[0].origin.line == 4);
  CHECK(diag_codes(r.diagnostics) == Codes{"W0231@3"});  // the banner line, reported once
}

TEST_CASE("sniff: origin.file comes from the reader options", "[sniff]") {
  DiagnosticList diags;
  auto reader = open_reader(open_memory_source(nt4_tab), ReaderOptions{"a.txt", 42}, diags);
  REQUIRE(reader);
  Event e;
  REQUIRE(reader->next(e));
  CHECK(e.origin.file == 42);
  CHECK(e.origin.line == 1);
  CHECK_FALSE(reader->next(e));
  CHECK(reader->events() == 1);
}
