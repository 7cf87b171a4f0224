// Event XML reader: wevtutil /f:xml and /f:RenderedXml streams, Event Viewer "Save As XML",
// evtxexport and python-evtx output; damaged events skipped alone, with their line.
#include <catch2/catch.hpp>

#include <algorithm>

#include "read_helpers.h"
#include "support.h"

using namespace kbmatch;
using readtest::diag_codes;
using readtest::ids;
using readtest::lines;
using readtest::micros_of;
using Codes = std::vector<std::string>;

namespace {

readtest::Run read_xml(const std::string& bytes) {
  return readtest::run_reader(bytes, [](std::unique_ptr<detail::TextInput> in, const ReaderOptions& o) {
    return detail::make_xml_reader(std::move(in), {}, o);
  });
}

// Number of "<Event" start tags (followed by a space or '>') in `text`.
std::size_t event_starts(const std::string& text) {
  std::size_t n = 0;
  for (std::size_t p = text.find("<Event"); p != std::string::npos; p = text.find("<Event", p + 1)) {
    if (p + 6 < text.size() && (text[p + 6] == ' ' || text[p + 6] == '>')) ++n;
  }
  return n;
}

const std::string ns = "xmlns='http://schemas.microsoft.com/win/2004/08/events/event'";

// A wevtutil /f:xml event (one line, single quotes).
std::string a1_event(int id, int record, const std::string& data = "<Data>-510</Data>") {
  return "<Event " + ns + "><System><Provider Name='DhcpServer'/><EventID Qualifiers='49152'>" + std::to_string(id) +
         "</EventID><Level>2</Level><Task>0</Task><Keywords>0x80000000000000</Keywords>"
         "<TimeCreated SystemTime='2001-03-14T07:15:03.6509771Z'/><EventRecordID>" +
         std::to_string(record) +
         "</EventRecordID><Channel>System</Channel><Computer>DHCPSRV01</Computer><Security/></System>"
         "<EventData>" +
         data + "<Binary>02FEFFFF</Binary></EventData></Event>";
}

// A minimal event: provider and event ID only.
std::string tiny(int id) {
  return "<Event " + ns + "><System><Provider Name='P'/><EventID>" + std::to_string(id) + "</EventID></System></Event>";
}

}  // namespace

TEST_CASE("xml: wevtutil /f:xml: concatenated events on CRLF-separated lines", "[xml]") {
  const std::string text = a1_event(1014, 4211) + "\r\n" + a1_event(1016, 4212, "<Data>x</Data>") + "\r\n";
  const auto r = read_xml(text);
  CHECK(r.format == Format::event_xml);
  REQUIRE(r.events.size() == 2);
  CHECK(r.counted == 2);
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());

  const Event& e = r.events[0];
  CHECK(e.source == "DhcpServer");
  CHECK(e.event_id == 1014);
  CHECK(e.qualifiers == 49152);
  CHECK(e.has_event_id);
  CHECK(e.level == Level::error);
  CHECK(e.category == "0");
  CHECK(e.time.zone == Timestamp::Zone::utc);
  CHECK(e.time.micros == micros_of(2001, 3, 14, 7, 15, 3, 650977));
  CHECK(e.record == 4211);
  CHECK(e.has_record);
  CHECK(e.log == "System");
  CHECK(e.computer == "DHCPSRV01");
  CHECK(e.user.empty());
  CHECK(e.strings == std::vector<std::string>{"-510"});
  CHECK(e.string_names == std::vector<std::string>{""});
  CHECK(e.data == std::string("\x02\xFE\xFF\xFF"));
  CHECK(e.message.empty());
  CHECK(e.origin.file == readtest::test_file_index);
  CHECK(e.origin.line == 1);
  CHECK(e.origin.offset == 0);

  CHECK(r.events[1].event_id == 1016);
  CHECK(r.events[1].record == 4212);
  CHECK(r.events[1].strings == std::vector<std::string>{"x"});
  CHECK(r.events[1].origin.line == 2);
  CHECK(r.events[1].origin.offset == a1_event(1014, 4211).size() + 2);
}

TEST_CASE("xml: wevtutil /f:xml: events with nothing between them", "[xml]") {
  const std::string text = tiny(1) + tiny(2) + tiny(3);
  const auto r = read_xml(text);
  CHECK(ids(r) == std::vector<std::uint32_t>{1, 2, 3});
  CHECK(lines(r) == std::vector<std::uint64_t>{1, 1, 1});
  REQUIRE(r.events.size() == 3);
  CHECK(r.events[1].origin.offset == tiny(1).size());
  CHECK(r.events[2].origin.offset == tiny(1).size() * 2);
  CHECK(r.events[0].source == "P");
  CHECK(r.events[0].level == Level::unknown);  // no <Level>, no qualifiers
  CHECK_FALSE(r.events[0].time.known());
  CHECK_FALSE(r.events[0].has_record);
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("xml: wevtutil /f:RenderedXml: message, and RenderingInfo's level word when <Level> is missing", "[xml]") {
  const std::string text =
      "<Event " + ns +
      "><System><Provider Name='Microsoft-Windows-DNS-Server-Service'/><EventID>4013</EventID>"
      "<TimeCreated SystemTime='2014-07-10T23:37:57.000Z'/><Channel></Channel><Computer>dc1.example.com</Computer>"
      "</System><EventData Name='DNS_EVENT_DS_OPEN_WAIT'></EventData>"
      "<RenderingInfo Culture='fr-FR'><Message>Le serveur DNS attend\r\n\tles services AD.</Message>"
      "<Level>Avertissement</Level><Task></Task><Opcode>Informations</Opcode><Channel>DNS Server</Channel>"
      "<Provider>Microsoft-Windows-DNS-Server-Service</Provider><Keywords></Keywords></RenderingInfo></Event>\r\n"
      "<Event " +
      ns +
      "><System><Provider Name='Microsoft-Windows-Security-Auditing'/><EventID>4672</EventID><Level>0</Level>"
      "<Task>12548</Task><Channel>Security</Channel><Computer>WS1</Computer></System>"
      "<EventData><Data Name='SubjectUserName'>SYSTEM</Data></EventData>"
      "<RenderingInfo Culture='en-US'><Message>Special privileges assigned to new logon.</Message>"
      "<Level>Information</Level><Task>Special Logon</Task><Channel>Security</Channel></RenderingInfo></Event>\r\n";
  const auto r = read_xml(text);
  REQUIRE(r.events.size() == 2);
  CHECK(r.diagnostics.items().empty());

  const Event& dns = r.events[0];
  CHECK(dns.event_id == 4013);
  CHECK(dns.level == Level::warning);  // from <RenderingInfo><Level>
  CHECK(dns.message == "Le serveur DNS attend\n\tles services AD.");
  CHECK(dns.log == "DNS Server");  // System's Channel is empty
  CHECK(dns.category.empty());     // both Task elements empty
  CHECK(dns.strings.empty());
  CHECK(dns.time.micros == micros_of(2014, 7, 10, 23, 37, 57));

  const Event& audit = r.events[1];
  CHECK(audit.level == Level::information);  // <Level>0</Level> wins over the word
  CHECK(audit.category == "Special Logon");  // the rendered task name replaces the number
  CHECK(audit.log == "Security");
  CHECK(audit.message == "Special privileges assigned to new logon.");
  CHECK(audit.strings == std::vector<std::string>{"SYSTEM"});
  CHECK(audit.string_names == std::vector<std::string>{"SubjectUserName"});
}

TEST_CASE("xml: Event Viewer Save As XML: declaration and an <Events> root", "[xml]") {
  const std::string text = "<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>\r\n<Events>" + tiny(10) +
                           "\r\n" + tiny(11) + "\r\n" + tiny(12) + "</Events>";
  const auto r = read_xml(text);
  CHECK(ids(r) == std::vector<std::uint32_t>{10, 11, 12});
  CHECK(lines(r) == std::vector<std::uint64_t>{2, 3, 4});
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("xml: evtxexport: banner line, pretty-printed double-quoted events, 9 fraction digits", "[xml]") {
  const std::string event =
      "<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\">\n"
      "  <System>\n"
      "    <Provider Name=\"Microsoft-Windows-Security-Auditing\" Guid=\"{54849625-5478-4994-A5BA-3E3B0328C30D}\"/>\n"
      "    <EventID>4672</EventID>\n"
      "    <Level>0</Level>\n"
      "    <TimeCreated SystemTime=\"2019-02-13T18:01:41.593830000Z\"/>\n"
      "    <EventRecordID>227693</EventRecordID>\n"
      "    <Correlation/>\n"
      "    <Channel>Security</Channel>\n"
      "    <Computer>WIN-77LTAPHIQ1R.example.corp</Computer>\n"
      "    <Security UserID=\"S-1-5-18\"/>\n"
      "  </System>\n"
      "  <EventData>\n"
      "    <Data Name=\"SubjectUserSid\">S-1-5-18</Data>\n"
      "    <Data Name=\"PrivilegeList\">SeSecurityPrivilege\n\t\t\tSeBackupPrivilege</Data>\n"
      "  </EventData>\n"
      "</Event>\n";  // 18 lines
  const std::string text = "evtxexport 20181227\n\n" + event + "\n" + event;
  const auto r = read_xml(text);
  REQUIRE(r.events.size() == 2);
  CHECK(lines(r) == std::vector<std::uint64_t>{3, 22});
  CHECK(r.events[0].origin.offset == 21);
  const Event& e = r.events[0];
  CHECK(e.source == "Microsoft-Windows-Security-Auditing");
  CHECK(e.event_id == 4672);
  CHECK(e.qualifiers == 0);
  CHECK(e.level == Level::information);
  CHECK(e.time.zone == Timestamp::Zone::utc);
  CHECK(e.time.micros == micros_of(2019, 2, 13, 18, 1, 41, 593830));
  CHECK(e.record == 227693);
  CHECK(e.user == "S-1-5-18");
  CHECK(e.computer == "WIN-77LTAPHIQ1R.example.corp");
  CHECK(e.string_names == std::vector<std::string>{"SubjectUserSid", "PrivilegeList"});
  CHECK(e.strings == std::vector<std::string>{"S-1-5-18", "SeSecurityPrivilege\n\t\t\tSeBackupPrivilege"});
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("xml: comments before the first event are skipped, even when they contain <Event>", "[xml]") {
  const std::string text = "<!-- source: a.evtx, first <Event> below -->\n<!-- <Event xmlns='x'> -->\n" + tiny(5) +
                           "\n<!-- source: b.evtx -->\n" + tiny(6) + "\n";
  const auto r = read_xml(text);
  CHECK(ids(r) == std::vector<std::uint32_t>{5, 6});
  CHECK(lines(r) == std::vector<std::uint64_t>{3, 5});
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("xml: named, unnamed and empty <Data> keep their order", "[xml]") {
  const std::string text = "<Event " + ns +
                           "><System><Provider Name='MSSQLSERVER'/><EventID>17055</EventID></System><EventData>"
                           "<Data>first</Data><Data/><Data></Data><Data Name='Port'>1433</Data>"
                           "<Data Name='Empty'/><Data> spaced </Data><Data>a &amp; &lt;b&gt;</Data>"
                           "</EventData></Event>";
  const auto r = read_xml(text);
  REQUIRE(r.events.size() == 1);
  CHECK(r.events[0].strings == std::vector<std::string>{"first", "", "", "1433", "", " spaced ", "a & <b>"});
  CHECK(r.events[0].string_names == std::vector<std::string>{"", "", "", "Port", "Empty", "", ""});
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("xml: <Binary> as uppercase hex (wevtutil) and as base64 (python-evtx)", "[xml]") {
  auto with_binary = [](const std::string& binary) {
    return "<Event " + ns + "><System><Provider Name='P'/><EventID>1</EventID></System><EventData><Data>d</Data>" +
           binary + "</EventData></Event>\n";
  };
  const auto r = read_xml(with_binary("<Binary>5700650072005300760063002F0034000000</Binary>") +
                          with_binary("<Binary>Av7//w==</Binary>") + with_binary("<Binary></Binary>") +
                          with_binary("<Binary>LU4AAA==\n</Binary>") + with_binary("<Binary>not*binary!</Binary>"));
  REQUIRE(r.events.size() == 5);
  CHECK(r.events[0].data == std::string("W\0e\0r\0S\0v\0c\0/\0"
                                        "4\0\0\0",
                                        18));
  CHECK(r.events[1].data == std::string("\x02\xFE\xFF\xFF"));
  CHECK(r.events[2].data.empty());
  CHECK(r.events[3].data == std::string("\x2D\x4E\x00\x00", 4));
  CHECK(r.events[4].data.empty());
  CHECK(r.events[4].strings == std::vector<std::string>{"d"});  // the event itself is kept
  CHECK(diag_codes(r.diagnostics) == Codes{"W0201@6"});         // the 4th event spans two lines
  CHECK(r.diagnostics.items()[0].severity == Severity::warning);
  CHECK(r.skipped == 0);
}

TEST_CASE("xml: <EventID Qualifiers> gives the severity when <Level> is absent", "[xml]") {
  auto classic = [](const std::string& qualifiers, int id) {
    return "<Event " + ns + "><System><Provider Name='DhcpServer'/><EventID Qualifiers='" + qualifiers + "'>" +
           std::to_string(id) + "</EventID><TimeCreated SystemTime='2001-03-14T07:15:03.000Z'/></System></Event>\n";
  };
  const auto r = read_xml(classic("49152", 1014) + classic("32768", 1016) + classic("16384", 7036) + classic("0", 1) +
                          classic("", 2));
  REQUIRE(r.events.size() == 5);
  CHECK(r.events[0].event_id == 1014);
  CHECK(r.events[0].qualifiers == 49152);
  CHECK(r.events[0].level == Level::error);
  CHECK(r.events[1].qualifiers == 32768);
  CHECK(r.events[1].level == Level::warning);
  CHECK(r.events[2].qualifiers == 16384);
  CHECK(r.events[2].level == Level::information);
  CHECK(r.events[3].qualifiers == 0);
  CHECK(r.events[3].level == Level::unknown);
  CHECK(r.events[4].qualifiers == 0);  // python-evtx writes Qualifiers=""
  CHECK(r.events[4].event_id == 2);
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("xml: a full 32-bit classic identifier in <EventID> is split into ID and qualifiers", "[xml]") {
  // 1073748864 = 0x40001B80: ID 7040, qualifiers 0x4000.
  const auto r = read_xml("<Event " + ns +
                          "><System><Provider Name='Service Control Manager'/>"
                          "<EventID>1073748864</EventID></System></Event>");
  REQUIRE(r.events.size() == 1);
  CHECK(r.events[0].event_id == 7040);
  CHECK(r.events[0].qualifiers == 0x4000);
  CHECK(r.events[0].level == Level::information);
}

TEST_CASE("xml: TimeCreated in every spelling is UTC", "[xml]") {
  auto timed = [](const std::string& when) {
    return "<Event " + ns + "><System><Provider Name='P'/><EventID>1</EventID><TimeCreated SystemTime='" + when +
           "'/></System></Event>\n";
  };
  const auto r = read_xml(timed("2026-10-08T19:30:43.6509771Z") +       // EvtRender, 7 digits
                          timed("2019-02-13T18:01:41.593830000Z") +     // evtxexport, 9 digits
                          timed("2019-02-13 18:01:41.593830") +         // python-evtx, no Z
                          timed("2019-11-26 23:55:00") +                // python-evtx, whole seconds
                          timed("2026-03-17T15:18:00.626223400-04:00")  // offset
  );
  REQUIRE(r.events.size() == 5);
  for (const auto& e : r.events) CHECK(e.time.zone == Timestamp::Zone::utc);
  CHECK(r.events[0].time.micros == micros_of(2026, 10, 8, 19, 30, 43, 650977));
  CHECK(r.events[1].time.micros == micros_of(2019, 2, 13, 18, 1, 41, 593830));
  CHECK(r.events[2].time.micros == micros_of(2019, 2, 13, 18, 1, 41, 593830));
  CHECK(r.events[3].time.micros == micros_of(2019, 11, 26, 23, 55, 0));
  CHECK(r.events[4].time.micros == micros_of(2026, 3, 17, 19, 18, 0, 626223));
  CHECK(format_timestamp(r.events[2].time) == "2019-02-13T18:01:41.593830Z");
}

TEST_CASE("xml: UserData leaves become named strings", "[xml]") {
  const std::string text =
      "<Event " + ns +
      "><System><Provider Name='Microsoft-Windows-Eventlog'/><EventID>104</EventID></System><UserData>"
      "<LogFileCleared xmlns:auto-ns3='http://schemas.microsoft.com/win/2004/08/events' "
      "xmlns='http://manifests.microsoft.com/win/2004/08/windows/eventlog'>"
      "<SubjectUserName>alice</SubjectUserName><SubjectDomainName>CORP</SubjectDomainName>"
      "<Channel>System</Channel><BackupPath/><Nested><Inner>deep</Inner></Nested></LogFileCleared></UserData></Event>";
  const auto r = read_xml(text);
  REQUIRE(r.events.size() == 1);
  CHECK(r.events[0].string_names ==
        std::vector<std::string>{"SubjectUserName", "SubjectDomainName", "Channel", "BackupPath", "Inner"});
  CHECK(r.events[0].strings == std::vector<std::string>{"alice", "CORP", "System", "", "deep"});
  CHECK(r.events[0].log.empty());  // UserData's <Channel> is not the event's channel
}

TEST_CASE("xml: raw control characters inside a value do not cost the event", "[xml]") {
  // evtxexport writes U+0002 / U+000F raw, which XML 1.0 forbids.
  const std::string text = "<Event " + ns +
                           "><System><Provider Name='Microsoft-Windows-Security-Auditing'/><EventID>4661</EventID>"
                           "</System><EventData><Data Name='PrivilegeList'>\x02\x0F-</Data><Data>ok</Data>"
                           "</EventData></Event>\n" +
                           tiny(2);
  const auto r = read_xml(text);
  CHECK(ids(r) == std::vector<std::uint32_t>{4661, 2});
  REQUIRE(r.events.size() == 2);
  CHECK(r.events[0].strings == std::vector<std::string>{"\xEF\xBF\xBD\xEF\xBF\xBD-", "ok"});
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("xml: UTF-16LE with BOM and CRLF, through the sniffer", "[xml]") {
  const std::string text = "<Events>\r\n<Event " + ns +
                           "><System><Provider Name='Caf\xC3\xA9'/><EventID>9</EventID></System><EventData>"
                           "<Data>line1\r\nline2 \xE2\x82\xAC</Data></EventData></Event>\r\n" +
                           tiny(10) + "\r\n</Events>\r\n";
  const auto r = test::read_all(readtest::utf16(text, true, true), "export.txt");
  REQUIRE(r.opened);
  CHECK(r.format == Format::event_xml);
  REQUIRE(r.events.size() == 2);
  CHECK(r.events[0].source == "Caf\xC3\xA9");
  CHECK(r.events[0].strings == std::vector<std::string>{"line1\nline2 \xE2\x82\xAC"});  // XML normalizes CRLF
  CHECK(r.events[0].origin.line == 2);
  CHECK(r.events[1].origin.line == 4);
  CHECK(r.events[1].event_id == 10);
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("xml: a malformed event in the middle is skipped with its line, its neighbours are read", "[xml]") {
  const std::string bad = "<Event " + ns +
                          ">\n<System><Provider Name='P'/><EventID>2</EventID></System>\n<EventData><Data>x</Dta>\n"
                          "</EventData>\n</Event>";
  const std::string text = tiny(1) + "\n" + bad + "\n" + tiny(3) + "\n";
  const auto r = read_xml(text);
  CHECK(ids(r) == std::vector<std::uint32_t>{1, 3});
  CHECK(lines(r) == std::vector<std::uint64_t>{1, 7});
  CHECK(r.skipped == 1);
  CHECK(r.counted == 2);
  CHECK(diag_codes(r.diagnostics) == Codes{"E0201@4"});  // the line of the mismatched end tag
  const Diagnostic& d = r.diagnostics.items()[0];
  CHECK(d.severity == Severity::error);
  CHECK(d.file == "in.txt");
  CHECK(d.message.find("malformed event XML") != std::string::npos);
}

TEST_CASE("xml: E0201 names the right line even after raw control characters", "[xml]") {
  const std::string bad = "<Event " + ns +
                          ">\n<System><Provider Name='P'/><EventID>2</EventID></System><EventData>\n"
                          "<Data>\x02\x02\x02\x02\x02\x02\x02\x02\x02\x02</Data><Data>x</Dta>\n"
                          "\n\n\n\n\n</EventData>\n</Event>";
  const auto r = read_xml(bad + "\n" + tiny(3));
  CHECK(ids(r) == std::vector<std::uint32_t>{3});
  CHECK(diag_codes(r.diagnostics) == Codes{"E0201@3"});
}

TEST_CASE("xml: a file truncated in the last event: E0202, earlier events kept", "[xml]") {
  const std::string text =
      "<Events>\n" + tiny(1) + "\n" + tiny(2) + "\n<Event " + ns + ">\n<System><Provider Name='P'/><EventID>3</Even";
  const auto r = read_xml(text);
  CHECK(ids(r) == std::vector<std::uint32_t>{1, 2});
  CHECK(r.skipped == 1);
  CHECK(diag_codes(r.diagnostics) == Codes{"E0202@4"});
  CHECK(r.diagnostics.items()[0].message.find("end of input") != std::string::npos);
}

TEST_CASE("xml: an event cut off by the start of the next one: E0202, the next one is read", "[xml]") {
  const std::string cut = "<Event " + ns + ">\n<System><Provider Name='P'/><EventID>2</EventID></Sys";
  const std::string text = tiny(1) + "\n" + cut + tiny(3) + "\n" + tiny(4) + "\n";
  const auto r = read_xml(text);
  CHECK(ids(r) == std::vector<std::uint32_t>{1, 3, 4});
  CHECK(lines(r) == std::vector<std::uint64_t>{1, 3, 4});
  CHECK(r.skipped == 1);
  CHECK(diag_codes(r.diagnostics) == Codes{"E0202@2"});
  CHECK(r.diagnostics.items()[0].message.find("next <Event>") != std::string::npos);
}

TEST_CASE("xml: an event without a valid EventID or System: E0204", "[xml]") {
  const std::string text = tiny(1) + "\n<Event " + ns + "><System><Provider Name='P'/></System></Event>\n" + "<Event " +
                           ns + "><System><Provider Name='P'/><EventID>abc</EventID></System></Event>\n" + "<Event " +
                           ns + "><EventData><Data>x</Data></EventData></Event>\n" + tiny(5) + "\n";
  const auto r = read_xml(text);
  CHECK(ids(r) == std::vector<std::uint32_t>{1, 5});
  CHECK(lines(r) == std::vector<std::uint64_t>{1, 5});
  CHECK(r.skipped == 3);
  CHECK(diag_codes(r.diagnostics) == Codes{"E0204@2", "E0204@3", "E0204@4"});
}

TEST_CASE("xml: accounting: events + skipped == <Event> start tags", "[xml]") {
  const std::string text = "evtxexport 20181227\n\n" + tiny(1) + "\n" +                              // good
                           "<Event " + ns + "><System><EventID>2</EventID></Sys></Event>\n" +        // malformed
                           tiny(3) + "\n" +                                                          // good
                           "<Event " + ns + "><System><Provider Name='P'/></System></Event>\n" +     // no EventID
                           "<Event " + ns + "><System><Provider Name='P'/><EventID>5</EventID>\n" +  // cut by next
                           tiny(6) + "\n" +                                                          // good
                           "<Event " + ns +
                           "><System><Provider Name='P'/><EventID>7</EventID></System>\n";  // truncated
  const auto r = read_xml(text);
  CHECK(ids(r) == std::vector<std::uint32_t>{1, 3, 6});
  CHECK(r.counted == 3);
  CHECK(r.skipped == 4);
  CHECK(r.counted + r.skipped == event_starts(text));
  CHECK(diag_codes(r.diagnostics) == Codes{"E0201@4", "E0204@6", "E0202@7", "E0202@9"});
}

TEST_CASE("xml: an empty or event-less input yields nothing", "[xml]") {
  CHECK(read_xml("").events.empty());
  const auto r = read_xml("<?xml version='1.0'?>\n<Events>\n</Events>\n");
  CHECK(r.events.empty());
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("xml: many events across read blocks keep their lines and offsets", "[xml]") {
  std::string text;
  std::vector<std::uint64_t> offsets;
  for (int i = 0; i < 6000; ++i) {
    offsets.push_back(text.size());
    text += a1_event(1000 + i % 100, i) + "\r\n";
  }
  REQUIRE(text.size() > 3 * detail::TextInput::block_size);
  const auto r = read_xml(text);
  REQUIRE(r.events.size() == 6000);
  CHECK(r.skipped == 0);
  bool all_ok = true;
  for (std::size_t i = 0; i < r.events.size(); ++i) {
    const Event& e = r.events[i];
    if (e.record != i || e.origin.line != i + 1 || e.origin.offset != offsets[i] || e.event_id != 1000 + i % 100 ||
        e.data != std::string("\x02\xFE\xFF\xFF")) {
      all_ok = false;
      FAIL_CHECK("event " << i << " differs: record " << e.record << " line " << e.origin.line);
      break;
    }
  }
  CHECK(all_ok);
}

TEST_CASE("xml: an event larger than 16 MiB is skipped with E0203, the next one is read", "[xml]") {
  std::string text =
      tiny(1) + "\n<Event " + ns + "><System><Provider Name='P'/><EventID>2</EventID></System><EventData><Data>";
  text.append(17u * 1024 * 1024, 'z');
  text += "</Data></EventData></Event>\n";
  const std::size_t third = text.size();
  text += tiny(3) + "\n";
  const auto r = read_xml(text);
  CHECK(ids(r) == std::vector<std::uint32_t>{1, 3});
  CHECK(lines(r) == std::vector<std::uint64_t>{1, 3});
  REQUIRE(r.events.size() == 2);
  CHECK(r.events[1].origin.offset == third);
  CHECK(r.skipped == 1);
  CHECK(diag_codes(r.diagnostics) == Codes{"E0203@2"});
}

TEST_CASE("xml: a comment never closed does not hold the rest of the file", "[xml]") {
  std::string text = tiny(1) + "\n<!-- never closed\n";
  const std::string filler = std::string(999, 'c') + "\n";
  while (text.size() < 17u * 1024 * 1024) text += filler;
  const auto newlines = static_cast<std::uint64_t>(std::count(text.begin(), text.end(), '\n'));
  text += tiny(2) + "\n";
  const auto r = read_xml(text);
  CHECK(ids(r) == std::vector<std::uint32_t>{1, 2});
  CHECK(lines(r) == std::vector<std::uint64_t>{1, newlines + 1});
  CHECK(r.skipped == 0);
  CHECK(diag_codes(r.diagnostics) == Codes{"W0202@2"});
}

TEST_CASE("xml: tags and comments split by the read blocks are still found", "[xml]") {
  // Decoded text arrives in blocks ending at 327680, 589824, ... (64 KiB head + 256 KiB blocks).
  // Put the second event's start tag, its end tag, a comment's end or a cutting start tag across
  // the first boundary, at every split position.
  constexpr std::size_t boundary = 64 * 1024 + detail::TextInput::block_size;
  const std::string two = tiny(2);
  auto padded_to = [](std::string text, std::size_t size) {
    // Whitespace between events is ignored; newlines keep lines short.
    while (text.size() < size) text += (text.size() % 100 == 0) ? '\n' : ' ';
    return text;
  };
  SECTION("start tag") {
    for (std::size_t k = 1; k < 18; ++k) {
      CAPTURE(k);
      const std::string text = padded_to(tiny(1), boundary - k) + two + "\n" + tiny(3);
      const auto r = read_xml(text);
      CHECK(ids(r) == std::vector<std::uint32_t>{1, 2, 3});
      CHECK(r.diagnostics.items().empty());
      REQUIRE(r.events.size() == 3);
      CHECK(r.events[1].origin.offset == boundary - k);
      const auto newlines = std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(boundary - k), '\n');
      CHECK(r.events[1].origin.line == static_cast<std::uint64_t>(newlines) + 1);
    }
  }
  SECTION("end tag") {
    for (std::size_t k = 1; k < 18; ++k) {
      CAPTURE(k);
      const std::string text = padded_to(tiny(1), boundary - k - (two.size() - 8)) + two + "\n" + tiny(3);
      const auto r = read_xml(text);
      CHECK(ids(r) == std::vector<std::uint32_t>{1, 2, 3});
      CHECK(r.diagnostics.items().empty());
    }
  }
  SECTION("comment end") {
    for (std::size_t k = 1; k < 18; ++k) {
      CAPTURE(k);
      const std::string text = padded_to(tiny(1) + "<!-- <Event> ", boundary - k) + "-->" + two + tiny(3);
      const auto r = read_xml(text);
      CHECK(ids(r) == std::vector<std::uint32_t>{1, 2, 3});
      CHECK(r.diagnostics.items().empty());
    }
  }
  SECTION("next start tag cutting an event") {
    const std::string cut = "<Event " + ns + "><System><EventID>9</EventID>";
    for (std::size_t k = 1; k < 18; ++k) {
      CAPTURE(k);
      const std::string text = padded_to(tiny(1) + cut, boundary - k) + two + tiny(3);
      const auto r = read_xml(text);
      CHECK(ids(r) == std::vector<std::uint32_t>{1, 2, 3});
      CHECK(diag_codes(r.diagnostics) == Codes{"E0202@1"});
      CHECK(r.skipped == 1);
    }
  }
}

TEST_CASE("xml: audit events take their level from Keywords, as the other exports show it", "[xml]") {
  auto audit = [](int id, const std::string& keywords) {
    return "<Event " + ns + "><System><Provider Name='Microsoft-Windows-Security-Auditing'/><EventID>" +
           std::to_string(id) + "</EventID><Level>0</Level><Keywords>" + keywords +
           "</Keywords><Channel>Security</Channel></System></Event>\n";
  };
  const auto r = read_xml(audit(4625, "0x8010000000000000") + audit(4624, "0x8020000000000000") +
                          audit(7036, "0x8080000000000000"));
  REQUIRE(r.events.size() == 3);
  CHECK(r.events[0].level == Level::audit_failure);
  CHECK(r.events[1].level == Level::audit_success);
  CHECK(r.events[2].level == Level::information);
}
