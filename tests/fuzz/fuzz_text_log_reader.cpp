// Fuzz target: the reader of a program's own timestamped log alone, over any bytes, and the
// sniffer's test for the format.
//
// Beyond the shared checks (counts, diagnostics, origins), an entry starts on a line of its own,
// so there are never more records than lines, and every event must be what the reader promises:
// a known time, log "Text" with the file's name as source, no event ID, a trimmed message within
// its 64 KiB cap.
#include "reader_fuzz_support.h"
#include "util/text.h"

using namespace kbmatch;
using kbmatch::fuzz::decoded;
using kbmatch::fuzz::line_count;
using kbmatch::fuzz::read_everything;

namespace {

std::unique_ptr<Reader> make(std::unique_ptr<detail::TextInput> in, const ReaderOptions& o) {
  return detail::make_text_log_reader(std::move(in), {}, o);
}

void check_entries(const std::uint8_t* data, std::size_t size) {
  DiagnosticList diagnostics;
  auto input = std::make_unique<detail::TextInput>(
      open_memory_source(std::string(reinterpret_cast<const char*>(data), size)), "logs\\fuzz.log", diagnostics);
  auto reader = make(std::move(input), ReaderOptions{"logs\\fuzz.log", 1});
  Event e;
  std::uint64_t previous_line = 0;
  while (reader->next(e)) {
    if (e.log != "Text" || e.source != "fuzz.log" || e.has_event_id || e.has_record || !e.time.known()) {
      __builtin_trap();
    }
    if (e.message.size() > 64 * 1024 || detail::trim(e.message).size() != e.message.size()) __builtin_trap();
    if (e.origin.line <= previous_line) __builtin_trap();  // one entry per line, in order
    previous_line = e.origin.line;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = decoded(data, size);
  // At most one entry (good or skipped) per line.
  read_everything(data, size, line_count(text), make, /*require_event_id=*/false);
  check_entries(data, size);
  // The sniffer's test must hold on any text; its answer is not checked.
  static_cast<void>(detail::looks_like_text_log(text));
  return 0;
}
