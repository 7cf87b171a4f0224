// Event model helpers: level names, timestamp formatting, hex rendering.
#include "kbmatch/event.h"

#include <array>
#include <cctype>
#include <cstdio>

#include "util/civil_time.h"
#include "util/text.h"

namespace kbmatch {

std::string_view level_name(Level level) {
  switch (level) {
    case Level::critical: return "critical";
    case Level::error: return "error";
    case Level::warning: return "warning";
    case Level::information: return "information";
    case Level::verbose: return "verbose";
    case Level::audit_success: return "audit_success";
    case Level::audit_failure: return "audit_failure";
    case Level::unknown: break;
  }
  return "";
}

Level parse_level(std::string_view text) {
  text = detail::trim(text);
  if (text.empty()) return Level::unknown;
  if (text.size() == 1 && text[0] >= '0' && text[0] <= '5') {
    // <Level> numbers; 0 (LogAlways) is shown as Information by Event Viewer.
    static constexpr std::array<Level, 6> by_number = {Level::information, Level::critical,    Level::error,
                                                       Level::warning,     Level::information, Level::verbose};
    return by_number[static_cast<std::size_t>(text[0] - '0')];
  }
  // English words as every era writes them, plus the most common localized ones seen in
  // exports (German, French, Spanish); anything else stays unknown rather than guessed.
  struct Word {
    std::string_view word;
    Level level;
  };
  static constexpr Word words[] = {
      {"error", Level::error},
      {"warning", Level::warning},
      {"information", Level::information},
      {"informational", Level::information},
      {"info", Level::information},
      {"critical", Level::critical},
      {"verbose", Level::verbose},
      {"success audit", Level::audit_success},
      {"audit success", Level::audit_success},
      {"failure audit", Level::audit_failure},
      {"audit failure", Level::audit_failure},
      {"audit_success", Level::audit_success},  // the spelling signatures and JSON output use
      {"audit_failure", Level::audit_failure},
      {"fehler", Level::error},
      {"warnung", Level::warning},
      {"informationen", Level::information},
      {"kritisch", Level::critical},
      {"erreur", Level::error},
      {"avertissement", Level::warning},
      {"critique", Level::critical},
      {"advertencia", Level::warning},
      {"información", Level::information},
  };
  for (const auto& w : words) {
    if (detail::iequals(text, w.word)) return w.level;
  }
  return Level::unknown;
}

std::string format_timestamp(const Timestamp& t) {
  if (!t.known()) return {};
  const std::int64_t secs = t.seconds();
  const std::int64_t frac = t.micros - secs * 1000000;
  const detail::CivilTime c = detail::civil_from_seconds(secs);
  char buf[48];
  int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", c.year, c.month, c.day, c.hour, c.minute,
                        c.second);
  std::string out(buf, static_cast<std::size_t>(n));
  if (frac != 0) {
    if (frac % 1000 == 0) {
      n = std::snprintf(buf, sizeof buf, ".%03lld", static_cast<long long>(frac / 1000));
    } else {
      n = std::snprintf(buf, sizeof buf, ".%06lld", static_cast<long long>(frac));
    }
    out.append(buf, static_cast<std::size_t>(n));
  }
  if (t.zone == Timestamp::Zone::utc) out += 'Z';
  return out;
}

void Event::clear() {
  kind = Kind::logged;
  time = {};
  computer.clear();
  log.clear();
  source.clear();
  event_id = 0;
  qualifiers = 0;
  has_event_id = false;
  level = Level::unknown;
  record = 0;
  has_record = false;
  category.clear();
  user.clear();
  strings.clear();
  string_names.clear();
  message.clear();
  data.clear();
  crash.clear();
  sample.clear();
  network.clear();
  origin = {};
}

void CounterSample::clear() {
  object.clear();
  instance.clear();
  counter.clear();
  value = 0;
  utc_offset_seconds = 0;
  has_utc_offset = false;
}

void NetworkFact::clear() {
  kind = Kind::none;
  adapter.clear();
  address.clear();
  mask.clear();
  gateway.clear();
  interface.clear();
  metric = 0;
  persistent = false;
}

std::string_view network_fact_kind_name(NetworkFact::Kind kind) {
  switch (kind) {
    case NetworkFact::Kind::configuration: return "configuration";
    case NetworkFact::Kind::address: return "address";
    case NetworkFact::Kind::route: return "route";
    case NetworkFact::Kind::none: break;
  }
  return "";
}

void CrashFacts::clear() {
  kind = Kind::none;
  app.clear();
  process.clear();
  pid = 0;
  has_pid = false;
  exception_code = 0;
  has_exception_code = false;
  exception_name.clear();
  function.clear();
  module.clear();
  fault_address.clear();
  fault_instruction.clear();
  frames.clear();
  modules.clear();
  os_version.clear();
  os_build.clear();
  service_pack.clear();
}

std::string_view crash_kind_name(CrashFacts::Kind kind) {
  switch (kind) {
    case CrashFacts::Kind::crash: return "crash";
    case CrashFacts::Kind::hang: return "hang";
    case CrashFacts::Kind::none: break;
  }
  return "";
}

std::string image_base_name(std::string_view path) {
  path = detail::trim(path);
  if (const std::size_t slash = path.find_last_of("\\/"); slash != std::string_view::npos) {
    path = path.substr(slash + 1);
  }
  if (const std::size_t dot = path.rfind('.'); dot != std::string_view::npos && dot > 0) {
    path = path.substr(0, dot);
  }
  return detail::to_lower(path);
}

std::optional<std::uint32_t> parse_exception_code(std::string_view text) {
  text = detail::trim(text);
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) text.remove_prefix(2);
  if (text.empty() || text.size() > 8) return std::nullopt;
  std::uint32_t v = 0;
  for (const char c : text) {
    const int d = detail::hex_digit(c);
    if (d < 0) return std::nullopt;
    v = (v << 4) | static_cast<std::uint32_t>(d);
  }
  return v;
}

void Event::add_string(std::string_view name, std::string_view value) {
  string_names.emplace_back(name);
  strings.emplace_back(value);
}

std::string to_hex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    out += digits[b >> 4];
    out += digits[b & 0xF];
  }
  return out;
}

}  // namespace kbmatch
