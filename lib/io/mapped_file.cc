#include "csm/io/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "csm/io/cat.h"

namespace csm::io {
namespace {

absl::Status ErrnoError(const std::string& what, const std::string& path) {
  return absl::NotFoundError(Cat(what, " '", path, "': ", std::strerror(errno)));
}

// Reads `fd` to its end; pipes and terminals cannot be mapped.
absl::Status ReadAll(int fd, const std::string& path, std::string* out) {
  char chunk[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n == 0) return absl::OkStatus();
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("cannot read", path);
    }
    out->append(chunk, static_cast<std::size_t>(n));
  }
}

}  // namespace

absl::StatusOr<MappedFile> MappedFile::Open(const std::string& path) {
  MappedFile file;
  file.path_ = path;
  if (path == "-") {
    if (auto status = ReadAll(STDIN_FILENO, "<stdin>", &file.buffer_); !status.ok()) return status;
    file.data_ = file.buffer_;
    return file;
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoError("cannot open", path);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return ErrnoError("cannot stat", path);
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return absl::InvalidArgumentError(Cat("'", path, "' is a directory"));
  }
  if (S_ISREG(st.st_mode) && st.st_size > 0) {
    std::size_t size = static_cast<std::size_t>(st.st_size);
    void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (p == MAP_FAILED) return ErrnoError("cannot map", path);
    ::madvise(p, size, MADV_SEQUENTIAL);
    file.mapping_ = p;
    file.mapping_size_ = size;
    file.data_ = std::string_view(static_cast<const char*>(p), size);
    return file;
  }
  absl::Status status = ReadAll(fd, path, &file.buffer_);
  ::close(fd);
  if (!status.ok()) return status;
  file.data_ = file.buffer_;
  return file;
}

MappedFile::MappedFile(MappedFile&& other) noexcept { *this = std::move(other); }

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this == &other) return *this;
  Release();
  path_ = std::move(other.path_);
  mapping_ = std::exchange(other.mapping_, nullptr);
  mapping_size_ = std::exchange(other.mapping_size_, 0);
  buffer_ = std::move(other.buffer_);
  // A moved std::string may keep its bytes in place (SSO copies them), so
  // point at whichever storage now holds them.
  data_ = mapping_ != nullptr ? std::string_view(static_cast<const char*>(mapping_), mapping_size_)
                              : std::string_view(buffer_);
  other.data_ = {};
  return *this;
}

MappedFile::~MappedFile() { Release(); }

void MappedFile::Release() noexcept {
  if (mapping_ != nullptr) ::munmap(mapping_, mapping_size_);
  mapping_ = nullptr;
  mapping_size_ = 0;
}

bool StreamedFile::IsMappable(const std::string& path) {
  struct stat st {};
  return path != "-" && ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;
}

absl::StatusOr<StreamedFile> StreamedFile::Open(const std::string& path) {
  StreamedFile file;
  file.path_ = path;
  if (path == "-") {
    file.fd_ = STDIN_FILENO;
    return file;
  }
  file.fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (file.fd_ < 0) return ErrnoError("cannot open", path);
  file.owned_ = true;
  struct stat st {};
  if (::fstat(file.fd_, &st) == 0 && S_ISDIR(st.st_mode)) {
    return absl::InvalidArgumentError(Cat("'", path, "' is a directory"));
  }
  return file;
}

absl::StatusOr<std::size_t> StreamedFile::Read(char* out, std::size_t size) {
  for (;;) {
    const ssize_t n = ::read(fd_, out, size);
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno != EINTR) return ErrnoError("cannot read", path_ == "-" ? "<stdin>" : path_);
  }
}

StreamedFile::StreamedFile(StreamedFile&& other) noexcept { *this = std::move(other); }

StreamedFile& StreamedFile::operator=(StreamedFile&& other) noexcept {
  if (this == &other) return *this;
  if (owned_) ::close(fd_);
  path_ = std::move(other.path_);
  fd_ = std::exchange(other.fd_, -1);
  owned_ = std::exchange(other.owned_, false);
  return *this;
}

StreamedFile::~StreamedFile() {
  if (owned_) ::close(fd_);
}

}  // namespace csm::io
