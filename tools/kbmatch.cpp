// kbmatch: the command line.
//
//   kbmatch scan [--format text|json|jsonl] [--signatures DIR] [--drafted] [--min-confidence LEVEL]
//                [--since TIME] [--until TIME] [--state FILE [--retention DAYS]] [--computer NAME]
//                [--utc-offset ±HH:MM] PATH...
//   kbmatch events [--format jsonl] PATH...
//   kbmatch lint [--signatures DIR] [--drafted]
//   kbmatch draft [--format yaml|json] [--output DIR] ARTICLE...
//
// Exit status (scan): 0 no findings (at --min-confidence or above), 1 findings, 2 error (bad usage, broken signatures, or no
// finding while some named input could not be read, since "nothing found" would then be a guess).
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "kbmatch/batch.h"
#include "kbmatch/draft.h"
#include "kbmatch/report.h"
#include "kbmatch/rule_set.h"
#include "kbmatch/scanner.h"
#include "kbmatch/state_file.h"

namespace {

using namespace kbmatch;

constexpr int exit_clean = 0;
constexpr int exit_findings = 1;
constexpr int exit_error = 2;

// Prints diagnostics on stderr as they happen (file:line:col: severity[code]: message), passes
// them on to the report (the JSON Lines stream prints them then), and keeps them for its end.
class StderrDiagnostics final : public DiagnosticSink {
 public:
  explicit StderrDiagnostics(bool quiet) : quiet_(quiet) {
    logger_ = spdlog::stderr_color_st("kbmatch-diagnostics");
    logger_->set_pattern("%v");
  }
  ~StderrDiagnostics() override { spdlog::drop("kbmatch-diagnostics"); }
  StderrDiagnostics(const StderrDiagnostics&) = delete;
  StderrDiagnostics& operator=(const StderrDiagnostics&) = delete;

  void report(Diagnostic d) override {
    if (d.severity == Severity::error) ++errors_;
    if (!quiet_ || d.severity == Severity::error) {
      const std::string line = format_diagnostic(d);
      switch (d.severity) {
        case Severity::error: logger_->error(line); break;
        case Severity::warning: logger_->warn(line); break;
        case Severity::note: logger_->info(line); break;
      }
    }
    if (report_ != nullptr) report_->on_diagnostic(d);
    items_.push_back(std::move(d));
  }
  void forward_to(Report* report) { report_ = report; }
  const std::vector<Diagnostic>& items() const { return items_; }
  std::size_t errors() const { return errors_; }

 private:
  bool quiet_;
  Report* report_ = nullptr;
  std::shared_ptr<spdlog::logger> logger_;
  std::vector<Diagnostic> items_;
  std::size_t errors_ = 0;
};

// The signatures of DIR (default: the built-in curated ones), and with `drafted` the built-in
// drafted library too, minus the drafts of articles they already cover.
bool load_signatures(const std::string& dir, bool drafted, DiagnosticSink& diags, std::shared_ptr<const RuleSet>& rules) {
  std::vector<SignatureSpec> specs;
  bool ok = dir.empty() ? load_builtin_signatures(specs, diags) : load_signature_directory(dir, specs, diags);
  if (drafted) {
    std::vector<SignatureSpec> drafts;
    ok = load_builtin_signatures(drafts, diags, Library::drafted) && ok;
    add_drafts(specs, std::move(drafts));
  }
  if (!ok) return false;
  rules = RuleSet::compile(std::move(specs), diags);
  return rules != nullptr;
}

struct ScanArgs {
  std::string format = "text";
  std::string signatures;
  bool drafted = false;
  std::string min_confidence = "low";
  std::string since, until;
  std::string state;
  double retention_days = 7;
  std::string computer;
  std::size_t max_evidence = 5;
  std::string utc_offset;
  bool quiet = false;
  std::vector<std::string> paths;
};

std::unique_ptr<Report> make_report(const std::string& format) {
  if (format == "json") return make_json_report(std::cout);
  if (format == "jsonl") return make_jsonl_report(std::cout);
  return make_text_report(std::cout);
}

int run_scan(const ScanArgs& args) {
  StderrDiagnostics diags(args.quiet);
  std::unique_ptr<Report> report = make_report(args.format);
  diags.forward_to(report.get());
  ScanStats stats;
  // An error before anything was scanned: said on stderr (and in the report), exit status 2.
  const auto refuse = [&](const std::string& code, const std::string& file, const std::string& message) {
    diags.report(make_diagnostic(Severity::error, code, file, message));
    report->finish(stats, diags.items());
    return exit_error;
  };
  std::shared_ptr<const RuleSet> rules;
  if (!load_signatures(args.signatures, args.drafted, diags, rules)) {
    std::cerr << "kbmatch: refusing to scan with broken signatures (see above)\n";
    return exit_error;
  }
  ScanOptions options;
  options.max_evidence = args.max_evidence;
  options.default_computer = args.computer;
  if (!args.utc_offset.empty()) options.utc_offset_seconds = parse_utc_offset(args.utc_offset);
  if (!args.since.empty()) options.since = parse_time_bound(args.since);
  if (!args.until.empty()) options.until = parse_time_bound(args.until);
  options.incremental = !args.state.empty();
  options.retention_seconds = static_cast<std::int64_t>(args.retention_days * 86400);
  Scanner scanner(rules, options, diags);
  // The state of the previous batches: locked for this run, read before any input.
  std::unique_ptr<StateFile> state;
  if (!args.state.empty()) {
    try {
      state = std::make_unique<StateFile>(args.state);
      if (auto saved = state->load()) scanner.restore_state(*saved);
    } catch (const std::exception& e) {
      return refuse("E0601", args.state, e.what());
    }
  }
  std::vector<FileStats> failed;
  const auto inputs = expand_inputs(args.paths, diags, failed);
  bool explicit_failure = !failed.empty();
  for (const auto& input : inputs) {
    const std::uint32_t index = scanner.add_file(input.path);
    FileStats fs = read_input(input, index, diags, [&](const Event& e) { scanner.add_event(e); });
    if (fs.format == "ignored") continue;
    explicit_failure = explicit_failure || (fs.failed && input.explicit_);
    stats.per_file.push_back(std::move(fs));
  }
  for (auto& f : failed) stats.per_file.push_back(std::move(f));
  for (const auto& f : stats.per_file) {
    ++stats.files;
    stats.events += f.events;
    stats.skipped += f.skipped;
    stats.failed_files += f.failed;
  }
  stats.symptom_hits = scanner.symptom_hits();
  stats.outside_window = scanner.outside_window();
  stats.duplicates = scanner.duplicates();

  // Findings below --min-confidence are left out of the report and of the exit status.
  struct Counter final : FindingSink {
    FindingSink* next = nullptr;
    Confidence at_least = Confidence::low;
    std::size_t n = 0, below = 0;
    void on_finding(const Finding& f) override {
      if (f.confidence < at_least) {
        ++below;
        return;
      }
      ++n;
      next->on_finding(f);
    }
  } counter;
  counter.next = report.get();
  counter.at_least = parse_confidence(args.min_confidence).value_or(Confidence::low);
  scanner.finish(counter);
  if (counter.below > 0) {
    diags.report(make_diagnostic(Severity::note, "N0405", "",
                                 std::to_string(counter.below) + " finding(s) below --min-confidence " +
                                     args.min_confidence + " left out"));
  }
  // Saved after the findings are out: a run killed before this line is run again whole, and its
  // findings come again with the same incident ids (at least once, never lost).
  bool state_failed = false;
  if (state) {
    try {
      state->save(scanner.save_state());
    } catch (const std::exception& e) {
      state_failed = true;
      diags.report(make_diagnostic(Severity::error, "E0602", args.state, e.what()));
    }
  }
  report->finish(stats, diags.items());
  std::cout.flush();
  if (state_failed) return exit_error;
  if (counter.n > 0) return exit_findings;
  if (explicit_failure || stats.files == 0) return exit_error;
  return exit_clean;
}

int run_events(const std::vector<std::string>& paths, bool quiet) {
  StderrDiagnostics diags(quiet);
  std::vector<FileStats> failed;
  const auto inputs = expand_inputs(paths, diags, failed);
  bool failure = !failed.empty();
  std::uint64_t events = 0, skipped = 0;
  std::uint32_t index = 0;
  for (const auto& input : inputs) {
    FileStats fs = read_input(input, index++, diags,
                              [&](const Event& e) { std::cout << event_to_json_line(e, input.path) << '\n'; });
    failure = failure || (fs.failed && input.explicit_);
    events += fs.events;
    skipped += fs.skipped;
  }
  std::cout.flush();
  if (!quiet) std::cerr << "kbmatch: " << events << " event(s) read, " << skipped << " damaged record(s) skipped\n";
  return failure ? exit_error : exit_clean;
}

int run_lint(const std::string& dir, bool drafted) {
  StderrDiagnostics diags(false);
  std::shared_ptr<const RuleSet> rules;
  if (!load_signatures(dir, drafted, diags, rules)) return exit_error;
  std::size_t warnings = 0;
  for (const auto& d : diags.items()) warnings += d.severity == Severity::warning;
  std::cout << rules->signatures().size() << " signature(s), " << rules->symptom_count() << " symptom(s) ("
            << rules->unkeyed_symptom_count() << " tested on every event, " << rules->crash_symptom_count()
            << " on crash reports only, " << rules->observation_symptom_count()
            << " on counter logs and network snapshots), " << warnings << " warning(s)\n";
  return exit_clean;
}

// Drafts a signature from each KB article. YAML goes to DIR/<article>.yaml with --output, else
// to standard output (documents separated by "---"); JSON is one object per article and line.
// Exit status: 0, or 2 when an article could not be read or is no KB article.
int run_draft(const std::vector<std::string>& articles, const std::string& format, const std::string& output) {
  namespace fs = std::filesystem;
  int status = exit_clean;
  bool first = true;
  for (const std::string& path : articles) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::cerr << path << ": error: cannot open the article\n";
      status = exit_error;
      continue;
    }
    std::ostringstream text;
    text << in.rdbuf();
    const ArticleDraft d = draft_article(text.str(), path);
    if (!d.parsed) {
      std::cerr << path << ": error: not a KB article: " << d.error << "\n";
      status = exit_error;
      continue;
    }
    if (format == "json") {
      std::cout << d.json << '\n';
      continue;
    }
    if (d.yaml.empty()) {
      std::cerr << path << ": note: " << d.article << " describes no logged event or crash a signature can test"
                << (d.passing_events > 0 ? " (event IDs only in passing)" : "") << "; no signature drafted\n";
      continue;
    }
    if (output.empty()) {
      std::cout << (first ? "" : "---\n") << d.yaml;
      first = false;
      continue;
    }
    std::error_code ec;
    fs::create_directories(output, ec);
    const fs::path target = fs::path(output) / (d.article + ".yaml");
    std::ofstream out(target, std::ios::binary);
    if (!out || !(out << d.yaml)) {
      std::cerr << target.string() << ": error: cannot write the draft\n";
      status = exit_error;
    }
  }
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"kbmatch: find the Microsoft KB article that describes the problem in exported Windows logs"};
  app.set_version_flag("--version", std::string("kbmatch ") + KBMATCH_VERSION);
  app.require_subcommand(1);

  ScanArgs scan;
  auto* scan_cmd = app.add_subcommand("scan", "Scan log exports and report matching KB articles");
  scan_cmd->add_option("--format", scan.format, "Output format (jsonl: a JSON object per line, for pipelines)")
      ->check(CLI::IsMember({"text", "json", "jsonl"}));
  scan_cmd->add_option("--signatures", scan.signatures, "Signature directory (default: the built-in curated set)");
  scan_cmd->add_flag("--drafted", scan.drafted,
                     "Also use the built-in library drafted from KB articles (unreviewed; medium confidence at most)");
  scan_cmd
      ->add_option("--min-confidence", scan.min_confidence,
                   "Report only findings at this confidence or above; the exit status follows (default: low)")
      ->check(CLI::IsMember({"low", "medium", "high"}));
  const auto time_bound = [](const std::string& v) {
    return parse_time_bound(v) ? std::string() : std::string("not a time like 2001-03-14T07:00:00Z or 2001-03-14");
  };
  scan_cmd->add_option("--since", scan.since, "Scan only events at or after this time (ISO 8601; no zone = local)")
      ->check(time_bound);
  scan_cmd->add_option("--until", scan.until, "Scan only events before this time (ISO 8601; no zone = local)")
      ->check(time_bound);
  scan_cmd->add_option("--state", scan.state,
                       "Scan in batches: go on from the correlation state FILE holds (created at the first run), "
                       "count no event twice, report each incident once (again when a batch extends it), and "
                       "save the state back");
  scan_cmd
      ->add_option("--retention", scan.retention_days,
                   "With --state: how many days of hits the state keeps before each computer's latest event "
                   "(default: 7)")
      ->check(CLI::Range(0.01, 3650.0));
  scan_cmd->add_option("--computer", scan.computer, "Computer name for inputs that name none (e.g. Vista CSV exports)");
  scan_cmd->add_option("--max-evidence", scan.max_evidence, "Evidence lines shown per symptom")
      ->check(CLI::Range(1, 1000));
  scan_cmd
      ->add_option("--utc-offset", scan.utc_offset,
                   "The exporting machine's offset from UTC (e.g. -05:00): local times of text exports and Dr. "
                   "Watson logs are converted to UTC, so they correlate with Event XML")
      ->check([](const std::string& v) {
        return parse_utc_offset(v) ? std::string() : std::string("not an offset like -05:00 or +01:00");
      });
  scan_cmd->add_flag("-q,--quiet", scan.quiet, "Print only errors on standard error");
  scan_cmd->add_option("paths", scan.paths, "Files, directories, or - for standard input")->required();

  std::string events_format = "jsonl";
  std::vector<std::string> event_paths;
  bool events_quiet = false;
  auto* events_cmd = app.add_subcommand("events", "Print every normalized event as JSON Lines");
  events_cmd->add_option("--format", events_format, "Output format")->check(CLI::IsMember({"jsonl"}));
  events_cmd->add_flag("-q,--quiet", events_quiet, "Print only errors on standard error");
  events_cmd->add_option("paths", event_paths, "Files, directories, or - for standard input")->required();

  std::string lint_dir;
  auto* lint_cmd = app.add_subcommand("lint", "Check signature files and report every problem");
  lint_cmd->add_option("--signatures", lint_dir, "Signature directory (default: the built-in curated set)");
  bool lint_drafted = false;
  lint_cmd->add_flag("--drafted", lint_drafted, "Also check the built-in drafted library");

  std::string draft_format = "yaml";
  std::string draft_output;
  std::vector<std::string> draft_articles;
  auto* draft_cmd = app.add_subcommand("draft", "Draft signatures from KB articles (the events their SYMPTOMS quote)");
  draft_cmd->add_option("--format", draft_format, "yaml: a draft signature per article; json: what was extracted")
      ->check(CLI::IsMember({"yaml", "json"}));
  draft_cmd->add_option("--output", draft_output, "Write DIR/<article>.yaml instead of printing (yaml only)");
  draft_cmd->add_option("articles", draft_articles, "Article files (Markdown, KB text, or support-site text)")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return exit_error;
  }
  try {
    if (*scan_cmd) return run_scan(scan);
    if (*events_cmd) return run_events(event_paths, events_quiet);
    if (*lint_cmd) return run_lint(lint_dir, lint_drafted);
    if (*draft_cmd) return run_draft(draft_articles, draft_format, draft_output);
  } catch (const std::exception& e) {
    std::cerr << "kbmatch: internal error: " << e.what() << '\n';
    return exit_error;
  }
  return exit_error;
}
