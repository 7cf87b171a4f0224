#include "draft/article.h"

#include <boost/regex.hpp>

#include <algorithm>
#include <array>

#include "util/text.h"

namespace kbmatch::draft {
namespace {

using detail::trim;

std::string lower_name(std::string_view heading) {
  std::string out;
  for (char c : trim(heading)) {
    if (c == ' ' || c == '-' || c == '/') {
      if (!out.empty() && out.back() != '_') out += '_';
    } else {
      out += detail::ascii_lower(c);
    }
  }
  return out;
}

bool all_of_char(std::string_view s, char c, std::size_t min) {
  s = trim(s);
  return s.size() >= min && std::all_of(s.begin(), s.end(), [c](char x) { return x == c; });
}

// A section heading as the KB text writes it: capitals (and a few signs), underlined by '='.
bool is_heading(std::string_view line, std::string_view next) {
  line = trim(line);
  if (line.empty() || line.size() > 60 || !all_of_char(next, '=', 3)) return false;
  return std::all_of(line.begin(), line.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' || c == '/' || c == '-' || c == '(' ||
           c == ')' || c == '&' || c == ',' || c == '.' || c == '\'';
  });
}

void split_words(std::string_view s, std::vector<std::string>& out) {
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == ',' || s[i] == '\t')) ++i;
    std::size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != ',' && s[j] != '\t') ++j;
    if (j > i) out.emplace_back(s.substr(i, j - i));
    i = j;
  }
}

std::string decode_entities(std::string_view s) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> entities = {
      {{"&quot;", "\""}, {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&#39;", "'"}, {"&apos;", "'"}}};
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    bool replaced = false;
    if (s[i] == '&' && s.substr(i).starts_with("&#")) {
      // Numeric references to ASCII characters: "&#92;" is a backslash.
      std::size_t end = i + 2;
      unsigned code = 0;
      while (end < s.size() && end < i + 6 && s[end] >= '0' && s[end] <= '9') code = code * 10 + static_cast<unsigned>(s[end++] - '0');
      if (end < s.size() && s[end] == ';' && end > i + 2 && code >= 32 && code < 127) {
        out += static_cast<char>(code);
        i = end + 1;
        continue;
      }
    }
    if (s[i] == '&') {
      for (const auto& [entity, text] : entities) {
        if (s.substr(i).starts_with(entity)) {
          out += text;
          i += entity.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out += s[i++];
  }
  return out;
}

std::vector<SourceLine> split_lines(std::string_view text) {
  std::vector<SourceLine> lines;
  std::uint32_t n = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view l = text.substr(pos, nl - pos);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    lines.push_back(SourceLine{++n, 1, std::string(l)});
    if (nl == text.size()) break;
    pos = nl + 1;
  }
  return lines;
}

// The flattened shape: puts back the line breaks the header labels, rules and section headings
// stand on, keeping each piece's column on line 1.
std::vector<SourceLine> unflatten(std::string_view line) {
  static const boost::regex breaks(
      R"((DOCUMENT:|TITLE\s*:|PRODUCT\s*:|PROD/VER\s*:|OPER/SYS\s*:|KEYWORDS\s*:|Additional query words:)|(={10,}|-{10,})|(\b[A-Z][A-Z0-9 /&(),.'-]{2,58}) (={3,})(?= |$)|( - (?=Microsoft )))");
  std::vector<SourceLine> out;
  auto piece = [&](std::size_t from, std::size_t to) {
    const std::string_view p = trim(line.substr(from, to - from));
    if (!p.empty()) out.push_back(SourceLine{1, static_cast<std::uint32_t>(line.find(p, from) + 1), std::string(p)});
  };
  std::size_t last = 0;
  for (boost::cregex_iterator it(line.data(), line.data() + line.size(), breaks), end; it != end; ++it) {
    const auto& m = *it;
    const auto at = static_cast<std::size_t>(m.position());
    if (m[1].matched) {
      piece(last, at);
      last = at;
    } else if (m[2].matched) {
      piece(last, at);
      piece(at, at + static_cast<std::size_t>(m.length()));
      last = at + static_cast<std::size_t>(m.length());
    } else if (m[3].matched) {
      piece(last, at);
      const auto heading_end = static_cast<std::size_t>(m.position(3) + m.length(3));
      piece(at, heading_end);
      piece(heading_end, at + static_cast<std::size_t>(m.length()));
      last = at + static_cast<std::size_t>(m.length());
    } else {  // " - Microsoft ...": the next item of the applies-to list
      piece(last, at);
      last = at + 1;
    }
  }
  piece(last, line.size());
  return out;
}

// Header fields and sections of the KB text (and of the markdown and flattened shapes, once
// brought to it).
void parse_kb_lines(const std::vector<SourceLine>& lines, Article& a) {
  static const boost::regex document(R"(^DOCUMENT:\s*(Q\d+)\s+(\S+))");
  static const boost::regex label(R"(^(TITLE|PRODUCT|PROD/VER|OPER/SYS|KEYWORDS)\s*:(.*)$)");
  static const boost::regex meta(R"(^(Article|Product\(s\)|Version\(s\)|Keyword\(s\)|Last Modified):\s*(.*)$)");
  bool in_products = false;
  Section* current = nullptr;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view t = trim(lines[i].text);
    const std::string_view next = i + 1 < lines.size() ? std::string_view(lines[i + 1].text) : std::string_view();
    if (is_heading(t, next)) {
      a.sections.push_back(Section{lower_name(t), std::string(t), {}});
      current = &a.sections.back();
      in_products = false;
      ++i;  // the underline
      continue;
    }
    if (t.starts_with("Additional query words:") || t.starts_with("Keywords          :")) {
      current = nullptr;  // the trailer: query words and classification, no section
      continue;
    }
    if (current != nullptr) {
      // Trimmed, so the column moves to where the text starts.
      const auto indent = static_cast<std::uint32_t>(t.empty() ? 0 : t.data() - lines[i].text.data());
      current->lines.push_back(SourceLine{lines[i].line, lines[i].column + indent, std::string(t)});
      continue;
    }
    boost::match_results<std::string_view::const_iterator> m;
    if (boost::regex_search(t.begin(), t.end(), m, document)) {
      a.id = m[1].str();
      a.last_modified = m[2].str();
    } else if (boost::regex_match(t.begin(), t.end(), m, label)) {
      const std::string value(trim(m[2].str()));
      if (m[1] == "TITLE") {
        a.title = value;
      } else if (m[1] == "PROD/VER") {
        split_words(value, a.versions);
      } else if (m[1] == "KEYWORDS") {
        split_words(value, a.keywords);
      }
    } else if (boost::regex_match(t.begin(), t.end(), m, meta)) {
      const std::string value(trim(m[2].str()));
      if (m[1] == "Article") {
        a.id = value;
      } else if (m[1] == "Version(s)") {
        split_words(value, a.versions);
      } else if (m[1] == "Keyword(s)") {
        split_words(value, a.keywords);
      } else if (m[1] == "Last Modified") {
        a.last_modified = value;
      }
    } else if (t.find("applies to:") != std::string_view::npos) {
      in_products = true;
    } else if (in_products && t.starts_with("- ")) {
      a.products.emplace_back(trim(t.substr(2)));
    } else if (in_products && all_of_char(t, '-', 10) && !a.products.empty()) {
      in_products = false;
    }
  }
}

// The support-site shape has no headings: each paragraph's opening words say what it is.
void parse_support_site(const std::vector<SourceLine>& lines, Article& a) {
  static const boost::regex published(R"(previously published under (Q\d+))");
  static const boost::regex article_id(R"(^Article ID:\s*(\d+))");
  struct Trigger {
    std::string_view start;
    std::string_view section;
  };
  static constexpr std::array<Trigger, 17> triggers = {{
      {"This problem occurs because", "cause"},   {"This behavior occurs because", "cause"},
      {"This issue occurs because", "cause"},     {"This problem is caused", "cause"},
      {"This behavior is caused", "cause"},       {"This issue is caused", "cause"},
      {"A supported fix", "resolution"},          {"To resolve this problem", "resolution"},
      {"To resolve this issue", "resolution"},    {"A hotfix is available", "resolution"},
      {"You can work around", "workaround"},      {"To work around", "workaround"},
      {"Microsoft has confirmed", "status"},      {"This behavior is by design", "status"},
      {"This problem was corrected", "status"},   {"For more information", "more_information"},
      {"Steps to Reproduce", "more_information"},
  }};
  Section* current = nullptr;
  bool after_preamble = false;
  bool after_article_id = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view t = trim(lines[i].text);
    boost::match_results<std::string_view::const_iterator> m;
    if (a.title.empty()) {
      if (!t.empty()) a.title = t;
      continue;
    }
    if (boost::regex_search(t.begin(), t.end(), m, published)) {
      a.id = m[1].str();
      continue;
    }
    if (t.starts_with("This article has been archived")) {
      after_preamble = true;
      continue;
    }
    if (boost::regex_search(t.begin(), t.end(), m, article_id)) {
      if (a.id.empty()) a.id = "Q" + m[1].str();
      current = nullptr;
      after_article_id = true;
      continue;
    }
    if (after_article_id) {
      if (t.starts_with("\xE2\x80\xA2")) {  // "• kbnosurvey kbarchive ..."
        std::vector<std::string> words;
        split_words(t.substr(3), words);
        for (auto& w : words) {
          if (w.starts_with("kb") && !w.starts_with("kbQ") && !(w.size() > 2 && w[2] >= '0' && w[2] <= '9')) {
            a.keywords.push_back(std::move(w));
          }
        }
      } else if (!t.empty() && a.products.empty()) {
        // "Microsoft Windows NT Server 4.0, Terminal Server Edition Service Pack 6, Microsoft
        // Windows 2000 Service Pack 1": a comma starts a new product only before "Microsoft".
        std::size_t from = 0;
        for (std::size_t p = t.find(", Microsoft "); ; p = t.find(", Microsoft ", p + 2)) {
          a.products.emplace_back(trim(t.substr(from, p == std::string_view::npos ? t.npos : p - from)));
          if (p == std::string_view::npos) break;
          from = p + 2;
        }
      }
      continue;
    }
    std::string_view section = current == nullptr && !t.empty() && (after_preamble || !a.id.empty()) ? "symptoms" : "";
    for (const Trigger& trig : triggers) {
      if (t.starts_with(trig.start)) section = trig.section;
    }
    if (!section.empty() && (current == nullptr || current->name != section)) {
      a.sections.push_back(Section{std::string(section), "", {}});
      current = &a.sections.back();
    }
    if (current != nullptr) current->lines.push_back(SourceLine{lines[i].line, lines[i].column, std::string(t)});
  }
}

// Rows of a fix's file table, in the layouts the articles use:
//   "06/02/2000  04:39p  128,272  Dhcpssvc.dll  Intel"
//   "09-25-1998 12:41:42 PM  2.573.3002.24  138,512 msorcl32.dll Windows"
//   "25-Sep-2001 8:03  6.0.93.63    1.33 MB  MSVBVM60.dll"
//   "| Winvprt.dll | 11/02/2001 | 07:45 |" (boxed tables, the file name first)
// They follow a header naming "File name", on the lines after it or, in the flattened shapes,
// on the same line.
void find_fix_files(Article& a) {
  static const boost::regex row(
      R"((\d{1,2}[/-]\d{1,2}[/-]\d{2,4}|\d{1,2}-[A-Z][a-z]{2}-\d{2,4})\s+(\d{1,2}:\d{2}(?::\d{2})?(?:\s?[aApP][mM]?\b)?)\s+(?:(\d+(?:\.\d+){1,3})\s+)?([\d,.]+(?:\s?[KM]B)?)\s+([A-Za-z0-9_$~-]+(?:\.[A-Za-z0-9_-]+)*\.[A-Za-z0-9]{1,4})\b(?:\s+(Intel|Alpha|x86|x64|IA-64|Itanium|PowerPC|MIPS|Windows)\b)?)");
  static const boost::regex boxed(
      R"(^\|\s*([A-Za-z0-9_$~-]+(?:\.[A-Za-z0-9_-]+)*\.[A-Za-z0-9]{1,4})\s*\|\s*([^|]*?)\s*\|(?:\s*([^|]*?)\s*\|)?)");
  for (const Section& s : a.sections) {
    bool in_table = false;
    for (const SourceLine& l : s.lines) {
      std::string_view t = l.text;
      const auto header = t.find("File name");
      if (header != std::string_view::npos) {
        in_table = true;
        t.remove_prefix(header + 9);
      } else if (in_table && trim(t).empty()) {
        continue;
      }
      if (!in_table) continue;
      bool any = false;
      for (boost::cregex_iterator it(t.data(), t.data() + t.size(), row), end; it != end; ++it) {
        const auto& m = *it;
        a.fix_files.push_back(FixFile{m[1].str(), std::string(trim(m[2].str())), m[4].str(), m[5].str(),
                                      m[6].matched ? m[6].str() : "", m[3].matched ? m[3].str() : "",
                                      SourceLine{l.line, l.column, l.text}});
        any = true;
      }
      boost::cmatch box;
      const std::string_view tt = trim(t);
      if (!any && boost::regex_search(tt.data(), tt.data() + tt.size(), box, boxed)) {
        // Boxed rows give the name and, in the next cells, a version or a date and time.
        FixFile f;
        f.name = box[1].str();
        const std::string second = box[2].str();
        if (second.find('/') != std::string::npos) {
          f.date = second;
          f.time = box[3].matched ? box[3].str() : "";
        } else if (second != "N/A") {
          f.version = second;
        }
        f.where = SourceLine{l.line, l.column, l.text};
        a.fix_files.push_back(std::move(f));
        any = true;
      }
      const bool rule = all_of_char(t, '-', 3) || (tt.starts_with("+") && tt.find("---") != std::string_view::npos);
      if (!any && header == std::string_view::npos && !rule) in_table = false;
    }
  }
}

}  // namespace

std::string Section::joined() const {
  std::string out;
  for (const SourceLine& l : lines) {
    if (!out.empty()) out += ' ';
    out += l.text;
  }
  return detail::collapse_space(out);
}

const Section* Article::section(std::string_view name) const {
  for (const Section& s : sections) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

std::string_view shape_name(Article::Shape shape) {
  switch (shape) {
    case Article::Shape::markdown: return "markdown";
    case Article::Shape::kb_text: return "kb-text";
    case Article::Shape::flattened: return "flattened";
    case Article::Shape::support_site: return "support-site";
  }
  return "";
}

std::optional<Article> parse_article(std::string_view text, std::string& error) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  Article a;
  std::vector<SourceLine> lines = split_lines(text);
  const std::string_view first = lines.empty() ? std::string_view() : trim(lines[0].text);
  if (first == "---") {
    a.shape = Article::Shape::markdown;
    // Front matter, then "## Q123456: title", then the KB text indented by one tab.
    static const boost::regex heading(R"(^##\s+(Q\d+):\s*(.*)$)");
    std::vector<SourceLine> body;
    int rules = 0;
    for (SourceLine& l : lines) {
      if (rules < 2) {
        rules += trim(l.text) == "---";
        continue;
      }
      std::string t = decode_entities(l.text);
      boost::smatch m;
      if (a.title.empty() && boost::regex_match(t, m, heading)) {
        a.id = m[1].str();
        a.title = trim(m[2].str());
        continue;
      }
      if (trim(t) == "{% raw %}" || trim(t) == "{% endraw %}") continue;
      if (!t.empty() && t[0] == '\t') t.erase(0, 1);
      body.push_back(SourceLine{l.line, 1, std::move(t)});
    }
    parse_kb_lines(body, a);
  } else if (first.starts_with("DOCUMENT:")) {
    const bool flat = lines[0].text.size() > 300 && lines[0].text.find("=====") != std::string::npos;
    a.shape = flat ? Article::Shape::flattened : Article::Shape::kb_text;
    if (flat) {
      std::vector<SourceLine> unflat = unflatten(lines[0].text);
      unflat.insert(unflat.end(), lines.begin() + 1, lines.end());
      lines = std::move(unflat);
    }
    parse_kb_lines(lines, a);
  } else {
    a.shape = Article::Shape::support_site;
    parse_support_site(lines, a);
  }
  // Blank lines around each section's body carry nothing.
  for (Section& s : a.sections) {
    while (!s.lines.empty() && trim(s.lines.back().text).empty()) s.lines.pop_back();
    const auto body = std::find_if(s.lines.begin(), s.lines.end(), [](const SourceLine& l) { return !trim(l.text).empty(); });
    s.lines.erase(s.lines.begin(), body);
  }
  find_fix_files(a);
  // The id names the draft's file and its `article:` key: only "Q" and digits will do.
  static const boost::regex id_form(R"(^Q\d{1,7}$)");
  if (!a.id.empty() && !boost::regex_match(a.id, id_form)) {
    error = "the article id \"" + a.id + "\" is not Q followed by digits";
    return std::nullopt;
  }
  if (a.id.empty()) {
    error = "no article id (DOCUMENT:Q…, Article: Q…, \"previously published under Q…\" or \"Article ID:\")";
    return std::nullopt;
  }
  if (a.title.empty()) {
    error = "no title";
    return std::nullopt;
  }
  return a;
}

}  // namespace kbmatch::draft
