#include "csm/engine/internal/calendar_set.h"

#include <map>
#include <string>

#include "absl/strings/str_cat.h"

namespace csm {

absl::StatusOr<CalendarSet> CalendarSet::Create(const EngineConfig& config, InternTable& interned) {
  CalendarSet set;
  std::map<std::string, int> index_of;
  for (const auto& [name, spec] : config.calendars.items()) {
    absl::StatusOr<BusinessCalendar> cal = BusinessCalendar::FromJson(spec);
    if (!cal.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("engine config: calendars.", name, ": ", cal.status().message()));
    }
    index_of[name] = static_cast<int>(set.calendars_.size());
    set.calendars_.push_back(*std::move(cal));
    set.names_.push_back(name);
  }
  if (auto it = index_of.find("default"); it != index_of.end()) set.default_index_ = it->second;
  for (const auto& [group, calendar] : config.group_calendars) {
    absl::StatusOr<uint32_t> id = interned.Intern(Field::kGroup, group);
    if (!id.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("engine config: group_calendars: ", id.status().message()));
    }
    if (set.by_group_.size() <= *id) set.by_group_.resize(*id + 1, set.default_index_);
    set.by_group_[*id] = index_of.at(calendar);  // EngineConfig checked the name
  }
  return set;
}

const BusinessCalendar* CalendarSet::Find(std::string_view name) const {
  for (size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) return &calendars_[i];
  }
  return nullptr;
}

}  // namespace csm
