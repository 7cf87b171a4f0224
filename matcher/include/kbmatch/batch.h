// A batch: the inputs of one run (files, directories, "-" for standard input) read one after
// another into a callback. Used by the CLI and the tests so both read inputs the same way.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "kbmatch/diagnostic.h"
#include "kbmatch/event.h"
#include "kbmatch/finding.h"

namespace kbmatch {

struct BatchInput {
  std::string path;       // "-" for standard input
  bool explicit_ = true;  // named on the command line (not found inside a directory)
};

// Expands directories recursively (sorted; hidden entries skipped). A path that does not exist is
// reported and returned as a failed FileStats entry in `failed`.
std::vector<BatchInput> expand_inputs(const std::vector<std::string>& paths, DiagnosticSink& diagnostics,
                                      std::vector<FileStats>& failed);

// Reads one input with the reader its content calls for, passing each good event to `on_event`.
// A file found inside a directory that is not a log export is skipped with a note, not an error.
FileStats read_input(const BatchInput& input, std::uint32_t file_index, DiagnosticSink& diagnostics,
                     const std::function<void(const Event&)>& on_event);

}  // namespace kbmatch
