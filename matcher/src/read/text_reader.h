// Shared plumbing of the text-export readers: the decoded input, and one way to report a record
// that had to be skipped (with file and line) so every reader counts and words it alike.
#pragma once

#include <memory>
#include <string>

#include "kbmatch/reader.h"
#include "read/text_input.h"

namespace kbmatch::detail {

class TextReader : public Reader {
 protected:
  TextReader(Format f, std::unique_ptr<TextInput> input, const ReaderOptions& options)
      : Reader(f), input_(std::move(input)), options_(options) {}

  // Counts a damaged record and reports it; the reader then goes on with the next one.
  void skip_record(std::uint64_t line, std::string code, std::string message) {
    ++skipped_;
    input_->diagnostics().report(make_diagnostic(Severity::error, std::move(code), options_.display_name,
                                                 std::move(message) + " (record skipped)", line));
  }

  void warn(std::uint64_t line, std::string code, std::string message) {
    input_->diagnostics().report(
        make_diagnostic(Severity::warning, std::move(code), options_.display_name, std::move(message), line));
  }

  // Text outside any record (a preamble, pasted notes) is not data: counted as it comes and
  // reported once, at the end, as one warning naming the first such line.
  void note_stray(std::uint64_t line) {
    if (stray_lines_++ == 0) stray_line_ = line;
  }
  void report_stray(std::string code, std::string_view where) {
    if (stray_lines_ == 0) return;
    warn(stray_line_, std::move(code),
         std::to_string(stray_lines_) + " line(s) " + std::string(where) + " were ignored (first one here)");
    stray_lines_ = 0;
  }

  std::unique_ptr<TextInput> input_;
  ReaderOptions options_;

 private:
  std::uint64_t stray_lines_ = 0;
  std::uint64_t stray_line_ = 0;
};

// True for a line that starts a `wevtutil qe /f:text` record ("Event[12]:"); the sniffer uses it too.
bool is_wevtutil_record_start(std::string_view line);

// True for a line (trimmed) that only a Dr. Watson log has: "Application exception occurred:",
// the "Microsoft (R) DrWtsn32" banner, or one of its "*----> Section <----*" headings.
bool is_drwatson_log_line(std::string_view line);

// True for the first line of a DHCP Server audit log ("Microsoft DHCP Service Activity Log") or
// its CSV header ("ID,Date,Time,Description,...").
bool is_dhcp_audit_log_line(std::string_view line);

// True for the first line of a counter log: its first field is "(PDH-CSV 4.0) ..." or
// "(PDH-TSV 4.0) ...", quoted or not.
bool is_counter_log_header(std::string_view line);

// True for a line (trimmed) only ipconfig or route print output has: an ipconfig banner
// ("Windows NT IP Configuration", "Windows 2000 IP Configuration", "Windows IP Configuration"),
// or a route print heading ("Interface List", "Active Routes:", "IPv4 Route Table", the
// "Network Destination  Netmask ..." / "Network Address  Netmask ..." column line).
bool is_network_snapshot_line(std::string_view line);

// True when most non-blank lines of `head` start with a date and time, as a program's own log
// writes them ("2000-03-20 10:15:02 ...", "03/20/2000 10:15:02 AM ...", "[2000-03-20 10:15:02]").
bool looks_like_text_log(std::string_view head);

// Factories used by open_reader() once the format is known. `head` is the text the sniffer
// already decoded; the reader starts with it.
std::unique_ptr<Reader> make_xml_reader(std::unique_ptr<TextInput> input, std::string head,
                                        const ReaderOptions& options);
std::unique_ptr<Reader> make_nt4_text_reader(std::unique_ptr<TextInput> input, std::string head,
                                             const ReaderOptions& options, char delimiter);
std::unique_ptr<Reader> make_vista_csv_reader(std::unique_ptr<TextInput> input, std::string head,
                                              const ReaderOptions& options, char delimiter);
std::unique_ptr<Reader> make_wevtutil_text_reader(std::unique_ptr<TextInput> input, std::string head,
                                                  const ReaderOptions& options);
std::unique_ptr<Reader> make_drwatson_log_reader(std::unique_ptr<TextInput> input, std::string head,
                                                 const ReaderOptions& options);
std::unique_ptr<Reader> make_dhcp_audit_log_reader(std::unique_ptr<TextInput> input, std::string head,
                                                   const ReaderOptions& options);
std::unique_ptr<Reader> make_counter_log_reader(std::unique_ptr<TextInput> input, std::string head,
                                                const ReaderOptions& options);
std::unique_ptr<Reader> make_network_snapshot_reader(std::unique_ptr<TextInput> input, std::string head,
                                                     const ReaderOptions& options);
std::unique_ptr<Reader> make_text_log_reader(std::unique_ptr<TextInput> input, std::string head,
                                             const ReaderOptions& options);

}  // namespace kbmatch::detail
