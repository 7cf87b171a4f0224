// The KB article parser on one made-up article written in each of the four shapes the archive
// holds (markdown, the original KB text, that text flattened onto one line, the support-site
// plain text): the same id, title, products, sections and fix files from each.
#include <catch2/catch.hpp>

#include "draft/article.h"

using namespace kbmatch::draft;

namespace {

// The article in the original KB text shape; the other shapes are derived from it below.
const std::string kb_text =
    "DOCUMENT:Q999001  14-MAR-2002  [winnt]\n"
    "TITLE   :Widget Service Stops After Its Log Is Locked\n"
    "PRODUCT :Microsoft Windows NT\n"
    "PROD/VER:winnt:4.0\n"
    "OPER/SYS:\n"
    "KEYWORDS:kbnetwork kbWinNT400sp7fix\n"
    "\n"
    "======================================================================\n"
    "-------------------------------------------------------------------------------\n"
    "The information in this article applies to:\n"
    "\n"
    " - Microsoft Windows NT Server version 4.0\n"
    " - Microsoft Windows NT Server version 4.0, Terminal Server Edition\n"
    "-------------------------------------------------------------------------------\n"
    "\n"
    "SYMPTOMS\n"
    "========\n"
    "\n"
    "The Widget service stops, and the following event is logged in the System\n"
    "log:\n"
    "\n"
    "   Event ID: 7031\n"
    "   Source: Widget\n"
    "\n"
    "CAUSE\n"
    "=====\n"
    "\n"
    "A backup program holds the widget log open.\n"
    "\n"
    "RESOLUTION\n"
    "==========\n"
    "\n"
    "The English version of this fix should have the following file attributes or\n"
    "later:\n"
    "\n"
    "   Date        Time   Size     File name     Platform\n"
    "   ---------------------------------------------------\n"
    "   02/14/2002  10:02a  61,200  Widget.exe    Intel\n"
    "   02/14/2002  10:03a  73,488  Widget.exe    Alpha\n"
    "\n"
    "STATUS\n"
    "======\n"
    "\n"
    "Microsoft has confirmed this to be a problem in Windows NT 4.0.\n"
    "\n"
    "Additional query words: widget\n";

std::string markdown_of(const std::string& text) {
  std::string out =
      "---\nlayout: page\ntitle: \"Q999001: Widget Service Stops After Its Log Is Locked\"\n---\n\n"
      "## Q999001: Widget Service Stops After Its Log Is Locked\n\n{% raw %}\n\n"
      "\tArticle: Q999001\n\tProduct(s): Microsoft Windows NT\n\tVersion(s): winnt:4.0\n"
      "\tOperating System(s): \n\tKeyword(s): kbnetwork kbWinNT400sp7fix\n\tLast Modified: 14-MAR-2002\n";
  // The body, from the rule after the header on, indented by a tab, with HTML entities.
  const std::size_t body = text.find("-------");
  std::size_t pos = body;
  while (pos < text.size()) {
    const std::size_t nl = text.find('\n', pos);
    out += "\t" + text.substr(pos, nl - pos + 1);
    pos = nl + 1;
  }
  return out + "\n{% endraw %}\n";
}

std::string flattened_of(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

const std::string support_site =
    "Widget Service Stops After Its Log Is Locked\n"
    "\n"
    "This article was previously published under Q999001\n"
    "This article has been archived. It is offered \"as is\" and will no longer be updated.\n"
    "The Widget service stops, and the following event is logged in the System log: Event ID: 7031 Source: Widget\n"
    "This problem occurs because a backup program holds the widget log open.\n"
    "A supported fix is now available from Microsoft.\n"
    "   Date        Time   Size     File name  Platform   -------------------------   02/14/2002  10:02a  61,200  Widget.exe  Intel\n"
    "Microsoft has confirmed that this is a problem in Windows NT 4.0.\n"
    "\n"
    "Article ID: 999001 - Last Review: 10/23/2013 16:00:22 - Revision: 2.0\n"
    "\n"
    "Microsoft Windows NT Server 4.0, Terminal Server Edition Service Pack 6, Microsoft Windows NT Server 4.0\n"
    "\n"
    "  \xE2\x80\xA2 kbnosurvey kbarchive kbbug kbfix KB999001\n";

Article parse(const std::string& text) {
  std::string error;
  const auto a = parse_article(text, error);
  INFO(error);
  REQUIRE(a);
  return *a;
}

// The same article in another shape: id, title, products, keywords, sections and their text.
void check_same(const Article& a, const Article& want) {
  CHECK(a.id == want.id);
  CHECK(a.title == want.title);
  CHECK(a.products == want.products);
  CHECK(a.keywords == want.keywords);
  REQUIRE(a.sections.size() == want.sections.size());
  for (std::size_t i = 0; i < a.sections.size(); ++i) {
    CHECK(a.sections[i].name == want.sections[i].name);
    CHECK(a.sections[i].joined() == want.sections[i].joined());
  }
}

}  // namespace

TEST_CASE("article: the original KB text", "[draft][article]") {
  const Article a = parse(kb_text);
  CHECK(a.shape == Article::Shape::kb_text);
  CHECK(a.id == "Q999001");
  CHECK(a.title == "Widget Service Stops After Its Log Is Locked");
  CHECK(a.last_modified == "14-MAR-2002");
  CHECK(a.versions == std::vector<std::string>{"winnt:4.0"});
  CHECK(a.keywords == std::vector<std::string>{"kbnetwork", "kbWinNT400sp7fix"});
  CHECK(a.products == std::vector<std::string>{"Microsoft Windows NT Server version 4.0",
                                               "Microsoft Windows NT Server version 4.0, Terminal Server Edition"});
  REQUIRE(a.sections.size() == 4);
  CHECK(a.sections[0].name == "symptoms");
  CHECK(a.sections[0].heading == "SYMPTOMS");
  CHECK(a.sections[0].lines[0].line == 19);
  CHECK(a.sections[0].joined() ==
        "The Widget service stops, and the following event is logged in the System log: Event ID: 7031 Source: Widget");
  REQUIRE(a.section("status") != nullptr);
  CHECK(a.section("status")->joined() == "Microsoft has confirmed this to be a problem in Windows NT 4.0.");
  REQUIRE(a.fix_files.size() == 2);
  CHECK(a.fix_files[0].date == "02/14/2002");
  CHECK(a.fix_files[0].time == "10:02a");
  CHECK(a.fix_files[0].size == "61,200");
  CHECK(a.fix_files[0].name == "Widget.exe");
  CHECK(a.fix_files[0].platform == "Intel");
  CHECK(a.fix_files[1].platform == "Alpha");
  CHECK(a.fix_files[1].where.line == 39);
}

TEST_CASE("article: markdown, flattened and support-site shapes give the same article", "[draft][article]") {
  const Article want = parse(kb_text);
  SECTION("markdown") {
    const Article a = parse(markdown_of(kb_text));
    CHECK(a.shape == Article::Shape::markdown);
    check_same(a, want);
    CHECK(a.last_modified == want.last_modified);
    CHECK(a.fix_files.size() == 2);
  }
  SECTION("flattened onto one line") {
    const Article a = parse(flattened_of(kb_text));
    CHECK(a.shape == Article::Shape::flattened);
    check_same(a, want);
    // Everything is on line 1; the column says where.
    const SourceLine& first = a.sections[0].lines[0];
    CHECK(first.line == 1);
    CHECK(flattened_of(kb_text).substr(first.column - 1, 10) == "The Widget");
    REQUIRE(a.fix_files.size() == 2);
    CHECK(a.fix_files[1].name == "Widget.exe");
    CHECK(a.fix_files[1].platform == "Alpha");
  }
  SECTION("support-site plain text") {
    const Article a = parse(support_site);
    CHECK(a.shape == Article::Shape::support_site);
    CHECK(a.id == want.id);
    CHECK(a.title == want.title);
    CHECK(a.products == std::vector<std::string>{"Microsoft Windows NT Server 4.0, Terminal Server Edition Service Pack 6",
                                                 "Microsoft Windows NT Server 4.0"});
    CHECK(a.keywords == std::vector<std::string>{"kbnosurvey", "kbarchive", "kbbug", "kbfix"});
    std::vector<std::string> names;
    for (const Section& s : a.sections) names.push_back(s.name);
    CHECK(names == std::vector<std::string>{"symptoms", "cause", "resolution", "status"});
    CHECK(a.section("symptoms")->joined() == want.section("symptoms")->joined());
    CHECK(a.section("symptoms")->lines[0].line == 5);
    REQUIRE(a.fix_files.size() == 1);
    CHECK(a.fix_files[0].name == "Widget.exe");
    CHECK(a.fix_files[0].size == "61,200");
  }
}

TEST_CASE("article: boxed and versioned fix tables", "[draft][article]") {
  const std::string text = kb_text.substr(0, kb_text.find("RESOLUTION")) +
                           "RESOLUTION\n==========\n\n"
                           "   Date        Time        Version        Size    File name    Platform\n"
                           "   --------------------------------------------------------------------\n"
                           "   09-25-1998 12:41:42 PM  2.573.3002.24  138,512 widget32.dll Windows\n"
                           "\n"
                           "   | File name    | Current version |\n"
                           "   +--------------------------------+\n"
                           "   | Widgets.dll  | 5.5.2651.86     |\n"
                           "   +--------------------------------+\n";
  const Article a = parse(text);
  REQUIRE(a.fix_files.size() == 2);
  CHECK(a.fix_files[0].date == "09-25-1998");
  CHECK(a.fix_files[0].time == "12:41:42 PM");
  CHECK(a.fix_files[0].version == "2.573.3002.24");
  CHECK(a.fix_files[0].size == "138,512");
  CHECK(a.fix_files[0].name == "widget32.dll");
  CHECK(a.fix_files[0].platform == "Windows");
  CHECK(a.fix_files[1].name == "Widgets.dll");
  CHECK(a.fix_files[1].version == "5.5.2651.86");
}

TEST_CASE("article: text that is no KB article is refused with the reason", "[draft][article]") {
  std::string error;
  CHECK_FALSE(parse_article("just some notes\nabout a server\n", error));
  CHECK(error.find("article id") != std::string::npos);
  CHECK_FALSE(parse_article("", error));
  CHECK_FALSE(parse_article("DOCUMENT:Q1  01-JAN-2000\n", error));
  CHECK(error == "no title");
}
