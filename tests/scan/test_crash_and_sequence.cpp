// Crash tests (process, exception, faulting function/module, stack frames, kind) and sequences
// (steps in order, each within its max_gap of the previous one, the whole inside `within`), on
// events built in memory.
#include <catch2/catch.hpp>

#include "kbmatch/rule_set.h"
#include "kbmatch/scanner.h"
#include "util/civil_time.h"

using namespace kbmatch;

namespace {

const char* const signature = R"(article: Q100002
title: Service restart corrupts the heap
symptoms:
  stopped:
    source: Service Control Manager
    event_id: 7036
    any_of: [{message: 'Widget service entered the stopped state'}]
  audit_stopped: {source: WidgetAudit, event_id: 1}
  running:
    source: Service Control Manager
    event_id: 7036
    any_of: [{message: 'Widget service entered the running state'}]
  heap_crash:
    crash: {process: widgetd, exception: c0000005, function: RtlAllocateHeap}
  frame_crash:
    crash: {process: widgetd, frame: 'ntdll!RtlFreeHeap'}
  module_crash:
    crash: {process: other, module: ntdll, kind: crash}
  hang:
    crash: {process: widgetd, kind: hang}
confidence:
  - level: high
    why: restart then crash
    sequence:
      - any: [{symptom: stopped}, {symptom: audit_stopped}]
      - symptom: running
        max_gap: 2m
      - symptom: heap_crash
        max_gap: 30m
    within: 30m
  - level: medium
    why: frame or module
    any: [{symptom: frame_crash}, {symptom: module_crash}, {symptom: hang}]
  - level: low
    why: crash alone
    symptom: heap_crash
)";

std::shared_ptr<const RuleSet> rules() {
  SignatureSpec spec;
  DiagnosticList diags;
  REQUIRE(load_signature(signature, "Q100002.yaml", spec, diags));
  auto r = RuleSet::compile({spec}, diags);
  REQUIRE(r != nullptr);
  return r;
}

// 2001-05-10 00:00:00 local plus `minutes`.
Timestamp at(double minutes) {
  const std::int64_t base = detail::days_from_civil(2001, 5, 10) * 86400;
  return {static_cast<std::int64_t>((static_cast<double>(base) + minutes * 60) * 1e6), Timestamp::Zone::local};
}

Event scm(double minutes, const std::string& state) {
  Event e;
  e.source = "Service Control Manager";
  e.event_id = 7036;
  e.has_event_id = true;
  e.time = at(minutes);
  e.computer = "SRV1";
  e.message = "The Widget service entered the " + state + " state.";
  return e;
}

Event crash(double minutes, const std::string& process, const std::string& function, std::uint32_t code = 0xc0000005) {
  Event e;
  e.source = "DrWatson";
  e.time = at(minutes);
  e.computer = "SRV1";
  e.crash.kind = CrashFacts::Kind::crash;
  e.crash.app = "exe\\" + process + ".dbg";
  e.crash.process = process;
  e.crash.exception_code = code;
  e.crash.has_exception_code = true;
  e.crash.function = function;
  return e;
}

struct Collect final : FindingSink {
  std::vector<Finding> findings;
  void on_finding(const Finding& f) override { findings.push_back(f); }
};

// The confidence found (or "none") for the events given.
std::string outcome(const std::vector<Event>& events, Finding* out = nullptr, ScanOptions options = {}) {
  DiagnosticList diags;
  Scanner scanner(rules(), options, diags);
  const std::uint32_t file = scanner.add_file("in.txt");
  for (Event e : events) {
    e.origin.file = file;
    scanner.add_event(e);
  }
  Collect c;
  scanner.finish(c);
  if (c.findings.empty()) return "none";
  REQUIRE(c.findings.size() == 1);
  if (out) *out = c.findings[0];
  return std::string(confidence_name(c.findings[0].confidence));
}

}  // namespace

TEST_CASE("a crash test holds on the facts, whatever the source", "[crash]") {
  CHECK(outcome({crash(10, "widgetd", "RtlAllocateHeap")}) == "low");
  // Function names compare without case and without an offset.
  CHECK(outcome({crash(10, "widgetd", "rtlallocateheap+0x2c")}) == "low");
  CHECK(outcome({crash(10, "widgetd", "RtlAllocateHeapEx")}) == "none");
  CHECK(outcome({crash(10, "widgetd", "RtlAllocateHeap", 0x80000003)}) == "none");
  CHECK(outcome({crash(10, "spoolss", "RtlAllocateHeap")}) == "none");
  Event unknown_code = crash(10, "widgetd", "RtlAllocateHeap");
  unknown_code.crash.has_exception_code = false;  // an exception test needs a code
  CHECK(outcome({unknown_code}) == "none");
  // Not a crash report at all: same words in the message do not make one.
  Event plain = scm(10, "stopped");
  plain.message = "widgetd c0000005 RtlAllocateHeap";
  CHECK(outcome({plain}) == "none");
}

TEST_CASE("frames, modules and kinds", "[crash]") {
  Event e = crash(10, "widgetd", "");
  e.crash.frames = {"kernel32!lstrcpyW", "NTDLL!RtlFreeHeap+0x1a", "widgetd!main"};
  CHECK(outcome({e}) == "medium");
  e.crash.frames = {"kernel32!RtlFreeHeap"};  // the frame names its module
  CHECK(outcome({e}) == "none");
  Event m = crash(10, "other", "");
  m.crash.module = "ntdll";
  CHECK(outcome({m}) == "medium");
  m.crash.kind = CrashFacts::Kind::hang;  // kind: crash
  CHECK(outcome({m}) == "none");
  Event h = crash(10, "widgetd", "");
  h.crash.kind = CrashFacts::Kind::hang;
  CHECK(outcome({h}) == "medium");
}

TEST_CASE("a sequence: stop, restart within its gap, then the crash", "[sequence]") {
  Finding f;
  CHECK(outcome({scm(0, "stopped"), scm(1, "running"), crash(20, "widgetd", "RtlAllocateHeap")}, &f) == "high");
  // Evidence: one occurrence per step.
  REQUIRE(f.evidence.size() == 3);
  CHECK(f.evidence[0].symptom == "stopped");
  CHECK(f.evidence[1].symptom == "running");
  CHECK(f.evidence[2].symptom == "heap_crash");
  // Any step alternative will do, and events may arrive in any order.
  CHECK(outcome({crash(20, "widgetd", "RtlAllocateHeap"), scm(1, "running"), [] {
                   Event a = scm(0, "x");
                   a.source = "WidgetAudit";
                   a.event_id = 1;
                   return a;
                 }()}) == "high");
  // Equal times count as in order (whole-second exports).
  CHECK(outcome({scm(5, "stopped"), scm(5, "running"), crash(5, "widgetd", "RtlAllocateHeap")}) == "high");
}

TEST_CASE("a sequence fails on order, gaps and the window", "[sequence]") {
  // Restart too slow (3 min > 2 min).
  CHECK(outcome({scm(0, "stopped"), scm(3, "running"), crash(10, "widgetd", "RtlAllocateHeap")}) == "low");
  // Crash too late after the restart (31 min > 30 min).
  CHECK(outcome({scm(0, "stopped"), scm(1, "running"), crash(32, "widgetd", "RtlAllocateHeap")}) == "low");
  // Crash before the restart.
  CHECK(outcome({crash(0, "widgetd", "RtlAllocateHeap"), scm(1, "stopped"), scm(2, "running")}) == "low");
  // Restart not followed by any crash: nothing at all.
  CHECK(outcome({scm(0, "stopped"), scm(1, "running")}) == "none");
  // Each gap holds (2 and 29 min) but the whole chain exceeds `within` (31 > 30 min) ...
  CHECK(outcome({scm(0, "stopped"), scm(2, "running"), crash(31, "widgetd", "RtlAllocateHeap")}) == "low");
  // ... and fits it exactly at 30 min.
  CHECK(outcome({scm(0, "stopped"), scm(1, "running"), crash(30, "widgetd", "RtlAllocateHeap")}) == "high");
}

TEST_CASE("a sequence picks the latest start, so a later restart still counts", "[sequence]") {
  // An old restart (day start) with no crash, then a second restart followed by the crash: the
  // chain must use the second stop, not give up on the first.
  Finding f;
  CHECK(outcome({scm(0, "stopped"), scm(1, "running"), scm(100, "stopped"), scm(101, "running"),
                 crash(120, "widgetd", "RtlAllocateHeap")},
                &f) == "high");
  REQUIRE(f.evidence.size() == 3);
  CHECK(f.evidence[0].time.micros == at(100).micros);
  // Both stops reach the restart (within 2 min), but only the later one keeps the chain inside
  // `within`: 31.2 min from the first, 29.7 from the second.
  CHECK(outcome({scm(0, "stopped"), scm(1.5, "stopped"), scm(2, "running"), crash(31.2, "widgetd", "RtlAllocateHeap")},
                &f) == "high");
  CHECK(f.evidence.at(0).time.micros == at(1.5).micros);
}

TEST_CASE("events without a time cannot be put in a sequence", "[sequence]") {
  Event stop = scm(0, "stopped");
  stop.time = {};
  CHECK(outcome({stop, scm(1, "running"), crash(10, "widgetd", "RtlAllocateHeap")}) == "low");
}

TEST_CASE("a UTC offset puts local-time exports on the UTC timeline of Event XML", "[sequence]") {
  // The System log came as Event XML (UTC), the crash from a Dr. Watson log in local time, on a
  // server at UTC-5: stop 14:00Z and restart 14:01Z are 09:00 and 09:01 local; the crash at
  // 09:20 local is 14:20Z.
  auto utc = [](Event e) {
    e.time.micros += 5 * 3600 * std::int64_t{1000000};
    e.time.zone = Timestamp::Zone::utc;
    return e;
  };
  const std::vector<Event> events = {utc(scm(9 * 60, "stopped")), utc(scm(9 * 60 + 1, "running")),
                                     crash(9 * 60 + 20, "widgetd", "RtlAllocateHeap")};
  // As written, the crash seems to come five hours before the restart.
  CHECK(outcome(events) == "low");
  ScanOptions options;
  options.utc_offset_seconds = -5 * 3600;
  Finding f;
  CHECK(outcome(events, &f, options) == "high");
  // The evidence is on the same timeline: every time in UTC.
  for (const auto& e : f.evidence) CHECK(e.time.zone == Timestamp::Zone::utc);
  CHECK(f.evidence.back().time.micros == utc(crash(9 * 60 + 20, "widgetd", "")).time.micros);
}

TEST_CASE("UTC offsets as engineers write them", "[sequence]") {
  CHECK(parse_utc_offset("-05:00") == -18000);
  CHECK(parse_utc_offset("+01:00") == 3600);
  CHECK(parse_utc_offset("+0530") == 19800);
  CHECK(parse_utc_offset("-8") == -28800);
  CHECK(parse_utc_offset("Z") == 0);
  CHECK(parse_utc_offset("+14:00") == 50400);
  for (const char* bad : {"", "5", "-5:0", "+15:00", "-05:60", "EST", "+05:00:00", "--5"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_utc_offset(bad));
  }
}
