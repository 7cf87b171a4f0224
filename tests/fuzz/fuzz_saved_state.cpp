// Fuzz target: a saved scan state (--state) read back by the scanner from any bytes. It is
// refused with a message or taken; a state taken is scanned on, saved, and read back again.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "kbmatch/diagnostic.h"
#include "kbmatch/rule_set.h"
#include "kbmatch/scanner.h"
#include "kbmatch/signature.h"

namespace {

struct Discard final : kbmatch::FindingSink {
  void on_finding(const kbmatch::Finding&) override {}
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace kbmatch;
  static const std::shared_ptr<const RuleSet> rules = [] {
    DiagnosticList diags;
    std::vector<SignatureSpec> specs;
    load_builtin_signatures(specs, diags);
    return RuleSet::compile(std::move(specs), diags);
  }();
  if (!rules) __builtin_trap();
  ScanOptions options;
  options.incremental = true;
  DiagnosticList diags;
  Scanner scanner(rules, options, diags);
  try {
    scanner.restore_state(std::string_view(reinterpret_cast<const char*>(data), size));
  } catch (const std::runtime_error& e) {
    if (std::string_view(e.what()).empty()) __builtin_trap();  // a refusal says why
    return 0;
  }
  Event e;
  e.computer = "DHCPSRV01";
  e.log = "System";
  e.source = "DhcpServer";
  e.event_id = 1014;
  e.has_event_id = true;
  e.time = {984554103000000, Timestamp::Zone::utc};
  e.add_string("", "-510");
  scanner.add_file("fuzz");
  scanner.add_event(e);
  Discard sink;
  scanner.finish(sink);
  const std::string saved = scanner.save_state();
  Scanner again(rules, options, diags);
  again.restore_state(saved);  // what it saved, it reads back (throws, and the fuzzer reports, if not)
  return 0;
}
