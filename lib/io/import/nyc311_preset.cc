// Preset "nyc311": NYC Open Data's "311 Service Requests" export, one row per
// request, times "MM/DD/YYYY hh:mm:ss AM" in New York local time.
//
// Events: `created` at Created Date (ticket = Unique Key, channel = Open Data
// Channel Type, group = Agency, category = Complaint Type), and `status`
// closed at Closed Date when that is set (an open request has it empty; its
// time to close is right-censored). A Closed Date before Created Date is
// raised to it (noted). The Status column is not turned into events: an "In
// Progress" or "Open" row has no time of its own.
#include <string>

#include "csm/io/cat.h"
#include "lib/io/import/preset.h"

namespace csm::io::import_internal {
namespace {

enum Field : std::size_t {
  kTicket,
  kCreated,
  kClosed,
  kChannel,
  kGroup,
  kCategory,
  kCustomer,
  kPriority,
  kSegment,
  kAgent
};

class Nyc311Preset : public Preset {
 public:
  const std::vector<FieldSpec>& fields() const override {
    static const std::vector<FieldSpec> kFields = {
        {"ticket", {"Unique Key"}, true},
        {"created", {"Created Date"}, true},
        {"closed", {"Closed Date"}},
        {"channel", {"Open Data Channel Type"}},
        {"group", {"Agency"}},
        {"category", {"Complaint Type"}},
        {"customer", {}},
        {"priority", {}},
        {"segment", {}},
        {"agent", {}},
    };
    return kFields;
  }

  absl::Status Convert(const Row& row, const Zone& zone, Emitter& out,
                       std::string* reason) override {
    std::string_view ticket = row.get(kTicket);
    if (ticket.empty()) {
      *reason = "missing_field";
      return absl::InvalidArgumentError("the Unique Key is empty");
    }
    absl::StatusOr<Instant> created = ParseTimestamp(row.get(kCreated), zone);
    if (!created.ok()) {
      *reason = "bad_time";
      return created.status();
    }
    std::optional<Instant> closed;
    if (std::string_view text = row.get(kClosed); !text.empty()) {
      absl::StatusOr<Instant> t = ParseTimestamp(text, zone);
      if (!t.ok()) {
        *reason = "bad_time";
        return t.status();
      }
      closed = *t;
    }
    EventRecord e;
    e.time = *created;
    e.set(EventField::kTicket, ticket);
    e.set(EventField::kType, "created");
    e.set(EventField::kChannel, row.get(kChannel));
    e.set(EventField::kGroup, row.get(kGroup));
    e.set(EventField::kCategory, row.get(kCategory));
    e.set(EventField::kCustomer, row.get(kCustomer));
    e.set(EventField::kPriority, row.get(kPriority));
    e.set(EventField::kSegment, row.get(kSegment));
    out.Emit(e);
    if (closed) {
      Instant last = *created;
      EventRecord c;
      c.time = KeepOrder(*closed, &last, out, "closed before created: raised to created");
      c.set(EventField::kTicket, ticket);
      c.set(EventField::kType, "status");
      c.set(EventField::kStatus, "closed");
      c.set(EventField::kAgent, row.get(kAgent));
      out.Emit(c);
    }
    return absl::OkStatus();
  }
};

}  // namespace

std::unique_ptr<Preset> MakeNyc311Preset() { return std::make_unique<Nyc311Preset>(); }

}  // namespace csm::io::import_internal
