// Builds small .evtx files in memory for the reader tests: a file header, chunks and records
// whose BinXML is written token by token (plain elements, or a template instance with its
// definition inline and a typed value array), with correct checksums unless a test breaks them.
// Written from the format description (libyal's EVTX notes, [MS-EVEN6]), independently of the
// reader it tests.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "read/binary_reader.h"

namespace kbmatch::evtxtest {

inline void put16(std::string& s, std::uint32_t v) {
  s += static_cast<char>(v & 0xFF);
  s += static_cast<char>((v >> 8) & 0xFF);
}
inline void put32(std::string& s, std::uint32_t v) {
  put16(s, v & 0xFFFF);
  put16(s, v >> 16);
}
inline void put64(std::string& s, std::uint64_t v) {
  put32(s, static_cast<std::uint32_t>(v));
  put32(s, static_cast<std::uint32_t>(v >> 32));
}
inline void set32(std::string& s, std::size_t at, std::uint32_t v) {
  std::string b;
  put32(b, v);
  s.replace(at, 4, b);
}
inline void set64(std::string& s, std::size_t at, std::uint64_t v) {
  std::string b;
  put64(b, v);
  s.replace(at, 8, b);
}
inline std::string utf16(std::string_view ascii) {
  std::string s;
  for (char c : ascii) put16(s, static_cast<unsigned char>(c));
  return s;
}

// 100 ns ticks since 1601 of a UTC time given as seconds since 1970.
inline std::uint64_t filetime(std::int64_t unix_seconds) {
  return static_cast<std::uint64_t>(unix_seconds + 11644473600LL) * 10000000ULL;
}

// A typed substitution value.
struct Value {
  std::uint8_t type = 0;
  std::string bytes;
};
inline Value str(std::string_view s) { return {0x01, utf16(s)}; }
inline Value u8(std::uint8_t v) { return {0x04, std::string(1, static_cast<char>(v))}; }
inline Value u16(std::uint16_t v) {
  Value x{0x06, {}};
  put16(x.bytes, v);
  return x;
}
inline Value u64(std::uint64_t v) {
  Value x{0x0a, {}};
  put64(x.bytes, v);
  return x;
}
inline Value hex64(std::uint64_t v) {
  Value x{0x15, {}};
  put64(x.bytes, v);
  return x;
}
inline Value time_value(std::int64_t unix_seconds) {
  Value x{0x11, {}};
  put64(x.bytes, filetime(unix_seconds));
  return x;
}
inline Value null_value() { return {0x00, {}}; }

// BinXML written at a known chunk offset (names are stored inline, which needs the offset).
class BinXml {
 public:
  explicit BinXml(std::uint32_t chunk_offset) : base_(chunk_offset) {}
  const std::string& bytes() const { return out_; }
  std::uint32_t here() const { return base_ + static_cast<std::uint32_t>(out_.size()); }

  BinXml& fragment_header() {
    out_ += std::string("\x0f\x01\x01\x00", 4);
    return *this;
  }
  BinXml& open(std::string_view name, bool with_attributes = false) {
    out_ += static_cast<char>(with_attributes ? 0x41 : 0x01);
    put16(out_, 0xFFFF);  // dependency id
    put32(out_, 0);       // size (not used by readers)
    inline_name(name);
    if (with_attributes) put32(out_, 0);
    return *this;
  }
  BinXml& attribute(std::string_view name) {
    out_ += '\x06';
    inline_name(name);
    return *this;
  }
  BinXml& close_start() {
    out_ += '\x02';
    return *this;
  }
  BinXml& close_empty() {
    out_ += '\x03';
    return *this;
  }
  BinXml& end() {
    out_ += '\x04';
    return *this;
  }
  BinXml& text(std::string_view t) {
    out_ += '\x05';
    out_ += '\x01';
    put16(out_, static_cast<std::uint32_t>(t.size()));
    out_ += utf16(t);
    return *this;
  }
  BinXml& char_ref(std::uint16_t c) {
    out_ += '\x08';
    put16(out_, c);
    return *this;
  }
  BinXml& entity_ref(std::string_view name) {
    out_ += '\x09';
    inline_name(name);
    return *this;
  }
  BinXml& substitution(std::uint16_t index, std::uint8_t type, bool optional = false) {
    out_ += static_cast<char>(optional ? 0x0e : 0x0d);
    put16(out_, index);
    out_ += static_cast<char>(type);
    return *this;
  }
  BinXml& eof() {
    out_ += '\x00';
    return *this;
  }
  BinXml& raw(std::string_view b) {
    out_ += b;
    return *this;
  }

  // A template instance. With `definition` (the template's own BinXML, written by a BinXml
  // started at definition_offset()) the definition is stored here; without, it refers to
  // `definition_at`, where an earlier record stored it.
  std::uint32_t definition_offset() const { return here() + 10; }
  BinXml& instance(std::uint32_t definition_at, const std::string* definition, const std::vector<Value>& values) {
    out_ += '\x0c';
    out_ += '\x01';
    put32(out_, 0x12345678);  // template id
    put32(out_, definition_at);
    if (definition != nullptr) {
      put32(out_, 0);                             // next template
      out_ += std::string(16, '\x5a');            // GUID
      put32(out_, static_cast<std::uint32_t>(definition->size()));
      out_ += *definition;
    }
    put32(out_, static_cast<std::uint32_t>(values.size()));
    for (const Value& v : values) {
      put16(out_, static_cast<std::uint32_t>(v.bytes.size()));
      out_ += static_cast<char>(v.type);
      out_ += '\0';
    }
    for (const Value& v : values) out_ += v.bytes;
    return *this;
  }

 private:
  void inline_name(std::string_view name) {
    put32(out_, here() + 4);  // the name follows right here
    put32(out_, 0);           // next name in its hash bucket
    put16(out_, 0);           // hash (readers do not check it)
    put16(out_, static_cast<std::uint32_t>(name.size()));
    out_ += utf16(name);
    put16(out_, 0);
  }

  std::uint32_t base_;
  std::string out_;
};

// A record around `body` (its BinXML): signature, size, record id, FILETIME, the body padded to
// eight bytes as Windows pads it, and the size again.
inline std::string record_of(std::uint64_t id, std::uint64_t written, std::string body) {
  std::string record;
  put32(record, 0x00002a2a);
  put32(record, 0);
  put64(record, id);
  put64(record, written);
  record += body;
  while ((record.size() + 4) % 8 != 0) record += '\0';
  set32(record, 4, static_cast<std::uint32_t>(record.size() + 4));
  put32(record, static_cast<std::uint32_t>(record.size() + 4));
  return record;
}

// The System part of the templates the tests use, with slots 0-10:
// Provider@Name, EventID@Qualifiers, EventID, Level, Task, Keywords, TimeCreated@SystemTime,
// EventRecordID, Channel, Computer, Security@UserID; slot 11 is the event's body (BinXml).
inline std::string system_template(std::uint32_t at) {
  BinXml t(at);
  t.fragment_header().open("Event", true).attribute("xmlns").text("http://schemas.microsoft.com/win/2004/08/events/event");
  t.close_start().open("System").close_start();
  t.open("Provider", true).attribute("Name").substitution(0, 0x01).close_empty();
  t.open("EventID", true).attribute("Qualifiers").substitution(1, 0x06, true).close_start().substitution(2, 0x06).end();
  t.open("Level").close_start().substitution(3, 0x04).end();
  t.open("Task").close_start().substitution(4, 0x06).end();
  t.open("Keywords").close_start().substitution(5, 0x15).end();
  t.open("TimeCreated", true).attribute("SystemTime").substitution(6, 0x11).close_empty();
  t.open("EventRecordID").close_start().substitution(7, 0x0a).end();
  t.open("Channel").close_start().substitution(8, 0x01).end();
  t.open("Computer").close_start().substitution(9, 0x01).end();
  t.open("Security", true).attribute("UserID").substitution(10, 0x13, true).close_empty();
  t.end();  // System
  t.substitution(11, 0x21, true);
  t.end().eof();  // Event
  return t.bytes();
}

// The fields of one test event.
struct EventSpec {
  std::string provider = "DhcpServer";
  std::uint16_t qualifiers = 0xC000;
  std::uint16_t event_id = 1014;
  std::uint8_t level = 2;
  std::uint16_t task = 0;
  std::uint64_t keywords = 0x0080000000000000ULL;
  std::int64_t time = 984554103;  // 2001-03-14T07:15:03Z
  std::uint64_t record = 4834;
  std::string channel = "System";
  std::string computer = "DHCPSRV01";
  Value user = null_value();
  std::vector<std::string> data{"-510"};  // unnamed <Data> elements
  std::string binary = std::string("\x02\xfe\xff\xff", 4);
};

// A chunk under construction: records are appended at their chunk offsets; templates are
// defined by the first record that uses them.
class ChunkBuilder {
 public:
  ChunkBuilder() : chunk_(512, '\0') {}

  // Appends a record of `spec` as Windows writes one: an instance of the System template with
  // the EventData as a nested BinXml value holding an instance of its own template.
  void add(const EventSpec& spec) {
    const auto record_at = static_cast<std::uint32_t>(chunk_.size());
    BinXml body(record_at + 24);
    body.fragment_header();
    std::string definition;
    const std::uint32_t def_at = body.definition_offset();
    const bool first = system_template_at_ == 0;
    if (first) {
      system_template_at_ = def_at;
      definition = system_template(def_at + 24);
    }
    // The EventData fragment is a value inside this record: its chunk offset is known only once
    // the values before it are laid out, so it is built last and placed at the end.
    std::vector<Value> values{str(spec.provider), u16(spec.qualifiers), u16(spec.event_id), u8(spec.level),
                              u16(spec.task),     hex64(spec.keywords), time_value(spec.time), u64(spec.record),
                              str(spec.channel),  str(spec.computer),   spec.user};
    // Offset of the value array's data: instance header (10) + definition + count (4) + 12 descriptors.
    std::uint32_t data_at = body.here() + 10 + (first ? 24 + static_cast<std::uint32_t>(definition.size()) : 0) + 4 + 12 * 4;
    for (const Value& v : values) data_at += static_cast<std::uint32_t>(v.bytes.size());
    values.push_back(Value{0x21, event_data(data_at, spec)});
    body.instance(system_template_at_, first ? &definition : nullptr, values);
    body.eof();
    last_record_at_ = record_at;
    chunk_ += record_of(spec.record, filetime(spec.time), body.bytes());
    records_.push_back(spec.record);
  }

  // Appends raw bytes as if they were a record (damage tests).
  void add_raw(const std::string& bytes) { chunk_ += bytes; }

  // The finished 64 KiB chunk with its header and checksums.
  std::string finish() const {
    std::string c = chunk_;
    const auto free_space = static_cast<std::uint32_t>(c.size());
    c.resize(65536, '\0');
    c.replace(0, 8, std::string("ElfChnk\0", 8));
    const std::uint64_t first = records_.empty() ? 0 : records_.front();
    const std::uint64_t last = records_.empty() ? 0 : records_.back();
    set64(c, 8, first);
    set64(c, 16, last);
    set64(c, 24, first);
    set64(c, 32, last);
    set32(c, 40, 128);
    set32(c, 44, last_record_at_);
    set32(c, 48, free_space);
    set32(c, 52, detail::crc32(c.data() + 512, free_space - 512));
    std::uint32_t crc = detail::crc32(c.data(), 120);
    crc = detail::crc32(c.data() + 128, 384, crc);
    set32(c, 124, crc);
    return c;
  }

  std::uint32_t size() const { return static_cast<std::uint32_t>(chunk_.size()); }

 private:
  // <EventData><Data>…</Data>…<Binary>…</Binary></EventData> as a fragment holding an instance
  // of a template of its own, placed at chunk offset `at`.
  static std::string event_data(std::uint32_t at, const EventSpec& spec) {
    BinXml f(at);
    f.fragment_header();
    const std::uint32_t def_at = f.definition_offset();
    BinXml t(def_at + 24);
    t.fragment_header().open("EventData").close_start();
    std::uint16_t slot = 0;
    std::vector<Value> values;
    for (const std::string& d : spec.data) {
      t.open("Data").close_start().substitution(slot++, 0x01, true).end();
      values.push_back(str(d));
    }
    t.open("Binary").close_start().substitution(slot, 0x0e, true).end();
    values.push_back(Value{0x0e, spec.binary});
    t.end().eof();
    f.instance(def_at, &t.bytes(), values);
    f.eof();
    return f.bytes();
  }

  std::string chunk_;
  std::vector<std::uint64_t> records_;
  std::uint32_t system_template_at_ = 0;
  std::uint32_t last_record_at_ = 512;
};

// A file header for `chunks` chunks, then the chunks.
inline std::string evtx_file(const std::vector<std::string>& chunks, std::uint64_t next_record = 0) {
  std::string h(4096, '\0');
  h.replace(0, 8, std::string("ElfFile\0", 8));
  set64(h, 8, 0);
  set64(h, 16, chunks.empty() ? 0 : chunks.size() - 1);
  set64(h, 24, next_record);
  set32(h, 32, 128);
  std::string v;
  put16(v, 1);
  put16(v, 3);
  put16(v, 4096);
  put16(v, static_cast<std::uint32_t>(chunks.size()));
  h.replace(36, 8, v);
  set32(h, 124, detail::crc32(h.data(), 120));
  for (const std::string& c : chunks) h += c;
  return h;
}

}  // namespace kbmatch::evtxtest
