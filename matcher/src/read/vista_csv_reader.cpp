// Vista+ Event Viewer "Save All Events As" CSV (comma) and Text (tab-delimited).
//
// A header names five columns (Level, Date and Time, Source, Event ID, Task Category); every row
// carries a sixth, unnamed one: the rendered description, quoted when it holds line breaks, the
// delimiter or quotes (doubled). A quoted field therefore spans lines. A description whose
// closing quote never comes (a cut-off copy) would swallow the rest of the file, so a line that
// starts like a new row ends it: that record is reported as damaged and reading resumes there.
#include <algorithm>
#include <vector>

#include "read/line_reader.h"
#include "read/text_reader.h"
#include "read/vista_row.h"
#include "util/civil_time.h"
#include "util/text.h"

namespace kbmatch::detail {

std::optional<Timestamp> parse_vista_date_and_time(std::string_view s) {
  s = trim(s);
  const std::size_t sp = s.find(' ');
  if (sp == std::string_view::npos) return std::nullopt;
  return parse_locale_date_time(s.substr(0, sp), s.substr(sp + 1));
}

bool is_vista_header_line(std::string_view line, char delimiter) {
  const std::size_t a = line.find(delimiter);
  return a != std::string_view::npos && iequals(trim(line.substr(0, a)), "Level") &&
         line.find("Event ID") != std::string_view::npos && std::count(line.begin(), line.end(), delimiter) >= 4;
}

bool is_vista_row_start(std::string_view line, char delimiter) {
  const std::size_t a = line.find(delimiter);
  if (a == std::string_view::npos || parse_level(line.substr(0, a)) == Level::unknown) return false;
  const std::size_t b = line.find(delimiter, a + 1);
  return b != std::string_view::npos && parse_vista_date_and_time(line.substr(a + 1, b - a - 1)).has_value();
}

namespace {

constexpr std::size_t max_record_bytes = 16 * 1024 * 1024;

class VistaCsvReader final : public TextReader {
 public:
  VistaCsvReader(std::unique_ptr<TextInput> input, std::string head, const ReaderOptions& options, char delimiter)
      : TextReader(Format::vista_csv, std::move(input), options),
        lines_(*input_, std::move(head)),
        delimiter_(delimiter) {}

  bool read_next(Event& event) override {
    for (;;) {
      std::uint64_t line = 0;
      const Status status = read_record(line);
      if (status == Status::eof) return false;
      if (status == Status::unterminated) {
        // The row's fields are intact; only the description lost its tail (a cut-off copy).
        // Keep the event with what the description has, and say so.
        warn(line, "W0222",
             "quoted description is never closed; it was ended before line " +
                 std::to_string(pushback_line_ != 0 ? pushback_line_ : lines_.line_number() + 1));
      }
      if (status == Status::too_large) {
        skip_record(line, "E0223", "record larger than " + std::to_string(max_record_bytes) + " bytes");
        continue;
      }
      if (fields_.size() == 1 && trim(fields_[0]).empty()) continue;  // blank line
      const bool first = !seen_record_;
      seen_record_ = true;
      if (is_header()) continue;  // also a header repeated by concatenated exports
      if (first && fields_.size() == 5 && !parse_vista_date_and_time(fields_[1])) {
        continue;  // the header of a localized Event Viewer ("Ebene,Datum und Uhrzeit,...")
      }
      if (fields_.size() < 5) {
        skip_record(line, "E0221", "row has " + std::to_string(fields_.size()) + " field(s), expected 6");
        continue;
      }
      const auto time = parse_vista_date_and_time(fields_[1]);
      const auto id = parse_uint(fields_[3]);
      if (!time || !id) {
        skip_record(line, "E0221", !time ? "row has no valid date and time" : "row has no valid event ID");
        continue;
      }
      event.clear();
      event.level = parse_level(fields_[0]);
      event.time = *time;
      event.source = trim(fields_[2]);
      event.event_id = static_cast<std::uint32_t>(*id & 0xFFFF);
      event.qualifiers = static_cast<std::uint32_t>((*id >> 16) & 0xFFFF);
      event.has_event_id = true;
      event.category = trim(fields_[4]);
      for (std::size_t i = 5; i < fields_.size(); ++i) {
        // More than six fields: an unquoted description that held the delimiter.
        if (i > 5) event.message += delimiter_;
        event.message += fields_[i];
      }
      while (!event.message.empty() && is_space(event.message.back())) event.message.pop_back();
      event.origin.file = options_.file_index;
      event.origin.line = line;
      event.origin.offset = record_offset_;
      ++events_;
      return true;
    }
  }

 private:
  enum class Status { ok, eof, unterminated, too_large };

  bool is_header() const {
    return fields_.size() >= 5 && iequals(trim(fields_[0]), "Level") && iequals(trim(fields_[3]), "Event ID");
  }

  bool next_line(std::string_view& line) {
    if (has_pushback_) {
      has_pushback_ = false;
      line = pushback_;
      return true;
    }
    return lines_.next(line);
  }

  // Splits one record into fields_, following quoted fields across lines.
  Status read_record(std::uint64_t& first_line) {
    fields_.clear();
    std::string_view line;
    if (!next_line(line)) return Status::eof;
    first_line = pushback_line_ != 0 ? pushback_line_ : lines_.line_number();
    record_offset_ = lines_.line_offset();
    pushback_line_ = 0;
    std::string field;
    std::size_t total = 0;
    bool overflow = false;  // past max_record_bytes: keep following the quotes, stop storing
    bool in_quotes = false;
    bool field_started = false;  // a field is open (needed to tell "" from nothing)
    for (;;) {
      total += line.size();
      for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (in_quotes) {
          if (c == '"') {
            if (i + 1 < line.size() && line[i + 1] == '"') {
              field += '"';
              ++i;
            } else {
              in_quotes = false;
            }
          } else {
            field += c;
          }
        } else if (c == delimiter_) {
          fields_.push_back(std::move(field));
          field.clear();
          field_started = false;
        } else if (c == '"' && !field_started) {
          in_quotes = true;
          field_started = true;
        } else {
          field += c;
          field_started = true;
        }
      }
      if (!in_quotes) break;
      if (total > max_record_bytes) {
        overflow = true;
        field.clear();
      }
      if (!lines_.next(line)) {
        if (overflow) return Status::too_large;
        fields_.push_back(std::move(field));
        return Status::unterminated;
      }
      if (is_vista_row_start(line, delimiter_) || is_vista_header_line(line, delimiter_)) {
        pushback_.assign(line);
        pushback_line_ = lines_.line_number();
        has_pushback_ = true;
        if (overflow) return Status::too_large;
        fields_.push_back(std::move(field));
        return Status::unterminated;
      }
      if (!overflow) field += '\n';
    }
    if (overflow) return Status::too_large;
    fields_.push_back(std::move(field));
    return Status::ok;
  }

  LineReader lines_;
  char delimiter_;
  std::vector<std::string> fields_;
  std::string pushback_;
  std::uint64_t pushback_line_ = 0;
  std::uint64_t record_offset_ = 0;
  bool has_pushback_ = false;
  bool seen_record_ = false;
};

}  // namespace

std::unique_ptr<Reader> make_vista_csv_reader(std::unique_ptr<TextInput> input, std::string head,
                                              const ReaderOptions& options, char delimiter) {
  return std::make_unique<VistaCsvReader>(std::move(input), std::move(head), options, delimiter);
}

}  // namespace kbmatch::detail
