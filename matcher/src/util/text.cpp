#include "util/text.h"

namespace kbmatch::detail {

std::size_t find_icase(std::string_view hay, std::string_view needle, std::size_t from) {
  if (needle.empty()) return from <= hay.size() ? from : std::string_view::npos;
  // Jump between the places where the needle's first character (in either case) stands.
  const char lower = ascii_lower(needle.front());
  const char upper = lower >= 'a' && lower <= 'z' ? static_cast<char>(lower - 'a' + 'A') : lower;
  const char firsts[] = {lower, upper};
  for (std::size_t i = hay.find_first_of(std::string_view(firsts, 2), from);
       i != std::string_view::npos && i + needle.size() <= hay.size();
       i = hay.find_first_of(std::string_view(firsts, 2), i + 1)) {
    if (iequals(hay.substr(i, needle.size()), needle)) return i;
  }
  return std::string_view::npos;
}

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
