// The C ABI of the staffing models (csmetrics.h, section "staffing"): plain
// structs in and out, checked, converted to the core's types, and written
// only on success.
#include <cmath>
#include <cstring>
#include <limits>

#include "absl/strings/str_cat.h"
#include "capi/internal/guard.h"
#include "capi/internal/versioned_struct.h"
#include "csm/staffing/agents_required.h"
#include "csm/staffing/erlang_a.h"
#include "csm/staffing/erlang_c.h"
#include "csmetrics.h"

namespace {

using csm::capi::CheckStruct;
using csm::capi::Guard;
using csm::capi::InitStruct;
using csm::capi::InvalidArgument;
using csm::capi::NullArgument;
namespace staffing = csm::staffing;

absl::Status WithFunction(const char* function, const absl::Status& status) {
  return absl::Status(status.code(), absl::StrCat(function, ": ", status.message()));
}

// Writes the V1 fields only: a caller's larger struct keeps its later bytes.
void Write(const staffing::QueueResult& r, csm_queue_result* out) {
  out->stable = r.stable ? 1 : 0;
  out->wait_probability = r.wait_probability;
  out->service_level = r.service_level;
  out->asa_s = r.asa_s;
  out->occupancy = r.occupancy;
  out->abandon_probability = r.abandon_probability;
}

template <typename Model>
csm_status RunModel(const char* function, const csm_queue_input* in, csm_queue_result* out,
                    Model model) {
  return Guard([&]() -> absl::Status {
    if (absl::Status s = CheckStruct(function, "in", in, CSM_QUEUE_INPUT_SIZE_V1); !s.ok()) {
      return s;
    }
    if (absl::Status s = CheckStruct(function, "out", out, CSM_QUEUE_RESULT_SIZE_V1); !s.ok()) {
      return s;
    }
    const staffing::IntervalLoad load{in->arrivals, in->interval_s, in->aht_s};
    absl::StatusOr<staffing::QueueResult> r = model(load, *in);
    if (!r.ok()) return WithFunction(function, r.status());
    Write(*r, out);
    return absl::OkStatus();
  });
}

}  // namespace

extern "C" {

csm_status csm_queue_input_init(csm_queue_input* input, size_t size) {
  return Guard([&]() -> absl::Status {
    return InitStruct("csm_queue_input_init", input, size, CSM_QUEUE_INPUT_SIZE_V1,
                      csm_queue_input CSM_QUEUE_INPUT_INIT);
  });
}

csm_status csm_queue_result_init(csm_queue_result* result, size_t size) {
  return Guard([&]() -> absl::Status {
    return InitStruct("csm_queue_result_init", result, size, CSM_QUEUE_RESULT_SIZE_V1,
                      csm_queue_result CSM_QUEUE_RESULT_INIT);
  });
}

csm_status csm_staffing_input_init(csm_staffing_input* input, size_t size) {
  return Guard([&]() -> absl::Status {
    return InitStruct("csm_staffing_input_init", input, size, CSM_STAFFING_INPUT_SIZE_V1,
                      csm_staffing_input CSM_STAFFING_INPUT_INIT);
  });
}

csm_status csm_staffing_result_init(csm_staffing_result* result, size_t size) {
  return Guard([&]() -> absl::Status {
    return InitStruct("csm_staffing_result_init", result, size, CSM_STAFFING_RESULT_SIZE_V1,
                      csm_staffing_result CSM_STAFFING_RESULT_INIT);
  });
}

csm_status csm_erlang_c(const csm_queue_input* in, csm_queue_result* out) {
  return RunModel("csm_erlang_c", in, out,
                  [](const staffing::IntervalLoad& load, const csm_queue_input& q) {
                    return staffing::ErlangC(load, q.agents, q.threshold_s);
                  });
}

csm_status csm_erlang_a(const csm_queue_input* in, csm_queue_result* out) {
  return RunModel("csm_erlang_a", in, out,
                  [](const staffing::IntervalLoad& load, const csm_queue_input& q) {
                    return staffing::ErlangA(load, q.agents, q.threshold_s, q.patience_s);
                  });
}

csm_status csm_agents_required(const csm_staffing_input* in, csm_staffing_result* out) {
  return Guard([&]() -> absl::Status {
    constexpr const char* kFunction = "csm_agents_required";
    if (absl::Status s = CheckStruct(kFunction, "in", in, CSM_STAFFING_INPUT_SIZE_V1); !s.ok()) {
      return s;
    }
    if (absl::Status s = CheckStruct(kFunction, "out", out, CSM_STAFFING_RESULT_SIZE_V1); !s.ok()) {
      return s;
    }
    if (in->model != CSM_MODEL_ERLANG_C && in->model != CSM_MODEL_ERLANG_A) {
      return InvalidArgument(
          absl::StrCat(kFunction, ": model ", in->model, " is not a csm_queue_model"));
    }
    // 0 means "no cap" for the optional targets; a negative or NaN cap is misuse.
    auto cap = [&](const char* name, double v) -> absl::StatusOr<std::optional<double>> {
      if (v == 0) return std::nullopt;
      if (!(v > 0)) {
        return InvalidArgument(absl::StrCat(kFunction, ": ", name, " must be >= 0, got ", v));
      }
      return v;
    };
    absl::StatusOr<std::optional<double>> max_asa = cap("max_asa_s", in->max_asa_s);
    if (!max_asa.ok()) return max_asa.status();
    absl::StatusOr<std::optional<double>> max_occupancy = cap("max_occupancy", in->max_occupancy);
    if (!max_occupancy.ok()) return max_occupancy.status();

    staffing::StaffingTarget target;
    target.service_level = in->service_level;
    target.threshold_s = in->threshold_s;
    target.max_asa_s = *max_asa;
    target.max_occupancy = *max_occupancy;
    target.shrinkage = in->shrinkage;
    target.model = in->model == CSM_MODEL_ERLANG_A ? staffing::QueueModel::kErlangA
                                                   : staffing::QueueModel::kErlangC;
    target.patience_s = in->patience_s;
    absl::StatusOr<staffing::StaffingRequirement> r =
        staffing::AgentsRequired({in->arrivals, in->interval_s, in->aht_s}, target);
    if (!r.ok()) return WithFunction(kFunction, r.status());
    out->agents = r->agents;
    out->scheduled = r->scheduled;
    out->wait_probability = r->result.wait_probability;
    out->service_level = r->result.service_level;
    out->asa_s = r->result.asa_s;
    out->occupancy = r->result.occupancy;
    out->abandon_probability = r->result.abandon_probability;
    return absl::OkStatus();
  });
}

}  // extern "C"
