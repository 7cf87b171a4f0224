// The row test of the NT4-era "Save As" text format, shared by its reader and the sniffer.
#pragma once

#include <array>
#include <string_view>

namespace kbmatch::detail {

enum class RowStart { no, yes, damaged };

// Classifies one line: `yes` fills the 9 fields (date, time, source, type, category, event,
// user, computer, description), `damaged` is a line that begins like a row (a date and the
// delimiter) but is not a complete one, `no` is any other line (a description continuation).
RowStart classify_nt4_row(std::string_view line, char delimiter, std::array<std::string_view, 9>& fields);

}  // namespace kbmatch::detail
