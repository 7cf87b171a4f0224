// Diagnostic formatting: the single place that decides how a problem is written.
#include "kbmatch/diagnostic.h"

#include <algorithm>

namespace kbmatch {

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::note: return "note";
    case Severity::warning: return "warning";
    case Severity::error: return "error";
  }
  return "error";
}

Diagnostic make_diagnostic(Severity severity, std::string code, std::string file, std::string message,
                           std::uint64_t line, std::uint64_t column) {
  Diagnostic d;
  d.severity = severity;
  d.code = std::move(code);
  d.file = std::move(file);
  d.line = line;
  d.column = column;
  d.message = std::move(message);
  return d;
}

std::string format_diagnostic(const Diagnostic& d) {
  std::string out = d.file.empty() ? std::string("kbmatch") : d.file;
  if (d.line != 0) {
    out += ':' + std::to_string(d.line);
    if (d.column != 0) out += ':' + std::to_string(d.column);
  } else if (d.offset != 0) {
    out += '@' + std::to_string(d.offset);
  }
  out += ": ";
  out += severity_name(d.severity);
  if (!d.code.empty()) out += '[' + d.code + ']';
  out += ": ";
  out += d.message;
  return out;
}

std::size_t DiagnosticList::count(Severity s) const {
  return static_cast<std::size_t>(
      std::count_if(items_.begin(), items_.end(), [s](const Diagnostic& d) { return d.severity == s; }));
}

}  // namespace kbmatch
