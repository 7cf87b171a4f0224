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
