// An RFC 4180 CSV reader over bytes already in memory (see MappedFile).
// Fields are string_views into the input; only quoted fields with doubled
// quotes are copied, into a scratch buffer the reader reuses, so reading a
// file allocates nothing per row once the buffers have grown.
//
// Accepted: LF, CRLF or CR line ends; quoted fields with embedded delimiters,
// quotes ("") and line breaks; any one-byte delimiter (',' '\t' ';' '|');
// a UTF-8 byte-order mark at the start; blank lines (skipped).
//
// No row is lost to a stray quote: a quoted field holds at most
// kMaxQuotedFieldBytes and kMaxQuotedFieldLines line breaks (Python's csv
// module stops a field at 128 KiB too). A quote that does not close within
// that, or closes before anything but a delimiter or a line end, makes the
// record malformed, reported at the line where it starts, and reading goes
// on at the line after that one. So every physical line is part of a record
// read, of a rejected record's first line, of a quoted multi-line field, or
// blank.
#ifndef CSM_IO_CSV_READER_H_
#define CSM_IO_CSV_READER_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace csm::io {

// Picks the delimiter of a table from its first line: the most frequent of
// tab, comma, semicolon and '|' outside quotes (comma when none occurs).
char DetectDelimiter(std::string_view data);

inline constexpr std::size_t kMaxQuotedFieldBytes = 128 * 1024;
inline constexpr std::int64_t kMaxQuotedFieldLines = 1000;

class CsvReader {
 public:
  CsvReader(std::string_view data, char delimiter);

  // Reads the next record. Returns false at the end of the input; sets
  // *status (and returns false) when the record is malformed, e.g. a quoted
  // field that never closes. After an error the reader resumes at the line
  // after the one the bad record starts on, so a caller may skip bad records.
  bool Next(absl::Status* status);

  // For a caller that rejects the record just read (e.g. its field count is
  // wrong): when it spans several lines, reading resumes at the line after
  // its first, so the lines a stray quote joined are read as rows again.
  void RejectRecord();
  // Streaming: the reader sees a window of the input that starts at the
  // record to read next; `final` when no bytes follow the window. A record
  // that reaches the end of a window that is not final is not read: Next
  // returns false with needs_more() set, and the caller passes a window
  // that starts at record_start() and holds more bytes.
  void SetWindow(std::string_view data, bool final);
  bool needs_more() const { return needs_more_; }
  // The caller dropped the rest of the current record's first line (too
  // long to hold): the next record starts on the line after it.
  void SkippedRestOfLine() { next_line_ = line_ + 1; }
  std::size_t record_start() const { return record_start_; }

  // Physical lines the current record spans (more than 1 with a quoted line
  // break).
  std::int64_t record_lines() const { return next_line_ - line_; }

  std::size_t size() const { return fields_.size(); }
  std::string_view operator[](std::size_t i) const { return fields_[i]; }
  const std::vector<std::string_view>& fields() const { return fields_; }

  // 1-based line number where the current record starts.
  std::int64_t line() const { return line_; }
  // Byte offset of the reading position (for progress).
  std::size_t offset() const { return pos_; }
  std::size_t total_bytes() const { return data_.size(); }

 private:
  struct FieldRef {
    const char* data;  // nullptr: the bytes are in scratch_ at `offset`
    std::size_t offset;
    std::size_t size;
  };

  // Parses a quoted field starting at pos_ (on the opening quote).
  bool ReadQuoted(absl::Status* status);
  // The record reached the end of a window that is not final: read it again
  // from its start with more bytes.
  bool NeedMore();
  // Moves to the line after the current record's first line.
  void ResumeAfterRecordStart();

  std::string_view data_;
  char delimiter_;
  std::array<bool, 256> stops_;  // bytes that end an unquoted field
  std::size_t pos_ = 0;
  std::size_t record_start_ = 0;  // where the current record's first line starts
  bool final_ = true;             // no bytes follow data_
  bool needs_more_ = false;
  std::int64_t line_ = 0;
  std::int64_t next_line_ = 1;
  std::vector<FieldRef> refs_;
  std::vector<std::string_view> fields_;
  std::string scratch_;
};

}  // namespace csm::io

#endif  // CSM_IO_CSV_READER_H_
