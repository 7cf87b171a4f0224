// The normalized event: what every reader produces and every signature tests.
//
// One model serves all export formats (Event XML, NT4/2000 text, Vista CSV, wevtutil text, and
// later the binary logs), so a signature written once matches the same symptom in any of them.
// Fields a format does not carry stay empty; tests on an empty field are documented per test in
// signatures/README.md.
//
// Sharing: an Event is a plain value. Readers fill one Event object per call and reuse its
// buffers (clear() keeps capacity), so an Event handed out by Reader::next() is valid until the
// next call on that reader. Copy what must outlive it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kbmatch {

// Event severity as Event Viewer shows it. Classic (NT4-era) events carry it as an EventType;
// Vista+ events as a Level number; text exports as a (possibly localized) word.
enum class Level : std::uint8_t {
  unknown = 0,
  critical,
  error,
  warning,
  information,
  verbose,
  audit_success,
  audit_failure,
};

std::string_view level_name(Level level);  // "error", "information", ... ("" for unknown)
// Parses a level word as exports write it ("Error", "Failure Audit", "Audit Success", a few
// localized spellings) or an XML <Level> number. Returns Level::unknown when it cannot tell.
Level parse_level(std::string_view text);

// A point in time with what we know about its zone. Event XML carries UTC; Event Viewer text and
// CSV exports carry the exporting machine's local time with no offset. We keep the wall-clock
// value in both cases and record which it is, so output never claims a zone it does not know.
struct Timestamp {
  enum class Zone : std::uint8_t { none, utc, local };
  std::int64_t micros = 0;  // since 1970-01-01T00:00:00 of the stated zone
  Zone zone = Zone::none;

  bool known() const { return zone != Zone::none; }
  std::int64_t seconds() const { return micros >= 0 ? micros / 1000000 : -((-micros + 999999) / 1000000); }
};

// "2001-05-10T17:49:58Z" for UTC, "2001-05-10T17:49:58" for local time, fraction only when
// non-zero (milliseconds or microseconds as needed); "" when unknown.
std::string format_timestamp(const Timestamp& t);

// Where an event came from, for evidence and diagnostics.
struct Origin {
  std::uint32_t file = 0;    // index into the batch's file list (set by the caller of the reader)
  std::uint64_t line = 0;    // 1-based line of the record's first line in the file; 0 if none
  std::uint64_t offset = 0;  // byte offset of the record in the decoded text / binary file
};

// What a crash report says, whichever tool wrote it: Dr. Watson's own log (drwtsn32.log), its
// Application-log event (DrWatson 4097), or Windows Error Reporting's Application Error 1000,
// its 1001 report and Application Hang 1002. Readers and the crash-event normalizer fill it; the
// signatures' `crash:` tests read it, so one signature serves every source of the same crash.
struct CrashFacts {
  enum class Kind : std::uint8_t { none, crash, hang };
  Kind kind = Kind::none;
  std::string app;      // as written: "exe\rpcss.dbg" (NT4), "C:\WINNT\System32\tcpsvcs.exe", "rpcss.exe"
  std::string process;  // image_base_name(app): "rpcss"
  std::uint32_t pid = 0;
  bool has_pid = false;
  std::uint32_t exception_code = 0;  // NTSTATUS: 0xc0000005
  bool has_exception_code = false;
  std::string exception_name;        // as written: "access violation"
  std::string function;              // faulting function: "RtlAllocateHeap"; "" when unknown or <nosymbols>
  std::string module;                // faulting module, image_base_name form: "ntdll"; "" when unknown
  std::string fault_address;         // lower-case hex without 0x: "77f6b4e2"
  std::string fault_instruction;     // what follows "FAULT ->": "77f6b4e2 8b06  mov eax,[esi]"
  std::vector<std::string> frames;   // faulting thread's stack, innermost first: "ntdll!RtlAllocateHeap"
  std::vector<std::string> modules;  // loaded modules as listed: "dll\ntdll.dbg"
  std::string os_version;            // "4.0"
  std::string os_build;              // "1381"
  std::string service_pack;          // "Service Pack 6" (only some Dr. Watson versions write it)

  bool present() const { return kind != Kind::none; }
  void clear();  // keeps the buffers' capacity
};

std::string_view crash_kind_name(CrashFacts::Kind kind);  // "crash", "hang", ""

// The name a crash fact compares by: the last path component, without its extension, lower
// case. "exe\rpcss.dbg", "C:\WINNT\system32\RPCSS.EXE" and "rpcss" all give "rpcss".
std::string image_base_name(std::string_view path);

// An exception code as tools write it: "c0000005", "0xC0000005", "C0000005". nullopt otherwise.
std::optional<std::uint32_t> parse_exception_code(std::string_view text);

// One sample of a performance counter log (PDH-CSV/TSV as Performance Monitor, System Monitor,
// `relog -f csv` and `typeperf` write it): one cell of the log, for one counter at one time. The
// counter-log reader yields one record per cell that holds a value; signatures test series of
// them with trend predicates (signatures/README.md), never one by one.
struct CounterSample {
  std::string object;    // "Process"
  std::string instance;  // "rasdial" (with any "#1" suffix or "parent/" prefix as written); "" when none
  std::string counter;   // "Private Bytes"
  double value = 0;
  // The offset from UTC the log's header states ("(PDH-CSV 4.0) (Pacific Standard Time)(480)" is
  // -8 h), in seconds. The sample's time is then already UTC; the scanner also uses the offset to
  // place the same computer's local-time logs on that UTC timeline.
  std::int32_t utc_offset_seconds = 0;
  bool has_utc_offset = false;

  void clear();  // keeps the buffers' capacity
};

// One fact of a network configuration snapshot, as support engineers collect it with
// `ipconfig /all` and `route print` (NT4 to current Windows). The snapshot reader yields one
// record per fact; the scanner assembles each computer's snapshot from them (across files) and
// signatures test it with state checks (signatures/README.md).
struct NetworkFact {
  enum class Kind : std::uint8_t {
    none,
    configuration,  // an ipconfig banner ("Windows 2000 IP Configuration"), in Event::message
    address,        // an IPv4 address an adapter holds (ipconfig "IP Address" / "IPv4 Address")
    route,          // a row of an IPv4 route table
  };
  Kind kind = Kind::none;
  std::string adapter;    // address: the adapter heading, "Ethernet adapter Local Area Connection 2"
  std::string address;    // address: "10.1.1.5"; route: the network destination "10.1.0.0"
  std::string mask;       // subnet mask / netmask: "255.255.0.0"
  std::string gateway;    // route: "10.1.1.1", or "On-link" as Vista+ writes it
  std::string interface;  // route: the interface address "10.1.1.5"
  std::uint32_t metric = 0;
  bool persistent = false;  // route: from "Persistent Routes" (configured, not necessarily active)

  void clear();  // keeps the buffers' capacity
};

std::string_view network_fact_kind_name(NetworkFact::Kind kind);  // "configuration", "address", "route", ""

struct Event {
  // What the record is. Event logs, Dr. Watson logs and the DHCP audit log yield logged events;
  // counter logs and network snapshots yield observations of a machine's state, which carry no
  // event ID and are only tested by the predicates made for them (trends, state checks).
  enum class Kind : std::uint8_t { logged, counter_sample, network };
  Kind kind = Kind::logged;
  Timestamp time;
  std::string computer;          // as written; grouping normalizes it (see scanner.h)
  std::string log;               // channel / log name ("System", "Application"); empty when unknown
  std::string source;            // provider / source name as written ("DHCP Server", "DhcpServer")
  std::uint32_t event_id = 0;    // the 16-bit ID KB articles quote (classic ID & 0xFFFF)
  std::uint32_t qualifiers = 0;  // high 16 bits of a classic 32-bit event identifier
  bool has_event_id = false;
  Level level = Level::unknown;
  std::uint64_t record = 0;  // EventRecordID / record number
  bool has_record = false;
  std::string category;
  std::string user;
  std::vector<std::string> strings;       // insertion strings / <Data> values, in order
  std::vector<std::string> string_names;  // parallel to strings; "" for unnamed <Data>
  std::string message;                    // rendered description, when the export has one
  std::string data;                       // binary data (<Binary>, Data:), raw bytes
  CrashFacts crash;                       // set for crash reports (see CrashFacts)
  CounterSample sample;                   // Kind::counter_sample
  NetworkFact network;                    // Kind::network
  Origin origin;

  // Resets every field but keeps the buffers' capacity (readers reuse one Event).
  void clear();
  void add_string(std::string_view name, std::string_view value);
};

// Lower-case hex of `bytes`, no separators ("02feffff").
std::string to_hex(std::string_view bytes);

}  // namespace kbmatch
