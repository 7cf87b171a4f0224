// Which events a scan with --state has already counted, so a batch read twice, or logs exported
// again with some overlap, add nothing the second time.
//
// An event with a record number is the same event when its computer, log and record number are:
// each log keeps the record numbers seen as ranges (a log's numbers rise one by one, so a whole
// export is usually one range). An event without one (text exports of some tools, Dr. Watson
// logs) is the same when its computer, time and content are: a 64-bit fingerprint, kept for the
// events that hit a symptom only (the others change nothing). Fingerprints are kept however old
// their events (a Dr. Watson log is appended to for years and exported whole each time), up to
// max_fingerprints per computer, the newest.
//
// Sharing: owned by one Scanner; not thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>

#include "kbmatch/event.h"

namespace kbmatch::detail {

class SeenEvents {
 public:
  using Ranges = std::map<std::uint64_t, std::uint64_t>;  // first → last record, disjoint, not adjacent

  // Beyond this many ranges in one log (records seen out of order, a log cleared many times),
  // the lowest ranges are forgotten.
  static constexpr std::size_t max_ranges = 4096;
  static constexpr std::size_t max_fingerprints = 100000;

  // Whether the event's record is new to its computer and log; remembers it. `computer_key` is
  // the scanner's grouping key ("" when the event names no computer).
  bool add_record(const std::string& computer_key, const Event& event);

  // Whether the event's content is new to its computer; remembers it with its time.
  bool add_content(const std::string& computer_key, const Event& event);

  // What a saved state holds: per computer key and lower-case log, the ranges; per computer
  // key, fingerprint → event time (microseconds on the event's own clock).
  std::map<std::pair<std::string, std::string>, Ranges> records;
  std::map<std::string, std::unordered_map<std::uint64_t, std::int64_t>> contents;

  // Inserts one record into a log's ranges; false when it is already there.
  static bool insert(Ranges& ranges, std::uint64_t record);

 private:
  // The ranges of the last event's computer and log: consecutive events nearly always share them.
  std::string last_computer_, last_log_;
  Ranges* last_ = nullptr;
  std::string key_scratch_;
};

// The fingerprint of an event's time and content (not its file or line: the same event exported
// twice is the same event).
std::uint64_t content_fingerprint(const Event& event);

}  // namespace kbmatch::detail
