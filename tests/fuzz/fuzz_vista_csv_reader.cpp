// Fuzz target: the Vista+ CSV / tab-delimited reader alone, both delimiters, over any bytes.
#include "reader_fuzz_support.h"

using namespace kbmatch;
using kbmatch::fuzz::decoded;
using kbmatch::fuzz::line_count;
using kbmatch::fuzz::read_everything;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::uint64_t lines = line_count(decoded(data, size));
  for (const char delimiter : {',', '\t'}) {
    read_everything(data, size, lines, [delimiter](std::unique_ptr<detail::TextInput> in, const ReaderOptions& o) {
      return detail::make_vista_csv_reader(std::move(in), {}, o, delimiter);
    });
  }
  return 0;
}
