// The JSON values (docs/metrics.md §8: composite metrics, objects with the fields
// their definitions name) of the experience, customer and agent metrics and
// of the volume patterns, and their `change` against the previous period.
// Missing data is null, never 0.
#ifndef CSM_REPORT_EXPERIENCE_JSON_H_
#define CSM_REPORT_EXPERIENCE_JSON_H_

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "absl/container/flat_hash_map.h"
#include "csm/engine/engine_config.h"
#include "csm/engine/experience_cell.h"
#include "csm/engine/metric.h"
#include "csm/model/field.h"
#include "csm/report/volume_patterns.h"

namespace csm {
class InternTable;  // csm/model/internal/intern_table.h
}  // namespace csm

namespace csm::report {

// The names behind the name hashes (StableNameHash) of an ExperienceCell.
class HashedNames {
 public:
  static HashedNames Of(const InternTable& names);
  // nullopt for key 0 (no value) or a name this engine never interned.
  std::optional<std::string> Find(Field f, uint64_t key) const;

 private:
  absl::flat_hash_map<uint64_t, std::string> channel_, category_, workflow_;
};

struct ExperienceContext {
  const EngineOptions* options = nullptr;
  const HashedNames* names = nullptr;
};

nlohmann::ordered_json ExperienceValue(Metric m, const ExperienceCell* cell,
                                       const ExperienceContext& context);
nlohmann::ordered_json VolumeValue(Metric m, const std::optional<VolumePatterns>& volume);
// `now` and `before` are values of the metric (neither null).
nlohmann::ordered_json ExperienceChange(Metric m, const nlohmann::ordered_json& now,
                                        const nlohmann::ordered_json& before);

}  // namespace csm::report

#endif  // CSM_REPORT_EXPERIENCE_JSON_H_
