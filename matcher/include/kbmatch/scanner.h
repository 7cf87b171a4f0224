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
  // Scanning in batches with a saved state (--state): an event already counted (same computer,
  // log and record number; or same computer, time and content where there is no record number)
  // is not counted again, and a finding is reported once per incident (see Finding::incident):
  // again only when a later batch extends it (later last_seen or higher confidence).
  bool incremental = false;
  // How far back a saved state keeps hits and samples, counted from each computer's latest time:
  // correlation across batches looks back this far (one scan of everything looks back without limit).
  std::int64_t retention_seconds = 7 * 24 * 3600;
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

  // Correlates everything added so far and pushes the findings, computer by computer as each is
  // correlated (by computer name), then by confidence (highest first), then article. With
  // ScanOptions::incremental, only new incidents and incidents this run extends are pushed.
  void finish(FindingSink& sink);

  // A scan in batches (--state). restore_state() goes on from what save_state() of the previous
  // run returned: its timelines (hits, counter series, network snapshots, platforms), the events it
  // counted and the incidents it reported. Call it before the first add_event(); call
  // save_state() after finish(). Hits and samples older than ScanOptions::retention_seconds
  // before their computer's latest time are not saved. restore_state() throws std::runtime_error
  // saying what is wrong when the text is not a state this version of kbmatch wrote; hits of
  // symptoms the current signatures no longer have are dropped with a note.
  void restore_state(std::string_view saved);
  std::string save_state() const;

  std::uint64_t symptom_hits() const;
  std::uint64_t outside_window() const;  // events left out by ScanOptions::since/until
  std::uint64_t duplicates() const;      // events already counted (ScanOptions::incremental)

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace kbmatch
