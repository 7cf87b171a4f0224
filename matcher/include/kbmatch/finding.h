// Findings: what the scanner concludes, and the push interface it delivers them through.
//
// A Finding owns copies of everything it shows (evidence lines included), so it outlives the
// readers' buffers and the scan.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kbmatch/event.h"
#include "kbmatch/signature.h"

namespace kbmatch {

// One event that supports a finding.
struct Evidence {
  std::string symptom;     // symptom id in the signature
  std::string file;        // input display name
  std::uint64_t line = 0;  // 0 when the format has no lines (binary)
  std::uint64_t record = 0;
  bool has_record = false;
  Timestamp time;
  std::string computer;
  std::string log;
  std::string source;
  std::uint32_t event_id = 0;
  bool has_event_id = false;  // false for records without one (a Dr. Watson log's crashes)
  Level level = Level::unknown;
  std::string text;  // description (whitespace collapsed, shortened), or strings and data
};

struct SymptomCount {
  std::string symptom;
  std::string description;
  std::uint64_t count = 0;  // occurrences supporting the finding
};

// The computer of findings from logs that name none (and no --computer was given).
inline constexpr std::string_view unknown_computer = "(unknown)";

struct Finding {
  // Which occurrence of the problem this is: article, computer key and first time seen,
  // "Q216793/dhcpsrv01/2001-03-14T07:07:01Z" ("untimed" when no hit has a time). With --state
  // it stays the same while later batches extend the incident; `update` then says this finding
  // revises one reported by an earlier run.
  std::string incident;
  bool update = false;
  // With --state: an incident reported by an earlier run is withdrawn, because a later batch
  // showed the computer runs a system the article does not apply to (`why` says which).
  bool retracted = false;
  std::string article;
  std::string title;
  std::string status;  // curated / draft
  Confidence confidence = Confidence::low;
  std::string why;
  std::string computer;
  Timestamp first_seen;
  Timestamp last_seen;
  std::vector<SymptomCount> symptoms;
  std::vector<Evidence> evidence;  // chronological; at most ScanOptions::max_evidence per symptom
  std::string resolution;
  std::vector<FixFile> fix_files;
  std::vector<std::string> products;
  // What the logs tell about the computer's system (EventLog 6009, Dr. Watson, ipconfig), and
  // whether the article applies to it.
  std::string platform;         // "Windows NT 4.0 build 1381 Service Pack 6"; "" when the logs do not tell
  std::string platform_source;  // "EventLog 6009", "Dr. Watson", "ipconfig"
  std::optional<Evidence> platform_evidence;
  std::string platform_check;  // "applies", "unconfirmed"; "" when the signature names no systems
};

struct FileStats {
  std::string name;
  std::string format;         // format_name(); "" when it could not be read
  std::uint64_t events = 0;   // events read
  std::uint64_t skipped = 0;  // damaged records skipped
  bool failed = false;        // could not be opened or recognized
};

struct ScanStats {
  std::uint64_t files = 0;
  std::uint64_t events = 0;
  std::uint64_t skipped = 0;
  std::uint64_t outside_window = 0;  // read but left out by --since/--until
  std::uint64_t duplicates = 0;      // read but already counted by this or an earlier run (--state)
  std::uint64_t failed_files = 0;
  std::uint64_t symptom_hits = 0;
  std::vector<FileStats> per_file;
};

// Receives results as they become final (model: ripgrep's Sink). Printers implement it.
class FindingSink {
 public:
  virtual ~FindingSink() = default;
  virtual void on_finding(const Finding& finding) = 0;
};

}  // namespace kbmatch
