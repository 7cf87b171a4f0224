// Signature loader, observation keys: counter trends, network checks, `during`, applies_to. Valid
// forms load into the model; mistakes are reported with file:line:col and their code.
#include <catch2/catch.hpp>

#include "kbmatch/signature.h"

using namespace kbmatch;

namespace {

const char* const valid = R"(article: Q100005
title: Leaks and stale routes
applies_to:
  systems:
    - windows: "4.0"
      min_service_pack: 6
    - {windows: "5.0", max_service_pack: 3}
  when_unknown: medium
symptoms:
  leak:
    description: climbs
    counter: {object: Process, name: [Private Bytes, Page File Bytes], instance: ['dial*', 'svc?']}
    trend: {direction: rising, min_duration: 30m, min_change: 2.5MB, min_change_percent: 20%, min_fit: 0.9, min_samples: 12}
  free_memory_falls:
    counter: {object: Memory, name: Available Bytes}
    trend: {direction: falling, min_duration: 1h, min_change: 512KB}
  failed: {source: RasClient, event_id: 20227}
  stale: {network: {check: route_interface_not_held}}
confidence:
  - level: high
    symptom: failed
    count: 3
    during: leak
  - level: medium
    any:
      - {symptom: stale}
      - {symptom: free_memory_falls}
)";

struct Loaded {
  bool ok = false;
  SignatureSpec spec;
  std::vector<std::string> errors;
};

Loaded load(const std::string& text) {
  Loaded l;
  DiagnosticList diags;
  l.ok = load_signature(text, "sigs/Q100005.yaml", l.spec, diags);
  for (const auto& d : diags.items()) {
    if (d.severity == Severity::error) l.errors.push_back(format_diagnostic(d));
  }
  return l;
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
  const auto p = s.find(from);
  REQUIRE(p != std::string::npos);
  return s.replace(p, from.size(), to);
}

bool has(const Loaded& l, const std::string& text) {
  for (const auto& e : l.errors) {
    if (e.find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("loader: trend, network, during and applies_to load into the model", "[loader]") {
  const Loaded l = load(valid);
  REQUIRE(l.ok);
  const auto& leak = l.spec.symptoms[0];
  REQUIRE(leak.counter);
  CHECK(leak.counter->object == "Process");
  CHECK(leak.counter->counters == std::vector<std::string>{"Private Bytes", "Page File Bytes"});
  CHECK(leak.counter->instances == std::vector<std::string>{"dial*", "svc?"});
  REQUIRE(leak.trend);
  CHECK(leak.trend->min_duration == 1800);
  CHECK(leak.trend->min_change == Approx(2.5 * 1024 * 1024));
  CHECK(leak.trend->min_change_percent == Approx(20));
  CHECK(leak.trend->min_fit == Approx(0.9));
  CHECK(leak.trend->min_samples == 12);
  CHECK(leak.is_observation());
  CHECK(l.spec.symptoms[1].trend->direction == TrendSpec::Direction::falling);
  CHECK(l.spec.symptoms[1].trend->min_change == Approx(512 * 1024));
  REQUIRE(l.spec.symptoms[3].network);
  CHECK(l.spec.symptoms[3].network->kind == NetworkCheck::Kind::route_interface_not_held);
  CHECK(l.spec.rules[0].condition.during == "leak");
  REQUIRE(l.spec.applies_to);
  REQUIRE(l.spec.applies_to->systems.size() == 2);
  CHECK(l.spec.applies_to->systems[0].major == 4);
  CHECK(l.spec.applies_to->systems[0].min_service_pack == 6u);
  CHECK(l.spec.applies_to->systems[1].max_service_pack == 3u);
  CHECK(l.spec.applies_to->when_unknown == Confidence::medium);
}

TEST_CASE("loader: a trend symptom takes no event keys and needs both halves", "[loader]") {
  auto l = load(replace(valid, "    description: climbs\n", "    description: climbs\n    event_id: 5\n"));
  CHECK_FALSE(l.ok);
  CHECK(has(l, "sigs/Q100005.yaml:12:15: error[E0333]: 'event_id' tests a logged event"));
  l = load(replace(valid, "    trend: {direction: falling, min_duration: 1h, min_change: 512KB}\n", ""));
  CHECK(has(l, "error[E0333]: a trend symptom needs both 'counter'"));
  l = load(replace(valid, "stale: {network: {check: route_interface_not_held}}",
                   "stale: {network: {check: route_interface_not_held}, counter: {object: X, name: Y}}"));
  CHECK(has(l, "error[E0333]: a symptom is a network check or a counter trend, not both"));
}

TEST_CASE("loader: bad trend values are reported where they stand", "[loader]") {
  auto l = load(replace(valid, "direction: rising", "direction: up"));
  CHECK(has(l, "sigs/Q100005.yaml:13:24: error[E0334]: trend direction 'up' must be rising or falling"));
  l = load(replace(valid, "min_change: 2.5MB", "min_change: lots"));
  CHECK(has(l, "error[E0334]: min_change 'lots' is not an amount"));
  l = load(replace(valid, "min_fit: 0.9", "min_fit: 1.5"));
  CHECK(has(l, "error[E0334]: min_fit '1.5' is not an amount"));
  l = load(replace(valid, "min_samples: 12", "min_samples: 2"));
  CHECK(has(l, "error[E0334]: min_samples must be a number from 3 to 1000000"));
  l = load(replace(valid, ", min_change: 512KB}", "}"));
  CHECK(has(l, "error[E0334]: a trend needs min_change or min_change_percent"));
  l = load(replace(valid, "min_duration: 30m, ", ""));
  CHECK(has(l, "error[E0334]: a trend needs min_duration"));
  l = load(replace(valid, "counter: {object: Memory, name: Available Bytes}", "counter: {object: Memory}"));
  CHECK(has(l, "error[E0333]: a counter names its object"));
}

TEST_CASE("loader: unknown network checks list the known ones", "[loader]") {
  const auto l = load(replace(valid, "check: route_interface_not_held", "check: routes_wrong"));
  CHECK(has(l,
            "sigs/Q100005.yaml:18:28: error[E0335]: unknown network check 'routes_wrong' (expected one of: "
            "route_interface_not_held, address_without_host_route, address_without_subnet_route, multihomed, "
            "multiple_addresses)"));
}

TEST_CASE("loader: during names a trend symptom of the signature", "[loader]") {
  auto l = load(replace(valid, "during: leak", "during: stale"));
  CHECK(has(l, "error[E0337]: during names a trend symptom"));
  l = load(replace(valid, "during: leak", "during: nowhere"));
  CHECK(has(l, "error[E0322]: unknown symptom 'nowhere'"));
  l = load(replace(valid, "  - level: medium\n    any:", "  - level: medium\n    during: leak\n    any:"));
  CHECK(has(l, "error[E0337]: during applies to a symptom"));
  // count without within is fine under during (the window is the trend's), not otherwise.
  l = load(replace(valid, "    during: leak\n", ""));
  CHECK(has(l, "error[E0324]: count needs a 'within' window"));
}

TEST_CASE("loader: applies_to mistakes", "[loader]") {
  auto l = load(replace(valid, "windows: \"4.0\"", "windows: NT4"));
  CHECK(has(l, "sigs/Q100005.yaml:5:16: error[E0336]: a system names its Windows version as major.minor"));
  l = load(replace(valid, "min_service_pack: 6", "min_service_pack: six"));
  CHECK(has(l, "error[E0336]: min_service_pack must be a service pack number"));
  l = load(replace(valid, "when_unknown: medium", "when_unknown: maybe"));
  CHECK(has(l, "error[E0336]: when_unknown 'maybe' must be high, medium or low"));
  l = load(replace(valid, "    - {windows: \"5.0\", max_service_pack: 3}\n", "    - {windows: \"5.0\", sp: 3}\n"));
  CHECK(has(l, "error[E0304]: unknown key 'sp' in system"));
  l = load(replace(valid, "applies_to:\n  systems:", "applies_to:\n  products:"));
  CHECK(has(l, "error[E0304]: unknown key 'products' in applies_to"));
}
