// The compiled, immutable rule set: signatures lowered for fast matching.
//
// Compile once, scan many (as YARA and Hyperscan do): RuleSet::compile() builds regexes and a key
// index from (source, event ID) to the symptoms keyed on it, so an event is only tested against
// the few symptoms that name its source and ID (plus those that name an ID but no source, those
// that name only a log, such as a program's own "Text" log, and the short list of symptoms with
// no event ID at all). Crash tests are tried on crash reports only; counter trends and network
// checks never on events: they read the observations the scanner keeps.
//
// Sharing: a RuleSet is immutable after compile() and may be shared by any number of Scanners
// on any threads.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "kbmatch/diagnostic.h"
#include "kbmatch/signature.h"

namespace kbmatch {

namespace detail {
struct CompiledRules;
}

class RuleSet {
 public:
  // Returns nullptr (after reporting why) if a signature cannot be compiled or two signatures
  // claim the same article.
  static std::shared_ptr<const RuleSet> compile(std::vector<SignatureSpec> signatures, DiagnosticSink& diagnostics);

  ~RuleSet();
  RuleSet(const RuleSet&) = delete;
  RuleSet& operator=(const RuleSet&) = delete;

  const std::vector<SignatureSpec>& signatures() const;
  std::size_t symptom_count() const;
  std::size_t unkeyed_symptom_count() const;      // no event ID, crash test or log: tested on every event
  std::size_t crash_symptom_count() const;        // symptoms with a crash test and no event ID: tested on crash reports
  std::size_t observation_symptom_count() const;  // counter trends and network checks: evaluated at the end

  const detail::CompiledRules& compiled() const { return *rules_; }  // for the scanner

 private:
  explicit RuleSet(std::unique_ptr<detail::CompiledRules> rules);
  std::unique_ptr<detail::CompiledRules> rules_;
};

// The signature libraries built into the binary: the curated signatures (signatures/*.yaml at
// build time) and the drafts made from KB articles (signatures/drafted/*.yaml), each as
// (file name, YAML text) pairs.
enum class Library : std::uint8_t { curated, drafted };

struct EmbeddedSignature {
  const char* file_name;
  const char* text;
};
const std::vector<EmbeddedSignature>& builtin_signatures(Library library = Library::curated);

// Loads and validates a built-in library; false (with diagnostics) if any file is invalid.
bool load_builtin_signatures(std::vector<SignatureSpec>& out, DiagnosticSink& diagnostics,
                             Library library = Library::curated);

// Adds `drafts` to `signatures`, leaving out each draft whose article a signature already in the
// list covers (a curated signature supersedes the draft of its article). Returns how many were
// left out.
std::size_t add_drafts(std::vector<SignatureSpec>& signatures, std::vector<SignatureSpec> drafts);

}  // namespace kbmatch
