#include "csm/io/event_reader.h"

#include <cstring>
#include <utility>

#include "csm/io/cat.h"

#include "csm/io/number.h"
#include "csm/model/event_line.h"
#include "csm/model/iso8601.h"
#include "csm/model/json_limits.h"

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
    : data_(data), format_(format), csv_(data, delimiter) {}

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
  absl::Status status;
  if (!reader.csv_.Next(&status)) {
    if (!status.ok()) return status;
    return absl::InvalidArgumentError("the events file is empty (expected a header row)");
  }
  bool seen[kEventFieldCount] = {};
  for (std::size_t i = 0; i < reader.csv_.size(); ++i) {
    std::string_view name = TrimSpaces(reader.csv_[i]);
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
    reader.columns_.push_back(field);
  }
  // No ticket column is needed: agent_state and cost events have none.
  for (EventField required : {EventField::kTime, EventField::kType}) {
    if (!seen[static_cast<std::size_t>(required)]) {
      return absl::InvalidArgumentError(
          Cat("line 1: the header has no '", EventFieldName(required), "' column"));
    }
  }
  return reader;
}

std::int64_t EventReader::line() const {
  return format_ == EventFormat::kCsv ? csv_.line() : line_;
}

std::size_t EventReader::offset() const {
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
    // JSON Lines (csm/model/event_line.h).
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
  if (!csv_.Next(&status)) {
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
    if (!lines_.Next(&text)) return Result::kEnd;
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
