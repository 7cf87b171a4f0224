// Drafting signatures from KB articles (`kbmatch draft`): an article's text in, the events its
// SYMPTOMS quote out, as a draft signature YAML and as JSON. The steps are in src/draft/
// (article parser, symptom extractor, signature drafter).
#pragma once

#include <string>
#include <string_view>

namespace kbmatch {

struct ArticleDraft {
  bool parsed = false;  // false: the text is no KB article (see error)
  std::string error;
  std::string article;  // "Q216793"
  std::string yaml;     // the draft signature; "" when the article quotes no event
  std::string json;     // {"article", "title", "events": [...]} (mentions in passing included)
  std::size_t quoted_events = 0;
  std::size_t passing_events = 0;
};

// `source_name` names the article file in the draft's comments ("kb/txt/216/Q216793.TXT").
ArticleDraft draft_article(std::string_view text, const std::string& source_name);

}  // namespace kbmatch
