#include "csm/io/engine_feed.h"

#include "csm/io/cat.h"
#include "csm/model/event_type.h"
#include "csm/model/reject_reason.h"

namespace csm::io {
namespace {

constexpr std::size_t kMaxMessages = 10;

// §1 text fields and the engine's interned field each maps to.
constexpr std::pair<EventField, Field> kInterned[] = {
    {EventField::kAgent, Field::kAgent},       {EventField::kCustomer, Field::kCustomer},
    {EventField::kGroup, Field::kGroup},       {EventField::kChannel, Field::kChannel},
    {EventField::kCategory, Field::kCategory}, {EventField::kPriority, Field::kPriority},
    {EventField::kSegment, Field::kSegment},   {EventField::kStep, Field::kStep},
    {EventField::kWorkflow, Field::kWorkflow},
};

}  // namespace

std::int64_t FeedResult::rejected() const {
  std::int64_t n = 0;
  for (const auto& [reason, count] : input_rejected) n += count;
  for (const auto& [reason, count] : engine_rejected) n += count;
  return n;
}

std::string_view ReportReasonFor(std::string_view reader_reason) {
  if (reader_reason == "malformed_line") return RejectReasonName(RejectReason::kMalformed);
  if (reader_reason == "unknown_type") return RejectReasonName(RejectReason::kUnknownType);
  return RejectReasonName(RejectReason::kInvalidField);
}

absl::StatusOr<FeedResult> FeedEvents(std::string_view data, Engine& engine,
                                      const FeedOptions& options) {
  absl::StatusOr<EventReader> reader = EventReader::Create(data, options.format);
  if (!reader.ok()) return reader.status();
  FeedResult result;
  EventRecord record;
  Event event;
  std::int64_t count = 0;
  auto reject = [&](std::string_view reason, std::string message,
                    bool from_engine) -> absl::Status {
    auto& tally = from_engine ? result.engine_rejected : result.input_rejected;
    ++tally[std::string(from_engine ? reason : ReportReasonFor(reason))];
    if (result.first_rejections.size() < kMaxMessages) result.first_rejections.push_back(message);
    if (options.strict) return absl::InvalidArgumentError(message);
    return absl::OkStatus();
  };
  for (;;) {
    EventReader::Result r = reader->Next(&record);
    if (r == EventReader::Result::kEnd) break;
    if (options.progress && (++count & 0xFFFF) == 0) {
      options.progress(reader->offset(), reader->total_bytes());
    }
    if (r == EventReader::Result::kRejected) {
      const InputRejection& bad = reader->rejection();
      if (auto s = reject(bad.reason, bad.message, false); !s.ok()) return s;
      continue;
    }
    // The reader checked the type name against §1 and parsed time and value.
    event = Event{};
    event.time = record.time;
    std::optional<EventType> type = ParseEventType(record.type());
    if (!type) {
      if (auto s = reject(
              "unknown_type",
              Cat("line ", reader->line(), ": '", record.type(), "' is not an event type"), false);
          !s.ok()) {
        return s;
      }
      continue;
    }
    event.type = *type;
    event.value = record.value;
    std::string_view status = record.get(EventField::kStatus);
    if (!status.empty()) {
      std::optional<uint8_t> parsed = ParseStatusFor(event.type, status);
      if (!parsed) {
        if (auto s = reject("bad_value",
                            Cat("line ", reader->line(), ": status '", status,
                                "' does not belong to a '", record.type(), "' event"),
                            false);
            !s.ok()) {
          return s;
        }
        continue;
      }
      event.status = *parsed;
    }
    absl::Status interned = absl::OkStatus();
    if (!record.ticket().empty()) {
      absl::StatusOr<TicketKey> key = engine.NamedTicket(record.ticket());
      if (key.ok()) {
        event.ticket = *key;
      } else {
        interned = key.status();
      }
    }
    for (const auto& [from, to] : kInterned) {
      std::string_view name = record.get(from);
      if (name.empty() || !interned.ok()) continue;
      absl::StatusOr<uint32_t> id = engine.Intern(to, name);
      if (id.ok()) {
        event.SetId(to, *id);
      } else {
        interned = id.status();
      }
    }
    if (!interned.ok()) {
      if (auto s =
              reject("bad_value",
                     Cat("line ", reader->line(), ": ", std::string(interned.message())), false);
          !s.ok()) {
        return s;
      }
      continue;
    }
    if (std::optional<RejectReason> why = engine.Ingest(event)) {
      std::string_view name = RejectReasonName(*why);
      if (auto s = reject(name,
                          Cat("line ", reader->line(), ": ", name, " (ticket '", record.ticket(),
                              "', ", record.type(), ")"),
                          true);
          !s.ok()) {
        return s;
      }
      continue;
    }
    ++result.accepted;
  }
  if (options.progress) options.progress(data.size(), data.size());
  return result;
}

}  // namespace csm::io
