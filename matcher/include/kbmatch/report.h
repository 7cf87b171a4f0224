// Reports: the printers at the end of the pipeline. Each is a FindingSink that also receives
// diagnostics and the final statistics; the library writes only to the stream it is given.
#pragma once

#include <memory>
#include <ostream>
#include <string>

#include "kbmatch/diagnostic.h"
#include "kbmatch/finding.h"

namespace kbmatch {

class Report : public FindingSink {
 public:
  // Each diagnostic as it is raised (the JSON Lines stream prints it then; the others at finish()).
  virtual void on_diagnostic(const Diagnostic& /*diagnostic*/) {}
  // Called once at the end with everything the scan counted and every diagnostic raised.
  virtual void finish(const ScanStats& stats, const std::vector<Diagnostic>& diagnostics) = 0;
};

// For people: article, title, why, evidence, what to do. Diagnostics go to the CLI's stderr, not
// here.
std::unique_ptr<Report> make_text_report(std::ostream& out);

// One JSON object: {"findings":[...],"stats":{...},"diagnostics":[...]} (schema in README).
std::unique_ptr<Report> make_json_report(std::ostream& out);

// JSON Lines for pipelines: one object per line, each with "type" (finding, diagnostic, summary)
// and "schema_version", written and flushed as each finding becomes final and each diagnostic is
// raised; the summary line comes last (schema in README).
std::unique_ptr<Report> make_jsonl_report(std::ostream& out);
inline constexpr int jsonl_schema_version = 1;

// One normalized event as a single-line JSON object (for `kbmatch events --format jsonl`).
std::string event_to_json_line(const Event& event, const std::string& file_name);

}  // namespace kbmatch
