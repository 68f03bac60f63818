#include "csm/report/staffing_json.h"

#include <chrono>
#include <cmath>
#include <limits>

#include "csm/engine/metric.h"
#include "csm/staffing/agents_required.h"
#include "csm/staffing/erlang_a.h"

namespace csm::report {
namespace {

using json = nlohmann::ordered_json;

double SumSeconds(const MetricCell& cell, Metric m) {
  const DurationStats* d = cell.duration(Info(m).slot);
  return d == nullptr ? 0 : d->calendar().millis.sum() / 1000;
}

}  // namespace

staffing::StaffingTarget StaffingTargetOf(const StaffingOptions& options) {
  staffing::StaffingTarget target;
  target.service_level = options.service_level / 100;
  target.threshold_s = options.threshold_s;
  if (options.max_occupancy) target.max_occupancy = *options.max_occupancy / 100;
  target.shrinkage = options.shrinkage / 100;
  return target;
}

json StaffingValue(const MetricCell& cell, Millis bucket_length, const StaffingOptions& options) {
  if (bucket_length <= Millis{0} || bucket_length > std::chrono::hours{1}) return nullptr;
  const uint64_t offered = cell.count(Info(Metric::kContactsQueued).slot).value();
  const uint64_t abandoned = cell.count(Info(Metric::kContactsAbandoned).slot).value();
  const double logged_in_ms = cell.time_rate(Info(Metric::kUtilization).slot).denominator();
  if (offered == 0 && logged_in_ms == 0) return nullptr;

  const double interval_s = static_cast<double>(bucket_length.count()) / 1000;
  const DurationStats* handle = cell.duration(Info(Metric::kHandleTime).slot);
  const uint64_t handled = handle == nullptr ? 0 : handle->calendar().millis.count();
  const bool erlang_a = options.model == StaffingOptions::Model::kErlangA;
  std::optional<double> patience;
  if (erlang_a) {
    patience = staffing::EstimatePatience(SumSeconds(cell, Metric::kAverageSpeedOfAnswer) +
                                              SumSeconds(cell, Metric::kQueueAbandonTime),
                                          static_cast<double>(abandoned));
  }
  json out;
  out["model"] = erlang_a ? "erlang_a" : "erlang_c";
  out["offered"] = offered;
  // Without a measured handle time no load can be computed (a bucket whose
  // contacts are all still in progress or abandoned): the model's fields
  // are null, not 0.
  const std::optional<double> aht =
      handled > 0 ? std::optional<double>(SumSeconds(cell, Metric::kHandleTime) / handled)
                  : std::nullopt;
  out["aht"] = aht ? json(*aht) : json(nullptr);
  out["patience"] = patience ? json(*patience) : json(nullptr);
  json agents = nullptr, scheduled = nullptr, erlangs = nullptr, service_level = nullptr,
       abandon_rate = nullptr;
  if (offered == 0 || aht) {
    const staffing::IntervalLoad load{static_cast<double>(offered), interval_s, aht.value_or(0)};
    staffing::StaffingTarget target = StaffingTargetOf(options);
    target.model = erlang_a ? staffing::QueueModel::kErlangA : staffing::QueueModel::kErlangC;
    target.patience_s = patience.value_or(std::numeric_limits<double>::infinity());
    absl::StatusOr<staffing::StaffingRequirement> r = staffing::AgentsRequired(load, target);
    if (r.ok()) {
      erlangs = load.Erlangs();
      agents = r->agents;
      scheduled = r->scheduled;
      service_level = r->result.service_level * 100;
      abandon_rate = r->result.abandon_probability * 100;
    }
  }
  out["erlangs"] = erlangs;
  out["agents"] = agents;
  out["scheduled"] = scheduled;
  out["service_level"] = service_level;
  out["abandon_rate"] = abandon_rate;
  const json staffed = logged_in_ms > 0
                           ? json(logged_in_ms / static_cast<double>(bucket_length.count()))
                           : json(nullptr);
  out["staffed"] = staffed;
  out["gap"] = staffed.is_null() || scheduled.is_null()
                   ? json(nullptr)
                   : json(staffed.get<double>() - scheduled.get<double>());
  return out;
}

}  // namespace csm::report
