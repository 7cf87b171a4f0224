// The scanner on observations built in memory: counter trends with `during`, network snapshot
// checks across files, product gating, and the UTC offset a counter log states.
#include <catch2/catch.hpp>

#include "kbmatch/rule_set.h"
#include "kbmatch/scanner.h"

using namespace kbmatch;

namespace {

const char* const signature = R"(article: Q100004
title: Dialer leaks while its calls fail
applies_to:
  systems:
    - {windows: "4.0", min_service_pack: 6}
  when_unknown: medium
symptoms:
  leak:
    description: private bytes climb
    counter: {object: Process, name: [Private Bytes]}
    trend: {min_duration: 20m, min_change: 1MB, min_change_percent: 10}
  failed:
    description: the program logs a failed call
    log: Text
    all_of: [{message: 'Dial failed'}]
  stale:
    network: {check: route_interface_not_held}
  multihomed:
    network: {check: multihomed}
confidence:
  - level: high
    why: failures while memory climbs
    symptom: failed
    count: 3
    during: leak
  - level: medium
    why: stale route on a multihomed host
    all: [{symptom: stale}, {symptom: multihomed}]
)";

constexpr std::int64_t minute = 60 * 1000000LL;
constexpr std::int64_t t0 = 954'000'000LL * 1000000;  // March 2000

std::shared_ptr<const RuleSet> rules() {
  SignatureSpec spec;
  DiagnosticList diags;
  REQUIRE(load_signature(signature, "Q100004.yaml", spec, diags));
  auto r = RuleSet::compile({spec}, diags);
  REQUIRE(r != nullptr);
  return r;
}

struct Run {
  std::vector<Finding> findings;
  DiagnosticList diagnostics;
};

struct Collect final : FindingSink {
  std::vector<Finding>* out;
  void on_finding(const Finding& f) override { out->push_back(f); }
};

Event sample(std::int64_t micros, double value, std::uint64_t line, Timestamp::Zone zone = Timestamp::Zone::local,
             std::optional<std::int32_t> offset = std::nullopt, const std::string& instance = "dialer") {
  Event e;
  e.kind = Event::Kind::counter_sample;
  e.time = {micros, zone};
  e.computer = "DIAL01";
  e.sample.object = "Process";
  e.sample.instance = instance;
  e.sample.counter = "Private Bytes";
  e.sample.value = value;
  if (offset) e.sample.utc_offset_seconds = *offset, e.sample.has_utc_offset = true;
  e.origin = {0, line, 0};
  return e;
}

Event text_line(std::int64_t micros, const std::string& text, std::uint64_t line) {
  Event e;
  e.time = {micros, Timestamp::Zone::local};
  e.log = "Text";
  e.source = "dialer.log";
  e.message = text;
  e.origin = {1, line, 0};
  return e;
}

Event boot(const std::string& sp) {
  Event e;
  e.time = {t0 - 60 * minute, Timestamp::Zone::local};
  e.computer = "DIAL01";
  e.log = "System";
  e.source = "EventLog";
  e.event_id = 6009;
  e.has_event_id = true;
  e.strings = {"4.0", "1381", sp, "Uniprocessor Free"};
  e.origin = {2, 7, 0};
  return e;
}

// A leak from minute 10 to 100 (samples 1 a minute), and failures every 5 minutes from `from`.
Run scan(bool leak, std::int64_t failures_from, const std::vector<Event>& extra = {},
         std::optional<std::int32_t> stated_offset = std::nullopt) {
  Run r;
  Scanner scanner(rules(), ScanOptions{}, r.diagnostics);
  scanner.add_file("counters.csv");
  scanner.add_file("dialer.log");
  scanner.add_file("System.txt");
  for (int i = 0; i < 100; ++i) {
    const double v = 2e6 + (leak ? std::max(0, i - 10) * 50e3 : 0) + (i % 3) * 5e3;
    const auto zone = stated_offset ? Timestamp::Zone::utc : Timestamp::Zone::local;
    const std::int64_t utc_shift = stated_offset ? -std::int64_t{*stated_offset} * 1000000 : 0;
    scanner.add_event(sample(t0 + i * minute + utc_shift, v, 2 + i, zone, stated_offset));
  }
  for (int k = 0; k < 12; ++k) {
    scanner.add_event(text_line(failures_from + k * 5 * minute, "RasDial: Dial failed, error 623", 10 + k));
  }
  for (const auto& e : extra) scanner.add_event(e);
  Collect c;
  c.out = &r.findings;
  scanner.finish(c);
  return r;
}

}  // namespace

TEST_CASE("observations: failures during a leak on a confirmed system are high", "[observations]") {
  const Run r = scan(true, t0 + 20 * minute, {boot("Service Pack 6")});
  REQUIRE(r.findings.size() == 1);
  const Finding& f = r.findings[0];
  CHECK(f.confidence == Confidence::high);
  CHECK(f.computer == "DIAL01");
  CHECK(f.platform == "Windows NT 4.0 build 1381 Service Pack 6");
  CHECK(f.platform_source == "EventLog 6009");
  CHECK(f.platform_check == "applies");
  REQUIRE(f.platform_evidence);
  CHECK(f.platform_evidence->file == "System.txt");
  // The evidence names the counter samples (first and last of the climb) and the failures.
  int samples = 0, lines = 0;
  for (const auto& e : f.evidence) {
    if (e.file == "counters.csv") {
      ++samples;
      CHECK_THAT(e.text, Catch::Contains("\\Process(dialer)\\Private Bytes = "));
    }
    if (e.file == "dialer.log") ++lines;
  }
  CHECK(samples == 2);
  CHECK(lines >= 3);
  CHECK(f.symptoms.size() == 2);
}

TEST_CASE("observations: without the system in the logs the finding is capped at medium", "[observations]") {
  const Run r = scan(true, t0 + 20 * minute);
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].confidence == Confidence::medium);
  CHECK(r.findings[0].platform.empty());
  CHECK(r.findings[0].platform_check == "unconfirmed");
  CHECK_THAT(r.findings[0].why, Catch::Contains("do not tell the system"));
}

TEST_CASE("observations: a system the article does not apply to gives a note, no finding", "[observations]") {
  const Run r = scan(true, t0 + 20 * minute, {boot("Service Pack 5")});
  CHECK(r.findings.empty());
  bool noted = false;
  for (const auto& d : r.diagnostics.items()) {
    if (d.code == "N0404") {
      noted = true;
      CHECK(d.severity == Severity::note);
      CHECK_THAT(d.message, Catch::Contains("Q100004 is not reported for DIAL01"));
      CHECK_THAT(d.message, Catch::Contains("Service Pack 5"));
    }
  }
  CHECK(noted);
}

TEST_CASE("observations: a flat series, or failures outside the climb, give nothing", "[observations]") {
  CHECK(scan(false, t0 + 20 * minute, {boot("Service Pack 6")}).findings.empty());
  CHECK(scan(true, t0 + 200 * minute, {boot("Service Pack 6")}).findings.empty());
}

TEST_CASE("observations: the offset a counter log states aligns local-time logs with it", "[observations]") {
  // The samples are UTC (the header said UTC-5); the program's log is local. Without the
  // stated offset the failures would sit five hours before the climb.
  const Run r = scan(true, t0 + 20 * minute, {boot("Service Pack 6")}, -5 * 3600);
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].confidence == Confidence::high);
  CHECK(r.findings[0].first_seen.zone == Timestamp::Zone::utc);
  bool noted = false;
  for (const auto& d : r.diagnostics.items()) noted = noted || d.code == "N0403";
  CHECK(noted);
}

TEST_CASE("observations: _Total is not read unless named", "[observations]") {
  Run r;
  Scanner scanner(rules(), ScanOptions{}, r.diagnostics);
  scanner.add_file("counters.csv");
  scanner.add_file("dialer.log");
  for (int i = 0; i < 100; ++i)
    scanner.add_event(sample(t0 + i * minute, 2e6 + i * 50e3, 2 + i, Timestamp::Zone::local, std::nullopt, "_Total"));
  for (int k = 0; k < 12; ++k) scanner.add_event(text_line(t0 + (20 + 5 * k) * minute, "Dial failed", 10 + k));
  Collect c;
  c.out = &r.findings;
  scanner.finish(c);
  CHECK(r.findings.empty());
}

TEST_CASE("observations: route print in a file of its own joins the computer ipconfig names", "[observations]") {
  Run r;
  Scanner scanner(rules(), ScanOptions{}, r.diagnostics);
  scanner.add_file("ipconfig.txt");
  scanner.add_file("route.txt");
  const auto fact = [](std::uint32_t file, std::uint64_t line, NetworkFact n, const std::string& computer) {
    Event e;
    e.kind = Event::Kind::network;
    e.computer = computer;
    e.network = std::move(n);
    e.origin = {file, line, 0};
    if (e.network.kind == NetworkFact::Kind::configuration) e.message = "Windows NT IP Configuration";
    return e;
  };
  NetworkFact conf;
  conf.kind = NetworkFact::Kind::configuration;
  NetworkFact a1{NetworkFact::Kind::address, "Ethernet adapter A", "10.1.1.5", "255.255.255.0", "", "", 0, false};
  NetworkFact a2{NetworkFact::Kind::address, "Ethernet adapter B", "10.2.1.5", "255.255.255.0", "", "", 0, false};
  NetworkFact stale{NetworkFact::Kind::route, "", "10.3.0.0", "255.255.0.0", "10.1.1.9", "10.1.1.9", 1, false};
  scanner.add_event(fact(0, 2, conf, "WEB01.corp.example"));
  scanner.add_event(fact(0, 9, a1, "WEB01.corp.example"));
  scanner.add_event(fact(0, 17, a2, "WEB01.corp.example"));
  scanner.add_event(fact(1, 12, stale, ""));
  Collect c;
  c.out = &r.findings;
  scanner.finish(c);
  REQUIRE(r.findings.size() == 1);
  const Finding& f = r.findings[0];
  CHECK(f.computer == "WEB01.corp.example");
  // NT 4.0 from the banner, but no service pack: medium stays medium (the rule's own level).
  CHECK(f.confidence == Confidence::medium);
  CHECK(f.platform == "Windows NT 4.0");
  CHECK(f.platform_check == "unconfirmed");
  REQUIRE(f.evidence.size() == 3);
  bool route_line = false;
  for (const auto& e : f.evidence) {
    if (e.file == "route.txt") {
      route_line = true;
      CHECK(e.line == 12);
      CHECK(e.source == "route print");
      CHECK_THAT(e.text, Catch::Contains("no adapter holds the interface address 10.1.1.9"));
    }
  }
  CHECK(route_line);
}
