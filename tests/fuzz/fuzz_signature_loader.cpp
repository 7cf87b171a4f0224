// Fuzz target: the signature loader on any bytes as YAML, then the rule compiler on what loaded.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kbmatch/diagnostic.h"
#include "kbmatch/rule_set.h"
#include "kbmatch/signature.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace kbmatch;
  DiagnosticList diagnostics;
  SignatureSpec spec;
  const bool ok =
      load_signature(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz/Q1.yaml", spec, diagnostics);
  // A refusal always says why; a success reports no error.
  if (ok != (diagnostics.count(Severity::error) == 0)) __builtin_trap();
  if (!ok) return 0;
  if (spec.article != "Q1" || spec.symptoms.empty() || spec.rules.empty()) __builtin_trap();
  DiagnosticList compile_diagnostics;
  std::vector<SignatureSpec> specs;
  specs.push_back(std::move(spec));
  auto rules = RuleSet::compile(std::move(specs), compile_diagnostics);
  if (!rules && compile_diagnostics.count(Severity::error) == 0) __builtin_trap();
  return 0;
}
