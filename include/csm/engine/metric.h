// The engine's metrics (METRICS.md §3–5): public ids, their kinds, and the slot
// each takes in a view cell. Metric families of later issues (§4–§6) add
// rows here and, for a new kind, a slot array in MetricCell.
#ifndef CSM_ENGINE_METRIC_H_
#define CSM_ENGINE_METRIC_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace csm {

enum class MetricKind : uint8_t {
  kCount,         // an integer per bucket
  kBacklog,       // open tickets at the end of each bucket (a running sum of in - out)
  kDuration,      // calendar and business duration statistics
  kDistribution,  // a per-solved-ticket number (replies, stations …): statistics
  kRate,          // numerator / denominator as a percentage
  kExperience,    // experience, customer and agent metrics: a composite from the ExperienceCell
  kVolume,        // volume patterns of tickets_created, computed when a report runs
};

enum class Metric : uint8_t {
  kTicketsCreated,
  kTicketsSolved,
  kTicketsReopened,
  kBacklog,
  kFirstReplyTime,
  kReplyTime,
  kLongestReplyTime,
  kRequesterWaitTime,
  kAgentWaitTime,
  kOnHoldTime,
  kAgentWorkTime,
  kFirstResolutionTime,
  kFullResolutionTime,
  kTimeToFirstAssignment,
  kRepliesPerTicket,
  kInteractionsPerTicket,
  kAssigneeStations,
  kGroupStations,
  kReopens,
  kOneTouchRate,
  kFcrRate,
  kBotResolutionRate,
  // Experience, customer and agent metrics (METRICS.md §4–5).
  kCsat,
  kCes,
  kNps,
  kDistinctCustomers,
  kTicketsPerCustomer,
  kRepeatContactRate,
  kConversationsPerAgent,
  kAgentReplies,
  kAssignedVsSolved,
  kAssignedTime,
  kWorkflowUsage,
  kTopDrivers,
  kChannelMix,
  kContactTypeMix,
  kVolumeHeatmap,
  kBusinessDayVolume,
};

struct MetricInfo {
  Metric id;
  std::string_view name;
  MetricKind kind;
  uint8_t slot;  // index among the metrics of its kind
};

inline constexpr int kMetricCount = 38;
inline constexpr int kCountSlots = 3;
inline constexpr int kDurationSlots = 10;
inline constexpr int kDistributionSlots = 5;
inline constexpr int kRateSlots = 3;

// In report order.
inline constexpr std::array<MetricInfo, kMetricCount> kMetrics = {{
    {Metric::kTicketsCreated, "tickets_created", MetricKind::kCount, 0},
    {Metric::kTicketsSolved, "tickets_solved", MetricKind::kCount, 1},
    {Metric::kTicketsReopened, "tickets_reopened", MetricKind::kCount, 2},
    {Metric::kBacklog, "backlog", MetricKind::kBacklog, 0},
    {Metric::kFirstReplyTime, "first_reply_time", MetricKind::kDuration, 0},
    {Metric::kReplyTime, "reply_time", MetricKind::kDuration, 1},
    {Metric::kLongestReplyTime, "longest_reply_time", MetricKind::kDuration, 2},
    {Metric::kRequesterWaitTime, "requester_wait_time", MetricKind::kDuration, 3},
    {Metric::kAgentWaitTime, "agent_wait_time", MetricKind::kDuration, 4},
    {Metric::kOnHoldTime, "on_hold_time", MetricKind::kDuration, 5},
    {Metric::kAgentWorkTime, "agent_work_time", MetricKind::kDuration, 6},
    {Metric::kFirstResolutionTime, "first_resolution_time", MetricKind::kDuration, 7},
    {Metric::kFullResolutionTime, "full_resolution_time", MetricKind::kDuration, 8},
    {Metric::kTimeToFirstAssignment, "time_to_first_assignment", MetricKind::kDuration, 9},
    {Metric::kRepliesPerTicket, "replies_per_ticket", MetricKind::kDistribution, 0},
    {Metric::kInteractionsPerTicket, "interactions_per_ticket", MetricKind::kDistribution, 1},
    {Metric::kAssigneeStations, "assignee_stations", MetricKind::kDistribution, 2},
    {Metric::kGroupStations, "group_stations", MetricKind::kDistribution, 3},
    {Metric::kReopens, "reopens", MetricKind::kDistribution, 4},
    {Metric::kOneTouchRate, "one_touch_rate", MetricKind::kRate, 0},
    {Metric::kFcrRate, "fcr_rate", MetricKind::kRate, 1},
    {Metric::kBotResolutionRate, "bot_resolution_rate", MetricKind::kRate, 2},
    {Metric::kCsat, "csat", MetricKind::kExperience, 0},
    {Metric::kCes, "ces", MetricKind::kExperience, 0},
    {Metric::kNps, "nps", MetricKind::kExperience, 0},
    {Metric::kDistinctCustomers, "distinct_customers", MetricKind::kExperience, 0},
    {Metric::kTicketsPerCustomer, "tickets_per_customer", MetricKind::kExperience, 0},
    {Metric::kRepeatContactRate, "repeat_contact_rate", MetricKind::kExperience, 0},
    {Metric::kConversationsPerAgent, "conversations_per_agent", MetricKind::kExperience, 0},
    {Metric::kAgentReplies, "agent_replies", MetricKind::kExperience, 0},
    {Metric::kAssignedVsSolved, "assigned_vs_solved", MetricKind::kExperience, 0},
    {Metric::kAssignedTime, "assigned_time", MetricKind::kExperience, 0},
    {Metric::kWorkflowUsage, "workflow_usage", MetricKind::kExperience, 0},
    {Metric::kTopDrivers, "top_drivers", MetricKind::kExperience, 0},
    {Metric::kChannelMix, "channel_mix", MetricKind::kExperience, 0},
    {Metric::kContactTypeMix, "contact_type_mix", MetricKind::kExperience, 0},
    {Metric::kVolumeHeatmap, "volume_heatmap", MetricKind::kVolume, 0},
    {Metric::kBusinessDayVolume, "business_day_volume", MetricKind::kVolume, 0},
}};

constexpr const MetricInfo& Info(Metric m) { return kMetrics[static_cast<int>(m)]; }
constexpr std::string_view MetricName(Metric m) { return Info(m).name; }
constexpr std::optional<Metric> ParseMetric(std::string_view name) {
  for (const MetricInfo& info : kMetrics) {
    if (info.name == name) return info.id;
  }
  return std::nullopt;
}

}  // namespace csm

#endif  // CSM_ENGINE_METRIC_H_
