#include "csm/report/internal/query_fields.h"

#include <algorithm>
#include <optional>

#include "absl/strings/str_cat.h"
#include "csm/model/internal/absl_compat.h"
#include "csm/model/internal/json_limits.h"

namespace csm::report {
namespace {

absl::Status Invalid(std::string_view context, std::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(AsAbsl(context), ": ", AsAbsl(what)));
}

}  // namespace

absl::StatusOr<std::vector<Field>> ParseGroupByDimensions(const nlohmann::json& v,
                                                          std::string_view context) {
  if (!v.is_array()) return Invalid(context, "group_by must be an array of dimension names");
  std::vector<Field> dims;
  for (const nlohmann::json& name : v) {
    std::optional<Field> f;
    if (name.is_string()) f = ParseField(name.get<std::string>());
    if (!f || !IsDimension(*f)) {
      return Invalid(context,
                     absl::StrCat("group_by: ", QuoteJsonForError(name),
                                  " is not a dimension (agent, customer, group, channel, category, "
                                  "priority, segment)"));
    }
    if (std::find(dims.begin(), dims.end(), *f) != dims.end()) {
      return Invalid(context, absl::StrCat("group_by: \"", AsAbsl(FieldName(*f)), "\" repeated"));
    }
    dims.push_back(*f);
  }
  return dims;
}

absl::StatusOr<DimensionFilter> ParseDimensionFilter(const nlohmann::json& v,
                                                     std::string_view context) {
  if (!v.is_object()) return Invalid(context, "filter must map dimensions to lists of values");
  DimensionFilter filter;
  for (const auto& [key, values] : v.items()) {
    const std::optional<Field> field = ParseField(key);
    if (!field || !IsDimension(*field)) {
      return Invalid(context,
                     absl::StrCat("filter: \"", QuoteForError(key), "\" is not a dimension"));
    }
    std::vector<std::string> names;
    if (values.is_string()) {
      names.push_back(values.get<std::string>());
    } else if (values.is_array() && !values.empty()) {
      for (const nlohmann::json& name : values) {
        if (!name.is_string()) {
          return Invalid(context,
                         absl::StrCat("filter.", QuoteForError(key), " must hold strings"));
        }
        names.push_back(name.get<std::string>());
      }
    } else {
      return Invalid(context, absl::StrCat("filter.", QuoteForError(key),
                                           " must be a string or a non-empty array"));
    }
    filter.emplace_back(*field, std::move(names));
  }
  return filter;
}

}  // namespace csm::report
