// Byte sources: files, standard input and memory, behind one read() interface so readers and
// the sniffer never care where bytes come from (stdin cannot be rewound, so nothing here seeks).
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "kbmatch/reader.h"

namespace kbmatch {
namespace {

class FileSource final : public ByteSource {
 public:
  FileSource(std::FILE* f, bool owned) : file_(f), owned_(owned) {}
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

 private:
  std::FILE* file_;
  bool owned_;
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
