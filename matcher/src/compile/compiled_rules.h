// Internal form of a RuleSet, shared by the compiler and the scanner only.
#pragma once

#include <boost/regex.hpp>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "kbmatch/event.h"
#include "kbmatch/signature.h"

namespace kbmatch::detail {

struct CompiledTest {
  FieldTest::Kind kind = FieldTest::Kind::string_equals;
  boost::regex regex;  // string_matches, message_matches
  std::string needle;  // string_equals / message_contains: lower-cased; data_contains: bytes
};

struct CompiledSymptom {
  std::uint32_t signature = 0;       // index into CompiledRules::specs
  std::uint32_t local = 0;           // index into that signature's symptoms
  std::vector<std::string> sources;  // folded (lower case, no spaces); empty = any
  std::vector<std::string> logs;     // lower case; empty = any
  std::optional<Level> level;
  std::vector<CompiledTest> all_of, any_of, none_of;
  std::optional<CrashTest> crash;      // already normalized by the loader
  std::vector<std::string> instances;  // trend symptoms: lower-case instance globs; empty = all but _total
};

struct CompiledRules {
  std::vector<SignatureSpec> specs;
  std::vector<CompiledSymptom> symptoms;
  // (folded source, event ID) → symptoms keyed on it, in signature order. The key string is
  // make_key(); symptoms that name an ID but no source are under by_event_id instead.
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_source_and_id;
  std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> by_event_id;
  std::vector<std::uint32_t> crash_reports;  // no event ID but a crash test: tested on crash reports only
  // No event ID but a log (a program's own log, "Text"): tested on events of that log only,
  // by lower-case log name.
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_log;
  std::vector<std::uint32_t> unkeyed;  // no event ID, crash test or log: tested on every event
  // Trend symptoms by the series they read: counter_key(object, counter) → symptoms.
  std::unordered_map<std::string, std::vector<std::uint32_t>> trends_by_counter;
  std::vector<std::string> trend_objects;     // lower-case objects trend symptoms read ("process")
  std::vector<std::uint32_t> network_checks;  // network snapshot symptoms
  bool gates_platform = false;                // some signature has applies_to
};

// The key of a counter series name: lower-case object, a NUL, lower-case counter. Built into
// `out` so the scanner reuses one buffer per sample.
void make_counter_key(std::string_view object, std::string_view counter, std::string& out);

// Whether a trend symptom reads this instance of its counter. "_Total" sums every instance, so
// one process's leak would show there twice; it is read only when a pattern names it.
bool instance_wanted(const CompiledSymptom& symptom, std::string_view instance);

// The (source, event ID) key: the folded source name, a NUL, and the ID in decimal. Built into
// `out` so the scanner reuses one buffer per event.
void make_key(std::string_view folded_source, std::uint32_t event_id, std::string& out);

// Source names compare without case and spaces: "DHCP Server" (NT4 Event Viewer) and
// "DhcpServer" (the registered source) are the same source.
std::string fold_source(std::string_view source);
void fold_source_into(std::string_view source, std::string& out);

// Scratch space reused across events so matching allocates nothing per event.
struct MatchScratch {
  std::string folded_source;   // the scanner's fold of the current event's source
  std::string key;             // its (source, event ID) key
  std::string joined_strings;  // message_text() of an event without a message
  std::string log;             // the lower-case log name, for the by_log index
};

// Whether `event` shows `symptom`. `folded_source` is fold_source(event.source), computed once
// per event by the caller rather than once per candidate symptom. Throws std::runtime_error if a
// regex gives up (Boost's complexity limit); the scanner catches it.
bool symptom_matches(const CompiledSymptom& symptom, const Event& event, std::string_view folded_source,
                     MatchScratch& scratch);

}  // namespace kbmatch::detail
