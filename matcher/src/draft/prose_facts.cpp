#include "draft/prose_facts.h"

#include <boost/regex.hpp>

#include <algorithm>
#include <cstdlib>

#include "util/text.h"

namespace kbmatch::draft {
namespace {

// A section's body as one text (wrapped lines joined by one space, paragraphs by a newline),
// with where each piece came from, so a fact found in the text can cite its line and column.
struct JoinedSection {
  struct Piece {
    std::size_t offset;  // in `text`
    const SourceLine* line;
    std::size_t column;  // 0-based offset of the piece in line->text
  };
  std::string text;
  std::vector<Piece> pieces;

  explicit JoinedSection(const Section& s) {
    for (const SourceLine& l : s.lines) {
      const std::string_view t = detail::trim(l.text);
      if (t.empty()) {
        if (!text.empty() && text.back() != '\n') text += '\n';
        continue;
      }
      if (!text.empty() && text.back() != '\n') text += ' ';
      pieces.push_back({text.size(), &l, static_cast<std::size_t>(t.data() - l.text.data())});
      text += t;
    }
  }

  SourceLine at(std::size_t offset) const {
    auto it = std::upper_bound(pieces.begin(), pieces.end(), offset,
                               [](std::size_t o, const Piece& p) { return o < p.offset; });
    if (it == pieces.begin()) return {};
    --it;
    const std::size_t column = it->column + (offset - it->offset);
    return SourceLine{it->line->line, it->line->column + static_cast<std::uint32_t>(column),
                      it->line->text.substr(std::min(column, it->line->text.size()))};
  }
};

// Sentences: ends at ". " before a capital, or at a paragraph break; "Dr. Watson" and "e.g." do
// not end one.
std::vector<std::pair<std::size_t, std::size_t>> sentences_of(const std::string& text) {
  static const boost::regex end(R"((?<!\bDr)(?<!\be\.g)(?<!\bi\.e)(?<!\bvs)[.!?]\s+(?=[A-Z"(])|\n)");
  std::vector<std::pair<std::size_t, std::size_t>> out;
  std::size_t from = 0;
  for (boost::sregex_iterator it(text.begin(), text.end(), end), stop; it != stop; ++it) {
    const auto to = static_cast<std::size_t>(it->position() + it->length());
    out.emplace_back(from, to);
    from = to;
  }
  if (from < text.size()) out.emplace_back(from, text.size());
  return out;
}

std::int64_t number_word(const std::string& w) {
  static const std::pair<const char*, int> words[] = {
      {"one", 1},     {"two", 2},   {"three", 3},     {"four", 4},    {"five", 5},    {"ten", 10},
      {"twelve", 12}, {"fifteen", 15}, {"twenty", 20}, {"thirty", 30}, {"sixty", 60}, {"a", 1}, {"an", 1}};
  if (!w.empty() && std::isdigit(static_cast<unsigned char>(w[0]))) return std::atoll(w.c_str());
  const std::string lower = detail::to_lower(w);
  for (const auto& [name, n] : words) {
    if (lower == name) return n;
  }
  return 0;
}

std::int64_t unit_seconds(const std::string& unit) {
  switch (detail::ascii_lower(unit[0])) {
    case 's': return 1;
    case 'm': return 60;
    case 'h': return 3600;
    default: return 86400;
  }
}

// A program's image name: "Rpcss.exe", or "rpcss.dbg" as NT 4.0's Dr. Watson writes it (after
// "exe\", so a backslash may precede it).
const boost::regex& image_name() {
  static const boost::regex r(R"((?<![\w.-])([A-Za-z][\w-]{0,40}\.(?:exe|dbg))\b)", boost::regex::icase);
  return r;
}

}  // namespace

std::optional<CrashFact> crash_in(const std::string& sentence) {
  // What makes a sentence about a crash or a hang, and which exception a phrase implies.
  static const boost::regex crash_words(
      R"(access violation|Dr\.? ?Watson|drwtsn32|exception (?!of\b)|stack overflow|application error|unhandled|\bcrash(?:es|ed)?\b|\bfault(?:s|ed)?\b|\bc0000[0-9a-f]{3}\b)",
      boost::regex::icase);
  static const boost::regex hang_words(R"(stops? responding|stopped responding|\bhang(?:s)?\b|\bhung\b|deadlock)",
                                       boost::regex::icase);
  static const boost::regex code(R"(\b(?:0x)?([cC]0[0-9a-fA-F]{6}|80000003)\b)");
  static const boost::regex function(
      R"(\b(?:([A-Za-z][\w]{1,40}(?:\.dll)?)!([A-Za-z_][\w]{2,60})|in (?:the )?([A-Z][A-Za-z0-9_]{3,60}) (?:function|routine|API))\b)");
  static const boost::regex module(R"(\bin (?:the )?(?:module )?([A-Za-z][\w-]{0,40}\.dll)\b)", boost::regex::icase);
  boost::smatch m;
  const bool crash = boost::regex_search(sentence, m, crash_words);
  const std::size_t crash_at = crash ? static_cast<std::size_t>(m.position()) : 0;
  boost::smatch h;
  const bool hang = boost::regex_search(sentence, h, hang_words);
  if (!crash && !hang) return std::nullopt;
  const std::size_t anchor = crash ? crash_at : static_cast<std::size_t>(h.position());
  // The crashing process: the program named nearest to the words that tell the crash.
  CrashFact f;
  std::size_t best = std::string::npos;
  static const boost::regex debugger(R"(^(?:drwtsn32|drwatson|dwwin|windbg|ntsd|cdb|userdump)\.)", boost::regex::icase);
  for (boost::sregex_iterator it(sentence.begin(), sentence.end(), image_name()), end; it != end; ++it) {
    // The debugger that reports a crash is not the program that crashed.
    if (boost::regex_search((*it)[1].str(), debugger)) continue;
    const auto at = static_cast<std::size_t>(it->position());
    const std::size_t distance = at > anchor ? at - anchor : anchor - at;
    if (distance < best) {
      best = distance;
      f.process = (*it)[1].str();
    }
  }
  if (f.process.empty()) return std::nullopt;
  if (boost::regex_search(sentence, m, code)) {
    f.exception_code = detail::to_lower(m[1].str());
  } else if (detail::find_icase(sentence, "access violation") != std::string::npos) {
    f.exception_code = "c0000005";
  } else if (detail::find_icase(sentence, "stack overflow") != std::string::npos) {
    f.exception_code = "c00000fd";
  }
  if (boost::regex_search(sentence, m, function)) {
    if (m[2].matched) {
      f.module = m[1].str();
      f.function = m[2].str();
    } else {
      f.function = m[3].str();
    }
  }
  if (f.module.empty() && boost::regex_search(sentence, m, module)) f.module = m[1].str();
  f.kind = crash && hang ? "" : crash ? "crash" : "hang";
  return f;
}

ProseFacts extract_prose_facts(const Article& article, const std::vector<QuotedEvent>& events) {
  ProseFacts out;
  // The crashes of the crash reports the article quotes, each with the process it names.
  for (const QuotedEvent& e : events) {
    if (e.passing || !is_crash_report_source(e.source)) continue;
    if (auto c = crash_in(e.description)) {
      c->reported_by = e.source + " event " + std::to_string(e.event_id);
      c->where = e.where;
      out.crashes.push_back(std::move(*c));
    }
  }
  const Section* section = article.section("symptoms");
  if (section == nullptr && !article.sections.empty()) section = &article.sections.front();
  if (section == nullptr) return out;
  const JoinedSection joined(*section);
  const std::string& text = joined.text;

  for (boost::sregex_iterator it(text.begin(), text.end(), image_name()), end; it != end; ++it) {
    const std::string name = (*it)[1].str();
    if (!detail::iequals(std::string_view(name).substr(name.size() - 4), ".exe")) continue;
    const bool known = std::any_of(out.processes.begin(), out.processes.end(),
                                   [&](const std::string& p) { return detail::to_lower(p) == detail::to_lower(name); });
    if (!known) out.processes.push_back(name);
  }

  static const boost::regex every(
      R"(\b(?:every|each)\s+(\d+|one|two|three|four|five|ten|twelve|fifteen|twenty|thirty|sixty)\s+(seconds?|minutes?|hours?|days?)\b)",
      boost::regex::icase);
  static const boost::regex order(
      R"(\b(?:repeated(?:ly)?|recurs?|recurring|every time|each time|again and again|continuously|periodically|after (?:you )?(?:restart|reboot|restarting|rebooting|a restart|the restart|upgrading|installing|applying)\w*|when (?:you )?(?:restart|reboot|stop|start)\w*|at (?:startup|boot)|during (?:startup|shutdown))\b)",
      boost::regex::icase);
  for (const auto& [from, to] : sentences_of(text)) {
    const std::string sentence(detail::trim(std::string_view(text).substr(from, to - from)));
    if (sentence.empty()) continue;
    const std::size_t start = from + static_cast<std::size_t>(text.find_first_not_of(" \n", from) - from);
    if (auto crash = crash_in(sentence)) {
      crash->where = joined.at(start);
      out.crashes.push_back(std::move(*crash));
    }
    boost::smatch m;
    if (boost::regex_search(sentence, m, every)) {
      out.timing.push_back({m.str(), number_word(m[1].str()) * unit_seconds(m[2].str()),
                            joined.at(start + static_cast<std::size_t>(m.position()))});
    } else if (boost::regex_search(sentence, m, order)) {
      // The wording with its sentence around it: "after restarting" alone says little.
      std::string quoted = sentence.size() > 200 ? sentence.substr(0, 197) + "..." : sentence;
      out.timing.push_back({std::move(quoted), 0, joined.at(start)});
    }
  }
  return out;
}

bool is_crash_report_source(const std::string& source) {
  const std::string s = detail::to_lower(source);
  return s == "drwatson" || s == "dr. watson" || s == "dr watson" || s == "application error" ||
         s == "application hang";
}

}  // namespace kbmatch::draft
