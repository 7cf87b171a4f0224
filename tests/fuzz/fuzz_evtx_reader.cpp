// Fuzz target: the .evtx reader (file header, chunks, records, BinXML) over any bytes that start
// like an .evtx file, read once with random access and once as a pipe.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "kbmatch/diagnostic.h"
#include "kbmatch/event.h"
#include "kbmatch/reader.h"
#include "read/binary_reader.h"
#include "pipe_source.h"

namespace {

using namespace kbmatch;

struct Outcome {
  std::uint64_t events = 0;
  std::uint64_t skipped = 0;
};

Outcome read_all(std::unique_ptr<ByteSource> source, std::size_t size) {
  DiagnosticList diagnostics;
  auto reader = detail::make_evtx_reader(std::make_unique<detail::BinaryInput>(std::move(source), std::string()),
                                         ReaderOptions{"fuzz", 3}, diagnostics);
  Event event;
  Outcome out;
  while (reader->next(event)) {
    ++out.events;
    // What comes out is a complete event that points back into the input.
    if (!event.has_event_id || event.event_id > 0xFFFF || event.qualifiers > 0xFFFF || !event.has_record) {
      __builtin_trap();
    }
    if (event.origin.file != 3 || event.origin.line != 0 || event.origin.offset >= size) __builtin_trap();
    if (event.strings.size() != event.string_names.size()) __builtin_trap();
  }
  if (reader->events() != out.events || reader->next(event)) __builtin_trap();
  out.skipped = reader->skipped();
  // Every error stands for skipped records, and every skip was reported.
  const std::uint64_t errors = diagnostics.count(Severity::error);
  if (errors > out.skipped || (errors == 0) != (out.skipped == 0)) __builtin_trap();
  for (const Diagnostic& d : diagnostics.items()) {
    if (d.offset > size) __builtin_trap();
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Every input gets the file magic: the sniffer would send nothing else here.
  std::string bytes(reinterpret_cast<const char*>(data), size);
  if (bytes.size() < 8) bytes.resize(8, '\0');
  std::memcpy(bytes.data(), "ElfFile\0", 8);
  const Outcome file = read_all(open_memory_source(bytes), bytes.size());
  const Outcome pipe = read_all(std::make_unique<test::PipeSource>(bytes), bytes.size());
  // Order may differ (a pipe gives chunks in file order); what is read may not.
  if (file.events != pipe.events) __builtin_trap();
  return 0;
}
