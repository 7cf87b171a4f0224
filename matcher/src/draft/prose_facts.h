// Facts a KB article's SYMPTOMS state in prose rather than as quoted events: crashes ("Rpcss.exe
// may generate an access violation (C0000005) in the RtlAllocateHeap function"), the processes
// involved, and wording about repetition or order ("repeated every 15 minutes", "after you
// restart the service"). The third step of drafting, beside draft/symptom_extractor.h.
//
// The same reading serves a quoted crash report's description ("The application, store.dbg,
// generated an application error ... The exception generated was c0000005"), so a drafted crash
// symptom matches the crash however it was logged (Dr. Watson log, 4097, Application Error 1000).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "draft/article.h"
#include "draft/symptom_extractor.h"

namespace kbmatch::draft {

struct CrashFact {
  std::string process;         // "Rpcss.exe" as written
  std::string exception_code;  // "c0000005"; "" when not told ("access violation" tells c0000005)
  std::string module;          // "ntdll.dll" when the article names the faulting module
  std::string function;        // "RtlAllocateHeap" when it names the faulting function
  std::string kind;            // "crash", "hang", or "" when the article allows either
  std::string reported_by;     // "DrWatson event 4097" for a quoted crash report; "" from prose
  SourceLine where;            // where the sentence (or the quoted report's ID) stands
};

struct TimingFact {
  std::string text;               // the wording, verbatim: "repeated every 15 minutes"
  std::int64_t every_seconds = 0;  // the interval when the wording gives one, else 0
  SourceLine where;
};

struct ProseFacts {
  std::vector<CrashFact> crashes;
  std::vector<std::string> processes;  // every "*.exe" the SYMPTOMS name, first spelling kept
  std::vector<TimingFact> timing;
};

// Reads the article's SYMPTOMS section (or, when it has none, its first section); `events` are
// the events extract_events() found there, whose crash reports give crashes too (listed first).
ProseFacts extract_prose_facts(const Article& article, const std::vector<QuotedEvent>& events);

// The crash one sentence (or crash report description) tells, if it names a crashing process.
std::optional<CrashFact> crash_in(const std::string& sentence);

// Whether events of this source are crash reports (DrWatson, Application Error, Application
// Hang): matched by their crash facts, not as events, so that a Dr. Watson log, a 4097 and an
// Application Error 1000 all show the same crash.
bool is_crash_report_source(const std::string& source);


}  // namespace kbmatch::draft
