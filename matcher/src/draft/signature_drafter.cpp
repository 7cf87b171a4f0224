#include "draft/signature_drafter.h"

#include <boost/regex.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <map>

#include "kbmatch/event.h"
#include "util/text.h"

namespace kbmatch::draft {
namespace {

// A double-quoted YAML scalar: always safe, whatever the article wrote.
std::string yaml_quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += ' '; break;
      case '\r': break;
      default: out += c;
    }
  }
  return out + "\"";
}

// A comment line citing where a fact stands in the article: file:line:column and the line.
std::string cite(const std::string& source_name, const SourceLine& l) {
  std::string text(detail::trim(l.text));
  if (text.size() > 100) text = text.substr(0, 97) + "...";
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return "# " + source_name + ":" + std::to_string(l.line) + ":" + std::to_string(l.column) + ": " + text + "\n";
}

// "02feffff" as "02 fe ff ff".
std::string spaced_hex(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    if (!out.empty()) out += ' ';
    out += hex.substr(i, 2);
  }
  return out;
}

// The fixed fragments of a description as one regex: all of them, in the article's order, with
// anything between (the values that vary), white space as any run of it. Requiring every fragment
// keeps a draft from matching on one common phrase ("The exception generated was"); "" when the
// fragments are too short to tell the event apart.
std::string ordered_fragments(const std::vector<std::string>& fragments) {
  std::size_t letters = 0;
  std::string out;
  for (const std::string& f : fragments) {
    if (!out.empty()) out += ".*?";
    bool space = false;
    for (char c : f) {
      if (detail::is_space(c)) {
        space = true;
        continue;
      }
      if (space) out += "\\s+";
      space = false;
      if (std::string_view(".^$|()[]{}*+?\\").find(c) != std::string_view::npos) out += '\\';
      out += c;
      if (std::isalnum(static_cast<unsigned char>(c))) ++letters;
    }
  }
  return letters >= 12 ? "(?s)" + out : "";
}

// Whether a code tells an event apart on its own. Not so: 0xc0000005, the access violation of
// nearly every crash, nor an 8-digit hex value below 0x80000000, which is an address (it varies
// from machine to machine) rather than a status or HRESULT.
bool telling_code(const std::string& code) {
  if (code == "0xc0000005") return false;
  const bool eight_hex = code.size() == 10 && code.starts_with("0x");
  return !(eight_hex && code[2] < '8');
}

// The RESOLUTION's advice in a few sentences, for a report's "What to do": the hotfix articles'
// standard paragraphs (support costs, phone numbers, testing caveats, file tables, links) are
// left out; the article itself is a click away.
std::string what_to_do(const Section& resolution) {
  static const boost::regex boilerplate(
      R"(only intended to correct|additional testing|phone numbers|support costs|special cases|charges that are normally|file attributes|file dependencies|https?://|World Wide Web|For (?:additional|more) information|click the article number|Date\s+Time\s+Size|following article)",
      boost::regex::icase);
  static const boost::regex sentence_end(R"((?<=[.!?])\s+(?=[A-Z]))");
  static const boost::regex underline(R"(\s*[-=]{3,}\s*)");
  const std::string text = boost::regex_replace(resolution.joined(), underline, " ");
  std::string out;
  boost::sregex_token_iterator it(text.begin(), text.end(), sentence_end, -1), end;
  for (; it != end && out.size() < 350; ++it) {
    std::string sentence(detail::trim(it->str()));
    if (sentence.empty() || boost::regex_search(sentence, boilerplate)) continue;
    if (sentence.starts_with("Therefore, ")) {
      sentence.erase(0, 11);
      sentence[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(sentence[0])));
    }
    out += (out.empty() ? "" : " ") + sentence;
  }
  return out.size() > 600 ? out.substr(0, 597) + "..." : out;
}

// A symptom id from a process name: "Rpcss.exe" → "crash_rpcss".
std::string crash_symptom_id(const CrashFact& c) {
  std::string id = "crash_";
  for (char ch : c.process.substr(0, c.process.rfind('.'))) {
    id += std::isalnum(static_cast<unsigned char>(ch)) ? detail::ascii_lower(ch) : '_';
  }
  return id;
}

// The Windows versions an article's products name, as "major.minor" the way EventLog 6009
// writes them ("3.51", "4.0"; NT 3.1 and 3.5 write "3.10" and "3.50"), for product gating. Only
// Windows itself counts: an Exchange or SNA Server article that names no Windows version says
// nothing about the system, and Windows 95/98/Me keep no event log to match anyway.
std::vector<std::string> windows_versions(const std::vector<std::string>& products) {
  static const std::pair<const char*, const char*> named[] = {
      // Longest names first: "Windows Server 2008 R2" before "Windows Server 2008".
      {"windows server 2008 r2", "6.1"}, {"windows server 2012 r2", "6.3"}, {"windows 8.1", "6.3"},
      {"windows 2000", "5.0"},          {"windows xp", "5.1"},             {"windows server 2003", "5.2"},
      {"windows .net server", "5.2"},   {"windows vista", "6.0"},          {"windows server 2008", "6.0"},
      {"windows 7", "6.1"},             {"windows server 2012", "6.2"},    {"windows 8", "6.2"},
      {"windows 10", "10.0"},           {"windows server 2016", "10.0"},   {"windows server 2019", "10.0"},
  };
  std::vector<std::string> out;
  const auto add = [&out](std::string v) {
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(std::move(v));
  };
  for (const std::string& product : products) {
    const std::string p = detail::to_lower(product);
    if (const auto nt = p.find("windows nt"); nt != std::string::npos) {
      // "Windows NT Server versions 3.5, 3.51, 4.0"; no number means every NT.
      bool any = false;
      for (const char* v : {"3.1", "3.5", "3.51", "4.0"}) {
        for (std::size_t at = p.find(v, nt); at != std::string::npos; at = p.find(v, at + 1)) {
          const std::size_t end = at + std::string_view(v).size();
          const bool whole = (at == 0 || !std::isdigit(static_cast<unsigned char>(p[at - 1]))) &&
                             (end == p.size() || !std::isdigit(static_cast<unsigned char>(p[end])));
          if (!whole) continue;
          add(std::string(v) == "3.1" ? "3.10" : std::string(v) == "3.5" ? "3.50" : v);
          any = true;
          break;
        }
      }
      if (!any) {
        for (const char* v : {"3.10", "3.50", "3.51", "4.0"}) add(v);
      }
      continue;
    }
    for (const auto& [name, version] : named) {
      if (p.find(name) != std::string::npos) {
        add(version);
        break;
      }
    }
  }
  return out;
}

}  // namespace

std::string draft_yaml(const Article& a, const std::vector<QuotedEvent>& events, const ProseFacts& facts,
                       const std::string& source_name) {
  // The symptoms, in article order: each with its YAML body and whether it can tell the
  // article's problem apart by content (a test on the event's text, codes or data, or a crash
  // with its exception, function or module), not only by its source and ID.
  struct Drafted {
    std::string id, body;
    bool telling = false;
  };
  std::vector<Drafted> symptoms;
  std::string skipped;  // comments on what the article quotes but a symptom cannot test
  std::map<std::string, int> seen_ids;
  const auto unique_id = [&seen_ids](std::string id) {
    if (const int n = ++seen_ids[id]; n > 1) id += "_" + std::to_string(n);
    return id;
  };
  std::vector<std::string> crash_processes;  // one crash symptom per process ("rpcss")
  for (const QuotedEvent& e : events) {
    if (e.passing) continue;
    if (is_crash_report_source(e.source)) {
      // Its crash is among facts.crashes, tested by its facts (below). Without its process, a
      // crash report tells only that something crashed: every crash logs one.
      if (!crash_in(e.description)) {
        skipped += "# Not drafted: " + e.source + " event " + std::to_string(e.event_id) +
                   ", quoted without the process that crashed\n" + cite(source_name, e.where);
      }
      continue;
    }
    std::vector<SourceLine> lines{e.where};
    for (const SourceLine& l : e.lines) {
      if (l.line != e.where.line || l.column != e.where.column) lines.push_back(l);
    }
    std::vector<std::string> tests;
    if (const std::string all = ordered_fragments(e.text); !all.empty()) tests.push_back("message: " + yaml_quoted(all));
    for (const std::string& c : e.codes) {
      if (telling_code(c)) tests.push_back("string: " + yaml_quoted(c));
    }
    if (!e.data_hex.empty()) tests.push_back("data_hex: " + spaced_hex(e.data_hex));
    if (e.source.empty() && tests.empty()) {
      // Event IDs are per source: an ID alone would match every program's event with that ID.
      skipped += "# Not drafted: event " + std::to_string(e.event_id) +
                 ", quoted with neither its source nor fixed text to tell it from other programs' events\n" +
                 cite(source_name, e.where);
      continue;
    }
    Drafted d;
    d.id = unique_id("event_" + std::to_string(e.event_id));
    d.telling = !tests.empty();
    for (const SourceLine& l : lines) d.body += "    " + cite(source_name, l);
    std::string description =
        (e.source.empty() ? std::string("Event") : e.source + " event") + " " + std::to_string(e.event_id);
    if (!e.log.empty()) description += " (" + e.log + " log)";
    d.body += "    description: " + yaml_quoted(description) + "\n";
    if (!e.log.empty()) d.body += "    log: " + e.log + "\n";
    if (!e.source.empty()) d.body += "    source: " + yaml_quoted(e.source) + "\n";
    d.body += "    event_id: " + std::to_string(e.event_id) + "\n";
    if (!e.level.empty()) d.body += "    level: " + e.level + "\n";
    if (!tests.empty()) {
      d.body += "    any_of:\n";
      for (const std::string& t : tests) d.body += "      - " + t + "\n";
    }
    symptoms.push_back(std::move(d));
  }
  for (const CrashFact& c : facts.crashes) {
    const std::string process = image_base_name(c.process);  // "rpcss" from Rpcss.exe and rpcss.dbg
    if (std::find(crash_processes.begin(), crash_processes.end(), process) != crash_processes.end()) continue;
    crash_processes.push_back(process);
    std::string what = c.process + (c.kind == "hang" ? " stops responding" : " crash");
    if (!c.exception_code.empty()) what += " (" + c.exception_code + ")";
    if (!c.function.empty()) what += " in " + c.function;
    if (!c.reported_by.empty()) what += ", as " + c.reported_by + " reports it";
    Drafted d;
    d.id = unique_id(crash_symptom_id(c));
    d.body += "    " + cite(source_name, c.where);
    d.body += "    description: " + yaml_quoted(what) + "\n";
    d.body += "    crash:\n";
    d.body += "      process: " + yaml_quoted(c.process) + "\n";
    if (!c.exception_code.empty()) d.body += "      exception: " + c.exception_code + "\n";
    if (!c.function.empty()) d.body += "      function: " + yaml_quoted(c.function) + "\n";
    if (!c.module.empty()) d.body += "      module: " + yaml_quoted(c.module) + "\n";
    if (!c.kind.empty()) d.body += "      kind: " + c.kind + "\n";
    // Most crashes are access violations: the process and c0000005 alone tell no problem apart.
    d.telling = !c.function.empty() || !c.module.empty() || (!c.exception_code.empty() && c.exception_code != "c0000005");
    symptoms.push_back(std::move(d));
  }
  if (symptoms.empty()) return "";

  std::string y;
  y += "# Drafted by `kbmatch draft` from " + source_name + " (" + std::string(shape_name(a.shape)) +
       "). Review every symptom against the\n# article lines cited above it before curating.\n";
  if (!facts.processes.empty()) {
    std::string names;
    for (const std::string& p : facts.processes) names += (names.empty() ? "" : ", ") + p;
    y += "# Processes the symptoms name: " + names + "\n";
  }
  for (const TimingFact& t : facts.timing) {
    y += "# Timing the article tells: " + yaml_quoted(t.text) + "\n" + cite(source_name, t.where);
  }
  y += skipped;
  y += "article: " + a.id + "\n";
  y += "title: " + yaml_quoted(a.title) + "\n";
  y += "status: draft\n";
  if (!a.products.empty()) {
    y += "products:\n";
    for (const std::string& p : a.products) y += "  - " + yaml_quoted(p) + "\n";
  }
  if (const auto versions = windows_versions(a.products); !versions.empty()) {
    y += "applies_to:  # the Windows versions among the products above\n";
    y += "  systems:\n";
    for (const std::string& v : versions) y += "    - windows: \"" + v + "\"\n";
  }
  y += "symptoms:\n";
  std::vector<std::string> telling, all;
  for (const Drafted& d : symptoms) {
    y += "  " + d.id + ":\n" + d.body;
    all.push_back(d.id);
    if (d.telling) telling.push_back(d.id);
  }
  // Medium needs every symptom the article describes, within a day, at least one of them told
  // apart by its content; anything less is a lead (low). Drafts never claim high (E0338).
  const auto list = [&y](const char* key, const std::vector<std::string>& ids) {
    if (ids.size() == 1) {
      y += "    symptom: " + ids[0] + "\n";
      return;
    }
    y += std::string("    ") + key + ":\n";
    for (const std::string& id : ids) y += "      - symptom: " + id + "\n";
    if (std::string_view(key) == "all") y += "    within: 24h\n";
  };
  y += "confidence:\n";
  if (!telling.empty()) {
    y += "  - level: medium\n";
    y += "    why: " +
         yaml_quoted(all.size() > 1 ? "Every symptom the article describes was seen within one day, as the article gives it."
                                    : "The symptom the article describes was seen, as the article gives it.") +
         "\n";
    list("all", all);
  }
  if (telling.empty() || all.size() > 1) {
    y += "  - level: low\n";
    y += "    why: " +
         yaml_quoted(telling.empty() ? "A symptom the article describes was seen, but nothing the article gives (fixed text, "
                                       "a telling code, crash details) confirms it is this problem."
                                     : "One of the symptoms the article describes was seen.") +
         "\n";
    list("any", telling.empty() ? all : telling);
  }
  std::vector<const FixFile*> fixes;
  for (const FixFile& f : a.fix_files) {
    if (!f.name.empty() && (!f.date.empty() || !f.version.empty())) fixes.push_back(&f);
  }
  if (!fixes.empty()) {
    y += "fix_files:\n";
    for (const FixFile* f : fixes) {
      y += "  " + cite(source_name, f->where);
      y += "  - name: " + yaml_quoted(f->name) + "\n";
      if (!f->version.empty()) y += "    version: " + yaml_quoted(f->version) + "\n";
      if (!f->date.empty()) y += "    date: " + yaml_quoted(f->date) + "\n";
      if (!f->size.empty()) y += "    size: " + yaml_quoted(f->size) + "\n";
      if (!f->platform.empty()) y += "    platform: " + yaml_quoted(f->platform) + "\n";
    }
  }
  // What to do: the RESOLUTION, else the WORKAROUND.
  std::string advice;
  for (const char* name : {"resolution", "workaround"}) {
    if (const Section* r = a.section(name); r != nullptr && advice.empty()) advice = what_to_do(*r);
  }
  if (!advice.empty()) {
    y += "resolution: " + yaml_quoted(advice) + "\n";
  }
  return y;
}

std::string draft_json(const Article& a, const std::vector<QuotedEvent>& events, const ProseFacts& facts) {
  nlohmann::ordered_json j;
  j["article"] = a.id;
  j["title"] = a.title;
  j["events"] = nlohmann::ordered_json::array();
  for (const QuotedEvent& e : events) {
    nlohmann::ordered_json x;
    x["log"] = e.log;
    x["source"] = e.source;
    x["event_id"] = e.event_id;
    x["level"] = e.level;
    x["description"] = e.description;
    x["text"] = e.text;
    x["data_hex"] = e.data_hex;
    x["codes"] = e.codes;
    x["passing"] = e.passing;
    x["line"] = e.where.line;
    x["column"] = e.where.column;
    j["events"].push_back(std::move(x));
  }
  j["crashes"] = nlohmann::ordered_json::array();
  for (const CrashFact& c : facts.crashes) {
    j["crashes"].push_back({{"reported_by", c.reported_by},
                            {"process", c.process},
                            {"exception", c.exception_code},
                            {"module", c.module},
                            {"function", c.function},
                            {"kind", c.kind},
                            {"line", c.where.line},
                            {"column", c.where.column}});
  }
  j["processes"] = facts.processes;
  j["timing"] = nlohmann::ordered_json::array();
  for (const TimingFact& t : facts.timing) {
    j["timing"].push_back(
        {{"text", t.text}, {"every_seconds", t.every_seconds}, {"line", t.where.line}, {"column", t.where.column}});
  }
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace kbmatch::draft
