// Shared plumbing of the binary log readers (.evtx, .evt): the positioned input, one way to
// report a damaged part (file and byte offset) so both readers count and word it alike, and the
// little-endian decoding both formats need.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "kbmatch/reader.h"
#include "read/binary_input.h"

namespace kbmatch::detail {

class BinaryReader : public Reader {
 protected:
  BinaryReader(Format f, std::unique_ptr<BinaryInput> input, const ReaderOptions& options, DiagnosticSink& diagnostics)
      : Reader(f), input_(std::move(input)), options_(options), diagnostics_(diagnostics) {}

  // Counts `records` damaged records and reports them at `offset`; the reader goes on.
  void skip_records(std::uint64_t offset, std::uint64_t records, std::string code, std::string message) {
    skipped_ += records;
    report(Severity::error, offset, std::move(code), std::move(message));
  }
  void skip_record(std::uint64_t offset, std::string code, std::string message) {
    skip_records(offset, 1, std::move(code), std::move(message) + " (record skipped)");
  }
  void warn(std::uint64_t offset, std::string code, std::string message) {
    report(Severity::warning, offset, std::move(code), std::move(message));
  }
  void note(std::uint64_t offset, std::string code, std::string message) {
    report(Severity::note, offset, std::move(code), std::move(message));
  }

  std::unique_ptr<BinaryInput> input_;
  ReaderOptions options_;
  DiagnosticSink& diagnostics_;

 private:
  void report(Severity s, std::uint64_t offset, std::string code, std::string message) {
    Diagnostic d = make_diagnostic(s, std::move(code), options_.display_name, std::move(message));
    d.offset = offset;
    diagnostics_.report(std::move(d));
  }
};

// Little-endian loads from a buffer the caller has bounds-checked.
inline std::uint16_t load_u16(const char* p) {
  std::uint8_t b[2];
  std::memcpy(b, p, 2);
  return static_cast<std::uint16_t>(b[0] | (b[1] << 8));
}
inline std::uint32_t load_u32(const char* p) {
  std::uint8_t b[4];
  std::memcpy(b, p, 4);
  return static_cast<std::uint32_t>(b[0]) | (static_cast<std::uint32_t>(b[1]) << 8) |
         (static_cast<std::uint32_t>(b[2]) << 16) | (static_cast<std::uint32_t>(b[3]) << 24);
}
inline std::uint64_t load_u64(const char* p) {
  return static_cast<std::uint64_t>(load_u32(p)) | (static_cast<std::uint64_t>(load_u32(p + 4)) << 32);
}

// Appends `units` UTF-16LE code units at `p` as UTF-8. Unpaired surrogates become U+FFFD;
// returns false when there was one. Stops at a NUL unit when `stop_at_nul`.
bool append_utf16le(std::string& out, const char* p, std::size_t units, bool stop_at_nul = false);

// "S-1-5-21-…" from a binary SID of `size` bytes; false (nothing appended) when it is damaged.
bool append_sid(std::string& out, const char* p, std::size_t size);

// A FILETIME (100 ns ticks since 1601-01-01 UTC) as a UTC Timestamp.
Timestamp filetime_to_timestamp(std::uint64_t filetime);

// Fixed-width lower-case hex with "0x" ("0x0000001f" for 31 in 8 digits), as evtxexport writes
// HexInt32/64 values and as diagnostics quote header fields.
void append_fixed_hex(std::string& out, std::uint64_t v, int digits);

// CRC-32 (IEEE, as zlib), which .evtx uses for its headers and chunk records.
std::uint32_t crc32(const char* p, std::size_t n, std::uint32_t crc = 0);

// Factories used by open_reader() once the magic is known. `head` holds the bytes the sniffer
// already took from the source.
std::unique_ptr<Reader> make_evtx_reader(std::unique_ptr<BinaryInput> input, const ReaderOptions& options,
                                         DiagnosticSink& diagnostics);
std::unique_ptr<Reader> make_evt_reader(std::unique_ptr<BinaryInput> input, const ReaderOptions& options,
                                        DiagnosticSink& diagnostics);

}  // namespace kbmatch::detail
