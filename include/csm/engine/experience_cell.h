// ExperienceCell: the accumulators of the experience, customer and agent
// metrics (docs/metrics.md §4–5) for one (time bucket, group key) of a view. A
// MetricCell allocates it on the first ExperienceSample it receives.
//
// Retraction (a merged ticket leaves the volume): counts, ratios, the
// per-customer ticket counts and the TopK summaries take samples back; the
// Distinct sketch of customers cannot, so a merged ticket's customer stays
// counted in distinct_customers.
#ifndef CSM_ENGINE_EXPERIENCE_CELL_H_
#define CSM_ENGINE_EXPERIENCE_CELL_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "csm/accum/count.h"
#include "csm/accum/distinct.h"
#include "csm/accum/moments.h"
#include "csm/accum/ratio.h"
#include "csm/accum/top_k.h"
#include "csm/engine/experience_sample.h"
#include "csm/model/huge_page_containers.h"

namespace csm {

// Responses per integer rating value 0..10 (csat 1..scale, ces 1..7, nps 0..10).
struct RatingCounts {
  static constexpr int kValues = 11;
  std::array<uint64_t, kValues> by_value{};

  uint64_t responses() const;
  // Responses with lo <= value <= hi.
  uint64_t Between(int lo, int hi) const;
  double Sum() const;
  void Add(int value, int sign);
  [[nodiscard]] bool Merge(const RatingCounts& other);  // false: a count would overflow
  bool operator==(const RatingCounts&) const = default;
};

class ExperienceCell {
 public:
  // Distinct names tracked exactly by the mix / top-K summaries.
  static constexpr size_t kTopKCapacity = 1024;

  ExperienceCell() = default;

  void Record(const ExperienceSample& s, int sign);
  // False when a count would overflow (only crafted or corrupt states get
  // there); this cell may then be partly merged: merge into a copy.
  [[nodiscard]] bool Merge(const ExperienceCell& other);
  std::string Serialize() const;
  static absl::StatusOr<ExperienceCell> Deserialize(std::string_view bytes);
  size_t MemoryBytes() const;

  // Ratings.
  RatingCounts csat, ces, nps;
  Count surveys_sent;
  // Customers (keys: customer name hashes) of tickets created.
  Distinct customers;
  HugeFlatHashMap<uint64_t, uint32_t> tickets_by_customer;
  Ratio repeat_contacts;  // repeat tickets / tickets with a customer
  // Tickets created by channel and by category (key 0: none), workflows used.
  TopK channels{kTopKCapacity};
  TopK categories{kTopKCapacity};
  TopK workflows{kTopKCapacity};
  // Agents: replies, distinct tickets replied to or handled, first reply and
  // reply durations of the agent's replies (integral milliseconds).
  Count replies;
  Distinct conversations;
  Moments first_reply_calendar, first_reply_business;
  Moments reply_calendar, reply_business;
  Count assigned, solved_assigned;
  Moments assigned_calendar, assigned_business;  // per assignment span, ms
};

}  // namespace csm

#endif  // CSM_ENGINE_EXPERIENCE_CELL_H_
