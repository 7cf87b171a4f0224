// Fuzz target: the performance counter log (PDH-CSV / PDH-TSV) reader alone, over any bytes.
//
// The shared read_everything() does not fit this format: one line yields a record per cell, and
// damaged cells are reported once per row (and only for the first 20 rows), so errors do not
// equal skipped records. The same promises are checked here in the format's own terms.
#include <cmath>

#include "reader_fuzz_support.h"

using namespace kbmatch;
using kbmatch::fuzz::decoded;
using kbmatch::fuzz::line_count;

namespace {

// Every record is one cell after a row's first field, so it follows a delimiter.
std::uint64_t delimiters(const std::string& text) {
  std::uint64_t n = 0;
  for (char c : text) n += c == ',' || c == '\t';
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = decoded(data, size);
  DiagnosticList diagnostics;
  auto input = std::make_unique<detail::TextInput>(
      open_memory_source(std::string(reinterpret_cast<const char*>(data), size)), "fuzz", diagnostics);
  auto reader = detail::make_counter_log_reader(std::move(input), {}, ReaderOptions{"fuzz", 1});
  Event e;
  std::uint64_t returned = 0;
  while (reader->next(e)) {
    ++returned;
    // A sample: no event fields, a known time (UTC exactly when the header gave an offset), a
    // finite value, and an origin inside the input.
    if (e.kind != Event::Kind::counter_sample || e.has_event_id || e.has_record || !e.source.empty() ||
        !e.strings.empty() || e.crash.present()) {
      __builtin_trap();
    }
    if (!e.time.known() || !std::isfinite(e.sample.value)) __builtin_trap();
    if (e.sample.has_utc_offset && e.time.zone != Timestamp::Zone::utc) __builtin_trap();
    if (!e.sample.has_utc_offset && e.sample.utc_offset_seconds != 0) __builtin_trap();
    if (e.sample.utc_offset_seconds <= -86400 || e.sample.utc_offset_seconds >= 86400) __builtin_trap();
    if (e.origin.file != 1 || e.origin.line == 0 || e.origin.offset > size * 3) __builtin_trap();
    if (e.sample.counter.size() > text.size() || e.computer.size() > text.size()) __builtin_trap();
  }
  if (reader->events() != returned) __builtin_trap();
  // After the end, the reader stays at the end.
  if (reader->next(e) || reader->events() != returned) __builtin_trap();
  // Skipped cells are reported as errors, at most one per row and at most 20 per file; errors
  // mean skipped cells and nothing else.
  const std::uint64_t errors = diagnostics.count(Severity::error);
  if (errors > reader->skipped() || (reader->skipped() > 0 && errors == 0) || errors > 20) __builtin_trap();
  if (errors > line_count(text)) __builtin_trap();
  if (returned + reader->skipped() > delimiters(text) + line_count(text)) __builtin_trap();
  return 0;
}
