// Draft signatures from KB articles: the last step of `kbmatch draft` (after draft/article.h and
// draft/symptom_extractor.h).
//
// A draft is a signature YAML (signatures/README.md) with `status: draft`: one symptom per event
// the article quotes (source, event ID, log, level, and content tests: its description's fixed
// fragments in order, each code, its data), a crash symptom per crash it tells (a quoted crash
// report, or a sentence naming the process), a confidence that needs all of them within a day
// (medium; drafts are never reported higher) or any one (low), the Windows versions its products
// name (applies_to, for product gating), its products, fix files and resolution. Every extracted fact carries the article line it came from as a comment,
// so a reviewer can check it against the article before curating.
#pragma once

#include <string>
#include <vector>

#include "draft/article.h"
#include "draft/prose_facts.h"
#include "draft/symptom_extractor.h"

namespace kbmatch::draft {

// The draft's YAML text, or "" when the article quotes no event (only mentions in passing, or
// none): there is nothing to match then. `source_name` names the article file in the comments.
std::string draft_yaml(const Article& article, const std::vector<QuotedEvent>& events, const ProseFacts& facts,
                       const std::string& source_name);

// The extraction as JSON, one object: {"article", "title", "events": [{"log", "source",
// "event_id", "level", "description", "text", "data_hex", "codes", "passing", "line", "column"}],
// "crashes":
// [{"reported_by", "process", "exception", "module", "function", "kind", "line", "column"}], "processes": [...],
// "timing": [{"text", "every_seconds", "line", "column"}]}; all events, mentions in passing included.
std::string draft_json(const Article& article, const std::vector<QuotedEvent>& events, const ProseFacts& facts);

}  // namespace kbmatch::draft
