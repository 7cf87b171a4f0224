// Fuzz target: the DHCP Server audit log reader alone, over any bytes.
#include "reader_fuzz_support.h"

using namespace kbmatch;
using kbmatch::fuzz::decoded;
using kbmatch::fuzz::line_count;
using kbmatch::fuzz::read_everything;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // One row per line: never more records (events + skipped) than lines.
  read_everything(data, size, line_count(decoded(data, size)),
                  [](std::unique_ptr<detail::TextInput> in, const ReaderOptions& o) {
                    return detail::make_dhcp_audit_log_reader(std::move(in), {}, o);
                  });
  return 0;
}
