// Text decoding for every text export: sniffs the encoding from the first bytes and hands out
// UTF-8 in blocks, so readers only ever see UTF-8.
//
// Exports reach us as UTF-8 (with or without BOM), UTF-16LE (PowerShell 5.1, wevtutil /uni:true;
// with or without BOM), rarely UTF-16BE, or a legacy ANSI code page (NT4/2000 "Save As" text,
// redirected console output). Nothing is dropped: invalid UTF-8 bytes are decoded as
// Windows-1252 and unpaired UTF-16 surrogates become U+FFFD, each reported once per file as a
// warning with its byte offset.
//
// Sharing: owned by one reader; not thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "kbmatch/reader.h"

namespace kbmatch::detail {

enum class Encoding : std::uint8_t { utf8, utf16le, utf16be, cp1252 };

std::string_view encoding_name(Encoding e);

class TextInput {
 public:
  TextInput(std::unique_ptr<ByteSource> source, std::string name, DiagnosticSink& diagnostics);

  // Decodes the next block of input and appends it to `out`. Returns false at end of input
  // (nothing appended). Throws what the ByteSource throws.
  bool read_more(std::string& out);

  // The first raw bytes of the input (up to 64 KiB, BOM included), for sniffing binary formats.
  std::string_view raw_head() const { return raw_head_; }
  // For the binary logs, which sniffing recognized before any decoding: hands back the source
  // and the bytes already read from it (the raw head), and leaves this input empty.
  std::unique_ptr<ByteSource> release_source(std::string& head) {
    head = std::move(raw_head_);
    return std::move(source_);
  }
  Encoding encoding() {
    sniff();
    return encoding_;
  }
  bool had_bom() {
    sniff();
    return had_bom_;
  }
  const std::string& name() const { return name_; }
  DiagnosticSink& diagnostics() { return diagnostics_; }

  static constexpr std::size_t block_size = 256 * 1024;

 private:
  // Decides the encoding from the head, once, on first use: binary logs are recognized by their
  // magic and handed on undecoded, so they never pay for it.
  void sniff();
  void decode(std::string_view raw, bool at_end, std::string& out);
  void decode_utf8(std::string_view raw, bool at_end, std::string& out);
  void decode_utf16(std::string_view raw, bool at_end, std::string& out);
  void warn_once(bool& flag, std::uint64_t offset, std::string message);

  std::unique_ptr<ByteSource> source_;
  std::string name_;
  DiagnosticSink& diagnostics_;
  std::string raw_head_;
  std::string pending_;  // raw bytes not yet decoded (head, or a sequence split across blocks)
  std::string block_;
  std::uint64_t raw_offset_ = 0;  // offset of pending_[0] in the input
  std::uint32_t high_surrogate_ = 0;
  std::uint64_t high_surrogate_offset_ = 0;  // where the waiting high surrogate stands
  Encoding encoding_ = Encoding::utf8;
  bool had_bom_ = false;
  bool sniffed_ = false;
  bool eof_ = false;
  bool flushed_ = false;  // the final decode at end of input has run
  bool warned_utf8_ = false;
  bool warned_utf16_ = false;
};

// Appends the UTF-8 encoding of `cp` to `out`.
void append_utf8(std::string& out, std::uint32_t cp);

}  // namespace kbmatch::detail
