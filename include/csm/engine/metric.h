// The engine's metrics (docs/metrics.md §3–6): public ids, their kinds, and the slot
// each takes in a view cell. A new metric adds a row here and, for a new
// kind, a slot array in MetricCell.
#ifndef CSM_ENGINE_METRIC_H_
#define CSM_ENGINE_METRIC_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace csm {

enum class MetricKind : uint8_t {
  kCount,     // an integer per bucket
  kBacklog,   // open at the end of each bucket (a running sum of in - out): tickets, SLA instances
  kDuration,  // calendar and business duration statistics
  kDistribution,  // a per-solved-ticket number (replies, stations …): statistics
  kRate,          // numerator / denominator as a percentage
  // Contact-center kinds (docs/metrics.md §6).
  kTimeRate,        // agent time over agent time (ms, reported in seconds) as a percentage
  kStepAbandons,    // abandons per IVR step (composite)
  kCostPerContact,  // sum of costs over contacts handled
  kExperience,      // experience, customer and agent metrics: a composite from the ExperienceCell
  kVolume,          // volume patterns of tickets_created, computed when a report runs
  kStaffing,        // agents required (issue 23): from other metrics' slots, when a report runs
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
  kZeroTouchTickets,
  kFcrRate,
  kBotResolutionRate,
  // Contact center (docs/metrics.md §6; contact_lifecycle.h).
  kContactsQueued,
  kContactsAnswered,
  kContactsAbandoned,
  kCallbacks,
  kTransfers,
  kAbandonmentRate,
  kAbandonmentByStep,
  kServiceLevel,
  kAverageSpeedOfAnswer,
  kQueueAbandonTime,
  kTalkTime,
  kHoldTime,
  kAfterContactWorkTime,
  kHandleTime,
  kOccupancy,
  kUtilization,
  kCostPerContact,
  // Experience, customer and agent metrics (docs/metrics.md §4–5).
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
  kStaffing,
  // SLA outcomes (docs/sla.md; sla_tracker.h).
  kSlaAchieved,
  kSlaBreached,
  kSlaAchievementRate,
  kSlaBreachOverrun,
  kSlaActive,
};

struct MetricInfo {
  Metric id;
  std::string_view name;
  MetricKind kind;
  uint8_t slot;  // index among the metrics of its kind
};

inline constexpr int kMetricCount = 62;
inline constexpr int kCountSlots = 11;
inline constexpr int kBacklogSlots = 2;
inline constexpr int kDurationSlots = 17;
inline constexpr int kDistributionSlots = 5;
inline constexpr int kRateSlots = 6;
inline constexpr int kTimeRateSlots = 2;

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
    {Metric::kZeroTouchTickets, "zero_touch_tickets", MetricKind::kCount, 10},
    {Metric::kFcrRate, "fcr_rate", MetricKind::kRate, 1},
    {Metric::kBotResolutionRate, "bot_resolution_rate", MetricKind::kRate, 2},
    {Metric::kContactsQueued, "contacts_queued", MetricKind::kCount, 3},
    {Metric::kContactsAnswered, "contacts_answered", MetricKind::kCount, 4},
    {Metric::kContactsAbandoned, "contacts_abandoned", MetricKind::kCount, 5},
    {Metric::kCallbacks, "callbacks", MetricKind::kCount, 6},
    {Metric::kTransfers, "transfers", MetricKind::kCount, 7},
    {Metric::kAbandonmentRate, "abandonment_rate", MetricKind::kRate, 3},
    {Metric::kAbandonmentByStep, "abandonment_by_step", MetricKind::kStepAbandons, 0},
    {Metric::kServiceLevel, "service_level", MetricKind::kRate, 4},
    {Metric::kAverageSpeedOfAnswer, "average_speed_of_answer", MetricKind::kDuration, 10},
    {Metric::kQueueAbandonTime, "queue_abandon_time", MetricKind::kDuration, 11},
    {Metric::kTalkTime, "talk_time", MetricKind::kDuration, 12},
    {Metric::kHoldTime, "hold_time", MetricKind::kDuration, 13},
    {Metric::kAfterContactWorkTime, "after_contact_work_time", MetricKind::kDuration, 14},
    {Metric::kHandleTime, "handle_time", MetricKind::kDuration, 15},
    {Metric::kOccupancy, "occupancy", MetricKind::kTimeRate, 0},
    {Metric::kUtilization, "utilization", MetricKind::kTimeRate, 1},
    {Metric::kCostPerContact, "cost_per_contact", MetricKind::kCostPerContact, 0},
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
    {Metric::kStaffing, "staffing", MetricKind::kStaffing, 0},
    {Metric::kSlaAchieved, "sla_achieved", MetricKind::kCount, 8},
    {Metric::kSlaBreached, "sla_breached", MetricKind::kCount, 9},
    {Metric::kSlaAchievementRate, "sla_achievement_rate", MetricKind::kRate, 5},
    {Metric::kSlaBreachOverrun, "sla_breach_overrun", MetricKind::kDuration, 16},
    {Metric::kSlaActive, "sla_active", MetricKind::kBacklog, 1},
}};

constexpr const MetricInfo& Info(Metric m) { return kMetrics[static_cast<int>(m)]; }
constexpr std::string_view MetricName(Metric m) { return Info(m).name; }
constexpr std::optional<Metric> ParseMetric(std::string_view name) {
  for (const MetricInfo& info : kMetrics) {
    if (info.name == name) return info.id;
  }
  return std::nullopt;
}

// Every row sits at its enum value, and the slots of each kind are exactly
// 0 .. n-1 with n the kind's slot count: two families appending rows in
// parallel cannot silently share a slot.
constexpr int SlotCount(MetricKind kind) {
  switch (kind) {
    case MetricKind::kCount:
      return kCountSlots;
    case MetricKind::kBacklog:
      return kBacklogSlots;
    case MetricKind::kStepAbandons:
    case MetricKind::kCostPerContact:
      return 1;
    case MetricKind::kDuration:
      return kDurationSlots;
    case MetricKind::kDistribution:
      return kDistributionSlots;
    case MetricKind::kRate:
      return kRateSlots;
    case MetricKind::kTimeRate:
      return kTimeRateSlots;
    case MetricKind::kExperience:
    case MetricKind::kVolume:
    case MetricKind::kStaffing:
      return 1;
  }
  return 0;
}
// Composite kinds computed from one shared part of the cell (or at report
// time): all their rows use slot 0.
constexpr bool SharesSlot(MetricKind kind) {
  return kind == MetricKind::kExperience || kind == MetricKind::kVolume ||
         kind == MetricKind::kStaffing;
}
constexpr bool SlotsAreDense() {
  for (int i = 0; i < kMetricCount; ++i) {
    if (static_cast<int>(kMetrics[i].id) != i) return false;
    if (kMetrics[i].slot >= SlotCount(kMetrics[i].kind)) return false;
    if (SharesSlot(kMetrics[i].kind)) continue;
    for (int j = 0; j < i; ++j) {
      if (kMetrics[j].kind == kMetrics[i].kind && kMetrics[j].slot == kMetrics[i].slot)
        return false;
    }
  }
  for (int k = 0; k <= static_cast<int>(MetricKind::kStaffing); ++k) {
    if (SharesSlot(static_cast<MetricKind>(k))) continue;
    int n = 0;
    for (const MetricInfo& info : kMetrics) n += static_cast<int>(info.kind) == k ? 1 : 0;
    if (n != SlotCount(static_cast<MetricKind>(k))) return false;
  }
  return true;
}
static_assert(SlotsAreDense(), "kMetrics: rows out of enum order, or slots not 0..n-1 per kind");

}  // namespace csm

#endif  // CSM_ENGINE_METRIC_H_
