// A program's own log file: one entry per timestamped line, as dialers, services, setup programs
// and line-of-business applications write them (log4net/log4j, NLog, hand-rolled fprintf):
//
//   2000-03-20 10:15:02.113 RasDial("Corp Dialup") failed, error 623       ISO, local time
//   2000-03-20T10:15:02Z Service started                                    ISO, UTC ('Z' or +hh:mm)
//   03/20/2000 10:15:03 AM  ERROR  RasDial returned 623                     M/D/Y (or D/M/Y), AM/PM
//   [2000-03-20 10:15:04] INFO connection loop iteration 5012               bracketed
//   20.03.2000 10:15:05 | WARN | retry                                      dotted = day first
//   Mon Mar 20 10:15:05 2000 dialer: RasDial failed: 623                    ctime
//   20-Mar-2000 10:15:05 - dialer stopped                                   day-month name-year
//       at Dialer.Connect()                                                 continuation
//
// Some KB symptoms never reach the event log: the article quotes what the program itself wrote
// ("RasDial returns error 623", "the connection loop runs thousands of times a second"). Reading
// that log makes such symptoms matchable like any event: each entry becomes one Event of log
// "Text" whose source is the file's name, with the entry's text as its message and the level
// word, when the entry has one, as its level. There is no event ID; signatures test the message.
//
// The format has no header and no fixed columns; all it has is a date at the start of most
// lines. Many texts have that (notes with dated paragraphs, a README's change list, the rows of
// the Event Viewer's own text exports), so the sniffer tries it last, only when no real export
// format matched, and asks that timestamped lines be many and come early.
//
// A line that does not start with a timestamp belongs to the entry above it: programs write
// stack traces, dumps and wrapped messages on lines of their own, and the symptom is often in
// those lines (the exception under "Unhandled exception"). An entry ends only when the next one
// begins, so the reader reads one line ahead, and holds only the current entry, capped.
//
// Slashed dates are ambiguous ("03/04/2000": March 4 in the US, 3 April elsewhere) and a log
// writes all of its dates the same way, so the order is decided once per file, from the lines
// the sniffer saw: a first number above 12 anywhere there means day first. Deciding line by line
// would read the 3rd of April as March 4 and the 13th as the 13th, reordering the entries.
#include <algorithm>
#include <array>
#include <limits>
#include <optional>
#include <string>

#include "read/line_reader.h"
#include "read/text_reader.h"
#include "util/civil_time.h"
#include "util/text.h"

namespace kbmatch::detail {

namespace {

// The head: open_reader decodes at least this much to sniff it (the decision on month/day order
// reads all of it); the sniffer's test itself reads its first non-blank lines.
constexpr std::size_t head_bytes = 64 * 1024;
constexpr int sniff_lines = 64;
constexpr int sniff_early_lines = 10;

// An entry's message beyond this is dropped (one runaway entry must not exhaust memory).
constexpr std::size_t max_message_bytes = 64 * 1024;

enum class Form : std::uint8_t {
  none,
  iso,         // 2000-03-20 10:15:02.113, 2000-03-20T10:15:02+01:00
  year_first,  // 2000/03/20 10:15:02
  slashed,     // 03/20/2000 10:15:03 AM, 20/03/2000 10:15:03, 3/20/00 10:15
  dotted,      // 20.03.2000 10:15:05
  month_name,  // 20-Mar-2000 10:15:05
  ctime,       // Mon Mar 20 10:15:05 2000
};

// A timestamp as written at the start of a line, before its values are checked.
struct Shape {
  Form form = Form::none;
  int a = 0, b = 0, c = 0;  // the date's numbers in written order (month names as 1-12)
  std::size_t c_digits = 0;
  bool has_seconds = false;
  std::string_view date, time, zone;  // as written; time with its fraction and AM/PM
  bool bracketed = false;             // a '[' came before it
  std::size_t begin = 0, end = 0;     // where it stands in the line
};

constexpr std::array<std::string_view, 12> month_names = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<std::string_view, 7> day_names = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alnum(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// A forward-only reader over the start of one line. Every look is bounds-checked, so any bytes
// (binary junk included) are safe.
class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}

  std::size_t pos() const { return pos_; }
  void seek(std::size_t p) { pos_ = p; }
  char peek(std::size_t ahead = 0) const { return pos_ + ahead < s_.size() ? s_[pos_ + ahead] : '\0'; }
  std::string_view since(std::size_t from) const { return s_.substr(from, pos_ - from); }

  bool take(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }

  // A number of min..max digits; -1 when fewer. A longer run of digits stops at max, and what
  // follows it then fails the next check ("20000-" is no year, "10:155" no minute).
  int number(std::size_t min, std::size_t max, std::size_t* count = nullptr) {
    std::size_t n = 0;
    int v = 0;
    while (n < max && is_digit(peek(n))) v = v * 10 + (peek(n++) - '0');
    if (n < min) return -1;
    pos_ += n;
    if (count) *count = n;
    return v;
  }

  std::size_t blanks() {
    const std::size_t from = pos_;
    while (peek() == ' ' || peek() == '\t') ++pos_;
    return pos_ - from;
  }

  // One of `names` (three letters, any case) followed by no other letter; its index, or -1.
  template <std::size_t N>
  int name(const std::array<std::string_view, N>& names) {
    if (pos_ + 3 > s_.size() || is_alnum(peek(3))) return -1;
    for (std::size_t i = 0; i < N; ++i) {
      if (iequals(s_.substr(pos_, 3), names[i])) {
        pos_ += 3;
        return static_cast<int>(i);
      }
    }
    return -1;
  }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
};

// "H:MM", "HH:MM:SS", with a fraction after the seconds ('.', or also ',' in ISO times) and,
// outside ISO, an AM/PM marker. Leaves the cursor after it; false when the shape is not there.
bool take_time(Cursor& in, Shape& s, bool iso) {
  const std::size_t from = in.pos();
  if (in.number(1, 2) < 0 || !in.take(':') || in.number(2, 2) < 0) return false;
  const std::size_t minutes_end = in.pos();
  s.has_seconds = in.take(':') && in.number(2, 2) >= 0;
  if (!s.has_seconds) in.seek(minutes_end);  // "10:15: message": the colon is a separator
  if (s.has_seconds && (in.peek() == '.' || (iso && in.peek() == ',')) && is_digit(in.peek(1))) {
    in.seek(in.pos() + 1);
    while (is_digit(in.peek())) in.seek(in.pos() + 1);
  }
  if (!iso) {
    const std::size_t before = in.pos();
    in.blanks();
    const char m = ascii_lower(in.peek());
    bool marker = false;
    if ((m == 'a' || m == 'p') && ascii_lower(in.peek(1)) == 'm' && !is_alnum(in.peek(2))) {
      in.seek(in.pos() + 2);
      marker = true;
    } else if ((m == 'a' || m == 'p') && in.peek(1) == '.' && ascii_lower(in.peek(2)) == 'm' && in.peek(3) == '.') {
      in.seek(in.pos() + 4);
      marker = true;
    }
    if (!marker) in.seek(before);
  }
  s.time = in.since(from);
  return true;
}

// 'Z', "+01:00", "+0100", "-05" right after the time. A bad offset there ("+25:00") makes the
// timestamp impossible. Also " +0100" after a space, as Apache-style stamps write it; there only
// a possible offset counts, in full, so " - message" or " +2500 bytes" stays message.
void take_zone(Cursor& in, Shape& s) {
  const std::size_t from = in.pos();
  if (in.take('Z') || in.take('z')) {
    s.zone = in.since(from);
    return;
  }
  const bool spaced = in.take(' ');
  if (in.take('+') || in.take('-')) {
    const int hours = in.number(2, 2);
    const std::size_t hours_end = in.pos();
    if (hours >= 0) {
      const bool colon = in.take(':');
      const int minutes = in.number(2, 2);
      if (minutes >= 0 && (!spaced || (hours <= 14 && minutes <= 59))) {
        s.zone = in.since(from);
        return;
      }
      if (!spaced && !colon) {  // "+01"; "+01:" without minutes is no zone
        in.seek(hours_end);
        s.zone = in.since(from);
        return;
      }
    }
  }
  in.seek(from);
}

// Dates that start with digits: ISO, year first, slashed, dotted, day-month name-year.
bool take_numeric_date(Cursor& in, Shape& s) {
  const std::size_t from = in.pos();
  std::size_t digits = 0;
  s.a = in.number(1, 4, &digits);
  if (s.a < 0) return false;
  const char sep = in.peek();
  if (digits == 4) {
    if (sep != '-' && sep != '/') return false;
    in.take(sep);
    s.b = in.number(1, 2);
    if (s.b < 0 || !in.take(sep)) return false;
    s.c = in.number(1, 2, &s.c_digits);
    if (s.c < 0) return false;
    s.form = sep == '-' ? Form::iso : Form::year_first;
  } else if (digits <= 2 && (sep == '/' || sep == '.')) {
    in.take(sep);
    s.b = in.number(1, 2);
    if (s.b < 0 || !in.take(sep)) return false;
    s.c = in.number(2, 4, &s.c_digits);
    if (s.c < 0 || s.c_digits == 3) return false;
    s.form = sep == '/' ? Form::slashed : Form::dotted;
  } else if (digits <= 2 && sep == '-') {
    in.take(sep);
    s.b = in.name(month_names) + 1;
    if (s.b == 0 || !in.take('-')) return false;
    s.c = in.number(2, 4, &s.c_digits);
    if (s.c < 0 || s.c_digits == 3) return false;
    s.form = Form::month_name;
  } else {
    return false;
  }
  s.date = in.since(from);
  if (s.form == Form::iso && in.take('T')) return take_time(in, s, true);
  return in.blanks() > 0 && take_time(in, s, s.form == Form::iso);
}

// "Mon Mar 20 10:15:05 2000" (the day may be space-padded: "Mon Mar  5 ...").
bool take_ctime(Cursor& in, Shape& s) {
  if (in.name(day_names) < 0 || in.blanks() == 0) return false;
  s.b = in.name(month_names) + 1;
  if (s.b == 0 || in.blanks() == 0) return false;
  s.a = in.number(1, 2);
  if (s.a < 0 || in.blanks() == 0 || !take_time(in, s, false) || in.blanks() == 0) return false;
  s.c = in.number(4, 4, &s.c_digits);
  if (s.c < 0) return false;
  s.form = Form::ctime;
  return true;
}

// The timestamp a line starts with (after blanks and an optional '['), by shape only: "99/99/99
// 99:99" has one. Form::none when the line does not start with one.
Shape scan(std::string_view line) {
  Shape s;
  Cursor in(line);
  in.blanks();
  s.bracketed = in.take('[');
  s.begin = in.pos();
  const bool ok = is_digit(in.peek()) ? take_numeric_date(in, s) : take_ctime(in, s);
  if (ok && s.form == Form::iso) take_zone(in, s);
  // "2000-03-20 10:15:02x" or "... 10:15:0234" is something else that starts with digits.
  if (!ok || is_alnum(in.peek())) return {};
  s.end = in.pos();
  return s;
}

// Day first when a slashed date's first number can only be a day.
bool is_day_first_evidence(const Shape& s) {
  return s.form == Form::slashed && s.a > 12 && s.a <= 31;
}

// The date when it exists (Feb 30 does not: the calendar would make it March 1).
std::optional<Date> civil_date(int y, int m, int d) {
  if (!valid_date(y, m, d)) return std::nullopt;
  return Date{y, m, d};
}

// The time a shape stands for; nullopt when it is impossible (month 13, Feb 30, hour 25).
// `scratch` is reused to hand ISO stamps to parse_iso8601 in the spelling it reads.
std::optional<Timestamp> evaluate(const Shape& s, bool day_first, std::string& scratch) {
  if (s.form == Form::iso) {
    // parse_iso8601 checks the date and reads the zone and fraction.
    scratch.assign(s.date);
    scratch += 'T';
    scratch += s.time;
    if (!s.has_seconds) scratch += ":00";
    scratch += trim(s.zone);
    return parse_iso8601(scratch);
  }
  int y = s.c, m = s.b, d = s.a;  // dotted, month name, ctime: day first
  if (s.form == Form::year_first) {
    y = s.a;
    d = s.c;
  } else if (s.form == Form::slashed && !day_first) {
    m = s.a;
    d = s.b;
  }
  // Two-digit years as parse_locale_date reads them: 70-99 are 19xx, the rest 20xx.
  if (s.form != Form::year_first && s.c_digits == 2) y += y >= 70 ? 1900 : 2000;
  const auto date = civil_date(y, m, d);
  const auto time_of_day = parse_time_of_day(s.time);
  if (!date || !time_of_day) return std::nullopt;
  Timestamp t;
  t.zone = Timestamp::Zone::local;
  t.micros = days_from_civil(date->year, date->month, date->day) * 86400 * 1000000 + *time_of_day;
  return t;
}

// Where the message begins: after the timestamp, its closing ']', and the separators programs
// put there (" - ", ": ", ",", "|", blanks). A '-' or ':' followed by text is the message's own
// ("-510 returned").
std::size_t message_start(std::string_view line, const Shape& s) {
  std::size_t p = s.end;
  while (p < line.size() && (line[p] == ' ' || line[p] == '\t')) ++p;
  if (s.bracketed && p < line.size() && line[p] == ']') ++p;
  while (p < line.size()) {
    const char c = line[p];
    if (is_space(c) || c == ',' || c == '|') {
      ++p;
    } else if ((c == '-' || c == ':') && (p + 1 == line.size() || is_space(line[p + 1]))) {
      ++p;
    } else {
      break;
    }
  }
  return p;
}

// Level words as logging libraries write them; FATAL is critical, DEBUG and TRACE verbose.
struct LevelWord {
  std::string_view word;
  Level level;
};
constexpr std::array<LevelWord, 11> level_words = {{{"ERROR", Level::error},
                                                    {"ERR", Level::error},
                                                    {"FATAL", Level::critical},
                                                    {"CRITICAL", Level::critical},
                                                    {"WARN", Level::warning},
                                                    {"WARNING", Level::warning},
                                                    {"INFO", Level::information},
                                                    {"INFORMATION", Level::information},
                                                    {"DEBUG", Level::verbose},
                                                    {"TRACE", Level::verbose},
                                                    {"VERBOSE", Level::verbose}}};

// The level of the first level word among the message's first three words: layouts put it
// right after the time, or after a thread or process number or two ("4711 12 ERROR ...").
// "[ERROR]" and "ERROR:" count; a word that merely contains one ("Errors") does not.
Level entry_level(std::string_view message) {
  std::string_view rest = message;
  for (int i = 0; i < 3; ++i) {
    std::string_view word = first_word(rest);
    if (word.empty()) break;
    rest = rest.substr(static_cast<std::size_t>(word.data() - rest.data()) + word.size());
    if (word.ends_with(':')) word.remove_suffix(1);
    if (word.size() >= 2 && word.front() == '[' && word.back() == ']') word = word.substr(1, word.size() - 2);
    for (const LevelWord& w : level_words) {
      if (iequals(word, w.word)) return w.level;
    }
  }
  return Level::unknown;
}

// "C:\logs\dialer.log" and "/var/log/dialer.log" are "dialer.log"; standard input is "stdin".
std::string source_name(std::string_view display_name) {
  if (display_name == "-") return "stdin";
  const std::size_t cut = display_name.find_last_of("/\\");
  const std::string_view base = cut == std::string_view::npos ? display_name : display_name.substr(cut + 1);
  return std::string(base.empty() ? display_name : base);
}

// Calls `f` with each of the first `max` non-blank lines of `text`, trimmed of its line end;
// stops early when `f` returns false.
template <class F>
void for_each_nonblank_line(std::string_view text, int max, F f) {
  std::size_t pos = 0;
  int seen = 0;
  while (pos < text.size() && seen < max) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty()) continue;
    ++seen;
    if (!f(line)) return;
  }
}

// The month/day order of the file's slashed dates, from the lines of its head.
bool slashed_dates_day_first(std::string_view head) {
  bool day_first = false;
  for_each_nonblank_line(head, std::numeric_limits<int>::max(), [&](std::string_view line) {
    day_first = is_day_first_evidence(scan(line));
    return !day_first;
  });
  return day_first;
}

// Like every reader, used by one thread; the Event it fills is reused by the caller.
class TextLogReader final : public TextReader {
 public:
  TextLogReader(std::unique_ptr<TextInput> input, std::string head, const ReaderOptions& options, bool day_first)
      : TextReader(Format::text_log, std::move(input), options),
        lines_(*input_, std::move(head)),
        day_first_(day_first),
        source_(source_name(options.display_name)) {}

  bool read_next(Event& event) override {
    std::string_view line;
    for (;;) {
      const bool got = lines_.next(line);
      Shape shape;
      if (got) shape = scan(line);
      if (got && shape.form == Form::none) {
        take_continuation(line);
        continue;
      }
      // The end of input, or the next entry's first line: the entry read so far is complete.
      const bool ready = state_ == State::entry;
      if (ready) finish(event);
      state_ = State::none;
      if (got) begin(line, shape);
      if (ready) {
        ++events_;
        return true;
      }
      if (!got) {
        report_stray("W0281", "before the first timestamped entry");
        return false;
      }
    }
  }

 private:
  // none: before the first entry (or at the end); damaged: inside an entry being dropped.
  enum class State : std::uint8_t { none, entry, damaged };

  void begin(std::string_view line, const Shape& shape) {
    const auto time = evaluate(shape, day_first_, scratch_);
    if (!time) {
      state_ = State::damaged;
      const std::string_view written = line.substr(shape.begin, shape.end - shape.begin);
      skip_record(lines_.line_number(), "E0281",
                  "entry starts with a timestamp that is not a real date and time (\"" +
                      std::string(utf8_prefix(written, 60)) + "\")");
      return;
    }
    state_ = State::entry;
    time_ = *time;
    line_ = lines_.line_number();
    offset_ = lines_.line_offset();
    cut_ = false;
    message_.clear();
    append(trim(line.substr(message_start(line, shape))));
  }

  // A line without a timestamp: part of the entry above it; before any entry, stray text; after
  // a damaged entry's first line, dropped with it.
  void take_continuation(std::string_view line) {
    switch (state_) {
      case State::none:
        if (!trim(line).empty()) note_stray(lines_.line_number());
        return;
      case State::damaged: return;
      case State::entry:
        if (cut_) return;
        if (message_.size() < max_message_bytes) message_ += '\n';
        append(line);
        return;
    }
  }

  // Adds `text` to the message up to the cap; the first time the cap cuts it, warns once.
  void append(std::string_view text) {
    if (cut_) return;
    const std::size_t room = max_message_bytes - std::min(message_.size(), max_message_bytes);
    if (text.size() <= room) {
      message_ += text;
      return;
    }
    message_ += utf8_prefix(text, room);
    cut_ = true;
    warn(line_, "W0282",
         "entry longer than " + std::to_string(max_message_bytes / 1024) + " KiB; the rest of it was ignored");
  }

  void finish(Event& event) {
    // Blank lines the entry ended with, and continuations when the first line had no text.
    while (!message_.empty() && is_space(message_.back())) message_.pop_back();
    std::size_t lead = 0;
    while (lead < message_.size() && is_space(message_[lead])) ++lead;
    message_.erase(0, lead);
    event.clear();
    event.time = time_;
    event.log = "Text";
    event.source = source_;
    event.message.swap(message_);
    event.level = entry_level(event.message);
    event.origin.file = options_.file_index;
    event.origin.line = line_;
    event.origin.offset = offset_;
  }

  LineReader lines_;
  bool day_first_ = false;
  std::string source_;
  std::string scratch_;
  State state_ = State::none;
  // The entry being read (State::entry).
  Timestamp time_;
  std::uint64_t line_ = 0;
  std::uint64_t offset_ = 0;
  std::string message_;
  bool cut_ = false;  // the cap was reached: the rest of the entry is dropped
};

}  // namespace

bool looks_like_text_log(std::string_view head) {
  const bool day_first = slashed_dates_day_first(head);
  std::string scratch;
  int lines = 0, stamped = 0;
  bool early = false;
  for_each_nonblank_line(head, sniff_lines, [&](std::string_view line) {
    ++lines;
    const Shape shape = scan(line);
    if (shape.form != Form::none && evaluate(shape, day_first, scratch)) {
      ++stamped;
      if (lines <= sniff_early_lines) early = true;
    }
    return true;
  });
  return stamped >= 3 && stamped * 3 >= lines && early;
}

std::unique_ptr<Reader> make_text_log_reader(std::unique_ptr<TextInput> input, std::string head,
                                             const ReaderOptions& options) {
  // The month/day order is decided from as much text as the sniffer looks at; a caller that
  // passes less (tests, fuzzing) gets the same decision as open_reader would make.
  while (head.size() < head_bytes && input->read_more(head)) {
  }
  const bool day_first = slashed_dates_day_first(head);
  return std::make_unique<TextLogReader>(std::move(input), std::move(head), options, day_first);
}

}  // namespace kbmatch::detail
