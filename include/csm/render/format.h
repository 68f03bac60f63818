// How numbers read in a report: durations "1h 23m", rates "87.5 %", changes
// "▲ 12 %", counts "33,066", missing data "–". Magnitudes of 10^15 and more
// are written in scientific notation ("1e+308", durations in days).
#ifndef CSM_RENDER_FORMAT_H_
#define CSM_RENDER_FORMAT_H_

#include <optional>
#include <string>

namespace csm::render {

inline constexpr const char* kMissing = "\u2013";  // "–"
// The null group (a ticket without that dimension) in every format.
inline constexpr const char* kNone = "(none)";

// Seconds as the two largest units: "45s", "12m 5s", "1h 23m", "2d 3h".
std::string FormatDuration(std::optional<double> seconds);
// A percentage (0–100) with one decimal: "87.5 %".
std::string FormatRate(std::optional<double> percent);
// A change in percent: "▲ 12 %", "▼ 3.5 %" (one decimal under 10), "= 0 %".
std::string FormatChange(std::optional<double> percent);
// An integer with thousands separators: "33,066".
std::string FormatCount(std::optional<double> count);
// A plain number, up to two decimals without trailing zeros: "4.25", "7".
std::string FormatNumber(std::optional<double> value);

}  // namespace csm::render

#endif  // CSM_RENDER_FORMAT_H_
