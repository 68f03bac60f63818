// Fuzzes the calendar spec parser and, for every spec it accepts, the
// calendar's queries: they must answer (value or status), never crash, and
// keep their own laws (elapsed(t, add(t, d)) == d).
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "csm/calendar/business_calendar.h"

namespace {

std::int64_t TakeInt(const std::uint8_t*& data, std::size_t& size) {
  std::int64_t v = 0;
  const std::size_t n = size < sizeof v ? size : sizeof v;
  std::memcpy(&v, data, n);
  data += n;
  size -= n;
  return v;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The last 24 bytes (when present) choose the instants to query.
  const std::size_t tail = size >= 24 ? 24 : 0;
  const std::string_view spec(reinterpret_cast<const char*>(data), size - tail);
  auto calendar = csm::BusinessCalendar::FromJson(spec);
  if (!calendar.ok()) return 0;

  const std::uint8_t* p = data + size - tail;
  std::size_t left = tail;
  // Instants across (and a little beyond) the supported range.
  const std::int64_t span = csm::ToEpochMs(csm::kMaxInstant) + 86'400'000;
  const auto a = csm::FromEpochMs(TakeInt(p, left) % span);
  const auto b = csm::FromEpochMs(TakeInt(p, left) % span);
  const auto d = csm::Millis{TakeInt(p, left) % (400LL * 86'400'000)};

  (void)calendar->IsOpen(a);
  (void)calendar->NextOpen(a);
  (void)calendar->NextClose(a);
  (void)calendar->Elapsed(a, b);
  auto due = calendar->Add(a, d);
  if (due.ok()) {
    auto back = calendar->Elapsed(a, *due);
    if (back.ok() && *back != d) std::abort();  // A broken law is a finding.
  }
  return 0;
}
