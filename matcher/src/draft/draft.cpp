#include "kbmatch/draft.h"

#include "draft/article.h"
#include "draft/signature_drafter.h"
#include "draft/symptom_extractor.h"

namespace kbmatch {

ArticleDraft draft_article(std::string_view text, const std::string& source_name) {
  ArticleDraft d;
  const auto article = draft::parse_article(text, d.error);
  if (!article) return d;
  d.parsed = true;
  d.article = article->id;
  const std::vector<draft::QuotedEvent> events = draft::extract_events(*article);
  for (const auto& e : events) ++(e.passing ? d.passing_events : d.quoted_events);
  const draft::ProseFacts facts = draft::extract_prose_facts(*article, events);
  d.yaml = draft::draft_yaml(*article, events, facts, source_name);
  d.json = draft::draft_json(*article, events, facts);
  return d;
}

}  // namespace kbmatch
