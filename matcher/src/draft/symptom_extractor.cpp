#include "draft/symptom_extractor.h"

#include <boost/regex.hpp>

#include <algorithm>
#include <cctype>
#include <optional>

#include "kbmatch/event.h"
#include "util/text.h"

namespace kbmatch::draft {
namespace {

using detail::trim;

enum class Label : std::uint8_t { event_id, source, type, category, description, data, log, other };

// One labelled field of a line: its label, its value (up to the next label or the line's end).
struct Field {
  Label label;
  std::string value;
  std::uint32_t column;
};

// Labels as articles write them. "Event ID" needs no colon before its number, and "Source" and
// "Description" need none right after an event ID or source ("Event ID 1014 Source DHCP Server
// Description : ..."); any other label needs its colon, so prose does not read as fields.
const boost::regex& label_pattern() {
  static const boost::regex r(
      R"((?<![A-Za-z])(?:(Event\s*[Ii][Dd]s?)\s*[:=]?\s*(?=\d)|(Event Type|Event Source|Event Category|Event Log|Source|Type|Category|Description|Data|Log|User|Computer|Date|Time)\s*:|(Source|Description)\s+(?=\S)))");
  return r;
}

Label label_of(std::string_view name) {
  if (name.starts_with("Event") && name.find_first_of("Ii") != std::string_view::npos) return Label::event_id;
  if (name == "Source" || name == "Event Source") return Label::source;
  if (name == "Type" || name == "Event Type") return Label::type;
  if (name == "Category" || name == "Event Category") return Label::category;
  if (name == "Description") return Label::description;
  if (name == "Data") return Label::data;
  if (name == "Log" || name == "Event Log") return Label::log;
  return Label::other;
}

// Splits a line into the text before its first label and its labelled fields.
std::vector<Field> fields_of(const std::string& line, std::string& before) {
  std::vector<Field> out;
  struct Hit {
    Label label;
    std::size_t start, value;
  };
  std::vector<Hit> hits;
  for (boost::sregex_iterator it(line.begin(), line.end(), label_pattern()), end; it != end; ++it) {
    const auto& m = *it;
    const std::string name = m[1].matched ? m[1].str() : m[2].matched ? m[2].str() : m[3].str();
    const Label label = label_of(name);
    if (m[3].matched) {
      // Without a colon only right after an event ID (or, for Description, a source).
      const bool follows = !hits.empty() && (hits.back().label == Label::event_id ||
                                             (label == Label::description && hits.back().label == Label::source));
      if (!follows) continue;
    }
    hits.push_back(Hit{label, static_cast<std::size_t>(m.position()), static_cast<std::size_t>(m.position() + m.length())});
  }
  before = hits.empty() ? line : line.substr(0, hits[0].start);
  for (std::size_t i = 0; i < hits.size(); ++i) {
    const std::size_t stop = i + 1 < hits.size() ? hits[i + 1].start : line.size();
    std::string value(trim(std::string_view(line).substr(hits[i].value, stop - hits[i].value)));
    while (!value.empty() && (value.back() == ',' || value.back() == ';')) value.pop_back();
    out.push_back(Field{hits[i].label, std::string(trim(value)), static_cast<std::uint32_t>(hits[i].start)});
  }
  return out;
}

// "System Log", "logged in the Application event log", "the System log:".
std::optional<std::string> log_named(std::string_view text) {
  static const boost::regex r(
      R"(\b(System|Application|Security|Directory Service|DNS Server|File Replication Service)\s+(?:event\s+)?log\b)",
      boost::regex::icase);
  boost::match_results<std::string_view::const_iterator> m;
  if (!boost::regex_search(text.begin(), text.end(), m, r)) return std::nullopt;
  // As Windows spells the log ("application log" gives "Application").
  std::string name = m[1].str();
  bool word_start = true;
  for (char& c : name) {
    c = word_start ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : detail::ascii_lower(c);
    word_start = c == ' ';
  }
  if (name == "Dns Server") name = "DNS Server";
  return name;
}

std::string level_of(std::string_view type) {
  const std::string t = detail::to_lower(trim(type));
  if (t.find("fail") != std::string::npos && t.find("audit") != std::string::npos) return "audit_failure";
  if (t.find("success") != std::string::npos && t.find("audit") != std::string::npos) return "audit_success";
  if (t.starts_with("error") || t.starts_with("stop")) return "error";
  if (t.starts_with("warn")) return "warning";
  if (t.starts_with("info")) return "information";
  return "";
}

// "02 fe ff ff", "0000: f3 03 15 00 0f 03 09 80" (offsets dropped), "2d4e0000".
std::string hex_of(std::string_view data) {
  static const boost::regex offset(R"(\b[0-9a-fA-F]{4}:)");
  static const boost::regex bytes(R"((?:\b[0-9a-fA-F]{2}\b\s*)+)");
  const std::string cleaned = boost::regex_replace(std::string(data), offset, " ");
  boost::smatch m;
  if (!boost::regex_search(cleaned, m, bytes)) return "";
  std::string out;
  for (char c : m.str()) {
    if (detail::hex_digit(c) >= 0) out += detail::ascii_lower(c);
  }
  return out;
}

struct Block {
  QuotedEvent event;
  std::string source_before_id;  // "MSExchangeMTA Event ID: 37": the source written before the ID
  bool has_id = false;
  bool has_detail = false;  // a source, type, category or description: a quote, not a mention
  Label last = Label::other;
};

void finish(std::optional<Block>& block, std::vector<QuotedEvent>& out) {
  if (block && block->has_id) {
    QuotedEvent& e = block->event;
    // "Source ( n )" in a quoted "description could not be found" text is no source name.
    if (std::count_if(e.source.begin(), e.source.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); }) < 2) {
      e.source.clear();
    }
    if (e.source.empty() && !block->source_before_id.empty()) {
      e.source = block->source_before_id;
      block->has_detail = true;
    }
    e.description = detail::collapse_space(e.description);
    // Where the article's own prose follows the description with no blank line between (always
    // so in the flattened shape), the first sentence that speaks about the events ends it.
    static const boost::regex prose(
        R"([.!?)]\s+(?=(?:The errors? (?:in|is|are|occurs?|appears?)|These (?:errors|events|messages)|This (?:error|event|message|problem|issue|behavior)|NOTE\b|Note:|For (?:more|additional) information)))");
    boost::smatch m;
    if (boost::regex_search(e.description, m, prose)) e.description.resize(static_cast<std::size_t>(m.position()) + 1);
    split_description(e.description, e.text, e.codes);
    e.passing = !block->has_detail;
    out.push_back(std::move(e));
  }
  block.reset();
}

}  // namespace

void split_description(const std::string& description, std::vector<std::string>& fragments,
                       std::vector<std::string>& codes) {
  // What varies per machine: placeholders (<server name>, %1, %%1234), quoted names, bracketed
  // values, paths, addresses, hex and decimal numbers. Codes among them: negative numbers
  // ("-510", "- 1032" as KB articles write them), 0x values, NTSTATUS-like 8-digit hex, and
  // numbers right after "error", "status" or "code".
  static const boost::regex variable(
      R"(<[^<>]{1,60}>|%%?\d+|"[^"]{1,120}"|'[^']{1,120}'|\[[^\]]{1,120}\]|\b[A-Za-z]:\\\S*|\\\\\S+|\b\d{1,3}(?:\.\d{1,3}){3}\b|-\s?\d+\b|\b0x[0-9A-Fa-f]+\b|\b[0-9A-Fa-f]{8}\b|\b\d[\d,.:/]*\b)");
  static const boost::regex code_context(R"((?:[Ee]rror|[Ss]tatus|[Cc]ode|[Rr]eturned)\s*(?:[:=#]|code|number)?\s*$)");
  fragments.clear();
  codes.clear();
  std::size_t last = 0;
  auto keep = [&](std::size_t from, std::size_t to) {
    std::string_view piece = trim(std::string_view(description).substr(from, to - from));
    // A fragment is worth testing when it has a word of three letters or more.
    const bool wordy = boost::regex_search(piece.begin(), piece.end(), boost::regex(R"([A-Za-z]{3,})"));
    if (wordy) fragments.emplace_back(piece);
  };
  for (boost::sregex_iterator it(description.begin(), description.end(), variable), end; it != end; ++it) {
    const auto& m = *it;
    const auto at = static_cast<std::size_t>(m.position());
    std::string value = m.str();
    const std::string before = description.substr(0, at);
    const bool negative = value[0] == '-';
    const bool eight_hex = value.size() == 8 && std::all_of(value.begin(), value.end(), [](char c) { return detail::hex_digit(c) >= 0; });
    const bool has_digit = std::any_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (eight_hex && !has_digit) continue;  // a word such as "deadface" is no number
    const bool hex = value.starts_with("0x") || value.starts_with("0X") || eight_hex;
    const bool after_error = boost::regex_search(before, code_context);
    if (negative || hex || after_error) {
      value.erase(std::remove(value.begin(), value.end(), ' '), value.end());
      if (hex && !value.starts_with("0x")) value = "0x" + value;
      if (std::find(codes.begin(), codes.end(), detail::to_lower(value)) == codes.end()) {
        codes.push_back(detail::to_lower(value));
      }
    }
    keep(last, at);
    last = at + static_cast<std::size_t>(m.length());
  }
  keep(last, description.size());
}

std::vector<QuotedEvent> extract_events(const Article& article) {
  const Section* section = article.section("symptoms");
  if (section == nullptr && !article.sections.empty()) section = &article.sections.front();
  std::vector<QuotedEvent> out;
  if (section == nullptr) return out;
  static const boost::regex mention(R"((?<![A-Za-z])[Ee]vent\s*[Ii][Dd]s?\s*[:=]?\s*(\d{1,5})\b)");
  std::optional<Block> block;
  std::string log;
  for (const SourceLine& line : section->lines) {
    const std::string& text = line.text;
    if (trim(text).empty()) {
      // A blank line ends a block, unless its description has yet to start.
      if (!(block && block->last == Label::description && block->event.description.empty())) finish(block, out);
      continue;
    }
    std::string before;
    const std::vector<Field> fields = fields_of(text, before);
    // A log named before the fields (or on a line of its own) holds for what follows.
    if (auto named = log_named(before)) log = *named;
    if (fields.empty()) {
      if (block && (block->last == Label::description ||
                    (block->has_id && block->event.description.empty() && block->last != Label::data))) {
        // A description wrapped over lines, or quoted under the ID and source without a label.
        if (!block->event.description.empty()) block->event.description += ' ';
        block->event.description += trim(text);
        block->last = Label::description;
        block->has_detail = true;
        block->event.lines.push_back(line);
        continue;
      }
      finish(block, out);
      // Event IDs named in prose: mentions in passing.
      for (boost::sregex_iterator it(text.begin(), text.end(), mention), end; it != end; ++it) {
        if (std::stoul((*it)[1].str()) > 0xFFFF) continue;
        QuotedEvent e;
        e.event_id = static_cast<std::uint32_t>(std::stoul((*it)[1].str()));
        e.log = log;
        e.passing = true;
        e.section = section->name;
        e.where = SourceLine{line.line, line.column + static_cast<std::uint32_t>(it->position()), text};
        e.lines.push_back(line);
        out.push_back(std::move(e));
      }
      continue;
    }
    if (block && block->last == Label::description && !trim(before).empty()) {
      block->event.description += ' ';
      block->event.description += trim(before);
    }
    for (Field f : fields) {
      // In the flattened shape a log's underlined heading ("Application Log -----") ends up
      // inside the previous field's value: it ends the value and names the log of what follows.
      std::optional<std::string> next_log;
      {
        static const boost::regex heading(
            R"(\b(System|Application|Security|Directory Service|DNS Server|File Replication Service) Log\s*(?:-{3,}\s*)?$)");
        boost::smatch m;
        if (boost::regex_search(f.value, m, heading)) {
          next_log = m[1].str();
          f.value = std::string(trim(f.value.substr(0, static_cast<std::size_t>(m.position()))));
        }
      }
      const bool repeats = block && ((f.label == Label::event_id && block->has_id) ||
                                     (f.label == Label::source && !block->event.source.empty()) ||
                                     (f.label == Label::description && !block->event.description.empty()));
      if (!block || repeats) {
        finish(block, out);
        block.emplace();
        block->event.log = log;
        block->event.section = section->name;
      }
      Block& b = *block;
      QuotedEvent& e = b.event;
      if (e.lines.empty() || e.lines.back().line != line.line || e.lines.back().column != line.column) e.lines.push_back(line);
      b.last = f.label;
      switch (f.label) {
        case Label::event_id: {
          static const boost::regex number(R"(^(\d{1,5}))");
          boost::smatch m;
          // Event IDs are 16-bit: a larger number is something else.
          if (boost::regex_search(f.value, m, number) && std::stoul(m[1].str()) <= 0xFFFF) {
            e.event_id = static_cast<std::uint32_t>(std::stoul(m[1].str()));
            b.has_id = true;
            e.where = SourceLine{line.line, line.column + f.column, text.substr(f.column)};
          }
          break;
        }
        case Label::source:
          e.source = f.value;
          b.has_detail = true;
          break;
        case Label::type:
          e.level = level_of(f.value);
          b.has_detail = true;
          break;
        case Label::category: b.has_detail = true; break;
        case Label::description:
          e.description = f.value;
          b.has_detail = true;
          break;
        case Label::data: e.data_hex = hex_of(f.value); break;
        case Label::log:
          if (auto named = log_named(f.value + " log")) e.log = *named;
          break;
        case Label::other: break;
      }
      if (next_log) log = *next_log;
    }
    // A source name alone before the line's event ID: "MSExchangeMTA Event ID: 37".
    static const boost::regex source_word(R"(^[A-Za-z][\w.-]{2,40}$)");
    static const boost::regex not_source(R"(^(?:The|This|That|These|An?|See|Note|Error|Warning|Information|Following)$)",
                                         boost::regex::icase);
    const std::string prefix(trim(before));
    if (block && fields.front().label == Label::event_id && boost::regex_match(prefix, source_word) &&
        !boost::regex_match(prefix, not_source)) {
      block->source_before_id = prefix;
    }
  }
  finish(block, out);
  // A mention of an event the article also quotes in full is not a separate symptom.
  std::vector<QuotedEvent> kept;
  for (QuotedEvent& e : out) {
    const bool quoted_elsewhere =
        e.passing && std::any_of(out.begin(), out.end(), [&](const QuotedEvent& q) { return !q.passing && q.event_id == e.event_id; });
    const bool repeated = e.passing && std::any_of(kept.begin(), kept.end(), [&](const QuotedEvent& q) { return q.event_id == e.event_id; });
    if (!quoted_elsewhere && !repeated) kept.push_back(std::move(e));
  }
  return kept;
}

}  // namespace kbmatch::draft
