// Date and time spellings of the exports.
#include <catch2/catch.hpp>

#include "util/civil_time.h"

using namespace kbmatch;
using namespace kbmatch::detail;

namespace {
std::int64_t secs(int y, int mo, int d, int h, int mi, int s) {
  return (days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s);
}
}  // namespace

TEST_CASE("ISO 8601 as Event XML and wevtutil write it", "[time]") {
  auto t = parse_iso8601("2001-03-14T07:15:03.1234567Z");
  REQUIRE(t);
  CHECK(t->zone == Timestamp::Zone::utc);
  CHECK(t->micros == secs(2001, 3, 14, 7, 15, 3) * 1000000 + 123456);
  t = parse_iso8601("2026-03-17T15:18:00.626223400-04:00");
  REQUIRE(t);
  CHECK(t->zone == Timestamp::Zone::utc);
  CHECK(t->seconds() == secs(2026, 3, 17, 19, 18, 0));
  t = parse_iso8601("2020-12-14T17:09:08.940");
  REQUIRE(t);
  CHECK(t->zone == Timestamp::Zone::local);
  CHECK_FALSE(parse_iso8601("2001-03-14T07:15:03+99:99"));
  CHECK_FALSE(parse_iso8601("2001-03-14T07:15:03+05:75"));
  CHECK_FALSE(parse_iso8601("2001-02-30T00:00:00Z"));
  CHECK_FALSE(parse_iso8601("2001-03-14T24:00:00Z"));
  CHECK_FALSE(parse_iso8601("2001-03-14T07:15:03Z trailing"));
}

TEST_CASE("locale dates and times of Event Viewer text", "[time]") {
  auto t = parse_locale_date_time("3/14/01", "2:15:03 AM");
  REQUIRE(t);
  CHECK(t->zone == Timestamp::Zone::local);
  CHECK(t->seconds() == secs(2001, 3, 14, 2, 15, 3));
  CHECK(parse_locale_date_time("11/5/99", "11:57:22 PM")->seconds() == secs(1999, 11, 5, 23, 57, 22));
  CHECK(parse_locale_date_time("31/12/96", "19:56:34")->seconds() == secs(1996, 12, 31, 19, 56, 34));
  CHECK(parse_locale_date_time("14.03.2001", "02:15:03")->seconds() == secs(2001, 3, 14, 2, 15, 3));
  CHECK(parse_locale_date_time("2017/11/18", "15:34:42")->seconds() == secs(2017, 11, 18, 15, 34, 42));
  CHECK(parse_locale_date_time("11/ 7/1996", "16:32: 1")->seconds() == secs(1996, 11, 7, 16, 32, 1));
  CHECK(parse_locale_date_time("1/1/2001", "12:05:00 AM")->seconds() == secs(2001, 1, 1, 0, 5, 0));
  CHECK(parse_locale_date_time("1/1/2001", "12:05:00 PM")->seconds() == secs(2001, 1, 1, 12, 5, 0));
  CHECK_FALSE(parse_locale_date_time("13/13/2001", "10:00:00"));
  CHECK_FALSE(parse_locale_date_time("3/14/01", "13:00:00 PM"));
  CHECK_FALSE(parse_locale_date("3/14"));
}

TEST_CASE("formatting keeps what is known about the zone", "[time]") {
  CHECK(format_timestamp({secs(2001, 3, 14, 7, 15, 3) * 1000000, Timestamp::Zone::utc}) == "2001-03-14T07:15:03Z");
  CHECK(format_timestamp({secs(2001, 3, 14, 7, 15, 3) * 1000000 + 940000, Timestamp::Zone::local}) ==
        "2001-03-14T07:15:03.940");
  CHECK(format_timestamp({secs(1999, 12, 31, 23, 59, 59) * 1000000 + 1, Timestamp::Zone::utc}) ==
        "1999-12-31T23:59:59.000001Z");
  CHECK(format_timestamp({}).empty());
}

TEST_CASE("29 February exists only in leap years", "[time]") {
  CHECK(detail::valid_date(2000, 2, 29));
  CHECK(detail::valid_date(1996, 2, 29));
  CHECK_FALSE(detail::valid_date(1999, 2, 29));
  CHECK_FALSE(detail::valid_date(1900, 2, 29));
  CHECK_FALSE(detail::valid_date(2001, 2, 30));
  CHECK_FALSE(detail::parse_iso8601("1999-02-29T10:00:00Z"));
  CHECK(detail::parse_iso8601("2000-02-29T10:00:00Z"));
  CHECK_FALSE(detail::parse_locale_date("2/29/99"));
}
