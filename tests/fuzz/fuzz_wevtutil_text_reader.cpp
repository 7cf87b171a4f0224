// Fuzz target: the wevtutil /f:text reader alone, over any bytes.
#include "reader_fuzz_support.h"

using namespace kbmatch;
using kbmatch::fuzz::decoded;
using kbmatch::fuzz::line_count;
using kbmatch::fuzz::read_everything;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  read_everything(data, size, line_count(decoded(data, size)),
                  [](std::unique_ptr<detail::TextInput> in, const ReaderOptions& o) {
                    return detail::make_wevtutil_text_reader(std::move(in), {}, o);
                  });
  return 0;
}
