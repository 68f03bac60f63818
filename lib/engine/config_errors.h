// How the engine config's parsers (engine_config.cc, sla_policy.cc) report
// what is wrong: "engine config: <where>: <what>", INVALID_ARGUMENT.
#ifndef CSM_LIB_ENGINE_CONFIG_ERRORS_H_
#define CSM_LIB_ENGINE_CONFIG_ERRORS_H_

#include <algorithm>
#include <initializer_list>
#include <string_view>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "csm/model/internal/absl_compat.h"
#include "csm/model/internal/json_limits.h"

namespace csm::config {

inline absl::Status Invalid(std::string_view where, std::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat("engine config: ", AsAbsl(where), ": ", AsAbsl(what)));
}

// Checks that `object` is a JSON object whose keys are all in `allowed`.
inline absl::Status CheckKeys(const nlohmann::json& object, std::string_view where,
                              std::initializer_list<std::string_view> allowed) {
  if (!object.is_object()) return Invalid(where, "must be a JSON object");
  for (const auto& [key, value] : object.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      return Invalid(where, absl::StrCat("unknown key \"", QuoteForError(key), "\""));
    }
  }
  return absl::OkStatus();
}

}  // namespace csm::config

#endif  // CSM_LIB_ENGINE_CONFIG_ERRORS_H_
