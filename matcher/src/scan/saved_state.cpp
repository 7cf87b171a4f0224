#include "scan/saved_state.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <functional>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <unordered_map>

#include "compile/compiled_rules.h"

namespace kbmatch::detail {
namespace {

using nlohmann::json;

constexpr std::size_t max_saved_hits = 2000;     // per symptom and computer: the most recent
constexpr std::size_t max_saved_incidents = 16;  // per article and computer: the most recent

// An integer field read back: a float or a value out of T's range is a damaged state, not a
// conversion (a float out of range converted to an integer would be undefined behaviour).
template <class T>
T integer(const json& j) {
  if (j.is_number_unsigned()) {
    const auto v = j.get<std::uint64_t>();
    if (v > static_cast<std::uint64_t>(std::numeric_limits<T>::max())) throw std::runtime_error("a number out of range");
    return static_cast<T>(v);
  }
  if (!j.is_number_integer()) throw std::runtime_error("a number where an integer belongs");
  const auto v = j.get<std::int64_t>();
  if (v < static_cast<std::int64_t>(std::numeric_limits<T>::min()) ||
      (v > 0 && static_cast<std::uint64_t>(v) > static_cast<std::uint64_t>(std::numeric_limits<T>::max())))
    throw std::runtime_error("a number out of range");
  return static_cast<T>(v);
}

// Times read back must be ones a log can hold (years 1601 to 9999) or `untimed`: the timeline
// arithmetic (offsets, windows, retention) is then free of overflow whatever the file says.
constexpr std::int64_t max_micros = 400000000000000000LL;

std::int64_t micros_from(const json& j) {
  const auto v = integer<std::int64_t>(j);
  if (v != untimed && (v < -max_micros || v > max_micros)) throw std::runtime_error("a time out of range");
  return v;
}

json time_json(const Timestamp& t) {
  return json::array({t.micros, static_cast<int>(t.zone)});
}

Timestamp time_from(const json& j) {
  const int zone = integer<int>(j.at(1));
  if (zone < 0 || zone > static_cast<int>(Timestamp::Zone::local)) throw std::runtime_error("a time zone out of range");
  return {micros_from(j.at(0)), static_cast<Timestamp::Zone>(zone)};
}

json evidence_json(const Evidence& e) {
  return json{{"symptom", e.symptom}, {"file", e.file},     {"line", e.line},       {"record", e.record},
              {"has_record", e.has_record}, {"time", time_json(e.time)}, {"computer", e.computer},
              {"log", e.log},           {"source", e.source}, {"event_id", e.event_id},
              {"has_event_id", e.has_event_id}, {"level", static_cast<int>(e.level)}, {"text", e.text}};
}

Evidence evidence_from(const json& j) {
  Evidence e;
  e.symptom = j.at("symptom").get<std::string>();
  e.file = j.at("file").get<std::string>();
  e.line = integer<std::uint64_t>(j.at("line"));
  e.record = integer<std::uint64_t>(j.at("record"));
  e.has_record = j.at("has_record").get<bool>();
  e.time = time_from(j.at("time"));
  e.computer = j.at("computer").get<std::string>();
  e.log = j.at("log").get<std::string>();
  e.source = j.at("source").get<std::string>();
  e.event_id = integer<std::uint32_t>(j.at("event_id"));
  e.has_event_id = j.at("has_event_id").get<bool>();
  const int level = integer<int>(j.at("level"));
  if (level < 0 || level > static_cast<int>(Level::audit_failure)) throw std::runtime_error("a level out of range");
  e.level = static_cast<Level>(level);
  e.text = j.at("text").get<std::string>();
  return e;
}

json sample_json(const Sample& s, const std::function<std::string(std::uint32_t)>& file_name) {
  return json::array({s.micros, s.value, s.line, file_name(s.file), static_cast<int>(s.zone)});
}

Sample sample_from(const json& j, const std::function<std::uint32_t(const std::string&)>& add_file) {
  const int zone = integer<int>(j.at(4));
  if (zone < 0 || zone > static_cast<int>(Timestamp::Zone::local)) throw std::runtime_error("a time zone out of range");
  return {micros_from(j.at(0)), j.at(1).get<double>(), integer<std::uint64_t>(j.at(2)),
          add_file(j.at(3).get<std::string>()), static_cast<Timestamp::Zone>(zone)};
}

json network_fact_json(const NetworkFact& f, const Evidence& where) {
  return json{{"kind", static_cast<int>(f.kind)}, {"adapter", f.adapter},     {"address", f.address},
              {"mask", f.mask},                  {"gateway", f.gateway},     {"interface", f.interface},
              {"metric", f.metric},              {"persistent", f.persistent}, {"evidence", evidence_json(where)}};
}

std::string symptom_key(std::string_view article, std::string_view symptom) {
  std::string key(article);
  key += '\n';
  key += symptom;
  return key;
}

}  // namespace

std::string save_scan_memory(const ScanMemory& memory, const RuleSet& rules, std::int64_t retention_micros,
                             const std::function<std::string(std::uint32_t)>& file_name) {
  const auto& compiled = rules.compiled();
  json computers = json::array();
  for (const auto& [key, g] : memory.computers) {
    const std::int64_t horizon = g.latest == untimed ? untimed : g.latest - retention_micros;
    json c{{"key", key}, {"display", g.display}, {"latest", g.latest}};
    json hits = json::array();
    for (const auto& [sym, series] : g.series) {
      const auto& cs = compiled.symptoms[sym];
      const auto& spec = compiled.specs[cs.signature];
      json saved = json::array();
      std::size_t first = series.size() > max_saved_hits ? series.size() - max_saved_hits : 0;
      for (std::size_t k = first; k < series.size(); ++k) {
        const Hit& h = series[k];
        if (h.micros != untimed && h.end_micros < horizon) continue;
        json ev = json::array();
        if (h.evidence != ~0u) {
          for (std::uint32_t e = h.evidence; e < h.evidence + h.evidence_count; ++e)
            ev.push_back(evidence_json(memory.evidence[e]));
        }
        saved.push_back(json::array({h.micros, h.end_micros, static_cast<int>(h.zone), std::move(ev)}));
      }
      if (!saved.empty()) {
        hits.push_back({{"article", spec.article}, {"symptom", spec.symptoms[cs.local].id}, {"hits", std::move(saved)}});
      }
    }
    c["hits"] = std::move(hits);
    json counters = json::array();
    for (const auto& [series_key, series] : g.counters) {
      json samples = json::array();
      for (const auto& s : series.samples) {
        // JSON has no NaN or infinity: such a sample could not be read back.
        if (s.micros >= horizon && std::isfinite(s.value)) samples.push_back(sample_json(s, file_name));
      }
      counters.push_back({{"key", series_key},
                          {"counter_key", series.counter_key},
                          {"object", series.object},
                          {"instance", series.instance},
                          {"counter", series.counter},
                          {"stride", series.stride},
                          {"arrivals", series.arrivals},
                          {"samples", std::move(samples)}});
    }
    c["counters"] = std::move(counters);
    json ids = json::array();
    for (const auto& [series_key, values] : g.process_ids) {
      json samples = json::array();
      for (const auto& s : values) {
        if (s.micros >= horizon && std::isfinite(s.value)) samples.push_back(sample_json(s, file_name));
      }
      ids.push_back({{"key", series_key}, {"samples", std::move(samples)}});
    }
    c["process_ids"] = std::move(ids);
    json network = json::array();
    for (const auto& [fact, where] : g.network.facts()) network.push_back(network_fact_json(fact, where));
    c["network"] = std::move(network);
    c["network_full"] = g.network_full;
    if (g.platform) {
      const PlatformFact& p = *g.platform;
      c["platform"] = {{"major", p.major},
                       {"minor", p.minor},
                       {"or_later", p.or_later},
                       {"build", p.build},
                       {"service_pack", p.service_pack ? json(*p.service_pack) : json(nullptr)},
                       {"rank", p.rank},
                       {"source", p.source},
                       {"evidence", evidence_json(p.evidence)}};
    } else {
      c["platform"] = nullptr;
    }
    json offsets = json::array();
    for (const auto& [offset, file] : g.stated_offsets) offsets.push_back(json::array({offset, file}));
    c["stated_offsets"] = std::move(offsets);
    json incidents = json::array();
    for (const auto& [article, list] : g.incidents) {
      // However old: a late event of an old incident (a Dr. Watson log is exported whole for
      // years) must still find it, not raise it again. The newest few per article.
      const std::size_t first = list.size() > max_saved_incidents ? list.size() - max_saved_incidents : 0;
      for (std::size_t k = first; k < list.size(); ++k) {
        const Incident& inc = list[k];
        incidents.push_back({{"article", article},
                             {"id", inc.id},
                             {"confidence", static_cast<int>(inc.confidence)},
                             {"first_seen", time_json(inc.first_seen)},
                             {"last_seen", time_json(inc.last_seen)},
                             {"retracted", inc.retracted}});
      }
    }
    c["incidents"] = std::move(incidents);
    computers.push_back(std::move(c));
  }
  json records = json::array();
  for (const auto& [where, ranges] : memory.seen.records) {
    json r = json::array();
    for (const auto& [first, last] : ranges) r.push_back(json::array({first, last}));
    records.push_back({{"computer", where.first}, {"log", where.second}, {"ranges", std::move(r)}});
  }
  json contents = json::array();
  for (const auto& [computer, seen] : memory.seen.contents) {
    std::vector<std::pair<std::int64_t, std::uint64_t>> newest;  // time, fingerprint
    for (const auto& [fingerprint, micros] : seen) newest.emplace_back(micros, fingerprint);
    std::sort(newest.begin(), newest.end(), std::greater<>());
    if (newest.size() > SeenEvents::max_fingerprints) newest.resize(SeenEvents::max_fingerprints);
    json items = json::array();
    for (const auto& [micros, fingerprint] : newest) items.push_back(json::array({fingerprint, micros}));
    contents.push_back({{"computer", computer}, {"items", std::move(items)}});
  }
  const json state{{"computers", std::move(computers)}, {"records", std::move(records)}, {"contents", std::move(contents)}};
  return state.dump(-1, ' ', false, json::error_handler_t::replace);
}

void restore_scan_memory(std::string_view saved, const RuleSet& rules, ScanMemory& memory,
                         const std::function<std::uint32_t(const std::string&)>& add_file,
                         DiagnosticSink& diagnostics) {
  const auto& compiled = rules.compiled();
  std::unordered_map<std::string, std::uint32_t> symptom_index;
  for (std::uint32_t s = 0; s < compiled.symptoms.size(); ++s) {
    const auto& cs = compiled.symptoms[s];
    const auto& spec = compiled.specs[cs.signature];
    symptom_index.emplace(symptom_key(spec.article, spec.symptoms[cs.local].id), s);
  }
  std::unordered_map<std::string, std::uint32_t> files;
  const auto file_index = [&](const std::string& name) {
    const auto it = files.find(name);
    if (it != files.end()) return it->second;
    const std::uint32_t index = add_file(name);
    files.emplace(name, index);
    return index;
  };
  std::size_t dropped = 0;
  try {
    const json state = json::parse(saved.begin(), saved.end());
    for (const json& c : state.at("computers")) {
      ComputerTimeline& g = memory.computers[c.at("key").get<std::string>()];
      g.name_as(c.at("display").get<std::string>());
      g.latest = std::max(g.latest, micros_from(c.at("latest")));
      for (const json& h : c.at("hits")) {
        const auto it =
            symptom_index.find(symptom_key(h.at("article").get<std::string>(), h.at("symptom").get<std::string>()));
        if (it == symptom_index.end()) {
          dropped += h.at("hits").size();
          continue;
        }
        auto& series = g.series[it->second];
        for (const json& x : h.at("hits")) {
          const int zone = integer<int>(x.at(2));
          if (zone < 0 || zone > static_cast<int>(Timestamp::Zone::local)) throw std::runtime_error("a time zone out of range");
          Hit hit{micros_from(x.at(0)), micros_from(x.at(1)), ~0u, 0, static_cast<Timestamp::Zone>(zone)};
          if (hit.end_micros < hit.micros) throw std::runtime_error("a hit that ends before it starts");
          for (const json& e : x.at(3)) {
            if (hit.evidence == ~0u) hit.evidence = static_cast<std::uint32_t>(memory.evidence.size());
            memory.evidence.push_back(evidence_from(e));
            ++hit.evidence_count;
          }
          series.push_back(hit);
        }
      }
      for (const json& s : c.at("counters")) {
        CounterSeries series;
        series.counter_key = s.at("counter_key").get<std::string>();
        series.object = s.at("object").get<std::string>();
        series.instance = s.at("instance").get<std::string>();
        series.counter = s.at("counter").get<std::string>();
        series.stride = std::max<std::uint32_t>(1, integer<std::uint32_t>(s.at("stride")));
        series.arrivals = integer<std::uint32_t>(s.at("arrivals"));
        for (const json& x : s.at("samples")) series.samples.push_back(sample_from(x, file_index));
        if (series.samples.size() > max_series_samples) throw std::runtime_error("a counter series beyond its cap");
        g.counters[s.at("key").get<std::string>()] = std::move(series);
      }
      for (const json& s : c.at("process_ids")) {
        auto& values = g.process_ids[s.at("key").get<std::string>()];
        for (const json& x : s.at("samples")) values.push_back(sample_from(x, file_index));
      }
      for (const json& f : c.at("network")) {
        NetworkFact fact;
        const int kind = integer<int>(f.at("kind"));
        if (kind < 0 || kind > static_cast<int>(NetworkFact::Kind::route)) throw std::runtime_error("a network fact kind out of range");
        fact.kind = static_cast<NetworkFact::Kind>(kind);
        fact.adapter = f.at("adapter").get<std::string>();
        fact.address = f.at("address").get<std::string>();
        fact.mask = f.at("mask").get<std::string>();
        fact.gateway = f.at("gateway").get<std::string>();
        fact.interface = f.at("interface").get<std::string>();
        fact.metric = integer<std::uint32_t>(f.at("metric"));
        fact.persistent = f.at("persistent").get<bool>();
        g.network.add(fact, evidence_from(f.at("evidence")));
      }
      g.network_full = g.network_full || c.at("network_full").get<bool>();
      if (const json& p = c.at("platform"); !p.is_null()) {
        PlatformFact fact;
        fact.major = integer<std::uint32_t>(p.at("major"));
        fact.minor = integer<std::uint32_t>(p.at("minor"));
        fact.or_later = p.at("or_later").get<bool>();
        fact.build = p.at("build").get<std::string>();
        if (!p.at("service_pack").is_null()) fact.service_pack = integer<std::uint32_t>(p.at("service_pack"));
        fact.rank = integer<int>(p.at("rank"));
        fact.source = p.at("source").get<std::string>();
        fact.evidence = evidence_from(p.at("evidence"));
        if (!g.platform || fact.better_than(*g.platform)) g.platform = std::move(fact);
      }
      for (const json& o : c.at("stated_offsets")) {
        const auto offset = integer<std::int64_t>(o.at(0));
        if (offset < -14 * 3600 || offset > 14 * 3600) throw std::runtime_error("an offset from UTC out of range");
        g.stated_offsets.emplace(offset, o.at(1).get<std::string>());
      }
      for (const json& i : c.at("incidents")) {
        const int confidence = integer<int>(i.at("confidence"));
        if (confidence < static_cast<int>(Confidence::low) || confidence > static_cast<int>(Confidence::high))
          throw std::runtime_error("a confidence out of range");
        g.incidents[i.at("article").get<std::string>()].push_back({i.at("id").get<std::string>(),
                                                                    static_cast<Confidence>(confidence),
                                                                    time_from(i.at("first_seen")),
                                                                    time_from(i.at("last_seen")),
                                                                    i.at("retracted").get<bool>()});
      }
    }
    for (const json& r : state.at("records")) {
      auto& ranges = memory.seen.records[{r.at("computer").get<std::string>(), r.at("log").get<std::string>()}];
      for (const json& x : r.at("ranges")) {
        const auto first = integer<std::uint64_t>(x.at(0)), last = integer<std::uint64_t>(x.at(1));
        if (last < first) throw std::runtime_error("a record range that ends before it starts");
        const auto next = ranges.upper_bound(first);
        if ((next != ranges.end() && next->first <= last) ||
            (next != ranges.begin() && std::prev(next)->second >= first))
          throw std::runtime_error("overlapping record ranges");
        ranges.emplace(first, last);
      }
      if (ranges.size() > SeenEvents::max_ranges) throw std::runtime_error("more record ranges than a state keeps");
    }
    for (const json& c : state.at("contents")) {
      auto& seen = memory.seen.contents[c.at("computer").get<std::string>()];
      for (const json& x : c.at("items")) seen.emplace(integer<std::uint64_t>(x.at(0)), integer<std::int64_t>(x.at(1)));
      if (seen.size() > SeenEvents::max_fingerprints) throw std::runtime_error("more fingerprints than a state keeps");
    }
  } catch (const json::exception& e) {
    throw std::runtime_error(std::string("its content is not a scan state this kbmatch understands (") + e.what() + ")");
  }
  if (dropped > 0) {
    diagnostics.report(make_diagnostic(Severity::note, "N0406", "",
                                       std::to_string(dropped) +
                                           " saved hit(s) of symptoms the current signatures no longer have were dropped"));
  }
}

}  // namespace kbmatch::detail
