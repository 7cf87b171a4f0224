// Line splitting over decoded text, for the line-oriented exports (NT4 text, Vista CSV, wevtutil
// text). Keeps one block of text plus the current line in memory, never the file.
//
// A line longer than max_line_bytes is cut there (the rest up to its end is dropped) and reported
// as a warning, so one runaway line cannot exhaust memory.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "read/text_input.h"

namespace kbmatch::detail {

class LineReader {
 public:
  explicit LineReader(TextInput& input, std::string initial_text = {});

  // The next line without its terminator ("\n" or "\r\n"). The view stays valid until the next
  // call. Returns false at end of input.
  bool next(std::string_view& line);

  std::uint64_t line_number() const { return line_number_; }  // of the last line returned
  std::uint64_t line_offset() const { return line_offset_; }  // decoded offset of that line
  TextInput& input() { return input_; }

  static constexpr std::size_t max_line_bytes = 16 * 1024 * 1024;

 private:
  TextInput& input_;
  std::string buffer_;
  std::size_t pos_ = 0;
  std::uint64_t buffer_offset_ = 0;  // decoded offset of buffer_[0]
  std::uint64_t line_number_ = 0;
  std::uint64_t line_offset_ = 0;
  bool eof_ = false;
};

}  // namespace kbmatch::detail
