// Signature loader: valid files load into the model; every kind of mistake is reported with its
// exact file:line:col and code, all of them at once.
#include <catch2/catch.hpp>

#include "kbmatch/rule_set.h"
#include "kbmatch/signature.h"

using namespace kbmatch;

namespace {

const char* const minimal = R"(article: Q123456
title: Something breaks
symptoms:
  boom:
    source: [Some Service, SomeService]
    event_id: 42
    level: error
    any_of:
      - string: "-510"
      - message: 'broke with code \d+'
      - data_hex: 02 fe ff ff
confidence:
  - level: high
    why: it repeats
    all:
      - symptom: boom
        repeats: {every: 15m, at_least: 3}
    within: 24h
  - level: low
    symptom: boom
resolution: Restart it.
fix_files:
  - {name: some.dll, version: 4.0.1381.7, size: "123,456"}
)";

struct Loaded {
  bool ok = false;
  SignatureSpec spec;
  DiagnosticList diags;
};

Loaded load(const std::string& text, const std::string& file = "sigs/Q123456.yaml") {
  Loaded l;
  l.ok = load_signature(text, file, l.spec, l.diags);
  return l;
}

std::vector<std::string> errors(const Loaded& l) {
  std::vector<std::string> out;
  for (const auto& d : l.diags.items()) {
    if (d.severity == Severity::error) out.push_back(format_diagnostic(d));
  }
  return out;
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
  const auto p = s.find(from);
  REQUIRE(p != std::string::npos);
  return s.replace(p, from.size(), to);
}

}  // namespace

TEST_CASE("a valid signature loads into the model", "[loader]") {
  const Loaded l = load(minimal);
  REQUIRE(l.ok);
  CHECK(l.diags.items().empty());
  CHECK(l.spec.article == "Q123456");
  CHECK(l.spec.status == "curated");
  REQUIRE(l.spec.symptoms.size() == 1);
  const SymptomSpec& s = l.spec.symptoms[0];
  CHECK(s.id == "boom");
  CHECK(s.sources == std::vector<std::string>{"Some Service", "SomeService"});
  CHECK(s.event_id == 42u);
  CHECK(s.level == Level::error);
  REQUIRE(s.any_of.size() == 3);
  CHECK(s.any_of[0].kind == FieldTest::Kind::string_equals);
  CHECK(s.any_of[2].bytes == std::string("\x02\xfe\xff\xff", 4));
  REQUIRE(l.spec.rules.size() == 2);
  const RuleSpec& high = l.spec.rules[0];
  CHECK(high.confidence == Confidence::high);
  CHECK(high.condition.kind == ConditionSpec::Kind::all);
  CHECK(high.condition.within == 24 * 3600);
  REQUIRE(high.condition.children.size() == 1);
  REQUIRE(high.condition.children[0].repeats.has_value());
  CHECK(high.condition.children[0].repeats->every == 900);
  CHECK(high.condition.children[0].repeats->tolerance == 300);  // default: a third of `every`
  CHECK(l.spec.rules[1].condition.kind == ConditionSpec::Kind::symptom);
  REQUIRE(l.spec.fix_files.size() == 1);
  CHECK(l.spec.fix_files[0].size == "123,456");
}

TEST_CASE("YAML syntax errors point at the line and column", "[loader]") {
  const Loaded l = load("article: Q123456\ntitle: [unclosed\n");
  CHECK_FALSE(l.ok);
  REQUIRE(errors(l).size() == 1);
  CHECK(errors(l)[0].rfind("sigs/Q123456.yaml:3:1: error[E0301]: YAML syntax:", 0) == 0);
}

TEST_CASE("unknown keys are reported where they stand", "[loader]") {
  const Loaded l = load(replace(minimal, "    level: error\n", "    level: error\n    eventid: 7\n"));
  CHECK_FALSE(l.ok);
  REQUIRE(errors(l).size() == 1);
  CHECK(errors(l)[0].rfind("sigs/Q123456.yaml:8:5: error[E0304]: unknown key 'eventid' in symptom 'boom'", 0) == 0);
}

TEST_CASE("an invalid regex points into the pattern", "[loader]") {
  const Loaded l = load(replace(minimal, R"('broke with code \d+')", R"('broke (with code')"));
  CHECK_FALSE(l.ok);
  REQUIRE(errors(l).size() == 1);
  // Line 10; the pattern starts after the quote at column 18, so the column is past it.
  CHECK(errors(l)[0].rfind("sigs/Q123456.yaml:10:", 0) == 0);
  INFO(errors(l)[0]);
  CHECK(std::stoi(errors(l)[0].substr(std::string("sigs/Q123456.yaml:10:").size())) > 18);
  CHECK(errors(l)[0].find("error[E0319]: invalid regular expression") != std::string::npos);
}

TEST_CASE("every problem of a file is reported at once", "[loader]") {
  std::string text = minimal;
  text = replace(text, "event_id: 42", "event_id: 70000");
  text = replace(text, "level: error", "level: severe");
  text = replace(text, "data_hex: 02 fe ff ff", "data_hex: 02 fg");
  text = replace(text, "    symptom: boom\nresolution", "    symptom: bang\nresolution");
  text = replace(text, "every: 15m", "every: soon");
  const Loaded l = load(text);
  CHECK_FALSE(l.ok);
  const auto e = errors(l);
  REQUIRE(e.size() == 5);
  CHECK(e[0] == "sigs/Q123456.yaml:6:15: error[E0314]: event_id '70000' is not a number from 0 to 65535");
  CHECK(e[1].rfind("sigs/Q123456.yaml:7:12: error[E0315]: level 'severe'", 0) == 0);
  CHECK(e[2].rfind("sigs/Q123456.yaml:11:19: error[E0318]: data_hex '02 fg'", 0) == 0);
  CHECK(e[3].rfind("sigs/Q123456.yaml:17:26: error[E0307]: every 'soon' is not a duration", 0) == 0);
  CHECK(e[4] == "sigs/Q123456.yaml:20:14: error[E0322]: unknown symptom 'bang'");
}

TEST_CASE("the article id must match the file name", "[loader]") {
  const Loaded l = load(minimal, "sigs/Q999.yaml");
  CHECK_FALSE(l.ok);
  REQUIRE(errors(l).size() == 1);
  CHECK(errors(l)[0] ==
        "sigs/Q999.yaml:1:10: error[E0311]: article 'Q123456' does not match the file name 'Q999.yaml'");
}

TEST_CASE("missing required parts are named", "[loader]") {
  const Loaded l = load("article: Q123456\n");
  CHECK_FALSE(l.ok);
  const auto e = errors(l);
  REQUIRE(e.size() == 3);
  CHECK(e[0].find("missing required key 'title'") != std::string::npos);
  CHECK(e[1].find("missing required key 'symptoms'") != std::string::npos);
  CHECK(e[2].find("missing required key 'confidence'") != std::string::npos);
}

TEST_CASE("structural rules of conditions", "[loader]") {
  SECTION("count needs a window") {
    const Loaded l =
        load(replace(minimal, "    symptom: boom\nresolution", "    symptom: boom\n    count: 3\nresolution"));
    CHECK_FALSE(l.ok);
    REQUIRE(errors(l).size() == 1);
    CHECK(errors(l)[0].find("error[E0324]: count needs a 'within' window") != std::string::npos);
  }
  SECTION("a condition names exactly one of symptom/all/any") {
    const Loaded l = load(
        replace(minimal, "    symptom: boom\nresolution", "    symptom: boom\n    any: [{symptom: boom}]\nresolution"));
    CHECK_FALSE(l.ok);
    CHECK(errors(l).at(0).find("error[E0321]") != std::string::npos);
  }
  SECTION("tolerance smaller than the interval") {
    const Loaded l = load(replace(minimal, "every: 15m,", "every: 15m, tolerance: 20m,"));
    CHECK_FALSE(l.ok);
    CHECK(errors(l).at(0).find("error[E0326]") != std::string::npos);
  }
  SECTION("a symptom needs an event id or a content test") {
    const Loaded l = load(R"(article: Q123456
title: t
symptoms:
  vague: {source: X}
confidence:
  - {level: low, symptom: vague}
)");
    CHECK_FALSE(l.ok);
    CHECK(
        errors(l).at(0) ==
        "sigs/Q123456.yaml:4:10: error[E0316]: symptom 'vague' needs an event_id, a content test (all_of/any_of) or a "
        "crash test");
  }
}

TEST_CASE("unused symptoms are a warning, not an error", "[loader]") {
  const Loaded l = load(replace(minimal, "confidence:", "  spare:\n    event_id: 7\nconfidence:"));
  CHECK(l.ok);
  REQUIRE(l.diags.items().size() == 1);
  CHECK(format_diagnostic(l.diags.items()[0]) ==
        "sigs/Q123456.yaml:12:3: warning[W0301]: symptom 'spare' is not used by any confidence combination");
}

TEST_CASE("two files claiming one article are refused by the compiler", "[loader]") {
  Loaded a = load(minimal);
  Loaded b = load(minimal, "other/Q123456.yaml");
  REQUIRE(a.ok);
  REQUIRE(b.ok);
  DiagnosticList diags;
  auto rules = RuleSet::compile({a.spec, b.spec}, diags);
  CHECK(rules == nullptr);
  REQUIRE(diags.items().size() == 1);
  CHECK(diags.items()[0].code == "E0330");
}

TEST_CASE("the built-in curated signatures load and compile cleanly", "[loader]") {
  std::vector<SignatureSpec> specs;
  DiagnosticList diags;
  REQUIRE(load_builtin_signatures(specs, diags));
  CHECK(diags.items().empty());
  std::vector<std::string> articles;
  for (const auto& s : specs) articles.push_back(s.article);
  CHECK(articles == std::vector<std::string>{"Q216793", "Q257647", "Q264492", "Q287032", "Q292041"});
  auto rules = RuleSet::compile(specs, diags);
  REQUIRE(rules != nullptr);
  // Nothing is tested on every event; the crash symptoms only on crash reports.
  CHECK(rules->unkeyed_symptom_count() == 0);
  CHECK(rules->crash_symptom_count() == 5);
}

namespace {

const char* const crash_signature = R"(article: Q123456
title: Crashes
symptoms:
  stop: {source: SCM, event_id: 7036}
  start: {source: SCM, event_id: 7035}
  av:
    crash:
      process: [RPCSS.EXE, C:\WINNT\system32\svchost.exe]
      exception: [0xC0000005, c0000374]
      function: RtlAllocateHeap
      module: ntdll.dll
      frame: [NTDLL.DLL!RtlAllocateHeap, wcscpy]
      kind: crash
confidence:
  - level: high
    sequence:
      - symptom: stop
      - any: [{symptom: start}]
        max_gap: 2m
      - symptom: av
        max_gap: 30m
    within: 1h
)";

}  // namespace

TEST_CASE("crash tests and sequences load normalized", "[loader]") {
  const Loaded l = load(crash_signature);
  REQUIRE(errors(l).empty());
  REQUIRE(l.ok);
  const CrashTest& c = l.spec.symptoms.at(2).crash.value();
  CHECK(c.processes == std::vector<std::string>{"rpcss", "svchost"});
  CHECK(c.exception_codes == std::vector<std::uint32_t>{0xc0000005u, 0xc0000374u});
  CHECK(c.functions == std::vector<std::string>{"rtlallocateheap"});
  CHECK(c.modules == std::vector<std::string>{"ntdll"});
  CHECK(c.frames == std::vector<std::string>{"ntdll!rtlallocateheap", "wcscpy"});
  CHECK(c.kind == CrashFacts::Kind::crash);
  CHECK(c.where.line == 8);  // the mapping starts at its first key
  const ConditionSpec& seq = l.spec.rules.at(0).condition;
  CHECK(seq.kind == ConditionSpec::Kind::sequence);
  CHECK(seq.within == 3600);
  REQUIRE(seq.children.size() == 3);
  CHECK_FALSE(seq.children[0].max_gap);
  CHECK(seq.children[1].kind == ConditionSpec::Kind::any);
  CHECK(seq.children[1].max_gap == 120);
  CHECK(seq.children[2].max_gap == 1800);
}

TEST_CASE("mistakes in crash tests and sequences are reported where they stand", "[loader]") {
  const auto first_error = [](const std::string& text) {
    const Loaded l = load(text);
    CHECK_FALSE(l.ok);
    return errors(l).empty() ? std::string() : errors(l)[0];
  };
  CHECK(first_error(replace(crash_signature, "0xC0000005", "access violation")) ==
        "sigs/Q123456.yaml:9:18: error[E0331]: exception 'access violation' is not an exception code like c0000005");
  CHECK(first_error(replace(crash_signature, "kind: crash", "kind: fatal")) ==
        "sigs/Q123456.yaml:13:13: error[E0332]: crash kind 'fatal' must be crash or hang");
  CHECK(first_error(replace(crash_signature, "function: RtlAllocateHeap", "thread: 1")).find("E0304") !=
        std::string::npos);
  CHECK(first_error(
            replace(crash_signature, "      - symptom: stop\n", "      - symptom: stop\n        max_gap: 1m\n")) ==
        "sigs/Q123456.yaml:18:18: error[E0328]: max_gap applies to a step of a sequence (after the first)");
  CHECK(first_error(replace(crash_signature, "      - symptom: av\n        max_gap: 30m\n",
                            "      - symptom: av\n        count: 2\n        within: 5m\n")) ==
        "sigs/Q123456.yaml:20:9: error[E0327]: a sequence step is a symptom, or an 'any' of symptoms, with no count, "
        "repeats or within");
  CHECK(first_error(replace(crash_signature, "[{symptom: start}]", "[{symptom: stop}]")) ==
        "sigs/Q123456.yaml:18:9: error[E0327]: symptom 'stop' appears in more than one step of the sequence");
  CHECK(
      first_error(replace(crash_signature,
                          "      - any: [{symptom: start}]\n        max_gap: 2m\n      - symptom: av\n        max_gap: "
                          "30m\n",
                          "")) == "sigs/Q123456.yaml:17:7: error[E0329]: a sequence is a list of at least two steps");
}

TEST_CASE("every documented level loads, audit outcomes in their snake_case spelling too", "[loader]") {
  for (const std::string level : {"critical", "error", "warning", "information", "verbose", "audit_success",
                                  "audit_failure", "Failure Audit"}) {
    CAPTURE(level);
    const Loaded l = load(replace(minimal, "level: error", "level: " + level));
    CHECK(l.ok);
    CHECK(errors(l).empty());
  }
}
