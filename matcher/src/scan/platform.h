// What the logs tell about a computer's Windows version and service pack, and product gating:
// whether an article applies to that system.
//
// Three sources, from most to least telling:
// - EventLog 6009, written at every boot: "Microsoft (R) Windows NT (R) 4.0 1381 Service Pack 6
//   Uniprocessor Free." (version, build, service pack; an empty service pack means none);
// - Dr. Watson's system information (version, build, sometimes the service pack);
// - ipconfig's banner: "Windows NT IP Configuration" (NT 4.0), "Windows 2000 IP Configuration",
//   "Windows IP Configuration" (XP or later, version not told).
// A computer's platform is the most telling fact, the latest one among equals (6009 is logged
// at each boot, so the latest is the system after any upgrade).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "kbmatch/event.h"
#include "kbmatch/finding.h"
#include "kbmatch/signature.h"

namespace kbmatch::detail {

struct PlatformFact {
  std::uint32_t major = 0, minor = 0;
  bool or_later = false;  // the version is a lower bound ("Windows IP Configuration": 5.1 or later)
  std::string build;
  std::optional<std::uint32_t> service_pack;
  int rank = 0;        // how much the source tells: 3 EventLog 6009, 2 Dr. Watson, 1 ipconfig
  std::string source;  // "EventLog 6009", "Dr. Watson", "ipconfig"
  Evidence evidence;   // where the logs say it (filled by the scanner)

  // Whether this fact should replace `other` as the computer's platform.
  bool better_than(const PlatformFact& other) const;
};

// The platform an event tells, if it tells one (a 6009, a crash report with system information,
// an ipconfig banner record).
std::optional<PlatformFact> platform_fact(const Event& event);

// "Windows NT 4.0 build 1381 Service Pack 6", "Windows XP or later".
std::string describe_platform(const PlatformFact& p);

enum class Gate : std::uint8_t {
  applies,      // the logs' system is one the article applies to
  unconfirmed,  // the logs do not tell enough (no platform, or no service pack where it matters)
  excluded,     // the logs' system is not one the article applies to
};

Gate check_applies(const AppliesTo& applies, const PlatformFact* platform);

// "Windows NT 4.0 Service Pack 6 or later, Windows 2000 up to Service Pack 3"
std::string describe_systems(const AppliesTo& applies);

}  // namespace kbmatch::detail
