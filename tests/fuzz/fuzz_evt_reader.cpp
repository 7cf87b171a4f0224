// Fuzz target: the legacy .evt reader alone, over any bytes, read twice: with random access (a
// file, the ring followed from its oldest record) and through a pipe (front to back). The shared
// reader_fuzz_support.h decodes text, which a binary log is not, so the checks live here.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>

#include "kbmatch/diagnostic.h"
#include "kbmatch/event.h"
#include "kbmatch/reader.h"
#include "read/binary_input.h"
#include "read/binary_reader.h"
#include "pipe_source.h"

namespace {

using namespace kbmatch;

void read_all(const std::string& bytes, bool pipe) {
  DiagnosticList diagnostics;
  std::unique_ptr<ByteSource> source;
  if (pipe) {
    source = std::make_unique<test::PipeSource>(bytes);
  } else {
    source = open_memory_source(bytes);
  }
  const ReaderOptions options{"fuzz", 1};
  auto reader = detail::make_evt_reader(std::make_unique<detail::BinaryInput>(std::move(source), std::string()),
                                        options, diagnostics);
  if (!reader || reader->format() != Format::evt) __builtin_trap();
  Event event;
  std::uint64_t returned = 0;
  while (reader->next(event)) {
    ++returned;
    // Every event is a whole record: numbered, with a 16-bit ID and its qualifiers, a UTC time,
    // and an offset inside the file past the header.
    if (!event.has_event_id || event.event_id > 0xFFFF || event.qualifiers > 0xFFFF || !event.has_record) {
      __builtin_trap();
    }
    if (event.record > 0xFFFFFFFFu || event.time.zone != Timestamp::Zone::utc) __builtin_trap();
    if (event.origin.file != 1 || event.origin.line != 0 || event.origin.offset < 0x30 ||
        event.origin.offset >= bytes.size()) {
      __builtin_trap();
    }
    if (event.strings.size() != event.string_names.size() || event.data.size() >= bytes.size()) __builtin_trap();
    if (!event.message.empty() || event.category.empty()) __builtin_trap();
  }
  if (reader->events() != returned) __builtin_trap();
  // After the end, the reader stays at the end.
  if (reader->next(event) || reader->events() != returned) __builtin_trap();
  // Every error reports skipped records, one or a stretch of them; nothing is skipped without one.
  const std::uint64_t record_errors = diagnostics.count(Severity::error);
  if (record_errors > reader->skipped() || (reader->skipped() > 0) != (record_errors > 0)) __builtin_trap();
  // A record takes at least 64 bytes; live records and recovered ones each fill the ring at most
  // once. A damaged stretch counts at most what the ring could hold.
  const std::uint64_t capacity = bytes.size() / 64 + 1;
  if (returned > 2 * capacity || reader->skipped() > record_errors * capacity) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  read_all(bytes, false);
  read_all(bytes, true);
  return 0;
}
