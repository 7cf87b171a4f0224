#include "read/text_input.h"

#include <array>
#include <cstring>

namespace kbmatch::detail {
namespace {

// Windows-1252 code points for bytes 0x80-0x9F; the rest of the range maps to Latin-1.
constexpr std::array<std::uint16_t, 32> cp1252_high = {0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                                       0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
                                                       0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                                       0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

std::uint32_t cp1252_to_unicode(unsigned char b) {
  if (b >= 0x80 && b <= 0x9F) return cp1252_high[b - 0x80];
  return b;
}

// Length of the valid UTF-8 sequence at s[0], 0 if invalid, -1 if it may be valid but is cut
// off by the end of `s`.
int utf8_sequence_length(std::string_view s) {
  const auto b0 = static_cast<unsigned char>(s[0]);
  if (b0 < 0x80) return 1;
  int len;
  std::uint32_t min;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2, min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3, min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4, min = 0x10000;
  } else {
    return 0;
  }
  std::uint32_t cp = b0 & (0x7F >> len);
  for (int i = 1; i < len; ++i) {
    if (static_cast<std::size_t>(i) >= s.size()) return -1;
    const auto b = static_cast<unsigned char>(s[static_cast<std::size_t>(i)]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

// UTF-8 unless the bytes say otherwise: text with no invalid sequence is UTF-8, and so is text
// whose valid multi-byte sequences are not drowned by invalid bytes (a UTF-8 export with a few
// stray bytes pasted in, which the decoder then reports). Legacy ANSI text has many invalid high
// bytes and only the odd accidental valid pair (German "ß”" is DF 94), so it stays ANSI.
bool looks_like_utf8(std::string_view s) {
  std::size_t i = 0, multibyte = 0, invalid = 0;
  while (i < s.size()) {
    const int len = utf8_sequence_length(s.substr(i));
    if (len < 0) break;  // cut by the sniff window
    if (len == 0) {
      ++invalid;
      ++i;
      continue;
    }
    multibyte += len > 1;
    i += static_cast<std::size_t>(len);
  }
  return invalid == 0 || multibyte * 4 > invalid;
}

}  // namespace

std::string_view encoding_name(Encoding e) {
  switch (e) {
    case Encoding::utf8: return "UTF-8";
    case Encoding::utf16le: return "UTF-16LE";
    case Encoding::utf16be: return "UTF-16BE";
    case Encoding::cp1252: return "Windows-1252";
  }
  return "?";
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

TextInput::TextInput(std::unique_ptr<ByteSource> source, std::string name, DiagnosticSink& diagnostics)
    : source_(std::move(source)), name_(std::move(name)), diagnostics_(diagnostics) {
  // Fill the sniff window; a pipe may deliver it in several reads.
  constexpr std::size_t head_size = 64 * 1024;
  raw_head_.resize(head_size);
  std::size_t have = 0;
  while (have < head_size) {
    const std::size_t got = source_->read(raw_head_.data() + have, head_size - have);
    if (got == 0) {
      eof_ = true;
      break;
    }
    have += got;
  }
  raw_head_.resize(have);
}

void TextInput::sniff() {
  if (sniffed_) return;
  sniffed_ = true;
  pending_ = raw_head_;
  std::string_view h = raw_head_;
  std::size_t bom = 0;
  if (h.starts_with("\xEF\xBB\xBF")) {
    encoding_ = Encoding::utf8, bom = 3;
  } else if (h.starts_with("\xFF\xFE")) {
    encoding_ = Encoding::utf16le, bom = 2;
  } else if (h.starts_with("\xFE\xFF")) {
    encoding_ = Encoding::utf16be, bom = 2;
  } else {
    // No BOM: UTF-16 text of these (mostly ASCII) exports has a NUL in every other byte.
    std::size_t even_nul = 0, odd_nul = 0;
    const std::size_t n = std::min<std::size_t>(h.size(), 4096) & ~std::size_t{1};
    for (std::size_t i = 0; i < n; i += 2) {
      even_nul += h[i] == '\0';
      odd_nul += h[i + 1] == '\0';
    }
    const std::size_t pairs = n / 2;
    if (pairs >= 2 && odd_nul * 10 >= pairs * 4 && even_nul * 10 < pairs) {
      encoding_ = Encoding::utf16le;
    } else if (pairs >= 2 && even_nul * 10 >= pairs * 4 && odd_nul * 10 < pairs) {
      encoding_ = Encoding::utf16be;
    } else {
      encoding_ = looks_like_utf8(h) ? Encoding::utf8 : Encoding::cp1252;
    }
  }
  had_bom_ = bom != 0;
  pending_.erase(0, bom);
  raw_offset_ = bom;
}

bool TextInput::read_more(std::string& out) {
  sniff();
  const std::size_t before = out.size();
  while (out.size() == before) {
    if (flushed_) return false;
    if (!eof_ && pending_.size() < block_size) {
      block_.resize(block_size);  // here, not up front: a binary log never reads through this
      const std::size_t got = source_->read(block_.data(), block_size);
      if (got == 0) {
        eof_ = true;
      } else {
        pending_.append(block_.data(), got);
      }
    }
    // At the end, one last decode consumes every pending byte and flushes what waited for a next
    // block that never came (a cut UTF-8 sequence, a lone high surrogate, an odd UTF-16 byte).
    decode(pending_, eof_, out);
    flushed_ = eof_;
  }
  return true;
}

void TextInput::warn_once(bool& flag, std::uint64_t offset, std::string message) {
  if (flag) return;
  flag = true;
  Diagnostic d;
  d.severity = Severity::warning;
  d.code = "W0101";
  d.file = name_;
  d.offset = offset;
  d.message = std::move(message);
  diagnostics_.report(std::move(d));
}

void TextInput::decode(std::string_view raw, bool at_end, std::string& out) {
  switch (encoding_) {
    case Encoding::utf8: decode_utf8(raw, at_end, out); break;
    case Encoding::cp1252: {
      for (unsigned char b : raw) append_utf8(out, cp1252_to_unicode(b));
      raw_offset_ += raw.size();
      pending_.clear();
      break;
    }
    case Encoding::utf16le:
    case Encoding::utf16be: decode_utf16(raw, at_end, out); break;
  }
}

void TextInput::decode_utf8(std::string_view raw, bool at_end, std::string& out) {
  std::size_t i = 0;
  std::size_t run_start = 0;  // valid bytes are copied in runs, not one by one
  while (i < raw.size()) {
    // ASCII fast path, eight bytes at a time: nearly all of an export is ASCII.
    while (i + 8 <= raw.size()) {
      std::uint64_t word;
      std::memcpy(&word, raw.data() + i, 8);
      if ((word & 0x8080808080808080ULL) != 0) break;
      i += 8;
    }
    if (i >= raw.size()) break;
    const auto b = static_cast<unsigned char>(raw[i]);
    if (b < 0x80) {
      ++i;
      continue;
    }
    const int len = utf8_sequence_length(raw.substr(i));
    if (len == 3 && raw.compare(i, 3, "\xEF\xBB\xBF") == 0) {
      // A BOM inside the text: exports joined with `copy /b a+b` or `cat`. It marks where the
      // next file began and is no character of the log, so it is dropped.
      out.append(raw.substr(run_start, i - run_start));
      i += 3;
      run_start = i;
      continue;
    }
    if (len > 0) {
      i += static_cast<std::size_t>(len);
      continue;
    }
    if (len < 0 && !at_end) break;  // finish this sequence with the next block
    out.append(raw.substr(run_start, i - run_start));
    warn_once(warned_utf8_, raw_offset_ + i,
              "invalid UTF-8 byte 0x" + to_hex(raw.substr(i, 1)) +
                  " decoded as Windows-1252 (later ones in this file are decoded the same way, unreported)");
    append_utf8(out, cp1252_to_unicode(b));
    ++i;
    run_start = i;
  }
  out.append(raw.substr(run_start, i - run_start));
  raw_offset_ += i;
  pending_.erase(0, i);
}

void TextInput::decode_utf16(std::string_view raw, bool at_end, std::string& out) {
  const bool le = encoding_ == Encoding::utf16le;
  std::size_t i = 0;
  for (; i + 1 < raw.size(); i += 2) {
    const auto b0 = static_cast<unsigned char>(raw[i]);
    const auto b1 = static_cast<unsigned char>(raw[i + 1]);
    const std::uint32_t unit = le ? (b0 | (b1 << 8)) : ((b0 << 8) | b1);
    if (high_surrogate_ != 0) {
      if (unit >= 0xDC00 && unit <= 0xDFFF) {
        append_utf8(out, 0x10000 + ((high_surrogate_ - 0xD800) << 10) + (unit - 0xDC00));
        high_surrogate_ = 0;
        continue;
      }
      warn_once(warned_utf16_, high_surrogate_offset_, "unpaired UTF-16 surrogate replaced by U+FFFD");
      append_utf8(out, 0xFFFD);
      high_surrogate_ = 0;
    }
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      high_surrogate_ = unit;
      high_surrogate_offset_ = raw_offset_ + i;
    } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
      warn_once(warned_utf16_, raw_offset_ + i, "unpaired UTF-16 surrogate replaced by U+FFFD");
      append_utf8(out, 0xFFFD);
    } else if (unit == 0xFEFF) {
      // The BOM of a second export joined to the first (see decode_utf8).
    } else {
      append_utf8(out, unit);
    }
  }
  if (at_end) {
    if (high_surrogate_ != 0) {
      warn_once(warned_utf16_, high_surrogate_offset_, "unpaired UTF-16 surrogate at end of input replaced by U+FFFD");
      append_utf8(out, 0xFFFD);
      high_surrogate_ = 0;
    }
    if (i < raw.size()) {
      warn_once(warned_utf16_, raw_offset_ + i, "odd trailing byte in UTF-16 input replaced by U+FFFD");
      append_utf8(out, 0xFFFD);
      i = raw.size();
    }
  }
  raw_offset_ += i;
  pending_.erase(0, i);
}

}  // namespace kbmatch::detail
