// Draft signatures: the YAML a made-up article gives loads cleanly, holds what the article
// quotes (with the lines it came from), and stays at medium confidence at most; articles that
// only mention events get no draft.
#include <catch2/catch.hpp>

#include "draft/article.h"
#include "draft/prose_facts.h"
#include "draft/signature_drafter.h"
#include "draft/symptom_extractor.h"
#include "kbmatch/signature.h"

using namespace kbmatch;
using namespace kbmatch::draft;

namespace {

Article article_of(const std::string& symptoms, const std::string& product = "Microsoft Windows NT Server version 4.0") {
  const std::string text = "DOCUMENT:Q999003  14-MAR-2002  [winnt]\nTITLE   :Widget \"Errors\"\n"
                           "-------------------------------------------------------------------------------\n"
                           "The information in this article applies to:\n\n - " + product + "\n"
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
  const std::string yaml = draft_yaml(a, extract_events(a), extract_prose_facts(a, extract_events(a)), "articles/Q999003.txt");
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
  // The description's fixed fragments are tested together, in order, white space as any run.
  CHECK(yaml.find(R"(- message: "(?s)The\\s+Widget\\s+service\\s+terminated\\s+unexpectedly\\.\\s+Error")") != std::string::npos);
  // The article's product gives the Windows version for product gating.
  REQUIRE(spec.applies_to);
  REQUIRE(spec.applies_to->systems.size() == 1);
  CHECK(spec.applies_to->systems[0].major == 4);
  CHECK(spec.applies_to->systems[0].minor == 0);
  CHECK(yaml.find("- data_hex: 02 fe ff ff") != std::string::npos);
  // Never above medium.
  REQUIRE(spec.rules.size() == 2);
  CHECK(spec.rules[0].confidence == Confidence::medium);
  CHECK(spec.rules[1].confidence == Confidence::low);
}

TEST_CASE("draft: an article that only mentions events gets no draft, but its JSON lists them", "[draft][drafter]") {
  const Article a = article_of("The widget logs Event ID 7031 now and then.\n");
  const auto events = extract_events(a);
  CHECK(draft_yaml(a, events, extract_prose_facts(a, extract_events(a)), "x").empty());
  const std::string json = draft_json(a, events, extract_prose_facts(a, extract_events(a)));
  CHECK(json.find("\"event_id\":7031") != std::string::npos);
  CHECK(json.find("\"passing\":true") != std::string::npos);
}

namespace {

SignatureSpec load_draft(const Article& a) {
  const std::string yaml = draft_yaml(a, extract_events(a), extract_prose_facts(a, extract_events(a)), "x.txt");
  INFO(yaml);
  SignatureSpec spec;
  DiagnosticList diagnostics;
  REQUIRE(load_signature(yaml, "drafted/Q999003.yaml", spec, diagnostics));
  return spec;
}

}  // namespace

TEST_CASE("draft: a crash the symptoms tell in prose becomes a crash symptom", "[draft][drafter]") {
  const Article a = article_of(
      "Rpcss.exe may generate an access violation (C0000005) in the RtlAllocateHeap\n"
      "function when activating an ATL DCOM EXE server. This happens every 15 minutes.\n");
  const ProseFacts facts = extract_prose_facts(a, extract_events(a));
  REQUIRE(facts.crashes.size() == 1);
  CHECK(facts.crashes[0].process == "Rpcss.exe");
  CHECK(facts.crashes[0].exception_code == "c0000005");
  CHECK(facts.crashes[0].function == "RtlAllocateHeap");
  CHECK(facts.crashes[0].kind == "crash");
  CHECK(facts.crashes[0].where.line == 12);
  CHECK(facts.processes == std::vector<std::string>{"Rpcss.exe"});
  REQUIRE(facts.timing.size() == 1);
  CHECK(facts.timing[0].text == "every 15 minutes");
  CHECK(facts.timing[0].every_seconds == 900);
  const SignatureSpec spec = load_draft(a);
  REQUIRE(spec.symptoms.size() == 1);
  REQUIRE(spec.symptoms[0].crash);
  CHECK(spec.symptoms[0].crash->processes == std::vector<std::string>{"rpcss"});
  CHECK(spec.symptoms[0].crash->exception_codes == std::vector<std::uint32_t>{0xc0000005});
  CHECK(spec.symptoms[0].crash->functions == std::vector<std::string>{"rtlallocateheap"});
  REQUIRE(spec.rules.size() == 1);
  CHECK(spec.rules[0].confidence == Confidence::medium);
  const std::string json = draft_json(a, extract_events(a), facts);
  CHECK(json.find(R"("crashes":[{"reported_by":"","process":"Rpcss.exe","exception":"c0000005","module":"","function":"RtlAllocateHeap","kind":"crash","line":12)") != std::string::npos);
  CHECK(json.find(R"("timing":[{"text":"every 15 minutes","every_seconds":900)") != std::string::npos);
}

TEST_CASE("draft: a hang with only its process named is a lead, not a diagnosis", "[draft][drafter]") {
  const SignatureSpec spec = load_draft(article_of(
      "When the service is restarted, Tcpsvcs.exe may stop responding (hang).\n"));
  REQUIRE(spec.symptoms.size() == 1);
  REQUIRE(spec.symptoms[0].crash);
  CHECK(spec.symptoms[0].crash->kind == CrashFacts::Kind::hang);
  REQUIRE(spec.rules.size() == 1);
  CHECK(spec.rules[0].confidence == Confidence::low);
}

TEST_CASE("draft: a quoted Dr. Watson event is matched by its crash facts", "[draft][drafter]") {
  const SignatureSpec spec = load_draft(article_of(
      "   Event ID: 4097\n   Source: DrWatson\n"
      "   Description: The application, store.exe, generated an application error.\n"
      "   The exception generated was c0000005 at address 0x004727e0.\n"));
  REQUIRE(spec.symptoms.size() == 1);
  REQUIRE(spec.symptoms[0].crash);
  CHECK_FALSE(spec.symptoms[0].event_id);
  CHECK(spec.symptoms[0].crash->processes == std::vector<std::string>{"store"});
  CHECK(spec.symptoms[0].crash->exception_codes == std::vector<std::uint32_t>{0xc0000005});
}

TEST_CASE("draft: an event with neither source nor fixed text is not drafted", "[draft][drafter]") {
  const Article a = article_of("   Event ID: 1000\n   Type: Error\n   Description: %1\n\n"
                               "   Event ID: 5\n   Source: Widget\n   Type: Warning\n");
  const std::string yaml = draft_yaml(a, extract_events(a), extract_prose_facts(a, extract_events(a)), "x.txt");
  CHECK(yaml.find("# Not drafted: event 1000") != std::string::npos);
  const SignatureSpec spec = load_draft(a);
  REQUIRE(spec.symptoms.size() == 1);
  CHECK(spec.symptoms[0].id == "event_5");
  // Source and ID alone tell no problem apart: a lead at most.
  REQUIRE(spec.rules.size() == 1);
  CHECK(spec.rules[0].confidence == Confidence::low);
}

TEST_CASE("draft: Windows versions for product gating come from the products only", "[draft][drafter]") {
  const auto systems = [](const std::string& product) {
    const SignatureSpec spec =
        load_draft(article_of("   Event ID: 5\n   Source: Widget\n   Description: The widget broke down.\n", product));
    std::vector<std::string> out;
    if (spec.applies_to) {
      for (const auto& s : spec.applies_to->systems) out.push_back(std::to_string(s.major) + "." + std::to_string(s.minor));
    }
    return out;
  };
  CHECK(systems("Microsoft Windows NT Server versions 3.5, 3.51, 4.0") == std::vector<std::string>{"3.50", "3.51", "4.0"});
  CHECK(systems("Microsoft Windows NT Workstation version 3.1") == std::vector<std::string>{"3.10"});
  CHECK(systems("Microsoft Windows 2000 Advanced Server") == std::vector<std::string>{"5.0"});
  CHECK(systems("Microsoft Windows Server 2003, Enterprise Edition") == std::vector<std::string>{"5.2"});
  CHECK(systems("the operating system: Microsoft Windows NT") ==
        std::vector<std::string>{"3.10", "3.50", "3.51", "4.0"});
  CHECK(systems("Microsoft Exchange Server, version 5.5").empty());
}

TEST_CASE("draft: a draft that claims high confidence is refused", "[draft][drafter][loader]") {
  const std::string yaml =
      "article: Q999003\ntitle: t\nstatus: draft\nsymptoms:\n  a:\n    source: W\n    event_id: 5\n"
      "confidence:\n  - level: high\n    symptom: a\n";
  SignatureSpec spec;
  DiagnosticList diagnostics;
  CHECK_FALSE(load_signature(yaml, "drafted/Q999003.yaml", spec, diagnostics));
  REQUIRE(diagnostics.items().size() == 1);
  CHECK(diagnostics.items()[0].code == "E0338");
  CHECK(diagnostics.items()[0].line == 9);
  CHECK(diagnostics.items()[0].column == 12);
}
