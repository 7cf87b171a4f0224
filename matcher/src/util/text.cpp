#include "util/text.h"

namespace kbmatch::detail {

std::optional<std::string> decode_hex(std::string_view hex) {
  hex = trim(hex);
  if (hex.size() >= 2 && hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X')) hex.remove_prefix(2);
  std::string out;
  out.reserve(hex.size() / 2);
  int high = -1;
  for (char c : hex) {
    const int v = hex_digit(c);
    if (v < 0) {
      if (is_space(c) || c == ',') continue;
      return std::nullopt;
    }
    if (high < 0) {
      high = v;
    } else {
      out += static_cast<char>((high << 4) | v);
      high = -1;
    }
  }
  if (high >= 0) return std::nullopt;
  return out;
}

std::string collapse_space(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  for (char c : s) {
    if (is_space(c)) {
      pending_space = !out.empty();
    } else {
      if (pending_space) out += ' ';
      pending_space = false;
      out += c;
    }
  }
  return out;
}

}  // namespace kbmatch::detail
