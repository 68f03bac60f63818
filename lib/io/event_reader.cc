#include "csm/io/event_reader.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "csm/io/cat.h"

#include "csm/io/number.h"
#include "csm/model/internal/event_line.h"
#include "csm/model/internal/iso8601.h"
#include "csm/model/internal/json_limits.h"

namespace csm::io {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string ExpectedFields() {
  std::string names;
  for (std::size_t i = 0; i < kEventFieldCount; ++i) {
    if (i > 0) names.append(", ");
    names.append(EventFieldName(static_cast<EventField>(i)));
  }
  return names;
}

// The engine's name fields and the record's field each maps to.
constexpr std::pair<Field, EventField> kNameFields[] = {
    {Field::kAgent, EventField::kAgent},       {Field::kCustomer, EventField::kCustomer},
    {Field::kGroup, EventField::kGroup},       {Field::kChannel, EventField::kChannel},
    {Field::kCategory, EventField::kCategory}, {Field::kPriority, EventField::kPriority},
    {Field::kSegment, EventField::kSegment},   {Field::kStep, EventField::kStep},
    {Field::kWorkflow, EventField::kWorkflow},
};

}  // namespace

EventReader::EventReader(std::string_view data, EventFormat format, char delimiter)
    : data_(data), format_(format), delimiter_(delimiter), csv_(data, delimiter) {}

EventReader EventReader::Chunk(std::size_t begin, std::size_t end) const {
  const std::string_view chunk = data_.substr(begin, end - begin);
  EventReader reader(chunk, format_, delimiter_);
  reader.columns_ = columns_;
  if (format_ == EventFormat::kCsv) {
    reader.csv_.SetWindow(chunk, /*final=*/true);  // from its first byte: no byte-order mark
  } else {
    reader.lines_ = LineSplitter(chunk);
  }
  return reader;
}

absl::StatusOr<EventReader> EventReader::Create(std::string_view data, EventFormat format) {
  if (format == EventFormat::kAuto) {
    std::size_t i = 0;
    if (data.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
    while (i < data.size() && (IsSpace(data[i]) || data[i] == '\n')) ++i;
    format = (i < data.size() && data[i] == '{') ? EventFormat::kJsonl : EventFormat::kCsv;
  }
  EventReader reader(data, format, format == EventFormat::kCsv ? DetectDelimiter(data) : ',');
  if (format == EventFormat::kJsonl) {
    reader.lines_ = LineSplitter(data.substr(0, 3) == "\xEF\xBB\xBF" ? data.substr(3) : data);
    reader.bom_ = data.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    return reader;
  }
  if (absl::Status header = reader.ReadHeader(); !header.ok()) return header;
  return reader;
}

absl::Status EventReader::ReadHeader() {
  absl::Status status;
  if (!CsvNext(&status)) {
    if (!status.ok()) return status;
    return absl::InvalidArgumentError("the events file is empty (expected a header row)");
  }
  bool seen[kEventFieldCount] = {};
  for (std::size_t i = 0; i < csv_.size(); ++i) {
    std::string_view name = TrimSpaces(csv_[i]);
    std::optional<EventField> field = EventFieldFromName(name);
    if (!field) {
      return absl::InvalidArgumentError(Cat(
          "line 1: column '", name, "' is not an event field (expected any of: ", ExpectedFields(),
          "; use `csm import --map` for other shapes)"));
    }
    if (seen[static_cast<std::size_t>(*field)]) {
      return absl::InvalidArgumentError(Cat("line 1: column '", name, "' appears twice"));
    }
    seen[static_cast<std::size_t>(*field)] = true;
    columns_.push_back(field);
  }
  // No ticket column is needed: agent_state and cost events have none.
  for (EventField required : {EventField::kTime, EventField::kType}) {
    if (!seen[static_cast<std::size_t>(required)]) {
      return absl::InvalidArgumentError(
          Cat("line 1: the header has no '", EventFieldName(required), "' column"));
    }
  }
  return absl::OkStatus();
}

struct EventReader::Stream {
  ReadFn read;
  std::string buffer;
  std::size_t pos = 0;      // JSONL: the reading position in buffer
  std::size_t dropped = 0;  // bytes dropped from the front so far
  std::size_t max_buffered = 0;
  bool eof = false;
  bool skipping = false;  // JSONL: dropping the rest of a line too long to hold
  absl::Status error;
};

EventReader::EventReader(EventReader&&) noexcept = default;
EventReader& EventReader::operator=(EventReader&&) noexcept = default;
EventReader::~EventReader() = default;

std::size_t EventReader::max_buffered() const { return stream_ ? stream_->max_buffered : 0; }

absl::Status EventReader::stream_error() const {
  return stream_ ? stream_->error : absl::OkStatus();
}

bool EventReader::Refill(std::size_t keep_from) {
  Stream& s = *stream_;
  s.buffer.erase(0, keep_from);
  s.dropped += keep_from;
  if (s.eof) return false;
  const std::size_t old = s.buffer.size();
  s.buffer.resize(old + kStreamChunkBytes);
  absl::StatusOr<std::size_t> n = s.read(s.buffer.data() + old, kStreamChunkBytes);
  s.buffer.resize(old + (n.ok() ? std::min(*n, kStreamChunkBytes) : 0));
  s.max_buffered = std::max(s.max_buffered, s.buffer.size());
  if (!n.ok()) s.error = n.status();
  if (!n.ok() || *n == 0) s.eof = true;
  return !s.eof;
}

absl::StatusOr<EventReader> EventReader::CreateStream(ReadFn read, EventFormat format) {
  auto stream = std::make_unique<Stream>();
  stream->read = std::move(read);
  EventReader reader({}, format, ',');
  reader.stream_ = std::move(stream);
  Stream& s = *reader.stream_;
  // Enough of the start to tell the format and the delimiter: a line.
  while (s.buffer.find_first_of("\r\n") == std::string::npos &&
         s.buffer.size() <= kMaxEventLineBytes && reader.Refill(0)) {
  }
  if (!s.error.ok()) return s.error;
  const std::string_view start = s.buffer;
  if (format == EventFormat::kAuto) {
    std::size_t i = start.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    while (i < start.size() && (IsSpace(start[i]) || start[i] == '\n')) ++i;
    format = (i < start.size() && start[i] == '{') ? EventFormat::kJsonl : EventFormat::kCsv;
  }
  reader.format_ = format;
  if (format == EventFormat::kJsonl) {
    s.pos = start.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    return reader;
  }
  // The header row must be whole before anything is read (an input of NUL
  // bytes such as /dev/zero ends here, not after reading forever).
  if (start.find_first_of("\r\n") == std::string_view::npos && !s.eof) {
    return absl::InvalidArgumentError("the header row is longer than 1 MiB");
  }
  reader.delimiter_ = DetectDelimiter(start);
  reader.csv_ = CsvReader(start, reader.delimiter_);
  if (start.substr(0, 3) == "\xEF\xBB\xBF") {
    s.buffer.erase(0, 3);
    s.dropped = 3;
  }
  reader.csv_.SetWindow(s.buffer, s.eof);
  if (absl::Status header = reader.ReadHeader(); !header.ok()) return header;
  return reader;
}

bool EventReader::CsvNext(absl::Status* status) {
  for (;;) {
    if (csv_.Next(status)) return true;
    if (!stream_ || !csv_.needs_more()) return false;
    Stream& s = *stream_;
    const std::size_t keep = csv_.record_start();
    if (s.buffer.size() - keep <= kMaxEventLineBytes) {
      Refill(keep);
      csv_.SetWindow(s.buffer, s.eof);
      continue;
    }
    // A record too long to hold: reject it and drop the rest of its line.
    const std::int64_t line = csv_.line();
    s.buffer.erase(0, keep);
    for (;;) {
      const std::size_t end = s.buffer.find('\n');
      if (end != std::string::npos) {
        s.buffer.erase(0, end + 1);
        break;
      }
      if (!Refill(s.buffer.size())) break;
    }
    csv_.SetWindow(s.buffer, s.eof);
    csv_.SkippedRestOfLine();
    *status = absl::InvalidArgumentError(
        Cat("line ", line, ": a record longer than 1 MiB (its line is skipped)"));
    return false;
  }
}

bool EventReader::StreamLine(std::string_view* line) {
  Stream& s = *stream_;
  for (;;) {
    const std::string_view rest = std::string_view(s.buffer).substr(s.pos);
    const std::size_t end = rest.find_first_of("\r\n");
    // A CR last in the buffer may be the first half of a CRLF.
    const bool whole =
        end != std::string_view::npos && (rest[end] == '\n' || end + 1 < rest.size() || s.eof);
    if (whole) {
      s.pos += end + 1;
      if (rest[end] == '\r' && end + 1 < rest.size() && rest[end + 1] == '\n') ++s.pos;
      if (s.skipping) {  // the end of a line too long to hold
        s.skipping = false;
        continue;
      }
      *line = rest.substr(0, end);
      return true;
    }
    if (s.skipping || rest.size() > kMaxEventLineBytes) {
      // Too long to hold: its start goes to the parser (which rejects a line
      // that long), the rest is dropped up to its end.
      if (!s.skipping) {
        *line = rest.substr(0, kMaxEventLineBytes + 1);
        s.pos += line->size();
        s.skipping = true;
        return true;
      }
      s.pos = s.buffer.size();
    }
    if (s.eof) {
      if (rest.empty() || s.skipping) return false;
      *line = rest;
      s.pos = s.buffer.size();
      return true;
    }
    Refill(s.pos);
    s.pos = 0;
  }
}

std::int64_t EventReader::line() const {
  return format_ == EventFormat::kCsv ? csv_.line() : line_;
}

std::size_t EventReader::offset() const {
  if (stream_) {
    return stream_->dropped + (format_ == EventFormat::kCsv ? csv_.offset() : stream_->pos);
  }
  return format_ == EventFormat::kCsv ? csv_.offset() : bom_ + lines_.offset();
}

EventReader::Result EventReader::Reject(std::int64_t line, std::string_view reason,
                                        std::string message) {
  rejection_.line = line;
  rejection_.reason = std::string(reason);
  rejection_.message = Cat("line ", line, ": ", message);
  return Result::kRejected;
}

bool EventReader::SetField(EventField field, std::string_view text, std::int64_t line,
                           EventRecord* out) {
  if (field == EventField::kTime) {
    // A CSV cell's padding is not part of it; the time itself reads as in
    // JSON Lines (csm/model/internal/event_line.h).
    absl::StatusOr<Instant> t = ParseEventTime(TrimSpaces(text));
    if (!t.ok()) {
      Reject(line, "bad_time", std::string(t.status().message()));
      return false;
    }
    out->time = *t;
    return true;
  }
  if (field == EventField::kValue) {
    if (text.empty()) return true;
    std::optional<double> v = ParseDouble(text);
    if (!v) {
      Reject(line, "bad_value", Cat("value '", QuoteForError(text), "' is not a number"));
      return false;
    }
    out->value = v;
    return true;
  }
  out->set(field, TrimSpaces(text));
  return true;
}

// Whether the type needs a ticket is the engine's rule (agent_state and
// cost do not), the same for every input.
bool EventReader::CheckRequired(std::int64_t line, EventRecord* out) {
  if (out->type().empty()) {
    Reject(line, "missing_field", "'type' is missing");
    return false;
  }
  if (!IsEventType(out->type())) {
    Reject(line, "unknown_type",
           Cat("'", QuoteForError(out->type()), "' is not an event type (see docs/metrics.md §1)"));
    return false;
  }
  return true;
}

EventReader::Result EventReader::Next(EventRecord* out) {
  return format_ == EventFormat::kCsv ? NextCsv(out) : NextJsonl(out);
}

EventReader::Result EventReader::NextCsv(EventRecord* out) {
  absl::Status status;
  if (!CsvNext(&status)) {
    if (status.ok()) return Result::kEnd;
    rejection_.line = csv_.line();
    rejection_.reason = "malformed_line";
    rejection_.message = std::string(status.message());
    return Result::kRejected;
  }
  const std::int64_t line = csv_.line();
  if (csv_.size() != columns_.size()) {
    csv_.RejectRecord();  // a stray quote's swallowed lines are rows again
    return Reject(line, "malformed_line",
                  Cat("has ", csv_.size(), " fields, the header has ", columns_.size()));
  }
  out->Clear();
  bool has_time = false;
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    EventField field = *columns_[i];
    if (field == EventField::kTime) {
      if (TrimSpaces(csv_[i]).empty()) continue;
      has_time = true;
    }
    if (!SetField(field, csv_[i], line, out)) return Result::kRejected;
  }
  if (!has_time) return Reject(line, "missing_field", "'time' is missing");
  if (!CheckRequired(line, out)) return Result::kRejected;
  return Result::kEvent;
}

EventReader::Result EventReader::NextJsonl(EventRecord* out) {
  std::string_view text;
  for (;;) {
    if (!(stream_ ? StreamLine(&text) : lines_.Next(&text))) return Result::kEnd;
    ++line_;
    if (!IsBlankLine(text)) break;
  }
  EventLine event;
  if (std::optional<EventLineError> bad = json_.Parse(text, &event)) {
    const std::string_view code = bad->reason == RejectReason::kMalformed     ? "malformed_line"
                                  : bad->reason == RejectReason::kUnknownType ? "unknown_type"
                                                                              : "invalid_field";
    return Reject(line_, code, std::move(bad->message));
  }
  out->Clear();
  out->time = event.time;
  out->value = event.value;
  out->set(EventField::kType, EventTypeName(event.type));
  out->set(EventField::kTicket, event.ticket);
  out->set(EventField::kStatus, event.status_text);
  for (const auto& [from, to] : kNameFields) out->set(to, event.names[static_cast<int>(from)]);
  return Result::kEvent;
}

}  // namespace csm::io
