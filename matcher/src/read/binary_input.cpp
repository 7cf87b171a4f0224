#include "read/binary_input.h"

#include <algorithm>
#include <cstring>

namespace kbmatch::detail {

std::size_t BinaryInput::read_forward(char* buffer, std::size_t n) {
  std::size_t have = 0;
  if (position_ < head_.size()) {
    have = std::min<std::size_t>(n, head_.size() - position_);
    if (buffer != nullptr) std::memcpy(buffer, head_.data() + position_, have);
    position_ += have;
  }
  char discard[4096];
  while (have < n && !at_end_) {
    const std::size_t want = buffer != nullptr ? n - have : std::min(n - have, sizeof discard);
    const std::size_t got = source_->read(buffer != nullptr ? buffer + have : discard, want);
    if (got == 0) {
      at_end_ = true;
      break;
    }
    have += got;
    position_ += got;
  }
  return have;
}

std::size_t BinaryInput::read_at(std::uint64_t offset, std::size_t n, std::string& out) {
  out.resize(n);
  std::size_t got = 0;
  if (random_access()) {
    got = source_->read_at(offset, out.data(), n);
  } else if (offset >= position_) {
    // Skip to the offset (the sniffer's head first, then the source), then read.
    while (position_ < offset && !at_end_) {
      const std::uint64_t gap = offset - position_;
      if (read_forward(nullptr, static_cast<std::size_t>(std::min<std::uint64_t>(gap, 1 << 20))) == 0) break;
    }
    if (position_ == offset) got = read_forward(out.data(), n);
  }
  out.resize(got);
  return got;
}

}  // namespace kbmatch::detail
