// Diagnostics: how every stage reports bad input without crashing.
//
// Readers report a damaged record and go on; the signature loader reports every problem it finds
// before refusing to start. Both go through a DiagnosticSink so the library never writes to a
// terminal itself (the CLI decides how to print them).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kbmatch {

enum class Severity : std::uint8_t { note, warning, error };

std::string_view severity_name(Severity s);

struct Diagnostic {
  Severity severity = Severity::error;
  std::string code;          // stable identifier, e.g. "E0203" (see README's table)
  std::string file;          // display name of the input or signature file
  std::uint64_t line = 0;    // 1-based; 0 when the position is a byte offset instead
  std::uint64_t column = 0;  // 1-based; 0 when unknown
  std::uint64_t offset = 0;  // byte offset, for binary input or when no line is known
  std::string message;
};

// The common case in one call: a problem at a line (and column) of a file, or at none.
Diagnostic make_diagnostic(Severity severity, std::string code, std::string file, std::string message,
                           std::uint64_t line = 0, std::uint64_t column = 0);

// "file:line:col: error[E0203]: message" (line/col omitted when unknown, "file@offset" for
// binary positions), the one form every diagnostic is printed in.
std::string format_diagnostic(const Diagnostic& d);

class DiagnosticSink {
 public:
  virtual ~DiagnosticSink() = default;
  virtual void report(Diagnostic d) = 0;
};

// Keeps every diagnostic it is given; used by tests and by the CLI to print them in its format.
class DiagnosticList final : public DiagnosticSink {
 public:
  void report(Diagnostic d) override { items_.push_back(std::move(d)); }
  const std::vector<Diagnostic>& items() const { return items_; }
  std::size_t count(Severity s) const;
  void clear() { items_.clear(); }

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace kbmatch
