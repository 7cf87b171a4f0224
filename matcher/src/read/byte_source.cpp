// Byte sources: files, standard input and memory, behind one read() interface so readers and
// the sniffer never care where bytes come from. Sequential reading is all the text readers need;
// regular files and memory also offer read_at() for the binary logs (stdin is a regular file
// when redirected from one, so it gets random access too; a pipe does not).
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "kbmatch/reader.h"

namespace kbmatch {

std::size_t ByteSource::read_at(std::uint64_t, char*, std::size_t) {
  throw std::logic_error("read_at() on a byte source without random access");
}

namespace {

class FileSource final : public ByteSource {
 public:
  FileSource(std::FILE* f, bool owned) : file_(f), owned_(owned) {
    struct stat st {};
    if (::fstat(::fileno(f), &st) == 0 && S_ISREG(st.st_mode)) {
      regular_ = true;
      size_ = static_cast<std::uint64_t>(st.st_size);
    }
  }
  ~FileSource() override {
    if (owned_) std::fclose(file_);
  }
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  std::size_t read(char* buffer, std::size_t n) override {
    const std::size_t got = std::fread(buffer, 1, n, file_);
    if (got == 0 && std::ferror(file_)) throw std::runtime_error(std::strerror(errno));
    return got;
  }

  bool random_access() const override { return regular_; }
  std::uint64_t size() const override { return size_; }

  // pread() leaves the stdio stream's position alone, so read() and read_at() never disturb
  // each other.
  std::size_t read_at(std::uint64_t offset, char* buffer, std::size_t n) override {
    std::size_t have = 0;
    while (have < n) {
      const ssize_t got = ::pread(::fileno(file_), buffer + have, n - have, static_cast<off_t>(offset + have));
      if (got < 0) {
        if (errno == EINTR) continue;
        throw std::runtime_error(std::strerror(errno));
      }
      if (got == 0) break;
      have += static_cast<std::size_t>(got);
    }
    return have;
  }

 private:
  std::FILE* file_;
  bool owned_;
  bool regular_ = false;
  std::uint64_t size_ = 0;
};

class MemorySource final : public ByteSource {
 public:
  explicit MemorySource(std::string bytes) : bytes_(std::move(bytes)) {}
  std::size_t read(char* buffer, std::size_t n) override {
    const std::size_t take = std::min(n, bytes_.size() - pos_);
    std::memcpy(buffer, bytes_.data() + pos_, take);
    pos_ += take;
    return take;
  }
  bool random_access() const override { return true; }
  std::uint64_t size() const override { return bytes_.size(); }
  std::size_t read_at(std::uint64_t offset, char* buffer, std::size_t n) override {
    if (offset >= bytes_.size()) return 0;
    const std::size_t take = std::min<std::uint64_t>(n, bytes_.size() - offset);
    std::memcpy(buffer, bytes_.data() + offset, take);
    return take;
  }

 private:
  std::string bytes_;
  std::size_t pos_ = 0;
};

}  // namespace

std::unique_ptr<ByteSource> open_file_source(const std::string& path, std::string& error) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    error = std::strerror(errno);
    return nullptr;
  }
  return std::make_unique<FileSource>(f, true);
}

std::unique_ptr<ByteSource> open_stdin_source() {
  return std::make_unique<FileSource>(stdin, false);
}

std::unique_ptr<ByteSource> open_memory_source(std::string bytes) {
  return std::make_unique<MemorySource>(std::move(bytes));
}

}  // namespace kbmatch
