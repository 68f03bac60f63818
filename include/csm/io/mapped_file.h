// A whole input file as one read-only byte range: mmap for regular files (no
// copy, the page cache is the buffer), a read loop for pipes and stdin ("-").
// An input that cannot be mapped and may be large (a pipe, stdin, a device)
// is better read as a StreamedFile, a chunk at a time.
#ifndef CSM_IO_MAPPED_FILE_H_
#define CSM_IO_MAPPED_FILE_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace csm::io {

class MappedFile {
 public:
  // Opens `path` ("-" reads standard input to its end).
  static absl::StatusOr<MappedFile> Open(const std::string& path);

  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  std::string_view data() const { return data_; }
  const std::string& path() const { return path_; }

 private:
  MappedFile() = default;
  void Release() noexcept;

  std::string path_;
  std::string_view data_;
  void* mapping_ = nullptr;  // non-null when data_ is an mmap
  std::size_t mapping_size_ = 0;
  std::string buffer_;  // holds the bytes when they were read, not mapped
};

// An input read as it comes, in chunks: stdin ("-"), a pipe, a device.
class StreamedFile {
 public:
  // Whether `path` is a non-empty regular file (MappedFile maps it whole);
  // anything else is better streamed. "-" is stdin.
  static bool IsMappable(const std::string& path);
  static absl::StatusOr<StreamedFile> Open(const std::string& path);

  StreamedFile(StreamedFile&& other) noexcept;
  StreamedFile& operator=(StreamedFile&& other) noexcept;
  StreamedFile(const StreamedFile&) = delete;
  StreamedFile& operator=(const StreamedFile&) = delete;
  ~StreamedFile();

  // Reads up to `size` bytes into `out`: how many, 0 at the end.
  absl::StatusOr<std::size_t> Read(char* out, std::size_t size);
  const std::string& path() const { return path_; }

 private:
  StreamedFile() = default;

  std::string path_;
  int fd_ = -1;
  bool owned_ = false;  // false for stdin
};

}  // namespace csm::io

#endif  // CSM_IO_MAPPED_FILE_H_
