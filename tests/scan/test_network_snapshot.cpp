// Network snapshot state checks on facts built in memory: what each check flags, when it cannot
// judge, and that duplicates count once.
#include <catch2/catch.hpp>

#include "scan/network_snapshot.h"

using namespace kbmatch;
using detail::NetworkSnapshot;

namespace {

NetworkFact address(const std::string& adapter, const std::string& ip, const std::string& mask) {
  NetworkFact f;
  f.kind = NetworkFact::Kind::address;
  f.adapter = adapter;
  f.address = ip;
  f.mask = mask;
  return f;
}

NetworkFact route(const std::string& dest, const std::string& mask, const std::string& gw, const std::string& iface,
                  bool persistent = false) {
  NetworkFact f;
  f.kind = NetworkFact::Kind::route;
  f.address = dest;
  f.mask = mask;
  f.gateway = gw;
  f.interface = iface;
  f.metric = 1;
  f.persistent = persistent;
  return f;
}

NetworkFact configuration() {
  NetworkFact f;
  f.kind = NetworkFact::Kind::configuration;
  return f;
}

Evidence at(std::uint64_t line) {
  Evidence e;
  e.file = "snapshot.txt";
  e.line = line;
  return e;
}

// A consistent multihomed NT4 host: two adapters, three addresses, every route TCP/IP adds.
NetworkSnapshot consistent() {
  NetworkSnapshot s;
  s.add(configuration(), at(1));
  s.add(address("Ethernet adapter Elnk31", "10.20.1.15", "255.255.255.0"), at(10));
  s.add(address("Ethernet adapter Elnk31", "10.20.1.40", "255.255.255.0"), at(12));
  s.add(address("Ethernet adapter E100B1", "192.168.50.15", "255.255.255.0"), at(20));
  s.add(address("Ethernet adapter NdisWan4", "0.0.0.0", "0.0.0.0"), at(25));  // holds nothing
  s.add(route("0.0.0.0", "0.0.0.0", "10.20.1.1", "10.20.1.15"), at(31));
  s.add(route("10.20.1.0", "255.255.255.0", "10.20.1.15", "10.20.1.15"), at(32));
  s.add(route("10.20.1.15", "255.255.255.255", "127.0.0.1", "127.0.0.1"), at(33));
  s.add(route("10.20.1.40", "255.255.255.255", "127.0.0.1", "127.0.0.1"), at(34));
  s.add(route("192.168.50.0", "255.255.255.0", "192.168.50.15", "192.168.50.15"), at(35));
  s.add(route("192.168.50.15", "255.255.255.255", "127.0.0.1", "127.0.0.1"), at(36));
  s.add(route("10.99.0.0", "255.255.0.0", "10.20.1.9", "", true), at(40));  // persistent: no interface
  return s;
}

}  // namespace

TEST_CASE("network: a consistent table shows no stale route and no missing route", "[network]") {
  const NetworkSnapshot s = consistent();
  CHECK(s.check(NetworkCheck::Kind::route_interface_not_held).empty());
  CHECK(s.check(NetworkCheck::Kind::address_without_host_route).empty());
  CHECK(s.check(NetworkCheck::Kind::address_without_subnet_route).empty());
}

TEST_CASE("network: a route through an address no adapter holds is flagged with its line", "[network]") {
  NetworkSnapshot s = consistent();
  s.add(route("10.20.2.0", "255.255.255.0", "10.20.1.41", "10.20.1.41"), at(37));
  const auto found = s.check(NetworkCheck::Kind::route_interface_not_held);
  REQUIRE(found.size() == 1);
  REQUIRE(found[0].size() == 1);
  CHECK(found[0][0].line == 37);
  CHECK(found[0][0].file == "snapshot.txt");
  CHECK_THAT(found[0][0].text, Catch::Contains("route 10.20.2.0 mask 255.255.255.0 gateway 10.20.1.41"));
  CHECK_THAT(found[0][0].text, Catch::Contains("no adapter holds the interface address 10.20.1.41"));
  CHECK_THAT(found[0][0].text, Catch::Contains("10.20.1.15, 10.20.1.40, 192.168.50.15"));
}

TEST_CASE("network: without an ipconfig output the adapters are unknown and nothing is judged", "[network]") {
  NetworkSnapshot s;
  s.add(route("10.20.2.0", "255.255.255.0", "10.20.1.41", "10.20.1.41"), at(3));
  CHECK(s.check(NetworkCheck::Kind::route_interface_not_held).empty());
  CHECK(s.check(NetworkCheck::Kind::address_without_host_route).empty());
}

TEST_CASE("network: missing host and subnet routes are flagged per address", "[network]") {
  NetworkSnapshot s;
  s.add(configuration(), at(1));
  s.add(address("Ethernet adapter A", "10.1.1.5", "255.255.255.0"), at(5));
  s.add(address("Ethernet adapter A", "10.1.2.5", "255.255.255.0"), at(7));
  s.add(route("10.1.1.0", "255.255.255.0", "10.1.1.5", "10.1.1.5"), at(20));
  s.add(route("10.1.1.5", "255.255.255.255", "127.0.0.1", "127.0.0.1"), at(21));
  const auto host = s.check(NetworkCheck::Kind::address_without_host_route);
  REQUIRE(host.size() == 1);
  CHECK(host[0][0].line == 7);
  const auto subnet = s.check(NetworkCheck::Kind::address_without_subnet_route);
  REQUIRE(subnet.size() == 1);
  CHECK_THAT(subnet[0][0].text, Catch::Contains("subnet 10.1.2.0"));
  // With no route table at all, missing routes cannot be judged.
  NetworkSnapshot bare;
  bare.add(configuration(), at(1));
  bare.add(address("Ethernet adapter A", "10.1.1.5", "255.255.255.0"), at(5));
  CHECK(bare.check(NetworkCheck::Kind::address_without_host_route).empty());
}

TEST_CASE("network: multihomed needs two adapters, multiple_addresses two addresses", "[network]") {
  NetworkSnapshot one;
  one.add(configuration(), at(1));
  one.add(address("Ethernet adapter A", "10.1.1.5", "255.255.255.0"), at(5));
  one.add(address("Ethernet adapter A", "10.1.1.6", "255.255.255.0"), at(7));
  CHECK(one.check(NetworkCheck::Kind::multihomed).empty());
  const auto several = one.check(NetworkCheck::Kind::multiple_addresses);
  REQUIRE(several.size() == 1);
  CHECK(several[0].size() == 2);  // every address line is evidence
  const auto two = consistent().check(NetworkCheck::Kind::multihomed);
  REQUIRE(two.size() == 1);
  CHECK(two[0].size() == 3);
  CHECK_THAT(two[0][0].text, Catch::Contains("one of 3 addresses on 2 adapter(s)"));
}

TEST_CASE("network: duplicate facts count once and merge keeps the first", "[network]") {
  NetworkSnapshot a = consistent();
  NetworkSnapshot b = consistent();  // the same outputs collected twice
  a.merge(b);
  CHECK(a.check(NetworkCheck::Kind::multihomed)[0].size() == 3);
  NetworkSnapshot routes_only;
  routes_only.add(route("10.20.2.0", "255.255.255.0", "10.20.1.41", "10.20.1.41"), at(9));
  a.merge(routes_only);  // route print in another file of the same computer
  CHECK(a.check(NetworkCheck::Kind::route_interface_not_held).size() == 1);
}

TEST_CASE("network: malformed addresses are no facts", "[network]") {
  CHECK(detail::parse_ipv4("10.1.1.5") == 0x0a010105u);
  CHECK_FALSE(detail::parse_ipv4("10.1.1"));
  CHECK_FALSE(detail::parse_ipv4("10.1.1.256"));
  CHECK_FALSE(detail::parse_ipv4("10.1.1.5.6"));
  CHECK_FALSE(detail::parse_ipv4("On-link"));
  CHECK_FALSE(detail::parse_ipv4("1000.1.1.1"));
  NetworkSnapshot s;
  s.add(configuration(), at(1));
  s.add(address("A", "fe80::1", ""), at(2));
  s.add(route("garbage", "255.0.0.0", "x", "10.0.0.1"), at(3));
  CHECK(s.check(NetworkCheck::Kind::multiple_addresses).empty());
  CHECK(s.check(NetworkCheck::Kind::route_interface_not_held).empty());
}
