// Network configuration snapshots: `ipconfig /all` and `route print` (or `netstat -rn`, which
// prints the same tables) as support engineers collect them, NT 4.0 to current Windows, one or
// both commands per file, usually with the prompt lines and notes pasted around them.
//
// ipconfig, every era: a banner, the global section, then one section per adapter. Labels end
// in dot leaders; the value follows the colon after them.
//
//   Windows NT IP Configuration                         NT4 ("Windows 2000 IP Configuration",
//           Host Name . . . . . . . . . : srv01.corp.example.com     later "Windows IP Configuration")
//   Ethernet adapter Elnk31 :                           NT4 leaves a space before the colon
//           IP Address. . . . . . . . . : 10.1.1.5      NT4/2000/XP repeat IP Address/Subnet Mask
//           Subnet Mask . . . . . . . . : 255.255.255.0     pairs for each address of an adapter
//   Ethernet adapter Local Area Connection:             Vista and later:
//      Link-local IPv6 Address . . . . . : fe80::8d4f:1a2b:3c4d:5e6f%11(Preferred)
//      IPv4 Address. . . . . . . . . . . : 10.1.1.5(Preferred)
//      Subnet Mask . . . . . . . . . . . : 255.255.255.0
//
// route print: NT4 before SP4 prints only "Active Routes:" and a "Network Address  Netmask
// Gateway Address  Interface  Metric" table; 2000/XP/2003 add "====" rules, an "Interface List"
// ("0x10003 ...00 50 56 c0 00 01 ...... AMD PCNET Family Ethernet Adapter"), a "Network
// Destination ..." column line, "Default Gateway:" and "Persistent Routes:"; Vista and later
// head the tables "IPv4 Route Table" / "IPv6 Route Table", write "On-link" gateways, and give
// persistent routes a table of their own with no Interface column ("Default" as a metric).
//
// The configuration record (one per banner) is held back until the global section is over: the
// banner comes before the "Host Name" line, and the record should name the computer it
// describes, so it goes out at the first adapter heading, the next banner or route table, or the
// end of input, still pointing at the banner's line.
//
// Only addresses an adapter holds are facts: 0.0.0.0 (NdisWan adapters, disconnected cards) and
// "(Duplicate)" addresses are not, and IPv6 addresses and the IPv6 route table are skipped
// without a word, as the signatures test IPv4 configuration only and IPv6 lines are normal
// output, not damage. Persistent routes are marked because they are configured, not necessarily
// active: a persistent route whose gateway is unreachable never reaches the active table, and
// that difference is often the symptom.
//
// The reader is line by line with no look-ahead; what it stores (host and adapter names, one
// pending address, a few facts ready to go out) is capped, so memory stays bounded.
#include <array>

#include "read/line_reader.h"
#include "read/text_reader.h"
#include "util/text.h"

namespace kbmatch::detail {

namespace {

// Bytes kept of a host name, an adapter heading or a banner, so a runaway line cannot grow them.
constexpr std::size_t max_stored = 256;
// Bytes of a bad value quoted in a diagnostic.
constexpr std::size_t max_quoted = 40;

std::string quoted(std::string_view s) {
  return "\"" + std::string(utf8_prefix(s, max_quoted)) + "\"";
}

// The next whitespace-delimited word of `s`; `s` is advanced past it ("" at the end).
std::string_view take_word(std::string_view& s) {
  std::size_t begin = 0;
  while (begin < s.size() && is_space(s[begin])) ++begin;
  std::size_t end = begin;
  while (end < s.size() && !is_space(s[end])) ++end;
  const std::string_view word = s.substr(begin, end - begin);
  s.remove_prefix(end);
  return word;
}

// True when `text` has the words of `phrase`, in order, however they are spaced (the column lines
// are aligned with runs of spaces that vary by version and by the width of the rows).
bool words_equal(std::string_view text, std::string_view phrase) {
  for (;;) {
    const std::string_view a = take_word(text);
    const std::string_view b = take_word(phrase);
    if (!iequals(a, b)) return false;
    if (a.empty()) return true;
  }
}

// A dotted IPv4 address: four decimal parts of 1-3 digits, each 0-255, nothing around them.
bool is_ipv4(std::string_view s) {
  std::size_t i = 0;
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (i >= s.size() || s[i] != '.') return false;
      ++i;
    }
    std::size_t digits = 0;
    unsigned value = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (++digits > 3) return false;
      value = value * 10 + static_cast<unsigned>(s[i] - '0');
      ++i;
    }
    if (digits == 0 || value > 255) return false;
  }
  return i == s.size();
}

// The ipconfig banners: "Windows NT IP Configuration", "Windows 2000 IP Configuration", "Windows
// IP Configuration" (and Windows 98's), and the German and French ones.
bool is_banner(std::string_view t) {
  constexpr std::string_view tail = "IP Configuration";
  if (t.size() >= 24 && t.size() <= 40 && istarts_with(t, "Windows ") &&
      iequals(t.substr(t.size() - tail.size()), tail)) {
    return true;
  }
  return iequals(t, "Windows-IP-Konfiguration") || iequals(t, "Configuration IP de Windows");
}

// Lines that structure route print (and netstat -rn) output.
enum class Heading : std::uint8_t {
  none,
  rule,                // "=========="
  interface_list,      // "Interface List"
  ipv4_table,          // "IPv4 Route Table", netstat's "Route Table"
  ipv6_table,          // "IPv6 Route Table"
  active,              // "Active Routes:"
  persistent,          // "Persistent Routes:"
  columns_interface,   // "Network Destination  Netmask  Gateway  Interface  Metric", NT4's "Network Address ..."
  columns_persistent,  // "Network Address  Netmask  Gateway Address  Metric"
  columns_ipv6,        // "If Metric Network Destination      Gateway"
  default_gateway,     // "Default Gateway:       10.1.1.1" (2000/XP/2003)
  active_connections,  // netstat -r on 2000/XP lists the connections after the tables
};

Heading route_heading(std::string_view t) {
  if (t.size() >= 3 && t.find_first_not_of('=') == std::string_view::npos) return Heading::rule;
  if (iequals(t, "Interface List")) return Heading::interface_list;
  if (iequals(t, "IPv4 Route Table") || iequals(t, "Route Table")) return Heading::ipv4_table;
  if (iequals(t, "IPv6 Route Table")) return Heading::ipv6_table;
  if (iequals(t, "Active Routes:")) return Heading::active;
  if (iequals(t, "Persistent Routes:")) return Heading::persistent;
  if (istarts_with(t, "Default Gateway:")) return Heading::default_gateway;
  if (iequals(t, "Active Connections")) return Heading::active_connections;
  if (words_equal(t, "Network Destination Netmask Gateway Interface Metric") ||
      words_equal(t, "Network Address Netmask Gateway Address Interface Metric")) {
    return Heading::columns_interface;
  }
  if (words_equal(t, "Network Address Netmask Gateway Address Metric")) return Heading::columns_persistent;
  if (words_equal(t, "If Metric Network Destination Gateway")) return Heading::columns_ipv6;
  return Heading::none;
}

// "C:\>ipconfig /all", "C:\WINNT>route print", "PS C:\Users\admin> ipconfig /all".
bool is_prompt(std::string_view t) {
  if (istarts_with(t, "PS ")) t.remove_prefix(3);
  const char drive = ascii_lower(t.empty() ? '\0' : t[0]);
  return t.size() >= 3 && drive >= 'a' && drive <= 'z' && t[1] == ':' && (t[2] == '\\' || t[2] == '>') &&
         t.find('>') != std::string_view::npos;
}

// An adapter heading, "<kind> adapter <name>:" (German "Ethernet-Adapter LAN-Verbindung:",
// "Tunneladapter ...", French "Carte Ethernet Connexion au réseau local :"); sets `name` to it
// without the colon. A label with an empty value also ends in a colon, but after dot leaders.
bool adapter_heading(std::string_view t, std::string_view& name) {
  if (t.size() < 2 || t.back() != ':') return false;
  const std::string_view body = trim(t.substr(0, t.size() - 1));
  if (body.empty() || body.back() == '.' || body.find(':') != std::string_view::npos ||
      body.find(". .") != std::string_view::npos) {
    return false;
  }
  if (find_icase(body, "adapter ") == std::string_view::npos && !istarts_with(body, "Carte ")) return false;
  name = body;
  return true;
}

// An ipconfig label line: the label, dot leaders, a colon, the value. The colon that counts is
// the first one: values hold colons of their own (IPv6 addresses, lease times), labels never do.
// Lines without leaders ("NetBIOS Resolution Uses DNS : No", German "Verbindungsspezifisches
// DNS-Suffix:") are not taken as labels; none of them is a label this reader uses.
bool split_label(std::string_view t, std::string_view& label, std::string_view& value) {
  const std::size_t colon = t.find(':');
  if (colon == std::string_view::npos) return false;
  std::string_view name = t.substr(0, colon);
  bool leaders = false;
  while (!name.empty() && (name.back() == '.' || is_space(name.back()))) {
    leaders = leaders || name.back() == '.';
    name.remove_suffix(1);
  }
  if (!leaders || name.empty()) return false;
  label = name;
  value = trim(t.substr(colon + 1));
  return true;
}

// `s` is `head`, at most `max_middle` bytes of anything, then `tail`: French labels whose accented
// letter may arrive as UTF-8, or misdecoded when the console wrote code page 850.
bool spans(std::string_view s, std::string_view head, std::size_t max_middle, std::string_view tail) {
  return s.size() >= head.size() + tail.size() && s.size() <= head.size() + max_middle + tail.size() &&
         istarts_with(s, head) && iequals(s.substr(s.size() - tail.size()), tail);
}

enum class Field : std::uint8_t { other, host, address, mask };

Field classify_label(std::string_view label) {
  if (iequals(label, "Host Name") || iequals(label, "Hostname") || spans(label, "Nom de l'h", 4, "te") ||
      spans(label, "Nom d'h", 4, "te")) {
    return Field::host;
  }
  for (const std::string_view name :
       {"IP Address", "IPv4 Address", "Autoconfiguration IP Address", "Autoconfiguration IPv4 Address", "IP-Adresse",
        "IPv4-Adresse", "Autokonfigurations-IP-Adresse", "Autokonfigurations-IPv4-Adresse", "Adresse IP",
        "Adresse IPv4", "Adresse IP d'autoconfiguration", "Adresse IPv4 d'autoconfiguration",
        "Adresse d'autoconfiguration IP", "Adresse d'autoconfiguration IPv4"}) {
    if (iequals(label, name)) return Field::address;
  }
  if (iequals(label, "Subnet Mask") || iequals(label, "Subnetzmaske") || spans(label, "Masque de sous-r", 4, "seau")) {
    return Field::mask;
  }
  return Field::other;
}

// An Interface List entry: "0x1 ........................... MS TCP Loopback interface",
// " 11...00 15 5d 01 02 03 ......Microsoft Hyper-V Network Adapter".
bool is_interface_entry(std::string_view t) {
  std::size_t i = istarts_with(t, "0x") ? 2 : 0;
  const std::size_t start = i;
  while (i < t.size() && hex_digit(t[i]) >= 0) ++i;
  return i > start && i < t.size() && (t[i] == '.' || is_space(t[i])) && t.find("...", i) != std::string_view::npos;
}

// What the IPv6 route table holds besides its headings: "None", rows (" 1    331 ::1/128
// On-link": interface index and metric first) and the second half of a row too long for one
// line (an "On-link" or IPv6 gateway alone).
bool is_ipv6_route_text(std::string_view t) {
  if (iequals(t, "None")) return true;
  std::string_view rest = t;
  const std::string_view first = take_word(rest);
  const std::string_view second = take_word(rest);
  if (second.empty()) return iequals(first, "On-link") || first.find(':') != std::string_view::npos;
  return parse_uint(first) && parse_uint(second);
}

// netstat -r's connection list: its column line and TCP/UDP rows.
bool is_connection_line(std::string_view t) {
  const std::string_view first = first_word(t);
  return iequals(first, "Proto") || istarts_with(first, "TCP") || istarts_with(first, "UDP");
}

}  // namespace

bool is_network_snapshot_line(std::string_view line) {
  const std::string_view t = trim(line);
  if (is_banner(t)) return true;
  switch (route_heading(t)) {
    case Heading::interface_list:
    case Heading::active:
    case Heading::columns_interface:
    case Heading::columns_persistent: return true;
    case Heading::ipv4_table: return iequals(t, "IPv4 Route Table");
    default: return false;
  }
}

namespace {

// One fact on its way out, with the line it came from.
struct Fact {
  NetworkFact::Kind kind = NetworkFact::Kind::none;
  std::string computer;  // the host name known when the fact was complete
  std::string message;   // configuration: the banner
  std::string adapter;
  std::string address;
  std::string mask;
  std::string gateway;
  std::string interface;
  std::uint32_t metric = 0;
  bool persistent = false;
  std::uint64_t line = 0;
  std::uint64_t offset = 0;
};

enum class Section : std::uint8_t {
  none,            // outside any output: text here is stray
  ipconfig,        // the global section of ipconfig output
  adapter,         // an adapter's section
  interface_list,  // route print's Interface List
  routes,          // between route print's tables
  route_table,     // rows of an IPv4 table
  ipv6,            // the IPv6 route table: skipped
  connections,     // netstat -r's connection list: skipped
};

// Like every reader, used by one thread; the Event it fills is reused by the caller.
class NetworkSnapshotReader final : public TextReader {
 public:
  NetworkSnapshotReader(std::unique_ptr<TextInput> input, std::string head, const ReaderOptions& options)
      : TextReader(Format::network_snapshot, std::move(input), options), lines_(*input_, std::move(head)) {}

  bool read_next(Event& event) override {
    for (;;) {
      if (ready_count_ > 0) {
        emit(ready_[ready_first_], event);
        ready_first_ = (ready_first_ + 1) % ready_.size();
        --ready_count_;
        ++events_;
        return true;
      }
      if (done_) return false;
      std::string_view line;
      if (lines_.next(line)) {
        take_line(line);
        continue;
      }
      end_ipconfig();
      report_stray("W0271", "outside ipconfig and route print output");
      done_ = true;
    }
  }

 private:
  void take_line(std::string_view line) {
    const std::string_view t = trim(line);
    if (t.empty()) {
      after_blank_ = true;
      return;
    }
    const bool after_blank = after_blank_;
    after_blank_ = false;
    const bool awaiting_host = awaiting_host_;
    awaiting_host_ = false;

    if (is_prompt(t)) {
      end_ipconfig();
      section_ = Section::none;
      return;
    }
    if (is_banner(t)) {
      end_ipconfig();
      start_configuration(t);
      return;
    }
    if (const Heading h = route_heading(t); h != Heading::none) {
      end_ipconfig();
      take_heading(h);
      return;
    }
    std::string_view name;
    if (adapter_heading(t, name)) {
      end_global();
      flush_address();
      adapter_.assign(utf8_prefix(name, max_stored));
      section_ = Section::adapter;
      return;
    }
    std::string_view label, value;
    if (split_label(t, label, value)) {
      // A label outside ipconfig output is ipconfig output whose banner was not pasted.
      if (section_ != Section::ipconfig && section_ != Section::adapter) section_ = Section::ipconfig;
      take_label(label, value);
      return;
    }
    switch (section_) {
      case Section::interface_list:
        if (is_interface_entry(t)) return;
        section_ = Section::routes;
        break;
      case Section::route_table:
        if (persistent_ && rows_ == 0 && iequals(t, "None")) {
          section_ = Section::routes;
          return;
        }
        // After a blank line only a row continues the table; right after a row, any line is one.
        if (!after_blank || is_ipv4(first_word(t))) {
          take_row(t);
          return;
        }
        section_ = Section::routes;
        break;
      case Section::ipv6:
        if (is_ipv6_route_text(t)) return;
        section_ = Section::none;
        break;
      case Section::connections:
        if (is_connection_line(t)) return;
        section_ = Section::none;
        break;
      case Section::ipconfig:
      case Section::adapter: {
        // KB copies put a long host name alone on the line after its label.
        std::string_view rest = t;
        take_word(rest);
        if (awaiting_host && section_ == Section::ipconfig && take_word(rest).empty()) {
          host_.assign(utf8_prefix(t, max_stored));
          return;
        }
        // An indented line without a label continues a value (the second DNS server).
        if (is_space(line.front())) return;
        break;
      }
      case Section::none:
      case Section::routes: break;
    }
    note_stray(lines_.line_number());
  }

  void start_configuration(std::string_view banner) {
    Fact& c = config_;
    c.kind = NetworkFact::Kind::configuration;
    c.message.assign(utf8_prefix(banner, max_stored));
    c.line = lines_.line_number();
    c.offset = lines_.line_offset();
    has_config_ = true;
    section_ = Section::ipconfig;
  }

  void take_heading(Heading h) {
    // The IPv6 table has "====" rules and "Active Routes:"/"Persistent Routes:" of its own.
    const bool in_ipv6 = section_ == Section::ipv6;
    switch (h) {
      case Heading::rule:
      case Heading::active:
      case Heading::persistent:
        if (in_ipv6) return;
        if (h == Heading::rule) section_ = Section::routes;
        if (h == Heading::active) open_table(false, 5);
        if (h == Heading::persistent) open_table(true, 4);
        return;
      case Heading::interface_list: section_ = Section::interface_list; return;
      case Heading::ipv4_table:
      case Heading::default_gateway: section_ = Section::routes; return;
      case Heading::ipv6_table:
      case Heading::columns_ipv6: section_ = Section::ipv6; return;
      case Heading::columns_interface:
      case Heading::columns_persistent: {
        const std::size_t columns = h == Heading::columns_interface ? 5 : 4;
        if (section_ == Section::route_table) {
          columns_ = columns;
        } else {
          open_table(columns == 4, columns);
        }
        return;
      }
      case Heading::active_connections: section_ = Section::connections; return;
      case Heading::none: return;
    }
  }

  void open_table(bool persistent, std::size_t columns) {
    section_ = Section::route_table;
    persistent_ = persistent;
    columns_ = columns;
    rows_ = 0;
  }

  void take_label(std::string_view label, std::string_view value) {
    const Field field = classify_label(label);
    if (field == Field::mask) {
      take_mask(value);
      return;
    }
    flush_address();
    if (field == Field::host) {
      if (value.empty()) {
        awaiting_host_ = true;
      } else {
        host_.assign(utf8_prefix(value, max_stored));
      }
    } else if (field == Field::address) {
      take_address(value);
    }
  }

  // "10.1.1.5", "10.1.1.5(Preferred)", "fe80::1%4" (XP lists IPv6 under "IP Address" too).
  void take_address(std::string_view value) {
    std::string_view address = value;
    const std::size_t paren = value.find('(');
    if (paren != std::string_view::npos) {
      address = trim(value.substr(0, paren));
      const std::string_view status = trim(value.substr(paren + 1));
      // English "(Duplicate)"; the French and German spellings are guesses at the same word.
      if (istarts_with(status, "Dupl") || istarts_with(status, "Doppel")) return;
    }
    if (address.empty() || address.find(':') != std::string_view::npos) return;
    if (!is_ipv4(address)) {
      warn(lines_.line_number(), "W0272",
           "IP address " + quoted(address) + " is not a dotted IPv4 address; the line was ignored");
      return;
    }
    if (address == "0.0.0.0") return;
    Fact& a = pending_address_;
    a.kind = NetworkFact::Kind::address;
    a.adapter = adapter_;
    a.address.assign(address);
    a.mask.clear();
    a.line = lines_.line_number();
    a.offset = lines_.line_offset();
    has_address_ = true;
  }

  void take_mask(std::string_view value) {
    if (!has_address_) return;  // the mask of an address that is not held (0.0.0.0, a duplicate)
    if (is_ipv4(value)) {
      pending_address_.mask.assign(value);
    } else if (!value.empty()) {
      warn(lines_.line_number(), "W0272",
           "subnet mask " + quoted(value) + " is not a dotted IPv4 address; the address is kept without it");
    }
    flush_address();
  }

  // A row of an IPv4 table: destination, netmask, gateway, interface (not in persistent tables),
  // metric.
  void take_row(std::string_view t) {
    const std::uint64_t line = lines_.line_number();
    std::array<std::string_view, 5> f;
    std::size_t n = 0;
    std::string_view rest = t;
    for (std::string_view w = take_word(rest); !w.empty(); w = take_word(rest)) {
      if (n < f.size()) f[n] = w;
      ++n;
    }
    ++rows_;
    if (n != columns_) {
      skip_record(line, "E0271",
                  "route row has " + std::to_string(n) + " fields, expected " +
                      (columns_ == 5 ? "5 (destination, netmask, gateway, interface, metric)"
                                     : "4 (destination, netmask, gateway, metric)"));
      return;
    }
    // Every column but the metric holds a dotted address; the gateway may be "On-link" (Vista+).
    constexpr std::array<std::string_view, 4> names = {"destination", "netmask", "gateway", "interface"};
    for (std::size_t i = 0; i + 1 < columns_; ++i) {
      if (is_ipv4(f[i]) || (i == 2 && iequals(f[i], "On-link"))) continue;
      skip_record(line, "E0271",
                  "route row's " + std::string(names[i]) + " " + quoted(f[i]) + " is not a dotted IPv4 address");
      return;
    }
    const std::string_view metric_text = f[columns_ - 1];
    std::uint32_t metric = 0;
    // Vista and later write "Default" for a persistent route added without a metric.
    if (!(persistent_ && iequals(metric_text, "Default"))) {
      const auto m = parse_uint(metric_text);
      if (!m || *m > 0xFFFFFFFFu) {
        skip_record(line, "E0271", "route row's metric " + quoted(metric_text) + " is not a number");
        return;
      }
      metric = static_cast<std::uint32_t>(*m);
    }
    Fact& r = push();
    r.kind = NetworkFact::Kind::route;
    r.computer = host_;
    r.message.clear();
    r.adapter.clear();
    r.address.assign(f[0]);
    r.mask.assign(f[1]);
    r.gateway.assign(f[2]);
    r.interface.assign(columns_ == 5 ? f[3] : std::string_view());
    r.metric = metric;
    r.persistent = persistent_;
    r.line = line;
    r.offset = lines_.line_offset();
  }

  // The global section is over: its configuration record can go out, with the host name.
  void end_global() {
    if (!has_config_) return;
    has_config_ = false;
    Fact& c = push();
    c = config_;
    c.computer = host_;
  }

  // The address waiting for its mask gets none.
  void flush_address() {
    if (!has_address_) return;
    has_address_ = false;
    Fact& a = push();
    a = pending_address_;
    a.computer = host_;
  }

  void end_ipconfig() {
    end_global();
    flush_address();
    adapter_.clear();
    awaiting_host_ = false;
  }

  // A slot at the end of the ready queue. A line completes at most two facts (a pending one it
  // ends and its own), and the queue is emptied before the next line is read, so it never fills.
  Fact& push() {
    const std::size_t slot = (ready_first_ + ready_count_) % ready_.size();
    if (ready_count_ < ready_.size()) ++ready_count_;
    return ready_[slot];
  }

  void emit(const Fact& f, Event& event) {
    event.clear();
    event.kind = Event::Kind::network;
    event.computer = f.computer;
    event.message = f.message;
    NetworkFact& n = event.network;
    n.kind = f.kind;
    n.adapter = f.adapter;
    n.address = f.address;
    n.mask = f.mask;
    n.gateway = f.gateway;
    n.interface = f.interface;
    n.metric = f.metric;
    n.persistent = f.persistent;
    event.origin.file = options_.file_index;
    event.origin.line = f.line;
    event.origin.offset = f.offset;
  }

  LineReader lines_;
  Section section_ = Section::none;
  bool after_blank_ = false;
  bool done_ = false;

  // ipconfig
  std::string host_;     // the last Host Name seen: the computer of every record after it
  std::string adapter_;  // heading of the adapter section being read
  bool awaiting_host_ = false;
  Fact config_;  // the banner's record, until the global section is over
  bool has_config_ = false;
  Fact pending_address_;  // an address, until its mask (or the lack of one) is known
  bool has_address_ = false;

  // route print
  bool persistent_ = false;
  std::size_t columns_ = 5;
  std::uint64_t rows_ = 0;  // rows (good or damaged) of the current table

  std::array<Fact, 4> ready_;
  std::size_t ready_first_ = 0;
  std::size_t ready_count_ = 0;
};

}  // namespace

std::unique_ptr<Reader> make_network_snapshot_reader(std::unique_ptr<TextInput> input, std::string head,
                                                     const ReaderOptions& options) {
  return std::make_unique<NetworkSnapshotReader>(std::move(input), std::move(head), options);
}

}  // namespace kbmatch::detail
