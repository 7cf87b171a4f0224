// Small string helpers shared by every stage. ASCII-only case folding on purpose: source names,
// event labels and level words are ASCII in every export we read, and full Unicode folding would
// cost an allocation per comparison on the hot path.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kbmatch::detail {

inline char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

inline bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

inline bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

inline bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

// The first whitespace-delimited word of `s` ("" when it is blank).
inline std::string_view first_word(std::string_view s) {
  s = trim(s);
  std::size_t end = 0;
  while (end < s.size() && !is_space(s[end])) ++end;
  return s.substr(0, end);
}

// The longest prefix of `s` of at most `max` bytes that does not end inside a UTF-8 sequence, so
// a cut text stays valid UTF-8.
inline std::string_view utf8_prefix(std::string_view s, std::size_t max) {
  if (s.size() <= max) return s;
  while (max > 0 && (static_cast<unsigned char>(s[max]) & 0xC0) == 0x80) --max;
  return s.substr(0, max);
}

// Position of `needle` in `hay` ignoring ASCII case, or npos. An empty needle is found at 0.
std::size_t find_icase(std::string_view hay, std::string_view needle, std::size_t from = 0);

// Appends `s` in ASCII lower case: keys built per record reuse one buffer, with no temporary.
inline void append_lower(std::string& out, std::string_view s) {
  const std::size_t at = out.size();
  out.resize(at + s.size());
  for (std::size_t i = 0; i < s.size(); ++i) out[at + i] = ascii_lower(s[i]);
}

inline std::string to_lower(std::string_view s) {
  std::string out;
  append_lower(out, s);
  return out;
}

// Parses an unsigned decimal number that spans the whole of `s` (after trimming).
inline std::optional<std::uint64_t> parse_uint(std::string_view s) {
  s = trim(s);
  if (s.empty() || s.size() > 19) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return v;
}

// Value of a hex digit, or -1.
inline int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Parses "0x8010000000000000" (leading zeros may be dropped) as a 64-bit number.
inline std::optional<std::uint64_t> parse_hex_uint(std::string_view s) {
  s = trim(s);
  if (!s.starts_with("0x") && !s.starts_with("0X")) return std::nullopt;
  s.remove_prefix(2);
  if (s.empty() || s.size() > 16) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    const int d = hex_digit(c);
    if (d < 0) return std::nullopt;
    v = (v << 4) | static_cast<std::uint64_t>(d);
  }
  return v;
}

// Decodes hex digits, ignoring spaces, tabs, line breaks, commas and a leading "0x".
// Returns nullopt on any other character or an odd digit count.
std::optional<std::string> decode_hex(std::string_view hex);

// Replaces every maximal run of whitespace by one space and trims the ends.
std::string collapse_space(std::string_view s);

}  // namespace kbmatch::detail
