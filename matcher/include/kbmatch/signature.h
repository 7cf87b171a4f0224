// Signatures as written: the parsed, validated form of one signatures/<article>.yaml file.
//
// The loader turns YAML into these plain structs and checks them (every problem reported as
// file:line:col); the compiler (rule_set.h) lowers them into the immutable form the scanner uses.
// The schema is documented in signatures/README.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kbmatch/diagnostic.h"
#include "kbmatch/event.h"

namespace kbmatch {

struct SourceLocation {
  std::string file;
  std::uint32_t line = 0;    // 1-based
  std::uint32_t column = 0;  // 1-based
};

enum class Confidence : std::uint8_t { low = 1, medium = 2, high = 3 };
std::string_view confidence_name(Confidence c);
std::optional<Confidence> parse_confidence(std::string_view name);  // "high", "medium", "low"

// One test on an event's content.
struct FieldTest {
  enum class Kind : std::uint8_t {
    string_equals,     // some insertion string equals `text` (trimmed, ASCII case-insensitive)
    string_matches,    // some insertion string matches the regex `text`
    message_matches,   // the message (or, without one, the insertion strings) matches regex `text`
    message_contains,  // ... contains `text` (ASCII case-insensitive)
    data_contains,     // the binary data contains `bytes`
  };
  Kind kind = Kind::string_equals;
  std::string text;
  std::string bytes;
  SourceLocation where;
};

// Tests on a crash report's facts (Event::crash), so one symptom matches the same crash in a
// Dr. Watson log, a DrWatson 4097 event or an Application Error 1000. Every key given must hold;
// a key with a list holds when one item does. The loader stores names normalized: processes and
// modules in image_base_name() form, functions and frames lower case.
struct CrashTest {
  std::vector<std::string> processes;          // "rpcss"
  std::vector<std::uint32_t> exception_codes;  // 0xc0000005
  std::vector<std::string> functions;          // faulting function: "rtlallocateheap"
  std::vector<std::string> modules;            // faulting module: "ntdll"
  std::vector<std::string> frames;             // any stack frame: "ntdll!rtlallocateheap" or "rtlallocateheap"
  std::optional<CrashFacts::Kind> kind;        // crash or hang; absent = either
  SourceLocation where;
};

// Which series of a counter log a trend symptom reads: one series per instance and counter.
// Names compare ASCII case-insensitively; instances are glob patterns ('*', '?').
struct CounterTest {
  std::string object;                  // "Process"
  std::vector<std::string> counters;   // "Private Bytes"
  std::vector<std::string> instances;  // empty = every instance but "_Total"
  SourceLocation where;
};

// A steady trend in one series: the longest window where the counter moves the given way along
// a straight line (least squares), far enough, long enough, and is not given back afterwards
// within the same process lifetime. See scan/trend.h for how restarts and noise are handled.
struct TrendSpec {
  enum class Direction : std::uint8_t { rising, falling };
  Direction direction = Direction::rising;
  std::int64_t min_duration = 0;  // seconds the window spans, at least
  double min_change = 0;          // in the counter's unit (bytes, handles), at least
  double min_change_percent = 0;  // of the level at the window's start, at least
  double min_fit = 0.8;           // R² of the straight line, at least (0..1)
  std::uint32_t min_samples = 6;  // samples inside the window, at least
  SourceLocation where;
};

// A fact computed over one computer's network snapshot (ipconfig /all + route print).
struct NetworkCheck {
  enum class Kind : std::uint8_t {
    route_interface_not_held,      // an active route goes out through an address no adapter holds
    address_without_host_route,    // an address an adapter holds has no 255.255.255.255 host route
    address_without_subnet_route,  // ... no route to its own subnet
    multihomed,                    // two or more adapters hold an address
    multiple_addresses,            // two or more addresses in all (one adapter may hold several)
  };
  Kind kind = Kind::route_interface_not_held;
  SourceLocation where;
};

std::string_view network_check_name(NetworkCheck::Kind kind);

// One symptom a KB article describes: a logged event (the usual case), a trend in a counter log,
// or a fact of a network snapshot. The three kinds exclude each other.
struct SymptomSpec {
  std::string id;
  std::string description;
  std::vector<std::string> logs;     // empty = any log; an event whose log is unknown passes
  std::vector<std::string> sources;  // aliases across eras; empty = any source
  std::optional<std::uint32_t> event_id;
  std::optional<Level> level;
  std::vector<FieldTest> all_of;        // every one must hold
  std::vector<FieldTest> any_of;        // at least one must hold (when non-empty)
  std::vector<FieldTest> none_of;       // none may hold
  std::optional<CrashTest> crash;       // the event must be a crash report with these facts
  std::optional<CounterTest> counter;   // a trend symptom: the series it reads ...
  std::optional<TrendSpec> trend;       // ... and the trend it must show (both or neither)
  std::optional<NetworkCheck> network;  // a network snapshot symptom
  SourceLocation where;

  bool is_observation() const { return counter.has_value() || network.has_value(); }
};

struct RepeatSpec {
  std::int64_t every = 0;      // seconds between occurrences
  std::int64_t tolerance = 0;  // seconds either way
  std::uint32_t at_least = 3;  // occurrences in one regular run
};

// How symptoms combine; a tree of all/any/sequence over symptom tests.
struct ConditionSpec {
  // sequence: its children (steps: a symptom, or any of symptoms) occur in this order, each at
  // or after the previous one, each at most its `max_gap` after it, all inside `within`.
  enum class Kind : std::uint8_t { symptom, all, any, sequence };
  Kind kind = Kind::symptom;
  std::string symptom;                  // Kind::symptom
  std::uint32_t count = 1;              // Kind::symptom: at least this many occurrences ...
  std::optional<std::int64_t> within;   // ... inside one window of this many seconds; for all/any:
                                        // every child satisfied inside one such window
  std::optional<RepeatSpec> repeats;    // Kind::symptom: occurrences at a regular interval
  std::optional<std::int64_t> max_gap;  // a sequence step: seconds after the previous step, at most
  std::string during;                   // Kind::symptom: the hits counted must fall inside one
                                        // occurrence of this trend symptom (its window)
  std::vector<ConditionSpec> children;  // Kind::all / Kind::any / Kind::sequence
  SourceLocation where;
};

// One combination and the confidence it earns. Rules are tried in order; the first that holds
// decides the finding, so they are listed from the strongest picture to the weakest.
struct RuleSpec {
  Confidence confidence = Confidence::low;
  std::string why;
  ConditionSpec condition;
  SourceLocation where;
};

struct FixFile {
  std::string name;
  std::string version;
  std::string date;
  std::string size;
  std::string platform;
};

// A Windows version and service pack range an article applies to.
struct SystemSpec {
  std::uint32_t major = 0, minor = 0;  // "4.0", "5.0", "5.1"
  std::optional<std::uint32_t> min_service_pack;
  std::optional<std::uint32_t> max_service_pack;
  SourceLocation where;
};

// Product gating: when the logs tell a computer's Windows version and service pack (EventLog
// 6009, Dr. Watson's system information, ipconfig's banner), a finding is only reported if they
// are among `systems`; while they do not tell, its confidence is at most `when_unknown`.
struct AppliesTo {
  std::vector<SystemSpec> systems;
  std::optional<Confidence> when_unknown;  // absent = no cap
  SourceLocation where;
};

struct SignatureSpec {
  std::string article;  // "Q216793"
  std::string title;
  std::string status;  // "curated" or "draft"
  std::vector<std::string> products;
  std::optional<AppliesTo> applies_to;
  std::string summary;
  std::vector<SymptomSpec> symptoms;
  std::vector<RuleSpec> rules;
  std::string resolution;
  std::vector<FixFile> fix_files;
  std::vector<std::string> references;
  SourceLocation where;
};

// Parses and validates one signature file's text. `file_name` is used in diagnostics and its stem
// must equal the article id. Returns false (and reports every problem found) if it is invalid.
bool load_signature(std::string_view yaml_text, const std::string& file_name, SignatureSpec& out,
                    DiagnosticSink& diagnostics);

// Loads every *.yaml file below `directory` (recursively, sorted by path). Returns false if the
// directory cannot be read, holds no signature, or any file is invalid; all files are checked.
bool load_signature_directory(const std::string& directory, std::vector<SignatureSpec>& out,
                              DiagnosticSink& diagnostics);

// Duration in seconds from "90s", "15m", "24h", "2d" or a bare number of seconds.
std::optional<std::int64_t> parse_duration(std::string_view text);

}  // namespace kbmatch
