// Writes events as JSON Lines, one object per event, with the §1 field names
// in §1 order and absent fields left out. `time` is ISO-8601 with the UTC
// offset of the writer's zone (the source's own wall clock, still an exact
// instant): "2022-05-01T00:00:03-04:00"; "Z" in UTC.
#ifndef CSM_IO_EVENT_WRITER_H_
#define CSM_IO_EVENT_WRITER_H_

#include <cstdio>
#include <string>
#include <string_view>

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

}  // namespace csm::io

#endif  // CSM_IO_EVENT_WRITER_H_
