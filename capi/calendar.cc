// The C ABI of BusinessCalendar (csmetrics.h, section "calendar"). A handle
// owns one immutable calendar; every function checks its arguments, runs
// inside Guard and writes its outputs only on success.
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "capi/internal/guard.h"
#include "capi/internal/handles.h"
#include "capi/internal/versioned_struct.h"
#include "csm/calendar/business_calendar.h"
#include "csmetrics.h"

struct csm_calendar {
  csm::BusinessCalendar calendar;
};

namespace {

using csm::capi::CheckHandle;
using csm::capi::Guard;
using csm::capi::HandleKind;
using csm::capi::InvalidArgument;
using csm::capi::NullArgument;

}  // namespace

extern "C" {

csm_status csm_calendar_create(const char* spec_json, size_t len, csm_calendar** out) {
  return Guard([&]() -> absl::Status {
    if (spec_json == nullptr) return NullArgument("csm_calendar_create", "spec_json");
    if (out == nullptr) return NullArgument("csm_calendar_create", "out");
    if (const void* nul = std::memchr(spec_json, '\0', len); nul != nullptr) {
      return InvalidArgument(
          absl::StrCat("csm_calendar_create: spec_json has a NUL byte at offset ",
                       static_cast<const char*>(nul) - spec_json, " of len ", len,
                       " (len must count the JSON text's bytes only)"));
    }
    auto calendar = csm::BusinessCalendar::FromJson(std::string_view(spec_json, len));
    if (!calendar.ok()) return calendar.status();
    auto handle = std::make_unique<csm_calendar>(csm_calendar{*std::move(calendar)});
    csm::capi::RegisterHandle(handle.get(), HandleKind::kCalendar);
    *out = handle.release();
    return absl::OkStatus();
  });
}

void csm_calendar_free(csm_calendar* cal) {
  if (cal == nullptr) return;
  // A freed or foreign pointer is left alone: deleting it again would
  // corrupt the heap.
  if (!csm::capi::UnregisterHandle(cal, HandleKind::kCalendar)) {
    csm::capi::SetLastError("csm_calendar_free: cal is not a live csm_calendar (already freed?)");
    return;
  }
  delete cal;
}

csm_status csm_calendar_elapsed(const csm_calendar* cal, int64_t start_ms, int64_t end_ms,
                                int64_t* out_ms) {
  return Guard([&]() -> absl::Status {
    if (absl::Status s = CheckHandle(cal, HandleKind::kCalendar, "csm_calendar_elapsed", "cal");
        !s.ok())
      return s;
    if (out_ms == nullptr) return NullArgument("csm_calendar_elapsed", "out_ms");
    auto elapsed = cal->calendar.Elapsed(csm::FromEpochMs(start_ms), csm::FromEpochMs(end_ms));
    if (!elapsed.ok()) return elapsed.status();
    *out_ms = elapsed->count();
    return absl::OkStatus();
  });
}

csm_status csm_calendar_add(const csm_calendar* cal, int64_t start_ms, int64_t business_ms,
                            int64_t* out_ms) {
  return Guard([&]() -> absl::Status {
    if (absl::Status s = CheckHandle(cal, HandleKind::kCalendar, "csm_calendar_add", "cal");
        !s.ok())
      return s;
    if (out_ms == nullptr) return NullArgument("csm_calendar_add", "out_ms");
    auto due = cal->calendar.Add(csm::FromEpochMs(start_ms), csm::Millis{business_ms});
    if (!due.ok()) return due.status();
    *out_ms = csm::ToEpochMs(*due);
    return absl::OkStatus();
  });
}

csm_status csm_calendar_is_open(const csm_calendar* cal, int64_t t_ms, int* out_open) {
  return Guard([&]() -> absl::Status {
    if (absl::Status s = CheckHandle(cal, HandleKind::kCalendar, "csm_calendar_is_open", "cal");
        !s.ok())
      return s;
    if (out_open == nullptr) return NullArgument("csm_calendar_is_open", "out_open");
    auto open = cal->calendar.IsOpen(csm::FromEpochMs(t_ms));
    if (!open.ok()) return open.status();
    *out_open = *open ? 1 : 0;
    return absl::OkStatus();
  });
}

csm_status csm_calendar_next_open(const csm_calendar* cal, int64_t t_ms, int64_t* out_ms) {
  return Guard([&]() -> absl::Status {
    if (absl::Status s = CheckHandle(cal, HandleKind::kCalendar, "csm_calendar_next_open", "cal");
        !s.ok())
      return s;
    if (out_ms == nullptr) return NullArgument("csm_calendar_next_open", "out_ms");
    auto next = cal->calendar.NextOpen(csm::FromEpochMs(t_ms));
    if (!next.ok()) return next.status();
    *out_ms = csm::ToEpochMs(*next);
    return absl::OkStatus();
  });
}

csm_status csm_calendar_next_close(const csm_calendar* cal, int64_t t_ms, int64_t* out_ms) {
  return Guard([&]() -> absl::Status {
    if (absl::Status s = CheckHandle(cal, HandleKind::kCalendar, "csm_calendar_next_close", "cal");
        !s.ok())
      return s;
    if (out_ms == nullptr) return NullArgument("csm_calendar_next_close", "out_ms");
    auto next = cal->calendar.NextClose(csm::FromEpochMs(t_ms));
    if (!next.ok()) return next.status();
    *out_ms = csm::ToEpochMs(*next);
    return absl::OkStatus();
  });
}

csm_status csm_calendar_elapsed_many(const csm_calendar* cal, const int64_t* start_ms,
                                     const int64_t* end_ms, size_t n, int64_t* out_ms) {
  return Guard([&]() -> absl::Status {
    constexpr const char* kName = "csm_calendar_elapsed_many";
    if (absl::Status s = CheckHandle(cal, HandleKind::kCalendar, kName, "cal"); !s.ok()) return s;
    if (n == 0) return absl::OkStatus();
    if (start_ms == nullptr) return NullArgument(kName, "start_ms");
    if (end_ms == nullptr) return NullArgument(kName, "end_ms");
    if (out_ms == nullptr) return NullArgument(kName, "out_ms");
    return cal->calendar.ElapsedMany(std::span(start_ms, n), std::span(end_ms, n),
                                     std::span(out_ms, n));
  });
}

csm_status csm_calendar_add_many(const csm_calendar* cal, const int64_t* start_ms,
                                 const int64_t* business_ms, size_t n, int64_t* out_ms) {
  return Guard([&]() -> absl::Status {
    constexpr const char* kName = "csm_calendar_add_many";
    if (absl::Status s = CheckHandle(cal, HandleKind::kCalendar, kName, "cal"); !s.ok()) return s;
    if (n == 0) return absl::OkStatus();
    if (start_ms == nullptr) return NullArgument(kName, "start_ms");
    if (business_ms == nullptr) return NullArgument(kName, "business_ms");
    if (out_ms == nullptr) return NullArgument(kName, "out_ms");
    return cal->calendar.AddMany(std::span(start_ms, n), std::span(business_ms, n),
                                 std::span(out_ms, n));
  });
}

}  // extern "C"
