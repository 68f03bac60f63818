// A whole input file as one read-only byte range: mmap for regular files (no
// copy, the page cache is the buffer), a read loop for pipes and stdin ("-").
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

}  // namespace csm::io

#endif  // CSM_IO_MAPPED_FILE_H_
