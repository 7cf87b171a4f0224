// A Microsoft Knowledge Base article, parsed: the first step of drafting signatures from the
// articles themselves (the drafter reads its SYMPTOMS; signatures/README.md says what a draft is).
//
// Articles reach us in four shapes, all read into the same Article:
//   * markdown     the archive's Markdown: a front-matter block, "## Q123456: title", then the
//                  original text indented by a tab, with HTML entities and {% raw %} markers;
//   * kb_text      the original KB text: "DOCUMENT:Q123456  09-AUG-2001  [winnt]", "TITLE   :",
//                  "PRODUCT :", "PROD/VER:", "OPER/SYS:", "KEYWORDS:", then sections headed by a
//                  capitalized name underlined with '=';
//   * flattened    that same text with its line breaks turned into spaces (one long line);
//   * support_site the later support-site plain text: a title line, "This article was previously
//                  published under Q123456", paragraphs without section headings (their opening
//                  words tell which section they belong to), "Article ID: 123456 - Last Review",
//                  the products list and a "• kb..." keyword line.
// Every section line keeps the line (and, for the flattened shape, the column) it came from, so
// what the drafter extracts can cite its source.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kbmatch::draft {

// A line of an article's text and where it stands in the file (1-based line and column; the
// column is 1 except in the flattened shape, where everything is on line 1).
struct SourceLine {
  std::uint32_t line = 0;
  std::uint32_t column = 1;
  std::string text;
};

struct Section {
  std::string name;  // "symptoms", "cause", "resolution", "workaround", "status", "more_information", or the heading in lower case
  std::string heading;  // as written ("SYMPTOMS"); "" when the shape has no headings
  std::vector<SourceLine> lines;  // the body, heading excluded; blank lines kept as empty text

  // The body as one text: wrapped lines joined, every run of white space one space.
  std::string joined() const;
};

// A row of a fix's file table ("06/02/2000  04:39p  128,272  Dhcpssvc.dll  Intel"); fields the
// table does not have stay empty.
struct FixFile {
  std::string date, time, size, name, platform, version;
  SourceLine where;  // the row's line
};

struct Article {
  enum class Shape : std::uint8_t { markdown, kb_text, flattened, support_site };
  Shape shape = Shape::kb_text;
  std::string id;                     // "Q216793"
  std::string title;
  std::string last_modified;          // "16-MAY-2002" as written; "" when not given
  std::vector<std::string> products;  // "Microsoft Windows NT Server version 4.0" (the applies-to list)
  std::vector<std::string> versions;  // "winnt:4.0" (PROD/VER, Version(s))
  std::vector<std::string> keywords;  // "kbWinNT4sp6fix"
  std::vector<Section> sections;      // in article order
  std::vector<FixFile> fix_files;

  // The first section called `name` ("symptoms"), or nullptr.
  const Section* section(std::string_view name) const;
};

std::string_view shape_name(Article::Shape shape);

// Parses an article in any of the shapes above. Returns nullopt and sets `error` (what is
// missing) when the text is no KB article: no article id, or no title.
std::optional<Article> parse_article(std::string_view text, std::string& error);

}  // namespace kbmatch::draft
