// Platform facts (EventLog 6009, Dr. Watson, ipconfig banners) and product gating.
#include <catch2/catch.hpp>

#include "scan/platform.h"

using namespace kbmatch;
using detail::check_applies;
using detail::Gate;
using detail::platform_fact;

namespace {

Event event_6009(std::vector<std::string> strings, std::string message = {}) {
  Event e;
  e.source = "EventLog";
  e.event_id = 6009;
  e.has_event_id = true;
  e.strings = std::move(strings);
  e.message = std::move(message);
  return e;
}

AppliesTo q287032() {
  AppliesTo a;
  SystemSpec nt4;
  nt4.major = 4;
  nt4.min_service_pack = 6;
  SystemSpec w2k;
  w2k.major = 5;
  w2k.max_service_pack = 3;
  a.systems = {nt4, w2k};
  return a;
}

}  // namespace

TEST_CASE("platform: EventLog 6009 from insertion strings and from the rendered message", "[platform]") {
  auto p = platform_fact(event_6009({"4.0", "1381", "Service Pack 6", "Uniprocessor Free"}));
  REQUIRE(p);
  CHECK(p->major == 4);
  CHECK(p->minor == 0);
  CHECK(p->build == "1381");
  CHECK(p->service_pack == 6u);
  CHECK(p->rank == 3);
  CHECK(describe_platform(*p) == "Windows NT 4.0 build 1381 Service Pack 6");

  p = platform_fact(event_6009({}, "Microsoft (R) Windows 2000 (R) 5.0 2195 Service Pack 2 Uniprocessor Free."));
  REQUIRE(p);
  CHECK(p->major == 5);
  CHECK(p->service_pack == 2u);

  // XP's "5.01." and no service pack at all (an empty string: none installed).
  p = platform_fact(event_6009({"5.01.", "2600", "", "Uniprocessor Free"}));
  REQUIRE(p);
  CHECK(p->minor == 1);
  CHECK(p->service_pack == 0u);
  CHECK(describe_platform(*p) == "Windows XP build 2600 without a service pack");

  p = platform_fact(event_6009({}, "Microsoft (R) Windows NT (R) 4.0 1381 Uniprocessor Free."));
  REQUIRE(p);
  CHECK(p->service_pack == 0u);

  CHECK_FALSE(platform_fact(event_6009({"garbage"})));
  Event other = event_6009({"4.0", "1381"});
  other.source = "Application Popup";
  CHECK_FALSE(platform_fact(other));
}

TEST_CASE("platform: Dr. Watson's system information and ipconfig's banner", "[platform]") {
  Event crash;
  crash.crash.kind = CrashFacts::Kind::crash;
  crash.crash.process = "rpcss";
  crash.crash.os_version = "4.0";
  crash.crash.os_build = "1381";
  auto p = platform_fact(crash);
  REQUIRE(p);
  CHECK(p->rank == 2);
  CHECK_FALSE(p->service_pack);
  crash.crash.service_pack = "Service Pack 6a";
  CHECK(platform_fact(crash)->service_pack == 6u);

  Event banner;
  banner.kind = Event::Kind::network;
  banner.network.kind = NetworkFact::Kind::configuration;
  banner.message = "Windows NT IP Configuration";
  CHECK(platform_fact(banner)->major == 4);
  banner.message = "Windows 2000 IP Configuration";
  CHECK(platform_fact(banner)->major == 5);
  banner.message = "Windows IP Configuration";
  p = platform_fact(banner);
  REQUIRE(p);
  CHECK(p->or_later);
  CHECK(describe_platform(*p) == "Windows XP or later");
}

TEST_CASE("platform: the most telling and latest fact wins", "[platform]") {
  auto banner = detail::PlatformFact{};
  banner.rank = 1;
  auto sixty09 = detail::PlatformFact{};
  sixty09.rank = 3;
  sixty09.service_pack = 4;
  sixty09.evidence.time.micros = 100;
  auto later = sixty09;
  later.service_pack = 6;
  later.evidence.time.micros = 200;
  CHECK(sixty09.better_than(banner));
  CHECK_FALSE(banner.better_than(sixty09));
  CHECK(later.better_than(sixty09));
  CHECK_FALSE(sixty09.better_than(later));
}

TEST_CASE("platform: gating by version and service pack range", "[platform]") {
  const AppliesTo a = q287032();
  detail::PlatformFact p;
  CHECK(check_applies(a, nullptr) == Gate::unconfirmed);
  p.major = 4, p.service_pack = 6;
  CHECK(check_applies(a, &p) == Gate::applies);
  p.service_pack = 5;
  CHECK(check_applies(a, &p) == Gate::excluded);
  p.service_pack.reset();
  CHECK(check_applies(a, &p) == Gate::unconfirmed);  // NT 4.0, service pack not told
  p.major = 5, p.service_pack = 3;
  CHECK(check_applies(a, &p) == Gate::applies);
  p.service_pack = 4;
  CHECK(check_applies(a, &p) == Gate::excluded);
  p.minor = 1, p.service_pack = 1;
  CHECK(check_applies(a, &p) == Gate::excluded);  // XP
  detail::PlatformFact xp_or_later;
  xp_or_later.major = 5, xp_or_later.minor = 1, xp_or_later.or_later = true;
  CHECK(check_applies(a, &xp_or_later) == Gate::excluded);
  AppliesTo any_xp;
  SystemSpec xp;
  xp.major = 5, xp.minor = 1;
  any_xp.systems = {xp};
  CHECK(check_applies(any_xp, &xp_or_later) == Gate::unconfirmed);
  CHECK(detail::describe_systems(a) == "Windows NT 4.0 Service Pack 6 or later, Windows 2000 before Service Pack 4");
}
