// Fuzz target: the ipconfig / route print snapshot reader alone, over any bytes.
#include "reader_fuzz_support.h"

using namespace kbmatch;
using kbmatch::fuzz::decoded;
using kbmatch::fuzz::line_count;
using kbmatch::fuzz::read_everything;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Every record (banner, address, route row; good or skipped) stands for a line of its own, so
  // never more records than lines. Snapshot facts carry no event ID.
  read_everything(
      data, size, line_count(decoded(data, size)),
      [](std::unique_ptr<detail::TextInput> in, const ReaderOptions& o) {
        return detail::make_network_snapshot_reader(std::move(in), {}, o);
      },
      /*require_event_id=*/false);
  return 0;
}
