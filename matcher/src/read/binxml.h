// Binary XML, the encoding of every .evtx record, decoded straight into the normalized Event.
//
// A record's BinXML is nearly always one template instance: a template (an XML skeleton of
// elements, attributes and numbered substitution slots, defined once per chunk and referenced by
// offset afterwards) plus the record's own array of typed values. Rendering that to XML text and
// parsing it again would cost more than everything else together, so a template is compiled once
// per chunk into a flat list of operations, and each record only walks that list with its values,
// filling the Event the way the XML reader would from the same event's XML (read/xml_reader.cpp):
// the same fields, the same text for every value type (as evtxexport writes it), so signatures
// match .evtx and its XML export alike.
//
// Values of type BinXml hold a nested fragment (often a second template instance: the EventData
// or UserData of classic and forwarded events); they are decoded in place, to a bounded depth.
//
// Sharing: one decoder per reader; not thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "kbmatch/event.h"

namespace kbmatch::detail {

// What went wrong in a record's BinXML, with the chunk offset where it was noticed.
struct BinXmlError : std::runtime_error {
  BinXmlError(const std::string& what, std::uint32_t at) : std::runtime_error(what), offset(at) {}
  std::uint32_t offset;
};

class BinXmlDecoder {
 public:
  BinXmlDecoder();
  ~BinXmlDecoder();
  BinXmlDecoder(const BinXmlDecoder&) = delete;
  BinXmlDecoder& operator=(const BinXmlDecoder&) = delete;

  // Starts a chunk: names and templates are chunk-relative, so the previous chunk's are dropped.
  // `chunk` must stay valid until the next reset().
  void reset(std::string_view chunk);

  // Decodes the BinXML at [offset, offset + size) of the chunk into `event` (cleared by the
  // caller). Throws BinXmlError when the bytes are not valid BinXML; `event` is then partial.
  void decode(std::uint32_t offset, std::uint32_t size, Event& event);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace kbmatch::detail
