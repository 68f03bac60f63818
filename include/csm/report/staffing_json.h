// The `staffing` metric (issue 23; docs/staffing.md): a bucket's measured
// offered contacts, handle time and patience turned into agents required
// for the configured target, beside the agents actually staffed.
#ifndef CSM_REPORT_STAFFING_JSON_H_
#define CSM_REPORT_STAFFING_JSON_H_

#include <nlohmann/json.hpp>

#include "csm/engine/engine_config.h"
#include "csm/engine/metric_cell.h"
#include "csm/staffing/agents_required.h"
#include "csm/time.h"

namespace csm::report {

// The target of the config's options.staffing (percentages as shares); the
// queue model and patience are the caller's (they depend on what was
// measured).
staffing::StaffingTarget StaffingTargetOf(const StaffingOptions& options);

// The metric's value for one bucket of `bucket_length` (null for buckets
// longer than an hour, where one Erlang figure would average peaks away,
// and for buckets with neither contacts nor logged-in agents):
//   {"model", "offered", "aht", "erlangs", "patience", "agents",
//    "scheduled", "service_level", "abandon_rate", "staffed", "gap"}
// offered = contacts_queued; aht = mean handle_time (s); patience (Erlang A)
// = (waits of answered + waits of abandoned contacts) ÷ abandoned (s, null
// when none abandoned: then Erlang C); agents / scheduled = agents required
// before / after shrinkage; service_level and abandon_rate the model's
// prediction (%) with `agents`; staffed = logged-in agent time ÷ bucket
// length (the time-weighted average of agents not offline; null without
// agent_state events); gap = staffed − scheduled.
nlohmann::ordered_json StaffingValue(const MetricCell& cell, Millis bucket_length,
                                     const StaffingOptions& options);

}  // namespace csm::report

#endif  // CSM_REPORT_STAFFING_JSON_H_
