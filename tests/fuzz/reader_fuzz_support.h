// Shared by the reader fuzz targets: decode the input, run one reader over it to the end, and
// trap on any inconsistency in what it reports (counts, diagnostics, event fields).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "kbmatch/diagnostic.h"
#include "kbmatch/event.h"
#include "kbmatch/reader.h"
#include "read/text_input.h"
#include "read/text_reader.h"

namespace kbmatch::fuzz {

// The whole input as the readers see it (decoded to UTF-8).
inline std::string decoded(const std::uint8_t* data, std::size_t size) {
  DiagnosticList ignored;
  detail::TextInput input(open_memory_source(std::string(reinterpret_cast<const char*>(data), size)), "fuzz", ignored);
  std::string text;
  while (input.read_more(text)) {
  }
  return text;
}

// Decodes the bytes with TextInput, reads every event with the reader `make` builds, and traps
// when the reader's counts disagree with what came out, an event is malformed, or more records
// were counted (events + skipped) than `max_records` allows for the decoded text. Formats whose
// records carry no event ID (Dr. Watson's log) pass require_event_id = false.
template <class Make>
void read_everything(const std::uint8_t* data, std::size_t size, std::uint64_t max_records, Make make,
                     bool require_event_id = true) {
  DiagnosticList diagnostics;
  auto input = std::make_unique<detail::TextInput>(
      open_memory_source(std::string(reinterpret_cast<const char*>(data), size)), "fuzz", diagnostics);
  const ReaderOptions options{"fuzz", 1};
  std::unique_ptr<Reader> reader = make(std::move(input), options);
  Event event;
  std::uint64_t returned = 0;
  while (reader->next(event)) {
    ++returned;
    // Every event that comes out carries a 16-bit ID (where the format has one) and points back
    // into the input.
    if ((require_event_id && !event.has_event_id) || event.event_id > 0xFFFF || event.qualifiers > 0xFFFF) {
      __builtin_trap();
    }
    if (event.origin.file != 1 || event.origin.line == 0 || event.origin.offset > size * 3) __builtin_trap();
    if (event.strings.size() != event.string_names.size()) __builtin_trap();
  }
  if (reader->events() != returned) __builtin_trap();
  // After the end, the reader stays at the end.
  if (reader->next(event) || reader->events() != returned) __builtin_trap();
  // Every skipped record was reported as an error, and only skipped records are errors.
  if (diagnostics.count(Severity::error) != reader->skipped()) __builtin_trap();
  if (returned + reader->skipped() > max_records) __builtin_trap();
}

// Lines of the decoded text: a bound on the records a line-oriented reader may count.
inline std::uint64_t line_count(const std::string& text) {
  std::uint64_t n = 0;
  for (char c : text) n += c == '\n';
  return n + 1;
}

}  // namespace kbmatch::fuzz
