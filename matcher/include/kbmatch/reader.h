// Readers: the first stage of the pipeline (files → normalized events).
//
// open_reader() sniffs the format from the content (never from the file name), then hands back
// a pull reader that streams the input in bounded memory: only the record being parsed is held,
// never the whole file. A damaged record is reported to the DiagnosticSink with file and line,
// counted in skipped(), and the reader goes on with the next record.
//
// Sharing: a Reader belongs to one thread. The DiagnosticSink passed in must outlive it.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "kbmatch/diagnostic.h"
#include "kbmatch/event.h"

namespace kbmatch {

enum class Format : std::uint8_t {
  unknown,
  event_xml,         // wevtutil /f:xml, /f:RenderedXml, Event Viewer "Save As XML", converters
  nt4_text,          // NT4/2000/XP Event Viewer "Save As" tab- or comma-delimited text
  vista_csv,         // Vista+ Event Viewer "Save All Events As" CSV or tab-delimited text
  wevtutil_text,     // wevtutil qe /f:text
  drwatson_log,      // Dr. Watson for Windows NT's drwtsn32.log: one event per crash
  dhcp_audit_log,    // DHCP Server audit log DhcpSrvLog-<Day>.log / DhcpSrvLog.<Day>
  counter_log,       // Performance Monitor / relog / typeperf PDH-CSV or PDH-TSV: counter samples
  network_snapshot,  // ipconfig /all and route print output: network configuration facts
  text_log,          // a program's own log, one timestamped line per entry (the last resort)
  evtx,              // binary .evtx (Vista+ event log file)
  evt,               // binary .evt (NT 3.1 to Windows 2003 event log file)
};

std::string_view format_name(Format f);

// Raw bytes of one input. Implementations: a file, standard input, memory (tests, fuzzing).
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to n bytes; returns 0 only at end of input. Throws std::runtime_error on an I/O
  // error (caught by open_reader's caller as a file-level error).
  virtual std::size_t read(char* buffer, std::size_t n) = 0;

  // Random access, for the binary logs: .evtx chunks are read in record order and .evt ring
  // buffers from their oldest record, which need not be where the file begins. Regular files
  // (also when given as standard input) and memory have it; pipes do not, and the binary readers
  // then read front to back.
  virtual bool random_access() const { return false; }
  // Reads up to n bytes at `offset` (independent of read()'s position); returns fewer only at the
  // end of input. Only valid when random_access(). Throws std::runtime_error on an I/O error.
  virtual std::size_t read_at(std::uint64_t offset, char* buffer, std::size_t n);
  // The input's size in bytes, when random_access().
  virtual std::uint64_t size() const { return 0; }
};

// Returns nullptr and sets `error` when the file cannot be opened.
std::unique_ptr<ByteSource> open_file_source(const std::string& path, std::string& error);
std::unique_ptr<ByteSource> open_stdin_source();
std::unique_ptr<ByteSource> open_memory_source(std::string bytes);

class Reader {
 public:
  virtual ~Reader() = default;
  // Fills `event` with the next good event and returns true; returns false at end of input.
  // Damaged records never come out of here: they are reported and counted in skipped().
  // Crash reports logged as events (DrWatson 4097, Application Error 1000, ...) come out with
  // their Event::crash facts filled in, whatever the format.
  bool next(Event& event);

  Format format() const { return format_; }
  std::uint64_t events() const { return events_; }    // events returned so far
  std::uint64_t skipped() const { return skipped_; }  // damaged records skipped so far

 protected:
  explicit Reader(Format f) : format_(f) {}
  // The format's own record parsing; next() adds what every format shares.
  virtual bool read_next(Event& event) = 0;
  Format format_;
  std::uint64_t events_ = 0;
  std::uint64_t skipped_ = 0;
};

struct ReaderOptions {
  std::string display_name;      // used in diagnostics and evidence ("-" for stdin)
  std::uint32_t file_index = 0;  // copied into Event::origin.file
};

// Sniffs the input and returns a reader for it. Returns nullptr (after reporting an error
// diagnostic) when the format is not recognized or has no reader yet.
std::unique_ptr<Reader> open_reader(std::unique_ptr<ByteSource> source, const ReaderOptions& options,
                                    DiagnosticSink& diagnostics);

}  // namespace kbmatch
