// Format sniffing: picks the reader from the content, never from the file name (customers rename
// exports freely: a .txt may be CSV, an .xml may be UTF-16).
//
// Binary magics are checked on the raw bytes; the text formats on the first decoded lines, each
// by the shape of its first record.
#include <algorithm>
#include <array>

#include "read/binary_reader.h"
#include "read/crash_events.h"
#include "read/nt4_row.h"
#include "read/text_reader.h"
#include "read/vista_row.h"
#include "util/text.h"

namespace kbmatch {

std::string_view format_name(Format f) {
  switch (f) {
    case Format::event_xml: return "event-xml";
    case Format::nt4_text: return "nt4-text";
    case Format::vista_csv: return "vista-csv";
    case Format::wevtutil_text: return "wevtutil-text";
    case Format::drwatson_log: return "drwatson-log";
    case Format::dhcp_audit_log: return "dhcp-audit-log";
    case Format::counter_log: return "counter-log";
    case Format::network_snapshot: return "network-snapshot";
    case Format::text_log: return "text-log";
    case Format::evtx: return "evtx";
    case Format::evt: return "evt";
    case Format::unknown: break;
  }
  return "unknown";
}

bool Reader::next(Event& event) {
  if (!read_next(event)) return false;
  if (event.kind == Event::Kind::logged) detail::add_crash_facts(event);
  return true;
}

namespace {

using namespace detail;

struct Sniffed {
  Format format = Format::unknown;
  char delimiter = ',';
};

bool has_event_element(std::string_view text) {
  for (std::size_t p = text.find("<Event"); p != std::string_view::npos; p = text.find("<Event", p + 6)) {
    if (p + 6 < text.size() && (text[p + 6] == ' ' || text[p + 6] == '>' || text[p + 6] == '\t' ||
                                text[p + 6] == '\r' || text[p + 6] == '\n')) {
      return true;
    }
  }
  return false;
}

Sniffed sniff_text(std::string_view head) {
  std::size_t pos = 0;
  int examined = 0;
  while (pos < head.size() && examined < 64) {
    std::size_t nl = head.find('\n', pos);
    if (nl == std::string_view::npos) nl = head.size();
    std::string_view line = head.substr(pos, nl - pos);
    pos = nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::string_view t = trim(line);
    if (t.empty()) continue;
    ++examined;
    if (t.front() == '<') {
      if (has_event_element(head)) return {Format::event_xml};
      continue;
    }
    if (is_wevtutil_record_start(t)) return {Format::wevtutil_text};
    if (is_drwatson_log_line(t)) return {Format::drwatson_log};
    if (is_dhcp_audit_log_line(t)) return {Format::dhcp_audit_log};
    if (is_counter_log_header(t)) return {Format::counter_log};
    if (is_network_snapshot_line(t)) return {Format::network_snapshot};
    for (const char d : {'\t', ','}) {
      if (is_vista_header_line(line, d) || is_vista_row_start(line, d)) return {Format::vista_csv, d};
    }
    std::array<std::string_view, 9> fields;
    for (const char d : {'\t', ','}) {
      if (classify_nt4_row(line, d, fields) == RowStart::yes) return {Format::nt4_text, d};
    }
  }
  if (has_event_element(head)) return {Format::event_xml};
  // Last: a program's own log. Many texts start lines with a date, so only when nothing else fits.
  if (looks_like_text_log(head)) return {Format::text_log};
  return {};
}

void report(DiagnosticSink& sink, const ReaderOptions& o, std::string code, std::string message) {
  sink.report(make_diagnostic(Severity::error, std::move(code), o.display_name, std::move(message)));
}

}  // namespace

std::unique_ptr<Reader> open_reader(std::unique_ptr<ByteSource> source, const ReaderOptions& options,
                                    DiagnosticSink& diagnostics) {
  auto input = std::make_unique<TextInput>(std::move(source), options.display_name, diagnostics);
  const std::string_view raw = input->raw_head();
  // The binary logs, by their magic: .evtx files begin "ElfFile\0"; an .evt file begins with
  // its header's size (0x30) and "LfLe".
  const bool evtx = raw.starts_with(std::string_view("ElfFile\0", 8));
  const bool evt = raw.size() >= 8 && raw.substr(4, 4) == "LfLe";
  if (evtx || evt) {
    std::string head;
    auto bytes = input->release_source(head);
    auto binary = std::make_unique<BinaryInput>(std::move(bytes), std::move(head));
    return evtx ? make_evtx_reader(std::move(binary), options, diagnostics)
                : make_evt_reader(std::move(binary), options, diagnostics);
  }
  std::string head;
  while (head.size() < 64 * 1024 && input->read_more(head)) {
  }
  if (trim(head).empty()) {
    // An empty export is a valid export of an empty log: a reader that yields nothing.
    return make_wevtutil_text_reader(std::move(input), std::move(head), options);
  }
  const Sniffed s = sniff_text(head);
  switch (s.format) {
    case Format::event_xml: return make_xml_reader(std::move(input), std::move(head), options);
    case Format::wevtutil_text: return make_wevtutil_text_reader(std::move(input), std::move(head), options);
    case Format::vista_csv: return make_vista_csv_reader(std::move(input), std::move(head), options, s.delimiter);
    case Format::nt4_text: return make_nt4_text_reader(std::move(input), std::move(head), options, s.delimiter);
    case Format::drwatson_log: return make_drwatson_log_reader(std::move(input), std::move(head), options);
    case Format::dhcp_audit_log: return make_dhcp_audit_log_reader(std::move(input), std::move(head), options);
    case Format::counter_log: return make_counter_log_reader(std::move(input), std::move(head), options);
    case Format::network_snapshot: return make_network_snapshot_reader(std::move(input), std::move(head), options);
    case Format::text_log: return make_text_log_reader(std::move(input), std::move(head), options);
    default: break;
  }
  std::string first = std::string(trim(head.substr(0, std::min<std::size_t>(head.find('\n'), 60))));
  report(diagnostics, options, "E0402",
         "unrecognized format (not Event XML, wevtutil text, Event Viewer text or CSV, a Dr. Watson log, "
         "a DHCP audit log, a counter log, ipconfig/route output or a timestamped text log); it begins: \"" +
             first + "\"");
  return nullptr;
}

}  // namespace kbmatch
