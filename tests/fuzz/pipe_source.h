// A byte source that behaves like a pipe, for the tests and fuzz targets of the binary readers:
// read() only (no random access, so .evtx chunks and .evt records come in file order), and in
// short pieces, as a pipe delivers them.
#pragma once

#include <algorithm>
#include <cstring>
#include <string>

#include "kbmatch/reader.h"

namespace kbmatch::test {

class PipeSource final : public ByteSource {
 public:
  explicit PipeSource(std::string bytes, std::size_t piece = 4093) : bytes_(std::move(bytes)), piece_(piece) {}
  std::size_t read(char* buffer, std::size_t n) override {
    const std::size_t take = std::min({n, bytes_.size() - pos_, piece_});
    std::memcpy(buffer, bytes_.data() + pos_, take);
    pos_ += take;
    return take;
  }

 private:
  std::string bytes_;
  std::size_t piece_;
  std::size_t pos_ = 0;
};

}  // namespace kbmatch::test
