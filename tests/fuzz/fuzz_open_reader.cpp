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
    // Refused: exactly one error says why (unrecognized text).
    if (diagnostics.count(Severity::error) != 1 || diagnostics.items().back().code != "E0402") __builtin_trap();
    return 0;
  }
  if (reader->format() == Format::unknown) __builtin_trap();
  const bool binary = reader->format() == Format::evtx || reader->format() == Format::evt;
  Event event;
  std::uint64_t returned = 0;
  while (reader->next(event)) {
    ++returned;
    if (!event.has_event_id || event.origin.file != 2) __builtin_trap();
    if (binary && event.origin.offset >= size) __builtin_trap();
  }
  if (reader->events() != returned) __builtin_trap();
  // Every error is a skip. A text reader skips one record per error; a binary reader may lose
  // several records to one damaged part (a chunk header says how many), reported once.
  const std::uint64_t errors = diagnostics.count(Severity::error);
  if (binary ? (errors > reader->skipped() || (errors == 0) != (reader->skipped() == 0))
             : errors != reader->skipped()) {
    __builtin_trap();
  }
  return 0;
}
