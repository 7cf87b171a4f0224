#include "scan/platform.h"

#include "compile/compiled_rules.h"
#include "util/text.h"

namespace kbmatch::detail {

namespace {

// "4.00.", "5.01", "6.1", "10.0." → (major, minor).
std::optional<std::pair<std::uint32_t, std::uint32_t>> parse_version(std::string_view text) {
  text = trim(text);
  if (!text.empty() && text.back() == '.') text.remove_suffix(1);
  const std::size_t dot = text.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const auto major = parse_uint(text.substr(0, dot));
  const auto minor = parse_uint(text.substr(dot + 1));
  if (!major || !minor || *major == 0 || *major > 99 || *minor > 99) return std::nullopt;
  return std::pair{static_cast<std::uint32_t>(*major), static_cast<std::uint32_t>(*minor)};
}

// The number in "Service Pack 6", "Service Pack 6a", "6"; nullopt when there is none.
std::optional<std::uint32_t> parse_service_pack(std::string_view text) {
  text = trim(text);
  if (const std::size_t at = find_icase(text, "service pack"); at != std::string_view::npos) {
    text = trim(text.substr(at + 12));
  }
  std::size_t digits = 0;
  while (digits < text.size() && digits < 3 && text[digits] >= '0' && text[digits] <= '9') ++digits;
  const auto sp = parse_uint(text.substr(0, digits));
  if (!sp || *sp > 20) return std::nullopt;
  return static_cast<std::uint32_t>(*sp);
}

// EventLog 6009: version, build and service pack as insertion strings, or in the rendered
// message of text exports. The service pack string is empty on a system without one.
std::optional<PlatformFact> from_6009(const Event& e) {
  PlatformFact p;
  p.rank = 3;
  p.source = "EventLog 6009";
  std::vector<std::string_view> words;
  if (!e.strings.empty()) {
    for (const auto& s : e.strings) words.push_back(trim(s));
  } else {
    std::string_view m = e.message;
    while (!m.empty()) {
      const std::string_view w = first_word(m);
      if (w.empty()) break;
      words.push_back(w);
      m = m.substr(static_cast<std::size_t>(w.data() + w.size() - m.data()));
    }
  }
  std::size_t at = 0;
  while (at < words.size() && !parse_version(words[at])) ++at;
  if (at == words.size()) return std::nullopt;
  std::tie(p.major, p.minor) = *parse_version(words[at]);
  if (at + 1 < words.size() && parse_uint(words[at + 1])) p.build = std::string(words[at + 1]);
  p.service_pack = 0;
  for (std::size_t k = at + 1; k < words.size(); ++k) {
    if (istarts_with(words[k], "service pack")) {  // one insertion string
      p.service_pack = parse_service_pack(words[k]);
      break;
    }
    if (iequals(words[k], "service") && k + 2 < words.size() && iequals(words[k + 1], "pack")) {  // message words
      p.service_pack = parse_service_pack(words[k + 2]);
      break;
    }
  }
  return p;
}

std::string product_name(std::uint32_t major, std::uint32_t minor) {
  const std::string v = std::to_string(major) + "." + std::to_string(minor);
  if (major == 4 && minor == 0) return "Windows NT 4.0";
  if (major == 5 && minor == 0) return "Windows 2000";
  if (major == 5 && minor == 1) return "Windows XP";
  if (major == 5 && minor == 2) return "Windows Server 2003";
  return "Windows " + v;
}

}  // namespace

bool PlatformFact::better_than(const PlatformFact& other) const {
  if (rank != other.rank) return rank > other.rank;
  if (service_pack.has_value() != other.service_pack.has_value()) return service_pack.has_value();
  return evidence.time.micros >= other.evidence.time.micros;
}

std::optional<PlatformFact> platform_fact(const Event& e) {
  if (e.kind == Event::Kind::network) {
    if (e.network.kind != NetworkFact::Kind::configuration) return std::nullopt;
    PlatformFact p;
    p.rank = 1;
    p.source = "ipconfig";
    const std::string_view banner = trim(e.message);
    if (find_icase(banner, "Windows NT") != std::string_view::npos) {
      p.major = 4;  // NT 3.51 writes the same banner; no article here is about 3.51
    } else if (find_icase(banner, "Windows 2000") != std::string_view::npos) {
      p.major = 5;
    } else {
      p.major = 5, p.minor = 1, p.or_later = true;  // XP and every later version
    }
    return p;
  }
  if (e.kind != Event::Kind::logged) return std::nullopt;
  if (e.has_event_id && e.event_id == 6009 && fold_source(e.source) == "eventlog") return from_6009(e);
  if (e.crash.present() && !e.crash.os_version.empty()) {
    const auto v = parse_version(e.crash.os_version);
    if (!v) return std::nullopt;
    PlatformFact p;
    p.rank = 2;
    p.source = "Dr. Watson";
    std::tie(p.major, p.minor) = *v;
    p.build = e.crash.os_build;
    if (!e.crash.service_pack.empty()) p.service_pack = parse_service_pack(e.crash.service_pack);
    return p;
  }
  return std::nullopt;
}

std::string describe_platform(const PlatformFact& p) {
  if (p.or_later) return product_name(p.major, p.minor) + " or later";
  std::string out = product_name(p.major, p.minor);
  if (!p.build.empty()) out += " build " + p.build;
  if (p.service_pack)
    out += *p.service_pack == 0 ? " without a service pack" : " Service Pack " + std::to_string(*p.service_pack);
  return out;
}

Gate check_applies(const AppliesTo& applies, const PlatformFact* p) {
  if (p == nullptr) return Gate::unconfirmed;
  bool maybe = false;
  for (const auto& sys : applies.systems) {
    const auto wanted = std::pair{sys.major, sys.minor};
    const auto told = std::pair{p->major, p->minor};
    if (p->or_later) {
      maybe = maybe || wanted >= told;
      continue;
    }
    if (wanted != told) continue;
    if (!sys.min_service_pack && !sys.max_service_pack) return Gate::applies;
    if (!p->service_pack) {
      maybe = true;
      continue;
    }
    if (sys.min_service_pack && *p->service_pack < *sys.min_service_pack) continue;
    if (sys.max_service_pack && *p->service_pack > *sys.max_service_pack) continue;
    return Gate::applies;
  }
  return maybe ? Gate::unconfirmed : Gate::excluded;
}

std::string describe_systems(const AppliesTo& applies) {
  std::string out;
  for (const auto& sys : applies.systems) {
    if (!out.empty()) out += ", ";
    out += product_name(sys.major, sys.minor);
    if (sys.min_service_pack && sys.max_service_pack) {
      out += " Service Pack " + std::to_string(*sys.min_service_pack) + " to " + std::to_string(*sys.max_service_pack);
    } else if (sys.min_service_pack) {
      out += " Service Pack " + std::to_string(*sys.min_service_pack) + " or later";
    } else if (sys.max_service_pack) {
      out += *sys.max_service_pack == 0 ? " without a service pack"
                                        : " before Service Pack " + std::to_string(*sys.max_service_pack + 1);
    }
  }
  return out;
}

}  // namespace kbmatch::detail
