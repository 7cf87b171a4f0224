// Fuzz target: the Dr. Watson log (drwtsn32.log) reader alone, over any bytes.
//
// Beyond the shared checks (counts, diagnostics, origins), a crash section can yield at most one
// record, and what comes out must be a consistent, bounded crash report.
#include "reader_fuzz_support.h"

using namespace kbmatch;
using kbmatch::fuzz::decoded;
using kbmatch::fuzz::read_everything;

namespace {

std::uint64_t occurrences(const std::string& text, std::string_view needle) {
  std::uint64_t n = 0;
  for (std::size_t p = text.find(needle); p != std::string::npos; p = text.find(needle, p + 1)) ++n;
  return n;
}

std::unique_ptr<Reader> make(std::unique_ptr<detail::TextInput> in, const ReaderOptions& o) {
  return detail::make_drwatson_log_reader(std::move(in), {}, o);
}

// The reader's own promises: every event is a crash from "DrWatson", with no event ID or record
// number, its process derived from its app, and its lists within their caps.
void check_crash_events(const std::uint8_t* data, std::size_t size) {
  DiagnosticList diagnostics;
  auto input = std::make_unique<detail::TextInput>(
      open_memory_source(std::string(reinterpret_cast<const char*>(data), size)), "fuzz", diagnostics);
  auto reader = make(std::move(input), ReaderOptions{"fuzz", 1});
  Event e;
  while (reader->next(e)) {
    const CrashFacts& c = e.crash;
    if (e.source != "DrWatson" || e.has_event_id || e.has_record || e.level != Level::error) __builtin_trap();
    if (c.kind != CrashFacts::Kind::crash || c.process != image_base_name(c.app)) __builtin_trap();
    if (c.app.empty() && !c.has_exception_code && c.function.empty() && c.frames.empty() &&
        c.fault_instruction.empty()) {
      __builtin_trap();
    }
    if (c.frames.size() > 256 || c.modules.size() > 1024 || e.message.size() > 8 * 1024) __builtin_trap();
    if (!e.message.starts_with("Application exception occurred:")) __builtin_trap();
    for (const auto& f : c.frames) {
      if (f.find('!') == std::string::npos || f.size() > 1024) __builtin_trap();
    }
    for (const auto& m : c.modules) {
      if (m.empty() || m.size() > 1024) __builtin_trap();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  read_everything(data, size, occurrences(decoded(data, size), "Application exception occurred:"), make,
                  /*require_event_id=*/false);
  check_crash_events(data, size);
  return 0;
}
