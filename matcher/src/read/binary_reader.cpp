#include "read/binary_reader.h"

#include <array>

#include "read/text_input.h"

namespace kbmatch::detail {

bool append_utf16le(std::string& out, const char* p, std::size_t units, bool stop_at_nul) {
  bool clean = true;
  std::size_t i = 0;
  while (i < units) {
    // Runs of ASCII, nearly all of an event log's text, are copied in one step.
    std::size_t j = i;
    // Four units at a time while all four are ASCII and none is NUL, then one at a time.
    while (j + 4 <= units) {
      const std::uint64_t w = load_u64(p + 2 * j);
      const bool ascii = (w & 0xFF80FF80FF80FF80ULL) == 0;
      const bool has_nul = ((w - 0x0001000100010001ULL) & ~w & 0x8000800080008000ULL) != 0;
      if (!ascii || has_nul) break;
      j += 4;
    }
    while (j < units && p[2 * j + 1] == 0 && static_cast<std::uint8_t>(p[2 * j]) - 1u < 0x7Fu) ++j;
    if (j > i) {
      const std::size_t at = out.size();
      out.resize(at + (j - i));
      for (std::size_t k = i; k < j; ++k) out[at + (k - i)] = p[2 * k];
      i = j;
      continue;
    }
    const std::uint32_t unit = load_u16(p + 2 * i);
    if (unit == 0) {
      if (stop_at_nul) break;
      out += '\0';
    } else if (unit >= 0xD800 && unit <= 0xDBFF && i + 1 < units && load_u16(p + 2 * i + 2) >= 0xDC00 &&
               load_u16(p + 2 * i + 2) <= 0xDFFF) {
      append_utf8(out, 0x10000 + ((unit - 0xD800) << 10) + (load_u16(p + 2 * i + 2) - 0xDC00u));
      ++i;
    } else if (unit >= 0xD800 && unit <= 0xDFFF) {
      append_utf8(out, 0xFFFD);
      clean = false;
    } else {
      append_utf8(out, unit);
    }
    ++i;
  }
  return clean;
}

bool append_sid(std::string& out, const char* p, std::size_t size) {
  // Revision, sub-authority count, 48-bit big-endian authority, then 32-bit sub-authorities.
  if (size < 8) return false;
  const auto revision = static_cast<std::uint8_t>(p[0]);
  const auto count = static_cast<std::uint8_t>(p[1]);
  if (size < 8 + 4 * static_cast<std::size_t>(count)) return false;
  std::uint64_t authority = 0;
  for (int i = 2; i < 8; ++i) authority = (authority << 8) | static_cast<std::uint8_t>(p[i]);
  out += "S-";
  out += std::to_string(revision);
  out += '-';
  out += std::to_string(authority);
  for (std::size_t i = 0; i < count; ++i) {
    out += '-';
    out += std::to_string(load_u32(p + 8 + 4 * i));
  }
  return true;
}

Timestamp filetime_to_timestamp(std::uint64_t filetime) {
  // 11644473600 s between 1601-01-01 and 1970-01-01.
  constexpr std::int64_t epoch_difference_micros = 11644473600LL * 1000000;
  Timestamp t;
  t.micros = static_cast<std::int64_t>(filetime / 10) - epoch_difference_micros;
  t.zone = Timestamp::Zone::utc;
  return t;
}

void append_fixed_hex(std::string& out, std::uint64_t v, int digits) {
  static constexpr char hex[] = "0123456789abcdef";
  char buf[18] = {'0', 'x'};
  for (int i = digits - 1; i >= 0; --i, v >>= 4) buf[2 + i] = hex[v & 15];
  out.append(buf, static_cast<std::size_t>(digits) + 2);
}

namespace {

// Slicing-by-8 tables: eight bytes per step, which keeps checking a 64 KiB chunk well under the
// time it takes to parse it.
struct Crc32Tables {
  std::array<std::array<std::uint32_t, 256>, 8> t{};
  Crc32Tables() {
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[0][i] = c;
    }
    for (std::size_t s = 1; s < 8; ++s) {
      for (std::size_t i = 0; i < 256; ++i) t[s][i] = (t[s - 1][i] >> 8) ^ t[0][t[s - 1][i] & 0xFF];
    }
  }
};

}  // namespace

std::uint32_t crc32(const char* p, std::size_t n, std::uint32_t crc) {
  static const Crc32Tables tables;
  const auto& t = tables.t;
  crc = ~crc;
  while (n >= 8) {
    const std::uint32_t lo = load_u32(p) ^ crc;
    const std::uint32_t hi = load_u32(p + 4);
    crc = t[7][lo & 0xFF] ^ t[6][(lo >> 8) & 0xFF] ^ t[5][(lo >> 16) & 0xFF] ^ t[4][lo >> 24] ^ t[3][hi & 0xFF] ^
          t[2][(hi >> 8) & 0xFF] ^ t[1][(hi >> 16) & 0xFF] ^ t[0][hi >> 24];
    p += 8;
    n -= 8;
  }
  while (n-- > 0) crc = t[0][(crc ^ static_cast<std::uint8_t>(*p++)) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

}  // namespace kbmatch::detail
