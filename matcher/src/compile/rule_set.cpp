// Compiler: SignatureSpec → RuleSet (regexes compiled once, key index by (source, event ID)).
#include "kbmatch/rule_set.h"

#include <algorithm>
#include <charconv>
#include <set>
#include <unordered_set>

#include "compile/compiled_rules.h"
#include "util/text.h"

namespace kbmatch {
namespace detail {

void fold_source_into(std::string_view source, std::string& out) {
  out.clear();
  for (char c : source) {
    if (c != ' ') out += ascii_lower(c);
  }
}

void make_key(std::string_view folded_source, std::uint32_t event_id, std::string& out) {
  out.assign(folded_source);
  out += '\0';
  char digits[10];
  out.append(digits, std::to_chars(digits, digits + sizeof digits, event_id).ptr);
}

void make_counter_key(std::string_view object, std::string_view counter, std::string& out) {
  out.clear();
  append_lower(out, object);
  out += '\0';
  append_lower(out, counter);
}

namespace {

// '*' any run, '?' one character; ASCII case-insensitive (the pattern is lower case already).
bool glob_matches(std::string_view pattern, std::string_view text) {
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == ascii_lower(text[t]))) {
      ++p, ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace

bool instance_wanted(const CompiledSymptom& symptom, std::string_view instance) {
  if (symptom.instances.empty()) return !iequals(instance, "_Total");
  return std::any_of(symptom.instances.begin(), symptom.instances.end(),
                     [&](const std::string& g) { return glob_matches(g, instance); });
}

std::string fold_source(std::string_view source) {
  std::string out;
  fold_source_into(source, out);
  return out;
}

namespace {

// The text message tests look at: the rendered message, or where an export has none (plain
// Event XML, .evt), the insertion strings, which is all that was logged.
std::string_view message_text(const Event& e, MatchScratch& scratch) {
  if (!e.message.empty()) return e.message;
  scratch.joined_strings.clear();
  for (const auto& s : e.strings) {
    if (!scratch.joined_strings.empty()) scratch.joined_strings += '\n';
    scratch.joined_strings += s;
  }
  return scratch.joined_strings;
}

bool test_holds(const CompiledTest& t, const Event& e, MatchScratch& scratch) {
  switch (t.kind) {
    case FieldTest::Kind::string_equals:
      for (const auto& s : e.strings) {
        if (iequals(trim(s), t.needle)) return true;
      }
      return false;
    case FieldTest::Kind::string_matches:
      for (const auto& s : e.strings) {
        if (boost::regex_search(s, t.regex)) return true;
      }
      return false;
    case FieldTest::Kind::message_matches: {
      const std::string_view text = message_text(e, scratch);
      return boost::regex_search(text.begin(), text.end(), t.regex);
    }
    case FieldTest::Kind::message_contains:
      return find_icase(message_text(e, scratch), t.needle) != std::string_view::npos;
    case FieldTest::Kind::data_contains: return !e.data.empty() && e.data.find(t.needle) != std::string::npos;
  }
  return false;
}

// A function as crash reports write it, without an offset: "RtlAllocateHeap+0x2c".
std::string_view without_offset(std::string_view function) {
  return trim(function.substr(0, function.find('+')));
}

// Whether a crash's (module, function) is the wanted "function" or "module!function" (the loader
// gives the module in image_base_name form). Without a known module, a wanted module never holds.
bool names_match(std::optional<std::string_view> module, std::string_view function, const std::string& wanted) {
  const std::size_t bang = wanted.find('!');
  if (bang == std::string::npos) return iequals(without_offset(function), wanted);
  return iequals(without_offset(function), std::string_view(wanted).substr(bang + 1)) && module &&
         *module == std::string_view(wanted).substr(0, bang);
}

// A stack frame as written: "ntdll!RtlAllocateHeap+0x2c", "NTDLL.DLL!RtlAllocateHeap", "wcscpy".
bool frame_matches(std::string_view frame, const std::string& wanted) {
  const std::size_t bang = frame.find('!');
  if (bang == std::string_view::npos) return names_match(std::nullopt, frame, wanted);
  return names_match(image_base_name(frame.substr(0, bang)), frame.substr(bang + 1), wanted);
}

template <class List, class Pred>
bool any_holds(const List& wanted, Pred pred) {
  return wanted.empty() || std::any_of(wanted.begin(), wanted.end(), pred);
}

bool crash_holds(const CrashTest& t, const CrashFacts& c) {
  if (!c.present() || (t.kind && *t.kind != c.kind)) return false;
  if (!any_holds(t.processes, [&](const std::string& p) { return p == c.process; })) return false;
  if (!t.exception_codes.empty() &&
      (!c.has_exception_code ||
       std::find(t.exception_codes.begin(), t.exception_codes.end(), c.exception_code) == t.exception_codes.end())) {
    return false;
  }
  // A function given as "ntdll!RtlAllocateHeap" also names the faulting module.
  if (!any_holds(t.functions, [&](const std::string& f) { return names_match(c.module, c.function, f); })) {
    return false;
  }
  if (!any_holds(t.modules, [&](const std::string& m) { return m == c.module; })) return false;
  return any_holds(t.frames, [&](const std::string& f) {
    return std::any_of(c.frames.begin(), c.frames.end(), [&](const std::string& fr) { return frame_matches(fr, f); });
  });
}

}  // namespace

bool symptom_matches(const CompiledSymptom& s, const Event& e, std::string_view folded_source, MatchScratch& scratch) {
  if (s.level && e.level != Level::unknown && e.level != *s.level) return false;
  if (!s.logs.empty() && !e.log.empty()) {
    bool ok = false;
    for (const auto& l : s.logs) ok = ok || iequals(l, e.log);
    if (!ok) return false;
  }
  if (!s.sources.empty() && std::find(s.sources.begin(), s.sources.end(), folded_source) == s.sources.end()) {
    return false;
  }
  for (const auto& t : s.all_of) {
    if (!test_holds(t, e, scratch)) return false;
  }
  if (!s.any_of.empty()) {
    bool any = false;
    for (const auto& t : s.any_of) {
      if (test_holds(t, e, scratch)) {
        any = true;
        break;
      }
    }
    if (!any) return false;
  }
  for (const auto& t : s.none_of) {
    if (test_holds(t, e, scratch)) return false;
  }
  return !s.crash || crash_holds(*s.crash, e.crash);
}

}  // namespace detail

namespace {

std::vector<detail::CompiledTest> compile_tests(const std::vector<FieldTest>& tests) {
  std::vector<detail::CompiledTest> out;
  for (const auto& t : tests) {
    detail::CompiledTest c;
    c.kind = t.kind;
    switch (t.kind) {
      case FieldTest::Kind::string_matches:
      case FieldTest::Kind::message_matches:
        // The loader has already checked the pattern; icase because KB articles and real
        // events disagree on capitalization ("Error" vs "error").
        c.regex = boost::regex(t.text, boost::regex::perl | boost::regex::icase | boost::regex::optimize);
        break;
      case FieldTest::Kind::string_equals: c.needle = detail::to_lower(detail::trim(t.text)); break;
      case FieldTest::Kind::message_contains: c.needle = detail::to_lower(t.text); break;
      case FieldTest::Kind::data_contains: c.needle = t.bytes; break;
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace

RuleSet::RuleSet(std::unique_ptr<detail::CompiledRules> rules) : rules_(std::move(rules)) {}
RuleSet::~RuleSet() = default;

const std::vector<SignatureSpec>& RuleSet::signatures() const {
  return rules_->specs;
}
std::size_t RuleSet::symptom_count() const {
  return rules_->symptoms.size();
}
std::size_t RuleSet::unkeyed_symptom_count() const {
  return rules_->unkeyed.size();
}
std::size_t RuleSet::crash_symptom_count() const {
  return rules_->crash_reports.size();
}
std::size_t RuleSet::observation_symptom_count() const {
  std::size_t n = 0;
  for (const auto& spec : rules_->specs) {
    n += static_cast<std::size_t>(std::count_if(spec.symptoms.begin(), spec.symptoms.end(),
                                                [](const SymptomSpec& s) { return s.is_observation(); }));
  }
  return n;
}

std::shared_ptr<const RuleSet> RuleSet::compile(std::vector<SignatureSpec> signatures, DiagnosticSink& diagnostics) {
  auto rules = std::make_unique<detail::CompiledRules>();
  std::set<std::string> articles;
  bool ok = true;
  for (const auto& spec : signatures) {
    if (!articles.insert(spec.article).second) {
      diagnostics.report(make_diagnostic(Severity::error, "E0330", spec.where.file,
                                         "article " + spec.article + " is defined by more than one signature file",
                                         spec.where.line, spec.where.column));
      ok = false;
    }
  }
  if (!ok) return nullptr;
  rules->specs = std::move(signatures);
  for (std::uint32_t si = 0; si < rules->specs.size(); ++si) {
    const SignatureSpec& spec = rules->specs[si];
    rules->gates_platform = rules->gates_platform || spec.applies_to.has_value();
    for (std::uint32_t li = 0; li < spec.symptoms.size(); ++li) {
      const SymptomSpec& sym = spec.symptoms[li];
      detail::CompiledSymptom c;
      c.signature = si;
      c.local = li;
      for (const auto& s : sym.sources) c.sources.push_back(detail::fold_source(s));
      for (const auto& l : sym.logs) c.logs.push_back(detail::to_lower(l));
      c.level = sym.level;
      c.crash = sym.crash;
      try {
        c.all_of = compile_tests(sym.all_of);
        c.any_of = compile_tests(sym.any_of);
        c.none_of = compile_tests(sym.none_of);
      } catch (const boost::regex_error& e) {
        diagnostics.report(make_diagnostic(Severity::error, "E0319", sym.where.file,
                                           std::string("invalid regular expression: ") + e.what(), sym.where.line,
                                           sym.where.column));
        return nullptr;
      }
      const auto index = static_cast<std::uint32_t>(rules->symptoms.size());
      if (sym.counter) {
        for (const auto& g : sym.counter->instances) c.instances.push_back(detail::to_lower(detail::trim(g)));
        std::string key;
        for (const auto& name : sym.counter->counters) {
          detail::make_counter_key(sym.counter->object, name, key);
          auto& keyed = rules->trends_by_counter[key];
          if (keyed.empty() || keyed.back() != index) keyed.push_back(index);
        }
        const std::string object = detail::to_lower(sym.counter->object);
        auto& objects = rules->trend_objects;
        if (std::find(objects.begin(), objects.end(), object) == objects.end()) objects.push_back(object);
      } else if (sym.network) {
        rules->network_checks.push_back(index);
      } else if (sym.event_id && !c.sources.empty()) {
        std::string key;
        for (const auto& src : c.sources) {
          detail::make_key(src, *sym.event_id, key);
          // Aliases that fold alike ("DHCP Server", "DHCPServer") list the symptom once.
          auto& keyed = rules->by_source_and_id[key];
          if (keyed.empty() || keyed.back() != index) keyed.push_back(index);
        }
      } else if (sym.event_id) {
        rules->by_event_id[*sym.event_id].push_back(index);
      } else if (sym.crash) {
        rules->crash_reports.push_back(index);
      } else if (!c.logs.empty()) {
        for (const auto& log : c.logs) {
          auto& keyed = rules->by_log[log];
          if (keyed.empty() || keyed.back() != index) keyed.push_back(index);
        }
      } else {
        rules->unkeyed.push_back(index);
      }
      rules->symptoms.push_back(std::move(c));
    }
  }
  return std::shared_ptr<const RuleSet>(new RuleSet(std::move(rules)));
}

namespace detail {
// Generated from the signature files by cmake/embed_signatures.cmake.
const std::vector<EmbeddedSignature>& curated_signatures();
const std::vector<EmbeddedSignature>& drafted_signatures();
}  // namespace detail

const std::vector<EmbeddedSignature>& builtin_signatures(Library library) {
  return library == Library::curated ? detail::curated_signatures() : detail::drafted_signatures();
}

bool load_builtin_signatures(std::vector<SignatureSpec>& out, DiagnosticSink& diagnostics, Library library) {
  const std::string folder = library == Library::curated ? "<builtin>/" : "<builtin>/drafted/";
  bool ok = true;
  for (const auto& e : builtin_signatures(library)) {
    SignatureSpec spec;
    if (load_signature(e.text, folder + e.file_name, spec, diagnostics)) {
      out.push_back(std::move(spec));
    } else {
      ok = false;
    }
  }
  return ok;
}

std::size_t add_drafts(std::vector<SignatureSpec>& signatures, std::vector<SignatureSpec> drafts) {
  std::unordered_set<std::string> covered;
  for (const SignatureSpec& s : signatures) covered.insert(s.article);
  std::size_t superseded = 0;
  for (SignatureSpec& d : drafts) {
    if (covered.count(d.article) != 0) {
      ++superseded;
    } else {
      signatures.push_back(std::move(d));
    }
  }
  return superseded;
}

}  // namespace kbmatch
