// Calendar arithmetic and the date/time spellings exports use.
//
// GCC 12 has no std::chrono::parse, and the exports' formats are few and odd (two-digit years,
// space-padded fields, AM/PM), so they are parsed by hand here, in one place.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "kbmatch/event.h"

namespace kbmatch::detail {

struct CivilTime {
  int year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0;
};

std::int64_t days_from_civil(int y, int m, int d);
CivilTime civil_from_seconds(std::int64_t secs);

struct Date {
  int year = 0, month = 0, day = 0;
};

// Whether the date exists in the years exports use (1601-9999): no 30 February, and 29 February
// only in leap years.
bool valid_date(int y, int m, int d);

// ISO 8601 as Event XML and wevtutil write it: "2001-03-14T07:15:03.0000000Z", with 0-9 fraction
// digits, 'Z', a "+hh:mm" offset (converted to UTC), or no zone (local). A space may replace 'T'
// (python-evtx). Returns nullopt on anything else.
std::optional<Timestamp> parse_iso8601(std::string_view s);

// Locale dates as Event Viewer writes them: "3/14/01", "3/14/2001", "14/3/2001" (day first when
// the first number exceeds 12), "14.03.2001" (dotted = day first), "2017/11/18" (year first).
// Two-digit years 70-99 are 19xx, the rest 20xx.
std::optional<Date> parse_locale_date(std::string_view s);

// "2:15:03 AM", "14:15:03", "16:32: 1" (space-padded), with optional ".mmm" fraction.
// Returns microseconds since midnight.
std::optional<std::int64_t> parse_time_of_day(std::string_view s);

// Combines the two above into a local Timestamp.
std::optional<Timestamp> parse_locale_date_time(std::string_view date, std::string_view time);

}  // namespace kbmatch::detail
