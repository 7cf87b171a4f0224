#include "scan/seen_events.h"

#include <iterator>
#include <limits>

#include "util/hash.h"
#include "util/text.h"

namespace kbmatch::detail {

bool SeenEvents::insert(Ranges& ranges, std::uint64_t record) {
  auto next = ranges.upper_bound(record);  // the first range starting after the record
  const bool joins_next = next != ranges.end() && record != std::numeric_limits<std::uint64_t>::max() &&
                          next->first == record + 1;
  if (next != ranges.begin()) {
    const auto previous = std::prev(next);
    if (previous->second >= record) return false;
    if (previous->second + 1 == record) {
      previous->second = joins_next ? next->second : record;
      if (joins_next) ranges.erase(next);
      return true;
    }
  }
  if (joins_next) {
    const std::uint64_t last = next->second;
    ranges.erase(next);
    ranges.emplace(record, last);
    return true;
  }
  ranges.emplace(record, record);
  if (ranges.size() > max_ranges) ranges.erase(ranges.begin());
  return true;
}

bool SeenEvents::add_record(const std::string& computer_key, const Event& event) {
  if (last_ == nullptr || computer_key != last_computer_ || event.log != last_log_) {
    key_scratch_.clear();
    append_lower(key_scratch_, event.log);
    last_ = &records[{computer_key, key_scratch_}];
    last_computer_ = computer_key;
    last_log_ = event.log;
  }
  return insert(*last_, event.record);
}

bool SeenEvents::add_content(const std::string& computer_key, const Event& event) {
  const std::int64_t t = event.time.known() ? event.time.micros : std::numeric_limits<std::int64_t>::min();
  return contents[computer_key].emplace(content_fingerprint(event), t).second;
}

std::uint64_t content_fingerprint(const Event& e) {
  std::uint64_t h = fnv1a_basis;
  const auto number = [&](std::uint64_t v) { h = fnv1a(std::string_view(reinterpret_cast<const char*>(&v), sizeof v), h); };
  number(static_cast<std::uint64_t>(e.kind));
  number(static_cast<std::uint64_t>(e.time.micros));
  number(static_cast<std::uint64_t>(e.time.zone));
  number(e.has_event_id ? e.event_id : ~0ULL);
  h = fnv1a_field(e.log, h);
  h = fnv1a_field(e.source, h);
  h = fnv1a_field(e.message, h);
  for (const auto& s : e.strings) h = fnv1a_field(s, h);
  h = fnv1a_field(e.data, h);
  h = fnv1a_field(e.crash.app, h);
  number(static_cast<std::uint64_t>(e.crash.kind));
  h = fnv1a_field(e.crash.function, h);
  return h;
}

}  // namespace kbmatch::detail
