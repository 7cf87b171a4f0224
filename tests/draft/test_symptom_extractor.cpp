// Events quoted in made-up articles, in the ways KB articles quote them: labelled blocks (one
// label per line or several per line, Windows 2000 "Event Type:" properties), the flattened
// text, and event IDs named in prose only.
#include <catch2/catch.hpp>

#include "draft/article.h"
#include "draft/symptom_extractor.h"

using namespace kbmatch::draft;

namespace {

std::vector<QuotedEvent> events_of(const std::string& symptoms) {
  const std::string text = "DOCUMENT:Q999002  14-MAR-2002  [winnt]\nTITLE   :Widget Errors\n\nSYMPTOMS\n========\n\n" +
                           symptoms + "\nCAUSE\n=====\n\nA cause.\n";
  std::string error;
  const auto a = parse_article(text, error);
  REQUIRE(a);
  return extract_events(*a);
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("symptoms: a labelled block with a wrapped description and data", "[draft][symptoms]") {
  const auto e = events_of(
      "The Widget service stops, and the following event is logged in the System log:\n"
      "\n"
      "   Event ID: 7031\n"
      "   Source: Widget\n"
      "   Type: Error\n"
      "   Description: The Widget service terminated unexpectedly. It has done\n"
      "   this 3 time(s). Error - 1032\n"
      "   Data : 02 fe ff ff\n"
      "\n"
      "Users cannot connect.\n");
  REQUIRE(e.size() == 1);
  CHECK(e[0].event_id == 7031);
  CHECK(e[0].source == "Widget");
  CHECK(e[0].level == "error");
  CHECK(e[0].log == "System");
  CHECK(e[0].description == "The Widget service terminated unexpectedly. It has done this 3 time(s). Error - 1032");
  CHECK(e[0].text == Strings{"The Widget service terminated unexpectedly. It has done this", "time(s). Error"});
  CHECK(e[0].codes == Strings{"-1032"});
  CHECK(e[0].data_hex == "02feffff");
  CHECK_FALSE(e[0].passing);
  CHECK(e[0].section == "symptoms");
  CHECK(e[0].where.line == 9);
  CHECK(e[0].where.column == 4);
}

TEST_CASE("symptoms: several labels on a line, several blocks, properties style", "[draft][symptoms]") {
  const auto e = events_of(
      "   Event ID: 2510, Source: Server, Type: Error\n"
      "   Description: The server service was unable to map error code 1909.\n"
      "\n"
      "In the Application event log:\n"
      "\n"
      "   Event Type: Warning\n"
      "   Event Source: Perflib\n"
      "   Event Category: None\n"
      "   Event ID: 1008\n"
      "   Description:\n"
      "   The Open Procedure for service \"Widget\" in DLL \"C:\\WINNT\\widget.dll\" failed.\n"
      "\n"
      "   Event ID: 501\n"
      "   Source: DNS\n"
      "   DNS Server zone <zone name> has a missing or corrupt zone type in registry.\n");
  REQUIRE(e.size() == 3);
  CHECK(e[0].event_id == 2510);
  CHECK(e[0].source == "Server");
  CHECK(e[0].level == "error");
  CHECK(e[0].log.empty());
  CHECK(e[0].codes == Strings{"1909"});
  CHECK(e[0].text == Strings{"The server service was unable to map error code"});
  CHECK(e[1].event_id == 1008);
  CHECK(e[1].source == "Perflib");
  CHECK(e[1].level == "warning");
  CHECK(e[1].log == "Application");
  CHECK(e[1].text == Strings{"The Open Procedure for service", "in DLL", "failed."});
  CHECK(e[2].event_id == 501);
  CHECK(e[2].source == "DNS");
  CHECK(e[2].text == Strings{"DNS Server zone", "has a missing or corrupt zone type in registry."});
}

TEST_CASE("symptoms: the flattened text, colons missing, logs named by headings", "[draft][symptoms]") {
  const std::string flat =
      "DOCUMENT:Q999003 14-MAR-2002 [winnt] TITLE :Widget Database Errors PRODUCT :Microsoft Windows NT "
      "PROD/VER:winnt:4.0 OPER/SYS: KEYWORDS:kbbug ================================================= "
      "SYMPTOMS ======== The following errors are logged: System Log ---------- Event ID 1014 Source Widget "
      "Server Description : The database returned the following Error : -510 Data : 02 fe ff ff "
      "Application Log --------------- Event ID 30 Source JET Description : Unable to create log. "
      "CAUSE ===== A cause.";
  std::string error;
  const auto a = parse_article(flat, error);
  REQUIRE(a);
  const auto e = extract_events(*a);
  REQUIRE(e.size() == 2);
  CHECK(e[0].event_id == 1014);
  CHECK(e[0].source == "Widget Server");
  CHECK(e[0].log == "System");
  CHECK(e[0].text == Strings{"The database returned the following Error :"});
  CHECK(e[0].codes == Strings{"-510"});
  CHECK(e[0].data_hex == "02feffff");
  CHECK(e[0].where.line == 1);
  CHECK(flat.substr(e[0].where.column - 1, 8) == "Event ID");
  CHECK(e[1].event_id == 30);
  CHECK(e[1].source == "JET");
  CHECK(e[1].log == "Application");
  CHECK(e[1].text == Strings{"Unable to create log."});
}

TEST_CASE("symptoms: event IDs named in prose are mentions in passing", "[draft][symptoms]") {
  const auto e = events_of(
      "WINS will generate Event ID 4183 in the Event Viewer, and Event ID 7031 too.\n"
      "\n"
      "   Event ID: 7031\n"
      "   Source: Service Control Manager\n");
  REQUIRE(e.size() == 2);
  CHECK(e[0].event_id == 4183);
  CHECK(e[0].passing);
  CHECK(e[0].source.empty());
  CHECK(e[1].event_id == 7031);  // quoted in full below: not also a mention
  CHECK_FALSE(e[1].passing);
}

TEST_CASE("symptoms: descriptions split around what varies per machine", "[draft][symptoms]") {
  Strings fragments, codes;
  split_description("Connection <connection name> using Link Service <link service name> failed Qualifier = X'002E'",
                    fragments, codes);
  CHECK(fragments == Strings{"Connection", "using Link Service", "failed Qualifier = X"});
  split_description("The application, exe\\rpcss.dbg, generated an application error 0xc0000005 at 77f6b4e2 (%1)",
                    fragments, codes);
  // 77f6b4e2 follows "at": an address, which varies, not a code.
  CHECK(codes == Strings{"0xc0000005"});
  // "at" alone is too short a word to be worth testing.
  CHECK(fragments == Strings{"The application, exe\\rpcss.dbg, generated an application error"});
}

TEST_CASE("symptoms: placeholders, ESE instances and X.400 names vary, and %1 and addresses are no codes", "[draft][symptoms]") {
  Strings fragments, codes;
  split_description("Cluster Server suffered an unexpected fatal error at line ### of source module. The error code was ####.",
                    fragments, codes);
  CHECK(fragments == Strings{"Cluster Server suffered an unexpected fatal error at line", "of source module. The error code was"});
  CHECK(codes.empty());
  split_description("The user %Name% has connected and failed to authenticate on port %Name%.", fragments, codes);
  CHECK(fragments == Strings{"The user", "has connected and failed to authenticate on port"});
  split_description("\\Device\\CdmRedirector X (where X is the client session number)", fragments, codes);
  CHECK(fragments == Strings{"\\Device\\CdmRedirector"});
  split_description("MSExchangeIS ((451)) -1019", fragments, codes);
  CHECK(fragments == Strings{"MSExchangeIS"});
  CHECK(codes == Strings{"-1019"});
  split_description("Could not open mail with name /o=ORG/ou=SITE/cn=Servers/cn=SERVER but received error 1 (4119191402-546568656)",
                    fragments, codes);
  CHECK(fragments == Strings{"Could not open mail with name", "but received error"});
  CHECK(codes == Strings{"1"});
  split_description("Error code %1. Exception address: 0x4496c2", fragments, codes);
  CHECK(codes.empty());
}

TEST_CASE("symptoms: a sentence that names the ID, then the quoted description", "[draft][symptoms]") {
  const auto events = events_of(
      "The following Event ID 7000 with Service Control Manager as the source is logged\n"
      "in the System log:\n\n"
      "   The Exchange System Attendant service failed to start due to the\n"
      "   following error: The service did not start due to a logon failure.\n\n"
      "The agent generates the following Event ID 3007\n"
      "error:\n\n"
      "   Error opening event log file Security. Log will not be processed.\n\n"
      "Event ID=4003 The following error occurred while trying to retrieve protocol\n"
      "information.\n\n"
      "Event ID 1014 is logged. It is harmless.\n"
      "Restart the computer.\n");
  REQUIRE(events.size() == 4);
  CHECK(events[0].event_id == 7000);
  CHECK(events[0].source == "Service Control Manager");
  CHECK(events[0].log == "System");
  CHECK(events[0].description ==
        "The Exchange System Attendant service failed to start due to the following error: The service did not start "
        "due to a logon failure.");
  CHECK_FALSE(events[0].passing);
  CHECK(events[1].event_id == 3007);
  CHECK(events[1].level == "error");
  CHECK(events[1].log == "System");  // named on a line of its own above: it holds for what follows
  CHECK(events[1].description == "Error opening event log file Security. Log will not be processed.");
  CHECK(events[2].event_id == 4003);
  CHECK(events[2].description == "The following error occurred while trying to retrieve protocol information.");
  // A sentence that quotes nothing: a mention in passing, the prose after it no description.
  CHECK(events[3].event_id == 1014);
  CHECK(events[3].passing);
  CHECK(events[3].description.empty());
}

TEST_CASE("symptoms: label variants, a source before the ID, logs in any case or wrapped", "[draft][symptoms]") {
  const auto events = events_of(
      "In the application event log:\n\n"
      "   Event id: 4024 Source: MacPrint Type: Error\n"
      "   The printer <printer name> could not be registered.\n\n"
      "   MSExchangeMTA Event ID: 37\n"
      "   Description: The entity is busy.\n\n"
      "The following appears in the Application event\n"
      "log:\n\n"
      "   Event ID: 9\n   Source: Widget\n   Description: Widget down.\n\n"
      "   Event ID: 12053 or 12054 Session from user \"USERNAME\" was timed out.\n");
  REQUIRE(events.size() == 5);
  CHECK(events[0].event_id == 4024);
  CHECK(events[0].source == "MacPrint");
  CHECK(events[0].log == "Application");
  CHECK(events[0].text == Strings{"The printer", "could not be registered."});
  CHECK(events[1].source == "MSExchangeMTA");
  CHECK(events[1].event_id == 37);
  CHECK(events[2].log == "Application");
  // Alternative IDs for one description: an event each.
  CHECK(events[3].event_id == 12053);
  CHECK(events[4].event_id == 12054);
  CHECK(events[4].text == Strings{"Session from user", "was timed out."});
  CHECK_FALSE(events[4].passing);
}

TEST_CASE("symptoms: a description over a blank line, a data dump in words", "[draft][symptoms]") {
  const auto events = events_of(
      "   Event ID: 603\n   Source: SnaBase\n"
      "   Description: The session terminated abnormally because:\n\n"
      "   TN3270E Service Error 503\n\n"
      "   Data:\n"
      "   0000: 00040000 c00010e0\n"
      "   0010: 0168fc82\n\n"
      "Restart the service.\n");
  REQUIRE(events.size() == 1);
  CHECK(events[0].description == "The session terminated abnormally because: TN3270E Service Error 503");
  CHECK(events[0].data_hex == "00000400e01000c082fc6801");
}

TEST_CASE("symptoms: stacked property blocks keep their own levels, with -or- and blank lines between labels", "[draft][symptoms]") {
  const auto events = events_of(
      "   Event Type: Warning\n   Event Source: MSExchangeMTA\n   Event ID: 290\n   Description:\n"
      "   A non-delivery report is being generated.\n\n"
      "   Event Type: Information\n   Event Source: MSExchangeIS Private\n   Event ID: 2025\n   Description:\n"
      "   The delivery of a message failed.\n\n"
      "   -or-\n\n"
      "   Event ID: 7023\n\n      Source: Service Control Manager\n      Type: Error\n\n"
      "      The Server service terminated.\n\n"
      "   EVENT ID: 101\n   Source: SNA Server, Bad in use count.\n\n"
      "   Source MSFTPSVC Event ID 8: FTP Server could not create a client worker\n   Thread for user closed.\n\n"
      "The store stops, and an event ID 1220 may be logged in the application event log. The\n"
      "description of the event is as follows:\n\n"
      "   Internal server error.\n\n"
      "An application event is logged. The following event ID 156 with MSExchangeIS cited as the\n"
      "source is logged:\n\n   Database needs a full backup.\n");
  REQUIRE(events.size() == 7);
  CHECK(events[0].level == "warning");
  CHECK(events[0].description == "A non-delivery report is being generated.");
  CHECK(events[1].level == "information");
  CHECK(events[1].description == "The delivery of a message failed.");
  CHECK(events[2].event_id == 7023);
  CHECK(events[2].source == "Service Control Manager");
  CHECK(events[2].description == "The Server service terminated.");
  CHECK(events[3].event_id == 101);
  CHECK(events[3].source == "SNA Server");
  CHECK(events[3].description == "Bad in use count.");
  CHECK(events[4].event_id == 8);
  CHECK(events[4].source == "MSFTPSVC");
  CHECK(events[4].description == "FTP Server could not create a client worker Thread for user closed.");
  CHECK(events[5].event_id == 1220);
  CHECK(events[5].log == "Application");
  CHECK(events[5].description == "Internal server error.");
  CHECK_FALSE(events[5].passing);
  CHECK(events[6].event_id == 156);
  CHECK(events[6].log == "Application");  // "an application event is logged" above
  CHECK(events[6].source == "MSExchangeIS");
  CHECK(events[6].description == "Database needs a full backup.");
}

TEST_CASE("symptoms: a description quoted whole is its text", "[draft][symptoms]") {
  Strings fragments, codes;
  split_description("\"Error -1911 has occurred. Internal ID 2030148\"", fragments, codes);
  CHECK(fragments == Strings{"Error", "has occurred. Internal ID"});
  CHECK(codes == Strings{"-1911"});
  // "The error occurred on" is the description's own text, not the article's prose after it.
  const auto events = events_of("   Event ID: 4097\n   Source: DrWatson\n"
                                "   Description: The application, a.exe, generated an application\n"
                                "   error. The error occurred on 4/10/1996.\n");
  REQUIRE(events.size() == 1);
  CHECK(events[0].description == "The application, a.exe, generated an application error. The error occurred on 4/10/1996.");
}

TEST_CASE("symptoms: a header repeated over its property block, labels in capitals, a sentence before a block", "[draft][symptoms]") {
  const auto events = events_of(
      "   Event ID 8072\n   Event Type: Error\n   Event Source: MSExchangeMig\n   Event ID: 8072\n"
      "   Description: Unexpected MAPI error.\n\n"
      "   EventID 145\n   SOURCE: ESE97\n   TYPE: ERROR\n   The database engine could not access the file.\n\n"
      "Multiple instances of Event ID 2000 may be logged, with this error message:\n\n"
      "   Event ID: 2000\n   Source: Srv\n   Description: The server's call failed.\n\n"
      "   0000: 00040000 c00007d0\n\n"
      "These messages may be logged after the event ID 1171 message:\n\n"
      "   Event Type: Information\n   Event Source: MSExchangeDS\n   Event ID: 1082\n   Description:\n"
      "   Replication warning.\n");
  REQUIRE(events.size() == 5);
  CHECK(events[0].event_id == 8072);
  CHECK(events[0].source == "MSExchangeMig");
  CHECK(events[0].description == "Unexpected MAPI error.");
  CHECK(events[1].event_id == 145);
  CHECK(events[1].source == "ESE97");
  CHECK(events[1].level == "error");
  // The sentence's mention of 2000 gives way to the block quoting it.
  CHECK(events[2].event_id == 2000);
  CHECK(events[2].source == "Srv");
  CHECK(events[2].description == "The server's call failed.");
  CHECK(events[2].data_hex == "00000400d00700c0");
  CHECK_FALSE(events[2].passing);
  CHECK(events[3].event_id == 1171);
  CHECK(events[3].passing);
  CHECK(events[3].source.empty());
  CHECK(events[4].event_id == 1082);
  CHECK(events[4].source == "MSExchangeDS");
  CHECK(events[4].level == "information");
}
