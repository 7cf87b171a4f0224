// Crash reports logged as events → CrashFacts. The facts are read from the rendered description
// where the export has one (every text export, RenderedXml) and from the named EventData where it
// has none (plain Vista+ XML). Labels are matched without case: exports of different eras
// capitalize them differently ("Exception code" / "Exception Code").
#include "read/crash_events.h"

#include "util/text.h"

namespace kbmatch::detail {
namespace {

enum class CrashReport : std::uint8_t { none, drwatson, application_error, error_report, application_hang };

// Source names compare without case, spaces and dots: KB text writes "DrWatson", "Dr. Watson"
// and "Dr. Watson Log" for the same source.
std::string fold_name(std::string_view source) {
  std::string out;
  for (const char c : source) {
    if (c != ' ' && c != '.') out += ascii_lower(c);
  }
  return out;
}

CrashReport classify(const Event& e) {
  if (!e.has_event_id) return CrashReport::none;
  if (e.event_id != 4097 && (e.event_id < 1000 || e.event_id > 1002)) return CrashReport::none;
  const std::string source = fold_name(e.source);
  if (e.event_id == 4097) {
    return source == "drwatson" || source == "drwatsonlog" ? CrashReport::drwatson : CrashReport::none;
  }
  const bool app_error = source == "applicationerror" || source == "netruntime20errorreporting";
  if (e.event_id == 1000 && app_error) return CrashReport::application_error;
  if (e.event_id == 1001 && (app_error || source == "windowserrorreporting")) return CrashReport::error_report;
  if (e.event_id == 1002 && source == "applicationhang") return CrashReport::application_hang;
  return CrashReport::none;
}

// The value after `label` (found without case, from `from`), up to the first character of
// `stops`, trimmed. Empty when the label is absent.
std::string_view value_after(std::string_view text, std::string_view label, std::string_view stops = ",\r\n",
                             std::size_t from = 0) {
  const std::size_t at = find_icase(text, label, from);
  if (at == std::string_view::npos) return {};
  std::string_view rest = text.substr(at + label.size());
  rest = rest.substr(0, std::min(rest.size(), rest.find_first_of(stops)));
  return trim(rest);
}

std::string_view named_string(const Event& e, std::string_view name) {
  for (std::size_t i = 0; i < e.strings.size() && i < e.string_names.size(); ++i) {
    if (iequals(e.string_names[i], name)) return trim(e.strings[i]);
  }
  return {};
}

// Hex without "0x", lower case ("0x0001B4E2" → "0001b4e2"), as Dr. Watson writes addresses.
std::string plain_hex(std::string_view text) {
  text = trim(text);
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) text.remove_prefix(2);
  std::string out;
  for (const char c : text) {
    if (hex_digit(c) < 0) return {};
    out += ascii_lower(c);
  }
  return out;
}

void set_app(CrashFacts& c, std::string_view app) {
  c.app.assign(trim(app));
  c.process = image_base_name(c.app);
}

void set_exception(CrashFacts& c, std::string_view code) {
  if (const auto v = parse_exception_code(first_word(code))) {
    c.exception_code = *v;
    c.has_exception_code = true;
  }
}

void set_pid(CrashFacts& c, std::string_view pid) {
  pid = first_word(pid);
  std::optional<std::uint64_t> v;
  if (istarts_with(pid, "0x")) {
    v = parse_exception_code(pid);  // what it parses is any 32-bit hex number: "0x2f4"
  } else {
    v = parse_uint(pid);
  }
  if (v && *v <= 0xFFFFFFFFu) {
    c.pid = static_cast<std::uint32_t>(*v);
    c.has_pid = true;
  }
}

// "The application, exe\rpcss.dbg, generated an application error The error occurred on
// 5/10/2001 @ 17:49:58.123 The exception generated was c0000005 at address 77f6b4e2
// (RtlAllocateHeap)". The comma after "application" and the period after the time come and go.
void parse_drwatson(std::string_view text, CrashFacts& c) {
  const std::size_t app_at = find_icase(text, "application");
  const std::size_t generated = find_icase(text, " generated", app_at == std::string_view::npos ? 0 : app_at);
  if (app_at != std::string_view::npos && generated != std::string_view::npos) {
    std::string_view app = trim(text.substr(app_at + 11, generated - app_at - 11));
    while (!app.empty() && (app.front() == ',' || app.back() == ',')) {
      app = trim(app.front() == ',' ? app.substr(1) : app.substr(0, app.size() - 1));
    }
    set_app(c, app);
  }
  const std::size_t exception_at = find_icase(text, "exception generated was");
  if (exception_at == std::string_view::npos) return;
  const std::string_view rest = text.substr(exception_at + 23);
  set_exception(c, rest);
  c.fault_address = plain_hex(first_word(value_after(rest, "at address", "(\r\n")));
  const std::size_t open = rest.find('(');
  const std::size_t close = open == std::string_view::npos ? open : rest.find(')', open);
  if (close != std::string_view::npos) {
    const std::string_view function = trim(rest.substr(open + 1, close - open - 1));
    if (function != "<nosymbols>") c.function.assign(function);
  }
}

// XP/2003: "Faulting application spoolsv.exe, version 5.2.3790.0, faulting module ntdll.dll,
// version 5.2.3790.0, fault address 0x0001b4e2." Vista+: one "Label: value" line per fact.
void parse_application_error(const Event& e, std::string_view text, CrashFacts& c) {
  if (const auto name = named_string(e, "AppName"); !name.empty()) {  // Vista+ XML without a message
    const auto path = named_string(e, "AppPath");
    set_app(c, path.empty() ? name : path);
    c.module = image_base_name(named_string(e, "ModuleName"));
    set_exception(c, named_string(e, "ExceptionCode"));
    c.fault_address = plain_hex(named_string(e, "FaultingOffset"));
    set_pid(c, named_string(e, "ProcessId"));
    return;
  }
  std::string_view app = value_after(text, "Faulting application name:");
  if (app.empty()) app = value_after(text, "Faulting application ");
  set_app(c, app);
  if (const auto path = value_after(text, "Faulting application path:", "\r\n"); !path.empty()) c.app.assign(path);
  std::string_view module = value_after(text, "Faulting module name:");
  if (module.empty()) module = value_after(text, "faulting module ");
  c.module = image_base_name(module);
  set_exception(c, value_after(text, "Exception code:"));
  std::string_view offset = value_after(text, "Fault offset:");
  if (offset.empty()) offset = value_after(text, "fault address ", ",.\r\n");
  c.fault_address = plain_hex(first_word(offset));
  set_pid(c, value_after(text, "Faulting process id:"));
}

// Windows Error Reporting's problem signature: for APPCRASH, P1 is the application, P4 the
// module and P7 the exception code. The WER dialog and Reliability Monitor label them instead.
void parse_error_report(const Event& e, std::string_view text, CrashFacts& c) {
  std::string_view kind = named_string(e, "EventName");
  if (kind.empty()) kind = value_after(text, "Event Name:");
  if (!iequals(first_word(kind), "APPCRASH") && !iequals(first_word(kind), "BEX")) return;
  std::string_view app = named_string(e, "P1");
  if (app.empty()) app = value_after(text, "P1:");
  if (app.empty()) app = value_after(text, "Application Name:");
  set_app(c, first_word(app));
  std::string_view module = named_string(e, "P4");
  if (module.empty()) module = value_after(text, "P4:");
  if (module.empty()) module = value_after(text, "Fault Module Name:");
  c.module = image_base_name(first_word(module));
  std::string_view code = named_string(e, "P7");
  if (code.empty()) code = value_after(text, "P7:");
  if (code.empty()) code = value_after(text, "Exception Code:");
  set_exception(c, code);
}

// XP/2003: "Hanging application mmc.exe, version 5.2.3790.0, hang module hungapp, ...".
// Vista+: "The program mmc.exe version 6.0.6002.18005 stopped interacting with Windows ...".
void parse_application_hang(const Event& e, std::string_view text, CrashFacts& c) {
  std::string_view app = named_string(e, "AppName");
  if (app.empty()) app = value_after(text, "Hanging application ");
  if (app.empty()) app = first_word(value_after(text, "The program ", "\r\n"));
  set_app(c, app);
}

}  // namespace

void add_crash_facts(Event& event) {
  if (event.crash.present()) return;
  const CrashReport report = classify(event);
  if (report == CrashReport::none) return;
  std::string joined;
  std::string_view text = event.message;
  if (text.empty()) {
    for (const auto& s : event.strings) joined.append(s).append("\n");
    text = joined;
  }
  CrashFacts& c = event.crash;
  switch (report) {
    case CrashReport::drwatson: parse_drwatson(text, c); break;
    case CrashReport::application_error: parse_application_error(event, text, c); break;
    case CrashReport::error_report: parse_error_report(event, text, c); break;
    case CrashReport::application_hang: parse_application_hang(event, text, c); break;
    case CrashReport::none: break;
  }
  if (c.process.empty()) {
    c.clear();  // not a crash report we can read (e.g. XP's 1001 "Fault bucket" line alone)
    return;
  }
  c.kind = report == CrashReport::application_hang ? CrashFacts::Kind::hang : CrashFacts::Kind::crash;
}

}  // namespace kbmatch::detail
