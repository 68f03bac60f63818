// Preset "tickets": a ticket table, one row per ticket, as most helpdesks
// export it, with a creation time and optional first-reply, solved and
// closed times. Times may be ISO-8601 (with or without offset), epoch
// milliseconds, DD-MM-YYYY HH:MM or MM/DD/YYYY hh:mm:ss AM; wall times are
// read in --tz (UTC by default).
//
// Events: `created` (channel, group, category, priority, segment, customer);
// `assigned` (agent) at assigned, or — when the table names an agent but no
// assignment time — just before the agent's first act (first reply, else
// solve), since the engine credits a ticket's metrics to its assignee;
// `agent_reply` at first_reply (agent); `status` solved at solved (agent);
// `status` closed at closed; `csat` with the rating at the ticket's last
// time when a csat column has a value. Empty cells mean "did not happen". A
// time before the previous one of its ticket is raised to it (noted).
#include <string>

#include "csm/io/cat.h"
#include "csm/io/number.h"
#include "lib/io/import/preset.h"

namespace csm::io::import_internal {
namespace {

enum Field : std::size_t {
  kTicket,
  kCreated,
  kAssigned,
  kFirstReply,
  kSolved,
  kClosed,
  kAgent,
  kCustomer,
  kGroup,
  kChannel,
  kCategory,
  kPriority,
  kSegment,
  kCsat,
};

class TicketsPreset : public Preset {
 public:
  const std::vector<FieldSpec>& fields() const override {
    static const std::vector<FieldSpec> kFields = {
        {"ticket", {"ticket", "id", "ticket_id", "ticket id"}, true},
        {"created", {"created", "created_at", "created at", "opened_at"}, true},
        {"assigned", {"assigned", "assigned_at", "assigned at"}},
        {"first_reply", {"first_reply", "first_reply_at", "first_response_at", "first reply"}},
        {"solved", {"solved", "solved_at", "resolved_at", "solved at"}},
        {"closed", {"closed", "closed_at", "closed at"}},
        {"agent", {"agent", "assignee", "assigned_to"}},
        {"customer", {"customer", "requester", "customer_id"}},
        {"group", {"group", "team", "queue"}},
        {"channel", {"channel", "via", "source"}},
        {"category", {"category", "type", "reason"}},
        {"priority", {"priority"}},
        {"segment", {"segment", "tier"}},
        {"csat", {"csat", "satisfaction", "rating"}},
    };
    return kFields;
  }

  absl::Status Convert(const Row& row, const Zone& zone, Emitter& out,
                       std::string* reason) override {
    std::string_view ticket = row.get(kTicket);
    if (ticket.empty()) {
      *reason = "missing_field";
      return absl::InvalidArgumentError("the ticket id is empty");
    }
    std::optional<Instant> times[kClosed + 1];
    for (std::size_t f : {kCreated, kAssigned, kFirstReply, kSolved, kClosed}) {
      std::string_view text = row.get(f);
      if (text.empty()) continue;
      absl::StatusOr<Instant> t = ParseTimestamp(text, zone);
      if (!t.ok()) {
        *reason = "bad_time";
        return t.status();
      }
      times[f] = *t;
    }
    if (!times[kCreated]) {
      *reason = "missing_field";
      return absl::InvalidArgumentError("the creation time is empty");
    }
    std::optional<double> csat;
    if (std::string_view text = row.get(kCsat); !text.empty()) {
      csat = ParseDouble(text);
      if (!csat) {
        *reason = "bad_value";
        return absl::InvalidArgumentError(Cat("csat '", text, "' is not a number"));
      }
    }
    std::string_view agent = row.get(kAgent);

    Instant last = *times[kCreated];
    EventRecord e;
    e.time = last;
    e.set(EventField::kTicket, ticket);
    e.set(EventField::kType, "created");
    for (auto [field, column] : {std::pair{EventField::kChannel, kChannel},
                                 {EventField::kGroup, kGroup},
                                 {EventField::kCategory, kCategory},
                                 {EventField::kPriority, kPriority},
                                 {EventField::kSegment, kSegment},
                                 {EventField::kCustomer, kCustomer}}) {
      e.set(field, row.get(column));
    }
    out.Emit(e);

    EventRecord next;
    next.set(EventField::kTicket, ticket);
    auto emit = [&](std::size_t f, std::string_view type, std::string_view status) {
      next.time = KeepOrder(*times[f], &last, out, "times raised to keep order");
      next.set(EventField::kType, type);
      next.set(EventField::kStatus, status);
      next.set(EventField::kAgent, status == "closed" ? std::string_view() : agent);
      out.Emit(next);
    };
    if (!agent.empty()) {
      const std::size_t at = times[kAssigned]     ? kAssigned
                             : times[kFirstReply] ? kFirstReply
                                                  : kSolved;
      if (times[at]) emit(at, "assigned", {});
    }
    if (times[kFirstReply]) emit(kFirstReply, "agent_reply", {});
    if (times[kSolved]) emit(kSolved, "status", "solved");
    if (times[kClosed]) emit(kClosed, "status", "closed");
    if (csat) {
      next = EventRecord{};
      next.set(EventField::kTicket, ticket);
      next.set(EventField::kType, "csat");
      next.time = last;
      next.value = csat;
      out.Emit(next);
    }
    return absl::OkStatus();
  }
};

}  // namespace

std::unique_ptr<Preset> MakeTicketsPreset() { return std::make_unique<TicketsPreset>(); }

}  // namespace csm::io::import_internal
