#include "read/line_reader.h"

namespace kbmatch::detail {

LineReader::LineReader(TextInput& input, std::string initial_text) : input_(input), buffer_(std::move(initial_text)) {}

bool LineReader::next(std::string_view& line) {
  bool truncated = false;
  std::uint64_t truncated_offset = 0;  // where the cut line began (its middle is dropped)
  for (;;) {
    const std::size_t nl = buffer_.find('\n', pos_);
    if (nl != std::string::npos || eof_) {
      if (nl == std::string::npos && pos_ >= buffer_.size()) return false;
      const std::size_t end = nl == std::string::npos ? buffer_.size() : nl;
      std::string_view text(buffer_.data() + pos_, end - pos_);
      if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
      line_offset_ = truncated ? truncated_offset : buffer_offset_ + pos_;
      ++line_number_;
      pos_ = nl == std::string::npos ? buffer_.size() : nl + 1;
      if (truncated) {
        Diagnostic d;
        d.severity = Severity::warning;
        d.code = "W0102";
        d.file = input_.name();
        d.line = line_number_;
        d.message = "line longer than " + std::to_string(max_line_bytes) + " bytes; the rest of it was ignored";
        input_.diagnostics().report(std::move(d));
        text = text.substr(0, max_line_bytes);
      }
      line = text;
      return true;
    }
    // Need more text: drop what was consumed, then read the next block.
    if (pos_ > 0) {
      buffer_.erase(0, pos_);
      buffer_offset_ += pos_;
      pos_ = 0;
    }
    if (buffer_.size() > max_line_bytes) {
      // Keep the head of the runaway line and discard the middle; buffer_offset_ stays such that
      // the bytes after the cut keep their true offsets.
      if (!truncated) truncated_offset = buffer_offset_;
      buffer_offset_ += buffer_.size() - max_line_bytes;
      buffer_.resize(max_line_bytes);
      truncated = true;
      std::string more;
      while (input_.read_more(more)) {
        const std::size_t n2 = more.find('\n');
        if (n2 != std::string::npos) {
          buffer_offset_ += n2;
          buffer_.append(more, n2, std::string::npos);
          break;
        }
        buffer_offset_ += more.size();
        more.clear();
      }
      if (buffer_.find('\n') == std::string::npos) eof_ = true;
      continue;
    }
    if (!input_.read_more(buffer_)) eof_ = true;
  }
}

}  // namespace kbmatch::detail
