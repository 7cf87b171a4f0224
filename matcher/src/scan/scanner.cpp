// Scanner: key-index prefilter → symptom tests → per-computer hit timelines → correlation.
//
// Only hits are kept (a time and, for the first few thousand per symptom and computer, a small
// evidence copy), so memory follows the number of symptom hits, not the size of the input.
// Observations are kept only where a signature reads them: the counter series some trend
// symptom names (thinned out past a fixed number of samples per series), and each computer's
// network snapshot (tens of facts). At finish() they become hits like events' (a trend's window,
// a snapshot's violations), so correlation treats every kind of symptom alike.
#include "kbmatch/scanner.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>
#include <unordered_map>
#include <utility>

#include "compile/compiled_rules.h"
#include "scan/computer_timeline.h"
#include "scan/saved_state.h"
#include "scan/seen_events.h"
#include "scan/trend.h"
#include "util/civil_time.h"
#include "util/text.h"

namespace kbmatch {
namespace {

using detail::Hit;

constexpr std::size_t max_stored_evidence = 2000;  // per symptom and computer
constexpr std::size_t max_evidence_text = 240;
constexpr std::uint32_t no_evidence = std::numeric_limits<std::uint32_t>::max();

// The part of a counter key (make_counter_key) before its NUL: the lower-case object.
std::string_view object_part(std::string_view counter_key) {
  return counter_key.substr(0, counter_key.find('\0'));
}

// The key of one instance's series: `prefix` (a counter key, or its object part), a NUL, the
// lower-case instance. Built into `out`, reused per sample.
void instance_key(std::string_view prefix, std::string_view instance, std::string& out) {
  out.assign(prefix);
  out += '\0';
  detail::append_lower(out, instance);
}

Timestamp on_timeline(const Timestamp& t, std::optional<std::int64_t> offset) {
  if (t.zone != Timestamp::Zone::local || !offset) return t;
  return {t.micros - *offset * 1000000, Timestamp::Zone::utc};
}

// Counter values as people read them: "2166240 (2.1 MB)" for byte counters, "118", "4.25".
std::string format_amount(double v, bool bytes) {
  char buf[96];
  if (bytes && std::abs(v) >= 1024.0 * 1024) {
    std::snprintf(buf, sizeof buf, "%.0f (%.1f MB)", v, v / (1024.0 * 1024));
  } else if (bytes && std::abs(v) >= 1024.0) {
    std::snprintf(buf, sizeof buf, "%.0f (%.1f KB)", v, v / 1024.0);
  } else if (std::abs(v - std::round(v)) < 0.0005 && std::abs(v) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.3f", v);
  }
  return buf;
}

std::string format_span(std::int64_t micros) {
  const std::int64_t minutes = micros / 60000000;
  if (minutes < 60) return std::to_string(minutes) + " min";
  return std::to_string(minutes / 60) + " h " + std::to_string(minutes % 60) + " min";
}

std::string format_offset(std::int64_t seconds) {
  char buf[32];
  const std::int64_t a = seconds < 0 ? -seconds : seconds;
  std::snprintf(buf, sizeof buf, "%c%02lld:%02lld", seconds < 0 ? '-' : '+', static_cast<long long>(a / 3600),
                static_cast<long long>(a % 3600 / 60));
  return buf;
}

bool is_ipv4(std::string_view s) {
  int dots = 0;
  for (char c : s) {
    if (c == '.') {
      ++dots;
    } else if (c < '0' || c > '9') {
      return false;
    }
  }
  return dots == 3;
}

// Grouping key of a computer name: lower case, and the short (NetBIOS) name of a fully qualified
// name, so the XML export's "DHCPSRV01.corp.example" and the NT4 text's "DHCPSRV01" join.
std::string computer_key(std::string_view name) {
  name = detail::trim(name);
  if (!is_ipv4(name)) {
    const std::size_t dot = name.find('.');
    if (dot != std::string_view::npos && dot > 0) name = name.substr(0, dot);
  }
  return detail::to_lower(name);
}

// Cuts at a character boundary and marks the cut.
std::string shorten(std::string text, std::size_t max) {
  if (text.size() <= max) return text;
  text.resize(detail::utf8_prefix(text, max).size());
  text += "…";
  return text;
}

std::string evidence_text(const Event& e) {
  if (!e.message.empty()) return shorten(detail::collapse_space(e.message), max_evidence_text);
  std::string out;
  for (std::size_t i = 0; i < e.strings.size(); ++i) {
    if (!out.empty()) out += " | ";
    if (i < e.string_names.size() && !e.string_names[i].empty()) out += e.string_names[i] + "=";
    out += detail::collapse_space(e.strings[i]);
  }
  if (!e.data.empty()) {
    if (!out.empty()) out += " | ";
    out += "data: " + to_hex(e.data.substr(0, 64)) + (e.data.size() > 64 ? "…" : "");
  }
  return shorten(std::move(out), max_evidence_text);
}

}  // namespace

std::optional<std::int64_t> parse_utc_offset(std::string_view text) {
  text = detail::trim(text);
  if (text == "Z" || text == "z") return 0;
  if (text.size() < 2 || (text[0] != '+' && text[0] != '-')) return std::nullopt;
  const std::int64_t sign = text[0] == '-' ? -1 : 1;
  text.remove_prefix(1);
  std::string_view hours = text, minutes;
  if (const std::size_t colon = text.find(':'); colon != std::string_view::npos) {
    hours = text.substr(0, colon);
    minutes = text.substr(colon + 1);
  } else if (text.size() == 4) {
    hours = text.substr(0, 2);
    minutes = text.substr(2);
  }
  const auto h = detail::parse_uint(hours);
  const auto m = minutes.empty() ? std::optional<std::uint64_t>(0) : detail::parse_uint(minutes);
  if (!h || !m || hours.size() > 2 || (!minutes.empty() && minutes.size() != 2) || *m >= 60) return std::nullopt;
  const auto seconds = static_cast<std::int64_t>(*h * 3600 + *m * 60);
  if (seconds > 14 * 3600) return std::nullopt;
  return sign * seconds;
}

struct Scanner::State {
  using Sample = detail::Sample;
  using CounterSeries = detail::CounterSeries;
  using Group = detail::ComputerTimeline;
  struct FileInfo {
    std::string name;
    std::map<std::string, std::string> computers;  // key → first spelling
    std::string last_computer;                     // raw name last seen: a file rarely changes computer mid-way
  };

  std::shared_ptr<const RuleSet> rules;
  ScanOptions options;
  DiagnosticSink& diagnostics;
  std::vector<FileInfo> files;
  std::map<std::string, Group> groups;  // computer key → group; "" + file for unnamed
  std::vector<Evidence> evidence;
  detail::MatchScratch scratch;
  std::string series_key;  // scratch for sample lookups
  // The group of the last event, by its raw computer name and file: consecutive events of one
  // file nearly always share it, so most events skip the name's normalization.
  std::string last_group_computer;
  std::uint32_t last_group_file = 0;
  Group* last_group = nullptr;
  std::uint64_t hits = 0;
  // --state (ScanOptions::incremental): the events already counted, and the current event's verdict
  // on its content (decided at its first hit, so an event hitting two symptoms counts once).
  detail::SeenEvents seen;
  std::uint64_t duplicate_events = 0;
  enum class Content : std::uint8_t { unchecked, fresh, repeated } content = Content::unchecked;
  std::string seen_computer, seen_key;  // the last raw computer name and its key
  std::uint64_t events_outside_window = 0;    // left out by options.since/until
  std::optional<std::int64_t> since, until;  // the bounds on the timeline (microseconds)
  bool warned_regex = false;

  State(std::shared_ptr<const RuleSet> r, ScanOptions o, DiagnosticSink& d)
      : rules(std::move(r)), options(std::move(o)), diagnostics(d) {
    // The --since/--until bounds on the timeline once, not per event.
    if (options.since) since = on_timeline(*options.since, options.utc_offset_seconds).micros;
    if (options.until) until = on_timeline(*options.until, options.utc_offset_seconds).micros;
  }

  // Whether an event lies outside [since, until); events with no time never do.
  bool outside_window(const Event& e) const {
    if ((!since && !until) || !e.time.known()) return false;
    const std::int64_t t = on_timeline(e.time, options.utc_offset_seconds).micros;
    return (since && t < *since) || (until && t >= *until);
  }

  static std::string unnamed_key(std::uint32_t file) { return std::string(1, '\0') + std::to_string(file); }

  std::string file_name(std::uint32_t file) const { return file < files.size() ? files[file].name : std::string(); }

  Group& group_of(const Event& e) {
    if (last_group != nullptr && e.origin.file == last_group_file && e.computer == last_group_computer) {
      return *last_group;
    }
    const std::string key = detail::trim(e.computer).empty() ? unnamed_key(e.origin.file) : computer_key(e.computer);
    Group& g = groups[key];
    g.name_as(detail::trim(e.computer));
    last_group = &g;
    last_group_file = e.origin.file;
    last_group_computer = e.computer;
    return g;
  }

  // The evidence line of an event, without its symptom (set by the caller).
  Evidence evidence_of(const Event& e) const {
    Evidence x;
    x.file = file_name(e.origin.file);
    x.line = e.origin.line;
    x.record = e.record;
    x.has_record = e.has_record;
    x.time = e.time;
    x.computer = e.computer;
    x.log = e.log;
    x.source = e.source;
    x.event_id = e.event_id;
    x.has_event_id = e.has_event_id;
    x.level = e.level;
    if (e.kind == Event::Kind::logged) x.text = evidence_text(e);
    if (e.kind == Event::Kind::network) {
      x.source = e.network.kind == NetworkFact::Kind::route ? "route print" : "ipconfig";
      if (e.network.kind == NetworkFact::Kind::configuration) x.text = e.message;
    }
    return x;
  }

  std::uint32_t store_evidence(Evidence x) {
    evidence.push_back(std::move(x));
    return static_cast<std::uint32_t>(evidence.size() - 1);
  }

  // The grouping key of an event's computer ("" when it names none), cached for runs of events.
  const std::string& seen_key_of(const Event& e) {
    if (e.computer != seen_computer || (seen_key.empty() && !e.computer.empty())) {
      seen_computer = e.computer;
      seen_key = detail::trim(e.computer).empty() ? std::string() : computer_key(e.computer);
    }
    return seen_key;
  }

  void record_hit(std::uint32_t symptom, const Event& e) {
    if (options.incremental && !e.has_record) {
      if (content == Content::unchecked) {
        content = seen.add_content(seen_key_of(e), e) ? Content::fresh : Content::repeated;
        if (content == Content::repeated) ++duplicate_events;
      }
      if (content == Content::repeated) return;
    }
    ++hits;
    auto& series = group_of(e).series[symptom];
    std::uint32_t ev = no_evidence;
    if (series.size() < max_stored_evidence) {
      const auto& sym = rules->compiled().symptoms[symptom];
      Evidence x = evidence_of(e);
      x.symptom = rules->signatures()[sym.signature].symptoms[sym.local].id;
      ev = store_evidence(std::move(x));
    }
    const std::int64_t t = e.time.known() ? e.time.micros : detail::untimed;
    series.push_back(Hit{t, t, ev, 1, e.time.zone});
  }

  void test(const std::vector<std::uint32_t>& candidates, const Event& e) {
    const auto& compiled = rules->compiled();
    for (const std::uint32_t s : candidates) {
      bool matched = false;
      try {
        matched = detail::symptom_matches(compiled.symptoms[s], e, scratch.folded_source, scratch);
      } catch (const std::runtime_error& err) {
        // Boost.Regex gives up on pathological input instead of running forever.
        if (!warned_regex) {
          warned_regex = true;
          diagnostics.report(make_diagnostic(Severity::warning, "W0401", file_name(e.origin.file),
                                             std::string("a signature regex gave up on this event (") + err.what() +
                                                 "); it was treated as not matching",
                                             e.origin.line));
        }
      }
      if (matched) record_hit(s, e);
    }
  }

  // A counter sample: kept when some trend symptom reads its series (or it is the ID Process of
  // an instance such a series belongs to, which tells restarts apart from memory given back).
  void add_sample(const Event& e) {
    const auto& compiled = rules->compiled();
    const CounterSample& s = e.sample;
    if (compiled.trends_by_counter.empty() || !e.time.known()) return;
    detail::make_counter_key(s.object, s.counter, scratch.key);
    const auto wanted = compiled.trends_by_counter.find(scratch.key);
    bool is_id = false;
    if (wanted == compiled.trends_by_counter.end()) {
      is_id = detail::iequals(s.counter, "ID Process") &&
              std::find(compiled.trend_objects.begin(), compiled.trend_objects.end(), object_part(scratch.key)) !=
                  compiled.trend_objects.end();
      if (!is_id) return;
    } else if (std::none_of(wanted->second.begin(), wanted->second.end(), [&](std::uint32_t sym) {
                 return detail::instance_wanted(compiled.symptoms[sym], s.instance);
               })) {
      return;
    }
    Group& g = group_of(e);
    // Every sample of a log repeats its header's offset; the file is named once per offset.
    if (s.has_utc_offset && g.stated_offsets.size() < 8 && !g.stated_offsets.count(s.utc_offset_seconds))
      g.stated_offsets.emplace(s.utc_offset_seconds, file_name(e.origin.file));
    const Sample sample{e.time.micros, s.value, e.origin.line, e.origin.file, e.time.zone};
    if (is_id) {
      instance_key(object_part(scratch.key), s.instance, series_key);
      auto& ids = g.process_ids[series_key];
      // Only changes matter (and the first value); a PID repeats every sample.
      if ((ids.empty() || ids.back().value != s.value) && ids.size() < detail::max_series_samples) ids.push_back(sample);
      return;
    }
    instance_key(scratch.key, s.instance, series_key);
    auto it = g.counters.find(series_key);
    if (it == g.counters.end()) {
      it = g.counters.emplace(series_key, CounterSeries{scratch.key, s.object, s.instance, s.counter, {}, 1, 0}).first;
    }
    it->second.add(sample);
  }

  void add_network_fact(const Event& e) {
    if (rules->compiled().network_checks.empty()) return;  // the banner's platform is noted by add_event
    Group& g = group_of(e);
    if (!g.network.add(e.network, evidence_of(e)) && !g.network_full) {
      g.network_full = true;
      diagnostics.report(make_diagnostic(Severity::warning, "W0402", file_name(e.origin.file),
                                         "more than " + std::to_string(detail::NetworkSnapshot::max_facts) +
                                             " addresses and routes for one computer; the rest are not checked",
                                         e.origin.line));
    }
  }

  void note_platform(const Event& e) {
    auto fact = detail::platform_fact(e);
    if (!fact) return;
    fact->evidence = evidence_of(e);
    fact->evidence.symptom = "platform";
    if (fact->evidence.text.empty()) fact->evidence.text = describe_platform(*fact);
    Group& g = group_of(e);
    if (!g.platform || fact->better_than(*g.platform)) g.platform = std::move(fact);
  }

  // Moves what files that name no computer told to the computer they belong to.
  void resolve_unnamed() {
    std::set<std::string> named;
    for (const auto& [key, g] : groups) {
      if (!key.empty() && key[0] != '\0' && key != unknown_computer) named.insert(key);
    }
    for (const auto& f : files) {
      for (const auto& [key, spelling] : f.computers) named.insert(key);
    }
    std::vector<std::string> unnamed;
    for (const auto& [key, g] : groups) {
      if (!key.empty() && key[0] == '\0') unnamed.push_back(key);
    }
    const auto target_of = [&](std::size_t file) -> std::pair<std::string, std::string> {
      if (file < files.size() && files[file].computers.size() == 1) return *files[file].computers.begin();
      if (!options.default_computer.empty()) return {computer_key(options.default_computer), options.default_computer};
      if (named.size() == 1) return {*named.begin(), ""};
      return {std::string(unknown_computer), std::string(unknown_computer)};
    };
    for (const auto& key : unnamed) {
      const auto [target, display] = target_of(static_cast<std::size_t>(std::stoul(key.substr(1))));
      merge_group(key, target, display);
    }
    // In batches, what an earlier batch could only put on "(unknown)" joins the computer a later
    // one names, as it would have in one scan; its incidents go along, so their next report is an
    // update of the same incident, now with the computer's name.
    if (options.incremental && groups.count(std::string(unknown_computer)) && options.default_computer.empty() &&
        named.size() == 1) {
      merge_group(std::string(unknown_computer), *named.begin(), "");
    }
    last_group = nullptr;  // the map's nodes moved
  }

  void merge_group(const std::string& from, const std::string& to, const std::string& display) {
    Group moved = std::move(groups[from]);
    groups.erase(from);
    Group& g = groups[to];
    g.name_as(display);
    for (auto& [sym, hits_of] : moved.series) {
      auto& dst = g.series[sym];
      dst.insert(dst.end(), hits_of.begin(), hits_of.end());
    }
    for (auto& [k, series] : moved.counters) {
      auto [it, fresh] = g.counters.emplace(k, std::move(series));
      if (!fresh) {
        for (const auto& x : series.samples) it->second.add(x);
      }
    }
    for (auto& [k, ids] : moved.process_ids) {
      auto& dst = g.process_ids[k];
      dst.insert(dst.end(), ids.begin(), ids.end());
    }
    g.network.merge(moved.network);
    if (moved.platform && (!g.platform || moved.platform->better_than(*g.platform))) g.platform = moved.platform;
    g.stated_offsets.insert(moved.stated_offsets.begin(), moved.stated_offsets.end());
    for (auto& [article, incidents] : moved.incidents) {
      for (auto& inc : incidents) inc.renamed = true;
      auto& dst = g.incidents[article];
      dst.insert(dst.begin(), incidents.begin(), incidents.end());
    }
    g.latest = std::max(g.latest, moved.latest);
    if (moved.latest_read && (!g.latest_read || g.latest_read->micros < moved.latest_read->micros))
      g.latest_read = moved.latest_read;
  }

  // The offset that puts this computer's local times on UTC: --utc-offset, or the one its counter
  // logs state (when they agree), announced once since it changes the times shown.
  std::optional<std::int64_t> timeline_offset(const std::string& key, const Group& g) {
    if (options.utc_offset_seconds) return options.utc_offset_seconds;
    if (g.stated_offsets.size() != 1) return std::nullopt;
    const auto& [offset, file] = *g.stated_offsets.begin();
    bool has_local = false;
    for (const auto& [sym, hits_of] : g.series) {
      has_local = has_local || std::any_of(hits_of.begin(), hits_of.end(),
                                           [](const Hit& h) { return h.zone == Timestamp::Zone::local; });
    }
    if (has_local) {
      diagnostics.report(make_diagnostic(Severity::note, "N0403", file,
                                         "local times of " + (g.display.empty() ? key : g.display) +
                                             "'s logs are put on UTC with the offset " + format_offset(offset) +
                                             " this counter log's header states (give --utc-offset to override)"));
    }
    return offset;
  }

  // Trend symptoms: one hit per series whose samples show the trend, spanning its window, with the
  // window's first and last samples as evidence.
  using DerivedHits = std::unordered_map<std::uint32_t, std::vector<Hit>>;

  void derive_trends(Group& g, std::optional<std::int64_t> offset, DerivedHits& derived) {
    const auto& compiled = rules->compiled();
    for (auto& [key, series] : g.counters) {
      const auto wanted = compiled.trends_by_counter.find(series.counter_key);
      if (wanted == compiled.trends_by_counter.end()) continue;
      // finish() runs once: the series is put on the timeline and sorted in place.
      std::vector<Sample>& samples = series.samples;
      for (auto& x : samples) {
        const Timestamp t = on_timeline({x.micros, x.zone}, offset);
        x.micros = t.micros, x.zone = t.zone;
      }
      std::stable_sort(samples.begin(), samples.end(),
                       [](const Sample& a, const Sample& b) { return a.micros < b.micros; });
      // Overlapping logs of the same counter repeat samples.
      samples.erase(std::unique(samples.begin(), samples.end(),
                                [](const Sample& a, const Sample& b) { return a.micros == b.micros; }),
                    samples.end());
      std::vector<detail::SeriesPoint> points;
      for (const auto& x : samples) points.push_back({x.micros, x.value});
      const auto lifetimes = lifetime_starts(g, series, samples, offset);
      for (const std::uint32_t sym : wanted->second) {
        if (!detail::instance_wanted(compiled.symptoms[sym], series.instance)) continue;
        const auto& cs = compiled.symptoms[sym];
        const SymptomSpec& spec = rules->signatures()[cs.signature].symptoms[cs.local];
        const auto window = detail::find_trend(points, *spec.trend, lifetimes);
        if (!window) continue;
        ++hits;
        const Sample& a = samples[window->first];
        const Sample& b = samples[window->last];
        const bool bytes = detail::find_icase(series.counter, "bytes") != std::string::npos;
        const std::string name =
            "\\" + series.object + (series.instance.empty() ? "" : "(" + series.instance + ")") + "\\" + series.counter;
        char fit[16];
        std::snprintf(fit, sizeof fit, "%.2f", window->fit);
        const std::string what = spec.trend->direction == TrendSpec::Direction::rising ? "rise" : "fall";
        std::string summary = "a steady " + what + " of " + format_amount(window->change, bytes);
        if (window->change_percent >= 0)
          summary += ", " + format_amount(std::round(window->change_percent), false) + "%,";
        summary += " over " + format_span(b.micros - a.micros) + ", " +
                   std::to_string(window->last - window->first + 1) + " samples, fit R² " + fit;
        const auto line = [&](const Sample& x, const std::string& role) {
          Evidence e;
          e.symptom = spec.id;
          e.file = file_name(x.file);
          e.line = x.line;
          e.time = {x.micros, x.zone};
          e.computer = g.display;
          e.source = "Counter log";
          e.text = name + " = " + format_amount(x.value, bytes) + ": " + role;
          return e;
        };
        const std::uint32_t first = store_evidence(line(a, "start of " + summary));
        store_evidence(line(b, "end of the " + what));
        derived[sym].push_back(Hit{a.micros, b.micros, first, 2, a.zone});
      }
    }
  }

  // Where the series' process was restarted, from its ID Process values; nullopt when the log
  // does not have them (find_trend then infers restarts).
  std::optional<std::vector<std::size_t>> lifetime_starts(const Group& g, const CounterSeries& series,
                                                          const std::vector<Sample>& samples,
                                                          std::optional<std::int64_t> offset) const {
    std::string key;
    instance_key(object_part(series.counter_key), series.instance, key);
    const auto it = g.process_ids.find(key);
    if (it == g.process_ids.end() || it->second.empty()) return std::nullopt;
    std::vector<Sample> ids = it->second;
    for (auto& x : ids) x.micros = on_timeline({x.micros, x.zone}, offset).micros;
    std::stable_sort(ids.begin(), ids.end(), [](const Sample& a, const Sample& b) { return a.micros < b.micros; });
    std::vector<std::size_t> starts;
    std::size_t next = 0;
    std::optional<double> pid, previous;
    for (std::size_t k = 0; k < samples.size(); ++k) {
      while (next < ids.size() && ids[next].micros <= samples[k].micros) pid = ids[next++].value;
      if (k > 0 && pid && previous && *pid != *previous) starts.push_back(k);
      previous = pid;
    }
    return starts;
  }

  void derive_network(Group& g, DerivedHits& derived) {
    const auto& compiled = rules->compiled();
    for (const std::uint32_t sym : compiled.network_checks) {
      const auto& cs = compiled.symptoms[sym];
      const SymptomSpec& spec = rules->signatures()[cs.signature].symptoms[cs.local];
      for (auto& lines : g.network.check(spec.network->kind)) {
        ++hits;
        const auto first = static_cast<std::uint32_t>(evidence.size());
        for (auto& e : lines) {
          e.symptom = spec.id;
          store_evidence(std::move(e));
        }
        derived[sym].push_back(Hit{detail::untimed, detail::untimed, first, static_cast<std::uint32_t>(lines.size()),
                                    Timestamp::Zone::none});
      }
    }
  }

  // Product gating (see platform.h). Returns false when the finding is not to be reported.
  bool gate(const SignatureSpec& spec, const Group& g, Finding& f, std::optional<std::int64_t> offset) {
    const detail::PlatformFact* p = g.platform ? &*g.platform : nullptr;
    if (p) {
      f.platform = describe_platform(*p);
      f.platform_source = p->source;
      f.platform_evidence = p->evidence;
      f.platform_evidence->time = on_timeline(f.platform_evidence->time, offset);
    }
    if (!spec.applies_to) return true;
    const auto verdict = detail::check_applies(*spec.applies_to, p);
    const std::string systems = detail::describe_systems(*spec.applies_to);
    if (verdict == detail::Gate::excluded) {
      diagnostics.report(make_diagnostic(Severity::note, "N0404", p->evidence.file,
                                         spec.article + " is not reported for " + f.computer + ": its logs show " +
                                             f.platform + " (" + p->source + "), and the article applies to " + systems,
                                         p->evidence.line));
      return false;
    }
    f.platform_check = verdict == detail::Gate::applies ? "applies" : "unconfirmed";
    if (verdict == detail::Gate::unconfirmed && spec.applies_to->when_unknown &&
        f.confidence > *spec.applies_to->when_unknown) {
      f.confidence = *spec.applies_to->when_unknown;
      f.why += std::string(" Confidence is ") + std::string(confidence_name(f.confidence)) + " at most while " +
               (p ? "the logs show " + f.platform + " but not its service pack" : "the logs do not tell the system") +
               ": the article applies to " + systems + ".";
    }
    return true;
  }

  // The findings of one computer's timeline (see finish()).
  std::vector<Finding> correlate(const std::string& key, Group& group) {
    const auto& compiled = rules->compiled();
    const auto offset = timeline_offset(key, group);
    if (group.latest_read) group.latest = std::max(group.latest, on_timeline(*group.latest_read, offset).micros);
    for (auto& [sym, hits_of] : group.series) {
      for (Hit& h : hits_of) {
        const Timestamp t = on_timeline({h.micros, h.zone}, offset);
        h.end_micros += t.micros - h.micros;
        h.micros = t.micros, h.zone = t.zone;
        if (h.micros != detail::untimed) group.latest = std::max(group.latest, h.end_micros);
      }
      std::sort(hits_of.begin(), hits_of.end(), [](const Hit& a, const Hit& b) { return a.micros < b.micros; });
    }
    DerivedHits derived;
    derive_trends(group, offset, derived);
    derive_network(group, derived);
    for (auto& [sym, hits_of] : derived) {
      std::stable_sort(hits_of.begin(), hits_of.end(), [](const Hit& a, const Hit& b) { return a.micros < b.micros; });
    }
    // Per signature: its symptoms' hits on this computer's timeline, sorted by time. A symptom's
    // hits are either events' (group.series) or derived (trends, network checks), never both:
    // the compiler keys each symptom on one kind of record.
    std::map<std::uint32_t, std::vector<std::vector<Hit>>> by_signature;
    for (const DerivedHits* kind : {&group.series, &derived}) {
      for (const auto& [sym, hits_of] : *kind) {
        const auto& cs = compiled.symptoms[sym];
        auto& per = by_signature[cs.signature];
        per.resize(compiled.specs[cs.signature].symptoms.size());
        per[cs.local] = hits_of;
      }
    }
    std::vector<Finding> findings;
    for (auto& [sig, series] : by_signature) {
      const SignatureSpec& spec = compiled.specs[sig];
      detail::Correlator correlator(spec, series);
      const auto outcome = correlator.evaluate();
      if (!outcome) continue;
      Finding f;
      f.article = spec.article;
      f.title = spec.title;
      f.status = spec.status;
      f.confidence = outcome->rule->confidence;
      f.why = outcome->rule->why;
      f.computer = group.display.empty() ? key : group.display;
      f.resolution = spec.resolution;
      f.fix_files = spec.fix_files;
      f.products = spec.products;
      if (!gate(spec, group, f, offset)) {
        if (retract_incident(group, f)) findings.push_back(std::move(f));
        continue;
      }
      std::vector<Evidence> chosen;
      bool have_first = false;
      for (std::size_t local = 0; local < outcome->used.size(); ++local) {
        const auto& idx = outcome->used[local];
        if (idx.empty()) continue;
        f.symptoms.push_back({spec.symptoms[local].id, spec.symptoms[local].description, idx.size()});
        for (const std::uint32_t i : idx) {
          const Hit& h = series[local][i];
          if (h.micros == detail::untimed) continue;
          if (!have_first || h.micros < f.first_seen.micros) f.first_seen = {h.micros, h.zone};
          if (!have_first || h.end_micros > f.last_seen.micros) f.last_seen = {h.end_micros, h.zone};
          have_first = true;
        }
        // Show the first occurrences and the last one: where it began and that it goes on.
        const std::size_t max = std::max<std::size_t>(1, options.max_evidence);
        for (std::size_t k = 0; k < idx.size(); ++k) {
          const bool shown = idx.size() <= max || k + 1 < max || k + 1 == idx.size();
          const Hit& h = series[local][idx[k]];
          if (!shown || h.evidence == no_evidence) continue;
          for (std::uint32_t e = h.evidence; e < h.evidence + h.evidence_count; ++e) {
            chosen.push_back(evidence[e]);
            chosen.back().time = on_timeline(chosen.back().time, offset);
          }
        }
      }
      // Untimed evidence (network snapshots) sorts first, in the order the checks gave it.
      std::stable_sort(chosen.begin(), chosen.end(), [](const Evidence& a, const Evidence& b) {
        const auto t = [](const Evidence& e) { return e.time.known() ? e.time.micros : detail::untimed; };
        return t(a) < t(b);
      });
      // One line can support several symptoms (an address shows both multihomed and
      // multiple_addresses); it is shown once, under the first.
      std::vector<Evidence> shown;
      for (auto& e : chosen) {
        const bool seen_before = std::any_of(shown.begin(), shown.end(), [&](const Evidence& x) {
          return x.file == e.file && x.line == e.line && x.record == e.record && x.time.micros == e.time.micros &&
                 x.time.zone == e.time.zone && x.text == e.text;
        });
        if (!seen_before) shown.push_back(std::move(e));
      }
      f.evidence = std::move(shown);
      if (settle_incident(key, group, f)) findings.push_back(std::move(f));
    }
    return findings;
  }

  // Names the finding's incident. Without --state every finding is a new incident. With it, a
  // finding whose time span comes within the retention of an incident already reported for its
  // article and computer is that incident (the latest such): reported again, as an update, only
  // when it got later or stronger. Returns whether the finding is to be reported.
  bool settle_incident(const std::string& key, Group& group, Finding& f) {
    const auto new_incident = [&] {
      f.incident = f.article + "/" + key + "/" + (f.first_seen.known() ? format_timestamp(f.first_seen) : "untimed");
    };
    if (!options.incremental) {
      new_incident();
      return true;
    }
    auto& incidents = group.incidents[f.article];
    const std::int64_t retention = options.retention_seconds * 1000000;
    detail::Incident* open = nullptr;
    for (auto& inc : incidents) {
      const bool untimed = !f.first_seen.known() || !inc.last_seen.known();
      if (untimed || (f.first_seen.micros <= inc.last_seen.micros + retention &&
                      f.last_seen.micros + retention >= inc.first_seen.micros))
        open = &inc;
    }
    if (open == nullptr) {
      new_incident();
      incidents.push_back({f.incident, f.confidence, f.first_seen, f.last_seen});
      return true;
    }
    f.incident = open->id;
    f.update = true;
    const bool reopened = std::exchange(open->retracted, false);
    const bool later = f.last_seen.known() && (!open->last_seen.known() || f.last_seen.micros > open->last_seen.micros);
    const bool stronger = f.confidence > open->confidence;
    if (open->first_seen.known() && (!f.first_seen.known() || open->first_seen.micros < f.first_seen.micros))
      f.first_seen = open->first_seen;
    if (open->last_seen.known() && !later) f.last_seen = open->last_seen;
    if (open->confidence > f.confidence) {
      // The hits that made it stronger were reported by an earlier run and may be gone from the state.
      f.confidence = open->confidence;
      f.why += std::string(" Confidence stays ") + std::string(confidence_name(f.confidence)) +
               ", as reported for this incident by an earlier run.";
    }
    open->confidence = f.confidence;
    open->first_seen = f.first_seen;
    open->last_seen = f.last_seen;
    const bool renamed = std::exchange(open->renamed, false);
    return later || stronger || renamed || reopened;
  }

  // A finding the product gate excludes (the logs show a system the article does not apply to):
  // with --state, an incident an earlier batch reported before its logs told the system is
  // withdrawn, once. Returns whether `f` is now that withdrawal, to be reported.
  bool retract_incident(Group& group, Finding& f) {
    if (!options.incremental) return false;
    const auto it = group.incidents.find(f.article);
    if (it == group.incidents.end() || it->second.empty() || it->second.back().retracted) return false;
    detail::Incident& inc = it->second.back();
    inc.retracted = true;
    f.incident = inc.id;
    f.update = true;
    f.retracted = true;
    f.confidence = inc.confidence;
    f.first_seen = inc.first_seen;
    f.last_seen = inc.last_seen;
    f.why = "Withdrawn: the logs now show " + f.platform + " (" + f.platform_source +
            "), a system the article does not apply to.";
    return true;
  }
};

Scanner::Scanner(std::shared_ptr<const RuleSet> rules, ScanOptions options, DiagnosticSink& diagnostics)
    : state_(std::make_unique<State>(std::move(rules), std::move(options), diagnostics)) {}

Scanner::~Scanner() = default;

std::uint32_t Scanner::add_file(std::string display_name) {
  state_->files.push_back({std::move(display_name), {}, {}});
  return static_cast<std::uint32_t>(state_->files.size() - 1);
}

void Scanner::add_event(const Event& event) {
  const auto& compiled = state_->rules->compiled();
  if (state_->outside_window(event)) {
    ++state_->events_outside_window;
    return;
  }
  if (state_->options.incremental) {
    state_->content = State::Content::unchecked;
    if (event.has_record && event.kind == Event::Kind::logged &&
        !state_->seen.add_record(state_->seen_key_of(event), event)) {
      ++state_->duplicate_events;
      return;
    }
    // Time moves on with every event, hits or not: it decides what the saved state lets go of.
    if (event.time.known()) {
      auto& latest = state_->group_of(event).latest_read;
      if (!latest || latest->micros < event.time.micros) latest = event.time;
    }
  }
  if (!event.computer.empty() && event.origin.file < state_->files.size()) {
    // Remember every computer a file names, hits or not: it decides where unnamed files go.
    auto& file = state_->files[event.origin.file];
    if (event.computer != file.last_computer) {
      file.last_computer = event.computer;
      file.computers.emplace(computer_key(event.computer), std::string(detail::trim(event.computer)));
    }
  }
  // Observations are kept for the predicates made for them, never tested as events.
  if (event.kind == Event::Kind::counter_sample) return state_->add_sample(event);
  if (event.kind == Event::Kind::network) {
    if (compiled.gates_platform && event.network.kind == NetworkFact::Kind::configuration) state_->note_platform(event);
    return state_->add_network_fact(event);
  }
  if (compiled.gates_platform && ((event.has_event_id && event.event_id == 6009) || event.crash.present())) {
    state_->note_platform(event);
  }
  detail::MatchScratch& scratch = state_->scratch;
  detail::fold_source_into(event.source, scratch.folded_source);  // once per event, for every test
  if (event.has_event_id) {
    // The key index: only symptoms naming this event's source and ID (or its ID and no source)
    // are tested at all.
    detail::make_key(scratch.folded_source, event.event_id, scratch.key);
    if (const auto it = compiled.by_source_and_id.find(scratch.key); it != compiled.by_source_and_id.end()) {
      state_->test(it->second, event);
    }
    if (const auto it = compiled.by_event_id.find(event.event_id); it != compiled.by_event_id.end()) {
      state_->test(it->second, event);
    }
  }
  if (event.crash.present() && !compiled.crash_reports.empty()) state_->test(compiled.crash_reports, event);
  if (!compiled.by_log.empty() && !event.log.empty()) {
    scratch.log.clear();
    detail::append_lower(scratch.log, event.log);
    if (const auto it = compiled.by_log.find(scratch.log); it != compiled.by_log.end()) state_->test(it->second, event);
  }
  if (!compiled.unkeyed.empty()) state_->test(compiled.unkeyed, event);
}

std::uint64_t Scanner::symptom_hits() const {
  return state_->hits;
}

std::uint64_t Scanner::outside_window() const {
  return state_->events_outside_window;
}

void Scanner::restore_state(std::string_view saved) {
  State& st = *state_;
  detail::ScanMemory memory{st.groups, st.evidence, st.seen};
  detail::restore_scan_memory(saved, *st.rules, memory, [this](const std::string& name) { return add_file(name); },
                              st.diagnostics);
  st.last_group = nullptr;
}

std::string Scanner::save_state() const {
  State& st = *state_;
  detail::ScanMemory memory{st.groups, st.evidence, st.seen};
  return detail::save_scan_memory(memory, *st.rules, st.options.retention_seconds * 1000000,
                                  [&st](std::uint32_t file) { return st.file_name(file); });
}

std::uint64_t Scanner::duplicates() const {
  return state_->duplicate_events;
}

std::optional<Timestamp> parse_time_bound(std::string_view text) {
  if (text.size() == 10) return detail::parse_iso8601(std::string(text) + "T00:00:00");
  return detail::parse_iso8601(text);
}

void Scanner::finish(FindingSink& sink) {
  State& st = *state_;
  st.resolve_unnamed();
  for (auto& [key, group] : st.groups) {
    // A computer's findings are final once its timeline is correlated: they go out before the
    // next computer's correlation starts.
    std::vector<Finding> findings = st.correlate(key, group);
    std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
      if (a.confidence != b.confidence) return a.confidence > b.confidence;
      return a.article < b.article;
    });
    for (const auto& f : findings) sink.on_finding(f);
  }
}

}  // namespace kbmatch
