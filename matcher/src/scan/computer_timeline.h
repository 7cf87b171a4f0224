// One computer's timeline: what the scanner keeps of a computer's logs between reading them and
// correlating (symptom hits, the counter series trend symptoms read, the network snapshot, what
// the logs tell about its system). A scan with --state saves it and the next run goes on from it
// (scan/saved_state.h), so it holds plain values only: no views into readers' buffers.
//
// Sharing: owned by one Scanner; not thread-safe.
#pragma once

#include <cctype>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kbmatch/event.h"
#include "kbmatch/signature.h"
#include "scan/correlation.h"
#include "scan/network_snapshot.h"
#include "scan/platform.h"

namespace kbmatch::detail {

// Samples kept per counter series. A week of 15-second samples is 40,320; past the cap every
// other sample is dropped and the series keeps one in two (then four, ...) of those to come, so
// a trend of hours is still seen while memory stays bounded whatever the log's length.
inline constexpr std::size_t max_series_samples = 8192;

// One sample of a counter series.
struct Sample {
  std::int64_t micros;
  double value;
  std::uint64_t line;
  std::uint32_t file;  // index into the scanner's files
  Timestamp::Zone zone;
};

// One counter series of one computer: the samples some trend symptom reads.
struct CounterSeries {
  std::string counter_key;  // make_counter_key(object, counter)
  std::string object, instance, counter;
  std::vector<Sample> samples;
  std::uint32_t stride = 1;  // keep one sample in `stride` (grows as the cap is reached)
  std::uint32_t arrivals = 0;

  void add(const Sample& s) {
    if (arrivals++ % stride != 0) return;
    if (samples.size() == max_series_samples) {
      for (std::size_t k = 0; k < samples.size() / 2; ++k) samples[k] = samples[2 * k];
      samples.resize(samples.size() / 2);
      stride *= 2;
    }
    samples.push_back(s);
  }
};

// A finding as reported, so that a later run whose logs extend it reports an update with the same
// id instead of a new finding (--state).
struct Incident {
  std::string id;  // "Q216793/dhcpsrv01/2001-03-14T07:07:01Z": article, computer, first seen
  Confidence confidence = Confidence::low;
  Timestamp first_seen, last_seen;
  bool retracted = false;  // withdrawn since: later logs showed a system the article does not apply to
  bool renamed = false;    // moved from "(unknown)" to a named computer in this run: reported again
};

struct ComputerTimeline {
  std::string display;  // the name findings show: see name_as()
  // symptom (global index) → hits of events, in arrival order until finish() sorts them. Hits
  // derived at finish() (trends, network checks) are kept apart: they are derived again each run.
  std::unordered_map<std::uint32_t, std::vector<Hit>> series;
  // series key (counter key, NUL, lower-case instance) → samples
  std::unordered_map<std::string, CounterSeries> counters;
  // lower-case object, NUL, lower-case instance → its "ID Process" values where they change
  std::unordered_map<std::string, std::vector<Sample>> process_ids;
  NetworkSnapshot network;
  bool network_full = false;
  std::optional<PlatformFact> platform;
  std::map<std::int64_t, std::string> stated_offsets;  // offset from counter log headers → a file saying it
  // article → its incidents on this computer, oldest first
  std::map<std::string, std::vector<Incident>> incidents;
  // The latest time on the timeline of any event so far, across runs: how far back a saved state
  // keeps things is counted from here. `latest_read` is this run's latest event time as written
  // (--state only), put on the timeline at finish().
  std::int64_t latest = untimed;
  std::optional<Timestamp> latest_read;

  // Takes `spelling` as the name to show if none is set yet, or if it is the short (NetBIOS) name
  // where the one set is fully qualified: the name shown is then the same whichever file, or
  // batch, came first.
  void name_as(std::string_view spelling) {
    const bool qualified = display.find('.') != std::string::npos && !std::isdigit(static_cast<unsigned char>(display[0]));
    if (display.empty() || (qualified && !spelling.empty() && spelling.find('.') == std::string_view::npos))
      display = std::string(spelling);
  }
};

}  // namespace kbmatch::detail
