// The answer of each live query kind (private to lib/live). Each reads the
// engine only; `now` has been checked against the engine's clock.
#ifndef CSM_LIB_LIVE_ANSWERS_H_
#define CSM_LIB_LIVE_ANSWERS_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "csm/engine/engine.h"
#include "csm/live/live_query.h"
#include "csm/model/time_zone.h"
#include "nlohmann/json.hpp"

namespace csm::live {

using ojson = nlohmann::ordered_json;

absl::StatusOr<ojson> QueueAnswer(const Engine& engine, const LiveQuery& query, Instant now);
absl::StatusOr<ojson> TicketAnswer(const Engine& engine, const LiveQuery& query, Instant now);
absl::StatusOr<ojson> SlaDueAnswer(const Engine& engine, const LiveQuery& query, Instant now);

// Shared by the answers.
// The engine config's zone (answers write instants in it).
const TimeZone* ConfigZone(const Engine& engine);
// A dimension id's name, or null for 0 (absent).
ojson DimName(const Engine& engine, Field field, uint32_t id);
// Seconds, kept to the millisecond.
double Seconds(Millis d);
// The query's filter as sorted interned ids per dimension; false when a
// dimension names no value the engine knows (then nothing can pass).
using FilterIds = std::vector<std::pair<Field, std::vector<uint32_t>>>;
bool ResolveFilter(const Engine& engine, const LiveQuery& query, FilterIds& out);
// Whether `dims` holds one of the filter's values in each filtered dimension.
bool Passes(const FilterIds& filter, const TicketDims& dims);
// A ticket's name as events give it: "T-1", or "42" for ticket 42.
std::string TicketName(const Engine& engine, TicketKey key);
// The key of a ticket named as TicketName writes it, without interning.
std::optional<TicketKey> FindTicketKey(const Engine& engine, std::string_view name);

}  // namespace csm::live

#endif  // CSM_LIB_LIVE_ANSWERS_H_
