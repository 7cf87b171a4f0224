// The file a scan in batches keeps its state in between runs (kbmatch scan --state FILE).
//
// Layout: a line "kbmatch-state <version>", a line "bytes <n> fnv1a64 <16 hex digits>", then the
// n bytes of the state (Scanner::save_state()). A file that does not begin so is foreign, one
// whose length or checksum disagrees is damaged, one of another version is refused: each is an
// error saying so, never a silent fresh start, and the file is left as it is.
//
// Saving replaces the file atomically: the new state is written to FILE.tmp, flushed to disk,
// and renamed over FILE, so a run killed at any moment leaves the previous state whole. One run
// at a time: the constructor takes an exclusive lock (FILE.lock), and a second run on the same
// file fails at once instead of losing the first one's update.
//
// Sharing: one object per run; it holds the lock until destroyed.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace kbmatch {

class StateFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class StateFile {
 public:
  static constexpr int version = 1;

  // Locks the state file for this run; throws StateFileError when another run holds the lock or
  // the lock cannot be made (its folder missing or not writable).
  explicit StateFile(std::string path);
  ~StateFile();
  StateFile(const StateFile&) = delete;
  StateFile& operator=(const StateFile&) = delete;

  // The saved state, or nullopt when the file does not exist yet (the first run). Throws
  // StateFileError when it cannot be read, is foreign, damaged, or of another version.
  std::optional<std::string> load() const;

  // Replaces the file with `state`, atomically. Throws StateFileError when it cannot.
  void save(std::string_view state) const;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int lock_fd_ = -1;
};

}  // namespace kbmatch
