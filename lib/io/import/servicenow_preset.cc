// Preset "servicenow": a ServiceNow incident audit log, one row per change of
// an incident (e.g. the UCI "Incident management process enriched event
// log"). Rows of one incident come in order; each row is the incident's state
// after a change, stamped `sys_updated_at`.
//
// Events: the incident's first row gives `created` at `opened_at` (channel =
// contact_type, category, priority, group = assignment_group, customer =
// caller_id). Every row then gives, in this order and only for what changed
// since the incident's previous row: `assigned` (assigned_to, with the
// group), or `assigned` with the group alone when only the group changed;
// `updated` (category, priority); `status` (incident_state mapped below,
// with the current assignee as agent).
//
// States: New → new, Active → open, Awaiting User Info → pending, any other
// Awaiting … → on_hold, Resolved → solved, Closed → closed, Canceled → closed.
// '?' is ServiceNow's null. A few rows are stamped before the incident's
// opened_at or before its previous row; their time is raised to keep the
// incident's events in order (noted as "times raised to keep order").
#include <cctype>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "csm/io/cat.h"
#include "lib/io/import/preset.h"

namespace csm::io::import_internal {
namespace {

enum Field : std::size_t {
  kTicket,
  kState,
  kUpdatedAt,
  kOpenedAt,
  kAgent,
  kGroup,
  kChannel,
  kCategory,
  kPriority,
  kCustomer,
  kSegment,
};

std::string_view NullIfQuestionMark(std::string_view v) {
  return v == "?" ? std::string_view() : v;
}

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

// The §1 status of a ServiceNow incident_state; empty when unknown.
std::string_view MapState(std::string_view state) {
  std::string lower;
  for (char c : state)
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (lower == "new") return "new";
  if (lower == "active" || lower == "in progress") return "open";
  if (lower == "awaiting user info") return "pending";
  if (StartsWithNoCase(lower, "awaiting") || lower == "on hold") return "on_hold";
  if (lower == "resolved") return "solved";
  if (lower == "closed" || lower == "canceled" || lower == "cancelled") return "closed";
  return {};
}

struct IncidentState {
  Instant last{};
  std::string status;
  std::string agent;
  std::string group;
  std::string category;
  std::string priority;
};

class ServiceNowPreset : public Preset {
 public:
  const std::vector<FieldSpec>& fields() const override {
    static const std::vector<FieldSpec> kFields = {
        {"ticket", {"number"}, true},
        {"state", {"incident_state", "state"}, true},
        {"time", {"sys_updated_at", "updated_at"}, true},
        {"opened", {"opened_at", "sys_created_at"}, true},
        {"agent", {"assigned_to"}},
        {"group", {"assignment_group"}},
        {"channel", {"contact_type"}},
        {"category", {"category"}},
        {"priority", {"priority"}},
        {"customer", {"caller_id"}},
        {"segment", {}},
    };
    return kFields;
  }

  absl::Status Convert(const Row& row, const Zone& zone, Emitter& out,
                       std::string* reason) override {
    std::string_view ticket = row.get(kTicket);
    if (ticket.empty()) {
      *reason = "missing_field";
      return absl::InvalidArgumentError("the incident number is empty");
    }
    std::string_view status = MapState(row.get(kState));
    if (status.empty()) {
      *reason = "bad_value";
      return absl::InvalidArgumentError(Cat("unknown incident_state '", row.get(kState), "'"));
    }
    absl::StatusOr<Instant> time = ParseTimestamp(row.get(kUpdatedAt), zone);
    if (!time.ok()) {
      *reason = "bad_time";
      return time.status();
    }
    std::string_view agent = NullIfQuestionMark(row.get(kAgent));
    std::string_view group = NullIfQuestionMark(row.get(kGroup));
    std::string_view category = NullIfQuestionMark(row.get(kCategory));
    std::string_view priority = NullIfQuestionMark(row.get(kPriority));

    auto found = incidents_.find(absl::string_view(ticket.data(), ticket.size()));
    if (found == incidents_.end()) {
      absl::StatusOr<Instant> opened = ParseTimestamp(row.get(kOpenedAt), zone);
      if (!opened.ok()) {
        *reason = "bad_time";
        return opened.status();
      }
      EventRecord created;
      created.time = *opened;
      created.set(EventField::kTicket, ticket);
      created.set(EventField::kType, "created");
      created.set(EventField::kChannel, NullIfQuestionMark(row.get(kChannel)));
      created.set(EventField::kCategory, category);
      created.set(EventField::kPriority, priority);
      created.set(EventField::kGroup, group);
      created.set(EventField::kCustomer, NullIfQuestionMark(row.get(kCustomer)));
      created.set(EventField::kSegment, NullIfQuestionMark(row.get(kSegment)));
      out.Emit(created);
      IncidentState fresh;
      fresh.last = *opened;
      fresh.status = "new";
      fresh.group = std::string(group);
      fresh.category = std::string(category);
      fresh.priority = std::string(priority);
      found = incidents_.emplace(std::string(ticket), std::move(fresh)).first;
    }
    IncidentState& s = found->second;
    const Instant t = KeepOrder(*time, &s.last, out, "times raised to keep order");

    EventRecord e;
    e.time = t;
    e.set(EventField::kTicket, ticket);
    if (!agent.empty() && agent != s.agent) {
      e.set(EventField::kType, "assigned");
      e.set(EventField::kAgent, agent);
      e.set(EventField::kGroup, group);
      out.Emit(e);
      s.agent = std::string(agent);
      s.group = std::string(group);
    } else if (!group.empty() && group != s.group) {
      e.set(EventField::kType, "assigned");
      e.set(EventField::kGroup, group);
      out.Emit(e);
      s.group = std::string(group);
    }
    bool category_changed = !category.empty() && category != s.category;
    bool priority_changed = !priority.empty() && priority != s.priority;
    if (category_changed || priority_changed) {
      EventRecord u;
      u.time = t;
      u.set(EventField::kTicket, ticket);
      u.set(EventField::kType, "updated");
      if (category_changed) u.set(EventField::kCategory, category);
      if (priority_changed) u.set(EventField::kPriority, priority);
      out.Emit(u);
      s.category = std::string(category);
      s.priority = std::string(priority);
    }
    if (status != s.status) {
      EventRecord st;
      st.time = t;
      st.set(EventField::kTicket, ticket);
      st.set(EventField::kType, "status");
      st.set(EventField::kStatus, status);
      st.set(EventField::kAgent, s.agent);
      out.Emit(st);
      s.status = std::string(status);
    }
    return absl::OkStatus();
  }

 private:
  absl::flat_hash_map<std::string, IncidentState> incidents_;
};

}  // namespace

std::unique_ptr<Preset> MakeServiceNowPreset() { return std::make_unique<ServiceNowPreset>(); }

}  // namespace csm::io::import_internal
