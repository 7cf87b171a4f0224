// Dr. Watson for Windows NT's crash log (drwtsn32.log, NT 3.5x/4.0/2000/XP): one Event per crash.
//
// Dr. Watson appends one section per crash and never closes it, so a section runs from its
// "Application exception occurred:" line to the next one (or the end of the file):
//
//   Application exception occurred:
//           App: exe\rpcss.dbg (pid=112)             NT4: symbol path; 2000/XP: image path
//           When: 3/9/1999 @ 14:5:7.250              M/D/YYYY, fields not padded (or space-padded)
//           Exception number: c0000005 (access violation)
//   *----> System Information <----*                 Computer Name:, User Name:, Windows Version:,
//                                                    Current Build:, Service Pack: (2000+)
//   *----> Task List <----*                          "  112 RpcSs.exe", then the module list
//   (77f60000 - 77fbe000) dll\ntdll.dbg              (2000/XP may head it "*----> Module List <----*")
//   State Dump for Thread Id 0x8c                    one per thread (XP: "*----> State Dump ... <----*")
//   function: RtlAllocateHeap                        disassembly around eip
//   FAULT ->77f6b4e2 8b06   mov eax,[esi]            only in the faulting thread
//   *----> Stack Back Trace <----*                   "FramePtr ReturnAd Param#1 ..." or (later)
//   0092fe4c 77f6a4d1 ... ntdll!RtlAllocateHeap      "ChildEBP RetAddr  Args to Child"
//   *----> Raw Stack Dump <----*                     hex dump: skipped, never stored
//
// Logs reach us mostly as pasted excerpts (KB articles, support mails), so the reader is lenient
// with shape: any indentation, lines wrapped inside a stack frame ("... ntdll!wcscpy  (FPO:" /
// "[2,0,2])", or the hex columns on one line and "module!function" on the next), header labels
// joined on one line, placeholders such as "<date> @ <time>" (left unknown, not an error).
//
// Memory stays bounded per section: the raw stack dump is skipped, stored lines, frames and
// modules are capped (a runaway section is cut, not buffered).
#include <array>

#include "read/line_reader.h"
#include "read/text_reader.h"
#include "util/civil_time.h"
#include "util/text.h"

namespace kbmatch::detail {

namespace {

constexpr std::string_view block_start = "Application exception occurred:";

// Caps on what one crash section may store, so a damaged or hostile log cannot exhaust memory.
constexpr std::size_t max_frames = 256;
constexpr std::size_t max_modules = 1024;
constexpr std::size_t max_stored_line = 1024;  // bytes of one message line, name or frame

std::string_view capped(std::string_view s) {
  return utf8_prefix(s, max_stored_line);
}

bool is_hex_text(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s) {
    if (hex_digit(c) < 0) return false;
  }
  return true;
}

// A stack column such as "0012fe6c" (or a 64-bit "000000000012fe6c").
bool is_hex_word(std::string_view s) {
  return (s.size() == 8 || s.size() == 16) && is_hex_text(s);
}

// "<date>", "[Time of occurrence]": what write-ups put where a value was.
bool is_placeholder(std::string_view v) {
  v = trim(v);
  return v.size() >= 2 && ((v.front() == '<' && v.back() == '>') || (v.front() == '[' && v.back() == ']'));
}

// The section title of a "*----> Title <----*" heading; empty for any other line.
std::string_view heading_title(std::string_view t) {
  if (!t.starts_with("*--")) return {};
  const std::size_t open = t.find('>');
  const std::size_t close = t.rfind("<-");
  if (open == std::string_view::npos || close == std::string_view::npos || close <= open) return {};
  return trim(t.substr(open + 1, close - open - 1));
}

bool is_state_dump_line(std::string_view t) {
  return t.starts_with("State Dump for Thread Id");
}

// The lines Dr. Watson writes before every crash it appends; they belong to no crash section.
bool is_banner_line(std::string_view t) {
  return (t.starts_with("Microsoft (R)") && find_icase(t, "DrWtsn32") != std::string_view::npos) ||
         (istarts_with(t, "Copyright (C)") && find_icase(t, "Microsoft Corp") != std::string_view::npos);
}

// Cuts what follows a symbol's name: "+0x2c" offsets and "(0x00177008)" arguments.
std::string_view strip_symbol_offset(std::string_view symbol) {
  for (const std::string_view tail : {std::string_view("+"), std::string_view("(0x")}) {
    const std::size_t bang = symbol.find('!');
    const std::size_t at = symbol.find(tail, bang == std::string_view::npos ? 0 : bang + 1);
    if (at != std::string_view::npos && at > 0) symbol = symbol.substr(0, at);
  }
  return symbol;
}

// "module!function" from a stack frame's symbol column: "ntdll!RtlAllocateHeap+0x2c" gives
// "ntdll!RtlAllocateHeap"; "spoolss!<nosymbols>" stays. Empty for anything that is no symbol.
std::string_view frame_symbol(std::string_view token) {
  const std::size_t bang = token.find('!');
  if (bang == std::string_view::npos || token.back() == ':' || token.find('=') != std::string_view::npos) return {};
  return strip_symbol_offset(token);
}

// The end of a symbol that starts at `pos` and whose first word ends at `end`: a few names hold
// spaces ("advapi32!<No Symbol>", "rpcrt4!operator delete", "x!C::`RTTI Complete Object Locator'").
std::size_t symbol_end(std::string_view t, std::size_t pos, std::size_t end) {
  const std::string_view word = t.substr(pos, end - pos);
  std::size_t close = std::string_view::npos;
  if (const std::size_t lt = word.find('<');
      lt != std::string_view::npos && word.find('>', lt) == std::string_view::npos) {
    close = t.find('>', end);
  } else if (const std::size_t bq = word.find('`');
             bq != std::string_view::npos && word.find('\'', bq) == std::string_view::npos) {
    close = t.find('\'', end);
  } else if (word.ends_with("operator")) {
    std::size_t next = end;
    while (next < t.size() && is_space(t[next])) ++next;
    while (next < t.size() && !is_space(t[next])) ++next;
    return next;
  }
  return close == std::string_view::npos ? end : close + 1;
}

// The "module!function" of a stack line: the first column that is not a hex word, when it is a
// symbol. Frame pointers, return addresses and parameters come first, their number varying with
// the layout (FramePtr/ReturnAd/4 params, ChildEBP/RetAddr/3 args, re-typed excerpts with fewer);
// a line of hex columns alone (its symbol wrapped onto the next line) gives nothing.
std::string_view stack_line_symbol(std::string_view t) {
  std::size_t pos = 0;
  while (pos < t.size()) {
    while (pos < t.size() && is_space(t[pos])) ++pos;
    std::size_t end = pos;
    while (end < t.size() && !is_space(t[end])) ++end;
    const std::string_view token = t.substr(pos, end - pos);
    if (token.empty()) break;
    if (!is_hex_word(token)) return frame_symbol(t.substr(pos, symbol_end(t, pos, end) - pos));
    pos = end;
  }
  return {};
}

// "<nosymbols>" as Dr. Watson writes it and as excerpts re-type it: "nosymbols", "(nosymbols)",
// "<No Symbol>", "<no symbols>".
bool means_no_symbols(std::string_view name) {
  std::string folded;
  for (const char c : name) {
    if (c != '<' && c != '>' && c != '(' && c != ')' && c != ' ') folded += ascii_lower(c);
  }
  return folded == "nosymbols" || folded == "nosymbol";
}

// Where "FAULT ->" stands in a line (also "FAULT-->", "FAULT -<", and in the middle of a line
// that an excerpt re-flowed), or npos. The arrow must be followed by the faulting address.
std::size_t find_fault_marker(std::string_view t, std::size_t& instruction_at) {
  for (std::size_t at = t.find("FAULT"); at != std::string_view::npos; at = t.find("FAULT", at + 5)) {
    std::size_t p = at + 5;
    while (p < t.size() && t[p] == ' ') ++p;
    if (p >= t.size() || t[p] != '-') continue;
    while (p < t.size() && (t[p] == '-' || t[p] == '>' || t[p] == '<' || t[p] == '.' || t[p] == ' ')) ++p;
    // The address: hex digits up to a space or the end. A hex run cannot hold "FAULT" ('U' is
    // no hex digit), so the scans of all candidates together stay linear in the line.
    std::size_t q = p;
    if (t.substr(q).starts_with("0x") || t.substr(q).starts_with("0X")) q += 2;
    const std::size_t digits_at = q;
    while (q < t.size() && hex_digit(t[q]) >= 0) ++q;
    if (q == digits_at || (q < t.size() && !is_space(t[q]))) continue;
    instruction_at = p;
    return at;
  }
  return std::string_view::npos;
}

// One "Label: value" of a crash section's first lines. Excerpts sometimes join them on one line
// ("App: x.dbg (pid=12) When: <date> @ <time>"), so a line is split at every label it holds.
enum class HeaderField : std::uint8_t { app, when, exception };
struct HeaderLabel {
  std::string_view text;
  HeaderField field;
};
constexpr std::array<HeaderLabel, 5> header_labels{{{"App:", HeaderField::app},
                                                    {"Application:", HeaderField::app},
                                                    {"When:", HeaderField::when},
                                                    {"Time:", HeaderField::when},
                                                    {"Exception number:", HeaderField::exception}}};

class DrWatsonLogReader final : public TextReader {
 public:
  DrWatsonLogReader(std::unique_ptr<TextInput> input, std::string head, const ReaderOptions& options)
      : TextReader(Format::drwatson_log, std::move(input), options), lines_(*input_, std::move(head)) {}

  bool read_next(Event& event) override {
    std::string_view line;
    for (;;) {
      const bool got = lines_.next(line);
      const std::string_view t = got ? trim(line) : std::string_view{};
      if (!got || t.starts_with(block_start)) {
        const bool had = has_pending_;
        has_pending_ = false;
        const bool ok = had && finish();
        if (ok) std::swap(event, pending_);
        if (got) begin(t);
        if (ok) {
          ++events_;
          return true;
        }
        if (!got) {
          report_stray("W0241", "before the first \"Application exception occurred:\"");
          return false;
        }
        continue;
      }
      if (!has_pending_) {
        if (!t.empty() && !is_banner_line(t)) note_stray(lines_.line_number());
        continue;
      }
      take_line(t);
    }
  }

 private:
  enum class Section : std::uint8_t { header, system_info, task_list, modules, thread, stack, raw_dump, other };

  void begin(std::string_view t) {
    has_pending_ = true;
    pending_.clear();
    pending_.origin.file = options_.file_index;
    pending_.origin.line = lines_.line_number();
    pending_.origin.offset = lines_.line_offset();
    section_ = Section::header;
    have_app_ = have_when_ = have_exception_ = false;
    thread_function_.clear();
    thread_function_line_.clear();
    chosen_function_.clear();
    chosen_function_line_.clear();
    have_chosen_function_ = false;
    first_function_.clear();
    first_function_line_.clear();
    fault_line_.clear();
    fault_seen_ = false;
    fault_wrapped_ = false;
    collecting_frames_ = false;
    stack_taken_ = false;
    task_app_.clear();
    pending_.message.assign(capped(t));
    // "Application exception occurred: App: ..." (an excerpt joined the lines).
    take_header_labels(t.substr(block_start.size()), false);
  }

  void take_line(std::string_view t) {
    if (t.empty()) return;  // blank lines separate parts of a section but end none
    if (const std::string_view title = heading_title(t); !title.empty()) return take_heading(title);
    if (is_state_dump_line(t)) return begin_thread();
    if (is_banner_line(t)) return;  // the next crash's banner
    if (fault_wrapped_ && take_fault_continuation(t)) return;
    if (istarts_with(t, "function:")) return take_function(t.substr(9), t);
    if (section_ != Section::raw_dump && section_ != Section::stack) {
      // "efl=00000206   function: s1pnsuns": an excerpt joined the line to the register dump.
      if (const std::size_t at = find_icase(t, " function:"); at != std::string_view::npos) {
        return take_function(t.substr(at + 10), trim(t.substr(at)));
      }
    }
    if (section_ != Section::raw_dump && (section_ != Section::stack || t.starts_with("FAULT"))) {
      std::size_t instruction_at = 0;
      if (const std::size_t at = find_fault_marker(t, instruction_at); at != std::string_view::npos) {
        return take_fault(t.substr(at), t.substr(instruction_at));
      }
    }
    switch (section_) {
      case Section::raw_dump: return;
      case Section::stack:
        if (!is_stack_header(t)) take_frame(t);
        return;
      default: break;
    }
    if (is_stack_header(t)) return begin_stack();  // a stack quoted without its heading
    if (section_ == Section::header && take_header_labels(t, true)) return;
    if (t.front() == '(' && take_module(t)) return;
    // The task list; excerpts sometimes quote its lines right after the header, without heading.
    if ((section_ == Section::task_list || section_ == Section::header) && take_task(t)) return;
    take_system_label(t);
  }

  void take_heading(std::string_view title) {
    if (title.starts_with("State Dump for Thread Id")) return begin_thread();
    if (title == "Stack Back Trace") return begin_stack();
    collecting_frames_ = false;
    if (title == "System Information") {
      section_ = Section::system_info;
    } else if (title == "Task List") {
      section_ = Section::task_list;
    } else if (title == "Module List") {
      section_ = Section::modules;
    } else if (title == "Raw Stack Dump") {
      section_ = Section::raw_dump;
    } else {
      section_ = Section::other;
    }
  }

  static bool is_stack_header(std::string_view t) { return t.starts_with("FramePtr") || t.starts_with("ChildEBP"); }

  void begin_thread() {
    section_ = Section::thread;
    collecting_frames_ = false;
    thread_function_.clear();
    thread_function_line_.clear();
  }

  // The faulting thread's stack is the first one after the FAULT line; a section without a FAULT
  // line (an excerpt, or Dr. Watson could not disassemble) gets its first stack instead.
  void begin_stack() {
    section_ = Section::stack;
    collecting_frames_ = false;
    if (stack_taken_) return;
    if (!fault_seen_ && !have_chosen_function_) choose_function(thread_function_, thread_function_line_);
    collecting_frames_ = true;
    stack_taken_ = true;
  }

  void choose_function(std::string_view name, std::string_view line) {
    chosen_function_ = name;
    chosen_function_line_ = line;
    have_chosen_function_ = true;
  }

  // Header fields of the section's first lines; the first value of each wins (excerpts pasted
  // one after another repeat them). Returns whether the line held a label.
  bool take_header_labels(std::string_view t, bool add_line_to_message) {
    // Where each label next stands (at a word start) at or after the cursor. A label's search only
    // moves forward, so a line of thousands of labels is still read in linear time.
    std::array<std::size_t, header_labels.size()> next{};
    const auto find_label = [&](std::size_t i, std::size_t from) {
      for (std::size_t p = find_icase(t, header_labels[i].text, from); p != std::string_view::npos;
           p = find_icase(t, header_labels[i].text, p + 1)) {
        if (p == 0 || is_space(t[p - 1])) return p;
      }
      return std::string_view::npos;
    };
    const auto first_label = [&](std::size_t from) {
      std::size_t best = header_labels.size();
      for (std::size_t i = 0; i < header_labels.size(); ++i) {
        if (next[i] != std::string_view::npos && next[i] < from) next[i] = find_label(i, from);
        if (next[i] != std::string_view::npos && (best == header_labels.size() || next[i] < next[best])) best = i;
      }
      return best;
    };
    for (std::size_t i = 0; i < header_labels.size(); ++i) next[i] = find_label(i, 0);
    std::size_t label = first_label(0);
    if (label == header_labels.size()) return false;
    bool used = false;
    while (label != header_labels.size()) {
      const std::size_t value_at = next[label] + header_labels[label].text.size();
      const std::size_t following = first_label(value_at);
      const std::size_t value_end = following == header_labels.size() ? t.size() : next[following];
      const std::string_view value = trim(t.substr(value_at, value_end - value_at));
      const HeaderField field = header_labels[label].field;
      bool& have = field == HeaderField::app ? have_app_ : field == HeaderField::when ? have_when_ : have_exception_;
      if (!have) {
        have = used = true;
        switch (field) {
          case HeaderField::app: take_app(value); break;
          case HeaderField::when: take_when(value); break;
          case HeaderField::exception: take_exception(value); break;
        }
      }
      label = following;
    }
    if (used && add_line_to_message) {
      pending_.message += '\n';
      pending_.message += capped(t);
    }
    return true;
  }

  // "exe\rpcss.dbg (pid=112)"; also the shapes excerpts give it: "C:\x\a.EXE(pid=12)",
  // "snaservr.DBG (<process ID>)", "<path> snaservr.exe (pid=<pid>)", "[Pid number of occurrence]".
  void take_app(std::string_view v) {
    CrashFacts& c = pending_.crash;
    if (!v.empty() && (v.front() == '<' || v.front() == '[')) {  // a leading placeholder: "<path>"
      const std::size_t close = v.find(v.front() == '<' ? '>' : ']');
      v = close == std::string_view::npos ? std::string_view{} : trim(v.substr(close + 1));
    }
    std::size_t pid_at = std::string_view::npos;
    for (std::size_t p = find_icase(v, "(pid"); p != std::string_view::npos; p = find_icase(v, "(pid", p + 1))
      pid_at = p;
    if (pid_at != std::string_view::npos) {
      std::string_view rest = v.substr(pid_at + 4);
      while (!rest.empty() && (rest.front() == ' ' || rest.front() == '=' || rest.front() == '-'))
        rest.remove_prefix(1);
      std::size_t digits = 0;
      while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') ++digits;
      if (const auto pid = parse_uint(rest.substr(0, digits)); pid && *pid <= 0xFFFFFFFFu) {
        c.pid = static_cast<std::uint32_t>(*pid);
        c.has_pid = true;
      }
      v = v.substr(0, pid_at);
    } else if (const std::size_t lt = v.find('<'); lt != std::string_view::npos) {
      v = trim(v.substr(0, lt));
      if (!v.empty() && v.back() == '(') v.remove_suffix(1);
    }
    v = trim(v);
    if (is_placeholder(v)) v = {};
    c.app.assign(capped(v));
  }

  // "10/31/1997 @ 20:2:35.562", "11/ 7/1996 @ 16:32: 1.526"; anything else stays unknown.
  void take_when(std::string_view v) {
    const std::size_t at = v.find('@');
    if (at == std::string_view::npos) return;
    std::string_view time = trim(v.substr(at + 1));
    std::size_t end = 0;  // the time ends where its digits, colons, dots and pad spaces do
    while (end < time.size() &&
           ((time[end] >= '0' && time[end] <= '9') || time[end] == ':' || time[end] == '.' || time[end] == ' ')) {
      ++end;
    }
    if (const auto ts = parse_locale_date_time(trim(v.substr(0, at)), trim(time.substr(0, end)))) pending_.time = *ts;
  }

  // "c0000005 (access violation)".
  void take_exception(std::string_view v) {
    CrashFacts& c = pending_.crash;
    if (const auto code = parse_exception_code(first_word(v))) {
      c.exception_code = *code;
      c.has_exception_code = true;
    }
    const std::size_t open = v.find('(');
    if (open == std::string_view::npos) return;
    std::string_view name = v.substr(open + 1);
    if (const std::size_t close = name.find(')'); close != std::string_view::npos) name = name.substr(0, close);
    c.exception_name.assign(capped(trim(name)));
  }

  // "function: RtlAllocateHeap" (NT4/2000), "function: ntdll!RtlAllocateHeap" (XP), or
  // "function: <nosymbols>"; excerpts add remarks after the name.
  void take_function(std::string_view value, std::string_view line) {
    section_ = Section::thread;
    collecting_frames_ = false;
    // The rest of the line is the name (which may hold spaces: "C::`RTTI Complete Object
    // Locator'"); excerpts append remarks after two spaces or a dash.
    std::string_view name = capped(trim(value));
    for (const std::string_view remark : {std::string_view("  "), std::string_view(" -"), std::string_view("\t")}) {
      if (const std::size_t at = name.find(remark); at != std::string_view::npos) name = name.substr(0, at);
    }
    name = means_no_symbols(name) ? std::string_view("<nosymbols>") : strip_symbol_offset(name);
    thread_function_.assign(capped(name));
    thread_function_line_.assign(capped(line));
    if (first_function_line_.empty()) {
      first_function_ = thread_function_;
      first_function_line_ = thread_function_line_;
    }
  }

  // The first FAULT line of the section marks the faulting thread: its function and the stack
  // that follows are the crash's.
  void take_fault(std::string_view line, std::string_view instruction) {
    section_ = Section::thread;
    collecting_frames_ = false;
    if (fault_seen_) return;
    fault_seen_ = true;
    CrashFacts& c = pending_.crash;
    fault_line_.assign(capped(line));
    c.fault_instruction = collapse_space(capped(instruction));
    std::string_view address = first_word(instruction);
    if (address.starts_with("0x") || address.starts_with("0X")) address.remove_prefix(2);
    c.fault_address = to_lower(capped(address));
    choose_function(thread_function_, thread_function_line_);
    // A stack taken before the FAULT line was another thread's.
    c.frames.clear();
    stack_taken_ = false;
    // "FAULT ->77f6cbfe ff4010" with the mnemonic wrapped onto a later line.
    std::size_t tokens = 0;
    for (std::size_t i = 0; i < c.fault_instruction.size(); ++i) tokens += c.fault_instruction[i] == ' ';
    fault_wrapped_ = tokens < 2;
  }

  // The wrapped rest of a FAULT instruction: the next line that is not an operand-memory line
  // ("ds:0f09111c=b84a") and does not start with an address. Returns whether the line was used.
  bool take_fault_continuation(std::string_view t) {
    const bool operand_memory = t.size() > 3 && t[2] == ':' && (t[1] == 's' || t[1] == 'S');
    if (operand_memory && t.find('=') != std::string_view::npos) return true;
    fault_wrapped_ = false;
    if (is_hex_word(first_word(t)) || istarts_with(t, "function:") || t.starts_with("FramePtr") ||
        t.starts_with("ChildEBP")) {
      return false;
    }
    CrashFacts& c = pending_.crash;
    if (c.fault_instruction.size() + t.size() < max_stored_line) {
      c.fault_instruction += ' ';
      c.fault_instruction += collapse_space(t);
      fault_line_ += ' ';
      fault_line_ += t;
    }
    return true;
  }

  void take_frame(std::string_view t) {
    if (!collecting_frames_) return;
    const std::string_view symbol = stack_line_symbol(t);
    CrashFacts& c = pending_.crash;
    if (symbol.empty() || c.frames.size() >= max_frames) return;
    c.frames.emplace_back(capped(symbol));
  }

  // "(77f60000 - 77fbe000) dll\ntdll.dbg"; XP writes "(0000000077f50000 - 0000000077ff7000: path".
  bool take_module(std::string_view t) {
    std::string_view rest = t.substr(1);
    const std::string_view base = first_word(rest);
    if (!is_hex_text(base)) return false;
    rest = trim(rest.substr(static_cast<std::size_t>(base.data() - rest.data()) + base.size()));
    if (rest.empty() || rest.front() != '-') return false;
    rest = trim(rest.substr(1));
    std::size_t end = 0;
    while (end < rest.size() && hex_digit(rest[end]) >= 0) ++end;
    if (end == 0 || end == rest.size() || (rest[end] != ')' && rest[end] != ':')) return false;
    const std::string_view name = trim(rest.substr(end + 1));
    CrashFacts& c = pending_.crash;
    if (!name.empty() && c.modules.size() < max_modules) c.modules.emplace_back(capped(name));
    return true;
  }

  // "  66 ntvdm.exe": remembered only for the crashed pid, to name an application that the App
  // line left empty ("App:  (pid=344)").
  bool take_task(std::string_view t) {
    std::size_t digits = 0;
    while (digits < t.size() && t[digits] >= '0' && t[digits] <= '9') ++digits;
    if (digits == 0 || digits == t.size() || !is_space(t[digits])) return false;
    const CrashFacts& c = pending_.crash;
    if (c.app.empty() && c.has_pid && task_app_.empty() && parse_uint(t.substr(0, digits)) == c.pid) {
      std::string_view name = trim(t.substr(digits));
      if (const std::size_t exe = find_icase(name, ".exe"); exe != std::string_view::npos)
        name = name.substr(0, exe + 4);
      task_app_.assign(capped(name));
    }
    return true;
  }

  // System Information lines; the first value of each wins.
  void take_system_label(std::string_view t) {
    const std::size_t colon = t.find(':');
    if (colon == std::string_view::npos) return;
    const std::string_view label = trim(t.substr(0, colon));
    std::string_view value = trim(t.substr(colon + 1));
    if (value.empty() || is_placeholder(value)) return;
    value = capped(value);
    CrashFacts& c = pending_.crash;
    if (iequals(label, "Computer Name")) {
      if (pending_.computer.empty()) pending_.computer = value;
    } else if (iequals(label, "User Name")) {
      if (pending_.user.empty()) pending_.user = value;
    } else if (istarts_with(label, "Windows") && label.size() >= 14 &&
               iequals(label.substr(label.size() - 7), "Version")) {  // "Windows 2000 Version: 5.0"
      if (c.os_version.empty()) c.os_version = value;
    } else if (iequals(label, "Current Build")) {
      if (c.os_build.empty()) c.os_build = value;
    } else if (iequals(label, "Service Pack")) {
      // Dr. Watson writes the number alone; CrashFacts (like the other sources) names it in full.
      if (!c.service_pack.empty()) return;
      if (parse_uint(value)) c.service_pack = "Service Pack ";
      c.service_pack += value;
    }
  }

  // Completes the section; reports it and returns false when it tells nothing about a crash.
  bool finish() {
    CrashFacts& c = pending_.crash;
    if (!have_chosen_function_ && !first_function_line_.empty()) choose_function(first_function_, first_function_line_);
    std::string_view function = chosen_function_;
    std::string_view function_module;
    if (const std::size_t bang = function.find('!'); bang != std::string_view::npos) {
      function_module = function.substr(0, bang);
      function = function.substr(bang + 1);
    }
    if (!means_no_symbols(function)) c.function = function;
    if (c.app.empty() && !task_app_.empty()) c.app = task_app_;
    if (c.app.empty() && !c.has_exception_code && c.function.empty() && c.frames.empty() &&
        c.fault_instruction.empty()) {
      skip_record(pending_.origin.line, "E0241",
                  "crash section names no application, exception, faulting function or stack");
      return false;
    }
    c.kind = CrashFacts::Kind::crash;
    c.process = image_base_name(c.app);
    if (!c.frames.empty()) {
      const std::string& top = c.frames.front();
      c.module = image_base_name(std::string_view(top).substr(0, top.find('!')));
    }
    if (c.module.empty() && !function_module.empty()) c.module = image_base_name(function_module);
    if (!chosen_function_line_.empty()) {
      pending_.message += '\n';
      pending_.message += chosen_function_line_;
    }
    if (!fault_line_.empty()) {
      pending_.message += '\n';
      pending_.message += fault_line_;
    }
    pending_.source = "DrWatson";
    pending_.level = Level::error;
    return true;
  }

  LineReader lines_;
  Event pending_;
  bool has_pending_ = false;
  Section section_ = Section::header;
  bool have_app_ = false, have_when_ = false, have_exception_ = false;
  std::string thread_function_, thread_function_line_;  // the current thread's "function:" line
  std::string chosen_function_, chosen_function_line_;  // the faulting thread's
  bool have_chosen_function_ = false;
  std::string first_function_, first_function_line_;  // fallback: a section with neither FAULT nor stack
  std::string fault_line_;
  bool fault_seen_ = false;
  bool fault_wrapped_ = false;      // the FAULT instruction may go on on the next line
  bool collecting_frames_ = false;  // inside the stack that becomes CrashFacts::frames
  bool stack_taken_ = false;
  std::string task_app_;
};

}  // namespace

bool is_drwatson_log_line(std::string_view line) {
  const std::string_view t = trim(line);
  if (t.starts_with(block_start) || is_state_dump_line(t)) return true;
  if (t.starts_with("Microsoft (R)") && find_icase(t, "DrWtsn32") != std::string_view::npos) return true;
  const std::string_view title = heading_title(t);
  return title == "System Information" || title == "Task List" || title == "Stack Back Trace" ||
         title == "Raw Stack Dump" || title == "Module List" || title.starts_with("State Dump for Thread Id");
}

std::unique_ptr<Reader> make_drwatson_log_reader(std::unique_ptr<TextInput> input, std::string head,
                                                 const ReaderOptions& options) {
  return std::make_unique<DrWatsonLogReader>(std::move(input), std::move(head), options);
}

}  // namespace kbmatch::detail
