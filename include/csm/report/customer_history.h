// customer_history (docs/metrics.md §5): one customer's tickets and the agents
// who spend the most time on them, through the report call:
//
//   {"customer_history": "c42", "from": ..., "to": ..., "compare": "previous"}
//
// answers with
//
//   {"from", "to", "timezone", "customer": "c42",
//    "tickets": {tickets_created, tickets_solved, tickets_reopened,
//                first_reply_time, first_resolution_time, full_resolution_time,
//                reply_time, repeat_contact_rate, csat, ces, nps, channel_mix,
//                contact_type_mix [, previous, change]},
//    "agents": [{"agent", "time": {"calendar", "business"}, assigned_time,
//                agent_replies, conversations_per_agent, handle_time …}, …],
//    "rejected": {…}}
//
// Agents come most time first: time = time the customer's tickets were
// assigned to the agent plus, when the engine has the contact-center metric
// handle_time, the agent's handle time of their calls (seconds, calendar and
// business). The customer's data come from views grouped by customer (and
// agent); without one the error names the view to add. Only "from", "to",
// "timezone" and "compare" may accompany "customer_history".
#ifndef CSM_REPORT_CUSTOMER_HISTORY_H_
#define CSM_REPORT_CUSTOMER_HISTORY_H_

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "csm/engine/engine.h"

namespace csm::report {

absl::StatusOr<nlohmann::ordered_json> CustomerHistory(const Engine& engine,
                                                       const nlohmann::json& query);

}  // namespace csm::report

#endif  // CSM_REPORT_CUSTOMER_HISTORY_H_
