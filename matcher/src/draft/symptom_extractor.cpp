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
      R"((?<![A-Za-z])(?:([Ee]vent\s*[Ii][Dd]s?|EVENT\s*IDS?)\s*[:=]?\s*(?=\d)|(Event Type|Event Source|Event Category|Event Log|Source|Type|Category|Description|Data|Log|User|Computer|Date|Time|EVENT TYPE|EVENT SOURCE|EVENT CATEGORY|SOURCE|TYPE|CATEGORY|DESCRIPTION|DATA|USER|COMPUTER|DATE|TIME)\s*:|(Source|Description)\s+(?=\S)))");
  return r;
}

Label label_of(std::string_view name) {
  if (detail::istarts_with(name, "event") && name.find_first_of("Ii") != std::string_view::npos) {
    return Label::event_id;
  }
  const auto is = [name](std::string_view a, std::string_view b = {}) {
    return detail::iequals(name, a) || (!b.empty() && detail::iequals(name, b));
  };
  if (is("Source", "Event Source")) return Label::source;
  if (is("Type", "Event Type")) return Label::type;
  if (is("Category", "Event Category")) return Label::category;
  if (is("Description")) return Label::description;
  if (is("Data")) return Label::data;
  if (is("Log", "Event Log")) return Label::log;
  return Label::other;
}

// Splits a line into the text before its first label and its labelled fields.
// `previous` is the last label of the line before: "Source" and "Description" may also start a
// line without a colon right under an event ID ("Event ID 1014" / "Source DHCP Server").
std::vector<Field> fields_of(const std::string& line, std::string& before, Label previous = Label::other) {
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
      const Label after = !hits.empty() ? hits.back().label : m.position() == 0 ? previous : Label::other;
      const bool follows = after == Label::event_id || (label == Label::description && after == Label::source);
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

// "System Log", "logged in the Application event log", "the System log:", "an application event
// is logged", "system events appear", "Applications event log".
std::optional<std::string> log_named(std::string_view text) {
  static const boost::regex r(
      R"(\b(System|Application|Security|Directory Service|DNS Server|File Replication Service)s?\s+(?:(?:event\s+)?log\b(?!\s+files?\b)|events?\s+(?:is|are|appears?|may|might|will)\b))",
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

// "02 fe ff ff", "0000: f3 03 15 00 0f 03 09 80" (offsets dropped), "2d4e0000", and Event
// Viewer's Words view "0000: 00040000 c00010e0" (each word little-endian, as the bytes are stored).
std::string hex_of(std::string_view data) {
  static const boost::regex offset(R"(\b[0-9a-fA-F]{4}:)");
  static const boost::regex words(R"(^(?:\s*[0-9a-fA-F]{8}\b)+\s*$)");
  static const boost::regex bytes(R"((?:\b[0-9a-fA-F]{2}\b\s*)+)");
  const std::string cleaned = boost::regex_replace(std::string(data), offset, " ");
  if (boost::regex_match(cleaned, words) && cleaned.find_first_not_of(" \t") != std::string::npos &&
      detail::trim(cleaned).size() > 8) {
    std::string out;
    static const boost::regex word(R"([0-9a-fA-F]{8})");
    for (boost::sregex_iterator it(cleaned.begin(), cleaned.end(), word), end; it != end; ++it) {
      const std::string w = detail::to_lower(it->str());
      for (int i = 3; i >= 0; --i) out += w.substr(static_cast<std::size_t>(i) * 2, 2);
    }
    return out;
  }
  boost::smatch m;
  if (!boost::regex_search(cleaned, m, bytes)) return "";
  std::string out;
  for (char c : m.str()) {
    if (detail::hex_digit(c) >= 0) out += detail::ascii_lower(c);
  }
  return out;
}

// A source written before the line's event ID: "MSExchangeMTA Event ID: 37", "Source MSFTPSVC
// Event ID 8:".
std::optional<std::string> source_prefix(std::string_view before) {
  static const boost::regex source_word(R"(^[A-Z][\w.-]{2,40}$)");
  static const boost::regex not_source(R"(^(?:The|This|That|These|An?|See|Note|Error|Warning|Information|Following)$)",
                                       boost::regex::icase);
  static const boost::regex source_label(R"(^Source:?\s+([A-Za-z][\w.-]{1,40}(?: [A-Za-z][\w.-]{1,40}){0,2})$)");
  const std::string prefix(trim(before));
  boost::smatch m;
  if (boost::regex_match(prefix, source_word) && !boost::regex_match(prefix, not_source)) return prefix;
  if (boost::regex_match(prefix, m, source_label)) return m[1].str();
  return std::nullopt;
}

// How deep a line is indented: the parser keeps lines trimmed, with the column where the text starts.
std::size_t indent_of(const SourceLine& line) {
  const std::string_view t = line.text;
  return line.column - 1 + (t.size() - detail::trim(t).size() > 0 ? t.find_first_not_of(" \t") : 0);
}

// A line of a data dump: "0000: 00040000 00540001" or "0010: 2d 4e 00 00".
const boost::regex& dump_line() {
  static const boost::regex r(R"(^\s*[0-9a-fA-F]{4}:(?:\s+[0-9a-fA-F]{2,8}\b)+)");
  return r;
}

// A sentence that names the event ID before quoting it: "The following Event ID 7000 with
// Service Control Manager as the source is logged in the System log:" (its source, log and
// level are in the words), then the description as an indented block.
enum class LeadIn : std::uint8_t {
  none,
  open,          // the sentence goes on to the next line
  awaits_quote,  // it ended with a colon: the description follows, maybe after a blank line
  closed,        // it ended with a full stop: nothing is quoted ("Event ID 1014 is logged.")
};

struct Block {
  QuotedEvent event;
  std::string source_before_id;  // "MSExchangeMTA Event ID: 37": the source written before the ID
  std::string lead_in;           // the sentence's words after the ID
  LeadIn lead = LeadIn::none;
  std::string data_text;         // the Data field as written, over its lines
  std::vector<std::uint32_t> other_ids;  // "Event ID: 12053 or 12054": the IDs after the first
  std::size_t description_indent = 0;
  bool blank_after_description = false;  // a blank line inside the description (it may go on)
  bool blank_before_description = false;  // a blank line after the labels, before any description
  std::size_t indent = 0;                 // of the block's first line
  bool has_type = false;
  bool has_id = false;
  bool has_detail = false;  // a source, type, category or description: a quote, not a mention
  Label last = Label::other;

  // Whether a blank line leaves the block open: when its description has yet to start (after
  // "Description:", or a lead-in ending with a colon) or may go on (the next line decides).
  bool survives_blank_line() {
    if (last == Label::description && !event.description.empty()) return blank_after_description = true;
    if (!event.description.empty()) return false;
    if (last == Label::description || lead == LeadIn::awaits_quote) return true;
    // Labels, a blank line, then maybe the description, indented as the labels are.
    if (has_id && last != Label::data && lead == LeadIn::none) return blank_before_description = true;
    return false;
  }

  // After a blank line, the block goes on only with its data (or, before any description, its
  // other labels), or with description lines indented as it is, deeper than the prose
  // ("TN3270E Service Error 503" under "... terminated abnormally because:"); "-or-" between two
  // quoted events ends it.
  bool goes_on_after_blank(const SourceLine& line, const std::vector<Field>& fields, std::size_t prose_indent) {
    static const boost::regex alternative(R"(^\s*-?\s*(?:or|and)\s*-?\s*$)", boost::regex::icase);
    const std::size_t at = indent_of(line);
    const std::size_t wanted = blank_after_description ? description_indent : indent;
    const bool goes_on = fields.empty()
                             ? at > prose_indent && at >= wanted && !boost::regex_match(line.text, alternative)
                             : fields.front().label == Label::data || blank_before_description;
    blank_after_description = blank_before_description = false;
    return goes_on;
  }

  // Lines with no label that continue the description (or start it, under the ID and source).
  bool takes_description() const {
    if (last == Label::description) return true;
    return has_id && event.description.empty() && last != Label::data && lead != LeadIn::open &&
           lead != LeadIn::closed;
  }
};

// The next state of a lead-in sentence from its words so far; it may run over three lines at most.
LeadIn lead_in_state(const std::string& words) {
  const std::string_view w = trim(words);
  if (w.ends_with(':')) return LeadIn::awaits_quote;
  if (w.ends_with('.') || w.size() > 240) return LeadIn::closed;
  return LeadIn::open;
}

// What a lead-in sentence tells: the source ("with X as the source", "from the X service"), the
// log, and the level ("Event ID 3007 error:").
void read_lead_in(Block& b) {
  static const boost::regex source(
      R"re(\bwith (?:the )?(?:source )?"?([A-Z][\w.-]{1,40}(?: [A-Z][\w.-]{1,40}){0,3})"?(?: (?:cited|listed|given|shown|named))? as (?:the|its) source\b|\bsource (?:is |of )?"?([A-Z][\w.-]{1,40}(?: [A-Z][\w.-]{1,40}){0,3})"?)re");
  static const boost::regex level(R"(^(error|warning|informational|information)\b)", boost::regex::icase);
  boost::smatch m;
  if (b.event.source.empty() && boost::regex_search(b.lead_in, m, source)) {
    b.event.source = m[1].matched ? m[1].str() : m[2].str();
    b.has_detail = true;
  }
  if (b.event.log.empty()) {
    if (auto named = log_named(b.lead_in)) b.event.log = *named;
  }
  if (b.event.level.empty() && boost::regex_search(b.lead_in, m, level)) b.event.level = level_of(m[1].str());
}

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
    if (!block->lead_in.empty()) read_lead_in(*block);
    if (!block->data_text.empty()) e.data_hex = hex_of(block->data_text);
    e.description = detail::collapse_space(e.description);
    // Where the article's own prose follows the description with no blank line between (always
    // so in the flattened shape), the first sentence that speaks about the events ends it.
    static const boost::regex prose(
        R"([.!?)]\s+(?=(?:The errors? (?:in|is|are|occurs?|appears?)\b|These (?:errors|events|messages)|This (?:error|event|message|problem|issue|behavior)|NOTE\b|Note:|For (?:more|additional) information)))");
    boost::smatch m;
    if (boost::regex_search(e.description, m, prose)) e.description.resize(static_cast<std::size_t>(m.position()) + 1);
    split_description(e.description, e.text, e.codes);
    e.passing = !block->has_detail;
    for (std::uint32_t id : block->other_ids) {
      out.push_back(e);
      out.back().event_id = id;
    }
    out.insert(out.end() - static_cast<std::ptrdiff_t>(block->other_ids.size()), std::move(e));
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
  // Also the placeholders articles write for them: "###", "%Name%", "X (where X is the session
  // number)", an ESE instance "((451))", and X.400 and LDAP names ("/o=ORG/ou=SITE/cn=SERVER",
  // "C=US;A= ;P=ORG").
  static const boost::regex variable(
      R"(\s*\((?:where|in this example)\b[^()]{0,120}\)|\b[A-Z]\b(?=\s*\(where\b)|\(\(\s*\d+\s*\)\s*\)|#{2,}|%[A-Za-z_][\w ]{0,30}%|\S*(?:/[A-Za-z]{1,3}=|\b[A-Za-z]=[^;\s]*;)\S*|<[^<>]{1,60}>|%%?\d+|"[^"]{1,120}"|'[^']{1,120}'|\[[^\]]{1,120}\]|\b[A-Za-z]:\\\S*|\\\\\S+|\b\d{1,3}(?:\.\d{1,3}){3}\b|(?<![\w-])-\s?\d+\b|\b0x[0-9A-Fa-f]+\b|\b[0-9A-Fa-f]{8}\b|\b\d[\d,.:/]*\b)");
  // Values that are addresses, not codes: "at address 0x4496c2", "read from 0x480df78".
  static const boost::regex address_context(R"((?:[Aa]ddress|\bat|\bfrom)\s*:?\s*$)");
  static const boost::regex code_context(R"((?:[Ee]rror|[Ss]tatus|[Cc]ode|[Rr]eturned)\s*(?:[:=#]|code|number)?\s*$)");
  fragments.clear();
  codes.clear();
  // A description quoted whole ("\"Error -1911 has occurred.\"") is the text, not a quoted value.
  if (description.size() > 2 && description.front() == '"' && description.back() == '"' &&
      description.find('"', 1) == description.size() - 1) {
    return split_description(description.substr(1, description.size() - 2), fragments, codes);
  }
  std::size_t last = 0;
  auto keep = [&](std::size_t from, std::size_t to) {
    std::string_view piece = trim(std::string_view(description).substr(from, to - from));
    // A fragment is worth testing when it has a word of three letters or more.
    static const boost::regex word(R"([A-Za-z]{3,})");
    const bool wordy = boost::regex_search(piece.begin(), piece.end(), word);
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
    const bool placeholder = value[0] == '%' || value[0] == '#' || value[0] == '(' || value[0] == '/' ||
                             std::isalpha(static_cast<unsigned char>(value[0])) || detail::is_space(value[0]);
    const bool address = hex && boost::regex_search(before, address_context);
    if ((negative || hex || after_error) && !placeholder && !address) {
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
  // The prose's indentation: an event block is quoted deeper than the sentences around it.
  std::size_t prose_indent = std::string::npos;
  for (const SourceLine& line : section->lines) {
    if (!trim(line.text).empty()) prose_indent = std::min(prose_indent, indent_of(line));
  }
  std::string previous;  // the last non-blank line, for a log name wrapped over two lines
  for (const SourceLine& line : section->lines) {
    const std::string& text = line.text;
    if (trim(text).empty()) {
      if (block && !block->survives_blank_line()) finish(block, out);
      continue;
    }
    std::string before;
    const std::vector<Field> fields = fields_of(text, before, block ? block->last : Label::other);
    // A log named before the fields (or on a line of its own) holds for what follows; its name
    // may be wrapped ("... in the Application event" / "log:").
    if (auto named = log_named(before)) {
      log = *named;
    } else if (auto wrapped = log_named(previous.substr(previous.size() > 40 ? previous.size() - 40 : 0) + " " + before)) {
      log = *wrapped;
    }
    previous = std::string(trim(text));
    const bool after_blank = block && (block->blank_after_description || block->blank_before_description);
    if (after_blank && !block->goes_on_after_blank(line, fields, prose_indent)) finish(block, out);
    if (fields.empty()) {
      if (block && (block->last == Label::data || after_blank) && boost::regex_search(text, dump_line())) {
        // A data dump over several lines ("0000: 00040000 00540001 ..."), with its "Data:" label
        // or, after a blank line, without one.
        block->last = Label::data;
        block->data_text += '\n';
        block->data_text += text;
        block->event.lines.push_back(line);
        continue;
      }
      if (block && block->lead == LeadIn::closed && block->event.description.empty() && trim(text).ends_with(':')) {
        // "... may be logged. The description of the event is as follows:"
        block->lead = LeadIn::awaits_quote;
        block->event.lines.push_back(line);
        continue;
      }
      if (block && block->lead == LeadIn::open) {
        if (!block->lead_in.empty()) block->lead_in += ' ';
        block->lead_in += trim(text);
        block->lead = lead_in_state(block->lead_in);
        block->event.lines.push_back(line);
        continue;
      }
      if (block && block->takes_description()) {
        // A description wrapped over lines, or quoted under the ID and source without a label.
        if (block->event.description.empty()) block->description_indent = indent_of(line);
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
    if (block && !after_blank && block->last == Label::description && !trim(before).empty()) {
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
      // "Event ID 8072" over a property block that gives "Event ID: 8072" again: one event.
      const bool same_id_again = block && f.label == Label::event_id && block->has_id && block->lead == LeadIn::none &&
                                 block->event.description.empty() && f.value.starts_with(std::to_string(block->event.event_id)) &&
                                 (f.value.size() == std::to_string(block->event.event_id).size() ||
                                  !std::isdigit(static_cast<unsigned char>(f.value[std::to_string(block->event.event_id).size()])));
      if (same_id_again) continue;
      // A sentence naming an ID takes a quoted description, never the labels of the next block.
      const bool after_lead_in = block && block->lead != LeadIn::none && f.label != Label::event_id;
      const bool repeats = block && (after_lead_in || (f.label == Label::event_id && block->has_id) ||
                                     (f.label == Label::source && !block->event.source.empty()) ||
                                     (f.label == Label::type && block->has_type) ||
                                     (f.label == Label::description && !block->event.description.empty()));
      if (!block || repeats) {
        finish(block, out);
        block.emplace();
        block->indent = indent_of(line);
        block->event.log = log;
        block->event.section = section->name;
      }
      Block& b = *block;
      QuotedEvent& e = b.event;
      if (e.lines.empty() || e.lines.back().line != line.line || e.lines.back().column != line.column) e.lines.push_back(line);
      b.last = f.label;
      switch (f.label) {
        case Label::event_id: {
          // "12053 or 12054 or 12061": one event per ID, sharing the rest of the block.
          static const boost::regex number(R"(^(\d{1,5})((?:\s*(?:,|/|\bor\b|\band\b)\s*\d{1,5}\b)*))");
          boost::smatch m;
          // Event IDs are 16-bit: a larger number is something else.
          if (boost::regex_search(f.value, m, number) && std::stoul(m[1].str()) <= 0xFFFF) {
            e.event_id = static_cast<std::uint32_t>(std::stoul(m[1].str()));
            b.has_id = true;
            const std::string more = m[2].str();
            static const boost::regex id(R"(\d{1,5})");
            for (boost::sregex_iterator it(more.begin(), more.end(), id), end; it != end; ++it) {
              if (std::stoul(it->str()) <= 0xFFFF) b.other_ids.push_back(static_cast<std::uint32_t>(std::stoul(it->str())));
            }
            e.where = SourceLine{line.line, line.column + f.column, text.substr(f.column)};
            // Words after the number: a sentence going on ("7000 with Service Control Manager as
            // the source is logged"), or the description itself ("4003 The following error ...").
            std::string rest(trim(std::string_view(f.value).substr(m.length())));
            if (rest.starts_with(':')) rest = trim(std::string_view(rest).substr(1));  // "Event ID 8: FTP Server ..."
            // Named inside a sentence ("... reported as event ID 517. This"), the ID is never a
            // bare header: what follows is that sentence's words.
            static const boost::regex sentence(R"(^[A-Z][A-Za-z]*\s)");
            const bool in_prose = std::count(before.begin(), before.end(), ' ') >= 2 && !source_prefix(before);
            if (!rest.empty() && (in_prose || std::islower(static_cast<unsigned char>(rest[0])))) {
              b.lead_in = rest;
              b.lead = lead_in_state(rest);
            } else if (boost::regex_search(rest, sentence)) {
              e.description = rest;
              b.has_detail = true;
              b.last = Label::description;
              b.description_indent = indent_of(line);
            } else if (rest.empty() && in_prose) {
              b.lead = LeadIn::open;  // "... generates the following Event ID 3007" / "error:"
            }
          }
          break;
        }
        case Label::source: {
          // "Source: MSExchangeSA, Unexpected error.": a source name holds no comma.
          const std::size_t comma = f.value.find(", ");
          e.source = f.value.substr(0, comma);
          if (comma != std::string::npos && e.description.empty()) {
            e.description = trim(f.value.substr(comma + 2));
            b.last = Label::description;
            b.description_indent = indent_of(line);
          }
          b.has_detail = true;
          break;
        }
        case Label::type:
          b.has_type = true;
          e.level = level_of(f.value);
          b.has_detail = true;
          break;
        case Label::category: b.has_detail = true; break;
        case Label::description:
          e.description = f.value;
          b.description_indent = indent_of(line);
          b.has_detail = true;
          break;
        case Label::data: b.data_text = f.value; break;
        case Label::log:
          if (auto named = log_named(f.value + " log")) e.log = *named;
          break;
        case Label::other: break;
      }
      if (next_log) log = *next_log;
    }
    if (block && fields.front().label == Label::event_id) {
      if (auto source = source_prefix(before)) block->source_before_id = *source;
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
