// Fuzz target: sniffing plus reading through open_reader, over any bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "kbmatch/diagnostic.h"
#include "kbmatch/event.h"
#include "kbmatch/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace kbmatch;
  DiagnosticList diagnostics;
  auto reader = open_reader(open_memory_source(std::string(reinterpret_cast<const char*>(data), size)),
                            ReaderOptions{"fuzz", 2}, diagnostics);
  if (!reader) {
    // Refused: exactly one error says why (unrecognized text or a binary log).
    if (diagnostics.count(Severity::error) != 1) __builtin_trap();
    const std::string& code = diagnostics.items().back().code;
    if (code != "E0402" && code != "E0403") __builtin_trap();
    return 0;
  }
  if (reader->format() == Format::unknown || reader->format() == Format::evtx || reader->format() == Format::evt) {
    __builtin_trap();
  }
  Event event;
  std::uint64_t returned = 0;
  while (reader->next(event)) {
    ++returned;
    if (!event.has_event_id || event.origin.file != 2) __builtin_trap();
  }
  if (reader->events() != returned) __builtin_trap();
  if (diagnostics.count(Severity::error) != reader->skipped()) __builtin_trap();
  return 0;
}
