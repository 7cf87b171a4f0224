// Batch input handling: path expansion and the per-file read loop, with I/O errors caught at this
// one boundary so a failing file never ends the run.
#include "kbmatch/batch.h"

#include <algorithm>
#include <filesystem>

#include "kbmatch/reader.h"

namespace kbmatch {

namespace fs = std::filesystem;

namespace {

void report(DiagnosticSink& sink, Severity severity, std::string code, std::string file, std::string message) {
  sink.report(make_diagnostic(severity, std::move(code), std::move(file), std::move(message)));
}

// Forwards diagnostics, turning "unrecognized format" into a note for files that were only
// found inside a directory (READMEs and the like are expected there).
class FileDiagnostics final : public DiagnosticSink {
 public:
  FileDiagnostics(DiagnosticSink& out, bool explicit_input) : out_(out), explicit_(explicit_input) {}
  void report(Diagnostic d) override {
    if (!explicit_ && d.code == "E0402") {
      d.severity = Severity::note;
      d.message = "not a log export; ignored";
      ignored = true;
    }
    out_.report(std::move(d));
  }
  bool ignored = false;

 private:
  DiagnosticSink& out_;
  bool explicit_;
};

}  // namespace

std::vector<BatchInput> expand_inputs(const std::vector<std::string>& paths, DiagnosticSink& diagnostics,
                                      std::vector<FileStats>& failed) {
  std::vector<BatchInput> out;
  for (const auto& p : paths) {
    if (p == "-") {
      out.push_back({p, true});
      continue;
    }
    std::error_code ec;
    const auto status = fs::status(p, ec);
    if (ec || !fs::exists(status)) {
      report(diagnostics, Severity::error, "E0401", p, "cannot open: no such file or directory");
      failed.push_back({p, "", 0, 0, true});
      continue;
    }
    if (!fs::is_directory(status)) {
      out.push_back({p, true});
      continue;
    }
    std::vector<std::string> found;
    for (fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec), end;
         !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (!name.empty() && name[0] == '.') {
        if (it->is_directory()) it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file(ec)) found.push_back(it->path().string());
    }
    if (ec) report(diagnostics, Severity::error, "E0401", p, "cannot list directory: " + ec.message());
    std::sort(found.begin(), found.end());
    for (auto& f : found) out.push_back({std::move(f), false});
  }
  return out;
}

FileStats read_input(const BatchInput& input, std::uint32_t file_index, DiagnosticSink& diagnostics,
                     const std::function<void(const Event&)>& on_event) {
  FileStats stats;
  stats.name = input.path;
  std::unique_ptr<ByteSource> source;
  if (input.path == "-") {
    source = open_stdin_source();
  } else {
    std::string error;
    source = open_file_source(input.path, error);
    if (!source) {
      report(diagnostics, Severity::error, "E0401", input.path, "cannot open: " + error);
      stats.failed = true;
      return stats;
    }
  }
  FileDiagnostics file_diags(diagnostics, input.explicit_);
  std::unique_ptr<Reader> reader;
  try {
    reader = open_reader(std::move(source), ReaderOptions{input.path, file_index}, file_diags);
    if (!reader) {
      stats.failed = !file_diags.ignored;
      stats.format = file_diags.ignored ? "ignored" : "";
      return stats;
    }
    stats.format = format_name(reader->format());
    Event event;
    while (reader->next(event)) on_event(event);
  } catch (const std::exception& e) {
    report(diagnostics, Severity::error, "E0404", input.path, std::string("read error: ") + e.what());
    stats.failed = true;
  }
  if (reader) {
    stats.events = reader->events();
    stats.skipped = reader->skipped();
  }
  return stats;
}

}  // namespace kbmatch
