#include "util/civil_time.h"

#include "util/text.h"

namespace kbmatch::detail {

// Howard Hinnant's days_from_civil algorithm (public-domain description, written anew here).
std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilTime civil_from_seconds(std::int64_t secs) {
  std::int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
  std::int64_t rem = secs - days * 86400;
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t doe = days - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  CivilTime c;
  c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  c.year = static_cast<int>(yoe + era * 400 + (c.month <= 2));
  c.hour = static_cast<int>(rem / 3600);
  c.minute = static_cast<int>(rem / 60 % 60);
  c.second = static_cast<int>(rem % 60);
  return c;
}

namespace {

// Reads up to `max_digits` digits (skipping leading spaces when allowed); nullopt when none.
std::optional<int> take_number(std::string_view& s, int max_digits, bool allow_leading_space = false) {
  if (allow_leading_space) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  }
  int v = 0, n = 0;
  while (!s.empty() && n < max_digits && s.front() >= '0' && s.front() <= '9') {
    v = v * 10 + (s.front() - '0');
    s.remove_prefix(1);
    ++n;
  }
  if (n == 0) return std::nullopt;
  return v;
}

bool take_char(std::string_view& s, char c) {
  if (s.empty() || s.front() != c) return false;
  s.remove_prefix(1);
  return true;
}

// Fraction digits after '.', scaled to microseconds (extra digits beyond 6 are dropped).
std::int64_t take_fraction(std::string_view& s) {
  std::int64_t micros = 0;
  int digits = 0;
  while (!s.empty() && s.front() >= '0' && s.front() <= '9') {
    if (digits < 6) {
      micros = micros * 10 + (s.front() - '0');
      ++digits;
    }
    s.remove_prefix(1);
  }
  while (digits < 6) {
    micros *= 10;
    ++digits;
  }
  return micros;
}

}  // namespace

bool valid_date(int y, int m, int d) {
  static constexpr int days_in_month[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1601 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days_in_month[m - 1]) return false;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m != 2 || d <= 28 || leap;  // 29 February only in leap years (1999-02-29 is no date)
}

std::optional<Timestamp> parse_iso8601(std::string_view s) {
  s = trim(s);
  auto y = take_number(s, 4);
  if (!y || !take_char(s, '-')) return std::nullopt;
  auto mo = take_number(s, 2);
  if (!mo || !take_char(s, '-')) return std::nullopt;
  auto d = take_number(s, 2);
  if (!d || s.empty() || (s.front() != 'T' && s.front() != ' ')) return std::nullopt;
  s.remove_prefix(1);
  auto h = take_number(s, 2);
  if (!h || !take_char(s, ':')) return std::nullopt;
  auto mi = take_number(s, 2);
  if (!mi || !take_char(s, ':')) return std::nullopt;
  auto se = take_number(s, 2);
  if (!se || !valid_date(*y, *mo, *d) || *h > 23 || *mi > 59 || *se > 60) return std::nullopt;
  std::int64_t micros = 0;
  if (take_char(s, '.') || take_char(s, ',')) micros = take_fraction(s);
  std::int64_t secs = days_from_civil(*y, *mo, *d) * 86400 + *h * 3600 + *mi * 60 + *se;
  Timestamp t;
  t.zone = Timestamp::Zone::local;
  if (take_char(s, 'Z') || take_char(s, 'z')) {
    t.zone = Timestamp::Zone::utc;
  } else if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    const int sign = s.front() == '+' ? 1 : -1;
    s.remove_prefix(1);
    auto oh = take_number(s, 2);
    if (!oh || *oh > 14) return std::nullopt;  // real offsets span -12:00 to +14:00
    take_char(s, ':');
    auto om = take_number(s, 2);
    if (om && *om > 59) return std::nullopt;
    secs -= sign * (*oh * 3600 + om.value_or(0) * 60);
    t.zone = Timestamp::Zone::utc;
  }
  if (!trim(s).empty()) return std::nullopt;
  t.micros = secs * 1000000 + micros;
  return t;
}

std::optional<Date> parse_locale_date(std::string_view s) {
  s = trim(s);
  auto a = take_number(s, 4, true);
  if (!a || s.empty()) return std::nullopt;
  const char sep = s.front();
  if (sep != '/' && sep != '.' && sep != '-') return std::nullopt;
  s.remove_prefix(1);
  auto b = take_number(s, 2, true);
  if (!b || !take_char(s, sep)) return std::nullopt;
  auto c = take_number(s, 4, true);
  if (!c) return std::nullopt;
  if (!trim(s).empty()) {
    // Some locales end the date with a dot ("14.03.2001."); nothing else may follow.
    if (trim(s) != ".") return std::nullopt;
  }
  Date date;
  if (*a > 31) {  // year first: 2017/11/18
    date = {*a, *b, *c};
  } else {
    int year = *c;
    if (year < 100) year += year >= 70 ? 1900 : 2000;
    const bool day_first = sep == '.' || *a > 12;
    date = day_first ? Date{year, *b, *a} : Date{year, *a, *b};
  }
  if (!valid_date(date.year, date.month, date.day)) return std::nullopt;
  return date;
}

std::optional<std::int64_t> parse_time_of_day(std::string_view s) {
  s = trim(s);
  auto h = take_number(s, 2, true);
  if (!h || !take_char(s, ':')) return std::nullopt;
  auto m = take_number(s, 2, true);
  if (!m) return std::nullopt;
  int sec = 0;
  std::int64_t micros = 0;
  if (take_char(s, ':')) {
    auto se = take_number(s, 2, true);
    if (!se) return std::nullopt;
    sec = *se;
    if (take_char(s, '.')) {
      while (!s.empty() && s.front() == ' ') s.remove_prefix(1);  // "59. 31" (space-padded ms)
      micros = take_fraction(s);
    }
  }
  s = trim(s);
  int hour = *h;
  if (!s.empty()) {
    if (iequals(s, "PM") || iequals(s, "P.M.")) {
      if (hour > 12) return std::nullopt;
      if (hour != 12) hour += 12;
    } else if (iequals(s, "AM") || iequals(s, "A.M.")) {
      if (hour > 12) return std::nullopt;
      if (hour == 12) hour = 0;
    } else {
      return std::nullopt;
    }
  }
  if (hour > 23 || *m > 59 || sec > 60) return std::nullopt;
  return (static_cast<std::int64_t>(hour) * 3600 + *m * 60 + sec) * 1000000 + micros;
}

std::optional<Timestamp> parse_locale_date_time(std::string_view date, std::string_view time) {
  auto d = parse_locale_date(date);
  auto t = parse_time_of_day(time);
  if (!d || !t) return std::nullopt;
  Timestamp ts;
  ts.zone = Timestamp::Zone::local;
  ts.micros = days_from_civil(d->year, d->month, d->day) * 86400 * 1000000 + *t;
  return ts;
}

}  // namespace kbmatch::detail
