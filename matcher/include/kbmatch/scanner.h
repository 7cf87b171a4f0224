// The scanner: events in, findings out.
//
// For every event it looks up the symptoms keyed on the event ID, tests them, and keeps only the
// hits (time and a small evidence copy), never the events. At finish() it groups the hits into
// one timeline per computer and evaluates each signature's combinations (counts in windows,
// regular repetition, all/any) on that timeline, across all files and logs of the computer.
//
// Computers: names compare case-insensitively, and a fully qualified name joins its NetBIOS
// short name (DHCPSRV01.corp.example == dhcpsrv01). An event with no computer joins the only
// computer its file names; a file that names none joins the batch's only named computer (or
// ScanOptions::default_computer when set), else "(unknown)".
//
// Sharing: one Scanner per thread; it holds a shared_ptr to its immutable RuleSet.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kbmatch/diagnostic.h"
#include "kbmatch/event.h"
#include "kbmatch/finding.h"
#include "kbmatch/rule_set.h"

namespace kbmatch {

struct ScanOptions {
  std::size_t max_evidence = 5;  // evidence lines shown per symptom of a finding
  std::string default_computer;  // for files that name no computer (e.g. Vista CSV exports)
  // The exporting machine's offset from UTC in seconds (local = UTC + offset, e.g. -18000 for
  // US Eastern standard time). When set, local times (Event Viewer text/CSV, Dr. Watson logs)
  // are converted to UTC before correlation and in the evidence, so they line up with Event XML.
  // Unset, times are compared as written.
  std::optional<std::int64_t> utc_offset_seconds;
  // Only events inside [since, until) are scanned; the others are counted (Scanner::outside_window).
  // Both are put on the scan's timeline as event times are (local times moved to UTC with the
  // offset when it is known, otherwise compared as written); events with no time are scanned.
  std::optional<Timestamp> since, until;
};

// A --since/--until bound: ISO 8601 with 'Z' or an offset (UTC), without a zone (local time, as
// text exports write it), or a date alone ("2001-03-14", its midnight, local). nullopt if invalid.
std::optional<Timestamp> parse_time_bound(std::string_view text);

// Parses an offset from UTC as "+HH:MM", "-HH:MM", "-HHMM", "-5" or "Z"; nullopt if invalid or
// beyond ±14 h. Returns seconds.
std::optional<std::int64_t> parse_utc_offset(std::string_view text);

class Scanner {
 public:
  Scanner(std::shared_ptr<const RuleSet> rules, ScanOptions options, DiagnosticSink& diagnostics);
  ~Scanner();
  Scanner(const Scanner&) = delete;
  Scanner& operator=(const Scanner&) = delete;

  // Registers an input; the returned index goes into ReaderOptions::file_index.
  std::uint32_t add_file(std::string display_name);

  // Tests one event. Cheap for events no symptom is keyed on (one hash lookup).
  void add_event(const Event& event);

  // Correlates everything added so far and pushes the findings, ordered by computer, then by
  // confidence (highest first), then article.
  void finish(FindingSink& sink);

  std::uint64_t symptom_hits() const;
  std::uint64_t outside_window() const;  // events left out by ScanOptions::since/until

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace kbmatch
