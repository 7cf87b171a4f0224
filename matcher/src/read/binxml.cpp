#include "read/binxml.h"

#include <array>
#include <charconv>
#include <deque>
#include <unordered_map>
#include <vector>

#include "read/binary_reader.h"
#include "read/event_xml_level.h"
#include "read/text_input.h"
#include "util/civil_time.h"
#include "util/text.h"

namespace kbmatch::detail {
namespace {

// Nested fragments (a BinXml value holding a template instance holding a BinXml value...) are
// legitimately two or three deep; a crafted file could nest until the stack runs out.
constexpr int max_depth = 12;
// More slots than any real template has (the largest seen have a few hundred); bounds the work a
// damaged count can cause.
constexpr std::uint32_t max_values = 8192;

// The names the Event model reads. Elements and attributes share the table; where a name occurs
// decides what it means.
enum class Role : std::uint8_t {
  other,
  system,
  provider,
  event_id,
  level,
  task,
  keywords,
  time_created,
  event_record_id,
  channel,
  computer,
  security,
  event_data,
  data,
  complex_data,
  binary,
  user_data,
  name,
  event_source_name,
  qualifiers,
  system_time,
  user_id,
};

Role role_of(std::string_view name) {
  static const std::unordered_map<std::string_view, Role> roles = {
      {"System", Role::system},
      {"Provider", Role::provider},
      {"EventID", Role::event_id},
      {"Level", Role::level},
      {"Task", Role::task},
      {"Keywords", Role::keywords},
      {"TimeCreated", Role::time_created},
      {"EventRecordID", Role::event_record_id},
      {"Channel", Role::channel},
      {"Computer", Role::computer},
      {"Security", Role::security},
      {"EventData", Role::event_data},
      {"Data", Role::data},
      {"ComplexData", Role::complex_data},
      {"Binary", Role::binary},
      {"UserData", Role::user_data},
      {"Name", Role::name},
      {"EventSourceName", Role::event_source_name},
      {"Qualifiers", Role::qualifiers},
      {"SystemTime", Role::system_time},
      {"UserID", Role::user_id},
  };
  const auto it = roles.find(name);
  return it == roles.end() ? Role::other : it->second;
}

// Value types of substitutions ([MS-EVEN6] 2.2.12 names them); 0x80 marks an array of the type.
enum ValueType : std::uint8_t {
  null_type = 0x00,
  string_type = 0x01,
  ansi_string_type = 0x02,
  int8_type = 0x03,
  uint8_type = 0x04,
  int16_type = 0x05,
  uint16_type = 0x06,
  int32_type = 0x07,
  uint32_type = 0x08,
  int64_type = 0x09,
  uint64_type = 0x0a,
  real32_type = 0x0b,
  real64_type = 0x0c,
  bool_type = 0x0d,
  binary_type = 0x0e,
  guid_type = 0x0f,
  size_t_type = 0x10,
  filetime_type = 0x11,
  systemtime_type = 0x12,
  sid_type = 0x13,
  hex_int32_type = 0x14,
  hex_int64_type = 0x15,
  binxml_type = 0x21,
  array_flag = 0x80,
};

struct Value {
  const char* p = nullptr;
  std::uint32_t size = 0;
  std::uint8_t type = null_type;
};

// One step of a compiled fragment. Names index the decoder's per-chunk name table; text ops index
// the fragment's literals.
struct Op {
  enum Kind : std::uint8_t { open, attribute, close_start, close_empty, end, text, substitution, instance };
  Kind kind = text;
  bool optional = false;
  std::uint16_t index = 0;  // substitution: the slot
  std::uint32_t arg = 0;    // open/attribute: name; text: literal; instance: offset of its value array
  std::uint32_t arg2 = 0;   // instance: offset of the template definition
};

struct Fragment {
  std::vector<Op> ops;
  std::vector<std::string> literals;
  void clear() {
    ops.clear();
    literals.clear();
  }
};

void append_hex_upper(std::string& out, const char* p, std::size_t n) {
  static constexpr char digits[] = "0123456789ABCDEF";
  for (std::size_t i = 0; i < n; ++i) {
    const auto b = static_cast<std::uint8_t>(p[i]);
    out += digits[b >> 4];
    out += digits[b & 15];
  }
}

template <class T>
void append_number(std::string& out, T v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void append_digits(std::string& out, unsigned v, int width) {
  char buf[10];
  for (int i = width - 1; i >= 0; --i, v /= 10) buf[i] = static_cast<char>('0' + v % 10);
  out.append(buf, static_cast<std::size_t>(width));
}

// evtxexport's spelling, which the XML reader then reads: "2019-02-13T18:01:41.593830000Z";
// `fraction_digits` 9 for FILETIME, 3 for SYSTEMTIME (milliseconds).
void append_iso_time(std::string& out, std::int64_t seconds, unsigned fraction, int fraction_digits) {
  const CivilTime c = civil_from_seconds(seconds);
  if (c.year < 0 || c.year > 9999) throw BinXmlError("time value out of range", 0);
  append_digits(out, static_cast<unsigned>(c.year), 4);
  out += '-';
  append_digits(out, static_cast<unsigned>(c.month), 2);
  out += '-';
  append_digits(out, static_cast<unsigned>(c.day), 2);
  out += 'T';
  append_digits(out, static_cast<unsigned>(c.hour), 2);
  out += ':';
  append_digits(out, static_cast<unsigned>(c.minute), 2);
  out += ':';
  append_digits(out, static_cast<unsigned>(c.second), 2);
  out += '.';
  append_digits(out, fraction, fraction_digits);
  out += 'Z';
}

std::size_t fixed_size(std::uint8_t type) {
  switch (type) {
    case int8_type:
    case uint8_type: return 1;
    case int16_type:
    case uint16_type: return 2;
    case int32_type:
    case uint32_type:
    case real32_type:
    case bool_type:
    case hex_int32_type: return 4;
    case int64_type:
    case uint64_type:
    case real64_type:
    case filetime_type:
    case hex_int64_type: return 8;
    case guid_type:
    case systemtime_type: return 16;
    default: return 0;
  }
}

// Appends one scalar value as text, as evtxexport renders it.
void append_scalar(std::string& out, std::uint8_t type, const char* p, std::size_t n) {
  switch (type) {
    case null_type: return;
    case string_type: append_utf16le(out, p, n / 2, true); return;
    case ansi_string_type:
      for (std::size_t i = 0; i < n && p[i] != '\0'; ++i) append_utf8(out, static_cast<std::uint8_t>(p[i]));
      return;
    case binary_type: append_hex_upper(out, p, n); return;
    case sid_type:
      if (!append_sid(out, p, n)) throw BinXmlError("damaged SID value", 0);
      return;
    case size_t_type:  // decimal, as evtxexport writes it
      if (n == 4) return append_number(out, load_u32(p));
      if (n == 8) return append_number(out, load_u64(p));
      throw BinXmlError("size_t value of " + std::to_string(n) + " bytes", 0);
    default: break;
  }
  if (n < fixed_size(type) || fixed_size(type) == 0) {
    throw BinXmlError("value of type 0x" + std::to_string(type) + " has " + std::to_string(n) + " bytes", 0);
  }
  switch (type) {
    case int8_type: return append_number(out, static_cast<std::int8_t>(p[0]));
    case uint8_type: return append_number(out, static_cast<std::uint8_t>(p[0]));
    case int16_type: return append_number(out, static_cast<std::int16_t>(load_u16(p)));
    case uint16_type: return append_number(out, load_u16(p));
    case int32_type: return append_number(out, static_cast<std::int32_t>(load_u32(p)));
    case uint32_type: return append_number(out, load_u32(p));
    case int64_type: return append_number(out, static_cast<std::int64_t>(load_u64(p)));
    case uint64_type: return append_number(out, load_u64(p));
    case real32_type: {
      float f;
      std::memcpy(&f, p, 4);
      return append_number(out, f);
    }
    case real64_type: {
      double d;
      std::memcpy(&d, p, 8);
      return append_number(out, d);
    }
    case bool_type: out += load_u32(p) != 0 ? "true" : "false"; return;
    case hex_int32_type: return append_fixed_hex(out, load_u32(p), 8);
    case hex_int64_type: return append_fixed_hex(out, load_u64(p), 16);
    case guid_type: {
      // {Data1-Data2-Data3-Data4}: the first three little-endian, the last as bytes; upper case.
      const char le[8] = {p[3], p[2], p[1], p[0], p[5], p[4], p[7], p[6]};
      out += '{';
      append_hex_upper(out, le, 4);
      out += '-';
      append_hex_upper(out, le + 4, 2);
      out += '-';
      append_hex_upper(out, le + 6, 2);
      out += '-';
      append_hex_upper(out, p + 8, 2);
      out += '-';
      append_hex_upper(out, p + 10, 6);
      out += '}';
      return;
    }
    case filetime_type: {
      const std::uint64_t ft = load_u64(p);
      const auto seconds = static_cast<std::int64_t>(ft / 10000000) - 11644473600LL;
      return append_iso_time(out, seconds, static_cast<unsigned>(ft % 10000000) * 100, 9);
    }
    case systemtime_type: {
      // year, month, day of week, day, hour, minute, second, milliseconds (16-bit each)
      const int y = load_u16(p), mo = load_u16(p + 2), d = load_u16(p + 6);
      if (!valid_date(y, mo, d)) throw BinXmlError("invalid SYSTEMTIME value", 0);
      const std::int64_t secs = days_from_civil(y, mo, d) * 86400 + load_u16(p + 8) * 3600 + load_u16(p + 10) * 60 +
                                load_u16(p + 12);
      // Milliseconds only, as the value has them: "2019-03-08T12:26:17.000Z".
      return append_iso_time(out, secs, load_u16(p + 14) % 1000u, 3);
    }
    default: throw BinXmlError("unknown value type 0x" + std::to_string(type), 0);
  }
}

// Fills the Event from the element and attribute stream of one record, as read/xml_reader.cpp
// fills it from the same event's XML: Event/System/* fields, EventData's Data and Binary,
// UserData's leaf elements. Values are turned into text only where a field reads them.
class EventBuilder {
 public:
  void begin(Event& e) {
    event_ = &e;
    depth_ = 0;
    in_attribute_ = false;
    keywords_.clear();
    source_fallback_.clear();
    has_time_ = false;
  }

  void open(const std::string& name, Role role) {
    finish_attribute();
    if (depth_ > 0) frames_[depth_ - 1].has_child = true;
    if (depth_ == frames_.size()) frames_.emplace_back();
    Frame& f = frames_[depth_++];
    f.role = role;
    f.name = &name;
    f.text.clear();
    f.name_attribute.clear();
    f.has_child = false;
    f.consumed = false;
    f.qualifiers = -1;
    f.wanted = wants_text();
  }

  void attribute(Role role) {
    finish_attribute();
    if (depth_ == 0) return;
    in_attribute_ = true;
    attribute_role_ = role;
    attribute_text_.clear();
    attribute_wanted_ = wants_attribute(role);
  }

  void close_start() { finish_attribute(); }

  void end() {
    finish_attribute();
    if (depth_ == 0) throw BinXmlError("end of an element that was never opened", 0);
    finish_element(frames_[depth_ - 1]);
    --depth_;
  }

  void text(std::string_view t) {
    if (in_attribute_) {
      if (attribute_wanted_) attribute_text_ += t;
    } else if (depth_ > 0 && frames_[depth_ - 1].wanted) {
      frames_[depth_ - 1].text += t;
    }
  }

  void value(const Value& v) {
    if (in_attribute_) {
      if (!attribute_wanted_) return;
      if (attribute_role_ == Role::system_time && v.type == filetime_type && v.size == 8) {
        set_time(filetime_to_timestamp(load_u64(v.p)));
        attribute_role_ = Role::other;  // done
        return;
      }
      append_value(attribute_text_, v);
      return;
    }
    if (depth_ == 0) return;
    Frame& f = frames_[depth_ - 1];
    if (!f.wanted) return;
    if (f.role == Role::binary && v.type == binary_type) {
      event_->data.append(v.p, v.size);  // raw bytes: what the XML reader decodes from hex
      f.consumed = true;
      return;
    }
    if ((v.type & array_flag) && f.role == Role::data && in_event_data()) {
      // evtxexport renders an array in a <Data> as one <Data> per item: all but the last are
      // added here, the last becomes the element's text; an empty array, no <Data> at all.
      if (!append_array(f, v)) f.consumed = true;
      return;
    }
    append_value(f.text, v);
  }

  void null_value() {
    if (!in_attribute_ && depth_ > 0) frames_[depth_ - 1].consumed = true;
  }

  void finish() {
    finish_attribute();
    if (depth_ != 0) throw BinXmlError("fragment ends inside an element", 0);
    Event& e = *event_;
    if (e.source.empty()) e.source = source_fallback_;
    settle_event_xml_level(e, keywords_);
  }

  bool has_time() const { return has_time_; }

 private:
  struct Frame {
    Role role = Role::other;
    const std::string* name = nullptr;
    std::string text;
    std::string name_attribute;
    std::int32_t qualifiers = -1;
    bool has_child = false;
    bool wanted = false;
    bool consumed = false;  // the value went straight into the Event (binary data)
  };

  static bool is_system_field(Role r) {
    return r == Role::event_id || r == Role::level || r == Role::task || r == Role::keywords ||
           r == Role::event_record_id || r == Role::channel || r == Role::computer;
  }
  bool in_system() const { return depth_ == 3 && frames_[1].role == Role::system; }
  bool in_event_data() const { return depth_ == 3 && frames_[1].role == Role::event_data; }
  bool in_user_data() const { return depth_ >= 3 && frames_[1].role == Role::user_data; }

  // Whether the element just opened (top of the stack) has text a field reads.
  bool wants_text() const {
    const Role r = frames_[depth_ - 1].role;
    if (in_system()) return is_system_field(r);
    if (in_event_data()) return r == Role::data || r == Role::complex_data || r == Role::binary;
    return in_user_data();
  }

  bool wants_attribute(Role a) const {
    const Role r = frames_[depth_ - 1].role;
    if (in_system()) {
      return (r == Role::provider && (a == Role::name || a == Role::event_source_name)) ||
             (r == Role::event_id && a == Role::qualifiers) || (r == Role::time_created && a == Role::system_time) ||
             (r == Role::security && a == Role::user_id);
    }
    return in_event_data() && (r == Role::data || r == Role::complex_data) && a == Role::name;
  }

  void set_time(Timestamp t) {
    event_->time = t;
    has_time_ = true;
  }

  void append_value(std::string& out, const Value& v) {
    if (!(v.type & array_flag)) return append_scalar(out, v.type, v.p, v.size);
    bool first = true;
    for_each_item(v, [&](const char* p, std::size_t n) {
      if (!first) out += ", ";
      first = false;
      append_scalar(out, v.type & ~array_flag, p, n);
    });
  }

  // Returns false when the array has no item.
  bool append_array(Frame& f, const Value& v) {
    std::string item;
    bool have = false;
    for_each_item(v, [&](const char* p, std::size_t n) {
      if (have) event_->add_string(f.name_attribute, item);
      item.clear();
      append_scalar(item, v.type & ~array_flag, p, n);
      have = true;
    });
    f.text += item;
    return have;
  }

  // Items of an array value: NUL-terminated strings for string arrays, fixed-size elements else.
  template <class Fn>
  static void for_each_item(const Value& v, Fn fn) {
    const std::uint8_t type = v.type & ~array_flag;
    if (type == string_type) {
      std::size_t start = 0;
      for (std::size_t i = 0; i + 1 < v.size; i += 2) {
        if (load_u16(v.p + i) == 0) {
          fn(v.p + start, i - start);
          start = i + 2;
        }
      }
      if (start + 1 < v.size) fn(v.p + start, v.size - start);
      return;
    }
    const std::size_t n = type == size_t_type ? 8 : fixed_size(type);
    if (n == 0) throw BinXmlError("array of unsupported value type", 0);
    for (std::size_t i = 0; i + n <= v.size; i += n) fn(v.p + i, n);
  }

  void finish_attribute() {
    if (!in_attribute_) return;
    in_attribute_ = false;
    if (!attribute_wanted_) return;
    Frame& f = frames_[depth_ - 1];
    Event& e = *event_;
    switch (attribute_role_) {
      case Role::name:
        if (f.role == Role::provider) {
          e.source = attribute_text_;
        } else {
          f.name_attribute = attribute_text_;
        }
        break;
      case Role::event_source_name: source_fallback_ = attribute_text_; break;
      case Role::qualifiers:
        if (auto q = parse_uint(attribute_text_); q && *q <= 0xFFFF) f.qualifiers = static_cast<std::int32_t>(*q);
        break;
      case Role::system_time:
        if (auto t = parse_iso8601(attribute_text_)) {
          t->zone = Timestamp::Zone::utc;
          set_time(*t);
        }
        break;
      case Role::user_id: e.user = attribute_text_; break;
      default: break;
    }
  }

  void finish_element(Frame& f) {
    if (!f.wanted || f.consumed) return;
    Event& e = *event_;
    if (in_system()) {
      switch (f.role) {
        case Role::event_id:
          if (auto id = parse_uint(f.text); id && *id <= 0xFFFFFFFFu) {
            e.event_id = static_cast<std::uint32_t>(*id & 0xFFFF);
            e.qualifiers = static_cast<std::uint32_t>(*id >> 16);
            e.has_event_id = true;
          }
          if (f.qualifiers >= 0) e.qualifiers = static_cast<std::uint32_t>(f.qualifiers);
          break;
        case Role::level: e.level = parse_level(f.text); break;
        case Role::keywords: keywords_ = trim(f.text); break;
        case Role::task: e.category = trim(f.text); break;
        case Role::event_record_id:
          if (auto r = parse_uint(f.text)) {
            e.record = *r;
            e.has_record = true;
          }
          break;
        case Role::channel: e.log = trim(f.text); break;
        case Role::computer: e.computer = trim(f.text); break;
        default: break;
      }
    } else if (in_event_data()) {
      if (f.role == Role::binary) {
        if (auto bytes = decode_hex(f.text)) e.data += *bytes;
      } else {
        e.add_string(f.name_attribute, f.text);
      }
    } else if (in_user_data() && !f.has_child) {
      std::string_view name = *f.name;
      if (const auto colon = name.find(':'); colon != std::string_view::npos) name.remove_prefix(colon + 1);
      e.add_string(name, f.text);
    }
  }

  Event* event_ = nullptr;
  std::vector<Frame> frames_;
  std::size_t depth_ = 0;
  bool in_attribute_ = false;
  bool attribute_wanted_ = false;
  Role attribute_role_ = Role::other;
  std::string attribute_text_;
  std::string keywords_;
  std::string source_fallback_;
  bool has_time_ = false;
};

}  // namespace

struct BinXmlDecoder::State {
  std::string_view chunk;
  // Names by chunk offset: each is read once per chunk, then ops refer to it by index. A deque,
  // because open elements point at their names while a nested template adds more.
  std::deque<std::string> names;
  std::vector<Role> roles;
  std::unordered_map<std::uint32_t, std::uint32_t> name_at;
  // Templates by the chunk offset of their definition. `compiling` guards against a definition
  // that (through a damaged offset) instantiates itself.
  std::unordered_map<std::uint32_t, Fragment> templates;
  std::vector<std::uint32_t> compiling;
  std::array<Fragment, max_depth + 1> streams;
  std::array<std::vector<Value>, max_depth + 1> values;
  EventBuilder builder;

  [[noreturn]] static void fail(const std::string& what, std::uint32_t at) { throw BinXmlError(what, at); }

  void need(std::uint32_t pos, std::uint32_t n, std::uint32_t end) const {
    if (pos > end || end - pos < n) fail("BinXML runs past its end", pos);
  }
  std::uint8_t u8(std::uint32_t p) const { return static_cast<std::uint8_t>(chunk[p]); }
  std::uint16_t u16(std::uint32_t p) const { return load_u16(chunk.data() + p); }
  std::uint32_t u32(std::uint32_t p) const { return load_u32(chunk.data() + p); }

  // The name at `offset`: next-name offset (4), hash (2), character count (2), the characters
  // and a NUL. When the name is stored right here (`here` == offset) the caller steps over it.
  std::uint32_t name(std::uint32_t offset, std::uint32_t& here) {
    const auto size = static_cast<std::uint32_t>(chunk.size());
    need(offset, 8, size);
    const std::uint32_t chars = u16(offset + 6);
    const std::uint32_t bytes = 8 + 2 * chars + 2;
    need(offset, bytes, size);
    if (offset == here) here += bytes;
    const auto [it, inserted] = name_at.try_emplace(offset, static_cast<std::uint32_t>(names.size()));
    if (inserted) {
      std::string text;
      append_utf16le(text, chunk.data() + offset + 8, chars);
      const auto colon = text.find(':');
      roles.push_back(role_of(colon == std::string::npos ? std::string_view(text) : std::string_view(text).substr(colon + 1)));
      names.push_back(std::move(text));
    }
    return it->second;
  }

  // A name is stored inline (at `here`) or earlier in the chunk, never later.
  bool plausible_name(std::uint32_t offset, std::uint32_t here, std::uint32_t token) const {
    return offset == here || (offset < token && offset >= 128);
  }

  void literal(Fragment& out, std::string text) {
    out.ops.push_back(Op{Op::text, false, 0, static_cast<std::uint32_t>(out.literals.size()), 0});
    out.literals.push_back(std::move(text));
  }

  std::uint32_t utf16_text(std::uint32_t pos, std::uint32_t end, std::string& text) {
    need(pos, 2, end);
    const std::uint32_t chars = u16(pos);
    need(pos + 2, 2 * chars, end);
    append_utf16le(text, chunk.data() + pos + 2, chars);
    return pos + 2 + 2 * chars;
  }

  // Compiles the tokens at [pos, end) up to the end-of-fragment token into `out`; returns the
  // offset after it.
  std::uint32_t compile(std::uint32_t pos, std::uint32_t end, Fragment& out, int depth) {
    while (pos < end) {
      const std::uint32_t token_at = pos;
      const std::uint8_t token = u8(pos);
      switch (token & 0xBF) {  // 0x40: "more follows" (attributes, or a further value)
        case 0x00: return pos + 1;
        case 0x01: {
          // Open start tag: dependency id (2), size (4), name offset (4). Some writers leave the
          // dependency id out; the name offset tells which layout this is.
          need(pos + 1, 10, end);
          std::uint32_t here = pos + 11;
          std::uint32_t name_offset = u32(pos + 7);
          if (!plausible_name(name_offset, here, token_at) && plausible_name(u32(pos + 5), pos + 9, token_at)) {
            here = pos + 9;
            name_offset = u32(pos + 5);
          }
          const std::uint32_t n = name(name_offset, here);
          if (token & 0x40) {
            need(here, 4, end);
            here += 4;  // size of the attribute list
          }
          out.ops.push_back(Op{Op::open, false, 0, n, 0});
          pos = here;
          break;
        }
        case 0x02: out.ops.push_back(Op{Op::close_start}); ++pos; break;
        case 0x03: out.ops.push_back(Op{Op::close_empty}); ++pos; break;
        case 0x04: out.ops.push_back(Op{Op::end}); ++pos; break;
        case 0x05: {
          need(pos + 1, 1, end);
          const std::uint8_t type = u8(pos + 1);
          if (type != string_type) fail("value token of type 0x" + std::to_string(type), pos);
          std::string text;
          pos = utf16_text(pos + 2, end, text);
          literal(out, std::move(text));
          break;
        }
        case 0x06: {
          need(pos + 1, 4, end);
          std::uint32_t here = pos + 5;
          const std::uint32_t n = name(u32(pos + 1), here);
          out.ops.push_back(Op{Op::attribute, false, 0, n, 0});
          pos = here;
          break;
        }
        case 0x07: {
          std::string text;
          pos = utf16_text(pos + 1, end, text);
          literal(out, std::move(text));
          break;
        }
        case 0x08: {
          need(pos + 1, 2, end);
          std::string text;
          append_utf8(text, u16(pos + 1));
          literal(out, std::move(text));
          pos += 3;
          break;
        }
        case 0x09: {
          need(pos + 1, 4, end);
          std::uint32_t here = pos + 5;
          const std::string& entity = names[name(u32(pos + 1), here)];
          static const std::unordered_map<std::string_view, std::string_view> entities = {
              {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}};
          const auto it = entities.find(entity);
          literal(out, it != entities.end() ? std::string(it->second) : "&" + entity + ";");
          pos = here;
          break;
        }
        case 0x0a: {  // processing instruction target: not part of the event
          need(pos + 1, 4, end);
          std::uint32_t here = pos + 5;
          name(u32(pos + 1), here);
          pos = here;
          break;
        }
        case 0x0b: {
          std::string ignored;
          pos = utf16_text(pos + 1, end, ignored);
          break;
        }
        case 0x0c: pos = compile_instance(pos, end, out, depth); break;
        case 0x0d:
        case 0x0e:
          need(pos + 1, 3, end);
          out.ops.push_back(Op{Op::substitution, token == 0x0e, u16(pos + 1), 0, 0});
          pos += 4;
          break;
        case 0x0f: pos += 4; break;  // fragment header: version 1.1 and flags
        default: fail("unknown BinXML token 0x" + to_hex(std::string_view(chunk.data() + pos, 1)), pos);
      }
    }
    return pos;
  }


  // A template instance: unknown byte, template id (4), definition offset (4), the definition
  // itself when it is stored here (first use in the chunk), then the value array.
  std::uint32_t compile_instance(std::uint32_t pos, std::uint32_t end, Fragment& out, int depth) {
    need(pos + 1, 9, end);
    const std::uint32_t definition = u32(pos + 6);
    std::uint32_t here = pos + 10;
    if (definition == here) {
      need(here, 24, end);
      const std::uint32_t size = u32(here + 20);
      need(here + 24, size, end);
      here += 24 + size;
    }
    template_at(definition, depth);
    const std::uint32_t array = here;
    need(array, 4, end);
    const std::uint32_t count = u32(array);
    if (count > max_values) fail("template instance with " + std::to_string(count) + " values", array);
    need(array + 4, 4 * count, end);
    std::uint64_t total = 0;
    for (std::uint32_t i = 0; i < count; ++i) total += u16(array + 4 + 4 * i);
    const std::uint64_t after = array + 4ULL + 4ULL * count + total;
    if (after > end) fail("template values run past the end of the record", array);
    out.ops.push_back(Op{Op::instance, false, 0, array, definition});
    return static_cast<std::uint32_t>(after);
  }

  // The compiled template whose definition is at `offset`: next offset (4), GUID (16), data
  // size (4), then its BinXML.
  const Fragment& template_at(std::uint32_t offset, int depth) {
    if (auto it = templates.find(offset); it != templates.end()) return it->second;
    for (std::uint32_t c : compiling) {
      if (c == offset) fail("template instantiates itself", offset);
    }
    if (depth >= max_depth) fail("BinXML nested too deeply", offset);
    const auto size = static_cast<std::uint32_t>(chunk.size());
    if (offset < 512) fail("template definition offset 0x" + std::to_string(offset) + " inside the chunk header", offset);
    need(offset, 24, size);
    const std::uint32_t data_size = u32(offset + 20);
    need(offset + 24, data_size, size);
    Fragment compiled;
    compiling.push_back(offset);
    try {
      compile(offset + 24, offset + 24 + data_size, compiled, depth + 1);
    } catch (...) {
      compiling.pop_back();
      throw;
    }
    compiling.pop_back();
    return templates.emplace(offset, std::move(compiled)).first->second;
  }

  void read_values(std::uint32_t array, std::vector<Value>& out) {
    const std::uint32_t count = u32(array);
    out.resize(count);
    std::uint32_t p = array + 4 + 4 * count;
    for (std::uint32_t i = 0; i < count; ++i) {
      const std::uint32_t size = u16(array + 4 + 4 * i);
      out[i] = Value{chunk.data() + p, size, u8(array + 4 + 4 * i + 2)};
      p += size;
    }
  }

  void run(const Fragment& f, const std::vector<Value>* vals, int depth) {
    for (const Op& op : f.ops) {
      switch (op.kind) {
        case Op::open: builder.open(names[op.arg], roles[op.arg]); break;
        case Op::attribute: builder.attribute(roles[op.arg]); break;
        case Op::close_start: builder.close_start(); break;
        case Op::close_empty:
        case Op::end: builder.end(); break;
        case Op::text: builder.text(f.literals[op.arg]); break;
        case Op::substitution: {
          if (vals == nullptr || op.index >= vals->size()) {
            if (op.optional) break;
            fail("substitution " + std::to_string(op.index) + " has no value", 0);
          }
          const Value& v = (*vals)[op.index];
          // A null value removes the element it is the content of (as evtxexport renders it);
          // an empty optional value renders nothing, except that an empty array still tells the
          // builder its element has no item.
          if (v.type == null_type) {
            builder.null_value();
            break;
          }
          if (op.optional && v.size == 0 && !(v.type & array_flag)) break;
          if (v.type == binxml_type) {
            const auto offset = static_cast<std::uint32_t>(v.p - chunk.data());
            run_stream(offset, v.size, depth + 1);
          } else {
            builder.value(v);
          }
          break;
        }
        case Op::instance: {
          if (depth >= max_depth) fail("BinXML nested too deeply", op.arg);
          const Fragment& t = template_at(op.arg2, depth);
          std::vector<Value>& inner = values[static_cast<std::size_t>(depth) + 1];
          read_values(op.arg, inner);
          run(t, &inner, depth + 1);
          break;
        }
      }
    }
  }

  void run_stream(std::uint32_t offset, std::uint32_t size, int depth) {
    if (depth > max_depth) fail("BinXML nested too deeply", offset);
    Fragment& f = streams[static_cast<std::size_t>(depth)];
    f.clear();
    compile(offset, offset + size, f, depth);
    // `f` may be reused by a deeper run_stream at depth + 1 only, never at this depth.
    run(f, nullptr, depth);
  }
};

BinXmlDecoder::BinXmlDecoder() : state_(std::make_unique<State>()) {}
BinXmlDecoder::~BinXmlDecoder() = default;

void BinXmlDecoder::reset(std::string_view chunk) {
  State& s = *state_;
  s.chunk = chunk;
  s.names.clear();
  s.roles.clear();
  s.name_at.clear();
  s.templates.clear();
}

void BinXmlDecoder::decode(std::uint32_t offset, std::uint32_t size, Event& event) {
  State& s = *state_;
  s.need(offset, size, static_cast<std::uint32_t>(s.chunk.size()));
  s.builder.begin(event);
  s.run_stream(offset, size, 0);
  s.builder.finish();
}

}  // namespace kbmatch::detail
