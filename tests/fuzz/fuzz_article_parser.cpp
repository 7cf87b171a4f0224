// Fuzz target: the KB article parser, the symptom extractor and the drafter over any text. A
// draft, when there is one, must load as a valid signature: the drafter never writes YAML the
// loader refuses, whatever the article holds.
#include <cstddef>
#include <cstdint>
#include <string>

#include "draft/article.h"
#include "draft/signature_drafter.h"
#include "draft/symptom_extractor.h"
#include "kbmatch/diagnostic.h"
#include "kbmatch/signature.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace kbmatch;
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::string error;
  const auto article = draft::parse_article(text, error);
  if (!article) {
    if (error.empty()) __builtin_trap();
    return 0;
  }
  if (article->id.empty() || article->title.empty()) __builtin_trap();
  const auto events = draft::extract_events(*article);
  const auto facts = draft::extract_prose_facts(*article, events);
  for (const auto& e : events) {
    if (e.event_id > 0xFFFF || (e.passing && !e.source.empty())) __builtin_trap();
  }
  const std::string yaml = draft::draft_yaml(*article, events, facts, "fuzz.txt");
  (void)draft::draft_json(*article, events, facts);
  if (yaml.empty()) return 0;
  SignatureSpec spec;
  DiagnosticList diagnostics;
  // The loader wants the file named after the article.
  if (!load_signature(yaml, article->id + ".yaml", spec, diagnostics)) __builtin_trap();
  return 0;
}
