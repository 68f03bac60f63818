// The library's time vocabulary. An instant is UTC milliseconds since the Unix
// epoch (the C ABI's int64_t); wall-clock times are date::local_time and are
// never stored in the same type as an instant.
#ifndef CSM_TIME_H_
#define CSM_TIME_H_

#include <chrono>
#include <cstdint>

namespace csm {

using Millis = std::chrono::milliseconds;
using Instant = std::chrono::sys_time<Millis>;

// The range every component supports: 1970-01-01T00:00Z to 2200-01-01T00:00Z.
inline constexpr Instant kMinInstant{Millis{0}};
inline constexpr Instant kMaxInstant{Millis{7258118400000}};

constexpr Instant FromEpochMs(std::int64_t ms) { return Instant{Millis{ms}}; }
constexpr std::int64_t ToEpochMs(Instant t) { return t.time_since_epoch().count(); }
constexpr bool InSupportedRange(Instant t) { return t >= kMinInstant && t <= kMaxInstant; }

}  // namespace csm

#endif  // CSM_TIME_H_
