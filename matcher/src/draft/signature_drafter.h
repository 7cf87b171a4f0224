// Draft signatures from KB articles: the last step of `kbmatch draft` (after draft/article.h and
// draft/symptom_extractor.h).
//
// A draft is a signature YAML (signatures/README.md) with `status: draft`: one symptom per event
// the article quotes (source, event ID, log, level, and a content test for each fixed fragment of
// its description, each code and its data), a confidence that needs all of them within a day
// (medium; drafts are never reported higher) or any one (low), and the article's products, fix
// files and resolution. Every extracted fact carries the article line it came from as a comment,
// so a reviewer can check it against the article before curating.
#pragma once

#include <string>
#include <vector>

#include "draft/article.h"
#include "draft/symptom_extractor.h"

namespace kbmatch::draft {

// The draft's YAML text, or "" when the article quotes no event (only mentions in passing, or
// none): there is nothing to match then. `source_name` names the article file in the comments.
std::string draft_yaml(const Article& article, const std::vector<QuotedEvent>& events, const std::string& source_name);

// The extraction as JSON, one object: {"article", "title", "events": [{"log", "source",
// "event_id", "level", "text", "data_hex", "codes", "passing", "line", "column"}]}; all events,
// mentions in passing included.
std::string draft_json(const Article& article, const std::vector<QuotedEvent>& events);

}  // namespace kbmatch::draft
