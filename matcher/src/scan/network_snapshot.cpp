#include "scan/network_snapshot.h"

#include <algorithm>
#include <set>

#include "util/text.h"

namespace kbmatch::detail {

namespace {

constexpr std::uint32_t loopback = 0x7f000001;  // 127.0.0.1: the host routes of NT4-XP go through it
constexpr std::uint32_t host_mask = 0xffffffff;

std::string dotted(std::uint32_t ip) {
  return std::to_string(ip >> 24) + "." + std::to_string((ip >> 16) & 255) + "." + std::to_string((ip >> 8) & 255) +
         "." + std::to_string(ip & 255);
}

Evidence explained(Evidence e, const std::string& why) {
  e.text += ": " + why;
  return e;
}

}  // namespace

std::optional<std::uint32_t> parse_ipv4(std::string_view text) {
  text = trim(text);
  std::uint32_t ip = 0;
  for (int part = 0; part < 4; ++part) {
    std::size_t digits = 0;
    std::uint32_t v = 0;
    while (digits < text.size() && digits < 4 && text[digits] >= '0' && text[digits] <= '9') {
      v = v * 10 + static_cast<std::uint32_t>(text[digits] - '0');
      ++digits;
    }
    if (digits == 0 || digits > 3 || v > 255) return std::nullopt;
    ip = (ip << 8) | v;
    text.remove_prefix(digits);
    if (part < 3) {
      if (text.empty() || text.front() != '.') return std::nullopt;
      text.remove_prefix(1);
    }
  }
  if (!text.empty()) return std::nullopt;
  return ip;
}

bool NetworkSnapshot::add(const NetworkFact& fact, Evidence where) {
  switch (fact.kind) {
    case NetworkFact::Kind::configuration: has_configuration_ = true; return true;
    case NetworkFact::Kind::address: {
      const auto ip = parse_ipv4(fact.address);
      if (!ip || *ip == 0) return true;  // not an address anyone holds
      where.text = fact.adapter + ": " + fact.address + (fact.mask.empty() ? "" : " mask " + fact.mask);
      return insert({*ip, parse_ipv4(fact.mask).value_or(0), fact.adapter, std::move(where)});
    }
    case NetworkFact::Kind::route: {
      const auto dest = parse_ipv4(fact.address);
      const auto mask = parse_ipv4(fact.mask);
      if (!dest || !mask) return true;
      where.text = std::string(fact.persistent ? "persistent route " : "route ") + fact.address + " mask " + fact.mask +
                   " gateway " + fact.gateway + (fact.interface.empty() ? "" : " interface " + fact.interface) +
                   " metric " + std::to_string(fact.metric);
      return insert(Route{*dest, *mask, parse_ipv4(fact.interface), fact.gateway, fact.persistent, fact.metric,
                          std::move(where)});
    }
    case NetworkFact::Kind::none: break;
  }
  return true;
}

void NetworkSnapshot::merge(const NetworkSnapshot& other) {
  has_configuration_ = has_configuration_ || other.has_configuration_;
  for (const auto& a : other.addresses_) insert(a);
  for (const auto& r : other.routes_) insert(r);
}

std::vector<std::pair<NetworkFact, Evidence>> NetworkSnapshot::facts() const {
  std::vector<std::pair<NetworkFact, Evidence>> out;
  if (has_configuration_) {
    NetworkFact f;
    f.kind = NetworkFact::Kind::configuration;
    out.emplace_back(std::move(f), Evidence{});
  }
  for (const auto& a : addresses_) {
    NetworkFact f;
    f.kind = NetworkFact::Kind::address;
    f.adapter = a.adapter;
    f.address = dotted(a.ip);
    if (a.mask != 0) f.mask = dotted(a.mask);
    out.emplace_back(std::move(f), a.evidence);
  }
  for (const auto& r : routes_) {
    NetworkFact f;
    f.kind = NetworkFact::Kind::route;
    f.address = dotted(r.destination);
    f.mask = dotted(r.mask);
    f.gateway = r.gateway;
    if (r.interface) f.interface = dotted(*r.interface);
    f.metric = r.metric;
    f.persistent = r.persistent;
    out.emplace_back(std::move(f), r.evidence);
  }
  return out;
}

bool NetworkSnapshot::insert(Address a) {
  if (held_.count(a.ip)) return true;
  if (addresses_.size() + routes_.size() >= max_facts) return false;
  held_.insert(a.ip);
  addresses_.push_back(std::move(a));
  return true;
}

bool NetworkSnapshot::insert(Route r) {
  const std::int64_t interface = r.interface ? std::int64_t{*r.interface} : -1;
  const auto key = std::make_tuple(r.destination, r.mask, interface, r.gateway, r.persistent);
  if (route_keys_.count(key)) return true;
  if (addresses_.size() + routes_.size() >= max_facts) return false;
  route_keys_.insert(key);
  if (!r.persistent) active_routes_.emplace(r.destination, r.mask);
  routes_.push_back(std::move(r));
  return true;
}

bool NetworkSnapshot::holds(std::uint32_t ip) const {
  return ip == loopback || held_.count(ip) != 0;
}

bool NetworkSnapshot::has_active_route(std::uint32_t destination, std::uint32_t mask) const {
  return active_routes_.count({destination, mask}) != 0;
}

std::string NetworkSnapshot::held_list() const {
  if (addresses_.empty()) return "no adapter holds an address";
  std::string out = "the adapters hold ";
  for (std::size_t i = 0; i < addresses_.size(); ++i) out += (i ? ", " : "") + dotted(addresses_[i].ip);
  return out;
}

std::vector<std::vector<Evidence>> NetworkSnapshot::check(NetworkCheck::Kind kind) const {
  std::vector<std::vector<Evidence>> found;
  std::string held;  // held_list(), built once when a violation needs it
  switch (kind) {
    case NetworkCheck::Kind::route_interface_not_held:
      // Persistent routes name no interface; only the active table says where packets go.
      if (!has_configuration_) break;
      for (const auto& r : routes_) {
        if (r.persistent || !r.interface || holds(*r.interface)) continue;
        if (held.empty()) held = held_list();
        found.push_back({explained(
            r.evidence, "no adapter holds the interface address " + dotted(*r.interface) + " (" + held + ")")});
      }
      break;
    case NetworkCheck::Kind::address_without_host_route:
      if (!has_configuration_ || active_routes_.empty()) break;
      for (const auto& a : addresses_) {
        if (!has_active_route(a.ip, host_mask)) {
          found.push_back({explained(a.evidence, "the route table has no host route for this address")});
        }
      }
      break;
    case NetworkCheck::Kind::address_without_subnet_route:
      if (!has_configuration_ || active_routes_.empty()) break;
      for (const auto& a : addresses_) {
        if (a.mask == 0 || a.mask == host_mask) continue;
        if (!has_active_route(a.ip & a.mask, a.mask)) {
          found.push_back({explained(
              a.evidence, "the route table has no route to this address's subnet " + dotted(a.ip & a.mask))});
        }
      }
      break;
    case NetworkCheck::Kind::multihomed:
    case NetworkCheck::Kind::multiple_addresses: {
      std::set<std::string_view> adapters;
      for (const auto& a : addresses_) adapters.insert(a.adapter);
      const bool holds_it = kind == NetworkCheck::Kind::multihomed ? adapters.size() >= 2 : addresses_.size() >= 2;
      if (!holds_it) break;
      const std::string why = "one of " + std::to_string(addresses_.size()) + " addresses on " +
                              std::to_string(adapters.size()) + " adapter(s)";
      std::vector<Evidence> lines;
      for (const auto& a : addresses_) lines.push_back(explained(a.evidence, why));
      found.push_back(std::move(lines));
      break;
    }
  }
  return found;
}

}  // namespace kbmatch::detail
