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

  std::unique_ptr<TextInput> input_;
  ReaderOptions options_;
};

// True for a line that starts a `wevtutil qe /f:text` record ("Event[12]:"); the sniffer uses it too.
bool is_wevtutil_record_start(std::string_view line);

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

}  // namespace kbmatch::detail
