#include "scan/correlation.h"

#include <algorithm>

namespace kbmatch::detail {
namespace {

constexpr std::int64_t micros_per_second = 1000000;
constexpr std::int64_t far_future = std::numeric_limits<std::int64_t>::max() / 4;

void merge_into(std::vector<std::uint32_t>& dst, const std::vector<std::uint32_t>& src) {
  if (src.empty()) return;
  std::vector<std::uint32_t> merged;
  merged.reserve(dst.size() + src.size());
  std::set_union(dst.begin(), dst.end(), src.begin(), src.end(), std::back_inserter(merged));
  dst.swap(merged);
}

void merge_used(std::vector<std::vector<std::uint32_t>>& dst, const std::vector<std::vector<std::uint32_t>>& src) {
  for (std::size_t i = 0; i < src.size(); ++i) merge_into(dst[i], src[i]);
}

}  // namespace

Correlator::Correlator(const SignatureSpec& spec, const std::vector<std::vector<Hit>>& series)
    : spec_(spec), series_(series) {
  for (std::uint32_t i = 0; i < spec.symptoms.size(); ++i) index_.emplace(spec.symptoms[i].id, i);
}

std::optional<Correlator::Outcome> Correlator::evaluate() const {
  for (const RuleSpec& rule : spec_.rules) {
    Used used(series_.size());
    if (eval(rule.condition, untimed, far_future, used)) return Outcome{&rule, std::move(used)};
  }
  return std::nullopt;
}

bool Correlator::eval(const ConditionSpec& c, std::int64_t lo, std::int64_t hi, Used& used) const {
  if (c.kind == ConditionSpec::Kind::symptom) return eval_symptom(c, lo, hi, used);
  if (c.kind == ConditionSpec::Kind::sequence) return eval_sequence(c, lo, hi, used);
  if (c.within) return eval_within(c, lo, hi, used);
  if (c.kind == ConditionSpec::Kind::all) {
    Used mine(series_.size());
    for (const auto& child : c.children) {
      if (!eval(child, lo, hi, mine)) return false;
    }
    merge_used(used, mine);
    return true;
  }
  bool any = false;  // Kind::any: every child that holds contributes evidence
  for (const auto& child : c.children) any = eval(child, lo, hi, used) || any;
  return any;
}

bool Correlator::eval_during(const ConditionSpec& c, std::int64_t lo, std::int64_t hi, Used& used) const {
  const auto span = index_.find(c.during);
  if (span == index_.end()) return false;
  ConditionSpec inside = c;  // the same test, restricted to each window in turn
  inside.during.clear();
  const auto& windows = series_[span->second];
  for (std::uint32_t w = 0; w < windows.size(); ++w) {
    if (windows[w].micros == untimed) continue;
    const std::int64_t from = std::max(lo, windows[w].micros), to = std::min(hi, windows[w].end_micros);
    Used mine(series_.size());
    if (from <= to && eval_symptom(inside, from, to, mine)) {
      merge_used(used, mine);
      merge_into(used[span->second], {w});
      return true;
    }
  }
  return false;
}

bool Correlator::eval_symptom(const ConditionSpec& c, std::int64_t lo, std::int64_t hi, Used& used) const {
  if (!c.during.empty()) return eval_during(c, lo, hi, used);
  const auto it = index_.find(c.symptom);
  if (it == index_.end()) return false;
  const auto& hits = series_[it->second];
  auto by_time = [](const Hit& h, std::int64_t t) { return h.micros < t; };
  const auto first = static_cast<std::uint32_t>(std::lower_bound(hits.begin(), hits.end(), lo, by_time) - hits.begin());
  const auto last = static_cast<std::uint32_t>(
      std::upper_bound(hits.begin(), hits.end(), hi, [](std::int64_t t, const Hit& h) { return t < h.micros; }) -
      hits.begin());
  if (last <= first) return false;
  std::vector<std::uint32_t> chosen;
  if (c.repeats) {
    // Greedy run: a hit closer than (every - tolerance) to the run's last one belongs to the same
    // cycle and is kept as evidence without extending the run; a gap longer than
    // (every + tolerance) ends the run.
    const std::int64_t min_gap = (c.repeats->every - c.repeats->tolerance) * micros_per_second;
    const std::int64_t max_gap = (c.repeats->every + c.repeats->tolerance) * micros_per_second;
    std::vector<std::uint32_t> run, best;
    std::uint32_t cycles = 0, best_cycles = 0;
    std::int64_t last_cycle = 0;
    for (std::uint32_t i = first; i < last; ++i) {
      const std::int64_t t = hits[i].micros;
      if (t == untimed) continue;
      if (cycles > 0 && t - last_cycle < min_gap) {
        run.push_back(i);
        continue;
      }
      if (cycles > 0 && t - last_cycle <= max_gap) {
        ++cycles;
      } else {
        if (cycles > best_cycles) best_cycles = cycles, best = run;
        run.clear();
        cycles = 1;
      }
      last_cycle = t;
      run.push_back(i);
    }
    if (cycles > best_cycles) best_cycles = cycles, best = std::move(run);
    if (best_cycles < c.repeats->at_least) return false;
    chosen = std::move(best);
  } else if (c.count > 1) {
    // Sliding window: the first `count` hits that fit inside `within`, extended to every hit
    // still inside that window.
    // Without `within` (allowed under `during`), every hit of the range counts.
    const std::int64_t span = c.within ? *c.within * micros_per_second : far_future;
    std::uint32_t i = first;
    bool found = false;
    for (std::uint32_t j = first; j < last; ++j) {
      while (hits[j].micros - hits[i].micros > span) ++i;
      if (j - i + 1 >= c.count) {
        std::uint32_t end = j + 1;
        while (end < last && hits[end].micros - hits[i].micros <= span) ++end;
        for (std::uint32_t k = i; k < end; ++k) chosen.push_back(k);
        found = true;
        break;
      }
    }
    if (!found) return false;
  } else {
    for (std::uint32_t k = first; k < last; ++k) chosen.push_back(k);
  }
  merge_into(used[it->second], chosen);
  return true;
}

void Correlator::collect_times(const ConditionSpec& c, std::int64_t lo, std::int64_t hi,
                               std::vector<std::int64_t>& out) const {
  if (c.kind != ConditionSpec::Kind::symptom) {
    for (const auto& child : c.children) collect_times(child, lo, hi, out);
    return;
  }
  const auto it = index_.find(c.symptom);
  if (it == index_.end()) return;
  for (const Hit& h : series_[it->second]) {
    if (h.micros >= lo && h.micros <= hi) out.push_back(h.micros);
  }
}

bool Correlator::eval_within(const ConditionSpec& c, std::int64_t lo, std::int64_t hi, Used& used) const {
  std::vector<std::int64_t> anchors;
  collect_times(c, lo, hi, anchors);
  std::sort(anchors.begin(), anchors.end());
  anchors.erase(std::unique(anchors.begin(), anchors.end()), anchors.end());
  const std::int64_t span = *c.within * micros_per_second;
  ConditionSpec plain = c;  // the same condition without its window, evaluated inside each one
  plain.within.reset();
  for (const std::int64_t a : anchors) {
    Used mine(series_.size());
    const std::int64_t end = a == untimed ? a : std::min(hi, a + span);
    if (eval(plain, a, end, mine)) {
      merge_used(used, mine);
      return true;
    }
  }
  return false;
}

bool Correlator::eval_sequence(const ConditionSpec& c, std::int64_t lo, std::int64_t hi, Used& used) const {
  // One step's occurrences, and for each the chain that reaches it (if any).
  struct Occurrence {
    std::int64_t micros;
    std::uint32_t symptom;         // local index
    std::uint32_t hit;             // index into series_[symptom]
    std::int64_t start = 0;        // latest start of a chain ending here
    std::uint32_t previous = ~0u;  // the occurrence of the previous step in that chain
    bool reached = false;
  };
  std::vector<std::vector<Occurrence>> steps(c.children.size());
  for (std::size_t k = 0; k < c.children.size(); ++k) {
    const ConditionSpec& step = c.children[k];
    const auto add = [&](const ConditionSpec& leaf) {
      const auto it = index_.find(leaf.symptom);
      if (it == index_.end()) return;
      const auto& hits = series_[it->second];
      for (std::uint32_t i = 0; i < hits.size(); ++i) {
        // Hits without a time cannot be put in order.
        if (hits[i].micros != untimed && hits[i].micros >= lo && hits[i].micros <= hi)
          steps[k].push_back({hits[i].micros, it->second, i});
      }
    };
    if (step.kind == ConditionSpec::Kind::symptom) {
      add(step);
    } else {
      for (const auto& leaf : step.children) add(leaf);
    }
    std::stable_sort(steps[k].begin(), steps[k].end(),
                     [](const Occurrence& a, const Occurrence& b) { return a.micros < b.micros; });
  }
  const std::int64_t span = c.within ? *c.within * micros_per_second : far_future;
  for (auto& o : steps[0]) o.start = o.micros, o.reached = true;
  for (std::size_t k = 1; k < steps.size(); ++k) {
    const auto& before = steps[k - 1];
    const std::int64_t gap = c.children[k].max_gap ? *c.children[k].max_gap * micros_per_second : far_future;
    // Sliding window over the previous step's occurrences in [t - gap, t], holding the reached
    // ones by decreasing chain start (a monotonic deque), so its front is the best predecessor.
    std::vector<std::uint32_t> window;
    std::size_t front = 0, next = 0;
    for (auto& o : steps[k]) {
      while (next < before.size() && before[next].micros <= o.micros) {
        if (before[next].reached) {
          while (window.size() > front && before[window.back()].start <= before[next].start) window.pop_back();
          window.push_back(static_cast<std::uint32_t>(next));
        }
        ++next;
      }
      while (window.size() > front && before[window[front]].micros < o.micros - gap) ++front;
      if (window.size() == front) continue;
      const Occurrence& best = before[window[front]];
      if (o.micros - best.start > span) continue;
      o.start = best.start;
      o.previous = window[front];
      o.reached = true;
    }
  }
  // The earliest complete chain: where the incident first shows in full.
  const auto& last = steps.back();
  const auto end = std::find_if(last.begin(), last.end(), [](const Occurrence& o) { return o.reached; });
  if (end == last.end()) return false;
  std::uint32_t at = static_cast<std::uint32_t>(end - last.begin());
  for (std::size_t k = steps.size(); k-- > 0;) {
    const Occurrence& o = steps[k][at];
    merge_into(used[o.symptom], {o.hit});
    at = o.previous;
  }
  return true;
}

}  // namespace kbmatch::detail
