// The level of an event in the Event XML model, once its System part is read: shared by the XML
// reader and the .evtx reader's BinXML decoder, which fill the same fields from the same model.
#pragma once

#include <string_view>

#include "kbmatch/event.h"
#include "util/text.h"

namespace kbmatch::detail {

// Security audits log Level 0 and their outcome in the keywords, which Event Viewer shows as the
// level ("Audit Failure"); the text exports carry that word, so XML must agree with them. Classic
// events without <Level> take the severity bits of their 32-bit identifier.
inline void settle_event_xml_level(Event& event, std::string_view keywords) {
  constexpr std::uint64_t audit_failure_keyword = 0x0010000000000000ULL;
  constexpr std::uint64_t audit_success_keyword = 0x0020000000000000ULL;
  if (auto mask = parse_hex_uint(keywords)) {
    if (*mask & audit_failure_keyword) {
      event.level = Level::audit_failure;
    } else if (*mask & audit_success_keyword) {
      event.level = Level::audit_success;
    }
  }
  if (event.level == Level::unknown && event.qualifiers != 0) {
    static constexpr Level by_severity[] = {Level::information, Level::information, Level::warning, Level::error};
    event.level = by_severity[(event.qualifiers >> 14) & 3];
  }
}

}  // namespace kbmatch::detail
