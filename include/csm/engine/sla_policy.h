// SLA policies (engine config key "sla_policies"; docs/sla.md, issue 20):
// ordered policies, each a `match` over ticket dimensions and targets per
// priority ("*" = any priority no other target of the same metric lists).
//
//   "sla_policies": [
//     {"name": "vip", "match": {"segment": ["vip"]},
//      "targets": [{"priority": "urgent", "metric": "first_reply_time", "seconds": 900,
//                   "business": false}]}]
//
// This header is the parsed, checked config (names as strings). The engine
// compiles it against its interned ids (SlaPolicySet, sla_tracker.h).
#ifndef CSM_ENGINE_SLA_POLICY_H_
#define CSM_ENGINE_SLA_POLICY_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "csm/model/field.h"
#include "csm/time.h"

namespace csm {

// The target metrics of issue 20's table (Zendesk's semantics).
enum class SlaMetric : uint8_t {
  kFirstReplyTime,
  kNextReplyTime,
  kPeriodicUpdateTime,
  kPausableUpdateTime,
  kRequesterWaitTime,
  kAgentWorkTime,
  kTotalResolutionTime,
};
inline constexpr int kSlaMetricCount = 7;
inline constexpr std::array<std::string_view, kSlaMetricCount> kSlaMetricNames = {
    "first_reply_time",    "next_reply_time", "periodic_update_time", "pausable_update_time",
    "requester_wait_time", "agent_work_time", "total_resolution_time"};

constexpr std::string_view SlaMetricName(SlaMetric m) {
  return kSlaMetricNames[static_cast<int>(m)];
}
std::optional<SlaMetric> ParseSlaMetric(std::string_view name);
// Reply-type targets recur per exchange or reply and are closed without an
// outcome by a solve or merge; the others accumulate until solved.
constexpr bool IsReplyType(SlaMetric m) {
  return m == SlaMetric::kFirstReplyTime || m == SlaMetric::kNextReplyTime ||
         m == SlaMetric::kPeriodicUpdateTime || m == SlaMetric::kPausableUpdateTime;
}

// The SLA dimensions: what an SLA outcome is split by besides the ticket's
// dimensions (view and report group_by "sla_policy", "sla_metric"). Only
// the SLA report metrics are defined for them (docs/metrics.md §7).
enum class SlaDim : uint8_t { kPolicy, kMetric };
inline constexpr std::array<std::string_view, 2> kSlaDimNames = {"sla_policy", "sla_metric"};
constexpr std::string_view SlaDimName(SlaDim d) { return kSlaDimNames[static_cast<int>(d)]; }
constexpr std::optional<SlaDim> ParseSlaDim(std::string_view name) {
  if (name == kSlaDimNames[0]) return SlaDim::kPolicy;
  if (name == kSlaDimNames[1]) return SlaDim::kMetric;
  return std::nullopt;
}
// A group key's SLA part (view_set.h GroupKey::sla): policy index + 1 in
// bits 0..15, metric + 1 in bits 16..23; 0 in either: not split by it.
constexpr uint32_t SlaKey(bool by_policy, int policy, bool by_metric, SlaMetric metric) {
  const uint32_t p = by_policy ? static_cast<uint32_t>(policy + 1) & 0xFFFF : 0;
  const uint32_t m = by_metric ? static_cast<uint32_t>(metric) + 1 : 0;
  return p | (m << 16);
}
// The policy index (-1: none) and metric (-1: none) of an SLA key part.
constexpr int SlaKeyPolicy(uint32_t key) { return static_cast<int>(key & 0xFFFF) - 1; }
constexpr int SlaKeyMetric(uint32_t key) { return static_cast<int>(key >> 16) - 1; }
// Keeps only the parts of `key` that `dims` split by.
constexpr uint32_t SlaKeyPart(uint32_t key, bool policy, bool metric) {
  return (policy ? key & 0xFFFF : 0) | (metric ? key & 0xFF0000 : 0);
}

struct SlaTarget {
  std::string priority = "*";  // a priority name, or "*" for any other
  SlaMetric metric = SlaMetric::kFirstReplyTime;
  Millis target{0};       // > 0
  bool business = false;  // business time on the ticket's calendar
  bool operator==(const SlaTarget&) const = default;
};

struct SlaPolicy {
  std::string name;
  // Dimension -> the names it must be one of; in canonical (Field) order.
  // Empty: every ticket.
  std::vector<std::pair<Field, std::vector<std::string>>> match;
  std::vector<SlaTarget> targets;
  bool operator==(const SlaPolicy&) const = default;
};

// Parses the value of "sla_policies". Errors are InvalidArgument naming the
// element ("engine config: sla_policies[1].targets[0].seconds: ...").
absl::StatusOr<std::vector<SlaPolicy>> ParseSlaPolicies(const nlohmann::json& j);
// The canonical JSON form (every key spelled out); ParseSlaPolicies of it
// gives the same policies.
nlohmann::json SlaPoliciesToJson(const std::vector<SlaPolicy>& policies);

}  // namespace csm

#endif  // CSM_ENGINE_SLA_POLICY_H_
