#include "csm/live/live_query.h"

#include <cmath>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "csm/model/internal/absl_compat.h"
#include "csm/model/internal/json_limits.h"
#include "csm/report/internal/query_fields.h"

namespace csm::live {
namespace {

using json = nlohmann::json;

absl::Status Invalid(std::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat("live query: ", AsAbsl(message)));
}

// The keys each kind takes besides "kind": another kind's key is an error
// too (a `within` on a ticket query would silently mean nothing).
const std::set<std::string>& KeysOf(LiveKind kind) {
  static const std::set<std::string> kSlaDue = {"within", "limit", "filter"};
  static const std::set<std::string> kTicket = {"ticket"};
  static const std::set<std::string> kQueue = {"group_by", "filter"};
  switch (kind) {
    case LiveKind::kSlaDue:
      return kSlaDue;
    case LiveKind::kTicket:
      return kTicket;
    case LiveKind::kQueue:
      break;
  }
  return kQueue;
}

absl::StatusOr<Millis> ParseWithin(const json& v) {
  // Seconds, kept to the millisecond; 100 years at most, as config seconds.
  constexpr double kMaxSeconds = 100.0 * 366 * 86400;
  if (!v.is_number() || !std::isfinite(v.get<double>())) {
    return Invalid(absl::StrCat("within must be a number of seconds, got ", QuoteJsonForError(v)));
  }
  const double seconds = v.get<double>();
  if (seconds < 0) {
    return Invalid(absl::StrCat("within must not be negative, got ", QuoteJsonForError(v)));
  }
  if (seconds > kMaxSeconds) return Invalid("within must be at most 100 years");
  return Millis{static_cast<int64_t>(std::llround(seconds * 1000))};
}

absl::StatusOr<size_t> ParseLimit(const json& v) {
  if (!v.is_number_unsigned() || v.get<uint64_t>() < 1 ||
      v.get<uint64_t>() > LiveQuery::kMaxLimit) {
    return Invalid(absl::StrCat("limit must be an integer from 1 to ", LiveQuery::kMaxLimit,
                                ", got ", QuoteJsonForError(v)));
  }
  return static_cast<size_t>(v.get<uint64_t>());
}

absl::StatusOr<std::string> ParseTicket(const json& t) {
  // A string, or a positive integer as events may name tickets.
  if (t.is_number_unsigned() && t.get<uint64_t>() >= 1) return std::to_string(t.get<uint64_t>());
  if (t.is_string() && !t.get<std::string>().empty()) return t.get<std::string>();
  return Invalid(absl::StrCat("ticket must be a non-empty string or a positive integer, got ",
                              QuoteJsonForError(t)));
}

}  // namespace

absl::StatusOr<LiveQuery> LiveQuery::FromJson(std::string_view text) {
  absl::StatusOr<json> j = ParseJsonDocument(text, "live query");
  if (!j.ok()) return j.status();
  if (!j->is_object()) return Invalid("must be a JSON object");
  if (!j->contains("kind")) return Invalid("\"kind\" is required (sla_due, ticket or queue)");
  const json& kind = (*j)["kind"];
  LiveQuery q;
  if (kind == "sla_due") {
    q.kind = LiveKind::kSlaDue;
  } else if (kind == "ticket") {
    q.kind = LiveKind::kTicket;
  } else if (kind == "queue") {
    q.kind = LiveKind::kQueue;
  } else {
    return Invalid(absl::StrCat("unknown kind ", QuoteJsonForError(kind),
                                " (expected sla_due, ticket or queue)"));
  }
  const std::set<std::string>& keys = KeysOf(q.kind);
  for (const auto& [key, value] : j->items()) {
    if (key != "kind" && !keys.contains(key)) {
      return Invalid(absl::StrCat("unknown key \"", QuoteForError(key), "\" for kind \"",
                                  kind.get<std::string>(), "\""));
    }
  }
  const json& o = *j;
  switch (q.kind) {
    case LiveKind::kSlaDue:
      if (o.contains("within") && !o["within"].is_null()) {
        absl::StatusOr<Millis> within = ParseWithin(o["within"]);
        if (!within.ok()) return within.status();
        q.within = *within;
      }
      if (o.contains("limit") && !o["limit"].is_null()) {
        absl::StatusOr<size_t> limit = ParseLimit(o["limit"]);
        if (!limit.ok()) return limit.status();
        q.limit = *limit;
      }
      break;
    case LiveKind::kTicket: {
      if (!o.contains("ticket")) return Invalid("kind \"ticket\" needs \"ticket\"");
      absl::StatusOr<std::string> ticket = ParseTicket(o["ticket"]);
      if (!ticket.ok()) return ticket.status();
      q.ticket = *std::move(ticket);
      break;
    }
    case LiveKind::kQueue:
      if (o.contains("group_by")) {
        absl::StatusOr<std::vector<Field>> dims =
            report::ParseGroupByDimensions(o["group_by"], "live query");
        if (!dims.ok()) return dims.status();
        q.group_by = *std::move(dims);
      }
      break;
  }
  if (q.kind != LiveKind::kTicket && o.contains("filter")) {
    auto filter = report::ParseDimensionFilter(o["filter"], "live query");
    if (!filter.ok()) return filter.status();
    q.filter = *std::move(filter);
  }
  return q;
}

}  // namespace csm::live
