// Signature loader: YAML text → validated SignatureSpec, with every problem as file:line:col.
//
// The loader keeps going after an error so one run shows all problems of a file (like a
// compiler), and the caller refuses to start if any was found. yaml-cpp's exceptions are caught
// here, at the one boundary of this stage.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <boost/regex.hpp>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "kbmatch/signature.h"
#include "util/text.h"

namespace kbmatch {

std::optional<Confidence> parse_confidence(std::string_view name) {
  if (name == "high") return Confidence::high;
  if (name == "medium") return Confidence::medium;
  if (name == "low") return Confidence::low;
  return std::nullopt;
}

std::string_view confidence_name(Confidence c) {
  switch (c) {
    case Confidence::low: return "low";
    case Confidence::medium: return "medium";
    case Confidence::high: return "high";
  }
  return "low";
}

std::optional<std::int64_t> parse_duration(std::string_view text) {
  text = detail::trim(text);
  if (text.empty()) return std::nullopt;
  static constexpr std::pair<char, std::int64_t> units[] = {{'s', 1}, {'m', 60}, {'h', 3600}, {'d', 86400}};
  std::int64_t unit = 1;
  for (const auto& [suffix, seconds] : units) {
    if (text.back() == suffix) {
      unit = seconds;
      text.remove_suffix(1);
      break;
    }
  }
  const auto n = detail::parse_uint(text);
  if (!n || *n > 100u * 365 * 86400) return std::nullopt;
  return static_cast<std::int64_t>(*n) * unit;
}

std::string_view network_check_name(NetworkCheck::Kind kind) {
  switch (kind) {
    case NetworkCheck::Kind::route_interface_not_held: return "route_interface_not_held";
    case NetworkCheck::Kind::address_without_host_route: return "address_without_host_route";
    case NetworkCheck::Kind::address_without_subnet_route: return "address_without_subnet_route";
    case NetworkCheck::Kind::multihomed: return "multihomed";
    case NetworkCheck::Kind::multiple_addresses: return "multiple_addresses";
  }
  return "";
}

namespace {

using detail::trim;

// A non-negative amount as signatures write it: "4000000", "2.5", "512KB", "4MB", "1GB" (binary
// multiples, as Performance Monitor users read byte counters), "20%" where a percentage is meant.
std::optional<double> parse_quantity(std::string_view text) {
  text = trim(text);
  double unit = 1;
  static constexpr std::pair<std::string_view, double> units[] = {
      {"GB", 1024.0 * 1024 * 1024}, {"MB", 1024.0 * 1024}, {"KB", 1024.0}, {"%", 1}};
  for (const auto& [suffix, factor] : units) {
    if (text.size() > suffix.size() && detail::iequals(text.substr(text.size() - suffix.size()), suffix)) {
      unit = factor;
      text = trim(text.substr(0, text.size() - suffix.size()));
      break;
    }
  }
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !(v >= 0) || v > 1e18)
    return std::nullopt;
  return v * unit;
}

class Loader {
 public:
  Loader(const std::string& file, DiagnosticSink& diagnostics) : file_(file), diagnostics_(diagnostics) {}

  bool load(std::string_view text, SignatureSpec& out) {
    YAML::Node root;
    try {
      root = YAML::Load(std::string(text));
    } catch (const YAML::Exception& e) {
      error(e.mark, "E0301", "YAML syntax: " + e.msg);
      return false;
    }
    try {
      read_signature(root, out);
    } catch (const YAML::Exception& e) {
      error(e.mark, "E0302", e.msg);
    }
    return ok_;
  }

 private:
  SourceLocation where(const YAML::Node& n) const {
    const YAML::Mark m = n.Mark();
    if (m.is_null()) return {file_, 0, 0};
    return {file_, static_cast<std::uint32_t>(m.line + 1), static_cast<std::uint32_t>(m.column + 1)};
  }

  void error(const YAML::Mark& m, std::string code, std::string message) {
    ok_ = false;
    Diagnostic d;
    d.severity = Severity::error;
    d.code = std::move(code);
    d.file = file_;
    if (!m.is_null()) {
      d.line = static_cast<std::uint64_t>(m.line + 1);
      d.column = static_cast<std::uint64_t>(m.column + 1);
    }
    d.message = std::move(message);
    diagnostics_.report(std::move(d));
  }
  void error(const YAML::Node& n, std::string code, std::string message) {
    error(n.Mark(), std::move(code), std::move(message));
  }
  void warning(const SourceLocation& at, std::string code, std::string message) {
    diagnostics_.report(
        make_diagnostic(Severity::warning, std::move(code), at.file, std::move(message), at.line, at.column));
  }

  // Checks that `map` is a mapping whose keys are all in `allowed`, reporting unknown and
  // duplicate keys at their own position.
  bool check_keys(const YAML::Node& map, std::string_view what, std::initializer_list<std::string_view> allowed) {
    if (!map.IsMap()) {
      error(map, "E0303", std::string(what) + " must be a mapping");
      return false;
    }
    std::set<std::string> seen;
    for (const auto& kv : map) {
      const std::string key = kv.first.Scalar();
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        std::string list;
        for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        error(kv.first, "E0304",
              "unknown key '" + key + "' in " + std::string(what) + " (expected one of: " + list + ")");
      }
      if (!seen.insert(key).second) error(kv.first, "E0305", "duplicate key '" + key + "' in " + std::string(what));
    }
    return true;
  }

  std::optional<std::string> scalar(const YAML::Node& n, std::string_view what) {
    if (!n.IsScalar()) {
      error(n, "E0306", std::string(what) + " must be a single value");
      return std::nullopt;
    }
    return n.Scalar();
  }

  // A string or a list of strings.
  std::vector<std::string> string_list(const YAML::Node& n, std::string_view what) {
    std::vector<std::string> out;
    if (n.IsScalar()) {
      out.push_back(n.Scalar());
    } else if (n.IsSequence()) {
      for (const auto& item : n) {
        if (auto s = scalar(item, what)) out.push_back(*s);
      }
    } else {
      error(n, "E0306", std::string(what) + " must be a string or a list of strings");
    }
    return out;
  }

  std::optional<std::int64_t> duration(const YAML::Node& n, std::string_view what) {
    auto s = scalar(n, what);
    if (!s) return std::nullopt;
    auto d = parse_duration(*s);
    if (!d || *d <= 0) {
      error(n, "E0307", std::string(what) + " '" + *s + "' is not a duration (e.g. 90s, 15m, 24h, 2d)");
      return std::nullopt;
    }
    return d;
  }

  void read_signature(const YAML::Node& root, SignatureSpec& s) {
    if (!root.IsMap()) {
      error(root, "E0303", "a signature file must be a mapping with article, title, symptoms and confidence");
      return;
    }
    check_keys(root, "signature",
               {"article", "title", "status", "products", "applies_to", "summary", "symptoms", "confidence",
                "resolution", "fix_files", "references"});
    s.where = {file_, 1, 1};
    if (const auto n = root["article"]) {
      if (auto v = scalar(n, "article")) {
        s.article = *v;
        const std::string stem = std::filesystem::path(file_).stem().string();
        if (!s.article.starts_with("Q") || !detail::parse_uint(std::string_view(s.article).substr(1))) {
          error(n, "E0310", "article '" + s.article + "' is not a KB article id like Q216793");
        } else if (stem != s.article) {
          error(n, "E0311", "article '" + s.article + "' does not match the file name '" + stem + ".yaml'");
        }
      }
    } else {
      error(root, "E0312", "missing required key 'article'");
    }
    if (const auto n = root["title"]) {
      if (auto v = scalar(n, "title")) s.title = *v;
    } else {
      error(root, "E0312", "missing required key 'title'");
    }
    s.status = "curated";
    if (const auto n = root["status"]) {
      if (auto v = scalar(n, "status")) {
        if (*v != "curated" && *v != "draft") error(n, "E0313", "status must be 'curated' or 'draft'");
        s.status = *v;
      }
    }
    if (const auto n = root["products"]) s.products = string_list(n, "products");
    if (const auto n = root["applies_to"]) read_applies_to(n, s);
    if (const auto n = root["summary"]) s.summary = scalar(n, "summary").value_or("");
    if (const auto n = root["resolution"]) s.resolution = scalar(n, "resolution").value_or("");
    if (const auto n = root["references"]) s.references = string_list(n, "references");
    if (const auto n = root["fix_files"]) read_fix_files(n, s);

    const auto symptoms = root["symptoms"];
    if (!symptoms) {
      error(root, "E0312", "missing required key 'symptoms'");
    } else if (!symptoms.IsMap() || symptoms.size() == 0) {
      error(symptoms, "E0303", "symptoms must be a non-empty mapping of symptom id to symptom");
    } else {
      std::set<std::string> ids;
      for (const auto& kv : symptoms) {
        SymptomSpec sym;
        sym.id = kv.first.Scalar();
        if (!ids.insert(sym.id).second) {
          error(kv.first, "E0305", "duplicate symptom id '" + sym.id + "'");
          continue;
        }
        sym.where = where(kv.first);
        read_symptom(kv.second, sym);
        s.symptoms.push_back(std::move(sym));
      }
    }

    const auto rules = root["confidence"];
    if (!rules) {
      error(root, "E0312", "missing required key 'confidence' (the list of symptom combinations)");
    } else if (!rules.IsSequence() || rules.size() == 0) {
      error(rules, "E0303", "confidence must be a non-empty list of combinations");
    } else {
      std::set<std::string> used;
      for (const auto& r : rules) {
        RuleSpec rule;
        read_rule(r, s, rule, used);
        s.rules.push_back(std::move(rule));
      }
      for (const auto& sym : s.symptoms) {
        if (!used.count(sym.id)) {
          warning(sym.where, "W0301", "symptom '" + sym.id + "' is not used by any confidence combination");
        }
      }
    }
  }

  void read_fix_files(const YAML::Node& n, SignatureSpec& s) {
    if (!n.IsSequence()) {
      error(n, "E0303", "fix_files must be a list");
      return;
    }
    for (const auto& f : n) {
      if (!check_keys(f, "fix file", {"name", "version", "date", "size", "platform"})) continue;
      FixFile ff;
      if (f["name"]) ff.name = scalar(f["name"], "name").value_or("");
      if (ff.name.empty()) error(f, "E0312", "fix file needs a name");
      if (f["version"]) ff.version = scalar(f["version"], "version").value_or("");
      if (f["date"]) ff.date = scalar(f["date"], "date").value_or("");
      if (f["size"]) ff.size = scalar(f["size"], "size").value_or("");
      if (f["platform"]) ff.platform = scalar(f["platform"], "platform").value_or("");
      if (ff.version.empty() && ff.date.empty())
        error(f, "E0312", "fix file '" + ff.name + "' needs a version or a date");
      s.fix_files.push_back(std::move(ff));
    }
  }

  void read_symptom(const YAML::Node& n, SymptomSpec& sym) {
    if (!check_keys(n, "symptom '" + sym.id + "'",
                    {"description", "log", "source", "event_id", "level", "all_of", "any_of", "none_of", "crash",
                     "counter", "trend", "network"})) {
      return;
    }
    if (n["counter"] || n["trend"] || n["network"]) {
      read_observation_symptom(n, sym);
      return;
    }
    if (n["description"]) sym.description = scalar(n["description"], "description").value_or("");
    if (n["log"]) sym.logs = string_list(n["log"], "log");
    if (n["source"]) sym.sources = string_list(n["source"], "source");
    if (const auto id = n["event_id"]) {
      auto v = scalar(id, "event_id");
      auto num = v ? detail::parse_uint(*v) : std::nullopt;
      if (v && (!num || *num > 0xFFFF)) {
        error(id, "E0314", "event_id '" + *v + "' is not a number from 0 to 65535");
      } else if (num) {
        sym.event_id = static_cast<std::uint32_t>(*num);
      }
    }
    if (const auto l = n["level"]) {
      if (auto v = scalar(l, "level")) {
        const Level level = parse_level(*v);
        if (level == Level::unknown || detail::parse_uint(*v)) {
          error(l, "E0315",
                "level '" + *v +
                    "' is not one of critical, error, warning, information, verbose, "
                    "audit_success, audit_failure");
        } else {
          sym.level = level;
        }
      }
    }
    if (n["all_of"]) read_tests(n["all_of"], "all_of", sym.all_of);
    if (n["any_of"]) read_tests(n["any_of"], "any_of", sym.any_of);
    if (n["none_of"]) read_tests(n["none_of"], "none_of", sym.none_of);
    if (n["crash"]) read_crash(n["crash"], sym);
    if (!sym.event_id && sym.all_of.empty() && sym.any_of.empty() && !sym.crash) {
      error(n, "E0316", "symptom '" + sym.id + "' needs an event_id, a content test (all_of/any_of) or a crash test");
    }
  }

  // Trend and network symptoms test observations (counter samples, snapshot facts), not logged
  // events, so none of the event keys apply to them.
  void read_observation_symptom(const YAML::Node& n, SymptomSpec& sym) {
    if (n["description"]) sym.description = scalar(n["description"], "description").value_or("");
    for (const char* key : {"log", "source", "event_id", "level", "all_of", "any_of", "none_of", "crash"}) {
      if (n[key]) {
        error(n[key], "E0333",
              std::string("'") + key + "' tests a logged event; a counter trend or network symptom cannot have it");
      }
    }
    if (n["network"]) {
      if (n["counter"] || n["trend"])
        error(n["network"], "E0333", "a symptom is a network check or a counter trend, not both");
      read_network(n["network"], sym);
      return;
    }
    if (!n["counter"] || !n["trend"]) {
      error(n, "E0333", "a trend symptom needs both 'counter' (which series) and 'trend' (what it must show)");
      return;
    }
    read_counter(n["counter"], sym);
    read_trend(n["trend"], sym);
  }

  void read_counter(const YAML::Node& n, SymptomSpec& sym) {
    if (!check_keys(n, "counter", {"object", "name", "instance"})) return;
    CounterTest c;
    c.where = where(n);
    if (n["object"]) c.object = trim(scalar(n["object"], "object").value_or(""));
    if (n["name"]) {
      for (const auto& v : string_list(n["name"], "name")) {
        if (!trim(v).empty()) c.counters.emplace_back(trim(v));
      }
    }
    if (n["instance"]) c.instances = string_list(n["instance"], "instance");
    if (c.object.empty() || c.counters.empty()) {
      error(n, "E0333", "a counter names its object (e.g. Process) and at least one counter name (e.g. Private Bytes)");
      return;
    }
    sym.counter = std::move(c);
  }

  void read_trend(const YAML::Node& n, SymptomSpec& sym) {
    if (!check_keys(n, "trend",
                    {"direction", "min_duration", "min_change", "min_change_percent", "min_fit", "min_samples"}))
      return;
    TrendSpec t;
    t.where = where(n);
    if (const auto d = n["direction"]) {
      const auto v = scalar(d, "direction").value_or("");
      if (v == "rising") {
        t.direction = TrendSpec::Direction::rising;
      } else if (v == "falling") {
        t.direction = TrendSpec::Direction::falling;
      } else {
        error(d, "E0334", "trend direction '" + v + "' must be rising or falling");
      }
    }
    if (n["min_duration"]) {
      t.min_duration = duration(n["min_duration"], "min_duration").value_or(0);
    } else {
      error(n, "E0334", "a trend needs min_duration (how long the counter must keep moving, e.g. 30m)");
    }
    const auto amount = [&](const char* key, double max) -> std::optional<double> {
      const auto node = n[key];
      if (!node) return std::nullopt;
      const auto v = scalar(node, key);
      const auto q = v ? parse_quantity(*v) : std::nullopt;
      if (!q || *q > max) {
        error(node, "E0334", std::string(key) + " '" + v.value_or("") + "' is not an amount (e.g. 4000000, 4MB, 25%)");
        return std::nullopt;
      }
      return q;
    };
    t.min_change = amount("min_change", 1e18).value_or(0);
    t.min_change_percent = amount("min_change_percent", 1e9).value_or(0);
    t.min_fit = amount("min_fit", 1).value_or(t.min_fit);
    if (const auto m = n["min_samples"]) {
      const auto v = scalar(m, "min_samples");
      const auto num = v ? detail::parse_uint(*v) : std::nullopt;
      if (!num || *num < 3 || *num > 1000000) {
        error(m, "E0334", "min_samples must be a number from 3 to 1000000");
      } else {
        t.min_samples = static_cast<std::uint32_t>(*num);
      }
    }
    if (!n["min_change"] && !n["min_change_percent"]) {
      error(n, "E0334", "a trend needs min_change or min_change_percent, or noise would pass for a trend");
    }
    sym.trend = t;
  }

  void read_network(const YAML::Node& n, SymptomSpec& sym) {
    if (!check_keys(n, "network", {"check"})) return;
    const auto c = n["check"];
    if (!c) {
      error(n, "E0335", "a network symptom needs a check");
      return;
    }
    const auto v = scalar(c, "check").value_or("");
    static constexpr NetworkCheck::Kind kinds[] = {
        NetworkCheck::Kind::route_interface_not_held, NetworkCheck::Kind::address_without_host_route,
        NetworkCheck::Kind::address_without_subnet_route, NetworkCheck::Kind::multihomed,
        NetworkCheck::Kind::multiple_addresses};
    std::string names;
    for (const auto k : kinds) {
      if (v == network_check_name(k)) {
        sym.network = NetworkCheck{k, where(c)};
        return;
      }
      names += (names.empty() ? "" : ", ") + std::string(network_check_name(k));
    }
    error(c, "E0335", "unknown network check '" + v + "' (expected one of: " + names + ")");
  }

  void read_applies_to(const YAML::Node& n, SignatureSpec& s) {
    if (!check_keys(n, "applies_to", {"systems", "when_unknown"})) return;
    AppliesTo a;
    a.where = where(n);
    const auto systems = n["systems"];
    if (!systems || !systems.IsSequence() || systems.size() == 0) {
      error(systems ? systems : n, "E0336", "applies_to needs a non-empty list of systems (windows: \"4.0\", ...)");
      return;
    }
    for (const auto& sys : systems) {
      if (!check_keys(sys, "system", {"windows", "min_service_pack", "max_service_pack"})) continue;
      SystemSpec spec;
      spec.where = where(sys);
      const auto w = sys["windows"];
      const auto v = w ? scalar(w, "windows") : std::nullopt;
      const std::size_t dot = v ? v->find('.') : std::string::npos;
      const auto major =
          dot != std::string::npos ? detail::parse_uint(std::string_view(*v).substr(0, dot)) : std::nullopt;
      const auto minor =
          dot != std::string::npos ? detail::parse_uint(std::string_view(*v).substr(dot + 1)) : std::nullopt;
      if (!major || !minor || *major > 100 || *minor > 100) {
        error(w ? w : sys, "E0336", "a system names its Windows version as major.minor, e.g. windows: \"4.0\"");
        continue;
      }
      spec.major = static_cast<std::uint32_t>(*major);
      spec.minor = static_cast<std::uint32_t>(*minor);
      for (const char* key : {"min_service_pack", "max_service_pack"}) {
        if (const auto sp = sys[key]) {
          const auto sv = scalar(sp, key);
          const auto num = sv ? detail::parse_uint(*sv) : std::nullopt;
          if (!num || *num > 20) {
            error(sp, "E0336", std::string(key) + " must be a service pack number from 0 to 20");
          } else {
            (std::string_view(key) == "min_service_pack" ? spec.min_service_pack : spec.max_service_pack) =
                static_cast<std::uint32_t>(*num);
          }
        }
      }
      a.systems.push_back(spec);
    }
    if (const auto u = n["when_unknown"]) {
      const auto v = scalar(u, "when_unknown").value_or("");
      if (const auto c = parse_confidence(v)) {
        a.when_unknown = c;
      } else {
        error(u, "E0336", "when_unknown '" + v + "' must be high, medium or low");
      }
    }
    s.applies_to = std::move(a);
  }

  void read_crash(const YAML::Node& n, SymptomSpec& sym) {
    if (!check_keys(n, "crash", {"process", "exception", "function", "module", "frame", "kind"})) return;
    if (n.size() == 0) {
      error(n, "E0332", "a crash test needs at least one of process, exception, function, module, frame, kind");
      return;
    }
    CrashTest c;
    c.where = where(n);
    auto names = [&](const char* key, auto normalize) {
      std::vector<std::string> out;
      if (!n[key]) return out;
      for (const auto& v : string_list(n[key], key)) {
        std::string name = normalize(v);
        if (name.empty()) {
          error(n[key], "E0332", std::string("empty ") + key + " name in crash test");
        } else {
          out.push_back(std::move(name));
        }
      }
      return out;
    };
    const auto base_name = [](const std::string& v) { return image_base_name(v); };
    const auto lower = [](const std::string& v) { return detail::to_lower(detail::trim(v)); };
    // "ntdll.dll!RtlAllocateHeap" and "ntdll!RtlAllocateHeap" name the same frame.
    const auto frame = [](const std::string& v) {
      const std::size_t bang = v.find('!');
      if (bang == std::string::npos) return detail::to_lower(detail::trim(v));
      return image_base_name(std::string_view(v).substr(0, bang)) + "!" +
             detail::to_lower(detail::trim(std::string_view(v).substr(bang + 1)));
    };
    c.processes = names("process", base_name);
    c.functions = names("function", lower);
    c.modules = names("module", base_name);
    c.frames = names("frame", frame);
    if (n["exception"]) {
      for (const auto& v : string_list(n["exception"], "exception")) {
        if (const auto code = parse_exception_code(v)) {
          c.exception_codes.push_back(*code);
        } else {
          error(n["exception"], "E0331", "exception '" + v + "' is not an exception code like c0000005");
        }
      }
    }
    if (const auto k = n["kind"]) {
      const auto v = scalar(k, "kind").value_or("");
      if (v == "crash") {
        c.kind = CrashFacts::Kind::crash;
      } else if (v == "hang") {
        c.kind = CrashFacts::Kind::hang;
      } else {
        error(k, "E0332", "crash kind '" + v + "' must be crash or hang");
      }
    }
    sym.crash = std::move(c);
  }

  void read_tests(const YAML::Node& n, std::string_view what, std::vector<FieldTest>& out) {
    if (!n.IsSequence() || n.size() == 0) {
      error(n, "E0303", std::string(what) + " must be a non-empty list of tests");
      return;
    }
    for (const auto& t : n) {
      if (!check_keys(t, "test", {"string", "string_matches", "message", "message_contains", "data_hex"})) continue;
      if (t.size() != 1) {
        error(t, "E0317", "a test has exactly one key (string, string_matches, message, message_contains, data_hex)");
        continue;
      }
      const auto kv = *t.begin();
      const std::string key = kv.first.Scalar();
      auto value = scalar(kv.second, key);
      if (!value) continue;
      FieldTest ft;
      ft.where = where(kv.second);
      ft.text = *value;
      if (key == "string") {
        ft.kind = FieldTest::Kind::string_equals;
      } else if (key == "string_matches") {
        ft.kind = FieldTest::Kind::string_matches;
      } else if (key == "message") {
        ft.kind = FieldTest::Kind::message_matches;
      } else if (key == "message_contains") {
        ft.kind = FieldTest::Kind::message_contains;
      } else {
        ft.kind = FieldTest::Kind::data_contains;
        auto bytes = detail::decode_hex(*value);
        if (!bytes || bytes->empty()) {
          error(kv.second, "E0318", "data_hex '" + *value + "' is not a sequence of hex bytes like '02 fe ff ff'");
          continue;
        }
        ft.bytes = std::move(*bytes);
      }
      if (ft.kind == FieldTest::Kind::string_matches || ft.kind == FieldTest::Kind::message_matches) {
        try {
          boost::regex re(ft.text, boost::regex::perl | boost::regex::icase);
        } catch (const boost::regex_error& e) {
          // Point at the offending character inside the pattern where the scalar is plain or
          // quoted on one line.
          YAML::Mark m = kv.second.Mark();
          if (!m.is_null() && e.position() >= 0)
            m.column += static_cast<int>(e.position()) + (quoted(kv.second) ? 1 : 0);
          error(m, "E0319", "invalid regular expression: " + std::string(e.what()));
          continue;
        }
      }
      out.push_back(std::move(ft));
    }
  }

  static bool quoted(const YAML::Node& n) { return n.Tag() == "!"; }

  void read_rule(const YAML::Node& n, const SignatureSpec& s, RuleSpec& rule, std::set<std::string>& used) {
    rule.where = where(n);
    if (!check_keys(n, "confidence entry",
                    {"level", "why", "symptom", "all", "any", "sequence", "within", "count", "repeats", "during"})) {
      return;
    }
    if (const auto l = n["level"]) {
      const auto v = scalar(l, "level").value_or("");
      if (const auto c = parse_confidence(v)) {
        rule.confidence = *c;
        // A draft is what a machine read in an article, not yet checked by anyone against logs.
        if (*c == Confidence::high && s.status == "draft") {
          error(l, "E0338", "a draft signature claims medium confidence at most; review it and set status: curated to claim high");
        }
      } else {
        error(l, "E0320", "confidence level '" + v + "' must be high, medium or low");
      }
    } else {
      error(n, "E0312", "confidence entry needs a level (high, medium or low)");
    }
    if (n["why"]) rule.why = scalar(n["why"], "why").value_or("");
    read_condition(n, s, rule.condition, used, true);
  }

  // A condition is the part of a mapping made of symptom/all/any/sequence (+ within, count,
  // repeats; max_gap on a sequence step).
  void read_condition(const YAML::Node& n, const SignatureSpec& s, ConditionSpec& c, std::set<std::string>& used,
                      bool in_rule, bool sequence_step = false) {
    c.where = where(n);
    if (!in_rule &&
        !check_keys(n, "condition",
                    {"symptom", "all", "any", "sequence", "within", "count", "repeats", "max_gap", "during"}))
      return;
    if (!n.IsMap()) return;
    const int kinds = (n["symptom"] ? 1 : 0) + (n["all"] ? 1 : 0) + (n["any"] ? 1 : 0) + (n["sequence"] ? 1 : 0);
    if (kinds != 1) {
      error(n, "E0321", "a condition names exactly one of 'symptom', 'all', 'any' or 'sequence'");
      return;
    }
    if (const auto g = n["max_gap"]) {
      if (sequence_step) {
        c.max_gap = duration(g, "max_gap");
      } else {
        error(g, "E0328", "max_gap applies to a step of a sequence (after the first)");
      }
    }
    if (n["within"]) c.within = duration(n["within"], "within");
    if (n["sequence"]) {
      read_sequence(n, s, c, used);
      return;
    }
    if (const auto sn = n["symptom"]) {
      c.kind = ConditionSpec::Kind::symptom;
      c.symptom = scalar(sn, "symptom").value_or("");
      const bool known = std::any_of(s.symptoms.begin(), s.symptoms.end(),
                                     [&](const SymptomSpec& sym) { return sym.id == c.symptom; });
      if (!known) error(sn, "E0322", "unknown symptom '" + c.symptom + "'");
      used.insert(c.symptom);
      if (const auto cn = n["count"]) {
        const auto v = scalar(cn, "count");
        const auto num = v ? detail::parse_uint(*v) : std::nullopt;
        if (!num || *num == 0 || *num > 1000000) {
          error(cn, "E0323", "count must be a number from 1 to 1000000");
        } else {
          c.count = static_cast<std::uint32_t>(*num);
        }
      }
      if (const auto rn = n["repeats"]) read_repeats(rn, c);
      if (const auto dn = n["during"]) read_during(dn, s, c, used);
      if (c.count > 1 && !c.within && c.during.empty()) {
        error(n, "E0324", "count needs a 'within' window (or 'during' a trend)");
      }
      return;
    }
    if (n["during"]) error(n["during"], "E0337", "during applies to a symptom, not to all/any/sequence");
    if (n["count"]) error(n["count"], "E0325", "count applies to a symptom, not to all/any/sequence");
    if (n["repeats"]) error(n["repeats"], "E0325", "repeats applies to a symptom, not to all/any/sequence");
    const auto list = n["all"] ? n["all"] : n["any"];
    c.kind = n["all"] ? ConditionSpec::Kind::all : ConditionSpec::Kind::any;
    if (!list.IsSequence() || list.size() == 0) {
      error(list, "E0303", "all/any must be a non-empty list of conditions");
      return;
    }
    for (const auto& child : list) {
      ConditionSpec cc;
      read_condition(child, s, cc, used, false);
      c.children.push_back(std::move(cc));
    }
  }

  // A sequence's steps are points in time, so each is a symptom or an `any` of symptoms (the
  // occurrences of any of them), without count, repeats or within of its own.
  void read_sequence(const YAML::Node& n, const SignatureSpec& s, ConditionSpec& c, std::set<std::string>& used) {
    c.kind = ConditionSpec::Kind::sequence;
    if (n["count"]) error(n["count"], "E0325", "count applies to a symptom, not to all/any/sequence");
    if (n["repeats"]) error(n["repeats"], "E0325", "repeats applies to a symptom, not to all/any/sequence");
    const auto list = n["sequence"];
    if (!list.IsSequence() || list.size() < 2) {
      error(list, "E0329", "a sequence is a list of at least two steps");
      return;
    }
    std::set<std::string> in_steps;
    for (std::size_t i = 0; i < list.size(); ++i) {
      ConditionSpec step;
      read_condition(list[i], s, step, used, false, i > 0);
      if (!is_point_step(step)) {
        error(list[i], "E0327",
              "a sequence step is a symptom, or an 'any' of symptoms, with no count, repeats or within");
      }
      // One event must not serve two steps: each symptom belongs to one step.
      const auto claim = [&](const ConditionSpec& leaf) {
        if (leaf.kind == ConditionSpec::Kind::symptom && !in_steps.insert(leaf.symptom).second) {
          error(list[i], "E0327", "symptom '" + leaf.symptom + "' appears in more than one step of the sequence");
        }
      };
      claim(step);
      for (const auto& leaf : step.children) claim(leaf);
      c.children.push_back(std::move(step));
    }
  }

  static bool is_point_step(const ConditionSpec& c) {
    if (c.within || c.count > 1 || c.repeats || !c.during.empty()) return false;
    if (c.kind == ConditionSpec::Kind::symptom) return true;
    if (c.kind != ConditionSpec::Kind::any) return false;
    return std::all_of(c.children.begin(), c.children.end(), [](const ConditionSpec& child) {
      return child.kind == ConditionSpec::Kind::symptom && !child.within && child.count == 1 && !child.repeats &&
             !child.max_gap && child.during.empty();
    });
  }

  // `during: trend_symptom`: the hits must lie inside one window in which that trend held.
  void read_during(const YAML::Node& n, const SignatureSpec& s, ConditionSpec& c, std::set<std::string>& used) {
    c.during = scalar(n, "during").value_or("");
    const auto it =
        std::find_if(s.symptoms.begin(), s.symptoms.end(), [&](const SymptomSpec& sym) { return sym.id == c.during; });
    if (it == s.symptoms.end()) {
      error(n, "E0322", "unknown symptom '" + c.during + "'");
    } else if (!it->trend) {
      error(n, "E0337", "during names a trend symptom (one with counter and trend); '" + c.during + "' is not one");
    } else if (c.during == c.symptom) {
      error(n, "E0337", "a symptom cannot be counted during itself");
    }
    used.insert(c.during);
  }

  void read_repeats(const YAML::Node& n, ConditionSpec& c) {
    if (!check_keys(n, "repeats", {"every", "tolerance", "at_least"})) return;
    RepeatSpec r;
    if (n["every"]) {
      r.every = duration(n["every"], "every").value_or(0);
    } else {
      error(n, "E0312", "repeats needs 'every'");
    }
    if (n["tolerance"]) {
      r.tolerance = duration(n["tolerance"], "tolerance").value_or(0);
    } else {
      r.tolerance = r.every / 3;
    }
    if (n["at_least"]) {
      const auto v = scalar(n["at_least"], "at_least");
      const auto num = v ? detail::parse_uint(*v) : std::nullopt;
      if (!num || *num < 2 || *num > 100000) {
        error(n["at_least"], "E0323", "at_least must be a number from 2 to 100000");
      } else {
        r.at_least = static_cast<std::uint32_t>(*num);
      }
    }
    if (r.every > 0 && r.tolerance >= r.every) error(n, "E0326", "tolerance must be smaller than every");
    c.repeats = r;
  }

  const std::string& file_;
  DiagnosticSink& diagnostics_;
  bool ok_ = true;
};

}  // namespace

bool load_signature(std::string_view yaml_text, const std::string& file_name, SignatureSpec& out,
                    DiagnosticSink& diagnostics) {
  Loader loader(file_name, diagnostics);
  return loader.load(yaml_text, out);
}

bool load_signature_directory(const std::string& directory, std::vector<SignatureSpec>& out,
                              DiagnosticSink& diagnostics) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(directory, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec) && it->path().extension() == ".yaml") files.push_back(it->path());
  }
  auto report = [&](std::string message) {
    diagnostics.report(make_diagnostic(Severity::error, "E0300", directory, std::move(message)));
  };
  if (ec) {
    report("cannot read signature directory: " + ec.message());
    return false;
  }
  if (files.empty()) {
    report("no signature files (*.yaml) found");
    return false;
  }
  std::sort(files.begin(), files.end());
  bool ok = true;
  for (const auto& p : files) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) {
      diagnostics.report(make_diagnostic(Severity::error, "E0300", p.string(), "cannot read file"));
      ok = false;
      continue;
    }
    SignatureSpec spec;
    if (load_signature(text.str(), p.string(), spec, diagnostics)) {
      out.push_back(std::move(spec));
    } else {
      ok = false;
    }
  }
  return ok;
}

}  // namespace kbmatch
