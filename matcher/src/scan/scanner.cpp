// Scanner: key-index prefilter → symptom tests → per-computer hit timelines → correlation.
//
// Only hits are kept (a time and, for the first few thousand per symptom and computer, a small
// evidence copy), so memory follows the number of symptom hits, not the size of the input.
#include "kbmatch/scanner.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>
#include <unordered_map>

#include "compile/compiled_rules.h"
#include "scan/correlation.h"
#include "util/text.h"

namespace kbmatch {
namespace {

using detail::Hit;

constexpr std::size_t max_stored_evidence = 2000;  // per symptom and computer
constexpr std::size_t max_evidence_text = 240;
constexpr std::uint32_t no_evidence = std::numeric_limits<std::uint32_t>::max();

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
  struct Group {
    std::string display;
    // symptom (global index) → hits, in arrival order until finish() sorts them
    std::unordered_map<std::uint32_t, std::vector<Hit>> series;
  };
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
  std::uint64_t hits = 0;
  bool warned_regex = false;

  State(std::shared_ptr<const RuleSet> r, ScanOptions o, DiagnosticSink& d)
      : rules(std::move(r)), options(std::move(o)), diagnostics(d) {}

  static std::string unnamed_key(std::uint32_t file) { return std::string(1, '\0') + std::to_string(file); }

  // The event's time on the batch's common timeline (see ScanOptions::utc_offset_seconds).
  Timestamp timeline_time(const Timestamp& t) const {
    if (t.zone != Timestamp::Zone::local || !options.utc_offset_seconds) return t;
    return {t.micros - *options.utc_offset_seconds * 1000000, Timestamp::Zone::utc};
  }

  void record_hit(std::uint32_t symptom, const Event& e) {
    ++hits;
    const Timestamp time = timeline_time(e.time);
    std::string key;
    if (detail::trim(e.computer).empty()) {
      key = unnamed_key(e.origin.file);
    } else {
      key = computer_key(e.computer);  // add_event() has recorded it for the file already
    }
    Group& g = groups[key];
    if (g.display.empty()) g.display = detail::trim(e.computer);
    auto& series = g.series[symptom];
    std::uint32_t ev = no_evidence;
    if (series.size() < max_stored_evidence) {
      ev = static_cast<std::uint32_t>(evidence.size());
      const auto& sym = rules->compiled().symptoms[symptom];
      const auto& spec = rules->signatures()[sym.signature];
      Evidence x;
      x.symptom = spec.symptoms[sym.local].id;
      x.file = e.origin.file < files.size() ? files[e.origin.file].name : std::string();
      x.line = e.origin.line;
      x.record = e.record;
      x.has_record = e.has_record;
      x.time = time;
      x.computer = e.computer;
      x.log = e.log;
      x.source = e.source;
      x.event_id = e.event_id;
      x.has_event_id = e.has_event_id;
      x.level = e.level;
      x.text = evidence_text(e);
      evidence.push_back(std::move(x));
    }
    series.push_back(Hit{time.known() ? time.micros : detail::untimed, ev, time.zone});
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
          Diagnostic d;
          d.severity = Severity::warning;
          d.code = "W0401";
          d.file = e.origin.file < files.size() ? files[e.origin.file].name : std::string();
          d.line = e.origin.line;
          d.message = std::string("a signature regex gave up on this event (") + err.what() +
                      "); it was treated as not matching";
          diagnostics.report(std::move(d));
        }
      }
      if (matched) record_hit(s, e);
    }
  }

  // Moves the hits of files that name no computer to the computer they belong to.
  void resolve_unnamed() {
    std::set<std::string> named;
    for (const auto& [key, g] : groups) {
      if (!key.empty() && key[0] != '\0') named.insert(key);
    }
    for (const auto& f : files) {
      for (const auto& [key, spelling] : f.computers) named.insert(key);
    }
    std::vector<std::string> unnamed;
    for (const auto& [key, g] : groups) {
      if (!key.empty() && key[0] == '\0') unnamed.push_back(key);
    }
    for (const auto& key : unnamed) {
      const auto file = static_cast<std::size_t>(std::stoul(key.substr(1)));
      std::string target;
      std::string display;
      if (file < files.size() && files[file].computers.size() == 1) {
        target = files[file].computers.begin()->first;
        display = files[file].computers.begin()->second;
      } else if (!options.default_computer.empty()) {
        target = computer_key(options.default_computer);
        display = options.default_computer;
      } else if (named.size() == 1) {
        target = *named.begin();
      } else {
        target = unknown_computer;
        display = unknown_computer;
      }
      Group moved = std::move(groups[key]);
      groups.erase(key);
      Group& g = groups[target];
      if (g.display.empty()) g.display = display;
      for (auto& [sym, hits_of] : moved.series) {
        auto& dst = g.series[sym];
        dst.insert(dst.end(), hits_of.begin(), hits_of.end());
      }
    }
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
  if (!event.computer.empty() && event.origin.file < state_->files.size()) {
    // Remember every computer a file names, hits or not: it decides where unnamed files go.
    auto& file = state_->files[event.origin.file];
    if (event.computer != file.last_computer) {
      file.last_computer = event.computer;
      file.computers.emplace(computer_key(event.computer), std::string(detail::trim(event.computer)));
    }
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
  if (!compiled.unkeyed.empty()) state_->test(compiled.unkeyed, event);
}

std::uint64_t Scanner::symptom_hits() const {
  return state_->hits;
}

void Scanner::finish(FindingSink& sink) {
  State& st = *state_;
  st.resolve_unnamed();
  const auto& compiled = st.rules->compiled();
  std::vector<Finding> findings;
  for (auto& [key, group] : st.groups) {
    // Per signature: its symptoms' hits on this computer's timeline, sorted by time.
    std::map<std::uint32_t, std::vector<std::vector<Hit>>> by_signature;
    for (auto& [sym, hits_of] : group.series) {
      const auto& cs = compiled.symptoms[sym];
      auto& per = by_signature[cs.signature];
      per.resize(compiled.specs[cs.signature].symptoms.size());
      std::sort(hits_of.begin(), hits_of.end(), [](const Hit& a, const Hit& b) { return a.micros < b.micros; });
      per[cs.local] = hits_of;
    }
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
          if (!have_first || h.micros > f.last_seen.micros) f.last_seen = {h.micros, h.zone};
          have_first = true;
        }
        // Show the first occurrences and the last one: where it began and that it goes on.
        const std::size_t max = std::max<std::size_t>(1, st.options.max_evidence);
        for (std::size_t k = 0; k < idx.size(); ++k) {
          const bool shown = idx.size() <= max || k + 1 < max || k + 1 == idx.size();
          const Hit& h = series[local][idx[k]];
          if (shown && h.evidence != no_evidence) chosen.push_back(st.evidence[h.evidence]);
        }
      }
      std::stable_sort(chosen.begin(), chosen.end(),
                       [](const Evidence& a, const Evidence& b) { return a.time.micros < b.time.micros; });
      f.evidence = std::move(chosen);
      findings.push_back(std::move(f));
    }
  }
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    if (a.computer != b.computer) return detail::to_lower(a.computer) < detail::to_lower(b.computer);
    if (a.confidence != b.confidence) return a.confidence > b.confidence;
    return a.article < b.article;
  });
  for (const auto& f : findings) sink.on_finding(f);
}

}  // namespace kbmatch
