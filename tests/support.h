// Helpers shared by the tests: run one reader over in-memory text and collect what it produced.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "kbmatch/diagnostic.h"
#include "kbmatch/event.h"
#include "kbmatch/reader.h"

namespace kbmatch::test {

struct ReadResult {
  Format format = Format::unknown;
  bool opened = false;
  std::vector<Event> events;
  std::uint64_t skipped = 0;
  DiagnosticList diagnostics;
};

// Sniffs and reads `bytes` as a whole file named `name`.
inline ReadResult read_all(const std::string& bytes, const std::string& name = "input") {
  ReadResult r;
  auto reader = open_reader(open_memory_source(bytes), ReaderOptions{name, 0}, r.diagnostics);
  if (!reader) return r;
  r.opened = true;
  r.format = reader->format();
  Event e;
  while (reader->next(e)) r.events.push_back(e);
  r.skipped = reader->skipped();
  return r;
}

// UTF-16LE bytes of an ASCII/UTF-8 string (BMP only), with an optional BOM.
inline std::string utf16le(const std::string& utf8, bool bom = true) {
  std::string out = bom ? std::string("\xFF\xFE") : std::string();
  for (std::size_t i = 0; i < utf8.size();) {
    unsigned char c = static_cast<unsigned char>(utf8[i]);
    std::uint32_t cp;
    int len;
    if (c < 0x80)
      cp = c, len = 1;
    else if ((c >> 5) == 6)
      cp = c & 0x1F, len = 2;
    else if ((c >> 4) == 14)
      cp = c & 0x0F, len = 3;
    else
      cp = c & 0x07, len = 4;
    for (int k = 1; k < len; ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + static_cast<std::size_t>(k)]) & 0x3F);
    i += static_cast<std::size_t>(len);
    out += static_cast<char>(cp & 0xFF);
    out += static_cast<char>((cp >> 8) & 0xFF);
  }
  return out;
}

inline bool has_diagnostic(const DiagnosticList& list, const std::string& code) {
  for (const auto& d : list.items()) {
    if (d.code == code) return true;
  }
  return false;
}

}  // namespace kbmatch::test
