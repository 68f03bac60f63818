// The engine config a command builds from its flags: --config (a JSON object
// file), --tz (the config's "timezone") and --calendar (the default business
// calendar). Shared by csm report and csm staffing, which then add the views
// their queries need when the config has none.
#ifndef CSM_TOOLS_CSM_ENGINE_CONFIG_ARGS_H_
#define CSM_TOOLS_CSM_ENGINE_CONFIG_ARGS_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace csm::cli {

// A file holding one JSON object; `what` names it in errors ("config").
absl::StatusOr<nlohmann::json> ReadJsonObjectFile(const std::string& path, std::string_view what);

// The config file (or {}) with --tz and --calendar merged in. A --tz that
// differs from the file's "timezone", or a --calendar beside the file's
// calendars.default, is an error rather than a silent override.
absl::StatusOr<nlohmann::json> EngineConfigFromFlags(const std::string& config_path,
                                                     const std::string& timezone,
                                                     const std::string& calendar_path);

}  // namespace csm::cli

#endif  // CSM_TOOLS_CSM_ENGINE_CONFIG_ARGS_H_
