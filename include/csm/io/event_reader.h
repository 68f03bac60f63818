// Reads events from a file's bytes: CSV (a header row of §1 field names, any
// delimiter DetectDelimiter finds) or JSON Lines (one flat object per line,
// read by the library's EventLineParser, exactly as Engine::IngestJsonl
// reads it). `time` is ISO-8601 with an offset or integral epoch
// milliseconds, in CSV as in JSON Lines. A malformed line
// is a rejection with its line number and a reason code, and reading goes on
// after it, so the caller chooses between --strict and a tally at the end.
#ifndef CSM_IO_EVENT_READER_H_
#define CSM_IO_EVENT_READER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "csm/io/csv_reader.h"
#include "csm/io/event_record.h"
#include "csm/model/internal/event_line.h"

namespace csm::io {

enum class EventFormat { kAuto, kCsv, kJsonl };

// Why a line was not an event. `reason` is a short code also used as the
// key in a report's "rejected" reasons: malformed_line, invalid_field,
// missing_field, bad_time, bad_value, unknown_type (ReportReasonFor maps
// them to the engine's reasons).
struct InputRejection {
  std::int64_t line = 0;
  std::string reason;
  std::string message;  // "line 12: bad timestamp 'x': expected …"
};

class EventReader {
 public:
  enum class Result { kEvent, kEnd, kRejected };

  EventReader(EventReader&&) noexcept;
  EventReader& operator=(EventReader&&) noexcept;
  ~EventReader();

  // `data` must outlive the reader. kAuto picks JSONL when the first
  // non-blank byte is '{'. A CSV header naming a non-§1 column, or missing
  // time / type, is an error here.
  static absl::StatusOr<EventReader> Create(std::string_view data, EventFormat format);

  // Reads up to `size` bytes into `out`: how many, 0 at the end of the input.
  using ReadFn = std::function<absl::StatusOr<std::size_t>(char* out, std::size_t size)>;
  // Reads events as they arrive (a pipe, stdin, a device), holding about one
  // record and a chunk at a time: a JSONL line or a CSV record longer than
  // kMaxEventLineBytes (1 MiB) is rejected and skipped, so memory stays
  // bounded whatever the input (max_buffered() says how much was held).
  static absl::StatusOr<EventReader> CreateStream(ReadFn read, EventFormat format);
  static constexpr std::size_t kStreamChunkBytes = 1 << 16;
  std::size_t max_buffered() const;

  // A reader of data[begin, end) — a chunk of this reader's input split at
  // line boundaries (line_chunks.h), after the header — in this reader's
  // format, delimiter and CSV columns. Its line 1 is the chunk's first line.
  // Not for a stream.
  EventReader Chunk(std::size_t begin, std::size_t end) const;

  // Reads the next event into *out (views valid until the next call).
  Result Next(EventRecord* out);
  const InputRejection& rejection() const { return rejection_; }

  EventFormat format() const { return format_; }
  // 1-based line number of the record last returned.
  std::int64_t line() const;
  std::size_t offset() const;
  std::size_t total_bytes() const { return data_.size(); }
  // A read error of a stream (once Next returned kEnd).
  absl::Status stream_error() const;

 private:
  struct Stream;
  EventReader(std::string_view data, EventFormat format, char delimiter);
  absl::Status ReadHeader();
  // csv_.Next, refilling the window of a stream.
  bool CsvNext(absl::Status* status);
  // The next JSONL line of a stream; false at its end.
  bool StreamLine(std::string_view* line);
  // Drops the stream's bytes before `keep_from` and reads a chunk after the
  // rest; false when nothing more comes.
  bool Refill(std::size_t keep_from);
  Result NextCsv(EventRecord* out);
  Result NextJsonl(EventRecord* out);
  Result Reject(std::int64_t line, std::string_view reason, std::string message);
  // Stores one field's text; parses time and value.
  bool SetField(EventField field, std::string_view text, std::int64_t line, EventRecord* out);
  bool CheckRequired(std::int64_t line, EventRecord* out);

  std::string_view data_;
  EventFormat format_;
  char delimiter_;
  CsvReader csv_;
  std::vector<std::optional<EventField>> columns_;  // CSV column → field
  LineSplitter lines_{{}};                          // JSONL lines
  std::size_t bom_ = 0;                             // bytes of a byte-order mark
  std::int64_t line_ = 0;                           // JSONL line number
  EventLineParser json_;
  InputRejection rejection_;
  std::unique_ptr<Stream> stream_;  // set when reading a stream
};

}  // namespace csm::io

#endif  // CSM_IO_EVENT_READER_H_
