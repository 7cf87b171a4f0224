// What a scan in batches (--state) carries from one run to the next, as text: each computer's
// timeline (scan/computer_timeline.h), the evidence its hits show, and the events already counted
// (scan/seen_events.h). JSON inside; the file around it (magic, version, checksum, atomic
// replacement) is scan/state_file.h's.
//
// Symptoms are saved by article and symptom id, not by their index in the compiled rules, so a
// state outlives a change of signatures: hits of symptoms that no longer exist are dropped.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "kbmatch/diagnostic.h"
#include "kbmatch/finding.h"
#include "kbmatch/rule_set.h"
#include "scan/computer_timeline.h"
#include "scan/seen_events.h"

namespace kbmatch::detail {

// The parts of a scanner's state that are saved.
struct ScanMemory {
  std::map<std::string, ComputerTimeline>& computers;  // computer key → timeline
  std::vector<Evidence>& evidence;                     // what hits' `evidence` indices point into
  SeenEvents& seen;
};

// Hits and samples older than `retention_micros` before their computer's latest time are left
// out, and so are incidents that ended before it (nothing left can extend them) and the content
// fingerprints of events before it. `file_name` names a file index of a counter sample.
std::string save_scan_memory(const ScanMemory& memory, const RuleSet& rules, std::int64_t retention_micros,
                             const std::function<std::string(std::uint32_t)>& file_name);

// Adds a saved state to `memory` (normally empty). `add_file` registers a file name a saved
// counter sample refers to and returns its index. Throws std::runtime_error saying what is wrong
// when the text is not a state this version wrote.
void restore_scan_memory(std::string_view saved, const RuleSet& rules, ScanMemory& memory,
                         const std::function<std::uint32_t(const std::string&)>& add_file,
                         DiagnosticSink& diagnostics);

}  // namespace kbmatch::detail
