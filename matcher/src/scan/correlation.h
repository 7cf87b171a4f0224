// Correlation: decides which of a signature's combinations holds on one computer's timeline.
//
// Conditions are evaluated over sorted hit times restricted to a window [lo, hi]:
// - symptom: at least `count` hits (within `within` of each other when count > 1), or, with
//   `repeats`, a run of hits at a regular interval (every ± tolerance; hits closer together than
//   that, such as two events of the same backup cycle, do not break the run);
// - all / any: every / some child holds; with `within`, inside one window of that length. Every
//   condition only gets easier with more hits, so a satisfying window can always be slid to
//   start at a hit: trying a window starting at each distinct hit time is exhaustive.
// - during: a symptom's hits counted only inside one occurrence of a trend (its window).
// - sequence: one occurrence per step, in step order (equal times count as in order: text exports
//   have whole seconds), each step at most its max_gap after the previous one, the whole chain
//   inside `within`. Found by dynamic programming over the steps' sorted occurrences, keeping for
//   each occurrence the latest possible chain start, which is what `within` needs.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <unordered_map>
#include <vector>

#include "kbmatch/event.h"
#include "kbmatch/signature.h"

namespace kbmatch::detail {

// Sorts before every real time; such hits satisfy plain presence tests only.
constexpr std::int64_t untimed = std::numeric_limits<std::int64_t>::min() / 4;

// One occurrence of a symptom: an event, or a derived observation (a trend's window, a network
// snapshot's violation) that spans a time range and shows itself in several evidence lines.
struct Hit {
  std::int64_t micros;           // event time (a trend: its window's start), or `untimed`
  std::int64_t end_micros;       // == micros for an event; a trend's window end
  std::uint32_t evidence;        // first of its lines in the scanner's evidence store, or ~0u
  std::uint32_t evidence_count;  // lines from there on
  Timestamp::Zone zone;
};

class Correlator {
 public:
  struct Outcome {
    const RuleSpec* rule = nullptr;
    std::vector<std::vector<std::uint32_t>> used;  // per symptom (local index): hit indices, sorted
  };

  // `series` holds each symptom's hits (by local index), sorted by time.
  Correlator(const SignatureSpec& spec, const std::vector<std::vector<Hit>>& series);

  // The first rule (strongest first) that holds, with the hits that support it.
  std::optional<Outcome> evaluate() const;

 private:
  using Used = std::vector<std::vector<std::uint32_t>>;
  bool eval(const ConditionSpec& c, std::int64_t lo, std::int64_t hi, Used& used) const;
  bool eval_symptom(const ConditionSpec& c, std::int64_t lo, std::int64_t hi, Used& used) const;
  bool eval_during(const ConditionSpec& c, std::int64_t lo, std::int64_t hi, Used& used) const;
  bool eval_within(const ConditionSpec& c, std::int64_t lo, std::int64_t hi, Used& used) const;
  bool eval_sequence(const ConditionSpec& c, std::int64_t lo, std::int64_t hi, Used& used) const;
  void collect_times(const ConditionSpec& c, std::int64_t lo, std::int64_t hi, std::vector<std::int64_t>& out) const;

  const SignatureSpec& spec_;
  const std::vector<std::vector<Hit>>& series_;
  std::unordered_map<std::string, std::uint32_t> index_;
};

}  // namespace kbmatch::detail
