#include "scan/trend.h"

#include <algorithm>
#include <cmath>

namespace kbmatch::detail {
namespace {

constexpr double restart_fall = 0.5;      // a fall of more than this share of the level: a restart
constexpr double gap_intervals = 10;      // a gap of more than this many sampling intervals: gone
constexpr double given_back_share = 0.5;  // falling back below start + this share of the rise

// Running sums over one lifetime, so the least-squares line of any window costs O(1). Times are
// seconds since the lifetime's first sample and values are relative to its first value, which
// keeps the sums well conditioned for byte counters in the hundreds of millions.
class Sums {
 public:
  Sums(const std::vector<double>& t, const std::vector<double>& x)
      : t_(t.size() + 1), x_(t.size() + 1), tt_(t.size() + 1), xx_(t.size() + 1), tx_(t.size() + 1) {
    for (std::size_t k = 0; k < t.size(); ++k) {
      const long double a = t[k], b = x[k];
      t_[k + 1] = t_[k] + a;
      x_[k + 1] = x_[k] + b;
      tt_[k + 1] = tt_[k] + a * a;
      xx_[k + 1] = xx_[k] + b * b;
      tx_[k + 1] = tx_[k] + a * b;
    }
  }

  struct Line {
    double slope = 0, intercept = 0, r2 = 0;
  };

  // The least-squares line through samples i..j (inclusive); r2 is 0 for a flat window.
  Line fit(std::size_t i, std::size_t j) const {
    const long double n = static_cast<long double>(j - i + 1);
    const long double st = t_[j + 1] - t_[i], sx = x_[j + 1] - x_[i];
    const long double stt = tt_[j + 1] - tt_[i] - st * st / n;
    const long double sxx = xx_[j + 1] - xx_[i] - sx * sx / n;
    const long double stx = tx_[j + 1] - tx_[i] - st * sx / n;
    Line line;
    if (stt <= 0) return line;
    line.slope = static_cast<double>(stx / stt);
    line.intercept = static_cast<double>((sx - stx / stt * st) / n);
    if (sxx > 0) line.r2 = static_cast<double>(stx * stx / (stt * sxx));
    return line;
  }

 private:
  std::vector<long double> t_, x_, tt_, xx_, tx_;
};

struct Candidate {
  TrendWindow window;
  double seconds = 0;
};

// The best window of one lifetime [begin, end), in the direction-normalized values `x`.
void search_lifetime(const std::vector<SeriesPoint>& points, const std::vector<double>& x, std::size_t begin,
                     std::size_t end, const TrendSpec& spec, std::optional<Candidate>& best) {
  const std::size_t n = end - begin;
  if (n < std::max<std::size_t>(spec.min_samples, 3)) return;
  std::vector<double> t(n), v(n);
  for (std::size_t k = 0; k < n; ++k) {
    t[k] = static_cast<double>(points[begin + k].micros - points[begin].micros) / 1e6;
    v[k] = x[begin + k] - x[begin];
  }
  const Sums sums(t, v);
  // The lowest value from each sample on: what the lifetime gives back after a window.
  std::vector<double> low_after(n + 1, INFINITY);
  for (std::size_t k = n; k-- > 0;) low_after[k] = std::min(low_after[k + 1], v[k]);

  std::vector<std::size_t> grid;
  if (n <= trend_grid_points) {
    for (std::size_t k = 0; k < n; ++k) grid.push_back(k);
  } else {
    for (std::size_t g = 0; g < trend_grid_points; ++g) grid.push_back(g * (n - 1) / (trend_grid_points - 1));
  }
  const double sign = spec.direction == TrendSpec::Direction::rising ? 1 : -1;
  for (std::size_t gi = 0; gi < grid.size(); ++gi) {
    for (std::size_t gj = grid.size(); gj-- > gi + 1;) {
      const std::size_t i = grid[gi], j = grid[gj];
      const double seconds = t[j] - t[i];
      if (j - i + 1 < spec.min_samples || seconds < static_cast<double>(spec.min_duration)) continue;
      if (best && seconds < best->seconds) break;  // shorter still as gj falls
      const auto line = sums.fit(i, j);
      if (line.slope <= 0 || line.r2 < spec.min_fit) continue;
      const double change = line.slope * seconds;
      const double start = line.intercept + line.slope * t[i];  // relative, normalized
      const double level = sign * (x[begin] + start);           // the counter's own value there
      const double percent = level > 0 ? change / level * 100 : -1;
      if (change < spec.min_change || (percent >= 0 && percent < spec.min_change_percent)) continue;
      // Steady throughout: the first and the last quarter each keep half the slope or more,
      // so a flat stretch before the climb is not claimed, and a climb that levels off is not
      // taken for one that goes on.
      const std::size_t q1 = i + (j - i) / 4, q3 = i + (j - i) * 3 / 4;
      if (q1 - i + 1 >= 3 && sums.fit(i, q1).slope < line.slope / 2) continue;
      if (j - q3 + 1 >= 3 && sums.fit(q3, j).slope < line.slope / 2) continue;
      if (low_after[j + 1] < start + given_back_share * change) continue;
      if (best && seconds == best->seconds && line.r2 <= best->window.fit) continue;
      best = Candidate{{begin + i, begin + j, change, percent, line.r2}, seconds};
    }
  }
}

}  // namespace

std::optional<TrendWindow> find_trend(const std::vector<SeriesPoint>& points, const TrendSpec& spec,
                                      const std::optional<std::vector<std::size_t>>& lifetime_starts) {
  if (points.size() < 3) return std::nullopt;
  const double sign = spec.direction == TrendSpec::Direction::rising ? 1 : -1;
  std::vector<double> x(points.size());
  for (std::size_t k = 0; k < points.size(); ++k) x[k] = sign * points[k].value;

  std::vector<std::size_t> cuts;  // lifetime boundaries, ascending, ending with size()
  if (lifetime_starts) {
    for (const std::size_t s : *lifetime_starts) {
      if (s > 0 && s < points.size()) cuts.push_back(s);
    }
  } else {
    std::vector<std::int64_t> steps;
    for (std::size_t k = 1; k < points.size(); ++k) steps.push_back(points[k].micros - points[k - 1].micros);
    std::nth_element(steps.begin(), steps.begin() + static_cast<std::ptrdiff_t>(steps.size() / 2), steps.end());
    const double interval = static_cast<double>(steps[steps.size() / 2]);
    for (std::size_t k = 1; k < points.size(); ++k) {
      const bool fell = x[k - 1] - x[k] > restart_fall * std::abs(points[k - 1].value);
      const bool gone =
          interval > 0 && static_cast<double>(points[k].micros - points[k - 1].micros) > gap_intervals * interval;
      if (fell || gone) cuts.push_back(k);
    }
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  cuts.push_back(points.size());

  std::optional<Candidate> best;
  std::size_t begin = 0;
  for (const std::size_t end : cuts) {
    search_lifetime(points, x, begin, end, spec, best);
    begin = end;
  }
  if (!best) return std::nullopt;
  return best->window;
}

}  // namespace kbmatch::detail
