// The line tests of the Vista+ Event Viewer CSV / tab export, shared by its reader (to end a
// description whose closing quote never came) and the sniffer (to recognize the format).
#pragma once

#include <optional>
#include <string_view>

#include "kbmatch/event.h"

namespace kbmatch::detail {

// "4/16/2020 3:47:36 PM" → local time.
std::optional<Timestamp> parse_vista_date_and_time(std::string_view s);

// The English header "Level<d>Date and Time<d>Source<d>Event ID<d>Task Category"; other UI
// languages are recognized by their first row instead.
bool is_vista_header_line(std::string_view line, char delimiter);

// A line that begins "<level word><d><date and time><d>", as every row does.
bool is_vista_row_start(std::string_view line, char delimiter);

}  // namespace kbmatch::detail
