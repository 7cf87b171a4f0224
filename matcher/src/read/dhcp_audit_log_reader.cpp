// The DHCP Server's own audit log: %windir%\System32\dhcp\DhcpSrvLog-<Day>.log (Server 2003 and
// later; DhcpV6SrvLog-<Day>.log has the same layout) and DhcpSrvLog.<Day> (NT4/2000).
//
//   \t\tMicrosoft DHCP Service Activity Log          banner
//   Event ID  Meaning                                 table of the row IDs ...
//   00\tThe log was started.
//   QResult: 0: NoQuarantine, 1:Quarantine, ...       legend (2008 and later)
//   ID,Date,Time,Description,IP Address,Host Name,MAC Address,User Name, TransactionID, ...
//   00,09/29/17,00:00:01,Started,,,,,0,6,,,,,,,,,0
//
// The preamble is skipped. The CSV header names the columns, with stray spaces and a trailing
// period ("DnsRegError."), and their number grew from 7 to 19 across versions, so columns are
// found by name. NT4-era logs may have no header at all: there, rows of the original 7 columns
// are taken with those names. Each row is one event keyed ("DhcpSrvLog", ID), so a signature can
// say "the DHCP service stopped (01) and started (00)" from the server's own record of it.
//
// Rows are single lines: the server never breaks a row, and a quote left open only runs to the
// end of its line, so one bad field cannot swallow the rest of the file. A line is a row when it
// has the columns' number of fields (trailing empty ones aside) or starts with an ID and a date;
// other lines are preamble (silent) or stray text (one W0251 at the end).
#include <algorithm>
#include <array>
#include <vector>

#include "read/delimited_line.h"
#include "read/line_reader.h"
#include "read/text_reader.h"
#include "util/civil_time.h"
#include "util/text.h"

namespace kbmatch::detail {

namespace {

// The banner of the IPv4 log ("Microsoft DHCP Service Activity Log") and of the IPv6 one
// ("Microsoft DHCPv6 Service Activity Log"), trimmed.
bool is_banner(std::string_view t) {
  return istarts_with(t, "Microsoft DHCP") && t.size() >= 20 &&
         iequals(t.substr(t.size() - 20), "Service Activity Log");
}

// The next comma-separated field of `line` from `pos`, trimmed, without unquoting (the sniffer's
// cheap look at the header).
std::string_view raw_field(std::string_view line, std::size_t& pos) {
  const std::size_t comma = line.find(',', pos);
  const std::size_t end = comma == std::string_view::npos ? line.size() : comma;
  const std::string_view f = trim(line.substr(pos, end - pos));
  pos = comma == std::string_view::npos ? line.size() + 1 : comma + 1;
  return f;
}

}  // namespace

bool is_dhcp_audit_log_line(std::string_view line) {
  const std::string_view t = trim(line);
  if (is_banner(t)) return true;
  std::size_t pos = 0;
  for (const std::string_view name : {"ID", "Date", "Time", "Description"}) {
    if (pos > t.size() || !iequals(raw_field(t, pos), name)) return false;
  }
  return true;
}

namespace {

// Fields past this many are counted but not stored, so a line of commas cannot build a huge
// vector; a header that long is not taken as one (the newest has 19 columns).
constexpr std::size_t max_fields = 256;

// The columns of an NT4/2000/2003 log, used when the log has no header line.
constexpr std::array<std::string_view, 7> old_columns = {"ID",         "Date",      "Time",       "Description",
                                                         "IP Address", "Host Name", "MAC Address"};

// Lines of the preamble (trimmed): banner, the "Event ID  Meaning" table and its entries
// ("00\tThe log was started.", "50+\tCodes above 50 ..."), the QResult/ProbationTime legend.
// A table entry is told from a row by what follows its number: white space, not a comma.
bool is_preamble_line(std::string_view t) {
  if (is_banner(t) || istarts_with(t, "QResult") || istarts_with(t, "ProbationTime")) return true;
  if (istarts_with(t, "Event ID") && t.find(',') == std::string_view::npos) return true;
  std::size_t digits = 0;
  while (digits < t.size() && t[digits] >= '0' && t[digits] <= '9') ++digits;
  if (digits == 0 || digits > 5) return false;
  std::size_t i = digits;
  if (i < t.size() && t[i] == '+') ++i;
  if (i >= t.size() || (t[i] != ' ' && t[i] != '\t')) return false;
  const std::string_view rest = trim(t.substr(i));
  return !rest.empty() && rest.front() != ',';
}

// Row levels. The log has no severity column; rows that report a fault on the server's side
// are warnings: 02 logging paused (low disk space), 13 address already in use on the network,
// 14 and 22 address pool exhausted, 31 DNS update failed, 34 and 35 DNS update request failed.
// 15 (lease denied, a NACK) stays information: clients that move between subnets get it
// routinely. Everything else, start (00) and stop (01) included, is information.
Level row_level(std::uint32_t id) {
  switch (id) {
    case 2:
    case 13:
    case 14:
    case 22:
    case 31:
    case 34:
    case 35: return Level::warning;
    default: return Level::information;
  }
}

// "09/29/17" + "00:00:04": the date is always month first in this log, whatever the server's
// locale, so a first number above 12 is a damaged date, not a day.
std::optional<Timestamp> parse_row_time(std::string_view date, std::string_view time) {
  date = trim(date);
  const std::size_t slash = date.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const auto month = parse_uint(date.substr(0, slash));
  if (!month || *month < 1 || *month > 12) return std::nullopt;
  return parse_locale_date_time(date, time);
}

// Like every reader, used by one thread; the Event it fills is reused by the caller.
class DhcpAuditLogReader final : public TextReader {
 public:
  DhcpAuditLogReader(std::unique_ptr<TextInput> input, std::string head, const ReaderOptions& options)
      : TextReader(Format::dhcp_audit_log, std::move(input), options), lines_(*input_, std::move(head)) {
    names_.assign(old_columns.begin(), old_columns.end());
  }

  bool read_next(Event& event) override {
    std::string_view line;
    while (lines_.next(line)) {
      const std::string_view t = trim(line);
      if (t.empty() || is_preamble_line(t)) continue;
      if (t.find(',') == std::string_view::npos) {
        note_stray(lines_.line_number());
        continue;
      }
      split(t);
      if (take_header()) continue;
      if (!is_row()) {
        note_stray(lines_.line_number());
        continue;
      }
      if (make_event(event)) {
        ++events_;
        return true;
      }
    }
    report_stray("W0251", "that are neither rows nor the log's preamble");
    return false;
  }

 private:
  // Splits a line at commas into fields_[0, count_).
  void split(std::string_view line) {
    count_ = 0;
    filled_ = 0;
    std::string* field = start_field();
    split_delimited_line(
        line, ',',
        [&](char c) {
          if (field) *field += c;
          if (!is_space(c)) filled_ = count_;
        },
        [&] { field = start_field(); });
  }

  // Opens the next field; nullptr past max_fields (counted, not stored).
  std::string* start_field() {
    ++count_;
    if (count_ > max_fields) return nullptr;
    if (fields_.size() < count_) fields_.emplace_back();
    std::string& f = fields_[count_ - 1];
    f.clear();
    return &f;
  }

  // The stored field i, trimmed ("" past max_fields).
  std::string_view field(std::size_t i) const { return i < fields_.size() && i < count_ ? trim(fields_[i]) : ""; }

  // The number of fields without the empty ones a row may trail beyond `columns` (Server 2003
  // ends every row with a comma).
  std::size_t fields_without_trailing_empties(std::size_t columns) const {
    return count_ <= columns ? count_ : std::max(columns, filled_);
  }

  // A header line names an ID, a Date and a Time column; it sets the columns of the rows that
  // follow (a repeated header, as in concatenated logs, sets them again).
  bool take_header() {
    if (count_ > max_fields) return false;
    std::size_t id = npos, date = npos, time = npos, description = npos;
    for (std::size_t i = 0; i < count_; ++i) {
      std::string_view name = field(i);
      if (i + 1 == count_ && name.ends_with('.')) name = trim(name.substr(0, name.size() - 1));
      if (iequals(name, "ID") && id == npos) id = i;
      if (iequals(name, "Date") && date == npos) date = i;
      if (iequals(name, "Time") && time == npos) time = i;
      if (iequals(name, "Description") && description == npos) description = i;
    }
    if (id == npos || date == npos || time == npos) return false;
    names_.resize(count_);
    for (std::size_t i = 0; i < count_; ++i) {
      std::string_view name = field(i);
      if (i + 1 == count_ && name.ends_with('.')) name = trim(name.substr(0, name.size() - 1));
      names_[i].assign(name);
    }
    id_ = id;
    date_ = date;
    time_ = time;
    description_ = description;
    has_header_ = true;
    return true;
  }

  // A line is a row when it has as many fields as there are columns (the header's, or the 7 of
  // an old log without one), or when it starts like one (a number, then a date): that one is
  // damaged. Other text with commas (a note pasted into the file) is a stray line.
  bool is_row() const {
    if (fields_without_trailing_empties(names_.size()) == names_.size()) return true;
    return count_ > std::max({id_, date_, time_}) && parse_uint(field(id_)) &&
           parse_row_time(field(date_), field(time_));
  }

  // Fills `event` from the split row; reports and returns false when the row is damaged.
  bool make_event(Event& event) {
    const std::uint64_t line = lines_.line_number();
    const std::size_t columns = names_.size();
    const std::size_t n = fields_without_trailing_empties(columns);
    if (n != columns) {
      skip_record(line, "E0251",
                  "row has " + std::to_string(n) + " fields, " +
                      (has_header_ ? "the header names " + std::to_string(columns)
                                   : "expected the " + std::to_string(columns) + " of a log without a header"));
      return false;
    }
    const auto id = parse_uint(field(id_));
    if (!id || *id > 0xFFFF) {
      skip_record(line, "E0251", "row has no valid ID (\"" + std::string(field(id_).substr(0, 40)) + "\")");
      return false;
    }
    const auto time = parse_row_time(field(date_), field(time_));
    if (!time) {
      skip_record(line, "E0251",
                  "row has no valid date and time (\"" + std::string(field(date_).substr(0, 40)) + "\", \"" +
                      std::string(field(time_).substr(0, 40)) + "\")");
      return false;
    }
    event.clear();
    event.source = "DhcpSrvLog";
    event.log = "DHCP Audit";
    event.event_id = static_cast<std::uint32_t>(*id);
    event.has_event_id = true;
    event.level = row_level(event.event_id);
    event.time = *time;
    if (description_ != npos) event.message = field(description_);
    for (std::size_t i = 0; i < columns; ++i) {
      if (i != id_ && i != date_ && i != time_ && i != description_) event.add_string(names_[i], field(i));
    }
    event.origin.file = options_.file_index;
    event.origin.line = line;
    event.origin.offset = lines_.line_offset();
    return true;
  }

  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  LineReader lines_;
  std::vector<std::string> fields_;  // reused across lines; [0, count_) is the current line
  std::size_t count_ = 0;            // fields in the current line (may exceed fields_.size())
  std::size_t filled_ = 0;           // 1-based index of its last field with more than spaces; 0: none
  std::vector<std::string> names_;   // column names, from the header or old_columns
  std::size_t id_ = 0, date_ = 1, time_ = 2, description_ = 3;
  bool has_header_ = false;
};

}  // namespace

std::unique_ptr<Reader> make_dhcp_audit_log_reader(std::unique_ptr<TextInput> input, std::string head,
                                                   const ReaderOptions& options) {
  return std::make_unique<DhcpAuditLogReader>(std::move(input), std::move(head), options);
}

}  // namespace kbmatch::detail
