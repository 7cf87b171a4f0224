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
  CHECK(codes == Strings{"0xc0000005", "0x77f6b4e2"});
  // "at" alone is too short a word to be worth testing.
  CHECK(fragments == Strings{"The application, exe\\rpcss.dbg, generated an application error"});
}
