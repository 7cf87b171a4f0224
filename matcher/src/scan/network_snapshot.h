// One computer's network snapshot, assembled from the facts of its ipconfig /all and route print
// outputs (in one file or several), and the state checks signatures run over it.
//
// The checks compare what the adapters hold with what the route table uses. They only run when
// they can be judged: a check about adapters needs an ipconfig output of the computer (its
// banner was read), a check about routes needs a route table. Duplicate facts (the same output
// collected twice) count once.
//
// Sharing: owned by the scanner's per-computer state; not thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "kbmatch/event.h"
#include "kbmatch/finding.h"
#include "kbmatch/signature.h"

namespace kbmatch::detail {

// "10.1.1.5" → 0x0a010105; nullopt unless four decimal parts of 0-255.
std::optional<std::uint32_t> parse_ipv4(std::string_view text);

class NetworkSnapshot {
 public:
  // Takes one fact (an Event of Kind::network); `where` is its evidence, text still empty.
  // Returns false when the fact was dropped because the snapshot is full (see max_facts).
  bool add(const NetworkFact& fact, Evidence where);

  // One entry per violation found; each holds the evidence lines that show it, with their text
  // saying what is wrong.
  std::vector<std::vector<Evidence>> check(NetworkCheck::Kind kind) const;

  // Adds every fact of `other` (another file of the same computer).
  void merge(const NetworkSnapshot& other);

  // Every fact it holds, with where it was read (the banner, then the addresses and the routes,
  // each in the order read): add() of each rebuilds an equal snapshot (how a saved state keeps it).
  std::vector<std::pair<NetworkFact, Evidence>> facts() const;

  bool empty() const { return addresses_.empty() && routes_.empty() && !has_configuration_; }

  // Beyond this many addresses plus routes per computer, facts are dropped (with one note from
  // the scanner): a real machine has tens, so this only stops a pathological input.
  static constexpr std::size_t max_facts = 100000;

 private:
  struct Address {
    std::uint32_t ip = 0, mask = 0;
    std::string adapter;
    Evidence evidence;
  };
  struct Route {
    std::uint32_t destination = 0, mask = 0;
    std::optional<std::uint32_t> interface;
    std::string gateway;
    bool persistent = false;
    std::uint32_t metric = 0;
    Evidence evidence;
  };

  // Keep the first of duplicate facts; false when the snapshot is full.
  bool insert(Address a);
  bool insert(Route r);
  bool holds(std::uint32_t ip) const;
  bool has_active_route(std::uint32_t destination, std::uint32_t mask) const;
  std::string held_list() const;

  bool has_configuration_ = false;  // an ipconfig output was read: the adapters' addresses are known
  std::vector<Address> addresses_;  // in the order read: the evidence order
  std::vector<Route> routes_;
  // Indexes over the two lists, so duplicates and lookups cost O(log n) even for a pathological
  // snapshot of max_facts entries.
  std::set<std::uint32_t> held_;
  std::set<std::tuple<std::uint32_t, std::uint32_t, std::int64_t, std::string, bool>> route_keys_;
  std::set<std::pair<std::uint32_t, std::uint32_t>> active_routes_;  // (destination, mask), not persistent
};

}  // namespace kbmatch::detail
