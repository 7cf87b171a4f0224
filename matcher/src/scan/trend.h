// Trend detection over one counter series (one instance of one counter on one computer): does it
// move steadily one way, as a leak does, or is it flat, noisy, or a saw-tooth?
//
// A leak is growth that is never given back while the process lives. So the series is first cut
// into process lifetimes, then each lifetime is searched for the longest window where:
// - a least-squares line fits (R² ≥ min_fit), rising (or falling, for e.g. Available Bytes);
// - the line's rise over the window is at least min_change and min_change_percent of its level
//   at the window's start, the window spans min_duration and holds min_samples samples;
// - it moves throughout: the first and the last quarter's slopes are each at least half of
//   the window's, so a flat stretch before the climb is not part of it, and a counter that
//   climbs and levels off (a cache warming up) is not a leak;
// - the rise is not given back later in the same lifetime (no later sample falls back below the
//   window's start level plus half the rise), which is what tells a saw-tooth (memory freed
//   again) from a leak.
//
// Lifetimes: when the log has the process's "ID Process" counter, a change of ID is a restart
// and a fall without one is memory given back. Without it, a fall of more than half the level
// is taken as a restart (a leaking process killed and started again), and a gap of more than
// ten sampling intervals as the instance going away. Noise is tolerated by the fit; short
// saw-teeth fail min_duration inside their tooth and the fit across teeth.
//
// Cost: windows start and end on a grid of at most grid_points samples per lifetime, and each is
// evaluated in O(1) from prefix sums, so a lifetime of n samples costs O(n + grid_points²).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "kbmatch/signature.h"

namespace kbmatch::detail {

struct SeriesPoint {
  std::int64_t micros = 0;  // sample time
  double value = 0;
};

struct TrendWindow {
  std::size_t first = 0, last = 0;  // indices into the points, inclusive
  double change = 0;                // rise (or fall) of the fitted line over the window, > 0
  double change_percent = 0;        // of the fitted level at the window's start; < 0 when that level is 0
  double fit = 0;                   // R²
};

inline constexpr std::size_t trend_grid_points = 64;

// `points` sorted by time. `lifetime_starts`: indices where a new process lifetime begins, known
// from the ID Process counter; nullopt when the log does not tell (restarts are then inferred).
std::optional<TrendWindow> find_trend(const std::vector<SeriesPoint>& points, const TrendSpec& spec,
                                      const std::optional<std::vector<std::size_t>>& lifetime_starts);

}  // namespace kbmatch::detail
