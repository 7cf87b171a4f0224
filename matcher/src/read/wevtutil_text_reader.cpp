// `wevtutil qe <log> /f:text`: records of "Label: value" lines.
//
//   Event[0]:
//     Log Name: System
//     Source: DhcpServer
//     Date: 2001-03-14T02:15:03.000        (old: local, no zone; new: UTC with 'Z')
//     Event ID: 1014
//     ...
//     Description:
//   The JET Database returned the following Error : -510.
//
// The description starts after "Description:" at column 0 and runs to the next "Event[" line,
// so a description line that looks like a label ("Subject:") is still description.
#include "read/line_reader.h"
#include "read/text_reader.h"
#include "util/civil_time.h"
#include "util/text.h"

namespace kbmatch::detail {

// True for "Event[12]:" (also without the colon or re-indented, as write-ups copy it).
bool is_wevtutil_record_start(std::string_view line) {
  line = trim(line);
  if (!line.starts_with("Event[")) return false;
  const std::size_t close = line.find(']');
  if (close == std::string_view::npos || close == 6 || !parse_uint(line.substr(6, close - 6))) return false;
  const std::string_view rest = line.substr(close + 1);
  return rest.empty() || rest == ":";
}

namespace {

class WevtutilTextReader final : public TextReader {
 public:
  WevtutilTextReader(std::unique_ptr<TextInput> input, std::string head, const ReaderOptions& options)
      : TextReader(Format::wevtutil_text, std::move(input), options), lines_(*input_, std::move(head)) {}

  bool read_next(Event& event) override {
    std::string_view line;
    for (;;) {
      const bool got = lines_.next(line);
      if (!got || is_wevtutil_record_start(line)) {
        const bool had = has_pending_;
        const std::uint64_t start_line = lines_.line_number();
        if (had) {
          has_pending_ = false;
          const bool ok = finish();
          if (ok) std::swap(event, pending_);
          if (got) begin(start_line);
          if (ok) {
            ++events_;
            return true;
          }
          continue;
        }
        if (!got) {
          report_stray("W0231", "outside any record");
          return false;
        }
        begin(start_line);
        continue;
      }
      if (!has_pending_) {
        if (!trim(line).empty()) note_stray(lines_.line_number());
        continue;
      }
      if (in_description_) {
        if (!description_started_) {
          description_started_ = true;
          pending_.message.assign(line);
        } else {
          pending_.message += '\n';
          pending_.message += line;
        }
        continue;
      }
      take_label(line);
    }
  }

 private:
  void begin(std::uint64_t line) {
    has_pending_ = true;
    in_description_ = false;
    description_started_ = false;
    pending_.clear();
    pending_.origin.file = options_.file_index;
    pending_.origin.line = line;
    pending_.origin.offset = lines_.line_offset();
    date_.clear();
    event_id_.clear();
    keyword_level_ = Level::unknown;
  }

  void take_label(std::string_view line) {
    const std::string_view t = trim(line);
    const std::size_t colon = t.find(':');
    if (colon == std::string_view::npos) return;
    const std::string_view label = t.substr(0, colon);
    const std::string_view value = trim(t.substr(colon + 1));
    if (label == "Log Name") {
      pending_.log = value;
    } else if (label == "Source") {
      pending_.source = value;
    } else if (label == "Date") {
      date_ = value;
    } else if (label == "Event ID") {
      event_id_ = value;
    } else if (label == "Task") {
      pending_.category = value;
    } else if (label == "Level") {
      pending_.level = parse_level(value);
    } else if (label == "Keyword") {
      keyword_level_ = parse_level(value);
    } else if (label == "User Name") {
      if (value != "N/A") pending_.user = value;
    } else if (label == "User") {
      if (value != "N/A" && pending_.user.empty()) pending_.user = value;
    } else if (label == "Computer") {
      pending_.computer = value;
    } else if (label == "Description") {
      in_description_ = true;
      if (!value.empty()) {  // some copies keep the text on the label line
        pending_.message = value;
        description_started_ = true;
      }
    }
  }

  // Validates the record collected so far; reports and returns false when it is damaged.
  bool finish() {
    while (!pending_.message.empty() && is_space(pending_.message.back())) pending_.message.pop_back();
    const auto id = parse_uint(event_id_);
    auto time = parse_iso8601(date_);
    if (!time)
      time = [&]() -> std::optional<Timestamp> {
        const std::size_t sp = date_.find(' ');
        if (sp == std::string::npos) return std::nullopt;
        return parse_locale_date_time(std::string_view(date_).substr(0, sp), std::string_view(date_).substr(sp + 1));
      }();
    if (!id || pending_.source.empty() || !time) {
      skip_record(pending_.origin.line, "E0231",
                  !id                       ? "record has no valid Event ID"
                  : pending_.source.empty() ? "record has no Source"
                                            : "record has no valid Date");
      return false;
    }
    // Audits print "Level: Information" and their outcome as the keyword; Event Viewer (and so
    // the other exports) shows that outcome as the level.
    if (keyword_level_ == Level::audit_failure || keyword_level_ == Level::audit_success) {
      pending_.level = keyword_level_;
    }
    pending_.time = *time;
    pending_.event_id = static_cast<std::uint32_t>(*id & 0xFFFF);
    pending_.qualifiers = static_cast<std::uint32_t>((*id >> 16) & 0xFFFF);
    pending_.has_event_id = true;
    if (pending_.message == "N/A") pending_.message.clear();
    return true;
  }


  LineReader lines_;
  Event pending_;
  std::string date_;
  std::string event_id_;
  Level keyword_level_ = Level::unknown;  // what the Keyword line says, if it names a level
  bool has_pending_ = false;
  bool in_description_ = false;
  bool description_started_ = false;
};

}  // namespace

std::unique_ptr<Reader> make_wevtutil_text_reader(std::unique_ptr<TextInput> input, std::string head,
                                                  const ReaderOptions& options) {
  return std::make_unique<WevtutilTextReader>(std::move(input), std::move(head), options);
}

}  // namespace kbmatch::detail
