#include "draft/signature_drafter.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

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

// Fragments too short or too common to tell this event apart are not tested.
bool worth_testing(const std::string& fragment) { return fragment.size() >= 12; }

}  // namespace

std::string draft_yaml(const Article& a, const std::vector<QuotedEvent>& events, const std::string& source_name) {
  std::vector<const QuotedEvent*> quoted_events;
  for (const QuotedEvent& e : events) {
    if (!e.passing) quoted_events.push_back(&e);
  }
  if (quoted_events.empty()) return "";
  std::string y;
  y += "# Drafted by `kbmatch draft` from " + source_name + " (" + std::string(shape_name(a.shape)) +
       "). Review every symptom against the\n# article lines cited above it before curating.\n";
  y += "article: " + a.id + "\n";
  y += "title: " + yaml_quoted(a.title) + "\n";
  y += "status: draft\n";
  if (!a.products.empty()) {
    y += "products:\n";
    for (const std::string& p : a.products) y += "  - " + yaml_quoted(p) + "\n";
  }
  y += "symptoms:\n";
  std::map<std::uint32_t, int> seen_ids;
  std::vector<std::string> ids;
  for (const QuotedEvent* e : quoted_events) {
    std::string id = "event_" + std::to_string(e->event_id);
    if (const int n = ++seen_ids[e->event_id]; n > 1) id += "_" + std::to_string(n);
    ids.push_back(id);
    y += "  " + id + ":\n";
    // Its event ID where the article gives it, then the other lines its fields came from.
    y += "    " + cite(source_name, e->where);
    for (const SourceLine& l : e->lines) {
      if (l.line != e->where.line) y += "    " + cite(source_name, l);
    }
    std::string description = (e->source.empty() ? std::string("Event") : e->source + " event") + " " +
                              std::to_string(e->event_id);
    if (!e->log.empty()) description += " (" + e->log + " log)";
    y += "    description: " + yaml_quoted(description) + "\n";
    if (!e->log.empty()) y += "    log: " + e->log + "\n";
    if (!e->source.empty()) y += "    source: " + yaml_quoted(e->source) + "\n";
    y += "    event_id: " + std::to_string(e->event_id) + "\n";
    if (!e->level.empty()) y += "    level: " + e->level + "\n";
    std::vector<std::string> tests;
    for (const std::string& t : e->text) {
      if (worth_testing(t)) tests.push_back("message_contains: " + yaml_quoted(t));
    }
    for (const std::string& c : e->codes) tests.push_back("string: " + yaml_quoted(c));
    if (!e->data_hex.empty()) tests.push_back("data_hex: " + spaced_hex(e->data_hex));
    if (!tests.empty()) {
      y += "    any_of:\n";
      for (const std::string& t : tests) y += "      - " + t + "\n";
    }
  }
  y += "confidence:\n";
  y += "  - level: medium\n";
  y += "    why: " +
       yaml_quoted(quoted_events.size() > 1 ? "The events the article quotes were logged together, within one day."
                                       : "The event the article quotes was logged.") +
       "\n";
  if (ids.size() == 1) {
    y += "    symptom: " + ids[0] + "\n";
  } else {
    y += "    all:\n";
    for (const std::string& id : ids) y += "      - symptom: " + id + "\n";
    y += "    within: 24h\n";
    y += "  - level: low\n";
    y += "    why: \"One of the events the article quotes was logged.\"\n";
    y += "    any:\n";
    for (const std::string& id : ids) y += "      - symptom: " + id + "\n";
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
  if (const Section* r = a.section("resolution")) {
    const std::string text = r->joined();
    if (!text.empty()) y += "resolution: " + yaml_quoted(text.size() > 1500 ? text.substr(0, 1497) + "..." : text) + "\n";
  }
  return y;
}

std::string draft_json(const Article& a, const std::vector<QuotedEvent>& events) {
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
    x["text"] = e.text;
    x["data_hex"] = e.data_hex;
    x["codes"] = e.codes;
    x["passing"] = e.passing;
    x["line"] = e.where.line;
    x["column"] = e.where.column;
    j["events"].push_back(std::move(x));
  }
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace kbmatch::draft
