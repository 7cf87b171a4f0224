// Helpers for the reader tests (tests/read/): drive one reader directly over in-memory bytes,
// build UTF-16 inputs (surrogate pairs included), compute expected timestamps independently of
// the library, and list diagnostics compactly so tests can compare them exactly.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "kbmatch/diagnostic.h"
#include "kbmatch/event.h"
#include "kbmatch/reader.h"
#include "read/text_input.h"
#include "read/text_reader.h"

namespace kbmatch::readtest {

// What one reader produced over a whole input.
struct Run {
  Format format = Format::unknown;
  std::vector<Event> events;
  std::uint64_t counted = 0;  // Reader::events()
  std::uint64_t skipped = 0;  // Reader::skipped()
  DiagnosticList diagnostics;
};

inline constexpr std::uint32_t test_file_index = 7;

// Reads `bytes` with the reader `make` builds (one of the detail::make_*_reader factories, given
// the TextInput and the options), bypassing the sniffer. Diagnostics name the file "in.txt" and
// events carry origin.file == test_file_index.
template <class Make>
Run run_reader(const std::string& bytes, Make make) {
  Run r;
  auto input = std::make_unique<detail::TextInput>(open_memory_source(bytes), "in.txt", r.diagnostics);
  const ReaderOptions options{"in.txt", test_file_index};
  std::unique_ptr<Reader> reader = make(std::move(input), options);
  r.format = reader->format();
  Event e;
  while (reader->next(e)) r.events.push_back(e);
  r.counted = reader->events();
  r.skipped = reader->skipped();
  return r;
}

// The event IDs and first lines of the events a run (Run or test::ReadResult) produced, in order.
template <class Result>
std::vector<std::uint32_t> ids(const Result& r) {
  std::vector<std::uint32_t> out;
  for (const auto& e : r.events) out.push_back(e.event_id);
  return out;
}

template <class Result>
std::vector<std::uint64_t> lines(const Result& r) {
  std::vector<std::uint64_t> out;
  for (const auto& e : r.events) out.push_back(e.origin.line);
  return out;
}

// "E0201@12" (code @ line) for every diagnostic, in order, for exact comparisons.
inline std::vector<std::string> diag_codes(const DiagnosticList& list) {
  std::vector<std::string> out;
  for (const auto& d : list.items()) out.push_back(d.code + "@" + std::to_string(d.line));
  return out;
}

// Microseconds since 1970-01-01T00:00:00 of the given wall-clock time (std::chrono's calendar,
// independent of the library's civil_time code).
inline std::int64_t micros_of(int y, unsigned mo, unsigned d, int h, int mi, int s, std::int64_t us = 0) {
  using namespace std::chrono;
  const std::int64_t days = sys_days{year{y} / month{mo} / day{d}}.time_since_epoch().count();
  return (days * 86400 + h * 3600 + mi * 60 + s) * 1000000 + us;
}

// Decodes UTF-8 into code points (test inputs are valid UTF-8).
inline std::vector<std::uint32_t> code_points(const std::string& utf8) {
  std::vector<std::uint32_t> out;
  for (std::size_t i = 0; i < utf8.size();) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    std::uint32_t cp;
    std::size_t len;
    if (c < 0x80)
      cp = c, len = 1;
    else if ((c >> 5) == 6)
      cp = c & 0x1Fu, len = 2;
    else if ((c >> 4) == 14)
      cp = c & 0x0Fu, len = 3;
    else
      cp = c & 0x07u, len = 4;
    for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3Fu);
    out.push_back(cp);
    i += len;
  }
  return out;
}

// UTF-16 bytes (little- or big-endian) of a UTF-8 string, non-BMP characters as surrogate pairs.
inline std::string utf16(const std::string& utf8, bool little_endian, bool bom) {
  std::string out;
  auto unit = [&](std::uint32_t u) {
    const char lo = static_cast<char>(u & 0xFF), hi = static_cast<char>((u >> 8) & 0xFF);
    if (little_endian) {
      out += lo;
      out += hi;
    } else {
      out += hi;
      out += lo;
    }
  };
  if (bom) unit(0xFEFF);
  for (std::uint32_t cp : code_points(utf8)) {
    if (cp >= 0x10000) {
      unit(0xD800 + ((cp - 0x10000) >> 10));
      unit(0xDC00 + ((cp - 0x10000) & 0x3FF));
    } else {
      unit(cp);
    }
  }
  return out;
}

}  // namespace kbmatch::readtest
