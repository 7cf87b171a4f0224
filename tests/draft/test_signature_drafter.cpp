// Draft signatures: the YAML a made-up article gives loads cleanly, holds what the article
// quotes (with the lines it came from), and stays at medium confidence at most; articles that
// only mention events get no draft.
#include <catch2/catch.hpp>

#include "draft/article.h"
#include "draft/signature_drafter.h"
#include "draft/symptom_extractor.h"
#include "kbmatch/signature.h"

using namespace kbmatch;
using namespace kbmatch::draft;

namespace {

Article article_of(const std::string& symptoms) {
  const std::string text = "DOCUMENT:Q999003  14-MAR-2002  [winnt]\nTITLE   :Widget \"Errors\"\n"
                           "-------------------------------------------------------------------------------\n"
                           "The information in this article applies to:\n\n - Microsoft Windows NT Server version 4.0\n"
                           "-------------------------------------------------------------------------------\n\n"
                           "SYMPTOMS\n========\n\n" + symptoms + "\nRESOLUTION\n==========\n\nRestart the widget.\n";
  std::string error;
  const auto a = parse_article(text, error);
  REQUIRE(a);
  return *a;
}

}  // namespace

TEST_CASE("draft: the YAML of quoted events loads as a draft signature", "[draft][drafter]") {
  const Article a = article_of(
      "   Event ID: 7031\n   Source: Widget\n   Type: Error\n"
      "   Description: The Widget service terminated unexpectedly. Error -1032\n   Data: 02 fe ff ff\n\n"
      "   Event ID: 7031\n   Source: Widget Helper\n   Description: The helper \"x\" stopped too.\n");
  const std::string yaml = draft_yaml(a, extract_events(a), "articles/Q999003.txt");
  INFO(yaml);
  SignatureSpec spec;
  DiagnosticList diagnostics;
  REQUIRE(load_signature(yaml, "drafted/Q999003.yaml", spec, diagnostics));
  CHECK(diagnostics.items().empty());
  CHECK(spec.article == "Q999003");
  CHECK(spec.title == "Widget \"Errors\"");
  CHECK(spec.status == "draft");
  REQUIRE(spec.symptoms.size() == 2);
  CHECK(spec.symptoms[0].id == "event_7031");
  CHECK(spec.symptoms[1].id == "event_7031_2");
  CHECK(spec.symptoms[0].event_id == 7031);
  CHECK(spec.symptoms[0].sources == std::vector<std::string>{"Widget"});
  // Every symptom cites the article line of its event ID.
  CHECK(yaml.find("# articles/Q999003.txt:12:4: Event ID: 7031") != std::string::npos);
  CHECK(yaml.find("- string: \"-1032\"") != std::string::npos);
  CHECK(yaml.find("- data_hex: 02 fe ff ff") != std::string::npos);
  // Never above medium.
  REQUIRE(spec.rules.size() == 2);
  CHECK(spec.rules[0].confidence == Confidence::medium);
  CHECK(spec.rules[1].confidence == Confidence::low);
}

TEST_CASE("draft: an article that only mentions events gets no draft, but its JSON lists them", "[draft][drafter]") {
  const Article a = article_of("The widget logs Event ID 7031 now and then.\n");
  const auto events = extract_events(a);
  CHECK(draft_yaml(a, events, "x").empty());
  const std::string json = draft_json(a, events);
  CHECK(json.find("\"event_id\":7031") != std::string::npos);
  CHECK(json.find("\"passing\":true") != std::string::npos);
}
