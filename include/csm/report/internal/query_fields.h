// The parts report queries and live queries (csm/live) read alike: a list of
// group-by dimensions and a filter over dimensions. Errors are
// INVALID_ARGUMENT, "<context>: group_by: …" / "<context>: filter: …".
#ifndef CSM_REPORT_INTERNAL_QUERY_FIELDS_H_
#define CSM_REPORT_INTERNAL_QUERY_FIELDS_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "csm/model/field.h"

namespace csm::report {

// "group_by": ["agent", "channel"]: dimensions, none repeated, in the
// order given (live queries; a report query's group_by also takes the SLA
// keys sla_policy / sla_metric, report_query.cc).
absl::StatusOr<std::vector<Field>> ParseGroupByDimensions(const nlohmann::json& v,
                                                          std::string_view context);

// "filter": {"channel": ["email", "chat"], "group": "tier1"}: per dimension,
// one name or a non-empty list, in the object's order.
using DimensionFilter = std::vector<std::pair<Field, std::vector<std::string>>>;
absl::StatusOr<DimensionFilter> ParseDimensionFilter(const nlohmann::json& v,
                                                     std::string_view context);

}  // namespace csm::report

#endif  // CSM_REPORT_INTERNAL_QUERY_FIELDS_H_
