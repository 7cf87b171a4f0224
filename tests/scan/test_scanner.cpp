// Scanner: key index, symptom tests, grouping by computer, and correlation (repeats, counts in
// windows, all/any within a window), on events built in memory.
#include <catch2/catch.hpp>

#include "kbmatch/rule_set.h"
#include "kbmatch/scanner.h"
#include "util/civil_time.h"

using namespace kbmatch;

namespace {

const char* const signature = R"(article: Q100001
title: Widget database fails
symptoms:
  db_error:
    description: widget DB error -510
    log: System
    source: [Widget Server, WidgetSvc]
    event_id: 1014
    level: error
    any_of:
      - string: "-510"
      - message: 'error\s*:\s*-510(?![0-9])'
      - data_hex: 02 fe ff ff
  backup:
    log: System
    source: Widget Server
    event_id: 1016
  app_error:
    log: Application
    source: JET
    event_id: 30
  burst:
    source: Widget Server
    event_id: 2000
confidence:
  - level: high
    why: full picture
    all:
      - symptom: db_error
        repeats: {every: 15m, tolerance: 5m, at_least: 3}
      - symptom: backup
      - symptom: app_error
    within: 24h
  - level: medium
    why: repeating, no app error
    all:
      - symptom: db_error
        repeats: {every: 15m, tolerance: 5m, at_least: 3}
      - symptom: backup
  - level: medium
    why: burst
    symptom: burst
    count: 3
    within: 10m
  - level: low
    why: one error
    symptom: db_error
)";

std::shared_ptr<const RuleSet> rules() {
  SignatureSpec spec;
  DiagnosticList diags;
  REQUIRE(load_signature(signature, "Q100001.yaml", spec, diags));
  auto r = RuleSet::compile({spec}, diags);
  REQUIRE(r != nullptr);
  return r;
}

// 2001-03-14 00:00:00 plus `minutes`.
Timestamp at(double minutes, Timestamp::Zone zone = Timestamp::Zone::utc) {
  const std::int64_t base = detail::days_from_civil(2001, 3, 14) * 86400;
  return {static_cast<std::int64_t>((static_cast<double>(base) + minutes * 60) * 1e6), zone};
}

Event event(std::string source, std::uint32_t id, Timestamp t, std::string computer = "SRV1",
            std::string log = "System") {
  Event e;
  e.source = std::move(source);
  e.event_id = id;
  e.has_event_id = true;
  e.time = t;
  e.computer = std::move(computer);
  e.log = std::move(log);
  e.level = Level::error;
  return e;
}

Event db_error(Timestamp t, std::string computer = "SRV1") {
  Event e = event("WidgetSvc", 1014, t, std::move(computer));
  e.strings = {"-510"};
  return e;
}

struct Collect final : FindingSink {
  std::vector<Finding> findings;
  void on_finding(const Finding& f) override { findings.push_back(f); }
};

struct Run {
  std::shared_ptr<const RuleSet> r = rules();
  DiagnosticList diags;
  Scanner scanner{r, ScanOptions{}, diags};
  std::uint32_t file = scanner.add_file("System.xml");
  std::uint32_t app_file = scanner.add_file("Application.xml");

  void add(Event e, std::uint32_t f) {
    e.origin.file = f;
    scanner.add_event(e);
  }
  void add(Event e) { add(std::move(e), file); }
  std::vector<Finding> finish() {
    Collect c;
    scanner.finish(c);
    return c.findings;
  }
};

void add_cycles(Run& run, int cycles, double every_minutes = 15, std::string computer = "SRV1") {
  for (int i = 0; i < cycles; ++i) {
    run.add(db_error(at(120 + i * every_minutes), computer));
    run.add(event("Widget Server", 1016, at(120 + i * every_minutes + 0.02), computer));
  }
}

}  // namespace

TEST_CASE("the full picture across two logs earns high confidence", "[scanner]") {
  Run run;
  add_cycles(run, 5);
  run.add(event("JET", 30, at(110), "srv1", "Application"), run.app_file);
  const auto f = run.finish();
  REQUIRE(f.size() == 1);
  CHECK(f[0].article == "Q100001");
  CHECK(f[0].confidence == Confidence::high);
  CHECK(f[0].computer == "SRV1");
  CHECK(format_timestamp(f[0].first_seen) == "2001-03-14T01:50:00Z");
  CHECK(format_timestamp(f[0].last_seen) == "2001-03-14T03:00:01.200Z");
  REQUIRE(f[0].symptoms.size() == 3);
  CHECK(f[0].symptoms[0].symptom == "db_error");
  CHECK(f[0].symptoms[0].count == 5);
  CHECK(f[0].symptoms[2].count == 1);
  // Evidence: at most 5 per symptom, chronological, with its file.
  REQUIRE(f[0].evidence.size() == 11);
  CHECK(f[0].evidence[0].file == "Application.xml");
  CHECK(f[0].evidence[1].source == "WidgetSvc");
}

TEST_CASE("without the Application log the same repetition is medium", "[scanner]") {
  Run run;
  add_cycles(run, 5);
  const auto f = run.finish();
  REQUIRE(f.size() == 1);
  CHECK(f[0].confidence == Confidence::medium);
  CHECK(f[0].why == "repeating, no app error");
}

TEST_CASE("one error alone is low, and an error with another code is nothing", "[scanner]") {
  SECTION("one -510") {
    Run run;
    run.add(db_error(at(0)));
    const auto f = run.finish();
    REQUIRE(f.size() == 1);
    CHECK(f[0].confidence == Confidence::low);
  }
  SECTION("-1032 instead of -510, in strings, message and data") {
    Run run;
    Event e = event("WidgetSvc", 1014, at(0));
    e.strings = {"-1032"};
    e.message = "The database returned the following error : -5100.";
    e.data = std::string("\xf8\xfb\xff\xff", 4);
    run.add(e);
    CHECK(run.finish().empty());
  }
}

TEST_CASE("symptom fields: source aliases, level, log", "[scanner]") {
  SECTION("'Widget Server' written without the space still matches") {
    Run run;
    Event e = db_error(at(0));
    e.source = "WIDGETSERVER";
    run.add(e);
    CHECK(run.finish().size() == 1);
  }
  SECTION("the same ID and text from another source is not the symptom") {
    Run run;
    Event e = db_error(at(0));
    e.source = "Wins";
    run.add(e);
    CHECK(run.finish().empty());
  }
  SECTION("a warning is not the error the symptom names") {
    Run run;
    Event e = db_error(at(0));
    e.level = Level::warning;
    run.add(e);
    CHECK(run.finish().empty());
  }
  SECTION("an unknown level or log does not exclude the event") {
    Run run;
    Event e = db_error(at(0));
    e.level = Level::unknown;
    e.log.clear();
    run.add(e);
    CHECK(run.finish().size() == 1);
  }
  SECTION("another log excludes it") {
    Run run;
    Event e = db_error(at(0));
    e.log = "Application";
    run.add(e);
    CHECK(run.finish().empty());
  }
  SECTION("the data bytes alone are enough") {
    Run run;
    Event e = db_error(at(0));
    e.strings.clear();
    e.data = std::string("\x00\x02\xfe\xff\xff", 5);
    run.add(e);
    CHECK(run.finish().size() == 1);
  }
  SECTION("the message alone is enough; without a message the strings are searched") {
    Run run;
    Event e = db_error(at(0));
    e.strings = {"x", "Error : -510"};
    run.add(e);
    CHECK(run.finish().size() == 1);
  }
}

TEST_CASE("repetition needs a regular interval", "[scanner]") {
  SECTION("events an hour apart are not a 15-minute repetition") {
    Run run;
    add_cycles(run, 5, 60);
    const auto f = run.finish();
    REQUIRE(f.size() == 1);
    CHECK(f[0].confidence == Confidence::low);
  }
  SECTION("two cycles are not enough") {
    Run run;
    add_cycles(run, 2);
    const auto f = run.finish();
    REQUIRE(f.size() == 1);
    CHECK(f[0].confidence == Confidence::low);
  }
  SECTION("jitter within the tolerance and duplicates within a cycle do not break the run") {
    Run run;
    const double times[] = {0, 14, 14.1, 30, 44.5};
    for (double t : times) run.add(db_error(at(t)));
    run.add(event("Widget Server", 1016, at(1)));
    const auto f = run.finish();
    REQUIRE(f.size() == 1);
    CHECK(f[0].confidence == Confidence::medium);
    CHECK(f[0].symptoms[0].count == 5);
  }
}

TEST_CASE("all ... within: the window is enforced", "[scanner]") {
  Run run;
  add_cycles(run, 5);
  run.add(event("JET", 30, at(60 * 30)), run.app_file);  // 30 hours later
  const auto f = run.finish();
  REQUIRE(f.size() == 1);
  CHECK(f[0].confidence == Confidence::medium);
}

TEST_CASE("count within a window", "[scanner]") {
  SECTION("three in ten minutes") {
    Run run;
    for (double t : {0.0, 4.0, 9.0}) run.add(event("Widget Server", 2000, at(t)));
    const auto f = run.finish();
    REQUIRE(f.size() == 1);
    CHECK(f[0].why == "burst");
    CHECK(f[0].symptoms[0].count == 3);
  }
  SECTION("three spread over an hour are not a burst") {
    Run run;
    for (double t : {0.0, 20.0, 40.0}) run.add(event("Widget Server", 2000, at(t)));
    CHECK(run.finish().empty());
  }
}

TEST_CASE("computers are kept apart, and names are compared sensibly", "[scanner]") {
  SECTION("symptoms on two servers do not add up") {
    Run run;
    add_cycles(run, 5, 15, "SRV1");
    run.add(event("JET", 30, at(110), "SRV2", "Application"), run.app_file);
    const auto f = run.finish();
    REQUIRE(f.size() == 1);
    CHECK(f[0].computer == "SRV1");
    CHECK(f[0].confidence == Confidence::medium);
  }
  SECTION("case and domain suffix do not split a computer") {
    Run run;
    add_cycles(run, 5, 15, "srv1.corp.example");
    run.add(event("JET", 30, at(110), "SRV1", "Application"), run.app_file);
    const auto f = run.finish();
    REQUIRE(f.size() == 1);
    CHECK(f[0].confidence == Confidence::high);
    CHECK(f[0].computer == "SRV1");  // the short name, whichever spelling came first
  }
  SECTION("a file that names no computer joins the batch's only named computer") {
    Run run;
    add_cycles(run, 5, 15, "SRV1");
    run.add(event("JET", 30, at(110), "", "Application"), run.app_file);
    const auto f = run.finish();
    REQUIRE(f.size() == 1);
    CHECK(f[0].computer == "SRV1");
    CHECK(f[0].confidence == Confidence::high);
  }
  SECTION("with two named computers it stays (unknown)") {
    Run run;
    add_cycles(run, 5, 15, "SRV1");
    run.add(event("Other", 1, at(0), "SRV2"));
    run.add(db_error(at(200), ""), run.app_file);
    const auto f = run.finish();
    REQUIRE(f.size() == 2);
    CHECK(f[0].computer == "(unknown)");
    CHECK(f[0].confidence == Confidence::low);
    CHECK(f[1].computer == "SRV1");
  }
}

TEST_CASE("the default computer names files that name none", "[scanner]") {
  auto r = rules();
  DiagnosticList diags;
  Scanner scanner(r, ScanOptions{5, "DHCPSRV01", std::nullopt, std::nullopt, std::nullopt}, diags);
  const auto file = scanner.add_file("System.csv");
  Event e = db_error(at(0), "");
  e.origin.file = file;
  scanner.add_event(e);
  Collect c;
  scanner.finish(c);
  REQUIRE(c.findings.size() == 1);
  CHECK(c.findings[0].computer == "DHCPSRV01");
}

TEST_CASE("evidence is capped per symptom but counts stay exact", "[scanner]") {
  Run run;
  add_cycles(run, 40);
  const auto f = run.finish();
  REQUIRE(f.size() == 1);
  CHECK(f[0].symptoms[0].count == 40);
  CHECK(f[0].evidence.size() == 10);  // 5 per symptom: the first four and the last
  CHECK(format_timestamp(f[0].evidence.back().time) == "2001-03-14T11:45:01.200Z");
}
