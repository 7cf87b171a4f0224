// Event XML reader: wevtutil /f:xml and /f:RenderedXml streams, Event Viewer "Save As XML",
// and converter output (evtxexport, python-evtx).
//
// Streaming: the reader finds each <Event>…</Event> by string search in a block buffer and parses
// only that one element with pugixml (in place, in a reused scratch buffer). So memory is one
// block plus one event whatever the file size, a root element (<Events>) is optional, and a
// damaged event (malformed, truncated, cut by the next <Event>) is skipped alone with its line.
#include <pugixml.hpp>

#include <algorithm>
#include <cstring>

#include "read/event_xml_level.h"
#include "read/text_reader.h"
#include "util/civil_time.h"
#include "util/text.h"

namespace kbmatch::detail {
namespace {

constexpr std::size_t max_event_bytes = 16 * 1024 * 1024;

std::string_view local_name(const pugi::xml_node& n) {
  std::string_view name = n.name();
  const auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child_local(const pugi::xml_node& parent, std::string_view name) {
  for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && local_name(c) == name) return c;
  }
  return {};
}

// Text content of an element, including text split by CDATA sections.
std::string_view element_text(const pugi::xml_node& n) {
  pugi::xml_node t = n.first_child();
  if (t && (t.type() == pugi::node_pcdata || t.type() == pugi::node_cdata) && !t.next_sibling()) {
    return t.value();
  }
  return n.child_value();
}

bool is_name_end(char c) {
  return c == ' ' || c == '>' || c == '/' || c == '\t' || c == '\r' || c == '\n';
}

// Binary data comes as hex (wevtutil, Event Viewer, evtxexport) or base64 (python-evtx).
std::optional<std::string> decode_binary(std::string_view text) {
  text = trim(text);
  if (auto hex = decode_hex(text)) return hex;
  static constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=' || is_space(c)) continue;
    const auto p = alphabet.find(c);
    if (p == std::string_view::npos) return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(p);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

class XmlReader final : public TextReader {
 public:
  XmlReader(std::unique_ptr<TextInput> input, std::string head, const ReaderOptions& options)
      : TextReader(Format::event_xml, std::move(input), options), buf_(std::move(head)) {}

  bool read_next(Event& event) override {
    for (;;) {
      std::size_t start = 0;
      if (!find_event_start(start)) return false;
      advance_to(start);
      const std::uint64_t start_line = line_;
      const std::uint64_t start_offset = buf_offset_ + pos_;
      std::size_t end = 0;
      const EndResult r = find_event_end(end);
      if (r == EndResult::too_large) {
        skip_record(start_line, "E0203", "event larger than " + std::to_string(max_event_bytes) + " bytes");
        advance_to(pos_ + 1);
        continue;
      }
      if (r == EndResult::truncated_by_next) {
        skip_record(start_line, "E0202", "event is not closed before the next <Event> (truncated)");
        advance_to(end);
        continue;
      }
      if (r == EndResult::eof) {
        skip_record(start_line, "E0202", "event is not closed at end of input (truncated file)");
        advance_to(buf_.size());
        return false;
      }
      const std::string_view text(buf_.data() + pos_, end - pos_);
      const bool ok = parse_event(text, start_line, event);
      advance_to(end);
      if (ok) {
        event.origin.file = options_.file_index;
        event.origin.line = start_line;
        event.origin.offset = start_offset;
        ++events_;
        return true;
      }
    }
  }

 private:
  enum class EndResult { found, truncated_by_next, too_large, eof };

  // Reads another block into the buffer, dropping the consumed prefix first.
  bool fill() {
    if (eof_) return false;
    if (pos_ > 0) {
      buf_.erase(0, pos_);
      buf_offset_ += pos_;
      pos_ = 0;
    }
    if (!input_->read_more(buf_)) {
      eof_ = true;
      return false;
    }
    return true;
  }

  // Moves pos_ forward, counting the lines passed so every event knows its first line.
  void advance_to(std::size_t p) {
    line_ += static_cast<std::uint64_t>(std::count(buf_.begin() + static_cast<std::ptrdiff_t>(pos_),
                                                   buf_.begin() + static_cast<std::ptrdiff_t>(p), '\n'));
    pos_ = p;
  }

  // Finds the next "<Event" start tag at or after pos_, stepping over comments, processing
  // instructions and anything else between events (declarations, <Events>, banners).
  bool find_event_start(std::size_t& start) {
    std::size_t scan = pos_;
    for (;;) {
      const std::size_t lt = buf_.find('<', scan);
      if (lt == std::string::npos) {
        advance_to(buf_.size());
        scan = 0;
        if (!fill()) return false;
        continue;
      }
      // Make sure enough text follows to classify the tag.
      if (buf_.size() - lt < 16 && !eof_) {
        advance_to(lt);
        scan = 0;
        if (!fill()) {
          scan = pos_;
        }
        continue;
      }
      std::string_view rest(buf_.data() + lt, buf_.size() - lt);
      if (rest.starts_with("<!--")) {
        const std::size_t close = buf_.find("-->", lt + 4);
        if (close == std::string::npos) {
          advance_to(lt);
          if (buf_.size() - pos_ > max_event_bytes) {
            // Never closed: rather than hold the rest of the file, look for events inside it.
            warn(line_, "W0202",
                 "comment not closed within " + std::to_string(max_event_bytes) +
                     " bytes; reading on as if it had ended");
            scan = pos_ + 4;
            continue;
          }
          if (!fill()) return false;
          scan = 0;
          continue;
        }
        scan = close + 3;
        continue;
      }
      if (rest.size() > 6 && rest.starts_with("<Event") && is_name_end(rest[6])) {
        start = lt;
        return true;
      }
      scan = lt + 1;
    }
  }

  EndResult find_event_end(std::size_t& end) {
    std::size_t search_from = pos_ + 6;
    for (;;) {
      const std::size_t close = buf_.find("</Event>", search_from);
      const std::size_t limit = close == std::string::npos ? buf_.size() : close;
      // A new start tag before our end tag means this event was cut off (concatenated partial
      // output of a converter that crashed, or a copy that lost its tail).
      std::size_t probe = pos_ + 6;
      while ((probe = buf_.find("<Event", probe)) != std::string::npos && probe < limit) {
        if (probe + 6 < buf_.size() && is_name_end(buf_[probe + 6])) {
          end = probe;
          return EndResult::truncated_by_next;
        }
        probe += 6;
      }
      if (close != std::string::npos) {
        end = close + 8;
        return EndResult::found;
      }
      if (buf_.size() - pos_ > max_event_bytes) return EndResult::too_large;
      // Resume the search just before the old end ("</Event>" may straddle the blocks); fill()
      // moves the buffer, so keep the position relative to the event start.
      const std::size_t resume = std::max(buf_.size() - std::min<std::size_t>(buf_.size(), 8), pos_ + 6) - pos_;
      if (!fill()) return EndResult::eof;
      search_from = pos_ + resume;
    }
  }

  // XML 1.0 forbids most C0 controls, yet evtxexport writes them raw inside values; replace them
  // so one such character does not cost the whole event.
  static bool is_illegal_control(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 && c != '\t' && c != '\n' && c != '\r';
  }

  void copy_sanitized(std::string_view text) {
    scratch_.assign(text);
    auto bad = std::find_if(scratch_.begin(), scratch_.end(), is_illegal_control);
    if (bad == scratch_.end()) return;  // the usual case: a plain copy
    std::string fixed(scratch_.begin(), bad);
    for (auto it = bad; it != scratch_.end(); ++it) {
      if (is_illegal_control(*it)) {
        fixed += "\xEF\xBF\xBD";
      } else {
        fixed += *it;
      }
    }
    scratch_.swap(fixed);
  }

  // Maps an offset in the sanitized copy back to the original text (each replaced control
  // character grew from 1 byte to 3).
  static std::size_t original_offset(std::string_view text, std::size_t sanitized) {
    std::size_t copy = 0, i = 0;
    for (; i < text.size() && copy < sanitized; ++i) copy += is_illegal_control(text[i]) ? 3 : 1;
    return i;
  }

  bool parse_event(std::string_view text, std::uint64_t start_line, Event& event) {
    copy_sanitized(text);
    const pugi::xml_parse_result result =
        doc_.load_buffer_inplace(scratch_.data(), scratch_.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!result) {
      const auto off = static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, result.offset));
      const std::string_view upto = text.substr(0, original_offset(text, off));
      const auto line = start_line + static_cast<std::uint64_t>(std::count(upto.begin(), upto.end(), '\n'));
      skip_record(line, "E0201", std::string("malformed event XML: ") + result.description());
      return false;
    }
    const pugi::xml_node root = doc_.first_child();
    event.clear();
    std::string_view keywords;
    const pugi::xml_node system = child_local(root, "System");
    if (!system) {
      skip_record(start_line, "E0204", "event has no <System> element");
      return false;
    }
    for (pugi::xml_node n = system.first_child(); n; n = n.next_sibling()) {
      if (n.type() != pugi::node_element) continue;
      const std::string_view name = local_name(n);
      if (name == "Provider") {
        event.source = n.attribute("Name").value();
        if (event.source.empty()) event.source = n.attribute("EventSourceName").value();
      } else if (name == "EventID") {
        const auto id = parse_uint(element_text(n));
        if (id && *id <= 0xFFFFFFFFu) {
          event.event_id = static_cast<std::uint32_t>(*id & 0xFFFF);
          event.qualifiers = static_cast<std::uint32_t>(*id >> 16);
          event.has_event_id = true;
        }
        if (auto q = parse_uint(n.attribute("Qualifiers").value()); q && *q <= 0xFFFF) {
          event.qualifiers = static_cast<std::uint32_t>(*q);
        }
      } else if (name == "Level") {
        event.level = parse_level(element_text(n));
      } else if (name == "Keywords") {
        keywords = trim(element_text(n));
      } else if (name == "Task") {
        event.category = trim(element_text(n));
      } else if (name == "TimeCreated") {
        // SystemTime is UTC by definition, also where a converter dropped the 'Z'.
        if (auto t = parse_iso8601(n.attribute("SystemTime").value())) {
          t->zone = Timestamp::Zone::utc;
          event.time = *t;
        }
      } else if (name == "EventRecordID") {
        if (auto r = parse_uint(element_text(n))) {
          event.record = *r;
          event.has_record = true;
        }
      } else if (name == "Channel") {
        event.log = trim(element_text(n));
      } else if (name == "Computer") {
        event.computer = trim(element_text(n));
      } else if (name == "Security") {
        event.user = n.attribute("UserID").value();
      }
    }
    if (!event.has_event_id) {
      skip_record(start_line, "E0204", "event has no valid <EventID>");
      return false;
    }
    settle_event_xml_level(event, keywords);
    for (pugi::xml_node body = system.next_sibling(); body; body = body.next_sibling()) {
      if (body.type() != pugi::node_element) continue;
      const std::string_view name = local_name(body);
      if (name == "EventData") {
        read_event_data(body, start_line, event);
      } else if (name == "UserData") {
        read_user_data(body, event);
      } else if (name == "RenderingInfo") {
        read_rendering_info(body, event);
      }
    }
    return true;
  }

  void read_event_data(const pugi::xml_node& data, std::uint64_t line, Event& event) {
    for (pugi::xml_node d = data.first_child(); d; d = d.next_sibling()) {
      if (d.type() != pugi::node_element) continue;
      const std::string_view name = local_name(d);
      if (name == "Data" || name == "ComplexData") {
        event.add_string(d.attribute("Name").value(), element_text(d));
      } else if (name == "Binary") {
        if (auto bytes = decode_binary(element_text(d))) {
          event.data = std::move(*bytes);
        } else {
          warn(line, "W0201", "event <Binary> is neither hex nor base64; binary data ignored");
        }
      }
    }
  }

  // UserData holds one provider-specific element; its leaves become named strings.
  void read_user_data(pugi::xml_node user_data, Event& event) {
    struct Walker : pugi::xml_tree_walker {
      Event* event = nullptr;
      bool for_each(pugi::xml_node& n) override {
        if (n.type() == pugi::node_element && !n.first_child().first_child() &&
            (n.first_child().type() != pugi::node_element)) {
          event->add_string(local_name(n), element_text(n));
        }
        return true;
      }
    } walker;
    walker.event = &event;
    user_data.traverse(walker);
  }

  void read_rendering_info(const pugi::xml_node& info, Event& event) {
    if (pugi::xml_node m = child_local(info, "Message")) event.message = element_text(m);
    if (event.level == Level::unknown) {
      if (pugi::xml_node l = child_local(info, "Level")) event.level = parse_level(element_text(l));
    }
    if (pugi::xml_node t = child_local(info, "Task")) {
      const std::string_view task = trim(element_text(t));
      if (!task.empty()) event.category = task;
    }
    if (event.log.empty()) {
      if (pugi::xml_node c = child_local(info, "Channel")) event.log = trim(element_text(c));
    }
  }

  std::string buf_;
  std::size_t pos_ = 0;
  std::uint64_t buf_offset_ = 0;
  std::uint64_t line_ = 1;
  bool eof_ = false;
  std::string scratch_;
  pugi::xml_document doc_;
};

}  // namespace

std::unique_ptr<Reader> make_xml_reader(std::unique_ptr<TextInput> input, std::string head,
                                        const ReaderOptions& options) {
  return std::make_unique<XmlReader>(std::move(input), std::move(head), options);
}

}  // namespace kbmatch::detail
