// NT4 / 2000 / XP Event Viewer "Save Log File As" text, tab- or comma-delimited.
//
// Each record is `date,time,source,type,category,event,user,computer,description` with no header
// and no quoting: the description may hold the delimiter and may continue on the following lines.
// So a record starts at a line that parses as such a row, and every other line continues the
// description of the record before it. A line that starts like a row (a date and the delimiter)
// but lacks fields is a damaged record: it is skipped together with its continuation lines.
#include <array>

#include "read/line_reader.h"
#include "read/nt4_row.h"
#include "read/text_reader.h"
#include "util/civil_time.h"
#include "util/text.h"

namespace kbmatch::detail {

RowStart classify_nt4_row(std::string_view line, char delimiter, std::array<std::string_view, 9>& fields) {
  // A row starts with a date followed by the delimiter; anything else is a continuation line.
  const std::size_t first = line.find(delimiter);
  if (first == std::string_view::npos || !parse_locale_date(line.substr(0, first))) return RowStart::no;
  std::size_t begin = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    const std::size_t d = line.find(delimiter, begin);
    if (d == std::string_view::npos) return RowStart::damaged;
    fields[i] = line.substr(begin, d - begin);
    begin = d + 1;
  }
  fields[8] = line.substr(begin);
  if (!parse_time_of_day(fields[1]) || !parse_uint(fields[5])) return RowStart::damaged;
  return RowStart::yes;
}

namespace {

class Nt4TextReader final : public TextReader {
 public:
  Nt4TextReader(std::unique_ptr<TextInput> input, std::string head, const ReaderOptions& options, char delimiter)
      : TextReader(Format::nt4_text, std::move(input), options),
        lines_(*input_, std::move(head)),
        delimiter_(delimiter) {}

  bool read_next(Event& event) override {
    std::string_view line;
    while (lines_.next(line)) {
      std::array<std::string_view, 9> fields;
      switch (classify_nt4_row(line, delimiter_, fields)) {
        case RowStart::yes:
          if (has_pending_) {
            finish(event);
            start(fields);
            return true;
          }
          start(fields);
          break;
        case RowStart::damaged:
          if (has_pending_) {
            finish(event);
            has_pending_ = false;
            in_damaged_ = true;
            skip_record(lines_.line_number(), "E0211", "row has fewer than 9 fields or a bad time/event ID");
            return true;
          }
          in_damaged_ = true;
          skip_record(lines_.line_number(), "E0211", "row has fewer than 9 fields or a bad time/event ID");
          break;
        case RowStart::no:
          if (has_pending_) {
            pending_.message += '\n';
            pending_.message += line;
          } else if (!in_damaged_ && !trim(line).empty()) {
            note_stray(lines_.line_number());
          }
          break;
      }
    }
    report_stray("W0211", "outside any record");
    if (has_pending_) {
      finish(event);
      has_pending_ = false;
      return true;
    }
    return false;
  }

 private:
  void start(const std::array<std::string_view, 9>& f) {
    has_pending_ = true;
    in_damaged_ = false;
    Event& e = pending_;
    e.clear();
    e.time = parse_locale_date_time(f[0], f[1]).value_or(Timestamp{});
    e.source = trim(f[2]);
    e.level = parse_level(f[3]);
    e.category = trim(f[4]);
    const std::uint64_t id = parse_uint(f[5]).value_or(0);
    e.event_id = static_cast<std::uint32_t>(id & 0xFFFF);
    e.qualifiers = static_cast<std::uint32_t>((id >> 16) & 0xFFFF);
    e.has_event_id = true;
    if (trim(f[6]) != "N/A") e.user = trim(f[6]);  // as the other readers: N/A is no user
    e.computer = trim(f[7]);
    e.message = f[8];
    e.origin.file = options_.file_index;
    e.origin.line = lines_.line_number();
    e.origin.offset = lines_.line_offset();
  }

  void finish(Event& out) {
    // Trailing blank lines belong to no one; drop them from the description.
    while (!pending_.message.empty() && is_space(pending_.message.back())) pending_.message.pop_back();
    std::swap(out, pending_);
    ++events_;
  }

  LineReader lines_;
  char delimiter_;
  Event pending_;
  bool has_pending_ = false;
  bool in_damaged_ = false;
};

}  // namespace

std::unique_ptr<Reader> make_nt4_text_reader(std::unique_ptr<TextInput> input, std::string head,
                                             const ReaderOptions& options, char delimiter) {
  return std::make_unique<Nt4TextReader>(std::move(input), std::move(head), options, delimiter);
}

}  // namespace kbmatch::detail
