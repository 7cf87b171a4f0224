// Fuzz target: the Event XML reader alone, over any bytes.
#include "reader_fuzz_support.h"

using namespace kbmatch;
using kbmatch::fuzz::decoded;
using kbmatch::fuzz::read_everything;

namespace {

// Start tags "<Event" followed by a name end: every record the reader counts begins at one.
std::uint64_t event_starts(const std::string& text) {
  std::uint64_t n = 0;
  for (std::size_t p = text.find("<Event"); p != std::string::npos; p = text.find("<Event", p + 6)) {
    if (p + 6 < text.size()) {
      const char c = text[p + 6];
      n += c == ' ' || c == '>' || c == '/' || c == '\t' || c == '\r' || c == '\n';
    }
  }
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  read_everything(data, size, event_starts(decoded(data, size)),
                  [](std::unique_ptr<detail::TextInput> in, const ReaderOptions& o) {
                    return detail::make_xml_reader(std::move(in), {}, o);
                  });
  return 0;
}
