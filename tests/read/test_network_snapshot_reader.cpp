// Network configuration snapshots: `ipconfig /all` and `route print` output, NT4 to current
// Windows, one or both per file, with prompts and notes around them. One record per fact: the
// ipconfig banner (configuration), each IPv4 address an adapter holds, each IPv4 route row.
#include <catch2/catch.hpp>

#include "read_helpers.h"
#include "support.h"

using namespace kbmatch;
using readtest::diag_codes;
using readtest::lines;
using Codes = std::vector<std::string>;
using Strings = std::vector<std::string>;

namespace {

readtest::Run read_net(const std::string& bytes) {
  return readtest::run_reader(bytes, [](std::unique_ptr<detail::TextInput> in, const ReaderOptions& o) {
    return detail::make_network_snapshot_reader(std::move(in), {}, o);
  });
}

// One line per record, for exact comparisons of everything a record says:
//   "config|<banner>|<computer>@<line>"
//   "address|<adapter>|<address>|<mask>|<computer>@<line>"
//   "route|<destination>|<mask>|<gateway>|<interface>|<metric>|active or persistent|<computer>@<line>"
template <class Result>
Strings facts(const Result& r) {
  Strings out;
  for (const Event& e : r.events) {
    const NetworkFact& n = e.network;
    const std::string at = "|" + e.computer + "@" + std::to_string(e.origin.line);
    switch (n.kind) {
      case NetworkFact::Kind::configuration: out.push_back("config|" + e.message + at); break;
      case NetworkFact::Kind::address:
        out.push_back("address|" + n.adapter + "|" + n.address + "|" + n.mask + at);
        break;
      case NetworkFact::Kind::route:
        out.push_back("route|" + n.address + "|" + n.mask + "|" + n.gateway + "|" + n.interface + "|" +
                      std::to_string(n.metric) + "|" + (n.persistent ? "persistent" : "active") + at);
        break;
      case NetworkFact::Kind::none: out.push_back("none" + at); break;
    }
  }
  return out;
}

// What every record of this reader shares: an observation, not a logged event.
template <class Result>
void check_common(const Result& r, std::uint32_t file_index) {
  for (const Event& e : r.events) {
    INFO("line " << e.origin.line);
    CHECK(e.kind == Event::Kind::network);
    CHECK_FALSE(e.has_event_id);
    CHECK(e.event_id == 0);
    CHECK_FALSE(e.time.known());
    CHECK(e.level == Level::unknown);
    CHECK(e.source.empty());
    CHECK(e.log.empty());
    CHECK(e.strings.empty());
    CHECK_FALSE(e.crash.present());
    CHECK(e.origin.file == file_index);
    if (e.network.kind != NetworkFact::Kind::configuration) CHECK(e.message.empty());
  }
}

std::string lf_only(const std::string& crlf) {
  std::string lf;
  for (char c : crlf) {
    if (c != '\r') lf += c;
  }
  return lf;
}

// NT 4.0: `ipconfig /all`, then `route print` of an early service pack (no Interface List, the
// "Network Address" column line), pasted one after the other without prompts.
const std::string nt4 =
    "Windows NT IP Configuration\r\n"                                                    // 1
    "\r\n"                                                                               // 2
    "        Host Name . . . . . . . . . : srv01.corp.example.com\r\n"                   // 3
    "        DNS Servers . . . . . . . . : 10.1.1.2\r\n"                                 // 4
    "                                      10.1.1.3\r\n"                                 // 5
    "        Node Type . . . . . . . . . : Hybrid\r\n"                                   // 6
    "        NetBIOS Scope ID. . . . . . : \r\n"                                         // 7
    "        IP Routing Enabled. . . . . : No\r\n"                                       // 8
    "        WINS Proxy Enabled. . . . . : No\r\n"                                       // 9
    "        NetBIOS Resolution Uses DNS : No\r\n"                                       // 10
    "\r\n"                                                                               // 11
    "Ethernet adapter Elnk31 :\r\n"                                                      // 12
    "\r\n"                                                                               // 13
    "        Description . . . . . . . . : ELNK3 Ethernet Adapter.\r\n"                  // 14
    "        Physical Address. . . . . . : 00-20-AF-12-34-56\r\n"                        // 15
    "        DHCP Enabled. . . . . . . . : No\r\n"                                       // 16
    "        IP Address. . . . . . . . . : 10.1.1.5\r\n"                                 // 17
    "        Subnet Mask . . . . . . . . : 255.255.255.0\r\n"                            // 18
    "        IP Address. . . . . . . . . : 10.1.2.5\r\n"                                 // 19
    "        Subnet Mask . . . . . . . . : 255.255.255.0\r\n"                            // 20
    "        Default Gateway . . . . . . : 10.1.1.1\r\n"                                 // 21
    "        Primary WINS Server . . . . : 10.1.1.2\r\n"                                 // 22
    "\r\n"                                                                               // 23
    "Ethernet adapter NdisWan4 :\r\n"                                                    // 24
    "\r\n"                                                                               // 25
    "        Description . . . . . . . . : NdisWan Adapter\r\n"                          // 26
    "        Physical Address. . . . . . : 00-00-00-00-00-00\r\n"                        // 27
    "        DHCP Enabled. . . . . . . . : No\r\n"                                       // 28
    "        IP Address. . . . . . . . . : 0.0.0.0\r\n"                                  // 29
    "        Subnet Mask . . . . . . . . : 0.0.0.0\r\n"                                  // 30
    "        Default Gateway . . . . . . : \r\n"                                         // 31
    "\r\n"                                                                               // 32
    "Active Routes:\r\n"                                                                 // 33
    "\r\n"                                                                               // 34
    "  Network Address          Netmask  Gateway Address        Interface  Metric\r\n"   // 35
    "          0.0.0.0          0.0.0.0         10.1.1.1         10.1.1.5       1\r\n"   // 36
    "         10.1.1.0    255.255.255.0         10.1.1.5         10.1.1.5       1\r\n"   // 37
    "         10.1.1.5  255.255.255.255        127.0.0.1        127.0.0.1       1\r\n"   // 38
    "        127.0.0.0        255.0.0.0        127.0.0.1        127.0.0.1       1\r\n"   // 39
    "  255.255.255.255  255.255.255.255         10.1.1.5         10.1.1.5       1\r\n";  // 40

const Strings nt4_facts = {
    "config|Windows NT IP Configuration|srv01.corp.example.com@1",
    "address|Ethernet adapter Elnk31|10.1.1.5|255.255.255.0|srv01.corp.example.com@17",
    "address|Ethernet adapter Elnk31|10.1.2.5|255.255.255.0|srv01.corp.example.com@19",
    "route|0.0.0.0|0.0.0.0|10.1.1.1|10.1.1.5|1|active|srv01.corp.example.com@36",
    "route|10.1.1.0|255.255.255.0|10.1.1.5|10.1.1.5|1|active|srv01.corp.example.com@37",
    "route|10.1.1.5|255.255.255.255|127.0.0.1|127.0.0.1|1|active|srv01.corp.example.com@38",
    "route|127.0.0.0|255.0.0.0|127.0.0.1|127.0.0.1|1|active|srv01.corp.example.com@39",
    "route|255.255.255.255|255.255.255.255|10.1.1.5|10.1.1.5|1|active|srv01.corp.example.com@40",
};

// Windows 2000: both commands with their prompts, two adapters (two addresses on the first,
// an APIPA address on the second), Interface List, Default Gateway and persistent routes.
const std::string w2k =
    "C:\\>ipconfig /all\r\n"                                                                 // 1
    "\r\n"                                                                                   // 2
    "Windows 2000 IP Configuration\r\n"                                                      // 3
    "\r\n"                                                                                   // 4
    "        Host Name . . . . . . . . . . . . : W2KSRV02\r\n"                               // 5
    "        Primary DNS Suffix  . . . . . . . : corp.example.com\r\n"                       // 6
    "        Node Type . . . . . . . . . . . . : Hybrid\r\n"                                 // 7
    "        IP Routing Enabled. . . . . . . . : No\r\n"                                     // 8
    "        WINS Proxy Enabled. . . . . . . . : No\r\n"                                     // 9
    "        DNS Suffix Search List. . . . . . : corp.example.com\r\n"                       // 10
    "\r\n"                                                                                   // 11
    "Ethernet adapter Local Area Connection:\r\n"                                            // 12
    "\r\n"                                                                                   // 13
    "        Connection-specific DNS Suffix  . : \r\n"                                       // 14
    "        Description . . . . . . . . . . . : AMD PCNET Family PCI Ethernet Adapter\r\n"  // 15
    "        Physical Address. . . . . . . . . : 00-50-56-C0-00-01\r\n"                      // 16
    "        DHCP Enabled. . . . . . . . . . . : No\r\n"                                     // 17
    "        IP Address. . . . . . . . . . . . : 10.1.1.20\r\n"                              // 18
    "        Subnet Mask . . . . . . . . . . . : 255.255.255.0\r\n"                          // 19
    "        IP Address. . . . . . . . . . . . : 10.1.1.21\r\n"                              // 20
    "        Subnet Mask . . . . . . . . . . . : 255.255.255.0\r\n"                          // 21
    "        Default Gateway . . . . . . . . . : 10.1.1.1\r\n"                               // 22
    "        DNS Servers . . . . . . . . . . . : 10.1.1.2\r\n"                               // 23
    "                                            10.1.1.3\r\n"                               // 24
    "\r\n"                                                                                   // 25
    "Ethernet adapter Local Area Connection 2:\r\n"                                          // 26
    "\r\n"                                                                                   // 27
    "        Connection-specific DNS Suffix  . : \r\n"                                       // 28
    "        Description . . . . . . . . . . . : Intel(R) PRO/100 Network Connection\r\n"    // 29
    "        Physical Address. . . . . . . . . : 00-02-B3-11-22-33\r\n"                      // 30
    "        DHCP Enabled. . . . . . . . . . . : Yes\r\n"                                    // 31
    "        Autoconfiguration Enabled . . . . : Yes\r\n"                                    // 32
    "        Autoconfiguration IP Address. . . : 169.254.17.4\r\n"                           // 33
    "        Subnet Mask . . . . . . . . . . . : 255.255.0.0\r\n"                            // 34
    "        Default Gateway . . . . . . . . . : \r\n"                                       // 35
    "        DNS Servers . . . . . . . . . . . : \r\n"                                       // 36
    "\r\n"                                                                                   // 37
    "C:\\>route print\r\n"                                                                   // 38
    "===========================================================================\r\n"        // 39
    "Interface List\r\n"                                                                     // 40
    "0x1 ........................... MS TCP Loopback interface\r\n"                          // 41
    "0x1000003 ...00 50 56 c0 00 01 ...... AMD PCNET Family PCI Ethernet Adapter\r\n"        // 42
    "0x1000004 ...00 02 b3 11 22 33 ...... Intel(R) PRO/100 Network Connection\r\n"          // 43
    "===========================================================================\r\n"        // 44
    "===========================================================================\r\n"        // 45
    "Active Routes:\r\n"                                                                     // 46
    "Network Destination        Netmask          Gateway       Interface  Metric\r\n"        // 47
    "          0.0.0.0          0.0.0.0         10.1.1.1       10.1.1.20       1\r\n"        // 48
    "         10.1.1.0    255.255.255.0        10.1.1.20       10.1.1.20       1\r\n"        // 49
    "        10.1.1.20  255.255.255.255        127.0.0.1       127.0.0.1       1\r\n"        // 50
    "        127.0.0.0        255.0.0.0        127.0.0.1       127.0.0.1       1\r\n"        // 51
    "      169.254.0.0      255.255.0.0     169.254.17.4    169.254.17.4       1\r\n"        // 52
    "Default Gateway:          10.1.1.1\r\n"                                                 // 53
    "===========================================================================\r\n"        // 54
    "Persistent Routes:\r\n"                                                                 // 55
    "  Network Address          Netmask  Gateway Address  Metric\r\n"                        // 56
    "         10.2.0.0      255.255.0.0       10.1.1.254       1\r\n"                        // 57
    "     192.168.50.0    255.255.255.0       10.1.1.253      20\r\n"                        // 58
    "\r\n"                                                                                   // 59
    "C:\\>\r\n";                                                                             // 60

const Strings w2k_facts = {
    "config|Windows 2000 IP Configuration|W2KSRV02@3",
    "address|Ethernet adapter Local Area Connection|10.1.1.20|255.255.255.0|W2KSRV02@18",
    "address|Ethernet adapter Local Area Connection|10.1.1.21|255.255.255.0|W2KSRV02@20",
    "address|Ethernet adapter Local Area Connection 2|169.254.17.4|255.255.0.0|W2KSRV02@33",
    "route|0.0.0.0|0.0.0.0|10.1.1.1|10.1.1.20|1|active|W2KSRV02@48",
    "route|10.1.1.0|255.255.255.0|10.1.1.20|10.1.1.20|1|active|W2KSRV02@49",
    "route|10.1.1.20|255.255.255.255|127.0.0.1|127.0.0.1|1|active|W2KSRV02@50",
    "route|127.0.0.0|255.0.0.0|127.0.0.1|127.0.0.1|1|active|W2KSRV02@51",
    "route|169.254.0.0|255.255.0.0|169.254.17.4|169.254.17.4|1|active|W2KSRV02@52",
    "route|10.2.0.0|255.255.0.0|10.1.1.254||1|persistent|W2KSRV02@57",
    "route|192.168.50.0|255.255.255.0|10.1.1.253||20|persistent|W2KSRV02@58",
};

// Vista and later: "(Preferred)", IPv6 lines, a duplicate address, a disconnected tunnel, an
// APIPA address on a wireless adapter; route print with On-link gateways, a persistent route
// with a "Default" metric and the IPv6 table (one row wrapped onto two lines).
const std::string vista =
    "Windows IP Configuration\r\n"                                                          // 1
    "\r\n"                                                                                  // 2
    "   Host Name . . . . . . . . . . . . : WEB03\r\n"                                      // 3
    "   Primary Dns Suffix  . . . . . . . : corp.example.com\r\n"                           // 4
    "   Node Type . . . . . . . . . . . . : Hybrid\r\n"                                     // 5
    "   IP Routing Enabled. . . . . . . . : No\r\n"                                         // 6
    "   WINS Proxy Enabled. . . . . . . . : No\r\n"                                         // 7
    "   DNS Suffix Search List. . . . . . : corp.example.com\r\n"                           // 8
    "\r\n"                                                                                  // 9
    "Ethernet adapter Production:\r\n"                                                      // 10
    "\r\n"                                                                                  // 11
    "   Connection-specific DNS Suffix  . : \r\n"                                           // 12
    "   Description . . . . . . . . . . . : Microsoft Hyper-V Network Adapter\r\n"          // 13
    "   Physical Address. . . . . . . . . : 00-15-5D-01-02-03\r\n"                          // 14
    "   DHCP Enabled. . . . . . . . . . . : No\r\n"                                         // 15
    "   Autoconfiguration Enabled . . . . : Yes\r\n"                                        // 16
    "   Link-local IPv6 Address . . . . . : fe80::8d4f:1a2b:3c4d:5e6f%11(Preferred) \r\n"   // 17
    "   IPv4 Address. . . . . . . . . . . : 10.1.1.5(Preferred) \r\n"                       // 18
    "   Subnet Mask . . . . . . . . . . . : 255.255.255.0\r\n"                              // 19
    "   IPv4 Address. . . . . . . . . . . : 10.1.1.6(Duplicate)\r\n"                        // 20
    "   Subnet Mask . . . . . . . . . . . : 255.255.255.0\r\n"                              // 21
    "   IPv4 Address. . . . . . . . . . . : 10.1.1.7(Preferred) \r\n"                       // 22
    "   Subnet Mask . . . . . . . . . . . : 255.255.255.0\r\n"                              // 23
    "   Default Gateway . . . . . . . . . : fe80::1%11\r\n"                                 // 24
    "                                       10.1.1.1\r\n"                                   // 25
    "   DHCPv6 IAID . . . . . . . . . . . : 234886493\r\n"                                  // 26
    "   DHCPv6 Client DUID. . . . . . . . : 00-01-00-01-1A-2B-3C-4D-00-15-5D-01-02-03\r\n"  // 27
    "   DNS Servers . . . . . . . . . . . : 10.1.1.2\r\n"                                   // 28
    "                                       10.1.1.3\r\n"                                   // 29
    "   NetBIOS over Tcpip. . . . . . . . : Enabled\r\n"                                    // 30
    "\r\n"                                                                                  // 31
    "Tunnel adapter isatap.{5E3C9A10-7F3B-4C2D-9E8A-0B1C2D3E4F50}:\r\n"                     // 32
    "\r\n"                                                                                  // 33
    "   Media State . . . . . . . . . . . : Media disconnected\r\n"                         // 34
    "   Connection-specific DNS Suffix  . : \r\n"                                           // 35
    "   Description . . . . . . . . . . . : Microsoft ISATAP Adapter\r\n"                   // 36
    "\r\n"                                                                                  // 37
    "Wireless LAN adapter Wi-Fi:\r\n"                                                       // 38
    "\r\n"                                                                                  // 39
    "   Autoconfiguration IPv4 Address. . : 169.254.88.12(Preferred) \r\n"                  // 40
    "   Subnet Mask . . . . . . . . . . . : 255.255.0.0\r\n"                                // 41
    "   Lease Obtained. . . . . . . . . . : Monday, March 4, 2019 8:01:12 AM\r\n"           // 42
    "\r\n"                                                                                  // 43
    "===========================================================================\r\n"       // 44
    "Interface List\r\n"                                                                    // 45
    " 11...00 15 5d 01 02 03 ......Microsoft Hyper-V Network Adapter\r\n"                   // 46
    "  1...........................Software Loopback Interface 1\r\n"                       // 47
    " 12...00 00 00 00 00 00 00 e0 Microsoft ISATAP Adapter\r\n"                            // 48
    "===========================================================================\r\n"       // 49
    "\r\n"                                                                                  // 50
    "IPv4 Route Table\r\n"                                                                  // 51
    "===========================================================================\r\n"       // 52
    "Active Routes:\r\n"                                                                    // 53
    "Network Destination        Netmask          Gateway       Interface  Metric\r\n"       // 54
    "          0.0.0.0          0.0.0.0         10.1.1.1         10.1.1.5    266\r\n"       // 55
    "         10.1.1.0    255.255.255.0         On-link          10.1.1.5    266\r\n"       // 56
    "         10.1.1.5  255.255.255.255         On-link          10.1.1.5    266\r\n"       // 57
    "        127.0.0.0        255.0.0.0         On-link         127.0.0.1    306\r\n"       // 58
    "===========================================================================\r\n"       // 59
    "Persistent Routes:\r\n"                                                                // 60
    "  Network Address          Netmask  Gateway Address  Metric\r\n"                       // 61
    "          0.0.0.0          0.0.0.0         10.1.1.1  Default\r\n"                      // 62
    "         10.9.0.0      255.255.0.0       10.1.1.254       5\r\n"                       // 63
    "===========================================================================\r\n"       // 64
    "\r\n"                                                                                  // 65
    "IPv6 Route Table\r\n"                                                                  // 66
    "===========================================================================\r\n"       // 67
    "Active Routes:\r\n"                                                                    // 68
    " If Metric Network Destination      Gateway\r\n"                                       // 69
    "  1    306 ::1/128                  On-link\r\n"                                       // 70
    " 11    266 fe80::/64                On-link\r\n"                                       // 71
    " 11    266 fe80::8d4f:1a2b:3c4d:5e6f/128\r\n"                                          // 72
    "                                    On-link\r\n"                                       // 73
    "  1    306 ff00::/8                 On-link\r\n"                                       // 74
    "===========================================================================\r\n"       // 75
    "Persistent Routes:\r\n"                                                                // 76
    "  None\r\n"                                                                            // 77
    "\r\n";                                                                                 // 78

const Strings vista_facts = {
    "config|Windows IP Configuration|WEB03@1",
    "address|Ethernet adapter Production|10.1.1.5|255.255.255.0|WEB03@18",
    "address|Ethernet adapter Production|10.1.1.7|255.255.255.0|WEB03@22",
    "address|Wireless LAN adapter Wi-Fi|169.254.88.12|255.255.0.0|WEB03@40",
    "route|0.0.0.0|0.0.0.0|10.1.1.1|10.1.1.5|266|active|WEB03@55",
    "route|10.1.1.0|255.255.255.0|On-link|10.1.1.5|266|active|WEB03@56",
    "route|10.1.1.5|255.255.255.255|On-link|10.1.1.5|266|active|WEB03@57",
    "route|127.0.0.0|255.0.0.0|On-link|127.0.0.1|306|active|WEB03@58",
    "route|0.0.0.0|0.0.0.0|10.1.1.1||0|persistent|WEB03@62",
    "route|10.9.0.0|255.255.0.0|10.1.1.254||5|persistent|WEB03@63",
};

}  // namespace

TEST_CASE("network snapshot: NT4 ipconfig /all and route print in one file", "[network_snapshot]") {
  const auto r = read_net(nt4);
  CHECK(r.format == Format::network_snapshot);
  CHECK(facts(r) == nt4_facts);
  CHECK(r.counted == nt4_facts.size());
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());
  check_common(r, readtest::test_file_index);
  REQUIRE(r.events.size() == nt4_facts.size());
  // Origins point at each fact's own line; the configuration record at its banner.
  CHECK(r.events[0].origin.offset == 0);
  CHECK(r.events[1].origin.offset == nt4.find("        IP Address. . . . . . . . . : 10.1.1.5"));
  CHECK(r.events[3].origin.offset == nt4.find("          0.0.0.0          0.0.0.0"));
  CHECK(r.events[0].network.kind == NetworkFact::Kind::configuration);
  CHECK(r.events[0].network.address.empty());
  CHECK(r.events[1].network.gateway.empty());
  CHECK_FALSE(r.events[3].network.persistent);
}

TEST_CASE("network snapshot: Windows 2000 with two adapters, Interface List and persistent routes",
          "[network_snapshot]") {
  const auto r = read_net(w2k);
  CHECK(facts(r) == w2k_facts);
  CHECK(r.counted == w2k_facts.size());
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());  // prompts, Interface List, Default Gateway: all silent
  check_common(r, readtest::test_file_index);
  REQUIRE(r.events.size() == w2k_facts.size());
  CHECK(r.events.back().network.persistent);
  CHECK(r.events.back().network.interface.empty());
  CHECK(r.events.back().origin.offset == w2k.find("     192.168.50.0"));
}

TEST_CASE("network snapshot: Vista and later, Preferred, IPv6 lines and the IPv6 route table skipped",
          "[network_snapshot]") {
  const auto r = read_net(vista);
  CHECK(facts(r) == vista_facts);
  CHECK(r.counted == vista_facts.size());
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());
  check_common(r, readtest::test_file_index);
}

TEST_CASE("network snapshot: LF-only line ends give the same records", "[network_snapshot]") {
  for (const std::string* text : {&nt4, &w2k, &vista}) {
    const auto crlf = read_net(*text);
    const std::string lf = lf_only(*text);
    const auto r = read_net(lf);
    CHECK(facts(r) == facts(crlf));
    CHECK(r.diagnostics.items().empty());
    REQUIRE(r.events.size() == crlf.events.size());
    // Offsets count the shorter line ends: each CRLF before a record's line is one byte less.
    for (std::size_t i = 0; i < r.events.size(); ++i) {
      CHECK(r.events[i].origin.offset == crlf.events[i].origin.offset - (crlf.events[i].origin.line - 1));
    }
  }
}

TEST_CASE("network snapshot: a file with only route print has no computer", "[network_snapshot]") {
  const std::string text =
      "===========================================================================\n"  // 1
      "Interface List\n"                                                               // 2
      "0x1 ........................... MS TCP Loopback interface\n"                    // 3
      "0x2 ...00 0c 29 4f 8a 10 ...... VMware Accelerated AMD PCNet Adapter\n"         // 4
      "===========================================================================\n"  // 5
      "===========================================================================\n"  // 6
      "Active Routes:\n"                                                               // 7
      "Network Destination        Netmask          Gateway       Interface  Metric\n"  // 8
      "          0.0.0.0          0.0.0.0    192.168.10.1  192.168.10.33       20\n"   // 9
      "     192.168.10.0    255.255.255.0   192.168.10.33  192.168.10.33       20\n"   // 10
      "Default Gateway:      192.168.10.1\n"                                           // 11
      "===========================================================================\n"  // 12
      "Persistent Routes:\n"                                                           // 13
      "  None\n";                                                                      // 14
  const auto r = read_net(text);
  CHECK(facts(r) == Strings{"route|0.0.0.0|0.0.0.0|192.168.10.1|192.168.10.33|20|active|@9",
                            "route|192.168.10.0|255.255.255.0|192.168.10.33|192.168.10.33|20|active|@10"});
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("network snapshot: a file with only ipconfig, the configuration record at end of input",
          "[network_snapshot]") {
  SECTION("plain ipconfig with adapters, no Host Name") {
    const std::string text =
        "\r\n"                                                           // 1
        "Windows 2000 IP Configuration\r\n"                              // 2
        "\r\n"                                                           // 3
        "Ethernet adapter Local Area Connection:\r\n"                    // 4
        "\r\n"                                                           // 5
        "        Connection-specific DNS Suffix  . : corp.example\r\n"   // 6
        "        IP Address. . . . . . . . . . . . : 10.20.30.40\r\n"    // 7
        "        Subnet Mask . . . . . . . . . . . : 255.255.252.0\r\n"  // 8
        "        Default Gateway . . . . . . . . . : 10.20.28.1\r\n";    // 9
    const auto r = read_net(text);
    CHECK(facts(r) == Strings{"config|Windows 2000 IP Configuration|@2",
                              "address|Ethernet adapter Local Area Connection|10.20.30.40|255.255.252.0|@7"});
    CHECK(r.diagnostics.items().empty());
  }
  SECTION("the global section alone: the record goes out at the end, with the host name") {
    const std::string text =
        "Windows IP Configuration\n"                         // 1
        "\n"                                                 // 2
        "   Host Name . . . . . . . . . . . . : LAPTOP-7\n"  // 3
        "   Node Type . . . . . . . . . . . . : Hybrid\n";   // 4
    const auto r = read_net(text);
    CHECK(facts(r) == Strings{"config|Windows IP Configuration|LAPTOP-7@1"});
    REQUIRE(r.events.size() == 1);
    CHECK(r.events[0].origin.offset == 0);
    CHECK(r.diagnostics.items().empty());
  }
}

TEST_CASE("network snapshot: KB-style host name alone on the line after its label", "[network_snapshot]") {
  const std::string text =
      "Windows NT IP Configuration\r\n"                                       // 1
      "        Host Name . . . . . . . . . :\r\n"                             // 2
      "\r\n"                                                                  // 3
      "                  ntsrv01.sales.contoso.example\r\n"                   // 4
      "        DNS Servers . . . . . . . . : 10.1.1.2\r\n"                    // 5
      "Ethernet adapter CE31:\r\n"                                            // 6
      "        IP Address. . . . . . . . . : 10.1.1.9\r\n"                    // 7
      "        Subnet Mask . . . . . . . . : 255.255.0.0\r\n"                 // 8
      "Active Routes:\r\n"                                                    // 9
      "  Network Address    Netmask  Gateway Address  Interface  Metric\r\n"  // 10
      "  10.1.0.0  255.255.0.0  10.1.1.9  10.1.1.9  1\r\n";                   // 11
  const auto r = read_net(text);
  CHECK(facts(r) == Strings{"config|Windows NT IP Configuration|ntsrv01.sales.contoso.example@1",
                            "address|Ethernet adapter CE31|10.1.1.9|255.255.0.0|ntsrv01.sales.contoso.example@7",
                            "route|10.1.0.0|255.255.0.0|10.1.1.9|10.1.1.9|1|active|ntsrv01.sales.contoso.example@11"});
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("network snapshot: the configuration record carries the host name and its banner's line",
          "[network_snapshot]") {
  // The banner is followed by route print at once: the route table ends the global section.
  const std::string text =
      "Windows IP Configuration\r\n"                                                     // 1
      "\r\n"                                                                             // 2
      "   Host Name . . . . . . . . . . . . : DC01\r\n"                                  // 3
      "\r\n"                                                                             // 4
      "IPv4 Route Table\r\n"                                                             // 5
      "===========================================================================\r\n"  // 6
      "Active Routes:\r\n"                                                               // 7
      "Network Destination        Netmask          Gateway       Interface  Metric\r\n"  // 8
      "          0.0.0.0          0.0.0.0      172.16.0.1      172.16.0.10     25\r\n";  // 9
  const auto r = read_net(text);
  CHECK(facts(r) == Strings{"config|Windows IP Configuration|DC01@1",
                            "route|0.0.0.0|0.0.0.0|172.16.0.1|172.16.0.10|25|active|DC01@9"});
  REQUIRE(r.events.size() == 2);
  CHECK(r.events[0].message == "Windows IP Configuration");
  CHECK(r.events[0].computer == "DC01");
  CHECK(r.events[0].origin.line == 1);
  CHECK(r.events[0].origin.offset == 0);
}

TEST_CASE("network snapshot: two snapshots in one file, each record with the host before it", "[network_snapshot]") {
  const std::string text =
      "Windows IP Configuration\n"                                    // 1
      "   Host Name . . . . . . . . . . . . : ALPHA\n"                // 2
      "Ethernet adapter LAN:\n"                                       // 3
      "   IPv4 Address. . . . . . . . . . . : 10.0.0.1\n"             // 4
      "Windows IP Configuration\n"                                    // 5 ends ALPHA's, mask never came
      "   Host Name . . . . . . . . . . . . : BRAVO\n"                // 6
      "Ethernet adapter LAN:\n"                                       // 7
      "   IPv4 Address. . . . . . . . . . . : 10.0.0.2(Preferred)\n"  // 8
      "   Subnet Mask . . . . . . . . . . . : 255.0.0.0\n"            // 9
      "Windows IP Configuration\n";                                   // 10 no Host Name: the last one stays
  const auto r = read_net(text);
  CHECK(facts(r) == Strings{"config|Windows IP Configuration|ALPHA@1", "address|Ethernet adapter LAN|10.0.0.1||ALPHA@4",
                            "config|Windows IP Configuration|BRAVO@5",
                            "address|Ethernet adapter LAN|10.0.0.2|255.0.0.0|BRAVO@8",
                            "config|Windows IP Configuration|BRAVO@10"});
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("network snapshot: an address without a mask goes out at the next label, adapter or end",
          "[network_snapshot]") {
  const std::string text =
      "Ethernet adapter A:\n"                                   // 1 a KB excerpt: no banner
      "        IP Address. . . . . . . . . : 10.1.1.1\n"        // 2
      "        Default Gateway . . . . . . : 10.1.1.254\n"      // 3 ends 10.1.1.1
      "        Subnet Mask . . . . . . . . : 255.255.255.0\n"   // 4 belongs to no address
      "        IP Address. . . . . . . . . : 10.1.1.2\n"        // 5
      "        IP Address. . . . . . . . . : 10.1.1.3\n"        // 6 ends 10.1.1.2
      "PPP adapter Dial-up:\n"                                  // 7 ends 10.1.1.3
      "        IP Address. . . . . . . . . : 192.168.200.7\n";  // 8 ends with the input
  const auto r = read_net(text);
  CHECK(facts(r) == Strings{"address|Ethernet adapter A|10.1.1.1||@2", "address|Ethernet adapter A|10.1.1.2||@5",
                            "address|Ethernet adapter A|10.1.1.3||@6",
                            "address|PPP adapter Dial-up|192.168.200.7||@8"});
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("network snapshot: addresses that are not held are not facts", "[network_snapshot]") {
  const std::string text =
      "Windows IP Configuration\n"                                                // 1
      "Ethernet adapter Local Area Connection:\n"                                 // 2
      "        IP Address. . . . . . . . . . . . : fe80::20c:29ff:fe4f:8a10%4\n"  // 3 XP: IPv6 too
      "        IP Address. . . . . . . . . . . . : 0.0.0.0\n"                     // 4
      "        Subnet Mask . . . . . . . . . . . : 0.0.0.0\n"                     // 5
      "   IPv4 Address. . . . . . . . . . . : 10.5.5.5(Duplicate)\n"              // 6
      "   Subnet Mask . . . . . . . . . . . : 255.255.255.0\n"                    // 7
      "   IPv6 Address. . . . . . . . . . . : 2001:db8::5(Preferred)\n"           // 8
      "   Temporary IPv6 Address. . . . . . : 2001:db8::a1b2(Deprecated)\n"       // 9
      "   IPv4 Address. . . . . . . . . . . : 10.5.5.6(Tentative)\n"              // 10
      "   Subnet Mask . . . . . . . . . . . : 255.255.255.0\n"                    // 11
      "   IP Address. . . . . . . . . . . . : \n";                                // 12 empty
  const auto r = read_net(text);
  CHECK(facts(r) == Strings{"config|Windows IP Configuration|@1",
                            "address|Ethernet adapter Local Area Connection|10.5.5.6|255.255.255.0|@10"});
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("network snapshot: an address or mask that is not IPv4 is warned with W0272", "[network_snapshot]") {
  const std::string text =
      "Windows IP Configuration\n"                                  // 1
      "Ethernet adapter LAN:\n"                                     // 2
      "   IPv4 Address. . . . . . . . . . . : 10.1.1(Preferred)\n"  // 3 warned, dropped
      "   Subnet Mask . . . . . . . . . . . : 255.255.255.0\n"      // 4 belongs to no address
      "   IPv4 Address. . . . . . . . . . . : 10.1.1.300\n"         // 5 warned, dropped
      "   IPv4 Address. . . . . . . . . . . : 10.1.1.30\n"          // 6
      "   Subnet Mask . . . . . . . . . . . : 255.255.255\n";       // 7 warned, address kept
  const auto r = read_net(text);
  CHECK(facts(r) == Strings{"config|Windows IP Configuration|@1", "address|Ethernet adapter LAN|10.1.1.30||@6"});
  CHECK(r.skipped == 0);
  REQUIRE(diag_codes(r.diagnostics) == Codes{"W0272@3", "W0272@5", "W0272@7"});
  for (const auto& d : r.diagnostics.items()) CHECK(d.severity == Severity::warning);
  CHECK(r.diagnostics.items()[0].message.find("\"10.1.1\"") != std::string::npos);
  CHECK(r.diagnostics.items()[2].message.find("mask") != std::string::npos);
}

TEST_CASE("network snapshot: command prompt lines are ignored", "[network_snapshot]") {
  const std::string text =
      "Microsoft Windows [Version 10.0.17763.1]\r\n"                                     // 1 stray
      "C:\\Users\\support>ipconfig /all\r\n"                                             // 2
      "C:\\WINNT>route print\r\n"                                                        // 3
      "C:\\Documents and Settings\\Administrator>ipconfig\r\n"                           // 4
      "PS C:\\Users\\admin> route print -4\r\n"                                          // 5
      "C:\\>\r\n"                                                                        // 6
      "c:>ipconfig\r\n"                                                                  // 7
      "Active Routes:\r\n"                                                               // 8
      "Network Destination        Netmask          Gateway       Interface  Metric\r\n"  // 9
      "          0.0.0.0          0.0.0.0        10.0.0.1        10.0.0.9      1\r\n"    // 10
      "C:\\>exit\r\n";                                                                   // 11
  const auto r = read_net(text);
  CHECK(facts(r) == Strings{"route|0.0.0.0|0.0.0.0|10.0.0.1|10.0.0.9|1|active|@10"});
  CHECK(r.skipped == 0);
  CHECK(diag_codes(r.diagnostics) == Codes{"W0271@1"});
  CHECK(r.diagnostics.items()[0].message.find("1 line(s)") != std::string::npos);
}

TEST_CASE("network snapshot: stray text is warned once at the end with its count and first line",
          "[network_snapshot]") {
  const std::string text =
      "Customer: Contoso, case 123456\r\n"                                               // 1 stray
      "Output below was collected on the file server.\r\n"                               // 2 stray
      "\r\n"                                                                             // 3
      "Windows IP Configuration\r\n"                                                     // 4
      "   Host Name . . . . . . . . . . . . : FS01\r\n"                                  // 5
      "Ethernet adapter LAN:\r\n"                                                        // 6
      "   IPv4 Address. . . . . . . . . . . : 10.4.4.4(Preferred)\r\n"                   // 7
      "   Subnet Mask . . . . . . . . . . . : 255.255.0.0\r\n"                           // 8
      "the gateway is missing here!\r\n"                                                 // 9 stray (not indented)
      "\r\n"                                                                             // 10
      "Active Routes:\r\n"                                                               // 11
      "Network Destination        Netmask          Gateway       Interface  Metric\r\n"  // 12
      "         10.4.0.0      255.255.0.0         On-link          10.4.4.4    266\r\n"  // 13
      "\r\n"                                                                             // 14
      "Note that no default route is listed.\r\n"                                        // 15 stray: ends the table
      "-- end of mail --\r\n";                                                           // 16 stray
  const auto r = read_net(text);
  CHECK(facts(r) == Strings{"config|Windows IP Configuration|FS01@4",
                            "address|Ethernet adapter LAN|10.4.4.4|255.255.0.0|FS01@7",
                            "route|10.4.0.0|255.255.0.0|On-link|10.4.4.4|266|active|FS01@13"});
  CHECK(r.skipped == 0);
  REQUIRE(diag_codes(r.diagnostics) == Codes{"W0271@1"});
  const Diagnostic& d = r.diagnostics.items()[0];
  CHECK(d.severity == Severity::warning);
  CHECK(d.file == "in.txt");
  CHECK(d.message.find("5 line(s)") != std::string::npos);
}

TEST_CASE("network snapshot: damaged route rows are skipped with E0271 and their line", "[network_snapshot]") {
  const std::string text =
      "Active Routes:\r\n"                                                                    // 1
      "Network Destination        Netmask          Gateway       Interface  Metric\r\n"       // 2
      "          0.0.0.0          0.0.0.0         10.1.1.1        10.1.1.5       1\r\n"       // 3 good
      "         10.1.1.0    255.255.255.0         10.1.1.5\r\n"                               // 4 3 fields
      "       10.1.1.256  255.255.255.255        127.0.0.1       127.0.0.1       1\r\n"       // 5 destination
      "        127.0.0.0          255.0.0        127.0.0.1       127.0.0.1       1\r\n"       // 6 netmask
      "        224.0.0.0        224.0.0.0          gateway        10.1.1.5       1\r\n"       // 7 gateway
      "  255.255.255.255  255.255.255.255         10.1.1.5       10.1.1.5x       1\r\n"       // 8 interface
      "         10.2.0.0      255.255.0.0       10.1.1.254        10.1.1.5      -1\r\n"       // 9 metric
      "         10.3.0.0      255.255.0.0       10.1.1.254        10.1.1.5  99999999999\r\n"  // 10 metric range
      "         10.4.0.0      255.255.0.0       10.1.1.254        10.1.1.5       1   1\r\n"   // 11 6 fields
      "         10.5.0.0      255.255.0.0       10.1.1.254        10.1.1.5       2\r\n"       // 12 good
      "(cut off here)\r\n"                                                                    // 13 not a row
      "\r\n"                                                                                  // 14
      "         10.6.0.0      255.255.0.0       10.1.1.254        10.1.1.5  Default\r\n"      // 15 active: no Default
      "Default Gateway:          10.1.1.1\r\n"                                                // 16
      "===========================================================================\r\n"       // 17
      "Persistent Routes:\r\n"                                                                // 18
      "  Network Address          Netmask  Gateway Address  Metric\r\n"                       // 19
      "         10.7.0.0      255.255.0.0       10.1.1.254       1\r\n"                       // 20 good
      "         10.8.0.0      255.255.0.0       10.1.1.254  10.1.1.5  1\r\n";                 // 21 5 fields
  const auto r = read_net(text);
  CHECK(facts(r) == Strings{"route|0.0.0.0|0.0.0.0|10.1.1.1|10.1.1.5|1|active|@3",
                            "route|10.5.0.0|255.255.0.0|10.1.1.254|10.1.1.5|2|active|@12",
                            "route|10.7.0.0|255.255.0.0|10.1.1.254||1|persistent|@20"});
  CHECK(r.counted == 3);
  CHECK(r.skipped == 11);
  CHECK(r.counted + r.skipped == 14);  // every row of the tables
  REQUIRE(diag_codes(r.diagnostics) == Codes{"E0271@4", "E0271@5", "E0271@6", "E0271@7", "E0271@8", "E0271@9",
                                             "E0271@10", "E0271@11", "E0271@13", "E0271@15", "E0271@21"});
  const auto& items = r.diagnostics.items();
  for (const auto& d : items) {
    CHECK(d.severity == Severity::error);
    CHECK(d.file == "in.txt");
    CHECK(d.message.find("(record skipped)") != std::string::npos);
  }
  CHECK(items[0].message.find("3 fields, expected 5") != std::string::npos);
  CHECK(items[1].message.find("destination \"10.1.1.256\"") != std::string::npos);
  CHECK(items[2].message.find("netmask") != std::string::npos);
  CHECK(items[3].message.find("gateway") != std::string::npos);
  CHECK(items[4].message.find("interface") != std::string::npos);
  CHECK(items[5].message.find("metric \"-1\"") != std::string::npos);
  CHECK(items[6].message.find("metric") != std::string::npos);
  CHECK(items[7].message.find("6 fields") != std::string::npos);
  CHECK(items[9].message.find("metric \"Default\"") != std::string::npos);
  CHECK(items[10].message.find("5 fields, expected 4") != std::string::npos);
}

TEST_CASE("network snapshot: a table goes on after a blank line only with a row", "[network_snapshot]") {
  const std::string text =
      "Active Routes:\n"                                                                // 1
      "\n"                                                                              // 2
      "  Network Address          Netmask  Gateway Address        Interface  Metric\n"  // 3
      "\n"                                                                              // 4
      "          0.0.0.0          0.0.0.0         10.1.1.1         10.1.1.5       1\n"  // 5
      "\n"                                                                              // 6
      "        127.0.0.0        255.0.0.0        127.0.0.1        127.0.0.1       1\n"  // 7
      "\n"                                                                              // 8
      "Routes checked on site by J.\n"                                                  // 9 stray, ends the table
      "         10.9.0.0      255.255.0.0       10.1.1.254        10.1.1.5       1\n";  // 10 stray: no table
  const auto r = read_net(text);
  CHECK(facts(r) == Strings{"route|0.0.0.0|0.0.0.0|10.1.1.1|10.1.1.5|1|active|@5",
                            "route|127.0.0.0|255.0.0.0|127.0.0.1|127.0.0.1|1|active|@7"});
  CHECK(r.skipped == 0);
  CHECK(diag_codes(r.diagnostics) == Codes{"W0271@9"});
  CHECK(r.diagnostics.items()[0].message.find("2 line(s)") != std::string::npos);
}

TEST_CASE("network snapshot: netstat -rn tables and its connection list", "[network_snapshot]") {
  const std::string text =
      "C:\\>netstat -rn\r\n"                                                             // 1
      "\r\n"                                                                             // 2
      "Route Table\r\n"                                                                  // 3
      "===========================================================================\r\n"  // 4
      "Interface List\r\n"                                                               // 5
      "0x1 ........................... MS TCP Loopback interface\r\n"                    // 6
      "0x2 ...00 0c 29 4f 8a 10 ...... AMD PCNET Family PCI Ethernet Adapter\r\n"        // 7
      "===========================================================================\r\n"  // 8
      "===========================================================================\r\n"  // 9
      "Active Routes:\r\n"                                                               // 10
      "Network Destination        Netmask          Gateway       Interface  Metric\r\n"  // 11
      "          0.0.0.0          0.0.0.0      10.10.0.1      10.10.0.50       1\r\n"    // 12
      "Default Gateway:         10.10.0.1\r\n"                                           // 13
      "===========================================================================\r\n"  // 14
      "Persistent Routes:\r\n"                                                           // 15
      "  None\r\n"                                                                       // 16
      "\r\n"                                                                             // 17
      "Route Table\r\n"                                                                  // 18
      "\r\n"                                                                             // 19
      "Active Connections\r\n"                                                           // 20
      "\r\n"                                                                             // 21
      "  Proto  Local Address          Foreign Address        State\r\n"                 // 22
      "  TCP    10.10.0.50:1025        10.10.0.2:389          ESTABLISHED\r\n"           // 23
      "  UDP    0.0.0.0:445            *:*\r\n";                                         // 24
  const auto r = read_net(text);
  CHECK(facts(r) == Strings{"route|0.0.0.0|0.0.0.0|10.10.0.1|10.10.0.50|1|active|@12"});
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());
}

TEST_CASE("network snapshot: the IPv6 table ends at text that is not route output", "[network_snapshot]") {
  const std::string text =
      "IPv6 Route Table\n"                                                              // 1
      "===========================================================================\n"   // 2
      "Active Routes:\n"                                                                // 3
      " If Metric Network Destination      Gateway\n"                                   // 4
      "  1    306 ::1/128                  On-link\n"                                   // 5
      " 14     58 2001:db8:0:1::/64        fe80::1\n"                                   // 6
      " 14    266 2001:db8:0:1:1c2d:3e4f:5a6b:7c8d/128\n"                               // 7
      "                                    On-link\n"                                   // 8
      "Persistent Routes:\n"                                                            // 9
      "  None\n"                                                                        // 10
      "Please also send the event logs.\n"                                              // 11 stray
      "  None\n"                                                                        // 12 stray: outside the table
      "IPv4 Route Table\n"                                                              // 13
      "Active Routes:\n"                                                                // 14
      "          0.0.0.0          0.0.0.0         10.1.1.1         10.1.1.5    266\n";  // 15
  const auto r = read_net(text);
  CHECK(facts(r) == Strings{"route|0.0.0.0|0.0.0.0|10.1.1.1|10.1.1.5|266|active|@15"});
  CHECK(r.skipped == 0);
  CHECK(diag_codes(r.diagnostics) == Codes{"W0271@11"});
  CHECK(r.diagnostics.items()[0].message.find("2 line(s)") != std::string::npos);
}

TEST_CASE("network snapshot: German and French ipconfig labels", "[network_snapshot]") {
  SECTION("German") {
    const std::string text =
        "Windows-IP-Konfiguration\r\n"                                                        // 1
        "\r\n"                                                                                // 2
        "   Hostname  . . . . . . . . . . . . : PC-BUCHHALTUNG\r\n"                           // 3
        "   Prim\xC3\xA4res DNS-Suffix . . . . . . . : \r\n"                                  // 4
        "\r\n"                                                                                // 5
        "Ethernet-Adapter LAN-Verbindung:\r\n"                                                // 6
        "\r\n"                                                                                // 7
        "   Verbindungsspezifisches DNS-Suffix: fritz.box\r\n"                                // 8
        "   Verbindungslokale IPv6-Adresse  . : fe80::1c2d:3e4f:5a6b:7c8d%11(Bevorzugt)\r\n"  // 9
        "   IPv4-Adresse  . . . . . . . . . . : 192.168.178.20(Bevorzugt)\r\n"                // 10
        "   Subnetzmaske  . . . . . . . . . . : 255.255.255.0\r\n"                            // 11
        "   Standardgateway . . . . . . . . . : 192.168.178.1\r\n"                            // 12
        "\r\n"                                                                                // 13
        "Tunneladapter isatap.fritz.box:\r\n"                                                 // 14
        "\r\n"                                                                                // 15
        "   Medienstatus. . . . . . . . . . . : Medium getrennt\r\n";                         // 16
    const auto r = read_net(text);
    CHECK(facts(r) ==
          Strings{"config|Windows-IP-Konfiguration|PC-BUCHHALTUNG@1",
                  "address|Ethernet-Adapter LAN-Verbindung|192.168.178.20|255.255.255.0|PC-BUCHHALTUNG@10"});
    CHECK(r.diagnostics.items().empty());
  }
  SECTION("French, UTF-8") {
    const std::string text =
        "Configuration IP de Windows\r\n"                              // 1
        "\r\n"                                                         // 2
        "   Nom de l'h\xC3\xB4te . . . . . . . . . . : PC-COMPTA\r\n"  // 3
        "\r\n"                                                         // 4
        "Carte Ethernet Connexion au r\xC3\xA9seau local :\r\n"        // 5
        "\r\n"                                                         // 6
        "   Adresse IPv4. . . . . . . . . . . . . .: 192.168.2.20(pr\xC3\xA9"
        "f\xC3\xA9r\xC3\xA9)\r\n"                                                // 7
        "   Masque de sous-r\xC3\xA9seau. . . . . . . . . : 255.255.255.0\r\n";  // 8
    const auto r = read_net(text);
    CHECK(facts(r) == Strings{"config|Configuration IP de Windows|PC-COMPTA@1",
                              "address|Carte Ethernet Connexion au r\xC3\xA9seau local|192.168.2.20|255.255.255.0|"
                              "PC-COMPTA@7"});
    CHECK(r.diagnostics.items().empty());
  }
  SECTION("French, redirected from a console in code page 850") {
    // "ô" is 0x93 and "é" 0x82 in code page 850: not UTF-8, so decoded as Windows-1252.
    const std::string text =
        "Configuration IP de Windows\r\n"                                  // 1
        "   Nom de l'h\x93te . . . . . . . . . . : PC-ATELIER\r\n"         // 2
        "Carte Ethernet Connexion au r\x82seau local :\r\n"                // 3
        "   Adresse IP. . . . . . . . . . . . . . .: 10.3.3.3\r\n"         // 4
        "   Masque de sous-r\x82seau. . . . . . . . . : 255.255.0.0\r\n";  // 5
    const auto r = read_net(text);
    REQUIRE(r.events.size() == 2);
    CHECK(r.events[0].computer == "PC-ATELIER");
    CHECK(r.events[1].network.address == "10.3.3.3");
    CHECK(r.events[1].network.mask == "255.255.0.0");
    CHECK(r.events[1].computer == "PC-ATELIER");
    for (const auto& d : r.diagnostics.items()) CHECK(d.code != "W0271");
  }
}

TEST_CASE("network snapshot: UTF-16LE with BOM is sniffed and read", "[network_snapshot]") {
  const auto r = test::read_all(readtest::utf16(vista, true, true), "ipconfig.txt");
  REQUIRE(r.opened);
  CHECK(r.format == Format::network_snapshot);
  CHECK(facts(r) == vista_facts);
  CHECK(r.skipped == 0);
  CHECK(r.diagnostics.items().empty());
  check_common(r, 0);
}

TEST_CASE("network snapshot: open_reader sniffs ipconfig and route print output", "[network_snapshot][sniff]") {
  const Strings texts = {
      w2k,  // starts with a prompt line
      "C:\\WINNT>route print\r\n" + nt4.substr(nt4.find("Active Routes:")),
      nt4,
      vista,
      vista.substr(vista.find("====")),              // route print alone: "====" then "Interface List"
      vista.substr(vista.find("IPv4 Route Table")),  // from the IPv4 table
      "Notes from the call:\r\nserver was rebooted at 9\r\n\r\nC:\\>ipconfig /all\r\n\r\n" + vista,
      "Network Destination        Netmask          Gateway       Interface  Metric\r\n"
      "          0.0.0.0          0.0.0.0         10.1.1.1         10.1.1.5    266\r\n",
  };
  for (const std::string& text : texts) {
    INFO(text.substr(0, 80));
    const auto r = test::read_all(text, "capture.log");
    REQUIRE(r.opened);
    CHECK(r.format == Format::network_snapshot);
    CHECK_FALSE(r.events.empty());
    CHECK(r.skipped == 0);
  }
  const auto prompt_first = test::read_all(w2k, "x.txt");
  CHECK(facts(prompt_first) == w2k_facts);
  CHECK(format_name(Format::network_snapshot) == "network-snapshot");
}

TEST_CASE("network snapshot: sniff line test accepts banners and route headings only", "[network_snapshot][sniff]") {
  using detail::is_network_snapshot_line;
  CHECK(is_network_snapshot_line("Windows NT IP Configuration"));
  CHECK(is_network_snapshot_line("Windows 2000 IP Configuration\r"));
  CHECK(is_network_snapshot_line("  Windows IP Configuration  "));
  CHECK(is_network_snapshot_line("Windows-IP-Konfiguration"));
  CHECK(is_network_snapshot_line("Configuration IP de Windows"));
  CHECK(is_network_snapshot_line("Interface List"));
  CHECK(is_network_snapshot_line("Active Routes:"));
  CHECK(is_network_snapshot_line("IPv4 Route Table"));
  CHECK(is_network_snapshot_line("Network Destination        Netmask          Gateway       Interface  Metric"));
  CHECK(is_network_snapshot_line("  Network Address          Netmask  Gateway Address        Interface  Metric"));
  CHECK(is_network_snapshot_line("  Network Address          Netmask  Gateway Address  Metric"));
  CHECK_FALSE(is_network_snapshot_line(""));
  CHECK_FALSE(is_network_snapshot_line("Windows IP Configuration was checked"));
  CHECK_FALSE(is_network_snapshot_line("The Windows IP Configuration"));
  CHECK_FALSE(is_network_snapshot_line("Active Routes"));
  CHECK_FALSE(is_network_snapshot_line("Interface List:"));
  CHECK_FALSE(is_network_snapshot_line("Network Destination"));
  CHECK_FALSE(is_network_snapshot_line("==========================================================================="));
  CHECK_FALSE(is_network_snapshot_line("        Host Name . . . . . . . . . : srv01"));
  CHECK_FALSE(is_network_snapshot_line("Ethernet adapter Local Area Connection:"));
  CHECK_FALSE(is_network_snapshot_line("          0.0.0.0          0.0.0.0         10.1.1.1         10.1.1.5    266"));
  CHECK_FALSE(is_network_snapshot_line("C:\\>ipconfig /all"));
  CHECK_FALSE(is_network_snapshot_line("Event[0]:"));
  CHECK_FALSE(is_network_snapshot_line("3/14/01,2:15:03 AM,Tcpip,Error,None,4199,N/A,SRV01,Active Routes:"));
}

TEST_CASE("network snapshot: the event exports that quote its lines are not sniffed as it",
          "[network_snapshot][sniff]") {
  const std::string nt4_row = "3/14/01,2:15:03 AM,Tcpip,Error,None,4199,N/A,SRV01,Windows IP Configuration\r\n";
  const auto r = test::read_all(nt4_row, "x.txt");
  REQUIRE(r.opened);
  CHECK(r.format == Format::nt4_text);
}

TEST_CASE("network snapshot: empty input, blank lines and prompts alone yield nothing", "[network_snapshot]") {
  for (const std::string& text :
       {std::string(), std::string("\r\n\r\n"), std::string("C:\\>ipconfig /all\r\nC:\\>\r\n")}) {
    const auto r = read_net(text);
    CHECK(r.events.empty());
    CHECK(r.skipped == 0);
    CHECK(r.diagnostics.items().empty());
  }
}

TEST_CASE("network snapshot: the reader stays at its end and warns only once", "[network_snapshot]") {
  DiagnosticList diagnostics;
  auto input = std::make_unique<detail::TextInput>(
      open_memory_source("stray\nWindows IP Configuration\n   Host Name . . . : H1\n"), "in.txt", diagnostics);
  auto reader = detail::make_network_snapshot_reader(std::move(input), {}, ReaderOptions{"in.txt", 3});
  Event e;
  REQUIRE(reader->next(e));
  CHECK(e.kind == Event::Kind::network);
  CHECK(e.network.kind == NetworkFact::Kind::configuration);
  CHECK(e.computer == "H1");
  CHECK(e.origin.file == 3);
  CHECK(e.origin.line == 2);
  CHECK_FALSE(reader->next(e));
  CHECK_FALSE(reader->next(e));
  CHECK(reader->events() == 1);
  CHECK(reader->skipped() == 0);
  CHECK(reader->format() == Format::network_snapshot);
  CHECK(diag_codes(diagnostics) == Codes{"W0271@1"});
}

TEST_CASE("network snapshot: the sniffer's head is read first, then the rest of the input", "[network_snapshot]") {
  // open_reader hands over what it already decoded; the reader must start with it.
  const std::string head = w2k.substr(0, w2k.find("C:\\>route print"));
  const std::string rest = w2k.substr(head.size());
  DiagnosticList diagnostics;
  auto input = std::make_unique<detail::TextInput>(open_memory_source(rest), "in.txt", diagnostics);
  auto reader = detail::make_network_snapshot_reader(std::move(input), head, ReaderOptions{"in.txt", 0});
  Event e;
  readtest::Run run;
  while (reader->next(e)) run.events.push_back(e);
  CHECK(facts(run) == w2k_facts);
  CHECK(diagnostics.items().empty());
}
