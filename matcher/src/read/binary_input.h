// Positioned reads over a ByteSource, for the binary log readers (.evtx, .evt).
//
// Both formats are read in pieces found through headers: .evtx chunk by chunk in record order,
// .evt from its oldest record around the ring. With a random-access source (a file) any offset
// can be read; with a pipe only forward, the bytes in between being skipped, and the readers
// then fall back to file order. Memory is what the caller asks for, never the whole input.
//
// Sharing: owned by one reader; not thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "kbmatch/reader.h"

namespace kbmatch::detail {

class BinaryInput {
 public:
  // `head` holds the first bytes of the input, already taken from `source` by the sniffer.
  BinaryInput(std::unique_ptr<ByteSource> source, std::string head)
      : source_(std::move(source)), head_(std::move(head)) {}

  bool random_access() const { return source_->random_access(); }
  // The input's size; without random access, known only once read() has met the end (0 before).
  std::uint64_t size() const { return random_access() ? source_->size() : (at_end_ ? position_ : 0); }

  // Reads up to n bytes at `offset` into `out` (resized to what was read) and returns the count;
  // fewer than n only at the end of input. Without random access `offset` must not lie behind
  // an earlier read's end: such a read returns 0.
  std::size_t read_at(std::uint64_t offset, std::size_t n, std::string& out);

 private:
  std::size_t read_forward(char* buffer, std::size_t n);

  std::unique_ptr<ByteSource> source_;
  std::string head_;
  std::uint64_t position_ = 0;  // sequential mode: bytes consumed from head_ + source_
  bool at_end_ = false;
};

}  // namespace kbmatch::detail
