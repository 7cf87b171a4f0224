// Performance counter logs as text: the PDH-CSV / PDH-TSV files that Performance Monitor and
// System Monitor write ("Save As" CSV or TSV, Windows 2000 and later), `relog -f csv|tsv` makes
// from binary .blg logs, and `typeperf` prints (redirected, or with -o / -f):
//
//   "(PDH-CSV 4.0) (Pacific Standard Time)(480)","\\RASSRV01\Process(rasdial)\Private Bytes",...
//   "03/20/2000 10:15:30.123","1245184",...
//   "03/20/2000 10:15:45.125"," ",...
//
// The header's first field names the format and the logging machine's time zone with its bias
// (the minutes Windows adds to local time to get UTC); the other fields are counter paths,
// "\\HOST\Object(Instance)\Counter". Each row is one sample time, in the logging machine's local
// wall-clock time, then one value per counter. Every field is quoted ("" is a quote) and never
// spans lines; TSV is the same with tabs. Each cell that holds a number becomes one record, so a
// signature's trend test sees a series per counter.
//
// Why the choices below:
// - A blank cell (`""` or `" "`) is not damage: PDH writes one whenever it could not collect a
//   value (the first sample of every rate counter, a process that had not started yet or had
//   exited). Counting those as skipped would bury the real damage under normal gaps.
// - When the header states a bias, sample times are converted to UTC: the log says exactly which
//   zone it was written in, which no event export does, and UTC lets the scanner line samples up
//   with UTC event times. The offset is kept on each sample so the scanner can also place that
//   computer's local-time exports on the same timeline. Without a bias the time stays local.
// - Month/day order is decided once per file, from the rows the sniffer already decoded: PDH
//   writes month first, but a log re-saved by a spreadsheet uses the locale's order, and a row
//   like 03/04/2000 cannot tell by itself. Deciding per row would make one file jump between
//   March and April; a row that only fits the other order is still read in it, with one warning.
// - A row is one line: a quote left open ends with its line, so one bad field cannot swallow the
//   rest of the log. A later header (appended logs, concatenated relog output) starts a new
//   column set. typeperf's console trailer is ignored; any other text is stray (one W0261).
// - Damaged cells are counted one by one but reported once per row, and only for the first 20
//   rows, so a log with a broken counter in every row does not flood the diagnostics.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "read/delimited_line.h"
#include "read/line_reader.h"
#include "read/text_reader.h"
#include "util/civil_time.h"
#include "util/text.h"

namespace kbmatch::detail {

namespace {

// The delimiter a counter log's header line announces: ',' for "(PDH-CSV n.n)", '\t' for
// "(PDH-TSV n.n)", 0 when `line` is not a header. The version is not checked beyond its shape:
// every PDH release since Windows 2000 writes 4.0, and a newer one would keep the layout.
char header_delimiter(std::string_view line) {
  std::string_view t = trim(line);
  if (!t.empty() && t.front() == '"') t.remove_prefix(1);
  if (!istarts_with(t, "(PDH-") || t.size() < 9) return 0;
  char delimiter = 0;
  if (iequals(t.substr(5, 3), "CSV")) delimiter = ',';
  if (iequals(t.substr(5, 3), "TSV")) delimiter = '\t';
  if (delimiter == 0) return 0;
  std::size_t i = 8;
  if (i >= t.size() || t[i] != ' ') return 0;
  while (i < t.size() && t[i] == ' ') ++i;
  const std::size_t digits = i;
  while (i < t.size() && ((t[i] >= '0' && t[i] <= '9') || t[i] == '.')) ++i;
  if (i == digits || t[digits] < '0' || t[digits] > '9') return 0;
  return i < t.size() && t[i] == ')' ? delimiter : 0;
}

}  // namespace

bool is_counter_log_header(std::string_view line) {
  return header_delimiter(line) != 0;
}

namespace {

// Fields past this many are counted but not stored, so a runaway line of delimiters cannot build
// a huge index. Real logs stay far below it (a relog of every Process and Thread counter of a
// busy server has a few thousand columns).
constexpr std::size_t max_fields = 1 << 16;

// Damaged rows reported per file; further ones are only counted (one warning says so).
constexpr std::uint64_t max_damage_reports = 20;

// What the rows the sniffer decoded say about the month/day order: day first when any row's
// "a/b/yyyy" or "a-b-yyyy" date starts with a number from 13 to 31 and reads as a real date that
// way (PDH's own month-first order can never do that). Dotted dates are always day first and
// need no decision; a first number above 31 is a year.
bool head_is_day_first(std::string_view head) {
  std::size_t pos = 0;
  while (pos < head.size()) {
    std::size_t nl = head.find('\n', pos);
    if (nl == std::string_view::npos) nl = head.size();
    std::string_view t = trim(head.substr(pos, nl - pos));
    pos = nl + 1;
    if (!t.empty() && t.front() == '"') t.remove_prefix(1);
    int number = 0;
    std::size_t i = 0;
    while (i < t.size() && i < 4 && t[i] >= '0' && t[i] <= '9') number = number * 10 + (t[i++] - '0');
    if (i == 0 || i >= t.size() || (t[i] != '/' && t[i] != '-') || number <= 12 || number > 31) continue;
    const std::string_view date = t.substr(0, t.find_first_of(" \t\",", i));
    if (parse_locale_date(date)) return true;  // reads "a/b/y" day first when a > 12
  }
  return false;
}

// A cell's number: "1245184", "1245184.000000", "1.5e+07", "-3", or with a decimal comma
// ("1245184,5") as locales that use one write it; nullopt for anything else, infinities and NaN
// included (they are not measurements; MSVC prints them as "1.#INF" anyway).
std::optional<double> parse_value(std::string_view s) {
  if (s.starts_with('+')) {
    s.remove_prefix(1);  // from_chars takes no '+'
    if (s.starts_with('-')) return std::nullopt;
  }
  if (s.empty()) return std::nullopt;
  char buffer[128];
  const std::size_t comma = s.find(',');
  if (comma != std::string_view::npos && s.find('.') == std::string_view::npos) {
    if (s.find(',', comma + 1) != std::string_view::npos || s.size() > sizeof buffer) return std::nullopt;
    s.copy(buffer, s.size());
    buffer[comma] = '.';
    s = std::string_view(buffer, s.size());
  }
  double value = 0;
  const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), value, std::chars_format::general);
  if (error != std::errc() || end != s.data() + s.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

// The lines typeperf writes to its console after the samples ("Exiting, please wait...",
// "The command completed successfully."), which land in the file when its output is redirected.
bool is_typeperf_trailer(std::string_view t) {
  return iequals(t, "Exiting, please wait...") || iequals(t, "The command completed successfully.");
}

// A column's counter path, split once at the header.
struct Column {
  std::string name;  // as written, for diagnostics; "" for an unnamed column
  std::string host;
  std::string object;
  std::string instance;
  std::string counter;
};

// Splits "\\HOST\Object(Instance)\Counter" (the host and the instance are optional). The counter
// follows the last backslash; instance names may hold parentheses, '/' and '#'
// ("Intel(R) PRO_1000 MT", "rasdial/0#1"), so the instance runs from the object's first '(' to
// the last ')' before the counter. Returns false (counter = the whole name) when it is not a path.
bool split_counter_path(std::string_view name, Column& c) {
  c.host.clear();
  c.object.clear();
  c.instance.clear();
  c.counter.assign(name);
  std::string_view rest = name;
  std::string_view host;
  if (rest.starts_with("\\\\")) {
    const std::size_t end = rest.find('\\', 2);
    if (end == std::string_view::npos) return false;
    host = rest.substr(2, end - 2);
    rest.remove_prefix(end);
  }
  if (!rest.starts_with('\\')) return false;
  const std::size_t last = rest.rfind('\\');
  if (last == 0) return false;
  const std::string_view middle = rest.substr(1, last - 1);
  std::string_view object = middle;
  std::string_view instance;
  const std::size_t open = middle.find('(');
  if (open != std::string_view::npos) {
    object = middle.substr(0, open);
    const std::size_t close = middle.rfind(')');
    instance = close != std::string_view::npos && close > open ? middle.substr(open + 1, close - open - 1)
                                                               : middle.substr(open + 1);
  }
  if (object.empty() || last + 1 == rest.size()) return false;
  c.host.assign(host);
  c.object.assign(object);
  c.instance.assign(instance);
  c.counter.assign(rest.substr(last + 1));
  return true;
}

// A short quote of input text for a diagnostic.
std::string quote(std::string_view s, std::size_t max = 60) {
  const std::string_view cut = utf8_prefix(s, max);
  return "\"" + std::string(cut) + (cut.size() < s.size() ? "...\"" : "\"");
}

// Like every reader, used by one thread; the Event it fills is reused by the caller.
class CounterLogReader final : public TextReader {
 public:
  CounterLogReader(std::unique_ptr<TextInput> input, std::string head, const ReaderOptions& options, bool day_first)
      : TextReader(Format::counter_log, std::move(input), options),
        lines_(*input_, std::move(head)),
        day_first_(day_first) {}

  bool read_next(Event& event) override {
    for (;;) {
      while (cell_ < row_cells_) {
        const std::size_t i = cell_++;
        if (state_[i] != Cell::value) continue;
        fill(event, i);
        ++events_;
        return true;
      }
      row_cells_ = cell_ = 0;
      if (!next_row()) break;
    }
    report_stray("W0261", "that are neither counter log rows nor its header");
    return false;
  }

 private:
  enum class Cell : std::uint8_t { blank, value, damaged };

  // Reads lines up to the next row that has a sample time; false at end of input.
  bool next_row() {
    std::string_view line;
    while (lines_.next(line)) {
      const std::string_view t = trim(line);
      if (t.empty() || is_typeperf_trailer(t)) continue;
      if (const char delimiter = header_delimiter(t)) {
        take_header(line, delimiter);
        continue;
      }
      if (!has_header_) {
        note_stray(lines_.line_number());
        continue;
      }
      split(line);
      if (take_row()) return true;
    }
    return false;
  }

  // Splits a line at the delimiter into the fields [0, count_), unquoted into text_.
  void split(std::string_view line) {
    text_.clear();
    count_ = 0;
    overflow_filled_ = false;
    start_field();
    split_delimited_line(
        line, delimiter_, [this](char c) { append(c); }, [this] { start_field(); });
  }

  void start_field() {
    if (count_ < max_fields) {
      if (starts_.size() <= count_) starts_.push_back(0);
      starts_[count_] = text_.size();
    }
    ++count_;
  }

  void append(char c) {
    if (count_ <= max_fields) {
      text_ += c;
    } else if (!is_space(c)) {
      overflow_filled_ = true;
    }
  }

  std::size_t stored() const { return count_ < max_fields ? count_ : max_fields; }

  // The stored field i, trimmed.
  std::string_view field(std::size_t i) const {
    const std::size_t end = i + 1 < stored() ? starts_[i + 1] : text_.size();
    return trim(std::string_view(text_).substr(starts_[i], end - starts_[i]));
  }

  // A header sets the delimiter, the time zone and the columns of the rows that follow.
  void take_header(std::string_view line, char delimiter) {
    const std::uint64_t line_number = lines_.line_number();
    delimiter_ = delimiter;
    split(line);
    has_header_ = true;
    take_bias(field(0), line_number);
    if (count_ > max_fields) {
      warn(line_number, "W0262",
           "header names " + std::to_string(count_ - 1) + " counters; only the first " +
               std::to_string(max_fields - 1) + " are read");
    }
    columns_.resize(stored());
    std::size_t first_bad = 0;
    for (std::size_t i = 1; i < columns_.size(); ++i) {
      Column& c = columns_[i];
      c.name.assign(field(i));
      if (!split_counter_path(c.name, c) && !c.name.empty() && first_bad == 0) first_bad = i;
    }
    if (first_bad != 0) {
      warn(line_number, "W0262",
           "column " + std::to_string(first_bad + 1) + " " + quote(columns_[first_bad].name) +
               " is not a counter path (\\\\computer\\object(instance)\\counter); its samples carry the whole "
               "name as their counter");
    }
  }

  // "(PDH-CSV 4.0) (Pacific Standard Time)(480)": the last parenthesized group is the bias. A
  // group without digits is a zone name with no bias after it (zone names may hold parentheses
  // themselves: "Pacific Standard Time (Mexico)"): times stay local, silently.
  void take_bias(std::string_view first, std::uint64_t line_number) {
    has_bias_ = false;
    const std::size_t tag_end = first.find(')');
    const std::string_view rest = trim(first.substr(tag_end == std::string_view::npos ? first.size() : tag_end + 1));
    const std::size_t open = rest.rfind('(');
    if (open == std::string_view::npos || rest.back() != ')') return;
    std::string_view number = trim(rest.substr(open + 1, rest.size() - open - 2));
    if (number.find_first_of("0123456789") == std::string_view::npos) return;
    const bool negative = number.starts_with('-');
    if (negative || number.starts_with('+')) number.remove_prefix(1);
    // Real biases run from -840 (UTC+14) to 720 (UTC-12); anything beyond a day is damage.
    const auto minutes = parse_uint(number);
    if (minutes && *minutes < 24 * 60) {
      bias_minutes_ = negative ? -static_cast<std::int32_t>(*minutes) : static_cast<std::int32_t>(*minutes);
      has_bias_ = true;
      return;
    }
    warn(line_number, "W0262",
         "header's time zone bias " + quote(rest.substr(open)) +
             " is not a number of minutes within a day; sample times are kept as local time");
  }

  // Classifies the split line's cells. Returns true when it is a row with a sample time (its
  // values are then emitted one per call); reports damage and stray text itself.
  bool take_row() {
    const std::uint64_t line = lines_.line_number();
    const std::size_t columns = columns_.size();
    const std::size_t cells = std::min(stored(), columns);
    if (state_.size() < cells) {
      state_.resize(cells);
      values_.resize(cells);
    }
    const auto time = parse_sample_time(field(0), line);
    bool extra = overflow_filled_;
    bool numbers = false;  // a cell holds a number (only looked at when the time is bad)
    std::size_t filled = 0, damaged = 0, first_bad = 0;
    for (std::size_t i = 1; i < cells; ++i) {
      const std::string_view v = field(i);
      state_[i] = Cell::blank;
      if (v.empty()) continue;
      if (columns_[i].name.empty()) {  // a column the header left unnamed holds nothing we can name
        extra = true;
        continue;
      }
      ++filled;
      if (!time) {
        numbers = numbers || parse_value(v).has_value();
        continue;
      }
      if (const auto value = parse_value(v)) {
        state_[i] = Cell::value;
        values_[i] = *value;
      } else {
        state_[i] = Cell::damaged;
        if (damaged++ == 0) first_bad = i;
      }
    }
    if (!time) {
      // Text with the delimiter in it ("see notes, below") is only a damaged row when it is
      // shaped like one: a first field that is blank or starts like a date, or numbers in the
      // cells. Without any value there is nothing to count as skipped either.
      const std::string_view first = field(0);
      const bool row_like = numbers || first.empty() || (first.front() >= '0' && first.front() <= '9');
      if (filled == 0 || !row_like) {
        note_stray(line);
        return false;
      }
      skip_cells(line, filled, "row has no valid sample time (" + quote(first, 40) + ")");
      return false;
    }
    for (std::size_t i = columns; i < stored() && !extra; ++i) extra = !field(i).empty();
    if (extra && !warned_extra_) {
      warned_extra_ = true;
      warn(line, "W0262",
           "row has values in fields the header does not name (the row has " + std::to_string(count_) +
               " fields, the header " + std::to_string(columns) + "); they are ignored (warned once per file)");
    }
    if (damaged != 0) {
      skip_cells(line, damaged,
                 "row has " + std::to_string(damaged) + (damaged == 1 ? " value that is" : " values that are") +
                     " not a number (first in column " + std::to_string(first_bad + 1) + ", " +
                     quote(columns_[first_bad].name, 120) + ": " + quote(field(first_bad), 40) + ")");
    }
    row_time_ = *time;
    row_line_ = line;
    row_offset_ = lines_.line_offset();
    row_cells_ = cells;
    cell_ = 1;
    return true;
  }

  // Counts `n` damaged cells of one row and reports the row, up to max_damage_reports per file.
  void skip_cells(std::uint64_t line, std::size_t n, std::string message) {
    skipped_ += n;
    if (damage_reports_ < max_damage_reports) {
      input_->diagnostics().report(make_diagnostic(
          Severity::error, "E0261", options_.display_name,
          std::move(message) + " (" + std::to_string(n) + (n == 1 ? " sample" : " samples") + " skipped)", line));
    } else if (damage_reports_ == max_damage_reports) {
      warn(line, "W0262",
           "more than " + std::to_string(max_damage_reports) +
               " damaged rows; further ones are counted as skipped but not reported");
    }
    ++damage_reports_;
  }

  // "03/20/2000 10:15:30.123", "20.03.2000 10:15:30", "2000-03-20 10:15:30.123",
  // "3/20/2000 10:15:30 AM", in the file's month/day order, converted to UTC when the header
  // states a bias.
  std::optional<Timestamp> parse_sample_time(std::string_view s, std::uint64_t line) {
    std::size_t space = 0;
    while (space < s.size() && !is_space(s[space])) ++space;
    std::optional<Timestamp> t;
    if (space == s.size()) {
      t = parse_iso8601(s);  // "2000-03-20T10:15:30.123"
    } else {
      const auto date = read_date(s.substr(0, space), line);
      const auto micros = parse_time_of_day(s.substr(space));
      if (date && micros) {
        t = Timestamp{days_from_civil(date->year, date->month, date->day) * 86400 * 1000000 + *micros,
                      Timestamp::Zone::local};
      }
    }
    if (t && has_bias_ && t->zone == Timestamp::Zone::local) {
      t->micros += static_cast<std::int64_t>(bias_minutes_) * 60 * 1000000;
      t->zone = Timestamp::Zone::utc;
    }
    return t;
  }

  // parse_locale_date() reads "a/b/y" month first unless a > 12; this applies the file's order.
  std::optional<Date> read_date(std::string_view s, std::uint64_t line) {
    const auto date = parse_locale_date(s);
    if (!date) return std::nullopt;
    int a = 0;
    std::size_t i = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i < 4) a = a * 10 + (s[i++] - '0');
    if (i == 0 || i >= s.size() || s[i] == '.' || a > 31) return date;  // dotted, year first, or odd
    const bool read_day_first = a > 12;
    if (read_day_first == day_first_) return date;
    if (day_first_ && valid_date(date->year, date->day, date->month)) {
      return Date{date->year, date->day, date->month};
    }
    if (!warned_order_) {
      warned_order_ = true;
      warn(line, "W0262",
           "date " + quote(s, 40) + " fits only " + (day_first_ ? "month first" : "day first") +
               ", but this log's dates were read " + (day_first_ ? "day first" : "month first") +
               "; such dates are read in the order they fit (warned once per file)");
    }
    return date;
  }

  void fill(Event& event, std::size_t i) {
    const Column& c = columns_[i];
    event.clear();
    event.kind = Event::Kind::counter_sample;
    event.time = row_time_;
    event.computer.assign(c.host);
    event.sample.object.assign(c.object);
    event.sample.instance.assign(c.instance);
    event.sample.counter.assign(c.counter);
    event.sample.value = values_[i];
    if (has_bias_) {
      event.sample.utc_offset_seconds = -bias_minutes_ * 60;
      event.sample.has_utc_offset = true;
    }
    event.origin.file = options_.file_index;
    event.origin.line = row_line_;
    event.origin.offset = row_offset_;
  }

  LineReader lines_;
  const bool day_first_;
  char delimiter_ = ',';
  bool has_header_ = false;
  bool has_bias_ = false;
  std::int32_t bias_minutes_ = 0;
  std::vector<Column> columns_;      // by field index; [0] is the sample time's column
  std::string text_;                 // the current line's fields, unquoted, back to back
  std::vector<std::size_t> starts_;  // where each stored field begins in text_
  std::size_t count_ = 0;            // fields in the current line (may exceed max_fields)
  bool overflow_filled_ = false;     // a field past max_fields holds more than spaces
  std::vector<Cell> state_;          // per cell of the current row
  std::vector<double> values_;
  std::size_t row_cells_ = 0;  // cells [1, row_cells_) of the current row are emitted
  std::size_t cell_ = 0;       // the next cell to look at
  Timestamp row_time_;
  std::uint64_t row_line_ = 0;
  std::uint64_t row_offset_ = 0;
  std::uint64_t damage_reports_ = 0;
  bool warned_order_ = false;
  bool warned_extra_ = false;
};

}  // namespace

std::unique_ptr<Reader> make_counter_log_reader(std::unique_ptr<TextInput> input, std::string head,
                                                const ReaderOptions& options) {
  // The month/day order is decided from the text the sniffer decoded (at least 64 KiB); a
  // caller that passes no head (tests, fuzzing) reads as much first, so it decides alike.
  while (head.size() < 64 * 1024 && input->read_more(head)) {
  }
  const bool day_first = head_is_day_first(head);
  return std::make_unique<CounterLogReader>(std::move(input), std::move(head), options, day_first);
}

}  // namespace kbmatch::detail
