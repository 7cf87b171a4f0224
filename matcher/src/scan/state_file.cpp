#include "kbmatch/state_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "util/hash.h"
#include "util/text.h"

namespace kbmatch {
namespace {

constexpr std::string_view magic = "kbmatch-state ";

std::string hex64(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

std::string system_error(const std::string& what) {
  return what + ": " + std::strerror(errno);
}

// Writes all of `bytes`, retrying short writes; false on error.
bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// For the test of a run killed while saving (tests/cli): the process dies with half the new
// state written, as a kill -9 or a power cut would leave it.
bool killed_while_saving() {
  const char* v = std::getenv("KBMATCH_TEST_KILL_WHILE_SAVING_STATE");
  return v != nullptr && *v == '1';
}

}  // namespace

StateFile::StateFile(std::string path) : path_(std::move(path)) {
  const std::string lock = path_ + ".lock";
  lock_fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd_ < 0) throw StateFileError(system_error(lock + ": cannot create the state's lock file"));
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    const bool busy = errno == EWOULDBLOCK;
    ::close(lock_fd_);
    lock_fd_ = -1;
    if (busy) throw StateFileError(path_ + ": another kbmatch run is using this state file (" + lock + " is locked)");
    throw StateFileError(system_error(lock + ": cannot lock the state file"));
  }
}

StateFile::~StateFile() {
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the lock
}

std::optional<std::string> StateFile::load() const {
  std::error_code ec;
  if (!std::filesystem::exists(path_, ec)) return std::nullopt;
  std::ifstream in(path_, std::ios::binary);
  if (!in) throw StateFileError(system_error(path_ + ": cannot open the state file"));
  std::ostringstream buf;
  buf << in.rdbuf();
  const std::string text = buf.str();
  const std::string refused = ": refusing it rather than starting afresh (move it away to start a new state)";
  if (text.compare(0, magic.size(), magic) != 0) {
    throw StateFileError("not a kbmatch state file (it does not begin with \"kbmatch-state\")" + refused);
  }
  const std::size_t line1 = text.find('\n');
  const std::size_t line2 = line1 == std::string::npos ? line1 : text.find('\n', line1 + 1);
  if (line2 == std::string::npos) throw StateFileError("damaged state file: its header is cut off" + refused);
  const auto found_version = detail::parse_uint(std::string_view(text).substr(magic.size(), line1 - magic.size()));
  if (!found_version) throw StateFileError("damaged state file: no version in its first line" + refused);
  if (*found_version != static_cast<std::uint64_t>(version)) {
    throw StateFileError("state file of format version " + std::to_string(*found_version) +
                         ", and this kbmatch reads version " + std::to_string(version) +
                         (*found_version > static_cast<std::uint64_t>(version) ? " (written by a newer kbmatch)" : "") +
                         refused);
  }
  // "bytes <n> fnv1a64 <hex>"
  std::istringstream header(text.substr(line1 + 1, line2 - line1 - 1));
  std::string bytes_word, hash_word, hash;
  std::uint64_t length = 0;
  if (!(header >> bytes_word >> length >> hash_word >> hash) || bytes_word != "bytes" || hash_word != "fnv1a64") {
    throw StateFileError("damaged state file: its second line is not \"bytes N fnv1a64 HASH\"" + refused);
  }
  const std::string_view state = std::string_view(text).substr(line2 + 1);
  if (state.size() != length) {
    throw StateFileError("damaged state file: " + std::to_string(state.size()) + " bytes of state where " +
                         std::to_string(length) + " were written (cut off or appended to)" + refused);
  }
  if (hex64(detail::fnv1a(state)) != hash) {
    throw StateFileError("damaged state file: checksum mismatch (the state was changed after it was written)" +
                         refused);
  }
  return std::string(state);
}

void StateFile::save(std::string_view state) const {
  const std::string header = std::string(magic) + std::to_string(version) + "\nbytes " + std::to_string(state.size()) +
                             " fnv1a64 " + hex64(detail::fnv1a(state)) + "\n";
  const std::string temporary = path_ + ".tmp";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw StateFileError(system_error(temporary + ": cannot write the new state"));
  if (killed_while_saving()) {
    write_all(fd, header);
    write_all(fd, state.substr(0, state.size() / 2));
    ::fsync(fd);
    std::_Exit(137);
  }
  const bool written = write_all(fd, header) && write_all(fd, state) && ::fsync(fd) == 0;
  const int saved_errno = errno;
  if (::close(fd) != 0 || !written) {
    errno = written ? errno : saved_errno;
    const std::string message = system_error(temporary + ": cannot write the new state");
    ::unlink(temporary.c_str());
    throw StateFileError(message + " (the previous state is kept)");
  }
  if (::rename(temporary.c_str(), path_.c_str()) != 0) {
    const std::string message = system_error(path_ + ": cannot replace the state file");
    ::unlink(temporary.c_str());
    throw StateFileError(message + " (the previous state is kept)");
  }
  // The rename itself reaches the disk when the folder's entry does.
  std::string folder = std::filesystem::path(path_).parent_path().string();
  if (folder.empty()) folder = ".";
  const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

}  // namespace kbmatch
