// Writes events as JSON Lines, one object per event, with the §1 field names
// in §1 order and absent fields left out. `time` is ISO-8601 with the UTC
// offset of the writer's zone (the source's own wall clock, still an exact
// instant): "2022-05-01T00:00:03-04:00"; "Z" in UTC.
#ifndef CSM_IO_EVENT_WRITER_H_
#define CSM_IO_EVENT_WRITER_H_

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "csm/io/event_record.h"
#include "csm/io/timestamp.h"

namespace csm::io {

// Appends `text` as a JSON string literal (quotes included).
void AppendJsonString(std::string_view text, std::string* out);
// Appends the shortest decimal that reads back as `value`.
void AppendJsonNumber(double value, std::string* out);

class EventJsonlWriter {
 public:
  // `out` is not owned; `zone` gives the offset written with each time.
  EventJsonlWriter(std::FILE* out, Zone zone);
  EventJsonlWriter(const EventJsonlWriter&) = delete;
  EventJsonlWriter& operator=(const EventJsonlWriter&) = delete;
  ~EventJsonlWriter();

  void Write(const EventRecord& event);
  // Writes what is buffered; an error names the failing write.
  absl::Status Flush();

  // The JSON object of one event, without the line break.
  static void Format(const EventRecord& event, const Zone& zone, std::string* out);

 private:
  std::FILE* out_;
  Zone zone_;
  std::string buffer_;
};

// Collects events as JSON lines and hands them back sorted by time (stable:
// equal times keep their order, so a ticket's events stay in sequence).
// Exports listed ticket by ticket (a ServiceNow log) become one stream in
// time order, which is what an engine with a global clock expects. The lines
// live in one buffer: no allocation per event once it has grown.
class TimeSortedJsonl {
 public:
  explicit TimeSortedJsonl(Zone zone) : zone_(std::move(zone)) {}
  void Add(const EventRecord& event);
  std::size_t size() const { return entries_.size(); }
  // Calls `write` with each line (newline included) in time order.
  template <typename Write>
  void ForEachSorted(Write&& write) {
    Sort();
    for (const Entry& e : entries_) write(std::string_view(buffer_).substr(e.offset, e.size));
  }

 private:
  struct Entry {
    std::int64_t time_ms;
    std::size_t offset;
    std::size_t size;
  };
  void Sort();

  Zone zone_;
  std::string buffer_;
  std::vector<Entry> entries_;
};

}  // namespace csm::io

#endif  // CSM_IO_EVENT_WRITER_H_
