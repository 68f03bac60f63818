// EngineImpl::IngestJsonl: one JSON object per line -> Event, read by the
// library's one event-line parser (csm/model/internal/event_line.h).
#include <string>

#include "csm/engine/internal/engine_impl.h"
#include "csm/model/internal/event_line.h"

namespace csm {
namespace {

// A name the intern table refused: a bad name, or a full table.
RejectReason ReasonFor(const absl::Status& intern_error) {
  return intern_error.code() == absl::StatusCode::kResourceExhausted ? RejectReason::kLimitExceeded
                                                                     : RejectReason::kInvalidField;
}

}  // namespace

IngestResult EngineImpl::IngestJsonl(std::string_view text) {
  IngestResult result;
  uint64_t line_number = 0;
  // A UTF-8 byte-order mark opens some exported files (the CLI skips it too).
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  LineSplitter lines(text);
  EventLineParser parser;
  std::string_view line;
  while (lines.Next(&line)) {
    const uint64_t index = line_number++;
    if (IsBlankLine(line)) continue;
    // A rejected line must leave no trace, its new names included.
    const InternTable::Mark mark = interned_.mark();
    EventLine parsed;
    Event event;
    std::optional<RejectReason> reason;
    if (std::optional<EventLineError> bad = parser.Parse(line, &parsed)) {
      reason = bad->reason;
      ++rejected_[static_cast<int>(*reason)];
    } else if ((reason = InternEventLine(parsed, event))) {
      ++rejected_[static_cast<int>(*reason)];
    } else {
      reason = Ingest(event);
    }
    if (reason) {
      interned_.Rollback(mark);
      result.Reject(index, *reason);
    } else {
      result.Accept();
    }
  }
  return result;
}

std::optional<RejectReason> EngineImpl::InternEventLine(const EventLine& line, Event& out) {
  out = Event{};
  out.type = line.type;
  out.time = line.time;
  out.status = line.status;
  out.value = line.value;
  if (line.ticket_number != 0) {
    out.ticket = line.ticket_number;
  } else if (!line.ticket.empty()) {
    absl::StatusOr<TicketKey> key = NamedTicket(line.ticket);
    if (!key.ok()) return ReasonFor(key.status());
    out.ticket = *key;
  }
  for (int f = 0; f < kFieldCount; ++f) {
    const std::string_view name = line.names[f];
    if (name.empty() || static_cast<Field>(f) == Field::kTicket) continue;
    absl::StatusOr<uint32_t> id = interned_.Intern(static_cast<Field>(f), name);
    if (!id.ok()) return ReasonFor(id.status());
    out.SetId(static_cast<Field>(f), *id);
  }
  return std::nullopt;
}

}  // namespace csm
