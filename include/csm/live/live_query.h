// Live queries: what is true *now* (issue 20, docs/sla.md "Live queries"),
// as opposed to reports, which say how a past period went. Three kinds:
//
//   {"kind": "sla_due", "within": 3600, "limit": 100, "filter": {"group": ["tier1"]}}
//   {"kind": "ticket", "ticket": "T-1"}
//   {"kind": "queue", "group_by": ["group"], "filter": {"channel": ["phone"]}}
//
// A query is answered at an instant `now` that must not be earlier than the
// engine's clock (OutOfRange); answering never changes the engine (the clock
// included: only Engine::AdvanceClock moves it).
#ifndef CSM_LIVE_LIVE_QUERY_H_
#define CSM_LIVE_LIVE_QUERY_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "csm/engine/engine.h"
#include "csm/model/field.h"
#include "csm/time.h"

namespace csm::live {

enum class LiveKind { kSlaDue, kTicket, kQueue };

struct LiveQuery {
  static constexpr size_t kDefaultLimit = 100;
  static constexpr size_t kMaxLimit = 1'000'000;

  LiveKind kind = LiveKind::kQueue;
  // sla_due: instances due within `within` of now (nullopt: any due instant),
  // at most `limit` of them, of tickets whose dimensions pass `filter`.
  std::optional<Millis> within;
  size_t limit = kDefaultLimit;
  // sla_due and queue: dimension -> the names it must be one of.
  std::vector<std::pair<Field, std::vector<std::string>>> filter;
  // ticket: the ticket's name as events give it ("T-1", or "42" for 42).
  std::string ticket;
  // queue: the dimensions the wallboard is split by (none: one row).
  std::vector<Field> group_by;

  // Parses the query JSON (the one JSON policy of json_limits.h). Unknown
  // keys, keys of another kind, an unknown kind, a negative or non-numeric
  // `within`, a `limit` outside 1..kMaxLimit, an unknown dimension: all
  // InvalidArgument naming the key.
  static absl::StatusOr<LiveQuery> FromJson(std::string_view text);
};

// OutOfRange unless `now` is in the supported range and not earlier than
// the engine's clock.
absl::Status CheckNow(const Engine& engine, Instant now);

// Query JSON -> answer JSON at `now` (the C ABI's entry point).
absl::StatusOr<std::string> RunLiveJson(const Engine& engine, std::string_view query_json,
                                        Instant now);

}  // namespace csm::live

#endif  // CSM_LIVE_LIVE_QUERY_H_
