// kbmatch_read_speed: throughput of the readers alone (benchmark only; not part of the test suite).
//
//   kbmatch_read_speed [--all] [--verbose] [--repeat N] PATH...
//
// Opens each file with kbmatch::open_reader(kbmatch::open_file_source(...)) exactly as the CLI
// does, pulls every event with Reader::next() on this one thread, and prints the totals:
//
//   files       files read (failed ones are counted separately)
//   bytes       sum of those files' sizes
//   events      events returned by the readers
//   skipped     damaged records the readers reported and skipped
//   failed      files that could not be opened, sniffed or read
//   seconds     wall time of the reading loop (the best of --repeat runs)
//   MB/s        bytes / 1e6 / seconds
//   events/s    events / seconds
//   peak_rss_kb this process's peak resident set size (getrusage)
//   diagnostics errors / warnings / notes reported by the readers (first run)
//   formats     files per detected format, e.g. "evtx=277"
//
// PATH may be a file or a directory; directories are searched recursively (sorted, hidden entries
// skipped) for *.evtx and *.evt (case-insensitive), or for every regular file with --all. Files
// named explicitly are always read. Diagnostics are counted (per severity) and printed on stderr
// only with --verbose. Exit status: 0, or 1 when some file failed, 2 on bad usage.
// tools/bench/evtx_speed.sh and tools/bench/evtx_memory.sh run it.
#include <sys/resource.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "kbmatch/diagnostic.h"
#include "kbmatch/event.h"
#include "kbmatch/reader.h"

namespace {

namespace fs = std::filesystem;

// Counts diagnostics by severity; prints them only when asked to.
class CountingSink final : public kbmatch::DiagnosticSink {
 public:
  explicit CountingSink(bool verbose) : verbose_(verbose) {}
  void report(kbmatch::Diagnostic d) override {
    ++counts_[static_cast<std::size_t>(d.severity)];
    if (verbose_) std::cerr << kbmatch::format_diagnostic(d) << '\n';
  }
  std::uint64_t count(kbmatch::Severity s) const { return counts_[static_cast<std::size_t>(s)]; }

 private:
  bool verbose_;
  std::uint64_t counts_[3] = {0, 0, 0};
};

bool is_event_log_name(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".evtx" || ext == ".evt";
}

bool collect(const std::string& arg, bool all, std::vector<std::string>& out) {
  std::error_code ec;
  const auto status = fs::status(arg, ec);
  if (ec || !fs::exists(status)) {
    std::cerr << "kbmatch_read_speed: " << arg << ": no such file or directory\n";
    return false;
  }
  if (!fs::is_directory(status)) {
    out.push_back(arg);
    return true;
  }
  std::vector<std::string> found;
  for (fs::recursive_directory_iterator it(arg, fs::directory_options::skip_permission_denied, ec), end;
       !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!name.empty() && name[0] == '.') {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec) && (all || is_event_log_name(it->path()))) found.push_back(it->path().string());
  }
  if (ec) {
    std::cerr << "kbmatch_read_speed: " << arg << ": " << ec.message() << '\n';
    return false;
  }
  std::sort(found.begin(), found.end());
  out.insert(out.end(), found.begin(), found.end());
  return true;
}

struct Totals {
  std::uint64_t files = 0, bytes = 0, events = 0, skipped = 0, failed = 0;
  std::map<std::string, std::uint64_t> formats;
};

Totals read_all(const std::vector<std::string>& paths, kbmatch::DiagnosticSink& sink) {
  Totals t;
  kbmatch::Event event;
  std::uint32_t index = 0;
  for (const auto& path : paths) {
    std::string error;
    auto source = kbmatch::open_file_source(path, error);
    if (!source) {
      std::cerr << "kbmatch_read_speed: " << path << ": cannot open: " << error << '\n';
      ++t.failed;
      continue;
    }
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    try {
      auto reader = kbmatch::open_reader(std::move(source), kbmatch::ReaderOptions{path, index++}, sink);
      if (!reader) {
        ++t.failed;
        ++t.formats["unrecognized"];
        continue;
      }
      while (reader->next(event)) {
      }
      ++t.files;
      t.bytes += ec ? 0 : size;
      t.events += reader->events();
      t.skipped += reader->skipped();
      ++t.formats[std::string(kbmatch::format_name(reader->format()))];
    } catch (const std::exception& e) {
      std::cerr << "kbmatch_read_speed: " << path << ": read error: " << e.what() << '\n';
      ++t.failed;
    }
  }
  return t;
}

int usage() {
  std::cerr << "usage: kbmatch_read_speed [--all] [--verbose] [--repeat N] PATH...\n"
               "  Reads every event of the .evtx/.evt files under PATH (all files with --all) on one\n"
               "  thread and prints files, bytes, events, skipped, seconds, MB/s, events/s.\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  bool all = false, verbose = false;
  int repeat = 1;
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--all") {
      all = true;
    } else if (a == "--verbose" || a == "-v") {
      verbose = true;
    } else if (a == "--repeat" && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else if (a == "-h" || a == "--help") {
      return usage();
    } else if (a.size() > 1 && a[0] == '-') {
      std::cerr << "kbmatch_read_speed: unknown option " << a << '\n';
      return usage();
    } else {
      args.push_back(a);
    }
  }
  if (args.empty()) return usage();
  std::vector<std::string> paths;
  bool ok = true;
  for (const auto& a : args) ok = collect(a, all, paths) && ok;

  Totals totals;
  CountingSink sink(verbose);
  double best = 0;
  for (int run = 0; run < repeat; ++run) {
    CountingSink run_sink(verbose && run == 0);
    const auto start = std::chrono::steady_clock::now();
    Totals t = read_all(paths, run == 0 ? static_cast<kbmatch::DiagnosticSink&>(sink) : run_sink);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (run == 0 || secs < best) best = secs;
    if (run == 0) totals = std::move(t);
  }
  rusage usage_now{};
  getrusage(RUSAGE_SELF, &usage_now);

  const double secs = std::max(best, 1e-9);
  std::printf("files       %llu\n", static_cast<unsigned long long>(totals.files));
  std::printf("bytes       %llu\n", static_cast<unsigned long long>(totals.bytes));
  std::printf("events      %llu\n", static_cast<unsigned long long>(totals.events));
  std::printf("skipped     %llu\n", static_cast<unsigned long long>(totals.skipped));
  std::printf("failed      %llu\n", static_cast<unsigned long long>(totals.failed));
  std::printf("seconds     %.4f\n", best);
  std::printf("MB/s        %.1f\n", static_cast<double>(totals.bytes) / 1e6 / secs);
  std::printf("events/s    %.0f\n", static_cast<double>(totals.events) / secs);
  std::printf("peak_rss_kb %ld\n", usage_now.ru_maxrss);
  std::printf("diagnostics errors=%llu warnings=%llu notes=%llu\n",
              static_cast<unsigned long long>(sink.count(kbmatch::Severity::error)),
              static_cast<unsigned long long>(sink.count(kbmatch::Severity::warning)),
              static_cast<unsigned long long>(sink.count(kbmatch::Severity::note)));
  std::printf("formats    ");
  for (const auto& [name, n] : totals.formats)
    std::printf(" %s=%llu", name.c_str(), static_cast<unsigned long long>(n));
  std::printf("\n");
  return ok && totals.failed == 0 ? 0 : 1;
}
