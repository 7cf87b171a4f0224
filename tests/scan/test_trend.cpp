// The trend detector alone: leaks are told from flat, noisy, saw-tooth and levelling-off series,
// across restarts, with the thresholds of the TrendSpec.
#include <catch2/catch.hpp>
#include <cmath>

#include "scan/trend.h"

using namespace kbmatch;
using detail::find_trend;
using detail::SeriesPoint;

namespace {

constexpr std::int64_t minute = 60 * 1000000LL;

// A fixed noise in [-1, 1] (no random source: the tests must give the same answer every run).
double noise(int i) {
  return std::sin(i * 12.9898) * 0.5 + std::sin(i * 78.233) * 0.5;
}

TrendSpec leak_spec() {
  TrendSpec t;
  t.min_duration = 20 * 60;
  t.min_change = 2 * 1024 * 1024;
  t.min_change_percent = 20;
  t.min_fit = 0.8;
  t.min_samples = 8;
  return t;
}

// n samples, one a minute, value(i) per sample.
template <class F>
std::vector<SeriesPoint> series(int n, F value) {
  std::vector<SeriesPoint> out;
  for (int i = 0; i < n; ++i) out.push_back({i * minute, value(i)});
  return out;
}

const std::optional<std::vector<std::size_t>> no_ids;

}  // namespace

TEST_CASE("trend: a steady climb with noise is a rising trend spanning the climb", "[trend]") {
  // Flat 2 MB for 40 minutes, then 80 KB a minute for two hours, noise of 20 KB.
  const auto s = series(160, [](int i) { return 2e6 + std::max(0, i - 40) * 80e3 + noise(i) * 20e3; });
  const auto w = find_trend(s, leak_spec(), no_ids);
  REQUIRE(w);
  CHECK(w->last == 159);
  CHECK(w->first >= 25);  // the flat start is not claimed as part of the climb
  CHECK(w->first <= 50);
  CHECK(w->change > 8e6);
  CHECK(w->fit > 0.95);
  CHECK(w->change_percent > 200);
}

TEST_CASE("trend: a flat noisy series is not a trend", "[trend]") {
  const auto s = series(180, [](int i) { return 2e6 + noise(i) * 300e3; });
  CHECK_FALSE(find_trend(s, leak_spec(), no_ids));
}

TEST_CASE("trend: a saw-tooth shorter than min_duration is not a trend", "[trend]") {
  // 6 MB up over 10 minutes, then back down, for three hours.
  const auto s = series(180, [](int i) { return 2e6 + (i % 10) * 600e3 + noise(i) * 10e3; });
  CHECK_FALSE(find_trend(s, leak_spec(), no_ids));
  const std::vector<std::size_t> one_lifetime;  // ID Process never changes
  CHECK_FALSE(find_trend(s, leak_spec(), one_lifetime));
}

TEST_CASE("trend: a long climb given back later in the same process is not a leak", "[trend]") {
  // 40 minutes up, then freed down to the start: with ID Process known, that is a release.
  const auto s = series(120, [](int i) { return i < 40 ? 2e6 + i * 100e3 : 2e6 + noise(i) * 10e3; });
  const std::vector<std::size_t> one_lifetime;
  CHECK_FALSE(find_trend(s, leak_spec(), one_lifetime));
  // Without ID Process, the fall is taken for a restart and the climb before it stands.
  CHECK(find_trend(s, leak_spec(), no_ids));
}

TEST_CASE("trend: a leak restarted midway is still found, in each lifetime", "[trend]") {
  const auto s = series(240, [](int i) { return 2.3e6 + (i < 130 ? i : i - 130) * 60e3 + noise(i) * 20e3; });
  const auto inferred = find_trend(s, leak_spec(), no_ids);
  REQUIRE(inferred);
  CHECK(inferred->last <= 129);  // the longer lifetime, not a line across the restart
  const std::vector<std::size_t> restart = {130};
  const auto known = find_trend(s, leak_spec(), restart);
  REQUIRE(known);
  CHECK(known->last == 129);
}

TEST_CASE("trend: growth that levels off early is only a trend while it climbs", "[trend]") {
  // A cache warming up: fast for 15 minutes, then flat for three hours.
  const auto s = series(200, [](int i) { return 2e6 + 8e6 * (1 - std::exp(-i / 5.0)); });
  CHECK_FALSE(find_trend(s, leak_spec(), no_ids));
}

TEST_CASE("trend: the thresholds decide", "[trend]") {
  const auto s = series(60, [](int i) { return 10e6 + i * 50e3; });  // +3 MB (+30%) in an hour
  auto spec = leak_spec();
  CHECK(find_trend(s, spec, no_ids));
  spec.min_change = 4 * 1024 * 1024;
  CHECK_FALSE(find_trend(s, spec, no_ids));
  spec = leak_spec();
  spec.min_change_percent = 50;
  CHECK_FALSE(find_trend(s, spec, no_ids));
  spec = leak_spec();
  spec.min_duration = 2 * 3600;
  CHECK_FALSE(find_trend(s, spec, no_ids));
  spec = leak_spec();
  spec.min_samples = 100;
  CHECK_FALSE(find_trend(s, spec, no_ids));
}

TEST_CASE("trend: a falling series is found when the direction is falling", "[trend]") {
  const auto s = series(90, [](int i) { return 400e6 - i * 1e6 + noise(i) * 200e3; });
  auto spec = leak_spec();
  CHECK_FALSE(find_trend(s, spec, no_ids));
  spec.direction = TrendSpec::Direction::falling;
  const auto w = find_trend(s, spec, no_ids);
  REQUIRE(w);
  CHECK(w->change > 80e6);
}

TEST_CASE("trend: tiny, empty and constant series are handled", "[trend]") {
  CHECK_FALSE(find_trend({}, leak_spec(), no_ids));
  CHECK_FALSE(find_trend(series(2, [](int i) { return i * 1e9; }), leak_spec(), no_ids));
  CHECK_FALSE(find_trend(series(100, [](int) { return 5e6; }), leak_spec(), no_ids));
  // Every sample at the same time: no duration, no line.
  std::vector<SeriesPoint> same(50, SeriesPoint{0, 1e6});
  CHECK_FALSE(find_trend(same, leak_spec(), no_ids));
}

TEST_CASE("trend: a long series is searched on a grid and still finds the climb", "[trend]") {
  // 8,000 samples (every 15 s for 33 hours), the last 10 hours climbing.
  std::vector<SeriesPoint> s;
  for (int i = 0; i < 8000; ++i) {
    const double v = 3e6 + std::max(0, i - 5600) * 5e3 + noise(i) * 30e3;
    s.push_back({i * 15 * 1000000LL, v});
  }
  const auto w = find_trend(s, leak_spec(), no_ids);
  REQUIRE(w);
  CHECK(w->last == 7999);
  CHECK(w->first >= 5200);  // windows start on a grid of 64 points: about 127 samples apart here
  CHECK(w->first <= 5800);
}
