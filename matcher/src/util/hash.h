// FNV-1a, 64 bits: the fingerprint of an event's content (scan/seen_events.h) and the checksum of
// a saved scan state (scan/state_file.cpp). Not cryptographic: it tells damage and repeats
// apart, not tampering.
#pragma once

#include <cstdint>
#include <string_view>

namespace kbmatch::detail {

inline constexpr std::uint64_t fnv1a_basis = 0xcbf29ce484222325ULL;

inline std::uint64_t fnv1a(std::string_view bytes, std::uint64_t h = fnv1a_basis) {
  for (const unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

// Adds a field with its length first, so ("ab", "c") and ("a", "bc") differ.
inline std::uint64_t fnv1a_field(std::string_view field, std::uint64_t h) {
  const std::uint64_t n = field.size();
  h = fnv1a(std::string_view(reinterpret_cast<const char*>(&n), sizeof n), h);
  return fnv1a(field, h);
}

}  // namespace kbmatch::detail
