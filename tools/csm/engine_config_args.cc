#include "tools/csm/engine_config_args.h"

#include "csm/io/cat.h"
#include "csm/io/mapped_file.h"
#include "csm/model/internal/json_limits.h"

namespace csm::cli {

using Json = nlohmann::json;
using io::Cat;

absl::StatusOr<Json> ReadJsonObjectFile(const std::string& path, std::string_view what) {
  absl::StatusOr<io::MappedFile> file = io::MappedFile::Open(path);
  if (!file.ok()) return file.status();
  absl::StatusOr<Json> doc = ParseJsonDocument(file->data(), Cat(what, " '", path, "'"));
  if (!doc.ok()) return doc.status();
  if (!doc->is_object()) {
    return absl::InvalidArgumentError(Cat(what, " '", path, "' is not a JSON object"));
  }
  return doc;
}

absl::StatusOr<Json> EngineConfigFromFlags(const std::string& config_path,
                                           const std::string& timezone,
                                           const std::string& calendar_path) {
  Json config = Json::object();
  if (!config_path.empty()) {
    absl::StatusOr<Json> loaded = ReadJsonObjectFile(config_path, "config");
    if (!loaded.ok()) return loaded.status();
    config = *std::move(loaded);
  }
  if (!timezone.empty()) {
    if (config.contains("timezone") && config["timezone"] != timezone) {
      return absl::InvalidArgumentError(Cat("--tz ", timezone,
                                            " differs from the config's \"timezone\" ",
                                            QuoteJsonForError(config["timezone"])));
    }
    config["timezone"] = timezone;
  }
  if (!calendar_path.empty()) {
    absl::StatusOr<Json> calendar = ReadJsonObjectFile(calendar_path, "calendar");
    if (!calendar.ok()) return calendar.status();
    Json& calendars = config["calendars"];
    if (!calendars.is_object()) calendars = Json::object();
    if (calendars.contains("default")) {
      return absl::InvalidArgumentError(
          "--calendar and the config's calendars.default both give the default calendar");
    }
    calendars["default"] = *std::move(calendar);
  }
  return config;
}

}  // namespace csm::cli
