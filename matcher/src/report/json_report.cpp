// JSON printers: the findings report, the JSON Lines stream for pipelines, and the
// normalized-event lines. The field names here are a
// contract with the pipelines that parse them (README, "JSON output").
#include <cstdio>
#include <nlohmann/json.hpp>

#include "kbmatch/report.h"

namespace kbmatch {
namespace {

using nlohmann::json;

std::string dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

json time_json(const Timestamp& t) {
  return t.known() ? json(format_timestamp(t)) : json(nullptr);
}

json evidence_json(const Evidence& e) {
  json j;
  j["symptom"] = e.symptom;
  j["file"] = e.file;
  if (e.line != 0) j["line"] = e.line;
  if (e.has_record) j["record"] = e.record;
  j["time"] = time_json(e.time);
  j["computer"] = e.computer;
  j["log"] = e.log;
  j["source"] = e.source;
  j["event_id"] = e.has_event_id ? json(e.event_id) : json(nullptr);
  j["level"] = level_name(e.level);
  j["text"] = e.text;
  return j;
}

json finding_json(const Finding& f) {
  json j;
  j["incident"] = f.incident;
  j["update"] = f.update;
  j["retracted"] = f.retracted;
  j["article"] = f.article;
  j["title"] = f.title;
  j["status"] = f.status;
  j["confidence"] = confidence_name(f.confidence);
  j["computer"] = f.computer;
  j["first_seen"] = time_json(f.first_seen);
  j["last_seen"] = time_json(f.last_seen);
  j["why"] = f.why;
  j["symptoms"] = json::array();
  for (const auto& s : f.symptoms) {
    j["symptoms"].push_back({{"id", s.symptom}, {"description", s.description}, {"count", s.count}});
  }
  j["evidence"] = json::array();
  for (const auto& e : f.evidence) j["evidence"].push_back(evidence_json(e));
  j["resolution"] = f.resolution;
  j["fix_files"] = json::array();
  for (const auto& ff : f.fix_files) {
    j["fix_files"].push_back(
        {{"name", ff.name}, {"version", ff.version}, {"date", ff.date}, {"size", ff.size}, {"platform", ff.platform}});
  }
  j["products"] = f.products;
  if (f.platform.empty()) {
    j["platform"] = nullptr;
  } else {
    json p{{"system", f.platform}, {"source", f.platform_source}};
    if (f.platform_evidence) p["evidence"] = evidence_json(*f.platform_evidence);
    j["platform"] = std::move(p);
  }
  j["platform_check"] = f.platform_check.empty() ? json(nullptr) : json(f.platform_check);
  return j;
}

json stats_json(const ScanStats& stats) {
  json s;
  s["files"] = stats.files;
  s["events"] = stats.events;
  s["skipped"] = stats.skipped;
  s["outside_window"] = stats.outside_window;
  s["duplicates"] = stats.duplicates;
  s["failed_files"] = stats.failed_files;
  s["symptom_hits"] = stats.symptom_hits;
  s["per_file"] = json::array();
  for (const auto& f : stats.per_file) {
    s["per_file"].push_back(
        {{"file", f.name}, {"format", f.format}, {"events", f.events}, {"skipped", f.skipped}, {"failed", f.failed}});
  }
  return s;
}

json diagnostic_json(const Diagnostic& d) {
  json dj{{"severity", severity_name(d.severity)}, {"code", d.code}, {"file", d.file}, {"message", d.message}};
  if (d.line != 0) dj["line"] = d.line;
  if (d.column != 0) dj["column"] = d.column;
  if (d.line == 0 && d.offset != 0) dj["offset"] = d.offset;
  return dj;
}

class JsonReport final : public Report {
 public:
  explicit JsonReport(std::ostream& out) : out_(out) {}
  void on_finding(const Finding& f) override { findings_.push_back(finding_json(f)); }
  void finish(const ScanStats& stats, const std::vector<Diagnostic>& diagnostics) override {
    json j;
    j["findings"] = std::move(findings_);
    j["stats"] = stats_json(stats);
    j["diagnostics"] = json::array();
    for (const auto& d : diagnostics) j["diagnostics"].push_back(diagnostic_json(d));
    out_ << dump(j) << '\n';
  }

 private:
  std::ostream& out_;
  json findings_ = json::array();
};

// Each line goes out whole and flushed, so a pipeline reading the stream never sees half a line
// and gets each finding as soon as it is final.
class JsonlReport final : public Report {
 public:
  explicit JsonlReport(std::ostream& out) : out_(out) {}
  void on_finding(const Finding& f) override {
    ++findings_;
    updates_ += f.update;
    write("finding", finding_json(f));
  }
  void on_diagnostic(const Diagnostic& d) override { write("diagnostic", diagnostic_json(d)); }
  void finish(const ScanStats& stats, const std::vector<Diagnostic>& diagnostics) override {
    std::size_t by_severity[3] = {0, 0, 0};
    for (const auto& d : diagnostics) ++by_severity[static_cast<int>(d.severity)];
    write("summary", json{{"findings", findings_},
                          {"updates", updates_},
                          {"diagnostics", {{"error", by_severity[2]}, {"warning", by_severity[1]}, {"note", by_severity[0]}}},
                          {"stats", stats_json(stats)}});
  }

 private:
  // "type" and "schema_version" first, so a reader can dispatch before parsing the rest.
  void write(std::string_view type, const json& fields) {
    const std::string rest = dump(fields);  // an object: "{...}"
    out_ << "{\"type\":\"" << type << "\",\"schema_version\":" << jsonl_schema_version
         << (rest.size() > 2 ? "," : "") << std::string_view(rest).substr(1) << '\n';
    out_.flush();
  }

  std::ostream& out_;
  std::size_t findings_ = 0, updates_ = 0;
};

json crash_json(const CrashFacts& c) {
  char code[11];
  std::snprintf(code, sizeof code, "%08x", c.exception_code);
  return json{{"kind", crash_kind_name(c.kind)},
              {"app", c.app},
              {"process", c.process},
              {"pid", c.has_pid ? json(c.pid) : json(nullptr)},
              {"exception_code", c.has_exception_code ? json(code) : json(nullptr)},
              {"exception_name", c.exception_name},
              {"function", c.function},
              {"module", c.module},
              {"fault_address", c.fault_address},
              {"fault_instruction", c.fault_instruction},
              {"frames", c.frames},
              {"modules", c.modules},
              {"os_version", c.os_version},
              {"os_build", c.os_build},
              {"service_pack", c.service_pack}};
}

std::string_view record_kind_name(Event::Kind kind) {
  switch (kind) {
    case Event::Kind::counter_sample: return "counter_sample";
    case Event::Kind::network: return "network";
    case Event::Kind::logged: break;
  }
  return "event";
}

}  // namespace

std::unique_ptr<Report> make_json_report(std::ostream& out) {
  return std::make_unique<JsonReport>(out);
}

std::unique_ptr<Report> make_jsonl_report(std::ostream& out) {
  return std::make_unique<JsonlReport>(out);
}

std::string event_to_json_line(const Event& e, const std::string& file_name) {
  json j;
  if (e.kind != Event::Kind::logged) j["kind"] = record_kind_name(e.kind);
  j["time"] = time_json(e.time);
  j["computer"] = e.computer;
  j["log"] = e.log;
  j["source"] = e.source;
  j["event_id"] = e.has_event_id ? json(e.event_id) : json(nullptr);
  if (e.qualifiers != 0) j["qualifiers"] = e.qualifiers;
  j["level"] = level_name(e.level);
  j["record"] = e.has_record ? json(e.record) : json(nullptr);
  j["category"] = e.category;
  j["user"] = e.user;
  j["strings"] = e.strings;
  const bool named =
      std::any_of(e.string_names.begin(), e.string_names.end(), [](const auto& n) { return !n.empty(); });
  if (named) j["string_names"] = e.string_names;
  j["message"] = e.message;
  j["data_hex"] = to_hex(e.data);
  if (e.crash.present()) j["crash"] = crash_json(e.crash);
  if (e.kind == Event::Kind::counter_sample) {
    json c{{"object", e.sample.object},
           {"instance", e.sample.instance},
           {"counter", e.sample.counter},
           {"value", e.sample.value}};
    c["utc_offset"] = e.sample.has_utc_offset ? json(e.sample.utc_offset_seconds) : json(nullptr);
    j["sample"] = std::move(c);
  }
  if (e.kind == Event::Kind::network) {
    json n{{"fact", network_fact_kind_name(e.network.kind)}};
    switch (e.network.kind) {
      case NetworkFact::Kind::address:
        n["adapter"] = e.network.adapter, n["address"] = e.network.address, n["mask"] = e.network.mask;
        break;
      case NetworkFact::Kind::route:
        n["destination"] = e.network.address, n["mask"] = e.network.mask, n["gateway"] = e.network.gateway;
        n["interface"] = e.network.interface, n["metric"] = e.network.metric, n["persistent"] = e.network.persistent;
        break;
      case NetworkFact::Kind::configuration:
      case NetworkFact::Kind::none: break;
    }
    j["network"] = std::move(n);
  }
  json origin{{"file", file_name}, {"offset", e.origin.offset}};
  if (e.origin.line != 0) origin["line"] = e.origin.line;
  j["origin"] = std::move(origin);
  return dump(j);
}

}  // namespace kbmatch
