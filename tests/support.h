// Helpers shared by the tests: run one reader over in-memory text and collect what it produced.
#pragma once

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "kbmatch/diagnostic.h"
#include "kbmatch/event.h"
#include "kbmatch/reader.h"

namespace kbmatch::test {

// The whole of a file's bytes ("" when it cannot be read).
inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct ReadResult {
  Format format = Format::unknown;
  bool opened = false;
  std::vector<Event> events;
  std::uint64_t skipped = 0;
  DiagnosticList diagnostics;
};

// Sniffs and reads all of `source` as a file named `name`.
inline ReadResult read_all(std::unique_ptr<ByteSource> source, const std::string& name) {
  ReadResult r;
  auto reader = open_reader(std::move(source), ReaderOptions{name, 0}, r.diagnostics);
  if (!reader) return r;
  r.opened = true;
  r.format = reader->format();
  Event e;
  while (reader->next(e)) r.events.push_back(e);
  r.skipped = reader->skipped();
  return r;
}

// Sniffs and reads `bytes` as a whole file named `name`.
inline ReadResult read_all(const std::string& bytes, const std::string& name = "input") {
  return read_all(open_memory_source(bytes), name);
}

}  // namespace kbmatch::test
